package vipcare

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Validate reports every problem with p at once, as an errors.Join of
// [*FieldError] values that errors.Is matches against the sentinel errors
// ([ErrAmount], [ErrNegative], [ErrCurrency], [ErrNoRate], [ErrDuplicate],
// [ErrFutureDate], [ErrOutOfRange], [ErrMissing], [ErrAssetClass], [ErrOrder],
// [ErrReference], [ErrOverflow]). It returns nil when p can be evaluated under v.
//
// The checks: a client ID; amounts within the bounds of [Amount] and, where
// they must be, not negative; every currency well formed and convertible
// into v.Currency; unique holding, liability and corporate IDs; well-formed
// asset classes, at most [MaxClasses] of them; no past fact dated after
// v.AsOf; risk level, channels, roles and event kinds in range; ownership
// between 0 and 1; daily balances in strictly ascending date order; events
// that refer to a holding the profile has.
//
// Errors name fields, never values: they are safe to log. p is not changed.
func (p *Profile) Validate(v Valuation) error {
	c := checker{v: &v}
	if v.AsOf.IsZero() {
		c.add("valuation.as_of", ErrMissing)
	}
	if !v.Currency.IsValid() {
		c.add("valuation.currency", ErrCurrency)
	} else if v.Rates != nil && v.Rates.to != v.Currency {
		c.add("valuation.rates", ErrCurrency)
	}
	if p.ID == "" {
		c.add("id", ErrMissing)
	}
	c.past("since", p.Since)
	c.past("birth", p.Birth)
	c.past("last_active", p.LastActive)

	ids := map[string]int{}
	classes := map[AssetClass]bool{}
	var sum Amount // of the valid holdings: every total in Figures is at most this
	sumOK := true
	for i := range p.Holdings {
		h := &p.Holdings[i]
		c.id("holdings", i, h.ID, ids)
		if !h.Class.IsValid() {
			c.add(index("holdings", i, "class"), ErrAssetClass)
		} else {
			classes[h.Class] = true
		}
		if a, ok := c.money(index("holdings", i, "amount"), h.Amount, true); ok && sumOK {
			sum, sumOK = addChecked(sum, a)
		}
	}
	if len(classes) > MaxClasses {
		c.add("holdings", ErrAssetClass)
	}
	if !sumOK {
		c.add("holdings", ErrOverflow)
	}
	clear(ids)
	sum, sumOK = 0, true
	for i := range p.Liabilities {
		l := &p.Liabilities[i]
		c.id("liabilities", i, l.ID, ids)
		if a, ok := c.money(index("liabilities", i, "amount"), l.Amount, true); ok && sumOK {
			sum, sumOK = addChecked(sum, a)
		}
	}
	if !sumOK {
		c.add("liabilities", ErrOverflow)
	}
	c.money("revenue_12m", p.Revenue12M, false)

	clear(ids)
	for i := range p.Corporates {
		l := &p.Corporates[i]
		c.id("corporates", i, l.ID, ids)
		if l.Role > maxRole {
			c.add(index("corporates", i, "role"), ErrOutOfRange)
		}
		if !isFraction(l.Ownership) {
			c.add(index("corporates", i, "ownership"), ErrOutOfRange)
		}
	}

	if p.Risk > C5 {
		c.add("risk", ErrOutOfRange)
	}
	if p.LowestRiskGroup && p.Risk != C1 {
		c.add("lowest_risk_group", ErrOutOfRange)
	}
	c.past("risk_assessed", p.RiskAssessed)
	c.money("investor.financial_assets", p.Investor.FinancialAssets, true)
	c.money("investor.net_financial_assets", p.Investor.NetFinancialAssets, false)
	c.money("investor.average_income_3y", p.Investor.AverageIncome3Y, false)
	if p.Investor.ExperienceYears < 0 || p.Investor.ExperienceYears > 100 {
		c.add("investor.experience_years", ErrOutOfRange)
	}

	allowed := false
	for i, ch := range p.Contact.Channels {
		if ch == 0 || ch > maxChannel {
			c.add(index("contact.channels", i, ""), ErrOutOfRange)
		}
		allowed = allowed || ch == p.Contact.Preferred
	}
	if p.Contact.Preferred > maxChannel ||
		p.Contact.Preferred != 0 && len(p.Contact.Channels) > 0 && !allowed {
		c.add("contact.preferred", ErrOutOfRange)
	}

	prev := time.Time{}
	for i := range p.Balances.Daily {
		d := &p.Balances.Daily[i]
		f := index("balances.daily", i, "date")
		if c.date(f, d.Date, true) && !prev.IsZero() && !c.dayBefore(prev, d.Date) {
			c.add(f, ErrOrder)
		}
		prev = d.Date
		c.money(index("balances.daily", i, "balance"), d.Balance, true)
	}
	for i := range p.Balances.Averages {
		a := &p.Balances.Averages[i]
		okFrom := c.date(index("balances.averages", i, "from"), a.From, true)
		okTo := c.date(index("balances.averages", i, "to"), a.To, true)
		if okFrom && okTo && c.dayBefore(a.To, a.From) {
			c.add(index("balances.averages", i, "to"), ErrOrder)
		}
		c.money(index("balances.averages", i, "average"), a.Average, true)
	}

	for i := range p.Events {
		e := &p.Events[i]
		if e.Kind == 0 || e.Kind > maxEventKind {
			c.add(index("events", i, "kind"), ErrOutOfRange)
		}
		c.date(index("events", i, "date"), e.Date, !e.Kind.IsScheduled())
		if e.Holding != "" && !hasHolding(p.Holdings, e.Holding) {
			c.add(index("events", i, "holding"), ErrReference)
		}
		c.money(index("events", i, "amount"), e.Amount, false)
	}
	return errors.Join(c.errs...)
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

func hasHolding(hs []Holding, id string) bool {
	for i := range hs {
		if hs[i].ID == id {
			return true
		}
	}
	return false
}

type checker struct {
	v    *Valuation
	errs []error
}

func (c *checker) add(field string, err error) {
	c.errs = append(c.errs, &FieldError{Field: field, Err: err})
}

// id checks that an ID is present and unique within its list.
func (c *checker) id(list string, i int, id string, seen map[string]int) {
	f := index(list, i, "id")
	if id == "" {
		c.add(f, ErrMissing)
		return
	}
	if j, dup := seen[id]; dup {
		c.add(f, fmt.Errorf("%w of %s", ErrDuplicate, index(list, j, "id")))
		return
	}
	seen[id] = i
}

// money checks bounds, sign and convertibility of an amount. It returns the
// amount in the reporting currency and whether it passed.
func (c *checker) money(field string, m Money, nonNegative bool) (Amount, bool) {
	a, err := c.v.convert(m)
	switch {
	case (errors.Is(err, ErrCurrency) || errors.Is(err, ErrNoRate)) && !c.v.Currency.IsValid():
		// nothing converts into a malformed reporting currency: reported
		// once for the valuation
	case err != nil:
		c.add(field, err)
	case nonNegative && a < 0:
		c.add(field, ErrNegative)
	default:
		return a, true
	}
	return 0, false
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
		c.add(field, ErrMissing)
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
	return DayNumber(a, c.v.AsOf.Location()) < DayNumber(b, c.v.AsOf.Location())
}

// DayNumber returns the calendar date of t in loc as a count of days since
// 1970-01-01, so that calendar dates compare as integers whatever the time
// of day or the length of the day (DST). It does not allocate.
func DayNumber(t time.Time, loc *time.Location) int64 {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}
