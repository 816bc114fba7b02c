package rm

import (
	"cmp"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// AssignOptions tune [Capacity.Assign]. The zero AssignOptions moves no
// client at all (a client whose current manager is not eligible or has no
// room stays unassigned) and keeps every client in its branch; MaxMoves -1
// allows any number of moves.
type AssignOptions struct {
	// MaxMoves is the most clients that may be placed with a manager
	// other than their current one: -1 means no limit, 0 no moves at all.
	// A client whose current manager is no longer eligible or has no room
	// needs a move too; past the limit it stays unassigned. A current
	// client left unassigned, its manager's room going to clients worth
	// more per minute, is not a move.
	MaxMoves int `json:"max_moves"`
	// MoveCost is the value a move loses, 0 or more: a reassignment breaks
	// a relationship. A move is made only when it gains more value than
	// this, for each move it takes (see [Capacity.Assign]).
	MoveCost int64 `json:"move_cost"`
	// AnyBranch allows managers of any branch to serve a client.
	AnyBranch bool `json:"any_branch,omitempty"`
}

// UnmarshalJSON decodes o strictly, as [Client.UnmarshalJSON] does.
func (o *AssignOptions) UnmarshalJSON(b []byte) error {
	type plain AssignOptions
	return policy.Unmarshal(b, (*plain)(o))
}

// Allocation is where [Capacity.Assign] placed one client, and why. Its
// fmt, slog output and default JSON leave out the client's ID.
type Allocation struct {
	// Client is the client's ID.
	Client string
	// RM is the manager's ID, "" if the client is unassigned.
	RM string
	// Moved reports whether the client has a current manager and is placed
	// with another one.
	Moved bool
	// Code is the outcome: [CodeStayed], [CodeAssigned], [CodeNoEligible],
	// [CodeNoCapacity], [CodeMoveLimit] or [CodeMoveCost].
	Code vipcare.Code
	// Note says what became of the client's current relationship when the
	// client had a current manager and does not stay with it: [CodeCurrentUnknown],
	// [CodeCurrentNotEligible], [CodeCurrentFull] or [CodeMadeRoom]; ""
	// otherwise.
	Note vipcare.Code
}

// Format implements fmt.Formatter: every verb prints the allocation
// without the client's ID.
func (a Allocation) Format(s fmt.State, verb rune) {
	moved := strconv.FormatBool(a.Moved)
	redact.Format(s, verb,
		"Allocation{client:"+redact.Mask+" rm:"+a.RM+" moved:"+moved+" code:"+string(a.Code)+" note:"+string(a.Note)+"}",
		"rm.Allocation{Client:"+strconv.Quote(redact.Mask)+", RM:"+strconv.Quote(a.RM)+", Moved:"+moved+
			", Code:"+strconv.Quote(string(a.Code))+", Note:"+strconv.Quote(string(a.Note))+"}")
}

// LogValue implements slog.LogValuer: an allocation logs as a group with
// the client's ID redacted.
func (a Allocation) LogValue() slog.Value {
	return redact.Value(redact.Masked("client"), slog.String("rm", a.RM), slog.Bool("moved", a.Moved),
		slog.String("code", string(a.Code)), slog.String("note", string(a.Note)))
}

// MarshalJSON implements json.Marshaler: every field, the client's ID as
// "[redacted]". To store or send an allocation whole, marshal
// vipcare.Disclosed(a).
func (a Allocation) MarshalJSON() ([]byte, error) {
	type plain Allocation // without its methods
	p := plain(a)
	p.Client = redact.Mask
	return json.Marshal(p)
}

// UnmarshalJSON decodes an allocation strictly, as policy.Unmarshal does.
// The form MarshalJSON writes, whose client is "[redacted]", is refused
// (policy.ErrMalformed at "/Client") rather than read as an allocation of
// a client of that name: store and send allocations as vipcare.Disclosed(a)
// marshals them. a is set only when there is no problem.
func (a *Allocation) UnmarshalJSON(b []byte) error {
	type plain Allocation // without its methods
	p, err := redact.ReadBack(b, "/Client", func(p *plain) string { return p.Client })
	if err == nil {
		*a = Allocation(p)
	}
	return err
}

// Roster is the plan [Capacity.Assign] makes, and how good it is. It is
// plain data owned by the caller.
type Roster struct {
	// Allocations has one entry per client, in the order of the book.
	Allocations []Allocation
	// Book is the book as assigned, for [Capacity.Report] and
	// [Capacity.Schedule]: its own copies of the managers and clients, in
	// their order, each client's RM set to its allocation ("" if
	// unassigned) and each manager's Minutes set to the capacity the plan
	// respects (the Capacity's Minutes where the book said 0), so that a
	// report measures the plan whatever the Capacity. The slices inside
	// managers and clients (Languages, Workdays, Holidays,
	// Contact.Channels) are shared with the book given.
	Book Book
	// Value is the total value of the clients; Covered the value of the
	// clients placed with a manager.
	Value, Covered int64
	// Coverage is Covered / Value, truncated; 0 when Value is 0.
	Coverage vipcare.Share
	// Bound is an upper bound on the coverage of any assignment that
	// respects role, branch, language and capacity: the coverage of the
	// best fractional assignment (the linear-programming relaxation),
	// rounded up. It ignores current relationships, MaxMoves and
	// MoveCost. See [Capacity.Assign].
	Bound vipcare.Share
	// MoveBound is an upper bound on the coverage of any assignment that
	// also moves at most MaxMoves clients, at or below Bound (equal to it
	// with no limit): the relaxation with the move limit, bounded through
	// its dual and rounded up. It ignores MoveCost. See [Capacity.Assign].
	MoveBound vipcare.Share
	// Gap is Bound - Coverage: how far the plan may be from the best
	// assignment free of current relationships. It counts what the move
	// limits cost, and what splitting clients between managers would add,
	// which is small when each client needs little of a manager's minutes;
	// MoveBound - Coverage leaves out what MaxMoves costs.
	Gap vipcare.Share
	// Moves is the number of clients placed with a manager other than
	// their current one.
	Moves int
}

// Assign places the clients of b with its managers, maximising the value of
// the clients placed (value-weighted coverage) within a limit on moves of
// current relationships ([Client].RM). A manager's capacity is its
// Minutes, or [Capacity.Minutes] when 0; a client needs its Minutes.
//
// A manager is eligible for a client when the manager's role is the same as
// or above the client's (a private-banking client only with a private
// banker; a digital-team client with anyone), the branches are the same
// (unless [AssignOptions].AnyBranch, or either branch is ""), and the
// manager speaks the client's language (when it has one). A plan never
// places a client with a manager who is not eligible, and never gives a
// manager more minutes than its capacity.
//
// A move is a client placed with a manager other than its current one; it
// counts against MaxMoves and is made only when the value it gains is
// above MoveCost: a client's own value when it moves to be served, or,
// when the improve step moves a client to make room for another, the
// value placed, above MoveCost for each move that makes. A client that
// stays, or is placed with a first manager,
// is not a move, and nor is a current client left unassigned because its
// manager's room went to clients worth more per minute: coverage counts
// what that loses.
//
// The plan is made in two steps:
//
//  1. Place: each client offers to be placed once or twice: staying with
//     its current manager (when eligible) or, with no current manager,
//     with any eligible manager, worth its value; and, with a current
//     manager, moving to another, worth its value less the price of a
//     move (MoveCost, or more when MaxMoves is short: the price of a move
//     in the move-aware bound below). The offers are taken in order of
//     value per minute, highest first (then value, then position in the
//     book), each while there is room, so that a dense client takes room
//     before a sparse one, relationship or not, and a client moves only
//     when its move is worth the room it takes. A client placed anew goes
//     to an eligible manager with room beside the minutes still held for
//     its current clients not yet taken, the most junior role first,
//     which keeps senior time for the clients only seniors may serve, then
//     the most such minutes left, then the first in the book; failing
//     that, to one with room, held or not, in the same order.
//  2. Improve: each client still unplaced for want of room, in order of
//     value per minute, is placed if moving one placed client from an
//     eligible manager to another manager with room makes room for it,
//     when the value gained is above MoveCost for each relationship this
//     moves, and within MaxMoves; of several ways, the one that adds the
//     fewest moves, then moves no other client, then leaves the fewest
//     minutes free at the manager. Then each client still unplaced, in the
//     same order, takes room these moves freed after its turn: with its
//     current manager first (no move), else as in step 1.
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
// then no assignment covers more than the sum over managers of capacity x
// price plus, for each client with an eligible manager, max(0, Value -
// Minutes x the lowest price among its eligible managers), each term
// rounded up to a whole unit of value. The bound respects role, branch,
// language and each manager's capacity; it ignores current relationships,
// MaxMoves and MoveCost, and it lets a client be split.
//
// The move-aware bound, [Roster].MoveBound, adds the move limit to the
// relaxation and is certified by the dual the same way, with a price per
// move beside the prices of minutes: at any prices, no assignment with at
// most MaxMoves moves covers more than the sum over managers of capacity x
// price, plus for each client the larger of 0 and its value less its
// minutes at its current manager's price (when it may stay), plus, for
// the MaxMoves clients it adds most to, what moving to its cheapest other
// eligible manager adds to that (a client with no current manager counts
// its cheapest eligible manager, as above). The best price per move is
// the gain of the next client, so only those MaxMoves gains appear. The
// prices of minutes tried are those of the bound above and those of the
// relaxation in which no client moves (solved exactly by the same greedy,
// with a client's current manager as its only manager), and the lower
// result counts. With MaxMoves 0 this is exactly that relaxation; with
// no limit, or one that does not bind, it is the bound. MoveCost is not
// in it: it is the caller's price, not a limit.
//
// A book with problems is an error, as for [Capacity.Report], and so are
// MaxMoves below -1 and a negative MoveCost (policy.ErrOutOfRange at
// "/options/max_moves", "/options/move_cost"); every problem is reported at
// once, never naming a client. An RM that names no manager is not an
// error: the client is treated as having none, and its Note says so.
//
// Ties are broken by position in the book, never by the content of an ID:
// the same book with other IDs gets the same plan, though the order of the
// book may change which of two equal clients or managers is preferred (the
// bounds do not depend on it). Nothing passed in is changed. Work grows
// with clients x eligible managers, plus sorting the clients; memory with
// clients plus managers x the distinct (role, branch, language) needs of
// the clients.
func (c *Capacity) Assign(b Book, o AssignOptions) (Roster, error) {
	var ps policy.Problems
	x := check(&ps, &b)
	if o.MaxMoves < -1 {
		ps.Add("/options/max_moves", "", policy.ErrOutOfRange)
	}
	if o.MoveCost < 0 {
		ps.Add("/options/move_cost", "", policy.ErrOutOfRange)
	}
	if err := ps.Err(); err != nil {
		return Roster{}, err
	}
	capa := make([]int, len(b.Managers))
	for j := range b.Managers {
		capa[j] = c.yearMinutes(&b.Managers[j])
	}
	a := newAssigner(b.Clients, b.Managers, capa, x.managers, o)
	var bound, moveBound int64
	if x.value > 0 {
		bound, moveBound = a.bounds()
	}
	a.place()
	a.improve()
	r := a.result()
	r.Value = x.value
	r.Coverage = vipcare.Share(num.Ratio(r.Covered, x.value))
	if x.value > 0 {
		r.Bound = vipcare.Share(num.RatioUp(bound, x.value))
		r.MoveBound = vipcare.Share(num.RatioUp(moveBound, x.value))
	}
	r.Gap = r.Bound - r.Coverage
	return r, nil
}

// Where a client's current relationship stands.
const (
	curNone       = iota // no current manager
	curUnknown           // its RM names no manager
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

// failCode returns the code of an unassigned client's reason.
func failCode(f uint8) vipcare.Code {
	switch f {
	case failNoEligible:
		return CodeNoEligible
	case failNoCapacity:
		return CodeNoCapacity
	case failMoveLimit:
		return CodeMoveLimit
	}
	return CodeMoveCost // failMoveCost; an unassigned client always has a reason
}

// assignKey is what decides which managers are eligible for a client.
type assignKey struct {
	role         contact.Role
	branch, lang string
}

// keyOf returns client c's key: its role, branch ("" when any branch may
// serve it) and language.
func keyOf(c *Client, anyBranch bool) assignKey {
	k := assignKey{role: c.Role, branch: c.Branch, lang: c.Language}
	if anyBranch {
		k.branch = ""
	}
	return k
}

// allows reports whether manager m may serve clients of key k: a role at
// least theirs, their branch (or none on either side) and their language.
func (k assignKey) allows(m *Manager) bool {
	return m.Role >= k.role &&
		(k.branch == "" || m.Branch == "" || m.Branch == k.branch) &&
		(k.lang == "" || slices.Contains(m.Languages, k.lang))
}

// assignGroup holds the clients of one class placed with one manager, by
// minutes then position: kept (the manager is their current one) and free.
type assignGroup struct {
	class      int32
	kept, free []int32
}

// assigner is the working state of one Assign call.
type assigner struct {
	cs    []Client
	ms    []Manager
	o     AssignOptions
	capa  []int          // per manager: its capacity
	role  []contact.Role // per manager
	elig  [][]int32      // per class: eligible managers, by role (junior first) then position
	class []int32        // per client: its class
	cur   []int32        // per client: its current manager, -1 if none or unknown
	curSt []uint8        // per client: curNone...curKept
	at    []int32        // per client: its manager, -1 if unassigned
	why   []uint8        // per client: why it is unassigned
	made  []bool         // per client: its current manager's room went to others (nil until needed)
	order []int32        // clients by value per minute, highest first
	keys  []densityKey   // scratch for byDensity
	rem   []int          // per manager: minutes left
	held  []wideSum      // per manager: minutes of its current clients not yet taken, in place
	moves int
	// rankCost is what a move is taken to cost when place ranks it against
	// other offers: MoveCost, or more when moves are scarce.
	rankCost int64

	groups [][]assignGroup // per manager, in improve

	eligibleValue int64 // value of the clients with an eligible manager
	movable       int   // clients with a current manager and an eligible one
}

// newAssigner sets up the working state: each client's class, current
// manager and place in the order of value per minute.
func newAssigner(cs []Client, ms []Manager, capa []int, byID map[string]int32, o AssignOptions) *assigner {
	n := len(cs)
	a := &assigner{
		cs: cs, ms: ms, o: o, capa: capa,
		role:  make([]contact.Role, len(ms)),
		cur:   make([]int32, n),
		curSt: make([]uint8, n),
		at:    make([]int32, n),
		why:   make([]uint8, n),
		order: make([]int32, n),
		rem:   slices.Clone(capa),
		held:  make([]wideSum, len(ms)),

		rankCost: o.MoveCost,
	}
	for j := range ms {
		a.role[j] = ms[j].Role
	}
	a.classify()
	for i := range cs {
		c := &cs[i]
		a.at[i] = -1
		a.cur[i] = -1
		if len(a.elig[a.class[i]]) > 0 {
			a.eligibleValue += c.Value
		}
		if c.RM != "" {
			j, ok := byID[c.RM]
			if ok && len(a.elig[a.class[i]]) > 0 {
				a.movable++
			}
			switch {
			case !ok:
				a.curSt[i] = curUnknown
			case !keyOf(c, o.AnyBranch).allows(&ms[j]):
				a.curSt[i] = curIneligible
				a.cur[i] = j
			default:
				a.cur[i] = j
				a.curSt[i] = curFull // until kept
				a.held[j].add(c.Minutes)
			}
		}
		a.order[i] = int32(i)
	}
	a.keys = byDensity(a.order, cs, 0, nil)
	return a
}

// classify gives each client its class, the clients with the same
// eligibility key, and each class its eligible managers. Classes are
// numbered in the order of their keys (role, branch, language), so that
// where the plan goes through classes in turn the order of the book plays
// no part.
func (a *assigner) classify() {
	a.class = make([]int32, len(a.cs))
	keys := map[assignKey]int32{}
	var order []assignKey
	for i := range a.cs {
		k := keyOf(&a.cs[i], a.o.AnyBranch)
		if _, ok := keys[k]; !ok {
			keys[k] = 0
			order = append(order, k)
		}
	}
	slices.SortFunc(order, func(x, y assignKey) int {
		return cmp.Or(cmp.Compare(x.role, y.role), cmp.Compare(x.branch, y.branch), cmp.Compare(x.lang, y.lang))
	})
	a.elig = make([][]int32, len(order))
	for ci, k := range order {
		keys[k] = int32(ci)
		a.elig[ci] = a.eligible(k)
	}
	for i := range a.cs {
		a.class[i] = keys[keyOf(&a.cs[i], a.o.AnyBranch)]
	}
}

// eligible returns the managers eligible for clients of key k, junior role
// first, then in the order of the book.
func (a *assigner) eligible(k assignKey) []int32 {
	var e []int32
	for j := range a.ms {
		if k.allows(&a.ms[j]) {
			e = append(e, int32(j))
		}
	}
	slices.SortStableFunc(e, func(x, y int32) int { return cmp.Compare(a.ms[x].Role, a.ms[y].Role) })
	return e
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

// result builds the allocations and the book as assigned.
func (a *assigner) result() Roster {
	r := Roster{
		Allocations: make([]Allocation, len(a.cs)),
		Book:        Book{Managers: slices.Clone(a.ms)},
	}
	if a.cs != nil {
		r.Book.Clients = make([]Client, len(a.cs)) // filled below, each with its RM
	}
	for j := range r.Book.Managers {
		r.Book.Managers[j].Minutes = a.capa[j]
	}
	for i := range a.cs {
		c := &a.cs[i]
		p := Allocation{Client: c.ID}
		switch j := a.at[i]; {
		case j >= 0 && j == a.cur[i]:
			p.Code = CodeStayed
		case j >= 0:
			p.Code, p.Moved = CodeAssigned, a.cur[i] >= 0
		default:
			p.Code = failCode(a.why[i])
		}
		if j := a.at[i]; j >= 0 {
			p.RM = a.ms[j].ID
			r.Covered += c.Value
		}
		r.Book.Clients[i] = *c
		r.Book.Clients[i].RM = p.RM
		if p.Moved {
			r.Moves++
		}
		switch {
		case p.Code == CodeStayed:
		case a.made != nil && a.made[i] && p.RM != "":
			p.Note = CodeMadeRoom
		case a.curSt[i] == curUnknown:
			p.Note = CodeCurrentUnknown
		case a.curSt[i] == curIneligible:
			p.Note = CodeCurrentNotEligible
		case a.curSt[i] == curFull:
			p.Note = CodeCurrentFull
		}
		r.Allocations[i] = p
	}
	return r
}

// String summarises the plan without client identifiers or amounts: the
// coverage, bound (and move-aware bound, when lower) and gap, the moves, the outcomes, and the load of each
// role in the roster's book (hours a year, rounded).
func (r Roster) String() string {
	var sb strings.Builder
	sb.WriteString("coverage " + r.Coverage.Percent() + " of value, bound " + r.Bound.Percent())
	if r.MoveBound != r.Bound {
		sb.WriteString(" (" + r.MoveBound.Percent() + " within the move limit)")
	}
	sb.WriteString(", gap " + r.Gap.Percent() + ", " + strconv.Itoa(r.Moves) + " moved\n")
	outcomes := [...]vipcare.Code{CodeStayed, CodeAssigned, CodeNoEligible, CodeNoCapacity, CodeMoveLimit, CodeMoveCost}
	words := [...]string{"stayed", "assigned", "no eligible RM", "no capacity", "move limit", "move cost"}
	var counts [len(outcomes)]int
	for _, p := range r.Allocations {
		if k := slices.Index(outcomes[:], p.Code); k >= 0 {
			counts[k]++
		}
	}
	sb.WriteString(textfmt.Count(len(r.Allocations), "client", "clients") + ":")
	sep := " "
	for k, n := range counts {
		if n > 0 {
			sb.WriteString(sep + strconv.Itoa(n) + " " + words[k])
			sep = ", "
		}
	}
	sb.WriteString("\n")
	sb.WriteString(textfmt.Table(roleLoads(r.Book), textfmt.FirstLeft))
	return strings.TrimSuffix(sb.String(), "\n")
}

// roleLoads returns the rows of the load of each role of b, the most
// senior first: managers, clients, minutes and capacity in hours a year,
// utilisation.
func roleLoads(b Book) [][]string {
	type roleLoad struct {
		role                   contact.Role
		rms, clients, min, cap int
	}
	var roles []roleLoad
	byID := make(map[string]int, len(b.Managers))
	for _, m := range b.Managers {
		k := slices.IndexFunc(roles, func(x roleLoad) bool { return x.role == m.Role })
		if k < 0 {
			roles = append(roles, roleLoad{role: m.Role})
			k = len(roles) - 1
		}
		byID[m.ID] = k
		roles[k].rms++
		roles[k].cap = addDemand(roles[k].cap, min(m.Minutes, maxDemand))
	}
	for _, c := range b.Clients {
		if k, ok := byID[c.RM]; ok {
			roles[k].clients++
			roles[k].min = addDemand(roles[k].min, min(c.Minutes, maxDemand))
		}
	}
	slices.SortFunc(roles, func(x, y roleLoad) int { return cmp.Compare(y.role, x.role) })
	rows := [][]string{{"role", "rms", "clients", "load h", "capacity h", "utilisation"}}
	for _, x := range roles {
		rows = append(rows, []string{x.role.String(), strconv.Itoa(x.rms), strconv.Itoa(x.clients),
			hours(x.min), hours(x.cap), vipcare.Share(num.Ratio(int64(x.min), int64(x.cap))).Percent()})
	}
	return rows
}
