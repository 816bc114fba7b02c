package policy

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// MaxDepth is the deepest that conditions may nest: All(Not(All(...))) is
// three levels. Deeper conditions are rejected when compiled, decoded or
// parsed, which bounds the work any policy, however it was written, can
// cause.
const MaxDepth = 32

// The comparison operators. Ordering operators apply to decimal, int, enum
// and date fields; "in" to int and enum fields; "==" and "!=" to all.
const (
	opEQ = "=="
	opNE = "!="
	opLT = "<"
	opLE = "<="
	opGT = ">"
	opGE = ">="
	opIn = "in"
)

// operators lists the operators, for an unknown one's choices.
var operators = []string{opEQ, opNE, opLT, opLE, opGT, opGE, opIn}

// Cond is a condition on a subject, in data form: it names fields, it does not
// read them. Build conditions with [Field], [All], [Any], [Not], [AtLeast] and
// [Custom], parse them from text ([Parse]) or decode them from JSON; then
// [Compile] them against a [Schema].
//
// A Cond is an immutable value, safe to share and to reuse in many policies.
// The zero Cond is "no condition" and holds for every subject: it is what an
// optional condition (a table row's When, a tier's extra condition) means
// when left out; test for it with c == policy.Cond{}. It prints as
// "always" and marshals as JSON null.
type Cond struct{ n *node }

type nodeKind uint8

const (
	kAll nodeKind = iota + 1
	kAny
	kNot
	kAtLeast
	kCmp
	kCustom
)

type node struct {
	kind  nodeKind
	kids  []Cond
	n     int       // AtLeast's count
	field string    // kCmp
	op    string    // kCmp
	vals  []literal // kCmp
	name  string    // kCustom
	pred  any       // kCustom: a func(*T) bool
}

// literal is a threshold as written. Numbers and strings are one kind,
// text: "2000000" and 2000000 are the same threshold, and the kind of the
// field it is compared with decides what it means when the condition is
// compiled. Bools are a kind of their own.
type literal struct {
	kind litKind
	text string
}

type litKind uint8

const (
	litText litKind = iota + 1
	litBool
	litBad // a Go value of an unsupported type; text is its type
)

// All holds when every one of cs holds. All of nothing is an error when
// compiled, since it is almost always a mistake. cs is copied.
func All(cs ...Cond) Cond { return Cond{&node{kind: kAll, kids: slices.Clone(cs)}} }

// Any holds when at least one of cs holds. Any of nothing is an error when
// compiled. cs is copied.
func Any(cs ...Cond) Cond { return Cond{&node{kind: kAny, kids: slices.Clone(cs)}} }

// Not holds when c does not.
func Not(c Cond) Cond { return Cond{&node{kind: kNot, kids: []Cond{c}}} }

// AtLeast holds when at least n of cs hold. n must be between 1 and len(cs).
// cs is copied.
func AtLeast(n int, cs ...Cond) Cond {
	return Cond{&node{kind: kAtLeast, n: n, kids: slices.Clone(cs)}}
}

// Custom returns a condition that holds when test holds, for what fields and
// comparisons cannot say; name names it in explanations. test must be safe
// for concurrent use and must not change the subject. A custom condition
// has no data form: marshalling a condition that contains one fails with
// [ErrNoDataForm] naming it, rather than silently dropping it.
func Custom[T any](name string, test func(s *T) bool) Cond {
	var pred any
	if test != nil {
		pred = test
	}
	return Cond{&node{kind: kCustom, name: name, pred: pred}}
}

// FieldRef names a field of a schema, to compare it with thresholds.
type FieldRef struct{ name string }

// Field returns a reference to the named field. The name is resolved, and
// the thresholds checked against the field's kind, by [Compile].
func Field(name string) FieldRef { return FieldRef{name} }

// compare returns the condition "field op values...".
func compare(field, op string, values ...any) Cond {
	lits := make([]literal, len(values))
	for i, v := range values {
		lits[i] = toLiteral(v)
	}
	return Cond{&node{kind: kCmp, field: field, op: op, vals: lits}}
}

// EQ holds when the field equals v. A threshold is a string or an
// integer, which are one kind of threshold ("18" and 18 are the same, and
// decimals are best written as strings, "0.25", which keep every digit), a
// bool, a decimal.Decimal, a time.Time (its date) or a fmt.Stringer; a float
// is refused when the condition is compiled, because it is not exact.
func (f FieldRef) EQ(v any) Cond { return compare(f.name, opEQ, v) }

// NE holds when the field does not equal v.
func (f FieldRef) NE(v any) Cond { return compare(f.name, opNE, v) }

// LT holds when the field is below v.
func (f FieldRef) LT(v any) Cond { return compare(f.name, opLT, v) }

// LE holds when the field is at or below v.
func (f FieldRef) LE(v any) Cond { return compare(f.name, opLE, v) }

// GT holds when the field is above v.
func (f FieldRef) GT(v any) Cond { return compare(f.name, opGT, v) }

// GE holds when the field is at or above v.
func (f FieldRef) GE(v any) Cond { return compare(f.name, opGE, v) }

// In holds when the field equals one of vs (int and enum fields).
func (f FieldRef) In(vs ...any) Cond { return compare(f.name, opIn, vs...) }

// toLiteral records a Go threshold in data form. Numbers, decimals and dates
// become text, which keeps them exact; floats are refused (reported when the
// condition is compiled) because they are not.
func toLiteral(v any) literal {
	switch x := v.(type) {
	case decimal.Decimal:
		return literal{litText, x.String()}
	case time.Time:
		return literal{litText, x.Format(time.DateOnly)}
	case fmt.Stringer:
		return literal{litText, x.String()}
	case nil:
		return literal{litBad, "nil"}
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return literal{litText, rv.String()}
	case reflect.Bool:
		if rv.Bool() {
			return literal{litBool, "true"}
		}
		return literal{litBool, "false"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return literal{litText, itoa64(rv.Int())}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return literal{litText, fmt.Sprint(rv.Uint())}
	}
	return literal{litBad, fmt.Sprintf("%T", v)}
}

// Fields returns the field each comparison of c reads, in the order
// written, a name as often as it is compared: what c depends on, for a
// part that orders conditions reading one another or bounds their cost.
// The zero Cond reads none.
func (c Cond) Fields() []string {
	var out []string
	// Depth first, by a stack of the conditions still to visit rather than
	// by recursion: a condition built in Go may nest without limit.
	stack := []Cond{c}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.n == nil {
			continue
		}
		if c.n.kind == kCmp {
			out = append(out, c.n.field)
		}
		for i := len(c.n.kids) - 1; i >= 0; i-- {
			stack = append(stack, c.n.kids[i])
		}
	}
	return out
}
