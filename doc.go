// Package vipcare is the client model of a library that helps retail banks
// serve their affluent ("VIP") clients by need rather than by product quota:
// tier them on asset ladders, segment them, infer their needs, choose how
// relationship managers (RMs) contact and serve them, and measure whether
// the RMs have the hours.
//
// # The packages
//
// Dependencies point one way, from the client model and the rule core up
// to the pipeline and the book:
//
//	vipcare    the client model: Profile, Money, Figures, Env, validation, redaction
//	policy     the rule core: fields, conditions, compile, tables, explanations, Problems
//	tier       asset ladders, measures and ADB, the lifecycle, overrides, qualification
//	segment    multi-dimensional segmentation
//	needs      needs detection with evidence, suitability, needs-driven plays
//	contact    contact, service and sales strategies; event triggers; tasks
//	rm         the RM side on one book model: capacity, assignment, scheduling
//	playbook   every part in one spec, compiled once: one client's decision
//	book       book-level runs and reports, parallel and deterministic
//	sample     a deterministic synthetic book, for tests and trying policies
//
// Every part is a Spec, plain data, compiled once against an [Env] into an
// immutable value safe for concurrent use; construction reports every
// problem at once as policy.Problems located in the spec's JSON form.
//
// # Profiles
//
// A [Profile] is plain data the caller owns: [Holding] values by
// [AssetClass], at the bank or declared off-bank (real estate, the client's
// own business, assets at other institutions), liabilities, revenue
// contribution, entrepreneur status and links to corporate clients
// ([CorporateLink]), the assessed [RiskLevel] (C1 to C5), qualified-investor
// facts ([InvestorFacts]), contact and privacy [Preferences], daily and
// period-average balances, and dated [Event] values. Nothing in vipcare
// changes a profile it is given.
//
// A profile decodes from JSON strictly, through encoding/json or
// policy.Unmarshal alike ([Profile.UnmarshalJSON]): a misspelt key such as
// "holdngs", a key in another case or repeated, a value of the wrong type
// or a malformed amount is an error located by JSON pointer, line and
// column, never a silently empty field:
//
//	err := json.Unmarshal([]byte(`{"id": "C1", "holdngs": []}`), &p)
//	// vipcare: /holdngs: line 1, column 14: "holdngs": unknown key (closest of 17: holdings, ...)
//
// # Money
//
// Amounts at the API are [Money]: a decimal.Decimal and a [Currency]:
//
//	m, err := vipcare.NewMoney("1250000.50", vipcare.CNY)
//	fmt.Println(m) // 1250000.5 CNY
//
// Inside an evaluation they become [Amount], an exact int64 count of
// ten-thousandths, so that figures and rules run without rounding and
// without allocating. Every amount is bounded (14 integer digits, 4 decimal
// places), which keeps sums exact and stops decimals with huge exponents at
// the boundary. A conversion at [Rates] rounds each amount in another
// currency half to even to 4 decimal places, before it is summed; a
// [Share] of two amounts ([ShareOf]), a fraction in millionths, is
// truncated, and an average daily balance rounded half to even; sums and
// differences never round.
//
// # Valuation and figures
//
// One evaluation has one reporting currency. A [Valuation] names it, with
// the as-of date and a [Rates] table the caller gives for other currencies;
// amounts in a currency without a rate are an error ([ErrNoRate]), never a
// silent sum. [Valuation.Figures] computes, once per client, the [Figures]
// rules read ([Valuation.Compute] into figures a caller reuses):
//
//	rates, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
//		vipcare.USD: decimal.RequireFromString("7.1234"),
//	})
//	v := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: rates}
//	f, err := v.Figures(&p) // 1,250,000.50 + 2,000,000 CNY and 100,000 USD at the bank, a 3,500,000 CNY flat
//	fmt.Println(f.AUM, f.Wealth, f.Currency) // 3962340.5 7462340.5 CNY
//
// # The environment
//
// An [Env] holds the fields rules may read, in one schema over [Figures]
// built once: totals, shares per asset class, age, leverage, recent events,
// how current the client's facts are (see [NewEnv] for the list). A bank
// adds its own asset classes and fields:
//
//	env, err := vipcare.NewEnv([]vipcare.AssetClass{"precious_metals"},
//		policy.Int("products_held", func(f *vipcare.Figures) int64 { return int64(len(f.Profile.Holdings)) }))
//	gold, err := policy.Compile(env.Schema(), policy.Field("share.precious_metals").GE("0.1"))
//
// A field is also how a segmentation scores a bank's own dimension. The
// other parts of a policy written in Go, a ladder's measure or a
// suitability check, are registered by name with [Env.WithParts]
// (tier.MeasurePart, needs.CheckPart), and the spec names them: a spec is
// always plain data with a complete JSON form, and a name it uses that the
// environment lacks is located at compile time.
//
//	env, err = env.WithParts(tier.MeasurePart("rolling_adb_6m", rolling))
//
// Every part is compiled in an environment; a nil *Env is the default one.
//
// Some fields must not decide how a client is treated without a stated
// reason: [Env.Protect] marks them (every environment protects age; a bank
// adds its fields of gender, ethnicity, region, anything derived from an
// ID), and a rule reading one is refused with policy.ErrProtected unless
// the policy document justifies that use (playbook.Justification), or a
// caller compiling a part alone allows it ([Env.Allow]):
//
//	env, err = env.Protect("gender")
//
// # Validation
//
// [Profile.Validate] reports every problem at once, as policy.Problems
// located by JSON pointers into the profile, matching with errors.Is the
// model's sentinels ([ErrNegative], [ErrFutureDate], [ErrNoRate], ...) and
// the shared ones of package policy. Errors name the field, never its
// value:
//
//	err := p.Validate(v) // see the example of Profile.Validate
//	fmt.Println(err)
//	// vipcare: /holdings/1/id: duplicate of /holdings/0/id
//	// vipcare: /holdings/1/class: malformed
//	// vipcare: /holdings/1/amount: negative amount
//	// vipcare: /holdings/2/amount: no exchange rate to the reporting currency
//	// vipcare: /risk: unknown (want one of: C1, C2, C3, C4, C5)
//	// vipcare: /events/0/date: date after the as-of date
//	fmt.Println(errors.Is(err, vipcare.ErrNegative)) // true
//
// A holding's class is checked for its form; [Env.Validate] also checks it
// against the classes of the bank's environment, so that a misspelt
// "depostis" is unknown rather than counted in AUM and in no class.
//
// [Valuation.Figures] stops at the first problem, and refuses what
// Validate refuses of the amounts it reads: an amount beyond the bounds of
// [Amount], a negative holding, debt, financial assets or maturity, a
// total that overflows ([ErrOverflow]). No sum or difference of amounts in
// vipcare wraps around. A Figures reads some of the profile (its dates,
// flags, events and preferences) when a rule asks, not when it is
// computed: keep the profile as it is while its figures are in use, and
// decode each client into a profile of its own.
//
// # Reason codes
//
// Every decision in vipcare carries its reasons as a [Code], a stable
// machine-readable string such as "risk_mismatch" or "downgraded", which
// each package lists as constants.
//
// # Confidentiality
//
// Clients of private banking value discretion, and financial accounts are
// sensitive personal information under PIPL Art. 28. fmt (every verb),
// log/slog (either handler, at any depth) and the default JSON of a
// [Profile], its records, [InvestorFacts] and [Figures] show neither
// amounts nor identifiers, and neither do those of the other packages'
// types that hold them (tasks, lifecycle steps, decisions, the RM book):
//
//	fmt.Println(p)         // Profile{id:[redacted] holdings:1 risk:C3}
//	json.Marshal(p)        // {"id":"[redacted]","holdings":1,"risk":"C3"}
//	slog.Info("x", "p", p) // p.id=[redacted] p.holdings=1 p.risk=C3
//
// [Disclosed] is the one explicit way to them, for storage: its JSON is
// the whole value, which json.Unmarshal reads back. A decision is stored
// as its record (playbook.Record), marshalled through Disclosed too: its
// default JSON, like every other, has neither the caller's reference of
// the client nor an amount. A bare [Money] is the
// caller's own value and prints its amount. Errors name fields, never a
// client's value.
//
// Three limits come from fmt itself. It cannot call a method on a value
// it reaches through an unexported field, so a caller's own struct that
// holds a Profile in an unexported field prints it raw under %v and
// through slog's text handler (log the Profile itself, or give the struct
// a LogValue). A verb that does not suit a pointer inside another value
// (%s, %q, %d of a struct that holds a *Request holding a Profile) makes
// fmt print that pointer's target in its error form, %!s(*Request=&{...}),
// calling no method below it: log with %v, which go vet checks for
// statically typed arguments. And %p prints an address. Counts and totals
// of a book (book.Distribution, book.Matrix, rm.Roster's Value and
// Covered) are aggregates: a class of one client shows that client's AUM,
// so show them to readers entitled to the book.
//
// # Concurrency
//
// [Env], [Rates] and their schemas are immutable and safe for concurrent
// use. A [Figures] value belongs to the goroutine that computed it.
package vipcare
