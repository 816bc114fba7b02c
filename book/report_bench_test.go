package book_test

import (
	"iter"
	"runtime"
	"slices"
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/sample"
)

// heapEvery is how often, in clients, the benchmarks sample the heap.
const heapEvery = 50_000

// heapProbe wraps a book and records the peak of runtime.MemStats.HeapInuse,
// sampled every heapEvery clients and at the end, while the report reads
// the book.
type heapProbe struct{ peak uint64 }

func (h *heapProbe) book(seq iter.Seq[vipcare.Profile]) iter.Seq[vipcare.Profile] {
	return func(yield func(vipcare.Profile) bool) {
		var ms runtime.MemStats
		probe := func() {
			runtime.ReadMemStats(&ms)
			h.peak = max(h.peak, ms.HeapInuse)
		}
		defer probe()
		i := 0
		for p := range seq {
			if i%heapEvery == 0 {
				probe()
			}
			i++
			if !yield(p) {
				return
			}
		}
	}
}

// benchDistribute measures the distribution of an n-client sample book,
// generated as it is read, over the reference ladder, serially and with two
// workers; "book-only" reads the book without a report, for the cost of
// generating it, which the book's reader (the calling goroutine) bears in
// every case. Besides time it reports ns/client (generation included) and
// peak-heap-MiB, the heap in use at its highest while the book is read: it
// should not grow with n.
func benchDistribute(b *testing.B, n int) {
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	ladder := reference(b)
	for _, bc := range []struct {
		name    string
		workers int // -1: no report
	}{
		{"book-only", -1},
		{"serial", 0},
		{"workers=2", 2},
	} {
		b.Run(bc.name, func(b *testing.B) {
			runtime.GC()
			var peak uint64
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var h heapProbe
				clients := h.book(sample.Seq(o, n))
				if bc.workers < 0 {
					count := 0
					for range clients {
						count++
					}
					if count != n {
						b.Fatal(count)
					}
				} else {
					d, err := book.Distribute(clients, v, ladder, book.Options{Workers: bc.workers})
					if err != nil || d.Total.Clients != n {
						b.Fatal(d.Total.Clients, err)
					}
				}
				peak = max(peak, h.peak)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkDistribute1M is the distribution of a 1,000,000-client sample
// book. It takes seconds per operation: run it with -benchtime=1x.
func BenchmarkDistribute1M(b *testing.B) { benchDistribute(b, 1_000_000) }

// BenchmarkDistribute100k is BenchmarkDistribute1M with a tenth of the
// book, to compare the peak heap with.
func BenchmarkDistribute100k(b *testing.B) { benchDistribute(b, 100_000) }

// BenchmarkDistributeSlice measures the report alone: the distribution of
// a 100,000-client sample book generated beforehand into a slice. allocs/op
// shows that the report does not allocate per client.
func BenchmarkDistributeSlice(b *testing.B) {
	const n = 100_000
	o := sample.Options{Seed: 1}
	clients := slices.Collect(sample.Seq(o, n))
	v := sample.Valuation(o)
	ladder := reference(b)
	for _, bc := range []struct {
		name    string
		workers int
	}{
		{"serial", 0},
		{"workers=2", 2},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, err := book.Distribute(slices.Values(clients), v, ladder, book.Options{Workers: bc.workers})
				if err != nil || d.Total.Clients != n {
					b.Fatal(d.Total.Clients, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
		})
	}
}
