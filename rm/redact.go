package rm

import (
	"fmt"
	"log/slog"

	"github.com/vipcare/vipcare/internal/redact"
)

// Format implements fmt.Formatter: every verb prints the book's fields as
// fmt does, its clients redacted by their own Format.
func (b Book) Format(s fmt.State, verb rune) { redact.Struct(s, verb, b) }

// Format implements fmt.Formatter: every verb prints what String says,
// which names no client.
func (p Plan) Format(s fmt.State, verb rune) { redact.Format(s, verb, p.String(), "") }

// Format implements fmt.Formatter: every verb prints what String says,
// which names no client.
func (r Roster) Format(s fmt.State, verb rune) { redact.Format(s, verb, r.String(), "") }

// LogValue implements slog.LogValuer: a roster logs as a group of what
// String says, the same through either handler: the coverage, bound,
// move-aware bound and gap as decimals, the moves and the number of
// clients; no client, and not the book's total value (Value, Covered),
// which for a small book is a client's AUM.
func (r Roster) LogValue() slog.Value {
	return slog.GroupValue(slog.String("coverage", r.Coverage.String()), slog.String("bound", r.Bound.String()),
		slog.String("move_bound", r.MoveBound.String()), slog.String("gap", r.Gap.String()),
		slog.Int("moves", r.Moves), slog.Int("clients", len(r.Allocations)))
}

// Format implements fmt.Formatter: every verb prints the fields as fmt
// does, the task redacted by its own Format.
func (x Scheduled) Format(s fmt.State, verb rune) { redact.Struct(s, verb, x) }

// Format implements fmt.Formatter: every verb prints the fields as fmt
// does, the task redacted by its own Format.
func (u Unmet) Format(s fmt.State, verb rune) { redact.Struct(s, verb, u) }
