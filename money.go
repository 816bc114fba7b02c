package vipcare

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Currency is an ISO 4217 alphabetic currency code such as "CNY".
// The zero Currency is unset; [Currency.IsValid] reports whether a code is
// well formed (three upper-case ASCII letters). Other codes than the
// constants are written as conversions: vipcare.Currency("HKD").
type Currency string

// Common currency codes.
const (
	CNY Currency = "CNY"
	USD Currency = "USD"
)

// same reports whether c and d are the same code. Codes are three letters,
// compared here in line: string equality calls the runtime for strings
// whose length the compiler cannot see, and Compute compares a code per
// holding.
func (c Currency) same(d Currency) bool {
	if len(c) == 3 && len(d) == 3 {
		return c[0] == d[0] && c[1] == d[1] && c[2] == d[2]
	}
	return c == d
}

// IsValid reports whether c is three upper-case ASCII letters.
func (c Currency) IsValid() bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// Money is an exact amount in a currency, the form amounts take at the API.
// The zero Money has a zero amount and no currency.
type Money struct {
	Amount   decimal.Decimal `json:"amount"`   // the exact amount
	Currency Currency        `json:"currency"` // its ISO 4217 code
}

// NewMoney parses amount, a decimal literal such as "1250000.50", in
// currency c. It fails with policy.Problems located as in Money's JSON:
// policy.ErrMalformed at "/amount" for a literal that is not a decimal, is
// longer than 64 bytes or has an exponent beyond 10,000,
// policy.ErrOutOfRange at "/amount" for one outside the bounds every
// amount respects (see [Amount]), policy.ErrMalformed at "/currency" for
// a code that is not three upper-case letters ([Currency.IsValid]), or
// none for an amount that is not zero. The error never contains the
// amount. Write literals with
// policy.Must(vipcare.NewMoney("2000000", vipcare.CNY)).
func NewMoney(amount string, c Currency) (Money, error) {
	var ps policy.Problems
	d, ok := num.ParseDecimal(amount)
	if !ok {
		ps = append(ps, policy.Problem{Path: "/amount", Err: policy.ErrMalformed})
	} else if _, err := ToAmount(d); err != nil {
		ps.Add("/amount", "", err)
	}
	if !c.IsValid() && !(c == "" && ok && d.IsZero()) { // the zero Money may have no currency
		ps = append(ps, policy.Problem{Path: "/currency", Err: policy.ErrMalformed}) // not quoted: a shifted column could put an ID here
	}
	if len(ps) > 0 {
		return Money{}, ps
	}
	return Money{Amount: d, Currency: c}, nil
}

// String returns the amount and currency, e.g. "1250000.5 CNY". Money is the
// caller's own value; printing it is an explicit choice. Profiles and
// holdings, by contrast, never print their amounts (see [Profile.Format]).
func (m Money) String() string {
	return m.Amount.String() + " " + string(m.Currency)
}

// Amount is an exact amount of money as an integer count of ten-thousandths
// (10^-4) of a currency unit: the fast, allocation-free form used inside
// evaluations. The currency is implied by context (for instance
// [Figures.Currency]).
//
// Every amount is bounded: at most 14 digits before the decimal point and
// [AmountScale] after it, so below 10^14 currency units. The bound keeps
// sums of many holdings exact in an int64 and stops decimal values with
// huge exponents at the input boundary.
type Amount int64

const (
	// AmountScale is the number of decimal places an [Amount] holds.
	AmountScale = 4
	// MaxAmount is the largest Amount a single input may have: just below
	// 10^14 currency units.
	MaxAmount Amount = 1e18 - 1
)

// ToAmount converts d to an exact Amount without allocating. It fails with
// policy.Problems wrapping policy.ErrOutOfRange when d has more than
// [AmountScale] significant decimal places or is not below 10^14 in
// magnitude, saying which. The error never contains the value.
func ToAmount(d decimal.Decimal) (Amount, error) {
	v, ok := num.FromDecimal(d, AmountScale, int64(MaxAmount))
	if !ok {
		// |d| >= 10^(digits-1+exponent): with no decimal arithmetic, which
		// an exponent of a billion would make endless.
		err := errTooPrecise
		if int64(d.NumDigits())-1+int64(d.Exponent()) >= 14 {
			err = errTooLarge
		}
		return 0, policy.Problems{{Err: err}}
	}
	return Amount(v), nil
}

// The problems of an amount out of bounds.
var (
	errTooPrecise = fmt.Errorf("%w: more than %d decimal places", policy.ErrOutOfRange, AmountScale)
	errTooLarge   = fmt.Errorf("%w: not below 10^14 in magnitude", policy.ErrOutOfRange)
)

// Decimal returns a as a decimal.Decimal. It allocates; use it at the edges.
func (a Amount) Decimal() decimal.Decimal {
	return decimal.New(int64(a), -AmountScale)
}

// String returns the exact decimal text of a with no trailing zeros, e.g.
// "2000000" or "1250.5".
func (a Amount) String() string {
	return num.Format(int64(a), AmountScale, false)
}

// MarshalText returns the exact decimal text of a, as String does, so that
// JSON shows an amount, not a count of ten-thousandths.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses exact decimal text such as "2000000" or "1250.5",
// within the bounds of an Amount, as [NewMoney] parses an amount.
func (a *Amount) UnmarshalText(b []byte) error {
	d, ok := num.ParseDecimal(string(b))
	if !ok {
		return policy.Problems{{Err: policy.ErrMalformed}}
	}
	v, err := ToAmount(d)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Share is a fraction in millionths: 1_000_000 is the whole, 250_000 a quarter.
// Shares computed by this package are truncated toward zero, so a share
// compares at or above a threshold of up to six decimal places exactly when
// the true fraction does.
type Share int64

// ShareScale is the number of decimal places a [Share] holds.
const ShareScale = 6

// Whole is the Share of the whole.
const Whole Share = 1_000_000

// ShareOf returns part/whole as a Share truncated toward zero, and 0 when
// whole is not positive. It does not allocate.
func ShareOf(part, whole Amount) Share {
	return Share(num.Ratio(int64(part), int64(whole)))
}

// String returns s as a fraction with no trailing zeros, e.g. "0.25".
func (s Share) String() string {
	return num.Format(int64(s), ShareScale, false)
}

// Percent returns s as a percentage with one decimal place, rounded half
// away from zero, e.g. "25.0%".
func (s Share) Percent() string { return num.PercentInt(int64(s), int64(Whole)) }
