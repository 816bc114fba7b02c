package book_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// genderEnv protects gender, read from the resident ID number.
var genderEnv = policy.Must(policy.Must(vipcare.NewEnv(nil,
	policy.Enum("gender", []string{"female", "male", "unknown"}, gender))).Protect("gender"))

// The perturbations of the tests.
var (
	older       = func(p *vipcare.Profile) { p.Birth = p.Birth.AddDate(-10, 0, 0) }
	younger     = func(p *vipcare.Profile) { p.Birth = p.Birth.AddDate(15, 0, 0) }
	otherGender = func(p *vipcare.Profile) { p.ID = p.ID[:16] + strconv.Itoa(9-int(p.ID[16]-'0')) + p.ID[17:] }
	nothing     = func(*vipcare.Profile) {}
)

// genderAware is the reference with strategies and a signal that read
// gender, both justified: a policy that does treat clients by gender.
func genderAware(t testing.TB) *playbook.Playbook {
	t.Helper()
	s := playbook.Reference(sample.Shelf())
	male := policy.Field("gender").EQ("male")
	s.Strategies.Rules[3].When = policy.All(s.Strategies.Rules[3].When, male)
	s.Needs.Scorecards[1].Signals[2].When = policy.Any(s.Needs.Scorecards[1].Signals[2].When, male)
	s.Justifications = append(s.Justifications,
		playbook.Justification{Field: "gender", Where: "/strategies/rules/3", Reason: "a test of the fairness check"},
		playbook.Justification{Field: "gender", Where: "/needs/scorecards/1", Reason: "a test of the fairness check"})
	pb, err := s.Compile(genderEnv)
	require.NoError(t, err)
	return pb
}

// recountFairness counts, client by client from the records of the two
// decisions, the clients whose decision differs in each part: the naive
// reference of Fairness's part rows.
func recountFairness(t *testing.T, b []vipcare.Profile, v vipcare.Valuation, pb *playbook.Playbook,
	perturb func(*vipcare.Profile)) (parts map[string]int, changed int) {
	t.Helper()
	parts = map[string]int{}
	for _, p := range b {
		q := p
		perturb(&q)
		da, err := pb.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		db, err := pb.Decide(&q, v, playbook.Options{}, nil)
		require.NoError(t, err)
		ra, rb := pb.Record("c", &da), pb.Record("c", &db)
		diff := map[string]bool{
			"tier":    ra.Tier != rb.Tier || ra.Ladder != rb.Ladder || ra.Qualification != rb.Qualification || !slices.Equal(ra.Flags, rb.Flags),
			"segment": ra.Segment != rb.Segment,
			"needs":   mustJSON(t, ra.Needs) != mustJSON(t, rb.Needs),
			"strategy": ra.Strategy != rb.Strategy || ra.Rule != rb.Rule || ra.RuleCode != rb.RuleCode ||
				!slices.Equal(ra.Constraints, rb.Constraints) || ra.Minutes != rb.Minutes,
			"plays": playSet(ra) != playSet(rb),
			"tasks": mustJSON(t, ra.Tasks) != mustJSON(t, rb.Tasks),
		}
		any := false
		for part, d := range diff {
			if d {
				parts[part]++
				any = true
			}
		}
		if any {
			changed++
		}
	}
	return parts, changed
}

// playSet is the plays of a record with their fit and products, in play
// order: what a client is offered, whatever the ranking.
func playSet(r playbook.Record) string {
	plays := slices.Clone(r.Plays)
	for i := range plays {
		plays[i].Need, plays[i].Strength = "", 0
	}
	slices.SortFunc(plays, func(x, y playbook.RecordPlay) int {
		if x.Play < y.Play {
			return -1
		}
		if x.Play > y.Play {
			return 1
		}
		return 0
	})
	b, err := json.Marshal(plays)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// mustJSON returns v's JSON form.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// partRows returns the rows of r that count a whole part, by part.
func partRows(r book.FairnessReport) map[string]int {
	out := map[string]int{}
	for _, c := range r.Changes {
		if c.What == "" {
			out[c.Part] = c.Clients
		}
	}
	return out
}

func TestFairnessAgainstNaiveRecount(t *testing.T) {
	o := sample.Options{Seed: 6}
	v := sample.Valuation(o)
	b := slices.Collect(residents(sample.Seq(o, 600)))
	ref := policy.Must(playbook.Reference(sample.Shelf()).Compile(genderEnv))
	aware := genderAware(t)
	tests := []struct {
		name    string
		pb      *playbook.Playbook
		perturb func(*vipcare.Profile)
		passes  bool
		parts   []string // the parts that change, where it does not pass
	}{
		{"no change, no difference", ref, nothing, true, nil},
		{"the reference, ten years older", ref, older, false, []string{"needs", "plays"}},
		{"the reference, fifteen years younger", ref, younger, false, []string{"needs", "plays"}},
		{"the reference, the other gender", ref, otherGender, true, nil},
		{"a policy reading gender, the other gender", aware, otherGender, false, []string{"needs", "strategy", "plays", "tasks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := deepCopy(b)
			want, changed := recountFairness(t, b, v, tt.pb, tt.perturb)
			var first book.FairnessReport
			for _, workers := range []int{0, 1, 3} {
				r, err := book.Fairness(slices.Values(b), v, tt.pb, tt.perturb, book.Options{Workers: workers})
				require.NoError(t, err)
				assert.Equal(t, before, b, "the book is unchanged")
				if workers == 0 {
					first = r
				} else {
					require.Equal(t, first, r, "workers %d: the same report", workers)
				}
			}
			r := first
			assert.Equal(t, len(b), r.Clients)
			assert.Equal(t, changed, r.Changed)
			assert.Equal(t, tt.passes, r.Changed == 0)
			got := partRows(r)
			require.Len(t, got, 6, "a row for every part")
			for _, part := range []string{"tier", "segment", "needs", "strategy", "plays", "tasks"} {
				assert.Equal(t, want[part], got[part], part)
				assert.Equal(t, got[part] > 0, slices.Contains(tt.parts, part), "%s changes: %d", part, got[part])
			}
			// Every way of a part counts at most the part's clients, and
			// at least one way covers each changed part.
			ways := map[string]int{}
			for _, c := range r.Changes {
				if c.What != "" {
					assert.Positive(t, c.Clients, c.What)
					assert.LessOrEqual(t, c.Clients, got[c.Part], c.What)
					ways[c.Part] = max(ways[c.Part], c.Clients)
				}
			}
			for part, n := range got {
				assert.Equal(t, n > 0, ways[part] > 0, part)
			}
			assert.NotContains(t, r.String(), b[0].ID[:10], "no client printed")
		})
	}
}

// The ways a part changed name what changed: the justified need only, for
// age; the strategies moved between, for gender.
func TestFairnessWays(t *testing.T) {
	o := sample.Options{Seed: 6}
	v := sample.Valuation(o)
	b := slices.Collect(residents(sample.Seq(o, 600)))
	r, err := book.Fairness(slices.Values(b), v, policy.Must(playbook.Reference(sample.Shelf()).Compile(nil)), older, book.Options{})
	require.NoError(t, err)
	for _, c := range r.Changes {
		if c.Part == "needs" && c.What != "" {
			assert.Equal(t, "preservation", c.What, "only the need whose signal reads age")
		}
	}
	r, err = book.Fairness(slices.Values(b), v, genderAware(t), otherGender, book.Options{})
	require.NoError(t, err)
	var strategyWays []string
	for _, c := range r.Changes {
		if c.Part == "strategy" && c.What != "" {
			strategyWays = append(strategyWays, c.What)
		}
		if c.Part == "needs" && c.What != "" {
			assert.Equal(t, "recognition", c.What)
		}
	}
	require.NotEmpty(t, strategyWays)
	for _, w := range strategyWays {
		assert.Contains(t, w, " -> ", "the strategy moved")
	}
}

func TestFairnessProblems(t *testing.T) {
	pb := policy.Must(playbook.Reference(sample.Shelf()).Compile(nil))
	o := sample.Options{Seed: 6}
	v := sample.Valuation(o)
	_, err := book.Fairness(sample.Seq(o, 10), v, nil, nil, book.Options{})
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/playbook", Err: policy.ErrMissing},
		testkit.Want{Path: "/perturb", Err: policy.ErrMissing})

	const secret = "SECRET-4711"
	b := slices.Collect(sample.Seq(o, 20))
	noRate := func(p *vipcare.Profile) {
		if p.ID == b[7].ID {
			hs := slices.Clone(p.Holdings) // a new slice: the book's is not changed
			hs[0].Amount = testkit.Money("123456.78", "JPY")
			p.Holdings, p.ID = hs, secret
		}
	}
	before := deepCopy(b)
	for _, workers := range []int{0, 3} {
		_, err = book.Fairness(slices.Values(b), v, pb, noRate, book.Options{Workers: workers})
		checkReportError(t, err, testkit.Want{Path: "/book/7/perturbed/holdings/0/amount", Err: vipcare.ErrNoRate}, secret)
		assert.Equal(t, before, b)
	}

	r, err := book.Fairness(nil, v, pb, nothing, book.Options{})
	require.NoError(t, err)
	assert.Zero(t, r.Clients)
	assert.Contains(t, r.String(), "0 clients, 0 decided otherwise (-)\n")
}
