package rm_test

import (
	"fmt"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// A branch with a private banker and a senior RM, and six clients. The
// private banker's room, taken by a senior client, goes to a new
// private-banking client; the senior client moves to the senior RM. The
// client of an RM who left the bank speaks a language no one here does.
// The roster's book goes straight into a load report.
func ExampleCapacity_Assign() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	book := rm.Book{
		Managers: []rm.Manager{
			{ID: "PB-Li", Role: contact.PrivateBanker, Branch: "SH", Languages: []string{"zh", "en"}, Minutes: 2000},
			{ID: "SRM-Wang", Role: contact.SeniorRM, Branch: "SH", Languages: []string{"zh"}, Minutes: 1500},
		},
		// Value is AUM in thousands of yuan; Minutes the yearly workload of
		// the client's strategy (Capacity.ClientMinutes); RM the manager now.
		Clients: []rm.Client{
			{ID: "C-1", Role: contact.PrivateBanker, Branch: "SH", Minutes: 900, Value: 50_000, RM: "PB-Li"},
			{ID: "C-2", Role: contact.SeniorRM, Branch: "SH", Minutes: 600, Value: 12_000, RM: "PB-Li"},
			{ID: "C-3", Role: contact.PrivateBanker, Branch: "SH", Minutes: 800, Value: 30_000},
			{ID: "C-4", Role: contact.RM, Branch: "SH", Minutes: 300, Value: 4_000, RM: "SRM-Wang"},
			{ID: "C-5", Role: contact.RM, Branch: "SH", Language: "en", Minutes: 200, Value: 3_000},
			{ID: "C-6", Role: contact.DigitalTeam, Branch: "SH", Language: "yue", Minutes: 100, Value: 500, RM: "RM-Zhao"},
		},
	}
	r, err := c.Assign(book, rm.AssignOptions{MaxMoves: 10, MoveCost: 5_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range r.Allocations {
		line := fmt.Sprintf("%s  %-8s  %s", a.Client, a.RM, a.Code)
		if a.Note != "" {
			line += " (" + string(a.Note) + ")"
		}
		fmt.Println(line)
	}
	fmt.Println(r)

	loads, err := c.Report(r.Book)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(loads)
	// Output:
	// C-1  PB-Li     stayed
	// C-2  SRM-Wang  assigned (moved_to_make_room)
	// C-3  PB-Li     assigned
	// C-4  SRM-Wang  stayed
	// C-5  PB-Li     assigned
	// C-6            no_eligible_rm (current_rm_unknown)
	// coverage 99.5% of value, bound 99.5%, gap 0.0%, 1 moved
	// 6 clients: 2 stayed, 3 assigned, 1 no eligible RM
	// role            rms  clients  load h  capacity h  utilisation
	// private_banker    1        3      32          33        95.0%
	// senior_rm         1        2      15          25        60.0%
	// rm        role            clients  demand h  capacity h  utilisation  coverage  status
	// PB-Li     private_banker        3        32          33        95.0%    100.0%  ok
	// SRM-Wang  senior_rm             2        15          25        60.0%    100.0%  under
	// -                               1         2           0            -      0.0%
	// total                           6        48          58        82.9%     83.3%
}

// Two clients of RM-Chen have grown into private banking and the bank
// allows one move this month. The move goes where it gains most: to C-2,
// though C-3 is worth more per minute. The roster shows both bounds: any
// plan could cover all the value, no plan within one move more than this
// one.
func ExampleCapacity_Assign_moveLimit() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	book := rm.Book{
		Managers: []rm.Manager{
			{ID: "PB-Li", Role: contact.PrivateBanker, Branch: "SH", Minutes: 2000},
			{ID: "RM-Chen", Role: contact.RM, Branch: "SH", Minutes: 1500},
		},
		Clients: []rm.Client{
			{ID: "C-1", Role: contact.PrivateBanker, Branch: "SH", Minutes: 900, Value: 40_000, RM: "PB-Li"},
			{ID: "C-2", Role: contact.PrivateBanker, Branch: "SH", Minutes: 800, Value: 30_000, RM: "RM-Chen"},
			{ID: "C-3", Role: contact.PrivateBanker, Branch: "SH", Minutes: 200, Value: 9_000, RM: "RM-Chen"},
			{ID: "C-4", Role: contact.RM, Branch: "SH", Minutes: 600, Value: 6_000, RM: "RM-Chen"},
			{ID: "C-5", Role: contact.RM, Branch: "SH", Minutes: 500, Value: 2_000},
		},
	}
	r, err := c.Assign(book, rm.AssignOptions{MaxMoves: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range r.Allocations {
		line := fmt.Sprintf("%s  %-7s  %s", a.Client, a.RM, a.Code)
		if a.Note != "" {
			line += " (" + string(a.Note) + ")"
		}
		fmt.Println(line)
	}
	fmt.Println(r)
	// Output:
	// C-1  PB-Li    stayed
	// C-2  PB-Li    assigned (current_rm_not_eligible)
	// C-3           move_limit (current_rm_not_eligible)
	// C-4  RM-Chen  stayed
	// C-5  RM-Chen  assigned
	// coverage 89.7% of value, bound 100.0% (89.7% within the move limit), gap 10.3%, 1 moved
	// 5 clients: 2 stayed, 2 assigned, 1 move limit
	// role            rms  clients  load h  capacity h  utilisation
	// private_banker    1        2      28          33        85.0%
	// rm                1        2      18          25        73.3%
}
