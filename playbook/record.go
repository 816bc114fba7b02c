package playbook

import (
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/tier"
)

// RecordSchema names the format of a [Record], its Schema. A change a stored record's
// reader would notice gets a new name; fields may be added within one.
const RecordSchema = "vipcare.record/1"

// Record is a decision as a bank stores it for audit, one per client per
// run: stable, versioned JSON that says which client (by the caller's
// reference), on which day, under which policy (id, version, digest) and
// which library, what was decided, every part with its reason codes and
// parameters. It holds no amount. Deciding the same profile under the same
// policy on the same day gives the same record. Printed or logged, a
// record leaves out the client's reference; its JSON, meant for storage,
// keeps it.
type Record struct {
	// Schema is [RecordSchema].
	Schema string `json:"schema"`
	// Client is the caller's reference of the client.
	Client string `json:"client"`
	// AsOf is the day of the decision, as an ISO date.
	AsOf string `json:"as_of"`
	// Policy is the policy that decided; Library the vipcare version.
	Policy  Identity `json:"policy"`
	Library string   `json:"library"`
	// Tier is the client's tier after qualification, Ladder the ladder's
	// own (the zero Tier: none).
	Tier   tier.Tier `json:"tier"`
	Ladder tier.Tier `json:"ladder"`
	// Qualification is the qualification's outcome ("qualified", "watch",
	// "disqualified") and the codes of the flags raised.
	Qualification tier.Outcome   `json:"qualification,omitempty"`
	Flags         []vipcare.Code `json:"flags,omitempty"`
	// Segment is the client's segment, "" for none.
	Segment string `json:"segment,omitempty"`
	// Needs are the needs detected, strongest first, each with the signals
	// that fired.
	Needs []RecordNeed `json:"needs,omitempty"`
	// Strategy is the strategy chosen, the rule that chose it ("" and a
	// Code when none did), what the client's preferences changed, and the
	// plays it carries after them.
	Strategy    string         `json:"strategy"`
	Rule        string         `json:"rule,omitempty"`
	RuleCode    vipcare.Code   `json:"rule_code,omitempty"`
	Constraints []vipcare.Code `json:"constraints,omitempty"`
	// Plays are the plays made, in rank order; Skipped the plays not made,
	// with codes.
	Plays   []RecordPlay `json:"plays,omitempty"`
	Skipped []needs.Skip `json:"skipped,omitempty"`
	// Tasks are the tasks asked for and the triggers suppressed (with a
	// Code).
	Tasks []RecordTask `json:"tasks,omitempty"`
	// Minutes is the yearly workload of the strategy.
	Minutes int `json:"minutes,omitempty"`
	// Justified are the protected fields the policy reads where its
	// document justifies it (Spec.Justifications), sorted: the same for
	// every decision of the policy, which the policy's digest pins down.
	Justified []string `json:"justified,omitempty"`
	// For a decision within a period: the period, the lifecycle state to
	// store for the next run, the step's code, and the code of the
	// override that set the tier.
	Period   string       `json:"period,omitempty"`
	State    *tier.State  `json:"state,omitempty"`
	Step     vipcare.Code `json:"step,omitempty"`
	Override vipcare.Code `json:"override,omitempty"`
}

// RecordNeed is a need in a [Record]: its strength and the signals that
// fired, by name.
type RecordNeed struct {
	Need     needs.Need `json:"need"`
	Strength int        `json:"strength"`
	Signals  []string   `json:"signals"`
}

// RecordPlay is a play in a [Record]: the need it meets and its strength,
// the play's fit (the share of its categories with a suitable product, 0
// to 100), and the codes of the products offered, in rank order of the
// plays. Its ranking score is left out: it weighs the client's AUM.
type RecordPlay struct {
	Play     string     `json:"play"`
	Need     needs.Need `json:"need,omitempty"`
	Strength int        `json:"strength,omitempty"`
	Fit      int        `json:"fit"`
	Products []string   `json:"products"`
}

// RecordTask is a task in a [Record], or a trigger suppressed (with a
// Code): its ID (kind and the event's date), the dates it may be done on,
// the channel, owner, priority and minutes.
type RecordTask struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Code     vipcare.Code    `json:"code,omitempty"`
	Earliest string          `json:"earliest"`
	Due      string          `json:"due"`
	Channel  vipcare.Channel `json:"channel,omitempty"`
	Owner    contact.Role    `json:"owner"`
	Priority int             `json:"priority"`
	Minutes  int             `json:"minutes"`
}

// Record returns d, decided as of asOf, as the record a bank stores for
// the client it calls client. It allocates; it is for storage, not for
// the hot path of deciding.
func (pb *Playbook) Record(client string, asOf time.Time, d *Decision) Record {
	r := Record{Schema: RecordSchema, Client: client, AsOf: asOf.Format(time.DateOnly), Policy: pb.identity,
		Library: vipcare.Version, Tier: d.Tier, Ladder: d.Ladder, Segment: d.Segment, Minutes: d.Minutes,
		Justified: slices.Clone(pb.justified)}
	r.Qualification = d.Qualification.Outcome
	for _, f := range d.Qualification.Flags() {
		r.Flags = append(r.Flags, f.Code)
	}
	for _, f := range d.Needs.List() {
		n := RecordNeed{Need: f.Need, Strength: f.Strength, Signals: []string{}}
		for _, e := range f.Evidence {
			n.Signals = append(n.Signals, e.Signal)
		}
		r.Needs = append(r.Needs, n)
	}
	r.Strategy, r.Rule = pb.strategies.Names(d.Strategy)
	if d.Strategy.Code != "" {
		r.Rule, r.RuleCode = "", d.Strategy.Code
	}
	r.Constraints = d.Strategy.Constraints.Codes(nil)
	for _, p := range d.Plays {
		r.Plays = append(r.Plays, RecordPlay{Play: p.Play, Need: p.Need, Strength: p.Strength, Fit: p.Fit,
			Products: p.Offers.Codes()})
	}
	r.Skipped = append(r.Skipped, d.Skipped...)
	for _, x := range d.Tasks {
		t := x.Task("")
		r.Tasks = append(r.Tasks, RecordTask{ID: t.ID, Kind: x.Kind, Code: x.Code, Earliest: x.Earliest.Format(time.DateOnly),
			Due: x.Due.Format(time.DateOnly), Channel: x.Channel, Owner: x.Owner, Priority: x.Priority, Minutes: x.Minutes})
	}
	if d.Step.Period != (tier.Period{}) {
		state := d.Step.After
		r.Period, r.State, r.Step, r.Override = d.Step.Period.String(), &state, d.Step.Code, d.Override.Code
	}
	return r
}

// String returns the record's decision on one line, without the client's
// reference.
func (r Record) String() string {
	return r.Policy.ID + " " + r.Policy.Version + " " + r.AsOf + ": tier " + r.Tier.String() + ", segment " +
		orNone(r.Segment) + ", strategy " + r.Strategy + ", " + textfmt.Count(len(r.Plays), "play", "plays") + ", " +
		textfmt.Count(len(r.Tasks), "task", "tasks")
}

// Format prints the record as String does for every verb: the client's
// reference never shows.
func (r Record) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, r.String(), "playbook.Record{"+r.String()+"}")
}

// LogValue logs the record without the client's reference.
func (r Record) LogValue() slog.Value {
	return redact.Value(redact.Masked("client"), slog.String("as_of", r.AsOf), slog.String("policy", r.Policy.ID),
		slog.String("version", r.Policy.Version), slog.String("tier", r.Tier.String()),
		slog.String("segment", r.Segment), slog.String("strategy", r.Strategy))
}
