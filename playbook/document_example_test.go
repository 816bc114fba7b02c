package playbook_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/vipcare/vipcare/playbook"
)

// The reference policy as a document: the form a bank copies, reviews
// in committee, versions and compiles with playbook.Compile.
func ExampleReferenceDocument() {
	os.Stdout.Write(playbook.ReferenceDocument())
	// Output:
	// {
	//   "id": "vipcare-reference",
	//   "version": "2026.1",
	//   "effective_from": "2026-01-01",
	//   "description": "The reference VIP policy of vipcare, in CNY: five tiers on AUM at the bank, segments by value, potential and depth, six needs, suitability by the China pack, strategies by tier rank and segment. Copy it, rename it, change it.",
	//   "risk_validity_months": 12,
	//   "justifications": [
	//     {
	//       "field": "age",
	//       "where": "/needs/scorecards/2/signals/1",
	//       "reason": "clients of 55 or more near retirement: a signal (weight 20 of 100) of the need for capital preservation; no tier, segment, strategy or suitability check reads age"
	//     }
	//   ],
	//   "currency": "CNY",
	//   "ladder": {
	//     "currency": "CNY",
	//     "rungs": [
	//       {"tier": {"name": "mass", "rank": 10}, "from": "0"},
	//       {"tier": {"name": "gold", "rank": 20}, "from": "50000"},
	//       {"tier": {"name": "platinum", "rank": 30}, "from": "500000"},
	//       {"tier": {"name": "diamond", "rank": 40}, "from": "2000000"},
	//       {"tier": {"name": "private banking", "rank": 50}, "from": "6000000", "keep": {"grace": 6}}
	//     ],
	//     "lifecycle": {"keep": {"grace": 3}, "step_down": 1},
	//     "qualification": {
	//       "rules": [
	//         {"name": "balance_spike", "when": "spike_ratio >= 3", "then": {"code": "balance_spike", "outcome": "watch"}},
	//         {"name": "dormant", "when": "months_dormant >= 12", "then": {"code": "dormant", "outcome": "disqualified"}},
	//         {
	//           "name": "risk_assessment_expired",
	//           "when": "risk_assessment_expired",
	//           "then": {"code": "risk_assessment_expired", "outcome": "watch"}
	//         },
	//         {"name": "kyc_expired", "when": "kyc_expired", "then": {"code": "kyc_expired", "outcome": "watch"}}
	//       ],
	//       "on_watch": {"no_upgrade": true},
	//       "on_disqualified": {"cap": {"role": "lowest"}}
	//     }
	//   },
	//   "segmentation": {
	//     "currency": "CNY",
	//     "dimensions": [
	//       {
	//         "name": "value",
	//         "doc": "AUM at the bank, CNY",
	//         "score": "aum",
	//         "bands": [
	//           {"name": "low", "from": "0"},
	//           {"name": "mid", "from": "500000"},
	//           {"name": "high", "from": "2000000"}
	//         ]
	//       },
	//       {
	//         "name": "potential",
	//         "doc": "declared off-bank wealth, CNY, plus 1,000,000 for a business owner",
	//         "score": "potential",
	//         "bands": [
	//           {"name": "low", "from": "0"},
	//           {"name": "mid", "from": "2000000"},
	//           {"name": "high", "from": "4000000"}
	//         ]
	//       },
	//       {
	//         "name": "depth",
	//         "doc": "number of asset classes held at the bank",
	//         "score": "classes_at_bank",
	//         "bands": [{"name": "shallow", "from": "0"}, {"name": "moderate", "from": "2"}, {"name": "deep", "from": "4"}]
	//       }
	//     ],
	//     "hit_policy": "unique",
	//     "matrix": [
	//       {"name": "high value", "when": "value == \"high\"", "then": "maintain"},
	//       {"name": "high potential", "when": "value in (\"low\", \"mid\") and potential == \"high\"", "then": "grow"},
	//       {"name": "mid value", "when": "value == \"mid\" and potential in (\"low\", \"mid\")", "then": "develop"},
	//       {"name": "low value, mid potential", "when": "value == \"low\" and potential == \"mid\"", "then": "develop"},
	//       {
	//         "name": "low value, low potential",
	//         "when": "value == \"low\" and potential == \"low\"",
	//         "then": "serve digitally"
	//       }
	//     ],
	//     "segments": ["serve digitally", "develop", "grow", "maintain"]
	//   },
	//   "needs": {
	//     "scorecards": [
	//       {
	//         "need": "integrated",
	//         "signals": [
	//           {"name": "entrepreneur", "when": "entrepreneur", "weight": 30},
	//           {"name": "corporate_links", "when": "corporate_links >= 1", "weight": 40},
	//           {"name": "business_equity", "when": "share.business_equity >= 0.2", "weight": 30}
	//         ],
	//         "min": 40
	//       },
	//       {
	//         "need": "recognition",
	//         "signals": [
	//           {"name": "high_aum", "when": "aum >= 2000000", "weight": 50},
	//           {"name": "high_wealth", "when": "wealth >= 10000000", "weight": 30},
	//           {"name": "long_relationship", "when": "tenure_months >= 60", "weight": 20}
	//         ],
	//         "min": 50
	//       },
	//       {
	//         "need": "preservation",
	//         "signals": [
	//           {"name": "cash_heavy", "when": "share.cash_and_fixed_income >= 0.5", "weight": 50},
	//           {"name": "older", "when": "age >= 55", "weight": 20},
	//           {"name": "conservative", "when": "risk_level in (\"C1\", \"C2\")", "weight": 30}
	//         ],
	//         "min": 40
	//       },
	//       {
	//         "need": "advice",
	//         "signals": [
	//           {"name": "property_and_business", "when": "share.property_and_business >= 0.5", "weight": 40},
	//           {
	//             "name": "business_sale",
	//             "when": "days_since_business_sale >= 0 and days_since_business_sale <= 365",
	//             "weight": 50
	//           },
	//           {"name": "large_wealth", "when": "wealth >= 5000000", "weight": 20},
	//           {"name": "entrepreneur", "when": "entrepreneur", "weight": 10}
	//         ],
	//         "min": 40
	//       },
	//       {
	//         "need": "diversification",
	//         "signals": [
	//           {"name": "only_domestic", "when": "foreign == 0 and wealth > 0", "weight": 30},
	//           {"name": "one_currency", "when": "currencies == 1", "weight": 20},
	//           {"name": "few_classes", "when": "classes >= 1 and classes <= 2", "weight": 20},
	//           {"name": "growth_appetite", "when": "risk_level in (\"C4\", \"C5\")", "weight": 30}
	//         ],
	//         "min": 60
	//       },
	//       {
	//         "need": "risk_management",
	//         "signals": [
	//           {"name": "concentrated", "when": "max_class_share >= 0.6", "weight": 50},
	//           {"name": "leveraged", "when": "leverage >= 0.3", "weight": 40},
	//           {"name": "entrepreneur", "when": "entrepreneur", "weight": 10}
	//         ],
	//         "min": 40
	//       }
	//     ],
	//     "products": [
	//       {
	//         "code": "DEP-DEMAND",
	//         "name": "Demand deposit",
	//         "category": "deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 2
	//       },
	//       {
	//         "code": "DEP-TD-1Y",
	//         "name": "Time deposit, 1 year",
	//         "category": "deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "50", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 2
	//       },
	//       {
	//         "code": "DEP-TD-3Y",
	//         "name": "Time deposit, 3 years",
	//         "category": "deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "50", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 2
	//       },
	//       {
	//         "code": "LCD-1Y",
	//         "name": "Large certificate of deposit, 1 year",
	//         "category": "large_deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "200000", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 3
	//       },
	//       {
	//         "code": "LCD-3Y",
	//         "name": "Large certificate of deposit, 3 years",
	//         "category": "large_deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "200000", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 3
	//       },
	//       {
	//         "code": "SD-GOLD-3M",
	//         "name": "Gold-linked structured deposit, 3 months",
	//         "category": "structured_deposit",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"],
	//         "quota": 4
	//       },
	//       {
	//         "code": "SB-3Y",
	//         "name": "Savings government bond, 3 years",
	//         "category": "savings_bond",
	//         "class": "fixed_income",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "100", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["preservation"]
	//       },
	//       {
	//         "code": "MMF-T0",
	//         "name": "Money market fund, same-day redemption",
	//         "category": "money_market",
	//         "class": "funds",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "1", "currency": "CNY"},
	//         "needs": ["preservation"],
	//         "quota": 1
	//       },
	//       {
	//         "code": "WMP-CASH",
	//         "name": "Cash-management wealth product",
	//         "category": "money_market",
	//         "class": "wealth_products",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "1", "currency": "CNY"},
	//         "needs": ["preservation"],
	//         "quota": 1
	//       },
	//       {
	//         "code": "BF-SHORT",
	//         "name": "Short-duration bond fund",
	//         "category": "bond_fund",
	//         "class": "funds",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["preservation", "diversification"],
	//         "quota": 3
	//       },
	//       {
	//         "code": "BF-CONV",
	//         "name": "Convertible bond fund",
	//         "category": "bond_fund",
	//         "class": "funds",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 4
	//       },
	//       {
	//         "code": "WMP-FI-90D",
	//         "name": "Fixed-income wealth product, 90 days",
	//         "category": "wealth_product",
	//         "class": "wealth_products",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["preservation"],
	//         "quota": 4
	//       },
	//       {
	//         "code": "WMP-FIPLUS-1Y",
	//         "name": "Fixed income plus wealth product, 1 year",
	//         "category": "wealth_product",
	//         "class": "wealth_products",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["preservation", "diversification"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "WMP-MIXED",
	//         "name": "Mixed-asset wealth product",
	//         "category": "wealth_product",
	//         "class": "wealth_products",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "WMP-EQ",
	//         "name": "Equity wealth product",
	//         "category": "wealth_product",
	//         "class": "wealth_products",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "BAL-FLEX",
	//         "name": "Flexible allocation fund",
	//         "category": "balanced_fund",
	//         "class": "funds",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "BAL-FOF",
	//         "name": "Balanced fund of funds",
	//         "category": "balanced_fund",
	//         "class": "funds",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification", "risk_management"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "EQ-CSI300",
	//         "name": "CSI 300 index fund",
	//         "category": "equity_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 7
	//       },
	//       {
	//         "code": "EQ-GROWTH",
	//         "name": "Active growth equity fund",
	//         "category": "equity_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "EQ-DIVIDEND",
	//         "name": "Dividend equity fund",
	//         "category": "equity_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "EQ-TECH",
	//         "name": "Technology sector fund",
	//         "category": "equity_fund",
	//         "class": "funds",
	//         "risk": "R5",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 9
	//       },
	//       {
	//         "code": "GF-BOND-USD",
	//         "name": "Global bond fund (USD)",
	//         "category": "global_fund",
	//         "class": "funds",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "1000", "currency": "USD"},
	//         "global": true,
	//         "needs": ["diversification"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "GF-EQ-USD",
	//         "name": "Global equity fund (USD)",
	//         "category": "global_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "1000", "currency": "USD"},
	//         "global": true,
	//         "needs": ["diversification"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "GF-ASIA-USD",
	//         "name": "Asia ex-China equity fund (USD)",
	//         "category": "global_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "1000", "currency": "USD"},
	//         "global": true,
	//         "needs": ["diversification"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "QDII-SP500",
	//         "name": "QDII S&P 500 index fund",
	//         "category": "qdii_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "global": true,
	//         "needs": ["diversification"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "QDII-HKTECH",
	//         "name": "QDII Hong Kong technology fund",
	//         "category": "qdii_fund",
	//         "class": "funds",
	//         "risk": "R5",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "global": true,
	//         "needs": ["diversification"],
	//         "quota": 7
	//       },
	//       {
	//         "code": "QDII-BAL",
	//         "name": "QDII global balanced fund",
	//         "category": "qdii_fund",
	//         "class": "funds",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10", "currency": "CNY"},
	//         "global": true,
	//         "needs": ["diversification", "risk_management"],
	//         "quota": 6
	//       },
	//       {
	//         "code": "SN-SHARK-CSI500",
	//         "name": "Shark-fin note on the CSI 500",
	//         "category": "structured_note",
	//         "class": "other",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "100000", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 9
	//       },
	//       {
	//         "code": "SN-FX-RANGE",
	//         "name": "USD/CNY range accrual note",
	//         "category": "structured_note",
	//         "class": "other",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "100000", "currency": "CNY"},
	//         "needs": ["diversification"],
	//         "quota": 9
	//       },
	//       {
	//         "code": "SN-SNOWBALL",
	//         "name": "Snowball autocallable note",
	//         "category": "structured_note",
	//         "class": "other",
	//         "risk": "R5",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification"],
	//         "quota": 10
	//       },
	//       {
	//         "code": "PF-QUANT",
	//         "name": "Quantitative equity private fund",
	//         "category": "private_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification", "recognition"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "PF-MULTI",
	//         "name": "Multi-strategy private fund",
	//         "category": "private_fund",
	//         "class": "funds",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification", "recognition", "risk_management"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "PF-GROWTH",
	//         "name": "Growth equity private fund",
	//         "category": "private_fund",
	//         "class": "funds",
	//         "risk": "R5",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification", "recognition"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "TR-FI-1Y",
	//         "name": "Fixed-income collective trust, 1 year",
	//         "category": "trust",
	//         "class": "fixed_income",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification", "preservation"],
	//         "quota": 7
	//       },
	//       {
	//         "code": "TR-RE-2Y",
	//         "name": "Real estate collective trust, 2 years",
	//         "category": "trust",
	//         "class": "fixed_income",
	//         "risk": "R4",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["diversification"],
	//         "quota": 7
	//       },
	//       {
	//         "code": "GOLD-ACC",
	//         "name": "Gold accumulation plan",
	//         "category": "precious_metal",
	//         "class": "other",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "1000", "currency": "CNY"},
	//         "needs": ["diversification", "risk_management"],
	//         "quota": 4
	//       },
	//       {
	//         "code": "INS-PENSION",
	//         "name": "Pension annuity",
	//         "category": "annuity_insurance",
	//         "class": "insurance",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["preservation", "risk_management"],
	//         "quota": 9
	//       },
	//       {
	//         "code": "INS-EDU",
	//         "name": "Education annuity",
	//         "category": "annuity_insurance",
	//         "class": "insurance",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "10000", "currency": "CNY"},
	//         "needs": ["preservation", "risk_management"],
	//         "quota": 9
	//       },
	//       {
	//         "code": "INS-CI",
	//         "name": "Critical illness cover",
	//         "category": "protection_insurance",
	//         "class": "insurance",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["risk_management"],
	//         "quota": 10
	//       },
	//       {
	//         "code": "INS-MED",
	//         "name": "High-end medical cover",
	//         "category": "protection_insurance",
	//         "class": "insurance",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["risk_management"],
	//         "quota": 10
	//       },
	//       {
	//         "code": "IT-01",
	//         "name": "Insurance trust (保险金信托)",
	//         "category": "insurance_trust",
	//         "class": "insurance",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "1000000", "currency": "CNY"},
	//         "needs": ["risk_management", "preservation"],
	//         "quota": 8
	//       },
	//       {
	//         "code": "FT-STD",
	//         "name": "Family trust",
	//         "category": "family_trust",
	//         "class": "other",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["preservation", "risk_management", "recognition", "advice"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "FT-SUCCESSION",
	//         "name": "Family trust with business succession",
	//         "category": "family_trust",
	//         "class": "other",
	//         "risk": "R3",
	//         "min_ticket": {"amount": "10000000", "currency": "CNY"},
	//         "qualified_only": true,
	//         "needs": ["integrated", "preservation", "risk_management", "recognition", "advice"],
	//         "quota": 5
	//       },
	//       {
	//         "code": "ADV-TAX",
	//         "name": "Tax planning advice",
	//         "category": "tax_advice",
	//         "class": "other",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["advice"]
	//       },
	//       {
	//         "code": "ADV-LEGAL",
	//         "name": "Legal advice on succession and family assets",
	//         "category": "legal_advice",
	//         "class": "other",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["advice", "risk_management"]
	//       },
	//       {
	//         "code": "ADV-PORTFOLIO",
	//         "name": "Portfolio review with an investment adviser",
	//         "category": "investment_advice",
	//         "class": "other",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["advice", "diversification", "risk_management"]
	//       },
	//       {
	//         "code": "CCM-SWEEP",
	//         "name": "Corporate account sweep to the owner's deposits",
	//         "category": "corporate_cash_management",
	//         "class": "deposits",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "protected": true,
	//         "needs": ["integrated"],
	//         "quota": 2
	//       },
	//       {
	//         "code": "CCM-WMP",
	//         "name": "Corporate cash wealth product",
	//         "category": "corporate_cash_management",
	//         "class": "wealth_products",
	//         "risk": "R2",
	//         "min_ticket": {"amount": "100000", "currency": "CNY"},
	//         "needs": ["integrated", "preservation"],
	//         "quota": 3
	//       },
	//       {
	//         "code": "SVC-PRIORITY",
	//         "name": "Priority service, lounges and events",
	//         "category": "vip_service",
	//         "class": "other",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["recognition"]
	//       },
	//       {
	//         "code": "SVC-FAMILY-OFFICE",
	//         "name": "Family office service",
	//         "category": "vip_service",
	//         "class": "other",
	//         "risk": "R1",
	//         "min_ticket": {"amount": "0", "currency": "CNY"},
	//         "needs": ["recognition", "integrated", "advice"]
	//       }
	//     ],
	//     "pack": {
	//       "name": "china",
	//       "qualified_investor": {
	//         "currency": "CNY",
	//         "min_experience_years": 2,
	//         "net_financial_assets": "3000000",
	//         "financial_assets": "5000000",
	//         "average_income": "400000"
	//       },
	//       "minimum_ticket": true,
	//       "max_concentration": "0.5"
	//     },
	//     "plays": [
	//       {
	//         "id": "integrated_banking",
	//         "title": "Personal and corporate banking joined up",
	//         "needs": ["integrated"],
	//         "categories": ["corporate_cash_management", "wealth_product"]
	//       },
	//       {
	//         "id": "status_review",
	//         "title": "A private review of the whole relationship",
	//         "needs": ["recognition"],
	//         "categories": ["vip_service", "large_deposit", "private_fund"]
	//       },
	//       {
	//         "id": "preserve_and_grow",
	//         "title": "Keep it safe, and let it grow",
	//         "needs": ["preservation"],
	//         "categories": ["bond_fund", "large_deposit", "annuity_insurance"]
	//       },
	//       {
	//         "id": "advice_session",
	//         "title": "Tax, legal and financial advice",
	//         "needs": ["advice"],
	//         "categories": ["investment_advice", "tax_advice", "legal_advice", "family_trust"]
	//       },
	//       {
	//         "id": "global_diversification",
	//         "title": "Beyond the home market",
	//         "needs": ["diversification"],
	//         "categories": ["global_fund", "qdii_fund", "balanced_fund"]
	//       },
	//       {
	//         "id": "growth_opportunities",
	//         "title": "Higher-return opportunities",
	//         "needs": ["diversification"],
	//         "categories": ["equity_fund", "private_fund", "structured_note"]
	//       },
	//       {
	//         "id": "risk_review",
	//         "title": "Concentration, leverage and protection",
	//         "needs": ["risk_management"],
	//         "categories": ["protection_insurance", "bond_fund", "balanced_fund"]
	//       },
	//       {
	//         "id": "succession_planning",
	//         "title": "Passing wealth on",
	//         "needs": ["advice", "risk_management"],
	//         "categories": ["family_trust", "annuity_insurance"]
	//       },
	//       {
	//         "id": "standard_review",
	//         "title": "A standard account review",
	//         "needs": ["preservation"],
	//         "categories": ["deposit", "money_market"]
	//       }
	//     ],
	//     "default": ["standard_review"]
	//   },
	//   "strategies": {
	//     "strategies": [
	//       {
	//         "name": "private",
	//         "owner": "private_banker",
	//         "touches": [
	//           {"channel": "visit", "per_year": 4},
	//           {"channel": "phone", "per_year": 12},
	//           {"channel": "secure_message", "per_year": 12}
	//         ],
	//         "service": {
	//           "dedicated_rm": true,
	//           "specialists": ["tax", "legal", "family_office", "investment"],
	//           "priority": true,
	//           "events": true,
	//           "recognition": true,
	//           "response_hours": 4
	//         },
	//         "plays": 3
	//       },
	//       {
	//         "name": "premier",
	//         "owner": "senior_rm",
	//         "touches": [
	//           {"channel": "branch", "per_year": 2},
	//           {"channel": "phone", "per_year": 8},
	//           {"channel": "secure_message", "per_year": 6}
	//         ],
	//         "service": {
	//           "dedicated_rm": true,
	//           "specialists": ["investment", "tax"],
	//           "priority": true,
	//           "events": true,
	//           "recognition": true,
	//           "response_hours": 8
	//         },
	//         "plays": 3
	//       },
	//       {
	//         "name": "growth",
	//         "owner": "rm",
	//         "touches": [
	//           {"channel": "branch", "per_year": 2},
	//           {"channel": "phone", "per_year": 6},
	//           {"channel": "secure_message", "per_year": 4}
	//         ],
	//         "service": {
	//           "dedicated_rm": true,
	//           "specialists": ["investment"],
	//           "priority": true,
	//           "events": true,
	//           "response_hours": 24
	//         },
	//         "plays": 2
	//       },
	//       {
	//         "name": "relationship",
	//         "owner": "rm",
	//         "touches": [
	//           {"channel": "branch", "per_year": 1},
	//           {"channel": "phone", "per_year": 4},
	//           {"channel": "secure_message", "per_year": 4}
	//         ],
	//         "service": {"dedicated_rm": true, "priority": true, "response_hours": 24},
	//         "plays": 2
	//       },
	//       {
	//         "name": "digital",
	//         "owner": "digital_team",
	//         "touches": [{"channel": "secure_message", "per_year": 4}, {"channel": "email", "per_year": 2}],
	//         "service": {"response_hours": 48},
	//         "plays": 1
	//       },
	//       {
	//         "name": "standard",
	//         "owner": "rm",
	//         "touches": [{"channel": "phone", "per_year": 2}, {"channel": "secure_message", "per_year": 2}],
	//         "service": {"response_hours": 48},
	//         "plays": 1
	//       }
	//     ],
	//     "rules": [
	//       {"name": "private banking", "when": "tier_rank >= 50", "then": "private"},
	//       {"name": "diamond or maintain", "when": "tier_rank >= 40 or segment == \"maintain\" and tier_rank >= 20", "then": "premier"},
	//       {"name": "grow", "when": "segment == \"grow\"", "then": "growth"},
	//       {"name": "platinum or develop", "when": "tier_rank >= 30 or segment == \"develop\"", "then": "relationship"},
	//       {"name": "everyone else", "when": "always", "then": "digital"}
	//     ],
	//     "default": "standard"
	//   },
	//   "triggers": {
	//     "maturity_days": 30,
	//     "lookback_days": 30,
	//     "retention_days": 3,
	//     "advice_days": 7,
	//     "assessment_warn_days": 30,
	//     "kyc_warn_days": 30,
	//     "birthday_days": 7,
	//     "tier_change_days": 14,
	//     "minutes": {
	//       "maturity": 30,
	//       "retention": 45,
	//       "advice": 45,
	//       "assessment": 30,
	//       "kyc": 20,
	//       "tier_change": 20,
	//       "birthday": 5
	//     },
	//     "priorities": {
	//       "maturity": 70,
	//       "retention": 90,
	//       "advice": 60,
	//       "assessment": 50,
	//       "kyc": 50,
	//       "tier_change": 40,
	//       "birthday": 20
	//     }
	//   },
	//   "workload": {
	//     "minutes": {
	//       "branch": 60,
	//       "email": 10,
	//       "mail": 5,
	//       "phone": 20,
	//       "secure_message": 10,
	//       "sms": 2,
	//       "video": 30,
	//       "visit": 120,
	//       "wechat": 10
	//     },
	//     "preparation": 15,
	//     "admin_share": "0.35",
	//     "hours_per_year": 1760,
	//     "under_share": "0.7"
	//   }
	// }
}

// A policy document compiled in one call. Its form is checked first
// (unknown, misspelt and repeated keys, wrong types), then its content
// (fields, thresholds, names): every problem of each at once, located by
// a JSON pointer and a line and column in the document.
func ExampleCompile() {
	doc := []byte(`{
  "id": "cn-retail-vip", "version": "2027.1", "effective_from": "2027-01-01",
  "currency": "CNY",
  "ladder": {
    "currency": "CNY",
    "rungs": [
      {"tier": {"name": "普通", "rank": 10}, "from": "0"},
      {"tier": {"name": "金卡", "rank": 20}, "from": "50000"},
      {"tier": {"name": "私行", "rank": 30}, "from": "6000000", "wen": "entrepreneur"}
    ]
  },
  "strategies": {
    "strategies": [{"name": "private", "owner": "private_banker"}, {"name": "digital", "owner": "digital_team"}],
    "rules": [
      {"name": "private banking", "when": "tier_rank >= 30 and segmnt == \"maintain\"", "then": "private"},
      {"name": "everyone else", "when": "always", "then": "digital"}
    ],
    "default": "digital"
  }
}`)
	_, err := playbook.Compile(doc, nil)
	fmt.Println(err)

	// The form fixed, the content is checked: rules against fields.
	doc = bytes.Replace(doc, []byte(`"wen"`), []byte(`"when"`), 1)
	_, err = playbook.Compile(doc, nil)
	fmt.Println(err)

	doc = bytes.Replace(doc, []byte(` and segmnt == \"maintain\"`), nil, 1)
	pb, err := playbook.Compile(doc, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(pb.Tiers())
	// Output:
	// vipcare: /ladder/rungs/2/wen: line 9, column 67: "wen": unknown key (want one of: tier, from, when, keep)
	// vipcare: /strategies/rules/0/when/all/1/field: line 15, column 43: "segmnt": unknown (closest of 66: aum, wealth, since, age, foreign, discreet)
	// [普通 金卡 私行]
}
