package vipcare

import "strconv"

// AssetClass names a class of assets, such as [Deposits] or [RealEstate].
// The built-in classes are constants; a bank adds its own simply by using a
// new name. A name is 1 to 32 characters of lower-case ASCII letters, digits
// and underscores, starting with a letter, so that it can appear in rule
// field names such as "share.real_estate". The zero AssetClass is unset.
type AssetClass string

// The built-in asset classes.
const (
	Deposits        AssetClass = "deposits"        // deposits and cash
	FixedIncome     AssetClass = "fixed_income"    // bonds and other fixed income
	WealthProducts  AssetClass = "wealth_products" // bank wealth-management products
	Funds           AssetClass = "funds"           // mutual and private funds
	Equities        AssetClass = "equities"        // listed shares
	Insurance       AssetClass = "insurance"       // insurance with a cash value
	RealEstate      AssetClass = "real_estate"     // property
	BusinessEquity  AssetClass = "business_equity" // stakes in private businesses
	OtherAssets     AssetClass = "other"           // anything else
	maxClassNameLen            = 32
)

// MaxClasses is the largest number of distinct asset classes one profile may
// hold. It bounds the per-class totals in [Figures] so that computing them
// needs no allocation.
const MaxClasses = 24

// BuiltinClasses returns the built-in asset classes in a stable order. The
// result is a new slice each call.
func BuiltinClasses() []AssetClass {
	return []AssetClass{Deposits, FixedIncome, WealthProducts, Funds, Equities, Insurance,
		RealEstate, BusinessEquity, OtherAssets}
}

// IsValid reports whether c is a well-formed asset class name.
func (c AssetClass) IsValid() bool {
	if len(c) == 0 || len(c) > maxClassNameLen || c[0] < 'a' || c[0] > 'z' {
		return false
	}
	for i := 1; i < len(c); i++ {
		b := c[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// RiskLevel is a client's assessed risk tolerance, C1 (most conservative) to
// C5 (most aggressive), as Chinese suitability rules grade it. The zero
// RiskLevel means not assessed, which is never taken for a real level.
type RiskLevel uint8

// Risk levels.
const (
	C1 RiskLevel = iota + 1
	C2
	C3
	C4
	C5
)

// String returns "C1" to "C5", or "unassessed" for the zero value.
func (r RiskLevel) String() string {
	switch {
	case r == 0:
		return "unassessed"
	case r <= C5:
		return riskNames[r]
	}
	return "RiskLevel(" + strconv.Itoa(int(r)) + ")"
}

var riskNames = [...]string{"unassessed", "C1", "C2", "C3", "C4", "C5"}

// IsAssessed reports whether r is one of C1 to C5.
func (r RiskLevel) IsAssessed() bool { return r >= C1 && r <= C5 }
