package playbook_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// asOf is the as-of date of the tests.
var asOf = testkit.Day(2026, 6, 30)

// secretID is the ID of every client the tests build: no decision shows it.
const secretID = "C-SECRET-4711"

func valuation() vipcare.Valuation { return testkit.Valuation(asOf) }

// reference compiles the reference playbook over the sample shelf.
func reference(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	require.NoError(t, err)
	return pb
}

// client is a client active today, of risk C3 assessed a month ago, with
// aum in deposits at the bank and, unless offBank is "", real estate of
// offBank held elsewhere.
func client(aum, offBank string) vipcare.Profile {
	p := vipcare.Profile{ID: secretID, Since: asOf.AddDate(-3, 0, 0), Risk: vipcare.C3,
		RiskAssessed: asOf.AddDate(0, -1, 0), LastActive: asOf}
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H1", Class: vipcare.Deposits, Amount: testkit.CNY(aum)})
	if offBank != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H2", Class: vipcare.RealEstate,
			Amount: testkit.CNY(offBank), OffBank: true})
	}
	return p
}

// strategyClients are entrepreneurs with a maturity in five days, one for
// each strategy the reference rules choose, by the strategy's name. Their
// amounts end in 123, so that they cannot be mistaken for thresholds,
// which are policy and always shown.
func strategyClients() map[string]vipcare.Profile {
	clients := map[string]vipcare.Profile{
		"private":      client("7000123", ""),
		"premier":      client("2500123", ""),
		"growth":       client("100123", "6000123"),
		"relationship": client("600123", ""),
		"digital":      client("100123", ""),
	}
	for name, p := range clients {
		p.Entrepreneur = true
		p.Events = []vipcare.Event{{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 5), Holding: "H1",
			Amount: p.Holdings[0].Amount}}
		clients[name] = p
	}
	return clients
}

// amounts returns the client's own amounts, each plain and grouped
// ("7000123", "7,000,123"), and their total, plain and grouped.
func amounts(p vipcare.Profile) []string {
	var out []string
	total := decimal.Zero
	for _, h := range p.Holdings {
		out = append(out, h.Amount.Amount.String(), group(h.Amount.Amount.String()))
		total = total.Add(h.Amount.Amount)
	}
	if len(p.Holdings) > 1 {
		out = append(out, total.String(), group(total.String()))
	}
	return out
}

// group groups the digits of an integer literal by thousands.
func group(s string) string {
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// decide decides for p, checking that the decision is pure: the profile is
// unchanged and the same answer comes twice.
func decide(t *testing.T, pb *playbook.Playbook, p *vipcare.Profile, o playbook.Options) playbook.Explanation {
	t.Helper()
	before := testkit.Clone(*p)
	d, err := pb.Explain(p, valuation(), o)
	require.NoError(t, err)
	assert.Equal(t, before, *p, "the profile is unchanged")
	again, err := pb.Explain(p, valuation(), o)
	require.NoError(t, err)
	assert.Equal(t, d, again, "same answer twice")
	return d
}

// taskKinds returns the kinds of tasks, in order.
func taskKinds(tasks []contact.Task) []string {
	var out []string
	for _, t := range tasks {
		out = append(out, t.Kind)
	}
	return out
}

// The reference playbook decides every part for a client of each strategy,
// each part with its reason, and shows no client ID or amount.
func TestDecideEveryPart(t *testing.T) {
	pb := reference(t)
	entrepreneur := client("2500000", "4500000")
	entrepreneur.Entrepreneur = true
	entrepreneur.Corporates = []vipcare.CorporateLink{{ID: "K", Role: vipcare.RoleOwner}}
	entrepreneur.LastActive = asOf.AddDate(0, 0, -3)
	entrepreneur.Events = []vipcare.Event{{Kind: vipcare.EventLargeOutflow, Date: asOf.AddDate(0, 0, -1),
		Amount: testkit.CNY("800000")}}
	clients := strategyClients()
	upgraded := &tier.Step{Period: tier.MonthOf(testkit.Day(2026, 6, 1)), Code: tier.CodeUpgraded,
		Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}}, After: tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}}}

	tests := []struct {
		name     string
		p        vipcare.Profile
		o        playbook.Options
		tier     string
		segment  string
		need     needs.Need // the strongest need
		strategy string
		rule     string
		tasks    []string
		minutes  int
	}{
		{"diamond entrepreneur after a large outflow", entrepreneur, playbook.Options{},
			"diamond", "maintain", needs.Integrated, "premier", "diamond or maintain", []string{"retention"}, 580},
		{"private banking", clients["private"], playbook.Options{},
			"private banking", "maintain", needs.Diversification, "private", "private banking", []string{"maturity"}, 1260},
		{"diamond", clients["premier"], playbook.Options{},
			"diamond", "maintain", needs.Diversification, "premier", "diamond or maintain", []string{"maturity"}, 580},
		{"gold of high potential", clients["growth"], playbook.Options{},
			"gold", "grow", needs.Advice, "growth", "grow", []string{"maturity"}, 460},
		{"platinum", clients["relationship"], playbook.Options{},
			"platinum", "develop", needs.Diversification, "relationship", "platinum or develop", []string{"maturity"}, 315},
		{"gold, served digitally", clients["digital"], playbook.Options{},
			"gold", "serve digitally", needs.Diversification, "digital", "everyone else", []string{"maturity"}, 150},
		{"platinum just upgraded: a courtesy call", clients["relationship"], playbook.Options{TierChange: upgraded},
			"platinum", "develop", needs.Diversification, "relationship", "platinum or develop", []string{"maturity", "tier_change"}, 315},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decide(t, pb, &tt.p, tt.o)
			assert.Equal(t, tt.tier, d.Tier.Name)
			assert.Equal(t, d.Tier, d.TierWhy.Tier, "a qualified client's tier is the ladder's")
			assert.Equal(t, "qualified", d.Qualification)
			assert.Equal(t, tt.segment, d.Segment)
			require.NotNil(t, d.SegmentWhy)
			assert.Equal(t, tt.segment, d.SegmentWhy.Segment)
			require.NotEmpty(t, d.Needs)
			assert.Equal(t, tt.need, d.Needs[0].Need)
			for _, n := range d.Needs {
				assert.NotEmpty(t, n.Evidence, "every need comes with its evidence")
			}
			assert.Equal(t, tt.strategy, d.Strategy.Strategy.Name)
			assert.Equal(t, tt.rule, d.Strategy.Rule)
			assert.NotEmpty(t, d.Plays.Plays)
			assert.LessOrEqual(t, len(d.Plays.Plays), d.Strategy.Strategy.Plays)
			assert.True(t, d.Plays.Personalised)
			for _, rec := range d.Plays.Plays {
				assert.NotEmpty(t, rec.Reason)
			}
			assert.Equal(t, tt.tasks, taskKinds(d.Tasks))
			for _, task := range d.Tasks {
				assert.Equal(t, d.Strategy.Strategy.Owner, task.Owner, "the strategy's owner does the tasks")
				assert.NotEmpty(t, task.Reason)
			}
			assert.Empty(t, d.Suppressed)
			assert.Equal(t, tt.minutes, d.Minutes)

			text := d.String()
			for _, line := range []string{"tier: " + tt.tier + ": ", "qualification: qualified", "segment: " + tt.segment,
				"strategy: " + tt.strategy + " (rule " + strconv.Quote(tt.rule) + ")", "play 1: ",
				"workload: " + strconv.Itoa(tt.minutes) + " minutes a year"} {
				assert.Contains(t, text, line)
			}
			for _, secret := range append(amounts(tt.p), "800000", "800,000", secretID) {
				assert.NotContains(t, text, secret)
			}
		})
	}
}

// The reference playbook's decisions for the first clients of a sample
// book, as text: testdata/decisions.golden (go test -run Golden -update).
func TestDecideSampleGolden(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 1}
	var b strings.Builder
	for i, p := range sample.Profiles(o, 40) {
		d, err := pb.Explain(&p, sample.Valuation(o), playbook.Options{})
		require.NoError(t, err)
		fmt.Fprintf(&b, "# client %d\n%s\n\n", i, d)
		assert.NotContains(t, d.String(), p.ID)
	}
	testkit.Golden(t, "decisions.golden", b.String())
}

// Qualification caps the tier of an unqualified VIP, and the strategy reads
// the capped tier; the ladder's own tier stays visible in the explanation.
// A watch stops upgrades only, which a one-day decision has none of.
func TestQualificationCapsTheTier(t *testing.T) {
	dormant := func(aum string) vipcare.Profile {
		p := client(aum, "")
		p.LastActive = asOf.AddDate(-2, 0, 0)
		return p
	}
	unassign := func(s *playbook.Spec) { s.Ladder.Qualification.OnDisqualified = tier.Limit{Unassign: true} }
	stale := client("7000000", "")
	stale.RiskAssessed = asOf.AddDate(-2, 0, 0)

	tests := []struct {
		name          string
		spec          func(*playbook.Spec) // changes to the reference, if any
		p             vipcare.Profile
		ladderTier    string
		tier          string // "" for no tier
		qualification string
		rule          string // the strategy rule the capped tier leads to
	}{
		{"dormant private banking client: capped at mass, no premier service", nil, dormant("7000000"),
			"private banking", "mass", "disqualified: dormant", "everyone else"},
		{"dormant mass client: nothing to cap", nil, dormant("10000"),
			"mass", "mass", "disqualified: dormant", "everyone else"},
		{"stale risk assessment: watch, not capped", nil, stale,
			"private banking", "private banking", "watch: risk_assessment_expired", "private banking"},
		{"a bank that unassigns the disqualified", unassign, dormant("7000000"),
			"private banking", "", "disqualified: dormant", "everyone else"},
		{"no qualification rules: no qualification", func(s *playbook.Spec) { s.Ladder.Qualification = tier.QualificationSpec{} },
			dormant("7000000"), "private banking", "private banking", "", "private banking"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := playbook.Reference(sample.Shelf())
			if tt.spec != nil {
				tt.spec(&spec)
			}
			pb, err := spec.Compile(nil)
			require.NoError(t, err)
			d := decide(t, pb, &tt.p, playbook.Options{})
			assert.Equal(t, tt.ladderTier, d.TierWhy.Tier.Name, "the ladder's tier stays visible")
			assert.Equal(t, tt.tier, d.Tier.Name)
			assert.Equal(t, tt.qualification, d.Qualification)
			assert.Equal(t, tt.rule, d.Strategy.Rule)
			limited := "limited to " + d.Tier.String() + " by qualification"
			if tt.tier == tt.ladderTier {
				assert.NotContains(t, d.String(), "limited to")
			} else {
				assert.Contains(t, d.String(), limited)
			}
			if tt.qualification == "" {
				assert.NotContains(t, d.String(), "qualification:")
			}
		})
	}
}

// The client's preferences always win over the bank's strategy, for a
// client of every reference strategy, each preference alone and together.
func TestPreferencesWin(t *testing.T) {
	pb := reference(t)
	tests := []struct {
		name   string
		prefs  vipcare.Preferences
		values bool
		check  func(t *testing.T, d playbook.Explanation, p vipcare.Profile)
	}{
		{"discreet: discreet channels, no events, no amounts even with values", vipcare.Preferences{Discreet: true}, true,
			func(t *testing.T, d playbook.Explanation, p vipcare.Profile) {
				text := d.String()
				for _, a := range amounts(p) {
					assert.NotContains(t, text, a, "a discreet client's amounts never show")
				}
				js := mustJSON(t, d)
				assert.NotContains(t, js, `"value":`, "no client value in any explanation")
				assert.NotContains(t, js, `"score":"`, "no client score in the segment's explanation")
				assert.False(t, d.Strategy.Strategy.Service.Events)
				assert.False(t, d.Strategy.Strategy.Service.Recognition)
				assert.NotEmpty(t, d.Strategy.Strategy.Touches)
				for _, touch := range d.Strategy.Strategy.Touches {
					assert.True(t, touch.Channel.IsDiscreet(), "%s", touch.Channel)
				}
				assert.NotEmpty(t, d.Tasks)
				for _, task := range d.Tasks {
					assert.True(t, task.Channel.IsDiscreet(), "%s", task.Channel)
				}
			}},
		{"do not contact: no touches, no plays, tasks suppressed", vipcare.Preferences{DoNotContact: true}, false,
			func(t *testing.T, d playbook.Explanation, p vipcare.Profile) {
				assert.Empty(t, d.Strategy.Strategy.Touches)
				assert.Zero(t, d.Strategy.Strategy.Plays)
				assert.Empty(t, d.Plays.Plays)
				assert.True(t, d.Plays.Personalised, "not an opt-out of profiling")
				assert.Equal(t, []needs.Skip{{Code: needs.CodeMaxPlays, Reason: "the " + d.Strategy.Strategy.Name +
					" strategy, as the client's preferences leave it, carries no plays"}}, d.Plays.Skipped)
				assert.Empty(t, d.Tasks)
				require.Len(t, d.Suppressed, 1)
				assert.Equal(t, "maturity", d.Suppressed[0].Kind)
				assert.Equal(t, contact.CodeDoNotContact, d.Suppressed[0].Code)
				assert.Contains(t, d.String(), "not contacted: maturity (do_not_contact)")
				assert.NotEmpty(t, d.Segment, "do-not-contact is not an opt-out of profiling")
				assert.NotEmpty(t, d.Needs)
			}},
		{"no profiling: no segment, no needs, the default strategy and plays", vipcare.Preferences{NoProfiling: true}, false,
			func(t *testing.T, d playbook.Explanation, p vipcare.Profile) {
				assert.Empty(t, d.Needs)
				assert.Empty(t, d.Segment)
				assert.Nil(t, d.SegmentWhy)
				assert.Equal(t, "standard", d.Strategy.Strategy.Name)
				assert.False(t, d.Plays.Personalised)
				require.Len(t, d.Plays.Plays, 1)
				assert.Equal(t, "standard_review", d.Plays.Plays[0].Play, "the default play")
				for _, rec := range d.Plays.Plays {
					assert.Empty(t, rec.Evidence)
				}
				assert.NotContains(t, d.String(), "segment:")
				assert.NotContains(t, d.String(), "need:")
				assert.Equal(t, []string{"maturity"}, taskKinds(d.Tasks), "service triggers still apply")
			}},
		{"do not contact, no profiling", vipcare.Preferences{DoNotContact: true, NoProfiling: true}, false,
			func(t *testing.T, d playbook.Explanation, p vipcare.Profile) {
				assert.Empty(t, d.Needs, "no profiling: no needs shown")
				assert.Empty(t, d.Segment)
				assert.Equal(t, "standard", d.Strategy.Strategy.Name)
				assert.Empty(t, d.Strategy.Strategy.Touches)
				assert.Empty(t, d.Plays.Plays)
				assert.False(t, d.Plays.Personalised)
				assert.Empty(t, d.Tasks)
				require.Len(t, d.Suppressed, 1)
				assert.Equal(t, contact.CodeDoNotContact, d.Suppressed[0].Code)
			}},
		{"consented channels only", vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelWeChat}}, false,
			func(t *testing.T, d playbook.Explanation, p vipcare.Profile) {
				assert.NotEmpty(t, d.Strategy.Strategy.Touches)
				for _, touch := range d.Strategy.Strategy.Touches {
					assert.Equal(t, vipcare.ChannelWeChat, touch.Channel)
				}
				require.NotEmpty(t, d.Tasks)
				for _, task := range d.Tasks {
					assert.Equal(t, vipcare.ChannelWeChat, task.Channel)
				}
			}},
	}
	for name, base := range strategyClients() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				p := testkit.Clone(base)
				p.Contact = tt.prefs
				d := decide(t, pb, &p, playbook.Options{Values: tt.values})
				tt.check(t, d, p)
				assert.NotContains(t, d.String(), secretID)
			})
		}
	}
}

// The plays are the advisor's, cut to the strategy's number: every play
// beyond it is skipped with its reason, in rank order with the advisor's
// own max_plays skips. The
// client's history reaches the advisor, for cool-downs.
func TestPlaysCutToTheStrategy(t *testing.T) {
	pb := reference(t)
	advisor, err := needs.Reference(sample.Shelf()).Compile(ageEnv)
	require.NoError(t, err)
	clients := strategyClients()
	recent := []needs.PlayMade{{Play: "global_diversification", Date: asOf.AddDate(0, 0, -10)}}
	tests := []struct {
		name    string
		p       vipcare.Profile
		history []needs.PlayMade
		plays   int // the strategy's number
		cut     int // plays skipped for it
	}{
		{"private: 3 plays", clients["private"], nil, 3, 0},
		{"premier: 3 plays", clients["premier"], nil, 3, 0},
		{"growth: 2 plays", clients["growth"], nil, 2, 1},
		{"relationship: 2 plays", clients["relationship"], nil, 2, 1},
		{"digital: 1 play", clients["digital"], nil, 1, 2},
		{"digital, a play made 10 days ago", clients["digital"], recent, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decide(t, pb, &tt.p, playbook.Options{History: tt.history})
			require.Equal(t, tt.plays, d.Strategy.Strategy.Plays)

			// the advisor alone, as the naive reference
			f := testkit.Figures(t, &tt.p, valuation())
			want := advisor.Recommend(f, advisor.Detect(f), tt.history, policy.ExplainOptions{})
			require.Len(t, want.Plays, tt.plays+tt.cut)
			// the strategy's cuts rank above the advisor's own: before them
			at := slices.IndexFunc(want.Skipped, func(s needs.Skip) bool { return s.Code == needs.CodeMaxPlays })
			if at < 0 {
				at = len(want.Skipped)
			}
			for k, extra := range want.Plays[tt.plays:] {
				want.Skipped = slices.Insert(want.Skipped, at+k, needs.Skip{Play: extra.Play, Code: needs.CodeMaxPlays,
					Reason: "the " + d.Strategy.Strategy.Name + " strategy carries " + playsInWords(tt.plays)})
			}
			want.Plays = want.Plays[:tt.plays]
			assert.Equal(t, want, d.Plays)
			for _, made := range tt.history {
				assert.True(t, slices.ContainsFunc(d.Plays.Skipped, func(s needs.Skip) bool {
					return s.Play == made.Play && s.Code == needs.CodeCoolDown
				}), "%s is cooling down", made.Play)
			}
		})
	}
}

// mustJSON returns v as JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// withoutTaskClients returns d with its tasks' client identifiers blanked.
// A task carries its client's ID by design, so that rm can schedule it
// against the book, and contact.Task marshals it; its fmt and slog output
// do not show it (contact's tests check that). Every other part of the
// decision is checked here.
func withoutTaskClients(d playbook.Explanation) playbook.Explanation {
	d.Tasks = append([]contact.Task(nil), d.Tasks...)
	for i := range d.Tasks {
		d.Tasks[i].Client = ""
	}
	return d
}

// A decision's text, JSON, fmt and slog output carry no client ID, and the
// client's amounts only when values are asked for and the client is not
// discreet.
func TestDecisionRedacted(t *testing.T) {
	pb := reference(t)
	tests := []struct {
		name        string
		values      bool
		discreet    bool
		wantAmounts bool
	}{
		{"no values", false, false, false},
		{"values", true, false, true},
		{"discreet", false, true, false},
		{"discreet, values asked for", true, true, false},
	}
	for name, base := range strategyClients() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				p := testkit.Clone(base)
				p.Contact.Discreet = tt.discreet
				d := decide(t, pb, &p, playbook.Options{Values: tt.values})
				secrets := amounts(p)
				text, js := d.String(), mustJSON(t, withoutTaskClients(d))
				for _, out := range []string{text, js} {
					assert.NotContains(t, out, secretID)
					shown := false
					for _, a := range secrets {
						shown = shown || strings.Contains(out, a)
					}
					assert.Equal(t, tt.wantAmounts, shown, "amounts shown: %s", out)
				}
				if !tt.wantAmounts {
					testkit.AssertRedacted(t, withoutTaskClients(d), append(secrets, secretID)...)
				} else {
					testkit.AssertRedacted(t, withoutTaskClients(d), secretID)
				}
			})
		}
	}
}

// One compiled playbook decides from many goroutines at once, with the
// same decisions as serially (run with -race).
func TestDecideConcurrentUse(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 4}
	var book []vipcare.Profile
	for _, p := range sample.Profiles(o, 50) {
		book = append(book, p)
	}
	v := sample.Valuation(o)
	want := make([]playbook.Explanation, len(book))
	for i := range book {
		d, err := pb.Explain(&book[i], v, playbook.Options{Values: i%2 == 0})
		require.NoError(t, err)
		want[i] = d
	}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range book {
				i := (k + g) % len(book) // goroutines start at different clients
				d, err := pb.Explain(&book[i], v, playbook.Options{Values: i%2 == 0})
				if err != nil || !reflect.DeepEqual(d, want[i]) {
					t.Errorf("client %d differs under concurrency: %v", i, err)
				}
			}
		}()
	}
	wg.Wait()
}

// Decide fails only when the figures cannot be computed, the profile or
// the valuation's currency or date is missing, or the valuation is not in
// the playbook's currency, never naming the client.
func TestDecideErrors(t *testing.T) {
	pb := reference(t)
	noRate := client("123456", "")
	noRate.Holdings[0].Amount.Currency = "EUR"
	usd := vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD,
		Rates: policy.Must(vipcare.NewRates(vipcare.USD, map[vipcare.Currency]decimal.Decimal{vipcare.CNY: testkit.Dec("0.14")}))}
	tests := []struct {
		name string
		p    vipcare.Profile
		v    vipcare.Valuation
		want []testkit.Want
	}{
		{"valuation in another currency", client("123456", ""), usd,
			[]testkit.Want{{Path: "/valuation/currency", Name: "USD", Err: vipcare.ErrCurrency}}},
		{"an amount without a rate", noRate, valuation(),
			[]testkit.Want{{Path: "/holdings/0/amount", Err: vipcare.ErrNoRate}}},
		{"a zero valuation", client("123456", ""), vipcare.Valuation{},
			[]testkit.Want{{Path: "/valuation/currency", Err: policy.ErrMissing}, {Path: "/valuation/as_of", Err: policy.ErrMissing}}},
		{"no as-of date", client("123456", ""), vipcare.Valuation{Currency: vipcare.CNY},
			[]testkit.Want{{Path: "/valuation/as_of", Err: policy.ErrMissing}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := testkit.Clone(tt.p)
			d, err := pb.Explain(&tt.p, tt.v, playbook.Options{})
			testkit.CheckProblems(t, err, tt.want...)
			assert.NotContains(t, err.Error(), secretID)
			assert.NotContains(t, err.Error(), "123456")
			assert.Equal(t, playbook.Explanation{}, d, "no partial decision")
			assert.Equal(t, before, tt.p, "the profile is unchanged")
			_, err = pb.Decide(&tt.p, tt.v, playbook.Options{}, nil)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}

	// No profile is an error, with the valuation's problems, not a panic.
	_, err := pb.Decide(nil, vipcare.Valuation{}, playbook.Options{}, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/profile", Err: policy.ErrMissing},
		testkit.Want{Path: "/valuation/currency", Err: policy.ErrMissing}, testkit.Want{Path: "/valuation/as_of", Err: policy.ErrMissing})
	_, err = pb.Explain(nil, valuation(), playbook.Options{})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/profile", Err: policy.ErrMissing})
}

// A segmentation that leaves its currency out takes the playbook's, in
// which every client's figures are: it compiles, decides as with the
// currency written, and the caller's spec keeps it left out.
func TestSegmentationCurrencyLeftOut(t *testing.T) {
	written := playbook.Reference(sample.Shelf())
	left := playbook.Reference(sample.Shelf())
	left.Segmentation.Currency = ""
	a, err := written.Compile(nil)
	require.NoError(t, err)
	b, err := left.Compile(nil)
	require.NoError(t, err)
	assert.Empty(t, left.Segmentation.Currency, "the caller's spec is not changed")
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	for i, p := range sample.Profiles(o, 200) {
		da, err := a.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		db, err := b.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		require.Equal(t, da.Segment, db.Segment, "client %d", i)
	}
}

// A part left out of the spec is left out of every decision.
func TestPartsLeftOut(t *testing.T) {
	f := policy.Field
	spec := playbook.Spec{
		Currency: vipcare.CNY,
		Ladder:   tier.Reference(),
		Strategies: contact.StrategySpec{
			Strategies: []contact.Strategy{
				{Name: "vip", Owner: contact.SeniorRM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 6}}, Plays: 2},
				{Name: "everyone", Owner: contact.DigitalTeam, Touches: []contact.Touch{{Channel: vipcare.ChannelEmail, PerYear: 2}}},
			},
			Rules: []policy.Row[string]{
				{Name: "diamond and up", When: f("tier").In("diamond", "private banking"), Then: "vip"},
				{Name: "everyone else", Then: "everyone"},
			},
			Default: "everyone",
		},
	}
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	p := strategyClients()["private"]
	d := decide(t, pb, &p, playbook.Options{})
	assert.Equal(t, "private banking", d.Tier.Name)
	assert.Equal(t, "qualified", d.Qualification)
	assert.Empty(t, d.Segment)
	assert.Nil(t, d.SegmentWhy)
	assert.Empty(t, d.Needs)
	assert.Equal(t, "vip", d.Strategy.Strategy.Name)
	assert.Equal(t, needs.Recommendations{Personalised: true}, d.Plays, "no advisor, no plays")
	assert.Equal(t, []string{"maturity"}, taskKinds(d.Tasks), "the default triggers")
	assert.Zero(t, d.Minutes, "no workload")
	assert.NotContains(t, d.String(), "workload:")
}

// Compile reports every problem of every part at once, each re-rooted
// under its part in the spec's JSON form; it does not change the spec.
func TestCompileProblems(t *testing.T) {
	type want = testkit.Want
	growWithAdvice := policy.All(policy.Field("segment").EQ("grow"), policy.Field("need.advice").GE(50))
	tests := []struct {
		name   string
		change func(s *playbook.Spec)
		want   []want
	}{
		{"the zero spec", func(s *playbook.Spec) { *s = playbook.Spec{} }, []want{
			{Path: "/currency", Err: policy.ErrMalformed},
			{Path: "/ladder/currency", Err: policy.ErrMissing},
			{Path: "/ladder/rungs", Err: policy.ErrMissing},
			{Path: "/strategies/default", Err: policy.ErrUnknown},
			{Path: "/strategies/rules", Err: policy.ErrMissing},
		}},
		{"a problem in every part", func(s *playbook.Spec) {
			s.Ladder.Rungs[2].From = s.Ladder.Rungs[1].From
			s.Segmentation.Dimensions[0].Bands[1].Name = s.Segmentation.Dimensions[0].Bands[0].Name
			s.Needs.Scorecards[0].Min = -5
			s.Strategies.Rules[1].Then = "premeir"
			s.Strategies.Rules[3].When = policy.Any(policy.Field("tier").EQ("platinum"), policy.Field("segmnt").EQ("develop"))
			s.Triggers.MaturityDays = -1
			s.Workload.Preparation = -1
		}, []want{
			{Path: "/ladder/rungs/2/from", Name: "platinum", Err: policy.ErrDuplicate},
			{Path: "/segmentation/dimensions/0/bands/1/name", Name: "low", Err: policy.ErrDuplicate},
			{Path: "/needs/scorecards/0/min", Name: "integrated", Err: policy.ErrOutOfRange},
			{Path: "/strategies/rules/1/then", Name: "premeir", Err: policy.ErrUnknown},
			{Path: "/strategies/rules/3/when/any/1/field", Name: "segmnt", Err: policy.ErrUnknown},
			{Path: "/triggers/maturity_days", Err: policy.ErrOutOfRange},
			{Path: "/workload/preparation", Err: policy.ErrOutOfRange},
		}},
		{"rules reading a field of their own or a later stage", func(s *playbook.Spec) {
			s.Ladder.Qualification.Rules[0].When = policy.Field("tier_rank").GE(30)
			s.Ladder.Rungs[1].When = policy.Field("need.advice").GE(50)
			s.Segmentation.Matrix[0].When = policy.All(policy.Field("value").EQ("high"), policy.Field("segment").EQ("grow"))
			s.Needs.Scorecards[0].Signals[0].When = policy.Field("need.advice").GE(50)
			s.Needs.Scorecards[0].Signals[1].When = policy.Field("tier").EQ("gold") // only the strategies read it
		}, []want{
			{Path: "/ladder/rungs/1/when/field", Name: "need.advice", Err: policy.ErrStage},
			{Path: "/ladder/qualification/rules/0/when/field", Name: "tier_rank", Err: policy.ErrStage},
			{Path: "/segmentation/matrix/0/when/all/1/field", Name: "segment", Err: policy.ErrStage},
			{Path: "/needs/scorecards/0/signals/0/when/field", Name: "need.advice", Err: policy.ErrStage},
			{Path: "/needs/scorecards/0/signals/1/when/field", Name: "tier", Err: policy.ErrStage},
		}},
		{"a malformed currency", func(s *playbook.Spec) { s.Currency = "cny" }, []want{
			{Path: "/currency", Name: "cny", Err: policy.ErrMalformed},
		}},
		{"a ladder in another currency", func(s *playbook.Spec) { s.Ladder.Currency = vipcare.USD }, []want{
			{Path: "/ladder/currency", Name: "USD", Err: vipcare.ErrCurrency},
		}},
		{"a segmentation in another currency", func(s *playbook.Spec) { s.Segmentation.Currency = vipcare.USD }, []want{
			{Path: "/segmentation/currency", Name: "USD", Err: vipcare.ErrCurrency},
		}},
		{"a qualified-investor test in another currency", func(s *playbook.Spec) {
			q := *s.Needs.Pack.QualifiedInvestor // not the reference's
			q.Currency = vipcare.USD
			s.Needs.Pack.QualifiedInvestor = &q
		}, []want{
			{Path: "/needs/pack/qualified_investor/currency", Name: "USD", Err: vipcare.ErrCurrency},
		}},
		{"a playbook in another currency than its parts", func(s *playbook.Spec) { s.Currency = vipcare.USD }, []want{
			{Path: "/ladder/currency", Name: "CNY", Err: vipcare.ErrCurrency},
			{Path: "/segmentation/currency", Name: "CNY", Err: vipcare.ErrCurrency},
			{Path: "/needs/pack/qualified_investor/currency", Name: "CNY", Err: vipcare.ErrCurrency},
		}},
		{"strategies reading a segment without a segmentation", func(s *playbook.Spec) { s.Segmentation = nil }, []want{
			{Path: "/strategies/rules/1/when/any/1/all/0/field", Name: "segment", Err: policy.ErrUnknown},
			{Path: "/strategies/rules/2/when/field", Name: "segment", Err: policy.ErrUnknown},
			{Path: "/strategies/rules/3/when/any/1/field", Name: "segment", Err: policy.ErrUnknown},
		}},
		{"a failed ladder and segmentation: their fields are no problem of the strategies", func(s *playbook.Spec) {
			s.Ladder.Rungs[2].From = s.Ladder.Rungs[1].From
			s.Segmentation.Dimensions[0].Bands[1].Name = s.Segmentation.Dimensions[0].Bands[0].Name
		}, []want{
			{Path: "/ladder/rungs/2/from", Name: "platinum", Err: policy.ErrDuplicate},
			{Path: "/segmentation/dimensions/0/bands/1/name", Name: "low", Err: policy.ErrDuplicate},
		}},
		{"a failed advisor: its needs are no problem of the strategies", func(s *playbook.Spec) {
			s.Needs.Scorecards[0].Min = -5
			s.Strategies.Rules[2].When = growWithAdvice
		}, []want{
			{Path: "/needs/scorecards/0/min", Name: "integrated", Err: policy.ErrOutOfRange},
		}},
		{"strategies reading a need without an advisor", func(s *playbook.Spec) {
			s.Needs = nil
			s.Strategies.Rules[2].When = growWithAdvice
		}, []want{
			{Path: "/strategies/rules/2/when/all/1/field", Name: "need.advice", Err: policy.ErrUnknown},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := playbook.Reference(sample.Shelf())
			tt.change(&spec)
			before := mustJSON(t, spec)
			pb, err := spec.Compile(nil)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Nil(t, pb)
			assert.Equal(t, before, mustJSON(t, spec), "the spec is unchanged")
		})
	}
}

// The reference spec compiles, and Reference is a new value each call.
func TestReference(t *testing.T) {
	spec := playbook.Reference(sample.Shelf())
	before := mustJSON(t, spec)
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	require.NotNil(t, pb)
	assert.Equal(t, before, mustJSON(t, spec), "the spec is unchanged")

	spec.Segmentation.Currency = vipcare.USD
	spec.Workload.Preparation = 99
	spec.Ladder.Rungs[0].Tier.Name = "changed"
	assert.Equal(t, before, mustJSON(t, playbook.Reference(sample.Shelf())), "a new value each call")
}

// BenchmarkExplain is one client's whole decision from its profile, explained: figures,
// tier and its explanation, qualification, segment, needs with evidence,
// strategy, ranked plays against the sample shelf, triggers and workload.
func BenchmarkExplain(b *testing.B) {
	pb := reference(b)
	o := sample.Options{Seed: 1}
	var book []vipcare.Profile
	for _, p := range sample.Profiles(o, 64) {
		book = append(book, p)
	}
	v := sample.Valuation(o)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pb.Explain(&book[i%len(book)], v, playbook.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// playsInWords is "1 play" or "n plays".
func playsInWords(n int) string {
	if n == 1 {
		return "1 play"
	}
	return strconv.Itoa(n) + " plays"
}

// What stops every decision of a run is reported once, before it, all at
// once: the valuation's currency and date, the period's last day, and a
// policy not in effect.
func TestCheckRun(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil) // effective from 2026-01-01
	require.NoError(t, err)
	v := valuation()
	month := tier.MonthOf(v.AsOf)
	notInEffect := v
	notInEffect.AsOf = time.Date(2025, 12, 31, 0, 0, 0, 0, v.AsOf.Location()) // the reference applies from 2026
	tests := []struct {
		name   string
		v      vipcare.Valuation
		period tier.Period
		want   []testkit.Want
	}{
		{"a run as of its last day", v, month, nil},
		{"one day's decisions", v, tier.Period{}, nil},
		{"as of another day", v, month.Next(), []testkit.Want{{Path: "/valuation/as_of", Name: month.Next().String(), Err: policy.ErrOutOfRange}}},
		{"before the policy applies", notInEffect, tier.MonthOf(notInEffect.AsOf),
			[]testkit.Want{{Path: "/valuation/as_of", Name: "vipcare-reference 2026.1", Err: policy.ErrOutOfRange}}},
		{"before the policy applies, one day", notInEffect, tier.Period{},
			[]testkit.Want{{Path: "/valuation/as_of", Name: "vipcare-reference 2026.1", Err: policy.ErrOutOfRange}}},
		{"before the policy applies, and not the period's last day", notInEffect, month,
			[]testkit.Want{{Path: "/valuation/as_of", Name: month.String(), Err: policy.ErrOutOfRange},
				{Path: "/valuation/as_of", Name: "vipcare-reference 2026.1", Err: policy.ErrOutOfRange}}},
		{"a zero valuation", vipcare.Valuation{}, month,
			[]testkit.Want{{Path: "/valuation/currency", Err: policy.ErrMissing}, {Path: "/valuation/as_of", Err: policy.ErrMissing}}},
		{"another currency, as of another day", vipcare.Valuation{AsOf: v.AsOf, Currency: vipcare.USD}, month.Next(),
			[]testkit.Want{{Path: "/valuation/currency", Name: "USD", Err: vipcare.ErrCurrency},
				{Path: "/valuation/as_of", Name: month.Next().String(), Err: policy.ErrOutOfRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pb.CheckRun(tt.v, tt.period)
			if len(tt.want) == 0 {
				require.NoError(t, err)
				return
			}
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

func TestInEffect(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name     string
		from, to string
		at       time.Time
		want     bool
	}{
		{"open", "", "", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"on the first day", "2026-01-01", "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"the day before", "2026-01-01", "", time.Date(2025, 12, 31, 23, 59, 0, 0, time.UTC), false},
		{"on the last day", "2026-01-01", "2026-12-31", time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), true},
		{"the day after", "2026-01-01", "2026-12-31", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"a day in the as-of date's location", "2026-01-01", "", time.Date(2026, 1, 1, 0, 30, 0, 0, shanghai), true},
		{"not a date", "1 January 2026", "", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := playbook.Identity{ID: "p", Version: "1", EffectiveFrom: tt.from, EffectiveUntil: tt.to}
			assert.Equal(t, tt.want, id.InEffect(tt.at))
		})
	}
}
