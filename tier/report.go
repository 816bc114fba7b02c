package tier

import (
	"errors"
	"iter"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
)

// ErrClassifier: a report was given a nil [Classifier], one whose class
// names are empty or repeated, or one whose Classify returned an index
// outside its Classes.
var ErrClassifier = errors.New("malformed classifier")

// NoClass is the class name book reports use for clients in no class, those
// a [Classifier] returns -1 for (below the lowest rung of a ladder). It is
// empty, a name no class may have.
const NoClass = ""

// ReportOptions tune how a book report is computed; they never change its
// result. The zero ReportOptions computes serially in the calling goroutine.
type ReportOptions struct {
	// Workers is the number of goroutines that compute and classify
	// clients. 0 or 1 (or less) means serially in the calling goroutine;
	// more fans the book out in batches of 256 profiles to that many
	// goroutines, each with its own partial report, summed at the end, with
	// at most 2*Workers batches in memory. The book itself is always
	// ranged over in the calling goroutine, so a book that is slow to
	// produce gains little. The result is the same as serially, error
	// included, and a panic in a classifier reaches the caller.
	Workers int
}

// reportBatchSize is the number of profiles a worker takes at once.
const reportBatchSize = 256

// Side is one side of a [Compare]: the valuation clients' figures are
// computed under and the classifier that places them.
type Side struct {
	Valuation  vipcare.Valuation
	Classifier Classifier
}

// DistributionRow is one line of a [Distribution]: a class, the number of
// clients in it and their total AUM at the bank. The amount is client data
// in aggregate: show it to readers entitled to the book's figures.
type DistributionRow struct {
	// Class is the class name; [NoClass] for the none row and the total.
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
// o.Workers > 1. A slice is slices.Values(profiles); a sequence of index and
// profile, such as sample.Profiles, is adapted by a function such as
//
//	func(yield func(vipcare.Profile) bool) {
//		for _, p := range profiles {
//			if !yield(p) {
//				return
//			}
//		}
//	}
//
// A nil book is empty.
//
// If a client's figures cannot be computed or the classifier fails,
// Distribute stops and returns an [*Error] whose Path names the client by
// its position in the book ("book[17]"), never by its identifier, wrapping
// the cause; a class index out of range wraps [ErrClassifier]. A nil
// classifier, or one with empty or repeated class names, is an [*Error]
// wrapping [ErrClassifier] with Path "classifier" or "classes[2]". Nothing
// passed in is changed.
func Distribute(book iter.Seq[vipcare.Profile], v vipcare.Valuation, c Classifier, o ReportOptions) (Distribution, error) {
	from, err := checkClasses("classifier", "classes", c)
	if err != nil {
		return Distribution{}, err
	}
	j := &reportJob{from: Side{Valuation: v, Classifier: c}, nf: len(from)}
	t, err := j.run(book, o)
	if err != nil {
		return Distribution{}, err
	}
	d := Distribution{Currency: v.Currency, Rows: make([]DistributionRow, len(from))}
	var total reportCell
	for r := -1; r < len(from); r++ {
		x := t.cells[t.index(r, -1)]
		total.add(x)
		row := DistributionRow{Clients: x.clients, AUM: x.aum.decimal()}
		if r < 0 {
			d.None = row
		} else {
			row.Class = from[r]
			d.Rows[r] = row
		}
	}
	d.Total = DistributionRow{Clients: total.clients, AUM: total.aum.decimal()}
	return d, nil
}

// String returns the distribution as a table: clients and AUM per class
// with their shares of the total, AUM rounded to whole currency units
// (the fields are exact). The none row is shown only when it has clients.
func (d Distribution) String() string {
	rows := [][]string{{"class", "clients", "share", "AUM (" + string(d.Currency) + ")", "share"}}
	line := func(name string, r DistributionRow) {
		rows = append(rows, []string{name,
			groupDigits(strconv.Itoa(r.Clients)), percentOf(int64(r.Clients), int64(d.Total.Clients)),
			groupDigits(r.AUM.Round(0).String()), percentOfDec(r.AUM, d.Total.AUM)})
	}
	for _, r := range d.Rows {
		line(r.Class, r)
	}
	if d.None.Clients > 0 {
		line("(none)", d.None)
	}
	line("total", d.Total)
	return renderTable(rows)
}

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
// an [*Error] wrapping [ErrClassifier] with Path "from.classifier",
// "to.classes[2]" and so on. Nothing passed in is changed.
func Compare(book iter.Seq[vipcare.Profile], from, to Side, o ReportOptions) (Matrix, error) {
	fc, err := checkClasses("from.classifier", "from.classes", from.Classifier)
	if err != nil {
		return Matrix{}, err
	}
	tc, err := checkClasses("to.classifier", "to.classes", to.Classifier)
	if err != nil {
		return Matrix{}, err
	}
	j := &reportJob{from: from, to: to, nf: len(fc), nt: len(tc), cross: true, same: from.Valuation == to.Valuation}
	t, err := j.run(book, o)
	if err != nil {
		return Matrix{}, err
	}
	return Matrix{from: fc, to: tc, cells: t.cells}, nil
}

// WhatIf reports where the clients of book would move if the current
// classifier were replaced by the proposed one, both applied to figures
// computed once per client under v: "raise gold from 50,000 to 60,000:
// who moves where?". It is [Compare] with v on both sides; see
// [Matrix.Moves] for the clients who move.
func WhatIf(book iter.Seq[vipcare.Profile], v vipcare.Valuation, current, proposed Classifier, o ReportOptions) (Matrix, error) {
	return Compare(book, Side{Valuation: v, Classifier: current}, Side{Valuation: v, Classifier: proposed}, o)
}

// Matrix is a cross tab of a book made by [Compare] or [WhatIf]: clients,
// and their AUM at the bank under the from side's valuation, by (from
// class, to class), with [NoClass] as a row and a column. It is immutable
// and safe for concurrent use; the zero Matrix is empty.
type Matrix struct {
	from, to []string
	cells    []reportCell // (len(from)+1) x (len(to)+1), row-major, NoClass first
}

// FromClasses returns the class names of the from side, in order.
func (m Matrix) FromClasses() []string { return slices.Clone(m.from) }

// ToClasses returns the class names of the to side, in order.
func (m Matrix) ToClasses() []string { return slices.Clone(m.to) }

// Clients returns the number of clients in the book.
func (m Matrix) Clients() int {
	n := 0
	for _, c := range m.cells {
		n += c.clients
	}
	return n
}

// Cell returns the number of clients in class from on the from side and
// class to on the to side, and their total AUM; [NoClass] names the clients
// in no class. An unknown name gives 0 and zero.
func (m Matrix) Cell(from, to string) (clients int, aum decimal.Decimal) {
	r, ok1 := classIndex(m.from, from)
	c, ok2 := classIndex(m.to, to)
	if !ok1 || !ok2 || m.cells == nil {
		return 0, decimal.Decimal{}
	}
	x := m.cells[m.index(r, c)]
	return x.clients, x.aum.decimal()
}

// HasSameClasses reports whether both sides have the same class names in
// the same order, as in a migration or a what-if between two ladders with
// the same tiers; only then do moves up and down have a meaning.
func (m Matrix) HasSameClasses() bool { return slices.Equal(m.from, m.to) }

// Move is a group of clients who are in one class on the from side and in
// another on the to side.
type Move struct {
	// From and To are the class names; [NoClass] for none.
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
// sides, by from class then to class, each in class order with [NoClass]
// first. It returns nil when the sides do not have the same classes (see
// [Matrix.HasSameClasses]).
func (m Matrix) Moves() []Move {
	if m.cells == nil || !m.HasSameClasses() {
		return nil
	}
	var out []Move
	for r := -1; r < len(m.from); r++ {
		for c := -1; c < len(m.to); c++ {
			x := m.cells[m.index(r, c)]
			if r == c || x.clients == 0 {
				continue
			}
			out = append(out, Move{From: className(m.from, r), To: className(m.to, c), Clients: x.clients, AUM: x.aum.decimal(), Up: c > r})
		}
	}
	return out
}

// Up returns the number of clients in a higher class on the to side than
// on the from side; 0 when the sides do not have the same classes.
func (m Matrix) Up() int { return m.count(func(r, c int) bool { return c > r }) }

// Down returns the number of clients in a lower class on the to side than
// on the from side; 0 when the sides do not have the same classes.
func (m Matrix) Down() int { return m.count(func(r, c int) bool { return c < r }) }

// Same returns the number of clients in the same class on both sides, none
// included; 0 when the sides do not have the same classes.
func (m Matrix) Same() int { return m.count(func(r, c int) bool { return c == r }) }

func (m Matrix) count(keep func(r, c int) bool) int {
	if m.cells == nil || !m.HasSameClasses() {
		return 0
	}
	n := 0
	for r := -1; r < len(m.from); r++ {
		for c := -1; c < len(m.to); c++ {
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
	if m.cells == nil {
		return ""
	}
	nr, nc := len(m.from)+1, len(m.to)+1
	rowSum, colSum := make([]int, nr), make([]int, nc)
	for r := 0; r < nr; r++ {
		for c := 0; c < nc; c++ {
			n := m.cells[r*nc+c].clients
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
	r0, c0 := first(rowSum), first(colSum)
	head := []string{`from \ to`}
	for c := c0; c < nc; c++ {
		head = append(head, classLabel(className(m.to, c-1)))
	}
	rows := [][]string{append(head, "total")}
	total := 0
	for r := r0; r < nr; r++ {
		row := []string{classLabel(className(m.from, r-1))}
		for c := c0; c < nc; c++ {
			row = append(row, groupDigits(strconv.Itoa(m.cells[r*nc+c].clients)))
		}
		rows = append(rows, append(row, groupDigits(strconv.Itoa(rowSum[r]))))
		total += rowSum[r]
	}
	row := []string{"total"}
	for c := c0; c < nc; c++ {
		row = append(row, groupDigits(strconv.Itoa(colSum[c])))
	}
	rows = append(rows, append(row, groupDigits(strconv.Itoa(total))))
	return renderTable(rows)
}

func (m Matrix) index(r, c int) int { return (r+1)*(len(m.to)+1) + c + 1 }

// classIndex returns the index of class s in names, -1 for NoClass.
func classIndex(names []string, s string) (int, bool) {
	if s == NoClass {
		return -1, true
	}
	i := slices.Index(names, s)
	return i, i >= 0
}

// className returns the name of class i, NoClass for -1.
func className(names []string, i int) string {
	if i < 0 {
		return NoClass
	}
	return names[i]
}

func classLabel(class string) string {
	if class == NoClass {
		return "(none)"
	}
	return class
}

// checkClasses returns a copy of c's class names after checking them.
func checkClasses(path, listPath string, c Classifier) ([]string, error) {
	if c == nil {
		return nil, &Error{Path: path, Err: ErrClassifier}
	}
	names := slices.Clone(c.Classes())
	for i, n := range names {
		if n == NoClass || slices.Index(names[:i], n) >= 0 {
			return nil, &Error{Path: listPath + "[" + strconv.Itoa(i) + "]", Name: n, Err: ErrClassifier}
		}
	}
	return names, nil
}

// reportJob is one report being computed: Distribute (cross false, a single
// column) or Compare.
type reportJob struct {
	from, to Side
	nf, nt   int
	cross    bool // classify on the to side too
	same     bool // both valuations are equal: compute figures once
}

// reportScratch is one goroutine's state: reused figures and its partial tally.
type reportScratch struct {
	p    vipcare.Profile // the client in hand, at a stable address
	f, g vipcare.Figures
	t    reportTally
}

func (j *reportJob) newScratch() *reportScratch {
	cols := 1
	if j.cross {
		cols = j.nt + 1
	}
	return &reportScratch{t: reportTally{cols: cols, cells: make([]reportCell, (j.nf+1)*cols)}}
}

// one adds client p, at position i in the book, to s's tally.
func (j *reportJob) one(s *reportScratch, p *vipcare.Profile, i int) error {
	if err := j.from.Valuation.Compute(p, &s.f); err != nil {
		return bookError(i, err)
	}
	r, err := classifyChecked(j.from.Classifier, &s.f, j.nf)
	if err != nil {
		return bookError(i, err)
	}
	c := -1
	if j.cross {
		g := &s.f
		if !j.same {
			g = &s.g
			if err := j.to.Valuation.Compute(p, g); err != nil {
				return bookError(i, err)
			}
		}
		if c, err = classifyChecked(j.to.Classifier, g, j.nt); err != nil {
			return bookError(i, err)
		}
	}
	x := &s.t.cells[s.t.index(r, c)]
	x.clients++
	x.aum.add(int64(s.f.AUM))
	return nil
}

func classifyChecked(c Classifier, f *vipcare.Figures, n int) (int, error) {
	k, err := c.Classify(f)
	if err != nil {
		return 0, err
	}
	if k < -1 || k >= n {
		return 0, ErrClassifier
	}
	return k, nil
}

// bookError names the client at position i, never by its identifier.
func bookError(i int, err error) error {
	return &Error{Path: "book[" + strconv.Itoa(i) + "]", Err: err}
}

func (j *reportJob) run(book iter.Seq[vipcare.Profile], o ReportOptions) (reportTally, error) {
	if book == nil {
		return j.newScratch().t, nil
	}
	if o.Workers > 1 {
		return j.parallel(book, o.Workers)
	}
	s := j.newScratch()
	i := 0
	var err error
	for p := range book {
		s.p = p
		if err = j.one(s, &s.p, i); err != nil {
			break
		}
		i++
	}
	s.p = vipcare.Profile{}
	return s.t, err
}

// reportBatch is a run of consecutive profiles of the book, from position start.
type reportBatch struct {
	start int
	items []vipcare.Profile
}

// parallel ranges over book in the calling goroutine and hands batches to
// workers, each with its own tally. On an error it stops handing out
// batches, and the workers finish only the clients before the earliest
// failure known, so the error returned is that of the first failing client
// in the book, as serially. At most 2*workers batches exist.
func (j *reportJob) parallel(book iter.Seq[vipcare.Profile], workers int) (reportTally, error) {
	var (
		work    = make(chan *reportBatch, workers)
		free    = make(chan *reportBatch, 2*workers)
		made    int
		failAt  atomic.Int64 // earliest failing position known
		mu      sync.Mutex
		failErr error
		panicV  any
		panics  atomic.Bool
		stopped atomic.Bool // an error or a panic
		wg      sync.WaitGroup
	)
	failAt.Store(math.MaxInt64)
	fail := func(i int, err error) {
		mu.Lock()
		if int64(i) < failAt.Load() {
			failAt.Store(int64(i))
			failErr = err
		}
		mu.Unlock()
		stopped.Store(true)
	}
	do := func(s *reportScratch, b *reportBatch) {
		defer func() {
			if v := recover(); v != nil {
				mu.Lock()
				if panicV == nil {
					panicV = v
				}
				mu.Unlock()
				panics.Store(true)
				stopped.Store(true)
			}
		}()
		for k := range b.items {
			i := b.start + k
			if int64(i) > failAt.Load() || panics.Load() {
				return
			}
			if err := j.one(s, &b.items[k], i); err != nil {
				fail(i, err)
				return
			}
		}
	}
	scratches := make([]*reportScratch, workers)
	for w := range scratches {
		s := j.newScratch()
		scratches[w] = s
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				do(s, b)
				clear(b.items) // keep no profile
				b.items = b.items[:0]
				free <- b
			}
		}()
	}
	func() {
		defer close(work) // also when the book panics, so workers end
		var b *reportBatch
		i := 0
		for p := range book {
			if b == nil {
				if stopped.Load() {
					break
				}
				select {
				case b = <-free:
				default:
					if made < cap(free) {
						b = &reportBatch{items: make([]vipcare.Profile, 0, reportBatchSize)}
						made++
					} else {
						b = <-free
					}
				}
				b.start = i
			}
			b.items = append(b.items, p)
			i++
			if len(b.items) == reportBatchSize {
				work <- b
				b = nil
			}
		}
		if b != nil {
			work <- b
		}
	}()
	wg.Wait()
	if panicV != nil {
		panic(panicV)
	}
	if failErr != nil {
		return reportTally{}, failErr
	}
	t := scratches[0].t
	for _, s := range scratches[1:] {
		for k := range t.cells {
			t.cells[k].add(s.t.cells[k])
		}
	}
	return t, nil
}

// reportTally is a report in progress: rows for the from classes, columns
// for the to classes (one for a distribution), NoClass first in both.
type reportTally struct {
	cols  int
	cells []reportCell
}

func (t *reportTally) index(r, c int) int { return (r+1)*t.cols + c + 1 }

// reportCell counts clients and sums their AUM exactly.
type reportCell struct {
	clients int
	aum     total128
}

func (c *reportCell) add(x reportCell) {
	c.clients += x.clients
	c.aum.merge(x.aum)
}

// total128 is a two's-complement 128-bit sum of Amounts: a million clients
// of up to 10^18 ten-thousandths each would overflow an int64.
type total128 struct{ hi, lo uint64 }

func (s *total128) add(a int64) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(a), 0)
	s.hi += uint64(a>>63) + carry // sign extension
}

func (s *total128) merge(t total128) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, t.lo, 0)
	s.hi += t.hi + carry
}

// decimal returns the sum as an amount in currency units.
func (s total128) decimal() decimal.Decimal {
	if s.hi == 0 && s.lo <= math.MaxInt64 {
		return decimal.New(int64(s.lo), -vipcare.AmountScale)
	}
	hi, lo, neg := s.hi, s.lo, int64(s.hi) < 0
	if neg { // negate: invert and add one
		var carry uint64
		lo, carry = bits.Add64(^lo, 1, 0)
		hi = ^hi + carry
	}
	x := new(big.Int).SetUint64(hi)
	x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(lo))
	if neg {
		x.Neg(x)
	}
	return decimal.NewFromBigInt(x, -vipcare.AmountScale)
}

// renderTable renders rows with the first column left-aligned and the others
// right-aligned, two spaces apart.
func renderTable(rows [][]string) string {
	w := 0
	for _, r := range rows {
		w = max(w, utf8.RuneCountInString(r[0]))
	}
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 0, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		line := r[0] + strings.Repeat(" ", w-utf8.RuneCountInString(r[0])) + "\t"
		for _, s := range r[1:] {
			line += "  " + s + "\t"
		}
		tw.Write([]byte(line + "\n"))
	}
	tw.Flush()
	return sb.String()
}

// groupDigits inserts thousands separators into the integer s, e.g. "-1,234,567".
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// percentOf returns part/whole as a percentage with one decimal, rounded half
// up; "-" when whole is zero.
func percentOf(part, whole int64) string {
	if whole == 0 {
		return "-"
	}
	return formatTenths((part*1000*2 + whole) / (2 * whole))
}

func percentOfDec(part, whole decimal.Decimal) string {
	if whole.IsZero() {
		return "-"
	}
	return formatTenths(part.Mul(decimal.New(1000, 0)).DivRound(whole, 0).IntPart())
}

func formatTenths(t int64) string {
	neg := ""
	if t < 0 {
		neg, t = "-", -t
	}
	return neg + strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10) + "%"
}
