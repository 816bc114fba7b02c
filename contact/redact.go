package contact

import (
	"fmt"

	"github.com/vipcare/vipcare/internal/redact"
)

// Format implements fmt.Formatter: every verb prints the facts' fields as
// fmt does, the figures redacted by their own Format.
func (f Facts) Format(s fmt.State, verb rune) { redact.Struct(s, verb, f) }
