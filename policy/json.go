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

	"github.com/vipcare/vipcare/internal/strictjson"
)

// MarshalJSON encodes c as its text form in a JSON string, or, when that
// would not parse back as c (a field name that is not valid, an operand
// left out) or is longer than [Parse] reads, in its tree form. The zero
// Cond is null. It fails with [Problems] wrapping [ErrNoDataForm] if c
// contains a [Custom] predicate, naming the predicate and where it is, or
// wrapping [ErrMalformed] for a float threshold and for a field name,
// operator or threshold that is not valid UTF-8, which JSON cannot hold
// exactly, at its path; and with [ErrTooMany] for a condition nested
// deeper than [MaxDepth], at the first part one level too deep, or whose
// tree form is longer than the 8 MiB [Unmarshal] reads, neither of which
// decodes. It takes time linear in c, and stops there.
func (c Cond) MarshalJSON() ([]byte, error) {
	if c.n != nil {
		if s, ok := c.text(); ok {
			return appendQuote(nil, s), nil
		}
	}
	e := encoder{limit: strictjson.MaxSize}
	if err := e.cond(c, 1); err != nil {
		return nil, err
	}
	if len(e.b) > e.limit {
		return nil, e.fail("", "", errTooLong)
	}
	return e.b, nil
}

// errTooLong is the error of a condition whose JSON form is longer than
// Unmarshal reads.
var errTooLong = fmt.Errorf("%w: longer than the %d MiB a document may be", ErrTooMany, strictjson.MaxSize>>20)

// encoder writes a condition in its tree form, at most limit bytes long.
type encoder struct {
	b     []byte
	limit int
	// path is the JSON pointer of the part being written, kept as one
	// buffer that grows and shrinks with the descent, so that a pointer
	// costs nothing until a problem quotes it.
	path []byte
}

// fail returns the problem err at the path of the part being written, key
// appended if not "".
func (e *encoder) fail(key, name string, err error) error {
	return Problems{{Path: string(e.path) + key, Name: name, Err: err}}
}

// cond writes c, depth levels deep.
func (e *encoder) cond(c Cond, depth int) error {
	n := c.n
	switch {
	case len(e.b) > e.limit:
		return e.fail("", "", errTooLong)
	case n == nil:
		e.b = append(e.b, "null"...)
		return nil
	case depth > MaxDepth:
		return e.fail("", "", ErrTooMany)
	}
	e.b = append(e.b, '{')
	switch n.kind {
	case kAll:
		if err := e.list("all", n.kids, depth); err != nil {
			return err
		}
	case kAny:
		if err := e.list("any", n.kids, depth); err != nil {
			return err
		}
	case kNot:
		e.b = append(e.b, `"not":`...)
		at := len(e.path)
		e.path = append(e.path, "/not"...)
		if err := e.cond(n.kids[0], depth+1); err != nil {
			return err
		}
		e.path = e.path[:at]
	case kAtLeast:
		e.b = append(append(append(e.b, `"at_least":`...), itoa(n.n)...), ',')
		if err := e.list("of", n.kids, depth); err != nil {
			return err
		}
	case kCmp:
		for _, s := range []struct{ key, text string }{{"field", n.field}, {"op", n.op}} {
			if !utf8.ValidString(s.text) {
				return e.fail("/"+s.key, n.field, errNotUTF8)
			}
		}
		e.b = append(e.b, `"field":`...)
		e.b = appendQuote(e.b, n.field)
		e.b = append(e.b, `,"op":`...)
		e.b = appendQuote(e.b, n.op)
		// As in the text form: one value is "value" except for "in".
		// Other counts are kept as a list, which decodes back to the same
		// condition; Compile reports them.
		if n.op == opIn || len(n.vals) != 1 {
			e.b = append(e.b, `,"values":[`...)
			for i, v := range n.vals {
				if i > 0 {
					e.b = append(e.b, ',')
				}
				if len(e.b) > e.limit {
					return e.fail("", n.field, errTooLong)
				}
				if err := e.literal(v, "/values/"+itoa(i), n.field); err != nil {
					return err
				}
			}
			e.b = append(e.b, ']')
		} else {
			e.b = append(e.b, `,"value":`...)
			if err := e.literal(n.vals[0], "/value", n.field); err != nil {
				return err
			}
		}
	case kCustom:
		return e.fail("", n.name, ErrNoDataForm)
	}
	e.b = append(e.b, '}')
	return nil
}

// list writes "key":[kids...], the operands of a condition depth levels
// deep.
func (e *encoder) list(key string, kids []Cond, depth int) error {
	e.b = append(append(append(e.b, '"'), key...), `":[`...)
	at := len(e.path)
	for i, k := range kids {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.path = strconv.AppendInt(append(append(append(e.path[:at], '/'), key...), '/'), int64(i), 10)
		if err := e.cond(k, depth+1); err != nil {
			return err
		}
	}
	e.path = e.path[:at]
	e.b = append(e.b, ']')
	return nil
}

// errNotUTF8 is the error of text that JSON cannot hold exactly.
var errNotUTF8 = fmt.Errorf("%w: not valid UTF-8, which JSON cannot hold", ErrMalformed)

// literal writes l, a threshold of field at key under the path: text that
// is a JSON number as a number, other text as a string, a bool as a bool.
func (e *encoder) literal(l literal, key, field string) error {
	switch {
	case l.kind == litText && !utf8.ValidString(l.text):
		return e.fail(key, field, errNotUTF8)
	case l.kind == litBool || l.kind == litText && isNumber(l.text):
		e.b = append(e.b, l.text...)
	case l.kind == litText:
		e.b = appendQuote(e.b, l.text)
	default:
		return e.fail(key, field, ErrMalformed)
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
//
// Decoding is bounded as [Unmarshal] is: data longer than 8 MiB is
// refused ([ErrTooMany] at ""), data that is not JSON as encoding/json
// reads it (which nests at most 10,000 levels) is [ErrMalformed], and
// after 100 problems decoding stops with one more, [ErrTooMany]. It reads
// data once, in time linear in its length.
func (c *Cond) UnmarshalJSON(data []byte) error {
	if len(data) > strictjson.MaxSize {
		return Problems{{Err: errTooLong}}
	}
	if !json.Valid(data) {
		return Problems{{Err: ErrMalformed}}
	}
	d := decoder{data: data}
	d.index()
	start, end := d.space(0), len(bytes.TrimRight(data, " \t\r\n"))
	got, _ := d.cond(start, end, "", 1)
	if d.more != nil {
		d.ps = append(d.ps, *d.more)
	}
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
	// more is the problem that stands for those past the first
	// strictjson.MaxProblems, which are dropped.
	more *Problem
	// containers are the offsets of every object and array in data and
	// of their ends, in the order they open, which index finds in one
	// pass: the end of a value is then found without reading it again.
	containers []container
	// newlines are the offsets of the line feeds in data, found when a
	// problem is first located.
	newlines []int32
}

// container is where an object or array opens and where it ends, just
// after its closing bracket. Offsets fit an int32: data is at most
// strictjson.MaxSize bytes.
type container struct{ open, end int32 }

// add adds p, or, past strictjson.MaxProblems problems, counts it in
// d.more.
func (d *decoder) add(p Problem) {
	if len(d.ps) < strictjson.MaxProblems {
		d.ps = append(d.ps, p)
		return
	}
	if d.more == nil {
		d.more = &Problem{Path: p.Path, Err: fmt.Errorf("%w: more than %d problems: decoding stopped", ErrTooMany, strictjson.MaxProblems)}
	}
}

// stopped reports whether decoding has stopped after too many problems.
func (d *decoder) stopped() bool { return d.more != nil }

func (d *decoder) fail(path, name string, err error, choices ...string) {
	d.add(Problem{Path: path, Name: name, Err: err, Choices: slices.Clone(choices)})
}

// index finds every container of data, valid JSON, and its end.
func (d *decoder) index() {
	var open []int // the containers not yet closed, as indices in d.containers
	data := d.data
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			for i++; data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			open = append(open, len(d.containers))
			d.containers = append(d.containers, container{open: int32(i)})
		case '}', ']':
			d.containers[open[len(open)-1]].end = int32(i + 1)
			open = open[:len(open)-1]
		}
	}
}

// position returns the line and byte column, from 1, of offset off of data.
func (d *decoder) position(off int) (line, col int) {
	if d.newlines == nil {
		d.newlines = []int32{}
		for i, c := range d.data {
			if c == '\n' {
				d.newlines = append(d.newlines, int32(i))
			}
		}
	}
	off = min(off, len(d.data))
	k, _ := slices.BinarySearch(d.newlines, int32(off)) // the line feeds before off
	if k == 0 {
		return 1, off + 1
	}
	return k + 1, off - int(d.newlines[k-1])
}

// str returns the text of the JSON string data[start:end]. The keys of
// the tree forms and the operators cost no allocation.
func (d *decoder) str(start, end int) string {
	raw := d.data[start+1 : end-1]
	if slices.Contains(raw, '\\') || !utf8.Valid(raw) {
		s, _, _ := unquote(string(d.data[start:end]), -1) // valid JSON
		return s
	}
	for _, k := range treeKeys {
		if string(raw) == k {
			return k
		}
	}
	for _, op := range operators {
		if string(raw) == op {
			return op
		}
	}
	return string(raw)
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
		k, _ := slices.BinarySearchFunc(d.containers, int32(i), func(c container, open int32) int { return cmp.Compare(c.open, open) })
		return int(d.containers[k].end)
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
	for i := d.space(v.start + 1); d.data[i] != ']' && !d.stopped(); {
		e := d.end(i)
		out = append(out, value{i, e})
		if i = d.space(e); d.data[i] == ',' {
			i = d.space(i + 1)
		}
	}
	return out, true
}

// member is a key of an object, at offset at in data, and its value.
type member struct {
	key string
	at  int
	val value
}

// object is the members of an object, in order.
type object struct {
	members []member
	keys    int // distinct keys
}

// get returns the value of key, the last if it is repeated, and whether
// there is one.
func (o *object) get(key string) (value, bool) {
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].key == key {
			return o.members[i].val, true
		}
	}
	return value{}, false
}

// val returns the value of key, which o has.
func (o *object) val(key string) value {
	v, _ := o.get(key)
	return v
}

// has reports whether o has exactly the keys keys.
func (o *object) has(keys ...string) bool {
	if o.keys != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := o.get(k); !ok {
			return false
		}
	}
	return true
}

// object returns the members of the object at v, reporting a repeated key
// at path. It returns false if v is not an object.
func (d *decoder) object(v value, path string) (object, bool) {
	if d.data[v.start] != '{' {
		return object{}, false
	}
	o := object{members: make([]member, 0, 4)} // a form has at most 4 keys
	var seen map[string]bool                   // the keys, once there are many
	for i := d.space(v.start + 1); d.data[i] != '}' && !d.stopped(); {
		ke := d.end(i)
		key := d.str(i, ke)
		vs := d.space(d.space(ke) + 1) // past the colon
		ve := d.end(vs)
		dup := false
		if seen == nil && len(o.members) < 8 {
			_, dup = o.get(key)
		} else {
			if seen == nil {
				seen = make(map[string]bool)
				for _, m := range o.members {
					seen[m.key] = true
				}
			}
			dup, seen[key] = seen[key], true
		}
		if dup {
			d.fail(path+"/"+escapeKey(key), key, ErrDuplicate)
		} else {
			o.keys++
		}
		o.members = append(o.members, member{key, i, value{vs, ve}})
		if i = d.space(ve); d.data[i] == ',' {
			i = d.space(i + 1)
		}
	}
	return o, true
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
	if !slices.ContainsFunc(o, func(m member) bool { return right(m.key) != m.key }) {
		return false
	}
	var known []string // the keys that a form has, case corrected
	for _, m := range o {
		if k := right(m.key); k != "" {
			known = append(known, k)
		}
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
	for _, m := range o {
		if d.stopped() {
			break
		}
		p := Problem{Path: path + "/" + escapeKey(m.key), Name: m.key}
		switch k := right(m.key); k {
		case m.key:
			continue
		case "":
			p.Err, p.Choices = errUnknownKey, slices.Clone(choices)
		default:
			p.Err, p.Choices = errCaseKey, []string{k}
		}
		p.Line, p.Column = d.position(m.at)
		d.add(p)
	}
	return true
}

// sortByMember sorts ps, the problems of the object at path whose members
// are members, stably in the order of the member each is under.
func (d *decoder) sortByMember(ps Problems, members []member, path string) {
	at := make(map[string]int, len(members)) // a key's first member
	for i, m := range members {
		if _, dup := at[m.key]; !dup {
			at[m.key] = i
		}
	}
	// the member each problem is under: the pointer's next token, unescaped
	under := make([]int, len(ps))
	for i, p := range ps {
		under[i] = -1
		if rest, ok := strings.CutPrefix(p.Path, path+"/"); ok {
			token, _, _ := strings.Cut(rest, "/")
			if k, ok := at[strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")]; ok {
				under[i] = k
			}
		}
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(under[a], under[b]) })
	sorted := make(Problems, len(ps))
	for i, k := range order {
		sorted[i] = ps[k]
	}
	copy(ps, sorted)
}

// escapeKey escapes key as a JSON pointer's reference token.
func escapeKey(key string) string {
	return string(bytes.ReplaceAll(bytes.ReplaceAll([]byte(key), []byte("~"), []byte("~0")), []byte("/"), []byte("~1")))
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
	o, ok := d.object(v, path)
	if !ok {
		d.fail(path, "", ErrMalformed)
		return Cond{}, false
	}
	if n := len(d.ps); d.strays(o.members, path) {
		// The keys of a form may be whole beside the stray ones: decode
		// them too, for their problems, and give every problem in the
		// order of the keys; the condition fails either way.
		var known object
		var seen uint16 // a bit for each key of treeKeys
		for _, m := range o.members {
			k := slices.Index(treeKeys, m.key)
			if k < 0 {
				continue
			}
			if seen&(1<<k) == 0 {
				seen |= 1 << k
				known.keys++
			}
			known.members = append(known.members, m)
		}
		d.form(known, path, depth)
		d.sortByMember(d.ps[n:], o.members, path)
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
func (d *decoder) form(o object, path string, depth int) (c Cond, ok, whole bool) {
	switch {
	case o.has("all"), o.has("any"):
		key, kind := "all", kAll
		if _, ok := o.get("any"); ok {
			key, kind = "any", kAny
		}
		kids, ok := d.list(o.val(key), path+"/"+key, depth)
		return Cond{&node{kind: kind, kids: kids}}, ok, true
	case o.has("not"):
		k, ok := d.operand(o.val("not"), path+"/not", depth)
		return Not(k), ok, true
	case o.has("at_least", "of"):
		var n int
		c := o.val("at_least")
		nok := json.Unmarshal(d.data[c.start:c.end], &n) == nil
		if !nok {
			d.fail(path+"/at_least", "", ErrMalformed)
		}
		kids, ok := d.list(o.val("of"), path+"/of", depth)
		return Cond{&node{kind: kAtLeast, n: n, kids: kids}}, ok && nok, true
	case o.has("field", "op", "value"), o.has("field", "op", "values"):
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
		line, col := d.position(v.start + from)
		d.add(Problem{Path: path, Name: pe.name, Err: pe.err, Line: line, Column: col})
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
	out := make([]Cond, 0, len(items))
	for i, it := range items {
		if d.stopped() {
			return out, false
		}
		k, kok := d.operand(it, path+"/"+itoa(i), depth)
		out, ok = append(out, k), ok && kok
	}
	return out, ok
}

// comparison decodes the comparison o at path.
func (d *decoder) comparison(o object, path string) (Cond, bool) {
	str := func(key string) (string, bool) {
		v := o.val(key)
		if d.data[v.start] != '"' {
			d.fail(path+"/"+key, "", ErrMalformed)
			return "", false
		}
		s := d.str(v.start, v.end)
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
	v, single := o.get("value")
	if single {
		vals = []literal{d.literal(v)}
	} else {
		items, ok := d.items(o.val("values"))
		if !ok {
			d.fail(path+"/values", field, ErrMalformed)
			return Cond{}, false
		}
		vals = make([]literal, len(items))
		for i, it := range items {
			vals[i] = d.literal(it)
		}
	}
	ok := fok && ook
	for i, l := range vals {
		if l.kind == 0 {
			at := path + "/values/" + strconv.Itoa(i)
			if single {
				at = path + "/value"
			}
			d.fail(at, field, ErrMalformed)
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
		return literal{litText, d.str(v.start, v.end)}
	case c == 't' || c == 'f':
		return literal{litBool, string(raw)}
	case c == '-' || c >= '0' && c <= '9':
		return literal{litText, string(raw)}
	}
	return literal{}
}
