package rm

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
)

// dayIndex holds, for every manager, the minutes each day of the horizon
// has left, as the leaves of a max segment tree so that the first day of a
// window with room for a task is found in O(log days). A day the manager
// does not work has -1 minutes, so that not even a task of 0 minutes fits.
type dayIndex struct {
	ms      []Manager
	perDay  []int32 // per manager, the minutes of a working day
	horizon int
	size    int         // leaves per tree: a power of two >= horizon
	tree    []int32     // per manager, 2*size nodes; node 1 is the root
	working []int32     // per manager, horizon+1 prefix counts of working days
	rank    []int32     // per manager, its rank in the order of IDs
	dates   []time.Time // the start of each day of the horizon
	iso     []string    // each day of the horizon as "2006-01-02", once needed
	start   []int       // per manager rank, where its items start in the grouped items
	first   int64
}

func newDayIndex(ms []Manager, perDay []int32, first int64, horizon int, loc *time.Location) *dayIndex {
	size := 1
	for size < horizon {
		size <<= 1
	}
	x := &dayIndex{
		ms:      ms,
		perDay:  perDay,
		horizon: horizon,
		size:    size,
		tree:    make([]int32, len(ms)*2*size),
		working: make([]int32, len(ms)*(horizon+1)),
		rank:    make([]int32, len(ms)),
		dates:   make([]time.Time, horizon),
		iso:     make([]string, horizon),
		first:   first,
	}
	byID := make([]int32, len(ms))
	for k := range byID {
		byID[k] = int32(k)
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(ms[a].ID, ms[b].ID) })
	for r, k := range byID {
		x.rank[k] = int32(r)
	}
	for d := range x.dates {
		x.dates[d] = civil.Start(first+int64(d), loc)
	}
	for k := range ms {
		x.calendar(k, loc)
	}
	return x
}

// calendar fills manager k's tree and working-day counts from its
// workdays, holidays and minutes per day.
func (x *dayIndex) calendar(k int, loc *time.Location) {
	m := &x.ms[k]
	var week uint8 // bit w set: works on weekday w
	if len(m.Workdays) == 0 {
		week = 0b0111110 // Monday to Friday
	}
	for _, w := range m.Workdays {
		week |= 1 << uint(w)
	}
	size, horizon := x.size, x.horizon
	t := x.tree[k*2*size : (k+1)*2*size]
	leaves := t[size:]
	for d := range leaves {
		leaves[d] = -1
		if d < horizon && week&(1<<civil.Weekday(x.first+int64(d))) != 0 {
			leaves[d] = x.perDay[k]
		}
	}
	for _, h := range m.Holidays {
		if d := civil.Day(h, loc) - x.first; d >= 0 && d < int64(horizon) {
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

// group returns the items grouped by manager (the managers in the order of
// their IDs, then the tasks of RMs that are no manager), and the order the
// planner takes them in: by manager, then in the order considered. Tasks of
// different managers never compete for a day, so a counting sort by
// manager and a sort of each manager's tasks do what one sort of all
// would, with fewer comparisons.
func (x *dayIndex) group(items []planItem, tasks []contact.Task) (grouped []planItem, order []int32) {
	n := len(x.ms) // the group of tasks with no manager
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

// schedule is the planner's two passes over the grouped items, taken in
// order: each item that may be scheduled goes to the earliest day of its
// window with room, then the repair places what it can of the rest. It
// returns each item's day in the horizon (-1 for none) and the items
// unmet, in order.
func (x *dayIndex) schedule(items []planItem, order []int32) (dayOf, missed []int32) {
	dayOf = make([]int32, len(items))
	noCapacity := false
	for _, i := range order {
		it := &items[i]
		dayOf[i] = -1
		if it.code == 0 {
			lo, hi := x.window(it)
			if d := x.take(int(it.rm), lo, hi, it.minutes); d >= 0 {
				dayOf[i] = int32(d)
				continue
			}
			it.code = codeNoCapacity
			noCapacity = true
		}
		missed = append(missed, i)
	}
	if noCapacity {
		missed = x.repair(items, dayOf, missed)
	}
	return dayOf, missed
}

// day returns day number n as "2006-01-02", formatting each day of the
// horizon once.
func (x *dayIndex) day(n int64) string {
	d := n - x.first
	if d < 0 || d >= int64(x.horizon) {
		return civil.ISO(n)
	}
	if x.iso[d] == "" {
		x.iso[d] = civil.ISO(n)
	}
	return x.iso[d]
}

// window returns the first and last day of the horizon in the window of
// it, cut at the horizon's ends.
func (x *dayIndex) window(it *planItem) (lo, hi int) {
	last := x.first + int64(x.horizon) - 1
	return int(max(it.earliest, x.first) - x.first), int(min(it.due, last) - x.first)
}

// take gives need minutes of the first day in [lo, hi] of manager k with
// that much left and returns the day, or -1 if none has.
func (x *dayIndex) take(k, lo, hi int, need int32) int {
	d := x.fit(k, lo, hi, need)
	if d >= 0 {
		x.add(k, d, -need)
	}
	return d
}

// fit returns the first day in [lo, hi] of manager k with need minutes
// left, or -1 if none has.
func (x *dayIndex) fit(k, lo, hi int, need int32) int {
	if lo > hi {
		return -1
	}
	return firstFit(x.tree[k*2*x.size:(k+1)*2*x.size], 1, 0, x.size-1, lo, hi, need)
}

// left returns the minutes day d of manager k has left, -1 for a day off.
func (x *dayIndex) left(k, d int) int32 {
	return x.tree[k*2*x.size+x.size+d]
}

// add adds delta minutes to what day d of manager k has left.
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

// unmet says why the item it, the task t of a client with preferences p,
// was not scheduled.
func (x *dayIndex) unmet(it *planItem, t *contact.Task, p *vipcare.Preferences) Unmet {
	first, last := x.first, x.first+int64(x.horizon)-1
	u := Unmet{Task: *t}
	switch it.code {
	case codeDoNotContact:
		u.Code, u.Reason = contact.CodeDoNotContact, "the client asked not to be contacted"
	case codeNoChannel:
		u.Code = contact.CodeNoChannel
		if p.Discreet && !t.Channel.IsDiscreet() {
			u.Reason = string(t.Channel) + " is not a discreet channel, and the client asked for discretion"
		} else {
			u.Reason = "the client does not consent to contact by " + string(t.Channel)
		}
	case codeWindowClosed:
		u.Code, u.Reason = CodeWindowClosed, "due on "+x.day(it.due)+", before the as-of date "+x.day(first)
	case codeAfterHorizon:
		u.Code = CodeAfterHorizon
		u.Reason = "not before " + x.day(it.earliest) + ", after the horizon's last day " + x.day(last)
	case codeNoManager:
		u.Code = CodeNoManager
		if t.RM == "" {
			u.Reason = "the task has no RM"
		} else {
			u.Reason = "RM " + strconv.Quote(t.RM) + " is not a manager of the book"
		}
	case codeNoCapacity:
		u.Code, u.Reason = CodeNoCapacity, x.noCapacity(it, t)
	}
	return u
}

// noCapacity says why capacity does not allow the item it, the task t.
func (x *dayIndex) noCapacity(it *planItem, t *contact.Task) string {
	first, last := x.first, x.first+int64(x.horizon)-1
	id, perDay := x.ms[it.rm].ID, int(x.perDay[it.rm])
	lo, hi := max(it.earliest, first), min(it.due, last)
	w := x.working[int(it.rm)*(x.horizon+1):]
	window := " from " + x.day(lo) + " to " + x.day(hi)
	var s string
	switch {
	case w[hi-first+1] == w[lo-first]:
		s = id + " has no working day" + window
	case t.Minutes > perDay:
		s = "takes " + textfmt.Count(t.Minutes, "minute", "minutes") + ", more than the " + strconv.Itoa(perDay) +
			" of a working day of " + id
	default:
		s = "no working day of " + id + window + " has " + textfmt.Count(t.Minutes, "minute", "minutes") + " free"
	}
	if it.due > last {
		s += " (the horizon ends before the due date " + x.day(it.due) + ")"
	}
	return s
}

// order returns the scheduled items (those with a day in dayOf) as
// Scheduled values ordered by manager, date and then the order the planner
// considered them: a counting sort on (manager rank, day) of the items
// taken in the order considered, stable, so no comparisons.
func (x *dayIndex) order(order, dayOf []int32, items []planItem, tasks []contact.Task) []Scheduled {
	n := 0
	start := make([]int32, len(x.ms)*x.horizon+1)
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
