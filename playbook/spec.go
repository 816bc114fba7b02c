package playbook

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Condition is a named condition on the client's figures, written once in
// a playbook and read by any of its rules as a bool field of its name:
// "business_owner" defined as `entrepreneur or corporate_links >= 1`, read
// as `business_owner and aum >= 2000000`. A condition may read another,
// in any order, but not in a circle.
type Condition struct {
	// Name is the field's name: lower-case ASCII letters, digits, '_' and
	// '.', starting with a letter, and no field of the environment.
	Name string `json:"name"`
	// Doc says what the condition means, for the committee.
	Doc string `json:"doc,omitempty"`
	// When is the condition.
	When policy.Cond `json:"when"`
}

// maxValidityMonths is the longest validity of a risk assessment.
const maxValidityMonths = 120

// checkIdentity checks the policy's effective dates: ISO calendar dates,
// the last not before the first.
func (s *Spec) checkIdentity(ps *policy.Problems) {
	date := func(path, v string) (time.Time, bool) {
		if strings.TrimSpace(v) == "" { // none: a document's is reported missing as it is decoded
			return time.Time{}, false
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			*ps = append(*ps, policy.Problem{Path: path, Name: v, Err: policy.ErrMalformed})
			return time.Time{}, false
		}
		return d, true
	}
	from, okFrom := date("/effective_from", s.EffectiveFrom)
	until, okUntil := date("/effective_until", s.EffectiveUntil)
	if okFrom && okUntil && until.Before(from) {
		*ps = append(*ps, policy.Problem{Path: "/effective_until", Name: s.EffectiveUntil, Err: policy.ErrOrder})
	}
}

// shareValidity gives the suitability pack and the triggers the
// playbook's risk validity, if it has one, reporting a validity the part
// also writes as policy.ErrDuplicate: written twice, it could differ. s's
// needs are copied, not changed.
func (s *Spec) shareValidity(ps *policy.Problems) {
	v := s.RiskValidityMonths
	if v <= 0 || v > maxValidityMonths { // none, or reported by extendEnv
		return
	}
	if s.Needs != nil {
		if s.Needs.Pack.RiskValidityMonths != 0 {
			*ps = append(*ps, policy.Problem{Path: "/needs/pack/risk_validity_months", Err: policy.ErrDuplicate})
		} else {
			n := *s.Needs
			n.Pack.RiskValidityMonths = v
			s.Needs = &n
		}
	}
	if s.Triggers.ValidityMonths != 0 {
		*ps = append(*ps, policy.Problem{Path: "/triggers/validity_months", Err: policy.ErrDuplicate})
	} else {
		s.Triggers.ValidityMonths = v
	}
}

// extendEnv returns env with the fields the playbook itself defines: with
// a risk validity, risk_assessment_expired; then the named conditions,
// each compiled with j.
func (s *Spec) extendEnv(env *vipcare.Env, j *justifier, ps *policy.Problems) *vipcare.Env {
	if v := s.RiskValidityMonths; v != 0 {
		if v < 0 || v > maxValidityMonths {
			*ps = append(*ps, policy.Problem{Path: "/risk_validity_months", Err: policy.ErrOutOfRange})
			// The field still exists, so that the rules reading it are not
			// reported for it too: the playbook fails to compile anyway.
			v = min(max(v, 1), maxValidityMonths)
		}
		age := policy.Field("risk_assessment_age_months")
		rule := policy.Must(policy.Compile(env.Schema(), policy.Any(age.EQ(-1), age.GE(v)))) // built-in fields
		expired := policy.Bool("risk_assessment_expired", rule.Eval).
			WithDoc("the risk assessment is missing or " + strconv.Itoa(v) + " or more whole months old")
		e, err := env.With(expired)
		if err != nil {
			ps.Add("/risk_validity_months", "", err)
		} else {
			env = e
		}
	}
	return s.defineConditions(env, j, ps)
}

// Bounds of a playbook's named conditions.
const (
	// maxConditions is the most named conditions a playbook may have.
	maxConditions = 256
	// maxExpanded is the most comparisons a named condition may amount to,
	// the conditions it reads written out: what bounds the work one
	// decision does, however the conditions read one another.
	maxExpanded = 4096
)

// defineConditions compiles the named conditions, each once, after the
// ones it reads, and returns env with them as fields. A condition that
// reads itself, or others that read it back, is policy.ErrCycle; one
// that amounts to more than maxExpanded comparisons is policy.ErrTooMany.
// A condition that reads one that failed is no problem of its own. A
// condition that reads a protected field, where a justification allows
// it, is protected itself.
func (s *Spec) defineConditions(env *vipcare.Env, j *justifier, ps *policy.Problems) *vipcare.Env {
	conds := s.Conditions
	if len(conds) == 0 {
		return env
	}
	if len(conds) > maxConditions {
		*ps = append(*ps, policy.Problem{Path: "/conditions", Err: policy.ErrTooMany})
		return env
	}
	taken := map[string]bool{}
	for _, f := range env.Schema().Fields() {
		taken[f.Name] = true
	}
	index := map[string]int{} // name -> index, of the conditions with a good name
	found := make([]policy.Problems, len(conds))
	for i, c := range conds {
		path := "/conditions/" + strconv.Itoa(i) + "/name"
		_, dup := index[c.Name]
		switch {
		case c.Name == "":
			found[i] = append(found[i], policy.Problem{Path: path, Err: policy.ErrMissing})
		case dup || taken[c.Name] || stageOf(c.Name) != stageFigures:
			found[i] = append(found[i], policy.Problem{Path: path, Name: c.Name, Err: policy.ErrDuplicate})
		default:
			index[c.Name] = i
		}
	}
	// The conditions each reads, once each; then an order in which each
	// comes after those it reads (Kahn's): what is left reads in a circle,
	// or reads what does.
	reads := make([][]int, len(conds))
	readBy := make([][]int, len(conds))
	waits := make([]int, len(conds))
	for i, c := range conds {
		for _, f := range c.When.Fields() {
			if j, ok := index[f]; ok && !slices.Contains(reads[i], j) {
				reads[i] = append(reads[i], j)
				readBy[j] = append(readBy[j], i)
				waits[i]++
			}
		}
	}
	var order []int
	for i := range conds {
		if waits[i] == 0 {
			order = append(order, i)
		}
	}
	for k := 0; k < len(order); k++ {
		for _, i := range readBy[order[k]] {
			if waits[i]--; waits[i] == 0 {
				order = append(order, i)
			}
		}
	}
	defined := make([]bool, len(conds))
	expanded := make([]uint64, len(conds))
	for _, i := range order {
		c := conds[i]
		ready := found[i] == nil
		var size uint64
		for _, f := range c.When.Fields() {
			if j, ok := index[f]; ok {
				ready = ready && defined[j]
				size += expanded[j]
			} else {
				size++
			}
			size = min(size, maxExpanded+1)
		}
		expanded[i] = size
		path := "/conditions/" + strconv.Itoa(i) + "/when"
		if ready && size > maxExpanded {
			found[i] = append(found[i], policy.Problem{Path: path, Name: c.Name, Err: policy.ErrTooMany})
			continue
		}
		var rule *policy.Rule[vipcare.Figures]
		err := j.compile(path, env, func(env *vipcare.Env) (err error) {
			rule, err = policy.Compile(env.Schema(), c.When)
			return err
		})
		if err != nil || !ready {
			found[i] = append(found[i], conditionProblems(path, err, index, nil)...)
			continue
		}
		e, err := env.With(policy.Bool(c.Name, rule.Eval).WithDoc(c.Doc))
		if err != nil { // a malformed name
			found[i] = append(found[i], policy.Problem{Path: "/conditions/" + strconv.Itoa(i) + "/name", Name: c.Name, Err: policy.ErrMalformed})
			continue
		}
		if readsProtected(env, c.When) {
			e = policy.Must(e.Protect(c.Name)) // a field of e: it was just added
		}
		env, defined[i] = e, true
	}
	// What is not in the order reads in a circle (a condition that reaches
	// itself), or reads one that does.
	placed := make([]bool, len(conds))
	for _, i := range order {
		placed[i] = true
	}
	for i, c := range conds {
		if placed[i] || found[i] != nil {
			continue
		}
		circle := map[string]bool{} // the conditions in a circle with i
		for name, j := range index {
			if reaches(reads, i, j) && reaches(reads, j, i) {
				circle[name] = true
			}
		}
		path := "/conditions/" + strconv.Itoa(i) + "/when"
		err := j.compile(path, env, func(env *vipcare.Env) error {
			_, err := policy.Compile(env.Schema(), c.When)
			return err
		})
		found[i] = conditionProblems(path, err, index, circle)
	}
	for _, f := range found {
		addPart(ps, "", f)
	}
	return env
}

// readsProtected reports whether c reads a field env protects.
func readsProtected(env *vipcare.Env, c policy.Cond) bool {
	reads := c.Fields()
	for _, f := range env.Schema().Fields() {
		if f.Protected && slices.Contains(reads, f.Name) {
			return true
		}
	}
	return false
}

// conditionProblems returns the problems err gives of a condition at path:
// a named condition it reads that is not defined is policy.ErrCycle when
// in circle, and else no problem of this condition.
func conditionProblems(path string, err error, index map[string]int, circle map[string]bool) policy.Problems {
	var all, out policy.Problems
	all.Add(path, "", err)
	for _, p := range all {
		if _, cond := index[p.Name]; cond && unknownField(p) {
			if !circle[p.Name] {
				continue
			}
			p.Err, p.Choices = policy.ErrCycle, nil
		}
		out = append(out, p)
	}
	return out
}

// unknownField reports whether p is a rule reading a field its schema does
// not have: one a later stage computes, or a named condition that is not
// defined.
func unknownField(p policy.Problem) bool {
	return errors.Is(p.Err, policy.ErrUnknown) && strings.HasSuffix(p.Path, "/field")
}

// reaches reports whether condition from reads condition to, directly or
// through others.
func reaches(reads [][]int, from, to int) bool {
	seen := make([]bool, len(reads))
	stack := []int{from}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, j := range reads[i] {
			if j == to {
				return true
			}
			if !seen[j] {
				seen[j] = true
				stack = append(stack, j)
			}
		}
	}
	return false
}

// dropUnknownConditions returns ps without the problems of rules reading a
// named condition that is not defined: its own problems say why.
func dropUnknownConditions(ps policy.Problems, conds []Condition) policy.Problems {
	out := ps[:0:0]
	for _, p := range ps {
		if unknownField(p) &&
			!strings.HasPrefix(p.Path, "/conditions/") && slices.ContainsFunc(conds, func(c Condition) bool { return c.Name == p.Name }) {
			continue
		}
		out = append(out, p)
	}
	return out
}
