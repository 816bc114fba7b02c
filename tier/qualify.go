package tier

import (
	"errors"
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
// nothing. A [QualificationSpec] says what limit each outcome sets, a
// [Qualification] holds the limit of its outcome, and an [Observation]
// carries it into the lifecycle.
type Limit struct {
	// NoUpgrade keeps the client from being upgraded: a client who holds
	// a tier stays at most there. A client entering the lifecycle (no
	// stored tier, as every client on a bank's first run) holds nothing to
	// stay at, and enters at the tier its measure gives; to keep entrants
	// down too, cap the tier (Cap) instead.
	NoUpgrade bool `json:"no_upgrade,omitempty"`
	// Cap is the highest tier (by rank) the client may hold; the zero Ref
	// means no cap. A spec best refers to it by role or rank, which
	// survive a renaming of the tiers; a [Qualification]'s limit has the
	// tier's name and rank. In an Observation's limit the cap is the
	// highest rung at or below its rank when it has one, else the rung of
	// its role, else of its name; a cap that is no rung of the ladder
	// leaves the client no tier.
	Cap Ref `json:"cap,omitzero"`
	// Unassign removes the client's tier altogether.
	Unassign bool `json:"unassign,omitempty"`
	// Code is the code of the flag behind the limit, which the
	// qualification sets: a spec's limit leaves it empty.
	Code vipcare.Code `json:"code,omitempty"`
}

// Ref refers to a tier of a ladder from a spec: by role, by rank, or by
// name, so that a spec written by role or rank keeps working when the bank
// renames its tiers (to 普通, 金卡, 白金, 钻石 and 私行, say). Set Role alone,
// or Rank, Name or both (then they must be the same rung's). The zero Ref
// refers to no tier.
type Ref struct {
	// Name is the tier's name.
	Name string `json:"name,omitempty"`
	// Rank is the tier's rank.
	Rank int `json:"rank,omitempty"`
	// Role is "lowest" or "highest": the ladder's lowest or highest rung,
	// whatever its name and rank.
	Role string `json:"role,omitempty"`
}

// roles are the roles a Ref may name.
func roles() []string { return []string{"lowest", "highest"} }

// resolve returns the rung r refers to, -1 for the zero Ref, or the
// problem at path of a Ref that is malformed (a role with a name or rank,
// or a name and a rank of different rungs; policy.ErrMalformed), has an
// unknown role (policy.ErrUnknown at path/role) or is no rung of l
// (policy.ErrUnknown, with the tiers as choices). l has rungs.
func (l *Ladder) resolve(r Ref, path string) (int, error) {
	fail := func(p, name string, err error, choices ...string) (int, error) {
		return -1, policy.Problems{{Path: path + p, Name: name, Err: err, Choices: choices}}
	}
	switch {
	case r == Ref{}:
		return -1, nil
	case r.Role != "" && (r.Name != "" || r.Rank != 0):
		return fail("", r.Role, policy.ErrMalformed)
	case r.Role == "lowest":
		return 0, nil
	case r.Role == "highest":
		return len(l.rungs) - 1, nil
	case r.Role != "":
		return fail("/role", r.Role, policy.ErrUnknown, roles()...)
	}
	for i := range l.rungs {
		t := l.rungs[i].tier
		if (r.Name == "" || r.Name == t.Name) && (r.Rank == 0 || r.Rank == t.Rank) {
			return i, nil
		}
	}
	if named := l.rung(r.Name); r.Name != "" && named >= 0 && r.Rank != 0 {
		t := l.rungs[named].tier
		words := fmt.Sprintf("the name %q is the tier of rank %d, and no tier has rank %d", t.Name, t.Rank, r.Rank)
		for i := range l.rungs {
			if o := l.rungs[i].tier; o.Rank == r.Rank {
				words = fmt.Sprintf("the name and the rank name different tiers: %q is rank %d, rank %d is %q",
					t.Name, t.Rank, o.Rank, o.Name)
			}
		}
		return fail("", r.Name, fmt.Errorf("%w: %s", policy.ErrMalformed, words))
	}
	return fail("", r.Name, policy.ErrUnknown, l.Classes()...)
}

// capOf returns the rung a cap in an observation's limit allows at most,
// as Limit.Cap says; len(l.rungs)-1 for the zero Ref.
func (l *Ladder) capOf(r Ref) int {
	switch {
	case r.Rank != 0:
		c := -1
		for i := range l.rungs {
			if l.rungs[i].tier.Rank <= r.Rank {
				c = i
			}
		}
		return c
	case r.Role == "lowest":
		return 0
	case r.Role == "highest", r == Ref{}:
		return len(l.rungs) - 1
	case r.Role != "":
		return -1
	}
	return l.rung(r.Name)
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
	// Average names the measure the spike rule compares AUM with, as
	// LadderSpec.Measure names the ladder's; "" means "adb_month".
	Average string `json:"average,omitempty"`
	// OnWatch and OnDisqualified say what each outcome does to the tier;
	// a cap is resolved to the ladder's tier at compile time. Their Code
	// is left empty: qualifying sets it from the flag behind the limit.
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
// Watch stops upgrades; disqualified caps the client at the lowest tier,
// by role, whatever the bank names it. It is a new value each call, for
// the caller to change.
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
		OnDisqualified: Limit{Cap: Ref{Role: "lowest"}},
	}
}

// qualifier is a compiled QualificationSpec.
type qualifier struct {
	flags []Flag // by rule
	table *policy.Table[vipcare.Figures, Flag]
	// rules are the table's conditions, for Qualify to evaluate one by
	// one: collecting the table's hits into a buffer of 64 cleared 3.5 KB
	// on every call, 2% of a decision.
	rules     []*policy.Rule[vipcare.Figures]
	average   Measure
	onWatch   Limit
	onDisqual Limit
}

// errLimitCode is the error of a spec's limit with a code.
var errLimitCode = fmt.Errorf("%w: the code is set by the qualification, from the flag behind the limit; leave it out",
	policy.ErrMalformed)

// maxRules is the most qualification rules a ladder may have.
const maxRules = 64

// compileQualification compiles spec for ladder l in env, reporting at
// "/qualification/...": an unknown average (policy.ErrUnknown at
// "/qualification/average", as for the ladder's measure), more than 64
// rules (policy.ErrTooMany), an outcome that is not one of the three
// (policy.ErrUnknown), every problem of the rules' conditions, a limit
// whose cap is not a tier of l (see [Ref]; at
// "/qualification/on_watch/cap"), and a limit with a code, which the
// qualification sets (policy.ErrMalformed at "/qualification/on_watch/code").
func compileQualification(spec QualificationSpec, l *Ladder, env *vipcare.Env, ps *policy.Problems) qualifier {
	q := qualifier{onWatch: spec.OnWatch, onDisqual: spec.OnDisqualified}
	const path = "/qualification"
	q.average, _ = resolveMeasure(env, spec.Average, "adb_month", path+"/average", ps)
	fail := func(p, name string, err error, choices ...string) {
		*ps = append(*ps, policy.Problem{Path: path + p, Name: name, Err: err, Choices: slices.Clone(choices)})
	}
	if len(spec.Rules) > maxRules {
		fail("/rules", "", policy.ErrTooMany)
	}
	for i, r := range spec.Rules {
		if r.Then.Outcome.severity() < 0 {
			// The value quoted, as every unknown value is, not the rule's name.
			fail("/rules/"+strconv.Itoa(i)+"/then/outcome", string(r.Then.Outcome), policy.ErrUnknown, outcomes...)
		}
	}
	for _, c := range []struct {
		path  string
		limit *Limit
	}{{"/on_watch", &q.onWatch}, {"/on_disqualified", &q.onDisqual}} {
		if c.limit.Code != "" {
			fail(c.path+"/code", string(c.limit.Code), errLimitCode)
		}
		// With no rungs every tier is unknown: "/rungs" says it once.
		if len(l.rungs) == 0 {
			continue
		}
		r, err := l.resolve(c.limit.Cap, path+c.path+"/cap")
		ps.Add("", "", err)
		if r >= 0 {
			t := l.rungs[r].tier
			c.limit.Cap = Ref{Name: t.Name, Rank: t.Rank}
		}
	}
	if len(spec.Rules) == 0 || q.average == nil {
		return q
	}
	schema, err := env.Schema().With(qualificationFields(q.average)...)
	if err != nil {
		ps.Add(path, "", err) // cannot happen: the names are fixed
		return q
	}
	table, err := policy.CompileTable(schema, policy.Collect, spec.Rules...)
	if ps.Add(path+"/rules", "", err); err != nil {
		return q
	}
	q.table = table
	for _, r := range spec.Rules {
		q.flags = append(q.flags, r.Then)
		rule, err := policy.Compile(schema, r.When) // cannot fail: the table compiled it
		ps.Add(path+"/rules", "", err)
		q.rules = append(q.rules, rule)
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

// Flags returns the flags raised, in rule order; nil when none. It
// allocates the slice it returns, once.
func (r Qualification) Flags() []Flag {
	if r.flagged == 0 || r.q == nil {
		return nil
	}
	out := make([]Flag, 0, bits.OnesCount64(r.flagged))
	for i := 0; i < len(r.q.flags); i++ {
		if r.flagged&(1<<i) != 0 {
			out = append(out, r.q.flags[i])
		}
	}
	return out
}

// Format prints the qualification as String does, for every verb: not the
// compiled rules it points into.
func (r Qualification) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, r.String(), "tier.Qualification{"+r.String()+"}")
}

// String returns the outcome and the codes of the flags, e.g.
// "watch: balance_spike, kyc_expired".
func (r Qualification) String() string {
	if r.flagged == 0 || r.q == nil {
		return string(r.Outcome)
	}
	n := len(r.Outcome) + 2
	for i := range r.q.flags {
		if r.flagged&(1<<i) != 0 {
			n += len(r.q.flags[i].Code) + 2
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(string(r.Outcome))
	sep := ": "
	for i := range r.q.flags {
		if r.flagged&(1<<i) != 0 {
			b.WriteString(sep)
			b.WriteString(string(r.q.flags[i].Code))
			sep = ", "
		}
	}
	return b.String()
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
	worst := -1 // the rule behind the outcome
	for i, rule := range q.rules {
		if !rule.Eval(f) {
			continue
		}
		r.flagged |= 1 << i
		if o := q.flags[i].Outcome; o.severity() > r.Outcome.severity() {
			r.Outcome, worst = o, i
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
// true, and never a discreet client's. A ladder without qualification
// rules explains an empty table.
func (l *Ladder) ExplainQualification(f *vipcare.Figures, o policy.ExplainOptions) policy.TableExplanation {
	o.Values = discreet.Values(o.Values, f)
	if l.q.table == nil {
		return policy.TableExplanation{HitPolicy: policy.Collect}
	}
	return l.q.table.Explain(f, o)
}
