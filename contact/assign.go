package contact

import (
	"cmp"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/vipcare/vipcare"
)

// Manager is someone who can take clients in [Assign]: a relationship
// manager, a private banker, or a queue such as the digital team.
type Manager struct {
	// ID identifies the manager (a staff identifier); it must be unique
	// and not empty.
	ID string
	// Role is the manager's role; it must not be the zero Role. A manager
	// may serve clients whose role is the same or lower.
	Role Role
	// Branch is the manager's branch. A manager with no branch (a central
	// team) may serve clients of every branch.
	Branch string
	// Languages are the languages the manager speaks, compared exactly
	// with [Client].Language (use one spelling, e.g. "zh", "en", "yue").
	Languages []string
	// Minutes is the manager's yearly capacity for client contact, 0 or
	// more: [Capacity.Minutes] for a full-time RM.
	Minutes int
}

// Client is a client to place in [Assign]: what its strategy needs and what
// it is worth.
type Client struct {
	// ID identifies the client in the caller's book; it must be unique and
	// not empty. Errors never quote it and [Assignment.String] leaves it out.
	ID string
	// Role is the role the client's strategy needs ([Strategy].Owner); it
	// must not be the zero Role.
	Role Role
	// Branch is the client's branch; "" means any branch will do.
	Branch string
	// Language is the language the client needs; "" means any.
	Language string
	// Minutes is the yearly workload of the client's strategy, 0 or more
	// ([Capacity.ClientMinutes]).
	Minutes int
	// Value is the client's weight in the coverage, 0 or more: AUM in
	// whole currency units, yearly revenue, or a score. Any scale will
	// do, as long as the book's total fits an int64.
	Value int64
	// Current is the ID of the client's manager now, "" if none. An ID
	// that names no manager is treated as none.
	Current string
}

// AssignOptions tune [Assign]. The zero AssignOptions moves no client at
// all (a client whose current manager is not eligible or has no room stays
// unassigned) and keeps every client in its branch; MaxMoves -1 allows any
// number of moves.
type AssignOptions struct {
	// MaxMoves is the most clients that may be placed with a manager
	// other than their current one: -1 means no limit, 0 no moves at all.
	// A client whose current manager is no longer eligible or has no room
	// needs a move too; past the limit it stays unassigned.
	MaxMoves int
	// MoveCost is the value a move loses, 0 or more: a reassignment breaks
	// a relationship. A move is made only when it gains more value than
	// this.
	MoveCost int64
	// AnyBranch allows managers of any branch to serve a client.
	AnyBranch bool
}

// Reasons of a [Placement]: the outcome, first in [Placement].Reason.
const (
	ReasonKept       = "kept"           // stays with its current manager
	ReasonAssigned   = "assigned"       // placed with a manager other than its current one, or a first one
	ReasonNoEligible = "no eligible RM" // no manager has the role, branch and language the client needs
	ReasonNoCapacity = "no capacity"    // every eligible manager is full
	ReasonMoveLimit  = "move limit"     // a move was needed and [AssignOptions].MaxMoves was reached
	ReasonMoveCost   = "move cost"      // a move was needed and would not gain more than [AssignOptions].MoveCost
)

// Notes that follow the outcome in [Placement].Reason, after "; ", when a
// client with a current manager is not kept.
const (
	NoteUnknownCurrent = "current RM unknown"      // Current names no manager: treated as none
	NoteNotEligible    = "current RM not eligible" // the current manager lacks the role, branch or language
	NoteFull           = "current RM full"         // the current manager has no room for the client
	NoteMakeRoom       = "moved to make room"      // moved to free room for a client of more value
)

// Placement is where [Assign] placed one client, and why.
type Placement struct {
	// Client is the client's ID.
	Client string
	// RM is the manager's ID, "" if the client is unassigned.
	RM string
	// Moved reports whether the client has a current manager and is
	// placed with another one.
	Moved bool
	// Reason is the outcome, one of the Reason constants, followed by
	// "; " and a Note constant when the client had a current manager and
	// is not kept, e.g. "assigned; current RM full" or
	// "move limit; current RM not eligible". It never holds an ID or an
	// amount.
	Reason string
}

// Load is one manager's book after [Assign].
type Load struct {
	RM   string // the manager's ID
	Role Role   // the manager's role
	// Clients is the number of clients placed with the manager.
	Clients int
	// Minutes is their yearly workload, never above Capacity.
	Minutes int
	// Capacity is the manager's yearly minutes ([Manager].Minutes).
	Capacity int
}

// Assignment is the plan [Assign] makes, and how good it is. It is plain data
// owned by the caller.
type Assignment struct {
	// Placements has one entry per client, in input order.
	Placements []Placement
	// Loads has one entry per manager, in input order.
	Loads []Load
	// Value is the total value of the clients; Covered the value of the
	// clients placed with a manager.
	Value, Covered int64
	// Coverage is Covered / Value, truncated; 0 when Value is 0.
	Coverage vipcare.Share
	// Bound is an upper bound on the coverage of any assignment that
	// respects role, branch, language and capacity: the coverage of the
	// best fractional assignment (the linear-programming relaxation),
	// rounded up. It ignores current relationships, MaxMoves and
	// MoveCost. See [Assign].
	Bound vipcare.Share
	// Gap is Bound - Coverage: how far the plan may be from the best
	// assignment free of current relationships. It counts what keeping
	// relationships and the move limits cost, and what splitting clients
	// between managers would add, which is small when each client needs
	// little of a manager's minutes.
	Gap vipcare.Share
	// Moves is the number of clients placed with a manager other than
	// their current one.
	Moves int
}

// Assign places clients with managers, maximising the value of the clients
// placed (value-weighted coverage) while keeping current relationships.
//
// A manager is eligible for a client when the manager's role is the same as
// or above the client's (a private-banking client only with a private
// banker; a digital-team client with anyone), the branches are the same
// (unless [AssignOptions].AnyBranch, or either branch is ""), and the
// manager speaks the client's language (when it has one). A plan never
// places a client with a manager who is not eligible, and never gives a
// manager more minutes than [Manager].Minutes.
//
// The plan is made in three steps:
//
//  1. Keep: a client whose current manager is eligible stays with the
//     manager, in order of value (highest first, ties by ID), as long as
//     the manager has room. The clients that do not fit must move.
//  2. Place: the other clients, in order of value per minute (highest
//     first; then value, then ID), each go to an eligible manager with
//     room: the most junior role first, which keeps senior time for the
//     clients only seniors may serve, then the most minutes left, then the
//     lowest ID. A client with a current manager is moved only within
//     MaxMoves and only when its value is above MoveCost.
//  3. Improve: each client still unplaced for want of room, in the same
//     order, is placed if moving one placed client from an eligible
//     manager to another manager with room makes room for it, when the
//     value gained is above MoveCost for each relationship this moves, and
//     within MaxMoves. This is how a private banker's room, kept by
//     clients a senior RM could serve, goes to a private-banking client.
//
// The bound is the value of the best fractional assignment, the
// linear-programming relaxation in which a client may be split between
// managers and served in part. It is solved exactly: clients in order of
// value per minute each take all the minutes the managers can still give,
// shifting minutes already given from one eligible manager to another
// where that makes room (augmenting paths); this greedy is optimal because
// the sets of demands the managers can meet form a polymatroid. The bound
// is then certified by duality, so it stays an upper bound whatever the
// arithmetic: price each manager's minute at the value per minute of the
// best client left out that could use it, directly or by such a shift;
// then no assignment covers more than the sum over managers of Minutes x
// price plus, for each client with an eligible manager, max(0, Value -
// Minutes x the lowest price among its eligible managers), each term
// rounded up to a whole unit of value. The bound respects role, branch,
// language and each manager's capacity; it ignores current relationships,
// MaxMoves and MoveCost, and it lets a client be split, so the gap counts
// what keeping relationships costs as well as what whole clients cost.
//
// Bad input is an error, reporting every problem at once as [*Error]
// values: a client with an empty or repeated ID ([ErrName], Path
// "clients[3].id", never naming the client), the zero Role ([ErrEmpty],
// "clients[3].role"), negative minutes or value ([ErrSetting],
// "clients[3].minutes", "clients[3].value"), values whose total overflows
// an int64 ([ErrSetting], "clients[3].value" at the first overflow); a
// manager with an empty or repeated ID ([ErrName], "managers[1].id", Name
// the ID), the zero Role ([ErrEmpty], "managers[1].role") or negative
// minutes ([ErrSetting], "managers[1].minutes"); MaxMoves below -1 or a
// negative MoveCost ([ErrSetting], "options.max_moves",
// "options.move_cost"). A Current that names no manager is not an error:
// the client is treated as having none, and its Reason says so.
//
// The plan does not depend on the order of the input, only the order of
// Placements and Loads does; nothing passed in is changed. Work grows with
// clients x eligible managers; memory with clients plus managers x the
// distinct (role, branch, language) needs of the clients.
func Assign(clients []Client, managers []Manager, o AssignOptions) (Assignment, error) {
	total, err := checkAssign(clients, managers, o)
	if err != nil {
		return Assignment{}, err
	}
	a := newAssigner(clients, managers, o)
	a.keep()
	a.place()
	a.improve()
	r := a.result()
	r.Value = total
	r.Coverage = vipcare.ShareOf(vipcare.Amount(r.Covered), vipcare.Amount(total))
	if total > 0 {
		r.Bound = shareUp(min(a.eligibleValue, a.dualBound(a.lpPrices())), total)
	}
	r.Gap = r.Bound - r.Coverage
	return r, nil
}

// checkAssign validates the input and returns the total value.
func checkAssign(clients []Client, managers []Manager, o AssignOptions) (int64, error) {
	var errs []error
	fail := func(list string, i int, field, name string, err error) {
		path := field
		if list != "" {
			path = list + "[" + strconv.Itoa(i) + "]." + field
		}
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	if o.MaxMoves < -1 {
		fail("", 0, "options.max_moves", "", ErrSetting)
	}
	if o.MoveCost < 0 {
		fail("", 0, "options.move_cost", "", ErrSetting)
	}
	seenM := make(map[string]bool, len(managers))
	for j := range managers {
		m := &managers[j]
		if m.ID == "" || seenM[m.ID] {
			fail("managers", j, "id", m.ID, ErrName)
		}
		seenM[m.ID] = true
		if m.Role == 0 {
			fail("managers", j, "role", m.ID, ErrEmpty)
		}
		if m.Minutes < 0 {
			fail("managers", j, "minutes", m.ID, ErrSetting)
		}
	}
	seenC := make(map[string]bool, len(clients))
	var total int64
	overflow := false
	for i := range clients {
		c := &clients[i]
		if c.ID == "" || seenC[c.ID] {
			fail("clients", i, "id", "", ErrName)
		}
		seenC[c.ID] = true
		if c.Role == 0 {
			fail("clients", i, "role", "", ErrEmpty)
		}
		if c.Minutes < 0 {
			fail("clients", i, "minutes", "", ErrSetting)
		}
		switch {
		case c.Value < 0:
			fail("clients", i, "value", "", ErrSetting)
		case !overflow && total > math.MaxInt64-c.Value:
			overflow = true
			fail("clients", i, "value", "", ErrSetting)
		case !overflow:
			total += c.Value
		}
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	return total, nil
}

// Where a client's current relationship stands.
const (
	curNone       = iota // no current manager
	curUnknown           // Current names no manager
	curIneligible        // the current manager is not eligible
	curFull              // the current manager has no room (or made room)
	curKept              // with its current manager
)

// Why a client is unassigned.
const (
	failNone uint8 = iota
	failNoEligible
	failNoCapacity
	failMoveLimit
	failMoveCost
)

// assignKey is what decides which managers are eligible for a client.
type assignKey struct {
	role         Role
	branch, lang string
}

// assignGroup holds the clients of one class placed with one manager, by
// minutes then ID: kept (the manager is their current one) and free.
type assignGroup struct {
	class      int32
	kept, free []int32
}

// assigner is the working state of one [Assign] call.
type assigner struct {
	cs    []Client
	ms    []Manager
	o     AssignOptions
	role  []Role    // per manager
	elig  [][]int32 // per class: eligible managers, by role (junior first) then ID
	class []int32   // per client: its class
	cur   []int32   // per client: its current manager, -1 if none or unknown
	curSt []uint8   // per client: curNone...curKept
	at    []int32   // per client: its manager, -1 if unassigned
	why   []uint8   // per client: why it is unassigned
	made  []bool    // per client: moved to make room (nil until needed)
	order []int32   // clients by value per minute, highest first
	rem   []int     // per manager: minutes left
	moves int

	groups [][]assignGroup // per manager, in improve

	eligibleValue int64 // value of the clients with an eligible manager
}

func newAssigner(cs []Client, ms []Manager, o AssignOptions) *assigner {
	n := len(cs)
	a := &assigner{
		cs: cs, ms: ms, o: o,
		role:  make([]Role, len(ms)),
		class: make([]int32, n),
		cur:   make([]int32, n),
		curSt: make([]uint8, n),
		at:    make([]int32, n),
		why:   make([]uint8, n),
		order: make([]int32, n),
		rem:   make([]int, len(ms)),
	}
	byID := make(map[string]int32, len(ms))
	for j := range ms {
		byID[ms[j].ID] = int32(j)
		a.rem[j] = ms[j].Minutes
		a.role[j] = ms[j].Role
	}
	// Classes are numbered in the order of their keys, so that nothing
	// depends on the order of the input.
	keys := map[assignKey]int32{}
	var list []assignKey
	for i := range cs {
		c := &cs[i]
		k := assignKey{role: c.Role, branch: c.Branch, lang: c.Language}
		if o.AnyBranch {
			k.branch = ""
		}
		ci, ok := keys[k]
		if !ok {
			ci = int32(len(list))
			keys[k] = ci
			list = append(list, k)
		}
		a.class[i] = ci
	}
	rank := make([]int32, len(list))
	for r := range rank {
		rank[r] = int32(r)
	}
	slices.SortFunc(rank, func(x, y int32) int {
		kx, ky := list[x], list[y]
		return cmp.Or(cmp.Compare(kx.role, ky.role), strings.Compare(kx.branch, ky.branch), strings.Compare(kx.lang, ky.lang))
	})
	renum := make([]int32, len(list))
	a.elig = make([][]int32, len(list))
	for r, ci := range rank {
		renum[ci] = int32(r)
		a.elig[r] = a.eligible(list[ci])
	}
	for i := range cs {
		c := &cs[i]
		ci := renum[a.class[i]]
		a.class[i] = ci
		a.at[i] = -1
		a.cur[i] = -1
		if len(a.elig[ci]) > 0 {
			a.eligibleValue += c.Value
		}
		if c.Current != "" {
			j, ok := byID[c.Current]
			switch {
			case !ok:
				a.curSt[i] = curUnknown
			case !eligiblePair(c, &ms[j], o.AnyBranch):
				a.curSt[i] = curIneligible
				a.cur[i] = j
			default:
				a.cur[i] = j
				a.curSt[i] = curFull // until kept
			}
		}
		a.order[i] = int32(i)
	}
	slices.SortFunc(a.order, func(x, y int32) int {
		cx, cy := &cs[x], &cs[y]
		if c := cmpDensity(cy.Value, cy.Minutes, cx.Value, cx.Minutes); c != 0 {
			return c
		}
		if c := cmp.Compare(cy.Value, cx.Value); c != 0 {
			return c
		}
		return strings.Compare(cx.ID, cy.ID)
	})
	return a
}

// eligible returns the managers eligible for clients of key k, junior role
// first, then by ID.
func (a *assigner) eligible(k assignKey) []int32 {
	var e []int32
	for j := range a.ms {
		m := &a.ms[j]
		if m.Role < k.role {
			continue
		}
		if k.branch != "" && m.Branch != "" && m.Branch != k.branch {
			continue
		}
		if k.lang != "" && !slices.Contains(m.Languages, k.lang) {
			continue
		}
		e = append(e, int32(j))
	}
	slices.SortFunc(e, func(x, y int32) int {
		if c := cmp.Compare(a.ms[x].Role, a.ms[y].Role); c != 0 {
			return c
		}
		return strings.Compare(a.ms[x].ID, a.ms[y].ID)
	})
	return e
}

// eligiblePair reports whether manager m may serve client c.
func eligiblePair(c *Client, m *Manager, anyBranch bool) bool {
	return m.Role >= c.Role &&
		(anyBranch || c.Branch == "" || m.Branch == "" || m.Branch == c.Branch) &&
		(c.Language == "" || slices.Contains(m.Languages, c.Language))
}

// keep keeps current relationships in order of value while they fit.
func (a *assigner) keep() {
	var keep []int32
	for i := range a.cs {
		if a.curSt[i] == curFull {
			keep = append(keep, int32(i))
		}
	}
	slices.SortFunc(keep, func(x, y int32) int {
		if c := cmp.Compare(a.cs[y].Value, a.cs[x].Value); c != 0 {
			return c
		}
		return strings.Compare(a.cs[x].ID, a.cs[y].ID)
	})
	for _, i := range keep {
		if j := a.cur[i]; a.cs[i].Minutes <= a.rem[j] {
			a.rem[j] -= a.cs[i].Minutes
			a.at[i] = j
			a.curSt[i] = curKept
		}
	}
}

// pick returns the manager of el, other than except, that client minutes
// fit and that comes first: junior role, then most minutes left, then the
// order of el (ID). It returns -1 if none has room.
func (a *assigner) pick(el []int32, need int, except int32) int32 {
	best := int32(-1)
	for _, j := range el {
		if j == except || a.rem[j] < need {
			continue
		}
		if best < 0 || a.role[j] < a.role[best] || (a.role[j] == a.role[best] && a.rem[j] > a.rem[best]) {
			best = j
		}
	}
	return best
}

// isMove reports whether placing client i with manager j moves a
// relationship.
func (a *assigner) isMove(i int, j int32) bool {
	return a.cur[i] >= 0 && a.cur[i] != j
}

// canMove returns why extra more moves for a gain of value may not be made
// (the limit, then the cost), or failNone.
func (a *assigner) canMove(extra int, gain int64) uint8 {
	if extra <= 0 {
		return failNone
	}
	if a.o.MaxMoves >= 0 && a.moves+extra > a.o.MaxMoves {
		return failMoveLimit
	}
	if e := int64(extra); a.o.MoveCost > math.MaxInt64/e || gain <= a.o.MoveCost*e {
		return failMoveCost
	}
	return failNone
}

// place assigns the clients not kept, by value per minute.
func (a *assigner) place() {
	for _, i32 := range a.order {
		i := int(i32)
		if a.at[i] >= 0 {
			continue
		}
		el := a.elig[a.class[i]]
		if len(el) == 0 {
			a.why[i] = failNoEligible
			continue
		}
		j := a.pick(el, a.cs[i].Minutes, -1)
		if j < 0 {
			a.why[i] = failNoCapacity
			continue
		}
		if a.isMove(i, j) {
			if f := a.canMove(1, a.cs[i].Value); f != failNone {
				a.why[i] = f
				continue
			}
			a.moves++
		}
		a.rem[j] -= a.cs[i].Minutes
		a.at[i] = j
	}
}

// improve places clients left without room by moving one placed client
// from an eligible manager to another manager with room.
func (a *assigner) improve() {
	if !slices.Contains(a.why, failNoCapacity) {
		return
	}
	a.groups = make([][]assignGroup, len(a.ms))
	for i, j := range a.at {
		if j >= 0 {
			g := a.group(j, a.class[i])
			if a.cur[i] == j {
				g.kept = append(g.kept, int32(i))
			} else {
				g.free = append(g.free, int32(i))
			}
		}
	}
	for j := range a.groups {
		slices.SortFunc(a.groups[j], func(x, y assignGroup) int { return cmp.Compare(x.class, y.class) })
		for g := range a.groups[j] {
			slices.SortFunc(a.groups[j][g].kept, a.byMinutes)
			slices.SortFunc(a.groups[j][g].free, a.byMinutes)
		}
	}
	maxRem := slices.Max(a.rem)
	// A class whose clients of failedMin minutes or more found no way to
	// make room cannot be helped until something changes (version).
	version := 1
	failedAt := make([]int, len(a.elig))
	failedMin := make([]int, len(a.elig))
	// Per class, the most minutes left at an eligible manager other than
	// the one being freed, cached for one search.
	search := 0
	stamp := make([]int, len(a.elig))
	room := make([]int, len(a.elig))
	type cand struct {
		j, k  int32 // where the client goes; where the moved client goes
		x     int32 // the moved client, -1 if none
		extra int   // moves added
	}
	for _, i32 := range a.order {
		i := int(i32)
		if a.why[i] != failNoCapacity {
			continue
		}
		ci := a.class[i]
		need := a.cs[i].Minutes
		if failedAt[ci] == version && need >= failedMin[ci] {
			continue
		}
		best, found := cand{}, false
		consider := func(c cand) {
			if !found || c.extra < best.extra {
				best, found = c, true
			}
		}
		for _, j := range a.elig[ci] {
			if a.rem[j] >= need { // room after an earlier change
				consider(cand{j: j, k: -1, x: -1, extra: boolInt(a.isMove(i, j))})
				continue
			}
			short := need - a.rem[j]
			if short > maxRem {
				continue
			}
			search++
			for _, g := range a.groups[j] {
				if stamp[g.class] != search {
					stamp[g.class] = search
					room[g.class] = -1
					for _, k := range a.elig[g.class] {
						if k != j {
							room[g.class] = max(room[g.class], a.rem[k])
						}
					}
				}
				r := room[g.class]
				if r < short {
					continue
				}
				for _, list := range [2][]int32{g.free, g.kept} {
					p, _ := slices.BinarySearchFunc(list, short, func(x int32, m int) int { return cmp.Compare(a.cs[x].Minutes, m) })
					if p == len(list) || a.cs[list[p]].Minutes > r {
						continue
					}
					x := list[p]
					k := a.pick(a.elig[g.class], a.cs[x].Minutes, j)
					consider(cand{j: j, k: k, x: x,
						extra: boolInt(a.isMove(i, j)) + boolInt(a.isMove(int(x), k)) - boolInt(a.isMove(int(x), j))})
				}
			}
		}
		if !found {
			if failedAt[ci] != version {
				failedAt[ci], failedMin[ci] = version, need
			} else {
				failedMin[ci] = min(failedMin[ci], need)
			}
			continue
		}
		if f := a.canMove(best.extra, a.cs[i].Value); f != failNone {
			if best.x < 0 {
				a.why[i] = f // there is room, but the client's own move is barred
			}
			continue // otherwise still "no capacity": room only at a price not worth paying
		}
		if best.x >= 0 && a.cs[i].Value == 0 {
			continue // nothing to gain by moving anyone
		}
		a.moves += best.extra
		if best.x >= 0 {
			x := best.x
			a.unfile(best.j, x)
			a.rem[best.j] += a.cs[x].Minutes
			a.rem[best.k] -= a.cs[x].Minutes
			a.at[x] = best.k
			a.file(best.k, x)
			a.settle(int(x))
		}
		a.rem[best.j] -= need
		a.at[i] = best.j
		a.why[i] = failNone
		a.file(best.j, int32(i))
		a.settle(i)
		version++
		maxRem = slices.Max(a.rem)
	}
}

// byMinutes orders clients by minutes, then ID.
func (a *assigner) byMinutes(x, y int32) int {
	if c := cmp.Compare(a.cs[x].Minutes, a.cs[y].Minutes); c != 0 {
		return c
	}
	return strings.Compare(a.cs[x].ID, a.cs[y].ID)
}

// group returns manager j's group of class c, adding it if new.
func (a *assigner) group(j, c int32) *assignGroup {
	gs := a.groups[j]
	for g := range gs {
		if gs[g].class == c {
			return &gs[g]
		}
	}
	a.groups[j] = append(gs, assignGroup{class: c})
	return &a.groups[j][len(a.groups[j])-1]
}

// file adds client x to manager j's groups; unfile removes it.
func (a *assigner) file(j, x int32) {
	g := a.group(j, a.class[x])
	list := &g.free
	if a.cur[x] == j {
		list = &g.kept
	}
	p, _ := slices.BinarySearchFunc(*list, x, a.byMinutes)
	*list = slices.Insert(*list, p, x)
}

func (a *assigner) unfile(j, x int32) {
	g := a.group(j, a.class[x])
	list := &g.free
	if a.cur[x] == j {
		list = &g.kept
	}
	p, _ := slices.BinarySearchFunc(*list, x, a.byMinutes)
	*list = slices.Delete(*list, p, p+1)
}

// settle updates client i's relationship after it was placed in improve.
func (a *assigner) settle(i int) {
	switch {
	case a.cur[i] >= 0 && a.at[i] == a.cur[i]:
		a.curSt[i] = curKept
		if a.made != nil {
			a.made[i] = false
		}
	case a.curSt[i] == curKept:
		a.curSt[i] = curFull
		if a.made == nil {
			a.made = make([]bool, len(a.cs))
		}
		a.made[i] = true
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// result builds the placements and loads.
func (a *assigner) result() Assignment {
	r := Assignment{
		Placements: make([]Placement, len(a.cs)),
		Loads:      make([]Load, len(a.ms)),
	}
	for j := range a.ms {
		r.Loads[j] = Load{RM: a.ms[j].ID, Role: a.ms[j].Role, Capacity: a.ms[j].Minutes}
	}
	// reasons[outcome][note], made once
	outcomes := [...]string{ReasonKept, ReasonAssigned, ReasonNoEligible, ReasonNoCapacity, ReasonMoveLimit, ReasonMoveCost}
	notes := [...]string{"", NoteUnknownCurrent, NoteNotEligible, NoteFull, NoteMakeRoom}
	var reasons [len(outcomes)][len(notes)]string
	for o, out := range outcomes {
		for k, note := range notes {
			reasons[o][k] = out
			if note != "" {
				reasons[o][k] += "; " + note
			}
		}
	}
	for i := range a.cs {
		c := &a.cs[i]
		p := Placement{Client: c.ID}
		var out, note int
		switch j := a.at[i]; {
		case j >= 0 && j == a.cur[i]:
			out = 0
		case j >= 0:
			out = 1
			p.Moved = a.cur[i] >= 0
		default:
			out = int(a.why[i]) + 1 // failNoEligible is 1
		}
		if j := a.at[i]; j >= 0 {
			p.RM = a.ms[j].ID
			r.Loads[j].Clients++
			r.Loads[j].Minutes += c.Minutes
			r.Covered += c.Value
		}
		if p.Moved {
			r.Moves++
		}
		switch {
		case out == 0:
		case a.made != nil && a.made[i]:
			note = 4
		case a.curSt[i] == curUnknown:
			note = 1
		case a.curSt[i] == curIneligible:
			note = 2
		case a.curSt[i] == curFull:
			note = 3
		}
		p.Reason = reasons[out][note]
		r.Placements[i] = p
	}
	return r
}

// A minutePrice is a value per minute, v/m; m 0 is infinite.
type minutePrice struct {
	v int64
	m int
}

// assignArc is an edge of the flow network between a class and the k-th
// manager eligible for it.
type assignArc struct{ c, k int32 }

// lpPrices solves the linear-programming relaxation exactly and returns its
// dual prices: each manager's minute priced at the value per minute of the
// best client left out (in whole or part) whose class can reach the
// manager in the residual network; 0 if none.
//
// The network sends each client's minutes from its class to eligible
// managers. Clients, by value per minute, take what they can: first from
// managers with minutes left (junior first), then along augmenting paths
// that shift earlier minutes between managers. A class with no augmenting
// path never gets one again (what it can reach stays full), so it is
// marked dead with every class its search reached.
func (a *assigner) lpPrices() []minutePrice {
	nk, nm := len(a.elig), len(a.ms)
	res := make([]int, nm)
	for j := range a.ms {
		res[j] = a.ms[j].Minutes
	}
	flow := make([][]int, nk)
	adj := make([][]assignArc, nm)
	for c, el := range a.elig {
		flow[c] = make([]int, len(el))
		for k, j := range el {
			adj[j] = append(adj[j], assignArc{int32(c), int32(k)})
		}
	}
	next := make([]int, nk) // first eligible manager that may have minutes left
	dead := make([]bool, nk)
	top := make([]minutePrice, nk) // best client left out, per class
	out := make([]bool, nk)
	seenC := make([]int, nk)
	seenM := make([]int, nm)
	viaC := make([]assignArc, nk) // for a class reached backwards: the manager (as c) and its position
	viaM := make([]assignArc, nm) // for a manager: the class it was reached from and its position
	var queue []int32
	stamp := 0

	// bfs searches the residual network from class s over classes not yet
	// seen in this stamp, calling visit for each manager it reaches; visit
	// returning true stops the search. It returns the classes it reached.
	bfs := func(s int32, skipDead bool, visit func(j int32) bool) []int32 {
		queue = append(queue[:0], s)
		seenC[s] = stamp
		for q := 0; q < len(queue); q++ {
			c := queue[q]
			for k, j := range a.elig[c] {
				if seenM[j] == stamp {
					continue
				}
				seenM[j] = stamp
				viaM[j] = assignArc{c, int32(k)}
				if visit(j) {
					return nil
				}
				for _, e := range adj[j] {
					if seenC[e.c] == stamp || flow[e.c][e.k] == 0 || (skipDead && dead[e.c]) {
						continue
					}
					seenC[e.c] = stamp
					viaC[e.c] = assignArc{j, e.k}
					queue = append(queue, e.c)
				}
			}
		}
		return queue
	}
	// augment sends up to need minutes from class s along one augmenting
	// path and returns how many; 0 when there is none.
	augment := func(s int32, need int) int {
		stamp++
		sink := int32(-1)
		reached := bfs(s, true, func(j int32) bool {
			if res[j] > 0 {
				sink = j
				return true
			}
			return false
		})
		if sink < 0 {
			for _, c := range reached {
				dead[c] = true
			}
			return 0
		}
		t := min(need, res[sink])
		for j := sink; ; {
			e := viaM[j]
			if e.c == s {
				break
			}
			b := viaC[e.c]
			t = min(t, flow[e.c][b.k])
			j = b.c
		}
		res[sink] -= t
		for j := sink; ; {
			e := viaM[j]
			flow[e.c][e.k] += t
			if e.c == s {
				break
			}
			b := viaC[e.c]
			flow[e.c][b.k] -= t
			j = b.c
		}
		return t
	}

	for _, i := range a.order {
		c := a.class[i]
		el := a.elig[c]
		if len(el) == 0 {
			continue
		}
		need := a.cs[i].Minutes
		for need > 0 && !dead[c] {
			for need > 0 && next[c] < len(el) {
				j := el[next[c]]
				if res[j] == 0 {
					next[c]++
					continue
				}
				t := min(need, res[j])
				flow[c][next[c]] += t
				res[j] -= t
				need -= t
			}
			if need > 0 {
				need -= augment(c, need)
			}
		}
		if need > 0 && !out[c] {
			top[c], out[c] = minutePrice{a.cs[i].Value, a.cs[i].Minutes}, true
		}
	}

	// Prices: from the classes with clients left out, best first, price
	// every manager they reach and that no better class reached.
	ps := make([]minutePrice, nm)
	for j := range ps {
		ps[j] = minutePrice{0, 1}
	}
	var left []int32
	for c := range out {
		if out[c] {
			left = append(left, int32(c))
		}
	}
	slices.SortStableFunc(left, func(x, y int32) int { return cmpDensity(top[y].v, top[y].m, top[x].v, top[x].m) })
	stamp++
	for _, c := range left {
		if seenC[c] == stamp {
			continue
		}
		p := top[c]
		bfs(c, false, func(j int32) bool {
			ps[j] = p
			return false
		})
	}
	return ps
}

// dualBound returns the LP dual bound at prices ps: the sum of capacity x
// price plus each eligible client's value above its cheapest eligible
// manager's price x its minutes, each term rounded up; MaxInt64 on
// overflow or an infinite price on a manager with minutes.
func (a *assigner) dualBound(ps []minutePrice) int64 {
	var b uint64
	add := func(x uint64) {
		if b+x < b {
			b = math.MaxUint64
		} else {
			b += x
		}
	}
	for j, m := range a.ms {
		p := ps[j]
		if p.v == 0 || m.Minutes == 0 {
			continue
		}
		if p.m == 0 {
			return math.MaxInt64
		}
		hi, lo := bits.Mul64(uint64(m.Minutes), uint64(p.v))
		if hi >= uint64(p.m) {
			return math.MaxInt64
		}
		q, r := bits.Div64(hi, lo, uint64(p.m))
		if r != 0 {
			q++
		}
		add(q)
	}
	low := make([]minutePrice, len(a.elig))
	for c, el := range a.elig {
		for k, j := range el {
			if k == 0 || cmpDensity(ps[j].v, ps[j].m, low[c].v, low[c].m) < 0 {
				low[c] = ps[j]
			}
		}
	}
	for i := range a.cs {
		if len(a.elig[a.class[i]]) == 0 {
			continue
		}
		c := &a.cs[i]
		p := low[a.class[i]]
		if p.m == 0 { // infinite price: only a client with no minutes adds its value
			if c.Minutes == 0 {
				add(uint64(c.Value))
			}
			continue
		}
		// max(0, v - m*pv/pm) = (v*pm - m*pv)/pm, rounded up
		h1, l1 := bits.Mul64(uint64(c.Value), uint64(p.m))
		h2, l2 := bits.Mul64(uint64(c.Minutes), uint64(p.v))
		if h1 < h2 || (h1 == h2 && l1 <= l2) {
			continue
		}
		l, borrow := bits.Sub64(l1, l2, 0)
		h, _ := bits.Sub64(h1, h2, borrow)
		q, r := bits.Div64(h, l, uint64(p.m)) // h < pm: the quotient is at most v
		if r != 0 {
			q++
		}
		add(q)
	}
	if b > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(b)
}

// cmpDensity compares v1/m1 with v2/m2 (values and minutes not negative;
// minutes 0 is infinite, and two infinities are equal).
func cmpDensity(v1 int64, m1 int, v2 int64, m2 int) int {
	switch {
	case m1 == 0 && m2 == 0:
		return 0
	case m1 == 0:
		return 1
	case m2 == 0:
		return -1
	}
	h1, l1 := bits.Mul64(uint64(v1), uint64(m2))
	h2, l2 := bits.Mul64(uint64(v2), uint64(m1))
	if c := cmp.Compare(h1, h2); c != 0 {
		return c
	}
	return cmp.Compare(l1, l2)
}

// satAdd adds two non-negative ints, saturating at MaxInt.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// shareUp returns part/whole as a Share rounded up; 0 <= part <= whole,
// whole > 0.
func shareUp(part, whole int64) vipcare.Share {
	hi, lo := bits.Mul64(uint64(part), uint64(vipcare.Whole))
	q, r := bits.Div64(hi, lo, uint64(whole))
	if r != 0 {
		q++
	}
	return vipcare.Share(q)
}

// String summarises the plan without client identifiers or amounts: the
// coverage, bound and gap, the moves, the outcomes, and the load of each
// role (hours a year, rounded).
func (r Assignment) String() string {
	var sb strings.Builder
	sb.WriteString("coverage " + r.Coverage.Percent() + " of value, bound " + r.Bound.Percent() +
		", gap " + r.Gap.Percent() + ", " + strconv.Itoa(r.Moves) + " moved\n")
	outcomes := []string{ReasonKept, ReasonAssigned, ReasonNoEligible, ReasonNoCapacity, ReasonMoveLimit, ReasonMoveCost}
	counts := make([]int, len(outcomes))
	for _, p := range r.Placements {
		out, _, _ := strings.Cut(p.Reason, "; ")
		if k := slices.Index(outcomes, out); k >= 0 {
			counts[k]++
		}
	}
	sb.WriteString(strconv.Itoa(len(r.Placements)) + " clients:")
	sep := " "
	for k, n := range counts {
		if n > 0 {
			sb.WriteString(sep + strconv.Itoa(n) + " " + outcomes[k])
			sep = ", "
		}
	}
	sb.WriteString("\n")
	type roleLoad struct {
		role                   Role
		rms, clients, min, cap int
	}
	var roles []roleLoad
	for _, l := range r.Loads {
		k := slices.IndexFunc(roles, func(x roleLoad) bool { return x.role == l.Role })
		if k < 0 {
			roles = append(roles, roleLoad{role: l.Role})
			k = len(roles) - 1
		}
		x := &roles[k]
		x.rms++
		x.clients += l.Clients
		x.min = satAdd(x.min, l.Minutes)
		x.cap = satAdd(x.cap, l.Capacity)
	}
	slices.SortFunc(roles, func(x, y roleLoad) int { return cmp.Compare(y.role, x.role) })
	rows := [][]string{{"role", "rms", "clients", "load h", "capacity h", "utilisation"}}
	w := len(rows[0][0])
	for _, x := range roles {
		rows = append(rows, []string{x.role.String(), strconv.Itoa(x.rms), strconv.Itoa(x.clients),
			hours(x.min), hours(x.cap), vipcare.ShareOf(vipcare.Amount(x.min), vipcare.Amount(x.cap)).Percent()})
		w = max(w, len(rows[len(rows)-1][0]))
	}
	// The role reads left-aligned, the numbers right-aligned.
	tw := tabwriter.NewWriter(&sb, 0, 0, 0, ' ', tabwriter.AlignRight)
	for _, row := range rows {
		line := row[0] + strings.Repeat(" ", w-len(row[0])) + "\t"
		for _, c := range row[1:] {
			line += "  " + c + "\t"
		}
		tw.Write([]byte(line + "\n"))
	}
	tw.Flush()
	return strings.TrimRight(sb.String(), "\n")
}
