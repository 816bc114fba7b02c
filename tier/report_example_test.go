package tier_test

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// Raise gold from 50,000 to 60,000: who moves where?
func ExampleWhatIf() {
	o := sample.Options{Seed: 1}
	book := sample.Book(o, 2000)

	current := tier.MustLadder(tier.ReferenceLadder())
	spec := tier.ReferenceLadder()
	spec.Rungs[1].From = decimal.NewFromInt(60_000) // gold
	proposed := tier.MustLadder(spec)

	m, err := tier.WhatIf(slices.Values(book), sample.Valuation(o), current, proposed, tier.ReportOptions{})
	if err != nil {
		panic(err)
	}
	for _, mv := range m.Moves() {
		fmt.Printf("%s -> %s: %d clients\n", mv.From, mv.To, mv.Clients)
	}
	fmt.Printf("up %d, down %d, unchanged %d\n", m.Up(), m.Down(), m.Same())
	// Output:
	// gold -> mass: 64 clients
	// up 0, down 64, unchanged 1936
}

// The distribution of a book over the reference ladder. A sequence of
// index and profile, such as sample.Profiles, is adapted to the sequence of
// profiles reports take; memory does not grow with the book.
func ExampleDistribute() {
	o := sample.Options{Seed: 1}
	profiles := sample.Profiles(o, 2000)
	book := func(yield func(vipcare.Profile) bool) {
		for _, p := range profiles {
			if !yield(p) {
				return
			}
		}
	}
	d, err := tier.Distribute(book, sample.Valuation(o), tier.MustLadder(tier.ReferenceLadder()), tier.ReportOptions{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Print(d)
	// Output:
	// class            clients   share      AUM (CNY)   share
	// mass                 333   16.7%      8,260,784    0.6%
	// gold               1,092   54.6%    215,322,183   15.5%
	// platinum             422   21.1%    424,816,344   30.6%
	// diamond              124    6.2%    396,735,748   28.6%
	// private banking       29    1.5%    342,140,645   24.7%
	// total              2,000  100.0%  1,387,275,704  100.0%
}
