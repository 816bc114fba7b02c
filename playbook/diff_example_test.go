package playbook_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// Two versions of a policy: what changed, in words a risk committee reads,
// and what it does to the sample book.
func ExampleDiff() {
	current := playbook.Reference(sample.Shelf())
	current.ID, current.Version, current.EffectiveFrom = "cn-retail-vip", "2026.1", "2026-01-01"

	proposed := playbook.Reference(sample.Shelf())
	proposed.ID, proposed.Version, proposed.EffectiveFrom = "cn-retail-vip", "2027.1", "2027-01-01"
	proposed.Ladder.Rungs[1].From = decimal.NewFromInt(60_000) // gold
	f := policy.Field
	proposed.Strategies.Rules[2].When = policy.All(f("segment").EQ("grow"), f("tier_rank").GE(30))

	changes, err := playbook.Diff(current, proposed)
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Println(c)
	}

	a, err := current.Compile(nil)
	if err != nil {
		panic(err)
	}
	b, err := proposed.Compile(nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	w, err := book.ComparePlaybooks(sample.Seq(o, 1000), sample.Valuation(o), a, b, book.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(w)
	// Output:
	// version 2026.1 -> 2027.1
	// effective from 2026-01-01 -> 2027-01-01
	// gold threshold 50,000 -> 60,000 CNY
	// strategy rule "grow" condition: segment == "grow" -> segment == "grow" and tier_rank >= 30
	// tier: 27 of 1,000 clients move (0 up, 27 down)
	//   gold -> mass  27
	// segment: 0 of 1,000 clients move
	// strategy: 5 of 1,000 clients move
	//   growth -> digital  5
	// play                    current  proposed  gained  lost
	// advice_session               43        42       0     1
	// global_diversification       90        89       0     1
	// growth_opportunities         12        12       0     0
	// integrated_banking          158       158       0     0
	// preserve_and_grow            26        26       0     0
	// risk_review                  32        32       0     0
	// standard_review              64        64       0     0
	// status_review                14        14       0     0
	// succession_planning           3         3       0     0
}
