package contact_test

import (
	"testing"
	"time"

	"github.com/vipcare/vipcare/contact"
)

// bkBenchClients is the number of sample clients a benchmark cycles through
// (bkBook's): one op is one client.
const bkBenchClients = 1000

// bkNext returns the index after i in a book of n clients, back to 0 at
// the end: cheaper than i % n, which would weigh on the fastest
// benchmarks.
func bkNext(i, n int) int {
	if i++; i == n {
		return 0
	}
	return i
}

func BenchmarkChoose(b *testing.B) {
	w := newWorld(b)
	book := bkBook(b, w, bkBenchClients, time.Time{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i = bkNext(i, len(book)) {
		c := &book[i]
		_ = w.st.Choose(&c.facts)
	}
}

func BenchmarkTasks(b *testing.B) {
	book := bkBook(b, newWorld(b), bkBenchClients, time.Time{})
	var tr *contact.Triggers // the defaults
	b.ReportAllocs()
	for i := 0; b.Loop(); i = bkNext(i, len(book)) {
		c := &book[i]
		_, _ = tr.Tasks(&c.f, contact.RM, c.step)
	}
}

func BenchmarkSelect(b *testing.B) {
	w := newWorld(b)
	book := bkBook(b, w, bkBenchClients, time.Time{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i = bkNext(i, len(book)) {
		c := &book[i]
		_ = w.st.Select(&c.facts)
	}
}

// BenchmarkSelectTouches selects and lists the touches, as a compact
// decision that plans the cadence does.
func BenchmarkSelectTouches(b *testing.B) {
	w := newWorld(b)
	book := bkBook(b, w, bkBenchClients, time.Time{})
	touches := make([]contact.Touch, 0, 8)
	b.ReportAllocs()
	for i := 0; b.Loop(); i = bkNext(i, len(book)) {
		c := &book[i]
		sel := w.st.Select(&c.facts)
		touches = w.st.Touches(touches[:0], sel, &c.facts.Figures.Profile.Contact)
	}
}

func BenchmarkFire(b *testing.B) {
	book := bkBook(b, newWorld(b), bkBenchClients, time.Time{})
	var tr *contact.Triggers // the defaults
	fired := make([]contact.Fired, 0, 7)
	n := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i = bkNext(i, len(book)) {
		c := &book[i]
		fired = tr.Fire(fired[:0], &c.f, contact.RM, c.step)
		n += len(fired)
	}
	b.ReportMetric(float64(n)/float64(b.N), "fired/op")
}
