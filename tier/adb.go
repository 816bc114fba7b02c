package tier

import (
	"errors"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// ErrNoHistory: a balance measure found no history to average: the profile
// has no daily balances, and no bank-computed average in
// vipcare.Profile.AverageBalances covers the period.
var ErrNoHistory = errors.New("no balance history for the period")

// ADB returns the measure of the client's average daily balance (月日均,
// 季日均) over the calendar period of kind k containing f.AsOf, taken in
// f.AsOf's time.Location. The average runs from the period's first day
// through f.AsOf's date, both included: month- or quarter-to-date, and the
// whole period on its last day. A spec names it "adb_month" or
// "adb_quarter"; its name in explanations is "ADB of the month" or "ADB of
// the quarter".
//
// Days are calendar days in the location, so a 23- or 25-hour DST day
// counts once like any other, and 29 February counts in leap years. The
// balance of a day is the balance of the last record of
// vipcare.Profile.DailyBalances dated on or before it (carried forward,
// including from a record before the period); a day before the client's
// first record counts 0, and records after f.AsOf's date are ignored. The
// records must be in ascending date order, as vipcare.Profile.Validate checks.
// Balances are converted into f.Currency with vipcare.Figures.Convert, so
// foreign-currency balances use the valuation's rates. The sum is exact; the
// average is rounded half to even to an Amount's precision (10^-4).
//
// When the profile has no daily records at all, the measure uses the first
// entry of vipcare.Profile.AverageBalances whose From and To are the
// period's first and last days (calendar dates in the location), once
// f.AsOf's date is on or after the last day. Otherwise it fails with
// policy.Problems at "/daily_balances" wrapping [ErrNoHistory]. A balance
// that is missing (never set, or 0 with no currency, as a never-set one is
// stored: {"amount":"0","currency":""}; policy.ErrMissing), cannot be
// converted, or is negative fails with policy.Problems locating the record
// ("/daily_balances/3/balance") and wrapping the sentinel
// (vipcare.ErrNoRate, vipcare.ErrNegative, ...), as
// vipcare.Profile.Validate reports it. Write a zero balance with its
// currency.
//
// The measure does not allocate unless it fails, and reads O(log n + m) of
// the n records, m being the records in the period. It does not change f or
// its profile and is safe for concurrent use. A k other than [Month] or
// [Quarter] gives a measure that a ladder refuses to compile
// (policy.ErrOutOfRange at "/measure").
func ADB(k PeriodKind) Measure { return adb{k, "ADB of the " + string(k)} }

type adb struct {
	kind PeriodKind
	name string
}

// String names the measure in explanations: "ADB of the month".
func (m adb) String() string { return m.name }

func (m adb) check() error {
	if m.kind != Month && m.kind != Quarter {
		return policy.ErrOutOfRange
	}
	return nil
}

// Measure returns the client's average daily balance; see [ADB].
func (m adb) Measure(f *vipcare.Figures) (vipcare.Amount, error) {
	if err := m.check(); err != nil {
		return 0, policy.Problems{{Path: "/measure", Name: m.name, Err: err}}
	}
	w := windowOf(m.kind, civil.DayOf(f.AsOf))
	var daily []vipcare.DailyBalance
	if f.Profile != nil {
		daily = f.Profile.DailyBalances
	}
	if len(daily) == 0 {
		return averageOf(f, w)
	}
	c := cursor{f: f, daily: daily, loc: f.AsOf.Location()}
	if err := c.seek(w.first); err != nil {
		return 0, err
	}
	return c.average(w.first, w.last)
}

// BestMonthlyADB returns the measure of the client's highest monthly average
// daily balance among the n calendar months ending with the month containing
// f.AsOf: the current month month-to-date, the earlier months whole. Each
// month's average is computed as [ADB] of a month computes it (carry
// forward, calendar days in f.AsOf's location, rounding half to even), in
// one pass over the records. A spec names it "best_monthly_adb_3"; its
// name in explanations is "best monthly ADB of the last 3 months".
//
// When the profile has no daily records at all, the months that have an
// average in vipcare.Profile.AverageBalances (From and To exactly the
// month's first and last days, and the month over by f.AsOf) are compared;
// when none has, the measure fails with policy.Problems wrapping
// [ErrNoHistory].
//
// The measure does not allocate unless it fails, does not change f or its
// profile, and is safe for concurrent use. An n below 1 or above 120 gives
// a measure that fails, and that a ladder naming it refuses to compile
// (policy.ErrOutOfRange at "/measure").
func BestMonthlyADB(n int) Measure {
	return bestADB{n, "best monthly ADB of the last " + textfmt.Count(n, "month", "months")}
}

type bestADB struct {
	n    int
	name string
}

// String names the measure in explanations: "best monthly ADB of the last 3
// months".
func (m bestADB) String() string { return m.name }

func (m bestADB) check() error {
	if m.n < 1 || m.n > 120 {
		return policy.ErrOutOfRange
	}
	return nil
}

// Measure returns the client's best monthly average daily balance; see
// [BestMonthlyADB].
func (m bestADB) Measure(f *vipcare.Figures) (vipcare.Amount, error) {
	if err := m.check(); err != nil {
		return 0, policy.Problems{{Path: "/measure", Name: m.name, Err: err}}
	}
	y, mo, d := f.AsOf.Date()
	asOf := civil.FromDate(y, mo, d)
	var daily []vipcare.DailyBalance
	if f.Profile != nil {
		daily = f.Profile.DailyBalances
	}
	// The oldest month, then each month's first day from the one before:
	// one day number computed from a date, not two a month.
	p := Period{Month, y, mo, nil}.shifted(-(m.n - 1)) // MonthOf(f.AsOf), from the date read
	first := p.firstDay()
	if len(daily) == 0 {
		best, found := vipcare.Amount(0), false
		for range m.n {
			end := first + civil.MonthDays(p.year, p.mon)
			w := window{first: first, last: min(end-1, asOf), end: end}
			first, p = end, p.Next()
			a, err := averageOf(f, w)
			if errors.Is(err, ErrNoHistory) {
				continue
			}
			if err != nil {
				return 0, err
			}
			if !found || a > best {
				best, found = a, true
			}
		}
		if !found {
			return 0, noHistory()
		}
		return best, nil
	}
	c := cursor{f: f, daily: daily, loc: f.AsOf.Location()}
	if err := c.seek(first); err != nil {
		return 0, err
	}
	var best vipcare.Amount
	for i := m.n - 1; i >= 0; i-- {
		last := min(first+civil.MonthDays(p.year, p.mon)-1, asOf)
		p = p.Next()
		a, err := c.average(first, last)
		if err != nil {
			return 0, err
		}
		if i == m.n-1 || a > best {
			best = a
		}
		first = last + 1
	}
	return best, nil
}

// window is the days first to last, both included, of a period that ends
// the day before end; days are day numbers (internal/civil).
type window struct {
	first, last, end int64
}

// windowOf returns the window of the month, or the quarter when k is
// Quarter, that contains day number day, measured as of that day. It
// starts from the day number rather than the date: a day number from a
// date is a chain of divisions, and this runs twice a decision.
func windowOf(k PeriodKind, day int64) window {
	y, mo, d := civil.Date(day)
	first := day - int64(d) + 1 // the month's first day
	start, n := mo, time.Month(1)
	if k == Quarter {
		start, n = (mo-1)/3*3+1, 3
		for m := start; m < mo; m++ {
			first -= civil.MonthDays(y, m)
		}
	}
	w := window{first: first, last: day, end: first}
	for m := start; m < start+n; m++ {
		w.end += civil.MonthDays(y, m)
	}
	return w
}

// noHistory is the error of a measure that found nothing to average.
func noHistory() error {
	return policy.Problems{{Path: "/daily_balances", Err: ErrNoHistory}}
}

// averageOf returns the bank-computed average of the period of w from the
// profile's Averages, used when there are no daily records: the first entry
// whose From and To are the period's first and last days, provided w reaches
// the last day.
func averageOf(f *vipcare.Figures, w window) (vipcare.Amount, error) {
	if f.Profile != nil && w.last >= w.end-1 {
		loc := f.AsOf.Location()
		avgs := f.Profile.AverageBalances
		for i := range avgs {
			a := &avgs[i]
			if civil.Day(a.From, loc) != w.first || civil.Day(a.To, loc) != w.end-1 {
				continue
			}
			return balance(f, a.Average, "/average_balances/", i, "/average")
		}
	}
	return 0, noHistory()
}

// cursor walks a client's daily records forward, carrying the last balance.
type cursor struct {
	f     *vipcare.Figures
	daily []vipcare.DailyBalance
	loc   *time.Location
	next  int            // index of the next record to apply
	bal   vipcare.Amount // balance carried into the current day
	day   int64          // the current day
}

// seek positions c at day first: the balance is that of the last record on
// or before first (0 if none), and next is the first record after first.
// It finds the record by binary search.
func (c *cursor) seek(first int64) error {
	lo, hi := 0, len(c.daily)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if civil.Day(c.daily[mid].Date, c.loc) <= first {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	c.next, c.day, c.bal = lo, first, 0
	if lo > 0 {
		return c.load(lo - 1)
	}
	return nil
}

// load makes record i's balance the carried one.
func (c *cursor) load(i int) error {
	v, err := balance(c.f, c.daily[i].Balance, "/daily_balances/", i, "/balance")
	if err == nil {
		c.bal = v
	}
	return err
}

// balance converts m, a stored daily balance or average, into the
// figures' currency: a Money never set (a record whose JSON has no
// "balance"), or 0 with no currency, as a never-set Money is stored, is
// policy.ErrMissing, not a 0, and a negative one
// vipcare.ErrNegative, located at list + i + field, such as
// "/daily_balances/3/balance".
func balance(f *vipcare.Figures, m vipcare.Money, list string, i int, field string) (vipcare.Amount, error) {
	v, err := f.Convert(m)
	switch {
	case m.Currency == "" && m.Amount.IsZero():
		err = policy.ErrMissing
	case err == nil && v < 0:
		err = vipcare.ErrNegative
	}
	if err != nil {
		var ps policy.Problems
		ps.Add(list+strconv.Itoa(i)+field, "", err)
		return 0, ps
	}
	return v, nil
}

// average returns the average daily balance of the days first (c's current
// day) to last, both included, and leaves c at day last+1. The sum is kept
// in 128 bits, so that 92 days of the largest amounts cannot overflow.
func (c *cursor) average(first, last int64) (vipcare.Amount, error) {
	var s num.Sum
	for c.next < len(c.daily) {
		d := civil.Day(c.daily[c.next].Date, c.loc)
		if d > last {
			break
		}
		if d > c.day { // records out of order never count a day twice
			s.AddN(int64(c.bal), uint64(d-c.day))
			c.day = d
		}
		if err := c.load(c.next); err != nil {
			return 0, err
		}
		c.next++
	}
	s.AddN(int64(c.bal), uint64(last+1-c.day))
	c.day = last + 1
	avg, _ := s.Div(uint64(last + 1 - first)) // an average of int64 amounts fits an int64
	return vipcare.Amount(avg), nil
}
