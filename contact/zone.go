package contact

import (
	"math"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
)

// zone converts between instants and calendar days in one location as
// civil.Day and civil.Start do, by arithmetic while the location's offset
// is the one it has at a reference instant (the as-of date), and by
// civil's calendar outside that span: a client's dates lie mostly near
// the as-of date, and calendar conversions were most of the cost of
// firing triggers.
type zone struct {
	loc    *time.Location
	offset int64 // seconds east of UTC, from lo to hi
	lo, hi int64 // Unix seconds: the span [lo, hi) of offset
}

// zoneAt returns the zone of loc around the instant t.
func zoneAt(t time.Time, loc *time.Location) zone {
	t = t.In(loc)
	_, off := t.Zone()
	z := zone{loc: loc, offset: int64(off), lo: math.MinInt64, hi: math.MaxInt64}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		z.lo = start.Unix()
	}
	if !end.IsZero() {
		z.hi = end.Unix()
	}
	return z
}

// day returns t's calendar date in the zone's location as a day number,
// as civil.Day does.
func (z *zone) day(t time.Time) int64 {
	if u := t.Unix(); z.lo <= u && u < z.hi {
		return floorDiv(u+z.offset, 86400)
	}
	return civil.Day(t, z.loc)
}

// start returns the first instant of day number d in the zone's location,
// as civil.Start does. Midnight is the day's unique first instant when the
// offset holds for two days either side of it.
func (z *zone) start(d int64) time.Time {
	const days2 = 2 * 86400
	if d > math.MinInt64/86400+2 && d < math.MaxInt64/86400-2 {
		if u := d*86400 - z.offset; z.lo <= u-days2 && u+days2 < z.hi {
			return time.Unix(u, 0).In(z.loc)
		}
	}
	return civil.Start(d, z.loc)
}

// floorDiv returns a/b rounded down, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// addMonths returns the day n months after day number day, as
// civil.AddMonths does (on the same day of the month, or on the month's
// last day if it is shorter), by integer arithmetic on the proleptic
// Gregorian calendar.
func addMonths(day int64, n int) int64 {
	y, m, d := dateOf(day)
	months := y*12 + (m - 1) + int64(n)
	y = floorDiv(months, 12)
	m = months - y*12 + 1
	last := int64(31)
	switch m {
	case 4, 6, 9, 11:
		last = 30
	case 2:
		last = 28
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			last = 29
		}
	}
	return dayOf(y, m, min(d, last))
}

// dayOf returns the day number of the date y-m-d (m from 1 to 12, d from
// 1 to the month's length): H. Hinnant's days_from_civil.
func dayOf(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400 // [0, 399]
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOf returns the date of day number n: H. Hinnant's civil_from_days.
func dateOf(n int64) (y, m, d int64) {
	n += 719468
	era := floorDiv(n, 146097)
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
