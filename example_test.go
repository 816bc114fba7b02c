package vipcare_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
)

// A profile with holdings at the bank, a declared flat and a dollar account,
// valued in yuan on one as-of date.
func ExampleValuation_Figures() {
	p := vipcare.Profile{
		ID:    "C-1001",
		Since: time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "dep", Class: vipcare.Deposits, Amount: vipcare.MustMoney("1250000.50", vipcare.CNY)},
			{ID: "wmp", Class: vipcare.WealthProducts, Amount: vipcare.MustMoney("2000000", vipcare.CNY)},
			{ID: "usd", Class: vipcare.Deposits, Amount: vipcare.MustMoney("100000", vipcare.USD), Foreign: true},
			{ID: "flat", Class: vipcare.RealEstate, Amount: vipcare.MustMoney("3500000", vipcare.CNY), OffBank: true},
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
	fmt.Println("AUM:        ", f.AUM.Grouped(), f.Currency)
	fmt.Println("wealth:     ", f.Wealth.Grouped(), f.Currency)
	fmt.Println("deposits:   ", f.Class(vipcare.Deposits).Grouped())
	fmt.Println("real estate:", f.Share(vipcare.RealEstate).Percent(), "of wealth")
	fmt.Println("foreign:    ", f.ForeignShare().Percent())
	fmt.Println("classes:    ", f.Classes())
	fmt.Println("tenure:     ", f.TenureMonths(), "months")
	// Output:
	// AUM:         3,962,340.5 CNY
	// wealth:      7,462,340.5 CNY
	// deposits:    1,962,340.5
	// real estate: 46.9% of wealth
	// foreign:     9.5%
	// classes:     3
	// tenure:      50 months
}

// Validate reports every problem at once, each naming the field at fault and
// never its value.
func ExampleProfile_Validate() {
	p := vipcare.Profile{
		ID:   "C-1002",
		Risk: 6, // C1 to C5 only
		Holdings: []vipcare.Holding{
			{ID: "h1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("500000", vipcare.CNY)},
			{ID: "h1", Class: "Real Estate", Amount: vipcare.MustMoney("-1", vipcare.CNY)},
			{ID: "h3", Class: vipcare.Funds, Amount: vipcare.MustMoney("20000", vipcare.USD)},
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
	// vipcare: holdings[1].id: duplicate of holdings[0].id
	// vipcare: holdings[1].class: malformed asset class or too many classes
	// vipcare: holdings[1].amount: negative amount
	// vipcare: holdings[2].amount: no exchange rate to the reporting currency
	// vipcare: risk: value out of range
	// vipcare: events[0].date: date after the as-of date
	//
	// negative amount: true
	// missing rate:    true
}

// Printing or logging a profile shows a redacted summary; Disclose is the
// explicit way to see identifiers and amounts.
func ExampleProfile_Format() {
	p := vipcare.Profile{
		ID:   "C-1003",
		Risk: vipcare.C3,
		Holdings: []vipcare.Holding{
			{ID: "h1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("9876543.21", vipcare.CNY)},
		},
	}
	fmt.Println(p)
	fmt.Printf("%+v\n", &p)
	fmt.Println(p.Holdings[0])
	// Output:
	// Profile{id:[redacted] holdings:1 risk:C3}
	// Profile{id:[redacted] holdings:1 risk:C3}
	// Holding{id:[redacted] class:deposits amount:[redacted] off_bank:false}
}

func ExampleAmount_Grouped() {
	a, _ := vipcare.ToAmount(decimal.RequireFromString("2000000"))
	b, _ := vipcare.ToAmount(decimal.RequireFromString("-1250.50"))
	fmt.Println(a.Grouped(), a.String())
	fmt.Println(b.Grouped(), b.String())
	// Output:
	// 2,000,000 2000000
	// -1,250.5 -1250.5
}

func ExampleShareOf() {
	part, _ := vipcare.ToAmount(decimal.RequireFromString("1"))
	whole, _ := vipcare.ToAmount(decimal.RequireFromString("3"))
	s := vipcare.ShareOf(part, whole)
	fmt.Println(s, s.Percent())
	// Output:
	// 0.333333 33.3%
}
