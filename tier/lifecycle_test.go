package tier_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// firstMonth is the first period of the lifecycle tests: January 2026 in
// CST.
var firstMonth = tier.MonthOf(testkit.Day(2026, 1, 1))

// observations turns a list of monthly AUM figures (in CNY, as decimal
// literals) into observations on ladder l, one month each from January
// 2026.
func observations(t testing.TB, l *tier.Ladder, aums ...string) []tier.Observation {
	t.Helper()
	month := firstMonth
	var out []tier.Observation
	for _, a := range aums {
		p := client("C", a)
		f := testkit.Figures(t, &p, testkit.Valuation(month.Last()))
		o, err := l.Observe(f, month)
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

func codes(tl tier.Timeline) []vipcare.Code {
	var out []vipcare.Code
	for _, s := range tl.Steps {
		out = append(out, s.Code)
	}
	return out
}

// final is the state a timeline ends in.
func final(tl tier.Timeline) tier.State {
	if len(tl.Steps) == 0 {
		return tl.Start
	}
	return tl.Steps[len(tl.Steps)-1].After
}

// changes counts the steps that changed the client's tier.
func changes(tl tier.Timeline) int {
	n := 0
	for _, s := range tl.Steps {
		if s.Before.Tier != s.After.Tier {
			n++
		}
	}
	return n
}

func TestLifecycleTable(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*tier.LadderSpec)
		start string // tier held at the start, "" for none
		aums  []string
		tiers []string
		codes []vipcare.Code
	}{
		{
			name:  "a new client enters the tier its measure gives",
			aums:  []string{"600000"},
			tiers: []string{"platinum"},
			codes: []vipcare.Code{tier.CodeEntered},
		},
		{
			name:  "upgrade straight to the computed tier",
			start: "gold",
			aums:  []string{"60000", "2500000"},
			tiers: []string{"gold", "diamond"},
			codes: []vipcare.Code{tier.CodeKept, tier.CodeUpgraded},
		},
		{
			name:  "upgrade one rung a period",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.StepUp = 1 },
			start: "gold",
			aums:  []string{"2500000", "2500000", "2500000"},
			tiers: []string{"platinum", "diamond", "diamond"},
			codes: []vipcare.Code{tier.CodeUpgraded, tier.CodeUpgraded, tier.CodeKept},
		},
		{
			name: "a StepUp passes by a rung whose condition fails",
			edit: func(s *tier.LadderSpec) {
				s.Lifecycle.StepUp = 1
				s.Rungs[2].When = policy.Field("entrepreneur").EQ(true) // platinum, for entrepreneurs only
			},
			start: "gold",
			aums:  []string{"2500000", "2500000", "600000"},
			tiers: []string{"diamond", "diamond", "diamond"},
			codes: []vipcare.Code{tier.CodeUpgraded, tier.CodeKept, tier.CodeWatched},
		},
		{
			name: "with StepUp 2, two rungs that hold",
			edit: func(s *tier.LadderSpec) {
				s.Lifecycle.StepUp = 2
				s.Rungs[2].When = policy.Field("entrepreneur").EQ(true)
			},
			start: "mass",
			aums:  []string{"7000000", "7000000"},
			tiers: []string{"diamond", "private banking"},
			codes: []vipcare.Code{tier.CodeUpgraded, tier.CodeUpgraded},
		},
		{
			name:  "a StepUp of the largest int is no limit",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.StepUp = math.MaxInt },
			start: "gold",
			aums:  []string{"2500000"},
			tiers: []string{"diamond"},
			codes: []vipcare.Code{tier.CodeUpgraded},
		},
		{
			name: "a StepDown passes by a rung whose condition fails",
			edit: func(s *tier.LadderSpec) {
				s.Lifecycle.StepDown = 1
				s.Rungs[2].When = policy.Field("entrepreneur").EQ(true) // platinum, for entrepreneurs only
			},
			start: "diamond",
			aums:  []string{"60000", "60000", "60000"},
			tiers: []string{"diamond", "diamond", "gold"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "a StepDown of the largest int is no limit",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.StepDown = math.MaxInt },
			start: "diamond",
			aums:  []string{"1", "1", "1"},
			tiers: []string{"diamond", "diamond", "mass"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "a grace of the largest int never ends",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.Keep.Grace = math.MaxInt },
			start: "diamond",
			aums:  []string{"1", "1"},
			tiers: []string{"diamond", "diamond"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched},
		},
		{
			name:  "N-1 periods below keeps the tier on watch",
			start: "platinum",
			aums:  []string{"400000", "400000"},
			tiers: []string{"platinum", "platinum"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched},
		},
		{
			name:  "exactly N periods below downgrades",
			start: "platinum",
			aums:  []string{"400000", "400000", "400000"},
			tiers: []string{"platinum", "platinum", "gold"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "a period at the tier resets the watch",
			start: "platinum",
			aums:  []string{"400000", "400000", "500000", "400000", "400000"},
			tiers: []string{"platinum", "platinum", "platinum", "platinum", "platinum"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeRecovered, tier.CodeWatched,
				tier.CodeWatched},
		},
		{
			name:  "private banking has six periods of grace",
			start: "private banking",
			aums:  []string{"1", "1", "1", "1", "1", "1"},
			tiers: []string{"private banking", "private banking", "private banking", "private banking",
				"private banking", "diamond"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeWatched, tier.CodeWatched,
				tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "one rung at a time, grace again at each rung",
			start: "diamond",
			aums:  []string{"1", "1", "1", "1", "1", "1"},
			tiers: []string{"diamond", "diamond", "platinum", "platinum", "platinum", "gold"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded, tier.CodeWatched,
				tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "several rungs at once when StepDown is 0",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.StepDown = 0 },
			start: "diamond",
			aums:  []string{"1", "1", "1"},
			tiers: []string{"diamond", "diamond", "mass"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "never below the computed tier",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.StepDown = 3 },
			start: "diamond",
			aums:  []string{"600000", "600000", "600000"},
			tiers: []string{"diamond", "diamond", "platinum"},
			codes: []vipcare.Code{tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "a retention band keeps a client just below the threshold",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.Keep.Retain = testkit.Dec("0.9") },
			start: "platinum",
			aums:  []string{"450000", "449999.9999", "449999.9999", "449999.9999"},
			tiers: []string{"platinum", "platinum", "platinum", "gold"},
			codes: []vipcare.Code{tier.CodeRetained, tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name: "a rung's own retention band overrides the lifecycle's",
			edit: func(s *tier.LadderSpec) {
				s.Lifecycle.Keep.Retain = testkit.Dec("0.5")
				s.Rungs[2].Keep.Retain = testkit.Dec("0.9")
			},
			start: "platinum",
			aums:  []string{"450000", "449999.9999", "449999.9999", "449999.9999"},
			tiers: []string{"platinum", "platinum", "platinum", "gold"},
			codes: []vipcare.Code{tier.CodeRetained, tier.CodeWatched, tier.CodeWatched, tier.CodeDowngraded},
		},
		{
			name:  "a rung's own grace overrides the lifecycle's",
			edit:  func(s *tier.LadderSpec) { s.Rungs[2].Keep.Grace = 1 },
			start: "platinum",
			aums:  []string{"400000"},
			tiers: []string{"gold"},
			codes: []vipcare.Code{tier.CodeDowngraded},
		},
		{
			name:  "zero grace means one period",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.Keep.Grace = 0 },
			start: "platinum",
			aums:  []string{"400000", "1"},
			tiers: []string{"gold", "mass"},
			codes: []vipcare.Code{tier.CodeDowngraded, tier.CodeDowngraded},
		},
		{
			name:  "the zero lifecycle moves clients at once",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle, s.Rungs[4].Keep = tier.Lifecycle{}, tier.Keep{} },
			start: "private banking",
			aums:  []string{"1", "2500000"},
			tiers: []string{"mass", "diamond"},
			codes: []vipcare.Code{tier.CodeDowngraded, tier.CodeUpgraded},
		},
		{
			name:  "a lowest rung from zero keeps every client",
			edit:  func(s *tier.LadderSpec) { s.Lifecycle.Keep.Grace = 1 },
			start: "mass",
			aums:  []string{"0"},
			tiers: []string{"mass"},
			codes: []vipcare.Code{tier.CodeKept},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tier.Reference()
			if tt.edit != nil {
				tt.edit(&spec)
			}
			ladder := compile(t, spec)
			start := tier.State{Tier: refTier(tt.start)}
			obs := observations(t, ladder, tt.aums...)
			tl := ladder.Replay(start, obs)
			assert.Equal(t, tt.tiers, tierNames(tl))
			assert.Equal(t, tt.codes, codes(tl))
			assert.Equal(t, tl, ladder.Replay(start, obs), "same answer twice")
			s := start
			for i, o := range obs {
				step := ladder.Step(s, o)
				assert.Equal(t, tl.Steps[i], step, "Replay is Step in a loop")
				s = step.After
			}
		})
	}
}

func TestLifecycleExtraConditionFailingCountsAsBelow(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[3].When = policy.Field("entrepreneur").EQ(true)
	spec.Lifecycle = tier.Lifecycle{Keep: tier.Keep{Grace: 2, Retain: testkit.Dec("0.5")}}
	ladder := compile(t, spec)
	// 2.5M meets diamond's threshold, but the client is no entrepreneur:
	// the retention band does not help a client who fails the condition.
	tl := ladder.Replay(tier.State{Tier: refTier("diamond")}, observations(t, ladder, "2500000", "2500000"))
	assert.Equal(t, []string{"diamond", "platinum"}, tierNames(tl))
}

func TestLifecycleStepStrings(t *testing.T) {
	ladder := compile(t, tier.Reference())
	tl := ladder.Replay(tier.State{}, observations(t, ladder, "60000", "600000", "100000", "100000", "100000"))
	assert.Equal(t, strings.Join([]string{
		"2026-01: entered gold: AUM at the bank at or above 50,000 CNY; from 2026-02",
		"2026-02: gold → platinum, upgraded: AUM at the bank at or above platinum's 500,000 CNY; from 2026-03",
		"2026-03: platinum on watch, 1 of 3 periods below: AUM at the bank below 500,000 CNY",
		"2026-04: platinum on watch, 2 of 3 periods below: AUM at the bank below 500,000 CNY",
		"2026-05: platinum → gold, downgraded after 3 periods below platinum's 500,000 CNY; from 2026-06",
	}, "\n"), tl.String())
	assert.Equal(t, 3, changes(tl))
	assert.NotContains(t, tl.String(), "600,000", "the client's measure is not shown")
}

// A client entering under a qualification limit is told what the measure
// alone gave and what limited it, not the threshold of the tier it got.
func TestLifecycleStepStringLimitedEntry(t *testing.T) {
	ladder := compile(t, tier.Reference())
	o := observations(t, ladder, "600000")[0]
	o.Limit = tier.Limit{Cap: tier.Ref{Role: "lowest"}, Code: "dormant"}
	assert.Equal(t, "2026-01: entered mass, limited from platinum: dormant; from 2026-02", ladder.Step(tier.State{}, o).String())
	o.Limit = tier.Limit{Unassign: true, Code: "sanctioned"}
	assert.Equal(t, "2026-01: unassigned held back from platinum: sanctioned", ladder.Step(tier.State{}, o).String())
	o.Limit = tier.Limit{NoUpgrade: true, Code: "kyc"}
	assert.Equal(t, "2026-01: entered platinum: AUM at the bank at or above 500,000 CNY; from 2026-02",
		ladder.Step(tier.State{}, o).String(), "a first tier is no upgrade")
}

func TestTimelineTierOn(t *testing.T) {
	ladder := compile(t, tier.Reference())
	tl := ladder.Replay(tier.State{}, observations(t, ladder, "60000", "600000", "600000"))
	on := func(y int, m time.Month, d int) string {
		return tl.TierOn(time.Date(y, m, d, 12, 0, 0, 0, testkit.CST)).String()
	}
	assert.Equal(t, "unassigned", on(2026, 1, 31), "January's result applies from February")
	assert.Equal(t, "gold", on(2026, 2, 1))
	assert.Equal(t, "gold", on(2026, 2, 28))
	assert.Equal(t, "platinum", on(2026, 3, 1))
	assert.Equal(t, "platinum", on(2030, 1, 1))
	assert.Equal(t, final(tl).Tier, tl.TierOn(testkit.Day(2030, 1, 1)))
	// Dates are calendar dates in the periods' location (CST).
	assert.Equal(t, "platinum", tl.TierOn(time.Date(2026, 2, 28, 17, 0, 0, 0, time.UTC)).String(),
		"17:00 UTC on 28 February is 1 March 01:00 CST")
	assert.Equal(t, "gold", tl.TierOn(time.Date(2026, 2, 28, 15, 59, 0, 0, time.UTC)).String(),
		"15:59 UTC is 23:59 CST, still 28 February")
}

// Property: with no overrides, a history that is higher every period never
// ends in a lower tier than it started from, or than any period before.
func TestLifecycleRisingHistoryNeverFalls(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, step := range []int{0, 1, 2} {
		spec := tier.Reference()
		spec.Lifecycle.StepUp, spec.Lifecycle.StepDown = step, step
		ladder := compile(t, spec)
		for i := 0; i < 300; i++ {
			aum := r.Int64N(100_000_00)
			var aums []string
			for m := 0; m < 24; m++ {
				aum += r.Int64N(300_000_00)
				aums = append(aums, decimal.New(aum, -2).String())
			}
			tl := ladder.Replay(tier.State{}, observations(t, ladder, aums...))
			rank := 0
			for _, s := range tl.Steps {
				require.GreaterOrEqual(t, s.After.Tier.Rank, rank, "history %v", aums)
				rank = s.After.Tier.Rank
			}
		}
	}
}

func TestLifecycleStepDoesNotAllocate(t *testing.T) {
	ladder := compile(t, tier.Reference())
	obs := observations(t, ladder, "60000", "600000", "1", "1", "1", "7000000")
	allocs := testing.AllocsPerRun(100, func() {
		s := tier.State{}
		for _, o := range obs {
			s = ladder.Step(s, o).After
		}
	})
	assert.Zero(t, allocs)
	p := client("C", "600000")
	f := testkit.Figures(t, &p, valuation())
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ladder.Observe(f, tier.MonthOf(asOf)) }),
		"nor does Observe")
}

func TestLifecycleCompileErrors(t *testing.T) {
	type want = testkit.Want
	tests := []struct {
		name string
		edit func(*tier.LadderSpec)
		want []want
	}{
		{"a lifecycle needs rungs", func(s *tier.LadderSpec) { s.Rungs = nil; s.Qualification = tier.QualificationSpec{} },
			[]want{{Path: "/rungs", Name: "", Err: policy.ErrMissing}}},
		{"no rungs is one problem, not also the qualification's caps", func(s *tier.LadderSpec) { s.Rungs = nil },
			[]want{{Path: "/rungs", Name: "", Err: policy.ErrMissing}}},
		{"negative grace", func(s *tier.LadderSpec) { s.Lifecycle.Keep.Grace = -1 },
			[]want{{Path: "/lifecycle/keep/grace", Name: "", Err: policy.ErrOutOfRange}}},
		{"negative grace for a tier", func(s *tier.LadderSpec) { s.Rungs[1].Keep.Grace = -1 },
			[]want{{Path: "/rungs/1/keep/grace", Name: "gold", Err: policy.ErrOutOfRange}}},
		{"retention above 1", func(s *tier.LadderSpec) { s.Lifecycle.Keep.Retain = testkit.Dec("1.1") },
			[]want{{Path: "/lifecycle/keep/retain", Name: "", Err: policy.ErrOutOfRange}}},
		{"negative retention", func(s *tier.LadderSpec) { s.Lifecycle.Keep.Retain = testkit.Dec("-0.5") },
			[]want{{Path: "/lifecycle/keep/retain", Name: "", Err: policy.ErrOutOfRange}}},
		{"a tier's retention above 1", func(s *tier.LadderSpec) { s.Rungs[4].Keep.Retain = testkit.Dec("1.0001") },
			[]want{{Path: "/rungs/4/keep/retain", Name: "private banking", Err: policy.ErrOutOfRange}}},
		{"retention with a huge exponent, refused at once", func(s *tier.LadderSpec) { s.Lifecycle.Keep.Retain = decimal.New(9, -20_000_000) },
			[]want{{Path: "/lifecycle/keep/retain", Name: "", Err: policy.ErrOutOfRange}}},
		{"retention with 19 places", func(s *tier.LadderSpec) { s.Lifecycle.Keep.Retain = testkit.Dec("0.9000000000000000001") },
			[]want{{Path: "/lifecycle/keep/retain", Name: "", Err: policy.ErrOutOfRange}}},
		{"negative steps", func(s *tier.LadderSpec) {
			s.Lifecycle.StepUp, s.Lifecycle.StepDown, s.Lifecycle.MaxOverride = -1, -1, -1
		}, []want{
			{Path: "/lifecycle/step_up", Name: "", Err: policy.ErrOutOfRange},
			{Path: "/lifecycle/step_down", Name: "", Err: policy.ErrOutOfRange},
			{Path: "/lifecycle/max_override", Name: "", Err: policy.ErrOutOfRange},
		}},
		{"everything at once", func(s *tier.LadderSpec) {
			s.Lifecycle.Keep.Retain = decimal.NewFromInt(2)
			s.Rungs[1].Keep.Grace = -1
			s.Lifecycle.StepDown = -2
		}, []want{
			{Path: "/lifecycle/keep/retain", Name: "", Err: policy.ErrOutOfRange},
			{Path: "/rungs/1/keep/grace", Name: "gold", Err: policy.ErrOutOfRange},
			{Path: "/lifecycle/step_down", Name: "", Err: policy.ErrOutOfRange},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tier.Reference()
			tt.edit(&spec)
			l, err := spec.Compile(nil)
			assert.Nil(t, l)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}

	t.Run("limits are valid", func(t *testing.T) {
		spec := tier.Reference()
		spec.Lifecycle = tier.Lifecycle{Keep: tier.Keep{Retain: decimal.NewFromInt(1)}}
		spec.Rungs[1].Keep = tier.Keep{Grace: 0, Retain: testkit.Dec("0.000001")}
		_, err := spec.Compile(nil)
		assert.NoError(t, err, "zero grace means the default; a retention band of 1 or just above 0 is valid")
	})
}

// A tier the ladder lacks, by name or by rank, counts as no tier in the
// lifecycle and is refused by CheckState and Apply.
func TestLifecycleUnknownTier(t *testing.T) {
	ladder := compile(t, tier.Reference())
	obs := observations(t, ladder, "100000")
	tests := []struct {
		name    string
		unknown tier.Tier
		path    string
		choices []string
		text    string
	}{
		{"a name not on the ladder", tier.Tier{Name: "titanium", Rank: 60}, "/state/tier", ladder.Classes(),
			`vipcare: /state/tier: unknown (want one of: mass, gold, platinum, diamond, private banking)`},
		{"a name in the wrong case", tier.Tier{Name: "Gold", Rank: 20}, "/state/tier", ladder.Classes(), ""},
		{"the ladder's name, another rank", tier.Tier{Name: "gold", Rank: 987654}, "/state/tier/rank", nil,
			`vipcare: /state/tier/rank: "gold": unknown: not the ladder's rank, which for gold is 20`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tier.State{Tier: tt.unknown, Below: 2}
			step := ladder.Step(s, obs[0])
			assert.Equal(t, tier.CodeEntered, step.Code, "a tier the ladder lacks counts as none")
			assert.Equal(t, "gold", step.After.Tier.Name)
			assert.Equal(t, s, step.Before, "the step shows the state it was given")
			for name, err := range map[string]error{
				"CheckState": ladder.CheckState(s),
				"Apply":      second(ladder.Apply(s, nil, testkit.Day(2026, 1, 1))),
			} {
				want := testkit.Want{Path: tt.path, Err: policy.ErrUnknown}
				if strings.HasSuffix(tt.path, "/rank") {
					want.Name = tt.unknown.Name // the ladder's own name: policy, not client data
				}
				testkit.CheckProblems(t, err, want)
				if want.Name == "" {
					assert.NotContains(t, err.Error(), `"`+tt.unknown.Name+`"`, "a stored value is not quoted")
				}
				assert.NotContains(t, err.Error(), strconv.Itoa(tt.unknown.Rank), "a stored rank is not quoted")
				assert.Equal(t, tt.choices, testkit.Problems(t, err)[0].Choices, name)
				if tt.text != "" {
					assert.Equal(t, tt.text, err.Error(), name)
				}
			}
		})
	}
	// A bad state and a malformed override: every problem at once.
	noApprover := tier.Override{Tier: refTier("gold"), Code: "c", Requester: "RM-1",
		From: testkit.Day(2026, 1, 1), Until: testkit.Day(2026, 7, 1)}
	_, err := ladder.Apply(tier.State{Tier: tier.Tier{Name: "titanium", Rank: 60}}, []tier.Override{noApprover}, testkit.Day(2026, 3, 1))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/state/tier", Err: policy.ErrUnknown},
		testkit.Want{Path: "/overrides/0/approver", Name: "c", Err: policy.ErrMissing})

	for _, s := range []tier.State{{}, {Below: 3}, {Tier: refTier("gold")}, {Tier: refTier("private banking"), Below: -1}} {
		assert.NoError(t, ladder.CheckState(s), "%v", s)
		assert.Zero(t, testing.AllocsPerRun(10, func() { _ = ladder.CheckState(s) }))
	}
}

// second returns the error of a call that returns a value and an error.
func second[T any](_ T, err error) error { return err }

func TestPeriods(t *testing.T) {
	shanghai := testkit.CST
	tests := []struct {
		name   string
		p      tier.Period
		str    string
		days   int
		next   string
		prev   tier.Period
		inside time.Time
		out    time.Time
	}{
		{"January", tier.MonthOf(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)), "2026-01", 31, "2026-02",
			tier.MonthOf(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)),
			time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"February of a leap year", tier.MonthOf(time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)), "2028-02", 29, "2028-03",
			tier.MonthOf(time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)),
			time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"February", tier.MonthOf(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)), "2026-02", 28, "2026-03",
			tier.MonthOf(time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)),
			time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"April", tier.MonthOf(time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)), "2026-04", 30, "2026-05",
			tier.MonthOf(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)),
			time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"a quarter across the year end", tier.QuarterOf(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)), "2026-Q4", 92, "2027-Q1",
			tier.QuarterOf(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)),
			time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"first quarter of a leap year", tier.QuarterOf(time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC)), "2028-Q1", 91, "2028-Q2",
			tier.QuarterOf(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)),
			time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"in the caller's location", tier.MonthOf(time.Date(2026, 3, 1, 0, 30, 0, 0, shanghai)), "2026-03", 31, "2026-04",
			tier.MonthOf(time.Date(2026, 2, 28, 23, 0, 0, 0, shanghai)),
			time.Date(2026, 2, 28, 16, 30, 0, 0, time.UTC), time.Date(2026, 2, 28, 15, 59, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.p.Last().Location()
			assert.Equal(t, tt.str, tt.p.String())
			assert.Equal(t, tt.next, tt.p.Next().String())
			assert.Equal(t, tt.p, tt.prev.Next(), "the period before is one Next away")
			assert.NotEqual(t, tt.p, periodOf(tt.p, tt.out.In(loc)), "outside")
			assert.Equal(t, tt.p, periodOf(tt.p, tt.inside.In(loc)), "inside")
			last := tt.p.Last()
			assert.Equal(t, tt.p, periodOf(tt.p, last), "the last day is in the period")
			assert.Equal(t, tt.p.Next(), periodOf(tt.p, last.AddDate(0, 0, 1)), "the day after is in the next")
			assert.Zero(t, last.Hour()+last.Minute(), "the first instant of the day")
			// The number of days is what an average over the whole period
			// divides by: one record of days x 1000 on its last day averages
			// 1000.
			kind := tier.Month
			if strings.Contains(tt.str, "Q") {
				kind = tier.Quarter
			}
			p := vipcare.Profile{ID: "C", DailyBalances: []vipcare.DailyBalance{
				{Date: last, Balance: testkit.CNY(decimal.NewFromInt(int64(tt.days * 1000)).String())}}}
			f := testkit.Figures(t, &p, vipcare.Valuation{AsOf: last, Currency: vipcare.CNY})
			avg, err := tier.ADB(kind).Measure(f)
			require.NoError(t, err)
			assert.Equal(t, "1000", avg.String(), "%d days", tt.days)
		})
	}
	n, p := 0, firstMonth
	for ; n < 24; n++ {
		p = p.Next()
	}
	assert.Equal(t, "2028-01", p.String(), "24 months on")
}

// periodOf returns the period of the same kind as like containing t.
func periodOf(like tier.Period, t time.Time) tier.Period {
	if strings.Contains(like.String(), "Q") {
		return tier.QuarterOf(t)
	}
	return tier.MonthOf(t)
}

func TestLifecycleStateFromStorage(t *testing.T) {
	ladder := compile(t, tier.Reference())
	platinum := tier.State{Tier: refTier("platinum")}
	b, err := json.Marshal(platinum)
	require.NoError(t, err)
	assert.JSONEq(t, `{"tier":{"name":"platinum","rank":30}}`, string(b))
	var reloaded tier.State
	require.NoError(t, json.Unmarshal(b, &reloaded))
	built := tier.State{Tier: tier.Tier{Name: "platinum", Rank: 30}}
	obs := observations(t, ladder, "100000")
	for name, s := range map[string]tier.State{"stored": platinum, "reloaded": reloaded, "built": built} {
		step := ladder.Step(s, obs[0])
		assert.Equal(t, tier.CodeWatched, step.Code, "%s: a stored platinum client goes on watch, not straight down", name)
		assert.Equal(t, "platinum", step.After.Tier.Name, name)
		assert.Equal(t, 1, step.After.Below, name)
	}
	watched := tier.State{Tier: refTier("platinum"), Below: 2}
	b, err = json.Marshal(watched)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &reloaded))
	assert.Equal(t, watched, reloaded, "the watch survives storage")
	assert.Equal(t, tier.CodeDowngraded, ladder.Step(reloaded, obs[0]).Code, "the third period below")
}

func TestTimelineJSONRoundTrip(t *testing.T) {
	ladder := compile(t, tier.Reference())
	tl := ladder.Replay(tier.State{}, observations(t, ladder, "60000", "600000", "100000", "100000", "100000"))
	b, err := json.Marshal(tl)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"period":"2026-02"`)
	assert.Contains(t, string(b), `"code":"upgraded"`)
	assert.Contains(t, string(b), `"threshold":"500000"`)
	assert.NotContains(t, string(b), "600000", "the client's measure is not stored")
	var back tier.Timeline
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, tl.String(), back.String())
	assert.Equal(t, final(tl), final(back))

	tests := []struct {
		text string
		want string // "" for an error
	}{
		{"2026-13", ""},
		{"2026-00", ""},
		{"2026-Q5", ""},
		{"2026-Q0", ""},
		{"26-01", ""},
		{"2026/01", ""},
		{"+026-01", ""},
		{"-026-01", ""},
		{"2026-+1", ""},
		{"2026-1 ", ""},
		{" 026-01", ""},
		{"2026-q1", ""},
		{"0000-01", "0000-01"},
		{"0001-Q2", "0001-Q2"},
		{"0987-11", "0987-11"},
		{"9999-12", "9999-12"},
		{"2026-Q3", "2026-Q3"},
		{"2026-02", "2026-02"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var p tier.Period
			err := p.UnmarshalText([]byte(tt.text))
			if tt.want == "" {
				testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrMalformed})
				assert.NotContains(t, err.Error(), tt.text, "the stored text is not quoted")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.String())
			b, err := p.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(b), "the text read back is written the same")
		})
	}
	for _, year := range []int{-1, 10000, -12000} {
		p := tier.MonthOf(time.Date(year, 3, 1, 0, 0, 0, 0, time.UTC))
		_, err := p.MarshalText()
		testkit.CheckProblems(t, err, testkit.Want{Name: p.String(), Err: policy.ErrOutOfRange})
		_, err = json.Marshal(p)
		assert.ErrorIs(t, err, policy.ErrOutOfRange, "a year with no text of four digits")
	}
	var p tier.Period
	require.NoError(t, p.UnmarshalText([]byte("2026-Q3")))
	assert.Equal(t, "2026-Q4", p.Next().String())
	assert.Equal(t, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), p.Last(), "a period read back is in UTC")
	require.NoError(t, p.UnmarshalText(nil))
	assert.Equal(t, tier.Period{}, p, "empty text is the zero Period")
	b, err = p.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
}

func TestNewClientEntersUnderNoUpgrade(t *testing.T) {
	ladder := compile(t, tier.Reference())
	o := observations(t, ladder, "600000")[0]
	o.Limit = tier.Limit{NoUpgrade: true, Code: "risk_assessment_expired"}
	step := ladder.Step(tier.State{}, o)
	assert.Equal(t, tier.CodeEntered, step.Code, "no upgrade keeps a tier, it does not deny one")
	assert.Equal(t, "platinum", step.After.Tier.Name)

	o.Limit = tier.Limit{Unassign: true, Code: "dormant"}
	step = ladder.Step(tier.State{}, o)
	assert.Equal(t, tier.CodeHeld, step.Code)
	assert.True(t, step.After.Tier.IsZero())
}

func TestStepSaysWhenTheConditionFailed(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[3].When = policy.Field("entrepreneur").EQ(true)
	spec.Lifecycle = tier.Lifecycle{Keep: tier.Keep{Grace: 2}}
	ladder := compile(t, spec)
	tl := ladder.Replay(tier.State{Tier: refTier("diamond")}, observations(t, ladder, "3000000", "3000000"))
	assert.Equal(t, "2026-01: diamond on watch, 1 of 2 periods below: AUM at the bank met the threshold but diamond's extra condition failed",
		tl.Steps[0].String())
	assert.True(t, tl.Steps[0].ConditionFailed)
	assert.Equal(t, "2026-02: diamond → platinum, downgraded after 2 periods failing diamond's extra condition; from 2026-03",
		tl.Steps[1].String())
	assert.Equal(t, "no step", tier.Step{}.String(), "a decision outside the lifecycle")
}

// ObservePeriods is Observe as of each period's last day, on one set of
// figures it does not change.
func TestObservePeriods(t *testing.T) {
	spec := tier.Reference()
	spec.Measure = "adb_month"
	ladder := compile(t, spec)
	p := replayClient()
	f := testkit.Figures(t, &p, testkit.Valuation(testkit.Day(2026, 12, 31)))
	fBefore := *f
	periods := months(tier.MonthOf(testkit.Day(2025, 1, 1)), 24)
	obs, err := ladder.ObservePeriods([]tier.Observation{{}}, f, periods)
	require.NoError(t, err)
	require.Len(t, obs, 1+len(periods), "appended to dst")
	for i, per := range periods {
		want, err := ladder.Observe(testkit.Figures(t, &p, testkit.Valuation(per.Last())), per)
		require.NoError(t, err)
		assert.Equal(t, want, obs[1+i], per.String())
	}
	assert.Equal(t, fBefore, *f, "figures unchanged")
	assert.LessOrEqual(t, testing.AllocsPerRun(10, func() { obs, _ = ladder.ObservePeriods(obs[:0], f, periods) }),
		1.0, "with room in dst, one copy of the figures at most, nothing per period")

	p.DailyBalances[400].Balance = testkit.Money("1", "EUR") // 5 February 2026, no rate
	before := testkit.Clone(p)
	obs, err = ladder.ObservePeriods(nil, f, periods)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/daily_balances/400/balance", Err: vipcare.ErrNoRate})
	assert.Len(t, obs, 13, "the observations up to January 2026")
	assert.Equal(t, before, p, "profile unchanged")

	// The zero Period, as decoded from "", is no period: an error, never
	// a panic on its missing location.
	assert.True(t, tier.Period{}.Last().IsZero())
	obs, err = ladder.ObservePeriods(nil, f, []tier.Period{periods[0], {}})
	testkit.CheckProblems(t, err, testkit.Want{Path: "/periods/1", Err: policy.ErrMissing})
	assert.Len(t, obs, 1)
	gold, mass := tier.Tier{Name: "gold", Rank: 1}, tier.Tier{Name: "mass", Rank: 0}
	tl := tier.Timeline{Start: tier.State{Tier: gold}, Steps: []tier.Step{{After: tier.State{Tier: mass}}}}
	assert.Equal(t, gold, tl.TierOn(testkit.Day(2026, 1, 1)), "a step with no period is passed over")
}

// TestLifecycleStoredCountsNeverWrap steps clients whose stored state has
// been below its tier for the most periods an int counts, or a negative
// number (a malformed state, counted as 0): the count never wraps around
// into a fresh watch.
func TestLifecycleStoredCountsNeverWrap(t *testing.T) {
	ladder := compile(t, tier.Reference())
	below := observations(t, ladder, "400000")[0] // platinum's grace is 3 periods
	tests := []struct {
		name  string
		below int
		want  tier.State
		code  vipcare.Code
	}{
		{"the most periods an int counts", math.MaxInt, tier.State{Tier: refTier("gold")}, tier.CodeDowngraded},
		{"one period short of the grace", 1, tier.State{Tier: refTier("platinum"), Below: 2}, tier.CodeWatched},
		{"a negative count counts as none", -5, tier.State{Tier: refTier("platinum"), Below: 1}, tier.CodeWatched},
		{"the most negative count", math.MinInt, tier.State{Tier: refTier("platinum"), Below: 1}, tier.CodeWatched},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tier.State{Tier: refTier("platinum"), Below: tt.below}
			step := ladder.Step(s, below)
			assert.Equal(t, tt.want, step.After)
			assert.Equal(t, tt.code, step.Code)
			assert.Equal(t, step, ladder.Step(s, below), "same answer twice")
		})
	}
}
