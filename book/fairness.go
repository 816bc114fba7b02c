package book

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
)

// FairnessReport is what [Fairness] finds: how many clients of a book a
// change to a protected attribute moves, in which part of their decision
// and how. A policy passes for that attribute when Changed is 0. It is
// plain data owned by the caller.
type FairnessReport struct {
	// Clients is the number of clients decided; Changed the number whose
	// decision changed in some part.
	Clients, Changed int
	// Changes has a row for each part of a decision, in the order a
	// decision makes them (tier, segment, needs, strategy, plays, tasks),
	// each followed by a row for each way the part changed, the most
	// clients first (see [Change]).
	Changes []Change
}

// Change counts the clients of a [FairnessReport] whose decision changed in
// one part, or in one way within it.
type Change struct {
	// Part is "tier" (the tier, or the qualification's flags), "segment",
	// "needs" (a need detected, its strength or its signals), "strategy"
	// (the strategy, its rule, what the client's preferences changed in it,
	// its workload), "plays" (a play made, or the products it offers) or
	// "tasks" (a task asked for, or its dates, channel or owner).
	Part string
	// What is "" on the part's own row, which counts every client whose
	// part changed. Otherwise it is one way the part changed: for the
	// tier, segment and strategy "from -> to" ("(none)" for none), or the
	// class alone when only its qualification, rule, preferences or
	// workload changed; the need, the play or the task's kind. A client may
	// count under several ways of one part.
	What string
	// Clients is the number of clients.
	Clients int
}

// The parts of a decision a fairness check compares, in decision order.
var fairnessParts = [...]string{"tier", "segment", "needs", "strategy", "plays", "tasks"}

// Fairness decides every client of book under pb twice, valued under v:
// as the profile is and as perturb changes it, and reports every part of
// a decision that changed and for how many clients. perturb flips or
// shifts a protected attribute (the birth date for age; the gender digit
// of a resident ID number the bank derives gender from, say): a policy
// that does not read the attribute, directly or through what it is
// derived from, changes nothing, and one that reads it where its document
// justifies it (playbook.Justification) changes only what that use
// decides, and what follows from it. The decisions are one-day decisions
// (playbook.Options{}), not within a lifecycle.
//
// perturb is called once per client, on a copy of the profile that shares
// its slices: it may set any field, but must not change the elements of
// a slice in place (assign a new slice instead); it must be safe for
// concurrent use with o.Workers > 1. The book is not changed.
//
// It runs as [ComparePlaybooks] does, in parallel with o.Workers > 1 with
// the same result as serially, and stops at the first client whose
// decision fails, located at its position in the book and, for the
// perturbed profile, under "/perturbed" ("/book/17/perturbed/birth"); a
// nil pb or perturb is refused (policy.ErrMissing at "/playbook" or
// "/perturb") before the book is read. Memory does not grow with the book.
func Fairness(book iter.Seq[vipcare.Profile], v vipcare.Valuation, pb *playbook.Playbook,
	perturb func(p *vipcare.Profile), o Options) (FairnessReport, error) {
	args := append(valuation("/valuation", v, pb), argument{path: "/playbook", missing: pb == nil},
		argument{path: "/perturb", missing: perturb == nil})
	if err := checkArguments(args...); err != nil {
		return FairnessReport{}, err
	}
	strategies := pb.Strategies()
	e := &engine[vipcare.Profile, *fairness, struct{}]{
		workers: o.Workers,
		state:   func() *fairness { return &fairness{ways: map[Change]int{}} },
		work: func(s *fairness, _ int, p *vipcare.Profile) (struct{}, error) {
			a, err := pb.Decide(p, v, playbook.Options{}, &s.a)
			if err != nil {
				return struct{}{}, err
			}
			q := *p
			perturb(&q)
			b, err := pb.Decide(&q, v, playbook.Options{}, &s.b)
			if err != nil {
				return struct{}{}, side("/perturbed", err)
			}
			s.clients++
			s.compare(&a, &b, strategies)
			return struct{}{}, nil
		},
	}
	states, err := e.run(book)
	if err != nil {
		return FairnessReport{}, err
	}
	total := states[0]
	for _, s := range states[1:] {
		total.clients += s.clients
		total.changed += s.changed
		for k := range s.parts {
			total.parts[k] += s.parts[k]
		}
		for w, n := range s.ways {
			total.ways[w] += n
		}
	}
	r := FairnessReport{Clients: total.clients, Changed: total.changed}
	for k, part := range fairnessParts {
		r.Changes = append(r.Changes, Change{Part: part, Clients: total.parts[k]})
		var ways []Change
		for w, n := range total.ways {
			if w.Part == part {
				ways = append(ways, Change{Part: part, What: w.What, Clients: n})
			}
		}
		slices.SortFunc(ways, func(x, y Change) int { return cmp.Or(cmp.Compare(y.Clients, x.Clients), cmp.Compare(x.What, y.What)) })
		r.Changes = append(r.Changes, ways...)
	}
	return r, nil
}

// fairness is one worker's state: a scratch for each decision and its
// partial tally.
type fairness struct {
	a, b             playbook.Scratch
	clients, changed int
	parts            [len(fairnessParts)]int
	ways             map[Change]int // by part and way, Clients 0
}

// compare tallies what differs between a client's decisions a, as the
// profile is, and b, perturbed.
func (s *fairness) compare(a, b *playbook.Decision, strategies []string) {
	var ways [len(fairnessParts)][]string
	if a.Tier != b.Tier || a.Ladder != b.Ladder || a.Qualification != b.Qualification { // the flags raised included
		ways[0] = []string{moved(a.Tier.Name, b.Tier.Name)}
	}
	if a.Segment != b.Segment {
		ways[1] = []string{moved(a.Segment, b.Segment)}
	}
	if a.Needs != b.Needs {
		ways[2] = needsChanged(a.Needs, b.Needs)
	}
	if a.Strategy != b.Strategy || a.Minutes != b.Minutes {
		ways[3] = []string{moved(strategies[a.Strategy.Strategy], strategies[b.Strategy.Strategy])}
	}
	ways[4] = playsChanged(a.Plays, b.Plays)
	ways[5] = tasksChanged(a.Tasks, b.Tasks)
	any := false
	for k, w := range ways {
		if len(w) == 0 {
			continue
		}
		any = true
		s.parts[k]++
		for _, what := range w {
			s.ways[Change{Part: fairnessParts[k], What: what}]++
		}
	}
	if any {
		s.changed++
	}
}

// moved returns "from -> to", or the class alone when it is the same.
func moved(from, to string) string {
	if from == to {
		return classLabel(from)
	}
	return classLabel(from) + " -> " + classLabel(to)
}

// needsChanged returns the needs detected in a or b whose strength or
// signals differ, in the order of a's list then b's; nil when the needs
// decided are the same (the detections may still differ in signals below
// a need's minimum, which decide nothing).
func needsChanged(a, b needs.Detection) []string {
	la, lb := a.List(), b.List()
	find := func(l []needs.Finding, n needs.Need) (needs.Finding, bool) {
		i := slices.IndexFunc(l, func(f needs.Finding) bool { return f.Need == n })
		if i < 0 {
			return needs.Finding{}, false
		}
		return l[i], true
	}
	same := func(x, y needs.Finding) bool {
		return x.Strength == y.Strength && slices.EqualFunc(x.Evidence, y.Evidence, func(p, q needs.Evidence) bool {
			return p.Signal == q.Signal
		})
	}
	var out []string
	for _, l := range [][]needs.Finding{la, lb} {
		for _, f := range l {
			x, _ := find(la, f.Need)
			y, _ := find(lb, f.Need)
			if !same(x, y) && !slices.Contains(out, string(f.Need)) {
				out = append(out, string(f.Need))
			}
		}
	}
	return out
}

// playsChanged returns the plays made in a or b but not both, or made in
// both with other products or fit, in the order of a then b.
func playsChanged(a, b []needs.Pick) []string {
	find := func(l []needs.Pick, id string) (needs.Pick, bool) {
		i := slices.IndexFunc(l, func(p needs.Pick) bool { return p.Play == id })
		if i < 0 {
			return needs.Pick{}, false
		}
		return l[i], true
	}
	var out []string
	for _, l := range [][]needs.Pick{a, b} {
		for _, p := range l {
			x, inA := find(a, p.Play)
			y, inB := find(b, p.Play)
			if (inA != inB || x.Fit != y.Fit || x.Offers != y.Offers) && !slices.Contains(out, p.Play) {
				out = append(out, p.Play)
			}
		}
	}
	return out
}

// tasksChanged returns the kinds of the tasks that differ between a and b,
// in the order of a then b.
func tasksChanged(a, b []contact.Fired) []string {
	if slices.Equal(a, b) {
		return nil
	}
	var out []string
	for _, l := range [][]contact.Fired{a, b} {
		for _, t := range l {
			if slices.Contains(out, t.Kind) {
				continue
			}
			of := func(l []contact.Fired) []contact.Fired {
				var k []contact.Fired
				for _, x := range l {
					if x.Kind == t.Kind {
						k = append(k, x)
					}
				}
				return k
			}
			if !slices.Equal(of(a), of(b)) {
				out = append(out, t.Kind)
			}
		}
	}
	return out
}

// String returns the report as a table: the clients whose decision
// changed, then each part with its ways, the clients and their share of
// the book. It prints no client.
func (r FairnessReport) String() string {
	var b strings.Builder
	count := func(n int) string { return num.Group(strconv.Itoa(n)) }
	b.WriteString(count(r.Clients) + " clients, " + count(r.Changed) + " decided otherwise (" +
		num.PercentInt(int64(r.Changed), int64(r.Clients)) + ")\n")
	rows := [][]string{{"part", "what", "clients", "share"}}
	for _, c := range r.Changes {
		part := c.Part
		if c.What != "" {
			part = ""
		}
		rows = append(rows, []string{part, c.What, count(c.Clients), num.PercentInt(int64(c.Clients), int64(r.Clients))})
	}
	b.WriteString(textfmt.Table(rows, func(col int) bool { return col < 2 }))
	return strings.TrimSuffix(b.String(), "\n")
}
