package playbook_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
)

// maxCNY is the largest amount a single input may have, in yuan.
const maxCNY = "99999999999999.9999"

// TestDecideRefusesBadAmounts gives Decide and Explain profiles whose
// amounts Validate refuses: both fail with the problem located in the
// profile and its sentinel, never deciding on a number that wrapped
// around, and never quoting the amount.
func TestDecideRefusesBadAmounts(t *testing.T) {
	raw := func(s string) vipcare.Money {
		return vipcare.Money{Amount: decimal.RequireFromString(s), Currency: vipcare.CNY}
	}
	tests := []struct {
		name string
		edit func(p *vipcare.Profile)
		want testkit.Want
	}{
		{"a negative debt, which would make net wealth wrap", func(p *vipcare.Profile) {
			p.Holdings = manyMax(9)
			p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: raw("-" + maxCNY)}}
		}, testkit.Want{Path: "/liabilities/0/amount", Err: vipcare.ErrNegative}},
		{"a debt beyond the bounds", func(p *vipcare.Profile) {
			p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: raw("1" + maxCNY)}}
		}, testkit.Want{Path: "/liabilities/0/amount", Err: policy.ErrOutOfRange}},
		{"holdings whose total overflows", func(p *vipcare.Profile) { p.Holdings = manyMax(10) },
			testkit.Want{Path: "/holdings", Err: vipcare.ErrOverflow}},
		{"debts whose total overflows", func(p *vipcare.Profile) {
			for i := range 10 {
				p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "L" + strings.Repeat("x", i), Amount: raw(maxCNY)})
			}
		}, testkit.Want{Path: "/liabilities", Err: vipcare.ErrOverflow}},
		{"a negative holding", func(p *vipcare.Profile) { p.Holdings[0].Amount = raw("-1") },
			testkit.Want{Path: "/holdings/0/amount", Err: vipcare.ErrNegative}},
		{"negative financial assets", func(p *vipcare.Profile) { p.Investor.FinancialAssets = raw("-1") },
			testkit.Want{Path: "/investor/financial_assets", Err: vipcare.ErrNegative}},
		{"revenue beyond the bounds", func(p *vipcare.Profile) { p.Revenue12M = raw("-1" + maxCNY) },
			testkit.Want{Path: "/revenue_12m", Err: policy.ErrOutOfRange}},
		{"a negative daily balance the spike rule averages", func(p *vipcare.Profile) {
			p.DailyBalances = []vipcare.DailyBalance{{Date: asOf.AddDate(0, 0, -3), Balance: raw("-" + maxCNY)}}
		}, testkit.Want{Path: "/daily_balances/0/balance", Err: vipcare.ErrNegative}},
	}
	pb := reference(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := client("600123", "")
			tt.edit(&p)
			before := testkit.Clone(p)
			assert.ErrorIs(t, p.Validate(valuation()), tt.want.Err, "Validate refuses it too")

			_, err := pb.Decide(&p, valuation(), playbook.Options{}, nil)
			testkit.CheckProblems(t, err, tt.want)
			assert.NotContains(t, err.Error(), "9999", "errors never quote an amount")
			assert.NotContains(t, err.Error(), secretID)
			_, err2 := pb.Explain(&p, valuation(), playbook.Options{})
			assert.Equal(t, err, err2, "Explain refuses it as Decide does")
			assert.Equal(t, before, p, "the profile is unchanged")
		})
	}
}

// TestDecideAtTheBounds decides for clients at the largest totals the
// figures accept: the decision is made, on exact numbers.
func TestDecideAtTheBounds(t *testing.T) {
	pb := reference(t)
	p := client("600123", "")
	p.Holdings = manyMax(9)
	for i := range 9 {
		p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "L" + strings.Repeat("x", i), Amount: testkit.CNY(maxCNY)})
	}
	require.NoError(t, p.Validate(valuation()))
	d, err := pb.Decide(&p, valuation(), playbook.Options{}, nil)
	require.NoError(t, err)
	assert.Equal(t, "private banking", d.Tier.Name)
	x, err := pb.Explain(&p, valuation(), playbook.Options{Values: true})
	require.NoError(t, err)
	assert.Equal(t, d.Tier, x.Tier)
}

// manyMax returns n deposits of the largest amount, at the bank.
func manyMax(n int) []vipcare.Holding {
	hs := make([]vipcare.Holding, n)
	for i := range hs {
		hs[i] = vipcare.Holding{ID: "H" + strings.Repeat("x", i), Class: vipcare.Deposits, Amount: testkit.CNY(maxCNY)}
	}
	return hs
}
