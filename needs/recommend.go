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
	// suitable for the client.
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
	Reason string       `json:"reason"`
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

type candidate struct {
	play     int
	score    int64
	need     Need
	strength int
	fit      int
	offers   []Offer
	refused  []Offer
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
func (a *Advisor) Recommend(f *vipcare.Figures, det Detection, history []PlayMade, o policy.ExplainOptions) Recommendations {
	rs := Recommendations{ProductDriven: a.productDriven, Personalised: !f.Profile.Contact.NoProfiling}
	needsDriven := rs.Personalised && !a.productDriven
	// Each product is assessed at most once per client, with one Case.
	verdicts := make([][]Refusal, len(a.products))
	done := make([]bool, len(a.products))
	c := &Case{Figures: f, Values: o.Values}
	assess := func(j int) []Refusal {
		if !done[j] {
			c.Product = &a.products[j]
			verdicts[j], done[j] = a.pack.Assess(nil, c), true
		}
		return verdicts[j]
	}
	order := make([]int, len(a.plays))
	for i := range order {
		order[i] = i
	}
	if !rs.Personalised {
		order = a.def
	}
	value := clientValue(f)
	today := civil.Day(f.AsOf, f.AsOf.Location())
	var cands []candidate
	for _, i := range order {
		p := &a.plays[i]
		cand := candidate{play: i}
		if needsDriven {
			for _, n := range p.Needs {
				if s := det.Strength(n); s > cand.strength {
					cand.need, cand.strength = n, s
				}
			}
			if cand.strength == 0 {
				rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeNoNeed, "the client has none of the needs " + needNames(p.Needs)})
				continue
			}
		}
		cool := p.CoolDownDays
		if cool == 0 {
			cool = a.cool
		}
		if last, ok := lastMade(history, p.ID, f.AsOf.Location()); ok && today-last < int64(cool) {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeCoolDown, "made " + textfmt.Count(int(today-last), "day", "days") +
				" ago; cool-down " + textfmt.Count(cool, "day", "days")})
			continue
		}
		quota := a.offers(&cand, i, assess)
		if len(cand.offers) == 0 {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeNoSuitableProduct,
				"no product of " + strings.Join(p.Categories, ", ") + " is suitable"})
			continue
		}
		switch {
		case !rs.Personalised:
			cand.score = int64(len(order) - len(cands)) // the default list keeps its order
		case a.productDriven:
			cand.score = quota
		default:
			cand.score = int64(cand.strength) * int64(cand.fit) * value
		}
		cands = append(cands, cand)
	}
	slices.SortStableFunc(cands, func(x, y candidate) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return 0
	})
	a.rank(&rs, cands, f, o)
	return rs
}

// offers fills cand with the suitable and refused products of play i's
// categories, and its fit, and returns the quota weight of the suitable
// ones.
func (a *Advisor) offers(cand *candidate, i int, assess func(int) []Refusal) int64 {
	p := &a.plays[i]
	covered := 0
	var quota int64
	for _, cat := range p.Categories {
		has := false
		for _, j := range a.byPlay[i] {
			prod := &a.products[j]
			if prod.Category != cat {
				continue
			}
			if refusals := assess(j); len(refusals) == 0 {
				cand.offers = append(cand.offers, Offer{Product: prod.Code})
				quota += int64(prod.Quota)
				has = true
			} else {
				cand.refused = append(cand.refused, Offer{Product: prod.Code, Refusals: slices.Clone(refusals)})
			}
		}
		if has {
			covered++
		}
	}
	cand.fit = covered * 100 / len(p.Categories)
	return quota
}

// rank turns the ranked candidates into recommendations, leaving out those
// beyond the maximum of plays.
func (a *Advisor) rank(rs *Recommendations, cands []candidate, f *vipcare.Figures, o policy.ExplainOptions) {
	var explained []Finding // the evidence, explained once if needed
	for k, c := range cands {
		p := &a.plays[c.play]
		if k >= a.maxPlays {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeMaxPlays,
				"the conversation already has " + textfmt.Count(a.maxPlays, "play", "plays")})
			continue
		}
		rec := Recommendation{Play: p.ID, Title: p.Title, Score: c.score, Fit: c.fit,
			Offers: c.offers, Refused: c.refused}
		switch {
		case !rs.Personalised:
			rec.Reason = "default list: the client opted out of profiling"
		case a.productDriven:
			rec.Reason = "quota weight " + strconv.FormatInt(c.score, 10)
		default:
			rec.Need, rec.Strength = c.need, c.strength
			if explained == nil {
				explained = a.Explain(f, o)
			}
			for _, found := range explained {
				if found.Need == c.need {
					rec.Evidence = found.Evidence
					rec.Reason = "meets " + found.String()
				}
			}
		}
		rs.Plays = append(rs.Plays, rec)
	}
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
