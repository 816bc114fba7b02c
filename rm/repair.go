package rm

// repair is the planner's second pass. For each manager, it takes the tasks
// that found no day with room (missed, in the order considered) and tries
// each again: first on the earliest day of its window that now has room;
// failing that, on the earliest day d of its window where moving one task
// already placed on d to another day of that task's own window with room
// frees enough, moving the task whose new day is earliest (among equals,
// the one considered first). A move that frees more minutes on d than the
// task placed there takes can make room for a task tried before it, so
// the manager's remaining tasks are tried again until a round makes no such
// move. It returns the tasks still missed, in their order, and updates
// dayOf and the items' codes.
//
// The work is bounded per task tried: the days of its window, the tasks
// placed on each, and for each of those a look-up of O(log days) in the
// day index. The look-up is skipped for a task already found unable to
// move since room last grew anywhere, and a day is skipped whole when no
// task on it that may move is long enough.
func (x *dayIndex) repair(items []planItem, dayOf, missed []int32) []int32 {
	r := repairer{x: x, items: items, dayOf: dayOf}
	out := missed[:0]
	for j := 0; j < len(missed); {
		k := items[missed[j]].rm
		end := j + 1
		for end < len(missed) && items[missed[end]].rm == k {
			end++
		}
		if k >= 0 {
			r.plan(int(k), missed[j:end])
		}
		for _, i := range missed[j:end] {
			if items[i].code != 0 {
				out = append(out, i)
			}
		}
		j = end
	}
	return out
}

// repairer is the state of the repair pass.
type repairer struct {
	x     *dayIndex
	items []planItem
	dayOf []int32
	// head, per day of the horizon, is the first of the current manager's
	// items placed that day, or -1; next and prev, per item, link the
	// items of a day. The order of a day's items does not matter.
	head, next, prev []int32
	// stuck, per item, is the round (gen) in which the item was found
	// unable to move off its day. Room only shrinks within a round, so
	// such an item stays unable to move until gen changes.
	stuck []uint32
	// most, per day, is at least the minutes of the largest item on the
	// day not stuck, as of round seen: a day where no item can free
	// enough is skipped without a look at its items.
	most []int32
	seen []uint32
	gen  uint32
	todo []int32
}

// plan repairs the tasks of manager k in run, in their order.
func (r *repairer) plan(k int, run []int32) {
	x := r.x
	todo := r.todo[:0]
	for _, i := range run {
		if it := &r.items[i]; it.code == codeNoCapacity && it.minutes <= x.perDay[k] {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return
	}
	if r.head == nil {
		r.head = make([]int32, x.horizon)
		r.next = make([]int32, len(r.items))
		r.prev = make([]int32, len(r.items))
		r.stuck = make([]uint32, len(r.items))
		r.most = make([]int32, x.horizon)
		r.seen = make([]uint32, x.horizon)
	}
	for d := range r.head {
		r.head[d] = -1
	}
	rank := x.rank[k]
	for i := x.start[rank]; i < x.start[rank+1]; i++ {
		if r.dayOf[i] >= 0 {
			r.link(int32(i), int(r.dayOf[i]))
		}
	}
	for {
		r.gen++ // a new round: what was stuck may move now
		freed := false
		kept := todo[:0]
		for _, i := range todo {
			if ok, f := r.fit(k, i); !ok {
				kept = append(kept, i)
			} else if f {
				freed = true
				r.gen++ // room grew on a day: items found stuck may move
			}
		}
		todo = kept
		if !freed || len(todo) == 0 {
			break
		}
	}
	r.todo = todo
}

// fit tries to place item b of manager k: on the earliest day of its
// window with room, or else by moving one item (see repair). It reports
// whether b was placed, and whether a move freed more minutes on b's day
// than b takes.
func (r *repairer) fit(k int, b int32) (placed, freed bool) {
	x := r.x
	it := &r.items[b]
	lo, hi := x.window(it)
	m := it.minutes
	if d := x.take(k, lo, hi, m); d >= 0 {
		r.place(b, d)
		return true, false
	}
	for d := lo; d <= hi; d++ {
		need := m - x.left(k, d) // a day off has no items
		if r.seen[d] == r.gen && need > r.most[d] {
			continue
		}
		best, to, most := int32(-1), 0, int32(-1)
		for o := r.head[d]; o >= 0; o = r.next[o] {
			ot := &r.items[o]
			if r.stuck[o] == r.gen {
				continue
			}
			if ot.minutes < need {
				most = max(most, ot.minutes)
				continue
			}
			olo, ohi := x.window(ot)
			e := x.fit(k, olo, min(ohi, d-1), ot.minutes)
			if e < 0 {
				e = x.fit(k, max(olo, d+1), ohi, ot.minutes)
			}
			if e < 0 {
				r.stuck[o] = r.gen
				continue
			}
			if best < 0 || e < to || e == to && considered(ot, &r.items[best]) < 0 {
				best, to = o, e
			}
		}
		if best < 0 {
			r.seen[d], r.most[d] = r.gen, most
		} else {
			om := r.items[best].minutes
			r.unlink(best, d)
			x.add(k, d, om)
			x.add(k, to, -om)
			r.link(best, to)
			r.dayOf[best] = int32(to)
			x.add(k, d, -m)
			r.place(b, d)
			return true, om > m
		}
	}
	return false, false
}

// place records item b, whose minutes are taken, on day d.
func (r *repairer) place(b int32, d int) {
	r.items[b].code = 0
	r.dayOf[b] = int32(d)
	r.link(b, d)
}

// link adds item i to the items of day d.
func (r *repairer) link(i int32, d int) {
	if r.seen[d] == r.gen {
		r.most[d] = max(r.most[d], r.items[i].minutes)
	}
	h := r.head[d]
	r.prev[i], r.next[i] = -1, h
	if h >= 0 {
		r.prev[h] = i
	}
	r.head[d] = i
}

// unlink removes item i from the items of day d.
func (r *repairer) unlink(i int32, d int) {
	p, n := r.prev[i], r.next[i]
	if p >= 0 {
		r.next[p] = n
	} else {
		r.head[d] = n
	}
	if n >= 0 {
		r.prev[n] = p
	}
}
