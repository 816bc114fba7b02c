package needs

import (
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Need names a client need. The six needs of affluent clients are
// constants; a bank adds its own by detecting it with a scorecard, and
// then names it in plays and products like the six. A name is 1 to 32
// bytes of lower-case ASCII letters, digits and underscores, starting with
// a letter, like an asset class. The zero Need is unset.
type Need string

// The six needs of affluent clients.
const (
	// Integrated: integrated, customised wealth management joined up with
	// the bank's corporate banking (entrepreneurs mix personal and business
	// money).
	Integrated Need = "integrated"
	// Recognition: recognition of their status as high-value clients, with
	// service that matches it.
	Recognition Need = "recognition"
	// Preservation: preservation and safety of wealth, with growth as well.
	Preservation Need = "preservation"
	// Advice: comprehensive professional advice on investment, legal,
	// financial and tax matters.
	Advice Need = "advice"
	// Diversification: diversified, higher-return products, global
	// investment included.
	Diversification Need = "diversification"
	// RiskManagement: professional risk-management advice.
	RiskManagement Need = "risk_management"
)

// Catalogue returns the six built-in needs with a title and a description,
// in the order banks list them. The result is a new slice each call.
func Catalogue() []Info {
	return []Info{
		{Integrated, "Integrated wealth management",
			"Personal and corporate banking joined up: one view of the family's and the business's money."},
		{Recognition, "Recognition of status",
			"Service that matches a high-value client: priority, a dedicated relationship, exclusive events."},
		{Preservation, "Preservation with growth",
			"Safety of wealth first, with growth as well."},
		{Advice, "Comprehensive advice",
			"Professional advice on investment, legal, financial and tax arrangements."},
		{Diversification, "Diversified, higher-return products",
			"Products beyond deposits and domestic holdings, global investment included."},
		{RiskManagement, "Risk-management advice",
			"Professional advice on concentration, leverage and protection."},
	}
}

// Info describes a need for people.
type Info struct {
	Need        Need   `json:"need"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// IsValid reports whether n is a well-formed need name.
func (n Need) IsValid() bool { return vipcare.AssetClass(n).IsValid() }

// knownNeeds returns the needs a spec knows, which its plays and products
// may name: the six of the [Catalogue], then the well-formed needs of its
// scorecards that the catalogue lacks, in scorecard order. Both, because
// a play or product may name a need of the catalogue that the spec does
// not detect (a shared shelf names all six; a default play is offered
// undetected), while a bank's own need exists only by its scorecard; a
// name that is neither is a typo, whose play would never be offered.
func knownNeeds(cards []Scorecard) []string {
	var out []string
	for _, info := range Catalogue() {
		out = append(out, string(info.Need))
	}
	for _, c := range cards {
		if c.Need.IsValid() && !slices.Contains(out, string(c.Need)) {
			out = append(out, string(c.Need))
		}
	}
	return out
}

// checkNeeds reports, at path/j and named name, or by the need itself when
// name is "", each need of list that is malformed (policy.ErrMalformed), that
// the spec does not know (policy.ErrUnknown, with known as choices) or that
// the list repeats (policy.ErrDuplicate).
func checkNeeds(list []Need, known []string, path, name string, ps *policy.Problems) {
	for j, n := range list {
		p := policy.Problem{Path: path + "/" + strconv.Itoa(j), Name: name}
		if name == "" {
			p.Name = string(n)
		}
		switch {
		case !n.IsValid():
			p.Err = policy.ErrMalformed
		case !slices.Contains(known, string(n)):
			p.Err, p.Choices = policy.ErrUnknown, slices.Clone(known)
		case slices.Contains(list[:j], n):
			p.Err = policy.ErrDuplicate
		default:
			continue
		}
		*ps = append(*ps, p)
	}
}
