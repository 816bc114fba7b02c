package playbook_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// The fuzz targets' seeds are under testdata/fuzz (and, for FuzzDocument,
// the documents under testdata); go test runs them as tests. Fuzz each
// with
//
//	go test -run '^$' -fuzz '^FuzzDocument$' -fuzztime 60s -fuzzminimizetime 3s ./playbook
//	go test -run '^$' -fuzz '^FuzzDecide$' -fuzztime 60s -fuzzminimizetime 3s ./playbook
//	go test -run '^$' -fuzz '^FuzzRecord$' -fuzztime 60s -fuzzminimizetime 3s ./playbook

// FuzzDocument decodes and compiles any bytes as a policy document. It
// must never panic; a document that decodes encodes again to one that
// decodes to the same spec, with the same digest; a document that compiles
// decides sample clients without error, the same decision twice, as the
// document encoded and decoded again decides them, and as Decide decides
// the tier, leaving the profile unchanged.
func FuzzDocument(f *testing.F) {
	seeds, err := filepath.Glob("testdata/broken/*.json")
	require.NoError(f, err)
	seeds = append(seeds, "testdata/mini.json", "reference.json")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		require.NoError(f, err)
		f.Add(b)
	}
	o := sample.Options{Seed: 5}
	v := sample.Valuation(o)
	var clients []vipcare.Profile
	for _, i := range []int{0, 13, 77} {
		clients = append(clients, sample.Profile(o, i))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		s, err := playbook.Decode(doc)
		if err != nil {
			_, err := playbook.Compile(doc, nil)
			require.Error(t, err, "what does not decode does not compile")
			return
		}
		again, err := playbook.Encode(s)
		require.NoError(t, err)
		back, err := playbook.Decode(again)
		require.NoError(t, err, "%s", again)
		third, err := playbook.Encode(back)
		require.NoError(t, err)
		require.Equal(t, string(again), string(third), "the canonical form is a fixed point")
		d1, err := s.Digest()
		require.NoError(t, err)
		d2, err := back.Digest()
		require.NoError(t, err)
		require.Equal(t, d1, d2)

		pb, err := s.Compile(nil)
		if err != nil {
			return
		}
		pb2, err := back.Compile(nil)
		require.NoError(t, err, "what compiles compiles again from its encoding")
		for _, p := range clients {
			a, err := pb.Explain(&p, v, playbook.Options{})
			require.NoError(t, err)
			b, err := pb.Explain(&p, v, playbook.Options{})
			require.NoError(t, err)
			require.Equal(t, a, b, "the same decision twice")
			c, err := pb2.Explain(&p, v, playbook.Options{})
			require.NoError(t, err)
			require.Equal(t, a, c, "the same decision from the encoded document")
			before := testkit.Clone(p)
			d, err := pb.Decide(&p, v, playbook.Options{}, nil)
			require.NoError(t, err)
			require.Equal(t, a.Tier, d.Tier, "Decide decides the tier Explain explains")
			require.Equal(t, a.Segment, d.Segment, "Decide decides the segment Explain explains")
			require.Equal(t, before, p, "the profile is unchanged")
		}
	})
}

// FuzzDecide decodes any bytes as a client's profile and decides for it
// with the reference playbook, at once and within the month. Decide and
// Explain never panic and fail alike; a profile Validate accepts is
// decided, and one Decide refuses Validate refuses too, the problem
// located; a decision is the same twice, agrees with its explanation,
// places the client on a tier of the ladder or none, with a workload of 0
// or more, on figures whose totals are 0 or more and add up, and leaves
// the profile unchanged.
func FuzzDecide(f *testing.F) {
	for _, p := range []vipcare.Profile{client("600123", "2000000"), testkit.RichProfile()} {
		b, err := json.Marshal(vipcare.Disclosed(p))
		require.NoError(f, err)
		f.Add(b)
	}
	pb := reference(f)
	v := valuation()
	tiers := pb.Tiers()
	within := playbook.Options{Period: tier.MonthOf(v.AsOf)}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p vipcare.Profile
		if p.UnmarshalJSON(data) != nil {
			return // FuzzProfileJSON checks the problems
		}
		before, err := json.Marshal(vipcare.Disclosed(p))
		require.NoError(t, err)
		errV := p.Validate(v)
		for _, o := range []playbook.Options{{}, within} {
			var s playbook.Scratch
			d, err := pb.Decide(&p, v, o, &s)
			x, errX := pb.Explain(&p, v, o)
			if (err == nil) != (errX == nil) || err != nil && err.Error() != errX.Error() {
				t.Fatalf("%q: Decide %v, Explain %v", data, err, errX)
			}
			if err != nil {
				testkit.CheckLocated(t, nil, err, tier.ErrNoHistory)
				if errV == nil {
					t.Fatalf("%q: Validate accepts the profile, Decide refuses it: %v", data, err)
				}
				continue
			}
			if f := s.Figures(); f.AUM < 0 || f.OffBank < 0 || f.Liabilities < 0 || f.FinancialAssets < 0 ||
				f.AUM+f.OffBank != f.Wealth {
				t.Fatalf("%q: decided on figures that do not add up", data)
			}
			again, err := pb.Decide(&p, v, o, nil)
			require.NoError(t, err)
			require.Equal(t, d, again, "%q: the same decision twice", data)
			require.Equal(t, x.Tier, d.Tier, "%q: Decide decides the tier Explain explains", data)
			require.Equal(t, x.Segment, d.Segment, "%q", data)
			require.Equal(t, x.Minutes, d.Minutes, "%q", data)
			if !d.Tier.IsZero() && !slices.Contains(tiers, d.Tier.Name) || d.Minutes < 0 {
				t.Fatalf("%q: decided %v, %d minutes", data, d.Tier, d.Minutes)
			}
		}
		after, err := json.Marshal(vipcare.Disclosed(p))
		require.NoError(t, err)
		require.Equal(t, string(before), string(after), "%q: the profile is unchanged", data)
	})
}

// FuzzRecord reads arbitrary bytes as a stored record: it never panics,
// and a record it reads writes back as JSON that reads back and writes
// the same JSON again (an empty list written out may be left out, once).
func FuzzRecord(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "records.golden"))
	require.NoError(f, err)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f.Add([]byte(line))
	}
	f.Add([]byte(`{"schema":"vipcare.record/2"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r playbook.Record
		if json.Unmarshal(data, &r) != nil {
			return
		}
		out, err := json.Marshal(vipcare.Disclosed(r))
		require.NoError(t, err)
		var again playbook.Record
		require.NoError(t, json.Unmarshal(out, &again), "%s", out)
		out2, err := json.Marshal(vipcare.Disclosed(again))
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}
