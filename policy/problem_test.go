package policy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/policy"
)

// Problems encode as JSON for structured logs with their errors as text,
// and slog's JSON handler, given the error, still writes its one line.
func TestProblemsJSON(t *testing.T) {
	ps := policy.Problems{
		{Path: "/rungs/2/from", Name: "gold", Err: policy.ErrOutOfRange},
		{Path: "/rungs/2/wen", Name: "wen", Err: policy.ErrUnknown, Choices: []string{"tier", "from", "when"}, Line: 9, Column: 67},
		{Path: "/wrapped", Err: fmt.Errorf("%w: the as-of date is not the period's last day", policy.ErrOutOfRange)},
		{},
	}
	b, err := json.Marshal(ps)
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"path":"/rungs/2/from","name":"gold","error":"out of range"},
		{"path":"/rungs/2/wen","name":"wen","error":"unknown","choices":["tier","from","when"],"line":9,"column":67},
		{"path":"/wrapped","error":"out of range: the as-of date is not the period's last day"},
		{"path":"","error":""}
	]`, string(b))

	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Error("refused", "err", ps.Err())
	var line struct{ Err string }
	require.NoError(t, json.Unmarshal(logged.Bytes(), &line))
	assert.Equal(t, ps.Error(), line.Err)
}
