package book_test

import (
	"errors"
	"math/big"
	"slices"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

var asOf = testkit.Day(2026, 11, 30)

func valuation() vipcare.Valuation { return testkit.Valuation(asOf) }

// noRate is a currency the test valuations have no rate for.
const noRate = vipcare.Currency("EUR")

// client is a client whose holdings are CNY deposits of the given amounts.
func client(id string, amounts ...string) vipcare.Profile {
	p := vipcare.Profile{ID: id}
	for i, a := range amounts {
		p.Holdings = append(p.Holdings, vipcare.Holding{
			ID: "H" + strconv.Itoa(i), Class: vipcare.Deposits, Amount: testkit.CNY(a),
		})
	}
	return p
}

// smallBook is a small book on the reference ladder: 2 mass, 4 gold (three
// of them below 60,000), 1 platinum, 1 diamond, 2 private banking.
func smallBook() []vipcare.Profile {
	return []vipcare.Profile{
		client("C01", "12.34"),
		client("C02", "20000", "29999.99"), // 49,999.99: mass
		client("C03", "50000"),
		client("C04", "55000.5"),
		client("C05", "59999.99"),
		client("C06", "60000"),
		client("C07", "500000"),
		client("C08", "2000000.0001"),
		client("C09", "6000000"),
		client("C10", "90000000000"),
	}
}

// deepCopy returns a copy of b sharing nothing with it.
func deepCopy(b []vipcare.Profile) []vipcare.Profile {
	out := make([]vipcare.Profile, len(b))
	for i, p := range b {
		out[i] = testkit.Clone(p)
	}
	return out
}

// ladder compiles spec, failing the test on error.
func ladder(t testing.TB, spec tier.LadderSpec) *tier.Ladder {
	t.Helper()
	l, err := spec.Compile(nil)
	require.NoError(t, err)
	return l
}

// reference is the reference ladder.
func reference(t testing.TB) *tier.Ladder { return ladder(t, tier.Reference()) }

// goldAt returns the reference ladder with gold entered at from.
func goldAt(t testing.TB, from int64) *tier.Ladder {
	spec := tier.Reference()
	spec.Rungs[1].From = decimal.NewFromInt(from)
	return ladder(t, spec)
}

// floorAt returns the reference ladder with mass entered at from, so that
// clients below it are in no tier.
func floorAt(t testing.TB, from int64) *tier.Ladder {
	spec := tier.Reference()
	spec.Rungs[0].From = decimal.NewFromInt(from)
	return ladder(t, spec)
}

// clients is the number of clients of m, counted over every cell.
func clients(m book.Matrix) int {
	n := 0
	for _, from := range append([]string{""}, m.From...) {
		for _, to := range append([]string{""}, m.To...) {
			c, _ := m.Cell(from, to)
			n += c
		}
	}
	return n
}

// same is the number of clients of m in the same class on both sides; 0
// when the sides do not have the same classes.
func same(m book.Matrix) int {
	if !slices.Equal(m.From, m.To) {
		return 0
	}
	n := 0
	for _, c := range append([]string{""}, m.From...) {
		k, _ := m.Cell(c, c)
		n += k
	}
	return n
}

type wantRow struct {
	clients int
	aum     string
}

func assertRow(t *testing.T, want wantRow, got book.DistributionRow, what string) {
	t.Helper()
	assert.Equal(t, want.clients, got.Clients, what+": clients")
	assert.True(t, testkit.Dec(want.aum).Equal(got.AUM), "%s: AUM %s, want %s", what, got.AUM, want.aum)
}

func TestDistribute(t *testing.T) {
	tests := []struct {
		name    string
		book    []vipcare.Profile
		ladder  *tier.Ladder
		rows    map[string]wantRow
		none    wantRow
		total   wantRow
		workers int
	}{
		{
			name:   "reference ladder: every client in a tier",
			book:   smallBook(),
			ladder: reference(t),
			rows: map[string]wantRow{
				"mass":            {2, "50012.33"},
				"gold":            {4, "225000.49"},
				"platinum":        {1, "500000"},
				"diamond":         {1, "2000000.0001"},
				"private banking": {2, "90006000000"},
			},
			none:  wantRow{0, "0"},
			total: wantRow{10, "90008775012.8201"},
		},
		{
			name:   "mass from 30,000: clients below are in no tier",
			book:   smallBook(),
			ladder: floorAt(t, 30_000),
			rows: map[string]wantRow{
				"mass":            {1, "49999.99"},
				"gold":            {4, "225000.49"},
				"platinum":        {1, "500000"},
				"diamond":         {1, "2000000.0001"},
				"private banking": {2, "90006000000"},
			},
			none:  wantRow{1, "12.34"},
			total: wantRow{10, "90008775012.8201"},
		},
		{
			name:    "same in parallel, more workers than batches",
			book:    smallBook(),
			ladder:  floorAt(t, 30_000),
			workers: 8,
			rows: map[string]wantRow{
				"mass": {1, "49999.99"}, "gold": {4, "225000.49"}, "platinum": {1, "500000"},
				"diamond": {1, "2000000.0001"}, "private banking": {2, "90006000000"},
			},
			none:  wantRow{1, "12.34"},
			total: wantRow{10, "90008775012.8201"},
		},
		{
			name:   "empty book: every class listed, all zero",
			book:   []vipcare.Profile{},
			ladder: reference(t),
			rows: map[string]wantRow{
				"mass": {0, "0"}, "gold": {0, "0"}, "platinum": {0, "0"}, "diamond": {0, "0"}, "private banking": {0, "0"},
			},
			none:  wantRow{0, "0"},
			total: wantRow{0, "0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := deepCopy(tt.book)
			o := book.Options{Workers: tt.workers}
			d, err := book.Distribute(slices.Values(tt.book), valuation(), tt.ladder, o)
			require.NoError(t, err)
			assert.Equal(t, vipcare.CNY, d.Currency)
			assert.Equal(t, tt.ladder.Classes(), classesOf(d), "rows in ladder order")
			for _, r := range d.Rows {
				assertRow(t, tt.rows[r.Class], r, r.Class)
			}
			assertRow(t, tt.none, d.None, "none")
			assertRow(t, tt.total, d.Total, "total")
			assert.Empty(t, d.None.Class, "the row of clients in no class has no class")
			assert.Empty(t, d.Total.Class)

			again, err := book.Distribute(slices.Values(tt.book), valuation(), tt.ladder, o)
			require.NoError(t, err)
			assert.Equal(t, d, again, "same answer twice")
			assert.Equal(t, before, tt.book, "book unchanged")
		})
	}
}

func classesOf(d book.Distribution) []string {
	var out []string
	for _, r := range d.Rows {
		out = append(out, r.Class)
	}
	return out
}

func TestDistributeNilBookIsEmpty(t *testing.T) {
	for _, workers := range []int{0, 3} {
		d, err := book.Distribute(nil, valuation(), reference(t), book.Options{Workers: workers})
		require.NoError(t, err)
		assert.Len(t, d.Rows, 5)
		assert.Zero(t, d.Total.Clients)
		assert.True(t, d.Total.AUM.IsZero())
	}
}

// AUM totals are exact beyond int64: ten clients of 9e18 ten-thousandths.
func TestDistributeTotalsBeyondInt64(t *testing.T) {
	const huge = "99999999999999.9999" // the largest amount one holding may have
	amounts := slices.Repeat([]string{huge}, 9)
	b := slices.Repeat([]vipcare.Profile{client("C", amounts...)}, 10)
	for _, workers := range []int{1, 3} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			d, err := book.Distribute(slices.Values(b), valuation(), reference(t), book.Options{Workers: workers})
			require.NoError(t, err)
			want := testkit.Dec(huge).Mul(decimal.NewFromInt(90))
			assert.True(t, want.Equal(d.Total.AUM), "total %s, want %s", d.Total.AUM, want)
			assert.True(t, want.Equal(d.Rows[4].AUM))
			assert.Equal(t, 10, d.Rows[4].Clients)
			assert.Positive(t, new(big.Int).Sub(d.Total.AUM.Shift(4).BigInt(), new(big.Int).SetUint64(1<<63)).Sign(), "beyond int64")
		})
	}
}

func TestDistributionString(t *testing.T) {
	b := smallBook()[:9] // without the 90 billion client
	d, err := book.Distribute(slices.Values(b), valuation(), floorAt(t, 30_000), book.Options{})
	require.NoError(t, err)
	want := `class            clients   share  AUM (CNY)   share
mass                   1   11.1%     50,000    0.6%
gold                   4   44.4%    225,000    2.6%
platinum               1   11.1%    500,000    5.7%
diamond                1   11.1%  2,000,000   22.8%
private banking        1   11.1%  6,000,000   68.4%
(none)                 1   11.1%         12    0.0%
total                  9  100.0%  8,775,013  100.0%
`
	assert.Equal(t, want, d.String())

	empty, err := book.Distribute(nil, valuation(), reference(t), book.Options{})
	require.NoError(t, err)
	assert.Equal(t, `class            clients  share  AUM (CNY)  share
mass                   0      -          0      -
gold                   0      -          0      -
platinum               0      -          0      -
diamond                0      -          0      -
private banking        0      -          0      -
total                  0      -          0      -
`, empty.String())
	assert.NotContains(t, empty.String(), "(none)")
}

func TestWhatIfRaiseGold(t *testing.T) {
	current, proposed := reference(t), goldAt(t, 60_000)
	tests := []struct {
		name    string
		workers int
	}{
		{"serial", 0},
		{"parallel", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := smallBook()
			before := deepCopy(b)
			m, err := book.WhatIf(slices.Values(b), valuation(), current, proposed, book.Options{Workers: tt.workers})
			require.NoError(t, err)

			// Exactly the clients from 50,000 to 59,999.99 move from gold to mass.
			moves := m.Moves()
			require.Len(t, moves, 1)
			assert.Equal(t, "gold", moves[0].From)
			assert.Equal(t, "mass", moves[0].To)
			assert.Equal(t, 3, moves[0].Clients)
			assert.True(t, testkit.Dec("165000.49").Equal(moves[0].AUM), "AUM of the movers: %s", moves[0].AUM)
			assert.False(t, moves[0].Up)
			assert.Equal(t, m.From, m.To, "the same classes on both sides")
			assert.Equal(t, 0, m.Up())
			assert.Equal(t, 3, m.Down())
			assert.Equal(t, 7, same(m))
			assert.Equal(t, 10, clients(m))

			n, aum := m.Cell("gold", "gold")
			assert.Equal(t, 1, n, "only the 60,000 client stays gold")
			assert.True(t, testkit.Dec("60000").Equal(aum))
			n, _ = m.Cell("mass", "mass")
			assert.Equal(t, 2, n)
			n, aum = m.Cell("nonexistent", "mass")
			assert.Zero(t, n)
			assert.True(t, aum.IsZero())
			n, _ = m.Cell("", "")
			assert.Zero(t, n)

			assert.Equal(t, current.Classes(), m.From)
			assert.Equal(t, proposed.Classes(), m.To)
			assert.Equal(t, before, b, "book unchanged")
		})
	}
}

// Two ladders whose tiers have the same ranks in order are the same tiers,
// renamed: WhatIf pairs them by rank, as playbook.Diff does.
func TestWhatIfRenamedTiers(t *testing.T) {
	chinese := []string{"普通", "金卡", "白金", "钻石", "私行"}
	renamed := func(goldFrom int64) *tier.Ladder {
		spec := tier.Reference()
		for i := range spec.Rungs {
			spec.Rungs[i].Tier.Name = chinese[i]
		}
		spec.Rungs[1].From = decimal.NewFromInt(goldFrom)
		return policy.Must(spec.Compile(nil))
	}
	b := smallBook()
	m, err := book.WhatIf(slices.Values(b), valuation(), reference(t), renamed(50_000), book.Options{})
	require.NoError(t, err)
	assert.Equal(t, chinese, m.To)
	assert.Empty(t, m.Moves())
	assert.Zero(t, m.Up()+m.Down())
	n, _ := m.Cell("gold", "金卡")
	assert.Equal(t, 4, n, "gold is 金卡")

	m, err = book.WhatIf(slices.Values(b), valuation(), reference(t), renamed(60_000), book.Options{})
	require.NoError(t, err)
	moves := m.Moves()
	require.Len(t, moves, 1)
	assert.Equal(t, book.Move{From: "gold", To: "普通", Clients: 3, AUM: moves[0].AUM}, moves[0])
	assert.Equal(t, 3, m.Down())

	other := tier.Reference()
	other.Rungs[0].Tier = tier.Tier{Name: "普通", Rank: 5} // another tier: no pairing
	m, err = book.WhatIf(slices.Values(b), valuation(), reference(t), policy.Must(other.Compile(nil)), book.Options{})
	require.NoError(t, err)
	assert.Nil(t, m.Moves(), "no order between different tiers")
	n, _ = m.Cell("mass", "普通")
	assert.Equal(t, 2, n)
}

func TestWhatIfIdenticalPoliciesMoveNobody(t *testing.T) {
	l := reference(t)
	m, err := book.WhatIf(slices.Values(smallBook()), valuation(), l, l, book.Options{})
	require.NoError(t, err)
	assert.Empty(t, m.Moves())
	assert.Equal(t, 10, same(m))
	assert.Zero(t, m.Up()+m.Down())
}

// lastBalance is a measure independent of the package's own: the client's
// last daily balance on or before the as-of date.
var lastBalance = tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) {
	var a vipcare.Amount
	for _, d := range f.Profile.DailyBalances {
		if d.Date.After(f.AsOf) {
			break
		}
		var err error
		if a, err = f.Convert(d.Balance); err != nil {
			return 0, err
		}
	}
	return a, nil
})

// balances returns a client with the given end-of-May and end-of-June
// balances.
func balances(id, may, june string) vipcare.Profile {
	return vipcare.Profile{ID: id, DailyBalances: []vipcare.DailyBalance{
		{Date: testkit.Day(2026, 5, 31), Balance: testkit.CNY(may)},
		{Date: testkit.Day(2026, 6, 30), Balance: testkit.CNY(june)},
	}}
}

// Migration between two periods: one ladder, two valuations.
func TestCompareMigration(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[0].From = decimal.NewFromInt(10_000) // below: no tier
	spec.Measure = "last_balance"
	env := policy.Must(policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("last_balance", lastBalance)))
	l, err := spec.Compile(env)
	require.NoError(t, err)
	may, june := testkit.Valuation(testkit.Day(2026, 5, 31)), testkit.Valuation(testkit.Day(2026, 6, 30))
	b := []vipcare.Profile{
		balances("A", "5000", "20000"),      // none -> mass
		balances("B", "40000", "70000"),     // mass -> gold
		balances("C", "70000", "45000"),     // gold -> mass
		balances("D", "600000", "450000"),   // platinum -> gold
		balances("E", "2500000", "2600000"), // diamond stays
		balances("F", "80000", "90000"),     // gold stays
		balances("G", "3000000", "7000000"), // diamond -> private banking
		balances("H", "15000", "9000"),      // mass -> none
		balances("I", "81000", "99000"),     // gold stays
	}
	for _, workers := range []int{0, 2} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			m, err := book.Compare(slices.Values(b),
				book.Side{Valuation: may, Classifier: l},
				book.Side{Valuation: june, Classifier: l},
				book.Options{Workers: workers})
			require.NoError(t, err)
			type move struct {
				from, to string
				clients  int
				up       bool
			}
			var got []move
			for _, mv := range m.Moves() {
				got = append(got, move{mv.From, mv.To, mv.Clients, mv.Up})
				assert.True(t, mv.AUM.IsZero(), "no holdings, so no AUM")
			}
			assert.Equal(t, []move{
				{"", "mass", 1, true},
				{"mass", "", 1, false},
				{"mass", "gold", 1, true},
				{"gold", "mass", 1, false},
				{"platinum", "gold", 1, false},
				{"diamond", "private banking", 1, true},
			}, got, "in from order then to order, none first")
			assert.Equal(t, 3, m.Up())
			assert.Equal(t, 3, m.Down())
			assert.Equal(t, 3, same(m))
			n, _ := m.Cell("gold", "gold")
			assert.Equal(t, 2, n)

			want := `from \ to        (none)  mass  gold  platinum  diamond  private banking  total
(none)                0     1     0         0        0                0      1
mass                  1     0     1         0        0                0      2
gold                  0     1     2         0        0                0      3
platinum              0     0     1         0        0                0      1
diamond               0     0     0         0        1                1      2
private banking       0     0     0         0        0                0      0
total                 1     2     4         0        1                1      9
`
			assert.Equal(t, want, m.String())
		})
	}
}

// byOwnership is a bank's own classifier: entrepreneurs and salaried
// clients; a client with no holdings at all is in neither.
type byOwnership struct{}

func (byOwnership) Classes() []string { return []string{"salaried", "entrepreneur"} }

func (byOwnership) Classify(f *vipcare.Figures) (int, error) {
	switch {
	case len(f.Profile.Holdings) == 0:
		return -1, nil
	case f.Profile.Entrepreneur:
		return 1, nil
	}
	return 0, nil
}

// A cross tab: tier by a classifier with other classes.
func TestCompareCrossTab(t *testing.T) {
	b := smallBook()
	for _, i := range []int{2, 6, 9} {
		b[i].Entrepreneur = true
	}
	b = append(b, vipcare.Profile{ID: "C11"}) // no holdings: mass, no segment
	m, err := book.Compare(slices.Values(b),
		book.Side{Valuation: valuation(), Classifier: reference(t)},
		book.Side{Valuation: valuation(), Classifier: byOwnership{}},
		book.Options{})
	require.NoError(t, err)

	assert.NotEqual(t, m.From, m.To)
	assert.Nil(t, m.Moves(), "moves have no meaning across different classes")
	assert.Zero(t, m.Up()+m.Down())
	assert.Equal(t, 11, clients(m))
	tests := []struct {
		name     string
		from, to string
		clients  int
		aum      string
	}{
		{"salaried mass", "mass", "salaried", 2, "50012.33"},
		{"mass in no segment", "mass", "", 1, "0"},
		{"entrepreneur gold", "gold", "entrepreneur", 1, "50000"},
		{"salaried gold", "gold", "salaried", 3, "175000.49"},
		{"entrepreneur platinum", "platinum", "entrepreneur", 1, "500000"},
		{"entrepreneur private banking", "private banking", "entrepreneur", 1, "90000000000"},
		{"salaried private banking", "private banking", "salaried", 1, "6000000"},
		{"nobody in no tier", "", "salaried", 0, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, aum := m.Cell(tt.from, tt.to)
			assert.Equal(t, tt.clients, n)
			assert.True(t, testkit.Dec(tt.aum).Equal(aum), "AUM %s, want %s", aum, tt.aum)
		})
	}
	want := `from \ to        (none)  salaried  entrepreneur  total
mass                  1         2             0      3
gold                  0         3             1      4
platinum              0         0             1      1
diamond               0         1             0      1
private banking       0         1             1      2
total                 1         7             3     11
`
	assert.Equal(t, want, m.String())
}

// Parallel reports equal serial ones on a 20,000-client sample book.
func TestReportParallelSameAsSerial(t *testing.T) {
	n := 20_000
	if testing.Short() {
		n = 3_000
	}
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	slice := slices.Collect(sample.Seq(o, n)) // generated once: the reports are what is tested
	b := slices.Values(slice)
	current, proposed := reference(t), goldAt(t, 60_000)
	wantD, err := book.Distribute(b, v, current, book.Options{})
	require.NoError(t, err)
	require.Equal(t, n, wantD.Total.Clients)
	streamed, err := book.Distribute(sample.Seq(o, n), v, current, book.Options{Workers: 2})
	require.NoError(t, err)
	require.Equal(t, wantD, streamed, "the book streamed by sample.Seq gives the same report")
	wantM, err := book.WhatIf(b, v, current, proposed, book.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, wantM.Moves(), "the sample book has clients between 50,000 and 60,000")
	wantC, err := book.Compare(b, book.Side{Valuation: v, Classifier: current},
		book.Side{Valuation: sample.Valuation(sample.Options{Seed: 3, AsOf: testkit.Day(2026, 12, 31)}), Classifier: proposed},
		book.Options{})
	require.NoError(t, err)
	for _, workers := range []int{1, 2, 4, 7} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			o := book.Options{Workers: workers}
			d, err := book.Distribute(b, v, current, o)
			require.NoError(t, err)
			assert.Equal(t, wantD, d)
			assert.Equal(t, wantD.String(), d.String())
			m, err := book.WhatIf(b, v, current, proposed, o)
			require.NoError(t, err)
			assert.Equal(t, wantM, m)
			assert.Equal(t, wantM.Moves(), m.Moves())
			assert.Equal(t, wantM.String(), m.String())
			c, err := book.Compare(b, book.Side{Valuation: v, Classifier: current},
				book.Side{Valuation: sample.Valuation(sample.Options{Seed: 3, AsOf: testkit.Day(2026, 12, 31)}), Classifier: proposed}, o)
			require.NoError(t, err)
			assert.Equal(t, wantC, c, "two valuations")
		})
	}
}

// failing is a classifier that fails for clients whose ID is in fail, with
// an error that names nothing about them.
type failing struct {
	fail  map[string]bool
	index int // returned for clients not in fail
}

var errFailing = errors.New("classification failed")

func (failing) Classes() []string { return []string{"a", "b"} }

func (c failing) Classify(f *vipcare.Figures) (int, error) {
	if c.fail[f.Profile.ID] {
		return -1, errFailing
	}
	return c.index, nil
}

// classList is a classifier with the given class names that puts everyone
// in the first.
type classList []string

func (c classList) Classes() []string                    { return c }
func (classList) Classify(*vipcare.Figures) (int, error) { return 0, nil }

// inUSD returns a valuation in USD, so that a CNY ladder refuses it.
func inUSD(t *testing.T) vipcare.Valuation {
	rates, err := vipcare.NewRates(vipcare.USD, map[vipcare.Currency]decimal.Decimal{vipcare.CNY: testkit.Dec("0.14")})
	require.NoError(t, err)
	return vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD, Rates: rates}
}

func TestReportErrors(t *testing.T) {
	type want = testkit.Want
	l := reference(t)
	const secretID = "SECRET-4711"
	noRateBook := smallBook()
	noRateBook[3] = client(secretID, "123456.78")
	noRateBook[3].Holdings[0].Amount.Currency = noRate
	noRateBook[7].Holdings[0].Amount.Currency = noRate // a later failure

	large := slices.Collect(sample.Seq(sample.Options{Seed: 5}, 2000))
	large[700].ID, large[1500].ID = secretID, secretID

	tests := []struct {
		name string
		book []vipcare.Profile
		v    vipcare.Valuation
		c    book.Classifier
		want want
	}{
		{"figures fail: no rate", noRateBook, valuation(), l,
			want{Path: "/book/3/holdings/0/amount", Err: vipcare.ErrNoRate}},
		{"classifier fails: valuation in another currency", smallBook(), inUSD(t), l,
			want{Path: "/book/0/figures/currency", Name: "USD", Err: vipcare.ErrCurrency}},
		{"classifier fails on two clients: the first is named", large, sample.Valuation(sample.Options{Seed: 5}),
			failing{fail: map[string]bool{secretID: true}}, want{Path: "/book/700", Err: errFailing}},
		{"class index out of range", smallBook(), valuation(), failing{index: 2},
			want{Path: "/book/0", Err: policy.ErrOutOfRange}},
		{"class index below -1", smallBook(), valuation(), failing{index: -2},
			want{Path: "/book/0", Err: policy.ErrOutOfRange}},
		{"nil classifier", smallBook(), valuation(), nil, want{Path: "/classifier", Err: policy.ErrMissing}},
		{"repeated class name", smallBook(), valuation(), classList{"a", "b", "a"},
			want{Path: "/classifier/classes/2", Name: "a", Err: policy.ErrDuplicate}},
		{"empty class name", smallBook(), valuation(), classList{"a", ""},
			want{Path: "/classifier/classes/1", Err: policy.ErrMissing}},
	}
	for _, tt := range tests {
		for _, workers := range []int{0, 2, 4} {
			t.Run(tt.name+"/workers "+strconv.Itoa(workers), func(t *testing.T) {
				before := deepCopy(tt.book)
				o := book.Options{Workers: workers}
				d, err := book.Distribute(slices.Values(tt.book), tt.v, tt.c, o)
				checkReportError(t, err, tt.want, secretID)
				assert.Equal(t, book.Distribution{}, d, "no partial report")

				// Compare names the same client, whichever side fails, and
				// the classifier by its side.
				m, err := book.Compare(slices.Values(tt.book), book.Side{Valuation: tt.v, Classifier: tt.c},
					book.Side{Valuation: tt.v, Classifier: l}, o)
				checkReportError(t, err, onSide("/from", tt.want), secretID)
				assert.Equal(t, book.Matrix{}, m, "no partial report")
				_, err = book.Compare(slices.Values(tt.book), book.Side{Valuation: tt.v, Classifier: l},
					book.Side{Valuation: tt.v, Classifier: tt.c}, o)
				checkReportError(t, err, onSide("/to", tt.want), secretID)
				_, err = book.WhatIf(slices.Values(tt.book), tt.v, tt.c, l, o)
				checkReportError(t, err, onSide("/from", tt.want), secretID)
				assert.Equal(t, before, tt.book, "book unchanged")
			})
		}
	}
}

// onSide returns the problem of a Compare: clients are located the same,
// the classifier under its side.
func onSide(side string, w testkit.Want) testkit.Want {
	if len(w.Path) < 6 || w.Path[:6] != "/book/" {
		w.Path = side + w.Path
	}
	return w
}

func checkReportError(t *testing.T, err error, want testkit.Want, secret string) {
	t.Helper()
	testkit.CheckProblems(t, err, want)
	assert.NotContains(t, err.Error(), secret, "never the client's ID")
	assert.NotContains(t, err.Error(), "123456", "never the client's amounts")
}

// A failure stops the report: the rest of the book is not read.
func TestReportStopsAtFirstError(t *testing.T) {
	b := smallBook()
	b[2].Holdings[0].Amount.Currency = noRate
	read := 0
	seq := func(yield func(vipcare.Profile) bool) {
		for _, p := range b {
			read++
			if !yield(p) {
				return
			}
		}
	}
	_, err := book.Distribute(seq, valuation(), reference(t), book.Options{})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/book/2/holdings/0/amount", Err: vipcare.ErrNoRate})
	assert.Equal(t, 3, read)
}

type panicky struct{}

func (panicky) Classes() []string                      { return []string{"a"} }
func (panicky) Classify(*vipcare.Figures) (int, error) { panic("classifier bug") }

// A panic in a worker reaches the caller, as it would serially, and so
// does a panic of the book itself.
func TestReportPanicsReachCaller(t *testing.T) {
	o := sample.Options{}
	b := slices.Collect(sample.Seq(o, 1000))
	for _, workers := range []int{0, 3} {
		opts := book.Options{Workers: workers}
		assert.PanicsWithValue(t, "classifier bug", func() {
			_, _ = book.Distribute(slices.Values(b), sample.Valuation(o), panicky{}, opts)
		}, "workers %d", workers)
		assert.PanicsWithValue(t, "classifier bug", func() {
			_, _ = book.Compare(slices.Values(b), book.Side{Valuation: sample.Valuation(o), Classifier: reference(t)},
				book.Side{Valuation: sample.Valuation(o), Classifier: panicky{}}, opts)
		}, "workers %d", workers)
		assert.PanicsWithValue(t, "book bug", func() {
			seq := func(yield func(vipcare.Profile) bool) {
				for i, p := range b {
					if i == 600 {
						panic("book bug")
					}
					if !yield(p) {
						return
					}
				}
			}
			_, _ = book.Distribute(seq, sample.Valuation(o), reference(t), opts)
		}, "workers %d", workers)
	}
}

// Reports can be computed concurrently from one ladder and one book.
func TestReportConcurrentUse(t *testing.T) {
	o := sample.Options{Seed: 9}
	b := slices.Collect(sample.Seq(o, 2000))
	v := sample.Valuation(o)
	l := reference(t)
	want, err := book.Distribute(slices.Values(b), v, l, book.Options{})
	require.NoError(t, err)
	done := make(chan book.Distribution)
	for w := range 4 {
		go func() {
			d, err := book.Distribute(slices.Values(b), v, l, book.Options{Workers: w})
			assert.NoError(t, err)
			done <- d
		}()
	}
	for range 4 {
		assert.Equal(t, want, <-done)
	}
}

// A client whose figures fail only under the to side's valuation is named
// too.
func TestCompareToSideFiguresFail(t *testing.T) {
	b := smallBook()
	b[4].Holdings[0].Amount = testkit.USD("100")
	withRates := valuation()
	withoutRates := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	l := reference(t)
	for _, workers := range []int{0, 2} {
		_, err := book.Compare(slices.Values(b), book.Side{Valuation: withRates, Classifier: l},
			book.Side{Valuation: withoutRates, Classifier: l}, book.Options{Workers: workers})
		checkReportError(t, err, testkit.Want{Path: "/book/4/holdings/0/amount", Err: vipcare.ErrNoRate}, "C05")
	}
}

func TestZeroMatrix(t *testing.T) {
	var m book.Matrix
	assert.Empty(t, m.String())
	assert.Zero(t, clients(m))
	assert.Empty(t, m.Moves())
	assert.Zero(t, m.Up()+m.Down()+same(m))
	n, aum := m.Cell("", "")
	assert.Zero(t, n)
	assert.True(t, aum.IsZero())
}

// A matrix whose class names were changed after Compare reads as empty,
// never out of range.
func TestMatrixWithChangedNames(t *testing.T) {
	l := reference(t)
	m, err := book.WhatIf(slices.Values(smallBook()), valuation(), l, l, book.Options{})
	require.NoError(t, err)
	m.From = append(m.From, "extra")
	m.To = append(m.To, "extra")
	assert.NotPanics(t, func() {
		n, _ := m.Cell("extra", "extra")
		assert.Zero(t, n)
		assert.Empty(t, m.Moves())
		assert.Zero(t, m.Up()+m.Down())
		assert.Empty(t, m.String())
	})
}
