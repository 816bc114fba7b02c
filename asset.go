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
// order of builtinClasses, or -1 for another class. Holdings come in any
// order of classes, so it avoids branching on which class c is: a perfect
// hash of the first byte and the length picks one 16-byte row of
// classByHash, and c is compared with the row's name as integers. Every
// load after the hash is independent of the others, so the lookup is two
// loads deep. It is the hottest line of computing figures: a switch on
// the name cost a third more per profile of 8 holdings, a lookup that
// went from the hash to a slot and then to its name half as much again.
func builtinSlot(c AssetClass) int {
	n := string(c)
	if len(n) < 5 || len(n) > 15 {
		return -1
	}
	h := (int(n[0]) + len(n)*7) & 15
	row := classByHash[h*16 : h*16+16]
	// Four 4-byte loads at 0, d, e-d and e (e = len-4, d = e/3 rounded
	// up) cover any name of 5 to 16 bytes with no gap: the names compare
	// with no branch on which class it is.
	e := len(n) - 4
	d := (e + 2) / 3
	x := (load4(n, 0) ^ load4(row, 0)) | (load4(n, d) ^ load4(row, d)) | (load4(n, e-d) ^ load4(row, e-d)) | (load4(n, e) ^ load4(row, e))
	if x != 0 || int(row[15]) != len(n) {
		return -1
	}
	return int(slotOfHash[h])
}

// load4 returns bytes i to i+4 of s as a little-endian integer, which the
// compiler makes one load.
func load4(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// classByHash holds the built-in class names by their hash, (first byte +
// 7 x length) mod 16: row h is 16 bytes, the name padded with zeros and
// its length in the last byte, all zeros where no name hashes to h.
// slotOfHash maps a hash to the class's slot in builtinClasses, 0xff for
// none. Constants, so that looking a class up reads no mutable state;
// TestClassByHash checks them against builtinClasses.
const (
	z16         = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	classByHash = "wealth_products\x0f" + // 0
		z16 + // 1
		"other\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05" + // 2
		z16 + z16 + z16 + z16 + z16 + // 3 to 7
		"insurance\x00\x00\x00\x00\x00\x00\x09" + // 8
		"funds\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05" + // 9
		"fixed_income\x00\x00\x00\x0c" + // 10
		"business_equity\x0f" + // 11
		"deposits\x00\x00\x00\x00\x00\x00\x00\x08" + // 12
		"equities\x00\x00\x00\x00\x00\x00\x00\x08" + // 13
		z16 + // 14
		"real_estate\x00\x00\x00\x00\x0b" // 15
	slotOfHash = "\x02\xff\x08\xff\xff\xff\xff\xff\x05\x03\x01\x07\x00\x04\xff\x06"
)

// maxClasses is the largest number of distinct asset classes one profile
// may hold: 24. It bounds the per-class totals in [Figures] so that
// computing them needs no allocation.
const maxClasses = 24

// This does not compile unless every class slot of a profile has a bit in
// a uint64 (Figures.held), which lets Compute shift by a slot masked to 63
// with no test.
const _ uint = 64 - (nBuiltin + maxClasses)

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
