package tier_test

import (
	"errors"
	"iter"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// reportClient is a client whose holdings are CNY deposits of the given
// amounts.
func reportClient(id string, amounts ...string) vipcare.Profile {
	p := vipcare.Profile{ID: id}
	for i, a := range amounts {
		p.Holdings = append(p.Holdings, vipcare.Holding{
			ID: "H" + strconv.Itoa(i), Class: vipcare.Deposits, Amount: vipcare.MustMoney(a, vipcare.CNY),
		})
	}
	return p
}

// reportBook is a small book on the reference ladder: 2 mass, 4 gold (three
// of them below 60,000), 1 platinum, 1 diamond, 2 private banking.
func reportBook() []vipcare.Profile {
	return []vipcare.Profile{
		reportClient("C01", "12.34"),
		reportClient("C02", "20000", "29999.99"), // 49,999.99: mass
		reportClient("C03", "50000"),
		reportClient("C04", "55000.5"),
		reportClient("C05", "59999.99"),
		reportClient("C06", "60000"),
		reportClient("C07", "500000"),
		reportClient("C08", "2000000.0001"),
		reportClient("C09", "6000000"),
		reportClient("C10", "90000000000"),
	}
}

// values adapts a sequence of index and profile, such as sample.Profiles,
// to the sequence of profiles book reports take.
func values(seq iter.Seq2[int, vipcare.Profile]) iter.Seq[vipcare.Profile] {
	return func(yield func(vipcare.Profile) bool) {
		for _, p := range seq {
			if !yield(p) {
				return
			}
		}
	}
}

// deepCopy returns a copy of book sharing nothing with it.
func deepCopy(book []vipcare.Profile) []vipcare.Profile {
	out := make([]vipcare.Profile, len(book))
	for i, p := range book {
		p.Holdings = slices.Clone(p.Holdings)
		p.Liabilities = slices.Clone(p.Liabilities)
		p.Corporates = slices.Clone(p.Corporates)
		p.Events = slices.Clone(p.Events)
		p.Balances.Daily = slices.Clone(p.Balances.Daily)
		p.Balances.Averages = slices.Clone(p.Balances.Averages)
		out[i] = p
	}
	return out
}

// goldAt returns the reference ladder with gold entered at from.
func goldAt(from int64) *tier.Ladder {
	spec := tier.ReferenceLadder()
	spec.Rungs[1].From = decimal.NewFromInt(from)
	return tier.MustLadder(spec)
}

// floorAt returns the reference ladder with mass entered at from, so that
// clients below it are in no tier.
func floorAt(from int64) *tier.Ladder {
	spec := tier.ReferenceLadder()
	spec.Rungs[0].From = decimal.NewFromInt(from)
	return tier.MustLadder(spec)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type wantRow struct {
	clients int
	aum     string
}

func assertRow(t *testing.T, want wantRow, got tier.DistributionRow, what string) {
	t.Helper()
	assert.Equal(t, want.clients, got.Clients, what+": clients")
	assert.True(t, dec(want.aum).Equal(got.AUM), "%s: AUM %s, want %s", what, got.AUM, want.aum)
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
			book:   reportBook(),
			ladder: tier.MustLadder(tier.ReferenceLadder()),
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
			book:   reportBook(),
			ladder: floorAt(30_000),
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
			book:    reportBook(),
			ladder:  floorAt(30_000),
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
			ladder: tier.MustLadder(tier.ReferenceLadder()),
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
			d, err := tier.Distribute(slices.Values(tt.book), valuation(), tt.ladder, tier.ReportOptions{Workers: tt.workers})
			require.NoError(t, err)
			assert.Equal(t, vipcare.CNY, d.Currency)
			assert.Equal(t, tt.ladder.Classes(), classesOf(d), "rows in ladder order")
			for _, r := range d.Rows {
				assertRow(t, tt.rows[r.Class], r, r.Class)
			}
			assertRow(t, tt.none, d.None, "none")
			assertRow(t, tt.total, d.Total, "total")
			assert.Equal(t, tier.NoClass, d.None.Class)

			again, err := tier.Distribute(slices.Values(tt.book), valuation(), tt.ladder, tier.ReportOptions{Workers: tt.workers})
			require.NoError(t, err)
			assert.Equal(t, d, again, "same answer twice")
			assert.Equal(t, before, tt.book, "book unchanged")
		})
	}
}

func classesOf(d tier.Distribution) []string {
	var out []string
	for _, r := range d.Rows {
		out = append(out, r.Class)
	}
	return out
}

func TestDistributeNilBookIsEmpty(t *testing.T) {
	d, err := tier.Distribute(nil, valuation(), tier.MustLadder(tier.ReferenceLadder()), tier.ReportOptions{})
	require.NoError(t, err)
	assert.Len(t, d.Rows, 5)
	assert.Zero(t, d.Total.Clients)
	assert.True(t, d.Total.AUM.IsZero())
}

// AUM totals are exact beyond int64: ten clients of 9e18 ten-thousandths.
func TestDistributeTotalsBeyondInt64(t *testing.T) {
	const huge = "99999999999999.9999" // the largest amount one holding may have
	amounts := slices.Repeat([]string{huge}, 9)
	book := slices.Repeat([]vipcare.Profile{reportClient("C", amounts...)}, 10)
	for _, workers := range []int{1, 3} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			d, err := tier.Distribute(slices.Values(book), valuation(), tier.MustLadder(tier.ReferenceLadder()), tier.ReportOptions{Workers: workers})
			require.NoError(t, err)
			want := dec(huge).Mul(decimal.NewFromInt(90))
			assert.True(t, want.Equal(d.Total.AUM), "total %s, want %s", d.Total.AUM, want)
			assert.True(t, want.Equal(d.Rows[4].AUM))
			assert.Equal(t, 10, d.Rows[4].Clients)
			assert.Positive(t, new(big.Int).Sub(d.Total.AUM.Shift(4).BigInt(), new(big.Int).SetUint64(1<<63)).Sign(), "beyond int64")
		})
	}
}

func TestDistributionString(t *testing.T) {
	book := reportBook()[:9] // without the 90 billion client
	d, err := tier.Distribute(slices.Values(book), valuation(), floorAt(30_000), tier.ReportOptions{})
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

	empty, err := tier.Distribute(nil, valuation(), tier.MustLadder(tier.ReferenceLadder()), tier.ReportOptions{})
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
	current, proposed := tier.MustLadder(tier.ReferenceLadder()), goldAt(60_000)
	tests := []struct {
		name    string
		workers int
	}{
		{"serial", 0},
		{"parallel", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := reportBook()
			before := deepCopy(book)
			m, err := tier.WhatIf(slices.Values(book), valuation(), current, proposed, tier.ReportOptions{Workers: tt.workers})
			require.NoError(t, err)

			// Exactly the clients from 50,000 to 59,999.99 move from gold to mass.
			moves := m.Moves()
			require.Len(t, moves, 1)
			assert.Equal(t, "gold", moves[0].From)
			assert.Equal(t, "mass", moves[0].To)
			assert.Equal(t, 3, moves[0].Clients)
			assert.True(t, dec("165000.49").Equal(moves[0].AUM), "AUM of the movers: %s", moves[0].AUM)
			assert.False(t, moves[0].Up)
			assert.True(t, m.HasSameClasses())
			assert.Equal(t, 0, m.Up())
			assert.Equal(t, 3, m.Down())
			assert.Equal(t, 7, m.Same())
			assert.Equal(t, 10, m.Clients())

			n, aum := m.Cell("gold", "gold")
			assert.Equal(t, 1, n, "only the 60,000 client stays gold")
			assert.True(t, dec("60000").Equal(aum))
			n, _ = m.Cell("mass", "mass")
			assert.Equal(t, 2, n)
			n, aum = m.Cell("nonexistent", "mass")
			assert.Zero(t, n)
			assert.True(t, aum.IsZero())
			n, _ = m.Cell(tier.NoClass, tier.NoClass)
			assert.Zero(t, n)

			assert.Equal(t, current.Classes(), m.FromClasses())
			assert.Equal(t, proposed.Classes(), m.ToClasses())
			assert.Equal(t, before, book, "book unchanged")
		})
	}
}

func TestWhatIfIdenticalPoliciesMoveNobody(t *testing.T) {
	l := tier.MustLadder(tier.ReferenceLadder())
	m, err := tier.WhatIf(slices.Values(reportBook()), valuation(), l, l, tier.ReportOptions{})
	require.NoError(t, err)
	assert.Empty(t, m.Moves())
	assert.Equal(t, 10, m.Same())
	assert.Zero(t, m.Up()+m.Down())
}

// lastBalance is a measure independent of the package's own: the client's
// last daily balance on or before the as-of date.
var lastBalance = tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) {
	var a vipcare.Amount
	for _, d := range f.Profile.Balances.Daily {
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
	p := vipcare.Profile{ID: id}
	p.Balances.Daily = []vipcare.DailyBalance{
		{Date: time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), Balance: vipcare.MustMoney(may, vipcare.CNY)},
		{Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Balance: vipcare.MustMoney(june, vipcare.CNY)},
	}
	return p
}

// Migration between two periods: one ladder, two valuations.
func TestCompareMigration(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[0].From = decimal.NewFromInt(10_000) // below: no tier
	spec.Measure = lastBalance
	ladder := tier.MustLadder(spec)
	may := vipcare.Valuation{AsOf: time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	june := vipcare.Valuation{AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	book := []vipcare.Profile{
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
			m, err := tier.Compare(slices.Values(book),
				tier.Side{Valuation: may, Classifier: ladder},
				tier.Side{Valuation: june, Classifier: ladder},
				tier.ReportOptions{Workers: workers})
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
				{tier.NoClass, "mass", 1, true},
				{"mass", tier.NoClass, 1, false},
				{"mass", "gold", 1, true},
				{"gold", "mass", 1, false},
				{"platinum", "gold", 1, false},
				{"diamond", "private banking", 1, true},
			}, got, "in from order then to order, none first")
			assert.Equal(t, 3, m.Up())
			assert.Equal(t, 3, m.Down())
			assert.Equal(t, 3, m.Same())
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
	book := reportBook()
	for _, i := range []int{2, 6, 9} {
		book[i].Entrepreneur = true
	}
	book = append(book, vipcare.Profile{ID: "C11"}) // no holdings: mass, no segment
	ladder := tier.MustLadder(tier.ReferenceLadder())
	m, err := tier.Compare(slices.Values(book),
		tier.Side{Valuation: valuation(), Classifier: ladder},
		tier.Side{Valuation: valuation(), Classifier: byOwnership{}},
		tier.ReportOptions{})
	require.NoError(t, err)

	assert.False(t, m.HasSameClasses())
	assert.Nil(t, m.Moves(), "moves have no meaning across different classes")
	assert.Zero(t, m.Up()+m.Down()+m.Same())
	assert.Equal(t, 11, m.Clients())
	tests := []struct {
		name     string
		from, to string
		clients  int
		aum      string
	}{
		{"salaried mass", "mass", "salaried", 2, "50012.33"},
		{"mass in no segment", "mass", tier.NoClass, 1, "0"},
		{"entrepreneur gold", "gold", "entrepreneur", 1, "50000"},
		{"salaried gold", "gold", "salaried", 3, "175000.49"},
		{"entrepreneur platinum", "platinum", "entrepreneur", 1, "500000"},
		{"entrepreneur private banking", "private banking", "entrepreneur", 1, "90000000000"},
		{"salaried private banking", "private banking", "salaried", 1, "6000000"},
		{"nobody in no tier", tier.NoClass, "salaried", 0, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, aum := m.Cell(tt.from, tt.to)
			assert.Equal(t, tt.clients, n)
			assert.True(t, dec(tt.aum).Equal(aum), "AUM %s, want %s", aum, tt.aum)
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
	slice := sample.Book(o, n) // generated once: the reports are what is tested
	book := slices.Values(slice)
	current, proposed := tier.MustLadder(tier.ReferenceLadder()), goldAt(60_000)
	wantD, err := tier.Distribute(book, v, current, tier.ReportOptions{})
	require.NoError(t, err)
	require.Equal(t, n, wantD.Total.Clients)
	fromSeq2, err := tier.Distribute(values(sample.Profiles(o, n)), v, current, tier.ReportOptions{Workers: 2})
	require.NoError(t, err)
	require.Equal(t, wantD, fromSeq2, "sample.Profiles adapted gives the same book")
	wantM, err := tier.WhatIf(book, v, current, proposed, tier.ReportOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, wantM.Moves(), "the sample book has clients between 50,000 and 60,000")
	for _, workers := range []int{1, 2, 4, 7} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			d, err := tier.Distribute(book, v, current, tier.ReportOptions{Workers: workers})
			require.NoError(t, err)
			assert.Equal(t, wantD, d)
			assert.Equal(t, wantD.String(), d.String())
			m, err := tier.WhatIf(book, v, current, proposed, tier.ReportOptions{Workers: workers})
			require.NoError(t, err)
			assert.Equal(t, wantM, m)
			assert.Equal(t, wantM.Moves(), m.Moves())
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

func TestReportErrors(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	const secretID = "SECRET-4711"
	noRate := reportBook()
	noRate[3] = reportClient(secretID, "123456.78")
	noRate[3].Holdings[0].Amount.Currency = vipcare.USD // no rate to CNY
	noRate[7].Holdings[0].Amount.Currency = vipcare.USD // a later failure

	large := sample.Book(sample.Options{Seed: 5}, 2000)
	large[700].ID, large[1500].ID = secretID, secretID

	tests := []struct {
		name     string
		book     []vipcare.Profile
		v        vipcare.Valuation
		c        tier.Classifier
		wantPath string
		wantName string
		wantIs   error
	}{
		{"figures fail: no rate", noRate, valuation(), ladder, "book[3]", "", vipcare.ErrNoRate},
		{"classifier fails: valuation in another currency", reportBook(),
			inUSD(t), ladder, "book[0]", "", tier.ErrCurrency},
		{"classifier fails on two clients: the first is named", large, sample.Valuation(sample.Options{Seed: 5}),
			failing{fail: map[string]bool{secretID: true}}, "book[700]", "", errFailing},
		{"class index out of range", reportBook(), valuation(), failing{index: 2}, "book[0]", "", tier.ErrClassifier},
		{"class index below -1", reportBook(), valuation(), failing{index: -2}, "book[0]", "", tier.ErrClassifier},
		{"nil classifier", reportBook(), valuation(), nil, "classifier", "", tier.ErrClassifier},
		{"repeated class name", reportBook(), valuation(), classList{"a", "b", "a"}, "classes[2]", "a", tier.ErrClassifier},
		{"empty class name", reportBook(), valuation(), classList{"a", ""}, "classes[1]", "", tier.ErrClassifier},
	}
	for _, tt := range tests {
		for _, workers := range []int{0, 2, 4} {
			t.Run(tt.name+"/workers "+strconv.Itoa(workers), func(t *testing.T) {
				before := deepCopy(tt.book)
				o := tier.ReportOptions{Workers: workers}
				_, err := tier.Distribute(slices.Values(tt.book), tt.v, tt.c, o)
				checkReportError(t, err, tt.wantPath, tt.wantName, tt.wantIs, secretID)

				// Compare names the same client, whichever side fails.
				_, err = tier.Compare(slices.Values(tt.book), tier.Side{Valuation: tt.v, Classifier: tt.c}, tier.Side{Valuation: tt.v, Classifier: ladder}, o)
				checkReportError(t, err, prefix("from", tt.wantPath), tt.wantName, tt.wantIs, secretID)
				_, err = tier.Compare(slices.Values(tt.book), tier.Side{Valuation: tt.v, Classifier: ladder}, tier.Side{Valuation: tt.v, Classifier: tt.c}, o)
				checkReportError(t, err, prefix("to", tt.wantPath), tt.wantName, tt.wantIs, secretID)
				assert.Equal(t, before, tt.book, "book unchanged")
			})
		}
	}
}

// inUSD returns a valuation in USD, so that a CNY ladder refuses it.
func inUSD(t *testing.T) vipcare.Valuation {
	rates, err := vipcare.NewRates(vipcare.USD, map[vipcare.Currency]decimal.Decimal{vipcare.CNY: dec("0.14")})
	require.NoError(t, err)
	return vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD, Rates: rates}
}

// prefix returns the path of a Compare error on side: clients are named the
// same, the classifier by its side.
func prefix(side, path string) string {
	if strings.HasPrefix(path, "book[") {
		return path
	}
	return side + "." + path
}

func checkReportError(t *testing.T, err error, path, name string, is error, secret string) {
	t.Helper()
	require.Error(t, err)
	var te *tier.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, path, te.Path)
	assert.Equal(t, name, te.Name)
	assert.ErrorIs(t, err, is)
	assert.NotContains(t, err.Error(), secret, "never the client's ID")
	assert.NotContains(t, err.Error(), "123456", "never the client's amounts")
}

// classList is a classifier with the given class names that puts everyone
// in the first.
type classList []string

func (c classList) Classes() []string                    { return c }
func (classList) Classify(*vipcare.Figures) (int, error) { return 0, nil }

// A failure stops the report: the rest of the book is not read.
func TestReportStopsAtFirstError(t *testing.T) {
	book := reportBook()
	book[2].Holdings[0].Amount.Currency = vipcare.USD
	read := 0
	seq := func(yield func(vipcare.Profile) bool) {
		for _, p := range book {
			read++
			if !yield(p) {
				return
			}
		}
	}
	_, err := tier.Distribute(seq, valuation(), tier.MustLadder(tier.ReferenceLadder()), tier.ReportOptions{})
	require.Error(t, err)
	assert.Equal(t, 3, read)
}

type panicky struct{}

func (panicky) Classes() []string                      { return []string{"a"} }
func (panicky) Classify(*vipcare.Figures) (int, error) { panic("classifier bug") }

// A panic in a worker reaches the caller, as it would serially.
func TestReportPanicsReachCaller(t *testing.T) {
	book := sample.Book(sample.Options{}, 1000)
	for _, workers := range []int{0, 3} {
		o := tier.ReportOptions{Workers: workers}
		assert.PanicsWithValue(t, "classifier bug", func() {
			_, _ = tier.Distribute(slices.Values(book), sample.Valuation(sample.Options{}), panicky{}, o)
		}, "workers %d", workers)
		assert.PanicsWithValue(t, "book bug", func() {
			seq := func(yield func(vipcare.Profile) bool) {
				for i, p := range book {
					if i == 600 {
						panic("book bug")
					}
					if !yield(p) {
						return
					}
				}
			}
			_, _ = tier.Distribute(seq, sample.Valuation(sample.Options{}), tier.MustLadder(tier.ReferenceLadder()), o)
		}, "workers %d", workers)
	}
}

// Reports can be computed concurrently from one ladder and one book.
func TestReportConcurrentUse(t *testing.T) {
	book := sample.Book(sample.Options{Seed: 9}, 2000)
	v := sample.Valuation(sample.Options{Seed: 9})
	l := tier.MustLadder(tier.ReferenceLadder())
	want, err := tier.Distribute(slices.Values(book), v, l, tier.ReportOptions{})
	require.NoError(t, err)
	done := make(chan tier.Distribution)
	for w := range 4 {
		go func() {
			d, err := tier.Distribute(slices.Values(book), v, l, tier.ReportOptions{Workers: w})
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
	book := reportBook()
	book[4].Holdings[0].Amount = vipcare.MustMoney("100", vipcare.USD)
	rates, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{vipcare.USD: dec("7.1")})
	require.NoError(t, err)
	withRates := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: rates}
	l := tier.MustLadder(tier.ReferenceLadder())
	for _, workers := range []int{0, 2} {
		_, err := tier.Compare(slices.Values(book), tier.Side{Valuation: withRates, Classifier: l},
			tier.Side{Valuation: valuation(), Classifier: l}, tier.ReportOptions{Workers: workers})
		checkReportError(t, err, "book[4]", "", vipcare.ErrNoRate, "C05")
	}
}

func TestZeroMatrix(t *testing.T) {
	var m tier.Matrix
	assert.Empty(t, m.String())
	assert.Zero(t, m.Clients())
	assert.Empty(t, m.Moves())
	assert.Zero(t, m.Up()+m.Down()+m.Same())
	n, aum := m.Cell(tier.NoClass, tier.NoClass)
	assert.Zero(t, n)
	assert.True(t, aum.IsZero())
}
