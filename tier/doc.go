// Package tier places VIP clients on asset ladders: ordered tiers such as
// mass, gold, platinum, diamond and private banking, each entered at a
// threshold on a measure of the client's assets, with optional extra entry
// conditions written with package policy.
//
// # Ladders
//
// A [LadderSpec] is plain data: a currency, rungs from the lowest to the
// highest, each a [Tier], an entry threshold and an optional extra
// condition, and the [Measure] the thresholds apply to ([AUM] by default).
// [ReferenceLadder] returns common Chinese retail-bank practice as a value to
// copy and change. [NewLadder] compiles a spec, reporting every problem at
// once as typed errors ([ErrNotAscending], [ErrDuplicateThreshold],
// [ErrDuplicateName], [ErrEmpty], ...).
//
// # Tiers
//
// A [Tier] is a name and a rank. The zero Tier means unassigned, so a client
// below the lowest rung, or a forgotten assignment, never passes for a real
// tier. Ranks leave gaps so that a bank can insert its own rungs.
//
// # Assigning and explaining
//
// [Ladder.Assign] takes the client's vipcare.Figures, computed once per
// client, and returns the highest rung the client qualifies for without
// allocating. [Ladder.Explain] says why, for example
//
//	diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//
// Thresholds are policy and always shown; the client's own amount appears
// only when policy.ExplainOptions.Values asks for it.
//
// # Measures
//
// A [Measure] is one method; [MeasureFunc] adapts a function, and [Named]
// gives a measure a name for explanations. A measure must be deterministic
// and safe for concurrent use.
//
// # Concurrency
//
// A compiled [Ladder] is immutable and safe for concurrent use. Nothing in
// this package changes the figures or profiles it is given.
package tier
