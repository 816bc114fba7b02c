package rm_test

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// A roster logs alike through both handlers: its summary, never the
// book's total value, which for a one-client book is that client's AUM.
func TestRosterLogsAlike(t *testing.T) {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	b := rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, Minutes: 100_000}},
		Clients: []rm.Client{{ID: "C-SECRET", Role: contact.RM, Minutes: 60, Value: 987654321}}}
	roster, err := c.Assign(b, rm.AssignOptions{})
	require.NoError(t, err)
	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(w *bytes.Buffer) slog.Handler { return slog.NewTextHandler(w, nil) },
		"json": func(w *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(w, nil) },
	} {
		var w bytes.Buffer
		slog.New(h(&w)).Info("assigned", "roster", roster)
		assert.NotContains(t, w.String(), "987654321", name)
		assert.NotContains(t, w.String(), "C-SECRET", name)
		assert.Contains(t, w.String(), "coverage", name)
		assert.Contains(t, w.String(), "clients", name)
	}
}
