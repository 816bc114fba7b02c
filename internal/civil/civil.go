// Package civil works with calendar days: day numbers (days since
// 1970-01-01), the first instant of a day in a time.Location, whole months
// between dates, and ISO text. Every package of vipcare that reasons about
// dates uses it, so that a calendar date means one thing throughout. It is
// not API.
//
// Day numbers compare calendar dates as integers whatever the time of day or
// the length of the day (DST), and are computed without allocating.
package civil

import "time"

// Day returns the calendar date of t in loc as a day number. A nil loc
// means UTC.
func Day(t time.Time, loc *time.Location) int64 {
	// The date in loc is that of the wall clock there: the instant's
	// seconds plus the zone's offset at that instant, in whole days.
	if loc == nil || loc == time.UTC {
		return FloorDiv(t.Unix(), 86400)
	}
	_, off := t.In(loc).Zone()
	return FloorDiv(t.Unix()+int64(off), 86400)
}

// DayOf returns the calendar date of t in its own location as a day
// number: Day(t, t.Location()).
func DayOf(t time.Time) int64 { return Day(t, t.Location()) }

// FromDate returns the day number of the calendar date y-m-d, normalised as
// time.Date normalises it (month 13 is January of the next year, day 0 the
// last day of the previous month). Computing from the date rather than from
// a time.Time at midnight stays right in zones where midnight does not
// exist on a DST day.
func FromDate(y int, m time.Month, d int) int64 {
	months := int64(y)*12 + int64(m) - 1 // the month first, as time.Date does
	yy := FloorDiv(months, 12)
	return dayOf(yy, months-yy*12+1, 1) + int64(d) - 1
}

// Date returns the calendar date of day number n, by integer arithmetic
// on the proleptic Gregorian calendar (H. Hinnant's civil_from_days).
func Date(n int64) (y int, m time.Month, d int) {
	yy, mm, dd := dateOf(n)
	return int(yy), time.Month(mm), int(dd)
}

// dateOf returns the date of day number n: H. Hinnant's civil_from_days.
func dateOf(n int64) (y, m, d int64) {
	n += 719468
	era := FloorDiv(n, 146097)
	doe := n - era*146097 // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dayOf returns the day number of the date y-m-d (m from 1 to 12, d from
// 1 to the month's length): H. Hinnant's days_from_civil.
func dayOf(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := FloorDiv(y, 400)
	yoe := y - era*400 // [0, 399]
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// FloorDiv returns a/b rounded down, for b > 0.
func FloorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// ISO returns day number n as "2006-01-02".
func ISO(n int64) string { return string(AppendISO(make([]byte, 0, 10), n)) }

// AppendISO appends day number n to b as [ISO] writes it, without
// allocating when b has room and the year is 0 to 9999.
func AppendISO(b []byte, n int64) []byte {
	y, m, d := Date(n)
	if y < 0 || y > 9999 {
		return time.Unix(n*86400, 0).UTC().AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// Weekday returns the day of the week of day number n (1970-01-01 was a
// Thursday).
func Weekday(n int64) time.Weekday {
	return time.Weekday(((n+4)%7 + 7) % 7)
}

// DayStart returns the first instant of the calendar day y-m-d (normalised
// as time.Date normalises it) in loc: midnight, or, in a zone whose clocks
// skip midnight that day, the instant the day begins.
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	t := time.Date(want.Year(), want.Month(), want.Day(), 0, 0, 0, 0, loc)
	if t.Day() != want.Day() {
		_, t = t.ZoneBounds() // t fell before the gap: the day starts where the zone period ends
	}
	return t
}

// Start returns the first instant of day number n in loc.
func Start(n int64, loc *time.Location) time.Time {
	y, m, d := Date(n)
	return DayStart(y, m, d, loc)
}

// MonthsOn returns the first day on which n whole months (n >= 0) have
// passed since day number day, as [MonthsFrom] counts them: the same day
// of the month n months on, or the first day of the month after that one
// when it is shorter: one month after 31 January is 1 March, twelve after
// 29 February 2028 is 1 March 2029. It is integer arithmetic, with no
// time.Time.
func MonthsOn(day int64, n int) int64 {
	y, m, d := dateOf(day)
	months := y*12 + (m - 1) + int64(n)
	y = FloorDiv(months, 12)
	m = months - y*12 + 1
	if last := MonthDays(int(y), time.Month(m)); d > last {
		return dayOf(y, m, last) + 1
	}
	return dayOf(y, m, d)
}

// MonthDays returns the number of days in month m (1 to 12) of year y of
// the proleptic Gregorian calendar. Adding it to a month's first day number
// gives the next month's: cheaper than [FromDate], whose divisions form
// one long chain.
func MonthDays(y int, m time.Month) int64 {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// MonthsBetween returns the whole calendar months from a to b, both taken as
// dates in b's location: from 31 January to 28 February is 0 months, to 1
// March is 1. It returns 0 if a is zero or not before b.
func MonthsBetween(a, b time.Time) int {
	if a.IsZero() {
		return 0
	}
	return MonthsFrom(DateOf(a.In(b.Location())), DateOf(b))
}

// YMD is a calendar date: year, month (1 to 12) and day of the month.
type YMD struct{ Y, M, D int }

// DateOf returns t's calendar date in its own location.
func DateOf(t time.Time) YMD {
	y, m, d := t.Date()
	return YMD{y, int(m), d}
}

// MonthsFrom returns the whole calendar months from date a to date b, as
// [MonthsBetween] counts them, 0 if a is not before b.
func MonthsFrom(a, b YMD) int {
	m := (b.Y-a.Y)*12 + b.M - a.M
	if b.D < a.D {
		m--
	}
	return max(m, 0)
}
