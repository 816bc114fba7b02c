package contact_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
)

// A client with a holding maturing in 10 days and a large outflow yesterday
// gets two tasks, the retention call first as it is due first. The client
// asked for discretion, so WeChat, the preferred channel, gives way to the
// phone; no reason shows an amount.
func ExampleTriggers_Tasks() {
	cst := time.FixedZone("CST", 8*3600)
	asOf := time.Date(2026, time.June, 30, 0, 0, 0, 0, cst)
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	p := vipcare.Profile{
		ID: "C-1001",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.WealthProducts, Amount: cny("2000000")},
		},
		Contact: vipcare.Preferences{Discreet: true, Preferred: vipcare.ChannelWeChat},
		Events: []vipcare.Event{
			{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 10), Holding: "H1", Amount: cny("2000000")},
			{Kind: vipcare.EventLargeOutflow, Date: asOf.AddDate(0, 0, -1), Amount: cny("1500000")},
		},
	}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	triggers := policy.Must(contact.TriggerSpec{}.Compile(nil)) // the defaults
	tasks, suppressed := triggers.Tasks(&f, contact.SeniorRM, nil)
	for _, t := range tasks {
		fmt.Printf("%s due %s by %s, priority %d: %s\n", t.ID, t.Due.Format(time.DateOnly), t.Channel, t.Priority, t.Reason)
	}
	fmt.Println("suppressed:", len(suppressed))
	// Output:
	// retention/2026-06-29 due 2026-07-02 by phone, priority 90: a large outflow on 2026-06-29, within the last 30 days
	// maturity/2026-07-10 due 2026-07-09 by phone, priority 70: a holding matures on 2026-07-10, within 30 days
	// suppressed: 0
}

// A client who asked not to be contacted gets no task: each trigger that
// fired is reported with its code.
func ExampleTriggers_Tasks_doNotContact() {
	asOf := time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC)
	p := vipcare.Profile{
		ID:      "C-1002",
		Contact: vipcare.Preferences{DoNotContact: true},
		Events: []vipcare.Event{
			{Kind: vipcare.EventBirthday, Date: asOf.AddDate(0, 0, 2)},
			{Kind: vipcare.EventKYCExpiry, Date: asOf.AddDate(0, 0, -3)},
		},
	}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	var triggers *contact.Triggers // nil: the defaults
	tasks, suppressed := triggers.Tasks(&f, contact.RM, nil)
	fmt.Println("tasks:", len(tasks))
	for _, s := range suppressed {
		fmt.Printf("%s (%s): %s\n", s.Kind, s.Code, s.Reason)
	}
	// Output:
	// tasks: 0
	// kyc (do_not_contact): the KYC review expired on 2026-06-27
	// birthday (do_not_contact): the client's birthday on 2026-07-02, within 7 days
}

// The client of the Tasks example, decided without text: each trigger
// that fired as codes, dates and the parameters of its reason, appended
// to a buffer reused from client to client. The task, ID and reason
// included, is rendered only when asked for.
func ExampleTriggers_Fire() {
	cst := time.FixedZone("CST", 8*3600)
	asOf := time.Date(2026, time.June, 30, 0, 0, 0, 0, cst)
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	p := vipcare.Profile{
		ID: "C-1001",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.WealthProducts, Amount: cny("2000000")},
		},
		Contact: vipcare.Preferences{Discreet: true, Preferred: vipcare.ChannelWeChat},
		Events: []vipcare.Event{
			{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 10), Holding: "H1", Amount: cny("2000000")},
			{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 20)},
			{Kind: vipcare.EventLargeOutflow, Date: asOf.AddDate(0, 0, -1), Amount: cny("1500000")},
		},
	}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	var triggers *contact.Triggers // nil: the defaults

	fired := make([]contact.Fired, 0, 7) // room for every kind: no allocation
	fired = triggers.Fire(fired[:0], &f, contact.SeniorRM, nil)
	for _, x := range fired {
		fmt.Printf("%s: event %s, due %s by %s, priority %d, window %d days, %d more\n", x.Kind,
			x.Event.Format(time.DateOnly), x.Due.Format(time.DateOnly), x.Channel, x.Priority, x.Window, x.More)
	}

	// On request, the tasks as Tasks makes them.
	for _, x := range fired {
		t := x.Task(p.ID)
		fmt.Printf("%s: %s\n", t.ID, t.Reason)
	}
	// Output:
	// retention: event 2026-06-29, due 2026-07-02 by phone, priority 90, window 30 days, 0 more
	// maturity: event 2026-07-10, due 2026-07-09 by phone, priority 70, window 30 days, 1 more
	// retention/2026-06-29: a large outflow on 2026-06-29, within the last 30 days
	// maturity/2026-07-10: a holding matures on 2026-07-10, within 30 days (and 1 more)
}
