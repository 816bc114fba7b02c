package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// roundTrip marshals c, decodes the result and marshals again, checking
// that the decoded condition equals c and that both encodings are
// identical; it returns the encoding.
//
// encoding/json escapes '<', '>' and '&' in what a MarshalJSON method returns
// unless told not to, so the round trip is checked both through
// Cond.MarshalJSON and through json.Marshal.
func roundTrip(t *testing.T, c policy.Cond) []byte {
	t.Helper()
	b1, err := c.MarshalJSON()
	require.NoError(t, err)
	require.True(t, json.Valid(b1), "%s is valid JSON", b1)
	var d policy.Cond
	require.NoError(t, json.Unmarshal(b1, &d), "%s", b1)
	require.True(t, policy.EqualConds(c, d), "%s decodes as %v, not %v", b1, d, c)
	b2, err := d.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(b1), string(b2), "marshal, unmarshal, marshal gives the same bytes")

	e1, err := json.Marshal(c)
	require.NoError(t, err)
	var e policy.Cond
	require.NoError(t, json.Unmarshal(e1, &e), "%s", e1)
	require.True(t, policy.EqualConds(c, e), "%s decodes as %v, not %v", e1, e, c)
	b3, err := e.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(b1), string(b3), "HTML escaping changes the bytes, not the condition")
	u, err := marshalNoEscape(c)
	require.NoError(t, err)
	require.Equal(t, string(b1), u)
	return b1
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
		tree string // the tree form, which decodes to the same condition
	}{
		{"zero cond", policy.Cond{}, `null`, `null`},
		{"eq", policy.Field("age").EQ(18), `"age == 18"`, `{"field":"age","op":"==","value":18}`},
		{"ne", policy.Field("age").NE(-3), `"age != -3"`, `{"field":"age","op":"!=","value":-3}`},
		{"lt", policy.Field("age").LT(18), `"age < 18"`, `{"field":"age","op":"<","value":18}`},
		{"le", policy.Field("age").LE(18), `"age <= 18"`, `{"field":"age","op":"<=","value":18}`},
		{"gt", policy.Field("age").GT(18), `"age > 18"`, `{"field":"age","op":">","value":18}`},
		{"ge", policy.Field("age").GE(18), `"age >= 18"`, `{"field":"age","op":">=","value":18}`},
		{"quoted int", policy.Field("age").GE("18"), `"age >= 18"`, `{"field":"age","op":">=","value":"18"}`},
		{"in ints", policy.Field("age").In(18, 30, 65), `"age in (18, 30, 65)"`, `{"field":"age","op":"in","values":[18,30,65]}`},
		{"in enums", policy.Field("risk").In("C4", "C5"), `"risk in (\"C4\", \"C5\")"`, `{"field":"risk","op":"in","values":["C4","C5"]}`},
		{"enum ordering", policy.Field("risk").LE("C2"), `"risk <= \"C2\""`, `{"field":"risk","op":"<=","value":"C2"}`},
		{"bool true", policy.Field("entrepreneur").EQ(true), `"entrepreneur"`, `{"field":"entrepreneur","op":"==","value":true}`},
		{"bool false", policy.Field("entrepreneur").EQ(false), `"entrepreneur == false"`, `{"field":"entrepreneur","op":"==","value":false}`},
		{"bool ne", policy.Field("entrepreneur").NE(true), `"entrepreneur != true"`, `{"field":"entrepreneur","op":"!=","value":true}`},
		{"date string", policy.Field("since").LT("2015-01-01"), `"since < \"2015-01-01\""`, `{"field":"since","op":"<","value":"2015-01-01"}`},
		{"date from time", policy.Field("since").GE(time.Date(2020, 6, 30, 23, 0, 0, 0, time.UTC)), `"since >= \"2020-06-30\""`, `{"field":"since","op":">=","value":"2020-06-30"}`},
		{"decimal as string", policy.Field("aum").GE("1999999.9999"), `"aum >= 1999999.9999"`, `{"field":"aum","op":">=","value":"1999999.9999"}`},
		{"decimal as number", policy.Field("aum").GE(2000000), `"aum >= 2000000"`, `{"field":"aum","op":">=","value":2000000}`},
		{"decimal string with exponent", policy.Field("aum").GT("2e6"), `"aum > 2e6"`, `{"field":"aum","op":">","value":2e6}`},
		{"all", policy.All(policy.Field("age").GE(18), policy.Field("aum").GE("1")), `"age >= 18 and aum >= 1"`,
			`{"all":[{"field":"age","op":">=","value":18},{"field":"aum","op":">=","value":"1"}]}`},
		{"any", policy.Any(policy.Field("age").GE(65), policy.Field("entrepreneur").EQ(true)), `"age >= 65 or entrepreneur"`,
			`{"any":[{"field":"age","op":">=","value":65},{"field":"entrepreneur","op":"==","value":true}]}`},
		{"not", policy.Not(policy.Field("risk").In("C1")), `"not risk in (\"C1\")"`, `{"not":{"field":"risk","op":"in","values":["C1"]}}`},
		{"at_least", policy.AtLeast(2, policy.Field("age").GE(60), policy.Field("products").GE(3), policy.Field("advisor.rank").GT(1)),
			`"at least 2 of (age >= 60, products >= 3, advisor.rank > 1)"`,
			`{"at_least":2,"of":[{"field":"age","op":">=","value":60},{"field":"products","op":">=","value":3},{"field":"advisor.rank","op":">","value":1}]}`},
		{"nested", policy.All(
			policy.Any(policy.Field("aum").GE("2000000"), policy.AtLeast(1, policy.Field("entrepreneur").EQ(true), policy.Field("products").GE(3))),
			policy.Not(policy.Field("risk").In("C1", "C2")),
			policy.Field("since").LE("2020-12-31"),
		), `"(aum >= 2000000 or at least 1 of (entrepreneur, products >= 3)) and not risk in (\"C1\", \"C2\") and since <= \"2020-12-31\""`,
			`{"all":[{"any":[{"field":"aum","op":">=","value":"2000000"},{"at_least":1,"of":[{"field":"entrepreneur","op":"==","value":true},{"field":"products","op":">=","value":3}]}]},{"not":{"field":"risk","op":"in","values":["C1","C2"]}},{"field":"since","op":"<=","value":"2020-12-31"}]}`},
		{"tree and text mixed", policy.All(policy.Field("age").GE(18), policy.Not(policy.Field("risk").In("C1"))),
			`"age >= 18 and not risk in (\"C1\")"`, `{"all":["age >= 18",{"not":"risk in (\"C1\")"}]}`},
		{"string needing escapes", policy.Field("risk").EQ("a\"b\\c\u0001<>&\u2028"), `"risk == \"a\\\"b\\\\c\\u0001<>&\\u2028\""`,
			`{"field":"risk","op":"==","value":"a\"b\\c\u0001<>&\u2028"}`},
	}
	subjects := samples()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := roundTrip(t, tt.cond)
			assert.Equal(t, tt.want, string(b))
			var d policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.tree), &d))
			assert.True(t, policy.EqualConds(tt.cond, d), "the tree form %s decodes as %v", tt.tree, d)
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
		})
	}
}

func TestJSONInputForms(t *testing.T) {
	// Forms a person might write that are not the canonical encoding: they
	// decode to the same condition as the canonical form.
	tests := []struct {
		name, in, want string
	}{
		{"whitespace", " {\n \"field\" : \"age\" ,\"op\":\">=\", \"value\": 18 } ", `"age >= 18"`},
		{"key order", `{"value":18,"op":">=","field":"age"}`, `"age >= 18"`},
		{"in with value", `{"field":"risk","op":"in","value":"C4"}`, `"risk in (\"C4\")"`},
		{"comparison with values", `{"field":"age","op":">=","values":[18]}`, `"age >= 18"`},
		{"decimal number with fraction", `{"field":"aum","op":">=","value":1999999.9999}`, `"aum >= 1999999.9999"`},
		{"decimal number with exponent", `{"field":"aum","op":">=","value":2E+6}`, `"aum >= 2E+6"`},
		{"at_least keys reversed", `{"of":[{"field":"age","op":">","value":1}],"at_least":1}`, `"at least 1 of (age > 1)"`},
		{"escaped names", `{"field":"\u0061ge","op":"\u003e=","value":18}`, `"age >= 18"`},
		{"escaped key", `{"\u0061ll":[{"field":"age","op":">","value":1},"products > 1"]}`, `"age > 1 and products > 1"`},
		{"text with white space", "\t\"  age\\n>=\\t18 \"\n", `"age >= 18"`},
		{"text with escapes", `"\u0061ge >= 18 and risk == \"C1\""`, `"age >= 18 and risk == \"C1\""`},
		{"text with a redundant group", `"((age >= 18)) and (products > 1 and aum > 1)"`, `"age >= 18 and (products > 1 and aum > 1)"`},
		{"the package doc's tree", `{"all":[{"field":"aum","op":">=","value":"2000000"},{"not":"risk in (\"C1\", \"C2\")"}]}`,
			`"aum >= 2000000 and not risk in (\"C1\", \"C2\")"`},
		{"null", ` null `, `null`},
		{"always", `"always"`, `null`},
		{"one operand", `{"any":[{"field":"age","op":">","value":1}]}`, `"any(age > 1)"`},
		{"no operand", `{"all":[]}`, `"all()"`},
		{"no values", `{"field":"age","op":"in","values":[]}`, `"age in ()"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.in), &c))
			b, err := c.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			roundTrip(t, c)
			var d policy.Cond
			require.NoError(t, d.UnmarshalJSON([]byte(tt.in)), "the same called directly")
			assert.True(t, policy.EqualConds(c, d))
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
		{"bool", `true`, "", "", policy.ErrMalformed},
		{"text that does not parse", `"aum >= "`, "", "", policy.ErrMalformed},
		{"empty text", `""`, "", "", policy.ErrMalformed},
		{"empty object", `{}`, "", "", policy.ErrMalformed},
		{"all and any", `{"all":[],"any":[]}`, "", "", policy.ErrMalformed},
		{"value and values", `{"field":"age","op":"in","value":1,"values":[1]}`, "", "", policy.ErrMalformed},
		{"missing op", `{"field":"age","value":18}`, "", "", policy.ErrMalformed},
		{"duplicate key", `{"all":[{"field":"age","op":">","value":1}],"all":[]}`, "/all", "all", policy.ErrDuplicate},
		{"duplicate key escaped", `{"field":"age","op":">","value":1,"v\u0061lue":2}`, "/value", "value", policy.ErrDuplicate},
		{"all not a list", `{"all":{"field":"age","op":">=","value":18}}`, "/all", "", policy.ErrMalformed},
		{"all null", `{"all":null}`, "/all", "", policy.ErrMalformed},
		{"null operand", `{"all":[null]}`, "/all/0", "", policy.ErrMissing},
		{"always operand", `{"all":["always"]}`, "/all/0", "", policy.ErrMissing},
		{"nested null operand", `{"any":[{"field":"age","op":">=","value":18},{"all":[null]}]}`, "/any/1/all/0", "", policy.ErrMissing},
		{"not null", `{"not":null}`, "/not", "", policy.ErrMissing},
		{"not of a list", `{"not":[]}`, "/not", "", policy.ErrMalformed},
		{"at_least not a number", `{"at_least":"2","of":[]}`, "/at_least", "", policy.ErrMalformed},
		{"at_least fraction", `{"at_least":1.5,"of":[]}`, "/at_least", "", policy.ErrMalformed},
		{"at_least huge", `{"at_least":123456789012345678901234567890,"of":[]}`, "/at_least", "", policy.ErrMalformed},
		{"of not a list", `{"at_least":1,"of":{}}`, "/of", "", policy.ErrMalformed},
		{"field not a string", `{"field":1,"op":">=","value":18}`, "/field", "", policy.ErrMalformed},
		{"field null", `{"field":null,"op":"==","value":1}`, "/field", "", policy.ErrMalformed},
		{"field name not valid", `{"field":"Age","op":"==","value":1}`, "/field", "Age", policy.ErrMalformed},
		{"field name a keyword", `{"field":"in","op":"==","value":1}`, "/field", "in", policy.ErrMalformed},
		{"field name empty", `{"field":"","op":"==","value":1}`, "/field", "", policy.ErrMalformed},
		{"op not a string", `{"field":"age","op":1,"value":18}`, "/op", "", policy.ErrMalformed},
		{"unknown op", `{"field":"age","op":"=>","value":18}`, "/op", "=>", policy.ErrUnknown},
		{"empty op", `{"field":"age","op":"","value":1}`, "/op", "", policy.ErrUnknown},
		{"null value", `{"field":"age","op":"==","value":null}`, "/value", "age", policy.ErrMalformed},
		{"object value", `{"field":"age","op":"==","value":{}}`, "/value", "age", policy.ErrMalformed},
		{"list value", `{"field":"age","op":"==","value":[1]}`, "/value", "age", policy.ErrMalformed},
		{"values not a list", `{"field":"age","op":"in","values":3}`, "/values", "age", policy.ErrMalformed},
		{"values null", `{"field":"age","op":"in","values":null}`, "/values", "age", policy.ErrMalformed},
		{"values with object", `{"field":"age","op":"in","values":[1,{}]}`, "/values/1", "age", policy.ErrMalformed},
		{"deep syntax error", `{"not":{"not":{"at_least":1,"of":[{"field":"age","op":"==","value":[]}]}}}`,
			"/not/not/of/0/value", "age", policy.ErrMalformed},
		{"text in a tree", `{"not":{"any":["age > 1","age >> 1"]}}`, "/not/any/1", ">", policy.ErrMalformed},
		{"truncated", `{"all":[`, "", "", policy.ErrMalformed},
		{"trailing garbage", `{"all":[]} x`, "", "", policy.ErrMalformed},
		{"two values", `{"all":[]} {}`, "", "", policy.ErrMalformed},
		{"empty input", ``, "", "", policy.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			err := c.UnmarshalJSON([]byte(tt.in))
			want := testkit.Want{Path: tt.path, Name: tt.field, Err: tt.err}
			testkit.CheckProblems(t, err, want)
			choices := map[string][]string{}
			if tt.err == policy.ErrUnknown {
				choices[tt.path] = operators
			}
			checkReport(t, err, choices)
			assert.Equal(t, policy.Cond{}, c, "a failed decode leaves the condition alone")
			if json.Valid([]byte(tt.in)) {
				err := json.Unmarshal([]byte(tt.in), &c)
				testkit.CheckProblems(t, err, want)
			}
		})
	}
}

// TestJSONStrayKeys: a key that no tree form has, or has in another case,
// is reported at its own path and position as policy.Unmarshal reports
// one, with the form's keys (or the right key) as choices, beside every
// other problem.
func TestJSONStrayKeys(t *testing.T) {
	type problem struct {
		path, name string
		err        error
		choices    []string
		line, col  int
	}
	every := []string{"all", "any", "not", "at_least", "of", "field", "op", "value", "values"}
	comparison := []string{"field", "op", "value", "values"}
	tests := []struct {
		name, in string
		want     []problem
	}{
		{"unknown key", `{"every":[]}`,
			[]problem{{"/every", "every", policy.ErrUnknown, every, 1, 2}}},
		{"key in another case", `{"All":[]}`,
			[]problem{{"/All", "All", policy.ErrUnknown, []string{"all"}, 1, 2}}},
		{"field in another case", `{"Field":"age","op":">=","value":18}`,
			[]problem{{"/Field", "Field", policy.ErrUnknown, []string{"field"}, 1, 2}}},
		{"extra key", `{"field":"age","op":">=","value":18,"note":"x"}`,
			[]problem{{"/note", "note", policy.ErrUnknown, comparison, 1, 37}}},
		{"misspelt value", `{"field":"age","op":">=","vlaue":18}`,
			[]problem{{"/vlaue", "vlaue", policy.ErrUnknown, comparison, 1, 26}}},
		{"misspelt of", `{"at_least":1,"off":[]}`,
			[]problem{{"/off", "off", policy.ErrUnknown, []string{"at_least", "of"}, 1, 15}}},
		{"keys of two forms", `{"all":[],"field":"age","x":1}`,
			[]problem{{"/x", "x", policy.ErrUnknown, every, 1, 25}}},
		{"a key needing escapes", "{\"all\":[],\n \"a/b~\":1}",
			[]problem{{"/a~1b~0", "a/b~", policy.ErrUnknown, []string{"all"}, 2, 2}}},
		{"every problem at once", `{"all":[{"field":"Age","op":">=","Value":1,"note":2},"age >"],"why":"x"}`,
			[]problem{
				{"/all/0/Value", "Value", policy.ErrUnknown, []string{"value"}, 1, 34},
				{"/all/0/note", "note", policy.ErrUnknown, comparison, 1, 44},
				{"/all/1", "", policy.ErrMalformed, nil, 1, 60},
				{"/why", "why", policy.ErrUnknown, []string{"all"}, 1, 63},
			}},
		{"a whole form beside a stray key", `{"not":{"field":"Age","op":"=>","value":1},"note":"x"}`,
			[]problem{
				{"/not/field", "Age", policy.ErrMalformed, nil, 0, 0},
				{"/not/op", "=>", policy.ErrUnknown, operators, 0, 0},
				{"/note", "note", policy.ErrUnknown, []string{"not"}, 1, 44},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			err := c.UnmarshalJSON([]byte(tt.in))
			ps := testkit.Problems(t, err)
			got := make([]problem, len(ps))
			for i, p := range ps {
				got[i] = problem{p.Path, p.Name, sentinelOf(p.Err), p.Choices, p.Line, p.Column}
				if p.Line == 0 || p.Name == "" {
					continue // not a key
				}
				// The words of policy.Unmarshal for a key.
				if len(p.Choices) == 1 && p.Choices[0] != p.Name && strings.EqualFold(p.Choices[0], p.Name) {
					assert.Equal(t, "unknown key: keys are case-sensitive", p.Err.Error())
				} else {
					assert.Equal(t, "unknown key", p.Err.Error())
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, policy.Cond{}, c, "a failed decode leaves the condition alone")

			// The same through encoding/json, and located in a document
			// through policy.Unmarshal.
			var d policy.Cond
			assert.Equal(t, err, json.Unmarshal([]byte(tt.in), &d))
			var doc struct {
				When policy.Cond `json:"when"`
			}
			err = policy.Unmarshal([]byte("{\n  \"when\": "+tt.in+"}"), &doc)
			for i, p := range testkit.Problems(t, err) {
				assert.Equal(t, "/when"+tt.want[i].path, p.Path)
				if tt.want[i].line == 1 {
					assert.Equal(t, [2]int{2, tt.want[i].col + 10}, [2]int{p.Line, p.Column}, p.Path)
				} else if tt.want[i].line > 1 {
					assert.Equal(t, [2]int{tt.want[i].line + 1, tt.want[i].col}, [2]int{p.Line, p.Column}, p.Path)
				}
			}
		})
	}
}

// sentinelOf returns the sentinel that err is or wraps.
func sentinelOf(err error) error {
	for _, s := range []error{policy.ErrUnknown, policy.ErrMalformed, policy.ErrMissing, policy.ErrDuplicate} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

func TestJSONControlCharacters(t *testing.T) {
	// Names with control characters are refused, and quoted with escapes
	// in the message.
	var c policy.Cond
	err := c.UnmarshalJSON([]byte(`{"field":"a\u007fb\u0000","op":"\u0007","value":1}`))
	ps := testkit.Problems(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, policy.Problem{Path: "/field", Name: "a\x7fb\x00", Err: policy.ErrMalformed}, ps[0])
	assert.Equal(t, policy.Problem{Path: "/op", Name: "\a", Err: policy.ErrUnknown, Choices: operators}, ps[1])
	assert.Equal(t, `vipcare: /field: "a\x7fb\x00": malformed`+"\n"+
		`vipcare: /op: "\a": unknown (want one of: ==, !=, <, <=, >, >=, in)`, err.Error())
}

func TestJSONEveryProblem(t *testing.T) {
	// The tree form reports every problem at once, in document order.
	var c policy.Cond
	err := c.UnmarshalJSON([]byte(`{"all":[{"field":"Age","op":"=>","values":[1,null]},null,{"not":"aum >"},{"at_least":"x","of":[{}]}]}`))
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/all/0/field", Name: "Age", Err: policy.ErrMalformed},
		testkit.Want{Path: "/all/0/op", Name: "=>", Err: policy.ErrUnknown},
		testkit.Want{Path: "/all/0/values/1", Name: "Age", Err: policy.ErrMalformed},
		testkit.Want{Path: "/all/1", Err: policy.ErrMissing},
		testkit.Want{Path: "/all/2/not", Err: policy.ErrMalformed},
		testkit.Want{Path: "/all/3/at_least", Err: policy.ErrMalformed},
		testkit.Want{Path: "/all/3/of/0", Err: policy.ErrMalformed},
	)
	for _, p := range testkit.Problems(t, err) {
		if p.Path == "/all/2/not" {
			assert.Equal(t, [2]int{1, 71}, [2]int{p.Line, p.Column}, "a problem in a text is located in data")
		} else {
			assert.Zero(t, p.Line, "problems of the tree form have no position: %s", p.Path)
		}
	}
}

func TestJSONTextPositions(t *testing.T) {
	// A problem in a text is located in the data given to UnmarshalJSON:
	// line 1, column 1 is its first byte, so the text's first byte is at
	// column 2, escapes included.
	tests := []struct {
		name, in   string
		path, text string // the problem's path and offending token
		line, col  int
	}{
		{"plain", `"aum >> 1"`, "", ">", 1, 7},
		{"at the end", `"aum >= "`, "", "", 1, 9},
		{"after escapes", `"risk == \"C1\" and \u0061ge >> 1"`, "", ">", 1, 31},
		{"an escape is the token", `"aum >= 1 and \u00e9"`, "", "é", 1, 15},
		{"an escaped newline stays on line 1", `"age > 1\nand aum >> 1"`, "", ">", 1, 20},
		{"on a later line", "\n\n   \"aum >> 1\"", "", ">", 3, 10},
		{"in a tree", "{\"all\": [\n  \"age > 1\",\n  \"aum >> 1\"]}", "/all/1", ">", 3, 9},
		{"a character beyond ASCII", `"tier == 私行"`, "", "私", 1, 10},
		{"after a character beyond ASCII", `"tier == \"私行\" and and"`, "", "and", 1, 25},
		{"after a surrogate pair", `"tier == \"\ud83d\ude00\" or or"`, "", "or", 1, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			err := c.UnmarshalJSON([]byte(tt.in))
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Equal(t, tt.text, ps[0].Name)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{ps[0].Line, ps[0].Column})
			assert.Contains(t, err.Error(), fmt.Sprintf("line %d, column %d: ", tt.line, tt.col))
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
	assert.True(t, policy.EqualConds(nestNot(policy.MaxDepth), c))
	roundTrip(t, c)

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

	// A text inside the tree form counts from where it is: at level 30,
	// a text two levels deep is at the limit, three levels beyond it.
	inTree := func(text string) string {
		return strings.Repeat(`{"not":`, policy.MaxDepth-3) + `{"all":["age > 1",` + strconv.Quote(text) + `]}` + strings.Repeat(`}`, policy.MaxDepth-3)
	}
	require.NoError(t, c.UnmarshalJSON([]byte(inTree("not age > 1"))))
	_, err = policy.Compile(schema, c)
	require.NoError(t, err)
	err = c.UnmarshalJSON([]byte(inTree("not not age > 1")))
	testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth-2) + "/all/1", Name: "age", Err: policy.ErrTooMany})
	ps := testkit.Problems(t, err)
	assert.Equal(t, 1, ps[0].Line)
	assert.Equal(t, strings.Index(inTree("not not age > 1"), "age > 1\"]")+1, ps[0].Column, "at the comparison one level too deep")
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
		`{"name":"private","when":"aum >= 2000000","then":{"segment":"private","advisors":3},"priority":10},` +
		`{"name":"senior","when":"age >= 65 and not risk in (\"C5\")","then":{"segment":"senior","advisors":2}},` +
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
	err = c.UnmarshalJSON([]byte(`"age >= 18 and (aum > 1"`))
	testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrMalformed})
	assert.Equal(t, `vipcare: line 1, column 24: malformed: want ")"`, err.Error())
}

func TestJSONOddForms(t *testing.T) {
	// Forms that decode but do not compile keep their data form: marshalling
	// must not fail or change them, and Compile says what is wrong.
	tests := []struct {
		name, in string
		text     string // the JSON form
		path     string // from Compile
		want     error
	}{
		{"comparison with two values", `{"field":"age","op":"==","values":[1,2]}`, `"age == (1, 2)"`, "/values", policy.ErrMalformed},
		{"comparison with no values", `{"field":"age","op":">=","values":[]}`, `"age >= ()"`, "/values", policy.ErrMalformed},
		{"in with no values", `{"field":"age","op":"in","values":[]}`, `"age in ()"`, "/values", policy.ErrMissing},
		{"unknown field", `{"field":"nope","op":"==","value":1}`, `"nope == 1"`, "/field", policy.ErrUnknown},
		{"empty all", `{"all":[]}`, `"all()"`, "/all", policy.ErrMissing},
		{"empty at_least", `{"at_least":1,"of":[]}`, `"at least 1 of ()"`, "/at_least", policy.ErrOutOfRange},
		{"at_least zero", `{"at_least":0,"of":[{"field":"age","op":">","value":1}]}`, `"at least 0 of (age > 1)"`, "/at_least", policy.ErrOutOfRange},
		{"at_least negative", `{"at_least":-1,"of":["age > 1"]}`, `"at least -1 of (age > 1)"`, "/at_least", policy.ErrOutOfRange},
		{"huge number", `{"field":"age","op":">","value":123456789012345678901234567890}`, `"age > 123456789012345678901234567890"`, "/value", policy.ErrOutOfRange},
		{"string on a bool", `{"field":"entrepreneur","op":"==","value":"true"}`, `"entrepreneur == \"true\""`, "/value", policy.ErrTypeMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.in), &c))
			assert.Equal(t, tt.text, string(roundTrip(t, c)))
			_, err := policy.Compile(schema, c)
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.ErrorIs(t, err, tt.want)
		})
	}

	// Conditions built in Go that cannot compile marshal too, and survive
	// a round trip.
	for _, c := range []policy.Cond{
		compare("age", ">="),
		compare("age", "==", 1, 2),
		policy.Field("risk").In(),
		policy.AtLeast(5, policy.Field("age").GE(1)),
		policy.All(),
		policy.Any(policy.Field("age").GE(1)),
	} {
		roundTrip(t, c)
	}

	// A threshold that has no JSON form (a float) is refused, not dropped.
	_, err := policy.Field("aum").GE(1.5).MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "aum", Err: policy.ErrMalformed})
	_, err = policy.Any(policy.Field("age").GE(1), policy.Field("aum").GE(1.5)).MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Path: "/any/1/value", Name: "aum", Err: policy.ErrMalformed})

	// A condition that would not read back from its text is written in
	// the tree form, which says what is wrong with it when decoded.
	for _, tt := range []struct {
		name string
		cond policy.Cond
		want string
		path string
		err  error
	}{
		{"operand left out", policy.All(policy.Field("age").GE(1), policy.Cond{}),
			`{"all":[{"field":"age","op":">=","value":1},null]}`, "/all/1", policy.ErrMissing},
		{"not of nothing", policy.Not(policy.Cond{}), `{"not":null}`, "/not", policy.ErrMissing},
		{"field name not valid", policy.Field("Age").GE(1), `{"field":"Age","op":">=","value":1}`, "/field", policy.ErrMalformed},
		{"field name a keyword", policy.Field("not").GE(1), `{"field":"not","op":">=","value":1}`, "/field", policy.ErrMalformed},
		{"unknown operator", policy.RawCompare("age", "=>", 1), `{"field":"age","op":"=>","value":1}`, "/op", policy.ErrUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.cond.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			var d policy.Cond
			err = json.Unmarshal(b, &d)
			ps := testkit.Problems(t, err)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.ErrorIs(t, err, tt.err)
		})
	}

	// Text that is not valid UTF-8 has no exact JSON form: written with
	// U+FFFD it would decode as another condition, so marshalling fails
	// at its path, wherever it is.
	for _, tt := range []struct {
		name string
		cond policy.Cond
		path string
		want string // the problem's name
	}{
		{"threshold", policy.Field("risk").EQ("c\xfe"), "/value", "risk"},
		{"a threshold of in", policy.Field("risk").In("C1", "c\xfe"), "/values/1", "risk"},
		{"a nested threshold", policy.All(policy.Field("age").GE(1), policy.Not(policy.Field("risk").LE("\xff"))),
			"/all/1/not/value", "risk"},
		{"field", policy.Field("a\xffb").EQ("c"), "/field", "a\xffb"},
		{"field and threshold", policy.Field("a\xffb").EQ("c\xfe"), "/field", "a\xffb"},
		{"operator", policy.RawCompare("risk", "=\xff", "c"), "/op", "risk"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.cond.MarshalJSON()
			assert.Nil(t, b)
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, policy.Problem{Path: tt.path, Name: tt.want, Err: ps[0].Err}, ps[0])
			assert.ErrorIs(t, err, policy.ErrMalformed)
			assert.Contains(t, err.Error(), "not valid UTF-8")
			_, err = json.Marshal(tt.cond)
			assert.ErrorIs(t, err, policy.ErrMalformed, "through encoding/json too")
		})
	}
	// A valid threshold of the same shape still marshals, in its text form.
	b, err := policy.Field("risk").EQ("c\ufffd").MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `"risk == \"c`+"\ufffd"+`\""`, string(b))
}
