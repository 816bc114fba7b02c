package needs_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// recAsOf is the as-of date of the recommendation tests.
var recAsOf = testkit.Day(2026, 6, 30)

// testProducts has one product per category, with risks R1 to R5.
func testProducts() []needs.Product {
	return []needs.Product{
		{Code: "DEP", Category: "deposit", Class: vipcare.Deposits, Risk: needs.R1, Protected: true,
			Needs: []needs.Need{needs.Preservation}, Quota: 1},
		{Code: "CORP", Category: "corp_cash", Class: vipcare.Deposits, Risk: needs.R1,
			Needs: []needs.Need{needs.Integrated}, Quota: 2},
		{Code: "BOND", Category: "bond_fund", Class: vipcare.Funds, Risk: needs.R2,
			Needs: []needs.Need{needs.Preservation}, Quota: 3},
		{Code: "EQ", Category: "equity_fund", Class: vipcare.Funds, Risk: needs.R4,
			Needs: []needs.Need{needs.Diversification}, Quota: 20},
		{Code: "PF", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R5, QualifiedOnly: true,
			MinTicket: testkit.CNY("1000000"), Needs: []needs.Need{needs.Recognition}, Quota: 50},
	}
}

func testPlays() []needs.Play {
	return []needs.Play{
		{ID: "integrated", Title: "Joined-up banking", Needs: []needs.Need{needs.Integrated}, Categories: []string{"corp_cash"}},
		{ID: "safe", Title: "Safety first", Needs: []needs.Need{needs.Preservation}, Categories: []string{"deposit", "bond_fund"}},
		{ID: "growth", Title: "Growth", Needs: []needs.Need{needs.Diversification}, Categories: []string{"equity_fund"}},
		{ID: "private", Title: "Private funds", Needs: []needs.Need{needs.Recognition}, Categories: []string{"private_fund"}},
	}
}

// testSpec is the reference scorecards and the China pack over
// testProducts and testPlays, with "safe" as the default list.
func testSpec() needs.Spec {
	return needs.Spec{
		Scorecards: needs.Reference(nil).Scorecards,
		Products:   testProducts(),
		Pack:       needs.ChinaPack(),
		Plays:      testPlays(),
		Default:    []string{"safe"},
	}
}

// advisor compiles testSpec, changed by edit.
func advisor(t testing.TB, edit func(*needs.Spec)) *needs.Advisor {
	t.Helper()
	spec := testSpec()
	if edit != nil {
		edit(&spec)
	}
	a, err := spec.Compile(ageEnv)
	require.NoError(t, err)
	return a
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
			{ID: "H1", Class: vipcare.Deposits, Amount: testkit.CNY("2400000")},
			{ID: "H2", Class: vipcare.BusinessEquity, Amount: testkit.CNY("600000"), OffBank: true},
		},
	}
}

// recommend detects p's needs and ranks a's plays for p, checking that
// neither the profile, the figures, the detection nor the history changes
// and that the answer is the same twice.
func recommend(t testing.TB, a *needs.Advisor, p *vipcare.Profile, history []needs.PlayMade, o policy.ExplainOptions) needs.Recommendations {
	t.Helper()
	before, hist := testkit.Clone(*p), append([]needs.PlayMade(nil), history...)
	f := testkit.Figures(t, p, testkit.Valuation(recAsOf))
	figs := *f
	det := a.Detect(f)
	rs := a.Recommend(f, det, history, o)
	assert.Equal(t, rs, a.Recommend(f, det, history, o), "same answer twice")
	assert.Equal(t, before, *p, "profile unchanged")
	assert.Equal(t, figs, *f, "figures unchanged")
	assert.Equal(t, a.Detect(f), det, "detection unchanged")
	assert.Equal(t, hist, history, "history unchanged")
	return rs
}

func playIDs(rs needs.Recommendations) []string {
	var out []string
	for _, p := range rs.Plays {
		out = append(out, p.Play)
	}
	return out
}

func skipped(rs needs.Recommendations) map[string]vipcare.Code {
	out := map[string]vipcare.Code{}
	for _, s := range rs.Skipped {
		out[s.Play] = s.Code
	}
	return out
}

func TestRecommendNeedsDriven(t *testing.T) {
	a := advisor(t, nil)
	p := entrepreneur()
	rs := recommend(t, a, &p, nil, policy.ExplainOptions{})
	assert.True(t, rs.Personalised)
	assert.False(t, rs.ProductDriven)
	// integrated: entrepreneur 30 + corporate link 40 + business equity
	// exactly 20% of wealth 30 = 100; also preservation (cash-heavy 50),
	// diversification (domestic 30 + one currency 20 + two classes 20) and
	// recognition (AUM 2.4M: 50).
	assert.Equal(t, []string{"integrated", "safe"}, playIDs(rs))
	top := rs.Plays[0]
	assert.Equal(t, "integrated", top.Play, "the strongest need first")
	assert.Equal(t, "Joined-up banking", top.Title)
	assert.Equal(t, needs.Integrated, top.Need)
	assert.Equal(t, 100, top.Strength)
	assert.Equal(t, 100, top.Fit)
	assert.Equal(t, int64(100*100), top.Score, "strength x fit, nothing of the client's amounts")
	assert.Equal(t, "meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30", top.Reason)
	require.Len(t, top.Evidence, 3)
	assert.Equal(t, "entrepreneur", top.Evidence[0].Signal)
	assert.Equal(t, "corporate_links >= 1", top.Evidence[1].Why.Text)
	assert.Equal(t, "share.business_equity >= 0.2", top.Evidence[2].Why.Text)
	assert.Equal(t, int64(50*100), rs.Plays[1].Score, "preservation 50 x fit 100")
	for _, rec := range rs.Plays {
		for _, o := range rec.Offers {
			assert.Empty(t, o.Refusals, "an offer is suitable")
		}
	}
	assert.Equal(t, map[string]vipcare.Code{
		// The growth play's R4 equity fund is above C3.
		"growth": needs.CodeNoSuitableProduct,
		// The private fund is R5 and for qualified investors only.
		"private": needs.CodeNoSuitableProduct,
	}, skipped(rs))
	assert.Equal(t, "needs-driven:\n"+
		"1. integrated: meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30; offers CORP\n"+
		"2. safe: meets preservation (moderate, 50): cash_heavy +50; offers DEP, BOND", rs.String())
	assert.NotContains(t, rs.String(), "2400000")
	assert.NotContains(t, rs.String(), "2,400,000")
}

func TestRecommendRefusedProductsSayWhyNot(t *testing.T) {
	a := advisor(t, func(s *needs.Spec) {
		s.Plays = append(s.Plays, needs.Play{ID: "mixed", Title: "Mixed", Needs: []needs.Need{needs.Integrated},
			Categories: []string{"corp_cash", "equity_fund"}})
	})
	p := entrepreneur()
	rs := recommend(t, a, &p, nil, policy.ExplainOptions{})
	var mixed *needs.Recommendation
	for i := range rs.Plays {
		if rs.Plays[i].Play == "mixed" {
			mixed = &rs.Plays[i]
		}
	}
	require.NotNil(t, mixed)
	assert.Equal(t, 50, mixed.Fit, "one of two categories has a suitable product")
	assert.Equal(t, []needs.Offer{{Product: "CORP"}}, mixed.Offers)
	require.Len(t, mixed.Refused, 1)
	assert.Equal(t, "EQ", mixed.Refused[0].Product)
	assert.Equal(t, []needs.Refusal{{Check: "risk_match", Code: needs.CodeRiskMismatch,
		Reason: "product R4 above the client's C3"}}, mixed.Refused[0].Refusals)
}

func TestRecommendValuesOnlyWhenAsked(t *testing.T) {
	// a play that offers the corporate cash product and refuses the private
	// fund, whose qualified-investor refusal shows the client's amounts
	// when values are asked for
	a := advisor(t, func(s *needs.Spec) {
		s.Plays = append(s.Plays, needs.Play{ID: "mixed", Title: "Mixed", Needs: []needs.Need{needs.Integrated},
			Categories: []string{"corp_cash", "private_fund"}})
	})
	p := entrepreneur()
	p.Investor.FinancialAssets = testkit.CNY("1234567")
	for _, tt := range []struct {
		name   string
		values bool
	}{{"without values", false}, {"with values", true}} {
		t.Run(tt.name, func(t *testing.T) {
			rs := recommend(t, a, &p, nil, policy.ExplainOptions{Values: tt.values})
			require.Contains(t, playIDs(rs), "mixed")
			b, err := json.Marshal(rs)
			require.NoError(t, err)
			assert.Equal(t, tt.values, strings.Contains(string(b), `"value":`), "evidence values: %s", b)
			assert.Equal(t, tt.values, strings.Contains(string(b), "1,234,567 CNY"), "refusal values: %s", b)
			assert.NotContains(t, string(b), "C-ENT-1", "never the client's ID")
			assert.NotContains(t, rs.String(), "1,234,567")
		})
	}
}

func TestRecommendCoolDown(t *testing.T) {
	tests := []struct {
		name     string
		daysAgo  int
		playCool int
		specCool int
		skipped  bool
	}{
		{"made yesterday", 1, 0, 0, true},
		{"made 29 days ago, default 30-day cool-down", 29, 0, 0, true},
		{"made 30 days ago", 30, 0, 0, false},
		{"made today", 0, 0, 0, true},
		{"the play's own cool-down", 60, 90, 0, true},
		{"past the play's own cool-down", 90, 90, 0, false},
		{"the spec's cool-down", 50, 0, 60, true},
		{"past the spec's cool-down", 60, 0, 60, false},
		{"the play's cool-down wins over the spec's", 50, 40, 60, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := advisor(t, func(s *needs.Spec) { s.Plays[0].CoolDownDays, s.CoolDownDays = tt.playCool, tt.specCool })
			p := entrepreneur()
			history := []needs.PlayMade{{Play: "integrated", Date: recAsOf.AddDate(0, 0, -tt.daysAgo)},
				{Play: "integrated", Date: recAsOf.AddDate(-1, 0, 0)}, {Play: "other", Date: recAsOf}}
			rs := recommend(t, a, &p, history, policy.ExplainOptions{})
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
	tests := []struct {
		name    string
		max     int
		plays   []string
		skipped []string
	}{
		{"one", 1, []string{"integrated"}, []string{"safe"}},
		{"0 means 3", 0, []string{"integrated", "safe"}, nil},
		{"two", 2, []string{"integrated", "safe"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := advisor(t, func(s *needs.Spec) { s.MaxPlays = tt.max })
			p := entrepreneur()
			rs := recommend(t, a, &p, nil, policy.ExplainOptions{})
			assert.Equal(t, tt.plays, playIDs(rs))
			for _, id := range tt.skipped {
				assert.Equal(t, needs.CodeMaxPlays, skipped(rs)[id])
			}
		})
	}
}

func TestRecommendProfilingOptOut(t *testing.T) {
	for _, tt := range []struct {
		name string
		a    func(t *testing.T) *needs.Advisor
	}{
		{"needs-driven", func(t *testing.T) *needs.Advisor { return advisor(t, nil) }},
		{"product-driven", func(t *testing.T) *needs.Advisor { return advisor(t, nil).ProductDriven() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := entrepreneur()
			p.Contact.NoProfiling = true
			rs := recommend(t, tt.a(t), &p, nil, policy.ExplainOptions{Values: true})
			assert.False(t, rs.Personalised)
			assert.Equal(t, []string{"safe"}, playIDs(rs), "the default list, whatever the client's needs")
			assert.Empty(t, rs.Plays[0].Evidence, "no profiling: no evidence about the client")
			assert.Empty(t, rs.Plays[0].Need)
			assert.Zero(t, rs.Plays[0].Strength)
			assert.Equal(t, "default list: the client opted out of profiling", rs.Plays[0].Reason)
			assert.Contains(t, rs.String(), "not personalised")
			assert.Empty(t, rs.Skipped, "only the default plays are considered")
		})
	}

	t.Run("in the default order, still gated by suitability", func(t *testing.T) {
		a := advisor(t, func(s *needs.Spec) { s.Default = []string{"private", "integrated", "safe"} })
		p := entrepreneur()
		p.Contact.NoProfiling = true
		rs := recommend(t, a, &p, nil, policy.ExplainOptions{})
		assert.Equal(t, []string{"integrated", "safe"}, playIDs(rs))
		assert.Equal(t, map[string]vipcare.Code{"private": needs.CodeNoSuitableProduct}, skipped(rs))
	})

	t.Run("nothing to offer", func(t *testing.T) {
		a := advisor(t, func(s *needs.Spec) { s.Default = []string{"private"} })
		p := entrepreneur()
		p.Contact.NoProfiling = true
		rs := recommend(t, a, &p, nil, policy.ExplainOptions{})
		assert.Empty(t, rs.Plays)
		assert.Equal(t, "needs-driven, not personalised: nothing to offer", rs.String())
	})
}

func TestRecommendProductDrivenStillSuitable(t *testing.T) {
	a := advisor(t, nil)
	old := a.ProductDriven()
	p := entrepreneur()
	p.Risk = vipcare.C5
	assert.False(t, recommend(t, a, &p, nil, policy.ExplainOptions{}).ProductDriven, "ProductDriven returns a copy")

	for _, tt := range []struct {
		name string
		a    *needs.Advisor
	}{
		{"Advisor.ProductDriven", old},
		{"Spec.ProductDriven", advisor(t, func(s *needs.Spec) { s.ProductDriven = true })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := recommend(t, tt.a, &p, nil, policy.ExplainOptions{})
			assert.True(t, rs.ProductDriven)
			assert.True(t, rs.Personalised)
			assert.Equal(t, []string{"growth", "safe", "integrated"}, playIDs(rs), "the highest quota first, need or not")
			assert.Equal(t, "quota weight 20", rs.Plays[0].Reason)
			assert.Equal(t, int64(20), rs.Plays[0].Score)
			assert.Empty(t, rs.Plays[0].Need, "product-driven plays name no need")
			assert.Empty(t, rs.Plays[0].Evidence)
			assert.Equal(t, map[string]vipcare.Code{"private": needs.CodeNoSuitableProduct}, skipped(rs),
				"even the old way never offers the R5 qualified-only fund to a non-qualified client")
			assert.True(t, strings.HasPrefix(rs.String(), "product-driven:\n1. growth: quota weight 20; offers EQ"), rs.String())
		})
	}
}

// TestCompileSpecProblems checks that Spec.Compile reports every problem of
// every part at once, each at its JSON pointer.
func TestCompileSpecProblems(t *testing.T) {
	tests := []struct {
		name string
		spec needs.Spec
		want []testkit.Want
	}{
		{"plays and settings", needs.Spec{
			Pack: needs.PackSpec{Name: "none"},
			Plays: []needs.Play{
				{ID: "a", Needs: []needs.Need{"Bad Need"}, Categories: []string{"x"}, CoolDownDays: -1},
				{ID: "a"},
				{Needs: []needs.Need{needs.Advice}, Categories: []string{"y"}},
			},
			Default:      []string{"nope", "a"},
			MaxPlays:     -1,
			CoolDownDays: -1,
		}, []testkit.Want{
			problem("/max_plays", "", policy.ErrOutOfRange),
			problem("/cool_down_days", "", policy.ErrOutOfRange),
			problem("/plays/0/needs/0", "Bad Need", policy.ErrMalformed),
			problem("/plays/0/cool_down_days", "a", policy.ErrOutOfRange),
			problem("/plays/0/categories/0", "x", policy.ErrUnknown),
			problem("/plays/1/id", "a", policy.ErrDuplicate),
			problem("/plays/1/needs", "a", policy.ErrMissing),
			problem("/plays/1/categories", "a", policy.ErrMissing),
			problem("/plays/2/id", "", policy.ErrMissing),
			problem("/plays/2/categories/0", "y", policy.ErrUnknown),
			problem("/default/0", "nope", policy.ErrUnknown),
		}},
		{"a default play twice", func() needs.Spec {
			s := testSpec()
			s.Default = []string{s.Plays[0].ID, s.Plays[1].ID, s.Plays[0].ID}
			return s
		}(), []testkit.Want{problem("/default/2", "integrated", policy.ErrDuplicate)}},
		{"a category no product has", func() needs.Spec {
			s := testSpec()
			s.Plays = append(s.Plays, needs.Play{ID: "tax", Needs: []needs.Need{needs.Advice}, Categories: []string{"deposit", "tax_advice"}})
			return s
		}(), []testkit.Want{problem("/plays/4/categories/1", "tax_advice", policy.ErrUnknown)}},
		{"every part at once", func() needs.Spec {
			s := testSpec()
			s.Scorecards[2].Signals[0].When = policy.Field("cash_share").GE("0.5")
			s.Products[3].Risk = "R9"
			s.Pack.QualifiedInvestor.Currency = "rmb"
			s.Plays[1].Categories[0] = "savings"
			s.Default = []string{"safety"}
			return s
		}(), []testkit.Want{
			problem("/scorecards/2/signals/0/when/field", "cash_share", policy.ErrUnknown),
			problem("/products/3/risk", "EQ", policy.ErrUnknown),
			problem("/pack/qualified_investor/currency", "china", policy.ErrMalformed),
			problem("/plays/1/categories/0", "savings", policy.ErrUnknown),
			problem("/default/0", "safety", policy.ErrUnknown),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.spec.Compile(ageEnv)
			assert.Nil(t, a)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}

	t.Run("choices", func(t *testing.T) {
		s := testSpec()
		s.Plays[0].Categories = []string{"corp"}
		s.Default = []string{"saf"}
		_, err := s.Compile(ageEnv)
		ps := testkit.Problems(t, err)
		require.Len(t, ps, 2)
		assert.Equal(t, []string{"deposit", "corp_cash", "bond_fund", "equity_fund", "private_fund"}, ps[0].Choices,
			"the shelf's categories, in shelf order")
		assert.Equal(t, []string{"integrated", "safe", "growth", "private"}, ps[1].Choices, "the plays")
	})
}

// TestUnknownNeeds: a play or product may name a need of the catalogue or
// of the spec's scorecards; any other name is a typo, refused where it is
// with the needs the spec knows as choices, since a play for it would
// never be offered. A list that repeats a need or a category is refused
// too.
func TestUnknownNeeds(t *testing.T) {
	catalogue := []string{"integrated", "recognition", "preservation", "advice", "diversification", "risk_management"}
	// esg is the bank's own need, detected by its own scorecard.
	esg := needs.Scorecard{Need: "esg", Min: 40, Signals: []needs.Signal{
		{Name: "young", When: policy.Field("age").LT(35), Weight: 40}}}
	tests := []struct {
		name    string
		edit    func(*needs.Spec)
		want    []testkit.Want
		choices []string // of the first problem
	}{
		{"a misspelt need of a play", func(s *needs.Spec) { s.Plays[0].Needs = []needs.Need{"integratd"} },
			[]testkit.Want{problem("/plays/0/needs/0", "integratd", policy.ErrUnknown)}, catalogue},
		{"a misspelt need of a product", func(s *needs.Spec) { s.Products[1].Needs = []needs.Need{"integratd"} },
			[]testkit.Want{problem("/products/1/needs/0", s1Code(), policy.ErrUnknown)}, catalogue},
		{"the bank's own need, detected", func(s *needs.Spec) {
			s.Scorecards = append(s.Scorecards, esg)
			s.Plays[0].Needs = append(s.Plays[0].Needs, "esg")
			s.Products[1].Needs = []needs.Need{"esg"}
		}, nil, nil},
		{"the bank's own need, undetected", func(s *needs.Spec) { s.Plays[0].Needs = append(s.Plays[0].Needs, "esg") },
			[]testkit.Want{problem("/plays/0/needs/1", "esg", policy.ErrUnknown)}, catalogue},
		{"a need of the catalogue that no scorecard detects", func(s *needs.Spec) {
			s.Scorecards = s.Scorecards[:1]
			s.Plays[0].Needs = []needs.Need{needs.Advice}
		}, nil, nil},
		{"the bank's need among the choices", func(s *needs.Spec) {
			s.Scorecards = append(s.Scorecards, esg)
			s.Plays[1].Needs = []needs.Need{"eg"}
		}, []testkit.Want{problem("/plays/1/needs/0", "eg", policy.ErrUnknown)}, append(slices.Clone(catalogue), "esg")},
		{"a repeated need", func(s *needs.Spec) { s.Plays[2].Needs = []needs.Need{needs.Advice, needs.Preservation, needs.Advice} },
			[]testkit.Want{problem("/plays/2/needs/2", "advice", policy.ErrDuplicate)}, nil},
		{"a repeated category", func(s *needs.Spec) { s.Plays[0].Categories = append(s.Plays[0].Categories, s.Plays[0].Categories[0]) },
			[]testkit.Want{problem("/plays/0/categories/"+strconv.Itoa(len(testPlays()[0].Categories)), testPlays()[0].Categories[0],
				policy.ErrDuplicate)}, nil},
		{"every problem at once", func(s *needs.Spec) {
			s.Plays[0].Needs = []needs.Need{"Integrated", "integratd", "integratd"}
			s.Plays[1].Categories = []string{"deposit", "nope", "deposit"}
			s.Products[1].Needs = []needs.Need{needs.Advice, needs.Advice, "advise"}
		}, []testkit.Want{
			problem("/products/1/needs/1", s1Code(), policy.ErrDuplicate),
			problem("/products/1/needs/2", s1Code(), policy.ErrUnknown),
			problem("/plays/0/needs/0", "Integrated", policy.ErrMalformed),
			problem("/plays/0/needs/1", "integratd", policy.ErrUnknown),
			problem("/plays/0/needs/2", "integratd", policy.ErrUnknown),
			problem("/plays/1/categories/1", "nope", policy.ErrUnknown),
			problem("/plays/1/categories/2", "deposit", policy.ErrDuplicate),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec()
			tt.edit(&spec)
			a, err := spec.Compile(ageEnv)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			assert.Nil(t, a)
			testkit.CheckProblems(t, err, tt.want...)
			if tt.choices != nil {
				assert.Equal(t, tt.choices, testkit.Problems(t, err)[0].Choices)
			}
		})
	}
}

// s1Code is the code of the second product of testSpec.
func s1Code() string { return testProducts()[1].Code }

// TestSpecIsData checks that a spec survives a JSON round trip: the
// compiled advisors recommend the same.
func TestSpecIsData(t *testing.T) {
	b, err := json.Marshal(testSpec())
	require.NoError(t, err)
	var back needs.Spec
	require.NoError(t, json.Unmarshal(b, &back))
	a, err := back.Compile(ageEnv)
	require.NoError(t, err)
	p := entrepreneur()
	assert.Equal(t, recommend(t, advisor(t, nil), &p, nil, policy.ExplainOptions{}),
		recommend(t, a, &p, nil, policy.ExplainOptions{}))
}
