package tier_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// benchProfile is a client with 8 holdings in 7 classes, one in USD and two
// declared off-bank.
func benchProfile() (vipcare.Profile, vipcare.Valuation) {
	rates, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("7.1234"),
	})
	if err != nil {
		panic(err)
	}
	m := func(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.CNY) }
	p := vipcare.Profile{
		ID:           "C00000001",
		Entrepreneur: true,
		Risk:         vipcare.C4,
		Corporates:   []vipcare.CorporateLink{{ID: "CORP-1", Role: vipcare.RoleOwner}},
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: m("350000.12")},
			{ID: "H2", Class: vipcare.WealthProducts, Amount: m("1200000")},
			{ID: "H3", Class: vipcare.Funds, Amount: m("480000.5")},
			{ID: "H4", Class: vipcare.Insurance, Amount: m("200000")},
			{ID: "H5", Class: vipcare.FixedIncome, Amount: m("300000")},
			{ID: "H6", Class: vipcare.Equities, Amount: vipcare.MustMoney("25000", vipcare.USD), Foreign: true},
			{ID: "H7", Class: vipcare.RealEstate, Amount: m("5000000"), OffBank: true},
			{ID: "H8", Class: vipcare.BusinessEquity, Amount: m("8000000"), OffBank: true},
		},
	}
	return p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: rates}
}

// BenchmarkAssign measures tiering one client from its profile: computing
// its figures (8 holdings, one converted from USD) and placing it on the
// reference ladder with an extra condition on the top rung.
func BenchmarkAssign(b *testing.B) {
	spec := tier.ReferenceLadder()
	spec.Rungs[4].When = policy.Any(policy.Field("entrepreneur").IsTrue(), policy.Field("tenure_months").GE(24))
	ladder := tier.MustLadder(spec)
	p, v := benchProfile()
	var f vipcare.Figures
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Compute(&p, &f); err != nil {
			b.Fatal(err)
		}
		a, err := ladder.Assign(&f)
		if err != nil || a.Tier.Name != "diamond" {
			b.Fatal(a, err)
		}
	}
}

// BenchmarkAssignFigures measures Assign alone, on figures computed once.
func BenchmarkAssignFigures(b *testing.B) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	p, v := benchProfile()
	f, err := v.Figures(&p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ladder.Assign(&f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConditionEval measures a compiled six-comparison condition over
// vipcare's schema of figures: amounts, shares, an enum, a bool, a count.
func BenchmarkConditionEval(b *testing.B) {
	rule := policy.MustCompile(vipcare.MustSchema(), policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Any(
			policy.Field("entrepreneur").IsTrue(),
			policy.Field("corporate_links").GE(1),
		),
		policy.AtLeast(2,
			policy.Field("share.real_estate").GE("0.2"),
			policy.Field("share.business_equity").GE("0.3"),
			policy.Field("risk_level").In("C4", "C5"),
		),
	))
	p, v := benchProfile()
	f, err := v.Figures(&p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !rule.Eval(&f) {
			b.Fatal("rule should hold")
		}
	}
}
