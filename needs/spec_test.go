package needs_test

import (
	"encoding/json"
	"reflect"
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

// TestDecodeStrictly: a product and a play decode strictly through
// encoding/json too, alone, in a list (a shelf file) or in a spec: a
// misspelt key is a located problem, not a dropped value (a product with
// "qualifed_only" would otherwise be offered to every client, a play with
// "categries" would propose nothing). Through encoding/json a list's
// problem is located in its element, as encoding/json hands an element to
// its UnmarshalJSON alone; through policy.Unmarshal, in the whole file.
func TestDecodeStrictly(t *testing.T) {
	product := `{"code": "PE-1", "category": "private_fund", "class": "funds", "risk": "R4",
 "min_ticket": {"amount": "1000000", "currency": "CNY"}, "qualifed_only": true}`
	play := `{"id": "growth", "title": "Growth", "needs": ["diversification"],` + "\n" + ` "categries": ["equity_fund"]}`
	tests := []struct {
		name   string
		into   any
		doc    string
		strict bool // decoded by policy.Unmarshal, not encoding/json
		path   string
		line   int
	}{
		{"product", &needs.Product{}, product, false, "/qualifed_only", 2},
		{"product, key in another case", &needs.Product{}, `{"Code": "PE-1"}`, false, "/Code", 1},
		{"product, repeated key", &needs.Product{}, `{"code": "A", "code": "B"}`, false, "/code", 1},
		{"product's minimum ticket", &needs.Product{}, `{"min_ticket": {"amount": "1", "curency": "CNY"}}`, false, "/min_ticket/curency", 1},
		{"a shelf", &[]needs.Product{}, "[{\"code\": \"DEP\"},\n" + product + "]", false, "/qualifed_only", 2},
		{"a shelf file", &[]needs.Product{}, "[{\"code\": \"DEP\"},\n" + product + "]", true, "/1/qualifed_only", 3},
		{"play", &needs.Play{}, play, false, "/categries", 2},
		{"play, key in another case", &needs.Play{}, `{"ID": "growth"}`, false, "/ID", 1},
		{"plays", &[]needs.Play{}, "[\n" + play + "]", true, "/0/categries", 3},
		{"a spec's product", &needs.Spec{}, "{\"products\": [\n" + product + "]}", false, "/products/0/qualifed_only", 3},
		{"a spec's play", &needs.Spec{}, "{\"plays\": [{\"id\": \"a\"},\n" + play + "]}", false, "/plays/1/categries", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.strict {
				err = policy.Unmarshal([]byte(tt.doc), tt.into)
			} else {
				err = json.Unmarshal([]byte(tt.doc), tt.into)
			}
			var ps policy.Problems
			require.ErrorAs(t, err, &ps)
			require.Len(t, ps, 1, "%v", err)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Equal(t, tt.line, ps[0].Line, "%v", err)
			assert.Positive(t, ps[0].Column)
		})
	}

	// The sample shelf and the reference plays read back the same.
	for _, v := range []any{sample.Shelf(), needs.Reference(nil).Plays} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		back := reflect.New(reflect.TypeOf(v))
		require.NoError(t, json.Unmarshal(b, back.Interface()))
		assert.Equal(t, v, back.Elem().Interface())
		back = reflect.New(reflect.TypeOf(v))
		require.NoError(t, policy.Unmarshal(b, back.Interface()))
		assert.Equal(t, v, back.Elem().Interface())
	}
}
