package playbook_test

import (
	"fmt"

	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The reference playbook decides for one client of the sample book: every
// part with its reason.
func ExamplePlaybook_Decide() {
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	client := sample.Profile(o, 13)
	d, err := pb.Decide(&client, sample.Valuation(o), playbook.Options{})
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
