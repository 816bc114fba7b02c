package policy_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// advisor and client are an obviously fake subject: a bank client with
// pointer, slice and map fields, so that purity tests have something to
// corrupt.
type advisor struct {
	Name string
	Rank int64
}

type client struct {
	ID           string
	AUM          int64 // 10^-4 units, so 2_000_000 is 20_000_000_000
	Age          int64
	Products     []string
	Entrepreneur bool
	Risk         string
	Since        time.Time
	Advisor      *advisor
	Scores       map[string]int64
}

var riskLevels = []string{"C1", "C2", "C3", "C4", "C5"}

var schema = policy.Must(policy.NewSchema(
	policy.Decimal("aum", 4, func(c *client) int64 { return c.AUM }).WithDoc("assets under management"),
	policy.Int("age", func(c *client) int64 { return c.Age }),
	policy.Int("products", func(c *client) int64 { return int64(len(c.Products)) }),
	policy.Bool("entrepreneur", func(c *client) bool { return c.Entrepreneur }),
	policy.Enum("risk", riskLevels, func(c *client) string { return c.Risk }),
	policy.Date("since", func(c *client) time.Time { return c.Since }),
	policy.Int("advisor.rank", func(c *client) int64 {
		if c.Advisor == nil {
			return 0
		}
		return c.Advisor.Rank
	}),
))

// fieldNames are the names of schema's fields, in order: the choices of an
// unknown field.
var fieldNames = []string{"aum", "age", "products", "entrepreneur", "risk", "since", "advisor.rank"}

// operators are the comparison operators: the choices of an unknown one.
var operators = []string{"==", "!=", "<", "<=", ">", ">=", "in"}

// compare returns the condition "field op values...": through the FieldRef
// method when op is an operator with the number of values it takes, else
// by decoding the JSON form, the only way left to write an unknown
// operator or a wrong number of values.
func compare(field, op string, values ...any) policy.Cond {
	f := policy.Field(field)
	methods := map[string]func(any) policy.Cond{"==": f.EQ, "!=": f.NE, "<": f.LT, "<=": f.LE, ">": f.GT, ">=": f.GE}
	if m, ok := methods[op]; ok && len(values) == 1 {
		return m(values[0])
	}
	if op == "in" {
		return f.In(values...)
	}
	form := map[string]any{"field": field, "op": op}
	if len(values) == 1 {
		form["value"] = values[0]
	} else {
		form["values"] = append([]any{}, values...)
	}
	b, err := json.Marshal(form)
	if err != nil {
		panic(err)
	}
	return decodeCond(string(b))
}

// decodeCond returns the condition whose JSON form is s, or panics.
func decodeCond(s string) policy.Cond {
	var c policy.Cond
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		panic(err)
	}
	return c
}

// fieldInfo returns the description of s's field name, if s has one.
func fieldInfo[T any](s *policy.Schema[T], name string) (policy.FieldInfo, bool) {
	for _, f := range s.Fields() {
		if f.Name == name {
			return f, true
		}
	}
	return policy.FieldInfo{}, false
}

// aum returns a decimal amount of whole units in the field's 10^-4 units.
func aum(units int64) int64 { return units * 10_000 }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// deepCopy returns a copy of c sharing no memory with it.
func deepCopy(c client) client {
	d := c
	if c.Products != nil {
		d.Products = append([]string(nil), c.Products...)
	}
	if c.Advisor != nil {
		a := *c.Advisor
		d.Advisor = &a
	}
	if c.Scores != nil {
		d.Scores = make(map[string]int64, len(c.Scores))
		for k, v := range c.Scores {
			d.Scores[k] = v
		}
	}
	return d
}

// samples are subjects that between them take both branches of every
// condition used in these tests.
func samples() []client {
	return []client{
		{ID: "zero"},
		{
			ID: "wealthy", AUM: aum(2_500_000), Age: 61, Products: []string{"deposit", "fund", "insurance"},
			Entrepreneur: true, Risk: "C4", Since: day(2009, 3, 1),
			Advisor: &advisor{"A. Advisor", 3}, Scores: map[string]int64{"nps": 9},
		},
		{
			ID: "edge", AUM: 19_999_999_999, Age: 18, Products: []string{"deposit"},
			Risk: "C3", Since: day(2024, 2, 29), Advisor: &advisor{"B. Advisor", 1},
		},
		{
			ID: "threshold", AUM: aum(2_000_000), Age: 65, Products: []string{"fund", "fund"},
			Entrepreneur: true, Risk: "C5", Since: day(2024, 3, 1),
		},
		{
			ID: "young", AUM: aum(1_000), Age: 17, Risk: "C1", Since: day(2023, 12, 31),
			Scores: map[string]int64{},
		},
		{ID: "unknown-risk", AUM: aum(300_000), Age: 40, Risk: "X9", Entrepreneur: true},
		{ID: "negative", AUM: -1, Age: -5, Risk: "C2", Since: time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("HST", -10*3600))},
	}
}

// evalPure evaluates r for c twice, checking that it gives the same answer
// both times and leaves c as it was.
func evalPure(t *testing.T, r *policy.Rule[client], c *client) bool {
	t.Helper()
	before := deepCopy(*c)
	got := r.Eval(c)
	require.Equal(t, got, r.Eval(c), "same answer twice")
	require.Equal(t, before, *c, "subject unchanged")
	return got
}

// checkReport checks what testkit.CheckProblems does not: that each
// problem about a choice lists the choices (want, by the problem's path)
// and no other problem does, and that the message has one line a problem,
// each starting with "vipcare: ".
func checkReport(t *testing.T, err error, want map[string][]string) {
	t.Helper()
	ps := testkit.Problems(t, err)
	for _, p := range ps {
		assert.Equal(t, want[p.Path], p.Choices, "choices of the problem at %q", p.Path)
	}
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, len(ps), "one line a problem")
	for _, line := range lines {
		assert.True(t, strings.HasPrefix(line, "vipcare: "), "line %q has the prefix", line)
	}
}

// nestNot returns a condition levels deep: levels-1 Nots around a comparison.
func nestNot(levels int) policy.Cond {
	c := policy.Field("age").GE(18)
	for i := 1; i < levels; i++ {
		c = policy.Not(c)
	}
	return c
}

// notPath returns the path of the innermost condition of nestNot(levels).
func notPath(levels int) string {
	return strings.Repeat("/not", levels-1)
}

func TestCompileErrors(t *testing.T) {
	age := policy.Field("age").GE(18)
	otherType := policy.Custom("senior_advisor", func(a *advisor) bool { return a.Rank > 2 })
	tests := []struct {
		name   string
		cond   policy.Cond
		want   []testkit.Want
		reason string
	}{
		// ErrUnknown: fields
		{"unknown field at root", policy.Field("aum_total").GE("1"),
			[]testkit.Want{{Path: "/field", Name: "aum_total", Err: policy.ErrUnknown}}, "the root comparison's field is at /field"},
		{"unknown field nested", policy.All(age, policy.Not(policy.Field("Age").EQ(1))),
			[]testkit.Want{{Path: "/all/1/not/field", Name: "Age", Err: policy.ErrUnknown}}, "names are case-sensitive"},
		{"unknown field in at_least", policy.AtLeast(1, age, policy.Any(age, policy.Field("nope").In(1))),
			[]testkit.Want{{Path: "/of/1/any/1/field", Name: "nope", Err: policy.ErrUnknown}}, "at_least operands are under /of/i"},

		// ErrTypeMismatch
		{"greater than on bool", policy.Field("entrepreneur").GT(true),
			[]testkit.Want{{Path: "/op", Name: "entrepreneur", Err: policy.ErrTypeMismatch}}, "bools only have == and !="},
		{"string threshold on bool", policy.Field("entrepreneur").EQ("true"),
			[]testkit.Want{{Path: "/value", Name: "entrepreneur", Err: policy.ErrTypeMismatch}}, "a bool threshold must be a bool"},
		{"name threshold on int", policy.Field("age").GE("eighteen"),
			[]testkit.Want{{Path: "/value", Name: "age", Err: policy.ErrMalformed}}, "int thresholds are whole numbers, quoted or not"},
		{"bool threshold on int", policy.Field("age").EQ(true),
			[]testkit.Want{{Path: "/value", Name: "age", Err: policy.ErrTypeMismatch}}, "int thresholds are numbers"},
		{"in on decimal", policy.Field("aum").In("1", "2"),
			[]testkit.Want{{Path: "/op", Name: "aum", Err: policy.ErrTypeMismatch}}, "in applies to int and enum fields only"},
		{"in on date", policy.Field("since").In("2024-01-01"),
			[]testkit.Want{{Path: "/op", Name: "since", Err: policy.ErrTypeMismatch}}, "in applies to int and enum fields only"},
		{"bool threshold on decimal", policy.Field("aum").EQ(true),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrTypeMismatch}}, "decimals take strings or numbers"},
		{"number threshold on enum", policy.Field("risk").EQ(3),
			[]testkit.Want{{Path: "/value", Name: "3", Err: policy.ErrUnknown}}, "enum thresholds are names: 3 is not one"},
		{"number threshold on date", policy.Field("since").GE(20240101),
			[]testkit.Want{{Path: "/value", Name: "since", Err: policy.ErrMalformed}}, "date thresholds are YYYY-MM-DD"},
		{"custom predicate for another type", policy.All(age, otherType),
			[]testkit.Want{{Path: "/all/1", Name: "senior_advisor", Err: policy.ErrTypeMismatch}}, "a predicate on advisors cannot test a client"},

		// Thresholds: ErrOutOfRange, ErrMalformed, ErrUnknown
		{"more places than scale", policy.Field("aum").GE("1999999.99999"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrOutOfRange}}, "aum has 4 decimal places; rounding would be inexact"},
		{"decimal not a number", policy.Field("aum").GE("2m"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrMalformed}}, "not a decimal"},
		{"decimal overflows int64", policy.Field("aum").GE("922337203685478"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrOutOfRange}}, "times 10^4 it does not fit an int64"},
		{"decimal longer than 64 bytes", policy.Field("aum").GE("0." + strings.Repeat("0", 70)),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrMalformed}}, "over-long literals are refused before parsing"},
		{"bad date", policy.Field("since").GE("2023-02-29"),
			[]testkit.Want{{Path: "/value", Name: "since", Err: policy.ErrMalformed}}, "2023 is not a leap year"},
		{"date in another format", policy.Field("since").GE("01/02/2024"),
			[]testkit.Want{{Path: "/value", Name: "since", Err: policy.ErrMalformed}}, "dates are YYYY-MM-DD"},
		{"enum value not in list", policy.Field("risk").In("C4", "C6"),
			[]testkit.Want{{Path: "/values/1", Name: "C6", Err: policy.ErrUnknown}}, "C6 is not a risk level"},
		{"every enum value not in list", policy.Field("risk").In("C0", "C4", "C6"),
			[]testkit.Want{{Path: "/values/0", Name: "C0", Err: policy.ErrUnknown}, {Path: "/values/2", Name: "C6", Err: policy.ErrUnknown}},
			"every unknown value at once, each at its index"},
		{"int in with a bad value", policy.Field("age").In(18, 30, "x"),
			[]testkit.Want{{Path: "/values/2", Name: "age", Err: policy.ErrMalformed}}, "located at the bad value, not the first"},
		{"int in with several bad values", policy.Field("age").In("99999999999999999999", 30, "x"),
			[]testkit.Want{{Path: "/values/0", Name: "age", Err: policy.ErrOutOfRange}, {Path: "/values/2", Name: "age", Err: policy.ErrMalformed}},
			"every bad value at once"},
		{"a value of the wrong type and a malformed one", policy.Field("age").In(true, "x"),
			[]testkit.Want{{Path: "/values/0", Name: "age", Err: policy.ErrTypeMismatch}, {Path: "/values/1", Name: "age", Err: policy.ErrMalformed}},
			"each value's own problem"},
		{"a value of the wrong type and an unknown one", policy.Field("risk").In(true, "C9"),
			[]testkit.Want{{Path: "/values/0", Name: "risk", Err: policy.ErrTypeMismatch}, {Path: "/values/1", Name: "C9", Err: policy.ErrUnknown}},
			"each value's own problem"},
		{"values of the wrong type", policy.Field("age").In(true, 30, false),
			[]testkit.Want{{Path: "/values/0", Name: "age", Err: policy.ErrTypeMismatch}, {Path: "/values/2", Name: "age", Err: policy.ErrTypeMismatch}},
			"every value of the wrong type"},
		{"enum ordering value not in list", policy.Field("risk").GE("c4"),
			[]testkit.Want{{Path: "/value", Name: "c4", Err: policy.ErrUnknown}}, "enum names are case-sensitive"},
		{"float64 threshold", policy.Field("aum").GE(2e6),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrMalformed}}, "floats are not exact and are refused"},
		{"float64 threshold on int", policy.Field("age").GE(18.0),
			[]testkit.Want{{Path: "/value", Name: "age", Err: policy.ErrMalformed}}, "floats are refused on every kind"},
		{"nil threshold", policy.Field("age").EQ(nil),
			[]testkit.Want{{Path: "/value", Name: "age", Err: policy.ErrMalformed}}, "nil is not a threshold"},
		{"uint beyond int64", policy.Field("age").LE(uint64(math.MaxUint64)),
			[]testkit.Want{{Path: "/value", Name: "age", Err: policy.ErrOutOfRange}}, "out of range for an int field"},
		{"large exponent", policy.Field("aum").GE("1e400"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrOutOfRange}}, "rejected from the exponent, never expanded"},
		{"huge exponent", policy.Field("aum").GE("1e999999999"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrMalformed}}, "beyond what the decimal parser reads: rejected, never expanded"},
		{"huge negative exponent", policy.Field("aum").GE("1e-999999999"),
			[]testkit.Want{{Path: "/value", Name: "aum", Err: policy.ErrMalformed}}, "beyond what the decimal parser reads: rejected, never expanded"},

		// Operators and the number of values
		{"unknown operator", policy.RawCompare("age", "=>", 18),
			[]testkit.Want{{Path: "/op", Name: "age", Err: policy.ErrUnknown}}, "=> is not an operator"},
		{"comparison without value", compare("age", ">="),
			[]testkit.Want{{Path: "/values", Name: "age", Err: policy.ErrMalformed}}, ">= needs exactly one value"},
		{"comparison with two values", compare("age", "==", 1, 2),
			[]testkit.Want{{Path: "/values", Name: "age", Err: policy.ErrMalformed}}, "== needs exactly one value"},
		{"in without values", policy.Field("risk").In(),
			[]testkit.Want{{Path: "/values", Name: "risk", Err: policy.ErrMissing}}, "in needs at least one value"},

		// ErrMissing
		{"empty all", policy.All(),
			[]testkit.Want{{Path: "/all", Err: policy.ErrMissing}}, "All of nothing is almost always a mistake"},
		{"empty any", policy.Any(),
			[]testkit.Want{{Path: "/any", Err: policy.ErrMissing}}, "Any of nothing is almost always a mistake"},
		{"nested empty any", policy.All(age, policy.Any()),
			[]testkit.Want{{Path: "/all/1/any", Err: policy.ErrMissing}}, "the path is the operand's list"},
		{"zero cond inside all", policy.All(age, policy.Cond{}),
			[]testkit.Want{{Path: "/all/1", Err: policy.ErrMissing}}, "a missing operand is a mistake, not 'always'"},
		{"zero cond inside at_least", policy.AtLeast(1, policy.Cond{}, age),
			[]testkit.Want{{Path: "/of/0", Err: policy.ErrMissing}}, "a missing operand is a mistake, not 'always'"},
		{"not of zero cond", policy.Not(policy.Cond{}),
			[]testkit.Want{{Path: "/not", Err: policy.ErrMissing}}, "not(always) is a mistake"},
		{"custom without name", policy.Custom("", func(*client) bool { return true }),
			[]testkit.Want{{Err: policy.ErrMissing}}, "explanations need the name"},
		{"custom without predicate", policy.Custom[client]("vip", nil),
			[]testkit.Want{{Name: "vip", Err: policy.ErrMissing}}, "nothing to evaluate"},

		// AtLeast's count: ErrOutOfRange
		{"at_least zero", policy.AtLeast(0, age, age),
			[]testkit.Want{{Path: "/at_least", Err: policy.ErrOutOfRange}}, "at least 0 always holds: a mistake"},
		{"at_least negative", policy.Not(policy.AtLeast(-1, age)),
			[]testkit.Want{{Path: "/not/at_least", Err: policy.ErrOutOfRange}}, "the path is the operand's"},
		{"at_least more than operands", policy.AtLeast(3, age, age),
			[]testkit.Want{{Path: "/at_least", Err: policy.ErrOutOfRange}}, "3 of 2 can never hold"},

		// Nesting: ErrTooMany
		{"nested one deeper than MaxDepth", nestNot(policy.MaxDepth + 1),
			[]testkit.Want{{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany}}, "the innermost comparison is at level 33"},
		{"nested 40 deep", nestNot(40),
			[]testkit.Want{{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany}}, "reported once, where the limit is crossed"},

		// Everything at once.
		{"five problems at once", policy.All(
			policy.Field("nope").EQ(1),
			policy.Field("entrepreneur").GT(true),
			policy.Field("aum").GE("1.00001"),
			policy.Any(),
			policy.AtLeast(0, age),
		), []testkit.Want{
			{Path: "/all/0/field", Name: "nope", Err: policy.ErrUnknown},
			{Path: "/all/1/op", Name: "entrepreneur", Err: policy.ErrTypeMismatch},
			{Path: "/all/2/value", Name: "aum", Err: policy.ErrOutOfRange},
			{Path: "/all/3/any", Err: policy.ErrMissing},
			{Path: "/all/4/at_least", Err: policy.ErrOutOfRange},
		}, "Compile reports every problem, in condition order"},
	}
	// choices are the valid choices each case's problems list, by path:
	// the schema's fields for an unknown field, the operators for an
	// unknown operator, the enum's values for an unknown value. No other
	// problem lists any.
	choices := map[string]map[string][]string{
		"unknown field at root":                        {"/field": fieldNames},
		"unknown field nested":                         {"/all/1/not/field": fieldNames},
		"unknown field in at_least":                    {"/of/1/any/1/field": fieldNames},
		"enum value not in list":                       {"/values/1": riskLevels},
		"every enum value not in list":                 {"/values/0": riskLevels, "/values/2": riskLevels},
		"a value of the wrong type and an unknown one": {"/values/1": riskLevels},
		"enum ordering value not in list":              {"/value": riskLevels},
		"number threshold on enum":                     {"/value": riskLevels},
		"unknown operator":                             {"/op": operators},
		"five problems at once":                        {"/all/0/field": fieldNames},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *policy.Rule[client]
			var err error
			// Allocation, not the clock, bounds the work: a huge exponent
			// expanded or a deep tree walked without limit would allocate
			// far more than this.
			allocated := testkit.AllocatedBytes(func() { r, err = policy.Compile(schema, tt.cond) })
			assert.Less(t, allocated, uint64(64<<10), "compiling must be cheap")
			require.Nil(t, r, tt.reason)
			testkit.CheckProblems(t, err, tt.want...)
			checkReport(t, err, choices[tt.name])
			assert.Panics(t, func() { policy.Must(policy.Compile(schema, tt.cond)) })
		})
	}
}

func TestCompileMaxDepth(t *testing.T) {
	for levels := 1; levels <= policy.MaxDepth; levels++ {
		r, err := policy.Compile(schema, nestNot(levels))
		require.NoError(t, err, "%d levels", levels)
		want := levels%2 == 1 // an odd number of levels has an even number of Nots
		c := client{Age: 18}
		assert.Equal(t, want, evalPure(t, r, &c), "%d levels", levels)
	}
	_, err := policy.Compile(schema, nestNot(policy.MaxDepth+1))
	testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany})

	// Depth counts every combinator, not only Not.
	deep := policy.Field("age").GE(18)
	for i := 1; i < policy.MaxDepth; i++ {
		switch i % 3 {
		case 0:
			deep = policy.All(deep)
		case 1:
			deep = policy.Any(deep)
		default:
			deep = policy.AtLeast(1, deep)
		}
	}
	_, err = policy.Compile(schema, deep)
	require.NoError(t, err)
	_, err = policy.Compile(schema, policy.All(deep))
	require.ErrorIs(t, err, policy.ErrTooMany)
}

func TestCompileZeroCond(t *testing.T) {
	r, err := policy.Compile(schema, policy.Cond{})
	require.NoError(t, err)
	for _, c := range samples() {
		assert.True(t, evalPure(t, r, &c), "the zero Cond holds for %s", c.ID)
	}
	assert.Equal(t, "always", policy.Cond{}.String())
	c := samples()[1]
	assert.Equal(t, policy.Explanation{Held: true, Text: "always"}, r.Explain(&c, policy.ExplainOptions{Values: true}),
		"the rule of the zero Cond explains itself as always")
}

func TestSchemaErrors(t *testing.T) {
	getInt := func(c *client) int64 { return c.Age }
	getStr := func(c *client) string { return c.Risk }
	tests := []struct {
		name   string
		fields []policy.FieldSpec[client]
		want   []testkit.Want
		reason string
	}{
		{"every problem at once", []policy.FieldSpec[client]{
			policy.Int("age", getInt),
			policy.Int("Age", getInt),
			policy.Int("age", getInt),
			policy.Decimal("aum", 19, getInt),
			policy.Decimal("fee", -1, getInt),
			policy.Int[client]("score", nil),
			policy.Enum("segment", nil, getStr),
			policy.Enum("level", []string{"a", "b", "a"}, getStr),
			policy.Bool[client]("1st", nil),
			{},
		}, []testkit.Want{
			{Path: "/1", Name: "Age", Err: policy.ErrMalformed},
			{Path: "/2", Name: "age", Err: policy.ErrDuplicate},
			{Path: "/3", Name: "aum", Err: policy.ErrOutOfRange},
			{Path: "/4", Name: "fee", Err: policy.ErrOutOfRange},
			{Path: "/5", Name: "score", Err: policy.ErrMissing},
			{Path: "/6", Name: "segment", Err: policy.ErrMissing},
			{Path: "/7", Name: "level", Err: policy.ErrDuplicate},
			{Path: "/8", Name: "1st", Err: policy.ErrMalformed},
			{Path: "/8", Name: "1st", Err: policy.ErrMissing},
			{Path: "/9", Err: policy.ErrMissing}, // the zero FieldSpec: missing, once
		}, "NewSchema reports every problem, in field order"},
		{"name too long", []policy.FieldSpec[client]{policy.Int(strings.Repeat("a", 65), getInt)},
			[]testkit.Want{{Path: "/0", Name: strings.Repeat("a", 65), Err: policy.ErrMalformed}}, "names are at most 64 bytes"},
		{"name with space", []policy.FieldSpec[client]{policy.Int("real estate", getInt)},
			[]testkit.Want{{Path: "/0", Name: "real estate", Err: policy.ErrMalformed}}, "lower-case letters, digits, _ and . only"},
		{"keywords", []policy.FieldSpec[client]{
			policy.Int("all", getInt), policy.Int("always", getInt), policy.Int("and", getInt), policy.Int("any", getInt),
			policy.Int("at", getInt), policy.Bool("false", func(*client) bool { return false }), policy.Int("in", getInt),
			policy.Int("least", getInt), policy.Bool("not", func(*client) bool { return false }), policy.Int("of", getInt),
			policy.Int("or", getInt), policy.Bool("true", func(*client) bool { return true }),
		}, []testkit.Want{
			{Path: "/0", Name: "all", Err: policy.ErrMalformed}, {Path: "/1", Name: "always", Err: policy.ErrMalformed},
			{Path: "/2", Name: "and", Err: policy.ErrMalformed}, {Path: "/3", Name: "any", Err: policy.ErrMalformed},
			{Path: "/4", Name: "at", Err: policy.ErrMalformed}, {Path: "/5", Name: "false", Err: policy.ErrMalformed},
			{Path: "/6", Name: "in", Err: policy.ErrMalformed}, {Path: "/7", Name: "least", Err: policy.ErrMalformed},
			{Path: "/8", Name: "not", Err: policy.ErrMalformed}, {Path: "/9", Name: "of", Err: policy.ErrMalformed},
			{Path: "/10", Name: "or", Err: policy.ErrMalformed}, {Path: "/11", Name: "true", Err: policy.ErrMalformed},
		}, "the words of the text form are not field names, so that every condition has a text"},
		{"empty enum value", []policy.FieldSpec[client]{policy.Enum("level", []string{"a", ""}, getStr)},
			[]testkit.Want{{Path: "/0", Name: "level", Err: policy.ErrMissing}}, "an empty enum value is refused"},
		{"nil date accessor", []policy.FieldSpec[client]{policy.Date[client]("since", nil)},
			[]testkit.Want{{Path: "/0", Name: "since", Err: policy.ErrMissing}}, "every field needs an accessor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := policy.NewSchema(tt.fields...)
			require.Nil(t, s, tt.reason)
			testkit.CheckProblems(t, err, tt.want...)
			checkReport(t, err, nil)
			assert.Panics(t, func() { policy.Must(policy.NewSchema(tt.fields...)) })
		})
	}
}

func TestSchemaWith(t *testing.T) {
	ext, err := schema.With(policy.Int("household.size", func(*client) int64 { return 3 }).WithDoc("people"))
	require.NoError(t, err)
	_, ok := fieldInfo(schema, "household.size")
	assert.False(t, ok, "With does not change the schema it extends")
	info, ok := fieldInfo(ext, "household.size")
	require.True(t, ok)
	assert.Equal(t, policy.FieldInfo{Name: "household.size", Kind: "int", Doc: "people"}, info)

	_, err = policy.Compile(schema, policy.Field("household.size").EQ(3))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "household.size", Err: policy.ErrUnknown})
	checkReport(t, err, map[string][]string{"/field": fieldNames})
	r := policy.Must(policy.Compile(ext, policy.Field("household.size").EQ(3)))
	assert.True(t, r.Eval(&client{}))

	_, err = schema.With(policy.Int("aum", func(*client) int64 { return 0 }))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/0", Name: "aum", Err: policy.ErrDuplicate})

	names := []string{}
	for _, f := range ext.Fields() {
		names = append(names, f.Name)
	}
	assert.Equal(t, append(fieldNames, "household.size"), names)
	info, _ = fieldInfo(schema, "risk")
	info.Values[0] = "changed"
	info, _ = fieldInfo(schema, "risk")
	assert.Equal(t, riskLevels, info.Values, "FieldInfo.Values is a copy")
	info, _ = fieldInfo(schema, "aum")
	assert.Equal(t, policy.FieldInfo{Name: "aum", Kind: "decimal", Doc: "assets under management", Scale: 4}, info)

	// Every kind's name, as FieldInfo.Kind spells it.
	kinds := map[string]string{}
	for _, f := range ext.Fields() {
		kinds[f.Name] = f.Kind
	}
	assert.Equal(t, map[string]string{
		"aum": "decimal", "age": "int", "products": "int", "entrepreneur": "bool", "risk": "enum",
		"since": "date", "advisor.rank": "int", "household.size": "int",
	}, kinds)
}

// outcome is the expected result of an operator for a value below, at and
// above its threshold.
var outcome = map[string][3]bool{
	"==": {false, true, false},
	"!=": {true, false, true},
	"<":  {true, false, false},
	"<=": {true, true, false},
	">":  {false, false, true},
	">=": {false, true, true},
}

var orderedOps = []string{"==", "!=", "<", "<=", ">", ">="}

func TestOrderedSemantics(t *testing.T) {
	hst := time.FixedZone("HST", -10*3600)
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		name      string
		field     string
		threshold any
		// below, at and above the threshold
		subjects [3]client
		reason   string
	}{
		{"decimal with all places", "aum", "1999999.9999",
			[3]client{{AUM: 19_999_999_998}, {AUM: 19_999_999_999}, {AUM: 20_000_000_000}},
			"one 10^-4 unit either side is decided exactly"},
		{"decimal integer threshold", "aum", "2000000",
			[3]client{{AUM: 19_999_999_999}, {AUM: 20_000_000_000}, {AUM: 20_000_000_001}},
			"2000000 is 20000000000 units of 10^-4"},
		{"decimal trailing zeros beyond scale", "aum", "2000000.000000",
			[3]client{{AUM: 19_999_999_999}, {AUM: 20_000_000_000}, {AUM: 20_000_000_001}},
			"zeros past the scale lose nothing and are accepted"},
		{"decimal exponent form", "aum", "2e6",
			[3]client{{AUM: 19_999_999_999}, {AUM: 20_000_000_000}, {AUM: 20_000_000_001}},
			"2e6 is exactly 2000000"},
		{"decimal as Go int", "aum", 2_000_000,
			[3]client{{AUM: 19_999_999_999}, {AUM: 20_000_000_000}, {AUM: 20_000_000_001}},
			"a Go int threshold is an exact decimal"},
		{"decimal negative", "aum", "-0.0001",
			[3]client{{AUM: -2}, {AUM: -1}, {AUM: 0}},
			"negative amounts compare exactly"},
		{"decimal zero", "aum", "0",
			[3]client{{AUM: -1}, {AUM: 0}, {AUM: 1}},
			"zero"},
		{"decimal extremes", "aum", "-99999999999999.9999",
			[3]client{{AUM: math.MinInt64}, {AUM: -999_999_999_999_999_999}, {AUM: math.MaxInt64}},
			"the most negative 18-digit threshold"},
		{"int", "age", 18,
			[3]client{{Age: 17}, {Age: 18}, {Age: 19}},
			"whole years"},
		{"int negative", "age", -1,
			[3]client{{Age: -2}, {Age: -1}, {Age: 0}},
			"negative ints"},
		{"int max", "age", int64(math.MaxInt64),
			[3]client{{Age: math.MaxInt64 - 1}, {Age: math.MaxInt64}, {Age: math.MaxInt64}},
			"nothing is above MaxInt64; the third case is at the threshold again"},
		{"int from uint", "age", uint8(18),
			[3]client{{Age: 17}, {Age: 18}, {Age: 19}},
			"any Go integer type is a threshold"},
		{"int derived from slice", "products", 2,
			[3]client{{Products: []string{"a"}}, {Products: []string{"a", "b"}}, {Products: []string{"a", "b", "c"}}},
			"accessors may compute"},
		{"enum by declared order", "risk", "C3",
			[3]client{{Risk: "C2"}, {Risk: "C3"}, {Risk: "C4"}},
			"C2 < C3 < C4 in the declared list"},
		{"enum first", "risk", "C1",
			[3]client{{Risk: "C1"}, {Risk: "C1"}, {Risk: "C5"}},
			"nothing is below the first value; the first case is at the threshold"},
		{"date", "since", "2024-02-29",
			[3]client{{Since: day(2024, 2, 28)}, {Since: day(2024, 2, 29)}, {Since: day(2024, 3, 1)}},
			"a leap day"},
		{"date ignores time of day", "since", "2024-02-29",
			[3]client{
				{Since: time.Date(2024, 2, 28, 23, 59, 59, 999, time.UTC)},
				{Since: time.Date(2024, 2, 29, 23, 59, 59, 999, time.UTC)},
				{Since: time.Date(2024, 3, 1, 0, 0, 0, 1, time.UTC)},
			}, "only the calendar date counts"},
		{"date in its own location", "since", "2024-02-29",
			[3]client{
				{Since: time.Date(2024, 2, 28, 23, 30, 0, 0, hst)}, // 2024-02-29 in UTC
				{Since: time.Date(2024, 2, 29, 23, 30, 0, 0, hst)}, // 2024-03-01 in UTC
				{Since: time.Date(2024, 3, 1, 0, 30, 0, 0, cet)},   // 2024-02-29 in UTC
			}, "the date is read in the value's location, not converted to UTC"},
		{"date as Go time", "since", day(2024, 2, 29),
			[3]client{{Since: day(2024, 2, 28)}, {Since: day(2024, 2, 29)}, {Since: day(2024, 3, 1)}},
			"a time.Time threshold means its date"},
		{"date far past", "since", "0001-01-02",
			[3]client{{Since: time.Date(1, 1, 1, 12, 0, 0, 0, cet)}, {Since: day(1, 1, 2)}, {Since: day(9999, 12, 31)}},
			"dates before 1970 and far in the future; a non-zero time on 0001-01-01 is a date"},
	}
	for _, tt := range tests {
		for _, op := range orderedOps {
			t.Run(tt.name+"/"+op, func(t *testing.T) {
				r, err := policy.Compile(schema, compare(tt.field, op, tt.threshold))
				require.NoError(t, err)
				want := outcome[op]
				if tt.name == "int max" {
					want[2] = want[1]
				}
				if tt.name == "enum first" {
					want[0] = want[1]
				}
				for i, pos := range []string{"below", "at", "above"} {
					c := tt.subjects[i]
					assert.Equal(t, want[i], evalPure(t, r, &c), "%s the threshold: %s", pos, tt.reason)
				}
			})
		}
	}
}

func TestBoolSemantics(t *testing.T) {
	tests := []struct {
		name   string
		cond   policy.Cond
		want   [2]bool // for false, true
		reason string
	}{
		{"decoded true", decodeCond(`{"field":"entrepreneur","op":"==","value":true}`), [2]bool{false, true}, "the data form of == true"},
		{"decoded false", decodeCond(`{"field":"entrepreneur","op":"==","value":false}`), [2]bool{true, false}, "the data form of == false"},
		{"eq true", policy.Field("entrepreneur").EQ(true), [2]bool{false, true}, ""},
		{"eq false", policy.Field("entrepreneur").EQ(false), [2]bool{true, false}, ""},
		{"ne true", policy.Field("entrepreneur").NE(true), [2]bool{true, false}, ""},
		{"ne false", policy.Field("entrepreneur").NE(false), [2]bool{false, true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := policy.Must(policy.Compile(schema, tt.cond))
			for i, v := range []bool{false, true} {
				c := client{Entrepreneur: v}
				assert.Equal(t, tt.want[i], evalPure(t, r, &c), "entrepreneur=%v %s", v, tt.reason)
			}
		})
	}
}

func TestInSemantics(t *testing.T) {
	tests := []struct {
		name   string
		cond   policy.Cond
		holds  []client
		fails  []client
		reason string
	}{
		{"int in", policy.Field("age").In(18, 30, 65),
			[]client{{Age: 18}, {Age: 30}, {Age: 65}},
			[]client{{Age: 17}, {Age: 19}, {Age: 64}, {Age: 66}, {}}, "membership only"},
		{"int in single", policy.Field("age").In(0),
			[]client{{}}, []client{{Age: 1}, {Age: -1}}, "in with one value is =="},
		{"enum in", policy.Field("risk").In("C4", "C5"),
			[]client{{Risk: "C4"}, {Risk: "C5"}},
			[]client{{Risk: "C3"}, {Risk: "c4"}, {Risk: ""}, {Risk: "C6"}}, "exact names only"},
		{"enum in order irrelevant", policy.Field("risk").In("C5", "C1"),
			[]client{{Risk: "C1"}, {Risk: "C5"}}, []client{{Risk: "C3"}}, "not a range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := policy.Must(policy.Compile(schema, tt.cond))
			for _, c := range tt.holds {
				assert.True(t, evalPure(t, r, &c), "%+v: %s", c, tt.reason)
			}
			for _, c := range tt.fails {
				assert.False(t, evalPure(t, r, &c), "%+v: %s", c, tt.reason)
			}
		})
	}
}

func TestUnknownValues(t *testing.T) {
	// An enum value outside the list and the zero date are unknown: no
	// ordering comparison holds for them, whichever way it points.
	unknownRisk := []client{{Risk: "X9"}, {Risk: ""}, {Risk: "c3"}}
	for _, op := range orderedOps {
		t.Run("enum/"+op, func(t *testing.T) {
			r := policy.Must(policy.Compile(schema, compare("risk", op, "C3")))
			for _, c := range unknownRisk {
				want := op == "!=" // an unknown value is not C3
				assert.Equal(t, want, evalPure(t, r, &c), "risk %q", c.Risk)
			}
		})
		t.Run("zero date/"+op, func(t *testing.T) {
			r := policy.Must(policy.Compile(schema, compare("since", op, "2024-01-01")))
			for _, c := range []client{{}, {Since: time.Time{}.In(time.FixedZone("X", 3600))}} {
				assert.False(t, evalPure(t, r, &c), "an unknown date satisfies no comparison, not even !=")
			}
			r = policy.Must(policy.Compile(schema, compare("since", op, "0001-01-01")))
			c := client{}
			assert.False(t, evalPure(t, r, &c), "not even against 0001-01-01")
		})
	}
	r := policy.Must(policy.Compile(schema, policy.Field("risk").In("C1", "C2", "C3", "C4", "C5")))
	for _, c := range unknownRisk {
		assert.False(t, evalPure(t, r, &c), "risk %q is in no list", c.Risk)
	}
	r = policy.Must(policy.Compile(schema, policy.Not(policy.Field("since").GE("2024-01-01"))))
	c := client{}
	assert.True(t, evalPure(t, r, &c), "Not of a comparison on an unknown date holds: Not negates the outcome")
}

// bits is a subject for random conditions: eight boolean fields.
type bits [8]bool

var bitSchema = func() *policy.Schema[bits] {
	var fs []policy.FieldSpec[bits]
	for i := range 8 {
		fs = append(fs, policy.Bool("b"+string(rune('0'+i)), func(b *bits) bool { return b[i] }))
	}
	return policy.Must(policy.NewSchema(fs...))
}()

// randomCond returns a random condition over bits and a naive reference
// evaluator for it.
func randomCond(rng *rand.Rand, depth int) (policy.Cond, func(bits) bool) {
	if depth == 0 || rng.IntN(4) == 0 {
		i := rng.IntN(8)
		f := policy.Field("b" + string(rune('0'+i)))
		if rng.IntN(2) == 0 {
			return f.EQ(true), func(b bits) bool { return b[i] }
		}
		return f.EQ(false), func(b bits) bool { return !b[i] }
	}
	kids := func() ([]policy.Cond, []func(bits) bool) {
		n := 1 + rng.IntN(6)
		cs, fs := make([]policy.Cond, n), make([]func(bits) bool, n)
		for i := range n {
			cs[i], fs[i] = randomCond(rng, depth-1)
		}
		return cs, fs
	}
	count := func(fs []func(bits) bool, b bits) int {
		n := 0
		for _, f := range fs {
			if f(b) {
				n++
			}
		}
		return n
	}
	switch rng.IntN(4) {
	case 0:
		cs, fs := kids()
		return policy.All(cs...), func(b bits) bool { return count(fs, b) == len(fs) }
	case 1:
		cs, fs := kids()
		return policy.Any(cs...), func(b bits) bool { return count(fs, b) > 0 }
	case 2:
		c, f := randomCond(rng, depth-1)
		return policy.Not(c), func(b bits) bool { return !f(b) }
	default:
		cs, fs := kids()
		n := 1 + rng.IntN(len(cs))
		return policy.AtLeast(n, cs...), func(b bits) bool { return count(fs, b) >= n }
	}
}

func TestAtLeastAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 7))
	for i := range 500 {
		// Flat AtLeast over leaves: every count from 1 to len.
		n := 1 + rng.IntN(8)
		cs := make([]policy.Cond, n)
		idx := make([]int, n)
		neg := make([]bool, n)
		for j := range n {
			idx[j], neg[j] = rng.IntN(8), rng.IntN(2) == 0
			f := policy.Field("b" + string(rune('0'+idx[j])))
			if neg[j] {
				cs[j] = f.EQ(false)
			} else {
				cs[j] = f.EQ(true)
			}
		}
		for need := 1; need <= n; need++ {
			r := policy.Must(policy.Compile(bitSchema, policy.AtLeast(need, cs...)))
			for range 8 {
				var b bits
				for k := range b {
					b[k] = rng.IntN(2) == 0
				}
				got := 0
				for j := range n {
					if b[idx[j]] != neg[j] {
						got++
					}
				}
				require.Equal(t, got >= need, r.Eval(&b), "case %d: at least %d of %v on %v", i, need, r, b)
			}
		}
	}
	// Random trees of every combinator against the reference.
	for i := range 2000 {
		c, ref := randomCond(rng, 4)
		r, err := policy.Compile(bitSchema, c)
		require.NoError(t, err, "%v", c)
		for range 16 {
			var b bits
			for k := range b {
				b[k] = rng.IntN(2) == 0
			}
			before := b
			require.Equal(t, ref(b), r.Eval(&b), "tree %d: %v on %v", i, c, b)
			require.Equal(t, before, b)
			require.Equal(t, ref(b), r.Explain(&b, policy.ExplainOptions{}).Held, "Explain agrees with Eval")
		}
	}
}

func TestCondString(t *testing.T) {
	tests := []struct {
		name string
		cond policy.Cond
		want string
	}{
		{"zero", policy.Cond{}, "always"},
		{"comparison", policy.Field("aum").GE("2000000"), "aum >= 2000000"},
		{"in", policy.Field("risk").In("C4", "C5"), `risk in ("C4", "C5")`},
		{"in single", policy.Field("age").In(18), "age in (18)"},
		{"bool", policy.Field("entrepreneur").EQ(true), "entrepreneur"},
		{"bool false", policy.Field("entrepreneur").EQ(false), "entrepreneur == false"},
		{"date", policy.Field("since").LT(day(2020, 1, 2)), `since < "2020-01-02"`},
		{"combinators", policy.All(
			policy.Any(policy.Field("age").GT(60), policy.Not(policy.Field("risk").EQ("C1"))),
			policy.AtLeast(1, policy.Field("aum").NE(0), policy.Custom("vip", func(*client) bool { return true })),
		), `(age > 60 or not risk == "C1") and at least 1 of (aum != 0, vip())`},
		{"no data form", policy.All(policy.Field("aum").GE(1.5), policy.Cond{}), "aum >= <float64> and always"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cond.String())
		})
	}
}

func TestBuildersCopyArguments(t *testing.T) {
	cs := []policy.Cond{policy.Field("age").GE(18), policy.Field("aum").GE(1)}
	all, anyOf, atLeast := policy.All(cs...), policy.Any(cs...), policy.AtLeast(2, cs...)
	cs[0] = policy.Field("nope").EQ(1)
	for _, c := range []policy.Cond{all, anyOf, atLeast} {
		_, err := policy.Compile(schema, c)
		assert.NoError(t, err, "%v kept its own operands", c)
	}
	values := []string{"a", "b"}
	s := policy.Must(policy.NewSchema(policy.Enum("level", values, func(c *client) string { return c.Risk })))
	values[0] = "z"
	info, _ := fieldInfo(s, "level")
	assert.Equal(t, []string{"a", "b"}, info.Values, "Enum copies its values")
}

func TestExplanationFields(t *testing.T) {
	r := policy.Must(policy.Compile(schema, policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Field("risk").In("C4", "C5"),
		policy.Custom("has_advisor", func(c *client) bool { return c.Advisor != nil }),
	)))
	c := samples()[2] // edge: aum 1999999.9999, risk C3, has an advisor
	e := r.Explain(&c, policy.ExplainOptions{Values: true})
	assert.False(t, e.Held)
	assert.Equal(t, "all of", e.Text)
	require.Len(t, e.Children, 3)
	assert.Equal(t, policy.Explanation{Held: false, Text: "aum >= 2000000", Field: "aum", Op: ">=", Threshold: "2000000", Value: "1999999.9999"}, e.Children[0])
	assert.Equal(t, policy.Explanation{Held: false, Text: "risk in [C4, C5]", Field: "risk", Op: "in", Threshold: "[C4, C5]", Value: "C3"}, e.Children[1])
	assert.Equal(t, policy.Explanation{Held: true, Text: "has_advisor"}, e.Children[2])

	e = r.Explain(&c, policy.ExplainOptions{})
	for _, k := range e.Children {
		assert.Empty(t, k.Value, "no values unless asked")
	}
	assert.True(t, reflect.DeepEqual(e, r.Explain(&c, policy.ExplainOptions{})), "same explanation twice")
}

// auditRule is a realistic rule: a bit of every combinator over every kind.
var auditRule = policy.All(
	policy.Field("aum").GE("2000000"),
	policy.Any(policy.Field("entrepreneur").EQ(true), policy.Field("age").GE(60)),
	policy.Not(policy.Field("risk").In("C1", "C2")),
	policy.AtLeast(2,
		policy.Field("products").GE(3),
		policy.Field("since").LE("2015-12-31"),
		policy.Field("advisor.rank").GE(2),
	),
)

func TestGoldenRuleExplain(t *testing.T) {
	r := policy.Must(policy.Compile(schema, auditRule))
	for _, tt := range []struct {
		file string
		opts policy.ExplainOptions
	}{
		{"rule_explain.golden", policy.ExplainOptions{}},
		{"rule_explain_values.golden", policy.ExplainOptions{Values: true}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("rule: " + auditRule.String() + "\n")
			for _, c := range samples() {
				before := deepCopy(c)
				e := r.Explain(&c, tt.opts)
				require.Equal(t, r.Eval(&c), e.Held, "Explain agrees with Eval")
				require.Equal(t, before, c, "Explain does not change the subject")
				b.WriteString("\n# " + c.ID + "\n" + e.String() + "\n")
			}
			testkit.Golden(t, tt.file, b.String())
		})
	}
}

// Every node of an explanation holds as the node's own condition does on
// its own, and no two nodes share a slice: appending to one node's
// children, in a rule's or a table's explanation, changes no other node.
func TestExplanationNodes(t *testing.T) {
	aum, entrepreneur, old := policy.Field("aum").GE("2000000"), policy.Field("entrepreneur").EQ(true), policy.Field("age").GE(60)
	lowRisk := policy.Field("risk").In("C1", "C2")
	products, since, rank := policy.Field("products").GE(3), policy.Field("since").LE("2015-12-31"), policy.Field("advisor.rank").GE(2)
	// auditRule's nodes, by their path of child indexes.
	nodes := map[string]policy.Cond{
		"":    auditRule,
		"0":   aum,
		"1":   policy.Any(entrepreneur, old),
		"1/0": entrepreneur, "1/1": old,
		"2":   policy.Not(lowRisk),
		"2/0": lowRisk,
		"3":   policy.AtLeast(2, products, since, rank),
		"3/0": products, "3/1": since, "3/2": rank,
	}
	r := policy.Must(policy.Compile(schema, auditRule))
	tbl := policy.Must(policy.CompileTable(schema, policy.Collect,
		policy.Row[string]{Name: "audit", When: auditRule}, policy.Row[string]{Name: "rich", When: aum}))
	for _, c := range samples() {
		e := r.Explain(&c, policy.ExplainOptions{})
		seen := 0
		var walk func(path string, e policy.Explanation)
		walk = func(path string, e policy.Explanation) {
			cond, ok := nodes[path]
			require.True(t, ok, "%s: node %q", c.ID, path)
			assert.Equal(t, policy.Must(policy.Compile(schema, cond)).Eval(&c), e.Held, "%s: node %q", c.ID, path)
			assert.Equal(t, len(e.Children), cap(e.Children), "%s: node %q has no room to share", c.ID, path)
			seen++
			for i, k := range e.Children {
				walk(strings.TrimPrefix(path+"/"+strconv.Itoa(i), "/"), k)
			}
		}
		walk("", e)
		assert.Equal(t, len(nodes), seen, "%s: every node explained", c.ID)

		want := r.Explain(&c, policy.ExplainOptions{})
		grown := append(e.Children[1].Children, policy.Explanation{Text: "intruder"})
		grown[0].Text = "changed"
		assert.Equal(t, want, e, "%s: a rule's nodes share no slice", c.ID)

		te := tbl.Explain(&c, policy.ExplainOptions{})
		twant := tbl.Explain(&c, policy.ExplainOptions{})
		rows := append(te.Rows, policy.Explanation{Text: "intruder"})
		rows[0].Children = append(rows[0].Children, policy.Explanation{Text: "intruder"})
		rows[0].Children[0].Text = "changed"
		assert.Equal(t, twant, te, "%s: a table's rows share no slice", c.ID)
	}
}

// noValues reports whether no node of e carries a subject value.
func noValues(e policy.Explanation) bool {
	if e.Value != "" {
		return false
	}
	for _, k := range e.Children {
		if !noValues(k) {
			return false
		}
	}
	return true
}

func TestExplainWithoutValues(t *testing.T) {
	// Values chosen to appear in no threshold of auditRule.
	c := client{
		AUM: 12_345_678_912, Age: 47, Risk: "C3", Since: day(2011, 4, 5),
		Products: []string{"a", "b", "c", "d", "e", "f", "g"}, Advisor: &advisor{"X", 9},
	}
	secrets := []string{"1234567.8912", "47", "C3", "2011-04-05", "7", "9"}
	r := policy.Must(policy.Compile(schema, auditRule))
	tbl := policy.Must(policy.CompileTable(schema, policy.Collect, policy.Row[string]{Name: "audit", When: auditRule}))

	with := r.Explain(&c, policy.ExplainOptions{Values: true}).String()
	tableWith := tbl.Explain(&c, policy.ExplainOptions{Values: true}).String()
	for _, s := range secrets {
		assert.Contains(t, with, "(value "+s+")", "Values shows %s", s)
		assert.Contains(t, tableWith, "(value "+s+")", "Values shows %s", s)
	}

	e := r.Explain(&c, policy.ExplainOptions{})
	assert.True(t, noValues(e))
	te := tbl.Explain(&c, policy.ExplainOptions{})
	assert.True(t, noValues(te.Rows[0]))
	for _, text := range []string{e.String(), te.String()} {
		assert.NotContains(t, text, "(value")
		for _, s := range secrets {
			assert.NotContains(t, text, s, "no subject value without Values")
		}
	}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"value"`)
	for _, s := range secrets {
		assert.NotContains(t, string(b), s)
	}
}

func TestEvaluationIsPure(t *testing.T) {
	r := policy.Must(policy.Compile(schema, auditRule))
	first, unique := firstTable(), policy.Must(policy.CompileTable(schema, policy.Unique, segmentRows()...))
	for _, c := range samples() {
		t.Run(c.ID, func(t *testing.T) {
			before := deepCopy(c)
			held := r.Eval(&c)
			h1, ok1, err1 := first.Decide(&c)
			h2, ok2, err2 := unique.Decide(&c)
			hits := first.Collect(nil, &c)
			e := r.Explain(&c, policy.ExplainOptions{Values: true})
			te := unique.Explain(&c, policy.ExplainOptions{Values: true})
			require.Equal(t, before, c, "evaluation never changes the subject")
			require.Same(t, c.Advisor, c.Advisor)

			// Same answers the second time.
			assert.Equal(t, held, r.Eval(&c))
			g1, k1, e1 := first.Decide(&c)
			assert.Equal(t, []any{h1, ok1, err1}, []any{g1, k1, e1})
			g2, k2, e2 := unique.Decide(&c)
			assert.Equal(t, []any{h2, ok2, err2}, []any{g2, k2, e2})
			assert.Equal(t, hits, first.Collect(nil, &c))
			assert.Equal(t, e, r.Explain(&c, policy.ExplainOptions{Values: true}))
			assert.Equal(t, te, unique.Explain(&c, policy.ExplainOptions{Values: true}))
			require.Equal(t, before, c)
		})
	}
}

// outcomes is everything a rule and tables say about one subject.
type outcomes struct {
	Held      bool
	Explained string
	First     policy.Hit[string]
	Unique    string
	Collected []policy.Hit[string]
	Table     string
}

func TestConcurrentUse(t *testing.T) {
	r := policy.Must(policy.Compile(schema, auditRule))
	first, unique := firstTable(), policy.Must(policy.CompileTable(schema, policy.Unique, segmentRows()...))
	subjects := samples() // shared by every goroutine: evaluation only reads them
	evalAll := func() []outcomes {
		out := make([]outcomes, len(subjects))
		for i := range subjects {
			c := &subjects[i]
			h, _, _ := first.Decide(c)
			u, _, err := unique.Decide(c)
			us := u.Output.Segment
			if err != nil {
				us = err.Error()
			}
			out[i] = outcomes{
				Held:      r.Eval(c),
				Explained: r.Explain(c, policy.ExplainOptions{Values: true}).String(),
				First:     h,
				Unique:    us,
				Collected: first.Collect(nil, c),
				Table:     unique.Explain(c, policy.ExplainOptions{}).String(),
			}
		}
		return out
	}
	want := evalAll()
	const goroutines = 64
	got := make([][]outcomes, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got[g] = evalAll()
			}
		}()
	}
	wg.Wait()
	for g := range goroutines {
		require.Equal(t, want, got[g], "goroutine %d", g)
	}
	assert.Equal(t, samples(), subjects, "subjects unchanged")
}

func TestProject(t *testing.T) {
	type outer struct {
		Inner client
		Extra int64
	}
	inner := schema
	fields := append(policy.Project(inner, func(o *outer) *client { return &o.Inner }),
		policy.Int("extra", func(o *outer) int64 { return o.Extra }))
	s, err := policy.NewSchema(fields...)
	require.NoError(t, err)
	assert.Len(t, s.Fields(), len(inner.Fields())+1)
	for _, fi := range inner.Fields() {
		got, ok := fieldInfo(s, fi.Name)
		require.True(t, ok, fi.Name)
		assert.Equal(t, fi, got, "same name, kind, doc, scale and values")
	}
	r := policy.Must(policy.Compile(s, policy.All(policy.Field("extra").EQ(7), policy.Field("aum").GE("100"))))
	o := outer{Extra: 7}
	o.Inner.AUM = aum(1_000)
	assert.True(t, r.Eval(&o))
	o.Inner.AUM = 0
	assert.False(t, r.Eval(&o))
}

func TestCondFields(t *testing.T) {
	f := policy.Field
	tests := []struct {
		name string
		c    policy.Cond
		want []string
	}{
		{"none", policy.Cond{}, nil},
		{"one", f("aum").GE(1), []string{"aum"}},
		{"in order, repeated", policy.Any(policy.All(f("a").EQ(true), policy.Not(f("b").LT(2))), policy.AtLeast(1, f("a").EQ(false), f("c").In(1, 2))),
			[]string{"a", "b", "a", "c"}},
		{"a custom predicate reads no field", policy.Custom("x", func(*int) bool { return true }), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.c.Fields()) })
	}
}
