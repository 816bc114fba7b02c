package policy

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MarshalJSON encodes c as its text form in a JSON string, or, when that
// would not parse back as c (a field name that is not valid, an operand
// left out) or is longer than [Parse] reads, in its tree form. The zero
// Cond is null. It fails with [Problems] wrapping [ErrNoDataForm] if c
// contains a [Custom] predicate, naming the predicate and where it is, or
// wrapping [ErrMalformed] for a float threshold and for a field name,
// operator or threshold that is not valid UTF-8, which JSON cannot hold
// exactly, at its path.
func (c Cond) MarshalJSON() ([]byte, error) {
	if c.n != nil && c.n.hasText() {
		if s := c.String(); len(s) <= maxText {
			return appendQuote(nil, s), nil
		}
	}
	var b bytes.Buffer
	if err := c.encode(&b, ""); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encode writes c in its tree form.
func (c Cond) encode(b *bytes.Buffer, path string) error {
	n := c.n
	if n == nil {
		b.WriteString("null")
		return nil
	}
	list := func(key string) error {
		b.WriteString(`"` + key + `":[`)
		for i, k := range n.kids {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := k.encode(b, path+"/"+key+"/"+itoa(i)); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	b.WriteByte('{')
	switch n.kind {
	case kAll:
		if err := list("all"); err != nil {
			return err
		}
	case kAny:
		if err := list("any"); err != nil {
			return err
		}
	case kNot:
		b.WriteString(`"not":`)
		if err := n.kids[0].encode(b, path+"/not"); err != nil {
			return err
		}
	case kAtLeast:
		b.WriteString(`"at_least":` + itoa(n.n) + `,`)
		if err := list("of"); err != nil {
			return err
		}
	case kCmp:
		for _, s := range []struct{ key, text string }{{"field", n.field}, {"op", n.op}} {
			if !utf8.ValidString(s.text) {
				return Problems{{Path: path + "/" + s.key, Name: n.field, Err: errNotUTF8}}
			}
		}
		b.WriteString(`"field":`)
		b.Write(appendQuote(nil, n.field))
		b.WriteString(`,"op":`)
		b.Write(appendQuote(nil, n.op))
		// As in the text form: one value is "value" except for "in".
		// Other counts are kept as a list, which decodes back to the same
		// condition; Compile reports them.
		if n.op == opIn || len(n.vals) != 1 {
			b.WriteString(`,"values":[`)
			for i, v := range n.vals {
				if i > 0 {
					b.WriteByte(',')
				}
				if err := v.encode(b, path+"/values/"+itoa(i), n.field); err != nil {
					return err
				}
			}
			b.WriteByte(']')
		} else {
			b.WriteString(`,"value":`)
			if err := n.vals[0].encode(b, path+"/value", n.field); err != nil {
				return err
			}
		}
	case kCustom:
		return Problems{{Path: path, Name: n.name, Err: ErrNoDataForm}}
	}
	b.WriteByte('}')
	return nil
}

// errNotUTF8 is the error of text that JSON cannot hold exactly.
var errNotUTF8 = fmt.Errorf("%w: not valid UTF-8, which JSON cannot hold", ErrMalformed)

// encode writes l: text that is a JSON number as a number, other text as a
// string, a bool as a bool.
func (l literal) encode(b *bytes.Buffer, path, field string) error {
	switch {
	case l.kind == litText && !utf8.ValidString(l.text):
		return Problems{{Path: path, Name: field, Err: errNotUTF8}}
	case l.kind == litBool || l.kind == litText && isNumber(l.text):
		b.WriteString(l.text)
	case l.kind == litText:
		b.Write(appendQuote(nil, l.text))
	default:
		return Problems{{Path: path, Name: field, Err: ErrMalformed}}
	}
	return nil
}

// UnmarshalJSON decodes c from either JSON form: a string is read by
// [Parse], an object is the tree form, null is the zero Cond. It checks the
// form only; whether fields exist and thresholds fit them is checked by
// [Compile].
//
// It reports every problem of the tree form at once as [Problems], located
// by JSON pointer: [ErrMalformed] for a form that is wrong or a field name
// that is not valid, [ErrUnknown] for an unknown operator (Choices lists
// them), [ErrDuplicate] for a repeated key, [ErrMissing] for an operand
// that is null, [ErrTooMany] for nesting deeper than [MaxDepth]; and the
// problem of a text as [Parse] reports it, at the string's path, with the
// Line and Column in data where it is (line 1, column 1 is data[0]; a
// character written as an escape is where its backslash is). A key that
// no form has, or has in another case, is reported as [Unmarshal] reports
// one ([ErrUnknown] at the key's path, with the valid keys of the form as
// Choices, or the right key as the one choice), located at the key in
// data; other problems of the tree form have no Line and Column.
func (c *Cond) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return Problems{{Err: ErrMalformed}}
	}
	d := decoder{data: data}
	start, end := d.space(0), len(bytes.TrimRight(data, " \t\r\n"))
	got, _ := d.cond(start, end, "", 1)
	if err := d.ps.Err(); err != nil {
		return err
	}
	*c = got
	return nil
}

// decoder decodes a condition from data, which is valid JSON. Values are
// located by their offsets in data, so that a problem in a text can say
// where in data it is.
type decoder struct {
	data []byte
	ps   Problems
}

func (d *decoder) fail(path, name string, err error, choices ...string) {
	d.ps = append(d.ps, Problem{Path: path, Name: name, Err: err, Choices: slices.Clone(choices)})
}

// space returns the offset of the first byte at or after i that is not
// white space.
func (d *decoder) space(i int) int {
	for i < len(d.data) && (d.data[i] == ' ' || d.data[i] == '\t' || d.data[i] == '\n' || d.data[i] == '\r') {
		i++
	}
	return i
}

// end returns the offset just after the value that starts at i.
func (d *decoder) end(i int) int {
	data := d.data
	switch data[i] {
	case '"':
		for i++; data[i] != '"'; i++ {
			if data[i] == '\\' {
				i++
			}
		}
		return i + 1
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch data[i] {
			case '"':
				i = d.end(i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(data) && data[i] != ',' && data[i] != ']' && data[i] != '}' && data[i] != ' ' &&
		data[i] != '\t' && data[i] != '\r' && data[i] != '\n' {
		i++
	}
	return i
}

// value is a JSON value data[start:end].
type value struct{ start, end int }

// items returns the elements of the array at v, or false if v is not an
// array.
func (d *decoder) items(v value) ([]value, bool) {
	if d.data[v.start] != '[' {
		return nil, false
	}
	var out []value
	for i := d.space(v.start + 1); d.data[i] != ']'; {
		e := d.end(i)
		out = append(out, value{i, e})
		if i = d.space(e); d.data[i] == ',' {
			i = d.space(i + 1)
		}
	}
	return out, true
}

// member is a key of an object, at offset at in data.
type member struct {
	key string
	at  int
}

// object returns the members of the object at v by key, and its keys in
// order, reporting a repeated key at path. It returns false if v is not an object.
func (d *decoder) object(v value, path string) (map[string]value, []member, bool) {
	if d.data[v.start] != '{' {
		return nil, nil, false
	}
	out := make(map[string]value)
	var members []member
	for i := d.space(v.start + 1); d.data[i] != '}'; {
		ke := d.end(i)
		key, _, _ := unquote(string(d.data[i:ke]), -1) // valid JSON
		vs := d.space(d.space(ke) + 1)                 // past the colon
		ve := d.end(vs)
		if _, dup := out[key]; dup {
			d.fail(path+"/"+escapeKey(key), key, ErrDuplicate)
		}
		out[key] = value{vs, ve}
		members = append(members, member{key, i})
		if i = d.space(ve); d.data[i] == ',' {
			i = d.space(i + 1)
		}
	}
	return out, members, true
}

// forms are the keys of each tree form of a condition: all, any, not, at
// least, and a comparison (with "value" or "values", not both).
var forms = [][]string{{"all"}, {"any"}, {"not"}, {"at_least", "of"}, {"field", "op", "value", "values"}}

// treeKeys are the keys of every tree form.
var treeKeys = slices.Concat(forms...)

// strays reports the keys of o, an object at path, that no tree form has
// (errUnknownKey, with the keys of the form the others belong to as
// Choices, or of every form when they belong to none or to several), or
// has in another case (errCaseKey, with the right key as the one choice),
// each at its key's path and at the key's line and column in data. It
// reports whether there were any.
func (d *decoder) strays(o []member, path string) bool {
	// right returns the key of a form that key is, ignoring case; "" if none.
	right := func(key string) string {
		i := slices.IndexFunc(treeKeys, func(k string) bool { return strings.EqualFold(k, key) })
		if i < 0 {
			return ""
		}
		return treeKeys[i]
	}
	var known []string // the keys that a form has, case corrected
	stray := false
	for _, m := range o {
		k := right(m.key)
		if k != "" {
			known = append(known, k)
		}
		stray = stray || k != m.key
	}
	if !stray {
		return false
	}
	choices := treeKeys
	if len(known) > 0 {
		for _, f := range forms {
			if !slices.ContainsFunc(known, func(k string) bool { return !slices.Contains(f, k) }) {
				choices = f
				break
			}
		}
	}
	src := string(d.data)
	for _, m := range o {
		p := Problem{Path: path + "/" + escapeKey(m.key), Name: m.key}
		switch k := right(m.key); k {
		case m.key:
			continue
		case "":
			p.Err, p.Choices = errUnknownKey, slices.Clone(choices)
		default:
			p.Err, p.Choices = errCaseKey, []string{k}
		}
		p.Line, p.Column = position(src, m.at)
		d.ps = append(d.ps, p)
	}
	return true
}

// escapeKey escapes key as a JSON pointer's reference token.
func escapeKey(key string) string {
	return string(bytes.ReplaceAll(bytes.ReplaceAll([]byte(key), []byte("~"), []byte("~0")), []byte("/"), []byte("~1")))
}

// has reports whether o has exactly the keys keys.
func has(o map[string]value, keys ...string) bool {
	if len(o) != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := o[k]; !ok {
			return false
		}
	}
	return true
}

// cond decodes the condition data[start:end] at path, depth levels deep. It
// returns false, having reported why, if the condition is not well formed.
func (d *decoder) cond(start, end int, path string, depth int) (Cond, bool) {
	v := value{start, end}
	switch d.data[start] {
	case 'n':
		return Cond{}, true
	case '"':
		return d.text(v, path, depth)
	}
	if depth > MaxDepth {
		d.fail(path, "", ErrTooMany)
		return Cond{}, false
	}
	o, members, ok := d.object(v, path)
	if !ok {
		d.fail(path, "", ErrMalformed)
		return Cond{}, false
	}
	if n := len(d.ps); d.strays(members, path) {
		// The keys of a form may be whole beside the stray ones: decode
		// them too, for their problems, and give every problem in the
		// order of the keys; the condition fails either way.
		for _, m := range members {
			if !slices.Contains(treeKeys, m.key) {
				delete(o, m.key)
			}
		}
		d.form(o, path, depth)
		under := func(p Problem) int {
			return slices.IndexFunc(members, func(m member) bool {
				k := path + "/" + escapeKey(m.key)
				return p.Path == k || strings.HasPrefix(p.Path, k+"/")
			})
		}
		slices.SortStableFunc(d.ps[n:], func(a, b Problem) int { return cmp.Compare(under(a), under(b)) })
		return Cond{}, false
	}
	c, ok, whole := d.form(o, path, depth)
	if !whole {
		d.fail(path, "", ErrMalformed)
	}
	return c, ok
}

// form decodes o, the keys of a condition at path, depth levels deep. It
// returns false, having reported why, if a part is not well formed, and
// whole false, reporting nothing, if o's keys are not those of one form.
func (d *decoder) form(o map[string]value, path string, depth int) (c Cond, ok, whole bool) {
	switch {
	case has(o, "all"), has(o, "any"):
		key, kind := "all", kAll
		if _, ok := o["any"]; ok {
			key, kind = "any", kAny
		}
		kids, ok := d.list(o[key], path+"/"+key, depth)
		return Cond{&node{kind: kind, kids: kids}}, ok, true
	case has(o, "not"):
		k, ok := d.operand(o["not"], path+"/not", depth)
		return Not(k), ok, true
	case has(o, "at_least", "of"):
		var n int
		c := o["at_least"]
		nok := json.Unmarshal(d.data[c.start:c.end], &n) == nil
		if !nok {
			d.fail(path+"/at_least", "", ErrMalformed)
		}
		kids, ok := d.list(o["of"], path+"/of", depth)
		return Cond{&node{kind: kAtLeast, n: n, kids: kids}}, ok && nok, true
	case has(o, "field", "op", "value"), has(o, "field", "op", "values"):
		c, ok := d.comparison(o, path)
		return c, ok, true
	}
	return Cond{}, false, false
}

// text parses the condition in the JSON string at v, path, depth levels deep.
func (d *decoder) text(v value, path string, depth int) (Cond, bool) {
	raw := string(d.data[v.start:v.end])
	text, _, _ := unquote(raw, -1) // valid JSON
	c, pe := parse(text, MaxDepth-depth+1)
	if pe != nil {
		_, from, _ := unquote(raw, pe.off)
		line, col := position(string(d.data), v.start+from)
		d.ps = append(d.ps, Problem{Path: path, Name: pe.name, Err: pe.err, Line: line, Column: col})
		return Cond{}, false
	}
	return c, true
}

// operand decodes the operand at v, path: a condition, not null.
func (d *decoder) operand(v value, path string, depth int) (Cond, bool) {
	k, ok := d.cond(v.start, v.end, path, depth+1)
	if ok && k.n == nil {
		d.fail(path, "", ErrMissing)
		ok = false
	}
	return k, ok
}

// list decodes the list of operands at v, path.
func (d *decoder) list(v value, path string, depth int) ([]Cond, bool) {
	items, ok := d.items(v)
	if !ok {
		d.fail(path, "", ErrMalformed)
		return nil, false
	}
	var out []Cond
	for i, it := range items {
		k, kok := d.operand(it, path+"/"+itoa(i), depth)
		out, ok = append(out, k), ok && kok
	}
	return out, ok
}

// comparison decodes the comparison o at path.
func (d *decoder) comparison(o map[string]value, path string) (Cond, bool) {
	str := func(key string) (string, bool) {
		v := o[key]
		if d.data[v.start] != '"' {
			d.fail(path+"/"+key, "", ErrMalformed)
			return "", false
		}
		s, _, _ := unquote(string(d.data[v.start:v.end]), -1)
		return s, true
	}
	field, fok := str("field")
	if fok && !validName(field) {
		d.fail(path+"/field", field, ErrMalformed)
		fok = false
	}
	op, ook := str("op")
	if ook && !knownOp(op) {
		d.fail(path+"/op", op, ErrUnknown, operators...)
		ook = false
	}
	var vals []literal
	var paths []string
	if v, single := o["value"]; single {
		vals, paths = []literal{{}}, []string{path + "/value"}
		vals[0] = d.literal(v)
	} else {
		items, ok := d.items(o["values"])
		if !ok {
			d.fail(path+"/values", field, ErrMalformed)
			return Cond{}, false
		}
		for i, it := range items {
			vals = append(vals, d.literal(it))
			paths = append(paths, path+"/values/"+strconv.Itoa(i))
		}
	}
	ok := fok && ook
	for i, l := range vals {
		if l.kind == 0 {
			d.fail(paths[i], field, ErrMalformed)
			ok = false
		}
	}
	return Cond{&node{kind: kCmp, field: field, op: op, vals: vals}}, ok
}

// literal decodes the threshold at v, or returns the zero literal if it is
// not a number, a string or a bool.
func (d *decoder) literal(v value) literal {
	raw := d.data[v.start:v.end]
	switch c := raw[0]; {
	case c == '"':
		s, _, _ := unquote(string(raw), -1)
		return literal{litText, s}
	case c == 't' || c == 'f':
		return literal{litBool, string(raw)}
	case c == '-' || c >= '0' && c <= '9':
		return literal{litText, string(raw)}
	}
	return literal{}
}
