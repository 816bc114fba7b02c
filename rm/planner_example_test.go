package rm_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// A small book for one manager over ten days: a retention call first, then
// a maturity meeting, then what fits. July 3 is a day off and July 4 and 5
// a weekend; a do-not-contact client and a discreet client's e-mail are
// left out, and a KYC call finds no room before its deadline. The cadence
// tasks come from the clients' strategies, with the minutes of the
// reference workload (a call 35, an e-mail 25).
func ExampleCapacity_Schedule() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) // a Wednesday
	day := func(n int) time.Time { return time.Date(2026, 7, n, 0, 0, 0, 0, time.UTC) }

	book := rm.Book{
		Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 90, Holidays: []time.Time{day(3)}}},
		Clients: []rm.Client{ // every client a task is for: Schedule honours their preferences
			{ID: "C-1", Role: contact.RM, RM: "R01"},
			{ID: "C-2", Role: contact.RM, RM: "R01"},
			{ID: "C-3", Role: contact.RM, RM: "R01"},
			{ID: "C-4", Role: contact.RM, RM: "R01", Contact: vipcare.Preferences{DoNotContact: true}},
			{ID: "C-5", Role: contact.RM, RM: "R01", Contact: vipcare.Preferences{Discreet: true}},
			{ID: "C-6", Role: contact.RM, RM: "R01"},
			{ID: "C-7", Role: contact.RM, RM: "R01"},
		},
	}
	weekly := &contact.Strategy{Name: "weekly", Owner: contact.RM,
		Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 52}}}
	newsletter := &contact.Strategy{Name: "newsletter", Owner: contact.RM,
		Touches: []contact.Touch{{Channel: vipcare.ChannelEmail, PerYear: 52}}}
	tasks := []contact.Task{
		{Client: "C-1", Kind: "retention", Channel: vipcare.ChannelPhone, RM: "R01", Priority: 90,
			Earliest: day(1), Due: day(3), Minutes: 45},
		{Client: "C-2", Kind: "maturity", Channel: vipcare.ChannelBranch, RM: "R01", Priority: 70,
			Earliest: day(1), Due: day(2), Minutes: 60},
		{Client: "C-6", Kind: "assessment", Channel: vipcare.ChannelPhone, RM: "R01", Priority: 50,
			Earliest: day(1), Due: day(2), Minutes: 45},
		{Client: "C-7", Kind: "kyc", Channel: vipcare.ChannelPhone, RM: "R01", Priority: 50,
			Earliest: day(1), Due: day(2), Minutes: 45},
		{Client: "C-4", Kind: "birthday", Channel: vipcare.ChannelWeChat, RM: "R01", Priority: 20,
			Earliest: day(6), Due: day(6), Minutes: 5},
	}
	tasks = append(tasks, c.CadenceTasks("C-3", "R01", weekly, asOf, 10, 10)...)
	tasks = append(tasks, c.CadenceTasks("C-5", "R01", newsletter, asOf, 10, 10)...)

	plan, err := c.Schedule(book, tasks, asOf, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range plan.For("R01") {
		fmt.Printf("%s %s  %s  %-10s %-7s %2d min\n", s.Date.Format("2006-01-02"), s.Date.Weekday().String()[:3],
			s.Task.Client, s.Task.Kind, s.Task.Channel, s.Task.Minutes)
	}
	for _, u := range plan.Unmet {
		fmt.Printf("unmet %s %s: %s: %s\n", u.Task.Client, u.Task.Kind, u.Code, u.Reason)
	}
	fmt.Println()
	fmt.Println(plan)
	// Output:
	// 2026-07-01 Wed  C-1  retention  phone   45 min
	// 2026-07-01 Wed  C-6  assessment phone   45 min
	// 2026-07-02 Thu  C-2  maturity   branch  60 min
	// 2026-07-06 Mon  C-3  cadence    phone   35 min
	// unmet C-7 kyc: no_capacity: no working day of R01 from 2026-07-01 to 2026-07-02 has 45 minutes free
	// unmet C-4 birthday: do_not_contact: the client asked not to be contacted
	// unmet C-5 cadence: no_consented_channel: email is not a discreet channel, and the client asked for discretion
	//
	// plan from 2026-07-01 for 10 days: 4 tasks scheduled (185 minutes), 3 unmet
	// rm   scheduled  minutes  unmet
	// R01          4      185      3
	// unmet: do_not_contact 1, no_capacity 1, no_consented_channel 1
}
