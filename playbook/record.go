package playbook

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// RecordSchema names the format of a [Record], its Schema. A change a
// stored record's reader would notice gets a new name; fields may be added
// within one. [Record.UnmarshalJSON] is strict: a release reads the
// records of its own and earlier releases, and refuses a field a later one
// added; each record names the release that wrote it (Library).
//
// "vipcare.record/2" added the parameters behind each code (the ladder's
// measure and threshold, the flags' outcomes and the qualification's
// limit, what a skipped play refers to, the task triggers' windows, the
// whole lifecycle step and override) and the amounts a caller asks for;
// its flags are objects, and the period, state and step code of
// "vipcare.record/1" are in its step. Within "vipcare.record/2", the plays
// made gained the products suitability refused, with their codes
// ([RecordPlay].Refused), and the record its Rates, Touches, Owner and
// OverrideCapped.
const RecordSchema = "vipcare.record/2"

// Record is a decision as a bank stores it for audit, one per client per
// run: stable, versioned JSON that says which client (by the caller's
// reference), on which day, under which policy (id, version, digest) and
// which library, what was decided, every part with its reason codes and
// the policy's parameters behind them. It holds no amount of the client's
// unless the decision was asked for them ([Options].Values). Deciding the
// same profile under the same policy on the same day gives the same
// record, to the byte.
//
// Printed (every fmt verb), logged (either of log/slog's handlers, at any
// depth) or marshalled by default, a record shows neither the client's
// reference nor an amount. To store it whole, marshal
// [vipcare.Disclosed](r), which reads back with json.Unmarshal:
//
//	b, err := json.Marshal(vipcare.Disclosed(r))
//
// A struct of yours that holds a record in a named field stores it whole
// through Disclosed too; one that embeds a Record takes its MarshalJSON,
// redacted, for the whole struct, and so does a record behind an
// interface: name the field.
type Record struct {
	// Schema is [RecordSchema].
	Schema string `json:"schema"`
	// Client is the caller's reference of the client.
	Client string `json:"client"`
	// AsOf is the decision's day ([Decision].AsOf), as an ISO date.
	AsOf string `json:"as_of"`
	// Policy is the policy that decided; Library the vipcare version.
	Policy  Identity `json:"policy"`
	Library string   `json:"library"`
	// Rates is the digest of the valuation's exchange rates
	// (vipcare.Rates.Digest), the one input beside the profile and the
	// policy that can change a decision; omitted for a valuation with
	// none.
	Rates string `json:"rates,omitempty"`
	// Tier is the client's tier: the ladder's as the qualification limits
	// it; within a period the lifecycle's, as an override sets it. The
	// zero Tier is none.
	Tier tier.Tier `json:"tier"`
	// Ladder is the tier the ladder alone gives for the as-of date, with
	// the measure and threshold behind it.
	Ladder RecordLadder `json:"ladder"`
	// Qualification is the qualification's outcome ("qualified", "watch",
	// "disqualified"; "" without qualification rules), Flags the flags
	// raised, in rule order, each with its code and the outcome it leads
	// to, and Limit what the outcome does to the tier, with the code of
	// the worst flag (omitted when it does nothing).
	Qualification tier.Outcome `json:"qualification,omitempty"`
	Flags         []tier.Flag  `json:"flags,omitempty"`
	Limit         tier.Limit   `json:"limit,omitzero"`
	// Segment is the client's segment, "" for none.
	Segment string `json:"segment,omitempty"`
	// Needs are the needs detected, strongest first (scorecard order on a
	// tie), each with the signals that fired.
	Needs []RecordNeed `json:"needs,omitempty"`
	// Strategy is the strategy chosen and Rule the name of the strategy
	// rule that chose it; when none did, Rule is "" and RuleCode says why
	// (contact.CodeNoProfiling, contact.CodeNoRuleMatched). Constraints
	// are the codes of what the client's preferences changed in it.
	Strategy    string         `json:"strategy"`
	Rule        string         `json:"rule,omitempty"`
	RuleCode    vipcare.Code   `json:"rule_code,omitempty"`
	Constraints []vipcare.Code `json:"constraints,omitempty"`
	// Touches are the strategy's touches a year once the client's
	// preferences are applied (contact.Strategies.Touches): what
	// Constraints changed, channel by channel; none for a client who
	// asked not to be contacted.
	Touches []contact.Touch `json:"touches,omitempty"`
	// Plays are the plays made, in rank order; Skipped the plays not made,
	// in the order they were considered, with codes.
	Plays   []RecordPlay `json:"plays,omitempty"`
	Skipped []RecordSkip `json:"skipped,omitempty"`
	// Tasks are the tasks asked for and the triggers suppressed (with a
	// Code).
	Tasks []RecordTask `json:"tasks,omitempty"`
	// Owner is the role the strategy needs to serve the client (its
	// contact.Strategy.Owner) and Minutes its yearly workload: the Role
	// and Minutes of the client for rm.Capacity.Assign.
	Owner   contact.Role `json:"owner,omitempty"`
	Minutes int          `json:"minutes,omitempty"`
	// Step is, for a decision within a period, the lifecycle step
	// (tier.Step's JSON: the period, the state before and the state
	// after, which is the state to store for the next run, the tier the
	// measure gave, the code, and the threshold, grace, measure, currency
	// and limit behind it); omitted otherwise. A client on watch has been
	// below its tier for after.below periods and is downgraded at grace:
	// grace - after.below periods are left. Its Value, the client's
	// measure, is left zero: amounts are in Amounts, on request.
	Step tier.Step `json:"step,omitzero"`
	// Override is the override in force on the as-of date within a
	// period (tier.Override's JSON: the tier granted or held, the bank's
	// code, who asked and approved, and from when until when); omitted
	// when none.
	Override tier.Override `json:"override,omitzero"`
	// OverrideCapped reports that the override asked for more rungs above
	// the lifecycle's tier than the ladder's lifecycle allows
	// (MaxOverride), so that Tier is below the override's tier.
	OverrideCapped bool `json:"override_capped,omitempty"`
	// Amounts are the client's amounts, only when the decision was asked
	// for them; omitted otherwise.
	Amounts RecordAmounts `json:"amounts,omitzero"`
	// Justified are the protected fields the policy reads where its
	// document justifies it (Spec.Justifications), sorted: the same for
	// every decision of the policy, which the policy's digest pins down.
	Justified []string `json:"justified,omitempty"`
}

// RecordLadder is the ladder's part of a [Record]: the tier the ladder
// alone gives, the measure its thresholds apply to, as the policy names
// it (tier.LadderSpec.Measure: "aum", "adb_month", ...), the thresholds'
// currency, and From, the entry threshold of the tier reached (policy, as
// exact decimal text such as "500000"; "" for no tier).
type RecordLadder struct {
	Tier     tier.Tier        `json:"tier"`
	Measure  string           `json:"measure"`
	Currency vipcare.Currency `json:"currency"`
	From     string           `json:"from,omitempty"`
}

// RecordNeed is a need in a [Record]: its strength and the signals that
// fired, by name, in scorecard order.
type RecordNeed struct {
	Need     needs.Need `json:"need"`
	Strength int        `json:"strength"`
	Signals  []string   `json:"signals"`
}

// RecordPlay is a play in a [Record]: the need it meets and its strength,
// the play's fit (the share of its categories with a suitable product, 0 to
// 100), the codes of the products offered, and the products of its
// categories refused, each with the codes of the suitability checks that
// refused it (needs.Offers.AppendRefusedProducts), in the order the play
// lists them. Its ranking score is left out: strength times fit, it adds
// nothing.
type RecordPlay struct {
	Play     string                 `json:"play"`
	Need     needs.Need             `json:"need,omitempty"`
	Strength int                    `json:"strength,omitempty"`
	Fit      int                    `json:"fit"`
	Products []string               `json:"products"`
	Refused  []needs.RefusedProduct `json:"refused,omitempty"`
}

// RecordSkip is a play not made, in a [Record]: the play, the code of why
// not, and the policy's parameters the code refers to:
//
//   - needs.CodeNoNeed: Needs, the needs the play meets, none of which the
//     client has;
//   - needs.CodeCoolDown: CoolDownDays, the play's cool-down, within which
//     it was made;
//   - needs.CodeNoSuitableProduct, and needs.CodeAssessmentMissing or
//     needs.CodeAssessmentExpired when the client's risk assessment alone
//     refused every product: Categories, the play's product
//     categories, none with a product suitable for the client;
//   - needs.CodeMaxPlays: nothing more; the plays made are the most the
//     conversation carries (Play is "" when the strategy carries none).
type RecordSkip struct {
	Play         string       `json:"play"`
	Code         vipcare.Code `json:"code"`
	Needs        []string     `json:"needs,omitempty"`
	Categories   []string     `json:"categories,omitempty"`
	CoolDownDays int          `json:"cool_down_days,omitempty"`
}

// RecordTask is a task in a [Record], or a trigger suppressed (with a
// Code): its ID (kind and the event's date), the dates it may be done on,
// the channel, owner, priority and minutes, and what its reason is made
// of, as contact.Fired holds it: the trigger's window in days, the kind of
// the event behind it (Source, for an "advice" task), the number of
// further events it stands for (More), and, for a risk assessment that
// expires by its age, the assessment's date and validity in months.
type RecordTask struct {
	ID       string            `json:"id"`
	Kind     string            `json:"kind"`
	Code     vipcare.Code      `json:"code,omitempty"`
	Earliest string            `json:"earliest"`
	Due      string            `json:"due"`
	Channel  vipcare.Channel   `json:"channel,omitempty"`
	Owner    contact.Role      `json:"owner"`
	Priority int               `json:"priority"`
	Minutes  int               `json:"minutes"`
	Window   int               `json:"window,omitempty"`
	Source   vipcare.EventKind `json:"source,omitempty"`
	More     int               `json:"more,omitempty"`
	Assessed string            `json:"assessed,omitempty"`
	Validity int               `json:"validity,omitempty"`
}

// RecordAmounts are the client's own amounts a decision rests on, in the
// policy's currency, as exact decimal text in JSON: AUM at the bank and
// the ladder's measure (the period's, within a period). A [Record] holds
// them only when the decision was asked for them ([Options].Values), and
// never for a discreet client.
type RecordAmounts struct {
	Currency vipcare.Currency `json:"currency"`
	AUM      vipcare.Amount   `json:"aum"`
	Measure  vipcare.Amount   `json:"measure"`
}

// recordParams are the policy's parameters a record cites, worked out
// once when the playbook is compiled.
type recordParams struct {
	measure string      // the ladder's measure, as the spec names it
	from    []rungEntry // the rungs' entry thresholds
	needs   []needs.Need
	plays   []playParams // in the spec's order, which skips follow
}

// rungEntry is a rung's tier and entry threshold, as decimal text.
type rungEntry struct {
	tier tier.Tier
	from string
}

// playParams are a play's parameters a skip refers to.
type playParams struct {
	id                string
	needs, categories []string
	coolDown          int
}

// newRecordParams returns the parameters of s that records cite; s
// compiled without problems.
func newRecordParams(s *Spec, advisor *needs.Advisor) recordParams {
	rp := recordParams{measure: s.Ladder.Measure}
	if rp.measure == "" {
		rp.measure = "aum"
	}
	for _, r := range s.Ladder.Rungs {
		from, _ := vipcare.ToAmount(r.From) // it compiled: the threshold is an amount
		rp.from = append(rp.from, rungEntry{tier: r.Tier, from: from.String()})
	}
	if advisor == nil || s.Needs == nil {
		return rp
	}
	rp.needs = advisor.Needs()
	cool := s.Needs.CoolDownDays
	if cool == 0 {
		cool = needs.DefaultCoolDownDays
	}
	for _, p := range s.Needs.Plays {
		pp := playParams{id: p.ID, needs: textfmt.Strings(p.Needs), categories: slices.Clone(p.Categories), coolDown: p.CoolDownDays}
		if pp.coolDown == 0 {
			pp.coolDown = cool
		}
		rp.plays = append(rp.plays, pp)
	}
	return rp
}

// entry returns the entry threshold of tier t, "" for none.
func (rp *recordParams) entry(t tier.Tier) string {
	for i := range rp.from {
		if rp.from[i].tier == t {
			return rp.from[i].from
		}
	}
	return ""
}

// play returns the parameters of the play id (nil for none, as the
// empty play of needs.CodeMaxPlays), searching from *at on, where the
// last search ended: skips come in the spec's order of the plays.
func (rp *recordParams) play(id string, at *int) *playParams {
	i := *at
	for range rp.plays {
		if i >= len(rp.plays) {
			i = 0
		}
		if rp.plays[i].id == id {
			*at = i + 1
			return &rp.plays[i]
		}
		i++
	}
	return nil
}

// isoDay is a day number and its ISO text.
type isoDay struct {
	day  int64
	text string
}

// Record returns d as the record a bank stores for the client it calls
// client, dated d.AsOf. It reads d's slices, and the figures and amounts
// d keeps, which belong to the Scratch d was made with: make the record
// before the next Decide with it. It panics when that Scratch has made a
// decision since, whose client the record would mix with d's, and when
// another playbook made d, whose tiers and strategies the record would
// cite under this one's policy. d is a decision Decide returned without
// error: the zero Decision (what a failed Decide returns) gives a record
// of no day and no strategy, which a bank should not store.
//
// It allocates at most nine times: each of the record's slices once (one
// array holds every name they list), and one string for all its dates and
// IDs; and twice more for each play with products refused, whose
// refusals it assesses again, without text.
func (pb *Playbook) Record(client string, d *Decision) Record {
	if d.scratch != nil && d.scratch.gen != d.gen {
		panic("playbook: Record of a Decision whose Scratch has decided another client since: " +
			"make the record before the next Decide with it, or give each decision kept its own Scratch")
	}
	if d.pb != nil && d.pb != pb {
		panic("playbook: Record of a Decision another playbook made: its record would cite this playbook's policy " +
			"for that one's tiers and strategies; call Record on the playbook that decided")
	}
	rp := &pb.record
	r := Record{Schema: RecordSchema, Client: client, Policy: pb.identity, Library: vipcare.Version, Rates: d.rates.Digest(), Tier: d.Tier,
		Ladder:        RecordLadder{Tier: d.Ladder, Measure: rp.measure, Currency: pb.currency, From: rp.entry(d.Ladder)},
		Qualification: d.Qualification.Outcome, Flags: d.Qualification.Flags(), Limit: d.Qualification.Limit,
		Segment: d.Segment, Minutes: d.Minutes, Step: d.Step, Override: d.Override, OverrideCapped: d.OverrideCapped}
	r.Step.Value = 0
	sc := d.scratch
	if d.amounts {
		r.Amounts = sc.amounts
	}
	r.Strategy, r.Rule = pb.strategies.Names(d.Strategy)
	r.Owner = d.Strategy.Owner
	if d.Strategy.Code != "" {
		r.Rule, r.RuleCode = "", d.Strategy.Code
	}
	if c := d.Strategy.Constraints; c != 0 {
		r.Constraints = c.Codes(make([]vipcare.Code, 0, bits.OnesCount64(uint64(c))))
	}
	if sc != nil {
		// A touch a channel at most: nine built in, room enough but for
		// a strategy with more channels of its own.
		if t := pb.strategies.Touches(make([]contact.Touch, 0, 9), d.Strategy, &sc.f.Profile.Contact); len(t) > 0 {
			r.Touches = t
		}
	}

	// Every name the record lists (signals, products, what skips refer
	// to) in one backing array, sized first. What the sizing finds is
	// kept for the filling, on the stack unless there is a lot of it.
	type foundNeed struct {
		need needs.Need
		to   int // the end of its signals
	}
	var signalRoom [64]string
	var needRoom [16]foundNeed
	var playRoom [16]*playParams
	signals, found, skips := signalRoom[:0], needRoom[:0], playRoom[:0]
	for _, n := range rp.needs {
		from := len(signals)
		if signals = d.Needs.Signals(signals, n); len(signals) > from {
			found = append(found, foundNeed{need: n, to: len(signals)})
		}
	}
	names := len(signals)
	for i := range d.Plays {
		names += d.Plays[i].Offers.Len()
	}
	at := 0
	for _, s := range d.Skipped {
		p := rp.play(s.Play, &at)
		skips = append(skips, p)
		switch {
		case p == nil:
		case s.Code == needs.CodeNoNeed:
			names += len(p.needs)
		case s.Code == needs.CodeNoSuitableProduct || s.Code == needs.CodeAssessmentMissing ||
			s.Code == needs.CodeAssessmentExpired:
			names += len(p.categories)
		}
	}
	all := make([]string, 0, names+len(pb.justified))
	cut := func(from int) []string { return all[from:len(all):len(all)] }
	if len(found) > 0 {
		all = append(all, signals...)
		r.Needs = make([]RecordNeed, len(found))
		from := 0
		for i, f := range found {
			r.Needs[i] = RecordNeed{Need: f.need, Strength: d.Needs.Strength(f.need), Signals: all[from:f.to:f.to]}
			from = f.to
		}
		for i := 1; i < len(r.Needs); i++ { // strongest first, stably
			for j := i; j > 0 && r.Needs[j].Strength > r.Needs[j-1].Strength; j-- {
				r.Needs[j], r.Needs[j-1] = r.Needs[j-1], r.Needs[j]
			}
		}
	}
	if len(d.Plays) > 0 {
		r.Plays = make([]RecordPlay, len(d.Plays))
		// Every play's refused products, in one slice; each play's part is
		// cut with its capacity at its length, which later growth leaves be.
		var refused []needs.RefusedProduct
		for i := range d.Plays {
			p := &d.Plays[i]
			from := len(all)
			all = p.Offers.AppendCodes(all)
			r.Plays[i] = RecordPlay{Play: p.Play, Need: p.Need, Strength: p.Strength, Fit: p.Fit, Products: cut(from)}
			if sc == nil {
				continue
			}
			from = len(refused)
			if refused = p.Offers.AppendRefusedProducts(refused, &sc.f); len(refused) > from {
				r.Plays[i].Refused = refused[from:len(refused):len(refused)]
			}
		}
	}
	if len(d.Skipped) > 0 {
		r.Skipped = make([]RecordSkip, len(d.Skipped))
		for i, s := range d.Skipped {
			x, p := &r.Skipped[i], skips[i]
			x.Play, x.Code = s.Play, s.Code
			if p == nil {
				continue
			}
			from := len(all)
			switch s.Code {
			case needs.CodeNoNeed:
				all = append(all, p.needs...)
				x.Needs = cut(from)
			case needs.CodeNoSuitableProduct, needs.CodeAssessmentMissing, needs.CodeAssessmentExpired:
				all = append(all, p.categories...)
				x.Categories = cut(from)
			case needs.CodeCoolDown:
				x.CoolDownDays = p.coolDown
			}
		}
	}
	if len(pb.justified) > 0 { // in the record's one slab of names, not shared with the playbook
		from := len(all)
		all = append(all, pb.justified...)
		r.Justified = cut(from)
	}
	pb.recordTasks(&r, d)
	return r
}

// recordTasks sets r's as-of date and tasks from d: every date and ID in
// one string, a date that is the as-of date's as its text, which d keeps
// from its Scratch when it can.
func (pb *Playbook) recordTasks(r *Record, d *Decision) {
	today := civil.DayOf(d.AsOf)
	var asOf isoDay
	if d.scratch != nil {
		asOf = d.scratch.asOf
	}
	kept := asOf.text != "" && asOf.day == today
	// Each task's dates, once, and the text's length: the as-of date
	// unless kept, each ID, each date not the as-of date.
	type taskDays struct{ event, earliest, due, assessed int64 }
	var buf [8]taskDays
	days := buf[:0]
	date := func(day int64) int {
		if day == today {
			return 0
		}
		return 10
	}
	n := 0
	if !kept {
		n = 10
	}
	for i := range d.Tasks {
		x := &d.Tasks[i]
		t := taskDays{event: civil.DayOf(x.Event), earliest: civil.DayOf(x.Earliest), due: civil.DayOf(x.Due), assessed: today}
		if !x.Assessed.IsZero() {
			t.assessed = civil.DayOf(x.Assessed)
		}
		days = append(days, t)
		n += len(x.Kind) + 11 + date(t.earliest) + date(t.due) + date(t.assessed)
	}
	var b strings.Builder
	b.Grow(n)
	var iso [10]byte
	write := func(day int64) {
		if day != today {
			b.Write(civil.AppendISO(iso[:0], day))
		}
	}
	if !kept {
		b.Write(civil.AppendISO(iso[:0], today))
	}
	for i := range d.Tasks {
		t := &days[i]
		b.WriteString(d.Tasks[i].Kind)
		b.WriteByte('/')
		b.Write(civil.AppendISO(iso[:0], t.event))
		write(t.earliest)
		write(t.due)
		write(t.assessed)
	}
	text, at := b.String(), 0
	next := func(n int) string {
		s := text[at : at+n]
		at += n
		return s
	}
	r.AsOf = asOf.text
	if !kept {
		r.AsOf = next(10)
	}
	read := func(day int64) string {
		if day == today {
			return r.AsOf
		}
		return next(10)
	}
	if len(d.Tasks) == 0 {
		return
	}
	r.Tasks = make([]RecordTask, len(d.Tasks))
	for i := range d.Tasks {
		x, t, rt := &d.Tasks[i], &days[i], &r.Tasks[i]
		*rt = RecordTask{ID: next(len(x.Kind) + 11), Kind: x.Kind, Code: x.Code, Channel: x.Channel, Owner: x.Owner,
			Priority: x.Priority, Minutes: x.Minutes, Window: x.Window, Source: x.Source, More: x.More, Validity: x.Validity}
		rt.Earliest, rt.Due = read(t.earliest), read(t.due)
		if assessed := read(t.assessed); !x.Assessed.IsZero() {
			rt.Assessed = assessed
		}
	}
}

// String returns the record's decision on one line, without the client's
// reference or amounts: the tasks it counts are those asked for, and the
// triggers the client's preferences stopped are counted apart, when any.
func (r Record) String() string {
	tasks, stopped := 0, 0
	for i := range r.Tasks {
		if r.Tasks[i].Code == "" {
			tasks++
		} else {
			stopped++
		}
	}
	s := r.Policy.ID + " " + r.Policy.Version + " " + r.AsOf + ": tier " + r.Tier.String() + ", segment " +
		orNone(r.Segment) + ", strategy " + r.Strategy + ", " + textfmt.Count(len(r.Plays), "play", "plays") + ", " +
		textfmt.Count(tasks, "task", "tasks")
	if stopped > 0 {
		s += " (" + strconv.Itoa(stopped) + " stopped)"
	}
	return s
}

// Format prints the record as String does for every verb: the client's
// reference and amounts never show.
func (r Record) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, r.String(), "playbook.Record{"+r.String()+"}")
}

// LogValue logs the record without the client's reference or amounts.
func (r Record) LogValue() slog.Value {
	return redact.Value(redact.Masked("client"), slog.String("as_of", r.AsOf), slog.String("policy", r.Policy.ID),
		slog.String("version", r.Policy.Version), slog.String("tier", r.Tier.String()),
		slog.String("segment", r.Segment), slog.String("strategy", r.Strategy))
}

// MarshalJSON implements json.Marshaler: the record as it is stored, but
// with the client's reference as "[redacted]" and without its amounts, so
// that a record in a struct, slice or map that log/slog's JSON handler
// encodes shows no more than a record logged on its own. To store a
// record whole, marshal [vipcare.Disclosed](r).
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record // without its methods
	p := plain(r)
	p.Client, p.Amounts = redact.Mask, RecordAmounts{}
	return json.Marshal(p)
}

// UnmarshalJSON reads a stored record back, strictly, as policy.Unmarshal
// does: an unknown key, a key in the wrong case, a repeated key or a value
// of the wrong type is a problem located by a JSON pointer and a line and
// column, never silently dropped; and a Schema other than [RecordSchema]
// is policy.ErrUnknown at "/schema" (a record of another format, which
// this version does not read). The redacted form MarshalJSON writes is
// policy.ErrMalformed at "/client", rather than read as a record of a
// client named "[redacted]". r is set only when there is no problem.
// Whether the record was made under a given playbook is r.Policy ==
// pb.Identity(): the same id, version, dates and digest.
func (r *Record) UnmarshalJSON(b []byte) error {
	type plain Record // without its methods
	p, err := redact.ReadBack(b, "/client", func(p *plain) string { return p.Client })
	if err != nil {
		return err
	}
	if p.Schema != RecordSchema {
		return policy.Problems{{Path: "/schema", Name: p.Schema, Err: policy.ErrUnknown, Choices: []string{RecordSchema}}}
	}
	if err := checkRecordCodes((*Record)(&p)); err != nil {
		return err
	}
	*r = Record(p)
	return nil
}

// The words a record's closed fields may hold, as a record writes them.
var (
	recordOutcomes  = []string{string(tier.Qualified), string(tier.Watch), string(tier.Disqualified)}
	recordStepCodes = []string{string(tier.CodeKept), string(tier.CodeEntered), string(tier.CodeUpgraded),
		string(tier.CodeRetained), string(tier.CodeWatched), string(tier.CodeRecovered), string(tier.CodeDowngraded),
		string(tier.CodeCapped), string(tier.CodeHeld)}
)

// checkRecordCodes reports, at once, every outcome and lifecycle code of
// r that is not one a record writes (policy.ErrUnknown, with the words as
// choices): a stored record misspelt by hand or by another system is
// refused rather than read as an outcome or step nobody decided. The
// bank's own codes (flags', limits', strategies') are open and are not
// checked.
func checkRecordCodes(r *Record) error {
	var ps policy.Problems
	closed := func(path, v string, words []string) {
		if !slices.Contains(words, v) {
			ps = append(ps, policy.Problem{Path: path, Name: v, Err: policy.ErrUnknown, Choices: words})
		}
	}
	if r.Qualification != "" {
		closed("/qualification", string(r.Qualification), recordOutcomes)
	}
	for i, f := range r.Flags {
		closed("/flags/"+strconv.Itoa(i)+"/outcome", string(f.Outcome), recordOutcomes)
	}
	if r.Step.Code != "" {
		closed("/step/code", string(r.Step.Code), recordStepCodes)
	}
	return ps.Err()
}
