package playbook_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// version returns the reference spec with an identity, changed by edit.
func version(edit func(s *playbook.Spec)) playbook.Spec {
	s := playbook.Reference(sample.Shelf())
	s.ID, s.Version, s.EffectiveFrom = "cn-retail-vip", "2026.1", "2026-01-01"
	if edit != nil {
		edit(&s)
	}
	return s
}

// diffCases are changes to the reference spec and what Diff says of them.
// Conditions are written as their own text, whatever form it has.
var diffCases = []struct {
	name string
	edit func(s *playbook.Spec)
	want []playbook.Change
}{
	{name: "nothing changed"},
	{name: "threshold raised",
		edit: func(s *playbook.Spec) { s.Ladder.Rungs[1].From = decimal.NewFromInt(60_000) },
		want: []playbook.Change{{Path: "/ladder/rungs/1/from", Old: `"50000"`, New: `"60000"`,
			Text: "gold threshold 50,000 -> 60,000 CNY"}}},
	{name: "identity changed",
		edit: func(s *playbook.Spec) {
			s.ID, s.Version, s.EffectiveFrom, s.EffectiveUntil = "cn-vip", "2027.1", "2027-01-01", "2027-12-31"
		},
		want: []playbook.Change{
			{Path: "/id", Old: `"cn-retail-vip"`, New: `"cn-vip"`, Text: "policy id cn-retail-vip -> cn-vip"},
			{Path: "/version", Old: `"2026.1"`, New: `"2027.1"`, Text: "version 2026.1 -> 2027.1"},
			{Path: "/effective_from", Old: `"2026-01-01"`, New: `"2027-01-01"`, Text: "effective from 2026-01-01 -> 2027-01-01"},
			{Path: "/effective_until", New: `"2027-12-31"`, Text: "effective until added: 2027-12-31"},
		}},
	{name: "description with spaces",
		edit: func(s *playbook.Spec) { s.Description = "gold from 60,000" },
		want: []playbook.Change{{Path: "/description", New: `"gold from 60,000"`,
			Text: "description added: gold from 60,000"}}},
	{name: "strategy rule added",
		edit: func(s *playbook.Spec) {
			s.Strategies.Rules = slices.Insert(s.Strategies.Rules, 1,
				policy.Row[string]{Name: "rich", When: policy.Field("aum").GE("3000000"), Then: "premier"})
		},
		want: []playbook.Change{{Path: "/strategies/rules/1",
			New:  `{"name":"rich","when":` + strconv.Quote(policy.Field("aum").GE("3000000").String()) + `,"then":"premier"}`,
			Text: `strategy rule "rich" added: aum >= 3000000 -> premier`}}},
	{name: "strategy rule removed",
		edit: func(s *playbook.Spec) { s.Strategies.Rules = slices.Delete(s.Strategies.Rules, 2, 3) },
		want: []playbook.Change{{Path: "/strategies/rules/2",
			Old:  `{"name":"grow","when":` + strconv.Quote(policy.Field("segment").EQ("grow").String()) + `,"then":"growth"}`,
			Text: `strategy rule "grow" removed: segment == "grow" -> growth`}}},
	{name: "strategy rules reordered",
		edit: func(s *playbook.Spec) {
			r := s.Strategies.Rules
			r[2], r[3] = r[3], r[2]
		},
		want: []playbook.Change{{Path: "/strategies/rules",
			Old: `["private banking","diamond or maintain","grow","platinum or develop","everyone else"]`,
			New: `["private banking","diamond or maintain","platinum or develop","grow","everyone else"]`,
			Text: "order of strategy rules: private banking, diamond or maintain, grow, platinum or develop, everyone else" +
				" -> private banking, diamond or maintain, platinum or develop, grow, everyone else"}}},
	{name: "strategy rule condition changed",
		edit: func(s *playbook.Spec) {
			s.Strategies.Rules[2].When = policy.All(policy.Field("segment").EQ("grow"), policy.Field("tier").GE("gold"))
		},
		want: func() []playbook.Change {
			old := policy.Field("segment").EQ("grow").String()
			new := policy.All(policy.Field("segment").EQ("grow"), policy.Field("tier").GE("gold")).String()
			return []playbook.Change{{Path: "/strategies/rules/2/when", Old: strconv.Quote(old), New: strconv.Quote(new),
				Text: `strategy rule "grow" condition: ` + old + " -> " + new}}
		}()},
	{name: "strategy rule's strategy changed",
		edit: func(s *playbook.Spec) { s.Strategies.Rules[2].Then = "relationship" },
		want: []playbook.Change{{Path: "/strategies/rules/2/then", Old: `"growth"`, New: `"relationship"`,
			Text: `strategy rule "grow" strategy growth -> relationship`}}},
	{name: "tier renamed",
		edit: func(s *playbook.Spec) { s.Ladder.Rungs[4].Tier.Name = "私行" },
		want: []playbook.Change{{Path: "/ladder/rungs/4/tier/name", Old: `"private banking"`, New: `"私行"`,
			Text: `tier "private banking" renamed "私行"`}}},
	{name: "qualification rule condition",
		edit: func(s *playbook.Spec) { s.Ladder.Qualification.Rules[1].When = policy.Field("months_dormant").GE(18) },
		want: func() []playbook.Change {
			old, new := policy.Field("months_dormant").GE(12).String(), policy.Field("months_dormant").GE(18).String()
			return []playbook.Change{{Path: "/ladder/qualification/rules/1/when", Old: strconv.Quote(old),
				New: strconv.Quote(new), Text: `qualification rule "dormant" condition: ` + old + " -> " + new}}
		}()},
	{name: "qualification rule outcome",
		edit: func(s *playbook.Spec) { s.Ladder.Qualification.Rules[0].Then.Outcome = tier.Disqualified },
		want: []playbook.Change{{Path: "/ladder/qualification/rules/0/then/outcome", Old: `"watch"`, New: `"disqualified"`,
			Text: `qualification rule "balance_spike" outcome watch -> disqualified`}}},
	{name: "band thresholds",
		edit: func(s *playbook.Spec) {
			s.Segmentation.Dimensions[0].Bands[1].From = decimal.NewFromInt(600_000)
			s.Segmentation.Dimensions[2].Bands[1].From = decimal.NewFromInt(3)
		},
		want: []playbook.Change{
			{Path: "/segmentation/dimensions/0/bands/1/from", Old: `"500000"`, New: `"600000"`,
				Text: `dimension "value" band "mid" threshold 500,000 -> 600,000 CNY`},
			{Path: "/segmentation/dimensions/2/bands/1/from", Old: `"2"`, New: `"3"`,
				Text: `dimension "depth" band "moderate" threshold 2 -> 3`},
		}},
	{name: "signal weight and need removed",
		edit: func(s *playbook.Spec) {
			s.Needs.Scorecards[0].Signals[1].Weight = 45
			s.Needs.Scorecards = slices.Delete(s.Needs.Scorecards, 3, 4)
		},
		want: []playbook.Change{
			{Path: "/needs/scorecards/0/signals/1/weight", Old: "40", New: "45",
				Text: `need "integrated" signal "corporate_links" weight 40 -> 45`},
			{Path: "/needs/scorecards/3", Text: `need "advice" removed`},
		}},
	{name: "pack amount and product ticket",
		edit: func(s *playbook.Spec) {
			s.Needs.Pack.QualifiedInvestor.NetFinancialAssets = decimal.NewFromInt(3_500_000)
			i := slices.IndexFunc(s.Needs.Products, func(p needs.Product) bool { return p.Code == "LCD-1Y" })
			s.Needs.Products[i].MinTicket = testkit.CNY("300000")
		},
		want: []playbook.Change{
			{Path: "/needs/products/3/min_ticket", Old: `{"amount":"200000","currency":"CNY"}`,
				New:  `{"amount":"300000","currency":"CNY"}`,
				Text: `product "LCD-1Y" min ticket: 200,000 CNY -> 300,000 CNY`},
			{Path: "/needs/pack/qualified_investor/net_financial_assets", Old: `"3000000"`, New: `"3500000"`,
				Text: "suitability pack qualified investor net financial assets 3,000,000 -> 3,500,000 CNY"},
		}},
	{name: "play added",
		edit: func(s *playbook.Spec) {
			s.Needs.Plays = append(s.Needs.Plays, needs.Play{ID: "x", Title: "X", Needs: []needs.Need{"advice"},
				Categories: []string{"tax_advice"}})
		},
		want: []playbook.Change{{Path: "/needs/plays/9",
			New: `{"id":"x","title":"X","needs":["advice"],"categories":["tax_advice"]}`, Text: `play "x" added`}}},
	{name: "strategy touches and specialists",
		edit: func(s *playbook.Spec) {
			s.Strategies.Strategies[1].Touches[1].PerYear = 10
			s.Strategies.Strategies[1].Service.Specialists = []string{"investment"}
		},
		want: []playbook.Change{
			{Path: "/strategies/strategies/1/touches/1/per_year", Old: "8", New: "10",
				Text: `strategy "premier" touch "phone" per year 8 -> 10`},
			{Path: "/strategies/strategies/1/service/specialists", Old: `["investment","tax"]`, New: `["investment"]`,
				Text: `strategy "premier" service specialists: investment, tax -> investment`},
		}},
	{name: "workload minutes",
		edit: func(s *playbook.Spec) {
			s.Workload.Minutes = maps(s.Workload.Minutes)
			s.Workload.Minutes[vipcare.ChannelPhone] = 25
			s.Workload.HoursPerYear = 1800
		},
		want: []playbook.Change{
			{Path: "/workload/minutes/phone", Old: "20", New: "25", Text: "workload minutes per phone touch 20 -> 25"},
			{Path: "/workload/hours_per_year", Old: "1760", New: "1800", Text: "workload hours per year 1,760 -> 1,800"},
		}},
	{name: "part removed",
		edit: func(s *playbook.Spec) { s.Segmentation = nil },
		want: []playbook.Change{{Path: "/segmentation", Text: "segmentation removed"}}},
	{name: "default strategy",
		edit: func(s *playbook.Spec) { s.Strategies.Default = "digital" },
		want: []playbook.Change{{Path: "/strategies/default", Old: `"standard"`, New: `"digital"`,
			Text: "default strategy standard -> digital"}}},
	{name: "strategy added",
		edit: func(s *playbook.Spec) {
			s.Strategies.Strategies = append(s.Strategies.Strategies, contact.Strategy{Name: "x", Owner: contact.RM})
		},
		want: []playbook.Change{{Path: "/strategies/strategies/6", New: `{"name":"x","owner":"rm","touches":null,"service":{}}`,
			Text: `strategy "x" added`}}},
}

func maps[K comparable, V any](m map[K]V) map[K]V {
	c := make(map[K]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func TestDiff(t *testing.T) {
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := version(nil), version(tc.edit)
			before := specJSON(t, a) + specJSON(t, b)
			got, err := playbook.Diff(a, b)
			require.NoError(t, err)
			for i := range tc.want {
				if tc.want[i].Old == "" && tc.want[i].New == "" { // a whole part or element removed
					require.Less(t, i, len(got))
					tc.want[i].Old = got[i].Old
				}
			}
			assert.Equal(t, tc.want, got)
			for _, c := range got {
				assert.Equal(t, c.Text, c.String())
			}
			again, err := playbook.Diff(a, b)
			require.NoError(t, err)
			assert.Equal(t, got, again, "same answer twice")
			assert.Equal(t, before, specJSON(t, a)+specJSON(t, b), "specs not changed")

			mirror, err := playbook.Diff(b, a)
			require.NoError(t, err)
			assert.ElementsMatch(t, swapped(got), withoutText(mirror), "Diff(b, a) mirrors Diff(a, b)")
			checkPaths(t, a, b, got)
			checkPaths(t, b, a, mirror)

			da, err := a.Digest()
			require.NoError(t, err)
			db, err := b.Digest()
			require.NoError(t, err)
			assert.Equal(t, len(got) == 0, da == db, "the digest changes exactly when Diff finds a change")
		})
	}
}

// swapped returns cs with Old and New swapped and no text.
func swapped(cs []playbook.Change) []playbook.Change {
	out := make([]playbook.Change, len(cs))
	for i, c := range cs {
		out[i] = playbook.Change{Path: c.Path, Old: c.New, New: c.Old}
	}
	return out
}

func withoutText(cs []playbook.Change) []playbook.Change {
	out := make([]playbook.Change, len(cs))
	for i, c := range cs {
		out[i] = playbook.Change{Path: c.Path, Old: c.Old, New: c.New}
	}
	return out
}

func specJSON(t *testing.T, s playbook.Spec) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

// checkPaths checks that every change's path leads, in the new spec's JSON
// form (the old one's for a removal), to the value the change gives, and
// that nothing of the path's value is there in the other form.
func checkPaths(t *testing.T, old, new playbook.Spec, cs []playbook.Change) {
	t.Helper()
	o, n := decodeAny(t, specJSON(t, old)), decodeAny(t, specJSON(t, new))
	for _, c := range cs {
		doc, value := n, c.New
		if c.New == "" {
			doc, value = o, c.Old
		}
		v, ok := resolve(doc, c.Path)
		require.True(t, ok, "%s leads nowhere", c.Path)
		if strings.HasSuffix(value, "…") || strings.HasPrefix(c.Text, "order of ") {
			continue // a value cut short, a list's order
		}
		if strings.HasSuffix(c.Path, "/when") {
			v = condText(t, v)
		}
		assert.Equal(t, condTexts(t, v), decodeAny(t, value), c.Path)
	}
}

// condTexts returns v with every "when" member as its condition's text,
// as Diff shows conditions.
func condTexts(t *testing.T, v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, m := range x {
			if k == "when" {
				out[k] = condText(t, m)
			} else {
				out[k] = condTexts(t, m)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = condTexts(t, m)
		}
		return out
	}
	return v
}

func condText(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var c policy.Cond
	require.NoError(t, json.Unmarshal(b, &c))
	return c.String()
}

func decodeAny(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v), s)
	return v
}

// resolve returns the value at JSON pointer p in doc.
func resolve(doc any, p string) (any, bool) {
	if p == "" {
		return doc, true
	}
	for _, tok := range strings.Split(p[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := doc.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			doc = x[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// Every change of the cases at once: each is still reported, in the new
// document's order, and the mirror still holds.
func TestDiffManyChanges(t *testing.T) {
	a := version(nil)
	b := version(func(s *playbook.Spec) {
		for _, tc := range diffCases {
			if tc.edit != nil && tc.name != "part removed" && tc.name != "strategy rule removed" {
				tc.edit(s)
			}
		}
	})
	got, err := playbook.Diff(a, b)
	require.NoError(t, err)
	var texts []string
	for _, c := range got {
		texts = append(texts, c.Text)
	}
	for _, tc := range diffCases {
		if tc.name == "part removed" || tc.name == "strategy rule removed" {
			continue
		}
		for _, w := range tc.want {
			if strings.HasPrefix(w.Text, "order of ") || strings.HasPrefix(w.Path, "/strategies/rules/") {
				continue // the rules both moved and grew
			}
			assert.Contains(t, texts, w.Text, tc.name)
		}
	}
	paths := make([]string, len(got))
	for i, c := range got {
		paths[i] = c.Path
	}
	top := func(p string) int {
		return slices.Index([]string{"id", "version", "effective_from", "effective_until", "description", "currency",
			"ladder", "segmentation", "needs", "strategies", "triggers", "workload"}, strings.Split(p, "/")[1])
	}
	assert.True(t, slices.IsSortedFunc(paths, func(x, y string) int { return top(x) - top(y) }),
		"in document order: %v", paths)
	mirror, err := playbook.Diff(b, a)
	require.NoError(t, err)
	require.Len(t, mirror, len(got))
	checkPaths(t, a, b, got)
	checkPaths(t, b, a, mirror)
}

func TestDiffReferenceWithItself(t *testing.T) {
	got, err := playbook.Diff(playbook.Reference(sample.Shelf()), playbook.Reference(sample.Shelf()))
	require.NoError(t, err)
	assert.Empty(t, got)
	s := version(nil)
	got, err = playbook.Diff(s, s)
	require.NoError(t, err)
	assert.Empty(t, got)
}

// A rung inserted between two others is one tier added, the rungs matched
// by tier name, not every later rung changed.
func TestDiffMatchesByName(t *testing.T) {
	a := version(nil)
	b := version(func(s *playbook.Spec) {
		r := s.Ladder.Rungs[1]
		r.Tier.Name, r.Tier.Rank, r.From = "silver", 15, decimal.NewFromInt(20_000)
		s.Ladder.Rungs = slices.Insert(s.Ladder.Rungs, 1, r)
	})
	got, err := playbook.Diff(a, b)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "/ladder/rungs/1", got[0].Path)
	assert.Equal(t, `tier "silver" added`, got[0].Text)
	assert.Empty(t, got[0].Old)
}

// A spec with a Go predicate has no JSON form: Diff and Digest say so.
func TestDiffNoDataForm(t *testing.T) {
	s := version(func(s *playbook.Spec) {
		s.Strategies.Rules[0].When = policy.Custom("vip_flag", func(*contact.Facts) bool { return true })
	})
	_, err := playbook.Diff(version(nil), s)
	require.Error(t, err)
	assert.ErrorIs(t, err, policy.ErrNoDataForm)
	ps := testkit.Problems(t, err)
	for _, p := range ps {
		assert.True(t, strings.HasPrefix(p.Path, "/new"), p.Path)
	}
	_, err = playbook.Diff(s, version(nil))
	require.Error(t, err)
	for _, p := range testkit.Problems(t, err) {
		assert.True(t, strings.HasPrefix(p.Path, "/old"), p.Path)
	}
	_, err = s.Digest()
	assert.ErrorIs(t, err, policy.ErrNoDataForm)
}

func TestDigest(t *testing.T) {
	ref := version(nil)
	d, err := ref.Digest()
	require.NoError(t, err)
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, d)
	again, err := version(nil).Digest()
	require.NoError(t, err)
	assert.Equal(t, d, again, "the same spec, the same digest")

	// The spec decoded from its own JSON form, indented, or with its
	// members in another order, has the same digest.
	doc := specJSON(t, ref)
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, []byte(doc), "", "    "))
	var generic any
	require.NoError(t, json.Unmarshal([]byte(doc), &generic))
	sorted, err := json.Marshal(generic) // members in alphabetical order
	require.NoError(t, err)
	require.NotEqual(t, doc, string(sorted))
	for name, text := range map[string]string{"compact": doc, "indented": indented.String(), "sorted": string(sorted)} {
		var s playbook.Spec
		require.NoError(t, json.Unmarshal([]byte(text), &s), name)
		got, err := s.Digest()
		require.NoError(t, err)
		assert.Equal(t, d, got, name)
	}

	raised := version(func(s *playbook.Spec) { s.Ladder.Rungs[1].From = decimal.NewFromInt(60_000) })
	other, err := raised.Digest()
	require.NoError(t, err)
	assert.NotEqual(t, d, other, "a threshold change changes the digest")
	same := version(func(s *playbook.Spec) { s.Ladder.Rungs[1].From = decimal.RequireFromString("50000.00") })
	trailing, err := same.Digest()
	require.NoError(t, err)
	assert.Equal(t, d, trailing, "50000.00 is the threshold 50000")

	// Spelt another way, the same policy: a list null or empty, a
	// threshold as a number, a condition as a tree.
	for name, edit := range map[string]func(s *playbook.Spec){
		"empty lists": func(s *playbook.Spec) { s.Ladder.Rungs = []tier.Rung{} },
		"a tree condition": func(s *playbook.Spec) {
			s.Strategies.Rules[1].When = policy.Any(policy.Field("tier_rank").GE(40),
				policy.All(policy.Field("segment").EQ("maintain"), policy.Field("tier_rank").GE(20)))
		},
	} {
		got, err := version(edit).Digest()
		require.NoError(t, err)
		if name == "empty lists" {
			want, err := version(func(s *playbook.Spec) { s.Ladder.Rungs = nil }).Digest()
			require.NoError(t, err)
			assert.Equal(t, want, got, name)
			continue
		}
		assert.Equal(t, d, got, name)
	}
}

// The digest does not depend on how a program sets the decimal package's
// encoding: decimals written as JSON numbers hash as those written as
// strings.
func TestDigestIgnoresDecimalSettings(t *testing.T) {
	want, err := version(nil).Digest()
	require.NoError(t, err)
	decimal.MarshalJSONWithoutQuotes = true
	defer func() { decimal.MarshalJSONWithoutQuotes = false }()
	got, err := version(nil).Digest()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestPlaybookClasses(t *testing.T) {
	pb := reference(t)
	assert.Equal(t, []string{"mass", "gold", "platinum", "diamond", "private banking"}, pb.Tiers())
	assert.Equal(t, []string{"serve digitally", "develop", "grow", "maintain"}, pb.Segments())
	names := pb.Strategies()
	assert.Equal(t, []string{"private", "premier", "growth", "relationship", "digital", "standard"}, names)
	names[0] = "changed"
	assert.Equal(t, "private", pb.Strategies()[0], "the caller's copy")
	spec := playbook.Reference(sample.Shelf())
	spec.Segmentation = nil
	spec.Strategies.Rules = spec.Strategies.Rules[:1]
	noSeg, err := spec.Compile(nil)
	require.NoError(t, err)
	assert.Nil(t, noSeg.Segments())
}

// A list that is null in one spec is an empty list: its elements are
// added one by one, and the zero spec against the reference is every
// part, tier and rule added.
func TestDiffNullList(t *testing.T) {
	a := version(func(s *playbook.Spec) { s.Strategies.Rules = nil })
	got, err := playbook.Diff(a, version(nil))
	require.NoError(t, err)
	var texts []string
	for _, c := range got {
		texts = append(texts, c.Text)
	}
	// A condition that does not read back as one is shown as written, not
	// as "always".
	odd := version(func(s *playbook.Spec) {
		s.Strategies.Rules = append([]policy.Row[string]{{Name: "z", When: policy.Field("Bad Name").EQ(1), Then: "premier"}},
			s.Strategies.Rules...)
	})
	oddChanges, err := playbook.Diff(version(nil), odd)
	require.NoError(t, err)
	require.Len(t, oddChanges, 1)
	assert.Equal(t, `strategy rule "z" added: {"field":"Bad Name","op":"==","value":1} -> premier`, oddChanges[0].Text)

	assert.Equal(t, []string{`strategy rule "private banking" added: tier_rank >= 50 -> private`,
		`strategy rule "diamond or maintain" added: tier_rank >= 40 or segment == "maintain" and tier_rank >= 20 -> premier`,
		`strategy rule "grow" added: segment == "grow" -> growth`,
		`strategy rule "platinum or develop" added: tier_rank >= 30 or segment == "develop" -> relationship`,
		`strategy rule "everyone else" added: always -> digital`}, texts)
	checkPaths(t, a, version(nil), got)

	got, err = playbook.Diff(playbook.Spec{}, version(nil))
	require.NoError(t, err)
	texts = texts[:0]
	for _, c := range got {
		texts = append(texts, c.Text)
	}
	for _, w := range []string{`policy id "" -> cn-retail-vip`, `currency "" -> CNY`, `tier "gold" added`,
		`qualification rule "dormant" added: months_dormant >= 12 -> disqualified (dormant)`, "segmentation added", `strategy "premier" added`, "workload added"} {
		assert.Contains(t, texts, w)
	}
	mirror, err := playbook.Diff(version(nil), playbook.Spec{})
	require.NoError(t, err)
	assert.ElementsMatch(t, swapped(got), withoutText(mirror))
}
