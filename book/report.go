package book

import (
	"iter"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Classifier puts a client in one of a fixed list of classes: a
// tier.Ladder puts it in a tier, a segment.Segmentation in a segment. Book
// reports are built on it, so a bank's own classification plugs into them
// too. A Classifier must be safe for concurrent use and must not change f.
//
// A tier.Ladder classifies by its rungs alone: its qualification (a
// dormant client held at the lowest tier) belongs to a playbook's
// decision, so [WhatIf] on two ladders and [ComparePlaybooks] on two
// playbooks with those ladders can count different moves for one change.
type Classifier interface {
	// Classes returns the names of the classes, in report order (lowest
	// tier first). It must return the same list every call.
	Classes() []string
	// Classify returns the index in Classes of f's class, or -1 when f is
	// in none (a client below the lowest rung).
	Classify(f *vipcare.Figures) (int, error)
}

// Options tune how a book-level call is computed and what a run keeps;
// Workers never changes a result. The zero Options computes serially in
// the calling goroutine and stops at the first client it cannot decide.
type Options struct {
	// Workers is the number of goroutines that compute clients. 0 or 1
	// (or less) means serially in the calling goroutine; more fans the
	// book out in batches of 256 clients to that many goroutines (at most
	// 256, each started when a batch needs it, so a small book starts no
	// more than it has batches), with at most 2 x Workers batches in
	// memory. The book itself is always ranged over in the calling
	// goroutine, so a book that is slow to produce gains little. The
	// result is the same as serially, in the same order, error included;
	// a panic reaches the caller once every worker has ended. With more
	// than one worker a client is decided after the book's iterator has
	// moved on, so what the iterator yields, and the slices inside it
	// (holdings, balances), must not be changed or reused afterwards: a
	// database scanner that reuses its buffers must copy each row.
	Workers int
	// Values lets the clients' own amounts into what a run keeps for the
	// caller, as playbook.Options.Values does: [Run]'s records store them
	// and [Explain]'s explanations show them (never a discreet client's).
	// The other runs ignore it.
	Values bool
	// KeepGoing lets [Run] go on past a client it cannot decide (a
	// broken balance history, an amount out of range, no Ref): the
	// client reaches fn with [Result].Err set and counts in
	// [RunReport].Failed, and fn says whether to stop by returning an
	// error. A monthly run of a large book then decides every client it
	// can and lists the rest to mend. The other runs ignore it.
	KeepGoing bool
}

// Side is one side of a [Compare]: the valuation clients' figures are
// computed under and the classifier that places them.
type Side struct {
	Valuation  vipcare.Valuation
	Classifier Classifier
}

// DistributionRow is one line of a [Distribution]: a class, the number of
// clients in it and their total AUM at the bank. The amount is client data
// in aggregate: a class of one client shows that client's AUM, a discreet
// client's too, so show it to readers entitled to the book's figures.
type DistributionRow struct {
	// Class is the class name; "" for the row of clients in no class and
	// for the total.
	Class string
	// Clients is the number of clients in the class.
	Clients int
	// AUM is the exact total of the clients' vipcare.Figures.AUM, in the
	// valuation's currency, whatever measure the classifier uses.
	AUM decimal.Decimal
}

// Distribution is the distribution of a book over the classes of a
// [Classifier], made by [Distribute]. It is plain data owned by the caller.
type Distribution struct {
	// Currency is the currency of the AUM amounts.
	Currency vipcare.Currency
	// Rows has one row per class, in the classifier's order (lowest tier
	// first), empty classes included.
	Rows []DistributionRow
	// None is the row of clients in no class.
	None DistributionRow
	// Total is the whole book: Rows and None together.
	Total DistributionRow
}

// Distribute reports how many clients of book fall in each class of c, and
// their total AUM at the bank, computing each client's figures under v. The
// totals are exact whatever the size of the book.
//
// The book is a sequence of profiles, ranged over once and not kept: memory
// does not grow with its size, beyond the batches in flight when
// o.Workers > 1. A slice is slices.Values(profiles). A nil book is empty.
//
// If a client's figures cannot be computed or the classifier fails,
// Distribute stops and returns policy.Problems located at the client's
// position in the book ("/book/17/holdings/3/amount"), never by its
// identifier; a class index out of range is policy.ErrOutOfRange at
// "/book/17". A nil classifier (policy.ErrMissing at "/classifier"), or
// one with empty or repeated class names (policy.ErrMissing,
// policy.ErrDuplicate at "/classifier/classes/2") is refused before the
// book is read. Nothing passed in is changed.
func Distribute(book iter.Seq[vipcare.Profile], v vipcare.Valuation, c Classifier, o Options) (Distribution, error) {
	var ps policy.Problems
	ps.Add("", "", checkArguments(valuation("/valuation", v)...))
	from, err := checkClasses("/classifier", c)
	if ps.Add("", "", err); len(ps) > 0 {
		return Distribution{}, ps
	}
	t, err := tallyBook(book, Side{v, c}, Side{}, len(from), -1, o)
	if err != nil {
		return Distribution{}, err
	}
	d := Distribution{Currency: v.Currency, Rows: make([]DistributionRow, len(from))}
	var total tallyCell
	for r := -1; r < len(from); r++ {
		x := t.cells[t.index(r, -1)]
		total.add(x)
		row := DistributionRow{Clients: x.clients, AUM: x.aum.Decimal(vipcare.AmountScale)}
		if r < 0 {
			d.None = row
		} else {
			row.Class = from[r]
			d.Rows[r] = row
		}
	}
	d.Total = DistributionRow{Clients: total.clients, AUM: total.aum.Decimal(vipcare.AmountScale)}
	return d, nil
}

// String returns the distribution as a table: clients and AUM per class
// with their shares of the total, AUM rounded to whole currency units
// (the fields are exact). The row of clients in no class is shown only
// when it has some.
func (d Distribution) String() string {
	rows := [][]string{{"class", "clients", "share", "AUM (" + string(d.Currency) + ")", "share"}}
	line := func(name string, r DistributionRow) {
		rows = append(rows, []string{name,
			num.Group(strconv.Itoa(r.Clients)), num.PercentInt(int64(r.Clients), int64(d.Total.Clients)),
			num.Group(r.AUM.Round(0).String()), num.Percent(r.AUM, d.Total.AUM)})
	}
	for _, r := range d.Rows {
		line(r.Class, r)
	}
	if d.None.Clients > 0 {
		line(classLabel(""), d.None)
	}
	line("total", d.Total)
	return textfmt.Table(rows, textfmt.FirstLeft)
}

// checkClasses returns a copy of c's class names after checking them.
func checkClasses(path string, c Classifier) ([]string, error) {
	if c == nil {
		return nil, policy.Problems{{Path: path, Err: policy.ErrMissing}}
	}
	names := slices.Clone(c.Classes())
	for i, n := range names {
		p := path + "/classes/" + strconv.Itoa(i)
		switch {
		case n == "":
			return nil, policy.Problems{{Path: p, Err: policy.ErrMissing}}
		case slices.Index(names[:i], n) >= 0:
			return nil, policy.Problems{{Path: p, Name: n, Err: policy.ErrDuplicate}}
		}
	}
	return names, nil
}

// tally is a report in progress: rows for the from classes, columns for
// the to classes (one for a distribution), "none" first in both.
type tally struct {
	cols  int
	cells []tallyCell
}

func (t *tally) index(r, c int) int { return (r+1)*t.cols + c + 1 }

// tallyCell counts clients and sums their AUM exactly.
type tallyCell struct {
	clients int
	aum     num.Sum
}

func (c *tallyCell) add(x tallyCell) {
	c.clients += x.clients
	c.aum.Merge(x.aum)
}

// tallyState is one worker's state: reused figures and its partial tally.
type tallyState struct {
	f, g vipcare.Figures
	t    tally
}

// tallyBook counts book by class on the from side and, when nt >= 0, on
// the to side.
func tallyBook(book iter.Seq[vipcare.Profile], from, to Side, nf, nt int, o Options) (tally, error) {
	cols := 1
	if nt >= 0 {
		cols = nt + 1
	}
	same := nt >= 0 && from.Valuation == to.Valuation
	e := &engine[vipcare.Profile, *tallyState, struct{}]{
		workers: o.Workers,
		state: func() *tallyState {
			return &tallyState{t: tally{cols: cols, cells: make([]tallyCell, (nf+1)*cols)}}
		},
		work: func(s *tallyState, _ int, p *vipcare.Profile) (struct{}, error) {
			if err := from.Valuation.Compute(p, &s.f); err != nil {
				return struct{}{}, err
			}
			r, err := classify(from.Classifier, &s.f, nf)
			if err != nil {
				return struct{}{}, err
			}
			c := -1
			if nt >= 0 {
				g := &s.f
				if !same {
					g = &s.g
					if err := to.Valuation.Compute(p, g); err != nil {
						return struct{}{}, err
					}
				}
				if c, err = classify(to.Classifier, g, nt); err != nil {
					return struct{}{}, err
				}
			}
			x := &s.t.cells[s.t.index(r, c)]
			x.clients++
			x.aum.Add(int64(s.f.AUM))
			return struct{}{}, nil
		},
	}
	states, err := e.run(book)
	if err != nil {
		return tally{}, err
	}
	t := states[0].t
	for _, s := range states[1:] {
		for k := range t.cells {
			t.cells[k].add(s.t.cells[k])
		}
	}
	return t, nil
}

func classify(c Classifier, f *vipcare.Figures, n int) (int, error) {
	k, err := c.Classify(f)
	if err != nil {
		return 0, err
	}
	if k < -1 || k >= n {
		return 0, policy.Problems{{Err: policy.ErrOutOfRange}}
	}
	return k, nil
}
