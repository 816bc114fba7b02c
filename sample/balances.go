package sample

import (
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
)

// averageBalances sets the average daily balances at the bank of the last
// three months that are over on the as-of date, the as-of month being over
// on its last day: each is aum times a factor of 0.85 to 1.10. It returns
// the factors.
func (g *gen) averageBalances(p *vipcare.Profile, aum float64) (factors [3]float64) {
	p.AverageBalances = make([]vipcare.PeriodAverage, 3)
	y, m, _ := g.asOf.Date()
	if g.date(0, 0, 1).Month() == m { // the as-of month is not over
		m--
	}
	for j := range 3 {
		mm := m - time.Month(2-j)
		factors[j] = g.uniform(0.85, 1.10)
		p.AverageBalances[j] = vipcare.PeriodAverage{
			From:    civil.DayStart(y, mm, 1, g.loc),
			To:      civil.DayStart(y, mm+1, 0, g.loc),
			Average: cny(cents(aum * factors[j])),
		}
	}
	return factors
}

// Last activity.
const (
	pUnknownActivity = 0.02 // LastActive unknown (zero)
	pDormant         = 0.09 // dormant, of all clients: 8% of the book, as some cannot be
	pQuiet           = 0.12 // last active 61 to 300 days ago
	pSpike           = 0.05 // spiked, of the recently active clients
	minDormantDays   = 396  // 13 months and more: 12 whole months at least
	maxDormantDays   = 1096 // 36 months
)

// activity sets p.LastActive and decides whether the client is dormant and
// whether, and how many days ago, a one-off deposit spiked its balance at
// the bank (deposit is -1 for none). sinceDays is the length of the
// relationship in days, inflow the days since a large inflow (-1 for none).
//
// A client of less than 13 months, or with a large inflow, is never
// dormant: it is recently active instead.
func (g *gen) activity(p *vipcare.Profile, sinceDays, inflow int) (dormant bool, deposit int) {
	r := g.r
	deposit = -1
	u := r.Float64()
	if u < pUnknownActivity {
		if inflow >= 0 { // active on the inflow's day at least, with no other draw
			p.LastActive = g.date(0, 0, -min(inflow, sinceDays))
		}
		return false, -1
	}
	var ago int // days since the last activity
	switch u -= pUnknownActivity; {
	case u < pDormant && sinceDays >= minDormantDays && inflow < 0:
		// 13 to 36 months ago, and not before the relationship began
		ago = minDormantDays + r.IntN(min(maxDormantDays, sinceDays)-minDormantDays+1)
		dormant = true
	case u >= pDormant && u < pDormant+pQuiet:
		ago = 61 + r.IntN(240) // 2 to 10 months ago
	default:
		// recently: a truncated exponential with a mean of about 11 days,
		// 0 to 60 days ago
		ago = int(-12 * math.Log(1-r.Float64()*(1-math.Exp(-61.0/12))))
		ago = min(ago, 60)
		if g.chance(pSpike) {
			deposit = min(r.IntN(10), sinceDays)
			ago = min(ago, deposit)
		}
	}
	if inflow >= 0 {
		ago = min(ago, inflow) // moving money in is activity
	}
	p.LastActive = g.date(0, 0, -min(ago, sinceDays))
	return dormant, deposit
}

// Daily balances.
const (
	pGaps     = 0.10 // clients with missing days
	reversion = 0.9  // AR(1) coefficient of the log-balance around its level
)

// balances generates end-of-day balances at the bank for the last g.days
// days up to the as-of date (from the start of the relationship if that is
// later), and replaces the averages of the months the days cover with the
// averages of the series. aum4 is the AUM at the bank in 10^-4 CNY, the
// balance of the as-of date. A dormant client's balance does not move. A
// deposit d >= 0 days ago multiplied the balance by a factor of 3 to 6:
// every day before it is lower, and the deposit is recorded as a large
// inflow. factors are the factors the averages were drawn with.
func (g *gen) balances(p *vipcare.Profile, aum4 int64, sinceDays int, dormant bool, deposit int, factors [3]float64) {
	h := history{
		n:       min(g.days, sinceDays+1),
		aum4:    aum4,
		aum:     float64(aum4) / 10_000,
		dormant: dormant,
		deposit: deposit,
		spike:   1.0,
	}
	if deposit >= 0 {
		h.spike = 1 + g.uniform(2, 5) // the deposit is 2 to 5 times the balance before it
	}
	h.sigma = g.uniform(0.01, 0.02)
	g.drawGaps(&h)
	bal := g.walk(&h)
	p.DailyBalances = g.series(&h, bal)
	g.monthAverages(p.AverageBalances, &h, bal, factors)
	if deposit >= 0 {
		p.Events = append(p.Events, vipcare.Event{
			Kind:   vipcare.EventLargeInflow,
			Date:   g.date(0, 0, -deposit),
			Amount: cny(cents(h.aum * (1 - 1/h.spike))),
		})
	}
}

// history describes the series of daily balances of one client, days
// counted back from the as-of date, day 0.
type history struct {
	n       int       // days with a balance
	aum4    int64     // the balance of the as-of date, in 10^-4 CNY
	aum     float64   // aum4 in CNY
	dormant bool      // whether the balance does not move
	deposit int       // days since a deposit that spiked the balance, -1 for none
	spike   float64   // the factor the deposit multiplied the balance by, 1 for none
	sigma   float64   // the volatility of the daily change of the log-balance
	gaps    [3][2]int // runs of missing days, days back [from, to)
	ngaps   int       // the number of runs in gaps
}

// missing reports whether day j has no balance: it lies in a run of
// missing days and is not the day of the deposit.
func (h *history) missing(j int) bool {
	for k := range h.ngaps {
		if j >= h.gaps[k][0] && j < h.gaps[k][1] && j != h.deposit {
			return true
		}
	}
	return false
}

// drawGaps draws the missing days of pGaps of the clients whose series
// has 3 days or more: 1 to 3 runs of 1 to 7 days, never the first or last
// day (nor, see history.missing, the day of a deposit).
func (g *gen) drawGaps(h *history) {
	r := g.r
	if h.n >= 3 && g.chance(pGaps) {
		h.ngaps = 1 + r.IntN(3)
		for k := range h.ngaps {
			from := 1 + r.IntN(h.n-2)
			h.gaps[k] = [2]int{from, min(from+1+r.IntN(7), h.n-1)}
		}
	}
}

// walk returns the balances of the series, bal[j] being the balance j days
// back in 10^-4 CNY: a mean-reverting random walk of the log-balance,
// walked back from the as-of date, around the AUM since the deposit and
// the AUM/spike before it. Missing days are not treated yet.
func (g *gen) walk(h *history) []int64 {
	r := g.r
	bal := make([]int64, h.n)
	bal[0] = h.aum4
	x := 0.0
	for j := 1; j < h.n; j++ {
		if h.dormant {
			bal[j] = h.aum4
			continue
		}
		x = reversion*x + h.sigma*r.NormFloat64()
		level := h.aum
		if h.deposit >= 0 && j > h.deposit {
			level = h.aum / h.spike
		}
		bal[j] = int64(math.Round(level*math.Exp(x)*100)) * 100 // to cents
	}
	return bal
}

// series gives each missing day of bal the balance of the day before it,
// and returns the balances of the days that are not missing, the oldest
// first.
func (g *gen) series(h *history, bal []int64) []vipcare.DailyBalance {
	records := h.n
	for j := h.n - 2; j >= 1; j-- { // a missing day carries the day before forward
		if h.missing(j) {
			bal[j] = bal[j+1]
			records--
		}
	}
	daily := make([]vipcare.DailyBalance, 0, records)
	for j := h.n - 1; j >= 0; j-- {
		if j > 0 && h.missing(j) {
			continue
		}
		daily = append(daily, vipcare.DailyBalance{Date: g.date(0, 0, -j), Balance: cny4(bal[j])})
	}
	return daily
}

// monthAverages updates the monthly averages avg, drawn with factors, to
// the series bal: the averages of the months the series covers come from
// the series, a day before the first balance counting 0; the others are
// drawn around the level of the balance at the time.
func (g *gen) monthAverages(avg []vipcare.PeriodAverage, h *history, bal []int64, factors [3]float64) {
	asOf := g.dayNumber(g.asOf)
	first := asOf - (g.days - 1) // the first day of the series asked for
	for k := range avg {
		a := &avg[k]
		from, to := g.dayNumber(a.From), g.dayNumber(a.To)
		switch {
		case from >= first:
			var sum num.Sum // as tier's ADB sums, and rounds half to even
			for d := from; d <= to; d++ {
				if j := asOf - d; j < h.n {
					sum.Add(bal[j])
				}
			}
			avg, _ := sum.Div(uint64(to-from+1) * 100)
			a.Average = cny(avg)
		case h.dormant:
			a.Average = cny(cents(h.aum))
		case h.deposit >= 0 && to < asOf-h.deposit:
			a.Average = cny(cents(h.aum / h.spike * factors[k]))
		}
	}
}

// cny4 returns an amount of a 10^-4 units of CNY, with 2 decimals when it
// is a whole number of cents.
func cny4(a int64) vipcare.Money {
	if a%100 == 0 {
		return cny(a / 100)
	}
	return vipcare.Money{Amount: decimal.New(a, -4), Currency: vipcare.CNY}
}
