package strictjson

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"

	"github.com/vipcare/vipcare/internal/num"
)

// decoder is the state of one Decode.
type decoder struct {
	data  []byte
	pos   int
	fatal bool // a syntax error or nesting too deep: the rest cannot be read
	probs []Problem
	plans map[reflect.Type]*plan

	arena []byte // the keys of the open objects, unescaped
	keys  []span // each key of the open objects, in arena
	path  []seg  // where the decoder is
	buf   []byte // scratch for unescaped strings

	lines   []int // offsets of the line feeds, worked out at the first problem
	counted bool
	spare   Problem // what report returns past MaxProblems
}

// span is arena[a:b].
type span struct{ a, b int }

// seg is one step of a path: the key arena[a:b], or the array index
// index when index >= 0.
type seg struct{ a, b, index int }

// value decodes the value at d.pos into rv, which is addressable and zero,
// depth containers deep. quoted is a struct field's ",string" option.
func (d *decoder) value(rv reflect.Value, p *plan, depth int, quoted bool) {
	d.ws()
	if d.pos >= len(d.data) {
		d.syntax("unexpected end of input")
		return
	}
	start := d.pos
	c := d.data[start]
	if !startsValue(c) {
		d.syntax("want a value")
		return
	}
	if c == 'n' && p.kind != pUnmarshaler {
		if !d.literal("null") {
			return
		}
		switch p.t.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
			return // nil, as fresh
		}
		d.mismatch(start, p)
		return
	}
	if quoted {
		switch p.kind {
		case pString, pNumber, pBool, pInt, pUint, pFloat:
			d.quoted(rv, p, depth)
			return
		}
	}
	switch p.kind {
	case pUnmarshaler:
		d.skip(depth)
		if d.fatal {
			return
		}
		if err := rv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(d.data[start:d.pos]); err != nil {
			d.report(Method, start, "want "+p.want, nil).Err = err
		}
	case pText:
		if c != '"' {
			d.mismatchSkip(start, p, depth)
			return
		}
		s, ok := d.str()
		if !ok {
			return
		}
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(s); err != nil {
			d.report(Method, start, "want "+p.want, nil).Err = err
		}
	case pDecimal:
		d.decimal(rv, p, depth)
	case pPointer:
		if rv.IsNil() {
			rv.Set(reflect.New(p.t.Elem()))
		}
		d.value(rv.Elem(), d.planOf(p.t.Elem()), depth, quoted)
	case pInterface:
		if v := d.generic(depth, true); v != nil && !d.fatal {
			rv.Set(reflect.ValueOf(v))
		}
	case pStruct:
		if c != '{' {
			d.mismatchSkip(start, p, depth)
			return
		}
		d.object(depth, func(key []byte, at, _ int) { d.member(rv, p, key, at, depth) })
	case pMap:
		if c != '{' {
			d.mismatchSkip(start, p, depth)
			return
		}
		if rv.IsNil() {
			rv.Set(reflect.MakeMap(p.t))
		}
		ep := d.planOf(p.t.Elem())
		elem := reflect.New(p.t.Elem()).Elem()
		d.object(depth, func(key []byte, at, end int) {
			kv, ok := d.mapKey(p, key, at, end)
			elem.SetZero()
			d.value(elem, ep, depth+1, false)
			if ok && !d.fatal {
				rv.SetMapIndex(kv, elem)
			}
		})
	case pSlice, pBytes:
		if c == '"' && p.kind == pBytes {
			s, ok := d.str()
			if !ok {
				return
			}
			b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
			n, err := base64.StdEncoding.Decode(b, s)
			if err != nil {
				d.report(Malformed, start, "want base64 in standard encoding", nil)
				return
			}
			rv.SetBytes(b[:n])
			return
		}
		if c != '[' {
			d.mismatchSkip(start, p, depth)
			return
		}
		ep := d.planOf(p.t.Elem())
		d.array(depth, func(i int) {
			if i >= rv.Cap() {
				rv.Grow(1)
			}
			rv.SetLen(i + 1)
			d.value(rv.Index(i), ep, depth+1, false)
		})
		if rv.IsNil() {
			rv.Set(reflect.MakeSlice(p.t, 0, 0))
		}
	case pArray:
		if c != '[' {
			d.mismatchSkip(start, p, depth)
			return
		}
		ep := d.planOf(p.t.Elem())
		n := rv.Len()
		d.array(depth, func(i int) {
			if i < n {
				d.value(rv.Index(i), ep, depth+1, false)
				return
			}
			d.ws()
			if i == n {
				d.report(Extra, d.pos, "more elements than the array's "+strconv.Itoa(n), nil)
			}
			d.skip(depth + 1)
		})
	case pString:
		if c != '"' {
			d.mismatchSkip(start, p, depth)
			return
		}
		if s, ok := d.str(); ok {
			rv.SetString(string(s))
		}
	case pNumber:
		switch {
		case c == '"':
			s, ok := d.str()
			if !ok {
				return
			}
			if !validNumber(s) {
				d.report(Malformed, start, "want a JSON number in the string", nil)
				return
			}
			rv.SetString(string(s))
		case isNumberStart(c):
			if tok, ok := d.number(); ok {
				rv.SetString(string(tok))
			}
		default:
			d.mismatchSkip(start, p, depth)
		}
	case pBool:
		switch c {
		case 't':
			if d.literal("true") {
				rv.SetBool(true)
			}
		case 'f':
			d.literal("false")
		default:
			d.mismatchSkip(start, p, depth)
		}
	case pInt, pUint, pFloat:
		if !isNumberStart(c) {
			d.mismatchSkip(start, p, depth)
			return
		}
		if tok, ok := d.number(); ok {
			d.setNumber(rv, p, tok, start)
		}
	default:
		d.mismatchSkip(start, p, depth)
	}
}

// member decodes the value of key, at offset at, into its field of rv, a
// struct of plan p.
func (d *decoder) member(rv reflect.Value, p *plan, key []byte, at, depth int) {
	i := p.lookup(key)
	if i < 0 {
		if j := p.fold(key); j >= 0 {
			d.report(Case, at, "", []string{p.fields[j].name})
		} else {
			d.report(Unknown, at, "", p.keys())
		}
		d.skip(depth + 1)
		return
	}
	f := &p.fields[i]
	fv := rv
	for n, x := range f.index {
		if n > 0 && fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				if !fv.CanSet() {
					d.ws()
					d.report(Type, d.pos, "the field is in an embedded pointer to an unexported struct, which cannot be set", nil)
					d.skip(depth + 1)
					return
				}
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			fv = fv.Elem()
		}
		fv = fv.Field(x)
	}
	d.value(fv, d.planOf(f.typ), depth+1, f.quoted)
}

// mapKey returns key, at offset at and ending at end in the input, as a
// key of the map of plan p.
func (d *decoder) mapKey(p *plan, key []byte, at, end int) (reflect.Value, bool) {
	kt := p.t.Key()
	kv := reflect.New(kt)
	switch p.key {
	case kString:
		kv.Elem().SetString(string(key))
	case kInt, kUint:
		if !validNumber(key) {
			d.report(Type, at, "want an integer key", nil)
			return kv, false
		}
		if !d.setNumber(kv.Elem(), d.planOf(kt), key, at) {
			return kv, false
		}
	case kText:
		if err := kv.Interface().(encoding.TextUnmarshaler).UnmarshalText(key); err != nil {
			d.report(Method, at, "want "+d.planOf(kt).want, nil).Err = err
			return kv, false
		}
	case kJSON:
		if err := kv.Interface().(json.Unmarshaler).UnmarshalJSON(d.data[at:end]); err != nil {
			d.report(Method, at, "want "+d.planOf(kt).want, nil).Err = err
			return kv, false
		}
	}
	return kv.Elem(), true
}

// quoted decodes a field with the ",string" option: its value written in
// a JSON string.
func (d *decoder) quoted(rv reflect.Value, p *plan, depth int) {
	start := d.pos
	if d.data[start] != '"' {
		d.mismatchSkip(start, p, depth)
		return
	}
	s, ok := d.str()
	if !ok {
		return
	}
	bad := func() { d.report(Malformed, start, "want "+p.want+" in a string (the field's ,string option)", nil) }
	switch p.kind {
	case pString:
		inner := decoder{data: s}
		if len(s) == 0 || s[0] != '"' {
			bad()
			return
		}
		t, ok := inner.str()
		if !ok || inner.pos != len(s) {
			bad()
			return
		}
		rv.SetString(string(t))
	case pBool:
		switch string(s) {
		case "true":
			rv.SetBool(true)
		case "false":
		default:
			bad()
		}
	default:
		if !validNumber(s) {
			bad()
			return
		}
		if p.kind == pNumber {
			rv.SetString(string(s))
			return
		}
		d.setNumber(rv, p, s, start)
	}
}

// decimal decodes a decimal.Decimal from a JSON string or number, exactly,
// as decimal's own UnmarshalJSON does, but bounded in length and exponent.
func (d *decoder) decimal(rv reflect.Value, p *plan, depth int) {
	start := d.pos
	var text []byte
	switch c := d.data[start]; {
	case c == '"':
		s, ok := d.str()
		if !ok {
			return
		}
		if bytes.IndexByte(d.data[start:d.pos], '\\') >= 0 {
			d.report(Malformed, start, "want a decimal, without escapes", nil)
			return
		}
		text = s
	case isNumberStart(c):
		tok, ok := d.number()
		if !ok {
			return
		}
		text = tok
	default:
		d.mismatchSkip(start, p, depth)
		return
	}
	v, ok := num.ParseDecimal(string(text))
	if !ok || fullLength(text) > maxDecimal {
		d.report(Malformed, start, "want a decimal of at most 64 characters, as written and written out in full", nil)
		return
	}
	rv.Set(reflect.ValueOf(v))
}

// maxDecimal is the longest a decimal may be, as written and as
// decimal.Decimal.String writes it, in full: so that what decodes encodes
// as a decimal that decodes again.
const maxDecimal = 64

// fullLength returns the length of lit, a decimal literal that
// decimal.NewFromString takes, written out in full as
// decimal.Decimal.String writes it: no exponent, no leading zeros, no
// trailing zeros after the point.
func fullLength(lit []byte) int {
	neg := false
	if lit[0] == '-' || lit[0] == '+' {
		neg, lit = lit[0] == '-', lit[1:]
	}
	mant, exp := lit, 0
	if i := bytes.IndexAny(lit, "eE"); i >= 0 {
		e, err := strconv.Atoi(string(lit[i+1:]))
		if err != nil || e > 1<<20 || e < -1<<20 {
			return math.MaxInt
		}
		mant, exp = lit[:i], e
	}
	ip, fp, _ := bytes.Cut(mant, []byte("."))
	digits := append(bytes.Clone(ip), fp...)
	exp -= len(fp)
	digits = bytes.TrimLeft(digits, "0")
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	n := len(digits)
	if n == 0 {
		return 1 // 0, whatever its sign
	}
	if neg {
		n++
	}
	switch {
	case exp >= 0:
		return n + exp
	case len(digits) > -exp:
		return n + 1 // a point
	}
	return n - len(digits) + 2 - exp // 0. and zeros before the digits
}

// setNumber sets rv, an integer or float of plan p, to tok, a valid JSON
// number at offset at, and reports whether it could.
func (d *decoder) setNumber(rv reflect.Value, p *plan, tok []byte, at int) bool {
	outOfRange := func() bool {
		d.report(Range, at, "does not fit "+rv.Kind().String(), nil)
		return false
	}
	if p.kind == pFloat {
		f, err := strconv.ParseFloat(string(tok), rv.Type().Bits())
		if err != nil || rv.OverflowFloat(f) {
			return outOfRange()
		}
		rv.SetFloat(f)
		return true
	}
	neg, u, whole, fits := integer(tok)
	if !whole {
		d.report(Type, at, "want "+p.want+", not a number with a fraction or exponent", nil)
		return false
	}
	if p.kind == pUint {
		if neg || !fits || rv.OverflowUint(u) {
			return outOfRange()
		}
		rv.SetUint(u)
		return true
	}
	if !fits || !neg && u > math.MaxInt64 || neg && u > 1<<63 {
		return outOfRange()
	}
	n := int64(u)
	if neg {
		n = -n
	}
	if rv.OverflowInt(n) {
		return outOfRange()
	}
	rv.SetInt(n)
	return true
}

// integer reads tok, a valid JSON number, as an integer: whole is false
// when it has a fraction or an exponent, fits false when its magnitude is
// 2^64 or more.
func integer(tok []byte) (neg bool, u uint64, whole, fits bool) {
	if tok[0] == '-' {
		neg, tok = true, tok[1:]
	}
	fits = true
	for _, c := range tok {
		if c < '0' || c > '9' {
			return neg, 0, false, false
		}
		x := uint64(c - '0')
		if u > (math.MaxUint64-x)/10 {
			fits = false
		}
		u = u*10 + x
	}
	return neg, u, true, fits
}

// generic reads any JSON value, depth containers deep, checking it as
// strictly as any other: duplicate keys, depth, syntax. When build is
// true it returns the value as encoding/json does for an interface{}:
// map[string]any, []any, string, float64, bool or nil.
func (d *decoder) generic(depth int, build bool) any {
	d.ws()
	if d.pos >= len(d.data) {
		d.syntax("unexpected end of input")
		return nil
	}
	start := d.pos
	switch c := d.data[start]; c {
	case '{':
		var m map[string]any
		if build {
			m = map[string]any{}
		}
		d.object(depth, func(key []byte, _, _ int) {
			v := d.generic(depth+1, build)
			if build {
				m[string(key)] = v
			}
		})
		if build {
			return m
		}
	case '[':
		var a []any
		if build {
			a = []any{}
		}
		d.array(depth, func(int) {
			v := d.generic(depth+1, build)
			if build {
				a = append(a, v)
			}
		})
		if build {
			return a
		}
	case '"':
		if s, ok := d.str(); ok && build {
			return string(s)
		}
	case 't':
		return d.literal("true") && build
	case 'f':
		d.literal("false")
		if build {
			return false
		}
	case 'n':
		d.literal("null")
	default:
		tok, ok := d.number()
		if ok && build {
			f, err := strconv.ParseFloat(string(tok), 64)
			if err != nil {
				d.report(Range, start, "does not fit float64", nil)
				return nil
			}
			return f
		}
	}
	return nil
}

// skip reads and checks a value it does not keep.
func (d *decoder) skip(depth int) { d.generic(depth, false) }

// object reads the object at d.pos, depth containers deep, checking its
// keys are unique and calling member for each other key with the key
// unescaped, its offset and the offset past it; member reads the value.
func (d *decoder) object(depth int, member func(key []byte, at, end int)) {
	if depth >= MaxDepth {
		d.deep()
		return
	}
	d.pos++ // {
	mark, amark := len(d.keys), len(d.arena)
	var set map[string]struct{} // the keys, once there are many
	d.ws()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return
	}
	for {
		d.ws()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			d.syntax("want a key in double quotes")
			return
		}
		at := d.pos
		s, ok := d.str()
		if !ok {
			return
		}
		end := d.pos
		a := len(d.arena)
		d.arena = append(d.arena, s...)
		key := d.arena[a:]
		dup := false
		if n := len(d.keys) - mark; n < 16 {
			for _, k := range d.keys[mark:] {
				if string(d.arena[k.a:k.b]) == string(key) {
					dup = true
					break
				}
			}
		} else {
			if set == nil {
				set = make(map[string]struct{}, 2*n)
				for _, k := range d.keys[mark:] {
					set[string(d.arena[k.a:k.b])] = struct{}{}
				}
			}
			if _, dup = set[string(key)]; !dup {
				set[string(key)] = struct{}{}
			}
		}
		d.keys = append(d.keys, span{a, len(d.arena)})
		d.path = append(d.path, seg{a: a, b: len(d.arena), index: -1})
		d.ws()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			d.syntax("want ':' after a key")
			return
		}
		d.pos++
		if dup {
			d.report(Duplicate, at, "", nil)
			d.skip(depth + 1)
		} else {
			member(key, at, end)
		}
		if d.fatal {
			return
		}
		d.path = d.path[:len(d.path)-1]
		d.ws()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				continue
			case '}':
				d.pos++
				d.keys, d.arena = d.keys[:mark], d.arena[:amark]
				return
			}
		}
		d.syntax("want ',' or '}' after an object's member")
		return
	}
}

// array reads the array at d.pos, depth containers deep, calling elem to
// read each element.
func (d *decoder) array(depth int, elem func(i int)) {
	if depth >= MaxDepth {
		d.deep()
		return
	}
	d.pos++ // [
	d.ws()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return
	}
	for i := 0; ; i++ {
		d.path = append(d.path, seg{index: i})
		elem(i)
		if d.fatal {
			return
		}
		d.path = d.path[:len(d.path)-1]
		d.ws()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				continue
			case ']':
				d.pos++
				return
			}
		}
		d.syntax("want ',' or ']' after an array's element")
		return
	}
}

// mismatch reports that the value at start is not the JSON type p takes.
func (d *decoder) mismatch(start int, p *plan) {
	if p.kind == pInvalid {
		d.report(Type, start, p.want, nil)
		return
	}
	d.report(Type, start, "want "+p.want+", not "+jsonType(d.data[start]), nil)
}

// mismatchSkip reports a mismatch and skips the value. A literal or
// number is read first, so that a malformed one is a syntax error alone.
func (d *decoder) mismatchSkip(start int, p *plan, depth int) {
	switch d.data[start] {
	case '{', '[', '"':
		d.mismatch(start, p)
		d.skip(depth)
	default:
		d.skip(depth)
		if !d.fatal {
			d.mismatch(start, p)
		}
	}
}

func jsonType(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// report records a problem at offset off, at the current path, and
// returns it for the caller to complete.
func (d *decoder) report(k Kind, off int, words string, choices []string) *Problem {
	if len(d.probs) > MaxProblems {
		return &d.spare
	}
	d.fatal = d.fatal || len(d.probs) == MaxProblems
	if len(d.probs) == MaxProblems {
		k, words, choices = Many, "more than "+strconv.Itoa(MaxProblems)+" problems: decoding stopped", nil
	}
	path, name := d.pointer()
	line, col := d.position(off)
	d.probs = append(d.probs, Problem{Kind: k, Path: path, Name: name, Words: words, Choices: choices,
		Line: line, Column: col})
	return &d.probs[len(d.probs)-1]
}

// syntax reports a syntax error at d.pos and stops the decode; at the end
// of the input, whatever was wanted, the input ended too soon.
func (d *decoder) syntax(words string) {
	if d.pos >= len(d.data) {
		words = "unexpected end of input"
	}
	d.report(Syntax, d.pos, words, nil)
	d.fatal = true
}

// deep reports the container at d.pos as too deep and stops the decode.
func (d *decoder) deep() {
	d.report(Deep, d.pos, "nesting deeper than "+strconv.Itoa(MaxDepth)+" levels", nil)
	d.fatal = true
}

// pointer returns the current path as a JSON pointer, and its innermost
// key.
func (d *decoder) pointer() (path, name string) {
	var b []byte
	for _, s := range d.path {
		b = append(b, '/')
		if s.index >= 0 {
			b = strconv.AppendInt(b, int64(s.index), 10)
			continue
		}
		key := d.arena[s.a:s.b]
		name = string(key)
		for _, c := range key {
			switch c {
			case '~':
				b = append(b, "~0"...)
			case '/':
				b = append(b, "~1"...)
			default:
				b = append(b, c)
			}
		}
	}
	return string(b), name
}

// position returns the line and column of offset off, from 1, the column
// in bytes.
func (d *decoder) position(off int) (line, col int) {
	if !d.counted {
		d.counted = true
		for i, c := range d.data {
			if c == '\n' {
				d.lines = append(d.lines, i)
			}
		}
	}
	n := sort.SearchInts(d.lines, off) // the line feeds before off
	lineStart := 0
	if n > 0 {
		lineStart = d.lines[n-1] + 1
	}
	return n + 1, off - lineStart + 1
}
