package tier

import (
	"errors"
	"strconv"
)

// Sentinel errors for branching with errors.Is; [NewLadder] wraps them in an
// [*Error] that says which rung is at fault.
var (
	// ErrEmpty: a ladder has no rungs, a segmentation no dimensions, or a
	// required part is missing.
	ErrEmpty = errors.New("empty or missing")
	// ErrThreshold: a threshold is negative or outside vipcare's amount bounds.
	ErrThreshold = errors.New("malformed threshold")
	// ErrNotAscending: a threshold is below the one of the rung beneath it.
	ErrNotAscending = errors.New("thresholds not ascending")
	// ErrDuplicateThreshold: two adjacent rungs share a threshold.
	ErrDuplicateThreshold = errors.New("duplicate threshold")
	// ErrName: a tier, dimension or band has no name, or a malformed one.
	ErrName = errors.New("missing or malformed name")
	// ErrDuplicateName: two rungs, dimensions or bands share a name.
	ErrDuplicateName = errors.New("duplicate name")
	// ErrRank: a rank is not positive, or not above the rank beneath it.
	ErrRank = errors.New("ranks not positive and ascending")
	// ErrCurrency: the ladder's currency is malformed, or a client was
	// measured in another currency than the ladder's.
	ErrCurrency = errors.New("currency mismatch or malformed currency")
	// ErrGrace: a lifecycle's grace is below 1 period.
	ErrGrace = errors.New("grace below 1 period")
	// ErrRetain: a retention band is not a share above 0 and at most 1.
	ErrRetain = errors.New("retention share out of range")
	// ErrUnknownTier: a tier name the ladder does not have.
	ErrUnknownTier = errors.New("unknown tier")
	// ErrStep: a step or override bound is negative.
	ErrStep = errors.New("negative step")
	// ErrNoApprover: an override has no approver.
	ErrNoApprover = errors.New("override without approver")
	// ErrFourEyes: an override's approver is its requester.
	ErrFourEyes = errors.New("override approved by its requester")
	// ErrMeasure: a measure's name in a ladder spec's JSON is not one of
	// the built-in measures.
	ErrMeasure = errors.New("unknown measure")
	// ErrPeriod: a period's text is not "2026-02" or "2026-Q1".
	ErrPeriod = errors.New("malformed period")
	// ErrTooMany: more rungs, rules or dimensions than the documented
	// limits.
	ErrTooMany = errors.New("too many")
	// ErrOutcome: a qualification outcome is out of range.
	ErrOutcome = errors.New("qualification outcome out of range")
	// ErrOverride: an override lacks its kind, reason, requester or dates,
	// or expires before it takes effect.
	ErrOverride = errors.New("malformed override")
)

// Error reports a problem with a ladder, a lifecycle, a segmentation or a
// qualification: where (Path, such as
// "rungs[2].from"), what it concerns (Name), and the error, which wraps a sentinel
// or, for an extra condition, the policy package's errors.
type Error struct {
	Path string
	Name string
	Err  error
}

// Error returns `tier: <path>: "<name>": <problem>`.
func (e *Error) Error() string {
	s := "tier: " + e.Path + ": "
	if e.Name != "" {
		s += strconv.Quote(e.Name) + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the wrapped error, for errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }
