package bench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
)

// gen/rules_gen.go is what policy.GenerateGo writes today for the ladder
// and the rules: go test -run Generated -update rewrites it.
func TestGeneratedIsCurrent(t *testing.T) {
	src, err := generateRules()
	require.NoError(t, err)
	testkit.GoldenAt(t, "gen/rules_gen.go", string(src))
}
