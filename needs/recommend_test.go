package needs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

var recAsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

func cnyMoney(s string) vipcare.Money { return vipcare.MustMoney(s, vipcare.CNY) }

// testShelf has one product per category, with risks R1 to R5.
func testShelf() *needs.Shelf {
	return needs.MustShelf(
		needs.Product{Code: "DEP", Category: "deposit", Class: vipcare.Deposits, Risk: needs.R1, Protected: true,
			Needs: []needs.Need{needs.Preservation}, Quota: 1},
		needs.Product{Code: "CORP", Category: "corp_cash", Class: vipcare.Deposits, Risk: needs.R1,
			Needs: []needs.Need{needs.Integrated}, Quota: 2},
		needs.Product{Code: "BOND", Category: "bond_fund", Class: vipcare.Funds, Risk: needs.R2,
			Needs: []needs.Need{needs.Preservation}, Quota: 3},
		needs.Product{Code: "EQ", Category: "equity_fund", Class: vipcare.Funds, Risk: needs.R4,
			Needs: []needs.Need{needs.Diversification}, Quota: 20},
		needs.Product{Code: "PF", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R5, QualifiedOnly: true,
			MinTicket: cnyMoney("1000000"), Needs: []needs.Need{needs.Recognition}, Quota: 50},
	)
}

func testPlays() []needs.Play {
	return []needs.Play{
		{ID: "integrated", Title: "Joined-up banking", Needs: []needs.Need{needs.Integrated}, Categories: []string{"corp_cash"}},
		{ID: "safe", Title: "Safety first", Needs: []needs.Need{needs.Preservation}, Categories: []string{"deposit", "bond_fund"}},
		{ID: "growth", Title: "Growth", Needs: []needs.Need{needs.Diversification}, Categories: []string{"equity_fund"}},
		{ID: "private", Title: "Private funds", Needs: []needs.Need{needs.Recognition}, Categories: []string{"private_fund"}},
	}
}

func testRecommender(t testing.TB, edit func(*needs.RecommenderSpec)) *needs.Recommender {
	t.Helper()
	spec := needs.RecommenderSpec{
		Detector: needs.MustDetector(needs.ReferenceDetectors()),
		Shelf:    testShelf(),
		Pack:     needs.ChinaPack(),
		Plays:    testPlays(),
		Default:  []string{"safe"},
	}
	if edit != nil {
		edit(&spec)
	}
	r, err := needs.NewRecommender(spec)
	require.NoError(t, err)
	return r
}

// entrepreneur is a C3 business owner linked to a corporate client, with
// most of a 3,000,000 CNY wealth in deposits.
func entrepreneur() vipcare.Profile {
	return vipcare.Profile{
		ID:           "C-ENT-1",
		Since:        recAsOf.AddDate(-3, 0, 0),
		Entrepreneur: true,
		Corporates:   []vipcare.CorporateLink{{ID: "K1", Role: vipcare.RoleOwner}},
		Risk:         vipcare.C3,
		RiskAssessed: recAsOf.AddDate(0, -2, 0),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cnyMoney("2400000")},
			{ID: "H2", Class: vipcare.BusinessEquity, Amount: cnyMoney("600000"), OffBank: true},
		},
	}
}

func recommend(t testing.TB, r *needs.Recommender, p *vipcare.Profile, history []needs.Contact) needs.Recommendations {
	t.Helper()
	f, err := vipcare.Valuation{AsOf: recAsOf, Currency: vipcare.CNY}.Figures(p)
	require.NoError(t, err)
	return r.Recommend(&f, history, policy.ExplainOptions{})
}

func playIDs(rs needs.Recommendations) []string {
	var out []string
	for _, p := range rs.Plays {
		out = append(out, p.Play)
	}
	return out
}

func skipped(rs needs.Recommendations) map[string]needs.Code {
	out := map[string]needs.Code{}
	for _, s := range rs.Skipped {
		out[s.Play] = s.Code
	}
	return out
}

func TestRecommendNeedsDriven(t *testing.T) {
	r := testRecommender(t, nil)
	p := entrepreneur()
	before := p.Disclose()
	rs := recommend(t, r, &p, nil)
	assert.True(t, rs.Personalised)
	assert.Equal(t, needs.NeedsDriven, rs.Strategy)
	// integrated: entrepreneur 30 + corporate link 40 + business equity exactly 20% of wealth 30 = 100;
	// also preservation (cash-heavy 50), diversification (domestic 30 + one currency 20) and
	// recognition (AUM 2.4M: 50).
	require.NotEmpty(t, rs.Plays)
	assert.Equal(t, "integrated", rs.Plays[0].Play, "the strongest need first")
	top := rs.Plays[0]
	assert.Equal(t, needs.Integrated, top.Need)
	assert.Equal(t, 100, top.Strength)
	assert.Equal(t, 100, top.Fit)
	assert.Equal(t, int64(100*100*7), top.Score, "strength x fit x value (7 digits of AUM)")
	assert.Equal(t, "meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30", top.Reason)
	require.Len(t, top.Evidence, 3)
	assert.Equal(t, "entrepreneur", top.Evidence[0].Signal)
	assert.Equal(t, "corporate_links >= 1", top.Evidence[1].Why.Text)
	assert.Equal(t, "share.business_equity >= 0.2", top.Evidence[2].Why.Text)
	for _, rec := range rs.Plays {
		for _, o := range rec.Offers {
			assert.True(t, o.Suitable())
		}
	}
	// The growth play's R4 equity fund is above C3: no suitable product.
	assert.Equal(t, needs.CodeNoSuitableProduct, skipped(rs)["growth"])
	// The private fund is R5 and for qualified investors only.
	assert.Equal(t, needs.CodeNoSuitableProduct, skipped(rs)["private"])
	assert.Equal(t, before, p.Disclose(), "the profile is unchanged")
	assert.Equal(t, rs, recommend(t, r, &p, nil), "same answer twice")
	assert.NotContains(t, rs.String(), "2400000")
	assert.NotContains(t, rs.String(), "2,400,000")
}

func TestRecommendRefusedProductsSayWhyNot(t *testing.T) {
	r := testRecommender(t, func(s *needs.RecommenderSpec) {
		s.Plays = append(s.Plays, needs.Play{ID: "mixed", Title: "Mixed", Needs: []needs.Need{needs.Integrated},
			Categories: []string{"corp_cash", "equity_fund"}})
	})
	p := entrepreneur()
	rs := recommend(t, r, &p, nil)
	var mixed *needs.Recommendation
	for i := range rs.Plays {
		if rs.Plays[i].Play == "mixed" {
			mixed = &rs.Plays[i]
		}
	}
	require.NotNil(t, mixed)
	assert.Equal(t, 50, mixed.Fit, "one of two categories has a suitable product")
	require.Len(t, mixed.Refused, 1)
	assert.Equal(t, "EQ", mixed.Refused[0].Product)
	assert.Equal(t, needs.CodeRiskMismatch, mixed.Refused[0].Refusals[0].Code)
}

func TestRecommendCoolDown(t *testing.T) {
	tests := []struct {
		name     string
		daysAgo  int
		playCool int
		skipped  bool
	}{
		{"made yesterday", 1, 0, true},
		{"made 29 days ago, default 30-day cool-down", 29, 0, true},
		{"made 30 days ago", 30, 0, false},
		{"the play's own cool-down", 60, 90, true},
		{"past the play's own cool-down", 90, 90, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRecommender(t, func(s *needs.RecommenderSpec) { s.Plays[0].CoolDownDays = tt.playCool })
			p := entrepreneur()
			history := []needs.Contact{{Play: "integrated", Date: recAsOf.AddDate(0, 0, -tt.daysAgo)},
				{Play: "integrated", Date: recAsOf.AddDate(-1, 0, 0)}}
			rs := recommend(t, r, &p, history)
			if tt.skipped {
				assert.Equal(t, needs.CodeCoolDown, skipped(rs)["integrated"])
				assert.NotContains(t, playIDs(rs), "integrated")
			} else {
				assert.Contains(t, playIDs(rs), "integrated")
			}
		})
	}
}

func TestRecommendMaxPlays(t *testing.T) {
	r := testRecommender(t, func(s *needs.RecommenderSpec) { s.MaxPlays = 1 })
	p := entrepreneur()
	rs := recommend(t, r, &p, nil)
	assert.Equal(t, []string{"integrated"}, playIDs(rs))
	assert.Equal(t, needs.CodeMaxPlays, skipped(rs)["safe"])
}

func TestRecommendProfilingOptOut(t *testing.T) {
	r := testRecommender(t, nil)
	p := entrepreneur()
	p.Contact.NoProfiling = true
	rs := recommend(t, r, &p, nil)
	assert.False(t, rs.Personalised)
	assert.Equal(t, []string{"safe"}, playIDs(rs), "the default list, whatever the client's needs")
	assert.Empty(t, rs.Plays[0].Evidence, "no profiling: no evidence about the client")
	assert.Equal(t, "default list: the client opted out of profiling", rs.Plays[0].Reason)
	assert.Contains(t, rs.String(), "not personalised")
}

func TestRecommendProductDrivenStillSuitable(t *testing.T) {
	r := testRecommender(t, nil)
	old := r.WithStrategy(needs.ProductDriven)
	assert.Equal(t, needs.NeedsDriven, r.Strategy(), "WithStrategy returns a copy")
	p := entrepreneur()
	p.Risk = vipcare.C5
	rs := recommend(t, old, &p, nil)
	assert.Equal(t, needs.ProductDriven, rs.Strategy)
	require.NotEmpty(t, rs.Plays)
	assert.Equal(t, "growth", rs.Plays[0].Play, "the highest quota first, need or not")
	assert.Equal(t, "quota weight 20", rs.Plays[0].Reason)
	assert.Equal(t, needs.CodeNoSuitableProduct, skipped(rs)["private"],
		"even the old way never offers the R5 qualified-only fund to a non-qualified client")
}

func TestNewRecommenderErrors(t *testing.T) {
	_, err := needs.NewRecommender(needs.RecommenderSpec{
		Plays: []needs.Play{
			{ID: "a", Needs: []needs.Need{"Bad Need"}, Categories: []string{"x"}},
			{ID: "a"},
		},
		Default:  []string{"nope"},
		MaxPlays: -1,
	})
	require.Error(t, err)
	for _, want := range []error{needs.ErrEmpty, needs.ErrNeed, needs.ErrName, needs.ErrUnknown, needs.ErrSetting} {
		assert.ErrorIs(t, err, want)
	}
	assert.GreaterOrEqual(t, len(strings.Split(err.Error(), "\n")), 8, "%v", err)

	_, err = needs.NewRecommender(needs.RecommenderSpec{Detector: needs.MustDetector(needs.ReferenceDetectors()),
		Shelf: testShelf(), Pack: needs.ChinaPack(),
		Plays: []needs.Play{{ID: "a", Needs: []needs.Need{needs.Advice}, Categories: []string{"tax_advice"}}}})
	assert.ErrorIs(t, err, needs.ErrUnknown, "a category no product has")
}
