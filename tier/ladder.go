package tier

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Tier is a rung of an asset ladder: a name and a rank. Higher ranks are
// higher tiers. Ranks need not be consecutive: the reference ladder leaves
// gaps of ten so a bank can insert its own rungs without renumbering.
//
// The zero Tier means unassigned, so a forgotten assignment never passes for
// a real tier. Tier is comparable with ==.
type Tier struct {
	Name string `json:"name"`
	Rank int    `json:"rank"`
}

// IsZero reports whether t is the zero Tier, meaning unassigned.
func (t Tier) IsZero() bool { return t == Tier{} }

// String returns the tier's name, or "unassigned" for the zero Tier.
func (t Tier) String() string {
	if t.IsZero() {
		return unassigned
	}
	return t.Name
}

// unassigned is the name of no tier, which no rung may take.
const unassigned = "unassigned"

// errNegativeThreshold is the problem of a rung from below 0.
var errNegativeThreshold = fmt.Errorf("%w: below 0", policy.ErrOutOfRange)

// errNoTierName is the problem of a rung named as no tier is.
var errNoTierName = fmt.Errorf("%w: the name of no tier", policy.ErrDuplicate)

// Rung is one step of a [LadderSpec]: the tier, the entry threshold on the
// ladder's measure, an optional extra condition, and how a client keeps the
// tier. A client is on the rung when its measure is at or above From and
// When holds.
type Rung struct {
	Tier Tier `json:"tier"`
	// From is the entry threshold in the ladder's currency. It must not be
	// negative; the lowest rung usually starts at 0.
	From decimal.Decimal `json:"from"`
	// When is an extra entry condition over vipcare.Figures, compiled with
	// the environment's schema; the zero Cond means none. A client who
	// meets From but not When falls to the highest lower rung it qualifies
	// for.
	When policy.Cond `json:"when"`
	// Keep says how a client keeps this tier once its measure falls below;
	// its zero fields take the ladder's Lifecycle.Keep.
	Keep Keep `json:"keep"`
}

// LadderSpec describes an asset ladder and how clients move on it: plain
// data with a JSON form. Build one, or copy [Reference] and change it, then
// compile it with [LadderSpec.Compile].
type LadderSpec struct {
	// Currency is the currency of the thresholds; clients are measured in
	// it (vipcare.Valuation.Currency must match).
	Currency vipcare.Currency `json:"currency"`
	// Measure names what the thresholds apply to: "aum" (the default, "")
	// for [AUM]; "adb_month" or "adb_quarter" for [ADB] of a month or a
	// quarter; "best_monthly_adb_3" for [BestMonthlyADB] of 3 months (1 to
	// 120); or a measure registered in the environment with [MeasurePart].
	// An average needs history: a client with no balance for the period
	// (new this month, or valued before the period's end without daily
	// balances) cannot be placed and fails with [ErrNoHistory], so a
	// monthly run over such a book needs book.Options.KeepGoing or the
	// clients' history first.
	Measure string `json:"measure,omitempty"`
	// Rungs are the tiers from the lowest to the highest, with strictly
	// ascending thresholds and ranks. A ladder has at most 64 rungs.
	Rungs []Rung `json:"rungs"`
	// Lifecycle says how clients move from period to period.
	Lifecycle Lifecycle `json:"lifecycle"`
	// Qualification weeds out unqualified VIPs; the zero value weeds out
	// no one.
	Qualification QualificationSpec `json:"qualification"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *LadderSpec) UnmarshalJSON(b []byte) error {
	type plain LadderSpec
	return policy.Unmarshal(b, (*plain)(s))
}

// maxRungs is the largest number of rungs a ladder may have, so that an
// observation records which rungs' conditions hold in one word.
const maxRungs = 64

// Reference returns a ladder following common Chinese retail-bank practice,
// on AUM at the bank in CNY: mass; gold from 50,000; platinum from 500,000;
// diamond from 2,000,000; private banking from 6,000,000. Ranks are 10 to
// 50. Clients are upgraded from the next period to the tier their measure
// gives and downgraded one rung at a time after 3 consecutive periods below
// their tier, or 6 for private banking; an override may lift a client one
// rung. Its qualification flags a balance spike, dormancy, an expired
// risk assessment or KYC (see [QualificationSpec]). It is a new value
// each call, for the caller to copy and change.
func Reference() LadderSpec {
	return LadderSpec{
		Currency: vipcare.CNY,
		Rungs: []Rung{
			{Tier: Tier{Name: "mass", Rank: 10}},
			{Tier: Tier{Name: "gold", Rank: 20}, From: decimal.NewFromInt(50_000)},
			{Tier: Tier{Name: "platinum", Rank: 30}, From: decimal.NewFromInt(500_000)},
			{Tier: Tier{Name: "diamond", Rank: 40}, From: decimal.NewFromInt(2_000_000)},
			{Tier: Tier{Name: "private banking", Rank: 50}, From: decimal.NewFromInt(6_000_000), Keep: Keep{Grace: 6}},
		},
		Lifecycle:     Lifecycle{Keep: Keep{Grace: 3}, StepDown: 1},
		Qualification: referenceQualification(),
	}
}

// Ladder is a compiled [LadderSpec]. It is immutable and safe for
// concurrent use.
type Ladder struct {
	currency    vipcare.Currency
	measure     Measure
	measureName string // the measure's name, for steps and explanations
	rungs       []rung
	onAUM       bool             // the measure is AUM: read f.AUM, with no call
	froms       []vipcare.Amount // the rungs' thresholds, when no rung has an extra condition
	up, down    int
	maxOver     int
	q           qualifier
}

type rung struct {
	tier   Tier
	from   vipcare.Amount
	when   *policy.Rule[vipcare.Figures] // nil: no extra condition
	grace  int
	retain vipcare.Amount // the threshold below which a period counts as below
	entry  string         // from, as explanations show it
}

// Compile compiles the ladder in env (nil means the default environment).
// It reports every problem at once as policy.Problems located in the spec's
// JSON form:
//
//   - "/currency": missing or malformed (policy.ErrMissing,
//     policy.ErrMalformed);
//   - "/measure": a name that is neither a built-in measure nor one
//     registered in env (policy.ErrUnknown, with both as choices), or a
//     best monthly ADB over other than 1 to 120 months
//     (policy.ErrOutOfRange);
//   - "/rungs": none (policy.ErrMissing) or more than 64
//     (policy.ErrTooMany);
//   - "/rungs/i/tier/name": missing, repeated or "unassigned", the name
//     of no tier (policy.ErrMissing, policy.ErrDuplicate);
//     "/rungs/i/tier/rank": missing (0, policy.ErrMissing), negative
//     (policy.ErrOutOfRange) or not above the rank beneath
//     (policy.ErrOrder);
//   - "/rungs/i/from": missing above the lowest rung, whose From may be
//     left out for 0 (policy.ErrMissing), negative or beyond an amount's
//     bounds (policy.ErrOutOfRange, saying which), equal to the threshold
//     beneath (policy.ErrDuplicate) or below it (policy.ErrOrder);
//   - "/rungs/i/when/...": every problem of the extra condition, and a
//     comparison of the field the measure is (aum, for the measure "aum"):
//     the rung's threshold is its From, written once, and a condition
//     that repeats it is refused (policy.ErrDuplicate at ".../field");
//   - "/rungs/i/keep/grace", "/lifecycle/keep/grace": negative;
//     ".../keep/retain": not a share above 0 and at most 1;
//     "/lifecycle/step_up", "/lifecycle/step_down",
//     "/lifecycle/max_override": negative (all policy.ErrOutOfRange);
//   - "/qualification/...": see [QualificationSpec].
//
// s is not changed.
func (s LadderSpec) Compile(env *vipcare.Env) (*Ladder, error) {
	var ps policy.Problems
	fail := func(path, name string, err error) {
		ps = append(ps, policy.Problem{Path: path, Name: name, Err: err})
	}
	switch {
	case s.Currency == "":
		fail("/currency", "", policy.ErrMissing)
	case !s.Currency.IsValid():
		fail("/currency", string(s.Currency), policy.ErrMalformed)
	}
	switch n := len(s.Rungs); {
	case n == 0:
		fail("/rungs", "", policy.ErrMissing)
	case n > maxRungs:
		fail("/rungs", "", policy.ErrTooMany)
	}
	l := &Ladder{currency: s.Currency, rungs: make([]rung, len(s.Rungs))}
	l.measure, l.measureName = resolveMeasure(env, s.Measure, "aum", "/measure", &ps)
	schema := env.Schema()
	names := map[string]bool{}
	for i, r := range s.Rungs {
		path := "/rungs/" + strconv.Itoa(i)
		name := r.Tier.Name
		switch {
		case strings.TrimSpace(name) == "": // a name no one can read
			fail(path+"/tier/name", "", policy.ErrMissing)
		case names[name]:
			fail(path+"/tier/name", name, policy.ErrDuplicate)
		case name == unassigned: // no tier's name, in rules and in text
			fail(path+"/tier/name", name, errNoTierName)
		}
		names[name] = true
		switch {
		case r.Tier.Rank == 0: // never set: no rank is 0
			fail(path+"/tier/rank", name, policy.ErrMissing)
		case r.Tier.Rank < 0:
			fail(path+"/tier/rank", name, policy.ErrOutOfRange)
		case i > 0 && r.Tier.Rank <= s.Rungs[i-1].Tier.Rank:
			fail(path+"/tier/rank", name, policy.ErrOrder)
		}
		from, err := vipcare.ToAmount(r.From)
		switch {
		case i > 0 && r.From == (decimal.Decimal{}): // never set; the lowest rung's is 0
			fail(path+"/from", name, policy.ErrMissing)
		case err != nil: // too many decimal places, or too large: it says which
			ps.Add(path+"/from", name, err)
		case from < 0:
			fail(path+"/from", name, errNegativeThreshold)
		case i > 0:
			if prev, err := vipcare.ToAmount(s.Rungs[i-1].From); err == nil && from <= prev {
				if from == prev {
					fail(path+"/from", name, policy.ErrDuplicate)
				} else {
					fail(path+"/from", name, policy.ErrOrder)
				}
			}
		}
		l.rungs[i] = rung{tier: r.Tier, from: from, entry: num.Amount(int64(from))}
		if r.When != (policy.Cond{}) {
			rule, err := policy.Compile(schema, r.When)
			ps.Add(path+"/when", name, err)
			l.rungs[i].when = rule
		}
	}
	if s.Measure == "" || s.Measure == "aum" {
		refuseRepeatedThreshold(s.Rungs, schema, "aum", &ps)
	}
	if !slices.ContainsFunc(l.rungs, func(r rung) bool { return r.when != nil }) {
		l.froms = make([]vipcare.Amount, len(l.rungs))
		for i, r := range l.rungs {
			l.froms[i] = r.from
		}
	}
	_, l.onAUM = l.measure.(aum)
	l.compileLifecycle(s, &ps)
	l.q = compileQualification(s.Qualification, l, env, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// errRepeatedThreshold is the problem of a rung's extra condition that
// compares the ladder's own measure.
var errRepeatedThreshold = fmt.Errorf("%w: the rung's threshold on the measure is its from, not a condition", policy.ErrDuplicate)

// refuseRepeatedThreshold reports every comparison of field, the field the
// ladder's measure is, in a rung's extra condition: it compiles each
// condition against the schema without that field, where each such
// comparison is an unknown field at its own path.
func refuseRepeatedThreshold(rungs []Rung, schema *policy.Schema[vipcare.Figures], field string, ps *policy.Problems) {
	var without *policy.Schema[vipcare.Figures]
	for i, r := range rungs {
		if r.When == (policy.Cond{}) {
			continue
		}
		if without == nil {
			infos := schema.Fields() // in the order Project gives the fields
			var keep []policy.FieldSpec[vipcare.Figures]
			for k, f := range policy.Project(schema, func(f *vipcare.Figures) *vipcare.Figures { return f }) {
				if infos[k].Name != field {
					keep = append(keep, f)
				}
			}
			var err error
			if without, err = policy.NewSchema(keep...); err != nil {
				return // cannot happen: the fields are the schema's own
			}
		}
		_, err := policy.Compile(without, r.When)
		var found policy.Problems
		found.Add("", "", err)
		for _, p := range found {
			if errors.Is(p.Err, policy.ErrUnknown) && p.Name == field {
				*ps = append(*ps, policy.Problem{Path: "/rungs/" + strconv.Itoa(i) + "/when" + p.Path,
					Name: field, Err: errRepeatedThreshold})
			}
		}
	}
}

// Classes returns the names of the ladder's tiers, lowest first: the
// classes of book reports.
func (l *Ladder) Classes() []string {
	out := make([]string, len(l.rungs))
	for i, r := range l.rungs {
		out[i] = r.tier.Name
	}
	return out
}

// Tiers returns the ladder's tiers, lowest first: [Ladder.Classes] with
// their ranks.
func (l *Ladder) Tiers() []Tier {
	out := make([]Tier, len(l.rungs))
	for i, r := range l.rungs {
		out[i] = r.tier
	}
	return out
}

// Assign places the client whose figures are f on the ladder: the highest
// rung whose threshold the client's measure meets and whose extra condition
// holds; the zero Tier when the client is below the lowest rung. It does
// not allocate. It fails only if the measure fails or f is in another
// currency than the ladder (vipcare.ErrCurrency). f is not changed.
func (l *Ladder) Assign(f *vipcare.Figures) (Tier, error) {
	r, _, err := l.assign(f)
	return l.tierAt(r), err
}

// Classify returns the index of f's tier in [Ladder.Classes], or -1 when f
// is below the lowest rung. It does not allocate.
func (l *Ladder) Classify(f *vipcare.Figures) (int, error) {
	r, _, err := l.assign(f)
	return r, err
}

// assign returns f's rung (-1 if none) and measure.
func (l *Ladder) assign(f *vipcare.Figures) (int, vipcare.Amount, error) {
	if f.Currency != l.currency { // measureOf, by hand: this is the hottest path
		return -1, 0, otherCurrency(f.Currency)
	}
	v := f.AUM
	if !l.onAUM {
		var err error
		if v, err = l.measure.Measure(f); err != nil {
			return -1, 0, err
		}
	}
	if l.froms != nil {
		// The thresholds ascend: the rung is the number met, less one,
		// counted with no branch.
		n := 0
		for _, from := range l.froms {
			if v >= from {
				n++
			}
		}
		return n - 1, v, nil
	}
	for i := len(l.rungs) - 1; i >= 0; i-- {
		r := &l.rungs[i]
		if v >= r.from && (r.when == nil || r.when.Eval(f)) {
			return i, v, nil
		}
	}
	return -1, v, nil
}

// measureOf returns the client's measure, in the ladder's currency.
// It is small enough to inline into the hot paths.
func (l *Ladder) measureOf(f *vipcare.Figures) (vipcare.Amount, error) {
	if f.Currency != l.currency {
		return 0, otherCurrency(f.Currency)
	}
	return l.measure.Measure(f)
}

// otherCurrency is the problem of figures in currency c, not the ladder's.
func otherCurrency(c vipcare.Currency) error {
	return policy.Problems{{Path: "/figures/currency", Name: string(c), Err: vipcare.ErrCurrency}}
}

// held returns the rung of tier t, matching name and rank, or -1 for the
// zero Tier or a tier the ladder does not have. It does not allocate.
func (l *Ladder) held(t Tier) int {
	// Ranks are above 0 and ascending (Compile checks them): the rung of
	// t's rank is the only one t can be, and an integer finds it.
	for i := range l.rungs {
		if l.rungs[i].tier.Rank == t.Rank {
			if l.rungs[i].tier.Name == t.Name {
				return i
			}
			break
		}
	}
	return -1
}

// rung returns the index of the rung of the named tier, or -1.
func (l *Ladder) rung(name string) int {
	for i := range l.rungs {
		if l.rungs[i].tier.Name == name {
			return i
		}
	}
	return -1
}

// tierAt returns the tier of rung r, the zero Tier for -1.
func (l *Ladder) tierAt(r int) Tier {
	if r < 0 {
		return Tier{}
	}
	return l.rungs[r].tier
}
