package sample

import (
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

// events adds the client's next birthday (on or after the as-of date), a
// large inflow 0 to 59 days ago for 5% of clients and a business sale in
// the last year for 1% of entrepreneurs. aum is the AUM at the bank in CNY,
// biz4 the client's business in 10^-4 CNY. It returns the days since the
// large inflow, -1 for none.
func (g *gen) events(p *vipcare.Profile, aum float64, biz4 int64) (inflow int) {
	r := g.r
	_, bm, bd := p.Birth.Date()
	ay, _, _ := g.asOf.Date()
	birthday := civil.DayStart(ay, bm, bd, g.loc)
	if birthday.Before(g.asOf) {
		birthday = civil.DayStart(ay+1, bm, bd, g.loc)
	}
	p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventBirthday, Date: birthday})
	inflow = -1 // days since a large inflow, -1 for none
	if g.chance(0.05) {
		inflow = r.IntN(60)
		p.Events = append(p.Events, vipcare.Event{
			Kind:   vipcare.EventLargeInflow,
			Date:   g.date(0, 0, -inflow),
			Amount: cny(cents(max(aum, 100_000) * g.uniform(0.2, 1.0))),
		})
	}
	if p.Entrepreneur && g.chance(0.01) {
		p.Events = append(p.Events, vipcare.Event{
			Kind:   vipcare.EventBusinessSale,
			Date:   g.date(0, 0, -r.IntN(365)),
			Amount: cny(cents(float64(biz4) / 10_000 * g.uniform(0.1, 0.6))),
		})
	}
	return inflow
}

// kyc adds a KYC expiry for some clients: expired 0 to 90 days ago for 5%
// of clients, due in 1 to 180 days for 10%.
func (g *gen) kyc(p *vipcare.Profile) {
	u := g.r.Float64()
	var d time.Time
	switch {
	case u < 0.05:
		d = g.date(0, 0, -g.r.IntN(91))
	case u < 0.15:
		d = g.date(0, 0, 1+g.r.IntN(180))
	default:
		return
	}
	p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: d})
}

// sortEvents sorts events by date, keeping the order of equal dates.
func sortEvents(e []vipcare.Event) {
	for j := 1; j < len(e); j++ {
		for s := j; s > 0 && e[s].Date.Before(e[s-1].Date); s-- {
			e[s], e[s-1] = e[s-1], e[s]
		}
	}
}
