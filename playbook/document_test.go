package playbook_test

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// bookSize is the number of sample clients the document tests decide.
func bookSize(t *testing.T) int {
	if testing.Short() {
		return 1000
	}
	return 10_000
}

// decideAlike checks that a and b decide every client of a sample book of
// n alike, every part of the decision compared; same maps a decision of b
// to what it must equal (nil for none).
func decideAlike(t *testing.T, a, b *playbook.Playbook, n int, same func(d *playbook.Explanation)) {
	t.Helper()
	o := sample.Options{Seed: 9}
	v := sample.Valuation(o)
	for i, p := range sample.Profiles(o, n) {
		da, err := a.Explain(&p, v, playbook.Options{})
		require.NoError(t, err)
		db, err := b.Explain(&p, v, playbook.Options{})
		require.NoError(t, err)
		if same != nil {
			same(&db)
		}
		if !assert.Equal(t, da, db, "client %d", i) {
			return
		}
	}
}

// The reference document is the reference playbook: it decides exactly as
// Reference over the sample shelf.
func TestReferenceDocument(t *testing.T) {
	fromDoc, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	decideAlike(t, reference(t), fromDoc, bookSize(t), nil)

	doc := playbook.ReferenceDocument()
	doc[0] = 'x'
	assert.Equal(t, byte('{'), playbook.ReferenceDocument()[0], "a new slice each call")

	s, err := playbook.Decode(playbook.ReferenceDocument())
	require.NoError(t, err)
	assert.Equal(t, sample.Shelf(), s.Needs.Products, "the document's products are the sample shelf")
}

// Every part of a playbook round-trips: compile(decode(encode(spec)))
// decides exactly as the spec, for the reference built in Go and for the
// reference document; and encoding the decoded spec again gives the same
// document, digest included.
func TestDocumentRoundTrip(t *testing.T) {
	fromGo := playbook.Reference(sample.Shelf())
	fromGo.ID, fromGo.Version, fromGo.EffectiveFrom = "reference", "1", "2026-01-01"
	fromDoc, err := playbook.Decode(playbook.ReferenceDocument())
	require.NoError(t, err)
	noQualification := fromDoc // an object left empty once its empty members are out is out too
	noQualification.Ladder.Qualification = tier.QualificationSpec{}
	for name, spec := range map[string]playbook.Spec{"built in Go": fromGo, "the document": fromDoc,
		"no qualification": noQualification} {
		t.Run(name, func(t *testing.T) {
			doc, err := playbook.Encode(spec)
			require.NoError(t, err)
			assert.NotContains(t, string(doc), `\u003e`, "conditions read as written")
			assert.NotContains(t, string(doc), `null`, "a part left out, or a condition that always holds, is no member")
			assert.NotContains(t, string(doc), `[]`)
			assert.NotContains(t, string(doc), `{}`)
			back, err := playbook.Decode(doc)
			require.NoError(t, err)
			again, err := playbook.Encode(back)
			require.NoError(t, err)
			assert.Equal(t, string(doc), string(again), "encoding what it decodes gives the same document")
			d1, err := spec.Digest()
			require.NoError(t, err)
			d2, err := back.Digest()
			require.NoError(t, err)
			assert.Equal(t, d1, d2)

			a, err := spec.Compile(nil)
			require.NoError(t, err)
			b, err := playbook.Compile(doc, nil)
			require.NoError(t, err)
			decideAlike(t, a, b, bookSize(t), nil)
		})
	}
}

// chinese names the reference tiers as a bank in China might.
var chinese = map[string]string{"mass": "普通", "gold": "金卡", "platinum": "白金", "diamond": "钻石", "private banking": "私行"}

// Renaming every tier of the reference document compiles and decides the
// same: no part refers to a tier by its name.
func TestChineseTierNames(t *testing.T) {
	s, err := playbook.Decode(playbook.ReferenceDocument())
	require.NoError(t, err)
	for i := range s.Ladder.Rungs {
		r := &s.Ladder.Rungs[i]
		r.Tier.Name = chinese[r.Tier.Name]
		require.NotEmpty(t, r.Tier.Name)
	}
	doc, err := json.Marshal(s)
	require.NoError(t, err)
	renamed, err := playbook.Compile(doc, nil)
	require.NoError(t, err)
	back := strings.NewReplacer("普通", "mass", "金卡", "gold", "白金", "platinum", "钻石", "diamond", "私行", "private banking")
	decideAlike(t, reference(t), renamed, bookSize(t), func(d *playbook.Explanation) {
		// the same decision, but for the tiers' names
		b, err := json.Marshal(vipcare.Disclosed(d)) // whole: a redacted task does not read back
		require.NoError(t, err)
		var named playbook.Explanation
		require.NoError(t, json.Unmarshal([]byte(back.Replace(string(b))), &named))
		d.Tier, d.TierWhy = named.Tier, named.TierWhy
		d.Strategy.Constraints = named.Strategy.Constraints
	})
}

// notesForC5 is the house check of the variant document.
var notesForC5 = needs.CheckFunc(func(c needs.Case) (needs.Refusal, bool) {
	if c.Product.Category != "structured_note" || c.Figures.Profile.Risk == vipcare.C5 {
		return needs.Refusal{}, false
	}
	return needs.Refusal{Code: "structured_note_c5_only", Reason: "structured notes for C5 clients only"}, true
})

// variant returns the bank-style variant document and the environment
// where its house check is registered.
func variant(tb testing.TB) ([]byte, *vipcare.Env) {
	tb.Helper()
	doc, err := os.ReadFile("testdata/variant-zh.json")
	require.NoError(tb, err)
	env, err := (*vipcare.Env)(nil).WithParts(needs.CheckPart("notes_for_c5", notesForC5))
	require.NoError(tb, err)
	return doc, env
}

// The bank-style variant compiles where its house check is registered, and
// says where it is not.
func TestVariantDocument(t *testing.T) {
	doc, env := variant(t)
	pb, err := playbook.Compile(doc, env)
	require.NoError(t, err)
	assert.Equal(t, []string{"普通", "金卡", "白金", "钻石", "私行"}, pb.Tiers())

	_, err = playbook.Compile(doc, nil)
	var ps policy.Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "/needs/pack/checks/0", ps[0].Path)
	assert.ErrorIs(t, ps[0].Err, policy.ErrUnknown)
	line := 1 + strings.Count(string(doc[:strings.Index(string(doc), `"notes_for_c5"`)]), "\n")
	assert.Equal(t, line, ps[0].Line, "located in the document")
}

// A document with thousands of problems reports the first 100 and says
// there are more, located in one pass over the document.
func TestManyProblems(t *testing.T) {
	s, err := playbook.Decode(playbook.ReferenceDocument())
	require.NoError(t, err)
	rule := s.Strategies.Rules[0]
	rule.When = policy.Field("aun").GE(1)
	s.Strategies.Rules = slices.Repeat([]policy.Row[string]{rule}, 5000)
	for i := range s.Strategies.Rules {
		s.Strategies.Rules[i].Name = "rule " + strconv.Itoa(i)
	}
	doc, err := json.Marshal(s)
	require.NoError(t, err)
	_, err = playbook.Compile(doc, nil)
	var ps policy.Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 101)
	assert.Equal(t, "/strategies/rules/99/when/field", ps[99].Path)
	assert.Positive(t, ps[99].Line)
	assert.ErrorIs(t, ps[100].Err, policy.ErrTooMany)

	// A document that does not name its policy is compiled still: its
	// missing identity comes with the problems of its content, at once.
	s.Version = ""
	doc, err = json.Marshal(s)
	require.NoError(t, err)
	_, err = playbook.Compile(doc, nil)
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 101)
	assert.Equal(t, "/version", ps[0].Path)
	assert.Equal(t, "/strategies/rules/98/when/field", ps[99].Path)
	assert.ErrorIs(t, ps[100].Err, policy.ErrTooMany)
	s.Strategies.Rules = s.Strategies.Rules[:2]
	s.EffectiveFrom = " " // blank: missing, and only that
	doc, err = json.Marshal(s)
	require.NoError(t, err)
	_, err = playbook.Compile(doc, nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/version", Err: policy.ErrMissing},
		testkit.Want{Path: "/effective_from", Err: policy.ErrMissing},
		testkit.Want{Path: "/strategies/rules/0/when/field", Name: "aun", Err: policy.ErrUnknown},
		testkit.Want{Path: "/strategies/rules/1/when/field", Name: "aun", Err: policy.ErrUnknown})
}

// BenchmarkCompileDocument measures compiling the reference document
// (about 34 KB), decoding included, as a bank does once per policy version.
func BenchmarkCompileDocument(b *testing.B) {
	doc := playbook.ReferenceDocument()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for range b.N {
		if _, err := playbook.Compile(doc, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A compiled playbook names the policy it was compiled from, digest
// included, for the records of its decisions.
func TestIdentity(t *testing.T) {
	s, err := playbook.Decode(playbook.ReferenceDocument())
	require.NoError(t, err)
	pb, err := s.Compile(nil)
	require.NoError(t, err)
	digest, err := s.Digest()
	require.NoError(t, err)
	assert.Equal(t, playbook.Identity{ID: "vipcare-reference", Version: "2026.1", EffectiveFrom: "2026-01-01",
		Digest: digest}, pb.Identity())
	fromDoc, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	assert.Equal(t, pb.Identity(), fromDoc.Identity())
}
