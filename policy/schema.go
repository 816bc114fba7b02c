package policy

import (
	"errors"
	"slices"
	"time"

	"github.com/vipcare/vipcare/internal/num"
)

// Kind is the type of a field's values.
type Kind uint8

// Field kinds.
const (
	// KindDecimal fields hold exact decimals with a fixed number of decimal
	// places. Thresholds are decimal literals; they are compared exactly.
	KindDecimal Kind = iota + 1
	// KindInt fields hold integers.
	KindInt
	// KindBool fields hold booleans; only == and != apply.
	KindBool
	// KindEnum fields hold one of a declared list of names. The list's
	// order is the order <, <=, > and >= use.
	KindEnum
	// KindDate fields hold calendar dates; thresholds are "YYYY-MM-DD".
	KindDate
)

var kindNames = [...]string{"invalid", "decimal", "int", "bool", "enum", "date"}

// String returns the kind's name, e.g. "decimal".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// FieldSpec defines one field of a [Schema]: its name, its kind and the Go
// function that reads it from a subject. Build one with [Decimal], [Int],
// [Bool], [Enum] or [Date].
type FieldSpec[T any] struct {
	name    string
	doc     string
	kind    Kind
	scale   int
	num     func(*T) int64 // decimal (scaled) and int
	boolean func(*T) bool
	str     func(*T) string
	values  []string
	date    func(*T) time.Time
}

// Decimal defines a field holding an exact decimal with scale decimal places
// (0 to 18). get returns the value as an integer count of 10^-scale units:
// with scale 4, 12.5 is 125000. A threshold with more decimal places than
// scale is rejected at compile time, so comparisons are always exact.
func Decimal[T any](name string, scale int, get func(*T) int64) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: KindDecimal, scale: scale, num: get}
}

// Int defines an integer field.
func Int[T any](name string, get func(*T) int64) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: KindInt, num: get}
}

// Bool defines a boolean field.
func Bool[T any](name string, get func(*T) bool) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: KindBool, boolean: get}
}

// Enum defines a field whose value is one of values, in ascending order. get
// returns the subject's value; a value outside the list never satisfies an
// ordering comparison. values is copied.
func Enum[T any](name string, values []string, get func(*T) string) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: KindEnum, values: slices.Clone(values), str: get}
}

// Date defines a calendar-date field. get returns a time whose date, in its
// own location, is the value; the zero time means unknown, and an unknown
// date satisfies no comparison.
func Date[T any](name string, get func(*T) time.Time) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: KindDate, date: get}
}

// WithDoc returns a copy of f with a one-line description, shown by
// [Schema.Fields] to people writing policies.
func (f FieldSpec[T]) WithDoc(doc string) FieldSpec[T] {
	f.doc = doc
	return f
}

// FieldInfo describes a field of a schema, for people and tools writing
// policies.
type FieldInfo struct {
	Name   string
	Kind   Kind
	Doc    string
	Scale  int      // decimal places, for KindDecimal
	Values []string // allowed values in order, for KindEnum
}

// Schema maps field names to the functions that read them from a subject of
// type T. Conditions refer to fields by name; [Compile] resolves the names
// against a schema once, so evaluation never looks a name up. A Schema is
// immutable and safe for concurrent use.
type Schema[T any] struct {
	fields map[string]*FieldSpec[T]
	order  []string
}

// NewSchema returns a schema of the given fields. It reports every problem at
// once: a malformed or duplicate name, a missing accessor, a decimal scale
// outside 0 to 18, an enum with no values or a repeated value.
//
// A name is lower-case ASCII letters, digits, '_' and '.', starting with a
// letter, such as "aum" or "share.real_estate".
func NewSchema[T any](fields ...FieldSpec[T]) (*Schema[T], error) {
	return (&Schema[T]{}).With(fields...)
}

// MustSchema is like [NewSchema] but panics on error, for schemas written as
// literals.
func MustSchema[T any](fields ...FieldSpec[T]) *Schema[T] {
	s, err := NewSchema(fields...)
	if err != nil {
		panic(err)
	}
	return s
}

// With returns a new schema with s's fields followed by fields, reporting
// problems as [NewSchema] does. s is not changed. It is how a bank adds its
// own fields to a schema a library gives it.
func (s *Schema[T]) With(fields ...FieldSpec[T]) (*Schema[T], error) {
	n := &Schema[T]{
		fields: make(map[string]*FieldSpec[T], len(s.order)+len(fields)),
		order:  slices.Clone(s.order),
	}
	for k, v := range s.fields {
		n.fields[k] = v
	}
	var errs []error
	for i := range fields {
		f := fields[i] // copy: the schema owns its specs
		path := "fields[" + itoa(i) + "]"
		bad := func(err error) { errs = append(errs, &Error{Path: path, Name: f.name, Err: err}) }
		if !validName(f.name) {
			bad(ErrName)
		} else if _, dup := n.fields[f.name]; dup {
			bad(ErrDuplicate)
		}
		switch f.kind {
		case KindDecimal, KindInt:
			if f.num == nil {
				bad(ErrEmpty)
			}
			if f.kind == KindDecimal && (f.scale < 0 || f.scale > num.MaxScale) {
				bad(ErrScale)
			}
		case KindBool:
			if f.boolean == nil {
				bad(ErrEmpty)
			}
		case KindEnum:
			if f.str == nil || len(f.values) == 0 {
				bad(ErrEmpty)
			}
			for j, v := range f.values {
				if v == "" || slices.Contains(f.values[:j], v) {
					bad(ErrDuplicate)
					break
				}
			}
		case KindDate:
			if f.date == nil {
				bad(ErrEmpty)
			}
		default:
			bad(ErrEmpty)
		}
		if _, dup := n.fields[f.name]; !dup && validName(f.name) {
			n.fields[f.name] = &f
			n.order = append(n.order, f.name)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return n, nil
}

// Fields returns a description of every field, in the order they were
// defined. The result is a new slice each call.
func (s *Schema[T]) Fields() []FieldInfo {
	out := make([]FieldInfo, 0, len(s.order))
	for _, name := range s.order {
		out = append(out, s.fields[name].info())
	}
	return out
}

// Field returns the description of the named field and whether it exists.
func (s *Schema[T]) Field(name string) (FieldInfo, bool) {
	f, ok := s.fields[name]
	if !ok {
		return FieldInfo{}, false
	}
	return f.info(), true
}

func (f *FieldSpec[T]) info() FieldInfo {
	return FieldInfo{Name: f.name, Kind: f.kind, Doc: f.doc, Scale: f.scale, Values: slices.Clone(f.values)}
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

// format returns the subject's value of f as text, for explanations.
func (f *FieldSpec[T]) format(s *T) string {
	switch f.kind {
	case KindDecimal:
		return num.Format(f.num(s), f.scale, false)
	case KindInt:
		return itoa64(f.num(s))
	case KindBool:
		if f.boolean(s) {
			return "true"
		}
		return "false"
	case KindEnum:
		return f.str(s)
	case KindDate:
		t := f.date(s)
		if t.IsZero() {
			return "unknown"
		}
		return t.Format(time.DateOnly)
	}
	return ""
}

// Project returns the fields of s as fields of another subject type U, read
// through get: a schema over a larger subject reuses a schema over a part
// of it, with the same names, kinds and docs. Append fields of U's own and
// pass them all to [NewSchema]. get must not return nil.
func Project[U, T any](s *Schema[T], get func(*U) *T) []FieldSpec[U] {
	out := make([]FieldSpec[U], 0, len(s.order))
	for _, name := range s.order {
		f := s.fields[name]
		p := FieldSpec[U]{name: f.name, doc: f.doc, kind: f.kind, scale: f.scale, values: slices.Clone(f.values)}
		switch f.kind {
		case KindDecimal, KindInt:
			num := f.num
			p.num = func(u *U) int64 { return num(get(u)) }
		case KindBool:
			b := f.boolean
			p.boolean = func(u *U) bool { return b(get(u)) }
		case KindEnum:
			str := f.str
			p.str = func(u *U) string { return str(get(u)) }
		case KindDate:
			date := f.date
			p.date = func(u *U) time.Time { return date(get(u)) }
		}
		out = append(out, p)
	}
	return out
}
