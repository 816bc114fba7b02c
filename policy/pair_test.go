package policy_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/policy"
)

// pairSubject has two numbers and two flags, for the comparisons that an
// and/or of two operands evaluates in line.
type pairSubject struct {
	a, b   int64
	fa, fb bool
}

// TestPairAgreesWithGo checks every and/or of two comparisons, of numbers
// and flags, under every operator, against Go's own operators, on values
// and thresholds at the ends of int64 and beside each other: the in-line
// form tests a range with unsigned arithmetic, whose edges are where it
// could go wrong. It checks the same comparisons under an All or Any of
// three, which does not evaluate them in line, too, and each operand
// negated (the complement of a comparison is evaluated in line as well),
// and beside operands that are not evaluated in line ("in", a custom
// predicate).
func TestPairAgreesWithGo(t *testing.T) {
	schema := policy.Must(policy.NewSchema(
		policy.Int("a", func(s *pairSubject) int64 { return s.a }),
		policy.Int("b", func(s *pairSubject) int64 { return s.b }),
		policy.Bool("fa", func(s *pairSubject) bool { return s.fa }),
		policy.Bool("fb", func(s *pairSubject) bool { return s.fb }),
	))
	edges := []int64{math.MinInt64, math.MinInt64 + 1, -2, -1, 0, 1, 2, math.MaxInt64 - 1, math.MaxInt64}
	ops := []struct {
		name string
		cmp  func(policy.FieldRef, any) policy.Cond
		goOp func(v, t int64) bool
	}{
		{"==", policy.FieldRef.EQ, func(v, t int64) bool { return v == t }},
		{"!=", policy.FieldRef.NE, func(v, t int64) bool { return v != t }},
		{"<", policy.FieldRef.LT, func(v, t int64) bool { return v < t }},
		{"<=", policy.FieldRef.LE, func(v, t int64) bool { return v <= t }},
		{">", policy.FieldRef.GT, func(v, t int64) bool { return v > t }},
		{">=", policy.FieldRef.GE, func(v, t int64) bool { return v >= t }},
	}
	// an operand: a comparison of a number with a threshold, or of a flag
	// with true or false, and what Go says of it
	type operand struct {
		text string
		cond policy.Cond
		eval func(v int64, f bool) bool
	}
	operands := func(field, flag string) []operand {
		var out []operand
		for _, op := range ops {
			for _, th := range edges {
				goOp := op.goOp
				out = append(out, operand{field + " " + op.name + " " + strconv.FormatInt(th, 10),
					op.cmp(policy.Field(field), th), func(v int64, _ bool) bool { return goOp(v, th) }})
			}
		}
		for _, want := range []bool{true, false} {
			for _, eq := range []bool{true, false} {
				cond, holds := policy.Field(flag).EQ(want), func(_ int64, f bool) bool { return f == want }
				name := flag + " == " + strconv.FormatBool(want)
				if !eq {
					cond, holds = policy.Field(flag).NE(want), func(_ int64, f bool) bool { return f != want }
					name = flag + " != " + strconv.FormatBool(want)
				}
				out = append(out, operand{name, cond, holds})
			}
		}
		// operands that are not evaluated in line, beside those that are
		out = append(out,
			operand{field + " in (-1, 0, max)", policy.Field(field).In(-1, 0, int64(math.MaxInt64)),
				func(v int64, _ bool) bool { return v == -1 || v == 0 || v == math.MaxInt64 }},
			operand{"even", policy.Custom("even", func(s *pairSubject) bool {
				if field == "a" {
					return s.a%2 == 0
				}
				return s.b%2 == 0
			}), func(v int64, _ bool) bool { return v%2 == 0 }},
		)
		for _, o := range out {
			eval := o.eval
			out = append(out, operand{"not " + o.text, policy.Not(o.cond), func(v int64, f bool) bool { return !eval(v, f) }})
		}
		return out
	}
	var subjects []pairSubject
	for _, a := range edges {
		for _, b := range edges {
			subjects = append(subjects, pairSubject{a, b, a > 0, b%2 == 0})
		}
	}
	always := policy.Custom("always", func(*pairSubject) bool { return true })
	never := policy.Custom("never", func(*pairSubject) bool { return false })
	checked := 0
	for _, x := range operands("a", "fa") {
		for _, y := range operands("b", "fb") {
			and := policy.Must(policy.Compile(schema, policy.All(x.cond, y.cond)))
			or := policy.Must(policy.Compile(schema, policy.Any(x.cond, y.cond)))
			and3 := policy.Must(policy.Compile(schema, policy.All(x.cond, y.cond, always)))
			or3 := policy.Must(policy.Compile(schema, policy.Any(x.cond, y.cond, never)))
			for i := range subjects {
				s := &subjects[i]
				hx, hy := x.eval(s.a, s.fa), y.eval(s.b, s.fb)
				if and.Eval(s) != (hx && hy) || and3.Eval(s) != (hx && hy) ||
					or.Eval(s) != (hx || hy) || or3.Eval(s) != (hx || hy) {
					require.Fail(t, "disagree", "%s and/or %s on %+v: Go says %v and %v", x.text, y.text, *s, hx, hy)
				}
				checked++
			}
		}
	}
	n := 2 * (len(ops)*len(edges) + 4 + 2) // and each negated
	require.Equal(t, n*n*len(subjects), checked)
}

// TestPairDecimal checks the in-line form on a decimal field, whose
// thresholds are scaled: 12.34 at scale 2 is 1234. TestPairAgreesWithGo
// covers the ends of int64.
func TestPairDecimal(t *testing.T) {
	schema := policy.Must(policy.NewSchema(
		policy.Decimal("d", 2, func(s *pairSubject) int64 { return s.a }),
		policy.Bool("f", func(s *pairSubject) bool { return s.fa }),
	))
	tests := []struct {
		cond string
		a    int64
		f    bool
		want bool
	}{
		{"d >= 12.34 and f", 1234, true, true},
		{"d >= 12.34 and f", 1233, true, false},
		{"d > 12.34 or f", 1234, false, false},
		{"d > 12.34 or f", 1235, false, true},
		{"d < 0.01 and not f", 0, false, true},
		{"d <= 1000000000000000 and f", 100000000000000000, true, true},
		{"d <= 1000000000000000 and f", 100000000000000001, true, false},
		{"d > -1000000000000000 or f", math.MinInt64, false, false},
		{"d != 0 or f", 0, false, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%v", tt.cond, tt.a, tt.f), func(t *testing.T) {
			r := policy.Must(policy.Compile(schema, policy.Must(policy.Parse(tt.cond))))
			require.Equal(t, tt.want, r.Eval(&pairSubject{a: tt.a, fa: tt.f}))
		})
	}
}
