package playbook_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// sameDecisions compiles a and b and checks that they decide alike on n
// sample clients.
func sameDecisions(t *testing.T, a, b playbook.Spec, n int) {
	t.Helper()
	pa, err := a.Compile(nil)
	require.NoError(t, err)
	pbb, err := b.Compile(nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	for i, p := range sample.Profiles(o, n) {
		da, err := pa.Explain(&p, v, playbook.Options{})
		require.NoError(t, err)
		db, err := pbb.Explain(&p, v, playbook.Options{})
		require.NoError(t, err)
		require.Equal(t, da, db, "client %d", i)
	}
}

// A named condition decides as the condition written in place, wherever
// it is read, and may read another defined after it.
func TestConditions(t *testing.T) {
	f := policy.Field
	inline := playbook.Reference(sample.Shelf())
	inline.Strategies.Rules[2].When = policy.All(f("segment").EQ("grow"), policy.Any(f("entrepreneur").EQ(true), f("corporate_links").GE(1)))
	inline.Ladder.Qualification.Rules[0].When = policy.All(f("spike_ratio").GE("3"), f("tenure_months").LT(24))

	named := playbook.Reference(sample.Shelf())
	named.Conditions = []playbook.Condition{
		{Name: "business_owner", Doc: "runs or owns a business", When: f("business_founder").EQ(true)},
		{Name: "business_founder", When: policy.Any(f("entrepreneur").EQ(true), f("corporate_links").GE(1))},
		{Name: "new_client", When: f("tenure_months").LT(24)},
	}
	named.Strategies.Rules[2].When = policy.All(f("segment").EQ("grow"), f("business_owner").EQ(true))
	named.Ladder.Qualification.Rules[0].When = policy.All(f("spike_ratio").GE("3"), f("new_client").EQ(true))
	sameDecisions(t, inline, named, 500)
}

func TestConditionProblems(t *testing.T) {
	type want = testkit.Want
	f := policy.Field
	tests := []struct {
		name  string
		conds []playbook.Condition
		want  []want
	}{
		{"a circle of two", []playbook.Condition{
			{Name: "a", When: policy.All(f("b").EQ(true), f("aum").GE(1))},
			{Name: "b", When: f("a").EQ(true)},
			{Name: "c", When: f("aum").GE(5)},
		}, []want{
			{Path: "/conditions/0/when/all/0/field", Name: "b", Err: policy.ErrCycle},
			{Path: "/conditions/1/when/field", Name: "a", Err: policy.ErrCycle},
		}},
		{"a condition reading itself", []playbook.Condition{{Name: "a", When: f("a").EQ(false)}}, []want{
			{Path: "/conditions/0/when/field", Name: "a", Err: policy.ErrCycle},
		}},
		{"names missing, repeated, malformed or taken", []playbook.Condition{
			{When: f("aum").GE(1)},
			{Name: "a", When: f("aum").GE(1)},
			{Name: "a", When: f("aum").GE(2)},
			{Name: "aum", When: f("wealth").GE(1)},
			{Name: "Bad name", When: f("wealth").GE(1)},
		}, []want{
			{Path: "/conditions/0/name", Err: policy.ErrMissing},
			{Path: "/conditions/2/name", Name: "a", Err: policy.ErrDuplicate},
			{Path: "/conditions/3/name", Name: "aum", Err: policy.ErrDuplicate},
			{Path: "/conditions/4/name", Name: "Bad name", Err: policy.ErrMalformed},
		}},
		{"one that reads a broken one is no circle", []playbook.Condition{
			{Name: "base", When: f("entreprenur").EQ(true)},
			{Name: "a", When: f("base").EQ(true)},
		}, []want{
			{Path: "/conditions/0/when/field", Name: "entreprenur", Err: policy.ErrUnknown},
		}},
		{"a circle, and one reading it", []playbook.Condition{
			{Name: "a", When: f("b").EQ(true)},
			{Name: "b", When: f("a").EQ(true)},
			{Name: "c", When: policy.All(f("a").EQ(true), f("aun").GE(1))},
		}, []want{
			{Path: "/conditions/0/when/field", Name: "b", Err: policy.ErrCycle},
			{Path: "/conditions/1/when/field", Name: "a", Err: policy.ErrCycle},
			{Path: "/conditions/2/when/all/1/field", Name: "aun", Err: policy.ErrUnknown},
		}},
		{"names of the decision's fields", []playbook.Condition{
			{Name: "tier_rank", When: f("aum").GE(1)},
			{Name: "need.integrated", When: f("aum").GE(1)},
			{Name: "a", When: f("aum").GE(1)},
		}, []want{
			{Path: "/conditions/0/name", Name: "tier_rank", Err: policy.ErrDuplicate},
			{Path: "/conditions/1/name", Name: "need.integrated", Err: policy.ErrDuplicate},
		}},
		{"a condition's own problems, and a later stage's field", []playbook.Condition{
			{Name: "a", When: f("aun").GE(1)},
			{Name: "b", When: f("tier_rank").GE(30)},
		}, []want{
			{Path: "/conditions/0/when/field", Name: "aun", Err: policy.ErrUnknown},
			{Path: "/conditions/1/when/field", Name: "tier_rank", Err: policy.ErrStage},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := playbook.Reference(sample.Shelf())
			s.Conditions = tt.conds
			// A rule reading a condition that failed is no problem of its own.
			s.Strategies.Rules[2].When = policy.All(f("segment").EQ("grow"), f("a").EQ(true))
			pb, err := s.Compile(nil)
			require.Nil(t, pb)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

// The risk validity is written once: the pack, the triggers and a
// qualification rule reading risk_assessment_expired all use it.
func TestRiskValidity(t *testing.T) {
	f := policy.Field
	each := playbook.Reference(sample.Shelf())
	each.Needs.Pack.RiskValidityMonths = 9
	each.Triggers.ValidityMonths = 9
	age := f("risk_assessment_age_months")
	each.Ladder.Qualification.Rules[2].When = policy.Any(age.EQ(-1), age.GE(9))

	once := playbook.Reference(sample.Shelf())
	once.RiskValidityMonths = 9
	once.Needs.Pack.RiskValidityMonths = 0
	once.Ladder.Qualification.Rules[2].When = f("risk_assessment_expired").EQ(true)
	sameDecisions(t, each, once, 500)

	t.Run("written twice", func(t *testing.T) {
		twice := playbook.Reference(sample.Shelf())
		twice.RiskValidityMonths = 12
		twice.Triggers.ValidityMonths = 12
		_, err := twice.Compile(nil)
		testkit.CheckProblems(t, err,
			testkit.Want{Path: "/needs/pack/risk_validity_months", Err: policy.ErrDuplicate},
			testkit.Want{Path: "/triggers/validity_months", Err: policy.ErrDuplicate})
	})
	t.Run("out of range", func(t *testing.T) {
		for _, v := range []int{-1, 121} {
			s := playbook.Reference(sample.Shelf())
			s.RiskValidityMonths = v
			_, err := s.Compile(nil)
			testkit.CheckProblems(t, err, testkit.Want{Path: "/risk_validity_months", Err: policy.ErrOutOfRange})
			// reported once, where it is: not again at a rule reading
			// risk_assessment_expired
			s.Ladder.Qualification.Rules = slices.Clone(s.Ladder.Qualification.Rules)
			s.Ladder.Qualification.Rules[2].When = f("risk_assessment_expired").EQ(true)
			_, err = s.Compile(nil)
			testkit.CheckProblems(t, err, testkit.Want{Path: "/risk_validity_months", Err: policy.ErrOutOfRange})
		}
	})
}

func TestEffectiveDates(t *testing.T) {
	tests := []struct {
		name        string
		from, until string
		want        []testkit.Want
	}{
		{"open-ended", "2027-01-01", "", nil},
		{"one day", "2027-01-01", "2027-01-01", nil},
		{"no dates (a spec built in Go)", "", "", nil},
		{"malformed", "2027-1-1", "31/12/2027", []testkit.Want{
			{Path: "/effective_from", Name: "2027-1-1", Err: policy.ErrMalformed},
			{Path: "/effective_until", Name: "31/12/2027", Err: policy.ErrMalformed}}},
		{"ends before it starts", "2027-01-01", "2026-12-31", []testkit.Want{
			{Path: "/effective_until", Name: "2026-12-31", Err: policy.ErrOrder}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := playbook.Reference(sample.Shelf())
			s.EffectiveFrom, s.EffectiveUntil = tt.from, tt.until
			_, err := s.Compile(nil)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

// Conditions reading one another cannot make a decision's work explode:
// what a condition amounts to, written out, is bounded, and so is their
// number; both are tested at the bound and beyond it.
func TestConditionBounds(t *testing.T) {
	f := policy.Field
	// c0 = aum >= 0; ci = c(i-1) and c(i-1): ci amounts to 2^i comparisons.
	chain := func(n int) []playbook.Condition {
		cs := []playbook.Condition{{Name: "c0", When: f("aum").GE(0)}}
		for i := 1; i <= n; i++ {
			prev := f("c" + strconv.Itoa(i-1))
			cs = append(cs, playbook.Condition{Name: "c" + strconv.Itoa(i), When: policy.All(prev.EQ(true), prev.EQ(true))})
		}
		return cs
	}
	s := playbook.Reference(sample.Shelf())
	s.Conditions = chain(12) // 4,096 comparisons: the most
	_, err := s.Compile(nil)
	require.NoError(t, err)
	s.Conditions = chain(40)
	_, err = s.Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/conditions/13/when", Name: "c13", Err: policy.ErrTooMany})

	many := func(n int) []playbook.Condition {
		cs := make([]playbook.Condition, n)
		for i := range cs {
			cs[i] = playbook.Condition{Name: "c" + strconv.Itoa(i), When: f("aum").GE(i)}
		}
		return cs
	}
	s.Conditions = many(256)
	_, err = s.Compile(nil)
	require.NoError(t, err)
	s.Conditions = many(257)
	_, err = s.Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/conditions", Err: policy.ErrTooMany})
}
