package needs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// The fixtures of the needs tests. Money, dates, rates, valuations,
// figures, clones and problems come from internal/testkit; what is here is
// the package's own vocabulary: clients, products and compiled advisors.

// asOf is the as-of date of the detection and suitability tests: late in
// the day, so that a calendar date and an instant 24 hours earlier differ.
var asOf = time.Date(2025, time.June, 30, 18, 0, 0, 0, testkit.CST)

// valuation values in CNY as of asOf, with testkit's rates (USD 7.1234,
// HKD 0.9123).
func valuation() vipcare.Valuation { return testkit.Valuation(asOf) }

// figures computes the figures of p under valuation(), without validating
// p first: some detection cases use facts Validate refuses (a business sale
// dated after the as-of date) to show that detection ignores them.
func figures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	return testkit.Figures(t, p, valuation())
}

// The bank's own parts of the suitability tests, registered in houseEnv:
// sundays refuses R4 products and names itself, noSundays refuses every
// product and names no check.
var (
	sundays = needs.CheckFunc(func(c needs.Case) (needs.Refusal, bool) {
		return needs.Refusal{Check: "sundays", Code: "house_rule", Reason: "not on Sundays"}, c.Product.Risk == needs.R4
	})
	noSundays = needs.CheckFunc(func(c needs.Case) (needs.Refusal, bool) {
		return needs.Refusal{Code: "house_rule", Reason: "not on Sundays"}, true
	})
)

// houseEnv is an environment with the bank's own parts: the checks
// "sundays" and "no_sundays", and the measures "investable_aum", AUM at
// the bank, and "investable_adb", the month's ADB; age is allowed, as in
// ageEnv.
var houseEnv = policy.Must(ageEnv.WithParts(
	needs.CheckPart("sundays", sundays),
	needs.CheckPart("no_sundays", noSundays),
	tier.MeasurePart("investable_aum", tier.AUM()),
	tier.MeasurePart("investable_adb", tier.ADB(tier.Month)),
))

// Holding builders: at the bank (at) or declared off-bank (off), in CNY.
func at(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: testkit.CNY(amount)}
}

func off(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: testkit.CNY(amount), OffBank: true}
}

// client is a bare client with the given holdings; the cases set the rest.
func client(hs ...vipcare.Holding) vipcare.Profile {
	return vipcare.Profile{ID: "T-0001", Holdings: hs}
}

// link is one link to a corporate client.
var link = []vipcare.CorporateLink{{ID: "CORP-1", Role: vipcare.RoleOwner}}

// sale is a business sale on date d.
func sale(d time.Time) vipcare.Event {
	return vipcare.Event{Kind: vipcare.EventBusinessSale, Date: d, Amount: testkit.CNY("1000000")}
}

// reference compiles needs.Reference over the sample shelf.
func reference(t testing.TB) *needs.Advisor {
	t.Helper()
	a, err := needs.Reference(sample.Shelf()).Compile(ageEnv)
	require.NoError(t, err)
	return a
}

// detectOnly is a spec that detects needs with cards and offers nothing.
// Its pack checks nothing, but PackSpec.Compile requires a name.
func detectOnly(cards ...needs.Scorecard) needs.Spec {
	return needs.Spec{Scorecards: cards, Pack: needs.PackSpec{Name: "none"}}
}

// detector compiles detectOnly(cards...).
func detector(t testing.TB, cards ...needs.Scorecard) *needs.Advisor {
	t.Helper()
	a, err := detectOnly(cards...).Compile(nil)
	require.NoError(t, err)
	return a
}

// find returns the need n of an explanation, if detected.
func find(found []needs.Finding, n needs.Need) (needs.Finding, bool) {
	for _, f := range found {
		if f.Need == n {
			return f, true
		}
	}
	return needs.Finding{}, false
}

// signals returns the names of a finding's evidence, in order.
func signals(f needs.Finding) []string {
	var out []string
	for _, e := range f.Evidence {
		out = append(out, e.Signal)
	}
	return out
}

// walk calls fn on every node of an explanation tree.
func walk(e policy.Explanation, fn func(policy.Explanation)) {
	fn(e)
	for _, c := range e.Children {
		walk(c, fn)
	}
}

// codes returns the codes of refusals, in order.
func codes(rs []needs.Refusal) []vipcare.Code {
	var out []vipcare.Code
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

// problem is an expected problem for testkit.CheckProblems.
func problem(path, name string, err error) testkit.Want {
	return testkit.Want{Path: path, Name: name, Err: err}
}
