package policy_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
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
	return policy.Must(policy.CompileTable(schema, policy.First,
		policy.Row[string]{Name: "private", When: private, Then: "private"},
		policy.Row[string]{Name: "affluent", When: wealthy, Then: "affluent"},
		policy.Row[string]{Name: "senior", When: senior, Then: "senior"},
		policy.Row[string]{Name: "mass", Then: "mass"},
	))
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
			assert.Equal(t, tbl.Explain(&tt.c, policy.ExplainOptions{}).Rows[h.Row].Text, h.Name, "the hit names its row")
			h2, ok2, err2 := tbl.Decide(&tt.c)
			assert.Equal(t, h, h2, "same answer twice")
			assert.True(t, ok2)
			assert.NoError(t, err2)
			assert.Equal(t, before, tt.c, "subject unchanged")
			assert.Equal(t, []int{h.Row}, tbl.Explain(&tt.c, policy.ExplainOptions{}).Decided)
		})
	}
	noCatchAll := policy.Must(policy.CompileTable(schema, policy.First, policy.Row[string]{When: private, Then: "private"}))
	h, ok, err := noCatchAll.Decide(&client{})
	require.NoError(t, err)
	assert.False(t, ok, "no row matched is not an error")
	assert.Zero(t, h)
	assert.Empty(t, noCatchAll.Explain(&client{}, policy.ExplainOptions{}).Decided)
	assert.Equal(t, policy.First, noCatchAll.Explain(&client{}, policy.ExplainOptions{}).HitPolicy)
}

func TestTableUnique(t *testing.T) {
	tbl := policy.Must(policy.CompileTable(schema, policy.Unique, segmentRows()...))
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
	tbl = policy.Must(policy.CompileTable(schema, policy.Unique, overlapping...))
	unnamed := policy.Must(policy.CompileTable(schema, policy.Unique,
		policy.Row[string]{When: wealthy, Then: "a"}, policy.Row[string]{When: senior, Then: "b"}, policy.Row[string]{Then: "c"}))
	overlaps := []struct {
		name    string
		c       client
		second  string // the second row's path
		names   [2]string
		decided []int
	}{
		{"two named rows", client{AUM: aum(2_000_000), Risk: "C5", Age: 70}, "/4", [2]string{"private-bold", "senior"}, []int{0, 4}},
		{"mass senior", client{Age: 65}, "/4", [2]string{"mass", "senior"}, []int{3, 4}},
	}
	for _, tt := range overlaps {
		t.Run("overlap/"+tt.name, func(t *testing.T) {
			h, ok, err := tbl.Decide(&tt.c)
			assert.False(t, ok)
			assert.Zero(t, h)
			// The problem is at the second row and names both.
			testkit.CheckProblems(t, err, testkit.Want{Path: tt.second, Name: tt.names[1], Err: policy.ErrOverlap})
			assert.Equal(t, `vipcare: `+tt.second+`: "`+tt.names[1]+`": rows overlap in a unique table: "`+tt.names[0]+`" and "`+tt.names[1]+`" both matched`, err.Error())
			assert.Equal(t, tt.decided, tbl.Explain(&tt.c, policy.ExplainOptions{}).Decided, "Explain shows both rows")
		})
	}
	t.Run("overlap/unnamed rows", func(t *testing.T) {
		c := client{AUM: aum(600_000), Age: 70}
		_, _, err := unnamed.Decide(&c)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/1", Err: policy.ErrOverlap})
		assert.Equal(t, `vipcare: /1: rows overlap in a unique table: row 0 and row 1 both matched`, err.Error(),
			"the first two matching rows are named")
		assert.Equal(t, []int{0, 1}, unnamed.Explain(&c, policy.ExplainOptions{}).Decided, "only the first two of three matches")
		assert.Len(t, unnamed.Collect(nil, &c), 3)
	})
}

func TestTablePriority(t *testing.T) {
	tbl := policy.Must(policy.CompileTable(schema, policy.Priority,
		policy.Row[string]{Name: "mass", Then: "mass"},
		policy.Row[string]{Name: "senior", When: senior, Then: "senior", Priority: 5},
		policy.Row[string]{Name: "private", When: private, Then: "private", Priority: 10},
		policy.Row[string]{Name: "founder", When: policy.Field("entrepreneur").EQ(true), Then: "founder", Priority: 10},
		policy.Row[string]{Name: "restricted", When: policy.Field("risk").EQ("C1"), Then: "restricted", Priority: -1},
	))
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
	extreme := policy.Must(policy.CompileTable(schema, policy.Priority,
		policy.Row[string]{Name: "lowest", Then: "lowest", Priority: math.MinInt},
		policy.Row[string]{Name: "one", Then: "one", Priority: 1},
		policy.Row[string]{Name: "highest", When: senior, Then: "highest", Priority: math.MaxInt},
		policy.Row[string]{Name: "minus one", When: private, Then: "minus one", Priority: -1},
	))
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
	lowOnly := policy.Must(policy.CompileTable(schema, policy.Priority,
		policy.Row[string]{Name: "min", Then: "min", Priority: math.MinInt},
		policy.Row[string]{Name: "max", Then: "max", Priority: math.MaxInt},
	))
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
	tbl := policy.Must(policy.CompileTable(schema, policy.Collect, rows...))
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
			// Decide does not apply to Collect tables.
			testkit.CheckProblems(t, err, testkit.Want{Name: "collect", Err: policy.ErrTypeMismatch})

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
	none := policy.Must(policy.CompileTable(schema, policy.Collect, policy.Row[string]{When: private}))
	assert.Empty(t, none.Collect(nil, &client{}))
	assert.Empty(t, none.Explain(&client{}, policy.ExplainOptions{}).Decided)
}

func TestTableErrors(t *testing.T) {
	hitPolicies := []string{"first", "unique", "priority", "collect"}
	tests := []struct {
		name    string
		hit     policy.HitPolicy
		rows    []policy.Row[string]
		want    []testkit.Want
		choices map[string][]string // by path
		reason  string
	}{
		{"no rows", policy.First, nil, []testkit.Want{{Err: policy.ErrMissing}}, nil, "a table decides nothing without rows"},
		{"zero hit policy", "", []policy.Row[string]{{Then: "x"}}, []testkit.Want{{Err: policy.ErrUnknown}},
			map[string][]string{"": hitPolicies}, "the zero HitPolicy is not a hit policy"},
		{"root comparison", policy.First, []policy.Row[string]{{When: policy.Field("nope").GE(1)}, {Then: "x"}},
			[]testkit.Want{{Path: "/0/when/field", Name: "nope", Err: policy.ErrUnknown}}, map[string][]string{"/0/when/field": fieldNames},
			"a row's condition is at /i/when"},
		{"a row after everyone", policy.First, []policy.Row[string]{{Name: "all", Then: "x"},
			{Name: "rich", When: policy.Field("aum").GE(1), Then: "y"}, {Name: "richer", When: policy.Field("aum").GE(2), Then: "z"}},
			[]testkit.Want{{Path: "/1", Name: "rich", Err: policy.ErrUnreachable}}, nil,
			"under First, a row with no condition holds for everyone: a row after it never decides, reported once"},
		{"every problem at once", "sum", []policy.Row[string]{
			{Name: "a", When: private},
			{Name: "a", When: policy.Field("nope").EQ(1)},
			{Name: "b", When: policy.All(policy.Field("aum").GE("1.00001"), policy.Any(), policy.Not(policy.Field("risk").In("C9")))},
			{Name: "b"},
			{When: policy.AtLeast(3, senior)},
		}, []testkit.Want{
			{Name: "sum", Err: policy.ErrUnknown},
			{Path: "/1/name", Name: "a", Err: policy.ErrDuplicate},
			{Path: "/1/when/field", Name: "nope", Err: policy.ErrUnknown},
			{Path: "/2/when/all/0/value", Name: "aum", Err: policy.ErrOutOfRange},
			{Path: "/2/when/all/1/any", Err: policy.ErrMissing},
			{Path: "/2/when/all/2/not/values/0", Name: "C9", Err: policy.ErrUnknown},
			{Path: "/3/name", Name: "b", Err: policy.ErrDuplicate},
			{Path: "/4/when/at_least", Err: policy.ErrOutOfRange},
		}, map[string][]string{"": hitPolicies, "/1/when/field": fieldNames, "/2/when/all/2/not/values/0": riskLevels},
			"CompileTable reports the table's problems and every row's, in order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl, err := policy.CompileTable(schema, tt.hit, tt.rows...)
			require.Nil(t, tbl, tt.reason)
			testkit.CheckProblems(t, err, tt.want...)
			checkReport(t, err, tt.choices)
			assert.Panics(t, func() { policy.Must(policy.CompileTable(schema, tt.hit, tt.rows...)) })
		})
	}
}

func TestTableRowsAreCopied(t *testing.T) {
	rows := []policy.Row[string]{{Name: "a", When: private, Then: "a"}, {Name: "b", Then: "b"}}
	tbl := policy.Must(policy.CompileTable(schema, policy.First, rows...))
	rows[0] = policy.Row[string]{Name: "changed", Then: "changed"}
	rows[1].Then = "changed"
	c := client{AUM: aum(2_000_000)}
	h, _, _ := tbl.Decide(&c)
	assert.Equal(t, policy.Hit[string]{Row: 0, Name: "a", Output: "a"}, h, "CompileTable copies rows")
	assert.Equal(t, "a", tbl.Explain(&c, policy.ExplainOptions{}).Rows[0].Text)
	h, _, _ = tbl.Decide(&client{})
	assert.Equal(t, "b", h.Output)
}

func TestTableExplanationFields(t *testing.T) {
	tbl := policy.Must(policy.CompileTable(schema, policy.Unique, segmentRows()...))
	c := client{AUM: aum(2_500_000), Risk: "C4"}
	e := tbl.Explain(&c, policy.ExplainOptions{Values: true})
	assert.Equal(t, policy.Unique, e.HitPolicy)
	assert.Equal(t, []int{0}, e.Decided)
	require.Len(t, e.Rows, 4)
	for i, r := range e.Rows {
		assert.Equal(t, segmentRows()[i].Name, r.Text, "a row's text is its name")
		require.Len(t, r.Children, 1, "a row's one child explains its condition")
		assert.Equal(t, r.Held, r.Children[0].Held, "a row matched when its condition held")
		assert.Empty(t, r.Field+r.Op+r.Threshold+r.Value, "a row is not a comparison")
		rule := policy.Must(policy.Compile(schema, segmentRows()[i].When))
		assert.Equal(t, rule.Explain(&c, policy.ExplainOptions{Values: true}), r.Children[0], "a row explains like its rule")
	}
	assert.Equal(t, []bool{true, false, false, false}, []bool{e.Rows[0].Held, e.Rows[1].Held, e.Rows[2].Held, e.Rows[3].Held})
	assert.Equal(t, "2500000", e.Rows[0].Children[0].Children[0].Value)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `{"hit_policy":"unique","decided":[0],"rows":[{"held":true,"text":"private-bold","children":[`,
		"the hit policy marshals as its name")
}

func TestGoldenTableExplain(t *testing.T) {
	tables := []struct {
		name string
		tbl  interface {
			Explain(*client, policy.ExplainOptions) policy.TableExplanation
		}
	}{
		{"first", firstTable()},
		{"unique", policy.Must(policy.CompileTable(schema, policy.Unique, append(segmentRows(),
			policy.Row[offer]{When: policy.AtLeast(2, senior, policy.Field("entrepreneur").EQ(true), policy.Field("products").GE(3)), Then: offer{"senior-founder", 1}})...))},
		{"priority", policy.Must(policy.CompileTable(schema, policy.Priority,
			policy.Row[string]{Name: "mass", Then: "mass"},
			policy.Row[string]{Name: "senior", When: senior, Then: "senior", Priority: 5},
			policy.Row[string]{Name: "private", When: private, Then: "private", Priority: 10},
		))},
		{"collect", policy.Must(policy.CompileTable(schema, policy.Collect,
			policy.Row[string]{Name: "private", When: private, Then: "private"},
			policy.Row[string]{Name: "long-standing", When: policy.Field("since").LE("2015-12-31"), Then: "thank-you"},
			policy.Row[string]{When: policy.Not(policy.Field("risk").In("C1", "C2")), Then: "fund offer"},
		))},
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
			testkit.Golden(t, file, b.String())
		})
	}
}
