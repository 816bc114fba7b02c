package contact

import (
	"math"
	"slices"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// Codes of a contact that did not happen: a trigger that fired but made no
// task ([Suppressed]), or a task a plan could not schedule.
const (
	// CodeDoNotContact: the client asked not to be contacted.
	CodeDoNotContact vipcare.Code = "do_not_contact"
	// CodeNoChannel: the client consents to no channel (for a discreet
	// client, to no discreet channel), or not to the task's.
	CodeNoChannel vipcare.Code = "no_consented_channel"
)

// The trigger kinds by index, and their defaults.
const (
	kMaturity = iota
	kRetention
	kAdvice
	kAssessment
	kKYC
	kTierChange
	kBirthday
	nTriggers
)

// triggerNames, defaultMinutes and defaultPriorities return fresh arrays:
// the package keeps no mutable state.
func triggerNames() [nTriggers]string {
	return [nTriggers]string{"maturity", "retention", "advice", "assessment", "kyc", "tier_change", "birthday"}
}
func defaultMinutes() [nTriggers]int    { return [nTriggers]int{30, 45, 45, 30, 20, 20, 5} }
func defaultPriorities() [nTriggers]int { return [nTriggers]int{70, 90, 60, 50, 50, 40, 20} }

// Bounds of the settings of a TriggerSpec.
const (
	maxTriggerDays    = 3660 // about ten years: the most days of any window
	maxValidityMonths = 120  // the longest validity of a risk assessment
	maxTaskMinutes    = 1440 // a day: the most minutes one task may take
)

// TriggerSpec configures [Triggers]: the windows in which events turn into
// tasks, and the minutes and priority of each kind of task. Its zero value
// means the defaults given with each field; a day count of 0 means its
// default, so the shortest window that can be set is 1 day. Windows are
// at most 3,660 days (about ten years).
//
// The kinds of trigger, each the Kind of the tasks it makes and the key of
// its entries in Minutes and Priorities:
//
//	maturity      a holding matures soon: a reinvestment call
//	retention     a large outflow, a churn signal: a retention call
//	advice        a large inflow or a business sale: an advice call
//	assessment    the risk assessment expires soon or has expired
//	kyc           the KYC review expires soon or has expired
//	tier_change   the client's tier changed: a courtesy call
//	birthday      the client's birthday: a greeting
type TriggerSpec struct {
	// MaturityDays: a holding maturing within this many days of the as-of
	// date (an [vipcare.EventMaturity] event, the as-of date and the last
	// day included) calls for a reinvestment call due the day before it
	// matures, or on the as-of date for a maturity today. A past maturity
	// triggers nothing. Default 30.
	MaturityDays int `json:"maturity_days,omitempty"`
	// LookbackDays is how far back a large outflow or inflow still
	// triggers: an event at most this many days before the as-of date.
	// Default 30.
	LookbackDays int `json:"lookback_days,omitempty"`
	// RetentionDays: a large outflow ([vipcare.EventLargeOutflow]), a churn
	// signal, calls for a retention call due this many days after the
	// outflow, or on the as-of date if that is already past. Default 3.
	RetentionDays int `json:"retention_days,omitempty"`
	// AdviceDays: a large inflow ([vipcare.EventLargeInflow]) or a business
	// sale ([vipcare.EventBusinessSale]) calls for an advice call due this
	// many days after it, or on the as-of date if that is already past.
	// Default 7.
	AdviceDays int `json:"advice_days,omitempty"`
	// AssessmentWarnDays: a risk assessment expiring within this many days,
	// or already expired, calls for a re-assessment due the day before it
	// expires (or on the as-of date). The expiry is RiskAssessed plus
	// ValidityMonths, when the suitability pack and the
	// risk_assessment_expired field count the assessment expired, or the
	// latest [vipcare.EventRiskAssessmentExpiry] event dated after
	// RiskAssessed (an earlier one belongs to a previous assessment), if
	// that comes first; with neither, nothing triggers. Default 30.
	AssessmentWarnDays int `json:"assessment_warn_days,omitempty"`
	// ValidityMonths is how long a risk assessment is valid, whatever a
	// later expiry event says: it expires on the first day that many whole
	// calendar months after it, as the suitability pack and the
	// risk_assessment_expired field count them. An assessment of 31
	// January valid one month expires on 1 March, one of 29 February 2028
	// valid twelve on 1 March 2029. Default 12.
	ValidityMonths int `json:"validity_months,omitempty"`
	// KYCWarnDays: a KYC review (the latest [vipcare.EventKYCExpiry] event)
	// expiring within this many days, or already expired, calls for a KYC
	// task due the day before it expires (or on the as-of date). Default 30.
	KYCWarnDays int `json:"kyc_warn_days,omitempty"`
	// BirthdayDays: a birthday ([vipcare.EventBirthday], dated with the
	// next birthday) within this many days calls for a greeting on the
	// birthday itself: the task's Earliest and Due are both the birthday.
	// Default 7.
	BirthdayDays int `json:"birthday_days,omitempty"`
	// TierChangeDays: a tier change calls for a courtesy call due this many
	// days after the change takes effect (the first day of the period after
	// the step's), while that day is not past. Default 14.
	TierChangeDays int `json:"tier_change_days,omitempty"`
	// Minutes is the work each kind of task takes, preparation included,
	// by trigger kind; 1 to 1,440 (a day). A kind left out takes its
	// default: retention 45, advice 45, maturity 30, assessment 30, kyc 20,
	// tier_change 20, birthday 5.
	Minutes map[string]int `json:"minutes,omitempty"`
	// Priorities is the priority of each kind of task (higher first), by
	// trigger kind; not negative. A kind left out has its default:
	// retention 90, maturity 70, advice 60, assessment 50, kyc 50,
	// tier_change 40, birthday 20.
	Priorities map[string]int `json:"priorities,omitempty"`
	// When limits a kind of trigger to the clients its condition holds
	// for, by trigger kind: {"birthday": "aum >= 500000"} greets only
	// those clients. The condition reads the environment's fields. A kind
	// left out fires for every client; for a client its condition does not
	// hold for, a kind does not fire at all (no task, nothing Suppressed).
	When map[string]policy.Cond `json:"when,omitempty"`
}

// UnmarshalJSON decodes spec strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. spec is set only when there is none.
func (spec *TriggerSpec) UnmarshalJSON(b []byte) error {
	type plain TriggerSpec
	return policy.Unmarshal(b, (*plain)(spec))
}

// Triggers turn a client's events into dated contact tasks, each with a
// priority, a window and a deadline. Build them with [TriggerSpec.Compile];
// a nil *Triggers uses the defaults of [TriggerSpec]. A Triggers is
// immutable and safe for concurrent use.
type Triggers struct {
	// the windows, in days
	maturity, lookback, retention, advice, assessment, kyc, birthday, tierChange int
	validity                                                                     int // of a risk assessment, in months
	minutes                                                                      [nTriggers]int
	priority                                                                     [nTriggers]int
	when                                                                         [nTriggers]*policy.Rule[vipcare.Figures] // nil: every client
}

// Compile compiles the triggers in env (nil means the default
// environment), reporting every problem at once as policy.Problems located
// in the spec's JSON form: a day count, validity or priority out of range,
// or minutes outside 1 to 1,440 (policy.ErrOutOfRange at "/maturity_days",
// "/minutes/advice" and so on); a trigger kind in Minutes, Priorities or
// When that does not exist (policy.ErrUnknown at "/minutes/<kind>", with
// the kinds as choices); every problem of a condition ("/when/<kind>/...").
func (spec TriggerSpec) Compile(env *vipcare.Env) (*Triggers, error) {
	var ps policy.Problems
	window := func(path string, v, def, hi int) int {
		switch {
		case v == 0:
			return def
		case v < 0 || v > hi:
			ps = append(ps, policy.Problem{Path: path, Err: policy.ErrOutOfRange})
		}
		return v
	}
	t := &Triggers{}
	names := triggerNames()
	t.maturity = window("/maturity_days", spec.MaturityDays, 30, maxTriggerDays)
	t.lookback = window("/lookback_days", spec.LookbackDays, 30, maxTriggerDays)
	t.retention = window("/retention_days", spec.RetentionDays, 3, maxTriggerDays)
	t.advice = window("/advice_days", spec.AdviceDays, 7, maxTriggerDays)
	t.assessment = window("/assessment_warn_days", spec.AssessmentWarnDays, 30, maxTriggerDays)
	t.validity = window("/validity_months", spec.ValidityMonths, 12, maxValidityMonths)
	t.kyc = window("/kyc_warn_days", spec.KYCWarnDays, 30, maxTriggerDays)
	t.birthday = window("/birthday_days", spec.BirthdayDays, 7, maxTriggerDays)
	t.tierChange = window("/tier_change_days", spec.TierChangeDays, 14, maxTriggerDays)
	t.minutes, t.priority = defaultMinutes(), defaultPriorities()
	perKind := func(path string, m map[string]int, dst *[nTriggers]int, lo, hi int) {
		kinds := make([]string, 0, len(m))
		for k := range m {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds) // report in a stable order
		for _, k := range kinds {
			i := slices.Index(names[:], k)
			v := m[k]
			switch {
			case i < 0:
				ps = append(ps, policy.Problem{Path: path + "/" + textfmt.Pointer(k), Name: k, Err: policy.ErrUnknown, Choices: slices.Clone(names[:])})
			case v < lo || v > hi:
				ps = append(ps, policy.Problem{Path: path + "/" + textfmt.Pointer(k), Name: k, Err: policy.ErrOutOfRange})
			default:
				dst[i] = v
			}
		}
	}
	perKind("/minutes", spec.Minutes, &t.minutes, 1, maxTaskMinutes)
	perKind("/priorities", spec.Priorities, &t.priority, 0, math.MaxInt)
	kinds := make([]string, 0, len(spec.When))
	for k := range spec.When {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds) // report in a stable order
	for _, k := range kinds {
		path := "/when/" + textfmt.Pointer(k)
		i := slices.Index(names[:], k)
		if i < 0 {
			ps = append(ps, policy.Problem{Path: path, Name: k, Err: policy.ErrUnknown, Choices: slices.Clone(names[:])})
			continue
		}
		if c := spec.When[k]; c != (policy.Cond{}) {
			r, err := policy.Compile(env.Schema(), c)
			ps.Add(path, k, err)
			t.when[i] = r
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// defaultTriggers are the triggers a nil *Triggers stands for, built once.
var defaultTriggers = policy.Must(TriggerSpec{}.Compile(nil))

// Suppressed is a trigger that fired but made no task, and why.
type Suppressed struct {
	// Kind is the trigger kind, e.g. "retention".
	Kind string `json:"kind"`
	// Code is why no task was made: [CodeDoNotContact] or [CodeNoChannel].
	Code vipcare.Code `json:"code"`
	// Reason is why the trigger fired: the reason the task would have
	// carried, without client amounts.
	Reason string `json:"reason"`
}

// firing is a trigger that fired: the event behind it and the task's window.
type firing struct {
	on       bool
	due      int64             // day number
	earliest int64             // day number
	day      int64             // the date of the event behind it
	ev       vipcare.EventKind // the kind of that event, "" for a tier change
	from     int64             // the assessment's date, for an expiry it gives
	derived  bool              // the expiry comes from RiskAssessed
	more     int               // further events of the same kind that fired
}

// better reports whether h makes an earlier task than g: by due date, then
// event date, then event kind, whatever the order of the events.
func (h *firing) better(g *firing) bool {
	if h.due != g.due {
		return h.due < g.due
	}
	if h.day != g.day {
		return h.day < g.day
	}
	return eventRank(h.ev) < eventRank(g.ev)
}

// eventRank orders the kinds of event behind a trigger, for a stable
// choice among events of one day: a large inflow before a business sale.
func eventRank(k vipcare.EventKind) int {
	switch k {
	case vipcare.EventMaturity:
		return 1
	case vipcare.EventLargeInflow:
		return 2
	case vipcare.EventLargeOutflow:
		return 3
	case vipcare.EventBirthday:
		return 4
	case vipcare.EventRiskAssessmentExpiry:
		return 5
	case vipcare.EventKYCExpiry:
		return 6
	case vipcare.EventBusinessSale:
		return 7
	}
	return 0
}

// Tasks returns the tasks the events of the client whose figures are f
// call for as of f.AsOf, done by the role owner, and the triggers that
// fired but made no task. The client's latest lifecycle step, change, if
// not nil, triggers a courtesy call when it changed the tier. Each
// trigger kind makes at most one task: for several events of a kind, the
// one with the earliest deadline, its reason counting the others. Dates
// are calendar dates in f.AsOf's location; a task's Earliest is the as-of
// date (a birthday's is the birthday) and its Due as [TriggerSpec] says.
//
// The channel is the client's preferred channel if consented, else the
// first consented channel in the order of [Constrain]. A client who asked
// not to be contacted gets no task: every trigger that fired is reported
// with [CodeDoNotContact]; a client who consents to no channel gets none
// either, with [CodeNoChannel]. Tasks are ordered by Due, then
// priority (higher first), then kind; suppressed triggers in the same
// order. Events without a date are ignored. Neither f nor its profile is
// changed. It is [Triggers.Fire] rendered by [Fired.Task] and
// [Fired.Reason].
func (t *Triggers) Tasks(f *vipcare.Figures, owner Role, change *tier.Step) (tasks []Task, suppressed []Suppressed) {
	var buf [nTriggers]Fired
	fired := t.Fire(buf[:0], f, owner, change)
	switch {
	case len(fired) == 0:
		return nil, nil
	case fired[0].Code != "":
		suppressed = make([]Suppressed, len(fired))
		for i := range fired {
			x := &fired[i]
			suppressed[i] = Suppressed{Kind: x.Kind, Code: x.Code, Reason: x.Reason()}
		}
		return nil, suppressed
	}
	tasks = make([]Task, len(fired))
	for i := range fired {
		tasks[i] = fired[i].Task(f.Profile.ID)
	}
	return tasks, nil
}

// hits are the triggers that fired for one client, one firing a kind.
type hits struct {
	today int64
	by    [nTriggers]firing
}

// offer records that trigger k fired for an event: it keeps the firing
// with the earliest deadline and counts the others.
func (h *hits) offer(k int, f firing) {
	f.on, f.earliest = true, h.today
	if f.due < h.today {
		f.due = h.today
	}
	if k == kBirthday {
		f.earliest = f.due
	}
	cur := &h.by[k]
	if !cur.on {
		*cur = f
		return
	}
	more := cur.more + 1
	if f.better(cur) {
		*cur = f
	}
	cur.more = more
}

// scan offers the triggers of the dated events of p (maturities, outflows,
// inflows and business sales, birthdays) and of an expiring risk
// assessment and KYC review: the latest expiry event of each kind, and
// for an assessment its date plus its validity if that comes first.
// Dates are calendar dates in z.
func (t *Triggers) scan(h *hits, p *vipcare.Profile, z *zone) {
	today := h.today
	var assessment, kyc int64
	hasAssessment, hasKYC := false, false
	for i := range p.Events {
		e := &p.Events[i]
		if e.Date.IsZero() {
			continue
		}
		d := z.day(e.Date)
		switch e.Kind {
		case vipcare.EventMaturity:
			if d >= today && d <= today+int64(t.maturity) {
				h.offer(kMaturity, firing{due: d - 1, day: d, ev: e.Kind})
			}
		case vipcare.EventLargeOutflow:
			if d <= today && d >= today-int64(t.lookback) {
				h.offer(kRetention, firing{due: d + int64(t.retention), day: d, ev: e.Kind})
			}
		case vipcare.EventLargeInflow, vipcare.EventBusinessSale:
			if d <= today && d >= today-int64(t.lookback) {
				h.offer(kAdvice, firing{due: d + int64(t.advice), day: d, ev: e.Kind})
			}
		case vipcare.EventBirthday:
			if d >= today && d <= today+int64(t.birthday) {
				h.offer(kBirthday, firing{due: d, day: d, ev: e.Kind})
			}
		case vipcare.EventRiskAssessmentExpiry:
			if !hasAssessment || d > assessment {
				assessment, hasAssessment = d, true
			}
		case vipcare.EventKYCExpiry:
			if !hasKYC || d > kyc {
				kyc, hasKYC = d, true
			}
		}
	}
	// An expiry event dated on or before the latest assessment belongs to
	// an earlier assessment: the client was re-assessed since.
	var assessed int64
	if !p.RiskAssessed.IsZero() {
		assessed = z.day(p.RiskAssessed)
		if hasAssessment && assessment <= assessed {
			hasAssessment = false
		}
	}
	// The validity counted from the assessment, as suitability counts it,
	// bounds a later expiry on record: an assessment suitability refuses
	// as expired is always called for. A month is at least 28 days on:
	// most assessments are too recent to need the calendar.
	window := today + int64(t.assessment)
	derived := false
	if !p.RiskAssessed.IsZero() && assessed+28*int64(t.validity) <= window {
		if x := civil.MonthsOn(assessed, t.validity); x <= window && (!hasAssessment || x < assessment) {
			h.offer(kAssessment, firing{due: x - 1, day: x, from: assessed, derived: true})
			derived = true
		}
	}
	if hasAssessment && !derived && assessment <= window {
		h.offer(kAssessment, firing{due: assessment - 1, day: assessment, ev: vipcare.EventRiskAssessmentExpiry})
	}
	if hasKYC && kyc <= today+int64(t.kyc) {
		h.offer(kKYC, firing{due: kyc - 1, day: kyc, ev: vipcare.EventKYCExpiry})
	}
}

// order appends to order the kinds that fired, by due date, then priority
// (higher first), then kind.
func (t *Triggers) order(h *hits, order []int) []int {
	names := triggerNames()
	before := func(a, b int) bool { // a goes before b
		ha, hb := &h.by[a], &h.by[b]
		switch {
		case ha.due != hb.due:
			return ha.due < hb.due
		case t.priority[a] != t.priority[b]:
			return t.priority[a] > t.priority[b]
		}
		return names[a] < names[b]
	}
	n := len(order)
	for k := range h.by {
		if !h.by[k].on {
			continue
		}
		order = append(order, k)
		for j := len(order) - 1; j > n && before(order[j], order[j-1]); j-- { // insertion: at most seven kinds
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order
}
