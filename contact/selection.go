package contact

import (
	"slices"

	"github.com/vipcare/vipcare"
)

// Codes of a [Selection] made by no rule of the strategies.
const (
	// CodeNoProfiling: the client opted out of profiling, so gets the
	// default, non-personalised strategy.
	CodeNoProfiling vipcare.Code = "no_profiling"
	// CodeNoRuleMatched: no rule matched the client, who gets the default
	// strategy.
	CodeNoRuleMatched vipcare.Code = "no_rule_matched"
)

// Constraints is the set of what a client's preferences changed in a
// strategy: the notes of a [Choice], as bits.
type Constraints uint8

// The constraints a client's preferences put on a strategy.
const (
	// ConstraintDoNotContact: the client asked not to be contacted, and
	// the strategy's outbound touches, plays, event invitations and
	// recognition were removed (set only when it had any).
	ConstraintDoNotContact Constraints = 1 << iota
	// ConstraintDiscreet: the client asked for discretion, and the
	// strategy's events and recognition were removed (set only when it had
	// either).
	ConstraintDiscreet
	// ConstraintRerouted: a touch moved to another channel, one the client
	// consents to.
	ConstraintRerouted
	// ConstraintDropped: a touch was dropped, as the client consents to no
	// channel (or, discreet, to no discreet one).
	ConstraintDropped
)

// Codes appends to dst the code of each constraint in c, in the order of
// the constants: "do_not_contact", "discreet", "touches_rerouted",
// "touches_dropped". It allocates nothing when dst has room.
func (c Constraints) Codes(dst []vipcare.Code) []vipcare.Code {
	for i, code := range [...]vipcare.Code{CodeDoNotContact, "discreet", "touches_rerouted", "touches_dropped"} {
		if c&(1<<i) != 0 {
			dst = append(dst, code)
		}
	}
	return dst
}

// apply removes from st what the constraints c take away: with
// do-not-contact the plays, events and recognition; with discretion the
// events and recognition. The touches are constrain's to set.
func (c Constraints) apply(st *Strategy) {
	if c&ConstraintDoNotContact != 0 {
		st.Plays = 0
	}
	if c&(ConstraintDoNotContact|ConstraintDiscreet) != 0 {
		st.Service.Events, st.Service.Recognition = false, false
	}
}

// Selection is the strategy chosen for a client, as [Strategies.Choose]
// chooses it, without text: indexes into the compiled strategies and codes.
// [Strategies.Choice] renders it as a Choice, [Strategies.Names] names its
// strategy and rule, and [Strategies.Touches] lists its touches. It is a
// comparable value, meaningful only to the Strategies that made it. The
// zero Selection, whose Owner is unassigned, chooses nothing: it has no
// names, no touches and renders as the zero Choice.
type Selection struct {
	// Strategy is the index of the chosen strategy in the spec's
	// Strategies.
	Strategy int
	// Rule is the index of the rule that chose it in the spec's Rules, or
	// -1 when Code says no rule did.
	Rule int
	// Code is "" when a rule chose the strategy; otherwise why the
	// default applies: [CodeNoProfiling] or [CodeNoRuleMatched].
	Code vipcare.Code
	// Owner is the strategy's owner role.
	Owner Role
	// Constraints are what the client's preferences changed.
	Constraints Constraints
	// Plays is the most plays per conversation the strategy carries once
	// the preferences are applied: none for a client who asked not to be
	// contacted.
	Plays int
}

// Select chooses the strategy for the client whose facts are c, and what
// the client's preferences change in it, as [Strategies.Choose] does,
// without text and without allocating. c is not changed.
func (s *Strategies) Select(c *Facts) Selection {
	prefs := &c.Figures.Profile.Contact
	sel := Selection{Strategy: s.deflt, Rule: -1}
	switch {
	case prefs.NoProfiling:
		sel.Code = CodeNoProfiling
	default:
		if h, ok, _ := s.table.Decide(c); ok { // First never fails
			sel.Strategy, sel.Rule = s.rowList[h.Row], h.Row
		} else {
			sel.Code = CodeNoRuleMatched
		}
	}
	st := &s.list[sel.Strategy]
	sel.Owner, sel.Plays = st.Owner, st.Plays
	sel.Constraints = constrain(st, s.chans[sel.Strategy], prefs, nil, nil)
	if sel.Constraints&ConstraintDoNotContact != 0 {
		sel.Plays = 0
	}
	return sel
}

// Touches appends to dst the touches a year of sel's strategy once the
// client's preferences p are applied (those [Strategies.Select] saw):
// each on a channel the client consents to, touches moved to one channel
// merged, none for a client who asked not to be contacted; the touches of
// [Choice].Strategy, in the same order. It allocates nothing when dst has
// room for the strategy's touches.
func (s *Strategies) Touches(dst []Touch, sel Selection, p *vipcare.Preferences) []Touch {
	if sel.Owner == 0 { // the zero Selection: a compiled strategy has an owner
		return dst
	}
	constrain(&s.list[sel.Strategy], s.chans[sel.Strategy], p, &dst, nil)
	return dst
}

// Names returns the name of sel's strategy and the name of the rule that
// chose it, as a [Choice] gives them: the rule's Name (or "row <i>" for a
// rule without one), or, by sel's Code, "no profiling" or "no rule
// matched". It does not allocate.
func (s *Strategies) Names(sel Selection) (strategy, rule string) {
	switch {
	case sel.Owner == 0:
		return "", ""
	case sel.Code == CodeNoProfiling:
		rule = "no profiling"
	case sel.Code == CodeNoRuleMatched:
		rule = "no rule matched"
	default:
		rule = s.rowName[sel.Rule]
	}
	return s.list[sel.Strategy].Name, rule
}

// Choice renders sel, made by [Strategies.Select] for a client with
// preferences p, as the Choice [Strategies.Choose] returns: the strategy
// with the preferences applied, the rule's name and a note of each
// change. Its result has slices of its own.
func (s *Strategies) Choice(sel Selection, p *vipcare.Preferences) Choice {
	var d Choice
	if sel.Owner == 0 {
		return d
	}
	st := &s.list[sel.Strategy]
	d.Strategy = *st
	d.Strategy.Touches = nil
	if len(st.Touches) > 0 {
		d.Strategy.Touches = make([]Touch, 0, len(st.Touches))
	}
	d.Strategy.Service.Specialists = slices.Clone(st.Service.Specialists)
	if sel.Constraints != 0 { // a note a constraint, and one a touch at most
		d.Constraints = make([]string, 0, 2+len(st.Touches))
	}
	constrain(st, s.chans[sel.Strategy], p, &d.Strategy.Touches, &d.Constraints).apply(&d.Strategy)
	if len(d.Strategy.Touches) == 0 { // none left: nil, as with no room made
		d.Strategy.Touches = nil
	}
	if len(d.Constraints) == 0 {
		d.Constraints = nil
	}
	_, d.Rule = s.Names(sel)
	return d
}
