package tier_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// client is a client whose holdings are CNY deposits at the bank of the
// given amounts.
func client(id string, amounts ...string) vipcare.Profile {
	p := vipcare.Profile{ID: id}
	for i, a := range amounts {
		p.Holdings = append(p.Holdings, vipcare.Holding{
			ID: fmt.Sprint("H", i), Class: vipcare.Deposits, Amount: testkit.CNY(a),
		})
	}
	return p
}

func ExampleLadder_Assign() {
	ladder := policy.Must(tier.Reference().Compile(nil))
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}

	p := client("C1", "1500000", "800000")
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}
	t, err := ladder.Assign(&f)
	if err != nil {
		panic(err)
	}
	fmt.Println(t)

	e, _ := ladder.Explain(&f, policy.ExplainOptions{})
	fmt.Println(e)
	e, _ = ladder.Explain(&f, policy.ExplainOptions{Values: true})
	fmt.Println(e)
	// Output:
	// diamond
	// diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
	// diamond: AUM at the bank of 2,300,000 CNY at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
}

// A bank's own ladder: a "business" tier for entrepreneurs and clients with
// linked companies, entered at 1,000,000 CNY.
func ExampleLadderSpec_Compile() {
	spec := tier.LadderSpec{
		Currency: vipcare.CNY,
		Rungs: []tier.Rung{
			{Tier: tier.Tier{Name: "mass", Rank: 10}},
			{Tier: tier.Tier{Name: "gold", Rank: 20}, From: decimal.NewFromInt(50_000)},
			{Tier: tier.Tier{Name: "business", Rank: 30}, From: decimal.NewFromInt(1_000_000),
				When: policy.Any(
					policy.Field("entrepreneur").EQ(true),
					policy.Field("corporate_links").GE(1),
				)},
		},
	}
	ladder, err := spec.Compile(nil)
	if err != nil {
		panic(err)
	}
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	p := client("C2", "1200000")
	f, _ := v.Figures(&p)
	e, _ := ladder.Explain(&f, policy.ExplainOptions{})
	fmt.Println(e)
	// Output:
	// gold: AUM at the bank at or above gold's 50,000 CNY
	// passed over business: at or above its 1,000,000 CNY but its condition failed:
	//   ✗ any of
	//     ✗ entrepreneur == true
	//     ✗ corporate_links >= 1
}

// Compiling reports every problem at once, located in the spec's JSON form.
func ExampleLadderSpec_Compile_errors() {
	spec := tier.Reference()
	spec.Rungs[2].From = decimal.NewFromInt(50_000)     // same as gold
	spec.Rungs[4].Tier.Name = "gold"                    // duplicate name
	spec.Rungs[3].When = policy.Field("aum_typo").GE(1) // unknown field
	_, err := spec.Compile(nil)
	fmt.Println(err)
	// Output:
	// vipcare: /rungs/2/from: "platinum": duplicate
	// vipcare: /rungs/3/when/field: "aum_typo": unknown (closest of 64: aum, off_bank, wealth, age, foreign, classes)
	// vipcare: /rungs/4/tier/name: "gold": duplicate
}

// A bank's own measure, written in Go, is registered by name in the
// environment and named by the ladder spec, which stays plain data: here
// AUM at the bank plus half the declared off-bank wealth.
func ExampleMeasurePart() {
	house := tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM + f.OffBank/2, nil })
	env, err := policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("aum_and_half_off_bank", house))
	if err != nil {
		panic(err)
	}
	spec := tier.Reference()
	spec.Measure = "aum_and_half_off_bank"
	ladder, err := spec.Compile(env)
	if err != nil {
		panic(err)
	}

	p := client("C5", "300000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
		Amount: testkit.CNY("1000000"), OffBank: true})
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}
	e, err := ladder.Explain(&f, policy.ExplainOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(e)

	// A name that is neither built in nor registered is located, with the
	// names there are.
	spec.Measure = "aum_and_half"
	_, err = spec.Compile(env)
	fmt.Println(err)
	// Output:
	// platinum: aum_and_half_off_bank at or above platinum's 500,000 CNY and below diamond's 2,000,000 CNY
	// vipcare: /measure: "aum_and_half": unknown (want one of: aum, adb_month, adb_quarter, best_monthly_adb_<n>, aum_and_half_off_bank)
}
