package needs

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Play is a needs-driven offer: a conversation that addresses one or more
// needs and proposes products of some categories.
type Play struct {
	// ID identifies the play, e.g. "global_diversification".
	ID string `json:"id"`
	// Title is the play for people.
	Title string `json:"title"`
	// Needs are the needs the play meets.
	Needs []Need `json:"needs"`
	// Categories are the product categories the play proposes.
	Categories []string `json:"categories"`
	// CoolDownDays is the number of days after a play is made before it
	// may be made again; 0 means the recommender's default.
	CoolDownDays int `json:"cool_down_days,omitempty"`
}

// Contact is a play made to a client: an entry of the contact history the
// caller gives, so that a play is not repeated within its cool-down.
type Contact struct {
	Play string    `json:"play"`
	Date time.Time `json:"date"`
}

// Strategy orders the plays of a recommendation.
type Strategy uint8

// Strategies.
const (
	// NeedsDriven ranks plays by need strength x fit x client value: the
	// default, and the point of this package.
	NeedsDriven Strategy = iota
	// ProductDriven ranks plays by the quota weight of their suitable
	// products, whatever the client needs: the old way of selling, kept so
	// that a bank can compare what each would offer the same client. It
	// never offers an unsuitable product either.
	ProductDriven
)

// String returns "needs-driven" or "product-driven".
func (s Strategy) String() string {
	if s == ProductDriven {
		return "product-driven"
	}
	return "needs-driven"
}

// More reason codes, for plays left out of a recommendation.
const (
	// CodeNoNeed: the client has none of the needs the play meets.
	CodeNoNeed Code = "no_need"
	// CodeCoolDown: the play was made within its cool-down.
	CodeCoolDown Code = "cool_down"
	// CodeNoSuitableProduct: no product of the play's categories is
	// suitable for the client.
	CodeNoSuitableProduct Code = "no_suitable_product"
	// CodeMaxPlays: the conversation already has its maximum of plays.
	CodeMaxPlays Code = "max_plays"
)

// ErrSetting: a recommender setting is out of range.
var ErrSetting = errors.New("setting out of range")

// RecommenderSpec ties detection, the shelf, suitability and the plays
// together.
type RecommenderSpec struct {
	Detector *Detector `json:"-"`
	Shelf    *Shelf    `json:"-"`
	// Pack decides suitability; every offered product passes it.
	Pack  *Pack  `json:"-"`
	Plays []Play `json:"plays"`
	// Default lists, by ID, the plays offered to a client who opted out of
	// profiling (PIPL Art. 24(2)): the same for everyone, in this order,
	// still gated by suitability.
	Default []string `json:"default"`
	// MaxPlays is the most plays in one conversation; 0 means 3.
	MaxPlays int `json:"max_plays,omitempty"`
	// CoolDownDays is the cool-down of plays that set none; 0 means 30.
	CoolDownDays int `json:"cool_down_days,omitempty"`
	// Strategy orders the plays; the zero value is NeedsDriven.
	Strategy Strategy `json:"strategy,omitempty"`
}

// ReferencePlays returns plays for the six needs, over the product
// categories of sample.Shelf. It is a new value each call, to copy and
// change.
func ReferencePlays() []Play {
	return []Play{
		{ID: "integrated_banking", Title: "Personal and corporate banking joined up",
			Needs: []Need{Integrated}, Categories: []string{"corporate_cash_management", "wealth_product"}},
		{ID: "status_review", Title: "A private review of the whole relationship",
			Needs: []Need{Recognition}, Categories: []string{"vip_service", "large_deposit", "private_fund"}},
		{ID: "preserve_and_grow", Title: "Keep it safe, and let it grow",
			Needs: []Need{Preservation}, Categories: []string{"bond_fund", "large_deposit", "annuity_insurance"}},
		{ID: "advice_session", Title: "Tax, legal and financial advice",
			Needs: []Need{Advice}, Categories: []string{"investment_advice", "tax_advice", "legal_advice", "family_trust"}},
		{ID: "global_diversification", Title: "Beyond the home market",
			Needs: []Need{Diversification}, Categories: []string{"global_fund", "qdii_fund", "balanced_fund"}},
		{ID: "growth_opportunities", Title: "Higher-return opportunities",
			Needs: []Need{Diversification}, Categories: []string{"equity_fund", "private_fund", "structured_note"}},
		{ID: "risk_review", Title: "Concentration, leverage and protection",
			Needs: []Need{RiskManagement}, Categories: []string{"protection_insurance", "bond_fund", "balanced_fund"}},
		{ID: "succession_planning", Title: "Passing wealth on",
			Needs: []Need{Advice, RiskManagement}, Categories: []string{"family_trust", "annuity_insurance"}},
		{ID: "standard_review", Title: "A standard account review",
			Needs: []Need{Preservation}, Categories: []string{"deposit", "money_market"}},
	}
}

// Recommender ranks plays for clients. It is immutable and safe for
// concurrent use.
type Recommender struct {
	det      *Detector
	shelf    *Shelf
	pack     *Pack
	plays    []Play
	def      []int // indexes of the default plays
	maxPlays int
	cool     int
	strategy Strategy
	byPlay   [][]int // shelf indexes of each play's products
}

// NewRecommender checks spec and returns a recommender, reporting every
// problem at once as [*Error] values: a missing detector, shelf or pack
// ([ErrEmpty]); a play with no ID, a repeated ID ([ErrName]), no needs or
// categories ([ErrEmpty]), a malformed need ([ErrNeed]), a category no
// product on the shelf has ([ErrUnknown]); a default play that does not
// exist ([ErrUnknown]); a negative setting or an unknown strategy
// ([ErrSetting]). spec's slices are copied.
func NewRecommender(spec RecommenderSpec) (*Recommender, error) {
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	if spec.Detector == nil {
		fail("detector", "", ErrEmpty)
	}
	if spec.Shelf == nil {
		fail("shelf", "", ErrEmpty)
	}
	if spec.Pack == nil {
		fail("pack", "", ErrEmpty)
	}
	if spec.MaxPlays < 0 {
		fail("max_plays", "", ErrSetting)
	}
	if spec.CoolDownDays < 0 {
		fail("cool_down_days", "", ErrSetting)
	}
	if spec.Strategy > ProductDriven {
		fail("strategy", "", ErrSetting)
	}
	r := &Recommender{det: spec.Detector, shelf: spec.Shelf, pack: spec.Pack, maxPlays: spec.MaxPlays,
		cool: spec.CoolDownDays, strategy: spec.Strategy}
	if r.maxPlays == 0 {
		r.maxPlays = 3
	}
	if r.cool == 0 {
		r.cool = 30
	}
	ids := map[string]int{}
	for i, p := range spec.Plays {
		path := "plays[" + strconv.Itoa(i) + "]"
		if _, dup := ids[p.ID]; p.ID == "" || dup {
			fail(path+".id", p.ID, ErrName)
		}
		ids[p.ID] = i
		if len(p.Needs) == 0 {
			fail(path+".needs", p.ID, ErrEmpty)
		}
		for _, n := range p.Needs {
			if !n.IsValid() {
				fail(path+".needs", p.ID, ErrNeed)
			}
		}
		if len(p.Categories) == 0 {
			fail(path+".categories", p.ID, ErrEmpty)
		}
		if p.CoolDownDays < 0 {
			fail(path+".cool_down_days", p.ID, ErrSetting)
		}
		var products []int
		for _, c := range p.Categories {
			if spec.Shelf != nil && !spec.Shelf.HasCategory(c) {
				fail(path+".categories", c, ErrUnknown)
			}
			for j := 0; spec.Shelf != nil && j < spec.Shelf.Len(); j++ {
				if spec.Shelf.Product(j).Category == c && !slices.Contains(products, j) {
					products = append(products, j)
				}
			}
		}
		p.Needs = slices.Clone(p.Needs)
		p.Categories = slices.Clone(p.Categories)
		r.plays = append(r.plays, p)
		r.byPlay = append(r.byPlay, products)
	}
	for i, id := range spec.Default {
		j, ok := ids[id]
		if !ok {
			fail("default["+strconv.Itoa(i)+"]", id, ErrUnknown)
			continue
		}
		r.def = append(r.def, j)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// MustRecommender is like [NewRecommender] but panics on error.
func MustRecommender(spec RecommenderSpec) *Recommender {
	r, err := NewRecommender(spec)
	if err != nil {
		panic(err)
	}
	return r
}

// WithStrategy returns a copy of r that orders plays by s; r is unchanged.
func (r *Recommender) WithStrategy(s Strategy) *Recommender {
	c := *r
	c.strategy = s
	return &c
}

// Strategy returns the recommender's strategy.
func (r *Recommender) Strategy() Strategy { return r.strategy }

// Offer is a product of a play's categories with its suitability: the
// products a play proposes, and the ones it may not, with why not.
type Offer struct {
	Product  string    `json:"product"`
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Suitable reports whether the product may be offered.
func (o Offer) Suitable() bool { return len(o.Refusals) == 0 }

// Recommendation is one ranked play with its why.
type Recommendation struct {
	Play  string `json:"play"`
	Title string `json:"title"`
	// Score is what the strategy ranked by: need strength x fit x client
	// value for NeedsDriven, the quota weight for ProductDriven.
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
	Play   string `json:"play"`
	Code   Code   `json:"code"`
	Reason string `json:"reason"`
}

// Recommendations is a client's ranked plays, and the plays left out.
type Recommendations struct {
	Strategy Strategy `json:"strategy"`
	// Personalised is false for a client who opted out of profiling, who
	// gets the default list.
	Personalised bool             `json:"personalised"`
	Plays        []Recommendation `json:"plays"`
	Skipped      []Skip           `json:"skipped,omitempty"`
}

// String lists the plays with their reasons and offers, one play a line.
func (rs Recommendations) String() string {
	var b strings.Builder
	b.WriteString(rs.Strategy.String())
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

// Recommend ranks the plays for the client whose figures are f, given the
// plays already made (history). Every offered product passes the
// suitability pack; products of a play's categories that fail are listed
// with their refusals. A play made within its cool-down, a play for a need
// the client does not have (under NeedsDriven), a play with no suitable
// product, and plays beyond the maximum per conversation are left out with
// a reason code. A client who opted out of profiling gets the default list.
// Client values appear in evidence and refusals only when o.Values is true.
// f and history are not changed.
func (r *Recommender) Recommend(f *vipcare.Figures, history []Contact, o policy.ExplainOptions) Recommendations {
	rs := Recommendations{Strategy: r.strategy, Personalised: !f.Profile.Contact.NoProfiling}
	// Each product is assessed at most once per client, with one Case.
	verdicts := make([]Verdict, r.shelf.Len())
	done := make([]bool, r.shelf.Len())
	c := &Case{Figures: f, Values: o.Values}
	assess := func(j int) *Verdict {
		if !done[j] {
			c.Product = r.shelf.Product(j)
			verdicts[j], done[j] = r.pack.Assess(c), true
		}
		return &verdicts[j]
	}
	var det Detection
	order := make([]int, len(r.plays))
	for i := range order {
		order[i] = i
	}
	if !rs.Personalised {
		order = r.def
	} else if r.strategy == NeedsDriven {
		det = r.det.Detect(f)
	}
	value := clientValue(f)
	today := vipcare.DayNumber(f.AsOf, f.AsOf.Location())
	var cands []candidate
	for _, i := range order {
		p := &r.plays[i]
		cand := candidate{play: i}
		if rs.Personalised && r.strategy == NeedsDriven {
			for _, n := range p.Needs {
				if s := det.Strength(n); s > cand.strength {
					cand.need, cand.strength = n, s
				}
			}
			if cand.strength == 0 {
				rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeNoNeed, "the client has none of the needs " + needList(p.Needs)})
				continue
			}
		}
		cool := p.CoolDownDays
		if cool == 0 {
			cool = r.cool
		}
		if last, ok := lastMade(history, p.ID, f.AsOf.Location()); ok && today-last < int64(cool) {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeCoolDown, "made " + strconv.FormatInt(today-last, 10) +
				" days ago; cool-down " + strconv.Itoa(cool) + " days"})
			continue
		}
		covered := 0
		var quota int64
		for _, cat := range p.Categories {
			has := false
			for _, j := range r.byPlay[i] {
				prod := r.shelf.Product(j)
				if prod.Category != cat {
					continue
				}
				v := assess(j)
				if v.OK() {
					cand.offers = append(cand.offers, Offer{Product: prod.Code})
					quota += int64(prod.Quota)
					has = true
				} else {
					cand.refused = append(cand.refused, Offer{Product: prod.Code, Refusals: v.Refusals()})
				}
			}
			if has {
				covered++
			}
		}
		if len(cand.offers) == 0 {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeNoSuitableProduct,
				"no product of " + strings.Join(p.Categories, ", ") + " is suitable"})
			continue
		}
		cand.fit = covered * 100 / len(p.Categories)
		switch {
		case !rs.Personalised:
			cand.score = int64(len(order) - len(cands)) // the default list keeps its order
		case r.strategy == ProductDriven:
			cand.score = quota
		default:
			cand.score = int64(cand.strength) * int64(cand.fit) * value
		}
		cands = append(cands, cand)
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	var explained []Found // the evidence, explained once if needed
	for k, c := range cands {
		p := &r.plays[c.play]
		if k >= r.maxPlays {
			rs.Skipped = append(rs.Skipped, Skip{p.ID, CodeMaxPlays,
				"the conversation already has " + strconv.Itoa(r.maxPlays) + " plays"})
			continue
		}
		rec := Recommendation{Play: p.ID, Title: p.Title, Score: c.score, Fit: c.fit,
			Offers: c.offers, Refused: c.refused}
		switch {
		case !rs.Personalised:
			rec.Reason = "default list: the client opted out of profiling"
		case r.strategy == ProductDriven:
			rec.Reason = "quota weight " + strconv.FormatInt(c.score, 10)
		default:
			rec.Need, rec.Strength = c.need, c.strength
			if explained == nil {
				explained = r.det.Explain(f, o)
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
	return rs
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

// lastMade returns the day number of the latest contact with play id.
func lastMade(history []Contact, id string, loc *time.Location) (int64, bool) {
	best, ok := int64(0), false
	for i := range history {
		if history[i].Play != id {
			continue
		}
		if d := vipcare.DayNumber(history[i].Date, loc); !ok || d > best {
			best, ok = d, true
		}
	}
	return best, ok
}

func needList(ns []Need) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}
