package policy_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// fraction is a subject with one ratio: part/whole.
type fraction struct{ part, whole int64 }

// A Ratio field compares without dividing and agrees, operator by
// operator, with a Decimal field whose accessor divides: on random parts
// and wholes, thresholds at, beside and far from the quotient, and the
// edges (no whole, a negative part, a clamped quotient, thresholds at the
// ends of an int64).
func TestRatioAgreesWithDivision(t *testing.T) {
	for _, scale := range []int{0, 2, 6, 18} {
		ratio, err := policy.NewSchema(policy.Ratio("r", scale, func(f *fraction) (int64, int64) { return f.part, f.whole }))
		require.NoError(t, err)
		divided, err := policy.NewSchema(policy.Decimal("r", scale, func(f *fraction) int64 {
			return num.RatioScaled(f.part, f.whole, scale)
		}))
		require.NoError(t, err)
		subjects := []fraction{{0, 0}, {5, 0}, {5, -3}, {-5, 3}, {1, 3}, {2, 3}, {3, 3}, {math.MaxInt64, 1},
			{math.MinInt64 + 1, 1}, {math.MaxInt64, math.MaxInt64}, {1, math.MaxInt64}}
		r := rand.New(rand.NewPCG(uint64(scale), 9))
		for range 300 {
			w := r.Int64N(1e15) + 1
			subjects = append(subjects, fraction{r.Int64N(w + 1), w})
		}
		for _, f := range subjects {
			q := num.RatioScaled(f.part, f.whole, scale)
			for _, th := range []int64{q - 1, q, q + 1, 0, -1, 1 << 62, math.MaxInt64, math.MinInt64 + 1} {
				if th < -math.MaxInt64 || th > math.MaxInt64 {
					continue
				}
				text := num.Format(th, scale, false)
				for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
					c, err := policy.Parse("r " + op + " " + text)
					require.NoError(t, err)
					fast, err := policy.Compile(ratio, c)
					slow, slowErr := policy.Compile(divided, c)
					require.Equal(t, slowErr, err, "the same thresholds compile") // 19 digits do not
					if err != nil {
						continue
					}
					if fast.Eval(&f) != slow.Eval(&f) {
						t.Fatalf("scale %d: %d/%d %s %s: ratio %v, division %v (quotient %d)",
							scale, f.part, f.whole, op, text, fast.Eval(&f), slow.Eval(&f), q)
					}
				}
			}
		}
	}
}

// A Ratio field reads, formats and projects as a decimal: Number gives the
// quotient, the explanation shows it, Fields calls it a decimal.
func TestRatioIsADecimal(t *testing.T) {
	s, err := policy.NewSchema(policy.Ratio("share.deposits", 6, func(f *fraction) (int64, int64) { return f.part, f.whole }).
		WithDoc("deposits as a share of wealth"))
	require.NoError(t, err)
	get, ok := s.Number("share.deposits")
	require.True(t, ok)
	f := fraction{2, 3}
	assert.Equal(t, int64(666_666), get(&f))
	assert.Equal(t, []policy.FieldInfo{{Name: "share.deposits", Kind: "decimal", Doc: "deposits as a share of wealth", Scale: 6}}, s.Fields())
	rule := policy.Must(policy.Compile(s, policy.Field("share.deposits").GE("0.6")))
	assert.Contains(t, rule.Explain(&f, policy.ExplainOptions{Values: true}).String(), "0.666666", "the explanation shows the quotient")

	type holder struct{ f fraction }
	p, err := policy.NewSchema(policy.Project(s, func(h *holder) *fraction { return &h.f })...)
	require.NoError(t, err)
	pr := policy.Must(policy.Compile(p, policy.Field("share.deposits").LT("0.5")))
	for part := int64(0); part <= 10; part++ {
		h := holder{fraction{part, 10}}
		assert.Equal(t, part < 5, pr.Eval(&h), strconv.FormatInt(part, 10)+"/10 < 0.5 through a projection")
	}
}
