package playbook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/vipcare/vipcare/policy"
)

// Digest returns the spec's digest: "sha256:" and the lower-case hex
// SHA-256 of its canonical form. Recorded with a decision, next to the
// spec's ID and Version, it identifies the exact policy that made the
// decision: two specs have the same digest exactly when they decide alike
// by the same written policy, however the documents they came from were
// spaced, ordered or spelt ("50000" or 50000, a list null or empty, a
// condition as text or as a tree), and any change a [Diff] reports (a
// threshold, a condition, a name, the identity) changes it. It depends on
// nothing outside the spec: not on how a program sets encoding options of
// the decimal package, nor on the Go release. A Go part enters it by the
// name the document gives it.
//
// The canonical form is the spec's JSON form with its members in the
// spec's order and maps' keys sorted, members that are null, empty lists
// or empty objects left out, every number and decimal written as a JSON
// string of its digits, every condition as its text, and no spaces.
//
// It fails only when the spec has no JSON form: a condition with a Custom
// predicate (policy.ErrNoDataForm).
func (s Spec) Digest() (string, error) {
	n, err := specTree(s)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	n.canonical(&b)
	sum := sha256.Sum256(b.Bytes())
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// empty reports whether n is null, an empty list or an empty object.
func (n *jnode) empty() bool {
	return n.kind == jNull || (n.kind == jObject || n.kind == jArray) && len(n.vals) == 0
}

// canonical writes n in the canonical form of [Spec.Digest].
func (n *jnode) canonical(b *bytes.Buffer) {
	switch n.kind {
	case jObject:
		b.WriteByte('{')
		first := true
		for i, v := range n.vals {
			if v.empty() {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			canonicalString(b, n.keys[i])
			b.WriteByte(':')
			v.canonical(b)
		}
		b.WriteByte('}')
	case jArray:
		b.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			v.canonical(b)
		}
		b.WriteByte(']')
	case jNull:
		b.WriteString("null")
	case jBool:
		b.WriteString(n.text)
	default: // a string, a number, a condition's text
		canonicalString(b, n.text)
	}
}

// canonicalString writes s as a JSON string, escaping only what JSON must.
func canonicalString(b *bytes.Buffer, s string) {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)         // cannot fail for a string
	b.Truncate(b.Len() - 1) // Encode adds a newline
}

// Encode returns the spec as a policy document a person reads and a
// committee reviews: its JSON form, indented by two spaces, conditions as
// text, "<" and ">" as they are (json.MarshalIndent would write
// "\u003e="). [Decode] reads it back to a spec with the same [Spec.Digest].
// It fails only when the spec has no JSON form (policy.ErrNoDataForm).
func Encode(s Spec) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	if err := e.Encode(s); err != nil {
		var ps policy.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, err
	}
	return b.Bytes(), nil
}
