package playbook

import (
	"fmt"
	"slices"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// Decision is what a playbook decides for one client on one day, as codes
// and references into the compiled playbook, without text: what
// [Playbook.Decide] makes for every client of a book, fast and with no
// allocation once its [Scratch] has grown. [Playbook.Explain] gives the
// same decision with its reasons in words, on request; [Playbook.Record]
// turns it into the record a bank stores.
//
// A Decision's slices (Plays, Skipped, Tasks), and the figures and
// amounts its record reads, belong to the Scratch it was made with and
// are overwritten by the next Decide with it: keep what you need (its
// Record), or use a Scratch per decision you keep. Record panics for a
// decision whose Scratch has decided again, or that another playbook
// made. The figures point to the client's profile, which Record reads
// again (the contact preferences behind the touches, the facts the
// suitability checks read for the refusals' codes): make the record
// before that profile changes.
type Decision struct {
	// AsOf is the day the decision is for: the valuation's as-of date,
	// which its Record is dated by.
	AsOf time.Time
	// Tier is the client's tier: the ladder's for the as-of date, as the
	// qualification limits it; within a period, the lifecycle's, as
	// overrides set it. Ladder is the tier the ladder alone gives for the
	// as-of date. The zero Tier is no tier.
	Tier, Ladder tier.Tier
	// Qualification is the outcome of the ladder's qualification rules,
	// with the flags raised; the zero Qualification without rules.
	Qualification tier.Qualification
	// Segment is the client's segment; "" without a segmentation and for a
	// client who opted out of profiling.
	Segment string
	// Needs are the client's needs, with the signals that fired: each
	// need's strength by needs.Detection.Strength (none for a client who
	// opted out of profiling).
	Needs needs.Detection
	// Strategy is the contact, service and sales strategy chosen, after
	// the client's preferences.
	Strategy contact.Selection
	// Plays are the needs-driven plays, at most the strategy's number,
	// with the products offered; Skipped the plays not made, with codes.
	Plays   []needs.Pick
	Skipped []needs.Skip
	// Tasks are the triggers that fired: tasks, or, with a Code, triggers
	// the client's preferences stopped.
	Tasks []contact.Fired
	// Minutes is the yearly workload of the client's strategy (0 without
	// a workload).
	Minutes int
	// Step is the lifecycle step of a decision within a period
	// ([Options].Period): the state before and after, and why; its After
	// is the state to store for the next run. Override is the override in
	// force on the as-of date, if any (a hold that changed nothing
	// included; its Code is "" when none), and OverrideCapped reports
	// that it asked for more rungs above the lifecycle's tier than the
	// ladder allows and was limited (tier.Effective.Capped). All are zero
	// without a Period.
	Step           tier.Step
	Override       tier.Override
	OverrideCapped bool

	// The playbook that made the decision, whose names its record cites.
	pb *Playbook
	// The Scratch the decision was made with, which holds what its record
	// reads (the figures, AsOf's text, the amounts) and has decided
	// nothing else since while its gen is gen.
	scratch *Scratch
	gen     uint64
	amounts bool           // the record keeps the Scratch's amounts (Options.Values)
	rates   *vipcare.Rates // the valuation's, which its record cites
}

// Scratch is the storage [Playbook.Decide] reuses from one client to the
// next, so that deciding a book allocates nothing in steady state. The
// zero Scratch is ready to use. A Scratch is for one goroutine at a time;
// give each worker its own.
type Scratch struct {
	f        vipcare.Figures
	facts    contact.Facts
	picks    []needs.Pick
	skipped  []needs.Skip
	tasks    []contact.Fired
	touches  []contact.Touch
	asOf     isoDay // the text of asOfTime's date
	asOfTime time.Time
	amounts  RecordAmounts
	// The plays the strategy cut, below the advisor's maximum: cut of
	// them, from skipped[cutAt].
	cutAt, cut int
	// The last Options.Period decided in, and its last day's number in
	// its location: once a run, as asOf.
	period     tier.Period
	periodLast int64
	gen        uint64 // the decisions made with it
}

// Figures returns the figures of the client the scratch last decided,
// valid until its next Decide: for a caller that reports on what it
// decided (a book's AUM by tier) without computing them again.
func (s *Scratch) Figures() *vipcare.Figures { return &s.f }

// Decide returns the decision for the client whose profile is p, valued
// under v, made without text: the tier, qualification, segment, needs,
// strategy, plays, tasks and workload [Playbook.Explain] explains. With
// o.Period it decides within the lifecycle (see [Options]); with
// o.Values it keeps the client's AUM and measure for its [Record] (see
// [RecordAmounts]; never a discreet client's). s is the storage to reuse
// (nil: a new one); the Decision's slices belong to it until the next
// Decide with it.
//
// It fails when p is nil (policy.ErrMissing at "/profile"), when v has no
// currency or as-of date (policy.ErrMissing) or another currency than the
// playbook's (vipcare.ErrCurrency at "/valuation/currency"), when the
// profile's figures cannot be computed exactly (see
// vipcare.Valuation.Figures) or a measure fails, and, within a period, when
// v's as-of date is not the period's last day (policy.ErrOutOfRange at
// "/valuation/as_of") or an override or the stored state is malformed (see
// tier.Ladder.Apply and tier.Ladder.CheckState: a stored tier not on the
// ladder is an error, not a client starting afresh). "Not suitable" or "do
// not contact" is a decision, never an error. p is not changed.
//
// Decide decides on any day, whether the policy is in effect on it or
// not ([Identity.InEffect]), so that a proposed policy can be tried on
// today's book; [Playbook.CheckRun], which the monthly run (book.Run)
// calls, refuses a policy not in effect.
//
// Decide refuses only what stops an exact decision; it does not run
// vipcare.Profile.Validate, which reports every problem of a profile at
// once (an empty ID, an unknown risk level, a date after the as-of date,
// an asset class written in the wrong form): run it where profiles enter
// the bank's systems. An asset class the policy does not name is a class
// of the bank's own, counted in AUM and wealth but read by no rule: a
// misspelt "deposit" takes its amount out of every rule on deposits.
func (pb *Playbook) Decide(p *vipcare.Profile, v vipcare.Valuation, o Options, s *Scratch) (d Decision, err error) {
	if s == nil {
		s = new(Scratch)
	}
	// The decision is made in place, in the result: a Decision is some
	// 860 bytes, and copying it from one function's frame to the next
	// cost a few percent of a decision.
	if err = pb.decide(&d, p, v, &o, s); err != nil {
		d = Decision{}
	}
	return
}

// decide is Decide, into d, which is the zero Decision, and s. On error
// d is left in an unspecified state.
func (pb *Playbook) decide(d *Decision, p *vipcare.Profile, v vipcare.Valuation, o *Options, s *Scratch) error {
	s.gen++ // before anything in s changes, even in a Decide that fails
	if p == nil || v.Currency != pb.currency || v.AsOf.IsZero() {
		return pb.checkInputs(p, &v)
	}
	f := &s.f
	if err := v.Compute(p, f); err != nil {
		return err
	}
	if s.asOf.text == "" || s.asOfTime != v.AsOf { // once a run: the as-of date is the run's
		day := civil.DayOf(v.AsOf)
		s.asOf, s.asOfTime = isoDay{day: day, text: civil.ISO(day)}, v.AsOf
	}
	d.AsOf, d.scratch, d.gen, d.rates, d.pb = v.AsOf, s, s.gen, v.Rates, pb
	var err error
	// The ladder's measure is taken once: by Assign when nothing else needs
	// it, else by Observe, whose observation gives the tier (a Step's
	// Computed), the lifecycle and the amount a record keeps. A measure may
	// be a period's average daily balance, which costs as much as the rest
	// of a decision.
	inPeriod := o.Period != (tier.Period{})
	keepAmounts := o.Values && !p.Contact.Discreet
	var obs tier.Observation
	if inPeriod || keepAmounts {
		if obs, err = pb.ladder.Observe(f, o.Period); err == nil && !inPeriod {
			d.Ladder = pb.ladder.Step(tier.State{}, obs).Computed
		}
	} else {
		d.Ladder, err = pb.ladder.Assign(f)
	}
	if err != nil {
		return err
	}
	if pb.qualifies {
		if d.Qualification, err = pb.ladder.Qualify(f); err != nil {
			return err
		}
	}
	d.Tier = limited(d.Ladder, d.Qualification.Limit)
	if inPeriod {
		if s.period != o.Period { // once a run: the period is the run's
			s.period, s.periodLast = o.Period, civil.DayOf(o.Period.Last())
		}
		if s.asOf.day != s.periodLast {
			return policy.Problems{{Path: "/valuation/as_of", Name: o.Period.String(), Err: errNotPeriodEnd}}
		}
		// The client moves on in the lifecycle from o.State, and overrides
		// make the tier of the result. Step would start a client whose
		// stored tier is not on the ladder afresh: refuse it instead.
		if pb.ladder.CheckState(o.State) != nil {
			_, err := pb.ladder.Apply(o.State, o.Overrides, f.AsOf) // the state's problem and the overrides', at once
			return err
		}
		obs.Limit = d.Qualification.Limit
		d.Step = pb.ladder.Step(o.State, obs)
		eff, err := pb.ladder.Apply(d.Step.After, o.Overrides, f.AsOf)
		if err != nil {
			return err
		}
		d.Ladder = d.Step.Computed
		d.Tier, d.Override, d.OverrideCapped = eff.Tier, eff.Override, eff.Capped
	}
	if keepAmounts {
		s.amounts = RecordAmounts{Currency: pb.currency, AUM: f.AUM, Measure: obs.Value}
		d.amounts = true
	}
	change := tierChange(o, &d.Step)
	facts := &s.facts // in the scratch: the strategies' rules keep a pointer
	*facts = contact.Facts{Figures: f, Tier: d.Tier}
	profiling := !p.Contact.NoProfiling
	if pb.seg != nil && profiling {
		pl, err := pb.seg.Place(f)
		if err != nil {
			return err
		}
		d.Segment = pl.Segment()
		facts.Segment = d.Segment
	}
	if pb.advisor != nil && profiling {
		d.Needs = pb.advisor.Detect(f)
		facts.Needs = d.Needs
	}
	d.Strategy = pb.strategies.Select(facts)
	if pb.advisor != nil {
		d.Plays, d.Skipped = pb.pick(s, f, d, o.History)
	}
	s.tasks = pb.triggers.Fire(s.tasks[:0], f, d.Strategy.Owner, change)
	d.Tasks = s.tasks
	if pb.capacity != nil {
		s.touches = pb.strategies.Touches(s.touches[:0], d.Strategy, &p.Contact)
		st := contact.Strategy{Touches: s.touches}
		d.Minutes = pb.capacity.ClientMinutes(&st)
	}
	return nil
}

// checkInputs reports, at once, a nil profile (policy.ErrMissing at
// "/profile") and the valuation's problems (see valuationProblems).
func (pb *Playbook) checkInputs(p *vipcare.Profile, v *vipcare.Valuation) error {
	var ps policy.Problems
	if p == nil {
		ps = append(ps, policy.Problem{Path: "/profile", Err: policy.ErrMissing})
	}
	return pb.valuationProblems(ps, v).Err()
}

// valuationProblems appends to ps a valuation with no currency or as-of
// date (policy.ErrMissing) or in another currency than the playbook's
// (vipcare.ErrCurrency at "/valuation/currency").
func (pb *Playbook) valuationProblems(ps policy.Problems, v *vipcare.Valuation) policy.Problems {
	switch {
	case v.Currency == "":
		ps = append(ps, policy.Problem{Path: "/valuation/currency", Err: policy.ErrMissing})
	case v.Currency != pb.currency:
		ps = append(ps, policy.Problem{Path: "/valuation/currency", Name: string(v.Currency), Err: vipcare.ErrCurrency})
	}
	if v.AsOf.IsZero() {
		ps = append(ps, policy.Problem{Path: "/valuation/as_of", Err: policy.ErrMissing})
	}
	return ps
}

// CheckRun reports, at once, what would stop every decision of a run as of
// v's as-of date within period (the zero Period for one day's decisions):
// a valuation with no currency or as-of date (policy.ErrMissing) or in
// another currency than the playbook's (vipcare.ErrCurrency at
// "/valuation/currency"), an as-of date that is not the period's last day,
// and a policy not in effect on the as-of date ([Identity.InEffect]); the
// last two are policy.ErrOutOfRange at "/valuation/as_of". book.Run calls
// it before its first client; a bank that decides a book in a loop of its
// own calls it once, before the loop. Decide refuses the same valuation
// and date for each client, but decides under a policy not in effect, so
// that a proposed policy can be tried on today's book.
func (pb *Playbook) CheckRun(v vipcare.Valuation, period tier.Period) error {
	ps := pb.valuationProblems(nil, &v)
	if v.AsOf.IsZero() { // reported by valuationProblems: no date to check
		return ps.Err()
	}
	if period != (tier.Period{}) && civil.DayOf(v.AsOf) != civil.DayOf(period.Last()) {
		ps = append(ps, policy.Problem{Path: "/valuation/as_of", Name: period.String(), Err: errNotPeriodEnd})
	}
	if !pb.identity.InEffect(v.AsOf) {
		ps = append(ps, policy.Problem{Path: "/valuation/as_of", Name: pb.identity.ID + " " + pb.identity.Version, Err: errNotInEffect})
	}
	return ps.Err()
}

var (
	// errNotPeriodEnd: a decision within a period is made as of its last day.
	errNotPeriodEnd = fmt.Errorf("%w: the as-of date is not the period's last day", policy.ErrOutOfRange)
	// errNotInEffect: a run is made under a policy in effect.
	errNotInEffect = fmt.Errorf("%w: the policy is not in effect on the as-of date", policy.ErrOutOfRange)
)

// tierChange returns the tier change the triggers see: o.TierChange, or
// the lifecycle step's when it moved a client from one tier to another (a
// client entering the lifecycle has no change to be called about).
func tierChange(o *Options, step *tier.Step) *tier.Step {
	switch {
	case o.TierChange != nil:
		return o.TierChange
	case step.Period != (tier.Period{}) && !step.Before.Tier.IsZero() && step.Before.Tier != step.After.Tier:
		return step
	}
	return nil
}

// limited returns the tier t as the qualification's limit l leaves it.
func limited(t tier.Tier, l tier.Limit) tier.Tier {
	switch {
	case l.Unassign:
		return tier.Tier{}
	case l.Cap != (tier.Ref{}) && t.Rank > l.Cap.Rank:
		return tier.Tier{Name: l.Cap.Name, Rank: l.Cap.Rank}
	}
	return t
}

// pick chooses the client's plays, at most the strategy's number. The
// advisor ranks them up to its own maximum; the strategy cuts those
// ranked beyond its number, which go in rank order before the ones the
// advisor cut (as Pick with the strategy's number as its limit lists
// them), and s records where, for Explain to word them.
func (pb *Playbook) pick(s *Scratch, f *vipcare.Figures, d *Decision, history []needs.PlayMade) ([]needs.Pick, []needs.Skip) {
	s.cutAt, s.cut = 0, 0
	n := d.Strategy.Plays
	if n == 0 {
		s.picks, s.skipped = s.picks[:0], append(s.skipped[:0], needs.Skip{Code: needs.CodeMaxPlays})
		return s.picks, s.skipped
	}
	s.picks, s.skipped = pb.advisor.Pick(s.picks[:0], s.skipped[:0], f, d.Needs, history, 0)
	if k := len(s.picks) - n; k > 0 {
		at := slices.IndexFunc(s.skipped, func(x needs.Skip) bool { return x.Code == needs.CodeMaxPlays })
		if at < 0 {
			at = len(s.skipped)
		}
		s.skipped = slices.Grow(s.skipped, k)[:len(s.skipped)+k]
		copy(s.skipped[at+k:], s.skipped[at:])
		for x, pk := range s.picks[n:] {
			s.skipped[at+x] = needs.Skip{Play: pk.Play, Code: needs.CodeMaxPlays}
		}
		s.picks = s.picks[:n]
		s.cutAt, s.cut = at, k
	}
	return s.picks, s.skipped
}
