package vipcare_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

func TestCurrencyIsValid(t *testing.T) {
	for _, c := range []vipcare.Currency{vipcare.CNY, vipcare.USD, "HKD", "EUR", "JPY", "XAU"} {
		assert.True(t, c.IsValid(), c)
	}
	for _, c := range []vipcare.Currency{"", "cny", "Cny", "US", "USDT", "U$D", "人民币", "CN\x00"} {
		assert.False(t, c.IsValid(), "%q", c)
	}
}

func TestNewMoney(t *testing.T) {
	m, err := vipcare.NewMoney("1250000.50", vipcare.CNY)
	require.NoError(t, err)
	assert.Equal(t, vipcare.CNY, m.Currency)
	assert.True(t, m.Amount.Equal(testkit.Dec("1250000.5")))
	assert.Equal(t, "1250000.5 CNY", m.String())
	assert.Equal(t, "-3 USD", testkit.USD("-3.000").String())
	assert.Equal(t, "0 CNY", testkit.CNY("0").String())
	assert.Equal(t, "99999999999999.9999 CNY", testkit.CNY("99999999999999.9999").String())
}

func TestNewMoneyErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", policy.ErrMalformed},
		{"not a number", "abc", policy.ErrMalformed},
		{"thousands separator", "1,000", policy.ErrMalformed},
		{"two points", "12.5.1", policy.ErrMalformed},
		{"longer than 64 bytes, refused before parsing", strings.Repeat("1", 65), policy.ErrMalformed},
		{"five decimal places", "0.00001", policy.ErrOutOfRange},
		{"10^14", "100000000000000", policy.ErrOutOfRange},
		{"-10^14", "-100000000000000", policy.ErrOutOfRange},
		{"10^14 with an exponent", "1e14", policy.ErrOutOfRange},
		{"10^100", "1e100", policy.ErrOutOfRange},
		{"10^-100", "1e-100", policy.ErrOutOfRange},
		// decimal refuses to parse an exponent beyond 10000 (MaxDecodeExponent)
		{"huge exponent", "1e1000000", policy.ErrMalformed},
		{"huge negative exponent", "1e-1000000", policy.ErrMalformed},
		{"30 digits", "123456789012345678901234567890", policy.ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m vipcare.Money
			var err error
			// Rejecting a huge exponent reads the exponent; it never expands
			// the number digit by digit.
			assert.Less(t, testkit.AllocatedBytes(func() { m, err = vipcare.NewMoney(tt.in, vipcare.CNY) }), uint64(4096))
			assert.Equal(t, vipcare.Money{}, m)
			testkit.CheckProblems(t, err, testkit.Want{Path: "/amount", Err: tt.want})
			if tt.in != "" {
				assert.NotContains(t, err.Error(), tt.in, "the error never contains the value")
			}
		})
	}
}

func TestNewMoneyCurrency(t *testing.T) {
	for _, c := range []vipcare.Currency{"", "cny", "RMB ", "US", "人民币"} {
		m, err := vipcare.NewMoney("100", c)
		assert.Equal(t, vipcare.Money{}, m)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/currency", Err: policy.ErrMalformed})
		if c != "" {
			assert.NotContains(t, err.Error(), string(c), "the value is not quoted: it could be anything")
		}
	}
	_, err := vipcare.NewMoney("1,000", "rmb")
	testkit.CheckProblems(t, err, testkit.Want{Path: "/amount", Err: policy.ErrMalformed},
		testkit.Want{Path: "/currency", Err: policy.ErrMalformed})
	_, err = vipcare.NewMoney("1e100", "")
	testkit.CheckProblems(t, err, testkit.Want{Path: "/amount", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/currency", Err: policy.ErrMalformed})
	// The zero Money has a zero amount and no currency.
	for _, zero := range []string{"0", "0.00", "-0"} {
		m, err := vipcare.NewMoney(zero, "")
		require.NoError(t, err, zero)
		assert.True(t, m.Amount.IsZero(), zero)
		assert.Empty(t, m.Currency, zero)
	}
	_, err = vipcare.NewMoney("0.01", "")
	testkit.CheckProblems(t, err, testkit.Want{Path: "/currency", Err: policy.ErrMalformed})
}

func TestMustNewMoney(t *testing.T) {
	assert.NotPanics(t, func() { policy.Must(vipcare.NewMoney("1", vipcare.CNY)) })
	defer func() {
		r := recover()
		require.NotNil(t, r, "policy.Must must panic on a bad literal")
		err, ok := r.(error)
		require.True(t, ok, "panics with the error")
		assert.ErrorIs(t, err, policy.ErrOutOfRange)
	}()
	policy.Must(vipcare.NewMoney("0.00001", vipcare.CNY))
}

func TestToAmount(t *testing.T) {
	tests := []struct {
		name string
		in   decimal.Decimal
		want vipcare.Amount
		ok   bool
		why  string // what the error says is wrong
	}{
		{"zero", decimal.Decimal{}, 0, true, ""},
		{"zero with a huge exponent", decimal.New(0, math.MaxInt32), 0, true, ""},
		{"one", decimal.NewFromInt(1), 10_000, true, ""},
		{"smallest unit", testkit.Dec("0.0001"), 1, true, ""},
		{"negative smallest unit", testkit.Dec("-0.0001"), -1, true, ""},
		{"trailing zeros beyond the scale", testkit.Dec("100.00000"), 1_000_000, true, ""},
		{"five decimal places", testkit.Dec("0.00001"), 0, false, "more than 4 decimal places"},
		{"rounding would be needed", testkit.Dec("1.23456"), 0, false, "more than 4 decimal places"},
		{"largest", testkit.Dec("99999999999999.9999"), vipcare.MaxAmount, true, ""},
		{"most negative", testkit.Dec("-99999999999999.9999"), -vipcare.MaxAmount, true, ""},
		{"10^14", decimal.New(1, 14), 0, false, "not below 10^14 in magnitude"},
		{"-10^14", decimal.New(-1, 14), 0, false, "not below 10^14 in magnitude"},
		{"10^13 with a positive exponent", decimal.New(1, 13), 100_000_000_000_000_000, true, ""},
		{"15 integer digits", testkit.Dec("123456789012345"), 0, false, "not below 10^14 in magnitude"},
		{"huge exponent", decimal.New(1, 1000000), 0, false, "not below 10^14 in magnitude"},
		{"largest exponent", decimal.New(1, math.MaxInt32), 0, false, "not below 10^14 in magnitude"},
		{"huge negative exponent", decimal.New(1, -1000000), 0, false, "more than 4 decimal places"},
		{"smallest exponent", decimal.New(1, math.MinInt32), 0, false, "more than 4 decimal places"},
		{"coefficient beyond int64", testkit.Dec("123456789012345678901234567890e-20"), 0, false, "more than 4 decimal places"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a vipcare.Amount
			var err error
			// Deciding from the exponent, never expanding: a huge exponent
			// costs no more than any other input.
			assert.Less(t, testkit.AllocatedBytes(func() { a, err = vipcare.ToAmount(tt.in) }), uint64(1024))
			if !tt.ok {
				testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrOutOfRange})
				assert.Contains(t, err.Error(), tt.why)
				assert.Zero(t, a)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, a)
			assert.True(t, tt.in.Equal(a.Decimal()), "Decimal round-trips")
		})
	}
}

func TestToAmountDoesNotAllocate(t *testing.T) {
	d := testkit.Dec("9876543.21")
	var a vipcare.Amount
	allocs := testing.AllocsPerRun(100, func() { a, _ = vipcare.ToAmount(d) })
	assert.Zero(t, allocs)
	assert.Equal(t, vipcare.Amount(98765432100), a)
}

func TestAmountFormatting(t *testing.T) {
	tests := []struct {
		a              vipcare.Amount
		plain, grouped string
	}{
		{0, "0", "0"},
		{1, "0.0001", "0.0001"},
		{-1, "-0.0001", "-0.0001"},
		{5000, "0.5", "0.5"},
		{9_990_000, "999", "999"},
		{10_000_000, "1000", "1,000"},
		{12_505_000, "1250.5", "1,250.5"},
		{-12_505_000, "-1250.5", "-1,250.5"},
		{20_000_000_000, "2000000", "2,000,000"},
		{-20_000_000_000, "-2000000", "-2,000,000"},
		{98_765_432_100, "9876543.21", "9,876,543.21"},
		{123_456_789_012, "12345678.9012", "12,345,678.9012"},
		{vipcare.MaxAmount, "99999999999999.9999", "99,999,999,999,999.9999"},
		{-vipcare.MaxAmount, "-99999999999999.9999", "-99,999,999,999,999.9999"},
		{math.MaxInt64, "922337203685477.5807", "922,337,203,685,477.5807"},
		{math.MinInt64, "-922337203685477.5808", "-922,337,203,685,477.5808"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.plain, tt.a.String(), "String(%d)", int64(tt.a))
		// the grouped form of explanations (Amount.Grouped before)
		assert.Equal(t, tt.grouped, num.Format(int64(tt.a), vipcare.AmountScale, true), "grouped(%d)", int64(tt.a))
		assert.Equal(t, tt.plain, tt.a.Decimal().String(), "Decimal(%d)", int64(tt.a))
		text, err := tt.a.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, tt.plain, string(text), "MarshalText(%d)", int64(tt.a))
		if tt.a >= -vipcare.MaxAmount && tt.a <= vipcare.MaxAmount {
			var back vipcare.Amount
			require.NoError(t, back.UnmarshalText(text))
			assert.Equal(t, tt.a, back, "UnmarshalText(%s)", text)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	var v struct{ A, B vipcare.Amount }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2000000","B":"-1250.5"}`), &v))
	assert.Equal(t, vipcare.Amount(20_000_000_000), v.A)
	assert.Equal(t, vipcare.Amount(-12_505_000), v.B)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2000000","B":"-1250.5"}`, string(b), "amounts, not counts of ten-thousandths")

	for bad, want := range map[string]error{
		"":                      policy.ErrMalformed,
		"abc":                   policy.ErrMalformed,
		"1e1000000":             policy.ErrMalformed,
		strings.Repeat("1", 65): policy.ErrMalformed,
		"1.00001":               policy.ErrOutOfRange,
		"100000000000000":       policy.ErrOutOfRange,
	} {
		a := vipcare.Amount(7)
		err := a.UnmarshalText([]byte(bad))
		testkit.CheckProblems(t, err, testkit.Want{Err: want})
		assert.Equal(t, vipcare.Amount(7), a, "%q: unchanged on error", bad)
	}
}

func TestShareOf(t *testing.T) {
	tests := []struct {
		name        string
		part, whole vipcare.Amount
		want        vipcare.Share
	}{
		{"a quarter", 25, 100, 250_000},
		{"a third truncates", 1, 3, 333_333},
		{"two thirds truncates, not rounds", 2, 3, 666_666},
		{"the whole", 7, 7, vipcare.Whole},
		{"nothing", 0, 100, 0},
		{"just under a millionth", 999_999, 1_000_000_000_000, 0},
		{"a millionth", 1_000_000, 1_000_000_000_000, 1},
		{"more than the whole", 3, 2, 1_500_000},
		{"negative part truncates toward zero", -1, 3, -333_333},
		{"zero whole", 5, 0, 0},
		{"negative whole", 5, -10, 0},
		{"largest amounts, no overflow", vipcare.MaxAmount, vipcare.MaxAmount, vipcare.Whole},
		{"largest part of a larger whole", vipcare.MaxAmount - 1, vipcare.MaxAmount, 999_999},
		{"sum of nine largest", vipcare.MaxAmount, 9 * vipcare.MaxAmount, 111_111},
		{"quotient too large clamps", vipcare.MaxAmount, 1, 1 << 62},
		{"negative quotient too large clamps", -vipcare.MaxAmount, 1, -(1 << 62)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, vipcare.ShareOf(tt.part, tt.whole))
		})
	}
	allocs := testing.AllocsPerRun(100, func() { _ = vipcare.ShareOf(2, 3) })
	assert.Zero(t, allocs)
}

func TestShareFormatting(t *testing.T) {
	tests := []struct {
		s            vipcare.Share
		str, percent string
	}{
		{0, "0", "0.0%"},
		{250_000, "0.25", "25.0%"},
		{vipcare.Whole, "1", "100.0%"},
		{333_333, "0.333333", "33.3%"},
		{666_666, "0.666666", "66.7%"},
		{287_367, "0.287367", "28.7%"},
		{1, "0.000001", "0.0%"},
		{499, "0.000499", "0.0%"},
		{500, "0.0005", "0.1%"}, // half a tenth of a percent rounds away from zero
		{-500, "-0.0005", "-0.1%"},
		{-499, "-0.000499", "0.0%"},
		{-250_000, "-0.25", "-25.0%"},
		{1_234_567, "1.234567", "123.5%"},
		{999_950, "0.99995", "100.0%"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.str, tt.s.String(), "String(%d)", int64(tt.s))
		assert.Equal(t, tt.percent, tt.s.Percent(), "Percent(%d)", int64(tt.s))
		// String is the exact fraction (Share.Decimal before): it parses back
		// to the share in millionths.
		exact := decimal.New(int64(tt.s), -vipcare.ShareScale)
		assert.True(t, exact.Equal(testkit.Dec(tt.str)), "String(%d) is exact", int64(tt.s))
	}
}
