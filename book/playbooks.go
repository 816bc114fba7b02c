package book

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
)

// PlaybookComparison is what [ComparePlaybooks] finds: for each part of a
// decision, where the clients of a book are under the current playbook and
// where under the proposed one. It is plain data owned by the caller.
type PlaybookComparison struct {
	// Tier, Segment and Strategy are the migration matrices of the
	// decisions' tier, segment and strategy: clients, and their AUM at the
	// bank, from the current playbook's classes (its Tiers, Segments and
	// Strategies; "" for no tier or no segment) to the proposed one's.
	// Each matrix's Moved is the number of clients whose part changed; the
	// tier matrix's Up and Down, when both ladders have the same tiers, the
	// clients who go up and down. Tiers renamed (the same ranks in the
	// same order, 金卡 for gold) are paired by rank: a client in gold under
	// one playbook and in 金卡 under the other has not moved.
	Tier, Segment, Strategy Matrix
	// Plays has a row for every play some client gets under either
	// playbook, by play id.
	Plays []PlayChange
}

// PlayChange counts the clients of a book who get a play under each of two
// playbooks.
type PlayChange struct {
	// Play is the play's id.
	Play string
	// Current and Proposed are the clients who get the play under each
	// playbook; Gained those who get it under the proposed playbook only,
	// Lost those who get it under the current one only.
	Current, Proposed, Gained, Lost int
}

// ComparePlaybooks decides every client of book, valued under v, under the
// current and the proposed playbook, and reports for each part of the
// decision where the clients move: "raise gold to 60,000 and move the
// growth rule: whose tier, segment, strategy and plays change?". It is
// the what-if of a new version of a policy, as [WhatIf] is of one
// classifier, and runs as [Explain] does: in parallel with o.Workers > 1,
// with the same result as serially.
//
// It stops at the first client whose figures cannot be computed or whose
// decision fails, located at the client's position in the book
// ("/book/17/holdings/3/amount") and never naming the client. Before the
// book is read, all at once: a nil playbook at "/current" or "/proposed"
// (policy.ErrMissing), a proposed playbook in another currency than the
// current one (vipcare.ErrCurrency at "/proposed", naming its currency),
// and a valuation the current playbook refuses ("/valuation/..."). Memory
// does not grow with the book. Nothing passed in is changed.
func ComparePlaybooks(book iter.Seq[vipcare.Profile], v vipcare.Valuation, current, proposed *playbook.Playbook,
	o Options) (PlaybookComparison, error) {
	prop := argument{path: "/proposed", missing: proposed == nil}
	if current != nil && proposed != nil && proposed.Currency() != current.Currency() { // no valuation suits both
		prop.err, prop.name = vipcare.ErrCurrency, string(proposed.Currency())
	}
	args := append(valuation("/valuation", v, current), argument{path: "/current", missing: current == nil}, prop)
	if err := checkArguments(args...); err != nil {
		return PlaybookComparison{}, err
	}
	strategies := [2][]string{current.Strategies(), proposed.Strategies()}
	parts := [3]partClasses{
		newPartClasses(current.Tiers(), proposed.Tiers()),
		newPartClasses(current.Segments(), proposed.Segments()),
		newPartClasses(strategies[0], strategies[1]),
	}
	e := &engine[vipcare.Profile, *comparison, struct{}]{
		workers: o.Workers,
		state: func() *comparison {
			s := &comparison{plays: map[string]*PlayChange{}}
			for k, p := range parts {
				s.cells[k] = make([]tallyCell, (len(p.from)+1)*(len(p.to)+1))
			}
			return s
		},
		work: func(s *comparison, _ int, p *vipcare.Profile) (struct{}, error) {
			if err := v.Compute(p, &s.f); err != nil {
				return struct{}{}, err
			}
			a, err := current.Decide(p, v, playbook.Options{}, &s.a)
			if err != nil {
				return struct{}{}, side("/current", err)
			}
			b, err := proposed.Decide(p, v, playbook.Options{}, &s.b)
			if err != nil {
				return struct{}{}, side("/proposed", err)
			}
			for k, names := range [3][2]string{
				{a.Tier.Name, b.Tier.Name},
				{a.Segment, b.Segment},
				{strategies[0][a.Strategy.Strategy], strategies[1][b.Strategy.Strategy]},
			} {
				x, err := parts[k].cell(names[0], names[1])
				if err != nil {
					return struct{}{}, err
				}
				c := &s.cells[k][x]
				c.clients++
				c.aum.Add(int64(s.f.AUM))
			}
			s.countPlays(&a, &b)
			return struct{}{}, nil
		},
	}
	states, err := e.run(book)
	if err != nil {
		return PlaybookComparison{}, err
	}
	total := states[0]
	for _, s := range states[1:] {
		for k := range s.cells {
			for i := range s.cells[k] {
				total.cells[k][i].add(s.cells[k][i])
			}
		}
		for id, n := range s.plays {
			t := total.play(id)
			t.Current += n.Current
			t.Proposed += n.Proposed
			t.Gained += n.Gained
			t.Lost += n.Lost
		}
	}
	var c PlaybookComparison
	for k, m := range []*Matrix{&c.Tier, &c.Segment, &c.Strategy} {
		*m = Matrix{From: parts[k].from, To: parts[k].to, cells: total.cells[k]}
	}
	c.Tier.paired = sameRanks(current.Ladder(), proposed.Ladder())
	for _, n := range total.plays {
		c.Plays = append(c.Plays, *n)
	}
	slices.SortFunc(c.Plays, func(x, y PlayChange) int { return cmp.Compare(x.Play, y.Play) })
	return c, nil
}

// side roots the error of one playbook's decision under path.
func side(path string, err error) error {
	var ps policy.Problems
	ps.Add(path, "", err)
	return ps
}

// partClasses are the classes of one part of a decision under each
// playbook, with their indexes.
type partClasses struct {
	from, to       []string
	fromIdx, toIdx map[string]int
}

func newPartClasses(from, to []string) partClasses {
	p := partClasses{from: from, to: to, fromIdx: map[string]int{"": -1}, toIdx: map[string]int{"": -1}}
	for i, s := range from {
		p.fromIdx[s] = i
	}
	for i, s := range to {
		p.toIdx[s] = i
	}
	return p
}

// cell returns the index of the cell (from, to) in a matrix of the
// classes.
func (p *partClasses) cell(from, to string) (int, error) {
	r, ok1 := p.fromIdx[from]
	c, ok2 := p.toIdx[to]
	if !ok1 || !ok2 { // a playbook's decision out of its own classes: a bug
		return 0, policy.Problems{{Err: policy.ErrOutOfRange}}
	}
	return (r+1)*(len(p.to)+1) + c + 1, nil
}

// comparison is one worker's state: reused figures and scratches, and its
// partial tally.
type comparison struct {
	f     vipcare.Figures
	a, b  playbook.Scratch // for the current and the proposed decisions
	cells [3][]tallyCell
	plays map[string]*PlayChange
}

func (s *comparison) play(id string) *PlayChange {
	n, ok := s.plays[id]
	if !ok {
		n = &PlayChange{Play: id}
		s.plays[id] = n
	}
	return n
}

// countPlays counts the plays of one client's decisions a and b.
func (s *comparison) countPlays(a, b *playbook.Decision) {
	in := func(d *playbook.Decision, id string) bool {
		return slices.ContainsFunc(d.Plays, func(p needs.Pick) bool { return p.Play == id })
	}
	for _, p := range a.Plays {
		n := s.play(p.Play)
		n.Current++
		if !in(b, p.Play) {
			n.Lost++
		}
	}
	for _, p := range b.Plays {
		n := s.play(p.Play)
		n.Proposed++
		if !in(a, p.Play) {
			n.Gained++
		}
	}
}

// Moved returns the number of clients whose class on the to side is not
// their class on the from side: the one in the same place for the same
// classes or two ladders of the same ranks (renamed tiers), else the one
// of the same name. With either it is Up() + Down().
func (m Matrix) Moved() int {
	n := 0
	m.eachMove(func(_, _ string, clients int) { n += clients })
	return n
}

// eachMove calls fn for every cell of clients whose class names differ,
// by from class then to class, each in class order with none first.
func (m Matrix) eachMove(fn func(from, to string, clients int)) {
	if !m.whole() {
		return
	}
	for r := -1; r < len(m.From); r++ {
		for c := -1; c < len(m.To); c++ {
			x := m.cells[m.index(r, c)]
			if m.moved(r, c) && x.clients > 0 {
				fn(className(m.From, r), className(m.To, c), x.clients)
			}
		}
	}
}

// String returns the comparison as a compact report: for the tier, the
// segment and the strategy, the clients who move and where to; then the
// clients who get each play under each playbook.
func (c PlaybookComparison) String() string {
	var b strings.Builder
	count := func(n int) string { return num.Group(strconv.Itoa(n)) }
	total := 0
	for _, n := range c.Tier.cells {
		total += n.clients
	}
	for _, p := range []struct {
		name string
		m    Matrix
	}{{"tier", c.Tier}, {"segment", c.Segment}, {"strategy", c.Strategy}} {
		moved := p.m.Moved()
		b.WriteString(p.name + ": " + count(moved) + " of " + count(total) + " clients move")
		if p.name == "tier" && p.m.comparable() {
			var notes []string
			if !slices.Equal(p.m.From, p.m.To) {
				notes = append(notes, "tiers renamed, paired by rank")
			}
			if moved > 0 {
				notes = append(notes, count(p.m.Up())+" up, "+count(p.m.Down())+" down")
			}
			if notes != nil {
				b.WriteString(" (" + strings.Join(notes, ": ") + ")")
			}
		}
		b.WriteString("\n")
		var rows [][]string
		p.m.eachMove(func(from, to string, clients int) {
			rows = append(rows, []string{"  " + classLabel(from) + " -> " + classLabel(to), count(clients)})
		})
		if rows != nil {
			b.WriteString(textfmt.Table(rows, textfmt.FirstLeft))
		}
	}
	if len(c.Plays) > 0 {
		rows := [][]string{{"play", "current", "proposed", "gained", "lost"}}
		for _, p := range c.Plays {
			rows = append(rows, []string{p.Play, count(p.Current), count(p.Proposed), count(p.Gained), count(p.Lost)})
		}
		b.WriteString(textfmt.Table(rows, textfmt.FirstLeft))
	}
	return strings.TrimSuffix(b.String(), "\n")
}
