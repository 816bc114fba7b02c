package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

func main() {
	n := flag.Int("n", 10_000, "number of clients in the sample book")
	seed := flag.Uint64("seed", 1, "seed of the sample book")
	values := flag.Bool("values", false, "show client amounts in explanations")
	flag.Parse()
	if err := run(os.Stdout, *n, *seed, *values); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, n int, seed uint64, values bool) error {
	if n < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	opts := sample.Options{Seed: seed}
	book := sample.Seq(opts, n) // streamed: the book is never held in memory
	valuation := sample.Valuation(opts)
	parallel := tier.ReportOptions{Workers: runtime.NumCPU()}

	// 1. Tier the book on the reference ladder.
	ladder, err := tier.NewLadder(tier.ReferenceLadder())
	if err != nil {
		return err
	}
	dist, err := tier.Distribute(book, valuation, ladder, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "A synthetic book of %d VIP clients (seed %d) as of %s, tiered on AUM at the bank:\n\n%s",
		n, seed, valuation.AsOf.Format("2006-01-02"), dist)

	// 2. Explain three assignments: the first client of each of the three
	// highest tiers that have one.
	fmt.Fprintln(w, "\nWhy three clients got their tier:")
	tiers := ladder.Tiers()
	want := map[tier.Tier]bool{}
	for i := len(tiers) - 1; i >= 0 && len(want) < 3; i-- {
		if dist.Rows[i].Clients > 0 {
			want[tiers[i]] = true
		}
	}
	var f vipcare.Figures
	for i, p := range sample.Profiles(opts, n) {
		if len(want) == 0 {
			break
		}
		if err := valuation.Compute(&p, &f); err != nil {
			return err
		}
		a, err := ladder.Assign(&f)
		if err != nil || !want[a.Tier] {
			continue
		}
		delete(want, a.Tier)
		e, err := ladder.Explain(&f, policy.ExplainOptions{Values: values})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  client #%d, %v\n    %s\n", i, p, e)
	}

	// 3. Segment the book: value x potential decides where RM time goes.
	seg, err := tier.NewSegmentation(tier.ReferenceSegmentation())
	if err != nil {
		return err
	}
	segments, err := tier.Distribute(book, valuation, seg, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe same book in segments (value x potential):\n\n%s", segments)

	// 4. What if gold started at 60,000 CNY instead of 50,000?
	proposal := tier.ReferenceLadder()
	proposal.Rungs[1].From = decimal.NewFromInt(60_000)
	proposed, err := tier.NewLadder(proposal)
	if err != nil {
		return err
	}
	m, err := tier.WhatIf(book, valuation, ladder, proposed, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhat if gold started at 60,000 CNY instead of 50,000?")
	moves := m.Moves()
	if len(moves) == 0 {
		fmt.Fprintln(w, "  nobody would move")
	}
	for _, mv := range moves {
		fmt.Fprintf(w, "  %d clients would move from %s to %s\n", mv.Clients, mv.From, mv.To)
	}

	// 5. Needs: how often each occurs, and one client's ranked plays.
	detector, err := needs.NewDetector(needs.ReferenceDetectors())
	if err != nil {
		return err
	}
	count := map[needs.Need]int{}
	for p := range book {
		if err := valuation.Compute(&p, &f); err != nil {
			return err
		}
		det := detector.Detect(&f)
		for _, n := range detector.Needs() {
			if det.Has(n) {
				count[n]++
			}
		}
	}
	fmt.Fprintln(w, "\nHow often each need occurs in the book:")
	for _, info := range needs.Catalogue() {
		fmt.Fprintf(w, "  %-36s %6d clients  %5.1f%%\n", info.Title, count[info.Need],
			100*float64(count[info.Need])/float64(n))
	}

	shelf, err := needs.NewShelf(sample.Shelf()...)
	if err != nil {
		return err
	}
	rec, err := needs.NewRecommender(needs.RecommenderSpec{
		Detector: detector, Shelf: shelf, Pack: needs.ChinaPack(),
		Plays: needs.ReferencePlays(), Default: []string{"standard_review"},
	})
	if err != nil {
		return err
	}
	const example = 13
	p := sample.Profile(opts, example)
	if err := valuation.Compute(&p, &f); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nClient #%d's plays, needs-driven, then the old product-driven way:\n", example)
	for _, r := range []*needs.Recommender{rec, rec.WithStrategy(needs.ProductDriven)} {
		rs := r.Recommend(&f, nil, policy.ExplainOptions{Values: values})
		fmt.Fprintf(w, "  %s\n", rs.Strategy)
		for i, play := range rs.Plays {
			products := make([]string, len(play.Offers))
			for j, o := range play.Offers {
				products[j] = o.Product
			}
			fmt.Fprintf(w, "    %d. %s: %s\n       offers %s\n", i+1, play.Title, play.Reason, strings.Join(products, ", "))
		}
	}

	if !values {
		fmt.Fprintln(w, "\nClient amounts and IDs stay hidden, in explanations and in fmt and slog output; run with -values to show amounts.")
	}
	return nil
}
