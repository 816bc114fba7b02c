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
	"github.com/vipcare/vipcare/internal/civil"
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
	// UnmetNoCapacity: no working day of its RM's calendar in its window
	// (cut at the horizon's last day) has the minutes it takes left, nor
	// would have them if one task planned on that day moved to another
	// working day of that task's own window with room for it; or its
	// window holds no working day; or it takes more minutes than a
	// working day has.
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
// the minutes the task takes.
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
// before can make room for a task tried earlier, so the RM's tasks still
// unmet are tried again until a round makes no such move. The repair never
// unschedules a task: priority still decides who gets the minutes when not
// all tasks can have them. It costs, per task tried, a look at the days of
// its window and the tasks planned on each.
//
// A task is unmet, with its code, if the client asked not to be contacted,
// if the client does not consent to its channel, if it was due before the
// as-of date, if it may not start before the horizon ends, if its RM has
// no calendar, or if capacity does not allow it ([UnmetNoCapacity]). So no
// day of a calendar is ever given more than its MinutesPerDay, no task is
// planned or moved outside its window, the horizon or its RM's working
// days, no client gets a channel it did not consent to, and in the plan
// returned, for every task unmet with [UnmetNoCapacity] and every working
// day of its window: the day does not have the minutes it takes left, and
// no single task planned on that day could move to another working day of
// its own window (within the horizon) with room for it and leave the day
// enough. That is not an optimum: a deadline that only a chain of two or
// more moves would meet can still be missed. Dates are calendar dates in
// the location of in.AsOf.
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
	dayOf := make([]int32, len(items)) // per item, its day in the horizon, or -1
	var missed []int32                 // indexes into items
	noCapacity := false
	for _, i := range order {
		it := &items[i]
		dayOf[i] = -1
		if it.code == 0 {
			lo, hi := days.window(it)
			if d := days.take(int(it.rm), lo, hi, it.minutes); d >= 0 {
				dayOf[i] = int32(d)
				continue
			}
			it.code = codeNoCapacity
			noCapacity = true
		}
		missed = append(missed, i)
	}
	if noCapacity {
		missed = days.repair(items, dayOf, missed)
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
		Scheduled:   days.order(order, dayOf, items, tasks),
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
	start   []int       // per RM rank, where its items start in the grouped items
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
		x.dates[d] = civil.Start(first+int64(d), loc)
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
	x.start = start
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

// repair is the planner's second pass. For each RM, it takes the tasks
// that found no day with room (missed, in the order considered) and tries
// each again: first on the earliest day of its window that now has room;
// failing that, on the earliest day d of its window where moving one task
// already placed on d to another day of that task's own window with room
// frees enough, moving the task whose new day is earliest (among equals,
// the one considered first). A move that frees more minutes on d than the
// task placed there takes can make room for a task tried before it, so
// the RM's remaining tasks are tried again until a round makes no such
// move. It returns the tasks still missed, in their order, and updates
// dayOf and the items' codes.
//
// The work is bounded per task tried: the days of its window, the tasks
// placed on each, and for each of those a look-up of O(log days) in the
// day index. The look-up is skipped for a task already found unable to
// move since room last grew anywhere, and a day is skipped whole when no
// task on it that may move is long enough.
func (x *dayIndex) repair(items []planItem, dayOf, missed []int32) []int32 {
	r := repairer{x: x, items: items, dayOf: dayOf}
	out := missed[:0]
	for j := 0; j < len(missed); {
		k := items[missed[j]].rm
		end := j + 1
		for end < len(missed) && items[missed[end]].rm == k {
			end++
		}
		if k >= 0 {
			r.plan(int(k), missed[j:end])
		}
		for _, i := range missed[j:end] {
			if items[i].code != 0 {
				out = append(out, i)
			}
		}
		j = end
	}
	return out
}

// repairer is the state of the repair pass.
type repairer struct {
	x     *dayIndex
	items []planItem
	dayOf []int32
	// head, per day of the horizon, is the first of the current RM's
	// items placed that day, or -1; next and prev, per item, link the
	// items of a day. The order of a day's items does not matter.
	head, next, prev []int32
	// stuck, per item, is the round (gen) in which the item was found
	// unable to move off its day. Room only shrinks within a round, so
	// such an item stays unable to move until gen changes.
	stuck []uint32
	// most, per day, is at least the minutes of the largest item on the
	// day not stuck, as of round seen: a day where no item can free
	// enough is skipped without a look at its items.
	most []int32
	seen []uint32
	gen  uint32
	todo []int32
}

// plan repairs the tasks of calendar k in run, in their order.
func (r *repairer) plan(k int, run []int32) {
	x := r.x
	todo := r.todo[:0]
	for _, i := range run {
		if it := &r.items[i]; it.code == codeNoCapacity && int(it.minutes) <= x.cals[k].MinutesPerDay {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return
	}
	if r.head == nil {
		r.head = make([]int32, x.horizon)
		r.next = make([]int32, len(r.items))
		r.prev = make([]int32, len(r.items))
		r.stuck = make([]uint32, len(r.items))
		r.most = make([]int32, x.horizon)
		r.seen = make([]uint32, x.horizon)
	}
	for d := range r.head {
		r.head[d] = -1
	}
	rank := x.rank[k]
	for i := x.start[rank]; i < x.start[rank+1]; i++ {
		if r.dayOf[i] >= 0 {
			r.link(int32(i), int(r.dayOf[i]))
		}
	}
	for {
		r.gen++ // a new round: what was stuck may move now
		freed := false
		kept := todo[:0]
		for _, i := range todo {
			if ok, f := r.fit(k, i); !ok {
				kept = append(kept, i)
			} else if f {
				freed = true
				r.gen++ // room grew on a day: items found stuck may move
			}
		}
		todo = kept
		if !freed || len(todo) == 0 {
			break
		}
	}
	r.todo = todo
}

// fit tries to place item b of calendar k: on the earliest day of its
// window with room, or else by moving one item (see repair). It reports
// whether b was placed, and whether a move freed more minutes on b's day
// than b takes.
func (r *repairer) fit(k int, b int32) (placed, freed bool) {
	x := r.x
	it := &r.items[b]
	lo, hi := x.window(it)
	m := it.minutes
	if d := x.take(k, lo, hi, m); d >= 0 {
		r.place(b, d)
		return true, false
	}
	for d := lo; d <= hi; d++ {
		need := m - x.left(k, d) // a day off has no items
		if r.seen[d] == r.gen && need > r.most[d] {
			continue
		}
		best, to, most := int32(-1), 0, int32(-1)
		for o := r.head[d]; o >= 0; o = r.next[o] {
			ot := &r.items[o]
			if r.stuck[o] == r.gen {
				continue
			}
			if ot.minutes < need {
				most = max(most, ot.minutes)
				continue
			}
			olo, ohi := x.window(ot)
			e := x.fit(k, olo, min(ohi, d-1), ot.minutes)
			if e < 0 {
				e = x.fit(k, max(olo, d+1), ohi, ot.minutes)
			}
			if e < 0 {
				r.stuck[o] = r.gen
				continue
			}
			if best < 0 || e < to || e == to && considered(ot, &r.items[best]) < 0 {
				best, to = o, e
			}
		}
		if best < 0 {
			r.seen[d], r.most[d] = r.gen, most
		} else {
			om := r.items[best].minutes
			r.unlink(best, d)
			x.add(k, d, om)
			x.add(k, to, -om)
			r.link(best, to)
			r.dayOf[best] = int32(to)
			x.add(k, d, -m)
			r.place(b, d)
			return true, om > m
		}
	}
	return false, false
}

// place records item b, whose minutes are taken, on day d.
func (r *repairer) place(b int32, d int) {
	r.items[b].code = 0
	r.dayOf[b] = int32(d)
	r.link(b, d)
}

// link adds item i to the items of day d.
func (r *repairer) link(i int32, d int) {
	if r.seen[d] == r.gen {
		r.most[d] = max(r.most[d], r.items[i].minutes)
	}
	h := r.head[d]
	r.prev[i], r.next[i] = -1, h
	if h >= 0 {
		r.prev[h] = i
	}
	r.head[d] = i
}

// unlink removes item i from the items of day d.
func (r *repairer) unlink(i int32, d int) {
	p, n := r.prev[i], r.next[i]
	if p >= 0 {
		r.next[p] = n
	} else {
		r.head[d] = n
	}
	if n >= 0 {
		r.prev[n] = p
	}
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

// weekday returns the day of the week of day number n (1970-01-01 was a
// Thursday).
func weekday(n int64) time.Weekday {
	return time.Weekday(((n+4)%7 + 7) % 7)
}

// window returns the first and last day of the horizon in the window of
// it, cut at the horizon's ends.
func (x *dayIndex) window(it *planItem) (lo, hi int) {
	last := x.first + int64(x.horizon) - 1
	return int(max(it.earliest, x.first) - x.first), int(min(it.due, last) - x.first)
}

// take gives need minutes of the first day in [lo, hi] of calendar k with
// that much left and returns the day, or -1 if none has.
func (x *dayIndex) take(k, lo, hi int, need int32) int {
	d := x.fit(k, lo, hi, need)
	if d >= 0 {
		x.add(k, d, -need)
	}
	return d
}

// fit returns the first day in [lo, hi] of calendar k with need minutes
// left, or -1 if none has.
func (x *dayIndex) fit(k, lo, hi int, need int32) int {
	if lo > hi {
		return -1
	}
	return firstFit(x.tree[k*2*x.size:(k+1)*2*x.size], 1, 0, x.size-1, lo, hi, need)
}

// left returns the minutes day d of calendar k has left, -1 for a day off.
func (x *dayIndex) left(k, d int) int32 {
	return x.tree[k*2*x.size+x.size+d]
}

// add adds delta minutes to what day d of calendar k has left.
func (x *dayIndex) add(k, d int, delta int32) {
	t := x.tree[k*2*x.size : (k+1)*2*x.size]
	n := x.size + d
	t[n] += delta
	for n >>= 1; n >= 1; n >>= 1 {
		t[n] = max(t[2*n], t[2*n+1])
	}
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

// order returns the scheduled items (those with a day in dayOf) as
// Scheduled values ordered by RM, date and then the order the planner
// considered them: a counting sort on (RM rank, day) of the items taken
// in the order considered, stable, so no comparisons.
func (x *dayIndex) order(order, dayOf []int32, items []planItem, tasks []Task) []Scheduled {
	n := 0
	start := make([]int32, len(x.cals)*x.horizon+1)
	bucket := func(i int32) int { return int(x.rank[items[i].rm])*x.horizon + int(dayOf[i]) }
	for _, i := range order {
		if dayOf[i] >= 0 {
			start[bucket(i)+1]++
			n++
		}
	}
	if n == 0 {
		return nil
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	out := make([]Scheduled, n)
	for _, i := range order {
		if dayOf[i] >= 0 {
			b := bucket(i)
			out[start[b]] = Scheduled{Task: tasks[items[i].idx], Date: x.dates[dayOf[i]]}
			start[b]++
		}
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
				Earliest: civil.Start(lo, loc),
				Due:      civil.Start(hi, loc),
				Minutes:  m,
			})
		}
	}
	return tasks
}
