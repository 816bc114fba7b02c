package book_test

import (
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
)

// ordered is a classifier that fails for two clients, the later of them
// first: the earlier waits, up to a minute, until the later has failed.
type ordered struct {
	early, late string
	lateDone    chan struct{}
	lateFirst   *atomic.Bool // set when the late failure came first
}

var errEarly, errLate = errors.New("early failure"), errors.New("late failure")

func (ordered) Classes() []string { return []string{"a"} }

func (c ordered) Classify(f *vipcare.Figures) (int, error) {
	switch f.Profile.ID {
	case c.late:
		close(c.lateDone)
		return 0, errLate
	case c.early:
		select {
		case <-c.lateDone:
			c.lateFirst.Store(true)
		case <-time.After(time.Minute): // only a guard against a hang; no assertion on time
		}
		return 0, errEarly
	}
	return 0, nil
}

// With several workers, the error returned is that of the first failing
// client in book order, even when a later client fails first, as a serial
// run would report it.
func TestFirstFailingClientInBookOrderWins(t *testing.T) {
	const n, early, late = 3000, 700, 1500
	b := make([]vipcare.Profile, n)
	for i := range b {
		b[i] = client("C"+strconv.Itoa(i), "100000")
	}
	for _, workers := range []int{0, 2, 4, 8} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			c := ordered{early: b[early].ID, late: b[late].ID, lateDone: make(chan struct{}), lateFirst: new(atomic.Bool)}
			if workers <= 1 {
				close(c.lateDone) // serially the late client is never reached
			}
			_, err := book.Distribute(slices.Values(b), valuation(), c, book.Options{Workers: workers})
			testkit.CheckProblems(t, err, testkit.Want{Path: "/book/700", Err: errEarly})
			assert.NotErrorIs(t, err, errLate)
			if workers > 1 {
				assert.True(t, c.lateFirst.Load(), "the later client failed first")
			}
		})
	}
}

// A panic in a classifier reaches the caller with its value, whichever
// worker it happens in, and the workers end.
func TestClassifierPanicReachesCaller(t *testing.T) {
	b := make([]vipcare.Profile, 2000)
	for i := range b {
		b[i] = client("C"+strconv.Itoa(i), "100")
	}
	for _, workers := range []int{0, 1, 2, 5} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			before := runtime.NumGoroutine()
			v := errors.New("a value that is an error")
			c := panicAt{id: b[1234].ID, v: v}
			assert.PanicsWithValue(t, v, func() {
				_, _ = book.Distribute(slices.Values(b), valuation(), c, book.Options{Workers: workers})
			})
			// A worker may be returning after its last Done: give it time,
			// which a machine busy under -race may take.
			for i := 0; i < 10_000 && runtime.NumGoroutine() > before; i++ {
				time.Sleep(time.Millisecond)
			}
			assert.LessOrEqual(t, runtime.NumGoroutine(), before, "no worker left behind")
		})
	}
}

// panicAt is a classifier that panics with v for the client id.
type panicAt struct {
	id string
	v  any
}

func (panicAt) Classes() []string { return []string{"a"} }

func (c panicAt) Classify(f *vipcare.Figures) (int, error) {
	if f.Profile.ID == c.id {
		panic(c.v)
	}
	return 0, nil
}

// tracked is a book of n clients, each generated as it is read, whose
// holdings can be seen to be freed: nothing of a client that has been
// reported on is kept, so memory does not grow with the book.
type tracked struct {
	freed []atomic.Bool
}

func (tr *tracked) book(n int, atEnd func()) func(func(vipcare.Profile) bool) {
	tr.freed = make([]atomic.Bool, n)
	return func(yield func(vipcare.Profile) bool) {
		for i := 0; i < n; i++ {
			if i == n-1 {
				atEnd()
			}
			h := &[1]vipcare.Holding{{ID: "H", Class: vipcare.Deposits, Amount: testkit.CNY("100")}}
			runtime.SetFinalizer(h, func(*[1]vipcare.Holding) { tr.freed[i].Store(true) })
			if !yield(vipcare.Profile{ID: "C", Holdings: h[:]}) {
				return
			}
		}
	}
}

// kept counts the clients before position end that are still reachable,
// collecting garbage until none is or the finalizers stop progressing.
func (tr *tracked) kept(end int) int {
	count := func() int {
		n := 0
		for i := range end {
			if !tr.freed[i].Load() {
				n++
			}
		}
		return n
	}
	n := count()
	for try := 0; try < 200 && n > 0; try++ {
		runtime.GC()
		runtime.Gosched()
		n = count()
	}
	return n
}

// Nothing is kept: when the last client of a book is read, every client
// before the batches in flight (at most 2 x Workers batches of 256) has
// been freed, and once the report is done every client has.
func TestNothingIsKept(t *testing.T) {
	const n = 6000
	for _, workers := range []int{0, 2, 4} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			inFlight := 2 // the client in hand and the one before
			if workers > 1 {
				inFlight = 2*workers*256 + 256
			}
			var tr tracked
			keptAtEnd := -1
			b := tr.book(n, func() { keptAtEnd = tr.kept(n - 1 - inFlight) })
			d, err := book.Distribute(b, valuation(), reference(t), book.Options{Workers: workers})
			require.NoError(t, err)
			require.Equal(t, n, d.Total.Clients)
			assert.Zero(t, keptAtEnd, "clients kept while the book is read")
			assert.Zero(t, tr.kept(n), "clients kept after the report")
		})
	}
}

// Memory does not grow with the book: a report over ten times the clients
// allocates about as much, serially or in parallel.
func TestReportMemoryBounded(t *testing.T) {
	one := client("C", "600000", "12.5")
	repeat := func(n int) func(func(vipcare.Profile) bool) {
		return func(yield func(vipcare.Profile) bool) {
			for range n {
				if !yield(one) {
					return
				}
			}
		}
	}
	l, proposed := reference(t), goldAt(t, 60_000)
	for _, workers := range []int{0, 2, 4} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			o := book.Options{Workers: workers}
			measure := func(n int) uint64 {
				return testkit.AllocatedBytes(func() {
					d, err := book.Distribute(repeat(n), valuation(), l, o)
					if err != nil || d.Total.Clients != n {
						panic(err)
					}
					if _, err := book.WhatIf(repeat(n), valuation(), l, proposed, o); err != nil {
						panic(err)
					}
				})
			}
			small, large := measure(5_000), measure(50_000)
			t.Logf("%d bytes for 5,000 clients, %d for 50,000", small, large)
			assert.LessOrEqual(t, large, small+small/10+16<<10, "allocation does not grow with the book")
		})
	}
}

// Workers start as batches need them: a book of one batch costs the same
// with 4 workers asked for or 10,000, and the result is the same.
func TestWorkersStartAsNeeded(t *testing.T) {
	one := client("C", "600000", "12.5")
	ten := slices.Repeat([]vipcare.Profile{one}, 10)
	l := reference(t)
	var want book.Distribution
	cost := func(workers int) uint64 {
		return testkit.AllocatedBytes(func() {
			d, err := book.Distribute(slices.Values(ten), valuation(), l, book.Options{Workers: workers})
			if err != nil {
				panic(err)
			}
			if workers == 4 {
				want = d
			} else if !assert.Equal(t, want, d) {
				panic("another result")
			}
		})
	}
	few := cost(4)
	many := cost(10_000)
	assert.LessOrEqual(t, many, few+few/10, "%d bytes for 10,000 workers asked, %d for 4", many, few)
	d, err := book.Distribute(slices.Values([]vipcare.Profile(nil)), valuation(), l, book.Options{Workers: 10_000})
	require.NoError(t, err)
	assert.Zero(t, d.Total.Clients, "an empty book starts no worker and reports nothing")
}

// TestBookPanicWaitsForWorkers checks that when the book's own iterator
// panics, the panic reaches the caller only after every worker has ended:
// nothing keeps running, or classifying, behind the caller's back.
func TestBookPanicWaitsForWorkers(t *testing.T) {
	b := make([]vipcare.Profile, 3000)
	for i := range b {
		b[i] = client("C"+strconv.Itoa(i), "100")
	}
	var calls atomic.Int64
	c := countingClassifier{n: &calls}
	before := runtime.NumGoroutine()
	seq := func(yield func(vipcare.Profile) bool) {
		for i, p := range b {
			if i == 2000 {
				panic("book bug")
			}
			if !yield(p) {
				return
			}
		}
	}
	assert.PanicsWithValue(t, "book bug", func() {
		_, _ = book.Distribute(seq, valuation(), c, book.Options{Workers: 4})
	})
	seen := calls.Load()
	// A worker may still be returning after its last Done, and a goroutine
	// of an earlier test may still be ending: wait for the count to settle,
	// for up to about ten seconds on a loaded machine. A worker left
	// blocked would never end, and fails the test.
	for i := 0; i < 10_000 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(time.Millisecond)
	}
	assert.Equal(t, seen, calls.Load(), "no client classified after the panic reached the caller")
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "no worker left behind")
}

// countingClassifier puts every client in one class and counts the calls,
// taking a little work over each, so that a worker left running behind the
// caller's back would still be classifying when the caller looks.
type countingClassifier struct{ n *atomic.Int64 }

func (countingClassifier) Classes() []string { return []string{"all"} }
func (c countingClassifier) Classify(f *vipcare.Figures) (int, error) {
	x := uint64(f.AUM)
	for i := 0; i < 20_000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	classifierWork.Store(x) // the work is kept, the class is always 0
	c.n.Add(1)
	return 0, nil
}

// classifierWork keeps countingClassifier's work from being dropped by the
// compiler.
var classifierWork atomic.Uint64

// A valuation no client can be valued under is refused before the book is
// read, by every call, rather than blamed on the first client.
func TestZeroValuationRefused(t *testing.T) {
	read := 0
	bookOf := func(yield func(vipcare.Profile) bool) { read++ }
	l := reference(t)
	pb := policy.Must(playbook.Compile(playbook.ReferenceDocument(), nil))
	zero := vipcare.Valuation{}
	want := []testkit.Want{{Path: "/valuation/currency", Err: policy.ErrMissing}, {Path: "/valuation/as_of", Err: policy.ErrMissing}}
	calls := map[string]func() error{
		"Distribute": func() error { _, err := book.Distribute(bookOf, zero, l, book.Options{}); return err },
		"WhatIf":     func() error { _, err := book.WhatIf(bookOf, zero, l, l, book.Options{}); return err },
		"ComparePlaybooks": func() error {
			_, err := book.ComparePlaybooks(bookOf, zero, pb, pb, book.Options{})
			return err
		},
		"Explain": func() error {
			return book.Explain(bookOf, pb, zero, book.Options{}, func(int, *vipcare.Profile, playbook.Explanation) error { return nil })
		},
		"Fairness": func() error {
			_, err := book.Fairness(bookOf, zero, pb, func(*vipcare.Profile) {}, book.Options{})
			return err
		},
	}
	for name, call := range calls {
		testkit.CheckProblems(t, call(), want...)
		assert.Zero(t, read, "%s reads no book", name)
	}
	usd := valuation()
	usd.Currency = vipcare.USD
	err := book.Explain(bookOf, pb, usd, book.Options{}, func(int, *vipcare.Profile, playbook.Explanation) error { return nil })
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/currency", Name: "USD", Err: vipcare.ErrCurrency})
	assert.Zero(t, read, "another currency than the playbook's, found before the book is read")
	_, err = book.Compare(bookOf, book.Side{Valuation: valuation(), Classifier: l}, book.Side{Classifier: l}, book.Options{})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/to/valuation/currency", Err: policy.ErrMissing},
		testkit.Want{Path: "/to/valuation/as_of", Err: policy.ErrMissing})
	assert.Zero(t, read)
	_, err = book.Distribute(bookOf, vipcare.Valuation{Currency: "cny", AsOf: valuation().AsOf}, nil, book.Options{})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/valuation/currency", Err: policy.ErrMalformed},
		testkit.Want{Path: "/classifier", Err: policy.ErrMissing})
	_, err = book.WhatIf(bookOf, zero, nil, nil, book.Options{})
	testkit.CheckProblems(t, err, append(slices.Clone(want), testkit.Want{Path: "/from/classifier", Err: policy.ErrMissing},
		testkit.Want{Path: "/to/classifier", Err: policy.ErrMissing})...)
	_, err = book.Compare(bookOf, book.Side{}, book.Side{Valuation: valuation()}, book.Options{})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/from/valuation/currency", Err: policy.ErrMissing},
		testkit.Want{Path: "/from/valuation/as_of", Err: policy.ErrMissing},
		testkit.Want{Path: "/from/classifier", Err: policy.ErrMissing}, testkit.Want{Path: "/to/classifier", Err: policy.ErrMissing})
	assert.Zero(t, read)
}
