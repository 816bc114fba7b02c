package vipcare

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

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

// currencies agrees with counting in a map on figures Compute made, which
// count in passing when every holding is in the valuation's currency: random
// holdings in CNY alone or with USD and HKD, amounts 0, 1 or 2 with 0 to 6
// decimal places (beyond 4 they go the slow way), some held off the bank;
// the same Figures reused from one profile to the next.
func TestCurrenciesAfterCompute(t *testing.T) {
	rates, err := NewRates(CNY, map[Currency]decimal.Decimal{"USD": decimal.NewFromInt(7), "HKD": decimal.NewFromInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	v := Valuation{Currency: CNY, AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Rates: rates}
	rng := rand.New(rand.NewPCG(3, 4))
	var f Figures
	counted := 0 // profiles whose count Compute made
	for round := range 3000 {
		codes := []Currency{CNY}
		if round%3 == 0 {
			codes = append(codes, "USD", "HKD")
		}
		p := &Profile{}
		for i := range rng.IntN(10) {
			exp := -int32(rng.IntN(7))
			amount := decimal.New(int64(rng.IntN(3))*pow10(-exp), exp)
			p.Holdings = append(p.Holdings, Holding{ID: string(rune('a' + i)), Class: Deposits, OffBank: rng.IntN(4) == 0,
				Amount: Money{Amount: amount, Currency: codes[rng.IntN(len(codes))]}})
		}
		want := map[Currency]bool{}
		for _, h := range p.Holdings {
			if !h.Amount.Amount.IsZero() {
				want[h.Amount.Currency] = true
			}
		}
		if err := v.Compute(p, &f); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if f.nCurrencies >= 0 {
			counted++
		}
		if got := currencies(&f); got != len(want) {
			t.Fatalf("round %d: %d currencies, want %d", round, got, len(want))
		}
	}
	if counted < 500 {
		t.Errorf("Compute counted the currencies of %d profiles of 3000: the test does not test it", counted)
	}

	// The count Compute made holds for its own profile alone: not for
	// another profile set in its place, nor after a Compute that failed.
	one := &Profile{Holdings: []Holding{{ID: "a", Class: Deposits, Amount: Money{Amount: decimal.NewFromInt(1), Currency: CNY}}}}
	if err := v.Compute(one, &f); err != nil || currencies(&f) != 1 {
		t.Fatalf("one CNY holding: %v, %d currencies", err, currencies(&f))
	}
	f.Profile = &Profile{Holdings: append(slices.Clone(one.Holdings),
		Holding{ID: "b", Class: Deposits, Amount: Money{Amount: decimal.NewFromInt(1), Currency: "USD"}})}
	if got := currencies(&f); got != 2 {
		t.Errorf("another profile set in place of the one computed: %d currencies, want 2", got)
	}
	one.Holdings = append(one.Holdings, Holding{ID: "b", Class: "BAD", Amount: Money{Amount: decimal.NewFromInt(1), Currency: CNY}})
	if err := v.Compute(one, &f); err == nil {
		t.Fatal("a malformed class computed")
	}
	if got := currencies(&f); got != 1 {
		t.Errorf("after a Compute that failed: %d currencies, want 1", got)
	}
}

// pow10 returns 10^n for n from 0 to 18.
func pow10(n int32) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
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

// currenciesQuadratic is the count as it was first written, comparing each
// holding with every one before it: the reference BenchmarkCurrencies
// compares with on small profiles, where it was fast.
func currenciesQuadratic(f *Figures) int {
	hs := f.Profile.Holdings
	n := 0
	for i := range hs {
		seen := false
		for j := 0; j < i; j++ {
			if hs[j].Amount.Currency == hs[i].Amount.Currency && !hs[j].Amount.Amount.IsZero() {
				seen = true
				break
			}
		}
		if !seen && !hs[i].Amount.Amount.IsZero() && hs[i].Amount.Currency.IsValid() {
			n++
		}
	}
	return n
}

// BenchmarkCurrencies counts the currencies of 8 holdings in 2 currencies,
// and of 12 in 12 (past the list of the few), against the quadratic count.
func BenchmarkCurrencies(b *testing.B) {
	one := decimal.NewFromInt(1)
	for _, tt := range []struct {
		name  string
		codes []Currency
	}{
		{"8in2", []Currency{CNY, CNY, CNY, USD, CNY, CNY, CNY, CNY}},
		{"12in12", []Currency{"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ", "KKK", "LLL"}},
	} {
		p := &Profile{}
		for _, c := range tt.codes {
			p.Holdings = append(p.Holdings, Holding{Amount: Money{Amount: one, Currency: c}})
		}
		f := &Figures{Profile: p}
		for _, impl := range []struct {
			name string
			f    func(*Figures) int
		}{{"linear", currencies}, {"quadratic", currenciesQuadratic}} {
			b.Run(tt.name+"/"+impl.name, func(b *testing.B) {
				for range b.N {
					sinkInt += impl.f(f)
				}
			})
		}
	}
}

var sinkInt int
