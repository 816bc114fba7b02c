package rm

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
)

// kindCadence is the Kind of the tasks CadenceTasks makes.
const kindCadence = "cadence"

// CadenceTasks gives the tasks of strategy s that fall due in a horizon of
// horizonDays days from asOf, for one client served by rm. A touch of
// PerYear p (at most 365: one a day) has p slots in every calendar year,
// of equal length to a day: slot k of a year of L days runs from its day
// ceil(k x L / p) to the day before ceil((k+1) x L / p), counting from 0
// on 1 January. A slot is a task of the plan that holds its middle day
// (its first day plus half its length, rounded down): due on its last day,
// which may be after the horizon, to be done from its first day or asOf,
// if later. Plans made one after another, a month or a quarter at a time,
// therefore give each touch exactly p tasks a calendar year between them,
// and overlapping plans give the same task the same ID: none is lost to
// rounding a short horizon, none is made twice, and a slot that straddles
// two plans goes to the one that holds at least half of it, so that its
// plan has days to do it in (four of a weekly touch's seven at least).
//
// Each task has Kind "cadence", ID "cadence.<channel>/<due date>" (e.g.
// "cadence.phone/2026-09-30"; the second touch on a channel a strategy
// lists twice is "cadence.phone.2/..."), the touch's channel, s's owner,
// the given priority, and the minutes a touch on the channel takes,
// preparation included. Dates are calendar dates in asOf's location.
// Tasks come touch by touch, each touch's in date order.
//
// s should be the strategy the client's preferences already constrained
// (contact.Strategies' Choose); [Capacity.Schedule] checks consent again
// anyway. A nil s, a touch with PerYear below 1 or a channel that does not
// exist, or a horizon outside 1 to 3,660 days gives no task. The result is
// the same for the same input, and s is not changed.
func (c *Capacity) CadenceTasks(client, rm string, s *contact.Strategy, asOf time.Time, horizonDays, priority int) []contact.Task {
	if s == nil || horizonDays < 1 || horizonDays > maxHorizonDays {
		return nil
	}
	loc := asOf.Location()
	first := civil.Day(asOf, loc)
	last := first + int64(horizonDays) - 1
	y0, _, _ := civil.Date(first)
	y1, _, _ := civil.Date(last)
	var room [32]slot
	total := 0
	for _, t := range s.Touches {
		if t.PerYear >= 1 && t.Channel.IsValid() {
			total += len(slots(room[:0], min(t.PerYear, 365), first, last, y0, y1))
		}
	}
	if total == 0 {
		return nil
	}
	tasks := make([]contact.Task, 0, total)
	var buf [128]byte // the bytes of a task's ID and reason, before they become strings
	for i, t := range s.Touches {
		if t.PerYear < 1 || !t.Channel.IsValid() {
			continue
		}
		per := min(t.PerYear, 365)
		m := c.touch[t.Channel.Index()]
		again := 0 // earlier touches on the same channel, for unique IDs
		for j := range i {
			if s.Touches[j].Channel == t.Channel {
				again++
			}
		}
		for _, sl := range slots(room[:0], per, first, last, y0, y1) {
			lo, hi, k := sl.lo, sl.hi, sl.k
			// The ID and the reason share one allocation: the ID's bytes,
			// then the reason's.
			b := append(append(buf[:0], kindCadence+"."...), t.Channel...)
			if again > 0 {
				b = strconv.AppendInt(append(b, '.'), int64(again+1), 10)
			}
			b = append(b, '/')
			b = civil.AppendISO(b, hi)
			n0 := len(b)
			b = strconv.AppendInt(b, int64(per), 10) // at most one a day
			b = append(append(append(b, ' '), t.Channel...), " touches a year: "...)
			b = strconv.AppendInt(b, int64(k), 10)
			b = strconv.AppendInt(append(b, " of "...), int64(per), 10)
			y, _, _ := civil.Date(hi)
			both := string(strconv.AppendInt(append(b, " in "...), int64(y), 10))
			tasks = append(tasks, contact.Task{
				ID:       both[:n0],
				Client:   client,
				Kind:     kindCadence,
				Reason:   both[n0:],
				Channel:  t.Channel,
				Owner:    s.Owner,
				RM:       rm,
				Priority: priority,
				Earliest: civil.Start(lo, loc),
				Due:      civil.Start(hi, loc),
				Minutes:  m,
			})
		}
	}
	return tasks
}

// slot is a cadence slot: its first and last days, and its number in its
// calendar year (from 1).
type slot struct {
	lo, hi int64
	k      int
}

// slots appends to dst the slots of a touch of p a year (1 to 365) whose
// middle day is between days first and last, each from its first day or
// first, if later; the years y0 to y1 hold first and last:
// slot k of a year of L days runs from its day ceil(k x L / p) to the day
// before ceil((k+1) x L / p), counting from 0 on 1 January.
func slots(dst []slot, p int, first, last int64, y0, y1 int) []slot {
	for y := y0; y <= y1; y++ { // a slot's middle day is in its year
		start := civil.FromDate(y, time.January, 1)
		days := civil.FromDate(y+1, time.January, 1) - start
		for k := range int64(p) {
			lo := start + (k*days+int64(p)-1)/int64(p)
			hi := start + ((k+1)*days+int64(p)-1)/int64(p) - 1
			if mid := lo + (hi-lo)/2; mid >= first && mid <= last {
				dst = append(dst, slot{max(lo, first), hi, int(k) + 1})
			}
		}
	}
	return dst
}
