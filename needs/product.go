package needs

import (
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// RiskRating is a product's risk rating, R1 (lowest) to R5 (highest), as
// Chinese suitability rules grade products. The zero RiskRating, "", is
// unrated, which no spec accepts.
type RiskRating string

// Product risk ratings.
const (
	R1 RiskRating = "R1"
	R2 RiskRating = "R2"
	R3 RiskRating = "R3"
	R4 RiskRating = "R4"
	R5 RiskRating = "R5"
)

var ratings = []string{string(R1), string(R2), string(R3), string(R4), string(R5)}

// gradeOf returns 1 to 5 for R1 to R5, 0 for anything else.
func (r RiskRating) grade() int {
	if i := slices.Index(ratings, string(r)); i >= 0 {
		return i + 1
	}
	return 0
}

// grade returns 1 to 5 for C1 to C5, 0 for an unassessed level.
func gradeOf(r vipcare.RiskLevel) int {
	if !r.IsAssessed() {
		return 0
	}
	return int(r[1] - '0')
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
	// check: one of the environment's classes (vipcare.NewEnv).
	Class vipcare.AssetClass `json:"class"`
	// Risk is the product's risk rating.
	Risk RiskRating `json:"risk"`
	// MinTicket is the smallest purchase, in the product's currency; the
	// zero Money means none.
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
	// Needs are the needs the product addresses: needs of the catalogue
	// or of the spec's scorecards, each once.
	Needs []Need `json:"needs,omitempty"`
	// Quota is the product's weight in the bank's sales quota. Only
	// product-driven ranking reads it; needs-driven ranking never does.
	Quota int `json:"quota,omitempty"`
}

// UnmarshalJSON decodes p strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. p is set only when there is none.
func (p *Product) UnmarshalJSON(b []byte) error {
	type plain Product
	return policy.Unmarshal(b, (*plain)(p))
}

// compileProducts checks products and returns copies, reporting at
// "/products/i/...": a code missing or repeated, a category missing
// (policy.ErrMissing, policy.ErrDuplicate), an asset class that is
// malformed (policy.ErrMalformed) or not one of classes, the environment's
// (policy.ErrUnknown, with classes as choices), a risk rating other than R1 to R5
// (policy.ErrUnknown), a minimum ticket that is negative, beyond an
// amount's bounds or in a malformed currency, or a negative quota
// (policy.ErrOutOfRange, policy.ErrMalformed), and at ".../needs/j" a
// need that is malformed, not one of known (policy.ErrUnknown, with known
// as choices) or repeated (policy.ErrDuplicate).
func compileProducts(products []Product, known, classes []string, ps *policy.Problems) []Product {
	out := make([]Product, len(products))
	codes := map[string]bool{}
	for i, p := range products {
		path := "/products/" + strconv.Itoa(i)
		fail := func(field string, err error, choices ...string) {
			*ps = append(*ps, policy.Problem{Path: path + field, Name: p.Code, Err: err, Choices: slices.Clone(choices)})
		}
		switch {
		case p.Code == "":
			fail("/code", policy.ErrMissing)
		case codes[p.Code]:
			fail("/code", policy.ErrDuplicate)
		}
		codes[p.Code] = true
		if p.Category == "" {
			fail("/category", policy.ErrMissing)
		}
		switch {
		case p.Class == "":
			fail("/class", policy.ErrMissing)
		case !p.Class.IsValid():
			fail("/class", policy.ErrMalformed)
		case !slices.Contains(classes, string(p.Class)): // a typo would pass every concentration check
			fail("/class", policy.ErrUnknown, classes...)
		}
		if p.Risk.grade() == 0 {
			fail("/risk", policy.ErrUnknown, ratings...)
		}
		a, err := vipcare.ToAmount(p.MinTicket.Amount)
		switch {
		case err != nil || a < 0:
			fail("/min_ticket/amount", policy.ErrOutOfRange)
		case (a != 0 || p.MinTicket.Currency != "") && !p.MinTicket.Currency.IsValid():
			fail("/min_ticket/currency", policy.ErrMalformed)
		}
		if p.Quota < 0 {
			fail("/quota", policy.ErrOutOfRange)
		}
		checkNeeds(p.Needs, known, path+"/needs", p.Code, ps)
		out[i] = p
		out[i].Needs = slices.Clone(p.Needs)
	}
	return out
}

// classesOf returns the asset classes of env, as text.
func classesOf(env *vipcare.Env) []string { return textfmt.Strings(env.Classes()) }
