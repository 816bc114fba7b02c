package needs_test

import (
	"fmt"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The reference plays ranked for one entrepreneur: the strongest need
// first, each play with its why and the products it may not offer.
func ExampleAdvisor_Recommend() {
	// The reference reads age (a signal of the preservation need), a
	// protected field: compiling it alone, the caller allows it.
	env := policy.Must((*vipcare.Env)(nil).Allow("age"))
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	p := entrepreneur()
	f, err := vipcare.Valuation{AsOf: recAsOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	history := []needs.PlayMade{{Play: "status_review", Date: recAsOf.AddDate(0, 0, -10)}}
	rs := advisor.Recommend(&f, advisor.Detect(&f), history, policy.ExplainOptions{})
	for i, rec := range rs.Plays {
		fmt.Printf("%d. %s — %s\n", i+1, rec.Title, rec.Reason)
		for _, o := range rec.Refused[:min(1, len(rec.Refused))] {
			fmt.Printf("   not %s: %s\n", o.Product, o.Refusals[0])
		}
	}
	for _, s := range rs.Skipped {
		if s.Code == needs.CodeCoolDown {
			fmt.Printf("left out %s: %s (%s)\n", s.Play, s.Code, s.Reason)
		}
	}
	// Output:
	// 1. Personal and corporate banking joined up — meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30
	//    not WMP-EQ: risk_mismatch (product R4 above the client's C3)
	// 2. Concentration, leverage and protection — meets risk_management (moderate, 60): concentrated +50, entrepreneur +10
	// 3. Keep it safe, and let it grow — meets preservation (moderate, 50): cash_heavy +50
	// left out status_review: cool_down (made 10 days ago; cool-down 30 days)
}

// Decide first, explain on request: Pick ranks the entrepreneur's plays
// without text, at most two of them; when someone asks why, the needs
// are explained from the same detection and Recommendations words what
// Pick chose, a play cut by the limit of two included.
func ExampleAdvisor_Recommendations() {
	env := policy.Must((*vipcare.Env)(nil).Allow("age")) // the reference reads age, a protected field
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	p := entrepreneur()
	f, err := vipcare.Valuation{AsOf: recAsOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	det := advisor.Detect(&f)
	picks, skipped := advisor.Pick(nil, nil, &f, det, nil, 2)

	// Later, for the RM who asks why:
	found := det.Explain(&f, policy.ExplainOptions{})
	rs := advisor.Recommendations(&f, found, picks, skipped, nil, policy.ExplainOptions{})
	for i, rec := range rs.Plays {
		fmt.Printf("%d. %s — %s\n", i+1, rec.Title, rec.Reason)
	}
	for _, s := range rs.Skipped {
		if s.Play == "preserve_and_grow" {
			fmt.Printf("left out %s: %s\n", s.Play, s.Code)
		}
	}
	// Output:
	// 1. Personal and corporate banking joined up — meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30
	// 2. Concentration, leverage and protection — meets risk_management (moderate, 60): concentrated +50, entrepreneur +10
	// left out preserve_and_grow: max_plays
}

// The same clients under the old, product-driven way and the needs-driven
// way: quota weight decides the first, the client's needs the second.
// Neither offers an unsuitable product.
func ExampleAdvisor_ProductDriven() {
	spec := needs.Reference(sample.Shelf())
	spec.MaxPlays = 2
	env := policy.Must((*vipcare.Env)(nil).Allow("age")) // the reference reads age, a protected field
	needsDriven := policy.Must(spec.Compile(env))
	productDriven := needsDriven.ProductDriven()
	opts := sample.Options{Seed: 1}
	v := sample.Valuation(opts)
	for _, i := range []int{3, 13} {
		p := sample.Profile(opts, i)
		f, err := v.Figures(&p)
		if err != nil {
			panic(err)
		}
		fmt.Printf("client #%d\n", i)
		for _, a := range []*needs.Advisor{productDriven, needsDriven} {
			rs := a.Recommend(&f, a.Detect(&f), nil, policy.ExplainOptions{})
			way := "needs-driven:"
			if rs.ProductDriven {
				way = "product-driven:"
			}
			fmt.Printf("  %-15s", way)
			for _, rec := range rs.Plays {
				fmt.Printf(" %s (%s)", rec.Play, rec.Reason)
			}
			fmt.Println()
		}
	}
	// Output:
	// client #3
	//   product-driven: risk_review (quota weight 23) preserve_and_grow (quota weight 21)
	//   needs-driven:   standard_review (meets preservation (moderate, 50): older +20, conservative +30) preserve_and_grow (meets preservation (moderate, 50): older +20, conservative +30)
	// client #13
	//   product-driven: risk_review (quota weight 37) preserve_and_grow (quota weight 31)
	//   needs-driven:   status_review (meets recognition (strong, 70): high_aum +50, long_relationship +20)
}

// Deciding without text: the same plays as Recommend's for the
// entrepreneur, with the slices reused from client to client so that
// nothing is allocated; the product codes, like every explanation, are
// rendered only when asked for.
func ExampleAdvisor_Pick() {
	// The reference reads age (a signal of the preservation need), a
	// protected field: compiling it alone, the caller allows it.
	env := policy.Must((*vipcare.Env)(nil).Allow("age"))
	advisor := policy.Must(needs.Reference(sample.Shelf()).Compile(env))
	p := entrepreneur()
	f, err := vipcare.Valuation{AsOf: recAsOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	history := []needs.PlayMade{{Play: "status_review", Date: recAsOf.AddDate(0, 0, -10)}}
	picks, skipped := make([]needs.Pick, 0, 16), make([]needs.Skip, 0, 16) // kept from client to client
	picks, skipped = advisor.Pick(picks[:0], skipped[:0], &f, advisor.Detect(&f), history, 0)
	for i, pk := range picks {
		fmt.Printf("%d. %s for %s (%d), fit %d%%, score %d: %d products, e.g. %s\n",
			i+1, pk.Play, pk.Need, pk.Strength, pk.Fit, pk.Score, pk.Offers.Len(), pk.Offers.Codes()[0])
	}
	for _, s := range skipped {
		fmt.Printf("left out %s: %s\n", s.Play, s.Code)
	}
	// Output:
	// 1. integrated_banking for integrated (100), fit 100%, score 10000: 5 products, e.g. CCM-SWEEP
	// 2. risk_review for risk_management (60), fit 100%, score 6000: 6 products, e.g. INS-CI
	// 3. preserve_and_grow for preservation (50), fit 100%, score 5000: 6 products, e.g. BF-SHORT
	// left out status_review: cool_down
	// left out advice_session: no_need
	// left out standard_review: max_plays
	// left out global_diversification: max_plays
	// left out succession_planning: max_plays
	// left out growth_opportunities: max_plays
}
