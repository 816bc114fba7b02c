package tier

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
)

// OverrideKind says what an override does.
type OverrideKind uint8

// Override kinds. The zero OverrideKind is invalid.
const (
	// Grant places the client in the override's tier, above or below the
	// tier the lifecycle gives.
	Grant OverrideKind = iota + 1
	// Hold keeps the client at least in the override's tier, for instance
	// through a temporary dip; it never lowers a tier.
	Hold
)

// String returns "grant" or "hold".
func (k OverrideKind) String() string {
	switch k {
	case Grant:
		return "grant"
	case Hold:
		return "hold"
	}
	return "invalid"
}

// Override is a manual exception to a client's tier, decided by people and
// recorded with who asked, who approved, why and for how long. It applies
// on the dates From up to, not including, Until. Four eyes: the approver
// must be someone other than the requester (compared ignoring case and
// surrounding spaces).
type Override struct {
	Kind OverrideKind `json:"kind"`
	// Tier is the tier granted or held; it must be on the ladder.
	Tier Tier `json:"tier"`
	// Reason is the bank's reason code, e.g. "STRATEGIC_RELATIONSHIP".
	Reason string `json:"reason"`
	// Requester and Approver identify the staff who asked and approved.
	Requester string `json:"requester"`
	Approver  string `json:"approver"`
	// From is the first date the override applies; Until the first date it
	// no longer does. Both are required: every exception expires.
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// CheckOverrides reports every problem with os at once, as [*Error] values
// with paths such as "overrides[1].approver": no approver
// ([ErrNoApprover]), an approver who is the requester ([ErrFourEyes]), a
// tier not on the ladder ([ErrUnknownTier]), and a missing kind, reason,
// requester or date, or an expiry not after the start ([ErrOverride]). It
// does not allocate when there is no problem.
func (lc *Lifecycle) CheckOverrides(os []Override) error {
	var errs []error
	for i := range os {
		o := &os[i]
		path := "overrides[" + strconv.Itoa(i) + "]"
		fail := func(field string, err error) {
			errs = append(errs, &Error{Path: path + "." + field, Name: o.Reason, Err: err})
		}
		if o.Kind != Grant && o.Kind != Hold {
			fail("kind", ErrOverride)
		}
		if r := lc.ladder.rung(o.Tier.Name); r < 0 || lc.ladder.rungs[r].tier != o.Tier {
			fail("tier", ErrUnknownTier)
		}
		if o.Reason == "" {
			fail("reason", ErrOverride)
		}
		if strings.TrimSpace(o.Requester) == "" {
			fail("requester", ErrOverride)
		}
		switch {
		case strings.TrimSpace(o.Approver) == "":
			fail("approver", ErrNoApprover)
		case strings.EqualFold(strings.TrimSpace(o.Approver), strings.TrimSpace(o.Requester)):
			fail("approver", ErrFourEyes)
		}
		switch {
		case o.From.IsZero():
			fail("from", ErrOverride)
		case o.Until.IsZero() ||
			vipcare.DayNumber(o.Until, o.From.Location()) <= vipcare.DayNumber(o.From, o.From.Location()):
			fail("until", ErrOverride) // an override must be in force for at least one day
		}
	}
	return errors.Join(errs...)
}

// Effective is a client's tier on a date once overrides are applied.
type Effective struct {
	// Computed is the tier the lifecycle gives.
	Computed Tier `json:"computed"`
	// Tier is the effective tier.
	Tier Tier `json:"tier"`
	// Override is the applied override, if any (Kind is zero if none).
	Override Override `json:"override"`
	// Capped reports whether the override asked for more rungs above the
	// computed tier than the lifecycle allows, and was limited.
	Capped bool `json:"capped,omitempty"`
}

// String says which tier applies and why, e.g.
//
//	platinum (computed gold; grant STRATEGIC_RELATIONSHIP until 2027-01-01)
func (e Effective) String() string {
	s := e.Tier.String()
	if e.Override.Kind == 0 {
		return s + " (computed, no override)"
	}
	s += " (computed " + e.Computed.String() + "; " + e.Override.Kind.String() + " " + e.Override.Reason +
		" until " + e.Override.Until.Format(time.DateOnly)
	if e.Capped {
		s += ", limited to the rungs an override may add"
	}
	return s + ")"
}

// Apply returns the client's effective tier on date d, given the state the
// lifecycle gives and the client's overrides. Of the overrides in force on
// d (From <= d < Until, as calendar dates in d's location), the one that
// started last applies (the later in os on a tie). A Grant sets the tier, a
// Hold keeps at least its tier; neither may place the client more than the
// lifecycle's MaxOverride rungs above the computed tier. Expired overrides
// stop applying by themselves. It fails, reporting every problem, if any
// override is malformed (see [Lifecycle.CheckOverrides]).
func (lc *Lifecycle) Apply(s State, os []Override, d time.Time) (Effective, error) {
	if err := lc.CheckOverrides(os); err != nil {
		return Effective{}, err
	}
	held := lc.ladder.held(s.Tier)
	if !s.Tier.IsZero() && held < 0 {
		return Effective{}, &Error{Path: "state.tier", Name: s.Tier.Name, Err: ErrUnknownTier}
	}
	e := Effective{Computed: s.Tier, Tier: s.Tier}
	loc := d.Location()
	day := vipcare.DayNumber(d, loc)
	pick := -1
	for i := range os {
		o := &os[i]
		if vipcare.DayNumber(o.From, loc) <= day && day < vipcare.DayNumber(o.Until, loc) &&
			(pick < 0 || !o.From.Before(os[pick].From)) {
			pick = i
		}
	}
	if pick < 0 {
		return e, nil
	}
	o := os[pick]
	e.Override = o
	target := lc.ladder.rung(o.Tier.Name)
	if o.Kind == Hold {
		target = max(target, held)
	}
	if limit := held + lc.maxOver; target > limit {
		target, e.Capped = limit, true
	}
	e.Tier = lc.ladder.tierAt(target)
	return e, nil
}
