package sample

import (
	"math/bits"

	"github.com/vipcare/vipcare"
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
