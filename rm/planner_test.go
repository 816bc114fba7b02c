package rm_test

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
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// The plans are made in Beijing time, so that a date taken in UTC would be
// a day off.
var (
	cst    = testkit.CST
	plAsOf = time.Date(2026, 7, 1, 9, 30, 0, 0, cst) // a Wednesday, mid-morning
)

// day returns the n-th day of July 2026 in Beijing time.
func day(n int) time.Time { return testkit.Day(2026, time.July, n) }

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

// one returns the managers of a one-manager book: R01, Monday to Friday,
// 60 minutes a day.
func one() []rm.Manager {
	return []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 60}}
}

// planIn is a planning problem: a book, its tasks, the as-of date and the
// horizon.
type planIn struct {
	book    rm.Book
	tasks   []contact.Task
	asOf    time.Time
	horizon int
}

// schedule plans in under c, with a client of the zero preferences for
// every task's client the book lacks (Schedule refuses a task for a
// client it does not know).
func (in planIn) schedule(c *rm.Capacity) (rm.Plan, error) {
	return c.Schedule(withTaskClients(in.book, in.tasks), in.tasks, in.asOf, in.horizon)
}

// withTaskClients returns b with a client of the zero preferences added for
// every task's client b lacks, so that a case about scheduling need not
// list them. b is not changed.
func withTaskClients(b rm.Book, tasks []contact.Task) rm.Book {
	have := map[string]bool{}
	for _, c := range b.Clients {
		have[c.ID] = true
	}
	out := b
	out.Clients = slices.Clone(b.Clients)
	for _, t := range tasks {
		if !have[t.Client] && t.Client != "" {
			have[t.Client] = true
			out.Clients = append(out.Clients, rm.Client{ID: t.Client, Role: contact.RM})
		}
	}
	return out
}

// clone returns a deep copy of in, to check Schedule leaves it as it was.
func (in planIn) clone() planIn {
	out := in
	out.book = cloneBook(in.book)
	out.tasks = slices.Clone(in.tasks)
	return out
}

// planBook returns a book of managers ms and a client for each entry of
// prefs, in the order of their IDs, with those preferences (nil for the
// zero Preferences).
func planBook(ms []rm.Manager, prefs map[string]*vipcare.Preferences) rm.Book {
	b := rm.Book{Managers: ms}
	ids := make([]string, 0, len(prefs))
	for id := range prefs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		cl := rm.Client{ID: id, Role: contact.RM}
		if p := prefs[id]; p != nil {
			cl.Contact = *p
		}
		b.Clients = append(b.Clients, cl)
	}
	return b
}

// planned returns the plan as "client@MM-DD" and "client:code" lines.
func planned(p rm.Plan) (scheduled, unmet []string) {
	for _, s := range p.Scheduled {
		scheduled = append(scheduled, s.Task.Client+"@"+s.Date.Format("01-02"))
	}
	for _, u := range p.Unmet {
		unmet = append(unmet, u.Task.Client+":"+string(u.Code))
	}
	return scheduled, unmet
}

// load returns the minutes p schedules for rm on the calendar date of date
// in the location of p's as-of date.
func load(p rm.Plan, rm string, date time.Time) int {
	loc := p.AsOf.Location()
	total := 0
	for _, s := range p.For(rm) {
		if civil.Day(s.Date, loc) == civil.Day(date, loc) {
			total += s.Task.Minutes
		}
	}
	return total
}

func TestScheduleCases(t *testing.T) {
	dnc := &vipcare.Preferences{DoNotContact: true}
	discreet := &vipcare.Preferences{Discreet: true}
	smsOnly := &vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelSMS}}
	tests := []struct {
		name      string
		why       string
		mgrs      []rm.Manager
		tasks     []contact.Task
		prefs     map[string]*vipcare.Preferences
		horizon   int
		scheduled []string
		unmet     []string
		reason    string // a part of the first unmet task's reason
	}{
		{name: "earliest day with room",
			why:       "60 minutes a day take two 30-minute tasks, the third goes to the next day",
			mgrs:      one(),
			tasks:     []contact.Task{task("A", 1), task("B", 1), task("C", 1)},
			scheduled: []string{"A@07-01", "B@07-01", "C@07-02"}},
		{name: "weekend skipped",
			why:       "July 4 and 5 are a Saturday and a Sunday",
			mgrs:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(4) })},
			scheduled: []string{"A@07-06"}},
		{name: "holiday skipped",
			why: "July 1 and 2 are days off; a holiday given in UTC late on June 30 is July 1 in Beijing",
			mgrs: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 60,
				Holidays: []time.Time{time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC), day(2), day(30)}}},
			tasks:     []contact.Task{task("A", 1)},
			scheduled: []string{"A@07-03"}},
		{name: "own working days",
			why:       "an RM who works Saturdays only",
			mgrs:      []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 60, Workdays: []time.Weekday{time.Saturday}}},
			tasks:     []contact.Task{task("A", 1)},
			scheduled: []string{"A@07-04"}},
		{name: "priority takes the last slot",
			why:  "one slot in the window: the high-priority task gets it although it comes last",
			mgrs: one(),
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
			mgrs: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 30}},
			tasks: []contact.Task{
				with(task("A", 90), func(t *contact.Task) { t.Earliest, t.Due = day(6), day(9) }),
				with(task("B", 70), func(t *contact.Task) { t.Earliest, t.Due = day(6), day(6) }),
			},
			scheduled: []string{"B@07-06", "A@07-07"}},
		{name: "the move that keeps the moved task earliest",
			why: "B needs 20 minutes on Wednesday: A (40) could move to Friday, C (20) to Thursday, " +
				"where D leaves 30; C moves, although A is considered first",
			mgrs: one(),
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
			mgrs: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 30}},
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
			mgrs: one(),
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
			mgrs: one(),
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
			mgrs: one(),
			tasks: []contact.Task{
				with(task("A", 5), func(t *contact.Task) { t.Minutes = 60 }),
				with(task("B", 5), func(t *contact.Task) { t.Minutes = 60; t.Due = day(1) }),
			},
			scheduled: []string{"B@07-01", "A@07-02"}},
		{name: "within a day, the order considered",
			why:       "both on July 1: the higher priority is listed first",
			mgrs:      one(),
			tasks:     []contact.Task{task("A", 1), task("B", 2)},
			scheduled: []string{"B@07-01", "A@07-01"}},
		{name: "RMs in order",
			why:       "the plan lists R01 before R02 whatever the order of calendars and tasks",
			mgrs:      []rm.Manager{{ID: "R02", Role: contact.RM, MinutesPerDay: 60}, {ID: "R01", Role: contact.RM, MinutesPerDay: 60}},
			tasks:     []contact.Task{with(task("B", 1), func(t *contact.Task) { t.RM = "R02" }), task("A", 1)},
			scheduled: []string{"A@07-01", "B@07-01"}},
		{name: "after the horizon",
			why:     "the horizon is July 1 to 5",
			mgrs:    one(),
			tasks:   []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(6) })},
			horizon: 5,
			unmet:   []string{"A:after_horizon"},
			reason:  "not before 2026-07-06, after the horizon's last day 2026-07-05"},
		{name: "due within the horizon's weekend",
			why:     "the window is cut at the horizon's last day",
			mgrs:    one(),
			tasks:   []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(4) })},
			horizon: 5,
			unmet:   []string{"A:no_capacity"},
			reason:  "R01 has no working day from 2026-07-04 to 2026-07-05 (the horizon ends before the due date 2026-07-10)"},
		{name: "window closed",
			why:    "due the day before the as-of date",
			mgrs:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(1).AddDate(0, 0, -5); t.Due = day(1).AddDate(0, 0, -1) })},
			unmet:  []string{"A:window_closed"},
			reason: "due on 2026-06-30, before the as-of date 2026-07-01"},
		{name: "started before the as-of date",
			why:       "a window that opened earlier starts today",
			mgrs:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest = day(1).AddDate(0, 0, -5) })},
			scheduled: []string{"A@07-01"}},
		{name: "zero dates",
			why:       "a zero Earliest is the as-of date, a zero Due the horizon's last day",
			mgrs:      one(),
			tasks:     []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Earliest, t.Due = time.Time{}, time.Time{}; t.Minutes = 60 }), with(task("B", 1), func(t *contact.Task) { t.Earliest, t.Due = time.Time{}, time.Time{}; t.Minutes = 60 })},
			horizon:   2,
			scheduled: []string{"A@07-01", "B@07-02"}},
		{name: "no manager",
			why:    "R09 is no manager of the book; a task with no RM has none either",
			mgrs:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.RM = "R09" }), with(task("B", 1), func(t *contact.Task) { t.RM = "" })},
			unmet:  []string{"B:no_manager", "A:no_manager"},
			reason: "the task has no RM"},
		{name: "do not contact",
			why:       "the client asked not to be contacted: nothing, whatever the channel or priority",
			mgrs:      one(),
			tasks:     []contact.Task{task("A", 99), with(task("A", 99), func(t *contact.Task) { t.Kind = "retention"; t.Channel = vipcare.ChannelSecureMessage }), task("B", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": dnc},
			scheduled: []string{"B@07-01"},
			unmet:     []string{"A:do_not_contact", "A:do_not_contact"},
			reason:    "the client asked not to be contacted"},
		{name: "channel not consented",
			why:    "the client takes SMS only",
			mgrs:   one(),
			tasks:  []contact.Task{task("A", 1)},
			prefs:  map[string]*vipcare.Preferences{"A": smsOnly},
			unmet:  []string{"A:no_consented_channel"},
			reason: "the client does not consent to contact by phone"},
		{name: "discreet client",
			why:  "e-mail is not discreet; a phone call is",
			mgrs: one(),
			tasks: []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Channel = vipcare.ChannelEmail }),
				task("A", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": discreet},
			scheduled: []string{"A@07-01"},
			unmet:     []string{"A:no_consented_channel"},
			reason:    "email is not a discreet channel, and the client asked for discretion"},
		{name: "nil preferences",
			why:       "a client of the book with the zero Preferences: any channel",
			mgrs:      one(),
			tasks:     []contact.Task{task("A", 1)},
			prefs:     map[string]*vipcare.Preferences{"A": nil},
			scheduled: []string{"A@07-01"}},
		{name: "longer than a day",
			why:    "90 minutes never fit in a 60-minute day",
			mgrs:   one(),
			tasks:  []contact.Task{with(task("A", 1), func(t *contact.Task) { t.Minutes = 90 })},
			unmet:  []string{"A:no_capacity"},
			reason: "takes 90 minutes, more than the 60 of a working day of R01"},
		{name: "zero minutes",
			why:  "a task of no minutes fits a full day but not a weekend",
			mgrs: one(),
			tasks: []contact.Task{
				with(task("A", 9), func(t *contact.Task) { t.Minutes = 60; t.Due = day(1) }),
				with(task("B", 1), func(t *contact.Task) { t.Minutes = 0 }),
				with(task("C", 1), func(t *contact.Task) { t.Minutes = 0; t.Earliest, t.Due = day(4), day(5) }),
			},
			scheduled: []string{"A@07-01", "B@07-01"},
			unmet:     []string{"C:no_capacity"},
			reason:    "R01 has no working day from 2026-07-04 to 2026-07-05"},
		{name: "an RM with no minutes",
			why:    "a manager with 100 minutes a year has 100/220 = 0 minutes a working day: it takes nothing that takes time",
			mgrs:   []rm.Manager{{ID: "R01", Role: contact.RM, Minutes: 100}},
			tasks:  []contact.Task{task("A", 1)},
			unmet:  []string{"A:no_capacity"},
			reason: "takes 30 minutes, more than the 0 of a working day of R01"},
		{name: "nothing to plan",
			why:  "no tasks, no plan",
			mgrs: one()},
	}
	c := refCapacity()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := planIn{book: planBook(tt.mgrs, tt.prefs), tasks: tt.tasks, asOf: plAsOf, horizon: cmp.Or(tt.horizon, 10)}
			before := in.clone()
			p, err := in.schedule(c)
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
			again, err := in.schedule(c)
			require.NoError(t, err)
			assert.Equal(t, p, again, "same plan twice")
			assert.Equal(t, before, in, "input unchanged")
		})
	}
}

// A manager's minutes a day default to its yearly minutes over 220 working
// days: the Capacity's 68,640 make 312; a manager's own 22,000 make 100; and
// a day has at most 1,440 minutes.
func TestScheduleMinutesPerDayDefault(t *testing.T) {
	c := refCapacity()
	tests := []struct {
		name    string
		manager rm.Manager
		fits    int // the most minutes a task may take
	}{
		{"the capacity's minutes", rm.Manager{ID: "R01", Role: contact.RM}, 312},
		{"the manager's own minutes", rm.Manager{ID: "R01", Role: contact.RM, Minutes: 22_000}, 100},
		{"at most a day", rm.Manager{ID: "R01", Role: contact.RM, Minutes: 527_040}, 1440},
		{"minutes per day given", rm.Manager{ID: "R01", Role: contact.RM, Minutes: 22_000, MinutesPerDay: 45}, 45},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks := []contact.Task{
				with(task("A", 2), func(t *contact.Task) { t.Minutes = tt.fits; t.Due = day(1) }),
				with(task("B", 1), func(t *contact.Task) { t.Minutes = tt.fits + 1; t.Due = day(2) }),
			}
			p, err := c.Schedule(withTaskClients(rm.Book{Managers: []rm.Manager{tt.manager}}, tasks), tasks, plAsOf, 10)
			require.NoError(t, err)
			scheduled, unmet := planned(p)
			assert.Equal(t, []string{"A@07-01"}, scheduled)
			assert.Equal(t, []string{"B:no_capacity"}, unmet)
			assert.Contains(t, p.Unmet[0].Reason, fmt.Sprintf("more than the %d of a working day of R01", tt.fits))
		})
	}
}

func TestScheduleErrors(t *testing.T) {
	good := planIn{book: rm.Book{Managers: one()}, tasks: []contact.Task{task("A", 1)}, asOf: plAsOf, horizon: 10}
	tests := []struct {
		name string
		why  string
		edit func(in *planIn)
		want []testkit.Want
	}{
		{"zero as-of", "the plan needs a first day", func(in *planIn) { in.asOf = time.Time{} },
			[]testkit.Want{{Path: "/as_of", Err: policy.ErrMissing}}},
		{"no horizon", "at least one day", func(in *planIn) { in.horizon = 0 },
			[]testkit.Want{{Path: "/horizon_days", Err: policy.ErrOutOfRange}}},
		{"horizon too long", "ten years at most", func(in *planIn) { in.horizon = 3661 },
			[]testkit.Want{{Path: "/horizon_days", Err: policy.ErrOutOfRange}}},
		{"empty manager", "a manager has an ID", func(in *planIn) { in.book.Managers[0].ID = "" },
			[]testkit.Want{{Path: "/managers/0/id", Err: policy.ErrMissing}}},
		{"duplicate manager", "one calendar per manager", func(in *planIn) {
			in.book.Managers = append(in.book.Managers, rm.Manager{ID: "R01", Role: contact.RM, MinutesPerDay: 30})
		}, []testkit.Want{{Path: "/managers/1/id", Name: "R01", Err: policy.ErrDuplicate}}},
		{"negative day", "minutes per day at least 0", func(in *planIn) { in.book.Managers[0].MinutesPerDay = -1 },
			[]testkit.Want{{Path: "/managers/0/minutes_per_day", Name: "R01", Err: policy.ErrOutOfRange}}},
		{"day too long", "a day has 1,440 minutes", func(in *planIn) { in.book.Managers[0].MinutesPerDay = 1441 },
			[]testkit.Want{{Path: "/managers/0/minutes_per_day", Name: "R01", Err: policy.ErrOutOfRange}}},
		{"weekday", "there are seven", func(in *planIn) { in.book.Managers[0].Workdays = []time.Weekday{time.Monday, 7} },
			[]testkit.Want{{Path: "/managers/0/workdays/1", Name: "R01", Err: policy.ErrOutOfRange}}},
		{"negative minutes", "a task takes no less than nothing", func(in *planIn) { in.tasks[0].Minutes = -5 },
			[]testkit.Want{{Path: "/tasks/0/minutes", Name: "cadence", Err: policy.ErrOutOfRange}}},
		{"no channel", "a task says how", func(in *planIn) { in.tasks[0].Channel = "" },
			[]testkit.Want{{Path: "/tasks/0/channel", Name: "cadence", Err: policy.ErrUnknown}}},
		{"inverted window", "due before it may start", func(in *planIn) { in.tasks[0].Due = day(1).AddDate(0, 0, -1) },
			[]testkit.Want{{Path: "/tasks/0/due", Name: "cadence", Err: policy.ErrOrder}}},
		{"a task given twice", "a client and an ID identify a task: planned twice, the client is called twice", func(in *planIn) {
			in.tasks[0].ID = "maturity/2026-07-10"
			in.tasks = append(in.tasks, task("B", 1), in.tasks[0], with(task("B", 1), func(t *contact.Task) { t.ID = "maturity/2026-07-10" }))
		}, []testkit.Want{{Path: "/tasks/2/id", Name: "cadence", Err: policy.ErrDuplicate}}},
		{"a client of the book", "the book is checked as for a report, never naming the client", func(in *planIn) {
			in.book.Clients = []rm.Client{{ID: "A", Role: contact.RM}, {ID: "A", Role: contact.RM}}
		}, []testkit.Want{{Path: "/clients/1/id", Err: policy.ErrDuplicate}}},
		{"every problem at once", "all reported, not just the first", func(in *planIn) {
			in.horizon = -1
			in.book.Managers[0].MinutesPerDay = -1
			in.tasks = append(in.tasks, with(task("B", 1), func(t *contact.Task) { t.Minutes = -1; t.Channel = "fax" }))
		}, []testkit.Want{
			{Path: "/managers/0/minutes_per_day", Name: "R01", Err: policy.ErrOutOfRange},
			{Path: "/tasks/1/minutes", Name: "cadence", Err: policy.ErrOutOfRange},
			{Path: "/tasks/1/channel", Name: "cadence", Err: policy.ErrUnknown},
			{Path: "/horizon_days", Err: policy.ErrOutOfRange}}},
	}
	c := refCapacity()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good.clone()
			tt.edit(&in)
			p, err := in.schedule(c)
			require.Error(t, err, tt.why)
			assert.Zero(t, p)
			testkit.CheckProblems(t, err, tt.want...)
			assert.NotContains(t, err.Error(), `"A"`, "no client identifier in an error")
			assert.True(t, strings.HasPrefix(err.Error(), "vipcare: "))
		})
	}
}

// The limits are allowed: a horizon of 3,660 days, a day of 1,440 minutes,
// Sunday and Saturday, a task of no minutes.
func TestScheduleBoundaries(t *testing.T) {
	b := rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 1440,
		Workdays: []time.Weekday{time.Sunday, time.Saturday}}}}
	tasks := []contact.Task{
		with(task("A", 1), func(t *contact.Task) { t.Minutes = 1440; t.Earliest, t.Due = time.Time{}, time.Time{} }),
		with(task("B", 1), func(t *contact.Task) { t.Minutes = 0; t.Earliest, t.Due = time.Time{}, time.Time{} }),
	}
	p, err := refCapacity().Schedule(withTaskClients(b, tasks), tasks, plAsOf, 3660)
	require.NoError(t, err)
	scheduled, unmet := planned(p)
	assert.Equal(t, []string{"A@07-04", "B@07-04"}, scheduled, "the first Saturday takes a whole day's task, and one of no minutes")
	assert.Empty(t, unmet)
	assert.Equal(t, 3660, p.HorizonDays)
}

// Schedule's errors are policy.Problems that errors.Is can branch on, and
// an unknown channel lists the channels.
func TestScheduleErrorType(t *testing.T) {
	_, err := refCapacity().Schedule(rm.Book{}, nil, time.Time{}, 10)
	var ps policy.Problems
	require.True(t, errors.As(err, &ps))
	assert.Equal(t, "vipcare: /as_of: missing", err.Error())
	assert.ErrorIs(t, err, policy.ErrMissing)

	_, err = refCapacity().Schedule(rm.Book{}, []contact.Task{{Client: "C-1", Kind: "cadence", Channel: "fax"}}, plAsOf, 10)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/tasks/0/client", Name: "cadence", Err: policy.ErrUnknown},
		testkit.Want{Path: "/tasks/0/channel", Name: "cadence", Err: policy.ErrUnknown})
	ps = testkit.Problems(t, err)
	assert.Equal(t, []string{"branch", "visit", "phone", "video", "secure_message", "wechat", "sms", "email", "mail"},
		ps[1].Choices)
	assert.NotContains(t, err.Error(), "C-1", "a task is named by its kind, never its client")
}

// channelRank returns ch's position among vipcare's channels, the order in
// which the planner breaks ties between channels.
func channelRank(ch vipcare.Channel) int {
	return slices.Index([]vipcare.Channel{vipcare.ChannelBranch, vipcare.ChannelVisit, vipcare.ChannelPhone,
		vipcare.ChannelVideo, vipcare.ChannelSecureMessage, vipcare.ChannelWeChat, vipcare.ChannelSMS,
		vipcare.ChannelEmail, vipcare.ChannelMail}, ch)
}

// perDay returns the minutes a working day of m has under c, written
// independently of Schedule: MinutesPerDay, or the yearly minutes over 220
// days, at most 1,440.
func perDay(c *rm.Capacity, m *rm.Manager) int {
	if m.MinutesPerDay > 0 {
		return m.MinutesPerDay
	}
	year := m.Minutes
	if year == 0 {
		year = c.Minutes()
	}
	return min(year/220, 1440)
}

// randomInput returns a random planning problem: a few managers with their
// own working days, holidays and minutes (some from their yearly minutes),
// and tasks with random windows (some before the as-of date, some after
// the horizon), priorities with many ties, minutes (some longer than a
// day), channels, RMs (some no manager) and clients with random
// preferences, some not in the book. Each task's Reason is its index.
func randomInput(r *rand.Rand, rms, tasks, horizon int) planIn {
	in := planIn{asOf: plAsOf, horizon: horizon}
	for k := range rms {
		m := rm.Manager{ID: fmt.Sprintf("R%02d", k), Role: contact.RM, MinutesPerDay: 30 + r.IntN(300)}
		if r.IntN(5) == 0 {
			m.MinutesPerDay, m.Minutes = 0, r.IntN(80_000) // 0: the capacity's 68,640 minutes
		}
		if r.IntN(3) == 0 {
			for w := time.Sunday; w <= time.Saturday; w++ {
				if r.IntN(2) == 0 {
					m.Workdays = append(m.Workdays, w)
				}
			}
		}
		for range r.IntN(4) {
			m.Holidays = append(m.Holidays, day(1).AddDate(0, 0, r.IntN(horizon+5)-2))
		}
		in.book.Managers = append(in.book.Managers, m)
	}
	clients := tasks/3 + 1
	for c := range clients {
		cl := rm.Client{ID: fmt.Sprintf("C%04d", c), Role: contact.RM}
		switch r.IntN(8) {
		case 0:
			cl.Contact = vipcare.Preferences{DoNotContact: true}
		case 1:
			cl.Contact = vipcare.Preferences{Discreet: true}
		case 2:
			cl.Contact = vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelEmail}}
		case 3: // in the book, any channel
		default:
			continue // not in the book: any channel
		}
		in.book.Clients = append(in.book.Clients, cl)
	}
	channels := []vipcare.Channel{vipcare.ChannelBranch, vipcare.ChannelVisit, vipcare.ChannelPhone,
		vipcare.ChannelVideo, vipcare.ChannelSecureMessage, vipcare.ChannelWeChat, vipcare.ChannelSMS,
		vipcare.ChannelEmail, vipcare.ChannelMail}
	for i := range tasks {
		lo := r.IntN(horizon+10) - 5
		w := r.IntN(horizon/2 + 1)
		in.tasks = append(in.tasks, contact.Task{
			Client:   fmt.Sprintf("C%04d", r.IntN(clients)),
			Kind:     []string{"cadence", "retention", "maturity"}[r.IntN(3)],
			Reason:   fmt.Sprint(i),
			Channel:  channels[r.IntN(len(channels))],
			Owner:    contact.RM,
			RM:       fmt.Sprintf("R%02d", r.IntN(rms+1)), // R<rms> is no manager
			Priority: r.IntN(4) * 10,
			Earliest: day(1).AddDate(0, 0, lo),
			Due:      day(1).AddDate(0, 0, lo+w),
			Minutes:  r.IntN(120),
		})
		if r.IntN(50) == 0 {
			in.tasks[i].Minutes = 400 // longer than most days
		}
	}
	return in
}

// tightInput returns a random planning problem where the repair has work:
// one or two managers with an hour or two a day over a short horizon, more
// tasks than fit, short windows and few distinct lengths. Each task's
// Reason is its index.
func tightInput(r *rand.Rand) planIn {
	horizon := 3 + r.IntN(15)
	in := planIn{asOf: plAsOf, horizon: horizon}
	rms := 1 + r.IntN(2)
	for k := range rms {
		m := rm.Manager{ID: fmt.Sprintf("R%02d", k), Role: contact.RM, MinutesPerDay: 60 * (1 + r.IntN(2))}
		if r.IntN(2) == 0 {
			m.Holidays = append(m.Holidays, day(1+r.IntN(horizon)))
		}
		in.book.Managers = append(in.book.Managers, m)
	}
	for i := range 5 + r.IntN(4*horizon) {
		lo := r.IntN(horizon)
		in.tasks = append(in.tasks, contact.Task{
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

// works reports whether m works on date.
func works(m *rm.Manager, date time.Time) bool {
	days := m.Workdays
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	if !slices.Contains(days, date.Weekday()) {
		return false
	}
	for _, h := range m.Holidays {
		if civil.Day(h, cst) == civil.Day(date, cst) {
			return false
		}
	}
	return true
}

// managersByID returns the book's managers by ID.
func managersByID(b rm.Book) map[string]*rm.Manager {
	out := map[string]*rm.Manager{}
	for i := range b.Managers {
		out[b.Managers[i].ID] = &b.Managers[i]
	}
	return out
}

// prefsOf returns the preferences of the book's clients by ID.
func prefsOf(b rm.Book) map[string]*vipcare.Preferences {
	out := map[string]*vipcare.Preferences{}
	for i := range b.Clients {
		out[b.Clients[i].ID] = &b.Clients[i].Contact
	}
	return out
}

// Over random inputs: every task is scheduled once or unmet once; no day of
// a manager gets more than its minutes; every date is a working day inside
// the task's window and the horizon; no client gets a channel it did not
// consent to, and do-not-contact clients get nothing.
func TestPlanInvariants(t *testing.T) {
	c := refCapacity()
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		in := randomInput(r, 1+r.IntN(6), r.IntN(400), 1+r.IntN(60))
		p, err := in.schedule(c)
		require.NoError(t, err)
		first := civil.Day(in.asOf, cst)
		last := first + int64(in.horizon) - 1
		ms := managersByID(in.book)
		prefs := prefsOf(in.book)

		seen := map[string]int{}
		load := map[string]int{}
		for _, s := range p.Scheduled {
			seen[s.Task.Reason]++
			m := ms[s.Task.RM]
			require.NotNil(t, m, "round %d: scheduled for an RM that is no manager", round)
			d := civil.Day(s.Date, cst)
			assert.True(t, d >= first && d <= last, "round %d: inside the horizon", round)
			assert.True(t, d >= civil.Day(s.Task.Earliest, cst) && d <= civil.Day(s.Task.Due, cst),
				"round %d: inside the task's window", round)
			assert.True(t, works(m, s.Date), "round %d: %s does not work on %s", round, m.ID, s.Date)
			key := s.Task.RM + s.Date.Format(time.DateOnly)
			load[key] += s.Task.Minutes
			assert.LessOrEqual(t, load[key], perDay(c, m), "round %d: %s over capacity", round, key)
			if pref := prefs[s.Task.Client]; pref != nil {
				assert.False(t, pref.DoNotContact, "round %d: a do-not-contact client was scheduled", round)
				assert.True(t, pref.Allows(s.Task.Channel), "round %d: %s not consented", round, s.Task.Channel)
			}
		}
		for _, u := range p.Unmet {
			seen[u.Task.Reason]++
			assert.NotEmpty(t, u.Reason)
			if pref := prefs[u.Task.Client]; pref != nil && pref.DoNotContact {
				assert.Equal(t, contact.CodeDoNotContact, u.Code)
			}
			assert.NotContains(t, u.Reason, u.Task.Client, "no client identifier in a reason")
		}
		assert.Len(t, seen, len(in.tasks), "round %d: every task accounted for", round)
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
	c := refCapacity()
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 600 {
		in := randomInput(r, 1+r.IntN(4), r.IntN(300), 1+r.IntN(40))
		if round%2 == 1 {
			in = tightInput(r)
		}
		p, err := in.schedule(c)
		require.NoError(t, err)
		ms := managersByID(in.book)
		first := civil.Day(in.asOf, cst)
		last := first + int64(in.horizon) - 1
		date := func(d int64) time.Time { return day(1).AddDate(0, 0, int(d-first)) }
		type rmDay struct {
			rm  string
			day int64
		}
		load := map[rmDay]int{}
		on := map[rmDay][]contact.Task{}
		for _, s := range p.Scheduled {
			k := rmDay{s.Task.RM, civil.Day(s.Date, cst)}
			load[k] += s.Task.Minutes
			on[k] = append(on[k], s.Task)
		}
		// room reports whether day d of m has minutes left.
		room := func(m *rm.Manager, d int64, minutes int) bool {
			return works(m, date(d)) && load[rmDay{m.ID, d}]+minutes <= perDay(c, m)
		}
		for _, u := range p.Unmet {
			if u.Code != rm.CodeNoCapacity {
				continue
			}
			m := ms[u.Task.RM]
			lo := max(civil.Day(u.Task.Earliest, cst), first)
			hi := min(civil.Day(u.Task.Due, cst), last)
			for d := lo; d <= hi; d++ {
				if !works(m, date(d)) {
					continue
				}
				k := rmDay{m.ID, d}
				assert.False(t, room(m, d, u.Task.Minutes), "round %d: %s had room on %s for task %s",
					round, m.ID, date(d).Format(time.DateOnly), u.Task.Reason)
				for _, x := range on[k] {
					if load[k]-x.Minutes+u.Task.Minutes > perDay(c, m) {
						continue // moving x would not free enough
					}
					xlo := max(civil.Day(x.Earliest, cst), first)
					xhi := min(civil.Day(x.Due, cst), last)
					for e := xlo; e <= xhi; e++ {
						assert.False(t, e != d && room(m, e, x.Minutes),
							"round %d: task %s could move from %s to %s and make room for task %s", round,
							x.Reason, date(d).Format(time.DateOnly), date(e).Format(time.DateOnly), u.Task.Reason)
					}
				}
			}
		}
	}

	t.Run("ample capacity", func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		in := planIn{asOf: plAsOf, horizon: 60,
			book: rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 1440}}}}
		for i := range 200 {
			lo := r.IntN(45) // due by day 57 of 60
			in.tasks = append(in.tasks, contact.Task{Client: "C", Kind: "cadence", Reason: fmt.Sprint(i),
				Channel: vipcare.ChannelPhone, RM: "R01", Priority: r.IntN(3), Earliest: day(1).AddDate(0, 0, lo),
				Due: day(1).AddDate(0, 0, lo+r.IntN(10)+3), Minutes: 1 + r.IntN(60)})
		}
		p, err := in.schedule(c)
		require.NoError(t, err)
		assert.Empty(t, p.Unmet, "a window of four days or more always holds a working day")
		assert.Len(t, p.Scheduled, len(in.tasks))
		for _, s := range p.Scheduled {
			assert.False(t, s.Date.After(s.Task.Due), "on or before the due date")
			assert.False(t, s.Date.Before(s.Task.Earliest))
		}
	})
}

// naivePlan is the reference the planner is checked against: the same
// rules, with days scanned one by one, tasks found by scanning them all
// and loads kept in a map. With repair false it stops after the greedy
// pass. The repair rounds run over all managers at once rather than one by
// one: a round that moves nothing for a manager changes nothing for it, so
// the plan is the same.
func naivePlan(c *rm.Capacity, in planIn, repair bool) (scheduled, unmet []string) {
	first := civil.Day(in.asOf, cst)
	last := first + int64(in.horizon) - 1
	date := func(d int64) time.Time { return day(1).AddDate(0, 0, int(d-first)) }
	ms := managersByID(in.book)
	prefs := prefsOf(in.book)
	tasks := in.tasks
	order := make([]int, len(tasks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ta, tb := &tasks[a], &tasks[b]
		return cmp.Or(cmp.Compare(tb.Priority, ta.Priority),
			cmp.Compare(civil.Day(ta.Due, cst), civil.Day(tb.Due, cst)),
			strings.Compare(ta.Kind, tb.Kind),
			cmp.Compare(channelRank(ta.Channel), channelRank(tb.Channel)))
	})
	rank := make([]int, len(tasks)) // the order considered
	for r, i := range order {
		rank[i] = r
	}
	window := func(t *contact.Task) (int64, int64) {
		return max(civil.Day(t.Earliest, cst), first), min(civil.Day(t.Due, cst), last)
	}
	load := map[string]map[int64]int{}
	// room reports whether day d of manager id has m minutes left.
	room := func(id string, d int64, m int) bool {
		return works(ms[id], date(d)) && load[id][d]+m <= perDay(c, ms[id])
	}
	on := make([]int64, len(tasks)) // the day of each task, or -1
	code := make([]vipcare.Code, len(tasks))
	for _, i := range order {
		t := &tasks[i]
		on[i] = -1
		p := prefs[t.Client]
		if p == nil {
			p = &vipcare.Preferences{}
		}
		lo, hi := civil.Day(t.Earliest, cst), civil.Day(t.Due, cst)
		switch {
		case p.DoNotContact:
			code[i] = contact.CodeDoNotContact
		case !p.Allows(t.Channel):
			code[i] = contact.CodeNoChannel
		case hi < first:
			code[i] = rm.CodeWindowClosed
		case lo > last:
			code[i] = rm.CodeAfterHorizon
		case ms[t.RM] == nil:
			code[i] = rm.CodeNoManager
		default:
			code[i] = rm.CodeNoCapacity
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
			t := &tasks[i]
			if code[i] != rm.CodeNoCapacity {
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
				if !works(ms[t.RM], date(d)) {
					continue
				}
				best, to := -1, int64(0)
				for j := range tasks {
					x := &tasks[j]
					if x.RM != t.RM || on[j] != d || load[t.RM][d]-x.Minutes+t.Minutes > perDay(c, ms[t.RM]) {
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
					x := &tasks[best]
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
		rm        string
		noManager bool
		text      string
	}
	var misses []missed
	for _, i := range order {
		t := &tasks[i]
		if code[i] == "" {
			out = append(out, placed{t.RM, on[i], rank[i], t.Client + "@" + date(on[i]).Format("01-02") + "#" + t.Reason})
		} else {
			misses = append(misses, missed{t.RM, ms[t.RM] == nil, t.Client + ":" + string(code[i]) + "#" + t.Reason})
		}
	}
	// Unmet tasks by RM, those of managers first.
	slices.SortStableFunc(misses, func(a, b missed) int {
		if a.noManager != b.noManager {
			if a.noManager {
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
	c := refCapacity()
	r := rand.New(rand.NewPCG(7, 8))
	repaired := 0
	for round := range 1000 {
		in := randomInput(r, 1+r.IntN(5), r.IntN(300), 1+r.IntN(70))
		if round%3 > 0 {
			in = tightInput(r)
		}
		p, err := in.schedule(c)
		require.NoError(t, err)
		var scheduled, unmet []string
		for _, s := range p.Scheduled {
			scheduled = append(scheduled, s.Task.Client+"@"+s.Date.Format("01-02")+"#"+s.Task.Reason)
		}
		for _, u := range p.Unmet {
			unmet = append(unmet, u.Task.Client+":"+string(u.Code)+"#"+u.Task.Reason)
		}
		wantS, wantU := naivePlan(c, in, true)
		require.Equal(t, wantS, scheduled, "round %d", round)
		require.Equal(t, wantU, unmet, "round %d", round)

		greedy, _ := naivePlan(c, in, false)
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

// The same input gives the same plan, run after run, from many goroutines
// at once (run with -race), and whatever the order of the managers and
// clients of the book.
func TestPlanIdenticalAcrossRuns(t *testing.T) {
	c := refCapacity()
	in := randomInput(rand.New(rand.NewPCG(9, 10)), 5, 500, 45)
	before := in.clone()
	want, err := in.schedule(c)
	require.NoError(t, err)
	require.NotEmpty(t, want.Scheduled)
	require.NotEmpty(t, want.Unmet)
	var wg sync.WaitGroup
	plans := make([]rm.Plan, 8)
	for i := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			plans[i], _ = in.schedule(c)
		}()
	}
	wg.Wait()
	for _, p := range plans {
		assert.Equal(t, want, p)
	}
	assert.Equal(t, before, in, "input unchanged")

	rev := in.clone()
	slices.Reverse(rev.book.Managers)
	slices.Reverse(rev.book.Clients)
	p, err := rev.schedule(c)
	require.NoError(t, err)
	assert.Equal(t, want, p, "the order of the book does not matter")
}

func TestPlanForAndString(t *testing.T) {
	in := planIn{asOf: plAsOf, horizon: 3,
		book: planBook([]rm.Manager{{ID: "R02", Role: contact.RM, MinutesPerDay: 60}, {ID: "R01", Role: contact.RM, MinutesPerDay: 60}},
			map[string]*vipcare.Preferences{"SECRET-3": {Channels: []vipcare.Channel{vipcare.ChannelSMS}}}),
		tasks: []contact.Task{
			task("SECRET-1", 5), task("SECRET-2", 5), task("SECRET-3", 5),
			with(task("SECRET-4", 5), func(t *contact.Task) { t.RM = "R02"; t.Minutes = 45 }),
			with(task("SECRET-5", 5), func(t *contact.Task) { t.RM = "R02"; t.Minutes = 90 }),
			with(task("SECRET-6", 5), func(t *contact.Task) { t.RM = "" }),
		},
	}
	p, err := in.schedule(refCapacity())
	require.NoError(t, err)

	assert.Len(t, p.For("R01"), 2)
	assert.Len(t, p.For("R02"), 1)
	assert.Empty(t, p.For("R03"))
	assert.Empty(t, p.For(""))
	assert.Equal(t, 60, load(p, "R01", day(1)))
	assert.Equal(t, 60, load(p, "R01", time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)), "July 1 in Beijing")
	assert.Equal(t, 0, load(p, "R01", day(2)))
	assert.Equal(t, 45, load(p, "R02", day(1)))
	assert.Equal(t, 0, load(p, "R09", day(1)))
	r01 := p.For("R01")
	assert.Equal(t, len(r01), cap(r01), "For shares the plan's array, and appending to it cannot write there")

	s := p.String()
	assert.Equal(t, strings.TrimSpace(`
plan from 2026-07-01 for 3 days: 3 tasks scheduled (105 minutes), 3 unmet
rm   scheduled  minutes  unmet
-            0        0      1
R01          2       60      1
R02          1       45      1
unmet: no_capacity 1, no_consented_channel 1, no_manager 1`), s)
	assert.NotContains(t, s, "SECRET")
	assert.NotContains(t, rm.Plan{}.String(), "SECRET")
	for _, u := range p.Unmet {
		assert.NotContains(t, u.Reason, "SECRET")
	}
	assert.NotContains(t, fmt.Sprintf("%v %+v %v %+v", p.Scheduled, p.Scheduled, p.Unmet, p.Unmet), "SECRET",
		"tasks print without their client")
}

func TestCadenceTasks(t *testing.T) {
	c := refCapacity()
	windows := func(tasks []contact.Task) []string {
		var out []string
		for _, t := range tasks {
			out = append(out, string(t.Channel)+" "+t.Earliest.Format("01-02")+".."+t.Due.Format("01-02"))
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
		{"monthly over 90 days", "12 slots a year; the 7th runs from 3 July to 1 August, its middle day 17 July; the 10th's middle day is after the horizon",
			[]contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12}}, 90,
			[]string{"phone 07-03..08-01", "phone 08-02..09-01", "phone 09-02..10-01"}},
		{"uneven slots", "8 a year: slots of 45 or 46 days; 6 a year: of 60 or 61, the one from 2 September with its middle day after the horizon",
			[]contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 8}, {Channel: vipcare.ChannelBranch, PerYear: 6}}, 90,
			[]string{"phone 07-03..08-17", "phone 08-18..10-01", "branch 07-03..09-01"}},
		{"a half year", "2 a year: the first half's middle day is in April, the second's in October", []contact.Touch{{Channel: vipcare.ChannelBranch, PerYear: 2}}, 90, nil},
		{"a year's middle day", "1 a year: 2026's middle day is 2 July, in the horizon: to be done from the horizon's first day",
			[]contact.Touch{{Channel: vipcare.ChannelBranch, PerYear: 1}}, 2, []string{"branch 07-01..12-31"}},
		{"a year", "4 a year over 365 days: two quarters of 2026 and two of 2027",
			[]contact.Touch{{Channel: vipcare.ChannelBranch, PerYear: 4}}, 365,
			[]string{"branch 07-03..10-01", "branch 10-02..12-31", "branch 01-01..04-02", "branch 04-03..07-02"}},
		{"at most one a day", "1,000 a year over 3 days: three, one a day",
			[]contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 1000}}, 3,
			[]string{"phone 07-01..07-01", "phone 07-02..07-02", "phone 07-03..07-03"}},
		{"no touches", "zero, negative or invalid touches give nothing",
			[]contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 0}, {Channel: vipcare.ChannelPhone, PerYear: -4}, {Channel: "", PerYear: 12}, {Channel: "fax", PerYear: 12}}, 90, nil},
		{"no horizon", "a horizon below one day gives nothing", []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12}}, 0, nil},
		{"horizon too long", "beyond the planner's horizon of 3,660 days gives nothing",
			[]contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12}}, 3661, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &contact.Strategy{Name: "s", Owner: contact.SeniorRM, Touches: tt.touches}
			before := *s
			before.Touches = slices.Clone(s.Touches)
			tasks := c.CadenceTasks("C-1", "R01", s, plAsOf, tt.horizon, 40)
			assert.Equal(t, tt.want, windows(tasks), tt.why)
			ids := map[string]bool{}
			for _, task := range tasks {
				assert.Equal(t, "C-1", task.Client)
				assert.Equal(t, "R01", task.RM)
				assert.Equal(t, "cadence", task.Kind)
				assert.Equal(t, "cadence."+string(task.Channel)+"/"+task.Due.Format(time.DateOnly), task.ID)
				assert.False(t, ids[task.ID], "IDs are unique")
				ids[task.ID] = true
				assert.Equal(t, contact.SeniorRM, task.Owner)
				assert.Equal(t, 40, task.Priority)
				assert.Equal(t, touchMinutes(c, task.Channel), task.Minutes)
				assert.Equal(t, cst, task.Earliest.Location())
				assert.Zero(t, task.Due.Hour())
				assert.NotEmpty(t, task.Reason)
			}
			assert.Equal(t, tasks, c.CadenceTasks("C-1", "R01", s, plAsOf, tt.horizon, 40), "same answer twice")
			assert.Equal(t, before, *s, "strategy unchanged")
		})
	}

	t.Run("reason, ID and minutes", func(t *testing.T) {
		s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12}}}
		tasks := c.CadenceTasks("C-1", "R01", s, plAsOf, 90, 10)
		require.Len(t, tasks, 3)
		assert.Equal(t, "12 phone touches a year: 8 of 12 in 2026", tasks[1].Reason)
		assert.Equal(t, "cadence.phone/2026-09-01", tasks[1].ID)
		assert.Equal(t, 35, tasks[1].Minutes, "a phone call and its preparation")
		assert.Nil(t, c.CadenceTasks("C-1", "R01", nil, plAsOf, 90, 10))
		daily := &contact.Strategy{Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 365}}}
		assert.Equal(t, "365 phone touches a year: 182 of 365 in 2026", c.CadenceTasks("C-1", "R01", daily, plAsOf, 1, 0)[0].Reason)
	})

	t.Run("IDs of far dates", func(t *testing.T) {
		s := &contact.Strategy{Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 365}}}
		for _, asOf := range []time.Time{time.Date(5, 3, 1, 0, 0, 0, 0, cst), time.Date(9999, 12, 30, 0, 0, 0, 0, cst),
			time.Date(12345, 1, 1, 0, 0, 0, 0, cst), time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC)} {
			tasks := c.CadenceTasks("C-1", "R01", s, asOf, 3, 0)
			require.Len(t, tasks, 3)
			for _, task := range tasks {
				assert.Equal(t, "cadence.phone/"+task.Due.Format(time.DateOnly), task.ID)
			}
		}
	})

	t.Run("the longest horizon", func(t *testing.T) {
		yearly := &contact.Strategy{Touches: []contact.Touch{{Channel: vipcare.ChannelMail, PerYear: 1}}}
		tasks := c.CadenceTasks("C-1", "R01", yearly, plAsOf, 3660, 0)
		require.Len(t, tasks, 11, "3,660 days from 1 July 2026 to 7 July 2036 of a yearly touch: the years 2026 to 2036, each from its middle day (2 July, or 1 July in a leap year)")
		for k, task := range tasks {
			from := time.Date(2026+k, 1, 1, 0, 0, 0, 0, cst)
			if k == 0 {
				from = day(1)
			}
			assert.Equal(t, from, task.Earliest)
			assert.Equal(t, time.Date(2026+k, 12, 31, 0, 0, 0, 0, cst), task.Due)
		}
		assert.Nil(t, c.CadenceTasks("C-1", "R01", yearly, plAsOf, 3661, 0))
	})

	t.Run("planned in full with ample capacity", func(t *testing.T) {
		s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12},
			{Channel: vipcare.ChannelBranch, PerYear: 6}, {Channel: vipcare.ChannelSecureMessage, PerYear: 24}}}
		tasks := c.CadenceTasks("C-1", "R01", s, plAsOf, 90, 10)
		p, err := c.Schedule(rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 480}},
			Clients: []rm.Client{{ID: "C-1", Role: contact.RM, RM: "R01"}}}, tasks, plAsOf, 90)
		require.NoError(t, err)
		assert.Empty(t, p.Unmet)
		assert.Len(t, p.Scheduled, len(tasks), "every task, some due after the horizon")
		assert.Len(t, tasks, 3+1+6, "the slots whose middle day is in the horizon")
	})

	t.Run("allocations", func(t *testing.T) {
		s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 8},
			{Channel: vipcare.ChannelSecureMessage, PerYear: 6}, {Channel: vipcare.ChannelBranch, PerYear: 2}}}
		n := len(c.CadenceTasks("C00001", "R001", s, plAsOf, 90, 30))
		require.Equal(t, 3, n)
		allocs := testing.AllocsPerRun(100, func() { c.CadenceTasks("C00001", "R001", s, plAsOf, 90, 30) })
		// the tasks, and each task's ID and reason in one string
		assert.LessOrEqual(t, allocs, float64(1+n))
	})
}

// Days are calendar days in the as-of location, on days of 23 or 25 hours
// and on a day whose midnight does not exist (São Paulo, 4 November 2018).
func TestPlanAcrossDST(t *testing.T) {
	c := refCapacity()
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
			b := rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 30, Workdays: everyDay}}}
			var tasks []contact.Task
			for i := range 6 {
				date := time.Date(y, m, d+i, 12, 0, 0, 0, loc)
				tasks = append(tasks, contact.Task{Client: fmt.Sprint(i), Kind: "cadence",
					Channel: vipcare.ChannelPhone, RM: "R01", Priority: 1, Earliest: date, Due: date, Minutes: 30})
			}
			p, err := c.Schedule(withTaskClients(b, tasks), tasks, asOf, 6)
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
				assert.Equal(t, 30, load(p, "R01", s.Date))
			}

			cadence := c.CadenceTasks("C", "R01", &contact.Strategy{Owner: contact.RM,
				Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 365}}}, asOf, 6, 1)
			require.Len(t, cadence, 6)
			for i, task := range cadence {
				want := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				assert.Equal(t, want, task.Earliest.Format(time.DateOnly))
				assert.Equal(t, want, task.Due.Format(time.DateOnly))
			}
		})
	}
}

// TestCadenceTaskIDsAreUnique checks that a client's cadence tasks have
// distinct IDs, even for a strategy that lists one channel twice.
// Property: plans made one after another, a month, a quarter, a year or
// ten days at a time, give the same tasks, with the same IDs and due
// dates, each to be done from its slot's first day or its plan's, and
// exactly PerYear of each touch in every calendar year: no touch is lost
// to rounding a short horizon, none is made twice.
func TestCadenceTasksAddUp(t *testing.T) {
	c := refCapacity()
	s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 1}, {Channel: vipcare.ChannelVisit, PerYear: 2},
		{Channel: vipcare.ChannelPhone, PerYear: 4}, {Channel: vipcare.ChannelVideo, PerYear: 5},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 12}, {Channel: vipcare.ChannelEmail, PerYear: 52},
		{Channel: vipcare.ChannelSMS, PerYear: 365}, {Channel: vipcare.ChannelPhone, PerYear: 7},
	}}
	// plans returns every task's due date by ID, of plans from 2027 to the
	// end of 2028 (the last one's tasks of 2029 left out).
	plans := func(step func(time.Time) time.Time) map[string]string {
		out := map[string]string{}
		for from := time.Date(2027, 1, 1, 0, 0, 0, 0, cst); from.Year() < 2029; from = step(from) {
			days := int(step(from).Sub(from).Hours()/24 + 0.5)
			for _, task := range c.CadenceTasks("C-1", "R01", s, from, days, 10) {
				require.False(t, task.Due.Before(task.Earliest), task.ID)
				require.False(t, task.Earliest.Before(from), "%s: to be done within its plan", task.ID)
				if task.Due.Year() >= 2029 {
					continue
				}
				_, dup := out[task.ID]
				require.False(t, dup, "%s made twice", task.ID)
				out[task.ID] = task.Due.Format(time.DateOnly)
			}
		}
		return out
	}
	monthly := plans(func(t time.Time) time.Time { return t.AddDate(0, 1, 0) })
	assert.Equal(t, monthly, plans(func(t time.Time) time.Time { return t.AddDate(0, 3, 0) }), "quarterly")
	assert.Equal(t, monthly, plans(func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }), "yearly")
	assert.Equal(t, monthly, plans(func(t time.Time) time.Time { return t.AddDate(0, 0, 10) }), "ten days at a time")

	perYear := map[string]int{}
	for id, due := range monthly {
		perYear[strings.Split(id, "/")[0]+" "+due[:4]]++
	}
	for k, touch := range s.Touches {
		key := "cadence." + string(touch.Channel)
		if k == len(s.Touches)-1 {
			key += ".2"
		}
		for _, y := range []string{"2027", "2028"} {
			assert.Equal(t, touch.PerYear, perYear[key+" "+y], "%s in %s", key, y)
		}
	}
}

// Property: planned a month at a time, Monday to Friday with room to
// spare, every cadence task of two years is done within its plan: a slot
// that straddles two plans goes where it has days to be done in.
func TestCadenceTasksPlannedMonthly(t *testing.T) {
	c := refCapacity()
	s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 52}, {Channel: vipcare.ChannelVisit, PerYear: 12},
		{Channel: vipcare.ChannelBranch, PerYear: 4}, {Channel: vipcare.ChannelVideo, PerYear: 1},
	}}
	b := rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 1440}},
		Clients: []rm.Client{{ID: "C-1", Role: contact.RM, RM: "R01"}}}
	planned := 0
	for from := time.Date(2027, 1, 1, 0, 0, 0, 0, cst); from.Year() < 2029; from = from.AddDate(0, 1, 0) {
		days := int(from.AddDate(0, 1, 0).Sub(from).Hours()/24 + 0.5)
		tasks := c.CadenceTasks("C-1", "R01", s, from, days, 10)
		p, err := c.Schedule(b, tasks, from, days)
		require.NoError(t, err)
		require.Empty(t, p.Unmet, "plan of %s", from.Format("2006-01"))
		planned += len(p.Scheduled)
	}
	assert.Equal(t, 2*(52+12+4+1), planned)
}

func TestCadenceTaskIDsAreUnique(t *testing.T) {
	s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 12}, {Channel: vipcare.ChannelEmail, PerYear: 4},
		{Channel: vipcare.ChannelPhone, PerYear: 12},
	}}
	tasks := refCapacity().CadenceTasks("C1", "R1", s, testkit.Day(2026, 7, 1), 365, 10)
	require.Len(t, tasks, 28)
	seen := map[string]bool{}
	for _, task := range tasks {
		assert.False(t, seen[task.ID], "duplicate ID %s", task.ID)
		seen[task.ID] = true
	}
	assert.Equal(t, "cadence.phone/2026-08-01", tasks[0].ID)
	assert.Equal(t, "cadence.phone.2/2026-08-01", tasks[16].ID)
}

// No tie between clients is broken by the content of their IDs: resident
// ID numbers would order clients by region and gender digit. Among tasks
// of equal priority, due date, kind and channel, the first in the input
// gets the minutes, whatever the IDs and the order of the book.
func TestScheduleTiesIgnoreClientIDs(t *testing.T) {
	// Two 30-minute calls, one 30-minute day: only one fits.
	ms := []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 30}}
	oneDay := func(tk contact.Task) contact.Task {
		tk.Earliest, tk.Due = day(1), day(1)
		return tk
	}
	tests := []struct {
		name   string
		first  string // the client of the first task in the input
		second string
	}{
		{"IDs in ascending order", "C-1", "C-2"},
		{"IDs in descending order", "C-2", "C-1"},
		{"female digit first", "110101199003070025", "110101199003070011"},
		{"male digit first", "110101199003070011", "110101199003070025"},
		{"regions reversed", "650101199003070011", "110101199003070011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bookOrder := range [][]string{{tt.first, tt.second}, {tt.second, tt.first}} {
				b := rm.Book{Managers: ms}
				for _, id := range bookOrder {
					b.Clients = append(b.Clients, rm.Client{ID: id, Role: contact.RM})
				}
				in := planIn{asOf: plAsOf, horizon: 1, book: b,
					tasks: []contact.Task{oneDay(task(tt.first, 50)), oneDay(task(tt.second, 50))}}
				p, err := in.schedule(refCapacity())
				require.NoError(t, err)
				require.Len(t, p.Scheduled, 1)
				require.Len(t, p.Unmet, 1)
				assert.Equal(t, tt.first, p.Scheduled[0].Task.Client, "the first task in the input, book %v", bookOrder)
				assert.Equal(t, rm.CodeNoCapacity, p.Unmet[0].Code)
			}
		})
	}
}
