package tier_test

import (
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// benchProfile is testkit's rich client (8 holdings in 7 classes, one in
// USD, two declared off-bank), valued as of asOf.
func benchProfile() (vipcare.Profile, vipcare.Valuation) {
	return testkit.RichProfile(), testkit.Valuation(asOf)
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

// BenchmarkQualify measures the reference ladder's qualification of
// sample clients (monthly averages, no daily records) on figures computed
// once: the spike rule reads the month's ADB, measured as Qualify checks
// it and again as the rule reads it.
func BenchmarkQualify(b *testing.B) {
	ladder := policy.Must(tier.Reference().Compile(nil))
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	var figs []*vipcare.Figures
	for p := range sample.Seq(o, 64) {
		figs = append(figs, testkit.Figures(b, &p, v))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ladder.Qualify(figs[i%len(figs)]); err != nil {
			b.Fatal(err)
		}
	}
}
