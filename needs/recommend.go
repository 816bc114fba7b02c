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
	// missing or expired, which by itself refuses them all (unless the
	// pack allows R1 principal-protected ones and the play has one), the
	// play is left out with [CodeAssessmentMissing] or
	// [CodeAssessmentExpired] instead, whatever else would refuse them: a
	// renewed assessment may still find no product suitable.
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
	// Score is what the play was ranked by: need strength x fit
	// needs-driven (0 to 10,000), the quota weight product-driven, and for
	// a client who opted out of profiling a count down the default list,
	// higher first. It says nothing of the client's amounts.
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
// evidence and refusals only when o.Values is true, and never a discreet
// client's (vipcare.Preferences.Discreet). f, det and history are not
// changed.
//
// Recommend decides as [Advisor.Pick] does, then explains as
// [Advisor.Recommendations] does: it words the reasons, explains the
// evidence, and assesses the refused products of the plays it returns
// through the pack for their refusals.
func (a *Advisor) Recommend(f *vipcare.Figures, det Detection, history []PlayMade, o policy.ExplainOptions) Recommendations {
	picks, skipped := a.Pick(make([]Pick, 0, len(a.plays)), make([]Skip, 0, len(a.plays)), f, det, history, 0)
	var found []Finding
	for _, pk := range picks {
		if pk.Need != "" { // needs-driven: the evidence is the need's
			if det.isOf(a) {
				found = det.Explain(f, o)
			} else {
				found = a.Explain(f, o)
			}
			break
		}
	}
	return a.Recommendations(f, found, picks, skipped, history, o)
}

// isOf reports whether d was detected by a or a copy of it, so that it
// reads by a's scorecard indexes.
func (d Detection) isOf(a *Advisor) bool {
	return d.a != nil && len(d.a.cards) == len(a.cards) && (len(a.cards) == 0 || &d.a.cards[0] == &a.cards[0])
}

// Recommendations renders picks and skipped, made by [Advisor.Pick] for
// the client whose figures are f given the plays already made (history),
// as the Recommendations [Advisor.Recommend] returns: each pick with its
// offers and, for the products of its categories that fail the pack,
// their refusals; each skip with its reason. found is the explanation of
// the needs the picks were made from ([Detection.Explain]): a
// needs-driven play's evidence and reason are its need's there, shared
// with found (a need missing from found leaves them empty). A skip of
// [CodeMaxPlays] is worded as the advisor's maximum; a caller that passed
// Pick a lower limit words its own. Client values appear in refusals only
// when o.Values is true, and never a discreet client's. Neither f, found,
// picks, skipped nor history is changed; apart from the evidence, the
// result's slices are its own.
func (a *Advisor) Recommendations(f *vipcare.Figures, found []Finding, picks []Pick, skipped []Skip,
	history []PlayMade, o policy.ExplainOptions) Recommendations {
	rs := Recommendations{ProductDriven: a.productDriven, Personalised: !f.Profile.Contact.NoProfiling}
	if len(skipped) > 0 {
		rs.Skipped = make([]Skip, len(skipped))
		at := 0 // Pick skips in play order: look from the last play found
		for k, s := range skipped {
			i := a.playIndex(s.Play, at)
			if i >= 0 {
				at = i
			}
			s.Reason = a.skipReason(s, i, f, history)
			rs.Skipped[k] = s
		}
	}
	if len(picks) == 0 {
		return rs
	}
	// Every pick's offers share one allocation, and every refusal another:
	// a product refused under two plays is assessed once, and copied.
	nOffers, nRefused := 0, 0
	for _, pk := range picks {
		all := len(a.byPlay[pk.Offers.play])
		nOffers += all
		nRefused += all - pk.Offers.set.len()
	}
	offers := make([]Offer, nOffers)
	var refusals []Refusal
	var room [32]span
	spans := room[:0] // of refusals, by refused offer in order
	if nRefused > 0 {
		refusals = make([]Refusal, 0, 2*nRefused)
		c := &Case{Figures: f, Values: o.Values}
		for _, pk := range picks {
			for _, j := range a.byPlay[pk.Offers.play] {
				if pk.Offers.set.has(j) {
					continue
				}
				at := slices.IndexFunc(spans, func(s span) bool { return s.product == j })
				from := len(refusals)
				if at >= 0 {
					refusals = append(refusals, refusals[spans[at].from:spans[at].to]...)
				} else {
					c.Product, c.ticket = &a.products[j], a.screen.tickets[j].text
					refusals = a.pack.Assess(refusals, c)
				}
				spans = append(spans, span{product: j, from: from, to: len(refusals)})
			}
		}
	}
	rs.Plays = make([]Recommendation, len(picks))
	var meets [maxNeeds]string // the reason of a play for found[x]
	for k, pk := range picks {
		i := pk.Offers.play
		p := &a.plays[i]
		rec := &rs.Plays[k]
		*rec = Recommendation{Play: p.ID, Title: p.Title, Score: pk.Score, Fit: pk.Fit}
		all := len(a.byPlay[i])
		good := pk.Offers.set.len()
		mine := offers[:all:all]
		offers = offers[all:]
		rec.Offers = mine[:0:good]
		if good < all {
			rec.Refused = mine[good:good:all]
		}
		for _, j := range a.byPlay[i] {
			code := a.products[j].Code
			if pk.Offers.set.has(j) {
				rec.Offers = append(rec.Offers, Offer{Product: code})
				continue
			}
			s := spans[0]
			spans = spans[1:]
			rec.Refused = append(rec.Refused, Offer{Product: code, Refusals: refusals[s.from:s.to:s.to]})
		}
		switch {
		case !rs.Personalised:
			rec.Reason = "default list: the client opted out of profiling"
		case a.productDriven:
			rec.Reason = "quota weight " + strconv.FormatInt(pk.Score, 10)
		default:
			rec.Need, rec.Strength = pk.Need, pk.Strength
			for x := range found {
				if found[x].Need != pk.Need {
					continue
				}
				rec.Evidence = found[x].Evidence
				if x < len(meets) && meets[x] != "" { // worded once a need
					rec.Reason = meets[x]
					continue
				}
				var b strings.Builder
				found[x].write(&b, "meets ")
				rec.Reason = b.String()
				if x < len(meets) {
					meets[x] = rec.Reason
				}
			}
		}
	}
	return rs
}

// span is where the refusals of one refused offer are in a shared slice.
type span struct{ product, from, to int }

// playIndex returns the index of the play whose ID is id, looking from
// index from on, then from the first; -1 if there is none.
func (a *Advisor) playIndex(id string, from int) int {
	for k := range a.plays {
		i := (from + k) % len(a.plays)
		if a.plays[i].ID == id {
			return i
		}
	}
	return -1
}

// skipReason words why play s.Play, the advisor's play i (-1 for none),
// was left out, for its code.
func (a *Advisor) skipReason(s Skip, i int, f *vipcare.Figures, history []PlayMade) string {
	switch {
	case s.Code == CodeNoNeed && i >= 0:
		return a.text.noNeed[i]
	case s.Code == CodeCoolDown && i >= 0:
		p := &a.plays[i]
		cool := p.CoolDownDays
		if cool == 0 {
			cool = a.cool
		}
		today := civil.DayOf(f.AsOf)
		last, _ := lastMade(history, p.ID, today, f.AsOf.Location())
		return "made " + textfmt.Count(int(today-last), "day", "days") + " ago; cool-down " + textfmt.Count(cool, "day", "days")
	case s.Code == CodeNoSuitableProduct && i >= 0:
		return a.text.noProduct[i]
	case (s.Code == CodeAssessmentMissing || s.Code == CodeAssessmentExpired) && i >= 0:
		return a.text.noAssessment[i]
	}
	return a.text.maxPlays
}

// texts are the words of the skips, built once for an advisor.
type texts struct {
	maxPlays  string
	noNeed    []string // by play
	noProduct []string // by play
	// by play: its products all refused for want of a valid assessment
	noAssessment []string
}

// compileTexts builds the words of the skips.
func (a *Advisor) compileTexts() {
	a.text.maxPlays = "the conversation already has " + textfmt.Count(a.maxPlays, "play", "plays")
	for _, p := range a.plays {
		a.text.noNeed = append(a.text.noNeed, "the client has none of the needs "+needNames(p.Needs))
		a.text.noProduct = append(a.text.noProduct, "no product of "+strings.Join(p.Categories, ", ")+" is suitable")
		a.text.noAssessment = append(a.text.noAssessment,
			"no product of "+strings.Join(p.Categories, ", ")+" without a valid risk assessment")
	}
}

// lastMade returns the day number of the latest time play id was made on
// or before today: a play dated later had not been made as of today.
func lastMade(history []PlayMade, id string, today int64, loc *time.Location) (int64, bool) {
	best, ok := int64(0), false
	for i := range history {
		if history[i].Play != id {
			continue
		}
		if d := civil.Day(history[i].Date, loc); d <= today && (!ok || d > best) { // a later one was not made yet
			best, ok = d, true
		}
	}
	return best, ok
}

// needNames lists needs for text: "income, protection".
func needNames(ns []Need) string { return strings.Join(textfmt.Strings(ns), ", ") }
