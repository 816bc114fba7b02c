package contact

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// Facts are what a strategy is chosen on: the client's figures, tier,
// segment and needs, each computed once per client.
type Facts struct {
	Figures *vipcare.Figures // the client's figures; required
	Tier    tier.Tier        // the client's tier; the zero Tier if unassigned
	Segment string           // "" when the client is in no segment
	Needs   needs.Detection  // the client's needs; the zero Detection if none
}

// factsSchema returns the fields strategy rules may read: every field of
// the environment's schema, and, for each part given (any may be nil):
//
//	tier        enum: "unassigned", then the ladder's tiers from the lowest
//	tier_rank   int: the rank of the client's tier, 0 when unassigned
//	segment     enum: "none", then the segmentation's segments
//	need.<name> the strength (0 to 100) of each of the advisor's needs
func factsSchema(env *vipcare.Env, l *tier.Ladder, seg *segment.Segmentation, a *needs.Advisor) (*policy.Schema[Facts], error) {
	fields := policy.Project(env.Schema(), func(c *Facts) *vipcare.Figures { return c.Figures })
	if l != nil {
		names := append([]string{"unassigned"}, l.Classes()...)
		fields = append(fields, policy.Enum("tier", names, func(c *Facts) string { return c.Tier.String() }).
			WithDoc("the client's tier"),
			policy.Int("tier_rank", func(c *Facts) int64 { return int64(c.Tier.Rank) }).
				WithDoc("the rank of the client's tier, 0 when unassigned"))
	}
	if seg != nil {
		names := append([]string{"none"}, seg.Classes()...)
		fields = append(fields, policy.Enum("segment", names, func(c *Facts) string {
			if c.Segment == "" {
				return "none"
			}
			return c.Segment
		}).WithDoc("the client's segment"))
	}
	if a != nil {
		for _, n := range a.Needs() {
			n := n
			fields = append(fields, policy.Int("need."+string(n), func(c *Facts) int64 {
				return int64(c.Needs.Strength(n))
			}).WithDoc("the strength of need "+string(n)+", 0 to 100"))
		}
	}
	return policy.NewSchema(fields...)
}

// StrategySpec chooses a strategy for each client: the first rule whose
// condition holds names it.
type StrategySpec struct {
	// Strategies are the strategies the rules may name.
	Strategies []Strategy `json:"strategies"`
	// Rules name a strategy (Then) for clients whose facts meet When, under
	// the First hit policy: put the most specific rules first, and end with
	// a rule with no condition.
	Rules []policy.Row[string] `json:"rules"`
	// Default is the non-personalised strategy of clients who opted out
	// of profiling (PIPL Art. 24(2)), and of clients no rule matches.
	Default string `json:"default"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *StrategySpec) UnmarshalJSON(b []byte) error {
	type plain StrategySpec
	return policy.Unmarshal(b, (*plain)(s))
}

// ReferenceStrategies returns a playbook of contact, service and sales
// strategies for the reference ladder and segmentation: private banking
// clients with a private banker; diamond clients and the "maintain"
// segment with a senior RM, the segment only from gold up (its balance
// is high, but a client the qualification rules capped at the lowest
// tier, an "unqualified VIP", does not get premier service); the "grow"
// segment with an RM who calls often;
// platinum and "develop" with an RM; everyone else with the digital team.
// Clients who opted out of profiling get "standard". Its rules read the
// tiers of tier.Reference by rank (private banking 50, diamond 40,
// platinum 30), so renaming the tiers keeps them working, and the segments
// of segment.Reference. It is a
// new value each call, for the caller to change.
func ReferenceStrategies() StrategySpec {
	f := policy.Field
	return StrategySpec{
		Strategies: []Strategy{
			{Name: "private", Owner: PrivateBanker,
				Touches: []Touch{{vipcare.ChannelVisit, 4}, {vipcare.ChannelPhone, 12}, {vipcare.ChannelSecureMessage, 12}},
				Service: Service{DedicatedRM: true, Specialists: []string{"tax", "legal", "family_office", "investment"},
					Priority: true, Events: true, Recognition: true, ResponseHours: 4},
				Plays: 3},
			{Name: "premier", Owner: SeniorRM,
				Touches: []Touch{{vipcare.ChannelBranch, 2}, {vipcare.ChannelPhone, 8}, {vipcare.ChannelSecureMessage, 6}},
				Service: Service{DedicatedRM: true, Specialists: []string{"investment", "tax"},
					Priority: true, Events: true, Recognition: true, ResponseHours: 8},
				Plays: 3},
			{Name: "growth", Owner: RM,
				Touches: []Touch{{vipcare.ChannelBranch, 2}, {vipcare.ChannelPhone, 6}, {vipcare.ChannelSecureMessage, 4}},
				Service: Service{DedicatedRM: true, Specialists: []string{"investment"}, Priority: true, Events: true,
					ResponseHours: 24},
				Plays: 2},
			{Name: "relationship", Owner: RM,
				Touches: []Touch{{vipcare.ChannelBranch, 1}, {vipcare.ChannelPhone, 4}, {vipcare.ChannelSecureMessage, 4}},
				Service: Service{DedicatedRM: true, Priority: true, ResponseHours: 24},
				Plays:   2},
			{Name: "digital", Owner: DigitalTeam,
				Touches: []Touch{{vipcare.ChannelSecureMessage, 4}, {vipcare.ChannelEmail, 2}},
				Service: Service{ResponseHours: 48},
				Plays:   1},
			{Name: "standard", Owner: RM,
				Touches: []Touch{{vipcare.ChannelPhone, 2}, {vipcare.ChannelSecureMessage, 2}},
				Service: Service{ResponseHours: 48},
				Plays:   1},
		},
		Rules: []policy.Row[string]{
			{Name: "private banking", When: f("tier_rank").GE(50), Then: "private"},
			{Name: "diamond or maintain", When: policy.Any(f("tier_rank").GE(40), policy.All(f("segment").EQ("maintain"), f("tier_rank").GE(20))), Then: "premier"},
			{Name: "grow", When: f("segment").EQ("grow"), Then: "growth"},
			{Name: "platinum or develop", When: policy.Any(f("tier_rank").GE(30), f("segment").EQ("develop")), Then: "relationship"},
			{Name: "everyone else", Then: "digital"},
		},
		Default: "standard",
	}
}

// Strategies is a compiled [StrategySpec]. It is immutable and safe for
// concurrent use.
type Strategies struct {
	byName map[string]int
	list   []Strategy
	chans  [][]int8 // by strategy, the position in vipcare.Channels of each touch's channel
	table  *policy.Table[Facts, string]
	deflt  int
	// by rule: the strategy it chooses and its name in a Choice
	rowList []int
	rowName []string
}

// Compile compiles the strategies in env (nil means the default
// environment). Their rules read, besides the environment's fields, what
// the earlier parts decided: the tier of ladder l, the segment of seg and
// the strength of each need of a, as "tier" (with "tier_rank"), "segment"
// and "need.<name>" fields; any of the three may be nil, and its fields are then unknown. It
// reports every problem at once as policy.Problems located in the spec's
// JSON form: a strategy with no name or a repeated one
// ("/strategies/i/name"; policy.ErrMissing, policy.ErrDuplicate), no owner
// role (policy.ErrMissing at "/strategies/i/owner"), a touch on an
// unknown channel (policy.ErrUnknown at "/strategies/i/touches/j/channel")
// or with a count below 0 or above 365 (one a day), negative plays or
// response hours (policy.ErrOutOfRange), a rule or default naming a
// strategy that does not exist (policy.ErrUnknown at "/rules/i/then" or
// "/default", with the strategies as choices), a rule after one with no
// condition, which never decides (policy.ErrUnreachable at "/rules/i"),
// and every problem of the rules' conditions ("/rules/i/when/...").
func (s StrategySpec) Compile(env *vipcare.Env, l *tier.Ladder, seg *segment.Segmentation, a *needs.Advisor) (*Strategies, error) {
	var ps policy.Problems
	fail := func(path, name string, err error, choices ...string) {
		ps = append(ps, policy.Problem{Path: path, Name: name, Err: err, Choices: slices.Clone(choices)})
	}
	schema, err := factsSchema(env, l, seg, a)
	if err != nil {
		// A field of the environment named "tier", "segment" or
		// "need.<name>": the environment, not the spec, is at fault.
		var clash policy.Problems
		clash.Add("", "", err)
		for i := range clash {
			clash[i].Path = ""
			clash[i].Err = fmt.Errorf("%w: the environment has a field named like one the strategies' rules read",
				clash[i].Err)
		}
		return nil, clash
	}
	st := &Strategies{byName: map[string]int{}}
	var names []string
	for i, x := range s.Strategies {
		path := "/strategies/" + strconv.Itoa(i)
		_, dup := st.byName[x.Name]
		switch {
		case x.Name == "":
			fail(path+"/name", "", policy.ErrMissing)
		case dup:
			fail(path+"/name", x.Name, policy.ErrDuplicate)
		}
		if x.Owner == 0 {
			fail(path+"/owner", x.Name, policy.ErrMissing)
		}
		for j, t := range x.Touches {
			tp := path + "/touches/" + strconv.Itoa(j)
			if !t.Channel.IsValid() {
				fail(tp+"/channel", string(t.Channel), policy.ErrUnknown, textfmt.Strings(vipcare.Channels())...)
			}
			if t.PerYear < 0 || t.PerYear > maxPerYear { // a typo such as 520 for 52 would be planned as 365
				fail(tp+"/per_year", x.Name, errPerYear)
			}
		}
		if x.Plays < 0 {
			fail(path+"/plays", x.Name, policy.ErrOutOfRange)
		}
		if x.Service.ResponseHours < 0 {
			fail(path+"/service/response_hours", x.Name, policy.ErrOutOfRange)
		}
		st.byName[x.Name] = i
		st.list = append(st.list, clone(x))
		chans := make([]int8, len(x.Touches))
		for j, t := range x.Touches {
			chans[j] = int8(t.Channel.Index())
		}
		st.chans = append(st.chans, chans)
		names = append(names, x.Name)
	}
	for i, r := range s.Rules {
		if _, ok := st.byName[r.Then]; !ok {
			fail("/rules/"+strconv.Itoa(i)+"/then", r.Then, policy.ErrUnknown, names...)
		}
	}
	if d, ok := st.byName[s.Default]; ok {
		st.deflt = d
	} else {
		fail("/default", s.Default, policy.ErrUnknown, names...)
	}
	table, err := policy.CompileTable(schema, policy.First, s.Rules...)
	ps.Add("/rules", "", err)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	st.table = table
	for i, r := range s.Rules {
		st.rowList = append(st.rowList, st.byName[r.Then])
		st.rowName = append(st.rowName, cmp.Or(r.Name, "row "+strconv.Itoa(i)))
	}
	return st, nil
}

// Strategy returns a copy of the named strategy and whether it exists.
func (s *Strategies) Strategy(name string) (Strategy, bool) {
	i, ok := s.byName[name]
	if !ok {
		return Strategy{}, false
	}
	return clone(s.list[i]), true
}

// Choice is a client's strategy, after the client's own constraints.
type Choice struct {
	// Strategy is what applies to the client: the chosen strategy, by its
	// Name, with the client's constraints applied.
	Strategy Strategy `json:"strategy"`
	// Rule names the rule that chose it: a row's name, "no profiling" or
	// "no rule matched".
	Rule string `json:"rule"`
	// Constraints say what the client's preferences changed, in order.
	Constraints []string `json:"constraints,omitempty"`
}

// Choose chooses the strategy for the client whose facts are c, then
// applies the client's preferences, which always win: a client who opted
// out of profiling gets the default strategy; do-not-contact removes every
// outbound touch, play, event and recognition; a discreet client gets no
// events, mailings or public recognition; every touch moves to a channel
// the client consents to, or is dropped. c is not changed. It is the
// [Selection] of [Strategies.Select] rendered by [Strategies.Choice].
func (s *Strategies) Choose(c *Facts) Choice {
	return s.Choice(s.Select(c), &c.Figures.Profile.Contact)
}

// Constrain returns st with a client's preferences applied, as
// [Strategies.Choose] applies them, and what they changed: do-not-contact
// removes every outbound touch, play, invitation and recognition;
// discretion removes events and recognition; every touch moves to a
// consented channel or is dropped. A touch the client does not consent to
// moves to the client's preferred channel if consented, else to the first
// consented channel in the order phone, secure message, visit, branch,
// video, WeChat, SMS, e-mail, mail. st is not changed.
func Constrain(st Strategy, p *vipcare.Preferences) (Strategy, []string) {
	var notes []string
	out := st
	out.Touches = nil
	out.Service.Specialists = slices.Clone(st.Service.Specialists)
	c := constrain(&st, nil, p, &out.Touches, &notes)
	c.apply(&out)
	return out, notes
}

// constrain applies the client's preferences p to st as [Constrain] says,
// without changing st; chans, unless nil, are the positions of st's
// touches' channels in vipcare.Channels. It appends the touches left to
// *touches (unless touches is nil), merging those that end on one channel,
// writes a note of each change to *notes (unless notes is nil), and
// returns what changed. Nothing else decides what preferences do to a
// strategy: the compact [Selection] and the text [Choice] both come from
// here.
func constrain(st *Strategy, chans []int8, p *vipcare.Preferences, touches *[]Touch, notes *[]string) Constraints {
	if p.DoNotContact {
		if len(st.Touches) > 0 || st.Plays > 0 || st.Service.Events || st.Service.Recognition {
			if notes != nil {
				*notes = append(*notes, "do-not-contact: no outbound touches, plays, event invitations or recognition")
			}
			return ConstraintDoNotContact
		}
		return 0
	}
	var c Constraints
	if p.Discreet && (st.Service.Events || st.Service.Recognition) {
		c |= ConstraintDiscreet
		if notes != nil {
			*notes = append(*notes, "discreet: no events or public recognition")
		}
	}
	start := 0
	if touches != nil {
		start = len(*touches)
	}
	cs := consentOf(p)
	for k, t := range st.Touches {
		var i int
		if chans != nil {
			i = int(chans[k])
		} else {
			i = t.Channel.Index()
		}
		j := cs.reroute(i)
		var ch vipcare.Channel
		if j >= 0 {
			ch = channelAt(j)
		}
		switch {
		case j < 0:
			c |= ConstraintDropped
			if notes != nil {
				*notes = append(*notes, strconv.Itoa(t.PerYear)+" "+string(t.Channel)+" touches dropped: no consented channel")
			}
			continue
		case j != i:
			c |= ConstraintRerouted
			if notes != nil {
				why := "not consented"
				if p.Discreet && !t.Channel.IsDiscreet() {
					why = "not discreet"
				}
				*notes = append(*notes, string(t.Channel)+" touches moved to "+string(ch)+" ("+why+")")
			}
		}
		if touches == nil {
			continue
		}
		mine := (*touches)[start:]
		if k := slices.IndexFunc(mine, func(x Touch) bool { return x.Channel == ch }); k >= 0 {
			mine[k].PerYear = addCount(mine[k].PerYear, t.PerYear)
		} else {
			*touches = append(*touches, Touch{ch, t.PerYear})
		}
	}
	return c
}

// clone returns st with its own slices.
func clone(st Strategy) Strategy {
	st.Touches = slices.Clone(st.Touches)
	st.Service.Specialists = slices.Clone(st.Service.Specialists)
	return st
}

// addCount adds two counts of touches, saturating at the bounds of an int
// instead of wrapping around: Constrain takes strategies that were never
// compiled.
func addCount(a, b int) int {
	s := a + b
	switch {
	case b > 0 && s < a:
		return math.MaxInt
	case b < 0 && s > a:
		return math.MinInt
	}
	return s
}
