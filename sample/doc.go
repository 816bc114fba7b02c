// Package sample generates a deterministic synthetic book of VIP clients:
// [vipcare.Profile] values with holdings, liabilities, corporate links,
// suitability and investor facts, contact preferences, last activity, balance
// averages, optionally daily balances, and events, drawn from distributions
// that follow what is known of affluent
// clients of Chinese retail banks. It is for tests, benchmarks and demos,
// and for bank developers who want to try a policy on a realistic book
// before they have real data. No profile describes a real person.
//
//	o := sample.Options{Seed: 7}
//	v := sample.Valuation(o)
//	for _, p := range sample.Profiles(o, 100_000) {
//		f, err := v.Figures(&p)
//		...
//	}
//
// # Books
//
// A book is chosen by [Options]: a seed, an as-of date and, optionally, a
// number of days of daily balances ([Options.DailyDays]). Client i of the
// book is [Profile](o, i); [Seq] and [Profiles] stream the first n clients
// without holding the book (slices.Collect holds it), so memory does not grow
// with n. Client i depends only on the options and i: the
// first 50 clients of a book of 100 are the book of 50, and a parallel
// consumer can split a book into ranges and generate each on its own. Every
// client draws from its own PCG generator (math/rand/v2), seeded with the
// book's seed and a mix of i.
//
// The same options give the same book, value for value, for a given version
// of this package and of Go; a different seed gives an unrelated book. The
// package reads no clock, does no I/O and has no package-level state.
//
// Every profile passes [vipcare.Profile.Validate] under [Valuation](o), the
// as-of date with reporting currency CNY and the sample rates (USD 7.1,
// HKD 0.91, EUR 7.75 CNY), and [vipcare.Valuation.Figures] computes its
// figures without error.
//
// # The clients
//
// The distributions below are per client; the percentages are the expected
// shares of a large book.
//
//   - Identity: ID "C" followed by i in 8 digits ("C00000042"). Age 28 to 75,
//     uniform; client of the bank for 0 to 20 years, and never since before
//     the age of 18.
//   - Declared wealth (at the bank and off-bank): log-normal with a median of
//     800,000 CNY and sigma 1.4, clamped to 10,000 to 5e10 CNY.
//   - Entrepreneurs: 69%. They hold business equity (off-bank), and 60% of
//     them are linked to 1 to 3 corporate clients ("CORP-0000123") as owner
//     (ownership 0.51 to 1), shareholder (0.01 to 0.49) or director.
//   - Asset mix: wealth is split between real estate (86% of clients own
//     property, 30% of them two properties), the client's business and
//     financial assets by Dirichlet-distributed weights; on average real
//     estate is about 25% of wealth, deposits and fixed income together about
//     30%, business equity about 26% of an entrepreneur's wealth, and the rest
//     is in wealth products, funds, equities, insurance and other assets.
//   - Where assets are held: a share of financial assets uniform between 25%
//     and 90% is at the bank, spread over deposits (always) and by chance
//     wealth products (one or two), funds, insurance, fixed income and
//     precious metals; the rest is held at other institutions (OffBank) in 1
//     to 3 asset classes, or more where a client needs them to hold 3
//     classes and 4 holdings. Real estate and business equity are always
//     OffBank. Holdings at the bank other than deposits carry product codes
//     such as "WMP-2041", "FUND-0107", "INS-3012", "BOND-1005", "GOLD-0003"
//     and "QDII-0511".
//   - Foreign investments: 8% of clients have one or two Foreign holdings: a
//     QDII fund at the bank (CNY or USD), Hong Kong or US shares (HKD or
//     USD), a Hong Kong insurance policy (HKD or USD) or an account abroad
//     (USD, HKD or EUR). Amounts are in the holding's currency, so
//     evaluations exercise the rates.
//   - Holdings: typically 4 to 10, in 3 to 8 asset classes, with IDs "H01",
//     "H02", ... in the order: at the bank, at other institutions, real
//     estate, business. Amounts are rounded to cents and never negative.
//   - Liabilities for 35% of clients: a mortgage on their property, a
//     business loan for entrepreneurs, or a personal loan; at this bank or at
//     another one.
//   - Revenue over twelve months: 0.3% to 1.2% of AUM, in CNY.
//   - Suitability: risk level C1 8%, C2 25%, C3 36%, C4 23%, C5 8%, assessed
//     0 to 30 months before the as-of date (so some assessments are older
//     than a year); 3% of clients are unassessed.
//   - Investor facts: FinancialAssets is exactly the CNY total of the
//     financial holdings (everything but real estate and business equity),
//     NetFinancialAssets that less all liabilities; average income over three
//     years log-normal with a median of 350,000 CNY and sigma 0.9; 0 to 25
//     years of investment experience, and at most the client's age less 20.
//   - Contact preferences: 55% Discreet, who allow only 2 to 4 discreet
//     channels (see [vipcare.Channel.IsDiscreet]); of the others, 30% allow
//     any channel and the rest 2 to 6 channels. 90% have a preferred channel
//     among those allowed. 4% DoNotContact, 3% NoProfiling.
//   - Last activity (LastActive): 79% of clients were active within the
//     last 60 days, most of them within two weeks (a truncated exponential
//     with a mean of about 11 days); 11% 61 to 300 days ago; 8% are dormant,
//     last active 13 to 36 months ago (so 12 whole months or more: the
//     reference qualification's dormant rule); 2% unknown (the zero time).
//     LastActive is never before Since; a client of less than 13 months, or
//     one with a large inflow, is never dormant, and a client with a large
//     inflow was active on that day or later.
//   - Balance history: three [vipcare.PeriodAverage] values for the last
//     three calendar months that have ended by the as-of date (April to June
//     for 30 June, March to May for 15 June), each AUM times a factor
//     between 0.85 and 1.10; with [Options.DailyDays], daily balances as
//     described below, and averages that agree with them.
//   - Events, in date order: the next birthday on or after the as-of date
//     (29 February births celebrate on 1 March in common years); a maturity
//     within 90 days for 40% of the wealth products held at the bank, with
//     the holding's ID and amount; a large inflow within the last 60 days for
//     5% of clients; the sale of a business within the last year for 1% of
//     entrepreneurs; a KYC expiry (no amount) 0 to 90 days before the as-of
//     date, so already expired, for 5% of clients, and 1 to 180 days after
//     it, scheduled, for 10%.
//
// # Daily balances
//
// By default a book has no daily balances: generating them costs time and
// memory in proportion to their number, and a point-in-time or averages
// book does not need them. With [Options.DailyDays] = n > 0 each client has
// end-of-day balances of its AUM at the bank in CNY
// (vipcare.Profile.DailyBalances) for the n calendar days ending on the
// as-of date's date in its location, or from the start of the relationship
// (Since) if that is later; a balance is recorded for every day, except
// the missing days below. They tell one story with the rest of the profile:
//
//   - The balance of the as-of date is exactly the AUM at the bank, the
//     total of the holdings at the bank. The other days are rounded to
//     cents.
//   - The balance walks around its level with a daily noise of 1% to 2%
//     (drawn per client) and reverts to it: the logarithm of the balance
//     relative to its level is an AR(1) process with coefficient 0.9,
//     walked back in time from 0 on the as-of date.
//   - Dormant clients' balances do not move: every day is the AUM.
//   - Spike: 4% of clients, all of them recently active, made a one-off
//     deposit of 2 to 5 times their balance 0 to 9 days before the as-of
//     date (never before Since). The holdings include it: the level is the
//     AUM from the day of the deposit on, and the AUM divided by 3 to 6
//     before it, so the average daily balance of a month that began before
//     the deposit is well below the AUM (AUM/ADB about 2 to 5 on 30 June,
//     3 or more, the reference spike rule, for about a third of them). The
//     deposit is recorded as a large inflow event on its day, for
//     about the AUM less the balance before it, and the client was active
//     on that day or later. Without DailyDays there is no trace of the
//     spike but that LastActive.
//   - Missing days: 10% of clients have 1 to 3 runs of 1 to 7 days with no
//     record (never the first day, the as-of date or a deposit's day); a
//     missing day's balance is the last recorded one, carried forward as
//     tier.ADB reads it.
//   - Averages: the average of each of the three months whose first day is
//     within the n days is computed from the series (a missing day carried
//     forward, a day before the first record counting 0), rounded half to
//     even to cents, so it agrees with tier.ADB of that month taken on its
//     last day. The other months keep their factor of 0.85 to 1.10, times
//     the level of the time: the AUM, divided by the spike factor for a
//     month that ended before a deposit; a dormant client's is the AUM.
//
// DailyDays changes nothing else: a book with daily balances has the same
// clients, with the same holdings, dates and events, as the book without,
// except for the balance history and the large inflows of spiked clients.
// 31 days cover the month of a 30 June as-of date, 92 the quarter.
//
// All dates are calendar dates at midnight in the location of the as-of
// date.
//
// # The shelf
//
// [Shelf] returns a synthetic shelf of 50 products in 24 categories, from
// deposits to family trusts, each with its risk rating, minimum ticket,
// the needs it addresses and an old-style sales quota: the products a
// needs.Spec proposes from. With the book, it runs the reference parts end
// to end:
//
//	env, err := (*vipcare.Env)(nil).Allow("age") // the reference needs read age, a protected field
//	advisor, err := needs.Reference(sample.Shelf()).Compile(env)
//	pb, err := playbook.Reference(sample.Shelf()).Compile(nil) // its document justifies reading age
//
// # Concurrency
//
// Every function is safe for concurrent use. To generate a large book on
// several cores, give each goroutine a range of indices and call [Profile].
package sample
