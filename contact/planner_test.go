package contact_test

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // time.LoadLocation works on any machine

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
)

// The plans are made in Beijing time, so that a date taken in UTC would be
// a day off.
var (
	cst    = time.FixedZone("CST", 8*3600)
	plAsOf = time.Date(2026, 7, 1, 9, 30, 0, 0, cst) // a Wednesday, mid-morning
)

// day returns the n-th day of July 2026 in Beijing time.
func day(n int) time.Time { return time.Date(2026, 7, n, 0, 0, 0, 0, cst) }

// task returns a 30-minute phone task for R01, from July 1 to 10.
func task(client string, prio int) contact.Task {
	return contact.Task{Client: client, Kind: "cadence", Reason: client, Channel: vipcare.ChannelPhone,
		Owner: contact.RM, RM: "R01", Priority: prio, Earliest: day(1), Due: day(10), Minutes: 30}
}

// with returns t changed by f.
func with(t contact.Task, f func(*contact.Task)) contact.Task {
	f(&t)
	return t
}

// one returns a calendar for R01: Monday to Friday, 60 minutes a day.
func one() []contact.Calendar {
	return []contact.Calendar{{RM: "R01", MinutesPerDay: 60}}
}

// cloneInput returns a deep copy of in, to check NewPlan leaves it as it was.
func cloneInput(in contact.PlanInput) contact.PlanInput {
	out := in
	out.Calendars = slices.Clone(in.Calendars)
	for i := range out.Calendars {
		out.Calendars[i].Workdays = slices.Clone(in.Calendars[i].Workdays)
		out.Calendars[i].Holidays = slices.Clone(in.Calendars[i].Holidays)
	}
	out.Tasks = slices.Clone(in.Tasks)
	if in.Preferences != nil {
		out.Preferences = make(map[string]*vipcare.Preferences, len(in.Preferences))
		for k, p := range in.Preferences {
			if p != nil {
				q := *p
				q.Channels = slices.Clone(p.Channels)
				p = &q
			}
			out.Preferences[k] = p
		}
	}
	return out
}

// planned returns the plan as "client@MM-DD" and "client:code" lines.
func planned(p contact.Plan) (scheduled, unmet []string) {
	for _, s := range p.Scheduled {
		scheduled = append(scheduled, s.Task.Client+"@"+s.Date.Format("01-02"))
	}
	for _, u := range p.Unmet {
		unmet = append(unmet, u.Task.Client+":"+u.Code)
	}
	return scheduled, unmet
}

func TestNewPlanCases(t *testing.T) {
	dnc := &vipcare.Preferences{DoNotContact: true}
	discreet := &vipcare.Preferences{Discreet: true}
	smsOnly := &vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelSMS}}
	tests := []struct {
		name      string
		why       string
		cals      []contact.Calendar
		tasks     []contact.Task
		prefs     map[string]*vipcare.Preferences
		horizon   int
		scheduled []string
		unmet     []string
		reason    string // a part of the first unmet task's reason
	}{
		{name: "earliest day with room",
			why:       "60 minutes a day take two 30-minute tasks, the third goes to the next day",
			cals:      one(),
			tasks:     []contact.Task{task("A", 1), task("B", 1), task("C", 1)},
			scheduled: []string{"A@07-01", "B@07-01", "C@07-02"}},
		{name: "weekend skipped",
			why:       "July 4 and 5 are a Saturday and a Sunday",
			cals:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(4) })},
			scheduled: []string{"A@07-06"}},
		{name: "holiday skipped",
			why: "July 1 and 2 are days off; a holiday given in UTC late on June 30 is July 1 in Beijing",
			cals: []contact.Calendar{{RM: "R01", MinutesPerDay: 60,
				Holidays: []time.Time{time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC), day(2), day(30)}}},
			tasks:     []contact.Task{task("A", 1)},
			scheduled: []string{"A@07-03"}},
		{name: "own working days",
			why:       "an RM who works Saturdays only",
			cals:      []contact.Calendar{{RM: "R01", MinutesPerDay: 60, Workdays: []time.Weekday{time.Saturday}}},
			tasks:     []contact.Task{task("A", 1)},
			scheduled: []string{"A@07-04"}},
		{name: "priority takes the last slot",
			why:  "one slot in the window: the high-priority task gets it although it comes last",
			cals: one(),
			tasks: []contact.Task{
				with(task("LOW", 10), func(t *contact.Task) { t.Due = day(1); t.Minutes = 60 }),
				with(task("HIGH", 90), func(t *contact.Task) { t.Due = day(1); t.Minutes = 60 }),
			},
			scheduled: []string{"HIGH@07-01"},
			unmet:     []string{"LOW:no_capacity"},
			reason:    "no working day of R01 from 2026-07-01 to 2026-07-01 has 60 minutes free"},
		{name: "a task moves to meet a deadline",
			why: "the review's example, 30 minutes a day: A (priority 90, due Thursday) first takes Monday; B " +
				"(priority 70, due Monday) gets Monday, and A moves to Tuesday",
			cals: []contact.Calendar{{RM: "R01", MinutesPerDay: 30}},
			tasks: []contact.Task{
				with(task("A", 90), func(t *contact.Task) { t.Earliest, t.Due = day(6), day(9) }),
				with(task("B", 70), func(t *contact.Task) { t.Earliest, t.Due = day(6), day(6) }),
			},
			scheduled: []string{"B@07-06", "A@07-07"}},
		{name: "the move that keeps the moved task earliest",
			why: "B needs 20 minutes on Wednesday: A (40) could move to Friday, C (20) to Thursday, " +
				"where D leaves 30; C moves, although A is considered first",
			cals: one(),
			tasks: []contact.Task{
				with(task("A", 90), func(t *contact.Task) { t.Minutes = 40 }),
				with(task("C", 80), func(t *contact.Task) { t.Minutes = 20 }),
				with(task("D", 85), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(2) }),
				with(task("B", 70), func(t *contact.Task) { t.Due = day(1); t.Minutes = 20 }),
			},
			scheduled: []string{"A@07-01", "B@07-01", "D@07-02", "C@07-02"}},
		{name: "one move, not a chain",
			why: "30 minutes a day: B (due Wednesday) would need C to move to Friday and A to Thursday, " +
				"two moves; A alone cannot move, Thursday is full",
			cals: []contact.Calendar{{RM: "R01", MinutesPerDay: 30}},
			tasks: []contact.Task{
				with(task("A", 90), func(t *contact.Task) { t.Due = day(2) }),
				with(task("C", 80), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(3) }),
				with(task("B", 70), func(t *contact.Task) { t.Due = day(1) }),
			},
			scheduled: []string{"A@07-01", "C@07-02"},
			unmet:     []string{"B:no_capacity"},
			reason:    "no working day of R01 from 2026-07-01 to 2026-07-01 has 30 minutes free"},
		{name: "a move that frees room for a task tried before",
			why: "U (due Wednesday) finds Wednesday full and P unable to move, Thursday being full; then B " +
				"takes Thursday by moving X (60 minutes) to Friday, which leaves Thursday 30 minutes: tried " +
				"again, U gets Wednesday by moving P to Thursday",
			cals: one(),
			tasks: []contact.Task{
				with(task("P", 90), func(t *contact.Task) { t.Due = day(2) }),
				with(task("F", 89), func(t *contact.Task) { t.Due = day(1) }),
				with(task("X", 80), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(3); t.Minutes = 60 }),
				with(task("U", 75), func(t *contact.Task) { t.Due = day(1) }),
				with(task("B", 70), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(2) }),
			},
			scheduled: []string{"F@07-01", "U@07-01", "P@07-02", "B@07-02", "X@07-03"}},
		{name: "a freed day counts for the next task",
			why: "U1 finds Y unable to leave Wednesday, Thursday being full; B then takes Thursday by moving X " +
				"(60 minutes) to Friday, which leaves Thursday 30 minutes: U2, tried next, moves Y there and " +
				"gets Wednesday, before U3 can take those 30 minutes",
			cals: one(),
			tasks: []contact.Task{
				with(task("Y", 90), func(t *contact.Task) { t.Due = day(2) }),
				with(task("F", 89), func(t *contact.Task) { t.Due = day(1) }),
				with(task("X", 85), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(3); t.Minutes = 60 }),
				with(task("U1", 80), func(t *contact.Task) { t.Due = day(1) }),
				with(task("B", 70), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(2) }),
				with(task("U2", 60), func(t *contact.Task) { t.Due = day(1) }),
				with(task("U3", 50), func(t *contact.Task) { t.Earliest, t.Due = day(2), day(2) }),
			},
			scheduled: []string{"F@07-01", "U2@07-01", "Y@07-02", "B@07-02", "X@07-03"},
			unmet:     []string{"U1:no_capacity", "U3:no_capacity"}},
		{name: "earlier deadline first among equals",
			why:  "B is due on the first day, A may wait",
			cals: one(),
			tasks: []contact.Task{
				with(task("A", 5), func(t *contact.Task) { t.Minutes = 60 }),
				with(task("B", 5), func(t *contact.Task) { t.Minutes = 60; t.Due = day(1) }),
			},
			scheduled: []string{"B@07-01", "A@07-02"}},
		{name: "within a day, the order considered",
			why:       "both on July 1: the higher priority is listed first",
			cals:      one(),
			tasks:     []contact.Task{task("A", 1), task("B", 2)},
			scheduled: []string{"B@07-01", "A@07-01"}},
		{name: "RMs in order",
			why:       "the plan lists R01 before R02 whatever the order of calendars and tasks",
			cals:      []contact.Calendar{{RM: "R02", MinutesPerDay: 60}, {RM: "R01", MinutesPerDay: 60}},
			tasks:     []contact.Task{with(task("B", 1), func(t *contact.Task) { t.RM = "R02" }), task("A", 1)},
			scheduled: []string{"A@07-01", "B@07-01"}},
		{name: "after the horizon",
			why:     "the horizon is July 1 to 5",
			cals:    one(),
			tasks:   []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(6) })},
			horizon: 5,
			unmet:   []string{"A:after_horizon"},
			reason:  "not before 2026-07-06, after the horizon's last day 2026-07-05"},
		{name: "due within the horizon's weekend",
			why:     "the window is cut at the horizon's last day",
			cals:    one(),
			tasks:   []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(4) })},
			horizon: 5,
			unmet:   []string{"A:no_capacity"},
			reason:  "R01 has no working day from 2026-07-04 to 2026-07-05 (the horizon ends before the due date 2026-07-10)"},
		{name: "window closed",
			why:    "due the day before the as-of date",
			cals:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(1).AddDate(0, 0, -5); t.Due = day(1).AddDate(0, 0, -1) })},
			unmet:  []string{"A:window_closed"},
			reason: "due on 2026-06-30, before the as-of date 2026-07-01"},
		{name: "started before the as-of date",
			why:       "a window that opened earlier starts today",
			cals:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(1).AddDate(0, 0, -5) })},
			scheduled: []string{"A@07-01"}},
		{name: "zero dates",
			why:       "a zero Earliest is the as-of date, a zero Due the horizon's last day",
			cals:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest, t.Due = time.Time{}, time.Time{}; t.Minutes = 60 }), with(task("B", 1), func(t *contact.Task) { t.Earliest, t.Due = time.Time{}, time.Time{}; t.Minutes = 60 })},
			horizon:   2,
			scheduled: []string{"A@07-01", "B@07-02"}},
		{name: "no calendar",
			why:    "R09 has no calendar; a task with no RM has none either",
			cals:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.RM = "R09" }), with(task("B", 1), func(t *contact.Task) { t.RM = "" })},
			unmet:  []string{"B:no_calendar", "A:no_calendar"},
			reason: "the task has no RM"},
		{name: "do not contact",
			why:       "the client asked not to be contacted: nothing, whatever the channel or priority",
			cals:      one(),
			tasks:     []contact.Task{task("A", 99), with(task("A", 99), func(t *contact.Task) { t.Kind = "retention"; t.Channel = vipcare.ChannelSecureMessage }), task("B", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": dnc},
			scheduled: []string{"B@07-01"},
			unmet:     []string{"A:do_not_contact", "A:do_not_contact"},
			reason:    "the client asked not to be contacted"},
		{name: "channel not consented",
			why:    "the client takes SMS only",
			cals:   one(),
			tasks:  []contact.Task{task("A", 1)},
			prefs:  map[string]*vipcare.Preferences{"A": smsOnly},
			unmet:  []string{"A:not_consented"},
			reason: "the client does not consent to contact by phone"},
		{name: "discreet client",
			why:  "e-mail is not discreet; a phone call is",
			cals: one(),
			tasks: []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Channel = vipcare.ChannelEmail }),
				task("A", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": discreet},
			scheduled: []string{"A@07-01"},
			unmet:     []string{"A:not_consented"},
			reason:    "email is not a discreet channel, and the client asked for discretion"},
		{name: "nil preferences",
			why:       "a nil entry is the zero Preferences: any channel",
			cals:      one(),
			tasks:     []contact.Task{task("A", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": nil},
			scheduled: []string{"A@07-01"}},
		{name: "longer than a day",
			why:    "90 minutes never fit in a 60-minute day",
			cals:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Minutes = 90 })},
			unmet:  []string{"A:no_capacity"},
			reason: "takes 90 minutes, more than the 60 of a working day of R01"},
		{name: "zero minutes",
			why:  "a task of no minutes fits a full day but not a weekend",
			cals: one(),
			tasks: []contact.Task{
				with(task("A", 9), func(t *contact.Task) { t.Minutes = 60; t.Due = day(1) }),
				with(task("B", 1), func(t *contact.Task) { t.Minutes = 0 }),
				with(task("C", 1), func(t *contact.Task) { t.Minutes = 0; t.Earliest, t.Due = day(4), day(5) }),
			},
			scheduled: []string{"A@07-01", "B@07-01"},
			unmet:     []string{"C:no_capacity"},
			reason:    "R01 has no working day from 2026-07-04 to 2026-07-05"},
		{name: "an RM with no minutes",
			why:    "a calendar of 0 minutes a day takes nothing that takes time",
			cals:   []contact.Calendar{{RM: "R01"}},
			tasks:  []contact.Task{task("A", 1)},
			unmet:  []string{"A:no_capacity"},
			reason: "takes 30 minutes, more than the 0 of a working day of R01"},
		{name: "nothing to plan",
			why:  "no tasks, no plan",
			cals: one()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := contact.PlanInput{AsOf: plAsOf, HorizonDays: cmp.Or(tt.horizon, 10), Calendars: tt.cals,
				Tasks: tt.tasks, Preferences: tt.prefs}
			before := cloneInput(in)
			p, err := contact.NewPlan(in)
			require.NoError(t, err)
			scheduled, unmet := planned(p)
			assert.Equal(t, tt.scheduled, scheduled, tt.why)
			assert.Equal(t, tt.unmet, unmet, tt.why)
			if tt.reason != "" {
				require.NotEmpty(t, p.Unmet)
				assert.Equal(t, tt.reason, p.Unmet[0].Reason)
			}
			for _, s := range p.Scheduled {
				assert.Equal(t, cst, s.Date.Location(), "dates in the as-of location")
				assert.Zero(t, s.Date.Hour(), "a date is the start of a day")
			}
			again, err := contact.NewPlan(in)
			require.NoError(t, err)
			assert.Equal(t, p, again, "same plan twice")
			assert.Equal(t, before, in, "input unchanged")
		})
	}
}

func TestNewPlanErrors(t *testing.T) {
	good := contact.PlanInput{AsOf: plAsOf, HorizonDays: 10, Calendars: one(), Tasks: []contact.Task{task("A", 1)}}
	tests := []struct {
		name  string
		why   string
		edit  func(in *contact.PlanInput)
		paths []string
		is    error
	}{
		{"zero as-of", "the plan needs a first day", func(in *contact.PlanInput) { in.AsOf = time.Time{} },
			[]string{"as_of"}, contact.ErrEmpty},
		{"no horizon", "at least one day", func(in *contact.PlanInput) { in.HorizonDays = 0 },
			[]string{"horizon_days"}, contact.ErrSetting},
		{"horizon too long", "ten years at most", func(in *contact.PlanInput) { in.HorizonDays = contact.MaxHorizonDays + 1 },
			[]string{"horizon_days"}, contact.ErrSetting},
		{"empty RM", "a calendar names its RM", func(in *contact.PlanInput) { in.Calendars[0].RM = "" },
			[]string{"calendars[0].rm"}, contact.ErrName},
		{"duplicate RM", "one calendar per RM", func(in *contact.PlanInput) {
			in.Calendars = append(in.Calendars, contact.Calendar{RM: "R01", MinutesPerDay: 30})
		}, []string{"calendars[1].rm"}, contact.ErrName},
		{"negative day", "minutes per day at least 0", func(in *contact.PlanInput) { in.Calendars[0].MinutesPerDay = -1 },
			[]string{"calendars[0].minutes_per_day"}, contact.ErrSetting},
		{"day too long", "a day has 1,440 minutes", func(in *contact.PlanInput) { in.Calendars[0].MinutesPerDay = 1441 },
			[]string{"calendars[0].minutes_per_day"}, contact.ErrSetting},
		{"weekday", "there are seven", func(in *contact.PlanInput) { in.Calendars[0].Workdays = []time.Weekday{time.Monday, 7} },
			[]string{"calendars[0].workdays[1]"}, contact.ErrSetting},
		{"negative minutes", "a task takes no less than nothing", func(in *contact.PlanInput) { in.Tasks[0].Minutes = -5 },
			[]string{"tasks[0].minutes"}, contact.ErrSetting},
		{"no channel", "a task says how", func(in *contact.PlanInput) { in.Tasks[0].Channel = 0 },
			[]string{"tasks[0].channel"}, contact.ErrUnknown},
		{"inverted window", "due before it may start", func(in *contact.PlanInput) { in.Tasks[0].Due = day(1).AddDate(0, 0, -1) },
			[]string{"tasks[0].due"}, contact.ErrSetting},
		{"every problem at once", "all reported, not just the first", func(in *contact.PlanInput) {
			in.HorizonDays = -1
			in.Calendars[0].MinutesPerDay = -1
			in.Tasks = append(in.Tasks, with(task("B", 1), func(t *contact.Task) { t.Minutes = -1; t.Channel = 99 }))
		}, []string{"horizon_days", "calendars[0].minutes_per_day", "tasks[1].minutes", "tasks[1].channel"}, contact.ErrSetting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cloneInput(good)
			tt.edit(&in)
			p, err := contact.NewPlan(in)
			require.Error(t, err, tt.why)
			assert.Zero(t, p)
			assert.ErrorIs(t, err, tt.is)
			var paths []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *contact.Error
				require.ErrorAs(t, e, &ce)
				paths = append(paths, ce.Path)
			}
			assert.Equal(t, tt.paths, paths, tt.why)
			assert.NotContains(t, err.Error(), `"A"`, "no client identifier in an error")
			assert.True(t, strings.HasPrefix(err.Error(), "contact: "))
		})
	}
}

// randomInput returns a random planning problem: a few RMs with their own
// working days and holidays, and tasks with random windows (some before
// the as-of date, some after the horizon), priorities with many ties,
// minutes (some longer than a day), channels, RMs (some unknown) and
// clients with random preferences. Each task's Reason is its index.
func randomInput(r *rand.Rand, rms, tasks, horizon int) contact.PlanInput {
	in := contact.PlanInput{AsOf: plAsOf, HorizonDays: horizon, Preferences: map[string]*vipcare.Preferences{}}
	for k := range rms {
		c := contact.Calendar{RM: fmt.Sprintf("R%02d", k), MinutesPerDay: 30 + r.IntN(300)}
		if r.IntN(3) == 0 {
			for w := time.Sunday; w <= time.Saturday; w++ {
				if r.IntN(2) == 0 {
					c.Workdays = append(c.Workdays, w)
				}
			}
		}
		for range r.IntN(4) {
			c.Holidays = append(c.Holidays, day(1).AddDate(0, 0, r.IntN(horizon+5)-2))
		}
		in.Calendars = append(in.Calendars, c)
	}
	clients := tasks/3 + 1
	for c := range clients {
		id := fmt.Sprintf("C%04d", c)
		switch r.IntN(8) {
		case 0:
			in.Preferences[id] = &vipcare.Preferences{DoNotContact: true}
		case 1:
			in.Preferences[id] = &vipcare.Preferences{Discreet: true}
		case 2:
			in.Preferences[id] = &vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelEmail}}
		case 3:
			in.Preferences[id] = nil
		}
	}
	for i := range tasks {
		lo := r.IntN(horizon+10) - 5
		w := r.IntN(horizon/2 + 1)
		in.Tasks = append(in.Tasks, contact.Task{
			Client:   fmt.Sprintf("C%04d", r.IntN(clients)),
			Kind:     []string{"cadence", "retention", "maturity"}[r.IntN(3)],
			Reason:   fmt.Sprint(i),
			Channel:  vipcare.Channel(1 + r.IntN(9)),
			Owner:    contact.RM,
			RM:       fmt.Sprintf("R%02d", r.IntN(rms+1)), // R<rms> has no calendar
			Priority: r.IntN(4) * 10,
			Earliest: day(1).AddDate(0, 0, lo),
			Due:      day(1).AddDate(0, 0, lo+w),
			Minutes:  r.IntN(120),
		})
		if r.IntN(50) == 0 {
			in.Tasks[i].Minutes = 400 // longer than most days
		}
	}
	return in
}

// tightInput returns a random planning problem where the repair has work:
// one or two RMs with an hour or two a day over a short horizon, more
// tasks than fit, short windows and few distinct lengths. Each task's
// Reason is its index.
func tightInput(r *rand.Rand) contact.PlanInput {
	horizon := 3 + r.IntN(15)
	in := contact.PlanInput{AsOf: plAsOf, HorizonDays: horizon}
	rms := 1 + r.IntN(2)
	for k := range rms {
		c := contact.Calendar{RM: fmt.Sprintf("R%02d", k), MinutesPerDay: 60 * (1 + r.IntN(2))}
		if r.IntN(2) == 0 {
			c.Holidays = append(c.Holidays, day(1+r.IntN(horizon)))
		}
		in.Calendars = append(in.Calendars, c)
	}
	for i := range 5 + r.IntN(4*horizon) {
		lo := r.IntN(horizon)
		in.Tasks = append(in.Tasks, contact.Task{
			Client:   fmt.Sprintf("C%04d", i),
			Kind:     "cadence",
			Reason:   fmt.Sprint(i),
			Channel:  vipcare.ChannelPhone,
			RM:       fmt.Sprintf("R%02d", r.IntN(rms)),
			Priority: r.IntN(3),
			Earliest: day(1 + lo),
			Due:      day(1 + lo + r.IntN(5)),
			Minutes:  []int{10, 20, 30, 30, 45, 60}[r.IntN(6)],
		})
	}
	return in
}

// works reports whether c works on date.
func works(c *contact.Calendar, date time.Time) bool {
	days := c.Workdays
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	if !slices.Contains(days, date.Weekday()) {
		return false
	}
	for _, h := range c.Holidays {
		if vipcare.DayNumber(h, cst) == vipcare.DayNumber(date, cst) {
			return false
		}
	}
	return true
}

// Over random inputs: every task is scheduled once or unmet once; no day of
// a calendar gets more than its minutes; every date is a working day inside
// the task's window and the horizon; no client gets a channel it did not
// consent to, and do-not-contact clients get nothing.
func TestPlanInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		in := randomInput(r, 1+r.IntN(6), r.IntN(400), 1+r.IntN(60))
		p, err := contact.NewPlan(in)
		require.NoError(t, err)
		first := vipcare.DayNumber(in.AsOf, cst)
		last := first + int64(in.HorizonDays) - 1
		cals := map[string]*contact.Calendar{}
		for i := range in.Calendars {
			cals[in.Calendars[i].RM] = &in.Calendars[i]
		}

		seen := map[string]int{}
		load := map[string]int{}
		for _, s := range p.Scheduled {
			seen[s.Task.Reason]++
			c := cals[s.Task.RM]
			require.NotNil(t, c, "round %d: scheduled for an RM with no calendar", round)
			d := vipcare.DayNumber(s.Date, cst)
			assert.True(t, d >= first && d <= last, "round %d: inside the horizon", round)
			assert.True(t, d >= vipcare.DayNumber(s.Task.Earliest, cst) && d <= vipcare.DayNumber(s.Task.Due, cst),
				"round %d: inside the task's window", round)
			assert.True(t, works(c, s.Date), "round %d: %s does not work on %s", round, c.RM, s.Date)
			key := s.Task.RM + s.Date.Format(time.DateOnly)
			load[key] += s.Task.Minutes
			assert.LessOrEqual(t, load[key], c.MinutesPerDay, "round %d: %s over capacity", round, key)
			pref := in.Preferences[s.Task.Client]
			if pref != nil {
				assert.False(t, pref.DoNotContact, "round %d: a do-not-contact client was scheduled", round)
				assert.True(t, pref.Allows(s.Task.Channel), "round %d: %s not consented", round, s.Task.Channel)
			}
		}
		for _, u := range p.Unmet {
			seen[u.Task.Reason]++
			assert.NotEmpty(t, u.Reason)
			if pref := in.Preferences[u.Task.Client]; pref != nil && pref.DoNotContact {
				assert.Equal(t, contact.UnmetDoNotContact, u.Code)
			}
			if u.Code == contact.UnmetNoCapacity {
				assert.NotContains(t, u.Reason, u.Task.Client, "no client identifier in a reason")
			}
		}
		assert.Len(t, seen, len(in.Tasks), "round %d: every task accounted for", round)
		for k, n := range seen {
			assert.Equal(t, 1, n, "round %d: task %s accounted for once", round, k)
		}
		for i := 1; i < len(p.Scheduled); i++ {
			a, b := p.Scheduled[i-1], p.Scheduled[i]
			assert.True(t, a.Task.RM < b.Task.RM || a.Task.RM == b.Task.RM && !b.Date.Before(a.Date),
				"round %d: ordered by RM and date", round)
		}
	}
}

// A task misses its deadline only when capacity does not allow it, as far
// as one move goes: in the plan returned, for every no_capacity task and
// every working day of its window (within the horizon), the day lacks the
// minutes the task takes, and no single task planned on that day could
// move to another working day of its own window (within the horizon) with
// room for it and leave the day enough.
func TestPlanMeetsEveryDeadlineCapacityAllows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 600 {
		in := randomInput(r, 1+r.IntN(4), r.IntN(300), 1+r.IntN(40))
		if round%2 == 1 {
			in = tightInput(r)
		}
		p, err := contact.NewPlan(in)
		require.NoError(t, err)
		cals := map[string]*contact.Calendar{}
		for i := range in.Calendars {
			cals[in.Calendars[i].RM] = &in.Calendars[i]
		}
		first := vipcare.DayNumber(in.AsOf, cst)
		last := first + int64(in.HorizonDays) - 1
		date := func(d int64) time.Time { return day(1).AddDate(0, 0, int(d-first)) }
		type rmDay struct {
			rm  string
			day int64
		}
		load := map[rmDay]int{}
		on := map[rmDay][]contact.Task{}
		for _, s := range p.Scheduled {
			k := rmDay{s.Task.RM, vipcare.DayNumber(s.Date, cst)}
			load[k] += s.Task.Minutes
			on[k] = append(on[k], s.Task)
		}
		// room reports whether day d of c's RM has m minutes left.
		room := func(c *contact.Calendar, d int64, m int) bool {
			return works(c, date(d)) && load[rmDay{c.RM, d}]+m <= c.MinutesPerDay
		}
		for _, u := range p.Unmet {
			if u.Code != contact.UnmetNoCapacity {
				continue
			}
			c := cals[u.Task.RM]
			lo := max(vipcare.DayNumber(u.Task.Earliest, cst), first)
			hi := min(vipcare.DayNumber(u.Task.Due, cst), last)
			for d := lo; d <= hi; d++ {
				if !works(c, date(d)) {
					continue
				}
				k := rmDay{c.RM, d}
				assert.False(t, room(c, d, u.Task.Minutes), "round %d: %s had room on %s for task %s",
					round, c.RM, date(d).Format(time.DateOnly), u.Task.Reason)
				for _, x := range on[k] {
					if load[k]-x.Minutes+u.Task.Minutes > c.MinutesPerDay {
						continue // moving x would not free enough
					}
					xlo := max(vipcare.DayNumber(x.Earliest, cst), first)
					xhi := min(vipcare.DayNumber(x.Due, cst), last)
					for e := xlo; e <= xhi; e++ {
						assert.False(t, e != d && room(c, e, x.Minutes),
							"round %d: task %s could move from %s to %s and make room for task %s", round,
							x.Reason, date(d).Format(time.DateOnly), date(e).Format(time.DateOnly), u.Task.Reason)
					}
				}
			}
		}
	}

	t.Run("ample capacity", func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		in := contact.PlanInput{AsOf: plAsOf, HorizonDays: 60, Calendars: []contact.Calendar{{RM: "R01", MinutesPerDay: 1440}}}
		for i := range 200 {
			lo := r.IntN(45) // due by day 57 of 60
			in.Tasks = append(in.Tasks, contact.Task{Client: "C", Kind: "cadence", Reason: fmt.Sprint(i),
				Channel: vipcare.ChannelPhone, RM: "R01", Priority: r.IntN(3), Earliest: day(1).AddDate(0, 0, lo),
				Due: day(1).AddDate(0, 0, lo+r.IntN(10)+3), Minutes: 1 + r.IntN(60)})
		}
		p, err := contact.NewPlan(in)
		require.NoError(t, err)
		assert.Empty(t, p.Unmet, "a window of four days or more always holds a working day")
		assert.Len(t, p.Scheduled, len(in.Tasks))
		for _, s := range p.Scheduled {
			assert.False(t, s.Date.After(s.Task.Due), "on or before the due date")
			assert.False(t, s.Date.Before(s.Task.Earliest))
		}
	})
}

// naivePlan is the reference the planner is checked against: the same
// rules, with days scanned one by one, tasks found by scanning them all
// and loads kept in a map. With repair false it stops after the greedy
// pass. The repair rounds run over all RMs at once rather than RM by RM:
// a round that moves nothing for an RM changes nothing for it, so the
// plan is the same.
func naivePlan(in contact.PlanInput, repair bool) (scheduled, unmet []string) {
	first := vipcare.DayNumber(in.AsOf, cst)
	last := first + int64(in.HorizonDays) - 1
	date := func(d int64) time.Time { return day(1).AddDate(0, 0, int(d-first)) }
	cals := map[string]*contact.Calendar{}
	for i := range in.Calendars {
		cals[in.Calendars[i].RM] = &in.Calendars[i]
	}
	order := make([]int, len(in.Tasks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ta, tb := &in.Tasks[a], &in.Tasks[b]
		return cmp.Or(cmp.Compare(tb.Priority, ta.Priority),
			cmp.Compare(vipcare.DayNumber(ta.Due, cst), vipcare.DayNumber(tb.Due, cst)),
			strings.Compare(ta.Client, tb.Client), strings.Compare(ta.Kind, tb.Kind), cmp.Compare(ta.Channel, tb.Channel))
	})
	rank := make([]int, len(in.Tasks)) // the order considered
	for r, i := range order {
		rank[i] = r
	}
	window := func(t *contact.Task) (int64, int64) {
		return max(vipcare.DayNumber(t.Earliest, cst), first), min(vipcare.DayNumber(t.Due, cst), last)
	}
	load := map[string]map[int64]int{}
	// room reports whether day d of rm has m minutes left.
	room := func(rm string, d int64, m int) bool {
		return works(cals[rm], date(d)) && load[rm][d]+m <= cals[rm].MinutesPerDay
	}
	on := make([]int64, len(in.Tasks)) // the day of each task, or -1
	code := make([]string, len(in.Tasks))
	for _, i := range order {
		t := &in.Tasks[i]
		on[i] = -1
		p := in.Preferences[t.Client]
		if p == nil {
			p = &vipcare.Preferences{}
		}
		lo, hi := vipcare.DayNumber(t.Earliest, cst), vipcare.DayNumber(t.Due, cst)
		switch {
		case p.DoNotContact:
			code[i] = contact.UnmetDoNotContact
		case !p.Allows(t.Channel):
			code[i] = contact.UnmetNotConsented
		case hi < first:
			code[i] = contact.UnmetWindowClosed
		case lo > last:
			code[i] = contact.UnmetAfterHorizon
		case cals[t.RM] == nil:
			code[i] = contact.UnmetNoCalendar
		default:
			code[i] = contact.UnmetNoCapacity
			if load[t.RM] == nil {
				load[t.RM] = map[int64]int{}
			}
			for d := max(lo, first); d <= min(hi, last); d++ {
				if room(t.RM, d, t.Minutes) {
					load[t.RM][d] += t.Minutes
					on[i], code[i] = d, ""
					break
				}
			}
		}
	}
	for again := repair; again; {
		again = false
		for _, i := range order {
			t := &in.Tasks[i]
			if code[i] != contact.UnmetNoCapacity {
				continue
			}
			lo, hi := window(t)
			for d := lo; d <= hi && on[i] < 0; d++ {
				if room(t.RM, d, t.Minutes) {
					load[t.RM][d] += t.Minutes
					on[i], code[i] = d, ""
				}
			}
			for d := lo; d <= hi && on[i] < 0; d++ {
				if !works(cals[t.RM], date(d)) {
					continue
				}
				best, to := -1, int64(0)
				for j := range in.Tasks {
					x := &in.Tasks[j]
					if x.RM != t.RM || on[j] != d || load[t.RM][d]-x.Minutes+t.Minutes > cals[t.RM].MinutesPerDay {
						continue
					}
					xlo, xhi := window(x)
					for e := xlo; e <= xhi; e++ {
						if e != d && room(t.RM, e, x.Minutes) {
							if best < 0 || e < to || e == to && rank[j] < rank[best] {
								best, to = j, e
							}
							break
						}
					}
				}
				if best >= 0 {
					x := &in.Tasks[best]
					load[t.RM][d] += t.Minutes - x.Minutes
					load[t.RM][to] += x.Minutes
					on[best] = to
					on[i], code[i] = d, ""
					again = again || x.Minutes > t.Minutes
				}
			}
		}
	}

	type placed struct {
		rm   string
		day  int64
		rank int
		text string
	}
	var out []placed
	type missed struct {
		rm         string
		noCalendar bool
		text       string
	}
	var misses []missed
	for _, i := range order {
		t := &in.Tasks[i]
		if code[i] == "" {
			out = append(out, placed{t.RM, on[i], rank[i], t.Client + "@" + date(on[i]).Format("01-02") + "#" + t.Reason})
		} else {
			misses = append(misses, missed{t.RM, cals[t.RM] == nil, t.Client + ":" + code[i] + "#" + t.Reason})
		}
	}
	// Unmet tasks by RM, those of RMs with a calendar first.
	slices.SortStableFunc(misses, func(a, b missed) int {
		if a.noCalendar != b.noCalendar {
			if a.noCalendar {
				return 1
			}
			return -1
		}
		return strings.Compare(a.rm, b.rm)
	})
	for _, m := range misses {
		unmet = append(unmet, m.text)
	}
	slices.SortStableFunc(out, func(a, b placed) int {
		return cmp.Or(strings.Compare(a.rm, b.rm), cmp.Compare(a.day, b.day), cmp.Compare(a.rank, b.rank))
	})
	for _, p := range out {
		scheduled = append(scheduled, p.text)
	}
	return scheduled, unmet
}

// The planner's day index and repair give the plan a naive scan of every
// day and task gives; the repair never unschedules a task the greedy pass
// placed, and over the random inputs it does place some.
func TestPlanMatchesNaiveReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	repaired := 0
	for round := range 1000 {
		in := randomInput(r, 1+r.IntN(5), r.IntN(300), 1+r.IntN(70))
		if round%3 > 0 {
			in = tightInput(r)
		}
		p, err := contact.NewPlan(in)
		require.NoError(t, err)
		var scheduled, unmet []string
		for _, s := range p.Scheduled {
			scheduled = append(scheduled, s.Task.Client+"@"+s.Date.Format("01-02")+"#"+s.Task.Reason)
		}
		for _, u := range p.Unmet {
			unmet = append(unmet, u.Task.Client+":"+u.Code+"#"+u.Task.Reason)
		}
		wantS, wantU := naivePlan(in, true)
		require.Equal(t, wantS, scheduled, "round %d", round)
		require.Equal(t, wantU, unmet, "round %d", round)

		greedy, _ := naivePlan(in, false)
		tasks := func(s []string) map[string]bool {
			m := map[string]bool{}
			for _, x := range s {
				m[x[strings.IndexByte(x, '#'):]] = true
			}
			return m
		}
		now := tasks(scheduled)
		for k := range tasks(greedy) {
			assert.True(t, now[k], "round %d: task %s unscheduled by the repair", round, k)
		}
		repaired += len(scheduled) - len(greedy)
	}
	assert.Greater(t, repaired, 100, "the random inputs exercise the repair")
}

// The same input gives the same plan, run after run and from many
// goroutines at once (run with -race).
func TestPlanIdenticalAcrossRuns(t *testing.T) {
	in := randomInput(rand.New(rand.NewPCG(9, 10)), 5, 500, 45)
	before := cloneInput(in)
	want, err := contact.NewPlan(in)
	require.NoError(t, err)
	require.NotEmpty(t, want.Scheduled)
	require.NotEmpty(t, want.Unmet)
	var wg sync.WaitGroup
	plans := make([]contact.Plan, 8)
	for i := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			plans[i], _ = contact.NewPlan(in)
		}()
	}
	wg.Wait()
	for _, p := range plans {
		assert.Equal(t, want, p)
	}
	assert.Equal(t, before, in, "input unchanged")
}

func TestPlanForLoadAndString(t *testing.T) {
	in := contact.PlanInput{AsOf: plAsOf, HorizonDays: 3,
		Calendars: []contact.Calendar{{RM: "R02", MinutesPerDay: 60}, {RM: "R01", MinutesPerDay: 60}},
		Tasks: []contact.Task{
			task("SECRET-1", 5), task("SECRET-2", 5), task("SECRET-3", 5),
			with(task("SECRET-4", 5), func(t *contact.Task) { t.RM = "R02"; t.Minutes = 45 }),
			with(task("SECRET-5", 5), func(t *contact.Task) { t.RM = "R02"; t.Minutes = 90 }),
			with(task("SECRET-6", 5), func(t *contact.Task) { t.RM = "" }),
		},
		Preferences: map[string]*vipcare.Preferences{"SECRET-3": {Channels: []vipcare.Channel{vipcare.ChannelSMS}}},
	}
	p, err := contact.NewPlan(in)
	require.NoError(t, err)

	assert.Len(t, p.For("R01"), 2)
	assert.Len(t, p.For("R02"), 1)
	assert.Empty(t, p.For("R03"))
	assert.Empty(t, p.For(""))
	assert.Equal(t, 60, p.Load("R01", day(1)))
	assert.Equal(t, 60, p.Load("R01", time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)), "July 1 in Beijing")
	assert.Equal(t, 0, p.Load("R01", day(2)))
	assert.Equal(t, 45, p.Load("R02", day(1)))
	assert.Equal(t, 0, p.Load("R09", day(1)))

	s := p.String()
	assert.Equal(t, strings.TrimSpace(`
plan from 2026-07-01 for 3 days: 3 tasks scheduled (105 minutes), 3 unmet
rm   scheduled  minutes  unmet
-            0        0      1
R01          2       60      1
R02          1       45      1
unmet: no_calendar 1, no_capacity 1, not_consented 1`), s)
	assert.NotContains(t, s, "SECRET")
	assert.NotContains(t, contact.Plan{}.String(), "SECRET")
}

func TestCadenceTasks(t *testing.T) {
	minutes := func(c vipcare.Channel) int {
		return map[vipcare.Channel]int{vipcare.ChannelPhone: 35, vipcare.ChannelBranch: 75}[c]
	}
	windows := func(tasks []contact.Task) []string {
		var out []string
		for _, t := range tasks {
			out = append(out, t.Channel.String()+" "+t.Earliest.Format("01-02")+".."+t.Due.Format("01-02"))
		}
		return out
	}
	tests := []struct {
		name    string
		why     string
		touches []contact.Touch
		horizon int
		want    []string
	}{
		{"monthly over 90 days", "12 x 90 / 365 = 2.96: three windows of 30 days",
			[]contact.Touch{{vipcare.ChannelPhone, 12}}, 90,
			[]string{"phone 07-01..07-30", "phone 07-31..08-29", "phone 08-30..09-28"}},
		{"uneven windows", "8 x 90 / 365 = 1.97: two windows of 45 days; 6 x 90 / 365 = 1.48: one",
			[]contact.Touch{{vipcare.ChannelPhone, 8}, {vipcare.ChannelBranch, 6}}, 90,
			[]string{"phone 07-01..08-14", "phone 08-15..09-28", "branch 07-01..09-28"}},
		{"rounded down", "2 x 90 / 365 = 0.49: none", []contact.Touch{{vipcare.ChannelBranch, 2}}, 90, nil},
		{"just under a half", "1 x 182 / 365 = 0.499: none", []contact.Touch{{vipcare.ChannelBranch, 1}}, 182, nil},
		{"just over a half", "1 x 183 / 365 = 0.501: one", []contact.Touch{{vipcare.ChannelBranch, 1}}, 183,
			[]string{"branch 07-01..12-30"}},
		{"a year", "4 a year over 365 days: quarters of 91 or 92 days", []contact.Touch{{vipcare.ChannelBranch, 4}}, 365,
			[]string{"branch 07-01..09-29", "branch 09-30..12-29", "branch 12-30..03-30", "branch 03-31..06-30"}},
		{"at most one a day", "1,000 a year over 3 days: three, one a day",
			[]contact.Touch{{vipcare.ChannelPhone, 1000}}, 3,
			[]string{"phone 07-01..07-01", "phone 07-02..07-02", "phone 07-03..07-03"}},
		{"no touches", "zero, negative or invalid touches give nothing",
			[]contact.Touch{{vipcare.ChannelPhone, 0}, {vipcare.ChannelPhone, -4}, {0, 12}}, 90, nil},
		{"no horizon", "a horizon below one day gives nothing", []contact.Touch{{vipcare.ChannelPhone, 12}}, 0, nil},
		{"horizon too long", "beyond the planner's horizon gives nothing",
			[]contact.Touch{{vipcare.ChannelPhone, 12}}, contact.MaxHorizonDays + 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &contact.Strategy{Name: "s", Owner: contact.SeniorRM, Touches: tt.touches}
			before := *s
			before.Touches = slices.Clone(s.Touches)
			tasks := contact.CadenceTasks("C-1", "R01", s, plAsOf, tt.horizon, 40, minutes)
			assert.Equal(t, tt.want, windows(tasks), tt.why)
			for _, task := range tasks {
				assert.Equal(t, "C-1", task.Client)
				assert.Equal(t, "R01", task.RM)
				assert.Equal(t, "cadence", task.Kind)
				assert.Equal(t, contact.SeniorRM, task.Owner)
				assert.Equal(t, 40, task.Priority)
				assert.Equal(t, minutes(task.Channel), task.Minutes)
				assert.Equal(t, cst, task.Earliest.Location())
				assert.Zero(t, task.Due.Hour())
				assert.NotEmpty(t, task.Reason)
			}
			assert.Equal(t, tasks, contact.CadenceTasks("C-1", "R01", s, plAsOf, tt.horizon, 40, minutes), "same answer twice")
			assert.Equal(t, before, *s, "strategy unchanged")
		})
	}

	t.Run("reason and defaults", func(t *testing.T) {
		s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{vipcare.ChannelPhone, 12}}}
		tasks := contact.CadenceTasks("C-1", "R01", s, plAsOf, 90, 10, nil)
		require.Len(t, tasks, 3)
		assert.Equal(t, "12 phone touches a year: 2 of 3 in 90 days", tasks[1].Reason)
		assert.Zero(t, tasks[1].Minutes, "no minutes function, no minutes")
		assert.Nil(t, contact.CadenceTasks("C-1", "R01", nil, plAsOf, 90, 10, nil))
	})

	t.Run("planned in full with ample capacity", func(t *testing.T) {
		s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{vipcare.ChannelPhone, 12},
			{vipcare.ChannelBranch, 6}, {vipcare.ChannelSecureMessage, 24}}}
		tasks := contact.CadenceTasks("C-1", "R01", s, plAsOf, 90, 10, minutes)
		p, err := contact.NewPlan(contact.PlanInput{AsOf: plAsOf, HorizonDays: 90, Tasks: tasks,
			Calendars: []contact.Calendar{{RM: "R01", MinutesPerDay: 480}}})
		require.NoError(t, err)
		assert.Empty(t, p.Unmet)
		assert.Len(t, p.Scheduled, 3+1+6)
	})
}

// NewPlan's errors are *Error values that errors.Is can branch on.
func TestNewPlanErrorType(t *testing.T) {
	_, err := contact.NewPlan(contact.PlanInput{})
	var ce *contact.Error
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "contact: as_of: empty or missing", ce.Error())
}

// Days are calendar days in the as-of location, on days of 23 or 25 hours
// and on a day whose midnight does not exist (São Paulo, 4 November 2018).
func TestPlanAcrossDST(t *testing.T) {
	everyDay := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	tests := []struct {
		name, zone string
		from       time.Time // in UTC, the calendar date to start on
	}{
		{"spring forward", "America/New_York", time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)},
		{"fall back", "America/New_York", time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)},
		{"midnight skipped", "America/Sao_Paulo", time.Date(2018, 11, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			require.NoError(t, err)
			y, m, d := tt.from.Date()
			asOf := time.Date(y, m, d, 12, 0, 0, 0, loc)
			in := contact.PlanInput{AsOf: asOf, HorizonDays: 6,
				Calendars: []contact.Calendar{{RM: "R01", MinutesPerDay: 30, Workdays: everyDay}}}
			for i := range 6 {
				date := time.Date(y, m, d+i, 12, 0, 0, 0, loc)
				in.Tasks = append(in.Tasks, contact.Task{Client: fmt.Sprint(i), Kind: "cadence",
					Channel: vipcare.ChannelPhone, RM: "R01", Priority: 1, Earliest: date, Due: date, Minutes: 30})
			}
			p, err := contact.NewPlan(in)
			require.NoError(t, err)
			require.Empty(t, p.Unmet)
			require.Len(t, p.Scheduled, 6)
			for i, s := range p.Scheduled {
				want := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				assert.Equal(t, want, s.Date.Format(time.DateOnly), "task %d", i)
				assert.Equal(t, fmt.Sprint(i), s.Task.Client)
				assert.Equal(t, loc, s.Date.Location())
				assert.Equal(t, s.Date, s.Date.Truncate(time.Hour), "the start of an hour")
				before := time.Date(y, m, d+i-1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				assert.Equal(t, before, s.Date.Add(-time.Nanosecond).Format(time.DateOnly),
					"the first instant of the day: an instant before is the day before")
				assert.Equal(t, 30, p.Load("R01", s.Date))
			}

			tasks := contact.CadenceTasks("C", "R01", &contact.Strategy{Owner: contact.RM,
				Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 365}}}, asOf, 6, 1, nil)
			require.Len(t, tasks, 6)
			for i, task := range tasks {
				want := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				assert.Equal(t, want, task.Earliest.Format(time.DateOnly))
				assert.Equal(t, want, task.Due.Format(time.DateOnly))
			}
		})
	}
}
