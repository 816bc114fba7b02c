package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
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

	if !values {
		fmt.Fprintln(w, "\nClient amounts and IDs stay hidden, in explanations and in fmt and slog output; run with -values to show amounts.")
	}
	return nil
}
