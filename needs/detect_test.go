package needs_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The helpers of the detector, schema and shelf tests start with "dt" so
// that they cannot collide with the helpers of other test files of the
// package.

// dtCST is China Standard Time as a fixed zone, so that the tests need no
// time zone database.
var dtCST = time.FixedZone("CST", 8*3600)

// dtAsOf is the as-of date of the tests: late in the day, so that a
// calendar date and an instant 24 hours earlier differ.
var dtAsOf = time.Date(2025, time.June, 30, 18, 0, 0, 0, dtCST)

// dtDay returns a calendar date at midnight in dtCST.
func dtDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, dtCST) }

// dtCNY and dtUSD are amounts for literals.
func dtCNY(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.CNY) }
func dtUSD(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.USD) }

// dtValuation values in CNY as of dtAsOf, converting USD at 7.1 and HKD at
// 0.91 (and nothing else).
func dtValuation(t testing.TB) vipcare.Valuation {
	t.Helper()
	r, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("7.1"),
		vipcare.HKD: decimal.RequireFromString("0.91"),
	})
	require.NoError(t, err)
	return vipcare.Valuation{AsOf: dtAsOf, Currency: vipcare.CNY, Rates: r}
}

// Holding builders: at the bank (dtAt) or declared off-bank (dtOff), in CNY.
func dtAt(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: dtCNY(amount)}
}

func dtOff(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: dtCNY(amount), OffBank: true}
}

// dtClient is a bare client with the given holdings; the cases set the rest.
func dtClient(hs ...vipcare.Holding) vipcare.Profile {
	return vipcare.Profile{ID: "T-0001", Holdings: hs}
}

// dtLink is one link to a corporate client.
var dtLink = []vipcare.CorporateLink{{ID: "CORP-1", Role: vipcare.RoleOwner}}

// dtSale is a business sale on date d.
func dtSale(d time.Time) vipcare.Event {
	return vipcare.Event{Kind: vipcare.EventBusinessSale, Date: d, Amount: dtCNY("1000000")}
}

// dtFigures computes the figures of p under dtValuation.
func dtFigures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	f, err := dtValuation(t).Figures(p)
	require.NoError(t, err)
	return &f
}

// dtReference compiles the reference detectors.
func dtReference(t testing.TB) *needs.Detector {
	t.Helper()
	d, err := needs.NewDetector(needs.ReferenceDetectors())
	require.NoError(t, err)
	return d
}

// dtFind returns the need n of an explanation, if detected.
func dtFind(found []needs.Found, n needs.Need) (needs.Found, bool) {
	for _, f := range found {
		if f.Need == n {
			return f, true
		}
	}
	return needs.Found{}, false
}

// dtSignals returns the names of a found need's evidence, in order.
func dtSignals(f needs.Found) []string {
	var out []string
	for _, e := range f.Evidence {
		out = append(out, e.Signal)
	}
	return out
}

// dtWalk calls fn on every node of an explanation tree.
func dtWalk(e policy.Explanation, fn func(policy.Explanation)) {
	fn(e)
	for _, c := range e.Children {
		dtWalk(c, fn)
	}
}

// dtErrors returns the *needs.Error values joined in err.
func dtErrors(t *testing.T, err error) []*needs.Error {
	t.Helper()
	require.Error(t, err)
	j, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "a join of errors: %v", err)
	var out []*needs.Error
	for _, e := range j.Unwrap() {
		var ne *needs.Error
		require.True(t, errors.As(e, &ne), "%v is a *needs.Error", e)
		out = append(out, ne)
	}
	return out
}

// dtSignalCase is a pair of clients built to just meet and just miss one
// signal of the reference detectors, all else equal.
type dtSignalCase struct {
	name   string
	need   needs.Need
	signal string
	// meet and miss are the two clients; strength is the need's strength
	// for each, 0 when it is not detected.
	meet, miss                 func() vipcare.Profile
	meetStrength, missStrength int
}

// dtSignalCases covers every signal of ReferenceDetectors at least once
// (TestReferenceSignalsAllCovered checks it).
func dtSignalCases() []dtSignalCase {
	return []dtSignalCase{
		// integrated: entrepreneur 30, corporate_links 40, business_equity 30; min 40
		{
			name: "entrepreneur: a business owner vs not, with a corporate link",
			need: needs.Integrated, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Entrepreneur, p.Corporates = true, dtLink
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Corporates = dtLink
				return p
			},
			meetStrength: 70, missStrength: 40,
		},
		{
			name: "corporate_links: one link vs none, entrepreneur with business equity",
			need: needs.Integrated, signal: "corporate_links",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "800000"), dtOff("B", vipcare.BusinessEquity, "200000"))
				p.Entrepreneur, p.Corporates = true, dtLink
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "800000"), dtOff("B", vipcare.BusinessEquity, "200000"))
				p.Entrepreneur = true
				return p
			},
			meetStrength: 100, missStrength: 60,
		},
		{
			name: "business_equity: exactly 0.2 of wealth vs 0.199999",
			need: needs.Integrated, signal: "business_equity",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "800000"), dtOff("B", vipcare.BusinessEquity, "200000"))
				p.Corporates = dtLink
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "800001"), dtOff("B", vipcare.BusinessEquity, "199999"))
				p.Corporates = dtLink
				return p
			},
			meetStrength: 70, missStrength: 40,
		},

		// recognition: high_aum 50, high_wealth 30, long_relationship 20; min 50
		{
			name: "high_aum: AUM exactly 2,000,000 vs 1,999,999.9999, with high wealth and tenure",
			need: needs.Recognition, signal: "high_aum",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "2000000"), dtOff("R", vipcare.RealEstate, "9000000"))
				p.Since = dtDay(2020, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1999999.9999"), dtOff("R", vipcare.RealEstate, "9000000"))
				p.Since = dtDay(2020, 6, 30)
				return p
			},
			meetStrength: 100, missStrength: 50,
		},
		{
			name: "high_aum: AUM held off-bank does not count",
			need: needs.Recognition, signal: "high_aum",
			meet: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "2000000"))
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtOff("F", vipcare.Funds, "1000000"))
			},
			meetStrength: 50, missStrength: 0,
		},
		{
			name: "high_wealth: wealth exactly 10,000,000 vs 9,999,999.9999",
			need: needs.Recognition, signal: "high_wealth",
			meet: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "2000000"), dtOff("R", vipcare.RealEstate, "8000000"))
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "2000000"), dtOff("R", vipcare.RealEstate, "7999999.9999"))
			},
			meetStrength: 80, missStrength: 50,
		},
		{
			name: "long_relationship: 60 months to the day vs 59 months and 29 days",
			need: needs.Recognition, signal: "long_relationship",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "2000000"))
				p.Since = dtDay(2020, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "2000000"))
				p.Since = dtDay(2020, 7, 1)
				return p
			},
			meetStrength: 70, missStrength: 50,
		},

		// preservation: cash_heavy 50, older 20, conservative 30; min 40
		{
			name: "cash_heavy: deposits and fixed income exactly 0.5 of wealth vs 0.499999",
			need: needs.Preservation, signal: "cash_heavy",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "300000"), dtOff("F", vipcare.FixedIncome, "200000"),
					dtOff("R", vipcare.RealEstate, "500000"))
				p.Risk, p.Birth = vipcare.C1, dtDay(1960, 1, 1)
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "300000"), dtOff("F", vipcare.FixedIncome, "199999"),
					dtOff("R", vipcare.RealEstate, "500001"))
				p.Risk, p.Birth = vipcare.C1, dtDay(1960, 1, 1)
				return p
			},
			meetStrength: 100, missStrength: 50,
		},
		{
			name: "older: 55th birthday on the as-of date vs the day after",
			need: needs.Preservation, signal: "older",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Birth = dtDay(1970, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Birth = dtDay(1970, 7, 1)
				return p
			},
			meetStrength: 70, missStrength: 50,
		},
		{
			name: "older: an unknown birth date never counts",
			need: needs.Preservation, signal: "older",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Birth = dtDay(1940, 1, 1)
				return p
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "1000000"))
			},
			meetStrength: 70, missStrength: 50,
		},
		{
			name: "conservative: C2 vs C3",
			need: needs.Preservation, signal: "conservative",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C2
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C3
				return p
			},
			meetStrength: 80, missStrength: 50,
		},
		{
			name: "conservative: C1 vs unassessed",
			need: needs.Preservation, signal: "conservative",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C1
				return p
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "1000000"))
			},
			meetStrength: 80, missStrength: 50,
		},

		// advice: property_and_business 40, business_sale 50, large_wealth 20, entrepreneur 10; min 40
		{
			name: "property_and_business: real estate and business exactly 0.5 of wealth vs 0.499999",
			need: needs.Advice, signal: "property_and_business",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "500000"), dtOff("R", vipcare.RealEstate, "300000"),
					dtOff("B", vipcare.BusinessEquity, "200000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2025, 6, 20))}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "500001"), dtOff("R", vipcare.RealEstate, "300000"),
					dtOff("B", vipcare.BusinessEquity, "199999"))
				p.Events = []vipcare.Event{dtSale(dtDay(2025, 6, 20))}
				return p
			},
			meetStrength: 90, missStrength: 50,
		},
		{
			name: "business_sale: 365 days ago vs 366 days ago",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2024, 6, 30))}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2024, 6, 29))}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "business_sale: on the as-of date vs a future-dated sale",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2025, 6, 30))}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2024, 6, 29)), dtSale(dtDay(2025, 7, 1))}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "business_sale: the latest past sale counts, other events do not",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{dtSale(dtDay(2020, 1, 1)), dtSale(dtDay(2025, 1, 1))}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{
					{Kind: vipcare.EventLargeInflow, Date: dtDay(2025, 6, 1), Amount: dtCNY("5000000")},
					{Kind: vipcare.EventLargeOutflow, Date: dtDay(2025, 6, 1), Amount: dtCNY("5000000")},
				}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "large_wealth: wealth exactly 5,000,000 vs 4,999,999.9999",
			need: needs.Advice, signal: "large_wealth",
			meet: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "2500000"), dtOff("R", vipcare.RealEstate, "2500000"))
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "2499999.9999"), dtOff("R", vipcare.RealEstate, "2500000"))
			},
			meetStrength: 60, missStrength: 40,
		},
		{
			name: "entrepreneur (advice): a business owner vs not",
			need: needs.Advice, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
				p.Entrepreneur = true
				return p
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
			},
			meetStrength: 50, missStrength: 40,
		},

		// diversification: only_domestic 30, one_currency 20, few_classes 20, growth_appetite 30; min 50
		{
			name: "only_domestic: nothing abroad vs 0.0001 CNY abroad",
			need: needs.Diversification, signal: "only_domestic",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"),
					vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: dtCNY("0.0001"), Foreign: true})
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 70,
		},
		{
			name: "only_domestic: a client with no wealth is not 'only domestic'",
			need: needs.Diversification, signal: "only_domestic",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "0.0001"))
				p.Risk = vipcare.C5
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient()
				p.Risk = vipcare.C5
				return p
			},
			meetStrength: 100, missStrength: 0,
		},
		{
			name: "one_currency: CNY only vs CNY and a USD deposit at home",
			need: needs.Diversification, signal: "one_currency",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"),
					vipcare.Holding{ID: "U", Class: vipcare.Deposits, Amount: dtUSD("10000")})
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 80,
		},
		{
			name: "few_classes: two asset classes vs three",
			need: needs.Diversification, signal: "few_classes",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"),
					dtAt("M", vipcare.Funds, "1"))
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 80,
		},
		{
			name: "growth_appetite: C4 vs C3",
			need: needs.Diversification, signal: "growth_appetite",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C3
				return p
			},
			meetStrength: 100, missStrength: 70,
		},
		{
			name: "growth_appetite: C5 vs unassessed",
			need: needs.Diversification, signal: "growth_appetite",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C5
				return p
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.FixedIncome, "500000"))
			},
			meetStrength: 100, missStrength: 70,
		},

		// risk_management: concentrated 50, leveraged 40, entrepreneur 10; min 40
		{
			name: "concentrated: one class exactly 0.6 of wealth vs 0.599999",
			need: needs.RiskManagement, signal: "concentrated",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtCNY("300000")}}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "599999"), dtOff("R", vipcare.RealEstate, "400001"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtCNY("300000")}}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "concentrated: holdings of one class add up across the bank and off-bank",
			need: needs.RiskManagement, signal: "concentrated",
			meet: func() vipcare.Profile {
				return dtClient(dtAt("D1", vipcare.Deposits, "300000"), dtOff("D2", vipcare.Deposits, "300000"),
					dtAt("F", vipcare.Funds, "200000"), dtAt("E", vipcare.Equities, "200000"))
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D1", vipcare.Deposits, "300000"), dtOff("D2", vipcare.FixedIncome, "300000"),
					dtAt("F", vipcare.Funds, "200000"), dtAt("E", vipcare.Equities, "200000"))
			},
			meetStrength: 50, missStrength: 0,
		},
		{
			name: "leveraged: liabilities exactly 0.3 of wealth vs 0.2999999999",
			need: needs.RiskManagement, signal: "leveraged",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtCNY("300000")}}
				return p
			},
			miss: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtCNY("299999.9999")}}
				return p
			},
			meetStrength: 90, missStrength: 50,
		},
		{
			name: "entrepreneur (risk_management): a business owner vs not",
			need: needs.RiskManagement, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
				p.Entrepreneur = true
				return p
			},
			miss: func() vipcare.Profile {
				return dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
			},
			meetStrength: 60, missStrength: 50,
		},
	}
}

func TestReferenceSignalsAllCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range dtSignalCases() {
		covered[string(c.need)+"/"+c.signal] = true
	}
	spec := needs.ReferenceDetectors()
	var needsSeen []needs.Need
	for _, r := range spec.Rules {
		needsSeen = append(needsSeen, r.Need)
		for _, s := range r.Signals {
			assert.True(t, covered[string(r.Need)+"/"+s.Name], "signal %s/%s has no meet/miss case", r.Need, s.Name)
		}
	}
	var catalogue []needs.Need
	for _, info := range needs.Catalogue() {
		catalogue = append(catalogue, info.Need)
	}
	assert.Equal(t, catalogue, needsSeen, "one reference rule per need of the catalogue, in its order")
}

func TestReferenceSignalsJustMeetJustMiss(t *testing.T) {
	d := dtReference(t)
	for _, tt := range dtSignalCases() {
		t.Run(tt.name, func(t *testing.T) {
			check := func(label string, p vipcare.Profile, want int, fired bool) {
				t.Helper()
				f := dtFigures(t, &p)
				det := d.Detect(f)
				assert.Equal(t, want, det.Strength(tt.need), "%s: strength", label)
				assert.Equal(t, want > 0, det.Has(tt.need), "%s: Has", label)
				assert.Equal(t, det, d.Detect(f), "%s: same detection twice", label)

				found, ok := dtFind(d.Explain(f, policy.ExplainOptions{}), tt.need)
				require.Equal(t, want > 0, ok, "%s: listed by Explain", label)
				if !ok {
					return
				}
				assert.Equal(t, want, found.Strength, "%s: Explain strength", label)
				assert.Equal(t, fired, slices.Contains(dtSignals(found), tt.signal),
					"%s: evidence %v", label, dtSignals(found))
				sum := 0
				for _, e := range found.Evidence {
					sum += e.Weight
					assert.True(t, e.Why.Held, "%s: evidence %s held", label, e.Signal)
				}
				assert.Equal(t, want, min(sum, 100), "%s: evidence weights add up to the strength", label)
			}
			check("meet", tt.meet(), tt.meetStrength, true)
			check("miss", tt.miss(), tt.missStrength, false)
		})
	}
}

func TestReferenceStrengthCappedAt100(t *testing.T) {
	// advice: 40 + 50 + 20 + 10 = 120 points, capped at 100.
	p := dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtOff("R", vipcare.RealEstate, "3000000"),
		dtOff("B", vipcare.BusinessEquity, "2000000"))
	p.Entrepreneur = true
	p.Events = []vipcare.Event{dtSale(dtDay(2025, 3, 1))}
	d := dtReference(t)
	f := dtFigures(t, &p)
	assert.Equal(t, 100, d.Detect(f).Strength(needs.Advice))
	found, ok := dtFind(d.Explain(f, policy.ExplainOptions{}), needs.Advice)
	require.True(t, ok)
	assert.Equal(t, 100, found.Strength)
	assert.Equal(t, []string{"property_and_business", "business_sale", "large_wealth", "entrepreneur"}, dtSignals(found),
		"every signal that held is evidence, in rule order, even past the cap")
	assert.Equal(t, "strong", found.Level())

	// A bank's rule whose weights add up to 300 is capped too.
	spec := needs.DetectorSpec{Rules: []needs.Rule{{Need: "over", Min: 100, Signals: []needs.Signal{
		{"a", policy.Field("entrepreneur").IsTrue(), 100},
		{"b", policy.Field("entrepreneur").IsTrue(), 100},
		{"c", policy.Field("entrepreneur").IsTrue(), 100},
	}}}}
	assert.Equal(t, 100, needs.MustDetector(spec).Detect(f).Strength("over"))
}

// TestReferenceMinBoundary checks, for each need, that a strength just at
// the rule's minimum is detected and a strength just below is not: on the
// reference weights where a client can sit exactly at or just under the
// minimum, and on every need by moving Min to the strength of a client and
// one point above it.
func TestReferenceMinBoundary(t *testing.T) {
	d := dtReference(t)
	tests := []struct {
		name     string
		need     needs.Need
		client   func() vipcare.Profile
		strength int // the points the signals add up to
		detected bool
	}{
		{"integrated at its minimum 40: a corporate link alone", needs.Integrated, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
			p.Corporates = dtLink
			return p
		}, 40, true},
		{"integrated below its minimum: an entrepreneur alone (30)", needs.Integrated, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
			p.Entrepreneur = true
			return p
		}, 30, false},
		{"recognition at its minimum 50: high AUM alone", needs.Recognition, func() vipcare.Profile {
			return dtClient(dtAt("D", vipcare.Deposits, "2000000"))
		}, 50, true},
		{"recognition below its minimum: high wealth alone (30)", needs.Recognition, func() vipcare.Profile {
			return dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtOff("R", vipcare.RealEstate, "9000000"))
		}, 30, false},
		{"preservation below its minimum 40: conservative alone (30)", needs.Preservation, func() vipcare.Profile {
			p := dtClient(dtAt("F", vipcare.Funds, "1000000"))
			p.Risk = vipcare.C2
			return p
		}, 30, false},
		{"preservation above its minimum: conservative and older (50)", needs.Preservation, func() vipcare.Profile {
			p := dtClient(dtAt("F", vipcare.Funds, "1000000"))
			p.Risk, p.Birth = vipcare.C2, dtDay(1950, 1, 1)
			return p
		}, 50, true},
		{"advice at its minimum 40: property and business alone", needs.Advice, func() vipcare.Profile {
			return dtClient(dtAt("D", vipcare.Deposits, "400000"), dtOff("R", vipcare.RealEstate, "600000"))
		}, 40, true},
		{"advice below its minimum: large wealth and entrepreneur (30)", needs.Advice, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "5000000"))
			p.Entrepreneur = true
			return p
		}, 30, false},
		{"diversification below its minimum: only domestic, one currency (50)", needs.Diversification, func() vipcare.Profile {
			return dtClient(dtAt("D", vipcare.Deposits, "1000000"), dtAt("F", vipcare.Funds, "1"), dtAt("E", vipcare.Equities, "1"))
		}, 50, false},
		{"diversification at its minimum 60: one currency, few classes, something abroad, growth appetite (70)", needs.Diversification, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "1000000"),
				vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: dtCNY("1"), Foreign: true})
			p.Risk = vipcare.C4
			return p
		}, 70, true},
		{"diversification below its minimum: one currency, few classes, something abroad (40)", needs.Diversification, func() vipcare.Profile {
			return dtClient(dtAt("D", vipcare.Deposits, "1000000"),
				vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: dtCNY("1"), Foreign: true})
		}, 40, false},
		{"risk_management at its minimum 40: leveraged alone", needs.RiskManagement, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "500000"), dtOff("R", vipcare.RealEstate, "500000"))
			p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtCNY("300000")}}
			return p
		}, 40, true},
		{"risk_management below its minimum: entrepreneur alone (10)", needs.RiskManagement, func() vipcare.Profile {
			p := dtClient(dtAt("D", vipcare.Deposits, "500000"), dtOff("R", vipcare.RealEstate, "500000"))
			p.Entrepreneur = true
			return p
		}, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.client()
			f := dtFigures(t, &p)
			want := 0
			if tt.detected {
				want = tt.strength
			}
			assert.Equal(t, want, d.Detect(f).Strength(tt.need), "reference minimum")

			// Move the minimum to the client's strength, then one point above.
			for _, m := range []struct {
				min  int
				want int
			}{{tt.strength, tt.strength}, {tt.strength + 1, 0}, {tt.strength - 1, tt.strength}} {
				spec := needs.ReferenceDetectors()
				for i := range spec.Rules {
					if spec.Rules[i].Need == tt.need {
						spec.Rules[i].Min = m.min
					}
				}
				tuned := needs.MustDetector(spec)
				assert.Equal(t, m.want, tuned.Detect(f).Strength(tt.need), "min %d", m.min)
				_, listed := dtFind(tuned.Explain(f, policy.ExplainOptions{}), tt.need)
				assert.Equal(t, m.want > 0, listed, "min %d: listed by Explain", m.min)
			}
		})
	}
	// Every need has a case.
	covered := map[needs.Need]bool{}
	for _, tt := range tests {
		covered[tt.need] = true
	}
	for _, info := range needs.Catalogue() {
		assert.True(t, covered[info.Need], "no minimum case for %s", info.Need)
	}
}

func TestNeedIsValid(t *testing.T) {
	tests := []struct {
		n    needs.Need
		want bool
	}{
		{needs.Integrated, true}, {needs.RiskManagement, true}, {"education_planning", true}, {"a", true},
		{"n2", true}, {needs.Need(strings.Repeat("a", 32)), true},
		{"", false}, {needs.Need(strings.Repeat("a", 33)), false}, {"2n", false}, {"_n", false},
		{"Advice", false}, {"tax-advice", false}, {"tax advice", false}, {"tax.advice", false}, {"税务", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.n.IsValid(), "%q", tt.n)
	}
}

func TestLevel(t *testing.T) {
	tests := []struct {
		strength int
		want     string
	}{
		{-1, "none"}, {0, "none"}, {1, "weak"}, {39, "weak"}, {40, "moderate"}, {69, "moderate"},
		{70, "strong"}, {100, "strong"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, needs.Level(tt.strength), "strength %d", tt.strength)
	}
}

// dtOrderDetector has needs of equal and different strengths for an
// entrepreneur, to check the order of List and Explain.
func dtOrderDetector(t testing.TB) *needs.Detector {
	t.Helper()
	e := policy.Field("entrepreneur").IsTrue()
	d, err := needs.NewDetector(needs.DetectorSpec{Rules: []needs.Rule{
		{Need: "alpha", Min: 10, Signals: []needs.Signal{{"a", e, 30}}},
		{Need: "beta", Min: 10, Signals: []needs.Signal{{"b", e, 50}}},
		{Need: "gamma", Min: 10, Signals: []needs.Signal{{"g", e, 30}}},
		{Need: "delta", Min: 10, Signals: []needs.Signal{{"d", policy.Field("discreet").IsTrue(), 90}}},
		{Need: "omega", Min: 10, Signals: []needs.Signal{{"o1", e, 70}, {"o2", e, 70}}},
	}})
	require.NoError(t, err)
	return d
}

func TestDetectionMethods(t *testing.T) {
	d := dtOrderDetector(t)
	p := dtClient(dtAt("D", vipcare.Deposits, "1000"))
	p.Entrepreneur = true
	det := d.Detect(dtFigures(t, &p))

	assert.Equal(t, 30, det.Strength("alpha"))
	assert.Equal(t, 50, det.Strength("beta"))
	assert.Equal(t, 30, det.Strength("gamma"))
	assert.Equal(t, 0, det.Strength("delta"), "not detected")
	assert.Equal(t, 100, det.Strength("omega"), "capped")
	assert.Equal(t, 0, det.Strength("unknown"), "a need the detector does not know")
	assert.True(t, det.Has("alpha"))
	assert.False(t, det.Has("delta"))
	assert.False(t, det.Has(needs.Integrated))
	assert.Equal(t, 4, det.Len())

	want := []needs.Found{
		{Need: "omega", Strength: 100},
		{Need: "beta", Strength: 50},
		{Need: "alpha", Strength: 30}, // rule order on a tie
		{Need: "gamma", Strength: 30},
	}
	assert.Equal(t, want, det.List(), "strongest first, rule order on ties, no evidence")

	var got []needs.Found
	for _, f := range d.Explain(dtFigures(t, &p), policy.ExplainOptions{}) {
		got = append(got, needs.Found{Need: f.Need, Strength: f.Strength})
	}
	assert.Equal(t, want, got, "Explain lists the needs in the same order")
	assert.Equal(t, []needs.Need{"alpha", "beta", "gamma", "delta", "omega"}, d.Needs())

	// Needs returns a copy.
	ns := d.Needs()
	ns[0] = "changed"
	assert.Equal(t, needs.Need("alpha"), d.Needs()[0])

	// Nothing detected.
	p.Entrepreneur = false
	none := d.Detect(dtFigures(t, &p))
	assert.Equal(t, 0, none.Len())
	assert.Empty(t, none.List())
	assert.Empty(t, d.Explain(dtFigures(t, &p), policy.ExplainOptions{}))
}

func TestZeroDetection(t *testing.T) {
	var z needs.Detection
	assert.Equal(t, 0, z.Strength(needs.Integrated))
	assert.False(t, z.Has(needs.Integrated))
	assert.Equal(t, 0, z.Len())
	assert.Empty(t, z.List())
}

func TestFoundString(t *testing.T) {
	tests := []struct {
		name string
		f    needs.Found
		want string
	}{
		{"no evidence", needs.Found{Need: needs.Advice, Strength: 40}, "advice (moderate, 40)"},
		{"two signals", needs.Found{Need: needs.Integrated, Strength: 70, Evidence: []needs.Evidence{
			{Signal: "entrepreneur", Weight: 30}, {Signal: "corporate_links", Weight: 40}}},
			"integrated (strong, 70): entrepreneur +30, corporate_links +40"},
		{"weak", needs.Found{Need: "education_planning", Strength: 20, Evidence: []needs.Evidence{
			{Signal: "young_children", Weight: 20}}}, "education_planning (weak, 20): young_children +20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.f.String())
		})
	}
}

func TestExplainEvidence(t *testing.T) {
	d := dtReference(t)
	// AUM 2,345,678.91 at the bank: high_aum fires, high_wealth and
	// long_relationship do not.
	p := dtClient(dtAt("D", vipcare.Deposits, "2345678.91"))
	p.Since = dtDay(2023, 1, 1)
	p.Events = []vipcare.Event{dtSale(dtDay(2025, 5, 1))}
	f := dtFigures(t, &p)

	t.Run("only fired signals, with fields and thresholds, no values", func(t *testing.T) {
		found := d.Explain(f, policy.ExplainOptions{})
		rec, ok := dtFind(found, needs.Recognition)
		require.True(t, ok)
		require.Len(t, rec.Evidence, 1)
		e := rec.Evidence[0]
		assert.Equal(t, "high_aum", e.Signal)
		assert.Equal(t, 50, e.Weight)
		assert.True(t, e.Why.Held)
		assert.Equal(t, "aum", e.Why.Field)
		assert.Equal(t, policy.OpGE, e.Why.Op)
		assert.Equal(t, "2000000", e.Why.Threshold)
		assert.Equal(t, "aum >= 2000000", e.Why.Text)
		assert.Empty(t, e.Why.Value)

		// A combined signal explains every part.
		adv, ok := dtFind(found, needs.Advice)
		require.True(t, ok)
		require.Equal(t, []string{"business_sale"}, dtSignals(adv))
		why := adv.Evidence[0].Why
		assert.Equal(t, "all of", why.Text)
		require.Len(t, why.Children, 2)
		assert.Equal(t, "days_since_business_sale >= 0", why.Children[0].Text)
		assert.Equal(t, "days_since_business_sale <= 365", why.Children[1].Text)

		for _, fd := range found {
			for _, e := range fd.Evidence {
				dtWalk(e.Why, func(x policy.Explanation) {
					assert.Empty(t, x.Value, "%s/%s: no client value", fd.Need, e.Signal)
				})
			}
		}
		js, err := json.Marshal(found)
		require.NoError(t, err)
		assert.NotContains(t, string(js), "2345678", "no client amount in the evidence")
		assert.NotContains(t, string(js), "T-0001", "no client ID in the evidence")
		for _, fd := range found {
			assert.NotContains(t, fd.String(), "2345678")
			for _, e := range fd.Evidence {
				assert.NotContains(t, e.Why.String(), "2345678")
			}
		}
	})

	t.Run("values when asked", func(t *testing.T) {
		found := d.Explain(f, policy.ExplainOptions{Values: true})
		rec, ok := dtFind(found, needs.Recognition)
		require.True(t, ok)
		assert.Equal(t, "2345678.91", rec.Evidence[0].Why.Value)
		adv, ok := dtFind(found, needs.Advice)
		require.True(t, ok)
		assert.Equal(t, "60", adv.Evidence[0].Why.Children[0].Value, "days from 1 May to 30 June")
	})
}

func TestNewDetectorErrors(t *testing.T) {
	f := policy.Field
	ok := needs.Signal{Name: "ok", When: f("entrepreneur").IsTrue(), Weight: 10}
	tests := []struct {
		name string
		spec needs.DetectorSpec
		path string
		nm   string // the Name of the error
		err  error  // the sentinel it wraps
	}{
		{"malformed need", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: "Bad-Need", Min: 10, Signals: []needs.Signal{ok}}}},
			"rules[0].need", "Bad-Need", needs.ErrNeed},
		{"empty need", needs.DetectorSpec{Rules: []needs.Rule{
			{Min: 10, Signals: []needs.Signal{ok}}}},
			"rules[0].need", "", needs.ErrNeed},
		{"duplicate need", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok}},
			{Need: needs.Advice, Min: 20, Signals: []needs.Signal{ok}}}},
			"rules[1].need", "advice", needs.ErrNeed},
		{"no signals", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10}}},
			"rules[0].signals", "advice", needs.ErrEmpty},
		{"a signal without a condition", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{Name: "nothing", Weight: 10}}}}},
			"rules[0].signals[0].when", "nothing", needs.ErrEmpty},
		{"a signal without a name", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok, {When: f("discreet").IsTrue(), Weight: 10}}}}},
			"rules[0].signals[1].name", "", needs.ErrName},
		{"a repeated signal name", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok, ok}}}},
			"rules[0].signals[1].name", "ok", needs.ErrName},
		{"weight 0", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{"w", f("discreet").IsTrue(), 0}}}}},
			"rules[0].signals[0].weight", "w", needs.ErrWeight},
		{"weight 101", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{"w", f("discreet").IsTrue(), 101}}}}},
			"rules[0].signals[0].weight", "w", needs.ErrWeight},
		{"negative weight", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{"w", f("discreet").IsTrue(), -5}}}}},
			"rules[0].signals[0].weight", "w", needs.ErrWeight},
		{"min 0", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 0, Signals: []needs.Signal{ok}}}},
			"rules[0].min", "advice", needs.ErrWeight},
		{"min 101", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 101, Signals: []needs.Signal{ok}}}},
			"rules[0].min", "advice", needs.ErrWeight},
		{"more rules than MaxNeeds", needs.DetectorSpec{Rules: func() []needs.Rule {
			var rs []needs.Rule
			for i := 0; i <= needs.MaxNeeds; i++ {
				rs = append(rs, needs.Rule{Need: needs.Need("n" + strconv.Itoa(i)), Min: 10, Signals: []needs.Signal{ok}})
			}
			return rs
		}()}, "rules", "", needs.ErrTooMany},
		{"more signals than MaxSignals", needs.DetectorSpec{Rules: []needs.Rule{{Need: needs.Advice, Min: 10,
			Signals: func() []needs.Signal {
				var ss []needs.Signal
				for i := 0; i <= needs.MaxSignals; i++ {
					ss = append(ss, needs.Signal{Name: "s" + strconv.Itoa(i), When: f("discreet").IsTrue(), Weight: 1})
				}
				return ss
			}()}}}, "rules[0].signals", "advice", needs.ErrTooMany},
		{"unknown field", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok}},
			{Need: needs.Integrated, Min: 10, Signals: []needs.Signal{{"typo", f("aum_total").GE("1"), 10}}}}},
			"rules[1].signals[0].when", "typo", policy.ErrUnknownField},
		{"malformed threshold", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok}},
			{Need: needs.Integrated, Min: 10, Signals: []needs.Signal{ok, {"lots", f("aum").GE("lots"), 10}}}}},
			"rules[1].signals[1].when", "lots", policy.ErrThreshold},
		{"too many decimal places for a share", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{"fine", f("max_class_share").GE("0.1234567"), 10}}}}},
			"rules[0].signals[0].when", "fine", policy.ErrThreshold},
		{"type mismatch", needs.DetectorSpec{Rules: []needs.Rule{
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{{"odd", f("entrepreneur").GE(1), 10}}}}},
			"rules[0].signals[0].when", "odd", policy.ErrTypeMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := needs.NewDetector(tt.spec)
			assert.Nil(t, d)
			require.ErrorIs(t, err, tt.err)
			errs := dtErrors(t, err)
			require.Len(t, errs, 1, "%v", err)
			assert.Equal(t, tt.path, errs[0].Path)
			assert.Equal(t, tt.nm, errs[0].Name)
			assert.True(t, strings.HasPrefix(errs[0].Error(), "needs: "+tt.path+": "), errs[0].Error())
			if tt.nm != "" {
				assert.Contains(t, errs[0].Error(), strconv.Quote(tt.nm))
			}
			assert.Panics(t, func() { needs.MustDetector(tt.spec) })
		})
	}

	t.Run("policy errors keep their own path and field", func(t *testing.T) {
		spec := needs.DetectorSpec{Rules: []needs.Rule{{Need: needs.Advice, Min: 10, Signals: []needs.Signal{
			{"two", policy.All(f("aum_total").GE("1"), f("aum").GE("x")), 10}}}}}
		_, err := needs.NewDetector(spec)
		errs := dtErrors(t, err)
		require.Len(t, errs, 1)
		assert.Equal(t, "rules[0].signals[0].when", errs[0].Path)
		var pe *policy.Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "all[0]", pe.Path)
		assert.Equal(t, "aum_total", pe.Name)
		assert.ErrorIs(t, err, policy.ErrUnknownField)
		assert.ErrorIs(t, err, policy.ErrThreshold, "both problems of the condition")
	})

	t.Run("every problem at once", func(t *testing.T) {
		spec := needs.DetectorSpec{Rules: []needs.Rule{
			{Need: "Bad", Min: 0, Signals: []needs.Signal{{"", f("discreet").IsTrue(), 0}}},
			{Need: needs.Advice, Min: 10},
			{Need: needs.Advice, Min: 10, Signals: []needs.Signal{ok, ok, {"u", f("nope").IsTrue(), 10}}},
		}}
		_, err := needs.NewDetector(spec)
		var got []string
		for _, e := range dtErrors(t, err) {
			got = append(got, e.Path)
		}
		assert.Equal(t, []string{
			"rules[0].need", "rules[0].min", "rules[0].signals[0].name", "rules[0].signals[0].weight",
			"rules[1].signals",
			"rules[2].need", "rules[2].signals[1].name", "rules[2].signals[2].when",
		}, got)
		for _, s := range []error{needs.ErrNeed, needs.ErrWeight, needs.ErrName, needs.ErrEmpty, policy.ErrUnknownField} {
			assert.ErrorIs(t, err, s)
		}
	})

	t.Run("the reference detectors compile, limits included", func(t *testing.T) {
		_, err := needs.NewDetector(needs.ReferenceDetectors())
		require.NoError(t, err)
		rs := make([]needs.Rule, needs.MaxNeeds)
		ss := make([]needs.Signal, needs.MaxSignals)
		for i := range ss {
			ss[i] = needs.Signal{Name: "s" + strconv.Itoa(i), When: f("discreet").IsTrue(), Weight: 1}
		}
		for i := range rs {
			rs[i] = needs.Rule{Need: needs.Need("n" + strconv.Itoa(i)), Min: 1, Signals: ss}
		}
		d, err := needs.NewDetector(needs.DetectorSpec{Rules: rs})
		require.NoError(t, err)
		p := dtClient(dtAt("D", vipcare.Deposits, "1"))
		p.Contact.Discreet = true
		det := d.Detect(dtFigures(t, &p))
		assert.Equal(t, needs.MaxNeeds, det.Len())
		assert.Equal(t, needs.MaxSignals, det.Strength("n15"))
		found := d.Explain(dtFigures(t, &p), policy.ExplainOptions{})
		require.Len(t, found, needs.MaxNeeds)
		assert.Len(t, found[15].Evidence, needs.MaxSignals, "the 32nd signal is evidence too")
	})
}

func TestReferenceDetectorsIsANewValue(t *testing.T) {
	a := needs.ReferenceDetectors()
	a.Rules[0].Min = 99
	a.Rules[0].Signals[0].Weight = 1
	b := needs.ReferenceDetectors()
	assert.Equal(t, 40, b.Rules[0].Min)
	assert.Equal(t, 30, b.Rules[0].Signals[0].Weight)
}

// TestDetectorSpecNotRetained checks that a compiled detector does not
// change when the caller tunes the spec it was built from.
func TestDetectorSpecNotRetained(t *testing.T) {
	spec := needs.ReferenceDetectors()
	d := needs.MustDetector(spec)
	p := dtClient(dtAt("D", vipcare.Deposits, "1000000"))
	p.Corporates = dtLink
	f := dtFigures(t, &p)
	before := d.Detect(f)
	spec.Rules[0].Min = 100
	spec.Rules[0].Signals[1].Weight = 1
	spec.Rules[0].Need = "other"
	assert.Equal(t, before, d.Detect(f))
	assert.Equal(t, 40, d.Detect(f).Strength(needs.Integrated))
}

// dtBook is the sample book the property tests run on.
func dtBook() (sample.Options, []vipcare.Profile) {
	o := sample.Options{Seed: 42}
	return o, sample.Book(o, 2000)
}

func TestDetectPropertiesOnSampleBook(t *testing.T) {
	d := dtReference(t)
	o, book := dtBook()
	v := sample.Valuation(o)
	counts := map[needs.Need]int{}
	var f vipcare.Figures
	for i := range book {
		p := &book[i]
		require.NoError(t, v.Compute(p, &f), "client %d", i)
		before := f
		det := d.Detect(&f)
		require.Equal(t, det, d.Detect(&f), "client %d: same detection twice", i)
		require.True(t, before == f, "client %d: figures unchanged", i)
		require.True(t, reflect.DeepEqual(sample.Profile(o, i), *p), "client %d: profile unchanged", i)

		found := d.Explain(&f, policy.ExplainOptions{})
		require.True(t, reflect.DeepEqual(sample.Profile(o, i), *p), "client %d: profile unchanged by Explain", i)
		list := det.List()
		require.Len(t, found, len(list), "client %d", i)
		require.Equal(t, det.Len(), len(found), "client %d", i)
		for j := range found {
			require.Equal(t, list[j].Need, found[j].Need, "client %d: same needs in the same order", i)
			require.Equal(t, list[j].Strength, found[j].Strength, "client %d: same strength", i)
			require.Equal(t, det.Strength(found[j].Need), found[j].Strength, "client %d", i)
			sum := 0
			for _, e := range found[j].Evidence {
				sum += e.Weight
				require.True(t, e.Why.Held)
			}
			require.Equal(t, found[j].Strength, min(sum, 100), "client %d: evidence adds up", i)
			if j > 0 {
				require.GreaterOrEqual(t, found[j-1].Strength, found[j].Strength, "client %d: strongest first", i)
			}
			counts[found[j].Need]++
		}
		for _, n := range d.Needs() {
			_, listed := dtFind(found, n)
			require.Equal(t, det.Has(n), listed, "client %d: %s", i, n)
		}
	}
	for _, info := range needs.Catalogue() {
		t.Logf("%-16s detected for %4d of %d clients", info.Need, counts[info.Need], len(book))
		assert.Positive(t, counts[info.Need], "%s occurs in a 2,000-client book", info.Need)
		assert.Less(t, counts[info.Need], len(book), "%s does not fire for everyone", info.Need)
	}
}

// TestCustomNeed shows a bank detecting a need of its own with a field of
// its own, next to the reference needs.
func TestCustomNeed(t *testing.T) {
	const education needs.Need = "education_planning"
	require.True(t, education.IsValid())
	// The bank's field: holdings in its education savings products.
	schema, err := needs.MustSchema().With(policy.Int("edu_products", func(f *vipcare.Figures) int64 {
		n := int64(0)
		for _, h := range f.Profile.Holdings {
			if strings.HasPrefix(h.Product, "EDU-") {
				n++
			}
		}
		return n
	}).WithDoc("number of education savings products held"))
	require.NoError(t, err)
	spec := needs.ReferenceDetectors()
	spec.Schema = schema
	f := policy.Field
	spec.Rules = append(spec.Rules, needs.Rule{Need: education, Min: 50, Signals: []needs.Signal{
		{"parent_age", policy.All(f("age").GE(30), f("age").LE(50)), 30},
		{"affluent", f("wealth").GE("1000000"), 20},
		{"already_saving", f("edu_products").GE(1), 40},
	}})
	d, err := needs.NewDetector(spec)
	require.NoError(t, err)
	assert.Equal(t, needs.Need("education_planning"), d.Needs()[6])

	p := dtClient(dtAt("D", vipcare.Deposits, "1500000"),
		vipcare.Holding{ID: "E", Class: vipcare.Insurance, Product: "EDU-0007", Amount: dtCNY("100000")})
	p.Birth = dtDay(1985, 3, 1)
	fg := dtFigures(t, &p)
	det := d.Detect(fg)
	assert.Equal(t, 90, det.Strength(education))
	found, ok := dtFind(d.Explain(fg, policy.ExplainOptions{}), education)
	require.True(t, ok)
	assert.Equal(t, []string{"parent_age", "affluent", "already_saving"}, dtSignals(found))
	assert.Equal(t, "edu_products >= 1", found.Evidence[2].Why.Text)
	assert.Equal(t, "education_planning (strong, 90): parent_age +30, affluent +20, already_saving +40", found.String())

	// Too old for the bank's rule and no education product: 20 points, not detected.
	p.Birth = dtDay(1960, 3, 1)
	p.Holdings = p.Holdings[:1]
	assert.False(t, d.Detect(dtFigures(t, &p)).Has(education))

	// The field belongs to the bank's schema only.
	spec.Schema = nil
	_, err = needs.NewDetector(spec)
	assert.ErrorIs(t, err, policy.ErrUnknownField)
}

func TestDetectorConcurrent(t *testing.T) {
	d := dtReference(t)
	o, book := dtBook()
	book = book[:256]
	v := sample.Valuation(o)
	want := make([]needs.Detection, len(book))
	wantFound := make([][]needs.Found, len(book))
	for i := range book {
		f, err := v.Figures(&book[i])
		require.NoError(t, err)
		want[i] = d.Detect(&f)
		wantFound[i] = d.Explain(&f, policy.ExplainOptions{})
	}
	const workers = 64
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var f vipcare.Figures
			for k := range book {
				i := (k + w*7) % len(book) // each goroutine starts elsewhere
				if err := v.Compute(&book[i], &f); err != nil {
					errs <- err.Error()
					return
				}
				if d.Detect(&f) != want[i] {
					errs <- fmt.Sprintf("worker %d, client %d: detection differs", w, i)
					return
				}
				if k%16 == 0 && !reflect.DeepEqual(d.Explain(&f, policy.ExplainOptions{}), wantFound[i]) {
					errs <- fmt.Sprintf("worker %d, client %d: explanation differs", w, i)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
