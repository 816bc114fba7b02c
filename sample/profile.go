package sample

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

// profile generates the client. Each step below draws from g.r after the
// steps before it, so the order of the calls is part of the book: changing
// it changes every client.
func (g *gen) profile() vipcare.Profile {
	var p vipcare.Profile
	p.ID = clientID(g.i)
	age := g.life(&p)

	// declared wealth, its parts and the holdings
	wealth := min(max(g.logNormal(800_000, 1.4), 10_000), 5e10)
	ownsProperty := g.plan(p.Entrepreneur)
	part, sum := g.parts(wealth, ownsProperty, p.Entrepreneur)
	t := g.holdings(&p, part, sum)
	aum := float64(t.aum4) / 10_000

	debt4 := g.liabilities(&p, wealth, ownsProperty, t)
	p.Revenue12M = cny(cents(aum * g.uniform(0.003, 0.012)))
	g.corporates(&p)
	g.suitability(&p, age, t.fin4, debt4)
	g.preferences(&p.Contact)
	factors := g.averageBalances(&p, aum)
	inflow := g.events(&p, aum, t.biz4)

	// The facts below were added after the ones above, and are drawn after
	// them, so that they left every earlier fact of every client as it was.
	sinceDays := g.dayNumber(g.asOf) - g.dayNumber(p.Since)
	dormant, deposit := g.activity(&p, sinceDays, inflow)
	g.kyc(&p)
	if g.days > 0 {
		g.balances(&p, t.aum4, sinceDays, dormant, deposit, factors)
	}
	sortEvents(p.Events)
	return p
}

// life sets the client's birth date (aged 28 to 75), the start of the
// relationship (up to 20 years ago, not before the age of 18) and whether
// the client is an entrepreneur. It returns the age in years.
func (g *gen) life(p *vipcare.Profile) (age int) {
	r := g.r
	age = 28 + r.IntN(48) // 28..75
	p.Birth = g.date(-age, 0, -r.IntN(365))
	// The age on the as-of date, as the field age counts it: one less
	// than drawn when the as-of date is 29 February and the birth year has
	// none (28 February becomes 1 March).
	age = civil.MonthsBetween(p.Birth, g.asOf) / 12
	years := min(20, age-18)
	p.Since = g.date(0, 0, -r.IntN(years*365+years/4+1))
	p.Entrepreneur = g.chance(0.69)
	return age
}

// parts splits declared wealth, in CNY, into the buckets of holdings: real
// estate if the client owns property, the business if an entrepreneur, and
// financial assets, split between the bank and other institutions. It
// returns the amount of each bucket in CNY and the sum of the weights of
// the planned items in each bucket.
func (g *gen) parts(wealth float64, ownsProperty, entrepreneur bool) (part, sum [4]float64) {
	var wRE, wBiz float64
	if ownsProperty {
		wRE = wRealEstate * g.jitter()
	}
	if entrepreneur {
		wBiz = wBusiness * g.jitter()
	}
	wFin := wFinancial * g.jitter()
	total := wRE + wBiz + wFin
	atBankShare := g.uniform(0.25, 0.90) // of financial assets
	part = [4]float64{
		atBank:  wealth * wFin / total * atBankShare,
		offFin:  wealth * wFin / total * (1 - atBankShare),
		offReal: wealth * wRE / total,
		offBiz:  wealth * wBiz / total,
	}
	for j := 0; j < g.n; j++ {
		sum[g.items[j].bucket] += g.items[j].weight
	}
	return part, sum
}

// totals are the amounts of a client's holdings by where they sit, in
// 10^-4 units of CNY (exact).
type totals struct {
	aum4  int64 // at the bank
	fin4  int64 // financial assets, at the bank and at other institutions
	real4 int64 // real estate
	biz4  int64 // the client's own business
}

// add counts an amount of cny4 10^-4 CNY held in bucket b.
func (t *totals) add(b uint8, cny4 int64) {
	switch b {
	case atBank:
		t.aum4 += cny4
		t.fin4 += cny4
	case offFin:
		t.fin4 += cny4
	case offReal:
		t.real4 += cny4
	case offBiz:
		t.biz4 += cny4
	}
}

// holdings sets p.Holdings from the planned items, in bucket order: at the
// bank, other institutions, real estate, business. part is the amount of
// each bucket in CNY and sum the weights of its items; the amount of each
// item is its share of its bucket. Some wealth products at the bank get a
// maturity within 90 days. It returns the totals of the holdings.
func (g *gen) holdings(p *vipcare.Profile, part, sum [4]float64) (t totals) {
	p.Holdings = make([]vipcare.Holding, g.n)
	h := 0
	for b := uint8(atBank); b <= offBiz; b++ {
		for j := 0; j < g.n; j++ {
			it := &g.items[j]
			if it.bucket != b {
				continue
			}
			x := part[b] * it.weight / sum[b] // in CNY
			pc := per100(it.cur)
			it.cents = int64(math.Round(x * 10_000 / float64(pc)))
			it.cny4 = it.cents * pc
			hd := &p.Holdings[h]
			hd.ID = holdingID(h)
			hd.Class = class(it.kind)
			hd.Amount = vipcare.Money{Amount: decimal.New(it.cents, -2), Currency: currency(it.cur)}
			hd.OffBank = b != atBank
			hd.Foreign = it.foreign
			if b == atBank && it.product != 0 {
				hd.Product = productCode(productPrefix(it), it.product)
			}
			t.add(b, it.cny4)
			// a maturity within 90 days for some wealth products
			if b == atBank && it.kind == kWealth && g.chance(0.40) {
				p.Events = append(p.Events, vipcare.Event{
					Kind:    vipcare.EventMaturity,
					Date:    g.date(0, 0, 1+g.r.IntN(90)),
					Holding: hd.ID,
					Amount:  hd.Amount,
				})
			}
			h++
		}
	}
	return t
}

// liabilities sets p.Liabilities for about 35% of clients: a mortgage for
// some property owners, a business loan for some entrepreneurs and a
// personal loan for a client with neither property nor business, each a
// share of what it finances (t) or of declared wealth. It returns their
// total in 10^-4 CNY.
func (g *gen) liabilities(p *vipcare.Profile, wealth float64, ownsProperty bool, t totals) (debt4 int64) {
	if !g.chance(0.35) {
		return 0
	}
	mortgage := ownsProperty && (!p.Entrepreneur || g.chance(0.6))
	loan := p.Entrepreneur && (!mortgage || g.chance(0.5))
	n := 0
	if mortgage {
		n++
	}
	if loan || !mortgage {
		n++
	}
	p.Liabilities = make([]vipcare.Liability, 0, n)
	if mortgage {
		c := cents(float64(t.real4) / 10_000 * g.uniform(0.10, 0.60))
		debt4 += c * 100
		p.Liabilities = append(p.Liabilities, vipcare.Liability{
			ID: liabilityID(len(p.Liabilities)), Kind: "mortgage", Amount: cny(c), OffBank: g.chance(0.5)})
	}
	switch {
	case loan:
		c := cents(float64(t.biz4) / 10_000 * g.uniform(0.05, 0.50))
		debt4 += c * 100
		p.Liabilities = append(p.Liabilities, vipcare.Liability{
			ID: liabilityID(len(p.Liabilities)), Kind: "business loan", Amount: cny(c), OffBank: g.chance(0.5)})
	case !mortgage: // neither property nor business
		c := cents(wealth * g.uniform(0.02, 0.10))
		debt4 += c * 100
		p.Liabilities = append(p.Liabilities, vipcare.Liability{
			ID: liabilityID(len(p.Liabilities)), Kind: "personal loan", Amount: cny(c), OffBank: g.chance(0.5)})
	}
	return debt4
}

// corporates links 60% of entrepreneurs to 1 to 3 corporate clients with
// distinct IDs: owners of the first company, owners, shareholders or
// directors of more.
func (g *gen) corporates(p *vipcare.Profile) {
	if !p.Entrepreneur || !g.chance(0.60) {
		return
	}
	r := g.r
	n := 1 + r.IntN(3)
	p.Corporates = make([]vipcare.CorporateLink, n)
	var ids [3]int
	for j := range n {
		id := r.IntN(1_000_000)
		for k := 0; k < j; k++ {
			if ids[k] == id { // keep IDs unique within the profile
				id = (id + 1) % 1_000_000
				k = -1
			}
		}
		ids[j] = id
		l := &p.Corporates[j]
		l.ID = corporateID(id)
		u := r.Float64()
		if j > 0 {
			u = 0.4 + 0.6*u // owners of the first company, shareholders and directors of more
		}
		switch {
		case u < 0.55:
			l.Role = vipcare.RoleOwner
			l.Ownership = g.fraction(51, 100)
		case u < 0.80:
			l.Role = vipcare.RoleShareholder
			l.Ownership = g.fraction(1, 49)
		default:
			l.Role = vipcare.RoleDirector
		}
	}
}

// suitability sets the risk level of all but 3% of clients, with the date
// it was assessed in the last 30 months, and the investor facts: financial
// and net financial assets (fin4 and fin4-debt4 10^-4 CNY), average income
// and 0 to 25 years of experience, at most age-20.
func (g *gen) suitability(p *vipcare.Profile, age int, fin4, debt4 int64) {
	r := g.r
	if !g.chance(0.03) {
		u := r.Float64()
		switch {
		case u < 0.08:
			p.Risk = vipcare.C1
		case u < 0.33:
			p.Risk = vipcare.C2
		case u < 0.69:
			p.Risk = vipcare.C3
		case u < 0.92:
			p.Risk = vipcare.C4
		default:
			p.Risk = vipcare.C5
		}
		p.RiskAssessed = g.date(0, 0, -r.IntN(913)) // up to 30 months
	}
	p.Investor = vipcare.InvestorFacts{
		FinancialAssets:    vipcare.Money{Amount: decimal.New(fin4, -4), Currency: vipcare.CNY},
		NetFinancialAssets: vipcare.Money{Amount: decimal.New(fin4-debt4, -4), Currency: vipcare.CNY},
		AverageIncome3Y:    cny(cents(min(g.logNormal(350_000, 0.9), 1e10))),
		ExperienceYears:    min(r.IntN(26), age-20),
	}
}
