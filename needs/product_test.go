package needs_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
)

// dtProducts is a small valid shelf.
func dtProducts() []needs.Product {
	return []needs.Product{
		{Code: "DEP-1Y", Name: "One-year time deposit", Category: "deposit", Class: vipcare.Deposits,
			Risk: needs.R1, MinTicket: dtCNY("50"), Protected: true, Needs: []needs.Need{needs.Preservation}, Quota: 1},
		{Code: "GF-USD", Name: "Global equity fund (USD)", Category: "global_fund", Class: vipcare.Funds,
			Risk: needs.R4, MinTicket: dtUSD("1000"), Global: true, Needs: []needs.Need{needs.Diversification}, Quota: 6},
		{Code: "FT-01", Name: "Family trust", Category: "family_trust", Class: vipcare.OtherAssets,
			Risk: needs.R3, MinTicket: dtCNY("10000000"), QualifiedOnly: true,
			Needs: []needs.Need{needs.Integrated, needs.RiskManagement}},
		{Code: "TAX", Name: "Tax advice", Category: "tax_advice", Class: vipcare.OtherAssets, Risk: needs.R1},
	}
}

func TestNewShelfErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(ps []needs.Product) []needs.Product
		path string
		nm   string
		err  error
	}{
		{"no products", func([]needs.Product) []needs.Product { return nil }, "products", "", needs.ErrEmpty},
		{"missing code", func(ps []needs.Product) []needs.Product { ps[1].Code = ""; return ps },
			"products[1].code", "", needs.ErrName},
		{"repeated code", func(ps []needs.Product) []needs.Product { ps[2].Code = "DEP-1Y"; return ps },
			"products[2].code", "DEP-1Y", needs.ErrName},
		{"missing category", func(ps []needs.Product) []needs.Product { ps[0].Category = ""; return ps },
			"products[0].category", "DEP-1Y", needs.ErrName},
		{"missing asset class", func(ps []needs.Product) []needs.Product { ps[0].Class = ""; return ps },
			"products[0].class", "DEP-1Y", needs.ErrName},
		{"malformed asset class", func(ps []needs.Product) []needs.Product { ps[0].Class = "Fixed Income"; return ps },
			"products[0].class", "DEP-1Y", needs.ErrName},
		{"unrated", func(ps []needs.Product) []needs.Product { ps[3].Risk = 0; return ps },
			"products[3].risk", "TAX", needs.ErrRisk},
		{"risk R6", func(ps []needs.Product) []needs.Product { ps[3].Risk = needs.R5 + 1; return ps },
			"products[3].risk", "TAX", needs.ErrRisk},
		{"negative minimum ticket", func(ps []needs.Product) []needs.Product { ps[0].MinTicket = dtCNY("-1"); return ps },
			"products[0].min_ticket", "DEP-1Y", needs.ErrAmount},
		{"minimum ticket with too many decimals", func(ps []needs.Product) []needs.Product {
			ps[0].MinTicket = vipcare.Money{Amount: decimal.RequireFromString("0.00001"), Currency: vipcare.CNY}
			return ps
		}, "products[0].min_ticket", "DEP-1Y", needs.ErrAmount},
		{"minimum ticket too large", func(ps []needs.Product) []needs.Product {
			ps[0].MinTicket = vipcare.Money{Amount: decimal.RequireFromString("1e20"), Currency: vipcare.CNY}
			return ps
		}, "products[0].min_ticket", "DEP-1Y", needs.ErrAmount},
		{"minimum ticket without a currency", func(ps []needs.Product) []needs.Product {
			ps[0].MinTicket = vipcare.Money{Amount: decimal.RequireFromString("50")}
			return ps
		}, "products[0].min_ticket", "DEP-1Y", needs.ErrAmount},
		{"minimum ticket in a malformed currency", func(ps []needs.Product) []needs.Product {
			ps[0].MinTicket = vipcare.Money{Amount: decimal.RequireFromString("50"), Currency: "rmb"}
			return ps
		}, "products[0].min_ticket", "DEP-1Y", needs.ErrAmount},
		{"a zero minimum ticket in a malformed currency", func(ps []needs.Product) []needs.Product {
			ps[3].MinTicket = vipcare.Money{Currency: "rmb"}
			return ps
		}, "products[3].min_ticket", "TAX", needs.ErrAmount},
		{"negative quota", func(ps []needs.Product) []needs.Product { ps[1].Quota = -1; return ps },
			"products[1].quota", "GF-USD", needs.ErrAmount},
		{"malformed need", func(ps []needs.Product) []needs.Product {
			ps[2].Needs = append(ps[2].Needs, "Tax Planning")
			return ps
		}, "products[2].needs", "FT-01", needs.ErrNeed},
		{"empty need", func(ps []needs.Product) []needs.Product { ps[0].Needs = []needs.Need{""}; return ps },
			"products[0].needs", "DEP-1Y", needs.ErrNeed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.edit(dtProducts())
			s, err := needs.NewShelf(ps...)
			assert.Nil(t, s)
			require.ErrorIs(t, err, tt.err)
			errs := dtErrors(t, err)
			require.Len(t, errs, 1, "%v", err)
			assert.Equal(t, tt.path, errs[0].Path)
			assert.Equal(t, tt.nm, errs[0].Name)
			assert.Panics(t, func() { needs.MustShelf(ps...) })
		})
	}

	t.Run("every problem at once", func(t *testing.T) {
		ps := dtProducts()
		ps[0].Category, ps[0].Risk = "", 9
		ps[1].Code, ps[1].Quota = "DEP-1Y", -3
		ps[2].Class, ps[2].Needs = "", []needs.Need{"ok", "NOT OK"}
		ps[3].MinTicket = dtCNY("-5")
		_, err := needs.NewShelf(ps...)
		var got []string
		for _, e := range dtErrors(t, err) {
			got = append(got, e.Path)
		}
		assert.Equal(t, []string{
			"products[0].category", "products[0].risk",
			"products[1].code", "products[1].quota",
			"products[2].class", "products[2].needs",
			"products[3].min_ticket",
		}, got)
		for _, s := range []error{needs.ErrName, needs.ErrRisk, needs.ErrAmount, needs.ErrNeed} {
			assert.ErrorIs(t, err, s)
		}
	})

	t.Run("a zero minimum ticket needs no currency", func(t *testing.T) {
		ps := dtProducts()
		ps[0].MinTicket = vipcare.Money{}
		s, err := needs.NewShelf(ps...)
		require.NoError(t, err)
		assert.Equal(t, vipcare.Currency(""), s.Product(0).Currency())
	})
}

func TestShelfCopies(t *testing.T) {
	ps := dtProducts()
	s := needs.MustShelf(ps...)
	want := dtProducts()

	// Changing the caller's slice, its products or their needs after
	// NewShelf does not change the shelf.
	ps[0].Code = "CHANGED"
	ps[1].Risk = needs.R1
	ps[2].Needs[0] = "changed"
	ps[2].Needs = append(ps[2].Needs, needs.Advice)
	assert.Equal(t, want, s.Products())

	// Nor does changing what Products returns.
	got := s.Products()
	got[0].Code = "CHANGED"
	got[2].Needs[1] = "changed"
	assert.Equal(t, want, s.Products())
	p, ok := s.Find("FT-01")
	require.True(t, ok)
	assert.Equal(t, []needs.Need{needs.Integrated, needs.RiskManagement}, p.Needs)
}

func TestShelfAccessors(t *testing.T) {
	s := needs.MustShelf(dtProducts()...)
	assert.Equal(t, 4, s.Len())
	for i, want := range dtProducts() {
		assert.Equal(t, want, *s.Product(i), "product %d", i)
	}

	p, ok := s.Find("GF-USD")
	require.True(t, ok)
	assert.Equal(t, "global_fund", p.Category)
	assert.Equal(t, vipcare.USD, p.Currency())
	assert.Same(t, s.Product(1), p, "Find points into the shelf")
	_, ok = s.Find("NOPE")
	assert.False(t, ok)
	_, ok = s.Find("")
	assert.False(t, ok)

	for _, c := range []string{"deposit", "global_fund", "family_trust", "tax_advice"} {
		assert.True(t, s.HasCategory(c), c)
	}
	for _, c := range []string{"", "Deposit", "trust", "equity_fund"} {
		assert.False(t, s.HasCategory(c), c)
	}

	one := needs.MustShelf(needs.Product{Code: "X", Category: "x", Class: vipcare.Deposits, Risk: needs.R5})
	assert.Equal(t, 1, one.Len())
	assert.Nil(t, one.Products()[0].Needs, "no needs stay no needs")
}

func TestRiskRatingString(t *testing.T) {
	tests := []struct {
		r    needs.RiskRating
		want string
	}{
		{0, "unrated"}, {needs.R1, "R1"}, {needs.R2, "R2"}, {needs.R3, "R3"}, {needs.R4, "R4"}, {needs.R5, "R5"},
		{6, "unrated"}, {255, "unrated"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.r.String())
	}
}
