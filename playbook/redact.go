package playbook

import (
	"fmt"
	"log/slog"

	"github.com/vipcare/vipcare/internal/redact"
)

// Format implements fmt.Formatter: every verb prints the decision's
// fields as fmt does, the lifecycle step by its own Format, without the
// client's measure.
func (d Decision) Format(s fmt.State, verb rune) { redact.Struct(s, verb, d) }

// Format implements fmt.Formatter: every verb prints the options' fields
// as fmt does, a tier change by its own Format, without the client's
// measure.
func (o Options) Format(s fmt.State, verb rune) { redact.Struct(s, verb, o) }

// Format implements fmt.Formatter: a scratch prints as "playbook.Scratch",
// never the figures and amounts of the last client it decided.
func (s Scratch) Format(f fmt.State, verb rune) { redact.Format(f, verb, "playbook.Scratch", "") }

// Format implements fmt.Formatter: every verb prints the currency, never
// the amounts, which a record stores (marshalled through vipcare.Disclosed).
func (a RecordAmounts) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "RecordAmounts{currency:"+string(a.Currency)+" aum:"+redact.Mask+" measure:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the amounts redacted.
func (a RecordAmounts) LogValue() slog.Value {
	return redact.Value(slog.String("currency", string(a.Currency)), redact.Masked("aum"), redact.Masked("measure"))
}

// Format implements fmt.Formatter: every verb prints what String says, as
// %v does, so that no verb prints the tasks' client identifiers.
func (e Explanation) Format(s fmt.State, verb rune) { redact.Format(s, verb, e.String(), "") }
