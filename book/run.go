package book

import (
	"iter"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
)

// batchSize is the number of clients a worker takes at once.
const batchSize = 256

// maxWorkers is the most goroutines a run starts: more could not help on
// any machine, and each holds a state and two batches.
const maxWorkers = 256

// batch is a run of consecutive clients of the book, from position start,
// with what the work made of each.
type batch[T, R any] struct {
	seq     int // the batch's place in the book
	start   int
	items   []T
	results []R
	err     error     // of the first failing client, at position errAt
	panic   *panicked // or what the work panicked with there
	errAt   int
}

// engine runs work over a book: serially in the calling goroutine, or on
// workers, each with its own state, with the same result either way. Every
// book-level call of the package is one engine run.
type engine[T, S, R any] struct {
	workers int
	// state returns a worker's state: its scratch and partial tally.
	state func() S
	// work does client p, at position i in the book, with state s.
	work func(s S, i int, p *T) (R, error)
	// emit, if set, receives every client's result in book order, in the
	// calling goroutine; an error stops the run.
	emit func(i int, p *T, r R) error
}

// run ranges over book once, in the calling goroutine, and returns the
// states of the workers. It stops at the first failure in book order, as a
// serial run would: an error of the work, located at "/book/i"; an error
// of emit, returned as it is; a panic of the work, of emit or of the
// book's iterator, which reaches the caller; a runtime.Goexit of the work,
// which ends the caller's goroutine. Memory does not grow with the book:
// at most 2 x workers batches exist at once.
func (e *engine[T, S, R]) run(book iter.Seq[T]) ([]S, error) {
	if book == nil {
		return []S{e.state()}, nil
	}
	e.workers = min(e.workers, maxWorkers)
	if e.workers <= 1 {
		return e.serial(book)
	}
	return e.parallel(book)
}

func (e *engine[T, S, R]) serial(book iter.Seq[T]) ([]S, error) {
	s := e.state()
	i := 0
	var cur T // the client in hand, at one address for the whole run
	defer func() { var zero T; cur = zero }()
	for p := range book {
		cur = p
		r, err := e.work(s, i, &cur)
		if err != nil {
			return nil, located(i, err)
		}
		if e.emit != nil {
			if err := e.emit(i, &cur, r); err != nil {
				return nil, err
			}
		}
		i++
	}
	return []S{s}, nil
}

// argument is one argument of a book-level run: the path a missing or
// wrong one is reported at, whether it is missing, and what is wrong with
// it if it is given but wrong.
type argument struct {
	path    string
	missing bool
	err     error
	name    string // what err concerns, when it names something
}

// checkArguments refuses a run before the book is read: policy.ErrMissing
// at the path of every missing argument, its error at the path of every
// wrong one, nil when none is.
func checkArguments(args ...argument) error {
	var ps policy.Problems
	for _, a := range args {
		switch {
		case a.missing:
			ps = append(ps, policy.Problem{Path: a.path, Err: policy.ErrMissing})
		case a.err != nil:
			ps = append(ps, policy.Problem{Path: a.path, Name: a.name, Err: a.err})
		}
	}
	return ps.Err()
}

// valuation returns the arguments a valuation at path must satisfy before
// a book is read: a currency, the currency of each playbook given, and an
// as-of date, which every client's figures need, so that a valuation no
// client can be valued under is not blamed on the first client.
func valuation(path string, v vipcare.Valuation, pbs ...*playbook.Playbook) []argument {
	var bad error
	var name string
	if v.Currency != "" && !v.Currency.IsValid() {
		bad = policy.ErrMalformed
	}
	for _, pb := range pbs {
		if bad == nil && pb != nil && v.Currency != "" && v.Currency != pb.Currency() {
			bad, name = vipcare.ErrCurrency, string(v.Currency) // as Decide names it: the bank's setting
		}
	}
	return []argument{{path: path + "/currency", missing: v.Currency == "", err: bad, name: name},
		{path: path + "/as_of", missing: v.AsOf.IsZero()}}
}

// located roots err, about the client at position i, at "/book/i": a
// client is named by its position in the book, never by its identifier.
func located(i int, err error) error {
	var ps policy.Problems
	ps.Add("/book/"+strconv.Itoa(i), "", err)
	return ps
}

// parallel ranges over book in the calling goroutine, hands batches to the
// workers and takes them back in book order, emitting their results and
// recycling them. On an error or a panic of the work it stops handing out
// batches, and the workers finish only the clients before the earliest
// failure known, so that the run ends as a serial run would: every client
// before the first failing one emitted, then its error or its panic.
func (e *engine[T, S, R]) parallel(book iter.Seq[T]) ([]S, error) {
	r := &parallelRun[T, S, R]{e: e,
		work:    make(chan *batch[T, R], e.workers),
		done:    make(chan *batch[T, R], 2*e.workers), // never blocks: at most 2 x workers batches exist
		pending: map[int]*batch[T, R]{},
		states:  make([]S, 0, e.workers),
	}
	r.failAt.Store(math.MaxInt64)
	bookPanic := r.produce(book)
	if len(r.states) == 0 { // an empty book: no worker was needed
		r.states = append(r.states, e.state())
	}
	for r.next < r.seq {
		r.takeBack(<-r.done)
	}
	r.wg.Wait()
	// As in a serial run, the first failure in book order ends the run: a
	// panic or an error of the work or of emit. The book's own panic comes
	// after every client it yielded.
	if r.panic != nil {
		if r.panic.goexit {
			runtime.Goexit() // as the work did: a test's FailNow in a bank's measure
		}
		panic(r.panic.v)
	}
	if r.stop != nil {
		return nil, r.stop
	}
	if bookPanic != nil {
		panic(bookPanic)
	}
	return r.states, nil
}

// parallelRun is the state of one parallel run. Only failAt is shared with
// the workers; the rest belongs to the calling goroutine.
type parallelRun[T, S, R any] struct {
	e       *engine[T, S, R]
	work    chan *batch[T, R]
	done    chan *batch[T, R]
	failAt  atomic.Int64 // the earliest failing position known
	wg      sync.WaitGroup
	states  []S
	made    int            // batches allocated
	free    []*batch[T, R] // batches taken back, to reuse
	pending map[int]*batch[T, R]
	seq     int       // batches handed out
	next    int       // the next batch to take back
	stop    error     // the run's error, once known
	panic   *panicked // or the run's panic
}

// worker works through the batches it is handed with state s.
func (r *parallelRun[T, S, R]) worker(s S) {
	defer r.wg.Done()
	for b := range r.work {
		r.doBatch(s, b)
	}
}

// doBatch does batch b with state s and hands it back, also when the work
// calls runtime.Goexit: this goroutine then ends, and another takes its
// place with its state, so that every batch comes back.
func (r *parallelRun[T, S, R]) doBatch(s S, b *batch[T, R]) {
	returned := false
	defer func() {
		if !returned {
			r.wg.Add(1)
			go r.worker(s)
			r.done <- b
		}
	}()
	r.e.do(s, b, &r.failAt)
	returned = true
	r.done <- b
}

// produce ranges over book, filling batches and handing them out, until
// the book ends or an error or a panic makes the rest useless. It returns
// the value the book's own iterator panicked with, if it did, once every
// batch handed out can come back: the clients the book yielded before its
// panic are still done and emitted.
func (r *parallelRun[T, S, R]) produce(book iter.Seq[T]) (bookPanic any) {
	var cur *batch[T, R]
	defer close(r.work) // also when the book panics, so that workers end
	defer func() {
		if v := recover(); v != nil { // the book's own iterator panicked
			bookPanic = v
			if cur != nil { // counted in seq: it must come back
				r.send(cur)
			}
		}
	}()
	i := 0
	for p := range book {
		if cur == nil {
			r.room() // which may end the run, by emitting a failure
			if r.stop != nil || r.panic != nil || r.failAt.Load() < int64(i) {
				break
			}
			cur = r.batch(i)
		}
		cur.items = append(cur.items, p)
		i++
		if len(cur.items) == batchSize {
			r.send(cur)
			cur = nil
		}
	}
	if cur != nil {
		r.send(cur)
	}
	return nil
}

// send hands batch b to the workers, starting one more, with a state of
// its own, while there are fewer than the run's workers: a book of a few
// batches starts no more goroutines, nor states, than it has batches.
func (r *parallelRun[T, S, R]) send(b *batch[T, R]) {
	if len(r.states) < r.e.workers {
		s := r.e.state()
		r.states = append(r.states, s)
		r.wg.Add(1)
		go r.worker(s)
	}
	r.work <- b
}

// room waits, while 2 x workers batches exist and none is free, for one to
// come back, taking back what comes.
func (r *parallelRun[T, S, R]) room() {
	for len(r.free) == 0 && r.made == cap(r.done) {
		r.takeBack(<-r.done)
	}
}

// batch returns an empty batch starting at position i: one taken back, or
// a new one. Call room first.
func (r *parallelRun[T, S, R]) batch(i int) *batch[T, R] {
	var b *batch[T, R]
	if n := len(r.free); n > 0 {
		b, r.free = r.free[n-1], r.free[:n-1]
	} else {
		b = &batch[T, R]{items: make([]T, 0, batchSize), results: make([]R, 0, batchSize)}
		r.made++
	}
	b.seq, b.start = r.seq, i
	r.seq++
	return b
}

// takeBack files a finished batch and takes back, in book order, every
// batch now due: its results are emitted, and it is free again.
func (r *parallelRun[T, S, R]) takeBack(b *batch[T, R]) {
	r.pending[b.seq] = b
	for {
		d, ok := r.pending[r.next]
		if !ok {
			return
		}
		delete(r.pending, r.next)
		r.next++
		r.emitBatch(d)
		clear(d.items) // keep no profile
		d.items, d.results, d.err, d.panic = d.items[:0], d.results[:0], nil, nil
		r.free = append(r.free, d)
	}
}

// emitBatch emits the results of batch d, up to its failure, if any: an
// error or a panic (or Goexit) of the work, which becomes the run's.
func (r *parallelRun[T, S, R]) emitBatch(d *batch[T, R]) {
	for k := range d.items {
		if r.stop != nil || r.panic != nil {
			return
		}
		if at := d.start + k; (d.err != nil || d.panic != nil) && at == d.errAt {
			if d.panic != nil {
				r.panic = d.panic
			} else {
				r.stop = located(at, d.err)
			}
			r.failAt.Store(-1) // nothing more is needed
			return
		}
		if k >= len(d.results) {
			return // cut short after a failure earlier in the book, which has ended the run
		}
		if r.e.emit != nil {
			r.emitOne(d, k)
		}
	}
}

// emitOne emits the result of client k of batch d. An error or a panic of
// emit stops the run; the panic is kept, to reach the caller once every
// worker has ended.
func (r *parallelRun[T, S, R]) emitOne(d *batch[T, R], k int) {
	defer func() {
		if v := recover(); v != nil {
			r.panic = &panicked{v: v}
			r.failAt.Store(-1)
		}
	}()
	if err := r.e.emit(d.start+k, &d.items[k], d.results[k]); err != nil {
		r.stop = err
		r.failAt.Store(-1)
	}
}

// panicked holds a recovered value, or says that the work called
// runtime.Goexit.
type panicked struct {
	v      any
	goexit bool
}

// do works through batch b with state s, up to the earliest failure known.
// An error, a panic or a runtime.Goexit of the work ends the batch there
// and becomes the earliest failure known if it is.
func (e *engine[T, S, R]) do(s S, b *batch[T, R], failAt *atomic.Int64) {
	i, returned := b.start, false
	defer func() {
		if returned {
			return
		}
		v := recover() // nil: runtime.Goexit, which goes on once this returns
		b.panic, b.errAt = &panicked{v: v, goexit: v == nil}, i
		lower(failAt, i)
	}()
	for k := range b.items {
		i = b.start + k
		if int64(i) > failAt.Load() {
			break
		}
		r, err := e.work(s, i, &b.items[k])
		if err != nil {
			b.err, b.errAt = err, i
			lower(failAt, i)
			break
		}
		b.results = append(b.results, r)
	}
	returned = true
}

// lower sets failAt to i if i is lower.
func lower(failAt *atomic.Int64, i int) {
	for {
		cur := failAt.Load()
		if int64(i) >= cur || failAt.CompareAndSwap(cur, int64(i)) {
			return
		}
	}
}
