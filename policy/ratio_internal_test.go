package policy

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vipcare/vipcare/internal/num"
)

// ratioEval agrees with comparing the quotient itself, with thresholds
// the parser cannot give (19 digits and more): at and beside the clamp,
// ±2^62, and the ends of int64; under every operator, negated too; at
// every scale. TestRatioAgreesWithQuotient covers what rules can write.
func TestRatioEvalAtTheClamp(t *testing.T) {
	type subject struct{ part, whole int64 }
	const c = num.RatioClamp
	thresholds := []int64{math.MinInt64, math.MinInt64 + 1, -c - 1, -c, -c + 1, -1, 0, 1, 2, c - 1, c, c + 1, math.MaxInt64 - 1, math.MaxInt64}
	values := []int64{math.MinInt64, -1, 0, 1, 2, 3, 1 << 40, c, math.MaxInt64 - 1, math.MaxInt64}
	get := func(s *subject) (int64, int64) { return s.part, s.whole }
	r := rand.New(rand.NewPCG(5, 6))
	for range 50_000 {
		unit := uint64(num.Pow10[r.IntN(num.MaxScale+1)])
		s := subject{values[r.IntN(len(values))], values[r.IntN(len(values))]}
		if r.IntN(2) == 0 {
			s = subject{r.Int64N(math.MaxInt64), r.Int64N(math.MaxInt64) + 1}
		}
		q := num.RatioIn(s.part, s.whole, unit)
		th := thresholds[r.IntN(len(thresholds))]
		if r.IntN(3) == 0 {
			th = q + r.Int64N(3) - 1
		}
		for _, op := range []string{opEQ, opNE, opLT, opLE, opGT, opGE} {
			l := numLeaf(func(*subject) int64 { return q }, op, th)
			want := l.eval()(&s)
			for _, neg := range []bool{false, true} {
				m := l
				m.neg = l.neg != neg
				if got := ratioEval(get, unit, &m)(&s); got != (want != neg) {
					t.Fatalf("%d/%d in 1/%d %s %d, negated %v: got %v", s.part, s.whole, unit, op, th, neg, got)
				}
			}
		}
	}
}
