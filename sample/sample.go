package sample

import (
	"iter"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Options select one synthetic book. The zero Options is a valid book: seed
// 0 as of 30 June 2026.
type Options struct {
	// Seed selects the book. Books with the same Seed and AsOf are
	// identical; books with different seeds are unrelated.
	Seed uint64
	// AsOf is the date the book describes. Generated dates are calendar
	// dates at midnight in AsOf's time.Location, and no past fact lies after
	// AsOf's date. The zero AsOf means 30 June 2026, 00:00 UTC; the clock
	// is never read.
	AsOf time.Time
	// DailyDays is the number of calendar days of end-of-day balances at
	// the bank (vipcare.Profile.DailyBalances) to generate, ending on AsOf's
	// date: 31 covers a month-to-date average, 92 a quarter, 366 a year.
	// Zero (or negative), the default, generates none, which keeps
	// generation fast; see the package documentation for what a positive
	// value adds. A book with DailyDays set has the same clients as the
	// book without: only their balance history and the large inflows of
	// spiked clients differ.
	DailyDays int
}

// asOf returns o.AsOf, or 30 June 2026, 00:00 UTC if it is zero.
func (o Options) asOf() time.Time {
	if o.AsOf.IsZero() {
		return time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC)
	}
	return o.AsOf
}

// Profile returns client i of the book o. It depends on o and i only, not on
// the size of any book, so Profile(o, i) is the profile at i of Seq(o, n)
// for every n > i, and ranges of a book can be generated independently and in
// parallel. The profile passes [vipcare.Profile.Validate] under
// [Valuation](o).
//
// Profile panics if i is negative.
func Profile(o Options, i int) vipcare.Profile {
	if i < 0 {
		panic("sample: negative client index " + strconv.Itoa(i))
	}
	var g gen
	g.init(o, i)
	return g.profile()
}

// Profiles yields the index and profile of clients 0 to n-1 of the book o,
// in order, the same profiles as [Seq] gives. It generates each profile
// when it is needed and keeps none, so memory does not grow with n. The
// sequence can be ranged over more than once.
func Profiles(o Options, n int) iter.Seq2[int, vipcare.Profile] {
	return func(yield func(int, vipcare.Profile) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, Profile(o, i)) {
				return
			}
		}
	}
}

// The sample exchange rates into CNY, as units of CNY per 100 units of the
// foreign currency, so that conversions of 2-decimal amounts are exact.
const (
	usdPer100 = 710 // 7.10
	hkdPer100 = 91  // 0.91
	eurPer100 = 775 // 7.75
	cnyPer100 = 100
)

// Valuation returns the valuation the book o is meant to be evaluated
// under: its as-of date (o.AsOf, or 30 June 2026 in UTC if zero), the
// reporting currency CNY and the fixed sample rate table the book's
// foreign-currency holdings are converted with: USD 7.1, HKD 0.91, EUR
// 7.75. Each call returns a new table; a vipcare.Rates is immutable and
// safe for concurrent use, so one valuation can serve any number of
// evaluations.
func Valuation(o Options) vipcare.Valuation {
	r := policy.Must(vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.New(usdPer100, -2),
		"HKD":       decimal.New(hkdPer100, -2),
		"EUR":       decimal.New(eurPer100, -2),
	})) // cannot fail: the rates are constants in range
	return vipcare.Valuation{AsOf: o.asOf(), Currency: vipcare.CNY, Rates: r}
}

// Seq yields clients 0 to n-1 of the book o, like [Profiles] without the
// index: the form a book takes in book-level calls (book.Distribute,
// book.WhatIf, book.Explain). It keeps no profile, so memory does not grow
// with n; slices.Collect(sample.Seq(o, n)) holds the whole book.
func Seq(o Options, n int) iter.Seq[vipcare.Profile] {
	return func(yield func(vipcare.Profile) bool) {
		for i := 0; i < n; i++ {
			if !yield(Profile(o, i)) {
				return
			}
		}
	}
}
