package sample_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// checkDaily checks the daily balances of a profile of a book with the
// given DailyDays, and the averages they cover.
func checkDaily(t *testing.T, v vipcare.Valuation, days int, p *vipcare.Profile, f *vipcare.Figures) {
	t.Helper()
	d := p.DailyBalances
	if days == 0 {
		assert.Empty(t, d, p.ID)
		return
	}
	loc := v.AsOf.Location()
	day := func(x time.Time) int64 { return civil.Day(x, loc) }
	asOf := day(v.AsOf)
	require.NotEmpty(t, d, p.ID)

	// from DailyDays ago, or the start of the relationship, to the as-of
	// date, whose balance is the AUM
	start := asOf - int64(days) + 1
	assert.Equal(t, max(start, day(p.Since)), day(d[0].Date), "%s: first day", p.ID)
	assert.Equal(t, asOf, day(d[len(d)-1].Date), "%s: last day", p.ID)
	assert.Equal(t, f.AUM, amount(t, f, d[len(d)-1].Balance), "%s: the as-of balance is not the AUM", p.ID)
	// plain comparisons per record: testify's are slow under -race
	dormant := !p.LastActive.IsZero() && civil.MonthsBetween(p.LastActive, v.AsOf) >= 12
	bal := make([]vipcare.Amount, len(d))
	for j, b := range d {
		y, m, dd := b.Date.Date()
		if b.Date.Location() != loc || b.Date.Hour() != 0 || b.Date.Minute() != 0 || b.Date.Second() != 0 ||
			b.Date.Nanosecond() != 0 || time.Date(y, m, dd, 0, 0, 0, 0, loc) != b.Date {
			t.Errorf("%s: daily[%d]: not midnight in the as-of location", p.ID, j)
		}
		if b.Balance.Currency != vipcare.CNY {
			t.Errorf("%s: daily[%d]: currency %s", p.ID, j, b.Balance.Currency)
		}
		a, err := vipcare.ToAmount(b.Balance.Amount)
		require.NoError(t, err)
		switch bal[j] = a; {
		case a < 0:
			t.Errorf("%s: daily[%d]: negative", p.ID, j)
		case dormant && a != f.AUM:
			t.Errorf("%s: daily[%d]: a dormant balance moved", p.ID, j)
		}
	}

	// a jump is a deposit within the last 10 days, recorded as a large
	// inflow, after which the client was last active
	for j := 1; j < len(d); j++ {
		if bal[j] < 2*bal[j-1] || bal[j-1] == 0 {
			continue
		}
		dep := day(d[j].Date)
		assert.Less(t, asOf-dep, int64(10), "%s: an old jump", p.ID)
		assert.GreaterOrEqual(t, day(p.LastActive), dep, "%s: inactive since before the deposit", p.ID)
		found := false
		for _, e := range p.Events {
			found = found || e.Kind == vipcare.EventLargeInflow && day(e.Date) == dep
		}
		assert.True(t, found, "%s: a deposit without a large inflow", p.ID)
	}

	// the averages of the months the series covers are the series' (days
	// carried forward, 0 before the first record), to the cent
	for _, a := range p.AverageBalances {
		from, to := day(a.From), day(a.To)
		if from < start {
			continue
		}
		var sum vipcare.Amount
		k, carried := 0, vipcare.Amount(0)
		for x := from; x <= to; x++ {
			for k < len(d) && day(d[k].Date) <= x {
				carried = bal[k]
				k++
			}
			sum += carried
		}
		n := vipcare.Amount(to - from + 1)
		diff := amount(t, f, a.Average)*n - sum
		assert.LessOrEqual(t, diff, 50*n, "%s: average above the series' (%s)", p.ID, a.From)
		assert.GreaterOrEqual(t, diff, -50*n, "%s: average below the series' (%s)", p.ID, a.From)
	}
}

// jump returns the number of days since the last record at least twice the
// one before, and whether there is one: the deposit of a spiked client.
func jump(v vipcare.Valuation, p *vipcare.Profile) (int64, bool) {
	d := p.DailyBalances
	for j := len(d) - 1; j > 0; j-- {
		prev, cur := d[j-1].Balance.Amount, d[j].Balance.Amount
		if prev.IsPositive() && cur.GreaterThanOrEqual(prev.Add(prev)) {
			loc := v.AsOf.Location()
			return civil.Day(v.AsOf, loc) - civil.Day(d[j].Date, loc), true
		}
	}
	return 0, false
}

func TestDailyDeterminism(t *testing.T) {
	o := sample.Options{Seed: 42, DailyDays: 92}
	book := collect(o, 300)
	assert.Equal(t, book, collect(o, 300), "same options, same book")
	assert.Equal(t, book[:50], collect(o, 50), "prefix")
	for _, i := range []int{0, 1, 42, 299} {
		assert.Equal(t, book[i], sample.Profile(o, i), "Profile(o, %d)", i)
	}
	assert.NotEqual(t, book, collect(sample.Options{Seed: 42, DailyDays: 91}, 300), "different days")

	// the same clients as without daily balances: only the balance history
	// and the large inflows of spiked clients differ
	spiked := 0
	for i, p := range sample.Profiles(sample.Options{Seed: 42}, 300) {
		q := book[i]
		require.NotEmpty(t, q.DailyBalances)
		switch len(q.Events) - len(p.Events) {
		case 0:
		case 1:
			spiked++
			var rest []vipcare.Event
			extra := 0
			for _, e := range q.Events {
				if extra == 0 && e.Kind == vipcare.EventLargeInflow && !containsEvent(p.Events, e) {
					extra++
					continue
				}
				rest = append(rest, e)
			}
			require.Equal(t, 1, extra, "client %d: the extra event is not a large inflow", i)
			q.Events = rest
		default:
			t.Fatalf("client %d: %d events, %d without daily balances", i, len(q.Events), len(p.Events))
		}
		q.DailyBalances, q.AverageBalances = p.DailyBalances, p.AverageBalances
		assert.Equal(t, p, q, "client %d", i)
	}
	t.Logf("%d of 300 clients spiked", spiked)
}

func containsEvent(es []vipcare.Event, e vipcare.Event) bool {
	for _, x := range es {
		if x.Kind == e.Kind && x.Date.Equal(e.Date) && x.Amount.Amount.Equal(e.Amount.Amount) {
			return true
		}
	}
	return false
}

// With a month of daily balances, ADB(Month) on the last day of the month is
// the generated average of the month, and well below the AUM of a client
// whose balance a recent deposit multiplied.
func TestSpikedADB(t *testing.T) {
	o := sample.Options{Seed: 2026, DailyDays: 31}
	v := sample.Valuation(o)
	adb := tier.ADB(tier.Month)
	spiked := 0
	var ratios []float64
	for i, p := range sample.Profiles(o, 3000) {
		f, err := v.Figures(&p)
		require.NoError(t, err)
		a, err := adb.Measure(&f)
		require.NoError(t, err, "client %d", i)
		june := amount(t, &f, p.AverageBalances[2].Average)
		assert.InDelta(t, int64(june), int64(a), 50, "client %d: June average and ADB", i)
		if _, ok := jump(v, &p); ok {
			spiked++
			assert.Less(t, 4*a, 3*f.AUM, "client %d: ADB not well below the AUM", i)
			ratios = append(ratios, float64(f.AUM)/float64(a))
		}
	}
	require.Positive(t, spiked)
	lo, hi, three := math.Inf(1), 0.0, 0
	for _, r := range ratios {
		lo, hi = min(lo, r), max(hi, r)
		if r >= 3 {
			three++
		}
	}
	t.Logf("%d of 3000 clients spiked; AUM/ADB from %.2f to %.2f, 3 or more for %d", spiked, lo, hi, three)
}

// With a month of daily balances, the reference qualification flags some
// clients of a book as dormant, with an expired KYC and with a balance
// spike.
func TestQualificationShares(t *testing.T) {
	const n = 5000
	o := sample.Options{Seed: 7, DailyDays: 31}
	v := sample.Valuation(o)
	q := policy.Must(tier.Reference().Compile(nil))
	count := map[string]int{}
	for _, p := range sample.Profiles(o, n) {
		f, err := v.Figures(&p)
		require.NoError(t, err)
		r, err := q.Qualify(&f)
		require.NoError(t, err)
		for _, fl := range r.Flags() {
			count[string(fl.Code)]++
		}
		count[string(r.Outcome)]++
	}
	for _, code := range []string{"balance_spike", "dormant", "kyc_expired", "risk_assessment_expired",
		"qualified", "watch", "disqualified"} {
		t.Logf("%-24s %5d  %5.2f%%", code, count[code], 100*float64(count[code])/n)
	}
	for _, code := range []string{"balance_spike", "dormant", "kyc_expired"} {
		assert.Positive(t, count[code], code)
	}
}

func TestDailyStatistics(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients")
	}
	const n = 10_000
	o := sample.Options{Seed: 2026, DailyDays: 31}
	v := sample.Valuation(o)
	loc := v.AsOf.Location()
	asOf := civil.Day(v.AsOf, loc)
	var (
		spiked, gaps, moving int
		sumSq, ratio         float64
		changes, days        int
	)
	for _, p := range sample.Profiles(o, n) {
		f, err := v.Figures(&p)
		require.NoError(t, err)
		d := p.DailyBalances
		if len(d) < int(min(31, asOf-civil.Day(p.Since, loc)+1)) {
			gaps++
		}
		if _, ok := jump(v, &p); ok {
			spiked++
			continue
		}
		if d[0].Balance.Amount.Equal(d[len(d)-1].Balance.Amount) || f.AUM < 1_000_000_0000/1000 {
			continue // dormant, or too small for cents to be noise
		}
		moving++
		aum := f.AUM.Decimal().InexactFloat64()
		for j, b := range d {
			x := b.Balance.Amount.InexactFloat64()
			ratio += x / aum
			days++
			if j > 0 && civil.Day(b.Date, loc)-civil.Day(d[j-1].Date, loc) == 1 {
				l := math.Log(x / d[j-1].Balance.Amount.InexactFloat64())
				sumSq += l * l
				changes++
			}
		}
	}
	frac := func(k int) float64 { return float64(k) / n }
	tests := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"spiked share", frac(spiked), 0.03, 0.05},
		{"share with missing days", frac(gaps), 0.085, 0.115},
		{"daily change (sd of log)", math.Sqrt(sumSq / float64(changes)), 0.012, 0.019},
		{"mean balance / AUM", ratio / float64(days), 0.98, 1.02},
	}
	for _, tt := range tests {
		t.Logf("%s = %.4g (want %g to %g)", tt.name, tt.got, tt.lo, tt.hi)
		assert.True(t, tt.got >= tt.lo && tt.got <= tt.hi, "%s = %.4g, want %g to %g", tt.name, tt.got, tt.lo, tt.hi)
	}
	t.Logf("%d moving clients", moving)
}

// Larger books with daily balances validate, record for record.
func TestDailyBookValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("large books")
	}
	for _, o := range []sample.Options{
		{Seed: 5, DailyDays: 92},
		{Seed: 6, DailyDays: 400, AsOf: time.Date(2027, 1, 31, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))},
	} {
		v := sample.Valuation(o)
		for i, p := range sample.Profiles(o, 2000) {
			if err := p.Validate(v); err != nil {
				t.Fatalf("%d days, client %d: Validate: %v", o.DailyDays, i, err)
			}
		}
	}
}
