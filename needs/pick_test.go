package needs_test

import (
	"slices"
	"strconv"
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

// houseSpec is the reference spec over the sample shelf with a pack that
// uses every kind of check: the China pack's built-in ones with what the
// client can invest measured as AUM, two requirements, and a Go check that
// refuses R4 products ("sundays"); and three more products: two whose
// minimum tickets are in a currency the sample valuation has no rate for,
// and an R1 one for qualified investors only.
func houseSpec() needs.Spec {
	spec := needs.Reference(sample.Shelf())
	spec.Products = append(spec.Products,
		needs.Product{Code: "GF-JPY", Category: "global_fund", Class: vipcare.Funds, Risk: needs.R3,
			MinTicket: policy.Must(vipcare.NewMoney("100000", "JPY")), Global: true, Quota: 6},
		needs.Product{Code: "GF-JPY-2", Category: "global_fund", Class: vipcare.Funds, Risk: needs.R2,
			MinTicket: policy.Must(vipcare.NewMoney("1000", "JPY")), Global: true, Quota: 6},
		needs.Product{Code: "PF-INCOME", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R1,
			QualifiedOnly: true, MinTicket: testkit.CNY("10"), Quota: 6})
	spec.Pack.Investable = "investable_aum"
	spec.Pack.UnassessedProtectedR1 = true // R1 protected products for the unassessed, to see the refusals of the rest
	spec.Pack.Require = []needs.Requirement{
		{Check: "age", Code: "too_old", From: needs.R3, When: policy.Field("age").LT(65)},
		{Check: "wealth", Code: "not_wealthy", From: needs.R5, When: policy.Field("wealth").GE("3000000")},
	}
	spec.Pack.Checks = []string{"sundays"}
	return spec
}

// pickCase is one way of deciding a sample book.
type pickCase struct {
	name  string
	n     int // clients; 10,000 if 0
	a     *needs.Advisor
	limit int            // passed to Pick
	same  *needs.Advisor // what Recommend must agree with; a if nil
	edit  func(i int, p *vipcare.Profile)
	// history returns the plays made to client i before asOf.
	history func(i int, asOf time.Time) []needs.PlayMade
	values  bool
	usd     bool // figures in US dollars rather than yuan
	// allocs is the most allocations a call may make: with the house
	// pack, the error of the first ticket that cannot be converted (two).
	allocs float64
}

// pickCases are the advisors and books of the agreement test.
func pickCases(t *testing.T) []pickCase {
	ref := reference(t)
	house, err := houseSpec().Compile(houseEnv)
	require.NoError(t, err)
	one := needs.Reference(sample.Shelf())
	one.MaxPlays = 1
	ids := []string{"integrated_banking", "status_review", "preserve_and_grow", "advice_session",
		"global_diversification", "growth_opportunities", "risk_review", "succession_planning", "standard_review"}
	// Two plays made to each client, from today to 59 days ago: about half
	// within the 30-day cool-down.
	history := func(i int, asOf time.Time) []needs.PlayMade {
		return []needs.PlayMade{
			{Play: ids[i%len(ids)], Date: asOf.AddDate(0, 0, -(i % 60))},
			{Play: ids[(i/len(ids))%len(ids)], Date: asOf.AddDate(0, 0, -(i*7)%60)},
			{Play: "retired_play", Date: asOf},
		}
	}
	optOut := func(i int, p *vipcare.Profile) { p.Contact.NoProfiling = true }
	lowest := func(i int, p *vipcare.Profile) { p.LowestRiskGroup = i%3 != 0 }
	return []pickCase{
		{name: "reference", a: ref},
		{name: "reference with values", a: ref, values: true},
		{name: "product-driven", a: ref.ProductDriven()},
		{name: "opted out of profiling", a: ref, edit: optOut},
		{name: "opted out, product-driven", a: ref.ProductDriven(), edit: optOut},
		{name: "cool-downs", a: ref, history: history},
		{name: "cool-downs, product-driven", a: ref.ProductDriven(), history: history},
		{name: "a limit of one play", n: 3_000, a: ref, limit: 1, same: policy.Must(one.Compile(ageEnv))},
		{name: "a limit above the maximum", n: 3_000, a: ref, limit: 10},
		{name: "every kind of check", n: 5_000, allocs: 2, a: house, history: history},
		{name: "every kind of check, product-driven", n: 5_000, allocs: 2, a: house.ProductDriven()},
		{name: "the lowest risk group", n: 3_000, allocs: 2, a: house.ProductDriven(), edit: lowest},
		{name: "figures in US dollars", n: 3_000, allocs: 2, a: house.ProductDriven(), usd: true},
	}
}

// TestPickAgreesWithRecommend decides 10,000 sample clients every way and
// checks that Recommend says exactly what it said before Pick existed
// (text included), and that Pick decides what Recommend decides: the same
// plays in the same order, with the same needs, strengths, fits, scores
// and products offered and refused, and the same plays left out with the
// same codes. It also checks that Pick changes none of its inputs.
func TestPickAgreesWithRecommend(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients, eleven ways")
	}
	o := sample.Options{Seed: 1}
	profiles := slices.Collect(sample.Seq(o, 10_000))
	for _, tt := range pickCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			v := sample.Valuation(o)
			if tt.usd {
				v = usdValuation(v.AsOf)
			}
			same := tt.same
			if same == nil {
				same = tt.a
			}
			var picks []needs.Pick
			var skipped []needs.Skip
			seen := map[vipcare.Code]int{}
			offered, refused := 0, 0
			n := tt.n
			if n == 0 {
				n = len(profiles)
			}
			for i := range profiles[:n] {
				p := profiles[i]
				if tt.edit != nil {
					tt.edit(i, &p)
				}
				f, err := v.Figures(&p)
				require.NoError(t, err)
				det := tt.a.Detect(&f)
				var history []needs.PlayMade
				if tt.history != nil {
					history = tt.history(i, v.AsOf)
				}
				var rs needs.Recommendations
				picks, skipped, rs = agree(t, tt.a, same, &f, det, history, tt.limit, tt.values, picks, skipped)
				for k, pk := range picks {
					offered += pk.Offers.Len()
					refused += len(rs.Plays[k].Refused)
				}
				for _, s := range skipped {
					seen[s.Code]++
				}
			}
			require.Greater(t, offered, n, "the property is not vacuous")
			require.Positive(t, refused, "the property is not vacuous")
			t.Logf("offered %d, refused %d, skipped %v", offered, refused, seen)
			if tt.history != nil {
				require.Positive(t, seen[needs.CodeCoolDown], "cool-downs are tested")
			}
		})
	}
}

// agree checks, for the client whose figures are f, that same.Recommend
// says what it said before Pick existed, text included, and that
// a.Pick(picks[:0], skipped[:0], ...) decides what it decides, twice, and
// changes none of its inputs. It returns Pick's and Recommend's answers.
func agree(t *testing.T, a, same *needs.Advisor, f *vipcare.Figures, det needs.Detection, history []needs.PlayMade,
	limit int, values bool, picks []needs.Pick, skipped []needs.Skip) ([]needs.Pick, []needs.Skip, needs.Recommendations) {
	t.Helper()
	id := f.Profile.ID
	eo := policy.ExplainOptions{Values: values}
	rs := same.Recommend(f, det, history, eo)
	require.Equal(t, same.NaiveRecommend(f, det, history, eo), rs, "client %s: Recommend changed", id)

	figs, hist := *f, slices.Clone(history)
	picks, skipped = a.Pick(picks[:0], skipped[:0], f, det, history, limit)
	require.Equal(t, figs, *f, "client %s: figures changed", id)
	require.Equal(t, hist, history, "client %s: history changed", id)
	require.Len(t, picks, len(rs.Plays), "client %s", id)
	for k, pk := range picks {
		rec := rs.Plays[k]
		require.Equal(t, rec.Play, pk.Play, "client %s, pick %d", id, k)
		require.Equal(t, rec.Need, pk.Need, "client %s, %s", id, pk.Play)
		require.Equal(t, rec.Strength, pk.Strength, "client %s, %s", id, pk.Play)
		require.Equal(t, rec.Fit, pk.Fit, "client %s, %s", id, pk.Play)
		require.Equal(t, rec.Score, pk.Score, "client %s, %s", id, pk.Play)
		require.Equal(t, offerCodes(rec.Offers), pk.Offers.Codes(), "client %s, %s", id, pk.Play)
		require.Equal(t, offerCodes(rec.Refused), pk.Offers.Refused(), "client %s, %s", id, pk.Play)
		require.Equal(t, len(rec.Offers), pk.Offers.Len(), "client %s, %s", id, pk.Play)
		room := append(make([]string, 0, 1+pk.Offers.Len()), "kept")
		require.Equal(t, append([]string{"kept"}, offerCodes(rec.Offers)...), pk.Offers.AppendCodes(room),
			"client %s, %s: AppendCodes appends what Codes returns", id, pk.Play)
		kept := needs.RefusedProduct{Product: "kept"}
		require.Equal(t, append([]needs.RefusedProduct{kept}, refusedCodes(rec.Refused)...),
			pk.Offers.AppendRefusedProducts([]needs.RefusedProduct{kept}, f),
			"client %s, %s: AppendRefusedProducts appends Recommend's refusals' codes", id, pk.Play)
		require.Equal(t, figs, *f, "client %s: figures changed", id)
		for _, r := range rec.Refused {
			require.NotEmpty(t, r.Refusals, "client %s, %s: %s refused with no refusal", id, pk.Play, r.Product)
		}
	}
	require.Len(t, skipped, len(rs.Skipped), "client %s", id)
	for k, s := range skipped {
		require.Equal(t, needs.Skip{Play: rs.Skipped[k].Play, Code: rs.Skipped[k].Code}, s, "client %s, skip %d", id, k)
	}
	again, againSkipped := a.Pick(nil, nil, f, det, history, limit)
	require.True(t, slices.Equal(picks, again), "client %s: same answer twice", id)
	require.True(t, slices.Equal(skipped, againSkipped), "client %s: same answer twice", id)
	rendered(t, a, rs, f, det, history, eo, picks, skipped)
	return picks, skipped, rs
}

// refusedCodes returns the products of offers with the codes of their
// refusals, as Offers.AppendRefusedProducts gives them: a refused product
// has at least one.
func refusedCodes(offers []needs.Offer) []needs.RefusedProduct {
	var out []needs.RefusedProduct
	for _, o := range offers {
		r := needs.RefusedProduct{Product: o.Product, Codes: []vipcare.Code{}}
		for _, x := range o.Refusals {
			r.Codes = append(r.Codes, x.Code)
		}
		out = append(out, r)
	}
	return out
}

// rendered checks that a.Recommendations renders picks and skipped, Pick's
// answer, as rs, Recommend's, says them, a skip for the maximum of plays
// worded as a's maximum (3), and changes none of its inputs; that the
// evidence is the found needs' own, and that a product refused under two
// plays has refusals of its own under each.
func rendered(t *testing.T, a *needs.Advisor, rs needs.Recommendations, f *vipcare.Figures, det needs.Detection,
	history []needs.PlayMade, eo policy.ExplainOptions, picks []needs.Pick, skipped []needs.Skip) {
	t.Helper()
	id := f.Profile.ID
	found := det.Explain(f, eo)
	naive := a.NaiveExplain(f, eo)
	require.Equal(t, naive, found, "client %s: the detection explained is the advisor's", id)
	for k := range naive {
		for x := range naive[k].Evidence {
			naive[k].Evidence[x].Why = policy.Explanation{}
		}
	}
	require.Equal(t, naive, det.List(), "client %s: the detection listed is the advisor's, unexplained", id)
	figs, hist, ps, ss := *f, slices.Clone(history), slices.Clone(picks), slices.Clone(skipped)
	foundBefore := slices.Clone(found)
	got := a.Recommendations(f, found, picks, skipped, history, eo)
	require.Equal(t, figs, *f, "client %s: figures changed", id)
	require.Equal(t, hist, history, "client %s: history changed", id)
	require.Equal(t, ps, picks, "client %s: picks changed", id)
	require.Equal(t, ss, skipped, "client %s: skips changed", id)
	require.Equal(t, foundBefore, found, "client %s: found changed", id)

	want := rs
	want.Skipped = slices.Clone(rs.Skipped)
	for k := range want.Skipped {
		if want.Skipped[k].Code == needs.CodeMaxPlays {
			want.Skipped[k].Reason = "the conversation already has 3 plays"
		}
	}
	require.Equal(t, want, got, "client %s: rendered as Recommend says it", id)
	for _, p := range got.Plays {
		if len(p.Evidence) > 0 {
			k := slices.IndexFunc(found, func(x needs.Finding) bool { return x.Need == p.Need })
			require.GreaterOrEqual(t, k, 0, "client %s: %s", id, p.Play)
			require.Same(t, &found[k].Evidence[0], &p.Evidence[0], "client %s: %s: the evidence is shared", id, p.Play)
		}
	}
	refusals := map[string][]needs.Refusal{}
	for _, p := range got.Plays {
		for _, o := range p.Refused {
			if other, ok := refusals[o.Product]; ok {
				require.Equal(t, other, o.Refusals, "client %s: %s", id, o.Product)
				before := other[0].Reason
				o.Refusals[0].Reason = "changed"
				require.Equal(t, before, other[0].Reason, "client %s: %s: refusals of its own under each play", id, o.Product)
			}
			refusals[o.Product] = o.Refusals
		}
	}
}

// TestPickAtTheBoundaries decides, product-driven, whether the private
// fund of the test shelf (R5, qualified investors only, a 1,000,000 CNY
// ticket) is offered to a client exactly at each limit of the China pack
// and one step past it, and checks that Pick agrees with Recommend.
func TestPickAtTheBoundaries(t *testing.T) {
	a := advisor(t, nil).ProductDriven()
	// base is a C5 qualified investor whose deposits at the bank are
	// exactly the ticket, with as much in property off the bank: the
	// fund's class would be a third of the wealth.
	base := func() vipcare.Profile {
		p := client(at("D", vipcare.Deposits, "1000000"), off("R", vipcare.RealEstate, "1000000"))
		p.Risk, p.RiskAssessed = vipcare.C5, recAsOf.AddDate(0, -11, 0)
		p.Investor = vipcare.InvestorFacts{ExperienceYears: 2, NetFinancialAssets: testkit.CNY("3000000")}
		return p
	}
	tests := []struct {
		name    string
		edit    func(p *vipcare.Profile)
		offered bool
	}{
		{"every check passes", func(p *vipcare.Profile) {}, true},
		{"deposits a ten-thousandth short of the ticket", func(p *vipcare.Profile) { p.Holdings[0] = at("D", vipcare.Deposits, "999999.9999") }, false},
		{"the class exactly at half of wealth", func(p *vipcare.Profile) { p.Holdings = p.Holdings[:1] }, true},
		{"the class just above half of wealth", func(p *vipcare.Profile) {
			p.Holdings = append(p.Holdings[:1], off("F", vipcare.Funds, "0.0001"))
		}, false},
		{"the assets but 1 year of experience, not 2", func(p *vipcare.Profile) {
			p.Investor.ExperienceYears = 1
		}, false},
		{"net financial assets just below the threshold", func(p *vipcare.Profile) {
			p.Investor.NetFinancialAssets = testkit.CNY("2999999.9999")
		}, false},
		{"assessed 12 months ago", func(p *vipcare.Profile) { p.RiskAssessed = recAsOf.AddDate(0, -12, 0) }, false},
		{"assessed a day short of 12 months ago", func(p *vipcare.Profile) {
			p.RiskAssessed = recAsOf.AddDate(0, -12, 1)
		}, true},
		{"assessed C4", func(p *vipcare.Profile) { p.Risk = vipcare.C4 }, false},
		{"the lowest risk group", func(p *vipcare.Profile) { p.LowestRiskGroup = true }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			f := testkit.Figures(t, &p, testkit.Valuation(recAsOf))
			picks, _, _ := agree(t, a, a, f, a.Detect(f), nil, 0, true, nil, nil)
			offered := slices.ContainsFunc(picks, func(pk needs.Pick) bool { return slices.Contains(pk.Offers.Codes(), "PF") })
			assert.Equal(t, tt.offered, offered)
		})
	}
}

// usdValuation values the sample book in US dollars as of asOf.
func usdValuation(asOf time.Time) vipcare.Valuation {
	return vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD, Rates: policy.Must(vipcare.NewRates(vipcare.USD,
		map[vipcare.Currency]decimal.Decimal{vipcare.CNY: testkit.Dec("0.1408450704"),
			"HKD": testkit.Dec("0.1282051282"), "EUR": testkit.Dec("1.08")}))}
}

// offerCodes returns the products of offers, nil for none, as Codes does.
func offerCodes(offers []needs.Offer) []string {
	var out []string
	for _, o := range offers {
		out = append(out, o.Product)
	}
	return out
}

// TestPickEveryCheckBites checks that the house pack's agreement test is
// not vacuous: on the sample book each of its checks is, for some product
// offered to some client, the only reason it is refused.
func TestPickEveryCheckBites(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 clients")
	}
	house, err := houseSpec().Compile(houseEnv)
	require.NoError(t, err)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	only := map[vipcare.Code]int{}
	for i, p := range sample.Profiles(o, 2_000) {
		p.LowestRiskGroup = i%4 == 0
		if i%5 == 0 {
			v = usdValuation(v.AsOf)
		} else {
			v = sample.Valuation(o)
		}
		f, err := v.Figures(&p)
		require.NoError(t, err)
		for _, rec := range house.ProductDriven().Recommend(&f, house.Detect(&f), nil, policy.ExplainOptions{}).Plays {
			for _, r := range rec.Refused {
				if c := codes(r.Refusals); len(slices.Compact(c)) == 1 {
					only[c[0]]++
				}
			}
		}
	}
	for _, code := range []vipcare.Code{needs.CodeRiskMismatch, needs.CodeAssessmentMissing, needs.CodeAssessmentExpired,
		needs.CodeLowestRiskGroup, needs.CodeNotQualified, needs.CodeCurrency, needs.CodeMinimumTicket,
		needs.CodeConcentration, needs.CodeNoRate, "too_old", "not_wealthy", "house_rule"} {
		assert.Positive(t, only[code], "%s alone refuses some product", code)
	}
	t.Log(only)
}

// TestPickDoesNotAllocate checks, on the clients of a small sample book
// decided every way, that Pick allocates nothing when its slices have
// room, as the benchmark claims, but for what its doc says a pack with Go
// checks and a ticket with no rate cost.
func TestPickDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	o := sample.Options{Seed: 1}
	for _, tt := range pickCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			v := sample.Valuation(o)
			if tt.usd {
				v = usdValuation(v.AsOf)
			}
			picks, skipped := make([]needs.Pick, 0, 16), make([]needs.Skip, 0, 16)
			for i, p := range sample.Profiles(o, 100) {
				if tt.edit != nil {
					tt.edit(i, &p)
				}
				f, err := v.Figures(&p)
				require.NoError(t, err)
				det := tt.a.Detect(&f)
				var history []needs.PlayMade
				if tt.history != nil {
					history = tt.history(i, v.AsOf)
				}
				allocs := testing.AllocsPerRun(100, func() {
					picks, skipped = tt.a.Pick(picks[:0], skipped[:0], &f, det, history, tt.limit)
				})
				require.LessOrEqual(t, allocs, tt.allocs, "client %d: Pick allocates", i)
			}
		})
	}
}

// TestPick decides for the entrepreneur of the recommendation tests, with
// one more play that offers the corporate cash product and refuses the
// equity fund (R4, above the client's C3).
func TestPick(t *testing.T) {
	a := advisor(t, func(s *needs.Spec) {
		s.Plays = append(s.Plays, needs.Play{ID: "mixed", Title: "Mixed", Needs: []needs.Need{needs.Integrated},
			Categories: []string{"corp_cash", "equity_fund"}})
	})
	p := entrepreneur()
	f := testkit.Figures(t, &p, testkit.Valuation(recAsOf))
	det := a.Detect(f)
	type pick struct {
		play            string
		need            needs.Need
		strength, fit   int
		score           int64
		offers, refused []string
	}
	summary := func(picks []needs.Pick) []pick {
		var out []pick
		for _, pk := range picks {
			out = append(out, pick{pk.Play, pk.Need, pk.Strength, pk.Fit, pk.Score, pk.Offers.Codes(), pk.Offers.Refused()})
		}
		return out
	}
	integrated := pick{"integrated", needs.Integrated, 100, 100, 100 * 100, []string{"CORP"}, nil}
	mixed := pick{"mixed", needs.Integrated, 100, 50, 100 * 50, []string{"CORP"}, []string{"EQ"}}
	safe := pick{"safe", needs.Preservation, 50, 100, 50 * 100, []string{"DEP", "BOND"}, nil}
	notSuitable := []needs.Skip{{Play: "growth", Code: needs.CodeNoSuitableProduct},
		{Play: "private", Code: needs.CodeNoSuitableProduct}}

	tests := []struct {
		name    string
		a       *needs.Advisor
		det     needs.Detection
		history []needs.PlayMade
		limit   int
		picks   []pick
		skipped []needs.Skip
	}{
		{"ranked by strength x fit, ties in play order", a, det, nil, 0, []pick{integrated, safe, mixed},
			notSuitable},
		{"a limit", a, det, nil, 2, []pick{integrated, safe},
			append(slices.Clone(notSuitable), needs.Skip{Play: "mixed", Code: needs.CodeMaxPlays})},
		{"a cool-down", a, det, []needs.PlayMade{{Play: "mixed", Date: recAsOf.AddDate(0, 0, -29)}}, 0,
			[]pick{integrated, safe}, []needs.Skip{{Play: "growth", Code: needs.CodeNoSuitableProduct},
				{Play: "private", Code: needs.CodeNoSuitableProduct}, {Play: "mixed", Code: needs.CodeCoolDown}}},
		{"a play dated after the as-of date: not made yet", a, det, []needs.PlayMade{{Play: "mixed", Date: recAsOf.AddDate(0, 0, 1)}}, 0,
			[]pick{integrated, safe, mixed}, notSuitable},
		{"needs detected by another advisor of the same scorecards", a, advisor(t, nil).Detect(f), nil, 0,
			[]pick{integrated, safe, mixed}, notSuitable},
		{"no needs detected", a, needs.Detection{}, nil, 0, nil, []needs.Skip{{Play: "integrated", Code: needs.CodeNoNeed},
			{Play: "safe", Code: needs.CodeNoNeed}, {Play: "growth", Code: needs.CodeNoNeed},
			{Play: "private", Code: needs.CodeNoNeed}, {Play: "mixed", Code: needs.CodeNoNeed}}},
		{"product-driven: by the quota of the products offered", a.ProductDriven(), det, nil, 0, []pick{
			{"safe", "", 0, 100, 1 + 3, []string{"DEP", "BOND"}, nil},
			{"integrated", "", 0, 100, 2, []string{"CORP"}, nil},
			{"mixed", "", 0, 50, 2, []string{"CORP"}, []string{"EQ"}},
		}, notSuitable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			picks, skipped := tt.a.Pick(nil, nil, f, tt.det, tt.history, tt.limit)
			assert.Equal(t, tt.picks, summary(picks))
			assert.Equal(t, tt.skipped, skipped)
			for _, pk := range picks {
				assert.Equal(t, len(pk.Offers.Codes()), pk.Offers.Len())
			}
		})
	}

	t.Run("appends", func(t *testing.T) {
		picks, skipped := a.Pick([]needs.Pick{{Play: "earlier"}}, []needs.Skip{{Play: "earlier"}}, f, det, nil, 0)
		require.Len(t, picks, 4)
		assert.Equal(t, "earlier", picks[0].Play)
		assert.Equal(t, []pick{integrated, safe, mixed}, summary(picks[1:]))
		assert.Equal(t, append([]needs.Skip{{Play: "earlier"}}, notSuitable...), skipped)
	})

	t.Run("no play made: picks as given", func(t *testing.T) {
		picks, _ := a.Pick(nil, nil, f, needs.Detection{}, nil, 0)
		assert.Nil(t, picks, "nil, as given")
		given := []needs.Pick{{Play: "earlier"}}
		picks, _ = a.Pick(given, nil, f, needs.Detection{}, nil, 0)
		require.Len(t, picks, 1)
		assert.Same(t, &given[0], &picks[0], "the caller's array, full as it was")
	})

	t.Run("appends to a client who opted out of profiling", func(t *testing.T) {
		q := entrepreneur()
		q.Contact.NoProfiling = true
		g := testkit.Figures(t, &q, testkit.Valuation(recAsOf))
		alone, _ := a.Pick(nil, nil, g, det, nil, 0)
		require.NotEmpty(t, alone, "the default list")
		picks, _ := a.Pick([]needs.Pick{{Play: "earlier"}}, nil, g, det, nil, 0)
		require.Len(t, picks, len(alone)+1)
		assert.Equal(t, summary(alone), summary(picks[1:]), "the same scores as from an empty list")
	})

	t.Run("the zero Offers", func(t *testing.T) {
		var o needs.Offers
		assert.Zero(t, o.Len())
		assert.Nil(t, o.Codes())
		assert.Nil(t, o.Refused())
	})
}

func TestCompileTooManyProducts(t *testing.T) {
	spec := testSpec()
	for i := len(spec.Products); i <= 256; i++ {
		spec.Products = append(spec.Products, needs.Product{Code: "P" + strconv.Itoa(i), Category: "deposit",
			Class: vipcare.Deposits, Risk: needs.R1})
	}
	_, err := spec.Compile(ageEnv)
	testkit.CheckProblems(t, err, problem("/products", "", policy.ErrTooMany))
	spec.Products = spec.Products[:256]
	_, err = spec.Compile(ageEnv)
	assert.NoError(t, err, "256 products are allowed")
}

// TestPickConcurrently decides a sample book from several goroutines at
// once with one advisor (run it with -race): the same answers as one at a
// time.
func TestPickConcurrently(t *testing.T) {
	a, err := houseSpec().Compile(houseEnv)
	require.NoError(t, err)
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	var figs []vipcare.Figures
	for _, p := range sample.Profiles(o, 200) {
		f, err := v.Figures(&p)
		require.NoError(t, err)
		figs = append(figs, f)
	}
	want := make([][]needs.Pick, len(figs))
	for i := range figs {
		want[i], _ = a.Pick(nil, nil, &figs[i], a.Detect(&figs[i]), nil, 0)
	}
	got := make([][][]needs.Pick, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range figs {
				picks, _ := a.Pick(nil, nil, &figs[i], a.Detect(&figs[i]), nil, 0)
				got[g] = append(got[g], picks)
			}
		}()
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, want, got[g], "goroutine %d", g)
	}
}
