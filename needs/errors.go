package needs

import (
	"errors"
	"strconv"
)

// Sentinel errors for branching with errors.Is; construction wraps them in
// an [*Error] that says where the problem is.
var (
	// ErrNeed: a need name is malformed, or a detector repeats a need.
	ErrNeed = errors.New("malformed or duplicate need")
	// ErrEmpty: a required part is missing (a detector with no signals, a
	// shelf with no products, a play with no needs).
	ErrEmpty = errors.New("empty or missing")
	// ErrName: a name or code is missing, malformed or repeated.
	ErrName = errors.New("missing, malformed or duplicate name")
	// ErrWeight: a signal weight or a detection minimum is outside 1 to 100.
	ErrWeight = errors.New("weight outside 1 to 100")
	// ErrTooMany: more needs, signals or checks than the documented limits.
	ErrTooMany = errors.New("too many")
	// ErrRisk: a product risk rating is outside R1 to R5.
	ErrRisk = errors.New("risk rating outside R1 to R5")
	// ErrAmount: an amount is malformed, negative or in a malformed currency.
	ErrAmount = errors.New("malformed amount")
	// ErrCurrency: figures are in another currency than a configuration's
	// thresholds.
	ErrCurrency = errors.New("currency mismatch")
	// ErrUnknown: a reference to a product category, play or need that does
	// not exist.
	ErrUnknown = errors.New("unknown reference")
)

// Error reports a problem with a needs configuration: where (Path, such as
// "rules[2].signals[0].when"), what it concerns (Name), and the error,
// which wraps a sentinel or the policy package's errors.
type Error struct {
	Path string
	Name string
	Err  error
}

// Error returns `needs: <path>: "<name>": <problem>`.
func (e *Error) Error() string {
	s := "needs: " + e.Path + ": "
	if e.Name != "" {
		s += strconv.Quote(e.Name) + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }
