package sample

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

// gen generates one client. It lives on the stack of Profile.
type gen struct {
	r       *rand.Rand
	src     rand.PCG
	i       int
	asOf    time.Time // the as-of date at midnight in loc
	loc     *time.Location
	items   [maxItems]item
	n       int
	classes uint16 // bit k set when kind k is held
	days    int    // Options.DailyDays, 0 if not positive
}

// splitmix64 is a bijective mixer, so that clients with neighbouring
// indices start from unrelated PCG states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// init prepares g to generate client i of the book o: it seeds the
// client's own generator and fixes the as-of date and the days of daily
// balances.
func (g *gen) init(o Options, i int) {
	g.src.Seed(o.Seed, splitmix64(uint64(i)))
	g.r = rand.New(&g.src)
	g.i = i
	a := o.asOf()
	g.loc = a.Location()
	y, m, d := a.Date()
	g.asOf = civil.DayStart(y, m, d, g.loc)
	g.days = max(o.DailyDays, 0)
}

// date returns the as-of date moved by the given years, months and days:
// the start of that calendar day, midnight unless the zone's clocks skip
// midnight that day.
func (g *gen) date(years, months, days int) time.Time {
	y, m, d := g.asOf.Date()
	return civil.DayStart(y+years, m+time.Month(months), d+days, g.loc)
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// uniform returns a number in [lo, hi).
func (g *gen) uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

// jitter returns a Gamma(2, 1/2) variate: mean 1, coefficient of variation
// 0.71. Normalised jittered weights are Dirichlet distributed.
func (g *gen) jitter() float64 { return (g.r.ExpFloat64() + g.r.ExpFloat64()) / 2 }

// logNormal returns exp(N(log(median), sigma²)).
func (g *gen) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

// cents rounds a non-negative amount to cents.
func cents(x float64) int64 { return int64(math.Round(x * 100)) }

// cny returns an amount of c cents of CNY.
func cny(c int64) vipcare.Money {
	return vipcare.Money{Amount: decimal.New(c, -2), Currency: vipcare.CNY}
}

// fraction returns a number in [lo, hi] rounded to 2 decimals as a decimal.
func (g *gen) fraction(lo, hi int) decimal.Decimal {
	return decimal.New(int64(lo+g.r.IntN(hi-lo+1)), -2)
}

// dayNumber returns the calendar date of t, in the as-of date's location,
// as a day number.
func (g *gen) dayNumber(t time.Time) int {
	return int(civil.Day(t, g.loc))
}
