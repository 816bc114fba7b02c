package vipcare_test

import (
	"maps"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

// amt parses an exact amount for expectations.
func amt(t testing.TB, s string) vipcare.Amount {
	t.Helper()
	a, err := vipcare.ToAmount(decimal.RequireFromString(s))
	require.NoError(t, err)
	return a
}

// summary is every public figure, for comparing two Figures values.
type summary struct {
	AUM, OffBank, Wealth, Foreign, Liabilities, Revenue12M vipcare.Amount
	FinancialAssets, NetFinancialAssets, AverageIncome3Y   vipcare.Amount
	Classes                                                int
	Totals, AtBank                                         map[vipcare.AssetClass]vipcare.Amount
	Order                                                  []vipcare.AssetClass
	ForeignShare, DomesticShare                            vipcare.Share
	TenureMonths                                           int
	Currency                                               vipcare.Currency
	AsOf                                                   time.Time
	Profile                                                *vipcare.Profile
	RealEstateShare, DepositsShare                         vipcare.Share
	UnknownClass, UnknownAt                                vipcare.Amount
}

func summarize(f *vipcare.Figures) summary {
	s := summary{
		AUM: f.AUM, OffBank: f.OffBank, Wealth: f.Wealth, Foreign: f.Foreign,
		Liabilities: f.Liabilities, Revenue12M: f.Revenue12M, FinancialAssets: f.FinancialAssets,
		NetFinancialAssets: f.NetFinancialAssets, AverageIncome3Y: f.AverageIncome3Y,
		Classes: f.Classes(), Totals: map[vipcare.AssetClass]vipcare.Amount{},
		AtBank:       map[vipcare.AssetClass]vipcare.Amount{},
		ForeignShare: f.ForeignShare(), DomesticShare: f.DomesticShare(), TenureMonths: f.TenureMonths(),
		Currency: f.Currency, AsOf: f.AsOf, Profile: f.Profile,
		RealEstateShare: f.Share(vipcare.RealEstate),
		DepositsShare:   f.Share(vipcare.Deposits),
		UnknownClass:    f.Class("no_such_class"), UnknownAt: f.ClassAtBank("no_such_class"),
	}
	for c, a := range f.ClassTotals() {
		s.Totals[c] = a
		s.AtBank[c] = f.ClassAtBank(c)
		s.Order = append(s.Order, c)
	}
	return s
}

func TestFigures(t *testing.T) {
	p := baseProfile()
	before := cloneProfile(p)
	v := testValuation(t)

	f, err := v.Figures(&p)
	require.NoError(t, err)

	assert.Same(t, &p, f.Profile)
	assert.Equal(t, asOf, f.AsOf)
	assert.Equal(t, vipcare.CNY, f.Currency)

	// AUM counts holdings at the bank only; the USD equities convert at 7.1234.
	assert.Equal(t, amt(t, "14838883.71"), f.AUM, "AUM")
	assert.Equal(t, amt(t, "13000000"), f.OffBank, "OffBank")
	assert.Equal(t, amt(t, "27838883.71"), f.Wealth, "Wealth")
	assert.Equal(t, f.AUM+f.OffBank, f.Wealth)
	assert.Equal(t, amt(t, "712340"), f.Foreign, "Foreign")
	assert.Equal(t, amt(t, "1500000"), f.Liabilities)
	assert.Equal(t, amt(t, "45678.9"), f.Revenue12M)
	assert.Equal(t, amt(t, "14838883.71"), f.FinancialAssets)
	assert.Equal(t, amt(t, "13338883.71"), f.NetFinancialAssets)
	assert.Equal(t, amt(t, "1200000"), f.AverageIncome3Y)

	wantClass := map[vipcare.AssetClass][2]string{ // total, at bank
		vipcare.Deposits:       {"9876543.21", "9876543.21"},
		vipcare.WealthProducts: {"2000000", "2000000"},
		vipcare.Funds:          {"750000.5", "750000.5"},
		vipcare.Equities:       {"712340", "712340"},
		vipcare.RealEstate:     {"8000000", "0"},
		vipcare.BusinessEquity: {"5000000", "0"},
		vipcare.Insurance:      {"300000", "300000"},
		vipcare.FixedIncome:    {"1200000", "1200000"},
	}
	for c, w := range wantClass {
		assert.Equal(t, amt(t, w[0]), f.Class(c), "Class(%s)", c)
		assert.Equal(t, amt(t, w[1]), f.ClassAtBank(c), "ClassAtBank(%s)", c)
		assert.Equal(t, vipcare.ShareOf(f.Class(c), f.Wealth), f.Share(c), "Share(%s)", c)
	}
	assert.Equal(t, vipcare.Amount(0), f.Class(vipcare.OtherAssets))
	assert.Equal(t, vipcare.Amount(0), f.ClassAtBank(vipcare.OtherAssets))
	assert.Equal(t, vipcare.Share(0), f.Share(vipcare.OtherAssets))
	assert.Equal(t, 8, f.Classes())

	// 8,000,000 / 27,838,883.71 = 0.2873677..., truncated to millionths
	assert.Equal(t, vipcare.Share(287367), f.Share(vipcare.RealEstate))
	assert.Equal(t, "28.7%", f.Share(vipcare.RealEstate).Percent())
	assert.Equal(t, vipcare.Share(354775), f.Share(vipcare.Deposits))
	// 712,340 / 27,838,883.71 = 0.025587951...
	assert.Equal(t, vipcare.Share(25587), f.ForeignShare())
	// the domestic share is truncated too: 0.974412048..., not 1 - 0.025587
	assert.Equal(t, vipcare.Share(974412), f.DomesticShare())

	// ClassTotals yields in the order of first appearance, and stops early.
	var order []vipcare.AssetClass
	var sum vipcare.Amount
	for c, a := range f.ClassTotals() {
		order = append(order, c)
		sum += a
	}
	assert.Equal(t, []vipcare.AssetClass{vipcare.Deposits, vipcare.WealthProducts, vipcare.Funds,
		vipcare.Equities, vipcare.RealEstate, vipcare.BusinessEquity, vipcare.Insurance, vipcare.FixedIncome}, order)
	assert.Equal(t, f.Wealth, sum, "class totals add up to Wealth")
	n := 0
	for range f.ClassTotals() {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	assert.Equal(t, 75, f.TenureMonths(), "2019-03-15 to 2025-06-30")

	// purity: input unchanged, same answer twice
	assert.Equal(t, before, p)
	f2, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, summarize(&f), summarize(&f2))
}

func TestFiguresClassesAndZeroHoldings(t *testing.T) {
	p := vipcare.Profile{ID: plantedID, Holdings: []vipcare.Holding{
		{ID: "a", Class: vipcare.Deposits, Amount: cny("100")},
		{ID: "b", Class: vipcare.Funds, Amount: cny("0")},
		{ID: "c", Class: vipcare.Deposits, Amount: cny("50.25"), OffBank: true},
		{ID: "d", Class: "crypto_custody", Amount: cny("49.75"), Foreign: true},
	}}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, 2, f.Classes(), "a class with a zero total does not count")
	assert.Equal(t, amt(t, "150.25"), f.Class(vipcare.Deposits))
	assert.Equal(t, amt(t, "100"), f.ClassAtBank(vipcare.Deposits))
	assert.Equal(t, amt(t, "49.75"), f.Class("crypto_custody"), "a bank's own class")
	assert.Equal(t, amt(t, "149.75"), f.AUM)
	assert.Equal(t, amt(t, "200"), f.Wealth)
	assert.Equal(t, vipcare.Share(751250), f.Share(vipcare.Deposits))
	assert.Equal(t, vipcare.Share(248750), f.ForeignShare())
	assert.Equal(t, vipcare.Share(751250), f.DomesticShare())
	var order []vipcare.AssetClass
	for c := range f.ClassTotals() {
		order = append(order, c)
	}
	assert.Equal(t, []vipcare.AssetClass{vipcare.Deposits, vipcare.Funds, "crypto_custody"}, order)
}

func TestFiguresEmptyProfile(t *testing.T) {
	p := vipcare.Profile{}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	assert.Zero(t, f.AUM)
	assert.Zero(t, f.Wealth)
	assert.Zero(t, f.Classes())
	assert.Zero(t, f.Share(vipcare.Deposits), "no division by zero")
	assert.Zero(t, f.ForeignShare())
	assert.Zero(t, f.DomesticShare(), "no wealth, no domestic share")
	assert.Zero(t, f.TenureMonths(), "unknown start")
}

func TestFiguresMaxClasses(t *testing.T) {
	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	p := vipcare.Profile{ID: plantedID, Holdings: manyClasses(vipcare.MaxClasses)}
	f, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, vipcare.MaxClasses, f.Classes())

	p.Holdings = manyClasses(vipcare.MaxClasses + 1)
	_, err = v.Figures(&p)
	assert.ErrorIs(t, err, vipcare.ErrAssetClass)
}

func TestFiguresErrors(t *testing.T) {
	const maxAmount = "99999999999999.9999"
	tests := []struct {
		name   string
		reason string
		edit   func(p *vipcare.Profile, v *vipcare.Valuation)
		field  string
		want   error
	}{
		{
			name:   "USD holding without rates",
			reason: "never a silent sum across currencies",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Rates = nil },
			field:  "holdings[3].amount", want: vipcare.ErrNoRate,
		},
		{
			name:   "currency missing from the table",
			reason: "the table converts USD and HKD only",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[6].Amount = vipcare.MustMoney("300000", vipcare.EUR)
			},
			field: "holdings[6].amount", want: vipcare.ErrNoRate,
		},
		{
			name:   "revenue in a currency without a rate",
			reason: "every amount converts, not only holdings",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Revenue12M = vipcare.MustMoney("1", "JPY") },
			field:  "revenue_12m", want: vipcare.ErrNoRate,
		},
		{
			name:   "investor facts without a rate",
			reason: "every amount converts",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Investor.AverageIncome3Y = vipcare.MustMoney("1", "JPY")
			},
			field: "investor.average_income_3y", want: vipcare.ErrNoRate,
		},
		{
			name:   "malformed holding currency",
			reason: "a code is three upper-case letters",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[0].Amount.Currency = "rmb" },
			field:  "holdings[0].amount", want: vipcare.ErrCurrency,
		},
		{
			name:   "malformed reporting currency",
			reason: "nothing can be reported in it",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency, v.Rates = "", nil },
			field:  "valuation.currency", want: vipcare.ErrCurrency,
		},
		{
			name:   "rates into another currency",
			reason: "the table must convert into the reporting currency",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency = vipcare.HKD },
			field:  "valuation.rates", want: vipcare.ErrCurrency,
		},
		{
			name:   "negative holding",
			reason: "holdings are not negative",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[2].Amount = cny("-1") },
			field:  "holdings[2].amount", want: vipcare.ErrNegative,
		},
		{
			name:   "malformed class",
			reason: "classes have rule-safe names",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[4].Class = "real-estate" },
			field:  "holdings[4].class", want: vipcare.ErrAssetClass,
		},
		{
			name:   "amount with a huge exponent",
			reason: "rejected at once",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[1].Amount.Amount = decimal.New(3, 2000000000)
			},
			field: "holdings[1].amount", want: vipcare.ErrAmount,
		},
		{
			name:   "conversion beyond the bound",
			reason: "the largest USD amount is too large in CNY",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[3].Amount = usd(maxAmount) },
			field:  "holdings[3].amount", want: vipcare.ErrAmount,
		},
		{
			name:   "AUM overflows",
			reason: "ten maximal amounts do not fit an int64",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.AssetClass("c" + string(rune('a'+i))), Amount: cny(maxAmount)})
				}
			},
			field: "holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "one class total overflows",
			reason: "per-class totals are checked too",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.Deposits, Amount: cny(maxAmount), OffBank: i%2 == 0})
				}
			},
			field: "holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "wealth overflows though AUM and off-bank fit",
			reason: "the sum of two totals is checked",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.AssetClass("c" + string(rune('a'+i))), Amount: cny(maxAmount), OffBank: i < 5})
				}
			},
			field: "holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "liabilities overflow",
			reason: "the total of debts is exact or an error",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := 0; i < 10; i++ {
					p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "l", Amount: cny(maxAmount)})
				}
			},
			field: "liabilities", want: vipcare.ErrOverflow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProfile()
			v := testValuation(t)
			tt.edit(&p, &v)
			before := cloneProfile(p)

			start := time.Now()
			_, err := v.Figures(&p)
			assert.Less(t, time.Since(start), time.Second)
			require.Error(t, err, tt.reason)
			assert.ErrorIs(t, err, tt.want, tt.reason)
			var fe *vipcare.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, before, p, "Figures changed the profile")
			assert.NotContains(t, err.Error(), plantedID)
			assert.NotContains(t, err.Error(), plantedDigits)

			// Compute into a used Figures reports the same.
			f, _ := testValuation(t).Figures(ptr(baseProfile()))
			assert.Equal(t, err, v.Compute(&p, &f))

			// Validate agrees that the profile cannot be evaluated, except
			// for problems of the valuation it reports under its own field.
			verr := p.Validate(v)
			assert.ErrorIs(t, verr, tt.want, "Validate misses what Figures finds")
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestFiguresConversionRoundsHalfEven(t *testing.T) {
	tests := []struct {
		rate, amount, want string
	}{
		{"1.5", "0.0001", "0.0002"},   // 0.00015: half, to the even 2
		{"1.5", "0.0003", "0.0004"},   // 0.00045: half, to the even 4
		{"1.5", "0.0005", "0.0008"},   // 0.00075: half, to the even 8
		{"1.5", "-0.0001", "-0.0002"}, // symmetric for negative amounts
		{"1.5", "-0.0003", "-0.0004"},
		{"7.12345", "1", "7.1234"},                       // 7.12345: half, stays even
		{"7.12345", "3", "21.3704"},                      // 21.37035: half, up to even
		{"7.1234", "0.0001", "0.0007"},                   // 0.00071234: below half
		{"7.1236", "0.0001", "0.0007"},                   // 0.00071236: below half
		{"0.0000000001", "99999999999999.9999", "10000"}, // 9999.99999999999999
		{"0.00015", "1", "0.0002"},                       // exactly half at the 4th decimal
		{"0.00025", "1", "0.0002"},                       // exactly half, even stays
		{"0.000250001", "1", "0.0003"},                   // just above half
		{"7.1234", "100000", "712340"},
		{"99999999.9999999999", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.rate+"x"+tt.amount, func(t *testing.T) {
			r, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
				vipcare.USD: decimal.RequireFromString(tt.rate)})
			require.NoError(t, err)
			v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: r}
			// Revenue may be negative, so it carries both signs.
			p := vipcare.Profile{ID: plantedID, Revenue12M: usd(tt.amount)}
			f, err := v.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, amt(t, tt.want), f.Revenue12M)
		})
	}
}

func TestFiguresPurity(t *testing.T) {
	v := testValuation(t)
	extras := []vipcare.Holding{
		{ID: "X1", Class: vipcare.Deposits, Amount: cny("0.0001")},
		{ID: "X2", Class: vipcare.RealEstate, Amount: cny("3000000"), OffBank: true},
		{ID: "X3", Class: vipcare.Funds, Amount: usd("12.34"), Foreign: true},
		{ID: "X4", Class: vipcare.OtherAssets, Amount: cny("0")},
		{ID: "X5", Class: "art", Amount: vipcare.MustMoney("250000", vipcare.HKD), OffBank: true, Foreign: true},
		{ID: "X6", Class: vipcare.Insurance, Amount: cny("99999.9999")},
	}
	profiles := []vipcare.Profile{baseProfile(), {ID: plantedID}}
	for _, base := range profiles {
		p := base
		for _, h := range extras {
			before := cloneProfile(p)
			f1, err := v.Figures(&p)
			require.NoError(t, err)
			f1again, err := v.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, summarize(&f1), summarize(&f1again), "same answer twice")
			assert.Equal(t, before, p, "input unchanged")

			q := cloneProfile(p)
			q.Holdings = append(q.Holdings, h)
			f2, err := v.Figures(&q)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, f2.AUM, f1.AUM, "adding %s lowered AUM", h.ID)
			assert.GreaterOrEqual(t, f2.Wealth, f1.Wealth, "adding %s lowered Wealth", h.ID)
			assert.GreaterOrEqual(t, f2.Class(h.Class), f1.Class(h.Class))
			assert.GreaterOrEqual(t, f2.Classes(), f1.Classes())
			assert.Equal(t, before, p, "input unchanged")

			// Compute into a Figures used for another profile gives the
			// same figures as a fresh one.
			reused := f1
			require.NoError(t, v.Compute(&q, &reused))
			assert.Equal(t, summarize(&f2), summarize(&reused))

			p = q
		}
	}
}

func TestFiguresConcurrent(t *testing.T) {
	// One profile and one rate table read from many goroutines (run with -race).
	p := baseProfile()
	v := testValuation(t)
	want, err := v.Figures(&p)
	require.NoError(t, err)
	done := make(chan summary)
	for i := 0; i < 8; i++ {
		go func() {
			f, _ := v.Figures(&p)
			_ = p.Validate(v)
			done <- summarize(&f)
		}()
	}
	for i := 0; i < 8; i++ {
		assert.Equal(t, summarize(&want), <-done)
	}
}

func TestFiguresDoesNotAllocate(t *testing.T) {
	p := baseProfile()
	v := testValuation(t)
	var f vipcare.Figures
	allocs := testing.AllocsPerRun(100, func() {
		f, _ = v.Figures(&p)
		_ = f.Share(vipcare.RealEstate) + f.ForeignShare()
		_ = f.Classes() + f.TenureMonths()
		for range f.ClassTotals() {
		}
	})
	assert.Zero(t, allocs)
}

func TestTenureMonths(t *testing.T) {
	tests := []struct {
		name        string
		since, asOf time.Time
		want        int
	}{
		{"whole years and months", day(2019, 3, 15), day(2025, 6, 30), 75},
		{"day of month not reached", day(2025, 1, 31), day(2025, 2, 28), 0},
		{"day of month reached", day(2025, 1, 28), day(2025, 2, 28), 1},
		{"leap day", day(2024, 2, 29), day(2025, 2, 28), 11},
		{"leap day to next leap day", day(2024, 2, 29), day(2028, 2, 29), 48},
		{"same day", day(2025, 6, 30), day(2025, 6, 30), 0},
		{"start after as-of", day(2025, 7, 1), day(2025, 6, 30), 0},
		{"unknown start", time.Time{}, day(2025, 6, 30), 0},
		{"start taken in the as-of location", // 2025-01-31 20:00 UTC is 2025-02-01 in CST
			time.Date(2025, 1, 31, 20, 0, 0, 0, time.UTC), day(2025, 3, 1), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := vipcare.Profile{Since: tt.since}
			f, err := vipcare.Valuation{AsOf: tt.asOf, Currency: vipcare.CNY}.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.TenureMonths())
		})
	}
}

func TestDayNumber(t *testing.T) {
	assert.Equal(t, int64(0), vipcare.DayNumber(time.Date(1970, 1, 1, 23, 59, 0, 0, time.UTC), nil))
	assert.Equal(t, int64(-1), vipcare.DayNumber(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC))
	// 16:30 UTC on June 30 is July 1 in CST
	ts := time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC)
	assert.Equal(t, vipcare.DayNumber(ts, time.UTC)+1, vipcare.DayNumber(ts, cst))
	assert.Equal(t, vipcare.DayNumber(day(2025, 7, 1), cst), vipcare.DayNumber(ts, cst))
}

func TestRates(t *testing.T) {
	r := testRates(t)
	assert.Equal(t, vipcare.CNY, r.To())
	rate, ok := r.Rate(vipcare.USD)
	require.True(t, ok)
	assert.Equal(t, "7.1234", rate.String())
	rate, ok = r.Rate(vipcare.CNY)
	require.True(t, ok, "the reporting currency converts at 1")
	assert.True(t, rate.Equal(decimal.NewFromInt(1)))
	_, ok = r.Rate(vipcare.EUR)
	assert.False(t, ok)

	var nilRates *vipcare.Rates
	assert.Equal(t, vipcare.Currency(""), nilRates.To())
	_, ok = nilRates.Rate(vipcare.CNY)
	assert.False(t, ok)

	// NewRates copies the map.
	m := map[vipcare.Currency]decimal.Decimal{vipcare.USD: decimal.RequireFromString("7")}
	r, err := vipcare.NewRates(vipcare.CNY, m)
	require.NoError(t, err)
	m[vipcare.USD] = decimal.RequireFromString("8")
	m[vipcare.EUR] = decimal.RequireFromString("8")
	rate, _ = r.Rate(vipcare.USD)
	assert.Equal(t, "7", rate.String())
	_, ok = r.Rate(vipcare.EUR)
	assert.False(t, ok)

	r, err = vipcare.NewRates(vipcare.CNY, nil)
	require.NoError(t, err, "an empty table is valid")
	_, ok = r.Rate(vipcare.USD)
	assert.False(t, ok)
}

func TestNewRatesReportsEveryProblem(t *testing.T) {
	rates := map[vipcare.Currency]decimal.Decimal{
		"usd":       decimal.RequireFromString("7.1"),                 // malformed code
		vipcare.EUR: decimal.RequireFromString("0"),                   // not positive
		vipcare.HKD: decimal.RequireFromString("-0.9"),                // not positive
		"JPY":       decimal.RequireFromString("0.00000000001"),       // 11 decimal places
		"GBP":       decimal.RequireFromString("100000000"),           // not below 10^8
		"CHF":       decimal.New(1, 1000000),                          // huge exponent
		vipcare.USD: decimal.RequireFromString("99999999.9999999999"), // the largest rate: fine
	}
	before := maps.Clone(rates)
	start := time.Now()
	r, err := vipcare.NewRates("cny", rates)
	assert.Less(t, time.Since(start), time.Second)
	assert.Nil(t, r)
	require.Error(t, err)
	assert.Equal(t, []problem{
		{"rates.to", vipcare.ErrCurrency},
		{"rates[CHF]", vipcare.ErrOutOfRange},
		{"rates[EUR]", vipcare.ErrOutOfRange},
		{"rates[GBP]", vipcare.ErrOutOfRange},
		{"rates[HKD]", vipcare.ErrOutOfRange},
		{"rates[JPY]", vipcare.ErrOutOfRange},
		{"rates", vipcare.ErrCurrency},
	}, problems(t, err), "in a stable order")
	assert.Equal(t, before, rates)
	assert.NotContains(t, err.Error(), "usd", "a malformed key is not echoed")

	_, err = vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("99999999.9999999999"),
		vipcare.EUR: decimal.RequireFromString("0.0000000001"),
	})
	assert.NoError(t, err, "the bounds are inclusive")
}

// BenchmarkFigures computes the figures of a profile with 8 holdings in
// mixed classes, one in USD converted with a rate table.
func BenchmarkFigures(b *testing.B) {
	p := baseProfile()
	v := testValuation(b)
	if _, err := v.Figures(&p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var aum vipcare.Amount
	for i := 0; i < b.N; i++ {
		f, err := v.Figures(&p)
		if err != nil {
			b.Fatal(err)
		}
		aum += f.AUM
	}
	if aum <= 0 {
		b.Fatal("no AUM")
	}
}

// BenchmarkCompute is BenchmarkFigures reusing one Figures, as a caller
// scoring a whole book would.
func BenchmarkCompute(b *testing.B) {
	p := baseProfile()
	v := testValuation(b)
	var f vipcare.Figures
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Compute(&p, &f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	p := baseProfile()
	v := testValuation(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.Validate(v); err != nil {
			b.Fatal(err)
		}
	}
}
