package policy_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/policy"
)

// offer is a table output: a segment and how many advisors it gets.
type offer struct {
	Segment  string `json:"segment"`
	Advisors int    `json:"advisors"`
}

var (
	private = policy.Field("aum").GE("2000000")
	wealthy = policy.Field("aum").GE("500000")
	senior  = policy.Field("age").GE(65)
)

// firstTable picks the first matching row.
func firstTable() *policy.Table[client, string] {
	return policy.MustTable(schema, policy.First,
		policy.Row[string]{Name: "private", When: private, Then: "private"},
		policy.Row[string]{Name: "affluent", When: wealthy, Then: "affluent"},
		policy.Row[string]{Name: "senior", When: senior, Then: "senior"},
		policy.Row[string]{Name: "mass", Then: "mass"},
	)
}

// segmentRows are a segment matrix, AUM band by risk appetite, whose rows
// never overlap.
func segmentRows() []policy.Row[offer] {
	return []policy.Row[offer]{
		{Name: "private-bold", When: policy.All(private, policy.Field("risk").GE("C4")), Then: offer{"private-bold", 3}},
		{Name: "private-prudent", When: policy.All(private, policy.Field("risk").LE("C3")), Then: offer{"private-prudent", 2}},
		{Name: "affluent", When: policy.All(wealthy, policy.Not(private)), Then: offer{"affluent", 1}},
		{Name: "mass", When: policy.Not(wealthy), Then: offer{"mass", 0}},
	}
}

func TestTableFirst(t *testing.T) {
	tbl := firstTable()
	tests := []struct {
		name   string
		c      client
		want   string
		reason string
	}{
		{"private beats affluent", client{AUM: aum(2_000_000)}, "private", "both match; private is first"},
		{"affluent", client{AUM: aum(500_000), Age: 70}, "affluent", "affluent comes before senior"},
		{"senior", client{AUM: aum(499_999), Age: 65}, "senior", "just below affluent, exactly 65"},
		{"catch-all", client{Age: 64}, "mass", "a zero When matches every subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := deepCopy(tt.c)
			h, ok, err := tbl.Decide(&tt.c)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tt.want, h.Output, tt.reason)
			assert.Equal(t, tt.want, h.Name)
			assert.Equal(t, tbl.Rows()[h.Row].Name, h.Name)
			h2, ok2, err2 := tbl.Decide(&tt.c)
			assert.Equal(t, h, h2, "same answer twice")
			assert.True(t, ok2)
			assert.NoError(t, err2)
			assert.Equal(t, before, tt.c, "subject unchanged")
			assert.Equal(t, []int{h.Row}, tbl.Explain(&tt.c, policy.ExplainOptions{}).Decided)
		})
	}
	noCatchAll := policy.MustTable(schema, policy.First, policy.Row[string]{When: private, Then: "private"})
	h, ok, err := noCatchAll.Decide(&client{})
	require.NoError(t, err)
	assert.False(t, ok, "no row matched is not an error")
	assert.Zero(t, h)
	assert.Empty(t, noCatchAll.Explain(&client{}, policy.ExplainOptions{}).Decided)
	assert.Equal(t, policy.First, noCatchAll.HitPolicy())
}

func TestTableUnique(t *testing.T) {
	tbl := policy.MustTable(schema, policy.Unique, segmentRows()...)
	tests := []struct {
		name   string
		c      client
		want   string // "" for no match
		reason string
	}{
		{"private bold", client{AUM: aum(2_000_000), Risk: "C4"}, "private-bold", "at both thresholds"},
		{"private prudent", client{AUM: aum(3_000_000), Risk: "C3"}, "private-prudent", "just below C4"},
		{"affluent", client{AUM: 19_999_999_999, Risk: "C5"}, "affluent", "one unit below private"},
		{"mass", client{AUM: aum(500_000) - 1, Risk: "C1"}, "mass", "one unit below affluent"},
		{"no match", client{AUM: aum(2_000_000), Risk: "X9"}, "", "an unknown risk level is neither bold nor prudent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := deepCopy(tt.c)
			h, ok, err := tbl.Decide(&tt.c)
			require.NoError(t, err)
			assert.Equal(t, tt.want != "", ok, tt.reason)
			assert.Equal(t, tt.want, h.Output.Segment, tt.reason)
			assert.Equal(t, tt.want, h.Name)
			assert.Equal(t, before, tt.c)
			e := tbl.Explain(&tt.c, policy.ExplainOptions{})
			if ok {
				assert.Equal(t, []int{h.Row}, e.Decided)
			} else {
				assert.Empty(t, e.Decided)
			}
		})
	}

	overlapping := append(segmentRows(), policy.Row[offer]{Name: "senior", When: senior, Then: offer{"senior", 1}})
	tbl = policy.MustTable(schema, policy.Unique, overlapping...)
	unnamed := policy.MustTable(schema, policy.Unique,
		policy.Row[string]{When: wealthy, Then: "a"}, policy.Row[string]{When: senior, Then: "b"}, policy.Row[string]{Then: "c"})
	overlaps := []struct {
		name          string
		c             client
		first, second int
		names         [2]string
		decided       []int
	}{
		{"two named rows", client{AUM: aum(2_000_000), Risk: "C5", Age: 70}, 0, 4, [2]string{"private-bold", "senior"}, []int{0, 4}},
		{"mass senior", client{Age: 65}, 3, 4, [2]string{"mass", "senior"}, []int{3, 4}},
	}
	for _, tt := range overlaps {
		t.Run("overlap/"+tt.name, func(t *testing.T) {
			h, ok, err := tbl.Decide(&tt.c)
			assert.False(t, ok)
			assert.Zero(t, h)
			require.ErrorIs(t, err, policy.ErrOverlap)
			var oe *policy.OverlapError
			require.ErrorAs(t, err, &oe)
			assert.Equal(t, policy.OverlapError{First: tt.first, Second: tt.second, FirstName: tt.names[0], SecondName: tt.names[1]}, *oe)
			assert.Equal(t, `policy: rows "`+tt.names[0]+`" and "`+tt.names[1]+`" both matched: rows overlap in a unique table`, err.Error())
			assert.Equal(t, tt.decided, tbl.Explain(&tt.c, policy.ExplainOptions{}).Decided, "Explain shows both rows")
		})
	}
	t.Run("overlap/unnamed rows", func(t *testing.T) {
		c := client{AUM: aum(600_000), Age: 70}
		_, _, err := unnamed.Decide(&c)
		var oe *policy.OverlapError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, 0, oe.First)
		assert.Equal(t, 1, oe.Second, "the first two matching rows are named")
		assert.Equal(t, `policy: rows rows[0] and rows[1] both matched: rows overlap in a unique table`, err.Error())
		assert.Equal(t, []int{0, 1}, unnamed.Explain(&c, policy.ExplainOptions{}).Decided, "only the first two of three matches")
		assert.Len(t, unnamed.Collect(nil, &c), 3)
	})
}

func TestTablePriority(t *testing.T) {
	tbl := policy.MustTable(schema, policy.Priority,
		policy.Row[string]{Name: "mass", Then: "mass"},
		policy.Row[string]{Name: "senior", When: senior, Then: "senior", Priority: 5},
		policy.Row[string]{Name: "private", When: private, Then: "private", Priority: 10},
		policy.Row[string]{Name: "founder", When: policy.Field("entrepreneur").IsTrue(), Then: "founder", Priority: 10},
		policy.Row[string]{Name: "restricted", When: policy.Field("risk").EQ("C1"), Then: "restricted", Priority: -1},
	)
	tests := []struct {
		name   string
		c      client
		want   string
		reason string
	}{
		{"only the catch-all", client{}, "mass", "priority 0 beats nothing"},
		{"senior over mass", client{Age: 65}, "senior", "5 > 0"},
		{"private over senior", client{Age: 65, AUM: aum(2_000_000)}, "private", "10 > 5, though senior comes first"},
		{"tie goes to the earlier row", client{AUM: aum(2_000_000), Entrepreneur: true}, "private", "private and founder are both 10"},
		{"founder", client{Entrepreneur: true, Age: 90}, "founder", "10 > 5"},
		{"negative priority loses to zero", client{Risk: "C1"}, "mass", "-1 < 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok, err := tbl.Decide(&tt.c)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tt.want, h.Output, tt.reason)
			assert.Equal(t, []int{h.Row}, tbl.Explain(&tt.c, policy.ExplainOptions{}).Decided)
		})
	}

	// Priorities are compared, not subtracted: extreme values must not
	// overflow into the wrong order.
	extreme := policy.MustTable(schema, policy.Priority,
		policy.Row[string]{Name: "lowest", Then: "lowest", Priority: math.MinInt},
		policy.Row[string]{Name: "one", Then: "one", Priority: 1},
		policy.Row[string]{Name: "highest", When: senior, Then: "highest", Priority: math.MaxInt},
		policy.Row[string]{Name: "minus one", When: private, Then: "minus one", Priority: -1},
	)
	extremes := []struct {
		name string
		c    client
		want string
	}{
		{"max wins", client{Age: 65, AUM: aum(3_000_000)}, "highest"},
		{"one beats min and minus one", client{AUM: aum(3_000_000)}, "one"},
		{"one beats min", client{}, "one"},
	}
	for _, tt := range extremes {
		t.Run("extreme/"+tt.name, func(t *testing.T) {
			h, ok, err := extreme.Decide(&tt.c)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tt.want, h.Output)
			assert.Equal(t, []int{h.Row}, extreme.Explain(&tt.c, policy.ExplainOptions{}).Decided)
		})
	}
	lowOnly := policy.MustTable(schema, policy.Priority,
		policy.Row[string]{Name: "min", Then: "min", Priority: math.MinInt},
		policy.Row[string]{Name: "max", Then: "max", Priority: math.MaxInt},
	)
	h, _, _ := lowOnly.Decide(&client{})
	assert.Equal(t, "max", h.Output, "MaxInt beats MinInt")
}

func TestTableCollect(t *testing.T) {
	rows := []policy.Row[string]{
		{Name: "private", When: private, Then: "private"},
		{Name: "affluent", When: wealthy, Then: "affluent"},
		{Name: "senior", When: senior, Then: "senior"},
		{Name: "everyone", Then: "everyone"},
	}
	tbl := policy.MustTable(schema, policy.Collect, rows...)
	tests := []struct {
		name string
		c    client
		want []string
	}{
		{"all four", client{AUM: aum(2_000_000), Age: 65}, []string{"private", "affluent", "senior", "everyone"}},
		{"in row order", client{AUM: aum(500_000), Age: 80}, []string{"affluent", "senior", "everyone"}},
		{"catch-all only", client{}, []string{"everyone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := tbl.Collect(nil, &tt.c)
			var got []string
			for _, h := range hits {
				got = append(got, h.Output)
				assert.Equal(t, rows[h.Row].Name, h.Name)
			}
			assert.Equal(t, tt.want, got)

			prefix := []policy.Hit[string]{{Row: -1, Name: "kept"}}
			more := tbl.Collect(prefix, &tt.c)
			assert.Equal(t, prefix[0], more[0], "Collect appends to dst")
			assert.Equal(t, hits, more[1:])

			_, ok, err := tbl.Decide(&tt.c)
			assert.False(t, ok)
			require.ErrorIs(t, err, policy.ErrHitPolicy, "Decide does not apply to Collect tables")
			var pe *policy.Error
			assert.ErrorAs(t, err, &pe)

			e := tbl.Explain(&tt.c, policy.ExplainOptions{})
			var decided []int
			for _, h := range hits {
				decided = append(decided, h.Row)
			}
			assert.Equal(t, decided, e.Decided)
		})
	}
	// Collect works whatever the hit policy.
	c := client{AUM: aum(2_000_000), Age: 65}
	assert.Len(t, firstTable().Collect(nil, &c), 4)
	none := policy.MustTable(schema, policy.Collect, policy.Row[string]{When: private})
	assert.Empty(t, none.Collect(nil, &client{}))
	assert.Empty(t, none.Explain(&client{}, policy.ExplainOptions{}).Decided)
}

func TestTableErrors(t *testing.T) {
	tests := []struct {
		name   string
		hit    policy.HitPolicy
		rows   []policy.Row[string]
		want   []problem
		reason string
	}{
		{"no rows", policy.First, nil, []problem{{"rows", "", policy.ErrEmpty}}, "a table decides nothing without rows"},
		{"zero hit policy", 0, []policy.Row[string]{{Then: "x"}}, []problem{{"hit_policy", "", policy.ErrHitPolicy}}, "the zero HitPolicy is invalid"},
		{"root comparison", policy.First, []policy.Row[string]{{Then: "x"}, {When: policy.Field("nope").GE(1)}},
			[]problem{{"rows[1].when", "nope", policy.ErrUnknownField}}, "a row's root condition is at rows[i].when"},
		{"every problem at once", policy.Collect + 1, []policy.Row[string]{
			{Name: "a", When: private},
			{Name: "a", When: policy.Field("nope").EQ(1)},
			{Name: "b", When: policy.All(policy.Field("aum").GE("1.00001"), policy.Any(), policy.Not(policy.Field("risk").In("C9")))},
			{Name: "b"},
			{When: policy.AtLeast(3, senior)},
		}, []problem{
			{"hit_policy", "", policy.ErrHitPolicy},
			{"rows[1].name", "a", policy.ErrDuplicate},
			{"rows[1].when", "nope", policy.ErrUnknownField},
			{"rows[2].when.all[0]", "aum", policy.ErrThreshold},
			{"rows[2].when.all[1]", "", policy.ErrEmpty},
			{"rows[2].when.all[2].not", "risk", policy.ErrThreshold},
			{"rows[3].name", "b", policy.ErrDuplicate},
			{"rows[4].when.at_least", "", policy.ErrAtLeast},
		}, "NewTable reports the table's problems and every row's, in order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl, err := policy.NewTable(schema, tt.hit, tt.rows...)
			require.Nil(t, tbl, tt.reason)
			checkProblems(t, err, tt.want...)
			assert.Panics(t, func() { policy.MustTable(schema, tt.hit, tt.rows...) })
		})
	}
}

func TestTableRowsAreCopied(t *testing.T) {
	rows := []policy.Row[string]{{Name: "a", When: private, Then: "a"}, {Name: "b", Then: "b"}}
	tbl := policy.MustTable(schema, policy.First, rows...)
	rows[0] = policy.Row[string]{Name: "changed", Then: "changed"}
	got := tbl.Rows()
	assert.Equal(t, "a", got[0].Name, "NewTable copies rows")
	got[1].Then = "changed"
	assert.Equal(t, "b", tbl.Rows()[1].Then, "Rows returns a copy")
	h, _, _ := tbl.Decide(&client{})
	assert.Equal(t, "b", h.Output)
}

func TestTableExplanationFields(t *testing.T) {
	tbl := policy.MustTable(schema, policy.Unique, segmentRows()...)
	c := client{AUM: aum(2_500_000), Risk: "C4"}
	e := tbl.Explain(&c, policy.ExplainOptions{Values: true})
	assert.Equal(t, policy.Unique, e.Hit)
	assert.Equal(t, []int{0}, e.Decided)
	require.Len(t, e.Rows, 4)
	for i, r := range e.Rows {
		assert.Equal(t, i, r.Row)
		assert.Equal(t, segmentRows()[i].Name, r.Name)
		assert.Equal(t, r.Matched, r.When.Held)
		rule := policy.MustCompile(schema, segmentRows()[i].When)
		assert.Equal(t, rule.Explain(&c, policy.ExplainOptions{Values: true}), r.When, "a row explains like its rule")
	}
	assert.Equal(t, []bool{true, false, false, false}, []bool{e.Rows[0].Matched, e.Rows[1].Matched, e.Rows[2].Matched, e.Rows[3].Matched})
	assert.Equal(t, "2500000", e.Rows[0].When.Children[0].Value)
	assert.True(t, errors.Is(&policy.OverlapError{}, policy.ErrOverlap))
}

func TestGoldenTableExplain(t *testing.T) {
	tables := []struct {
		name string
		tbl  interface {
			Explain(*client, policy.ExplainOptions) policy.TableExplanation
		}
	}{
		{"first", firstTable()},
		{"unique", policy.MustTable(schema, policy.Unique, append(segmentRows(),
			policy.Row[offer]{When: policy.AtLeast(2, senior, policy.Field("entrepreneur").IsTrue(), policy.Field("products").GE(3)), Then: offer{"senior-founder", 1}})...)},
		{"priority", policy.MustTable(schema, policy.Priority,
			policy.Row[string]{Name: "mass", Then: "mass"},
			policy.Row[string]{Name: "senior", When: senior, Then: "senior", Priority: 5},
			policy.Row[string]{Name: "private", When: private, Then: "private", Priority: 10},
		)},
		{"collect", policy.MustTable(schema, policy.Collect,
			policy.Row[string]{Name: "private", When: private, Then: "private"},
			policy.Row[string]{Name: "long-standing", When: policy.Field("since").LE("2015-12-31"), Then: "thank-you"},
			policy.Row[string]{When: policy.Not(policy.Field("risk").In("C1", "C2")), Then: "fund offer"},
		)},
	}
	for _, opts := range []policy.ExplainOptions{{}, {Values: true}} {
		file := "table_explain.golden"
		if opts.Values {
			file = "table_explain_values.golden"
		}
		t.Run(file, func(t *testing.T) {
			var b strings.Builder
			for _, tt := range tables {
				for _, c := range samples() {
					before := deepCopy(c)
					e := tt.tbl.Explain(&c, opts)
					require.Equal(t, before, c)
					b.WriteString("# " + tt.name + " / " + c.ID + "\n" + e.String() + "\n\n")
				}
			}
			golden(t, file, b.String())
		})
	}
}
