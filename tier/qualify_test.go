package tier_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// qualifyAsOf is the as-of date of the qualification tests.
var qualifyAsOf = testkit.Day(2026, 6, 30)

// qualifiedClient holds 600,000 CNY steadily through June 2026, is active,
// assessed recently and has no expired KYC.
func qualifiedClient() vipcare.Profile {
	p := client("C", "600000")
	p.Risk, p.RiskAssessed = vipcare.C3, testkit.Day(2026, 1, 10)
	p.LastActive = testkit.Day(2026, 6, 20)
	for d := testkit.Day(2026, 6, 1); d.Month() == time.June; d = d.AddDate(0, 0, 1) {
		p.DailyBalances = append(p.DailyBalances, vipcare.DailyBalance{Date: d, Balance: testkit.CNY("600000")})
	}
	return p
}

// The flags of the reference qualification.
var (
	spike   = tier.Flag{Code: "balance_spike", Outcome: tier.Watch}
	dormant = tier.Flag{Code: "dormant", Outcome: tier.Disqualified}
	risk    = tier.Flag{Code: "risk_assessment_expired", Outcome: tier.Watch}
	kyc     = tier.Flag{Code: "kyc_expired", Outcome: tier.Watch}
)

// The field values behind the dormancy, risk assessment and KYC cases are
// tested in the root package (env_test.go); here, which rules they make
// flag and which outcome follows.
func TestQualificationRules(t *testing.T) {
	ladder := compile(t, tier.Reference())
	day := testkit.Day
	tests := []struct {
		name    string
		edit    func(*vipcare.Profile)
		outcome tier.Outcome
		flags   []tier.Flag
	}{
		{"qualified", func(*vipcare.Profile) {}, tier.Qualified, nil},
		{"balance spike: a one-off deposit three times the month's average", func(p *vipcare.Profile) {
			p.Holdings[0].Amount = testkit.CNY("1800000")
		}, tier.Watch, []tier.Flag{spike}},
		{"just below a spike", func(p *vipcare.Profile) {
			p.Holdings[0].Amount = testkit.CNY("1799999.99")
		}, tier.Qualified, nil},
		{"dormant for 12 months", func(p *vipcare.Profile) { p.LastActive = day(2025, 6, 30) },
			tier.Disqualified, []tier.Flag{dormant}},
		{"dormant for 11 months", func(p *vipcare.Profile) { p.LastActive = day(2025, 7, 1) },
			tier.Qualified, nil},
		{"activity unknown is not dormancy", func(p *vipcare.Profile) { p.LastActive = time.Time{} },
			tier.Qualified, nil},
		{"risk assessment 12 months old", func(p *vipcare.Profile) { p.RiskAssessed = day(2025, 6, 30) },
			tier.Watch, []tier.Flag{risk}},
		{"risk assessment 11 months old", func(p *vipcare.Profile) { p.RiskAssessed = day(2025, 7, 1) },
			tier.Qualified, nil},
		{"never assessed", func(p *vipcare.Profile) { p.Risk = "" },
			tier.Watch, []tier.Flag{risk}},
		{"KYC expired", func(p *vipcare.Profile) {
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: day(2026, 6, 30)})
		}, tier.Watch, []tier.Flag{kyc}},
		{"KYC expiring later", func(p *vipcare.Profile) {
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: day(2026, 7, 1)})
		}, tier.Qualified, nil},
		{"several flags, worst outcome wins", func(p *vipcare.Profile) {
			p.LastActive = day(2024, 1, 1)
			p.Risk = ""
		}, tier.Disqualified, []tier.Flag{dormant, risk}},
		{"several watch flags, in rule order", func(p *vipcare.Profile) {
			p.Holdings[0].Amount = testkit.CNY("1800000")
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: day(2026, 1, 1)})
		}, tier.Watch, []tier.Flag{spike, kyc}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := qualifiedClient()
			tt.edit(&p)
			before := testkit.Clone(p)
			f := testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
			r, err := ladder.Qualify(f)
			require.NoError(t, err)
			assert.Equal(t, tt.outcome, r.Outcome, r.String())
			assert.Equal(t, tt.flags, r.Flags(), "the rules that flagged, in rule order, with their outcomes")
			again, err := ladder.Qualify(f)
			require.NoError(t, err)
			assert.Equal(t, r, again, "same answer twice")
			assert.Equal(t, before, p, "profile unchanged")
			e := ladder.ExplainQualification(f, policy.ExplainOptions{})
			assert.Equal(t, policy.Collect, e.HitPolicy)
			assert.Len(t, e.Decided, len(tt.flags), "the explanation decides on the rules that flagged")
			for k, i := range e.Decided {
				assert.Equal(t, string(tt.flags[k].Code), e.Rows[i].Text, "rules are named after their codes")
			}
		})
	}
}

func TestQualificationString(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := qualifiedClient()
	p.Holdings[0].Amount = testkit.CNY("1800000")
	p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: testkit.Day(2026, 1, 1)})
	r, err := ladder.Qualify(testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf)))
	require.NoError(t, err)
	assert.Equal(t, "watch: balance_spike, kyc_expired", r.String())
	p = qualifiedClient()
	r, err = ladder.Qualify(testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf)))
	require.NoError(t, err)
	assert.Equal(t, "qualified", r.String())
	assert.Nil(t, r.Flags())
	assert.Equal(t, tier.Limit{}, r.Limit, "qualified limits nothing")
}

func TestQualificationLimitsTheLifecycle(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := qualifiedClient()
	p.Holdings[0].Amount = testkit.CNY("2500000") // a spike to diamond
	f := testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
	o, err := ladder.Observe(f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	qual, err := ladder.Qualify(f)
	require.NoError(t, err)
	o.Limit = qual.Limit
	assert.Equal(t, tier.Limit{NoUpgrade: true, Code: "balance_spike"}, o.Limit)

	platinum := tier.State{Tier: refTier("platinum")}
	step := ladder.Step(platinum, o)
	assert.Equal(t, "platinum", step.After.Tier.Name, "a spike does not upgrade")
	assert.Equal(t, tier.CodeHeld, step.Code)
	assert.Contains(t, step.String(), "held back from diamond: balance_spike")

	p = qualifiedClient()
	p.LastActive = testkit.Day(2024, 1, 1)
	f = testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
	o, err = ladder.Observe(f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	qual, err = ladder.Qualify(f)
	require.NoError(t, err)
	o.Limit = qual.Limit
	assert.Equal(t, tier.Limit{Cap: refCap("mass"), Code: "dormant"}, o.Limit)
	step = ladder.Step(platinum, o)
	assert.Equal(t, "mass", step.After.Tier.Name, "a dormant VIP is capped at once")
	assert.Equal(t, tier.CodeCapped, step.Code)
	assert.Contains(t, step.String(), "capped: dormant")
}

// The bank chooses what each outcome does to the tier.
func TestQualificationLimitsAreTheBanks(t *testing.T) {
	spec := tier.Reference()
	spec.Qualification.OnWatch = tier.Limit{Cap: refCap("gold")}
	spec.Qualification.OnDisqualified = tier.Limit{Unassign: true}
	ladder := compile(t, spec)
	tests := []struct {
		name  string
		edit  func(*vipcare.Profile)
		limit tier.Limit
		after string
		code  vipcare.Code
	}{
		{"watch caps at gold", func(p *vipcare.Profile) { p.Risk = "" },
			tier.Limit{Cap: refCap("gold"), Code: "risk_assessment_expired"}, "gold", tier.CodeCapped},
		{"disqualified removes the tier", func(p *vipcare.Profile) { p.LastActive = testkit.Day(2024, 1, 1) },
			tier.Limit{Unassign: true, Code: "dormant"}, "unassigned", tier.CodeCapped},
		{"qualified keeps the tier", func(*vipcare.Profile) {}, tier.Limit{}, "platinum", tier.CodeKept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := qualifiedClient()
			tt.edit(&p)
			f := testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
			q, err := ladder.Qualify(f)
			require.NoError(t, err)
			o, err := ladder.Observe(f, tier.MonthOf(f.AsOf))
			require.NoError(t, err)
			o.Limit = q.Limit
			assert.Equal(t, tt.limit, o.Limit)
			step := ladder.Step(tier.State{Tier: refTier("platinum")}, o)
			assert.Equal(t, tt.after, step.After.Tier.String())
			assert.Equal(t, tt.code, step.Code)
		})
	}
}

func TestCompileQualificationErrors(t *testing.T) {
	type want = testkit.Want
	spec := tier.Reference()
	spec.Qualification.Rules[0].When = policy.Field("spike_ratoi").GE("3")
	spec.Qualification.Rules[1].Then.Outcome = "nine"
	spec.Qualification.Rules[2].Name = spec.Qualification.Rules[3].Name
	spec.Qualification.OnDisqualified.Cap = tier.Ref{Name: "titanium", Rank: 5}
	_, err := spec.Compile(nil)
	testkit.CheckProblems(t, err,
		want{Path: "/qualification/rules/1/then/outcome", Name: "nine", Err: policy.ErrUnknown},
		want{Path: "/qualification/on_disqualified/cap", Name: "titanium", Err: policy.ErrUnknown},
		want{Path: "/qualification/rules/0/when/field", Name: "spike_ratoi", Err: policy.ErrUnknown},
		want{Path: "/qualification/rules/3/name", Name: "kyc_expired", Err: policy.ErrDuplicate},
	)
	ps := testkit.Problems(t, err)
	assert.Equal(t, []string{"qualified", "watch", "disqualified"}, ps[0].Choices)
	assert.Equal(t, []string{"mass", "gold", "platinum", "diamond", "private banking"}, ps[1].Choices)

	spec = tier.Reference()
	for len(spec.Qualification.Rules) <= 64 {
		spec.Qualification.Rules = append(spec.Qualification.Rules, policy.Row[tier.Flag]{
			Name: fmt.Sprint("r", len(spec.Qualification.Rules)),
			When: policy.Field("aum").GE(1), Then: tier.Flag{Code: "x", Outcome: tier.Watch}})
	}
	_, err = spec.Compile(nil)
	assert.ErrorIs(t, err, policy.ErrTooMany)
	assert.Equal(t, "/qualification/rules", testkit.Problems(t, err)[0].Path)
}

func TestQualifyDoesNotAllocate(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := qualifiedClient()
	p.LastActive = testkit.Day(2024, 1, 1)
	f := testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		r, _ := ladder.Qualify(f)
		_ = r.Limit
	}))
}

func TestQualifyReportsAFailingAverage(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := qualifiedClient()
	p.DailyBalances[3].Balance = testkit.USD("100") // no rate for USD
	f := testkit.Figures(t, &p, vipcare.Valuation{AsOf: qualifyAsOf, Currency: vipcare.CNY})
	_, err := ladder.Qualify(f)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/daily_balances/3/balance", Err: vipcare.ErrNoRate})

	p = qualifiedClient()
	p.DailyBalances = nil
	f = testkit.Figures(t, &p, testkit.Valuation(qualifyAsOf))
	r, err := ladder.Qualify(f)
	require.NoError(t, err, "no history is no spike, not an error")
	assert.Equal(t, tier.Qualified, r.Outcome)
}

// A ladder without qualification rules qualifies everyone.
func TestNoQualification(t *testing.T) {
	ladder := compile(t, plain())
	p := qualifiedClient()
	p.LastActive = testkit.Day(2024, 1, 1)
	p.DailyBalances = nil
	f := testkit.Figures(t, &p, vipcare.Valuation{AsOf: qualifyAsOf, Currency: vipcare.CNY})
	r, err := ladder.Qualify(f)
	require.NoError(t, err)
	assert.Equal(t, tier.Qualified, r.Outcome)
	assert.Empty(t, r.Flags())
	assert.Equal(t, tier.Limit{}, r.Limit)
	e := ladder.ExplainQualification(f, policy.ExplainOptions{})
	assert.Equal(t, policy.TableExplanation{HitPolicy: policy.Collect}, e)
}

// TestQualificationChecksWithoutRules checks that a spec's average measure
// and caps are checked even when it has no rules, where they are.
func TestQualificationChecksWithoutRules(t *testing.T) {
	spec := tier.Reference()
	spec.Qualification = tier.QualificationSpec{Average: "best_monthly_adb_0",
		OnDisqualified: tier.Limit{Cap: tier.Ref{Name: "bronze", Rank: 5}}}
	_, err := spec.Compile(nil)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/qualification/average", Name: "best_monthly_adb_0", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/qualification/on_disqualified/cap", Name: "bronze", Err: policy.ErrUnknown})
}
