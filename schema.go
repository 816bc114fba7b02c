package vipcare

import (
	"time"

	"github.com/vipcare/vipcare/policy"
)

// Schema returns the rule schema of [Figures]: the fields that policies in
// vipcare's packages, and a bank's own, may compare. Build it once and reuse
// it; it is immutable and safe for concurrent use. classes adds per-class
// fields for a bank's own asset classes besides the built-in ones.
//
// Amounts are in the reporting currency with [AmountScale] decimal places;
// shares are fractions with [ShareScale] places (0.25 is a quarter).
//
//	aum, off_bank, wealth, foreign, liabilities, net_wealth, revenue_12m
//	amount.<class>, amount_at_bank.<class>, share.<class>   for each class
//	classes, classes_at_bank       number of classes held, at the bank
//	holdings                       number of holdings
//	foreign_share, domestic_share  shares of wealth outside/inside the home market
//	entrepreneur, corporate_links  business owner; number of linked companies
//	risk_level                     enum: unassessed, C1, C2, C3, C4, C5 (unassessed orders
//	                               below C1: write risk_level in [C1, C2], not <= C2)
//	risk_assessed, since           dates of the risk assessment, of the relationship, as
//	                               calendar dates in the as-of date's location
//	tenure_months                  whole months since the relationship began
//	qi.financial_assets, qi.net_financial_assets, qi.average_income_3y, qi.experience_years
//	discreet, do_not_contact, no_profiling   contact and privacy preferences
//
// A bank adds fields of its own with [policy.Schema.With].
func Schema(classes ...AssetClass) (*policy.Schema[Figures], error) {
	amount := func(name, doc string, get func(*Figures) Amount) policy.FieldSpec[Figures] {
		return policy.Decimal(name, AmountScale, func(f *Figures) int64 { return int64(get(f)) }).WithDoc(doc)
	}
	share := func(name, doc string, get func(*Figures) Share) policy.FieldSpec[Figures] {
		return policy.Decimal(name, ShareScale, func(f *Figures) int64 { return int64(get(f)) }).WithDoc(doc)
	}
	count := func(name, doc string, get func(*Figures) int) policy.FieldSpec[Figures] {
		return policy.Int(name, func(f *Figures) int64 { return int64(get(f)) }).WithDoc(doc)
	}
	flag := func(name, doc string, get func(*Figures) bool) policy.FieldSpec[Figures] {
		return policy.Bool(name, get).WithDoc(doc)
	}
	fields := []policy.FieldSpec[Figures]{
		amount("aum", "assets under management at the bank", func(f *Figures) Amount { return f.AUM }),
		amount("off_bank", "declared wealth held outside the bank", func(f *Figures) Amount { return f.OffBank }),
		amount("wealth", "total declared wealth, at the bank and off", func(f *Figures) Amount { return f.Wealth }),
		amount("foreign", "wealth invested outside the home market", func(f *Figures) Amount { return f.Foreign }),
		amount("liabilities", "total debts", func(f *Figures) Amount { return f.Liabilities }),
		amount("net_wealth", "wealth less liabilities", func(f *Figures) Amount { return f.Wealth - f.Liabilities }),
		amount("revenue_12m", "revenue contribution over twelve months", func(f *Figures) Amount { return f.Revenue12M }),
		count("classes", "number of asset classes held", (*Figures).Classes),
		count("classes_at_bank", "number of asset classes held at the bank", (*Figures).ClassesAtBank),
		count("holdings", "number of holdings", func(f *Figures) int { return len(f.Profile.Holdings) }),
		share("foreign_share", "share of wealth outside the home market", (*Figures).ForeignShare),
		share("domestic_share", "share of wealth in the home market", (*Figures).DomesticShare),
		flag("entrepreneur", "owns or runs a business", func(f *Figures) bool { return f.Profile.Entrepreneur }),
		count("corporate_links", "number of linked corporate clients", func(f *Figures) int { return len(f.Profile.Corporates) }),
		policy.Enum("risk_level", riskNames[:], func(f *Figures) string { return f.Profile.Risk.String() }).
			WithDoc("assessed risk tolerance"),
		policy.Date("risk_assessed", func(f *Figures) time.Time { return inAsOf(f.Profile.RiskAssessed, f) }).
			WithDoc("date of the risk assessment"),
		policy.Date("since", func(f *Figures) time.Time { return inAsOf(f.Profile.Since, f) }).
			WithDoc("start of the relationship"),
		count("tenure_months", "whole months since the relationship began", (*Figures).TenureMonths),
		amount("qi.financial_assets", "financial assets (qualified-investor test)", func(f *Figures) Amount { return f.FinancialAssets }),
		amount("qi.net_financial_assets", "net financial assets (qualified-investor test)", func(f *Figures) Amount { return f.NetFinancialAssets }),
		amount("qi.average_income_3y", "average annual income over three years", func(f *Figures) Amount { return f.AverageIncome3Y }),
		count("qi.experience_years", "years of investment experience", func(f *Figures) int { return f.Profile.Investor.ExperienceYears }),
		flag("discreet", "asked for confidential handling", func(f *Figures) bool { return f.Profile.Contact.Discreet }),
		flag("do_not_contact", "asked not to be contacted for sales", func(f *Figures) bool { return f.Profile.Contact.DoNotContact }),
		flag("no_profiling", "opted out of personalised profiling", func(f *Figures) bool { return f.Profile.Contact.NoProfiling }),
	}
	all := BuiltinClasses()
	for _, c := range classes {
		if !c.IsValid() {
			return nil, &FieldError{Field: "schema.classes", Err: ErrAssetClass}
		}
		all = append(all, c)
	}
	for _, c := range all {
		c := c
		fields = append(fields,
			amount("amount."+string(c), "total in "+string(c), func(f *Figures) Amount { return f.Class(c) }),
			amount("amount_at_bank."+string(c), "total in "+string(c)+" at the bank", func(f *Figures) Amount { return f.ClassAtBank(c) }),
			share("share."+string(c), "share of wealth in "+string(c), func(f *Figures) Share { return f.Share(c) }),
		)
	}
	return policy.NewSchema(fields...)
}

// inAsOf returns t in the as-of date's location, so that date fields are
// calendar dates there, as everywhere else in vipcare; the zero time stays
// zero (unknown).
func inAsOf(t time.Time, f *Figures) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(f.AsOf.Location())
}

// MustSchema is like [Schema] but panics on error.
func MustSchema(classes ...AssetClass) *policy.Schema[Figures] {
	s, err := Schema(classes...)
	if err != nil {
		panic(err)
	}
	return s
}
