package needs_test

import (
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// A C3 client is offered a private equity fund rated R4 for qualified
// investors only, and a bond product rated R2. The China pack refuses the
// fund with every reason, and finds the bond product suitable. The reasons
// show levels, thresholds and product data, never the client's amounts.
func ExamplePack_Assess() {
	client := vipcare.Profile{
		ID:           "C-0001",
		Risk:         vipcare.C3,
		RiskAssessed: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("2000000", vipcare.CNY)},
			{ID: "H2", Class: vipcare.Funds, Amount: vipcare.MustMoney("1000000", vipcare.CNY)},
		},
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    vipcare.MustMoney("3000000", vipcare.CNY),
			NetFinancialAssets: vipcare.MustMoney("2800000", vipcare.CNY),
			AverageIncome3Y:    vipcare.MustMoney("350000", vipcare.CNY),
			ExperienceYears:    3,
		},
	}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}

	pack := needs.ChinaPack()
	fund := needs.Product{Code: "PE-GROWTH", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R4,
		QualifiedOnly: true, MinTicket: vipcare.MustMoney("1000000", vipcare.CNY)}
	bonds := needs.Product{Code: "BOND-PLUS", Category: "bond_fund", Class: vipcare.FixedIncome, Risk: needs.R2,
		MinTicket: vipcare.MustMoney("50000", vipcare.CNY)}

	c := needs.Case{Figures: &figures, Product: &fund}
	v := pack.Assess(&c)
	fmt.Println(fund.Code, "suitable:", v.OK())
	for _, r := range v.Refusals() {
		fmt.Printf("  %s [%s]: %s\n", r.Check, r.Code, r.Reason)
	}

	c.Product = &bonds
	fmt.Println(bonds.Code, pack.Assess(&c))
	// Output:
	// PE-GROWTH suitable: false
	//   risk_match [risk_mismatch]: product R4 above the client's C3
	//   qualified_investor [not_qualified_investor]: qualified investors only: one of net financial assets >= 3,000,000 CNY, financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required
	// BOND-PLUS suitable
}

// A bank assembles a MiFID II style pack from the same parts: risk
// matching, then knowledge and experience, ability to bear loss and
// objectives, each a policy rule over the client's figures that applies from
// a product rating up.
func ExampleRequire() {
	schema := needs.MustSchema()
	f := policy.Field
	pack := needs.MustPack("mifid2",
		needs.RiskMatch(24),
		needs.Require("knowledge_experience", "insufficient_knowledge", needs.R3,
			policy.MustCompile(schema, f("qi.experience_years").GE(3))),
		needs.Require("ability_to_bear_loss", "cannot_bear_loss", needs.R4,
			policy.MustCompile(schema, policy.All(f("net_wealth").GE("500000"), f("leverage").LE("0.5")))),
		needs.Require("objectives", "objectives_mismatch", needs.R4,
			policy.MustCompile(schema, f("risk_level").In("C4", "C5"))),
	)

	client := vipcare.Profile{
		ID:           "C-0002",
		Risk:         vipcare.C5,
		RiskAssessed: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("800000", vipcare.EUR)},
		},
		Liabilities: []vipcare.Liability{{ID: "L1", Amount: vipcare.MustMoney("600000", vipcare.EUR)}},
		Investor:    vipcare.InvestorFacts{ExperienceYears: 1},
	}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.EUR}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}
	for _, p := range []needs.Product{
		{Code: "MM", Category: "money_market", Class: vipcare.Funds, Risk: needs.R2},
		{Code: "EQ-EM", Category: "equity_fund", Class: vipcare.Funds, Risk: needs.R5},
	} {
		fmt.Println(p.Code, pack.Assess(&needs.Case{Figures: &figures, Product: &p}))
	}
	// Output:
	// MM suitable
	// EQ-EM not suitable: insufficient_knowledge (products from R3 require qi.experience_years >= 3); cannot_bear_loss (products from R4 require all(net_wealth >= 500000, leverage <= 0.5))
}
