package needs_test

import (
	"encoding/json"
	"errors"
	"fmt"
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
)

// The suitability tests use their own fixtures, prefixed suit, so that they
// do not depend on (or collide with) the other tests of the package.

var (
	suitCST  = time.FixedZone("CST", 8*3600)
	suitAsOf = time.Date(2025, 6, 30, 18, 0, 0, 0, suitCST)
)

func suitDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, suitCST) }

func suitCNY(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.CNY) }
func suitUSD(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.USD) }

// Planted confidential values of suitProfile: no reason may contain them
// unless the caller asks for values.
const suitPlantedID = "CLIENT-SUIT-4711"

var suitPlanted = []string{suitPlantedID, "1234567", "2345678", "3456789", "456789"}

// suitProfile returns a valid client: C3 assessed in March 2025, five years
// of experience, deposits of 1,234,567.89 CNY at the bank and nothing else,
// qualified-investor facts below every threshold. edit changes it.
func suitProfile(edit ...func(p *vipcare.Profile)) *vipcare.Profile {
	p := &vipcare.Profile{
		ID:           suitPlantedID,
		Since:        suitDay(2015, 3, 1),
		Risk:         vipcare.C3,
		RiskAssessed: suitDay(2025, 3, 10),
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    suitCNY("3456789.12"),
			NetFinancialAssets: suitCNY("2345678.91"),
			AverageIncome3Y:    suitCNY("345678.91"), // "456789" planted too
			ExperienceYears:    5,
		},
		Holdings: []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: suitCNY("1234567.89")},
		},
	}
	for _, e := range edit {
		e(p)
	}
	return p
}

func suitRates(t testing.TB) *vipcare.Rates {
	t.Helper()
	r, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("7.1234"),
	})
	require.NoError(t, err)
	return r
}

// suitFigures validates p and computes its figures in CNY with rates for USD.
func suitFigures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	return suitFiguresIn(t, p, vipcare.Valuation{AsOf: suitAsOf, Currency: vipcare.CNY, Rates: suitRates(t)})
}

func suitFiguresIn(t testing.TB, p *vipcare.Profile, v vipcare.Valuation) *vipcare.Figures {
	t.Helper()
	require.NoError(t, p.Validate(v))
	f, err := v.Figures(p)
	require.NoError(t, err)
	return &f
}

// suitProduct returns a product rated r with no minimum ticket.
func suitProduct(r needs.RiskRating, edit ...func(p *needs.Product)) *needs.Product {
	p := &needs.Product{Code: "P-" + r.String(), Category: "fund", Class: vipcare.Funds, Risk: r}
	for _, e := range edit {
		e(p)
	}
	return p
}

// suitAssess runs check on the case twice, checks that it answers the same
// both times and changes neither figures, profile nor product, and returns
// the answer.
func suitAssess(t *testing.T, check needs.Check, c *needs.Case) (needs.Refusal, bool) {
	t.Helper()
	figures, profile, product := *c.Figures, suitJSON(t, c.Figures.Profile), *c.Product
	r, refused := check.Check(c)
	r2, refused2 := check.Check(c)
	require.Equal(t, refused, refused2, "same answer twice")
	require.Equal(t, r, r2, "same refusal twice")
	require.Equal(t, figures, *c.Figures, "figures unchanged")
	require.Equal(t, profile, suitJSON(t, c.Figures.Profile), "profile unchanged")
	require.Equal(t, product, *c.Product, "product unchanged")
	if refused {
		assert.NotEmpty(t, r.Check, "refusal names its check")
		assert.NotEmpty(t, r.Code, "refusal has a code")
		assert.NotEmpty(t, r.Reason, "refusal has a reason")
	}
	return r, refused
}

func suitJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

var suitLevels = []vipcare.RiskLevel{0, vipcare.C1, vipcare.C2, vipcare.C3, vipcare.C4, vipcare.C5}
var suitRatings = []needs.RiskRating{needs.R1, needs.R2, needs.R3, needs.R4, needs.R5}

func TestRiskMatchMatrix(t *testing.T) {
	check := needs.RiskMatch(12)
	pack := needs.ChinaPack()
	for _, level := range suitLevels {
		for _, rating := range suitRatings {
			t.Run(level.String()+"/"+rating.String(), func(t *testing.T) {
				p := suitProfile(func(p *vipcare.Profile) { p.Risk = level })
				c := &needs.Case{Figures: suitFigures(t, p), Product: suitProduct(rating)}
				// suitable iff R <= C; unassessed clients up to R1 only
				want := level.IsAssessed() && int(rating) <= int(level) || rating == needs.R1
				r, refused := suitAssess(t, check, c)
				require.Equal(t, !want, refused, "%s offered %s", level, rating)
				v := pack.Assess(c)
				require.Equal(t, want, v.OK(), "china pack: %s", v)
				if want {
					return
				}
				assert.Equal(t, "risk_match", r.Check)
				if level == 0 {
					assert.Equal(t, needs.CodeAssessmentMissing, r.Code)
					assert.Equal(t, "no risk assessment: nothing above R1 (product "+rating.String()+")", r.Reason)
				} else {
					assert.Equal(t, needs.CodeRiskMismatch, r.Code)
					assert.Equal(t, "product "+rating.String()+" above the client's "+level.String(), r.Reason)
				}
				assert.Equal(t, []needs.Refusal{r}, v.Refusals())
			})
		}
	}
}

func TestRiskMatchAssessment(t *testing.T) {
	type tc struct {
		name    string
		why     string
		profile func(p *vipcare.Profile)
		product *needs.Product
		months  int
		code    needs.Code // "" means suitable
	}
	protected := func(p *needs.Product) { p.Protected = true }
	lowest := func(p *vipcare.Profile) { p.Risk, p.LowestRiskGroup = vipcare.C1, true }
	assessed := func(d time.Time) func(p *vipcare.Profile) {
		return func(p *vipcare.Profile) { p.RiskAssessed = d }
	}
	tests := []tc{
		{"lowest group R1 protected", "the only products the lowest group may buy",
			lowest, suitProduct(needs.R1, protected), 12, ""},
		{"lowest group R1 unprotected", "R1 is not enough: the principal must be protected",
			lowest, suitProduct(needs.R1), 12, needs.CodeLowestRiskGroup},
		{"lowest group R2 protected", "protection does not lift the rating limit",
			lowest, suitProduct(needs.R2, protected), 12, needs.CodeLowestRiskGroup},
		{"C1 not lowest R1 unprotected", "other C1 clients may buy any R1 product",
			func(p *vipcare.Profile) { p.Risk = vipcare.C1 }, suitProduct(needs.R1), 12, ""},

		{"expired exactly at validity R3", "12 whole months is expired",
			assessed(suitDay(2024, 6, 30)), suitProduct(needs.R3), 12, needs.CodeAssessmentExpired},
		{"expired exactly at validity R2", "everything above R1 is blocked",
			assessed(suitDay(2024, 6, 30)), suitProduct(needs.R2), 12, needs.CodeAssessmentExpired},
		{"expired R1", "R1 stays open",
			assessed(suitDay(2024, 6, 30)), suitProduct(needs.R1), 12, ""},
		{"one month less R3", "11 months is still valid",
			assessed(suitDay(2024, 7, 30)), suitProduct(needs.R3), 12, ""},
		{"one day short of 12 months R3", "whole calendar months: 1 July 2024 is 11 months",
			assessed(suitDay(2024, 7, 1)), suitProduct(needs.R3), 12, ""},
		{"long expired R5", "a C5 client with an old assessment gets nothing above R1",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, suitDay(2020, 1, 1) },
			suitProduct(needs.R5), 12, needs.CodeAssessmentExpired},
		{"validity 6 at 6 months", "a shorter validity",
			assessed(suitDay(2024, 12, 30)), suitProduct(needs.R3), 6, needs.CodeAssessmentExpired},
		{"validity 6 at 5 months", "a shorter validity, still valid",
			assessed(suitDay(2025, 1, 30)), suitProduct(needs.R3), 6, ""},
		{"validity 0 means 12, at 11 months", "the default validity",
			assessed(suitDay(2024, 7, 30)), suitProduct(needs.R3), 0, ""},
		{"validity 0 means 12, at 12 months", "the default validity",
			assessed(suitDay(2024, 6, 30)), suitProduct(needs.R3), 0, needs.CodeAssessmentExpired},
		{"expired but mismatched anyway R4", "expiry is reported first: the level is stale",
			assessed(suitDay(2023, 1, 1)), suitProduct(needs.R4), 12, needs.CodeAssessmentExpired},

		{"no assessment date R2", "a level without a date is no assessment",
			assessed(time.Time{}), suitProduct(needs.R2), 12, needs.CodeAssessmentMissing},
		{"no assessment date R1", "R1 stays open",
			assessed(time.Time{}), suitProduct(needs.R1), 12, ""},
		{"no level R2", "a date without a level is no assessment",
			func(p *vipcare.Profile) { p.Risk = 0 }, suitProduct(needs.R2), 12, needs.CodeAssessmentMissing},
		{"unrated product", "a product without a rating can never be matched",
			nil, suitProduct(0), 12, needs.CodeRiskMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*vipcare.Profile)
			if tt.profile != nil {
				edits = append(edits, tt.profile)
			}
			c := &needs.Case{Figures: suitFigures(t, suitProfile(edits...)), Product: tt.product}
			r, refused := suitAssess(t, needs.RiskMatch(tt.months), c)
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code, tt.why)
		})
	}

	t.Run("reasons", func(t *testing.T) {
		c := &needs.Case{Figures: suitFigures(t, suitProfile(assessed(suitDay(2024, 6, 30)))), Product: suitProduct(needs.R3)}
		r, _ := needs.RiskMatch(12).Check(c)
		assert.Equal(t, "risk assessment older than 12 months: nothing above R1 (product R3)", r.Reason)
		c.Values = true
		r, _ = needs.RiskMatch(12).Check(c)
		assert.Equal(t, "risk assessment older than 12 months: nothing above R1 (product R3) (assessed 12 months ago)", r.Reason)

		c = &needs.Case{Figures: suitFigures(t, suitProfile(lowest)), Product: suitProduct(needs.R1)}
		r, _ = needs.RiskMatch(12).Check(c)
		assert.Equal(t, "lowest risk group: only R1 principal-protected products (product R1, not protected)", r.Reason)
	})
}

func TestQualifiedInvestor(t *testing.T) {
	type tc struct {
		name     string
		why      string
		nfa      string
		fa       string
		income   string
		years    int
		anyone   bool // a product not reserved for qualified investors
		want     bool
		contains string
	}
	const none = "0"
	tests := []tc{
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
	check := needs.QualifiedInvestor(needs.ChinaQualifiedInvestor())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := suitProfile(func(p *vipcare.Profile) {
				p.Investor = vipcare.InvestorFacts{NetFinancialAssets: suitCNY(tt.nfa), FinancialAssets: suitCNY(tt.fa),
					AverageIncome3Y: suitCNY(tt.income), ExperienceYears: tt.years}
				p.Risk = vipcare.C5
			})
			prod := suitProduct(needs.R4, func(p *needs.Product) { p.QualifiedOnly = !tt.anyone })
			c := &needs.Case{Figures: suitFigures(t, p), Product: prod}
			r, refused := suitAssess(t, check, c)
			require.Equal(t, !tt.want, refused, "%s: %+v", tt.why, r)
			if refused {
				assert.Equal(t, needs.CodeNotQualified, r.Code)
				assert.Equal(t, "qualified_investor", r.Check)
				assert.Contains(t, r.Reason, tt.contains, tt.why)
			}
			// the China pack says the same
			v := needs.ChinaPack().Assess(c)
			assert.Equal(t, tt.want, v.OK(), v.String())
		})
	}

	t.Run("figures in USD", func(t *testing.T) {
		p := suitProfile(func(p *vipcare.Profile) {
			p.Investor = vipcare.InvestorFacts{NetFinancialAssets: suitUSD("9000000"), ExperienceYears: 10}
			p.Holdings[0].Amount = suitUSD("1000")
		})
		f := suitFiguresIn(t, p, vipcare.Valuation{AsOf: suitAsOf, Currency: vipcare.USD})
		c := &needs.Case{Figures: f, Product: suitProduct(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true })}
		r, refused := suitAssess(t, check, c)
		require.True(t, refused, "never compared across currencies")
		assert.Equal(t, needs.CodeCurrency, r.Code)
		assert.Equal(t, "qualified-investor thresholds in CNY, figures in USD", r.Reason)
		c.Product.QualifiedOnly = false
		_, refused = suitAssess(t, check, c)
		assert.False(t, refused, "the currency does not matter to other products")
	})

	t.Run("custom rule", func(t *testing.T) {
		// a bank's own test: 1 year and financial assets of 1,000,000 USD;
		// the other branches left out
		check := needs.QualifiedInvestor(needs.QualifiedInvestorRule{Currency: vipcare.USD, MinExperienceYears: 1,
			FinancialAssets: decimal.NewFromInt(1_000_000)})
		prod := suitProduct(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true })
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
				p := suitProfile(func(p *vipcare.Profile) {
					p.Investor = vipcare.InvestorFacts{FinancialAssets: suitUSD(tt.fa), AverageIncome3Y: suitUSD(tt.income), ExperienceYears: 1}
					p.Holdings[0].Amount = suitUSD("1000")
				})
				f := suitFiguresIn(t, p, vipcare.Valuation{AsOf: suitAsOf, Currency: vipcare.USD})
				r, refused := suitAssess(t, check, &needs.Case{Figures: f, Product: prod})
				require.Equal(t, !tt.want, refused)
				if refused {
					assert.Equal(t, "qualified investors only: financial assets >= 1,000,000 USD required", r.Reason)
				}
			})
		}
	})

	t.Run("malformed rules panic", func(t *testing.T) {
		good := needs.ChinaQualifiedInvestor()
		for name, edit := range map[string]func(q *needs.QualifiedInvestorRule){
			"no currency":          func(q *needs.QualifiedInvestorRule) { q.Currency = "" },
			"malformed currency":   func(q *needs.QualifiedInvestorRule) { q.Currency = "cny" },
			"negative experience":  func(q *needs.QualifiedInvestorRule) { q.MinExperienceYears = -1 },
			"negative threshold":   func(q *needs.QualifiedInvestorRule) { q.FinancialAssets = decimal.NewFromInt(-1) },
			"too many decimals":    func(q *needs.QualifiedInvestorRule) { q.AverageIncome = decimal.RequireFromString("400000.00001") },
			"huge threshold":       func(q *needs.QualifiedInvestorRule) { q.NetFinancialAssets = decimal.New(1, 100) },
			"no branch":            func(q *needs.QualifiedInvestorRule) { *q = needs.QualifiedInvestorRule{Currency: vipcare.CNY} },
			"zero value of a rule": func(q *needs.QualifiedInvestorRule) { *q = needs.QualifiedInvestorRule{} },
		} {
			t.Run(name, func(t *testing.T) {
				q := good
				edit(&q)
				assert.Panics(t, func() { needs.QualifiedInvestor(q) })
			})
		}
		assert.NotPanics(t, func() { needs.QualifiedInvestor(good) })
	})
}

func TestMinimumTicket(t *testing.T) {
	// deposits at the bank 1,000,000 CNY; 5,000,000 more off the bank,
	// which the default investable amount does not count
	client := func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: suitCNY("1000000")},
			{ID: "H-EQ", Class: vipcare.Equities, Amount: suitCNY("2000000")},
			{ID: "H-OFF", Class: vipcare.Deposits, Amount: suitCNY("5000000"), OffBank: true},
		}
	}
	aum := func(f *vipcare.Figures) vipcare.Amount { return f.AUM }
	tests := []struct {
		name       string
		why        string
		ticket     vipcare.Money
		investable func(f *vipcare.Figures) vipcare.Amount
		noRates    bool
		code       needs.Code
		reason     string
	}{
		{"no ticket", "nothing to check", vipcare.Money{}, nil, false, "", ""},
		{"at", "deposits equal to the ticket suffice", suitCNY("1000000"), nil, false, "", ""},
		{"just below", "one ten-thousandth short", suitCNY("1000000.0001"), nil, false, needs.CodeMinimumTicket,
			"minimum ticket 1,000,000.0001 CNY above what the client can invest"},
		{"off-bank deposits do not count", "the default reads deposits at the bank", suitCNY("3000000"), nil, false,
			needs.CodeMinimumTicket, "minimum ticket 3,000,000 CNY above what the client can invest"},
		{"custom investable", "AUM of 3,000,000 covers the ticket", suitCNY("3000000"), aum, false, "", ""},
		{"custom investable just below", "AUM of 3,000,000 does not", suitCNY("3000000.0001"), aum, false,
			needs.CodeMinimumTicket, "minimum ticket 3,000,000.0001 CNY above what the client can invest"},
		{"USD converted, within", "140,000 USD is 997,276 CNY", suitUSD("140000"), nil, false, "", ""},
		{"USD converted, above", "140,400 USD is 1,000,125.36 CNY", suitUSD("140400"), nil, false, needs.CodeMinimumTicket,
			"minimum ticket 140,400 USD (1,000,125.36 CNY) above what the client can invest"},
		{"USD without a rate", "the ticket cannot be converted", suitUSD("1"), nil, true, needs.CodeNoRate,
			"no rate from USD to CNY for the minimum ticket"},
		{"converts out of bounds", "a ticket near the bound of Amount overflows at 7.1234 CNY per USD",
			suitUSD("99999999999999"), nil, false, needs.CodeNoRate, "the minimum ticket cannot be converted into CNY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vipcare.Valuation{AsOf: suitAsOf, Currency: vipcare.CNY, Rates: suitRates(t)}
			if tt.noRates {
				v.Rates = nil
			}
			f := suitFiguresIn(t, suitProfile(client), v)
			prod := suitProduct(needs.R2, func(p *needs.Product) { p.MinTicket = tt.ticket })
			r, refused := suitAssess(t, needs.MinimumTicket(tt.investable), &needs.Case{Figures: f, Product: prod})
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code)
			assert.Equal(t, tt.reason, r.Reason)
			if refused {
				assert.Equal(t, "minimum_ticket", r.Check)
			}
		})
	}

	t.Run("values", func(t *testing.T) {
		f := suitFigures(t, suitProfile(client))
		prod := suitProduct(needs.R2, func(p *needs.Product) { p.MinTicket = suitCNY("1500000") })
		r, _ := needs.MinimumTicket(nil).Check(&needs.Case{Figures: f, Product: prod, Values: true})
		assert.Equal(t, "minimum ticket 1,500,000 CNY above what the client can invest (1,000,000 CNY)", r.Reason)
	})
}

func TestConcentration(t *testing.T) {
	// wealth 1,000,000: deposits 600,000, equities 200,000, real estate
	// 200,000 off the bank. An equity ticket t keeps equities at or below
	// half of wealth while 200,000 + t <= (1,000,000 + t) / 2, t <= 600,000.
	client := func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{
			{ID: "H-DEP", Class: vipcare.Deposits, Amount: suitCNY("600000")},
			{ID: "H-EQ", Class: vipcare.Equities, Amount: suitCNY("200000")},
			{ID: "H-RE", Class: vipcare.RealEstate, Amount: suitCNY("200000"), OffBank: true},
		}
	}
	half := decimal.RequireFromString("0.5")
	tests := []struct {
		name     string
		why      string
		class    vipcare.AssetClass
		ticket   vipcare.Money
		maxShare decimal.Decimal
		code     needs.Code
	}{
		{"exactly at max share", "equities reach 50% exactly", vipcare.Equities, suitCNY("600000"), half, ""},
		{"just above max share", "one ten-thousandth over: a truncated share would miss it",
			vipcare.Equities, suitCNY("600000.0001"), half, needs.CodeConcentration},
		{"no ticket", "nothing to add", vipcare.Equities, vipcare.Money{}, half, ""},
		{"new class", "a class the client does not hold: 600,000 of 1,600,000", vipcare.Funds, suitCNY("600000"), half, ""},
		{"already concentrated", "deposits are 60% already", vipcare.Deposits, suitCNY("1"), half, needs.CodeConcentration},
		{"max share 1", "a whole never exceeds itself", vipcare.Deposits, suitCNY("99999999"), decimal.NewFromInt(1), ""},
		{"fine max share at", "300,000 of 1,100,000 is 3/11; 3/11 rounded up to 18 places passes",
			vipcare.Equities, suitCNY("100000"), decimal.RequireFromString("0.272727272727272728"), ""},
		{"fine max share below", "3/11 truncated to 18 places is below the true share and refuses",
			vipcare.Equities, suitCNY("100000"), decimal.RequireFromString("0.272727272727272727"), needs.CodeConcentration},
		{"USD ticket", "84,229 USD is 599,996.8586 CNY, within 600,000", vipcare.Equities, suitUSD("84229"), half, ""},
		{"USD ticket above", "84,230 USD is 600,003.982 CNY, beyond 600,000", vipcare.Equities, suitUSD("84230"), half, needs.CodeConcentration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := suitFigures(t, suitProfile(client))
			prod := suitProduct(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = tt.class, tt.ticket })
			r, refused := suitAssess(t, needs.Concentration(tt.maxShare), &needs.Case{Figures: f, Product: prod})
			require.Equal(t, tt.code != "", refused, "%s: %+v", tt.why, r)
			assert.Equal(t, tt.code, r.Code)
		})
	}

	t.Run("reason", func(t *testing.T) {
		f := suitFigures(t, suitProfile(client))
		prod := suitProduct(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Equities, suitCNY("1000000") })
		c := &needs.Case{Figures: f, Product: prod}
		r, _ := needs.Concentration(half).Check(c)
		assert.Equal(t, "buying the minimum ticket 1,000,000 CNY would raise equities above 50% of wealth", r.Reason)
		c.Values = true
		r, _ = needs.Concentration(half).Check(c)
		assert.Equal(t, "buying the minimum ticket 1,000,000 CNY would raise equities above 50% of wealth (to 60.0%)", r.Reason)
	})

	t.Run("no rate", func(t *testing.T) {
		f := suitFiguresIn(t, suitProfile(client), vipcare.Valuation{AsOf: suitAsOf, Currency: vipcare.CNY})
		prod := suitProduct(needs.R2, func(p *needs.Product) { p.MinTicket = suitUSD("1") })
		r, refused := suitAssess(t, needs.Concentration(half), &needs.Case{Figures: f, Product: prod})
		require.True(t, refused)
		assert.Equal(t, needs.CodeNoRate, r.Code)
	})

	t.Run("max share out of range panics", func(t *testing.T) {
		for _, s := range []string{"0", "-0.1", "1.0001", "2", "0.0000000000000000001"} {
			assert.Panics(t, func() { needs.Concentration(decimal.RequireFromString(s)) }, s)
		}
		assert.NotPanics(t, func() { needs.Concentration(decimal.RequireFromString("1.000")) })
	})
}

// suitMiFID builds a MiFID II style pack from the same parts as the China
// pack: risk matching, then knowledge and experience, ability to bear loss
// and objectives as policy rules over the needs schema.
func suitMiFID(t testing.TB) *needs.Pack {
	schema := needs.MustSchema()
	f := policy.Field
	knowledge := policy.MustCompile(schema, f("qi.experience_years").GE(3))
	loss := policy.MustCompile(schema, policy.All(f("net_wealth").GE("500000"), f("leverage").LE("0.5")))
	objectives := policy.MustCompile(schema, f("risk_level").In("C4", "C5"))
	pack, err := needs.NewPack("mifid2",
		needs.RiskMatch(24),
		needs.Require("knowledge_experience", "insufficient_knowledge", needs.R3, knowledge),
		needs.Require("ability_to_bear_loss", "cannot_bear_loss", needs.R4, loss),
		needs.Require("objectives", "objectives_mismatch", needs.R4, objectives),
	)
	require.NoError(t, err)
	return pack
}

func TestRequireMiFIDPack(t *testing.T) {
	pack := suitMiFID(t)
	require.Equal(t, "mifid2", pack.Name())
	tests := []struct {
		name    string
		why     string
		profile func(p *vipcare.Profile)
		rating  needs.RiskRating
		codes   []needs.Code
	}{
		{"R2 needs nothing more", "below every Require threshold",
			func(p *vipcare.Profile) { p.Investor.ExperienceYears = 0 }, needs.R2, nil},
		{"R3 with experience", "knowledge met", nil, needs.R3, nil},
		{"R3 without experience", "knowledge required from R3",
			func(p *vipcare.Profile) { p.Investor.ExperienceYears = 2 }, needs.R3, []needs.Code{"insufficient_knowledge"}},
		{"R4 growth client", "all three met",
			func(p *vipcare.Profile) { p.Risk = vipcare.C4 }, needs.R4, nil},
		{"R4 growth client, leveraged", "debts of 1,000,000: net wealth below 500,000 and leverage above 0.5",
			func(p *vipcare.Profile) {
				p.Risk = vipcare.C4
				p.Liabilities = []vipcare.Liability{{ID: "L1", Amount: suitCNY("1000000")}}
			}, needs.R4, []needs.Code{"cannot_bear_loss"}},
		{"R4 for a C3 client", "risk mismatch and objectives both reported",
			nil, needs.R4, []needs.Code{needs.CodeRiskMismatch, "objectives_mismatch"}},
		{"R5 for an inexperienced C5 client assessed 20 months ago", "validity is 24 months in this pack, so only knowledge fails",
			func(p *vipcare.Profile) {
				p.Risk, p.RiskAssessed, p.Investor.ExperienceYears = vipcare.C5, suitDay(2023, 10, 1), 1
			}, needs.R5, []needs.Code{"insufficient_knowledge"}},
		{"R5 with an expired assessment", "24 months old",
			func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = vipcare.C5, suitDay(2023, 6, 30) }, needs.R5,
			[]needs.Code{needs.CodeAssessmentExpired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edits []func(*vipcare.Profile)
			if tt.profile != nil {
				edits = append(edits, tt.profile)
			}
			c := &needs.Case{Figures: suitFigures(t, suitProfile(edits...)), Product: suitProduct(tt.rating)}
			v := pack.Assess(c)
			var codes []needs.Code
			for _, r := range v.Refusals() {
				codes = append(codes, r.Code)
			}
			assert.Equal(t, tt.codes, codes, "%s: %s", tt.why, v)
		})
	}

	t.Run("reason cites the rule", func(t *testing.T) {
		p := suitProfile(func(p *vipcare.Profile) { p.Investor.ExperienceYears = 1 })
		c := &needs.Case{Figures: suitFigures(t, p), Product: suitProduct(needs.R3)}
		v := pack.Assess(c)
		require.Equal(t, []needs.Refusal{{Check: "knowledge_experience", Code: "insufficient_knowledge",
			Reason: "products from R3 require qi.experience_years >= 3"}}, v.Refusals())
		c.Values = true
		v = pack.Assess(c)
		assert.Equal(t, "products from R3 require qi.experience_years >= 3 (client: qi.experience_years 1)", v.Refusals()[0].Reason)
	})

	t.Run("malformed Require panics", func(t *testing.T) {
		rule := policy.MustCompile(needs.MustSchema(), policy.Field("qi.experience_years").GE(3))
		assert.Panics(t, func() { needs.Require("", "c", needs.R3, rule) }, "no name")
		assert.Panics(t, func() { needs.Require("k", "", needs.R3, rule) }, "no code")
		assert.Panics(t, func() { needs.Require("k", "c", 0, rule) }, "no rating")
		assert.Panics(t, func() { needs.Require("k", "c", 6, rule) }, "rating out of range")
		assert.Panics(t, func() { needs.Require("k", "c", needs.R3, nil) }, "no rule")
	})
}

// suitErrors returns the errors joined in err.
func suitErrors(t *testing.T, err error) []*needs.Error {
	t.Helper()
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "errors.Join of every problem: %v", err)
	var out []*needs.Error
	for _, e := range joined.Unwrap() {
		var ne *needs.Error
		require.True(t, errors.As(e, &ne), "typed error: %v", e)
		out = append(out, ne)
	}
	return out
}

func TestNewPackErrors(t *testing.T) {
	ok := needs.RiskMatch(12)
	nine := make([]needs.Check, needs.MaxChecks+1)
	for i := range nine {
		nine[i] = ok
	}
	type problem struct {
		path string
		err  error
	}
	tests := []struct {
		name   string
		pack   string
		checks []needs.Check
		want   []problem
	}{
		{"no checks", "p", nil, []problem{{"checks", needs.ErrEmpty}}},
		{"everything at once", "", []needs.Check{ok, nil, needs.CheckFunc(nil)},
			[]problem{{"name", needs.ErrName}, {"checks[1]", needs.ErrEmpty}, {"checks[2]", needs.ErrEmpty}}},
		{"too many, no name", "", nine, []problem{{"name", needs.ErrName}, {"checks", needs.ErrTooMany}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := needs.NewPack(tt.pack, tt.checks...)
			require.Nil(t, p)
			var got []problem
			for _, e := range suitErrors(t, err) {
				got = append(got, problem{e.Path, e.Err})
				assert.True(t, strings.HasPrefix(e.Error(), "needs: "), e.Error())
			}
			assert.Equal(t, tt.want, got)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w.err)
			}
			assert.Panics(t, func() { needs.MustPack(tt.pack, tt.checks...) })
		})
	}
	p, err := needs.NewPack("max", nine[:needs.MaxChecks]...)
	require.NoError(t, err)
	assert.Equal(t, "max", p.Name())
}

func TestPackReportsAllRefusals(t *testing.T) {
	// an unassessed client with no qualified-investor standing and deposits
	// of 1,234,567.89 is offered an R5 private fund with a ticket of
	// 3,000,000 CNY that would make equities most of its wealth
	p := suitProfile(func(p *vipcare.Profile) { p.Risk, p.RiskAssessed = 0, time.Time{} })
	prod := suitProduct(needs.R5, func(p *needs.Product) {
		p.Code, p.Class, p.QualifiedOnly, p.MinTicket = "PE-FUND", vipcare.Equities, true, suitCNY("3000000")
	})
	c := &needs.Case{Figures: suitFigures(t, p), Product: prod}
	v := needs.ChinaPack().Assess(c)
	require.False(t, v.OK())
	assert.Equal(t, []needs.Refusal{
		{"risk_match", needs.CodeAssessmentMissing, "no risk assessment: nothing above R1 (product R5)"},
		{"qualified_investor", needs.CodeNotQualified, "qualified investors only: one of net financial assets >= 3,000,000 CNY, " +
			"financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required"},
		{"minimum_ticket", needs.CodeMinimumTicket, "minimum ticket 3,000,000 CNY above what the client can invest"},
		{"concentration", needs.CodeConcentration, "buying the minimum ticket 3,000,000 CNY would raise equities above 50% of wealth"},
	}, v.Refusals())
	for _, code := range []needs.Code{needs.CodeAssessmentMissing, needs.CodeNotQualified, needs.CodeMinimumTicket, needs.CodeConcentration} {
		assert.True(t, v.Has(code), code)
	}
	assert.False(t, v.Has(needs.CodeRiskMismatch))
	assert.Equal(t, "not suitable: assessment_missing (no risk assessment: nothing above R1 (product R5)); "+
		"not_qualified_investor (qualified investors only: one of net financial assets >= 3,000,000 CNY, "+
		"financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required); "+
		"below_minimum_ticket (minimum ticket 3,000,000 CNY above what the client can invest); "+
		"concentration (buying the minimum ticket 3,000,000 CNY would raise equities above 50% of wealth)", v.String())
}

func TestVerdict(t *testing.T) {
	var zero needs.Verdict
	assert.True(t, zero.OK(), "the zero verdict is suitable")
	assert.Nil(t, zero.Refusals())
	assert.Equal(t, "suitable", zero.String())
	assert.JSONEq(t, `{"suitable":true}`, suitJSON(t, zero))

	unnamed := needs.CheckFunc(func(c *needs.Case) (needs.Refusal, bool) {
		return needs.Refusal{Code: "house_rule", Reason: "not on Sundays"}, true
	})
	pack := needs.MustPack("house", needs.RiskMatch(12), unnamed)
	v := pack.Assess(&needs.Case{Figures: suitFigures(t, suitProfile()), Product: suitProduct(needs.R4)})
	refusals := v.Refusals()
	require.Len(t, refusals, 2)
	assert.Equal(t, "checks[1]", refusals[1].Check, "a refusal without a check name gets the check's position")
	refusals[0].Code = "changed"
	assert.True(t, v.Has(needs.CodeRiskMismatch), "Refusals returns a copy")

	b := suitJSON(t, v)
	assert.JSONEq(t, `{"suitable":false,"refusals":[
		{"check":"risk_match","code":"risk_mismatch","reason":"product R4 above the client's C3"},
		{"check":"checks[1]","code":"house_rule","reason":"not on Sundays"}]}`, b)
	var back needs.Verdict
	require.NoError(t, json.Unmarshal([]byte(b), &back))
	assert.Equal(t, v, back)
	var wrapped struct{ V needs.Verdict }
	require.NoError(t, json.Unmarshal([]byte(`{"V":null}`), &wrapped))
	assert.True(t, wrapped.V.OK(), "null leaves the zero verdict")
	assert.Error(t, json.Unmarshal([]byte(`{"suitable":"yes"}`), &back))
	require.NoError(t, json.Unmarshal([]byte(`{"suitable":true}`), &back))
	assert.True(t, back.OK())

	assert.ErrorIs(t, json.Unmarshal([]byte(`{"suitable":true,"refusals":[{"code":"x"}]}`), &back), needs.ErrEmpty)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"suitable":false}`), &back), needs.ErrEmpty)
	many := `{"suitable":false,"refusals":[` + strings.Repeat(`{"code":"x"},`, needs.MaxChecks) + `{"code":"x"}]}`
	assert.ErrorIs(t, json.Unmarshal([]byte(many), &back), needs.ErrTooMany)

	assert.Panics(t, func() { pack.Assess(&needs.Case{Product: suitProduct(needs.R1)}) }, "no figures")
	assert.Panics(t, func() { pack.Assess(&needs.Case{Figures: suitFigures(t, suitProfile())}) }, "no product")
}

// suitShelf is products that each fail a different check for suitProfile
// (R5 is above C3, QualifiedOnly fails the test, the tickets are above the
// deposits or make a class most of wealth), plus one that passes.
func suitShelf() []*needs.Product {
	return []*needs.Product{
		suitProduct(needs.R5),
		suitProduct(needs.R3, func(p *needs.Product) { p.QualifiedOnly = true }),
		suitProduct(needs.R3, func(p *needs.Product) { p.MinTicket = suitCNY("2000000") }),
		suitProduct(needs.R3, func(p *needs.Product) { p.MinTicket = suitUSD("200000") }),
		suitProduct(needs.R2, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Deposits, suitCNY("1000") }),
		suitProduct(needs.R4, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Equities, suitCNY("1000000") }),
		suitProduct(needs.R3, func(p *needs.Product) { p.Class, p.MinTicket = vipcare.Funds, suitCNY("1000000") }),
	}
}

func TestSuitabilityConfidential(t *testing.T) {
	// the client has an old assessment, is leveraged and inexperienced, so
	// that every check of both packs has something to refuse
	p := suitProfile(func(p *vipcare.Profile) {
		p.Investor.ExperienceYears = 1
		p.Liabilities = []vipcare.Liability{{ID: "L-" + suitPlantedID, Amount: suitCNY("1000000")}}
	})
	old := suitProfile(func(p *vipcare.Profile) { p.RiskAssessed = suitDay(2022, 1, 1) })
	lowest := suitProfile(func(p *vipcare.Profile) { p.Risk, p.LowestRiskGroup = vipcare.C1, true })
	packs := []*needs.Pack{needs.ChinaPack(), suitMiFID(t)}
	leaked := func(s string) bool {
		plain := strings.ReplaceAll(s, ",", "")
		for _, x := range suitPlanted {
			if strings.Contains(plain, x) {
				return true
			}
		}
		return false
	}
	var withValues int
	for _, profile := range []*vipcare.Profile{p, old, lowest} {
		f := suitFigures(t, profile)
		for _, pack := range packs {
			for _, prod := range suitShelf() {
				c := &needs.Case{Figures: f, Product: prod}
				v := pack.Assess(c)
				for _, r := range v.Refusals() {
					assert.False(t, leaked(r.Reason), "%s: reason leaks a client value: %q", pack.Name(), r.Reason)
				}
				assert.False(t, leaked(v.String()))
				assert.False(t, leaked(suitJSON(t, v)))
				c.Values = true
				if leaked(pack.Assess(c).String()) {
					withValues++
				}
			}
		}
	}
	assert.Positive(t, withValues, "with Values the reasons show the client's amounts, so the test can see a leak")
}

func TestAssessPure(t *testing.T) {
	for _, pack := range []*needs.Pack{needs.ChinaPack(), suitMiFID(t)} {
		for i, prod := range suitShelf() {
			t.Run(fmt.Sprintf("%s/%d", pack.Name(), i), func(t *testing.T) {
				profile := suitProfile()
				f := suitFigures(t, profile)
				before, productBefore := *f, *prod
				c := &needs.Case{Figures: f, Product: prod}
				v1 := pack.Assess(c)
				v2 := pack.Assess(c)
				assert.Equal(t, v1, v2, "same verdict twice")
				assert.Equal(t, before, *f, "figures unchanged")
				assert.Equal(t, suitJSON(t, suitProfile()), suitJSON(t, profile), "profile unchanged")
				assert.Equal(t, productBefore, *prod, "product unchanged")
			})
		}
	}
}

func TestAssessAllocs(t *testing.T) {
	p := suitProfile(func(p *vipcare.Profile) {
		p.Risk, p.Investor.NetFinancialAssets = vipcare.C5, suitCNY("3000000")
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H-EQ", Class: vipcare.Equities, Amount: suitCNY("9000000")})
	})
	f := suitFigures(t, p)
	products := map[string]*needs.Product{
		"no ticket": suitProduct(needs.R3),
		"CNY ticket, qualified-only": suitProduct(needs.R5, func(p *needs.Product) {
			p.QualifiedOnly, p.MinTicket = true, suitCNY("1000000")
		}),
		"USD ticket": suitProduct(needs.R4, func(p *needs.Product) { p.MinTicket = suitUSD("100000") }),
	}
	for name, prod := range products {
		for _, pack := range []*needs.Pack{needs.ChinaPack(), suitMiFID(t)} {
			c := &needs.Case{Figures: f, Product: prod}
			require.True(t, pack.Assess(c).OK(), "%s %s: %s", pack.Name(), name, pack.Assess(c))
			var v needs.Verdict
			allocs := testing.AllocsPerRun(200, func() { v = pack.Assess(c) })
			assert.Zero(t, allocs, "%s %s", pack.Name(), name)
			assert.True(t, v.OK())
		}
	}
}

func TestPackConcurrent(t *testing.T) {
	pack := needs.ChinaPack()
	profiles := []*vipcare.Profile{
		suitProfile(),
		suitProfile(func(p *vipcare.Profile) { p.Risk = vipcare.C5; p.Investor.FinancialAssets = suitCNY("6000000") }),
		suitProfile(func(p *vipcare.Profile) { p.Risk = 0 }),
	}
	figures := make([]*vipcare.Figures, len(profiles))
	for i, p := range profiles {
		figures[i] = suitFigures(t, p)
	}
	shelf := suitShelf()
	want := make([][]needs.Verdict, len(figures))
	for i, f := range figures {
		for _, prod := range shelf {
			want[i] = append(want[i], pack.Assess(&needs.Case{Figures: f, Product: prod}))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c needs.Case
			for round := 0; round < 20; round++ {
				for i, f := range figures {
					for j, prod := range shelf {
						c = needs.Case{Figures: f, Product: prod, Values: (g+round)%2 == 0}
						v := pack.Assess(&c)
						if !c.Values && v != want[i][j] {
							errs <- fmt.Sprintf("goroutine %d: client %d product %d: %s, want %s", g, i, j, v, want[i][j])
							return
						}
						if v.OK() != want[i][j].OK() {
							errs <- fmt.Sprintf("goroutine %d: client %d product %d: OK differs", g, i, j)
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

func BenchmarkAssess(b *testing.B) {
	p := suitProfile(func(p *vipcare.Profile) {
		p.Risk, p.Investor.NetFinancialAssets = vipcare.C4, suitCNY("3000000")
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H-EQ", Class: vipcare.Equities, Amount: suitCNY("9000000")})
	})
	f := suitFigures(b, p)
	pack := needs.ChinaPack()
	for _, bc := range []struct {
		name string
		prod *needs.Product
	}{
		{"suitable", suitProduct(needs.R4, func(p *needs.Product) { p.QualifiedOnly, p.MinTicket = true, suitCNY("1000000") })},
		{"refused", suitProduct(needs.R5, func(p *needs.Product) { p.QualifiedOnly, p.MinTicket = true, suitCNY("5000000") })},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := &needs.Case{Figures: f, Product: bc.prod}
			b.ReportAllocs()
			var v needs.Verdict
			for i := 0; i < b.N; i++ {
				v = pack.Assess(c)
			}
			if v.OK() != (bc.name == "suitable") {
				b.Fatal(v)
			}
		})
	}
}

func TestConcentrationExemptsProtectedProducts(t *testing.T) {
	f := suitFigures(t, suitProfile(func(p *vipcare.Profile) {
		p.Holdings = []vipcare.Holding{{ID: "H-DEP", Class: vipcare.Deposits, Amount: suitCNY("900000")},
			{ID: "H-RE", Class: vipcare.RealEstate, Amount: suitCNY("100000"), OffBank: true}}
	}))
	check := needs.Concentration(decimal.RequireFromString("0.5"))
	deposit := suitProduct(needs.R1, func(p *needs.Product) {
		p.Class, p.MinTicket, p.Protected = vipcare.Deposits, suitCNY("50000"), true
	})
	_, refused := suitAssess(t, check, &needs.Case{Figures: f, Product: deposit})
	assert.False(t, refused, "more of a deposit concentrates no risk")
	deposit.Protected = false
	r, refused := suitAssess(t, check, &needs.Case{Figures: f, Product: deposit})
	assert.True(t, refused)
	assert.Equal(t, needs.CodeConcentration, r.Code)
}
