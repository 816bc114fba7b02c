package playbook_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/sample"
)

// FuzzDocument decodes and compiles any bytes as a policy document. It
// must never panic; a document that decodes encodes again to one that
// decodes to the same spec, with the same digest; a document that compiles
// decides sample clients without error, the same decision twice, and
// as the document encoded and decoded again decides them.
func FuzzDocument(f *testing.F) {
	seeds, err := filepath.Glob("testdata/broken/*.json")
	require.NoError(f, err)
	seeds = append(seeds, "testdata/mini.json")
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
		}
	})
}
