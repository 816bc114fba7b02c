package contact

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vipcare/vipcare"
)

// KindCadence is the [Task.Kind] of the tasks [CadenceTasks] makes.
const KindCadence = "cadence"

// MaxHorizonDays is the longest horizon [NewPlan] plans over, and
// [CadenceTasks] spreads touches over: about ten years.
const MaxHorizonDays = 3660

// Codes of an [Unmet] task: why the planner could not schedule it, in the
// order the planner checks them.
const (
	// UnmetDoNotContact: the client asked not to be contacted.
	UnmetDoNotContact = "do_not_contact"
	// UnmetNotConsented: the client does not consent to the task's
	// channel (for a discreet client, the channel is not discreet).
	UnmetNotConsented = "not_consented"
	// UnmetWindowClosed: the task was due before the as-of date.
	UnmetWindowClosed = "window_closed"
	// UnmetAfterHorizon: the task's earliest date is after the horizon's
	// last day; a later plan will take it.
	UnmetAfterHorizon = "after_horizon"
	// UnmetNoCalendar: the task has no RM, or its RM has no calendar.
	UnmetNoCalendar = "no_calendar"
	// UnmetNoCapacity: when the task's turn came, no working day of its
	// RM's calendar in its window (cut at the horizon's last day) had the
	// minutes it takes left; or its window holds no working day; or it
	// takes more minutes than a working day has.
	UnmetNoCapacity = "no_capacity"
)

// Calendar is when a relationship manager (or a queue, such as the digital
// team's) can do contact work: the working days and the minutes of each.
type Calendar struct {
	// RM identifies the relationship manager, as [Task.RM] does. It must
	// not be empty, and each calendar of a plan needs its own.
	RM string `json:"rm"`
	// Workdays are the days of the week the RM works; empty means Monday
	// to Friday.
	Workdays []time.Weekday `json:"workdays,omitempty"`
	// Holidays are the dates the RM does not work (public holidays,
	// leave, training), as calendar dates in the location of the plan's
	// as-of date: a holiday is the date [vipcare.DayNumber] gives it in
	// that location. Dates outside the horizon are ignored.
	Holidays []time.Time `json:"holidays,omitempty"`
	// MinutesPerDay are the minutes of contact work the RM really has on
	// a working day, after administration: 0 to 1,440.
	MinutesPerDay int `json:"minutes_per_day"`
}

// PlanInput is what [NewPlan] plans: the tasks, the calendars of the RMs
// who do them, the clients' preferences and the horizon.
type PlanInput struct {
	// AsOf is the plan's first day; its location is the location of every
	// date of the plan. It must not be zero.
	AsOf time.Time `json:"as_of"`
	// HorizonDays is how many calendar days the plan covers, the as-of
	// date included: 1 to [MaxHorizonDays].
	HorizonDays int `json:"horizon_days"`
	// Calendars are the RMs' calendars, one per RM.
	Calendars []Calendar `json:"calendars"`
	// Tasks are the tasks to plan, cadence ([CadenceTasks]) and trigger
	// ([Triggers.Tasks]) alike, each with its RM set. Minutes must not be
	// negative, the channel must be valid, and Due must not be before
	// Earliest. A zero Earliest means the as-of date; a zero Due means the
	// horizon's last day.
	Tasks []Task `json:"tasks"`
	// Preferences are the clients' contact preferences, by [Task.Client].
	// The planner checks them itself, whatever made the tasks: a client
	// who asked not to be contacted gets no task, and a task goes only
	// through a channel the client allows ([vipcare.Preferences.Allows]).
	// A client with no entry (or a nil one) has the zero Preferences: any
	// channel.
	Preferences map[string]*vipcare.Preferences `json:"-"`
}

// Scheduled is a task with the date it is planned for.
type Scheduled struct {
	Task Task `json:"task"`
	// Date is the start of the planned calendar day in the location of
	// the plan's as-of date.
	Date time.Time `json:"date"`
}

// Unmet is a task the planner could not schedule, and why.
type Unmet struct {
	Task Task `json:"task"`
	// Code is one of the Unmet... codes, e.g. [UnmetNoCapacity].
	Code string `json:"code"`
	// Reason says why in words, with the dates, minutes and RM involved
	// and without client identifiers or amounts, e.g. "no working day of
	// R01 from 2026-07-01 to 2026-07-10 has 45 minutes free".
	Reason string `json:"reason"`
}

// Plan is a dated plan of contact work per RM over a horizon, and the work
// that did not fit. Make one with [NewPlan].
type Plan struct {
	// AsOf and HorizonDays are those of the input.
	AsOf        time.Time `json:"as_of"`
	HorizonDays int       `json:"horizon_days"`
	// Scheduled are the planned tasks, ordered by RM, then date, then the
	// order the planner considered them: priority (higher first), earlier
	// due date, client, kind, channel, then their order in the input.
	Scheduled []Scheduled `json:"scheduled"`
	// Unmet are the tasks that could not be scheduled, by RM: first the
	// RMs with a calendar, in order, then the tasks whose RM has none (by
	// RM, no RM first); each RM's in the order the planner considered
	// them.
	Unmet []Unmet `json:"unmet"`
}

// NewPlan plans in.Tasks over the horizon: each RM's dated tasks, and the
// tasks that could not be scheduled with the reason.
//
// For each RM (tasks of different RMs never compete for a day) the planner
// takes the tasks highest priority first; among equal priorities the one
// due earlier first, then by client, kind, channel and their order in the
// input. Each task goes to the earliest working day of its RM's calendar
// within its window (from its Earliest date, or the as-of date if later,
// to its Due date, or the horizon's last day if earlier) that still has
// the minutes the task takes. A task is unmet, with its code, if the
// client asked not to be contacted, if the client does not consent to its
// channel, if it was due before the as-of date, if it may not start before
// the horizon ends, if its RM has no calendar, or if no working day in its
// window has the minutes left when its turn comes. So no day of a calendar
// is ever given more than its MinutesPerDay, no client gets a channel it
// did not consent to, and a task misses its deadline only when the tasks
// taken before it filled every working day of its window. The placement is
// greedy, not an optimum: a task of lower priority with a narrow window
// can miss a day that a task of higher priority with a wide window took,
// although that task would have fitted on a later day. Dates are calendar
// dates in the location of in.AsOf.
//
// The plan is the same for the same input, whatever the order of map
// iteration or the number of runs, and nothing in the input is changed.
// NewPlan is safe for concurrent use.
//
// NewPlan reports every problem with the input at once as [*Error] values:
// a zero AsOf ([ErrEmpty], Path "as_of"); a horizon out of range
// ([ErrSetting], "horizon_days"); a calendar with an empty or repeated RM
// ([ErrName], "calendars[2].rm"), minutes per day out of range
// ([ErrSetting], "calendars[2].minutes_per_day") or a weekday that does not
// exist ([ErrSetting], "calendars[2].workdays[0]"); a task with negative
// minutes ([ErrSetting], "tasks[7].minutes"), an invalid channel
// ([ErrUnknown], "tasks[7].channel") or due before its earliest date
// ([ErrSetting], "tasks[7].due"). A task error names the task's kind, never
// its client.
func NewPlan(in PlanInput) (Plan, error) {
	var errs []error
	fail := func(path, name string, err error) {
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	if in.AsOf.IsZero() {
		fail("as_of", "", ErrEmpty)
	}
	horizon := in.HorizonDays
	if horizon < 1 || horizon > MaxHorizonDays {
		fail("horizon_days", "", ErrSetting)
		horizon = 1 // keep checking the rest
	}
	loc := in.AsOf.Location()
	first := vipcare.DayNumber(in.AsOf, loc)
	last := first + int64(horizon) - 1

	rmIndex := make(map[string]int32, len(in.Calendars))
	for i := range in.Calendars {
		c := &in.Calendars[i]
		path := "calendars[" + strconv.Itoa(i) + "]"
		if _, dup := rmIndex[c.RM]; c.RM == "" || dup {
			fail(path+".rm", c.RM, ErrName)
		} else {
			rmIndex[c.RM] = int32(i)
		}
		if c.MinutesPerDay < 0 || c.MinutesPerDay > 24*60 {
			fail(path+".minutes_per_day", c.RM, ErrSetting)
		}
		for j, w := range c.Workdays {
			if w < time.Sunday || w > time.Saturday {
				fail(path+".workdays["+strconv.Itoa(j)+"]", c.RM, ErrSetting)
			}
		}
	}

	items := make([]planItem, len(in.Tasks))
	var none vipcare.Preferences
	for i := range in.Tasks {
		t := &in.Tasks[i]
		it := &items[i]
		it.idx = int32(i)
		it.prio = t.Priority
		it.client, it.kind, it.channel = t.Client, t.Kind, t.Channel
		it.rm = -1
		if k, ok := rmIndex[t.RM]; ok {
			it.rm = k
		}
		it.minutes = int32(min(t.Minutes, 1<<30))
		it.earliest, it.due = first, last
		if !t.Earliest.IsZero() {
			it.earliest = vipcare.DayNumber(t.Earliest, loc)
		}
		if !t.Due.IsZero() {
			it.due = vipcare.DayNumber(t.Due, loc)
		}
		bad := false
		if t.Minutes < 0 {
			fail("tasks["+strconv.Itoa(i)+"].minutes", t.Kind, ErrSetting)
			bad = true
		}
		if !t.Channel.IsValid() {
			fail("tasks["+strconv.Itoa(i)+"].channel", t.Kind, ErrUnknown)
			bad = true
		}
		if it.due < it.earliest && !t.Earliest.IsZero() && !t.Due.IsZero() {
			fail("tasks["+strconv.Itoa(i)+"].due", t.Kind, ErrSetting)
			bad = true
		}
		if bad || len(errs) > 0 {
			continue // the plan will not be made
		}
		p := in.Preferences[t.Client]
		if p == nil {
			p = &none
		}
		switch {
		case p.DoNotContact:
			it.code = codeDoNotContact
		case !p.Allows(t.Channel):
			it.code = codeNotConsented
		case it.due < first:
			it.code = codeWindowClosed
		case it.earliest > last:
			it.code = codeAfterHorizon
		case it.rm < 0:
			it.code = codeNoCalendar
		}
	}
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}

	tasks := in.Tasks
	days := newDayIndex(in.Calendars, first, horizon, loc)
	items, order := days.group(items, tasks)
	placed := make([]placement, 0, len(items))
	var missed []int32 // indexes into items
	for _, i := range order {
		it := &items[i]
		if it.code == 0 {
			lo := int(max(it.earliest, first) - first)
			hi := int(min(it.due, last) - first)
			if d := days.take(int(it.rm), lo, hi, it.minutes); d >= 0 {
				placed = append(placed, placement{item: i, day: int32(d)})
				continue
			}
			it.code = codeNoCapacity
		}
		missed = append(missed, i)
	}
	var unmet []Unmet
	if len(missed) > 0 {
		unmet = make([]Unmet, len(missed))
		for j, i := range missed {
			t := &tasks[items[i].idx]
			unmet[j] = days.unmet(&items[i], t, in.Preferences[t.Client], &in)
		}
	}
	return Plan{
		AsOf:        in.AsOf,
		HorizonDays: in.HorizonDays,
		Scheduled:   days.order(placed, items, tasks),
		Unmet:       unmet,
	}, nil
}

// Codes of an item, before and after scheduling; 0 means none yet.
const (
	codeDoNotContact = iota + 1
	codeNotConsented
	codeWindowClosed
	codeAfterHorizon
	codeNoCalendar
	codeNoCapacity
)

// planItem is a task as the planner sees it: its sort keys, window and
// calendar, computed once.
type planItem struct {
	prio     int
	earliest int64 // day numbers, defaults applied
	due      int64
	client   string
	kind     string
	minutes  int32
	rm       int32 // index into the calendars, -1 for none
	idx      int32 // index into the tasks
	channel  vipcare.Channel
	code     uint8 // why it cannot be scheduled, 0 if it can (yet)
}

// considered orders items as the planner considers them: priority (higher
// first), due date, client, kind, channel, then their order in the input.
func considered(a, b *planItem) int {
	switch {
	case a.prio != b.prio:
		return cmp.Compare(b.prio, a.prio)
	case a.due != b.due:
		return cmp.Compare(a.due, b.due)
	}
	if c := strings.Compare(a.client, b.client); c != 0 {
		return c
	}
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	if a.channel != b.channel {
		return cmp.Compare(a.channel, b.channel)
	}
	return cmp.Compare(a.idx, b.idx)
}

// placement is a scheduled item: its index in the grouped items and its
// day in the horizon.
type placement struct {
	item, day int32
}

// dayIndex holds, for every calendar, the minutes each day of the horizon
// has left, as the leaves of a max segment tree so that the first day of a
// window with room for a task is found in O(log days). A day the RM does
// not work has -1 minutes, so that not even a task of 0 minutes fits.
type dayIndex struct {
	cals    []Calendar
	horizon int
	size    int         // leaves per tree: a power of two >= horizon
	tree    []int32     // per calendar, 2*size nodes; node 1 is the root
	working []int32     // per calendar, horizon+1 prefix counts of working days
	rank    []int32     // per calendar, its rank in the order of RMs
	dates   []time.Time // the start of each day of the horizon
	iso     []string    // each day of the horizon as "2006-01-02", once needed
	first   int64
}

func newDayIndex(cals []Calendar, first int64, horizon int, loc *time.Location) *dayIndex {
	size := 1
	for size < horizon {
		size <<= 1
	}
	x := &dayIndex{
		cals:    cals,
		horizon: horizon,
		size:    size,
		tree:    make([]int32, len(cals)*2*size),
		working: make([]int32, len(cals)*(horizon+1)),
		rank:    make([]int32, len(cals)),
		dates:   make([]time.Time, horizon),
		iso:     make([]string, horizon),
		first:   first,
	}
	byRM := make([]int32, len(cals))
	for k := range byRM {
		byRM[k] = int32(k)
	}
	slices.SortFunc(byRM, func(a, b int32) int { return strings.Compare(cals[a].RM, cals[b].RM) })
	for r, k := range byRM {
		x.rank[k] = int32(r)
	}
	for d := range x.dates {
		x.dates[d] = dayStart(first+int64(d), loc)
	}
	for k := range cals {
		c := &cals[k]
		var week uint8 // bit w set: works on weekday w
		if len(c.Workdays) == 0 {
			week = 0b0111110 // Monday to Friday
		}
		for _, w := range c.Workdays {
			week |= 1 << uint(w)
		}
		t := x.tree[k*2*size : (k+1)*2*size]
		leaves := t[size:]
		for d := range leaves {
			leaves[d] = -1
			if d < horizon && week&(1<<weekday(first+int64(d))) != 0 {
				leaves[d] = int32(c.MinutesPerDay)
			}
		}
		for _, h := range c.Holidays {
			if d := vipcare.DayNumber(h, loc) - first; d >= 0 && d < int64(horizon) {
				leaves[d] = -1
			}
		}
		w := x.working[k*(horizon+1) : (k+1)*(horizon+1)]
		for d := 0; d < horizon; d++ {
			w[d+1] = w[d]
			if leaves[d] >= 0 {
				w[d+1]++
			}
		}
		for n := size - 1; n >= 1; n-- {
			t[n] = max(t[2*n], t[2*n+1])
		}
	}
	return x
}

// group returns the items grouped by RM (the calendars in the order of
// their RMs, then the tasks of RMs with no calendar), and the order the
// planner takes them in: by RM, then in the order considered. Tasks of different RMs never
// compete for a day, so a counting sort by RM and a sort of each RM's
// tasks do what one sort of all would, with fewer comparisons.
func (x *dayIndex) group(items []planItem, tasks []Task) (grouped []planItem, order []int32) {
	n := len(x.cals) // the group of tasks with no calendar
	group := func(it *planItem) int {
		if it.rm < 0 {
			return n
		}
		return int(x.rank[it.rm])
	}
	start := make([]int, n+2)
	for i := range items {
		start[group(&items[i])+1]++
	}
	for g := 1; g < len(start); g++ {
		start[g] += start[g-1]
	}
	out := make([]planItem, len(items))
	next := slices.Clone(start)
	for i := range items {
		g := group(&items[i])
		out[next[g]] = items[i]
		next[g]++
	}
	// Sort indexes rather than the items: moving no pointers, the sort
	// needs no write barriers.
	order = make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	for g := 0; g < n; g++ {
		slices.SortFunc(order[start[g]:start[g+1]], func(a, b int32) int { return considered(&out[a], &out[b]) })
	}
	slices.SortFunc(order[start[n]:], func(a, b int32) int {
		if c := strings.Compare(tasks[out[a].idx].RM, tasks[out[b].idx].RM); c != 0 {
			return c
		}
		return considered(&out[a], &out[b])
	})
	return out, order
}

// day returns day number n as "2006-01-02", formatting each day of the
// horizon once.
func (x *dayIndex) day(n int64) string {
	d := n - x.first
	if d < 0 || d >= int64(x.horizon) {
		return isoDay(n)
	}
	if x.iso[d] == "" {
		x.iso[d] = isoDay(n)
	}
	return x.iso[d]
}

// dayStart returns the first instant of calendar day n (days since
// 1970-01-01) in loc: midnight, or, where a clock change skips midnight,
// the instant the day begins (time.Date would give the hour before it, on
// the day before).
func dayStart(n int64, loc *time.Location) time.Time {
	y, m, d := time.Unix(n*86400, 0).UTC().Date()
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != d {
		_, t = t.ZoneBounds() // the end of the zone period before the change
	}
	return t
}

// weekday returns the day of the week of day number n (1970-01-01 was a
// Thursday).
func weekday(n int64) time.Weekday {
	return time.Weekday(((n+4)%7 + 7) % 7)
}

// take gives need minutes of the first day in [lo, hi] of calendar k with
// that much left and returns the day, or -1 if none has.
func (x *dayIndex) take(k, lo, hi int, need int32) int {
	t := x.tree[k*2*x.size : (k+1)*2*x.size]
	d := firstFit(t, 1, 0, x.size-1, lo, hi, need)
	if d < 0 {
		return -1
	}
	n := x.size + d
	t[n] -= need
	for n >>= 1; n >= 1; n >>= 1 {
		t[n] = max(t[2*n], t[2*n+1])
	}
	return d
}

// firstFit returns the first leaf in [lo, hi] under node (which spans
// [nl, nr]) whose value is at least need, or -1.
func firstFit(t []int32, node, nl, nr, lo, hi int, need int32) int {
	if nr < lo || nl > hi || t[node] < need {
		return -1
	}
	if nl == nr {
		return nl
	}
	mid := (nl + nr) / 2
	if d := firstFit(t, 2*node, nl, mid, lo, hi, need); d >= 0 {
		return d
	}
	return firstFit(t, 2*node+1, mid+1, nr, lo, hi, need)
}

// unmet says why the item it, the task t, was not scheduled.
func (x *dayIndex) unmet(it *planItem, t *Task, p *vipcare.Preferences, in *PlanInput) Unmet {
	first, last := x.first, x.first+int64(x.horizon)-1
	u := Unmet{Task: *t}
	switch it.code {
	case codeDoNotContact:
		u.Code, u.Reason = UnmetDoNotContact, "the client asked not to be contacted"
	case codeNotConsented:
		u.Code = UnmetNotConsented
		if p != nil && p.Discreet && !t.Channel.IsDiscreet() {
			u.Reason = t.Channel.String() + " is not a discreet channel, and the client asked for discretion"
		} else {
			u.Reason = "the client does not consent to contact by " + t.Channel.String()
		}
	case codeWindowClosed:
		u.Code, u.Reason = UnmetWindowClosed, "due on "+x.day(it.due)+", before the as-of date "+x.day(first)
	case codeAfterHorizon:
		u.Code = UnmetAfterHorizon
		u.Reason = "not before " + x.day(it.earliest) + ", after the horizon's last day " + x.day(last)
	case codeNoCalendar:
		u.Code = UnmetNoCalendar
		if t.RM == "" {
			u.Reason = "the task has no RM"
		} else {
			u.Reason = "no calendar for RM " + strconv.Quote(t.RM)
		}
	case codeNoCapacity:
		u.Code = UnmetNoCapacity
		c := &in.Calendars[it.rm]
		lo, hi := max(it.earliest, first), min(it.due, last)
		w := x.working[int(it.rm)*(x.horizon+1):]
		window := " from " + x.day(lo) + " to " + x.day(hi)
		switch {
		case w[hi-first+1] == w[lo-first]:
			u.Reason = c.RM + " has no working day" + window
		case t.Minutes > c.MinutesPerDay:
			u.Reason = "takes " + strconv.Itoa(t.Minutes) + " minutes, more than the " +
				strconv.Itoa(c.MinutesPerDay) + " of a working day of " + c.RM
		default:
			u.Reason = "no working day of " + c.RM + window + " has " + strconv.Itoa(t.Minutes) + " minutes free"
		}
		if it.due > last {
			u.Reason += " (the horizon ends before the due date " + x.day(it.due) + ")"
		}
	}
	return u
}

// order returns the placements as Scheduled values ordered by RM, date and
// then the order they were placed in: a counting sort on (RM rank, day),
// stable, so no comparisons.
func (x *dayIndex) order(placed []placement, items []planItem, tasks []Task) []Scheduled {
	if len(placed) == 0 {
		return nil
	}
	start := make([]int32, len(x.cals)*x.horizon+1)
	bucket := func(p placement) int { return int(x.rank[items[p.item].rm])*x.horizon + int(p.day) }
	for _, p := range placed {
		start[bucket(p)+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	out := make([]Scheduled, len(placed))
	for _, p := range placed {
		b := bucket(p)
		out[start[b]] = Scheduled{Task: tasks[items[p.item].idx], Date: x.dates[p.day]}
		start[b]++
	}
	return out
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

// Load returns the minutes scheduled for rm on the calendar date of date
// in the location of the plan's as-of date.
func (p Plan) Load(rm string, date time.Time) int {
	loc := p.AsOf.Location()
	day := vipcare.DayNumber(date, loc)
	total := 0
	for _, s := range p.For(rm) {
		if vipcare.DayNumber(s.Date, loc) == day {
			total += s.Task.Minutes
		}
	}
	return total
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
	codes := map[string]int{}
	for i := range p.Unmet {
		get(p.Unmet[i].Task.RM).unmet++
		codes[p.Unmet[i].Code]++
	}

	var sb strings.Builder
	sb.WriteString("plan from " + p.AsOf.Format(time.DateOnly) + " for " + dayCount(p.HorizonDays) + ": " +
		strconv.Itoa(len(p.Scheduled)) + " tasks scheduled (" + strconv.Itoa(minutes) + " minutes), " +
		strconv.Itoa(len(p.Unmet)) + " unmet\n")
	rms := make([]string, 0, len(rows))
	for rm := range rows {
		rms = append(rms, rm)
	}
	slices.Sort(rms)
	// The RM column reads left-aligned, the numbers right-aligned.
	table := [][]string{{"rm", "scheduled", "minutes", "unmet"}}
	for _, rm := range rms {
		r := rows[rm]
		table = append(table, []string{rm, strconv.Itoa(r.tasks), strconv.Itoa(r.minutes), strconv.Itoa(r.unmet)})
	}
	widths := make([]int, 4)
	for _, row := range table {
		for c, cell := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range table {
		line := row[0] + strings.Repeat(" ", widths[0]-utf8.RuneCountInString(row[0]))
		for c, cell := range row[1:] {
			line += strings.Repeat(" ", 2+widths[c+1]-len(cell)) + cell
		}
		sb.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if len(codes) > 0 {
		names := make([]string, 0, len(codes))
		for c := range codes {
			names = append(names, c)
		}
		slices.Sort(names)
		sb.WriteString("unmet:")
		for i, c := range names {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(" " + c + " " + strconv.Itoa(codes[c]))
		}
		sb.WriteByte('\n')
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// CadenceTasks spreads the yearly touches of strategy s over a horizon of
// horizonDays days from asOf, for one client served by rm: each touch gets
// PerYear x horizonDays / 365 tasks, rounded to the nearest whole number
// (half up, though whole days never give a half), and at most one a day. The horizon is cut into that many windows of equal length
// (to a day: window k runs from day k x horizonDays / n to day (k+1) x
// horizonDays / n - 1, counting from 0), and each window gets one task due
// on its last day that may be done from its first: Kind [KindCadence], the
// touch's channel, s's owner, the given priority, and the minutes minutes
// gives for the channel (a nil minutes gives 0; [Capacity.TouchMinutes]
// fits). Dates are calendar dates in asOf's location. Tasks come touch by
// touch, each touch's in date order.
//
// s should be the strategy the client's preferences already constrained
// ([Strategies.Decide]); the planner checks consent again anyway. A nil s,
// a touch with PerYear below 1 or an invalid channel, or a horizon outside
// 1 to [MaxHorizonDays] gives no task. The result is the same for the same
// input, and s is not changed.
func CadenceTasks(client, rm string, s *Strategy, asOf time.Time, horizonDays, priority int,
	minutes func(vipcare.Channel) int) []Task {
	if s == nil || horizonDays < 1 || horizonDays > MaxHorizonDays {
		return nil
	}
	loc := asOf.Location()
	first := vipcare.DayNumber(asOf, loc)
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
	tasks := make([]Task, 0, total)
	for i, t := range s.Touches {
		n := counts[i]
		if n == 0 {
			continue
		}
		m := 0
		if minutes != nil {
			m = minutes(t.Channel)
		}
		reason := strconv.Itoa(t.PerYear) + " " + t.Channel.String() + " touches a year: "
		for k := 0; k < n; k++ {
			lo := first + int64(k*horizonDays/n)
			hi := first + int64((k+1)*horizonDays/n) - 1
			tasks = append(tasks, Task{
				Client:   client,
				Kind:     KindCadence,
				Reason:   reason + strconv.Itoa(k+1) + " of " + strconv.Itoa(n) + " in " + dayCount(horizonDays),
				Channel:  t.Channel,
				Owner:    s.Owner,
				RM:       rm,
				Priority: priority,
				Earliest: dayStart(lo, loc),
				Due:      dayStart(hi, loc),
				Minutes:  m,
			})
		}
	}
	return tasks
}
