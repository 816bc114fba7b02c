package playbook_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The reference playbook decides for one client of the sample book: every
// part with its reason.
func ExamplePlaybook_Explain() {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	client := sample.Profile(o, 13)
	d, err := pb.Explain(&client, sample.Valuation(o), playbook.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(d)
	// Output:
	// tier: diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
	// qualification: qualified
	// segment: maintain
	// need: recognition (strong, 70): high_aum +50, long_relationship +20
	// strategy: premier (rule "diamond or maintain"), owner senior_rm, touches a year: 10 phone, 6 secure_message
	//   constraint: discreet: no events or public recognition
	//   constraint: branch touches moved to phone (not consented)
	// play 1: A private review of the whole relationship (meets recognition (strong, 70): high_aum +50, long_relationship +20)
	// workload: 500 minutes a year
}

// A bank tests its document's ladder on clients it writes by hand, a table
// of cases: the playbook's ladder is the one its decisions place clients
// with.
func ExamplePlaybook_Ladder() {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	for _, tc := range []struct{ deposits, want string }{
		{"49999.99", "mass"},
		{"50000", "gold"},
		{"5999999.99", "diamond"},
		{"6000000", "private banking"},
	} {
		p := vipcare.Profile{ID: "CASE-1", Since: asOf.AddDate(-2, 0, 0), Risk: vipcare.C3, RiskAssessed: asOf.AddDate(0, -1, 0),
			Holdings: []vipcare.Holding{{ID: "H1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney(tc.deposits, vipcare.CNY))}}}
		f, err := v.Figures(&p)
		if err != nil {
			panic(err)
		}
		got, err := pb.Ladder().Assign(&f)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s CNY: %s, want %s\n", tc.deposits, got.Name, tc.want)
	}
	// Output:
	// 49999.99 CNY: mass, want mass
	// 50000 CNY: gold, want gold
	// 5999999.99 CNY: diamond, want diamond
	// 6000000 CNY: private banking, want private banking
}

// A playbook reports every problem of every part at once, each located in
// the spec's JSON form.
func ExampleSpec_Compile() {
	spec := playbook.Reference(sample.Shelf())
	spec.Ladder.Rungs[2].From = spec.Ladder.Rungs[1].From // platinum from gold's threshold
	spec.Strategies.Rules[3].When = policy.Any(policy.Field("tier").EQ("platinum"), policy.Field("segmnt").EQ("develop"))
	_, err := spec.Compile(nil)
	fmt.Println(err)
	// Output:
	// vipcare: /ladder/rungs/2/from: "platinum": duplicate
	// vipcare: /strategies/rules/3/when/any/1/field: "segmnt": unknown (closest of 71: segment, aum, wealth, since, age, foreign)
}

// A discreet entrepreneur's decision: every part with its reason, no
// amounts even though values are asked for, and the client's discretion
// overriding the premier strategy's events and recognition.
func ExamplePlaybook_Explain_discreet() {
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	p := vipcare.Profile{
		ID:           "C-DISCREET",
		Since:        asOf.AddDate(-8, 0, 0),
		Entrepreneur: true,
		Corporates:   []vipcare.CorporateLink{{ID: "K-1", Role: vipcare.RoleOwner}},
		Risk:         vipcare.C4,
		RiskAssessed: asOf.AddDate(0, -2, 0),
		LastActive:   asOf.AddDate(0, 0, -6),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cny("900000")},
			{ID: "H2", Class: vipcare.WealthProducts, Amount: cny("1600000")},
			{ID: "H3", Class: vipcare.BusinessEquity, Amount: cny("9000000"), OffBank: true},
		},
		Contact: vipcare.Preferences{Discreet: true, Preferred: vipcare.ChannelVisit},
		Events: []vipcare.Event{
			{Kind: vipcare.EventMaturity, Date: asOf.AddDate(0, 0, 12), Holding: "H2", Amount: cny("1600000")},
		},
	}
	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	d, err := pb.Explain(&p, v, playbook.Options{Values: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(d)
	// Output:
	// tier: diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
	// qualification: qualified
	// segment: maintain
	// need: integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30
	// need: recognition (strong, 100): high_aum +50, high_wealth +30, long_relationship +20
	// need: diversification (strong, 80): only_domestic +30, one_currency +20, growth_appetite +30
	// need: advice (strong, 70): property_and_business +40, large_wealth +20, entrepreneur +10
	// need: risk_management (moderate, 60): concentrated +50, entrepreneur +10
	// strategy: premier (rule "diamond or maintain"), owner senior_rm, touches a year: 2 branch, 8 phone, 6 secure_message
	//   constraint: discreet: no events or public recognition
	// play 1: Personal and corporate banking joined up (meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30)
	// play 2: A private review of the whole relationship (meets recognition (strong, 100): high_aum +50, high_wealth +30, long_relationship +20)
	// play 3: Concentration, leverage and protection (meets risk_management (moderate, 60): concentrated +50, entrepreneur +10)
	// task: maturity by visit, due 2026-07-11: a holding matures on 2026-07-12, within 30 days
	// workload: 580 minutes a year
}
