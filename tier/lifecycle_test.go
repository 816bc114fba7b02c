package tier_test

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// observations turns a list of monthly AUM figures (in CNY, as decimal
// literals) into lifecycle observations, one month each from January 2026.
func observations(t testing.TB, lc *tier.Lifecycle, aums ...string) []tier.Observation {
	t.Helper()
	month := tier.MonthOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var out []tier.Observation
	for _, a := range aums {
		p := client("C", a)
		f, err := vipcare.Valuation{AsOf: month.Last(), Currency: vipcare.CNY}.Figures(&p)
		require.NoError(t, err)
		o, err := lc.Observe(&f, month)
		require.NoError(t, err)
		out = append(out, o)
		month = month.Next()
	}
	return out
}

func tierNames(tl tier.Timeline) []string {
	var out []string
	for _, s := range tl.Steps {
		out = append(out, s.After.Tier.String())
	}
	return out
}

func reasons(tl tier.Timeline) []string {
	var out []string
	for _, s := range tl.Steps {
		out = append(out, s.Reason.String())
	}
	return out
}

func TestLifecycleTable(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	ref := tier.ReferenceLifecycle(ladder)
	tests := []struct {
		name    string
		edit    func(*tier.LifecycleSpec)
		start   string // tier held at the start, "" for none
		aums    []string
		tiers   []string
		reasons []string
	}{
		{
			name:    "a new client enters the tier its measure gives",
			aums:    []string{"600000"},
			tiers:   []string{"platinum"},
			reasons: []string{"entered"},
		},
		{
			name:    "upgrade straight to the computed tier",
			start:   "gold",
			aums:    []string{"60000", "2500000"},
			tiers:   []string{"gold", "diamond"},
			reasons: []string{"kept", "upgraded"},
		},
		{
			name:    "upgrade one rung a period",
			edit:    func(s *tier.LifecycleSpec) { s.StepUp = 1 },
			start:   "gold",
			aums:    []string{"2500000", "2500000", "2500000"},
			tiers:   []string{"platinum", "diamond", "diamond"},
			reasons: []string{"upgraded", "upgraded", "kept"},
		},
		{
			name:    "N-1 periods below keeps the tier on watch",
			start:   "platinum",
			aums:    []string{"400000", "400000"},
			tiers:   []string{"platinum", "platinum"},
			reasons: []string{"watched", "watched"},
		},
		{
			name:    "exactly N periods below downgrades",
			start:   "platinum",
			aums:    []string{"400000", "400000", "400000"},
			tiers:   []string{"platinum", "platinum", "gold"},
			reasons: []string{"watched", "watched", "downgraded"},
		},
		{
			name:    "a period at the tier resets the watch",
			start:   "platinum",
			aums:    []string{"400000", "400000", "500000", "400000", "400000"},
			tiers:   []string{"platinum", "platinum", "platinum", "platinum", "platinum"},
			reasons: []string{"watched", "watched", "recovered", "watched", "watched"},
		},
		{
			name:    "private banking has six periods of grace",
			start:   "private banking",
			aums:    []string{"1", "1", "1", "1", "1", "1"},
			tiers:   []string{"private banking", "private banking", "private banking", "private banking", "private banking", "diamond"},
			reasons: []string{"watched", "watched", "watched", "watched", "watched", "downgraded"},
		},
		{
			name:  "one rung at a time, grace again at each rung",
			start: "diamond",
			aums:  []string{"1", "1", "1", "1", "1", "1"},
			tiers: []string{"diamond", "diamond", "platinum", "platinum", "platinum", "gold"},
			reasons: []string{"watched", "watched", "downgraded", "watched", "watched",
				"downgraded"},
		},
		{
			name:    "several rungs at once when StepDown is 0",
			edit:    func(s *tier.LifecycleSpec) { s.StepDown = 0 },
			start:   "diamond",
			aums:    []string{"1", "1", "1"},
			tiers:   []string{"diamond", "diamond", "mass"},
			reasons: []string{"watched", "watched", "downgraded"},
		},
		{
			name:    "never below the computed tier",
			edit:    func(s *tier.LifecycleSpec) { s.StepDown = 3 },
			start:   "diamond",
			aums:    []string{"600000", "600000", "600000"},
			tiers:   []string{"diamond", "diamond", "platinum"},
			reasons: []string{"watched", "watched", "downgraded"},
		},
		{
			name: "a retention band keeps a client just below the threshold",
			edit: func(s *tier.LifecycleSpec) {
				s.Default.Retain = decimal.RequireFromString("0.9")
			},
			start:   "platinum",
			aums:    []string{"450000", "449999.9999", "449999.9999", "449999.9999"},
			tiers:   []string{"platinum", "platinum", "platinum", "gold"},
			reasons: []string{"retained", "watched", "watched", "downgraded"},
		},
		{
			name:    "a lowest rung from zero keeps every client",
			edit:    func(s *tier.LifecycleSpec) { s.Default.Grace = 1 },
			start:   "mass",
			aums:    []string{"0"},
			tiers:   []string{"mass"},
			reasons: []string{"kept"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := ref
			spec.Tiers = map[string]tier.Keep{"private banking": {Grace: 6}}
			if tt.edit != nil {
				tt.edit(&spec)
			}
			lc := tier.MustLifecycle(spec)
			start, err := lc.Start(tierByName(ladder, tt.start))
			require.NoError(t, err)
			obs := observations(t, lc, tt.aums...)
			tl := lc.Replay(start, obs)
			assert.Equal(t, tt.tiers, tierNames(tl))
			assert.Equal(t, tt.reasons, reasons(tl))
			assert.Equal(t, tl, lc.Replay(start, obs), "same answer twice")
		})
	}
}

func tierByName(l *tier.Ladder, name string) tier.Tier {
	for _, t := range l.Tiers() {
		if t.Name == name {
			return t
		}
	}
	return tier.Tier{}
}

func TestLifecycleExtraConditionFailingCountsAsBelow(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[3].When = policy.Field("entrepreneur").IsTrue()
	ladder := tier.MustLadder(spec)
	lc := tier.MustLifecycle(tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Grace: 2,
		Retain: decimal.RequireFromString("0.5")}})
	start, err := lc.Start(tierByName(ladder, "diamond"))
	require.NoError(t, err)
	// 2.5M meets diamond's threshold, but the client is no entrepreneur:
	// the retention band does not help a client who fails the condition.
	tl := lc.Replay(start, observations(t, lc, "2500000", "2500000"))
	assert.Equal(t, []string{"diamond", "platinum"}, tierNames(tl))
}

func TestLifecycleStepStrings(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	tl := lc.Replay(tier.State{}, observations(t, lc, "60000", "600000", "100000", "100000", "100000"))
	assert.Equal(t, strings.Join([]string{
		"2026-01: entered gold: AUM at the bank at or above 50,000 CNY; from 2026-02",
		"2026-02: gold → platinum, upgraded: AUM at the bank at or above platinum's 500,000 CNY; from 2026-03",
		"2026-03: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY",
		"2026-04: platinum on watch, 2 of 3 periods below: AUM at the bank below 500,000 CNY",
		"2026-05: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-06",
	}, "\n"), tl.String())
	assert.Len(t, tl.Changes(), 3)
	assert.NotContains(t, tl.String(), "600,000", "the client's measure is not shown")
}

func TestTimelineTierOn(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	tl := lc.Replay(tier.State{}, observations(t, lc, "60000", "600000", "600000"))
	on := func(y int, m time.Month, d int) string {
		return tl.TierOn(time.Date(y, m, d, 12, 0, 0, 0, time.UTC)).String()
	}
	assert.Equal(t, "unassigned", on(2026, 1, 31), "January's result applies from February")
	assert.Equal(t, "gold", on(2026, 2, 1))
	assert.Equal(t, "gold", on(2026, 2, 28))
	assert.Equal(t, "platinum", on(2026, 3, 1))
	assert.Equal(t, "platinum", on(2030, 1, 1))
	assert.Equal(t, tl.Final(), tl.StateOn(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
}

// Property: with no overrides, a history that is higher every period never
// ends in a lower tier than it started from, or than any period before.
func TestLifecycleRisingHistoryNeverFalls(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	r := rand.New(rand.NewPCG(5, 6))
	for _, step := range []int{0, 1, 2} {
		spec := tier.ReferenceLifecycle(ladder)
		spec.StepUp, spec.StepDown = step, step
		lc := tier.MustLifecycle(spec)
		for i := 0; i < 300; i++ {
			aum := r.Int64N(100_000_00)
			var aums []string
			for m := 0; m < 24; m++ {
				aum += r.Int64N(300_000_00)
				aums = append(aums, decimal.New(aum, -2).String())
			}
			tl := lc.Replay(tier.State{}, observations(t, lc, aums...))
			rank := 0
			for _, s := range tl.Steps {
				require.GreaterOrEqual(t, s.After.Tier.Rank, rank, "history %v", aums)
				rank = s.After.Tier.Rank
			}
		}
	}
}

func TestLifecycleStepDoesNotAllocate(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	obs := observations(t, lc, "60000", "600000", "1", "1", "1", "7000000")
	allocs := testing.AllocsPerRun(100, func() {
		s := tier.State{}
		for _, o := range obs {
			s = lc.Step(s, o).After
		}
	})
	assert.Zero(t, allocs)
}

func TestNewLifecycleErrors(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	tests := []struct {
		name string
		spec tier.LifecycleSpec
		want []error
	}{
		{"no ladder", tier.LifecycleSpec{Default: tier.Keep{Grace: 3}}, []error{tier.ErrEmpty}},
		{"zero grace", tier.LifecycleSpec{Ladder: ladder}, []error{tier.ErrGrace}},
		{"negative grace for a tier", tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Grace: 1},
			Tiers: map[string]tier.Keep{"gold": {Grace: -1}}}, []error{tier.ErrGrace}},
		{"retention above 1", tier.LifecycleSpec{Ladder: ladder,
			Default: tier.Keep{Grace: 1, Retain: decimal.RequireFromString("1.1")}}, []error{tier.ErrRetain}},
		{"negative retention", tier.LifecycleSpec{Ladder: ladder,
			Default: tier.Keep{Grace: 1, Retain: decimal.RequireFromString("-0.5")}}, []error{tier.ErrRetain}},
		{"unknown tier", tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Grace: 1},
			Tiers: map[string]tier.Keep{"titanium": {Grace: 2}}}, []error{tier.ErrUnknownTier}},
		{"negative steps", tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Grace: 1},
			StepUp: -1, StepDown: -1, MaxOverride: -1}, []error{tier.ErrStep, tier.ErrStep, tier.ErrStep}},
		{"everything at once", tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Retain: decimal.NewFromInt(2)},
			Tiers: map[string]tier.Keep{"titanium": {}, "gold": {Grace: 0}}, StepDown: -2},
			[]error{tier.ErrGrace, tier.ErrRetain, tier.ErrUnknownTier, tier.ErrGrace, tier.ErrStep}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lc, err := tier.NewLifecycle(tt.spec)
			require.Error(t, err)
			assert.Nil(t, lc)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "one line per problem: %v", err)
		})
	}
}

func TestLifecycleStartUnknownTier(t *testing.T) {
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(tier.MustLadder(tier.ReferenceLadder())))
	_, err := lc.Start(tier.Tier{Name: "titanium", Rank: 60})
	assert.ErrorIs(t, err, tier.ErrUnknownTier)
	_, err = lc.Start(tier.Tier{Name: "gold", Rank: 99})
	assert.ErrorIs(t, err, tier.ErrUnknownTier, "the rank must match too")
}

func TestPeriods(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name   string
		p      tier.Period
		str    string
		days   int
		next   string
		prev   string
		inside time.Time
		out    time.Time
	}{
		{"January", tier.MonthOf(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)), "2026-01", 31, "2026-02", "2025-12",
			time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"February of a leap year", tier.MonthOf(time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)), "2028-02", 29, "2028-03", "2028-01",
			time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"February", tier.MonthOf(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)), "2026-02", 28, "2026-03", "2026-01",
			time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"April", tier.MonthOf(time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)), "2026-04", 30, "2026-05", "2026-03",
			time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"a quarter across the year end", tier.QuarterOf(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)), "2026-Q4", 92, "2027-Q1", "2026-Q3",
			time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"first quarter of a leap year", tier.QuarterOf(time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC)), "2028-Q1", 91, "2028-Q2", "2027-Q4",
			time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"in the caller's location", tier.MonthOf(time.Date(2026, 3, 1, 0, 30, 0, 0, shanghai)), "2026-03", 31, "2026-04", "2026-02",
			time.Date(2026, 2, 28, 16, 30, 0, 0, time.UTC), time.Date(2026, 2, 28, 15, 59, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.str, tt.p.String())
			assert.Equal(t, tt.days, tt.p.Days())
			assert.Equal(t, tt.next, tt.p.Next().String())
			assert.Equal(t, tt.prev, tt.p.Prev().String())
			assert.True(t, tt.p.Contains(tt.inside))
			assert.False(t, tt.p.Contains(tt.out))
			assert.Equal(t, tt.p, tt.p.Next().Prev())
			assert.Equal(t, tt.p.Days()-1, int(tt.p.Last().Sub(tt.p.Start()).Round(24*time.Hour)/(24*time.Hour)))
		})
	}
	assert.Len(t, tier.Periods(tier.MonthOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 24), 24)
}

func TestLifecycleStateFromStorage(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	start, err := lc.Start(tierByName(ladder, "platinum"))
	require.NoError(t, err)
	b, err := json.Marshal(start)
	require.NoError(t, err)
	var reloaded tier.State
	require.NoError(t, json.Unmarshal(b, &reloaded))
	built := tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}}
	obs := observations(t, lc, "100000")
	for name, s := range map[string]tier.State{"started": start, "reloaded": reloaded, "built": built} {
		step := lc.Step(s, obs[0])
		assert.Equal(t, tier.Watched, step.Reason, "%s: a stored platinum client goes on watch, not straight down", name)
		assert.Equal(t, "platinum", step.After.Tier.Name, name)
	}
	unknown := tier.State{Tier: tier.Tier{Name: "titanium", Rank: 60}}
	assert.Equal(t, tier.Entered, lc.Step(unknown, obs[0]).Reason, "a tier the ladder lacks counts as none")
	_, err = lc.Apply(unknown, nil, date(2026, 1, 1))
	assert.ErrorIs(t, err, tier.ErrUnknownTier)
}

func TestTimelineJSONRoundTrip(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	tl := lc.Replay(tier.State{}, observations(t, lc, "60000", "600000", "100000", "100000", "100000"))
	b, err := json.Marshal(tl)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"period":"2026-02"`)
	assert.Contains(t, string(b), `"reason":"upgraded"`)
	assert.Contains(t, string(b), `"threshold":"500000"`)
	assert.NotContains(t, string(b), "600000", "the client's measure is not stored")
	var back tier.Timeline
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, tl.String(), back.String())
	assert.Equal(t, tl.Final(), back.Final())

	var p tier.Period
	assert.ErrorIs(t, p.UnmarshalText([]byte("2026-13")), tier.ErrPeriod)
	assert.ErrorIs(t, p.UnmarshalText([]byte("2026-Q5")), tier.ErrPeriod)
	require.NoError(t, p.UnmarshalText([]byte("2026-Q3")))
	assert.Equal(t, 92, p.Days())
}

func TestNewClientEntersUnderNoUpgrade(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	o := observations(t, lc, "600000")[0]
	o.Limit = tier.Limit{NoUpgrade: true, Reason: "risk_assessment_expired"}
	step := lc.Step(tier.State{}, o)
	assert.Equal(t, tier.Entered, step.Reason, "no upgrade keeps a tier, it does not deny one")
	assert.Equal(t, "platinum", step.After.Tier.Name)

	o.Limit = tier.Limit{Unassign: true, Reason: "dormant"}
	step = lc.Step(tier.State{}, o)
	assert.Equal(t, tier.Held, step.Reason)
	assert.True(t, step.After.Tier.IsZero())
}

func TestStepSaysWhenTheConditionFailed(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[3].When = policy.Field("entrepreneur").IsTrue()
	ladder := tier.MustLadder(spec)
	lc := tier.MustLifecycle(tier.LifecycleSpec{Ladder: ladder, Default: tier.Keep{Grace: 2}})
	start, _ := lc.Start(tierByName(ladder, "diamond"))
	tl := lc.Replay(start, observations(t, lc, "3000000", "3000000"))
	assert.Equal(t, "2026-01: diamond on watch, 1 of 2 periods below: AUM at the bank met the threshold but diamond's extra condition failed",
		tl.Steps[0].String())
	assert.Equal(t, "2026-02: diamond → platinum, downgraded after 2 periods failing diamond's extra condition; from 2026-03",
		tl.Steps[1].String())
}
