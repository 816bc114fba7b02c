package vipcare

import "errors"

// Sentinel errors of the client model, for branching with errors.Is. They
// come wrapped in policy.Problems that say where each problem is, beside
// the sentinels every package shares (policy.ErrMissing,
// policy.ErrMalformed, policy.ErrDuplicate, policy.ErrUnknown,
// policy.ErrOutOfRange, policy.ErrTooMany, policy.ErrOrder).
var (
	// ErrNegative: an amount that must not be negative is negative.
	ErrNegative = errors.New("negative amount")
	// ErrCurrency: amounts, rates or thresholds are in another currency than
	// the one expected: figures in USD for a ladder in CNY, a rate table into
	// EUR for a valuation in CNY.
	ErrCurrency = errors.New("currency mismatch")
	// ErrNoRate: an amount is in a currency with no exchange rate to the
	// reporting currency. Amounts are never summed across currencies silently.
	ErrNoRate = errors.New("no exchange rate to the reporting currency")
	// ErrFutureDate: a date that must not be after the as-of date is.
	ErrFutureDate = errors.New("date after the as-of date")
	// ErrOverflow: a total exceeds what can be computed exactly.
	ErrOverflow = errors.New("total too large to compute exactly")
)

// Code is a machine-readable reason code, such as "risk_mismatch" or
// "downgraded": the one convention of every package of vipcare for saying
// why a decision came out as it did. Codes are stable across versions, so
// that stored decisions and a bank's own reports can rely on them; each
// package documents its codes as constants.
type Code string

// Version is the version of vipcare, cited by the records of decisions so
// that an auditor knows which library made one.
const Version = "0.10.0-dev"
