package num_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/testkit"
)

// maxAmount is the bound vipcare uses at scale 4: below 10^14 units.
const maxAmount = 1e18 - 1

func TestPow10(t *testing.T) {
	require.Len(t, num.Pow10, num.MaxScale+1)
	p := int64(1)
	for i, v := range num.Pow10 {
		assert.Equal(t, p, v, "10^%d", i)
		p *= 10
	}
}

func TestFromDecimal(t *testing.T) {
	tests := []struct {
		name  string
		in    decimal.Decimal
		scale int
		max   int64
		want  int64
		ok    bool
	}{
		{"zero value", decimal.Decimal{}, 4, maxAmount, 0, true},
		{"zero with a huge exponent", decimal.New(0, math.MaxInt32), 4, maxAmount, 0, true},
		{"zero with a tiny exponent", decimal.New(0, math.MinInt32), 4, maxAmount, 0, true},
		{"one", decimal.NewFromInt(1), 4, maxAmount, 10_000, true},
		{"trailing zeros within bounds", decimal.RequireFromString("100.00000"), 4, maxAmount, 1_000_000, true},
		{"many trailing zeros", decimal.RequireFromString("1.000000000000000000"), 4, maxAmount, 10_000, true},
		{"five places", decimal.RequireFromString("0.00001"), 4, maxAmount, 0, false},
		{"four places", decimal.RequireFromString("0.0001"), 4, maxAmount, 1, true},
		{"negative four places", decimal.RequireFromString("-0.0001"), 4, maxAmount, -1, true},
		{"positive exponent", decimal.New(25, 3), 4, maxAmount, 250_000_000, true},
		{"max", decimal.RequireFromString("99999999999999.9999"), 4, maxAmount, maxAmount, true},
		{"-max", decimal.RequireFromString("-99999999999999.9999"), 4, maxAmount, -maxAmount, true},
		{"max plus one unit", decimal.RequireFromString("100000000000000"), 4, maxAmount, 0, false},
		{"-max minus one unit", decimal.RequireFromString("-100000000000000.0000"), 4, maxAmount, 0, false},
		{"over max by scaling", decimal.New(1, 14), 4, maxAmount, 0, false},
		{"under max by scaling", decimal.New(9, 13), 4, maxAmount, 900_000_000_000_000_000, true},
		{"huge exponent", decimal.New(1, 1000000), 4, maxAmount, 0, false},
		{"huge negative exponent", decimal.New(1, -1000000), 4, maxAmount, 0, false},
		{"largest exponent", decimal.New(-3, math.MaxInt32), 4, maxAmount, 0, false},
		{"smallest exponent", decimal.New(3, math.MinInt32), 4, maxAmount, 0, false},
		{"shift 18, fits an int64", decimal.New(1, 14), 4, math.MaxInt64, 1_000_000_000_000_000_000, true},
		{"shift 19", decimal.New(1, 15), 4, math.MaxInt64, 0, false},
		{"19-digit coefficient with a trailing zero", decimal.New(1_000_000_000_000_000_000, -22), 4, maxAmount, 1, true},
		{"shift -18", decimal.New(500_000_000_000_000_000, -22), 4, maxAmount, 0, false},
		{"shift -18, not divisible", decimal.New(1, -22), 4, maxAmount, 0, false},
		{"shift -19", decimal.New(1, -23), 4, maxAmount, 0, false},
		{"int64 max at scale 0", decimal.New(9, 18), 0, math.MaxInt64, 9_000_000_000_000_000_000, true},
		{"beyond int64 at scale 0", decimal.New(10, 18), 0, math.MaxInt64, 0, false},
		{"small max", decimal.NewFromInt(10), 0, 10, 10, true},
		{"small max exceeded", decimal.NewFromInt(11), 0, 10, 0, false},
		{"small -max", decimal.NewFromInt(-10), 0, 10, -10, true},
		{"small -max exceeded", decimal.NewFromInt(-11), 0, 10, 0, false},
		{"rate at scale 10", decimal.RequireFromString("7.1234"), 10, maxAmount, 71_234_000_000, true},
		{"18-digit coefficient", decimal.RequireFromString("99999999.9999999999"), 10, maxAmount, maxAmount, true},
		{"coefficient beyond int64", decimal.RequireFromString("12345678901234567890123"), 0, math.MaxInt64, 0, false},
		{"25-digit coefficient, exact", decimal.RequireFromString("1250000.500000000000000000"), 4, maxAmount, 12_500_005_000, true},
		{"25-digit coefficient, not exact", decimal.RequireFromString("1250000.500000000000000001"), 4, maxAmount, 0, false},
		{"19 significant digits", decimal.RequireFromString("1234567890.123456789"), 4, maxAmount, 0, false},
		{"long zeros, huge exponent", decimal.New(1_000_000_000_000_000_000, math.MaxInt32), 4, maxAmount, 0, false},
		{"long zeros, tiny exponent", decimal.New(1_000_000_000_000_000_000, math.MinInt32), 4, maxAmount, 0, false},
		{"negative coefficient beyond int64", decimal.RequireFromString("-12345678901234567890123"), 0, math.MaxInt64, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := num.FromDecimal(tt.in, tt.scale, tt.max)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
			if ok {
				assert.True(t, tt.in.Equal(decimal.New(got, int32(-tt.scale))), "exact")
			}
		})
	}
}

// TestScaleUpAgreesWithFromDecimal checks the in-line fast path against
// the whole conversion: where ScaleUp gives a value, FromDecimal gives the
// same; where FromDecimal gives a value of 0 or more by multiplying (the
// exponent plus the scale from 0 to 18), ScaleUp gives it too, so that the
// fast path misses only the rare cases. Edge values, then random draws.
func TestScaleUpAgreesWithFromDecimal(t *testing.T) {
	check := func(t *testing.T, d decimal.Decimal, scale int, max int64) {
		t.Helper()
		if d.NumDigits() > 18 {
			return // the caller does not read the coefficient
		}
		got, ok := num.ScaleUp(d.CoefficientInt64(), d.Exponent(), scale, max)
		want, wok := num.FromDecimal(d, scale, max)
		if ok {
			require.True(t, wok, "%s at scale %d, max %d: FromDecimal refuses what ScaleUp takes", d, scale, max)
			require.Equal(t, want, got, "%s at scale %d, max %d", d, scale, max)
		}
		shift := int64(d.Exponent()) + int64(scale)
		if wok && want >= 0 && d.Sign() >= 0 && shift >= 0 && shift <= 18 {
			require.True(t, ok, "%s at scale %d, max %d: ScaleUp misses %d", d, scale, max, want)
		}
	}
	coefs := []int64{0, 1, 7, 9, 10, 99, 12_345, 999_999_999_999_999_999, 1e17, -1, -10_000, math.MaxInt64 / 10}
	exps := []int32{math.MinInt32, -23, -22, -19, -18, -5, -4, -1, 0, 1, 3, 13, 14, 15, 18, 19, math.MaxInt32}
	for _, c := range coefs {
		for _, e := range exps {
			for _, scale := range []int{0, 4, 10, 18} {
				for _, max := range []int64{0, 10, maxAmount, math.MaxInt64} {
					check(t, decimal.New(c, e), scale, max)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		c := r.Int64N(num.Pow10[r.IntN(19)]) // 0 to 18 digits
		if r.IntN(8) == 0 {
			c = -c
		}
		check(t, decimal.New(c, int32(r.IntN(41)-22)), r.IntN(19), []int64{maxAmount, math.MaxInt64, 1e12}[r.IntN(3)])
	}
}

func TestFromDecimalDoesNotAllocate(t *testing.T) {
	ds := []decimal.Decimal{
		decimal.RequireFromString("9876543.21"), decimal.RequireFromString("-0.0001"),
		decimal.New(1, 1000000), decimal.RequireFromString("0.00001"), {},
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, d := range ds {
			num.FromDecimal(d, 4, maxAmount)
		}
	})
	assert.Zero(t, allocs)
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"1", 10_000, true},
		{"+5", 50_000, true},
		{"1250000.50", 12_500_005_000, true},
		{"100.00000", 1_000_000, true},
		{"00012.3400", 123_400, true},
		{".5", 5_000, true},
		{"-.0001", -1, true},
		{"1e3", 10_000_000, true},
		{"1E-4", 1, true},
		{"0.00001", 0, false},
		{"1e-5", 0, false},
		{"99999999999999.9999", maxAmount, true},
		{"-99999999999999.9999", -maxAmount, true},
		{"100000000000000", 0, false},
		{"1e14", 0, false},
		{"1e1000000", 0, false},
		{"1e2147483647", 0, false},
		{"1e-2147483648", 0, false},
		{"1e99999999999", 0, false},
		{"", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1,000", 0, false},
		{"1_000", 0, false},
		{"0x10", 0, false},
		{"--1", 0, false},
		{"1e", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"abc", 0, false},
		{"1." + strings.Repeat("0", 63), 0, false},               // 65 bytes: too long, whatever the value
		{"1." + strings.Repeat("0", 16), 10_000, true},           // 17 digits
		{"1." + strings.Repeat("0", 62), 10_000, true},           // 64 bytes, 63 digits, exact
		{strings.Repeat("9", 64), 0, false},                      // 64 bytes
		{"0." + strings.Repeat("0", 58) + "1e60", 100_000, true}, // 64 bytes: 1e-59 * 1e60 = 10
	}
	for _, tt := range tests {
		name := tt.in
		if len(name) > 24 {
			name = fmt.Sprintf("%s...(%d bytes)", name[:12], len(name))
		}
		t.Run(name, func(t *testing.T) {
			got, ok := parse(tt.in, 4, maxAmount)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v     int64
		scale int
		group bool
		want  string
	}{
		{0, 4, false, "0"},
		{0, 4, true, "0"},
		{1, 4, false, "0.0001"},
		{-1, 4, false, "-0.0001"},
		{1_500, 4, false, "0.15"},
		{10_000, 4, false, "1"},
		{12_505_000, 4, false, "1250.5"},
		{12_505_000, 4, true, "1,250.5"},
		{-12_505_000, 4, true, "-1,250.5"},
		{20_000_000_000, 4, true, "2,000,000"},
		{-20_000_000_000, 4, true, "-2,000,000"},
		{9_990_000, 4, true, "999"},
		{10_000_000, 4, true, "1,000"},
		{123_456_789, 4, true, "12,345.6789"},
		{maxAmount, 4, true, "99,999,999,999,999.9999"},
		{math.MaxInt64, 4, false, "922337203685477.5807"},
		{math.MinInt64, 4, false, "-922337203685477.5808"},
		{math.MinInt64, 0, true, "-9,223,372,036,854,775,808"},
		{math.MaxInt64, 0, true, "9,223,372,036,854,775,807"},
		{math.MaxInt64, 18, false, "9.223372036854775807"},
		{1, 18, false, "0.000000000000000001"},
		{123, 0, true, "123"},
		{1234, 0, true, "1,234"},
		{-1_234_567, 0, true, "-1,234,567"},
		{250_000, 6, false, "0.25"},
		{1_000_000, 6, false, "1"},
		{100, 6, false, "0.0001"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, num.Format(tt.v, tt.scale, tt.group), "Format(%d, %d, %v)", tt.v, tt.scale, tt.group)
	}
}

// FuzzParse checks that whatever Parse accepts formats back to a literal
// that parses to the same value, and agrees with decimal.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1250000.50", "-0.0001", "100.00000", "1e3", "99999999999999.9999",
		"0.00001", "1e1000000", "abc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parse(s, 4, maxAmount)
		if !ok {
			if v != 0 {
				t.Fatalf("Parse(%q) = %d, false", s, v)
			}
			return
		}
		if v > maxAmount || v < -maxAmount {
			t.Fatalf("Parse(%q) = %d beyond the bound", s, v)
		}
		out := num.Format(v, 4, false)
		back, ok := parse(out, 4, maxAmount)
		if !ok || back != v {
			t.Fatalf("Parse(%q) = %d; Format = %q; Parse again = %d, %v", s, v, out, back, ok)
		}
		if d := decimal.RequireFromString(s); !d.Equal(decimal.New(v, -4)) {
			t.Fatalf("Parse(%q) = %d, not equal to the decimal %s", s, v, d)
		}
	})
}

// TestHugeExponentsAreNotExpanded checks the cost of rejecting a decimal
// with a huge exponent by the memory it takes, not by the clock: expanding
// 1e1000000 to a big integer would take hundreds of kilobytes.
func TestHugeExponentsAreNotExpanded(t *testing.T) {
	for _, s := range []string{"1e1000000", "1e2147483647", "1e-2147483648", "0." + strings.Repeat("0", 58) + "1e60"} {
		d, err := decimal.NewFromString(s)
		if err == nil {
			bytes := testkit.AllocatedBytes(func() { num.FromDecimal(d, 4, maxAmount) })
			assert.Less(t, bytes, uint64(4096), "FromDecimal(%s)", s)
		}
		bytes := testkit.AllocatedBytes(func() { parse(s, 4, maxAmount) })
		assert.Less(t, bytes, uint64(4096), "Parse(%s)", s)
	}
}

// parse converts the literal s as vipcare does: ParseDecimal, then
// FromDecimal.
func parse(s string, scale int, max int64) (int64, bool) {
	d, ok := num.ParseDecimal(s)
	if !ok {
		return 0, false
	}
	return num.FromDecimal(d, scale, max)
}
