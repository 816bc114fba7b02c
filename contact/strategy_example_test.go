package contact_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// A discreet private-banking client: the private strategy, without events
// or recognition, and with every touch on a channel the client consents to.
func ExampleStrategies_Choose() {
	ladder := policy.Must(tier.Reference().Compile(nil))
	seg := policy.Must(segment.Reference().Compile(nil))
	// The reference reads age (a signal of the preservation need), a
	// protected field: compiling it alone, the caller allows it.
	env := policy.Must((*vipcare.Env)(nil).Allow("age"))
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	strategies := policy.Must(contact.ReferenceStrategies().Compile(nil, ladder, seg, advisor))

	p := vipcare.Profile{
		ID: "C-7",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("8000000", vipcare.CNY))},
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
	t, _ := ladder.Assign(&f)
	pl, _ := seg.Place(&f)
	facts := contact.Facts{Figures: &f, Tier: t, Segment: pl.Segment(), Needs: advisor.Detect(&f)}

	c := strategies.Choose(&facts)
	fmt.Printf("%s by rule %q, owner %s\n", c.Strategy.Name, c.Rule, c.Strategy.Owner)
	for _, t := range c.Strategy.Touches {
		fmt.Printf("  %2d x %s a year\n", t.PerYear, t.Channel)
	}
	fmt.Printf("  events %v, recognition %v, specialists %v\n",
		c.Strategy.Service.Events, c.Strategy.Service.Recognition, c.Strategy.Service.Specialists)
	for _, n := range c.Constraints {
		fmt.Println("  constraint:", n)
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

// A client who allows only e-mail and branch meetings and prefers neither:
// phone calls move to the branch, which comes first in the order, and
// e-mails stay.
func ExampleConstrain() {
	st := contact.Strategy{Name: "relationship", Owner: contact.RM,
		Touches: []contact.Touch{
			{Channel: vipcare.ChannelBranch, PerYear: 1},
			{Channel: vipcare.ChannelPhone, PerYear: 4},
			{Channel: vipcare.ChannelEmail, PerYear: 4},
		},
		Service: contact.Service{DedicatedRM: true, Events: true}}
	prefs := vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelEmail, vipcare.ChannelBranch}}

	got, notes := contact.Constrain(st, &prefs)
	for _, t := range got.Touches {
		fmt.Printf("%d x %s\n", t.PerYear, t.Channel)
	}
	fmt.Println(notes)
	// Output:
	// 5 x branch
	// 4 x email
	// [phone touches moved to branch (not consented)]
}

// The discreet private-banking client of the Choose example, decided
// without text: indexes, codes and bits, and the touches in a reused
// buffer. The text is rendered only when asked for.
func ExampleStrategies_Select() {
	ladder := policy.Must(tier.Reference().Compile(nil))
	seg := policy.Must(segment.Reference().Compile(nil))
	// The reference reads age (a signal of the preservation need), a
	// protected field: compiling it alone, the caller allows it.
	env := policy.Must((*vipcare.Env)(nil).Allow("age"))
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	strategies := policy.Must(contact.ReferenceStrategies().Compile(nil, ladder, seg, advisor))

	p := vipcare.Profile{
		ID: "C-7",
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("8000000", vipcare.CNY))},
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
	t, _ := ladder.Assign(&f)
	pl, _ := seg.Place(&f)
	facts := contact.Facts{Figures: &f, Tier: t, Segment: pl.Segment(), Needs: advisor.Detect(&f)}

	touches := make([]contact.Touch, 0, 8) // reused from client to client
	sel := strategies.Select(&facts)
	touches = strategies.Touches(touches[:0], sel, &p.Contact)
	name, rule := strategies.Names(sel)
	fmt.Printf("strategy %d (%s) by rule %d (%q), owner %s, %d plays\n", sel.Strategy, name, sel.Rule, rule, sel.Owner, sel.Plays)
	fmt.Println("touches:", touches)
	fmt.Println("constraints:", sel.Constraints.Codes(nil))

	// On request, the text: the Choice that Choose returns.
	for _, n := range strategies.Choice(sel, &p.Contact).Constraints {
		fmt.Println("  constraint:", n)
	}
	// Output:
	// strategy 0 (private) by rule 0 ("private banking"), owner private_banker, 3 plays
	// touches: [{video 16} {secure_message 12}]
	// constraints: [discreet touches_rerouted]
	//   constraint: discreet: no events or public recognition
	//   constraint: visit touches moved to video (not consented)
	//   constraint: phone touches moved to video (not consented)
}
