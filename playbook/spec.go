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
		if v == "" {
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
// a risk validity, risk_assessment_expired; then the named conditions.
func (s *Spec) extendEnv(env *vipcare.Env, ps *policy.Problems) *vipcare.Env {
	if v := s.RiskValidityMonths; v != 0 {
		if v < 0 || v > maxValidityMonths {
			*ps = append(*ps, policy.Problem{Path: "/risk_validity_months", Err: policy.ErrOutOfRange})
		} else {
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
	}
	return s.defineConditions(env, ps)
}

// defineConditions compiles the named conditions, each once the ones it
// reads are defined, and returns env with them as fields. A condition
// that reads itself, or others that read it back, is policy.ErrCycle.
func (s *Spec) defineConditions(env *vipcare.Env, ps *policy.Problems) *vipcare.Env {
	pending := map[string]int{} // name -> index, of the conditions not yet defined
	taken := map[string]bool{}
	for _, f := range env.Schema().Fields() {
		taken[f.Name] = true
	}
	for i, c := range s.Conditions {
		path := "/conditions/" + strconv.Itoa(i) + "/name"
		switch _, dup := pending[c.Name]; {
		case c.Name == "":
			*ps = append(*ps, policy.Problem{Path: path, Err: policy.ErrMissing})
		case dup || taken[c.Name]:
			*ps = append(*ps, policy.Problem{Path: path, Name: c.Name, Err: policy.ErrDuplicate})
		default:
			pending[c.Name] = i
		}
	}
	defined := func(c Condition, i int) bool { j, ok := pending[c.Name]; return !ok || j != i }
	// Each round defines every condition whose fields are all defined; a
	// chain of n conditions takes n rounds, which is few for a policy.
	for len(pending) > 0 {
		var fields []policy.FieldSpec[vipcare.Figures]
		var names []string
		waiting := map[int]policy.Problems{}
		for i, c := range s.Conditions {
			if defined(c, i) {
				continue
			}
			rule, err := policy.Compile(env.Schema(), c.When)
			if err == nil {
				fields = append(fields, policy.Bool(c.Name, rule.Eval).WithDoc(c.Doc))
				names = append(names, c.Name)
				continue
			}
			var cps policy.Problems
			cps.Add("/conditions/"+strconv.Itoa(i)+"/when", "", err)
			waiting[i] = cps
		}
		if len(fields) == 0 { // no progress: what waits on another condition waits in a circle
			for i, c := range s.Conditions {
				cps, ok := waiting[i]
				if !ok || defined(c, i) {
					continue
				}
				var cycle policy.Problems
				for _, p := range cps {
					if _, cond := pending[p.Name]; cond && errors.Is(p.Err, policy.ErrUnknown) && strings.HasSuffix(p.Path, "/field") {
						p.Err, p.Choices = policy.ErrCycle, nil
					}
					cycle = append(cycle, p)
				}
				addPart(ps, "", stageTier, cycle) // a condition is of the figures' stage
			}
			return env
		}
		e, err := env.With(fields...)
		if err != nil {
			// A name that is malformed or an environment's field: report it
			// at the condition, and stop defining.
			var fps policy.Problems
			fps.Add("", "", err)
			for _, p := range fps {
				i := pending[p.Name]
				*ps = append(*ps, policy.Problem{Path: "/conditions/" + strconv.Itoa(i) + "/name", Name: p.Name, Err: p.Err})
			}
			return env
		}
		env = e
		for _, n := range names {
			delete(pending, n)
		}
	}
	return env
}

// dropUnknownConditions returns ps without the problems of rules reading a
// named condition that is not defined: its own problems say why.
func dropUnknownConditions(ps policy.Problems, conds []Condition) policy.Problems {
	out := ps[:0:0]
	for _, p := range ps {
		if errors.Is(p.Err, policy.ErrUnknown) && strings.HasSuffix(p.Path, "/field") &&
			!strings.HasPrefix(p.Path, "/conditions/") && slices.ContainsFunc(conds, func(c Condition) bool { return c.Name == p.Name }) {
			continue
		}
		out = append(out, p)
	}
	return out
}
