package needs_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// A C3 client is offered a private equity fund rated R4 for qualified
// investors only, and a bond product rated R2. The China pack refuses the
// fund with every reason, and finds the bond product suitable: it has no
// refusals. The reasons show levels, thresholds and product data, never the
// client's amounts.
func ExamplePack_Assess() {
	cny := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	client := vipcare.Profile{
		ID:           "C-0001",
		Risk:         vipcare.C3,
		RiskAssessed: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: cny("2000000")},
			{ID: "H2", Class: vipcare.Funds, Amount: cny("1000000")},
		},
		Investor: vipcare.InvestorFacts{
			FinancialAssets:    cny("3000000"),
			NetFinancialAssets: cny("2800000"),
			AverageIncome3Y:    cny("350000"),
			ExperienceYears:    3,
		},
	}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}

	pack := policy.Must(needs.ChinaPack().Compile(nil))
	fund := needs.Product{Code: "PE-GROWTH", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R4,
		QualifiedOnly: true, MinTicket: cny("1000000")}
	bonds := needs.Product{Code: "BOND-PLUS", Category: "bond_fund", Class: vipcare.FixedIncome, Risk: needs.R2,
		MinTicket: cny("50000")}

	c := needs.Case{Figures: &figures}
	var refusals []needs.Refusal // reused for every product
	for _, p := range []*needs.Product{&fund, &bonds} {
		c.Product = p
		refusals = pack.Assess(refusals[:0], &c)
		fmt.Println(p.Code, "suitable:", len(refusals) == 0)
		for _, r := range refusals {
			fmt.Printf("  %s [%s]: %s\n", r.Check, r.Code, r.Reason)
		}
	}
	// Output:
	// PE-GROWTH suitable: false
	//   risk_match [risk_mismatch]: product R4 above the client's C3
	//   qualified_investor [not_qualified_investor]: qualified investors only: one of net financial assets >= 3,000,000 CNY, financial assets >= 5,000,000 CNY, average income over 3 years >= 400,000 CNY required
	// BOND-PLUS suitable: true
}

// A bank writes a MiFID II style pack as data: risk matching, then
// knowledge and experience, ability to bear loss and objectives, each a
// condition over the client's figures that applies from a product rating
// up.
func ExampleRequirement() {
	f := policy.Field
	pack := policy.Must(needs.PackSpec{
		Name:               "mifid2",
		RiskValidityMonths: 24,
		Require: []needs.Requirement{
			{Check: "knowledge_experience", Code: "insufficient_knowledge", From: needs.R3,
				When: f("qi.experience_years").GE(3)},
			{Check: "ability_to_bear_loss", Code: "cannot_bear_loss", From: needs.R4,
				When: policy.All(f("net_wealth").GE("500000"), f("leverage").LE("0.5"))},
			{Check: "objectives", Code: "objectives_mismatch", From: needs.R4,
				When: f("risk_level").In("C4", "C5")},
		},
	}.Compile(nil))

	eur := vipcare.Currency("EUR")
	client := vipcare.Profile{
		ID:           "C-0002",
		Risk:         vipcare.C5,
		RiskAssessed: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC),
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: policy.Must(vipcare.NewMoney("800000", eur))},
		},
		Liabilities: []vipcare.Liability{{ID: "L1", Amount: policy.Must(vipcare.NewMoney("600000", eur))}},
		Investor:    vipcare.InvestorFacts{ExperienceYears: 1},
	}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: eur}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}
	for _, p := range []needs.Product{
		{Code: "MM", Category: "money_market", Class: vipcare.Funds, Risk: needs.R2},
		{Code: "EQ-EM", Category: "equity_fund", Class: vipcare.Funds, Risk: needs.R5},
	} {
		refusals := pack.Assess(nil, &needs.Case{Figures: &figures, Product: &p})
		if len(refusals) == 0 {
			fmt.Println(p.Code, "suitable")
		}
		for _, r := range refusals {
			fmt.Println(p.Code, "not suitable:", r)
		}
	}
	// Output:
	// MM suitable
	// EQ-EM not suitable: insufficient_knowledge (products from R3 require qi.experience_years >= 3)
	// EQ-EM not suitable: cannot_bear_loss (products from R4 require net_wealth >= 500000 and leverage <= 0.5)
}

// A bank's own check, written in Go, is registered by name in the
// environment and named by the pack, which stays plain data: here
// structured notes go only to clients assessed C5. A refusal that names no
// check carries the registered name.
func ExampleCheckPart() {
	notesForC5 := needs.CheckFunc(func(c needs.Case) (needs.Refusal, bool) {
		if c.Product.Category != "structured_note" || c.Figures.Profile.Risk == vipcare.C5 {
			return needs.Refusal{}, false
		}
		return needs.Refusal{Code: "structured_note_c5_only", Reason: "structured notes for C5 clients only"}, true
	})
	env, err := policy.Must(vipcare.NewEnv(nil)).WithParts(needs.CheckPart("notes_for_c5", notesForC5))
	if err != nil {
		panic(err)
	}
	spec := needs.PackSpec{Name: "house", Checks: []string{"notes_for_c5"}}
	b, err := json.Marshal(spec)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
	pack := policy.Must(spec.Compile(env))

	client := vipcare.Profile{ID: "C-0003", Risk: vipcare.C4}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}
	note := needs.Product{Code: "SN-1", Category: "structured_note", Class: vipcare.FixedIncome, Risk: needs.R4}
	for _, r := range pack.Assess(nil, &needs.Case{Figures: &figures, Product: &note}) {
		fmt.Println(r.Check+":", r)
	}

	// Compiled where the check is not registered, the pack says so.
	_, err = spec.Compile(nil)
	fmt.Println(err)
	// Output:
	// {"name":"house","max_concentration":"0","checks":["notes_for_c5"]}
	// notes_for_c5: structured_note_c5_only (structured notes for C5 clients only)
	// vipcare: /checks/0: "notes_for_c5": unknown
}

// A client whose risk assessment expired may make no new purchase, not
// even of a deposit: the China pack refuses every product with the code
// that says why. A bank whose rules allow principal-protected R1 products
// without a valid assessment opts in, and only those pass.
func ExamplePackSpec_unassessedProtectedR1() {
	client := vipcare.Profile{ID: "C-0002", Risk: vipcare.C4, RiskAssessed: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	valuation := vipcare.Valuation{AsOf: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	figures, err := valuation.Figures(&client)
	if err != nil {
		panic(err)
	}
	deposit := needs.Product{Code: "DEP-TD-1Y", Category: "deposit", Class: vipcare.Deposits, Risk: needs.R1, Protected: true}
	money := needs.Product{Code: "MMF", Category: "money_market", Class: vipcare.Funds, Risk: needs.R1}
	fund := needs.Product{Code: "EQ-FUND", Category: "equity_fund", Class: vipcare.Funds, Risk: needs.R4}

	optIn := needs.ChinaPack()
	optIn.UnassessedProtectedR1 = true
	for _, spec := range []needs.PackSpec{needs.ChinaPack(), optIn} {
		pack := policy.Must(spec.Compile(nil))
		fmt.Println("opted in:", spec.UnassessedProtectedR1)
		for _, p := range []*needs.Product{&deposit, &money, &fund} {
			for _, r := range pack.Assess(nil, &needs.Case{Figures: &figures, Product: p}) {
				fmt.Printf("  %s [%s]: %s\n", p.Code, r.Code, r.Reason)
			}
		}
	}
	// Output:
	// opted in: false
	//   DEP-TD-1Y [assessment_expired]: risk assessment 12 months old or more: no new purchase (product R1)
	//   MMF [assessment_expired]: risk assessment 12 months old or more: no new purchase (product R1)
	//   EQ-FUND [assessment_expired]: risk assessment 12 months old or more: no new purchase (product R4)
	// opted in: true
	//   MMF [assessment_expired]: risk assessment 12 months old or more: only R1 principal-protected products (product R1, not protected)
	//   EQ-FUND [assessment_expired]: risk assessment 12 months old or more: only R1 principal-protected products (product R4, not protected)
}
