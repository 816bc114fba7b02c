package vipcare

import "errors"

// Sentinel errors for branching with errors.Is. Validation and computation
// return them wrapped in a [*FieldError] that names the field at fault.
var (
	// ErrAmount: an amount is malformed or outside the bounds of [Amount].
	ErrAmount = errors.New("amount out of bounds")
	// ErrNegative: an amount that must not be negative is negative.
	ErrNegative = errors.New("negative amount")
	// ErrCurrency: a currency code is malformed or missing.
	ErrCurrency = errors.New("malformed or missing currency code")
	// ErrNoRate: an amount is in a currency with no exchange rate to the
	// reporting currency. Amounts are never summed across currencies silently.
	ErrNoRate = errors.New("no exchange rate to the reporting currency")
	// ErrDuplicate: an identifier or date that must be unique is repeated.
	ErrDuplicate = errors.New("duplicate")
	// ErrFutureDate: a date that must not be after the as-of date is.
	ErrFutureDate = errors.New("date after the as-of date")
	// ErrOutOfRange: an enumerated value (risk level, channel, event kind,
	// role) or a fraction is outside its range.
	ErrOutOfRange = errors.New("value out of range")
	// ErrMissing: a required value is empty.
	ErrMissing = errors.New("required value missing")
	// ErrAssetClass: an asset class name is malformed, or a profile holds
	// more distinct classes than [MaxClasses].
	ErrAssetClass = errors.New("malformed asset class or too many classes")
	// ErrOrder: dated entries that must be in ascending order are not.
	ErrOrder = errors.New("dates not in ascending order")
	// ErrReference: an event refers to a holding the profile does not have.
	ErrReference = errors.New("refers to an unknown holding")
	// ErrOverflow: a total exceeds what can be computed exactly.
	ErrOverflow = errors.New("total too large to compute exactly")
)

// FieldError reports a problem with one field of the input. Field is a path
// such as "holdings[3].amount"; it names the field, never its value, so the
// error is safe to log.
type FieldError struct {
	Field string // the field's path, e.g. "holdings[3].amount"
	Err   error  // the sentinel error
}

// Error returns "vipcare: <field>: <problem>".
func (e *FieldError) Error() string {
	return "vipcare: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *FieldError) Unwrap() error { return e.Err }
