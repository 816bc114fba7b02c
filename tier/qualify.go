package tier

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	ierrs "github.com/vipcare/vipcare/internal/errs"
	"github.com/vipcare/vipcare/policy"
)

// Outcome is the result of qualifying a client: whether it deserves the VIP
// service its balance alone would give. The zero Outcome means not checked.
type Outcome uint8

// Outcomes, from best to worst.
const (
	// Qualified: no rule flagged the client.
	Qualified Outcome = iota + 1
	// Watch: a rule flagged the client; it is watched, and by default not
	// upgraded, until the flag clears.
	Watch
	// Disqualified: the client is an "unqualified VIP" (a one-off deposit,
	// a dormant account) whose tier should not command RM time.
	Disqualified
)

var outcomeNames = [...]string{"unchecked", "qualified", "watch", "disqualified"}

// String returns the outcome's name, e.g. "watch".
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "invalid"
}

// MarshalText encodes the outcome as its name.
func (o Outcome) MarshalText() ([]byte, error) {
	if o > Disqualified {
		return nil, &Error{Path: "outcome", Err: ErrOutcome}
	}
	return []byte(o.String()), nil
}

// UnmarshalText decodes an outcome's name.
func (o *Outcome) UnmarshalText(b []byte) error {
	i := slices.Index(outcomeNames[:], string(b))
	if i < 0 {
		return &Error{Path: "outcome", Name: string(b), Err: ErrOutcome}
	}
	*o = Outcome(i)
	return nil
}

// Flag is the output of a qualification rule: a machine-readable code and
// the outcome it leads to.
type Flag struct {
	Code    string  `json:"code"`
	Outcome Outcome `json:"outcome"`
}

// Limit restricts a client's tier for a period. The zero Limit restricts
// nothing. [Qualifier.Limit] turns a qualification into one, and an
// [Observation] carries it into the lifecycle.
type Limit struct {
	// NoUpgrade keeps the client from being upgraded.
	NoUpgrade bool `json:"no_upgrade,omitempty"`
	// Cap is the highest tier (by rank) the client may hold; the zero Tier
	// means no cap.
	Cap Tier `json:"cap"`
	// Unassign removes the client's tier altogether.
	Unassign bool `json:"unassign,omitempty"`
	// Reason is the code of the flag behind the limit.
	Reason string `json:"reason,omitempty"`
}

// QualificationSpec describes the rules that weed out unqualified VIPs and
// what each outcome does to the tier. The bank chooses both.
type QualificationSpec struct {
	// Rules flag clients: every rule whose condition holds flags the
	// client (the Collect hit policy), and the worst outcome wins. Rules
	// read the fields of vipcare.Schema and these:
	//
	//	spike_ratio                 AUM at the bank divided by the period average (0 without history)
	//	period_average              the period average, from Average
	//	months_dormant              whole months since the client's last activity (-1 if unknown)
	//	risk_assessment_age_months  whole months since the risk assessment (-1 if never assessed)
	//	kyc_expired                 a KYC expiry event on or before the as-of date
	Rules []policy.Row[Flag] `json:"rules"`
	// Average is the measure the spike rule compares AUM with; nil means
	// ADB(Month).
	Average Measure `json:"-"`
	// OnWatch and OnDisqualified say what each outcome does to the tier.
	OnWatch        Limit `json:"on_watch"`
	OnDisqualified Limit `json:"on_disqualified"`
}

// MaxRules is the most rules a qualification may have.
const MaxRules = 64

// ReferenceQualification returns common rules, for the reference ladder:
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
func ReferenceQualification() QualificationSpec {
	return QualificationSpec{
		Rules: []policy.Row[Flag]{
			{Name: "balance_spike", When: policy.Field("spike_ratio").GE("3"),
				Then: Flag{"balance_spike", Watch}},
			{Name: "dormant", When: policy.Field("months_dormant").GE(12),
				Then: Flag{"dormant", Disqualified}},
			{Name: "risk_assessment_expired", When: policy.Any(
				policy.Field("risk_assessment_age_months").EQ(-1),
				policy.Field("risk_assessment_age_months").GE(12)),
				Then: Flag{"risk_assessment_expired", Watch}},
			{Name: "kyc_expired", When: policy.Field("kyc_expired").IsTrue(),
				Then: Flag{"kyc_expired", Watch}},
		},
		OnWatch:        Limit{NoUpgrade: true},
		OnDisqualified: Limit{Cap: Tier{Name: "mass", Rank: 10}},
	}
}

// Qualifier is a compiled [QualificationSpec]. It is immutable and safe for
// concurrent use.
type Qualifier struct {
	rules     []*policy.Rule[vipcare.Figures]
	flags     []Flag
	table     *policy.Table[vipcare.Figures, Flag]
	average   Measure
	onWatch   Limit
	onDisqual Limit
}

// QualificationSchema returns the schema qualification rules are compiled
// with: vipcare.Schema with the fields listed in [QualificationSpec.Rules],
// reading the period average with m (nil means ADB(Month)).
func QualificationSchema(m Measure) (*policy.Schema[vipcare.Figures], error) {
	if m == nil {
		m = ADB(Month)
	}
	base, err := vipcare.Schema()
	if err != nil {
		return nil, err
	}
	average := func(f *vipcare.Figures) vipcare.Amount {
		a, err := m.Measure(f)
		if err != nil {
			return 0
		}
		return a
	}
	return base.With(
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
		policy.Int("months_dormant", func(f *vipcare.Figures) int64 {
			if f.Profile.LastActive.IsZero() {
				return -1
			}
			return int64(vipcare.MonthsBetween(f.Profile.LastActive, f.AsOf))
		}).WithDoc("whole months since the last activity, -1 if unknown"),
		policy.Int("risk_assessment_age_months", func(f *vipcare.Figures) int64 {
			if !f.Profile.Risk.IsAssessed() || f.Profile.RiskAssessed.IsZero() {
				return -1
			}
			return int64(vipcare.MonthsBetween(f.Profile.RiskAssessed, f.AsOf))
		}).WithDoc("whole months since the risk assessment, -1 if never assessed"),
		policy.Bool("kyc_expired", func(f *vipcare.Figures) bool {
			asOf := vipcare.DayNumber(f.AsOf, f.AsOf.Location())
			for i := range f.Profile.Events {
				e := &f.Profile.Events[i]
				if e.Kind == vipcare.EventKYCExpiry && vipcare.DayNumber(e.Date, f.AsOf.Location()) <= asOf {
					return true
				}
			}
			return false
		}).WithDoc("a KYC expiry on or before the as-of date"),
	)
}

// NewQualifier compiles spec for ladder l, reporting every problem at once:
// every problem of the rules (paths "rules[i].when..."), more than
// [MaxRules] rules ([ErrTooMany]), an outcome out of range ([ErrOutcome]), and a
// limit capping at a tier l does not have ([ErrUnknownTier]).
func NewQualifier(spec QualificationSpec, l *Ladder) (*Qualifier, error) {
	if l == nil {
		return nil, &Error{Path: "ladder", Err: ErrEmpty}
	}
	var errs []error
	schema, err := QualificationSchema(spec.Average)
	if err != nil {
		return nil, err
	}
	if len(spec.Rules) > MaxRules {
		errs = append(errs, &Error{Path: "rules", Err: ErrTooMany})
	}
	for i, r := range spec.Rules {
		if r.Then.Outcome < Qualified || r.Then.Outcome > Disqualified {
			errs = append(errs, &Error{Path: "rules[" + strconv.Itoa(i) + "].then.outcome", Name: r.Name, Err: ErrOutcome})
		}
	}
	for _, c := range []struct {
		path  string
		limit Limit
	}{{"on_watch.cap", spec.OnWatch}, {"on_disqualified.cap", spec.OnDisqualified}} {
		if c.limit.Cap.IsZero() {
			continue
		}
		if r := l.rung(c.limit.Cap.Name); r < 0 || l.rungs[r].tier != c.limit.Cap {
			errs = append(errs, &Error{Path: c.path, Name: c.limit.Cap.Name, Err: ErrUnknownTier})
		}
	}
	table, err := policy.NewTable(schema, policy.Collect, spec.Rules...)
	if err != nil {
		for _, e := range ierrs.Unjoin(err) { // keep the join flat: one *Error per problem
			errs = append(errs, &Error{Path: "rules", Err: e})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	q := &Qualifier{table: table, average: spec.Average, onWatch: spec.OnWatch, onDisqual: spec.OnDisqualified}
	if q.average == nil {
		q.average = ADB(Month)
	}
	for _, r := range spec.Rules {
		q.rules = append(q.rules, policy.MustCompile(schema, r.When)) // compiled in the table already
		q.flags = append(q.flags, r.Then)
	}
	return q, nil
}

// MustQualifier is like [NewQualifier] but panics on error.
func MustQualifier(spec QualificationSpec, l *Ladder) *Qualifier {
	q, err := NewQualifier(spec, l)
	if err != nil {
		panic(err)
	}
	return q
}

// Qualification is the outcome of qualifying one client, with the rules
// that flagged it.
type Qualification struct {
	Outcome Outcome
	flagged uint64 // bit i: rule i flagged the client
	worst   int    // the rule behind the outcome, -1 if none
	q       *Qualifier
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

// IsFlagged reports whether a rule with the given code flagged the client.
func (r Qualification) IsFlagged(code string) bool {
	for i := 0; r.q != nil && i < len(r.q.flags); i++ {
		if r.flagged&(1<<i) != 0 && r.q.flags[i].Code == code {
			return true
		}
	}
	return false
}

// String returns the outcome and the codes of the flags, e.g.
// "watch: balance_spike, kyc_expired".
func (r Qualification) String() string {
	flags := r.Flags()
	if len(flags) == 0 {
		return r.Outcome.String()
	}
	codes := make([]string, len(flags))
	for i, f := range flags {
		codes[i] = f.Code
	}
	return r.Outcome.String() + ": " + strings.Join(codes, ", ")
}

// Qualify runs every rule on the client whose figures are f. A client with
// no balance history for the period has no average, and no spike; any
// other failure of the average measure (an amount in a currency without a
// rate) is returned, rather than read as "no spike". It does not allocate
// unless it fails. f is not changed.
func (q *Qualifier) Qualify(f *vipcare.Figures) (Qualification, error) {
	if _, err := q.average.Measure(f); err != nil && !errors.Is(err, ErrNoHistory) {
		return Qualification{}, err
	}
	r := Qualification{Outcome: Qualified, worst: -1, q: q}
	for i, rule := range q.rules {
		if rule.Eval(f) {
			r.flagged |= 1 << i
			if q.flags[i].Outcome > r.Outcome {
				r.Outcome, r.worst = q.flags[i].Outcome, i
			}
		}
	}
	return r, nil
}

// Limit returns what r does to the client's tier, as the spec's OnWatch or
// OnDisqualified say, with the worst flag's code as the reason.
func (q *Qualifier) Limit(r Qualification) Limit {
	var l Limit
	switch r.Outcome {
	case Watch:
		l = q.onWatch
	case Disqualified:
		l = q.onDisqual
	default:
		return Limit{}
	}
	if r.worst >= 0 {
		l.Reason = q.flags[r.worst].Code
	}
	return l
}

// Explain runs every rule on f and says which flagged the client and why.
// Client values appear only when o.Values is true.
func (q *Qualifier) Explain(f *vipcare.Figures, o policy.ExplainOptions) policy.TableExplanation {
	return q.table.Explain(f, o)
}
