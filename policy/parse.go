package policy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vipcare/vipcare/internal/strictjson"
)

// The text form of a condition, the form [Cond.String] prints and [Parse]
// reads; doc.go has its grammar.

// maxText is the longest text [Parse] reads, in bytes. A condition whose
// text is longer marshals in its tree form.
const maxText = 64 << 10

// isKeyword reports whether s is a word of the text form, which no field
// may be named.
func isKeyword(s string) bool {
	switch s {
	case "all", "always", "and", "any", "at", "false", "in", "least", "not", "of", "or", "true":
		return true
	}
	return false
}

// String returns the condition in its text form, for example
// `aum >= 2000000 and (entrepreneur or corporate_links >= 1)`, which [Parse]
// reads back as an equal condition. The zero Cond is "always".
//
// A condition that has no data form still prints, for people, but does not
// parse: a [Custom] predicate prints as its name followed by "()", a float
// threshold as its Go type in angle brackets ("<float64>"), an operand left
// out (the zero Cond inside another) as "always". Printing is bounded, so
// that a condition built in Go, which may nest without limit or share its
// parts, cannot exhaust the stack or the memory. A condition deeper than
// [MaxDepth], which Compile, Parse and decoding refuse, prints MaxDepth+1
// levels (a pile of "not" that Parse refuses where it crosses the limit)
// and "…" for each operand below them, which does not parse; a text
// longer than 8 MiB is cut there and ends in "…". Printing takes time
// linear in the text.
func (c Cond) String() string {
	p := printer{limit: maxPrint}
	p.print(c, inList, 1)
	p.full()
	return string(p.b)
}

// maxPrint is the longest text [Cond.String] prints, in bytes: as long as
// the longest document [Unmarshal] reads.
const maxPrint = strictjson.MaxSize

// ellipsis marks what a bounded text leaves out.
const ellipsis = "…"

// text returns c's text form and true if it parses back as c and is at
// most maxText bytes long: every operand present, every field name valid,
// every operator known, every threshold text (valid UTF-8) or a bool, no
// custom predicate, at most MaxDepth levels. It stops as soon as it knows
// that there is none, so that it costs at most maxText bytes of output.
func (c Cond) text() (string, bool) {
	p := printer{limit: maxText, strict: true}
	p.print(c, inList, 1)
	if p.full() {
		return "", false
	}
	return string(p.b), true
}

// place is where a condition is printed, which decides whether it needs
// parentheses.
type place uint8

const (
	inList place = iota // the whole text or an item of a list: anything goes
	inOr                // an operand of "or"
	inAnd               // an operand of "and"
	inNot               // the operand of "not"
)

// printer prints conditions in their text form, at most MaxDepth levels
// deep and about limit bytes long.
type printer struct {
	b     []byte
	limit int
	// strict stops printing at a part that would not parse back (see
	// Cond.text); otherwise such a part prints for people.
	strict bool
	stop   bool // strict and stopped, or cut at the limit
}

// full reports whether the printer has stopped, cutting the text if it has
// just grown beyond the limit.
func (p *printer) full() bool {
	if !p.stop && len(p.b) > p.limit {
		p.stop = true
		if !p.strict {
			cut := p.limit
			for cut > 0 && !utf8.RuneStart(p.b[cut]) {
				cut--
			}
			p.b = append(p.b[:cut], ellipsis...)
		}
	}
	return p.stop
}

// refuse reports whether a strict printer stops at a part that does not
// parse back, stopping it.
func (p *printer) refuse() bool {
	p.stop = p.stop || p.strict
	return p.strict
}

// print prints c at place at, depth levels deep.
func (p *printer) print(c Cond, at place, depth int) {
	if p.full() {
		return
	}
	n := c.n
	switch {
	case n == nil:
		// The whole condition may be "always"; an operand left out has no
		// data form.
		if depth == 1 || !p.refuse() {
			p.b = append(p.b, "always"...)
		}
		return
	case depth > MaxDepth && p.refuse():
		return
	case depth > MaxDepth+1:
		p.b = append(p.b, ellipsis...)
		return
	}
	switch n.kind {
	case kAll, kAny:
		word, prefix, kids := " and ", "all", inAnd
		if n.kind == kAny {
			word, prefix, kids = " or ", "any", inOr
		}
		if len(n.kids) < 2 { // no infix form: all(c), any()
			p.b = append(p.b, prefix...)
			p.list(n.kids, depth)
			return
		}
		// "and" binds tighter than "or"; an operand of the same kind keeps
		// its parentheses so that it parses back nested, not flattened.
		paren := at == inNot || at == inAnd || at == inOr && n.kind == kAny
		if paren {
			p.b = append(p.b, '(')
		}
		for i, k := range n.kids {
			if i > 0 {
				p.b = append(p.b, word...)
			}
			if p.print(k, kids, depth+1); p.stop {
				return
			}
		}
		if paren {
			p.b = append(p.b, ')')
		}
	case kNot:
		p.b = append(p.b, "not "...)
		p.print(n.kids[0], inNot, depth+1)
	case kAtLeast:
		p.b = append(append(append(p.b, "at least "...), itoa(n.n)...), " of "...)
		p.list(n.kids, depth)
	case kCmp:
		if p.strict && (!validName(n.field) || !knownOp(n.op)) {
			p.stop = true
			return
		}
		p.b = append(p.b, n.field...)
		if n.op == opEQ && len(n.vals) == 1 && n.vals[0] == (literal{litBool, "true"}) {
			return // a bare field name is "== true"
		}
		p.b = append(append(append(p.b, ' '), n.op...), ' ')
		if n.op != opIn && len(n.vals) == 1 {
			p.literal(n.vals[0])
			return
		}
		p.b = append(p.b, '(')
		for i, v := range n.vals {
			if i > 0 {
				p.b = append(p.b, ", "...)
			}
			if p.literal(v); p.full() {
				return
			}
		}
		p.b = append(p.b, ')')
	case kCustom:
		if !p.refuse() {
			p.b = append(append(p.b, n.name...), "()"...)
		}
	}
}

// list prints cs, the operands of a condition depth levels deep, as a
// parenthesised list.
func (p *printer) list(cs []Cond, depth int) {
	p.b = append(p.b, '(')
	for i, k := range cs {
		if i > 0 {
			p.b = append(p.b, ", "...)
		}
		if p.print(k, inList, depth+1); p.stop {
			return
		}
	}
	p.b = append(p.b, ')')
}

// literal prints l: text that is a JSON number bare, other text as a JSON
// string, a bool as true or false.
func (p *printer) literal(l literal) {
	switch {
	case l.kind == litBool || l.kind == litText && isNumber(l.text):
		p.b = append(p.b, l.text...)
	case l.kind == litText && (!p.strict || utf8.ValidString(l.text)):
		p.b = appendQuote(p.b, l.text)
	case !p.refuse():
		p.b = append(append(append(p.b, '<'), l.text...), '>')
	}
}

// knownOp reports whether op is a comparison operator.
func knownOp(op string) bool {
	for _, o := range operators {
		if op == o {
			return true
		}
	}
	return false
}

// isNumber reports whether s is a number in JSON's syntax, such as 18,
// -0.5 or 2E+6, which is how a number is written in the text form too.
func isNumber(s string) bool {
	i := 0
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// appendQuote appends s to dst as a JSON string. Control characters,
// '"' and '\' are escaped; an invalid UTF-8 byte becomes \ufffd, and U+2028
// and U+2029 are escaped as JavaScript needs. '<', '>' and '&' are left as
// they are, so that ">=" stays readable.
func appendQuote(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// Parse reads a condition from its text form, the form [Cond.String]
// prints, such as `aum >= 2000000 and (entrepreneur or corporate_links >= 1)`;
// the package documentation gives the grammar. "always" alone is the zero
// Cond. Like decoding JSON, Parse checks the form only; whether fields exist
// and thresholds fit them is checked by [Compile].
//
// Parse stops at the first problem and reports it as [Problems] with the
// offending token as its Name (cut to 20 bytes) and its Line and Column in
// text: [ErrMalformed] for a syntax error, [ErrOutOfRange] for an "at
// least" count beyond an int, [ErrTooMany] for nesting deeper than
// [MaxDepth] (parentheses and "not" count, whether or not they add a level)
// or a text longer than 64 KiB, [ErrNoDataForm] for a custom predicate
// ("name()"), which has no data form. Parsing takes time linear in the
// length of text.
func Parse(text string) (Cond, error) {
	c, pe := parse(text, MaxDepth)
	if pe != nil {
		line, col := position(text, pe.off)
		return Cond{}, Problems{{Name: pe.name, Err: pe.err, Line: line, Column: col}}
	}
	return c, nil
}

// parseError is a problem found parsing, at byte offset off of the text.
type parseError struct {
	off  int
	name string
	err  error
}

// position returns the line and byte column, from 1, of offset off of src.
func position(src string, off int) (line, col int) {
	off = min(off, len(src))
	line = 1 + strings.Count(src[:off], "\n")
	return line, off - strings.LastIndexByte(src[:off], '\n')
}

// parse parses src as a condition at most limit levels deep.
func parse(src string, limit int) (Cond, *parseError) {
	if len(src) > maxText {
		return Cond{}, &parseError{off: maxText, err: ErrTooMany}
	}
	p := parser{src: src, limit: limit}
	p.scan()
	if p.isWord("always") {
		if next := lex(src, p.tok.end); next.kind == tEOF {
			return Cond{}, nil
		}
		p.fail(fmt.Errorf("%w: always is a whole condition, not a part of one", ErrMalformed))
		return Cond{}, p.err
	}
	c := p.or()
	if p.err == nil && p.tok.kind != tEOF {
		p.fail(want(`"and", "or" or the end`))
	}
	if p.err != nil {
		return Cond{}, p.err
	}
	if h := p.spans[c.n].height; h > limit {
		// Report where the limit is crossed: the node limit+1 levels down
		// a tallest path, as decoding and compiling do.
		n := c.n
		for range limit {
			for _, k := range n.kids {
				if p.spans[k.n].height == p.spans[n].height-1 {
					n = k.n
					break
				}
			}
		}
		at := p.spans[n].start
		return Cond{}, &parseError{off: at, name: tokenName(src, lex(src, at)), err: ErrTooMany}
	}
	return c, nil
}

// want returns a syntax error saying what the parser wanted.
func want(what string) error { return fmt.Errorf("%w: want %s", ErrMalformed, what) }

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // a field name or a keyword: letters, digits, '_', '.'
	tNumber         // a number, or what starts like one: '-' or a digit
	tString         // a double-quoted string, maybe unterminated
	tOp             // == != < <= > >=
	tLParen
	tRParen
	tComma
	tBad // a character that starts no token
)

// token is a token of the text, src[start:end].
type token struct {
	kind       tokKind
	start, end int
}

// lex returns the token at or after offset i of src.
func lex(src string, i int) token {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	if i == len(src) {
		return token{tEOF, i, i}
	}
	start, c := i, src[i]
	word := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
	}
	run := func(kind tokKind, in func(byte) bool) token {
		i++
		for i < len(src) && in(src[i]) {
			i++
		}
		return token{kind, start, i}
	}
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		return run(tWord, word)
	case c >= '0' && c <= '9' || c == '-':
		return run(tNumber, func(c byte) bool { return word(c) || c == '+' || c == '-' })
	case c == '"': // to the closing quote, or unterminated to the end of the line
		for i++; i < len(src) && src[i] != '\n'; i++ {
			switch src[i] {
			case '\\':
				if i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			case '"':
				return token{tString, start, i + 1}
			}
		}
		return token{tString, start, i}
	case c == '(':
		return token{tLParen, i, i + 1}
	case c == ')':
		return token{tRParen, i, i + 1}
	case c == ',':
		return token{tComma, i, i + 1}
	case c == '=' || c == '!':
		if i+1 < len(src) && src[i+1] == '=' {
			return token{tOp, i, i + 2}
		}
	case c == '<' || c == '>':
		if i+1 < len(src) && src[i+1] == '=' {
			return token{tOp, i, i + 2}
		}
		return token{tOp, i, i + 1}
	}
	_, size := utf8.DecodeRuneInString(src[i:])
	return token{tBad, i, i + size}
}

// tokenName returns t's text for a problem's Name, cut to at most 20 bytes
// on a character boundary.
func tokenName(src string, t token) string {
	s := src[t.start:t.end]
	if len(s) <= 20 {
		return s
	}
	cut := 20
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// span is where a parsed node starts in the text and how many levels it
// holds, itself included.
type span struct{ start, height int }

// parser is a recursive-descent parser of the text form. Every recursion
// opens a parenthesis or a "not", and nest counts those open, so the
// parser's depth is bounded by limit.
type parser struct {
	src   string
	tok   token
	nest  int
	limit int
	spans map[*node]span
	err   *parseError
}

func (p *parser) scan() { p.tok = lex(p.src, p.tok.end) }

func (p *parser) text() string { return p.src[p.tok.start:p.tok.end] }

func (p *parser) isWord(w string) bool { return p.tok.kind == tWord && p.text() == w }

// fail records err at the current token, unless a problem is recorded
// already.
func (p *parser) fail(err error) {
	if p.err == nil {
		p.err = &parseError{off: p.tok.start, name: tokenName(p.src, p.tok), err: err}
	}
}

// enter opens a level of nesting, reporting whether it is within the limit.
func (p *parser) enter() bool {
	p.nest++
	if p.nest > p.limit {
		p.fail(ErrTooMany)
		return false
	}
	return true
}

// node returns n as a condition, recording its span.
func (p *parser) node(n *node, start int, kids ...Cond) Cond {
	h := 0
	for _, k := range kids {
		h = max(h, p.spans[k.n].height)
	}
	if p.spans == nil {
		p.spans = make(map[*node]span)
	}
	p.spans[n] = span{start, h + 1}
	return Cond{n}
}

// or parses `and { "or" and }`.
func (p *parser) or() Cond { return p.infix("or", kAny, p.and) }

// and parses `unary { "and" unary }`.
func (p *parser) and() Cond { return p.infix("and", kAll, p.unary) }

func (p *parser) infix(word string, kind nodeKind, operand func() Cond) Cond {
	start := p.tok.start
	first := operand()
	if p.err != nil || !p.isWord(word) {
		return first
	}
	kids := []Cond{first}
	for p.err == nil && p.isWord(word) {
		p.scan()
		kids = append(kids, operand())
	}
	if p.err != nil {
		return Cond{}
	}
	return p.node(&node{kind: kind, kids: kids}, start, kids...)
}

// unary parses `"not" unary | primary`.
func (p *parser) unary() Cond {
	if !p.isWord("not") {
		return p.primary()
	}
	start := p.tok.start
	if !p.enter() {
		return Cond{}
	}
	p.scan()
	k := p.unary()
	p.nest--
	if p.err != nil {
		return Cond{}
	}
	return p.node(&node{kind: kNot, kids: []Cond{k}}, start, k)
}

// primary parses a parenthesised condition, all(...), any(...),
// at least N of (...), or a comparison.
func (p *parser) primary() Cond {
	start := p.tok.start
	switch {
	case p.tok.kind == tLParen:
		if !p.enter() {
			return Cond{}
		}
		p.scan()
		c := p.or()
		p.expect(tRParen, `")"`)
		p.nest--
		return c
	case p.isWord("all"), p.isWord("any"):
		kind := kAll
		if p.isWord("any") {
			kind = kAny
		}
		p.scan()
		kids := p.list()
		if p.err != nil {
			return Cond{}
		}
		return p.node(&node{kind: kind, kids: kids}, start, kids...)
	case p.isWord("at"):
		p.scan()
		p.expectWord("least")
		n := p.count()
		p.expectWord("of")
		kids := p.list()
		if p.err != nil {
			return Cond{}
		}
		return p.node(&node{kind: kAtLeast, n: n, kids: kids}, start, kids...)
	case p.tok.kind == tWord && !isKeyword(p.text()):
		return p.comparison()
	}
	p.fail(want("a condition"))
	return Cond{}
}

// expect consumes a token of kind k, described as what.
func (p *parser) expect(k tokKind, what string) {
	if p.err == nil && p.tok.kind != k {
		p.fail(want(what))
	}
	p.scan()
}

// expectWord consumes the keyword w.
func (p *parser) expectWord(w string) {
	if p.err == nil && !p.isWord(w) {
		p.fail(want(strconv.Quote(w)))
	}
	p.scan()
}

// count parses at least's count, an integer.
func (p *parser) count() int {
	if p.err != nil {
		return 0
	}
	s := p.text()
	if p.tok.kind != tNumber || !isNumber(s) || strings.ContainsAny(s, ".eE") {
		p.fail(want("a whole number"))
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(ErrOutOfRange)
		return 0
	}
	p.scan()
	return n
}

// list parses `"(" [ or { "," or } ] ")"`.
func (p *parser) list() []Cond {
	if p.err == nil && p.tok.kind != tLParen {
		p.fail(want(`"("`))
	}
	if p.err != nil || !p.enter() {
		return nil
	}
	p.scan()
	kids := items(p, p.or)
	p.nest--
	return kids
}

// comparison parses `field [ op value | op values | "in" values ]` or
// refuses `name "(" ")"`, a custom predicate.
func (p *parser) comparison() Cond {
	start, name := p.tok.start, p.text()
	if next := lex(p.src, p.tok.end); next.kind == tLParen && lex(p.src, next.end).kind == tRParen {
		p.fail(ErrNoDataForm)
		return Cond{}
	}
	if !validName(name) {
		p.fail(fmt.Errorf("%w: a field name is lower-case letters, digits, '_' and '.'", ErrMalformed))
		return Cond{}
	}
	p.scan()
	n := &node{kind: kCmp, field: name}
	switch {
	case p.tok.kind == tOp:
		n.op = p.text()
		p.scan()
		if p.tok.kind == tLParen {
			n.vals = p.values()
		} else {
			n.vals = []literal{p.literal()}
		}
	case p.isWord("in"):
		n.op = opIn
		p.scan()
		n.vals = p.values()
	default:
		n.op, n.vals = opEQ, []literal{{litBool, "true"}}
	}
	if p.err != nil {
		return Cond{}
	}
	return p.node(n, start)
}

// values parses `"(" [ literal { "," literal } ] ")"`.
func (p *parser) values() []literal {
	p.expect(tLParen, `"("`)
	return items(p, p.literal)
}

// items parses `[ item { "," item } ] ")"`, the rest of a list whose "("
// has been read.
func items[T any](p *parser, item func() T) []T {
	var out []T
	if p.tok.kind != tRParen {
		for p.err == nil {
			out = append(out, item())
			if p.tok.kind != tComma {
				break
			}
			p.scan()
		}
		if p.tok.kind != tRParen {
			p.fail(want(`"," or ")"`))
		}
	}
	p.scan()
	return out
}

// literal parses a number, a string, true or false.
func (p *parser) literal() literal {
	if p.err != nil {
		return literal{}
	}
	var l literal
	switch s := p.text(); {
	case p.tok.kind == tNumber && isNumber(s):
		l = literal{litText, s}
	case p.tok.kind == tString:
		text, _, ok := unquote(s, -1)
		if !ok {
			p.fail(want("a string in JSON's syntax"))
			return literal{}
		}
		l = literal{litText, text}
	case s == "true" || s == "false":
		l = literal{litBool, s}
	default:
		p.fail(want("a number, a string in double quotes, true or false"))
		return literal{}
	}
	p.scan()
	return l
}

// unquote decodes the JSON string s, quotes included, as encoding/json does
// (an invalid UTF-8 byte or an unpaired surrogate becomes U+FFFD). With at
// >= 0 it also returns the offset in s of what the decoded text's byte at
// came from, or of the closing quote for at the end of the text.
func unquote(s string, at int) (text string, from int, ok bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", 0, false
	}
	var b []byte
	from = -1
	for i := 1; i < len(s)-1; {
		was, unit := len(b), i
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s)-1 {
				return "", 0, false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b, i = append(b, e), i+2
			case 'b', 'f', 'n', 'r', 't':
				b, i = append(b, "\b\f\n\r\t"[strings.IndexByte("bfnrt", e)]), i+2
			case 'u':
				r, ok := hex4(s[i+2 : len(s)-1])
				if !ok {
					return "", 0, false
				}
				i += 6
				if r >= 0xd800 && r < 0xe000 {
					lo, ok := rune(0), false
					if i+1 < len(s)-1 && s[i] == '\\' && s[i+1] == 'u' {
						lo, ok = hex4(s[i+2 : len(s)-1])
					}
					if r < 0xdc00 && ok && lo >= 0xdc00 && lo < 0xe000 {
						r, i = 0x10000+(r-0xd800)<<10+(lo-0xdc00), i+6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", 0, false
			}
		case c < 0x20 || c == '"':
			return "", 0, false
		case c < utf8.RuneSelf:
			b, i = append(b, c), i+1
		default:
			r, size := utf8.DecodeRuneInString(s[i : len(s)-1])
			b, i = utf8.AppendRune(b, r), i+size // RuneError for an invalid byte
		}
		if was <= at && at < len(b) {
			from = unit
		}
	}
	if from < 0 {
		from = len(s) - 1
	}
	return string(b), from, true
}

// hex4 reads the four hex digits that start s.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
