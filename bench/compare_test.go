package bench

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/bench/gen"
)

const seed = 20261101

// decider is one variant that starts from the profile.
type decider interface {
	decide(p *vipcare.Profile) (decision, error)
}

// deciders returns a fresh decider of each variant that starts from the
// profile, by name.
func deciders(t testing.TB) map[string]decider {
	t.Helper()
	rules, err := compileVipcare()
	require.NoError(t, err)
	e, err := newExpr()
	require.NoError(t, err)
	c, err := newCEL()
	require.NoError(t, err)
	return map[string]decider{
		"hand":    &hand{},
		"vipcare": &vipcareDecider{rules: rules},
		"expr":    e,
		"cel":     c,
	}
}

// reference decides with shopspring decimal arithmetic, straight from the
// profile and the ladder's thresholds in yuan: slow and obvious, the
// oracle every variant is checked against.
func reference(p *vipcare.Profile) decision {
	var aum, wealth, deposits decimal.Decimal
	for _, h := range p.Holdings {
		wealth = wealth.Add(h.Amount.Amount)
		if !h.OffBank {
			aum = aum.Add(h.Amount.Amount)
		}
		if h.Class == vipcare.Deposits {
			deposits = deposits.Add(h.Amount.Amount)
		}
	}
	var d decision
	for i, from := range []int64{50_000, 500_000, 2_000_000, 6_000_000} {
		if aum.GreaterThanOrEqual(decimal.NewFromInt(from)) {
			d.rung = int8(i + 1)
		}
	}
	// tenure: count the month anniversaries of the start, as calendar
	// dates in China, up to the as-of date
	sy, sm, sd := p.Since.In(asOf.Location()).Date()
	months := 0
	for !p.Since.IsZero() {
		y, m := sy, int(sm)+months+1
		y, m = y+(m-1)/12, (m-1)%12+1
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		anniversary := time.Date(y, time.Month(m), min(sd, last), 0, 0, 0, 0, asOf.Location())
		if sd > last { // no such day this month: the anniversary is the 1st of the next
			anniversary = anniversary.AddDate(0, 0, 1)
		}
		if anniversary.After(asOf) {
			break
		}
		months++
	}
	d.business = p.Entrepreneur || len(p.Corporates) >= 1
	d.loyal = aum.GreaterThanOrEqual(decimal.NewFromInt(2_000_000)) && months >= 60
	d.idle = wealth.IsPositive() && deposits.Div(wealth).GreaterThanOrEqual(decimal.RequireFromString("0.6"))
	return d
}

// decideAll returns the decision of every variant for p, by name,
// including the two that start from features and figures computed first.
func decideAll(t *testing.T, ds map[string]decider, rules *vipcareRules, p *vipcare.Profile) map[string]decision {
	t.Helper()
	got := map[string]decision{}
	for name, d := range ds {
		dec, err := d.decide(p)
		require.NoError(t, err, name)
		got[name] = dec
	}
	var f features
	require.NoError(t, aggregate(p, asOf, &f))
	got["hand_figures"] = decideFeatures(&f)
	got["hand_funcs"] = newHandFuncs().decideFeatures(&f)
	fig, err := valuation.Figures(p)
	require.NoError(t, err)
	got["vipcare_closures"], err = rules.decideFigures(&fig)
	require.NoError(t, err)
	load, err := newLoader()
	require.NoError(t, err)
	var row gen.Row
	load.Load(&fig, row[:])
	got["vipcare_figures"] = decideRow(&row)
	return got
}

// TestAgree checks that every variant (vipcare_load runs vipcare_figures'
// code), the hand_funcs yardstick and the decimal reference decide alike
// on every client of a 10,000-client book, and that the book
// exercises every rung and both outcomes of every rule, so that agreement
// means something.
func TestAgree(t *testing.T) {
	ds := deciders(t)
	rules, err := compileVipcare()
	require.NoError(t, err)
	clients := book(seed, 10_000, runtime.GOMAXPROCS(0))
	var rungs [5]int
	var needs [3]int
	onThreshold := 0
	for i := range clients {
		p := &clients[i]
		want := reference(p)
		for name, got := range decideAll(t, ds, rules, p) {
			if got != want {
				t.Fatalf("client %d: %s decided %+v, the reference %+v", i, name, got, want)
			}
		}
		rungs[want.rung]++
		for k, n := range want.needs() {
			if n {
				needs[k]++
			}
		}
		var f features
		require.NoError(t, aggregate(p, asOf, &f))
		for _, th := range thresholds {
			if f.AUM == th {
				onThreshold++
			}
		}
	}
	t.Logf("rungs %v, needs %v of %d, %d on a threshold", rungs, needs, len(clients), onThreshold)
	for r, n := range rungs {
		assert.Greater(t, n, len(clients)/20, "rung %d", r)
	}
	for k, n := range needs {
		assert.Greater(t, n, len(clients)/20, "need %d holds too rarely", k)
		assert.Less(t, n, len(clients)*19/20, "need %d holds too often", k)
	}
	assert.Greater(t, onThreshold, 50)
}

// TestAgreeOnEdges checks the variants on clients crafted at the edges of
// every rule: a threshold met exactly and missed by one ten-thousandth,
// off-bank holdings, a share of exactly 0.6, a tenure of exactly 60 months.
func TestAgreeOnEdges(t *testing.T) {
	ds := deciders(t)
	rules, err := compileVipcare()
	require.NoError(t, err)
	at := func(class vipcare.AssetClass, amount string) vipcare.Holding {
		return vipcare.Holding{ID: "h", Class: class, Amount: cny(amount)}
	}
	off := func(class vipcare.AssetClass, amount string) vipcare.Holding {
		h := at(class, amount)
		h.OffBank = true
		return h
	}
	since := asOf.AddDate(-5, 0, 0) // exactly 60 months
	tests := []struct {
		name string
		p    vipcare.Profile
		want decision
	}{
		{"no holdings", vipcare.Profile{}, decision{}},
		{"gold exactly", vipcare.Profile{Holdings: []vipcare.Holding{at(vipcare.Funds, "49999.99"), at(vipcare.Funds, "0.01")}}, decision{rung: 1}},
		{"gold missed by 0.0001", vipcare.Profile{Holdings: []vipcare.Holding{at(vipcare.Funds, "49999.9999")}}, decision{rung: 0}},
		{"off-bank does not count", vipcare.Profile{Holdings: []vipcare.Holding{at(vipcare.Funds, "40000"), off(vipcare.RealEstate, "9000000")}}, decision{rung: 0}},
		{"exponent above zero", vipcare.Profile{Holdings: []vipcare.Holding{{ID: "h", Class: vipcare.Funds, Amount: vipcare.Money{Amount: decimal.New(6, 6), Currency: vipcare.CNY}}}}, decision{rung: 4}},
		{"diamond and 60 months", vipcare.Profile{Since: since, Holdings: []vipcare.Holding{at(vipcare.Equities, "2000000")}}, decision{rung: 3, loyal: true}},
		{"diamond and a day short of 60 months", vipcare.Profile{Since: since.AddDate(0, 0, 1), Holdings: []vipcare.Holding{at(vipcare.Equities, "2000000")}}, decision{rung: 3}},
		{"a share of exactly 0.6", vipcare.Profile{Holdings: []vipcare.Holding{at(vipcare.Deposits, "600"), off(vipcare.RealEstate, "400")}}, decision{idle: true}},
		{"a share just below 0.6", vipcare.Profile{Holdings: []vipcare.Holding{at(vipcare.Deposits, "599.9999"), off(vipcare.RealEstate, "400.0001")}}, decision{}},
		{"deposits held off-bank count in the share", vipcare.Profile{Holdings: []vipcare.Holding{off(vipcare.Deposits, "700"), at(vipcare.Funds, "300")}}, decision{idle: true}},
		{"a linked company", vipcare.Profile{Corporates: []vipcare.CorporateLink{{ID: "x", Role: vipcare.RoleOwner}}}, decision{business: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, reference(&tt.p), "the reference")
			for name, got := range decideAll(t, ds, rules, &tt.p) {
				assert.Equal(t, tt.want, got, name)
			}
		})
	}
}

// cny returns a CNY amount, for the tests' literals.
func cny(amount string) vipcare.Money {
	return vipcare.Money{Amount: decimal.RequireFromString(amount), Currency: vipcare.CNY}
}

// TestBookIsDeterministic checks that a client depends only on (seed,
// index): the same whatever the number of workers, and different for
// another seed.
func TestBookIsDeterministic(t *testing.T) {
	a, b := book(seed, 300, 1), book(seed, 300, 3)
	require.Equal(t, a, b)
	for _, p := range a {
		require.Len(t, p.Holdings, holdingsPerClient)
	}
	assert.NotEqual(t, a, book(seed+1, 300, 1))
}

// TestVipcareDoesNotAllocate keeps the vipcare variants at zero
// allocations under go test, not only under go test -bench.
func TestVipcareDoesNotAllocate(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation may allocate")
	}
	rules, err := compileVipcare()
	require.NoError(t, err)
	clients := book(seed, 64, 1)
	v := &vipcareDecider{rules: rules}
	i := 0
	n := testing.AllocsPerRun(200, func() {
		_, _ = v.decide(&clients[i%len(clients)])
		i++
	})
	assert.Zero(t, n, "allocs per client")
}

// sink keeps the benchmarks' results alive.
var sink decision

// keep stores d in sink a field at a time, for every variant alike. The
// compiler keeps a decision returned with an error on the stack, written a
// byte at a time; a plain sink = d reads it back whole, which stalls the
// processor until the writes retire (a store-forwarding stall): it added
// a fifth to vipcare_figures' time. Not inlined, keep takes the four bytes
// one at a time.
//
//go:noinline
func keep(d decision) {
	sink.rung, sink.business, sink.loyal, sink.idle = d.rung, d.business, d.loyal, d.idle
}

// compareBook is the number of clients BenchmarkCompare cycles through: a
// power of two, so that the next client is an AND away.
const compareBook = 4096

// BenchmarkCompare decides one client per op with each variant, cycling
// through a book of 4,096 clients generated before the timer starts.
func BenchmarkCompare(b *testing.B) {
	clients := book(seed, compareBook, runtime.GOMAXPROCS(0))
	ds := deciders(b)
	for _, name := range []string{"hand", "vipcare", "expr", "cel"} {
		d := ds[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				got, err := d.decide(&clients[i&(compareBook-1)])
				keep(got)
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	feats := make([]features, compareBook)
	figs := make([]vipcare.Figures, compareBook)
	for i := range clients {
		if err := aggregate(&clients[i], asOf, &feats[i]); err != nil {
			b.Fatal(err)
		}
		if err := valuation.Compute(&clients[i], &figs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("hand_figures", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			keep(decideFeatures(&feats[i&(compareBook-1)]))
			i++
		}
	})
	funcs := newHandFuncs()
	b.Run("hand_funcs", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			keep(funcs.decideFeatures(&feats[i&(compareBook-1)]))
			i++
		}
	})
	rules, err := compileVipcare()
	if err != nil {
		b.Fatal(err)
	}
	load, err := newLoader()
	if err != nil {
		b.Fatal(err)
	}
	rows := make([]gen.Row, compareBook)
	for i := range figs {
		load.Load(&figs[i], rows[i][:])
	}
	b.Run("vipcare_figures", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			keep(decideRow(&rows[i&(compareBook-1)]))
			i++
		}
	})
	b.Run("vipcare_load", func(b *testing.B) {
		b.ReportAllocs()
		var row gen.Row
		i := 0
		for b.Loop() {
			load.Load(&figs[i&(compareBook-1)], row[:])
			keep(decideRow(&row))
			i++
		}
	})
	b.Run("vipcare_closures", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			got, err := rules.decideFigures(&figs[i&(compareBook-1)])
			keep(got)
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// bookSize is the number of clients BenchmarkBook decides per op.
const bookSize = 1_000_000

// BenchmarkBook decides a materialised book of 1,000,000 clients per op,
// generated once before the timer starts (about 1.5 GB), serially and on
// 2 goroutines that each take a contiguous half of the book with their
// own scratch figures and share the compiled ladder and rules. The
// decisions go to a slice allocated once; ns/client is ns/op divided by
// the book size.
func BenchmarkBook(b *testing.B) {
	clients := book(seed, bookSize, runtime.GOMAXPROCS(0))
	out := make([]decision, len(clients))
	rules, err := compileVipcare()
	if err != nil {
		b.Fatal(err)
	}
	variants := []struct {
		name string
		new  func() decider
	}{
		{"vipcare", func() decider { return &vipcareDecider{rules: rules} }},
		{"hand", func() decider { return &hand{} }},
	}
	for _, v := range variants {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", v.name, workers), func(b *testing.B) {
				ds := make([]decider, workers)
				for w := range ds {
					ds[w] = v.new()
				}
				for b.Loop() {
					if err := decideBook(clients, out, ds); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(clients)), "ns/client")
			})
		}
	}
}

// decideBook decides every client of clients into out, with one goroutine
// for each decider, each on a contiguous part of the book. It returns the
// first error, if any.
func decideBook(clients []vipcare.Profile, out []decision, ds []decider) error {
	errs := make([]error, len(ds))
	var wg sync.WaitGroup
	per := (len(clients) + len(ds) - 1) / len(ds)
	for w, d := range ds {
		lo, hi := min(w*per, len(clients)), min((w+1)*per, len(clients))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				dec, err := d.decide(&clients[i])
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = dec
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
