package needs

import (
	"fmt"

	"github.com/vipcare/vipcare/internal/redact"
)

// Format implements fmt.Formatter: every verb prints the case's fields as
// fmt does, the figures redacted by their own Format.
func (c Case) Format(s fmt.State, verb rune) { redact.Struct(s, verb, c) }
