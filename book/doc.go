// Package book runs vipcare over a whole book of clients, given as an
// iter.Seq of profiles (a slice is slices.Values(profiles); sample.Seq
// streams a synthetic book): reports that show what a policy does to a
// book before it is adopted, and a playbook's decision for every client.
// Memory does not grow with the book, which is ranged over once.
//
// # Reports
//
// A [Classifier] puts a client in one of a fixed list of classes: a
// tier.Ladder in a tier, a segment.Segmentation in a segment, or a bank's
// own. [Distribute] counts clients and AUM at the bank per class:
//
//	o := sample.Options{Seed: 1}
//	ladder := policy.Must(tier.Reference().Compile(nil))
//	d, err := book.Distribute(sample.Seq(o, 2000), sample.Valuation(o), ladder, book.Options{Workers: 2})
//	fmt.Print(d)
//	// class            clients   share      AUM (CNY)   share
//	// mass                 333   16.7%      8,260,784    0.6%
//	// gold               1,092   54.6%    215,322,183   15.5%
//	// platinum             422   21.1%    424,816,344   30.6%
//	// diamond              124    6.2%    396,735,748   28.6%
//	// private banking       29    1.5%    342,140,645   24.7%
//	// total              2,000  100.0%  1,387,275,704  100.0%
//
// [Compare] cross-tabulates a book between two [Side] values: two periods
// (a migration), two policies, or a tier by a segment. Its [Matrix] gives
// every cell, the [Move] groups and the clients who went up and down.
// [WhatIf] is Compare with one valuation, answering "raise gold from 50,000
// to 60,000: who moves where?":
//
//	spec := tier.Reference()
//	spec.Rungs[1].From = decimal.NewFromInt(60_000) // gold
//	proposed := policy.Must(spec.Compile(nil))
//	m, err := book.WhatIf(slices.Values(clients), sample.Valuation(o), ladder, proposed, book.Options{})
//	for _, mv := range m.Moves() {
//		fmt.Printf("%s -> %s: %d clients\n", mv.From, mv.To, mv.Clients)
//	}
//	fmt.Printf("up %d, down %d\n", m.Up(), m.Down())
//	// gold -> mass: 64 clients
//	// up 0, down 64
//
// where clients is slices.Collect(sample.Seq(o, 2000)).
//
// [ComparePlaybooks] is the what-if of a new version of a whole policy: it
// decides every client under two playbooks and gives, in a
// [PlaybookComparison], a Matrix for the tier, the segment and the
// strategy, and for every play the clients who gain or lose it:
//
//	c, err := book.ComparePlaybooks(sample.Seq(o, 1000), sample.Valuation(o), current, proposed, book.Options{Workers: 2})
//	fmt.Println(c)
//	// tier: 27 of 1,000 clients move (0 up, 27 down)
//	//   gold -> mass  27
//	// segment: 0 of 1,000 clients move
//	// strategy: 5 of 1,000 clients move
//	//   growth -> digital  5
//	// play                    current  proposed  gained  lost
//	// advice_session               43        42       0     1
//	// ...
//
// where proposed is the reference document with gold from 60,000 and the
// growth strategy for platinum and above only (see the example of
// ComparePlaybooks).
//
// # Decisions
//
// [Explain] makes a playbook's decision for every client, explained, and passes each,
// with the client's position and profile, to a function, in book order:
//
//	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
//	strategies := map[string]int{}
//	err = book.Explain(sample.Seq(o, 1000), pb, sample.Valuation(o), book.Options{Workers: 4},
//		func(i int, p *vipcare.Profile, d playbook.Explanation) error {
//			strategies[d.Strategy.Strategy.Name]++
//			return nil
//		})
//	fmt.Println(strategies["relationship"], strategies["digital"]) // 230 636
//
// # Fairness
//
// [Fairness] checks a policy against a protected attribute over a book: it
// decides every client as the profile is and as a function changes it
// (ten years older, the other gender digit of a resident ID number), and
// reports, in a [FairnessReport], every part of the decision that changed
// and for how many clients. The reference policy reads age in one place,
// justified in its document (a signal of the preservation need), and
// reads nothing derived from an ID:
//
//	older := func(p *vipcare.Profile) { p.Birth = p.Birth.AddDate(-10, 0, 0) }
//	r, err := book.Fairness(sample.Seq(o, 1000), sample.Valuation(o), pb, older, book.Options{Workers: 2})
//	fmt.Println(r)
//	// 1,000 clients, 97 decided otherwise (9.7%)
//	// part      what                 clients  share
//	// tier                                 0   0.0%
//	// segment                              0   0.0%
//	// needs                               97   9.7%
//	//           preservation              97   9.7%
//	// strategy                             0   0.0%
//	// plays                               24   2.4%
//	//           standard_review           22   2.2%
//	// ...
//
// # The monthly run
//
// [Run] is what a bank does each month: every [Account] (the profile, the
// lifecycle state stored after the last run, the tier overrides, the
// plays made) decided within the lifecycle, fast and without text
// (playbook.Playbook.Decide), and for each client a [Result]: the record
// to store (playbook.Record: policy id, version and digest, reason codes
// and their parameters, no amount unless [Options].Values asks), the
// state to store for next month, the tasks for the RM.
// The [RunReport] counts the book: entered, upgraded, downgraded, on
// watch, overridden, overrides expiring, and the migration from last
// month's tiers:
//
//	report, err := book.Run(slices.Values(accs), pb, v, tier.MonthOf(v.AsOf), book.Options{Workers: 2},
//		func(i int, r *book.Result) error {
//			rec, err := json.Marshal(vipcare.Disclosed(r.Record)) // the record whole, to store
//			// store rec and r.State; queue r.Tasks for the client's RM
//			return err
//		})
//	fmt.Print(report)
//	// 2026-06: 1000 clients; 200 entered, 26 upgraded, 171 downgraded, 331 on watch; 91 overridden, 91 overrides expiring
//	// from \ to        mass  gold  platinum  diamond  private banking  total
//	// ...
//
// A stored state whose tier the playbook's ladder does not have (a table
// from before tiers were renamed) stops the run at that client rather
// than starting it afresh: check the table where it is loaded, with
// pb.Ladder().CheckState(state). The run does not run
// vipcare.Profile.Validate either, nor do the other calls of this package;
// validate profiles where they enter.
// By default the first client the run cannot decide stops it; with
// [Options].KeepGoing it decides every client it can, hands each of the
// others to fn with its located error in [Result].Err and nothing to
// store, and counts them in [RunReport].Failed:
//
//	report, err := book.Run(accounts, pb, v, period, book.Options{Workers: 2, KeepGoing: true},
//		func(i int, r *book.Result) error {
//			if r.Err != nil {
//				toMend = append(toMend, r.Err) // "/book/17/daily_balances: ...": its stored state stands
//				return nil
//			}
//			// store r.Record and r.State; queue r.Tasks
//			return nil
//		})
//
// # Parallel and deterministic
//
// Every call takes [Options]: with Workers above 1 the book is fanned out
// in batches to that many goroutines, with the same result as serially, in
// the same order, error included: a failure is that of the first failing
// client in the book, located by its position ("/book/17/holdings/3/amount"),
// never by its identifier. A panic, in the work, in Explain's fn or in the
// book's own iterator, reaches the caller as it would serially: after
// every client before it, once every worker has ended. What is wrong with
// the call itself is refused before the book is read, whatever the book:
// a valuation with no currency, a malformed one or, for the calls that
// take playbooks, another than theirs (policy.ErrMissing,
// policy.ErrMalformed, vipcare.ErrCurrency at "/valuation/currency";
// "/from/..." and "/to/..." for Compare's sides) or with no as-of date
// (policy.ErrMissing at "/valuation/as_of"), a missing playbook,
// classifier or function (but Run's, which may be nil for the report
// alone), all at once.
package book
