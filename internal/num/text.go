package num

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Group inserts thousands separators into the integer text s, which may
// start with a minus sign: "-1234567" becomes "-1,234,567". It is the one
// digit grouping of the module: amounts, counts and hours all use it.
func Group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if len(s) <= 3 {
		if neg {
			return "-" + s
		}
		return s
	}
	b := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		b = append(b, '-')
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

// Percent returns part/whole as a percentage with one decimal place,
// rounded half away from zero, e.g. "25.0%" or "-12.5%"; "-" when whole is
// zero. It is the one percentage of the module: shares, coverage,
// utilisation and report columns all use it. It allocates; it is for text.
func Percent(part, whole decimal.Decimal) string {
	if whole.IsZero() {
		return "-"
	}
	tenths := part.Mul(decimal.New(1000, 0)).DivRound(whole, 0).IntPart()
	sign := ""
	if tenths < 0 {
		sign, tenths = "-", -tenths
	}
	return sign + strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + "%"
}

// PercentInt is [Percent] of two integers, for counts and millionths.
func PercentInt(part, whole int64) string {
	return Percent(decimal.New(part, 0), decimal.New(whole, 0))
}
