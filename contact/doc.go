// Package contact turns tiers, segments and needs into what happens next:
// who contacts each client, how often and through which channel, with what
// service, on which triggers, and whether the relationship managers have
// the hours to do it.
//
// # Strategies
//
// A [Strategy] is how a group of clients is served: the owner [Role], the
// [Touch] cadence by channel, the [Service] the clients are entitled to,
// and how many needs-driven plays a conversation carries. A client's
// preferences always win over the strategy: a discreet client gets no
// events, mailings or public recognition and only discreet, consented
// channels; do-not-contact means no outbound contact; a client who opted
// out of profiling gets the default, non-personalised strategy.
//
// # Tasks
//
// A [Task] is one dated piece of contact work, with a priority, a window
// and the minutes it takes: a planned touch, or the answer to a trigger
// (a maturity, a large outflow, an expiring assessment).
//
// # Concurrency
//
// Compiled values are immutable and safe for concurrent use; nothing in
// this package changes the profiles or figures it is given.
package contact
