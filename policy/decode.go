package policy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/vipcare/vipcare/internal/strictjson"
)

// The errors of keys that Unmarshal rejects, wrapping the sentinels.
var (
	errUnknownKey   = fmt.Errorf("%w key", ErrUnknown)
	errCaseKey      = fmt.Errorf("%w key: keys are case-sensitive", ErrUnknown)
	errDuplicateKey = fmt.Errorf("%w key", ErrDuplicate)
)

// sentinels are the errors a problem's Err wraps.
var sentinels = []error{ErrMissing, ErrMalformed, ErrDuplicate, ErrUnknown, ErrOutOfRange, ErrTooMany,
	ErrOrder, ErrTypeMismatch, ErrNoDataForm, ErrOverlap, ErrCycle, ErrStage, ErrProtected, ErrUnreachable}

// Unmarshal decodes data, one JSON document, into v, a non-nil pointer to
// any value with a JSON form (a spec, a profile, a condition), strictly:
// the module's one strict decoder, for documents read from files and
// requests. A type's UnmarshalJSON builds on it by decoding into the type
// without its methods, so that encoding/json decodes the type strictly too:
//
//	func (s *Spec) UnmarshalJSON(b []byte) error {
//		type plain Spec
//		return policy.Unmarshal(b, (*plain)(s))
//	}
//
// It returns [Problems], every problem at once, each with a JSON pointer
// and a line and column (from 1, the column in bytes):
//
//   - an unknown key ([ErrUnknown], the valid keys as Choices), or a key
//     that differs from a valid one only in case ([ErrUnknown] with
//     "case-sensitive" in its words and the right key as its one choice),
//     where encoding/json drops the first and accepts the second;
//   - a key repeated in one object ([ErrDuplicate], at the second);
//   - a value of the wrong JSON type ([ErrTypeMismatch]), a number that
//     does not fit its Go type ([ErrOutOfRange]), a value its type does
//     not take ([ErrMalformed]), and the problems a part's own
//     UnmarshalJSON finds (a condition's malformed form), re-rooted at
//     the part, their lines and columns moved to the document's;
//   - input that is not one JSON value in UTF-8 ([ErrMalformed]), nests
//     deeper than 128 levels or is larger than 8 MiB ([ErrTooMany]).
//
// It reports at most 100 problems, and then one [ErrTooMany] for the rest.
//
// One rule for numbers and strings: a text field takes a JSON string, an
// integer field a JSON number with no fraction or exponent, a boolean true
// or false; a decimal (a threshold, an amount) takes a JSON string or a
// JSON number, read exactly either way, of at most 64 characters as
// written and as written out in full; a date, an amount or another type
// with its own text form takes a JSON string. null stands only for an
// absent list, map or optional part, or where a type's own UnmarshalJSON
// takes it (a null condition is no condition).
//
// v is set only when there is no problem, and then whole: fields the
// document leaves out are zero, whatever v held. data is not changed.
// Problems name keys but never quote values, which may be client data.
func Unmarshal(data []byte, v any) error {
	found := strictjson.Decode(data, v)
	if len(found) == 0 {
		return nil
	}
	var ps Problems
	for _, f := range found {
		ps.addDecoded(f)
	}
	ps = ps.once()
	// in the document's order, whichever decode found them
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	if len(ps) > strictjson.MaxProblems+1 {
		last := ps[strictjson.MaxProblems]
		ps = append(ps[:strictjson.MaxProblems], Problem{Path: last.Path, Line: last.Line, Column: last.Column,
			Err: fmt.Errorf("%w: more than %d problems", ErrTooMany, strictjson.MaxProblems)})
	}
	return ps
}

// once drops the second report of a duplicate key: the decoder checks the
// keys of the values it hands to their own UnmarshalJSON, and a nested
// decode (strict, or a condition's own) finds the same ones at the same
// path, located less exactly when the nested decode gives no position.
func (ps Problems) once() Problems {
	direct := make(map[string]bool) // paths of duplicate keys the decoder found itself
	for _, p := range ps {
		if p.Err == errDuplicateKey {
			direct[p.Path] = true
		}
	}
	type at struct {
		path         string
		line, column int
	}
	seen := make(map[at]bool)
	out := ps[:0]
	for _, p := range ps {
		if errors.Is(p.Err, ErrDuplicate) {
			if p.Err != errDuplicateKey && direct[p.Path] {
				continue
			}
			k := at{p.Path, p.Line, p.Column}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, p)
	}
	return out
}

// addDecoded adds the problem the strict decoder found.
func (ps *Problems) addDecoded(f strictjson.Problem) {
	p := Problem{Path: f.Path, Name: f.Name, Line: f.Line, Column: f.Column, Choices: slices.Clone(f.Choices)}
	switch f.Kind {
	case strictjson.Syntax:
		p.Err = fmt.Errorf("%w JSON: %s", ErrMalformed, f.Words)
	case strictjson.Trailing:
		p.Err = fmt.Errorf("%w JSON: %s", ErrMalformed, f.Words)
	case strictjson.Unknown:
		p.Err = errUnknownKey
	case strictjson.Case:
		p.Err = errCaseKey
	case strictjson.Duplicate:
		p.Err = errDuplicateKey
	case strictjson.Type:
		p.Err = fmt.Errorf("%w: %s", ErrTypeMismatch, f.Words)
	case strictjson.Malformed:
		p.Err = fmt.Errorf("%w: %s", ErrMalformed, f.Words)
	case strictjson.Range:
		p.Err = fmt.Errorf("%w: %s", ErrOutOfRange, f.Words)
	case strictjson.Deep, strictjson.Large, strictjson.Extra:
		p.Err = fmt.Errorf("%w: %s", ErrTooMany, f.Words)
	case strictjson.Method:
		ps.addNested(p, f.Words, f.Err)
		return
	}
	*ps = append(*ps, p)
}

// addNested adds err, which a value's own UnmarshalJSON or UnmarshalText
// returned, at the value: at gives its path, key, line and column. The
// problems of [Problems] are re-rooted under the value, their lines and
// columns, relative to the value's text, moved to the document's; any
// other error that wraps a sentinel is kept; a foreign error, whose text
// may quote the value, becomes [ErrMalformed] with words saying what the
// value should be.
func (ps *Problems) addNested(at Problem, words string, err error) {
	switch e := err.(type) {
	case Problems:
		for _, p := range e {
			p.Path = at.Path + p.Path
			if p.Name == "" {
				p.Name = at.Name
			}
			switch {
			case p.Line == 0:
				p.Line, p.Column = at.Line, at.Column
			case p.Line == 1:
				p.Line, p.Column = at.Line, at.Column+p.Column-1
			default:
				p.Line += at.Line - 1
			}
			p.Choices = slices.Clone(p.Choices)
			*ps = append(*ps, p)
		}
		return
	case interface{ Unwrap() []error }:
		for _, x := range e.Unwrap() {
			ps.addNested(at, words, x)
		}
		return
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			at.Err = err
			*ps = append(*ps, at)
			return
		}
	}
	at.Err = fmt.Errorf("%w: %s", ErrMalformed, words)
	*ps = append(*ps, at)
}
