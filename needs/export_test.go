package needs

// The reference implementations the tests check the fast paths against.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

type naiveCandidate struct {
	play     int
	score    int64
	need     Need
	strength int
	fit      int
	offers   []Offer
	refused  []Offer
}

// NaiveRecommend is Recommend as it was before [Advisor.Pick]: every
// product of every play that gets that far is assessed through the pack,
// text and all, and a candidate keeps its offers and refusals. The tests
// check Recommend and Pick against it on sample books.
func (a *Advisor) NaiveRecommend(f *vipcare.Figures, det Detection, history []PlayMade, o policy.ExplainOptions) Recommendations {
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
	today := civil.Day(f.AsOf, f.AsOf.Location())
	var cands []naiveCandidate
	for _, i := range order {
		p := &a.plays[i]
		cand := naiveCandidate{play: i}
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
		if last, ok := lastMade(history, p.ID, today, f.AsOf.Location()); ok && today-last < int64(cool) {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeCoolDown, "made " + textfmt.Count(int(today-last), "day", "days") +
				" ago; cool-down " + textfmt.Count(cool, "day", "days")})
			continue
		}
		quota := a.naiveOffers(&cand, i, assess)
		if len(cand.offers) == 0 {
			skip := Skip{p.ID, CodeNoSuitableProduct, "no product of " + strings.Join(p.Categories, ", ") + " is suitable"}
			if code := naiveAssessment(cand.refused); code != "" {
				skip.Code = code
				skip.Reason = "no product of " + strings.Join(p.Categories, ", ") + " without a valid risk assessment"
			}
			rs.Skipped = append(rs.Skipped, skip)
			continue
		}
		switch {
		case !rs.Personalised:
			cand.score = int64(len(order) - len(cands)) // the default list keeps its order
		case a.productDriven:
			cand.score = quota
		default:
			cand.score = int64(cand.strength) * int64(cand.fit)
		}
		cands = append(cands, cand)
	}
	slices.SortStableFunc(cands, func(x, y naiveCandidate) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return 0
	})
	a.naiveRank(&rs, cands, f, o)
	return rs
}

// offers fills cand with the suitable and refused products of play i's
// categories, and its fit, and returns the quota weight of the suitable
// ones.
func (a *Advisor) naiveOffers(cand *naiveCandidate, i int, assess func(int) []Refusal) int64 {
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

// rank turns the ranked naiveCandidates into recommendations, leaving out those
// beyond the maximum of plays.
func (a *Advisor) naiveRank(rs *Recommendations, cands []naiveCandidate, f *vipcare.Figures, o policy.ExplainOptions) {
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

// NaiveExplain is Advisor.Explain as it was before Detection.Explain: it
// detects, then explains each fired signal, growing every slice as it
// goes. The tests check Detection.Explain and Detection.List against it.
func (a *Advisor) NaiveExplain(f *vipcare.Figures, o policy.ExplainOptions) []Finding {
	det := a.Detect(f)
	if f.Profile.Contact.Discreet {
		o.Values = false // a discreet client's values are never shown
	}
	var out []Finding
	for i := range a.cards {
		if det.strength[i] == 0 {
			continue
		}
		r := &a.cards[i]
		found := Finding{Need: r.need, Strength: int(det.strength[i])}
		for j := range r.signals {
			if det.fired[i]&(1<<j) != 0 {
				s := &r.signals[j]
				found.Evidence = append(found.Evidence, Evidence{Signal: s.name, Weight: s.weight, Why: s.rule.Explain(f, o)})
			}
		}
		out = append(out, found)
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return b.Strength - a.Strength })
	return out
}

// naiveAssessment returns the code of a missing or expired risk assessment
// when every product refused carries a refusal with it, or "".
func naiveAssessment(refused []Offer) vipcare.Code {
	var code vipcare.Code
	for _, o := range refused {
		at := slices.IndexFunc(o.Refusals, func(r Refusal) bool {
			return r.Code == CodeAssessmentMissing || r.Code == CodeAssessmentExpired
		})
		if at < 0 {
			return ""
		}
		code = o.Refusals[at].Code
	}
	return code
}
