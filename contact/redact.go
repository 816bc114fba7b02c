package contact

import (
	"fmt"
	"log/slog"
	"strconv"
)

// Client identifiers are the bank's, and values are client amounts: the
// records that carry them print and log without them, as vipcare's own
// records do. Read the fields for the full view.

const redacted = "[redacted]"

// Format implements fmt.Formatter: every verb prints the client's role,
// branch, language and workload, never its ID, value or current RM.
func (c Client) Format(s fmt.State, verb rune) {
	_, _ = s.Write([]byte("Client{id:" + redacted + " role:" + c.Role.String() + " branch:" + c.Branch +
		" language:" + c.Language + " minutes:" + strconv.Itoa(c.Minutes) + " value:" + redacted + "}"))
}

// LogValue implements slog.LogValuer with the ID and value redacted.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", redacted), slog.String("role", c.Role.String()),
		slog.Int("minutes", c.Minutes), slog.String("value", redacted))
}

// Format implements fmt.Formatter: every verb prints the placement without
// the client's ID.
func (p Placement) Format(s fmt.State, verb rune) {
	_, _ = s.Write([]byte("Placement{client:" + redacted + " rm:" + p.RM + " moved:" + strconv.FormatBool(p.Moved) +
		" reason:" + p.Reason + "}"))
}

// LogValue implements slog.LogValuer with the client's ID redacted.
func (p Placement) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client", redacted), slog.String("rm", p.RM),
		slog.Bool("moved", p.Moved), slog.String("reason", p.Reason))
}

// Format implements fmt.Formatter: every verb prints the client's
// strategy, never its ID or value.
func (c ClientLoad) Format(s fmt.State, verb rune) {
	name := "none"
	if c.Strategy != nil {
		name = c.Strategy.Name
	}
	_, _ = s.Write([]byte("ClientLoad{client:" + redacted + " strategy:" + name + " value:" + redacted + "}"))
}

// LogValue implements slog.LogValuer with the ID and value redacted.
func (c ClientLoad) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client", redacted), slog.String("value", redacted))
}
