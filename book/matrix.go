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
	"github.com/vipcare/vipcare/tier"
)

// Compare cross-tabulates book between two sides: the number of clients,
// and their AUM at the bank under from's valuation, by class on the from
// side and class on the to side, clients in no class included. With the
// same classifier and two valuations (two as-of dates) it is a migration
// between periods; with the same valuation and two classifiers it is a
// what-if between policies (see [WhatIf]) or a cross tab, such as tier by
// segment. When both valuations are equal (==) each client's figures are
// computed once.
//
// The book, memory, errors and options are as for [Distribute]; a nil
// classifier on either side, or one with empty or repeated class names, is
// refused at "/from/classifier", "/to/classifier/classes/2" and so on.
// Nothing passed in is changed.
func Compare(book iter.Seq[vipcare.Profile], from, to Side, o Options) (Matrix, error) {
	return compare(book, from, to, o, append(valuation("/from/valuation", from.Valuation),
		valuation("/to/valuation", to.Valuation)...))
}

// compare is Compare, with the valuations' arguments as the caller names
// them.
func compare(book iter.Seq[vipcare.Profile], from, to Side, o Options, valuations []argument) (Matrix, error) {
	var ps policy.Problems
	ps.Add("", "", checkArguments(valuations...))
	fc, err := checkClasses("/from/classifier", from.Classifier)
	ps.Add("", "", err)
	tc, err := checkClasses("/to/classifier", to.Classifier)
	if ps.Add("", "", err); len(ps) > 0 {
		return Matrix{}, ps
	}
	t, err := tallyBook(book, from, to, len(fc), len(tc), o)
	if err != nil {
		return Matrix{}, err
	}
	a, _ := from.Classifier.(*tier.Ladder)
	b, _ := to.Classifier.(*tier.Ladder)
	return Matrix{From: fc, To: tc, cells: t.cells, paired: a != nil && b != nil && sameRanks(a, b)}, nil
}

// sameRanks reports whether two ladders have tiers of the same ranks in
// the same order: the same tiers, perhaps renamed (金卡 for gold), which a
// matrix pairs by position.
func sameRanks(a, b *tier.Ladder) bool {
	return slices.EqualFunc(a.Tiers(), b.Tiers(), func(x, y tier.Tier) bool { return x.Rank == y.Rank })
}

// WhatIf reports where the clients of book would move if the current
// classifier were replaced by the proposed one, both applied to figures
// computed once per client under v: "raise gold from 50,000 to 60,000:
// who moves where?". It is [Compare] with v on both sides; see
// [Matrix.Moves] for the clients who move. Its problems are Compare's,
// current at "/from/classifier" and proposed at "/to/classifier", but for
// its one valuation, at "/valuation".
func WhatIf(book iter.Seq[vipcare.Profile], v vipcare.Valuation, current, proposed Classifier, o Options) (Matrix, error) {
	return compare(book, Side{Valuation: v, Classifier: current}, Side{Valuation: v, Classifier: proposed}, o,
		valuation("/valuation", v))
}

// Matrix is a cross tab of a book made by [Compare] or [WhatIf]: clients,
// and their AUM at the bank under the from side's valuation, by (from
// class, to class), with "" naming the clients in no class as a row and a
// column. Moves up and down have a meaning only when both sides have the
// same classes in the same order, as in a migration or a what-if between
// two ladders with the same tiers, or are two ladders whose tiers have the
// same ranks in the same order: tiers renamed (金卡 for gold) are paired by
// rank, and a client in gold on one side and 金卡 on the other has not
// moved. The zero Matrix is empty.
type Matrix struct {
	// From and To are the class names of each side, in order. They are
	// the matrix's own, to read: a matrix whose names no longer match its
	// cells in number reads as empty.
	From, To []string
	cells    []tallyCell // (len(From)+1) x (len(To)+1), row-major, none first
	paired   bool        // class i of From is class i of To: two ladders with the same ranks
}

// Cell returns the number of clients in class from on the from side and
// class to on the to side, and their total AUM; "" names the clients in no
// class. An unknown name gives 0 and zero. The AUM is client data in
// aggregate: a cell of one client is that client's AUM, a discreet
// client's too, so show it to readers entitled to the book's figures.
func (m Matrix) Cell(from, to string) (clients int, aum decimal.Decimal) {
	r, ok1 := classIndex(m.From, from)
	c, ok2 := classIndex(m.To, to)
	if !ok1 || !ok2 || !m.whole() {
		return 0, decimal.Decimal{}
	}
	x := m.cells[m.index(r, c)]
	return x.clients, x.aum.Decimal(vipcare.AmountScale)
}

// Move is a group of clients who are in one class on the from side and in
// another on the to side. Its AUM is client data in aggregate, as a
// [Matrix] cell's is.
type Move struct {
	// From and To are the class names; "" for none.
	From, To string
	// Clients is the number of clients who move; AUM is their total AUM
	// under the from side's valuation.
	Clients int
	AUM     decimal.Decimal
	// Up reports whether the move is to a higher class: a later one in
	// the class order, any class being higher than none.
	Up bool
}

// Moves returns the groups of clients whose class differs between the two
// sides, by from class then to class, each in class order with none first.
// It returns nil when the sides do not have the same classes (or ladders
// of the same ranks).
func (m Matrix) Moves() []Move {
	if !m.comparable() {
		return nil
	}
	var out []Move
	for r := -1; r < len(m.From); r++ {
		for c := -1; c < len(m.To); c++ {
			x := m.cells[m.index(r, c)]
			if r == c || x.clients == 0 {
				continue
			}
			out = append(out, Move{From: className(m.From, r), To: className(m.To, c), Clients: x.clients,
				AUM: x.aum.Decimal(vipcare.AmountScale), Up: c > r})
		}
	}
	return out
}

// Up returns the number of clients in a higher class on the to side than
// on the from side; 0 when the sides do not have the same classes (or
// ladders of the same ranks).
func (m Matrix) Up() int { return m.count(func(r, c int) bool { return c > r }) }

// Down returns the number of clients in a lower class on the to side than
// on the from side; 0 when the sides do not have the same classes (or
// ladders of the same ranks).
func (m Matrix) Down() int { return m.count(func(r, c int) bool { return c < r }) }

// comparable reports whether each class of one side is the class in the
// same place on the other: class r to class c is a move when r != c.
func (m Matrix) comparable() bool {
	return m.whole() && (slices.Equal(m.From, m.To) || m.paired && len(m.From) == len(m.To))
}

// moved reports whether clients in class r on the from side and class c
// on the to side have moved: different classes, paired by place when the
// matrix is comparable, else by name.
func (m Matrix) moved(r, c int) bool {
	if m.comparable() {
		return r != c
	}
	return className(m.From, r) != className(m.To, c)
}

// whole reports whether the matrix has cells for its class names: a
// Matrix from Compare whose From and To were not changed since.
func (m Matrix) whole() bool {
	return m.cells != nil && len(m.cells) == (len(m.From)+1)*(len(m.To)+1)
}

func (m Matrix) count(keep func(r, c int) bool) int {
	if !m.comparable() {
		return 0
	}
	n := 0
	for r := -1; r < len(m.From); r++ {
		for c := -1; c < len(m.To); c++ {
			if keep(r, c) {
				n += m.cells[m.index(r, c)].clients
			}
		}
	}
	return n
}

// String returns the matrix of client counts as a table, from classes down
// and to classes across, with totals. The none row and column are shown
// only when they have clients.
func (m Matrix) String() string {
	if !m.whole() {
		return ""
	}
	nr, nc := len(m.From)+1, len(m.To)+1
	rowSum, colSum := make([]int, nr), make([]int, nc)
	for r := 0; r < nr; r++ {
		for c := 0; c < nc; c++ {
			n := m.cells[m.index(r-1, c-1)].clients
			rowSum[r] += n
			colSum[c] += n
		}
	}
	first := func(sum []int) int { // skip the none row or column if empty
		if sum[0] == 0 {
			return 1
		}
		return 0
	}
	count := func(n int) string { return num.Group(strconv.Itoa(n)) }
	r0, c0 := first(rowSum), first(colSum)
	head := []string{`from \ to`}
	for c := c0; c < nc; c++ {
		head = append(head, classLabel(className(m.To, c-1)))
	}
	rows := [][]string{append(head, "total")}
	total := 0
	for r := r0; r < nr; r++ {
		row := []string{classLabel(className(m.From, r-1))}
		for c := c0; c < nc; c++ {
			row = append(row, count(m.cells[m.index(r-1, c-1)].clients))
		}
		rows = append(rows, append(row, count(rowSum[r])))
		total += rowSum[r]
	}
	row := []string{"total"}
	for c := c0; c < nc; c++ {
		row = append(row, count(colSum[c]))
	}
	rows = append(rows, append(row, count(total)))
	return textfmt.Table(rows, textfmt.FirstLeft)
}

func (m Matrix) index(r, c int) int { return (r+1)*(len(m.To)+1) + c + 1 }

// classIndex returns the index of class s in names, -1 for "".
func classIndex(names []string, s string) (int, bool) {
	if s == "" {
		return -1, true
	}
	i := slices.Index(names, s)
	return i, i >= 0
}

// className returns the name of class i, "" for -1.
func className(names []string, i int) string {
	if i < 0 {
		return ""
	}
	return names[i]
}

func classLabel(class string) string {
	if class == "" {
		return "(none)"
	}
	return class
}
