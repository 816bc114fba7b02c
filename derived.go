package vipcare

import (
	"slices"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/policy"
)

// The groups of classes derived shares are named after, as
// "share.<group>": no asset class may take these names.
const (
	cashAndFixedIncome  AssetClass = "cash_and_fixed_income"
	propertyAndBusiness AssetClass = "property_and_business"
)

// derivedShares returns the names of the derived shares' groups.
func derivedShares() []AssetClass { return []AssetClass{cashAndFixedIncome, propertyAndBusiness} }

// derivedFields returns the fields computed from a client's figures beyond
// totals: age, concentration, leverage, recent events and how current the
// client's facts are. Each is computed when a rule reads it.
func derivedFields() []policy.FieldSpec[Figures] {
	// The built-in classes' fixed slots, read with no lookup by name.
	dep, fi, re, be := builtinSlot(Deposits), builtinSlot(FixedIncome), builtinSlot(RealEstate), builtinSlot(BusinessEquity)
	return []policy.FieldSpec[Figures]{
		count("age", "whole years since birth, -1 if unknown", func(f *Figures) int64 { return int64(age(f)) }),
		count("currencies", "number of distinct currencies held", func(f *Figures) int64 { return int64(currencies(f)) }),
		// The sums of two classes' totals cannot overflow: only Compute
		// sets the totals, each 0 or more, and the totals of distinct
		// classes sum to at most Wealth, which it checks.
		share("share."+string(cashAndFixedIncome), "deposits and fixed income as a share of wealth", func(f *Figures) (int64, int64) {
			return int64(f.amount[dep] + f.amount[fi]), int64(f.Wealth)
		}),
		share("share."+string(propertyAndBusiness), "real estate and business equity as a share of wealth", func(f *Figures) (int64, int64) {
			return int64(f.amount[re] + f.amount[be]), int64(f.Wealth)
		}),
		share("max_class_share", "the largest share of wealth in one asset class", func(f *Figures) (int64, int64) {
			return int64(f.largestClass()), int64(f.Wealth)
		}),
		policy.Decimal("leverage", ShareScale, func(f *Figures) int64 { return int64(leverage(f)) }).
			WithDoc("liabilities as a share of wealth"),
		count("days_since_business_sale", "days since the latest business sale, -1 if none",
			func(f *Figures) int64 { return int64(daysSince(f, EventBusinessSale)) }),
		count("days_since_large_inflow", "days since the latest large inflow, -1 if none",
			func(f *Figures) int64 { return int64(daysSince(f, EventLargeInflow)) }),
		amount("maturing_90d", "amount of holdings maturing within 90 days", func(f *Figures) int64 { return int64(maturing(f, 90)) }),
		count("months_dormant", "whole months since the last activity, -1 if unknown", func(f *Figures) int64 {
			if f.Profile.LastActive.IsZero() {
				return -1
			}
			return int64(f.monthsSince(f.Profile.LastActive))
		}),
		count("risk_assessment_age_months", "whole months since the risk assessment, -1 if never assessed or dated after the as-of date", func(f *Figures) int64 { return int64(f.riskAssessmentAge()) }),
		flag("kyc_expired", "the latest KYC expiry on or before the as-of date", kycExpired),
	}
}

func age(f *Figures) int {
	if f.Profile.Birth.IsZero() {
		return -1
	}
	return f.monthsSince(f.Profile.Birth) / 12
}

// currencies returns the number of distinct currencies of the holdings with
// a non-zero amount. A malformed code, which Compute refuses for such a
// holding, is not a currency and does not count. On figures Compute made
// of a profile whose every holding is in the valuation's currency, it
// returns the count Compute made in passing (see nCurrencies); otherwise it
// takes time linear in the holdings and does not allocate: each code is
// looked for among the few met so far, and past fewCurrencies of them in
// a set of every three-letter code.
func currencies(f *Figures) int {
	if f.cached && f.profKey == f.Profile && f.nCurrencies >= 0 {
		return f.nCurrencies // every holding in the valuation's currency, as Compute saw
	}
	var seen [fewCurrencies]uint16
	n := 0
	hs := f.Profile.Holdings
	for i := range hs {
		m := &hs[i].Amount
		// The currency first: most holdings share one met already, and
		// reading the amount touches its big.Int.
		k, ok := currencyIndex(m.Currency)
		if !ok || slices.Contains(seen[:n], k) || m.Amount.IsZero() {
			continue
		}
		if n == fewCurrencies {
			return manyCurrencies(&seen, hs[i:])
		}
		seen[n] = k
		n++
	}
	return n
}

// fewCurrencies is how many distinct currencies currencies keeps in a list;
// a client rarely holds more.
const fewCurrencies = 8

// manyCurrencies returns the number of distinct currencies of seen, which
// are distinct, and of the holdings hs with a non-zero amount.
func manyCurrencies(seen *[fewCurrencies]uint16, hs []Holding) int {
	var set [(26*26*26 + 63) / 64]uint64 // a bit for each three-letter code
	n := 0
	add := func(k uint16) {
		if w, b := k/64, uint64(1)<<(k%64); set[w]&b == 0 {
			set[w] |= b
			n++
		}
	}
	for _, k := range seen {
		add(k)
	}
	for i := range hs {
		if m := &hs[i].Amount; !m.Amount.IsZero() {
			if k, ok := currencyIndex(m.Currency); ok {
				add(k)
			}
		}
	}
	return n
}

// currencyIndex returns the index of a well-formed currency code among all
// three-letter codes, from 0 for "AAA" to 26³-1 for "ZZZ".
func currencyIndex(c Currency) (uint16, bool) {
	if !c.IsValid() {
		return 0, false
	}
	return uint16(c[0]-'A')*26*26 + uint16(c[1]-'A')*26 + uint16(c[2]-'A'), true
}

func leverage(f *Figures) Share {
	if f.Wealth <= 0 {
		if f.Liabilities > 0 {
			return 1000 * Whole
		}
		return 0
	}
	return min(ShareOf(f.Liabilities, f.Wealth), 1000*Whole)
}

// daysSince returns the days from the latest event of kind k on or before
// the as-of date, or -1 if there is none.
func daysSince(f *Figures, k EventKind) int {
	loc := f.AsOf.Location()
	today := f.today()
	best := int64(-1)
	for i := range f.Profile.Events {
		e := &f.Profile.Events[i]
		if e.Kind != k {
			continue
		}
		if d := civil.Day(e.Date, loc); d <= today && (best < 0 || today-d < best) {
			best = today - d
		}
	}
	return int(best)
}

// maturing returns the amount of maturity events within days of the as-of
// date, in the reporting currency. Compute has refused an amount that
// cannot be converted; figures not made by Compute count it 0.
func maturing(f *Figures, days int64) Amount {
	loc := f.AsOf.Location()
	today := f.today()
	var sum Amount
	for i := range f.Profile.Events {
		e := &f.Profile.Events[i]
		if e.Kind != EventMaturity {
			continue
		}
		if d := civil.Day(e.Date, loc) - today; d >= 0 && d <= days {
			if a, err := f.Convert(e.Amount); err == nil && a > 0 {
				sum = min(sum, MaxAmount-a) + a // saturates at MaxAmount: an amount's bound, never a lost 0
			}
		}
	}
	return sum
}

// kycExpired reports whether the latest KYC expiry on record, as a date
// in the as-of location, is on or before the as-of date. An earlier
// expiry with a later one recorded was renewed, as the KYC trigger reads
// it (contact.Triggers); an expiry with no date is not one.
func kycExpired(f *Figures) bool {
	loc := f.AsOf.Location()
	latest, found := int64(0), false
	for i := range f.Profile.Events {
		e := &f.Profile.Events[i]
		if e.Kind != EventKYCExpiry || e.Date.IsZero() {
			continue
		}
		if d := civil.Day(e.Date, loc); !found || d > latest {
			latest, found = d, true
		}
	}
	return found && latest <= f.today()
}
