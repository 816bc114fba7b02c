package vipcare

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Rates is an immutable table of exchange rates into one reporting currency,
// given by the caller for one evaluation. The library never fetches rates.
// Each amount is converted on its own and rounded half to even to 4
// decimal places, before any sum.
// A nil *Rates converts nothing: only amounts already in the reporting
// currency can be used. Rates is safe for concurrent use.
type Rates struct {
	to     Currency
	rates  map[Currency]int64 // units of to per unit of the key, scaled by 10^rateScale
	digest string
}

// Digest identifies the table, for a record of a decision that used it:
// "sha256:" and the lower-case hex SHA-256 of its canonical form, the JSON
// {"to":"CNY","rates":{"EUR":"7.8","USD":"7.1234"}} with the currencies
// sorted, each rate as exact decimal text with no trailing zero, and no
// spaces. Two tables have the same digest exactly when they hold the same
// rates into the same currency, however the rates were written ("7.10" or
// "7.1"). The nil table's digest is "", an empty table's is not.
func (r *Rates) Digest() string {
	if r == nil {
		return ""
	}
	return r.digest
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
// Every problem is reported at once as policy.Problems: a malformed
// currency code (policy.ErrMalformed, at "/to", or at "/rates" naming the
// code), a rate for to itself, which no conversion uses and which would
// only change the digest (policy.ErrDuplicate, at "/rates/<code>"), and a
// rate that is not positive, has more than ten decimal places or is not
// below 10^8 (policy.ErrOutOfRange, at "/rates/<code>").
func NewRates(to Currency, rates map[Currency]decimal.Decimal) (*Rates, error) {
	var ps policy.Problems
	if !to.IsValid() {
		ps = append(ps, policy.Problem{Path: "/to", Name: string(to), Err: policy.ErrMalformed})
	}
	keys := make([]Currency, 0, len(rates))
	for c := range rates {
		keys = append(keys, c)
	}
	slices.Sort(keys) // report in a stable order
	r := &Rates{to: to, rates: make(map[Currency]int64, len(rates))}
	for _, c := range keys {
		path := "/rates/" + string(c)
		if !c.IsValid() {
			ps = append(ps, policy.Problem{Path: "/rates", Name: string(c), Err: policy.ErrMalformed})
			continue
		}
		if c == to {
			ps = append(ps, policy.Problem{Path: path, Name: string(c), Err: errRateToItself})
			continue
		}
		v, ok := num.FromDecimal(rates[c], rateScale, maxRate)
		if !ok || v <= 0 {
			ps = append(ps, policy.Problem{Path: path, Name: string(c), Err: policy.ErrOutOfRange})
			continue
		}
		r.rates[c] = v
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	b := append(make([]byte, 0, 32+24*len(keys)), `{"to":"`+string(to)+`","rates":{`...)
	for i, c := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		// num.Format, not decimal's String, which follows the caller's
		// decimal.TrimTrailingZeros: the digest is the same in every process.
		b = append(b, `"`+string(c)+`":"`+num.Format(r.rates[c], rateScale, false)+`"`...)
	}
	sum := sha256.Sum256(append(b, "}}"...))
	r.digest = "sha256:" + hex.EncodeToString(sum[:])
	return r, nil
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
	var s num.Sum
	s.AddN(int64(a), uint64(rate))
	q, ok := s.Div(rateUnit)
	if !ok || q > int64(MaxAmount) || q < -int64(MaxAmount) {
		return 0, policy.ErrOutOfRange
	}
	return Amount(q), nil
}

// errRateToItself is the problem of a rate from the reporting currency to
// itself.
var errRateToItself = fmt.Errorf("%w: a rate for the reporting currency itself", policy.ErrDuplicate)
