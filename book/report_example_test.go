package book_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// Raise gold from 50,000 to 60,000: who moves where?
func ExampleWhatIf() {
	o := sample.Options{Seed: 1}
	clients := slices.Collect(sample.Seq(o, 2000))

	current := policy.Must(tier.Reference().Compile(nil))
	spec := tier.Reference()
	spec.Rungs[1].From = decimal.NewFromInt(60_000) // gold
	proposed := policy.Must(spec.Compile(nil))

	m, err := book.WhatIf(slices.Values(clients), sample.Valuation(o), current, proposed, book.Options{})
	if err != nil {
		panic(err)
	}
	for _, mv := range m.Moves() {
		fmt.Printf("%s -> %s: %d clients\n", mv.From, mv.To, mv.Clients)
	}
	fmt.Printf("up %d, down %d, unchanged %d\n", m.Up(), m.Down(), len(clients)-m.Up()-m.Down())
	// Output:
	// gold -> mass: 64 clients
	// up 0, down 64, unchanged 1936
}

// The distribution of a book over the reference ladder. The book is a
// sequence of profiles, here generated as it is read: memory does not grow
// with the book.
func ExampleDistribute() {
	o := sample.Options{Seed: 1}
	ladder := policy.Must(tier.Reference().Compile(nil))
	d, err := book.Distribute(sample.Seq(o, 2000), sample.Valuation(o), ladder, book.Options{Workers: 2})
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

// A new version of the whole policy, as a what-if over the book: gold from
// 60,000 instead of 50,000, and the growth strategy for platinum and above
// only, decided by both playbooks for every client.
func ExampleComparePlaybooks() {
	doc := string(playbook.ReferenceDocument())
	current := policy.Must(playbook.Compile([]byte(doc), nil))
	next := strings.Replace(doc, `"from": "50000"`, `"from": "60000"`, 1)
	next = strings.Replace(next, `"when": "segment == \"grow\""`, `"when": "segment == \"grow\" and tier_rank >= 30"`, 1)
	next = strings.Replace(next, `"version": "2026.1"`, `"version": "2026.2"`, 1)
	proposed := policy.Must(playbook.Compile([]byte(next), nil))

	o := sample.Options{Seed: 1}
	c, err := book.ComparePlaybooks(sample.Seq(o, 1000), sample.Valuation(o), current, proposed, book.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Print(c)
	// Output:
	// tier: 27 of 1,000 clients move (0 up, 27 down)
	//   gold -> mass  27
	// segment: 0 of 1,000 clients move
	// strategy: 5 of 1,000 clients move
	//   growth -> digital  5
	// play                    current  proposed  gained  lost
	// advice_session               43        42       0     1
	// global_diversification       90        89       0     1
	// growth_opportunities         12        12       0     0
	// integrated_banking          158       158       0     0
	// preserve_and_grow            26        26       0     0
	// risk_review                  32        32       0     0
	// standard_review              64        64       0     0
	// status_review                14        14       0     0
	// succession_planning           3         3       0     0
}
