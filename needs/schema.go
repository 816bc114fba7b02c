package needs

import (
	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Schema returns the schema needs detectors are compiled with:
// vipcare.Schema with these fields added, each computed from the figures
// when a rule reads it:
//
//	age                           whole years since birth, -1 if unknown
//	currencies                    number of distinct currencies held
//	share.cash_and_fixed_income   deposits and fixed income, as a share of wealth
//	share.property_and_business   real estate and business equity, as a share of wealth
//	max_class_share               the largest share of wealth in one asset class
//	leverage                      liabilities as a share of wealth (capped at 1000)
//	days_since_business_sale      days since the latest business sale, -1 if none
//	days_since_large_inflow       days since the latest large inflow, -1 if none
//	maturing_90d                  amount of holdings maturing within 90 days
//
// Build it once and reuse it; it is immutable and safe for concurrent use.
func Schema() (*policy.Schema[vipcare.Figures], error) {
	base, err := vipcare.Schema()
	if err != nil {
		return nil, err
	}
	share := func(name, doc string, get func(*vipcare.Figures) vipcare.Share) policy.FieldSpec[vipcare.Figures] {
		return policy.Decimal(name, vipcare.ShareScale, func(f *vipcare.Figures) int64 { return int64(get(f)) }).WithDoc(doc)
	}
	count := func(name, doc string, get func(*vipcare.Figures) int) policy.FieldSpec[vipcare.Figures] {
		return policy.Int(name, func(f *vipcare.Figures) int64 { return int64(get(f)) }).WithDoc(doc)
	}
	return base.With(
		count("age", "whole years since birth, -1 if unknown", age),
		count("currencies", "number of distinct currencies held", currencies),
		share("share.cash_and_fixed_income", "deposits and fixed income as a share of wealth", func(f *vipcare.Figures) vipcare.Share {
			return vipcare.ShareOf(f.Class(vipcare.Deposits)+f.Class(vipcare.FixedIncome), f.Wealth)
		}),
		share("share.property_and_business", "real estate and business equity as a share of wealth", func(f *vipcare.Figures) vipcare.Share {
			return vipcare.ShareOf(f.Class(vipcare.RealEstate)+f.Class(vipcare.BusinessEquity), f.Wealth)
		}),
		share("max_class_share", "the largest share of wealth in one asset class", maxClassShare),
		share("leverage", "liabilities as a share of wealth", func(f *vipcare.Figures) vipcare.Share {
			if f.Wealth <= 0 {
				if f.Liabilities > 0 {
					return 1000 * vipcare.Whole
				}
				return 0
			}
			return min(vipcare.ShareOf(f.Liabilities, f.Wealth), 1000*vipcare.Whole)
		}),
		count("days_since_business_sale", "days since the latest business sale, -1 if none",
			func(f *vipcare.Figures) int { return daysSince(f, vipcare.EventBusinessSale) }),
		count("days_since_large_inflow", "days since the latest large inflow, -1 if none",
			func(f *vipcare.Figures) int { return daysSince(f, vipcare.EventLargeInflow) }),
		policy.Decimal("maturing_90d", vipcare.AmountScale, func(f *vipcare.Figures) int64 { return int64(maturing(f, 90)) }).
			WithDoc("amount of holdings maturing within 90 days"),
	)
}

// MustSchema is like [Schema] but panics on error.
func MustSchema() *policy.Schema[vipcare.Figures] {
	s, err := Schema()
	if err != nil {
		panic(err)
	}
	return s
}

func age(f *vipcare.Figures) int {
	b := f.Profile.Birth
	if b.IsZero() {
		return -1
	}
	return vipcare.MonthsBetween(b, f.AsOf) / 12
}

func currencies(f *vipcare.Figures) int {
	hs := f.Profile.Holdings
	n := 0
	for i := range hs {
		seen := false
		for j := 0; j < i; j++ {
			if hs[j].Amount.Currency == hs[i].Amount.Currency && !hs[j].Amount.Amount.IsZero() {
				seen = true
				break
			}
		}
		if !seen && !hs[i].Amount.Amount.IsZero() {
			n++
		}
	}
	return n
}

func maxClassShare(f *vipcare.Figures) vipcare.Share {
	_, top := f.LargestClass()
	return vipcare.ShareOf(top, f.Wealth)
}

// daysSince returns the days from the latest event of kind k on or before
// the as-of date, or -1 if there is none.
func daysSince(f *vipcare.Figures, k vipcare.EventKind) int {
	loc := f.AsOf.Location()
	today := vipcare.DayNumber(f.AsOf, loc)
	best := int64(-1)
	for i := range f.Profile.Events {
		e := &f.Profile.Events[i]
		if e.Kind != k {
			continue
		}
		if d := vipcare.DayNumber(e.Date, loc); d <= today && (best < 0 || today-d < best) {
			best = today - d
		}
	}
	return int(best)
}

// maturing returns the amount of maturity events within days of the as-of
// date, in the reporting currency; amounts that cannot be converted count 0.
func maturing(f *vipcare.Figures, days int64) vipcare.Amount {
	loc := f.AsOf.Location()
	today := vipcare.DayNumber(f.AsOf, loc)
	var sum vipcare.Amount
	for i := range f.Profile.Events {
		e := &f.Profile.Events[i]
		if e.Kind != vipcare.EventMaturity {
			continue
		}
		if d := vipcare.DayNumber(e.Date, loc) - today; d >= 0 && d <= days {
			if a, err := f.Convert(e.Amount); err == nil && a > 0 && sum <= vipcare.MaxAmount-a {
				sum += a
			}
		}
	}
	return sum
}
