package sample

import (
	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// Shelf returns a reference shelf of 50 products, the kind a Chinese retail
// bank's VIP desk offers, for tests, benchmarks and demos with
// a needs.Spec. Like the book, it is synthetic: no product is a real
// one. Each call returns a new slice, needs included, that the caller owns;
// the products are the same, in the same order, on every call.
//
// The shelf spans 24 categories, from principal-protected deposits to
// private funds and family trusts:
//
//	category                   n  risk   class            minimum ticket
//	deposit                    3  R1     deposits         0 or 50 CNY
//	large_deposit              2  R1     deposits         200,000 CNY (大额存单)
//	structured_deposit         1  R1     deposits         10,000 CNY
//	savings_bond               1  R1     fixed_income     100 CNY (储蓄国债)
//	money_market               2  R1     funds, wealth    1 CNY
//	bond_fund                  2  R2-R3  funds            10 CNY
//	wealth_product             4  R2-R4  wealth_products  10,000 CNY (理财)
//	balanced_fund              2  R3     funds            10 CNY
//	equity_fund                4  R4-R5  funds            10 CNY
//	global_fund                3  R3-R4  funds            1,000 USD, Global
//	qdii_fund                  3  R3-R5  funds            10 CNY, Global
//	structured_note            3  R3-R5  other            100,000 CNY; 1,000,000 qualified
//	private_fund               3  R4-R5  funds            1,000,000 CNY, qualified only
//	trust                      2  R3-R4  fixed_income     1,000,000 CNY, qualified only
//	precious_metal             1  R3     other            1,000 CNY
//	annuity_insurance          2  R2     insurance        10,000 CNY
//	protection_insurance       2  R1     insurance        0 CNY
//	insurance_trust            1  R2     insurance        1,000,000 CNY
//	family_trust               2  R3     other            10,000,000 CNY, qualified only
//	tax_advice                 1  R1     other            0 CNY
//	legal_advice               1  R1     other            0 CNY
//	investment_advice          1  R1     other            0 CNY
//	corporate_cash_management  2  R1-R2  deposits, wealth 0 or 100,000 CNY
//	vip_service                2  R1     other            0 CNY
//
// Minimum tickets are in CNY except those of the global funds, which are
// in USD; QDII funds invest abroad (Global) but are bought in CNY. Only
// deposit-like products and savings bonds are Protected, and every
// protected product is R1. Advice and service products carry R1 and an
// explicit zero ticket in CNY: they put no money at risk.
//
// Every product names the needs it addresses, and every need of
// [needs.Catalogue] is addressed by some product.
//
// Quota is the weight the product had in the old product-driven sales
// quota (养猪: push whatever pays the most fees): highest on protection and
// annuity insurance, structured notes and equity funds, low on deposits,
// zero on savings bonds, advice and services. Quotas exist only so that the
// opt-in product-driven strategy can be compared with needs-driven
// selling; needs-driven ranking never reads them.
//
// Shelf is a long function because its body is a table: one line a product.
func Shelf() []needs.Product {
	const (
		cash  = vipcare.Deposits
		fixed = vipcare.FixedIncome
		wmp   = vipcare.WealthProducts
		funds = vipcare.Funds
		ins   = vipcare.Insurance
		other = vipcare.OtherAssets
	)
	const (
		integrated      = needs.Integrated
		recognition     = needs.Recognition
		preservation    = needs.Preservation
		advice          = needs.Advice
		diversification = needs.Diversification
		riskManagement  = needs.RiskManagement
	)
	ns := func(n ...needs.Need) []needs.Need { return n }
	yuan := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.CNY)) }
	usd := func(s string) vipcare.Money { return policy.Must(vipcare.NewMoney(s, vipcare.USD)) }
	p := func(code, name, category string, class vipcare.AssetClass, risk needs.RiskRating,
		ticket vipcare.Money, quota int, n []needs.Need) needs.Product {
		return needs.Product{Code: code, Name: name, Category: category, Class: class, Risk: risk,
			MinTicket: ticket, Quota: quota, Needs: n}
	}
	protected := func(x needs.Product) needs.Product { x.Protected = true; return x }
	global := func(x needs.Product) needs.Product { x.Global = true; return x }
	qualified := func(x needs.Product) needs.Product { x.QualifiedOnly = true; return x }

	return []needs.Product{
		// Deposits and their kin: principal-protected, R1.
		protected(p("DEP-DEMAND", "Demand deposit", "deposit", cash, needs.R1, yuan("0"), 2, ns(preservation))),
		protected(p("DEP-TD-1Y", "Time deposit, 1 year", "deposit", cash, needs.R1, yuan("50"), 2, ns(preservation))),
		protected(p("DEP-TD-3Y", "Time deposit, 3 years", "deposit", cash, needs.R1, yuan("50"), 2, ns(preservation))),
		protected(p("LCD-1Y", "Large certificate of deposit, 1 year", "large_deposit", cash, needs.R1, yuan("200000"), 3,
			ns(preservation))),
		protected(p("LCD-3Y", "Large certificate of deposit, 3 years", "large_deposit", cash, needs.R1, yuan("200000"), 3,
			ns(preservation))),
		protected(p("SD-GOLD-3M", "Gold-linked structured deposit, 3 months", "structured_deposit", cash, needs.R1,
			yuan("10000"), 4, ns(preservation))),
		protected(p("SB-3Y", "Savings government bond, 3 years", "savings_bond", fixed, needs.R1, yuan("100"), 0,
			ns(preservation))),

		// Cash management and bonds.
		p("MMF-T0", "Money market fund, same-day redemption", "money_market", funds, needs.R1, yuan("1"), 1,
			ns(preservation)),
		p("WMP-CASH", "Cash-management wealth product", "money_market", wmp, needs.R1, yuan("1"), 1,
			ns(preservation)),
		p("BF-SHORT", "Short-duration bond fund", "bond_fund", funds, needs.R2, yuan("10"), 3,
			ns(preservation, diversification)),
		p("BF-CONV", "Convertible bond fund", "bond_fund", funds, needs.R3, yuan("10"), 4,
			ns(diversification)),

		// Wealth products (理财) of the bank's wealth-management subsidiary.
		p("WMP-FI-90D", "Fixed-income wealth product, 90 days", "wealth_product", wmp, needs.R2, yuan("10000"), 4,
			ns(preservation)),
		p("WMP-FIPLUS-1Y", "Fixed income plus wealth product, 1 year", "wealth_product", wmp, needs.R2, yuan("10000"), 5,
			ns(preservation, diversification)),
		p("WMP-MIXED", "Mixed-asset wealth product", "wealth_product", wmp, needs.R3, yuan("10000"), 5,
			ns(diversification)),
		p("WMP-EQ", "Equity wealth product", "wealth_product", wmp, needs.R4, yuan("10000"), 6,
			ns(diversification)),

		// Mutual funds.
		p("BAL-FLEX", "Flexible allocation fund", "balanced_fund", funds, needs.R3, yuan("10"), 5,
			ns(diversification)),
		p("BAL-FOF", "Balanced fund of funds", "balanced_fund", funds, needs.R3, yuan("10"), 5,
			ns(diversification, riskManagement)),
		p("EQ-CSI300", "CSI 300 index fund", "equity_fund", funds, needs.R4, yuan("10"), 7,
			ns(diversification)),
		p("EQ-GROWTH", "Active growth equity fund", "equity_fund", funds, needs.R4, yuan("10"), 8,
			ns(diversification)),
		p("EQ-DIVIDEND", "Dividend equity fund", "equity_fund", funds, needs.R4, yuan("10"), 8,
			ns(diversification)),
		p("EQ-TECH", "Technology sector fund", "equity_fund", funds, needs.R5, yuan("10"), 9,
			ns(diversification)),

		// Global investment: global funds in USD, QDII funds in CNY.
		global(p("GF-BOND-USD", "Global bond fund (USD)", "global_fund", funds, needs.R3, usd("1000"), 6,
			ns(diversification))),
		global(p("GF-EQ-USD", "Global equity fund (USD)", "global_fund", funds, needs.R4, usd("1000"), 6,
			ns(diversification))),
		global(p("GF-ASIA-USD", "Asia ex-China equity fund (USD)", "global_fund", funds, needs.R4, usd("1000"), 6,
			ns(diversification))),
		global(p("QDII-SP500", "QDII S&P 500 index fund", "qdii_fund", funds, needs.R4, yuan("10"), 6,
			ns(diversification))),
		global(p("QDII-HKTECH", "QDII Hong Kong technology fund", "qdii_fund", funds, needs.R5, yuan("10"), 7,
			ns(diversification))),
		global(p("QDII-BAL", "QDII global balanced fund", "qdii_fund", funds, needs.R3, yuan("10"), 6,
			ns(diversification, riskManagement))),

		// Structured notes: high fees, the old quota's favourites.
		p("SN-SHARK-CSI500", "Shark-fin note on the CSI 500", "structured_note", other, needs.R3, yuan("100000"), 9,
			ns(diversification)),
		p("SN-FX-RANGE", "USD/CNY range accrual note", "structured_note", other, needs.R3, yuan("100000"), 9,
			ns(diversification)),
		qualified(p("SN-SNOWBALL", "Snowball autocallable note", "structured_note", other, needs.R5, yuan("1000000"), 10,
			ns(diversification))),

		// For qualified investors (合格投资者) only.
		qualified(p("PF-QUANT", "Quantitative equity private fund", "private_fund", funds, needs.R4, yuan("1000000"), 8,
			ns(diversification, recognition))),
		qualified(p("PF-MULTI", "Multi-strategy private fund", "private_fund", funds, needs.R4, yuan("1000000"), 8,
			ns(diversification, recognition, riskManagement))),
		qualified(p("PF-GROWTH", "Growth equity private fund", "private_fund", funds, needs.R5, yuan("1000000"), 8,
			ns(diversification, recognition))),
		qualified(p("TR-FI-1Y", "Fixed-income collective trust, 1 year", "trust", fixed, needs.R3, yuan("1000000"), 7,
			ns(diversification, preservation))),
		qualified(p("TR-RE-2Y", "Real estate collective trust, 2 years", "trust", fixed, needs.R4, yuan("1000000"), 7,
			ns(diversification))),

		p("GOLD-ACC", "Gold accumulation plan", "precious_metal", other, needs.R3, yuan("1000"), 4,
			ns(diversification, riskManagement)),

		// Insurance.
		p("INS-PENSION", "Pension annuity", "annuity_insurance", ins, needs.R2, yuan("10000"), 9,
			ns(preservation, riskManagement)),
		p("INS-EDU", "Education annuity", "annuity_insurance", ins, needs.R2, yuan("10000"), 9,
			ns(preservation, riskManagement)),
		p("INS-CI", "Critical illness cover", "protection_insurance", ins, needs.R1, yuan("0"), 10,
			ns(riskManagement)),
		p("INS-MED", "High-end medical cover", "protection_insurance", ins, needs.R1, yuan("0"), 10,
			ns(riskManagement)),
		p("IT-01", "Insurance trust (保险金信托)", "insurance_trust", ins, needs.R2, yuan("1000000"), 8,
			ns(riskManagement, preservation)),

		// Family trusts (家族信托): qualified investors, 10 million and up.
		qualified(p("FT-STD", "Family trust", "family_trust", other, needs.R3, yuan("10000000"), 5,
			ns(preservation, riskManagement, recognition, advice))),
		qualified(p("FT-SUCCESSION", "Family trust with business succession", "family_trust", other, needs.R3,
			yuan("10000000"), 5, ns(integrated, preservation, riskManagement, recognition, advice))),

		// Advice: investment, legal, financial and tax.
		p("ADV-TAX", "Tax planning advice", "tax_advice", other, needs.R1, yuan("0"), 0,
			ns(advice)),
		p("ADV-LEGAL", "Legal advice on succession and family assets", "legal_advice", other, needs.R1, yuan("0"), 0,
			ns(advice, riskManagement)),
		p("ADV-PORTFOLIO", "Portfolio review with an investment adviser", "investment_advice", other, needs.R1, yuan("0"), 0,
			ns(advice, diversification, riskManagement)),

		// Personal and corporate banking joined up.
		protected(p("CCM-SWEEP", "Corporate account sweep to the owner's deposits", "corporate_cash_management", cash,
			needs.R1, yuan("0"), 2, ns(integrated))),
		p("CCM-WMP", "Corporate cash wealth product", "corporate_cash_management", wmp, needs.R2, yuan("100000"), 3,
			ns(integrated, preservation)),

		// Service that matches the client's status.
		p("SVC-PRIORITY", "Priority service, lounges and events", "vip_service", other, needs.R1, yuan("0"), 0,
			ns(recognition)),
		p("SVC-FAMILY-OFFICE", "Family office service", "vip_service", other, needs.R1, yuan("0"), 0,
			ns(recognition, integrated, advice)),
	}
}
