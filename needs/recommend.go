package needs

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Reason codes of the plays left out of a recommendation.
const (
	// CodeNoNeed: the client has none of the needs the play meets.
	CodeNoNeed vipcare.Code = "no_need"
	// CodeCoolDown: the play was made within its cool-down.
	CodeCoolDown vipcare.Code = "cool_down"
	// CodeNoSuitableProduct: no product of the play's categories is
	// suitable for the client. When the client's risk assessment is
	// missing or expired and that alone refuses them all, the play is
	// left out with [CodeAssessmentMissing] or [CodeAssessmentExpired]
	// instead.
	CodeNoSuitableProduct vipcare.Code = "no_suitable_product"
	// CodeMaxPlays: the conversation already has its maximum of plays.
	CodeMaxPlays vipcare.Code = "max_plays"
)

// Offer is a product of a play's categories with its suitability: the
// products a play proposes, and the ones it may not, with why not. An
// offer with no refusals is suitable.
type Offer struct {
	Product  string    `json:"product"`
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Recommendation is one ranked play with its why.
type Recommendation struct {
	Play  string `json:"play"`
	Title string `json:"title"`
	// Score is what the play was ranked by: need strength x fit x client
	// value needs-driven, the quota weight product-driven.
	Score int64 `json:"score"`
	// Need is the strongest detected need the play meets, with its
	// strength and evidence; empty for product-driven and default plays.
	Need     Need       `json:"need,omitempty"`
	Strength int        `json:"strength,omitempty"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Fit is the share, in percent, of the play's categories that have a
	// suitable product.
	Fit int `json:"fit"`
	// Offers are the suitable products; Refused the products of the play's
	// categories that failed suitability, each with its refusals.
	Offers  []Offer `json:"offers"`
	Refused []Offer `json:"refused,omitempty"`
	// Reason says why the play is here, in one line.
	Reason string `json:"reason"`
}

// Skip is a play left out, with its reason code.
type Skip struct {
	Play   string       `json:"play"`
	Code   vipcare.Code `json:"code"`
	Reason string       `json:"reason,omitempty"`
}

// Recommendations is a client's ranked plays, and the plays left out.
type Recommendations struct {
	// ProductDriven reports whether the plays were ranked by quota weight
	// rather than by need.
	ProductDriven bool `json:"product_driven,omitempty"`
	// Personalised is false for a client who opted out of profiling, who
	// gets the default list.
	Personalised bool             `json:"personalised"`
	Plays        []Recommendation `json:"plays"`
	Skipped      []Skip           `json:"skipped,omitempty"`
}

// String lists the plays with their reasons and offers, one play a line.
func (rs Recommendations) String() string {
	var b strings.Builder
	if rs.ProductDriven {
		b.WriteString("product-driven")
	} else {
		b.WriteString("needs-driven")
	}
	if !rs.Personalised {
		b.WriteString(", not personalised")
	}
	b.WriteString(":")
	for i, p := range rs.Plays {
		codes := make([]string, len(p.Offers))
		for j, o := range p.Offers {
			codes[j] = o.Product
		}
		b.WriteString("\n" + strconv.Itoa(i+1) + ". " + p.Play + ": " + p.Reason + "; offers " + strings.Join(codes, ", "))
	}
	if len(rs.Plays) == 0 {
		b.WriteString(" nothing to offer")
	}
	return b.String()
}

// Recommend ranks the plays for the client whose figures are f and whose
// needs det holds (from a.Detect(f)), given the plays already made
// (history). Every offered product passes the suitability pack; products
// of a play's categories that fail are listed with their refusals. A play
// made within its cool-down, a play for a need the client does not have
// (needs-driven), a play with no suitable product, and plays beyond the
// maximum per conversation are left out with a reason code. A client who
// opted out of profiling gets the default list. Client values appear in
// evidence and refusals only when o.Values is true. f, det and history are
// not changed.
//
// Recommend decides as [Advisor.Pick] does, then explains: it words the
// reasons, explains the evidence, and assesses the refused products of the
// plays it returns through the pack for their refusals.
func (a *Advisor) Recommend(f *vipcare.Figures, det Detection, history []PlayMade, o policy.ExplainOptions) Recommendations {
	rs := Recommendations{ProductDriven: a.productDriven, Personalised: !f.Profile.Contact.NoProfiling}
	picks, skipped := a.Pick(make([]Pick, 0, len(a.plays)), nil, f, det, history, 0)
	for k := range skipped {
		skipped[k].Reason = a.skipReason(skipped[k], f, history)
	}
	rs.Skipped = skipped
	var explained []Finding  // the evidence, explained once if needed
	var refusals [][]Refusal // by product, assessed once if refused
	var c *Case
	for _, pk := range picks {
		i := pk.Offers.play
		p := &a.plays[i]
		rec := Recommendation{Play: p.ID, Title: p.Title, Score: pk.Score, Fit: pk.Fit}
		for _, j := range a.byPlay[i] {
			code := a.products[j].Code
			if pk.Offers.set.has(j) {
				rec.Offers = append(rec.Offers, Offer{Product: code})
				continue
			}
			if refusals == nil {
				refusals, c = make([][]Refusal, len(a.products)), &Case{Figures: f, Values: o.Values}
			}
			if refusals[j] == nil {
				c.Product = &a.products[j]
				refusals[j] = a.pack.Assess(nil, c)
			}
			rec.Refused = append(rec.Refused, Offer{Product: code, Refusals: slices.Clone(refusals[j])})
		}
		switch {
		case !rs.Personalised:
			rec.Reason = "default list: the client opted out of profiling"
		case a.productDriven:
			rec.Reason = "quota weight " + strconv.FormatInt(pk.Score, 10)
		default:
			rec.Need, rec.Strength = pk.Need, pk.Strength
			if explained == nil {
				explained = a.Explain(f, o)
			}
			for _, found := range explained {
				if found.Need == pk.Need {
					rec.Evidence = found.Evidence
					rec.Reason = "meets " + found.String()
				}
			}
		}
		rs.Plays = append(rs.Plays, rec)
	}
	return rs
}

// skipReason words why play s.Play was left out, for its code.
func (a *Advisor) skipReason(s Skip, f *vipcare.Figures, history []PlayMade) string {
	p := &a.plays[slices.IndexFunc(a.plays, func(p Play) bool { return p.ID == s.Play })]
	switch s.Code {
	case CodeNoNeed:
		return "the client has none of the needs " + needNames(p.Needs)
	case CodeCoolDown:
		cool := p.CoolDownDays
		if cool == 0 {
			cool = a.cool
		}
		last, _ := lastMade(history, p.ID, f.AsOf.Location())
		today := civil.Day(f.AsOf, f.AsOf.Location())
		return "made " + textfmt.Count(int(today-last), "day", "days") + " ago; cool-down " + textfmt.Count(cool, "day", "days")
	case CodeNoSuitableProduct:
		return "no product of " + strings.Join(p.Categories, ", ") + " is suitable"
	case CodeAssessmentMissing, CodeAssessmentExpired:
		return "no product of " + strings.Join(p.Categories, ", ") + " without a valid risk assessment"
	}
	return "the conversation already has " + textfmt.Count(a.maxPlays, "play", "plays")
}

// clientValue is an order-of-magnitude weight of the client's AUM: the
// number of digits of its AUM in whole currency units, at least 1.
func clientValue(f *vipcare.Figures) int64 {
	v := int64(f.AUM) / 10_000
	n := int64(1)
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// lastMade returns the day number of the latest time play id was made.
func lastMade(history []PlayMade, id string, loc *time.Location) (int64, bool) {
	best, ok := int64(0), false
	for i := range history {
		if history[i].Play != id {
			continue
		}
		if d := civil.Day(history[i].Date, loc); !ok || d > best {
			best, ok = d, true
		}
	}
	return best, ok
}

// needNames lists needs for text: "income, protection".
func needNames(ns []Need) string { return strings.Join(textfmt.Strings(ns), ", ") }
