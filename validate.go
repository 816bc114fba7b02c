package vipcare

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Validate reports every problem with p at once, as policy.Problems located
// by JSON pointers into the profile ("/holdings/3/amount") or the valuation
// ("/valuation/currency"), matching with errors.Is: [ErrNegative],
// [ErrNoRate], [ErrFutureDate], [ErrOverflow], [ErrCurrency] and the shared
// policy.ErrMissing, policy.ErrMalformed, policy.ErrDuplicate,
// policy.ErrUnknown, policy.ErrOutOfRange, policy.ErrTooMany and
// policy.ErrOrder. It returns nil when p can be evaluated under v.
//
// The checks: a client ID; IDs, product codes and liability kinds in
// UTF-8 (policy.ErrMalformed: JSON would store other bytes changed);
// amounts within the bounds of [Amount] and, where
// they must be, not negative; every currency well formed and convertible
// into v.Currency; unique holding, liability and corporate IDs; well-formed
// asset classes, at most 24 of them; no past fact dated after v.AsOf; risk
// level, channels, roles and event kinds among the defined ones (the
// problem lists them); ownership between 0 and 1; every daily balance and
// average given with its currency (a Money never set, as when its JSON key
// is missing, or 0 with no currency, which is how a never-set Money is
// stored, is policy.ErrMissing: counted as 0, it would lower the average;
// a holding's zero Money is a holding of nothing); daily balances in strictly
// ascending date order, one a day (a second for a day is
// policy.ErrDuplicate); events that refer to a holding the profile has.
//
// Errors name fields, never values: they are safe to log. p is not changed.
// A holding's class is checked for its form only: [Env.Validate] checks it
// against the asset classes a bank's environment has.
func (p *Profile) Validate(v Valuation) error { return p.validate(v, nil) }

// Validate is [Profile.Validate] with the environment's asset classes: a
// holding whose class is well formed but not one of e's (a misspelt
// "depostis", which would count in AUM and wealth and in no class's
// share, so that no rule on a class would see it) is policy.ErrUnknown at
// "/holdings/i/class", with e's classes as choices and the class itself
// not quoted. A nil *Env has the built-in classes. p is not changed.
func (e *Env) Validate(p *Profile, v Valuation) error {
	if e == nil {
		e = defaultEnv
	}
	return p.validate(v, e.classes)
}

// validate checks p under v, and each holding's class against classes
// unless it is nil.
func (p *Profile) validate(v Valuation, classes []AssetClass) error {
	c := checker{v: &v, classes: classes}
	if v.AsOf.IsZero() {
		c.add("/valuation/as_of", policy.ErrMissing)
	}
	if !v.Currency.IsValid() {
		c.add("/valuation/currency", policy.ErrMalformed)
	} else if v.Rates != nil && v.Rates.to != v.Currency {
		c.add("/valuation/rates", ErrCurrency)
		c.v.Rates = nil // converting at rates into another currency would mislead
		c.noRates = true
	}
	switch {
	case p.ID == "":
		c.add("/id", policy.ErrMissing)
	case !utf8.ValidString(p.ID):
		c.add("/id", errNotUTF8)
	}
	c.past("/since", p.Since)
	c.past("/birth", p.Birth)
	c.past("/last_active", p.LastActive)
	holdings := c.holdings(p.Holdings)
	c.liabilities(p.Liabilities)
	c.money("/revenue_12m", p.Revenue12M, false)
	c.corporates(p.Corporates)

	if p.Risk != "" && !p.Risk.IsAssessed() {
		c.choice("/risk", riskNames[1:])
	}
	if p.LowestRiskGroup && p.Risk != C1 {
		c.add("/lowest_risk_group", policy.ErrOutOfRange)
	}
	c.past("/risk_assessed", p.RiskAssessed)
	c.money("/investor/financial_assets", p.Investor.FinancialAssets, true)
	c.money("/investor/net_financial_assets", p.Investor.NetFinancialAssets, false)
	c.money("/investor/average_income_3y", p.Investor.AverageIncome3Y, false)
	if p.Investor.ExperienceYears < 0 || p.Investor.ExperienceYears > 100 {
		c.add("/investor/experience_years", policy.ErrOutOfRange)
	}
	c.contact(&p.Contact)
	c.balances(p.DailyBalances, p.AverageBalances)
	c.events(p.Events, holdings)
	return c.ps.Err()
}

// holdings checks the holdings and returns the index of each ID, for the
// events that refer to them.
func (c *checker) holdings(hs []Holding) map[string]int {
	ids := map[string]int{}
	classes := map[AssetClass]bool{}
	var sum Amount // of the valid holdings: every total in Figures is at most this
	sumOK := true
	for i := range hs {
		h := &hs[i]
		c.id("holdings", i, h.ID, ids)
		if !utf8.ValidString(h.Product) {
			c.add(index("holdings", i, "product"), errNotUTF8)
		}
		switch {
		case !h.Class.IsValid():
			c.add(index("holdings", i, "class"), policy.ErrMalformed)
		case c.classes != nil && !slices.Contains(c.classes, h.Class):
			c.ps = append(c.ps, policy.Problem{Path: index("holdings", i, "class"), Err: policy.ErrUnknown,
				Choices: textfmt.Strings(c.classes)})
		default:
			classes[h.Class] = true
		}
		if a, ok := c.money(index("holdings", i, "amount"), h.Amount, true); ok && sumOK {
			sum, sumOK = addChecked(sum, a)
		}
	}
	if len(classes) > maxClasses {
		c.add("/holdings", policy.ErrTooMany)
	}
	if !sumOK {
		c.add("/holdings", ErrOverflow)
	}
	return ids
}

func (c *checker) liabilities(ls []Liability) {
	ids := map[string]int{}
	var sum Amount
	sumOK := true
	for i := range ls {
		l := &ls[i]
		c.id("liabilities", i, l.ID, ids)
		if !utf8.ValidString(l.Kind) {
			c.add(index("liabilities", i, "kind"), errNotUTF8)
		}
		if a, ok := c.money(index("liabilities", i, "amount"), l.Amount, true); ok && sumOK {
			sum, sumOK = addChecked(sum, a)
		}
	}
	if !sumOK {
		c.add("/liabilities", ErrOverflow)
	}
}

func (c *checker) corporates(ls []CorporateLink) {
	ids := map[string]int{}
	for i := range ls {
		l := &ls[i]
		c.id("corporates", i, l.ID, ids)
		if l.Role != "" && !slices.Contains(corporateRoles, string(l.Role)) {
			c.choice(index("corporates", i, "role"), corporateRoles)
		}
		if !isFraction(l.Ownership) {
			c.add(index("corporates", i, "ownership"), policy.ErrOutOfRange)
		}
	}
}

func (c *checker) contact(pr *Preferences) {
	allowed := false
	for i, ch := range pr.Channels {
		if !ch.IsValid() {
			c.choice(index("contact/channels", i, ""), textfmt.Strings(Channels()))
		}
		allowed = allowed || ch == pr.Preferred
	}
	switch {
	case pr.Preferred != "" && !pr.Preferred.IsValid():
		c.choice("/contact/preferred", textfmt.Strings(Channels()))
	case pr.Preferred != "" && len(pr.Channels) > 0 && !allowed:
		c.add("/contact/preferred", policy.ErrOutOfRange)
	}
}

func (c *checker) balances(daily []DailyBalance, averages []PeriodAverage) {
	prev := time.Time{}
	for i := range daily {
		d := &daily[i]
		f := index("daily_balances", i, "date")
		if c.date(f, d.Date, true) && !prev.IsZero() && !c.dayBefore(prev, d.Date) {
			if c.dayBefore(d.Date, prev) {
				c.add(f, policy.ErrOrder)
			} else { // a second balance for a day: which is right?
				c.add(f, policy.ErrDuplicate)
			}
		}
		prev = d.Date
		c.required(index("daily_balances", i, "balance"), d.Balance)
	}
	for i := range averages {
		a := &averages[i]
		okFrom := c.date(index("average_balances", i, "from"), a.From, true)
		okTo := c.date(index("average_balances", i, "to"), a.To, true)
		if okFrom && okTo && c.dayBefore(a.To, a.From) {
			c.add(index("average_balances", i, "to"), policy.ErrOrder)
		}
		c.required(index("average_balances", i, "average"), a.Average)
	}
}

// events checks the events; holdings are the holdings' IDs.
func (c *checker) events(es []Event, holdings map[string]int) {
	for i := range es {
		e := &es[i]
		if !slices.Contains(eventKinds, string(e.Kind)) {
			c.choice(index("events", i, "kind"), eventKinds)
		}
		c.date(index("events", i, "date"), e.Date, !e.Kind.IsScheduled())
		if _, ok := holdings[e.Holding]; e.Holding != "" && !ok {
			c.add(index("events", i, "holding"), policy.ErrUnknown)
		}
		c.money(index("events", i, "amount"), e.Amount, e.Kind == EventMaturity) // what matures is not negative
	}
}

// isFraction reports whether d is between 0 and 1, both included. It reads
// the exponent before comparing, so that a decimal with a huge exponent is
// decided at once instead of being rescaled to a number with millions of
// digits (decimal.Decimal.Cmp rescales both operands to one exponent).
func isFraction(d decimal.Decimal) bool {
	switch {
	case d.Sign() < 0:
		return false
	case d.Sign() == 0:
		return true
	case d.Exponent() > 0: // a positive coefficient times 10 or more
		return false
	case int(d.Exponent())+d.NumDigits() <= 0: // below 1
		return true
	}
	// -Exponent < NumDigits: the rescale costs no more than the input's size
	return !d.GreaterThan(decimal.NewFromInt(1))
}

type checker struct {
	v       *Valuation
	ps      policy.Problems
	noRates bool         // the valuation's rates are into another currency: reported once
	classes []AssetClass // the classes a holding may have; nil for any well formed
}

func (c *checker) add(path string, err error) {
	c.ps = append(c.ps, policy.Problem{Path: path, Err: err})
}

// choice reports a value that is not one of choices.
func (c *checker) choice(path string, choices []string) {
	c.ps = append(c.ps, policy.Problem{Path: path, Err: policy.ErrUnknown, Choices: slices.Clone(choices)})
}

// errNotUTF8 is the problem of text that is not UTF-8 (a legacy system's
// GBK bytes): JSON would store it changed, two IDs the same.
var errNotUTF8 = fmt.Errorf("%w: not UTF-8", policy.ErrMalformed)

// id checks that an ID is present, UTF-8 and unique within its list.
func (c *checker) id(list string, i int, id string, seen map[string]int) {
	f := index(list, i, "id")
	if id == "" {
		c.add(f, policy.ErrMissing)
		return
	}
	if !utf8.ValidString(id) {
		c.add(f, errNotUTF8)
		return
	}
	if j, dup := seen[id]; dup {
		c.add(f, fmt.Errorf("%w of %s", policy.ErrDuplicate, index(list, j, "id")))
		return
	}
	seen[id] = i
}

// money checks bounds, sign and convertibility of an amount. It returns the
// amount in the reporting currency and whether it passed.
func (c *checker) money(field string, m Money, nonNegative bool) (Amount, bool) {
	a, err := c.v.convert(&m)
	switch {
	case errors.Is(err, ErrNoRate) && (!c.v.Currency.IsValid() || c.noRates):
		// nothing converts into a malformed reporting currency, or with
		// rates into another one: reported once for the valuation. A
		// malformed currency of the amount itself is still reported.
	case err != nil:
		c.add(moneyAt(field, err), err)
	case nonNegative && a < 0:
		c.add(field, ErrNegative)
	default:
		return a, true
	}
	return 0, false
}

// required checks a balance the profile must give, as money does for one
// that may not be negative: one with no currency and no amount other than
// 0 is policy.ErrMissing, such as a daily balance whose JSON has no
// "balance", or one stored so and read back ({"amount":"0","currency":""}).
func (c *checker) required(field string, m Money) (Amount, bool) {
	if absent(&m) {
		c.add(field, policy.ErrMissing)
		return 0, false
	}
	return c.money(field, m, true)
}

// past checks that an optional date is not after the as-of date.
func (c *checker) past(field string, t time.Time) {
	if !t.IsZero() {
		c.date(field, t, true)
	}
}

// date checks that a required date is set and, if past is true, not after the
// as-of date. It reports whether the date is set.
func (c *checker) date(field string, t time.Time, past bool) bool {
	if t.IsZero() {
		c.add(field, policy.ErrMissing)
		return false
	}
	if past && !c.v.AsOf.IsZero() && c.dayBefore(c.v.AsOf, t) {
		c.add(field, ErrFutureDate)
	}
	return true
}

// dayBefore reports whether a's calendar date is before b's, both taken in
// the as-of date's location.
func (c *checker) dayBefore(a, b time.Time) bool {
	loc := c.v.AsOf.Location()
	return civil.Day(a, loc) < civil.Day(b, loc)
}
