package vipcare

import (
	"maps"

	"github.com/vipcare/vipcare/internal/parts"
	"github.com/vipcare/vipcare/policy"
)

// Part is a part of a policy written in Go, registered by name in an [Env]
// with [Env.WithParts], so that the policy refers to it by that name and
// stays plain data that round-trips through JSON. Each kind of part has a
// typed constructor in the package that uses it:
//
//	tier.MeasurePart   kind "measure": a ladder's measure, a qualification's
//	                   average, a suitability pack's investable amount
//	needs.CheckPart    kind "check": a suitability check of the bank's own
//
// A bank's own figure that a rule or a segmentation reads is a field,
// given to [NewEnv]. The zero Part is invalid.
type Part = parts.Part

// WithParts returns a new environment with e's asset classes, fields and
// parts, and parts registered by name. It reports every problem at once as
// policy.Problems located at "/parts/i": a zero Part or one whose value is
// nil (policy.ErrMissing); a name that is not a valid field name (1 to 64
// bytes of lower-case ASCII letters, digits, '_' and '.', starting with a
// letter; policy.ErrMissing, policy.ErrMalformed); a name a built-in of
// the kind takes ("aum" for a measure) or another part of the kind has, in
// e or in parts (policy.ErrDuplicate). Parts of different kinds may share a
// name. e is not changed; a nil *Env is the default environment.
func (e *Env) WithParts(ps ...Part) (*Env, error) {
	base := e
	if base == nil {
		base = defaultEnv
	}
	set, err := base.parts.With(ps)
	if err != nil {
		var probs policy.Problems
		probs.Add("/parts", "", err)
		return nil, probs
	}
	c := *base
	c.parts = set
	return &c, nil
}

// Parts returns the parts of the given kind registered in e, by name, for
// the packages that resolve a policy's names; a new map each call. A nil
// *Env has none.
func (e *Env) Parts(kind string) map[string]any {
	if e == nil {
		return map[string]any{}
	}
	m := maps.Clone(e.parts[kind])
	if m == nil {
		m = map[string]any{}
	}
	return m
}
