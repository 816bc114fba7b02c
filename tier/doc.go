// Package tier places VIP clients on asset ladders and keeps them there the
// way banks do: on average daily balances, upgrading quickly and
// downgrading slowly, with exceptions approved by two people, and weeding
// out "unqualified" VIPs. One [LadderSpec] holds the whole tiering policy;
// [LadderSpec.Compile] makes it a [Ladder].
//
// # Ladders
//
// A [LadderSpec] is plain data: a currency, rungs from the lowest to the
// highest, each a [Tier], an entry threshold and an optional extra
// condition written with package policy, and the [Measure] the thresholds
// apply to. [Reference] returns common Chinese retail-bank practice (mass;
// gold from 50,000 CNY; platinum from 500,000; diamond from 2,000,000;
// private banking from 6,000,000) as a value to copy and change:
//
//	spec := tier.Reference()
//	spec.Rungs[1].From = decimal.NewFromInt(60_000) // gold from 60,000
//	ladder, err := spec.Compile(nil)
//
// Compile reports every problem at once, located in the spec's JSON form
// ("/rungs/2/from: "platinum": not in ascending order"). A [Tier] is a name
// and a rank; the zero Tier means unassigned, so a client below the lowest
// rung, or a forgotten assignment, never passes for a real tier. Ranks
// leave gaps so that a bank can insert its own rungs.
//
// [Ladder.Assign] takes the client's vipcare.Figures, computed once per
// client, and returns the highest rung the client qualifies for without
// allocating. [Ladder.Explain] says why:
//
//	e, err := ladder.Explain(&f, policy.ExplainOptions{})
//	fmt.Println(e)
//	// diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//
// Thresholds are policy and always shown; the client's own amount appears
// only when policy.ExplainOptions.Values asks for it. A rung's extra
// condition that fails shows as a rung passed over, with the condition's
// explanation.
//
// # Measures
//
// A [Measure] is one method; [MeasureFunc] adapts a function and [Named]
// names it for explanations. [AUM] is the point-in-time balance. [ADB] is
// the average daily balance of the month or quarter to date (月日均, 季日均),
// carrying the last known balance over days with no record, and
// [BestMonthlyADB] the best month of the last few:
//
//	spec.Measure = tier.ADB(tier.Month)
//
// Periods ([Period], [MonthOf], [QuarterOf]) are calendar months and
// quarters in the caller's time.Location; every day counts once, whatever
// its length. The built-in measures have a JSON form, their name.
//
// # The lifecycle
//
// The spec's [Lifecycle] moves a client on the ladder period by period.
// [Ladder.Observe] measures a period; [Ladder.Step] applies it to the
// client's [State]: a client whose measure meets a higher tier is upgraded
// from the next period; one below its tier goes on watch, and is
// downgraded only after the tier's grace ([Keep]) of consecutive periods
// below, unless a retention band keeps it. [Ladder.Replay] gives the whole
// [Timeline], with the tier on any date and each step with its code
// ([CodeUpgraded], [CodeWatched], [CodeDowngraded], ...):
//
//	obs, err := ladder.ObservePeriods(nil, &f, periods)
//	fmt.Println(ladder.Replay(tier.State{}, obs))
//	// 2026-07: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-08
//
// # Overrides
//
// An [Override] grants or holds a tier by exception, with a reason code, a
// requester and a different approver (four eyes, [ErrFourEyes]), a start
// and an expiry. [Ladder.Apply] gives the [Effective] tier on a date,
// showing the computed tier beside it; an override may lift a client only
// a bounded number of rungs, and stops applying when it expires:
//
//	platinum (computed gold; grant strategic_relationship until 2027-01-01)
//
// # Qualification
//
// The spec's [QualificationSpec] flags "unqualified" VIPs, the clients
// whose balance crossed a line once and who crowd RM books: a balance spike
// far above the period average, dormancy, an expired risk assessment or
// KYC, in the reference ladder. Its rules are a decision table over the
// environment's fields and two of its own. [Ladder.Qualify] gives the
// outcome ([Qualified], [Watch], [Disqualified]) and the [Limit] it puts on
// the tier: no upgrade, a cap, or removal.
//
//	q, err := ladder.Qualify(&f)
//	fmt.Println(q) // watch: balance_spike
//
// # Concurrency
//
// A compiled Ladder is immutable and safe for concurrent use. Nothing in
// this package changes the figures, profiles or specs it is given.
package tier
