package vipcare_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// looseProfile is Profile without its methods: what encoding/json decodes
// a profile to without the strict decoder.
type looseProfile vipcare.Profile

func TestProfileJSONIsStrict(t *testing.T) {
	const secret = "1234567.89"
	for _, tc := range []struct {
		name, in string
		want     []testkit.Want
		line     int // of the first problem
		column   int
	}{
		{"a misspelt key is an error, not an empty profile", "{\"id\": \"C1\",\n  \"holdngs\": [{\"id\": \"H1\"}]}",
			[]testkit.Want{{Path: "/holdngs", Name: "holdngs", Err: policy.ErrUnknown}}, 2, 3},
		{"a key in another case", `{"ID": "C1"}`,
			[]testkit.Want{{Path: "/ID", Name: "ID", Err: policy.ErrUnknown}}, 1, 2},
		{"a repeated key", `{"id": "C1", "risk": "C1", "risk": "C5"}`,
			[]testkit.Want{{Path: "/risk", Name: "risk", Err: policy.ErrDuplicate}}, 1, 28},
		{"a malformed amount", "{\"id\": \"C1\", \"holdings\": [\n {\"id\": \"H1\", \"amount\": {\"amount\": \"" + secret + "x\", \"currency\": \"CNY\"}}]}",
			[]testkit.Want{{Path: "/holdings/0/amount/amount", Name: "amount", Err: policy.ErrMalformed}}, 2, 36},
		{"an amount of the wrong type", `{"id": "C1", "revenue_12m": {"amount": true}}`,
			[]testkit.Want{{Path: "/revenue_12m/amount", Name: "amount", Err: policy.ErrTypeMismatch}}, 1, 40},
		{"an unknown key deep inside", `{"id": "C1", "contact": {"channels": ["phone"], "do_not_call": true}}`,
			[]testkit.Want{{Path: "/contact/do_not_call", Name: "do_not_call", Err: policy.ErrUnknown}}, 1, 49},
		{"a date that is not one", `{"id": "C1", "events": [{"kind": "maturity", "date": "` + secret + `"}]}`,
			[]testkit.Want{{Path: "/events/0/date", Name: "date", Err: policy.ErrMalformed}}, 1, 54},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, decode := range map[string]func([]byte, *vipcare.Profile) error{
				"policy.Unmarshal": func(b []byte, p *vipcare.Profile) error { return policy.Unmarshal(b, p) },
				"json.Unmarshal":   func(b []byte, p *vipcare.Profile) error { return json.Unmarshal(b, p) },
			} {
				in := []byte(tc.in)
				p := vipcare.Profile{ID: "untouched"}
				err := decode(in, &p)
				testkit.CheckProblems(t, err, tc.want...)
				ps := testkit.Problems(t, err)
				assert.Equal(t, tc.line, ps[0].Line, name)
				assert.Equal(t, tc.column, ps[0].Column, name)
				assert.NotContains(t, err.Error(), secret, "%s: errors never quote an amount", name)
				assert.Equal(t, vipcare.Profile{ID: "untouched"}, p, "%s: not written on failure", name)
			}
		})
	}
}

func TestProfileJSONRoundTrip(t *testing.T) {
	for i := range 200 {
		in := sample.Profile(sample.Options{}, i)
		b, err := json.Marshal(vipcare.Disclosed(in))
		require.NoError(t, err)
		var strict vipcare.Profile
		require.NoError(t, json.Unmarshal(b, &strict), "profile %d", i)
		var loose looseProfile
		require.NoError(t, json.Unmarshal(b, &loose))
		require.Equal(t, vipcare.Profile(loose), strict, "profile %d decodes as encoding/json decodes it", i)
		b2, err := json.Marshal(vipcare.Disclosed(strict))
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2), "profile %d", i)
	}
}

func TestProfileJSONAmountsEitherWay(t *testing.T) {
	var a, b vipcare.Profile
	require.NoError(t, json.Unmarshal([]byte(`{"id": "C1", "revenue_12m": {"amount": "1250000.50", "currency": "CNY"}}`), &a))
	require.NoError(t, json.Unmarshal([]byte(`{"id": "C1", "revenue_12m": {"amount": 1250000.50, "currency": "CNY"}}`), &b))
	assert.True(t, a.Revenue12M.Amount.Equal(b.Revenue12M.Amount))
	assert.Equal(t, "1250000.5 CNY", b.Revenue12M.String(), "exact, not through a float")
}

func TestProfileJSONReplacesWholly(t *testing.T) {
	p := testkit.RichProfile()
	require.NoError(t, json.Unmarshal([]byte(`{"id": "C2"}`), &p))
	assert.Equal(t, vipcare.Profile{ID: "C2"}, p, "a decoded profile is the document's, nothing of what p held")
}

// BenchmarkProfileJSON compares decoding a profile strictly with
// encoding/json's own decoding.
func BenchmarkProfileJSON(b *testing.B) {
	doc, err := json.Marshal(vipcare.Disclosed(sample.Profile(sample.Options{}, 3)))
	require.NoError(b, err)
	doc = bytes.Clone(doc)
	b.Run("strict", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var p vipcare.Profile
			if err := json.Unmarshal(doc, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("strict_direct", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var p vipcare.Profile
			if err := policy.Unmarshal(doc, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var p looseProfile
			if err := json.Unmarshal(doc, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
