package rm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// asgEligible is the reference rule, written independently of Assign.
func asgEligible(c rm.Client, m rm.Manager, anyBranch bool) bool {
	if m.Role < c.Role {
		return false
	}
	if !anyBranch && c.Branch != "" && m.Branch != "" && c.Branch != m.Branch {
		return false
	}
	return c.Language == "" || slices.Contains(m.Languages, c.Language)
}

// asgCapacity returns manager m's capacity under c: its Minutes, or c's.
func asgCapacity(c *rm.Capacity, m rm.Manager) int {
	if m.Minutes == 0 {
		return c.Minutes()
	}
	return m.Minutes
}

// asgRun runs Assign twice, checks the answers agree, the input is
// unchanged and the plan keeps every rule, and returns the result.
func asgRun(t *testing.T, c *rm.Capacity, b rm.Book, o rm.AssignOptions) rm.Roster {
	t.Helper()
	before := cloneBook(b)
	r, err := c.Assign(b, o)
	require.NoError(t, err)
	r2, err := c.Assign(b, o)
	require.NoError(t, err)
	require.Equal(t, r, r2, "same answer twice")
	require.Equal(t, before, b, "book unchanged")
	asgCheck(t, c, b, o, r)
	return r
}

// asgCheck checks the invariants of any plan.
func asgCheck(t testing.TB, c *rm.Capacity, b rm.Book, o rm.AssignOptions, r rm.Roster) {
	t.Helper()
	cs, ms := b.Clients, b.Managers
	require.Len(t, r.Allocations, len(cs))
	require.Len(t, r.Book.Clients, len(cs))
	require.Len(t, r.Book.Managers, len(ms))
	byID := map[string]int{}
	for j, m := range ms {
		byID[m.ID] = j
		want := m
		want.Minutes = asgCapacity(c, m)
		require.Equal(t, want, r.Book.Managers[j], "the roster's managers are the book's, with their capacity")
	}
	minutes := make([]int, len(ms))
	clients := make([]int, len(ms))
	var value, covered int64
	moves, unplaced := 0, 0
	for i, p := range r.Allocations {
		cl := cs[i]
		require.Equal(t, cl.ID, p.Client, "allocations in input order")
		want := cl
		want.RM = p.RM
		require.Equal(t, want, r.Book.Clients[i], "the roster's clients are the book's, with their RM")
		value += cl.Value
		_, hasCur := byID[cl.RM]
		if p.RM == "" {
			unplaced++
			require.Contains(t, []vipcare.Code{rm.CodeNoEligible, rm.CodeNoCapacity, rm.CodeMoveLimit, rm.CodeMoveCost}, p.Code)
			require.False(t, p.Moved)
			if p.Code == rm.CodeNoEligible {
				for _, m := range ms {
					require.False(t, asgEligible(cl, m, o.AnyBranch), "%s: an eligible manager exists", p.Code)
				}
			}
		} else {
			j, ok := byID[p.RM]
			require.True(t, ok, "placed with a known manager")
			require.True(t, asgEligible(cl, ms[j], o.AnyBranch), "client %d placed with an ineligible manager", i)
			minutes[j] += cl.Minutes
			clients[j]++
			covered += cl.Value
			require.Equal(t, hasCur && p.RM != cl.RM, p.Moved)
			if p.Moved {
				moves++
			}
			if hasCur && p.RM == cl.RM {
				require.Equal(t, rm.CodeStayed, p.Code)
			} else {
				require.Equal(t, rm.CodeAssigned, p.Code)
			}
		}
		switch {
		case p.Code == rm.CodeStayed:
			require.Empty(t, p.Note)
		case cl.RM == "":
			require.Empty(t, p.Note)
		case !hasCur:
			require.Equal(t, rm.CodeCurrentUnknown, p.Note)
		case !asgEligible(cl, ms[byID[cl.RM]], o.AnyBranch):
			require.Equal(t, rm.CodeCurrentNotEligible, p.Note)
		default:
			require.Contains(t, []vipcare.Code{rm.CodeCurrentFull, rm.CodeMadeRoom}, p.Note)
		}
	}
	// The roster's book goes straight into a report: every manager within
	// capacity, the unplaced clients unassigned.
	rep, err := c.Report(r.Book)
	require.NoError(t, err)
	for j, m := range ms {
		l := rep.Managers[j]
		require.Equal(t, m.ID, l.RM)
		require.Equal(t, clients[j], l.Clients)
		require.Equal(t, min(minutes[j], 1<<40), l.Demand, "saturating at 2^40 minutes")
		require.Equal(t, min(asgCapacity(c, m), 1<<40), l.Capacity)
		require.LessOrEqual(t, l.Demand, l.Capacity, "capacity of %s", m.ID)
		require.False(t, l.Over)
		require.Empty(t, l.Uncovered, "every client placed is covered")
	}
	require.Equal(t, unplaced, rep.Unassigned)
	require.Equal(t, moves, r.Moves)
	if o.MaxMoves >= 0 {
		require.LessOrEqual(t, r.Moves, o.MaxMoves)
	}
	require.Equal(t, value, r.Value)
	require.Equal(t, covered, r.Covered)
	require.Equal(t, vipcare.ShareOf(vipcare.Amount(covered), vipcare.Amount(value)), r.Coverage)
	require.GreaterOrEqual(t, r.MoveBound, r.Coverage)
	require.GreaterOrEqual(t, r.Bound, r.MoveBound)
	require.LessOrEqual(t, r.Bound, vipcare.Whole)
	if o.MaxMoves < 0 {
		require.Equal(t, r.Bound, r.MoveBound, "no move limit")
	}
	require.Equal(t, r.Bound-r.Coverage, r.Gap)
	require.NotContains(t, r.String(), "C-", "no client ID in the summary")
}

// asgIDs returns each client's manager and codes, as "RM | code; note".
func asgIDs(r rm.Roster) map[string]string {
	m := map[string]string{}
	for _, p := range r.Allocations {
		s := p.RM + " | " + string(p.Code)
		if p.Note != "" {
			s += "; " + string(p.Note)
		}
		m[p.Client] = s
	}
	return m
}

func TestAssign(t *testing.T) {
	const (
		pb, srm, rmr, dt = contact.PrivateBanker, contact.SeniorRM, contact.RM, contact.DigitalTeam
	)
	mgr := func(id string, role contact.Role, branch string, minutes int, langs ...string) rm.Manager {
		return rm.Manager{ID: id, Role: role, Branch: branch, Minutes: minutes, Languages: langs}
	}
	cl := func(id string, role contact.Role, minutes int, value int64) rm.Client {
		return rm.Client{ID: id, Role: role, Branch: "SH", Minutes: minutes, Value: value}
	}
	with := func(c rm.Client, f func(*rm.Client)) rm.Client { f(&c); return c }
	cur := func(id string) func(*rm.Client) { return func(c *rm.Client) { c.RM = id } }
	noLimit := rm.AssignOptions{MaxMoves: -1}

	tests := []struct {
		name    string
		why     string
		clients []rm.Client
		mgrs    []rm.Manager
		o       rm.AssignOptions
		want    map[string]string // client -> "RM | code; note"
		moves   int
	}{
		{
			name:    "private banking only to a private banker",
			why:     "an RM with room may not take a private-banking client; the private banker may",
			clients: []rm.Client{cl("C-1", pb, 100, 1000)},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 10_000), mgr("SRM-1", srm, "SH", 10_000), mgr("PB-1", pb, "SH", 200)},
			want:    map[string]string{"C-1": "PB-1 | assigned"},
		},
		{
			name:    "private banking with no private banker",
			why:     "no amount of RM capacity makes an RM eligible",
			clients: []rm.Client{cl("C-1", pb, 100, 1000)},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 10_000), mgr("SRM-1", srm, "SH", 10_000)},
			want:    map[string]string{"C-1": " | no_eligible_rm"},
		},
		{
			name:    "a senior role serves a junior client",
			why:     "a private banker may serve a senior-RM client, and anyone a digital-team client",
			clients: []rm.Client{cl("C-1", srm, 100, 1000), cl("C-2", dt, 10, 10)},
			mgrs:    []rm.Manager{mgr("SRM-1", srm, "SH", 50), mgr("PB-1", pb, "SH", 100)},
			want:    map[string]string{"C-1": "PB-1 | assigned", "C-2": "SRM-1 | assigned"},
		},
		{
			name:    "most room first, ties by position",
			why:     "the client goes to the eligible manager with the most minutes left, the first in the book among equals, whatever the IDs",
			clients: []rm.Client{cl("C-1", rmr, 10, 100), cl("C-2", rmr, 10, 90), cl("C-3", rmr, 10, 80)},
			mgrs:    []rm.Manager{mgr("RM-B", rmr, "SH", 100), mgr("RM-A", rmr, "SH", 100)},
			want:    map[string]string{"C-1": "RM-B | assigned", "C-2": "RM-A | assigned", "C-3": "RM-B | assigned"},
		},
		{
			name:    "a manager's minutes default to the capacity's",
			why:     "a manager with Minutes 0 has the Capacity's 68,640 minutes: it takes a client of 60,000, RM-B (1,000) cannot",
			clients: []rm.Client{cl("C-1", rmr, 60_000, 100)},
			mgrs:    []rm.Manager{mgr("RM-A", rmr, "SH", 0), mgr("RM-B", rmr, "SH", 1_000)},
			want:    map[string]string{"C-1": "RM-A | assigned"},
		},
		{
			name: "language",
			why:  "a Cantonese-speaking client goes to the RM who speaks it, though another has more room",
			clients: []rm.Client{
				with(cl("C-1", rmr, 10, 100), func(c *rm.Client) { c.Language = "yue" }),
				with(cl("C-2", rmr, 10, 100), func(c *rm.Client) { c.Language = "fr" }),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 1000, "zh"), mgr("RM-2", rmr, "SH", 100, "zh", "yue")},
			want: map[string]string{"C-1": "RM-2 | assigned", "C-2": " | no_eligible_rm"},
		},
		{
			name:    "branch",
			why:     "a client stays in its branch though another branch has room",
			clients: []rm.Client{cl("C-1", rmr, 10, 100), cl("C-2", rmr, 10, 90)},
			mgrs:    []rm.Manager{mgr("RM-BJ", rmr, "BJ", 1000), mgr("RM-SH", rmr, "SH", 10)},
			want:    map[string]string{"C-1": "RM-SH | assigned", "C-2": " | no_capacity"},
		},
		{
			name:    "any branch",
			why:     "AnyBranch lets another branch take the overflow",
			clients: []rm.Client{cl("C-1", rmr, 10, 100), cl("C-2", rmr, 10, 90)},
			mgrs:    []rm.Manager{mgr("RM-BJ", rmr, "BJ", 1000), mgr("RM-SH", rmr, "SH", 10)},
			o:       rm.AssignOptions{AnyBranch: true},
			want:    map[string]string{"C-1": "RM-BJ | assigned", "C-2": "RM-BJ | assigned"},
		},
		{
			name: "no branch on either side",
			why:  "a client with no branch may go anywhere; a central team serves every branch",
			clients: []rm.Client{
				with(cl("C-1", rmr, 10, 100), func(c *rm.Client) { c.Branch = "" }),
				cl("C-2", dt, 10, 90),
			},
			mgrs: []rm.Manager{mgr("RM-BJ", rmr, "BJ", 10), mgr("DT", dt, "", 10)},
			want: map[string]string{"C-1": "RM-BJ | assigned", "C-2": "DT | assigned"},
		},
		{
			name:    "capacity full",
			why:     "the most valuable per minute are placed; a client that fits nowhere has no capacity",
			clients: []rm.Client{cl("C-1", rmr, 60, 600), cl("C-2", rmr, 60, 900), cl("C-3", rmr, 30, 10)},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 100)},
			want:    map[string]string{"C-2": "RM-1 | assigned", "C-1": " | no_capacity", "C-3": "RM-1 | assigned"},
		},
		{
			name: "zero minutes fit anywhere",
			why: "a client with no workload fits a manager with no minutes left (a manager's Minutes of 0 means " +
				"the capacity's, so the manager is filled by a kept client)",
			clients: []rm.Client{with(cl("C-0", rmr, 60, 500), cur("RM-1")), cl("C-1", rmr, 0, 5)},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 60)},
			want:    map[string]string{"C-0": "RM-1 | stayed", "C-1": "RM-1 | assigned"},
		},
		{
			name: "MaxMoves 0 keeps relationships",
			why:  "kept clients stay though another RM has more room; only newcomers go there",
			clients: []rm.Client{
				with(cl("C-1", rmr, 50, 100), cur("RM-1")),
				with(cl("C-2", rmr, 50, 100), cur("RM-1")),
				cl("C-3", rmr, 50, 100),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("RM-2", rmr, "SH", 1000)},
			want: map[string]string{"C-1": "RM-1 | stayed", "C-2": "RM-1 | stayed", "C-3": "RM-2 | assigned"},
		},
		{
			name:    "MaxMoves 0 leaves an ineligible relationship unplaced",
			why:     "a client upgraded to private banking needs a move, and none is allowed",
			clients: []rm.Client{with(cl("C-1", pb, 50, 100), cur("RM-1"))},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("PB-1", pb, "SH", 100)},
			want:    map[string]string{"C-1": " | move_limit; current_rm_not_eligible"},
		},
		{
			name:    "an ineligible relationship moves",
			why:     "the upgraded client goes to the private banker, a move",
			clients: []rm.Client{with(cl("C-1", pb, 50, 100), cur("RM-1"))},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("PB-1", pb, "SH", 100)},
			o:       noLimit,
			want:    map[string]string{"C-1": "PB-1 | assigned; current_rm_not_eligible"},
			moves:   1,
		},
		{
			name:    "unknown current RM",
			why:     "an RM that names no manager is treated as none: not a move",
			clients: []rm.Client{with(cl("C-1", rmr, 50, 100), cur("RM-GONE"))},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, "SH", 100)},
			want:    map[string]string{"C-1": "RM-1 | assigned; current_rm_unknown"},
		},
		{
			name: "over-capacity current RM forces moves within MaxMoves",
			why:  "the two most valuable stay; of the two that must go the denser one moves, the other meets the limit",
			clients: []rm.Client{
				with(cl("C-1", rmr, 40, 40), cur("RM-1")),
				with(cl("C-2", rmr, 40, 30), cur("RM-1")),
				with(cl("C-3", rmr, 40, 20), cur("RM-1")),
				with(cl("C-4", rmr, 40, 10), cur("RM-1")),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("RM-2", rmr, "SH", 100)},
			o:    rm.AssignOptions{MaxMoves: 1},
			want: map[string]string{
				"C-1": "RM-1 | stayed", "C-2": "RM-1 | stayed",
				"C-3": "RM-2 | assigned; current_rm_full", "C-4": " | move_limit; current_rm_full",
			},
			moves: 1,
		},
		{
			name: "MoveCost prevents a marginal move",
			why:  "moving the overflow gains its value: 20 is worth a move costing 15, 10 is not",
			clients: []rm.Client{
				with(cl("C-1", rmr, 40, 40), cur("RM-1")),
				with(cl("C-2", rmr, 40, 30), cur("RM-1")),
				with(cl("C-3", rmr, 40, 20), cur("RM-1")),
				with(cl("C-4", rmr, 40, 10), cur("RM-1")),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("RM-2", rmr, "SH", 100)},
			o:    rm.AssignOptions{MaxMoves: -1, MoveCost: 15},
			want: map[string]string{
				"C-1": "RM-1 | stayed", "C-2": "RM-1 | stayed",
				"C-3": "RM-2 | assigned; current_rm_full", "C-4": " | move_cost; current_rm_full",
			},
			moves: 1,
		},
		{
			name: "MoveCost equal to the gain",
			why:  "a move happens only when it gains more than its cost",
			clients: []rm.Client{
				with(cl("C-1", rmr, 80, 40), cur("RM-1")),
				with(cl("C-2", rmr, 80, 20), cur("RM-1")),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("RM-2", rmr, "SH", 100)},
			o:    rm.AssignOptions{MaxMoves: -1, MoveCost: 20},
			want: map[string]string{"C-1": "RM-1 | stayed", "C-2": " | move_cost; current_rm_full"},
		},
		{
			name: "a private banker's room goes to a private-banking client",
			why:  "a senior client kept by the private banker moves to a senior RM with room, so the new private-banking client fits",
			clients: []rm.Client{
				with(cl("C-1", srm, 80, 100), cur("PB-1")),
				cl("C-2", pb, 80, 1000),
			},
			mgrs:  []rm.Manager{mgr("PB-1", pb, "SH", 100), mgr("SRM-1", srm, "SH", 100)},
			o:     noLimit,
			want:  map[string]string{"C-1": "SRM-1 | assigned; moved_to_make_room", "C-2": "PB-1 | assigned"},
			moves: 1,
		},
		{
			name: "making room when the move is not worth it",
			why: "the private-banking client is worth more per minute and takes the room; the senior client's move " +
				"gains 100, not above its cost (1000), so it is left unassigned: dropping a relationship is not a move",
			clients: []rm.Client{
				with(cl("C-1", srm, 80, 100), cur("PB-1")),
				cl("C-2", pb, 80, 1000),
			},
			mgrs: []rm.Manager{mgr("PB-1", pb, "SH", 100), mgr("SRM-1", srm, "SH", 100)},
			o:    rm.AssignOptions{MaxMoves: -1, MoveCost: 1000},
			want: map[string]string{"C-1": " | move_cost; current_rm_full", "C-2": "PB-1 | assigned"},
		},
		{
			name: "making room within no moves",
			why:  "MaxMoves 0: the private-banking client takes the room, and the senior client may not move to the senior RM",
			clients: []rm.Client{
				with(cl("C-1", srm, 80, 100), cur("PB-1")),
				cl("C-2", pb, 80, 1000),
			},
			mgrs: []rm.Manager{mgr("PB-1", pb, "SH", 100), mgr("SRM-1", srm, "SH", 100)},
			want: map[string]string{"C-1": " | move_limit; current_rm_full", "C-2": "PB-1 | assigned"},
		},
		{
			name: "a denser newcomer takes a current client's room",
			why:  "value per minute decides, not the relationship: 10 a minute beats 1; the current client has nowhere else to go",
			clients: []rm.Client{
				with(cl("C-1", rmr, 60, 60), cur("RM-1")),
				cl("C-2", rmr, 60, 600),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100)},
			want: map[string]string{"C-1": " | no_capacity; current_rm_full", "C-2": "RM-1 | assigned"},
		},
		{
			name: "a current client keeps its room from a sparser newcomer",
			why:  "the current client is worth more per minute, so it stays",
			clients: []rm.Client{
				with(cl("C-1", rmr, 60, 600), cur("RM-1")),
				cl("C-2", rmr, 60, 60),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100)},
			want: map[string]string{"C-1": "RM-1 | stayed", "C-2": " | no_capacity"},
		},
		{
			name: "a newcomer avoids room held for current clients",
			why: "RM-1 has more minutes left but 60 of them are held for C-2, which comes later; C-1 goes to RM-2, " +
				"where it leaves room for C-3, and no one has to move",
			clients: []rm.Client{
				cl("C-1", rmr, 50, 500),
				with(cl("C-2", rmr, 60, 120), cur("RM-1")),
				with(cl("C-3", rmr, 20, 40), cur("RM-2")),
			},
			mgrs: []rm.Manager{mgr("RM-1", rmr, "SH", 100), mgr("RM-2", rmr, "SH", 90)},
			want: map[string]string{"C-1": "RM-2 | assigned", "C-2": "RM-1 | stayed", "C-3": "RM-2 | stayed"},
		},
		{
			name: "a scarce move goes where it gains most",
			why: "two upgraded clients need the private banker and one move is allowed: C-2 is denser (15 a minute), " +
				"but C-1 gains 1000 with it, C-2 300, so the move is priced at 300 and goes to C-1",
			clients: []rm.Client{
				with(cl("C-1", pb, 100, 1000), cur("RM-1")),
				with(cl("C-2", pb, 20, 300), cur("RM-1")),
			},
			mgrs:  []rm.Manager{mgr("RM-1", rmr, "SH", 200), mgr("PB-1", pb, "SH", 200)},
			o:     rm.AssignOptions{MaxMoves: 1},
			want:  map[string]string{"C-1": "PB-1 | assigned; current_rm_not_eligible", "C-2": " | move_limit; current_rm_not_eligible"},
			moves: 1,
		},
		{
			name: "making room by moving a newcomer is free",
			why: "the senior client first took the room of the private banker who speaks English; it moves to the other, " +
				"a client placed in this run has no relationship to break, so no move counts",
			clients: []rm.Client{
				cl("C-1", srm, 80, 800),
				with(cl("C-2", pb, 80, 100), func(c *rm.Client) { c.Language = "en" }),
			},
			mgrs: []rm.Manager{mgr("PB-1", pb, "SH", 100, "zh", "en"), mgr("PB-2", pb, "SH", 100, "zh")},
			want: map[string]string{"C-1": "PB-2 | assigned", "C-2": "PB-1 | assigned"},
		},
		{
			name:    "junior role first",
			why:     "a senior client goes to the senior RM though the private banker has more room, saving the private banker's time",
			clients: []rm.Client{cl("C-1", srm, 80, 800)},
			mgrs:    []rm.Manager{mgr("PB-1", pb, "SH", 1000), mgr("SRM-1", srm, "SH", 100)},
			want:    map[string]string{"C-1": "SRM-1 | assigned"},
		},
	}
	c := refCapacity()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := asgRun(t, c, rm.Book{Managers: tc.mgrs, Clients: tc.clients}, tc.o)
			assert.Equal(t, tc.want, asgIDs(r), tc.why)
			assert.Equal(t, tc.moves, r.Moves, tc.why)
		})
	}
}

// Coverage, bound and gap on hand-computed cases.
func TestAssignCoverageBound(t *testing.T) {
	mgr := func(id, branch string, minutes int) rm.Manager {
		return rm.Manager{ID: id, Role: contact.RM, Branch: branch, Minutes: minutes}
	}
	cl := func(id, branch string, minutes int, value int64) rm.Client {
		return rm.Client{ID: id, Role: contact.RM, Branch: branch, Minutes: minutes, Value: value}
	}
	tests := []struct {
		name                 string
		why                  string
		clients              []rm.Client
		mgrs                 []rm.Manager
		covered              int64
		coverage, bound, gap vipcare.Share
	}{
		{
			// Values per minute 10, 9, 8, 2. Each manager fits one client.
			// Plan: C-1 on A, C-2 on B: 1,140 of 1,740 = 0.655172 (truncated).
			// Total-capacity bound: 200 minutes take C-1, C-2, C-3 (180) and
			// 20 minutes of C-4 at 2 a minute: 600+540+480+40 = 1,660.
			// Unplaced prices: both managers at 8 a minute (C-3):
			// 200x8 + (600-480) + (540-480) = 1,780. Bound 1,660/1,740 =
			// 0.954023 rounded up; the true optimum is the plan, so the gap
			// is all in the bound (integrality).
			name: "integrality",
			why:  "the LP bound splits a client; no plan can",
			clients: []rm.Client{
				cl("C-1", "SH", 60, 600), cl("C-2", "SH", 60, 540), cl("C-3", "SH", 60, 480), cl("C-4", "SH", 60, 120),
			},
			mgrs:     []rm.Manager{mgr("A", "SH", 100), mgr("B", "SH", 100)},
			covered:  1140,
			coverage: 655_172, bound: 954_023, gap: 954_023 - 655_172,
		},
		{
			// Branch X: one manager of 100 minutes, clients of 500 and 400
			// (100 minutes each); branch Y: one manager, one client of 100.
			// Plan: 500 + 100 = 600 of 1,000 = 60%. Total-capacity bound:
			// 200 minutes take 500 and 400, price 1 a minute (the Y client):
			// 200 + 400 + 300 = 900. Unplaced prices: X at 4 (the 400
			// client), Y at 0: 400 + 100 + 0 + 100 = 600, the plan: gap 0.
			name: "per-branch prices",
			why:  "pricing each manager at its unplaced clients proves the plan optimal",
			clients: []rm.Client{
				cl("C-1", "X", 100, 500), cl("C-2", "X", 100, 400), cl("C-3", "Y", 100, 100),
			},
			mgrs:     []rm.Manager{mgr("X", "X", 100), mgr("Y", "Y", 100)},
			covered:  600,
			coverage: 600_000, bound: 600_000, gap: 0,
		},
		{
			// Everything fits: the bound is the eligible value, 1,000 of
			// 1,100 (C-3 needs a branch with no manager).
			name: "all fit",
			why:  "with room for all, prices are 0 and the bound is the value that has an eligible manager",
			clients: []rm.Client{
				cl("C-1", "X", 10, 600), cl("C-2", "X", 10, 400), cl("C-3", "Z", 10, 100),
			},
			mgrs:     []rm.Manager{mgr("X", "X", 100)},
			covered:  1000,
			coverage: 909_090, bound: 909_091, gap: 1,
		},
		{
			name:    "no value",
			why:     "a book worth nothing has coverage, bound and gap 0",
			clients: []rm.Client{cl("C-1", "X", 10, 0)},
			mgrs:    []rm.Manager{mgr("X", "X", 100)},
		},
	}
	c := refCapacity()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := asgRun(t, c, rm.Book{Managers: tc.mgrs, Clients: tc.clients}, rm.AssignOptions{})
			assert.Equal(t, tc.covered, r.Covered, tc.why)
			assert.Equal(t, tc.coverage, r.Coverage, tc.why)
			assert.Equal(t, tc.bound, r.Bound, tc.why)
			assert.Equal(t, tc.bound, r.MoveBound, "no current relationships: the move limit costs nothing")
			assert.Equal(t, tc.gap, r.Gap, tc.why)
		})
	}
}

// The move-aware bound on hand-computed cases.
func TestAssignMoveBound(t *testing.T) {
	const pb, rmr = contact.PrivateBanker, contact.RM
	mgr := func(id string, role contact.Role, minutes int) rm.Manager {
		return rm.Manager{ID: id, Role: role, Branch: "SH", Minutes: minutes}
	}
	cl := func(id string, role contact.Role, minutes int, value int64, cur string) rm.Client {
		return rm.Client{ID: id, Role: role, Branch: "SH", Minutes: minutes, Value: value, RM: cur}
	}
	twoAtA := []rm.Client{cl("C-1", rmr, 100, 500, "A"), cl("C-2", rmr, 100, 400, "A"), cl("C-3", rmr, 100, 100, "")}
	tests := []struct {
		name                string
		why                 string
		clients             []rm.Client
		mgrs                []rm.Manager
		o                   rm.AssignOptions
		covered             int64
		coverage, moveBound vipcare.Share
		bound               vipcare.Share
	}{
		{
			// A fits one client; C-2 may only stay, and C-1 is denser, so
			// B takes C-3: 600 of 1,000. Without the limit C-2 moves to B:
			// 900.
			name:    "no moves",
			why:     "the bound within no moves is the plan; the unconstrained one lets C-2 move",
			clients: twoAtA,
			mgrs:    []rm.Manager{mgr("A", rmr, 100), mgr("B", rmr, 100)},
			covered: 600, coverage: 600_000, moveBound: 600_000, bound: 900_000,
		},
		{
			name:    "one move",
			why:     "one move is all the unconstrained optimum needs",
			clients: twoAtA,
			mgrs:    []rm.Manager{mgr("A", rmr, 100), mgr("B", rmr, 100)},
			o:       rm.AssignOptions{MaxMoves: 1},
			covered: 900, coverage: 900_000, moveBound: 900_000, bound: 900_000,
		},
		{
			// Both upgraded clients need a move to the private banker, who
			// has room for both; one move is allowed: the best is C-1,
			// 1,000 of 1,300 = 0.769230..., rounded up.
			name: "the limit binds",
			why:  "with one move only the larger gain counts",
			clients: []rm.Client{
				cl("C-1", pb, 100, 1000, "RM-1"), cl("C-2", pb, 20, 300, "RM-1"),
			},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, 200), mgr("PB-1", pb, 200)},
			o:       rm.AssignOptions{MaxMoves: 1},
			covered: 1000, coverage: 769_230, moveBound: 769_231, bound: vipcare.Whole,
		},
		{
			// C-2 takes 60 of RM-1's 100 minutes and C-1 the other 40 of
			// its 60 in the relaxation: 600 + 40 = 640 of 660; the plan
			// cannot split C-1 and drops it (not a move).
			name:    "dropping is not a move",
			why:     "a newcomer denser than a current client takes its room within no moves",
			clients: []rm.Client{cl("C-1", rmr, 60, 60, "RM-1"), cl("C-2", rmr, 60, 600, "")},
			mgrs:    []rm.Manager{mgr("RM-1", rmr, 100)},
			covered: 600, coverage: 909_090, moveBound: 969_697, bound: 969_697,
		},
	}
	c := refCapacity()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := asgRun(t, c, rm.Book{Managers: tc.mgrs, Clients: tc.clients}, tc.o)
			assert.Equal(t, tc.covered, r.Covered, tc.why)
			assert.Equal(t, tc.coverage, r.Coverage, tc.why)
			assert.Equal(t, tc.moveBound, r.MoveBound, tc.why)
			assert.Equal(t, tc.bound, r.Bound, tc.why)
		})
	}
}

func TestAssignErrors(t *testing.T) {
	c := refCapacity()
	b := rm.Book{
		Clients: []rm.Client{
			{ID: "C-1", Role: contact.RM, Minutes: 10, Value: 1},
			{ID: "", Role: contact.RM},
			{ID: "C-1", Role: 0, Minutes: -1, Value: -5},
			{ID: "C-4", Role: contact.RM, Value: math.MaxInt64, RM: "NOBODY"},
		},
		Managers: []rm.Manager{
			{ID: "RM-1", Role: contact.RM, Minutes: 10},
			{ID: "RM-1", Role: 0, Minutes: -1},
			{ID: "", Role: contact.RM},
		},
	}
	_, err := c.Assign(b, rm.AssignOptions{MaxMoves: -2, MoveCost: -1})
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/managers/1/id", Name: "RM-1", Err: policy.ErrDuplicate},
		testkit.Want{Path: "/managers/1/role", Name: "RM-1", Err: policy.ErrMissing},
		testkit.Want{Path: "/managers/1/minutes", Name: "RM-1", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/managers/2/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/clients/1/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/clients/2/id", Err: policy.ErrDuplicate},
		testkit.Want{Path: "/clients/2/role", Err: policy.ErrMissing},
		testkit.Want{Path: "/clients/2/minutes", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/clients/2/value", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/clients/3/value", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/options/max_moves", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/options/move_cost", Err: policy.ErrOutOfRange},
	)
	assert.NotContains(t, err.Error(), "C-", "never names a client")

	// An unknown current RM alone is not an error; nor are empty inputs.
	_, err = c.Assign(rm.Book{Clients: b.Clients[3:], Managers: b.Managers[:1]}, rm.AssignOptions{})
	require.NoError(t, err)
	r, err := c.Assign(rm.Book{}, rm.AssignOptions{})
	require.NoError(t, err)
	assert.Equal(t, rm.Roster{Allocations: []rm.Allocation{}}, r)
}

// asgRandom makes a random book: a few branches, languages and roles; some
// managers with the capacity's minutes (Minutes 0).
func asgRandom(rng *rand.Rand, n, m int) rm.Book {
	roles := []contact.Role{contact.DigitalTeam, contact.RM, contact.SeniorRM, contact.PrivateBanker}
	branches := []string{"", "SH", "BJ", "SZ"}
	langs := []string{"", "zh", "yue", "en"}
	ms := make([]rm.Manager, m)
	for j := range ms {
		ms[j] = rm.Manager{
			ID:      "RM-" + strconv.Itoa(j),
			Role:    roles[rng.IntN(len(roles))],
			Branch:  branches[rng.IntN(len(branches))],
			Minutes: rng.IntN(400),
		}
		for _, l := range langs[1:] {
			if rng.IntN(3) > 0 {
				ms[j].Languages = append(ms[j].Languages, l)
			}
		}
	}
	cs := make([]rm.Client, n)
	for i := range cs {
		cs[i] = rm.Client{
			ID:       "C-" + strconv.Itoa(i),
			Role:     roles[rng.IntN(len(roles))],
			Branch:   branches[rng.IntN(len(branches))],
			Language: langs[rng.IntN(len(langs))],
			Minutes:  rng.IntN(150),
			Value:    rng.Int64N(1000),
		}
		switch rng.IntN(4) {
		case 0, 1:
			if m > 0 {
				cs[i].RM = ms[rng.IntN(m)].ID
			}
		case 2:
			cs[i].RM = "RM-GONE"
		}
	}
	return rm.Book{Managers: ms, Clients: cs}
}

// Property: on random books every plan keeps role, branch, language and
// capacity, the move limit, and its figures add up; it is the same twice
// and changes nothing. Fairness: it depends on no ID's content, only on
// positions: the same book with other IDs, in another lexical order, gets
// the same plan. The bounds do not depend on the order of the book.
func TestAssignProperties(t *testing.T) {
	c := refCapacity()
	rng := rand.New(rand.NewPCG(5, 2026))
	for k := range 300 {
		b := asgRandom(rng, 1+rng.IntN(60), rng.IntN(8))
		o := rm.AssignOptions{
			MaxMoves:  rng.IntN(6) - 1,
			MoveCost:  rng.Int64N(3) * 100,
			AnyBranch: rng.IntN(3) == 0,
		}
		t.Run(strconv.Itoa(k), func(t *testing.T) {
			r := asgRun(t, c, b, o)

			renamed, back := asgRename(b)
			r2 := asgRun(t, c, renamed, o)
			for i, p := range r2.Allocations {
				p.Client, p.RM = b.Clients[i].ID, back[p.RM]
				require.Equal(t, r.Allocations[i], p, "client %d", i)
			}
			require.Equal(t, []any{r.Covered, r.Bound, r.MoveBound, r.Moves}, []any{r2.Covered, r2.Bound, r2.MoveBound, r2.Moves})

			shuffled := cloneBook(b)
			rng.Shuffle(len(shuffled.Clients), func(x, y int) {
				shuffled.Clients[x], shuffled.Clients[y] = shuffled.Clients[y], shuffled.Clients[x]
			})
			rng.Shuffle(len(shuffled.Managers), func(x, y int) {
				shuffled.Managers[x], shuffled.Managers[y] = shuffled.Managers[y], shuffled.Managers[x]
			})
			r3 := asgRun(t, c, shuffled, o)
			require.Equal(t, []any{r.Bound, r.MoveBound}, []any{r3.Bound, r3.MoveBound})
		})
	}
}

// Property: where no two clients are worth the same and no two managers
// have the same minutes (nothing for a tie to decide), the order of the
// book changes no coverage, whatever the move limit: a move the limit
// allows goes to the client worth most, not to the first in the book.
func TestAssignOrderFree(t *testing.T) {
	c := refCapacity()
	rng := rand.New(rand.NewPCG(9, 1))
	for k := range 2000 {
		b := asgRandom(rng, 1+rng.IntN(12), 1+rng.IntN(4))
		for i := range b.Clients {
			b.Clients[i].Value = b.Clients[i].Value*100 + int64(i) // distinct
			b.Clients[i].Minutes++
		}
		for j := range b.Managers {
			b.Managers[j].Minutes = b.Managers[j].Minutes*10 + j + 1
		}
		o := rm.AssignOptions{MaxMoves: rng.IntN(4) - 1, MoveCost: rng.Int64N(3) * 10_000}
		r := asgRun(t, c, b, o)
		rev := cloneBook(b)
		slices.Reverse(rev.Clients)
		slices.Reverse(rev.Managers)
		r2 := asgRun(t, c, rev, o)
		require.Equal(t, r.Covered, r2.Covered, "book %d, %+v", k, o)
		for range 3 { // the clients shuffled, the managers as they are
			sh := cloneBook(b)
			rng.Shuffle(len(sh.Clients), func(x, y int) { sh.Clients[x], sh.Clients[y] = sh.Clients[y], sh.Clients[x] })
			r3 := asgRun(t, c, sh, o)
			require.Equal(t, r.Covered, r3.Covered, "book %d shuffled, %+v", k, o)
			require.Equal(t, r.Moves, r3.Moves, "book %d shuffled, %+v", k, o)
		}
	}
}

// asgRename returns b with new IDs for every client and manager, in the
// reverse lexical order of the old ones, and a map from new manager IDs to
// old ("" to "").
func asgRename(b rm.Book) (rm.Book, map[string]string) {
	r := cloneBook(b)
	back := map[string]string{"": ""}
	ids := map[string]string{}
	for j := range r.Managers {
		id := "M" + strconv.Itoa(1000-j)
		ids[r.Managers[j].ID], back[id] = id, r.Managers[j].ID
		r.Managers[j].ID = id
	}
	for i := range r.Clients {
		c := &r.Clients[i]
		c.ID = "K" + strconv.Itoa(100_000-i)
		if id, ok := ids[c.RM]; ok {
			c.RM = id
		} else if c.RM != "" {
			c.RM = "LEFT"
		}
	}
	return r, back
}

// Property: on books small enough to solve exactly, the bound is at or
// above the best plan, the move-aware bound at or above the best plan
// within the move limit and at or below the bound, and the plan at or
// below the best within the limit.
func TestAssignBoundAtOrAboveOptimum(t *testing.T) {
	c := refCapacity()
	rng := rand.New(rand.NewPCG(7, 2026))
	for k := range 400 {
		b := asgRandom(rng, 1+rng.IntN(7), 1+rng.IntN(3))
		o := rm.AssignOptions{MaxMoves: rng.IntN(5) - 1, AnyBranch: rng.IntN(2) == 0}
		r, err := c.Assign(b, o)
		require.NoError(t, err)
		best := asgOptimum(c, b, o.AnyBranch, -1)
		within := asgOptimum(c, b, o.AnyBranch, o.MaxMoves)
		require.LessOrEqual(t, r.Covered, within, "case %d", k)
		if r.Value > 0 {
			share := func(v int64) vipcare.Share { return vipcare.ShareOf(vipcare.Amount(v), vipcare.Amount(r.Value)) }
			require.GreaterOrEqual(t, r.Bound, share(best), "case %d: bound below the optimum", k)
			require.GreaterOrEqual(t, r.MoveBound, share(within), "case %d: move bound below the optimum within the limit", k)
			require.LessOrEqual(t, r.MoveBound, r.Bound, "case %d", k)
		}
	}
}

// asgOptimum returns the most value any plan with at most limit moves (-1:
// any number) covers, by trying them all.
func asgOptimum(c *rm.Capacity, b rm.Book, anyBranch bool, limit int) int64 {
	cs, ms := b.Clients, b.Managers
	left := make([]int, len(ms))
	for j, m := range ms {
		left[j] = asgCapacity(c, m)
	}
	var best int64
	var try func(i, moves int, v int64)
	try = func(i, moves int, v int64) {
		if i == len(cs) {
			best = max(best, v)
			return
		}
		try(i+1, moves, v)
		hasCur := slices.ContainsFunc(ms, func(m rm.Manager) bool { return m.ID == cs[i].RM })
		for j, m := range ms {
			move := 0
			if hasCur && m.ID != cs[i].RM {
				move = 1
			}
			if asgEligible(cs[i], m, anyBranch) && left[j] >= cs[i].Minutes && (limit < 0 || moves+move <= limit) {
				left[j] -= cs[i].Minutes
				try(i+1, moves+move, v+cs[i].Value)
				left[j] += cs[i].Minutes
			}
		}
	}
	try(0, 0, 0)
	return best
}

func TestAssignString(t *testing.T) {
	b := rm.Book{
		Clients: []rm.Client{
			{ID: "C-1", Role: contact.PrivateBanker, Minutes: 600, Value: 900, RM: "PB-1"},
			{ID: "C-2", Role: contact.RM, Minutes: 300, Value: 100, RM: "RM-1"},
			{ID: "C-3", Role: contact.RM, Minutes: 300, Value: 80},
			{ID: "C-4", Role: contact.RM, Minutes: 3000, Value: 20},
		},
		Managers: []rm.Manager{
			{ID: "PB-1", Role: contact.PrivateBanker, Minutes: 1200},
			{ID: "RM-1", Role: contact.RM, Minutes: 600},
		},
	}
	r := asgRun(t, refCapacity(), b, rm.AssignOptions{})
	assert.Equal(t, strings.Join([]string{
		// 1,080 of 1,100 covered; the bound prices every minute at C-4's
		// 20/3,000: 12 + 896 + 98 + 78 = 1,084 of 1,100.
		"coverage 98.2% of value, bound 98.5%, gap 0.4%, 0 moved",
		"4 clients: 2 stayed, 1 assigned, 1 no capacity",
		"role            rms  clients  load h  capacity h  utilisation",
		"private_banker    1        1      10          20        50.0%",
		"rm                1        2      10          10       100.0%",
	}, "\n"), r.String())
}

// A roster's summary names no client.
func TestRosterStringHidesClients(t *testing.T) {
	const secret = "CLIENT-SECRET-2"
	r, err := refCapacity().Assign(rm.Book{Managers: []rm.Manager{{ID: "RM-1", Role: contact.RM}},
		Clients: []rm.Client{{ID: secret, Role: contact.RM, Minutes: 10, Value: 1}}}, rm.AssignOptions{})
	require.NoError(t, err)
	require.Equal(t, secret, r.Allocations[0].Client)
	assert.NotContains(t, r.String(), secret)
	assert.NotContains(t, fmt.Sprintf("%v %+v %s", r, r, r), secret)
	assert.NotContains(t, fmt.Sprintf("%v %+v", r.Book.Clients, r.Book.Clients), secret, "clients print redacted")
}

// Property: when every client needs one minute the relaxation has a whole
// optimum, with no move limit and with no moves at all, so the bound and
// the move-aware bound are exactly the best plan's coverage, rounded up.
// (In between, the relaxation with the limit may split a client.)
func TestAssignBoundExactOnUnitMinutes(t *testing.T) {
	c := refCapacity()
	rng := rand.New(rand.NewPCG(11, 2026))
	for k := range 400 {
		b := asgRandom(rng, 1+rng.IntN(7), 1+rng.IntN(3))
		for i := range b.Clients {
			b.Clients[i].Minutes = 1
		}
		for j := range b.Managers {
			b.Managers[j].Minutes = rng.IntN(4) // 0 is the capacity's: room for all
		}
		o := rm.AssignOptions{MaxMoves: k%2 - 1, AnyBranch: rng.IntN(2) == 0} // -1 or 0
		r, err := c.Assign(b, o)
		require.NoError(t, err)
		if r.Value == 0 {
			continue
		}
		up := func(v int64) vipcare.Share { return vipcare.Share((v*int64(vipcare.Whole) + r.Value - 1) / r.Value) }
		require.Equal(t, up(asgOptimum(c, b, o.AnyBranch, -1)), r.Bound, "case %d", k)
		require.Equal(t, up(asgOptimum(c, b, o.AnyBranch, o.MaxMoves)), r.MoveBound, "case %d", k)
	}
}

// Extreme values neither overflow nor break the bound.
func TestAssignExtremes(t *testing.T) {
	b := rm.Book{
		Clients: []rm.Client{
			{ID: "C-1", Role: contact.RM, Minutes: math.MaxInt / 2, Value: math.MaxInt64 / 4},
			{ID: "C-2", Role: contact.RM, Minutes: math.MaxInt/2 + 7, Value: math.MaxInt64 / 4},
			{ID: "C-3", Role: contact.RM, Minutes: 1, Value: math.MaxInt64 / 4},
			{ID: "C-4", Role: contact.RM, Minutes: 0, Value: math.MaxInt64 / 4},
			{ID: "C-5", Role: contact.PrivateBanker, Minutes: 3, Value: 1},
		},
		Managers: []rm.Manager{
			{ID: "RM-1", Role: contact.RM, Minutes: math.MaxInt},
			{ID: "RM-2", Role: contact.RM, Minutes: math.MaxInt - 1},
			{ID: "RM-3", Role: contact.RM}, // the capacity's 68,640 minutes
			{ID: "PB-1", Role: contact.PrivateBanker, Minutes: 2},
		},
	}
	c := refCapacity()
	r := asgRun(t, c, b, rm.AssignOptions{MaxMoves: -1, MoveCost: math.MaxInt64})
	assert.Equal(t, math.MaxInt64/4*4, int(r.Covered))
	assert.Less(t, r.Gap, vipcare.Share(10), r.String())
	r = asgRun(t, c, rm.Book{Clients: b.Clients, Managers: b.Managers[2:]}, rm.AssignOptions{})
	assert.Equal(t, math.MaxInt64/4*2, int(r.Covered),
		"C-4 (no minutes) and C-3 (one) fit RM-3; C-5 (three) does not fit the private banker's two, nor the rest anyone")
}

// A roster is what Report and Schedule take: the glue between assignment
// and capacity is gone.
func TestAssignThenReport(t *testing.T) {
	c := refCapacity()
	b := asgRandom(rand.New(rand.NewPCG(3, 2026)), 200, 6)
	r := asgRun(t, c, b, rm.AssignOptions{MaxMoves: -1})
	rep, err := c.Report(r.Book)
	require.NoError(t, err)
	var placed int
	for _, p := range r.Allocations {
		if p.RM != "" {
			placed++
		}
	}
	inRows := 0
	for _, l := range rep.Managers {
		inRows += l.Clients
	}
	assert.Equal(t, placed, inRows)
	assert.Equal(t, placed, rep.Covered, "an assignment never overloads a manager, so every placed client is covered")
	assert.Equal(t, len(b.Clients)-placed, rep.Unassigned)
	assert.Equal(t, len(b.Clients), rep.Clients)
	assert.Equal(t, vipcare.Share(int64(placed)*int64(vipcare.Whole)/int64(len(b.Clients))), rep.Coverage)
	assert.Empty(t, rep.Over)
}

// Found in review: the order of the book chose between clients that
// differ; a client whose own manager had room after the improve step was
// left out; a client barred from moving was counted as short of room.
func TestAssignReviewCases(t *testing.T) {
	c := refCapacity()
	t.Run("the order of the book does not choose between different clients", func(t *testing.T) {
		ms := []rm.Manager{{ID: "PB", Role: contact.PrivateBanker, Languages: []string{"zh", "en"}, Minutes: 100},
			{ID: "SRM", Role: contact.SeniorRM, Languages: []string{"zh", "en"}, Minutes: 1000}}
		a := rm.Client{ID: "A", Role: contact.RM, Language: "en", Minutes: 30, Value: 300, RM: "PB"}
		b := rm.Client{ID: "B", Role: contact.RM, Language: "zh", Minutes: 40, Value: 360, RM: "PB"}
		n := rm.Client{ID: "N", Role: contact.PrivateBanker, Minutes: 20, Value: 160}
		x := rm.Client{ID: "X", Role: contact.PrivateBanker, Minutes: 30, Value: 180, RM: "PB"}
		f := rm.Client{ID: "F", Role: contact.PrivateBanker, Minutes: 15, Value: 15}
		o := rm.AssignOptions{MaxMoves: 1}
		r1, err := c.Assign(rm.Book{Managers: ms, Clients: []rm.Client{a, b, n, x, f}}, o)
		require.NoError(t, err)
		r2, err := c.Assign(rm.Book{Managers: ms, Clients: []rm.Client{b, a, n, x, f}}, o)
		require.NoError(t, err)
		assert.Equal(t, r1.Covered, r2.Covered)
		assert.Equal(t, r1.Moves, r2.Moves)
	})
	t.Run("a client stays with its manager when the improve step frees room there", func(t *testing.T) {
		b := rm.Book{Managers: []rm.Manager{{ID: "M", Role: contact.RM, Languages: []string{"yue"}, Minutes: 100},
			{ID: "K", Role: contact.SeniorRM, Minutes: 100}},
			Clients: []rm.Client{{ID: "X", Role: contact.RM, Minutes: 70, Value: 700, RM: "M"},
				{ID: "I", Role: contact.RM, Language: "yue", Minutes: 40, Value: 360},
				{ID: "S", Role: contact.RM, Minutes: 40, Value: 50, RM: "M"}}}
		r, err := c.Assign(b, rm.AssignOptions{MaxMoves: -1, MoveCost: 100})
		require.NoError(t, err)
		assert.Equal(t, []string{"K", "M", "M"}, []string{r.Allocations[0].RM, r.Allocations[1].RM, r.Allocations[2].RM})
		assert.Equal(t, 1, r.Moves)
	})
	t.Run("a client barred from moving is not counted short of room", func(t *testing.T) {
		b := rm.Book{Managers: []rm.Manager{{ID: "M", Role: contact.SeniorRM, Languages: []string{"en"}, Minutes: 100},
			{ID: "K", Role: contact.PrivateBanker, Minutes: 1000},
			{ID: "D", Role: contact.DigitalTeam, Languages: []string{"en"}, Minutes: 1000}},
			Clients: []rm.Client{{ID: "Y", Role: contact.SeniorRM, Language: "en", Minutes: 10, Value: 1000, RM: "D"},
				{ID: "F", Role: contact.RM, Minutes: 95, Value: 95},
				{ID: "Z", Role: contact.RM, Language: "en", Minutes: 20, Value: 10}}}
		r, err := c.Assign(b, rm.AssignOptions{MaxMoves: 0})
		require.NoError(t, err)
		assert.Equal(t, rm.CodeMoveLimit, r.Allocations[0].Code)
	})
}
