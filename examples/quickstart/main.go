package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

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

// row is one line of the tier table.
type row struct {
	clients int
	aum     decimal.Decimal
	example int // index of the first client in the tier, -1 if none
}

func run(w io.Writer, n int, seed uint64, values bool) error {
	if n < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	opts := sample.Options{Seed: seed}
	valuation := sample.Valuation(opts)
	ladder, err := tier.NewLadder(tier.ReferenceLadder())
	if err != nil {
		return err
	}

	tiers := ladder.Tiers()
	rows := make(map[tier.Tier]*row, len(tiers)+1)
	for _, t := range append(tiers, tier.Tier{}) {
		rows[t] = &row{example: -1}
	}
	total := decimal.Zero
	var f vipcare.Figures
	for i, p := range sample.Profiles(opts, n) {
		if err := valuation.Compute(&p, &f); err != nil {
			return fmt.Errorf("client %d: %w", i, err)
		}
		a, err := ladder.Assign(&f)
		if err != nil {
			return err
		}
		r := rows[a.Tier]
		r.clients++
		r.aum = r.aum.Add(a.Value.Decimal())
		total = total.Add(a.Value.Decimal())
		if r.example < 0 {
			r.example = i
		}
	}

	fmt.Fprintf(w, "A synthetic book of %d VIP clients (seed %d) as of %s, on the reference ladder (%s, in %s).\n\n",
		n, seed, valuation.AsOf.Format("2006-01-02"), "AUM at the bank", ladder.Currency())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tier\tclients\tshare\tAUM (CNY)\tshare of AUM\t")
	for i := len(tiers) - 1; i >= 0; i-- {
		r := rows[tiers[i]]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", tiers[i].Name, group(int64(r.clients)),
			percent(decimal.NewFromInt(int64(r.clients)), decimal.NewFromInt(int64(n))),
			group(r.aum.Round(0).IntPart()), percent(r.aum, total))
	}
	if r := rows[tier.Tier{}]; r.clients > 0 {
		fmt.Fprintf(tw, "unassigned\t%s\t%s\t%s\t%s\t\n", group(int64(r.clients)),
			percent(decimal.NewFromInt(int64(r.clients)), decimal.NewFromInt(int64(n))),
			group(r.aum.Round(0).IntPart()), percent(r.aum, total))
	}
	fmt.Fprintf(tw, "total\t%s\t100.0%%\t%s\t100.0%%\t\n", group(int64(n)), group(total.Round(0).IntPart()))
	if err := tw.Flush(); err != nil {
		return err
	}

	// Three explained assignments: the first client of the three highest
	// tiers that have one. Client amounts are shown only with -values.
	fmt.Fprintln(w, "\nWhy three clients got their tier:")
	shown := 0
	for i := len(tiers) - 1; i >= 0 && shown < 3; i-- {
		r := rows[tiers[i]]
		if r.example < 0 {
			continue
		}
		p := sample.Profile(opts, r.example)
		if err := valuation.Compute(&p, &f); err != nil {
			return err
		}
		e, err := ladder.Explain(&f, policy.ExplainOptions{Values: values})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  client #%d, %v\n    %s\n", r.example, p, e)
		shown++
	}
	if !values {
		fmt.Fprintln(w, "\nClient amounts and IDs stay hidden, in explanations and in fmt and slog output; run with -values to show amounts.")
	}
	return nil
}

// group formats v with thousands separators.
func group(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i := range s {
		if i > 0 && s[i-1] != '-' && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// percent returns part/whole as a percentage with one decimal place.
func percent(part, whole decimal.Decimal) string {
	if whole.IsZero() {
		return "0.0%"
	}
	return part.Mul(decimal.NewFromInt(100)).DivRound(whole, 1).StringFixed(1) + "%"
}
