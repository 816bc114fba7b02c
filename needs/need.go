package needs

import "github.com/vipcare/vipcare"

// Need names a client need. The six needs of affluent clients are
// constants; a bank adds its own simply by using a new name in its
// scorecards and plays. A name is 1 to 32 bytes of lower-case ASCII
// letters, digits and underscores, starting with a letter, like an asset
// class. The zero Need is unset.
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
