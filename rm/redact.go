package rm

import (
	"fmt"

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

// Format implements fmt.Formatter: every verb prints the fields as fmt
// does, the task redacted by its own Format.
func (x Scheduled) Format(s fmt.State, verb rune) { redact.Struct(s, verb, x) }

// Format implements fmt.Formatter: every verb prints the fields as fmt
// does, the task redacted by its own Format.
func (u Unmet) Format(s fmt.State, verb rune) { redact.Struct(s, verb, u) }
