package vipcare_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

// Planted confidential values: no error message, fmt or slog output may
// contain them.
const (
	plantedID     = "CLIENT-ID-7781"
	plantedDigits = "9876543" // the integer part of the deposit 9876543.21
)

// cst is China Standard Time as a fixed zone, so that the tests need no
// time zone database.
var cst = time.FixedZone("CST", 8*3600)

// asOf is the as-of date of the test valuations.
var asOf = time.Date(2025, 6, 30, 18, 0, 0, 0, cst)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func cny(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.CNY) }
func usd(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.USD) }

// rawCNY builds a Money without the bounds check of NewMoney, for amounts
// that are meant to be invalid.
func rawCNY(s string) vipcare.Money {
	return vipcare.Money{Amount: decimal.RequireFromString(s), Currency: vipcare.CNY}
}

// testRates converts USD and HKD into CNY.
func testRates(t testing.TB) *vipcare.Rates {
	t.Helper()
	r, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("7.1234"),
		vipcare.HKD: decimal.RequireFromString("0.9123"),
	})
	require.NoError(t, err)
	return r
}

func testValuation(t testing.TB) vipcare.Valuation {
	return vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: testRates(t)}
}

// holdingIDs are the IDs of the holdings of baseProfile, also confidential.
var holdingIDs = []string{"H-DEP-31", "H-WMP-32", "H-FND-33", "H-EQ-34", "H-RE-35", "H-BIZ-36",
	"H-INS-37", "H-FI-38"}

// baseProfile returns a valid profile with 8 holdings in mixed classes, one
// in USD, two off-bank. Under testValuation its figures are:
//
//	AUM     14,838,883.71 (9,876,543.21 + 2,000,000 + 750,000.5 + 712,340 + 300,000 + 1,200,000)
//	OffBank 13,000,000    (8,000,000 real estate + 5,000,000 business equity)
//	Wealth  27,838,883.71
//	Foreign    712,340    (100,000 USD at 7.1234)
func baseProfile() vipcare.Profile {
	return vipcare.Profile{
		ID:    plantedID,
		Since: day(2019, 3, 15),
		Birth: day(1975, 5, 20),
		Holdings: []vipcare.Holding{
			{ID: holdingIDs[0], Class: vipcare.Deposits, Amount: cny("9876543.21")},
			{ID: holdingIDs[1], Class: vipcare.WealthProducts, Product: "WMP-180D", Amount: cny("2000000")},
			{ID: holdingIDs[2], Class: vipcare.Funds, Amount: cny("750000.50")},
			{ID: holdingIDs[3], Class: vipcare.Equities, Amount: usd("100000"), Foreign: true},
			{ID: holdingIDs[4], Class: vipcare.RealEstate, Amount: cny("8000000"), OffBank: true},
			{ID: holdingIDs[5], Class: vipcare.BusinessEquity, Amount: cny("5000000"), OffBank: true},
			{ID: holdingIDs[6], Class: vipcare.Insurance, Amount: cny("300000")},
			{ID: holdingIDs[7], Class: vipcare.FixedIncome, Amount: cny("1200000")},
		},
		Liabilities: []vipcare.Liability{
			{ID: "L-MTG-1", Kind: "mortgage", Amount: cny("1500000")},
		},
		Revenue12M:   cny("45678.9"),
		Entrepreneur: true,
		Corporates: []vipcare.CorporateLink{
			{ID: "CORP-8812", Role: vipcare.RoleOwner, Ownership: decimal.RequireFromString("0.6")},
		},
		Risk:         vipcare.C4,
		RiskAssessed: day(2025, 1, 10),
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    cny("14838883.71"),
			NetFinancialAssets: cny("13338883.71"),
			AverageIncome3Y:    cny("1200000"),
			ExperienceYears:    12,
		},
		Contact: vipcare.Preferences{
			Channels:  []vipcare.Channel{vipcare.ChannelBranch, vipcare.ChannelPhone, vipcare.ChannelSecureMessage},
			Preferred: vipcare.ChannelPhone,
			Discreet:  true,
		},
		Balances: vipcare.BalanceHistory{
			Daily: []vipcare.DailyBalance{
				{Date: day(2025, 6, 28), Balance: cny("14800000")},
				{Date: day(2025, 6, 29), Balance: cny("14800000")},
				{Date: day(2025, 6, 30), Balance: cny("14838883.71")},
			},
			Averages: []vipcare.PeriodAverage{
				{From: day(2025, 5, 1), To: day(2025, 5, 31), Average: cny("14000000")},
			},
		},
		Events: []vipcare.Event{
			// scheduled, after the as-of date: fine
			{Kind: vipcare.EventMaturity, Date: day(2025, 8, 15), Holding: holdingIDs[1], Amount: cny("2000000")},
			{Kind: vipcare.EventLargeInflow, Date: day(2025, 6, 1), Amount: cny("3000000")},
		},
	}
}

// cloneProfile returns a deep copy of p: every slice is copied, so that a
// change to p through any of them shows against the copy. Decimals and times
// are immutable values and are shared.
func cloneProfile(p vipcare.Profile) vipcare.Profile {
	c := p
	c.Holdings = slices.Clone(p.Holdings)
	c.Liabilities = slices.Clone(p.Liabilities)
	c.Corporates = slices.Clone(p.Corporates)
	c.Contact.Channels = slices.Clone(p.Contact.Channels)
	c.Balances.Daily = slices.Clone(p.Balances.Daily)
	c.Balances.Averages = slices.Clone(p.Balances.Averages)
	c.Events = slices.Clone(p.Events)
	return c
}

// problem is one expected *FieldError: its field path and sentinel.
type problem struct {
	field string
	err   error
}

// fieldErrors returns the *FieldError values joined in err, in order. It
// fails the test if err has a part that is not a *FieldError.
func fieldErrors(t *testing.T, err error) []*vipcare.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	parts := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		parts = j.Unwrap()
	}
	out := make([]*vipcare.FieldError, 0, len(parts))
	for _, e := range parts {
		var fe *vipcare.FieldError
		require.Truef(t, errors.As(e, &fe), "%T is not a *FieldError: %v", e, e)
		out = append(out, fe)
	}
	return out
}

// sentinels are the sentinel errors of the package.
var sentinels = []error{vipcare.ErrAmount, vipcare.ErrNegative, vipcare.ErrCurrency, vipcare.ErrNoRate,
	vipcare.ErrDuplicate, vipcare.ErrFutureDate, vipcare.ErrOutOfRange, vipcare.ErrMissing,
	vipcare.ErrAssetClass, vipcare.ErrOrder, vipcare.ErrReference, vipcare.ErrOverflow}

// sentinelOf returns the one sentinel that err matches.
func sentinelOf(t *testing.T, err error) error {
	t.Helper()
	var found error
	for _, s := range sentinels {
		if errors.Is(err, s) {
			require.Nilf(t, found, "%v matches both %v and %v", err, found, s)
			found = s
		}
	}
	require.NotNilf(t, found, "%v matches no sentinel", err)
	return found
}

// problems returns the field path and sentinel of each problem in err.
func problems(t *testing.T, err error) []problem {
	t.Helper()
	var out []problem
	for _, fe := range fieldErrors(t, err) {
		out = append(out, problem{fe.Field, sentinelOf(t, fe.Err)})
	}
	return out
}
