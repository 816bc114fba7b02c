package rm

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
)

// kindCadence is the Kind of the tasks CadenceTasks makes.
const kindCadence = "cadence"

// CadenceTasks spreads the yearly touches of strategy s over a horizon of
// horizonDays days from asOf, for one client served by rm: each touch gets
// PerYear x horizonDays / 365 tasks, rounded to the nearest whole number
// (half up, though whole days never give a half), and at most one a day.
// The horizon is cut into that many windows of equal length (to a day:
// window k runs from day k x horizonDays / n to day (k+1) x horizonDays / n
// - 1, counting from 0), and each window gets one task due on its last day
// that may be done from its first: Kind "cadence", ID "cadence.<channel>/
// <due date>" (e.g. "cadence.phone/2026-09-30"; the second touch on a
// channel a strategy lists twice is "cadence.phone.2/..."), the touch's channel, s's
// owner, the given priority, and the minutes a touch on the channel takes,
// preparation included. Dates are calendar dates in asOf's location. Tasks
// come touch by touch, each touch's in date order.
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
	counts := make([]int, len(s.Touches))
	total := 0
	for i, t := range s.Touches {
		if t.PerYear < 1 || !t.Channel.IsValid() {
			continue
		}
		per := min(t.PerYear, 365) // at most one a day: also keeps the product small
		counts[i] = min((2*per*horizonDays+365)/730, horizonDays)
		total += counts[i]
	}
	if total == 0 {
		return nil
	}
	tasks := make([]contact.Task, 0, total)
	days := textfmt.Count(horizonDays, "day", "days")
	var buf [128]byte // the bytes of a task's ID and reason, before they become strings
	for i, t := range s.Touches {
		n := counts[i]
		if n == 0 {
			continue
		}
		m := c.touch[t.Channel.Index()]
		again := 0 // earlier touches on the same channel, for unique IDs
		for j := range i {
			if s.Touches[j].Channel == t.Channel {
				again++
			}
		}
		for k := 0; k < n; k++ {
			lo := first + int64(k*horizonDays/n)
			hi := first + int64((k+1)*horizonDays/n) - 1
			due := civil.Start(hi, loc)
			// The ID and the reason share one allocation: the ID's bytes,
			// then the reason's.
			b := append(append(buf[:0], kindCadence+"."...), t.Channel...)
			if again > 0 {
				b = strconv.AppendInt(append(b, '.'), int64(again+1), 10)
			}
			b = append(b, '/')
			b = civil.AppendISO(b, hi)
			n0 := len(b)
			b = strconv.AppendInt(b, int64(t.PerYear), 10)
			b = append(append(append(b, ' '), t.Channel...), " touches a year: "...)
			b = strconv.AppendInt(b, int64(k+1), 10)
			b = strconv.AppendInt(append(b, " of "...), int64(n), 10)
			both := string(append(append(b, " in "...), days...))
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
				Due:      due,
				Minutes:  m,
			})
		}
	}
	return tasks
}
