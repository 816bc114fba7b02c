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
// copy. For a discreet client with 8,000,000 CNY at the bank who consents
// to video calls (preferred) and secure messages only:
//
//	strategies, err := contact.ReferenceStrategies().Compile(nil, ladder, seg, advisor)
//	t, err := ladder.Assign(&f)
//	pl, err := seg.Place(&f)
//	facts := contact.Facts{Figures: &f, Tier: t, Segment: pl.Segment(), Needs: advisor.Detect(&f)}
//	c := strategies.Choose(&facts)
//	fmt.Printf("%s by rule %q, owner %s\n", c.Strategy.Name, c.Rule, c.Strategy.Owner)
//	for _, n := range c.Constraints {
//		fmt.Println("constraint:", n)
//	}
//	// private by rule "private banking", owner private_banker
//	// constraint: discreet: no events or public recognition
//	// constraint: visit touches moved to video (not consented)
//	// constraint: phone touches moved to video (not consented)
//
// A client's preferences always win over the strategy
// ([Strategies.Choose], [Constrain]): a client who opted out of profiling
// gets the default, non-personalised strategy; do-not-contact removes
// every outbound touch, play, invitation and recognition; a discreet
// client gets no events or public recognition and only discreet channels;
// every touch moves to a channel the client consents to (the preferred
// one, else the first consented in a fixed order), or is dropped, and each
// change is noted in the [Choice], as above.
//
// # Triggers and tasks
//
// A [Task] is one dated piece of contact work, with an identity, a
// priority, a window and the minutes it takes; it prints and logs without
// the client's identifier. [Triggers] turn events into
// tasks: a maturity within N days, a retention call after a large
// outflow, an advice call after a large inflow or a business sale, an
// expiring assessment or KYC, a tier change, a birthday. Windows, minutes
// and priorities are configuration ([TriggerSpec]; its zero value, or a
// nil *Triggers, means the defaults). For a discreet client who prefers
// WeChat, with a holding maturing in 10 days and a large outflow yesterday:
//
//	triggers, err := contact.TriggerSpec{}.Compile(nil)
//	tasks, suppressed := triggers.Tasks(&f, contact.SeniorRM, nil)
//	for _, t := range tasks {
//		fmt.Printf("%s due %s by %s, priority %d: %s\n", t.ID, t.Due.Format(time.DateOnly), t.Channel, t.Priority, t.Reason)
//	}
//	// retention/2026-06-29 due 2026-07-02 by phone, priority 90: a large outflow on 2026-06-29, within the last 30 days
//	// maturity/2026-07-10 due 2026-07-09 by phone, priority 70: a holding matures on 2026-07-10, within 30 days
//
// A trigger that fires for a client who asked not to be contacted, or who
// consents to no channel, makes no task: it is reported as [Suppressed]
// with [CodeDoNotContact] or [CodeNoChannel]. Package rm schedules the
// tasks in the RMs' calendars.
//
// # Deciding without text
//
// Choose and Tasks write text that a monthly run over a whole book mostly
// never reads. [Strategies.Select] and [Triggers.Fire] make the same
// decisions without text and without allocating, for a caller that
// reuses its buffers from client to client. A [Selection] holds the
// chosen strategy and rule as indexes into the spec, a code when the
// default applies ([CodeNoProfiling], [CodeNoRuleMatched]), the owner,
// the plays, and what the client's preferences changed as [Constraints]
// bits; [Strategies.Touches] lists the touches left. A [Fired] is a
// trigger that fired: its task as dates and numbers, or the code that
// suppressed it, with the parameters its reason is made of.
//
//	touches := make([]contact.Touch, 0, 8) // reused for every client
//	fired := make([]contact.Fired, 0, 7)   // room for every trigger kind
//	sel := strategies.Select(&facts)
//	touches = strategies.Touches(touches[:0], sel, &f.Profile.Contact)
//	fired = triggers.Fire(fired[:0], &f, sel.Owner, step)
//
// The text is rendered from them on request, by the code the text paths
// use, so the two cannot disagree: Choose is Select rendered by
// [Strategies.Choice] (and [Strategies.Names] names the strategy and
// rule without allocating); Tasks is Fire rendered by [Fired.Task] and
// [Fired.Reason].
//
// # Concurrency
//
// Compiled strategies and triggers are immutable and safe for concurrent
// use; nothing in this package changes the profiles or figures it is
// given.
package contact
