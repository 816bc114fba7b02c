package vipcare_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// A profile with holdings at the bank, a declared flat and a dollar account
// the client keeps with the bank's Hong Kong branch (Foreign: outside the
// home market; a dollar deposit onshore is not foreign), valued in yuan on
// one as-of date.
func ExampleValuation_Figures() {
	p := vipcare.Profile{
		ID:    "C-1001",
		Since: time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "dep", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("1250000.50", vipcare.CNY))},
			{ID: "wmp", Class: vipcare.WealthProducts, Amount: policy.Must(vipcare.NewMoney("2000000", vipcare.CNY))},
			{ID: "usd", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("100000", vipcare.USD)), Foreign: true},
			{ID: "flat", Class: vipcare.RealEstate, Amount: policy.Must(vipcare.NewMoney("3500000", vipcare.CNY)), OffBank: true},
		},
	}
	rates, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: decimal.RequireFromString("7.1234"),
	})
	if err != nil {
		panic(err)
	}
	v := vipcare.Valuation{
		AsOf:     time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		Currency: vipcare.CNY,
		Rates:    rates,
	}
	f, err := v.Figures(&p)
	if err != nil {
		panic(err)
	}
	fmt.Println("AUM:        ", f.AUM, f.Currency)
	fmt.Println("wealth:     ", f.Wealth, f.Currency)
	fmt.Println("deposits:   ", f.Class(vipcare.Deposits))
	fmt.Println("real estate:", vipcare.ShareOf(f.Class(vipcare.RealEstate), f.Wealth).Percent(), "of wealth")
	fmt.Println("foreign:    ", vipcare.ShareOf(f.Foreign, f.Wealth).Percent())

	// Rules read the figures by name, through the schema of an environment
	// (nil: the default one).
	schema := (*vipcare.Env)(nil).Schema()
	loyal := policy.Must(policy.Compile(schema, policy.All(
		policy.Field("classes").GE(3),
		policy.Field("tenure_months").GE(48),
		policy.Field("share.real_estate").LT("0.5"),
	)))
	fmt.Println(loyal.Explain(&f, policy.ExplainOptions{Values: true}))
	// Output:
	// AUM:         3962340.5 CNY
	// wealth:      7462340.5 CNY
	// deposits:    1962340.5
	// real estate: 46.9% of wealth
	// foreign:     9.5%
	// ✓ all of
	//   ✓ classes >= 3 (value 3)
	//   ✓ tenure_months >= 48 (value 50)
	//   ✓ share.real_estate < 0.5 (value 0.469021)
}

// Validate reports every problem at once, each naming the field at fault and
// never its value.
func ExampleProfile_Validate() {
	p := vipcare.Profile{
		ID:   "C-1002",
		Risk: "C6", // C1 to C5 only
		Holdings: []vipcare.Holding{
			{ID: "h1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("500000", vipcare.CNY))},
			{ID: "h1", Class: "Real Estate", Amount: policy.Must(vipcare.NewMoney("-1", vipcare.CNY))},
			{ID: "h3", Class: vipcare.Funds, Amount: policy.Must(vipcare.NewMoney("20000", vipcare.USD))},
		},
		Events: []vipcare.Event{
			{Kind: vipcare.EventLargeInflow, Date: time.Date(2025, 7, 3, 0, 0, 0, 0, time.UTC)},
			{Kind: vipcare.EventMaturity, Date: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}, // scheduled: fine
		},
	}
	v := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	err := p.Validate(v)
	fmt.Println(err)
	fmt.Println()
	fmt.Println("negative amount:", errors.Is(err, vipcare.ErrNegative))
	fmt.Println("missing rate:   ", errors.Is(err, vipcare.ErrNoRate))
	// Output:
	// vipcare: /holdings/1/id: duplicate of /holdings/0/id
	// vipcare: /holdings/1/class: malformed
	// vipcare: /holdings/1/amount: negative amount
	// vipcare: /holdings/2/amount: no exchange rate to the reporting currency
	// vipcare: /risk: unknown (want one of: C1, C2, C3, C4, C5)
	// vipcare: /events/0/date: date after the as-of date
	//
	// negative amount: true
	// missing rate:    true
}

// Printing, logging or marshalling a profile shows a redacted summary;
// Disclosed is the explicit way to identifiers and amounts.
func ExampleProfile_Format() {
	p := vipcare.Profile{
		ID:   "C-1003",
		Risk: vipcare.C3,
		Holdings: []vipcare.Holding{
			{ID: "h1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("9876543.21", vipcare.CNY))},
		},
	}
	fmt.Println(p)
	fmt.Printf("%+v\n", &p)
	fmt.Println(p.Holdings[0])
	j, _ := json.Marshal(p)
	fmt.Println(string(j))
	// Output:
	// Profile{id:[redacted] holdings:1 risk:C3}
	// Profile{id:[redacted] holdings:1 risk:C3}
	// Holding{id:[redacted] class:deposits amount:[redacted] off_bank:false}
	// {"id":"[redacted]","holdings":1,"risk":"C3"}
}

// A bank stores a profile whole with Disclosed, and reads it back with
// json.Unmarshal, strictly.
func ExampleDisclosed() {
	p := vipcare.Profile{
		ID:   "C-1003",
		Risk: vipcare.C3,
		Holdings: []vipcare.Holding{
			{ID: "h1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("9876543.21", vipcare.CNY))},
		},
	}
	stored, err := json.Marshal(vipcare.Disclosed(p))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(stored))

	var back vipcare.Profile
	if err := json.Unmarshal(stored, &back); err != nil {
		panic(err)
	}
	fmt.Println(back.ID, back.Holdings[0].Amount)
	// Output:
	// {"id":"C-1003","since":"0001-01-01T00:00:00Z","birth":"0001-01-01T00:00:00Z","holdings":[{"id":"h1","class":"deposits","amount":{"amount":"9876543.21","currency":"CNY"}}],"revenue_12m":{"amount":"0","currency":""},"risk":"C3","risk_assessed":"0001-01-01T00:00:00Z","investor":{"financial_assets":{"amount":"0","currency":""},"net_financial_assets":{"amount":"0","currency":""},"average_income_3y":{"amount":"0","currency":""}},"contact":{},"last_active":"0001-01-01T00:00:00Z"}
	// C-1003 9876543.21 CNY
}

// An Amount prints, and marshals, as exact decimal text.
func ExampleAmount() {
	a, _ := vipcare.ToAmount(decimal.RequireFromString("2000000"))
	b, _ := vipcare.ToAmount(decimal.RequireFromString("-1250.50"))
	fmt.Println(a, b)
	j, _ := json.Marshal(map[string]vipcare.Amount{"aum": a})
	fmt.Println(string(j))
	// Output:
	// 2000000 -1250.5
	// {"aum":"2000000"}
}

func ExampleShareOf() {
	part, _ := vipcare.ToAmount(decimal.RequireFromString("1"))
	whole, _ := vipcare.ToAmount(decimal.RequireFromString("3"))
	s := vipcare.ShareOf(part, whole)
	fmt.Println(s, s.Percent())
	// Output:
	// 0.333333 33.3%
}
