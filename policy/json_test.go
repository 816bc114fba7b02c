package policy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		{"bool true", policy.Field("entrepreneur").IsTrue(), `{"field":"entrepreneur","op":"==","value":true}`},
		{"bool false", policy.Field("entrepreneur").IsFalse(), `{"field":"entrepreneur","op":"==","value":false}`},
		{"bool ne", policy.Field("entrepreneur").NE(true), `{"field":"entrepreneur","op":"!=","value":true}`},
		{"date string", policy.Field("since").LT("2015-01-01"), `{"field":"since","op":"<","value":"2015-01-01"}`},
		{"date from time", policy.Field("since").GE(time.Date(2020, 6, 30, 23, 0, 0, 0, time.UTC)), `{"field":"since","op":">=","value":"2020-06-30"}`},
		{"decimal as string", policy.Field("aum").GE("1999999.9999"), `{"field":"aum","op":">=","value":"1999999.9999"}`},
		{"decimal as number", policy.Field("aum").GE(2000000), `{"field":"aum","op":">=","value":2000000}`},
		{"decimal string with exponent", policy.Field("aum").GT("2e6"), `{"field":"aum","op":">","value":"2e6"}`},
		{"all", policy.All(policy.Field("age").GE(18), policy.Field("aum").GE("1")), `{"all":[{"field":"age","op":">=","value":18},{"field":"aum","op":">=","value":"1"}]}`},
		{"any", policy.Any(policy.Field("age").GE(65), policy.Field("entrepreneur").IsTrue()), `{"any":[{"field":"age","op":">=","value":65},{"field":"entrepreneur","op":"==","value":true}]}`},
		{"not", policy.Not(policy.Field("risk").In("C1")), `{"not":{"field":"risk","op":"in","values":["C1"]}}`},
		{"at_least", policy.AtLeast(2, policy.Field("age").GE(60), policy.Field("products").GE(3), policy.Field("advisor.rank").GT(1)),
			`{"at_least":2,"of":[{"field":"age","op":">=","value":60},{"field":"products","op":">=","value":3},{"field":"advisor.rank","op":">","value":1}]}`},
		{"nested", policy.All(
			policy.Any(policy.Field("aum").GE("2000000"), policy.AtLeast(1, policy.Field("entrepreneur").IsTrue(), policy.Field("products").GE(3))),
			policy.Not(policy.Field("risk").In("C1", "C2")),
			policy.Field("since").LE("2020-12-31"),
		), `{"all":[{"any":[{"field":"aum","op":">=","value":"2000000"},{"at_least":1,"of":[{"field":"entrepreneur","op":"==","value":true},{"field":"products","op":">=","value":3}]}]},{"not":{"field":"risk","op":"in","values":["C1","C2"]}},{"field":"since","op":"<=","value":"2020-12-31"}]}`},
		{"string needing escapes", policy.Field("risk").EQ("a\"b\\c\u0001<>&"), `{"field":"risk","op":"==","value":"a\"b\\c\u0001\u003c\u003e\u0026"}`},
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
			rb, err := r2.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(rb), "a Rule marshals as its condition")
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
			if !c.IsZero() {
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
	r := policy.MustCompile(schema, c)
	below, at, above := client{AUM: 19_999_999_998}, client{AUM: 19_999_999_999}, client{AUM: 20_000_000_000}
	assert.False(t, r.Eval(&below))
	assert.False(t, r.Eval(&at))
	assert.True(t, r.Eval(&above))

	require.NoError(t, json.Unmarshal([]byte(`{"field":"aum","op":">=","value":1e999999999}`), &c))
	start := time.Now()
	_, err := policy.Compile(schema, c)
	assert.ErrorIs(t, err, policy.ErrThreshold)
	assert.Less(t, time.Since(start), time.Second, "a huge exponent is rejected, not expanded")

	require.NoError(t, json.Unmarshal([]byte(`{"field":"age","op":">=","value":18.5}`), &c))
	_, err = policy.Compile(schema, c)
	assert.ErrorIs(t, err, policy.ErrThreshold, "an int field takes whole numbers only")
}

// customCond is a condition holding a custom predicate two levels down.
func customCond() policy.Cond {
	return policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Any(policy.Field("age").GE(65), policy.Not(policy.Custom[client]("has_advisor",
			policy.PredicateFunc[client](func(c *client) bool { return c.Advisor != nil })))),
	)
}

func TestJSONCustomHasNoDataForm(t *testing.T) {
	tests := []struct {
		name, path string
		cond       policy.Cond
	}{
		{"at root", "", policy.Custom[client]("has_advisor", policy.PredicateFunc[client](func(c *client) bool { return c.Advisor != nil }))},
		{"nested", "all[1].any[1].not", customCond()},
		{"in at_least", "of[1]", policy.AtLeast(1, policy.Field("age").GE(1), customCond())},
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
				require.ErrorIs(t, err, policy.ErrNoDataForm)
				var pe *policy.Error
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, "has_advisor", pe.Name)
				assert.Contains(t, err.Error(), `"has_advisor"`, "the error names the predicate")
				if tt.path != "" {
					assert.True(t, strings.HasPrefix(pe.Path, tt.path), "path %q", pe.Path)
					assert.Contains(t, err.Error(), tt.path, "the error says where the predicate is")
				}
			}
		})
	}
}

func TestJSONSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, in, path string
	}{
		{"not an object", `[]`, ""},
		{"number", `1`, ""},
		{"string", `"aum >= 1"`, ""},
		{"empty object", `{}`, ""},
		{"unknown key", `{"every":[]}`, ""},
		{"extra key", `{"field":"age","op":">=","value":18,"note":"x"}`, ""},
		{"all and any", `{"all":[],"any":[]}`, ""},
		{"value and values", `{"field":"age","op":"in","value":1,"values":[1]}`, ""},
		{"missing op", `{"field":"age","value":18}`, ""},
		{"all not a list", `{"all":{"field":"age","op":">=","value":18}}`, "all"},
		{"null operand", `{"all":[null]}`, "all[0]"},
		{"nested null operand", `{"any":[{"field":"age","op":">=","value":18},{"all":[null]}]}`, "any[1].all[0]"},
		{"not null", `{"not":null}`, "not"},
		{"not of a list", `{"not":[]}`, "not"},
		{"at_least not a number", `{"at_least":"2","of":[]}`, "at_least"},
		{"at_least fraction", `{"at_least":1.5,"of":[]}`, "at_least"},
		{"of not a list", `{"at_least":1,"of":{}}`, "of"},
		{"field not a string", `{"field":1,"op":">=","value":18}`, ""},
		{"op not a string", `{"field":"age","op":1,"value":18}`, ""},
		{"null value", `{"field":"age","op":"==","value":null}`, ""},
		{"object value", `{"field":"age","op":"==","value":{}}`, ""},
		{"list value", `{"field":"age","op":"==","value":[1]}`, ""},
		{"values not a list", `{"field":"age","op":"in","values":3}`, "values"},
		{"values with object", `{"field":"age","op":"in","values":[1,{}]}`, ""},
		{"deep syntax error", `{"not":{"not":{"at_least":1,"of":[{"field":"age","op":"==","value":[]}]}}}`, "not.not.of[0]"},
		{"truncated", `{"all":[`, ""},
		{"trailing garbage", `{"all":[]} x`, ""},
		{"empty input", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			err := c.UnmarshalJSON([]byte(tt.in))
			require.ErrorIs(t, err, policy.ErrSyntax)
			var pe *policy.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.path, pe.Path)
			assert.True(t, c.IsZero(), "a failed decode leaves the condition alone")
			if json.Valid([]byte(tt.in)) {
				assert.ErrorIs(t, json.Unmarshal([]byte(tt.in), &c), policy.ErrSyntax, "through encoding/json too")
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
			require.ErrorIs(t, err, policy.ErrTooDeep, "%d levels", levels)
			var pe *policy.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, notPath(policy.MaxDepth+1), pe.Path)
		}
		assert.True(t, d.IsZero())
	}

	// Depth counts lists too.
	deep := strings.Repeat(`{"all":[`, policy.MaxDepth) + `{"field":"age","op":">=","value":18}` + strings.Repeat(`]}`, policy.MaxDepth)
	assert.ErrorIs(t, c.UnmarshalJSON([]byte(deep)), policy.ErrTooDeep)
}

func TestJSONRow(t *testing.T) {
	type table struct {
		Hit  policy.HitPolicy    `json:"hit_policy"`
		Rows []policy.Row[offer] `json:"rows"`
	}
	in := table{Hit: policy.Priority, Rows: []policy.Row[offer]{
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
	assert.Equal(t, policy.Priority, out.Hit)
	assert.True(t, out.Rows[2].When.IsZero(), "null is the zero Cond")

	t1 := policy.MustTable(schema, in.Hit, in.Rows...)
	t2, err := policy.NewTable(schema, out.Hit, out.Rows...)
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
	assert.True(t, r.When.IsZero())
	assert.Equal(t, "x", r.Then)
}

func TestHitPolicyText(t *testing.T) {
	for _, h := range []policy.HitPolicy{policy.First, policy.Unique, policy.Priority, policy.Collect} {
		b, err := h.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, h.String(), string(b))
		var d policy.HitPolicy
		require.NoError(t, d.UnmarshalText(b))
		assert.Equal(t, h, d)
	}
	assert.Equal(t, []string{"first", "unique", "priority", "collect"},
		[]string{policy.First.String(), policy.Unique.String(), policy.Priority.String(), policy.Collect.String()})

	for _, h := range []policy.HitPolicy{0, policy.Collect + 1, 255} {
		_, err := h.MarshalText()
		assert.ErrorIs(t, err, policy.ErrHitPolicy, "%d", h)
		_, err = json.Marshal(h)
		assert.ErrorIs(t, err, policy.ErrHitPolicy)
		assert.Equal(t, "invalid", h.String())
	}
	for _, s := range []string{"", "invalid", "First", "any", "unique "} {
		var h policy.HitPolicy
		err := h.UnmarshalText([]byte(s))
		require.ErrorIs(t, err, policy.ErrHitPolicy, "%q", s)
		var pe *policy.Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, s, pe.Name, "the error quotes the input")
		assert.Zero(t, h)
	}
	var h policy.HitPolicy
	assert.ErrorIs(t, json.Unmarshal([]byte(`"sum"`), &h), policy.ErrHitPolicy)
}

func TestJSONErrorsAreErrors(t *testing.T) {
	// Every error from decoding is a *policy.Error; none is a bare
	// encoding/json error.
	var c policy.Cond
	err := c.UnmarshalJSON([]byte(`{"all":[{"field":"age"}]}`))
	var pe *policy.Error
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "all[0]", pe.Path)
	assert.Equal(t, `policy: all[0]: malformed condition`, err.Error())
}

func TestJSONOddForms(t *testing.T) {
	// Forms that decode but do not compile keep their data form: marshalling
	// must not fail or change them, and Compile says what is wrong.
	tests := []struct {
		name, in string
		want     error // from Compile
	}{
		{"comparison with two values", `{"field":"age","op":"==","values":[1,2]}`, policy.ErrOperator},
		{"comparison with no values", `{"field":"age","op":">=","values":[]}`, policy.ErrOperator},
		{"in with no values", `{"field":"age","op":"in","values":[]}`, policy.ErrOperator},
		{"in with null values", `{"field":"age","op":"in","values":null}`, policy.ErrOperator},
		{"unknown operator", `{"field":"age","op":"~","value":1}`, policy.ErrOperator},
		{"empty op", `{"field":"age","op":"","value":1}`, policy.ErrOperator},
		{"control character in field", `{"field":"a\u007fb\u0000","op":"==","value":1}`, policy.ErrUnknownField},
		{"control character in op", `{"field":"age","op":"\u0007","value":1}`, policy.ErrOperator},
		{"field null", `{"field":null,"op":"==","value":1}`, policy.ErrUnknownField},
		{"empty all", `{"all":[]}`, policy.ErrEmpty},
		{"all null", `{"all":null}`, policy.ErrEmpty},
		{"at_least zero", `{"at_least":0,"of":[{"field":"age","op":">","value":1}]}`, policy.ErrAtLeast},
		{"huge number", `{"field":"age","op":">","value":123456789012345678901234567890}`, policy.ErrThreshold},
		{"duplicate key", `{"all":[{"field":"nope","op":">","value":1}],"all":[]}`, policy.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			require.NoError(t, json.Unmarshal([]byte(tt.in), &c))
			roundTrip(t, c)
			_, err := policy.Compile(schema, c)
			assert.ErrorIs(t, err, tt.want)
		})
	}

	// Conditions built in Go that cannot compile marshal too.
	for _, c := range []policy.Cond{
		policy.Compare("age", policy.OpGE),
		policy.Compare("age", policy.OpEQ, 1, 2),
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
	assert.ErrorIs(t, err, policy.ErrThreshold)

	// Names that are not valid UTF-8 are encoded as valid JSON.
	b, err := policy.Field("a\xffb").EQ("c\xfe").MarshalJSON()
	require.NoError(t, err)
	assert.True(t, json.Valid(b), "%s", b)
	assert.Equal(t, `{"field":"a\ufffdb","op":"==","value":"c\ufffd"}`, string(b))
}
