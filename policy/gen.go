package policy

import (
	"fmt"
	"go/format"
	gotoken "go/token"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/num"
)

// GoFunc is one function of the Go source [GenerateGo] writes: a
// condition, func Name(r *Row) bool, when Cases is empty; else a choice,
// func Name(r *Row) int, that returns the Value of the first case whose
// When holds, or Else when none does, as a Go switch does.
type GoFunc struct {
	// Name is the function's name: an exported Go identifier, unique in
	// the file, not Row nor Layout.
	Name string
	// Doc is the first line of the function's doc comment, after its
	// name, in printable text on one line; the conditions themselves, in
	// their text form, follow.
	Doc string
	// When is a condition function's condition.
	When Cond
	// Cases are a choice function's cases, in order.
	Cases []GoCase
	// Else is what a choice function returns when no case holds.
	Else int
}

// GoCase is one case of a choice [GoFunc].
type GoCase struct {
	// When is the case's condition.
	When Cond
	// Value is what the choice returns when When is the first case that
	// holds.
	Value int
}

// GenerateGo returns a gofmt-ed Go source file, in package pkg, of funcs
// over the fields of schema s that they read: rules as data turned into
// Go at build time, for the hottest loop of a bank that can afford a
// build step per policy version. The file declares
//
//   - const Layout: the fields the functions read, with their kinds, one
//     per line; [NewLoader] checks it against the schema at run time;
//   - type Row [n]int64: one subject's fields, filled by [Loader.Load],
//     which prints, logs and marshals as "[redacted]";
//   - each function, over *Row, with the conditions as comparisons of
//     slots with constants that the Go compiler inlines;
//   - when needed, the unexported helpers mulAtLeast and b2i.
//
// so it is meant to be alone in its package, written by a go:generate
// program from the reviewed policy (write its result with os.WriteFile):
//
//	//go:generate go run ./gen
//
// A generated function holds exactly when the [Compile]d rule does (a
// choice returns the value of its first case whose rule holds), on every
// subject: numbers, flags, enum and date comparisons as Eval compares
// them, a ratio by multiplying its part and its whole in 128 bits. The
// file imports fmt and log/slog, for the row's redaction, and math/bits
// when a ratio is compared. It passes go vet: a repeated operand of an
// and or an or is written once, and where the Go would compare one slot
// with two different constants, by == under an and or by != under an or
// (a number, count, enum or date field by ==, a number, count or enum
// field by !=), the and is written false and the or true, as they hold
// for no row and for every row: a policy that asks for risk "C1" and risk
// "C2" at once generates a function that returns false, with the
// condition as written in its doc comment. A field read only there still
// has its slot.
// The functions read only the fields: a check the compiled policy makes
// besides its rules (a ladder's currency, say) is the caller's.
//
// It reports every problem at once as [Problems]: a pkg or a name that is
// not a Go identifier, or a pkg "main" ([ErrMalformed], at "/package" and
// "/funcs/i/name"), a repeated name ([ErrDuplicate]), no funcs
// ([ErrMissing] at "/funcs"), a Doc that is not printable text on one
// line ([ErrMalformed] at "/funcs/i/doc"), a condition with an Else or a
// choice with a When ([ErrMalformed] at "/funcs/i/else" or
// "/funcs/i/when"), and each condition's problems as [Compile] reports
// them, located under "/funcs/i/when" or "/funcs/i/cases/j/when"; a
// [Custom] condition has no data form to generate from
// ([ErrNoDataForm]).
func GenerateGo[T any](s *Schema[T], pkg string, funcs ...GoFunc) ([]byte, error) {
	g := generator[T]{s: s, slot: map[string]int{}}
	if !gotoken.IsIdentifier(pkg) || pkg == "_" || pkg == "main" {
		g.problems.Add("/package", pkg, ErrMalformed)
	}
	if len(funcs) == 0 {
		g.problems.Add("/funcs", "", ErrMissing)
	}
	seen := map[string]bool{}
	for i, f := range funcs {
		at := "/funcs/" + itoa(i)
		switch {
		case !gotoken.IsIdentifier(f.Name) || !gotoken.IsExported(f.Name) || f.Name == "Row" || f.Name == "Layout":
			g.problems.Add(at+"/name", f.Name, ErrMalformed)
		case seen[f.Name]:
			g.problems.Add(at+"/name", f.Name, ErrDuplicate)
		}
		seen[f.Name] = true
		if !printable(f.Doc) {
			g.problems.Add(at+"/doc", f.Name, ErrMalformed)
		}
		if len(f.Cases) == 0 {
			if f.Else != 0 {
				g.problems.Add(at+"/else", f.Name, ErrMalformed) // a condition has no else
			}
			g.check(f.When, at+"/when")
			continue
		}
		if f.When != (Cond{}) {
			g.problems.Add(at+"/when", f.Name, ErrMalformed) // a choice's conditions are its cases'
		}
		for j, c := range f.Cases {
			g.check(c.When, at+"/cases/"+itoa(j)+"/when")
		}
	}
	if err := g.problems.Err(); err != nil {
		return nil, err
	}
	// The functions' text, which lays out the slots as it reads fields.
	var body strings.Builder
	for _, f := range funcs {
		g.function(&body, f)
	}
	var b strings.Builder
	b.WriteString("// Code generated by policy.GenerateGo. DO NOT EDIT.\n\n")
	b.WriteString("package " + pkg + "\n\n")
	b.WriteString("import (\n\t\"fmt\"\n\t\"log/slog\"\n")
	if g.ratio {
		b.WriteString("\t\"math/bits\"\n")
	}
	b.WriteString(")\n\n")
	b.WriteString("// Layout is the fields a Row holds, for policy.NewLoader.\n")
	b.WriteString("const Layout = " + strconv.Quote(g.layout()) + "\n\n")
	b.WriteString("// Row is one subject's fields, loaded by the policy.Loader of Layout:\n")
	for i, name := range g.fields {
		fmt.Fprintf(&b, "// slot %d %s", g.slot[name], name)
		if g.s.fields[name].ratio != nil {
			fmt.Fprintf(&b, " (its part; its whole in slot %d)", g.slot[name]+1)
		}
		if i < len(g.fields)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "type Row [%d]int64\n", g.n)
	b.WriteString(rowRedacted)
	b.WriteString(body.String())
	if g.ratio {
		b.WriteString(ratioHelper)
	}
	if g.count {
		b.WriteString("\nfunc b2i(b bool) int {\n\tif b {\n\t\treturn 1\n\t}\n\treturn 0\n}\n")
	}
	src, err := format.Source([]byte(b.String()))
	if err != nil { // a bug here: every input was checked
		return nil, fmt.Errorf("policy: the generated Go does not parse, a bug in GenerateGo: %w", err)
	}
	return src, nil
}

// rowRedacted are a Row's methods that keep its values, a client's, out
// of fmt, log/slog and encoding/json, as every vipcare type that holds
// client data does.
const rowRedacted = `
// Format prints "[redacted]": a row holds a client's values.
func (Row) Format(s fmt.State, _ rune) { fmt.Fprint(s, "[redacted]") }

// LogValue logs "[redacted]": a row holds a client's values.
func (Row) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// MarshalJSON writes "[redacted]": a row holds a client's values.
func (Row) MarshalJSON() ([]byte, error) { return []byte(` + "`" + `"[redacted]"` + "`" + `), nil }
`

// ratioHelper is the multiplication by which generated code compares a
// ratio with a threshold, as [num.RatioAtLeast].
const ratioHelper = `
// mulAtLeast reports whether part*unit >= t*whole, in 128 bits.
func mulAtLeast(part, whole, unit, t uint64) bool {
	ph, pl := bits.Mul64(part, unit)
	th, tl := bits.Mul64(t, whole)
	return ph > th || ph == th && pl >= tl
}
`

// generator writes the Go of conditions over a schema's fields.
type generator[T any] struct {
	s        *Schema[T]
	problems Problems
	fields   []string       // in the order first read
	slot     map[string]int // a field's first slot
	n        int            // slots in use
	ratio    bool           // a ratio is compared: the file needs mulAtLeast
	count    bool           // an AtLeast: the file needs b2i
}

// check adds c's problems, as Compile finds them, located under at.
func (g *generator[T]) check(c Cond, at string) {
	if _, err := Compile(g.s, c); err != nil {
		for _, p := range err.(Problems) {
			p.Path = at + p.Path
			g.problems = append(g.problems, p)
		}
	}
	var walk func(c Cond, path string)
	walk = func(c Cond, path string) {
		switch n := c.n; {
		case n == nil:
		case n.kind == kCustom:
			g.problems.Add(path, n.name, ErrNoDataForm)
		case n.kind == kNot:
			walk(n.kids[0], path+"/not")
		case n.kind == kAll || n.kind == kAny || n.kind == kAtLeast:
			key := map[nodeKind]string{kAll: "/all/", kAny: "/any/", kAtLeast: "/of/"}[n.kind]
			for i, k := range n.kids {
				walk(k, path+key+itoa(i))
			}
		}
	}
	walk(c, at)
}

// function writes f.
func (g *generator[T]) function(b *strings.Builder, f GoFunc) {
	doc := f.Name
	switch {
	case f.Doc != "":
		doc += " " + f.Doc
	case len(f.Cases) == 0:
		doc += " reports whether the subject of r meets:"
	default:
		doc += " returns the value of the first case the subject of r meets:"
	}
	fmt.Fprintf(b, "\n// %s\n//\n", doc)
	if len(f.Cases) == 0 {
		fmt.Fprintf(b, "//\t%s\n", oneLine(f.When))
		fmt.Fprintf(b, "func %s(r *Row) bool {\n\treturn %s\n}\n", f.Name, g.expr(f.When))
		return
	}
	for _, c := range f.Cases {
		fmt.Fprintf(b, "//\t%d when %s\n", c.Value, oneLine(c.When))
	}
	fmt.Fprintf(b, "//\t%d otherwise\n", f.Else)
	fmt.Fprintf(b, "func %s(r *Row) int {\n\tswitch {\n", f.Name)
	for _, c := range f.Cases {
		fmt.Fprintf(b, "\tcase %s:\n\t\treturn %d\n", g.expr(c.When), c.Value)
	}
	fmt.Fprintf(b, "\t}\n\treturn %d\n}\n", f.Else)
}

// oneLine is c's text on one line of a comment. The text form escapes
// line breaks and writes a byte that is not UTF-8 as U+FFFD; a rune it
// leaves that a comment should not hold (a byte order mark in an enum's
// value) is written as its Go escape.
func oneLine(c Cond) string {
	text := c.String()
	if printable(text) {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		if r == ' ' || unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		}
	}
	return b.String()
}

// printable reports whether s is UTF-8 of printable runes and spaces
// only: text a line comment may hold.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != ' ' && !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// at returns the slot of the field name, laying it out when first read.
func (g *generator[T]) at(name string) int {
	if i, ok := g.slot[name]; ok {
		return i
	}
	g.slot[name] = g.n
	g.fields = append(g.fields, name)
	g.n++
	if g.s.fields[name].ratio != nil {
		g.n++ // the whole
	}
	return g.slot[name]
}

// layout is the Layout of the fields read, one line each.
func (g *generator[T]) layout() string {
	lines := make([]string, len(g.fields))
	for i, name := range g.fields {
		lines[i] = layoutLine(g.s.fields[name])
	}
	return strings.Join(lines, "\n")
}

// layoutLine describes f as a Layout does: its name and kind, a decimal's
// scale ("ratio" for a ratio field), an enum's values.
func layoutLine[T any](f *FieldSpec[T]) string {
	switch f.kind {
	case kindDecimal:
		k := "decimal"
		if f.ratio != nil {
			k = "ratio"
		}
		return f.name + " " + k + " " + itoa(f.scale)
	case kindEnum:
		vs := make([]string, len(f.values))
		for i, v := range f.values {
			vs[i] = strconv.Quote(v)
		}
		return f.name + " enum " + strings.Join(vs, " ")
	}
	return f.name + " " + kindNames[f.kind]
}

// Precedences of a Go expression, for the parentheses it needs as an
// operand: a primary (a call, a negation, a constant), a comparison, an
// and, an or.
const (
	precPrimary = iota
	precCompare
	precAnd
	precOr
)

// gx is a Go boolean expression being built: an atom, or the operands of
// a chain of && or of ||, each already in the parentheses it needs.
// Chains are kept flat and without a repeated operand, which go vet
// reports as redundant, and a chain that holds for no row or for every
// row in a way go vet reports as suspect is written as its constant.
type gx struct {
	op    string   // "&&", "||", or "" for an atom
	parts []string // an atom's text, or the chain's operands
	prec  int      // an atom's: precPrimary or precCompare
	neg   *gx      // for a negation written by not, what it negates
}

var (
	gxTrue  = atom("true", precPrimary)
	gxFalse = atom("false", precPrimary)
)

// atom is the expression s of precedence prec.
func atom(s string, prec int) gx { return gx{parts: []string{s}, prec: prec} }

// String returns x's text.
func (x gx) String() string { return strings.Join(x.parts, " "+x.op+" ") }

// precedence returns x's precedence.
func (x gx) precedence() int {
	switch x.op {
	case "&&":
		return precAnd
	case "||":
		return precOr
	}
	return x.prec
}

// chain joins xs with op, "&&" or "||": a chain of the same op is
// flattened into it, a repeated operand dropped, the neutral constant
// (true for &&, false for ||) dropped and the absorbing one returned, as
// it is for a chain that is decided whatever the row.
func chain(op string, xs ...gx) gx {
	neutral, absorbing, prec := gxTrue, gxFalse, precAnd
	if op == "||" {
		neutral, absorbing, prec = gxFalse, gxTrue, precOr
	}
	var parts []string
	var first gx // the operand that gave parts[0], when not a chain of op
	for _, x := range xs {
		switch {
		case x.op == op:
			for _, p := range x.parts {
				if !slices.Contains(parts, p) {
					parts = append(parts, p)
				}
			}
			continue
		case x.String() == absorbing.String():
			return absorbing
		case x.String() == neutral.String():
			continue
		}
		p := paren(x.String(), x.precedence(), prec)
		if !slices.Contains(parts, p) {
			if len(parts) == 0 {
				first = x
			}
			parts = append(parts, p)
		}
	}
	switch len(parts) {
	case 0:
		return neutral
	case 1: // not from a chain of op, which has two parts at least
		return first
	}
	if decided(op, parts) {
		return absorbing
	}
	return gx{op: op, parts: parts}
}

// decided reports whether parts, the operands of a chain of op, compare
// one slot with two different constants, by == in a chain of && or by !=
// in a chain of ||: such a chain is false, or true, whatever the row (a
// policy that asks for risk "C1" and risk "C2" at once), and go vet
// reports it as suspect. Such a comparison is in the text compare writes,
// "r[i] op n" with n an integer, and nothing else: an operand of another
// form (in parentheses, negated, a call, a date's "!= -1 << 63") is passed
// over, which is safe, as the chain is then written as it is. The text
// before op must be the slot alone: an && under an || is not in
// parentheses, and "r[3] == 1 && r[5] != 2" is no comparison of r[5].
func decided(op string, parts []string) bool {
	eq := " == "
	if op == "||" {
		eq = " != "
	}
	seen := make(map[string]int64, len(parts))
	for _, p := range parts {
		x, c, ok := strings.Cut(p, eq)
		if !ok || !strings.HasPrefix(x, "r[") || strings.Contains(x, " ") {
			continue
		}
		t, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			continue
		}
		if prev, ok := seen[x]; ok && prev != t {
			return true
		}
		seen[x] = t
	}
	return false
}

// paren is e, of precedence p, as an operand of an operator of
// precedence prec: in parentheses when it binds less tightly, or as
// tightly but is not a primary (a == b == c does not parse).
func paren(e string, p, prec int) string {
	if p > prec || p == prec && p == precCompare {
		return "(" + e + ")"
	}
	return e
}

// not is the negation of x.
func not(x gx) gx {
	e := x.String()
	switch {
	case x.neg != nil:
		return *x.neg
	case e == "true":
		return gxFalse
	case e == "false":
		return gxTrue
	case x.precedence() != precPrimary:
		e = "(" + e + ")"
	}
	n := atom("!"+e, precPrimary)
	n.neg = &x
	return n
}

// expr is c as a Go expression over r. c has compiled.
func (g *generator[T]) expr(c Cond) gx {
	n := c.n
	if n == nil {
		return gxTrue
	}
	switch n.kind {
	case kAll, kAny:
		op := "&&"
		if n.kind == kAny {
			op = "||"
		}
		xs := make([]gx, len(n.kids))
		for i, k := range n.kids {
			xs[i] = g.expr(k)
		}
		return chain(op, xs...)
	case kNot:
		return not(g.expr(n.kids[0]))
	case kAtLeast:
		g.count = true
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = "b2i(" + g.expr(k).String() + ")"
		}
		return atom(strings.Join(parts, "+")+" >= "+itoa(n.n), precCompare)
	}
	return g.compare(n)
}

// compare is the comparison n as a Go expression.
func (g *generator[T]) compare(n *node) gx {
	f, at := g.s.fields[n.field], g.at(n.field)
	v := "r[" + itoa(at) + "]"
	cmp := func(op string, t int64) gx { return atom(v+" "+op+" "+itoa64(t), precCompare) }
	switch f.kind {
	case kindBool:
		if (n.vals[0].text == "true") == (n.op == opEQ) {
			return cmp("!=", 0)
		}
		return cmp("==", 0)
	case kindInt:
		ts, _ := intThresholds(n)
		if n.op == opIn {
			return anyEqual(cmp, ts)
		}
		return cmp(n.op, ts[0])
	case kindEnum:
		idx := make([]int64, len(n.vals))
		for i, l := range n.vals {
			idx[i] = int64(slices.Index(f.values, l.text))
		}
		switch n.op {
		case opIn:
			return anyEqual(cmp, idx)
		case opEQ, opNE, opGE, opGT:
			// A value outside the enum is -1: below every value, and
			// != holds for it, as for its text.
			return cmp(n.op, idx[0])
		}
		return chain("&&", cmp(">=", 0), cmp(n.op, idx[0]))
	case kindDate:
		d, _ := time.Parse(time.DateOnly, n.vals[0].text)
		t := cmp(n.op, civil.DayOf(d))
		if n.op == opEQ || n.op == opGE || n.op == opGT { // a zero date's slot is below every day
			return t
		}
		return chain("&&", atom(v+" != "+unknownDate, precCompare), t)
	}
	t, _ := decimalThreshold(f, n)
	if f.ratio == nil {
		return cmp(n.op, t)
	}
	g.ratio = true
	l := numLeaf(f.num, n.op, t)
	lo, hi := l.lo, int64(uint64(l.lo)+l.span)
	unit := num.Pow10[f.scale]
	x := gxTrue
	if lo > math.MinInt64 {
		x = ratioAtLeast(at, unit, lo)
	}
	if hi < math.MaxInt64 {
		x = chain("&&", x, not(ratioAtLeast(at, unit, hi+1)))
	}
	if l.neg {
		return not(x)
	}
	return x
}

// ratioAtLeast is the Go expression of whether the ratio field of slots
// at (its part) and at+1 (its whole), in units of 1/unit, is at least t:
// its value is part*unit/whole truncated toward zero, 0 when whole is not
// positive, clamped to ±RatioClamp ([num.RatioIn]). For t from 1 to the
// clamp it is at least t exactly when part >= 0, whole > 0 and
// part*unit >= t*whole; for t of 0 or less, unless it is at most t-1,
// that is, unless part < 0, whole > 0 and -part*unit >= (1-t)*whole.
func ratioAtLeast(at int, unit, t int64) gx {
	p, w := "r["+itoa(at)+"]", "r["+itoa(at+1)+"]"
	switch {
	case t > num.RatioClamp:
		return gxFalse
	case t >= 1:
		return chain("&&", atom(p+" >= 0", precCompare), atom(w+" > 0", precCompare),
			atom(fmt.Sprintf("mulAtLeast(uint64(%s), uint64(%s), %d, %d)", p, w, unit, t), precPrimary))
	case t < 1-num.RatioClamp: // 1-t is above the clamp: t-1 is below every value
		return gxTrue
	}
	return not(chain("&&", atom(p+" < 0", precCompare), atom(w+" > 0", precCompare),
		atom(fmt.Sprintf("mulAtLeast(-uint64(%s), uint64(%s), %d, %d)", p, w, unit, 1-t), precPrimary)))
}

// unknownDate is the slot of a zero date, which no real date's day
// number reaches: every comparison with it fails, != included.
const unknownDate = "-1 << 63"

// anyEqual is the value of cmp equal to one of ts.
func anyEqual(cmp func(op string, t int64) gx, ts []int64) gx {
	xs := make([]gx, len(ts))
	for i, t := range ts {
		xs[i] = cmp("==", t)
	}
	return chain("||", xs...)
}

// Loader fills the Row of Go source that [GenerateGo] wrote from a
// subject, through the accessors of a schema: one slot per field, two for
// a ratio (its part, then its whole); a flag as 1 or 0, an enum as the
// position of its value (-1 for a value outside the enum), a date as its
// day number in its own location (the least int64 for a zero date). A
// Loader is immutable and safe for concurrent use.
type Loader[T any] struct {
	// The slots by kind of field, so that loading one calls the field's
	// accessor and nothing else: a closure per slot around the accessor
	// made loading a row cost a fifth more than the compiled rules it
	// replaces.
	nums   []slot[func(*T) int64]
	ratios []slot[func(*T) (int64, int64)]
	flags  []slot[func(*T) bool]
	enums  []enumSlot[T]
	dates  []slot[func(*T) time.Time]
	n      int
}

// slot is where a Row holds a field, and the field's accessor.
type slot[F any] struct {
	at  int
	get F
}

// enumSlot is where a Row holds an enum field, its accessor and values.
type enumSlot[T any] struct {
	slot[func(*T) string]
	values []string
}

// NewLoader returns the loader of layout, the Layout constant of a file
// that [GenerateGo] wrote, over schema s: the schema of run time, which
// may be newer than the one the file was generated from. It reports
// every problem at once as [Problems], located at "/i", the line of the
// layout (a final line break is not a line): a line that is not a field
// ([ErrMalformed], named by the line), a field s does not
// have ([ErrUnknown], with its fields as choices) or protects
// ([ErrProtected]), or has with another kind, scale or enum values
// ([ErrTypeMismatch]): regenerate the file from s.
func NewLoader[T any](s *Schema[T], layout string) (*Loader[T], error) {
	l := &Loader[T]{}
	var problems Problems
	var lines []string
	if layout = strings.TrimSuffix(layout, "\n"); layout != "" { // a file's last line break
		lines = strings.Split(layout, "\n")
	}
	for i, line := range lines {
		at := "/" + itoa(i)
		name, _, _ := strings.Cut(line, " ")
		f, ok := s.fields[name]
		switch {
		case !validName(name):
			problems.Add(at, line, ErrMalformed)
			continue
		case !ok:
			problems = append(problems, Problem{Path: at, Name: name, Err: ErrUnknown, Choices: slices.Clone(s.order)})
			continue
		case f.protected:
			problems.Add(at, name, ErrProtected)
			continue
		case layoutLine(f) != line:
			problems.Add(at, name, ErrTypeMismatch)
			continue
		}
		l.add(f)
		l.n++
		if f.ratio != nil {
			l.n++
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// add lays out f at slot l.n (its whole at l.n+1 for a ratio).
func (l *Loader[T]) add(f *FieldSpec[T]) {
	switch at := l.n; {
	case f.ratio != nil:
		l.ratios = append(l.ratios, slot[func(*T) (int64, int64)]{at, f.ratio})
	case f.num != nil:
		l.nums = append(l.nums, slot[func(*T) int64]{at, f.num})
	case f.boolean != nil:
		l.flags = append(l.flags, slot[func(*T) bool]{at, f.boolean})
	case f.str != nil:
		l.enums = append(l.enums, enumSlot[T]{slot[func(*T) string]{at, f.str}, f.values})
	default:
		l.dates = append(l.dates, slot[func(*T) time.Time]{at, f.date})
	}
}

// Len returns the number of slots of a Row: its length.
func (l *Loader[T]) Len() int { return l.n }

// Load writes the fields of s into row, which must be a Row of the
// layout (l.Len() slots at least): row[:] of a generated Row. It does not
// allocate.
func (l *Loader[T]) Load(s *T, row []int64) {
	if l.n == 0 {
		return
	}
	_ = row[l.n-1] // a clear panic for a short row
	for _, x := range l.nums {
		row[x.at] = x.get(s)
	}
	for _, x := range l.ratios {
		row[x.at], row[x.at+1] = x.get(s)
	}
	for _, x := range l.flags {
		var v int64
		if x.get(s) {
			v = 1
		}
		row[x.at] = v
	}
	for _, x := range l.enums {
		row[x.at] = int64(slices.Index(x.values, x.get(s)))
	}
	for _, x := range l.dates {
		v := int64(math.MinInt64)
		if t := x.get(s); !t.IsZero() {
			v = civil.DayOf(t)
		}
		row[x.at] = v
	}
}
