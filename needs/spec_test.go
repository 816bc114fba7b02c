package needs_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// TestSpecJSONRoundTrip: a needs spec is plain data, its pack's own checks
// and investable measure included by name, and decodes to a spec that
// marshals the same and detects, recommends and assesses the same on a
// sample book.
func TestSpecJSONRoundTrip(t *testing.T) {
	house := needs.Reference(sample.Shelf())
	house.Pack.Investable = "investable_aum"
	house.Pack.Checks = []string{"sundays"}
	o := sample.Options{Seed: 9}
	v := sample.Valuation(o)
	var book []*vipcare.Figures
	for _, p := range sample.Profiles(o, 1000) {
		book = append(book, testkit.Figures(t, &p, v))
	}
	for name, spec := range map[string]needs.Spec{"reference": needs.Reference(sample.Shelf()), "a bank's own parts": house} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(spec)
			require.NoError(t, err)
			var back needs.Spec
			require.NoError(t, json.Unmarshal(b, &back))
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.JSONEq(t, string(b), string(again))
			assert.Equal(t, spec.Pack.Checks, back.Pack.Checks)
			assert.Equal(t, spec.Pack.Investable, back.Pack.Investable)

			want := policy.Must(spec.Compile(houseEnv))
			got, err := back.Compile(houseEnv)
			require.NoError(t, err)
			wantPack := policy.Must(spec.Pack.Compile(houseEnv))
			gotPack := policy.Must(back.Pack.Compile(houseEnv))
			refused, offered := 0, 0
			for _, f := range book {
				wantDet, det := want.Detect(f), got.Detect(f)
				require.Equal(t, wantDet.List(), det.List(), f.Profile.ID)
				vo := policy.ExplainOptions{Values: true}
				require.Equal(t, want.Explain(f, vo), got.Explain(f, vo), f.Profile.ID)
				recs := got.Recommend(f, det, nil, vo)
				require.Equal(t, want.Recommend(f, wantDet, nil, vo), recs, f.Profile.ID)
				offered += len(recs.Plays)
				for i := range spec.Products {
					c := &needs.Case{Figures: f, Product: &spec.Products[i], Values: true}
					rs := gotPack.Assess(nil, c)
					require.Equal(t, wantPack.Assess(nil, c), rs, f.Profile.ID)
					refused += len(rs)
				}
			}
			assert.Positive(t, offered, "plays were offered")
			assert.Positive(t, refused, "products were refused")
		})
	}

	b, err := json.Marshal(house.Pack)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"investable":"investable_aum"`)
	assert.Contains(t, string(b), `"checks":["sundays"]`)
}
