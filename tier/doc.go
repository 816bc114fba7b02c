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
// condition written with package policy, and the name of the [Measure]
// the thresholds apply to. [Reference] returns common Chinese retail-bank
// practice (mass; gold from 50,000 CNY; platinum from 500,000; diamond
// from 2,000,000; private banking from 6,000,000) as a value to copy and
// change:
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
//	t, err := ladder.Assign(&f) // f: 2,300,000 CNY at the bank
//	fmt.Println(t) // diamond
//	e, err := ladder.Explain(&f, policy.ExplainOptions{})
//	fmt.Println(e)
//	// diamond: AUM at the bank at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY
//
// Thresholds are policy and always shown; the client's own amount appears
// only when [policy.ExplainOptions].Values asks for it, and never a
// discreet client's (vipcare.Preferences.Discreet). A rung's extra
// condition that fails shows as a rung passed over, with the condition's
// explanation.
//
// # Measures
//
// A spec names its [Measure]. "aum" (the default) is the point-in-time
// balance, [AUM]. "adb_month" and "adb_quarter" are the average daily
// balance of the month or quarter to date (月日均, 季日均), [ADB], carrying
// the last known balance over days with no record, and
// "best_monthly_adb_3" the best month of the last 3 ([BestMonthlyADB]):
//
//	spec.Measure = "adb_month"
//
// Periods ([Period], [MonthOf], [QuarterOf]) are calendar months and
// quarters in the caller's time.Location; every day counts once, whatever
// its length. Their text, "2026-02" or "2026-Q1" with a year of four
// digits, reads back as the same period. A balance measure with no daily balances, and no
// bank-computed average for the period, fails with [ErrNoHistory].
//
// A bank's own measure is written in Go (a [Measure] is one method;
// [MeasureFunc] adapts a function), registered by name in the environment
// with [MeasurePart], and named by the spec, which stays plain data with a
// complete JSON form:
//
//	env, err := vipcare.NewEnv(nil)
//	env, err = env.WithParts(tier.MeasurePart("rolling_adb_6m", rolling))
//	spec.Measure = "rolling_adb_6m"
//	ladder, err := spec.Compile(env)
//
// A rung's threshold is its From, written once: an extra condition that
// compares the field the measure is (aum, for "aum") is refused.
//
// # The lifecycle
//
// The spec's [Lifecycle] moves a client on the ladder period by period.
// [Ladder.Observe] measures a period ([Ladder.ObservePeriods] many, from
// one set of figures, for balance measures such as ADB); [Ladder.Step]
// applies it to the client's [State]: a client whose measure meets a higher
// tier is upgraded from the next period; one below its tier goes on watch,
// and is downgraded only after the tier's grace ([Keep]) of consecutive
// periods below, unless a retention band keeps it. [Ladder.Replay] gives
// the whole [Timeline], with the tier on any date and each step with its
// code ([CodeUpgraded], [CodeWatched], [CodeDowngraded], ...). A client whose
// AUM was 80,000, 650,000, 420,000, 510,000, then 300,000 for three months:
//
//	month := tier.MonthOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
//	var obs []tier.Observation
//	for _, f := range figures { // the client's figures as of each month's last day
//		o, err := ladder.Observe(&f, month)
//		if err != nil {
//			return err
//		}
//		obs = append(obs, o)
//		month = month.Next()
//	}
//	timeline := ladder.Replay(tier.State{}, obs)
//	fmt.Println(timeline)
//	// 2026-01: entered gold: AUM at the bank at or above 50,000 CNY; from 2026-02
//	// 2026-02: gold → platinum, upgraded: AUM at the bank at or above platinum's 500,000 CNY; from 2026-03
//	// 2026-03: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY
//	// 2026-04: platinum off watch: AUM at the bank at or above 500,000 CNY
//	// 2026-05: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY
//	// 2026-06: platinum on watch, 2 of 3 periods below: AUM at the bank below 500,000 CNY
//	// 2026-07: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-08
//	fmt.Println(timeline.TierOn(time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC))) // platinum
//
// # Overrides
//
// An [Override] grants or holds a tier by exception, with a reason code, a
// requester and a different approver (four eyes, [ErrFourEyes]), a start
// and an expiry. [Ladder.Apply] gives the [Effective] tier on a date,
// showing the computed tier beside it; an override may lift a client only
// [Lifecycle].MaxOverride rungs above the computed tier, and stops applying
// when it expires:
//
//	gold := tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}}
//	overrides := []tier.Override{{
//		Tier:      tier.Tier{Name: "platinum", Rank: 30},
//		Code:      "strategic_relationship",
//		Requester: "rm-0417",
//		Approver:  "branch-head-02",
//		From:      time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
//		Until:     time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
//	}}
//	e, err := ladder.Apply(gold, overrides, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
//	fmt.Println(e) // platinum (computed gold; grant strategic_relationship until 2027-01-01)
//	e, err = ladder.Apply(gold, overrides, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
//	fmt.Println(e) // gold (computed, no override)
//
// Overrides and states are data a bank stores and reloads; both decode
// strictly, through encoding/json as through policy.Unmarshal, so that a
// misspelt key ("requestor", "belo") is a problem, not a dropped value.
// policy.Unmarshal locates it in the whole document
// ("/overrides/1/requestor", its line and column); encoding/json, which
// hands each override its own bytes, within the override ("/requestor").
//
// # Qualification
//
// The spec's [QualificationSpec] flags "unqualified" VIPs, the clients
// whose balance crossed a line once and who crowd RM books. Its rules are a
// decision table (policy's Collect hit policy) over the environment's
// fields and two of its own, spike_ratio and period_average; the worst
// outcome flagged wins. The reference ladder flags a balance spike (AUM at
// least 3 times the month's average daily balance; watch), dormancy (12
// months or more; disqualified), a risk assessment never made or 12 months
// old or more, and an expired KYC (watch); watch stops upgrades and
// disqualified caps the client at the lowest tier. A cap is a [Ref]: by
// role ("lowest", "highest") or rank, it keeps working when the bank
// renames its tiers. [Ladder.Qualify] gives the outcome
// ([Qualified], [Watch], [Disqualified]) and the [Limit] it puts on the
// tier: no upgrade, a cap, or removal; [Ladder.ExplainQualification] says
// which rules flagged the client and why. A client assessed C3 this year who
// kept 100,000 CNY at the bank and deposited 1,900,000 on 28 November:
//
//	q, err := ladder.Qualify(&f) // f as of 30 November
//	fmt.Println(q) // watch: balance_spike
//	fmt.Println(q.Limit.NoUpgrade, q.Limit.Code) // true balance_spike
//
// To carry the limit into the lifecycle, set [Observation].Limit to
// q.Limit before [Ladder.Step].
//
// # Concurrency
//
// A compiled Ladder is immutable and safe for concurrent use. Nothing in
// this package changes the figures, profiles or specs it is given.
package tier
