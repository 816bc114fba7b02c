package tier

import (
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/discreet"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// LadderExplanation says why a client got its tier: the measure, the thresholds of
// the rungs around it, and every higher rung whose threshold the client met
// but whose extra condition failed. Thresholds are policy and always shown;
// the client's own value only when asked for.
type LadderExplanation struct {
	// Tier is the assigned tier.
	Tier Tier `json:"tier"`
	// Measure names what was measured, e.g. "AUM at the bank".
	Measure string `json:"measure"`
	// Currency is the currency of the amounts.
	Currency vipcare.Currency `json:"currency"`
	// Value is the client's measure, set only with ExplainOptions.Values,
	// never for a discreet client.
	Value string `json:"value,omitempty"`
	// Entry is the assigned rung's threshold; empty when unassigned.
	Entry string `json:"entry,omitempty"`
	// Next is the lowest tier whose threshold is above the client's
	// measure, if any, and NextEntry its threshold: the next step up.
	Next      Tier   `json:"next"`
	NextEntry string `json:"next_entry,omitempty"`
	// PassedOver are the higher rungs whose threshold the client met but
	// whose extra condition failed, from the highest down.
	PassedOver []PassedOver `json:"passed_over,omitempty"`
}

// PassedOver is a rung whose threshold a client met but whose extra
// condition failed, with the condition's explanation.
type PassedOver struct {
	// Tier is the tier passed over, and Entry its threshold.
	Tier  Tier   `json:"tier"`
	Entry string `json:"entry"`
	// Why explains the extra condition that failed.
	Why policy.Explanation `json:"why"`
}

// Explain assigns f as [Ladder.Assign] does and says why. The client's
// measure appears only when o.Values is true, and never a discreet
// client's (vipcare.Preferences.Discreet). Unlike Assign it allocates.
func (l *Ladder) Explain(f *vipcare.Figures, o policy.ExplainOptions) (LadderExplanation, error) {
	o.Values = discreet.Values(o.Values, f)
	at, v, err := l.assign(f)
	if err != nil {
		return LadderExplanation{}, err
	}
	e := LadderExplanation{Tier: l.tierAt(at), Measure: l.measureName, Currency: l.currency}
	if o.Values {
		e.Value = num.Amount(int64(v))
	}
	if at >= 0 {
		e.Entry = l.rungs[at].entry
	}
	for i := len(l.rungs) - 1; i > at; i-- {
		r := &l.rungs[i]
		if v >= r.from {
			e.PassedOver = append(e.PassedOver, PassedOver{Tier: r.tier, Entry: r.entry,
				Why: r.when.Explain(f, o)})
		} else {
			e.Next, e.NextEntry = r.tier, r.entry
		}
	}
	return e, nil
}

// String returns the explanation as text, for example
//
//	diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//
// followed by one paragraph for each rung passed over.
func (e LadderExplanation) String() string {
	var b strings.Builder
	cur := " " + string(e.Currency)
	b.WriteString(e.Tier.String() + ": " + e.Measure)
	if e.Value != "" {
		b.WriteString(" of " + e.Value + cur)
	}
	switch {
	case !e.Tier.IsZero():
		b.WriteString(" at or above " + e.Tier.Name + "'s " + e.Entry + cur)
		if !e.Next.IsZero() {
			b.WriteString(" and below " + e.Next.Name + "'s " + e.NextEntry + cur)
		}
	case len(e.PassedOver) == 0:
		b.WriteString(" below " + e.Next.Name + "'s " + e.NextEntry + cur)
	default:
		b.WriteString(": no rung's extra condition held")
	}
	for _, p := range e.PassedOver {
		b.WriteString("\npassed over " + p.Tier.Name + ": at or above its " + p.Entry + cur +
			" but its condition failed:\n")
		for _, line := range strings.Split(p.Why.String(), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
