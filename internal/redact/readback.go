package redact

import (
	"fmt"

	"github.com/vipcare/vipcare/policy"
)

// errRedacted is the problem of a redacted form read back.
var errRedacted = fmt.Errorf("%w: the redacted form, which names no client; store what vipcare.Disclosed marshals",
	policy.ErrMalformed)

// ReadBack decodes b strictly (policy.Unmarshal) into a P, the plain form
// of a type whose MarshalJSON writes its client as [Mask], and refuses
// that redacted form (policy.ErrMalformed at path, the client's member)
// rather than read it as a value for a client named "[redacted]".
func ReadBack[P any](b []byte, path string, client func(*P) string) (P, error) {
	var p P
	if err := policy.Unmarshal(b, &p); err != nil {
		return p, err
	}
	if client(&p) == Mask {
		var zero P
		return zero, policy.Problems{{Path: path, Err: errRedacted}}
	}
	return p, nil
}
