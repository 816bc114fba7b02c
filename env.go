package vipcare

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/parts"
	"github.com/vipcare/vipcare/policy"
)

// Env is the environment a bank compiles its policies in: its asset
// classes and the fields its rules may read, in one schema over [Figures]
// built once. Every part of vipcare (a ladder, a segmentation, needs
// scorecards, strategies) is compiled against an Env; a nil *Env is the
// default environment, the built-in classes and fields alone. The parts of
// a policy written in Go (a measure, a suitability check) are registered
// in it by name with [Env.WithParts]. An Env is immutable and safe for
// concurrent use.
type Env struct {
	schema  *policy.Schema[Figures]
	parts   parts.Set    // registered with WithParts
	classes []AssetClass // the built-in classes, then the bank's own
}

// defaultEnv is the environment a nil *Env stands for, built once when the
// package is initialised and never changed.
var defaultEnv = policy.Must(NewEnv(nil))

// NewEnv returns an environment with the built-in asset classes and
// fields, the asset classes classes of the bank's own, and fields of the
// bank's own. It reports every problem at once as policy.Problems: a class
// name that is malformed ([AssetClass.IsValid]; policy.ErrMalformed, at
// "/classes/i") or repeats a built-in class, another, or one of the names
// the derived shares take, cash_and_fixed_income and property_and_business
// (policy.ErrDuplicate), and every problem of fields as policy.Schema.With
// reports it, at "/fields/i".
//
// The fields every environment has, over [Figures] (amounts in the
// reporting currency with [AmountScale] decimal places; shares fractions
// with [ShareScale] places, 0.25 a quarter):
//
//	aum, off_bank, wealth, foreign, liabilities, net_wealth, revenue_12m
//	amount.<class>, amount_at_bank.<class>, share.<class>   for each class
//	share.cash_and_fixed_income    deposits and fixed income, as a share of wealth
//	share.property_and_business    real estate and business equity, as a share of wealth
//	max_class_share                the largest share of wealth in one class
//	classes, classes_at_bank       number of classes held, at the bank
//	holdings, currencies           number of holdings; of distinct currencies held
//	foreign_share, domestic_share  shares of wealth outside/inside the home market
//	leverage                       liabilities as a share of wealth (at most 1000)
//	entrepreneur, corporate_links  business owner; number of linked companies
//	risk_level                     enum: unassessed, C1, C2, C3, C4, C5 (unassessed orders
//	                               below C1: write risk_level in ("C1", "C2"), not <= "C2")
//	risk_assessed, since           dates of the risk assessment, of the relationship, as
//	                               calendar dates in the as-of date's location
//	tenure_months                  whole months since the relationship began
//	risk_assessment_age_months     whole months since the risk assessment, -1 if never (or
//	                               dated after the as-of date)
//	age                            whole years since birth, -1 if unknown; protected
//	months_dormant                 whole months since the last activity, -1 if unknown
//	days_since_business_sale       days since the latest business sale, -1 if none
//	days_since_large_inflow        days since the latest large inflow, -1 if none
//	maturing_90d                   amount of holdings maturing within 90 days
//	kyc_expired                    the latest KYC expiry event on or before the as-of date
//	qi.financial_assets, qi.net_financial_assets, qi.average_income_3y, qi.experience_years
//	discreet, do_not_contact, no_profiling   contact and privacy preferences
//
// Age is protected: rules may read it only where a use is justified (see
// [Env.Protect] and [Env.Allow]).
func NewEnv(classes []AssetClass, fields ...policy.FieldSpec[Figures]) (*Env, error) {
	var ps policy.Problems
	all := builtinClasses()
	reserved := derivedShares() // a class of this name would collide with a derived share
	for i, c := range classes {
		path := "/classes/" + strconv.Itoa(i)
		switch {
		case !c.IsValid():
			ps = append(ps, policy.Problem{Path: path, Name: string(c), Err: policy.ErrMalformed})
		case slices.Contains(all, c) || slices.Contains(reserved, c):
			ps = append(ps, policy.Problem{Path: path, Name: string(c), Err: policy.ErrDuplicate})
		default:
			all = append(all, c)
		}
	}
	base, err := policy.NewSchema(figureFields(all)...)
	if err != nil {
		return nil, err // cannot happen: the built-in fields are well formed
	}
	schema, err := base.With(fields...)
	ps.Add("/fields", "", err)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if schema, err = schema.Protect(protectedByDefault...); err != nil {
		return nil, err // cannot happen: the fields are built in
	}
	return &Env{schema: schema, classes: all}, nil
}

// Classes returns the environment's asset classes: the built-in ones, in
// the order of [Deposits] to [OtherAssets], then the bank's own, in the
// order NewEnv was given them. A nil *Env returns the built-in classes.
// The slice is the caller's.
func (e *Env) Classes() []AssetClass {
	if e == nil {
		e = defaultEnv
	}
	return slices.Clone(e.classes)
}

// The builders of the built-in fields, by kind.

func amount(name, doc string, get func(*Figures) int64) policy.FieldSpec[Figures] {
	return policy.Decimal(name, AmountScale, get).WithDoc(doc)
}

// share is a field of part/whole as a [Share]: rules compare it by
// multiplying, not dividing ([policy.Ratio]).
func share(name, doc string, get func(*Figures) (part, whole int64)) policy.FieldSpec[Figures] {
	return policy.Ratio(name, ShareScale, get).WithDoc(doc)
}

func count(name, doc string, get func(*Figures) int64) policy.FieldSpec[Figures] {
	return policy.Int(name, get).WithDoc(doc)
}

func flag(name, doc string, get func(*Figures) bool) policy.FieldSpec[Figures] {
	return policy.Bool(name, get).WithDoc(doc)
}

// Schema returns the environment's schema of [Figures]: the fields rules
// may compare. A nil *Env returns the default schema.
func (e *Env) Schema() *policy.Schema[Figures] {
	if e == nil {
		return defaultEnv.schema
	}
	return e.schema
}

// figureFields returns the built-in fields, with the per-class fields of
// classes.
func figureFields(classes []AssetClass) []policy.FieldSpec[Figures] {
	fields := []policy.FieldSpec[Figures]{
		amount("aum", "assets under management at the bank", func(f *Figures) int64 { return int64(f.AUM) }),
		amount("off_bank", "declared wealth held outside the bank", func(f *Figures) int64 { return int64(f.OffBank) }),
		amount("wealth", "total declared wealth, at the bank and off", func(f *Figures) int64 { return int64(f.Wealth) }),
		amount("foreign", "wealth invested outside the home market", func(f *Figures) int64 { return int64(f.Foreign) }),
		amount("liabilities", "total debts", func(f *Figures) int64 { return int64(f.Liabilities) }),
		amount("net_wealth", "wealth less liabilities", func(f *Figures) int64 { return int64(less(f.Wealth, f.Liabilities)) }),
		amount("revenue_12m", "revenue contribution over twelve months", func(f *Figures) int64 { return int64(f.Revenue12M) }),
		count("classes", "number of asset classes held", func(f *Figures) int64 { return int64(f.classCount()) }),
		count("classes_at_bank", "number of asset classes held at the bank", func(f *Figures) int64 { return int64(f.ClassesAtBank()) }),
		count("holdings", "number of holdings", func(f *Figures) int64 { return int64(len(f.Profile.Holdings)) }),
		share("foreign_share", "share of wealth outside the home market", func(f *Figures) (int64, int64) {
			return int64(f.Foreign), int64(f.Wealth)
		}),
		share("domestic_share", "share of wealth in the home market", func(f *Figures) (int64, int64) {
			return int64(less(f.Wealth, f.Foreign)), int64(f.Wealth)
		}),
		flag("entrepreneur", "owns or runs a business", func(f *Figures) bool { return f.Profile.Entrepreneur }),
		count("corporate_links", "number of linked corporate clients", func(f *Figures) int64 { return int64(len(f.Profile.Corporates)) }),
		policy.Enum("risk_level", riskNames[:], func(f *Figures) string { return f.Profile.Risk.name() }).
			WithDoc("assessed risk tolerance"),
		policy.Date("risk_assessed", func(f *Figures) time.Time { return inAsOf(f.Profile.RiskAssessed, f) }).
			WithDoc("date of the risk assessment"),
		policy.Date("since", func(f *Figures) time.Time { return inAsOf(f.Profile.Since, f) }).
			WithDoc("start of the relationship"),
		count("tenure_months", "whole months since the relationship began", func(f *Figures) int64 { return int64(f.tenureMonths()) }),
		amount("qi.financial_assets", "financial assets (qualified-investor test)", func(f *Figures) int64 { return int64(f.FinancialAssets) }),
		amount("qi.net_financial_assets", "net financial assets (qualified-investor test)", func(f *Figures) int64 { return int64(f.NetFinancialAssets) }),
		amount("qi.average_income_3y", "average annual income over three years", func(f *Figures) int64 { return int64(f.AverageIncome3Y) }),
		count("qi.experience_years", "years of investment experience", func(f *Figures) int64 { return int64(f.Profile.Investor.ExperienceYears) }),
		flag("discreet", "asked for confidential handling", func(f *Figures) bool { return f.Profile.Contact.Discreet }),
		flag("do_not_contact", "asked not to be contacted for sales", func(f *Figures) bool { return f.Profile.Contact.DoNotContact }),
		flag("no_profiling", "opted out of personalised profiling", func(f *Figures) bool { return f.Profile.Contact.NoProfiling }),
	}
	fields = append(fields, derivedFields()...)
	for _, c := range classes {
		total := func(f *Figures) int64 { return int64(f.Class(c)) }
		atBank := func(f *Figures) int64 { return int64(f.ClassAtBank(c)) }
		part := func(f *Figures) (int64, int64) { return int64(f.Class(c)), int64(f.Wealth) }
		if k := builtinSlot(c); k >= 0 { // a fixed slot: read it, with no lookup by name
			total = func(f *Figures) int64 { return int64(f.amount[k]) }
			atBank = func(f *Figures) int64 { return int64(f.atBank[k]) }
			part = func(f *Figures) (int64, int64) { return int64(f.amount[k]), int64(f.Wealth) }
		}
		fields = append(fields,
			amount("amount."+string(c), "total in "+string(c), total),
			amount("amount_at_bank."+string(c), "total in "+string(c)+" at the bank", atBank),
			share("share."+string(c), "share of wealth in "+string(c), part),
		)
	}
	return fields
}

// less returns a - b, saturating at the bounds of an int64 instead of
// wrapping around. Two totals of figures that Compute made never reach the
// bounds: each is a sum of amounts it checked to be 0 or more, at most
// MaxInt64, so their difference is within ±MaxInt64. Figures built by hand
// may hold anything, and a rule reading them must still not see a
// difference of opposite sign.
func less(a, b Amount) Amount {
	d := a - b
	switch {
	case b > 0 && d > a: // wrapped below MinInt64
		return math.MinInt64
	case b < 0 && d < a: // wrapped above MaxInt64
		return math.MaxInt64
	}
	return d
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

// today returns the as-of date as a day number in its own location.
func (f *Figures) today() int64 { return civil.DayOf(f.AsOf) }
