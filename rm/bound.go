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
	// One backing array each for the flows and the arcs.
	arcs := 0
	deg := make([]int, nm)
	for _, el := range elig {
		arcs += len(el)
		for _, j := range el {
			deg[j]++
		}
	}
	flows := make([]int, arcs)
	adj := make([]assignArc, arcs)
	for c, el := range elig {
		f.flow[c], flows = flows[:len(el):len(el)], flows[len(el):]
	}
	for j, d := range deg {
		f.adj[j], adj = adj[:0:d], adj[d:]
	}
	for c, el := range elig {
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

// bounds returns the bound and the move-aware bound, in value, and sets
// rankCost to at least the price of a move at the prices that give the
// move-aware bound.
func (a *assigner) bounds() (bound, moveBound int64) {
	p := a.lpPrices(a.class, a.elig)
	bound, _ = a.dualBound(p, -1)
	bound = min(a.eligibleValue, bound)
	if a.o.MaxMoves < 0 || a.o.MaxMoves >= a.movable { // the limit cannot bind
		return bound, bound
	}
	b0, t := a.dualBound(p, a.o.MaxMoves)
	if b1, t1 := a.dualBound(a.stayPrices(), a.o.MaxMoves); b1 < b0 {
		b0, t = b1, t1
	}
	a.rankCost = max(a.rankCost, int64(min(t, math.MaxInt64)))
	return bound, min(bound, b0)
}

// lpPrices solves the linear-programming relaxation in which client i may
// go to the managers elig[class[i]] exactly and returns its dual prices:
// each manager's minute priced at the value per minute of the best client
// left out (in whole or part) whose class can reach the manager in the
// residual network; 0 if none.
//
// Clients, by value per minute, take what they can: first from managers
// with minutes left (junior first), then along augmenting paths that shift
// earlier minutes between managers. A class with no augmenting path never
// gets one again (what it can reach stays full), so it is marked dead with
// every class its search reached.
func (a *assigner) lpPrices(class []int32, elig [][]int32) []minutePrice {
	nk := len(elig)
	f := newFlowNet(elig, a.capa)
	next := make([]int, nk)        // first eligible manager that may have minutes left
	top := make([]minutePrice, nk) // best client left out, per class
	out := make([]bool, nk)
	for _, i := range a.order {
		c := class[i]
		el := elig[c]
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

// dualBound returns the bound of the dual of the relaxation at manager
// prices ps when at most limit clients may move (-1: any number): the sum
// of capacity x price, plus for each client with an eligible manager its
// value above the price of its minutes where it stays (its current manager)
// or 0, plus what the best of its other eligible managers adds to that,
// for the limit clients to whom it adds the most, each term rounded up;
// MaxInt64 on overflow or an infinite price on a manager with minutes.
//
// This is the Lagrangian dual of the move limit, minimised over the price
// of a move: at price t, a client's term is the larger of its stay and its
// move less t, and the limit adds limit x t; the best t is the limit+1-th
// largest gain of a move, where the sum is the stay terms plus the limit
// largest gains. With no limit it is the bound of the relaxation that
// ignores current relationships.
func (a *assigner) dualBound(ps []minutePrice, limit int) (int64, uint64) {
	var b satSum
	for j, capa := range a.capa {
		p := ps[j]
		if p.v == 0 || capa == 0 {
			continue
		}
		if p.m == 0 {
			return math.MaxInt64, 0
		}
		hi, lo := bits.Mul64(uint64(capa), uint64(p.v))
		if hi >= uint64(p.m) {
			return math.MaxInt64, 0
		}
		q, r := bits.Div64(hi, lo, uint64(p.m))
		if r != 0 {
			q++
		}
		b.add(q)
	}
	// Per class: the cheapest eligible manager, and the cheapest but it.
	type cheapest struct {
		j           int32 // the first cheapest
		low, second minutePrice
		hasSecond   bool
	}
	low := make([]cheapest, len(a.elig))
	for c, el := range a.elig {
		l := &low[c]
		for k, j := range el {
			switch {
			case k == 0:
				l.j, l.low = j, ps[j]
			case cmpDensity(ps[j].v, ps[j].m, l.low.v, l.low.m) < 0:
				l.second, l.hasSecond = l.low, true
				l.j, l.low = j, ps[j]
			case !l.hasSecond || cmpDensity(ps[j].v, ps[j].m, l.second.v, l.second.m) < 0:
				l.second, l.hasSecond = ps[j], true
			}
		}
	}
	var gains []uint64 // per client with a current manager: what a move adds, if anything
	for i := range a.cs {
		c := &a.cs[i]
		el := a.elig[a.class[i]]
		if len(el) == 0 {
			continue
		}
		l := &low[a.class[i]]
		if a.cur[i] < 0 {
			b.add(surplus(c, l.low))
			continue
		}
		var stay, move uint64
		switch {
		case a.curSt[i] == curIneligible:
			move = surplus(c, l.low)
		case l.j != a.cur[i]:
			stay, move = surplus(c, ps[a.cur[i]]), surplus(c, l.low)
		case l.hasSecond:
			stay, move = surplus(c, l.low), surplus(c, l.second)
		default:
			stay = surplus(c, l.low)
		}
		b.add(stay)
		if move > stay {
			if limit < 0 {
				b.add(move - stay)
			} else {
				gains = append(gains, move-stay)
			}
		}
	}
	var t uint64
	if len(gains) > limit && limit >= 0 {
		slices.Sort(gains)
		t = gains[len(gains)-limit-1]
		gains = gains[len(gains)-limit:]
	}
	for _, g := range gains {
		b.add(g)
	}
	return b.int64(), t
}

// satSum is a sum that saturates at math.MaxUint64.
type satSum uint64

func (s *satSum) add(x uint64) {
	if uint64(*s)+x < uint64(*s) {
		*s = math.MaxUint64
	} else {
		*s += satSum(x)
	}
}

// int64 returns the sum, at most math.MaxInt64.
func (s satSum) int64() int64 {
	return int64(min(uint64(s), math.MaxInt64))
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

// stayPrices solves the relaxation in which no client moves, as lpPrices
// does, and returns its prices: a client with an eligible current manager
// may only stay with it, one whose current manager is not eligible is not
// placed, and the others go to any eligible manager. Its classes are the
// assigner's for the clients with no current manager, then one per
// manager for those who stay, then one with no manager.
func (a *assigner) stayPrices() []minutePrice {
	nk, nm := len(a.elig), len(a.ms)
	elig := make([][]int32, nk+nm+1)
	copy(elig, a.elig)
	one := make([]int32, nm)
	for j := range one {
		one[j] = int32(j)
		elig[nk+j] = one[j : j+1 : j+1]
	}
	class := make([]int32, len(a.cs))
	for i := range class {
		switch {
		case a.cur[i] < 0:
			class[i] = a.class[i]
		case a.curSt[i] == curIneligible || len(a.elig[a.class[i]]) == 0:
			class[i] = int32(nk + nm)
		default:
			class[i] = int32(nk) + a.cur[i]
		}
	}
	return a.lpPrices(class, elig)
}
