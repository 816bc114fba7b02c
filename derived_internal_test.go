package vipcare

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// currencies agrees with counting in a map on random holdings: up to 40
// codes, some malformed, some amounts zero, in a Figures built by hand so
// that Compute's checks do not filter them.
func TestCurrenciesAgreesWithMap(t *testing.T) {
	codes := []Currency{"", "cny", "CN", "CNY1", "AAA", "ZZZ", "CNY", "USD"}
	for k := range 32 {
		codes = append(codes, Currency([]byte{byte('A' + k%26), byte('A' + k/26), 'Q'}))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		p := &Profile{}
		for range rng.IntN(60) {
			amount := decimal.NewFromInt(int64(rng.IntN(3)))
			p.Holdings = append(p.Holdings, Holding{Amount: Money{Amount: amount, Currency: codes[rng.IntN(len(codes))]}})
		}
		want := map[Currency]bool{}
		for _, h := range p.Holdings {
			if !h.Amount.Amount.IsZero() && h.Amount.Currency.IsValid() {
				want[h.Amount.Currency] = true
			}
		}
		f := &Figures{Profile: p}
		if got := currencies(f); got != len(want) {
			t.Fatalf("round %d: %d currencies, want %d", round, got, len(want))
		}
	}
}

// currencyIndex gives every three-letter code its own index below 26³, and
// none to a malformed code.
func TestCurrencyIndex(t *testing.T) {
	seen := map[uint16]bool{}
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			for c := byte('A'); c <= 'Z'; c++ {
				k, ok := currencyIndex(Currency([]byte{a, b, c}))
				if !ok || k >= 26*26*26 || seen[k] {
					t.Fatalf("%c%c%c: index %d, ok %v, seen before %v", a, b, c, k, ok, seen[k])
				}
				seen[k] = true
			}
		}
	}
	for _, c := range []Currency{"", "AA", "AAAA", "aaa", "A[A", "@AA"} {
		if _, ok := currencyIndex(c); ok {
			t.Errorf("%q has an index", c)
		}
	}
}

// currencies does not allocate, with few currencies or many.
func TestCurrenciesDoesNotAllocate(t *testing.T) {
	p := &Profile{}
	for k := range 20 {
		p.Holdings = append(p.Holdings, Holding{Amount: Money{Amount: decimal.NewFromInt(1), Currency: Currency([]byte{byte('A' + k), 'B', 'C'})}})
	}
	for _, n := range []int{3, 20} {
		f := &Figures{Profile: &Profile{Holdings: p.Holdings[:n]}}
		if a := testing.AllocsPerRun(100, func() { _ = currencies(f) }); a != 0 {
			t.Errorf("%d currencies: %v allocations", n, a)
		}
	}
}
