package contact_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/tier"
)

// A discreet private-banking client: the private strategy, without events
// or recognition, and with every touch on a channel the client consents to.
func ExampleStrategies_Decide() {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	seg := tier.MustSegmentation(tier.ReferenceSegmentation())
	det := needs.MustDetector(needs.ReferenceDetectors())
	strategies := contact.MustStrategies(contact.ReferenceStrategies(ladder, seg, det))

	p := vipcare.Profile{
		ID: "C-7",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("8000000", vipcare.CNY)},
		},
		Contact: vipcare.Preferences{
			Discreet:  true,
			Channels:  []vipcare.Channel{vipcare.ChannelSecureMessage, vipcare.ChannelVideo},
			Preferred: vipcare.ChannelVideo,
		},
	}
	f, err := vipcare.Valuation{AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	a, _ := ladder.Assign(&f)
	pl, _ := seg.Segment(&f)
	facts := contact.Facts{Figures: &f, Tier: a.Tier, Segment: pl.Segment(), Needs: det.Detect(&f)}

	d := strategies.Decide(&facts)
	fmt.Printf("%s by rule %q, owner %s\n", d.Chosen, d.Rule, d.Strategy.Owner)
	for _, t := range d.Strategy.Touches {
		fmt.Printf("  %2d x %s a year\n", t.PerYear, t.Channel)
	}
	fmt.Printf("  events %v, recognition %v, specialists %v\n",
		d.Strategy.Service.Events, d.Strategy.Service.Recognition, d.Strategy.Service.Specialists)
	for _, c := range d.Constraints {
		fmt.Println("  constraint:", c)
	}
	// Output:
	// private by rule "private banking", owner private_banker
	//   16 x video a year
	//   12 x secure_message a year
	//   events false, recognition false, specialists [tax legal family_office investment]
	//   constraint: discreet: no events or public recognition
	//   constraint: visit touches moved to video (not consented)
	//   constraint: phone touches moved to video (not consented)
}
