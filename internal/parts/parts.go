// Package parts is the registry behind vipcare.Part and vipcare.Env.WithParts:
// Go values registered by kind and name, so that a policy, plain data,
// refers to them by name. The packages that define a kind of part (tier's
// measures, needs' checks) build parts with [New] and resolve names with
// [Lookup]; nothing else does.
package parts

import (
	"maps"
	"slices"
	"strconv"

	"github.com/vipcare/vipcare/policy"
)

// Part is a Go value of some kind, registered under a name; vipcare.Part
// is an alias of it. The zero Part is invalid.
type Part struct {
	kind, name string
	value      any
	builtin    func(name string) bool // reports whether a built-in of the kind takes name; nil: none
}

// New returns the part of kind named name holding value; builtin reports
// whether a name is taken by a built-in of the kind, which a registered
// part may not shadow (nil: the kind has no built-ins). A nil value is
// refused when the part is registered.
func New(kind, name string, value any, builtin func(name string) bool) Part {
	return Part{kind: kind, name: name, value: value, builtin: builtin}
}

// Set holds registered parts by kind, then by name. A Set is never changed
// once built: [Set.With] returns a new one.
type Set map[string]map[string]any

// With returns a new set with s's parts and ps, or every problem at once,
// located at "/i", the part's position in ps: a missing kind, name or value
// (policy.ErrMissing); a name that is not a valid field name
// (policy.ErrMalformed); a name a built-in of the kind takes, or that
// another part of the kind has, in s or in ps (policy.ErrDuplicate). s is
// not changed.
func (s Set) With(ps []Part) (Set, error) {
	n := make(Set, len(s)+1)
	for k, m := range s {
		n[k] = maps.Clone(m)
	}
	var probs policy.Problems
	for i, p := range ps {
		path := "/" + strconv.Itoa(i)
		fail := func(err error) { probs = append(probs, policy.Problem{Path: path, Name: p.name, Err: err}) }
		if p.kind == "" || p.value == nil {
			fail(policy.ErrMissing)
			continue
		}
		if err := checkName(p.name); err != nil {
			fail(err)
			continue
		}
		if _, dup := n[p.kind][p.name]; dup || p.builtin != nil && p.builtin(p.name) {
			fail(policy.ErrDuplicate)
			continue
		}
		if n[p.kind] == nil {
			n[p.kind] = map[string]any{}
		}
		n[p.kind][p.name] = p.value
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// checkName returns the problem of a name that is not a valid field name
// (policy.ErrMissing, policy.ErrMalformed), nil for a valid one. The
// schema is the one place that says what a valid name is.
func checkName(name string) error {
	_, err := policy.NewSchema(policy.Bool(name, func(*struct{}) bool { return false }))
	if err == nil {
		return nil
	}
	var ps policy.Problems
	ps.Add("", "", err)
	return ps[0].Err
}

// Lookup returns the part named name among registered, the parts of its
// kind, as a T. A name that is not registered is policy.ErrUnknown at path,
// with builtins and the registered names, sorted, as choices; a part that
// is not a T is policy.ErrTypeMismatch, which the kinds' typed
// constructors leave no way to cause.
func Lookup[T any](registered map[string]any, name, path string, builtins ...string) (T, error) {
	var zero T
	v, ok := registered[name]
	if !ok {
		choices := append(slices.Clone(builtins), slices.Sorted(maps.Keys(registered))...)
		return zero, policy.Problems{{Path: path, Name: name, Err: policy.ErrUnknown, Choices: choices}}
	}
	t, ok := v.(T)
	if !ok {
		return zero, policy.Problems{{Path: path, Name: name, Err: policy.ErrTypeMismatch}}
	}
	return t, nil
}
