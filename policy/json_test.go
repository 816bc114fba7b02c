package policy_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// roundTrip marshals c, decodes the result and marshals again, checking
// that both encodings are identical; it returns the decoded condition and
// the encoding.
//
// encoding/json escapes '<', '>' and '&' in what a MarshalJSON method returns
// unless told not to, so the round trip is checked both through
// Cond.MarshalJSON and through json.Marshal.
func roundTrip(t *testing.T, c policy.Cond) (policy.Cond, []byte) {
	t.Helper()
	b1, err := c.MarshalJSON()
	require.NoError(t, err)
	require.True(t, json.Valid(b1), "%s is valid JSON", b1)
	var d policy.Cond
	require.NoError(t, json.Unmarshal(b1, &d), "%s", b1)
	b2, err := d.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(b1), string(b2), "marshal, unmarshal, marshal gives the same bytes")
	assert.Equal(t, c.String(), d.String())

	e1, err := json.Marshal(c)
	require.NoError(t, err)
	var e policy.Cond
	require.NoError(t, json.Unmarshal(e1, &e), "%s", e1)
	e2, err := json.Marshal(e)
	require.NoError(t, err)
	require.Equal(t, string(e1), string(e2), "the same through encoding/json")
	b3, err := e.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(b1), string(b3), "HTML escaping changes the bytes, not the condition")
	u, err := marshalNoEscape(c)
	require.NoError(t, err)
	require.Equal(t, string(b1), u)
	return d, b1
}

// marshalNoEscape is json.Marshal without HTML escaping.
func marshalNoEscape(v any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func TestJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		cond policy.Cond
		want string // the JSON form
	}{
		{"zero cond", policy.Cond{}, `null`},
		{"eq", policy.Field("age").EQ(18), `{"field":"age","op":"==","value":18}`},
		{"ne", policy.Field("age").NE(-3), `{"field":"age","op":"!=","value":-3}`},
		{"lt", policy.Field("age").LT(18), `{"field":"age","op":"<","value":18}`},
		{"le", policy.Field("age").LE(18), `{"field":"age","op":"<=","value":18}`},
		{"gt", policy.Field("age").GT(18), `{"field":"age","op":">","value":18}`},
		{"ge", policy.Field("age").GE(18), `{"field":"age","op":">=","value":18}`},
		{"in ints", policy.Field("age").In(18, 30, 65), `{"field":"age","op":"in","values":[18,30,65]}`},
		{"in enums", policy.Field("risk").In("C4", "C5"), `{"field":"risk","op":"in","values":["C4","C5"]}`},
		{"enum ordering", policy.Field("risk").LE("C2"), `{"field":"risk","op":"<=","value":"C2"}`},
		{"bool true", policy.Field("entrepreneur").EQ(true), `{"field":"entrepreneur","op":"==","value":true}`},
		{"bool false", policy.Field("entrepreneur").EQ(false), `{"field":"entrepreneur","op":"==","value":false}`},
		{"bool ne", policy.Field("entrepreneur").NE(true), `{"field":"entrepreneur","op":"!=","value":true}`},
		{"date string", policy.Field("since").LT("2015-01-01"), `{"field":"since","op":"<","value":"2015-01-01"}`},
		{"date from time", policy.Field("since").GE(time.Date(2020, 6, 30, 23, 0, 0, 0, time.UTC)), `{"field":"since","op":">=","value":"2020-06-30"}`},
		{"decimal as string", policy.Field("aum").GE("1999999.9999"), `{"field":"aum","op":">=","value":"1999999.9999"}`},
		{"decimal as number", policy.Field("aum").GE(2000000), `{"field":"aum","op":">=","value":2000000}`},
		{"decimal string with exponent", policy.Field("aum").GT("2e6"), `{"field":"aum","op":">","value":"2e6"}`},
		{"all", policy.All(policy.Field("age").GE(18), policy.Field("aum").GE("1")), `{"all":[{"field":"age","op":">=","value":18},{"field":"aum","op":">=","value":"1"}]}`},
		{"any", policy.Any(policy.Field("age").GE(65), policy.Field("entrepreneur").EQ(true)), `{"any":[{"field":"age","op":">=","value":65},{"field":"entrepreneur","op":"==","value":true}]}`},
		{"not", policy.Not(policy.Field("risk").In("C1")), `{"not":{"field":"risk","op":"in","values":["C1"]}}`},
		{"at_least", policy.AtLeast(2, policy.Field("age").GE(60), policy.Field("products").GE(3), policy.Field("advisor.rank").GT(1)),
			`{"at_least":2,"of":[{"field":"age","op":">=","value":60},{"field":"products","op":">=","value":3},{"field":"advisor.rank","op":">","value":1}]}`},
		{"nested", policy.All(
			policy.Any(policy.Field("aum").GE("2000000"), policy.AtLeast(1, policy.Field("entrepreneur").EQ(true), policy.Field("products").GE(3))),
			policy.Not(policy.Field("risk").In("C1", "C2")),
			policy.Field("since").LE("2020-12-31"),
		), `{"all":[{"any":[{"field":"aum","op":">=","value":"2000000"},{"at_least":1,"of":[{"field":"entrepreneur","op":"==","value":true},{"field":"products","op":">=","value":3}]}]},{"not":{"field":"risk","op":"in","values":["C1","C2"]}},{"field":"since","op":"<=","value":"2020-12-31"}]}`},
		{"string needing escapes", policy.Field("risk").EQ("a\"b\\c\u0001<>&"), `{"field":"risk","op":"==","value":"a\"b\\c\u0001<>&"}`},
	}
	subjects := samples()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, b := roundTrip(t, tt.cond)
			assert.Equal(t, tt.want, string(b))
			if tt.name == "string needing escapes" {
				return // not a valid threshold for the schema
			}
			r1, err := policy.Compile(schema, tt.cond)
			require.NoError(t, err)
			r2, err := policy.Compile(schema, d)
			require.NoError(t, err, "the decoded condition compiles")
			for _, c := range subjects {
				assert.Equal(t, evalPure(t, r1, &c), evalPure(t, r2, &c), "%s: decoded condition evaluates the same", c.ID)
			}
			db, err := d.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(db), "a Rule has no JSON form of its own: the condition it was compiled from marshals as the original")
		})
	}
}

func TestJSONInputForms(t *testing.T) {
	// Forms a person might write that are not the canonical encoding: they
	// decode to the same condition as the canonical form.
	tests := []struct {
		name, in, want string
	}{
		{"whitespace", " {\n \"field\" : \"age\" ,\"op\":\">=\", \"value\": 18 } ", `{"field":"age","op":">=","value":18}`},
		{"key order", `{"value":18,"op":">=","field":"age"}`, `{"field":"age","op":">=","value":18}`},
		{"in with value", `{"field":"risk","op":"in","value":"C4"}`, `{"field":"risk","op":"in","values":["C4"]}`},
		{"comparison with values", `{"field":"age","op":">=","values":[18]}`, `{"field":"age","op":">=","value":18}`},
		{"decimal number with fraction", `{"field":"aum","op":">=","value":1999999.9999}`, `{"field":"aum","op":">=","value":1999999.9999}`},
		{"decimal number with exponent", `{"field":"aum","op":">=","value":2E+6}`, `{"field":"aum","op":">=","value":2E+6}`},
		{"at_least keys reversed", `{"of":[{"field":"age","op":">","value":1}],"at_least":1}`, `{"at_least":1,"of":[{"field":"age","op":">","value":1}]}`},
		{"escaped field name", `{"field":"\u0061ge","op":"\u003e=","value":18}`, `{"field":"age","op":">=","value":18}`},
		{"null", ` null `, `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.in), &c))
			b, err := c.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			if c != (policy.Cond{}) {
				_, err = policy.Compile(schema, c)
				assert.NoError(t, err)
			}
		})
	}
}

func TestJSONNumberIsExact(t *testing.T) {
	// A decimal written as a JSON number is read as an exact decimal, not
	// through float64: 1999999.9999 and 2000000 stay one unit apart.
	var c policy.Cond
	require.NoError(t, json.Unmarshal([]byte(`{"field":"aum","op":">","value":1999999.9999}`), &c))
	r := policy.Must(policy.Compile(schema, c))
	below, at, above := client{AUM: 19_999_999_998}, client{AUM: 19_999_999_999}, client{AUM: 20_000_000_000}
	assert.False(t, r.Eval(&below))
	assert.False(t, r.Eval(&at))
	assert.True(t, r.Eval(&above))

	var err, decodeErr error
	allocated := testkit.AllocatedBytes(func() {
		decodeErr = json.Unmarshal([]byte(`{"field":"aum","op":">=","value":1e999999999}`), &c)
		_, err = policy.Compile(schema, c)
	})
	require.NoError(t, decodeErr)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "aum", Err: policy.ErrMalformed})
	assert.Less(t, allocated, uint64(64<<10), "a huge exponent is rejected, not expanded")

	require.NoError(t, json.Unmarshal([]byte(`{"field":"age","op":">=","value":18.5}`), &c))
	_, err = policy.Compile(schema, c)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "age", Err: policy.ErrMalformed})
}

// customCond is a condition holding a custom predicate two levels down.
func customCond() policy.Cond {
	return policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Any(policy.Field("age").GE(65), policy.Not(policy.Custom("has_advisor",
			func(c *client) bool { return c.Advisor != nil }))),
	)
}

func TestJSONCustomHasNoDataForm(t *testing.T) {
	tests := []struct {
		name, path string
		cond       policy.Cond
	}{
		{"at root", "", policy.Custom("has_advisor", func(c *client) bool { return c.Advisor != nil })},
		{"nested", "/all/1/any/1/not", customCond()},
		{"in at_least", "/of/1/all/1/any/1/not", policy.AtLeast(1, policy.Field("age").GE(1), customCond())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, marshal := range []func(policy.Cond) ([]byte, error){
				policy.Cond.MarshalJSON,
				func(c policy.Cond) ([]byte, error) { return json.Marshal(c) },
				func(c policy.Cond) ([]byte, error) { return json.Marshal(policy.Row[string]{When: c}) },
			} {
				b, err := marshal(tt.cond)
				assert.Nil(t, b)
				// The error names the predicate and says where it is.
				testkit.CheckProblems(t, err, testkit.Want{Path: tt.path, Name: "has_advisor", Err: policy.ErrNoDataForm})
			}
		})
	}
}

func TestJSONSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, in    string
		path, field string // the problem's path and name
		err         error
	}{
		{"not an object", `[]`, "", "", policy.ErrMalformed},
		{"number", `1`, "", "", policy.ErrMalformed},
		{"string", `"aum >= 1"`, "", "", policy.ErrMalformed},
		{"empty object", `{}`, "", "", policy.ErrMalformed},
		{"unknown key", `{"every":[]}`, "", "", policy.ErrMalformed},
		{"extra key", `{"field":"age","op":">=","value":18,"note":"x"}`, "", "", policy.ErrMalformed},
		{"all and any", `{"all":[],"any":[]}`, "", "", policy.ErrMalformed},
		{"value and values", `{"field":"age","op":"in","value":1,"values":[1]}`, "", "", policy.ErrMalformed},
		{"missing op", `{"field":"age","value":18}`, "", "", policy.ErrMalformed},
		{"all not a list", `{"all":{"field":"age","op":">=","value":18}}`, "/all", "", policy.ErrMalformed},
		{"null operand", `{"all":[null]}`, "/all/0", "", policy.ErrMissing},
		{"nested null operand", `{"any":[{"field":"age","op":">=","value":18},{"all":[null]}]}`, "/any/1/all/0", "", policy.ErrMissing},
		{"not null", `{"not":null}`, "/not", "", policy.ErrMissing},
		{"not of a list", `{"not":[]}`, "/not", "", policy.ErrMalformed},
		{"at_least not a number", `{"at_least":"2","of":[]}`, "/at_least", "", policy.ErrMalformed},
		{"at_least fraction", `{"at_least":1.5,"of":[]}`, "/at_least", "", policy.ErrMalformed},
		{"of not a list", `{"at_least":1,"of":{}}`, "/of", "", policy.ErrMalformed},
		{"field not a string", `{"field":1,"op":">=","value":18}`, "", "", policy.ErrMalformed},
		{"op not a string", `{"field":"age","op":1,"value":18}`, "", "", policy.ErrMalformed},
		{"null value", `{"field":"age","op":"==","value":null}`, "/value", "age", policy.ErrMalformed},
		{"object value", `{"field":"age","op":"==","value":{}}`, "/value", "age", policy.ErrMalformed},
		{"list value", `{"field":"age","op":"==","value":[1]}`, "/value", "age", policy.ErrMalformed},
		{"values not a list", `{"field":"age","op":"in","values":3}`, "/values", "age", policy.ErrMalformed},
		{"values with object", `{"field":"age","op":"in","values":[1,{}]}`, "/values/1", "age", policy.ErrMalformed},
		{"deep syntax error", `{"not":{"not":{"at_least":1,"of":[{"field":"age","op":"==","value":[]}]}}}`,
			"/not/not/of/0/value", "age", policy.ErrMalformed},
		{"truncated", `{"all":[`, "", "", policy.ErrMalformed},
		{"trailing garbage", `{"all":[]} x`, "", "", policy.ErrMalformed},
		{"empty input", ``, "", "", policy.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			err := c.UnmarshalJSON([]byte(tt.in))
			want := testkit.Want{Path: tt.path, Name: tt.field, Err: tt.err}
			testkit.CheckProblems(t, err, want)
			checkReport(t, err, nil)
			assert.Equal(t, policy.Cond{}, c, "a failed decode leaves the condition alone")
			if json.Valid([]byte(tt.in)) {
				err := json.Unmarshal([]byte(tt.in), &c)
				testkit.CheckProblems(t, err, want)
			}
		})
	}
}

func TestJSONTooDeep(t *testing.T) {
	nested := func(levels int) string {
		return strings.Repeat(`{"not":`, levels-1) + `{"field":"age","op":">=","value":18}` + strings.Repeat(`}`, levels-1)
	}
	var c policy.Cond
	require.NoError(t, json.Unmarshal([]byte(nested(policy.MaxDepth)), &c), "MaxDepth levels decode")
	_, err := policy.Compile(schema, c)
	require.NoError(t, err, "and compile")
	b, err := c.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, nested(policy.MaxDepth), string(b))

	for _, levels := range []int{policy.MaxDepth + 1, 40, 1000} {
		var d policy.Cond
		for _, err := range []error{json.Unmarshal([]byte(nested(levels)), &d), d.UnmarshalJSON([]byte(nested(levels)))} {
			testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany})
		}
		assert.Equal(t, policy.Cond{}, d)
	}

	// Depth counts lists too.
	deep := strings.Repeat(`{"all":[`, policy.MaxDepth) + `{"field":"age","op":">=","value":18}` + strings.Repeat(`]}`, policy.MaxDepth)
	testkit.CheckProblems(t, c.UnmarshalJSON([]byte(deep)),
		testkit.Want{Path: strings.Repeat("/all/0", policy.MaxDepth), Err: policy.ErrTooMany})
}

func TestJSONRow(t *testing.T) {
	type table struct {
		HitPolicy policy.HitPolicy    `json:"hit_policy"`
		Rows      []policy.Row[offer] `json:"rows"`
	}
	in := table{HitPolicy: policy.Priority, Rows: []policy.Row[offer]{
		{Name: "private", When: policy.Field("aum").GE("2000000"), Then: offer{"private", 3}, Priority: 10},
		{Name: "senior", When: policy.All(policy.Field("age").GE(65), policy.Not(policy.Field("risk").In("C5"))), Then: offer{"senior", 2}},
		{Name: "default", Then: offer{"mass", 0}, Priority: -1},
	}}
	want := `{"hit_policy":"priority","rows":[` +
		`{"name":"private","when":{"field":"aum","op":">=","value":"2000000"},"then":{"segment":"private","advisors":3},"priority":10},` +
		`{"name":"senior","when":{"all":[{"field":"age","op":">=","value":65},{"not":{"field":"risk","op":"in","values":["C5"]}}]},"then":{"segment":"senior","advisors":2}},` +
		`{"name":"default","when":null,"then":{"segment":"mass","advisors":0},"priority":-1}]}`
	b1, err := marshalNoEscape(in)
	require.NoError(t, err)
	assert.Equal(t, want, b1)
	var out table
	require.NoError(t, json.Unmarshal([]byte(b1), &out))
	b2, err := marshalNoEscape(out)
	require.NoError(t, err)
	assert.Equal(t, b1, b2)
	e1, err := json.Marshal(in)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(e1, &out))
	e2, err := json.Marshal(out)
	require.NoError(t, err)
	assert.Equal(t, string(e1), string(e2), "the same through json.Marshal, which escapes '>'")
	assert.Equal(t, policy.Priority, out.HitPolicy)
	assert.Equal(t, policy.Cond{}, out.Rows[2].When, "null is the zero Cond")

	t1 := policy.Must(policy.CompileTable(schema, in.HitPolicy, in.Rows...))
	t2, err := policy.CompileTable(schema, out.HitPolicy, out.Rows...)
	require.NoError(t, err)
	for _, c := range samples() {
		h1, ok1, err1 := t1.Decide(&c)
		h2, ok2, err2 := t2.Decide(&c)
		assert.Equal(t, h1, h2, c.ID)
		assert.Equal(t, ok1, ok2)
		assert.Equal(t, err1, err2)
	}

	// A row whose when is left out is the zero Cond too.
	var r policy.Row[string]
	require.NoError(t, json.Unmarshal([]byte(`{"then":"x"}`), &r))
	assert.Equal(t, policy.Cond{}, r.When)
	assert.Equal(t, "x", r.Then)
}

func TestHitPolicyText(t *testing.T) {
	// A hit policy is its name, in Go and in JSON.
	for _, h := range []policy.HitPolicy{policy.First, policy.Unique, policy.Priority, policy.Collect} {
		b, err := json.Marshal(h)
		require.NoError(t, err)
		assert.Equal(t, `"`+string(h)+`"`, string(b))
		var d policy.HitPolicy
		require.NoError(t, json.Unmarshal(b, &d))
		assert.Equal(t, h, d)
	}
	assert.Equal(t, []string{"first", "unique", "priority", "collect"},
		[]string{string(policy.First), string(policy.Unique), string(policy.Priority), string(policy.Collect)})

	// Any name decodes, as a string; CompileTable refuses one that is not
	// a hit policy, quoting it and listing the hit policies.
	for _, s := range []string{"", "invalid", "First", "any", "unique ", "sum"} {
		var h policy.HitPolicy
		b, err := json.Marshal(s)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &h))
		assert.Equal(t, policy.HitPolicy(s), h)
		_, err = policy.CompileTable(schema, h, policy.Row[string]{Then: "x"})
		testkit.CheckProblems(t, err, testkit.Want{Name: s, Err: policy.ErrUnknown})
		checkReport(t, err, map[string][]string{"": {"first", "unique", "priority", "collect"}})
	}
}

func TestJSONErrorsAreErrors(t *testing.T) {
	// Every error from decoding is policy.Problems; none is a bare
	// encoding/json error.
	var c policy.Cond
	err := c.UnmarshalJSON([]byte(`{"all":[{"field":"age"}]}`))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/all/0", Err: policy.ErrMalformed})
	assert.Equal(t, `vipcare: /all/0: malformed`, err.Error())
}

func TestJSONOddForms(t *testing.T) {
	// Forms that decode but do not compile keep their data form: marshalling
	// must not fail or change them, and Compile says what is wrong.
	tests := []struct {
		name, in string
		path     string // from Compile
		want     error
	}{
		{"comparison with two values", `{"field":"age","op":"==","values":[1,2]}`, "/values", policy.ErrMalformed},
		{"comparison with no values", `{"field":"age","op":">=","values":[]}`, "/values", policy.ErrMalformed},
		{"in with no values", `{"field":"age","op":"in","values":[]}`, "/values", policy.ErrMissing},
		{"in with null values", `{"field":"age","op":"in","values":null}`, "/values", policy.ErrMissing},
		{"unknown operator", `{"field":"age","op":"~","value":1}`, "/op", policy.ErrUnknown},
		{"empty op", `{"field":"age","op":"","value":1}`, "/op", policy.ErrUnknown},
		{"control character in field", `{"field":"a\u007fb\u0000","op":"==","value":1}`, "/field", policy.ErrUnknown},
		{"control character in op", `{"field":"age","op":"\u0007","value":1}`, "/op", policy.ErrUnknown},
		{"field null", `{"field":null,"op":"==","value":1}`, "/field", policy.ErrUnknown},
		{"empty all", `{"all":[]}`, "/all", policy.ErrMissing},
		{"all null", `{"all":null}`, "/all", policy.ErrMissing},
		{"at_least zero", `{"at_least":0,"of":[{"field":"age","op":">","value":1}]}`, "/at_least", policy.ErrOutOfRange},
		{"huge number", `{"field":"age","op":">","value":123456789012345678901234567890}`, "/value", policy.ErrOutOfRange},
		{"duplicate key", `{"all":[{"field":"nope","op":">","value":1}],"all":[]}`, "/all", policy.ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.in), &c))
			roundTrip(t, c)
			_, err := policy.Compile(schema, c)
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.ErrorIs(t, err, tt.want)
		})
	}

	// Conditions built in Go that cannot compile marshal too (a wrong
	// number of values for an operator other than in can only be decoded
	// now, but must survive a round trip all the same).
	for _, c := range []policy.Cond{
		compare("age", ">="),
		compare("age", "==", 1, 2),
		policy.Field("risk").In(),
		policy.AtLeast(5, policy.Field("age").GE(1)),
		policy.All(),
	} {
		b, err := c.MarshalJSON()
		require.NoError(t, err, "%v", c)
		var d policy.Cond
		require.NoError(t, json.Unmarshal(b, &d), "%s", b)
		assert.Equal(t, c.String(), d.String())
	}

	// A threshold that has no JSON form (a float) is refused, not dropped.
	_, err := policy.Field("aum").GE(1.5).MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "aum", Err: policy.ErrMalformed})

	// Names that are not valid UTF-8 are encoded as valid JSON.
	b, err := policy.Field("a\xffb").EQ("c\xfe").MarshalJSON()
	require.NoError(t, err)
	assert.True(t, json.Valid(b), "%s", b)
	assert.Equal(t, `{"field":"a\ufffdb","op":"==","value":"c\ufffd"}`, string(b))
}
