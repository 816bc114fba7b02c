package playbook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/vipcare/vipcare/policy"
)

// Digest returns the spec's digest: "sha256:" and the lower-case hex
// SHA-256 of its canonical JSON form, the bytes json.Marshal gives
// (members in the spec's order, map keys sorted, no spaces). Recorded with
// a decision, next to the spec's ID and Version, it identifies the exact
// policy that made the decision: two specs have the same digest exactly
// when they have the same JSON form, however the documents they were
// decoded from were spaced or ordered, and any change a [Diff] reports (a
// threshold, a condition, a name, the identity) changes it. A Go part
// enters it only by the name the JSON form gives it.
//
// It fails only when the spec has no JSON form: a condition with a Custom
// predicate (policy.ErrNoDataForm).
func (s Spec) Digest() (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		var ps policy.Problems
		if errors.As(err, &ps) {
			return "", ps
		}
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
