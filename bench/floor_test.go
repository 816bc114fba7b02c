package bench

import (
	"fmt"
	"math/bits"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

// The floor of an engine whose rules are data, measured rather than
// argued: the ladder and the three rules of needTexts as a program of
// comparisons over a client's values already in int64 slots, run by an
// interpreter with no call, no accessor and no currency check. It is the
// best case of any design that reads rules at run time and does not turn
// them into Go: vipcare's figures would have to fill the slots, and its
// compiled policy would be such a program. Two interpreters a client at a
// time: one that short-circuits and/or as engines do, one that evaluates
// every comparison with no branch and combines bit masks. Two a chunk of
// clients at a time, as a vectorised engine runs, so that the program is
// read once a chunk: one over int64 columns with no call at all, one over
// vipcare.Figures through the accessors of vipcare's schema.

// Slots of a client's values.
const (
	slotAUM = iota
	slotLinks
	slotEntrepreneur // 0 or 1
	slotTenure
	slotDeposits
	slotWealth
	nSlots
)

// slots are one client's values.
type slots [nSlots]int64

func slotsOf(f *features) slots {
	var e int64
	if f.Entrepreneur {
		e = 1
	}
	return slots{f.AUM, f.CorporateLinks, e, f.TenureMonths, f.Deposits, f.Wealth}
}

// test is one comparison: lo <= slot <= lo+span, as one unsigned
// comparison.
type test struct {
	slot uint8
	lo   int64
	span uint64
}

func (t test) eval(s *slots) bool { return uint64(s[t.slot]-t.lo) <= t.span }

// atLeast is the test slot >= t.
func atLeast(slot uint8, t int64) test { return test{slot: slot, lo: t, span: 1<<63 - 1 - uint64(t)} }

// share is num/den >= p/q, exactly: num*q >= den*p in 128 bits, den > 0.
type share struct {
	num, den uint8
	p, q     uint64
}

func (r share) eval(s *slots) bool {
	d := s[r.den]
	nh, nl := bits.Mul64(uint64(s[r.num]), r.q)
	dh, dl := bits.Mul64(uint64(d), r.p)
	return d > 0 && (nh > dh || nh == dh && nl >= dl)
}

// rule is tests[first:first+n] joined by and (or by or), or the share
// shares[ratio] when ratio >= 0.
type rule struct {
	first, n uint8
	and      bool
	ratio    int8
}

// program is the ladder's thresholds and the three rules.
type program struct {
	rungs  [4]int64
	tests  []test
	shares []share
	rules  [3]rule
}

func floorProgram() *program {
	return &program{
		rungs: [4]int64{50_000e4, 500_000e4, 2_000_000e4, 6_000_000e4},
		tests: []test{
			{slot: slotEntrepreneur, lo: 1}, atLeast(slotLinks, 1), // business
			atLeast(slotAUM, 2_000_000e4), atLeast(slotTenure, 60), // loyal
		},
		shares: []share{{num: slotDeposits, den: slotWealth, p: 6, q: 10}}, // idle
		rules:  [3]rule{{first: 0, n: 2, ratio: -1}, {first: 2, n: 2, and: true, ratio: -1}, {ratio: 0}},
	}
}

// shortCircuit runs p as engines do: each rule's tests in turn, stopping
// at the first that decides it.
func (p *program) shortCircuit(s *slots) decision {
	var rung int8
	for _, t := range p.rungs {
		if s[slotAUM] >= t {
			rung++
		}
	}
	var out [3]bool
	for i := range p.rules {
		r := &p.rules[i]
		if r.ratio >= 0 {
			out[i] = p.shares[r.ratio].eval(s)
			continue
		}
		ok := r.and
		for _, t := range p.tests[r.first : r.first+r.n] {
			if t.eval(s) != r.and {
				ok = !r.and
				break
			}
		}
		out[i] = ok
	}
	return decision{rung: rung, business: out[0], loyal: out[1], idle: out[2]}
}

// masks runs p with no branch on the data: every test sets a bit, a rule
// is all (and) or any (or) of its bits.
func (p *program) masks(s *slots) decision {
	var rung int8
	for _, t := range p.rungs {
		rung += int8(b2i(s[slotAUM] >= t))
	}
	var m uint64
	for i, t := range p.tests {
		m |= b2i(t.eval(s)) << i
	}
	for i, r := range p.shares {
		m |= b2i(r.eval(s)) << (len(p.tests) + i)
	}
	var out [3]bool
	for i, r := range p.rules {
		var want uint64
		if r.ratio >= 0 {
			want = 1 << (len(p.tests) + int(r.ratio))
		} else {
			want = (1<<r.n - 1) << r.first
		}
		out[i] = m&want == want || !r.and && r.ratio < 0 && m&want != 0
	}
	return decision{rung: rung, business: out[0], loyal: out[1], idle: out[2]}
}

func b2i(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// The two interpreters decide as the hand-written rules do on every
// client of a 10,000-client book, and on features at every edge of the
// rules: each threshold and one ten-thousandth below, 59 and 60 months, a
// share of exactly 0.6 and just below, no wealth, every mix of the
// business facts.
func TestFloorAgrees(t *testing.T) {
	p := floorProgram()
	check := func(f *features, what string) {
		t.Helper()
		s, want := slotsOf(f), decideFeatures(f)
		require.Equal(t, want, p.shortCircuit(&s), "%s, short-circuit", what)
		require.Equal(t, want, p.masks(&s), "%s, masks", what)
	}
	var f features
	for i, c := range book(seed, 10_000, runtime.GOMAXPROCS(0)) {
		require.NoError(t, aggregate(&c, asOf, &f))
		check(&f, fmt.Sprintf("client %d", i))
	}
	for _, f := range edgeFeatures() {
		check(&f, fmt.Sprintf("%+v", f))
	}
}

// edgeFeatures returns features at every edge of the rules: each
// threshold and one ten-thousandth below, 59 and 60 months, a share of
// exactly 0.6 and just below, no wealth, every mix of the business facts.
func edgeFeatures() []features {
	var aums []int64
	for _, t := range []int64{0, 50_000e4, 500_000e4, 2_000_000e4, 6_000_000e4, maxAmount} {
		aums = append(aums, t, max(t-1, 0))
	}
	shares := [][2]int64{{0, 0}, {6, 10}, {5_999_999, 10_000_000}, {6e17, 1e18}, {6e17 - 1, 1e18}, {1e18, 1e18}}
	var fs []features
	for _, aum := range aums {
		for _, tenure := range []int64{0, 59, 60} {
			for _, links := range []int64{0, 1, 2} {
				for _, e := range []bool{false, true} {
					for _, sh := range shares {
						fs = append(fs, features{AUM: aum, TenureMonths: tenure, CorporateLinks: links, Entrepreneur: e, Deposits: sh[0], Wealth: sh[1]})
					}
				}
			}
		}
	}
	return fs
}

// BenchmarkFloor times the two interpreters beside hand_figures, on the
// clients BenchmarkCompare cycles through, their slots filled before the
// timer. Compare with BenchmarkCompare/vipcare_figures and hand_funcs.
func BenchmarkFloor(b *testing.B) {
	clients := book(seed, compareBook, runtime.GOMAXPROCS(0))
	feats := make([]features, compareBook)
	ss := make([]slots, compareBook)
	for i := range clients {
		if err := aggregate(&clients[i], asOf, &feats[i]); err != nil {
			b.Fatal(err)
		}
		ss[i] = slotsOf(&feats[i])
	}
	p := floorProgram()
	b.Run("hand_figures", func(b *testing.B) {
		i := 0
		for b.Loop() {
			keep(decideFeatures(&feats[i&(compareBook-1)]))
			i++
		}
	})
	b.Run("short_circuit", func(b *testing.B) {
		i := 0
		for b.Loop() {
			keep(p.shortCircuit(&ss[i&(compareBook-1)]))
			i++
		}
	})
	b.Run("masks", func(b *testing.B) {
		i := 0
		for b.Loop() {
			keep(p.masks(&ss[i&(compareBook-1)]))
			i++
		}
	})
	// The batch variants: one op is still one client, decided in
	// chunks of 256 (the last chunk of a run may be shorter).
	cols, out, masks := columnsOf(ss), make([]decision, compareBook), make([]uint64, chunk)
	var sub columns
	b.Run("columnar", func(b *testing.B) {
		for n := 0; n < b.N; {
			lo := n & (compareBook - 1)
			k := min(chunk, b.N-n)
			cols.slice(lo, lo+k, &sub)
			p.columnar(&sub, out[lo:lo+k], masks)
			n += k
		}
	})
	figs := make([]vipcare.Figures, compareBook)
	for i := range clients {
		if err := valuation.Compute(&clients[i], &figs[i]); err != nil {
			b.Fatal(err)
		}
	}
	g := newGoOverFigures(b)
	b.Run("go_over_figures", func(b *testing.B) {
		i := 0
		for b.Loop() {
			keep(g.decide(&figs[i&(compareBook-1)]))
			i++
		}
	})
	a := newAccessors(b)
	b.Run("batch_accessors", func(b *testing.B) {
		for n := 0; n < b.N; {
			lo := n & (compareBook - 1)
			k := min(chunk, b.N-n)
			a.batch(figs[lo:lo+k], out[lo:lo+k])
			n += k
		}
	})
}

// columns are the slots of a chunk of clients, a column per slot: the
// layout of a vectorised engine (MonetDB/X100, DuckDB).
type columns [nSlots][]int64

// columnsOf returns the slots of ss as columns.
func columnsOf(ss []slots) *columns {
	var c columns
	for k := range c {
		c[k] = make([]int64, len(ss))
		for i := range ss {
			c[k][i] = ss[i][k]
		}
	}
	return &c
}

// slice returns the columns of clients lo to hi, in sub.
func (c *columns) slice(lo, hi int, sub *columns) {
	for k := range c {
		sub[k] = c[k][lo:hi]
	}
}

// columnar runs p a column at a time over a chunk of clients, as a
// vectorised engine does: each rung, test and share is one loop over a
// column with no dispatch and no call inside it, setting a bit per
// client, and the rules' verdicts come from the bits. The program is read
// once a chunk instead of once a client. out and masks have at least as
// many elements as the columns; masks is scratch.
func (p *program) columnar(c *columns, out []decision, masks []uint64) {
	n := len(c[slotAUM])
	out, masks = out[:n], masks[:n]
	clear(masks)
	for i, a := range c[slotAUM][:n] {
		var rung int8
		for _, t := range p.rungs {
			rung += int8(b2i(a >= t))
		}
		out[i].rung = rung
	}
	for j, t := range p.tests {
		lo, span := t.lo, t.span
		for i, v := range c[t.slot][:n] {
			masks[i] |= b2i(uint64(v-lo) <= span) << j
		}
	}
	for j, r := range p.shares {
		num, den := c[r.num][:n], c[r.den][:n]
		for i := range num {
			d := den[i]
			nh, nl := bits.Mul64(uint64(num[i]), r.q)
			dh, dl := bits.Mul64(uint64(d), r.p)
			masks[i] |= b2i(d > 0 && (nh > dh || nh == dh && nl >= dl)) << (len(p.tests) + j)
		}
	}
	var want [3]uint64
	var all [3]bool
	for k, r := range p.rules {
		if r.ratio >= 0 {
			want[k] = 1 << (len(p.tests) + int(r.ratio))
		} else {
			want[k] = (1<<r.n - 1) << r.first
		}
		all[k] = r.and || r.ratio >= 0
	}
	for i, m := range masks {
		m0, m1, m2 := m&want[0], m&want[1], m&want[2]
		out[i].business = m0 == want[0] || !all[0] && m0 != 0
		out[i].loyal = m1 == want[1] || !all[1] && m1 != 0
		out[i].idle = m2 == want[2] || !all[2] && m2 != 0
	}
}

// accessors are the figures' fields the rules read, as the func values
// vipcare's schema holds: what an engine over vipcare.Figures calls to
// read a field, whether it runs a client or a chunk at a time.
type accessors struct {
	aum, links, tenure, deposits, wealth func(*vipcare.Figures) int64
	entrepreneur                         func(*vipcare.Figures) bool
}

func newAccessors(tb testing.TB) *accessors {
	s := (*vipcare.Env)(nil).Schema()
	a := &accessors{entrepreneur: func(f *vipcare.Figures) bool { return f.Profile.Entrepreneur }}
	for name, get := range map[string]*func(*vipcare.Figures) int64{
		"aum": &a.aum, "corporate_links": &a.links, "tenure_months": &a.tenure,
		"amount.deposits": &a.deposits, "wealth": &a.wealth,
	} {
		var ok bool
		if *get, ok = s.Number(name); !ok {
			tb.Fatalf("no field %s", name)
		}
	}
	return a
}

// batch decides a chunk of figures a rule at a time, each rule one loop
// over the chunk, short-circuiting by skipping the clients decided
// already: the best case of a vectorised engine that reads fields
// through accessors. Every client still costs a call per field read.
func (a *accessors) batch(fs []vipcare.Figures, out []decision) {
	out = out[:len(fs)]
	for i := range fs {
		x := a.aum(&fs[i])
		out[i].rung = rungOf(&features{AUM: x})
		out[i].loyal = x >= 2_000_000e4
	}
	for i := range fs {
		out[i].business = a.entrepreneur(&fs[i])
	}
	for i := range fs {
		if !out[i].business {
			out[i].business = a.links(&fs[i]) >= 1
		}
	}
	for i := range fs {
		if out[i].loyal {
			out[i].loyal = a.tenure(&fs[i]) >= 60
		}
	}
	for i := range fs {
		out[i].idle = idle(&features{Deposits: a.deposits(&fs[i]), Wealth: a.wealth(&fs[i])})
	}
}

// goOverFigures is the ladder and the rules written in Go over
// vipcare.Figures, as a generator turning rules into Go source would
// write them against the figures' exported API: no engine and no call
// per rule, but the figures as they are (the profile's facts behind a
// pointer, a class's total found by its name, and the tenure, which
// Figures does not export, through the schema's accessor, read only
// when AUM reaches the threshold). It measures what the figures
// themselves cost against hand_figures' 48 bytes of features.
type goOverFigures struct{ tenure func(*vipcare.Figures) int64 }

func newGoOverFigures(tb testing.TB) *goOverFigures {
	tenure, ok := (*vipcare.Env)(nil).Schema().Number("tenure_months")
	if !ok {
		tb.Fatal("no field tenure_months")
	}
	return &goOverFigures{tenure: tenure}
}

func (g *goOverFigures) decide(f *vipcare.Figures) decision {
	aum := int64(f.AUM)
	p := f.Profile
	return decision{
		rung:     rungOf(&features{AUM: aum}),
		business: p.Entrepreneur || len(p.Corporates) >= 1,
		loyal:    aum >= 2_000_000e4 && g.tenure(f) >= 60,
		idle:     idle(&features{Deposits: int64(f.Class(vipcare.Deposits)), Wealth: int64(f.Wealth)}),
	}
}

// chunk is how many clients the batch variants decide a column at a
// time: small enough that a chunk's columns, masks and decisions stay in
// the first-level cache from one column to the next.
const chunk = 256

// The columnar interpreter, the batch over accessors and the Go over
// figures decide as the hand-written rules do on every client of a
// 10,000-client book, and the columnar interpreter on the edge features
// of TestFloorAgrees too.
func TestBatchFloorAgrees(t *testing.T) {
	p, a := floorProgram(), newAccessors(t)
	clients := book(seed, 10_000, runtime.GOMAXPROCS(0))
	feats := make([]features, len(clients))
	ss := make([]slots, len(clients))
	figs := make([]vipcare.Figures, len(clients))
	for i := range clients {
		require.NoError(t, aggregate(&clients[i], asOf, &feats[i]))
		require.NoError(t, valuation.Compute(&clients[i], &figs[i]))
		ss[i] = slotsOf(&feats[i])
	}
	edges := edgeFeatures()
	for _, f := range edges {
		feats, ss = append(feats, f), append(ss, slotsOf(&f))
	}
	cols, out, masks := columnsOf(ss), make([]decision, len(ss)), make([]uint64, chunk)
	var sub columns
	for lo := 0; lo < len(ss); lo += chunk {
		hi := min(lo+chunk, len(ss))
		cols.slice(lo, hi, &sub)
		p.columnar(&sub, out[lo:hi], masks)
	}
	for i := range ss {
		require.Equal(t, decideFeatures(&feats[i]), out[i], "columnar interpreter, case %d", i)
	}
	clear(out)
	a.batch(figs, out)
	g := newGoOverFigures(t)
	for i := range figs {
		require.Equal(t, decideFeatures(&feats[i]), out[i], "batch over accessors, client %d", i)
		require.Equal(t, decideFeatures(&feats[i]), g.decide(&figs[i]), "Go over figures, client %d", i)
	}
}
