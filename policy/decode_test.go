package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// doc is a representative document: nested slices, maps, pointers,
// decimals, conditions, and parts that decode themselves strictly.
type doc struct {
	Name   string                     `json:"name"`
	Rungs  []rung                     `json:"rungs"`
	Named  map[string]policy.Cond     `json:"named,omitempty"`
	Limits map[string]decimal.Decimal `json:"limits,omitempty"`
	Part   *part                      `json:"part,omitempty"`
	Parts  []part                     `json:"parts,omitempty"`
	Parent *doc                       `json:"parent,omitempty"`
}

type rung struct {
	Tier  string          `json:"tier"`
	From  decimal.Decimal `json:"from"`
	When  policy.Cond     `json:"when"`
	Grace int             `json:"grace,omitempty"`
}

// part decodes itself with policy.Unmarshal, as vipcare's specs do, so
// its problems come back located in its own text.
type part struct {
	ID    string      `json:"id"`
	Check policy.Cond `json:"check"`
	Steps []rung      `json:"steps,omitempty"`
}

func (p *part) UnmarshalJSON(b []byte) error {
	type plain part // without this method
	return policy.Unmarshal(b, (*plain)(p))
}

// located is what a test expects of a problem.
type located struct {
	Path, Name   string
	Err          error
	Line, Column int
}

func locate(t *testing.T, err error) []located {
	t.Helper()
	var out []located
	for _, p := range testkit.Problems(t, err) {
		s := p.Err
		for errors.Unwrap(s) != nil {
			s = errors.Unwrap(s)
		}
		out = append(out, located{p.Path, p.Name, s, p.Line, p.Column})
	}
	return out
}

func TestUnmarshalRejects(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []located
	}{
		{"unknown key", `{"name": "a", "rugns": []}`,
			[]located{{"/rugns", "rugns", policy.ErrUnknown, 1, 15}}},
		{"unknown key in a slice", "{\n  \"rungs\": [\n    {\"tier\": \"gold\", \"form\": \"5\"}\n  ]\n}",
			[]located{{"/rungs/0/form", "form", policy.ErrUnknown, 3, 22}}},
		{"case variant", "{\"rungs\": [{}, {\n  \"When\": null}]}",
			[]located{{"/rungs/1/When", "When", policy.ErrUnknown, 2, 3}}},
		{"duplicate key", "{\"name\": \"a\",\n \"name\": \"b\"}",
			[]located{{"/name", "name", policy.ErrDuplicate, 2, 2}}},
		{"duplicate key in a map", `{"limits": {"a": 1, "a": 2}}`,
			[]located{{"/limits/a", "a", policy.ErrDuplicate, 1, 21}}},
		{"wrong type", `{"rungs": [{"grace": "6"}]}`,
			[]located{{"/rungs/0/grace", "grace", policy.ErrTypeMismatch, 1, 22}}},
		{"malformed decimal", `{"limits": {"x": "1,000"}}`,
			[]located{{"/limits/x", "x", policy.ErrMalformed, 1, 18}}},
		{"out of range", `{"rungs": [{"grace": 1e2}, {"grace": 99999999999999999999}]}`,
			[]located{{"/rungs/0/grace", "grace", policy.ErrTypeMismatch, 1, 22},
				{"/rungs/1/grace", "grace", policy.ErrOutOfRange, 1, 38}}},
		{"syntax", "{\"name\": \"a\"\n \"rungs\": []}",
			[]located{{"", "", policy.ErrMalformed, 2, 2}}},
		{"trailing data", `{} []`, []located{{"", "", policy.ErrMalformed, 1, 4}}},

		// inside a condition
		{"duplicate key in a condition", "{\"rungs\": [{\"when\":\n  {\"field\": \"aum\", \"op\": \">=\", \"value\": 1, \"value\": 2}}]}",
			[]located{{"/rungs/0/when/value", "value", policy.ErrDuplicate, 2, 44}}},
		{"a condition's own problem, at the condition", "{\"named\": {\"vip\":\n   {\"field\": \"aum\", \"op\": \">=\"}}}",
			[]located{{"/named/vip", "vip", policy.ErrMalformed, 2, 4}}},
		{"a misspelt key in a condition, at the key", "{\"named\": {\"vip\":\n   {\"feld\": \"aum\", \"op\": \">=\", \"value\": 1}}}",
			[]located{{"/named/vip/feld", "feld", policy.ErrUnknown, 2, 5}}},
		{"a condition's problem deep inside it", "{\"rungs\": [{},\n {\"when\": {\"all\": [{\"field\": \"aum\", \"op\": \">=\", \"value\": 1}, {\"not\": null}]}}]}",
			[]located{{"/rungs/1/when/all/1/not", "when", policy.ErrMissing, 2, 11}}},

		// inside a part that decodes itself: re-rooted, moved to the
		// document's lines and columns, reported once
		{"a part's problem on its first line", "{\n  \"part\": {\"id\": \"p\", \"chek\": null}}",
			[]located{{"/part/chek", "chek", policy.ErrUnknown, 2, 23}}},
		{"a part's problem on a later line", "{\"parts\": [{\"id\": \"p\"},\n    {\"id\": \"q\",\n  \"steps\": [{\"tier\": 1}]}]}",
			[]located{{"/parts/1/steps/0/tier", "tier", policy.ErrTypeMismatch, 3, 22}}},
		{"a part's duplicate key, once", "{\"part\": {\"id\": \"p\",\n \"id\": \"q\"}}",
			[]located{{"/part/id", "id", policy.ErrDuplicate, 2, 2}}},
		{"a condition in a part", "{\"part\": {\"check\":\n {\"any\": [{\"field\": \"a\", \"op\": \"==\", \"value\": 1, \"op\": \"!=\"}]}}}",
			[]located{{"/part/check/any/0/op", "op", policy.ErrDuplicate, 2, 50}}},
		{"everything at once, in the document's order", "{\"part\": {\"id\": 1, \"x\": 2},\n \"nmae\": \"a\", \"name\": 3}",
			[]located{{"/part/id", "id", policy.ErrTypeMismatch, 1, 17},
				{"/part/x", "x", policy.ErrUnknown, 1, 20},
				{"/nmae", "nmae", policy.ErrUnknown, 2, 2},
				{"/name", "name", policy.ErrTypeMismatch, 2, 23}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			before := bytes.Clone(in)
			v := doc{Name: "untouched"}
			err := policy.Unmarshal(in, &v)
			assert.Equal(t, tc.want, locate(t, err))
			assert.Equal(t, doc{Name: "untouched"}, v, "not written on failure")
			assert.Equal(t, before, in, "input unchanged")
			assert.Equal(t, err, policy.Unmarshal(in, &v), "same answer twice")
		})
	}
}

func TestUnmarshalMessages(t *testing.T) {
	in := "{\"rungs\": [{\n  \"tier\": \"gold\",\n  \"When\": null,\n  \"grace\": \"6\"}],\n \"nmae\": 1}"
	err := policy.Unmarshal([]byte(in), &doc{})
	assert.Equal(t, `vipcare: /rungs/0/When: line 3, column 3: "When": unknown key: keys are case-sensitive (want one of: when)
vipcare: /rungs/0/grace: line 4, column 12: "grace": type mismatch: want an integer, not a string
vipcare: /nmae: line 5, column 2: "nmae": unknown key (want one of: name, rungs, named, limits, part, parts, parent)`,
		err.Error())
	ps := testkit.Problems(t, err)
	assert.Equal(t, []string{"when"}, ps[0].Choices)
	assert.ErrorIs(t, err, policy.ErrUnknown)
	assert.ErrorIs(t, err, policy.ErrTypeMismatch)

	// What an editor on Windows may save says so.
	err = policy.Unmarshal([]byte("\xEF\xBB\xBF{}"), &doc{})
	assert.EqualError(t, err, "vipcare: line 1, column 1: malformed JSON: a byte order mark: save the document as UTF-8 without one")
	err = policy.Unmarshal([]byte("\xFF\xFE{\x00}\x00"), &doc{})
	assert.EqualError(t, err, "vipcare: line 1, column 1: malformed JSON: UTF-16 text: save the document as UTF-8")
}

func TestUnmarshalQuotesNoValue(t *testing.T) {
	const secret = "7654321"
	for _, in := range []string{
		`{"name": ` + secret + `}`,
		`{"limits": {"a": "` + secret + `.x"}}`,
		`{"limits": {"a": ` + secret + `e99999}}`,
		`{"rungs": [{"grace": ` + secret + `.5}]}`,
		`{"rungs": [{"grace": ` + secret + secret + secret + `}]}`,
		`{"rungs": [{"from": "` + secret + `", "when": {"field": "aum", "op": ">=", "value": {"x": ` + secret + `}}}]}`,
		`{"name": "a"} ` + secret,
		`{"name": "` + secret + "\x00" + `"}`,
	} {
		err := policy.Unmarshal([]byte(in), &doc{})
		require.Error(t, err, in)
		assert.NotContains(t, err.Error(), secret, in)
	}
}

func TestUnmarshalRoundTrip(t *testing.T) {
	v := doc{
		Name: "reference",
		Rungs: []rung{
			{Tier: "mass", From: decimal.Zero},
			{Tier: "gold", From: decimal.RequireFromString("50000.50"), Grace: 3,
				When: policy.Any(policy.Field("entrepreneur").EQ(true), policy.Field("age").GE(60))},
		},
		Named:  map[string]policy.Cond{"rich": policy.Field("aum").GE("2000000")},
		Limits: map[string]decimal.Decimal{"cap": decimal.RequireFromString("1e6")},
		Part:   &part{ID: "p", Check: policy.Not(policy.Field("risk").In("C1", "C2"))},
		Parent: &doc{Name: "parent"},
	}
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	var strict, loose doc
	require.NoError(t, policy.Unmarshal(b, &strict))
	require.NoError(t, json.Unmarshal(b, &loose))
	assert.Equal(t, loose, strict, "strict decoding gives what encoding/json gives")
	b2, err := json.MarshalIndent(strict, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(b), string(b2))
}

func TestUnmarshalNumbersAndStrings(t *testing.T) {
	var a, b doc
	require.NoError(t, policy.Unmarshal([]byte(`{"limits": {"x": "2000000.50"}}`), &a))
	require.NoError(t, policy.Unmarshal([]byte(`{"limits": {"x": 2000000.50}}`), &b))
	assert.True(t, a.Limits["x"].Equal(b.Limits["x"]), "a decimal as a string or a number is the same")
	assert.Equal(t, "2000000.5", a.Limits["x"].String())
	require.NoError(t, policy.Unmarshal([]byte(`{"limits": {"x": 0.1000000000000000055511151231257827}}`), &a))
	assert.Equal(t, "0.1000000000000000055511151231257827", a.Limits["x"].String(), "exact, not through a float")

	err := policy.Unmarshal([]byte(`{"rungs": [{"tier": 1}]}`), &a)
	assert.ErrorIs(t, err, policy.ErrTypeMismatch, "a string field takes a JSON string only")
	err = policy.Unmarshal([]byte(`{"rungs": [{"grace": "1"}]}`), &a)
	assert.ErrorIs(t, err, policy.ErrTypeMismatch, "an int field takes a JSON number only")
	err = policy.Unmarshal([]byte(`{"rungs": [{"from": null}]}`), &a)
	assert.ErrorIs(t, err, policy.ErrTypeMismatch, "null is no threshold")
}

func TestUnmarshalLimits(t *testing.T) {
	t.Run("depth", func(t *testing.T) {
		// each parent is one level; the innermost holds a condition's
		// list of one, two more
		nest := func(levels int) []byte {
			n := levels - 2
			return []byte(strings.Repeat(`{"parent":`, n-1) + `{"rungs": [{}]}` + strings.Repeat("}", n-1))
		}
		var v doc
		require.NoError(t, policy.Unmarshal(nest(128), &v))
		err := policy.Unmarshal(nest(129), &v)
		testkit.CheckProblems(t, err, testkit.Want{Path: strings.Repeat("/parent", 126) + "/rungs/0",
			Name: "rungs", Err: policy.ErrTooMany})
		assert.Contains(t, err.Error(), "nesting deeper than 128 levels")
	})
	t.Run("size", func(t *testing.T) {
		const max = 8 << 20
		pad := func(size int) []byte {
			return []byte(`{"name": "` + strings.Repeat("a", size-len(`{"name": ""}`)) + `"}`)
		}
		var v doc
		require.NoError(t, policy.Unmarshal(pad(max), &v))
		assert.Len(t, v.Name, max-len(`{"name": ""}`))
		err := policy.Unmarshal(pad(max+1), &v)
		testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrTooMany})
		assert.Contains(t, err.Error(), "more than 8388608 bytes")
	})
}

func TestUnmarshalBoundsProblems(t *testing.T) {
	// 30 parts of 10 problems each: 300, where 100 are reported
	var b strings.Builder
	b.WriteString(`{"parts": [`)
	for i := range 30 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"steps": [` + strings.Repeat(`{"grace": "1"},`, 9) + `{"grace": "1"}]}`)
	}
	b.WriteString("]}")
	err := policy.Unmarshal([]byte(b.String()), &doc{})
	ps := testkit.Problems(t, err)
	require.Len(t, ps, 101)
	for _, p := range ps[:100] {
		assert.ErrorIs(t, p.Err, policy.ErrTypeMismatch)
	}
	assert.ErrorIs(t, ps[100].Err, policy.ErrTooMany)
	assert.Equal(t, "/parts/10/steps/0/grace", ps[100].Path, "the first not reported")
	assert.Equal(t, 11, ps[100].Line)
}

func TestUnmarshalTarget(t *testing.T) {
	for _, v := range []any{nil, doc{}, (*doc)(nil)} {
		err := policy.Unmarshal([]byte(`{}`), v)
		assert.ErrorIs(t, err, policy.ErrTypeMismatch, "%T", v)
	}
	var c policy.Cond
	require.NoError(t, policy.Unmarshal([]byte(`{"field": "aum", "op": ">=", "value": "1"}`), &c))
	assert.Equal(t, "aum >= 1", c.String())
	err := policy.Unmarshal([]byte(`{"field": "aum", "op": ">=", "value": "1", "field": "x"}`), &c)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "field", Err: policy.ErrDuplicate})
	assert.Equal(t, "aum >= 1", c.String(), "not written on failure")
}

// FuzzUnmarshal decodes arbitrary bytes into a representative document:
// it never panics; what decodes, encoding/json decodes the same, and its
// encoding decodes again to the same encoding; what does not decode leaves
// the target alone and reports every problem located.
//
//	go test -run x -fuzz FuzzUnmarshal -fuzztime 60s ./policy
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"name": "a", "rungs": [{"tier": "gold", "from": "50000", "when": {"field": "aum", "op": ">=", "value": 1}}]}`,
		`{"named": {"a/b~c": {"all": [{"field": "x", "op": "in", "values": [1, 2]}, {"not": {"field": "y", "op": "==", "value": true}}]}}}`,
		`{"limits": {"a": 1e3, "b": "-0.0001"}, "parent": {"parent": {"name": "\u00e9\ud83d\ude00"}}}`,
		`{"part": {"id": "p", "check": null, "steps": [{"tier": "t", "from": 0, "grace": 2}]}, "parts": []}`,
		"{\"rungs\": [{\"When\": null, \"tier\": \"a\", \"tier\": \"b\"}],\n \"nmae\": 1}",
		`{"part": {"id": 1, "x": {"a": 1, "a": 2}}}`,
		`{"name": "a"} {}`,
		`[[[[[[[[[[]]]]]]]]]]`,
		`{"limits": {"x": 1e10001}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := bytes.Clone(data)
		v := doc{Name: "untouched"}
		err := policy.Unmarshal(data, &v)
		if !bytes.Equal(before, data) {
			t.Fatalf("input changed")
		}
		if err != nil {
			var ps policy.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("%q: %T %v is not Problems", data, err, err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, p := range ps {
				if p.Err == nil || p.Line < 1 || p.Line > lines || p.Column < 1 {
					t.Fatalf("%q: problem %+v not located", data, p)
				}
			}
			if v.Name != "untouched" || v.Rungs != nil || v.Part != nil {
				t.Fatalf("%q: target written on failure", data)
			}
			return
		}
		var loose doc
		if err := json.Unmarshal(data, &loose); err != nil {
			t.Fatalf("%q decodes strictly, not with encoding/json: %v", data, err)
		}
		b1, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%q decoded, cannot encode: %v", data, err)
		}
		if lb, _ := json.Marshal(loose); !bytes.Equal(lb, b1) {
			t.Fatalf("%q: strictly %s, with encoding/json %s", data, b1, lb)
		}
		var w doc
		if err := policy.Unmarshal(b1, &w); err != nil {
			t.Fatalf("%q decoded, encoded as %s, which does not decode: %v", data, b1, err)
		}
		if b2, _ := json.Marshal(w); !bytes.Equal(b1, b2) {
			t.Fatalf("%q: encoded %s, re-encoded %s", data, b1, b2)
		}
	})
}
