package playbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Change is one difference between two versions of a playbook, as [Diff]
// finds it.
type Change struct {
	// Path is a JSON pointer to what changed in the new spec's JSON form
	// ("/ladder/rungs/1/from"), or in the old one's for what was removed.
	Path string `json:"path"`
	// Old and New are the values at Path as compact JSON, a condition as
	// a string of its text and a value longer than 120 bytes cut short
	// with "…"; "" when absent: Old for what was added, New for what was
	// removed. For a list whose elements changed order they are the
	// lists of the elements' names, in the old and in the new order.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Text says what changed in words a risk committee reads, such as
	// "gold threshold 50,000 -> 60,000 CNY" or "play \"x\" added".
	Text string `json:"text"`
}

// String returns c.Text.
func (c Change) String() string { return c.Text }

// Diff lists what changed from the old spec to the new one, path by path,
// in the new document's order (what was removed where it was in the old
// one), each with the values before and after and a sentence: "gold
// threshold 50,000 -> 60,000 CNY", "strategy rule \"grow\" condition:
// ... -> ...", "version 2026.1 -> 2027.1", "play \"x\" added". A rule
// added or removed says what it decides: "strategy rule \"rich\" added:
// aum >= 3000000 -> premier". It compares the specs' JSON forms, so it sees
// exactly what [Spec.Digest] sees.
//
// The elements of a list are matched by the member that names them when
// they have one unique within the list ("id", "code", "need", "name", a
// rung's tier name, a touch's "channel", or a rung's rank, whichever
// matches the most elements), else by position: inserting a rule reports
// the rule added, not every later rule changed, and a change of order is
// one change of the list. A condition, an amount with its currency and a
// list of plain values are each compared as one value. Equal specs give
// no change; Diff(b, a) gives the changes of Diff(a, b) the other way
// round, each located in its own new document.
//
// It fails only when a spec has no JSON form: a condition with a Custom
// predicate (policy.ErrNoDataForm), located at "/old" or "/new". Neither
// spec is changed.
func Diff(old, new Spec) ([]Change, error) {
	var ps policy.Problems
	a, err := specTree(old)
	ps.Add("/old", "", err)
	b, err := specTree(new)
	ps.Add("/new", "", err)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	d := &differ{old: a, new: b}
	d.diff(nil, nil, a, b)
	return d.out, nil
}

// specTree returns the JSON form of s as a tree.
func specTree(s Spec) (*jnode, error) {
	data, err := json.Marshal(s)
	if err != nil {
		var ps policy.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	n.conditions()
	return n, nil
}

// jkind is the kind of a JSON value in a tree.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jObject
	jArray
	jCond // a condition, compared and shown as its text
)

// jnode is a JSON value that keeps its object members in document order.
type jnode struct {
	kind jkind
	text string   // a string, a number as written, "true" or "false", a condition's text
	keys []string // an object's member names
	vals []*jnode // an object's member values, an array's elements
}

// readNode reads one value from dec, which uses numbers.
func readNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &jnode{kind: jArray}
		if t == '{' {
			n.kind = jObject
		}
		for dec.More() {
			if n.kind == jObject {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &jnode{kind: jString, text: t}, nil
	case json.Number:
		return &jnode{kind: jNumber, text: t.String()}, nil
	case bool:
		return &jnode{kind: jBool, text: strconv.FormatBool(t)}, nil
	default:
		return &jnode{kind: jNull}, nil
	}
}

// conditions replaces the value of every "when" member that decodes as a
// condition by the condition's text, whether written as a tree or as text.
func (n *jnode) conditions() {
	for i, v := range n.vals {
		if n.kind == jObject && n.keys[i] == "when" {
			var c policy.Cond
			if err := json.Unmarshal([]byte(v.json()), &c); err == nil {
				n.vals[i] = &jnode{kind: jCond, text: c.String()}
				continue
			}
		}
		v.conditions()
	}
}

// get returns the value of n's member k, or nil.
func (n *jnode) get(k string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	if i := slices.Index(n.keys, k); i >= 0 {
		return n.vals[i]
	}
	return nil
}

// str returns the text of n's member k if it is a non-empty string or a
// number.
func (n *jnode) str(k string) (string, bool) {
	v := n.get(k)
	if v == nil || (v.kind != jString && v.kind != jNumber) || v.text == "" {
		return "", false
	}
	return v.text, true
}

// isMoney reports whether n is an amount with its currency.
func (n *jnode) isMoney() bool {
	if n.kind != jObject || len(n.keys) != 2 {
		return false
	}
	_, ok1 := n.str("amount")
	_, ok2 := n.str("currency")
	return ok1 && ok2
}

// atomic reports whether n is compared as one value: a scalar, a
// condition, an amount with its currency or a list of scalars.
func (n *jnode) atomic() bool {
	switch n.kind {
	case jObject:
		return n.isMoney()
	case jArray:
		for _, v := range n.vals {
			if v.kind == jObject || v.kind == jArray {
				return false
			}
		}
	}
	return true
}

// json returns n as compact JSON, a condition as a string of its text.
func (n *jnode) json() string {
	var b strings.Builder
	n.appendJSON(&b)
	return b.String()
}

func (n *jnode) appendJSON(b *strings.Builder) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool, jNumber:
		b.WriteString(n.text)
	case jString, jCond:
		b.WriteString(quoteJSON(n.text))
	case jObject, jArray:
		open, close := byte('['), byte(']')
		if n.kind == jObject {
			open, close = '{', '}'
		}
		b.WriteByte(open)
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			if n.kind == jObject {
				b.WriteString(quoteJSON(n.keys[i]))
				b.WriteByte(':')
			}
			v.appendJSON(b)
		}
		b.WriteByte(close)
	}
}

// quoteJSON returns s as a JSON string, with <, > and & as they are.
func quoteJSON(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// maxValue is the longest Old or New of a Change, in bytes.
const maxValue = 120

// short returns n's compact JSON, cut short to maxValue bytes.
func short(n *jnode) string {
	s := n.json()
	if len(s) <= maxValue {
		return s
	}
	cut := maxValue - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// differ compares two trees and collects the changes.
type differ struct {
	old, new *jnode
	out      []Change
}

// with returns the tokens ts and then t, sharing nothing with ts.
func with(ts []string, t string) []string { return append(ts[:len(ts):len(ts)], t) }

func pointer(ts []string) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("/" + textfmt.Pointer(t))
	}
	return b.String()
}

// diff compares a, at tokens ot in the old tree, with b, at nt in the new.
func (d *differ) diff(ot, nt []string, a, b *jnode) {
	// null is an empty list or object: its elements are added one by one
	if a.kind == jNull && !b.atomic() {
		a = &jnode{kind: b.kind}
	}
	if b.kind == jNull && !a.atomic() {
		b = &jnode{kind: a.kind}
	}
	if a.kind != b.kind || a.atomic() && b.atomic() || a.isMoney() || b.isMoney() {
		if a.json() != b.json() {
			d.changed(nt, a, b)
		}
		return
	}
	if a.kind == jObject {
		d.merge(ot, nt, a.keys, b.keys, a.keys, b.keys, a.vals, b.vals)
		return
	}
	ka, kb := listKeys(a.vals, b.vals)
	if ka == nil { // by position
		n := min(len(a.vals), len(b.vals))
		for i := range n {
			t := strconv.Itoa(i)
			d.diff(with(ot, t), with(nt, t), a.vals[i], b.vals[i])
		}
		for i := n; i < len(b.vals); i++ {
			d.added(with(nt, strconv.Itoa(i)), b.vals[i])
		}
		for i := n; i < len(a.vals); i++ {
			d.removed(with(ot, strconv.Itoa(i)), a.vals[i])
		}
		return
	}
	var ca, cb []string // the keys in both, in each order
	ia, ib := indexOf(ka), indexOf(kb)
	for _, k := range ka {
		if _, ok := ib[k]; ok {
			ca = append(ca, k)
		}
	}
	for _, k := range kb {
		if _, ok := ia[k]; ok {
			cb = append(cb, k)
		}
	}
	if !slices.Equal(ca, cb) {
		d.reordered(nt, ca, cb)
	}
	ta, tb := make([]string, len(ka)), make([]string, len(kb))
	for i := range ta {
		ta[i] = strconv.Itoa(i)
	}
	for i := range tb {
		tb[i] = strconv.Itoa(i)
	}
	d.merge(ot, nt, ka, kb, ta, tb, a.vals, b.vals)
}

// merge compares the members or elements of two objects or lists, matched
// by keys ka and kb and located by tokens ta and tb: in b's order, each
// one removed from a reported before the first of b that came after it.
func (d *differ) merge(ot, nt []string, ka, kb, ta, tb []string, a, b []*jnode) {
	ia, ib := indexOf(ka), indexOf(kb)
	p := 0 // a's members before p are done
	drop := func(to int) {
		for ; p < to; p++ {
			if _, ok := ib[ka[p]]; !ok {
				d.removed(with(ot, ta[p]), a[p])
			}
		}
	}
	for j, k := range kb {
		i, ok := ia[k]
		if !ok {
			d.added(with(nt, tb[j]), b[j])
			continue
		}
		drop(i)
		p = max(p, i+1)
		d.diff(with(ot, ta[i]), with(nt, tb[j]), a[i], b[j])
	}
	drop(len(ka))
}

// indexOf returns the index of each of keys, which are unique (an
// object's keys, a list's by keysBy): matching two lists costs their
// lengths, not their product.
func indexOf(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// keyFields returns the members that may name the elements of a list, in
// the order they are tried.
func keyFields() []func(n *jnode) (string, bool) {
	return []func(n *jnode) (string, bool){
		member("id"), member("code"), member("need"), member("name"), tierName, member("channel"), tierRank,
	}
}

func member(k string) func(n *jnode) (string, bool) {
	return func(n *jnode) (string, bool) { return n.str(k) }
}

// tierName returns a rung's tier name: its "tier" as a string or the
// tier's "name".
func tierName(n *jnode) (string, bool) {
	if s, ok := n.str("tier"); ok {
		return s, true
	}
	return n.get("tier").str("name")
}

// tierRank returns a rung's rank: its "rank", or its tier's.
func tierRank(n *jnode) (string, bool) {
	if s, ok := n.str("rank"); ok {
		return s, true
	}
	return n.get("tier").str("rank")
}

// keysBy returns the keys of list by key field f, or nil if some element
// has none or two have the same.
func keysBy(list []*jnode, f func(*jnode) (string, bool)) []string {
	keys := make([]string, len(list))
	seen := make(map[string]bool, len(list))
	for i, n := range list {
		k, ok := f(n)
		if !ok || seen[k] {
			return nil
		}
		keys[i], seen[k] = k, true
	}
	return keys
}

// listKeys returns the keys by which to match the elements of lists a
// and b: by the key field that names every element of both uniquely and
// matches the most, the first on a tie; nil when none matches any.
func listKeys(a, b []*jnode) (ka, kb []string) {
	best := 0
	for _, f := range keyFields() {
		x, y := keysBy(a, f), keysBy(b, f)
		if x == nil || y == nil {
			continue
		}
		n := 0
		in := indexOf(x)
		for _, k := range y {
			if _, ok := in[k]; ok {
				n++
			}
		}
		if n > best {
			best, ka, kb = n, x, y
		}
	}
	return ka, kb
}

// label returns the name of a list element for sentences, and the path
// of that name in the element: its key, else "".
func label(n *jnode) (string, []string) {
	for _, k := range []string{"id", "code", "need", "name"} {
		if s, ok := n.str(k); ok {
			return s, []string{k}
		}
	}
	if s, ok := n.str("tier"); ok {
		return s, []string{"tier"}
	}
	if s, ok := n.get("tier").str("name"); ok {
		return s, []string{"tier", "name"}
	}
	if s, ok := n.str("channel"); ok {
		return s, []string{"channel"}
	}
	return "", nil
}

func (d *differ) changed(nt []string, a, b *jnode) {
	s := describe(nt, d.new)
	c := Change{Path: pointer(nt), Old: short(a), New: short(b)}
	if s.rename != "" && a.kind == jString && b.kind == jString {
		c.Text = s.rename + " " + strconv.Quote(a.text) + " renamed " + strconv.Quote(b.text)
	} else {
		ov, nv := s.value(a), s.value(b)
		sep := " "
		if a.kind == jCond || b.kind == jCond || strings.Contains(ov+nv, " ") {
			sep = ": "
		}
		c.Text = s.words + sep + ov + " -> " + nv + s.unit()
	}
	d.out = append(d.out, c)
}

func (d *differ) added(nt []string, b *jnode) {
	s := describe(nt, d.new)
	c := Change{Path: pointer(nt), New: short(b)}
	switch {
	case s.element != "":
		c.Text = s.element + " added" + rowSummary(b)
	case b.atomic():
		c.Text = s.words + " added: " + s.value(b) + s.unit()
	default:
		c.Text = s.words + " added"
	}
	d.out = append(d.out, c)
}

// rowSummary returns, for a row of a table (an object with a "then"), what
// a committee reads of it: ": <condition> -> <then>", the condition
// "always" for a row with none, the then of a qualification rule its
// outcome and code ("watch (balance_spike)"); "" for anything else.
func rowSummary(n *jnode) string {
	then, ok := n.str("then")
	if t := n.get("then"); !ok && t != nil && t.kind == jObject {
		if outcome, ok2 := t.str("outcome"); ok2 {
			then, ok = outcome, true
			if code, ok3 := t.str("code"); ok3 {
				then += " (" + code + ")"
			}
		}
	}
	if !ok {
		return ""
	}
	when := "always"
	switch w := n.get("when"); {
	case w == nil || w.kind == jNull:
	case w.kind == jCond:
		if w.text != "" {
			when = w.text
		}
	default: // a condition that does not read back as one: as written
		when = short(w)
	}
	return ": " + when + " -> " + then
}

func (d *differ) removed(ot []string, a *jnode) {
	s := describe(ot, d.old)
	c := Change{Path: pointer(ot), Old: short(a)}
	switch {
	case s.element != "":
		c.Text = s.element + " removed" + rowSummary(a)
	case a.atomic():
		c.Text = s.words + " removed (was " + s.value(a) + s.unit() + ")"
	default:
		c.Text = s.words + " removed"
	}
	d.out = append(d.out, c)
}

func (d *differ) reordered(nt []string, ca, cb []string) {
	s := describe(nt, d.new)
	list := func(keys []string) *jnode {
		n := &jnode{kind: jArray}
		for _, k := range keys {
			n.vals = append(n.vals, &jnode{kind: jString, text: k})
		}
		return n
	}
	a, b := list(ca), list(cb)
	d.out = append(d.out, Change{Path: pointer(nt), Old: short(a), New: short(b),
		Text: "order of " + s.words + ": " + s.value(a) + " -> " + s.value(b)})
}

// subject is what a path names, in words.
type subject struct {
	words    string // "gold threshold", "strategy rule \"grow\" condition"
	element  string // for a path to a list element: the element, such as `play "x"`
	rename   string // for a path to the name of a list element: its noun, such as "tier"
	amount   bool   // the value is an amount in currency
	grouped  bool   // the value is a number to show with thousands separators
	currency string
}

// listWords names the elements of the lists committees read most, by the
// list's path with "*" for positions: the noun of one element and the
// words for the whole list; "" for other lists.
func listWords(pat string) (noun, plural string) {
	switch pat {
	case "/ladder/rungs":
		return "tier", "tiers"
	case "/ladder/qualification/rules":
		return "rule", "rules"
	case "/segmentation/dimensions":
		return "dimension", "dimensions"
	case "/segmentation/dimensions/*/bands":
		return "band", "bands"
	case "/segmentation/matrix":
		return "segment rule", "segment rules"
	case "/needs/scorecards":
		return "need", "needs"
	case "/needs/scorecards/*/signals":
		return "signal", "signals"
	case "/needs/products":
		return "product", "products"
	case "/needs/plays":
		return "play", "plays"
	case "/needs/pack/require":
		return "requirement", "requirements"
	case "/strategies/strategies":
		return "strategy", "strategies"
	case "/strategies/rules":
		return "strategy rule", "strategy rules"
	case "/strategies/strategies/*/touches":
		return "touch", "touches"
	}
	return "", ""
}

// nounOf names an element of another list by the list's member name.
func nounOf(list string) string {
	switch list {
	case "rules", "rungs", "checks", "triggers", "signals", "bands", "plays", "products", "events":
		return strings.TrimSuffix(list, "s")
	case "touches":
		return "touch"
	}
	return strings.ReplaceAll(list, "_", " ")
}

// memberWords gives the words of the members committees read most, by
// path with "*" for positions; "" leaves a member out of the sentence.
// It reports false for other members.
func memberWords(pat string) (string, bool) {
	switch pat {
	case "/id":
		return "policy id", true
	case "/effective_from":
		return "effective from", true
	case "/effective_until":
		return "effective until", true
	case "/ladder/currency":
		return "ladder currency", true
	case "/ladder/measure":
		return "ladder measure", true
	case "/ladder/rungs/*/from", "/segmentation/dimensions/*/bands/*/from":
		return "threshold", true
	case "/ladder/rungs/*/tier":
		return "", true
	case "/ladder/lifecycle":
		return "lifecycle", true
	case "/ladder/qualification":
		return "qualification", true
	case "/segmentation/segments":
		return "segments", true
	case "/segmentation/currency":
		return "segmentation currency", true
	case "/segmentation/hit_policy":
		return "segment rules hit policy", true
	case "/segmentation/matrix/*/then":
		return "segment", true
	case "/needs/scorecards/*/min":
		return "minimum score", true
	case "/needs/pack":
		return "suitability pack", true
	case "/needs/default":
		return "default plays", true
	case "/needs/max_plays":
		return "most plays", true
	case "/needs/cool_down_days":
		return "play cool-down days", true
	case "/needs/product_driven":
		return "product-driven plays", true
	case "/strategies/rules/*/then":
		return "strategy", true
	case "/strategies/default":
		return "default strategy", true
	case "/workload/minutes":
		return "minutes per touch", true
	}
	return "", false
}

// isPart reports whether t is a top-level member whose name a sentence
// leaves out when it names something inside it.
func isPart(t string) bool {
	return t == "ladder" || t == "segmentation" || t == "needs" || t == "strategies"
}

// isAmount reports whether the member at pat holds an amount in the
// nearest currency.
func isAmount(pat string) bool {
	switch pat {
	case "/ladder/rungs/*/from", "/needs/pack/qualified_investor/net_financial_assets",
		"/needs/pack/qualified_investor/financial_assets", "/needs/pack/qualified_investor/average_income":
		return true
	}
	return false
}

// describe returns what the path of tokens ts names in tree root.
func describe(ts []string, root *jnode) subject {
	var s subject
	var out []string
	var dim *jnode // the segmentation dimension on the path
	n, pat := root, ""
	for i, t := range ts {
		if c, ok := n.str("currency"); ok && n.kind == jObject {
			s.currency = c
		}
		last := i == len(ts)-1
		if n.kind == jArray {
			k, _ := strconv.Atoi(t)
			elem := n.vals[k]
			name, keyPath := label(elem)
			noun, _ := listWords(pat)
			if noun == "" {
				noun = nounOf(lastToken(pat))
			}
			bare := pat == "/ladder/rungs" // a rung is named by its tier alone
			if pat == "/segmentation/dimensions" {
				dim = elem
			}
			var w string
			switch {
			case name == "":
				w = noun + " " + strconv.Itoa(k+1)
			case bare && !last:
				w = name
			default:
				w = noun + " " + strconv.Quote(name)
			}
			if last {
				s.element = strings.TrimSpace(strings.Join(out, " ") + " " + noun + " " + quoteOr(name, k))
			}
			if keyPath != nil && slices.Equal(ts[i+1:], keyPath) {
				s.rename = strings.TrimSpace(strings.Join(out, " ") + " " + noun)
			}
			out = append(out, w)
			n, pat = elem, pat+"/*"
			continue
		}
		child := n.get(t)
		parent := pat
		pat += "/" + t
		w, known := memberWords(pat)
		_, plural := listWords(pat)
		switch {
		case t == "when":
			w = "condition"
		case pat == "/workload/minutes" && !last:
			w = "" // named with its channel
		case parent == "/workload/minutes":
			w = "minutes per " + t + " touch"
		case known:
		case plural != "" && last:
			w = plural
		case child != nil && child.kind == jArray && !last:
			w = "" // the element's noun names it
		case parent == "" && isPart(t) && !last:
			// silent when what follows names itself
			next := pat + "/" + ts[i+1]
			_, named := memberWords(next)
			if g := child.get(ts[i+1]); !named && g != nil && g.kind != jObject && g.kind != jArray {
				w = t
			} else {
				w = ""
			}
		case t == "then" && !last && ts[i+1] == "outcome":
			w = "" // the outcome names itself: not "outcome outcome"
		case t == "then":
			w = "outcome"
		default:
			w = strings.ReplaceAll(t, "_", " ")
		}
		if w != "" {
			out = append(out, w)
		}
		if last {
			s.amount = isAmount(pat)
			if pat == "/segmentation/dimensions/*/bands/*/from" {
				// a band's threshold is an amount in a dimension that
				// scores an amount
				s.grouped = true
				score, _ := dim.str("score")
				s.amount = amountField(score)
			}
			s.grouped = s.grouped || s.amount
		}
		n = child
		if n == nil {
			break
		}
	}
	s.words = strings.Join(out, " ")
	if !s.amount {
		s.currency = ""
	}
	return s
}

func lastToken(pat string) string { return pat[strings.LastIndexByte(pat, '/')+1:] }

func quoteOr(name string, k int) string {
	if name == "" {
		return strconv.Itoa(k + 1)
	}
	return strconv.Quote(name)
}

// unit returns the currency of an amount, after a space.
func (s subject) unit() string {
	if s.amount && s.currency != "" {
		return " " + s.currency
	}
	return ""
}

// value returns n in words: a condition as its text, a string as it is,
// a number or an amount with thousands separators, a list of values
// joined with commas.
func (s subject) value(n *jnode) string {
	switch n.kind {
	case jCond:
		return n.text
	case jNull:
		return "none"
	case jBool:
		if n.text == "true" {
			return "yes"
		}
		return "no"
	case jNumber:
		return group(n.text)
	case jString:
		switch {
		case n.text == "":
			return `""`
		case s.grouped:
			return group(n.text)
		}
		return n.text
	case jObject:
		if n.isMoney() {
			a, _ := n.str("amount")
			c, _ := n.str("currency")
			return group(a) + " " + c
		}
	case jArray:
		if n.atomic() {
			if len(n.vals) == 0 {
				return "none"
			}
			vs := make([]string, len(n.vals))
			for i, v := range n.vals {
				vs[i] = subject{}.value(v)
			}
			return strings.Join(vs, ", ")
		}
	}
	return short(n)
}

// group returns the decimal s with thousands separators, or s as it is
// if it is not a decimal.
func group(s string) string {
	d, ok := num.ParseDecimal(s)
	if !ok {
		return s
	}
	t := d.String()
	ip, fp, _ := strings.Cut(t, ".")
	if fp != "" {
		fp = "." + fp
	}
	return num.Group(ip) + fp
}

// amountField reports whether the field named name of the default
// environment, or the segmentations' potential, is an amount.
func amountField(name string) bool {
	if name == "potential" {
		return true
	}
	for _, f := range (*vipcare.Env)(nil).Schema().Fields() {
		if f.Name == name {
			return f.Kind == "decimal" && f.Scale == vipcare.AmountScale
		}
	}
	return false
}
