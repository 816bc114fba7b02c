package rm

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Load is one manager's book against the manager's capacity, a row of a
// [LoadReport].
type Load struct {
	RM   string       // the manager's ID
	Role contact.Role // the manager's role
	// Clients is the number of clients whose RM is this manager.
	Clients int
	// Demand is the minutes a year those clients need (the sum of their
	// Minutes, saturating at 2^40).
	Demand int
	// Capacity is the minutes a year the manager has for clients: its
	// Minutes, or the Capacity's.
	Capacity int
	// Utilisation is Demand / Capacity, truncated; above vipcare.Whole
	// when the manager is over loaded.
	Utilisation vipcare.Share
	// Covered is the number of clients whose full yearly cadence fits in
	// the manager's capacity, served in order of value (see
	// [Capacity.Report]).
	Covered int
	// Coverage is Covered / Clients, truncated; 0 when the manager has no
	// clients.
	Coverage vipcare.Share
	// Uncovered are the positions in [Book].Clients of the clients not
	// covered, ascending: the clients to move or serve another way.
	Uncovered []int
	// Over reports whether Demand exceeds Capacity; Under whether the
	// manager is not over and its utilisation is below the Workload's
	// UnderShare.
	Over, Under bool
}

// LoadReport is the load of a book's managers against their capacity, made
// by [Capacity.Report]. It holds no client identifier. It is plain data
// owned by the caller.
type LoadReport struct {
	// Managers has one row per manager, in the order of the book.
	Managers []Load
	// Clients and Demand are those of the whole book: the sums over
	// Managers and over the unassigned clients. Covered and Capacity are
	// the sums over Managers. Demand and Capacity saturate at 2^40.
	Clients  int
	Covered  int
	Demand   int
	Capacity int
	// Unassigned is the number of the book's clients whose RM is "" or
	// names no manager of the book: they are in no row, and not covered.
	Unassigned int
	// Coverage is Covered / Clients, truncated, so that a client with no
	// manager counts as not covered; 0 when there are no clients.
	// Utilisation is Demand / Capacity, truncated: the load the whole book
	// puts on the managers' time.
	Coverage    vipcare.Share
	Utilisation vipcare.Share
	// Over and Under are the IDs of the managers over and under loaded, in
	// the order of the book.
	Over, Under []string
}

// Report measures each manager's book against the manager's capacity: the
// minutes a year its clients need ([Client].Minutes), the utilisation, and
// the coverage, the share of clients whose full yearly cadence fits. A
// client counts for the manager its RM names; a client whose RM is "" or
// names no manager counts in [LoadReport].Unassigned, is not covered, and
// its demand counts in the book's. A manager's capacity is its Minutes, or
// [Capacity.Minutes] when 0.
//
// Clients are served in order of Value, highest first, ties in the order
// of the book (never by the content of an ID, which may carry personal
// data: a resident ID number orders by region and gender digit); a
// client whose cadence no longer fits in what is left is not covered, and
// the next ones may still be. A client that needs no minutes is always
// covered. A manager whose demand exceeds capacity is over loaded; one
// whose utilisation is below the Workload's UnderShare is under loaded, a
// manager with no clients included.
//
// A book with problems is an error, reporting every problem at once as
// policy.Problems located in the book's JSON form, the check
// [Capacity.Assign] and [Capacity.Schedule] share: a manager with an empty
// or repeated ID (policy.ErrMissing or policy.ErrDuplicate at
// "/managers/1/id"), the zero Role (policy.ErrMissing at
// "/managers/1/role"), negative minutes, minutes per day outside 0 to
// 1,440 or a weekday that does not exist (policy.ErrOutOfRange at
// "/managers/1/minutes", "/managers/1/minutes_per_day",
// "/managers/1/workdays/0"); a client with an empty or repeated ID
// (policy.ErrMissing or policy.ErrDuplicate at "/clients/4/id", never
// naming the client), the zero Role ("/clients/4/role"), negative minutes
// or value, or a value that makes the book's total overflow an int64
// (policy.ErrOutOfRange at "/clients/4/minutes", "/clients/4/value", the
// overflow at the first client it happens at).
//
// The result depends only on the book, in its order; nothing passed in is
// changed. Work grows with clients x log(clients).
func (c *Capacity) Report(b Book) (LoadReport, error) {
	var ps policy.Problems
	x := check(&ps, &b)
	if err := ps.Err(); err != nil {
		return LoadReport{}, err
	}
	// Bucket the clients by manager, keeping their order (a counting
	// sort): start[j] is where manager j's clients begin in pos.
	at := make([]int32, len(b.Clients))
	start := make([]int, len(b.Managers)+1)
	r := LoadReport{Managers: make([]Load, len(b.Managers)), Clients: len(b.Clients)}
	for i := range b.Clients {
		j, ok := x.managers[b.Clients[i].RM]
		if !ok {
			at[i] = -1
			r.Unassigned++
			r.Demand = addDemand(r.Demand, min(b.Clients[i].Minutes, maxDemand))
			continue
		}
		at[i] = j
		start[j+1]++
	}
	for j := 1; j < len(start); j++ {
		start[j] += start[j-1]
	}
	pos := make([]int32, start[len(b.Managers)])
	next := slices.Clone(start[:len(b.Managers)])
	for i, j := range at {
		if j >= 0 {
			pos[next[j]] = int32(i)
			next[j]++
		}
	}
	for j := range b.Managers {
		r.Managers[j] = c.load(&b, j, pos[start[j]:start[j+1]])
		l := &r.Managers[j]
		switch {
		case l.Over:
			r.Over = append(r.Over, l.RM)
		case l.Under:
			r.Under = append(r.Under, l.RM)
		}
		r.Covered += l.Covered
		r.Demand = addDemand(r.Demand, l.Demand)
		r.Capacity = addDemand(r.Capacity, l.Capacity)
	}
	r.Coverage = vipcare.Share(num.Ratio(int64(r.Covered), int64(r.Clients)))
	r.Utilisation = vipcare.Share(num.Ratio(int64(r.Demand), int64(r.Capacity)))
	return r, nil
}

// load measures manager j of b against the clients at positions mine, in
// ascending order; it sorts mine.
func (c *Capacity) load(b *Book, j int, mine []int32) Load {
	m := &b.Managers[j]
	l := Load{RM: m.ID, Role: m.Role, Clients: len(mine), Capacity: min(c.yearMinutes(m), maxDemand)}
	for _, i := range mine {
		l.Demand = addDemand(l.Demand, min(b.Clients[i].Minutes, maxDemand))
	}
	slices.SortFunc(mine, func(x, y int32) int {
		cx, cy := &b.Clients[x], &b.Clients[y]
		return cmp.Or(cmp.Compare(cy.Value, cx.Value), cmp.Compare(x, y))
	})
	left := c.yearMinutes(m) // exact: Capacity saturates
	for _, i := range mine {
		if d := b.Clients[i].Minutes; d <= left {
			left -= d
			l.Covered++
		} else {
			l.Uncovered = append(l.Uncovered, int(i))
		}
	}
	slices.Sort(l.Uncovered)
	l.Utilisation = vipcare.Share(num.Ratio(int64(l.Demand), int64(l.Capacity)))
	l.Coverage = vipcare.Share(num.Ratio(int64(l.Covered), int64(l.Clients)))
	l.Over = l.Demand > l.Capacity
	l.Under = !l.Over && l.Utilisation < c.under
	return l
}

// String returns the report as a table, one row per manager, a row "-" for
// the clients with no manager when there are some, and a total: the
// clients, the demand and capacity in hours a year (rounded to whole hours;
// the fields are exact minutes), utilisation, coverage and status ("over",
// "under" or "ok"). It prints no client identifier.
func (r LoadReport) String() string {
	rows := [][]string{{"rm", "role", "clients", "demand h", "capacity h", "utilisation", "coverage", "status"}}
	for _, l := range r.Managers {
		status := "ok"
		switch {
		case l.Over:
			status = "over"
		case l.Under:
			status = "under"
		}
		rows = append(rows, []string{l.RM, l.Role.String(), strconv.Itoa(l.Clients), hours(l.Demand),
			hours(l.Capacity), l.Utilisation.Percent(), num.PercentInt(int64(l.Covered), int64(l.Clients)), status})
	}
	if r.Unassigned > 0 {
		demand := r.Demand
		for _, l := range r.Managers {
			demand -= l.Demand
		}
		rows = append(rows, []string{"-", "", strconv.Itoa(r.Unassigned), hours(max(demand, 0)), "0", "-", "0.0%", ""})
	}
	rows = append(rows, []string{"total", "", strconv.Itoa(r.Clients), hours(r.Demand), hours(r.Capacity),
		r.Utilisation.Percent(), num.PercentInt(int64(r.Covered), int64(r.Clients)), ""})
	// Text reads left-aligned (the manager, the role, the status), numbers
	// right-aligned.
	return textfmt.Table(rows, func(col int) bool { return col == 0 || col == 1 || col == 7 })
}

// hours returns minutes (not negative) as whole hours, rounded half up,
// with thousands separators.
func hours(minutes int) string {
	h := minutes / 60
	if minutes%60 >= 30 {
		h++
	}
	return num.Format(int64(h), 0, true)
}
