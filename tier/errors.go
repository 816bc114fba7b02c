package tier

import (
	"errors"
	"strconv"
)

// Sentinel errors for branching with errors.Is; [NewLadder] wraps them in an
// [*Error] that says which rung is at fault.
var (
	// ErrEmpty: the ladder has no rungs.
	ErrEmpty = errors.New("empty ladder")
	// ErrThreshold: a threshold is negative or outside vipcare's amount bounds.
	ErrThreshold = errors.New("malformed threshold")
	// ErrNotAscending: a threshold is below the one of the rung beneath it.
	ErrNotAscending = errors.New("thresholds not ascending")
	// ErrDuplicateThreshold: two adjacent rungs share a threshold.
	ErrDuplicateThreshold = errors.New("duplicate threshold")
	// ErrName: a tier has no name.
	ErrName = errors.New("missing tier name")
	// ErrDuplicateName: two rungs share a tier name.
	ErrDuplicateName = errors.New("duplicate tier name")
	// ErrRank: a rank is not positive, or not above the rank beneath it.
	ErrRank = errors.New("ranks not positive and ascending")
	// ErrCurrency: the ladder's currency is malformed, or a client was
	// measured in another currency than the ladder's.
	ErrCurrency = errors.New("currency mismatch or malformed currency")
)

// Error reports a problem with a ladder: where (Path, such as
// "rungs[2].from"), which tier (Name), and the error, which wraps a sentinel
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
