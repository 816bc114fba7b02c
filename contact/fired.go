package contact

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/tier"
)

// Fired is a trigger that fired for a client, without text: the task it
// asks for, or, when Code is set, why it made none, with the codes, dates
// and parameters its reason is made of. [Triggers.Fire] makes it;
// [Fired.Task] and [Fired.Reason] render it as [Triggers.Tasks] does.
type Fired struct {
	// Kind is the trigger's kind, e.g. "maturity" (see [TriggerSpec]).
	Kind string
	// Code is "" for a task; for a trigger that made none, why:
	// [CodeDoNotContact] or [CodeNoChannel].
	Code vipcare.Code
	// Event is the first instant of the date of the event behind it (the
	// maturity, the outflow or inflow, the expiry, the birthday, the new
	// tier's first day), in the as-of date's location: what the task's ID
	// is made of.
	Event time.Time
	// Earliest and Due bound the days the task may be done on, both
	// included, each the first instant of its day.
	Earliest, Due time.Time
	// Channel is the channel to use ("" when Code is set); Owner the role
	// who does it.
	Channel vipcare.Channel
	Owner   Role
	// Priority and Minutes are the kind's, as the [TriggerSpec] sets them.
	Priority, Minutes int

	// What the reason is made of, besides Kind and Event:

	// Source is the kind of the event behind it: a large inflow or a
	// business sale for "advice"; "" for a tier change and for an
	// assessment expiry that comes from the assessment's date.
	Source vipcare.EventKind
	// Window is the days of the trigger's window: ahead for maturity,
	// birthday, assessment and kyc; back for retention and advice; after
	// the change for tier_change.
	Window int
	// More is the number of further events of the kind that fired: one
	// task stands for them all.
	More int
	// Assessed and Validity are, for an assessment expiry that comes from
	// the assessment's date, that date and the validity in months; zero
	// otherwise.
	Assessed time.Time
	Validity int
	// Before and After are, for a tier change, the tiers before and after,
	// and Step the step's code, e.g. tier.CodeUpgraded.
	Before, After tier.Tier
	Step          vipcare.Code
}

// Fire appends to dst the triggers that fire for the client whose figures
// are f as of f.AsOf, for the owner role and the client's latest lifecycle
// step change (nil for none): the tasks [Triggers.Tasks] makes, in its
// order, or, for a client who asked not to be contacted or consents to no
// channel, the triggers it reports as suppressed, each with its Code. At
// most one a trigger kind, seven in all: it allocates nothing when dst has
// room for them. Neither f, its profile nor change is changed.
func (t *Triggers) Fire(dst []Fired, f *vipcare.Figures, owner Role, change *tier.Step) []Fired {
	if t == nil {
		t = defaultTriggers
	}
	p := f.Profile
	z := zoneAt(f.AsOf, f.AsOf.Location())
	today := z.day(f.AsOf)
	h := hits{today: today}
	t.scan(&h, p, &z)
	if s := change; s != nil && s.Before.Tier != s.After.Tier && s.Period != (tier.Period{}) {
		last := s.Period.Last()
		d := civil.DayOf(last) + 1 // the next period's first day, in the period's location
		if d+int64(t.tierChange) >= today {
			h.offer(kTierChange, firing{due: d + int64(t.tierChange), day: d})
		}
	}
	for k, r := range t.when {
		if r != nil && h.by[k].on && !r.Eval(f) {
			h.by[k].on = false
		}
	}
	var buf [nTriggers]int
	order := t.order(&h, buf[:0])
	if len(order) == 0 {
		return dst
	}
	var why vipcare.Code
	var ch vipcare.Channel
	switch i := consentOf(&p.Contact).reroute(-1); {
	case p.Contact.DoNotContact:
		why = CodeDoNotContact
	case i < 0:
		why = CodeNoChannel
	default:
		ch = channelAt(i)
	}
	windows := [nTriggers]int{t.maturity, t.lookback, t.lookback, t.assessment, t.kyc, t.tierChange, t.birthday}
	for _, k := range order {
		fk := &h.by[k]
		dst = append(dst, Fired{}) // filled in place: a Fired is some 270 bytes
		x := &dst[len(dst)-1]
		x.Kind, x.Code, x.Channel, x.Owner = triggerNames()[k], why, ch, owner
		x.Event, x.Earliest, x.Due = z.start(fk.day), z.start(fk.earliest), z.start(fk.due)
		x.Priority, x.Minutes = t.priority[k], t.minutes[k]
		x.Source, x.Window, x.More = fk.ev, windows[k], fk.more
		if fk.derived {
			x.Assessed, x.Validity = z.start(fk.from), t.validity
		}
		if k == kTierChange {
			x.Before, x.After, x.Step = change.Before.Tier, change.After.Tier, change.Code
		}
	}
	return dst
}

// Task renders x as the Task [Triggers.Tasks] makes of it for the client
// identified by client: its ID is the kind and the event's date, such as
// "maturity/2026-07-12", and its Reason [Fired.Reason].
func (x Fired) Task(client string) Task {
	// The ID and the reason are written into one buffer, made one string.
	b := make([]byte, 0, 128)
	b = civil.AppendISO(append(append(b, x.Kind...), '/'), civil.DayOf(x.Event))
	n := len(b)
	s := string(x.appendReason(b))
	return Task{ID: s[:n], Client: client, Kind: x.Kind, Reason: s[n:], Channel: x.Channel,
		Owner: x.Owner, Priority: x.Priority, Earliest: x.Earliest, Due: x.Due, Minutes: x.Minutes}
}

// Reason says why x fired, without client amounts, as a [Task] or a
// [Suppressed] says it, e.g. "a large outflow on 2026-06-20, within the
// last 30 days".
func (x Fired) Reason() string { return string(x.appendReason(make([]byte, 0, 96))) }

// appendReason appends [Fired.Reason] to b.
func (x Fired) appendReason(b []byte) []byte {
	on := civil.DayOf(x.Event)
	days := func(b []byte) []byte { return textfmt.AppendCount(b, x.Window, "day", "days") }
	switch x.Kind {
	case "maturity":
		b = days(append(civil.AppendISO(append(b, "a holding matures on "...), on), ", within "...))
	case "retention":
		b = days(append(civil.AppendISO(append(b, "a large outflow on "...), on), ", within the last "...))
	case "advice":
		what := "a large inflow on "
		if x.Source == vipcare.EventBusinessSale {
			what = "a business sale on "
		}
		b = days(append(civil.AppendISO(append(b, what...), on), ", within the last "...))
	case "assessment":
		b = append(b, "the risk assessment "...)
		if x.Validity > 0 {
			b = civil.AppendISO(append(b, "of "...), civil.DayOf(x.Assessed))
			b = append(textfmt.AppendCount(append(b, " (valid "...), x.Validity, "month", "months"), ") "...)
		}
		b = x.appendExpiry(b, on)
	case "kyc":
		b = x.appendExpiry(append(b, "the KYC review "...), on)
	case "tier_change":
		b = append(append(append(b, x.Before.String()...), " → "...), x.After.String()...)
		b = civil.AppendISO(append(append(append(b, ", "...), x.Step...), ", effective "...), on)
	case "birthday":
		b = days(append(civil.AppendISO(append(b, "the client's birthday on "...), on), ", within "...))
	}
	if x.More > 0 {
		b = append(strconv.AppendInt(append(b, " (and "...), int64(x.More), 10), " more)"...)
	}
	return b
}

// appendExpiry appends to b when what x is about expires or expired, the
// event's date being on: expired if on or before the as-of date, which is
// an expiry's Earliest, as the qualification's flags and suitability count
// it (an assessment is no longer valid on the day it expires).
func (x Fired) appendExpiry(b []byte, on int64) []byte {
	if on <= civil.DayOf(x.Earliest) {
		return civil.AppendISO(append(b, "expired on "...), on)
	}
	b = civil.AppendISO(append(b, "expires on "...), on)
	return textfmt.AppendCount(append(b, ", within "...), x.Window, "day", "days")
}
