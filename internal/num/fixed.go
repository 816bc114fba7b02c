package num

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// Pow10 holds the powers of ten that fit an int64.
var Pow10 = [...]int64{
	1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
	1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000,
	10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
	10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
}

// MaxScale is the largest scale the package handles.
const MaxScale = 18

// FromDecimal converts d to an integer count of 10^-scale units whose
// magnitude is at most max. It reports false when that is impossible without
// rounding or overflow. It reads only the coefficient and exponent, so a
// decimal with a huge exponent is rejected at once rather than expanded, and
// it does not allocate for values that fit.
func FromDecimal(d decimal.Decimal, scale int, max int64) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.NumDigits() > 18 { // the coefficient may not fit an int64
		var ok bool
		if d, ok = stripZeros(d); !ok {
			return 0, false
		}
	}
	c := d.CoefficientInt64()
	shift := int(d.Exponent()) + scale
	switch {
	case shift > 18 || shift < -18:
		return 0, false
	case shift >= 0:
		neg := c < 0
		u := uint64(c)
		if neg {
			u = -u
		}
		hi, lo := bits.Mul64(u, uint64(Pow10[shift]))
		if hi != 0 || lo > uint64(max) {
			return 0, false
		}
		c = int64(lo)
		if neg {
			c = -c
		}
	default:
		p := Pow10[-shift]
		if c%p != 0 {
			return 0, false
		}
		c /= p
	}
	if c > max || c < -max {
		return 0, false
	}
	return c, true
}

// ScaleUp returns the coefficient c of a decimal with exponent exp as an
// integer count of 10^-scale units, when that is a multiplication by a
// power of ten (exp+scale from 0 to 18), c is 0 or more and the result is
// at most max; otherwise it reports false, with a value to be ignored,
// and the caller falls back on [FromDecimal], which handles every case.
// It is the common case of an amount, small enough to be inlined into a
// loop over many: the caller reads the coefficient only when it has at
// most 18 digits (NumDigits <= 18), so that it fits an int64.
func ScaleUp(c int64, exp int32, scale int, max int64) (int64, bool) {
	shift := uint(int(exp) + scale)
	if c < 0 || shift > 18 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(c), uint64(Pow10[shift]))
	return int64(lo), hi == 0 && lo <= uint64(max)
}

// stripZeros returns d with a coefficient of at most 18 digits, if trailing
// zeros in its coefficient allow that: "1250000.500000000000000000" is exact
// at scale 4 although its coefficient has 25 digits. It allocates, but only
// for such long coefficients, and its cost is bounded by their length.
func stripZeros(d decimal.Decimal) (decimal.Decimal, bool) {
	k := d.NumDigits() - 18
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
	q, r := new(big.Int).QuoRem(d.Coefficient(), div, new(big.Int))
	e := int64(d.Exponent()) + int64(k)
	if r.Sign() != 0 || e > math.MaxInt32 {
		return d, false
	}
	return decimal.NewFromBigInt(q, int32(e)), true
}

// ParseDecimal parses the decimal literal s, refusing before parsing one
// longer than 64 bytes, whatever its value: the one parser of amounts and
// thresholds written as text. Bound the result with [FromDecimal].
func ParseDecimal(s string) (decimal.Decimal, bool) {
	if len(s) == 0 || len(s) > 64 {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// AmountScale is the scale of vipcare.Amount: ten-thousandths.
const AmountScale = 4

// Amount returns v, a vipcare.Amount, with thousands separators, e.g.
// "2,000,000" or "1,250.5", for explanations.
func Amount(v int64) string { return Format(v, AmountScale, true) }

// Format returns v, a count of 10^-scale units, as exact decimal text with no
// trailing zeros, with thousands separators if group is true.
func Format(v int64, scale int, group bool) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	p := uint64(Pow10[scale])
	ip, fp := u/p, u%p
	digits := strconv.FormatUint(ip, 10)
	if group {
		digits = Group(digits)
	}
	b := make([]byte, 0, len(digits)+scale+2)
	if neg {
		b = append(b, '-')
	}
	b = append(b, digits...)
	if fp != 0 {
		f := strconv.FormatUint(fp+p, 10)[1:] // zero-padded to scale digits
		for len(f) > 0 && f[len(f)-1] == '0' {
			f = f[:len(f)-1]
		}
		b = append(b, '.')
		b = append(b, f...)
	}
	return string(b)
}
