package vipcare

import "github.com/vipcare/vipcare/policy"

// protectedByDefault are the fields every environment protects: those read
// from a client's birth date.
var protectedByDefault = []string{"age"}

// Protect returns an environment with e's classes, fields and parts in
// which rules may not read the fields named names: a policy that compares
// one is refused with policy.ErrProtected where it reads it (see
// policy.Schema.Protect), unless the policy document records a
// justification for that use (see playbook.Spec's Justifications). Every
// environment protects age, the one built-in field read from the birth
// date; a bank protects the fields of its own that carry gender,
// ethnicity, region or anything derived from an identifier. A name that
// is no field of e is policy.ErrUnknown at "/i", with the fields as
// choices. e is not changed; a nil e is the default environment.
func (e *Env) Protect(names ...string) (*Env, error) {
	return e.protect(names, (*policy.Schema[Figures]).Protect)
}

// Allow returns an environment with e's classes, fields and parts in
// which rules may read the protected fields named names: the environment
// a part is compiled in once the use of those fields has been justified.
// A playbook allows what its document justifies, and nothing else; a
// caller compiling a part alone (a needs.Spec that reads age, say) allows
// what it has justified itself. It reports names as [Env.Protect] does. e
// is not changed; a nil e is the default environment.
func (e *Env) Allow(names ...string) (*Env, error) {
	return e.protect(names, (*policy.Schema[Figures]).Allow)
}

func (e *Env) protect(names []string, change func(*policy.Schema[Figures], ...string) (*policy.Schema[Figures], error)) (*Env, error) {
	if e == nil {
		e = defaultEnv
	}
	s, err := change(e.schema, names...)
	if err != nil {
		return nil, err
	}
	c := *e
	c.schema = s
	return &c, nil
}
