package policy

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Sentinel errors shared by every package of vipcare, for branching with
// errors.Is. Construction and evaluation wrap them in [Problems] that say
// where each problem is, so that errors.Is(err, policy.ErrUnknown) holds
// for an unknown field in a rule, an unknown tier in a lifecycle and an
// unknown play in a default list alike.
var (
	// ErrMissing: a required value or part is missing or empty: a name, a
	// threshold, an approver, the rows of a table, the operands of All.
	ErrMissing = errors.New("missing")
	// ErrMalformed: a value is present but malformed: a name with a
	// forbidden character, a threshold that is not a decimal or a date, a
	// condition's text or JSON form.
	ErrMalformed = errors.New("malformed")
	// ErrDuplicate: a name or identifier that must be unique is repeated.
	ErrDuplicate = errors.New("duplicate")
	// ErrUnknown: a reference to something that does not exist: a field, an
	// operator, a hit policy, a tier, a strategy, a play. The problem's
	// Choices list what exists.
	ErrUnknown = errors.New("unknown")
	// ErrOutOfRange: a number or setting is outside its documented range: a
	// weight, a grace period, a scale, a count of days, a share.
	ErrOutOfRange = errors.New("out of range")
	// ErrTooMany: more of something than a documented limit allows: rungs,
	// dimensions, checks, or nesting deeper than [MaxDepth].
	ErrTooMany = errors.New("too many")
	// ErrOrder: values that must be in ascending order are not: thresholds,
	// ranks, bands, dates.
	ErrOrder = errors.New("not in ascending order")

	// ErrTypeMismatch: an operator or threshold does not fit the field's
	// kind (">" on a bool, a bool threshold on an int field), or a custom
	// predicate was written for another subject type.
	ErrTypeMismatch = errors.New("type mismatch")
	// ErrNoDataForm: a custom predicate ([Custom]) is written in Go and
	// has no JSON or text form: marshalling says so instead of losing it,
	// and text that calls one (`name()`) is refused. A Go part a document
	// must name (a measure, a check, a field) is registered by name in
	// the environment instead.
	ErrNoDataForm = errors.New("written in Go, no data form")
	// ErrOverlap: more than one row of a [Unique] table matched.
	ErrOverlap = errors.New("rows overlap in a unique table")
	// ErrCycle: parts that refer to each other in a circle, such as named
	// conditions each defined by the other.
	ErrCycle = errors.New("refers to itself")
	// ErrStage: a rule reads a field its part cannot read, because a
	// stage of the decision computes it for the parts after: a ladder rule
	// reading the tier, a scorecard reading the segment (only the
	// strategies read the tier, the segment and the needs).
	ErrStage = errors.New("not readable at this stage")
	// ErrProtected: a rule reads a field the schema protects (a client's
	// age, gender, ethnicity, region, anything derived from an ID) where
	// no justification allows it. See [Schema.Protect].
	ErrProtected = errors.New("protected field")
	// ErrUnreachable: a row of a [First] table that can never decide,
	// because a row before it holds for everyone.
	ErrUnreachable = errors.New("never reached")
)

// Problem is one problem with an input: where it is, what it concerns and
// what is wrong. A policy is the bank's configuration, not client data, so
// names are quoted; a client's amounts and identifiers never appear.
type Problem struct {
	// Path locates the problem as a JSON pointer (RFC 6901) into the input
	// as its JSON form spells it, e.g. "/rungs/2/from" or
	// "/rules/0/when/any/1/field"; "" is the input itself.
	Path string
	// Name is the name involved, if any: a field, a tier, a row.
	Name string
	// Err is a sentinel error, such as [ErrUnknown], or wraps one.
	Err error
	// Choices are the valid choices, for a problem about a choice (an
	// unknown field, tier or hit policy).
	Choices []string
	// Line and Column locate the problem in the text it was decoded or
	// parsed from, counting from 1 (the column in bytes); 0 when the
	// input was not text, such as a spec built in Go.
	Line, Column int
}

// Problems is every problem found in one call, in the order found: the one
// error type of vipcare. Construction reports every problem at once rather
// than the first; errors.Is matches each problem's sentinel, and errors.As
// with a *Problems target recovers the list. A nil or empty Problems is no
// problem; use [Problems.Err] to return one as an error.
type Problems []Problem

// Error returns one line a problem, each `vipcare: <path>: line <l>,
// column <c>: "<name>": <problem>` (the position only for a problem found
// in text), with the valid choices where there are some: all of them up to
// 12 ("want one of: ..."), else the six closest to the name ("closest of
// 71: ...").
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("vipcare: ")
		if p.Path != "" {
			b.WriteString(p.Path + ": ")
		}
		if p.Line > 0 {
			b.WriteString("line " + itoa(p.Line) + ", column " + itoa(p.Column) + ": ")
		}
		if p.Name != "" {
			b.WriteString(strconv.Quote(p.Name) + ": ")
		}
		if p.Err != nil {
			b.WriteString(p.Err.Error())
		}
		if len(p.Choices) > 0 {
			b.WriteString(" (" + choiceText(p.Name, p.Choices) + ")")
		}
	}
	return b.String()
}

// MarshalJSON encodes the problem for structured logs, with its error as
// text, which encoding/json would write as {}:
// {"path":"/rungs/2/from","name":"gold","error":"out of range"}, with
// "choices", "line" and "column" when it has them. It holds what Error
// prints, no more.
func (p Problem) MarshalJSON() ([]byte, error) {
	var msg string
	if p.Err != nil {
		msg = p.Err.Error()
	}
	return json.Marshal(struct {
		Path    string   `json:"path"`
		Name    string   `json:"name,omitempty"`
		Error   string   `json:"error"`
		Choices []string `json:"choices,omitempty"`
		Line    int      `json:"line,omitempty"`
		Column  int      `json:"column,omitempty"`
	}{p.Path, p.Name, msg, p.Choices, p.Line, p.Column})
}

// Unwrap returns each problem's error, for errors.Is.
func (ps Problems) Unwrap() []error {
	out := make([]error, 0, len(ps))
	for _, p := range ps {
		if p.Err != nil {
			out = append(out, p.Err)
		}
	}
	return out
}

// Err returns ps as an error, or nil when there is no problem.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Add records a problem at path, a JSON pointer. When err is itself
// [Problems], from a part compiled inside this one, each of its problems is
// added re-rooted under path: a problem at "/field" of a condition at
// "/rungs/2/when" is reported at "/rungs/2/when/field", never prefixed
// twice. A join of errors (errors.Join) is added error by error. name is
// the name of problems that do not name something themselves. A nil err
// adds nothing.
func (ps *Problems) Add(path, name string, err error) {
	switch e := err.(type) {
	case nil:
	case Problems:
		for _, p := range e {
			p.Path = path + p.Path
			if p.Name == "" {
				p.Name = name
			}
			p.Choices = slices.Clone(p.Choices)
			*ps = append(*ps, p)
		}
	case interface{ Unwrap() []error }:
		for _, x := range e.Unwrap() {
			ps.Add(path, name, x)
		}
	default:
		*ps = append(*ps, Problem{Path: path, Name: name, Err: err})
	}
}

// Must returns v, or panics with err. It is for values built from literals
// in programs and tests, where an error is a programmer's mistake:
//
//	ladder := policy.Must(tier.Reference().Compile(nil))
//
// Never use it on data read at run time.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// choiceText lists the choices: all of them when they are few, else the
// ones closest to name.
func choiceText(name string, choices []string) string {
	const most = 12
	if len(choices) <= most {
		return "want one of: " + strings.Join(choices, ", ")
	}
	near := slices.Clone(choices)
	slices.SortStableFunc(near, func(a, b string) int { return distance(name, a) - distance(name, b) })
	return "closest of " + strconv.Itoa(len(choices)) + ": " + strings.Join(near[:6], ", ")
}

// distance is the edit distance between a and b, on bytes, capped at 32 so
// that long names cost little.
func distance(a, b string) int {
	a, b = a[:min(len(a), 32)], b[:min(len(b), 32)]
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func itoa(i int) string     { return strconv.Itoa(i) }
func itoa64(i int64) string { return strconv.FormatInt(i, 10) }
