package tier

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
)

// Keep says how a client keeps a tier its measure has fallen below.
type Keep struct {
	// Grace is the number of consecutive periods below the tier after
	// which the client is downgraded: with 3, a client below in three
	// periods in a row is downgraded after the third, and a client below
	// in two is kept (on watch). It must be at least 1.
	Grace int `json:"grace"`
	// Retain is an optional retention band, a share of the tier's entry
	// threshold: with 0.9, a gold client (from 50,000) is not below gold
	// while its measure stays at or above 45,000. Zero means no band (1).
	// It must be above 0 and at most 1.
	Retain decimal.Decimal `json:"retain"`
}

// LifecycleSpec describes how clients move on a ladder over time: upgraded
// quickly, downgraded slowly.
type LifecycleSpec struct {
	// Ladder is the compiled ladder the lifecycle moves clients on.
	Ladder *Ladder `json:"-"`
	// Default applies to every tier not named in Tiers.
	Default Keep `json:"default"`
	// Tiers overrides Default for the named tiers.
	Tiers map[string]Keep `json:"tiers,omitempty"`
	// StepUp is the most rungs a client climbs in one period; 0 means
	// straight to the tier its measure gives.
	StepUp int `json:"step_up,omitempty"`
	// StepDown is the most rungs a client falls in one downgrade; 0 means
	// straight to the tier its measure gives. After a downgrade the
	// client's grace starts again at the new tier.
	StepDown int `json:"step_down,omitempty"`
	// MaxOverride is the most rungs above the lifecycle's tier that an
	// [Override] may place a client; 0 means 1.
	MaxOverride int `json:"max_override,omitempty"`
}

// ReferenceLifecycle returns a lifecycle on l following common practice:
// clients are upgraded from the next period to the tier their measure
// gives; they are downgraded one rung at a time after 3 consecutive periods
// below their tier, or 6 for private banking; overrides may lift a client
// one rung. It is a new value each call, for the caller to change.
func ReferenceLifecycle(l *Ladder) LifecycleSpec {
	return LifecycleSpec{
		Ladder:   l,
		Default:  Keep{Grace: 3},
		Tiers:    map[string]Keep{"private banking": {Grace: 6}},
		StepDown: 1,
	}
}

// MaxRungs is the largest number of rungs a ladder used by a lifecycle may
// have.
const MaxRungs = 64

// Lifecycle is a compiled [LifecycleSpec]. It is immutable and safe for
// concurrent use.
type Lifecycle struct {
	ladder   *Ladder
	grace    []int            // by rung
	retain   []vipcare.Amount // threshold below which a period counts as below, by rung
	up, down int
	maxOver  int
	measure  string
}

// NewLifecycle compiles spec, reporting every problem at once as [*Error]
// values: no ladder ([ErrEmpty]), a ladder of more than [MaxRungs] rungs
// ([ErrTooMany]), a grace below 1 ([ErrGrace]), a retention share outside
// (0, 1] ([ErrRetain]), a tier name the ladder does not have
// ([ErrUnknownTier]), a negative step or override bound ([ErrStep]).
func NewLifecycle(spec LifecycleSpec) (*Lifecycle, error) {
	var errs []error
	fail := func(path, name string, err error) {
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	if spec.Ladder == nil {
		fail("ladder", "", ErrEmpty)
		return nil, errors.Join(errs...)
	}
	l := spec.Ladder
	if len(l.rungs) > MaxRungs {
		fail("ladder", "", ErrTooMany)
	}
	checkKeep := func(path, name string, k Keep) {
		if k.Grace < 1 {
			fail(path+".grace", name, ErrGrace)
		}
		if !k.Retain.IsZero() && (k.Retain.Sign() < 0 || k.Retain.GreaterThan(decimal.NewFromInt(1))) {
			fail(path+".retain", name, ErrRetain)
		}
	}
	checkKeep("default", "", spec.Default)
	names := make([]string, 0, len(spec.Tiers))
	for name := range spec.Tiers {
		names = append(names, name)
	}
	slices.Sort(names) // report in a stable order
	for _, name := range names {
		if l.rung(name) < 0 {
			fail("tiers", name, ErrUnknownTier)
			continue
		}
		checkKeep("tiers", name, spec.Tiers[name])
	}
	if spec.StepUp < 0 {
		fail("step_up", "", ErrStep)
	}
	if spec.StepDown < 0 {
		fail("step_down", "", ErrStep)
	}
	if spec.MaxOverride < 0 {
		fail("max_override", "", ErrStep)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	lc := &Lifecycle{ladder: l, up: spec.StepUp, down: spec.StepDown, maxOver: spec.MaxOverride,
		measure: measureName(l.measure)}
	if lc.maxOver == 0 {
		lc.maxOver = 1
	}
	for _, r := range l.rungs {
		k, ok := spec.Tiers[r.tier.Name]
		if !ok {
			k = spec.Default
		}
		share := k.Retain
		if share.IsZero() {
			share = decimal.NewFromInt(1)
		}
		// The band's threshold, rounded up so that "at or above the share"
		// stays exact: a measure is kept iff measure >= from*share.
		t, _ := vipcare.ToAmount(r.from.Decimal().Mul(share).RoundCeil(vipcare.AmountScale))
		lc.grace = append(lc.grace, k.Grace)
		lc.retain = append(lc.retain, t)
	}
	return lc, nil
}

// MustLifecycle is like [NewLifecycle] but panics on error.
func MustLifecycle(spec LifecycleSpec) *Lifecycle {
	lc, err := NewLifecycle(spec)
	if err != nil {
		panic(err)
	}
	return lc
}

// Ladder returns the lifecycle's ladder.
func (lc *Lifecycle) Ladder() *Ladder { return lc.ladder }

// Observation is what one period tells the lifecycle about one client: the
// measure, the rung the measure alone gives, and any limit from
// qualification. Build it with [Lifecycle.Observe].
type Observation struct {
	// Period is the period observed.
	Period Period
	// Value is the client's measure for the period (client data).
	Value vipcare.Amount
	// Limit restricts the client's tier for the period, from
	// [Qualifier.Limit]; the zero Limit restricts nothing.
	Limit Limit
	rung  int    // the rung the measure gives, -1 none
	holds uint64 // bit i: rung i's extra condition holds
}

// Observe measures the client whose figures are f for period p. The
// measure reads f.AsOf: to observe a past period, compute f with an as-of
// date on the period's last day. It does not allocate.
func (lc *Lifecycle) Observe(f *vipcare.Figures, p Period) (Observation, error) {
	l := lc.ladder
	if f.Currency != l.currency {
		return Observation{}, &Error{Path: "figures.currency", Err: ErrCurrency}
	}
	v, err := l.measure.Measure(f)
	if err != nil {
		return Observation{}, err
	}
	o := Observation{Period: p, Value: v, rung: -1}
	for i := range l.rungs {
		r := &l.rungs[i]
		if r.when == nil || r.when.Eval(f) {
			o.holds |= 1 << i
			if v >= r.from {
				o.rung = i
			}
		}
	}
	return o, nil
}

// ObservePeriods observes the client whose figures are f in each of periods,
// measuring as of each period's last day, and appends the observations to
// dst. f is not changed: the figures are copied once and their as-of date
// moved from period to period. Balance measures such as [ADB] read the
// profile's history, so one set of figures serves a whole replay.
func (lc *Lifecycle) ObservePeriods(dst []Observation, f *vipcare.Figures, periods []Period) ([]Observation, error) {
	g := *f
	for _, p := range periods {
		g.AsOf = p.Last()
		o, err := lc.Observe(&g, p)
		if err != nil {
			return dst, err
		}
		dst = append(dst, o)
	}
	return dst, nil
}

// State is where a client stands in the lifecycle: the tier it holds and how
// many consecutive periods it has been below it. The zero State is a client
// with no tier yet. A State is plain data: store it, reload it, or build it
// from a tier kept elsewhere; a tier the ladder does not have counts as no
// tier ([Lifecycle.Start] checks one).
type State struct {
	// Tier is the tier the client holds, before overrides.
	Tier Tier `json:"tier"`
	// Below is the number of consecutive periods the client has been below
	// its tier; above 0 the client is on watch.
	Below int `json:"below,omitempty"`
}

// IsWatch reports whether the client is below its tier and may be
// downgraded.
func (s State) IsWatch() bool { return s.Below > 0 }

// Reason says what a period did to a client's standing.
type Reason uint8

// Reasons.
const (
	// Kept: the measure met the tier held.
	Kept Reason = iota
	// Entered: a client with no tier got one.
	Entered
	// Upgraded: the measure met a higher tier.
	Upgraded
	// Retained: the measure fell below the tier's threshold but stayed
	// within its retention band.
	Retained
	// Watched: the measure fell below the tier; the client is on watch.
	Watched
	// Recovered: a client on watch met its tier again.
	Recovered
	// Downgraded: the client was below its tier for its grace periods.
	Downgraded
	// Capped: a qualification limit lowered the client's tier.
	Capped
	// Held: a qualification limit kept a client from an upgrade.
	Held
	maxReason = Held
)

var reasonNames = [...]string{"kept", "entered", "upgraded", "retained", "watched", "recovered",
	"downgraded", "capped", "held"}

// MarshalText returns the reason's name.
func (r Reason) MarshalText() ([]byte, error) {
	if r > maxReason {
		return nil, &Error{Path: "reason", Err: ErrStep}
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses a reason's name.
func (r *Reason) UnmarshalText(b []byte) error {
	i := slices.Index(reasonNames[:], string(b))
	if i < 0 {
		return &Error{Path: "reason", Name: string(b), Err: ErrStep}
	}
	*r = Reason(i)
	return nil
}

// String returns the reason's name, e.g. "downgraded".
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// Step is what one period did to one client: the state before and after,
// the tier the measure alone gave, and why. A change of tier takes effect
// from the period after Period. A Step marshals to JSON for an audit trail
// (the client's measure is left out) and reads back with the same String.
type Step struct {
	// Period is the period observed.
	Period Period `json:"period"`
	// Before and After are the client's state before and after the period.
	Before State `json:"before"`
	After  State `json:"after"`
	// Computed is the tier the period's measure alone gives.
	Computed Tier `json:"computed"`
	// Reason says what the period did.
	Reason Reason `json:"reason"`
	// ConditionFailed reports whether the client's measure met its tier's
	// threshold but the tier's extra condition failed, which is what put
	// it below.
	ConditionFailed bool `json:"condition_failed,omitempty"`
	// Value is the client's measure for the period: client data, not shown
	// by String and not marshalled.
	Value vipcare.Amount `json:"-"`
	// Threshold is the threshold behind the reason: the entry threshold
	// crossed, or the threshold (with any retention band) fallen below.
	Threshold vipcare.Amount `json:"threshold"`
	// Grace is the number of periods below that a downgrade needs.
	Grace int `json:"grace,omitempty"`
	// Measure names the measure and Currency is the thresholds' currency.
	Measure  string           `json:"measure"`
	Currency vipcare.Currency `json:"currency"`
	// Limit is the qualification limit the period carried, if any.
	Limit Limit `json:"limit"`
}

// Changed reports whether the step changed the client's tier.
func (s Step) Changed() bool { return s.Before.Tier != s.After.Tier }

// String says what happened, in one line, without the client's measure:
//
//	2026-03: gold → platinum, upgraded: ADB of the month at or above platinum's 500,000 CNY; from 2026-04
func (s Step) String() string {
	cur := " " + string(s.Currency)
	th := s.Threshold.Grouped() + cur
	from := "; from " + s.Period.Next().String()
	head := s.Period.String() + ": "
	switch s.Reason {
	case Entered:
		return head + "entered " + s.After.Tier.Name + ": " + s.Measure + " at or above " + th + from
	case Upgraded:
		return head + s.Before.Tier.String() + " → " + s.After.Tier.String() + ", upgraded: " + s.Measure +
			" at or above " + s.After.Tier.Name + "'s " + th + from
	case Retained:
		return head + s.After.Tier.Name + " kept within its retention band: " + s.Measure + " at or above " + th
	case Watched:
		return head + s.After.Tier.Name + " on watch, " + strconv.Itoa(s.After.Below) + " of " +
			strconv.Itoa(s.Grace) + " periods below: " + s.below(th)
	case Recovered:
		return head + s.After.Tier.Name + " off watch: " + s.Measure + " at or above " + th
	case Downgraded:
		if s.ConditionFailed {
			return head + s.Before.Tier.String() + " → " + s.After.Tier.String() + ", downgraded after " +
				strconv.Itoa(s.Grace) + " periods failing " + s.Before.Tier.Name + "'s extra condition" + from
		}
		return head + s.Before.Tier.String() + " → " + s.After.Tier.String() + ", downgraded after " +
			strconv.Itoa(s.Grace) + " periods below " + s.Before.Tier.Name + "'s " + th + from
	case Capped:
		return head + s.Before.Tier.String() + " → " + s.After.Tier.String() + ", capped: " +
			s.Limit.Reason + from
	case Held:
		return head + s.After.Tier.String() + " held back from " + s.Computed.String() + ": " + s.Limit.Reason
	}
	return head + s.After.Tier.String() + " kept"
}

// below says why a period counted as below the tier.
func (s Step) below(th string) string {
	if s.ConditionFailed {
		return s.Measure + " met the threshold but " + s.After.Tier.Name + "'s extra condition failed"
	}
	return s.Measure + " below " + th
}

// Step applies one period's observation to a client's state. It is a pure
// function of its arguments and does not allocate.
//
// The rules, in order: a qualification cap lowers the tier at once; a
// measure that meets a higher tier upgrades the client (at most StepUp
// rungs), unless a qualification limit holds it back; a measure below the
// tier held, and below its retention band or with its extra condition
// failing, puts the client on watch, and after the tier's grace periods in
// a row downgrades it (at most StepDown rungs, never below the tier the
// measure gives).
func (lc *Lifecycle) Step(s State, o Observation) Step {
	l := lc.ladder
	held := l.held(s.Tier)
	st := Step{Period: o.Period, Before: s, Value: o.Value, Computed: l.tierAt(o.rung),
		Measure: lc.measure, Currency: l.currency, Limit: o.Limit}
	if held < 0 {
		s = State{} // a tier the ladder does not have counts as none
	}
	comp := o.rung
	capRung := len(l.rungs) - 1
	switch {
	case o.Limit.Unassign:
		capRung = -1
	case !o.Limit.Cap.IsZero():
		capRung = l.capRung(o.Limit.Cap)
	}
	after := s
	switch {
	case held > capRung:
		after = lc.state(capRung, 0)
		st.Reason = Capped
	case comp > held:
		// A new client enters at the tier its measure gives, within any cap;
		// a client with a tier climbs at most StepUp rungs, and not at all
		// under a no-upgrade limit.
		target := min(comp, capRung)
		if held >= 0 && o.Limit.NoUpgrade {
			target = held
		}
		if held >= 0 && lc.up > 0 {
			target = min(target, held+lc.up)
		}
		if target <= held {
			after.Below = 0
			st.Reason = Held
			break
		}
		after = lc.state(target, 0)
		st.Reason, st.Threshold = Upgraded, l.rungs[target].from
		if held < 0 {
			st.Reason = Entered
		}
	case comp == held:
		after.Below = 0
		if s.Below > 0 {
			st.Reason = Recovered
		}
		if held >= 0 {
			st.Threshold = l.rungs[held].from
		}
	case o.Value >= lc.retain[held] && o.holds&(1<<held) != 0:
		after.Below = 0
		st.Reason, st.Threshold = Retained, lc.retain[held]
	default:
		st.Grace, st.Threshold = lc.grace[held], lc.retain[held]
		st.ConditionFailed = o.Value >= lc.retain[held]
		if s.Below+1 < lc.grace[held] {
			after.Below = s.Below + 1
			st.Reason = Watched
			break
		}
		target := comp
		if lc.down > 0 {
			target = max(target, held-lc.down)
		}
		after = lc.state(target, 0)
		st.Reason = Downgraded
	}
	st.After = after
	return st
}

// state returns the state of a client holding rung r with below periods.
func (lc *Lifecycle) state(r, below int) State {
	return State{Tier: lc.ladder.tierAt(r), Below: below}
}

// Start returns the state of a client holding tier t, for replays that start
// from a known tier. The zero Tier gives the zero State. It fails with
// [ErrUnknownTier] if the ladder has no such tier.
func (lc *Lifecycle) Start(t Tier) (State, error) {
	if t.IsZero() {
		return State{}, nil
	}
	r := lc.ladder.rung(t.Name)
	if r < 0 || lc.ladder.rungs[r].tier != t {
		return State{}, &Error{Path: "tier", Name: t.Name, Err: ErrUnknownTier}
	}
	return lc.state(r, 0), nil
}

// Timeline is the replay of a client's history: each period's step, in
// order.
type Timeline struct {
	Start State  `json:"start"`
	Steps []Step `json:"steps"`
}

// Replay applies observations, one per period in order, to a client starting
// in state start, and returns the whole timeline. The same inputs always
// give the same timeline. It allocates the timeline only; use
// [Lifecycle.Step] in a loop to replay with no allocation at all.
func (lc *Lifecycle) Replay(start State, obs []Observation) Timeline {
	t := Timeline{Start: start, Steps: make([]Step, len(obs))}
	s := start
	for i, o := range obs {
		t.Steps[i] = lc.Step(s, o)
		s = t.Steps[i].After
	}
	return t
}

// Final returns the state after the last step.
func (t Timeline) Final() State {
	if len(t.Steps) == 0 {
		return t.Start
	}
	return t.Steps[len(t.Steps)-1].After
}

// StateOn returns the client's state on date d: the state after the last step
// whose period ended on or before d, or the start state before the first
// period ended. Dates are calendar dates in the periods' location.
func (t Timeline) StateOn(d time.Time) State {
	s := t.Start
	for _, st := range t.Steps {
		end := st.Period.End()
		if vipcare.DayNumber(d, end.Location()) < vipcare.DayNumber(end, end.Location()) {
			break
		}
		s = st.After
	}
	return s
}

// TierOn returns the client's tier on date d (see [Timeline.StateOn]).
func (t Timeline) TierOn(d time.Time) Tier { return t.StateOn(d).Tier }

// Changes returns the steps that changed the client's tier.
func (t Timeline) Changes() []Step {
	var out []Step
	for _, s := range t.Steps {
		if s.Changed() {
			out = append(out, s)
		}
	}
	return out
}

// String returns one line per step.
func (t Timeline) String() string {
	out := ""
	for i, s := range t.Steps {
		if i > 0 {
			out += "\n"
		}
		out += s.String()
	}
	return out
}

// held returns the rung of tier t, matching name and rank, or -1 for the
// zero Tier or a tier the ladder does not have. It does not allocate.
func (l *Ladder) held(t Tier) int {
	if t.IsZero() {
		return -1
	}
	if r := l.rung(t.Name); r >= 0 && l.rungs[r].tier == t {
		return r
	}
	return -1
}

// rung returns the index of the rung of the named tier, or -1.
func (l *Ladder) rung(name string) int {
	for i := range l.rungs {
		if l.rungs[i].tier.Name == name {
			return i
		}
	}
	return -1
}

// capRung returns the highest rung at or below tier t by rank, -1 if none.
func (l *Ladder) capRung(t Tier) int {
	r := -1
	for i := range l.rungs {
		if l.rungs[i].tier.Rank <= t.Rank {
			r = i
		}
	}
	return r
}

// tierAt returns the tier of rung r, the zero Tier for -1.
func (l *Ladder) tierAt(r int) Tier {
	if r < 0 {
		return Tier{}
	}
	return l.rungs[r].tier
}

// Format implements fmt.Formatter: every verb prints the period, never the
// client's measure.
func (o Observation) Format(s fmt.State, verb rune) {
	_, _ = s.Write([]byte("Observation{period:" + o.Period.String() + " value:[redacted]}"))
}

// LogValue implements slog.LogValuer with the measure redacted.
func (o Observation) LogValue() slog.Value {
	return slog.GroupValue(slog.String("period", o.Period.String()), slog.String("value", "[redacted]"))
}
