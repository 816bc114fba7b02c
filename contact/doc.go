// Package contact turns tiers, segments and needs into what happens next:
// who contacts each client, how often and through which channel, with what
// service, on which triggers, and whether the relationship managers have
// the hours to do it.
//
// # Strategies
//
// A [Strategy] is how a group of clients is served: the owner [Role], the
// [Touch] cadence by channel, the [Service] the clients are entitled to,
// and how many needs-driven plays a conversation carries. [Strategies]
// choose one per client with a decision table over the client's [Facts]:
// vipcare's fields, the tier, the segment and the strength of each need
// ([Schema]). [ReferenceStrategies] ships a playbook to copy.
//
// A client's preferences always win over the strategy ([Strategies.Decide]):
// a client who opted out of profiling gets the default, non-personalised
// strategy; do-not-contact removes every outbound touch, play, invitation
// and recognition; a discreet client gets no events or public recognition
// and only discreet channels; every touch moves to a channel the client
// consents to ([Reroute]), or is dropped, and each change is noted.
//
// # Triggers and tasks
//
// A [Task] is one dated piece of contact work, with a priority, a window
// and the minutes it takes. [Triggers] turn events into tasks: a maturity
// within N days, a retention call after a large outflow, an advice call
// after a large inflow or a business sale, an expiring assessment or KYC,
// a tier change, a birthday. Thresholds, minutes and priorities are
// configuration ([TriggerSpec]).
//
// # Capacity
//
// A [Capacity] model ([Workload], [ReferenceWorkload]) says how many
// minutes an RM really has a year and how many a client's strategy needs;
// [Capacity.Report] sets each RM's book against it: load, coverage (the
// clients whose cadence is fully met), who is over or under loaded; and
// [Capacity.BookSize] says how many clients of a given strategy mix an RM
// can serve.
//
// # The playbook
//
// A [Playbook] ties tiering, qualification, segmentation, needs,
// suitability, strategies, triggers and capacity together:
// [Playbook.Plan] gives one client's [ClientPlan], each part with its
// reason, and [Playbook.PlanBook] runs it over a whole book.
// [ReferencePlaybook] assembles every reference part.
//
// # Concurrency
//
// Compiled values are immutable and safe for concurrent use; nothing in
// this package changes the profiles or figures it is given.
package contact
