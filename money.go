package vipcare

import (
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/internal/num"
)

// Currency is an ISO 4217 alphabetic currency code such as "CNY".
// The zero Currency is unset; [Currency.IsValid] reports whether a code is
// well formed (three upper-case ASCII letters).
type Currency string

// Common currency codes.
const (
	CNY Currency = "CNY"
	USD Currency = "USD"
	HKD Currency = "HKD"
	EUR Currency = "EUR"
)

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

// NewMoney parses amount (a decimal literal such as "1250000.50") in currency c.
// It returns an error wrapping [ErrAmount] when the literal is malformed or
// outside the bounds every amount must respect (see [Amount]).
func NewMoney(amount string, c Currency) (Money, error) {
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, &FieldError{Field: "amount", Err: ErrAmount}
	}
	if _, err := ToAmount(d); err != nil {
		return Money{}, err
	}
	return Money{Amount: d, Currency: c}, nil
}

// MustMoney is like [NewMoney] but panics on error. It is for literals in
// tests, examples and policies written in Go.
func MustMoney(amount string, c Currency) Money {
	m, err := NewMoney(amount, c)
	if err != nil {
		panic(err)
	}
	return m
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
// Every amount is bounded: at most [AmountIntDigits] digits before the
// decimal point and [AmountScale] after it. The bound keeps sums of many
// holdings exact in an int64 and stops decimal values with huge exponents at
// the input boundary.
type Amount int64

const (
	// AmountScale is the number of decimal places an [Amount] holds.
	AmountScale = 4
	// AmountIntDigits is the maximum number of digits before the decimal
	// point of any amount: amounts are below 10^14 currency units.
	AmountIntDigits = 14
	// MaxAmount is the largest Amount a single input may have.
	MaxAmount Amount = 1e18 - 1
)

// ToAmount converts d to an exact Amount without allocating. It returns a
// [*FieldError] wrapping [ErrAmount] when d has more than [AmountScale]
// significant decimal places or is not below 10^[AmountIntDigits] in
// magnitude. The error never contains the value.
func ToAmount(d decimal.Decimal) (Amount, error) {
	v, ok := num.FromDecimal(d, AmountScale, int64(MaxAmount))
	if !ok {
		return 0, &FieldError{Field: "amount", Err: ErrAmount}
	}
	return Amount(v), nil
}

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
// within the bounds of an Amount.
func (a *Amount) UnmarshalText(b []byte) error {
	v, ok := num.Parse(string(b), AmountScale, int64(MaxAmount))
	if !ok {
		return &FieldError{Field: "amount", Err: ErrAmount}
	}
	*a = Amount(v)
	return nil
}

// Grouped returns the exact decimal text of a with thousands separators,
// e.g. "2,000,000" or "1,250.5", for reports and explanations.
func (a Amount) Grouped() string {
	return num.Format(int64(a), AmountScale, true)
}

// addChecked adds a and b, reporting false if the sum would overflow an int64.
func addChecked(a, b Amount) (Amount, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
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
	if whole <= 0 {
		return 0
	}
	// part*10^6 may overflow int64 (part can be near 1.6e19): use 128 bits.
	neg := part < 0
	p := uint64(part)
	if neg {
		p = -p
	}
	hi, lo := bits.Mul64(p, uint64(Whole))
	if hi >= uint64(whole) { // quotient would not fit; clamp
		if neg {
			return -Share(1 << 62)
		}
		return Share(1 << 62)
	}
	q, _ := bits.Div64(hi, lo, uint64(whole))
	if neg {
		return -Share(q)
	}
	return Share(q)
}

// Decimal returns s as a fraction, e.g. 0.25 for a quarter.
func (s Share) Decimal() decimal.Decimal {
	return decimal.New(int64(s), -ShareScale)
}

// String returns s as a fraction with no trailing zeros, e.g. "0.25".
func (s Share) String() string {
	return num.Format(int64(s), ShareScale, false)
}

// Percent returns s as a percentage with one decimal place, e.g. "25.0%".
func (s Share) Percent() string {
	// round half away from zero to tenths of a percent (1,000 millionths)
	v := int64(s)
	r := (v + 500) / 1000
	if v < 0 {
		r = (v - 500) / 1000
	}
	return formatFixed(r, 1) + "%"
}

// formatFixed formats v, a count of 10^-scale units, with exactly scale places.
func formatFixed(v int64, scale int) string {
	s := num.Format(v, scale, false)
	dot := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			dot = i
		}
	}
	if dot < 0 {
		s += "."
		dot = len(s) - 1
	}
	for len(s)-dot-1 < scale {
		s += "0"
	}
	return s
}
