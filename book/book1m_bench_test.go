package book_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// materialise returns n accounts of the sample book of seed 1, with the
// prior states and overrides of accounts, generated on 2 goroutines
// (client i depends on (seed, i) alone).
func materialise(n int) []book.Account {
	o := sample.Options{Seed: 1}
	proto := accounts(o, 55) // the pattern of states and overrides repeats every 55 clients
	out := make([]book.Account, n)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 2 {
				a := proto[i%len(proto)]
				a.Ref = fmt.Sprintf("REF-%07d", i)
				a.Profile = sample.Profile(o, i)
				out[i] = a
			}
		}()
	}
	wg.Wait()
	return out
}

// BenchmarkBook1M decides a materialised book of 1,000,000 sample
// accounts under the reference document (one op is the whole book; run
// it with -benchtime=1x -count 6; it needs about 3 GB):
//
//   - decide: playbook.Decide on every client, each goroutine with its
//     own Scratch taking the next chunk of 1,024 clients until none is
//     left, counting tiers: the decisions alone, as a bank's own pipeline
//     makes them. Chunks rather than a half each: on shared cores one
//     core often runs slower than the other for a while, and a worker
//     with a fixed half finishes last alone (book.Run hands out batches
//     too);
//   - run: book.Run, the monthly run, which also builds each client's
//     record and tasks and the book's report.
//
// ns/client is the wall time per client.
func BenchmarkBook1M(b *testing.B) {
	const n, chunk = 1_000_000, 1024
	accs := materialise(n)
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		b.Fatal(err)
	}
	v := sample.Valuation(sample.Options{Seed: 1})
	period := tier.MonthOf(v.AsOf)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("decide/workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				tiers := make([][8]int, workers)
				var wg sync.WaitGroup
				errs := make([]error, workers)
				var next atomic.Int64 // the first client of the next chunk
				for w := range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var s playbook.Scratch
						var mine [8]int // counted here, stored once: no line shared while timed
						defer func() { tiers[w] = mine }()
						for {
							start := int(next.Add(chunk)) - chunk
							if start >= n {
								return
							}
							part := accs[start:min(start+chunk, n)]
							for i := range part {
								a := &part[i]
								d, err := pb.Decide(&a.Profile, v, playbook.Options{History: a.History, Period: period,
									State: a.State, Overrides: a.Overrides}, &s)
								if err != nil {
									errs[w] = err
									return
								}
								mine[d.Tier.Rank/10%8]++
							}
						}
					}()
				}
				wg.Wait()
				decided := 0
				for w, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
					for _, c := range tiers[w] {
						decided += c
					}
				}
				if decided != n {
					b.Fatalf("%d clients decided of %d", decided, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/client")
		})
		b.Run(fmt.Sprintf("run/workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rep, err := book.Run(slices.Values(accs), pb, v, period, book.Options{Workers: workers},
					func(int, *book.Result) error { return nil })
				if err != nil || rep.Clients != n {
					b.Fatal(rep.Clients, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/client")
		})
	}
}

// BenchmarkRunStreamed is the monthly run over a sample book generated as
// it is read, never held in memory, of 100,000 and 1,000,000 accounts on
// two workers; besides time it reports peak-heap-MiB, the heap in use at
// its highest during the run (sampled every heapEvery accounts): it does
// not grow with the book. Run it with -benchtime=1x.
func BenchmarkRunStreamed(b *testing.B) {
	o := sample.Options{Seed: 1}
	proto := accounts(o, 55)
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		b.Fatal(err)
	}
	v := sample.Valuation(o)
	period := tier.MonthOf(v.AsOf)
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			runtime.GC()
			var peak uint64
			for range b.N {
				var ms runtime.MemStats
				seq := func(yield func(book.Account) bool) {
					for i := range n {
						if i%heapEvery == 0 {
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapInuse)
						}
						a := proto[i%len(proto)]
						a.Ref = fmt.Sprintf("REF-%07d", i)
						a.Profile = sample.Profile(o, i)
						if !yield(a) {
							return
						}
					}
				}
				rep, err := book.Run(seq, pb, v, period, book.Options{Workers: 2}, func(int, *book.Result) error { return nil })
				if err != nil || rep.Clients != n {
					b.Fatal(rep.Clients, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
