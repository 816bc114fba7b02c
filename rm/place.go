package rm

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// place makes the plan's first pass. Each client offers to be placed in
// one or two ways, each worth a value: staying with its current manager, or
// being placed with any eligible manager when it has none (its value), and
// moving to another manager (its value less rankCost). The offers are
// taken in order of value per minute, highest first, so that a dense client
// takes room before a sparse one whatever their relationships: a current
// client whose room goes to denser clients is not kept (dropping a
// relationship is not a move), and a client whose manager is full moves
// only when its move is worth the room it takes. A client with no current
// manager avoids the room still held for the current clients of a manager
// not yet taken (see pick). A move is made within MaxMoves and only when
// the client's value is above MoveCost.
func (a *assigner) place() {
	movers := a.movers()
	given := make([]int, len(a.ms)) // per manager: minutes given to clients not its own
	m := 0
	for _, i32 := range a.order {
		i := int(i32)
		c := &a.cs[i]
		for ; m < len(movers); m++ { // the moves worth more per minute than this client's offer
			x := &a.cs[movers[m]]
			if cmpDensity(max(0, x.Value-a.rankCost), x.Minutes, c.Value, c.Minutes) <= 0 {
				break
			}
			a.placeMove(int(movers[m]), given)
		}
		el := a.elig[a.class[i]]
		switch {
		case len(el) == 0:
			a.why[i] = failNoEligible
		case a.curSt[i] == curFull:
			j := a.cur[i]
			a.held[j].sub(c.Minutes)
			switch {
			case c.Minutes <= a.rem[j]:
				a.rem[j] -= c.Minutes
				a.at[i] = j
				a.curSt[i] = curKept
			case c.Minutes <= a.rem[j]+given[j]: // it would fit but for clients new to the manager
				a.markMade(i)
			}
		case a.cur[i] < 0:
			if j := a.pick(el, c.Minutes, -1); j >= 0 {
				a.rem[j] -= c.Minutes
				given[j] += c.Minutes
				a.at[i] = j
			} else {
				a.why[i] = failNoCapacity
			}
		}
	}
	for ; m < len(movers); m++ {
		a.placeMove(int(movers[m]), given)
	}
	// The clients whose move gains no more than its cost.
	for _, i32 := range a.order {
		if i := int(i32); a.at[i] < 0 && a.cur[i] >= 0 && a.why[i] == failNone {
			a.placeMove(i, given)
		}
	}
}

// movers returns the clients with a current manager and an eligible one
// whose move may gain more than MoveCost, by their value less rankCost per
// minute, highest first (see byDensity).
func (a *assigner) movers() []int32 {
	n := 0
	for _, i := range a.order {
		if a.isMover(i) {
			n++
		}
	}
	ms := make([]int32, 0, n)
	for _, i := range a.order {
		if a.isMover(i) {
			ms = append(ms, i)
		}
	}
	a.keys = byDensity(ms, a.cs, a.rankCost, a.keys)
	return ms
}

// isMover reports whether client i is one of movers.
func (a *assigner) isMover(i int32) bool {
	return a.cur[i] >= 0 && a.cs[i].Value > a.o.MoveCost && len(a.elig[a.class[i]]) > 0
}

// placeMove places client i, not placed yet and with a current manager,
// with another eligible manager, if one has room and the move may be made,
// adding its minutes to what that manager has given.
func (a *assigner) placeMove(i int, given []int) {
	if a.at[i] >= 0 {
		return
	}
	j := a.pick(a.elig[a.class[i]], a.cs[i].Minutes, a.cur[i])
	if j < 0 {
		a.why[i] = failNoCapacity
		return
	}
	if f := a.canMove(1, a.cs[i].Value); f != failNone {
		a.why[i] = f
		return
	}
	a.moves++
	a.rem[j] -= a.cs[i].Minutes
	given[j] += a.cs[i].Minutes
	a.at[i] = j
	a.why[i] = failNone
}

// markMade records that client i's current manager gave its room to
// clients new to it.
func (a *assigner) markMade(i int) {
	if a.made == nil {
		a.made = make([]bool, len(a.cs))
	}
	a.made[i] = true
}

// pick returns the manager of el, other than except, that client minutes
// fit and that comes first: one with room beside the minutes held for its
// current clients not yet taken, then junior role, then the most minutes
// left beside those held, then the order of el. It returns -1 if none has
// room.
func (a *assigner) pick(el []int32, need int, except int32) int32 {
	best, bestFree, bestFits := int32(-1), 0, false
	for _, j := range el {
		if bestFits && a.role[j] > a.role[best] {
			break // el is by role: no one further on comes first
		}
		if j == except || a.rem[j] < need {
			continue
		}
		free := a.rem[j] - a.held[j].clamp()
		fits := free >= need
		if best < 0 || (fits && !bestFits) ||
			(fits == bestFits && (a.role[j] < a.role[best] || (a.role[j] == a.role[best] && free > bestFree))) {
			best, bestFree, bestFits = j, free, fits
		}
	}
	return best
}

// wideSum is a sum of minutes that cannot overflow.
type wideSum struct{ hi, lo uint64 }

func (w *wideSum) add(m int) {
	var c uint64
	w.lo, c = bits.Add64(w.lo, uint64(m), 0)
	w.hi += c
}

func (w *wideSum) sub(m int) {
	var b uint64
	w.lo, b = bits.Sub64(w.lo, uint64(m), 0)
	w.hi -= b
}

// clamp returns the sum, at most math.MaxInt.
func (w wideSum) clamp() int {
	if w.hi > 0 || w.lo > math.MaxInt {
		return math.MaxInt
	}
	return int(w.lo)
}

// densityKey is a client to sort by value per minute: f approximates it.
type densityKey struct {
	f float64
	i int32
}

// byDensity sorts clients ids of cs, in place, by their value less cost
// (at least 0) per minute, highest first, then their value, then position
// in cs. The order is exact: the floating-point density only settles
// comparisons it cannot get wrong. It uses keys for scratch and returns
// it, grown if need be.
func byDensity(ids []int32, cs []Client, cost int64, keys []densityKey) []densityKey {
	keys = slices.Grow(keys[:0], len(ids))[:len(ids)]
	for k, i := range ids {
		c := &cs[i]
		keys[k] = densityKey{f: float64(max(0, c.Value-cost)) / float64(c.Minutes), i: i}
	}
	slices.SortFunc(keys, func(x, y densityKey) int {
		if x.f != y.f && math.Abs(x.f-y.f) > 1e-9*max(x.f, y.f) { // far beyond rounding
			return cmp.Compare(y.f, x.f)
		}
		cx, cy := &cs[x.i], &cs[y.i]
		vx, vy := max(0, cx.Value-cost), max(0, cy.Value-cost)
		// Clients worth no more than cost are all at 0: the one worth more
		// comes first, not the one first in the book.
		return cmp.Or(cmpDensity(vy, cy.Minutes, vx, cx.Minutes), cmp.Compare(cy.Value, cx.Value), cmp.Compare(x.i, y.i))
	})
	for k := range keys {
		ids[k] = keys[k].i
	}
	return keys
}
