package vipcare

// AssetClass names a class of assets, such as [Deposits] or [RealEstate].
// The built-in classes are constants; a bank adds its own in its [Env]. A
// name is 1 to 32 characters of lower-case ASCII letters, digits and
// underscores, starting with a letter, so that it can appear in rule field
// names such as "share.real_estate". The zero AssetClass is unset.
type AssetClass string

// The built-in asset classes.
const (
	Deposits       AssetClass = "deposits"        // deposits and cash
	FixedIncome    AssetClass = "fixed_income"    // bonds and other fixed income
	WealthProducts AssetClass = "wealth_products" // bank wealth-management products
	Funds          AssetClass = "funds"           // mutual and private funds
	Equities       AssetClass = "equities"        // listed shares
	Insurance      AssetClass = "insurance"       // insurance with a cash value
	RealEstate     AssetClass = "real_estate"     // property
	BusinessEquity AssetClass = "business_equity" // stakes in private businesses
	OtherAssets    AssetClass = "other"           // anything else
)

// builtinClasses returns the built-in asset classes in a stable order.
func builtinClasses() []AssetClass {
	return []AssetClass{Deposits, FixedIncome, WealthProducts, Funds, Equities, Insurance,
		RealEstate, BusinessEquity, OtherAssets}
}

// nBuiltin is the number of built-in asset classes.
const nBuiltin = 9

// builtinSlot returns the index of c among the built-in classes, in the
// order of builtinClasses, or -1 for another class: a switch the compiler
// turns into a few comparisons, with no scan of the name.
func builtinSlot(c AssetClass) int {
	switch c {
	case Deposits:
		return 0
	case FixedIncome:
		return 1
	case WealthProducts:
		return 2
	case Funds:
		return 3
	case Equities:
		return 4
	case Insurance:
		return 5
	case RealEstate:
		return 6
	case BusinessEquity:
		return 7
	case OtherAssets:
		return 8
	}
	return -1
}

// maxClasses is the largest number of distinct asset classes one profile
// may hold: 24. It bounds the per-class totals in [Figures] so that
// computing them needs no allocation.
const maxClasses = 24

// IsValid reports whether c is a well-formed asset class name.
func (c AssetClass) IsValid() bool { return isName(string(c)) }

// isName reports whether s is 1 to 32 bytes of lower-case ASCII letters,
// digits and underscores, starting with a letter: the form of asset class,
// need and code names.
func isName(s string) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// RiskLevel is a client's assessed risk tolerance, C1 (most conservative) to
// C5 (most aggressive), as Chinese suitability rules grade it. The zero
// RiskLevel, "", means not assessed, which is never taken for a real level.
type RiskLevel string

// Risk levels.
const (
	C1 RiskLevel = "C1"
	C2 RiskLevel = "C2"
	C3 RiskLevel = "C3"
	C4 RiskLevel = "C4"
	C5 RiskLevel = "C5"
)

// riskNames are the risk levels in order, with "unassessed" first, as the
// risk_level field of the schema orders them.
var riskNames = [...]string{"unassessed", "C1", "C2", "C3", "C4", "C5"}

// IsAssessed reports whether r is one of C1 to C5.
func (r RiskLevel) IsAssessed() bool { return len(r) == 2 && r[0] == 'C' && r[1] >= '1' && r[1] <= '5' }

// name returns r's name in the schema: "unassessed" for the zero level.
func (r RiskLevel) name() string {
	if r == "" {
		return riskNames[0]
	}
	return string(r)
}
