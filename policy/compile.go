package policy

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
)

// Rule is a compiled condition over subjects of type T: every field name
// resolved, every threshold parsed into the field's own representation, the
// whole tree turned into Go closures. Evaluating a rule does not allocate.
//
// A Rule is immutable and safe for concurrent use by any number of
// goroutines. It never changes the subject it is given.
type Rule[T any] struct {
	root *cnode[T]
}

// cnode is one compiled condition, kept as a tree for explanations.
type cnode[T any] struct {
	eval  func(*T) bool
	kind  nodeKind
	n     int
	kids  []*cnode[T]
	field *FieldSpec[T]
	op    string
	thr   string // threshold text as written
	name  string // custom predicate name
	text  string // the node's Explanation.Text, built once
	desc  int    // the number of nodes below this one
}

// leaf is a comparison of one field with constants in a form that a
// combinator of two operands evaluates in line, with one call (the
// field's accessor) instead of two: a number v holds when lo <= v <=
// lo+span, as unsigned arithmetic tests in one comparison, or outside
// that range when neg; a flag holds when it is not neg. The call of a
// closure around each comparison is most of what a small rule costs.
type leaf[T any] struct {
	num  func(*T) int64
	flag func(*T) bool
	lo   int64
	span uint64
	neg  bool
}

// isLeaf reports whether l is a leaf: a comparison of a number or a flag.
func (l *leaf[T]) isLeaf() bool { return l.num != nil || l.flag != nil }

// eval returns the comparison l alone, as a closure.
func (l *leaf[T]) eval() func(*T) bool {
	if l.flag != nil {
		get, neg := l.flag, l.neg
		return func(s *T) bool { return get(s) != neg }
	}
	get, lo, span, neg := l.num, l.lo, l.span, l.neg
	return func(s *T) bool { return (uint64(get(s)-lo) <= span) != neg }
}

// numLeaf returns the leaf of get(s) op t, a range of int64, for op one
// of ==, !=, <, <=, > and >=; no leaf for another.
func numLeaf[T any](get func(*T) int64, op string, t int64) leaf[T] {
	l := leaf[T]{num: get, lo: math.MinInt64, span: math.MaxUint64}
	switch op {
	case opEQ, opNE:
		l.lo, l.span, l.neg = t, 0, op == opNE
	case opGE:
		l.lo, l.span = t, uint64(math.MaxInt64-t)
	case opGT:
		if t == math.MaxInt64 {
			l.neg = true // nothing is above: the complement of everything
		} else {
			l.lo, l.span = t+1, uint64(math.MaxInt64-t-1)
		}
	case opLE:
		l.span = uint64(t) - uint64(l.lo)
	case opLT:
		if t == math.MinInt64 {
			l.neg = true
		} else {
			l.span = uint64(t-1) - uint64(l.lo)
		}
	default:
		return leaf[T]{}
	}
	return l
}

// ratioEval returns the comparison l of a ratio field, read by get as a
// part and a whole, in units of 1/unit: whether RatioIn(part, whole,
// unit) is in l's range (outside it when l.neg). Over a part of 0 or
// more and a positive whole, the quotient is from 0 to RatioClamp, and
// its bounds are tested by multiplying ([num.RatioAtLeast]); any other
// part or whole, rare in a share, works the quotient out.
func ratioEval[T any](get func(*T) (int64, int64), unit uint64, l *leaf[T]) func(*T) bool {
	lo, span, neg := l.lo, l.span, l.neg
	hi := int64(uint64(lo) + span)
	slow := func(part, whole int64) bool { return (uint64(num.RatioIn(part, whole, unit)-lo) <= span) != neg }
	switch {
	case lo > num.RatioClamp || hi < 0, lo <= 0 && hi >= num.RatioClamp:
		in := lo <= 0 && hi >= num.RatioClamp // every quotient from 0 to the clamp is in range, else none
		return func(s *T) bool {
			if part, whole := get(s); part < 0 || whole <= 0 {
				return slow(part, whole)
			}
			return in != neg
		}
	case hi >= num.RatioClamp: // >= lo, and > (lo-1)
		t := uint64(lo)
		return func(s *T) bool {
			part, whole := get(s)
			if part < 0 || whole <= 0 {
				return slow(part, whole)
			}
			return num.RatioAtLeast(part, whole, unit, t) != neg
		}
	case lo <= 0: // <= hi, and < hi+1
		t := uint64(hi) + 1
		return func(s *T) bool {
			part, whole := get(s)
			if part < 0 || whole <= 0 {
				return slow(part, whole)
			}
			return num.RatioAtLeast(part, whole, unit, t) == neg
		}
	}
	from, below := uint64(lo), uint64(hi)+1 // == and !=
	return func(s *T) bool {
		part, whole := get(s)
		if part < 0 || whole <= 0 {
			return slow(part, whole)
		}
		return (num.RatioAtLeast(part, whole, unit, from) && !num.RatioAtLeast(part, whole, unit, below)) != neg
	}
}

// Compile resolves c against schema s and returns the compiled rule. It
// reports every problem at once as [Problems], each located by a JSON
// pointer into c's JSON form ("/all/1/not/field"): an unknown field
// ([ErrUnknown], with the schema's fields as choices), an operator or
// threshold that does not fit the field ([ErrTypeMismatch], [ErrUnknown]
// for an unknown operator, [ErrMalformed] and [ErrOutOfRange] for a
// threshold), an empty All or Any or a missing operand ([ErrMissing]), an
// AtLeast count out of range ([ErrOutOfRange]), nesting deeper than
// [MaxDepth] ([ErrTooMany]), a custom predicate for another subject type
// ([ErrTypeMismatch]), a field the schema protects ([ErrProtected], at
// the comparison's "/field": see [Schema.Protect]).
//
// The zero Cond compiles to a rule that always holds.
func Compile[T any](s *Schema[T], c Cond) (*Rule[T], error) {
	comp := compiler[T]{s: s}
	root := comp.node(c, "", 1)
	if err := comp.problems.Err(); err != nil {
		return nil, err
	}
	root.prepare()
	return &Rule[T]{root: root}, nil
}

// Eval reports whether the rule holds for s. It does not allocate. Because s
// is passed on to compiled closures, the compiler moves a subject declared
// in the caller's frame to the heap: to evaluate many subjects with no
// allocation at all, reuse one subject variable (for instance one
// vipcare.Figures per goroutine) or evaluate elements of a slice in place.
func (r *Rule[T]) Eval(s *T) bool { return r.root.eval(s) }

type compiler[T any] struct {
	s        *Schema[T]
	problems Problems
	// leaves are the nodes that are comparisons of a number or a flag,
	// for their parent to evaluate in line; only compiling reads them.
	leaves map[*cnode[T]]leaf[T]
}

// setLeaf records that cn is the comparison l, if l is a leaf.
func (c *compiler[T]) setLeaf(cn *cnode[T], l leaf[T]) {
	if !l.isLeaf() {
		return
	}
	if c.leaves == nil {
		c.leaves = make(map[*cnode[T]]leaf[T])
	}
	c.leaves[cn] = l
}

func (c *compiler[T]) fail(path, name string, err error, choices ...string) {
	c.problems = append(c.problems, Problem{Path: path, Name: name, Err: err, Choices: slices.Clone(choices)})
}

// always is the compiled zero Cond.
func always[T any](*T) bool { return true }

func (c *compiler[T]) node(cond Cond, path string, depth int) *cnode[T] {
	n := cond.n
	if n == nil {
		return &cnode[T]{eval: always[T]}
	}
	if depth > MaxDepth {
		c.fail(path, "", ErrTooMany)
		return nil
	}
	cn := &cnode[T]{kind: n.kind, n: n.n}
	switch n.kind {
	case kAll, kAny:
		key := "all"
		if n.kind == kAny {
			key = "any"
		}
		if len(n.kids) == 0 {
			c.fail(path+"/"+key, "", ErrMissing)
		}
		fns := c.kids(cn, n, path+"/"+key, depth)
		cn.eval = allOf(fns)
		if n.kind == kAny {
			cn.eval = anyOf(fns)
		}
		if len(fns) == 2 {
			a, b := c.leaves[cn.kids[0]], c.leaves[cn.kids[1]]
			if f := pair(&a, &b, n.kind == kAll); f != nil {
				cn.eval = f
			}
		}
	case kNot:
		if n.kids[0].n == nil {
			c.fail(path+"/not", "", ErrMissing)
			return nil
		}
		if child := c.node(n.kids[0], path+"/not", depth+1); child != nil {
			cn.kids = []*cnode[T]{child}
			if l, ok := c.leaves[child]; ok { // a leaf's complement is a leaf
				l.neg = !l.neg
				cn.eval = l.eval()
				c.setLeaf(cn, l)
			} else {
				f := child.eval
				cn.eval = func(s *T) bool { return !f(s) }
			}
		}
	case kAtLeast:
		if n.n < 1 || n.n > len(n.kids) {
			c.fail(path+"/at_least", "", ErrOutOfRange)
		}
		cn.eval = atLeast(n.n, c.kids(cn, n, path+"/of", depth))
	case kCmp:
		c.compare(cn, n, path)
	case kCustom:
		test, ok := n.pred.(func(*T) bool)
		switch {
		case n.name == "" || n.pred == nil:
			c.fail(path, n.name, ErrMissing)
		case !ok:
			c.fail(path, n.name, ErrTypeMismatch)
		default:
			cn.name, cn.eval = n.name, test
		}
	}
	return cn
}

// kids compiles the operands of n, listed at path, into cn.
func (c *compiler[T]) kids(cn *cnode[T], n *node, path string, depth int) []func(*T) bool {
	fns := make([]func(*T) bool, 0, len(n.kids))
	for i, k := range n.kids {
		kp := path + "/" + itoa(i)
		if k.n == nil {
			c.fail(kp, "", ErrMissing) // an operand left out is a mistake, not "always"
			continue
		}
		if child := c.node(k, kp, depth+1); child != nil {
			cn.kids = append(cn.kids, child)
			fns = append(fns, child.eval)
		}
	}
	return fns
}

// allOf, anyOf: one or two operands, the most common, get closures
// with no loop.
func allOf[T any](fns []func(*T) bool) func(*T) bool {
	switch len(fns) {
	case 1:
		return fns[0]
	case 2:
		a, b := fns[0], fns[1]
		return func(s *T) bool { return a(s) && b(s) }
	}
	return func(s *T) bool {
		for _, f := range fns {
			if !f(s) {
				return false
			}
		}
		return true
	}
}

func anyOf[T any](fns []func(*T) bool) func(*T) bool {
	switch len(fns) {
	case 1:
		return fns[0]
	case 2:
		a, b := fns[0], fns[1]
		return func(s *T) bool { return a(s) || b(s) }
	}
	return func(s *T) bool {
		for _, f := range fns {
			if f(s) {
				return true
			}
		}
		return false
	}
}

// pair returns a and b, or a or b, evaluated in line, or nil when either
// is not a leaf. The and and the or are separate closures: an or written
// as not (not a and not b), which would halve them, measured 6-12% slower
// a rule.
func pair[T any](a, b *leaf[T], and bool) func(*T) bool {
	switch {
	case a.num != nil && b.num != nil:
		ga, la, sa, xa := a.num, a.lo, a.span, a.neg
		gb, lb, sb, xb := b.num, b.lo, b.span, b.neg
		if and {
			return func(s *T) bool { return (uint64(ga(s)-la) <= sa) != xa && (uint64(gb(s)-lb) <= sb) != xb }
		}
		return func(s *T) bool { return (uint64(ga(s)-la) <= sa) != xa || (uint64(gb(s)-lb) <= sb) != xb }
	case a.flag != nil && b.num != nil:
		fa, xa := a.flag, a.neg
		gb, lb, sb, xb := b.num, b.lo, b.span, b.neg
		if and {
			return func(s *T) bool { return fa(s) != xa && (uint64(gb(s)-lb) <= sb) != xb }
		}
		return func(s *T) bool { return fa(s) != xa || (uint64(gb(s)-lb) <= sb) != xb }
	case a.num != nil && b.flag != nil:
		ga, la, sa, xa := a.num, a.lo, a.span, a.neg
		fb, xb := b.flag, b.neg
		if and {
			return func(s *T) bool { return (uint64(ga(s)-la) <= sa) != xa && fb(s) != xb }
		}
		return func(s *T) bool { return (uint64(ga(s)-la) <= sa) != xa || fb(s) != xb }
	case a.flag != nil && b.flag != nil:
		fa, xa, fb, xb := a.flag, a.neg, b.flag, b.neg
		if and {
			return func(s *T) bool { return fa(s) != xa && fb(s) != xb }
		}
		return func(s *T) bool { return fa(s) != xa || fb(s) != xb }
	}
	return nil
}

func atLeast[T any](need int, fns []func(*T) bool) func(*T) bool {
	return func(s *T) bool {
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
}

// compare compiles a field comparison into a closure specialised for the
// field's kind and the operator, with the threshold already converted.
// Problems are located at the comparison's "/field", "/op", "/value" or
// "/values/i".
func (c *compiler[T]) compare(cn *cnode[T], n *node, path string) {
	f, ok := c.s.fields[n.field]
	if !ok {
		c.fail(path+"/field", n.field, ErrUnknown, c.s.order...)
		return
	}
	cn.field, cn.op, cn.thr = f, n.op, litsText(n.op, n.vals)
	bad := func(elem string, err error, choices ...string) { c.fail(path+elem, n.field, err, choices...) }
	if f.protected {
		bad("/field", ErrProtected)
		return
	}
	valuePath := func(i int) string {
		if n.op == opIn || len(n.vals) != 1 {
			return "/values/" + itoa(i)
		}
		return "/value"
	}
	switch n.op {
	case opEQ, opNE, opLT, opLE, opGT, opGE:
		if len(n.vals) != 1 {
			bad("/values", ErrMalformed) // one value, not a list
			return
		}
	case opIn:
		if len(n.vals) == 0 {
			bad("/values", ErrMissing)
			return
		}
	default:
		bad("/op", ErrUnknown, operators...)
		return
	}
	if !fits(f.kind, n.op) {
		bad("/op", ErrTypeMismatch)
		return
	}
	// Every value's problem: those of the literal here, those of the
	// field's kind below, for the values with none yet.
	var badAt []bool
	for i, v := range n.vals {
		var err error
		switch {
		case v.kind == litBad:
			err = ErrMalformed
		case !v.fits(f.kind):
			err = ErrTypeMismatch
		default:
			continue
		}
		bad(valuePath(i), err)
		if badAt == nil {
			badAt = make([]bool, len(n.vals))
		}
		badAt[i] = true
	}
	if badAt != nil && f.kind != kindInt && f.kind != kindEnum { // one value, or a list checked below
		return
	}
	good := func(i int) bool { return badAt == nil || !badAt[i] }
	var err error
	var l leaf[T] // a comparison of a number or a flag
	switch f.kind {
	case kindDecimal:
		var t int64
		if t, err = decimalThreshold(f, n); err == nil {
			l = numLeaf(f.num, n.op, t)
			if f.ratio != nil { // compared by multiplying: not a leaf, whose value is one number
				cn.eval, l = ratioEval(f.ratio, uint64(num.Pow10[f.scale]), &l), leaf[T]{}
			}
		}
	case kindInt:
		ts, errs := intThresholds(n)
		for i, err := range errs {
			if err != nil && good(i) {
				bad(valuePath(i), err)
			}
		}
		if errs != nil || badAt != nil {
			return
		}
		if n.op == opIn {
			get := f.num
			cn.eval = func(s *T) bool { return slices.Contains(ts, get(s)) }
		} else {
			l = numLeaf(f.num, n.op, ts[0])
		}
	case kindBool:
		want := (n.vals[0].text == "true") == (n.op == opEQ)
		l = leaf[T]{flag: f.boolean, neg: !want}
	case kindEnum:
		var unknown []int
		if cn.eval, unknown = compileEnum(f, n); len(unknown) > 0 {
			for _, at := range unknown {
				if good(at) { // named by the value, not the field: "私行" is not a tier
					c.fail(path+valuePath(at), n.vals[at].text, ErrUnknown, f.values...)
				}
			}
		}
		if badAt != nil {
			return
		}
	case kindDate:
		cn.eval, err = compileDate(f, n)
	}
	if err != nil {
		bad(valuePath(0), err)
		return
	}
	if l.isLeaf() {
		cn.eval = l.eval()
		c.setLeaf(cn, l)
	}
}

// fits reports whether operator op applies to fields of kind k.
func fits(k kind, op string) bool {
	switch k {
	case kindBool:
		return op == opEQ || op == opNE
	case kindDecimal, kindDate:
		return op != opIn
	}
	return true
}

// fits reports whether a literal of l's kind can be a threshold of kind k:
// bools for bools, text (numbers and strings alike) for every other kind,
// which reads the text its own way.
func (l literal) fits(k kind) bool { return (l.kind == litBool) == (k == kindBool) }

// decimalThreshold returns a decimal comparison's threshold in the
// field's units.
func decimalThreshold[T any](f *FieldSpec[T], n *node) (int64, error) {
	d, ok := num.ParseDecimal(n.vals[0].text)
	if !ok {
		return 0, ErrMalformed
	}
	t, ok := num.FromDecimal(d, f.scale, math.MaxInt64)
	if !ok {
		return 0, ErrOutOfRange // more places than the field holds, or too large
	}
	return t, nil
}

// intThresholds returns an integer comparison's thresholds: one, or the
// list of "in"; or, when any is not an int64, each value's problem (nil
// for a good one) by index.
func intThresholds(n *node) ([]int64, []error) {
	ts := make([]int64, len(n.vals))
	var errs []error
	for i, l := range n.vals {
		t, err := strconv.ParseInt(l.text, 10, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			err = ErrOutOfRange
		case err != nil:
			err = ErrMalformed // not a whole number: a fraction, an exponent, a name
		}
		if err != nil {
			if errs == nil {
				errs = make([]error, len(n.vals))
			}
			errs[i] = err
		}
		ts[i] = t
	}
	if errs != nil {
		return nil, errs
	}
	return ts, nil
}

// compileEnum compiles an enum comparison, or returns the indexes of the
// thresholds that are not one of the enum's values.
func compileEnum[T any](f *FieldSpec[T], n *node) (func(*T) bool, []int) {
	idx := make([]int64, len(n.vals))
	var unknown []int
	for i, l := range n.vals {
		j := slices.Index(f.values, l.text)
		if j < 0 {
			unknown = append(unknown, i)
		}
		idx[i] = int64(j)
	}
	if unknown != nil {
		return nil, unknown
	}
	values, get := f.values, f.str
	switch n.op {
	case opIn:
		set := make([]string, len(idx))
		for i, j := range idx {
			set[i] = values[j]
		}
		return func(s *T) bool { return slices.Contains(set, get(s)) }, nil
	case opEQ, opNE:
		want, eq := values[idx[0]], n.op == opEQ
		return func(s *T) bool { return (get(s) == want) == eq }, nil
	}
	pos := func(s *T) (int64, bool) {
		p := slices.Index(values, get(s))
		return int64(p), p >= 0
	}
	return cmpKnown(pos, n.op, idx[0]), nil
}

func compileDate[T any](f *FieldSpec[T], n *node) (func(*T) bool, error) {
	d, err := time.Parse(time.DateOnly, n.vals[0].text)
	if err != nil {
		return nil, ErrMalformed
	}
	get := f.date
	day := func(s *T) (int64, bool) {
		t := get(s)
		return civil.DayOf(t), !t.IsZero()
	}
	return cmpKnown(day, n.op, civil.DayOf(d)), nil
}

// cmpKnown returns a closure comparing get(s) with t under op, for a value
// that may be unknown, such as a zero date or a value outside an enum: an
// unknown value fails every comparison, != included. The value is read once.
func cmpKnown[T any](get func(*T) (int64, bool), op string, t int64) func(*T) bool {
	switch op {
	case opEQ:
		return func(s *T) bool { v, ok := get(s); return ok && v == t }
	case opNE:
		return func(s *T) bool { v, ok := get(s); return ok && v != t }
	case opLT:
		return func(s *T) bool { v, ok := get(s); return ok && v < t }
	case opLE:
		return func(s *T) bool { v, ok := get(s); return ok && v <= t }
	case opGT:
		return func(s *T) bool { v, ok := get(s); return ok && v > t }
	default: // opGE; compare checked the operator
		return func(s *T) bool { v, ok := get(s); return ok && v >= t }
	}
}
