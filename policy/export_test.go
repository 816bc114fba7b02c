package policy

import "reflect"

// EqualConds reports whether a and b are the same condition: the same
// tree of kinds, in the same order, with the same field names, operators,
// thresholds (kind and text) and counts, and the same custom predicates.
func EqualConds(a, b Cond) bool {
	if a.n == nil || b.n == nil {
		return a.n == b.n
	}
	x, y := a.n, b.n
	if x.kind != y.kind || x.n != y.n || x.field != y.field || x.op != y.op || x.name != y.name ||
		len(x.kids) != len(y.kids) || len(x.vals) != len(y.vals) {
		return false
	}
	if (x.pred == nil) != (y.pred == nil) ||
		x.pred != nil && reflect.ValueOf(x.pred).Pointer() != reflect.ValueOf(y.pred).Pointer() {
		return false
	}
	for i := range x.vals {
		if x.vals[i] != y.vals[i] {
			return false
		}
	}
	for i := range x.kids {
		if !EqualConds(x.kids[i], y.kids[i]) {
			return false
		}
	}
	return true
}

// RawCompare returns the comparison "field op values...", whatever op is:
// the only way left to build a comparison with an unknown operator, which
// neither the builders nor the decoders make, to test that Compile refuses
// it all the same.
func RawCompare(field, op string, values ...any) Cond {
	return compare(field, op, values...)
}
