package vipcare_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
)

// maxCNY is the largest amount a single input may have, in yuan.
const maxCNY = "99999999999999.9999"

// manyHoldings returns n holdings of the largest amount in class c.
func manyHoldings(n int, c vipcare.AssetClass, offBank bool) []vipcare.Holding {
	hs := make([]vipcare.Holding, n)
	for i := range hs {
		hs[i] = vipcare.Holding{ID: "H" + strings.Repeat("x", i), Class: c, Amount: testkit.CNY(maxCNY), OffBank: offBank}
	}
	return hs
}

// manyLiabilities returns n debts of the largest amount.
func manyLiabilities(n int) []vipcare.Liability {
	ls := make([]vipcare.Liability, n)
	for i := range ls {
		ls[i] = vipcare.Liability{ID: "L" + strings.Repeat("x", i), Amount: testkit.CNY(maxCNY)}
	}
	return ls
}

// TestDerivedFieldsAtTheBounds reads the fields computed by subtraction
// and addition from figures at the largest totals Compute accepts: nine
// holdings of the largest amount (ten overflow), as many debts.
func TestDerivedFieldsAtTheBounds(t *testing.T) {
	const nine = "899999999999999.9991" // 9 x maxCNY
	tests := []struct {
		name string
		p    vipcare.Profile
		want map[string]string
	}{
		{"largest wealth, no debts", vipcare.Profile{ID: "C", Holdings: manyHoldings(9, vipcare.Deposits, false)},
			map[string]string{"wealth": nine, "net_wealth": nine, "domestic_share": "1", "leverage": "0",
				"share.cash_and_fixed_income": "1"}},
		{"largest debts, no wealth", vipcare.Profile{ID: "C", Liabilities: manyLiabilities(9)},
			map[string]string{"liabilities": nine, "net_wealth": "-" + nine, "domestic_share": "0", "leverage": "1000"}},
		{"largest wealth and debts", vipcare.Profile{ID: "C", Holdings: manyHoldings(9, vipcare.FixedIncome, true),
			Liabilities: manyLiabilities(9)},
			map[string]string{"net_wealth": "0", "leverage": "1", "share.cash_and_fixed_income": "1", "off_bank": nine}},
		{"largest foreign wealth", vipcare.Profile{ID: "C", Holdings: func() []vipcare.Holding {
			hs := append(manyHoldings(5, vipcare.Deposits, false), manyHoldings(4, vipcare.FixedIncome, false)...)
			for i := range hs {
				hs[i].ID += string(rune('a' + i))
				hs[i].Foreign = true
			}
			return hs
		}()}, map[string]string{"foreign": nine, "domestic_share": "0", "foreign_share": "1", "share.cash_and_fixed_income": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.p.Validate(valuation()))
			f := testkit.Figures(t, &tt.p, valuation())
			got := fieldValues(t, f)
			for field, want := range tt.want {
				assert.Equal(t, want, got[field], field)
			}
		})
	}
}

// TestDerivedFieldsOfHandBuiltFigures checks that fields computed by
// subtraction saturate, never wrap, over figures built by hand with
// totals Compute never makes.
func TestDerivedFieldsOfHandBuiltFigures(t *testing.T) {
	const (
		maxInt = "922337203685477.5807"  // MaxInt64 ten-thousandths
		minInt = "-922337203685477.5808" // MinInt64
	)
	p := vipcare.Profile{ID: "C"}
	tests := []struct {
		name  string
		f     vipcare.Figures
		field string
		want  string
	}{
		{"wealth at the top less negative debts", vipcare.Figures{Profile: &p, Currency: vipcare.CNY, Wealth: math.MaxInt64, Liabilities: -1},
			"net_wealth", maxInt},
		{"wealth at the bottom less debts", vipcare.Figures{Profile: &p, Currency: vipcare.CNY, Wealth: math.MinInt64, Liabilities: 1},
			"net_wealth", minInt},
		{"the widest difference that fits", vipcare.Figures{Profile: &p, Currency: vipcare.CNY, Wealth: -1, Liabilities: math.MaxInt64},
			"net_wealth", minInt},
		{"negative foreign wealth", vipcare.Figures{Profile: &p, Currency: vipcare.CNY, Wealth: math.MaxInt64, Foreign: -1},
			"domestic_share", "1"},
		{"foreign wealth at the bottom", vipcare.Figures{Profile: &p, Currency: vipcare.CNY, Wealth: 1, Foreign: math.MinInt64},
			"domestic_share", "4611686018427.387904"}, // the largest share, 2^62 millionths
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, fieldValue(t, nil, tt.field, &tt.f))
		})
	}
}
