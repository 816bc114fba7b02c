package tier

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/policy"
)

// ErrFourEyes: an override's approver is its requester. Exceptions to a
// client's tier need two people.
var ErrFourEyes = errors.New("override approved by its requester")

// Override is a manual exception to a client's tier, decided by people and
// recorded with who asked, who approved, why and for how long. It applies
// on the dates From up to, not including, Until. Four eyes: the approver
// must be someone other than the requester (compared ignoring case and
// surrounding spaces).
type Override struct {
	// Hold keeps the client at least in Tier, for instance through a
	// temporary dip, and never lowers a tier; an override that does not
	// hold grants Tier, above or below the tier the lifecycle gives.
	Hold bool `json:"hold,omitempty"`
	// Tier is the tier granted or held; it must be on the ladder.
	Tier Tier `json:"tier"`
	// Code is the bank's reason code, e.g. "strategic_relationship".
	Code vipcare.Code `json:"code"`
	// Requester and Approver identify the staff who asked and approved.
	Requester string `json:"requester"`
	Approver  string `json:"approver"`
	// From is the first date the override applies; Until the first date it
	// no longer does. Both are required: every exception expires.
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// UnmarshalJSON decodes o strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. o is set only when there is none.
func (o *Override) UnmarshalJSON(b []byte) error {
	type plain Override
	return policy.Unmarshal(b, (*plain)(o))
}

// kind returns "hold" or "grant".
func (o *Override) kind() string {
	if o.Hold {
		return "hold"
	}
	return "grant"
}

// Effective is a client's tier on a date once overrides are applied.
type Effective struct {
	// Computed is the tier the lifecycle gives.
	Computed Tier `json:"computed"`
	// Tier is the effective tier.
	Tier Tier `json:"tier"`
	// Override is the applied override, if any (its Code is empty if none).
	Override Override `json:"override"`
	// Capped reports whether the override asked for more rungs above the
	// computed tier than the lifecycle allows, and was limited.
	Capped bool `json:"capped,omitempty"`
}

// String says which tier applies and why, e.g.
//
//	platinum (computed gold; grant strategic_relationship until 2027-01-01)
func (e Effective) String() string {
	s := e.Tier.String()
	if e.Override.Code == "" {
		return s + " (computed, no override)"
	}
	s += " (computed " + e.Computed.String() + "; " + e.Override.kind() + " " + string(e.Override.Code) +
		" until " + e.Override.Until.Format(time.DateOnly)
	if e.Capped {
		s += ", limited to the rungs an override may add"
	}
	return s + ")"
}

// Apply returns the client's effective tier on date d, given the state the
// lifecycle gives and the client's overrides. Of the overrides in force on
// d (From <= d < Until, as calendar dates in d's location), the one that
// started on the latest day applies (the later in overrides on a tie). A grant sets the
// tier, a hold keeps at least its tier; neither may place the client more
// than the lifecycle's MaxOverride rungs above the computed tier. Expired
// overrides stop applying by themselves.
//
// It fails, reporting every problem at once as policy.Problems, when s
// holds a tier the ladder does not have (see [Ladder.CheckState]) and
// when an override is malformed, located at "/overrides/i/..." (each
// problem names the override's code, but a tier's names no tier, or the
// ladder's for a rank that does not match: a stored value is never
// quoted): no
// approver (policy.ErrMissing at ".../approver"), an approver who is the
// requester ([ErrFourEyes]), a tier not on the ladder (policy.ErrUnknown
// at ".../tier", with the ladder's tiers as choices, or at
// ".../tier/rank" for the ladder's name with another rank), no tier,
// code, requester or dates (policy.ErrMissing), an expiry not after the
// start (policy.ErrOrder at ".../until"). It does not allocate when there
// is no problem.
func (l *Ladder) Apply(s State, overrides []Override, d time.Time) (Effective, error) {
	var ps policy.Problems
	ps.Add("", "", l.CheckState(s))
	if ps = l.checkOverrides(ps, overrides); len(ps) > 0 {
		return Effective{}, ps
	}
	held := l.held(s.Tier)
	e := Effective{Computed: s.Tier, Tier: s.Tier}
	loc := d.Location()
	day := civil.Day(d, loc)
	pick := -1
	for i := range overrides {
		o := &overrides[i]
		from := civil.Day(o.From, loc)
		if from <= day && day < civil.Day(o.Until, loc) && (pick < 0 || from >= civil.Day(overrides[pick].From, loc)) {
			pick = i // started on a later day, or on the same day and later in the list
		}
	}
	if pick < 0 {
		return e, nil
	}
	o := overrides[pick]
	e.Override = o
	target := l.rung(o.Tier.Name)
	if o.Hold {
		target = max(target, held)
	}
	if limit := held + l.maxOver; target > limit {
		target, e.Capped = limit, true
	}
	e.Tier = l.tierAt(target)
	return e, nil
}

// checkOverrides appends every problem with overrides to ps, as Apply
// documents.
func (l *Ladder) checkOverrides(ps policy.Problems, overrides []Override) policy.Problems {
	for i := range overrides {
		o := &overrides[i]
		at := func() string { return "/overrides/" + strconv.Itoa(i) } // the path only for a problem: Decide does not allocate
		fail := func(field string, err error) {
			ps = append(ps, policy.Problem{Path: at() + "/" + field, Name: string(o.Code), Err: err})
		}
		if o.Tier.IsZero() {
			fail("tier", policy.ErrMissing)
		} else if p, bad := l.tierProblem(o.Tier); bad {
			p.Path = at() + p.Path
			ps = append(ps, p)
		}
		if o.Code == "" {
			fail("code", policy.ErrMissing)
		}
		if strings.TrimSpace(o.Requester) == "" {
			fail("requester", policy.ErrMissing)
		}
		switch {
		case strings.TrimSpace(o.Approver) == "":
			fail("approver", policy.ErrMissing)
		case strings.EqualFold(strings.TrimSpace(o.Approver), strings.TrimSpace(o.Requester)):
			fail("approver", ErrFourEyes)
		}
		if o.From.IsZero() {
			fail("from", policy.ErrMissing)
		}
		if o.Until.IsZero() {
			fail("until", policy.ErrMissing)
		} else if !o.From.IsZero() && civil.Day(o.Until, o.From.Location()) <= civil.DayOf(o.From) {
			fail("until", policy.ErrOrder) // an override must be in force for at least one day
		}
	}
	return ps
}

// CheckState reports whether the ladder can continue from s, a state
// stored by an earlier run: nil when s has no tier or one of the ladder's.
// [Ladder.Step] counts a tier the ladder does not have as no tier, and so
// starts such a client afresh; call CheckState where states are loaded to
// refuse them instead, as [Ladder.Apply] and a playbook's Decide within a
// period do. The problem is policy.ErrUnknown at "/state/tier" with the
// ladder's tiers as choices (the stored name is not quoted: a shifted
// column could have put a client's ID there), or at "/state/tier/rank"
// when the name is the ladder's but the rank is not (a ladder whose ranks
// were renumbered), with the ladder's rank and not the stored one. It
// does not allocate when there is no problem.
func (l *Ladder) CheckState(s State) error {
	if p, bad := l.tierProblem(s.Tier); bad {
		p.Path = "/state" + p.Path
		return policy.Problems{p}
	}
	return nil
}

// tierProblem returns the problem with t, a tier stored or written by
// people, located at "/tier" (or "/tier/rank") for the caller to prefix:
// none for the zero Tier or one of the ladder's.
func (l *Ladder) tierProblem(t Tier) (policy.Problem, bool) {
	if t.IsZero() || l.held(t) >= 0 {
		return policy.Problem{}, false
	}
	if r := l.rung(t.Name); r >= 0 {
		// The stored rank is not quoted either, for the same reason as
		// below; the name is the ladder's own.
		return policy.Problem{Path: "/tier/rank", Name: t.Name, Err: fmt.Errorf("%w: not the ladder's rank, which for %s is %d",
			policy.ErrUnknown, t.Name, l.rungs[r].tier.Rank)}, true
	}
	// Not quoted: a stored state is client data, where a shifted column
	// could put a client's ID.
	return policy.Problem{Path: "/tier", Err: policy.ErrUnknown, Choices: l.Classes()}, true
}
