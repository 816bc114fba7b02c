package rm_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/rm"
)

// asgBook makes a realistic book: 20 branches, each with a private banker,
// 4 senior RMs and 15 RMs, and a central digital team of 100 (500 managers,
// each with 68,640 minutes a year, the reference workload), and 100,000
// clients: 1,500 private-banking, 8,000 senior, 50,000 RM and 40,500
// digital, with yearly workloads of about 2,000, 800, 450 and 120 minutes.
// Demand runs at about 107% of capacity, more than twice it for private
// bankers. Seven in ten clients have a current manager of their branch
// (one in 35 of them below the role they now need); one in fifty names
// a manager who has left.
func asgBook(seed uint64) rm.Book {
	rng := rand.New(rand.NewPCG(seed, 500))
	const branches = 20
	const capacity = 68_640
	lang := func() []string {
		l := []string{"zh"}
		if rng.IntN(5) == 0 {
			l = append(l, "en")
		}
		if rng.IntN(10) == 0 {
			l = append(l, "yue")
		}
		return l
	}
	var ms []rm.Manager
	byRole := map[contact.Role][][]string{} // role -> branch -> manager IDs
	add := func(id string, role contact.Role, b int) {
		branch := ""
		if b >= 0 {
			branch = "B" + strconv.Itoa(b)
		}
		ms = append(ms, rm.Manager{ID: id, Role: role, Branch: branch, Languages: lang(), Minutes: capacity})
		if byRole[role] == nil {
			byRole[role] = make([][]string, branches)
		}
		k := max(b, 0)
		byRole[role][k] = append(byRole[role][k], id)
	}
	for b := range branches {
		add("PB-"+strconv.Itoa(b), contact.PrivateBanker, b)
		for k := range 4 {
			add("SRM-"+strconv.Itoa(b)+"-"+strconv.Itoa(k), contact.SeniorRM, b)
		}
		for k := range 15 {
			add("RM-"+strconv.Itoa(b)+"-"+strconv.Itoa(k), contact.RM, b)
		}
	}
	for k := range 100 {
		add("DT-"+strconv.Itoa(k), contact.DigitalTeam, -1)
	}
	type kind struct {
		role    contact.Role
		n       int
		minutes int
		lo, hi  int64 // AUM in yuan
	}
	kinds := []kind{
		{contact.PrivateBanker, 1_500, 2_000, 6_000_000, 50_000_000},
		{contact.SeniorRM, 8_000, 800, 1_000_000, 6_000_000},
		{contact.RM, 50_000, 450, 300_000, 1_000_000},
		{contact.DigitalTeam, 40_500, 120, 50_000, 300_000},
	}
	lower := map[contact.Role]contact.Role{contact.PrivateBanker: contact.SeniorRM, contact.SeniorRM: contact.RM, contact.RM: contact.DigitalTeam}
	cs := make([]rm.Client, 0, 100_000)
	for _, k := range kinds {
		for range k.n {
			b := rng.IntN(branches)
			c := rm.Client{
				ID:      "C-" + strconv.Itoa(len(cs)),
				Role:    k.role,
				Branch:  "B" + strconv.Itoa(b),
				Minutes: k.minutes*7/10 + rng.IntN(k.minutes*6/10+1),
				Value:   k.lo + rng.Int64N(k.hi-k.lo),
			}
			switch x := rng.IntN(50); {
			case x < 2:
				c.Language = "en"
			case x < 3:
				c.Language = "yue"
			}
			switch x := rng.IntN(100); {
			case x < 2:
				c.RM = "RM-LEFT-" + strconv.Itoa(x)
			case x < 72:
				role := k.role
				if x < 4 && lower[role] != 0 {
					role = lower[role] // an upgrade since the last assignment
				}
				ids := byRole[role][b]
				if role == contact.DigitalTeam {
					ids = byRole[role][0]
				}
				c.RM = ids[rng.IntN(len(ids))]
			}
			cs = append(cs, c)
		}
	}
	return rm.Book{Managers: ms, Clients: cs}
}

// Assignment of 100,000 clients to 500 managers, within branches and
// across them, with its coverage, the bound and the move-aware bound, and
// the gaps to each. The gap of the fresh book (no current relationships)
// is what the greedy and whole clients cost; the rest of the others' gap
// to the bound is what keeping relationships costs, and the part of it
// within the move-aware bound is what the plan leaves within the limit.
func BenchmarkAssign(b *testing.B) {
	c := refCapacity()
	book := asgBook(1)
	fresh := rm.Book{Managers: book.Managers, Clients: slices.Clone(book.Clients)} // no current relationships
	for i := range fresh.Clients {
		fresh.Clients[i].RM = ""
	}
	for _, bc := range []struct {
		name string
		book rm.Book
		o    rm.AssignOptions
	}{
		{"branch", book, rm.AssignOptions{MaxMoves: 5_000, MoveCost: 100_000}},
		{"branch_no_limit", book, rm.AssignOptions{MaxMoves: -1}},
		{"any_branch", book, rm.AssignOptions{MaxMoves: 5_000, MoveCost: 100_000, AnyBranch: true}},
		{"fresh", fresh, rm.AssignOptions{}},
		{"branch_500_moves", book, rm.AssignOptions{MaxMoves: 500, MoveCost: 100_000}},
		{"branch_no_moves", book, rm.AssignOptions{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var r rm.Roster
			var err error
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				r, err = c.Assign(bc.book, bc.o)
				if err != nil {
					b.Fatal(err)
				}
			}
			pct := func(s int64) float64 { return float64(s) / 1e4 }
			b.ReportMetric(pct(int64(r.Coverage)), "coverage_%")
			b.ReportMetric(pct(int64(r.Bound)), "bound_%")
			b.ReportMetric(pct(int64(r.Gap)), "gap_%")
			b.ReportMetric(pct(int64(r.MoveBound)), "move_bound_%")
			b.ReportMetric(pct(int64(r.MoveBound-r.Coverage)), "move_gap_%")
			b.ReportMetric(float64(r.Moves), "moves")
		})
	}
}

// Assignment then the load report of the roster's book: what a caller
// runs, with no glue between the two.
func BenchmarkAssignThenReport(b *testing.B) {
	c := refCapacity()
	book := asgBook(1)
	b.ReportAllocs()
	for range b.N {
		r, err := c.Assign(book, rm.AssignOptions{MaxMoves: 5_000, MoveCost: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Report(r.Book); err != nil {
			b.Fatal(err)
		}
	}
}
