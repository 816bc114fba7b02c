package playbook_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// referenceDocument is the reference playbook as an indented JSON
// document, as a bank keeps it.
func referenceDocument(t testing.TB) []byte {
	b, err := json.MarshalIndent(playbook.Reference(sample.Shelf()), "", "  ")
	require.NoError(t, err)
	return b
}

// Every spec decodes strictly through encoding/json too: a misspelt key is
// a located problem, not a silently dropped part.
func TestSpecsDecodeStrictly(t *testing.T) {
	tests := []struct {
		name string
		into any
		doc  string
		path string
	}{
		{"playbook", &playbook.Spec{}, `{"id": "x", "ladder": {"rungs": [{"from": "0", "wen": "aum >= 1"}]}}`, "/ladder/rungs/0/wen"},
		{"ladder", &tier.LadderSpec{}, `{"currency": "CNY", "mesure": "adb_month"}`, "/mesure"},
		{"segmentation", &segment.Spec{}, `{"dimensions": [{"name": "value", "Score": "aum"}]}`, "/dimensions/0/Score"},
		{"needs", &needs.Spec{}, `{"scorecards": [], "scorecards": []}`, "/scorecards"},
		{"suitability pack", &needs.PackSpec{}, `{"name": "house", "check": ["x"]}`, "/check"},
		{"strategies", &contact.StrategySpec{}, `{"rules": [{"name": "a", "when": "aum >= 1", "then": "x", "else": "y"}]}`, "/rules/0/else"},
		{"triggers", &contact.TriggerSpec{}, `{"birthday_day": 7}`, "/birthday_day"},
		{"workload", &rm.Workload{}, `{"preparation": 15, "hours": 1760}`, "/hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tt.doc), tt.into)
			var ps policy.Problems
			require.ErrorAs(t, err, &ps)
			require.Len(t, ps, 1, "%v", err)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Equal(t, 1, ps[0].Line)
			assert.Positive(t, ps[0].Column)
		})
	}
}

// BenchmarkUnmarshalSpec measures strict decoding of the reference
// playbook's document (about 40 KB), beside encoding/json parsing it:
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
	// For scale: encoding/json parsing the same document into generic
	// values, which checks nothing.
	b.Run("encoding_json_any", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for range b.N {
			var s any
			if err := json.Unmarshal(doc, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
