package vipcare_test

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// maxClasses is the documented bound on distinct asset classes in one
// profile.
const maxClasses = 24

// amt parses an exact amount for expectations.
func amt(t testing.TB, s string) vipcare.Amount {
	t.Helper()
	a, err := vipcare.ToAmount(testkit.Dec(s))
	require.NoError(t, err)
	return a
}

// summary is every public figure and the value of every field of the
// default schema, for comparing two Figures values.
type summary struct {
	AUM, OffBank, Wealth, Foreign, Liabilities, Revenue12M vipcare.Amount
	FinancialAssets, NetFinancialAssets, AverageIncome3Y   vipcare.Amount
	ClassesAtBank                                          int
	Totals, AtBank                                         map[vipcare.AssetClass]vipcare.Amount
	Currency                                               vipcare.Currency
	AsOf                                                   time.Time
	Profile                                                *vipcare.Profile
	UnknownClass, UnknownAt                                vipcare.Amount
	Fields                                                 map[string]string
}

func summarize(t testing.TB, f *vipcare.Figures) summary {
	t.Helper()
	s := summary{
		AUM: f.AUM, OffBank: f.OffBank, Wealth: f.Wealth, Foreign: f.Foreign,
		Liabilities: f.Liabilities, Revenue12M: f.Revenue12M, FinancialAssets: f.FinancialAssets,
		NetFinancialAssets: f.NetFinancialAssets, AverageIncome3Y: f.AverageIncome3Y,
		ClassesAtBank: f.ClassesAtBank(), Totals: map[vipcare.AssetClass]vipcare.Amount{},
		AtBank:   map[vipcare.AssetClass]vipcare.Amount{},
		Currency: f.Currency, AsOf: f.AsOf, Profile: f.Profile,
		UnknownClass: f.Class("no_such_class"), UnknownAt: f.ClassAtBank("no_such_class"),
		Fields: fieldValues(t, f),
	}
	for _, c := range append(builtinClasses, "art") {
		s.Totals[c] = f.Class(c)
		s.AtBank[c] = f.ClassAtBank(c)
	}
	return s
}

// share is the text of a share field's value for part of whole.
func share(part, whole vipcare.Amount) string { return vipcare.ShareOf(part, whole).String() }

func TestFigures(t *testing.T) {
	p := baseProfile()
	before := testkit.Clone(p)
	v := valuation()

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

	values := fieldValues(t, &f)
	wantClass := map[vipcare.AssetClass][2]string{ // total, at bank
		vipcare.Deposits:       {"9876543.21", "9876543.21"},
		vipcare.WealthProducts: {"2000000", "2000000"},
		vipcare.Funds:          {"750000.5", "750000.5"},
		vipcare.Equities:       {"712340", "712340"},
		vipcare.RealEstate:     {"8000000", "0"},
		vipcare.BusinessEquity: {"5000000", "0"},
		vipcare.Insurance:      {"300000", "300000"},
		vipcare.FixedIncome:    {"1200000", "1200000"},
		vipcare.OtherAssets:    {"0", "0"},
	}
	var sum vipcare.Amount
	for c, w := range wantClass {
		assert.Equal(t, amt(t, w[0]), f.Class(c), "Class(%s)", c)
		assert.Equal(t, amt(t, w[1]), f.ClassAtBank(c), "ClassAtBank(%s)", c)
		assert.Equal(t, w[0], values["amount."+string(c)], "amount.%s", c)
		assert.Equal(t, w[1], values["amount_at_bank."+string(c)], "amount_at_bank.%s", c)
		assert.Equal(t, share(f.Class(c), f.Wealth), values["share."+string(c)], "share.%s", c)
		sum += f.Class(c)
	}
	assert.Equal(t, f.Wealth, sum, "class totals add up to Wealth")
	assert.Equal(t, "0", values["share.other"])
	assert.Equal(t, "8", values["classes"])
	assert.Equal(t, 6, f.ClassesAtBank())
	assert.Equal(t, "6", values["classes_at_bank"])

	// 8,000,000 / 27,838,883.71 = 0.2873677..., truncated to millionths
	assert.Equal(t, "0.287367", values["share.real_estate"])
	assert.Equal(t, "28.7%", vipcare.ShareOf(f.Class(vipcare.RealEstate), f.Wealth).Percent())
	assert.Equal(t, "0.354775", values["share.deposits"])
	// 712,340 / 27,838,883.71 = 0.025587951...
	assert.Equal(t, "0.025587", values["foreign_share"])
	// the domestic share is truncated too: 0.974412048..., not 1 - 0.025587
	assert.Equal(t, "0.974412", values["domestic_share"])

	assert.Equal(t, "75", values["tenure_months"], "2019-03-15 to 2025-06-30")

	// purity: input unchanged, same answer twice
	assert.Equal(t, before, p)
	f2, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, summarize(t, &f), summarize(t, &f2))
}

func TestFiguresClassesAndZeroHoldings(t *testing.T) {
	p := vipcare.Profile{ID: plantedID, Holdings: []vipcare.Holding{
		{ID: "a", Class: vipcare.Deposits, Amount: testkit.CNY("100")},
		{ID: "b", Class: vipcare.Funds, Amount: testkit.CNY("0")},
		{ID: "c", Class: vipcare.Deposits, Amount: testkit.CNY("50.25"), OffBank: true},
		{ID: "d", Class: "crypto_custody", Amount: testkit.CNY("49.75"), Foreign: true},
	}}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	env := policy.Must(vipcare.NewEnv([]vipcare.AssetClass{"crypto_custody"}))
	assert.Equal(t, "2", fieldValue(t, env, "classes", &f), "a class with a zero total does not count")
	assert.Equal(t, amt(t, "150.25"), f.Class(vipcare.Deposits))
	assert.Equal(t, amt(t, "100"), f.ClassAtBank(vipcare.Deposits))
	assert.Equal(t, amt(t, "49.75"), f.Class("crypto_custody"), "a bank's own class")
	assert.Equal(t, "49.75", fieldValue(t, env, "amount.crypto_custody", &f))
	assert.Equal(t, "0.24875", fieldValue(t, env, "share.crypto_custody", &f))
	assert.Equal(t, amt(t, "149.75"), f.AUM)
	assert.Equal(t, amt(t, "200"), f.Wealth)
	assert.Equal(t, "0.75125", fieldValue(t, env, "share.deposits", &f))
	assert.Equal(t, "0.24875", fieldValue(t, env, "foreign_share", &f))
	assert.Equal(t, "0.75125", fieldValue(t, env, "domestic_share", &f))
	assert.Equal(t, "0.75125", fieldValue(t, env, "max_class_share", &f))
}

func TestFiguresEmptyProfile(t *testing.T) {
	p := vipcare.Profile{}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	assert.Zero(t, f.AUM)
	assert.Zero(t, f.Wealth)
	values := fieldValues(t, &f)
	assert.Equal(t, "0", values["classes"])
	assert.Equal(t, "0", values["share.deposits"], "no division by zero")
	assert.Equal(t, "0", values["foreign_share"])
	assert.Equal(t, "0", values["domestic_share"], "no wealth, no domestic share")
	assert.Equal(t, "0", values["tenure_months"], "unknown start")
}

func TestFiguresMaxClasses(t *testing.T) {
	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	p := vipcare.Profile{ID: plantedID, Holdings: manyClasses(maxClasses)}
	f, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(maxClasses), fieldValue(t, nil, "classes", &f))

	p.Holdings = manyClasses(maxClasses + 1)
	_, err = v.Figures(&p)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/holdings", Err: policy.ErrTooMany})

	// Built-in and own classes count alike, whichever comes first.
	builtins := []vipcare.AssetClass{vipcare.Deposits, vipcare.FixedIncome, vipcare.WealthProducts, vipcare.Funds,
		vipcare.Equities, vipcare.Insurance, vipcare.RealEstate, vipcare.BusinessEquity, vipcare.OtherAssets}
	mixed := manyClasses(maxClasses - len(builtins))
	for _, c := range builtins {
		mixed = append(mixed, vipcare.Holding{ID: "B-" + string(c), Class: c, Amount: testkit.CNY("1")})
	}
	p.Holdings = mixed
	f, err = v.Figures(&p)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(maxClasses), fieldValue(t, nil, "classes", &f))
	p.Holdings = append(slices.Clone(mixed[len(mixed)-len(builtins):]), manyClasses(maxClasses-len(builtins)+1)...)
	_, err = v.Figures(&p)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/holdings", Err: policy.ErrTooMany})
	p.Holdings = append(manyClasses(maxClasses-len(builtins)+1), mixed[len(mixed)-len(builtins):]...)
	_, err = v.Figures(&p)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/holdings", Err: policy.ErrTooMany}) // own classes first
}

// Figures computed into a reused value are those computed afresh, whatever
// classes the client before held.
func TestComputeReused(t *testing.T) {
	o := sample.Options{Seed: 4}
	v := sample.Valuation(o)
	var reused vipcare.Figures
	for i, p := range sample.Profiles(o, 300) {
		if i%7 == 3 {
			p.Holdings = append(p.Holdings, vipcare.Holding{ID: "X", Class: "art", Amount: testkit.CNY("5")})
		}
		fresh, err := v.Figures(&p)
		require.NoError(t, err)
		require.NoError(t, v.Compute(&p, &reused))
		require.Equal(t, fieldValues(t, &fresh), fieldValues(t, &reused), "client %d", i)
	}
}

// The amounts a profile may leave out (revenue and the investor facts)
// are each computed from the profile alone into a reused Figures: one
// given alone counts, and one left out is 0, whatever the client before
// gave.
func TestComputeReusedOptionalAmounts(t *testing.T) {
	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	all := vipcare.Profile{Revenue12M: testkit.CNY("1"), Investor: vipcare.InvestorFacts{
		FinancialAssets: testkit.CNY("2"), NetFinancialAssets: testkit.CNY("-3"), AverageIncome3Y: testkit.CNY("4")}}
	tests := []struct {
		name string
		p    vipcare.Profile
		want [4]string // revenue, financial assets, net financial assets, income
	}{
		{"all four", all, [4]string{"1", "2", "-3", "4"}},
		{"none", vipcare.Profile{}, [4]string{"0", "0", "0", "0"}},
		{"revenue alone", vipcare.Profile{Revenue12M: all.Revenue12M}, [4]string{"1", "0", "0", "0"}},
		{"financial assets alone", vipcare.Profile{Investor: vipcare.InvestorFacts{FinancialAssets: all.Investor.FinancialAssets}},
			[4]string{"0", "2", "0", "0"}},
		{"net financial assets alone", vipcare.Profile{Investor: vipcare.InvestorFacts{NetFinancialAssets: all.Investor.NetFinancialAssets}},
			[4]string{"0", "0", "-3", "0"}},
		{"income alone", vipcare.Profile{Investor: vipcare.InvestorFacts{AverageIncome3Y: all.Investor.AverageIncome3Y}},
			[4]string{"0", "0", "0", "4"}},
	}
	var f vipcare.Figures
	for _, first := range tests { // every case after every other, on one Figures
		for _, tt := range tests {
			t.Run(first.name+"/then/"+tt.name, func(t *testing.T) {
				require.NoError(t, v.Compute(&first.p, &f))
				require.NoError(t, v.Compute(&tt.p, &f))
				got := [4]vipcare.Amount{f.Revenue12M, f.FinancialAssets, f.NetFinancialAssets, f.AverageIncome3Y}
				want := [4]vipcare.Amount{amt(t, tt.want[0]), amt(t, tt.want[1]), amt(t, tt.want[2]), amt(t, tt.want[3])}
				assert.Equal(t, want, got)
			})
		}
	}
}

func TestFiguresErrors(t *testing.T) {
	const maxAmount = "99999999999999.9999"
	tests := []struct {
		name   string
		reason string
		edit   func(p *vipcare.Profile, v *vipcare.Valuation)
		path   string
		want   error
	}{
		{
			name:   "USD holding without rates",
			reason: "never a silent sum across currencies",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Rates = nil },
			path:   "/holdings/3/amount", want: vipcare.ErrNoRate,
		},
		{
			name:   "a holding in CNH",
			reason: "a code one letter from the reporting currency's is another currency",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Amount = testkit.Money("1", "CNH")
			},
			path: "/holdings/0/amount", want: vipcare.ErrNoRate,
		},
		{
			name:   "currency missing from the table",
			reason: "the table converts USD and HKD only",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[6].Amount = testkit.Money("300000", "EUR")
			},
			path: "/holdings/6/amount", want: vipcare.ErrNoRate,
		},
		{
			name:   "zero revenue in a malformed currency",
			reason: "only the zero Money, no currency and no amount, is absent",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Revenue12M = vipcare.Money{Currency: "usd"} },
			path:   "/revenue_12m/currency", want: policy.ErrMalformed,
		},
		{
			name:   "revenue with no currency",
			reason: "an amount with no currency is not absent, and not 0",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Revenue12M = vipcare.Money{Amount: decimal.New(1, 0)}
			},
			path: "/revenue_12m/currency", want: policy.ErrMalformed,
		},
		{
			name:   "revenue in a currency without a rate",
			reason: "every amount converts, not only holdings",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Revenue12M = testkit.Money("1", "JPY") },
			path:   "/revenue_12m", want: vipcare.ErrNoRate,
		},
		{
			name:   "investor facts without a rate",
			reason: "every amount converts",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Investor.AverageIncome3Y = testkit.Money("1", "JPY")
			},
			path: "/investor/average_income_3y", want: vipcare.ErrNoRate,
		},
		{
			name:   "malformed holding currency",
			reason: "a code is three upper-case letters",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[0].Amount.Currency = "rmb" },
			path:   "/holdings/0/amount/currency", want: policy.ErrMalformed,
		},
		{
			name:   "malformed reporting currency",
			reason: "nothing can be reported in it",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency, v.Rates = "", nil },
			path:   "/valuation/currency", want: policy.ErrMalformed,
		},
		{
			name:   "no as-of date",
			reason: "every date would be measured from the year 1: a tenure of 2,025 years, a long-expired assessment",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.AsOf = time.Time{} },
			path:   "/valuation/as_of", want: policy.ErrMissing,
		},
		{
			name:   "rates into another currency",
			reason: "the table must convert into the reporting currency",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency = "HKD" },
			path:   "/valuation/rates", want: vipcare.ErrCurrency,
		},
		{
			name:   "negative holding",
			reason: "holdings are not negative",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[2].Amount = testkit.CNY("-1") },
			path:   "/holdings/2/amount", want: vipcare.ErrNegative,
		},
		{
			name:   "negative liability",
			reason: "debts are not negative: a negative one would make net wealth wrap around",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: testkit.CNY("1")}, {ID: "L2", Amount: testkit.CNY("-" + maxAmount)}}
			},
			path: "/liabilities/1/amount", want: vipcare.ErrNegative,
		},
		{
			name:   "negative USD liability",
			reason: "checked after conversion as before",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: testkit.USD("-0.0001")}}
			},
			path: "/liabilities/0/amount", want: vipcare.ErrNegative,
		},
		{
			name:   "negative financial assets",
			reason: "Validate refuses them; so does Figures",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Investor.FinancialAssets = testkit.CNY("-1") },
			path:   "/investor/financial_assets", want: vipcare.ErrNegative,
		},
		{
			name:   "malformed class",
			reason: "classes have rule-safe names",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[4].Class = "real-estate" },
			path:   "/holdings/4/class", want: policy.ErrMalformed,
		},
		{
			name:   "amount with a huge exponent",
			reason: "rejected at once",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[1].Amount.Amount = decimal.New(3, 2000000000)
			},
			path: "/holdings/1/amount", want: policy.ErrOutOfRange,
		},
		{
			name:   "conversion beyond the bound",
			reason: "the largest USD amount is too large in CNY",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[3].Amount = testkit.USD(maxAmount) },
			path:   "/holdings/3/amount", want: policy.ErrOutOfRange,
		},
		{
			name:   "AUM overflows",
			reason: "ten maximal amounts do not fit an int64",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.AssetClass("c" + string(rune('a'+i))), Amount: testkit.CNY(maxAmount)})
				}
			},
			path: "/holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "one class total overflows",
			reason: "per-class totals are checked too",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.Deposits, Amount: testkit.CNY(maxAmount), OffBank: i%2 == 0})
				}
			},
			path: "/holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "wealth overflows though AUM and off-bank fit",
			reason: "the sum of two totals is checked",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = nil
				for i := 0; i < 10; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: "h", Class: vipcare.AssetClass("c" + string(rune('a'+i))), Amount: testkit.CNY(maxAmount), OffBank: i < 5})
				}
			},
			path: "/holdings", want: vipcare.ErrOverflow,
		},
		{
			name:   "liabilities overflow",
			reason: "the total of debts is exact or an error",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := 0; i < 10; i++ {
					p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "l", Amount: testkit.CNY(maxAmount)})
				}
			},
			path: "/liabilities", want: vipcare.ErrOverflow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProfile()
			v := valuation()
			tt.edit(&p, &v)
			before := testkit.Clone(p)

			var err error
			// Failing costs the problem and nothing more, whatever the input:
			// a huge exponent is never expanded.
			bytes := testkit.AllocatedBytes(func() { _, err = v.Figures(&p) })
			assert.Less(t, bytes, uint64(1024), tt.reason)
			testkit.CheckProblems(t, err, testkit.Want{Path: tt.path, Err: tt.want})
			assert.Equal(t, before, p, "Figures changed the profile")
			assert.NotContains(t, err.Error(), plantedID)
			assert.NotContains(t, err.Error(), plantedDigits)

			// Compute into a used Figures reports the same.
			f := testkit.Figures(t, ptr(baseProfile()), valuation())
			assert.Equal(t, err, v.Compute(&p, f))

			// Validate agrees that the profile cannot be evaluated, except
			// for problems of the valuation it reports under its own path.
			assert.ErrorIs(t, p.Validate(v), tt.want, "Validate misses what Figures finds")
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
				vipcare.USD: testkit.Dec(tt.rate)})
			require.NoError(t, err)
			v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: r}
			// Revenue may be negative, so it carries both signs.
			p := vipcare.Profile{ID: plantedID, Revenue12M: testkit.USD(tt.amount)}
			f, err := v.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, amt(t, tt.want), f.Revenue12M)
			// Convert uses the same rates and rounding.
			a, err := f.Convert(testkit.USD(tt.amount))
			require.NoError(t, err)
			assert.Equal(t, amt(t, tt.want), a)
		})
	}
}

func TestFiguresPurity(t *testing.T) {
	v := valuation()
	extras := []vipcare.Holding{
		{ID: "X1", Class: vipcare.Deposits, Amount: testkit.CNY("0.0001")},
		{ID: "X2", Class: vipcare.RealEstate, Amount: testkit.CNY("3000000"), OffBank: true},
		{ID: "X3", Class: vipcare.Funds, Amount: testkit.USD("12.34"), Foreign: true},
		{ID: "X4", Class: vipcare.OtherAssets, Amount: testkit.CNY("0")},
		{ID: "X5", Class: "art", Amount: testkit.Money("250000", "HKD"), OffBank: true, Foreign: true},
		{ID: "X6", Class: vipcare.Insurance, Amount: testkit.CNY("99999.9999")},
	}
	classes := func(t *testing.T, f *vipcare.Figures) int {
		n, err := strconv.Atoi(fieldValue(t, nil, "classes", f))
		require.NoError(t, err)
		return n
	}
	profiles := []vipcare.Profile{baseProfile(), {ID: plantedID}}
	for _, base := range profiles {
		p := base
		for _, h := range extras {
			before := testkit.Clone(p)
			f1, err := v.Figures(&p)
			require.NoError(t, err)
			f1again, err := v.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, summarize(t, &f1), summarize(t, &f1again), "same answer twice")
			assert.Equal(t, before, p, "input unchanged")

			q := testkit.Clone(p)
			q.Holdings = append(q.Holdings, h)
			f2, err := v.Figures(&q)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, f2.AUM, f1.AUM, "adding %s lowered AUM", h.ID)
			assert.GreaterOrEqual(t, f2.Wealth, f1.Wealth, "adding %s lowered Wealth", h.ID)
			assert.GreaterOrEqual(t, f2.Class(h.Class), f1.Class(h.Class))
			assert.GreaterOrEqual(t, classes(t, &f2), classes(t, &f1))
			assert.Equal(t, before, p, "input unchanged")

			// Compute into a Figures used for another profile gives the
			// same figures as a fresh one.
			reused := f1
			require.NoError(t, v.Compute(&q, &reused))
			assert.Equal(t, summarize(t, &f2), summarize(t, &reused))

			p = q
		}
	}
}

func TestFiguresConcurrent(t *testing.T) {
	// One profile, one rate table and the default schema read from many
	// goroutines (run with -race).
	p := baseProfile()
	v := valuation()
	schema := policy.Must((*vipcare.Env)(nil).Allow("age")).Schema() // every field, the protected one allowed
	var every []policy.Cond
	for _, info := range schema.Fields() {
		every = append(every, probe(info))
	}
	rule := policy.Must(policy.Compile(schema, policy.All(every...)))
	want, err := v.Figures(&p)
	require.NoError(t, err)
	wantText := rule.Explain(&want, policy.ExplainOptions{Values: true}).String()
	type result struct {
		f    vipcare.Figures
		text string
	}
	done := make(chan result)
	for i := 0; i < 8; i++ {
		go func() {
			f, _ := v.Figures(&p)
			_ = p.Validate(v)
			done <- result{f, rule.Explain(&f, policy.ExplainOptions{Values: true}).String()}
		}()
	}
	for i := 0; i < 8; i++ {
		got := <-done
		assert.Equal(t, summarize(t, &want), summarize(t, &got.f))
		assert.Equal(t, wantText, got.text)
	}
}

// TestFiguresDoesNotAllocate: computing the figures and evaluating rules
// over them, including the derived fields, allocates nothing.
func TestFiguresDoesNotAllocate(t *testing.T) {
	p := baseProfile()
	v := valuation()
	rule := policy.Must(policy.Compile((*vipcare.Env)(nil).Schema(), policy.All(
		policy.Field("share.real_estate").GE("0.25"),
		policy.Field("foreign_share").LT("0.5"),
		policy.Field("classes").GE(3),
		policy.Field("tenure_months").GE(12),
		policy.Field("max_class_share").LE(1),
		policy.Field("maturing_90d").GE(0),
		policy.Field("kyc_expired").EQ(false),
	)))
	var f vipcare.Figures
	var held bool
	allocs := testing.AllocsPerRun(100, func() {
		f, _ = v.Figures(&p)
		held = rule.Eval(&f)
		_ = f.ClassesAtBank()
	})
	assert.Zero(t, allocs)
	assert.True(t, held)
}

func TestTenureMonths(t *testing.T) {
	tests := []struct {
		name        string
		since, asOf time.Time
		want        string
	}{
		{"whole years and months", testkit.Day(2019, 3, 15), testkit.Day(2025, 6, 30), "75"},
		{"day of month not reached", testkit.Day(2025, 1, 31), testkit.Day(2025, 2, 28), "0"},
		{"day of month reached", testkit.Day(2025, 1, 28), testkit.Day(2025, 2, 28), "1"},
		{"leap day", testkit.Day(2024, 2, 29), testkit.Day(2025, 2, 28), "11"},
		{"leap day to next leap day", testkit.Day(2024, 2, 29), testkit.Day(2028, 2, 29), "48"},
		{"same day", testkit.Day(2025, 6, 30), testkit.Day(2025, 6, 30), "0"},
		{"start after as-of", testkit.Day(2025, 7, 1), testkit.Day(2025, 6, 30), "0"},
		{"unknown start", time.Time{}, testkit.Day(2025, 6, 30), "0"},
		{"start taken in the as-of location", // 2025-01-31 20:00 UTC is 2025-02-01 in CST
			time.Date(2025, 1, 31, 20, 0, 0, 0, time.UTC), testkit.Day(2025, 3, 1), "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := vipcare.Profile{Since: tt.since}
			f, err := vipcare.Valuation{AsOf: tt.asOf, Currency: vipcare.CNY}.Figures(&p)
			require.NoError(t, err)
			assert.Equal(t, tt.want, fieldValue(t, nil, "tenure_months", &f))
		})
	}
}

// TestConvert tests the rate table through the figures it values (Rates.To
// and Rates.Rate before).
func TestConvert(t *testing.T) {
	p := vipcare.Profile{ID: plantedID}
	f := testkit.Figures(t, &p, valuation())
	tests := []struct {
		name string
		m    vipcare.Money
		want string // "" for no rate
	}{
		{"USD at 7.1234", testkit.USD("1"), "7.1234"},
		{"HKD at 0.9123", testkit.Money("100", "HKD"), "91.23"},
		{"the reporting currency converts at 1", testkit.CNY("5.5"), "5.5"},
		{"a currency not in the table", testkit.Money("1", "EUR"), ""},
		{"zero needs no rate", testkit.Money("0", "EUR"), "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := f.Convert(tt.m)
			if tt.want == "" {
				testkit.CheckProblems(t, err, testkit.Want{Err: vipcare.ErrNoRate})
				return
			}
			require.NoError(t, err)
			assert.Equal(t, amt(t, tt.want), a)
		})
	}
	_, err := f.Convert(vipcare.Money{Amount: testkit.Dec("1"), Currency: "usd"})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/currency", Err: policy.ErrMalformed})
	_, err = f.Convert(vipcare.Money{Amount: testkit.Dec("0.00001"), Currency: vipcare.CNY})
	testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrOutOfRange})

	one := testkit.USD("1")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = f.Convert(one) }),
		"Convert does not allocate unless it fails")

	// A nil table converts nothing but the reporting currency.
	g := testkit.Figures(t, &p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY})
	_, err = g.Convert(testkit.USD("1"))
	testkit.CheckProblems(t, err, testkit.Want{Err: vipcare.ErrNoRate})
	a, err := g.Convert(testkit.CNY("1"))
	require.NoError(t, err)
	assert.Equal(t, amt(t, "1"), a)

	// NewRates copies the map.
	m := map[vipcare.Currency]decimal.Decimal{vipcare.USD: testkit.Dec("7")}
	r, err := vipcare.NewRates(vipcare.CNY, m)
	require.NoError(t, err)
	m[vipcare.USD] = testkit.Dec("8")
	m["EUR"] = testkit.Dec("8")
	h := testkit.Figures(t, &p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: r})
	a, err = h.Convert(testkit.USD("1"))
	require.NoError(t, err)
	assert.Equal(t, amt(t, "7"), a)
	_, err = h.Convert(testkit.Money("1", "EUR"))
	assert.ErrorIs(t, err, vipcare.ErrNoRate)

	r, err = vipcare.NewRates(vipcare.CNY, nil)
	require.NoError(t, err, "an empty table is valid")
	e := testkit.Figures(t, &p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: r})
	_, err = e.Convert(testkit.USD("1"))
	assert.ErrorIs(t, err, vipcare.ErrNoRate)
}

// A rate table's digest is the SHA-256 of its documented canonical form:
// the same for tables that convert alike, however their rates were
// written, and another for any other table.
func TestRatesDigest(t *testing.T) {
	table := func(to vipcare.Currency, rates ...string) *vipcare.Rates {
		m := map[vipcare.Currency]decimal.Decimal{}
		for i := 0; i < len(rates); i += 2 {
			m[vipcare.Currency(rates[i])] = testkit.Dec(rates[i+1])
		}
		return policy.Must(vipcare.NewRates(to, m))
	}
	ref := table(vipcare.CNY, "USD", "7.1234", "EUR", "7.8")
	sum := sha256.Sum256([]byte(`{"to":"CNY","rates":{"EUR":"7.8","USD":"7.1234"}}`))
	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), ref.Digest(), "the documented form")

	tests := []struct {
		name  string
		r     *vipcare.Rates
		equal bool
	}{
		{"the same rates written otherwise", table(vipcare.CNY, "EUR", "7.80", "USD", "7.123400"), true},
		{"another rate", table(vipcare.CNY, "USD", "7.1235", "EUR", "7.8"), false},
		{"one more currency", table(vipcare.CNY, "USD", "7.1234", "EUR", "7.8", "HKD", "0.91"), false},
		{"into another currency", table(vipcare.USD, "CNY", "7.1234", "EUR", "7.8"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.equal, tt.r.Digest() == ref.Digest())
		})
	}
	assert.Empty(t, (*vipcare.Rates)(nil).Digest())
	assert.NotEqual(t, table(vipcare.CNY).Digest(), (*vipcare.Rates)(nil).Digest(), "an empty table is a table")

	// The form does not follow decimal's package settings, which a
	// program may change and vipcare never does.
	defer func(trim bool) { decimal.TrimTrailingZeros = trim }(decimal.TrimTrailingZeros)
	decimal.TrimTrailingZeros = false
	assert.Equal(t, ref.Digest(), table(vipcare.CNY, "USD", "7.1234", "EUR", "7.8").Digest(), "whatever decimal.TrimTrailingZeros")
}

func TestNewRatesReportsEveryProblem(t *testing.T) {
	rates := map[vipcare.Currency]decimal.Decimal{
		"usd":       testkit.Dec("7.1"),                 // malformed code
		"EUR":       testkit.Dec("0"),                   // not positive
		"HKD":       testkit.Dec("-0.9"),                // not positive
		"JPY":       testkit.Dec("0.00000000001"),       // 11 decimal places
		"GBP":       testkit.Dec("100000000"),           // not below 10^8
		"CHF":       decimal.New(1, 1000000),            // huge exponent
		vipcare.USD: testkit.Dec("99999999.9999999999"), // the largest rate: fine
	}
	before := maps.Clone(rates)
	var r *vipcare.Rates
	var err error
	// A huge exponent is rejected from the exponent, never expanded.
	assert.Less(t, testkit.AllocatedBytes(func() { r, err = vipcare.NewRates("cny", rates) }), uint64(8192))
	assert.Nil(t, r)
	// In a stable order. Rates are the bank's configuration, not client
	// data: the problems quote the codes, a malformed one included.
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/to", Name: "cny", Err: policy.ErrMalformed},
		testkit.Want{Path: "/rates/CHF", Name: "CHF", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/rates/EUR", Name: "EUR", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/rates/GBP", Name: "GBP", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/rates/HKD", Name: "HKD", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/rates/JPY", Name: "JPY", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/rates", Name: "usd", Err: policy.ErrMalformed},
	)
	assert.Equal(t, before, rates)

	_, err = vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: testkit.Dec("99999999.9999999999"),
		"EUR":       testkit.Dec("0.0000000001"),
	})
	assert.NoError(t, err, "the bounds are inclusive")

	// A rate into the reporting currency from itself converts nothing: it
	// would only make two tables that convert alike differ in digest.
	_, err = vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{vipcare.CNY: testkit.Dec("1"), vipcare.USD: testkit.Dec("7.1")})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/rates/CNY", Name: "CNY", Err: policy.ErrDuplicate})
}

// BenchmarkFigures computes the figures of a profile with 8 holdings in
// mixed classes, one in USD converted with a rate table.
func BenchmarkFigures(b *testing.B) {
	p := baseProfile()
	v := valuation()
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
	v := valuation()
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
	v := valuation()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.Validate(v); err != nil {
			b.Fatal(err)
		}
	}
}

// TestComputeAmountsAgreeWithToAmount checks the holdings' total, and the
// holding and kind of an error, against ToAmount one amount at a time, on
// amounts of every form a decimal takes: coefficients of 0 to 25 digits
// (some with trailing zeros), exponents from -24 to 16, a few negative,
// half of them near an int64's 19 digits at exponents near -4; and on
// totals that overflow. Compute converts the common case in line and the
// rest through the whole conversion; both must agree with it.
func TestComputeAmountsAgreeWithToAmount(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		if n > 0 && r.IntN(3) == 0 { // trailing zeros, which a long coefficient may shed
			for i := n / 2; i < n; i++ {
				b[i] = '0'
			}
		}
		return string(b)
	}
	v := testkit.Valuation(testkit.Day(2026, 6, 30))
	var f vipcare.Figures
	var kinds [3]int // refused, overflowed, summed
	classes := []vipcare.AssetClass{vipcare.Deposits, vipcare.Funds, vipcare.RealEstate, vipcare.OtherAssets}
	for range 5_000 {
		p := vipcare.Profile{Since: testkit.Day(2020, 1, 1)}
		var want vipcare.Amount
		bad, overflow := -1, false
		// Three kinds of profile: a few amounts of any form, most of them
		// refused; 12 amounts near the bound, whose total overflows
		// after 10; 8 amounts of any form that ToAmount takes.
		mode := r.IntN(3)
		holdings := []int{1 + r.IntN(4), 12, 8}[mode]
		for i := range holdings {
			var d decimal.Decimal
			for {
				n, e := r.IntN(26), r.IntN(41)-24
				if r.IntN(2) == 0 { // near the edges: an int64's 19 digits, scale 4
					n, e = 17+r.IntN(5), -6+r.IntN(8)
				}
				c, ok := new(big.Int).SetString("0"+digits(n), 10)
				require.True(t, ok)
				if mode == 1 { // at most the bound, MaxAmount, by a little
					c, e = big.NewInt(int64(vipcare.MaxAmount)-r.Int64N(1e6)), -4
				}
				if r.IntN(40) == 0 {
					c.Neg(c)
				}
				d = decimal.NewFromBigInt(c, int32(e))
				if a, err := vipcare.ToAmount(d); mode != 2 || err == nil && a >= 0 {
					break
				}
			}
			p.Holdings = append(p.Holdings, vipcare.Holding{Class: classes[r.IntN(len(classes))], Amount: vipcare.Money{Amount: d, Currency: vipcare.CNY}})
			a, err := vipcare.ToAmount(d)
			switch {
			case bad >= 0 || overflow: // Compute stops at the first problem
			case err != nil || a < 0:
				bad = i
			case want > math.MaxInt64-a:
				overflow = true
			default:
				want += a
			}
		}
		err := v.Compute(&p, &f)
		switch {
		case bad >= 0:
			require.Error(t, err)
			assert.Equal(t, "/holdings/"+strconv.Itoa(bad)+"/amount", testkit.Problems(t, err)[0].Path)
			if a, errA := vipcare.ToAmount(p.Holdings[bad].Amount.Amount); errA == nil && a < 0 {
				assert.ErrorIs(t, err, vipcare.ErrNegative)
			} else {
				assert.ErrorIs(t, err, policy.ErrOutOfRange)
			}
			kinds[0]++
		case overflow:
			kinds[1]++
			require.ErrorIs(t, err, vipcare.ErrOverflow)
		default:
			require.NoError(t, err)
			assert.Equal(t, want, f.Wealth)
			kinds[2]++
		}
	}
	for i, k := range kinds { // the draws reach every outcome
		assert.Greater(t, k, 100, "outcome %d of refused, overflowed, summed", i)
	}
}
