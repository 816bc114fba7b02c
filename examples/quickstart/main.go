package main

import (
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
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

	// 6. RM workload and coverage: one service mode for everyone, against
	// each client's own strategy assigned by role and value.
	pb, err := contact.ReferencePlaybook(shelf, valuation.Rates)
	if err != nil {
		return err
	}
	if err := rmReport(w, pb, book, valuation, n); err != nil {
		return err
	}

	// 7. Three client plans, each part with its reason.
	fmt.Fprintln(w, "\nThree client plans:")
	for _, i := range []int{13, 3, 108 % n} {
		p := sample.Profile(opts, i)
		plan, err := pb.Plan(&p, valuation.AsOf, contact.PlanOptions{Values: values})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n  client #%d\n    %s\n", i, strings.ReplaceAll(plan.String(), "\n", "\n    "))
	}

	if !values {
		fmt.Fprintln(w, "\nClient amounts and IDs stay hidden, in explanations and in fmt and slog output; run with -values to show amounts.")
	}
	return nil
}

// rmReport sizes a team for the book as branches staff it today (one
// private banker per 5,000 clients, one senior RM per 2,000, one RM per 400,
// one digital-team member per 1,500) and compares two ways of serving the book: the old one, every
// VIP on the same "relationship" strategy in round-robin books, and the
// needs-driven one, each client on its playbook strategy, assigned by role,
// value and capacity, keeping current relationships where it can.
func rmReport(w io.Writer, pb *contact.Playbook, book iter.Seq[vipcare.Profile], v vipcare.Valuation, n int) error {
	capacity, err := contact.NewCapacity(contact.ReferenceWorkload())
	if err != nil {
		return err
	}
	var managers []contact.Manager
	add := func(prefix string, role contact.Role, count int) {
		for i := 0; i < max(count, 1); i++ {
			managers = append(managers, contact.Manager{ID: fmt.Sprintf("%s-%02d", prefix, i+1), Role: role,
				Minutes: capacity.Minutes()})
		}
	}
	add("PB", contact.PrivateBanker, n/5000)
	add("SRM", contact.SeniorRM, n/2000)
	add("RM", contact.RM, n/400)
	add("DIG", contact.DigitalTeam, n/1500)

	uniform, ok := pb.Strategies().Strategy("relationship")
	if !ok {
		return fmt.Errorf("the reference strategies have no %q strategy", "relationship")
	}
	var clients []contact.Client
	var before []contact.Assigned
	for _, m := range managers {
		before = append(before, contact.Assigned{RM: m.ID, Role: m.Role})
	}
	strategies := map[string]*contact.Strategy{}
	err = pb.PlanBook(book, v.AsOf, func(i int, p *vipcare.Profile, plan contact.ClientPlan) error {
		var f vipcare.Figures
		if err := v.Compute(p, &f); err != nil {
			return err
		}
		value := int64(f.AUM / 10_000) // whole CNY
		id := strconv.Itoa(i)
		st := plan.Strategy.Strategy
		strategies[id] = &st
		// The old way: every VIP on the same strategy (with the client's own
		// preferences, which bind either way), in round-robin books.
		same, _ := contact.Constrain(uniform, &p.Contact)
		rr := &before[i%len(before)]
		rr.Clients = append(rr.Clients, contact.ClientLoad{Client: id, Strategy: &same, Value: value})
		// Assigned from scratch: round-robin books put private-banking
		// clients with junior RMs, so few current relationships are worth
		// keeping (contact.Assign keeps them when Current is set).
		clients = append(clients, contact.Client{ID: id, Role: st.Owner, Minutes: capacity.ClientMinutes(&st),
			Value: value})
		return nil
	})
	if err != nil {
		return err
	}
	old, err := capacity.Report(before, contact.CapacityOptions{})
	if err != nil {
		return err
	}
	a, err := contact.Assign(clients, managers, contact.AssignOptions{MaxMoves: -1, MoveCost: 0})
	if err != nil {
		return err
	}
	after := make([]contact.Assigned, len(managers))
	index := map[string]int{}
	for k, m := range managers {
		after[k] = contact.Assigned{RM: m.ID, Role: m.Role}
		index[m.ID] = k
	}
	unassigned := 0
	for k, pl := range a.Placements {
		if pl.RM == "" {
			unassigned++
			continue
		}
		r := &after[index[pl.RM]]
		r.Clients = append(r.Clients, contact.ClientLoad{Client: pl.Client, Strategy: strategies[pl.Client],
			Value: clients[k].Value})
	}
	now, err := capacity.Report(after, contact.CapacityOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nRM workload: a team of %d, each with %s minutes of client time a year\n",
		len(managers), vipcare.Amount(int64(capacity.Minutes())*10_000).Grouped())
	fmt.Fprintf(w, "  one service mode for every VIP, round-robin books: cadence met for %s of clients, %d of %d staff over capacity\n",
		vipcare.ShareOf(vipcare.Amount(old.Covered), vipcare.Amount(n)).Percent(), len(old.Over), len(managers))
	fmt.Fprintf(w, "  needs-driven strategies assigned by role and value: cadence met for %s of clients, %d over capacity\n",
		vipcare.ShareOf(vipcare.Amount(now.Covered), vipcare.Amount(n)).Percent(), len(now.Over))
	fmt.Fprintf(w, "    (%d clients, the lowest in value for their role, wait for capacity rather than overload a book)\n", unassigned)
	fmt.Fprintf(w, "  AUM in books whose cadence fits: %s (an upper bound is %s)\n",
		a.Coverage.Percent(), a.Bound.Percent())
	return nil
}
