package playbook

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Justification records why a policy reads a protected field (see
// vipcare.Env.Protect: age by default; gender, ethnicity, region or
// anything derived from an ID where a bank protects them) in one place of
// its document: every rule at or below Where may read Field, and no other.
// A named condition that reads a protected field is protected itself, so
// that its readers need a justification of their own.
//
//	{"field": "age", "where": "/needs/scorecards/2/signals/1",
//	 "reason": "retirement nears from 55: a need for capital preservation"}
//
// [Spec.Compile] reports, at "/justifications/i/...": a field, where or
// reason missing (policy.ErrMissing); a field that is neither protected in
// the environment nor a protected named condition (policy.ErrUnknown, with
// the protected fields as choices); a where that is not a JSON pointer
// (policy.ErrMalformed); the same field and where twice
// (policy.ErrDuplicate). A justification that covers no read is no
// problem, and no record names its field.
type Justification struct {
	// Field is the protected field read: one the environment protects, or
	// a named condition that reads one.
	Field string `json:"field"`
	// Where is a JSON pointer into the document, such as
	// "/needs/scorecards/2" (a whole scorecard) or
	// "/needs/scorecards/2/signals/1" (one signal): the reads of Field at
	// or below it are justified.
	Where string `json:"where"`
	// Reason says why, for the committee that reviews the policy and the
	// auditor who reads its decisions.
	Reason string `json:"reason"`
}

// justifier compiles the parts of a playbook in an environment that
// protects fields, letting a part read one only where a justification
// covers the read.
type justifier struct {
	js     []Justification
	fields []string // the protected fields read under a justification
	// wheres are the places each field may be read at, by field: the
	// justifications with a where and a reason, indexed on first use so
	// that each read costs one look-up per level of its path, not one
	// comparison per justification.
	wheres map[string]map[string]bool
}

// compile calls compile(env) for the part at path. When the problems
// include reads of protected fields that a justification covers, it calls
// compile again in env allowing those fields, and returns the problems of
// that second call with the reads no justification covers: a part compiles
// when every read of a protected field in it is justified. Problems are
// those of the part, at its own paths, as compile returns them.
func (j *justifier) compile(path string, env *vipcare.Env, compile func(*vipcare.Env) error) error {
	first := compile(env)
	if !errors.Is(first, policy.ErrProtected) {
		return first
	}
	var ps policy.Problems
	ps.Add("", "", first)
	var allow []string
	var uncovered policy.Problems
	for _, p := range ps {
		switch {
		case !errors.Is(p.Err, policy.ErrProtected):
		case j.covers(p.Name, path+p.Path):
			if !slices.Contains(allow, p.Name) {
				allow = append(allow, p.Name)
			}
		default:
			uncovered = append(uncovered, p)
		}
	}
	if len(allow) == 0 {
		return first
	}
	allowed, err := env.Allow(allow...)
	if err != nil {
		return first // cannot happen: the names are the environment's fields
	}
	var out policy.Problems
	out.Add("", "", compile(allowed))
	for _, p := range uncovered {
		if slices.Contains(allow, p.Name) { // read freely the second time
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		for _, f := range allow {
			if !slices.Contains(j.fields, f) {
				j.fields = append(j.fields, f)
			}
		}
	}
	return out.Err()
}

// covers reports whether a justification covers reading field at path:
// one whose where is path or a prefix of it that ends where a level of
// path does.
func (j *justifier) covers(field, path string) bool {
	if j.wheres == nil {
		j.wheres = map[string]map[string]bool{}
		for _, x := range j.js {
			if strings.HasPrefix(x.Where, "/") && strings.TrimSpace(x.Reason) != "" {
				if j.wheres[x.Field] == nil {
					j.wheres[x.Field] = map[string]bool{}
				}
				j.wheres[x.Field][x.Where] = true
			}
		}
	}
	at := j.wheres[field]
	if len(at) == 0 {
		return false
	}
	if at[path] {
		return true
	}
	for i := len(path) - 1; i > 0; i-- {
		if path[i] == '/' && at[path[:i]] {
			return true
		}
	}
	return false
}

// check reports what is wrong with the justifications, at
// "/justifications/i/...": a field, where or reason missing
// (policy.ErrMissing); a field that is not protected in env, the
// environment with the named conditions (policy.ErrUnknown, with the
// protected fields as choices); a where that is not a JSON pointer into
// the document (policy.ErrMalformed); the same field and where twice
// (policy.ErrDuplicate).
func (j *justifier) check(env *vipcare.Env, ps *policy.Problems) {
	var protected []string
	for _, f := range env.Schema().Fields() {
		if f.Protected {
			protected = append(protected, f.Name)
		}
	}
	seen := make(map[[2]string]bool, len(j.js))
	for i, x := range j.js {
		path := "/justifications/" + strconv.Itoa(i)
		fail := func(elem, name string, err error, choices ...string) {
			*ps = append(*ps, policy.Problem{Path: path + elem, Name: name, Err: err, Choices: choices})
		}
		switch {
		case x.Field == "":
			fail("/field", "", policy.ErrMissing)
		case !slices.Contains(protected, x.Field):
			fail("/field", x.Field, policy.ErrUnknown, protected...)
		}
		switch {
		case x.Where == "":
			fail("/where", x.Field, policy.ErrMissing)
		case !strings.HasPrefix(x.Where, "/"):
			fail("/where", x.Where, policy.ErrMalformed)
		}
		if strings.TrimSpace(x.Reason) == "" {
			fail("/reason", x.Field, policy.ErrMissing)
		}
		if key := [2]string{x.Field, x.Where}; seen[key] {
			fail("", x.Field, policy.ErrDuplicate)
		} else {
			seen[key] = true
		}
	}
}
