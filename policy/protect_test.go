package policy_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// A rule reading a protected field is refused where it reads it, every
// read at once; the same rule compiles once the field is allowed, and
// decides as on a schema that never protected it.
func TestCompileRefusesProtectedFields(t *testing.T) {
	f := policy.Field
	protected := policy.Must(schema.Protect("age", "risk"))
	tests := []struct {
		name string
		cond policy.Cond
		want []testkit.Want
	}{
		{"one comparison", f("age").GE(55), []testkit.Want{{Path: "/field", Name: "age", Err: policy.ErrProtected}}},
		{"nested, every read", policy.All(f("aum").GE("1000"), policy.Any(f("age").LT(30), policy.Not(f("risk").In("C1", "C2")))),
			[]testkit.Want{
				{Path: "/all/1/any/0/field", Name: "age", Err: policy.ErrProtected},
				{Path: "/all/1/any/1/not/field", Name: "risk", Err: policy.ErrProtected},
			}},
		{"in at least", policy.AtLeast(1, f("products").GE(2), f("age").EQ(40)),
			[]testkit.Want{{Path: "/of/1/field", Name: "age", Err: policy.ErrProtected}}},
		{"with other problems, all at once", policy.All(f("age").GE(55), f("aum").GE("x"), f("agee").GE(1)),
			[]testkit.Want{
				{Path: "/all/0/field", Name: "age", Err: policy.ErrProtected},
				{Path: "/all/1/value", Name: "aum", Err: policy.ErrMalformed},
				{Path: "/all/2/field", Name: "agee", Err: policy.ErrUnknown},
			}},
	}
	subjects := []client{{Age: 20, AUM: 20_000_000, Risk: "C1", Products: []string{"a"}}, {Age: 60, Risk: "C4"}, {}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Compile(protected, tt.cond)
			testkit.CheckProblems(t, err, tt.want...)
			assert.NotContains(t, err.Error(), "20000000", "no value quoted")

			allowed := policy.Must(protected.Allow("age", "risk"))
			rule, err := policy.Compile(allowed, tt.cond)
			open, openErr := policy.Compile(schema, tt.cond)
			if openErr != nil {
				require.Error(t, err, "allowed, the rule has the problems it has unprotected")
				return
			}
			require.NoError(t, err)
			for i := range subjects {
				assert.Equal(t, open.Eval(&subjects[i]), rule.Eval(&subjects[i]), "subject %d", i)
			}
		})
	}
}

func TestProtectAndAllow(t *testing.T) {
	before := schema.Fields()
	protected, err := schema.Protect("age", "age", "risk")
	require.NoError(t, err)
	assert.Equal(t, before, schema.Fields(), "s is not changed")

	for _, fi := range protected.Fields() {
		assert.Equal(t, fi.Name == "age" || fi.Name == "risk", fi.Protected, fi.Name)
	}
	_, ok := protected.Number("age")
	assert.False(t, ok, "Number does not give a protected field")
	_, ok = protected.Number("products")
	assert.True(t, ok)

	// Allowing one field leaves the other protected; allowing a field
	// that is not protected changes nothing.
	allowed, err := protected.Allow("age", "products")
	require.NoError(t, err)
	_, err = policy.Compile(allowed, policy.Field("age").GE(1))
	assert.NoError(t, err)
	_, err = policy.Compile(allowed, policy.Field("risk").EQ("C1"))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "risk", Err: policy.ErrProtected})
	_, err = policy.Compile(protected, policy.Field("age").GE(1))
	assert.ErrorIs(t, err, policy.ErrProtected, "Allow does not change its schema")
	get, ok := allowed.Number("age")
	require.True(t, ok)
	assert.Equal(t, int64(42), get(&client{Age: 42}))

	// Protection goes where the fields go: With and Project keep it.
	wider := policy.Must(protected.With(policy.Int("children", func(*client) int64 { return 0 })))
	_, err = policy.Compile(wider, policy.Field("age").GE(1))
	assert.ErrorIs(t, err, policy.ErrProtected, "With")
	type account struct{ Holder *client }
	projected := policy.Must(policy.NewSchema(policy.Project(protected, func(a *account) *client { return a.Holder })...))
	_, err = policy.Compile(projected, policy.Field("age").GE(1))
	assert.ErrorIs(t, err, policy.ErrProtected, "Project")
	_, err = policy.CompileTable(protected, policy.First, policy.Row[string]{When: policy.Field("risk").EQ("C5"), Then: "x"})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/0/when/field", Name: "risk", Err: policy.ErrProtected})

	// Unknown names, every one at once, each at its position.
	_, err = schema.Protect("age", "gender", "ethnicity")
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/1", Name: "gender", Err: policy.ErrUnknown},
		testkit.Want{Path: "/2", Name: "ethnicity", Err: policy.ErrUnknown})
	assert.Equal(t, fieldNames, testkit.Problems(t, err)[0].Choices)
	_, err = protected.Allow("gender")
	testkit.CheckProblems(t, err, testkit.Want{Path: "/0", Name: "gender", Err: policy.ErrUnknown})
}

// A bank protects the fields its policies must not treat clients by; a
// use it has justified compiles in a schema that allows it.
func ExampleSchema_Protect() {
	type client struct {
		Age    int64
		Gender string
	}
	s := policy.Must(policy.NewSchema(
		policy.Int("age", func(c *client) int64 { return c.Age }),
		policy.Enum("gender", []string{"female", "male"}, func(c *client) string { return c.Gender }),
	))
	s = policy.Must(s.Protect("age", "gender"))

	_, err := policy.Compile(s, policy.Must(policy.Parse(`gender == "male" or age >= 60`)))
	fmt.Println(err)

	// Retirement planning reads age, for a reason the bank records.
	retirement := policy.Must(s.Allow("age"))
	rule := policy.Must(policy.Compile(retirement, policy.Field("age").GE(60)))
	fmt.Println(rule.Eval(&client{Age: 63}))
	// Output:
	// vipcare: /any/0/field: "gender": protected field
	// vipcare: /any/1/field: "age": protected field
	// true
}
