package needs_test

import (
	"fmt"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The reference plays ranked for one entrepreneur: the strongest need
// first, each play with its why and the products it may offer.
func ExampleRecommender_Recommend() {
	r := needs.MustRecommender(needs.RecommenderSpec{
		Detector: needs.MustDetector(needs.ReferenceDetectors()),
		Shelf:    needs.MustShelf(sample.Shelf()...),
		Pack:     needs.ChinaPack(),
		Plays:    needs.ReferencePlays(),
		Default:  []string{"standard_review"},
	})
	p := entrepreneur()
	f, err := vipcare.Valuation{AsOf: recAsOf, Currency: vipcare.CNY}.Figures(&p)
	if err != nil {
		panic(err)
	}
	history := []needs.Contact{{Play: "status_review", Date: recAsOf.AddDate(0, 0, -10)}}
	rs := r.Recommend(&f, history, policy.ExplainOptions{})
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

// The same clients under the old, product-driven way and the needs-driven
// way: quota weight decides the first, the client's needs the second.
// Neither offers an unsuitable product.
func ExampleStrategy() {
	needsDriven := needs.MustRecommender(needs.RecommenderSpec{
		Detector: needs.MustDetector(needs.ReferenceDetectors()),
		Shelf:    needs.MustShelf(sample.Shelf()...),
		Pack:     needs.ChinaPack(),
		Plays:    needs.ReferencePlays(),
		Default:  []string{"standard_review"},
		MaxPlays: 2,
	})
	productDriven := needsDriven.WithStrategy(needs.ProductDriven)
	opts := sample.Options{Seed: 1}
	v := sample.Valuation(opts)
	for _, i := range []int{3, 13} {
		p := sample.Profile(opts, i)
		f, err := v.Figures(&p)
		if err != nil {
			panic(err)
		}
		fmt.Printf("client #%d\n", i)
		for _, r := range []*needs.Recommender{productDriven, needsDriven} {
			rs := r.Recommend(&f, nil, policy.ExplainOptions{})
			fmt.Printf("  %-15s", rs.Strategy.String()+":")
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
