// Package redact holds the helpers every type of vipcare that carries
// client data uses to print and log itself without that data: a redacted
// summary for every fmt verb and for log/slog. It is not API; the test kit's
// AssertRedacted checks each such type through every channel.
package redact

import (
	"fmt"
	"log/slog"
)

// Mask stands in for a confidential value.
const Mask = "[redacted]"

// Format writes summary for every verb of fmt, and goSyntax for %#v when it
// is not empty, so that no verb reaches the fields of the value.
func Format(s fmt.State, verb rune, summary, goSyntax string) {
	if verb == 'v' && s.Flag('#') && goSyntax != "" {
		summary = goSyntax
	}
	_, _ = s.Write([]byte(summary))
}

// Value is a slog group of attrs, for a LogValue method.
func Value(attrs ...slog.Attr) slog.Value { return slog.GroupValue(attrs...) }

// Masked is an attribute whose value is [Mask].
func Masked(key string) slog.Attr { return slog.String(key, Mask) }
