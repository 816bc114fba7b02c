package vipcare_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// gender is a bank's own field derived from the resident ID number in the
// profile's ID: its 17th digit is odd for a man.
var gender = policy.Enum("gender", []string{"female", "male", "unknown"}, func(f *vipcare.Figures) string {
	id := f.Profile.ID
	switch {
	case len(id) != 18 || id[16] < '0' || id[16] > '9':
		return "unknown"
	case (id[16]-'0')%2 == 1:
		return "male"
	}
	return "female"
}).WithDoc("from the resident ID number")

// A bank protects the fields its policies must not treat clients by.
func ExampleEnv_Protect() {
	env := policy.Must(vipcare.NewEnv(nil, gender))
	env = policy.Must(env.Protect("gender"))
	for _, f := range env.Schema().Fields() {
		if f.Protected {
			fmt.Println("protected:", f.Name)
		}
	}
	_, err := policy.Compile(env.Schema(), policy.Must(policy.Parse(`gender == "female" or age >= 60`)))
	fmt.Println(err)
	// Output:
	// protected: age
	// protected: gender
	// vipcare: /any/0/field: "gender": protected field
	// vipcare: /any/1/field: "age": protected field
}

func TestEnvProtect(t *testing.T) {
	var none *vipcare.Env
	age := policy.Field("age").GE(55)
	_, err := policy.Compile(none.Schema(), age)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "age", Err: policy.ErrProtected})
	_, err = policy.Compile(policy.Must(vipcare.NewEnv(nil)).Schema(), age)
	assert.ErrorIs(t, err, policy.ErrProtected, "NewEnv protects age as the default environment does")

	env := policy.Must(vipcare.NewEnv(nil, gender))
	protected, err := env.Protect("gender")
	require.NoError(t, err)
	_, err = policy.Compile(env.Schema(), policy.Field("gender").EQ("male"))
	assert.NoError(t, err, "Protect does not change its environment")

	// Protection survives every way of extending the environment.
	wider := policy.Must(protected.With(policy.Int("children", func(*vipcare.Figures) int64 { return 0 })))
	withParts := policy.Must(protected.WithParts())
	for name, e := range map[string]*vipcare.Env{"protected": protected, "With": wider, "WithParts": withParts} {
		_, err := policy.Compile(e.Schema(), policy.Field("gender").EQ("male"))
		testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "gender", Err: policy.ErrProtected})
		_, err = policy.Compile(e.Schema(), age)
		assert.ErrorIs(t, err, policy.ErrProtected, name)
	}

	// Allow lifts what it names and nothing else.
	allowed, err := protected.Allow("gender")
	require.NoError(t, err)
	rule, err := policy.Compile(allowed.Schema(), policy.Field("gender").EQ("male"))
	require.NoError(t, err)
	p := vipcare.Profile{ID: "110101199003070011"}
	assert.True(t, rule.Eval(testkit.Figures(t, &p, valuation())))
	_, err = policy.Compile(allowed.Schema(), age)
	assert.ErrorIs(t, err, policy.ErrProtected)
	_, err = policy.Compile(policy.Must(none.Allow("age")).Schema(), age)
	assert.NoError(t, err, "a nil environment is the default one")

	// Unknown names, at their positions.
	for name, call := range map[string]func(...string) (*vipcare.Env, error){"Protect": env.Protect, "Allow": env.Allow} {
		_, err := call("gender", "ethnicity")
		testkit.CheckProblems(t, err, testkit.Want{Path: "/1", Name: "ethnicity", Err: policy.ErrUnknown})
		assert.Contains(t, testkit.Problems(t, err)[0].Choices, "gender", name)
	}
}
