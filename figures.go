package vipcare

import (
	"errors"
	"math/bits"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Valuation is the basis of one evaluation: the as-of date, the one reporting
// currency every amount is converted into, and the exchange rates for the
// others. The caller gives all three; vipcare never reads the clock or
// fetches rates.
type Valuation struct {
	// AsOf is the date of the evaluation, required (policy.ErrMissing at
	// "/valuation/as_of" when zero). Calendar dates (is a date after
	// as-of? how many months since?) are taken in AsOf's time.Location:
	// a profile's date is the calendar day its instant falls on there, so
	// write calendar dates as midnight in that location (a birth date
	// written as midnight UTC is the day before for an as-of in New York).
	// Whole months are calendar months: from 31 January to 28 February is
	// 0, to 1 March 1.
	AsOf time.Time
	// Currency is the reporting currency.
	Currency Currency
	// Rates converts other currencies into Currency. It may be nil when
	// every amount is in Currency; its reporting currency must be Currency.
	Rates *Rates
}

// Figures are the numbers rules need about one client, computed once from
// a [Profile] by [Valuation.Figures] so that every rule after that reads them
// without allocating. All amounts are in Currency.
//
// Figures holds a pointer to its Profile for custom rules; like every other
// part of vipcare it never changes the Profile. The totals, the tenure and
// the risk assessment's age are computed once, and rules read the
// profile's other dates, flags, events and preferences through it when
// they are evaluated: the profile must stay as it is while its figures are
// in use, and a profile changed after Compute needs Compute again.
//
// The totals Compute makes never wrap around: AUM, OffBank, Foreign and
// every class's total are 0 or more and at most Wealth, Wealth and
// Liabilities at most MaxInt64, so the fields derived from them
// (net_wealth, the shares) are exact. Fields read from Figures built by
// hand saturate at the bounds of an int64 rather than wrap.
type Figures struct {
	// Profile is the profile the figures were computed from.
	Profile *Profile `json:"-"`
	// AsOf and Currency are those of the Valuation.
	AsOf     time.Time
	Currency Currency // the reporting currency of every amount here

	// AUM is the total of holdings at the bank (assets under management).
	AUM Amount
	// OffBank is the total of holdings declared as held outside the bank.
	OffBank Amount
	// Wealth is the total declared wealth: AUM plus OffBank.
	Wealth Amount
	// Foreign is the part of Wealth invested outside the home market.
	Foreign Amount
	// Liabilities is the total of the client's debts.
	Liabilities Amount
	// Revenue12M is the client's revenue contribution over twelve months.
	Revenue12M Amount

	// FinancialAssets, NetFinancialAssets and AverageIncome3Y are the
	// client's qualified-investor facts in the reporting currency.
	FinancialAssets    Amount
	NetFinancialAssets Amount // may be negative
	AverageIncome3Y    Amount // average annual income over three years

	rates *Rates
	// asOf caches the calendar date of asOfKey, tenure the whole months
	// since the relationship began and riskAge the risk assessment's age
	// (see riskAssessmentAge), all worked out once by Compute rather than
	// on every rule that reads them (a playbook decision may read the
	// risk assessment's age several times). They hold while AsOf is
	// asOfKey and cached is set, the tenure and the age also while
	// Profile is profKey: a Figures built by hand, or whose AsOf or
	// Profile was changed, works them out on each read.
	asOfKey time.Time
	asOf    civil.YMD
	profKey *Profile
	tenure  int
	riskAge int
	// nCurrencies is the number of distinct currencies of the holdings
	// with a non-zero amount (see currencies), 0 or 1, when every holding
	// took Compute's inline path (an exact amount in the valuation's
	// currency, as most clients' are); -1 when one did not, and
	// currencies counts them. It holds while cached is set and Profile is
	// profKey, as the tenure does.
	nCurrencies int
	cached      bool
	// The per-class totals, by slot: the built-in classes in fixed slots,
	// in the order of builtinClasses, then the profile's own classes in
	// the order met (their names in custom): nBuiltin + ncustom slots in
	// use. Bit k of held: the profile has a holding in slot k's class.
	// Two dense arrays rather than a struct per class, so that summing a
	// holding touches two words and resetting clears 144 bytes.
	amount  [nBuiltin + maxClasses]Amount // across Wealth
	atBank  [nBuiltin + maxClasses]Amount // within AUM
	held    uint64
	custom  [maxClasses]AssetClass
	ncustom int
}

// Figures computes the figures of p. It fails with policy.Problems for the
// first problem that prevents an exact result, located in the profile
// ("/holdings/3/amount") or the valuation ("/valuation/currency"): no
// as-of date (policy.ErrMissing at "/valuation/as_of"), an amount out of
// bounds, an amount in a currency without a rate
// ([ErrNoRate]), a negative holding, liability, financial assets or
// maturity ([ErrNegative]), a malformed asset class or more than 24 of
// them, a total that overflows ([ErrOverflow]). A maturity's amount is
// checked whether or not a rule reads maturing_90d.
// [Profile.Validate] reports every problem at once; Figures stops at the
// first, and does not allocate when there is none. p is not changed.
func (v Valuation) Figures(p *Profile) (Figures, error) {
	var f Figures
	err := v.Compute(p, &f)
	return f, err
}

// Compute is like [Valuation.Figures] but writes into f, which a caller
// scoring many clients can reuse. On error f is left in an unspecified state.
func (v Valuation) Compute(p *Profile, f *Figures) error {
	fail := func(path string, err error) error { return policy.Problems{{Path: path, Err: err}} }
	if !v.Currency.IsValid() {
		return fail("/valuation/currency", policy.ErrMalformed)
	}
	if v.AsOf.IsZero() { // every date would be measured from the year 1
		return fail("/valuation/as_of", policy.ErrMissing)
	}
	if v.Rates != nil && v.Rates.to != v.Currency {
		return fail("/valuation/rates", ErrCurrency)
	}
	if !f.cached || f.asOfKey != v.AsOf {
		f.asOfKey, f.asOf = v.AsOf, civil.DateOf(v.AsOf)
	}
	f.cached = false // until the tenure, the assessment's age and the currencies are worked out
	f.Profile, f.AsOf, f.Currency, f.rates = p, v.AsOf, v.Currency, v.Rates
	f.AUM, f.OffBank, f.Wealth, f.Foreign = 0, 0, 0, 0
	clear(f.amount[:nBuiltin])
	clear(f.atBank[:nBuiltin])
	f.held, f.ncustom = 0, 0
	// Every amount is between 0 and MaxAmount, so every total is at most
	// the running sum of all of them, wealth: checking that one sum for
	// overflow checks them all.
	var wealth Amount
	f.nCurrencies = 0 // -1 once a holding goes to convert; see below
	for i := range p.Holdings {
		h := &p.Holdings[i]
		// The common case in line: a coefficient that fits an int64,
		// scaled up to ten-thousandths. Any other goes to convert,
		// which handles every amount. Calling FromDecimal per holding
		// instead made vipcare 1.20-1.26 times hand-written Go in the
		// bench, against 1.02-1.08.
		var a64 int64
		ok := false
		if d := &h.Amount.Amount; d.NumDigits() <= 18 {
			a64, ok = num.ScaleUp(d.CoefficientInt64(), d.Exponent(), AmountScale, int64(MaxAmount))
		}
		a := Amount(a64)
		if !ok || !h.Amount.Currency.same(v.Currency) { // the rare cases, as convert sees them
			// Another currency, or an amount the inline path cannot
			// scale (past 18 digits, more than 4 decimal places, the
			// zero Money with no currency): currencies counts.
			f.nCurrencies = -1
			var err error
			if a, err = v.convert(&h.Amount); err != nil {
				return fail(moneyAt(index("holdings", i, "amount"), err), err)
			}
		}
		if a < 0 {
			return fail(index("holdings", i, "amount"), ErrNegative)
		}
		k := builtinSlot(h.Class)
		if k < 0 {
			if k = f.slot(h.Class); k < 0 {
				if !h.Class.IsValid() {
					return fail(index("holdings", i, "class"), policy.ErrMalformed)
				}
				return fail("/holdings", policy.ErrTooMany)
			}
		}
		// k is below nBuiltin + maxClasses, at most 64 (a constant in
		// asset.go checks it): masked, the shift needs no test of a
		// count past 63.
		f.held |= 1 << (k & 63)
		if wealth += a; wealth < 0 { // wrapped: a <= MaxAmount, far below MaxInt64
			return fail("/holdings", ErrOverflow)
		}
		// Whether a holding is off the bank or foreign follows no pattern
		// a branch predictor could learn: select the amounts, do not
		// branch on them.
		var off, foreign Amount
		if h.OffBank {
			off = a
		}
		if h.Foreign {
			foreign = a
		}
		f.amount[k] += a
		f.atBank[k] += a - off
		f.AUM += a - off
		f.OffBank += off
		f.Foreign += foreign
	}
	if f.ncustom > 0 && f.distinct() > maxClasses { // built-in classes met after the custom ones
		return fail("/holdings", policy.ErrTooMany)
	}
	f.Wealth = wealth
	var ok bool
	f.Liabilities = 0
	for i := range p.Liabilities {
		a, err := v.convert(&p.Liabilities[i].Amount)
		if err == nil && a < 0 {
			err = ErrNegative
		}
		if err != nil {
			return fail(moneyAt(index("liabilities", i, "amount"), err), err)
		}
		if f.Liabilities, ok = addChecked(f.Liabilities, a); !ok {
			return fail("/liabilities", ErrOverflow)
		}
	}
	// The amounts a profile may leave out, as most leave revenue and the
	// investor facts: the zero Money is 0 with no conversion.
	inv := &p.Investor
	if absent(&p.Revenue12M) && absent(&inv.FinancialAssets) && absent(&inv.NetFinancialAssets) && absent(&inv.AverageIncome3Y) {
		f.Revenue12M, f.FinancialAssets, f.NetFinancialAssets, f.AverageIncome3Y = 0, 0, 0, 0
	} else if err := v.optional(p, f); err != nil {
		return err
	}
	// maturing_90d sums the maturities' amounts when a rule reads it: one
	// that cannot be converted is an error here, not a 0 there.
	for i := range p.Events {
		if e := &p.Events[i]; e.Kind == EventMaturity && !absent(&e.Amount) {
			a, err := v.convert(&e.Amount)
			if err == nil && a < 0 {
				err = ErrNegative
			}
			if err != nil {
				return fail(moneyAt(index("events", i, "amount"), err), err)
			}
		}
	}
	f.cached, f.profKey = true, p
	if f.nCurrencies == 0 && wealth > 0 {
		// Every amount in the valuation's currency and exact, none
		// negative: a decimal that is not 0 made wealth more than 0.
		f.nCurrencies = 1
	}
	f.tenure = f.monthsSince(p.Since)
	f.riskAge = f.assessmentAge()
	return nil
}

// absent reports whether m is an amount left out: zero, with no currency
// (the zero Money, or a zero written with decimal places).
func absent(m *Money) bool { return m.Currency == "" && m.Amount.IsZero() }

// optional converts the amounts a profile may leave out into f: 0 for
// one left out, with no conversion.
func (v *Valuation) optional(p *Profile, f *Figures) error {
	optional := [...]struct {
		m           *Money
		path        string
		notNegative bool
	}{
		{&p.Revenue12M, "/revenue_12m", false},
		{&p.Investor.FinancialAssets, "/investor/financial_assets", true},
		{&p.Investor.NetFinancialAssets, "/investor/net_financial_assets", false}, // may be negative
		{&p.Investor.AverageIncome3Y, "/investor/average_income_3y", false},
	}
	var got [len(optional)]Amount
	for i, o := range optional {
		if absent(o.m) {
			continue
		}
		a, err := v.convert(o.m)
		if err == nil && o.notNegative && a < 0 {
			err = ErrNegative
		}
		if err != nil {
			return policy.Problems{{Path: moneyAt(o.path, err), Err: err}}
		}
		got[i] = a
	}
	f.Revenue12M, f.FinancialAssets, f.NetFinancialAssets, f.AverageIncome3Y = got[0], got[1], got[2], got[3]
	return nil
}

// moneyAt returns where in the Money at path the problem err of convert
// lies: its currency when that is malformed ("/holdings/3/amount/currency"),
// else the Money as a whole, as for an amount out of bounds or with no rate.
func moneyAt(path string, err error) string {
	if errors.Is(err, policy.ErrMalformed) {
		return path + "/currency"
	}
	return path
}

// convert returns m in the reporting currency. A zero amount converts to 0
// with no currency or any well-formed one, rate or not. The error is a
// sentinel for the caller to locate: policy.ErrOutOfRange for an amount
// beyond the bounds, policy.ErrMalformed for a malformed currency,
// [ErrNoRate].
func (v *Valuation) convert(m *Money) (Amount, error) {
	var v64 int64
	ok := false
	if d := &m.Amount; d.NumDigits() <= 18 { // the common case, as in Compute
		v64, ok = num.ScaleUp(d.CoefficientInt64(), d.Exponent(), AmountScale, int64(MaxAmount))
	}
	if !ok {
		if v64, ok = num.FromDecimal(m.Amount, AmountScale, int64(MaxAmount)); !ok {
			return 0, policy.ErrOutOfRange
		}
	}
	a := Amount(v64)
	if m.Currency == v.Currency || a == 0 && (m.Currency == "" || m.Currency.IsValid()) {
		return a, nil
	}
	if !m.Currency.IsValid() {
		return 0, policy.ErrMalformed
	}
	return v.Rates.convert(a, m.Currency)
}

// Convert returns m in the figures' reporting currency, with the rates of
// the valuation that computed them, for measures that read amounts the
// figures do not total (daily balances, event amounts). It does not
// allocate unless it fails, with policy.Problems at path "" (or "/currency"
// for a malformed currency) for the caller to locate (policy.Problems.Add
// re-roots them).
func (f *Figures) Convert(m Money) (Amount, error) {
	v := Valuation{Currency: f.Currency, Rates: f.rates}
	a, err := v.convert(&m)
	if err != nil {
		return 0, policy.Problems{{Path: moneyAt("", err), Err: err}}
	}
	return a, nil
}

// slot returns the slot of c, a class that is not built in, adding it if
// new; -1 if c is malformed or there is no room for another class.
func (f *Figures) slot(c AssetClass) int {
	if k := f.find(c); k >= 0 {
		return k
	}
	if !c.IsValid() || f.distinct() == maxClasses {
		return -1
	}
	k := nBuiltin + f.ncustom
	f.custom[f.ncustom], f.amount[k], f.atBank[k] = c, 0, 0
	f.ncustom++
	return k
}

// distinct returns the number of distinct classes the profile holds so
// far.
func (f *Figures) distinct() int { return bits.OnesCount64(f.held) }

// find returns the slot of c, -1 if c is neither built in nor held.
func (f *Figures) find(c AssetClass) int {
	if k := builtinSlot(c); k >= 0 {
		return k
	}
	for i := range f.ncustom {
		if f.custom[i] == c {
			return nBuiltin + i
		}
	}
	return -1
}

// Class returns the client's total in asset class c, at the bank and off.
func (f *Figures) Class(c AssetClass) Amount {
	if k := f.find(c); k >= 0 {
		return f.amount[k]
	}
	return 0
}

// ClassAtBank returns the client's total in asset class c at the bank.
func (f *Figures) ClassAtBank(c AssetClass) Amount {
	if k := f.find(c); k >= 0 {
		return f.atBank[k]
	}
	return 0
}

// classCount returns the number of asset classes in which the client holds a
// positive amount.
func (f *Figures) classCount() int {
	n := 0
	for _, a := range f.amount[:nBuiltin+f.ncustom] {
		if a > 0 {
			n++
		}
	}
	return n
}

// largestClass returns the largest total of one asset class, 0 with no
// holdings.
func (f *Figures) largestClass() Amount {
	var top Amount
	for _, a := range f.amount[:nBuiltin+f.ncustom] {
		top = max(top, a)
	}
	return top
}

// ClassesAtBank returns the number of asset classes in which the client
// holds a positive amount at the bank: a measure of relationship depth.
func (f *Figures) ClassesAtBank() int {
	n := 0
	for _, a := range f.atBank[:nBuiltin+f.ncustom] {
		if a > 0 {
			n++
		}
	}
	return n
}

// index returns the JSON pointer of a field of an element of a list, such
// as "/holdings/3/amount", without fmt.
func index(list string, i int, field string) string {
	s := "/" + list + "/" + strconv.Itoa(i)
	if field != "" {
		s += "/" + field
	}
	return s
}

// addChecked adds a and b, reporting false if the sum would overflow an int64.
func addChecked(a, b Amount) (Amount, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// monthsSince returns the whole months from t to the as-of date, 0 if t is
// zero or later.
func (f *Figures) monthsSince(t time.Time) int {
	if !f.cached || f.asOfKey != f.AsOf {
		return civil.MonthsBetween(t, f.AsOf)
	}
	if t.IsZero() {
		return 0
	}
	return civil.MonthsFrom(civil.DateOf(t.In(f.AsOf.Location())), f.asOf)
}

// riskAssessmentAge returns the whole months since the client's risk
// assessment, -1 if there is none or it is dated after the as-of date, as
// worked out by Compute when it holds.
func (f *Figures) riskAssessmentAge() int {
	if f.cached && f.asOfKey == f.AsOf && f.profKey == f.Profile {
		return f.riskAge
	}
	return f.assessmentAge()
}

// assessmentAge works riskAssessmentAge out.
func (f *Figures) assessmentAge() int {
	p := f.Profile
	if !p.Risk.IsAssessed() || p.RiskAssessed.IsZero() || civil.Day(p.RiskAssessed, f.AsOf.Location()) > f.today() {
		return -1 // a date to come is no assessment yet (a mistyped year would read as fresh for years)
	}
	return f.monthsSince(p.RiskAssessed)
}

// tenureMonths returns the whole months since the relationship began, as
// worked out by Compute when it holds.
func (f *Figures) tenureMonths() int {
	if f.cached && f.asOfKey == f.AsOf && f.profKey == f.Profile {
		return f.tenure
	}
	return f.monthsSince(f.Profile.Since)
}
