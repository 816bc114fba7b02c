package contact

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/tier"
)

// Trigger kinds: the [Task.Kind] of the tasks [Triggers] make, and the keys
// of [TriggerSpec.Minutes] and [TriggerSpec.Priorities].
const (
	TriggerMaturity   = "maturity"    // a holding matures soon: a reinvestment call
	TriggerRetention  = "retention"   // a large outflow, a churn signal: a retention call
	TriggerAdvice     = "advice"      // a large inflow or a business sale: an advice call
	TriggerAssessment = "assessment"  // the risk assessment expires soon or has expired
	TriggerKYC        = "kyc"         // the KYC review expires soon or has expired
	TriggerTierChange = "tier_change" // the client's tier changed: a courtesy call
	TriggerBirthday   = "birthday"    // the client's birthday: a greeting
)

// Reasons a trigger that fired made no task: the [Suppressed.Reason].
const (
	// SuppressedDoNotContact: the client asked not to be contacted.
	SuppressedDoNotContact = "do_not_contact"
	// SuppressedNoChannel: the client consents to no channel (for a
	// discreet client, to no discreet channel).
	SuppressedNoChannel = "no_consented_channel"
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

// Bounds of the settings of a [TriggerSpec].
const (
	MaxTriggerDays    = 3660 // about ten years: the most days of any window
	MaxValidityMonths = 120  // the longest validity of a risk assessment
	MaxTaskMinutes    = 1440 // a day: the most minutes one task may take
)

// TriggerSpec configures [Triggers]: the windows in which events turn into
// tasks, and the minutes and priority of each kind of task. Its zero value
// means the defaults given with each field; a day count of 0 means its
// default, so the shortest window that can be set is 1 day.
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
	// expires (or on the as-of date). The expiry is the latest
	// [vipcare.EventRiskAssessmentExpiry] event dated after the profile's
	// RiskAssessed date (an earlier one belongs to a previous assessment);
	// without one, RiskAssessed plus ValidityMonths; without either,
	// nothing triggers. Default 30.
	AssessmentWarnDays int `json:"assessment_warn_days,omitempty"`
	// ValidityMonths is how long a risk assessment is valid, for a profile
	// with no expiry event. An assessment of 31 January valid one month
	// expires on the last day of February. Default 12.
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
	// by trigger kind; 1 to [MaxTaskMinutes]. A kind left out takes its
	// default: retention 45, advice 45, maturity 30, assessment 30, kyc 20,
	// tier_change 20, birthday 5.
	Minutes map[string]int `json:"minutes,omitempty"`
	// Priorities is the priority of each kind of task (higher first), by
	// trigger kind; not negative. A kind left out has its default:
	// retention 90, maturity 70, advice 60, assessment 50, kyc 50,
	// tier_change 40, birthday 20.
	Priorities map[string]int `json:"priorities,omitempty"`
}

// Triggers turn a client's events into dated contact tasks, each with a
// priority, a window and a deadline. Build them with [NewTriggers]; the zero
// Triggers (and a nil *Triggers) uses the defaults of [TriggerSpec]. A
// Triggers is immutable and safe for concurrent use.
type Triggers struct {
	compiled bool // built by NewTriggers; the zero Triggers is not
	// the windows, in days
	maturity, lookback, retention, advice, assessment, kyc, birthday, tierChange int
	validity                                                                     int // of a risk assessment, in months
	minutes                                                                      [nTriggers]int
	priority                                                                     [nTriggers]int
}

// NewTriggers compiles spec, reporting every problem at once as [*Error]
// values: a day count, validity or priority out of range, or minutes
// outside 1 to [MaxTaskMinutes] ([ErrSetting]); a trigger kind in Minutes
// or Priorities that does not exist ([ErrUnknown]).
func NewTriggers(spec TriggerSpec) (*Triggers, error) {
	var errs []error
	fail := func(path, name string, err error) {
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	window := func(path string, v, def, hi int) int {
		switch {
		case v == 0:
			return def
		case v < 0 || v > hi:
			fail(path, "", ErrSetting)
		}
		return v
	}
	t := &Triggers{compiled: true}
	names := triggerNames()
	t.maturity = window("maturity_days", spec.MaturityDays, 30, MaxTriggerDays)
	t.lookback = window("lookback_days", spec.LookbackDays, 30, MaxTriggerDays)
	t.retention = window("retention_days", spec.RetentionDays, 3, MaxTriggerDays)
	t.advice = window("advice_days", spec.AdviceDays, 7, MaxTriggerDays)
	t.assessment = window("assessment_warn_days", spec.AssessmentWarnDays, 30, MaxTriggerDays)
	t.validity = window("validity_months", spec.ValidityMonths, 12, MaxValidityMonths)
	t.kyc = window("kyc_warn_days", spec.KYCWarnDays, 30, MaxTriggerDays)
	t.birthday = window("birthday_days", spec.BirthdayDays, 7, MaxTriggerDays)
	t.tierChange = window("tier_change_days", spec.TierChangeDays, 14, MaxTriggerDays)
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
				fail(path, k, ErrUnknown)
			case v < lo || v > hi:
				fail(path, k, ErrSetting)
			default:
				dst[i] = v
			}
		}
	}
	perKind("minutes", spec.Minutes, &t.minutes, 1, MaxTaskMinutes)
	perKind("priorities", spec.Priorities, &t.priority, 0, math.MaxInt)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// MustTriggers is like [NewTriggers] but panics on error.
func MustTriggers(spec TriggerSpec) *Triggers {
	t, err := NewTriggers(spec)
	if err != nil {
		panic(err)
	}
	return t
}

// TriggerInput is what [Triggers.Tasks] needs beyond a client's figures.
type TriggerInput struct {
	// Owner is the role who does the tasks.
	Owner Role
	// TierChange is the client's latest lifecycle step, if any; it
	// triggers only if it changed the tier ([tier.Step.Changed]) and has a
	// period. nil means none.
	TierChange *tier.Step
}

// Suppressed is a trigger that fired but made no task, and why.
type Suppressed struct {
	// Kind is the trigger kind, e.g. "retention".
	Kind string `json:"kind"`
	// Reason is why no task was made: [SuppressedDoNotContact] or
	// [SuppressedNoChannel].
	Reason string `json:"reason"`
	// Trigger is why the trigger fired: the reason the task would have
	// carried, without client amounts.
	Trigger string `json:"trigger"`
}

// firing is a trigger that fired: the event behind it and the task's window.
type firing struct {
	on       bool
	due      int64             // day number
	earliest int64             // day number
	day      int64             // the date of the event behind it
	ev       vipcare.EventKind // the kind of that event, 0 for a tier change
	from     int64             // the assessment's date, for an expiry it gives
	derived  bool              // the expiry comes from RiskAssessed
	more     int               // further events of the same kind that fired
	text     string            // a ready reason (a tier change)
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
	return h.ev < g.ev
}

// Tasks returns the tasks the events of the client whose figures are f
// call for as of f.AsOf, and the triggers that fired but made no task. Each
// trigger kind makes at most one task: for several events of a kind, the
// one with the earliest deadline, its reason counting the others. Dates
// are calendar dates in f.AsOf's location; a task's Earliest is the as-of
// date (a birthday's is the birthday) and its Due as [TriggerSpec] says.
//
// The channel is the client's preferred channel if consented, else the
// first consented channel in the order of [Reroute]. A client who asked
// not to be contacted gets no task: every trigger that fired is reported
// with [SuppressedDoNotContact]; a client who consents to no channel gets
// none either, with [SuppressedNoChannel]. Tasks are ordered by Due, then
// priority (higher first), then kind; suppressed triggers in the same
// order. Events without a date are ignored. Neither f nor its profile is
// changed.
func (t *Triggers) Tasks(f *vipcare.Figures, in TriggerInput) (tasks []Task, suppressed []Suppressed) {
	if t == nil || !t.compiled {
		t = MustTriggers(TriggerSpec{}) // the defaults; cannot fail
	}
	p := f.Profile
	loc := f.AsOf.Location()
	today := vipcare.DayNumber(f.AsOf, loc)

	var hits [nTriggers]firing
	offer := func(k int, h firing) {
		h.on, h.earliest = true, today
		if h.due < today {
			h.due = today
		}
		if k == kBirthday {
			h.earliest = h.due
		}
		cur := &hits[k]
		if !cur.on {
			*cur = h
			return
		}
		more := cur.more + 1
		if h.better(cur) {
			*cur = h
		}
		cur.more = more
	}
	var assessment, kyc int64
	hasAssessment, hasKYC := false, false
	for i := range p.Events {
		e := &p.Events[i]
		if e.Date.IsZero() {
			continue
		}
		d := vipcare.DayNumber(e.Date, loc)
		switch e.Kind {
		case vipcare.EventMaturity:
			if d >= today && d <= today+int64(t.maturity) {
				offer(kMaturity, firing{due: d - 1, day: d, ev: e.Kind})
			}
		case vipcare.EventLargeOutflow:
			if d <= today && d >= today-int64(t.lookback) {
				offer(kRetention, firing{due: d + int64(t.retention), day: d, ev: e.Kind})
			}
		case vipcare.EventLargeInflow, vipcare.EventBusinessSale:
			if d <= today && d >= today-int64(t.lookback) {
				offer(kAdvice, firing{due: d + int64(t.advice), day: d, ev: e.Kind})
			}
		case vipcare.EventBirthday:
			if d >= today && d <= today+int64(t.birthday) {
				offer(kBirthday, firing{due: d, day: d, ev: e.Kind})
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
	if hasAssessment && !p.RiskAssessed.IsZero() && assessment <= vipcare.DayNumber(p.RiskAssessed, loc) {
		hasAssessment = false
	}
	switch {
	case hasAssessment:
		if assessment <= today+int64(t.assessment) {
			offer(kAssessment, firing{due: assessment - 1, day: assessment, ev: vipcare.EventRiskAssessmentExpiry})
		}
	case !p.RiskAssessed.IsZero():
		from := vipcare.DayNumber(p.RiskAssessed, loc)
		x := addMonthsClamped(from, t.validity)
		if x <= today+int64(t.assessment) {
			offer(kAssessment, firing{due: x - 1, day: x, from: from, derived: true})
		}
	}
	if hasKYC && kyc <= today+int64(t.kyc) {
		offer(kKYC, firing{due: kyc - 1, day: kyc, ev: vipcare.EventKYCExpiry})
	}
	if s := in.TierChange; s != nil && s.Changed() && !s.Period.IsZero() {
		eff := s.Period.Next().Start()
		d := vipcare.DayNumber(eff, eff.Location()) // the period's first day, in its own location
		if d+int64(t.tierChange) >= today {
			offer(kTierChange, firing{due: d + int64(t.tierChange), day: d,
				text: s.Before.Tier.String() + " → " + s.After.Tier.String() + ", " + s.Reason.String() +
					", effective " + isoDay(d)})
		}
	}

	order := make([]int, 0, nTriggers)
	for k := range hits {
		if hits[k].on {
			order = append(order, k)
		}
	}
	if len(order) == 0 {
		return nil, nil
	}
	slices.SortFunc(order, func(a, b int) int {
		ha, hb := &hits[a], &hits[b]
		switch {
		case ha.due != hb.due:
			return cmp.Compare(ha.due, hb.due)
		case t.priority[a] != t.priority[b]:
			return cmp.Compare(t.priority[b], t.priority[a])
		}
		return cmp.Compare(triggerNames()[a], triggerNames()[b])
	})

	why := ""
	ch, ok := Reroute(0, &p.Contact)
	switch {
	case p.Contact.DoNotContact:
		why = SuppressedDoNotContact
	case !ok:
		why = SuppressedNoChannel
	}
	if why != "" {
		suppressed = make([]Suppressed, 0, len(order))
		for _, k := range order {
			suppressed = append(suppressed, Suppressed{Kind: triggerNames()[k], Reason: why,
				Trigger: t.reason(k, &hits[k], today)})
		}
		return nil, suppressed
	}
	tasks = make([]Task, 0, len(order))
	for _, k := range order {
		h := &hits[k]
		tasks = append(tasks, Task{
			Client:   p.ID,
			Kind:     triggerNames()[k],
			Reason:   t.reason(k, h, today),
			Channel:  ch,
			Owner:    in.Owner,
			Priority: t.priority[k],
			Earliest: civil.Start(h.earliest, loc),
			Due:      civil.Start(h.due, loc),
			Minutes:  t.minutes[k],
		})
	}
	return tasks, nil
}

// reason says why trigger k fired, without client amounts, e.g. "a large
// outflow on 2026-06-20, within the last 30 days".
func (t *Triggers) reason(k int, h *firing, today int64) string {
	var s string
	switch k {
	case kMaturity:
		s = "a holding matures on " + isoDay(h.day) + ", within " + dayCount(t.maturity)
	case kRetention:
		s = "a large outflow on " + isoDay(h.day) + ", within the last " + dayCount(t.lookback)
	case kAdvice:
		what := "a large inflow on "
		if h.ev == vipcare.EventBusinessSale {
			what = "a business sale on "
		}
		s = what + isoDay(h.day) + ", within the last " + dayCount(t.lookback)
	case kAssessment:
		s = "the risk assessment "
		if h.derived {
			s += "of " + isoDay(h.from) + " (valid " + strconv.Itoa(t.validity) + " months) "
		}
		s += expiryText(h.day, today, t.assessment)
	case kKYC:
		s = "the KYC review " + expiryText(h.day, today, t.kyc)
	case kTierChange:
		s = h.text
	case kBirthday:
		s = "the client's birthday on " + isoDay(h.day) + ", within " + dayCount(t.birthday)
	}
	switch h.more {
	case 0:
	case 1:
		s += " (and 1 more)"
	default:
		s += " (and " + strconv.Itoa(h.more) + " more)"
	}
	return s
}

// expiryText says when something expires or expired, relative to today.
func expiryText(day, today int64, warn int) string {
	if day < today {
		return "expired on " + isoDay(day)
	}
	return "expires on " + isoDay(day) + ", within " + dayCount(warn)
}

// dayCount returns "1 day" or "n days".
func dayCount(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// isoDay returns day n as "2006-01-02".
func isoDay(n int64) string {
	return time.Unix(n*86400, 0).UTC().Format(time.DateOnly)
}

// addMonthsClamped returns the day n months after day, on the same day of the
// month or the month's last day if it is shorter.
func addMonthsClamped(day int64, n int) int64 {
	y, m, d := time.Unix(day*86400, 0).UTC().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.Unix()/86400 + int64(min(d, last)) - 1
}
