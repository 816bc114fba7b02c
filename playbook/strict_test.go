package playbook_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// referenceDocument is the reference playbook as an indented JSON
// document, as a bank keeps it.
func referenceDocument(t testing.TB) []byte {
	b, err := json.MarshalIndent(playbook.Reference(sample.Shelf()), "", "  ")
	require.NoError(t, err)
	return b
}

func TestReferenceDecodesStrictly(t *testing.T) {
	doc := referenceDocument(t)
	var strict, loose playbook.Spec
	require.NoError(t, policy.Unmarshal(doc, &strict))
	require.NoError(t, json.Unmarshal(doc, &loose))
	a, err := json.Marshal(strict)
	require.NoError(t, err)
	b, err := json.Marshal(loose)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(a), "strict decoding gives what encoding/json gives")
}

// BenchmarkUnmarshalSpec compares strict decoding of the reference
// playbook's document (about 40 KB) with encoding/json's:
//
//	go test -run x -bench UnmarshalSpec -benchmem ./playbook
func BenchmarkUnmarshalSpec(b *testing.B) {
	doc := referenceDocument(b)
	b.Logf("document of %d bytes", len(doc))
	b.Run("strict", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var s playbook.Spec
			if err := policy.Unmarshal(doc, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var s playbook.Spec
			if err := json.Unmarshal(doc, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
