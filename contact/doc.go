// Package contact turns tiers, segments and needs into what happens next
// for each client: who contacts the client, how often and through which
// channel, with what service, and on which events.
//
// # Strategies
//
// A [Strategy] is how a group of clients is served: the owner [Role], the
// [Touch] cadence by channel, the [Service] the clients are entitled to,
// and how many needs-driven plays a conversation carries. A
// [StrategySpec] chooses one per client with a decision table over the
// client's [Facts]: the environment's fields, and the "tier", "segment"
// and "need.<name>" strength the earlier parts decided, which is why its
// Compile takes those parts. [ReferenceStrategies] ships a playbook to
// copy:
//
//	st, err := contact.ReferenceStrategies().Compile(nil, ladder, seg, advisor)
//	c := st.Choose(&contact.Facts{Figures: &f, Tier: tier, Segment: "maintain", Needs: det})
//	fmt.Println(c.Chosen, c.Rule) // premier diamond or maintain
//
// A client's preferences always win over the strategy
// ([Strategies.Choose], [Constrain]): a client who opted out of profiling
// gets the default, non-personalised strategy; do-not-contact removes
// every outbound touch, play, invitation and recognition; a discreet
// client gets no events or public recognition and only discreet channels;
// every touch moves to a channel the client consents to, or is dropped,
// and each change is noted in the [Choice]:
//
//	constraint: discreet: no events or public recognition
//	constraint: branch touches moved to phone (not consented)
//
// # Triggers and tasks
//
// A [Task] is one dated piece of contact work, with an identity, a
// priority, a window and the minutes it takes. [Triggers] turn events into
// tasks: a maturity within N days, a retention call after a large
// outflow, an advice call after a large inflow or a business sale, an
// expiring assessment or KYC, a tier change, a birthday. Windows, minutes
// and priorities are configuration ([TriggerSpec]):
//
//	triggers, err := contact.TriggerSpec{MaturityDays: 45}.Compile(nil)
//	tasks, suppressed := triggers.Tasks(&f, contact.SeniorRM, nil)
//	// maturity/2026-07-11 by phone, due 2026-07-11: a holding matures on 2026-07-12, within 45 days
//
// A trigger that fires for a client who asked not to be contacted, or who
// consents to no channel, makes no task: it is reported as [Suppressed]
// with [CodeDoNotContact] or [CodeNoChannel].
//
// # Concurrency
//
// Compiled strategies and triggers are immutable and safe for concurrent
// use; nothing in this package changes the profiles or figures it is
// given.
package contact
