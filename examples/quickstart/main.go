package main

import (
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
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
	clients := sample.Seq(opts, n) // streamed: the book is never held in memory
	valuation := sample.Valuation(opts)
	parallel := book.Options{Workers: runtime.NumCPU()}

	// 1. Tier the book on the reference ladder.
	ladder, err := tier.Reference().Compile(nil)
	if err != nil {
		return err
	}
	dist, err := book.Distribute(clients, valuation, ladder, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "A synthetic book of %s VIP %s (seed %d) as of %s, tiered on AUM at the bank:\n\n%s",
		group(n), plural(n, "client", "clients"), seed, valuation.AsOf.Format("2006-01-02"), dist)

	// 2. Explain three assignments: the first client of each of the three
	// highest tiers that have one.
	if err := explainTiers(w, ladder, dist, opts, n, values); err != nil {
		return err
	}

	// 3. Segment the book: value x potential decides where RM time goes.
	seg, err := segment.Reference().Compile(nil)
	if err != nil {
		return err
	}
	segments, err := book.Distribute(clients, valuation, seg, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe same book in segments (value x potential):\n\n%s", segments)

	// 4. What if gold started at 60,000 CNY instead of 50,000?
	if err := whatIf(w, ladder, clients, valuation, parallel); err != nil {
		return err
	}

	// 5. Needs: how often each occurs, and one client's ranked plays. The
	// reference scorecards read age, which every environment protects:
	// compiling them alone, we allow it (a playbook justifies it in its
	// document instead).
	env, err := (*vipcare.Env)(nil).Allow("age")
	if err != nil {
		return err
	}
	advisor, err := needs.Reference(sample.Shelf()).Compile(env)
	if err != nil {
		return err
	}
	if err := needsReport(w, advisor, opts, n, values); err != nil {
		return err
	}

	// 6. RM workload and coverage: one service mode for everyone, against
	// each client's own strategy assigned by role and value.
	spec := playbook.Reference(sample.Shelf())
	pb, err := spec.Compile(nil)
	if err != nil {
		return err
	}
	if err := rmReport(w, spec, pb, clients, valuation, n); err != nil {
		return err
	}

	// 7. Three client decisions, each part with its reason.
	shown := featured(n, 13, 3, 108)
	fmt.Fprintf(w, "\n%s:\n", capital(counted(len(shown), "client plan", "client plans")))
	for _, i := range shown {
		p := sample.Profile(opts, i)
		d, err := pb.Explain(&p, valuation, playbook.Options{Values: values})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n  client #%d\n    %s\n", i, strings.ReplaceAll(d.String(), "\n", "\n    "))
	}

	if !values {
		fmt.Fprintln(w, "\nClient amounts and IDs stay hidden, in explanations and in fmt and slog output; run with -values to show "+
			"amounts, never a discreet client's.")
	}
	return nil
}

// whatIf shows who would move if gold started at 60,000 CNY instead of
// 50,000.
func whatIf(w io.Writer, ladder *tier.Ladder, clients iter.Seq[vipcare.Profile], valuation vipcare.Valuation,
	parallel book.Options) error {
	proposal := tier.Reference()
	proposal.Rungs[1].From = decimal.NewFromInt(60_000)
	proposed, err := proposal.Compile(nil)
	if err != nil {
		return err
	}
	m, err := book.WhatIf(clients, valuation, ladder, proposed, parallel)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhat if gold started at 60,000 CNY instead of 50,000?")
	moves := m.Moves()
	if len(moves) == 0 {
		fmt.Fprintln(w, "  nobody would move")
	}
	for _, mv := range moves {
		fmt.Fprintf(w, "  %s %s would move from %s to %s\n", group(mv.Clients), plural(mv.Clients, "client", "clients"),
			mv.From, mv.To)
	}
	return nil
}

// explainTiers explains the tier of the first client of each of the three
// highest tiers that have one.
func explainTiers(w io.Writer, ladder *tier.Ladder, dist book.Distribution, opts sample.Options, n int, values bool) error {
	tiers := ladder.Classes()
	want := map[string]bool{}
	for i := len(tiers) - 1; i >= 0 && len(want) < 3; i-- {
		if dist.Rows[i].Clients > 0 {
			want[tiers[i]] = true
		}
	}
	fmt.Fprintf(w, "\nWhy %s got %s tier:\n", counted(len(want), "client", "clients"), plural(len(want), "its", "their"))
	valuation := sample.Valuation(opts)
	var f vipcare.Figures
	for i, p := range sample.Profiles(opts, n) {
		if len(want) == 0 {
			break
		}
		if err := valuation.Compute(&p, &f); err != nil {
			return err
		}
		t, err := ladder.Assign(&f)
		if err != nil || !want[t.Name] {
			continue
		}
		delete(want, t.Name)
		e, err := ladder.Explain(&f, policy.ExplainOptions{Values: values})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  client #%d, %v\n    %s\n", i, p, e)
	}
	return nil
}

// needsReport counts each need over the book and shows one client's plays,
// needs-driven, then the old product-driven way.
func needsReport(w io.Writer, advisor *needs.Advisor, opts sample.Options, n int, values bool) error {
	valuation := sample.Valuation(opts)
	count := map[needs.Need]int{}
	var f vipcare.Figures
	for p := range sample.Seq(opts, n) {
		if err := valuation.Compute(&p, &f); err != nil {
			return err
		}
		det := advisor.Detect(&f)
		for _, need := range advisor.Needs() {
			if det.Strength(need) > 0 {
				count[need]++
			}
		}
	}
	fmt.Fprintln(w, "\nHow often each need occurs in the book:")
	for _, info := range needs.Catalogue() {
		fmt.Fprintf(w, "  %-36s %7s clients  %5.1f%%\n", info.Title, group(count[info.Need]),
			100*float64(count[info.Need])/float64(n))
	}

	example := featured(n, 13)[0]
	p := sample.Profile(opts, example)
	if err := valuation.Compute(&p, &f); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nClient #%d's plays, needs-driven, then the old product-driven way:\n", example)
	det := advisor.Detect(&f)
	for _, a := range []*needs.Advisor{advisor, advisor.ProductDriven()} {
		rs := a.Recommend(&f, det, nil, policy.ExplainOptions{Values: values})
		kind := "needs-driven"
		if rs.ProductDriven {
			kind = "product-driven"
		}
		fmt.Fprintf(w, "  %s\n", kind)
		if len(rs.Plays) == 0 {
			fmt.Fprintln(w, "    no play:")
			for _, s := range rs.Skipped {
				fmt.Fprintf(w, "       %s: %s\n", s.Play, s.Reason)
			}
		}
		for i, play := range rs.Plays {
			products := make([]string, len(play.Offers))
			for j, o := range play.Offers {
				products[j] = o.Product
			}
			fmt.Fprintf(w, "    %d. %s: %s\n       offers %s\n", i+1, play.Title, play.Reason, strings.Join(products, ", "))
		}
	}
	return nil
}

// rmReport sizes a team for the book as branches staff it today (one
// private banker per 5,000 clients, one senior RM per 2,000, one RM per
// 400, one digital-team member per 1,500) and compares two ways of serving
// the book: the old one, every VIP on the same "relationship" strategy in
// round-robin books, and the needs-driven one, each client on its playbook
// strategy, assigned by role, value and capacity.
func rmReport(w io.Writer, spec playbook.Spec, pb *playbook.Playbook, clients iter.Seq[vipcare.Profile],
	valuation vipcare.Valuation, n int) error {
	capacity, err := rm.ReferenceWorkload().Compile(nil)
	if err != nil {
		return err
	}
	var managers []rm.Manager
	add := func(prefix string, role contact.Role, count int) {
		for i := 0; i < max(count, 1); i++ {
			managers = append(managers, rm.Manager{ID: fmt.Sprintf("%s-%02d", prefix, i+1), Role: role})
		}
	}
	add("PB", contact.PrivateBanker, n/5000)
	add("SRM", contact.SeniorRM, n/2000)
	add("RM", contact.RM, n/400)
	add("DIG", contact.DigitalTeam, n/1500)

	var uniform contact.Strategy
	for _, s := range spec.Strategies.Strategies {
		if s.Name == "relationship" {
			uniform = s
		}
	}
	before := rm.Book{Managers: managers} // every VIP on one strategy, round-robin books
	after := rm.Book{Managers: managers}  // each client on its own strategy, to assign
	err = book.Explain(clients, pb, valuation, book.Options{}, func(i int, p *vipcare.Profile, d playbook.Explanation) error {
		// A decision carries no amounts: the client's value for the
		// assignment comes from its figures.
		var f vipcare.Figures
		if err := valuation.Compute(p, &f); err != nil {
			return err
		}
		id, value := strconv.Itoa(i), int64(f.AUM/10_000) // whole CNY
		// The old way binds the client's own preferences too.
		same, _ := contact.Constrain(uniform, &p.Contact)
		before.Clients = append(before.Clients, rm.Client{ID: id, Role: same.Owner, Value: value,
			Minutes: capacity.ClientMinutes(&same), RM: managers[i%len(managers)].ID})
		st := &d.Strategy.Strategy
		after.Clients = append(after.Clients, rm.Client{ID: id, Role: st.Owner, Value: value,
			Minutes: capacity.ClientMinutes(st)})
		return nil
	})
	if err != nil {
		return err
	}
	old, err := capacity.Report(before)
	if err != nil {
		return err
	}
	roster, err := capacity.Assign(after, rm.AssignOptions{MaxMoves: -1})
	if err != nil {
		return err
	}
	now, err := capacity.Report(roster.Book)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nRM workload: a team of %d, each with %s minutes of client time a year\n",
		len(managers), group(capacity.Minutes()))
	fmt.Fprintf(w, "  one service mode for every VIP, round-robin books: cadence met for %s of clients, %d of %d staff over capacity\n",
		old.Coverage.Percent(), len(old.Over), len(managers))
	fmt.Fprintf(w, "  needs-driven strategies assigned by role and value: cadence met for %s of clients, %d over capacity\n",
		now.Coverage.Percent(), len(now.Over))
	if now.Unassigned > 0 {
		fmt.Fprintf(w, "    (%s, the lowest in value for their role, wait for capacity rather than overload a book)\n",
			counted(now.Unassigned, "client", "clients"))
	}
	fmt.Fprintf(w, "  AUM in books whose cadence fits: %s (an upper bound is %s)\n",
		roster.Coverage.Percent(), roster.Bound.Percent())
	return nil
}

// group writes n with thousands separators, e.g. "68,640".
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// featured returns the clients of a book of n to show: those of want in
// the book, or, for a book too small, the clients that are, each once.
func featured(n int, want ...int) []int {
	var out []int
	for _, i := range want {
		if i >= n {
			i %= n
		}
		if !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// plural returns one or many as n is 1 or not.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// counted returns n with its noun, in words up to three: "three clients",
// "1,250 clients".
func counted(n int, one, many string) string {
	if n <= 3 {
		return [...]string{"no", "one", "two", "three"}[n] + " " + plural(n, one, many)
	}
	return group(n) + " " + many
}

// capital returns s with its first letter in upper case.
func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
