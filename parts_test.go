package vipcare_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

var (
	aMeasure = tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM, nil })
	aCheck   = needs.CheckFunc(func(needs.Case) (needs.Refusal, bool) { return needs.Refusal{}, false })
)

// TestWithPartsProblems: every problem of the parts registered is
// reported at once, at the part's position.
func TestWithPartsProblems(t *testing.T) {
	type want = testkit.Want
	base := policy.Must(policy.Must(vipcare.NewEnv(nil)).WithParts(tier.MeasurePart("house", aMeasure)))
	tests := []struct {
		name  string
		parts []vipcare.Part
		want  []want
	}{
		{"the zero part", []vipcare.Part{{}}, []want{{Path: "/parts/0", Err: policy.ErrMissing}}},
		{"no name", []vipcare.Part{tier.MeasurePart("", aMeasure)}, []want{{Path: "/parts/0", Err: policy.ErrMissing}}},
		{"a malformed name", []vipcare.Part{needs.CheckPart("House Rule", aCheck)},
			[]want{{Path: "/parts/0", Name: "House Rule", Err: policy.ErrMalformed}}},
		{"a nil measure", []vipcare.Part{tier.MeasurePart("m", nil)}, []want{{Path: "/parts/0", Name: "m", Err: policy.ErrMissing}}},
		{"a nil measure func", []vipcare.Part{tier.MeasurePart("m", tier.MeasureFunc(nil))},
			[]want{{Path: "/parts/0", Name: "m", Err: policy.ErrMissing}}},
		{"a nil check", []vipcare.Part{needs.CheckPart("c", nil)}, []want{{Path: "/parts/0", Name: "c", Err: policy.ErrMissing}}},
		{"a nil check func", []vipcare.Part{needs.CheckPart("c", needs.CheckFunc(nil))},
			[]want{{Path: "/parts/0", Name: "c", Err: policy.ErrMissing}}},
		{"a built-in measure's name", []vipcare.Part{tier.MeasurePart("aum", aMeasure)},
			[]want{{Path: "/parts/0", Name: "aum", Err: policy.ErrDuplicate}}},
		{"a built-in best monthly ADB's name", []vipcare.Part{tier.MeasurePart("best_monthly_adb_7", aMeasure)},
			[]want{{Path: "/parts/0", Name: "best_monthly_adb_7", Err: policy.ErrDuplicate}}},
		{"a built-in check's name", []vipcare.Part{needs.CheckPart("risk_match", aCheck)},
			[]want{{Path: "/parts/0", Name: "risk_match", Err: policy.ErrDuplicate}}},
		{"a name the environment has", []vipcare.Part{tier.MeasurePart("house", aMeasure)},
			[]want{{Path: "/parts/0", Name: "house", Err: policy.ErrDuplicate}}},
		{"a name twice", []vipcare.Part{needs.CheckPart("c", aCheck), needs.CheckPart("c", aCheck)},
			[]want{{Path: "/parts/1", Name: "c", Err: policy.ErrDuplicate}}},
		{"every problem at once", []vipcare.Part{
			tier.MeasurePart("ok", aMeasure), {}, tier.MeasurePart("adb_month", aMeasure), needs.CheckPart("9c", aCheck),
		}, []want{
			{Path: "/parts/1", Err: policy.ErrMissing},
			{Path: "/parts/2", Name: "adb_month", Err: policy.ErrDuplicate},
			{Path: "/parts/3", Name: "9c", Err: policy.ErrMalformed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := base.WithParts(tt.parts...)
			assert.Nil(t, env)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

// TestWithParts: parts are registered by kind and name, in a new
// environment; the one they are added to, and the maps Parts returns, do
// not change it.
func TestWithParts(t *testing.T) {
	fields := []policy.FieldSpec[vipcare.Figures]{policy.Int("house_score", func(*vipcare.Figures) int64 { return 1 })}
	base := policy.Must(vipcare.NewEnv([]vipcare.AssetClass{"art"}, fields...))
	env, err := base.WithParts(
		tier.MeasurePart("house", aMeasure),
		needs.CheckPart("house", aCheck), // another kind: the same name is fine
		tier.MeasurePart("share.house", aMeasure),
	)
	require.NoError(t, err)
	assert.Equal(t, base.Schema(), env.Schema(), "the same fields")
	assert.Empty(t, base.Parts("measure"), "the environment added to is not changed")
	measures := env.Parts("measure")
	assert.Len(t, measures, 2)
	assert.Contains(t, measures, "house")
	assert.Contains(t, measures, "share.house")
	assert.Len(t, env.Parts("check"), 1)
	assert.Empty(t, env.Parts("score"), "no part of that kind")
	measures["other"] = aMeasure
	delete(measures, "house")
	assert.Len(t, env.Parts("measure"), 2, "the map returned is the caller's")

	more, err := env.WithParts(tier.MeasurePart("more", aMeasure))
	require.NoError(t, err)
	assert.Len(t, more.Parts("measure"), 3, "parts add up")
	assert.Len(t, env.Parts("measure"), 2)

	var none *vipcare.Env
	assert.Empty(t, none.Parts("measure"))
	def, err := none.WithParts(tier.MeasurePart("house", aMeasure))
	require.NoError(t, err)
	assert.Equal(t, none.Schema(), def.Schema(), "a nil environment is the default one")
	assert.Len(t, def.Parts("measure"), 1)
}
