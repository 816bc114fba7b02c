package playbook_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// ageEnv is the default environment with age allowed, for compiling alone
// a part that reads it, such as needs.Reference: the caller justifies it.
var ageEnv = policy.Must((*vipcare.Env)(nil).Allow("age"))

// bankEnv is a bank's environment: gender and region, read from a
// resident ID number in the profile's ID (the 17th digit odd for a man;
// the first two digits the province), protected with age.
var bankEnv = policy.Must(policy.Must(vipcare.NewEnv(nil,
	policy.Enum("gender", []string{"female", "male", "unknown"}, func(f *vipcare.Figures) string {
		id := f.Profile.ID
		switch {
		case len(id) != 18 || id[16] < '0' || id[16] > '9':
			return "unknown"
		case (id[16]-'0')%2 == 1:
			return "male"
		}
		return "female"
	}),
	policy.Int("region", func(f *vipcare.Figures) int64 {
		if n, err := strconv.Atoi(f.Profile.ID[:min(2, len(f.Profile.ID))]); err == nil {
			return int64(n)
		}
		return 0
	}),
)).Protect("gender", "region"))

// why is a justification's reason in tests.
const why = "a reason the committee accepted"

func TestProtectedReadsRefused(t *testing.T) {
	f := policy.Field
	male := f("gender").EQ("male")
	tests := []struct {
		name string
		edit func(s *playbook.Spec)
		want []testkit.Want
	}{
		{"the reference without its justification", func(s *playbook.Spec) { s.Justifications = nil },
			[]testkit.Want{{Path: "/needs/scorecards/2/signals/1/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a justification elsewhere covers nothing", func(s *playbook.Spec) {
			s.Justifications = []playbook.Justification{{Field: "age", Where: "/needs/scorecards/1", Reason: why}}
		}, []testkit.Want{{Path: "/needs/scorecards/2/signals/1/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a pointer covers whole steps, not a prefix of one", func(s *playbook.Spec) {
			s.Justifications = []playbook.Justification{{Field: "age", Where: "/needs/scorecards/2/sig", Reason: why}}
		}, []testkit.Want{{Path: "/needs/scorecards/2/signals/1/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a justification of another field covers nothing", func(s *playbook.Spec) {
			s.Justifications[0].Field = "gender"
		}, []testkit.Want{{Path: "/needs/scorecards/2/signals/1/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a ladder rung", func(s *playbook.Spec) { s.Ladder.Rungs[4].When = male },
			[]testkit.Want{{Path: "/ladder/rungs/4/when/field", Name: "gender", Err: policy.ErrProtected}}},
		{"a qualification rule", func(s *playbook.Spec) {
			s.Ladder.Qualification.Rules[1].When = policy.All(s.Ladder.Qualification.Rules[1].When, f("region").NE(65))
		}, []testkit.Want{{Path: "/ladder/qualification/rules/1/when/all/1/field", Name: "region", Err: policy.ErrProtected}}},
		{"a segmentation's score", func(s *playbook.Spec) { s.Segmentation.Dimensions[2].Score = "region" },
			[]testkit.Want{{Path: "/segmentation/dimensions/2/score", Name: "region", Err: policy.ErrProtected}}},
		{"a suitability requirement", func(s *playbook.Spec) {
			s.Needs.Pack.Require = []needs.Requirement{{Check: "k", Code: "c", From: needs.R4, When: f("age").LT(70)}}
		}, []testkit.Want{{Path: "/needs/pack/require/0/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a strategy rule, every read at once", func(s *playbook.Spec) {
			s.Strategies.Rules[1].When = policy.Any(s.Strategies.Rules[1].When, male)
			s.Strategies.Rules[3].When = policy.All(s.Strategies.Rules[3].When, f("region").EQ(11), f("age").LT(40))
		}, []testkit.Want{
			{Path: "/strategies/rules/1/when/any/1/field", Name: "gender", Err: policy.ErrProtected},
			{Path: "/strategies/rules/3/when/all/1/field", Name: "region", Err: policy.ErrProtected},
			{Path: "/strategies/rules/3/when/all/2/field", Name: "age", Err: policy.ErrProtected},
		}},
		{"a trigger", func(s *playbook.Spec) { s.Triggers.When = map[string]policy.Cond{"birthday": f("age").GE(60)} },
			[]testkit.Want{{Path: "/triggers/when/birthday/field", Name: "age", Err: policy.ErrProtected}}},
		{"a named condition", func(s *playbook.Spec) {
			s.Conditions = []playbook.Condition{{Name: "southern", When: f("region").GE(44)}}
		}, []testkit.Want{{Path: "/conditions/0/when/field", Name: "region", Err: policy.ErrProtected}}},
		{"a named condition reading a protected field is protected", func(s *playbook.Spec) {
			s.Conditions = []playbook.Condition{{Name: "man", When: male}}
			s.Justifications = append(s.Justifications, playbook.Justification{Field: "gender", Where: "/conditions/0", Reason: why})
			s.Strategies.Rules[0].When = policy.All(s.Strategies.Rules[0].When, f("man").EQ(true))
		}, []testkit.Want{{Path: "/strategies/rules/0/when/all/1/field", Name: "man", Err: policy.ErrProtected}}},
		{"and so is one that reads it", func(s *playbook.Spec) {
			s.Conditions = []playbook.Condition{{Name: "old_man", When: policy.All(f("man").EQ(true), f("age").GE(60))},
				{Name: "man", When: male}}
			s.Justifications = append(s.Justifications, playbook.Justification{Field: "gender", Where: "/conditions/1", Reason: why},
				playbook.Justification{Field: "man", Where: "/conditions/0", Reason: why},
				playbook.Justification{Field: "age", Where: "/conditions/0", Reason: why})
			s.Ladder.Rungs[3].When = f("old_man").EQ(false)
		}, []testkit.Want{{Path: "/ladder/rungs/3/when/field", Name: "old_man", Err: policy.ErrProtected}}},
		{"a condition that fails for a protected read is its own problem only", func(s *playbook.Spec) {
			s.Conditions = []playbook.Condition{{Name: "old_man", When: policy.All(f("man").EQ(true), f("age").GE(60))},
				{Name: "man", When: male}}
			s.Justifications = append(s.Justifications, playbook.Justification{Field: "gender", Where: "/conditions/1", Reason: why},
				playbook.Justification{Field: "age", Where: "/conditions/0", Reason: why})
			s.Ladder.Rungs[3].When = f("old_man").EQ(false)
		}, []testkit.Want{{Path: "/conditions/0/when/all/0/field", Name: "man", Err: policy.ErrProtected}}},
		{"a justified read beside one that is not, in one part", func(s *playbook.Spec) {
			s.Needs.Scorecards[0].Signals[0].When = f("age").GE(30)
		}, []testkit.Want{{Path: "/needs/scorecards/0/signals/0/when/field", Name: "age", Err: policy.ErrProtected}}},
		{"a justified read beside another problem, in one part", func(s *playbook.Spec) {
			s.Needs.Scorecards[0].Signals[0].When = f("agee").GE(30)
		}, []testkit.Want{{Path: "/needs/scorecards/0/signals/0/when/field", Name: "agee", Err: policy.ErrUnknown}}},
		{"a problem in a justified comparison is found", func(s *playbook.Spec) {
			s.Needs.Scorecards[2].Signals[1].When = f("age").GE("fifty-five")
		}, []testkit.Want{{Path: "/needs/scorecards/2/signals/1/when/value", Name: "age", Err: policy.ErrMalformed}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := playbook.Reference(sample.Shelf())
			tt.edit(&s)
			before := mustJSON(t, s)
			_, err := s.Compile(bankEnv)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Equal(t, before, mustJSON(t, s), "spec unchanged")

			// As a document, each problem is located in its text too.
			doc, err := playbook.Encode(s)
			require.NoError(t, err)
			_, err = playbook.Compile(doc, bankEnv)
			for _, p := range testkit.CheckLocated(t, doc, err) {
				assert.Positive(t, p.Line, p.Path)
			}
		})
	}
}

// Every read justified, a playbook compiles and decides exactly as one
// compiled where nothing is protected, and its records name the fields it
// reads under a justification.
func TestJustifiedReadsCompile(t *testing.T) {
	f := policy.Field
	s := playbook.Reference(sample.Shelf())
	s.Conditions = []playbook.Condition{{Name: "man", When: f("gender").EQ("male")}}
	s.Strategies.Rules[1].When = policy.Any(s.Strategies.Rules[1].When, policy.All(f("man").EQ(true), f("region").EQ(11)))
	s.Segmentation.Dimensions[2].Score = "region"
	s.Justifications = append(s.Justifications,
		playbook.Justification{Field: "gender", Where: "/conditions/0/when", Reason: why},
		playbook.Justification{Field: "man", Where: "/strategies/rules/1", Reason: why},
		playbook.Justification{Field: "region", Where: "/strategies", Reason: why},
		playbook.Justification{Field: "region", Where: "/segmentation/dimensions/2/score", Reason: why},
		playbook.Justification{Field: "age", Where: "/triggers", Reason: "a justification that covers no read is no problem"},
	)
	pb, err := s.Compile(bankEnv)
	require.NoError(t, err)

	open := s
	open.Justifications = nil
	free, err := open.Compile(policy.Must(bankEnv.Allow("age", "gender", "region")))
	require.NoError(t, err)

	o := sample.Options{Seed: 4}
	v := sample.Valuation(o)
	for i, p := range sample.Profiles(o, 200) {
		if i%2 == 0 { // a resident ID number: Beijing, a man or a woman
			p.ID = "110101199003070" + fmt.Sprintf("%02d", i%100) + "X"
		}
		a, err := pb.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		b, err := free.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		ra, rb := pb.Record("c", &a), free.Record("c", &b)
		assert.Equal(t, []string{"age", "gender", "man", "region"}, ra.Justified, "sorted, each once")
		assert.Empty(t, rb.Justified, "nothing read under a justification")
		ra.Justified, ra.Policy, rb.Policy = nil, playbook.Identity{}, playbook.Identity{}
		require.Equal(t, rb, ra, "client %d: justified, the same decision", i)
	}
	rec := pb.Record("c", &playbook.Decision{})
	b, err := json.Marshal(vipcare.Disclosed(rec))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"justified":["age","gender","man","region"]`)

	ref := reference(t)
	p := client("1000", "")
	d, err := ref.Decide(&p, valuation(), playbook.Options{}, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"age"}, ref.Record("c", &d).Justified, "the reference reads age, justified")
}

func TestJustificationProblems(t *testing.T) {
	tests := []struct {
		name string
		js   []playbook.Justification
		want []testkit.Want
	}{
		{"every part missing", []playbook.Justification{{}}, []testkit.Want{
			{Path: "/justifications/1/field", Err: policy.ErrMissing},
			{Path: "/justifications/1/where", Err: policy.ErrMissing},
			{Path: "/justifications/1/reason", Err: policy.ErrMissing},
		}},
		{"a field that is not protected", []playbook.Justification{{Field: "aum", Where: "/ladder", Reason: why}},
			[]testkit.Want{{Path: "/justifications/1/field", Name: "aum", Err: policy.ErrUnknown}}},
		{"a field that does not exist", []playbook.Justification{{Field: "gendre", Where: "/ladder", Reason: why}},
			[]testkit.Want{{Path: "/justifications/1/field", Name: "gendre", Err: policy.ErrUnknown}}},
		{"a where that is no pointer", []playbook.Justification{{Field: "gender", Where: "needs", Reason: why}},
			[]testkit.Want{{Path: "/justifications/1/where", Name: "needs", Err: policy.ErrMalformed}}},
		{"a blank reason", []playbook.Justification{{Field: "gender", Where: "/needs", Reason: " \t"}},
			[]testkit.Want{{Path: "/justifications/1/reason", Name: "gender", Err: policy.ErrMissing}}},
		{"twice", []playbook.Justification{{Field: "gender", Where: "/needs", Reason: why}, {Field: "gender", Where: "/needs", Reason: "again"}},
			[]testkit.Want{{Path: "/justifications/2", Name: "gender", Err: policy.ErrDuplicate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := playbook.Reference(sample.Shelf())
			s.Justifications = append(s.Justifications, tt.js...) // after the reference's own, at 0
			_, err := s.Compile(bankEnv)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
	_, err := playbook.Reference(sample.Shelf()).Compile(bankEnv)
	require.NoError(t, err)
	s := playbook.Reference(sample.Shelf())
	s.Justifications[0].Field = "aum"
	_, err = s.Compile(bankEnv)
	ps := testkit.Problems(t, err)
	assert.Equal(t, []string{"age", "gender", "region"}, ps[0].Choices, "the protected fields")
}

// A bank protects gender, read from a resident ID number. A policy that
// reads it is refused where it does; one that reads age only where its
// document justifies it compiles, and every record names the field.
func ExampleJustification() {
	env := policy.Must(vipcare.NewEnv(nil, policy.Enum("gender", []string{"female", "male", "unknown"},
		func(f *vipcare.Figures) string { return "unknown" /* from the 17th digit of the ID */ })))
	env = policy.Must(env.Protect("gender"))

	s := playbook.Reference(sample.Shelf())
	s.Strategies.Rules[1].When = policy.Any(s.Strategies.Rules[1].When, policy.Field("gender").EQ("male"))
	_, err := s.Compile(env)
	fmt.Println(err)

	s = playbook.Reference(sample.Shelf())
	fmt.Printf("%s at %s: %s\n", s.Justifications[0].Field, s.Justifications[0].Where, s.Justifications[0].Reason)
	s.Justifications = nil
	_, err = s.Compile(env)
	fmt.Println(err)

	pb := policy.Must(playbook.Reference(sample.Shelf()).Compile(env))
	o := sample.Options{Seed: 1}
	p, v := sample.Profile(o, 0), sample.Valuation(o)
	d, err := pb.Decide(&p, v, playbook.Options{}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(pb.Record("C-1", &d).Justified)
	// Output:
	// vipcare: /strategies/rules/1/when/any/1/field: "gender": protected field
	// age at /needs/scorecards/2/signals/1: clients of 55 or more near retirement: a signal (weight 20 of 100) of the need for capital preservation; no tier, segment, strategy or suitability check reads age
	// vipcare: /needs/scorecards/2/signals/1/when/field: "age": protected field
	// [age]
}

// justifiedDocument returns the reference document with n more strategy
// rules that read age, each with a justification of its own, and n
// justifications that cover nothing.
func justifiedDocument(n int) playbook.Spec {
	s := playbook.Reference(sample.Shelf())
	rules := s.Strategies.Rules
	everyone := rules[len(rules)-1] // the rule with no condition goes last
	s.Strategies.Rules = slices.Clone(rules[:len(rules)-1])
	for i := range n {
		r := s.Strategies.Rules[0]
		r.Name = "rule_" + strconv.Itoa(i)
		r.When = policy.Field("age").GE(55)
		s.Strategies.Rules = append(s.Strategies.Rules, r)
		s.Justifications = append(s.Justifications,
			playbook.Justification{Field: "age", Where: "/strategies/rules/" + strconv.Itoa(len(s.Strategies.Rules)-1), Reason: why},
			playbook.Justification{Field: "age", Where: "/nowhere/" + strconv.Itoa(i), Reason: why})
	}
	s.Strategies.Rules = append(s.Strategies.Rules, everyone)
	return s
}

// TestJustificationsLarge compiles a document of 50,000 strategy rules
// that read age, each justified, beside 50,000 justifications that cover
// nothing; then the same document less the justification of one rule in
// the middle, which the index must miss for that rule alone. Matching
// every read against every justification, and every justification
// against those before it for duplicates, took over a minute; indexed, it
// takes well under a second, as BenchmarkCompileJustified shows at
// several sizes (speed is shown by benchmarks, not timed tests, on these
// shared machines).
func TestJustificationsLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a large document")
	}
	const n = 50_000
	s := justifiedDocument(n)
	pb, err := s.Compile(nil)
	require.NoError(t, err)
	require.NotNil(t, pb)

	where := "/strategies/rules/" + strconv.Itoa(len(s.Strategies.Rules)/2)
	i := slices.IndexFunc(s.Justifications, func(j playbook.Justification) bool { return j.Where == where })
	require.GreaterOrEqual(t, i, 0, "a justification at %s", where)
	s.Justifications = slices.Delete(s.Justifications, i, i+1)
	_, err = s.Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: where + "/when/field", Name: "age", Err: policy.ErrProtected})
}

// BenchmarkCompileJustified compiles documents of n justified reads and
// 2n justifications: the time per op grows as n does, not as its square.
func BenchmarkCompileJustified(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		s := justifiedDocument(n)
		b.Run("reads="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Compile(nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
