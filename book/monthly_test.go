package book_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// accounts is a sample book as a bank holds it after a first run: clients
// with stored states (some on watch, some with no tier yet) and a few
// overrides.
func accounts(o sample.Options, n int) []book.Account {
	states := []tier.State{{}, {Tier: tier.Tier{Name: "gold", Rank: 20}}, {Tier: tier.Tier{Name: "platinum", Rank: 30}, Below: 1},
		{Tier: tier.Tier{Name: "diamond", Rank: 40}, Below: 2}, {Tier: tier.Tier{Name: "private banking", Rank: 50}}}
	out := make([]book.Account, 0, n)
	for i, p := range sample.Profiles(o, n) {
		a := book.Account{Ref: fmt.Sprintf("REF-%05d", i), Profile: p, State: states[i%len(states)]}
		if i%11 == 0 {
			a.Overrides = []tier.Override{{Tier: tier.Tier{Name: "platinum", Rank: 30}, Code: "strategic_relationship",
				Requester: "a", Approver: "b", From: testkit.Day(2026, 1, 1), Until: testkit.Day(2026, 7, 15)}}
		}
		out = append(out, a)
	}
	return out
}

// cloneAccounts returns a deep copy of accs: every slice copied, so that
// a change through any of them shows against the copy.
func cloneAccounts(accs []book.Account) []book.Account {
	out := slices.Clone(accs)
	for i := range out {
		out[i].Profile = testkit.Clone(accs[i].Profile)
		out[i].Overrides = slices.Clone(accs[i].Overrides)
		out[i].History = slices.Clone(accs[i].History)
	}
	return out
}

// A run gives every client the result deciding it alone gives, in order,
// serially and in parallel alike, and a report that recounts.
func TestRun(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 21}
	v := sample.Valuation(o)
	period := tier.MonthOf(v.AsOf)
	accs := accounts(o, 1500)
	before := cloneAccounts(accs)

	// The naive run: one decision at a time.
	var want []book.Result
	var s playbook.Scratch
	moves := map[[2]string]int{}
	aum := map[[2]string]vipcare.Amount{}
	up, down, watch, overridden := 0, 0, 0, 0
	for _, a := range accs {
		d, err := pb.Decide(&a.Profile, v, playbook.Options{History: a.History, Period: period, State: a.State,
			Overrides: a.Overrides}, &s)
		require.NoError(t, err)
		r := book.Result{Record: pb.Record(a.Ref, &d), State: d.Step.After}
		for _, x := range d.Tasks {
			if x.Code == "" {
				r.Tasks = append(r.Tasks, x.Task(a.Ref))
			}
		}
		want = append(want, r)
		moves[[2]string{d.Step.Before.Tier.Name, d.Step.After.Tier.Name}]++
		f, err := v.Figures(&a.Profile)
		require.NoError(t, err)
		aum[[2]string{d.Step.Before.Tier.Name, d.Step.After.Tier.Name}] += f.AUM
		switch d.Step.Code {
		case tier.CodeUpgraded:
			up++
		case tier.CodeDowngraded:
			down++
		}
		if d.Step.After.Below > 0 {
			watch++
		}
		if d.Override.Code != "" {
			overridden++
		}
	}
	var reports []book.RunReport
	for _, workers := range []int{1, 2, 4} {
		var got []book.Result
		rep, err := book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: workers}, func(i int, r *book.Result) error {
			require.Equal(t, len(got), i, "in order")
			got = append(got, *r)
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, want, got, "workers %d", workers)
		reports = append(reports, rep)
		assert.Equal(t, len(accs), rep.Clients)
		assert.Equal(t, up, rep.Upgraded)
		assert.Equal(t, down, rep.Downgraded)
		assert.Equal(t, watch, rep.Watch)
		assert.Equal(t, overridden, rep.Overridden)
		assert.Equal(t, len(accs)/11+1, rep.Expiring, "every override ends on 15 July, before July's end")
		for k, n := range moves {
			c, sum := rep.Migration.Cell(k[0], k[1])
			assert.Equal(t, n, c, "%s -> %s", k[0], k[1])
			assert.True(t, sum.Equal(aum[k].Decimal()), "%s -> %s: AUM %s, want %s", k[0], k[1], sum, aum[k].Decimal())
		}
	}
	assert.Equal(t, reports[0], reports[1])
	assert.Equal(t, reports[0], reports[2])
	assert.Positive(t, reports[0].Upgraded)
	assert.Positive(t, reports[0].Downgraded+reports[0].Watch)
	assert.Equal(t, before, accs, "the accounts are not changed, to the last holding and balance")
}

func TestRunProblems(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 21}
	v := sample.Valuation(o)
	_, err = book.Run(nil, nil, v, tier.Period{}, book.Options{}, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/period", Err: policy.ErrMissing},
		testkit.Want{Path: "/playbook", Err: policy.ErrMissing})
	_, err = book.Run(nil, pb, vipcare.Valuation{}, tier.Period{}, book.Options{}, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/period", Err: policy.ErrMissing},
		testkit.Want{Path: "/valuation/currency", Err: policy.ErrMissing}, testkit.Want{Path: "/valuation/as_of", Err: policy.ErrMissing})

	accs := accounts(o, 600)
	accs[400].Profile.Holdings[0].Amount = vipcare.Money{Amount: testkit.Dec("-5"), Currency: vipcare.CNY}
	for _, workers := range []int{1, 2} {
		seen := 0
		_, err = book.Run(slices.Values(accs), pb, v, tier.MonthOf(v.AsOf), book.Options{Workers: workers},
			func(int, *book.Result) error { seen++; return nil })
		require.Error(t, err)
		assert.Equal(t, 400, seen, "every client before the failing one")
		assert.Contains(t, err.Error(), "/book/400/holdings/0/amount")
		assert.NotContains(t, err.Error(), accs[400].Ref)
	}

	// A stored state whose tier the ladder does not have stops the run:
	// taken for no tier, it would start the client afresh.
	accs = accounts(o, 20)
	accs[7].State = tier.State{Tier: tier.Tier{Name: "Gold", Rank: 20}}
	_, err = book.Run(slices.Values(accs), pb, v, tier.MonthOf(v.AsOf), book.Options{}, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/book/7/state/tier", Err: policy.ErrUnknown})

	// A record with no reference could not be found again.
	accs = accounts(o, 5)
	accs[3].Ref = ""
	_, err = book.Run(slices.Values(accs), pb, v, tier.MonthOf(v.AsOf), book.Options{}, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/book/3/ref", Err: policy.ErrMissing})

	// The run's date is checked before the first client, whatever the
	// book, empty or not: a run as of another day than the period's last,
	// or under a policy not in effect that day, decides no client.
	doc := string(playbook.ReferenceDocument())
	until := strings.Replace(doc, `"effective_from": "2026-01-01"`, `"effective_from": "2026-01-01", "effective_until": "2026-05-31"`, 1)
	require.NotEqual(t, doc, until)
	ended, err := playbook.Compile([]byte(until), nil)
	require.NoError(t, err)
	later, err := playbook.Compile([]byte(strings.Replace(doc, `"effective_from": "2026-01-01"`, `"effective_from": "2026-07-01"`, 1)), nil)
	require.NoError(t, err)
	notInEffect := testkit.Want{Path: "/valuation/as_of", Name: "vipcare-reference 2026.1", Err: policy.ErrOutOfRange}
	for _, tt := range []struct {
		name   string
		pb     *playbook.Playbook
		period tier.Period
		want   testkit.Want
	}{
		{"as of another day", pb, tier.MonthOf(v.AsOf).Next(), testkit.Want{Path: "/valuation/as_of", Name: "2026-07", Err: policy.ErrOutOfRange}},
		{"after the policy's last day", ended, tier.MonthOf(v.AsOf), notInEffect},
		{"before the policy's first day", later, tier.MonthOf(v.AsOf), notInEffect},
	} {
		for _, accs := range [][]book.Account{nil, accounts(o, 3)} {
			t.Run(fmt.Sprintf("%s, %d clients", tt.name, len(accs)), func(t *testing.T) {
				seen := 0
				_, err := book.Run(slices.Values(accs), tt.pb, v, tt.period, book.Options{}, func(int, *book.Result) error { seen++; return nil })
				testkit.CheckProblems(t, err, tt.want)
				assert.Zero(t, seen)
			})
		}
	}
}

// With KeepGoing a run goes on past the clients it cannot decide: each
// reaches fn with its located error and nothing to store, the others get
// what a run of the good clients alone gives them, and the report counts
// the failed apart, serially and in parallel alike.
func TestRunKeepGoing(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 21}
	v := sample.Valuation(o)
	period := tier.MonthOf(v.AsOf)
	accs := accounts(o, 900)
	bad := map[int]testkit.Want{
		0:   {Path: "/book/0/ref", Err: policy.ErrMissing},
		255: {Path: "/book/255/holdings/0/amount", Err: vipcare.ErrNegative}, // the last of a batch
		256: {Path: "/book/256/state/tier", Err: policy.ErrUnknown},
		700: {Path: "/book/700/holdings/0/amount", Err: vipcare.ErrNegative},
	}
	accs[0].Ref = ""
	accs[255].Profile.Holdings[0].Amount = vipcare.Money{Amount: testkit.Dec("-5"), Currency: vipcare.CNY}
	accs[256].State = tier.State{Tier: tier.Tier{Name: "Gold", Rank: 20}}
	accs[700].Profile.Holdings[0].Amount = vipcare.Money{Amount: testkit.Dec("-1"), Currency: vipcare.CNY}
	before := cloneAccounts(accs)

	var good []book.Account
	for i, a := range accs {
		if _, ok := bad[i]; !ok {
			good = append(good, a)
		}
	}
	var want []book.Result
	wantReport, err := book.Run(slices.Values(good), pb, v, period, book.Options{}, func(_ int, r *book.Result) error {
		want = append(want, *r)
		return nil
	})
	require.NoError(t, err)
	wantReport.Failed = len(bad)

	for _, workers := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var got []book.Result
			rep, err := book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: workers, KeepGoing: true},
				func(i int, r *book.Result) error {
					if w, ok := bad[i]; ok {
						testkit.CheckProblems(t, r.Err, w)
						assert.NotContains(t, r.Err.Error(), "REF-")
						assert.Zero(t, r.Record)
						assert.Zero(t, r.State)
						assert.Empty(t, r.Tasks)
						return nil
					}
					require.NoError(t, r.Err, "client %d", i)
					got = append(got, *r)
					return nil
				})
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.Equal(t, wantReport, rep)
			assert.Contains(t, rep.String(), "896 clients; 4 not decided; ")
		})
	}
	assert.Equal(t, before, accs, "the accounts are not changed, to the last holding and balance")

	// fn stops the run by returning the error, at that client, in parallel
	// too; without KeepGoing the first failure stops it, as it always did.
	for _, workers := range []int{1, 2} {
		seen := 0
		_, err = book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: workers, KeepGoing: true},
			func(i int, r *book.Result) error {
				seen++
				if i > 0 {
					return r.Err
				}
				return nil
			})
		testkit.CheckProblems(t, err, bad[255])
		assert.Equal(t, 256, seen)
		_, err = book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: workers}, nil)
		testkit.CheckProblems(t, err, bad[0])
	}
}

// The monthly run: every client decided within the lifecycle from the
// state stored last month, the record and new state to store, the tasks
// for the RMs, and the book's report.
func ExampleRun() {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o) // as of 30 June 2026, the last day of the period
	// The book as the bank holds it: each client's profile, the lifecycle
	// state its last run stored (the zero State for a new client) and its
	// tier overrides, here one client in 11 granted platinum to 15 July.
	stored := []tier.State{
		{},
		{Tier: tier.Tier{Name: "gold", Rank: 20}},
		{Tier: tier.Tier{Name: "platinum", Rank: 30}, Below: 1}, // on watch for a period
		{Tier: tier.Tier{Name: "diamond", Rank: 40}, Below: 2},
		{Tier: tier.Tier{Name: "private banking", Rank: 50}},
	}
	grant := tier.Override{Tier: tier.Tier{Name: "platinum", Rank: 30}, Code: "strategic_relationship",
		Requester: "RM-17", Approver: "BM-02",
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)}
	var accs []book.Account
	for i, p := range sample.Profiles(o, 1000) {
		a := book.Account{Ref: fmt.Sprintf("REF-%05d", i), Profile: p, State: stored[i%len(stored)]}
		if i%11 == 0 {
			a.Overrides = []tier.Override{grant}
		}
		accs = append(accs, a)
	}
	tasks := 0
	report, err := book.Run(slices.Values(accs), pb, v, tier.MonthOf(v.AsOf), book.Options{Workers: 2},
		func(i int, r *book.Result) error {
			// store r.Record and r.State; queue r.Tasks for the client's RM
			tasks += len(r.Tasks)
			return nil
		})
	if err != nil {
		panic(err)
	}
	fmt.Println(tasks, "tasks")
	fmt.Print(report)
	// Output:
	// 1040 tasks
	// 2026-06: 1000 clients; 200 entered, 26 upgraded, 171 downgraded, 331 on watch; 91 overridden, 91 overrides expiring
	// from \ to        mass  gold  platinum  diamond  private banking  total
	// (none)             48   101        31       16                4    200
	// mass                0     0         0        0                0      0
	// gold               11   169        16        3                1    200
	// platinum           16     0       179        3                2    200
	// diamond            11     0       171       17                1    200
	// private banking    20     0         0        0              180    200
	// total             106   270       397       39              188  1,000
}

// BenchmarkRun is the monthly run per client (one op is one client), over
// a materialised book of 20,000 accounts, serially and on 2 workers: the
// decision, the record and the report.
func BenchmarkRun(b *testing.B) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(b, err)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	accs := accounts(o, 20_000)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			seq := func(yield func(book.Account) bool) {
				for i := 0; i < b.N; i++ {
					if !yield(accs[i%len(accs)]) {
						return
					}
				}
			}
			if _, err := book.Run(seq, pb, v, tier.MonthOf(v.AsOf), book.Options{Workers: workers}, nil); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// An override is counted as expiring in the last run it is in force for,
// and in that run only: calendar days in the as-of date's location (UTC
// for the sample book).
func TestRunExpiring(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 3}
	june := sample.Valuation(o)
	july := june
	july.AsOf = june.AsOf.AddDate(0, 0, 31) // 31 July
	until := func(d string) []tier.Override {
		return []tier.Override{{Tier: tier.Tier{Name: "gold", Rank: 20}, Code: "x", Requester: "a", Approver: "b",
			From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 1, 1+days(d), 0, 0, 0, 0, time.UTC)}}
	}
	tests := []struct {
		name       string
		overrides  []tier.Override
		june, july int
	}{
		{"ends on the day after July's run", until("2026-08-01"), 0, 1},
		{"ends on July's run day: not in force then", until("2026-07-31"), 1, 0},
		{"ends after August's run", until("2026-09-01"), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := book.Account{Ref: "R", Profile: sample.Profile(o, 5), Overrides: tt.overrides}
			for _, run := range []struct {
				v    vipcare.Valuation
				want int
			}{{june, tt.june}, {july, tt.july}} {
				p := run.v
				acc.Profile = sample.Profile(sample.Options{Seed: 3, AsOf: p.AsOf}, 5)
				rep, err := book.Run(slices.Values([]book.Account{acc}), pb, p, tier.MonthOf(p.AsOf), book.Options{}, nil)
				require.NoError(t, err)
				assert.Equal(t, run.want, rep.Expiring, "run of %s", p.AsOf.Format("2006-01"))
			}
		})
	}
}

// The overrides' dates are calendar days in the as-of date's location,
// where tier.Ladder.Apply decides which is in force, even when the period
// is in another: a period decoded from "2026-06" is in UTC, a bank in
// Shanghai values as of midnight there, and an override in force on its
// run day and ending the next day expires before the next run.
func TestRunExpiringReadsTheAsOfLocation(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	o := sample.Options{Seed: 3, AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, sh)}
	v := sample.Valuation(o)
	var period tier.Period
	require.NoError(t, period.UnmarshalText([]byte("2026-06")))
	in := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, sh) }
	tests := []struct {
		name                 string
		until                time.Time
		overridden, expiring int
	}{
		{"ends the day after the run", in(2026, 7, 1), 1, 1},
		{"ends on the next run's day", in(2026, 7, 31), 1, 1},
		{"ends the day after the next run", in(2026, 8, 1), 1, 0},
		{"ends on the run's day", in(2026, 6, 30), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := book.Account{Ref: "R", Profile: sample.Profile(o, 5), Overrides: []tier.Override{{
				Tier: tier.Tier{Name: "gold", Rank: 20}, Code: "x", Requester: "a", Approver: "b",
				From: in(2026, 1, 1), Until: tt.until}}}
			rep, err := book.Run(slices.Values([]book.Account{acc}), pb, v, period, book.Options{}, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.overridden, rep.Overridden, "overridden")
			assert.Equal(t, tt.expiring, rep.Expiring, "expiring")
		})
	}
}

// days returns the days from 1 January 2026 to the ISO date d.
func days(d string) int {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		panic(err)
	}
	return int(t.Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// With Values a run stores each client's amounts in its record, as
// deciding the client alone with Values does, and never a discreet
// client's; without, no record holds an amount.
func TestRunValues(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 22}
	v := sample.Valuation(o)
	period := tier.MonthOf(v.AsOf)
	accs := accounts(o, 300)
	for _, values := range []bool{false, true} {
		t.Run(fmt.Sprintf("values %t", values), func(t *testing.T) {
			kept := 0
			_, err := book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: 2, Values: values},
				func(i int, r *book.Result) error {
					a := &accs[i]
					d, err := pb.Decide(&a.Profile, v, playbook.Options{History: a.History, Period: period, State: a.State,
						Overrides: a.Overrides, Values: values}, nil)
					require.NoError(t, err)
					assert.Equal(t, pb.Record(a.Ref, &d), r.Record, "client %d", i)
					if values && !a.Profile.Contact.Discreet {
						require.NotZero(t, r.Record.Amounts, "client %d", i)
						kept++
					} else {
						assert.Zero(t, r.Record.Amounts, "client %d", i)
					}
					return nil
				})
			require.NoError(t, err)
			if values {
				assert.Positive(t, kept)
			}
		})
	}
}

// A result stores whole as vipcare.Disclosed marshals it, and reads back
// to the same JSON; its default JSON, which slog's JSON handler writes for one
// in a slice, names no client, holds no amount, and does not read back.
func TestResultJSON(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 4}
	v := sample.Valuation(o)
	var results []book.Result
	_, err = book.Run(slices.Values(accounts(o, 300)), pb, v, tier.MonthOf(v.AsOf), book.Options{Values: true},
		func(i int, r *book.Result) error {
			results = append(results, *r)
			return nil
		})
	require.NoError(t, err)
	tasks := 0
	for i, r := range results {
		ref := fmt.Sprintf("REF-%05d", i)
		require.Equal(t, ref, r.Record.Client)
		tasks += len(r.Tasks)

		b, err := json.Marshal(vipcare.Disclosed(r))
		require.NoError(t, err)
		require.Contains(t, string(b), ref)
		var back book.Result
		require.NoError(t, json.Unmarshal(b, &back), "result %d", i)
		again, err := json.Marshal(vipcare.Disclosed(back))
		require.NoError(t, err)
		require.Equal(t, string(b), string(again), "result %d", i) // times read back in a fixed zone, not a named one

		b, err = json.Marshal(r)
		require.NoError(t, err)
		require.NotContains(t, string(b), ref, "result %d", i)
		if r.Record.Amounts.AUM != 0 {
			require.NotContains(t, string(b), `"aum":"`+r.Record.Amounts.AUM.String()+`"`, "result %d", i)
		}
		require.Error(t, json.Unmarshal(b, &back), "result %d: the redacted form", i)
	}
	require.Positive(t, tasks, "some result has tasks")
}
