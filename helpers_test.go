package vipcare_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// Planted confidential values: no error message, fmt or slog output may
// contain them.
const (
	plantedID     = "CLIENT-ID-7781"
	plantedDigits = "9876543" // the integer part of the deposit 9876543.21
)

// asOf is the as-of date of the test valuations: late in the day, so that
// a calendar date and an instant 24 hours earlier differ.
var asOf = time.Date(2025, 6, 30, 18, 0, 0, 0, testkit.CST)

// rawCNY builds a Money without the bounds check of NewMoney, for amounts
// that are meant to be invalid.
func rawCNY(s string) vipcare.Money {
	return vipcare.Money{Amount: decimal.RequireFromString(s), Currency: vipcare.CNY}
}

// valuation values in CNY as of asOf, converting USD at 7.1234 and HKD at
// 0.9123 (and nothing else).
func valuation() vipcare.Valuation { return testkit.Valuation(asOf) }

// holdingIDs are the IDs of the holdings of baseProfile, also confidential.
var holdingIDs = []string{"H-DEP-31", "H-WMP-32", "H-FND-33", "H-EQ-34", "H-RE-35", "H-BIZ-36",
	"H-INS-37", "H-FI-38"}

// baseProfile returns a valid profile with 8 holdings in mixed classes, one
// in USD, two off-bank. Under valuation() its figures are:
//
//	AUM     14,838,883.71 (9,876,543.21 + 2,000,000 + 750,000.5 + 712,340 + 300,000 + 1,200,000)
//	OffBank 13,000,000    (8,000,000 real estate + 5,000,000 business equity)
//	Wealth  27,838,883.71
//	Foreign    712,340    (100,000 USD at 7.1234)
func baseProfile() vipcare.Profile {
	return vipcare.Profile{
		ID:    plantedID,
		Since: testkit.Day(2019, 3, 15),
		Birth: testkit.Day(1975, 5, 20),
		Holdings: []vipcare.Holding{
			{ID: holdingIDs[0], Class: vipcare.Deposits, Amount: testkit.CNY("9876543.21")},
			{ID: holdingIDs[1], Class: vipcare.WealthProducts, Product: "WMP-180D", Amount: testkit.CNY("2000000")},
			{ID: holdingIDs[2], Class: vipcare.Funds, Amount: testkit.CNY("750000.50")},
			{ID: holdingIDs[3], Class: vipcare.Equities, Amount: testkit.USD("100000"), Foreign: true},
			{ID: holdingIDs[4], Class: vipcare.RealEstate, Amount: testkit.CNY("8000000"), OffBank: true},
			{ID: holdingIDs[5], Class: vipcare.BusinessEquity, Amount: testkit.CNY("5000000"), OffBank: true},
			{ID: holdingIDs[6], Class: vipcare.Insurance, Amount: testkit.CNY("300000")},
			{ID: holdingIDs[7], Class: vipcare.FixedIncome, Amount: testkit.CNY("1200000")},
		},
		Liabilities: []vipcare.Liability{
			{ID: "L-MTG-1", Kind: "mortgage", Amount: testkit.CNY("1500000")},
		},
		Revenue12M:   testkit.CNY("45678.9"),
		Entrepreneur: true,
		Corporates: []vipcare.CorporateLink{
			{ID: "CORP-8812", Role: vipcare.RoleOwner, Ownership: testkit.Dec("0.6")},
		},
		Risk:         vipcare.C4,
		RiskAssessed: testkit.Day(2025, 1, 10),
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    testkit.CNY("14838883.71"),
			NetFinancialAssets: testkit.CNY("13338883.71"),
			AverageIncome3Y:    testkit.CNY("1200000"),
			ExperienceYears:    12,
		},
		Contact: vipcare.Preferences{
			Channels:  []vipcare.Channel{vipcare.ChannelBranch, vipcare.ChannelPhone, vipcare.ChannelSecureMessage},
			Preferred: vipcare.ChannelPhone,
			Discreet:  true,
		},
		DailyBalances: []vipcare.DailyBalance{
			{Date: testkit.Day(2025, 6, 28), Balance: testkit.CNY("14800000")},
			{Date: testkit.Day(2025, 6, 29), Balance: testkit.CNY("14800000")},
			{Date: testkit.Day(2025, 6, 30), Balance: testkit.CNY("14838883.71")},
		},
		AverageBalances: []vipcare.PeriodAverage{
			{From: testkit.Day(2025, 5, 1), To: testkit.Day(2025, 5, 31), Average: testkit.CNY("14000000")},
		},
		Events: []vipcare.Event{
			// scheduled, after the as-of date: fine
			{Kind: vipcare.EventMaturity, Date: testkit.Day(2025, 8, 15), Holding: holdingIDs[1], Amount: testkit.CNY("2000000")},
			{Kind: vipcare.EventLargeInflow, Date: testkit.Day(2025, 6, 1), Amount: testkit.CNY("3000000")},
		},
	}
}

// probe returns a condition that compiles for a field of kind, whatever
// its value, so that an explanation of it shows the value.
func probe(info policy.FieldInfo) policy.Cond {
	f := policy.Field(info.Name)
	switch info.Kind {
	case "bool":
		return f.EQ(true)
	case "enum":
		return f.EQ(info.Values[0])
	case "date":
		return f.GE("2000-01-01")
	}
	return f.GE(0)
}

// fieldInfo returns the description of field in env's schema.
func fieldInfo(t testing.TB, env *vipcare.Env, field string) policy.FieldInfo {
	t.Helper()
	for _, info := range env.Schema().Fields() {
		if info.Name == field {
			return info
		}
	}
	require.Failf(t, "no such field", "%q", field)
	return policy.FieldInfo{}
}

// fieldValue returns the value of a field of env's schema for figures f,
// as the text an explanation with values shows ("55", "0.5", "-1",
// "true"), and checks that reading it does not change f.
func fieldValue(t testing.TB, env *vipcare.Env, field string, f *vipcare.Figures) string {
	t.Helper()
	info := fieldInfo(t, env, field)
	if info.Protected { // a test reads every field: allowed, as a justified use is
		env = policy.Must(env.Allow(field))
	}
	r, err := policy.Compile(env.Schema(), probe(info))
	require.NoError(t, err)
	before := *f
	e := r.Explain(f, policy.ExplainOptions{Values: true})
	require.Equal(t, field, e.Field)
	require.True(t, before == *f, "figures unchanged")
	return e.Value
}

// fieldValues returns the value of every field of the default schema for
// figures f, by name.
func fieldValues(t testing.TB, f *vipcare.Figures) map[string]string {
	t.Helper()
	var env *vipcare.Env
	out := map[string]string{}
	for _, info := range env.Schema().Fields() {
		out[info.Name] = fieldValue(t, env, info.Name, f)
	}
	return out
}
