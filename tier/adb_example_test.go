package tier_test

import (
	"fmt"
	"time"
	_ "time/tzdata" // time.LoadLocation works on any machine

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// A client kept 200,000 CNY at the bank and deposited 2,000,000 on 16
// November. Point-in-time AUM on 30 November says diamond; the month's
// average daily balance, (15 x 200,000 + 15 x 2,200,000) / 30, says
// platinum. Days are calendar days in Shanghai, the as-of date's location.
func ExampleADB() {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	p := vipcare.Profile{
		ID:       "C3",
		Holdings: []vipcare.Holding{{ID: "D1", Class: vipcare.Deposits, Amount: cny("2200000")}},
		DailyBalances: []vipcare.DailyBalance{
			// carried forward into November, day after day
			{Date: time.Date(2026, 10, 20, 18, 0, 0, 0, shanghai), Balance: cny("200000")},
			// the deposit
			{Date: time.Date(2026, 11, 16, 18, 0, 0, 0, shanghai), Balance: cny("2200000")},
		},
	}
	v := vipcare.Valuation{AsOf: time.Date(2026, 11, 30, 20, 0, 0, 0, shanghai), Currency: vipcare.CNY}
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}

	adb, err := tier.ADB(tier.Month).Measure(&f)
	if err != nil {
		panic(err)
	}
	fmt.Println("ADB of November:", adb)

	spec := tier.Reference()
	spec.Measure = "adb_month"
	byADB := policy.Must(spec.Compile(nil))
	e, err := byADB.Explain(&f, policy.ExplainOptions{Values: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(e)

	byAUM := policy.Must(tier.Reference().Compile(nil))
	e, err = byAUM.Explain(&f, policy.ExplainOptions{Values: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(e)
	// Output:
	// ADB of November: 1200000
	// platinum: ADB of the month of 1,200,000 CNY at or above platinum's 500,000 CNY and below diamond's 2,000,000 CNY
	// diamond: AUM at the bank of 2,200,000 CNY at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
}

// A client who averaged 800,000 CNY in September and moved half a million
// out on 1 October keeps platinum on a ladder measured by the best monthly
// ADB of the last three months (September, October, and November to date).
func ExampleBestMonthlyADB() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	p := vipcare.Profile{ID: "C4", DailyBalances: []vipcare.DailyBalance{
		{Date: day(2026, 8, 31), Balance: cny("800000")},
		{Date: day(2026, 10, 1), Balance: cny("300000")},
	}}
	v := vipcare.Valuation{AsOf: day(2026, 11, 10), Currency: vipcare.CNY}
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}
	for _, m := range []string{"adb_month", "best_monthly_adb_3"} {
		spec := tier.Reference()
		spec.Measure = m
		e, err := policy.Must(spec.Compile(nil)).Explain(&f, policy.ExplainOptions{})
		if err != nil {
			panic(err)
		}
		fmt.Println(e)
	}
	// Output:
	// gold: ADB of the month at or above gold's 50,000 CNY and below platinum's 500,000 CNY
	// platinum: best monthly ADB of the last 3 months at or above platinum's 500,000 CNY and below diamond's 2,000,000 CNY
}
