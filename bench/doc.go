// Package bench measures vipcare side by side with hand-written Go and two
// rules engines, expr-lang/expr and cel-go, on the same small policy. It
// is a nested module with its own go.mod, so that the library's go.mod
// keeps only shopspring/decimal and testify; it exports nothing, and all
// its results are its tests and benchmarks (see README.md).
//
// # The book
//
// A synthetic client is a function of (seed, index): a vipcare.Profile
// with 8 holdings in exact decimal CNY, of random asset classes, some
// declared off-bank, written with 0, 2 or 4 decimal places; a relationship
// start; an entrepreneur flag; links to corporate clients. Some clients
// sit exactly on a ladder threshold or one ten-thousandth of a yuan below
// it, and some keep most of their wealth in deposits, so that the edges of
// the rules are crossed often.
//
// # The policy
//
// Every variant starts from the profile, as a bank has it, and decides
// the same four things:
//
//   - the rung of a 5-step ladder on AUM at the bank (holdings not declared
//     off-bank), with tier.Reference's thresholds: 0, 50,000, 500,000,
//     2,000,000 and 6,000,000 CNY;
//   - business: entrepreneur or corporate_links >= 1;
//   - loyal and wealthy: aum >= 2,000,000 and tenure_months >= 60;
//   - idle cash: share.deposits >= 0.6, deposits (at the bank and off) as a
//     share of declared wealth.
//
// # The variants
//
//   - hand: Go written for this policy: each decimal amount converted
//     exactly to int64 ten-thousandths (as vipcare.Amount holds money),
//     summed with an overflow check, the tenure in calendar months; then
//     the ladder and rules as plain comparisons.
//   - vipcare: the library as a bank uses it: vipcare.Valuation.Compute
//     into one reused vipcare.Figures, a tier.Ladder compiled once from a
//     tier.LadderSpec, three policy rules compiled once against the default
//     environment's schema, evaluated per client.
//   - expr and cel: the hand variant's Go aggregation into a struct of
//     int64 features, then the ladder and the three rules in the engine,
//     each compiled once with its fastest settings: expr with a typed
//     struct environment and one reused VM; cel-go with OptOptimize and an
//     activation that reads the struct without a map.
//   - hand_figures: hand's ladder and rules alone, from features computed
//     before the timer.
//   - vipcare_figures: the ladder and rules as policy.GenerateGo turns
//     them into Go (gen/rules_gen.go, from the policy's text and
//     tier.Reference's thresholds), over rows a policy.Loader filled from
//     vipcare.Figures before the timer.
//   - vipcare_load: vipcare_figures with the row loaded in the timer,
//     from vipcare.Figures computed before it.
//   - vipcare_closures: the ladder and rules as vipcare compiles them at
//     run time (the vipcare variant's), alone, over vipcare.Figures
//     computed before the timer.
//   - hand_funcs: a yardstick rather than a way to decide: hand_figures'
//     ladder and rules as four Go func values called in turn, on the same
//     features. What it costs over hand_figures is what calling rules,
//     rather than inlining them, costs any engine whose rules are data.
//
// BenchmarkFloor times the best case of an engine whose rules are data:
// the same ladder and rules as a program of comparisons over values in
// int64 slots, run by an interpreter with no call at all, a client at a
// time or a chunk of clients at a time over columns (vectorised); and a
// chunk at a time over vipcare.Figures through the schema's accessors.
//
// TestAgree checks that the variants agree with a slow, obvious reference in
// shopspring decimal arithmetic on every client of a 10,000-client book
// and on clients crafted at the edges of every rule; TestGeneratedIsCurrent
// that gen/rules_gen.go is what policy.GenerateGo writes today (go test
// -run Generated -update rewrites it).
package bench
