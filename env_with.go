package vipcare

import "github.com/vipcare/vipcare/policy"

// With returns an environment with e's classes, fields and parts and the
// fields fields besides, for rules that read what a bank or a playbook
// defines on top of e (a playbook's named conditions, for one). It
// reports every problem of fields as policy.Schema.With reports it, at
// "/fields/i". A nil e is the default environment; e is not changed.
func (e *Env) With(fields ...policy.FieldSpec[Figures]) (*Env, error) {
	if e == nil {
		e = defaultEnv
	}
	s, err := e.schema.With(fields...)
	if err != nil {
		var ps policy.Problems
		ps.Add("/fields", "", err)
		return nil, ps.Err()
	}
	c := *e
	c.schema = s
	return &c, nil
}
