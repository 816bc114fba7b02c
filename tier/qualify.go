package tier

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Outcome is the result of qualifying a client: whether it deserves the VIP
// service its balance alone would give. From best to worst: [Qualified],
// [Watch], [Disqualified]; the zero Outcome, "", means not checked.
type Outcome string

// Outcomes, from best to worst.
const (
	// Qualified: no rule flagged the client.
	Qualified Outcome = "qualified"
	// Watch: a rule flagged the client; it is watched, and by default not
	// upgraded, until the flag clears.
	Watch Outcome = "watch"
	// Disqualified: the client is an "unqualified VIP" (a one-off deposit,
	// a dormant account) whose tier should not command RM time.
	Disqualified Outcome = "disqualified"
)

var outcomes = []string{string(Qualified), string(Watch), string(Disqualified)}

// severity orders outcomes, worst highest; -1 for an unknown one.
func (o Outcome) severity() int {
	for i, x := range outcomes {
		if string(o) == x {
			return i
		}
	}
	return -1
}

// Flag is the output of a qualification rule: a machine-readable code and
// the outcome it leads to.
type Flag struct {
	Code    vipcare.Code `json:"code"`
	Outcome Outcome      `json:"outcome"`
}

// Limit restricts a client's tier for a period. The zero Limit restricts
// nothing. A [Qualification] holds one, and an [Observation] carries it into
// the lifecycle.
type Limit struct {
	// NoUpgrade keeps the client from being upgraded.
	NoUpgrade bool `json:"no_upgrade,omitempty"`
	// Cap is the highest tier (by rank) the client may hold; the zero Tier
	// means no cap.
	Cap Tier `json:"cap"`
	// Unassign removes the client's tier altogether.
	Unassign bool `json:"unassign,omitempty"`
	// Code is the code of the flag behind the limit.
	Code vipcare.Code `json:"code,omitempty"`
}

// QualificationSpec describes the rules that weed out unqualified VIPs, the
// clients whose balance crossed a line once and who crowd RM books, and what
// each outcome does to the tier. The bank chooses both. Its zero value
// qualifies everyone.
type QualificationSpec struct {
	// Rules flag clients: every rule whose condition holds flags the
	// client (the Collect hit policy), and the worst outcome wins. Rules
	// read the fields of the environment's schema and these two:
	//
	//	spike_ratio      AUM at the bank divided by the period average (0 without history)
	//	period_average   the period average, from Average
	//
	// A ladder has at most 64 rules.
	Rules []policy.Row[Flag] `json:"rules"`
	// Average is the measure the spike rule compares AUM with; nil means
	// ADB(Month). In JSON it is written by name, as the ladder's measure.
	Average Measure `json:"-"`
	// OnWatch and OnDisqualified say what each outcome does to the tier.
	OnWatch        Limit `json:"on_watch"`
	OnDisqualified Limit `json:"on_disqualified"`
}

// referenceQualification returns common rules, for the reference ladder:
//
//   - balance_spike (watch): AUM at least 3 times the month's average daily
//     balance, the mark of a one-off deposit made to cross a threshold;
//   - dormant (disqualified): no activity for 12 months or more;
//   - risk_assessment_expired (watch): never assessed, or assessed 12 or
//     more months ago;
//   - kyc_expired (watch): the client's KYC review or documents expired.
//
// Watch stops upgrades; disqualified caps the client at mass. It is a new
// value each call, for the caller to change.
func referenceQualification() QualificationSpec {
	f := policy.Field
	return QualificationSpec{
		Rules: []policy.Row[Flag]{
			{Name: "balance_spike", When: f("spike_ratio").GE("3"), Then: Flag{"balance_spike", Watch}},
			{Name: "dormant", When: f("months_dormant").GE(12), Then: Flag{"dormant", Disqualified}},
			{Name: "risk_assessment_expired", When: policy.Any(
				f("risk_assessment_age_months").EQ(-1),
				f("risk_assessment_age_months").GE(12)),
				Then: Flag{"risk_assessment_expired", Watch}},
			{Name: "kyc_expired", When: f("kyc_expired").EQ(true), Then: Flag{"kyc_expired", Watch}},
		},
		OnWatch:        Limit{NoUpgrade: true},
		OnDisqualified: Limit{Cap: Tier{Name: "mass", Rank: 10}},
	}
}

// qualifier is a compiled QualificationSpec.
type qualifier struct {
	flags     []Flag // by rule
	table     *policy.Table[vipcare.Figures, Flag]
	average   Measure
	onWatch   Limit
	onDisqual Limit
}

// maxRules is the most qualification rules a ladder may have.
const maxRules = 64

// compileQualification compiles spec for ladder l, reporting at
// "/qualification/...": more than 64 rules (policy.ErrTooMany), an outcome
// that is not one of the three (policy.ErrUnknown), every problem of the
// rules' conditions, and a limit capping at a tier l does not have
// (policy.ErrUnknown at "/qualification/on_watch/cap").
func compileQualification(spec QualificationSpec, l *Ladder, base *policy.Schema[vipcare.Figures], ps *policy.Problems) qualifier {
	q := qualifier{average: spec.Average, onWatch: spec.OnWatch, onDisqual: spec.OnDisqualified}
	if q.average == nil {
		q.average = ADB(Month)
	}
	const path = "/qualification"
	fail := func(p, name string, err error, choices ...string) {
		*ps = append(*ps, policy.Problem{Path: path + p, Name: name, Err: err, Choices: slices.Clone(choices)})
	}
	if len(spec.Rules) > maxRules {
		fail("/rules", "", policy.ErrTooMany)
	}
	for i, r := range spec.Rules {
		if r.Then.Outcome.severity() < 0 {
			fail("/rules/"+strconv.Itoa(i)+"/then/outcome", r.Name, policy.ErrUnknown, outcomes...)
		}
	}
	for _, c := range []struct {
		path  string
		limit Limit
	}{{"/on_watch/cap", spec.OnWatch}, {"/on_disqualified/cap", spec.OnDisqualified}} {
		// With no rungs every tier is unknown: "/rungs" says it once.
		if !c.limit.Cap.IsZero() && len(l.rungs) > 0 && l.held(c.limit.Cap) < 0 {
			fail(c.path, c.limit.Cap.Name, policy.ErrUnknown, l.Classes()...)
		}
	}
	if len(spec.Rules) == 0 {
		return q
	}
	schema, err := base.With(qualificationFields(q.average)...)
	if err != nil {
		ps.Add(path, "", err) // cannot happen: the names are fixed
		return q
	}
	table, err := policy.CompileTable(schema, policy.Collect, spec.Rules...)
	ps.Add(path+"/rules", "", err)
	q.table = table
	for _, r := range spec.Rules {
		q.flags = append(q.flags, r.Then)
	}
	return q
}

// qualificationFields are the fields qualification rules read beyond the
// environment's: the spike of AUM over the period average of m.
func qualificationFields(m Measure) []policy.FieldSpec[vipcare.Figures] {
	average := func(f *vipcare.Figures) vipcare.Amount {
		a, err := m.Measure(f)
		if err != nil {
			return 0
		}
		return a
	}
	return []policy.FieldSpec[vipcare.Figures]{
		policy.Decimal("spike_ratio", vipcare.ShareScale, func(f *vipcare.Figures) int64 {
			avg := average(f)
			if avg <= 0 {
				return 0
			}
			return int64(vipcare.ShareOf(f.AUM, avg))
		}).WithDoc("AUM at the bank divided by the period average"),
		policy.Decimal("period_average", vipcare.AmountScale, func(f *vipcare.Figures) int64 {
			return int64(average(f))
		}).WithDoc("the period average of the spike rule"),
	}
}

// Qualification is the outcome of qualifying one client, with the rules
// that flagged it and what the outcome does to the client's tier.
type Qualification struct {
	// Outcome is the worst outcome of the flags raised; Qualified when none.
	Outcome Outcome
	// Limit is what the outcome does to the client's tier, as the spec's
	// OnWatch or OnDisqualified say, with the worst flag's code; the zero
	// Limit for a qualified client.
	Limit   Limit
	flagged uint64 // bit i: rule i flagged the client
	q       *qualifier
}

// Flags returns the flags raised, in rule order.
func (r Qualification) Flags() []Flag {
	var out []Flag
	for i := 0; r.q != nil && i < len(r.q.flags); i++ {
		if r.flagged&(1<<i) != 0 {
			out = append(out, r.q.flags[i])
		}
	}
	return out
}

// String returns the outcome and the codes of the flags, e.g.
// "watch: balance_spike, kyc_expired".
func (r Qualification) String() string {
	flags := r.Flags()
	if len(flags) == 0 {
		return string(r.Outcome)
	}
	codes := make([]string, len(flags))
	for i, f := range flags {
		codes[i] = string(f.Code)
	}
	return string(r.Outcome) + ": " + strings.Join(codes, ", ")
}

// Qualify runs every qualification rule on the client whose figures are f.
// A client with no balance history for the period has no average, and no
// spike; any other failure of the average measure (an amount in a currency
// without a rate) is returned, rather than read as "no spike". It does not
// allocate unless it fails. f is not changed.
func (l *Ladder) Qualify(f *vipcare.Figures) (Qualification, error) {
	q := &l.q
	r := Qualification{Outcome: Qualified, q: q}
	if q.table == nil {
		return r, nil
	}
	if _, err := q.average.Measure(f); err != nil && !errors.Is(err, ErrNoHistory) {
		return Qualification{}, err
	}
	var buf [maxRules]policy.Hit[Flag]
	worst := -1 // the rule behind the outcome
	for _, h := range q.table.Collect(buf[:0], f) {
		r.flagged |= 1 << h.Row
		if h.Output.Outcome.severity() > r.Outcome.severity() {
			r.Outcome, worst = h.Output.Outcome, h.Row
		}
	}
	switch r.Outcome {
	case Watch:
		r.Limit = q.onWatch
	case Disqualified:
		r.Limit = q.onDisqual
	}
	if worst >= 0 {
		r.Limit.Code = q.flags[worst].Code
	}
	return r, nil
}

// ExplainQualification runs every qualification rule on f and says which
// flagged the client and why. Client values appear only when o.Values is
// true. A ladder without qualification rules explains an empty table.
func (l *Ladder) ExplainQualification(f *vipcare.Figures, o policy.ExplainOptions) policy.TableExplanation {
	if l.q.table == nil {
		return policy.TableExplanation{HitPolicy: policy.Collect}
	}
	return l.q.table.Explain(f, o)
}
