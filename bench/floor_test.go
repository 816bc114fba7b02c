package bench

import (
	"fmt"
	"math/bits"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// The floor of an engine whose rules are data, measured rather than
// argued: the ladder and the three rules of needTexts as a program of
// comparisons over a client's values already in int64 slots, run by an
// interpreter with no call, no accessor and no currency check. It is the
// best case of any design that reads rules at run time and does not turn
// them into Go: vipcare's figures would have to fill the slots, and its
// compiled policy would be such a program. Two interpreters: one that
// short-circuits and/or as engines do, one that evaluates every
// comparison with no branch and combines bit masks.

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
	var aums []int64
	for _, t := range []int64{0, 50_000e4, 500_000e4, 2_000_000e4, 6_000_000e4, maxAmount} {
		aums = append(aums, t, max(t-1, 0))
	}
	shares := [][2]int64{{0, 0}, {6, 10}, {5_999_999, 10_000_000}, {6e17, 1e18}, {6e17 - 1, 1e18}, {1e18, 1e18}}
	for _, aum := range aums {
		for _, tenure := range []int64{0, 59, 60} {
			for _, links := range []int64{0, 1, 2} {
				for _, e := range []bool{false, true} {
					for _, sh := range shares {
						f := features{AUM: aum, TenureMonths: tenure, CorporateLinks: links, Entrepreneur: e, Deposits: sh[0], Wealth: sh[1]}
						check(&f, fmt.Sprintf("%+v", f))
					}
				}
			}
		}
	}
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
}
