package tier_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

func grant(t tier.Tier, from, until time.Time) tier.Override {
	return tier.Override{Tier: t, Code: "strategic", Requester: "rm-17", Approver: "head-3", From: from, Until: until}
}

func TestOverrideApply(t *testing.T) {
	ladder := compile(t, tier.Reference())
	day := testkit.Day
	gold := tier.State{Tier: refTier("gold")}
	diamond := tier.State{Tier: refTier("diamond")}
	platinum, pb, mass := refTier("platinum"), refTier("private banking"), refTier("mass")
	hold := grant(platinum, day(2026, 1, 1), day(2026, 7, 1))
	hold.Hold = true
	wide := tier.Reference()
	wide.Lifecycle.MaxOverride = 3
	widest := tier.Reference()
	widest.Lifecycle.MaxOverride = math.MaxInt

	tests := []struct {
		name      string
		spec      *tier.LadderSpec // nil: the reference ladder
		state     tier.State
		overrides []tier.Override
		on        time.Time
		want      string
		capped    bool
		applied   bool
	}{
		{"no override", nil, gold, nil, day(2026, 3, 1), "gold", false, false},
		{"a grant lifts the tier", nil, gold, []tier.Override{grant(platinum, day(2026, 1, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "platinum", false, true},
		{"in force on its first day", nil, gold, []tier.Override{grant(platinum, day(2026, 3, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "platinum", false, true},
		{"not yet in force", nil, gold, []tier.Override{grant(platinum, day(2026, 3, 2), day(2026, 7, 1))},
			day(2026, 3, 1), "gold", false, false},
		{"expired on its expiry date", nil, gold, []tier.Override{grant(platinum, day(2026, 1, 1), day(2026, 3, 1))},
			day(2026, 3, 1), "gold", false, false},
		{"still in force the day before expiry", nil, gold, []tier.Override{grant(platinum, day(2026, 1, 1), day(2026, 3, 1))},
			day(2026, 2, 28), "platinum", false, true},
		{"bounded above the computed tier", nil, gold, []tier.Override{grant(pb, day(2026, 1, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "platinum", true, true},
		{"the bound is the lifecycle's MaxOverride", &wide, gold, []tier.Override{grant(pb, day(2026, 1, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "private banking", false, true},
		{"a MaxOverride of the largest int is no limit", &widest, gold, []tier.Override{grant(pb, day(2026, 1, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "private banking", false, true},
		{"a grant may lower a tier", nil, diamond, []tier.Override{grant(mass, day(2026, 1, 1), day(2026, 7, 1))},
			day(2026, 3, 1), "mass", false, true},
		{"a hold never lowers a tier", nil, diamond, []tier.Override{hold}, day(2026, 3, 1), "diamond", false, true},
		{"a hold keeps a fallen client", nil, gold, []tier.Override{hold}, day(2026, 3, 1), "platinum", false, true},
		{"the latest override wins", nil, gold, []tier.Override{
			grant(platinum, day(2026, 2, 1), day(2026, 7, 1)),
			grant(mass, day(2026, 1, 1), day(2026, 7, 1)),
		}, day(2026, 3, 1), "platinum", false, true},
		{"on a tie the later in the list wins", nil, gold, []tier.Override{
			grant(mass, day(2026, 1, 1), day(2026, 7, 1)),
			grant(platinum, day(2026, 1, 1), day(2026, 7, 1)),
		}, day(2026, 3, 1), "platinum", false, true},
		{"on a tie of days the later in the list wins, whatever the hour", nil, gold, []tier.Override{
			grant(mass, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), day(2026, 7, 1)), // 08:00 on 1 January in d's zone
			grant(platinum, day(2026, 1, 1), day(2026, 7, 1)),
		}, day(2026, 3, 1), "platinum", false, true},
		{"a client with no tier may be granted one", nil, tier.State{},
			[]tier.Override{grant(mass, day(2026, 1, 1), day(2026, 7, 1))}, day(2026, 3, 1), "mass", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ladder
			if tt.spec != nil {
				l = compile(t, *tt.spec)
			}
			e, err := l.Apply(tt.state, tt.overrides, tt.on)
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Tier.String())
			assert.Equal(t, tt.state.Tier, e.Computed, "the explanation shows the computed tier")
			assert.Equal(t, tt.capped, e.Capped)
			assert.Equal(t, tt.applied, e.Override.Code != "")
			if tt.applied {
				assert.Contains(t, e.String(), "computed "+tt.state.Tier.String())
			} else {
				assert.Equal(t, tt.want+" (computed, no override)", e.String())
			}
			again, _ := l.Apply(tt.state, tt.overrides, tt.on)
			assert.Equal(t, e, again, "same answer twice")
			if len(tt.overrides) > 0 {
				assert.Zero(t, testing.AllocsPerRun(10, func() { _, _ = l.Apply(tt.state, tt.overrides, tt.on) }))
			}
		})
	}
}

func TestOverrideString(t *testing.T) {
	ladder := compile(t, tier.Reference())
	o := grant(refTier("private banking"), testkit.Day(2026, 1, 1), testkit.Day(2027, 1, 1))
	o.Hold = true
	e, err := ladder.Apply(tier.State{Tier: refTier("gold")}, []tier.Override{o}, testkit.Day(2026, 6, 1))
	require.NoError(t, err)
	assert.Equal(t, "platinum (computed gold; hold strategic until 2027-01-01, limited to the rungs an override may add)",
		e.String())
}

func TestOverrideRejected(t *testing.T) {
	type want = testkit.Want
	ladder := compile(t, tier.Reference())
	ok := grant(refTier("platinum"), testkit.Day(2026, 1, 1), testkit.Day(2026, 7, 1))
	tests := []struct {
		name string
		edit func(*tier.Override)
		want []want
	}{
		{"no approver", func(o *tier.Override) { o.Approver = "" },
			[]want{{Path: "/overrides/1/approver", Name: "strategic", Err: policy.ErrMissing}}},
		{"a blank approver", func(o *tier.Override) { o.Approver = " " },
			[]want{{Path: "/overrides/1/approver", Name: "strategic", Err: policy.ErrMissing}}},
		{"four eyes", func(o *tier.Override) { o.Approver = o.Requester },
			[]want{{Path: "/overrides/1/approver", Name: "strategic", Err: tier.ErrFourEyes}}},
		{"four eyes ignore case and spaces", func(o *tier.Override) { o.Approver = " RM-17 " },
			[]want{{Path: "/overrides/1/approver", Name: "strategic", Err: tier.ErrFourEyes}}},
		{"unknown tier", func(o *tier.Override) { o.Tier = tier.Tier{Name: "titanium", Rank: 60} },
			[]want{{Path: "/overrides/1/tier", Err: policy.ErrUnknown}}}, // not quoted: client data
		{"a tier's rank must match", func(o *tier.Override) { o.Tier.Rank = 99 },
			[]want{{Path: "/overrides/1/tier/rank", Name: "platinum", Err: policy.ErrUnknown}}},
		{"no tier", func(o *tier.Override) { o.Tier = tier.Tier{} },
			[]want{{Path: "/overrides/1/tier", Name: "strategic", Err: policy.ErrMissing}}},
		{"no start", func(o *tier.Override) { o.From = time.Time{} },
			[]want{{Path: "/overrides/1/from", Name: "strategic", Err: policy.ErrMissing}}},
		{"no expiry", func(o *tier.Override) { o.Until = time.Time{} },
			[]want{{Path: "/overrides/1/until", Name: "strategic", Err: policy.ErrMissing}}},
		{"expires before it starts", func(o *tier.Override) { o.Until = o.From.AddDate(0, 0, -1) },
			[]want{{Path: "/overrides/1/until", Name: "strategic", Err: policy.ErrOrder}}},
		{"expires the day it starts", func(o *tier.Override) { o.Until = o.From.Add(time.Hour) },
			[]want{{Path: "/overrides/1/until", Name: "strategic", Err: policy.ErrOrder}}},
		{"no reason code", func(o *tier.Override) { o.Code = "" },
			[]want{{Path: "/overrides/1/code", Name: "", Err: policy.ErrMissing}}},
		{"no requester", func(o *tier.Override) { o.Requester = "" },
			[]want{{Path: "/overrides/1/requester", Name: "strategic", Err: policy.ErrMissing}}},
		{"everything at once", func(o *tier.Override) { *o = tier.Override{Tier: tier.Tier{Name: "x"}} },
			[]want{
				{Path: "/overrides/1/tier", Err: policy.ErrUnknown},
				{Path: "/overrides/1/code", Name: "", Err: policy.ErrMissing},
				{Path: "/overrides/1/requester", Name: "", Err: policy.ErrMissing},
				{Path: "/overrides/1/approver", Name: "", Err: policy.ErrMissing},
				{Path: "/overrides/1/from", Name: "", Err: policy.ErrMissing},
				{Path: "/overrides/1/until", Name: "", Err: policy.ErrMissing},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.edit(&o)
			os := []tier.Override{ok, o}
			before := []tier.Override{ok, o}
			// a malformed override is never applied, in force or not
			for _, d := range []time.Time{testkit.Day(2026, 3, 1), testkit.Day(2030, 1, 1)} {
				e, err := ladder.Apply(tier.State{}, os, d)
				testkit.CheckProblems(t, err, tt.want...)
				assert.Equal(t, tier.Effective{}, e)
			}
			assert.Equal(t, before, os, "overrides unchanged")
		})
	}
	_, err := ladder.Apply(tier.State{}, []tier.Override{ok}, testkit.Day(2026, 3, 1))
	assert.NoError(t, err)
	_, err = ladder.Apply(tier.State{}, nil, testkit.Day(2026, 3, 1))
	assert.NoError(t, err)
}

// TestDecodeStrictly: an override and a state, the data a bank stores and
// reloads, decode strictly through encoding/json too: a misspelt key is a
// located problem, not a dropped value (an override with "requestor"
// would otherwise fail four eyes for no visible reason, a state with
// "belo" would reset the client's watch). In a list decoded by
// policy.Unmarshal, the problem is located in the whole document.
func TestDecodeStrictly(t *testing.T) {
	override := `{"tier": {"name": "gold", "rank": 20}, "code": "strategic",
 "requestor": "rm-17", "approver": "head-3", "from": "2026-01-01T00:00:00Z", "until": "2026-07-01T00:00:00Z"}`
	tests := []struct {
		name string
		into any
		doc  string
		path string
		line int
	}{
		{"override", &tier.Override{}, override, "/requestor", 2},
		{"override, key in another case", &tier.Override{}, `{"Hold": true}`, "/Hold", 1},
		{"override's tier", &tier.Override{}, `{"tier": {"name": "gold", "rnak": 20}}`, "/tier/rnak", 1},
		{"state", &tier.State{}, `{"tier": {"name": "gold", "rank": 20},` + "\n" + ` "belo": 2}`, "/belo", 2},
		{"state, repeated key", &tier.State{}, `{"below": 1, "below": 2}`, "/below", 1},
		{"overrides through policy.Unmarshal", &[]tier.Override{}, "[{\"code\": \"a\"},\n" + override + "]", "/1/requestor", 3},
		{"a step's state", &tier.Step{}, `{"period": "2026-01", "before": {"Tier": {}}}`, "/Tier", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if _, list := tt.into.(*[]tier.Override); list {
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

	// What a valid override and state encode to decodes back the same
	// (the override's dates as instants: a location's name is not JSON).
	o := grant(refTier("gold"), testkit.Day(2026, 1, 1), testkit.Day(2026, 7, 1))
	o.Hold = true
	var back tier.Override
	b, err := json.Marshal(o)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.From.Equal(o.From) && back.Until.Equal(o.Until))
	back.From, back.Until = o.From, o.Until
	assert.Equal(t, o, back)
	s := tier.State{Tier: refTier("platinum"), Below: 2}
	var state tier.State
	b, err = json.Marshal(s)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &state))
	assert.Equal(t, s, state)
}
