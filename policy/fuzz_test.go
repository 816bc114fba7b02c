package policy_test

import (
	"encoding/json"
	"testing"

	"github.com/vipcare/vipcare/policy"
)

// FuzzCondJSON checks that decoding never panics and that whatever decodes
// re-encodes, and re-decodes to the same encoding. A decoded condition
// cannot hold a custom predicate, so marshalling it must succeed.
//
//	go test -run x -fuzz FuzzCondJSON -fuzztime 60s ./policy
func FuzzCondJSON(f *testing.F) {
	for _, seed := range []string{
		`null`,
		`{"field":"aum","op":">=","value":"2000000"}`,
		`{"field":"aum","op":">=","value":1999999.9999}`,
		`{"field":"age","op":"<","value":-18}`,
		`{"field":"risk","op":"in","values":["C4","C5"]}`,
		`{"field":"age","op":"in","values":[18,30,65]}`,
		`{"field":"entrepreneur","op":"==","value":true}`,
		`{"field":"since","op":"<=","value":"2020-12-31"}`,
		`{"all":[{"field":"age","op":">=","value":18},{"not":{"field":"risk","op":"==","value":"C1"}}]}`,
		`{"any":[{"field":"age","op":">=","value":65},{"at_least":2,"of":[{"field":"products","op":">","value":2},{"field":"aum","op":">","value":1e6},{"field":"entrepreneur","op":"!=","value":false}]}]}`,
		`{"not":{"not":{"not":{"field":"age","op":"==","value":0}}}}`,
		`{"field":"risk","op":"in","value":"C4"}`,
		`{"field":"a\u00e9\n","op":"\u003c","value":"x\"y"}`,
		`{"all":[]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c policy.Cond
		if err := c.UnmarshalJSON(data); err != nil {
			return
		}
		b1, err := c.MarshalJSON()
		if err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", data, err)
		}
		if !json.Valid(b1) {
			t.Fatalf("decoded %q, encoded as invalid JSON %q", data, b1)
		}
		var d policy.Cond
		if err := d.UnmarshalJSON(b1); err != nil {
			t.Fatalf("decoded %q, encoded as %q, which does not decode: %v", data, b1, err)
		}
		b2, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("re-decoded %q but cannot encode it: %v", b1, err)
		}
		if string(b1) != string(b2) {
			t.Fatalf("decoded %q\nencoded   %q\nre-encoded %q", data, b1, b2)
		}
		if c.String() != d.String() {
			t.Fatalf("decoded %q: %q, after a round trip %q", data, c.String(), d.String())
		}
		// Compiling must not panic either, whatever it reports.
		_, _ = policy.Compile(schema, c)
		_, _ = policy.Compile(bitSchema, c)
	})
}
