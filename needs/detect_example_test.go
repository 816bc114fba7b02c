package needs_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// An entrepreneur with most of the family's wealth in the business and in
// property: the reference scorecards find three needs, each with the
// signals that fired. The evidence names fields and thresholds only; the
// client's amounts appear only with policy.ExplainOptions{Values: true}.
func ExampleAdvisor_Explain() {
	cst := time.FixedZone("CST", 8*3600)
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	client := vipcare.Profile{
		ID:           "C-1024",
		Birth:        time.Date(1972, 5, 4, 0, 0, 0, 0, cst),
		Since:        time.Date(2018, 3, 1, 0, 0, 0, 0, cst),
		Entrepreneur: true,
		Corporates:   []vipcare.CorporateLink{{ID: "CORP-0042", Role: vipcare.RoleOwner}},
		Risk:         vipcare.C3,
		RiskAssessed: time.Date(2025, 1, 10, 0, 0, 0, 0, cst),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cny("1500000")},
			{ID: "H2", Class: vipcare.WealthProducts, Product: "WMP-2041", Amount: cny("800000")},
			{ID: "H3", Class: vipcare.BusinessEquity, Amount: cny("6000000"), OffBank: true},
			{ID: "H4", Class: vipcare.RealEstate, Amount: cny("3000000"), OffBank: true},
		},
		Liabilities: []vipcare.Liability{{ID: "L1", Kind: "mortgage", Amount: cny("1000000")}},
	}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, cst), Currency: vipcare.CNY}
	figures, err := valuation.Figures(&client)
	if err != nil {
		fmt.Println(err)
		return
	}

	// The reference reads age (a signal of the preservation need), a
	// protected field: compiling it alone, the caller allows it.
	env := policy.Must((*vipcare.Env)(nil).Allow("age"))
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	found := advisor.Explain(&figures, policy.ExplainOptions{})
	for _, f := range found {
		fmt.Println(f)
	}
	last := found[len(found)-1]
	fmt.Printf("\nwhy %s / %s:\n%s\n", last.Need, last.Evidence[0].Signal, last.Evidence[0].Why)
	// Output:
	// integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30
	// recognition (strong, 100): high_aum +50, high_wealth +30, long_relationship +20
	// advice (strong, 70): property_and_business +40, large_wealth +20, entrepreneur +10
	//
	// why advice / property_and_business:
	// ✓ share.property_and_business >= 0.5
}

// A detection made without text, as a monthly run makes one for every
// client, explained only when someone asks: the needs, strongest first,
// each signal that fired with its condition, without detecting again.
func ExampleDetection_Explain() {
	env := policy.Must((*vipcare.Env)(nil).Allow("age")) // the reference reads age, a protected field
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	opts := sample.Options{Seed: 1}
	p := sample.Profile(opts, 13)
	f, err := sample.Valuation(opts).Figures(&p)
	if err != nil {
		panic(err)
	}
	det := advisor.Detect(&f) // no text, no allocation
	fmt.Println("recognition:", det.Strength(needs.Recognition))

	for _, found := range det.Explain(&f, policy.ExplainOptions{}) {
		fmt.Println(found)
		for _, e := range found.Evidence {
			fmt.Printf("  %s: %s\n", e.Signal, e.Why)
		}
	}
	// Output:
	// recognition: 70
	// recognition (strong, 70): high_aum +50, long_relationship +20
	//   high_aum: ✓ aum >= 2000000
	//   long_relationship: ✓ tenure_months >= 60
}
