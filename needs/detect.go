package needs

import (
	"errors"
	"slices"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Signal is one piece of evidence for a need: a condition on the client's
// figures and the points it adds to the need's strength when it holds.
type Signal struct {
	// Name identifies the signal in evidence, e.g. "entrepreneur".
	Name string `json:"name"`
	// When is the condition, over the fields of [Schema].
	When policy.Cond `json:"when"`
	// Weight is the points the signal adds, 1 to 100.
	Weight int `json:"weight"`
}

// Rule detects one need from its signals. A need's strength is the sum of
// the weights of the signals that hold, at most 100; the need is detected
// when its strength reaches Min.
type Rule struct {
	Need    Need     `json:"need"`
	Signals []Signal `json:"signals"`
	// Min is the strength at which the need is detected, 1 to 100.
	Min int `json:"min"`
}

// DetectorSpec is a set of need rules. It is plain data: copy
// [ReferenceDetectors] and tune it, or write your own.
type DetectorSpec struct {
	Rules []Rule `json:"rules"`
	// Schema resolves the signals' fields; nil means [Schema]().
	Schema *policy.Schema[vipcare.Figures] `json:"-"`
}

// Limits of a detector, so that a detection fits in a fixed-size value.
const (
	MaxNeeds   = 16 // rules in a detector
	MaxSignals = 32 // signals in a rule
)

// The strength scale: a need's strength is 0 to 100 points.
const (
	// Weak is the lowest strength of a weak detection (1 to 39).
	Weak = 1
	// Moderate is the lowest strength of a moderate detection (40 to 69).
	Moderate = 40
	// Strong is the lowest strength of a strong detection (70 to 100).
	Strong = 70
)

// Level returns "strong", "moderate", "weak" or "none" for a strength.
func Level(strength int) string {
	switch {
	case strength >= Strong:
		return "strong"
	case strength >= Moderate:
		return "moderate"
	case strength >= Weak:
		return "weak"
	}
	return "none"
}

// ReferenceDetectors returns detectors for the six needs, from the facts
// DOMAIN.md gives about affluent clients. It is a new value each call, for
// the caller to copy and tune. Strengths are points out of 100:
//
//   - integrated: entrepreneur (30), linked to a corporate client (40),
//     business equity at least 20% of wealth (30); detected from 40.
//   - recognition: AUM at the bank at least 2,000,000 (50), wealth at least
//     10,000,000 (30), a relationship of 5 years or more (20); from 50.
//   - preservation: cash and fixed income at least 50% of wealth (50), aged
//     55 or more (20), risk level C1 or C2 (30); from 40.
//   - advice: real estate and business at least 50% of wealth (40), a
//     business sold within a year (50), wealth at least 5,000,000 (20), an
//     entrepreneur (10); from 40.
//   - diversification: everything held at home (30) and in one currency
//     (20), in at most two asset classes (20), risk level C4 or C5 (30);
//     from 60, since most clients hold everything at home in one currency
//     and that alone is no need.
//   - risk_management: one asset class at least 60% of wealth (50),
//     liabilities at least 30% of wealth (40), an entrepreneur (10); from 40.
//
// Amounts are in CNY: the detectors expect figures in CNY.
func ReferenceDetectors() DetectorSpec {
	f := policy.Field
	return DetectorSpec{Rules: []Rule{
		{Need: Integrated, Min: 40, Signals: []Signal{
			{"entrepreneur", f("entrepreneur").IsTrue(), 30},
			{"corporate_links", f("corporate_links").GE(1), 40},
			{"business_equity", f("share.business_equity").GE("0.2"), 30},
		}},
		{Need: Recognition, Min: 50, Signals: []Signal{
			{"high_aum", f("aum").GE("2000000"), 50},
			{"high_wealth", f("wealth").GE("10000000"), 30},
			{"long_relationship", f("tenure_months").GE(60), 20},
		}},
		{Need: Preservation, Min: 40, Signals: []Signal{
			{"cash_heavy", f("share.cash_and_fixed_income").GE("0.5"), 50},
			{"older", f("age").GE(55), 20},
			{"conservative", f("risk_level").In("C1", "C2"), 30},
		}},
		{Need: Advice, Min: 40, Signals: []Signal{
			{"property_and_business", f("share.property_and_business").GE("0.5"), 40},
			{"business_sale", policy.All(f("days_since_business_sale").GE(0), f("days_since_business_sale").LE(365)), 50},
			{"large_wealth", f("wealth").GE("5000000"), 20},
			{"entrepreneur", f("entrepreneur").IsTrue(), 10},
		}},
		{Need: Diversification, Min: 60, Signals: []Signal{
			{"only_domestic", policy.All(f("foreign").EQ("0"), f("wealth").GT("0")), 30},
			{"one_currency", f("currencies").EQ(1), 20},
			{"few_classes", policy.All(f("classes").GE(1), f("classes").LE(2)), 20},
			{"growth_appetite", f("risk_level").In("C4", "C5"), 30},
		}},
		{Need: RiskManagement, Min: 40, Signals: []Signal{
			{"concentrated", f("max_class_share").GE("0.6"), 50},
			{"leveraged", f("leverage").GE("0.3"), 40},
			{"entrepreneur", f("entrepreneur").IsTrue(), 10},
		}},
	}}
}

// Detector is a compiled [DetectorSpec]. It is immutable and safe for
// concurrent use.
type Detector struct {
	rules []rule
}

type rule struct {
	need    Need
	min     int
	signals []signal
}

type signal struct {
	name   string
	weight int
	rule   *policy.Rule[vipcare.Figures]
}

// NewDetector compiles spec, reporting every problem at once as [*Error]
// values: a malformed or repeated need ([ErrNeed]), a rule without signals
// ([ErrEmpty]), a missing or repeated signal name ([ErrName]), a weight or
// minimum outside 1 to 100 ([ErrWeight]), more than [MaxNeeds] rules or
// [MaxSignals] signals ([ErrTooMany]), and every problem of every signal's
// condition.
func NewDetector(spec DetectorSpec) (*Detector, error) {
	schema := spec.Schema
	if schema == nil {
		var err error
		if schema, err = Schema(); err != nil {
			return nil, err
		}
	}
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	if len(spec.Rules) > MaxNeeds {
		fail("rules", "", ErrTooMany)
	}
	d := &Detector{}
	seen := map[Need]bool{}
	for i, r := range spec.Rules {
		path := "rules[" + strconv.Itoa(i) + "]"
		if !r.Need.IsValid() || seen[r.Need] {
			fail(path+".need", string(r.Need), ErrNeed)
		}
		seen[r.Need] = true
		if r.Min < 1 || r.Min > 100 {
			fail(path+".min", string(r.Need), ErrWeight)
		}
		switch {
		case len(r.Signals) == 0:
			fail(path+".signals", string(r.Need), ErrEmpty)
		case len(r.Signals) > MaxSignals:
			fail(path+".signals", string(r.Need), ErrTooMany)
		}
		cr := rule{need: r.Need, min: r.Min}
		names := map[string]bool{}
		for j, s := range r.Signals {
			sp := path + ".signals[" + strconv.Itoa(j) + "]"
			if s.Name == "" || names[s.Name] {
				fail(sp+".name", s.Name, ErrName)
			}
			names[s.Name] = true
			if s.Weight < 1 || s.Weight > 100 {
				fail(sp+".weight", s.Name, ErrWeight)
			}
			if s.When.IsZero() {
				fail(sp+".when", s.Name, ErrEmpty)
				continue
			}
			compiled, err := policy.Compile(schema, s.When)
			if err != nil {
				fail(sp+".when", s.Name, err)
				continue
			}
			cr.signals = append(cr.signals, signal{name: s.Name, weight: s.Weight, rule: compiled})
		}
		d.rules = append(d.rules, cr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return d, nil
}

// MustDetector is like [NewDetector] but panics on error.
func MustDetector(spec DetectorSpec) *Detector {
	d, err := NewDetector(spec)
	if err != nil {
		panic(err)
	}
	return d
}

// Needs returns the needs the detector knows, in rule order.
func (d *Detector) Needs() []Need {
	out := make([]Need, len(d.rules))
	for i, r := range d.rules {
		out[i] = r.need
	}
	return out
}

// Detection is the needs detected for one client: a fixed-size value that
// [Detector.Detect] fills without allocating. The zero Detection has no
// needs.
type Detection struct {
	d        *Detector
	strength [MaxNeeds]uint8  // by rule; 0 if not detected
	fired    [MaxNeeds]uint32 // by rule: bit j set when signal j held
}

// Detect evaluates every rule on the client whose figures are f. It does not
// allocate; f is not changed.
func (d *Detector) Detect(f *vipcare.Figures) Detection {
	det := Detection{d: d}
	for i := range d.rules {
		r := &d.rules[i]
		sum := 0
		var fired uint32
		for j := range r.signals {
			if r.signals[j].rule.Eval(f) {
				sum += r.signals[j].weight
				fired |= 1 << j
			}
		}
		if sum > 100 {
			sum = 100
		}
		if sum >= r.min {
			det.strength[i] = uint8(sum)
			det.fired[i] = fired
		}
	}
	return det
}

// Strength returns the strength of need n, 0 if it was not detected.
func (d Detection) Strength(n Need) int {
	if d.d == nil {
		return 0
	}
	for i := range d.d.rules {
		if d.d.rules[i].need == n {
			return int(d.strength[i])
		}
	}
	return 0
}

// Has reports whether need n was detected.
func (d Detection) Has(n Need) bool { return d.Strength(n) > 0 }

// Len returns the number of needs detected.
func (d Detection) Len() int {
	n := 0
	for i := 0; d.d != nil && i < len(d.d.rules); i++ {
		if d.strength[i] > 0 {
			n++
		}
	}
	return n
}

// Found is a detected need with its strength and the signals that fired.
type Found struct {
	Need     Need `json:"need"`
	Strength int  `json:"strength"`
	// Evidence are the signals that held, in rule order, each with the
	// explanation of its condition.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one signal that held.
type Evidence struct {
	Signal string             `json:"signal"`
	Weight int                `json:"weight"`
	Why    policy.Explanation `json:"why"`
}

// Level returns the strength's level: "strong", "moderate" or "weak".
func (f Found) Level() string { return Level(f.Strength) }

// String returns e.g. "integrated (strong, 70): entrepreneur +30, corporate_links +40".
func (f Found) String() string {
	s := string(f.Need) + " (" + f.Level() + ", " + strconv.Itoa(f.Strength) + ")"
	if len(f.Evidence) > 0 {
		s += ":"
	}
	for i, e := range f.Evidence {
		if i > 0 {
			s += ","
		}
		s += " " + e.Signal + " +" + strconv.Itoa(e.Weight)
	}
	return s
}

// List returns the detected needs, strongest first (rule order on a tie),
// without evidence. It allocates; use it for display.
func (d Detection) List() []Found {
	var out []Found
	for i := 0; d.d != nil && i < len(d.d.rules); i++ {
		if d.strength[i] > 0 {
			out = append(out, Found{Need: d.d.rules[i].need, Strength: int(d.strength[i])})
		}
	}
	slices.SortStableFunc(out, func(a, b Found) int { return b.Strength - a.Strength })
	return out
}

// Explain detects the client's needs and gives, for each need detected, the
// evidence: every signal that held, with its field names and thresholds.
// Client values appear only when o.Values is true. Needs come strongest
// first.
func (d *Detector) Explain(f *vipcare.Figures, o policy.ExplainOptions) []Found {
	det := d.Detect(f)
	var out []Found
	for i := range d.rules {
		if det.strength[i] == 0 {
			continue
		}
		r := &d.rules[i]
		found := Found{Need: r.need, Strength: int(det.strength[i])}
		for j := range r.signals {
			if det.fired[i]&(1<<j) != 0 {
				s := &r.signals[j]
				found.Evidence = append(found.Evidence, Evidence{Signal: s.name, Weight: s.weight,
					Why: s.rule.Explain(f, o)})
			}
		}
		out = append(out, found)
	}
	slices.SortStableFunc(out, func(a, b Found) int { return b.Strength - a.Strength })
	return out
}
