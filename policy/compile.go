package policy

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/num"
)

// Rule is a compiled condition over subjects of type T: every field name
// resolved, every threshold parsed into the field's own representation, the
// whole tree turned into Go closures. Evaluating a rule does not allocate.
//
// A Rule is immutable and safe for concurrent use by any number of
// goroutines. It never changes the subject it is given.
type Rule[T any] struct {
	cond Cond
	root *cnode[T]
}

// cnode is one compiled condition, kept as a tree for explanations.
type cnode[T any] struct {
	eval  func(*T) bool
	kind  nodeKind
	n     int
	kids  []*cnode[T]
	field *FieldSpec[T]
	op    Op
	thr   string // threshold text as written
	name  string // custom predicate name
}

// Compile resolves c against schema s and returns the compiled rule. It
// reports every problem at once, as an errors.Join of [*Error] values: an
// unknown field, an operator or threshold that does not fit the field, an
// empty All or Any, an AtLeast count out of range, nesting deeper than
// [MaxDepth], a custom predicate for another subject type.
//
// The zero Cond compiles to a rule that always holds.
func Compile[T any](s *Schema[T], c Cond) (*Rule[T], error) {
	comp := compiler[T]{s: s}
	root := comp.node(c, "", 1)
	if len(comp.errs) > 0 {
		return nil, errors.Join(comp.errs...)
	}
	return &Rule[T]{cond: c, root: root}, nil
}

// MustCompile is like [Compile] but panics on error, for policies written
// as literals in tests and programs.
func MustCompile[T any](s *Schema[T], c Cond) *Rule[T] {
	r, err := Compile(s, c)
	if err != nil {
		panic(err)
	}
	return r
}

// Eval reports whether the rule holds for s. It does not allocate. Because s
// is passed on to compiled closures, the compiler moves a subject declared
// in the caller's frame to the heap: to evaluate many subjects with no
// allocation at all, reuse one subject variable (for instance one
// vipcare.Figures per goroutine) or evaluate elements of a slice in place.
func (r *Rule[T]) Eval(s *T) bool { return r.root.eval(s) }

// Cond returns the condition the rule was compiled from.
func (r *Rule[T]) Cond() Cond { return r.cond }

// String returns the condition in readable form.
func (r *Rule[T]) String() string { return r.cond.String() }

// MarshalJSON encodes the rule's condition (see [Cond.MarshalJSON]).
func (r *Rule[T]) MarshalJSON() ([]byte, error) { return r.cond.MarshalJSON() }

type compiler[T any] struct {
	s    *Schema[T]
	errs []error
}

func (c *compiler[T]) fail(path, name string, err error) {
	c.errs = append(c.errs, &Error{Path: path, Name: name, Err: err})
}

// orName returns path, or name when path is empty (the root condition).
func orName(path, name string) string {
	if path == "" {
		return name
	}
	return path
}

// always is the compiled zero Cond.
func always[T any](*T) bool { return true }

func (c *compiler[T]) node(cond Cond, path string, depth int) *cnode[T] {
	n := cond.n
	if n == nil {
		return &cnode[T]{eval: always[T]}
	}
	if depth > MaxDepth {
		c.fail(path, "", ErrTooDeep)
		return nil
	}
	cn := &cnode[T]{kind: n.kind, n: n.n}
	kids := func(elem string) []func(*T) bool {
		fns := make([]func(*T) bool, 0, len(n.kids))
		for i, k := range n.kids {
			kp := join(path, elem+"["+itoa(i)+"]")
			if n.kind == kNot {
				kp = join(path, "not")
			}
			if k.IsZero() && n.kind != kNot {
				c.fail(kp, "", ErrEmpty)
				continue
			}
			child := c.node(k, kp, depth+1)
			if child != nil {
				cn.kids = append(cn.kids, child)
				fns = append(fns, child.eval)
			}
		}
		return fns
	}
	switch n.kind {
	case kAll, kAny:
		name := "all"
		if n.kind == kAny {
			name = "any"
		}
		if len(n.kids) == 0 {
			c.fail(orName(path, name), "", ErrEmpty)
		}
		fns := kids(name)
		if n.kind == kAll {
			cn.eval = func(s *T) bool {
				for _, f := range fns {
					if !f(s) {
						return false
					}
				}
				return true
			}
		} else {
			cn.eval = func(s *T) bool {
				for _, f := range fns {
					if f(s) {
						return true
					}
				}
				return false
			}
		}
	case kNot:
		if n.kids[0].IsZero() {
			c.fail(join(path, "not"), "", ErrEmpty)
			return nil
		}
		fns := kids("not")
		if len(fns) == 1 {
			f := fns[0]
			cn.eval = func(s *T) bool { return !f(s) }
		}
	case kAtLeast:
		if n.n < 1 || n.n > len(n.kids) {
			c.fail(orName(path, "at_least"), "", ErrAtLeast)
		}
		fns := kids("of")
		need := n.n
		cn.eval = func(s *T) bool {
			got, left := 0, len(fns)
			for _, f := range fns {
				left--
				if f(s) {
					if got++; got >= need {
						return true
					}
				}
				if got+left < need {
					return false
				}
			}
			return false
		}
	case kCmp:
		c.compare(cn, n, path)
	case kCustom:
		p, ok := n.pred.(Predicate[T])
		switch {
		case n.name == "" || n.pred == nil:
			c.fail(path, n.name, ErrEmpty)
		case !ok:
			c.fail(path, n.name, ErrTypeMismatch)
		default:
			cn.name = n.name
			cn.eval = p.Test
		}
	default:
		c.fail(path, "", ErrSyntax)
	}
	return cn
}

// compare compiles a field comparison into a closure specialised for the
// field's kind and the operator, with the threshold already converted.
func (c *compiler[T]) compare(cn *cnode[T], n *node, path string) {
	f, ok := c.s.fields[n.field]
	if !ok {
		c.fail(path, n.field, ErrUnknownField)
		return
	}
	cn.field, cn.op, cn.thr = f, n.op, litsText(n.op, n.vals)
	fail := func(err error) { c.fail(path, n.field, err) }
	switch n.op {
	case OpEQ, OpNE, OpLT, OpLE, OpGT, OpGE:
		if len(n.vals) != 1 {
			fail(ErrOperator)
			return
		}
	case OpIn:
		if len(n.vals) == 0 {
			fail(ErrOperator)
			return
		}
		if f.kind != KindInt && f.kind != KindEnum {
			fail(ErrTypeMismatch)
			return
		}
	default:
		fail(ErrOperator)
		return
	}
	for _, v := range n.vals {
		if v.kind == litBad {
			fail(ErrThreshold)
			return
		}
	}
	switch f.kind {
	case KindDecimal:
		l := n.vals[0]
		if l.kind == litBool {
			fail(ErrTypeMismatch)
			return
		}
		t, ok := num.Parse(l.text, f.scale, math.MaxInt64)
		if !ok {
			fail(ErrThreshold)
			return
		}
		cn.eval = cmpInt(f.num, n.op, t)
	case KindInt:
		ts := make([]int64, len(n.vals))
		for i, l := range n.vals {
			if l.kind != litNumber {
				fail(ErrTypeMismatch)
				return
			}
			t, err := strconv.ParseInt(l.text, 10, 64)
			if err != nil {
				fail(ErrThreshold)
				return
			}
			ts[i] = t
		}
		if n.op == OpIn {
			get := f.num
			cn.eval = func(s *T) bool { return slices.Contains(ts, get(s)) }
		} else {
			cn.eval = cmpInt(f.num, n.op, ts[0])
		}
	case KindBool:
		l := n.vals[0]
		if l.kind != litBool || (n.op != OpEQ && n.op != OpNE) {
			fail(ErrTypeMismatch)
			return
		}
		get, want := f.boolean, (l.text == "true") == (n.op == OpEQ)
		cn.eval = func(s *T) bool { return get(s) == want }
	case KindEnum:
		idx := make([]int64, len(n.vals))
		for i, l := range n.vals {
			if l.kind != litString {
				fail(ErrTypeMismatch)
				return
			}
			j := slices.Index(f.values, l.text)
			if j < 0 {
				fail(ErrThreshold)
				return
			}
			idx[i] = int64(j)
		}
		values, get := f.values, f.str
		pos := func(s *T) int64 { return int64(slices.Index(values, get(s))) }
		switch n.op {
		case OpIn:
			set := make([]string, len(idx))
			for i, j := range idx {
				set[i] = values[j]
			}
			cn.eval = func(s *T) bool { return slices.Contains(set, get(s)) }
		case OpEQ, OpNE:
			want, eq := values[idx[0]], n.op == OpEQ
			cn.eval = func(s *T) bool { return (get(s) == want) == eq }
		default:
			ord := cmpInt(pos, n.op, idx[0])
			cn.eval = func(s *T) bool { return pos(s) >= 0 && ord(s) }
		}
	case KindDate:
		l := n.vals[0]
		if l.kind != litString {
			fail(ErrTypeMismatch)
			return
		}
		d, err := time.Parse(time.DateOnly, l.text)
		if err != nil {
			fail(ErrThreshold)
			return
		}
		get := f.date
		day := func(s *T) int64 { return dayNumber(get(s)) }
		ord := cmpInt(day, n.op, dayNumber(d))
		cn.eval = func(s *T) bool { return !get(s).IsZero() && ord(s) }
	}
}

// cmpInt returns a closure comparing get(s) with t under op.
func cmpInt[T any](get func(*T) int64, op Op, t int64) func(*T) bool {
	switch op {
	case OpEQ:
		return func(s *T) bool { return get(s) == t }
	case OpNE:
		return func(s *T) bool { return get(s) != t }
	case OpLT:
		return func(s *T) bool { return get(s) < t }
	case OpLE:
		return func(s *T) bool { return get(s) <= t }
	case OpGT:
		return func(s *T) bool { return get(s) > t }
	default: // OpGE; compare checked the operator
		return func(s *T) bool { return get(s) >= t }
	}
}

// dayNumber returns t's calendar date, in t's own location, as days since
// 1970-01-01.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}
