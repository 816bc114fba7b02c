package contact

import (
	"errors"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// PlaybookSpec ties every part together. Ladder and Strategies are
// required; the other parts are optional, and a plan without them simply
// leaves their part out.
type PlaybookSpec struct {
	// Currency is the reporting currency; Rates convert other currencies.
	Currency vipcare.Currency
	Rates    *vipcare.Rates
	// Ladder tiers clients; Qualifier, if set, caps the tier of
	// unqualified VIPs as its limits say (a no-upgrade limit needs a
	// lifecycle history and is not applied by a one-day plan).
	Ladder    *tier.Ladder
	Qualifier *tier.Qualifier
	// Segmentation places clients in segments.
	Segmentation *tier.Segmentation
	// Detector infers needs; Recommender ranks plays.
	Detector    *needs.Detector
	Recommender *needs.Recommender
	// Strategies choose the contact, service and sales strategy.
	Strategies *Strategies
	// Triggers turn events into tasks; nil means the default triggers.
	Triggers *Triggers
	// Capacity, if set, gives each plan its yearly workload.
	Capacity *Capacity
}

// Playbook is a compiled [PlaybookSpec]: one value that turns a client
// profile into the client's plan. It is immutable and safe for concurrent
// use.
type Playbook struct {
	spec PlaybookSpec
}

// NewPlaybook checks spec: a ladder and strategies are required
// ([ErrEmpty]), the currency must be well formed and the rates, if any,
// into it ([ErrSetting]).
func NewPlaybook(spec PlaybookSpec) (*Playbook, error) {
	var errs []error
	fail := func(path string, err error) { errs = append(errs, &Error{Path: path, Err: err}) }
	if spec.Ladder == nil {
		fail("ladder", ErrEmpty)
	}
	if spec.Strategies == nil {
		fail("strategies", ErrEmpty)
	}
	if !spec.Currency.IsValid() {
		fail("currency", ErrSetting)
	} else if spec.Ladder != nil && spec.Ladder.Currency() != spec.Currency {
		fail("currency", ErrSetting)
	}
	if spec.Rates != nil && spec.Rates.To() != spec.Currency {
		fail("rates", ErrSetting)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Playbook{spec: spec}, nil
}

// ReferencePlaybook returns a playbook of every reference part: the
// reference ladder, qualification, segmentation, needs detectors and plays
// over shelf with the China suitability pack, the reference strategies,
// the default triggers and the reference workload, in CNY, with rates
// (which may be nil) for other currencies.
func ReferencePlaybook(shelf *needs.Shelf, rates *vipcare.Rates) (*Playbook, error) {
	ladder, err := tier.NewLadder(tier.ReferenceLadder())
	if err != nil {
		return nil, err
	}
	q, err := tier.NewQualifier(tier.ReferenceQualification(), ladder)
	if err != nil {
		return nil, err
	}
	seg, err := tier.NewSegmentation(tier.ReferenceSegmentation())
	if err != nil {
		return nil, err
	}
	det, err := needs.NewDetector(needs.ReferenceDetectors())
	if err != nil {
		return nil, err
	}
	rec, err := needs.NewRecommender(needs.RecommenderSpec{Detector: det, Shelf: shelf, Pack: needs.ChinaPack(),
		Plays: needs.ReferencePlays(), Default: []string{"standard_review"}})
	if err != nil {
		return nil, err
	}
	st, err := NewStrategies(ReferenceStrategies(ladder, seg, det))
	if err != nil {
		return nil, err
	}
	capacity, err := NewCapacity(ReferenceWorkload())
	if err != nil {
		return nil, err
	}
	return NewPlaybook(PlaybookSpec{Currency: vipcare.CNY, Rates: rates, Ladder: ladder, Qualifier: q, Segmentation: seg,
		Detector: det, Recommender: rec, Strategies: st, Capacity: capacity})
}

// Strategies returns the playbook's strategies.
func (pb *Playbook) Strategies() *Strategies { return pb.spec.Strategies }

// PlanOptions are the inputs of a plan beyond the profile and the date.
type PlanOptions struct {
	// History is the plays already made to the client, for cool-downs.
	History []needs.Contact
	// TierChange is the client's latest lifecycle step, if it changed the
	// tier.
	TierChange *tier.Step
	// Values lets explanations show the client's own amounts, except for
	// a discreet client, whose amounts are never shown.
	Values bool
}

// ClientPlan is what a playbook decides for one client on one day, with
// the reasons for each part.
type ClientPlan struct {
	// Tier and its explanation; Qualification says whether the client is
	// a qualified VIP (empty without a qualifier).
	Tier          tier.Tier        `json:"tier"`
	TierWhy       tier.Explanation `json:"tier_why"`
	Qualification string           `json:"qualification,omitempty"`
	// Segment and the bands behind it (empty without a segmentation, and
	// for a client who opted out of profiling).
	Segment    string                   `json:"segment,omitempty"`
	SegmentWhy *tier.SegmentExplanation `json:"segment_why,omitempty"`
	// Needs detected, strongest first, with evidence (unless the client
	// opted out of profiling).
	Needs []needs.Found `json:"needs,omitempty"`
	// Strategy is the contact, service and sales strategy, after the
	// client's preferences.
	Strategy Decision `json:"strategy"`
	// Plays are the ranked needs-driven plays, at most the strategy's
	// number.
	Plays needs.Recommendations `json:"plays"`
	// Tasks are the dated contacts triggers ask for now; Suppressed the
	// ones the client's preferences stopped.
	Tasks      []Task       `json:"tasks,omitempty"`
	Suppressed []Suppressed `json:"suppressed,omitempty"`
	// Minutes is the yearly workload of the client's strategy (0 without
	// a capacity model).
	Minutes int `json:"minutes,omitempty"`
}

// Plan returns the plan of the client whose profile is p on date asOf. It
// fails only when the profile's figures cannot be computed exactly (see
// vipcare.Valuation.Figures) or a measure fails. p is not changed.
func (pb *Playbook) Plan(p *vipcare.Profile, asOf time.Time, o PlanOptions) (ClientPlan, error) {
	var f vipcare.Figures
	if err := (vipcare.Valuation{AsOf: asOf, Currency: pb.spec.Currency, Rates: pb.spec.Rates}).Compute(p, &f); err != nil {
		return ClientPlan{}, err
	}
	return pb.plan(&f, o)
}

func (pb *Playbook) plan(f *vipcare.Figures, o PlanOptions) (ClientPlan, error) {
	s := &pb.spec
	// A discreet client's amounts are never shown, whoever asks: discretion
	// wins over Values as every preference wins over the bank's strategy.
	eo := policy.ExplainOptions{Values: o.Values && !f.Profile.Contact.Discreet}
	profiling := !f.Profile.Contact.NoProfiling
	var c ClientPlan
	why, err := s.Ladder.Explain(f, eo)
	if err != nil {
		return ClientPlan{}, err
	}
	c.Tier, c.TierWhy = why.Tier, why
	if s.Qualifier != nil {
		q, err := s.Qualifier.Qualify(f)
		if err != nil {
			return ClientPlan{}, err
		}
		c.Qualification = q.String()
		if l := s.Qualifier.Limit(q); l.Unassign {
			c.Tier = tier.Tier{}
		} else if !l.Cap.IsZero() && c.Tier.Rank > l.Cap.Rank {
			c.Tier = l.Cap
		}
	}
	facts := Facts{Figures: f, Tier: c.Tier}
	// A client who opted out of profiling is neither segmented nor profiled
	// for needs: the default strategy and plays need neither.
	if s.Segmentation != nil && profiling {
		e, err := s.Segmentation.Explain(f, eo)
		if err != nil {
			return ClientPlan{}, err
		}
		c.Segment, c.SegmentWhy = e.Segment, &e
		facts.Segment = e.Segment
	}
	if s.Detector != nil && profiling {
		facts.Needs = s.Detector.Detect(f)
		c.Needs = s.Detector.Explain(f, eo)
	}
	c.Strategy = s.Strategies.Decide(&facts)
	c.Plays = needs.Recommendations{Personalised: profiling}
	if s.Recommender != nil && c.Strategy.Strategy.Plays == 0 {
		c.Plays.Skipped = append(c.Plays.Skipped, needs.Skip{Code: needs.CodeMaxPlays,
			Reason: "the " + c.Strategy.Chosen + " strategy, as the client's preferences leave it, carries no plays"})
	}
	if s.Recommender != nil && c.Strategy.Strategy.Plays > 0 {
		c.Plays = s.Recommender.Recommend(f, o.History, eo)
		if n := c.Strategy.Strategy.Plays; len(c.Plays.Plays) > n {
			for _, extra := range c.Plays.Plays[n:] {
				c.Plays.Skipped = append(c.Plays.Skipped, needs.Skip{Play: extra.Play, Code: needs.CodeMaxPlays,
					Reason: "the " + c.Strategy.Chosen + " strategy carries " + strconv.Itoa(n) + " plays"})
			}
			c.Plays.Plays = c.Plays.Plays[:n]
		}
	}
	c.Tasks, c.Suppressed = s.Triggers.Tasks(f, TriggerInput{Owner: c.Strategy.Strategy.Owner, TierChange: o.TierChange})
	if s.Capacity != nil {
		c.Minutes = s.Capacity.ClientMinutes(&c.Strategy.Strategy)
	}
	return c, nil
}

// PlanBook plans every client of book on date asOf and passes each plan, with
// the client's position in the book, to fn, stopping at the first error of
// fn or of a plan (named by position, never by ID). It holds one client at a
// time, so memory does not grow with the book.
func (pb *Playbook) PlanBook(book iter.Seq[vipcare.Profile], asOf time.Time, fn func(i int, p *vipcare.Profile, c ClientPlan) error) error {
	i := 0
	for p := range book {
		c, err := pb.Plan(&p, asOf, PlanOptions{})
		if err != nil {
			return &Error{Path: "book[" + strconv.Itoa(i) + "]", Err: err}
		}
		if err := fn(i, &p, c); err != nil {
			return err
		}
		i++
	}
	return nil
}

// String returns the plan as text, one part a line, with its reasons and
// no client amounts unless the plan was made with Values.
func (c ClientPlan) String() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line("tier: " + c.TierWhy.String())
	if c.Tier != c.TierWhy.Tier {
		line("  limited to " + c.Tier.String() + " by qualification")
	}
	if c.Qualification != "" {
		line("qualification: " + c.Qualification)
	}
	if c.Segment != "" {
		line("segment: " + c.Segment)
	}
	for _, n := range c.Needs {
		line("need: " + n.String())
	}
	st := c.Strategy.Strategy
	touches := make([]string, len(st.Touches))
	for i, t := range st.Touches {
		touches[i] = strconv.Itoa(t.PerYear) + " " + t.Channel.String()
	}
	line("strategy: " + c.Strategy.Chosen + " (rule " + strconv.Quote(c.Strategy.Rule) + "), owner " +
		st.Owner.String() + ", touches a year: " + orNone(strings.Join(touches, ", ")))
	for _, k := range c.Strategy.Constraints {
		line("  constraint: " + k)
	}
	for i, p := range c.Plays.Plays {
		line("play " + strconv.Itoa(i+1) + ": " + p.Title + " (" + p.Reason + ")")
	}
	for _, t := range c.Tasks {
		line("task: " + t.Kind + " by " + t.Channel.String() + ", due " + t.Due.Format(time.DateOnly) + ": " + t.Reason)
	}
	for _, s := range c.Suppressed {
		line("not contacted: " + s.Kind + " (" + s.Reason + ")")
	}
	if c.Minutes > 0 {
		line("workload: " + strconv.Itoa(c.Minutes) + " minutes a year")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
