package tier

import (
	"cmp"
	"fmt"
	"log/slog"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Keep says how a client keeps a tier its measure has fallen below. In a
// [Rung], a zero field takes the value of the ladder's Lifecycle.Keep.
type Keep struct {
	// Grace is the number of consecutive periods below the tier after
	// which the client is downgraded: with 3, a client below in three
	// periods in a row is downgraded after the third, and a client below
	// in two is kept (on watch). It must not be negative; 0 means the
	// lifecycle's, and for the lifecycle 1.
	Grace int `json:"grace,omitempty"`
	// Retain is an optional retention band, a share of the tier's entry
	// threshold: with 0.9, a gold client (from 50,000) is not below gold
	// while its measure stays at or above 45,000. Zero means the
	// lifecycle's, and for the lifecycle no band (1). It must be above 0
	// and at most 1, with at most 18 decimal places.
	Retain decimal.Decimal `json:"retain"`
}

// Lifecycle says how clients move on a ladder over time: upgraded quickly,
// downgraded slowly. Its zero value upgrades and downgrades at once, to the
// tier the measure gives.
type Lifecycle struct {
	// Keep applies to every rung that does not set its own.
	Keep Keep `json:"keep"`
	// StepUp is the most rungs a client climbs in one period, counting
	// only the rungs whose extra conditions (When) hold for it, which it
	// may hold: one whose condition fails is passed by. 0 means straight
	// to the tier its measure gives.
	StepUp int `json:"step_up,omitempty"`
	// StepDown is the most rungs a client falls in one downgrade, counted
	// as StepUp counts them; 0 means
	// straight to the tier its measure gives. After a downgrade the
	// client's grace starts again at the new tier. The downgrade goes to
	// the measure of its last period: with StepDown other than 1, a
	// client whose balance was higher all along but fell earlier can end
	// below one that fell later and is still within its grace (2.5
	// million, 600,000, 0 against 600,000, 600,000, 0 with a grace of
	// 2 and StepDown 0: mass against platinum), as its grace ran out first.
	StepDown int `json:"step_down,omitempty"`
	// MaxOverride is the most rungs above the lifecycle's tier that an
	// [Override] may place a client; 0 means 1.
	MaxOverride int `json:"max_override,omitempty"`
}

// compileLifecycle checks the lifecycle settings of s and fills each rung's
// grace and retention band.
func (l *Ladder) compileLifecycle(s LadderSpec, ps *policy.Problems) {
	lc := s.Lifecycle
	bad := func(path, name string) {
		*ps = append(*ps, policy.Problem{Path: path, Name: name, Err: policy.ErrOutOfRange})
	}
	// checkKeep returns the retention share in 10^-18, 0 for none or a
	// bad one. The decimal is bounded by its exponent first: a share with
	// a huge exponent built in Go costs nothing to refuse.
	checkKeep := func(path, name string, k Keep) int64 {
		if k.Grace < 0 {
			bad(path+"/grace", name)
		}
		v, ok := num.FromDecimal(k.Retain, num.MaxScale, shareOne)
		if !ok || v < 0 {
			bad(path+"/retain", name)
			return 0
		}
		return v
	}
	defaultRetain := checkKeep("/lifecycle/keep", "", lc.Keep)
	retain := make([]int64, len(s.Rungs))
	for i, r := range s.Rungs {
		retain[i] = checkKeep("/rungs/"+strconv.Itoa(i)+"/keep", r.Tier.Name, r.Keep)
	}
	for _, c := range []struct {
		path string
		v    int
	}{{"/lifecycle/step_up", lc.StepUp}, {"/lifecycle/step_down", lc.StepDown}, {"/lifecycle/max_override", lc.MaxOverride}} {
		if c.v < 0 {
			bad(c.path, "")
		}
	}
	// No step crosses more rungs than the ladder has: bounded so, the
	// rung arithmetic of Step and Apply cannot wrap around.
	l.up, l.down, l.maxOver = min(lc.StepUp, maxRungs), min(lc.StepDown, maxRungs), min(max(lc.MaxOverride, 1), maxRungs)
	for i := range l.rungs {
		grace := s.Rungs[i].Keep.Grace
		if grace == 0 {
			grace = max(lc.Keep.Grace, 1)
		}
		share := cmp.Or(retain[i], defaultRetain, shareOne)
		l.rungs[i].grace, l.rungs[i].retain = grace, retainFrom(l.rungs[i].from, share)
	}
}

// shareOne is the whole in the 10^-18 units of a retention share.
const shareOne = 1_000_000_000_000_000_000

// retainFrom returns the threshold of a retention band: from x share (in
// 10^-18), rounded up so that "at or above the share" stays exact: a
// measure is kept iff measure >= from x share.
func retainFrom(from vipcare.Amount, share int64) vipcare.Amount {
	hi, lo := bits.Mul64(uint64(max(from, 0)), uint64(share))
	q, r := bits.Div64(hi, lo, shareOne) // hi < shareOne: from < 10^18, share <= 10^18
	if r > 0 {
		q++
	}
	return vipcare.Amount(q)
}

// Observation is what one period tells the lifecycle about one client: the
// measure, the rung the measure alone gives, and any limit from
// qualification. Build it with [Ladder.Observe].
type Observation struct {
	// Period is the period observed.
	Period Period
	// Value is the client's measure for the period (client data).
	Value vipcare.Amount
	// Limit restricts the client's tier for the period, from
	// [Qualification].Limit; the zero Limit restricts nothing.
	Limit Limit
	rung  int    // the rung the measure gives, -1 none
	holds uint64 // bit i: rung i's extra condition holds
}

// Observe measures the client whose figures are f for period p. The
// measure reads f.AsOf: to observe a past period, compute f with an as-of
// date on the period's last day ([Ladder.ObservePeriods] does). It does
// not allocate.
func (l *Ladder) Observe(f *vipcare.Figures, p Period) (Observation, error) {
	v, err := l.measureOf(f)
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

// ObservePeriods observes the client whose figures are f in each of
// periods, measuring as of each period's last day, and appends the
// observations to dst. A zero period is an error (policy.ErrMissing at
// "/periods/i"). f is not changed: the figures are copied once and
// their as-of date moved from period to period. Balance measures such as
// [ADB] read the profile's history, so one set of figures serves a whole
// replay.
func (l *Ladder) ObservePeriods(dst []Observation, f *vipcare.Figures, periods []Period) ([]Observation, error) {
	g := *f
	for i, p := range periods {
		if p == (Period{}) {
			return dst, policy.Problems{{Path: "/periods/" + strconv.Itoa(i), Err: policy.ErrMissing}}
		}
		g.AsOf = p.Last()
		o, err := l.Observe(&g, p)
		if err != nil {
			return dst, err
		}
		dst = append(dst, o)
	}
	return dst, nil
}

// State is where a client stands in the lifecycle: the tier it holds and how
// many consecutive periods it has been below it (above 0, the client is on
// watch). The zero State is a client with no tier yet. A State is plain
// data: store it, reload it, or build it from a tier kept elsewhere. A
// tier the ladder does not have counts as no tier in [Ladder.Step] and
// [Ladder.Replay]; [Ladder.CheckState] refuses it, as [Ladder.Apply] and
// a playbook's Decide within a period do.
type State struct {
	// Tier is the tier the client holds, before overrides.
	Tier Tier `json:"tier"`
	// Below is the number of consecutive periods the client has been below
	// its tier; a negative number counts as 0.
	Below int `json:"below,omitempty"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *State) UnmarshalJSON(b []byte) error {
	type plain State
	return policy.Unmarshal(b, (*plain)(s))
}

// The codes of a [Step]: what a period did to a client's standing.
const (
	// CodeKept: the measure met the tier held.
	CodeKept vipcare.Code = "kept"
	// CodeEntered: a client with no tier got one.
	CodeEntered vipcare.Code = "entered"
	// CodeUpgraded: the measure met a higher tier.
	CodeUpgraded vipcare.Code = "upgraded"
	// CodeRetained: the measure fell below the tier's threshold but stayed
	// within its retention band.
	CodeRetained vipcare.Code = "retained"
	// CodeWatched: the measure fell below the tier; the client is on watch.
	CodeWatched vipcare.Code = "watched"
	// CodeRecovered: a client on watch met its tier again.
	CodeRecovered vipcare.Code = "recovered"
	// CodeDowngraded: the client was below its tier for its grace periods.
	CodeDowngraded vipcare.Code = "downgraded"
	// CodeCapped: a qualification limit lowered the client's tier.
	CodeCapped vipcare.Code = "capped"
	// CodeHeld: a qualification limit kept a client from an upgrade.
	CodeHeld vipcare.Code = "held"
)

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
	// Code says what the period did: one of the Code constants.
	Code vipcare.Code `json:"code"`
	// ConditionFailed reports whether the client's measure met its tier's
	// threshold but the tier's extra condition failed, which is what put
	// it below.
	ConditionFailed bool `json:"condition_failed,omitempty"`
	// Value is the client's measure for the period: client data, not shown
	// by String and not marshalled.
	Value vipcare.Amount `json:"-"`
	// Threshold is the threshold behind the code: the entry threshold
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

// String says what happened, in one line, without the client's measure:
//
//	2026-03: gold → platinum, upgraded: ADB of the month at or above platinum's 500,000 CNY; from 2026-04
//
// A Step with no period, such as a decision made outside the lifecycle
// holds, is "no step".
func (s Step) String() string {
	if s.Period == (Period{}) {
		return "no step"
	}
	th := num.Amount(int64(s.Threshold)) + " " + string(s.Currency)
	from := "; from " + s.Period.Next().String()
	head := s.Period.String() + ": "
	change := head + s.Before.Tier.String() + " → " + s.After.Tier.String()
	switch s.Code {
	case CodeEntered:
		if s.Limit.Code != "" && s.After.Tier != s.Computed { // the measure alone gave another tier
			return head + "entered " + s.After.Tier.String() + ", limited from " + s.Computed.String() + ": " +
				string(s.Limit.Code) + from
		}
		return head + "entered " + s.After.Tier.Name + ": " + s.Measure + " at or above " + th + from
	case CodeUpgraded:
		return change + ", upgraded: " + s.Measure + " at or above " + s.After.Tier.Name + "'s " + th + from
	case CodeRetained:
		return head + s.After.Tier.Name + " kept within its retention band: " + s.Measure + " at or above " + th
	case CodeWatched:
		why := s.Measure + " below " + th
		if s.ConditionFailed {
			why = s.Measure + " met the threshold but " + s.After.Tier.Name + "'s extra condition failed"
		}
		return head + s.After.Tier.Name + " on watch, " + strconv.Itoa(s.After.Below) + " of " +
			textfmt.Count(s.Grace, "period", "periods") + " below: " + why
	case CodeRecovered:
		return head + s.After.Tier.Name + " off watch: " + s.Measure + " at or above " + th
	case CodeDowngraded:
		grace := ", downgraded after " + textfmt.Count(s.Grace, "period", "periods") + " "
		if s.ConditionFailed {
			return change + grace + "failing " + s.Before.Tier.Name + "'s extra condition" + from
		}
		return change + grace + "below " + s.Before.Tier.Name + "'s " + th + from
	case CodeCapped:
		return change + ", capped: " + string(s.Limit.Code) + from
	case CodeHeld:
		return head + s.After.Tier.String() + " held back from " + s.Computed.String() + ": " + string(s.Limit.Code)
	}
	return head + s.After.Tier.String() + " kept"
}

// Step applies one period's observation to a client's state. It is a pure
// function of its arguments and does not allocate.
//
// The rules, in order: a qualification cap lowers the tier at once; a
// measure that meets a higher tier upgrades the client (at most StepUp
// rungs, passing by any whose extra condition fails), unless a
// qualification limit holds it back; a measure below the
// tier held, and below its retention band or with its extra condition
// failing, puts the client on watch, and after the tier's grace periods in
// a row downgrades it (at most StepDown rungs, passing by any whose
// extra condition fails, never below the tier the
// measure gives).
func (l *Ladder) Step(s State, o Observation) Step {
	held := l.held(s.Tier)
	st := Step{Period: o.Period, Before: s, Value: o.Value, Computed: l.tierAt(o.rung), Code: CodeKept,
		Measure: l.measureName, Currency: l.currency, Limit: o.Limit}
	if held < 0 {
		s = State{} // a tier the ladder does not have counts as none
	}
	comp := o.rung
	capRung := len(l.rungs) - 1
	switch {
	case o.Limit.Unassign:
		capRung = -1
	case o.Limit.Cap != Ref{}:
		capRung = l.capOf(o.Limit.Cap)
	}
	after := s
	switch {
	case held > capRung:
		after = State{Tier: l.tierAt(capRung)}
		st.Code = CodeCapped
	case comp > held:
		// A new client enters at the tier its measure gives, within any cap;
		// a client with a tier climbs at most StepUp rungs, and not at all
		// under a no-upgrade limit.
		top := min(comp, capRung)
		if held >= 0 && o.Limit.NoUpgrade {
			top = held
		}
		// The client climbs the rungs up to top whose own conditions hold,
		// at most StepUp of them: a rung whose condition fails is passed
		// by, never held (its measure does not give it, and the client
		// would be on watch there at once). comp's condition holds, so
		// only a limit leaves the client where it is.
		target := held
		for k, n := held+1, 0; k <= top; k++ {
			if o.holds&(1<<k) == 0 {
				continue
			}
			target, n = k, n+1
			if held >= 0 && n == l.up {
				break
			}
		}
		if target <= held {
			after.Below = 0
			st.Code = CodeHeld
			break
		}
		after = State{Tier: l.tierAt(target)}
		st.Code, st.Threshold = CodeUpgraded, l.rungs[target].from
		if held < 0 {
			st.Code = CodeEntered
		}
	case comp == held:
		after.Below = 0
		if s.Below > 0 {
			st.Code = CodeRecovered
		}
		if held >= 0 {
			st.Threshold = l.rungs[held].from
		}
	case o.Value >= l.rungs[held].retain && o.holds&(1<<held) != 0:
		after.Below = 0
		st.Code, st.Threshold = CodeRetained, l.rungs[held].retain
	default:
		r := &l.rungs[held]
		st.Grace, st.Threshold = r.grace, r.retain
		st.ConditionFailed = o.Value >= r.retain
		if below := max(s.Below, 0); below < r.grace-1 { // grace is 1 or more: no wrap
			after.Below = below + 1
			st.Code = CodeWatched
			break
		}
		// At most StepDown of the rungs below whose own conditions hold,
		// never below the measure's (whose condition holds): as on the
		// way up, a rung whose condition fails is passed by.
		target := comp
		for k, n := held-1, 0; l.down > 0 && k > comp; k-- {
			if o.holds&(1<<k) == 0 {
				continue
			}
			if n++; n == l.down {
				target = k
				break
			}
		}
		after = State{Tier: l.tierAt(target)}
		st.Code = CodeDowngraded
	}
	st.After = after
	return st
}

// Timeline is the replay of a client's history: each period's step, in
// order.
type Timeline struct {
	// Start is where the client stood before the first period.
	Start State `json:"start"`
	// Steps has one step a period, in order.
	Steps []Step `json:"steps"`
}

// Replay applies observations, one per period in order, to a client starting
// in state start, and returns the whole timeline. The same inputs always
// give the same timeline. It allocates the timeline only; use
// [Ladder.Step] in a loop to replay with no allocation at all.
func (l *Ladder) Replay(start State, obs []Observation) Timeline {
	t := Timeline{Start: start, Steps: make([]Step, len(obs))}
	s := start
	for i, o := range obs {
		t.Steps[i] = l.Step(s, o)
		s = t.Steps[i].After
	}
	return t
}

// TierOn returns the client's tier on date d: the tier after the last step
// whose period ended on or before d, or the start tier before the first
// period ended. Dates are calendar dates in the periods' location; a
// step with the zero Period has no date and is passed over.
func (t Timeline) TierOn(d time.Time) Tier {
	s := t.Start
	for _, st := range t.Steps {
		loc := st.Period.loc
		if loc == nil { // the zero Period, as decoded from "": no date
			continue
		}
		if civil.Day(d, loc) < st.Period.Next().firstDay() {
			break
		}
		s = st.After
	}
	return s.Tier
}

// String returns one line per step.
func (t Timeline) String() string {
	var b strings.Builder
	for i, s := range t.Steps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s.String())
	}
	return b.String()
}

// Format implements fmt.Formatter: every verb, %#v and %d included, prints
// what String says, never the client's measure (Value).
func (s Step) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String(), "") }

// Format implements fmt.Formatter: every verb prints what String says,
// one line per step, never the client's measures.
func (t Timeline) Format(f fmt.State, verb rune) { redact.Format(f, verb, t.String(), "") }

// Format implements fmt.Formatter: every verb prints the period, never the
// client's measure.
func (o Observation) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Observation{period:"+o.Period.String()+" value:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the measure redacted.
func (o Observation) LogValue() slog.Value {
	return redact.Value(slog.String("period", o.Period.String()), redact.Masked("value"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs, without
// the measure.
func (o Observation) MarshalJSON() ([]byte, error) { return redact.JSON(o.LogValue()) }
