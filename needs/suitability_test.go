package needs_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// Planted confidential values of profile: no reason may contain them
// unless the caller asks for values.
const plantedID = "CLIENT-SUIT-4711"

var planted = []string{plantedID, "1234567", "2345678", "3456789", "456789"}

// profile returns a valid client: C3 assessed in March 2025, five years of
// experience, deposits of 1,234,567.89 CNY at the bank and nothing else,
// qualified-investor facts below every threshold. edit changes it.
func profile(edit ...func(p *vipcare.Profile)) *vipcare.Profile {
	p := &vipcare.Profile{
		ID:           plantedID,
		Since:        testkit.Day(2015, 3, 1),
		Risk:         vipcare.C3,
		RiskAssessed: testkit.Day(2025, 3, 10),
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    testkit.CNY("3456789.12"),
			NetFinancialAssets: testkit.CNY("2345678.91"),
			AverageIncome3Y:    testkit.CNY("345678.91"), // "456789" planted too
			ExperienceYears:    5,
		},
		Holdings: []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: testkit.CNY("1234567.89")},
		},
	}
	for _, e := range edit {
		e(p)
	}
	return p
}

// validFigures validates p and computes its figures under valuation().
func validFigures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	return validFiguresIn(t, p, valuation())
}

// validFiguresIn validates p and computes its figures under v.
func validFiguresIn(t testing.TB, p *vipcare.Profile, v vipcare.Valuation) *vipcare.Figures {
	t.Helper()
	require.NoError(t, p.Validate(v))
	return testkit.Figures(t, p, v)
}

// product returns a fund rated r with no minimum ticket.
func product(r needs.RiskRating, edit ...func(p *needs.Product)) *needs.Product {
	p := &needs.Product{Code: "P-" + string(r), Category: "fund", Class: vipcare.Funds, Risk: r}
	for _, e := range edit {
		e(p)
	}
	return p
}

// The packs of one check each, to test the checks one by one.
func riskOnly(months int) needs.PackSpec {
	return needs.PackSpec{Name: "risk", RiskValidityMonths: months}
}

func qualifiedOnly(q needs.QualifiedInvestorRule) needs.PackSpec {
	return needs.PackSpec{Name: "qualified", QualifiedInvestor: &q}
}

func ticketOnly(investable string) needs.PackSpec {
	return needs.PackSpec{Name: "ticket", MinimumTicket: true, Investable: investable}
}

func concentrationOnly(max decimal.Decimal) needs.PackSpec {
	return needs.PackSpec{Name: "concentration", MaxConcentration: max}
}

// chinaRule is the qualified-investor rule of the China pack.
func chinaRule() needs.QualifiedInvestorRule { return *needs.ChinaPack().QualifiedInvestor }

// mifid is a MiFID II style pack from the same parts as the China pack:
// risk matching, then knowledge and experience, ability to bear loss and
// objectives as conditions over the environment's fields.
func mifid() needs.PackSpec {
	f := policy.Field
	return needs.PackSpec{Name: "mifid2", RiskValidityMonths: 24, Require: []needs.Requirement{
		{Check: "knowledge_experience", Code: "insufficient_knowledge", From: needs.R3,
			When: f("qi.experience_years").GE(3)},
		{Check: "ability_to_bear_loss", Code: "cannot_bear_loss", From: needs.R4,
			When: policy.All(f("net_wealth").GE("500000"), f("leverage").LE("0.5"))},
		{Check: "objectives", Code: "objectives_mismatch", From: needs.R4,
			When: f("risk_level").In("C4", "C5")},
	}}
}

// assess compiles spec in houseEnv, runs the pack on the case twice,
// checks that it answers the same both times, changes neither figures,
// profile nor product, and that every refusal names its check, code and
// reason; it returns the refusals.
func assess(t *testing.T, spec needs.PackSpec, c *needs.Case) []needs.Refusal {
	t.Helper()
	pack, err := spec.Compile(houseEnv)
	require.NoError(t, err)
	figures, profile, product := *c.Figures, testkit.Clone(*c.Figures.Profile), *c.Product
	rs := pack.Assess(nil, c)
	require.Equal(t, rs, pack.Assess(nil, c), "same refusals twice")
	require.Equal(t, figures, *c.Figures, "figures unchanged")
	require.Equal(t, profile, *c.Figures.Profile, "profile unchanged")
	require.Equal(t, product, *c.Product, "product unchanged")
	for _, r := range rs {
		assert.NotEmpty(t, r.Check, "refusal names its check")
		assert.NotEmpty(t, r.Code, "refusal has a code")
		assert.NotEmpty(t, r.Reason, "refusal has a reason")
	}
	return rs
}

// only returns the one refusal of rs, or the zero Refusal if there is none,
// and whether there was one; it fails the test on more than one.
func only(t *testing.T, rs []needs.Refusal) (needs.Refusal, bool) {
	t.Helper()
	require.LessOrEqual(t, len(rs), 1, "%v", rs)
	if len(rs) == 0 {
		return needs.Refusal{}, false
	}
	return rs[0], true
}

var (
	levels  = []vipcare.RiskLevel{"", vipcare.C1, vipcare.C2, vipcare.C3, vipcare.C4, vipcare.C5}
	ratings = []needs.RiskRating{needs.R1, needs.R2, needs.R3, needs.R4, needs.R5}
)

func TestRiskMatchMatrix(t *testing.T) {
	china := policy.Must(needs.ChinaPack().Compile(nil))
	for _, level := range levels {
		for _, rating := range ratings {
			name := string(level)
			if name == "" {
				name = "unassessed"
			}
			t.Run(name+"/"+string(rating), func(t *testing.T) {
				p := profile(func(p *vipcare.Profile) { p.Risk = level })
				c := &needs.Case{Figures: validFigures(t, p), Product: product(rating)}
				// suitable iff R <= C; unassessed clients nothing at all
				want := level.IsAssessed() && rating[1] <= level[1]
				r, refused := only(t, assess(t, riskOnly(12), c))
				require.Equal(t, !want, refused, "%s offered %s", name, rating)
				got := china.Assess(nil, c)
				require.Equal(t, want, len(got) == 0, "china pack: %v", got)
				if want {
					return
				}
				assert.Equal(t, "risk_match", r.Check)
				if level == "" {
					assert.Equal(t, needs.CodeAssessmentMissing, r.Code)
					assert.Equal(t, "no risk assessment: no new purchase (product "+string(rating)+")", r.Reason)
				} else {
					assert.Equal(t, needs.CodeRiskMismatch, r.Code)
					assert.Equal(t, "product "+string(rating)+" above the client's "+string(level), r.Reason)
				}
				assert.Equal(t, []needs.Refusal{r}, got)
			})
		}
	}
}

func TestRiskMatchAssessment(t *testing.T) {
	protected := func(p *needs.Product) { p.Protected = true }
	lowest := func(p *vipcare.Profile) { p.Risk, p.LowestRiskGroup = vipcare.C1, true }
	assessed := func(d time.Time) func(p *vipcare.Profile) {
		return func(p *vipcare.Profile) { p.RiskAssessed = d }
	}
	tests := []struct {
		name    string
		why     string
		profile func(p *vipcare.Profile)
		product *needs.Product
		months  int
		code    vipcare.Code // "" means suitable
		optIn   bool         // the pack allows R1 protected products without a valid assessment
	}{
		{"lowest group R1 protected", "the only products the lowest group may buy",
			lowest, product(needs.R1, protected), 12, "", false},
		{"lowest group R1 unprotected", "R1 is not enough: the principal must be protected",
			lowest, product(needs.R1), 12, needs.CodeLowestRiskGroup, false},
		{"lowest group R2 protected", "protection does not lift the rating limit",
			lowest, product(needs.R2, protected), 12, needs.CodeLowestRiskGroup, false},
		{"C1 not lowest R1 unprotected", "other C1 clients may buy any R1 product",
			func(p *vipcare.Profile) { p.Risk = vipcare.C1 }, product(needs.R1), 12, "", false},

		{"expired exactly at validity R3", "12 whole months is expired",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R3), 12, needs.CodeAssessmentExpired, false},
		{"expired exactly at validity R2", "everything above R1 is blocked",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R2), 12, needs.CodeAssessmentExpired, false},
		{"expired R1", "no new purchase without a valid assessment, not even R1",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R1), 12, needs.CodeAssessmentExpired, false},
		{"expired R1 protected", "not even a protected R1 product by default",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R1, protected), 12, needs.CodeAssessmentExpired, false},
		{"opt-in: expired R1 protected", "the bank allows R1 principal-protected products",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R1, protected), 12, "", true},
		{"opt-in: expired R1 unprotected", "only protected R1 products",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R1), 12, needs.CodeAssessmentExpired, true},
		{"opt-in: expired R2 protected", "nothing above R1",
			assessed(testkit.Day(2024, 6, 30)), product(needs.R2, protected), 12, needs.CodeAssessmentExpired, true},
		{"opt-in: missing R1 protected", "a missing assessment as an expired one",
			func(p *vipcare.Profile) { p.Risk = "" }, product(needs.R1, protected), 12, "", true},
		{"opt-in: missing R1 unprotected", "a missing assessment as an expired one",
			func(p *vipcare.Profile) { p.Risk = "" }, product(needs.R1), 12, needs.CodeAssessmentMissing, true},
		{"opt-in: valid R3", "the opt-in changes nothing for a valid assessment",
			nil, product(needs.R3), 12, "", true},
		{"lowest group expired R1 protected", "the lowest group too needs a valid assessment",
			func(p *vipcare.Profile) { lowest(p); p.RiskAssessed = testkit.Day(2024, 6, 30) },
			product(needs.R1, protected), 12, needs.CodeAssessmentExpired, false},
		{"opt-in: lowest group expired R1 protected", "what the lowest group may buy anyway",
			func(p *vipcare.Profile) { lowest(p); p.RiskAssessed = testkit.Day(2024, 6, 30) },
			product(needs.R1, protected), 12, "", true},
		{"one month less R3", "11 months is still valid",
			assessed(testkit.Day(2024, 7, 30)), product(needs.R3), 12, "", false},
		{"one day short of 12 months R3", "whole calendar months: 1 July 2024 is 11 months",
			assessed(testkit.Day(2024, 7, 1)), product(needs.R3), 12, "", false},
		{"long expired R5", "a C5 client with an old assessment gets nothing above R1",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, testkit.Day(2020, 1, 1) },
			product(needs.R5), 12, needs.CodeAssessmentExpired, false},
		{"validity 6 at 6 months", "a shorter validity",
			assessed(testkit.Day(2024, 12, 30)), product(needs.R3), 6, needs.CodeAssessmentExpired, false},
		{"validity 6 at 5 months", "a shorter validity, still valid",
			assessed(testkit.Day(2025, 1, 30)), product(needs.R3), 6, "", false},
		{"validity 120 at 119 months", "the longest validity",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, testkit.Day(2015, 7, 30) },
			product(needs.R5), 120, "", false},
		{"validity 120 at 120 months", "the longest validity, expired",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, testkit.Day(2015, 6, 30) },
			product(needs.R5), 120, needs.CodeAssessmentExpired, false},
		{"validity 0 turns the check off, expired", "no risk matching at all",
			assessed(testkit.Day(2020, 6, 30)), product(needs.R3), 0, "", false},
		{"validity 0 turns the check off, mismatched", "no risk matching at all",
			nil, product(needs.R5), 0, "", false},
		{"expired but mismatched anyway R4", "expiry is reported first: the level is stale",
			assessed(testkit.Day(2023, 1, 1)), product(needs.R4), 12, needs.CodeAssessmentExpired, false},

		{"no assessment date R2", "a level without a date is no assessment",
			assessed(time.Time{}), product(needs.R2), 12, needs.CodeAssessmentMissing, false},
		{"no assessment date R1", "no new purchase without an assessment, not even R1",
			assessed(time.Time{}), product(needs.R1), 12, needs.CodeAssessmentMissing, false},
		{"no level R2", "a date without a level is no assessment",
			func(p *vipcare.Profile) { p.Risk = "" }, product(needs.R2), 12, needs.CodeAssessmentMissing, false},
		{"unrated product", "a product without a rating can never be matched",
			nil, product(""), 12, needs.CodeRiskMismatch, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*vipcare.Profile)
			if tt.profile != nil {
				edits = append(edits, tt.profile)
			}
			c := &needs.Case{Figures: validFigures(t, profile(edits...)), Product: tt.product}
			pack := riskOnly(tt.months)
			pack.UnassessedProtectedR1 = tt.optIn && tt.months > 0
			r, refused := only(t, assess(t, pack, c))
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code, tt.why)
		})
	}

	t.Run("reasons", func(t *testing.T) {
		c := &needs.Case{Figures: validFigures(t, profile(assessed(testkit.Day(2024, 6, 30)))), Product: product(needs.R3)}
		r, _ := only(t, assess(t, riskOnly(12), c))
		assert.Equal(t, "risk assessment 12 months old or more: no new purchase (product R3)", r.Reason)
		c.Values = true
		r, _ = only(t, assess(t, riskOnly(12), c))
		assert.Equal(t, "risk assessment 12 months old or more: no new purchase (product R3) (assessed 12 months ago)", r.Reason)
		optIn := riskOnly(12)
		optIn.UnassessedProtectedR1 = true
		r, _ = only(t, assess(t, optIn, c))
		assert.Equal(t, "risk assessment 12 months old or more: only R1 principal-protected products (product R3, not protected) "+
			"(assessed 12 months ago)", r.Reason)
		c.Product = product(needs.R2, protected)
		r, _ = only(t, assess(t, optIn, c))
		assert.Equal(t, "risk assessment 12 months old or more: only R1 principal-protected products (product R2) "+
			"(assessed 12 months ago)", r.Reason)
		c = &needs.Case{Figures: validFigures(t, profile(func(p *vipcare.Profile) { p.Risk = "" })), Product: product(needs.R1)}
		r, _ = only(t, assess(t, riskOnly(12), c))
		assert.Equal(t, "no risk assessment: no new purchase (product R1)", r.Reason)

		c = &needs.Case{Figures: validFigures(t, profile(lowest)), Product: product(needs.R1)}
		r, _ = only(t, assess(t, riskOnly(12), c))
		assert.Equal(t, "lowest risk group: only R1 principal-protected products (product R1, not protected)", r.Reason)

		// Every rating's reasons, which are built once per pack.
		for _, rating := range ratings[1:] {
			c := &needs.Case{Figures: validFigures(t, profile(assessed(testkit.Day(2024, 6, 30)))), Product: product(rating)}
			r, _ := only(t, assess(t, riskOnly(6), c))
			assert.Equal(t, "risk assessment 6 months old or more: no new purchase (product "+string(rating)+")", r.Reason)
			c = &needs.Case{Figures: validFigures(t, profile(lowest)), Product: product(rating)}
			r, _ = only(t, assess(t, riskOnly(12), c))
			assert.Equal(t, "lowest risk group: only R1 principal-protected products (product "+string(rating)+", not protected)", r.Reason)
			c.Product = product(rating, protected)
			r, _ = only(t, assess(t, riskOnly(12), c))
			assert.Equal(t, "lowest risk group: only R1 principal-protected products (product "+string(rating)+")", r.Reason)
		}
	})
}

func TestQualifiedInvestor(t *testing.T) {
	const none = "0"
	tests := []struct {
		name     string
		why      string
		nfa      string
		fa       string
		income   string
		years    int
		anyone   bool // a product not reserved for qualified investors
		want     bool
		contains string
	}{
		{"nfa just below", "2,999,999.9999 misses 3,000,000", "2999999.9999", none, none, 2, false, false, "net financial assets >= 3,000,000 CNY"},
		{"nfa at", "at the threshold qualifies", "3000000", none, none, 2, false, true, ""},
		{"nfa just above", "above qualifies", "3000000.0001", none, none, 2, false, true, ""},
		{"fa just below", "4,999,999.9999 misses 5,000,000", none, "4999999.9999", none, 2, false, false, "financial assets >= 5,000,000 CNY"},
		{"fa at", "at the threshold qualifies", none, "5000000", none, 2, false, true, ""},
		{"fa just above", "above qualifies", none, "5000000.0001", none, 2, false, true, ""},
		{"income just below", "399,999.9999 misses 400,000", none, none, "399999.9999", 2, false, false, "average income over 3 years >= 400,000 CNY"},
		{"income at", "at the threshold qualifies", none, none, "400000", 2, false, true, ""},
		{"income just above", "above qualifies", none, none, "400000.0001", 2, false, true, ""},
		{"all just below", "each branch just misses", "2999999.9999", "4999999.9999", "399999.9999", 5, false, false, "one of"},
		{"negative nfa", "net financial assets may be negative", "-100", "4999999.9999", none, 5, false, false, ""},
		{"experience 1 year, rich", "two years of experience are required whatever the assets", "9000000", "9000000", "900000", 1, false, false, "investment experience of 2 years required"},
		{"experience 1 year, not rich", "both parts fail", none, none, none, 1, false, false, "investment experience of 2 years and one of"},
		{"experience 2 years exactly", "two years is enough", "3000000", none, none, 2, false, true, ""},
		{"not qualified-only", "other products are unaffected", none, none, none, 0, true, true, ""},
	}
	china := policy.Must(needs.ChinaPack().Compile(nil))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile(func(p *vipcare.Profile) {
				p.Investor = vipcare.InvestorFacts{NetFinancialAssets: testkit.CNY(tt.nfa), FinancialAssets: testkit.CNY(tt.fa),
					AverageIncome3Y: testkit.CNY(tt.income), ExperienceYears: tt.years}
				p.Risk = vipcare.C5
			})
			prod := product(needs.R4, func(p *needs.Product) { p.QualifiedOnly = !tt.anyone })
			c := &needs.Case{Figures: validFigures(t, p), Product: prod}
			r, refused := only(t, assess(t, qualifiedOnly(chinaRule()), c))
			require.Equal(t, !tt.want, refused, "%s: %+v", tt.why, r)
			if refused {
				assert.Equal(t, needs.CodeNotQualified, r.Code)
				assert.Equal(t, "qualified_investor", r.Check)
				assert.Contains(t, r.Reason, tt.contains, tt.why)
			}
			// the China pack says the same
			got := china.Assess(nil, c)
			assert.Equal(t, tt.want, len(got) == 0, "%v", got)
		})
	}

	t.Run("figures in USD", func(t *testing.T) {
		p := profile(func(p *vipcare.Profile) {
			p.Investor = vipcare.InvestorFacts{NetFinancialAssets: testkit.USD("9000000"), ExperienceYears: 10}
			p.Holdings[0].Amount = testkit.USD("1000")
		})
		f := validFiguresIn(t, p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD})
		c := &needs.Case{Figures: f, Product: product(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true })}
		r, refused := only(t, assess(t, qualifiedOnly(chinaRule()), c))
		require.True(t, refused, "never compared across currencies")
		assert.Equal(t, needs.CodeCurrency, r.Code)
		assert.Equal(t, "qualified-investor thresholds in CNY, figures in USD", r.Reason)
		c.Product.QualifiedOnly = false
		assert.Empty(t, assess(t, qualifiedOnly(chinaRule()), c), "the currency does not matter to other products")
	})

	t.Run("custom rule", func(t *testing.T) {
		// a bank's own test: 1 year and financial assets of 1,000,000 USD;
		// the other branches left out
		rule := needs.QualifiedInvestorRule{Currency: vipcare.USD, MinExperienceYears: 1,
			FinancialAssets: decimal.NewFromInt(1_000_000)}
		prod := product(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true })
		for _, tt := range []struct {
			name   string
			fa     string
			income string
			want   bool
		}{
			{"at", "1000000", "0", true},
			{"just below", "999999.9999", "0", false},
			{"income branch left out", "0", "99999999", false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				p := profile(func(p *vipcare.Profile) {
					p.Investor = vipcare.InvestorFacts{FinancialAssets: testkit.USD(tt.fa), AverageIncome3Y: testkit.USD(tt.income), ExperienceYears: 1}
					p.Holdings[0].Amount = testkit.USD("1000")
				})
				f := validFiguresIn(t, p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD})
				r, refused := only(t, assess(t, qualifiedOnly(rule), &needs.Case{Figures: f, Product: prod}))
				require.Equal(t, !tt.want, refused)
				if refused {
					assert.Equal(t, "qualified investors only: financial assets >= 1,000,000 USD required", r.Reason)
				}
			})
		}
	})

	t.Run("values", func(t *testing.T) {
		c := &needs.Case{Figures: validFigures(t, profile()), Product: product(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true }),
			Values: true}
		r, _ := only(t, assess(t, qualifiedOnly(chinaRule()), c))
		assert.Equal(t, "qualified investors only: one of net financial assets >= 3,000,000 CNY, financial assets >= 5,000,000 CNY, "+
			"average income over 3 years >= 400,000 CNY required (client: 5 years, net financial assets 2,345,678.91 CNY, "+
			"financial assets 3,456,789.12 CNY, average income 345,678.91 CNY)", r.Reason)
	})
}

func TestMinimumTicket(t *testing.T) {
	// deposits at the bank 1,000,000 CNY; 5,000,000 more off the bank,
	// which the default investable amount does not count
	holdings := func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: testkit.CNY("1000000")},
			{ID: "H-EQ", Class: vipcare.Equities, Amount: testkit.CNY("2000000")},
			{ID: "H-OFF", Class: vipcare.Deposits, Amount: testkit.CNY("5000000"), OffBank: true},
		}
	}
	const aum, none = "investable_aum", ""
	tests := []struct {
		name       string
		why        string
		ticket     vipcare.Money
		investable string
		noRates    bool
		code       vipcare.Code
		reason     string
	}{
		{"no ticket", "nothing to check", vipcare.Money{}, none, false, "", ""},
		{"at", "deposits equal to the ticket suffice", testkit.CNY("1000000"), none, false, "", ""},
		{"just below", "one ten-thousandth short", testkit.CNY("1000000.0001"), none, false, needs.CodeMinimumTicket,
			"minimum ticket 1,000,000.0001 CNY above what the client can invest"},
		{"off-bank deposits do not count", "the default reads deposits at the bank", testkit.CNY("3000000"), none, false,
			needs.CodeMinimumTicket, "minimum ticket 3,000,000 CNY above what the client can invest"},
		{"custom investable", "AUM of 3,000,000 covers the ticket", testkit.CNY("3000000"), aum, false, "", ""},
		{"custom investable just below", "AUM of 3,000,000 does not", testkit.CNY("3000000.0001"), aum, false,
			needs.CodeMinimumTicket, "minimum ticket 3,000,000.0001 CNY above what the client can invest"},
		{"investable not measured", "a month's ADB without daily balances", testkit.CNY("1"), "investable_adb", false,
			needs.CodeMinimumTicket, "minimum ticket 1 CNY: what the client can invest could not be measured"},
		{"USD converted, within", "140,000 USD is 997,276 CNY", testkit.USD("140000"), none, false, "", ""},
		{"USD converted, above", "140,400 USD is 1,000,125.36 CNY", testkit.USD("140400"), none, false, needs.CodeMinimumTicket,
			"minimum ticket 140,400 USD (1,000,125.36 CNY) above what the client can invest"},
		{"USD without a rate", "the ticket cannot be converted", testkit.USD("1"), none, true, needs.CodeNoRate,
			"no rate from USD to CNY for the minimum ticket"},
		{"converts out of bounds", "a ticket near the bound of Amount overflows at 7.1234 CNY per USD",
			testkit.USD("99999999999999"), none, false, needs.CodeNoRate, "the minimum ticket cannot be converted into CNY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valuation()
			if tt.noRates {
				v.Rates = nil
			}
			f := validFiguresIn(t, profile(holdings), v)
			prod := product(needs.R2, func(p *needs.Product) { p.MinTicket = tt.ticket })
			r, refused := only(t, assess(t, ticketOnly(tt.investable), &needs.Case{Figures: f, Product: prod}))
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code)
			assert.Equal(t, tt.reason, r.Reason)
			if refused {
				assert.Equal(t, "minimum_ticket", r.Check)
			}
		})
	}

	t.Run("values", func(t *testing.T) {
		f := validFigures(t, profile(holdings))
		prod := product(needs.R2, func(p *needs.Product) { p.MinTicket = testkit.CNY("1500000") })
		r, _ := only(t, assess(t, ticketOnly(""), &needs.Case{Figures: f, Product: prod, Values: true}))
		assert.Equal(t, "minimum ticket 1,500,000 CNY above what the client can invest (1,000,000 CNY)", r.Reason)
	})

	t.Run("values, for a discreet client", func(t *testing.T) {
		f := validFigures(t, profile(holdings, func(p *vipcare.Profile) { p.Contact.Discreet = true }))
		prod := product(needs.R2, func(p *needs.Product) { p.MinTicket = testkit.CNY("1500000") })
		r, _ := only(t, assess(t, ticketOnly(""), &needs.Case{Figures: f, Product: prod, Values: true}))
		assert.Equal(t, "minimum ticket 1,500,000 CNY above what the client can invest", r.Reason, "no amount of a discreet client")
	})
}

func TestConcentration(t *testing.T) {
	// wealth 1,000,000: deposits 600,000, equities 200,000, real estate
	// 200,000 off the bank. An equity ticket t keeps equities at or below
	// half of wealth while 200,000 + t <= (1,000,000 + t) / 2, t <= 600,000.
	holdings := func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: testkit.CNY("600000")},
			{ID: "H-EQ", Class: vipcare.Equities, Amount: testkit.CNY("200000")},
			{ID: "H-RE", Class: vipcare.RealEstate, Amount: testkit.CNY("200000"), OffBank: true},
		}
	}
	half := testkit.Dec("0.5")
	tests := []struct {
		name     string
		why      string
		class    vipcare.AssetClass
		ticket   vipcare.Money
		maxShare decimal.Decimal
		code     vipcare.Code
	}{
		{"exactly at max share", "equities reach 50% exactly", vipcare.Equities, testkit.CNY("600000"), half, ""},
		{"just above max share", "one ten-thousandth over: a truncated share would miss it",
			vipcare.Equities, testkit.CNY("600000.0001"), half, needs.CodeConcentration},
		{"no ticket", "nothing to add", vipcare.Equities, vipcare.Money{}, half, ""},
		{"new class", "a class the client does not hold: 600,000 of 1,600,000", vipcare.Funds, testkit.CNY("600000"), half, ""},
		{"already concentrated", "deposits are 60% already", vipcare.Deposits, testkit.CNY("1"), half, needs.CodeConcentration},
		{"max share 1", "a whole never exceeds itself", vipcare.Deposits, testkit.CNY("99999999"), decimal.NewFromInt(1), ""},
		{"fine max share at", "300,000 of 1,100,000 is 3/11; 3/11 rounded up to 18 places passes",
			vipcare.Equities, testkit.CNY("100000"), testkit.Dec("0.272727272727272728"), ""},
		{"fine max share below", "3/11 truncated to 18 places is below the true share and refuses",
			vipcare.Equities, testkit.CNY("100000"), testkit.Dec("0.272727272727272727"), needs.CodeConcentration},
		{"USD ticket", "84,229 USD is 599,996.8586 CNY, within 600,000", vipcare.Equities, testkit.USD("84229"), half, ""},
		{"USD ticket above", "84,230 USD is 600,003.982 CNY, beyond 600,000", vipcare.Equities, testkit.USD("84230"), half, needs.CodeConcentration},
		{"max share 0 turns the check off", "no concentration check at all", vipcare.Deposits, testkit.CNY("99999999"), decimal.Zero, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFigures(t, profile(holdings))
			prod := product(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = tt.class, tt.ticket })
			r, refused := only(t, assess(t, concentrationOnly(tt.maxShare), &needs.Case{Figures: f, Product: prod}))
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code)
		})
	}

	t.Run("reason", func(t *testing.T) {
		f := validFigures(t, profile(holdings))
		prod := product(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Equities, testkit.CNY("1000000") })
		c := &needs.Case{Figures: f, Product: prod}
		r, _ := only(t, assess(t, concentrationOnly(half), c))
		assert.Equal(t, "concentration", r.Check)
		assert.Equal(t, "buying the minimum ticket 1,000,000 CNY would raise equities above 50% of wealth", r.Reason)
		c.Values = true
		r, _ = only(t, assess(t, concentrationOnly(half), c))
		assert.Equal(t, "buying the minimum ticket 1,000,000 CNY would raise equities above 50% of wealth (to 60.0%)", r.Reason)
	})

	t.Run("no rate", func(t *testing.T) {
		f := validFiguresIn(t, profile(holdings), vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY})
		prod := product(needs.R2, func(p *needs.Product) { p.MinTicket = testkit.USD("1") })
		r, refused := only(t, assess(t, concentrationOnly(half), &needs.Case{Figures: f, Product: prod}))
		require.True(t, refused)
		assert.Equal(t, needs.CodeNoRate, r.Code)
		assert.Equal(t, "no rate from USD to CNY for the minimum ticket", r.Reason)
	})
}

func TestConcentrationExemptsProtectedProducts(t *testing.T) {
	f := validFigures(t, profile(func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{{ID: "H-DEP", Class: vipcare.Deposits, Amount: testkit.CNY("900000")},
			{ID: "H-RE", Class: vipcare.RealEstate, Amount: testkit.CNY("100000"), OffBank: true}}
	}))
	spec := concentrationOnly(testkit.Dec("0.5"))
	deposit := product(needs.R1, func(p *needs.Product) {
		p.Class, p.MinTicket, p.Protected = vipcare.Deposits, testkit.CNY("50000"), true
	})
	assert.Empty(t, assess(t, spec, &needs.Case{Figures: f, Product: deposit}), "more of a deposit concentrates no risk")
	deposit.Protected = false
	r, refused := only(t, assess(t, spec, &needs.Case{Figures: f, Product: deposit}))
	assert.True(t, refused)
	assert.Equal(t, needs.CodeConcentration, r.Code)
}

func TestRequireMiFIDPack(t *testing.T) {
	tests := []struct {
		name    string
		why     string
		profile func(p *vipcare.Profile)
		rating  needs.RiskRating
		codes   []vipcare.Code
	}{
		{"R2 needs nothing more", "below every requirement's rating",
			func(p *vipcare.Profile) { p.Investor.ExperienceYears = 0 }, needs.R2, nil},
		{"R3 with experience", "knowledge met", nil, needs.R3, nil},
		{"R3 without experience", "knowledge required from R3",
			func(p *vipcare.Profile) { p.Investor.ExperienceYears = 2 }, needs.R3, []vipcare.Code{"insufficient_knowledge"}},
		{"R4 growth client", "all three met",
			func(p *vipcare.Profile) { p.Risk = vipcare.C4 }, needs.R4, nil},
		{"R4 growth client, leveraged", "debts of 1,000,000: net wealth below 500,000 and leverage above 0.5",
			func(p *vipcare.Profile) {
				p.Risk = vipcare.C4
				p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: testkit.CNY("1000000")}}
			}, needs.R4, []vipcare.Code{"cannot_bear_loss"}},
		{"R4 for a C3 client", "risk mismatch and objectives both reported",
			nil, needs.R4, []vipcare.Code{needs.CodeRiskMismatch, "objectives_mismatch"}},
		{"R5 for an inexperienced C5 client assessed 20 months ago", "validity is 24 months in this pack, so only knowledge fails",
			func(p *vipcare.Profile) {
				p.Risk, p.RiskAssessed, p.Investor.ExperienceYears = vipcare.C5, testkit.Day(2023, 10, 1), 1
			}, needs.R5, []vipcare.Code{"insufficient_knowledge"}},
		{"R5 with an expired assessment", "24 months old",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, testkit.Day(2023, 6, 30) }, needs.R5,
			[]vipcare.Code{needs.CodeAssessmentExpired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*vipcare.Profile)
			if tt.profile != nil {
				edits = append(edits, tt.profile)
			}
			c := &needs.Case{Figures: validFigures(t, profile(edits...)), Product: product(tt.rating)}
			got := assess(t, mifid(), c)
			assert.Equal(t, tt.codes, codes(got), "%s: %v", tt.why, got)
		})
	}

	t.Run("reason cites the rule", func(t *testing.T) {
		p := profile(func(p *vipcare.Profile) { p.Investor.ExperienceYears = 1 })
		c := &needs.Case{Figures: validFigures(t, p), Product: product(needs.R3)}
		require.Equal(t, []needs.Refusal{{Check: "knowledge_experience", Code: "insufficient_knowledge",
			Reason: "products from R3 require qi.experience_years >= 3"}}, assess(t, mifid(), c))
		c.Values = true
		assert.Equal(t, "products from R3 require qi.experience_years >= 3 (client: qi.experience_years 1)",
			assess(t, mifid(), c)[0].Reason)
	})

	t.Run("every field compared, once, with values", func(t *testing.T) {
		p := profile(func(p *vipcare.Profile) {
			p.Risk = vipcare.C4
			p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: testkit.CNY("1000000")}}
		})
		c := &needs.Case{Figures: validFigures(t, p), Product: product(needs.R4), Values: true}
		r, _ := only(t, assess(t, mifid(), c))
		assert.Equal(t, "cannot_bear_loss", string(r.Code))
		assert.Contains(t, r.Reason, "(client: net_wealth 234567.89, leverage ")

		p = profile(func(p *vipcare.Profile) {
			p.Risk = vipcare.C4
			p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: testkit.CNY("1000000")}}
			p.Contact.Discreet = true
		})
		c = &needs.Case{Figures: validFigures(t, p), Product: product(needs.R4), Values: true}
		r, _ = only(t, assess(t, mifid(), c))
		assert.Equal(t, "cannot_bear_loss", string(r.Code))
		assert.NotContains(t, r.Reason, "client:", "no value of a discreet client")
	})

	t.Run("requirements are data: a JSON round trip decides the same", func(t *testing.T) {
		b, err := json.Marshal(mifid())
		require.NoError(t, err)
		var back needs.PackSpec
		require.NoError(t, json.Unmarshal(b, &back))
		for _, tt := range tests {
			var edits []func(*vipcare.Profile)
			if tt.profile != nil {
				edits = append(edits, tt.profile)
			}
			for _, values := range []bool{false, true} {
				c := &needs.Case{Figures: validFigures(t, profile(edits...)), Product: product(tt.rating), Values: values}
				assert.Equal(t, assess(t, mifid(), c), assess(t, back, c), "%s", tt.name)
			}
		}
	})
}

// TestChinaPackIsData checks that the China pack survives a JSON round trip
// and is a new value each call.
func TestChinaPackIsData(t *testing.T) {
	b, err := json.Marshal(needs.ChinaPack())
	require.NoError(t, err)
	var back needs.PackSpec
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.MaxConcentration.Equal(testkit.Dec("0.5")))
	q := *back.QualifiedInvestor
	want := chinaRule()
	assert.True(t, q.NetFinancialAssets.Equal(want.NetFinancialAssets) && q.FinancialAssets.Equal(want.FinancialAssets) &&
		q.AverageIncome.Equal(want.AverageIncome))
	assert.Equal(t, want.Currency, q.Currency)
	assert.Equal(t, want.MinExperienceYears, q.MinExperienceYears)
	_, err = back.Compile(nil)
	require.NoError(t, err)

	a := needs.ChinaPack()
	a.QualifiedInvestor.Currency = "USD"
	a.RiskValidityMonths = 1
	assert.Equal(t, vipcare.CNY, needs.ChinaPack().QualifiedInvestor.Currency)
	assert.Equal(t, 12, needs.ChinaPack().RiskValidityMonths)
}

// TestPackSpecCompileProblems checks that PackSpec.Compile reports every
// problem at once, where the old constructors panicked one at a time.
func TestPackSpecCompileProblems(t *testing.T) {
	china := func(edit func(q *needs.QualifiedInvestorRule)) needs.PackSpec {
		s := needs.ChinaPack()
		edit(s.QualifiedInvestor)
		return s
	}
	require3 := func(edit func(r *needs.Requirement)) needs.PackSpec {
		r := needs.Requirement{Check: "k", Code: "c", From: needs.R3, When: policy.Field("qi.experience_years").GE(3)}
		edit(&r)
		return needs.PackSpec{Name: "house", Require: []needs.Requirement{r}}
	}
	tests := []struct {
		name string
		spec needs.PackSpec
		want []testkit.Want
	}{
		{"validity -1", riskOnly(-1), []testkit.Want{problem("/risk_validity_months", "risk", policy.ErrOutOfRange)}},
		{"validity 121", riskOnly(121), []testkit.Want{problem("/risk_validity_months", "risk", policy.ErrOutOfRange)}},
		{"protected R1 without an assessment, but no validity", needs.PackSpec{Name: "risk", UnassessedProtectedR1: true},
			[]testkit.Want{problem("/risk_validity_months", "risk", policy.ErrMissing)}},

		{"qualified investor: no currency", china(func(q *needs.QualifiedInvestorRule) { q.Currency = "" }),
			[]testkit.Want{problem("/qualified_investor/currency", "china", policy.ErrMissing)}},
		{"qualified investor: malformed currency", china(func(q *needs.QualifiedInvestorRule) { q.Currency = "cny" }),
			[]testkit.Want{problem("/qualified_investor/currency", "china", policy.ErrMalformed)}},
		{"qualified investor: negative experience", china(func(q *needs.QualifiedInvestorRule) { q.MinExperienceYears = -1 }),
			[]testkit.Want{problem("/qualified_investor/min_experience_years", "china", policy.ErrOutOfRange)}},
		{"qualified investor: negative threshold", china(func(q *needs.QualifiedInvestorRule) { q.FinancialAssets = decimal.NewFromInt(-1) }),
			[]testkit.Want{problem("/qualified_investor/financial_assets", "china", policy.ErrOutOfRange)}},
		{"qualified investor: too many decimals", china(func(q *needs.QualifiedInvestorRule) { q.AverageIncome = testkit.Dec("400000.00001") }),
			[]testkit.Want{problem("/qualified_investor/average_income", "china", policy.ErrOutOfRange)}},
		{"qualified investor: huge threshold", china(func(q *needs.QualifiedInvestorRule) { q.NetFinancialAssets = decimal.New(1, 100) }),
			[]testkit.Want{problem("/qualified_investor/net_financial_assets", "china", policy.ErrOutOfRange)}},
		{"qualified investor: no branch", china(func(q *needs.QualifiedInvestorRule) { *q = needs.QualifiedInvestorRule{Currency: vipcare.CNY} }),
			[]testkit.Want{problem("/qualified_investor", "china", policy.ErrMissing)}},
		{"qualified investor: the zero rule", china(func(q *needs.QualifiedInvestorRule) { *q = needs.QualifiedInvestorRule{} }),
			[]testkit.Want{problem("/qualified_investor/currency", "china", policy.ErrMissing),
				problem("/qualified_investor", "china", policy.ErrMissing)}},

		{"max concentration negative", concentrationOnly(testkit.Dec("-0.1")),
			[]testkit.Want{problem("/max_concentration", "concentration", policy.ErrOutOfRange)}},
		{"max concentration above 1", concentrationOnly(testkit.Dec("1.0001")),
			[]testkit.Want{problem("/max_concentration", "concentration", policy.ErrOutOfRange)}},
		{"max concentration 2", concentrationOnly(testkit.Dec("2")),
			[]testkit.Want{problem("/max_concentration", "concentration", policy.ErrOutOfRange)}},
		{"max concentration with 19 places", concentrationOnly(testkit.Dec("0.0000000000000000001")),
			[]testkit.Want{problem("/max_concentration", "concentration", policy.ErrOutOfRange)}},

		{"require: no check name", require3(func(r *needs.Requirement) { r.Check = "" }),
			[]testkit.Want{problem("/require/0/check", "", policy.ErrMissing)}},
		{"require: no code", require3(func(r *needs.Requirement) { r.Code = "" }),
			[]testkit.Want{problem("/require/0/code", "k", policy.ErrMissing)}},
		{"require: no rating", require3(func(r *needs.Requirement) { r.From = "" }),
			[]testkit.Want{problem("/require/0/from", "k", policy.ErrUnknown)}},
		{"require: rating out of range", require3(func(r *needs.Requirement) { r.From = "R6" }),
			[]testkit.Want{problem("/require/0/from", "k", policy.ErrUnknown)}},
		{"require: no condition", require3(func(r *needs.Requirement) { r.When = policy.Cond{} }),
			[]testkit.Want{problem("/require/0/when", "k", policy.ErrMissing)}},
		{"require: unknown field", require3(func(r *needs.Requirement) { r.When = policy.Field("experience").GE(3) }),
			[]testkit.Want{problem("/require/0/when/field", "experience", policy.ErrUnknown)}},

		{"checks: no name", needs.PackSpec{Name: "house", Checks: []string{"sundays", ""}},
			[]testkit.Want{problem("/checks/1", "house", policy.ErrMissing)}},
		{"checks: not registered", needs.PackSpec{Name: "house", Checks: []string{"sunday"}},
			[]testkit.Want{problem("/checks/0", "sunday", policy.ErrUnknown)}},
		{"checks: a measure's name", needs.PackSpec{Name: "house", Checks: []string{"investable_aum"}},
			[]testkit.Want{problem("/checks/0", "investable_aum", policy.ErrUnknown)}},
		{"checks: twice", needs.PackSpec{Name: "house", Checks: []string{"sundays", "no_sundays", "sundays"}},
			[]testkit.Want{problem("/checks/2", "sundays", policy.ErrDuplicate)}},
		{"investable: not registered", needs.PackSpec{Name: "house", MinimumTicket: true, Investable: "aum"},
			[]testkit.Want{problem("/investable", "aum", policy.ErrUnknown)}},
		{"investable: a check's name, without the minimum ticket", needs.PackSpec{Name: "house", Investable: "sundays"},
			[]testkit.Want{problem("/investable", "sundays", policy.ErrUnknown)}},

		{"everything at once", needs.PackSpec{
			RiskValidityMonths: 121,
			QualifiedInvestor:  &needs.QualifiedInvestorRule{Currency: "cny", MinExperienceYears: -1, FinancialAssets: decimal.NewFromInt(-5)},
			MinimumTicket:      true,
			Investable:         "investable",
			MaxConcentration:   testkit.Dec("1.5"),
			Require: []needs.Requirement{
				{Check: "fine", Code: "c", From: needs.R2, When: policy.Field("age").GE(18)},
				{From: "R0", When: policy.Field("age").GE("x")},
			},
			Checks: []string{"sundays", "", "nope"},
		}, []testkit.Want{
			problem("/risk_validity_months", "", policy.ErrOutOfRange),
			problem("/qualified_investor/currency", "", policy.ErrMalformed),
			problem("/qualified_investor/min_experience_years", "", policy.ErrOutOfRange),
			problem("/qualified_investor/financial_assets", "", policy.ErrOutOfRange),
			problem("/qualified_investor", "", policy.ErrMissing),
			problem("/investable", "investable", policy.ErrUnknown),
			problem("/max_concentration", "", policy.ErrOutOfRange),
			problem("/require/1/check", "", policy.ErrMissing),
			problem("/require/1/code", "", policy.ErrMissing),
			problem("/require/1/from", "", policy.ErrUnknown),
			problem("/require/1/when/value", "age", policy.ErrMalformed),
			problem("/checks/1", "", policy.ErrMissing),
			problem("/checks/2", "nope", policy.ErrUnknown),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.spec.Compile(houseEnv)
			assert.Nil(t, p)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Panics(t, func() { policy.Must(tt.spec.Compile(houseEnv)) })
		})
	}
	t.Run("unknown names list the registered ones", func(t *testing.T) {
		_, err := needs.PackSpec{Checks: []string{"sunday"}, Investable: "aum"}.Compile(houseEnv)
		ps := testkit.Problems(t, err)
		require.Len(t, ps, 2)
		assert.Equal(t, []string{"investable_adb", "investable_aum"}, ps[0].Choices)
		assert.Equal(t, []string{"no_sundays", "sundays"}, ps[1].Choices)
		_, err = needs.PackSpec{Checks: []string{"sundays"}}.Compile(nil)
		testkit.CheckProblems(t, err, problem("/checks/0", "sundays", policy.ErrUnknown))
		assert.Empty(t, testkit.Problems(t, err)[0].Choices, "none registered in the default environment")
	})
	t.Run("the zero pack checks nothing", func(t *testing.T) {
		p, err := needs.PackSpec{}.Compile(nil)
		require.NoError(t, err)
		f := testkit.Figures(t, &vipcare.Profile{ID: "c"}, testkit.Valuation(testkit.Day(2025, 6, 30)))
		assert.Empty(t, p.Assess(nil, &needs.Case{Figures: f, Product: &needs.Product{Code: "X", Risk: needs.R5}}))
	})

	t.Run("a rating lists the ratings", func(t *testing.T) {
		_, err := require3(func(r *needs.Requirement) { r.From = "R6" }).Compile(nil)
		assert.Equal(t, []string{"R1", "R2", "R3", "R4", "R5"}, testkit.Problems(t, err)[0].Choices)
	})

	t.Run("the limits compile", func(t *testing.T) {
		for _, s := range []needs.PackSpec{
			{Name: "named, checking nothing"},
			riskOnly(1), riskOnly(120),
			concentrationOnly(testkit.Dec("1.000")), concentrationOnly(testkit.Dec("0.000000000000000001")),
			qualifiedOnly(needs.QualifiedInvestorRule{Currency: vipcare.USD, AverageIncome: testkit.Dec("0.0001")}),
			ticketOnly(""),
			needs.ChinaPack(), mifid(),
		} {
			_, err := s.Compile(nil)
			assert.NoError(t, err, s.Name)
		}
		pack := policy.Must(needs.PackSpec{Name: "nothing"}.Compile(nil))
		c := &needs.Case{Figures: validFigures(t, profile(func(p *vipcare.Profile) { p.Risk = "" })), Product: product(needs.R5)}
		assert.Empty(t, pack.Assess(nil, c), "a pack with no checks refuses nothing")
	})
}

func TestPackReportsAllRefusals(t *testing.T) {
	// an unassessed client with no qualified-investor standing and deposits
	// of 1,234,567.89 is offered an R5 private fund with a ticket of
	// 3,000,000 CNY that would make equities most of its wealth
	p := profile(func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = "", time.Time{} })
	prod := product(needs.R5, func(p *needs.Product) {
		p.Code, p.Class, p.QualifiedOnly, p.MinTicket = "PE-FUND", vipcare.Equities, true, testkit.CNY("3000000")
	})
	c := &needs.Case{Figures: validFigures(t, p), Product: prod}
	got := assess(t, needs.ChinaPack(), c)
	assert.Equal(t, []needs.Refusal{
		{"risk_match", needs.CodeAssessmentMissing, "no risk assessment: no new purchase (product R5)"},
		{"qualified_investor", needs.CodeNotQualified, "qualified investors only: one of net financial assets >= 3,000,000 CNY, " +
			"financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required"},
		{"minimum_ticket", needs.CodeMinimumTicket, "minimum ticket 3,000,000 CNY above what the client can invest"},
		{"concentration", needs.CodeConcentration, "buying the minimum ticket 3,000,000 CNY would raise equities above 50% of wealth"},
	}, got)
	for _, code := range []vipcare.Code{needs.CodeAssessmentMissing, needs.CodeNotQualified, needs.CodeMinimumTicket, needs.CodeConcentration} {
		assert.Contains(t, codes(got), code)
	}
	assert.NotContains(t, codes(got), needs.CodeRiskMismatch)
	var texts []string
	for _, r := range got {
		texts = append(texts, r.String())
	}
	assert.Equal(t, "assessment_missing (no risk assessment: no new purchase (product R5)); "+
		"not_qualified_investor (qualified investors only: one of net financial assets >= 3,000,000 CNY, "+
		"financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required); "+
		"below_minimum_ticket (minimum ticket 3,000,000 CNY above what the client can invest); "+
		"concentration (buying the minimum ticket 3,000,000 CNY would raise equities above 50% of wealth)",
		strings.Join(texts, "; "))
}

// TestRefusals checks the refusals Assess returns: none for a suitable
// product, a label for a check that names none, appended to dst, and a JSON
// round trip.
func TestRefusals(t *testing.T) {
	pack := policy.Must(needs.PackSpec{Name: "house", RiskValidityMonths: 12, Checks: []string{"sundays", "no_sundays"}}.Compile(houseEnv))
	f := validFigures(t, profile())

	suitable := policy.Must(needs.ChinaPack().Compile(nil)).Assess(nil, &needs.Case{Figures: f, Product: product(needs.R2)})
	assert.Nil(t, suitable, "no refusals: suitable")

	got := pack.Assess(nil, &needs.Case{Figures: f, Product: product(needs.R4)})
	require.Len(t, got, 3)
	assert.Equal(t, "sundays", got[1].Check, "a bank's check keeps its own name")
	assert.Equal(t, "no_sundays", got[2].Check, "a refusal without a check name gets the name its check is registered under")
	assert.Equal(t, []vipcare.Code{needs.CodeRiskMismatch, "house_rule", "house_rule"}, codes(got))
	assert.Equal(t, "risk_mismatch (product R4 above the client's C3)", got[0].String())

	// Assess appends to dst.
	dst := []needs.Refusal{{Check: "earlier", Code: "x", Reason: "y"}}
	dst = pack.Assess(dst, &needs.Case{Figures: f, Product: product(needs.R2)})
	assert.Equal(t, []string{"earlier", "no_sundays"}, []string{dst[0].Check, dst[1].Check})

	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"check":"risk_match","code":"risk_mismatch","reason":"product R4 above the client's C3"},
		{"check":"sundays","code":"house_rule","reason":"not on Sundays"},
		{"check":"no_sundays","code":"house_rule","reason":"not on Sundays"}]`, string(b))
	var back []needs.Refusal
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, got, back)
	b, err = json.Marshal(suitable)
	require.NoError(t, err)
	assert.Equal(t, "null", string(b), "no refusals")

	// A bank's check that refuses and says nothing still says which refused.
	mute := needs.CheckFunc(func(needs.Case) (needs.Refusal, bool) { return needs.Refusal{}, true })
	env := policy.Must(houseEnv.WithParts(needs.CheckPart("mute", mute)))
	silent := policy.Must(needs.PackSpec{Name: "house", Checks: []string{"mute"}}.Compile(env))
	assert.Equal(t, []needs.Refusal{{Check: "mute", Code: "mute", Reason: "refused by mute"}},
		silent.Assess(nil, &needs.Case{Figures: f, Product: product(needs.R1)}))

	assert.Panics(t, func() { pack.Assess(nil, &needs.Case{Product: product(needs.R1)}) }, "no figures")
	assert.Panics(t, func() { pack.Assess(nil, &needs.Case{Figures: f}) }, "no product")
	assert.Panics(t, func() { pack.Assess(nil, nil) }, "no case")
}

// shelf is products that each fail a different check for profile() (R5 is
// above C3, QualifiedOnly fails the test, the tickets are above the deposits
// or make a class most of wealth), plus one that passes.
func shelf() []*needs.Product {
	return []*needs.Product{
		product(needs.R5),
		product(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true }),
		product(needs.R3, func(p *needs.Product) { p.MinTicket = testkit.CNY("2000000") }),
		product(needs.R3, func(p *needs.Product) { p.MinTicket = testkit.USD("200000") }),
		product(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Deposits, testkit.CNY("1000") }),
		product(needs.R4, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Equities, testkit.CNY("1000000") }),
		product(needs.R3, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Funds, testkit.CNY("1000000") }),
	}
}

// TestSuitabilityConfidential checks that no refusal shows the client's
// amounts or identifiers unless the case asks for values.
func TestSuitabilityConfidential(t *testing.T) {
	// the client has an old assessment, is leveraged and inexperienced, so
	// that every check of both packs has something to refuse
	p := profile(func(p *vipcare.Profile) {
		p.Investor.ExperienceYears = 1
		p.Liabilities = []vipcare.Liability{{ID: "L-" + plantedID, Amount: testkit.CNY("1000000")}}
	})
	old := profile(func(p *vipcare.Profile) { p.RiskAssessed = testkit.Day(2022, 1, 1) })
	lowest := profile(func(p *vipcare.Profile) { p.Risk, p.LowestRiskGroup = vipcare.C1, true })
	leaked := func(s string) bool {
		plain := strings.ReplaceAll(s, ",", "")
		for _, x := range planted {
			if strings.Contains(plain, x) {
				return true
			}
		}
		return false
	}
	var withValues int
	for _, profile := range []*vipcare.Profile{p, old, lowest} {
		f := validFigures(t, profile)
		for _, spec := range []needs.PackSpec{needs.ChinaPack(), mifid()} {
			pack := policy.Must(spec.Compile(nil))
			for _, prod := range shelf() {
				c := &needs.Case{Figures: f, Product: prod}
				got := pack.Assess(nil, c)
				for _, r := range got {
					assert.False(t, leaked(r.Reason), "%s: reason leaks a client value: %q", spec.Name, r.Reason)
					assert.False(t, leaked(r.String()))
				}
				assert.False(t, leaked(fmt.Sprint(got)))
				b, err := json.Marshal(got)
				require.NoError(t, err)
				assert.False(t, leaked(string(b)))
				c.Values = true
				if leaked(fmt.Sprint(pack.Assess(nil, c))) {
					withValues++
				}
			}
		}
	}
	assert.Positive(t, withValues, "with Values the reasons show the client's amounts, so the test can see a leak")
}

func TestAssessPure(t *testing.T) {
	for _, spec := range []needs.PackSpec{needs.ChinaPack(), mifid()} {
		pack := policy.Must(spec.Compile(nil))
		for i, prod := range shelf() {
			t.Run(fmt.Sprintf("%s/%d", spec.Name, i), func(t *testing.T) {
				p := profile()
				f := validFigures(t, p)
				before, productBefore := *f, *prod
				c := &needs.Case{Figures: f, Product: prod}
				assert.Equal(t, pack.Assess(nil, c), pack.Assess(nil, c), "same refusals twice")
				assert.Equal(t, before, *f, "figures unchanged")
				assert.Equal(t, *profile(), *p, "profile unchanged")
				assert.Equal(t, productBefore, *prod, "product unchanged")
			})
		}
	}
}

// TestAssessAllocs checks that Assess does not allocate when a product
// passes, into dst with room and into nil alike.
func TestAssessAllocs(t *testing.T) {
	p := profile(func(p *vipcare.Profile) {
		p.Risk, p.Investor.NetFinancialAssets = vipcare.C5, testkit.CNY("3000000")
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H-EQ", Class: vipcare.Equities, Amount: testkit.CNY("9000000")})
	})
	f := validFigures(t, p)
	products := []struct {
		name string
		prod *needs.Product
	}{
		{"no ticket", product(needs.R3)},
		{"CNY ticket, qualified-only", product(needs.R5, func(p *needs.Product) {
			p.QualifiedOnly, p.MinTicket = true, testkit.CNY("1000000")
		})},
		{"USD ticket", product(needs.R4, func(p *needs.Product) { p.MinTicket = testkit.USD("100000") })},
	}
	for _, tt := range products {
		for _, spec := range []needs.PackSpec{needs.ChinaPack(), mifid()} {
			pack := policy.Must(spec.Compile(nil))
			c := &needs.Case{Figures: f, Product: tt.prod}
			require.Empty(t, pack.Assess(nil, c), "%s %s", spec.Name, tt.name)
			dst := make([]needs.Refusal, 0, 8)
			var got []needs.Refusal
			assert.Zero(t, testing.AllocsPerRun(200, func() { got = pack.Assess(dst[:0], c) }), "%s %s: into dst", spec.Name, tt.name)
			assert.Empty(t, got)
			assert.Zero(t, testing.AllocsPerRun(200, func() { got = pack.Assess(nil, c) }), "%s %s: into nil", spec.Name, tt.name)
			assert.Nil(t, got)
		}
	}
}

func TestPackConcurrent(t *testing.T) {
	pack := policy.Must(needs.ChinaPack().Compile(nil))
	profiles := []*vipcare.Profile{
		profile(),
		profile(func(p *vipcare.Profile) { p.Risk = vipcare.C5; p.Investor.FinancialAssets = testkit.CNY("6000000") }),
		profile(func(p *vipcare.Profile) { p.Risk = "" }),
	}
	figures := make([]*vipcare.Figures, len(profiles))
	for i, p := range profiles {
		figures[i] = validFigures(t, p)
	}
	products := shelf()
	want := make([][][]needs.Refusal, len(figures))
	for i, f := range figures {
		for _, prod := range products {
			want[i] = append(want[i], pack.Assess(nil, &needs.Case{Figures: f, Product: prod}))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c needs.Case
			var dst []needs.Refusal
			for round := 0; round < 20; round++ {
				for i, f := range figures {
					for j, prod := range products {
						c = needs.Case{Figures: f, Product: prod, Values: (g+round)%2 == 0}
						dst = pack.Assess(dst[:0], &c)
						if !c.Values && !slices.Equal(dst, want[i][j]) {
							errs <- fmt.Sprintf("goroutine %d: client %d product %d: %v, want %v", g, i, j, dst, want[i][j])
							return
						}
						if !slices.Equal(codes(dst), codes(want[i][j])) {
							errs <- fmt.Sprintf("goroutine %d: client %d product %d: codes differ", g, i, j)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Assess allocates nothing for a product that passes, with the Case in
// the caller's frame and a bank's Go check in the pack: the check is given
// a copy, so the Case does not move to the heap for it.
func TestAssessAllocatesNothing(t *testing.T) {
	spec := needs.ChinaPack()
	spec.Checks = append(spec.Checks, "sundays")
	pack, err := spec.Compile(houseEnv)
	require.NoError(t, err)
	p := profile(func(p *vipcare.Profile) { p.Risk = vipcare.C4 })
	f := validFigures(t, p)
	prod := product(needs.R3)
	dst := make([]needs.Refusal, 0, 8)
	allocs := testing.AllocsPerRun(100, func() {
		c := needs.Case{Figures: f, Product: prod}
		dst = pack.Assess(dst[:0], &c)
	})
	require.Empty(t, dst, "the product must pass for the test to mean anything")
	assert.Zero(t, allocs)
}

func BenchmarkAssess(b *testing.B) {
	p := profile(func(p *vipcare.Profile) {
		p.Risk, p.Investor.NetFinancialAssets = vipcare.C4, testkit.CNY("3000000")
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H-EQ", Class: vipcare.Equities, Amount: testkit.CNY("9000000")})
	})
	f := validFigures(b, p)
	pack := policy.Must(needs.ChinaPack().Compile(nil))
	for _, bc := range []struct {
		name string
		prod *needs.Product
	}{
		{"suitable", product(needs.R4, func(p *needs.Product) { p.QualifiedOnly, p.MinTicket = true, testkit.CNY("1000000") })},
		{"refused", product(needs.R5, func(p *needs.Product) { p.QualifiedOnly, p.MinTicket = true, testkit.CNY("5000000") })},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := &needs.Case{Figures: f, Product: bc.prod}
			dst := make([]needs.Refusal, 0, 8)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dst = pack.Assess(dst[:0], c)
			}
			if (len(dst) == 0) != (bc.name == "suitable") {
				b.Fatal(dst)
			}
		})
	}
}

// TestNoPurchaseWithoutValidAssessment decides a sample book with every
// client's risk assessment expired, then missing: by default no product is
// offered and every play that had products to offer is left out with the
// assessment's code; a pack that opts in (UnassessedProtectedR1) offers
// exactly the R1 principal-protected products the client would get with a
// valid assessment, and nothing else.
func TestNoPurchaseWithoutValidAssessment(t *testing.T) {
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	spec := needs.Reference(sample.Shelf())
	strict := policy.Must(spec.Compile(ageEnv))
	spec.Pack.UnassessedProtectedR1 = true
	optIn := policy.Must(spec.Compile(ageEnv))
	shelf := sample.Shelf()
	strictPack := policy.Must(needs.ChinaPack().Compile(nil))
	optInSpec := needs.ChinaPack()
	optInSpec.UnassessedProtectedR1 = true
	optInPack := policy.Must(optInSpec.Compile(nil))

	tests := []struct {
		name string
		edit func(p *vipcare.Profile)
		code vipcare.Code
	}{
		{"expired", func(p *vipcare.Profile) { p.RiskAssessed = v.AsOf.AddDate(-1, -1, 0) }, needs.CodeAssessmentExpired},
		{"expired exactly at 12 months", func(p *vipcare.Profile) { p.RiskAssessed = v.AsOf.AddDate(-1, 0, 0) }, needs.CodeAssessmentExpired},
		{"no assessment date", func(p *vipcare.Profile) { p.RiskAssessed = time.Time{} }, needs.CodeAssessmentMissing},
		{"no risk level", func(p *vipcare.Profile) { p.Risk, p.LowestRiskGroup = "", false }, needs.CodeAssessmentMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			barred, offered := 0, 0
			for p := range sample.Seq(o, 500) {
				if p.Risk == "" {
					p.Risk = vipcare.C3
				}
				valid := p
				valid.RiskAssessed = v.AsOf.AddDate(0, -1, 0)
				tt.edit(&p)
				f := testkit.Figures(t, &p, v)
				fValid := testkit.Figures(t, &valid, v)

				// By default: nothing at all, with the code.
				rs := strict.Recommend(f, strict.Detect(f), nil, policy.ExplainOptions{})
				require.Empty(t, rs.Plays, "no play without a valid assessment")
				picks, skipped := strict.Pick(nil, nil, f, strict.Detect(f), nil, 0)
				require.Empty(t, picks)
				for _, s := range skipped {
					require.Contains(t, []vipcare.Code{needs.CodeNoNeed, tt.code}, s.Code, "play %s", s.Play)
					if s.Code == tt.code {
						barred++
					}
				}
				for j := range shelf {
					c := &needs.Case{Figures: f, Product: &shelf[j]}
					require.Contains(t, codes(strictPack.Assess(nil, c)), tt.code, "product %s", shelf[j].Code)

					// Opted in: R1 principal-protected products only, as
					// with a valid assessment.
					cv := &needs.Case{Figures: fValid, Product: &shelf[j]}
					want := len(strictPack.Assess(nil, cv)) == 0 && shelf[j].Risk == needs.R1 && shelf[j].Protected
					got := optInPack.Assess(nil, c)
					require.Equal(t, want, len(got) == 0, "product %s: %v", shelf[j].Code, got)
					if !want && !(shelf[j].Risk == needs.R1 && shelf[j].Protected) {
						require.Contains(t, codes(got), tt.code, "product %s", shelf[j].Code)
					}
				}
				for _, rec := range optIn.Recommend(f, optIn.Detect(f), nil, policy.ExplainOptions{}).Plays {
					for _, off := range rec.Offers {
						k := slices.IndexFunc(shelf, func(x needs.Product) bool { return x.Code == off.Product })
						require.Equal(t, needs.R1, shelf[k].Risk, off.Product)
						require.True(t, shelf[k].Protected, off.Product)
						offered++
					}
				}
			}
			require.Positive(t, barred, "plays left out for the assessment")
			require.Positive(t, offered, "the opt-in offers protected R1 products")
		})
	}
}

// TestRiskMatchFutureAssessment checks that an assessment dated after the
// as-of date, which Validate refuses but Figures computes, is no valid
// assessment: MonthsBetween clamps it to 0 months, which read as fresh,
// so that a C5 client with a mistyped year could buy R5 for years.
func TestRiskMatchFutureAssessment(t *testing.T) {
	tests := []struct {
		name     string
		assessed time.Time
		code     vipcare.Code
	}{
		{"on the as-of date", asOf, ""},
		{"the day after", asOf.AddDate(0, 0, 1), needs.CodeAssessmentMissing},
		{"twenty years after", asOf.AddDate(20, 0, 0), needs.CodeAssessmentMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile(func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, tt.assessed })
			c := &needs.Case{Figures: figures(t, p), Product: product(needs.R5)}
			r, refused := only(t, assess(t, riskOnly(12), c))
			require.Equal(t, tt.code != "", refused, "%+v", r)
			assert.Equal(t, tt.code, r.Code)
		})
	}
}
