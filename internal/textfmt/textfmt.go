// Package textfmt renders the plain-text tables of vipcare's reports: book
// distributions and migrations, RM loads, rosters and contact plans. It is
// the one table renderer of the module, and it measures text by its display
// width, so that tier and segment names in Chinese (普通, 金卡, 私行) line up
// as well as English ones. It is not API.
package textfmt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table renders rows as a table: columns two spaces apart, each cell padded
// to its column's display width, left-aligned in the columns left reports
// true for and right-aligned in the others. Every line ends with a newline
// and carries no trailing spaces. Rows may have different lengths.
func Table(rows [][]string, left func(col int) bool) string {
	var widths []int
	for _, r := range rows {
		for c, cell := range r {
			if c == len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], Width(cell))
		}
	}
	var b strings.Builder
	line := make([]byte, 0, 128)
	for _, r := range rows {
		line = line[:0]
		for c, cell := range r {
			if c > 0 {
				line = append(line, ' ', ' ')
			}
			pad := widths[c] - Width(cell)
			if left(c) {
				line = append(line, cell...)
				line = appendSpaces(line, pad)
			} else {
				line = appendSpaces(line, pad)
				line = append(line, cell...)
			}
		}
		b.WriteString(strings.TrimRight(string(line), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// FirstLeft is the alignment of most tables: the first column (a name)
// left-aligned, the numbers right-aligned.
func FirstLeft(col int) bool { return col == 0 }

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// Width returns the display width of s in a terminal: East Asian wide and
// fullwidth characters (Chinese, Japanese and Korean ideographs and syllables,
// fullwidth forms) take two columns, others one.
func Width(s string) int {
	w := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// isWide reports whether r is East Asian Wide or Fullwidth (Unicode
// Standard Annex #11), by the blocks that hold such characters.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo initials
		r >= 0x2E80 && r <= 0x303E,   // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33FF,   // kana, CJK symbols
		r >= 0x3400 && r <= 0x4DBF,   // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF,   // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF,   // Yi
		r >= 0xAC00 && r <= 0xD7A3,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60,   // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,   // fullwidth signs
		r >= 0x1F300 && r <= 0x1F64F, // pictographs, emoticons
		r >= 0x1F900 && r <= 0x1F9FF, // supplemental pictographs
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// Strings returns the names of a list of string-based values, such as an
// enum's, for the choices of a problem.
func Strings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Count returns n and the noun for n of a thing: "1 day", "3 days".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// AppendCount appends to b what [Count] returns.
func AppendCount(b []byte, n int, one, many string) []byte {
	if n == 1 {
		return append(append(b, "1 "...), one...)
	}
	return append(append(strconv.AppendInt(b, int64(n), 10), ' '), many...)
}

// Pointer escapes s as one segment of a JSON pointer (RFC 6901): "~" as
// "~0", "/" as "~1".
func Pointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
