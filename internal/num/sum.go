package num

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Sum is an exact signed 128-bit sum of int64 values, in two's complement:
// a million amounts of up to 10^18 each, or 92 days of the largest balance,
// cannot overflow it. The zero Sum is 0. It is the one wide accumulator of
// the module: balance averages and book totals both use it.
type Sum struct{ hi, lo uint64 }

// Add adds a.
func (s *Sum) Add(a int64) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(a), 0)
	s.hi += uint64(a>>63) + carry // sign extension
}

// AddN adds a, n times.
func (s *Sum) AddN(a int64, n uint64) {
	u := uint64(a)
	if a < 0 {
		u = -u
	}
	hi, lo := bits.Mul64(u, n)
	if a < 0 { // negate the 128-bit product
		var carry uint64
		lo, carry = bits.Add64(^lo, 1, 0)
		hi = ^hi + carry
	}
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, lo, 0)
	s.hi += hi + carry
}

// Merge adds t.
func (s *Sum) Merge(t Sum) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, t.lo, 0)
	s.hi += t.hi + carry
}

// magnitude returns |s| as (hi, lo) and whether s is negative.
func (s Sum) magnitude() (hi, lo uint64, neg bool) {
	hi, lo = s.hi, s.lo
	if int64(hi) < 0 {
		var carry uint64
		lo, carry = bits.Add64(^lo, 1, 0)
		hi = ^hi + carry
		return hi, lo, true
	}
	return hi, lo, false
}

// Div returns s/n rounded half to even, and false when the quotient does
// not fit an int64 or n is 0.
func (s Sum) Div(n uint64) (int64, bool) {
	if n == 0 {
		return 0, false
	}
	hi, lo, neg := s.magnitude()
	if hi >= n {
		return 0, false // the quotient needs more than 64 bits
	}
	q, r := bits.Div64(hi, lo, n)
	if r > n-r || r == n-r && q%2 == 1 {
		q++
	}
	switch {
	case !neg && q <= math.MaxInt64:
		return int64(q), true
	case neg && q <= 1<<63:
		return int64(-q), true
	}
	return 0, false
}

// Decimal returns the sum as a decimal of the given scale: a count of
// 10^-scale units.
func (s Sum) Decimal(scale int) decimal.Decimal {
	exp := int32(-scale)
	if s.hi == 0 && s.lo <= math.MaxInt64 || s.hi == math.MaxUint64 && s.lo > math.MaxInt64 {
		return decimal.New(int64(s.lo), exp) // fits an int64
	}
	hi, lo, neg := s.magnitude()
	x := new(big.Int).SetUint64(hi)
	x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(lo))
	if neg {
		x.Neg(x)
	}
	return decimal.NewFromBigInt(x, exp)
}

// Ratio returns part/whole in millionths (1,000,000 is the whole),
// truncated toward zero, and 0 when whole is not positive. A quotient
// beyond ±2^62 is clamped there. It does not allocate. It is the one ratio
// of the module: shares of wealth, coverage and utilisation all use it.
func Ratio(part, whole int64) int64 {
	return ratio(part, whole, 1_000_000, false)
}

// RatioUp is [Ratio] rounded up (away from zero) instead of truncated.
func RatioUp(part, whole int64) int64 {
	return ratio(part, whole, 1_000_000, true)
}

// RatioClamp is the largest magnitude of a ratio: a quotient beyond it is
// clamped to it.
const RatioClamp = 1 << 62

// RatioIn is [Ratio] in units of 1/unit instead of millionths: part*unit/
// whole truncated toward zero, 0 when whole is not positive, clamped to
// ±RatioClamp. unit is positive.
func RatioIn(part, whole int64, unit uint64) int64 {
	return ratio(part, whole, unit, false)
}

func ratio(part, whole int64, unit uint64, up bool) int64 {
	if whole <= 0 {
		return 0
	}
	neg := part < 0
	p := uint64(part)
	if neg {
		p = -p
	}
	q := uint64(RatioClamp)
	if hi, lo := bits.Mul64(p, unit); hi < uint64(whole) { // else the quotient would not fit
		var r uint64
		q, r = bits.Div64(hi, lo, uint64(whole))
		if up && r != 0 {
			q++
		}
		q = min(q, RatioClamp)
	}
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// RatioAtLeast reports whether [RatioIn](part, whole, unit) >= t, for a
// part of 0 or more, a positive whole and t from 1 to RatioClamp, with no
// division: the truncated quotient is at least the integer t exactly when
// part*unit >= t*whole, compared in 128 bits.
func RatioAtLeast(part, whole int64, unit, t uint64) bool {
	ph, pl := bits.Mul64(uint64(part), unit)
	th, tl := bits.Mul64(t, uint64(whole))
	return ph > th || ph == th && pl >= tl
}
