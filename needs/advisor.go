package needs

import (
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// DefaultCoolDownDays is the cool-down of a play when neither the play nor
// its [Spec] sets one: a play made is not made again to the same client
// within 30 days.
const DefaultCoolDownDays = 30

// Spec is a bank's needs policy as data: the scorecards that detect each
// client's needs, and the needs-driven offers made on them (the products,
// the suitability pack every offered product passes, and the plays). Build
// one, or copy [Reference] and change it, then compile it with
// [Spec.Compile]. A spec with scorecards and no plays detects needs only.
type Spec struct {
	// Scorecards detect the needs, at most 16.
	Scorecards []Scorecard `json:"scorecards"`
	// Products are the bank's shelf, which plays propose from by
	// category, at most 256.
	Products []Product `json:"products,omitempty"`
	// Pack decides suitability; every offered product passes it.
	Pack PackSpec `json:"pack"`
	// Plays are the needs-driven conversations, ranked per client.
	Plays []Play `json:"plays,omitempty"`
	// Default lists, by ID, the plays offered to a client who opted out of
	// profiling (PIPL Art. 24(2)): the same for everyone, in this order,
	// still gated by suitability.
	Default []string `json:"default,omitempty"`
	// MaxPlays is the most plays in one conversation; 0 means 3.
	MaxPlays int `json:"max_plays,omitempty"`
	// CoolDownDays is the cool-down of plays that set none; 0 means
	// [DefaultCoolDownDays].
	CoolDownDays int `json:"cool_down_days,omitempty"`
	// ProductDriven ranks plays by the quota weight of their suitable
	// products, whatever the client needs: the old way of selling, kept so
	// that a bank can compare what each would offer the same client (see
	// [Advisor.ProductDriven]). It never offers an unsuitable product
	// either. The zero value ranks needs-driven: by need strength x fit.
	ProductDriven bool `json:"product_driven,omitempty"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *Spec) UnmarshalJSON(b []byte) error {
	type plain Spec
	return policy.Unmarshal(b, (*plain)(s))
}

// Reference returns a needs policy to copy and tune, proposing from
// products (such as sample.Shelf): scorecards for the six needs, from the
// facts known about affluent clients; plays over the categories of
// sample.Shelf; the [ChinaPack]; and "standard_review" as the play of
// clients who opted out of profiling. Strengths are points out of 100:
//
//   - integrated: entrepreneur (30), linked to a corporate client (40),
//     business equity at least 20% of wealth (30); detected from 40.
//   - recognition: AUM at the bank at least 2,000,000 (50), wealth at least
//     10,000,000 (30), a relationship of 5 years or more (20); from 50.
//   - preservation: cash and fixed income at least 50% of wealth (50), aged
//     55 or more (20), risk level C1 or C2 (30); from 40.
//   - advice: real estate and business at least 50% of wealth (40), a
//     business sold within a year (50), wealth at least 5,000,000 (20), an
//     entrepreneur (10); from 40.
//   - diversification: everything held at home (30) and in one currency
//     (20), in at most two asset classes (20), risk level C4 or C5 (30);
//     from 60, since most clients hold everything at home in one currency
//     and that alone is no need.
//   - risk_management: one asset class at least 60% of wealth (50),
//     liabilities at least 30% of wealth (40), an entrepreneur (10); from 40.
//
// Amounts are in CNY: the scorecards expect figures in CNY. It is a new
// value each call; products is copied.
func Reference(products []Product) Spec {
	own := slices.Clone(products)
	for i := range own {
		own[i].Needs = slices.Clone(own[i].Needs)
	}
	return Spec{
		Scorecards: referenceScorecards(),
		Products:   own,
		Pack:       ChinaPack(),
		Plays:      referencePlays(),
		Default:    []string{"standard_review"},
	}
}

// Advisor is a compiled [Spec]: it detects a client's needs with evidence
// and ranks the plays that meet them. It is immutable and safe for
// concurrent use.
type Advisor struct {
	cards         []scorecard
	products      []Product
	pack          *Pack
	plays         []Play
	byPlay        [][]int // product indexes of each play's categories
	def           []int   // indexes of the default plays
	maxPlays      int
	cool          int
	productDriven bool
	// What Pick reads: the pack compiled against the shelf, and by play
	// the products of its categories (all, and category by category) and
	// the scorecard of each of its needs (-1 for none).
	screen    screen
	playSets  []set
	catSets   [][]set
	playNeeds [][]int
	text      texts // the words of Recommendations
}

// Compile compiles the spec in env (nil means the default environment),
// reporting every problem at once as policy.Problems located in the
// spec's JSON form: every problem of the scorecards ("/scorecards/..."),
// the products ("/products/...") and the pack ("/pack/..."); more than
// 256 products (policy.ErrTooMany at "/products"); a play with
// no ID or a repeated one, no needs or categories (policy.ErrMissing,
// policy.ErrDuplicate); a need of a play or a product that is malformed
// (policy.ErrMalformed), repeated in its list (policy.ErrDuplicate) or
// neither in the [Catalogue] nor detected by a scorecard (policy.ErrUnknown,
// with those needs as choices; "/plays/i/needs/j", "/products/i/needs/j"),
// since a play for a misspelt need would never be offered; a category no
// product has (policy.ErrUnknown, with the shelf's categories as choices)
// or repeated in a play (policy.ErrDuplicate; "/plays/i/categories/j"); a
// default play that does not exist or is listed twice (policy.ErrUnknown,
// policy.ErrDuplicate at "/default/i"); a negative setting
// (policy.ErrOutOfRange).
func (s Spec) Compile(env *vipcare.Env) (*Advisor, error) {
	var ps policy.Problems
	a := &Advisor{maxPlays: s.MaxPlays, cool: s.CoolDownDays, productDriven: s.ProductDriven}
	a.cards = compileScorecards(s.Scorecards, env.Schema(), &ps)
	known := knownNeeds(s.Scorecards)
	a.products = compileProducts(s.Products, known, classesOf(env), &ps)
	if len(s.Products) > maxProducts {
		ps = append(ps, policy.Problem{Path: "/products", Err: policy.ErrTooMany})
	}
	pack, err := s.Pack.Compile(env)
	ps.Add("/pack", "", err)
	a.pack = pack
	for _, c := range []struct {
		path string
		v    int
	}{{"/max_plays", s.MaxPlays}, {"/cool_down_days", s.CoolDownDays}} {
		if c.v < 0 {
			ps = append(ps, policy.Problem{Path: c.path, Err: policy.ErrOutOfRange})
		}
	}
	if a.maxPlays == 0 {
		a.maxPlays = 3
	}
	if a.cool == 0 {
		a.cool = DefaultCoolDownDays
	}
	a.compilePlays(s, known, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	a.compilePicks()
	a.compileTexts()
	return a, nil
}

// compilePicks prepares what Pick reads, for an advisor compiled without
// problems.
func (a *Advisor) compilePicks() {
	a.screen = compileScreen(a.products, a.pack)
	for i := range a.plays {
		p := &a.plays[i]
		var all set
		cats := make([]set, len(p.Categories))
		for _, j := range a.byPlay[i] {
			all.add(j)
			cats[slices.Index(p.Categories, a.products[j].Category)].add(j)
		}
		needs := make([]int, len(p.Needs))
		for x, n := range p.Needs {
			needs[x] = slices.IndexFunc(a.cards, func(c scorecard) bool { return c.need == n })
		}
		a.playSets = append(a.playSets, all)
		a.catSets = append(a.catSets, cats)
		a.playNeeds = append(a.playNeeds, needs)
	}
}

// compilePlays checks the plays, whose needs must be among known, and the
// default list, and files each play's products.
func (a *Advisor) compilePlays(s Spec, known []string, ps *policy.Problems) {
	var categories []string
	for _, p := range a.products {
		if !slices.Contains(categories, p.Category) {
			categories = append(categories, p.Category)
		}
	}
	ids := map[string]int{}
	for i, p := range s.Plays {
		path := "/plays/" + strconv.Itoa(i)
		fail := func(field, name string, err error, choices ...string) {
			*ps = append(*ps, policy.Problem{Path: path + field, Name: name, Err: err, Choices: slices.Clone(choices)})
		}
		_, dup := ids[p.ID]
		switch {
		case p.ID == "":
			fail("/id", "", policy.ErrMissing)
		case dup:
			fail("/id", p.ID, policy.ErrDuplicate)
		}
		ids[p.ID] = i
		if len(p.Needs) == 0 {
			fail("/needs", p.ID, policy.ErrMissing)
		}
		checkNeeds(p.Needs, known, path+"/needs", "", ps)
		if len(p.Categories) == 0 {
			fail("/categories", p.ID, policy.ErrMissing)
		}
		if p.CoolDownDays < 0 {
			fail("/cool_down_days", p.ID, policy.ErrOutOfRange)
		}
		var products []int
		for j, c := range p.Categories {
			switch {
			case !slices.Contains(categories, c):
				fail("/categories/"+strconv.Itoa(j), c, policy.ErrUnknown, categories...)
			case slices.Contains(p.Categories[:j], c):
				fail("/categories/"+strconv.Itoa(j), c, policy.ErrDuplicate)
			}
			for k := range a.products {
				if a.products[k].Category == c && !slices.Contains(products, k) {
					products = append(products, k)
				}
			}
		}
		p.Needs = slices.Clone(p.Needs)
		p.Categories = slices.Clone(p.Categories)
		a.plays = append(a.plays, p)
		a.byPlay = append(a.byPlay, products)
	}
	for i, id := range s.Default {
		j, ok := ids[id]
		if !ok {
			playIDs := make([]string, len(s.Plays))
			for k, p := range s.Plays {
				playIDs[k] = p.ID
			}
			*ps = append(*ps, policy.Problem{Path: "/default/" + strconv.Itoa(i), Name: id, Err: policy.ErrUnknown,
				Choices: playIDs})
			continue
		}
		if slices.Contains(a.def, j) { // else offered twice in one conversation
			*ps = append(*ps, policy.Problem{Path: "/default/" + strconv.Itoa(i), Name: id, Err: policy.ErrDuplicate})
			continue
		}
		a.def = append(a.def, j)
	}
}

// Needs returns the needs the advisor's scorecards detect, in order.
func (a *Advisor) Needs() []Need {
	out := make([]Need, len(a.cards))
	for i, r := range a.cards {
		out[i] = r.need
	}
	return out
}

// ProductDriven returns a copy of a that ranks plays by quota weight, the
// old product-driven way, to compare side by side with a; a is unchanged.
func (a *Advisor) ProductDriven() *Advisor {
	c := *a
	c.productDriven = true
	return &c
}

// Detect evaluates every scorecard on the client whose figures are f. It
// does not allocate; f is not changed. It profiles whatever the client's
// preferences: for a client who opted out of profiling
// (vipcare.Preferences.NoProfiling), do not store or act on what it
// finds. Recommend and playbook decisions honour the opt-out themselves.
func (a *Advisor) Detect(f *vipcare.Figures) Detection {
	det := Detection{a: a}
	for i := range a.cards {
		r := &a.cards[i]
		sum := 0
		var fired uint32
		for j := range r.signals {
			if r.signals[j].rule.Eval(f) {
				sum += r.signals[j].weight
				fired |= 1 << j
			}
		}
		sum = min(sum, 100)
		if sum >= r.min {
			det.strength[i] = uint8(sum)
			det.fired[i] = fired
		}
	}
	return det
}

// Explain detects the client's needs and gives, for each need detected, the
// evidence: every signal that held, with its field names and thresholds.
// Client values appear only when o.Values is true, and never a discreet
// client's. Needs come strongest first. It is a.Detect(f).Explain(f, o): with a [Detection] at hand,
// explain that instead of detecting again.
func (a *Advisor) Explain(f *vipcare.Figures, o policy.ExplainOptions) []Finding {
	return a.Detect(f).Explain(f, o)
}

// Play is a needs-driven offer: a conversation that addresses one or more
// needs and proposes products of some categories.
type Play struct {
	// ID identifies the play, e.g. "global_diversification".
	ID string `json:"id"`
	// Title is the play for people.
	Title string `json:"title"`
	// Needs are the needs the play meets: needs of the catalogue or of
	// the spec's scorecards, each once.
	Needs []Need `json:"needs"`
	// Categories are the product categories the play proposes, each once.
	Categories []string `json:"categories"`
	// CoolDownDays is the number of days after a play is made before it
	// may be made again; 0 means the spec's default.
	CoolDownDays int `json:"cool_down_days,omitempty"`
}

// UnmarshalJSON decodes p strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. p is set only when there is none.
func (p *Play) UnmarshalJSON(b []byte) error {
	type plain Play
	return policy.Unmarshal(b, (*plain)(p))
}

// PlayMade is a play made to a client on a date: an entry of the contact
// history the caller gives, so that a play is not repeated within its
// cool-down.
type PlayMade struct {
	// Play is the play's ID.
	Play string `json:"play"`
	// Date is when it was made; the cool-down counts calendar days in the
	// location of the figures' as-of date. A play dated after the as-of
	// date does not count: as of that date it had not been made.
	Date time.Time `json:"date"`
}

// referencePlays returns plays for the six needs, over the product
// categories of sample.Shelf.
func referencePlays() []Play {
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
