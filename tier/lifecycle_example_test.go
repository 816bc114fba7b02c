package tier_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// A client's year on the reference ladder: upgraded at once, on watch when
// its balance dips, downgraded one rung after three periods below.
func ExampleLadder_Replay() {
	ladder := policy.Must(tier.Reference().Compile(nil))

	month := tier.MonthOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var obs []tier.Observation
	for _, aum := range []string{"80000", "650000", "420000", "510000", "300000", "300000", "300000"} {
		p := client("C7", aum)
		f, err := vipcare.Valuation{AsOf: month.Last(), Currency: vipcare.CNY}.Figures(&p)
		if err != nil {
			panic(err)
		}
		o, err := ladder.Observe(&f, month)
		if err != nil {
			panic(err)
		}
		obs = append(obs, o)
		month = month.Next()
	}
	timeline := ladder.Replay(tier.State{}, obs)
	fmt.Println(timeline)
	fmt.Println("on 2026-06-15:", timeline.TierOn(time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)))
	fmt.Println("on 2026-08-01:", timeline.TierOn(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 2026-01: entered gold: AUM at the bank at or above 50,000 CNY; from 2026-02
	// 2026-02: gold → platinum, upgraded: AUM at the bank at or above platinum's 500,000 CNY; from 2026-03
	// 2026-03: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY
	// 2026-04: platinum off watch: AUM at the bank at or above 500,000 CNY
	// 2026-05: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY
	// 2026-06: platinum on watch, 2 of 3 periods below: AUM at the bank below 500,000 CNY
	// 2026-07: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-08
	// on 2026-06-15: platinum
	// on 2026-08-01: gold
}

// A manager grants a strategic client platinum for six months; a second
// person approves it. The computed tier stays visible beside the effective
// one, and the grant stops by itself when it expires.
func ExampleLadder_Apply() {
	ladder := policy.Must(tier.Reference().Compile(nil))
	gold := tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}}

	overrides := []tier.Override{{
		Tier:      tier.Tier{Name: "platinum", Rank: 30},
		Code:      "strategic_relationship",
		Requester: "rm-0417",
		Approver:  "branch-head-02",
		From:      time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		Until:     time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}}
	for _, day := range []time.Time{
		time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		e, err := ladder.Apply(gold, overrides, day)
		if err != nil {
			panic(err)
		}
		fmt.Println(day.Format("2006-01-02"), e)
	}

	overrides[0].Approver = overrides[0].Requester
	_, err := ladder.Apply(gold, overrides, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(err)
	// Output:
	// 2026-09-01 platinum (computed gold; grant strategic_relationship until 2027-01-01)
	// 2027-01-01 gold (computed, no override)
	// vipcare: /overrides/0/approver: "strategic_relationship": override approved by its requester
}
