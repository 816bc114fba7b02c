package sample_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// ratings are the product risk ratings, from the lowest.
var ratings = []needs.RiskRating{needs.R1, needs.R2, needs.R3, needs.R4, needs.R5}

// TestShelfAccepted checks that the shelf compiles as a needs spec's
// products (a spec needs a pack), with no plays and with the reference
// scorecards and plays, whose categories it must all hold, and that
// compiling does not change it.
func TestShelfAccepted(t *testing.T) {
	tests := []struct {
		name string
		spec func(ps []needs.Product) needs.Spec
	}{
		{"with the China pack", func(ps []needs.Product) needs.Spec {
			return needs.Spec{Products: ps, Pack: needs.ChinaPack()}
		}},
		{"with the reference plays", needs.Reference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := sample.Shelf()
			require.Len(t, ps, 50)
			a, err := tt.spec(ps).Compile(policy.Must((*vipcare.Env)(nil).Allow("age"))) // the reference reads age
			require.NoError(t, err)
			require.NotNil(t, a)
			assert.Equal(t, sample.Shelf(), ps, "compiling does not change the products")
		})
	}
}

func TestShelfCovers(t *testing.T) {
	ps := sample.Shelf()

	addressed := map[needs.Need]int{}
	risks := map[needs.RiskRating]int{}
	codes := map[string]bool{}
	categories := map[string]int{}
	for _, p := range ps {
		assert.False(t, codes[p.Code], "code %s repeated", p.Code)
		codes[p.Code] = true
		assert.NotEmpty(t, p.Name, p.Code)
		assert.NotEmpty(t, p.Needs, "%s addresses no need", p.Code)
		for _, n := range p.Needs {
			addressed[n]++
		}
		risks[p.Risk]++
		categories[p.Category]++
	}
	for _, info := range needs.Catalogue() {
		assert.Positive(t, addressed[info.Need], "no product addresses %s", info.Need)
	}
	for _, r := range ratings {
		assert.Positive(t, risks[r], "no product rated %s", r)
	}
	assert.GreaterOrEqual(t, len(categories), 20, "spread over many categories")
	for _, c := range []string{"deposit", "large_deposit", "money_market", "bond_fund", "wealth_product",
		"balanced_fund", "equity_fund", "global_fund", "qdii_fund", "structured_note", "private_fund", "trust",
		"annuity_insurance", "protection_insurance", "family_trust", "tax_advice", "legal_advice",
		"corporate_cash_management"} {
		assert.Positive(t, categories[c], "no product in %s", c)
	}
}

// TestShelfConsistent checks that each product's risk, class, ticket and
// flags fit its category.
func TestShelfConsistent(t *testing.T) {
	type rule struct {
		lo, hi    needs.RiskRating
		classes   []vipcare.AssetClass
		protected bool   // every product of the category is protected
		qualified bool   // every product is for qualified investors only
		minTicket string // at least this much, if set
	}
	cash := []vipcare.AssetClass{vipcare.Deposits}
	rules := map[string]rule{
		"deposit":                   {needs.R1, needs.R1, cash, true, false, ""},
		"large_deposit":             {needs.R1, needs.R1, cash, true, false, "200000"},
		"structured_deposit":        {needs.R1, needs.R2, cash, true, false, ""},
		"savings_bond":              {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.FixedIncome}, true, false, ""},
		"money_market":              {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.Funds, vipcare.WealthProducts}, false, false, ""},
		"bond_fund":                 {needs.R2, needs.R3, []vipcare.AssetClass{vipcare.Funds}, false, false, ""},
		"wealth_product":            {needs.R2, needs.R4, []vipcare.AssetClass{vipcare.WealthProducts}, false, false, ""},
		"balanced_fund":             {needs.R3, needs.R3, []vipcare.AssetClass{vipcare.Funds}, false, false, ""},
		"equity_fund":               {needs.R4, needs.R5, []vipcare.AssetClass{vipcare.Funds}, false, false, ""},
		"global_fund":               {needs.R3, needs.R5, []vipcare.AssetClass{vipcare.Funds}, false, false, ""},
		"qdii_fund":                 {needs.R3, needs.R5, []vipcare.AssetClass{vipcare.Funds}, false, false, ""},
		"structured_note":           {needs.R3, needs.R5, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, "100000"},
		"private_fund":              {needs.R4, needs.R5, []vipcare.AssetClass{vipcare.Funds}, false, true, "1000000"},
		"trust":                     {needs.R3, needs.R4, []vipcare.AssetClass{vipcare.FixedIncome}, false, true, "1000000"},
		"precious_metal":            {needs.R2, needs.R4, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, ""},
		"annuity_insurance":         {needs.R1, needs.R2, []vipcare.AssetClass{vipcare.Insurance}, false, false, ""},
		"protection_insurance":      {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.Insurance}, false, false, ""},
		"insurance_trust":           {needs.R1, needs.R2, []vipcare.AssetClass{vipcare.Insurance}, false, false, "1000000"},
		"family_trust":              {needs.R2, needs.R3, []vipcare.AssetClass{vipcare.OtherAssets}, false, true, "10000000"},
		"tax_advice":                {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, ""},
		"legal_advice":              {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, ""},
		"investment_advice":         {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, ""},
		"corporate_cash_management": {needs.R1, needs.R2, []vipcare.AssetClass{vipcare.Deposits, vipcare.WealthProducts}, false, false, ""},
		"vip_service":               {needs.R1, needs.R1, []vipcare.AssetClass{vipcare.OtherAssets}, false, false, ""},
	}
	// The built-in classes are those the default environment has an
	// "amount.<class>" field for.
	var builtin []vipcare.AssetClass
	for _, fi := range (*vipcare.Env)(nil).Schema().Fields() {
		if c, ok := strings.CutPrefix(fi.Name, "amount."); ok {
			builtin = append(builtin, vipcare.AssetClass(c))
		}
	}
	require.Len(t, builtin, 9)
	rank := func(r needs.RiskRating) int { return slices.Index(ratings, r) }
	for _, p := range sample.Shelf() {
		r, ok := rules[p.Category]
		if !assert.True(t, ok, "%s: unexpected category %q", p.Code, p.Category) {
			continue
		}
		assert.True(t, rank(p.Risk) >= rank(r.lo) && rank(p.Risk) <= rank(r.hi) && rank(p.Risk) >= 0,
			"%s: %s outside %s-%s for %s", p.Code, p.Risk, r.lo, r.hi, p.Category)
		assert.Contains(t, r.classes, p.Class, p.Code)
		assert.Contains(t, builtin, p.Class, p.Code)
		assert.NotEqual(t, vipcare.RealEstate, p.Class, p.Code)
		assert.NotEqual(t, vipcare.BusinessEquity, p.Class, p.Code)
		if r.protected {
			assert.True(t, p.Protected, "%s: a %s is principal-protected", p.Code, p.Category)
		}
		if p.Protected {
			assert.Equal(t, needs.R1, p.Risk, "%s: a protected product is R1", p.Code)
		}
		if r.qualified {
			assert.True(t, p.QualifiedOnly, "%s: a %s is for qualified investors only", p.Code, p.Category)
		}
		if p.QualifiedOnly {
			assert.True(t, p.MinTicket.Amount.GreaterThanOrEqual(decimal.NewFromInt(1_000_000)), p.Code)
		}
		if r.minTicket != "" {
			assert.True(t, p.MinTicket.Amount.GreaterThanOrEqual(decimal.RequireFromString(r.minTicket)),
				"%s: ticket %s below %s", p.Code, p.MinTicket, r.minTicket)
		}
		assert.False(t, p.MinTicket.Amount.IsNegative(), p.Code)

		// Tickets are in CNY except those of the global funds, in USD.
		if p.Category == "global_fund" {
			assert.True(t, p.Global, p.Code)
			assert.Equal(t, vipcare.USD, p.MinTicket.Currency, p.Code)
		} else {
			assert.Equal(t, vipcare.CNY, p.MinTicket.Currency, p.Code)
		}
		assert.Equal(t, p.Category == "global_fund" || p.Category == "qdii_fund", p.Global, "%s: Global", p.Code)

		// The old quota pushed fee-rich products, never savings bonds or advice.
		assert.GreaterOrEqual(t, p.Quota, 0, p.Code)
		switch p.Category {
		case "structured_note", "equity_fund", "annuity_insurance", "protection_insurance":
			assert.GreaterOrEqual(t, p.Quota, 7, "%s: high-fee products carry a high quota", p.Code)
		case "deposit", "large_deposit", "money_market", "savings_bond":
			assert.LessOrEqual(t, p.Quota, 3, "%s: low-fee products carry a low quota", p.Code)
		case "tax_advice", "legal_advice", "investment_advice", "vip_service":
			assert.Zero(t, p.Quota, "%s: advice and service carry no quota", p.Code)
		}
	}
}

func TestShelfDeterministic(t *testing.T) {
	a, b := sample.Shelf(), sample.Shelf()
	require.True(t, reflect.DeepEqual(a, b), "same shelf on every call")

	// Each call is a new slice with new needs: changing one result does not
	// change the next.
	a[0].Code = "CHANGED"
	a[0].Needs[0] = "changed"
	a[len(a)-1].Needs = append(a[len(a)-1].Needs, "changed")
	c := sample.Shelf()
	assert.True(t, reflect.DeepEqual(b, c))
	assert.Equal(t, "DEP-DEMAND", c[0].Code)
	assert.Equal(t, needs.Preservation, c[0].Needs[0])
}

func TestShelfConcurrent(t *testing.T) {
	want := sample.Shelf()
	done := make(chan bool)
	for range 8 {
		go func() {
			got := sample.Shelf()
			got[0].Needs[0] = "mine"
			done <- reflect.DeepEqual(sample.Shelf(), want)
		}()
	}
	for range 8 {
		assert.True(t, <-done)
	}
}
