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
// own. [Distribute] counts clients and AUM per class:
//
//	d, err := book.Distribute(sample.Seq(o, 10_000), v, ladder, book.Options{})
//	fmt.Print(d)
//	// class            clients   share      AUM (CNY)   share
//	// mass               1,675   16.8%     43,693,657    0.6%
//	// gold               5,375   53.8%  1,096,967,396   15.7%
//	// ...
//
// [Compare] cross-tabulates a book between two periods or two policies;
// [WhatIf] answers "raise gold from 50,000 to 60,000: who moves where?":
//
//	m, err := book.WhatIf(clients, v, ladder, proposed, book.Options{})
//	for _, mv := range m.Moves() {
//		fmt.Printf("%d clients would move from %s to %s\n", mv.Clients, mv.From, mv.To)
//	}
//	// 305 clients would move from gold to mass
//
// # Decisions
//
// [Decide] makes a playbook's decision for every client and passes each to
// a function, in book order.
//
// # Parallel and deterministic
//
// Every call takes [Options]: with Workers above 1 the book is fanned out
// in batches to that many goroutines, with the same result as serially, in
// the same order, error included: a failure is that of the first failing
// client in the book, located by its position ("/book/17/holdings/3/amount"),
// never by its identifier.
package book
