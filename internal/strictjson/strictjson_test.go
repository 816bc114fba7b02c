package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// item is a struct inside slices, maps and pointers of doc.
type item struct {
	Name   string          `json:"name"`
	Count  int             `json:"count,omitempty"`
	Tags   []string        `json:"tags,omitempty"`
	Attrs  map[string]int  `json:"attrs,omitempty"`
	Amount decimal.Decimal `json:"amount"`
	Hidden string          `json:"-"`
	NoTag  bool
}

// Base is embedded in doc; its Shadow is hidden by doc's own.
type Base struct {
	E      string `json:"e"`
	Shadow string `json:"shadow"`
}

// extra is an unexported struct embedded in doc, its fields promoted.
type extra struct {
	X int `json:"x"`
}

// word decodes itself from text.
type word string

func (w *word) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty word")
	}
	*w = word(b)
	return nil
}

// picky decodes itself from JSON and fails on "bad".
type picky struct{ raw string }

var errPicky = errors.New("picky says no")

func (p *picky) UnmarshalJSON(b []byte) error {
	if bytes.Contains(b, []byte("bad")) {
		return errPicky
	}
	p.raw = string(b)
	return nil
}

type doc struct {
	Base
	extra
	Shadow  int               `json:"shadow"`
	Items   []item            `json:"items"`
	ByKey   map[string]item   `json:"by_key"`
	Ptr     *item             `json:"ptr"`
	Any     any               `json:"any"`
	When    time.Time         `json:"when"`
	Raw     json.RawMessage   `json:"raw"`
	Word    word              `json:"word"`
	Picky   picky             `json:"picky"`
	Pickies []picky           `json:"pickies"`
	Arr     [2]int            `json:"arr"`
	Q       int               `json:"q,string"`
	U8      uint8             `json:"u8"`
	F32     float32           `json:"f32"`
	Bytes   []byte            `json:"bytes"`
	Num     json.Number       `json:"num"`
	IntKeys map[int8]string   `json:"int_keys"`
	Words   map[word]int      `json:"words"`
	Self    *doc              `json:"self"`
	Nested  map[string][]item `json:"nested"`
}

// docKeys are doc's keys in order, the choices of an unknown key.
var docKeys = []string{"e", "x", "shadow", "items", "by_key", "ptr", "any", "when", "raw", "word", "picky",
	"pickies", "arr", "q", "u8", "f32", "bytes", "num", "int_keys", "words", "self", "nested"}

var itemKeys = []string{"name", "count", "tags", "attrs", "amount", "NoTag"}

// got is what a test compares of a problem.
type got struct {
	Kind         Kind
	Path, Name   string
	Line, Column int
	Choices      []string
}

func project(ps []Problem) []got {
	var out []got
	for _, p := range ps {
		out = append(out, got{p.Kind, p.Path, p.Name, p.Line, p.Column, p.Choices})
	}
	return out
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []got
	}{
		{"unknown key at the top", `{"e":"a","nmae":1}`,
			[]got{{Unknown, "/nmae", "nmae", 1, 10, docKeys}}},
		{"unknown key in a slice's struct", "{\"items\": [\n  {\"name\": \"a\"},\n  {\"nmae\": \"b\"}\n]}",
			[]got{{Unknown, "/items/1/nmae", "nmae", 3, 4, itemKeys}}},
		{"unknown key in a map's value", "{\"by_key\": {\"k/1\": {\"name\": \"a\",\n \"size\": 2}}}",
			[]got{{Unknown, "/by_key/k~11/size", "size", 2, 2, itemKeys}}},
		{"unknown key in a map of slices", `{"nested": {"a~b": [{}, {"x": 1}]}}`,
			[]got{{Unknown, "/nested/a~0b/1/x", "x", 1, 26, itemKeys}}},
		{"unknown key behind a pointer, twice", `{"self": {"ptr": {"Name": "a", "nombre": "b"}}}`,
			[]got{{Case, "/self/ptr/Name", "Name", 1, 19, []string{"name"}},
				{Unknown, "/self/ptr/nombre", "nombre", 1, 32, itemKeys}}},
		{"case variant of an embedded field", `{"E": "a", "X": 1}`,
			[]got{{Case, "/E", "E", 1, 2, []string{"e"}}, {Case, "/X", "X", 1, 12, []string{"x"}}}},
		{"a field tagged - is unknown", `{"items": [{"Hidden": "a", "-": 1}]}`,
			[]got{{Unknown, "/items/0/Hidden", "Hidden", 1, 13, itemKeys},
				{Unknown, "/items/0/-", "-", 1, 28, itemKeys}}},
		{"an untagged field goes by its Go name", `{"items": [{"notag": true}]}`,
			[]got{{Case, "/items/0/notag", "notag", 1, 13, []string{"NoTag"}}}},
		{"duplicate key at the second", "{\"e\": \"a\",\n\"e\": \"b\"}",
			[]got{{Duplicate, "/e", "e", 2, 1, nil}}},
		{"duplicate key once escaped", `{"e": "a", "\u0065": "b"}`,
			[]got{{Duplicate, "/e", "e", 1, 12, nil}}},
		{"duplicate key in a map", `{"by_key": {"a": {}, "b": {}, "a": {}}}`,
			[]got{{Duplicate, "/by_key/a", "a", 1, 31, nil}}},
		{"duplicate key in any", `{"any": [{"a": 1, "a": 2}]}`,
			[]got{{Duplicate, "/any/0/a", "a", 1, 19, nil}}},
		{"duplicate key in raw JSON", `{"raw": {"a": {"b": 1, "b": 2}}}`,
			[]got{{Duplicate, "/raw/a/b", "b", 1, 24, nil}}},
		{"duplicate key inside an unknown key", `{"zz": {"a": 1, "a": 2}}`,
			[]got{{Unknown, "/zz", "zz", 1, 2, docKeys}, {Duplicate, "/zz/a", "a", 1, 17, nil}}},
		{"duplicate key among many", `{"by_key": {` + manyKeys(40) + `, "k7": {}}}`,
			[]got{{Duplicate, "/by_key/k7", "k7", 1, 13 + len(manyKeys(40)) + 2, nil}}},
		{"string for an int", `{"items": [{"count": "3"}]}`,
			[]got{{Type, "/items/0/count", "count", 1, 22, nil}}},
		{"number for a string", `{"e": 3}`, []got{{Type, "/e", "e", 1, 7, nil}}},
		{"null for a string", `{"e": null}`, []got{{Type, "/e", "e", 1, 7, nil}}},
		{"object for a slice", `{"items": {}}`, []got{{Type, "/items", "items", 1, 11, nil}}},
		{"array for a struct", `{"ptr": []}`, []got{{Type, "/ptr", "ptr", 1, 9, nil}}},
		{"string for a bool", `{"items": [{"NoTag": "true"}]}`,
			[]got{{Type, "/items/0/NoTag", "NoTag", 1, 22, nil}}},
		{"fraction for an int", `{"items": [{"count": 1.5}]}`,
			[]got{{Type, "/items/0/count", "count", 1, 22, nil}}},
		{"exponent for an int", `{"items": [{"count": 1e3}]}`,
			[]got{{Type, "/items/0/count", "count", 1, 22, nil}}},
		{"number too large for uint8", `{"u8": 256}`, []got{{Range, "/u8", "u8", 1, 8, nil}}},
		{"negative for uint8", `{"u8": -1}`, []got{{Range, "/u8", "u8", 1, 8, nil}}},
		{"number beyond int64", `{"items": [{"count": 9223372036854775808}]}`,
			[]got{{Range, "/items/0/count", "count", 1, 22, nil}}},
		{"number beyond float32", `{"f32": 1e39}`, []got{{Range, "/f32", "f32", 1, 9, nil}}},
		{"number beyond float64 in any", `{"any": {"a": [1e400]}}`, []got{{Range, "/any/a/0", "a", 1, 16, nil}}},
		{"bool for a decimal", `{"items": [{"amount": true}]}`,
			[]got{{Type, "/items/0/amount", "amount", 1, 23, nil}}},
		{"not a decimal", `{"items": [{"amount": "12,5"}]}`,
			[]got{{Malformed, "/items/0/amount", "amount", 1, 23, nil}}},
		{"a decimal too long", `{"items": [{"amount": "` + strings.Repeat("1", 65) + `"}]}`,
			[]got{{Malformed, "/items/0/amount", "amount", 1, 23, nil}}},
		{"a decimal's exponent too large", `{"items": [{"amount": 1e10001}]}`,
			[]got{{Malformed, "/items/0/amount", "amount", 1, 23, nil}}},
		{"a decimal too long written out", `{"items": [{"amount": 1e64}, {"amount": "-1e63"}, {"amount": 1e-63}]}`,
			[]got{{Malformed, "/items/0/amount", "amount", 1, 23, nil}, {Malformed, "/items/1/amount", "amount", 1, 41, nil},
				{Malformed, "/items/2/amount", "amount", 1, 62, nil}}},
		{"a decimal with an escape", `{"items": [{"amount": "\u0031"}]}`,
			[]got{{Malformed, "/items/0/amount", "amount", 1, 23, nil}}},
		{"null for a decimal", `{"items": [{"amount": null}]}`,
			[]got{{Type, "/items/0/amount", "amount", 1, 23, nil}}},
		{"number for a text type", `{"word": 1}`, []got{{Type, "/word", "word", 1, 10, nil}}},
		{"text type refuses", `{"word": ""}`, []got{{Method, "/word", "word", 1, 10, nil}}},
		{"map key type refuses", `{"words": {"": 1}}`, []got{{Method, "/words/", "", 1, 12, nil}}},
		{"JSON type refuses", "{\n\"pickies\": [{}, \"bad\"]}", []got{{Method, "/pickies/1", "pickies", 2, 17, nil}}},
		{"time refuses", `{"when": "2026-02-30T00:00:00Z"}`, []got{{Method, "/when", "when", 1, 10, nil}}},
		{"duplicate inside a type's own JSON", `{"picky": {"a": 1, "a": 2}}`,
			[]got{{Duplicate, "/picky/a", "a", 1, 20, nil}}},
		{"int key not a number", `{"int_keys": {"one": "a"}}`,
			[]got{{Type, "/int_keys/one", "one", 1, 15, nil}}},
		{"int key out of range", `{"int_keys": {"128": "a"}}`,
			[]got{{Range, "/int_keys/128", "128", 1, 15, nil}}},
		{"too many array elements", `{"arr": [1, 2, 3, 4]}`, []got{{Extra, "/arr/2", "arr", 1, 16, nil}}},
		{"string option wants a string", `{"q": 3}`, []got{{Type, "/q", "q", 1, 7, nil}}},
		{"string option wants a number inside", `{"q": "three"}`, []got{{Malformed, "/q", "q", 1, 7, nil}}},
		{"bad base64", `{"bytes": "!!"}`, []got{{Malformed, "/bytes", "bytes", 1, 11, nil}}},
		{"number text that is not a number", `{"num": "1.2.3"}`, []got{{Malformed, "/num", "num", 1, 9, nil}}},
		{"several problems, all reported", "{\"e\": 1,\n \"items\": [{\"count\": \"x\", \"zz\": 0}],\n \"u8\": 300}",
			[]got{{Type, "/e", "e", 1, 7, nil}, {Type, "/items/0/count", "count", 2, 22, nil},
				{Unknown, "/items/0/zz", "zz", 2, 27, itemKeys}, {Range, "/u8", "u8", 3, 8, nil}}},
		{"data after the value", "{}\n  {}", []got{{Trailing, "", "", 2, 3, nil}}},
		{"syntax: end of input", `{"items": [{"name": "a"`, []got{{Syntax, "/items/0", "items", 1, 24, nil}}},
		{"syntax: end of input in a value", `{"items": [{"name": `, []got{{Syntax, "/items/0/name", "name", 1, 21, nil}}},
		{"syntax: trailing comma", `{"any": [1,]}`, []got{{Syntax, "/any/1", "any", 1, 12, nil}}},
		{"syntax: a key not a string", `{e: 1}`, []got{{Syntax, "", "", 1, 2, nil}}},
		{"syntax: single quotes", `{"e": 'a'}`, []got{{Syntax, "/e", "e", 1, 7, nil}}},
		{"syntax: a byte order mark", "\xEF\xBB\xBF{}", []got{{Syntax, "", "", 1, 1, nil}}},
		{"syntax: UTF-16 with a mark", "\xFF\xFE{\x00}\x00", []got{{Syntax, "", "", 1, 1, nil}}},
		{"syntax: UTF-16 without one", "{\x00}\x00", []got{{Syntax, "", "", 1, 1, nil}}},
		{"syntax: a bad literal", `{"any": nul}`, []got{{Syntax, "/any", "any", 1, 12, nil}}},
		{"syntax: a leading zero", `{"u8": 01}`, []got{{Syntax, "", "", 1, 9, nil}}},
		{"syntax: a bad fraction", `{"u8": 1.}`, []got{{Syntax, "/u8", "u8", 1, 10, nil}}},
		{"syntax: minus alone", `{"u8": -}`, []got{{Syntax, "/u8", "u8", 1, 9, nil}}},
		{"syntax: control character", "{\"e\": \"a\tb\"}", []got{{Syntax, "/e", "e", 1, 9, nil}}},
		{"syntax: bad escape", `{"e": "a\qb"}`, []got{{Syntax, "/e", "e", 1, 9, nil}}},
		{"syntax: bad unicode escape", `{"e": "\u12G4"}`, []got{{Syntax, "/e", "e", 1, 8, nil}}},
		{"syntax: not UTF-8", "{\"e\": \"a\xffb\"}", []got{{Syntax, "/e", "e", 1, 9, nil}}},
		{"syntax stops, after the problems before it", `{"e": 1, "u8": [}`,
			[]got{{Type, "/e", "e", 1, 7, nil}, {Type, "/u8", "u8", 1, 16, nil}, {Syntax, "/u8/0", "u8", 1, 17, nil}}},
		{"empty input", ``, []got{{Syntax, "", "", 1, 1, nil}}},
		{"white space only", " \n ", []got{{Syntax, "", "", 2, 2, nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			before := bytes.Clone(in)
			v := doc{Base: Base{E: "untouched"}}
			ps := Decode(in, &v)
			assert.Equal(t, tc.want, project(ps))
			assert.Equal(t, doc{Base: Base{E: "untouched"}}, v, "the target is not written on failure")
			assert.Equal(t, before, in, "the input is not changed")
			for _, p := range ps {
				assert.NotEmpty(t, p.Kind)
				if p.Kind == Method {
					assert.Error(t, p.Err)
				}
			}
			assert.Equal(t, ps, Decode(in, &v), "same answer twice")
		})
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `": {}`)
	}
	return b.String()
}

// TestDecodeAgreesWithEncodingJSON decodes valid documents, strictly and
// with encoding/json, and compares.
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", `{}`},
		{"every field", `{"e": "é\n\u00e9\ud83d\ude00", "x": 7, "shadow": -3,
			"items": [{"name": "a", "count": 2, "tags": [], "attrs": {}, "amount": "1250000.50", "NoTag": true},
			          {"name": "b", "amount": 2000000}],
			"by_key": {"k": {"name": "c", "amount": "-0.0001"}},
			"ptr": {"name": "p", "amount": "0"},
			"any": {"a": [1, "two", true, null, {"b": -2.5e3}]},
			"when": "2026-01-31T08:00:00+08:00",
			"raw": {"anything": [1, 2]},
			"word": "hello",
			"picky": {"fine": true},
			"pickies": [1, "two"],
			"arr": [1],
			"q": "42",
			"u8": 255, "f32": 1.5, "bytes": "aGVsbG8=", "num": 1.25e2,
			"int_keys": {"-128": "a", "127": "b"},
			"words": {"w": 1},
			"self": {"e": "inner", "self": null},
			"nested": {"n": [{"name": "d", "amount": 1}]}}`},
		{"nulls", `{"items": null, "by_key": null, "ptr": null, "any": null, "raw": null, "bytes": null, "self": null, "when": null}`},
		{"bytes as an array", `{"bytes": [1, 2, 255]}`},
		{"a lone surrogate", `{"e": "\ud800x"}`},
		{"a number as a string", `{"num": "-0.5e-3"}`},
		{"white space around", " \t\r\n{ \"e\" : \"a\" } \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var strict, loose doc
			require.Empty(t, Decode([]byte(tc.in), &strict))
			require.NoError(t, json.Unmarshal([]byte(tc.in), &loose))
			assert.Equal(t, loose, strict)
		})
	}
}

func TestDecodeReplacesTheWholeValue(t *testing.T) {
	v := doc{Base: Base{E: "old"}, Items: []item{{Name: "old"}}}
	require.Empty(t, Decode([]byte(`{"x": 1}`), &v))
	assert.Equal(t, doc{extra: extra{X: 1}}, v, "fields absent from the input are zero")
}

func TestDecodeTopLevelValues(t *testing.T) {
	var s string
	require.Empty(t, Decode([]byte(`"a"`), &s))
	assert.Equal(t, "a", s)
	var a any
	require.Empty(t, Decode([]byte(`[{"k": 1}]`), &a))
	assert.Equal(t, []any{map[string]any{"k": 1.0}}, a)
	var p *item
	require.Empty(t, Decode([]byte(`null`), &p))
	assert.Nil(t, p)
	var d decimal.Decimal
	require.Empty(t, Decode([]byte(`"0.1"`), &d))
	assert.Equal(t, "0.1", d.String())

	for _, v := range []any{nil, s, (*string)(nil)} {
		ps := Decode([]byte(`"a"`), v)
		require.Len(t, ps, 1)
		assert.Equal(t, Type, ps[0].Kind)
		assert.Contains(t, ps[0].Words, "non-nil pointer")
	}
}

func TestDecodeFieldsAsEncodingJSON(t *testing.T) {
	// Two embedded structs with a field of one name at one depth hide it;
	// a tagged field wins over an untagged one at the same depth.
	type A struct {
		Same  int
		Tie   int
		Plain int
	}
	type B struct {
		Same int
		Tie  int `json:"Tie"`
	}
	type T struct {
		A
		B
	}
	var v T
	ps := Decode([]byte(`{"Same": 1}`), &v)
	require.Len(t, ps, 1)
	assert.Equal(t, Unknown, ps[0].Kind, "ambiguous fields hide each other")
	assert.Equal(t, []string{"Plain", "Tie"}, ps[0].Choices, "in the order of the fields")
	require.Empty(t, Decode([]byte(`{"Tie": 2, "Plain": 3}`), &v))
	assert.Equal(t, 2, v.B.Tie)
	assert.Equal(t, 3, v.Plain)

	// the same struct embedded twice at one level hides its fields
	type C struct{ A }
	type D struct{ A }
	type Twice struct {
		C
		D
	}
	ps = Decode([]byte(`{"Plain": 1}`), &Twice{})
	require.Len(t, ps, 1)
	assert.Equal(t, Unknown, ps[0].Kind)
	assert.Empty(t, ps[0].Choices)
}

func TestDecodeEmbeddedPointer(t *testing.T) {
	type In struct{ N int }
	type Out struct{ *In }
	var v Out
	require.Empty(t, Decode([]byte(`{"N": 3}`), &v))
	require.NotNil(t, v.In)
	assert.Equal(t, 3, v.N)

	type hidden struct{ N int }
	type Sealed struct{ *hidden }
	ps := Decode([]byte(`{"N": 3}`), &Sealed{})
	require.Len(t, ps, 1)
	assert.Equal(t, Type, ps[0].Kind)
	assert.Equal(t, "/N", ps[0].Path)
}

func TestDecodeMethodError(t *testing.T) {
	var v doc
	ps := Decode([]byte("{\n  \"picky\": \"bad\"}"), &v)
	require.Len(t, ps, 1)
	assert.ErrorIs(t, ps[0].Err, errPicky, "the method's error, for the caller to re-root")
	assert.Equal(t, got{Method, "/picky", "picky", 2, 12, nil}, project(ps)[0])
	assert.Equal(t, "want a valid strictjson.picky", ps[0].Words)
}

func TestDecodeNoValueQuoted(t *testing.T) {
	secret := "98765.4321"
	for _, in := range []string{
		`{"e": ` + secret + `}`,
		`{"items": [{"count": ` + secret + `}]}`,
		`{"items": [{"amount": "` + secret + `x"}]}`,
		`{"u8": ` + secret + `}`,
		`{"q": "` + secret + `x"}`,
		`{"when": "` + secret + `"}`,
		`{"any": [` + secret + `, 1e999]}`,
		`{"e": "a"} ` + secret,
		`{"e": "` + secret + "\x01" + `"}`,
	} {
		ps := Decode([]byte(in), &doc{})
		require.NotEmpty(t, ps, in)
		for _, p := range ps {
			assert.NotContains(t, p.Path+p.Name+p.Words+strings.Join(p.Choices, ""), secret[:5], in)
		}
	}
}

func TestDecodeLimits(t *testing.T) {
	t.Run("depth", func(t *testing.T) {
		nest := func(n int) []byte {
			return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
		}
		var v any
		require.Empty(t, Decode(nest(MaxDepth), &v))
		ps := Decode(nest(MaxDepth+1), &v)
		require.Len(t, ps, 1)
		assert.Equal(t, Deep, ps[0].Kind)
		assert.Equal(t, strings.Repeat("/0", MaxDepth), ps[0].Path)
		assert.Equal(t, 1, ps[0].Line)
		assert.Equal(t, MaxDepth+1, ps[0].Column)

		// inside a value that decodes itself too
		var w doc
		in := func(n int) []byte {
			return []byte(`{"picky": ` + strings.Repeat(`{"a":`, n-1) + `1` + strings.Repeat("}", n-1) + `}`)
		}
		require.Empty(t, Decode(in(MaxDepth), &w))
		ps = Decode(in(MaxDepth+1), &w)
		require.Len(t, ps, 1)
		assert.Equal(t, Deep, ps[0].Kind)
	})
	t.Run("size", func(t *testing.T) {
		str := func(n int) []byte { return []byte(`"` + strings.Repeat("a", n-2) + `"`) }
		var s string
		require.Empty(t, Decode(str(MaxSize), &s))
		assert.Len(t, s, MaxSize-2)
		ps := Decode(str(MaxSize+1), &s)
		require.Len(t, ps, 1)
		assert.Equal(t, got{Kind: Large}, project(ps)[0])
		assert.Len(t, s, MaxSize-2, "not written")
	})
}

func TestDecimalLength(t *testing.T) {
	for _, lit := range []string{"0", "-0", "0.000", "1e63", "-1e62", "1e-62", "-1e-61", "123.456", "-123.4560",
		"1000000e-63", "00012.50e1", "+5", "1E+3", "12345678901234567890123456789012345678901234567890123456789.0001",
		"0.1000000000000000055511151231257827", "7e-5", "1.5e10"} {
		d := decimal.RequireFromString(lit)
		assert.Equal(t, len(d.String()), fullLength([]byte(lit)), lit)
		var v decimal.Decimal
		if len(d.String()) <= maxDecimal && len(lit) <= maxDecimal {
			assert.Empty(t, Decode([]byte(`"`+lit+`"`), &v), lit)
			assert.True(t, d.Equal(v))
		}
	}
	assert.Equal(t, math.MaxInt, fullLength([]byte("1e99999999999999999999")))
}

func TestDecodeProblemsBounded(t *testing.T) {
	list := func(n int) []byte { return []byte("[" + strings.Repeat(`1,`, n-1) + "1]") }
	var v []string
	ps := Decode(list(MaxProblems), &v)
	require.Len(t, ps, MaxProblems)
	for _, p := range ps {
		assert.Equal(t, Type, p.Kind)
	}
	ps = Decode(list(MaxProblems+1), &v)
	require.Len(t, ps, MaxProblems+1)
	assert.Equal(t, got{Many, "/100", "", 1, 2*MaxProblems + 2, nil}, project(ps)[MaxProblems])
	ps = Decode(list(100000), &v)
	assert.Len(t, ps, MaxProblems+1, "decoding stopped")
}

func TestDecodeNullInterface(t *testing.T) {
	var v struct {
		S fmt.Stringer `json:"s"`
	}
	require.Empty(t, Decode([]byte(`{"s": null}`), &v))
	ps := Decode([]byte(`{"s": "x"}`), &v)
	require.Len(t, ps, 1)
	assert.Equal(t, Type, ps[0].Kind)
}

// FuzzDecode checks Decode against encoding/json on a type with every kind
// of field: it never panics; what decodes strictly, encoding/json decodes
// to the same value; what does not leaves the target alone, each problem
// located.
//
//	go test -run x -fuzz FuzzDecode -fuzztime 60s ./internal/strictjson
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"e": "a", "x": 1, "shadow": 2, "items": [{"name": "n", "count": 1, "tags": ["t"], "attrs": {"a": 1}, "amount": "1.5", "NoTag": true}]}`,
		`{"by_key": {"k": {"amount": 2}}, "ptr": {"name": "p"}, "any": [1, "a", {"b": null}, true], "when": "2026-01-31T00:00:00Z"}`,
		`{"raw": {"a": [1]}, "word": "w", "picky": [1], "pickies": [{}, 2], "arr": [1, 2], "q": "7", "u8": 200, "f32": 1.5e3}`,
		`{"bytes": "aGk=", "num": "12", "int_keys": {"-1": "a"}, "words": {"x": 1}, "self": {"self": {"e": "deep"}}, "nested": {"a": [{}]}}`,
		`{"e": "\u00e9\ud800\ud83d\ude00\n", "bytes": [1, 2]}`,
		"{\"E\": 1, \"e\": 2, \"e\": 3,\n \"zz\": [}",
		`{"q": "\"1\"", "num": 1e-3}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := bytes.Clone(data)
		v := doc{Base: Base{E: "untouched"}}
		ps := Decode(data, &v)
		if !bytes.Equal(before, data) {
			t.Fatal("input changed")
		}
		if len(ps) > 0 {
			if !assert.ObjectsAreEqual(doc{Base: Base{E: "untouched"}}, v) {
				t.Fatalf("%q: written on failure", data)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, p := range ps {
				if p.Kind == 0 || p.Line < 1 || p.Line > lines || p.Column < 1 {
					t.Fatalf("%q: problem %+v not located", data, p)
				}
			}
			return
		}
		var loose doc
		if err := json.Unmarshal(data, &loose); err != nil {
			t.Fatalf("%q decodes strictly, not with encoding/json: %v", data, err)
		}
		if !assert.ObjectsAreEqual(loose, v) {
			t.Fatalf("%q: strictly %+v\nwith encoding/json %+v", data, v, loose)
		}
	})
}

func TestDecodeTypesWithNoJSONForm(t *testing.T) {
	var v struct {
		C chan int             `json:"c"`
		M map[[2]int]string    `json:"m"`
		F func()               `json:"f"`
		Z complex128           `json:"z"`
		N map[float64]struct{} `json:"n"`
	}
	require.Empty(t, Decode([]byte(`{"m": null, "n": null}`), &v), "null is no map")
	assert.Len(t, Decode([]byte(`{"c": null}`), &v), 1, "nor a channel")
	ps := Decode([]byte(`{"c": 1, "m": {}, "f": "x", "z": 1, "n": {"1": {}}}`), &v)
	require.Len(t, ps, 5)
	assert.Equal(t, "chan int has no JSON form", ps[0].Words)
	assert.Equal(t, "map[[2]int]string has keys that JSON cannot spell", ps[1].Words)
	for _, p := range ps {
		assert.Equal(t, Type, p.Kind)
	}
}

func TestLocate(t *testing.T) {
	data := []byte("{\n  \"a\": [1, {\"b~/c\": \"x and y\"}],\n  \"d\": {}\n}")
	got := Locate(data, []string{"", "/a", "/a/1", "/a/1/b~0~1c", "/a/1/b~0~1c/all/0/field", "/d/e", "/z", "/a/7"})
	want := []Position{{1, 1}, {2, 8}, {2, 12}, {2, 21}, {2, 21}, {3, 8}, {1, 1}, {2, 8}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Locate = %v, want %v", got, want)
	}
	if got := Locate([]byte("{\"a\": [1,"), []string{"/a/0"}); got[0] != (Position{1, 8}) {
		t.Errorf("in broken JSON: %v", got)
	}
}
