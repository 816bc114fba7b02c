package tier_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// sampleBook returns the figures of the first n clients of a sample book
// with a quarter of daily balances, so that every balance measure has
// history and the qualification sees spikes.
func sampleBook(t testing.TB, n int) []*vipcare.Figures {
	t.Helper()
	o := sample.Options{Seed: 9, DailyDays: 92}
	v := sample.Valuation(o)
	out := make([]*vipcare.Figures, 0, n)
	for _, p := range sample.Profiles(o, n) {
		out = append(out, testkit.Figures(t, &p, v))
	}
	return out
}

// houseEnv is an environment with a bank's own measure, "house": AUM plus
// half the off-bank wealth.
func houseEnv(t testing.TB) *vipcare.Env {
	t.Helper()
	house := tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM + f.OffBank/2, nil })
	env, err := policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("house", house))
	require.NoError(t, err)
	return env
}

// decide returns what l, compiled from spec, decides for f, with tiers by
// rank so that ladders whose tiers are named otherwise compare: the tier,
// the qualification and its limit, and the lifecycle step of the period
// from no tier and from every rung, held and on watch.
func decide(t testing.TB, spec tier.LadderSpec, l *tier.Ladder, f *vipcare.Figures) string {
	t.Helper()
	got, err := l.Assign(f)
	require.NoError(t, err)
	q, err := l.Qualify(f)
	require.NoError(t, err)
	o, err := l.Observe(f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	o.Limit = q.Limit
	var b strings.Builder
	fmt.Fprintf(&b, "tier %d; %s; no upgrade %t, cap %d, unassign %t, code %s;", got.Rank, q,
		q.Limit.NoUpgrade, q.Limit.Cap.Rank, q.Limit.Unassign, q.Limit.Code)
	starts := []tier.State{{}}
	for _, r := range spec.Rungs {
		starts = append(starts, tier.State{Tier: r.Tier}, tier.State{Tier: r.Tier, Below: 2})
	}
	for _, s := range starts {
		st := l.Step(s, o)
		fmt.Fprintf(&b, " %d/%d→%d/%d %s %t %d;", s.Tier.Rank, s.Below, st.After.Tier.Rank, st.After.Below,
			st.Code, st.ConditionFailed, st.Threshold)
	}
	return b.String()
}

// TestLadderSpecJSONRoundTrip: a ladder spec is plain data whatever its
// measures, built-in or registered, and decodes to a spec that marshals
// the same and decides the same on a sample book.
func TestLadderSpecJSONRoundTrip(t *testing.T) {
	env := houseEnv(t)
	book := sampleBook(t, 1000)
	for _, m := range []string{"", "aum", "adb_month", "adb_quarter", "best_monthly_adb_3", "house"} {
		t.Run("measure "+m, func(t *testing.T) {
			spec := tier.Reference()
			spec.Measure = m
			spec.Qualification.Average = m
			spec.Rungs[4].When = policy.Field("entrepreneur").EQ(true)
			spec.Rungs[2].Keep = tier.Keep{Grace: 2, Retain: testkit.Dec("0.9")}
			spec.Qualification.OnWatch.Cap = tier.Ref{Rank: 30}
			b, err := json.Marshal(spec)
			require.NoError(t, err)
			var back tier.LadderSpec
			require.NoError(t, json.Unmarshal(b, &back))
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.JSONEq(t, string(b), string(again))
			assert.Equal(t, m, back.Measure)
			assert.Equal(t, m, back.Qualification.Average)
			assert.Equal(t, spec.Qualification.OnDisqualified, back.Qualification.OnDisqualified)

			want := policy.Must(spec.Compile(env))
			got, err := back.Compile(env)
			require.NoError(t, err)
			for _, f := range book {
				require.Equal(t, decide(t, spec, want, f), decide(t, back, got, f), f.Profile.ID)
				we, err := want.Explain(f, policy.ExplainOptions{Values: true})
				require.NoError(t, err)
				ge, err := got.Explain(f, policy.ExplainOptions{Values: true})
				require.NoError(t, err)
				require.Equal(t, we, ge, f.Profile.ID)
			}
		})
	}

	t.Run("the reference spec's JSON", func(t *testing.T) {
		b, err := json.Marshal(tier.Reference())
		require.NoError(t, err)
		s := string(b)
		assert.NotContains(t, s, `"measure"`, "the default measure is left out")
		assert.Contains(t, s, `"on_disqualified":{"cap":{"role":"lowest"}}`, "the cap by role")
		assert.Contains(t, s, `"on_watch":{"no_upgrade":true}`, "no cap, none written")
		assert.NotContains(t, s, `"mass"`+`,"rank":10},"qualification"`)
	})
}

// TestMeasureNames: a name that is no built-in or registered measure is
// located, with both as choices.
func TestMeasureNames(t *testing.T) {
	env := houseEnv(t)
	builtins := []string{"aum", "adb_month", "adb_quarter", "best_monthly_adb_<n>"}
	tests := []struct {
		name, measure string
		env           *vipcare.Env
		err           error
		choices       []string
	}{
		{"a typo", "adb_mnth", env, policy.ErrUnknown, append(builtins, "house")},
		{"a week", "adb_week", nil, policy.ErrUnknown, builtins},
		{"not a number of months", "best_monthly_adb_x", nil, policy.ErrUnknown, builtins},
		{"a number not written plainly", "best_monthly_adb_03", nil, policy.ErrUnknown, builtins},
		{"a registered measure in another environment", "house", nil, policy.ErrUnknown, builtins},
		{"best of 0 months", "best_monthly_adb_0", nil, policy.ErrOutOfRange, nil},
		{"best of 121 months", "best_monthly_adb_121", nil, policy.ErrOutOfRange, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tier.Reference()
			spec.Measure = tt.measure
			spec.Qualification.Average = tt.measure
			_, err := spec.Compile(tt.env)
			testkit.CheckProblems(t, err,
				testkit.Want{Path: "/measure", Name: tt.measure, Err: tt.err},
				testkit.Want{Path: "/qualification/average", Name: tt.measure, Err: tt.err})
			for _, p := range testkit.Problems(t, err) {
				assert.Equal(t, tt.choices, p.Choices)
			}
		})
	}
	for _, m := range []string{"best_monthly_adb_1", "best_monthly_adb_120", "house"} {
		spec := tier.Reference()
		spec.Measure = m
		_, err := spec.Compile(env)
		assert.NoError(t, err, m)
	}
}

// TestMeasurePartExplanationName: a registered measure is called by its
// String method if it has one, else by its registered name.
func TestMeasurePartExplanationName(t *testing.T) {
	env, err := policy.Must(vipcare.NewEnv(nil)).WithParts(
		tier.MeasurePart("month_average", tier.ADB(tier.Month)),
		tier.MeasurePart("plain", tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM, nil })))
	require.NoError(t, err)
	f := sampleBook(t, 1)[0]
	for m, want := range map[string]string{"month_average": "ADB of the month", "plain": "plain"} {
		spec := tier.Reference()
		spec.Measure = m
		e, err := policy.Must(spec.Compile(env)).Explain(f, policy.ExplainOptions{})
		require.NoError(t, err)
		assert.Equal(t, want, e.Measure)
	}
}

// TestChineseTierNames: the reference ladder refers to its tiers by role
// and rank, never by name, so renaming every tier decides the same.
func TestChineseTierNames(t *testing.T) {
	spec := tier.Reference()
	renamed := tier.Reference()
	for i, name := range []string{"普通", "金卡", "白金", "钻石", "私行"} {
		renamed.Rungs[i].Tier.Name = name
	}
	want := compile(t, spec)
	got := compile(t, renamed)
	assert.Equal(t, []string{"普通", "金卡", "白金", "钻石", "私行"}, got.Classes())
	capped := 0
	for _, f := range sampleBook(t, 2000) {
		require.Equal(t, decide(t, spec, want, f), decide(t, renamed, got, f), f.Profile.ID)
		if q, _ := got.Qualify(f); q.Limit.Cap != (tier.Ref{}) {
			capped++
			assert.Equal(t, tier.Ref{Name: "普通", Rank: 10}, q.Limit.Cap, "the cap resolved to the renamed lowest tier")
		}
	}
	assert.Positive(t, capped, "the book has disqualified clients, capped at the lowest tier")
}

// TestRefs: a limit's cap refers to a tier by role, rank or name, and is
// resolved to the tier at compile time; a reference to no tier is located.
func TestRefs(t *testing.T) {
	type want = testkit.Want
	tiers := []string{"mass", "gold", "platinum", "diamond", "private banking"}
	tests := []struct {
		name  string
		ref   tier.Ref
		cap   tier.Ref // the cap the qualification's limit has
		err   *want
		words string // in the problem's words
	}{
		{"lowest", tier.Ref{Role: "lowest"}, refCap("mass"), nil, ""},
		{"highest", tier.Ref{Role: "highest"}, refCap("private banking"), nil, ""},
		{"by rank", tier.Ref{Rank: 30}, refCap("platinum"), nil, ""},
		{"by name", tier.Ref{Name: "gold"}, refCap("gold"), nil, ""},
		{"by name and rank", tier.Ref{Name: "gold", Rank: 20}, refCap("gold"), nil, ""},
		{"none", tier.Ref{}, tier.Ref{}, nil, ""},
		{"a role and a name", tier.Ref{Role: "lowest", Name: "mass"}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Name: "lowest", Err: policy.ErrMalformed}, ""},
		{"an unknown role", tier.Ref{Role: "lowermost"}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap/role", Name: "lowermost", Err: policy.ErrUnknown}, ""},
		{"a rank between rungs", tier.Ref{Rank: 25}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Err: policy.ErrUnknown}, ""},
		{"an unknown name", tier.Ref{Name: "titanium"}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Name: "titanium", Err: policy.ErrUnknown}, ""},
		{"an unknown name and a rank", tier.Ref{Name: "titanium", Rank: 30}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Name: "titanium", Err: policy.ErrUnknown}, ""},
		// The name and the rank are both known, of different tiers: the
		// spec contradicts itself, and the words say how.
		{"a name and another's rank", tier.Ref{Name: "gold", Rank: 30}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Name: "gold", Err: policy.ErrMalformed},
			`the name and the rank name different tiers: "gold" is rank 20, rank 30 is "platinum"`},
		{"a name and a rank of no tier", tier.Ref{Name: "gold", Rank: 25}, tier.Ref{},
			&want{Path: "/qualification/on_disqualified/cap", Name: "gold", Err: policy.ErrMalformed},
			`the name "gold" is the tier of rank 20, and no tier has rank 25`},
	}
	dormant := qualifiedClient()
	dormant.LastActive = testkit.Day(2024, 1, 1)
	f := testkit.Figures(t, &dormant, testkit.Valuation(qualifyAsOf))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tier.Reference()
			spec.Qualification.OnDisqualified.Cap = tt.ref
			l, err := spec.Compile(nil)
			if tt.err != nil {
				testkit.CheckProblems(t, err, *tt.err)
				if tt.words != "" {
					assert.Contains(t, err.Error(), tt.words)
					assert.Empty(t, testkit.Problems(t, err)[0].Choices)
				} else if tt.ref.Role == "" {
					assert.Equal(t, tiers, testkit.Problems(t, err)[0].Choices)
				} else if tt.ref.Name == "" {
					assert.Equal(t, []string{"lowest", "highest"}, testkit.Problems(t, err)[0].Choices)
				}
				return
			}
			require.NoError(t, err)
			q, err := l.Qualify(f)
			require.NoError(t, err)
			assert.Equal(t, tt.cap, q.Limit.Cap)
		})
	}
}

// TestLimitCode: the code of a qualification's limit is the flag's, set
// when qualifying; a spec's limit that sets one is refused where it does,
// rather than silently overwritten.
func TestLimitCode(t *testing.T) {
	words := "the code is set by the qualification"
	t.Run("in a spec", func(t *testing.T) {
		spec := tier.Reference()
		spec.Qualification.OnWatch.Code = "manual_review"
		spec.Qualification.OnDisqualified.Code = "dormant"
		_, err := spec.Compile(nil)
		testkit.CheckProblems(t, err,
			testkit.Want{Path: "/qualification/on_watch/code", Name: "manual_review", Err: policy.ErrMalformed},
			testkit.Want{Path: "/qualification/on_disqualified/code", Name: "dormant", Err: policy.ErrMalformed})
		assert.Equal(t, 2, strings.Count(err.Error(), words), "%v", err)
	})
	t.Run("in a document", func(t *testing.T) {
		b, err := json.Marshal(tier.Reference())
		require.NoError(t, err)
		doc := strings.Replace(string(b), `"on_watch":{"no_upgrade":true}`, `"on_watch":{"no_upgrade":true,"code":"x"}`, 1)
		var spec tier.LadderSpec
		require.NoError(t, json.Unmarshal([]byte(doc), &spec))
		_, err = spec.Compile(nil)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/qualification/on_watch/code", Name: "x", Err: policy.ErrMalformed})
	})
	t.Run("set when qualifying", func(t *testing.T) {
		l := policy.Must(tier.Reference().Compile(nil))
		dormant := qualifiedClient()
		dormant.LastActive = testkit.Day(2024, 1, 1)
		q, err := l.Qualify(testkit.Figures(t, &dormant, testkit.Valuation(qualifyAsOf)))
		require.NoError(t, err)
		assert.Equal(t, vipcare.Code("dormant"), q.Limit.Code)
	})
}

// TestStepCapByRef: an observation's limit built by hand caps by rank,
// else by role, else by name; a cap that is no rung leaves no tier.
func TestStepCapByRef(t *testing.T) {
	l := compile(t, plain())
	p := client("C", "3000000")
	o, err := l.Observe(figures(t, &p), tier.MonthOf(asOf))
	require.NoError(t, err)
	diamond := tier.State{Tier: refTier("diamond")}
	tests := []struct {
		name  string
		cap   tier.Ref
		after string
	}{
		{"none", tier.Ref{}, "diamond"},
		{"a rank between rungs", tier.Ref{Rank: 25}, "gold"},
		{"a rank below every rung", tier.Ref{Rank: 5}, "unassigned"},
		{"lowest", tier.Ref{Role: "lowest"}, "mass"},
		{"highest", tier.Ref{Role: "highest"}, "diamond"},
		{"an unknown role", tier.Ref{Role: "top"}, "unassigned"},
		{"a name", tier.Ref{Name: "platinum"}, "platinum"},
		{"an unknown name", tier.Ref{Name: "titanium"}, "unassigned"},
		{"the rank wins over the name", tier.Ref{Name: "platinum", Rank: 20}, "gold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := o
			o.Limit = tier.Limit{Cap: tt.cap}
			assert.Equal(t, tt.after, l.Step(diamond, o).After.Tier.String())
		})
	}
}

// TestRepeatedThreshold: a rung's extra condition that compares the
// ladder's own measure repeats its threshold, and is refused where it
// does; on another measure, the same condition is a condition like any.
func TestRepeatedThreshold(t *testing.T) {
	aum := policy.Field("aum")
	tests := []struct {
		name string
		when policy.Cond
		path string // "" for none
	}{
		{"the threshold again", aum.GE("6000000"), "/rungs/4/when/field"},
		{"inside a combination", policy.All(policy.Field("entrepreneur").EQ(true), policy.Not(aum.LT(1))),
			"/rungs/4/when/all/1/not/field"},
		{"another field", policy.Field("wealth").GE("10000000"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, m := range []string{"", "aum", "adb_month", "house"} {
				spec := tier.Reference()
				spec.Measure = m
				spec.Rungs[4].When = tt.when
				_, err := spec.Compile(houseEnv(t))
				if tt.path == "" || m == "adb_month" || m == "house" {
					assert.NoError(t, err, "measure %q", m)
					continue
				}
				testkit.CheckProblems(t, err, testkit.Want{Path: tt.path, Name: "aum", Err: policy.ErrDuplicate})
				assert.Contains(t, err.Error(), "threshold", "the words say why")
			}
		})
	}
}
