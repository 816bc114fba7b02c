package bench

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite gen/rules_gen.go")

// gen/rules_gen.go is what policy.GenerateGo writes today for the ladder
// and the rules: go test -run Generated -update rewrites it.
func TestGeneratedIsCurrent(t *testing.T) {
	src, err := generateRules()
	require.NoError(t, err)
	const path = "gen/rules_gen.go"
	if *update {
		require.NoError(t, os.WriteFile(path, src, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(src), "run go test -run Generated -update")
}
