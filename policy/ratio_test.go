package policy_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// ratioSubject has a part and a whole.
type ratioSubject struct{ part, whole int64 }

// TestRatioAgreesWithQuotient checks a Ratio field, compared by
// multiplying, against a Decimal field that works the quotient out, at
// every scale and under every operator, alone and negated, on parts and
// wholes at the edges (negative, zero, the ends of int64) and drawn at
// random, with thresholds at the quotient, one unit either side, 0 and the
// clamp.
func TestRatioAgreesWithQuotient(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	edges := []int64{math.MinInt64, -1_000_000, -1, 0, 1, 2, 3, 7, 1_000_000, math.MaxInt64 - 1, math.MaxInt64}
	ops := []string{"==", "!=", "<", "<=", ">", ">="}
	for _, scale := range []int{0, 2, 6, 18} {
		unit := uint64(num.Pow10[scale])
		schema := policy.Must(policy.NewSchema(
			policy.Ratio("r", scale, func(s *ratioSubject) (int64, int64) { return s.part, s.whole }),
			policy.Decimal("q", scale, func(s *ratioSubject) int64 { return num.RatioIn(s.part, s.whole, unit) }),
		))
		rules := cachedRules{s: schema, rules: map[string]*policy.Rule[ratioSubject]{}, errs: map[string]error{}}
		var subjects []ratioSubject
		for _, p := range edges {
			for _, w := range edges {
				subjects = append(subjects, ratioSubject{p, w})
			}
		}
		for range 150 {
			w := r.Int64N(1<<40) + 1
			subjects = append(subjects, ratioSubject{r.Int64N(w + 1), w}, ratioSubject{r.Int64N(math.MaxInt64), r.Int64N(math.MaxInt64)})
		}
		for _, s := range subjects {
			q := num.RatioIn(s.part, s.whole, unit)
			for _, units := range []int64{q - 1, q, q + 1, 0, 1, -1, num.RatioClamp, num.RatioClamp + 1} {
				th := num.Format(units, scale, false)
				for _, op := range ops {
					for _, not := range []bool{false, true} {
						form := "%s %s %s"
						if not {
							form = "not (%s %s %s)"
						}
						text := fmt.Sprintf(form, "r", op, th)
						got, err := rules.compile(text)
						want, wantErr := rules.compile(fmt.Sprintf(form, "q", op, th))
						if wantErr != nil { // a threshold beyond a decimal's bounds
							require.Error(t, err, text)
							continue
						}
						require.NoError(t, err, text)
						require.Equal(t, want.Eval(&s), got.Eval(&s), "%s on %d/%d at scale %d", text, s.part, s.whole, scale)
					}
				}
			}
		}
	}
}

func compileText(s *policy.Schema[ratioSubject], text string) (*policy.Rule[ratioSubject], error) {
	c, err := policy.Parse(text)
	if err != nil {
		return nil, err
	}
	return policy.Compile(s, c)
}

// cachedRules compiles each text once.
type cachedRules struct {
	s     *policy.Schema[ratioSubject]
	rules map[string]*policy.Rule[ratioSubject]
	errs  map[string]error
}

func (c *cachedRules) compile(text string) (*policy.Rule[ratioSubject], error) {
	if r, ok := c.rules[text]; ok {
		return r, c.errs[text]
	}
	r, err := compileText(c.s, text)
	c.rules[text], c.errs[text] = r, err
	return r, err
}

// A Ratio field is a decimal field: Number gives its quotient, Project
// carries it over, explanations show the quotient, and the schema refuses a
// missing accessor or a scale out of range as for Decimal.
func TestRatioField(t *testing.T) {
	get := func(s *ratioSubject) (int64, int64) { return s.part, s.whole }
	schema := policy.Must(policy.NewSchema(policy.Ratio("share", 6, get)))
	info, ok := fieldInfo(schema, "share")
	require.True(t, ok)
	require.Equal(t, policy.FieldInfo{Name: "share", Kind: "decimal", Scale: 6}, info)

	s := &ratioSubject{part: 1, whole: 3}
	n, ok := schema.Number("share")
	require.True(t, ok)
	require.Equal(t, int64(333_333), n(s))

	type outer struct{ in ratioSubject }
	projected := policy.Must(policy.NewSchema(policy.Project(schema, func(o *outer) *ratioSubject { return &o.in })...))
	c, err := policy.Parse("share >= 0.333333 and share < 0.333334")
	require.NoError(t, err)
	rule, err := policy.Compile(projected, c)
	require.NoError(t, err)
	require.True(t, rule.Eval(&outer{in: *s}))
	require.Contains(t, rule.Explain(&outer{in: *s}, policy.ExplainOptions{Values: true}).String(), "0.333333")

	_, err = policy.NewSchema(policy.Ratio[ratioSubject]("share", 6, nil))
	require.ErrorIs(t, err, policy.ErrMissing)
	_, err = policy.NewSchema(policy.Ratio("share", 19, get))
	require.ErrorIs(t, err, policy.ErrOutOfRange)
}
