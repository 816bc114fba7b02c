package book

import (
	"fmt"
	"log/slog"

	"github.com/vipcare/vipcare/internal/redact"
)

// Format implements fmt.Formatter: every verb prints the account's fields
// as fmt does, the profile redacted by its own Format, and the reference
// as [redacted].
func (a Account) Format(s fmt.State, verb rune) { redact.Struct(s, verb, a, "Ref") }

// MarshalJSON implements json.Marshaler: an account encodes as an object
// with its reference redacted, its profile as the profile encodes (see
// vipcare.Profile.MarshalJSON), its state and the number of its
// overrides and plays made. To store an account whole, marshal
// vipcare.Disclosed(a).
func (a Account) MarshalJSON() ([]byte, error) {
	return redact.JSON(redact.Value(redact.Masked("ref"), slog.Any("profile", a.Profile), slog.Any("state", a.State),
		slog.Int("overrides", len(a.Overrides)), slog.Int("history", len(a.History))))
}

// Format implements fmt.Formatter: every verb prints the result's fields
// as fmt does, the record and the tasks redacted by their own Format.
// Its JSON holds the record and the tasks as they marshal by default,
// without the client's reference or amounts, a form that does not read
// back (playbook.Record.UnmarshalJSON, contact.Task.UnmarshalJSON);
// marshal vipcare.Disclosed(r) to store it whole and read it back.
func (r Result) Format(s fmt.State, verb rune) { redact.Struct(s, verb, r) }

// LogValue implements slog.LogValuer: a result logs as a group of its
// record, as the record logs (without the client's reference), its state
// and its number of tasks, or, for a client not decided, of its error
// (located by position, never naming the client).
func (r Result) LogValue() slog.Value {
	if r.Err != nil {
		return redact.Value(slog.String("err", r.Err.Error()))
	}
	return redact.Value(slog.Any("record", r.Record), slog.Any("state", r.State), slog.Int("tasks", len(r.Tasks)))
}
