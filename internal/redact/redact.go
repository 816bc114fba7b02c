// Package redact holds the helpers every type of vipcare that carries
// client data uses to print, log and marshal itself without that data: a
// redacted summary for every fmt verb, a slog group for log/slog, and the
// same group as the type's default JSON, which slog's JSON handler uses
// for values nested in a slice, a map or a struct. [Full] is the other
// way: the whole value, for storage. It is not API; the conformance test
// in internal/redacttest checks every such type through every channel.
package redact

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"strconv"
	"time"
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

// Struct writes v, a struct, as fmt writes a struct for verb (braces, the
// field names for %+v, the type and Go syntax for %#v), but field by
// field with fmt, so that every field that is a record of vipcare prints
// through its own Format, whatever the verb, as fmt alone does not for a
// pointer in a slice under a verb other than %v. The fields named in
// masked print [Mask]; unexported fields are left out. It is the Format of
// a type that holds records of vipcare and no client data of its own.
func Struct(s fmt.State, verb rune, v any, masked ...string) {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	format := fmt.FormatString(s, verb)
	sharp, plus := verb == 'v' && s.Flag('#'), verb == 'v' && s.Flag('+')
	sep := " "
	if sharp {
		sep = ", "
		_, _ = io.WriteString(s, t.String())
	}
	_, _ = io.WriteString(s, "{")
	n := 0
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if n > 0 {
			_, _ = io.WriteString(s, sep)
		}
		n++
		if sharp || plus {
			_, _ = io.WriteString(s, f.Name+":")
		}
		if slices.Contains(masked, f.Name) {
			if sharp {
				_, _ = io.WriteString(s, strconv.Quote(Mask))
			} else {
				_, _ = io.WriteString(s, Mask)
			}
			continue
		}
		_, _ = fmt.Fprintf(s, format, rv.Field(i).Interface())
	}
	_, _ = io.WriteString(s, "}")
}

// Value is a slog group of attrs, for a LogValue method.
func Value(attrs ...slog.Attr) slog.Value { return slog.GroupValue(attrs...) }

// Masked is an attribute whose value is [Mask].
func Masked(key string) slog.Attr { return slog.String(key, Mask) }

// JSON encodes v, a type's LogValue, as slog's JSON handler writes it at
// the top level, for the type's MarshalJSON: a group is an object of its
// attributes in order, a time is RFC 3339 text, a duration its
// nanoseconds, any other value what encoding/json makes of it. So a value
// reads the same in a log whether it is an attribute itself or nested in
// a slice or a struct.
func JSON(v slog.Value) ([]byte, error) { return appendJSON(nil, v) }

func appendJSON(b []byte, v slog.Value) ([]byte, error) {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		b = append(b, '{')
		n := 0
		for _, a := range v.Group() {
			if a.Equal(slog.Attr{}) {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = appendString(b, a.Key)
			b = append(b, ':')
			var err error
			if b, err = appendJSON(b, a.Value); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case slog.KindString:
		return appendString(b, v.String()), nil
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10), nil
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10), nil
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool()), nil
	case slog.KindDuration:
		return strconv.AppendInt(b, int64(v.Duration()), 10), nil
	case slog.KindTime:
		return appendString(b, v.Time().Format(time.RFC3339Nano)), nil
	}
	j, err := json.Marshal(v.Any())
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	j, _ := json.Marshal(s) // a string always marshals
	return append(b, j...)
}
