// Package playbook ties every part of vipcare into one decision per client:
// the tier (with qualification), the segment, the needs with their
// evidence, the contact, service and sales strategy after the client's
// preferences, the ranked needs-driven plays, the dated tasks, and the
// yearly workload, each part with its reason.
//
// # One spec
//
// A [Spec] holds every part as data, in order: a tier.LadderSpec, a
// segment.Spec, a needs.Spec, a contact.StrategySpec, a
// contact.TriggerSpec and an rm.Workload. [Reference] assembles every
// reference part. [Spec.Compile] compiles them all in one environment,
// each part's strategies reading what the parts before it decide, and
// reports every problem of every part at once, located in the spec's JSON
// form:
//
//	spec := playbook.Reference(sample.Shelf())
//	spec.Strategies.Rules[3].When = policy.Field("segmnt").EQ("develop")
//	_, err := spec.Compile(nil)
//	fmt.Println(err)
//	// vipcare: /strategies/rules/3/when/field: "segmnt": unknown (closest of 71: segment, aum, wealth, since, age, foreign)
//
// # Decisions
//
// [Playbook.Decide] gives one client's [Decision] under a valuation:
//
//	d, err := pb.Decide(&profile, valuation, playbook.Options{})
//	fmt.Println(d)
//	// tier: diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//	// qualification: qualified
//	// segment: maintain
//	// need: recognition (strong, 70): high_aum +50, long_relationship +20
//	// strategy: premier (rule "diamond or maintain"), owner senior_rm, touches a year: 10 phone, 6 secure_message
//	//   constraint: discreet: no events or public recognition
//	// play 1: A private review of the whole relationship (meets recognition (strong, 70): ...)
//	// workload: 500 minutes a year
//
// "Not suitable" and "do not contact" are decisions with reasons, never
// errors. A discreet client's amounts never appear, even when
// [Options].Values asks for them. book.Decide runs a playbook over a whole
// book, in parallel and in book order.
//
// # Concurrency
//
// A compiled Playbook is immutable and safe for concurrent use; Decide
// never changes the profile it is given.
package playbook
