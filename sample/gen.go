package sample

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

// Asset kinds, indices into the tables below and bits of gen.classes.
const (
	kDeposits = iota
	kFixedIncome
	kWealth
	kFunds
	kEquities
	kInsurance
	kOther
	kRealEstate
	kBusiness
	nKinds
)

// maxClassesPerClient is the most distinct asset classes a sample client
// holds.
const maxClassesPerClient = 8

// class returns the asset class of kind k.
func class(k uint8) vipcare.AssetClass {
	switch k {
	case kDeposits:
		return vipcare.Deposits
	case kFixedIncome:
		return vipcare.FixedIncome
	case kWealth:
		return vipcare.WealthProducts
	case kFunds:
		return vipcare.Funds
	case kEquities:
		return vipcare.Equities
	case kInsurance:
		return vipcare.Insurance
	case kRealEstate:
		return vipcare.RealEstate
	case kBusiness:
		return vipcare.BusinessEquity
	}
	return vipcare.OtherAssets
}

// Where an item sits: the buckets declared wealth is split into.
const (
	atBank  = iota // financial assets at this bank
	offFin         // financial assets at other institutions
	offReal        // real estate
	offBiz         // the client's own business
)

// Currencies of items.
const (
	curCNY = iota
	curUSD
	curHKD
	curEUR
)

// currency returns the currency code of c.
func currency(c uint8) vipcare.Currency {
	switch c {
	case curUSD:
		return vipcare.USD
	case curHKD:
		return "HKD"
	case curEUR:
		return "EUR"
	}
	return vipcare.CNY
}

// per100 returns units of CNY per 100 units of currency c.
func per100(c uint8) int64 {
	switch c {
	case curUSD:
		return usdPer100
	case curHKD:
		return hkdPer100
	case curEUR:
		return eurPer100
	}
	return cnyPer100
}

// item is one planned holding.
type item struct {
	kind    uint8
	bucket  uint8
	cur     uint8
	foreign bool
	product uint16 // product number; 0 for none
	weight  float64
	cents   int64 // amount in cents of cur
	cny4    int64 // amount in CNY, in 10^-4 units (exact)
}

// maxItems bounds the holdings of one client: 2 properties, 1 business,
// 7 at the bank, 3 at other institutions and 2 foreign. (Holdings added to
// reach 3 classes and 4 holdings are added only to clients with fewer.)
const maxItems = 16

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

func (g *gen) init(o Options, i int) {
	g.src.Seed(o.Seed, splitmix64(uint64(i)))
	g.r = rand.New(&g.src)
	g.i = i
	a := o.asOf()
	g.loc = a.Location()
	y, m, d := a.Date()
	g.asOf = time.Date(y, m, d, 0, 0, 0, 0, g.loc)
	g.days = max(o.DailyDays, 0)
}

// date returns the as-of date moved by the given years, months and days.
func (g *gen) date(years, months, days int) time.Time {
	y, m, d := g.asOf.Date()
	return time.Date(y+years, m+time.Month(months), d+days, 0, 0, 0, 0, g.loc)
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

// has reports whether the client holds kind k.
func (g *gen) has(k uint8) bool { return g.classes&(1<<k) != 0 }

// distinct returns the number of distinct kinds held.
func (g *gen) distinct() int { return bits.OnesCount16(g.classes) }

// add plans a holding.
func (g *gen) add(kind, bucket, cur uint8, foreign bool, product uint16, weight float64) *item {
	it := &g.items[g.n]
	*it = item{kind: kind, bucket: bucket, cur: cur, foreign: foreign, product: product, weight: weight}
	g.n++
	g.classes |= 1 << kind
	return it
}

// product returns a product number for an at-bank holding of kind k.
func (g *gen) product(k uint8) uint16 {
	switch k {
	case kWealth:
		return 2000 + uint16(g.r.IntN(100)) // WMP-2000..2099
	case kFunds:
		return 100 + uint16(g.r.IntN(100)) // FUND-0100..0199
	case kInsurance:
		return 3000 + uint16(g.r.IntN(40)) // INS-3000..3039
	case kFixedIncome:
		return 1000 + uint16(g.r.IntN(30)) // BOND-1000..1029
	case kOther:
		return 1 + uint16(g.r.IntN(9)) // GOLD-0001..0009
	}
	return 0
}

// productPrefix returns the product code prefix of an at-bank holding.
func productPrefix(it *item) string {
	if it.foreign && it.kind == kFunds {
		return "QDII-"
	}
	switch it.kind {
	case kWealth:
		return "WMP-"
	case kFunds:
		return "FUND-"
	case kInsurance:
		return "INS-"
	case kFixedIncome:
		return "BOND-"
	case kOther:
		return "GOLD-"
	}
	return ""
}

// Mean weights of the parts of declared wealth, before Dirichlet jitter.
const (
	pOwnsProperty   = 0.86 // share of clients who declare real estate
	pSecondProperty = 0.30 // share of owners with two properties
	wRealEstate     = 0.33
	wBusiness       = 0.30 // entrepreneurs only
	wFinancial      = 0.69
)

// pickOffBank chooses the kind of one holding at another institution,
// preferring kinds the client does not hold there yet. When fresh is true it
// picks only kinds not held at all. It returns false if none qualifies.
func (g *gen) pickOffBank(taken uint16, fresh bool) (uint8, bool) {
	// relative weights of deposits, fixed income, wealth products, funds,
	// equities, insurance, other
	w := [...]float64{0.32, 0.24, 0.08, 0.10, 0.20, 0.04, 0.06}
	total := 0.0
	for k := range w {
		bit := uint16(1) << k
		switch {
		case taken&bit != 0,
			fresh && g.has(uint8(k)),
			!g.has(uint8(k)) && g.distinct() >= maxClassesPerClient:
			w[k] = 0
		}
		total += w[k]
	}
	if total == 0 {
		return 0, false
	}
	x := g.r.Float64() * total
	for k := range w {
		if x < w[k] {
			return uint8(k), true
		}
		x -= w[k]
	}
	for k := len(w) - 1; k >= 0; k-- { // rounding: the last kind with weight
		if w[k] > 0 {
			return uint8(k), true
		}
	}
	return 0, false
}

// plan decides the holdings of a client: their kinds, where they are held,
// currencies and relative weights within their buckets.
func (g *gen) plan(entrepreneur bool) (ownsProperty bool) {
	// at the bank: deposits always, other kinds by chance
	g.add(kDeposits, atBank, curCNY, false, 0, 0.36*g.jitter())
	if g.chance(0.70) {
		g.add(kWealth, atBank, curCNY, false, g.product(kWealth), 0.30*g.jitter())
		if g.chance(0.35) {
			g.add(kWealth, atBank, curCNY, false, g.product(kWealth), 0.20*g.jitter())
		}
	}
	if g.chance(0.50) {
		g.add(kFunds, atBank, curCNY, false, g.product(kFunds), 0.14*g.jitter())
	}
	if g.chance(0.40) {
		g.add(kInsurance, atBank, curCNY, false, g.product(kInsurance), 0.10*g.jitter())
	}
	if g.chance(0.30) {
		g.add(kFixedIncome, atBank, curCNY, false, g.product(kFixedIncome), 0.16*g.jitter())
	}
	if g.chance(0.12) {
		g.add(kOther, atBank, curCNY, false, g.product(kOther), 0.05*g.jitter())
	}

	if ownsProperty = g.chance(pOwnsProperty); ownsProperty {
		g.add(kRealEstate, offReal, curCNY, false, 0, g.jitter())
		if g.chance(pSecondProperty) {
			g.add(kRealEstate, offReal, curCNY, false, 0, 0.6*g.jitter())
		}
	}
	if entrepreneur {
		g.add(kBusiness, offBiz, curCNY, false, 0, 1)
	}

	// at other institutions: 1 to 3 kinds
	var taken uint16
	for range 1 + g.r.IntN(3) {
		k, ok := g.pickOffBank(taken, false)
		if !ok {
			break
		}
		taken |= 1 << k
		g.add(k, offFin, curCNY, false, 0, g.jitter())
	}
	// at least 3 classes and 4 holdings
	for g.distinct() < 3 || g.n < 4 {
		k, ok := g.pickOffBank(taken, true)
		if !ok {
			break
		}
		taken |= 1 << k
		g.add(k, offFin, curCNY, false, 0, g.jitter())
	}

	// foreign investments for about 8% of clients
	if g.chance(0.08) {
		for range 1 + g.r.IntN(2) {
			g.addForeign()
		}
	}
	return ownsProperty
}

// addForeign plans one holding invested outside the home market.
func (g *gen) addForeign() {
	kind := [...]uint8{kFunds, kEquities, kInsurance, kDeposits}
	start := g.r.IntN(len(kind))
	for j := range kind {
		k := kind[(start+j)%len(kind)]
		if !g.has(k) && g.distinct() >= maxClassesPerClient {
			continue
		}
		u := g.r.Float64()
		switch k {
		case kFunds: // a QDII fund bought at the bank
			cur := uint8(curCNY)
			if u < 0.5 {
				cur = curUSD
			}
			g.add(k, atBank, cur, true, 500+uint16(g.r.IntN(30)), 0.25*g.jitter())
		case kEquities: // Hong Kong or US shares at a broker
			cur := uint8(curHKD)
			if u < 0.5 {
				cur = curUSD
			}
			g.add(k, offFin, cur, true, 0, 0.6*g.jitter())
		case kInsurance: // a Hong Kong policy
			cur := uint8(curHKD)
			if u < 0.3 {
				cur = curUSD
			}
			g.add(k, offFin, cur, true, 0, 0.5*g.jitter())
		default: // an account abroad
			cur := uint8(curUSD)
			switch {
			case u < 0.3:
				cur = curHKD
			case u < 0.5:
				cur = curEUR
			}
			g.add(k, offFin, cur, true, 0, 0.5*g.jitter())
		}
		return
	}
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

func (g *gen) profile() vipcare.Profile {
	r := g.r
	var p vipcare.Profile
	p.ID = clientID(g.i)

	// life and relationship
	age := 28 + r.IntN(48) // 28..75
	p.Birth = g.date(-age, 0, -r.IntN(365))
	years := min(20, age-18)
	p.Since = g.date(0, 0, -r.IntN(years*365+years/4+1))
	p.Entrepreneur = g.chance(0.69)

	// declared wealth and its parts
	wealth := min(max(g.logNormal(800_000, 1.4), 10_000), 5e10)
	ownsProperty := g.plan(p.Entrepreneur)
	var wRE, wBiz float64
	if ownsProperty {
		wRE = wRealEstate * g.jitter()
	}
	if p.Entrepreneur {
		wBiz = wBusiness * g.jitter()
	}
	wFin := wFinancial * g.jitter()
	total := wRE + wBiz + wFin
	atBankShare := g.uniform(0.25, 0.90) // of financial assets
	var sum [4]float64
	part := [4]float64{
		atBank:  wealth * wFin / total * atBankShare,
		offFin:  wealth * wFin / total * (1 - atBankShare),
		offReal: wealth * wRE / total,
		offBiz:  wealth * wBiz / total,
	}
	for j := 0; j < g.n; j++ {
		sum[g.items[j].bucket] += g.items[j].weight
	}

	var aum4, fin4, real4, biz4 int64
	p.Holdings = make([]vipcare.Holding, g.n)
	// holdings in bucket order: at the bank, other institutions, real estate,
	// business
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
			switch b {
			case atBank:
				aum4 += it.cny4
				fin4 += it.cny4
			case offFin:
				fin4 += it.cny4
			case offReal:
				real4 += it.cny4
			case offBiz:
				biz4 += it.cny4
			}
			// a maturity within 90 days for some wealth products
			if b == atBank && it.kind == kWealth && g.chance(0.40) {
				p.Events = append(p.Events, vipcare.Event{
					Kind:    vipcare.EventMaturity,
					Date:    g.date(0, 0, 1+r.IntN(90)),
					Holding: hd.ID,
					Amount:  hd.Amount,
				})
			}
			h++
		}
	}
	aum := float64(aum4) / 10_000

	// liabilities for about 35% of clients
	var debt4 int64
	if g.chance(0.35) {
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
			c := cents(float64(real4) / 10_000 * g.uniform(0.10, 0.60))
			debt4 += c * 100
			p.Liabilities = append(p.Liabilities, vipcare.Liability{
				ID: liabilityID(len(p.Liabilities)), Kind: "mortgage", Amount: cny(c), OffBank: g.chance(0.5)})
		}
		switch {
		case loan:
			c := cents(float64(biz4) / 10_000 * g.uniform(0.05, 0.50))
			debt4 += c * 100
			p.Liabilities = append(p.Liabilities, vipcare.Liability{
				ID: liabilityID(len(p.Liabilities)), Kind: "business loan", Amount: cny(c), OffBank: g.chance(0.5)})
		case !mortgage: // neither property nor business
			c := cents(wealth * g.uniform(0.02, 0.10))
			debt4 += c * 100
			p.Liabilities = append(p.Liabilities, vipcare.Liability{
				ID: liabilityID(len(p.Liabilities)), Kind: "personal loan", Amount: cny(c), OffBank: g.chance(0.5)})
		}
	}
	p.Revenue12M = cny(cents(aum * g.uniform(0.003, 0.012)))

	// links to corporate clients for 60% of entrepreneurs
	if p.Entrepreneur && g.chance(0.60) {
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

	// suitability
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

	// contact preferences
	c := &p.Contact
	c.Discreet = g.chance(0.55)
	c.DoNotContact = g.chance(0.04)
	c.NoProfiling = g.chance(0.03)
	switch {
	case c.Discreet: // 2 to 4 of the 5 discreet channels
		c.Channels = g.channels(5, 2+r.IntN(3))
	case g.chance(0.30): // any channel
	default: // 2 to 6 of all channels
		c.Channels = g.channels(9, 2+r.IntN(5))
	}
	if g.chance(0.90) {
		if len(c.Channels) > 0 {
			c.Preferred = c.Channels[r.IntN(len(c.Channels))]
		} else {
			c.Preferred = channelAt[1+r.IntN(9)]
		}
	}

	// balance history: average daily balances of the last three months
	p.AverageBalances = make([]vipcare.PeriodAverage, 3)
	y, m, _ := g.asOf.Date()
	if g.date(0, 0, 1).Month() == m { // the as-of month is not over
		m--
	}
	var factors [3]float64
	for j := range 3 {
		mm := m - time.Month(2-j)
		factors[j] = g.uniform(0.85, 1.10)
		p.AverageBalances[j] = vipcare.PeriodAverage{
			From:    time.Date(y, mm, 1, 0, 0, 0, 0, g.loc),
			To:      time.Date(y, mm+1, 0, 0, 0, 0, 0, g.loc),
			Average: cny(cents(aum * factors[j])),
		}
	}

	// events
	_, bm, bd := p.Birth.Date()
	ay, _, _ := g.asOf.Date()
	birthday := time.Date(ay, bm, bd, 0, 0, 0, 0, g.loc)
	if birthday.Before(g.asOf) {
		birthday = time.Date(ay+1, bm, bd, 0, 0, 0, 0, g.loc)
	}
	p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventBirthday, Date: birthday})
	inflow := -1 // days since a large inflow, -1 for none
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

	// The facts below were added after the ones above, and are drawn after
	// them, so that they left every earlier fact of every client as it was.
	sinceDays := g.dayNumber(g.asOf) - g.dayNumber(p.Since)
	dormant, deposit := g.activity(&p, sinceDays, inflow)
	g.kyc(&p)
	if g.days > 0 {
		g.balances(&p, aum4, sinceDays, dormant, deposit, factors)
	}
	sortEvents(p.Events)
	return p
}

// dayNumber returns the calendar date of t, in the as-of date's location,
// as a day number.
func (g *gen) dayNumber(t time.Time) int {
	return int(civil.Day(t, g.loc))
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
	r := g.r
	n := min(g.days, sinceDays+1) // days with a balance, the as-of date being day 0
	aum := float64(aum4) / 10_000
	spike := 1.0
	if deposit >= 0 {
		spike = 1 + g.uniform(2, 5) // the deposit is 2 to 5 times the balance before it
	}
	sigma := g.uniform(0.01, 0.02)

	// missing days: 1 to 3 runs of 1 to 7 days, never the first or last day
	// nor the day of a deposit
	var gaps [3][2]int // days back [from, to)
	ngaps := 0
	if n >= 3 && g.chance(pGaps) {
		ngaps = 1 + r.IntN(3)
		for k := range ngaps {
			from := 1 + r.IntN(n-2)
			gaps[k] = [2]int{from, min(from+1+r.IntN(7), n-1)}
		}
	}
	missing := func(j int) bool {
		for k := range ngaps {
			if j >= gaps[k][0] && j < gaps[k][1] && j != deposit {
				return true
			}
		}
		return false
	}

	// bal[j] is the balance j days back, in 10^-4 CNY: a mean-reverting
	// random walk of the log-balance, walked back from the as-of date,
	// around the AUM since the deposit and the AUM/spike before it
	bal := make([]int64, n)
	bal[0] = aum4
	x := 0.0
	for j := 1; j < n; j++ {
		if dormant {
			bal[j] = aum4
			continue
		}
		x = reversion*x + sigma*r.NormFloat64()
		level := aum
		if deposit >= 0 && j > deposit {
			level = aum / spike
		}
		bal[j] = int64(math.Round(level*math.Exp(x)*100)) * 100 // to cents
	}
	records := n
	for j := n - 2; j >= 1; j-- { // a missing day carries the day before forward
		if missing(j) {
			bal[j] = bal[j+1]
			records--
		}
	}
	daily := make([]vipcare.DailyBalance, 0, records)
	for j := n - 1; j >= 0; j-- {
		if j > 0 && missing(j) {
			continue
		}
		daily = append(daily, vipcare.DailyBalance{Date: g.date(0, 0, -j), Balance: cny4(bal[j])})
	}
	p.DailyBalances = daily

	// the averages of the months the series covers come from the series, a
	// day before the first balance counting 0; the others are drawn around
	// the level of the balance at the time
	asOf := g.dayNumber(g.asOf)
	first := asOf - (g.days - 1) // the first day of the series asked for
	for k := range p.AverageBalances {
		a := &p.AverageBalances[k]
		from, to := g.dayNumber(a.From), g.dayNumber(a.To)
		switch {
		case from >= first:
			var sum int64
			for d := from; d <= to; d++ {
				if j := asOf - d; j < n {
					sum += bal[j]
				}
			}
			a.Average = cny(divRound(sum, int64(to-from+1)*100))
		case dormant:
			a.Average = cny(cents(aum))
		case deposit >= 0 && to < asOf-deposit:
			a.Average = cny(cents(aum / spike * factors[k]))
		}
	}
	if deposit >= 0 {
		p.Events = append(p.Events, vipcare.Event{
			Kind:   vipcare.EventLargeInflow,
			Date:   g.date(0, 0, -deposit),
			Amount: cny(cents(aum * (1 - 1/spike))),
		})
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

// divRound returns a/b rounded half to even, for a >= 0 and b > 0.
func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*r > b || 2*r == b && q%2 == 1 {
		q++
	}
	return q
}

// channelAt numbers the channels from 1, the discreet ones (1 to 5) first.
var channelAt = [...]vipcare.Channel{"", vipcare.ChannelBranch, vipcare.ChannelVisit, vipcare.ChannelPhone,
	vipcare.ChannelVideo, vipcare.ChannelSecureMessage, vipcare.ChannelWeChat, vipcare.ChannelSMS,
	vipcare.ChannelEmail, vipcare.ChannelMail}

// channels returns k distinct channels of the numbers 1 to last, in
// ascending order of their numbers.
func (g *gen) channels(last, k int) []vipcare.Channel {
	var pool [9]int
	for j := range last {
		pool[j] = j + 1
	}
	for j := 0; j < k; j++ { // partial Fisher-Yates
		s := j + g.r.IntN(last-j)
		pool[j], pool[s] = pool[s], pool[j]
	}
	nums := pool[:k]
	for j := 1; j < k; j++ { // insertion sort
		for s := j; s > 0 && nums[s] < nums[s-1]; s-- {
			nums[s], nums[s-1] = nums[s-1], nums[s]
		}
	}
	out := make([]vipcare.Channel, k)
	for j, n := range nums {
		out[j] = channelAt[n]
	}
	return out
}

// sortEvents sorts events by date, keeping the order of equal dates.
func sortEvents(e []vipcare.Event) {
	for j := 1; j < len(e); j++ {
		for s := j; s > 0 && e[s].Date.Before(e[s-1].Date); s-- {
			e[s], e[s-1] = e[s-1], e[s]
		}
	}
}
