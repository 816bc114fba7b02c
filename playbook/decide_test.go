package playbook_test

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// Decide decides what Explain explains, part by part, on the sample book,
// with and without a period:
// the same tier, qualification, segment, needs, strategy, plays with their
// products, skipped plays, tasks, suppressed triggers and workload.
func TestDecideAgreesWithExplain(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 11}
	v := sample.Valuation(o)
	var s playbook.Scratch
	change := &tier.Step{Period: tier.MonthOf(testkit.Day(2026, 6, 1)), Code: tier.CodeUpgraded,
		Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}}, After: tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}}}
	states := []tier.State{{}, {Tier: tier.Tier{Name: "gold", Rank: 20}}, {Tier: tier.Tier{Name: "diamond", Rank: 40}, Below: 2}}
	for i, p := range sample.Profiles(o, bookSize(t)) {
		opts := playbook.Options{}
		switch i % 5 {
		case 0:
			opts.TierChange = change
			opts.History = []needs.PlayMade{{Play: "integrated_banking", Date: testkit.Day(2026, 6, 1)}}
		case 1, 2: // within the lifecycle
			opts.Period, opts.State = tier.MonthOf(v.AsOf), states[i%len(states)]
		}
		x, err := pb.Explain(&p, v, opts)
		require.NoError(t, err)
		d, err := pb.Decide(&p, v, opts, &s)
		require.NoError(t, err)

		assert.Equal(t, x.Tier, d.Tier, "client %d: tier", i)
		assert.Equal(t, x.TierWhy.Tier, d.Ladder, "client %d: the ladder's tier", i)
		assert.Equal(t, x.Qualification, d.Qualification.String(), "client %d: qualification", i)
		assert.Equal(t, x.Segment, d.Segment, "client %d: segment", i)
		for k := range x.Needs {
			x.Needs[k].Evidence = nil
		}
		list := d.Needs.List()
		for k := range list {
			list[k].Evidence = nil
		}
		assert.Equal(t, x.Needs, list, "client %d: needs", i)
		st, rule := strategyNames(pb, d)
		assert.Equal(t, x.Strategy.Strategy.Name, st, "client %d: strategy", i)
		assert.Equal(t, x.Strategy.Rule, rule, "client %d: rule", i)
		var plays []string
		for _, r := range x.Plays.Plays {
			plays = append(plays, r.Play+": "+strings.Join(offered(r.Offers), ","))
		}
		var picks []string
		for _, pk := range d.Plays {
			picks = append(picks, pk.Play+": "+strings.Join(pk.Offers.Codes(), ","))
		}
		assert.Equal(t, plays, picks, "client %d: plays and products", i)
		assert.Equal(t, skips(x.Plays.Skipped), skips(d.Skipped), "client %d: skipped plays, in order", i)
		assert.Equal(t, x.Step, stepOf(d), "client %d: lifecycle step", i)
		var tasks []contact.Task
		var suppressed []contact.Suppressed
		for _, f := range d.Tasks {
			if f.Code != "" {
				suppressed = append(suppressed, contact.Suppressed{Kind: f.Kind, Code: f.Code, Reason: f.Reason()})
				continue
			}
			tasks = append(tasks, f.Task(p.ID))
		}
		assert.Equal(t, x.Tasks, tasks, "client %d: tasks", i)
		assert.Equal(t, x.Suppressed, suppressed, "client %d: suppressed", i)
		assert.Equal(t, x.Minutes, d.Minutes, "client %d: workload", i)
		if t.Failed() {
			return
		}
	}
}

// Explain, which renders Decide's decision, says what the parts say when
// each is asked on its own, as Explain did before it rendered a decision:
// the ladder's and the segmentation's explanations, the needs the advisor
// explains from a detection of its own, the plays Recommend ranks with the
// strategy's number of them kept (the others skipped for it, before the
// advisor's own cuts), and the tasks the triggers make. Decide's plays are
// the advisor's Pick with the strategy's number as its limit.
func TestExplainAgreesWithItsParts(t *testing.T) {
	pb := reference(t)
	spec := playbook.Reference(sample.Shelf())
	ladder := policy.Must(spec.Ladder.Compile(nil))
	seg := policy.Must(spec.Segmentation.Compile(nil))
	adv := policy.Must(spec.Needs.Compile(policy.Must((*vipcare.Env)(nil).Allow("age")))) // the reference justifies age
	triggers := policy.Must(spec.Triggers.Compile(nil))
	o := sample.Options{Seed: 12}
	v := sample.Valuation(o)
	change := &tier.Step{Period: tier.MonthOf(testkit.Day(2026, 6, 1)), Code: tier.CodeUpgraded,
		Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}}, After: tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}}}
	ids := []string{"integrated_banking", "status_review", "preserve_and_grow", "advice_session", "global_diversification"}
	var s playbook.Scratch
	cut := 0
	for i, p := range sample.Profiles(o, 2000) {
		opts := playbook.Options{Values: i%2 == 0}
		if i%3 == 0 {
			opts.TierChange = change
			opts.History = []needs.PlayMade{{Play: ids[i%len(ids)], Date: v.AsOf.AddDate(0, 0, -(i % 40))}}
		}
		x, err := pb.Explain(&p, v, opts)
		require.NoError(t, err)
		d, err := pb.Decide(&p, v, opts, &s)
		require.NoError(t, err)
		f, err := v.Figures(&p)
		require.NoError(t, err)
		eo := policy.ExplainOptions{Values: opts.Values && !p.Contact.Discreet}
		profiling := !p.Contact.NoProfiling

		why, err := ladder.Explain(&f, eo)
		require.NoError(t, err)
		require.Equal(t, why, x.TierWhy, "client %d: tier", i)
		if profiling {
			e, err := seg.Explain(&f, eo)
			require.NoError(t, err)
			require.Equal(t, &e, x.SegmentWhy, "client %d: segment", i)
			require.Equal(t, adv.Explain(&f, eo), x.Needs, "client %d: needs", i)
		}

		n := x.Strategy.Strategy.Plays
		want := needs.Recommendations{Personalised: profiling}
		picks, skipped := adv.Pick(nil, nil, &f, adv.Detect(&f), opts.History, n)
		if n == 0 {
			want.Skipped = []needs.Skip{{Code: needs.CodeMaxPlays,
				Reason: "the " + x.Strategy.Strategy.Name + " strategy, as the client's preferences leave it, carries no plays"}}
			picks, skipped = []needs.Pick{}, []needs.Skip{{Code: needs.CodeMaxPlays}}
		} else {
			want = adv.Recommend(&f, adv.Detect(&f), opts.History, eo)
			if len(want.Plays) > n {
				at := slices.IndexFunc(want.Skipped, func(k needs.Skip) bool { return k.Code == needs.CodeMaxPlays })
				if at < 0 {
					at = len(want.Skipped)
				}
				var mine []needs.Skip
				for _, extra := range want.Plays[n:] {
					mine = append(mine, needs.Skip{Play: extra.Play, Code: needs.CodeMaxPlays,
						Reason: "the " + x.Strategy.Strategy.Name + " strategy carries " + playsInWords(n)})
				}
				want.Skipped = slices.Insert(want.Skipped, at, mine...)
				want.Plays = want.Plays[:n]
				cut++
			}
		}
		require.Equal(t, want, x.Plays, "client %d: plays", i)
		require.Equal(t, len(picks), len(d.Plays), "client %d: picks", i)
		for k := range picks {
			require.Equal(t, picks[k].Play, d.Plays[k].Play, "client %d: pick %d", i, k)
			require.Equal(t, picks[k].Offers.Codes(), d.Plays[k].Offers.Codes(), "client %d: pick %d", i, k)
		}
		require.True(t, slices.Equal(skipped, d.Skipped), "client %d: skips %v, want %v", i, d.Skipped, skipped)

		tasks, suppressed := triggers.Tasks(&f, x.Strategy.Strategy.Owner, opts.TierChange)
		require.Equal(t, tasks, x.Tasks, "client %d: tasks", i)
		require.Equal(t, suppressed, x.Suppressed, "client %d: suppressed", i)
	}
	require.Positive(t, cut, "the strategies' cuts are tested")
}

// stepOf is d's lifecycle step as an Explanation holds it.
func stepOf(d playbook.Decision) *tier.Step {
	if d.Step.Period == (tier.Period{}) {
		return nil
	}
	return &d.Step
}

func strategyNames(pb *playbook.Playbook, d playbook.Decision) (string, string) {
	st := pb.Strategies()[d.Strategy.Strategy]
	switch d.Strategy.Code {
	case contact.CodeNoProfiling:
		return st, "no profiling"
	case contact.CodeNoRuleMatched:
		return st, "no rule matched"
	}
	r := pb.Record("", &d)
	return st, r.Rule
}

func offered(os []needs.Offer) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Product)
	}
	return out
}

func skips(ss []needs.Skip) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Play+" "+string(s.Code))
	}
	return out
}

// Deciding allocates nothing once the scratch has grown, under the
// reference document and under the bank-style variant, whose house check
// is Go code run through an interface for many client-product pairs. One
// run decides the whole book: AllocsPerRun rounds down, so an allocation
// made for some clients only must not be averaged away.
func TestDecideAllocatesNothing(t *testing.T) {
	doc, _ := variant(t)
	var checked atomic.Int64
	counting := needs.CheckFunc(func(c needs.Case) (needs.Refusal, bool) {
		checked.Add(1)
		return notesForC5(c)
	})
	env, err := (*vipcare.Env)(nil).WithParts(needs.CheckPart("notes_for_c5", counting))
	require.NoError(t, err)
	bank, err := playbook.Compile(doc, env)
	require.NoError(t, err)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	book := slices.Collect(sample.Seq(o, 200))
	for _, tc := range []struct {
		name string
		pb   *playbook.Playbook
	}{{"reference", reference(t)}, {"bank-style variant", bank}} {
		t.Run(tc.name, func(t *testing.T) {
			var s playbook.Scratch
			for i := range book {
				_, err := tc.pb.Decide(&book[i], v, playbook.Options{}, &s)
				require.NoError(t, err)
			}
			allocs := testing.AllocsPerRun(3, func() {
				for i := range book {
					if _, err := tc.pb.Decide(&book[i], v, playbook.Options{}, &s); err != nil {
						t.Fatal(err)
					}
				}
			})
			assert.Zero(t, allocs, "allocations deciding %d clients", len(book))
		})
	}
	assert.Positive(t, checked.Load(), "the house check never ran: the variant does not test it")
}

// BenchmarkDecideCompact is one client's decision from its profile without
// text, the scratch reused: what a book run pays per client. Compare
// BenchmarkExplain, the same decision explained.
func BenchmarkDecideCompact(b *testing.B) {
	pb := reference(b)
	o := sample.Options{Seed: 1}
	book := slices.Collect(sample.Seq(o, 64))
	v := sample.Valuation(o)
	var s playbook.Scratch
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pb.Decide(&book[i%len(book)], v, playbook.Options{}, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// Deciding a book: one scratch reused, no text, no allocation; the record
// of each decision stored; the explanation only when someone asks.
func ExamplePlaybook_Decide() {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	var s playbook.Scratch
	for i, p := range sample.Profiles(o, 3) {
		d, err := pb.Decide(&p, v, playbook.Options{}, &s)
		if err != nil {
			panic(err)
		}
		r := pb.Record(fmt.Sprintf("REF-%d", i), &d)
		fmt.Println(r)
		if i == 0 {
			x, err := pb.Explain(&p, v, playbook.Options{}) // on request: the reasons in words
			if err != nil {
				panic(err)
			}
			fmt.Println(strings.SplitN(x.String(), "\n", 2)[0])
		}
	}
	// Output:
	// vipcare-reference 2026.1 2026-06-30: tier mass, segment serve digitally, strategy digital, 1 play, 1 task
	// tier: mass: AUM at the bank at or above mass's 0 CNY and below gold's 50,000 CNY
	// vipcare-reference 2026.1 2026-06-30: tier gold, segment serve digitally, strategy digital, 1 play, 1 task
	// vipcare-reference 2026.1 2026-06-30: tier gold, segment serve digitally, strategy digital, 1 play, 0 tasks
}

// Within a period, a decision moves the client on in the lifecycle from
// the stored state, as the ladder's Step does, applies overrides, and its
// tier change reaches the triggers; the record carries the state to store.
func TestDecideWithinPeriod(t *testing.T) {
	spec := playbook.Reference(sample.Shelf())
	spec.ID, spec.Version, spec.EffectiveFrom = "ref", "1", "2026-01-01"
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	ladder, err := spec.Ladder.Compile(nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 8}
	v := sample.Valuation(o)
	period := tier.MonthOf(v.AsOf)
	states := []tier.State{{}, {Tier: tier.Tier{Name: "gold", Rank: 20}}, {Tier: tier.Tier{Name: "diamond", Rank: 40}, Below: 2},
		{Tier: tier.Tier{Name: "private banking", Rank: 50}}}
	grant := tier.Override{Tier: tier.Tier{Name: "platinum", Rank: 30}, Code: "strategic_relationship",
		Requester: "a", Approver: "b", From: testkit.Day(2026, 1, 1), Until: testkit.Day(2027, 1, 1)}
	var s playbook.Scratch
	changes := 0
	for i, p := range sample.Profiles(o, 400) {
		opts := playbook.Options{Period: period, State: states[i%len(states)]}
		if i%7 == 0 {
			opts.Overrides = []tier.Override{grant}
		}
		d, err := pb.Decide(&p, v, opts, &s)
		require.NoError(t, err)

		f, err := v.Figures(&p)
		require.NoError(t, err)
		obs, err := ladder.Observe(&f, period)
		require.NoError(t, err)
		q, err := ladder.Qualify(&f)
		require.NoError(t, err)
		obs.Limit = q.Limit
		want := ladder.Step(opts.State, obs)
		eff, err := ladder.Apply(want.After, opts.Overrides, v.AsOf)
		require.NoError(t, err)
		require.Equal(t, want, d.Step, "client %d", i)
		assigned, err := ladder.Assign(&f)
		require.NoError(t, err)
		require.Equal(t, assigned, d.Ladder, "client %d: the tier the measure gives, measured once", i)
		require.Equal(t, eff.Tier, d.Tier, "client %d", i)
		require.Equal(t, eff.Override, d.Override, "client %d", i)
		x, err := pb.Explain(&p, v, opts)
		require.NoError(t, err)
		require.Equal(t, &want, x.Step, "client %d: the step explained", i)
		require.Equal(t, &eff, x.Effective, "client %d: the effective tier explained", i)
		require.Equal(t, eff.Tier, x.Tier, "client %d: the tier explained", i)
		kinds := []string{}
		for _, x := range d.Tasks {
			kinds = append(kinds, x.Kind)
		}
		switch {
		case want.Before.Tier.IsZero():
			require.NotContains(t, kinds, "tier_change", "client %d: entering is no change to call about", i)
		case want.Before.Tier != want.After.Tier:
			changes++
			require.Contains(t, kinds, "tier_change", "client %d: the change reaches the triggers", i)
		}
		r := pb.Record("R", &d)
		recorded := want
		recorded.Value = 0 // the client's measure: an amount, kept only on request
		require.Equal(t, recorded, r.Step, "client %d: the step, with the state to store", i)
		require.Equal(t, eff.Override, r.Override, "client %d", i)
	}
	require.Positive(t, changes)

	p := sample.Profile(o, 1)
	other := v
	other.AsOf = v.AsOf.AddDate(0, 0, -1)
	d, err := pb.Decide(&p, other, playbook.Options{Period: period}, &s)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/as_of", Name: period.String(), Err: policy.ErrOutOfRange})
	assert.Zero(t, d, "a decision that fails once its tier is known is the zero Decision")
	_, err = pb.Explain(&p, other, playbook.Options{Period: period})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/as_of", Name: period.String(), Err: policy.ErrOutOfRange})
	// The scratch keeps the last period's end, not its verdict: the next
	// period, then this one again, on the same scratch and as-of date.
	_, err = pb.Decide(&p, v, playbook.Options{Period: period.Next()}, &s)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/as_of", Name: period.Next().String(), Err: policy.ErrOutOfRange})
	_, err = pb.Decide(&p, v, playbook.Options{Period: period}, &s)
	require.NoError(t, err)
	_, err = pb.Decide(&p, other, playbook.Options{Period: period}, &s)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/as_of", Name: period.String(), Err: policy.ErrOutOfRange})
	// A stored tier the ladder does not have (a renamed or renumbered
	// tier, a bad migration) is refused, not taken for a new client.
	for _, bad := range []tier.State{{Tier: tier.Tier{Name: "Gold", Rank: 20}}, {Tier: tier.Tier{Name: "gold", Rank: 25}, Below: 1}} {
		want := testkit.Problems(t, pb.Ladder().CheckState(bad))
		require.Len(t, want, 1)
		assert.True(t, strings.HasPrefix(want[0].Path, "/state/tier"), want[0].Path)
		d, err := pb.Decide(&p, v, playbook.Options{Period: period, State: bad}, &s)
		assert.Equal(t, want, testkit.Problems(t, err), "%v", bad)
		assert.Zero(t, d, "%v", bad)
		_, err = pb.Explain(&p, v, playbook.Options{Period: period, State: bad})
		assert.Equal(t, want, testkit.Problems(t, err), "%v", bad)
		// with a malformed override: every problem at once, as Apply
		broken := grant
		broken.Approver = broken.Requester
		_, err = pb.Decide(&p, v, playbook.Options{Period: period, State: bad, Overrides: []tier.Override{grant, broken}}, &s)
		testkit.CheckProblems(t, err, testkit.Want{Path: want[0].Path, Name: want[0].Name, Err: policy.ErrUnknown},
			testkit.Want{Path: "/overrides/1/approver", Name: string(grant.Code), Err: tier.ErrFourEyes})
	}
	for _, good := range []tier.State{{}, {Below: 2}, {Tier: tier.Tier{Name: "gold", Rank: 20}, Below: 1}} {
		assert.NoError(t, pb.Ladder().CheckState(good), "%v", good)
	}

	opts := playbook.Options{Period: period, State: states[1], Overrides: []tier.Override{grant}}
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if _, err := pb.Decide(&p, v, opts, &s); err != nil {
			t.Fatal(err)
		}
	}))
}

// TestDecideFutureAssessment checks that Decide, which does not run
// Validate, offers nothing to clients whose risk assessment is dated after
// the as-of date (a mistyped year): it is no valid assessment, not a
// fresh one.
func TestDecideFutureAssessment(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 11}
	v := sample.Valuation(o)
	decided := 0
	for _, p := range sample.Profiles(o, 300) {
		p.Risk, p.RiskAssessed = vipcare.C5, v.AsOf.AddDate(20, 0, 0)
		require.Error(t, p.Validate(v))
		d, err := pb.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		decided++
		for _, pk := range d.Plays {
			assert.Zero(t, pk.Offers.Len(), "play %s offers %v", pk.Play, pk.Offers.Codes())
		}
	}
	require.Positive(t, decided)
}

// BenchmarkDecidePeriod is BenchmarkDecideCompact within a period, the
// monthly run's decision: the lifecycle moves each client on from a stored
// state. The bank-style variant's ladder measures the best monthly ADB of
// three months from the daily balances, which costs as much as the rest of
// a decision: a decision takes it once.
func BenchmarkDecidePeriod(b *testing.B) {
	bank, err := playbook.Compile(variant(b))
	require.NoError(b, err)
	o := sample.Options{Seed: 1}
	book := slices.Collect(sample.Seq(o, 64))
	v := sample.Valuation(o)
	for _, bm := range []struct {
		name string
		pb   *playbook.Playbook
		held tier.Tier // by every client last period: each ladder's second tier
	}{
		{"aum", reference(b), tier.Tier{Name: "gold", Rank: 20}},
		{"best_monthly_adb_3", bank, tier.Tier{Name: "金卡", Rank: 20}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			opts := playbook.Options{Period: tier.MonthOf(v.AsOf), State: tier.State{Tier: bm.held}}
			var s playbook.Scratch
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := bm.pb.Decide(&book[i%len(book)], v, opts, &s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
