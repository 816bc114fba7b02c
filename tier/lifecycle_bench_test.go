package tier_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// replayClient has two years of daily balances, moving between tiers.
func replayClient() vipcare.Profile {
	p := client("C", "700000")
	d := testkit.Day(2025, 1, 1)
	for i := 0; i < 730; i++ {
		bal := int64(300_000 + (i*7919)%900_000)
		p.DailyBalances = append(p.DailyBalances, vipcare.DailyBalance{Date: d.AddDate(0, 0, i),
			Balance: vipcare.Money{Amount: decimal.NewFromInt(bal), Currency: vipcare.CNY}})
	}
	return p
}

// months returns n monthly periods from first on.
func months(first tier.Period, n int) []tier.Period {
	out := make([]tier.Period, 0, n)
	for p := first; len(out) < n; p = p.Next() {
		out = append(out, p)
	}
	return out
}

// BenchmarkLifecycleReplay24 replays 24 monthly periods of one client: the
// month's ADB from 730 daily balances, the rung, and the lifecycle step, for
// each period. One op is one client.
func BenchmarkLifecycleReplay24(b *testing.B) {
	spec := tier.Reference()
	spec.Measure = "adb_month"
	ladder := policy.Must(spec.Compile(nil))
	p := replayClient()
	f := testkit.Figures(b, &p, testkit.Valuation(testkit.Day(2026, 12, 31)))
	periods := months(tier.MonthOf(testkit.Day(2025, 1, 1)), 24)
	obs := make([]tier.Observation, 0, 24)
	var err error
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		obs, err = ladder.ObservePeriods(obs[:0], f, periods)
		if err != nil {
			b.Fatal(err)
		}
		s := tier.State{}
		for _, o := range obs {
			s = ladder.Step(s, o).After
		}
	}
}

// BenchmarkLifecycleStep is one lifecycle step: 0 allocations.
func BenchmarkLifecycleStep(b *testing.B) {
	ladder := policy.Must(tier.Reference().Compile(nil))
	obs := observations(b, ladder, "60000", "600000", "1", "1", "1", "7000000")
	b.ReportAllocs()
	b.ResetTimer()
	s := tier.State{}
	for i := 0; i < b.N; i++ {
		s = ladder.Step(s, obs[i%len(obs)]).After
	}
}
