package playbook

import (
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/discreet"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// Options are the inputs of a decision beyond the profile and the
// valuation.
type Options struct {
	// History is the plays already made to the client, for cool-downs.
	History []needs.PlayMade
	// TierChange is the client's latest lifecycle step, if it changed the
	// tier.
	TierChange *tier.Step
	// Values lets explanations show the client's own amounts, and
	// decisions keep them for their records ([RecordAmounts]), except for
	// a discreet client, whose amounts are never shown or kept.
	Values bool

	// Period, when set, decides within the lifecycle, as a monthly run
	// does: the client's measure for the period (the valuation's as-of
	// date must be its last day) moves the client on from State, the
	// lifecycle state stored after the last run (the zero State: a new
	// client), with the qualification's limit; Overrides then apply on
	// the as-of date. The decision's tier is that tier and its Step the
	// lifecycle step, whose change of tier the triggers see unless
	// TierChange is set (a client entering the lifecycle has none).
	// Without a Period the tier is the ladder's for the as-of date alone.
	Period    tier.Period
	State     tier.State
	Overrides []tier.Override
}

// Explanation is what a playbook decides for one client on one day, with
// the reasons for each part, in words: what [Playbook.Explain] gives when
// a person asks why. It holds what a [Decision] holds, and text.
type Explanation struct {
	// Tier and its explanation; Qualification says whether the client is
	// a qualified VIP (empty without qualification rules).
	Tier          tier.Tier              `json:"tier"`
	TierWhy       tier.LadderExplanation `json:"tier_why"`
	Qualification string                 `json:"qualification,omitempty"`
	// Step and Effective, within a period ([Options].Period), are the
	// lifecycle step from the stored state and the tier overrides make of
	// it, which is Tier; nil otherwise.
	Step      *tier.Step      `json:"step,omitempty"`
	Effective *tier.Effective `json:"effective,omitempty"`
	// Segment and the bands behind it (empty without a segmentation, and
	// for a client who opted out of profiling).
	Segment    string                        `json:"segment,omitempty"`
	SegmentWhy *segment.PlacementExplanation `json:"segment_why,omitempty"`
	// Needs detected, strongest first, with evidence (unless the client
	// opted out of profiling).
	Needs []needs.Finding `json:"needs,omitempty"`
	// Strategy is the contact, service and sales strategy, after the
	// client's preferences.
	Strategy contact.Choice `json:"strategy"`
	// Plays are the ranked needs-driven plays, at most the strategy's
	// number.
	Plays needs.Recommendations `json:"plays"`
	// Tasks are the dated contacts triggers ask for now; Suppressed the
	// ones the client's preferences stopped.
	Tasks      []contact.Task       `json:"tasks,omitempty"`
	Suppressed []contact.Suppressed `json:"suppressed,omitempty"`
	// Minutes is the yearly workload of the client's strategy (0 without
	// a workload).
	Minutes int `json:"minutes,omitempty"`
}

// Explain returns the decision for the client whose profile is p, valued
// under v, with its reasons: [Playbook.Decide]'s decision, explained. It
// fails when Decide fails, with the same problems: a nil profile, a
// valuation with no currency or as-of date or in another currency than the
// playbook's, figures that cannot be computed exactly (see
// vipcare.Valuation.Figures), a measure that fails, and, within a period,
// a date or state the lifecycle refuses; "not suitable" or "do not
// contact" is a decision with reasons, never an error. p is not changed.
func (pb *Playbook) Explain(p *vipcare.Profile, v vipcare.Valuation, o Options) (Explanation, error) {
	s := pb.explainScratch()
	var dec Decision
	if err := pb.decide(&dec, p, v, &o, &s.Scratch); err != nil {
		return Explanation{}, err
	}
	return pb.explain(&s.f, &dec, &s.Scratch, &o)
}

// explaining is the storage of one Explain: a Scratch, and room for the
// touches of a strategy, so that Decide grows no slice but the triggers
// that fire, which most clients have none or one of.
type explaining struct {
	Scratch
	touchRoom [8]contact.Touch
}

// explainScratch returns the storage of one Explain.
func (pb *Playbook) explainScratch() *explaining {
	s := new(explaining)
	s.touches = s.touchRoom[:0]
	if pb.nplays > 0 {
		s.picks = make([]needs.Pick, 0, pb.nplays)
		s.skipped = make([]needs.Skip, 0, pb.nplays)
	}
	return s
}

// explain renders dec, decided for the client whose figures are f into s
// under o, as the Explanation of it.
func (pb *Playbook) explain(f *vipcare.Figures, dec *Decision, s *Scratch, o *Options) (Explanation, error) {
	// A discreet client's amounts are never shown, whoever asks: discretion
	// wins over Values as every preference wins over the bank's strategy.
	eo := policy.ExplainOptions{Values: discreet.Values(o.Values, f)}
	profiling := !f.Profile.Contact.NoProfiling
	why, err := pb.ladder.Explain(f, eo)
	if err != nil {
		return Explanation{}, err
	}
	d := Explanation{Tier: dec.Tier, TierWhy: why, Minutes: dec.Minutes}
	if pb.qualifies {
		d.Qualification = dec.Qualification.String()
	}
	if o.Period != (tier.Period{}) {
		eff, err := pb.ladder.Apply(dec.Step.After, o.Overrides, f.AsOf)
		if err != nil {
			return Explanation{}, err
		}
		both := &struct {
			step tier.Step
			eff  tier.Effective
		}{dec.Step, eff}
		d.Step, d.Effective = &both.step, &both.eff
	}
	// A client who opted out of profiling is neither segmented nor profiled
	// for needs: the default strategy and plays need neither.
	if pb.seg != nil && profiling {
		e, err := pb.seg.Explain(f, eo)
		if err != nil {
			return Explanation{}, err
		}
		d.Segment, d.SegmentWhy = e.Segment, &e
	}
	if pb.advisor != nil && profiling {
		d.Needs = dec.Needs.Explain(f, eo)
	}
	d.Strategy = pb.strategies.Choice(dec.Strategy, &f.Profile.Contact)
	d.Plays = pb.plays(f, &d, dec, s, o.History, eo, profiling)
	d.Tasks, d.Suppressed = tasks(f, dec.Tasks)
	return d, nil
}

// plays renders the client's plays, with the reasons of those the
// strategy's number cut.
func (pb *Playbook) plays(f *vipcare.Figures, d *Explanation, dec *Decision, s *Scratch, history []needs.PlayMade,
	eo policy.ExplainOptions, profiling bool) needs.Recommendations {
	if pb.advisor == nil {
		return needs.Recommendations{Personalised: profiling}
	}
	name := d.Strategy.Strategy.Name
	n := dec.Strategy.Plays
	if n == 0 {
		return needs.Recommendations{Personalised: profiling, Skipped: []needs.Skip{{Code: needs.CodeMaxPlays,
			Reason: "the " + name + " strategy, as the client's preferences leave it, carries no plays"}}}
	}
	rs := pb.advisor.Recommendations(f, d.Needs, dec.Plays, dec.Skipped, history, eo)
	if s.cut > 0 {
		why := "the " + name + " strategy carries " + textfmt.Count(n, "play", "plays")
		for k := s.cutAt; k < s.cutAt+s.cut; k++ {
			rs.Skipped[k].Reason = why
		}
	}
	return rs
}

// tasks renders the triggers that fired for the client whose figures are
// f: as tasks, or, all stopped by the client's preferences, as suppressed.
func tasks(f *vipcare.Figures, fired []contact.Fired) ([]contact.Task, []contact.Suppressed) {
	switch {
	case len(fired) == 0:
		return nil, nil
	case fired[0].Code != "":
		suppressed := make([]contact.Suppressed, len(fired))
		for i := range fired {
			x := &fired[i]
			suppressed[i] = contact.Suppressed{Kind: x.Kind, Code: x.Code, Reason: x.Reason()}
		}
		return nil, suppressed
	}
	tasks := make([]contact.Task, len(fired))
	for i := range fired {
		tasks[i] = fired[i].Task(f.Profile.ID)
	}
	return tasks, nil
}

// String returns the decision as text, one part a line, with its reasons
// and no client amounts unless the decision was made with Values.
func (d Explanation) String() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line("tier: " + d.TierWhy.String())
	switch {
	case d.Step != nil:
		line("lifecycle: " + d.Step.String())
		if d.Effective != nil && d.Effective.Override.Code != "" {
			line("  override: " + d.Effective.String())
		}
	case d.Tier != d.TierWhy.Tier:
		line("  limited to " + d.Tier.String() + " by qualification")
	}
	if d.Qualification != "" {
		line("qualification: " + d.Qualification)
	}
	if d.Segment != "" {
		line("segment: " + d.Segment)
	}
	for _, n := range d.Needs {
		line("need: " + n.String())
	}
	st := d.Strategy.Strategy
	touches := make([]string, len(st.Touches))
	for i, t := range st.Touches {
		touches[i] = strconv.Itoa(t.PerYear) + " " + string(t.Channel)
	}
	line("strategy: " + d.Strategy.Strategy.Name + " (rule " + strconv.Quote(d.Strategy.Rule) + "), owner " +
		st.Owner.String() + ", touches a year: " + orNone(strings.Join(touches, ", ")))
	for _, k := range d.Strategy.Constraints {
		line("  constraint: " + k)
	}
	for i, p := range d.Plays.Plays {
		line("play " + strconv.Itoa(i+1) + ": " + p.Title + " (" + p.Reason + ")")
	}
	if len(d.Plays.Plays) == 0 { // why not, where a need was there for a play
		for _, s := range d.Plays.Skipped {
			switch {
			case s.Code == needs.CodeNoNeed:
			case s.Play == "": // the strategy carries no play
				line("no play: " + s.Reason)
			default:
				line("no play " + s.Play + ": " + s.Reason)
			}
		}
	}
	for _, t := range d.Tasks {
		line("task: " + t.Kind + " by " + string(t.Channel) + ", due " + t.Due.Format(time.DateOnly) + ": " + t.Reason)
	}
	for _, s := range d.Suppressed {
		line("not contacted: " + s.Kind + " (" + string(s.Code) + ")")
	}
	if d.Minutes > 0 {
		line("workload: " + textfmt.Count(d.Minutes, "minute", "minutes") + " a year")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
