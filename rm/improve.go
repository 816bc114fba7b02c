package rm

import (
	"cmp"
	"slices"
)

// roomSearch is the state of the improve step: what it learnt about which
// classes cannot be helped, and a cache for one search.
type roomSearch struct {
	maxRem int // the most minutes left at any manager
	// A class whose clients of failedMin minutes or more found no way to
	// make room cannot be helped until something changes (version).
	version   int
	failedAt  []int
	failedMin []int
	// Per class, the most minutes left at an eligible manager other than
	// the one being freed, cached for one search (stamp).
	search int
	stamp  []int
	room   []int
}

// roomMove is a way to place a client: with manager j, after moving client
// x (-1 if none) from j to manager k; extra is the moves it adds.
type roomMove struct {
	j, k  int32
	x     int32
	extra int
}

// improve places clients left without room by moving one placed client
// from an eligible manager to another manager with room.
func (a *assigner) improve() {
	if !slices.Contains(a.why, failNoCapacity) {
		return
	}
	a.fileAll()
	s := &roomSearch{
		maxRem:    slices.Max(a.rem),
		version:   1,
		failedAt:  make([]int, len(a.elig)),
		failedMin: make([]int, len(a.elig)),
		stamp:     make([]int, len(a.elig)),
		room:      make([]int, len(a.elig)),
	}
	for _, i32 := range a.order {
		i := int(i32)
		if a.why[i] != failNoCapacity {
			continue
		}
		ci := a.class[i]
		need := a.cs[i].Minutes
		if s.failedAt[ci] == s.version && need >= s.failedMin[ci] {
			continue
		}
		best, found := a.findRoom(s, i)
		if !found {
			if s.failedAt[ci] != s.version {
				s.failedAt[ci], s.failedMin[ci] = s.version, need
			} else {
				s.failedMin[ci] = min(s.failedMin[ci], need)
			}
			continue
		}
		if f := a.canMove(best.extra, a.cs[i].Value); f != failNone {
			if best.x < 0 {
				a.why[i] = f // there is room, but the client's own move is barred
			}
			continue // otherwise still "no capacity": room only at a price not worth paying
		}
		if best.x >= 0 && a.cs[i].Value == 0 {
			continue // nothing to gain by moving anyone
		}
		a.apply(i, best)
		s.version++
		s.maxRem = slices.Max(a.rem)
	}
	a.finish()
}

// finish goes once more through the clients still unplaced, in order: the
// moves of improve free room after some clients' turns. A client whose
// current manager, eligible, now has room stays with it (no move); one
// that an eligible manager has room for is placed there as place places
// it, within MaxMoves and MoveCost, or given the reason its move is
// barred: no client is left out for want of room that is there.
func (a *assigner) finish() {
	for _, i32 := range a.order {
		i := int(i32)
		if a.at[i] >= 0 || a.why[i] == failNoEligible {
			continue
		}
		el, need, cur := a.elig[a.class[i]], a.cs[i].Minutes, a.cur[i]
		if cur >= 0 && a.curSt[i] != curIneligible && a.rem[cur] >= need {
			a.apply(i, roomMove{j: cur, k: -1, x: -1})
			continue
		}
		j := a.pick(el, need, cur)
		if j < 0 {
			continue
		}
		extra := boolInt(a.isMove(i, j))
		if f := a.canMove(extra, a.cs[i].Value); f != failNone {
			a.why[i] = f
			continue
		}
		a.apply(i, roomMove{j: j, k: -1, x: -1, extra: extra})
	}
}

// findRoom returns the way to place client i that adds the fewest moves:
// with an eligible manager that has room now, or with one that would have
// room once one of its clients moves to another manager with room. It
// reports false if there is none.
func (a *assigner) findRoom(s *roomSearch, i int) (best roomMove, found bool) {
	need := a.cs[i].Minutes
	// The fewest moves added; then no other client moved; then the fewest
	// minutes left at the manager (the tightest fit, which keeps larger
	// gaps for larger clients): content, not the order of the book,
	// chooses between ways that differ.
	left := func(c roomMove) int {
		if c.x >= 0 {
			return a.rem[c.j] + a.cs[c.x].Minutes - need
		}
		return a.rem[c.j] - need
	}
	consider := func(c roomMove) {
		if !found || cmp.Or(cmp.Compare(c.extra, best.extra), cmp.Compare(boolInt(c.x >= 0), boolInt(best.x >= 0)),
			cmp.Compare(left(c), left(best))) < 0 {
			best, found = c, true
		}
	}
	for _, j := range a.elig[a.class[i]] {
		if a.rem[j] >= need { // room after an earlier change
			consider(roomMove{j: j, k: -1, x: -1, extra: boolInt(a.isMove(i, j))})
			continue
		}
		short := need - a.rem[j]
		if short > s.maxRem {
			continue
		}
		s.search++
		for _, g := range a.groups[j] {
			if s.stamp[g.class] != s.search {
				s.stamp[g.class] = s.search
				s.room[g.class] = -1
				for _, k := range a.elig[g.class] {
					if k != j {
						s.room[g.class] = max(s.room[g.class], a.rem[k])
					}
				}
			}
			r := s.room[g.class]
			if r < short {
				continue
			}
			for _, list := range [2][]int32{g.free, g.kept} {
				p, _ := slices.BinarySearchFunc(list, short, func(x int32, m int) int { return cmp.Compare(a.cs[x].Minutes, m) })
				if p == len(list) || a.cs[list[p]].Minutes > r {
					continue
				}
				x := list[p]
				k := a.pick(a.elig[g.class], a.cs[x].Minutes, j)
				consider(roomMove{j: j, k: k, x: x,
					extra: boolInt(a.isMove(i, j)) + boolInt(a.isMove(int(x), k)) - boolInt(a.isMove(int(x), j))})
			}
		}
	}
	return best, found
}

// apply places client i as m says, moving m.x first.
func (a *assigner) apply(i int, m roomMove) {
	a.moves += m.extra
	if m.x >= 0 {
		x := m.x
		a.unfile(m.j, x)
		a.rem[m.j] += a.cs[x].Minutes
		a.rem[m.k] -= a.cs[x].Minutes
		a.at[x] = m.k
		a.file(m.k, x)
		a.settle(int(x))
	}
	a.rem[m.j] -= a.cs[i].Minutes
	a.at[i] = m.j
	a.why[i] = failNone
	a.file(m.j, int32(i))
	a.settle(i)
}

// fileAll files every placed client in its manager's groups, each group's
// lists by minutes, value, then position.
func (a *assigner) fileAll() {
	a.groups = make([][]assignGroup, len(a.ms))
	for i, j := range a.at {
		if j >= 0 {
			g := a.group(j, a.class[i])
			if a.cur[i] == j {
				g.kept = append(g.kept, int32(i))
			} else {
				g.free = append(g.free, int32(i))
			}
		}
	}
	for j := range a.groups {
		slices.SortFunc(a.groups[j], func(x, y assignGroup) int { return cmp.Compare(x.class, y.class) })
		for g := range a.groups[j] {
			slices.SortFunc(a.groups[j][g].kept, a.byMinutes)
			slices.SortFunc(a.groups[j][g].free, a.byMinutes)
		}
	}
}

// byMinutes orders clients by minutes, then value (the least valuable is
// the one to move), then position.
func (a *assigner) byMinutes(x, y int32) int {
	return cmp.Or(cmp.Compare(a.cs[x].Minutes, a.cs[y].Minutes), cmp.Compare(a.cs[x].Value, a.cs[y].Value), cmp.Compare(x, y))
}

// group returns manager j's group of class c, adding it if new.
func (a *assigner) group(j, c int32) *assignGroup {
	gs := a.groups[j]
	for g := range gs {
		if gs[g].class == c {
			return &gs[g]
		}
	}
	a.groups[j] = append(gs, assignGroup{class: c})
	return &a.groups[j][len(a.groups[j])-1]
}

// file adds client x to manager j's groups; unfile removes it.
func (a *assigner) file(j, x int32) {
	list, p := a.slot(j, x)
	*list = slices.Insert(*list, p, x)
}

func (a *assigner) unfile(j, x int32) {
	list, p := a.slot(j, x)
	*list = slices.Delete(*list, p, p+1)
}

// slot returns the list of manager j's groups client x belongs in (kept
// when j is its current manager, else free) and x's place in it.
func (a *assigner) slot(j, x int32) (*[]int32, int) {
	g := a.group(j, a.class[x])
	list := &g.free
	if a.cur[x] == j {
		list = &g.kept
	}
	p, _ := slices.BinarySearchFunc(*list, x, a.byMinutes)
	return list, p
}

// settle updates client i's relationship after it was placed in improve.
func (a *assigner) settle(i int) {
	switch {
	case a.cur[i] >= 0 && a.at[i] == a.cur[i]:
		a.curSt[i] = curKept
		if a.made != nil {
			a.made[i] = false
		}
	case a.curSt[i] == curKept:
		a.curSt[i] = curFull
		a.markMade(i)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
