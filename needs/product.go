package needs

import (
	"errors"
	"strconv"

	"github.com/vipcare/vipcare"
)

// RiskRating is a product's risk rating, R1 (lowest) to R5 (highest), as
// Chinese suitability rules grade products. The zero RiskRating is unrated,
// which no shelf accepts.
type RiskRating uint8

// Product risk ratings.
const (
	R1 RiskRating = iota + 1
	R2
	R3
	R4
	R5
)

// String returns "R1" to "R5", or "unrated".
func (r RiskRating) String() string {
	if r >= R1 && r <= R5 {
		return "R" + strconv.Itoa(int(r))
	}
	return "unrated"
}

// Product is one product on the bank's shelf.
type Product struct {
	// Code identifies the product; it is required and unique on a shelf.
	Code string `json:"code"`
	// Name is the product's name for people.
	Name string `json:"name,omitempty"`
	// Category groups products for plays, e.g. "deposit", "bond_fund",
	// "global_fund", "family_trust", "tax_advice".
	Category string `json:"category"`
	// Class is the asset class a purchase lands in, for the concentration
	// check.
	Class vipcare.AssetClass `json:"class"`
	// Risk is the product's risk rating.
	Risk RiskRating `json:"risk"`
	// MinTicket is the smallest purchase, in the product's currency; the
	// zero Money means none (then the currency is the reporting one).
	MinTicket vipcare.Money `json:"min_ticket"`
	// Global reports whether the product invests outside the home market.
	Global bool `json:"global,omitempty"`
	// Protected reports whether the principal is protected (deposits,
	// guaranteed products): the only products the lowest risk-tolerance
	// group may buy.
	Protected bool `json:"protected,omitempty"`
	// QualifiedOnly reports whether only qualified investors (合格投资者)
	// may buy the product.
	QualifiedOnly bool `json:"qualified_only,omitempty"`
	// Needs are the needs the product addresses.
	Needs []Need `json:"needs,omitempty"`
	// Quota is the product's weight in the bank's sales quota. Only the
	// opt-in product-driven strategy reads it; needs-driven ranking never
	// does.
	Quota int `json:"quota,omitempty"`
}

// Currency returns the currency of the product's minimum ticket.
func (p *Product) Currency() vipcare.Currency { return p.MinTicket.Currency }

// Shelf is a validated, immutable set of products. It is safe for
// concurrent use.
type Shelf struct {
	products []Product
}

// NewShelf validates products and returns a shelf of copies. It reports
// every problem at once as [*Error] values: no products ([ErrEmpty]), a
// missing or repeated code or a missing category ([ErrName]), a malformed
// asset class or need ([ErrNeed] for needs, [ErrName] for classes), a risk
// rating outside R1 to R5 ([ErrRisk]), a negative or malformed minimum
// ticket or a negative quota ([ErrAmount]).
func NewShelf(products ...Product) (*Shelf, error) {
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	if len(products) == 0 {
		fail("products", "", ErrEmpty)
	}
	s := &Shelf{products: make([]Product, len(products))}
	codes := map[string]bool{}
	for i, p := range products {
		path := "products[" + strconv.Itoa(i) + "]"
		if p.Code == "" || codes[p.Code] {
			fail(path+".code", p.Code, ErrName)
		}
		codes[p.Code] = true
		if p.Category == "" {
			fail(path+".category", p.Code, ErrName)
		}
		if !p.Class.IsValid() {
			fail(path+".class", p.Code, ErrName)
		}
		if p.Risk < R1 || p.Risk > R5 {
			fail(path+".risk", p.Code, ErrRisk)
		}
		if a, err := vipcare.ToAmount(p.MinTicket.Amount); err != nil || a < 0 ||
			(a != 0 || p.MinTicket.Currency != "") && !p.MinTicket.Currency.IsValid() {
			fail(path+".min_ticket", p.Code, ErrAmount)
		}
		if p.Quota < 0 {
			fail(path+".quota", p.Code, ErrAmount)
		}
		for _, n := range p.Needs {
			if !n.IsValid() {
				fail(path+".needs", p.Code, ErrNeed)
			}
		}
		s.products[i] = p
		s.products[i].Needs = append([]Need(nil), p.Needs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// MustShelf is like [NewShelf] but panics on error.
func MustShelf(products ...Product) *Shelf {
	s, err := NewShelf(products...)
	if err != nil {
		panic(err)
	}
	return s
}

// Len returns the number of products.
func (s *Shelf) Len() int { return len(s.products) }

// Product returns product i (0 <= i < Len) by pointer into the shelf, which
// the caller must not change.
func (s *Shelf) Product(i int) *Product { return &s.products[i] }

// Find returns the product with the given code and whether there is one.
func (s *Shelf) Find(code string) (*Product, bool) {
	for i := range s.products {
		if s.products[i].Code == code {
			return &s.products[i], true
		}
	}
	return nil, false
}

// Products returns copies of the shelf's products, in order.
func (s *Shelf) Products() []Product {
	out := make([]Product, len(s.products))
	copy(out, s.products)
	for i := range out {
		out[i].Needs = append([]Need(nil), out[i].Needs...)
	}
	return out
}

// HasCategory reports whether the shelf has a product in category c.
func (s *Shelf) HasCategory(c string) bool {
	for i := range s.products {
		if s.products[i].Category == c {
			return true
		}
	}
	return false
}
