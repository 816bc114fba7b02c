package tier_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/tier"
)

// replayClient has two years of daily balances, moving between tiers.
func replayClient() vipcare.Profile {
	p := vipcare.Profile{ID: "C"}
	p.Holdings = []vipcare.Holding{{ID: "H", Class: vipcare.Deposits, Amount: vipcare.MustMoney("700000", vipcare.CNY)}}
	d := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 730; i++ {
		bal := int64(300_000 + (i*7919)%900_000)
		p.Balances.Daily = append(p.Balances.Daily, vipcare.DailyBalance{Date: d.AddDate(0, 0, i),
			Balance: vipcare.Money{Amount: decimal.NewFromInt(bal), Currency: vipcare.CNY}})
	}
	return p
}

// BenchmarkLifecycleReplay24 replays 24 monthly periods of one client: the
// month's ADB from 730 daily balances, the rung, and the lifecycle step, for
// each period. One op is one client.
func BenchmarkLifecycleReplay24(b *testing.B) {
	spec := tier.ReferenceLadder()
	spec.Measure = tier.ADB(tier.Month)
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(tier.MustLadder(spec)))
	p := replayClient()
	f, err := vipcare.Valuation{AsOf: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		b.Fatal(err)
	}
	periods := tier.Periods(tier.MonthOf(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), 24)
	obs := make([]tier.Observation, 0, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		obs, err = lc.ObservePeriods(obs[:0], &f, periods)
		if err != nil {
			b.Fatal(err)
		}
		s := tier.State{}
		for _, o := range obs {
			s = lc.Step(s, o).After
		}
	}
}

// BenchmarkLifecycleStep is one lifecycle step: 0 allocations.
func BenchmarkLifecycleStep(b *testing.B) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	obs := observations(b, lc, "60000", "600000", "1", "1", "1", "7000000")
	b.ReportAllocs()
	b.ResetTimer()
	s := tier.State{}
	for i := 0; i < b.N; i++ {
		s = lc.Step(s, obs[i%len(obs)]).After
	}
}
