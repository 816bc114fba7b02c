package rm

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Plan is a dated plan of contact work per manager over a horizon, and the
// work that did not fit, made by [Capacity.Schedule]. It is plain data
// owned by the caller.
type Plan struct {
	// AsOf and HorizonDays are those given to Schedule.
	AsOf        time.Time `json:"as_of"`
	HorizonDays int       `json:"horizon_days"`
	// Scheduled are the planned tasks, ordered by RM, then date, then the
	// order the planner considered them: priority (higher first), earlier
	// due date, kind, channel, then their order in the input.
	Scheduled []Scheduled `json:"scheduled"`
	// Unmet are the tasks that could not be scheduled, by RM: first the
	// managers of the book, in the order of their IDs, then the tasks
	// whose RM is no manager (by RM, no RM first); each RM's in the order
	// the planner considered them.
	Unmet []Unmet `json:"unmet"`
}

// Scheduled is a task with the date it is planned for.
type Scheduled struct {
	Task contact.Task `json:"task"`
	// Date is the start of the planned calendar day in the location of
	// the plan's as-of date.
	Date time.Time `json:"date"`
}

// Unmet is a task the planner could not schedule, and why.
type Unmet struct {
	Task contact.Task `json:"task"`
	// Code is contact.CodeDoNotContact, contact.CodeNoChannel,
	// [CodeWindowClosed], [CodeAfterHorizon], [CodeNoManager] or
	// [CodeNoCapacity].
	Code vipcare.Code `json:"code"`
	// Reason says why in words, with the dates, minutes and RM involved
	// and without client identifiers or amounts, e.g. "no working day of
	// R01 from 2026-07-01 to 2026-07-10 has 45 minutes free".
	Reason string `json:"reason"`
}

// Schedule plans tasks over horizonDays calendar days from asOf (the as-of
// date included): each manager's dated tasks, and the tasks that could not
// be scheduled with the reason. A task is done by the manager its RM names;
// the manager's calendar is its Workdays, Holidays and MinutesPerDay (see
// [Manager]). The clients' preferences come from the book, by
// contact.Task's Client: every task's client must be in it (see below). A
// zero Earliest means the as-of date; a zero Due means the
// horizon's last day.
//
// For each manager (tasks of different managers never compete for a day)
// the planner takes the tasks highest priority first; among equal
// priorities the one due earlier first, then by kind, channel and their
// order in the input. No tie is broken by the client: the content of a
// client's ID may carry personal data (a resident ID number orders by
// region and gender digit), and the plan does not depend on the order of
// the book either. Each task goes to the earliest working day of
// its manager within its window (from its Earliest date, or the as-of date
// if later, to its Due date, or the horizon's last day if earlier) that
// still has the minutes the task takes.
//
// Then the planner repairs what did not fit: each task that found no such
// day, in the same order, goes to the earliest day of its window that has
// the minutes now, or else to the earliest working day d of its window
// where moving one task already planned on d (of any priority) to another
// working day of that task's own window with the minutes free leaves
// enough on d; of the tasks on d that could move, the one whose new day is
// earliest moves (among equals, the one considered first). With 30
// minutes a day, for example, a task of priority 90 due in four days first
// takes Monday; a task of priority 70 due on Monday then gets Monday, and
// the first moves to Tuesday. A move that leaves d with more minutes than
// before can make room for a task tried earlier, so the manager's tasks
// still unmet are tried again until a round makes no such move. The repair
// never unschedules a task: priority still decides who gets the minutes
// when not all tasks can have them. It costs, per task tried, a look at
// the days of its window and the tasks planned on each.
//
// A task is unmet, with its code, if the client asked not to be contacted
// (contact.CodeDoNotContact), if the client does not consent to its
// channel (contact.CodeNoChannel), if it was due before the as-of date
// ([CodeWindowClosed]), if it may not start before the horizon ends
// ([CodeAfterHorizon]), if its RM is "" or no manager of the book
// ([CodeNoManager]), or if capacity does not allow it ([CodeNoCapacity]).
// So no working day of a manager is ever given more than its minutes, no
// task is planned or moved outside its window, the horizon or its
// manager's working days, no client gets a channel it did not consent to,
// and in the plan returned, for every task unmet with [CodeNoCapacity] and
// every working day of its window: the day does not have the minutes it
// takes left, and no single task planned on that day could move to another
// working day of its own window (within the horizon) with room for it and
// leave the day enough. That is not an optimum: a deadline that only a
// chain of two or more moves would meet can still be missed. Dates are
// calendar dates in the location of asOf.
//
// A book with problems is an error, as for [Capacity.Report], and so are a
// task for a client who is not in the book, whose consent is unknown
// (policy.ErrUnknown at "/tasks/7/client"), a task given twice (the same
// client and ID, not empty: policy.ErrDuplicate at "/tasks/7/id", the
// second), a task with negative minutes (policy.ErrOutOfRange at
// "/tasks/7/minutes"), a channel that does not exist (policy.ErrUnknown at
// "/tasks/7/channel", with the channels as choices), a task due before its
// earliest date (policy.ErrOrder at "/tasks/7/due"), a zero asOf
// (policy.ErrMissing at "/as_of") and a horizon outside 1 to 3,660 days
// (policy.ErrOutOfRange at "/horizon_days"); every problem is reported at
// once, naming a task by its kind, never its client.
//
// The plan is the same for the same input, whatever the order of the
// managers or the number of runs, and nothing passed in is changed.
func (c *Capacity) Schedule(b Book, tasks []contact.Task, asOf time.Time, horizonDays int) (Plan, error) {
	var ps policy.Problems
	x := check(&ps, &b)
	loc := asOf.Location()
	first := civil.Day(asOf, loc)
	horizon := horizonDays
	if horizon < 1 || horizon > maxHorizonDays {
		horizon = 1 // keep checking the rest
	}
	items := planItems(&ps, tasks, &x, first, first+int64(horizon)-1, loc)
	if asOf.IsZero() {
		ps.Add("/as_of", "", policy.ErrMissing)
	}
	if horizon != horizonDays {
		ps.Add("/horizon_days", "", policy.ErrOutOfRange)
	}
	if err := ps.Err(); err != nil {
		return Plan{}, err
	}
	for i := range items {
		it := &items[i]
		it.code = triage(it, tasks[i].Channel, &b.Clients[it.client].Contact, first, first+int64(horizon)-1)
	}

	perDay := make([]int32, len(b.Managers))
	for j := range b.Managers {
		perDay[j] = int32(c.dayMinutes(&b.Managers[j]))
	}
	days := newDayIndex(b.Managers, perDay, first, horizon, loc)
	items, order := days.group(items, tasks)
	dayOf, missed := days.schedule(items, order)
	var unmet []Unmet
	if len(missed) > 0 {
		unmet = make([]Unmet, len(missed))
		for k, i := range missed {
			t := &tasks[items[i].idx]
			unmet[k] = days.unmet(&items[i], t, &b.Clients[items[i].client].Contact)
		}
	}
	return Plan{
		AsOf:        asOf,
		HorizonDays: horizonDays,
		Scheduled:   days.order(order, dayOf, items, tasks),
		Unmet:       unmet,
	}, nil
}

// Codes of an item, before and after scheduling; 0 means none yet.
const (
	codeDoNotContact = iota + 1
	codeNoChannel
	codeWindowClosed
	codeAfterHorizon
	codeNoManager
	codeNoCapacity
)

// planItem is a task as the planner sees it: its sort keys, window and
// manager, computed once.
type planItem struct {
	prio     int
	earliest int64 // day numbers, defaults applied
	due      int64
	client   int32 // the client's position in the book
	kind     string
	minutes  int32
	rm       int32 // index into the managers, -1 for none
	idx      int32 // index into the tasks
	chIdx    int8  // the channel's position among vipcare's channels, -1 for none
	code     uint8 // why it cannot be scheduled, 0 if it can (yet)
}

// planItems returns the tasks as items, adding a problem to ps for each
// task with negative minutes, a channel that does not exist or a due date
// before its earliest date. first and last are the horizon's days.
func planItems(ps *policy.Problems, tasks []contact.Task, x *bookIndex, first, last int64,
	loc *time.Location) []planItem {
	items := make([]planItem, len(tasks))
	type key struct {
		client int32
		id     string
	}
	seen := make(map[key]bool, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		it := &items[i]
		it.idx = int32(i)
		it.prio = t.Priority
		it.kind = t.Kind
		it.chIdx = int8(t.Channel.Index())
		it.rm = -1
		if k, ok := x.managers[t.RM]; ok {
			it.rm = k
		}
		it.minutes = int32(min(t.Minutes, 1<<30))
		it.earliest, it.due = first, last
		if !t.Earliest.IsZero() {
			it.earliest = civil.Day(t.Earliest, loc)
		}
		if !t.Due.IsZero() {
			it.due = civil.Day(t.Due, loc)
		}
		path := func(field string) string { return "/tasks/" + strconv.Itoa(i) + "/" + field } // for a problem only
		if at, ok := x.clients[t.Client]; ok {
			it.client = at
			// A client and an ID identify a task: given twice, it would be
			// done twice. A task with no ID is not identified.
			if k := (key{at, t.ID}); t.ID != "" && seen[k] {
				ps.Add(path("id"), t.Kind, policy.ErrDuplicate)
			} else if t.ID != "" {
				seen[k] = true
			}
		} else { // its preferences are unknown: never contact blindly
			ps.Add(path("client"), t.Kind, policy.ErrUnknown)
		}
		if t.Minutes < 0 {
			ps.Add(path("minutes"), t.Kind, policy.ErrOutOfRange)
		}
		if it.chIdx < 0 {
			*ps = append(*ps, policy.Problem{Path: path("channel"), Name: t.Kind, // not the value: a task is client data
				Err: policy.ErrUnknown, Choices: textfmt.Strings(vipcare.Channels())})
		}
		if it.due < it.earliest && !t.Earliest.IsZero() && !t.Due.IsZero() {
			ps.Add(path("due"), t.Kind, policy.ErrOrder)
		}
	}
	return items
}

// triage returns the code of an item on channel ch that cannot be scheduled
// whatever the capacity, in the order the planner checks them, or 0.
func triage(it *planItem, ch vipcare.Channel, p *vipcare.Preferences, first, last int64) uint8 {
	switch {
	case p.DoNotContact:
		return codeDoNotContact
	case !p.Allows(ch):
		return codeNoChannel
	case it.due < first:
		return codeWindowClosed
	case it.earliest > last:
		return codeAfterHorizon
	case it.rm < 0:
		return codeNoManager
	}
	return 0
}

// considered orders items as the planner considers them: priority (higher
// first), due date, kind, channel (in the order of vipcare's channel
// constants, branch to mail), then their order in the input: never the
// client, whose ID may carry personal data.
func considered(a, b *planItem) int {
	switch {
	case a.prio != b.prio:
		return cmp.Compare(b.prio, a.prio)
	case a.due != b.due:
		return cmp.Compare(a.due, b.due)
	}
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	if a.chIdx != b.chIdx {
		return cmp.Compare(a.chIdx, b.chIdx)
	}
	return cmp.Compare(a.idx, b.idx)
}

// For returns the tasks scheduled for rm, ordered by date: a sub-slice of
// p.Scheduled, sharing its array.
func (p Plan) For(rm string) []Scheduled {
	lo, _ := slices.BinarySearchFunc(p.Scheduled, rm, func(s Scheduled, rm string) int {
		return strings.Compare(s.Task.RM, rm)
	})
	hi := lo
	for hi < len(p.Scheduled) && p.Scheduled[hi].Task.RM == rm {
		hi++
	}
	return p.Scheduled[lo:hi:hi]
}

// String returns a summary of the plan without client identifiers: the
// horizon and totals, then per RM (every RM with a task, scheduled or not)
// the tasks scheduled, their minutes and the tasks unmet, then the unmet
// tasks by code. Unmet tasks with no RM count under "-".
func (p Plan) String() string {
	type row struct{ tasks, minutes, unmet int }
	rows := map[string]*row{}
	get := func(rm string) *row {
		if rm == "" {
			rm = "-"
		}
		r := rows[rm]
		if r == nil {
			r = &row{}
			rows[rm] = r
		}
		return r
	}
	minutes := 0
	for i := range p.Scheduled {
		r := get(p.Scheduled[i].Task.RM)
		r.tasks++
		r.minutes += p.Scheduled[i].Task.Minutes
		minutes += p.Scheduled[i].Task.Minutes
	}
	codes := map[vipcare.Code]int{}
	for i := range p.Unmet {
		get(p.Unmet[i].Task.RM).unmet++
		codes[p.Unmet[i].Code]++
	}

	var sb strings.Builder
	sb.WriteString("plan from " + p.AsOf.Format(time.DateOnly) + " for " + textfmt.Count(p.HorizonDays, "day", "days") + ": " +
		textfmt.Count(len(p.Scheduled), "task", "tasks") + " scheduled (" + textfmt.Count(minutes, "minute", "minutes") + "), " +
		strconv.Itoa(len(p.Unmet)) + " unmet\n")
	rms := make([]string, 0, len(rows))
	for rm := range rows {
		rms = append(rms, rm)
	}
	slices.Sort(rms)
	table := [][]string{{"rm", "scheduled", "minutes", "unmet"}}
	for _, rm := range rms {
		r := rows[rm]
		table = append(table, []string{rm, strconv.Itoa(r.tasks), strconv.Itoa(r.minutes), strconv.Itoa(r.unmet)})
	}
	sb.WriteString(textfmt.Table(table, textfmt.FirstLeft))
	if len(codes) > 0 {
		names := make([]vipcare.Code, 0, len(codes))
		for c := range codes {
			names = append(names, c)
		}
		slices.Sort(names)
		sb.WriteString("unmet:")
		for i, c := range names {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(" " + string(c) + " " + strconv.Itoa(codes[c]))
		}
		sb.WriteByte('\n')
	}
	return strings.TrimSuffix(sb.String(), "\n")
}
