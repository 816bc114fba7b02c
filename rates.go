package vipcare

import (
	"errors"
	"math/bits"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/internal/num"
)

// Rates is an immutable table of exchange rates into one reporting currency,
// given by the caller for one evaluation. The library never fetches rates.
// A nil *Rates converts nothing: only amounts already in the reporting
// currency can be used. Rates is safe for concurrent use.
type Rates struct {
	to    Currency
	rates map[Currency]int64 // units of to per unit of the key, scaled by 10^rateScale
}

const (
	rateScale = 10
	rateUnit  = 10_000_000_000 // 10^rateScale
	// maxRate bounds a rate below 10^8 units of the reporting currency per
	// unit of the other currency.
	maxRate = 100_000_000*rateUnit - 1
)

// NewRates returns a rate table into the currency to. Each entry of rates
// gives how many units of to one unit of the key currency is worth, for
// example rates[USD] = 7.1234 with to = CNY. The map is copied.
//
// Every problem is reported at once: a malformed currency code
// ([ErrCurrency]), and a rate that is not positive, has more than ten
// decimal places or is not below 10^8 ([ErrOutOfRange]).
func NewRates(to Currency, rates map[Currency]decimal.Decimal) (*Rates, error) {
	var errs []error
	if !to.IsValid() {
		errs = append(errs, &FieldError{Field: "rates.to", Err: ErrCurrency})
	}
	keys := make([]Currency, 0, len(rates))
	for c := range rates {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] }) // report in a stable order
	r := &Rates{to: to, rates: make(map[Currency]int64, len(rates))}
	for _, c := range keys {
		field := "rates[" + string(c) + "]"
		if !c.IsValid() {
			errs = append(errs, &FieldError{Field: "rates", Err: ErrCurrency})
			continue
		}
		v, ok := num.FromDecimal(rates[c], rateScale, maxRate)
		if !ok || v <= 0 {
			errs = append(errs, &FieldError{Field: field, Err: ErrOutOfRange})
			continue
		}
		r.rates[c] = v
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// To returns the reporting currency of the table.
func (r *Rates) To() Currency {
	if r == nil {
		return ""
	}
	return r.to
}

// Rate returns the rate from c into the reporting currency and whether the
// table has one. The rate of the reporting currency itself is 1.
func (r *Rates) Rate(c Currency) (decimal.Decimal, bool) {
	if r == nil {
		return decimal.Decimal{}, false
	}
	if c == r.to {
		return decimal.NewFromInt(1), true
	}
	v, ok := r.rates[c]
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(v, -rateScale), true
}

// convert returns a (in currency from) in the reporting currency, rounded
// half to even to the Amount's precision. It does not allocate.
func (r *Rates) convert(a Amount, from Currency) (Amount, error) {
	if r == nil {
		return 0, ErrNoRate
	}
	rate, ok := r.rates[from]
	if !ok {
		return 0, ErrNoRate
	}
	neg := a < 0
	u := uint64(a)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, uint64(rate))
	if hi >= rateUnit {
		return 0, ErrAmount
	}
	q, rem := bits.Div64(hi, lo, rateUnit)
	if rem > rateUnit/2 || rem == rateUnit/2 && q%2 == 1 {
		q++
	}
	if q > uint64(MaxAmount) {
		return 0, ErrAmount
	}
	if neg {
		return -Amount(q), nil
	}
	return Amount(q), nil
}
