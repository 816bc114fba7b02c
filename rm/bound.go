package rm

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// A minutePrice is a value per minute, v/m; m 0 is infinite.
type minutePrice struct {
	v int64
	m int
}

// assignArc is an edge of the flow network between a class and the k-th
// manager eligible for it.
type assignArc struct{ c, k int32 }

// flowNet is the flow network of the linear-programming relaxation: each
// client's minutes flow from its class to eligible managers.
type flowNet struct {
	elig  [][]int32 // per class: eligible managers (the assigner's)
	res   []int     // per manager: minutes left
	flow  [][]int   // per class, per eligible manager: minutes sent
	adj   [][]assignArc
	dead  []bool // per class: no augmenting path, now or later
	seenC []int  // per class: the stamp of the search that reached it
	seenM []int  // per manager: likewise
	viaC  []assignArc
	viaM  []assignArc
	queue []int32
	stamp int
}

func newFlowNet(elig [][]int32, capa []int) *flowNet {
	nk, nm := len(elig), len(capa)
	f := &flowNet{
		elig:  elig,
		res:   slices.Clone(capa),
		flow:  make([][]int, nk),
		adj:   make([][]assignArc, nm),
		dead:  make([]bool, nk),
		seenC: make([]int, nk),
		seenM: make([]int, nm),
		viaC:  make([]assignArc, nk), // for a class reached backwards: the manager (as c) and its position
		viaM:  make([]assignArc, nm), // for a manager: the class it was reached from and its position
	}
	for c, el := range elig {
		f.flow[c] = make([]int, len(el))
		for k, j := range el {
			f.adj[j] = append(f.adj[j], assignArc{int32(c), int32(k)})
		}
	}
	return f
}

// bfs searches the residual network from class s over classes not yet seen
// in this stamp, calling visit for each manager it reaches; visit returning
// true stops the search. It returns the classes it reached.
func (f *flowNet) bfs(s int32, skipDead bool, visit func(j int32) bool) []int32 {
	f.queue = append(f.queue[:0], s)
	f.seenC[s] = f.stamp
	for q := 0; q < len(f.queue); q++ {
		c := f.queue[q]
		for k, j := range f.elig[c] {
			if f.seenM[j] == f.stamp {
				continue
			}
			f.seenM[j] = f.stamp
			f.viaM[j] = assignArc{c, int32(k)}
			if visit(j) {
				return nil
			}
			for _, e := range f.adj[j] {
				if f.seenC[e.c] == f.stamp || f.flow[e.c][e.k] == 0 || (skipDead && f.dead[e.c]) {
					continue
				}
				f.seenC[e.c] = f.stamp
				f.viaC[e.c] = assignArc{j, e.k}
				f.queue = append(f.queue, e.c)
			}
		}
	}
	return f.queue
}

// augment sends up to need minutes from class s along one augmenting path
// and returns how many; 0 when there is none, and then s and every class
// its search reached are dead: what they can reach stays full.
func (f *flowNet) augment(s int32, need int) int {
	f.stamp++
	sink := int32(-1)
	reached := f.bfs(s, true, func(j int32) bool {
		if f.res[j] > 0 {
			sink = j
			return true
		}
		return false
	})
	if sink < 0 {
		for _, c := range reached {
			f.dead[c] = true
		}
		return 0
	}
	t := min(need, f.res[sink])
	for j := sink; ; {
		e := f.viaM[j]
		if e.c == s {
			break
		}
		b := f.viaC[e.c]
		t = min(t, f.flow[e.c][b.k])
		j = b.c
	}
	f.res[sink] -= t
	for j := sink; ; {
		e := f.viaM[j]
		f.flow[e.c][e.k] += t
		if e.c == s {
			break
		}
		b := f.viaC[e.c]
		f.flow[e.c][b.k] -= t
		j = b.c
	}
	return t
}

// lpPrices solves the linear-programming relaxation exactly and returns its
// dual prices: each manager's minute priced at the value per minute of the
// best client left out (in whole or part) whose class can reach the
// manager in the residual network; 0 if none.
//
// Clients, by value per minute, take what they can: first from managers
// with minutes left (junior first), then along augmenting paths that shift
// earlier minutes between managers. A class with no augmenting path never
// gets one again (what it can reach stays full), so it is marked dead with
// every class its search reached.
func (a *assigner) lpPrices() []minutePrice {
	nk := len(a.elig)
	f := newFlowNet(a.elig, a.capa)
	next := make([]int, nk)        // first eligible manager that may have minutes left
	top := make([]minutePrice, nk) // best client left out, per class
	out := make([]bool, nk)
	for _, i := range a.order {
		c := a.class[i]
		el := a.elig[c]
		if len(el) == 0 {
			continue
		}
		need := a.cs[i].Minutes
		for need > 0 && !f.dead[c] {
			for need > 0 && next[c] < len(el) {
				j := el[next[c]]
				if f.res[j] == 0 {
					next[c]++
					continue
				}
				t := min(need, f.res[j])
				f.flow[c][next[c]] += t
				f.res[j] -= t
				need -= t
			}
			if need > 0 {
				need -= f.augment(c, need)
			}
		}
		if need > 0 && !out[c] {
			top[c], out[c] = minutePrice{a.cs[i].Value, a.cs[i].Minutes}, true
		}
	}

	// Prices: from the classes with clients left out, best first, price
	// every manager they reach and that no better class reached.
	ps := make([]minutePrice, len(a.ms))
	for j := range ps {
		ps[j] = minutePrice{0, 1}
	}
	var left []int32
	for c := range out {
		if out[c] {
			left = append(left, int32(c))
		}
	}
	slices.SortStableFunc(left, func(x, y int32) int { return cmpDensity(top[y].v, top[y].m, top[x].v, top[x].m) })
	f.stamp++
	for _, c := range left {
		if f.seenC[c] == f.stamp {
			continue
		}
		p := top[c]
		f.bfs(c, false, func(j int32) bool {
			ps[j] = p
			return false
		})
	}
	return ps
}

// dualBound returns the LP dual bound at prices ps: the sum of capacity x
// price plus each eligible client's value above its cheapest eligible
// manager's price x its minutes, each term rounded up; MaxInt64 on
// overflow or an infinite price on a manager with minutes.
func (a *assigner) dualBound(ps []minutePrice) int64 {
	var b uint64
	add := func(x uint64) {
		if b+x < b {
			b = math.MaxUint64
		} else {
			b += x
		}
	}
	for j, capa := range a.capa {
		p := ps[j]
		if p.v == 0 || capa == 0 {
			continue
		}
		if p.m == 0 {
			return math.MaxInt64
		}
		hi, lo := bits.Mul64(uint64(capa), uint64(p.v))
		if hi >= uint64(p.m) {
			return math.MaxInt64
		}
		q, r := bits.Div64(hi, lo, uint64(p.m))
		if r != 0 {
			q++
		}
		add(q)
	}
	low := make([]minutePrice, len(a.elig))
	for c, el := range a.elig {
		for k, j := range el {
			if k == 0 || cmpDensity(ps[j].v, ps[j].m, low[c].v, low[c].m) < 0 {
				low[c] = ps[j]
			}
		}
	}
	for i := range a.cs {
		if len(a.elig[a.class[i]]) == 0 {
			continue
		}
		add(surplus(&a.cs[i], low[a.class[i]]))
	}
	if b > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(b)
}

// surplus returns max(0, Value - Minutes x p) of client c, rounded up; at
// an infinite price, the value of a client with no minutes and 0 for
// others.
func surplus(c *Client, p minutePrice) uint64 {
	if p.m == 0 {
		if c.Minutes == 0 {
			return uint64(c.Value)
		}
		return 0
	}
	// max(0, v - m*pv/pm) = (v*pm - m*pv)/pm, rounded up
	h1, l1 := bits.Mul64(uint64(c.Value), uint64(p.m))
	h2, l2 := bits.Mul64(uint64(c.Minutes), uint64(p.v))
	if h1 < h2 || (h1 == h2 && l1 <= l2) {
		return 0
	}
	l, borrow := bits.Sub64(l1, l2, 0)
	h, _ := bits.Sub64(h1, h2, borrow)
	q, r := bits.Div64(h, l, uint64(p.m)) // h < pm: the quotient is at most v
	if r != 0 {
		q++
	}
	return q
}

// cmpDensity compares v1/m1 with v2/m2 (values and minutes not negative;
// minutes 0 is infinite, and two infinities are equal).
func cmpDensity(v1 int64, m1 int, v2 int64, m2 int) int {
	switch {
	case m1 == 0 && m2 == 0:
		return 0
	case m1 == 0:
		return 1
	case m2 == 0:
		return -1
	}
	h1, l1 := bits.Mul64(uint64(v1), uint64(m2))
	h2, l2 := bits.Mul64(uint64(v2), uint64(m1))
	if c := cmp.Compare(h1, h2); c != 0 {
		return c
	}
	return cmp.Compare(l1, l2)
}
