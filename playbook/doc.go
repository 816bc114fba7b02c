// Package playbook ties every part of vipcare into one decision per client:
// the tier (with qualification), the segment, the needs with their
// evidence, the contact, service and sales strategy after the client's
// preferences, the ranked needs-driven plays, the dated tasks, and the
// yearly workload, each part with its reason.
//
// # One spec
//
// A [Spec] holds a reporting currency and every part as data, in order: a
// tier.LadderSpec, a segment.Spec, a needs.Spec, a contact.StrategySpec, a
// contact.TriggerSpec and an rm.Workload. The ladder and strategies are
// required; the segmentation, needs and workload are pointers, and a part
// left nil is left out of every decision. [Reference] assembles every
// reference part. [Spec.Compile] compiles them all in one environment,
// each part's strategies reading what the parts before it decide, and
// reports every problem of every part at once, located in the spec's JSON
// form:
//
//	spec := playbook.Reference(sample.Shelf())
//	spec.Ladder.Rungs[2].From = spec.Ladder.Rungs[1].From // platinum from gold's threshold
//	spec.Strategies.Rules[3].When = policy.Any(policy.Field("tier").EQ("platinum"), policy.Field("segmnt").EQ("develop"))
//	_, err := spec.Compile(nil)
//	fmt.Println(err)
//	// vipcare: /ladder/rungs/2/from: "platinum": duplicate
//	// vipcare: /strategies/rules/3/when/any/1/field: "segmnt": unknown (closest of 71: segment, aum, wealth, since, age, foreign)
//
// A problem is reported once, where it is: the strategies above read
// "tier", and no problem says it is unknown because the ladder did not
// compile.
//
// # The policy document
//
// A bank writes its policy as one JSON document, the JSON form of a Spec:
// identity first (id, version, effective_from, effective_until,
// description), then every part, every condition as text or as a JSON
// tree. [ReferenceDocument] is the reference policy written so, to copy:
//
//	{
//	  "id": "vipcare-reference",
//	  "version": "2026.1",
//	  "effective_from": "2026-01-01",
//	  "risk_validity_months": 12,
//	  "currency": "CNY",
//	  "ladder": {
//	    "currency": "CNY",
//	    "rungs": [
//	      {"tier": {"name": "mass", "rank": 10}, "from": "0"},
//	      ...
//	  "strategies": {
//	    "rules": [
//	      {"name": "private banking", "when": "tier_rank >= 50", "then": "private"},
//	      {"name": "diamond or maintain", "when": "tier_rank >= 40 or segment == \"maintain\" and tier_rank >= 20", "then": "premier"},
//	      ...
//
// [Decode] reads a document strictly (policy.Unmarshal): an unknown key, a
// key in the wrong case, a repeated key or a value of the wrong type is a
// problem, never silently dropped, and a document must name its policy.
// [Compile] decodes and compiles in one call, each problem located by a
// JSON pointer and a line and column in the document.
//
// What is written once is read everywhere. A threshold is a rung's From,
// never repeated in its condition. [Spec].RiskValidityMonths is the one
// validity of a risk assessment: qualification reads it as the field
// risk_assessment_expired, and the suitability pack and the triggers use it.
// [Condition]s are named conditions any rule reads as a bool field, in any
// order but not in a circle (policy.ErrCycle). Parts refer to tiers by
// rank (the strategies' tier_rank) or role (a cap of "lowest"), so a bank
// may name its tiers 普通, 金卡, 白金, 钻石 and 私行 and change nothing else.
// A part written in Go (a measure, a suitability check) is registered by
// name in the vipcare.Env the document is compiled in, and the document
// names it.
//
// Fields belong to the stage that computes them, in the order a decision
// runs: the environment's fields (and named conditions), then the tier
// (tier, tier_rank), the segment, the needs (need.<name>), the strategy. A
// rule that reads a field of its own or a later stage, such as a ladder
// rung reading tier_rank, is policy.ErrStage. A client with no tier has
// tier "unassigned" and tier_rank 0, one in no segment segment "none":
// names no tier and no segment may take.
//
// A policy must not treat clients differently by a personal attribute
// without a stated reason. The environment protects fields
// (vipcare.Env.Protect: age always; gender, ethnicity, region, anything
// derived from an ID where the bank says so), and a rule anywhere in the
// document (a rung, a qualification rule, a segmentation's score, a
// scorecard's signal, a suitability requirement, a strategy rule, a
// trigger, a named condition) that reads one is policy.ErrProtected, at
// its "/field", unless one of the document's [Justification]s covers that
// place: the field, a JSON pointer at or above the read, and a reason. A
// named condition that reads a protected field is protected itself. The
// reference reads age once, for the preservation need:
//
//	"justifications": [
//	  {
//	    "field": "age",
//	    "where": "/needs/scorecards/2/signals/1",
//	    "reason": "clients of 55 or more near retirement: ..."
//	  }
//	],
//
// Every decision record names the fields read so ([Record].Justified), and
// book.Fairness checks a book for what a protected attribute changes.
//
// # Decisions
//
// [Playbook.Decide] decides for one client under a valuation, fast and
// without text: a [Decision] of codes and references into the compiled
// playbook (tier and ladder tier, qualification, segment, needs, strategy,
// plays with their products, skipped plays, tasks, workload), with no
// allocation once its [Scratch] has grown, about 2 to 3 µs a client on a
// shared 2-core server (the module's bench/README.md gives the latest
// figures).
// [Playbook.Record] turns a decision into the [Record] a bank stores for
// audit: versioned JSON ([RecordSchema]) citing the client's reference, the
// decision's day ([Decision].AsOf), the policy (id, version, digest) and
// the library, and every part with its reason codes and the policy's
// parameters behind them: the ladder's measure and the threshold of the
// tier reached, the flags and what they limit, the strategy rule, the
// products of each play made that suitability refused, with the codes of
// the checks that refused them, what each skipped play refers to (the needs
// it meets, its categories, its cool-down), the triggers' windows, the
// lifecycle step with its threshold and grace, and the override in force.
// Deciding the same profile under the same policy on the same day gives the
// same record, to the byte:
//
//	var s playbook.Scratch
//	for i, p := range sample.Profiles(o, 3) {
//		d, err := pb.Decide(&p, v, playbook.Options{}, &s)
//		r := pb.Record(fmt.Sprintf("REF-%d", i), &d)
//		fmt.Println(r)
//		b, err := json.Marshal(vipcare.Disclosed(r)) // to store
//	}
//	// vipcare-reference 2026.1 2026-06-30: tier mass, segment serve digitally, strategy digital, 1 play, 1 task
//	// ...
//
// A record holds no amount of the client's unless asked: with
// [Options].Values the decision keeps the client's AUM and the ladder's
// measure, and its record stores them as [RecordAmounts] (never a
// discreet client's). Printed, logged (either slog handler, at any depth)
// or marshalled by default, a record shows neither the client's
// reference nor an amount; vipcare.Disclosed(r) marshals it whole, for
// storage. Read back with encoding/json, a stored record is decoded
// strictly, and one of another format, or the redacted form, is refused;
// r.Policy == pb.Identity() says whether it was made under pb.
//
// [Playbook.Explain] gives the same decision with its reasons in words, an
// [Explanation], when someone asks why: it makes the decision as Decide
// does, then renders it, from text parts built when the playbook was
// compiled. It explains the tier, capped or removed at once when the
// ladder's qualification limits it (a no-upgrade limit needs a lifecycle
// history, which one day's decision does not have), the segment, the
// needs, the strategy, the plays, the tasks and the workload, each with
// its reasons. A client who opted out of profiling is neither segmented
// nor profiled for needs, and gets the default strategy and plays:
//
//	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
//	o := sample.Options{Seed: 1}
//	client := sample.Profile(o, 13)
//	d, err := pb.Explain(&client, sample.Valuation(o), playbook.Options{})
//	fmt.Println(d)
//	// tier: diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//	// qualification: qualified
//	// segment: maintain
//	// need: recognition (strong, 70): high_aum +50, long_relationship +20
//	// strategy: premier (rule "diamond or maintain"), owner senior_rm, touches a year: 10 phone, 6 secure_message
//	//   constraint: discreet: no events or public recognition
//	//   constraint: branch touches moved to phone (not consented)
//	// play 1: A private review of the whole relationship (meets recognition (strong, 70): high_aum +50, long_relationship +20)
//	// workload: 500 minutes a year
//
// "Not suitable" and "do not contact" are decisions with reasons, never
// errors. A discreet client's amounts never appear, even when
// [Options].Values asks for them. book.Explain runs a playbook over a whole
// book, in parallel and in book order.
//
// # Versions and change
//
// A spec names its policy and version ([Spec].ID, Version and effective
// dates). [Diff] lists what changed between two versions, path by path, in
// words a risk committee reads, matching rules, tiers and plays by their
// names so that an inserted rule is one change:
//
//	changes, err := playbook.Diff(current, proposed)
//	for _, c := range changes {
//		fmt.Println(c)
//	}
//	// version 2026.1 -> 2027.1
//	// effective from 2026-01-01 -> 2027-01-01
//	// gold threshold 50,000 -> 60,000 CNY
//	// strategy rule "grow" condition: segment == "grow" -> segment == "grow" and tier_rank >= 30
//
// [Spec.Digest] ("sha256:...", of the spec's canonical form) identifies
// the exact policy that made a decision, however its document was spaced
// or spelt: record it with the decision. [Encode] writes a spec back as a
// document to review, conditions as text. book.ComparePlaybooks shows
// what a new version does to a book: whose tier, segment, strategy and
// plays change, by the classes [Playbook.Tiers], [Playbook.Segments] and
// [Playbook.Strategies] list (tiers renamed, with the same ranks, are
// paired by rank, as Diff pairs them).
//
// # Testing a bank's own policy
//
// A bank tests its document as it tests its code, with cases it writes
// by hand:
//
//   - the ladder alone through [Playbook.Ladder]: Assign on a profile's
//     figures, as its decisions place clients;
//   - a condition that reads only the environment's fields (a rung's, a
//     scorecard signal's) compiled alone: policy.Compile against the
//     environment's schema, then Rule.Eval and Rule.Explain. A condition
//     that reads what the document itself defines (a named condition,
//     risk_assessment_expired) or what an earlier stage decides (a
//     strategy rule reading tier_rank, segment or need.<name>) compiles
//     only in its document;
//   - everything else, strategy rules included, through whole decisions:
//     Decide on a client written to reach the tier, segment or need in
//     question, then the strategy, rule and codes of its [Record].
//
// For example:
//
//	pb, err := playbook.Compile(doc, env)
//	f, err := v.Figures(&client) // a profile written for the case
//	t, err := pb.Ladder().Assign(&f)
//	// gold at 50,000 CNY, mass at 49,999.99
//	d, err := pb.Decide(&owner, v, playbook.Options{}, nil)
//	r := pb.Record("case-1", &d)
//	// r.Strategy == "growth", r.Rule == "grow" (the reference's rule for the segment grow)
//
// # Concurrency
//
// A compiled Playbook is immutable and safe for concurrent use; Decide
// never changes the profile it is given.
package playbook
