package playbook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// recordBook is a sample book's options as a monthly run decides them:
// within the period, from stored states (some on watch), with an override
// for every fourth client, amounts asked for every third, and a play made
// recently for every fifth.
func recordBook(v vipcare.Valuation, n int) []playbook.Options {
	states := []tier.State{{}, {Tier: tier.Tier{Name: "gold", Rank: 20}}, {Tier: tier.Tier{Name: "platinum", Rank: 30}, Below: 1},
		{Tier: tier.Tier{Name: "diamond", Rank: 40}, Below: 2}, {Tier: tier.Tier{Name: "private banking", Rank: 50}}}
	grant := tier.Override{Tier: tier.Tier{Name: "platinum", Rank: 30}, Code: "strategic_relationship",
		Requester: "a", Approver: "b", From: testkit.Day(2026, 1, 1), Until: testkit.Day(2027, 1, 1)}
	out := make([]playbook.Options, n)
	for i := range out {
		o := playbook.Options{Period: tier.MonthOf(v.AsOf), State: states[i%len(states)], Values: i%3 == 0}
		if i%4 == 0 {
			o.Overrides = []tier.Override{grant}
		}
		if i%5 == 0 {
			o.History = []needs.PlayMade{{Play: "integrated_banking", Date: v.AsOf.AddDate(0, 0, -10)},
				{Play: "advice_session", Date: v.AsOf.AddDate(0, 0, -3)}}
		}
		out[i] = o
	}
	return out
}

// A record is what a bank stores: re-deciding the same profiles under the
// same policy document gives the same records, to the byte, whether one
// scratch serves the whole book or each client has its own, and a record
// kept while the scratch decides the next clients does not change.
func TestRecordReproduces(t *testing.T) {
	doc := playbook.ReferenceDocument()
	o := sample.Options{Seed: 2}
	v := sample.Valuation(o)
	const n = 300
	monthly := recordBook(v, n)
	records := func(fresh bool, opts func(i int) playbook.Options) []byte {
		pb, err := playbook.Compile(doc, nil)
		require.NoError(t, err)
		var kept []playbook.Record
		var s playbook.Scratch
		for i, p := range sample.Profiles(o, n) {
			scratch := &s
			if fresh {
				scratch = nil
			}
			d, err := pb.Decide(&p, v, opts(i), scratch)
			require.NoError(t, err)
			kept = append(kept, pb.Record(fmt.Sprintf("REF-%04d", i), &d))
		}
		var buf bytes.Buffer
		for _, r := range kept { // marshalled once every client is decided
			b, err := json.Marshal(vipcare.Disclosed(r))
			require.NoError(t, err)
			buf.Write(append(b, '\n'))
		}
		return buf.Bytes()
	}
	for _, tt := range []struct {
		name string
		opts func(i int) playbook.Options
	}{
		{"one day", func(int) playbook.Options { return playbook.Options{} }},
		{"within the period", func(i int) playbook.Options { return monthly[i] }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			first := records(false, tt.opts)
			assert.Equal(t, string(first), string(records(false, tt.opts)), "the same inputs, the same records")
			assert.Equal(t, string(first), string(records(true, tt.opts)), "a scratch per client, the same records")
			assert.Equal(t, n, bytes.Count(first, []byte("\n")))
			assert.Equal(t, n, bytes.Count(first, []byte(`"schema":"`+playbook.RecordSchema+`"`)))
		})
	}
}

// The records of the reference policy, one day and within the period
// (with a step, an override and amounts), as a reader of stored records
// sees them: a change of shape shows here, and needs a new RecordSchema
// unless it only adds fields.
func TestRecordGolden(t *testing.T) {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 2}
	v := sample.Valuation(o)
	monthly := recordBook(v, 5)
	var buf bytes.Buffer
	for k, c := range []struct {
		client int
		opts   playbook.Options
	}{{0, playbook.Options{}}, {1, playbook.Options{}}, {2, playbook.Options{}}, {0, monthly[0]}, {2, monthly[2]}, {3, monthly[3]},
		{7, playbook.Options{}}} { // 7: a play made, with products refused
		p := sample.Profile(o, c.client)
		p.Contact.Discreet = false // amounts asked for are kept
		d, err := pb.Decide(&p, v, c.opts, nil)
		require.NoError(t, err)
		b, err := json.Marshal(vipcare.Disclosed(pb.Record("REF-"+strconv.Itoa(k), &d)))
		require.NoError(t, err)
		buf.Write(append(b, '\n'))
	}
	testkit.Golden(t, "records.golden", buf.String())
}

// A stored record reads back as it was written, to the byte, and a record
// of another format, or with a key this one does not have, is refused
// where it is wrong.
func TestRecordReadBack(t *testing.T) {
	b, err := os.ReadFile("testdata/records.golden")
	require.NoError(t, err)
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.GreaterOrEqual(t, len(lines), 7)
	for i, line := range lines {
		var r playbook.Record
		require.NoError(t, json.Unmarshal([]byte(line), &r), "record %d", i)
		again, err := json.Marshal(vipcare.Disclosed(r))
		require.NoError(t, err)
		assert.Equal(t, line, string(again), "record %d", i)
		assert.Equal(t, pb.Identity(), r.Policy, "record %d: made under the reference document", i)
	}

	first := lines[0]
	pick := func(has string) string {
		for _, l := range lines {
			if strings.Contains(l, has) {
				return l
			}
		}
		t.Fatalf("no golden record has %s", has)
		return ""
	}
	flagged := pick(`"qualification":"watch","flags":[{"code":"risk_assessment_expired","outcome":"watch"`)
	stepped := pick(`"code":"entered","threshold"`)
	tests := []struct {
		name string
		doc  string
		want testkit.Want
	}{
		{"another format", strings.Replace(first, `"schema":"vipcare.record/2"`, `"schema":"vipcare.record/9"`, 1),
			testkit.Want{Path: "/schema", Name: "vipcare.record/9", Err: policy.ErrUnknown}},
		{"a misspelt key", strings.Replace(first, `"segment":`, `"segmnet":`, 1),
			testkit.Want{Path: "/segmnet", Name: "segmnet", Err: policy.ErrUnknown}},
		{"a key in the wrong case", strings.Replace(first, `"as_of":`, `"As_of":`, 1),
			testkit.Want{Path: "/As_of", Name: "As_of", Err: policy.ErrUnknown}},
		{"a misspelt outcome", strings.Replace(flagged, `"qualification":"watch"`, `"qualification":"wach"`, 1),
			testkit.Want{Path: "/qualification", Name: "wach", Err: policy.ErrUnknown}},
		{"a misspelt flag's outcome", strings.Replace(flagged, `"outcome":"watch"`, `"outcome":"Watch"`, 1),
			testkit.Want{Path: "/flags/0/outcome", Name: "Watch", Err: policy.ErrUnknown}},
		{"a misspelt step", strings.Replace(stepped, `"code":"entered","threshold"`, `"code":"entred","threshold"`, 1),
			testkit.Want{Path: "/step/code", Name: "entred", Err: policy.ErrUnknown}},
		{"the redacted form", strings.Replace(first, `"client":"REF-0"`, `"client":"[redacted]"`, 1),
			testkit.Want{Path: "/client", Err: policy.ErrMalformed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEqual(t, first, tt.doc)
			require.NotEqual(t, flagged, tt.doc)
			require.NotEqual(t, stepped, tt.doc)
			r := playbook.Record{Client: "kept"}
			testkit.CheckProblems(t, json.Unmarshal([]byte(tt.doc), &r), tt.want)
			assert.Equal(t, playbook.Record{Client: "kept"}, r, "not set")
		})
	}
}

// Every code of a record comes with the policy's parameters behind it,
// and they say what the explanation of the same decision says in words.
func TestRecordParameters(t *testing.T) {
	spec := playbook.Reference(sample.Shelf())
	spec.ID, spec.Version, spec.EffectiveFrom = "ref", "1", "2026-01-01"
	spec.Needs.Plays[0].CoolDownDays = 45
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	rules := map[vipcare.Code]tier.Outcome{}
	for _, r := range spec.Ladder.Qualification.Rules {
		rules[r.Then.Code] = r.Then.Outcome
	}
	o := sample.Options{Seed: 5}
	v := sample.Valuation(o)
	monthly := recordBook(v, bookSize(t)/5)
	var s playbook.Scratch
	seen, seenRefusal := map[vipcare.Code]int{}, map[vipcare.Code]int{}
	for i, p := range sample.Profiles(o, len(monthly)) {
		opts := monthly[i]
		if i%2 == 0 {
			opts.Period, opts.State, opts.Overrides = tier.Period{}, tier.State{}, nil
		}
		d, err := pb.Decide(&p, v, opts, &s)
		require.NoError(t, err)
		r := pb.Record("R", &d)
		x, err := pb.Explain(&p, v, opts)
		require.NoError(t, err)

		assert.Equal(t, playbook.RecordLadder{Tier: x.TierWhy.Tier, Measure: "aum", Currency: vipcare.CNY,
			From: strings.ReplaceAll(x.TierWhy.Entry, ",", "")}, r.Ladder, "client %d: the ladder's tier and threshold", i)

		codes := []string{}
		for _, f := range r.Flags {
			assert.Equal(t, rules[f.Code], f.Outcome, "client %d: %s's outcome", i, f.Code)
			codes = append(codes, string(f.Code))
		}
		want := string(r.Qualification)
		if len(codes) > 0 {
			want += ": " + strings.Join(codes, ", ")
		}
		assert.Equal(t, x.Qualification, want, "client %d: the outcome and flags", i)
		assert.Equal(t, d.Qualification.Limit, r.Limit, "client %d", i)

		var needList []playbook.RecordNeed
		for _, f := range x.Needs {
			n := playbook.RecordNeed{Need: f.Need, Strength: f.Strength, Signals: []string{}}
			for _, e := range f.Evidence {
				n.Signals = append(n.Signals, e.Signal)
			}
			needList = append(needList, n)
		}
		assert.Equal(t, needList, r.Needs, "client %d: needs, strongest first, with their signals", i)

		touches := x.Strategy.Strategy.Touches
		if len(touches) == 0 {
			touches = nil
		}
		assert.Equal(t, touches, r.Touches, "client %d: the touches a year the explanation lists", i)
		require.Len(t, r.Plays, len(x.Plays.Plays), "client %d", i)
		for k, pl := range x.Plays.Plays {
			got := r.Plays[k]
			require.Equal(t, pl.Play, got.Play, "client %d, play %d", i, k)
			offered := []string{}
			for _, o := range pl.Offers {
				offered = append(offered, o.Product)
			}
			assert.Equal(t, offered, got.Products, "client %d, %s: the products offered", i, got.Play)
			var refused []needs.RefusedProduct
			for _, o := range pl.Refused {
				codes := []vipcare.Code{}
				for _, x := range o.Refusals {
					codes = append(codes, x.Code)
					seenRefusal[x.Code]++
				}
				refused = append(refused, needs.RefusedProduct{Product: o.Product, Codes: codes})
			}
			assert.Equal(t, refused, got.Refused, "client %d, %s: the products refused, with the codes the explanation words", i, got.Play)
		}
		require.Len(t, r.Skipped, len(x.Plays.Skipped), "client %d", i)
		for k, sk := range x.Plays.Skipped {
			got := r.Skipped[k]
			require.Equal(t, sk.Play, got.Play, "client %d, skip %d", i, k)
			require.Equal(t, sk.Code, got.Code, "client %d, skip %d", i, k)
			seen[got.Code]++
			switch got.Code {
			case needs.CodeNoNeed:
				assert.Equal(t, "the client has none of the needs "+strings.Join(got.Needs, ", "), sk.Reason, "client %d, %s", i, got.Play)
			case needs.CodeNoSuitableProduct:
				assert.Equal(t, "no product of "+strings.Join(got.Categories, ", ")+" is suitable", sk.Reason, "client %d, %s", i, got.Play)
			case needs.CodeAssessmentMissing, needs.CodeAssessmentExpired:
				assert.Equal(t, "no product of "+strings.Join(got.Categories, ", ")+" without a valid risk assessment", sk.Reason,
					"client %d, %s", i, got.Play)
			case needs.CodeCoolDown:
				assert.True(t, strings.HasSuffix(sk.Reason, "; cool-down "+strconv.Itoa(got.CoolDownDays)+" days"),
					"client %d, %s: %d days; %s", i, got.Play, got.CoolDownDays, sk.Reason)
			}
			if got.Code != needs.CodeNoNeed {
				assert.Empty(t, got.Needs)
			}
			if got.Code != needs.CodeNoSuitableProduct && got.Code != needs.CodeAssessmentMissing && got.Code != needs.CodeAssessmentExpired {
				assert.Empty(t, got.Categories)
			}
			if got.Code != needs.CodeCoolDown {
				assert.Zero(t, got.CoolDownDays)
			}
		}

		var ids []string
		for _, task := range x.Tasks {
			ids = append(ids, task.ID)
		}
		var recorded []string
		for k, task := range r.Tasks {
			f := d.Tasks[k]
			assert.Equal(t, f.Kind, task.Kind)
			assert.Equal(t, f.Code, task.Code)
			assert.Equal(t, f.Earliest.Format(time.DateOnly), task.Earliest, "client %d: %s", i, task.Kind)
			assert.Equal(t, f.Due.Format(time.DateOnly), task.Due, "client %d: %s", i, task.Kind)
			assert.Equal(t, [4]int{f.Window, f.More, f.Validity, len(f.Source)}, [4]int{task.Window, task.More, task.Validity, len(task.Source)})
			assert.Equal(t, f.Source, task.Source)
			if f.Assessed.IsZero() {
				assert.Empty(t, task.Assessed)
			} else {
				assert.Equal(t, f.Assessed.Format(time.DateOnly), task.Assessed, "client %d", i)
			}
			if f.Code == "" {
				assert.Equal(t, f.Task("").ID, task.ID)
				recorded = append(recorded, task.ID)
			}
		}
		assert.Equal(t, ids, recorded, "client %d: the tasks' IDs", i)
		if t.Failed() {
			return
		}
	}
	for _, c := range []vipcare.Code{needs.CodeNoNeed, needs.CodeNoSuitableProduct, needs.CodeCoolDown, needs.CodeMaxPlays} {
		assert.Positive(t, seen[c], "the book skips plays for %s", c)
	}
	t.Logf("refusals in plays made: %v", seenRefusal)
	for _, c := range []vipcare.Code{needs.CodeRiskMismatch, needs.CodeMinimumTicket, needs.CodeNotQualified, needs.CodeConcentration} {
		assert.Positive(t, seenRefusal[c], "the book refuses products of plays made for %s", c)
	}
}

// A ladder on another measure names it in the record, with its threshold;
// asked for, the amounts are the client's AUM and that measure.
func TestRecordMeasure(t *testing.T) {
	spec := playbook.Reference(sample.Shelf())
	spec.ID, spec.Version, spec.EffectiveFrom = "ref", "1", "2026-01-01"
	spec.Ladder.Measure = "adb_month"
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	ladder, err := spec.Ladder.Compile(nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	differ := 0
	for i, p := range sample.Profiles(o, 200) {
		p.Contact.Discreet = false
		d, err := pb.Decide(&p, v, playbook.Options{Values: true}, nil)
		require.NoError(t, err)
		r := pb.Record("R", &d)
		f, err := v.Figures(&p)
		require.NoError(t, err)
		obs, err := ladder.Observe(&f, tier.MonthOf(v.AsOf))
		require.NoError(t, err)
		x, err := ladder.Explain(&f, policy.ExplainOptions{})
		require.NoError(t, err)
		assert.Equal(t, "adb_month", r.Ladder.Measure)
		assert.Equal(t, strings.ReplaceAll(x.Entry, ",", ""), r.Ladder.From, "client %d", i)
		assert.Equal(t, playbook.RecordAmounts{Currency: vipcare.CNY, AUM: f.AUM, Measure: obs.Value}, r.Amounts, "client %d", i)
		assigned, err := ladder.Assign(&f)
		require.NoError(t, err)
		assert.Equal(t, assigned, d.Ladder, "client %d: the tier of the one measurement", i)
		if f.AUM != obs.Value {
			differ++
		}
	}
	assert.Positive(t, differ, "the measure is not the AUM")
}

// A record says when the override in force was limited to the rungs an
// override may add, as the ladder's Apply does: the reason its tier is
// below the override's.
func TestRecordOverrideCapped(t *testing.T) {
	pb := reference(t)
	ladder, err := tier.Reference().Compile(nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 5}
	v := sample.Valuation(o)
	grant := []tier.Override{{Tier: tier.Tier{Name: "private banking", Rank: 50}, Code: "family_office",
		Requester: "RM-1", Approver: "BM-1", From: v.AsOf.AddDate(0, -1, 0), Until: v.AsOf.AddDate(0, 6, 0)}}
	capped := 0
	for i, p := range sample.Profiles(o, 200) {
		d, err := pb.Decide(&p, v, playbook.Options{Period: tier.MonthOf(v.AsOf), Overrides: grant}, nil)
		require.NoError(t, err)
		want, err := ladder.Apply(d.Step.After, grant, v.AsOf)
		require.NoError(t, err)
		require.Equal(t, want.Capped, d.OverrideCapped, "client %d", i)
		require.Equal(t, want.Tier, d.Tier, "client %d", i)
		b, err := json.Marshal(pb.Record("R", &d))
		require.NoError(t, err)
		if want.Capped {
			capped++
			assert.Contains(t, string(b), `"override_capped":true`, "client %d", i)
			assert.Less(t, d.Tier.Rank, grant[0].Tier.Rank, "client %d", i)
		} else {
			assert.NotContains(t, string(b), `override_capped`, "client %d", i)
		}
	}
	assert.Positive(t, capped)
	assert.Less(t, capped, 200, "some clients are close enough to private banking")
}

// Amounts are in a record only when the decision was asked for them, and
// never a discreet client's; within a period the measure is the period's.
func TestRecordAmounts(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 4}
	v := sample.Valuation(o)
	p := sample.Profile(o, 3)
	p.Contact.Discreet = false
	discreet := p
	discreet.Contact.Discreet = true
	f, err := v.Figures(&p)
	require.NoError(t, err)
	period := tier.MonthOf(v.AsOf)
	tests := []struct {
		name string
		p    *vipcare.Profile
		o    playbook.Options
		want bool
	}{
		{"not asked", &p, playbook.Options{}, false},
		{"asked", &p, playbook.Options{Values: true}, true},
		{"asked, discreet", &discreet, playbook.Options{Values: true}, false},
		{"asked, within the period", &p, playbook.Options{Values: true, Period: period}, true},
		{"not asked, within the period", &p, playbook.Options{Period: period}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := pb.Decide(tt.p, v, tt.o, nil)
			require.NoError(t, err)
			r := pb.Record("R", &d)
			b, err := json.Marshal(vipcare.Disclosed(r))
			require.NoError(t, err)
			assert.Zero(t, r.Step.Value, "the step's value is an amount: never in a record's step")
			if !tt.want {
				assert.Zero(t, r.Amounts)
				assert.NotContains(t, string(b), `"amounts"`)
				assert.NotContains(t, string(b), f.AUM.String())
				return
			}
			want := playbook.RecordAmounts{Currency: vipcare.CNY, AUM: f.AUM, Measure: f.AUM}
			if tt.o.Period != (tier.Period{}) {
				want.Measure = d.Step.Value
			}
			assert.Equal(t, want, r.Amounts)
			assert.Contains(t, string(b), `"amounts":{"currency":"CNY","aum":"`+f.AUM.String()+`","measure":"`+want.Measure.String()+`"}`)
		})
	}
}

// A record is dated by its decision: the as-of date its valuation had,
// even when one scratch decides days in turn, and a decision's AsOf
// moved by hand moves its record's dates with it.
func TestRecordAsOf(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 6}
	p := sample.Profile(o, 1)
	var s playbook.Scratch
	for _, day := range []time.Time{testkit.Day(2026, 6, 30), testkit.Day(2026, 7, 31), testkit.Day(2026, 6, 30), testkit.Day(2027, 1, 1)} {
		v := sample.Valuation(o)
		v.AsOf = day
		d, err := pb.Decide(&p, v, playbook.Options{}, &s)
		require.NoError(t, err)
		assert.Equal(t, day, d.AsOf)
		r := pb.Record("R", &d)
		assert.Equal(t, day.Format(time.DateOnly), r.AsOf)
		for k, task := range r.Tasks {
			assert.Equal(t, d.Tasks[k].Earliest.Format(time.DateOnly), task.Earliest)
			assert.Equal(t, d.Tasks[k].Due.Format(time.DateOnly), task.Due)
		}

		d.AsOf = day.AddDate(0, 0, 1)
		assert.Equal(t, d.AsOf.Format(time.DateOnly), pb.Record("R", &d).AsOf, "the date is the decision's, never stale")
		for k, task := range pb.Record("R", &d).Tasks {
			assert.Equal(t, d.Tasks[k].Earliest.Format(time.DateOnly), task.Earliest)
		}
	}
}

// Printed, logged (either handler, at any depth) or marshalled by default,
// a record shows neither the client's reference nor the amounts it keeps;
// stored as vipcare.Disclosed marshals it, it keeps both.
func TestRecordRedacted(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 2}
	v := sample.Valuation(o)
	p := sample.Profile(o, 7)
	p.Contact.Discreet = false
	d, err := pb.Decide(&p, v, playbook.Options{Values: true, Period: tier.MonthOf(v.AsOf)}, nil)
	require.NoError(t, err)
	const ref = "CLIENT-SECRET-42"
	r := pb.Record(ref, &d)
	assert.Equal(t, playbook.RecordSchema, r.Schema)
	assert.Equal(t, vipcare.Version, r.Library)
	assert.Equal(t, pb.Identity(), r.Policy)
	require.NotZero(t, r.Amounts.AUM)
	secrets := []string{ref, r.Amounts.AUM.String(), r.Amounts.Measure.String(), strconv.FormatInt(int64(r.Amounts.AUM), 10)}
	outs := testkit.AssertRedacted(t, r, secrets...)
	assert.True(t, testkit.Contains(outs, "tier "+r.Tier.Name), "the record's decision shows")

	type entry struct {
		Note   string
		Record playbook.Record
	}
	for name, v := range map[string]any{
		"struct field": entry{Note: "n", Record: r},
		"slice":        []playbook.Record{r, r},
		"map":          map[string]playbook.Record{"k": r},
		"pointer":      &entry{Record: r},
	} {
		for verb, out := range map[string]string{"%v": fmt.Sprintf("%v", v), "%+v": fmt.Sprintf("%+v", v), "%#v": fmt.Sprintf("%#v", v)} {
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s, %s", name, verb)
			}
		}
		var text bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("decided", "v", v, slog.Group("g", "v", v))
		for _, s := range secrets {
			assert.NotContains(t, text.String(), s, "%s in slog's text handler", name)
		}
	}
	var top bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&top, nil))
	log.Info("decided", "record", r, "pointer", &r, slog.Group("g", "record", r), "ladder", r.Ladder, "step", r.Step)
	for _, s := range secrets {
		assert.NotContains(t, top.String(), s, "a record, or a part of it without amounts, in slog's JSON handler")
	}

	// Nested in a struct, slice or map, which slog's JSON handler encodes
	// with encoding/json, or marshalled by default, it is redacted too.
	for name, v := range map[string]any{
		"struct field": entry{Note: "n", Record: r},
		"slice":        []playbook.Record{r, r},
		"map":          map[string]playbook.Record{"k": r},
		"pointer":      &entry{Record: r},
		"itself":       r,
	} {
		var nested bytes.Buffer
		slog.New(slog.NewJSONHandler(&nested, nil)).Info("decided", "v", v, slog.Group("g", "v", v))
		b, err := json.Marshal(v)
		require.NoError(t, err)
		for _, s := range secrets {
			assert.NotContains(t, nested.String(), s, "%s in slog's JSON handler", name)
			assert.NotContains(t, string(b), s, "%s marshalled", name)
		}
		assert.Contains(t, nested.String(), `"client":"[redacted]"`, "%s: the record is there", name)
	}

	// Stored, it keeps the reference and the amounts asked for, and the
	// redacted form does not read back as a record of a client called
	// "[redacted]".
	b, err := json.Marshal(vipcare.Disclosed(r))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"client":"`+ref+`"`, "stored, the record keeps the reference")
	assert.Contains(t, string(b), `"aum":"`+r.Amounts.AUM.String()+`"`, "and the amounts asked for")
	var back playbook.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back)
	redacted, err := json.Marshal(r)
	require.NoError(t, err)
	testkit.CheckProblems(t, json.Unmarshal(redacted, &back), testkit.Want{Path: "/client", Err: policy.ErrMalformed})
	assert.Equal(t, r, back, "a record is set only when there is no problem")
}

// A record cites the valuation's exchange rates by their digest: the same
// client on the same day under another rate table may be decided
// otherwise, and its record says which table.
func TestRecordRates(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	p := sample.Profile(o, 3)
	rec := func(v vipcare.Valuation) playbook.Record {
		d, err := pb.Decide(&p, v, playbook.Options{}, nil)
		require.NoError(t, err)
		return pb.Record("R", &d)
	}
	assert.Equal(t, v.Rates.Digest(), rec(v).Rates)
	assert.NotEmpty(t, rec(v).Rates)
	other := v
	other.Rates = policy.Must(vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{vipcare.USD: testkit.Dec("7.2")}))
	assert.Equal(t, other.Rates.Digest(), rec(other).Rates)
	assert.NotEqual(t, rec(v).Rates, rec(other).Rates)
	none := v
	none.Rates = nil
	cny := p
	cny.Holdings = slices.DeleteFunc(slices.Clone(p.Holdings), func(h vipcare.Holding) bool { return h.Amount.Currency != vipcare.CNY })
	d, err := pb.Decide(&cny, none, playbook.Options{}, nil)
	require.NoError(t, err)
	assert.Empty(t, pb.Record("R", &d).Rates, "no table, no digest")
}

// A record's line counts the tasks asked for, and the triggers stopped
// apart: a client who asked not to be contacted has no task.
func TestRecordString(t *testing.T) {
	base := playbook.Record{Policy: playbook.Identity{ID: "p", Version: "1"}, AsOf: "2026-06-30",
		Tier: tier.Tier{Name: "gold", Rank: 20}, Strategy: "relationship"}
	stopped := playbook.RecordTask{Kind: "maturity", Code: contact.CodeDoNotContact}
	asked := playbook.RecordTask{Kind: "maturity"}
	tests := []struct {
		name  string
		tasks []playbook.RecordTask
		want  string
	}{
		{"none", nil, "0 tasks"},
		{"asked", []playbook.RecordTask{asked}, "1 task"},
		{"stopped only", []playbook.RecordTask{stopped, stopped}, "0 tasks (2 stopped)"},
		{"both", []playbook.RecordTask{asked, stopped}, "1 task (1 stopped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			r.Tasks = tt.tasks
			assert.Equal(t, "p 1 2026-06-30: tier gold, segment none, strategy relationship, 0 plays, "+tt.want, r.String())
		})
	}
}

// A decision's record is made before its Scratch decides again: made
// after, it would carry the next client's tasks, plays and amounts under
// this client's reference, so Record panics instead.
func TestRecordStaleScratch(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	a, b := sample.Profile(o, 1), sample.Profile(o, 2)
	var s playbook.Scratch
	da, err := pb.Decide(&a, v, playbook.Options{Values: true}, &s)
	require.NoError(t, err)
	want := pb.Record("A", &da)
	require.Equal(t, want, pb.Record("A", &da), "as often as asked, before the next Decide")

	db, err := pb.Decide(&b, v, playbook.Options{Values: true}, &s)
	require.NoError(t, err)
	assert.PanicsWithValue(t, "playbook: Record of a Decision whose Scratch has decided another client since: "+
		"make the record before the next Decide with it, or give each decision kept its own Scratch",
		func() { pb.Record("A", &da) })
	assert.NotPanics(t, func() { pb.Record("B", &db) }, "the last decision's record")

	// A Decide that fails has changed the Scratch too: its figures are the
	// failing client's.
	bad := sample.Profile(o, 3)
	bad.Holdings[0].Amount.Amount = testkit.Dec("-1")
	db, err = pb.Decide(&b, v, playbook.Options{Values: true}, &s)
	require.NoError(t, err)
	_, err = pb.Decide(&bad, v, playbook.Options{Values: true}, &s)
	require.Error(t, err)
	assert.Panics(t, func() { pb.Record("B", &db) }, "after a Decide that failed")

	own, err := pb.Decide(&a, v, playbook.Options{Values: true}, nil)
	require.NoError(t, err)
	_, err = pb.Decide(&b, v, playbook.Options{Values: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, pb.Record("A", &own), "a decision with a Scratch of its own")
}

// A record cites the playbook it is made by: Record refuses a decision
// another playbook made, whose tiers and strategies are that one's.
func TestRecordOfAnotherPlaybook(t *testing.T) {
	ref := reference(t)
	doc, env := variant(t)
	zh, err := playbook.Compile(doc, env)
	require.NoError(t, err)
	o := sample.Options{Seed: 5}
	p := sample.Profile(o, 13)
	d, err := ref.Decide(&p, sample.Valuation(o), playbook.Options{}, nil)
	require.NoError(t, err)
	assert.PanicsWithValue(t, "playbook: Record of a Decision another playbook made: its record would cite this playbook's policy "+
		"for that one's tiers and strategies; call Record on the playbook that decided", func() { zh.Record("R", &d) })
	again, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	require.NoError(t, err)
	assert.Panics(t, func() { again.Record("R", &d) }, "another compilation of the same document is another playbook")
	assert.NotPanics(t, func() { ref.Record("R", &d) })
}

// A compiled playbook keeps none of its spec's storage: a caller who
// edits the spec after compiling it (to make the next version) changes no
// record or explanation of this one. Every string, number and flag the
// spec's slices and maps hold, at any depth, is changed in place.
func TestCompiledKeepsNoSpecStorage(t *testing.T) {
	spec := playbook.Reference(sample.Shelf())
	spec.ID, spec.Version, spec.EffectiveFrom = "ref", "1", "2026-01-01"
	pb, err := spec.Compile(nil)
	require.NoError(t, err)
	o := sample.Options{Seed: 2}
	v := sample.Valuation(o)
	outputs := func() []string {
		var out []string
		for i, p := range sample.Profiles(o, 300) {
			d, err := pb.Decide(&p, v, playbook.Options{}, nil)
			require.NoError(t, err)
			b, err := json.Marshal(vipcare.Disclosed(pb.Record(strconv.Itoa(i), &d)))
			require.NoError(t, err)
			x, err := pb.Explain(&p, v, playbook.Options{})
			require.NoError(t, err)
			out = append(out, string(b), x.String())
		}
		return out
	}
	want := outputs()
	require.Contains(t, strings.Join(want, ""), `"categories"`, "some record lists a play's categories")
	require.True(t, scribble(reflect.ValueOf(&spec).Elem(), false), "the spec has storage to change")
	got := outputs()
	for i := range want {
		require.Equal(t, want[i], got[i], "output %d", i)
	}
}

// scribble changes, in place, every string, number and flag that v's
// slices and maps hold, at any depth: what a caller editing its spec
// after compiling it could change under a compiled playbook that kept
// the spec's storage instead of copying it. It reports whether it changed
// anything.
func scribble(v reflect.Value, inShared bool) bool {
	changed := false
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			changed = scribble(v.Elem(), true)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				changed = scribble(v.Field(i), inShared) || changed
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			changed = scribble(v.Index(i), true) || changed
		}
	case reflect.Array:
		for i := range v.Len() {
			changed = scribble(v.Index(i), inShared) || changed
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			if scribble(e, true) {
				v.SetMapIndex(k, e)
				changed = true
			}
		}
	case reflect.String:
		if inShared && v.CanSet() {
			v.SetString("scribbled")
			return true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if inShared && v.CanSet() {
			v.SetInt(v.Int() + 7)
			return true
		}
	case reflect.Bool:
		if inShared && v.CanSet() {
			v.SetBool(!v.Bool())
			return true
		}
	}
	return changed
}

// Building a record allocates each of its slices once and one string for
// its dates and IDs: at most 9 allocations, whatever the client, and two
// more for each play with products refused (their list may grow, and
// their codes).
func TestRecordAllocations(t *testing.T) {
	pb := reference(t)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	monthly := recordBook(v, 100)
	var s playbook.Scratch
	most := 0.0
	for i, p := range sample.Profiles(o, len(monthly)) {
		d, err := pb.Decide(&p, v, monthly[i], &s)
		require.NoError(t, err)
		n := testing.AllocsPerRun(5, func() { _ = pb.Record("R", &d) })
		bound := 9.0
		for _, p := range pb.Record("R", &d).Plays {
			if len(p.Refused) > 0 {
				bound += 2
			}
		}
		assert.LessOrEqual(t, n, bound, "client %d", i)
		most = max(most, n)
	}
	assert.GreaterOrEqual(t, most, 6.0, "a client with needs, plays and tasks")
}

// A record is what a bank stores of a decision, as the JSON of
// vipcare.Disclosed(r); with Values the decision keeps the client's
// amounts and the record stores them, exact, in the policy's currency.
// Printed, logged or marshalled by default, a record shows neither the
// client's reference nor an amount.
func ExamplePlaybook_Record() {
	pb, err := playbook.Compile(playbook.ReferenceDocument(), nil)
	if err != nil {
		panic(err)
	}
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	p := sample.Profile(o, 6)
	stored := tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}, Below: 1} // after last month's run
	d, err := pb.Decide(&p, v, playbook.Options{Period: tier.MonthOf(v.AsOf), State: stored, Values: true}, nil)
	if err != nil {
		panic(err)
	}
	r := pb.Record("REF-6", &d)
	for _, part := range []any{r.Ladder, r.Flags, r.Skipped[0], r.Tasks[0], r.Step, r.Amounts} {
		b, err := json.Marshal(part)
		if err != nil {
			panic(err)
		}
		fmt.Println(string(b))
	}
	fmt.Println(r)

	kept, err := json.Marshal(vipcare.Disclosed(r)) // to store: the whole record
	if err != nil {
		panic(err)
	}
	var back playbook.Record
	if err := json.Unmarshal(kept, &back); err != nil {
		panic(err)
	}
	fmt.Println(back.Client, back.Amounts.AUM, back.Policy == pb.Identity())
	logged, err := json.Marshal(r) // by default, as slog's JSON handler writes a record in a struct
	if err != nil {
		panic(err)
	}
	fmt.Println(bytes.Contains(logged, []byte(`"client":"[redacted]"`)), bytes.Contains(logged, []byte("149300.67")))
	// Output:
	// {"tier":{"name":"gold","rank":20},"measure":"aum","currency":"CNY","from":"50000"}
	// [{"code":"risk_assessment_expired","outcome":"watch"}]
	// {"play":"integrated_banking","code":"no_need","needs":["integrated"]}
	// {"id":"assessment/2026-02-23","kind":"assessment","earliest":"2026-06-30","due":"2026-06-30","channel":"branch","owner":"rm","priority":50,"minutes":30,"window":30,"assessed":"2025-02-23","validity":12}
	// {"period":"2026-06","before":{"tier":{"name":"platinum","rank":30},"below":1},"after":{"tier":{"name":"platinum","rank":30},"below":2},"computed":{"name":"gold","rank":20},"code":"watched","threshold":"500000","grace":3,"measure":"AUM at the bank","currency":"CNY","limit":{"no_upgrade":true,"code":"risk_assessment_expired"}}
	// {"currency":"CNY","aum":"149300.67","measure":"149300.67"}
	// vipcare-reference 2026.1 2026-06-30: tier platinum, segment serve digitally, strategy relationship, 0 plays, 1 task
	// REF-6 149300.67 true
	// true false
}

// BenchmarkRecord is one client's record and its tasks for the RM, as a
// monthly run makes them (one op is one client): decisions within the
// period, made beforehand, each with a scratch of its own.
func BenchmarkRecord(b *testing.B) {
	pb := reference(b)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	monthly := recordBook(v, 64)
	decisions := make([]playbook.Decision, len(monthly))
	for i, p := range sample.Profiles(o, len(monthly)) {
		monthly[i].Values = false
		d, err := pb.Decide(&p, v, monthly[i], new(playbook.Scratch))
		require.NoError(b, err)
		decisions[i] = d
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := &decisions[i%len(decisions)]
		_ = pb.Record("REF", d)
		for _, x := range d.Tasks {
			if x.Code == "" {
				_ = x.Task("REF")
			}
		}
	}
}
