package book_test

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// compiled compiles the reference playbook changed by edit.
func compiled(t testing.TB, edit func(s *playbook.Spec)) *playbook.Playbook {
	t.Helper()
	s := playbook.Reference(sample.Shelf())
	if edit != nil {
		edit(&s)
	}
	pb, err := s.Compile(nil)
	require.NoError(t, err)
	return pb
}

// raiseGold raises gold to 60,000 and keeps the growth strategy for
// clients of platinum and above.
func raiseGold(s *playbook.Spec) {
	s.Ladder.Rungs[1].From = decimal.NewFromInt(60_000)
	s.Strategies.Rules[2].When = policy.All(policy.Field("segment").EQ("grow"), policy.Field("tier").GE("platinum"))
}

// naive is a comparison counted client by client from the decisions.
type naive struct {
	cells [3]map[[2]string]int
	aum   [3]map[[2]string]decimal.Decimal
	plays map[string]*book.PlayChange
	// rank gives a tier's place on its own side's ladder, -1 for none;
	// tiers in the same place are the same tier when both ladders have
	// the same ranks in order (renamed), else only when they have the
	// same name.
	rank func(side int, name string) int
}

func recount(t *testing.T, b []vipcare.Profile, v vipcare.Valuation, current, proposed *playbook.Playbook) naive {
	ranks := func(pb *playbook.Playbook) (out []int) {
		for _, x := range pb.Ladder().Tiers() {
			out = append(out, x.Rank)
		}
		return out
	}
	paired := slices.Equal(ranks(current), ranks(proposed))
	names := [2][]string{current.Tiers(), proposed.Tiers()}
	n := naive{plays: map[string]*book.PlayChange{}, rank: func(side int, name string) int {
		if paired {
			return slices.Index(names[side], name)
		}
		return slices.Index(names[0], name) // by name, on the current ladder
	}}
	for k := range n.cells {
		n.cells[k], n.aum[k] = map[[2]string]int{}, map[[2]string]decimal.Decimal{}
	}
	for i := range b {
		f, err := v.Figures(&b[i])
		require.NoError(t, err)
		x, err := current.Explain(&b[i], v, playbook.Options{})
		require.NoError(t, err)
		y, err := proposed.Explain(&b[i], v, playbook.Options{})
		require.NoError(t, err)
		for k, key := range [3][2]string{{x.Tier.Name, y.Tier.Name}, {x.Segment, y.Segment},
			{x.Strategy.Strategy.Name, y.Strategy.Strategy.Name}} {
			n.cells[k][key]++
			n.aum[k][key] = n.aum[k][key].Add(f.AUM.Decimal())
		}
		ids := func(d playbook.Explanation) []string {
			var out []string
			for _, r := range d.Plays.Plays {
				out = append(out, r.Play)
			}
			return out
		}
		px, py := ids(x), ids(y)
		play := func(id string) *book.PlayChange {
			if n.plays[id] == nil {
				n.plays[id] = &book.PlayChange{Play: id}
			}
			return n.plays[id]
		}
		for _, id := range px {
			play(id).Current++
			if !slices.Contains(py, id) {
				play(id).Lost++
			}
		}
		for _, id := range py {
			play(id).Proposed++
			if !slices.Contains(px, id) {
				play(id).Gained++
			}
		}
	}
	return n
}

// checkAgainst checks every cell of c's matrices, and its plays, against
// the naive recount.
func (n naive) checkAgainst(t *testing.T, c book.PlaybookComparison, clients int) {
	t.Helper()
	for k, m := range []book.Matrix{c.Tier, c.Segment, c.Strategy} {
		total, moved := 0, 0
		for _, from := range append([]string{""}, m.From...) {
			for _, to := range append([]string{""}, m.To...) {
				got, aum := m.Cell(from, to)
				key := [2]string{from, to}
				assert.Equal(t, n.cells[k][key], got, "part %d: %q -> %q", k, from, to)
				assert.True(t, n.aum[k][key].Equal(aum), "part %d: %q -> %q: AUM %s, want %s", k, from, to, aum, n.aum[k][key])
				total += got
				if k == 0 && n.rank(0, from) != n.rank(1, to) || k > 0 && from != to {
					moved += got
				}
			}
		}
		assert.Equal(t, clients, total, "part %d: every client in a cell", k)
		assert.Equal(t, moved, m.Moved(), "part %d", k)
	}
	// up and down by the tiers' order, when both have the same tiers or
	// the same ranks
	up, down := 0, 0
	for key, x := range n.cells[0] {
		switch from, to := n.rank(0, key[0]), n.rank(1, key[1]); {
		case from < 0 && key[0] != "" || to < 0 && key[1] != "": // a tier of one side only: no order
			up, down = 0, 0
			goto done
		case to > from:
			up += x
		case to < from:
			down += x
		}
	}
done:
	assert.Equal(t, up, c.Tier.Up())
	assert.Equal(t, down, c.Tier.Down())
	var plays []book.PlayChange
	for _, p := range n.plays {
		plays = append(plays, *p)
	}
	slices.SortFunc(plays, func(x, y book.PlayChange) int { return cmp.Compare(x.Play, y.Play) })
	assert.Equal(t, plays, c.Plays)
}

// The comparison counts what deciding every client under both playbooks
// finds, serially and in parallel, and changes nothing it is given.
func TestComparePlaybooksAgainstNaiveRecount(t *testing.T) {
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	b := slices.Collect(sample.Seq(o, 2000))
	before := deepCopy(b)
	current, proposed := compiled(t, nil), compiled(t, raiseGold)
	want, err := book.ComparePlaybooks(slices.Values(b), v, current, proposed, book.Options{})
	require.NoError(t, err)
	recount(t, b, v, current, proposed).checkAgainst(t, want, len(b))

	assert.Positive(t, want.Tier.Down(), "clients between 50,000 and 60,000 go down")
	assert.Zero(t, want.Tier.Up())
	assert.Zero(t, want.Segment.Moved(), "the segmentation did not change")
	assert.Positive(t, want.Strategy.Moved(), "growth is for platinum and above")
	assert.True(t, slices.ContainsFunc(want.Plays, func(p book.PlayChange) bool { return p.Gained+p.Lost > 0 }),
		"some plays change with the strategy")
	assert.Equal(t, before, b, "book unchanged")

	for _, workers := range []int{2, 4} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			got, err := book.ComparePlaybooks(slices.Values(b), v, current, proposed, book.Options{Workers: workers})
			require.NoError(t, err)
			assert.Equal(t, want, got, "parallel is serial")
			assert.Equal(t, want.String(), got.String())
		})
	}
	again, err := book.ComparePlaybooks(sample.Seq(o, 2000), v, current, proposed, book.Options{Workers: 2})
	require.NoError(t, err)
	assert.Equal(t, want, again, "the book streamed gives the same")
}

// The same playbook on both sides moves nobody: diagonal matrices, every
// play to the same clients.
func TestComparePlaybooksSameMovesNobody(t *testing.T) {
	o := sample.Options{Seed: 2}
	v := sample.Valuation(o)
	pb := compiled(t, nil)
	for name, proposed := range map[string]*playbook.Playbook{"same value": pb, "compiled twice": compiled(t, nil)} {
		t.Run(name, func(t *testing.T) {
			c, err := book.ComparePlaybooks(sample.Seq(o, 1000), v, pb, proposed, book.Options{Workers: 2})
			require.NoError(t, err)
			for _, m := range []book.Matrix{c.Tier, c.Segment, c.Strategy} {
				assert.Zero(t, m.Moved())
				assert.Nil(t, m.Moves())
				assert.Equal(t, 1000, same(m), "every client on the diagonal")
			}
			require.NotEmpty(t, c.Plays)
			for _, p := range c.Plays {
				assert.Equal(t, p.Current, p.Proposed, p.Play)
				assert.Zero(t, p.Gained, p.Play)
				assert.Zero(t, p.Lost, p.Play)
			}
			assert.True(t, strings.HasPrefix(c.String(), "tier: 0 of 1,000 clients move\nsegment: 0 of 1,000 clients move\n"+
				"strategy: 0 of 1,000 clients move\nplay "), c.String())
		})
	}
}

// Playbooks give a matrix between their own classes. Tiers renamed (the
// same ranks in order, as Diff pairs them) are the same tiers: a client in
// private banking under one and in 私行 under the other has not moved.
// Tiers of other ranks have no order between them: their clients move by
// name, neither up nor down.
func TestComparePlaybooksRenamedTier(t *testing.T) {
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	b := slices.Collect(sample.Seq(o, 1000))
	current := compiled(t, nil)
	rename := func(s *playbook.Spec) {
		s.Ladder.Rungs[4].Tier.Name = "私行"
		s.Strategies.Rules[0].When = policy.Field("tier").EQ("私行")
	}

	t.Run("renamed", func(t *testing.T) {
		proposed := compiled(t, rename)
		c, err := book.ComparePlaybooks(slices.Values(b), v, current, proposed, book.Options{})
		require.NoError(t, err)
		recount(t, b, v, current, proposed).checkAgainst(t, c, len(b))
		assert.Equal(t, "private banking", c.Tier.From[4])
		assert.Equal(t, "私行", c.Tier.To[4])
		same, _ := c.Tier.Cell("private banking", "私行")
		assert.Positive(t, same)
		assert.Zero(t, c.Tier.Moved(), "the same tier, renamed")
		assert.Nil(t, c.Tier.Moves())
		assert.Zero(t, c.Strategy.Moved())
		assert.True(t, strings.HasPrefix(c.String(), "tier: 0 of 1,000 clients move (tiers renamed, paired by rank)\n"), c.String())
	})
	t.Run("renamed, and gold from 60,000", func(t *testing.T) {
		proposed := compiled(t, func(s *playbook.Spec) {
			rename(s)
			s.Ladder.Rungs[1].From = decimal.NewFromInt(60_000)
		})
		c, err := book.ComparePlaybooks(slices.Values(b), v, current, proposed, book.Options{})
		require.NoError(t, err)
		recount(t, b, v, current, proposed).checkAgainst(t, c, len(b))
		down, _ := c.Tier.Cell("gold", "mass")
		require.Positive(t, down)
		assert.Equal(t, down, c.Tier.Moved())
		assert.Equal(t, down, c.Tier.Down())
		assert.Equal(t, []book.Move{{From: "gold", To: "mass", Clients: down, AUM: c.Tier.Moves()[0].AUM}}, c.Tier.Moves())
		assert.True(t, strings.HasPrefix(c.String(), "tier: "+strconv.Itoa(down)+" of 1,000 clients move "+
			"(tiers renamed, paired by rank: 0 up, "+strconv.Itoa(down)+" down)\n  gold -> mass  "+strconv.Itoa(down)+"\n"), c.String())
	})
	t.Run("another rank", func(t *testing.T) {
		proposed := compiled(t, func(s *playbook.Spec) {
			rename(s)
			s.Ladder.Rungs[4].Tier.Rank = 55
		})
		c, err := book.ComparePlaybooks(slices.Values(b), v, current, proposed, book.Options{})
		require.NoError(t, err)
		recount(t, b, v, current, proposed).checkAgainst(t, c, len(b))
		moved, _ := c.Tier.Cell("private banking", "私行")
		assert.Positive(t, moved)
		assert.Equal(t, moved, c.Tier.Moved(), "another tier: its clients move by name")
		assert.Zero(t, c.Tier.Up()+c.Tier.Down(), "no order between different tiers")
		assert.Contains(t, c.String(), "tier: "+strconv.Itoa(moved)+" of 1,000 clients move\n  private banking -> 私行  "+
			strconv.Itoa(moved)+"\n")
	})
}

func TestComparePlaybooksErrors(t *testing.T) {
	type want = testkit.Want
	pb := compiled(t, nil)
	const secretID = "SECRET-4711"
	b := slices.Collect(sample.Seq(sample.Options{Seed: 5}, 600))
	v := sample.Valuation(sample.Options{Seed: 5})
	noRate := deepCopy(b)
	noRate[300].ID = secretID
	noRate[300].Holdings[0].Amount.Currency = "GBP"
	noRate[500].Holdings[0].Amount.Currency = "GBP" // a later failure
	usd := inUSD(t)
	usd.AsOf = v.AsOf
	inDollars := policy.Must(playbook.Compile([]byte(strings.ReplaceAll(string(playbook.ReferenceDocument()), `"CNY"`, `"USD"`)), nil))

	for _, workers := range []int{0, 2} {
		o := book.Options{Workers: workers}
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			_, err := book.ComparePlaybooks(slices.Values(b), v, nil, nil, o)
			testkit.CheckProblems(t, err, want{Path: "/current", Err: policy.ErrMissing},
				want{Path: "/proposed", Err: policy.ErrMissing})

			before := deepCopy(noRate)
			c, err := book.ComparePlaybooks(slices.Values(noRate), sample.Valuation(sample.Options{Seed: 5}), pb, pb, o)
			checkReportError(t, err, want{Path: "/book/300/holdings/0/amount", Err: vipcare.ErrNoRate}, secretID)
			assert.Equal(t, book.PlaybookComparison{}, c, "no partial report")
			assert.Equal(t, before, noRate, "book unchanged")

			_, err = book.ComparePlaybooks(slices.Values(b), usd, pb, pb, o)
			testkit.CheckProblems(t, err, want{Path: "/valuation/currency", Name: "USD", Err: vipcare.ErrCurrency}) // before the book is read

			// Two playbooks in different currencies: no valuation suits
			// both, and the proposed one is named.
			_, err = book.ComparePlaybooks(slices.Values(b), v, pb, inDollars, o)
			testkit.CheckProblems(t, err, want{Path: "/proposed", Name: "USD", Err: vipcare.ErrCurrency})
		})
	}
}

func TestPlaybookComparisonString(t *testing.T) {
	o := sample.Options{Seed: 1}
	c, err := book.ComparePlaybooks(sample.Seq(o, 1000), sample.Valuation(o), compiled(t, nil), compiled(t, raiseGold),
		book.Options{})
	require.NoError(t, err)
	got := c.String()
	assert.True(t, strings.HasPrefix(got, "tier: 27 of 1,000 clients move (0 up, 27 down)\n  gold -> mass  27\n"+
		"segment: 0 of 1,000 clients move\nstrategy: "), got)
	assert.Contains(t, got, "\nplay ")
	assert.False(t, strings.HasSuffix(got, "\n"))
	assert.Equal(t, "tier: 0 of 0 clients move\nsegment: 0 of 0 clients move\nstrategy: 0 of 0 clients move",
		book.PlaybookComparison{}.String(), "the zero comparison")
}
