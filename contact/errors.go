package contact

import (
	"errors"
	"strconv"
)

// Sentinel errors for branching with errors.Is; construction wraps them in
// an [*Error] that says where the problem is.
var (
	// ErrEmpty: a required part is missing.
	ErrEmpty = errors.New("empty or missing")
	// ErrName: a name is missing or repeated.
	ErrName = errors.New("missing or duplicate name")
	// ErrUnknown: a reference to a strategy, role or channel that does not
	// exist.
	ErrUnknown = errors.New("unknown reference")
	// ErrSetting: a number (days, minutes, hours, share) is out of range.
	ErrSetting = errors.New("setting out of range")
)

// Error reports a problem with a contact configuration: where (Path), what
// it concerns (Name), and the error, which wraps a sentinel or the errors
// of packages policy, tier or needs.
type Error struct {
	Path string // e.g. "strategies[2].touches[0].per_year"
	Name string // the name involved, if any
	Err  error  // the sentinel or wrapped error
}

// Error returns `contact: <path>: "<name>": <problem>`.
func (e *Error) Error() string {
	s := "contact: " + e.Path + ": "
	if e.Name != "" {
		s += strconv.Quote(e.Name) + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }
