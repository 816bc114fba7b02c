package sample_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// rates are the sample rates into CNY that Valuation documents.
var rates = map[vipcare.Currency]decimal.Decimal{
	vipcare.CNY: decimal.NewFromInt(1),
	vipcare.USD: testkit.Dec("7.1"),
	"HKD":       testkit.Dec("0.91"),
	"EUR":       testkit.Dec("7.75"),
}

// amount converts m into the reporting currency as the figures f do,
// failing the test unless the conversion is exactly m at the documented
// rate.
func amount(t testing.TB, f *vipcare.Figures, m vipcare.Money) vipcare.Amount {
	t.Helper()
	a, err := f.Convert(m)
	require.NoError(t, err)
	rate, ok := rates[m.Currency]
	require.True(t, ok, "no sample rate for %s", m.Currency)
	want := m.Amount.Mul(rate)
	require.True(t, want.Equal(want.Round(vipcare.AmountScale)), "conversion not exact")
	require.True(t, want.Equal(a.Decimal()), "%s converts to %s, want %s", m, a, want)
	return a
}

// threeToEightClasses holds when a client holds 3 to 8 asset classes, at
// the bank or off-bank: the environment's "classes" field.
var threeToEightClasses = policy.Must(policy.Compile((*vipcare.Env)(nil).Schema(),
	policy.All(policy.Field("classes").GE(3), policy.Field("classes").LE(8))))

// share returns the share of f's wealth in class c, as a fraction.
func share(f *vipcare.Figures, c vipcare.AssetClass) float64 {
	return float64(vipcare.ShareOf(f.Class(c), f.Wealth)) / float64(vipcare.Whole)
}

func TestBookValidates(t *testing.T) {
	tests := []struct {
		name string
		asOf time.Time
		n    int
	}{
		{"default as-of date", time.Time{}, 2000},
		{"mid-month", time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), 300},
		{"January, averages reach back into the previous year", time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), 300},
		{"29 February", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), 300},
		{"time of day in UTC+8", time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("CST", 8*3600)), 300},
		{"late evening in UTC-5", time.Date(2026, 12, 31, 22, 0, 0, 0, time.FixedZone("EST", -5*3600)), 300},
	}
	for _, days := range []int{0, 92, 400} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s, %d days", tt.name, days), func(t *testing.T) {
				n := tt.n
				if days > 0 {
					n = min(n, 36_000/days) // clients of about 36,000 records
				}
				o := sample.Options{Seed: 11, AsOf: tt.asOf, DailyDays: days}
				v := sample.Valuation(o)
				for i, p := range sample.Profiles(o, n) {
					if err := p.Validate(v); err != nil {
						t.Fatalf("client %d: Validate: %v", i, err)
					}
					f, err := v.Figures(&p)
					require.NoError(t, err, "client %d: Figures", i)
					checkFacts(t, v, days, &p, &f)
				}
			})
		}
	}
}

// checkFacts checks the documented facts of one profile beyond validation,
// in a book of the given DailyDays.
func checkFacts(t *testing.T, v vipcare.Valuation, days int, p *vipcare.Profile, f *vipcare.Figures) {
	t.Helper()
	loc := v.AsOf.Location()
	day := func(d time.Time) int64 { return civil.Day(d, loc) }
	asOf := day(v.AsOf)

	// holdings
	assert.Regexp(t, `^C\d{8}$`, p.ID)
	assert.GreaterOrEqual(t, len(p.Holdings), 4, p.ID)
	assert.LessOrEqual(t, len(p.Holdings), 16, p.ID)
	assert.True(t, threeToEightClasses.Eval(f), "%s: not 3 to 8 asset classes", p.ID)
	var financial vipcare.Amount
	held := map[string]vipcare.Holding{}
	for _, h := range p.Holdings {
		held[h.ID] = h
		assert.Regexp(t, `^H\d\d$`, h.ID)
		assert.GreaterOrEqual(t, h.Amount.Amount.Sign(), 0, p.ID)
		assert.True(t, h.Amount.Amount.Equal(h.Amount.Amount.Round(2)), "%s %s: more than 2 decimals", p.ID, h.ID)
		switch h.Class {
		case vipcare.RealEstate, vipcare.BusinessEquity:
			assert.True(t, h.OffBank, "%s %s: %s at the bank", p.ID, h.ID, h.Class)
		default:
			financial += amount(t, f, h.Amount)
		}
		if h.Product != "" {
			assert.False(t, h.OffBank, "%s %s: product code off-bank", p.ID, h.ID)
			assert.Regexp(t, `^[A-Z]+-\d{4}$`, h.Product)
		}
		if h.Amount.Currency != vipcare.CNY {
			assert.True(t, h.Foreign, "%s %s: foreign currency, not foreign", p.ID, h.ID)
		}
	}
	assert.Equal(t, p.Entrepreneur, f.Class(vipcare.BusinessEquity) > 0, p.ID)
	fin := f.Wealth - f.Class(vipcare.RealEstate) - f.Class(vipcare.BusinessEquity)
	assert.Equal(t, fin, financial)
	share := vipcare.ShareOf(f.AUM, fin)
	assert.GreaterOrEqual(t, share, vipcare.Share(249_000), "%s: bank share %s", p.ID, share)
	assert.LessOrEqual(t, share, vipcare.Share(901_000), "%s: bank share %s", p.ID, share)

	// investor facts and revenue
	assert.Equal(t, fin, f.FinancialAssets, "%s: financial assets", p.ID)
	assert.Equal(t, fin-f.Liabilities, f.NetFinancialAssets, "%s: net financial assets", p.ID)
	assert.True(t, f.Revenue12M*1000 >= f.AUM*3-1000 && f.Revenue12M*1000 <= f.AUM*12+1000,
		"%s: revenue out of 0.3%%-1.2%% of AUM", p.ID)
	assert.GreaterOrEqual(t, p.Investor.ExperienceYears, 0)
	assert.LessOrEqual(t, p.Investor.ExperienceYears, 25)

	// suitability
	if p.Risk.IsAssessed() {
		assert.LessOrEqual(t, asOf-day(p.RiskAssessed), int64(31*30), p.ID)
	} else {
		assert.True(t, p.RiskAssessed.IsZero(), p.ID)
	}

	// corporate links
	if !p.Entrepreneur {
		assert.Empty(t, p.Corporates, p.ID)
	}
	for _, l := range p.Corporates {
		assert.Regexp(t, `^CORP-\d{7}$`, l.ID)
		if l.Role == vipcare.RoleDirector {
			assert.True(t, l.Ownership.IsZero(), p.ID)
		} else {
			assert.True(t, l.Ownership.IsPositive(), p.ID)
		}
	}

	// contact
	c := p.Contact
	if c.Discreet {
		assert.NotEmpty(t, c.Channels, p.ID)
	}
	for _, ch := range c.Channels {
		assert.True(t, !c.Discreet || ch.IsDiscreet(), "%s: %s not discreet", p.ID, ch)
	}
	if c.Preferred != "" {
		assert.True(t, c.Allows(c.Preferred), "%s: preferred channel not allowed", p.ID)
	}

	// balance averages: the last three months, back to back
	require.Len(t, p.AverageBalances, 3, p.ID)
	for j, a := range p.AverageBalances {
		assert.Equal(t, 1, a.From.Day())
		assert.Equal(t, a.From.AddDate(0, 1, -1), a.To)
		if j > 0 {
			assert.Equal(t, p.AverageBalances[j-1].To.AddDate(0, 0, 1), a.From)
		}
		assert.LessOrEqual(t, day(a.To), asOf)
	}
	assert.Greater(t, day(p.AverageBalances[2].To.AddDate(0, 1, 0)), asOf, "%s: a later month has ended", p.ID)
	checkDaily(t, v, days, p, f)

	// last activity: unknown, or since the relationship began and at most
	// 36 months ago
	if !p.LastActive.IsZero() {
		assert.GreaterOrEqual(t, day(p.LastActive), day(p.Since), "%s: active before the relationship", p.ID)
		assert.LessOrEqual(t, asOf-day(p.LastActive), int64(1096), p.ID)
	}

	// events
	birthdays, kyc := 0, 0
	for j, e := range p.Events {
		if j > 0 {
			assert.False(t, e.Date.Before(p.Events[j-1].Date), "%s: events out of order", p.ID)
		}
		switch e.Kind {
		case vipcare.EventBirthday:
			birthdays++
			assert.GreaterOrEqual(t, day(e.Date), asOf)
			assert.Less(t, day(e.Date), asOf+367)
			_, bm, bd := p.Birth.Date()
			_, em, ed := e.Date.Date()
			leap := bm == time.February && bd == 29 && em == time.March && ed == 1
			assert.True(t, leap || bm == em && bd == ed, "%s: birthday on another day", p.ID)
		case vipcare.EventMaturity:
			h, ok := held[e.Holding]
			require.True(t, ok, "%s: maturity of unknown holding %q", p.ID, e.Holding)
			assert.Equal(t, vipcare.WealthProducts, h.Class)
			assert.Equal(t, h.Amount, e.Amount)
			assert.Greater(t, day(e.Date), asOf)
			assert.LessOrEqual(t, day(e.Date), asOf+90)
		case vipcare.EventLargeInflow:
			assert.Less(t, asOf-day(e.Date), int64(60))
			assert.False(t, !p.LastActive.IsZero() && day(p.LastActive) < day(e.Date),
				"%s: inactive since before a large inflow", p.ID)
		case vipcare.EventKYCExpiry:
			kyc++
			assert.GreaterOrEqual(t, day(e.Date), asOf-90, p.ID)
			assert.LessOrEqual(t, day(e.Date), asOf+180, p.ID)
		case vipcare.EventBusinessSale:
			assert.True(t, p.Entrepreneur, p.ID)
		default:
			t.Errorf("%s: unexpected event %s", p.ID, e.Kind)
		}
	}
	assert.Equal(t, 1, birthdays, p.ID)
	assert.LessOrEqual(t, kyc, 1, "%s: KYC expiries", p.ID)

	// life
	age := asOf - day(p.Birth)
	assert.GreaterOrEqual(t, age, int64(28*365), p.ID)
	assert.Less(t, age, int64(77*365), p.ID)
	assert.LessOrEqual(t, asOf-day(p.Since), int64(20*366), p.ID)
}

// collect returns the first n clients of the book o as a slice.
func collect(o sample.Options, n int) []vipcare.Profile { return slices.Collect(sample.Seq(o, n)) }

func TestDeterminism(t *testing.T) {
	o := sample.Options{Seed: 42}
	book := collect(o, 300)
	require.Len(t, book, 300)
	assert.Equal(t, book, collect(o, 300), "same options, same book")
	assert.NotEqual(t, book, collect(sample.Options{Seed: 43}, 300), "different seed")
	assert.NotEqual(t, book, collect(sample.Options{Seed: 42, AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}, 300),
		"different as-of date")
	assert.Equal(t, book, collect(sample.Options{Seed: 42, AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}, 300),
		"zero AsOf means 30 June 2026, 00:00 UTC")
	for _, i := range []int{0, 1, 42, 299} {
		assert.Equal(t, book[i], sample.Profile(o, i), "Profile(o, %d)", i)
	}

	// two seeds give unrelated clients, not shifted copies
	other := collect(sample.Options{Seed: 43}, 300)
	same := 0
	for i := range book {
		if book[i].Birth.Equal(other[i].Birth) {
			same++
		}
	}
	assert.Less(t, same, 5, "clients of different seeds share birth dates")

	// the caller owns each profile: changing one changes no other
	p := sample.Profile(o, 7)
	p.Holdings[0].Amount = testkit.CNY("1")
	p.Events[0].Kind = vipcare.EventKYCExpiry
	p.AverageBalances[0].Average = testkit.CNY("1")
	assert.Equal(t, book[7], sample.Profile(o, 7))
}

func TestPrefixStability(t *testing.T) {
	tests := []struct {
		name  string
		o     sample.Options
		short int
		long  int
	}{
		{name: "50 of 100", o: sample.Options{Seed: 1}, short: 50, long: 100},
		{name: "1 of 1000", o: sample.Options{Seed: 99}, short: 1, long: 1000},
		{name: "other as-of date", o: sample.Options{Seed: 5, AsOf: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)}, short: 77, long: 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, collect(tt.o, tt.short), collect(tt.o, tt.long)[:tt.short])
		})
	}
}

func TestEmptyBook(t *testing.T) {
	for _, n := range []int{0, -1} {
		for range sample.Seq(sample.Options{}, n) {
			t.Fatalf("Seq(%d) yielded", n)
		}
		for range sample.Profiles(sample.Options{}, n) {
			t.Fatalf("Profiles(%d) yielded", n)
		}
	}
	assert.Panics(t, func() { sample.Profile(sample.Options{}, -1) })
}

func TestProfilesStreamsTheBook(t *testing.T) {
	o := sample.Options{Seed: 3}
	book := collect(o, 200)
	var got []vipcare.Profile
	for i, p := range sample.Profiles(o, 200) {
		require.Equal(t, len(got), i)
		got = append(got, p)
	}
	assert.Equal(t, book, got)

	// stopping early
	n := 0
	for i := range sample.Profiles(o, 200) {
		if i == 9 {
			break
		}
		n++
	}
	assert.Equal(t, 9, n)
}

func TestParallelRanges(t *testing.T) {
	o := sample.Options{Seed: 8}
	const n, parts = 400, 4
	got := make([]vipcare.Profile, n)
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += parts {
				got[i] = sample.Profile(o, i)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, collect(o, n), got)
}

func TestStatistics(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients")
	}
	const n = 10_000
	o := sample.Options{Seed: 2026}
	v := sample.Valuation(o)
	var (
		entrepreneurs, discreet, dnc, noProfiling, liabilities, foreign, unassessed, stale int
		linked                                                                             int
		dormant, unknownActivity, recent, kycExpired, kycDue                               int
		realEstate, cashFixed                                                              float64
		wealth                                                                             = make([]float64, 0, n)
	)
	for _, p := range sample.Profiles(o, n) {
		f, err := v.Figures(&p)
		require.NoError(t, err)
		wealth = append(wealth, f.Wealth.Decimal().InexactFloat64())
		realEstate += share(&f, vipcare.RealEstate)
		cashFixed += share(&f, vipcare.Deposits) + share(&f, vipcare.FixedIncome)
		if p.Entrepreneur {
			entrepreneurs++
			if len(p.Corporates) > 0 {
				linked++
			}
		}
		if p.Contact.Discreet {
			discreet++
		}
		if p.Contact.DoNotContact {
			dnc++
		}
		if p.Contact.NoProfiling {
			noProfiling++
		}
		if len(p.Liabilities) > 0 {
			liabilities++
		}
		if f.Foreign > 0 {
			foreign++
		}
		if !p.Risk.IsAssessed() {
			unassessed++
		} else if p.RiskAssessed.Before(v.AsOf.AddDate(-1, 0, 0)) {
			stale++
		}
		switch {
		case p.LastActive.IsZero():
			unknownActivity++
		case civil.MonthsBetween(p.LastActive, v.AsOf) >= 12:
			dormant++
		case !p.LastActive.Before(v.AsOf.AddDate(0, 0, -60)):
			recent++
		}
		for _, e := range p.Events {
			if e.Kind == vipcare.EventKYCExpiry {
				if e.Date.After(v.AsOf) {
					kycDue++
				} else {
					kycExpired++
				}
			}
		}
	}
	sort.Float64s(wealth)
	frac := func(k int) float64 { return float64(k) / n }
	sigma := math.Log(wealth[n*9/10]/wealth[n/2]) / 1.2816 // the 90th percentile is 1.2816 sigma above the median

	tests := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"entrepreneur share", frac(entrepreneurs), 0.66, 0.72},
		{"average real-estate share of wealth", realEstate / n, 0.20, 0.30},
		{"average cash and fixed-income share of wealth", cashFixed / n, 0.26, 0.34},
		{"discreet share", frac(discreet), 0.50, 0.60},
		{"median wealth", wealth[n/2], 650_000, 1_000_000},
		{"log-normal sigma of wealth", sigma, 1.25, 1.55},
		{"do-not-contact share", frac(dnc), 0.025, 0.055},
		{"no-profiling share", frac(noProfiling), 0.015, 0.045},
		{"share with liabilities", frac(liabilities), 0.32, 0.38},
		{"share with foreign holdings", frac(foreign), 0.06, 0.10},
		{"unassessed share", frac(unassessed), 0.015, 0.045},
		{"share assessed over a year ago", frac(stale), 0.45, 0.65},
		{"linked share of entrepreneurs", float64(linked) / float64(entrepreneurs), 0.56, 0.64},
		{"dormant share (12 months and more)", frac(dormant), 0.065, 0.095},
		{"share last active unknown", frac(unknownActivity), 0.01, 0.03},
		{"share active within 60 days", frac(recent), 0.74, 0.82},
		{"share with an expired KYC", frac(kycExpired), 0.04, 0.06},
		{"share with a KYC expiry due", frac(kycDue), 0.085, 0.115},
	}
	for _, tt := range tests {
		t.Logf("%s = %.4g (want %g to %g)", tt.name, tt.got, tt.lo, tt.hi)
		assert.True(t, tt.got >= tt.lo && tt.got <= tt.hi, "%s = %.4g, want %g to %g", tt.name, tt.got, tt.lo, tt.hi)
	}
}

func TestValuation(t *testing.T) {
	asOf := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		o    sample.Options
		want time.Time
	}{
		{"the zero AsOf means 30 June 2026, 00:00 UTC", sample.Options{}, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)},
		{"AsOf as given", sample.Options{Seed: 3, AsOf: asOf}, asOf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := sample.Valuation(tt.o)
			assert.Equal(t, tt.want, v.AsOf)
			assert.Equal(t, vipcare.CNY, v.Currency)
			assert.NotSame(t, v.Rates, sample.Valuation(tt.o).Rates, "a new rate table each call")
		})
	}
}

// TestRates converts 100 units of each currency at the sample rates: USD
// 7.1, HKD 0.91 and EUR 7.75 CNY; any other currency has no rate.
func TestRates(t *testing.T) {
	v := sample.Valuation(sample.Options{})
	p := vipcare.Profile{ID: "X"}
	f := testkit.Figures(t, &p, v)
	tests := []struct {
		name string
		c    vipcare.Currency
		want string
		err  error
	}{
		{"US dollars", vipcare.USD, "710", nil},
		{"Hong Kong dollars", "HKD", "91", nil},
		{"euros", "EUR", "775", nil},
		{"yuan", vipcare.CNY, "100", nil},
		{"no rate for yen", "JPY", "", vipcare.ErrNoRate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Convert(testkit.Money("100", tt.c))
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, got, amount(t, f, testkit.Money("100", tt.c)), "the rates the tests use")
		})
	}
}

func TestAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations")
	}
	o := sample.Options{Seed: 1}
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		_ = sample.Profile(o, i)
		i++
	})
	assert.Less(t, allocs, 120.0, "allocations per profile")
}

func BenchmarkProfile(b *testing.B) {
	o := sample.Options{Seed: 1}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = sample.Profile(o, i)
	}
}

func BenchmarkProfileDaily92(b *testing.B) {
	o := sample.Options{Seed: 1, DailyDays: 92}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = sample.Profile(o, i)
	}
}

func BenchmarkProfiles(b *testing.B) {
	o := sample.Options{Seed: 1}
	b.ReportAllocs()
	n := 0
	for range sample.Profiles(o, b.N) {
		n++
	}
	if n != b.N {
		b.Fatal(n)
	}
}

func TestSeqStreamsTheBook(t *testing.T) {
	o := sample.Options{Seed: 3}
	var got []vipcare.Profile
	for p := range sample.Seq(o, 50) {
		got = append(got, p)
	}
	assert.Equal(t, collect(o, 50), got)
	n := 0
	for range sample.Seq(o, 50) {
		if n++; n == 10 {
			break
		}
	}
	assert.Equal(t, 10, n, "stopping early works")
}

// TestGolden pins the generated values of two small books, one with daily
// balances, so that a change to the generator that changes the book shows
// here: the sample's output is part of what its users rely on (the
// quickstart's report, tests written against a seed). Run
// go test ./sample -run Golden -update only for an intended change.
func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, o := range []struct {
		sample.Options
		n int
	}{{sample.Options{Seed: 1}, 100}, {sample.Options{Seed: 2026, DailyDays: 31}, 20}} {
		v := sample.Valuation(o.Options)
		fmt.Fprintf(&b, "seed %d, %d daily days, as of %s\n", o.Seed, o.DailyDays, v.AsOf.Format(time.DateOnly))
		for _, p := range sample.Profiles(o.Options, o.n) {
			f := testkit.Figures(t, &p, v)
			fmt.Fprintf(&b, "%s born %s since %s risk %q active %s: wealth %s aum %s off-bank %s liabilities %s revenue %s",
				p.ID, p.Birth.Format(time.DateOnly), p.Since.Format(time.DateOnly), p.Risk,
				p.LastActive.Format(time.DateOnly), f.Wealth, f.AUM, f.OffBank, f.Liabilities, f.Revenue12M)
			fmt.Fprintf(&b, "; %d holdings, %d corporates, %d channels, %d events",
				len(p.Holdings), len(p.Corporates), len(p.Contact.Channels), len(p.Events))
			for _, a := range p.AverageBalances {
				fmt.Fprintf(&b, "; %s %s", a.From.Format("2006-01"), a.Average.Amount)
			}
			if d := p.DailyBalances; len(d) > 0 {
				fmt.Fprintf(&b, "; %d daily from %s %s", len(d), d[0].Date.Format(time.DateOnly), d[0].Balance.Amount)
			}
			b.WriteString("\n")
		}
	}
	testkit.Golden(t, "book.golden", b.String())
}

// Where a zone's clocks skip midnight (America/Santiago on 6 September
// 2026), a date is the start of the calendar day, not 23:00 the day
// before: the daily balances keep one a day, the series ends on the
// as-of date, and the book validates.
func TestDatesWhereMidnightIsSkipped(t *testing.T) {
	scl, err := time.LoadLocation("America/Santiago")
	require.NoError(t, err)
	for _, asOf := range []time.Time{time.Date(2026, 9, 30, 0, 0, 0, 0, scl), time.Date(2026, 9, 6, 12, 0, 0, 0, scl)} {
		o := sample.Options{Seed: 1, AsOf: asOf, DailyDays: 31}
		for i, p := range sample.Profiles(o, 200) {
			require.NoError(t, p.Validate(sample.Valuation(o)), "client %d as of %s", i, asOf)
			last := p.DailyBalances[len(p.DailyBalances)-1].Date
			require.Equal(t, civil.DayOf(asOf), civil.DayOf(last), "client %d: the series ends on the as-of date", i)
			for _, d := range p.DailyBalances {
				require.Equal(t, civil.DayOf(d.Date), civil.Day(d.Date, scl), "a date in the as-of location")
			}
		}
	}
}

// A client with a large inflow was active on that day or later, even
// among the few whose last activity is otherwise unknown.
func TestInflowMeansActivity(t *testing.T) {
	for _, seed := range []uint64{1, 5} {
		o := sample.Options{Seed: seed}
		checked := 0
		for i, p := range sample.Profiles(o, 3000) {
			for _, e := range p.Events {
				if e.Kind == vipcare.EventLargeInflow {
					checked++
					require.False(t, p.LastActive.IsZero() || p.LastActive.Before(e.Date), "seed %d, client %d", seed, i)
				}
			}
		}
		require.Positive(t, checked)
	}
}

// As of 29 February, a client born in a common year is the age its
// birth date gives, and its investment experience stays within its age
// less 20.
func TestAgeAsOf29February(t *testing.T) {
	asOf := time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)
	o := sample.Options{Seed: 5, AsOf: asOf}
	for i, p := range sample.Profiles(o, 2000) {
		by, bm, bd := p.Birth.Date()
		age := 2028 - by
		if bm > 2 || bm == 2 && bd > 29 {
			age--
		}
		require.LessOrEqual(t, p.Investor.ExperienceYears, age-20, "client %d, born %s", i, p.Birth.Format(time.DateOnly))
	}
}
