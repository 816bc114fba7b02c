package playbook

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/strictjson"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// Spec is a bank's whole playbook as data: every part a client's decision
// goes through, in order. Build one, or copy [Reference] and change it,
// then compile it with [Spec.Compile]. The ladder and strategies are
// required; a part left nil is left out of every decision.
type Spec struct {
	// ID names the policy, such as "cn-retail-vip"; with Version it is
	// what decision records and reports cite.
	ID string `json:"id"`
	// Version is the policy's version, such as "2027.1".
	Version string `json:"version"`
	// EffectiveFrom and EffectiveUntil are the first and last calendar day
	// the policy applies, as ISO dates ("2027-01-01"); Until "" is open.
	EffectiveFrom  string `json:"effective_from"`
	EffectiveUntil string `json:"effective_until,omitempty"`
	// Description says in a line or two what the policy is for and what
	// changed, for the committee that reviews it.
	Description string `json:"description,omitempty"`
	// RiskValidityMonths is how long a client's risk assessment stays
	// valid, written once for every part: with it set (1 to 120), every
	// rule may read the bool field risk_assessment_expired (missing, or
	// this many whole months old or more), and the suitability pack's
	// risk matching and the triggers' re-assessment use it; the pack and
	// the triggers must then leave their own validity unset
	// (policy.ErrDuplicate). 0 leaves each part its own. The parts keep
	// no copy: a document's pack or needs compiled alone, without the
	// playbook, have no validity, hence no risk matching; compile the
	// whole document.
	RiskValidityMonths int `json:"risk_validity_months,omitempty"`
	// Conditions are named conditions any rule may read as bool fields.
	Conditions []Condition `json:"conditions,omitempty"`
	// Justifications say why and where the policy reads protected fields
	// (age, and what the environment protects): a rule that reads one
	// where no justification covers it is refused (policy.ErrProtected).
	Justifications []Justification `json:"justifications,omitempty"`
	// Currency is the reporting currency: thresholds are in it, and
	// clients are valued in it.
	Currency vipcare.Currency `json:"currency"`
	// Ladder tiers clients, moves them period by period, and caps the tier
	// of unqualified VIPs as its qualification says (a no-upgrade limit
	// needs a lifecycle history and is not applied to a one-day decision).
	Ladder tier.LadderSpec `json:"ladder"`
	// Segmentation places clients in segments.
	Segmentation *segment.Spec `json:"segmentation,omitempty"`
	// Needs detects needs and ranks needs-driven plays.
	Needs *needs.Spec `json:"needs,omitempty"`
	// Strategies choose the contact, service and sales strategy; their
	// rules may read the tier, the segment and the needs.
	Strategies contact.StrategySpec `json:"strategies"`
	// Triggers turn events into tasks; the zero value is the default
	// triggers.
	Triggers contact.TriggerSpec `json:"triggers"`
	// Workload, if set, gives each decision its yearly workload.
	Workload *rm.Workload `json:"workload,omitempty"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *Spec) UnmarshalJSON(b []byte) error {
	type plain Spec
	return policy.Unmarshal(b, (*plain)(s))
}

// Reference returns a playbook of every reference part, in CNY, its plays
// proposing from products (such as sample.Shelf()): tier.Reference,
// segment.Reference, needs.Reference, contact.ReferenceStrategies, the
// default triggers and rm.ReferenceWorkload, with the one justification
// of a protected field they need: the preservation need's signal "older"
// reads age. It is a new value each call, for the caller to change.
//
// It names no policy: no id, version or effective dates, which every
// [Record] cites. Set them before compiling a playbook whose records are
// stored, or compile [ReferenceDocument], the reference as a document
// with its identity, which decides alike but, writing out defaults this
// spec leaves out, has another digest (see [Spec.Digest]).
func Reference(products []needs.Product) Spec {
	seg := segment.Reference()
	n := needs.Reference(products)
	w := rm.ReferenceWorkload()
	return Spec{
		Justifications: []Justification{referenceAge},
		Currency:       vipcare.CNY,
		Ladder:         tier.Reference(),
		Segmentation:   &seg,
		Needs:          &n,
		Strategies:     contact.ReferenceStrategies(),
		Workload:       &w,
	}
}

// referenceAge justifies the reference's one read of age.
var referenceAge = Justification{Field: "age", Where: "/needs/scorecards/2/signals/1",
	Reason: "clients of 55 or more near retirement: a signal (weight 20 of 100) of the need for capital preservation; " +
		"no tier, segment, strategy or suitability check reads age"}

// Playbook is a compiled [Spec]: one value that turns a client profile
// into the client's decision. It is immutable and safe for concurrent use.
type Playbook struct {
	identity   Identity
	currency   vipcare.Currency
	ladder     *tier.Ladder
	qualifies  bool // the ladder has qualification rules
	seg        *segment.Segmentation
	advisor    *needs.Advisor
	strategies *contact.Strategies
	names      []string // of the strategies, in the spec's order
	triggers   *contact.Triggers
	capacity   *rm.Capacity
	record     recordParams
	nplays     int      // of the advisor, for Explain to make room for
	justified  []string // the protected fields read under a justification, sorted
}

// Compile compiles every part of the playbook in env (nil means the
// default environment), in order, each part's strategies reading what the
// parts before decide. It reports every problem of every part at once, as
// policy.Problems located in the spec's JSON form ("/ladder/rungs/2/from",
// "/strategies/rules/3/when/any/1/field"), and a currency that is
// malformed (policy.ErrMalformed at "/currency") or that a part's
// thresholds are not in (vipcare.ErrCurrency at "/ladder/currency",
// "/segmentation/currency" or "/needs/pack/qualified_investor/currency"):
// the first 100 problems, then one
// policy.ErrTooMany if there are more. A rule that reads a protected field
// (see vipcare.Env.Protect) where no justification covers it is
// policy.ErrProtected at its "/field" (a segmentation's score at
// "/score"); see [Justification] for the problems of a justification.
// s is not changed.
func (s Spec) Compile(env *vipcare.Env) (*Playbook, error) {
	var ps policy.Problems
	pb := &Playbook{currency: s.Currency, qualifies: len(s.Ladder.Qualification.Rules) > 0}
	if !s.Currency.IsValid() {
		ps = append(ps, policy.Problem{Path: "/currency", Name: string(s.Currency), Err: policy.ErrMalformed})
	}
	mismatch := func(path string, c vipcare.Currency) {
		if c != "" && c.IsValid() && s.Currency.IsValid() && c != s.Currency {
			ps = append(ps, policy.Problem{Path: path, Name: string(c), Err: vipcare.ErrCurrency})
		}
	}
	pb.identity = Identity{ID: s.ID, Version: s.Version, EffectiveFrom: s.EffectiveFrom, EffectiveUntil: s.EffectiveUntil}
	pb.identity.Digest, _ = s.Digest() // "" for a spec with a Go predicate, which has no data form
	s.checkIdentity(&ps)
	s.shareValidity(&ps) // from here on s is the spec as compiled, not as written
	j := &justifier{js: s.Justifications}
	env = s.extendEnv(env, j, &ps)
	j.check(env, &ps)
	err := j.compile("/ladder", env, func(env *vipcare.Env) (err error) {
		pb.ladder, err = s.Ladder.Compile(env)
		return err
	})
	addPart(&ps, "/ladder", err)
	mismatch("/ladder/currency", s.Ladder.Currency)
	if s.Segmentation != nil {
		err = j.compile("/segmentation", env, func(env *vipcare.Env) (err error) {
			seg := *s.Segmentation // not the caller's
			if seg.Currency == "" {
				seg.Currency = s.Currency // the figures' currency, which its amounts are in
			}
			pb.seg, err = seg.Compile(env)
			return err
		})
		addPart(&ps, "/segmentation", err)
		mismatch("/segmentation/currency", s.Segmentation.Currency)
	}
	if s.Needs != nil {
		pb.nplays = len(s.Needs.Plays)
		err = j.compile("/needs", env, func(env *vipcare.Env) (err error) {
			pb.advisor, err = s.Needs.Compile(env)
			return err
		})
		addPart(&ps, "/needs", err)
		if q := s.Needs.Pack.QualifiedInvestor; q != nil { // else every qualified-only product refused to all
			mismatch("/needs/pack/qualified_investor/currency", q.Currency)
		}
	}
	// The strategies read what the parts before decide: with a part that
	// failed, its fields are unknown, which is no problem of the strategies.
	err = j.compile("/strategies", env, func(env *vipcare.Env) (err error) {
		pb.strategies, err = s.Strategies.Compile(env, pb.ladder, pb.seg, pb.advisor)
		return err
	})
	for _, x := range s.Strategies.Strategies {
		pb.names = append(pb.names, x.Name)
	}
	var st policy.Problems
	st.Add("/strategies", "", err)
	for _, p := range st {
		if unknownField(p) {
			switch stageOf(p.Name) {
			case stageTier:
				if pb.ladder == nil {
					continue
				}
			case stageSegment:
				if s.Segmentation != nil && pb.seg == nil {
					continue
				}
			case stageNeeds:
				if s.Needs != nil && pb.advisor == nil {
					continue
				}
			}
		}
		ps = append(ps, p)
	}
	err = j.compile("/triggers", env, func(env *vipcare.Env) (err error) {
		pb.triggers, err = s.Triggers.Compile(env)
		return err
	})
	addPart(&ps, "/triggers", err)
	if s.Workload != nil {
		pb.capacity, err = s.Workload.Compile(env)
		ps.Add("/workload", "", err)
	}
	if err := capped(dropUnknownConditions(ps, s.Conditions)).Err(); err != nil {
		return nil, err
	}
	pb.record = newRecordParams(&s, pb.advisor)
	pb.justified = j.fields
	slices.Sort(pb.justified)
	return pb, nil
}

// capped returns ps with at most strictjson.MaxProblems problems and, if
// there were more, one more saying so: a document with thousands of
// problems needs its first ones fixed, not a list of all.
func capped(ps policy.Problems) policy.Problems {
	if len(ps) <= strictjson.MaxProblems {
		return ps
	}
	return append(ps[:strictjson.MaxProblems:strictjson.MaxProblems], policy.Problem{
		Err: fmt.Errorf("%w: more than %d problems", policy.ErrTooMany, strictjson.MaxProblems)})
}

// The stages of a decision, in the order they run. A field belongs to the
// stage that computes it. The strategies read the fields of every stage;
// every other part (the ladder, the segmentation, the needs, the named
// conditions, the triggers) reads the environment's fields alone.
type stage int

const (
	stageFigures  stage = iota // the environment's fields, from the profile
	stageTier                  // tier, tier_rank
	stageSegment               // segment
	stageNeeds                 // need.<name>
	stageStrategy              // nothing reads the strategy
)

// stageOf returns the stage that computes the field named name.
func stageOf(name string) stage {
	switch {
	case name == "tier" || name == "tier_rank":
		return stageTier
	case name == "segment":
		return stageSegment
	case strings.HasPrefix(name, "need."):
		return stageNeeds
	}
	return stageFigures
}

// addPart adds to ps the problems of the part at path, a part that reads
// the environment's fields alone (all but the strategies): a field it does
// not know because a stage of the decision computes it (the tier, the
// segment, a need) is policy.ErrStage, not policy.ErrUnknown.
func addPart(ps *policy.Problems, path string, err error) {
	var part policy.Problems
	part.Add(path, "", err)
	for _, p := range part {
		if unknownField(p) && stageOf(p.Name) != stageFigures {
			p.Err, p.Choices = policy.ErrStage, nil
		}
		*ps = append(*ps, p)
	}
}
