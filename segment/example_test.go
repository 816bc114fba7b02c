package segment_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/segment"
)

func ExampleSegmentation_Place() {
	seg, err := segment.Reference().Compile(nil)
	if err != nil {
		panic(err)
	}
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }

	clients := []vipcare.Profile{
		{ID: "C1", Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cny("1500000")},
			{ID: "H2", Class: vipcare.WealthProducts, Amount: cny("800000")},
		}},
		{ID: "C2", Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Funds, Amount: cny("800000")},
			{ID: "H2", Class: vipcare.RealEstate, Amount: cny("6000000"), OffBank: true},
		}},
		{ID: "C3", Entrepreneur: true, Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cny("120000")},
			{ID: "H2", Class: vipcare.BusinessEquity, Amount: cny("1500000"), OffBank: true},
		}},
	}
	for i := range clients {
		f, err := v.Figures(&clients[i])
		if err != nil {
			panic(err)
		}
		p, err := seg.Place(&f)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s\n", clients[i].ID, p)
	}
	// Output:
	// C1: maintain (value high, potential low, depth moderate)
	// C2: grow (value mid, potential high, depth shallow)
	// C3: develop (value low, potential mid, depth shallow)
}

func ExampleSegmentation_Explain() {
	seg := policy.Must(segment.Reference().Compile(nil))
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	p := vipcare.Profile{ID: "C2", Holdings: []vipcare.Holding{
		{ID: "H1", Class: vipcare.Funds, Amount: policy.Must(vipcare.NewMoney("800000", vipcare.CNY))},
		{ID: "H2", Class: vipcare.RealEstate, Amount: policy.Must(vipcare.NewMoney("6000000", vipcare.CNY)), OffBank: true},
	}}
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}
	e, err := seg.Explain(&f, policy.ExplainOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(e)
	// Output:
	// segment: grow
	// value: mid, at or above 500,000 and below 2,000,000
	// potential: high, at or above 4,000,000
	// depth: shallow, at or above 0 and below 2
	// matrix:
	//   hit policy unique
	//     "high value": no match
	//       ✗ value == high
	//   → "high potential": matched
	//       ✓ all of
	//         ✓ value in [low, mid]
	//         ✓ potential == high
	//     "mid value": no match
	//       ✗ all of
	//         ✓ value == mid
	//         ✗ potential in [low, mid]
	//     "low value, mid potential": no match
	//       ✗ all of
	//         ✗ value == low
	//         ✗ potential == mid
	//     "low value, low potential": no match
	//       ✗ all of
	//         ✗ value == low
	//         ✗ potential == low
}

// A bank's own segmentation, copied from the reference: a needs dimension
// (here the share of declared wealth in real estate, a diversification
// need, scored by a field of the bank's own) and a segment for clients an
// advisor should see first, decided before the reference rows under the
// First hit policy.
func ExampleSpec_Compile() {
	// A score of the bank's own is a field of its environment; the spec
	// names it, and stays plain data.
	env, err := vipcare.NewEnv(nil, policy.Ratio("property_share", vipcare.ShareScale, func(f *vipcare.Figures) (int64, int64) {
		return int64(f.Class(vipcare.RealEstate)), int64(f.Wealth)
	}).WithDoc("share of declared wealth in real estate"))
	if err != nil {
		panic(err)
	}
	spec := segment.Reference()
	spec.Dimensions = append(spec.Dimensions, segment.Dimension{
		Name:  "needs.diversify",
		Doc:   "share of declared wealth in real estate",
		Score: "property_share",
		Bands: []segment.Band{
			{Name: "none", From: decimal.Zero},
			{Name: "strong", From: decimal.RequireFromString("0.5")},
		},
	})
	spec.Segments = append(spec.Segments, "advise")
	spec.HitPolicy = policy.First
	spec.Matrix = append([]policy.Row[string]{{
		Name: "concentrated in property",
		When: policy.All(policy.Field("needs.diversify").EQ("strong"), policy.Field("value").GE("mid")),
		Then: "advise",
	}}, spec.Matrix...)
	seg, err := spec.Compile(env)
	if err != nil {
		panic(err)
	}

	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	p := vipcare.Profile{ID: "C4", Holdings: []vipcare.Holding{
		{ID: "H1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("700000", vipcare.CNY))},
		{ID: "H2", Class: vipcare.RealEstate, Amount: policy.Must(vipcare.NewMoney("3000000", vipcare.CNY)), OffBank: true},
	}}
	f, _ := v.Figures(&p)
	pl, _ := seg.Place(&f)
	fmt.Println(pl)

	// A mistake in the spec is reported with every other one, located in
	// the spec's JSON form.
	spec.Matrix[0].Then = "advice"
	spec.Dimensions[3].Bands[1].From = decimal.Zero
	_, err = spec.Compile(env)
	fmt.Println(err)

	// Under the Unique hit policy, rows that overlap for some combination
	// of bands are a mistake too, found at once rather than for the first
	// client who falls in both.
	spec = segment.Reference()
	spec.Matrix[1].When = policy.Field("potential").EQ("high")
	_, err = spec.Compile(nil)
	fmt.Println(err)
	// Output:
	// advise (value mid, potential mid, depth shallow, needs.diversify strong)
	// vipcare: /dimensions/3/bands/1/from: "strong": not in ascending order
	// vipcare: /matrix/0/then: "advice": unknown (want one of: serve digitally, develop, grow, maintain, advise)
	// vipcare: /matrix/1: "high potential": rows overlap in a unique table: "high value" and "high potential" both matched
}
