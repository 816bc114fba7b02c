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
		return civil.FloorDiv(u+z.offset, 86400)
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
