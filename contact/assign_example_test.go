package contact_test

import (
	"fmt"

	"github.com/vipcare/vipcare/contact"
)

// A branch with a private banker and a senior RM, and six clients. The
// private banker's room, taken by a senior client, goes to a new
// private-banking client; the senior client moves to the senior RM. The
// client of an RM who left the bank speaks a language no one here does.
func ExampleAssign() {
	managers := []contact.Manager{
		{ID: "PB-Li", Role: contact.PrivateBanker, Branch: "SH", Languages: []string{"zh", "en"}, Minutes: 2000},
		{ID: "SRM-Wang", Role: contact.SeniorRM, Branch: "SH", Languages: []string{"zh"}, Minutes: 1500},
	}
	// Value is AUM in thousands of yuan; Minutes the yearly workload of the
	// client's strategy.
	clients := []contact.Client{
		{ID: "C-1", Role: contact.PrivateBanker, Branch: "SH", Minutes: 900, Value: 50_000, Current: "PB-Li"},
		{ID: "C-2", Role: contact.SeniorRM, Branch: "SH", Minutes: 600, Value: 12_000, Current: "PB-Li"},
		{ID: "C-3", Role: contact.PrivateBanker, Branch: "SH", Minutes: 800, Value: 30_000},
		{ID: "C-4", Role: contact.RM, Branch: "SH", Minutes: 300, Value: 4_000, Current: "SRM-Wang"},
		{ID: "C-5", Role: contact.RM, Branch: "SH", Language: "en", Minutes: 200, Value: 3_000},
		{ID: "C-6", Role: contact.DigitalTeam, Branch: "SH", Language: "yue", Minutes: 100, Value: 500, Current: "RM-Zhao"},
	}
	r, err := contact.Assign(clients, managers, contact.AssignOptions{MaxMoves: 10, MoveCost: 5_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range r.Placements {
		fmt.Printf("%s  %-8s  %s\n", p.Client, p.RM, p.Reason)
	}
	fmt.Println(r)
	// Output:
	// C-1  PB-Li     kept
	// C-2  SRM-Wang  assigned; moved to make room
	// C-3  PB-Li     assigned
	// C-4  SRM-Wang  kept
	// C-5  PB-Li     assigned
	// C-6            no eligible RM; current RM unknown
	// coverage 99.5% of value, bound 99.5%, gap 0.0%, 1 moved
	// 6 clients: 2 kept, 3 assigned, 1 no eligible RM
	// role            rms  clients  load h  capacity h  utilisation
	// private_banker    1        3      32          33        95.0%
	// senior_rm         1        2      15          25        60.0%
}
