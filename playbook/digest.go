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
// condition as text or as a tree, with its spaces and parentheses), and
// any change a [Diff] reports (a
// threshold, a condition, a name, the identity) changes it. A default
// written out and the same default left out are two written policies: they
// decide alike, but their digests differ, and Diff reports the change
// ([Reference], which leaves the triggers' defaults out, and
// [ReferenceDocument], which writes them, are two such policies). It
// depends on nothing outside the spec: not on how a program sets encoding
// options of the decimal package, nor on the Go release. A Go part enters
// it by the name the document gives it.
//
// The canonical form is the spec's JSON form with its members in the
// spec's order and maps' keys sorted, members that are null, empty lists
// or empty objects left out, every number and decimal written as a JSON
// string of its digits, every condition as its text, and no spaces. A
// threshold is written as its digits, "50000" for 50000.00 and 5e4, but a
// number inside a condition as written: aum >= 2E+6 and aum >= 2000000, or
// share.deposits >= 0.20 and >= 0.2, decide alike and differ in digest,
// and Diff reports the change; write the numbers of conditions one way.
//
// It fails only when the spec has no JSON form: a condition with a Custom
// predicate (policy.ErrNoDataForm).
func (s Spec) Digest() (string, error) {
	data, err := json.Marshal(s)
	if err != nil {
		var ps policy.Problems
		if errors.As(err, &ps) {
			return "", ps
		}
		return "", err
	}
	c := canon{in: data, out: make([]byte, 0, len(data)), quote: true}
	c.value()
	sum := sha256.Sum256(c.out)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// canon rewrites the JSON json.Marshal wrote (no spaces; conditions as
// text whenever they have one) in the canonical form of [Spec.Digest]:
// members that are null, [] or {} left out, and, with quote, numbers
// written as strings (what Encode does without). With prune, an object
// left empty once its members are left out is left out too: what Encode
// does, but not the digest, whose form stays as digests were recorded.
type canon struct {
	in    []byte
	i     int
	out   []byte
	quote bool
	prune bool
}

// value rewrites the value at c.i.
func (c *canon) value() {
	switch b := c.in[c.i]; {
	case b == '{':
		c.members()
	case b == '[':
		c.out = append(c.out, '[')
		c.i++
		for first := true; c.in[c.i] != ']'; first = false {
			if !first {
				c.out = append(c.out, ',')
				c.i++ // ,
			}
			c.value()
		}
		c.out = append(c.out, ']')
		c.i++
	case b == '"' || b == 't' || b == 'f' || b == 'n' || !c.quote: // a number too, without quote
		e := c.end()
		c.out = append(c.out, c.in[c.i:e]...)
		c.i = e
	default: // a number, written as a string of its digits
		e := c.end()
		c.out = append(c.out, '"')
		c.out = append(c.out, c.in[c.i:e]...)
		c.out = append(c.out, '"')
		c.i = e
	}
}

// members rewrites the object at c.i, leaving out members whose value is
// null, [] or {}.
func (c *canon) members() {
	c.out = append(c.out, '{')
	c.i++ // {
	first := true
	for c.in[c.i] != '}' {
		if c.in[c.i] == ',' {
			c.i++
		}
		key := c.in[c.i:c.end()]
		c.i += len(key) + 1 // and the ':'
		if rest := c.in[c.i:]; bytes.HasPrefix(rest, []byte("null")) || bytes.HasPrefix(rest, []byte("[]")) ||
			bytes.HasPrefix(rest, []byte("{}")) {
			mark := len(c.out)
			c.value()
			c.out = c.out[:mark]
			continue
		}
		mark := len(c.out)
		if !first {
			c.out = append(c.out, ',')
		}
		c.out = append(c.out, key...)
		c.out = append(c.out, ':')
		v := len(c.out)
		c.value()
		if c.prune && string(c.out[v:]) == "{}" {
			c.out = c.out[:mark]
			continue
		}
		first = false
	}
	c.out = append(c.out, '}')
	c.i++
}

// end returns the index just past the string, literal or number at c.i.
func (c *canon) end() int {
	j := c.i
	if c.in[j] == '"' {
		for j++; c.in[j] != '"'; j++ {
			if c.in[j] == '\\' {
				j++
			}
		}
		return j + 1
	}
	for j < len(c.in) && c.in[j] != ',' && c.in[j] != ']' && c.in[j] != '}' {
		j++
	}
	return j
}

// Encode returns the spec as a policy document a person reads and a
// committee reviews: its JSON form, indented by two spaces, conditions as
// text, "<" and ">" as they are (json.MarshalIndent would write
// "\u003e="), and, as in the canonical form of [Spec.Digest], no member
// that is null, an empty list or an empty object, nor one left empty so: a
// part left out, or a
// condition that always holds (a rung with no extra condition, a rule
// for everyone else), is written as no member. [Decode] reads it back to
// a spec with the same [Spec.Digest]. It fails only when the spec has no
// JSON form (policy.ErrNoDataForm).
func Encode(s Spec) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(s); err != nil {
		var ps policy.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, err
	}
	c := canon{in: bytes.TrimSpace(b.Bytes()), out: make([]byte, 0, b.Len()), prune: true}
	c.value()
	var out bytes.Buffer
	if err := json.Indent(&out, c.out, "", "  "); err != nil {
		return nil, err // json.Marshal wrote it, canon only left members out
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
