package needs_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// shelfProducts is a small valid shelf.
func shelfProducts() []needs.Product {
	return []needs.Product{
		{Code: "DEP-1Y", Name: "One-year time deposit", Category: "deposit", Class: vipcare.Deposits,
			Risk: needs.R1, MinTicket: testkit.CNY("50"), Protected: true, Needs: []needs.Need{needs.Preservation}, Quota: 1},
		{Code: "GF-USD", Name: "Global equity fund (USD)", Category: "global_fund", Class: vipcare.Funds,
			Risk: needs.R4, MinTicket: testkit.USD("1000"), Global: true, Needs: []needs.Need{needs.Diversification}, Quota: 6},
		{Code: "FT-01", Name: "Family trust", Category: "family_trust", Class: vipcare.OtherAssets,
			Risk: needs.R3, MinTicket: testkit.CNY("10000000"), QualifiedOnly: true,
			Needs: []needs.Need{needs.Integrated, needs.RiskManagement}},
		{Code: "TAX", Name: "Tax advice", Category: "tax_advice", Class: vipcare.OtherAssets, Risk: needs.R1},
	}
}

// shelfPlays is one play per category of shelfProducts.
func shelfPlays() []needs.Play {
	return []needs.Play{
		{ID: "save", Needs: []needs.Need{needs.Preservation}, Categories: []string{"deposit"}},
		{ID: "global", Needs: []needs.Need{needs.Diversification}, Categories: []string{"global_fund"}},
		{ID: "trust", Needs: []needs.Need{needs.Integrated}, Categories: []string{"family_trust"}},
		{ID: "tax", Needs: []needs.Need{needs.Advice}, Categories: []string{"tax_advice"}},
	}
}

// shelfSpec offers shelfProducts through shelfPlays, checked by the China
// pack, product-driven so that every play is ranked whatever the client
// needs.
func shelfSpec(ps []needs.Product) needs.Spec {
	return needs.Spec{Products: ps, Plays: shelfPlays(), Pack: needs.ChinaPack(), ProductDriven: true, MaxPlays: 10}
}

// TestCompileProductProblems checks that Spec.Compile reports each problem
// of the products at "/products/i/...", named by the product's code.
func TestCompileProductProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(ps []needs.Product)
		want []testkit.Want
	}{
		{"missing code", func(ps []needs.Product) { ps[1].Code = "" },
			[]testkit.Want{problem("/products/1/code", "", policy.ErrMissing)}},
		{"repeated code", func(ps []needs.Product) { ps[2].Code = "DEP-1Y" },
			[]testkit.Want{problem("/products/2/code", "DEP-1Y", policy.ErrDuplicate)}},
		{"missing category", func(ps []needs.Product) { ps[0].Category = "" },
			[]testkit.Want{
				problem("/products/0/category", "DEP-1Y", policy.ErrMissing),
				// the only deposit has no category now
				problem("/plays/0/categories/0", "deposit", policy.ErrUnknown),
			}},
		{"missing asset class", func(ps []needs.Product) { ps[0].Class = "" },
			[]testkit.Want{problem("/products/0/class", "DEP-1Y", policy.ErrMissing)}},
		{"malformed asset class", func(ps []needs.Product) { ps[0].Class = "Fixed Income" },
			[]testkit.Want{problem("/products/0/class", "DEP-1Y", policy.ErrMalformed)}},
		{"misspelt asset class", func(ps []needs.Product) { ps[0].Class = "depsits" }, // would pass every concentration check
			[]testkit.Want{problem("/products/0/class", "DEP-1Y", policy.ErrUnknown)}},
		{"unrated", func(ps []needs.Product) { ps[3].Risk = "" },
			[]testkit.Want{problem("/products/3/risk", "TAX", policy.ErrUnknown)}},
		{"risk R6", func(ps []needs.Product) { ps[3].Risk = "R6" },
			[]testkit.Want{problem("/products/3/risk", "TAX", policy.ErrUnknown)}},
		{"risk in lower case", func(ps []needs.Product) { ps[3].Risk = "r1" },
			[]testkit.Want{problem("/products/3/risk", "TAX", policy.ErrUnknown)}},
		{"negative minimum ticket", func(ps []needs.Product) { ps[0].MinTicket = testkit.CNY("-1") },
			[]testkit.Want{problem("/products/0/min_ticket/amount", "DEP-1Y", policy.ErrOutOfRange)}},
		{"minimum ticket with too many decimals", func(ps []needs.Product) {
			ps[0].MinTicket = vipcare.Money{Amount: testkit.Dec("0.00001"), Currency: vipcare.CNY}
		}, []testkit.Want{problem("/products/0/min_ticket/amount", "DEP-1Y", policy.ErrOutOfRange)}},
		{"minimum ticket too large", func(ps []needs.Product) {
			ps[0].MinTicket = vipcare.Money{Amount: testkit.Dec("1e20"), Currency: vipcare.CNY}
		}, []testkit.Want{problem("/products/0/min_ticket/amount", "DEP-1Y", policy.ErrOutOfRange)}},
		{"minimum ticket without a currency", func(ps []needs.Product) {
			ps[0].MinTicket = vipcare.Money{Amount: testkit.Dec("50")}
		}, []testkit.Want{problem("/products/0/min_ticket/currency", "DEP-1Y", policy.ErrMalformed)}},
		{"minimum ticket in a malformed currency", func(ps []needs.Product) {
			ps[0].MinTicket = vipcare.Money{Amount: testkit.Dec("50"), Currency: "rmb"}
		}, []testkit.Want{problem("/products/0/min_ticket/currency", "DEP-1Y", policy.ErrMalformed)}},
		{"a zero minimum ticket in a malformed currency", func(ps []needs.Product) {
			ps[3].MinTicket = vipcare.Money{Currency: "rmb"}
		}, []testkit.Want{problem("/products/3/min_ticket/currency", "TAX", policy.ErrMalformed)}},
		{"negative quota", func(ps []needs.Product) { ps[1].Quota = -1 },
			[]testkit.Want{problem("/products/1/quota", "GF-USD", policy.ErrOutOfRange)}},
		{"malformed need", func(ps []needs.Product) { ps[2].Needs = append(ps[2].Needs, "Tax Planning") },
			[]testkit.Want{problem("/products/2/needs/2", "FT-01", policy.ErrMalformed)}},
		{"empty need", func(ps []needs.Product) { ps[0].Needs = []needs.Need{""} },
			[]testkit.Want{problem("/products/0/needs/0", "DEP-1Y", policy.ErrMalformed)}},
		{"misspelt need", func(ps []needs.Product) { ps[2].Needs[0] = "integratd" },
			[]testkit.Want{problem("/products/2/needs/0", "FT-01", policy.ErrUnknown)}},
		{"a need of no scorecard nor the catalogue", func(ps []needs.Product) { ps[1].Needs = append(ps[1].Needs, "esg") },
			[]testkit.Want{problem("/products/1/needs/1", "GF-USD", policy.ErrUnknown)}},
		{"repeated need", func(ps []needs.Product) { ps[2].Needs = append(ps[2].Needs, needs.Integrated) },
			[]testkit.Want{problem("/products/2/needs/2", "FT-01", policy.ErrDuplicate)}},
		{"every problem at once", func(ps []needs.Product) {
			ps[0].Category, ps[0].Risk = "", "R9"
			ps[1].Code, ps[1].Quota = "DEP-1Y", -3
			ps[2].Class, ps[2].Needs = "", []needs.Need{"advice", "NOT OK"}
			ps[3].MinTicket = testkit.CNY("-5")
		}, []testkit.Want{
			problem("/products/0/category", "DEP-1Y", policy.ErrMissing),
			problem("/products/0/risk", "DEP-1Y", policy.ErrUnknown),
			problem("/products/1/code", "DEP-1Y", policy.ErrDuplicate),
			problem("/products/1/quota", "DEP-1Y", policy.ErrOutOfRange),
			problem("/products/2/class", "FT-01", policy.ErrMissing),
			problem("/products/2/needs/1", "FT-01", policy.ErrMalformed),
			problem("/products/3/min_ticket/amount", "TAX", policy.ErrOutOfRange),
			// the deposit's category is gone from the shelf
			problem("/plays/0/categories/0", "deposit", policy.ErrUnknown),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := shelfProducts()
			tt.edit(ps)
			a, err := shelfSpec(ps).Compile(nil)
			assert.Nil(t, a)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}

	t.Run("a risk rating lists the ratings", func(t *testing.T) {
		ps := shelfProducts()
		ps[3].Risk = "R6"
		_, err := shelfSpec(ps).Compile(nil)
		p := testkit.Problems(t, err)
		require.Len(t, p, 1)
		assert.Equal(t, []string{"R1", "R2", "R3", "R4", "R5"}, p[0].Choices)
	})

	t.Run("an asset class lists the environment's, the bank's own included", func(t *testing.T) {
		ps := shelfProducts()
		ps[0].Class = "art"
		_, err := shelfSpec(ps).Compile(nil)
		p := testkit.Problems(t, err)
		require.Len(t, p, 1)
		assert.Equal(t, []string{"deposits", "fixed_income", "wealth_products", "funds", "equities", "insurance",
			"real_estate", "business_equity", "other"}, p[0].Choices)
		env := policy.Must(vipcare.NewEnv([]vipcare.AssetClass{"art"}))
		_, err = shelfSpec(ps).Compile(env)
		require.NoError(t, err)

		// A field of the bank's named like a class's is no class.
		bonus := policy.Must(vipcare.NewEnv(nil, policy.Decimal("amount.bonus", 4, func(*vipcare.Figures) int64 { return 0 })))
		ps[0].Class = "bonus"
		_, err = shelfSpec(ps).Compile(bonus)
		testkit.CheckProblems(t, err, problem("/products/0/class", "DEP-1Y", policy.ErrUnknown))
	})

	t.Run("a zero minimum ticket needs no currency", func(t *testing.T) {
		ps := shelfProducts()
		ps[0].MinTicket = vipcare.Money{}
		_, err := shelfSpec(ps).Compile(nil)
		require.NoError(t, err)
	})

	t.Run("no products: a spec that detects only", func(t *testing.T) {
		_, err := needs.Spec{Pack: needs.ChinaPack()}.Compile(nil)
		require.NoError(t, err)
		// with plays, every category is unknown, and no category is a choice
		_, err = needs.Spec{Pack: needs.ChinaPack(), Plays: shelfPlays()[:2]}.Compile(nil)
		testkit.CheckProblems(t, err,
			problem("/plays/0/categories/0", "deposit", policy.ErrUnknown),
			problem("/plays/1/categories/0", "global_fund", policy.ErrUnknown))
		assert.Empty(t, testkit.Problems(t, err)[0].Choices)
	})
}

// TestSpecCopiesProducts checks that a compiled advisor keeps its own copy
// of the products: changing the caller's slice, its products or their
// needs after Compile changes no recommendation.
func TestSpecCopiesProducts(t *testing.T) {
	ps := shelfProducts()
	a := policy.Must(shelfSpec(ps).Compile(nil))
	// a C3 client with 2,000,000 in deposits and some funds: the global
	// fund (R4) is refused, the family trust is for qualified investors
	p := client(at("D", vipcare.Deposits, "2000000"), at("F", vipcare.Funds, "500000"))
	p.Risk, p.RiskAssessed = vipcare.C3, testkit.Day(2025, 3, 1)
	f := figures(t, &p)
	recommend := func() needs.Recommendations {
		return a.Recommend(f, a.Detect(f), nil, policy.ExplainOptions{})
	}
	want := recommend()
	require.Equal(t, []string{"save", "tax"}, playIDs(want))
	assert.Equal(t, map[string]vipcare.Code{"global": needs.CodeNoSuitableProduct, "trust": needs.CodeNoSuitableProduct},
		skipped(want))

	ps[0].Code = "CHANGED"
	ps[0].Quota = 100
	ps[1].Risk = needs.R1
	ps[2].QualifiedOnly = false
	ps[2].MinTicket = vipcare.Money{}
	ps[3].Category = "deposit"
	ps[2].Needs[0] = "changed"
	ps[2].Needs = append(ps[2].Needs, needs.Advice)
	assert.Equal(t, want, recommend())
	assert.Equal(t, shelfProducts()[0].Code, want.Plays[0].Offers[0].Product)
}

// TestRiskRatings checks the ratings a spec accepts, and that a product
// with no valid rating (which Compile refuses) is never matched by a pack.
func TestRiskRatings(t *testing.T) {
	for _, r := range []needs.RiskRating{needs.R1, needs.R2, needs.R3, needs.R4, needs.R5} {
		ps := shelfProducts()
		ps[3].Risk = r
		_, err := shelfSpec(ps).Compile(nil)
		assert.NoError(t, err, r)
	}
	pack := policy.Must(needs.PackSpec{Name: "risk", RiskValidityMonths: 12}.Compile(nil))
	p := profile(func(p *vipcare.Profile) { p.Risk = vipcare.C5 })
	for _, r := range []needs.RiskRating{"", "R0", "R6", "r1"} {
		got := pack.Assess(nil, &needs.Case{Figures: validFigures(t, p), Product: product(r)})
		require.Len(t, got, 1, "%q", r)
		assert.Equal(t, needs.CodeRiskMismatch, got[0].Code, "%q", r)
	}
	got := pack.Assess(nil, &needs.Case{Figures: validFigures(t, p), Product: product("")})
	assert.Equal(t, "product unrated: no valid risk rating", got[0].Reason)
}

// TestProblemChoicesAreCopies checks that a caller changing the choices of a
// problem changes nothing in the package: each problem has its own copy.
func TestProblemChoicesAreCopies(t *testing.T) {
	bad := needs.Spec{Products: []needs.Product{{Code: "X", Category: "c", Class: vipcare.Deposits, Risk: "R9"}}}
	_, err := bad.Compile(nil)
	ps := testkit.Problems(t, err)
	require.NotEmpty(t, ps[0].Choices)
	ps[0].Choices[0] = "XX"
	good := needs.Spec{Products: []needs.Product{{Code: "X", Category: "c", Class: vipcare.Deposits, Risk: needs.R1}}}
	_, err = good.Compile(nil)
	require.NoError(t, err, "an R1 product still compiles")
	_, err = bad.Compile(nil)
	assert.Equal(t, "R1", testkit.Problems(t, err)[0].Choices[0])
}

// TestQuotasSaturate ranks a play whose products' quotas add up beyond the
// largest int: the sum saturates, and the play stays first rather than
// wrap around to last.
func TestQuotasSaturate(t *testing.T) {
	ps := shelfProducts()
	ps[0].Quota = math.MaxInt
	second := ps[0]
	second.Code, second.Name = "DEP-2Y", "Two-year time deposit"
	ps = append(ps, second)
	a := policy.Must(shelfSpec(ps).Compile(nil))
	p := client(at("D", vipcare.Deposits, "2000000"), at("F", vipcare.Funds, "500000"))
	p.Risk, p.RiskAssessed = vipcare.C3, testkit.Day(2025, 3, 1)
	f := figures(t, &p)
	recs := a.Recommend(f, a.Detect(f), nil, policy.ExplainOptions{})
	assert.Equal(t, []string{"save", "tax"}, playIDs(recs), "the play with the largest quotas first")
	assert.Len(t, recs.Plays[0].Offers, 2)
}
