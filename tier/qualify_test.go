package tier_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// qualifiedClient holds 600,000 CNY steadily through June 2026, is active,
// assessed recently and has no expired KYC.
func qualifiedClient() vipcare.Profile {
	p := client("C", "600000")
	p.Risk, p.RiskAssessed = vipcare.C3, date(2026, 1, 10)
	p.LastActive = date(2026, 6, 20)
	for d := date(2026, 6, 1); d.Month() == time.June; d = d.AddDate(0, 0, 1) {
		p.Balances.Daily = append(p.Balances.Daily, vipcare.DailyBalance{Date: d,
			Balance: vipcare.MustMoney("600000", vipcare.CNY)})
	}
	return p
}

func TestQualificationRules(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	q, err := tier.NewQualifier(tier.ReferenceQualification(), ladder)
	require.NoError(t, err)
	asOf := date(2026, 6, 30)
	tests := []struct {
		name    string
		edit    func(*vipcare.Profile)
		outcome tier.Outcome
		flags   []string
	}{
		{"qualified", func(*vipcare.Profile) {}, tier.Qualified, nil},
		{"balance spike: a one-off deposit three times the month's average", func(p *vipcare.Profile) {
			p.Holdings[0].Amount = vipcare.MustMoney("1800000", vipcare.CNY)
		}, tier.Watch, []string{"balance_spike"}},
		{"just below a spike", func(p *vipcare.Profile) {
			p.Holdings[0].Amount = vipcare.MustMoney("1799999.99", vipcare.CNY)
		}, tier.Qualified, nil},
		{"dormant for 12 months", func(p *vipcare.Profile) { p.LastActive = date(2025, 6, 30) },
			tier.Disqualified, []string{"dormant"}},
		{"dormant for 11 months", func(p *vipcare.Profile) { p.LastActive = date(2025, 7, 1) },
			tier.Qualified, nil},
		{"activity unknown is not dormancy", func(p *vipcare.Profile) { p.LastActive = time.Time{} },
			tier.Qualified, nil},
		{"risk assessment 12 months old", func(p *vipcare.Profile) { p.RiskAssessed = date(2025, 6, 30) },
			tier.Watch, []string{"risk_assessment_expired"}},
		{"never assessed", func(p *vipcare.Profile) { p.Risk = 0 },
			tier.Watch, []string{"risk_assessment_expired"}},
		{"KYC expired", func(p *vipcare.Profile) {
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: date(2026, 6, 30)})
		}, tier.Watch, []string{"kyc_expired"}},
		{"KYC expiring later", func(p *vipcare.Profile) {
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: date(2026, 7, 1)})
		}, tier.Qualified, nil},
		{"several flags, worst outcome wins", func(p *vipcare.Profile) {
			p.LastActive = date(2024, 1, 1)
			p.Risk = 0
		}, tier.Disqualified, []string{"dormant", "risk_assessment_expired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := qualifiedClient()
			tt.edit(&p)
			before := p.Disclose()
			f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
			require.NoError(t, err)
			r, err := q.Qualify(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.outcome, r.Outcome, r.String())
			var codes []string
			for _, fl := range r.Flags() {
				codes = append(codes, fl.Code)
			}
			assert.Equal(t, tt.flags, codes)
			for _, c := range tt.flags {
				assert.True(t, r.IsFlagged(c))
			}
			again, _ := q.Qualify(&f)
			assert.Equal(t, r, again, "same answer twice")
			assert.Equal(t, before, p.Disclose(), "profile unchanged")
			e := q.Explain(&f, policy.ExplainOptions{})
			assert.Len(t, e.Decided, len(tt.flags))
		})
	}
}

func TestQualificationLimitsTheLifecycle(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	q := mustQualifier(t, tier.ReferenceQualification(), ladder)
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	p := qualifiedClient()
	p.Holdings[0].Amount = vipcare.MustMoney("2500000", vipcare.CNY) // a spike to diamond
	f, err := vipcare.Valuation{AsOf: date(2026, 6, 30), Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	o, err := lc.Observe(&f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	qual, err := q.Qualify(&f)
	require.NoError(t, err)
	o.Limit = q.Limit(qual)
	assert.True(t, o.Limit.NoUpgrade)
	assert.Equal(t, "balance_spike", o.Limit.Reason)

	platinum, _ := lc.Start(tierByName(ladder, "platinum"))
	step := lc.Step(platinum, o)
	assert.Equal(t, "platinum", step.After.Tier.Name, "a spike does not upgrade")
	assert.Equal(t, tier.Held, step.Reason)
	assert.Contains(t, step.String(), "held back from diamond: balance_spike")

	p = qualifiedClient()
	p.LastActive = date(2024, 1, 1)
	f, _ = vipcare.Valuation{AsOf: date(2026, 6, 30), Currency: vipcare.CNY}.Figures(&p)
	o, _ = lc.Observe(&f, tier.MonthOf(f.AsOf))
	qual, _ = q.Qualify(&f)
	o.Limit = q.Limit(qual)
	step = lc.Step(platinum, o)
	assert.Equal(t, "mass", step.After.Tier.Name, "a dormant VIP is capped at once")
	assert.Equal(t, tier.Capped, step.Reason)
	assert.Contains(t, step.String(), "capped: dormant")
}

func mustQualifier(t *testing.T, spec tier.QualificationSpec, l *tier.Ladder) *tier.Qualifier {
	t.Helper()
	q, err := tier.NewQualifier(spec, l)
	require.NoError(t, err)
	return q
}

func TestNewQualifierErrors(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	spec := tier.ReferenceQualification()
	spec.Rules[0].When = policy.Field("spike_ratoi").GE("3")
	spec.Rules[1].Then.Outcome = 9
	spec.Rules[2].Name = spec.Rules[3].Name
	spec.OnDisqualified.Cap = tier.Tier{Name: "titanium", Rank: 5}
	_, err := tier.NewQualifier(spec, ladder)
	require.Error(t, err)
	assert.ErrorIs(t, err, policy.ErrUnknownField)
	assert.ErrorIs(t, err, tier.ErrOutcome)
	assert.ErrorIs(t, err, policy.ErrDuplicate)
	assert.ErrorIs(t, err, tier.ErrUnknownTier)
	assert.Len(t, strings.Split(err.Error(), "\n"), 4, "%v", err)
}

func TestQualifyDoesNotAllocate(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	q := mustQualifier(t, tier.ReferenceQualification(), ladder)
	p := qualifiedClient()
	f, err := vipcare.Valuation{AsOf: date(2026, 6, 30), Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		r, _ := q.Qualify(&f)
		_ = q.Limit(r)
	}))
}

func TestQualifyReportsAFailingAverage(t *testing.T) {
	q := tier.MustQualifier(tier.ReferenceQualification(), tier.MustLadder(tier.ReferenceLadder()))
	p := qualifiedClient()
	p.Balances.Daily[3].Balance = vipcare.MustMoney("100", vipcare.USD) // no rate for USD
	f, err := vipcare.Valuation{AsOf: date(2026, 6, 30), Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	_, err = q.Qualify(&f)
	assert.ErrorIs(t, err, vipcare.ErrNoRate, "not read as 'no spike'")

	p = qualifiedClient()
	p.Balances.Daily = nil
	f, _ = vipcare.Valuation{AsOf: date(2026, 6, 30), Currency: vipcare.CNY}.Figures(&p)
	r, err := q.Qualify(&f)
	require.NoError(t, err, "no history is no spike, not an error")
	assert.Equal(t, tier.Qualified, r.Outcome)
}
