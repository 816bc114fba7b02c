package playbook

import (
	_ "embed"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/strictjson"
	"github.com/vipcare/vipcare/policy"
)

// referenceDocument is the reference policy as a document; a string, so
// that nothing can change it.
//
//go:embed reference.json
var referenceDocument string

// ReferenceDocument returns the reference policy as a document, the form
// a bank copies, reviews and changes: the parts of [Reference] over the
// sample shelf (the products of sample.Shelf), every condition written as
// text, the risk validity written once, the strategies reading tiers by
// rank. [Compile] compiles it. It is a new slice each call.
func ReferenceDocument() []byte { return []byte(referenceDocument) }

// Decode decodes a policy document, a [Spec] in its JSON form, strictly:
// unknown keys, keys in the wrong case, repeated keys and values of the
// wrong type are problems, not silently dropped, each located by a JSON
// pointer and a line and column (see policy.Unmarshal). A document names
// its policy: an id, a version and the first day it is effective are
// required (policy.ErrMissing at "/id", "/version", "/effective_from").
// Decode checks the form; [Spec.Compile] checks the content, or
// [Compile] does both. doc is not changed.
func Decode(doc []byte) (Spec, error) {
	s, ps, err := decode(doc)
	if err != nil {
		return Spec{}, err
	}
	if err := locate(doc, ps).Err(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// decode decodes doc strictly, returning the spec and the problems of its
// identity, or the error of its form.
func decode(doc []byte) (Spec, policy.Problems, error) {
	var s Spec
	if err := policy.Unmarshal(doc, &s); err != nil {
		return Spec{}, nil, err
	}
	var ps policy.Problems
	for _, m := range []struct{ path, v string }{
		{"/id", s.ID}, {"/version", s.Version}, {"/effective_from", s.EffectiveFrom},
	} {
		if strings.TrimSpace(m.v) == "" {
			ps = append(ps, policy.Problem{Path: m.path, Err: policy.ErrMissing})
		}
	}
	return s, ps, nil
}

// Compile decodes the policy document doc ([Decode]) and compiles it in
// env ([Spec.Compile]; nil means the default environment), reporting every
// problem at once, each located by a JSON pointer into the document and
// its line and column there. A problem inside a condition written as text
// is located at the condition. Only a document whose form is broken
// (invalid JSON, an unknown key, a value of the wrong type, a condition
// that does not parse) is not compiled: its problems of form come alone.
// doc is not changed.
func Compile(doc []byte, env *vipcare.Env) (*Playbook, error) {
	s, ps, err := decode(doc)
	if err != nil {
		return nil, err
	}
	pb, err := s.Compile(env)
	ps.Add("", "", err)
	if err := locate(doc, capped(ps)).Err(); err != nil {
		return nil, err
	}
	return pb, nil
}

// locate sets the line and column of each problem of ps that has none to
// those of the deepest value of doc on its path.
func locate(doc []byte, ps policy.Problems) policy.Problems {
	if len(ps) == 0 {
		return ps
	}
	paths := make([]string, len(ps))
	for i, p := range ps {
		paths[i] = p.Path
	}
	pos := strictjson.Locate(doc, paths)
	for i := range ps {
		if ps[i].Line == 0 {
			ps[i].Line, ps[i].Column = pos[i].Line, pos[i].Column
		}
	}
	return ps
}
