package needs

import (
	"math/bits"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// maxProducts is the most products on an advisor's shelf, so that a
// client's suitability over the whole shelf is a fixed-size value.
const maxProducts = 256

// set is a set of an advisor's products, by index on its shelf.
type set [maxProducts / 64]uint64

func (s *set) add(j int)        { s[j>>6] |= 1 << (j & 63) }
func (s *set) has(j int) bool   { return s[j>>6]&(1<<(j&63)) != 0 }
func (s *set) isEmpty() bool    { return s[0]|s[1]|s[2]|s[3] == 0 }
func (s *set) and(t *set) set   { return set{s[0] & t[0], s[1] & t[1], s[2] & t[2], s[3] & t[3]} }
func (s *set) minus(t *set) set { return set{s[0] &^ t[0], s[1] &^ t[1], s[2] &^ t[2], s[3] &^ t[3]} }
func (s *set) or(t *set) set    { return set{s[0] | t[0], s[1] | t[1], s[2] | t[2], s[3] | t[3]} }

func (s *set) len() int {
	return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) + bits.OnesCount64(s[2]) + bits.OnesCount64(s[3])
}

// screen is an advisor's suitability pack compiled against its shelf: each
// built-in check becomes integer requirements per product, so that
// checking the shelf for a client is a few comparisons and bit masks, with
// no refusal text. The bank's Go checks still run one product at a time,
// and only on the products the built-in checks pass.
type screen struct {
	all set // every product on the shelf
	// risk matching: upTo[g] holds the products rated R1 to Rg
	risk      *riskMatch // nil: no such check
	upTo      [6]set
	protected set
	// qualified investors
	qualified     *qualified // nil: no such check
	qualifiedOnly set
	investable    measure // the minimum ticket's measure; nil: no such check
	concentration uint64  // the largest share, in 10^-18; 0: no such check
	require       []screenRule
	custom        []Check // the bank's Go checks
	// own holds the products that need a look of their own: a minimum
	// ticket to check, or the bank's Go checks to run.
	own     set
	tickets []ticket // by product
}

// screenRule is a requirement: the products it applies to must satisfy its
// condition.
type screenRule struct {
	rule *policy.Rule[vipcare.Figures]
	from set // the products rated from its level up
}

// ticket is a product's minimum ticket as an exact amount.
type ticket struct {
	amount       vipcare.Amount // in currency; 0 for no minimum
	currency     vipcare.Currency
	class        vipcare.AssetClass
	concentrates bool   // the concentration check applies to the product
	text         string // as refusals show it, "" for no minimum
}

// compileScreen compiles pack against products, which compileProducts has
// checked: at most maxProducts, each with a rating and an exact ticket.
func compileScreen(products []Product, pack *Pack) screen {
	var s screen
	for _, ch := range pack.checks {
		switch c := ch.(type) {
		case riskMatch:
			s.risk = &c
		case qualified:
			s.qualified = &c
		case minimumTicket:
			s.investable = c.investable
		case concentration:
			s.concentration = c.max
		case requirement:
			r := screenRule{rule: c.rule}
			for j := range products {
				if products[j].Risk.grade() >= c.from {
					r.from.add(j)
				}
			}
			s.require = append(s.require, r)
		default:
			s.custom = append(s.custom, ch)
		}
	}
	s.tickets = make([]ticket, len(products))
	for j := range products {
		p := &products[j]
		s.all.add(j)
		if g := p.Risk.grade(); g > 0 {
			for ; g <= 5; g++ {
				s.upTo[g].add(j)
			}
		}
		if p.Protected {
			s.protected.add(j)
		}
		if p.QualifiedOnly {
			s.qualifiedOnly.add(j)
		}
		a, _ := vipcare.ToAmount(p.MinTicket.Amount) // exact: compileProducts checked it
		t := ticket{amount: a, currency: p.MinTicket.Currency, class: p.Class,
			concentrates: s.concentration > 0 && a > 0 && !p.Protected}
		if a > 0 {
			t.text = ticketOf(p.MinTicket)
		}
		s.tickets[j] = t
		if a > 0 && (s.investable != nil || t.concentrates) || len(s.custom) > 0 {
			s.own.add(j)
		}
	}
	return s
}

// shelfWide returns the products that pass the checks decided for the
// whole shelf at once: risk matching, qualified investors and the
// requirements.
func (s *screen) shelfWide(f *vipcare.Figures) set {
	ok := s.all
	p := f.Profile
	if s.risk != nil {
		// Nothing without a valid assessment unless the pack allows R1
		// principal-protected products, which are all the lowest risk
		// group may buy.
		switch code, _ := s.risk.assessment(f); {
		case code == "" && !p.LowestRiskGroup:
			ok = s.upTo[gradeOf(p.Risk)]
		case code == "" || s.risk.protectedR1:
			ok = s.upTo[1].and(&s.protected)
		default:
			ok = set{}
		}
	}
	if s.qualified != nil && !s.qualified.passes(f) {
		ok = ok.minus(&s.qualifiedOnly)
	}
	for i := range s.require {
		if !s.require[i].rule.Eval(f) {
			ok = ok.minus(&s.require[i].from)
		}
	}
	return ok
}

// assessment returns the code of the client's risk assessment when it is
// missing or expired and that alone refuses every product of want, or "".
func (v *verdicts) assessment(want *set) vipcare.Code {
	r := v.s.risk
	if r == nil || want.isEmpty() {
		return ""
	}
	code, _ := r.assessment(v.f)
	if code != "" && r.protectedR1 {
		allowed := v.s.upTo[1].and(&v.s.protected)
		if some := want.and(&allowed); !some.isEmpty() {
			return ""
		}
	}
	return code
}

// verdicts is one client's suitability over an advisor's shelf, each
// product assessed at most once, when a play first needs it.
type verdicts struct {
	s        *screen
	shelf    []Product
	f        *vipcare.Figures
	started  bool
	wide     set  // the products that pass the shelf-wide checks, once started
	done, ok set  // the products assessed, and those found suitable
	measured int8 // what the client can invest: 0 not yet measured, 1 measured, -1 failed
	inv      vipcare.Amount
	noRate   vipcare.Currency // a currency of tickets the figures have no rate for
}

// suitable returns the products of want that are suitable for the client.
func (v *verdicts) suitable(want *set) set {
	if todo := want.minus(&v.done); !todo.isEmpty() {
		if !v.started {
			v.wide, v.started = v.s.shelfWide(v.f), true
		}
		pass := todo.and(&v.wide)
		own := pass.and(&v.s.own)
		pass = pass.minus(&own)
		for w := range own {
			for x := own[w]; x != 0; x &= x - 1 {
				if j := w<<6 | bits.TrailingZeros64(x); v.passesOwn(j) {
					pass.add(j)
				}
			}
		}
		v.ok, v.done = v.ok.or(&pass), v.done.or(&todo)
	}
	return want.and(&v.ok)
}

// passesOwn reports whether product j, which passes the shelf-wide checks,
// passes the checks of its own: its minimum ticket within what the client
// can invest and within the concentration limit, and the bank's Go checks.
func (v *verdicts) passesOwn(j int) bool {
	s, f := v.s, v.f
	if t := &s.tickets[j]; t.amount > 0 && (s.investable != nil || t.concentrates) {
		amount := t.amount
		if t.currency != f.Currency {
			if t.currency == v.noRate {
				return false
			}
			a, err := f.Convert(v.shelf[j].MinTicket)
			if err != nil { // refused with CodeNoRate
				if ps, ok := err.(policy.Problems); ok && len(ps) == 1 && ps[0].Err == vipcare.ErrNoRate {
					v.noRate = t.currency // as errors.Is, which would allocate
				}
				return false
			}
			amount = a
		}
		if s.investable != nil {
			if v.measured == 0 {
				inv, err := s.investable.Measure(f)
				v.inv, v.measured = inv, 1
				if err != nil {
					v.measured = -1
				}
			}
			if v.measured < 0 || v.inv < amount {
				return false
			}
		}
		if t.concentrates && concentrated(s.concentration, f.Class(t.class), f.Wealth, amount) {
			return false
		}
	}
	if len(s.custom) > 0 {
		c := Case{Figures: f, Product: &v.shelf[j]}
		for _, ch := range s.custom {
			if _, refused := ch.Check(c); refused {
				return false
			}
		}
	}
	return true
}
