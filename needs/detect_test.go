package needs_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// signalCase is a pair of clients built to just meet and just miss one
// signal of the reference detectors, all else equal.
type signalCase struct {
	name   string
	need   needs.Need
	signal string
	// meet and miss are the two clients; strength is the need's strength
	// for each, 0 when it is not detected.
	meet, miss                 func() vipcare.Profile
	meetStrength, missStrength int
}

// signalCases covers every signal of the reference scorecards at least once
// (TestReferenceSignalsAllCovered checks it).
func signalCases() []signalCase {
	return []signalCase{
		// integrated: entrepreneur 30, corporate_links 40, business_equity 30; min 40
		{
			name: "entrepreneur: a business owner vs not, with a corporate link",
			need: needs.Integrated, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Entrepreneur, p.Corporates = true, link
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Corporates = link
				return p
			},
			meetStrength: 70, missStrength: 40,
		},
		{
			name: "corporate_links: one link vs none, entrepreneur with business equity",
			need: needs.Integrated, signal: "corporate_links",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "800000"), off("B", vipcare.BusinessEquity, "200000"))
				p.Entrepreneur, p.Corporates = true, link
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "800000"), off("B", vipcare.BusinessEquity, "200000"))
				p.Entrepreneur = true
				return p
			},
			meetStrength: 100, missStrength: 60,
		},
		{
			name: "business_equity: exactly 0.2 of wealth vs 0.199999",
			need: needs.Integrated, signal: "business_equity",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "800000"), off("B", vipcare.BusinessEquity, "200000"))
				p.Corporates = link
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "800001"), off("B", vipcare.BusinessEquity, "199999"))
				p.Corporates = link
				return p
			},
			meetStrength: 70, missStrength: 40,
		},

		// recognition: high_aum 50, high_wealth 30, long_relationship 20; min 50
		{
			name: "high_aum: AUM exactly 2,000,000 vs 1,999,999.9999, with high wealth and tenure",
			need: needs.Recognition, signal: "high_aum",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "2000000"), off("R", vipcare.RealEstate, "9000000"))
				p.Since = testkit.Day(2020, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1999999.9999"), off("R", vipcare.RealEstate, "9000000"))
				p.Since = testkit.Day(2020, 6, 30)
				return p
			},
			meetStrength: 100, missStrength: 50,
		},
		{
			name: "high_aum: AUM held off-bank does not count",
			need: needs.Recognition, signal: "high_aum",
			meet: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "2000000"))
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "1000000"), off("F", vipcare.Funds, "1000000"))
			},
			meetStrength: 50, missStrength: 0,
		},
		{
			name: "high_wealth: wealth exactly 10,000,000 vs 9,999,999.9999",
			need: needs.Recognition, signal: "high_wealth",
			meet: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "2000000"), off("R", vipcare.RealEstate, "8000000"))
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "2000000"), off("R", vipcare.RealEstate, "7999999.9999"))
			},
			meetStrength: 80, missStrength: 50,
		},
		{
			name: "long_relationship: 60 months to the day vs 59 months and 29 days",
			need: needs.Recognition, signal: "long_relationship",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "2000000"))
				p.Since = testkit.Day(2020, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "2000000"))
				p.Since = testkit.Day(2020, 7, 1)
				return p
			},
			meetStrength: 70, missStrength: 50,
		},

		// preservation: cash_heavy 50, older 20, conservative 30; min 40
		{
			name: "cash_heavy: deposits and fixed income exactly 0.5 of wealth vs 0.499999",
			need: needs.Preservation, signal: "cash_heavy",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "300000"), off("F", vipcare.FixedIncome, "200000"),
					off("R", vipcare.RealEstate, "500000"))
				p.Risk, p.Birth = vipcare.C1, testkit.Day(1960, 1, 1)
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "300000"), off("F", vipcare.FixedIncome, "199999"),
					off("R", vipcare.RealEstate, "500001"))
				p.Risk, p.Birth = vipcare.C1, testkit.Day(1960, 1, 1)
				return p
			},
			meetStrength: 100, missStrength: 50,
		},
		{
			name: "older: 55th birthday on the as-of date vs the day after",
			need: needs.Preservation, signal: "older",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Birth = testkit.Day(1970, 6, 30)
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Birth = testkit.Day(1970, 7, 1)
				return p
			},
			meetStrength: 70, missStrength: 50,
		},
		{
			name: "older: an unknown birth date never counts",
			need: needs.Preservation, signal: "older",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Birth = testkit.Day(1940, 1, 1)
				return p
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "1000000"))
			},
			meetStrength: 70, missStrength: 50,
		},
		{
			name: "conservative: C2 vs C3",
			need: needs.Preservation, signal: "conservative",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C2
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C3
				return p
			},
			meetStrength: 80, missStrength: 50,
		},
		{
			name: "conservative: C1 vs unassessed",
			need: needs.Preservation, signal: "conservative",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"))
				p.Risk = vipcare.C1
				return p
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "1000000"))
			},
			meetStrength: 80, missStrength: 50,
		},

		// advice: property_and_business 40, business_sale 50, large_wealth 20, entrepreneur 10; min 40
		{
			name: "property_and_business: real estate and business exactly 0.5 of wealth vs 0.499999",
			need: needs.Advice, signal: "property_and_business",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "500000"), off("R", vipcare.RealEstate, "300000"),
					off("B", vipcare.BusinessEquity, "200000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2025, 6, 20))}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "500001"), off("R", vipcare.RealEstate, "300000"),
					off("B", vipcare.BusinessEquity, "199999"))
				p.Events = []vipcare.Event{sale(testkit.Day(2025, 6, 20))}
				return p
			},
			meetStrength: 90, missStrength: 50,
		},
		{
			name: "business_sale: 365 days ago vs 366 days ago",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2024, 6, 30))}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2024, 6, 29))}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "business_sale: on the as-of date vs a future-dated sale",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2025, 6, 30))}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2024, 6, 29)), sale(testkit.Day(2025, 7, 1))}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "business_sale: the latest past sale counts, other events do not",
			need: needs.Advice, signal: "business_sale",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{sale(testkit.Day(2020, 1, 1)), sale(testkit.Day(2025, 1, 1))}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Events = []vipcare.Event{
					{Kind: vipcare.EventLargeInflow, Date: testkit.Day(2025, 6, 1), Amount: testkit.CNY("5000000")},
					{Kind: vipcare.EventLargeOutflow, Date: testkit.Day(2025, 6, 1), Amount: testkit.CNY("5000000")},
				}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "large_wealth: wealth exactly 5,000,000 vs 4,999,999.9999",
			need: needs.Advice, signal: "large_wealth",
			meet: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "2500000"), off("R", vipcare.RealEstate, "2500000"))
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "2499999.9999"), off("R", vipcare.RealEstate, "2500000"))
			},
			meetStrength: 60, missStrength: 40,
		},
		{
			name: "entrepreneur (advice): a business owner vs not",
			need: needs.Advice, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
				p.Entrepreneur = true
				return p
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
			},
			meetStrength: 50, missStrength: 40,
		},

		// diversification: only_domestic 30, one_currency 20, few_classes 20, growth_appetite 30; min 60
		{
			name: "only_domestic: nothing abroad vs 0.0001 CNY abroad",
			need: needs.Diversification, signal: "only_domestic",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"),
					vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: testkit.CNY("0.0001"), Foreign: true})
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 70,
		},
		{
			name: "only_domestic: a client with no wealth is not 'only domestic'",
			need: needs.Diversification, signal: "only_domestic",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "0.0001"))
				p.Risk = vipcare.C5
				return p
			},
			miss: func() vipcare.Profile {
				p := client()
				p.Risk = vipcare.C5
				return p
			},
			meetStrength: 100, missStrength: 0,
		},
		{
			name: "one_currency: CNY only vs CNY and a USD deposit at home",
			need: needs.Diversification, signal: "one_currency",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"),
					vipcare.Holding{ID: "U", Class: vipcare.Deposits, Amount: testkit.USD("10000")})
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 80,
		},
		{
			name: "few_classes: two asset classes vs three",
			need: needs.Diversification, signal: "few_classes",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"),
					at("M", vipcare.Funds, "1"))
				p.Risk = vipcare.C4
				return p
			},
			meetStrength: 100, missStrength: 80,
		},
		{
			name: "growth_appetite: C4 vs C3",
			need: needs.Diversification, signal: "growth_appetite",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C4
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C3
				return p
			},
			meetStrength: 100, missStrength: 70,
		},
		{
			name: "growth_appetite: C5 vs unassessed",
			need: needs.Diversification, signal: "growth_appetite",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
				p.Risk = vipcare.C5
				return p
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.FixedIncome, "500000"))
			},
			meetStrength: 100, missStrength: 70,
		},

		// risk_management: concentrated 50, leveraged 40, entrepreneur 10; min 40
		{
			name: "concentrated: one class exactly 0.6 of wealth vs 0.599999",
			need: needs.RiskManagement, signal: "concentrated",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.CNY("300000")}}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "599999"), off("R", vipcare.RealEstate, "400001"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.CNY("300000")}}
				return p
			},
			meetStrength: 90, missStrength: 40,
		},
		{
			name: "concentrated: holdings of one class add up across the bank and off-bank",
			need: needs.RiskManagement, signal: "concentrated",
			meet: func() vipcare.Profile {
				return client(at("D1", vipcare.Deposits, "300000"), off("D2", vipcare.Deposits, "300000"),
					at("F", vipcare.Funds, "200000"), at("E", vipcare.Equities, "200000"))
			},
			miss: func() vipcare.Profile {
				return client(at("D1", vipcare.Deposits, "300000"), off("D2", vipcare.FixedIncome, "300000"),
					at("F", vipcare.Funds, "200000"), at("E", vipcare.Equities, "200000"))
			},
			meetStrength: 50, missStrength: 0,
		},
		{
			name: "leveraged: liabilities exactly 0.3 of wealth vs 0.2999999999",
			need: needs.RiskManagement, signal: "leveraged",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.CNY("300000")}}
				return p
			},
			miss: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
				p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.CNY("299999.9999")}}
				return p
			},
			meetStrength: 90, missStrength: 50,
		},
		{
			name: "entrepreneur (risk_management): a business owner vs not",
			need: needs.RiskManagement, signal: "entrepreneur",
			meet: func() vipcare.Profile {
				p := client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
				p.Entrepreneur = true
				return p
			},
			miss: func() vipcare.Profile {
				return client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
			},
			meetStrength: 60, missStrength: 50,
		},
	}
}

func TestReferenceSignalsAllCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range signalCases() {
		covered[string(c.need)+"/"+c.signal] = true
	}
	spec := needs.Reference(nil)
	var needsSeen []needs.Need
	for _, r := range spec.Scorecards {
		needsSeen = append(needsSeen, r.Need)
		for _, s := range r.Signals {
			assert.True(t, covered[string(r.Need)+"/"+s.Name], "signal %s/%s has no meet/miss case", r.Need, s.Name)
		}
	}
	var catalogue []needs.Need
	for _, info := range needs.Catalogue() {
		catalogue = append(catalogue, info.Need)
	}
	assert.Equal(t, catalogue, needsSeen, "one reference scorecard per need of the catalogue, in its order")
	assert.Equal(t, catalogue, reference(t).Needs())
}

func TestReferenceSignalsJustMeetJustMiss(t *testing.T) {
	a := reference(t)
	for _, tt := range signalCases() {
		t.Run(tt.name, func(t *testing.T) {
			check := func(label string, p vipcare.Profile, want int, fired bool) {
				t.Helper()
				before := testkit.Clone(p)
				f := figures(t, &p)
				det := a.Detect(f)
				assert.Equal(t, want, det.Strength(tt.need), "%s: strength", label)
				_, listed := find(det.List(), tt.need)
				assert.Equal(t, want > 0, listed, "%s: listed by Detection.List", label)
				assert.Equal(t, det, a.Detect(f), "%s: same detection twice", label)

				found, ok := find(a.Explain(f, policy.ExplainOptions{}), tt.need)
				assert.Equal(t, before, p, "%s: profile unchanged", label)
				require.Equal(t, want > 0, ok, "%s: listed by Explain", label)
				if !ok {
					return
				}
				assert.Equal(t, want, found.Strength, "%s: Explain strength", label)
				assert.Equal(t, fired, slices.Contains(signals(found), tt.signal),
					"%s: evidence %v", label, signals(found))
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
	p := client(at("D", vipcare.Deposits, "1000000"), off("R", vipcare.RealEstate, "3000000"),
		off("B", vipcare.BusinessEquity, "2000000"))
	p.Entrepreneur = true
	p.Events = []vipcare.Event{sale(testkit.Day(2025, 3, 1))}
	a := reference(t)
	f := figures(t, &p)
	assert.Equal(t, 100, a.Detect(f).Strength(needs.Advice))
	found, ok := find(a.Explain(f, policy.ExplainOptions{}), needs.Advice)
	require.True(t, ok)
	assert.Equal(t, 100, found.Strength)
	assert.Equal(t, []string{"property_and_business", "business_sale", "large_wealth", "entrepreneur"}, signals(found),
		"every signal that held is evidence, in scorecard order, even past the cap")
	assert.Equal(t, "advice (strong, 100): property_and_business +40, business_sale +50, large_wealth +20, entrepreneur +10",
		found.String())

	// A bank's scorecard whose weights add up to 300 is capped too.
	e := policy.Field("entrepreneur").EQ(true)
	over := detector(t, needs.Scorecard{Need: "over", Min: 100, Signals: []needs.Signal{{"a", e, 100}, {"b", e, 100}, {"c", e, 100}}})
	assert.Equal(t, 100, over.Detect(f).Strength("over"))
}

// TestReferenceMinBoundary checks, for each need, that a strength just at
// the scorecard's minimum is detected and a strength just below is not: on
// the reference weights where a client can sit exactly at or just under
// the minimum, and on every need by moving Min to the strength of a client
// and one point above it.
func TestReferenceMinBoundary(t *testing.T) {
	a := reference(t)
	tests := []struct {
		name     string
		need     needs.Need
		client   func() vipcare.Profile
		strength int // the points the signals add up to
		detected bool
	}{
		{"integrated at its minimum 40: a corporate link alone", needs.Integrated, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "1000000"))
			p.Corporates = link
			return p
		}, 40, true},
		{"integrated below its minimum: an entrepreneur alone (30)", needs.Integrated, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "1000000"))
			p.Entrepreneur = true
			return p
		}, 30, false},
		{"recognition at its minimum 50: high AUM alone", needs.Recognition, func() vipcare.Profile {
			return client(at("D", vipcare.Deposits, "2000000"))
		}, 50, true},
		{"recognition below its minimum: high wealth alone (30)", needs.Recognition, func() vipcare.Profile {
			return client(at("D", vipcare.Deposits, "1000000"), off("R", vipcare.RealEstate, "9000000"))
		}, 30, false},
		{"preservation below its minimum 40: conservative alone (30)", needs.Preservation, func() vipcare.Profile {
			p := client(at("F", vipcare.Funds, "1000000"))
			p.Risk = vipcare.C2
			return p
		}, 30, false},
		{"preservation above its minimum: conservative and older (50)", needs.Preservation, func() vipcare.Profile {
			p := client(at("F", vipcare.Funds, "1000000"))
			p.Risk, p.Birth = vipcare.C2, testkit.Day(1950, 1, 1)
			return p
		}, 50, true},
		{"advice at its minimum 40: property and business alone", needs.Advice, func() vipcare.Profile {
			return client(at("D", vipcare.Deposits, "400000"), off("R", vipcare.RealEstate, "600000"))
		}, 40, true},
		{"advice below its minimum: large wealth and entrepreneur (30)", needs.Advice, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "5000000"))
			p.Entrepreneur = true
			return p
		}, 30, false},
		{"diversification below its minimum: only domestic, one currency (50)", needs.Diversification, func() vipcare.Profile {
			return client(at("D", vipcare.Deposits, "1000000"), at("F", vipcare.Funds, "1"), at("E", vipcare.Equities, "1"))
		}, 50, false},
		{"diversification at its minimum 60: one currency, few classes, something abroad, growth appetite (70)", needs.Diversification, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "1000000"),
				vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: testkit.CNY("1"), Foreign: true})
			p.Risk = vipcare.C4
			return p
		}, 70, true},
		{"diversification below its minimum: one currency, few classes, something abroad (40)", needs.Diversification, func() vipcare.Profile {
			return client(at("D", vipcare.Deposits, "1000000"),
				vipcare.Holding{ID: "X", Class: vipcare.Deposits, Amount: testkit.CNY("1"), Foreign: true})
		}, 40, false},
		{"risk_management at its minimum 40: leveraged alone", needs.RiskManagement, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "500000"), off("R", vipcare.RealEstate, "500000"))
			p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.CNY("300000")}}
			return p
		}, 40, true},
		{"risk_management below its minimum: entrepreneur alone (10)", needs.RiskManagement, func() vipcare.Profile {
			p := client(at("D", vipcare.Deposits, "500000"), off("R", vipcare.RealEstate, "500000"))
			p.Entrepreneur = true
			return p
		}, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.client()
			f := figures(t, &p)
			want := 0
			if tt.detected {
				want = tt.strength
			}
			assert.Equal(t, want, a.Detect(f).Strength(tt.need), "reference minimum")

			// Move the minimum to the client's strength, then one point above.
			for _, m := range []struct {
				min  int
				want int
			}{{tt.strength, tt.strength}, {tt.strength + 1, 0}, {tt.strength - 1, tt.strength}} {
				spec := needs.Reference(sample.Shelf())
				for i := range spec.Scorecards {
					if spec.Scorecards[i].Need == tt.need {
						spec.Scorecards[i].Min = m.min
					}
				}
				tuned := policy.Must(spec.Compile(ageEnv))
				assert.Equal(t, m.want, tuned.Detect(f).Strength(tt.need), "min %d", m.min)
				_, listed := find(tuned.Explain(f, policy.ExplainOptions{}), tt.need)
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

// TestLevel checks the levels of strength, which a finding's String names.
func TestLevel(t *testing.T) {
	tests := []struct {
		strength int
		want     string
	}{
		{-1, "none"}, {0, "none"}, {1, "weak"}, {39, "weak"}, {40, "moderate"}, {69, "moderate"},
		{70, "strong"}, {100, "strong"},
	}
	for _, tt := range tests {
		got := needs.Finding{Need: "n", Strength: tt.strength}.String()
		assert.Equal(t, "n ("+tt.want+", "+strconv.Itoa(tt.strength)+")", got, "strength %d", tt.strength)
	}
}

// orderDetector has needs of equal and different strengths for an
// entrepreneur, to check the order of List and Explain.
func orderDetector(t testing.TB) *needs.Advisor {
	t.Helper()
	e := policy.Field("entrepreneur").EQ(true)
	return detector(t,
		needs.Scorecard{Need: "alpha", Min: 10, Signals: []needs.Signal{{"a", e, 30}}},
		needs.Scorecard{Need: "beta", Min: 10, Signals: []needs.Signal{{"b", e, 50}}},
		needs.Scorecard{Need: "gamma", Min: 10, Signals: []needs.Signal{{"g", e, 30}}},
		needs.Scorecard{Need: "delta", Min: 10, Signals: []needs.Signal{{"d", policy.Field("discreet").EQ(true), 90}}},
		needs.Scorecard{Need: "omega", Min: 10, Signals: []needs.Signal{{"o1", e, 70}, {"o2", e, 70}}},
	)
}

func TestDetectionMethods(t *testing.T) {
	a := orderDetector(t)
	p := client(at("D", vipcare.Deposits, "1000"))
	p.Entrepreneur = true
	det := a.Detect(figures(t, &p))

	tests := []struct {
		need needs.Need
		want int
		why  string
	}{
		{"alpha", 30, "detected"},
		{"beta", 50, "detected"},
		{"gamma", 30, "detected"},
		{"delta", 0, "not detected"},
		{"omega", 100, "capped"},
		{"unknown", 0, "a need the advisor does not know"},
		{needs.Integrated, 0, "a reference need this advisor does not detect"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, det.Strength(tt.need), "%s: %s", tt.need, tt.why)
	}

	ev := func(signal string, weight int) []needs.Evidence {
		return []needs.Evidence{{Signal: signal, Weight: weight}}
	}
	want := []needs.Finding{
		{Need: "omega", Strength: 100, Evidence: append(ev("o1", 70), ev("o2", 70)...)},
		{Need: "beta", Strength: 50, Evidence: ev("b", 50)},
		{Need: "alpha", Strength: 30, Evidence: ev("a", 30)}, // scorecard order on a tie
		{Need: "gamma", Strength: 30, Evidence: ev("g", 30)},
	}
	assert.Equal(t, want, det.List(), "strongest first, scorecard order on ties, signals by name and weight")
	for _, f := range want {
		var names []string
		for _, e := range f.Evidence {
			names = append(names, e.Signal)
		}
		buf := make([]string, 1, 8)
		buf[0] = "kept"
		assert.Equal(t, append([]string{"kept"}, names...), det.Signals(buf, f.Need), "%s: Signals appends List's signals", f.Need)
		assert.Zero(t, testing.AllocsPerRun(10, func() { det.Signals(buf[:0], f.Need) }), "%s: no allocation with room", f.Need)
	}
	assert.Empty(t, det.Signals(nil, "delta"), "a need not detected has no signals")
	assert.Empty(t, det.Signals(nil, "unknown"))

	var got []needs.Finding
	for _, f := range a.Explain(figures(t, &p), policy.ExplainOptions{}) {
		for i := range f.Evidence {
			f.Evidence[i].Why = policy.Explanation{}
		}
		got = append(got, f)
	}
	assert.Equal(t, want, got, "Explain lists the needs and signals in the same order")
	assert.Equal(t, []needs.Need{"alpha", "beta", "gamma", "delta", "omega"}, a.Needs())

	// Needs returns a copy.
	ns := a.Needs()
	ns[0] = "changed"
	assert.Equal(t, needs.Need("alpha"), a.Needs()[0])

	// Nothing detected.
	p.Entrepreneur = false
	none := a.Detect(figures(t, &p))
	assert.Empty(t, none.List())
	assert.Zero(t, none.Strength("alpha"))
	assert.Empty(t, a.Explain(figures(t, &p), policy.ExplainOptions{}))
}

func TestZeroDetection(t *testing.T) {
	var z needs.Detection
	assert.Equal(t, 0, z.Strength(needs.Integrated))
	assert.Equal(t, 0, z.Strength(""))
	assert.Empty(t, z.List())
	assert.Empty(t, z.Signals(nil, needs.Integrated))
}

func TestFindingString(t *testing.T) {
	tests := []struct {
		name string
		f    needs.Finding
		want string
	}{
		{"no evidence", needs.Finding{Need: needs.Advice, Strength: 40}, "advice (moderate, 40)"},
		{"two signals", needs.Finding{Need: needs.Integrated, Strength: 70, Evidence: []needs.Evidence{
			{Signal: "entrepreneur", Weight: 30}, {Signal: "corporate_links", Weight: 40}}},
			"integrated (strong, 70): entrepreneur +30, corporate_links +40"},
		{"weak", needs.Finding{Need: "education_planning", Strength: 20, Evidence: []needs.Evidence{
			{Signal: "young_children", Weight: 20}}}, "education_planning (weak, 20): young_children +20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.f.String())
		})
	}
}

func TestExplainEvidence(t *testing.T) {
	a := reference(t)
	// AUM 2,345,678.91 at the bank: high_aum fires, high_wealth and
	// long_relationship do not.
	p := client(at("D", vipcare.Deposits, "2345678.91"))
	p.Since = testkit.Day(2023, 1, 1)
	p.Events = []vipcare.Event{sale(testkit.Day(2025, 5, 1))}
	f := figures(t, &p)

	t.Run("only fired signals, with fields and thresholds, no values", func(t *testing.T) {
		found := a.Explain(f, policy.ExplainOptions{})
		rec, ok := find(found, needs.Recognition)
		require.True(t, ok)
		require.Len(t, rec.Evidence, 1)
		e := rec.Evidence[0]
		assert.Equal(t, "high_aum", e.Signal)
		assert.Equal(t, 50, e.Weight)
		assert.True(t, e.Why.Held)
		assert.Equal(t, "aum", e.Why.Field)
		assert.Equal(t, ">=", e.Why.Op)
		assert.Equal(t, "2000000", e.Why.Threshold)
		assert.Equal(t, "aum >= 2000000", e.Why.Text)
		assert.Empty(t, e.Why.Value)

		// A combined signal explains every part.
		adv, ok := find(found, needs.Advice)
		require.True(t, ok)
		require.Equal(t, []string{"business_sale"}, signals(adv))
		why := adv.Evidence[0].Why
		assert.Equal(t, "all of", why.Text)
		require.Len(t, why.Children, 2)
		assert.Equal(t, "days_since_business_sale >= 0", why.Children[0].Text)
		assert.Equal(t, "days_since_business_sale <= 365", why.Children[1].Text)

		for _, fd := range found {
			for _, e := range fd.Evidence {
				walk(e.Why, func(x policy.Explanation) {
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
		found := a.Explain(f, policy.ExplainOptions{Values: true})
		rec, ok := find(found, needs.Recognition)
		require.True(t, ok)
		assert.Equal(t, "2345678.91", rec.Evidence[0].Why.Value)
		adv, ok := find(found, needs.Advice)
		require.True(t, ok)
		assert.Equal(t, "60", adv.Evidence[0].Why.Children[0].Value, "days from 1 May to 30 June")
	})
}

// TestCompileScorecardProblems checks that Spec.Compile reports each
// problem of the scorecards at its JSON pointer, with its name and
// sentinel.
func TestCompileScorecardProblems(t *testing.T) {
	f := policy.Field
	ok := needs.Signal{Name: "ok", When: f("entrepreneur").EQ(true), Weight: 10}
	card := func(n needs.Need, min int, ss ...needs.Signal) needs.Scorecard {
		return needs.Scorecard{Need: n, Min: min, Signals: ss}
	}
	tests := []struct {
		name  string
		cards []needs.Scorecard
		want  []testkit.Want
	}{
		{"malformed need", []needs.Scorecard{card("Bad-Need", 10, ok)},
			[]testkit.Want{problem("/scorecards/0/need", "Bad-Need", policy.ErrMalformed)}},
		{"empty need", []needs.Scorecard{card("", 10, ok)},
			[]testkit.Want{problem("/scorecards/0/need", "", policy.ErrMissing)}},
		{"duplicate need", []needs.Scorecard{card(needs.Advice, 10, ok), card(needs.Advice, 10, ok)},
			[]testkit.Want{problem("/scorecards/1/need", "advice", policy.ErrDuplicate)}},
		{"a minimum no client reaches", []needs.Scorecard{card(needs.Advice, 30, ok, needs.Signal{"w", f("discreet").EQ(true), 15})},
			[]testkit.Want{problem("/scorecards/0/min", "advice", policy.ErrOutOfRange)}},
		{"a minimum all signals together reach; a bad weight, reported once", []needs.Scorecard{card(needs.Advice, 25, ok, needs.Signal{"w", f("discreet").EQ(true), 15}),
			card(needs.Recognition, 50, ok, needs.Signal{Name: "w", Weight: 0})},
			[]testkit.Want{problem("/scorecards/1/signals/1/weight", "w", policy.ErrOutOfRange), // not also a minimum above 10 + 0
				problem("/scorecards/1/signals/1/when", "w", policy.ErrMissing)}},
		{"no signals", []needs.Scorecard{card(needs.Advice, 10)},
			[]testkit.Want{problem("/scorecards/0/signals", "advice", policy.ErrMissing)}},
		{"a signal without a condition", []needs.Scorecard{card(needs.Advice, 10, needs.Signal{Name: "nothing", Weight: 10})},
			[]testkit.Want{problem("/scorecards/0/signals/0/when", "nothing", policy.ErrMissing)}},
		{"a signal without a name", []needs.Scorecard{card(needs.Advice, 10, ok, needs.Signal{When: f("discreet").EQ(true), Weight: 10})},
			[]testkit.Want{problem("/scorecards/0/signals/1/name", "", policy.ErrMissing)}},
		{"a repeated signal name", []needs.Scorecard{card(needs.Advice, 10, ok, ok)},
			[]testkit.Want{problem("/scorecards/0/signals/1/name", "ok", policy.ErrDuplicate)}},
		{"weight 0", []needs.Scorecard{card(needs.Advice, 10, needs.Signal{"w", f("discreet").EQ(true), 0})},
			[]testkit.Want{problem("/scorecards/0/signals/0/weight", "w", policy.ErrOutOfRange)}},
		{"weight 101", []needs.Scorecard{card(needs.Advice, 10, needs.Signal{"w", f("discreet").EQ(true), 101})},
			[]testkit.Want{problem("/scorecards/0/signals/0/weight", "w", policy.ErrOutOfRange)}},
		{"negative weight", []needs.Scorecard{card(needs.Advice, 10, needs.Signal{"w", f("discreet").EQ(true), -5})},
			[]testkit.Want{problem("/scorecards/0/signals/0/weight", "w", policy.ErrOutOfRange)}},
		{"min 0", []needs.Scorecard{card(needs.Advice, 0, ok)},
			[]testkit.Want{problem("/scorecards/0/min", "advice", policy.ErrOutOfRange)}},
		{"min 101", []needs.Scorecard{card(needs.Advice, 101, ok)},
			[]testkit.Want{problem("/scorecards/0/min", "advice", policy.ErrOutOfRange)}},
		{"more than 16 scorecards", func() []needs.Scorecard {
			var cs []needs.Scorecard
			for i := 0; i <= 16; i++ {
				cs = append(cs, card(needs.Need("n"+strconv.Itoa(i)), 10, ok))
			}
			return cs
		}(), []testkit.Want{problem("/scorecards", "", policy.ErrTooMany)}},
		{"more than 32 signals", []needs.Scorecard{card(needs.Advice, 10, func() []needs.Signal {
			var ss []needs.Signal
			for i := 0; i <= 32; i++ {
				ss = append(ss, needs.Signal{Name: "s" + strconv.Itoa(i), When: f("discreet").EQ(true), Weight: 1})
			}
			return ss
		}()...)}, []testkit.Want{problem("/scorecards/0/signals", "advice", policy.ErrTooMany)}},
		{"unknown field", []needs.Scorecard{card(needs.Advice, 10, ok),
			card(needs.Integrated, 10, needs.Signal{"typo", f("aum_total").GE("1"), 10})},
			[]testkit.Want{problem("/scorecards/1/signals/0/when/field", "aum_total", policy.ErrUnknown)}},
		{"malformed threshold", []needs.Scorecard{card(needs.Advice, 10, ok),
			card(needs.Integrated, 10, ok, needs.Signal{"lots", f("aum").GE("lots"), 10})},
			[]testkit.Want{problem("/scorecards/1/signals/1/when/value", "aum", policy.ErrMalformed)}},
		{"too many decimal places for a share", []needs.Scorecard{card(needs.Advice, 10,
			needs.Signal{"fine", f("max_class_share").GE("0.1234567"), 10})},
			[]testkit.Want{problem("/scorecards/0/signals/0/when/value", "max_class_share", policy.ErrOutOfRange)}},
		{"type mismatch", []needs.Scorecard{card(needs.Advice, 10, needs.Signal{"odd", f("entrepreneur").GE(1), 10})},
			[]testkit.Want{problem("/scorecards/0/signals/0/when/op", "entrepreneur", policy.ErrTypeMismatch)}},
		{"every problem of a condition, at its own path", []needs.Scorecard{card(needs.Advice, 10,
			needs.Signal{"two", policy.All(f("aum_total").GE("1"), f("aum").GE("x")), 10})},
			[]testkit.Want{
				problem("/scorecards/0/signals/0/when/all/0/field", "aum_total", policy.ErrUnknown),
				problem("/scorecards/0/signals/0/when/all/1/value", "aum", policy.ErrMalformed),
			}},
		{"every problem at once", []needs.Scorecard{
			card("Bad", 0, needs.Signal{"", f("discreet").EQ(true), 0}),
			card(needs.Advice, 10),
			card(needs.Advice, 10, ok, ok, needs.Signal{"u", f("nope").EQ(true), 10}),
		}, []testkit.Want{
			problem("/scorecards/0/need", "Bad", policy.ErrMalformed),
			problem("/scorecards/0/min", "Bad", policy.ErrOutOfRange),
			problem("/scorecards/0/signals/0/name", "", policy.ErrMissing),
			problem("/scorecards/0/signals/0/weight", "", policy.ErrOutOfRange),
			problem("/scorecards/1/signals", "advice", policy.ErrMissing),
			problem("/scorecards/2/need", "advice", policy.ErrDuplicate),
			problem("/scorecards/2/signals/1/name", "ok", policy.ErrDuplicate),
			problem("/scorecards/2/signals/2/when/field", "nope", policy.ErrUnknown),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := detectOnly(tt.cards...).Compile(nil)
			assert.Nil(t, a)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Panics(t, func() { policy.Must(detectOnly(tt.cards...).Compile(nil)) })
		})
	}

	t.Run("an unknown field lists the schema's fields", func(t *testing.T) {
		_, err := detectOnly(card(needs.Advice, 10, needs.Signal{"typo", f("aum_total").GE("1"), 10})).Compile(nil)
		ps := testkit.Problems(t, err)
		require.Len(t, ps, 1)
		assert.Contains(t, ps[0].Choices, "aum")
		assert.Contains(t, ps[0].Choices, "days_since_business_sale", "the needs fields are in the environment")
	})

	t.Run("the limits compile", func(t *testing.T) {
		cs := make([]needs.Scorecard, 16)
		ss := make([]needs.Signal, 32)
		for i := range ss {
			ss[i] = needs.Signal{Name: "s" + strconv.Itoa(i), When: f("discreet").EQ(true), Weight: 1}
		}
		for i := range cs {
			cs[i] = needs.Scorecard{Need: needs.Need("n" + strconv.Itoa(i)), Min: 1, Signals: ss}
		}
		a := detector(t, cs...)
		p := client(at("D", vipcare.Deposits, "1"))
		p.Contact.Discreet = true
		det := a.Detect(figures(t, &p))
		assert.Len(t, det.List(), 16)
		assert.Equal(t, 32, det.Strength("n15"))
		found := a.Explain(figures(t, &p), policy.ExplainOptions{})
		require.Len(t, found, 16)
		assert.Len(t, found[15].Evidence, 32, "the 32nd signal is evidence too")
	})
}

func TestReferenceIsANewValue(t *testing.T) {
	a := needs.Reference(sample.Shelf())
	a.Scorecards[0].Min = 99
	a.Scorecards[0].Signals[0].Weight = 1
	a.Plays[0].Needs[0] = "changed"
	a.Pack.QualifiedInvestor.MinExperienceYears = 9
	a.Default[0] = "changed"
	b := needs.Reference(sample.Shelf())
	assert.Equal(t, 40, b.Scorecards[0].Min)
	assert.Equal(t, 30, b.Scorecards[0].Signals[0].Weight)
	assert.Equal(t, needs.Integrated, b.Plays[0].Needs[0])
	assert.Equal(t, 2, b.Pack.QualifiedInvestor.MinExperienceYears)
	assert.Equal(t, []string{"standard_review"}, b.Default)

	// The products are copied: a change to the caller's slice does not
	// reach the spec.
	shelf := sample.Shelf()
	spec := needs.Reference(shelf)
	shelf[0].Code = "CHANGED"
	assert.Equal(t, sample.Shelf()[0].Code, spec.Products[0].Code)
	assert.Empty(t, needs.Reference(nil).Products)
}

// TestSpecNotRetained checks that a compiled advisor does not change when
// the caller tunes the spec it was built from.
func TestSpecNotRetained(t *testing.T) {
	spec := needs.Reference(sample.Shelf())
	a := policy.Must(spec.Compile(ageEnv))
	p := client(at("D", vipcare.Deposits, "1000000"))
	p.Corporates = link
	f := figures(t, &p)
	before := a.Detect(f)
	spec.Scorecards[0].Min = 100
	spec.Scorecards[0].Signals[1].Weight = 1
	spec.Scorecards[0].Need = "other"
	assert.Equal(t, before, a.Detect(f))
	assert.Equal(t, 40, a.Detect(f).Strength(needs.Integrated))
}

// book is the sample book the property tests run on.
func book() (sample.Options, []vipcare.Profile) {
	o := sample.Options{Seed: 42}
	return o, slices.Collect(sample.Seq(o, 2000))
}

func TestDetectPropertiesOnSampleBook(t *testing.T) {
	a := reference(t)
	o, profiles := book()
	v := sample.Valuation(o)
	counts := map[needs.Need]int{}
	var f vipcare.Figures
	for i := range profiles {
		p := &profiles[i]
		require.NoError(t, v.Compute(p, &f), "client %d", i)
		before := f
		det := a.Detect(&f)
		require.Equal(t, det, a.Detect(&f), "client %d: same detection twice", i)
		require.True(t, before == f, "client %d: figures unchanged", i)
		require.True(t, reflect.DeepEqual(sample.Profile(o, i), *p), "client %d: profile unchanged", i)

		found := a.Explain(&f, policy.ExplainOptions{})
		require.True(t, reflect.DeepEqual(sample.Profile(o, i), *p), "client %d: profile unchanged by Explain", i)
		list := det.List()
		require.Len(t, found, len(list), "client %d", i)
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
		for _, n := range a.Needs() {
			_, listed := find(found, n)
			require.Equal(t, det.Strength(n) > 0, listed, "client %d: %s", i, n)
		}
	}
	for _, info := range needs.Catalogue() {
		t.Logf("%-16s detected for %4d of %d clients", info.Need, counts[info.Need], len(profiles))
		assert.Positive(t, counts[info.Need], "%s occurs in a 2,000-client book", info.Need)
		assert.Less(t, counts[info.Need], len(profiles), "%s does not fire for everyone", info.Need)
	}
}

// TestCustomNeed shows a bank detecting a need of its own with a field of
// its own, next to the reference needs.
func TestCustomNeed(t *testing.T) {
	const education needs.Need = "education_planning"
	require.True(t, education.IsValid())
	// The bank's field: holdings in its education savings products.
	env, err := vipcare.NewEnv(nil, policy.Int("edu_products", func(f *vipcare.Figures) int64 {
		n := int64(0)
		for _, h := range f.Profile.Holdings {
			if strings.HasPrefix(h.Product, "EDU-") {
				n++
			}
		}
		return n
	}).WithDoc("number of education savings products held"))
	require.NoError(t, err)
	env = policy.Must(env.Allow("age")) // the bank justifies reading age, for the reference and its own need
	spec := needs.Reference(sample.Shelf())
	f := policy.Field
	spec.Scorecards = append(spec.Scorecards, needs.Scorecard{Need: education, Min: 50, Signals: []needs.Signal{
		{"parent_age", policy.All(f("age").GE(30), f("age").LE(50)), 30},
		{"affluent", f("wealth").GE("1000000"), 20},
		{"already_saving", f("edu_products").GE(1), 40},
	}})
	a, err := spec.Compile(env)
	require.NoError(t, err)
	assert.Equal(t, education, a.Needs()[6])

	p := client(at("D", vipcare.Deposits, "1500000"),
		vipcare.Holding{ID: "E", Class: vipcare.Insurance, Product: "EDU-0007", Amount: testkit.CNY("100000")})
	p.Birth = testkit.Day(1985, 3, 1)
	fg := figures(t, &p)
	det := a.Detect(fg)
	assert.Equal(t, 90, det.Strength(education))
	found, ok := find(a.Explain(fg, policy.ExplainOptions{}), education)
	require.True(t, ok)
	assert.Equal(t, []string{"parent_age", "affluent", "already_saving"}, signals(found))
	assert.Equal(t, "edu_products >= 1", found.Evidence[2].Why.Text)
	assert.Equal(t, "education_planning (strong, 90): parent_age +30, affluent +20, already_saving +40", found.String())

	// Too old for the bank's scorecard and no education product: 20
	// points, not detected.
	p.Birth = testkit.Day(1960, 3, 1)
	p.Holdings = p.Holdings[:1]
	assert.Zero(t, a.Detect(figures(t, &p)).Strength(education))

	// The field belongs to the bank's environment only.
	_, err = spec.Compile(ageEnv)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/scorecards/6/signals/2/when/field", Name: "edu_products", Err: policy.ErrUnknown})
}

func TestAdvisorConcurrent(t *testing.T) {
	a := reference(t)
	o, profiles := book()
	profiles = profiles[:256]
	v := sample.Valuation(o)
	want := make([]needs.Detection, len(profiles))
	wantFound := make([][]needs.Finding, len(profiles))
	for i := range profiles {
		f := testkit.Figures(t, &profiles[i], v)
		want[i] = a.Detect(f)
		wantFound[i] = a.Explain(f, policy.ExplainOptions{})
	}
	const workers = 64
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var f vipcare.Figures
			for k := range profiles {
				i := (k + w*7) % len(profiles) // each goroutine starts elsewhere
				if err := v.Compute(&profiles[i], &f); err != nil {
					errs <- err.Error()
					return
				}
				if a.Detect(&f) != want[i] {
					errs <- fmt.Sprintf("worker %d, client %d: detection differs", w, i)
					return
				}
				if k%16 == 0 && !reflect.DeepEqual(a.Explain(&f, policy.ExplainOptions{}), wantFound[i]) {
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
