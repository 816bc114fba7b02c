package contact_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
)

// A client with a holding maturing in 10 days and a large outflow yesterday
// gets two tasks, the retention call first as it is due first. The client
// asked for discretion, so WeChat, the preferred channel, gives way to the
// phone; no reason shows an amount.
func ExampleTriggers_Tasks() {
	cst := time.FixedZone("CST", 8*3600)
	asOf := time.Date(2026, time.June, 30, 0, 0, 0, 0, cst)
	p := vipcare.Profile{
		ID: "C-1001",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.WealthProducts, Amount: vipcare.MustMoney("2000000", vipcare.CNY)},
		},
		Contact: vipcare.Preferences{Discreet: true, Preferred: vipcare.ChannelWeChat},
		Events: []vipcare.Event{
			{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 10), Holding: "H1",
				Amount: vipcare.MustMoney("2000000", vipcare.CNY)},
			{Kind: vipcare.EventLargeOutflow, Date: asOf.AddDate(0, 0, -1),
				Amount: vipcare.MustMoney("1500000", vipcare.CNY)},
		},
	}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	triggers := contact.MustTriggers(contact.TriggerSpec{}) // the defaults
	tasks, suppressed := triggers.Tasks(&f, contact.TriggerInput{Owner: contact.SeniorRM})
	for _, t := range tasks {
		fmt.Printf("%s due %s by %s, priority %d: %s\n",
			t.Kind, t.Due.Format(time.DateOnly), t.Channel, t.Priority, t.Reason)
	}
	fmt.Println("suppressed:", len(suppressed))
	// Output:
	// retention due 2026-07-02 by phone, priority 90: a large outflow on 2026-06-29, within the last 30 days
	// maturity due 2026-07-09 by phone, priority 70: a holding matures on 2026-07-10, within 30 days
	// suppressed: 0
}
