// Package civil works with calendar days in a time.Location. It is shared
// by tier and contact and is not API.
package civil

import "time"

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

// DayNumberStart returns the first instant of day n (days since
// 1970-01-01) in loc.
func DayNumberStart(n int64, loc *time.Location) time.Time {
	y, m, d := time.Unix(n*86400, 0).UTC().Date()
	return DayStart(y, m, d, loc)
}
