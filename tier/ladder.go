package tier

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
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
		return "unassigned"
	}
	return t.Name
}

// Rung is one step of a [LadderSpec]: the tier, the entry threshold on the
// ladder's measure, and an optional extra condition. A client is on the
// rung when its measure is at or above From and When holds.
type Rung struct {
	Tier Tier `json:"tier"`
	// From is the entry threshold in the ladder's currency. It must not be
	// negative; the lowest rung usually starts at 0.
	From decimal.Decimal `json:"from"`
	// When is an extra entry condition over vipcare.Figures, compiled with
	// the ladder's schema; the zero Cond means none. A client who meets
	// From but not When falls to the highest lower rung it qualifies for.
	When policy.Cond `json:"when"`
}

// LadderSpec describes an asset ladder. It is plain data: build one, or copy
// [ReferenceLadder] and change it, then compile it with [NewLadder].
type LadderSpec struct {
	// Currency is the currency of the thresholds; clients are measured in
	// it (vipcare.Valuation.Currency must match).
	Currency vipcare.Currency `json:"currency"`
	// Rungs are the tiers from the lowest to the highest, with strictly
	// ascending thresholds and ranks.
	Rungs []Rung `json:"rungs"`
	// Measure is what the thresholds apply to; nil means [AUM].
	Measure Measure `json:"-"`
	// Schema resolves the fields of the rungs' When conditions; nil means
	// vipcare.Schema().
	Schema *policy.Schema[vipcare.Figures] `json:"-"`
}

// ReferenceLadder returns a ladder following common Chinese retail-bank
// practice, on AUM at the bank in CNY: mass; gold from 50,000; platinum from
// 500,000; diamond from 2,000,000; private banking from 6,000,000. Ranks are
// 10 to 50. It is a new value each call, for the caller to copy and change.
func ReferenceLadder() LadderSpec {
	return LadderSpec{
		Currency: vipcare.CNY,
		Rungs: []Rung{
			{Tier: Tier{Name: "mass", Rank: 10}},
			{Tier: Tier{Name: "gold", Rank: 20}, From: decimal.NewFromInt(50_000)},
			{Tier: Tier{Name: "platinum", Rank: 30}, From: decimal.NewFromInt(500_000)},
			{Tier: Tier{Name: "diamond", Rank: 40}, From: decimal.NewFromInt(2_000_000)},
			{Tier: Tier{Name: "private banking", Rank: 50}, From: decimal.NewFromInt(6_000_000)},
		},
	}
}

// Ladder is a compiled asset ladder. It is immutable and safe for concurrent
// use.
type Ladder struct {
	currency vipcare.Currency
	measure  Measure
	rungs    []rung
}

type rung struct {
	tier Tier
	from vipcare.Amount
	when *policy.Rule[vipcare.Figures] // nil: no extra condition
}

// NewLadder compiles spec. It reports every problem at once, as an
// errors.Join of [*Error] values: no rungs ([ErrEmpty]), a threshold that is
// negative or out of bounds ([ErrThreshold]), thresholds not strictly
// ascending ([ErrNotAscending]) or repeated ([ErrDuplicateThreshold]), an
// empty or repeated name ([ErrName], [ErrDuplicateName]), ranks not
// positive and strictly ascending ([ErrRank]), a malformed currency
// ([ErrCurrency]), and every problem of every extra condition. spec is not
// changed.
func NewLadder(spec LadderSpec) (*Ladder, error) {
	var errs []error
	fail := func(path, name string, err error) {
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	if !spec.Currency.IsValid() {
		fail("currency", "", ErrCurrency)
	}
	if len(spec.Rungs) == 0 {
		fail("rungs", "", ErrEmpty)
	}
	schema := spec.Schema
	if schema == nil {
		var err error
		if schema, err = vipcare.Schema(); err != nil {
			return nil, err
		}
	}
	l := &Ladder{currency: spec.Currency, measure: spec.Measure, rungs: make([]rung, len(spec.Rungs))}
	if l.measure == nil {
		l.measure = AUM()
	}
	names := map[string]bool{}
	for i, r := range spec.Rungs {
		path := "rungs[" + strconv.Itoa(i) + "]"
		name := r.Tier.Name
		switch {
		case name == "":
			fail(path+".tier.name", "", ErrName)
		case names[name]:
			fail(path+".tier.name", name, ErrDuplicateName)
		}
		names[name] = true
		if r.Tier.Rank <= 0 || i > 0 && r.Tier.Rank <= spec.Rungs[i-1].Tier.Rank {
			fail(path+".tier.rank", name, ErrRank)
		}
		from, err := vipcare.ToAmount(r.From)
		if err != nil || from < 0 {
			fail(path+".from", name, ErrThreshold)
		} else if i > 0 {
			prev, err := vipcare.ToAmount(spec.Rungs[i-1].From)
			switch {
			case err != nil:
			case from == prev:
				fail(path+".from", name, ErrDuplicateThreshold)
			case from < prev:
				fail(path+".from", name, ErrNotAscending)
			}
		}
		l.rungs[i] = rung{tier: r.Tier, from: from}
		if !r.When.IsZero() {
			rule, err := policy.Compile(schema, r.When)
			if err != nil {
				errs = append(errs, &Error{Path: path + ".when", Name: name, Err: err})
				continue
			}
			l.rungs[i].when = rule
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return l, nil
}

// MustLadder is like [NewLadder] but panics on error.
func MustLadder(spec LadderSpec) *Ladder {
	l, err := NewLadder(spec)
	if err != nil {
		panic(err)
	}
	return l
}

// Tiers returns the ladder's tiers from the lowest to the highest.
func (l *Ladder) Tiers() []Tier {
	out := make([]Tier, len(l.rungs))
	for i, r := range l.rungs {
		out[i] = r.tier
	}
	return out
}

// Currency returns the currency of the ladder's thresholds.
func (l *Ladder) Currency() vipcare.Currency { return l.currency }

// Assignment is the outcome of placing one client on a ladder.
type Assignment struct {
	// Tier is the client's tier; the zero Tier if the client is below the
	// lowest rung.
	Tier Tier
	// Value is the client's measure. It is client data: keep it out of
	// logs unless the reader is entitled to it.
	Value vipcare.Amount
	// Rung is the index of the tier's rung, -1 when unassigned.
	Rung int
}

// Assign places the client whose figures are f on the ladder: the highest
// rung whose threshold the client's measure meets and whose extra condition
// holds. It does not allocate. It fails only if the measure fails or f is in
// another currency than the ladder ([ErrCurrency]). f is not changed.
func (l *Ladder) Assign(f *vipcare.Figures) (Assignment, error) {
	if f.Currency != l.currency {
		return Assignment{Rung: -1}, &Error{Path: "figures.currency", Err: ErrCurrency}
	}
	v, err := l.measure.Measure(f)
	if err != nil {
		return Assignment{Rung: -1}, err
	}
	for i := len(l.rungs) - 1; i >= 0; i-- {
		r := &l.rungs[i]
		if v >= r.from && (r.when == nil || r.when.Eval(f)) {
			return Assignment{Tier: r.tier, Value: v, Rung: i}, nil
		}
	}
	return Assignment{Value: v, Rung: -1}, nil
}

// Format implements fmt.Formatter: every verb prints the tier and rung,
// never the client's measure, which is client data.
func (a Assignment) Format(s fmt.State, verb rune) {
	_, _ = s.Write([]byte("Assignment{tier:" + a.Tier.String() + " value:[redacted] rung:" + strconv.Itoa(a.Rung) + "}"))
}

// LogValue implements slog.LogValuer with the measure redacted.
func (a Assignment) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tier", a.Tier.String()), slog.String("value", "[redacted]"),
		slog.Int("rung", a.Rung))
}
