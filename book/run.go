package book

import (
	"iter"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// batchSize is the number of clients a worker takes at once.
const batchSize = 256

// batch is a run of consecutive clients of the book, from position start,
// with what the work made of each.
type batch[R any] struct {
	seq     int // the batch's place in the book
	start   int
	items   []vipcare.Profile
	results []R
	err     error // of the first failing client, at position errAt
	errAt   int
}

// engine runs work over a book: serially in the calling goroutine, or on
// workers, each with its own state, with the same result either way. Every
// book-level call of the package is one engine run.
type engine[S, R any] struct {
	workers int
	// state returns a worker's state: its scratch and partial tally.
	state func() S
	// work does client p, at position i in the book, with state s.
	work func(s S, i int, p *vipcare.Profile) (R, error)
	// emit, if set, receives every client's result in book order, in the
	// calling goroutine; an error stops the run.
	emit func(i int, p *vipcare.Profile, r R) error
}

// run ranges over book once, in the calling goroutine, and returns the
// states of the workers. It stops at the first failing client in book
// order, as a serial run would, with its error located at "/book/i"; an
// error of emit is returned as it is. A panic in the work reaches the
// caller. Memory does not grow with the book: at most 2 x workers batches
// exist at once.
func (e *engine[S, R]) run(book iter.Seq[vipcare.Profile]) ([]S, error) {
	if book == nil {
		return []S{e.state()}, nil
	}
	if e.workers <= 1 {
		return e.serial(book)
	}
	return e.parallel(book)
}

func (e *engine[S, R]) serial(book iter.Seq[vipcare.Profile]) ([]S, error) {
	s := e.state()
	i := 0
	var cur vipcare.Profile // the client in hand, at one address for the whole run
	defer func() { cur = vipcare.Profile{} }()
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

// located roots err, about the client at position i, at "/book/i": a
// client is named by its position in the book, never by its identifier.
func located(i int, err error) error {
	var ps policy.Problems
	ps.Add("/book/"+strconv.Itoa(i), "", err)
	return ps
}

// parallel ranges over book in the calling goroutine, hands batches to the
// workers and takes them back in book order, emitting their results and
// recycling them. On an error it stops handing out batches, and the
// workers finish only the clients before the earliest failure known, so
// that the error returned is that of the first failing client in the book.
func (e *engine[S, R]) parallel(book iter.Seq[vipcare.Profile]) ([]S, error) {
	n := e.workers
	var (
		work    = make(chan *batch[R], n)
		done    = make(chan *batch[R], 2*n) // never blocks: at most 2n batches exist
		failAt  atomic.Int64                // earliest failing position known
		panicV  atomic.Value
		wg      sync.WaitGroup
		states  = make([]S, n)
		made    int
		free    []*batch[R]
		pending = map[int]*batch[R]{}
		next    int   // the next batch to take back
		stop    error // the run's error, once known
	)
	failAt.Store(math.MaxInt64)
	for w := range states {
		states[w] = e.state()
		wg.Add(1)
		go func(s S) {
			defer wg.Done()
			for b := range work {
				e.do(s, b, &failAt, &panicV)
				done <- b
			}
		}(states[w])
	}
	// takeBack files a finished batch and takes back, in order, every batch
	// now due: its results are emitted and it is free again.
	takeBack := func(b *batch[R]) {
		pending[b.seq] = b
		for {
			d, ok := pending[next]
			if !ok {
				return
			}
			delete(pending, next)
			next++
			for k := range d.items {
				if stop != nil {
					break
				}
				if at := d.start + k; d.err != nil && at == d.errAt {
					stop = located(at, d.err)
					failAt.Store(-1) // nothing more is needed
					break
				}
				if k >= len(d.results) {
					break // a batch cut short after an error or a panic elsewhere
				}
				if e.emit != nil {
					if err := e.emit(d.start+k, &d.items[k], d.results[k]); err != nil {
						stop = err
						failAt.Store(-1)
					}
				}
			}
			clear(d.items) // keep no profile
			d.items, d.results, d.err = d.items[:0], d.results[:0], nil
			free = append(free, d)
		}
	}
	seq, i := 0, 0
	var cur *batch[R]
	var bookPanic any
	func() {
		defer close(work) // also when the book panics, so that workers end
		defer func() {
			if v := recover(); v != nil { // the book's own iterator panicked
				bookPanic = v
				failAt.Store(-1)
				if cur != nil { // counted in seq: it must come back
					work <- cur
					cur = nil
				}
			}
		}()
		for p := range book {
			if cur == nil {
				if stop != nil || failAt.Load() < int64(i) || panicV.Load() != nil {
					break
				}
				for len(free) == 0 && made == 2*n {
					takeBack(<-done)
				}
				if len(free) > 0 {
					cur, free = free[len(free)-1], free[:len(free)-1]
				} else {
					cur = &batch[R]{items: make([]vipcare.Profile, 0, batchSize), results: make([]R, 0, batchSize)}
					made++
				}
				cur.seq, cur.start = seq, i
				seq++
			}
			cur.items = append(cur.items, p)
			i++
			if len(cur.items) == batchSize {
				work <- cur
				cur = nil
			}
		}
		if cur != nil {
			work <- cur
		}
	}()
	for next < seq {
		takeBack(<-done)
	}
	wg.Wait()
	if bookPanic != nil {
		panic(bookPanic)
	}
	if v := panicV.Load(); v != nil {
		panic(v.(panicked).v)
	}
	if stop != nil {
		return nil, stop
	}
	return states, nil
}

// panicked wraps a recovered value, which may be nil-like, for atomic.Value.
type panicked struct{ v any }

// do works through batch b with state s, up to the earliest failure known.
func (e *engine[S, R]) do(s S, b *batch[R], failAt *atomic.Int64, panicV *atomic.Value) {
	defer func() {
		if v := recover(); v != nil {
			panicV.CompareAndSwap(nil, panicked{v})
			failAt.Store(-1)
		}
	}()
	for k := range b.items {
		i := b.start + k
		if int64(i) > failAt.Load() {
			return
		}
		r, err := e.work(s, i, &b.items[k])
		if err != nil {
			b.err, b.errAt = err, i
			for {
				cur := failAt.Load()
				if int64(i) >= cur || failAt.CompareAndSwap(cur, int64(i)) {
					break
				}
			}
			return
		}
		b.results = append(b.results, r)
	}
}
