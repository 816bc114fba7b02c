package segment_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
)

// sampleFigures returns the figures of the first n clients of a sample
// book.
func sampleFigures(t testing.TB, n int) []*vipcare.Figures {
	t.Helper()
	o := sample.Options{Seed: 9}
	v := sample.Valuation(o)
	out := make([]*vipcare.Figures, 0, n)
	for _, p := range sample.Profiles(o, n) {
		out = append(out, testkit.Figures(t, &p, v))
	}
	return out
}

// propertyEnv is an environment with a score of the bank's own, the field
// property_share.
func propertyEnv(t testing.TB) *vipcare.Env {
	t.Helper()
	env, err := vipcare.NewEnv(nil, policy.Decimal("property_share", vipcare.ShareScale, func(f *vipcare.Figures) int64 {
		return int64(vipcare.ShareOf(f.Class(vipcare.RealEstate), f.Wealth))
	}))
	require.NoError(t, err)
	return env
}

// withProperty is the reference segmentation with a dimension on the
// bank's own score, and a segment decided by it.
func withProperty() segment.Spec {
	spec := segment.Reference()
	d := needsDimension
	d.Score = "property_share"
	spec.Dimensions = append(spec.Dimensions, d)
	spec.Segments = append(spec.Segments, "advise")
	spec.HitPolicy = policy.First
	spec.Matrix = append([]policy.Row[string]{{
		Name: "concentrated in property",
		When: policy.All(policy.Field("needs.diversify").EQ("strong"), policy.Field("value").GE("mid")),
		Then: "advise",
	}}, spec.Matrix...)
	return spec
}

// TestSpecJSONRoundTrip: a segmentation spec is plain data, scores
// included, and decodes to a spec that marshals the same and places every
// client of a sample book the same, with the same explanation.
func TestSpecJSONRoundTrip(t *testing.T) {
	book := sampleFigures(t, 1000)
	env := propertyEnv(t)
	for name, spec := range map[string]segment.Spec{"reference": segment.Reference(), "a bank's own score": withProperty()} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(spec)
			require.NoError(t, err)
			var back segment.Spec
			require.NoError(t, json.Unmarshal(b, &back))
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.JSONEq(t, string(b), string(again))
			for k := range spec.Dimensions {
				assert.Equal(t, spec.Dimensions[k].Score, back.Dimensions[k].Score)
			}
			want := policy.Must(spec.Compile(env))
			got, err := back.Compile(env)
			require.NoError(t, err)
			segments := map[string]int{}
			for _, f := range book {
				wp, err := want.Place(f)
				require.NoError(t, err)
				gp, err := got.Place(f)
				require.NoError(t, err)
				require.Equal(t, wp.String(), gp.String(), f.Profile.ID)
				segments[gp.Segment()]++
				we, err := want.Explain(f, policy.ExplainOptions{Values: true})
				require.NoError(t, err)
				ge, err := got.Explain(f, policy.ExplainOptions{Values: true})
				require.NoError(t, err)
				require.Equal(t, we, ge, f.Profile.ID)
			}
			assert.GreaterOrEqual(t, len(segments), 4, "the book spreads over the segments: %v", segments)
		})
	}

	b, err := json.Marshal(segment.Reference())
	require.NoError(t, err)
	for _, score := range []string{`"score":"aum"`, `"score":"potential"`, `"score":"classes_at_bank"`} {
		assert.Contains(t, string(b), score)
	}
}

// TestReferenceScores: the reference dimensions score what they always
// did, checked against the scores written in Go: AUM at the bank;
// declared off-bank wealth plus 1,000,000 for a business owner (an
// entrepreneur, or the owner or a shareholder of a linked company); the
// asset classes held at the bank.
func TestReferenceScores(t *testing.T) {
	s := reference(t)
	discreet := 0
	for _, f := range sampleFigures(t, 2000) {
		potential := f.OffBank
		owner := f.Profile.Entrepreneur
		for _, c := range f.Profile.Corporates {
			owner = owner || c.Role == vipcare.RoleOwner || c.Role == vipcare.RoleShareholder
		}
		if owner {
			potential += 1_000_000 * 10_000
		}
		e, err := s.Explain(f, policy.ExplainOptions{Values: true})
		require.NoError(t, err)
		want := []string{num.Amount(int64(f.AUM)), num.Amount(int64(potential)), num.Format(int64(f.ClassesAtBank()), 0, true)}
		if f.Profile.Contact.Discreet {
			want = []string{"", "", ""} // a discreet client's values are never shown
			discreet++
		}
		for k, d := range e.Dimensions {
			require.Equal(t, want[k], d.Score, "%s: %s", f.Profile.ID, d.Name)
		}
	}
	assert.Positive(t, discreet, "the sample has discreet clients")
}

// TestScoreNames: a score names a decimal or int field; another name is
// located, with those fields as choices.
func TestScoreNames(t *testing.T) {
	spec := segment.Reference()
	spec.Dimensions[0].Score = "aum_at_bank"
	spec.Dimensions[2].Score = "risk_level"
	_, err := spec.Compile(nil)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/dimensions/0/score", Name: "aum_at_bank", Err: policy.ErrUnknown},
		testkit.Want{Path: "/dimensions/2/score", Name: "risk_level", Err: policy.ErrTypeMismatch})
	choices := testkit.Problems(t, err)[0].Choices
	for _, c := range []string{"aum", "classes_at_bank", "share.real_estate", "potential"} {
		assert.Contains(t, choices, c)
	}
	for _, c := range []string{"entrepreneur", "risk_level", "since"} {
		assert.NotContains(t, choices, c, "not a number")
	}

	_, err = withProperty().Compile(nil)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/dimensions/3/score", Name: "property_share", Err: policy.ErrUnknown})
	assert.NotContains(t, testkit.Problems(t, err)[0].Choices, "property_share", "a field of another environment")
}

// TestProtectedScore: a dimension may not score a protected field, age by
// default, or a bank's own; allowed, it may, and places clients by it.
func TestProtectedScore(t *testing.T) {
	spec := segment.Reference()
	spec.Dimensions[2].Score = "age"
	spec.Dimensions[2].Bands = []segment.Band{{Name: "young", From: decimal.Zero}, {Name: "senior", From: decimal.NewFromInt(60)}}
	spec.Matrix = []policy.Row[string]{{Name: "all", When: policy.Cond{}, Then: spec.Segments[0]}}
	spec.HitPolicy = policy.First
	_, err := spec.Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/dimensions/2/score", Name: "age", Err: policy.ErrProtected})

	byBank := policy.Must(policy.Must(vipcare.NewEnv(nil, policy.Int("region_code", func(f *vipcare.Figures) int64 { return 0 }))).
		Protect("region_code"))
	regional := spec
	regional.Dimensions = slices.Clone(spec.Dimensions)
	regional.Dimensions[2].Score = "region_code"
	_, err = regional.Compile(byBank)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/dimensions/2/score", Name: "region_code", Err: policy.ErrProtected})

	seg, err := spec.Compile(policy.Must((*vipcare.Env)(nil).Allow("age")))
	require.NoError(t, err)
	for _, f := range sampleFigures(t, 50) {
		e, err := seg.Explain(f, policy.ExplainOptions{Values: true})
		require.NoError(t, err)
		require.Equal(t, f.Profile.Contact.Discreet, e.Dimensions[2].Score == "")
	}
}

// TestPotentialOfTheEnvironment: an environment's own field named
// potential is the one a dimension scores.
func TestPotentialOfTheEnvironment(t *testing.T) {
	env, err := vipcare.NewEnv(nil, policy.Decimal("potential", vipcare.AmountScale, func(f *vipcare.Figures) int64 {
		return int64(f.Wealth)
	}))
	require.NoError(t, err)
	s := policy.Must(segment.Reference().Compile(env))
	p := profile("100000", "3900000") // off-bank 3,900,000: mid on the built-in potential, high on wealth
	f := figures(t, &p)
	assert.Equal(t, "mid", bands(t, reference(t), f)["potential"])
	assert.Equal(t, "high", bands(t, s, f)["potential"])
	assert.True(t, slices.ContainsFunc(env.Schema().Fields(), func(i policy.FieldInfo) bool { return i.Name == "potential" }))
}
