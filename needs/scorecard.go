package needs

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/discreet"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/policy"
)

// Signal is one piece of evidence for a need: a condition on the client's
// figures and the points it adds to the need's strength when it holds.
type Signal struct {
	// Name identifies the signal in evidence, e.g. "entrepreneur".
	Name string `json:"name"`
	// When is the condition, over the fields of the environment's schema.
	When policy.Cond `json:"when"`
	// Weight is the points the signal adds, 1 to 100.
	Weight int `json:"weight"`
}

// Scorecard detects one need from its signals. A need's strength is the
// sum of the weights of the signals that hold, at most 100; the need is
// detected when its strength reaches Min. Strengths from 70 are strong,
// from 40 moderate, below that weak.
type Scorecard struct {
	Need    Need     `json:"need"`
	Signals []Signal `json:"signals"`
	// Min is the strength at which the need is detected, 1 to 100 and at
	// most the sum of the signals' weights, or no client would reach it.
	Min int `json:"min"`
}

// Limits of the scorecards, so that a detection fits in a fixed-size value.
const (
	maxNeeds   = 16 // scorecards of a spec
	maxSignals = 32 // signals of a scorecard
)

// level returns "strong" (70 to 100), "moderate" (40 to 69), "weak" (1 to
// 39) or "none" for a strength.
func level(strength int) string {
	switch {
	case strength >= 70:
		return "strong"
	case strength >= 40:
		return "moderate"
	case strength >= 1:
		return "weak"
	}
	return "none"
}

// referenceScorecards returns scorecards for the six needs, from the facts
// known about affluent clients; see [Reference].
func referenceScorecards() []Scorecard {
	f := policy.Field
	return []Scorecard{
		{Need: Integrated, Min: 40, Signals: []Signal{
			{"entrepreneur", f("entrepreneur").EQ(true), 30},
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
			{"entrepreneur", f("entrepreneur").EQ(true), 10},
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
			{"entrepreneur", f("entrepreneur").EQ(true), 10},
		}},
	}
}

// scorecard is a compiled Scorecard.
type scorecard struct {
	need    Need
	min     int
	signals []signal
}

type signal struct {
	name   string
	weight int
	rule   *policy.Rule[vipcare.Figures]
}

// compileScorecards compiles cards against schema, reporting at
// "/scorecards/...": more than 16 (policy.ErrTooMany); a need that is
// malformed or repeated (policy.ErrMalformed, policy.ErrDuplicate); a
// minimum or weight outside 1 to 100, or a minimum above the sum of the
// weights, which no client reaches (policy.ErrOutOfRange); no signals
// or more than 32 (policy.ErrMissing, policy.ErrTooMany); a signal name
// missing or repeated; a signal without a condition (policy.ErrMissing);
// and every problem of every condition.
func compileScorecards(cards []Scorecard, schema *policy.Schema[vipcare.Figures], ps *policy.Problems) []scorecard {
	fail := func(path, name string, err error) {
		*ps = append(*ps, policy.Problem{Path: path, Name: name, Err: err})
	}
	if len(cards) > maxNeeds {
		fail("/scorecards", "", policy.ErrTooMany)
	}
	var out []scorecard
	seen := map[Need]bool{}
	for i, r := range cards {
		path := "/scorecards/" + strconv.Itoa(i)
		switch {
		case r.Need == "":
			fail(path+"/need", "", policy.ErrMissing)
		case !r.Need.IsValid():
			fail(path+"/need", string(r.Need), policy.ErrMalformed)
		case seen[r.Need]:
			fail(path+"/need", string(r.Need), policy.ErrDuplicate)
		}
		seen[r.Need] = true
		if r.Min < 1 || r.Min > 100 {
			fail(path+"/min", string(r.Need), policy.ErrOutOfRange)
		}
		switch {
		case len(r.Signals) == 0:
			fail(path+"/signals", string(r.Need), policy.ErrMissing)
		case len(r.Signals) > maxSignals:
			fail(path+"/signals", string(r.Need), policy.ErrTooMany)
		}
		cr := scorecard{need: r.Need, min: r.Min}
		names := map[string]bool{}
		total, weighed := 0, true // the strength when every signal holds
		for j, s := range r.Signals {
			sp := path + "/signals/" + strconv.Itoa(j)
			switch {
			case s.Name == "":
				fail(sp+"/name", "", policy.ErrMissing)
			case names[s.Name]:
				fail(sp+"/name", s.Name, policy.ErrDuplicate)
			}
			names[s.Name] = true
			if s.Weight < 1 || s.Weight > 100 {
				fail(sp+"/weight", s.Name, policy.ErrOutOfRange)
				weighed = false
			}
			total += s.Weight
			if s.When == (policy.Cond{}) {
				fail(sp+"/when", s.Name, policy.ErrMissing)
				continue
			}
			rule, err := policy.Compile(schema, s.When)
			ps.Add(sp+"/when", s.Name, err)
			cr.signals = append(cr.signals, signal{name: s.Name, weight: s.Weight, rule: rule})
		}
		if weighed && len(r.Signals) > 0 && r.Min >= 1 && r.Min <= 100 && total < r.Min {
			fail(path+"/min", string(r.Need), errMinAboveWeights)
		}
		out = append(out, cr)
	}
	return out
}

// Detection is the needs detected for one client: a fixed-size value that
// [Advisor.Detect] fills without allocating. The zero Detection has no
// needs.
type Detection struct {
	a        *Advisor
	strength [maxNeeds]uint8  // by scorecard; 0 if not detected
	fired    [maxNeeds]uint32 // by scorecard: bit j set when signal j held
}

// Strength returns the strength of need n, 0 to 100; 0 if it was not
// detected.
func (d Detection) Strength(n Need) int {
	if d.a == nil {
		return 0
	}
	for i := range d.a.cards {
		if d.a.cards[i].need == n {
			return int(d.strength[i])
		}
	}
	return 0
}

// Signals appends to dst the names of the signals that fired for need n,
// in scorecard order, as [Detection.List] gives them, and returns the
// extended slice: nothing when n was not detected. It allocates nothing
// when dst has room.
func (d Detection) Signals(dst []string, n Need) []string {
	for i := 0; d.a != nil && i < len(d.a.cards); i++ {
		c := &d.a.cards[i]
		if c.need != n || d.strength[i] == 0 {
			continue
		}
		for j := range c.signals {
			if d.fired[i]&(1<<j) != 0 {
				dst = append(dst, c.signals[j].name)
			}
		}
		break
	}
	return dst
}

// Format prints the needs detected, strongest first, each as
// [Finding.String] words it, for every verb: not the advisor the
// detection points into.
func (d Detection) Format(s fmt.State, verb rune) {
	var b strings.Builder
	for i, f := range d.List() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	redact.Format(s, verb, "["+b.String()+"]", "needs.Detection{"+b.String()+"}")
}

// List returns the detected needs, strongest first (scorecard order on a
// tie), each with the signals that fired, in scorecard order, by name and
// weight (their conditions explained are [Detection.Explain]'s). It
// allocates; use it for display and records.
func (d Detection) List() []Finding { return d.findings(nil, policy.ExplainOptions{}) }

// Explain returns the detected needs as [Detection.List] does, with each
// signal's condition explained for the client whose figures are f, the
// figures d was detected from: what [Advisor.Explain] returns, without
// detecting the needs again. Client values appear only when o.Values is
// true, and never a discreet client's. f is not changed.
func (d Detection) Explain(f *vipcare.Figures, o policy.ExplainOptions) []Finding {
	return d.findings(f, o)
}

// findings lists the detected needs, strongest first, with their
// evidence, each signal's condition explained when f is not nil. The
// findings share one allocation, and their evidence another.
func (d Detection) findings(f *vipcare.Figures, o policy.ExplainOptions) []Finding {
	if d.a == nil {
		return nil
	}
	o.Values = discreet.Values(o.Values, f)
	n, fired := 0, 0
	for i := range d.a.cards {
		if d.strength[i] != 0 {
			n++
			fired += bits.OnesCount32(d.fired[i])
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Finding, 0, n)
	evidence := make([]Evidence, fired)
	for i := range d.a.cards {
		if d.strength[i] == 0 {
			continue
		}
		c := &d.a.cards[i]
		found := Finding{Need: c.need, Strength: int(d.strength[i])}
		if k := bits.OnesCount32(d.fired[i]); k > 0 {
			found.Evidence, evidence = evidence[:0:k], evidence[k:]
		}
		for j := range c.signals {
			if d.fired[i]&(1<<j) != 0 {
				s := &c.signals[j]
				e := Evidence{Signal: s.name, Weight: s.weight}
				if f != nil {
					e.Why = s.rule.Explain(f, o)
				}
				found.Evidence = append(found.Evidence, e)
			}
		}
		out = append(out, found)
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return b.Strength - a.Strength })
	return out
}

// Finding is a detected need with its strength and the signals that fired.
type Finding struct {
	Need     Need `json:"need"`
	Strength int  `json:"strength"`
	// Evidence are the signals that held, in scorecard order, each with the
	// explanation of its condition.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one signal that held.
type Evidence struct {
	// Signal is the signal's name.
	Signal string `json:"signal"`
	// Weight is what it adds to the need's strength.
	Weight int `json:"weight"`
	// Why explains its condition.
	Why policy.Explanation `json:"why"`
}

// String returns e.g. "integrated (strong, 70): entrepreneur +30, corporate_links +40".
func (f Finding) String() string {
	var b strings.Builder
	f.write(&b, "")
	return b.String()
}

// write writes prefix and f as String says, into b grown once.
func (f Finding) write(b *strings.Builder, prefix string) {
	n := len(prefix) + len(f.Need) + 20
	for _, e := range f.Evidence {
		n += len(e.Signal) + 8
	}
	b.Grow(n)
	b.WriteString(prefix)
	b.WriteString(string(f.Need))
	b.WriteString(" (")
	b.WriteString(level(f.Strength))
	b.WriteString(", ")
	b.WriteString(strconv.Itoa(f.Strength))
	b.WriteString(")")
	if len(f.Evidence) > 0 {
		b.WriteString(":")
	}
	for i, e := range f.Evidence {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(" ")
		b.WriteString(e.Signal)
		b.WriteString(" +")
		b.WriteString(strconv.Itoa(e.Weight))
	}
}

// errMinAboveWeights is the problem of a scorecard whose need no client
// can reach.
var errMinAboveWeights = fmt.Errorf("%w: above the sum of the signals' weights: the need is never detected", policy.ErrOutOfRange)
