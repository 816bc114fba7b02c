package book_test

import (
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// referencePlaybook compiles the reference playbook over the sample shelf.
func referencePlaybook(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	require.NoError(t, err)
	return pb
}

// decideBook is the sample book the Explain tests run on: more batches of
// 256 than four workers hold at once (2 x 4), so that batches are
// recycled.
func decideBook() (sample.Options, []vipcare.Profile) {
	o := sample.Options{Seed: 3}
	return o, slices.Collect(sample.Seq(o, 2100))
}

// counted yields b, counting the clients read.
func counted(b []vipcare.Profile, read *int) iter.Seq[vipcare.Profile] {
	return func(yield func(vipcare.Profile) bool) {
		for _, p := range b {
			*read++
			if !yield(p) {
				return
			}
		}
	}
}

// Explain passes fn the same decisions as pb.Explain client by client, each
// with its client's position and profile, in book order, serially or in
// parallel; it changes nothing it is given.
func TestExplainSameAsClientByClient(t *testing.T) {
	pb := referencePlaybook(t)
	o, b := decideBook()
	v := sample.Valuation(o)
	want := make([]playbook.Explanation, len(b))
	for i := range b {
		d, err := pb.Explain(&b[i], v, playbook.Options{})
		require.NoError(t, err)
		want[i] = d
	}
	before, vBefore := deepCopy(b), sample.Valuation(o)

	tests := []struct {
		name    string
		workers int
		book    iter.Seq[vipcare.Profile]
	}{
		{"workers 0", 0, slices.Values(b)},
		{"workers 1", 1, slices.Values(b)},
		{"workers 4", 4, slices.Values(b)},
		{"workers 4, a streamed book", 4, sample.Seq(o, len(b))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			strategies := map[string]int{}
			err := book.Explain(tt.book, pb, v, book.Options{Workers: tt.workers},
				func(i int, p *vipcare.Profile, d playbook.Explanation) error {
					if i != n {
						return fmt.Errorf("client %d reached fn in place of client %d", i, n)
					}
					n++
					assert.Equal(t, b[i], *p, "client %d: its own profile", i)
					assert.Equal(t, want[i], d, "client %d: the decision of pb.Explain", i)
					strategies[d.Strategy.Strategy.Name]++
					for _, task := range d.Tasks {
						if !p.Contact.Allows(task.Channel) {
							return fmt.Errorf("client %d: a task by %s, which the client does not allow", i, task.Channel)
						}
					}
					return nil
				})
			require.NoError(t, err)
			assert.Equal(t, len(b), n, "every client decided")
			assert.Greater(t, len(strategies), 3, "%v", strategies)
			assert.Equal(t, before, b, "the book is unchanged")
			assert.Equal(t, vBefore, v, "the valuation is unchanged")
		})
	}
	for i := 0; i < len(b); i += 7 { // the playbook is unchanged: it still decides the same
		d, err := pb.Explain(&b[i], v, playbook.Options{})
		require.NoError(t, err)
		require.Equal(t, want[i], d)
	}
}

// Explain stops at fn's first error, returned as it is: fn sees no client
// after it, and the book is read no further than the batches in flight.
// With Values the explanations show the clients' amounts, as pb.Explain
// with Values does.
func TestExplainValues(t *testing.T) {
	pb := referencePlaybook(t)
	o, b := decideBook()
	b = b[:300]
	v := sample.Valuation(o)
	shown := 0
	err := book.Explain(slices.Values(b), pb, v, book.Options{Values: true}, func(i int, p *vipcare.Profile, d playbook.Explanation) error {
		want, err := pb.Explain(&b[i], v, playbook.Options{Values: true})
		require.NoError(t, err)
		assert.Equal(t, want, d, "client %d", i)
		if d.TierWhy.Value != "" {
			shown++
		}
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, shown, "some clients' amounts show")
}

func TestExplainStopsAtFnError(t *testing.T) {
	pb := referencePlaybook(t)
	o, b := decideBook()
	errStop := errors.New("stop here")
	for _, workers := range []int{0, 1, 4} {
		for _, at := range []int{0, 700, len(b) - 1} {
			t.Run("workers "+strconv.Itoa(workers)+"/at "+strconv.Itoa(at), func(t *testing.T) {
				var seen []int
				read := 0
				err := book.Explain(counted(b, &read), pb, sample.Valuation(o), book.Options{Workers: workers},
					func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
						seen = append(seen, i)
						if i == at {
							return errStop
						}
						return nil
					})
				assert.Same(t, errStop, err, "fn's error, as it is")
				require.Len(t, seen, at+1, "no client after the error")
				assert.Equal(t, at, seen[len(seen)-1])
				inFlight := 0
				if workers > 1 {
					inFlight = (2*workers + 1) * 256
				}
				assert.LessOrEqual(t, read, min(len(b), at+1+inFlight), "the book is read no further")
			})
		}
	}
}

// Explain stops at the first failing client in book order, with its error
// located at the client's position, never naming the client; fn sees
// every client before it and none after.
func TestExplainStopsAtFailingClient(t *testing.T) {
	pb := referencePlaybook(t)
	const secretID = "SECRET-4711"
	o, good := decideBook()
	noRateBook := deepCopy(good)
	for _, i := range []int{700, 1500} { // and a later failure
		noRateBook[i].ID = secretID
		// the sample valuation has rates for USD, HKD and EUR only
		noRateBook[i].Holdings[0].Amount = testkit.Money("123456.78", "JPY")
	}
	tests := []struct {
		name  string
		book  []vipcare.Profile
		v     vipcare.Valuation
		want  testkit.Want
		calls int
	}{
		{"an amount without a rate", noRateBook, sample.Valuation(o),
			testkit.Want{Path: "/book/700/holdings/0/amount", Err: vipcare.ErrNoRate}, 700},
		{"a valuation in another currency", good, inUSD(t),
			testkit.Want{Path: "/valuation/currency", Name: "USD", Err: vipcare.ErrCurrency}, 0}, // before the book is read
	}
	for _, tt := range tests {
		for _, workers := range []int{0, 1, 4} {
			t.Run(tt.name+"/workers "+strconv.Itoa(workers), func(t *testing.T) {
				before := deepCopy(tt.book)
				var seen []int
				err := book.Explain(slices.Values(tt.book), pb, tt.v, book.Options{Workers: workers},
					func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
						seen = append(seen, i)
						return nil
					})
				checkReportError(t, err, tt.want, secretID)
				assert.Len(t, seen, tt.calls, "every client before the failing one, and none after")
				for k, i := range seen {
					require.Equal(t, k, i, "in book order")
				}
				assert.Equal(t, before, tt.book, "the book is unchanged")
			})
		}
	}
	t.Run("no playbook", func(t *testing.T) {
		err := book.Explain(slices.Values(good), nil, sample.Valuation(o), book.Options{},
			func(int, *vipcare.Profile, playbook.Explanation) error { t.Fatal("called"); return nil })
		testkit.CheckProblems(t, err, testkit.Want{Path: "/playbook", Err: policy.ErrMissing})
	})
	t.Run("no fn", func(t *testing.T) {
		read := 0
		err := book.Explain(func(yield func(vipcare.Profile) bool) { read++ }, nil, sample.Valuation(o), book.Options{}, nil)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/playbook", Err: policy.ErrMissing},
			testkit.Want{Path: "/fn", Err: policy.ErrMissing})
		assert.Zero(t, read, "the book is not read")
	})
}

// A panic in fn reaches the caller with its value, serially or in
// parallel, wherever in the book it happens, and fn is not called again.
func TestExplainPanicInFnReachesCaller(t *testing.T) {
	pb := referencePlaybook(t)
	o, b := decideBook()
	v := errors.New("a value that is an error")
	for _, workers := range []int{0, 1, 4} {
		for _, at := range []int{0, 1000, len(b) - 1} {
			t.Run("workers "+strconv.Itoa(workers)+"/at "+strconv.Itoa(at), func(t *testing.T) {
				calls := 0
				assert.PanicsWithValue(t, v, func() {
					_ = book.Explain(slices.Values(b), pb, sample.Valuation(o), book.Options{Workers: workers},
						func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
							calls++
							if i == at {
								panic(v)
							}
							return nil
						})
				})
				assert.Equal(t, at+1, calls, "fn is not called after it panicked")
			})
		}
	}
}

// A panic in the work, here a bank's own measure, reaches the caller as a
// serial run's would: fn has seen exactly the clients before the one that
// panicked, in book order, and nothing more.
func TestExplainPanicInWorkReachesCaller(t *testing.T) {
	o, b := decideBook()
	v := errors.New("a measure bug")
	for _, workers := range []int{0, 1, 4} {
		for _, at := range []int{0, 300, 1000, len(b) - 1} {
			t.Run("workers "+strconv.Itoa(workers)+"/at "+strconv.Itoa(at), func(t *testing.T) {
				spec := playbook.Reference(sample.Shelf())
				bad := b[at].ID
				spec.Ladder.Measure = "panicky"
				env := policy.Must(policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("panicky",
					tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) {
						if f.Profile.ID == bad {
							panic(v)
						}
						return f.AUM, nil
					}))))
				pb, err := spec.Compile(env)
				require.NoError(t, err)
				var seen []int
				assert.PanicsWithValue(t, v, func() {
					_ = book.Explain(slices.Values(b), pb, sample.Valuation(o), book.Options{Workers: workers},
						func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
							seen = append(seen, i)
							return nil
						})
				})
				want := make([]int, at)
				for i := range want {
					want[i] = i
				}
				if at == 0 {
					want = nil
				}
				assert.Equal(t, want, seen, "fn sees exactly the clients before the panic, in order")
			})
		}
	}
}

// A panic of the book's own iterator reaches the caller after fn has seen
// every client the book yielded, in order, as in a serial run.
func TestExplainBookPanicAfterItsClients(t *testing.T) {
	pb := referencePlaybook(t)
	o, b := decideBook()
	for _, workers := range []int{0, 4} {
		for _, at := range []int{0, 1500} {
			t.Run("workers "+strconv.Itoa(workers)+"/at "+strconv.Itoa(at), func(t *testing.T) {
				seq := func(yield func(vipcare.Profile) bool) {
					for i, p := range b {
						if i == at {
							panic("book bug")
						}
						if !yield(p) {
							return
						}
					}
				}
				seen := 0
				assert.PanicsWithValue(t, "book bug", func() {
					_ = book.Explain(seq, pb, sample.Valuation(o), book.Options{Workers: workers},
						func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
							assert.Equal(t, seen, i, "in book order")
							seen++
							return nil
						})
				})
				assert.Equal(t, at, seen, "every client yielded before the panic")
			})
		}
	}
}

// A runtime.Goexit in the work, such as a test's FailNow in a bank's own
// measure, ends the caller's goroutine as it would serially, after fn has
// seen exactly the clients before it, and after every worker has ended.
func TestExplainGoexitInWork(t *testing.T) {
	o, b := decideBook()
	for _, workers := range []int{0, 4} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			const at = 1000
			spec := playbook.Reference(sample.Shelf())
			bad := b[at].ID
			spec.Ladder.Measure = "exits"
			env := policy.Must(policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("exits",
				tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) {
					if f.Profile.ID == bad {
						runtime.Goexit()
					}
					return f.AUM, nil
				}))))
			pb, err := spec.Compile(env)
			require.NoError(t, err)
			before := runtime.NumGoroutine()
			seen, returned := 0, false
			ended := make(chan struct{})
			go func() {
				defer close(ended)
				_ = book.Explain(slices.Values(b), pb, sample.Valuation(o), book.Options{Workers: workers},
					func(i int, _ *vipcare.Profile, _ playbook.Explanation) error {
						seen++
						return nil
					})
				returned = true
			}()
			<-ended
			assert.False(t, returned, "the caller's goroutine ended inside Explain")
			assert.Equal(t, at, seen, "fn saw the clients before the one whose work exited")
			for i := 0; i < 10_000 && runtime.NumGoroutine() > before; i++ {
				time.Sleep(time.Millisecond)
			}
			assert.LessOrEqual(t, runtime.NumGoroutine(), before, "no worker left behind")
		})
	}
}

// A nil book is an empty one: no decision, no error.
func TestExplainNilBook(t *testing.T) {
	pb := referencePlaybook(t)
	for _, workers := range []int{0, 4} {
		calls := 0
		err := book.Explain(nil, pb, valuation(), book.Options{Workers: workers},
			func(int, *vipcare.Profile, playbook.Explanation) error { calls++; return nil })
		assert.NoError(t, err)
		assert.Zero(t, calls)
	}
}

// The reference playbook's strategies over a sample book, decided on four
// workers.
func ExampleExplain() {
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	strategies := map[string]int{}
	err = book.Explain(sample.Seq(o, 1000), pb, sample.Valuation(o), book.Options{Workers: 4},
		func(i int, p *vipcare.Profile, d playbook.Explanation) error {
			strategies[d.Strategy.Strategy.Name]++
			return nil
		})
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"private", "premier", "growth", "relationship", "digital", "standard"} {
		fmt.Printf("%-12s %4d\n", name, strategies[name])
	}
	// Output:
	// private        14
	// premier        52
	// growth         40
	// relationship  230
	// digital       636
	// standard       28
}
