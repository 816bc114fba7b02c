// Package strictjson decodes JSON into Go values strictly, reporting every
// problem at once, each located by a JSON pointer (RFC 6901) and a line and
// column. It is the one decoder behind every JSON entry point of vipcare
// (policy.Unmarshal and the UnmarshalJSON methods built on it); it is not
// API.
//
// # What it accepts
//
// The Go value is filled as encoding/json fills it, with the same field
// names (json tags, "-", embedded structs, the Go name when there is no
// tag), but only from input that means one thing:
//
//   - an object's key must be a field's json name exactly: an unknown key
//     ([Unknown], with the valid keys as choices) and a key that matches a
//     field only when case is ignored ([Case], with the right key) are
//     rejected, where encoding/json drops the first and accepts the second;
//   - a key may appear once in an object ([Duplicate] at the second), at
//     every level, inside maps, slices and values whose types decode
//     themselves;
//   - a value must have the JSON type its Go type takes ([Type]); null is a
//     value only for pointers, slices, maps, interfaces and types with
//     their own UnmarshalJSON;
//   - the input must be one JSON value in UTF-8, optionally surrounded by
//     white space ([Syntax], [Trailing]), nest at most [MaxDepth] levels
//     ([Deep]) and be at most [MaxSize] bytes ([Large]).
//
// Decoding stops at the first problem past [MaxProblems] ([Many]), which
// bounds the memory a bad input costs.
//
// # Numbers and strings
//
// One rule: a Go string takes a JSON string; a Go integer a JSON number
// with no fraction or exponent that fits the type ([Range] otherwise); a Go
// float a JSON number; a bool true or false. A decimal.Decimal takes a JSON
// string or a JSON number, either way read exactly, never through a
// float: "2000000.50" and 2000000.50 are the same threshold. The literal may
// be at most 64 bytes with an exponent within ±10,000 ([Malformed]
// otherwise), which bounds the work a number can cause. A type with its own
// text form (encoding.TextUnmarshaler: dates, amounts, periods) takes a
// JSON string; a type with its own JSON form (json.Unmarshaler) takes what
// its UnmarshalJSON takes, and an error it returns is reported as a
// [Method] problem at the value, for the caller to re-root. A field tagged
// ",string" takes its value quoted, as encoding/json writes it.
//
// # Results
//
// [Decode] decodes into a fresh value and stores it only when there is no
// problem: a failed decode leaves the target as it was, and a successful one
// replaces it whole (fields absent from the input are zero, where
// encoding/json would keep what the target held). The input is never
// changed. Decoding stops at a syntax error or nesting too deep, where the
// rest of the input cannot be read; other problems are all reported.
//
// Problems never quote the input's values, which may be client data: only
// keys, which are the document's structure, and the Go types' own names.
package strictjson

import (
	"bytes"
	"reflect"
	"strconv"
)

// Limits of one decode. A nested call of a type's own UnmarshalJSON is
// another decode with its own limits, over a part of the input already
// checked against these.
const (
	// MaxDepth is the deepest that objects and arrays may nest: [] is one
	// level. It leaves room for a condition nested policy.MaxDepth levels,
	// two JSON levels each, inside a document.
	MaxDepth = 128
	// MaxSize is the largest input in bytes: 8 MiB.
	MaxSize = 8 << 20
	// MaxProblems is the most problems one decode reports; it stops at
	// the next with a problem of kind Many.
	MaxProblems = 100
)

// Kind is the kind of a [Problem].
type Kind uint8

// The kinds of problem.
const (
	// Syntax: the input is not JSON in UTF-8; decoding stops there.
	Syntax Kind = iota + 1
	// Trailing: more than white space follows the value.
	Trailing
	// Unknown: an object's key names no field of the struct; Choices are
	// the struct's keys.
	Unknown
	// Case: an object's key names a field only when case is ignored;
	// Choices holds the right key.
	Case
	// Duplicate: a key appears a second time in one object.
	Duplicate
	// Type: a value of the wrong JSON type, such as a string for an int.
	Type
	// Malformed: a value of the right JSON type whose text the Go type
	// does not take: a decimal that is not one, bad base64.
	Malformed
	// Range: a number beyond what its Go type holds.
	Range
	// Deep: nesting deeper than MaxDepth; decoding stops there.
	Deep
	// Large: an input larger than MaxSize; nothing is decoded.
	Large
	// Extra: more elements than a Go array has.
	Extra
	// Method: a type's own UnmarshalJSON or UnmarshalText failed with Err.
	Method
	// Many: more than MaxProblems problems; decoding stops there.
	Many
)

// Problem is one problem with the input.
type Problem struct {
	Kind Kind
	// Path is a JSON pointer to the value, or to the key for Unknown, Case
	// and Duplicate; "" is the whole input.
	Path string
	// Name is the innermost object key on Path, if any.
	Name string
	// Words say what is wrong, quoting no value of the input, such as
	// "want a string, not a number"; "" when Kind says it all.
	Words string
	// Choices are the valid keys, for Unknown and Case.
	Choices []string
	// Err is the error a type's own method returned, for Method; Line and
	// Column locate the value the method was given, which starts at line
	// 1, column 1 of its own input.
	Err error
	// Line and Column locate the problem, counting from 1, the column in
	// bytes; 0 for Large.
	Line, Column int
}

// Decode decodes data, one JSON value, into v, a non-nil pointer, and
// returns every problem, or nil when v was set. See the package
// documentation for what it accepts.
func Decode(data []byte, v any) []Problem {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return []Problem{{Kind: Type, Words: "want a non-nil pointer to decode into, not " + typeName(rv)}}
	}
	if len(data) > MaxSize {
		return []Problem{{Kind: Large, Words: "input of more than " + strconv.Itoa(MaxSize) + " bytes"}}
	}
	d := decoder{data: data, plans: make(map[reflect.Type]*plan)}
	if words := encodingOf(data); words != "" { // what an editor on Windows may save
		d.report(Syntax, 0, words, nil)
		return d.probs
	}
	fresh := reflect.New(rv.Type().Elem()).Elem()
	d.value(fresh, d.planOf(fresh.Type()), 0, false)
	if !d.fatal {
		d.ws()
		if d.pos < len(d.data) {
			d.report(Trailing, d.pos, "data after the JSON value", nil)
		}
	}
	if len(d.probs) > 0 {
		return d.probs
	}
	rv.Elem().Set(fresh)
	return nil
}

func typeName(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	return v.Type().String()
}

// encodingOf says what is wrong with data that starts as no JSON text in
// UTF-8 does: a byte order mark, or UTF-16; "" otherwise.
func encodingOf(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return "a byte order mark: save the document as UTF-8 without one"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}),
		len(data) >= 2 && (data[0] == 0) != (data[1] == 0): // UTF-16 without a mark: every other byte 0
		return "UTF-16 text: save the document as UTF-8"
	}
	return ""
}
