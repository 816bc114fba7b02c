package policy_test

import (
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/policy/internal/gentest"
)

// The generated file the agreement tests run is the one GenerateGo
// writes today.
func TestGenerateGoGolden(t *testing.T) {
	src, err := policy.GenerateGo(gentest.Schema, "gentest", gentest.Funcs...)
	require.NoError(t, err)
	testkit.GoldenAt(t, "internal/gentest/rules_gen.go", string(src))
}

// generated are rules_gen.go's functions by name.
var generated = map[string]func(*gentest.Row) bool{
	"Always": gentest.Always, "AmountGE": gentest.AmountGE, "AmountGT": gentest.AmountGT,
	"AmountLE": gentest.AmountLE, "AmountLT": gentest.AmountLT, "AmountEQ": gentest.AmountEQ,
	"AmountNE": gentest.AmountNE, "AmountMin": gentest.AmountMin, "AmountMax": gentest.AmountMax,
	"ShareGE": gentest.ShareGE, "ShareGT": gentest.ShareGT, "ShareLE": gentest.ShareLE,
	"ShareLT": gentest.ShareLT, "ShareEQ": gentest.ShareEQ, "ShareNE": gentest.ShareNE,
	"ShareNegative": gentest.ShareNegative, "ShareHuge": gentest.ShareHuge,
	"ShareAboveHuge": gentest.ShareAboveHuge, "ShareHugeNegative": gentest.ShareHugeNegative,
	"CountIn": gentest.CountIn, "CountGE": gentest.CountGE, "CountNE": gentest.CountNE, "CountLT": gentest.CountLT,
	"VIP": gentest.VIP, "NotVIP": gentest.NotVIP, "VIPFalse": gentest.VIPFalse, "VIPNotFalse": gentest.VIPNotFalse,
	"RiskEQ": gentest.RiskEQ, "RiskNE": gentest.RiskNE, "RiskIn": gentest.RiskIn, "RiskGE": gentest.RiskGE,
	"RiskLT": gentest.RiskLT, "RiskGT": gentest.RiskGT, "RiskLE": gentest.RiskLE,
	"SinceGE": gentest.SinceGE, "SinceNE": gentest.SinceNE, "SinceEQ": gentest.SinceEQ,
	"SinceLT": gentest.SinceLT, "SinceGT": gentest.SinceGT, "SinceLE": gentest.SinceLE,
	"SinceRange": gentest.SinceRange, "SinceTwoUpper": gentest.SinceTwoUpper, "RiskTwoUpper": gentest.RiskTwoUpper,
	"CountInRepeated": gentest.CountInRepeated, "Repeated": gentest.Repeated, "ShareRange": gentest.ShareRange,
	"NotNot": gentest.NotNot, "NotAllNot": gentest.NotAllNot, "All": gentest.All, "Any": gentest.Any, "Not": gentest.Not, "AtLeast": gentest.AtLeast, "Nested": gentest.Nested,
	"RiskBoth": gentest.RiskBoth, "CountEither": gentest.CountEither, "SinceBoth": gentest.SinceBoth,
	"AmountBoth": gentest.AmountBoth, "CountEitherNested": gentest.CountEitherNested,
	"TwoFieldsEQ": gentest.TwoFieldsEQ, "TwoFieldsNE": gentest.TwoFieldsNE, "SinceEither": gentest.SinceEither,
	"AndsUnderOr": gentest.AndsUnderOr,
}

// genSubjects are subjects at every edge of gentest's conditions, then
// random ones from a fixed seed: amounts at and beside each threshold and
// at the bounds; ratios with a negative part, a whole of 0 or below,
// parts far above the whole and at the int64 bounds, shares at and one
// unit beside 0.25, 0.5, 0.6 and 1; counts at each listed value and the
// bounds; each risk, none and one outside the enum; a zero date, dates
// at and beside each threshold, in Shanghai and in UTC late on the day
// before.
func genSubjects() []gentest.Subject {
	amounts := []int64{0, 1, -1, 10049, 10050, 10051, -299, -300, -301, 725, 99999, 100000, math.MaxInt64, math.MinInt64,
		999999999999999999, -999999999999999999}
	ratios := [][2]int64{{0, 0}, {1, 0}, {-1, 0}, {5, -1}, {-1, 4}, {-3, 4}, {-2, 4}, {1, 4}, {25, 100}, {2501, 10000},
		{2502, 10000}, {1, 2}, {5000, 10000}, {5001, 10000}, {4999, 10000}, {3, 5}, {6000, 10000}, {6001, 10000},
		{5999, 10000}, {1, 1}, {10001, 10000}, {math.MaxInt64, 1}, {math.MaxInt64, math.MaxInt64}, {math.MinInt64, 1},
		{math.MaxInt64 / 3, 7}, {1, math.MaxInt64}, {999999999999999999, 1}, {-999999999999999999, 1},
		{-1, 10000}, {-1, 10001}, {-2, 10000}, {-3, 20000}, {-5000, 10000}, {-5001, 10000}, {-10001, 20000},
		{-4999, 10000}, {-10003, 20000}}
	counts := []int64{0, 1, 2, 3, 4, 5, -1, -2, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	risks := []string{"", "C1", "C2", "C3", "C4", "C5", "c3", "X"}
	shanghai := time.FixedZone("CST", 8*3600)
	var dates []time.Time
	for _, d := range []string{"2020-01-01", "2021-06-30", "2000-02-29"} {
		day, _ := time.ParseInLocation(time.DateOnly, d, shanghai)
		dates = append(dates, day, day.AddDate(0, 0, 1), day.AddDate(0, 0, -1), day.Add(-time.Hour).UTC())
	}
	dates = append(dates, time.Time{})
	var out []gentest.Subject
	n := max(len(amounts), len(ratios), len(counts), len(risks), len(dates))
	for i := range n * 2 {
		out = append(out, gentest.Subject{
			Amount: amounts[i%len(amounts)], Part: ratios[i%len(ratios)][0], Whole: ratios[i%len(ratios)][1],
			Count: counts[i%len(counts)], VIP: i%2 == 0, Risk: risks[i%len(risks)], Since: dates[(i/2)%len(dates)],
		})
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func() bool { return rnd.IntN(3) == 0 }
	for range 20000 {
		s := gentest.Subject{
			Amount: rnd.Int64N(400000) - 100000, Whole: rnd.Int64N(20000), Count: rnd.Int64N(8) - 2,
			VIP: rnd.IntN(2) == 0, Risk: risks[rnd.IntN(len(risks))], Since: dates[rnd.IntN(len(dates))],
		}
		s.Part = rnd.Int64N(s.Whole+2) - 1
		if pick() {
			s.Amount = amounts[rnd.IntN(len(amounts))]
		}
		if pick() {
			r := ratios[rnd.IntN(len(ratios))]
			s.Part, s.Whole = r[0], r[1]
		}
		if pick() {
			s.Count = counts[rnd.IntN(len(counts))]
		}
		out = append(out, s)
	}
	return out
}

// Every generated function decides as the compiled rule does (a choice
// as the first case whose rule holds) on every subject of genSubjects,
// and loading a row changes nothing in the subject.
func TestGeneratedAgrees(t *testing.T) {
	load, err := policy.NewLoader(gentest.Schema, gentest.Layout)
	require.NoError(t, err)
	require.Equal(t, len(gentest.Row{}), load.Len())
	type rule struct {
		name string
		rule *policy.Rule[gentest.Subject]
		gen  func(*gentest.Row) bool
	}
	var rules []rule
	var level policy.GoFunc
	for _, f := range gentest.Funcs {
		if len(f.Cases) > 0 {
			level = f
			continue
		}
		gen, ok := generated[f.Name]
		require.True(t, ok, "%s is not in generated", f.Name)
		rules = append(rules, rule{f.Name, policy.Must(policy.Compile(gentest.Schema, f.When)), gen})
	}
	require.Len(t, generated, len(rules), "generated lists a function gentest.Funcs has not")
	cases := make([]*policy.Rule[gentest.Subject], len(level.Cases))
	for i, c := range level.Cases {
		cases[i] = policy.Must(policy.Compile(gentest.Schema, c.When))
	}
	held := map[string][2]int{} // per rule, the subjects where it fails and holds
	for i, s := range genSubjects() {
		before := s
		var row gentest.Row
		load.Load(&s, row[:])
		require.Equal(t, before, s, "Load changed subject %d", i)
		for _, r := range rules {
			want := r.rule.Eval(&s)
			require.Equal(t, want, r.gen(&row), "%s on subject %d %+v", r.name, i, s)
			h := held[r.name]
			h[b2i(want)]++
			held[r.name] = h
		}
		want := level.Else
		for j, c := range cases {
			if c.Eval(&s) {
				want = level.Cases[j].Value
				break
			}
		}
		require.Equal(t, want, gentest.Level(&row), "Level on subject %d %+v", i, s)
	}
	for _, r := range rules { // the subjects test both outcomes
		switch r.name {
		case "Always", "AmountMin", "AmountMax", "CountNE", "RiskLE":
			continue // true for every value an int64 or the enum can hold, or nearly
		case "RiskBoth", "SinceBoth", "AmountBoth":
			assert.Zero(t, held[r.name][1], "%s holds", r.name) // one field equal to two values
			continue
		case "CountEither", "CountEitherNested":
			assert.Zero(t, held[r.name][0], "%s fails", r.name) // one field unequal to one of two values
			continue
		}
		assert.Positive(t, held[r.name][0], "%s never fails", r.name)
		assert.Positive(t, held[r.name][1], "%s never holds", r.name)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// GenerateGo reports every problem at once, each located.
func TestGenerateGoProblems(t *testing.T) {
	good := policy.Field("vip").EQ(true)
	custom := policy.Custom("odd", func(s *gentest.Subject) bool { return s.Count%2 == 1 })
	tests := []struct {
		name  string
		pkg   string
		funcs []policy.GoFunc
		want  []string // "path: name: error"
	}{
		{"no funcs", "rules", nil, []string{"/funcs: : missing"}},
		{"bad package", "my-rules", []policy.GoFunc{{Name: "A", When: good}}, []string{"/package: my-rules: malformed"}},
		{"main package", "main", []policy.GoFunc{{Name: "A", When: good}}, []string{"/package: main: malformed"}},
		{"blank package", "_", []policy.GoFunc{{Name: "A", When: good}}, []string{"/package: _: malformed"}},
		{"names", "rules", []policy.GoFunc{{Name: "a", When: good}, {Name: "Row", When: good}, {Name: "Layout"},
			{Name: "B", When: good}, {Name: "B", When: good}, {Name: "C d"}},
			[]string{"/funcs/0/name: a: malformed", "/funcs/1/name: Row: malformed", "/funcs/2/name: Layout: malformed",
				"/funcs/4/name: B: duplicate", "/funcs/5/name: C d: malformed"}},
		{"docs and else", "rules", []policy.GoFunc{{Name: "A", When: good, Doc: "two\nlines"}, {Name: "B", When: good, Doc: "nul\x00"},
			{Name: "C", When: good, Doc: "not \xff UTF-8"}, {Name: "D", When: good, Else: 2}, {Name: "E", When: good, Doc: "is fine: ✓ 私行"}},
			[]string{"/funcs/0/doc: A: malformed", "/funcs/1/doc: B: malformed", "/funcs/2/doc: C: malformed", "/funcs/3/else: D: malformed"}},
		{"conditions", "rules", []policy.GoFunc{
			{Name: "A", When: policy.All(good, policy.Field("nope").EQ(1))},
			{Name: "B", When: policy.Any(good, policy.Not(custom))},
			{Name: "C", When: good, Cases: []policy.GoCase{{When: good}, {When: policy.Field("risk").EQ("C9")}}},
		}, []string{"/funcs/0/when/all/1/field: nope: unknown", "/funcs/1/when/any/1/not: odd: written in Go, no data form",
			"/funcs/2/when: C: malformed", "/funcs/2/cases/1/when/value: C9: unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := policy.GenerateGo(gentest.Schema, tt.pkg, tt.funcs...)
			require.Error(t, err)
			assert.Nil(t, src)
			assert.Equal(t, tt.want, problemLines(t, err))
		})
	}
}

// NewLoader refuses a layout that the schema of run time does not match,
// each line's problem located; an empty layout loads nothing.
func TestNewLoaderProblems(t *testing.T) {
	protected, err := gentest.Schema.Protect("count")
	require.NoError(t, err)
	tests := []struct {
		name   string
		schema *policy.Schema[gentest.Subject]
		layout string
		want   []string
	}{
		{"kinds changed", gentest.Schema, "amount decimal 4\nshare decimal 4\ncount int\nvip int\nrisk enum \"C1\" \"C2\"\nsince date",
			[]string{"/0: amount: type mismatch", "/1: share: type mismatch", "/3: vip: type mismatch", "/4: risk: type mismatch"}},
		{"unknown and malformed", gentest.Schema, "aum decimal 4\n\nAmount decimal 2\namount decimal 2",
			[]string{"/0: aum: unknown", "/1: : malformed", "/2: Amount decimal 2: malformed"}},
		{"protected", protected, "count int", []string{"/0: count: protected field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := policy.NewLoader(tt.schema, tt.layout)
			require.Error(t, err)
			assert.Nil(t, l)
			assert.Equal(t, tt.want, problemLines(t, err))
		})
	}
	l, err := policy.NewLoader(gentest.Schema, "")
	require.NoError(t, err)
	assert.Zero(t, l.Len())
	l.Load(&gentest.Subject{}, nil)
	l, err = policy.NewLoader(gentest.Schema, gentest.Layout+"\n") // as a file keeps it
	require.NoError(t, err)
	assert.Equal(t, len(gentest.Row{}), l.Len())
}

// Text that a line comment cannot hold (an enum value with a line break,
// a byte order mark, a byte that is not UTF-8) is escaped in the
// generated comments and quoted in Layout; the file parses and its
// loader reads the values back.
func TestGenerateGoEscapes(t *testing.T) {
	values := []string{"\ufeffC1", "a\nb", "\xff", "*/`"}
	type subject struct{ v string }
	s := policy.Must(policy.NewSchema(policy.Enum("v", values, func(s *subject) string { return s.v })))
	var funcs []policy.GoFunc
	for i, v := range values {
		funcs = append(funcs, policy.GoFunc{Name: "V" + strconv.Itoa(i), When: policy.Field("v").EQ(v)})
	}
	src, err := policy.GenerateGo(s, "rules", funcs...)
	require.NoError(t, err)
	text := string(src)
	assert.Contains(t, text, `//	v == "\ufeffC1"`)
	assert.Contains(t, text, `//	v == "a\nb"`)
	assert.Contains(t, text, `//	v == "\ufffd"`) // the text form writes a byte that is not UTF-8 so
	assert.NotContains(t, text, "\ufeff")
	assert.NotContains(t, text, "\xff")
	assert.True(t, utf8.ValidString(text))
	layout := regexp.MustCompile(`const Layout = (".*")`).FindStringSubmatch(text)
	require.Len(t, layout, 2)
	unquoted, err := strconv.Unquote(layout[1])
	require.NoError(t, err)
	load, err := policy.NewLoader(s, unquoted)
	require.NoError(t, err)
	for i, v := range values {
		row := make([]int64, load.Len())
		load.Load(&subject{v}, row)
		assert.Equal(t, []int64{int64(i)}, row, "value %q", v)
	}
}

// Loading a row allocates nothing, and loading from many goroutines at
// once is safe (run with -race).
func TestLoaderConcurrent(t *testing.T) {
	load := policy.Must(policy.NewLoader(gentest.Schema, gentest.Layout))
	subjects := genSubjects()[:500]
	var row gentest.Row
	assert.Zero(t, testing.AllocsPerRun(100, func() { load.Load(&subjects[7], row[:]) }))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var row gentest.Row
			for i := g; i < len(subjects); i += 4 {
				load.Load(&subjects[i], row[:])
				if gentest.Level(&row) < -1 {
					t.Error("impossible level")
				}
			}
		}()
	}
	wg.Wait()
}

// problemLines is each problem of err as "path: name: error".
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	var ps policy.Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+": "+p.Name+": "+p.Err.Error())
	}
	return got
}

// A generated Row holds a client's values: it prints, logs and marshals
// redacted in every channel.
func TestGeneratedRowRedacted(t *testing.T) {
	load := policy.Must(policy.NewLoader(gentest.Schema, gentest.Layout))
	var row gentest.Row
	load.Load(&gentest.Subject{Amount: 987654321, Count: 8642, Part: 13579, Whole: 97531}, row[:])
	testkit.AssertRedacted(t, row, "987654321", "8642", "13579", "97531")
}
