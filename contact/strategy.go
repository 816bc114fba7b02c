package contact

import (
	"errors"
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	ierrs "github.com/vipcare/vipcare/internal/errs"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
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

// Schema returns the fields strategy rules may read: every field of
// vipcare.Schema, and, for each part given (any may be nil):
//
//	tier        enum: "unassigned", then the ladder's tiers from the lowest
//	segment     enum: "none", then the segmentation's segments
//	need.<name> the strength (0 to 100) of each of the detector's needs
func Schema(l *tier.Ladder, seg *tier.Segmentation, d *needs.Detector) (*policy.Schema[Facts], error) {
	base, err := vipcare.Schema()
	if err != nil {
		return nil, err
	}
	fields := policy.Project(base, func(c *Facts) *vipcare.Figures { return c.Figures })
	if l != nil {
		names := append([]string{"unassigned"}, l.Classes()...)
		fields = append(fields, policy.Enum("tier", names, func(c *Facts) string { return c.Tier.String() }).
			WithDoc("the client's tier"))
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
	if d != nil {
		for _, n := range d.Needs() {
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
	// Ladder, Segmentation and Detector define the tier, segment and
	// need.<name> fields the rules may read; any may be nil.
	Ladder       *tier.Ladder          `json:"-"`
	Segmentation *tier.Segmentation    `json:"-"`
	Detector     *needs.Detector       `json:"-"`
	Schema       *policy.Schema[Facts] `json:"-"` // nil means Schema(Ladder, Segmentation, Detector)
}

// ReferenceStrategies returns a playbook of contact, service and sales
// strategies for the reference ladder and segmentation: private banking
// clients with a private banker; diamond clients and the "maintain"
// segment with a senior RM; the "grow" segment with an RM who calls often;
// platinum and "develop" with an RM; everyone else with the digital team.
// Clients who opted out of profiling get "standard". It is a new value each
// call, for the caller to change.
func ReferenceStrategies(l *tier.Ladder, seg *tier.Segmentation, d *needs.Detector) StrategySpec {
	f := policy.Field
	return StrategySpec{
		Strategies: []Strategy{
			{Name: "private", Owner: PrivateBanker,
				Touches: []Touch{{vipcare.ChannelVisit, 4}, {vipcare.ChannelPhone, 12}, {vipcare.ChannelSecureMessage, 12}},
				Service: Service{DedicatedRM: true, Specialists: []Specialist{TaxSpecialist, LegalSpecialist, FamilyOffice, Investment},
					Priority: true, Events: true, Recognition: true, ResponseHours: 4},
				Plays: 3},
			{Name: "premier", Owner: SeniorRM,
				Touches: []Touch{{vipcare.ChannelBranch, 2}, {vipcare.ChannelPhone, 8}, {vipcare.ChannelSecureMessage, 6}},
				Service: Service{DedicatedRM: true, Specialists: []Specialist{Investment, TaxSpecialist},
					Priority: true, Events: true, Recognition: true, ResponseHours: 8},
				Plays: 3},
			{Name: "growth", Owner: RM,
				Touches: []Touch{{vipcare.ChannelBranch, 2}, {vipcare.ChannelPhone, 6}, {vipcare.ChannelSecureMessage, 4}},
				Service: Service{DedicatedRM: true, Specialists: []Specialist{Investment}, Priority: true, Events: true,
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
			{Name: "private banking", When: f("tier").EQ("private banking"), Then: "private"},
			{Name: "diamond or maintain", When: policy.Any(f("tier").EQ("diamond"), f("segment").EQ("maintain")), Then: "premier"},
			{Name: "grow", When: f("segment").EQ("grow"), Then: "growth"},
			{Name: "platinum or develop", When: policy.Any(f("tier").EQ("platinum"), f("segment").EQ("develop")), Then: "relationship"},
			{Name: "everyone else", Then: "digital"},
		},
		Default:      "standard",
		Ladder:       l,
		Segmentation: seg,
		Detector:     d,
	}
}

// Strategies is a compiled [StrategySpec]. It is immutable and safe for
// concurrent use.
type Strategies struct {
	byName map[string]int
	list   []Strategy
	table  *policy.Table[Facts, string]
	deflt  int
	schema *policy.Schema[Facts]
}

// NewStrategies compiles spec, reporting every problem at once as [*Error]
// values: a strategy with no name or a repeated one ([ErrName]), no owner
// role ([ErrEmpty]), a touch on an unknown channel ([ErrUnknown]) or with a
// negative count ([ErrSetting]), negative plays or response hours
// ([ErrSetting]), a rule or default naming a strategy that does not exist
// ([ErrUnknown]), and every problem of the rules' conditions.
func NewStrategies(spec StrategySpec) (*Strategies, error) {
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	schema := spec.Schema
	if schema == nil {
		var err error
		if schema, err = Schema(spec.Ladder, spec.Segmentation, spec.Detector); err != nil {
			return nil, err
		}
	}
	s := &Strategies{byName: map[string]int{}, schema: schema}
	for i, st := range spec.Strategies {
		path := "strategies[" + strconv.Itoa(i) + "]"
		if _, dup := s.byName[st.Name]; st.Name == "" || dup {
			fail(path+".name", st.Name, ErrName)
		}
		if st.Owner == 0 {
			fail(path+".owner", st.Name, ErrEmpty)
		}
		for j, t := range st.Touches {
			tp := path + ".touches[" + strconv.Itoa(j) + "]"
			if !t.Channel.IsValid() {
				fail(tp+".channel", st.Name, ErrUnknown)
			}
			if t.PerYear < 0 {
				fail(tp+".per_year", st.Name, ErrSetting)
			}
		}
		if st.Plays < 0 || st.Service.ResponseHours < 0 {
			fail(path, st.Name, ErrSetting)
		}
		s.byName[st.Name] = i
		s.list = append(s.list, clone(st))
	}
	for i, r := range spec.Rules {
		if _, ok := s.byName[r.Then]; !ok {
			fail("rules["+strconv.Itoa(i)+"].then", r.Then, ErrUnknown)
		}
	}
	if d, ok := s.byName[spec.Default]; ok {
		s.deflt = d
	} else {
		fail("default", spec.Default, ErrUnknown)
	}
	table, err := policy.NewTable(schema, policy.First, spec.Rules...)
	if err != nil {
		for _, e := range ierrs.Unjoin(err) { // keep the join flat: one *Error per problem
			errs = append(errs, &Error{Path: "rules", Err: e})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s.table = table
	return s, nil
}

// MustStrategies is like [NewStrategies] but panics on error.
func MustStrategies(spec StrategySpec) *Strategies {
	s, err := NewStrategies(spec)
	if err != nil {
		panic(err)
	}
	return s
}

// Strategy returns a copy of the named strategy and whether it exists.
func (s *Strategies) Strategy(name string) (Strategy, bool) {
	i, ok := s.byName[name]
	if !ok {
		return Strategy{}, false
	}
	return clone(s.list[i]), true
}

// Decision is a client's strategy, after the client's own constraints.
type Decision struct {
	// Strategy is what applies to the client: the chosen strategy with the
	// client's constraints applied.
	Strategy Strategy `json:"strategy"`
	// Chosen names the strategy the rules chose, before constraints.
	Chosen string `json:"chosen"`
	// Rule names the rule that chose it: a row's name, "no profiling" or
	// "no rule matched".
	Rule string `json:"rule"`
	// Constraints say what the client's preferences changed, in order.
	Constraints []string `json:"constraints,omitempty"`
}

// Decide chooses the strategy for the client whose facts are c, then
// applies the client's preferences, which always win: a client who opted
// out of profiling gets the default strategy; do-not-contact removes every
// outbound touch, play, event and recognition; a discreet client gets no
// events, mailings or public recognition; every touch moves to a channel
// the client consents to, or is dropped. c is not changed.
func (s *Strategies) Decide(c *Facts) Decision {
	prefs := &c.Figures.Profile.Contact
	var d Decision
	i := s.deflt
	switch {
	case prefs.NoProfiling:
		d.Rule = "no profiling"
	default:
		h, ok, _ := s.table.Decide(c) // First never fails
		if ok {
			i, d.Rule = s.byName[h.Output], h.Name
			if d.Rule == "" {
				d.Rule = "rows[" + strconv.Itoa(h.Row) + "]"
			}
		} else {
			d.Rule = "no rule matched"
		}
	}
	d.Chosen = s.list[i].Name
	d.Strategy, d.Constraints = Constrain(s.list[i], prefs)
	return d
}

// channelOrder is the order in which a touch looks for another channel when
// the client does not consent to the strategy's.
func channelOrder() [9]vipcare.Channel {
	return [9]vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelSecureMessage, vipcare.ChannelVisit,
		vipcare.ChannelBranch, vipcare.ChannelVideo, vipcare.ChannelWeChat, vipcare.ChannelSMS, vipcare.ChannelEmail,
		vipcare.ChannelMail}
}

// Reroute returns the channel a contact planned on ch uses for a client with
// preferences p: ch if the client consents to it, else the client's
// preferred channel if consented, else the first consented channel in the
// order phone, secure message, visit, branch, video, WeChat, SMS, e-mail,
// mail; false if the client consents to none.
func Reroute(ch vipcare.Channel, p *vipcare.Preferences) (vipcare.Channel, bool) {
	if p.Allows(ch) {
		return ch, true
	}
	if p.Preferred != 0 && p.Allows(p.Preferred) {
		return p.Preferred, true
	}
	for _, c := range channelOrder() {
		if p.Allows(c) {
			return c, true
		}
	}
	return 0, false
}

// Constrain returns st with a client's preferences applied, as
// [Strategies.Decide] applies them, and what they changed: do-not-contact
// removes every outbound touch, play, invitation and recognition;
// discretion removes events and recognition; every touch moves to a
// consented channel ([Reroute]) or is dropped. st is not changed.
func Constrain(st Strategy, p *vipcare.Preferences) (Strategy, []string) {
	st = clone(st)
	var notes []string
	if p.DoNotContact {
		if len(st.Touches) > 0 || st.Plays > 0 || st.Service.Events || st.Service.Recognition {
			notes = append(notes, "do-not-contact: no outbound touches, plays, event invitations or recognition")
		}
		st.Touches, st.Plays = nil, 0
		st.Service.Events, st.Service.Recognition = false, false
		return st, notes
	}
	if p.Discreet && (st.Service.Events || st.Service.Recognition) {
		notes = append(notes, "discreet: no events or public recognition")
		st.Service.Events, st.Service.Recognition = false, false
	}
	var touches []Touch
	for _, t := range st.Touches {
		ch, ok := Reroute(t.Channel, p)
		switch {
		case !ok:
			notes = append(notes, strconv.Itoa(t.PerYear)+" "+t.Channel.String()+" touches dropped: no consented channel")
			continue
		case ch != t.Channel:
			why := "not consented"
			if p.Discreet && !t.Channel.IsDiscreet() {
				why = "not discreet"
			}
			notes = append(notes, t.Channel.String()+" touches moved to "+ch.String()+" ("+why+")")
		}
		if k := slices.IndexFunc(touches, func(x Touch) bool { return x.Channel == ch }); k >= 0 {
			touches[k].PerYear += t.PerYear
		} else {
			touches = append(touches, Touch{ch, t.PerYear})
		}
	}
	st.Touches = touches
	return st, notes
}

// clone returns st with its own slices.
func clone(st Strategy) Strategy {
	st.Touches = slices.Clone(st.Touches)
	st.Service.Specialists = slices.Clone(st.Service.Specialists)
	return st
}
