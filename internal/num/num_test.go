package num_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/num"
)

// bigSum is the naive reference of num.Sum.
func bigSum(terms [][2]int64) *big.Int {
	s := new(big.Int)
	for _, t := range terms {
		s.Add(s, new(big.Int).Mul(big.NewInt(t[0]), big.NewInt(t[1])))
	}
	return s
}

func TestSumAgainstBigInt(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	extremes := []int64{0, 1, -1, math.MaxInt64, math.MinInt64 + 1, math.MinInt64, 1e18 - 1, -(1e18 - 1)}
	for round := 0; round < 500; round++ {
		n := r.IntN(40)
		terms := make([][2]int64, n)
		var s, merged, half num.Sum
		for i := range terms {
			a := r.Int64() - r.Int64()/2
			if r.IntN(4) == 0 {
				a = extremes[r.IntN(len(extremes))]
			}
			k := int64(r.IntN(100) + 1)
			terms[i] = [2]int64{a, k}
			s.AddN(a, uint64(k))
			if i%2 == 0 {
				half.AddN(a, uint64(k))
			} else {
				for j := int64(0); j < k; j++ {
					merged.Add(a)
				}
			}
		}
		half.Merge(merged)
		want := bigSum(terms)
		require.Equal(t, want.String(), s.Decimal(0).String(), "AddN, round %d", round)
		require.Equal(t, want.String(), half.Decimal(0).String(), "Add and Merge, round %d", round)
	}
}

func TestSumDiv(t *testing.T) {
	tests := []struct {
		name  string
		terms [][2]int64
		n     uint64
		want  int64
		ok    bool
	}{
		{"exact", [][2]int64{{10, 3}}, 3, 10, true},
		{"half to even, down", [][2]int64{{5, 1}}, 2, 2, true}, // 2.5
		{"half to even, up", [][2]int64{{7, 1}}, 2, 4, true},   // 3.5
		{"negative half to even", [][2]int64{{-5, 1}}, 2, -2, true},
		{"negative half to even, up", [][2]int64{{-7, 1}}, 2, -4, true},
		{"above half", [][2]int64{{2, 1}}, 3, 1, true}, // 0.67
		{"below half", [][2]int64{{1, 1}}, 3, 0, true},
		{"92 days of the largest amount", [][2]int64{{1e18 - 1, 92}}, 92, 1e18 - 1, true},
		{"92 days of the most negative", [][2]int64{{math.MinInt64, 92}}, 92, math.MinInt64, true},
		{"mixed signs", [][2]int64{{math.MaxInt64, 3}, {-math.MaxInt64, 2}}, 5, math.MaxInt64 / 5, true},
		{"quotient too large", [][2]int64{{math.MaxInt64, 4}}, 2, 0, false},
		{"divide by zero", [][2]int64{{1, 1}}, 0, 0, false},
		{"zero", nil, 7, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s num.Sum
			for _, x := range tt.terms {
				s.AddN(x[0], uint64(x[1]))
			}
			got, ok := s.Div(tt.n)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSumDecimalScale(t *testing.T) {
	var s num.Sum
	s.AddN(1e18-1, 1_000_000) // a million of the largest amounts
	assert.Equal(t, "99999999999999999900.0000", s.Decimal(4).StringFixed(4))
	var neg num.Sum
	neg.Add(-12_505_000)
	assert.Equal(t, "-1250.5", neg.Decimal(4).String())
	assert.True(t, num.Sum{}.Decimal(4).IsZero())
}

func TestSumDoesNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		var s num.Sum
		s.AddN(-7, 3)
		s.Add(math.MinInt64)
		s.Merge(s)
		_, _ = s.Div(3)
	})
	assert.Zero(t, allocs)
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name         string
		part, whole  int64
		want, wantUp int64
	}{
		{"quarter", 25, 100, 250_000, 250_000},
		{"whole", 7, 7, 1_000_000, 1_000_000},
		{"a third truncates", 1, 3, 333_333, 333_334},
		{"negative truncates toward zero", -1, 3, -333_333, -333_334},
		{"zero whole", 5, 0, 0, 0},
		{"negative whole", 5, -1, 0, 0},
		{"zero part", 0, 9, 0, 0},
		{"large part, exact in 128 bits", 9e18, 1e19 / 2, 0, 0},
		{"quotient clamped", math.MaxInt64, 1, 1 << 62, 1 << 62},
		{"negative quotient clamped", math.MinInt64 + 1, 1, -(1 << 62), -(1 << 62)},
	}
	tests[7].whole, tests[7].want, tests[7].wantUp = math.MaxInt64, 975_781, 975_782
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, num.Ratio(tt.part, tt.whole))
			assert.Equal(t, tt.wantUp, num.RatioUp(tt.part, tt.whole))
		})
	}
}

func TestRatioAgainstBigInt(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		whole := r.Int64N(math.MaxInt64) + 1
		part := r.Int64N(whole+1) - r.Int64N(whole/2+1)
		q, m := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(part), big.NewInt(1_000_000)), big.NewInt(whole), new(big.Int))
		require.Equal(t, q.Int64(), num.Ratio(part, whole), "%d/%d", part, whole)
		up := q.Int64()
		if m.Sign() != 0 {
			if part < 0 {
				up--
			} else {
				up++
			}
		}
		require.Equal(t, up, num.RatioUp(part, whole), "%d/%d up", part, whole)
	}
}

// Ratio agrees with big.Int on the magnitudes of real shares (parts up
// to MaxInt64/10^6, 922 million at four places, and small wholes), which
// TestRatioAgainstBigInt's draws over all of int64 seldom reach, and on
// both sides of that bound.
func TestRatioSmallAgainstBigInt(t *testing.T) {
	const bound = math.MaxInt64 / 1_000_000
	r := rand.New(rand.NewPCG(5, 6))
	parts := []int64{0, 1, bound - 1, bound, bound + 1, -1}
	wholes := []int64{1, 2, 3, bound, bound + 1, math.MaxInt64}
	for i := 0; i < 5000; i++ {
		whole := r.Int64N(bound) + 1
		parts = append(parts, r.Int64N(whole+1), r.Int64N(bound+2))
		wholes = append(wholes, whole)
	}
	for _, part := range parts {
		for _, whole := range wholes[:8] {
			require.Equal(t, ratioOf(part, whole), num.Ratio(part, whole), "%d/%d", part, whole)
		}
	}
	for i, whole := range wholes {
		part := parts[i]
		require.Equal(t, ratioOf(part, whole), num.Ratio(part, whole), "%d/%d", part, whole)
	}
}

// ratioOf is part*10^6/whole truncated toward zero and clamped to ±2^62,
// in big.Int, 0 when whole is not positive.
func ratioOf(part, whole int64) int64 { return ratioIn(part, whole, 1_000_000) }

// ratioIn is ratioOf in units of 1/unit.
func ratioIn(part, whole int64, unit uint64) int64 {
	if whole <= 0 {
		return 0
	}
	q := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(part), new(big.Int).SetUint64(unit)), big.NewInt(whole))
	if lim := big.NewInt(1 << 62); q.Cmp(lim) > 0 {
		return 1 << 62
	}
	if lim := big.NewInt(-(1 << 62)); q.Cmp(lim) < 0 {
		return -(1 << 62)
	}
	return q.Int64()
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "123": "123", "1234": "1,234", "-1234567": "-1,234,567", "-123": "-123",
		"1000000000000000000000": "1,000,000,000,000,000,000,000",
	} {
		assert.Equal(t, want, num.Group(in), in)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		part, whole int64
		want        string
	}{
		{1, 4, "25.0%"},
		{0, 7, "0.0%"},
		{1, 0, "-"},
		{2, 3, "66.7%"},
		{1, 3, "33.3%"},
		{1, 2000, "0.1%"},   // 0.05% rounds away from zero
		{-1, 2000, "-0.1%"}, // and so does -0.05%
		{1, 2001, "0.0%"},
		{-250_500, 1_000_000, "-25.1%"},
		{123, 1, "12300.0%"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, num.PercentInt(tt.part, tt.whole), "%d/%d", tt.part, tt.whole)
	}
	assert.Equal(t, "50.0%", num.Percent(decimal.RequireFromString("1e30"), decimal.RequireFromString("2e30")))
}

// RatioIn agrees with big.Int at every scale, and RatioAtLeast with
// comparing RatioIn's quotient, on draws around each threshold: the
// quotient itself, one either side, and the clamp.
func TestRatioAtLeast(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	draw := func() int64 {
		switch r.IntN(4) {
		case 0:
			return r.Int64N(10)
		case 1:
			return r.Int64N(1_000_000)
		case 2:
			return r.Int64N(1 << 40)
		}
		return r.Int64N(math.MaxInt64)
	}
	for i := 0; i < 20_000; i++ {
		unit := uint64(num.Pow10[r.IntN(num.MaxScale+1)])
		part, whole := draw(), draw()+1
		q := num.RatioIn(part, whole, unit)
		require.Equal(t, ratioIn(part, whole, unit), q, "%d/%d in 1/%d", part, whole, unit)
		for _, tq := range []int64{q - 1, q, q + 1, 1, num.RatioClamp, r.Int64N(num.RatioClamp) + 1} {
			if tq < 1 || tq > num.RatioClamp {
				continue
			}
			require.Equal(t, q >= tq, num.RatioAtLeast(part, whole, unit, uint64(tq)),
				"%d/%d in 1/%d >= %d", part, whole, unit, tq)
		}
	}
}
