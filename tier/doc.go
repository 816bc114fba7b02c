// Package tier places VIP clients on asset ladders and keeps them there the
// way banks do: on average daily balances, upgrading quickly and
// downgrading slowly, with exceptions approved by two people, weeding out
// "unqualified" VIPs, and segmenting the book on several dimensions so that
// RM time goes where it counts. Book reports show what a policy does to a
// whole book before it is adopted.
//
// # Ladders
//
// A [LadderSpec] is plain data: a currency, rungs from the lowest to the
// highest, each a [Tier], an entry threshold and an optional extra
// condition written with package policy, and the [Measure] the thresholds
// apply to. [ReferenceLadder] returns common Chinese retail-bank practice
// (mass; gold from 50,000 CNY; platinum from 500,000; diamond from
// 2,000,000; private banking from 6,000,000) as a value to copy and change.
// [NewLadder] compiles a spec, reporting every problem at once as typed
// errors ([ErrNotAscending], [ErrDuplicateThreshold], [ErrDuplicateName],
// [ErrEmpty], ...).
//
// A [Tier] is a name and a rank. The zero Tier means unassigned, so a client
// below the lowest rung, or a forgotten assignment, never passes for a real
// tier. Ranks leave gaps so that a bank can insert its own rungs.
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
// A [Measure] is one method; [MeasureFunc] adapts a function and [Named]
// names it for explanations. [AUM] is the point-in-time balance. [ADB] is
// the average daily balance of the month or quarter to date (月日均, 季日均),
// carrying the last known balance over days with no record, and
// [BestMonthlyADB] the best month of the last few. Periods ([Period],
// [MonthOf], [QuarterOf]) are calendar months and quarters in the caller's
// time.Location; every day counts once, whatever its length.
//
// # The lifecycle
//
// A [Lifecycle] moves a client on a ladder period by period.
// [Lifecycle.Observe] measures a period; [Lifecycle.Step] applies it to the
// client's [State]: a client whose measure meets a higher tier is upgraded
// from the next period; one below its tier goes on watch, and is downgraded
// only after the tier's grace ([Keep]) of consecutive periods below,
// unless a retention band keeps it. [Lifecycle.Replay] gives the whole
// [Timeline], with the tier on any date and each change with its reason:
//
//	2026-07: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-08
//
// # Overrides
//
// An [Override] grants or holds a tier by exception, with a reason code, a
// requester and a different approver (four eyes), a start and an expiry.
// [Lifecycle.Apply] gives the [Effective] tier on a date, showing the
// computed tier beside it; an override may lift a client only a bounded
// number of rungs, and stops applying when it expires.
//
// # Qualification
//
// A [Qualifier] flags "unqualified" VIPs, the clients whose balance crossed
// a line once and who crowd RM books: a balance spike far above the period
// average, dormancy, an expired risk assessment or KYC
// ([ReferenceQualification]). Its rules are a policy decision table over
// vipcare's fields and a few of its own ([QualificationSchema]). The outcome
// ([Qualified], [Watch], [Disqualified]) becomes a [Limit] on the tier as the
// bank chooses: no upgrade, a cap, or removal.
//
// # Segmentation
//
// A [Segmentation] scores each client on several [Dimension] values (value,
// potential from declared off-bank wealth and business ownership,
// relationship depth, or any score, such as a need's strength), puts each
// score in a [Band], and maps the band combination to a segment through a
// policy decision table: "maintain", "grow", "develop", "serve digitally"
// in [ReferenceSegmentation].
//
// # Book reports
//
// Ladders and segmentations are both a [Classifier], and book reports work
// on any classifier over a book given as an iter.Seq of profiles (a slice
// through slices.Values): [Distribute] counts clients and AUM per class,
// [Compare] builds a migration matrix between two periods or two policies,
// and [WhatIf] answers "raise gold from 50,000 to 60,000: who moves where?".
// Memory does not grow with the book, and reports run in parallel when
// asked, with the same result as serially.
//
// # Concurrency
//
// Compiled ladders, lifecycles, qualifiers and segmentations are immutable
// and safe for concurrent use. Nothing in this package changes the figures,
// profiles or specs it is given.
package tier
