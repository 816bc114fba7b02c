package contact_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// The helpers of the strategy tests start with "st" (or are methods of
// world) so that they cannot collide with those of other test files.

// stAsOf is the as-of date of the strategy tests.
var stAsOf = testkit.Day(2026, 6, 30)

// world holds the reference parts a strategy reads: the ladder, the
// segmentation and the needs advisor, and the reference strategies over
// them.
type world struct {
	ladder *tier.Ladder
	seg    *segment.Segmentation
	adv    *needs.Advisor
	st     *contact.Strategies
}

func newWorld(t testing.TB) world {
	t.Helper()
	w := world{
		ladder: policy.Must(tier.Reference().Compile(nil)),
		seg:    policy.Must(segment.Reference().Compile(nil)),
		adv:    policy.Must(needs.Reference(sample.Shelf()).Compile(ageEnv)),
	}
	st, err := contact.ReferenceStrategies().Compile(nil, w.ladder, w.seg, w.adv)
	require.NoError(t, err)
	w.st = st
	return w
}

// facts computes a client's facts as a playbook would.
func (w world) facts(t testing.TB, p *vipcare.Profile) contact.Facts {
	t.Helper()
	f := testkit.Figures(t, p, testkit.Valuation(stAsOf))
	tr, err := w.ladder.Assign(f)
	require.NoError(t, err)
	pl, err := w.seg.Place(f)
	require.NoError(t, err)
	return contact.Facts{Figures: f, Tier: tr, Segment: pl.Segment(), Needs: w.adv.Detect(f)}
}

// stClient is a client with aum in deposits at the bank and, unless
// offBank is "", real estate of offBank held elsewhere.
func stClient(aum, offBank string) vipcare.Profile {
	p := vipcare.Profile{ID: "C-STRAT", Risk: vipcare.C3, RiskAssessed: stAsOf.AddDate(0, -1, 0)}
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H1", Class: vipcare.Deposits, Amount: testkit.CNY(aum)})
	if offBank != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H2", Class: vipcare.RealEstate,
			Amount: testkit.CNY(offBank), OffBank: true})
	}
	return p
}

// stClients are a client of each reference strategy chosen by the rules,
// by the strategy's name.
func stClients() map[string]vipcare.Profile {
	return map[string]vipcare.Profile{
		"private":      stClient("7000000", ""),
		"premier":      stClient("2500000", ""),
		"growth":       stClient("100000", "6000000"),
		"relationship": stClient("600000", ""),
		"digital":      stClient("100000", ""),
	}
}

func TestStrategyChosenByTierAndSegment(t *testing.T) {
	w := newWorld(t)
	owner := func(p vipcare.Profile) vipcare.Profile {
		p.Entrepreneur = true
		p.Corporates = []vipcare.CorporateLink{{ID: "K", Role: vipcare.RoleOwner}}
		return p
	}
	tests := []struct {
		name      string
		why       string
		p         vipcare.Profile
		tier, seg string // the facts the rules read
		want      string
		rule      string
	}{
		{"private banking", "the tier alone decides", stClient("7000000", ""),
			"private banking", "maintain", "private", "private banking"},
		{"diamond", "diamond or the maintain segment", stClient("2500000", ""),
			"diamond", "maintain", "premier", "diamond or maintain"},
		{"grow: low value, high potential", "the segment decides", stClient("100000", "6000000"),
			"gold", "grow", "growth", "grow"},
		{"platinum", "platinum or the develop segment", stClient("600000", ""),
			"platinum", "develop", "relationship", "platinum or develop"},
		{"develop: low value, mid potential", "the segment decides", stClient("100000", "2500000"),
			"gold", "develop", "relationship", "platinum or develop"},
		{"serve digitally", "the last rule has no condition", stClient("100000", ""),
			"gold", "serve digitally", "digital", "everyone else"},
		{"business owner", "a business is a head start in potential, not a band: the reference rules read no need", owner(stClient("100000", "")),
			"gold", "serve digitally", "digital", "everyone else"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			before := testkit.Clone(p)
			c := w.facts(t, &p)
			require.Equal(t, tt.tier, c.Tier.Name, "the client's tier")
			require.Equal(t, tt.seg, c.Segment, "the client's segment")
			factsBefore := *c.Figures

			d := w.st.Choose(&c)
			assert.Equal(t, tt.want, d.Strategy.Name, tt.why)
			assert.Equal(t, tt.rule, d.Rule, tt.why)
			assert.Empty(t, d.Constraints, "an unconstrained client gets the strategy as written")
			want, ok := w.st.Strategy(tt.want)
			require.True(t, ok)
			assert.Equal(t, want, d.Strategy)

			assert.Equal(t, d, w.st.Choose(&c), "same answer twice")
			assert.Equal(t, before, p, "the profile is unchanged")
			assert.Equal(t, factsBefore, *c.Figures, "the figures are unchanged")
		})
	}
}

// Rules read "tier", "segment" and "need.<name>" fields, besides the
// environment's; a rule with no name is named by its row; a client no rule
// matches gets the default.
func TestRulesReadTheFacts(t *testing.T) {
	w := newWorld(t)
	f := policy.Field
	business := stClient("100000", "")
	business.Entrepreneur = true
	business.Corporates = []vipcare.CorporateLink{{ID: "K", Role: vipcare.RoleOwner}}
	tests := []struct {
		name  string
		rules []policy.Row[string] // put before the reference rules
		drop  bool                 // replace the reference rules instead
		p     vipcare.Profile
		edit  func(c *contact.Facts) // changes the facts, if not nil
		want  string
		rule  string
	}{
		{name: "need strength",
			rules: []policy.Row[string]{{Name: "business owners", When: f("need.integrated").GE(70), Then: "premier"}},
			p:     business, want: "premier", rule: "business owners"},
		{name: "need too weak",
			rules: []policy.Row[string]{{Name: "business owners", When: f("need.integrated").GE(70), Then: "premier"}},
			p:     stClient("100000", ""), want: "digital", rule: "everyone else"},
		{name: "tier",
			rules: []policy.Row[string]{{Name: "gold", When: f("tier").EQ("gold"), Then: "premier"}},
			p:     stClient("100000", ""), want: "premier", rule: "gold"},
		{name: "unassigned tier", drop: true,
			rules: []policy.Row[string]{{Name: "no tier", When: f("tier").EQ("unassigned"), Then: "growth"}},
			p:     stClient("100000", ""), edit: func(c *contact.Facts) { c.Tier = tier.Tier{} },
			want: "growth", rule: "no tier"},
		{name: "lowest tier", drop: true,
			rules: []policy.Row[string]{{Name: "no tier", When: f("tier").EQ("unassigned"), Then: "growth"},
				{Name: "mass", When: f("tier").LE("mass"), Then: "premier"}},
			p:    vipcare.Profile{ID: "C-EMPTY"},
			want: "premier", rule: "mass"},
		{name: "no segment", drop: true,
			rules: []policy.Row[string]{{Name: "unplaced", When: f("segment").EQ("none"), Then: "growth"}},
			p:     stClient("100000", ""), edit: func(c *contact.Facts) { c.Segment = "" },
			want: "growth", rule: "unplaced"},
		{name: "segment",
			rules: []policy.Row[string]{{Name: "digital first", When: f("segment").EQ("serve digitally"), Then: "relationship"}},
			p:     stClient("100000", ""), want: "relationship", rule: "digital first"},
		{name: "environment field",
			rules: []policy.Row[string]{{Name: "assessed", When: f("risk_level").EQ("C3"), Then: "growth"}},
			p:     stClient("100000", ""), want: "growth", rule: "assessed"},
		{name: "unnamed rule", drop: true,
			rules: []policy.Row[string]{{When: f("tier").EQ("platinum"), Then: "premier"}, {Then: "growth"}},
			p:     stClient("100000", ""), want: "growth", rule: "row 1"},
		{name: "no rule matched", drop: true,
			rules: []policy.Row[string]{{Name: "platinum", When: f("tier").EQ("platinum"), Then: "premier"}},
			p:     stClient("100000", ""), want: "standard", rule: "no rule matched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := contact.ReferenceStrategies()
			if tt.drop {
				spec.Rules = tt.rules
			} else {
				spec.Rules = append(tt.rules, spec.Rules...)
			}
			st, err := spec.Compile(nil, w.ladder, w.seg, w.adv)
			require.NoError(t, err)
			c := w.facts(t, &tt.p)
			if tt.edit != nil {
				tt.edit(&c)
			}
			d := st.Choose(&c)
			assert.Equal(t, tt.want, d.Strategy.Name)
			assert.Equal(t, tt.rule, d.Rule)
			assert.Equal(t, d, st.Choose(&c), "same answer twice")
		})
	}
}

// A client's preferences override each strategy.
func TestPreferencesOverrideEveryStrategy(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		name  string
		prefs vipcare.Preferences
		check func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice)
	}{
		{name: "discreet", prefs: vipcare.Preferences{Discreet: true},
			check: func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice) {
				assert.Equal(t, orig.Name, d.Strategy.Name)
				assert.False(t, d.Strategy.Service.Events, "no events")
				assert.False(t, d.Strategy.Service.Recognition, "no public recognition")
				for _, touch := range d.Strategy.Touches {
					assert.True(t, touch.Channel.IsDiscreet(), "%s is not discreet", touch.Channel)
					assert.NotEqual(t, vipcare.ChannelMail, touch.Channel, "no mailings")
				}
				assert.Equal(t, touchesPerYear(orig), touchesPerYear(d.Strategy), "touches move, they are not lost")
			}},
		{name: "do not contact", prefs: vipcare.Preferences{DoNotContact: true},
			check: func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice) {
				assert.Equal(t, orig.Name, d.Strategy.Name)
				assert.Empty(t, d.Strategy.Touches, "no outbound contact")
				assert.Zero(t, d.Strategy.Plays)
				assert.False(t, d.Strategy.Service.Events)
				assert.False(t, d.Strategy.Service.Recognition)
				assert.Equal(t, []string{"do-not-contact: no outbound touches, plays, event invitations or recognition"},
					d.Constraints)
				assert.Equal(t, orig.Service.DedicatedRM, d.Strategy.Service.DedicatedRM, "the client keeps its service")
				assert.Equal(t, orig.Service.ResponseHours, d.Strategy.Service.ResponseHours, "the client keeps its service")
			}},
		{name: "no profiling", prefs: vipcare.Preferences{NoProfiling: true},
			check: func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice) {
				assert.Equal(t, "standard", d.Strategy.Name, "the default, non-personalised strategy")
				assert.Equal(t, "no profiling", d.Rule)
			}},
		{name: "consented channels only",
			prefs: vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelWeChat, vipcare.ChannelBranch},
				Preferred: vipcare.ChannelWeChat},
			check: func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice) {
				for _, touch := range d.Strategy.Touches {
					assert.True(t, p.Allows(touch.Channel), "%s not consented", touch.Channel)
				}
				assert.Equal(t, touchesPerYear(orig), touchesPerYear(d.Strategy))
			}},
		{name: "no consented channel",
			prefs: vipcare.Preferences{Discreet: true, Channels: []vipcare.Channel{vipcare.ChannelSMS}},
			check: func(t *testing.T, orig contact.Strategy, p *vipcare.Preferences, d contact.Choice) {
				assert.Empty(t, d.Strategy.Touches, "nothing the client consents to is discreet")
				assert.Contains(t, strings.Join(d.Constraints, "\n"), "dropped: no consented channel")
			}},
	}
	for name, base := range stClients() {
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				p := testkit.Clone(base)
				p.Contact = c.prefs
				facts := w.facts(t, &p)
				d := w.st.Choose(&facts)
				orig, ok := w.st.Strategy(name)
				require.True(t, ok)
				c.check(t, orig, &p.Contact, d)
				assert.Equal(t, d, w.st.Choose(&facts), "same answer twice")
			})
		}
	}
}

func TestConstrain(t *testing.T) {
	chs := func(cs ...vipcare.Channel) []vipcare.Channel { return cs }
	base := contact.Strategy{Name: "s", Owner: contact.RM,
		Touches: []contact.Touch{{Channel: vipcare.ChannelVisit, PerYear: 4}, {Channel: vipcare.ChannelPhone, PerYear: 12},
			{Channel: vipcare.ChannelWeChat, PerYear: 6}},
		Service: contact.Service{DedicatedRM: true, Specialists: []string{"tax"}, Events: true, Recognition: true,
			ResponseHours: 8},
		Plays: 2}
	touches := func(ts ...contact.Touch) []contact.Touch { return ts }
	tc := func(ch vipcare.Channel, n int) contact.Touch { return contact.Touch{Channel: ch, PerYear: n} }
	quiet := base
	quiet.Touches, quiet.Plays, quiet.Service.Events, quiet.Service.Recognition = nil, 0, false, false

	type constrainCase struct {
		name    string
		st      contact.Strategy // base if its Name is ""
		prefs   vipcare.Preferences
		touches []contact.Touch // the touches after
		plays   int
		events  bool // events and recognition after
		notes   []string
	}
	cases := []constrainCase{
		{name: "no preferences", touches: base.Touches, plays: 2, events: true},
		{name: "do not contact", prefs: vipcare.Preferences{DoNotContact: true, Discreet: true},
			notes: []string{"do-not-contact: no outbound touches, plays, event invitations or recognition"}},
		{name: "do not contact with nothing to remove", st: quiet, prefs: vipcare.Preferences{DoNotContact: true}},
		{name: "discreet", prefs: vipcare.Preferences{Discreet: true},
			touches: touches(tc(vipcare.ChannelVisit, 4), tc(vipcare.ChannelPhone, 18)), plays: 2,
			notes: []string{"discreet: no events or public recognition", "wechat touches moved to phone (not discreet)"}},
		{name: "discreet with nothing to remove", st: quiet, prefs: vipcare.Preferences{Discreet: true}},
		{name: "preferred channel first", prefs: vipcare.Preferences{Channels: chs(vipcare.ChannelEmail, vipcare.ChannelVideo),
			Preferred: vipcare.ChannelVideo},
			touches: touches(tc(vipcare.ChannelVideo, 22)), plays: 2, events: true,
			notes: []string{"visit touches moved to video (not consented)", "phone touches moved to video (not consented)",
				"wechat touches moved to video (not consented)"}},
		{name: "preferred not consented", prefs: vipcare.Preferences{Channels: chs(vipcare.ChannelEmail, vipcare.ChannelWeChat),
			Preferred: vipcare.ChannelSMS},
			touches: touches(tc(vipcare.ChannelWeChat, 22)), plays: 2, events: true,
			notes: []string{"visit touches moved to wechat (not consented)", "phone touches moved to wechat (not consented)"}},
		{name: "discreet client prefers a channel that is not discreet",
			prefs:   vipcare.Preferences{Discreet: true, Channels: chs(vipcare.ChannelWeChat, vipcare.ChannelVisit), Preferred: vipcare.ChannelWeChat},
			touches: touches(tc(vipcare.ChannelVisit, 22)), plays: 2,
			notes: []string{"discreet: no events or public recognition", "phone touches moved to visit (not consented)",
				"wechat touches moved to visit (not discreet)"}},
		{name: "no consented channel", prefs: vipcare.Preferences{Discreet: true, Channels: chs(vipcare.ChannelSMS)},
			plays: 2,
			notes: []string{"discreet: no events or public recognition", "4 visit touches dropped: no consented channel",
				"12 phone touches dropped: no consented channel", "6 wechat touches dropped: no consented channel"}},
		{name: "merged touches saturate rather than wrap",
			st: contact.Strategy{Name: "many", Owner: contact.RM, Touches: touches(tc(vipcare.ChannelWeChat, math.MaxInt),
				tc(vipcare.ChannelPhone, math.MaxInt), tc(vipcare.ChannelSMS, 1))},
			prefs:   vipcare.Preferences{Channels: chs(vipcare.ChannelPhone)},
			touches: touches(tc(vipcare.ChannelPhone, math.MaxInt)),
			notes:   []string{"wechat touches moved to phone (not consented)", "sms touches moved to phone (not consented)"}},
		{name: "an unknown channel is no consent", prefs: vipcare.Preferences{Channels: chs("pigeon")}, plays: 2, events: true,
			notes: []string{"4 visit touches dropped: no consented channel",
				"12 phone touches dropped: no consented channel", "6 wechat touches dropped: no consented channel"}},
	}
	// The reroute order: phone, secure message, visit, branch, video,
	// WeChat, SMS, e-mail, mail. Consenting to two neighbours, a touch on a
	// third channel goes to the earlier of the two.
	order := []vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelSecureMessage, vipcare.ChannelVisit,
		vipcare.ChannelBranch, vipcare.ChannelVideo, vipcare.ChannelWeChat, vipcare.ChannelSMS, vipcare.ChannelEmail,
		vipcare.ChannelMail}
	for i := 0; i+1 < len(order); i++ {
		from := vipcare.ChannelMail
		if i+1 == len(order)-1 {
			from = vipcare.ChannelPhone
		}
		st := contact.Strategy{Name: "one", Owner: contact.RM, Touches: touches(tc(from, 3))}
		cases = append(cases, constrainCase{name: "order: " + string(order[i]) + " before " + string(order[i+1]), st: st,
			prefs:   vipcare.Preferences{Channels: chs(order[i+1], order[i])},
			touches: touches(tc(order[i], 3)),
			notes:   []string{string(from) + " touches moved to " + string(order[i]) + " (not consented)"}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := c.st
			if st.Name == "" {
				st = base
			}
			before := contact.Strategy{Name: st.Name, Owner: st.Owner, Touches: append([]contact.Touch(nil), st.Touches...),
				Service: st.Service, Plays: st.Plays}
			before.Service.Specialists = append([]string(nil), st.Service.Specialists...)
			prefs := c.prefs

			got, notes := contact.Constrain(st, &prefs)
			assert.Equal(t, c.touches, got.Touches)
			assert.Equal(t, c.plays, got.Plays)
			assert.Equal(t, c.events, got.Service.Events)
			assert.Equal(t, c.events, got.Service.Recognition)
			assert.Equal(t, c.notes, notes)
			assert.Equal(t, st.Name, got.Name)
			assert.Equal(t, st.Owner, got.Owner)
			assert.Equal(t, st.Service.DedicatedRM, got.Service.DedicatedRM, "the client keeps its service")
			assert.Equal(t, st.Service.Specialists, got.Service.Specialists, "the client keeps its service")
			assert.Equal(t, st.Service.ResponseHours, got.Service.ResponseHours, "the client keeps its service")
			for _, touch := range got.Touches {
				assert.True(t, prefs.Allows(touch.Channel), "%s not consented", touch.Channel)
			}

			again, notes2 := contact.Constrain(st, &prefs)
			assert.Equal(t, got, again, "same answer twice")
			assert.Equal(t, notes, notes2, "same answer twice")
			assert.Equal(t, before.Touches, st.Touches, "the strategy is unchanged")
			assert.Equal(t, before.Service.Specialists, st.Service.Specialists, "the strategy is unchanged")
			assert.Equal(t, c.prefs, prefs, "the preferences are unchanged")
			if len(got.Touches) > 0 {
				got.Touches[0].PerYear = 999
				assert.NotEqual(t, 999, st.Touches[0].PerYear, "the result does not alias the strategy")
			}
		})
	}
}

func TestChooseDoesNotAliasTheSpec(t *testing.T) {
	w := newWorld(t)
	p := stClient("7000000", "")
	c := w.facts(t, &p)
	d := w.st.Choose(&c)
	d.Strategy.Touches[0].PerYear = 999
	d.Strategy.Service.Specialists[0] = "astrology"
	again := w.st.Choose(&c)
	assert.NotEqual(t, 999, again.Strategy.Touches[0].PerYear)
	assert.NotEqual(t, "astrology", again.Strategy.Service.Specialists[0])

	s, ok := w.st.Strategy("private")
	require.True(t, ok)
	s.Touches[0].PerYear = 999
	s.Service.Specialists[0] = "astrology"
	assert.Equal(t, d.Strategy.Name, w.st.Choose(&c).Strategy.Name)
	assert.Equal(t, again, w.st.Choose(&c), "Strategy returns a copy")

	spec := contact.ReferenceStrategies()
	st := policy.Must(spec.Compile(nil, w.ladder, w.seg, w.adv))
	spec.Strategies[0].Touches[0].PerYear = 999
	spec.Strategies[0].Service.Specialists[0] = "astrology"
	assert.Equal(t, again, st.Choose(&c), "Compile copies the spec")

	_, ok = w.st.Strategy("astrology")
	assert.False(t, ok, "no such strategy")
}

func TestStrategySpecCompileProblems(t *testing.T) {
	w := newWorld(t)
	f := policy.Field
	channels := []string{"branch", "visit", "phone", "video", "secure_message", "wechat", "sms", "email", "mail"}
	names := []string{"private", "premier", "growth", "relationship", "digital", "standard"}
	cases := []struct {
		name    string
		change  func(s *contact.StrategySpec)
		noParts bool // compile without the ladder, segmentation and advisor
		want    []testkit.Want
		choices []string // of the first problem
		text    string   // in the error
	}{
		{name: "nameless strategy", change: func(s *contact.StrategySpec) { s.Strategies[5].Name = "" },
			want: []testkit.Want{{Path: "/strategies/5/name", Name: "", Err: policy.ErrMissing}, {Path: "/default", Name: "standard", Err: policy.ErrUnknown}}},
		{name: "repeated name", change: func(s *contact.StrategySpec) { s.Strategies[1].Name = "private" },
			want: []testkit.Want{{Path: "/strategies/1/name", Name: "private", Err: policy.ErrDuplicate},
				{Path: "/rules/1/then", Name: "premier", Err: policy.ErrUnknown}}},
		{name: "no owner", change: func(s *contact.StrategySpec) { s.Strategies[2].Owner = 0 },
			want: []testkit.Want{{Path: "/strategies/2/owner", Name: "growth", Err: policy.ErrMissing}}},
		{name: "unknown channel", change: func(s *contact.StrategySpec) { s.Strategies[1].Touches[0].Channel = "pigeon" },
			want:    []testkit.Want{{Path: "/strategies/1/touches/0/channel", Name: "pigeon", Err: policy.ErrUnknown}},
			choices: channels},
		{name: "no channel", change: func(s *contact.StrategySpec) { s.Strategies[0].Touches[2].Channel = "" },
			want: []testkit.Want{{Path: "/strategies/0/touches/2/channel", Name: "", Err: policy.ErrUnknown}}},
		{name: "negative touches", change: func(s *contact.StrategySpec) { s.Strategies[4].Touches[0].PerYear = -1 },
			want: []testkit.Want{{Path: "/strategies/4/touches/0/per_year", Name: "digital", Err: policy.ErrOutOfRange}}},
		{name: "more touches than days", change: func(s *contact.StrategySpec) { s.Strategies[4].Touches[0].PerYear = 366 },
			want: []testkit.Want{{Path: "/strategies/4/touches/0/per_year", Name: "digital", Err: policy.ErrOutOfRange}},
			text: "0 to 365 a year"},
		{name: "negative plays", change: func(s *contact.StrategySpec) { s.Strategies[3].Plays = -1 },
			want: []testkit.Want{{Path: "/strategies/3/plays", Name: "relationship", Err: policy.ErrOutOfRange}}},
		{name: "negative response hours", change: func(s *contact.StrategySpec) { s.Strategies[3].Service.ResponseHours = -4 },
			want: []testkit.Want{{Path: "/strategies/3/service/response_hours", Name: "relationship", Err: policy.ErrOutOfRange}}},
		{name: "rule names an unknown strategy", change: func(s *contact.StrategySpec) { s.Rules[2].Then = "platinum club" },
			want:    []testkit.Want{{Path: "/rules/2/then", Name: "platinum club", Err: policy.ErrUnknown}},
			choices: names},
		{name: "unknown default", change: func(s *contact.StrategySpec) { s.Default = "nobody" },
			want:    []testkit.Want{{Path: "/default", Name: "nobody", Err: policy.ErrUnknown}},
			choices: names},
		{name: "no default", change: func(s *contact.StrategySpec) { s.Default = "" },
			want: []testkit.Want{{Path: "/default", Name: "", Err: policy.ErrUnknown}}},
		{name: "unknown field", change: func(s *contact.StrategySpec) { s.Rules[0].When = f("tierr").EQ("gold") },
			want: []testkit.Want{{Path: "/rules/0/when/field", Name: "tierr", Err: policy.ErrUnknown}}},
		{name: "unknown tier", change: func(s *contact.StrategySpec) { s.Rules[1].When = f("tier").EQ("titanium") },
			want: []testkit.Want{{Path: "/rules/1/when/value", Name: "titanium", Err: policy.ErrUnknown}}},
		{name: "unknown segment", change: func(s *contact.StrategySpec) {
			s.Rules[1].When = policy.Any(f("tier").EQ("diamond"), f("segment").EQ("retain"))
		},
			want: []testkit.Want{{Path: "/rules/1/when/any/1/value", Name: "retain", Err: policy.ErrUnknown}}},
		{name: "unknown need", change: func(s *contact.StrategySpec) {
			s.Rules = append([]policy.Row[string]{{When: f("need.astrology").GE(50), Then: "premier"}}, s.Rules...)
		},
			want: []testkit.Want{{Path: "/rules/0/when/field", Name: "need.astrology", Err: policy.ErrUnknown}}},
		{name: "need strength of the wrong kind", change: func(s *contact.StrategySpec) {
			s.Rules[0].When = f("need.integrated").EQ("strong")
		},
			want: []testkit.Want{{Path: "/rules/0/when/value", Name: "need.integrated", Err: policy.ErrMalformed}}},
		{name: "no parts: tier, segment and need fields are unknown", noParts: true,
			change: func(s *contact.StrategySpec) {
				s.Rules = append([]policy.Row[string]{{When: f("need.integrated").GE(50), Then: "premier"}}, s.Rules...)
			},
			want: []testkit.Want{
				{Path: "/rules/0/when/field", Name: "need.integrated", Err: policy.ErrUnknown},
				{Path: "/rules/1/when/field", Name: "tier_rank", Err: policy.ErrUnknown},
				{Path: "/rules/2/when/any/0/field", Name: "tier_rank", Err: policy.ErrUnknown},
				{Path: "/rules/2/when/any/1/all/0/field", Name: "segment", Err: policy.ErrUnknown},
				{Path: "/rules/2/when/any/1/all/1/field", Name: "tier_rank", Err: policy.ErrUnknown},
				{Path: "/rules/3/when/field", Name: "segment", Err: policy.ErrUnknown},
				{Path: "/rules/4/when/any/0/field", Name: "tier_rank", Err: policy.ErrUnknown},
				{Path: "/rules/4/when/any/1/field", Name: "segment", Err: policy.ErrUnknown},
			}},
		{name: "every problem at once", change: func(s *contact.StrategySpec) {
			s.Strategies[1].Name = s.Strategies[0].Name
			s.Strategies[2].Owner = 0
			s.Strategies[3].Touches[0].Channel = "pigeon"
			s.Strategies[4].Touches[0].PerYear = -1
			s.Rules[0].Then = "platinum club"
			s.Rules[1].When = f("tier").EQ("titanium")
			s.Default = "nobody"
		},
			want: []testkit.Want{
				{Path: "/strategies/1/name", Name: "private", Err: policy.ErrDuplicate},
				{Path: "/strategies/2/owner", Name: "growth", Err: policy.ErrMissing},
				{Path: "/strategies/3/touches/0/channel", Name: "pigeon", Err: policy.ErrUnknown},
				{Path: "/strategies/4/touches/0/per_year", Name: "digital", Err: policy.ErrOutOfRange},
				{Path: "/rules/0/then", Name: "platinum club", Err: policy.ErrUnknown},
				// renaming "premier" leaves rules[1] naming a strategy that is gone
				{Path: "/rules/1/then", Name: "premier", Err: policy.ErrUnknown},
				{Path: "/default", Name: "nobody", Err: policy.ErrUnknown},
				{Path: "/rules/1/when/value", Name: "titanium", Err: policy.ErrUnknown},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := contact.ReferenceStrategies()
			c.change(&spec)
			var st *contact.Strategies
			var err error
			if c.noParts {
				st, err = spec.Compile(nil, nil, nil, nil)
			} else {
				st, err = spec.Compile(nil, w.ladder, w.seg, w.adv)
			}
			assert.Nil(t, st)
			testkit.CheckProblems(t, err, c.want...)
			if c.text != "" {
				assert.ErrorContains(t, err, c.text)
			}
			if c.choices != nil {
				assert.Equal(t, c.choices, testkit.Problems(t, err)[0].Choices)
			}
		})
	}
}

// The reference strategies compile without the parts whose fields they do
// not read, and the parts a rule reads are all it needs.
func TestStrategySpecCompileWithoutParts(t *testing.T) {
	w := newWorld(t)
	spec := contact.StrategySpec{
		Strategies: []contact.Strategy{{Name: "a", Owner: contact.RM}, {Name: "b", Owner: contact.DigitalTeam}},
		Rules:      []policy.Row[string]{{Name: "rich", When: policy.Field("aum").GE(1000000), Then: "a"}, {Name: "rest", Then: "b"}},
		Default:    "b",
	}
	st, err := spec.Compile(nil, nil, nil, nil)
	require.NoError(t, err)
	daily := spec
	daily.Strategies = []contact.Strategy{{Name: "a", Owner: contact.RM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 365}}},
		{Name: "b", Owner: contact.DigitalTeam}}
	_, err = daily.Compile(nil, nil, nil, nil)
	require.NoError(t, err, "a touch a day is the most, and allowed")
	p := stClient("7000000", "")
	c := w.facts(t, &p)
	assert.Equal(t, "a", st.Choose(&c).Strategy.Name)
	p = stClient("100", "")
	c = w.facts(t, &p)
	assert.Equal(t, "b", st.Choose(&c).Strategy.Name)
	assert.Equal(t, "rest", st.Choose(&c).Rule)
}

// Rules read the fields of the environment they are compiled in; a field
// of the environment named like a field of the facts is a problem.
func TestStrategiesInABankEnvironment(t *testing.T) {
	w := newWorld(t)
	staff := policy.Bool("staff", func(f *vipcare.Figures) bool { return f.Profile.ID == "C-STAFF" })
	env := policy.Must(vipcare.NewEnv(nil, staff))
	spec := contact.ReferenceStrategies()
	spec.Rules = append([]policy.Row[string]{{Name: "staff", When: policy.Field("staff").EQ(true), Then: "standard"}},
		spec.Rules...)

	_, err := spec.Compile(nil, w.ladder, w.seg, w.adv)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/rules/0/when/field", Name: "staff", Err: policy.ErrUnknown})

	st, err := spec.Compile(env, w.ladder, w.seg, w.adv)
	require.NoError(t, err)
	p := stClient("7000000", "")
	c := w.facts(t, &p)
	assert.Equal(t, "private", st.Choose(&c).Strategy.Name)
	p.ID = "C-STAFF"
	c = w.facts(t, &p)
	assert.Equal(t, "standard", st.Choose(&c).Strategy.Name)
	assert.Equal(t, "staff", st.Choose(&c).Rule)

	for _, name := range []string{"tier", "segment", "need.integrated"} {
		t.Run("clash with "+name, func(t *testing.T) {
			env := policy.Must(vipcare.NewEnv(nil, policy.Bool(name, func(*vipcare.Figures) bool { return true })))
			_, err := contact.ReferenceStrategies().Compile(env, w.ladder, w.seg, w.adv)
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, name, ps[0].Name)
			assert.ErrorIs(t, err, policy.ErrDuplicate)
		})
	}
}

func TestStrategiesConcurrentUse(t *testing.T) {
	w := newWorld(t)
	var clients []contact.Facts
	var want []string
	for i, aum := range []string{"7000000", "2500000", "600000", "100000", "60000"} {
		p := stClient(aum, "")
		p.Contact.Discreet = i%2 == 0
		c := w.facts(t, &p)
		clients = append(clients, c)
		want = append(want, fmt.Sprint(w.st.Choose(&c)))
	}
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clients {
				if got := fmt.Sprint(w.st.Choose(&clients[i])); got != want[i] {
					t.Errorf("client %d: %s, want %s", i, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

func TestStrategiesAllocations(t *testing.T) {
	w := newWorld(t)
	p := stClient("100000", "")
	c := w.facts(t, &p)
	// An unconstrained client: the copy of the strategy's two slices, and
	// Constrain's own touches.
	allocs := testing.AllocsPerRun(100, func() { _ = w.st.Choose(&c) })
	assert.LessOrEqual(t, allocs, 3.0)
}

func TestRoleText(t *testing.T) {
	cases := []struct {
		name string
		role contact.Role
		text string
	}{
		{"private banker", contact.PrivateBanker, "private_banker"},
		{"senior RM", contact.SeniorRM, "senior_rm"},
		{"RM", contact.RM, "rm"},
		{"digital team", contact.DigitalTeam, "digital_team"},
		{"unassigned", 0, "unassigned"},
		{"a bank's own rank", contact.Role(25), "Role(25)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.text, c.role.String())
			b, err := json.Marshal(c.role)
			require.NoError(t, err)
			assert.Equal(t, `"`+c.text+`"`, string(b))
			var back contact.Role
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, c.role, back)
		})
	}
	t.Run("unknown", func(t *testing.T) {
		for _, text := range []string{"banker", "Role(", "Role(256)", "Role(x)", "Role(25", ""} {
			var r contact.Role
			err := r.UnmarshalText([]byte(text))
			testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrUnknown})
			assert.Equal(t, []string{"private_banker", "senior_rm", "rm", "digital_team", "unassigned"},
				testkit.Problems(t, err)[0].Choices)
			assert.Zero(t, r, "unchanged")
		}
	})
	t.Run("strategy JSON", func(t *testing.T) {
		st := contact.Strategy{Name: "s", Owner: contact.SeniorRM,
			Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 4}}}
		b, err := json.Marshal(st)
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"s","owner":"senior_rm","touches":[{"channel":"phone","per_year":4}],"service":{}}`, string(b))
		var back contact.Strategy
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, st, back)
	})
}

// touchesPerYear returns the total of s's planned touches a year.
func touchesPerYear(s contact.Strategy) int {
	n := 0
	for _, t := range s.Touches {
		n += t.PerYear
	}
	return n
}
