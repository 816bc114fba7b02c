package playbook_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
)

// brokenCase is a broken document: testdata/mini.json with old replaced by
// new (old must occur once), and the problem it must give.
type brokenCase struct {
	name     string
	old, new string
	path     string
	err      error
}

// brokenCases are the broken documents of testdata/broken: typos, case
// variants, duplicates, wrong types, unknown fields and operators, stage
// violations, circles of named parts, nesting too deep, and more.
func brokenCases() []brokenCase {
	nots := strings.Repeat("not ", 40)
	deep := strings.Repeat("[", 130) + strings.Repeat("]", 130)
	return []brokenCase{
		// typos and case
		{"rung-wen-typo", `"from": "500000", "when"`, `"from": "500000", "wen"`, "/ladder/rungs/2/wen", policy.ErrUnknown},
		{"ladder-mesure-typo", `"measure": "aum"`, `"mesure": "aum"`, "/ladder/mesure", policy.ErrUnknown},
		{"top-key-case", "\"currency\": \"CNY\",\n  \"ladder\"", "\"Currency\": \"CNY\",\n  \"ladder\"", "/Currency", policy.ErrUnknown},
		{"rung-key-case", `"when": "business_owner"}`, `"When": "business_owner"}`, "/ladder/rungs/2/When", policy.ErrUnknown},
		{"tree-condition-key-case", `{"field": "months_dormant", "op"`, `{"Field": "months_dormant", "op"`, "/ladder/qualification/rules/1/when/Field", policy.ErrUnknown},
		{"unknown-key-in-tree-condition", `"value": 12}`, `"value": 12, "note": "x"}`, "/ladder/qualification/rules/1/when/note", policy.ErrUnknown},
		{"outcome-typo", `"outcome": "watch"`, `"outcome": "wtach"`, "/ladder/qualification/rules/0/then/outcome", policy.ErrUnknown},
		{"hit-policy-typo", `"hit_policy": "unique"`, `"hit_policy": "uniq"`, "/segmentation/hit_policy", policy.ErrUnknown},
		// duplicates
		{"duplicate-top-key", `"version": "1",`, "\"version\": \"1\",\n  \"version\": \"2\",", "/version", policy.ErrDuplicate},
		{"duplicate-key-in-condition", `"value": 12}`, `"value": 12, "value": 18}`, "/ladder/qualification/rules/1/when/value", policy.ErrDuplicate},
		{"duplicate-tier-name", `{"name": "gold", "rank": 20}`, `{"name": "mass", "rank": 20}`, "/ladder/rungs/1/tier/name", policy.ErrDuplicate},
		{"duplicate-condition-name", `{"name": "business_owner", "doc"`, `{"name": "business_owner", "when": "aum >= 1"}, {"name": "business_owner", "doc"`, "/conditions/1/name", policy.ErrDuplicate},
		{"condition-name-of-a-field", `{"name": "business_owner", "doc"`, `{"name": "aum", "doc"`, "/conditions/0/name", policy.ErrDuplicate},
		// wrong types and values
		{"threshold-bool", `"from": "50000"`, `"from": true`, "/ladder/rungs/1/from", policy.ErrTypeMismatch},
		{"threshold-null", `"from": "50000"`, `"from": null`, "/ladder/rungs/1/from", policy.ErrTypeMismatch},
		{"threshold-words", `"from": "50000"`, `"from": "fifty thousand"`, "/ladder/rungs/1/from", policy.ErrMalformed},
		{"rank-string", `"rank": 20`, `"rank": "20"`, "/ladder/rungs/1/tier/rank", policy.ErrTypeMismatch},
		{"weight-fraction", `"weight": 60`, `"weight": 60.5`, "/needs/scorecards/0/signals/0/weight", policy.ErrTypeMismatch},
		{"list-as-string", `"segments": ["develop", "maintain"]`, `"segments": "develop, maintain"`, "/segmentation/segments", policy.ErrTypeMismatch},
		{"int-threshold-fraction", `"value": 12}`, `"value": 12.5}`, "/ladder/qualification/rules/1/when/value", policy.ErrMalformed},
		{"thresholds-out-of-order", `"from": "500000", "when"`, `"from": "40000", "when"`, "/ladder/rungs/2/from", policy.ErrOrder},
		{"effective-date-malformed", `"effective_from": "2027-01-01"`, `"effective_from": "2027-13-01"`, "/effective_from", policy.ErrMalformed},
		{"effective-until-before-from", `"effective_from": "2027-01-01",`, `"effective_from": "2027-01-01", "effective_until": "2026-12-31",`, "/effective_until", policy.ErrOrder},
		{"missing-id", "\"id\": \"mini\",\n  ", "", "/id", policy.ErrMissing},
		{"currency-lower-case", "\"currency\": \"CNY\",\n  \"ladder\"", "\"currency\": \"cny\",\n  \"ladder\"", "/currency", policy.ErrMalformed},
		{"ladder-in-another-currency", "\"ladder\": {\n    \"currency\": \"CNY\"", "\"ladder\": {\n    \"currency\": \"USD\"", "/ladder/currency", vipcare.ErrCurrency},
		// unknown fields, operators and names
		{"unknown-field-in-text", `corporate_links >= 1"}`, `corporate_link >= 1"}`, "/conditions/0/when/any/1/field", policy.ErrUnknown},
		{"unknown-operator-in-text", `"tier_rank >= 30 or`, `"tier_rank => 30 or`, "/strategies/rules/0/when", policy.ErrMalformed},
		{"unknown-operator-in-tree", `"op": ">="`, `"op": "=>"`, "/ladder/qualification/rules/1/when/op", policy.ErrUnknown},
		{"unterminated-string-in-text", `"value == \"high\""`, `"value == \"high"`, "/segmentation/matrix/0/when", policy.ErrMalformed},
		{"unknown-band", `"value == \"high\""`, `"value == \"hihg\""`, "/segmentation/matrix/0/when/value", policy.ErrUnknown},
		{"unknown-measure", `"measure": "aum"`, `"measure": "adb_year"`, "/ladder/measure", policy.ErrUnknown},
		{"unregistered-check", `"pack": {"name": "house",`, `"pack": {"name": "house", "checks": ["notes_for_c5"],`, "/needs/pack/checks/0", policy.ErrUnknown},
		{"unknown-score-field", `"score": "aum"`, `"score": "aum_total"`, "/segmentation/dimensions/0/score", policy.ErrUnknown},
		{"unknown-tier-role", `{"role": "lowest"}`, `{"role": "bottom"}`, "/ladder/qualification/on_disqualified/cap/role", policy.ErrUnknown},
		{"unknown-strategy", `"then": "business"}`, `"then": "busines"}`, "/strategies/rules/0/then", policy.ErrUnknown},
		{"unknown-trigger-kind", `"when": {"birthday":`, `"when": {"birthdays":`, "/triggers/when/birthdays", policy.ErrUnknown},
		{"unknown-channel", `{"channel": "visit", "per_year": 2}`, `{"channel": "pigeon", "per_year": 2}`, "/strategies/strategies/0/touches/0/channel", policy.ErrUnknown},
		{"go-predicate-in-text", `"when": "risk_assessment_expired"`, `"when": "is_vip()"`, "/ladder/qualification/rules/0/when", policy.ErrNoDataForm},
		{"play-need-typo", `"needs": ["integrated"],
       "categories"`, `"needs": ["integratd"],
       "categories"`, "/needs/plays/0/needs/0", policy.ErrUnknown},
		{"product-need-typo", `"protected": true, "needs": ["integrated"]`, `"protected": true, "needs": ["integratd"]`, "/needs/products/0/needs/0", policy.ErrUnknown},
		{"limit-with-a-code", `"on_watch": {"no_upgrade": true}`, `"on_watch": {"no_upgrade": true, "code": "watch"}`, "/ladder/qualification/on_watch/code", policy.ErrMalformed},
		// stages
		{"ladder-reads-tier", `"when": "business_owner"}`, `"when": "business_owner and tier_rank >= 20"}`, "/ladder/rungs/2/when/all/1/field", policy.ErrStage},
		{"qualification-reads-need", `"when": "risk_assessment_expired"`, `"when": "need.integrated >= 50"`, "/ladder/qualification/rules/0/when/field", policy.ErrStage},
		{"segmentation-reads-segment", `"value == \"low\""`, `"segment == \"develop\""`, "/segmentation/matrix/1/when/field", policy.ErrStage},
		{"scorecard-reads-need", `"when": "business_owner", "weight"`, `"when": "need.integrated >= 1", "weight"`, "/needs/scorecards/0/signals/0/when/field", policy.ErrStage},
		{"condition-reads-tier", `"entrepreneur or corporate_links >= 1"`, `"tier_rank >= 20"`, "/conditions/0/when/field", policy.ErrStage},
		// circles of named parts
		{"condition-reads-itself", `"entrepreneur or corporate_links >= 1"`, `"business_owner and aum >= 1"`, "/conditions/0/when/all/0/field", policy.ErrCycle},
		{"conditions-in-a-circle", `{"name": "business_owner", "doc": "runs or owns a business", "when": "entrepreneur or corporate_links >= 1"}`,
			`{"name": "business_owner", "when": "owner_or_linked"}, {"name": "owner_or_linked", "when": "business_owner or corporate_links >= 1"}`,
			"/conditions/1/when/any/0/field", policy.ErrCycle},
		// single sources
		{"validity-written-twice", `"triggers": {`, `"triggers": {"validity_months": 12, `, "/triggers/validity_months", policy.ErrDuplicate},
		{"rung-repeats-its-threshold", `"when": "business_owner"}`, `"when": "business_owner and aum >= 500000"}`, "/ladder/rungs/2/when/all/1/field", policy.ErrDuplicate},
		// nesting and syntax
		{"condition-too-deep", `"when": "risk_assessment_expired"`, `"when": "` + nots + `risk_assessment_expired"`, "/ladder/qualification/rules/0/when", policy.ErrTooMany},
		{"json-too-deep", `"description": "A small whole policy: the base of the broken documents in testdata/broken."`, `"description": ` + deep, "/description" + strings.Repeat("/0", 127), policy.ErrTooMany},
		{"missing-comma", `"version": "1",`, `"version": "1"`, "", policy.ErrMalformed},
		{"trailing-data", "\"hours_per_year\": 1760}\n}", "\"hours_per_year\": 1760}\n}\n{}", "", policy.ErrMalformed},
	}
}

// Every broken document gives its problem at its pointer, with a line and
// a column; testdata/broken.golden holds every problem of each, and
// testdata/broken/ the documents (both rewritten with -update).
func TestBrokenDocuments(t *testing.T) {
	mini, err := os.ReadFile("testdata/mini.json")
	require.NoError(t, err)
	_, err = playbook.Compile(mini, nil)
	require.NoError(t, err, "the base document compiles")
	cases := brokenCases()
	require.GreaterOrEqual(t, len(cases), 40)
	var golden strings.Builder
	for _, c := range cases {
		require.Equal(t, 1, strings.Count(string(mini), c.old), "%s: the text to replace occurs once", c.name)
		doc := strings.Replace(string(mini), c.old, c.new, 1)
		testkit.Golden(t, "broken/"+c.name+".json", doc)
		pb, err := playbook.Compile([]byte(doc), nil)
		assert.Nil(t, pb, c.name)
		var ps policy.Problems
		if !assert.ErrorAs(t, err, &ps, c.name) {
			continue
		}
		found := false
		fmt.Fprintf(&golden, "%s:\n", c.name)
		for _, p := range ps {
			if p.Path == c.path && errors.Is(p.Err, c.err) {
				found = true
			}
			assert.Positive(t, p.Line, "%s: %s is located", c.name, p.Path)
			fmt.Fprintf(&golden, "\t%s\n", policy.Problems{p}.Error())
		}
		assert.True(t, found, "%s: want %v at %q, got\n%v", c.name, c.err, c.path, err)
	}
	testkit.Golden(t, "broken.golden", golden.String())
}
