package tier_test

import (
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// benchProfile is a client with 8 holdings in 7 classes, one in USD and two
// declared off-bank.
func benchProfile() (vipcare.Profile, vipcare.Valuation) {
	p := vipcare.Profile{
		ID:           "C00000001",
		Entrepreneur: true,
		Risk:         vipcare.C4,
		Corporates:   []vipcare.CorporateLink{{ID: "CORP-1", Role: vipcare.RoleOwner}},
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: testkit.CNY("350000.12")},
			{ID: "H2", Class: vipcare.WealthProducts, Amount: testkit.CNY("1200000")},
			{ID: "H3", Class: vipcare.Funds, Amount: testkit.CNY("480000.5")},
			{ID: "H4", Class: vipcare.Insurance, Amount: testkit.CNY("200000")},
			{ID: "H5", Class: vipcare.FixedIncome, Amount: testkit.CNY("300000")},
			{ID: "H6", Class: vipcare.Equities, Amount: testkit.USD("25000"), Foreign: true},
			{ID: "H7", Class: vipcare.RealEstate, Amount: testkit.CNY("5000000"), OffBank: true},
			{ID: "H8", Class: vipcare.BusinessEquity, Amount: testkit.CNY("8000000"), OffBank: true},
		},
	}
	return p, testkit.Valuation(asOf)
}

// BenchmarkAssign measures tiering one client from its profile: computing
// its figures (8 holdings, one converted from USD) and placing it on the
// reference ladder with an extra condition on the top rung.
func BenchmarkAssign(b *testing.B) {
	spec := tier.Reference()
	spec.Rungs[4].When = policy.Any(policy.Field("entrepreneur").EQ(true), policy.Field("tenure_months").GE(24))
	ladder := policy.Must(spec.Compile(nil))
	p, v := benchProfile()
	var f vipcare.Figures
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Compute(&p, &f); err != nil {
			b.Fatal(err)
		}
		got, err := ladder.Assign(&f)
		if err != nil || got.Name != "diamond" {
			b.Fatal(got, err)
		}
	}
}

// BenchmarkAssignFigures measures Assign alone, on figures computed once.
func BenchmarkAssignFigures(b *testing.B) {
	ladder := policy.Must(tier.Reference().Compile(nil))
	p, v := benchProfile()
	f := testkit.Figures(b, &p, v)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ladder.Assign(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConditionEval measures a compiled six-comparison condition over
// the default environment's schema of figures: amounts, shares, an enum, a
// bool, a count.
func BenchmarkConditionEval(b *testing.B) {
	var env *vipcare.Env // the default environment
	rule := policy.Must(policy.Compile(env.Schema(), policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Any(
			policy.Field("entrepreneur").EQ(true),
			policy.Field("corporate_links").GE(1),
		),
		policy.AtLeast(2,
			policy.Field("share.real_estate").GE("0.2"),
			policy.Field("share.business_equity").GE("0.3"),
			policy.Field("risk_level").In("C4", "C5"),
		),
	)))
	p, v := benchProfile()
	f := testkit.Figures(b, &p, v)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !rule.Eval(f) {
			b.Fatal("rule should hold")
		}
	}
}
