package strictjson

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ws skips white space.
func (d *decoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// startsValue reports whether a JSON value may start with c.
func startsValue(c byte) bool {
	switch c {
	case '{', '[', '"', 't', 'f', 'n':
		return true
	}
	return isNumberStart(c)
}

func isNumberStart(c byte) bool { return c == '-' || c >= '0' && c <= '9' }

// literal reads word (true, false or null) at d.pos and reports whether it
// was there.
func (d *decoder) literal(word string) bool {
	for i := 0; i < len(word); i++ {
		if d.pos >= len(d.data) || d.data[d.pos] != word[i] {
			d.syntax("want true, false or null")
			return false
		}
		d.pos++
	}
	return true
}

// number reads the JSON number at d.pos.
func (d *decoder) number() ([]byte, bool) {
	start := d.pos
	end := numberEnd(d.data, start)
	if end < 0 {
		d.pos = -end - 1
		if d.pos == start {
			d.syntax("want a value")
		} else {
			d.syntax("want a digit in a number")
		}
		return nil, false
	}
	d.pos = end
	return d.data[start:end], true
}

// numberEnd returns the end of the JSON number at b[i:], or -1-j when
// b[j] is where it goes wrong.
func numberEnd(b []byte, i int) int {
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return -1 - i
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return -1 - i
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return -1 - i
		}
	}
	return i
}

// validNumber reports whether s is exactly one JSON number.
func validNumber(s []byte) bool { return len(s) > 0 && numberEnd(s, 0) == len(s) }

// str reads the JSON string at d.pos and returns its text, unescaped. The
// text is the input itself when there was nothing to unescape, else
// scratch space that the next call reuses. A lone surrogate escape becomes
// U+FFFD, as encoding/json has it; bytes that are not UTF-8 are a syntax
// error.
func (d *decoder) str() ([]byte, bool) {
	d.pos++ // "
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			d.pos++
			return d.data[start : d.pos-1], true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		d.pos++
	}
	b := append(d.buf[:0], d.data[start:d.pos]...)
	for {
		if d.pos >= len(d.data) {
			d.syntax("unexpected end of input in a string")
			return nil, false
		}
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			d.buf = b
			return b, true
		case c < 0x20:
			d.syntax("control character in a string")
			return nil, false
		case c < utf8.RuneSelf && c != '\\':
			b = append(b, c)
			d.pos++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				d.syntax("invalid UTF-8 in a string")
				return nil, false
			}
			b = append(b, d.data[d.pos:d.pos+size]...)
			d.pos += size
		default: // a backslash
			if d.pos+1 >= len(d.data) {
				d.pos++
				d.syntax("unexpected end of input in a string")
				return nil, false
			}
			e := d.data[d.pos+1]
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(d.data, d.pos+2)
				if r < 0 {
					d.syntax("invalid \\u escape in a string")
					return nil, false
				}
				d.pos += 6
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
						r2 = hex4(d.data, d.pos+2)
					}
					if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
						r = pair
						d.pos += 6
					} else {
						r = unicode.ReplacementChar
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				d.syntax("invalid escape in a string")
				return nil, false
			}
			d.pos += 2
		}
	}
}

// hex4 returns the four hex digits at b[i:] as a rune, or -1.
func hex4(b []byte, i int) rune {
	if len(b)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
