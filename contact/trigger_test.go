package contact_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/tier"
)

// The helpers of the trigger tests start with "tg" so that they cannot
// collide with the helpers of other test files of the package.

// tgCST is China Standard Time as a fixed zone, so that the tests need no
// time zone database.
var tgCST = time.FixedZone("CST", 8*3600)

// tgAsOf is the as-of date of the tests: late in the day, so that a
// calendar date and an instant 24 hours earlier differ.
var tgAsOf = time.Date(2026, time.June, 30, 18, 0, 0, 0, tgCST)

// tgDay returns a calendar date at midnight in tgCST.
func tgDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, tgCST) }

// tgIn returns the date n days after the as-of date (before it if n < 0).
func tgIn(n int) time.Time { return tgDay(2026, time.June, 30+n) }

// tgAmount is a client amount that must never show in a reason.
var tgAmount = vipcare.MustMoney("8765432.10", vipcare.CNY)

// tgEvent is an event of kind k on d, with an amount.
func tgEvent(k vipcare.EventKind, d time.Time) vipcare.Event {
	return vipcare.Event{Kind: k, Date: d, Amount: tgAmount}
}

// tgClient is a client who prefers the phone, with the given events.
func tgClient(events ...vipcare.Event) vipcare.Profile {
	return vipcare.Profile{
		ID:       "T-0001",
		Holdings: []vipcare.Holding{{ID: "H1", Class: vipcare.Deposits, Amount: tgAmount}},
		Contact:  vipcare.Preferences{Preferred: vipcare.ChannelPhone},
		Events:   events,
	}
}

// tgAll is a client on whom every trigger fires as of tgAsOf (with tgStep).
func tgAll() vipcare.Profile {
	p := tgClient(
		tgEvent(vipcare.EventMaturity, tgIn(10)),
		tgEvent(vipcare.EventLargeOutflow, tgIn(-1)),
		tgEvent(vipcare.EventLargeInflow, tgIn(-2)),
		tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(20)),
		tgEvent(vipcare.EventKYCExpiry, tgIn(5)),
		tgEvent(vipcare.EventBirthday, tgIn(3)),
	)
	return p
}

// tgStep is a lifecycle step of month m of 2026 from tier a to tier b.
func tgStep(m time.Month, a, b string, r tier.Reason) *tier.Step {
	tr := func(name string) tier.Tier {
		if name == "" {
			return tier.Tier{}
		}
		return tier.Tier{Name: name, Rank: len(name)}
	}
	return &tier.Step{Period: tier.MonthOf(tgDay(2026, m, 1)), Before: tier.State{Tier: tr(a)},
		After: tier.State{Tier: tr(b)}, Reason: r}
}

// tgClone returns a deep copy of p's parts that triggers read.
func tgClone(p vipcare.Profile) vipcare.Profile {
	p.Holdings = slices.Clone(p.Holdings)
	p.Events = slices.Clone(p.Events)
	p.Contact.Channels = slices.Clone(p.Contact.Channels)
	return p
}

// tgRun runs tr on p as of asOf, checking that the answer is the same twice
// and that neither the profile nor its figures changed.
func tgRun(t *testing.T, tr *contact.Triggers, p *vipcare.Profile, asOf time.Time, in contact.TriggerInput) ([]contact.Task, []contact.Suppressed) {
	t.Helper()
	before := tgClone(*p)
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(p)
	require.NoError(t, err)
	fBefore := f
	tasks, supp := tr.Tasks(&f, in)
	tasks2, supp2 := tr.Tasks(&f, in)
	assert.Equal(t, tasks, tasks2, "same answer twice")
	assert.Equal(t, supp, supp2, "same answer twice")
	assert.Equal(t, before, *p, "profile unchanged")
	assert.Equal(t, fBefore, f, "figures unchanged")
	for _, task := range tasks {
		tgNoAmount(t, task.Reason)
	}
	for _, s := range supp {
		tgNoAmount(t, s.Trigger)
	}
	return tasks, supp
}

// tgNoAmount fails if s shows tgAmount in any usual form.
func tgNoAmount(t *testing.T, s string) {
	t.Helper()
	for _, a := range []string{"8765432", "8,765,432", "876.5", "876万"} {
		assert.NotContains(t, s, a, "a reason shows a client amount")
	}
}

// tgLine summarises a task as "kind earliest..due".
func tgLine(task contact.Task) string {
	return task.Kind + " " + task.Earliest.Format(time.DateOnly) + ".." + task.Due.Format(time.DateOnly)
}

func tgLines(tasks []contact.Task) []string {
	var out []string
	for _, task := range tasks {
		out = append(out, tgLine(task))
	}
	return out
}

func TestTriggersAtAndAroundThresholds(t *testing.T) {
	cases := []struct {
		name     string
		why      string
		asOf     time.Time // zero: tgAsOf
		spec     contact.TriggerSpec
		events   []vipcare.Event
		assessed time.Time // the profile's RiskAssessed
		step     *tier.Step
		want     []string // tgLine of each task, in order
	}{
		{name: "nothing", why: "a client without events gets no task"},

		// maturity: within 30 days, due the day before
		{name: "maturity today", why: "due today: the day before is past",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(0))},
			want:   []string{"maturity 2026-06-30..2026-06-30"}},
		{name: "maturity tomorrow", why: "due the day before, today",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(1))},
			want:   []string{"maturity 2026-06-30..2026-06-30"}},
		{name: "maturity in 29 days", why: "just inside the window",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(29))},
			want:   []string{"maturity 2026-06-30..2026-07-28"}},
		{name: "maturity in 30 days", why: "at the threshold: the window includes its last day",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(30))},
			want:   []string{"maturity 2026-06-30..2026-07-29"}},
		{name: "maturity in 31 days", why: "just outside the window",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(31))}},
		{name: "maturity yesterday", why: "a past maturity triggers nothing",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(-1))}},
		{name: "maturity custom at", why: "MaturityDays 10: 10 days is inside",
			spec:   contact.TriggerSpec{MaturityDays: 10},
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(10))},
			want:   []string{"maturity 2026-06-30..2026-07-09"}},
		{name: "maturity custom outside", why: "MaturityDays 10: 11 days is outside",
			spec:   contact.TriggerSpec{MaturityDays: 10},
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(11))}},
		{name: "maturity in the as-of location", why: "20:00 UTC on 30 July is 31 July in CST: 31 days",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, time.Date(2026, 7, 30, 20, 0, 0, 0, time.UTC))}},
		{name: "two maturities", why: "one task, for the earlier",
			events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(20)), tgEvent(vipcare.EventMaturity, tgIn(5))},
			want:   []string{"maturity 2026-06-30..2026-07-04"}},

		// retention: an outflow in the last 30 days, due 3 days after it
		{name: "outflow today", why: "due 3 days after the outflow",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(0))},
			want:   []string{"retention 2026-06-30..2026-07-03"}},
		{name: "outflow 2 days ago", why: "due tomorrow",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-2))},
			want:   []string{"retention 2026-06-30..2026-07-01"}},
		{name: "outflow 3 days ago", why: "due today, at the retention threshold",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-3))},
			want:   []string{"retention 2026-06-30..2026-06-30"}},
		{name: "outflow 4 days ago", why: "past due: due today",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-4))},
			want:   []string{"retention 2026-06-30..2026-06-30"}},
		{name: "outflow 30 days ago", why: "at the lookback threshold",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-30))},
			want:   []string{"retention 2026-06-30..2026-06-30"}},
		{name: "outflow 31 days ago", why: "just outside the lookback",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-31))}},
		{name: "outflow tomorrow", why: "a future outflow is not a fact yet",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(1))}},
		{name: "outflow custom", why: "RetentionDays 5, LookbackDays 10: 10 days ago is inside",
			spec:   contact.TriggerSpec{RetentionDays: 5, LookbackDays: 10},
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-10)), tgEvent(vipcare.EventLargeOutflow, tgIn(-1))},
			want:   []string{"retention 2026-06-30..2026-06-30"}},
		{name: "outflow custom outside", why: "LookbackDays 10: 11 days ago is outside; 1 day ago is due in 4 days",
			spec:   contact.TriggerSpec{RetentionDays: 5, LookbackDays: 10},
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-11)), tgEvent(vipcare.EventLargeOutflow, tgIn(-1))},
			want:   []string{"retention 2026-06-30..2026-07-04"}},

		// advice: an inflow or business sale in the last 30 days, due 7 days after it
		{name: "inflow today", why: "due 7 days after the inflow",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(0))},
			want:   []string{"advice 2026-06-30..2026-07-07"}},
		{name: "inflow 7 days ago", why: "due today",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-7))},
			want:   []string{"advice 2026-06-30..2026-06-30"}},
		{name: "inflow 30 days ago", why: "at the lookback threshold: past due, due today",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-30))},
			want:   []string{"advice 2026-06-30..2026-06-30"}},
		{name: "inflow 31 days ago", why: "just outside the lookback",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-31))}},
		{name: "business sale", why: "a business sale calls for advice too",
			events: []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-5))},
			want:   []string{"advice 2026-06-30..2026-07-02"}},
		{name: "inflow custom", why: "AdviceDays 2",
			spec:   contact.TriggerSpec{AdviceDays: 2},
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(0))},
			want:   []string{"advice 2026-06-30..2026-07-02"}},

		// assessment: by event
		{name: "assessment in 30 days", why: "at the threshold: due the day before expiry",
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(30))},
			want:   []string{"assessment 2026-06-30..2026-07-29"}},
		{name: "assessment in 31 days", why: "just outside",
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(31))}},
		{name: "assessment today", why: "expires today: due today",
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(0))},
			want:   []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessment expired", why: "an expired assessment calls for one now",
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-40))},
			want:   []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessment latest event", why: "a renewed assessment's later expiry wins over an old one",
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-300)),
				tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(65))}},
		{name: "assessment event over date", why: "the event wins over RiskAssessed",
			assessed: tgDay(2020, 1, 1),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(31))}},
		{name: "assessment custom", why: "AssessmentWarnDays 60",
			spec:   contact.TriggerSpec{AssessmentWarnDays: 60},
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(60))},
			want:   []string{"assessment 2026-06-30..2026-08-28"}},

		// assessment: by RiskAssessed + ValidityMonths
		{name: "assessed 12 months less 30 days ago", why: "expires in 30 days",
			assessed: tgDay(2025, 7, 30),
			want:     []string{"assessment 2026-06-30..2026-07-29"}},
		{name: "assessed 12 months less 31 days ago", why: "expires in 31 days: outside",
			assessed: tgDay(2025, 7, 31)},
		{name: "assessed two years ago", why: "expired: due today",
			assessed: tgDay(2024, 6, 1),
			want:     []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessed with 24 months validity", why: "ValidityMonths 24",
			spec:     contact.TriggerSpec{ValidityMonths: 24},
			assessed: tgDay(2024, 7, 30),
			want:     []string{"assessment 2026-06-30..2026-07-29"}},
		{name: "assessed 31 May valid 1 month", why: "June has 30 days: expires 30 June, today",
			spec:     contact.TriggerSpec{ValidityMonths: 1},
			assessed: tgDay(2026, 5, 31),
			want:     []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessed 31 May valid 2 months", why: "expires 31 July, in 31 days: outside",
			spec:     contact.TriggerSpec{ValidityMonths: 2},
			assessed: tgDay(2026, 5, 31)},
		{name: "never assessed", why: "no expiry to warn about"},
		{name: "undated expiry", why: "an event without a date is ignored, not taken as long expired",
			events: []vipcare.Event{{Kind: vipcare.EventKYCExpiry}, {Kind: vipcare.EventRiskAssessmentExpiry}}},

		// KYC
		{name: "kyc in 30 days", why: "at the threshold",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(30))},
			want:   []string{"kyc 2026-06-30..2026-07-29"}},
		{name: "kyc in 31 days", why: "just outside",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(31))}},
		{name: "kyc expired", why: "due today",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(-1))},
			want:   []string{"kyc 2026-06-30..2026-06-30"}},
		{name: "kyc custom", why: "KYCWarnDays 90",
			spec:   contact.TriggerSpec{KYCWarnDays: 90},
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(90))},
			want:   []string{"kyc 2026-06-30..2026-09-27"}},

		// birthday: within 7 days, on the day
		{name: "birthday today", why: "greeting today",
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(0))},
			want:   []string{"birthday 2026-06-30..2026-06-30"}},
		{name: "birthday in 7 days", why: "at the threshold: on the day itself",
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(7))},
			want:   []string{"birthday 2026-07-07..2026-07-07"}},
		{name: "birthday in 8 days", why: "just outside",
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(8))}},
		{name: "birthday yesterday", why: "a past birthday triggers nothing",
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(-1))}},
		{name: "birthday custom", why: "BirthdayDays 1: tomorrow is inside",
			spec:   contact.TriggerSpec{BirthdayDays: 1},
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(1))},
			want:   []string{"birthday 2026-07-01..2026-07-01"}},
		{name: "birthday across the year end", why: "as of 28 December, a birthday on 3 January is 6 days away",
			asOf:   time.Date(2026, 12, 28, 18, 0, 0, 0, tgCST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgDay(2027, 1, 3))},
			want:   []string{"birthday 2027-01-03..2027-01-03"}},
		{name: "birthday across the year end outside", why: "as of 28 December, 5 January is 8 days away",
			asOf:   time.Date(2026, 12, 28, 18, 0, 0, 0, tgCST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgDay(2027, 1, 5))}},
		{name: "birthday on 29 February", why: "a leap year: on the day",
			asOf:   time.Date(2028, 2, 22, 18, 0, 0, 0, tgCST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgDay(2028, 2, 29))},
			want:   []string{"birthday 2028-02-29..2028-02-29"}},
		{name: "birthday of 29 February in a common year", why: "the profile's event says 1 March",
			asOf:   time.Date(2027, 2, 22, 18, 0, 0, 0, tgCST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgDay(2027, 3, 1))},
			want:   []string{"birthday 2027-03-01..2027-03-01"}},
		{name: "birthday of 29 February in a common year, 28th", why: "the profile's event says 28 February",
			asOf:   time.Date(2027, 2, 22, 18, 0, 0, 0, tgCST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgDay(2027, 2, 28))},
			want:   []string{"birthday 2027-02-28..2027-02-28"}},

		// tier change: due 14 days after it takes effect
		{name: "upgrade", why: "June's step takes effect on 1 July: due 15 July",
			step: tgStep(time.June, "gold", "platinum", tier.Upgraded),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "downgrade", why: "a downgrade calls for a courtesy call too",
			step: tgStep(time.June, "platinum", "gold", tier.Downgraded),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "entered", why: "a client entering a tier is a change",
			step: tgStep(time.June, "", "gold", tier.Entered),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "kept", why: "a step that did not change the tier triggers nothing",
			step: tgStep(time.June, "gold", "gold", tier.Watched)},
		{name: "no step", why: "nil means no change"},
		{name: "May's upgrade with 29 days", why: "effective 1 June: due 30 June, today",
			spec: contact.TriggerSpec{TierChangeDays: 29},
			step: tgStep(time.May, "gold", "platinum", tier.Upgraded),
			want: []string{"tier_change 2026-06-30..2026-06-30"}},
		{name: "May's upgrade with 28 days", why: "effective 1 June: due 29 June, past",
			spec: contact.TriggerSpec{TierChangeDays: 28},
			step: tgStep(time.May, "gold", "platinum", tier.Upgraded)},
		{name: "changed step without a period", why: "ignored",
			step: &tier.Step{Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 1}}, Reason: tier.Downgraded}},

		// several triggers: by due date, then priority, then kind
		{name: "all", why: "every trigger fires, in order of due date",
			step: tgStep(time.June, "gold", "platinum", tier.Upgraded),
			events: []vipcare.Event{
				tgEvent(vipcare.EventMaturity, tgIn(10)),
				tgEvent(vipcare.EventLargeOutflow, tgIn(-1)),
				tgEvent(vipcare.EventLargeInflow, tgIn(-2)),
				tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(20)),
				tgEvent(vipcare.EventKYCExpiry, tgIn(5)),
				tgEvent(vipcare.EventBirthday, tgIn(3)),
			},
			want: []string{
				"retention 2026-06-30..2026-07-02",
				"birthday 2026-07-03..2026-07-03",
				"kyc 2026-06-30..2026-07-04",
				"advice 2026-06-30..2026-07-05",
				"maturity 2026-06-30..2026-07-09",
				"tier_change 2026-06-30..2026-07-15",
				"assessment 2026-06-30..2026-07-19",
			}},
		{name: "same due date", why: "priority breaks the tie (retention 90, maturity 70, kyc 50, assessment 50), then kind",
			events: []vipcare.Event{
				tgEvent(vipcare.EventKYCExpiry, tgIn(0)),
				tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(0)),
				tgEvent(vipcare.EventMaturity, tgIn(0)),
				tgEvent(vipcare.EventLargeOutflow, tgIn(-5)),
			},
			want: []string{
				"retention 2026-06-30..2026-06-30",
				"maturity 2026-06-30..2026-06-30",
				"assessment 2026-06-30..2026-06-30",
				"kyc 2026-06-30..2026-06-30",
			}},
		{name: "same due date, custom priorities", why: "kyc 95 now comes first",
			spec: contact.TriggerSpec{Priorities: map[string]int{"kyc": 95}},
			events: []vipcare.Event{
				tgEvent(vipcare.EventKYCExpiry, tgIn(0)),
				tgEvent(vipcare.EventMaturity, tgIn(0)),
				tgEvent(vipcare.EventLargeOutflow, tgIn(-5)),
			},
			want: []string{
				"kyc 2026-06-30..2026-06-30",
				"retention 2026-06-30..2026-06-30",
				"maturity 2026-06-30..2026-06-30",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := contact.NewTriggers(c.spec)
			require.NoError(t, err)
			asOf := c.asOf
			if asOf.IsZero() {
				asOf = tgAsOf
			}
			p := tgClient(c.events...)
			p.RiskAssessed = c.assessed
			tasks, supp := tgRun(t, tr, &p, asOf, contact.TriggerInput{Owner: contact.SeniorRM, TierChange: c.step})
			assert.Equal(t, c.want, tgLines(tasks), c.why)
			assert.Empty(t, supp, c.why)
			for _, task := range tasks {
				assert.Equal(t, "T-0001", task.Client)
				assert.Equal(t, contact.SeniorRM, task.Owner)
				assert.Equal(t, vipcare.ChannelPhone, task.Channel)
				assert.Equal(t, tgCST, task.Due.Location(), "dates in the as-of location")
				assert.Equal(t, tgCST, task.Earliest.Location(), "dates in the as-of location")
				assert.False(t, task.Due.Before(task.Earliest), "a window that can be met")
				assert.NotEmpty(t, task.Reason)
			}
		})
	}
}

func TestTriggersReasons(t *testing.T) {
	cases := []struct {
		name     string
		spec     contact.TriggerSpec
		events   []vipcare.Event
		assessed time.Time
		step     *tier.Step
		want     string
	}{
		{name: "maturity", events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(15))},
			want: "maturity: a holding matures on 2026-07-15, within 30 days"},
		{name: "two maturities", events: []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(15)),
			tgEvent(vipcare.EventMaturity, tgIn(20))},
			want: "maturity: a holding matures on 2026-07-15, within 30 days (and 1 more)"},
		{name: "outflow", events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-10))},
			want: "retention: a large outflow on 2026-06-20, within the last 30 days"},
		{name: "three outflows", events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-1)),
			tgEvent(vipcare.EventLargeOutflow, tgIn(-10)), tgEvent(vipcare.EventLargeOutflow, tgIn(-2))},
			want: "retention: a large outflow on 2026-06-20, within the last 30 days (and 2 more)"},
		{name: "two outflows past due", events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-10)),
			tgEvent(vipcare.EventLargeOutflow, tgIn(-20))},
			want: "retention: a large outflow on 2026-06-10, within the last 30 days (and 1 more)"},
		{name: "inflow", events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-1))},
			want: "advice: a large inflow on 2026-06-29, within the last 30 days"},
		{name: "business sale", events: []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-1))},
			want: "advice: a business sale on 2026-06-29, within the last 30 days"},
		{name: "business sale and inflow the same day",
			events: []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-1)), tgEvent(vipcare.EventLargeInflow, tgIn(-1))},
			want:   "advice: a large inflow on 2026-06-29, within the last 30 days (and 1 more)"},
		{name: "assessment", events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(1))},
			want: "assessment: the risk assessment expires on 2026-07-01, within 30 days"},
		{name: "assessment expired", events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-1))},
			want: "assessment: the risk assessment expired on 2026-06-29"},
		{name: "assessment derived", assessed: tgDay(2025, 7, 10),
			want: "assessment: the risk assessment of 2025-07-10 (valid 12 months) expires on 2026-07-10, within 30 days"},
		{name: "assessment of 29 February", assessed: tgDay(2024, 2, 29),
			want: "assessment: the risk assessment of 2024-02-29 (valid 12 months) expired on 2025-02-28"},
		{name: "kyc", spec: contact.TriggerSpec{KYCWarnDays: 1}, events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(1))},
			want: "kyc: the KYC review expires on 2026-07-01, within 1 day"},
		{name: "kyc expired", events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(-100))},
			want: "kyc: the KYC review expired on 2026-03-22"},
		{name: "birthday", events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(2))},
			want: "birthday: the client's birthday on 2026-07-02, within 7 days"},
		{name: "upgrade", step: tgStep(time.June, "gold", "platinum", tier.Upgraded),
			want: "tier_change: gold → platinum, upgraded, effective 2026-07-01"},
		{name: "entered", step: tgStep(time.June, "", "gold", tier.Entered),
			want: "tier_change: unassigned → gold, entered, effective 2026-07-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := tgClient(c.events...)
			p.RiskAssessed = c.assessed
			tasks, _ := tgRun(t, contact.MustTriggers(c.spec), &p, tgAsOf, contact.TriggerInput{TierChange: c.step})
			require.Len(t, tasks, 1)
			assert.Equal(t, c.want, tasks[0].Kind+": "+tasks[0].Reason)
		})
	}
}

func TestTriggersChannel(t *testing.T) {
	ch := func(cs ...vipcare.Channel) []vipcare.Channel { return cs }
	cases := []struct {
		name  string
		why   string
		prefs vipcare.Preferences
		want  vipcare.Channel // 0: suppressed for want of a channel
	}{
		{name: "preferred", why: "the preferred channel when consented",
			prefs: vipcare.Preferences{Preferred: vipcare.ChannelWeChat}, want: vipcare.ChannelWeChat},
		{name: "no preference", why: "any channel: the first in the order, phone",
			prefs: vipcare.Preferences{}, want: vipcare.ChannelPhone},
		{name: "preferred among channels", why: "the preferred channel",
			prefs: vipcare.Preferences{Channels: ch(vipcare.ChannelEmail, vipcare.ChannelVisit), Preferred: vipcare.ChannelEmail},
			want:  vipcare.ChannelEmail},
		{name: "preferred not consented", why: "the first consented in the order: visit before email",
			prefs: vipcare.Preferences{Channels: ch(vipcare.ChannelEmail, vipcare.ChannelVisit), Preferred: vipcare.ChannelSMS},
			want:  vipcare.ChannelVisit},
		{name: "order", why: "secure message comes right after phone",
			prefs: vipcare.Preferences{Channels: ch(vipcare.ChannelMail, vipcare.ChannelBranch, vipcare.ChannelSecureMessage)},
			want:  vipcare.ChannelSecureMessage},
		{name: "mail only", why: "the last in the order is still a channel",
			prefs: vipcare.Preferences{Channels: ch(vipcare.ChannelMail)}, want: vipcare.ChannelMail},
		{name: "discreet prefers wechat", why: "WeChat is not discreet: phone",
			prefs: vipcare.Preferences{Discreet: true, Preferred: vipcare.ChannelWeChat}, want: vipcare.ChannelPhone},
		{name: "discreet among channels", why: "only the discreet one of the consented",
			prefs: vipcare.Preferences{Discreet: true, Channels: ch(vipcare.ChannelWeChat, vipcare.ChannelEmail, vipcare.ChannelVideo),
				Preferred: vipcare.ChannelWeChat},
			want: vipcare.ChannelVideo},
		{name: "discreet with no discreet channel", why: "suppressed: no consented channel",
			prefs: vipcare.Preferences{Discreet: true, Channels: ch(vipcare.ChannelSMS, vipcare.ChannelEmail)}},
		{name: "no valid channel", why: "a channel that does not exist is no consent",
			prefs: vipcare.Preferences{Channels: ch(vipcare.Channel(200))}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := tgAll()
			p.Contact = c.prefs
			tasks, supp := tgRun(t, contact.MustTriggers(contact.TriggerSpec{}), &p, tgAsOf,
				contact.TriggerInput{TierChange: tgStep(time.June, "gold", "platinum", tier.Upgraded)})
			if c.want == 0 {
				assert.Empty(t, tasks, c.why)
				require.Len(t, supp, 7, c.why)
				for _, s := range supp {
					assert.Equal(t, contact.SuppressedNoChannel, s.Reason)
					assert.NotEmpty(t, s.Trigger)
				}
				return
			}
			assert.Empty(t, supp, c.why)
			require.Len(t, tasks, 7, c.why)
			for _, task := range tasks {
				assert.Equal(t, c.want, task.Channel, c.why)
				assert.True(t, p.Contact.Allows(task.Channel), "a consented channel")
			}
		})
	}
}

func TestTriggersDoNotContact(t *testing.T) {
	step := tgStep(time.June, "gold", "platinum", tier.Upgraded)
	cases := []struct {
		name   string
		events []vipcare.Event
		step   *tier.Step
		want   string // the kind suppressed
	}{
		{"maturity", []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(3))}, nil, contact.TriggerMaturity},
		{"retention", []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-3))}, nil, contact.TriggerRetention},
		{"advice", []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-3))}, nil, contact.TriggerAdvice},
		{"advice by sale", []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-3))}, nil, contact.TriggerAdvice},
		{"assessment", []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(3))}, nil, contact.TriggerAssessment},
		{"kyc", []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(3))}, nil, contact.TriggerKYC},
		{"birthday", []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(3))}, nil, contact.TriggerBirthday},
		{"tier change", nil, step, contact.TriggerTierChange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, prefs := range []vipcare.Preferences{
				{DoNotContact: true, Preferred: vipcare.ChannelPhone},
				{DoNotContact: true, Discreet: true, Channels: []vipcare.Channel{vipcare.ChannelSMS}}, // and no channel
			} {
				p := tgClient(c.events...)
				p.Contact = prefs
				tasks, supp := tgRun(t, contact.MustTriggers(contact.TriggerSpec{}), &p, tgAsOf, contact.TriggerInput{TierChange: c.step})
				assert.Empty(t, tasks)
				require.Len(t, supp, 1)
				assert.Equal(t, c.want, supp[0].Kind)
				assert.Equal(t, contact.SuppressedDoNotContact, supp[0].Reason, "do-not-contact wins over no channel")
				assert.NotEmpty(t, supp[0].Trigger)
			}
		})
	}
	t.Run("all", func(t *testing.T) {
		p := tgAll()
		p.Contact.DoNotContact = true
		tasks, supp := tgRun(t, contact.MustTriggers(contact.TriggerSpec{}), &p, tgAsOf, contact.TriggerInput{TierChange: step})
		assert.Empty(t, tasks)
		var kinds []string
		for _, s := range supp {
			assert.Equal(t, contact.SuppressedDoNotContact, s.Reason)
			kinds = append(kinds, s.Kind)
		}
		assert.Equal(t, []string{"retention", "birthday", "kyc", "advice", "maturity", "tier_change", "assessment"}, kinds,
			"every trigger, in the order of the tasks it would have made")
	})
	t.Run("nothing fired", func(t *testing.T) {
		p := tgClient()
		p.Contact.DoNotContact = true
		tasks, supp := tgRun(t, contact.MustTriggers(contact.TriggerSpec{}), &p, tgAsOf, contact.TriggerInput{})
		assert.Nil(t, tasks)
		assert.Nil(t, supp, "nothing to suppress")
	})
}

func TestTriggersDefaults(t *testing.T) {
	in := contact.TriggerInput{Owner: contact.RM, TierChange: tgStep(time.June, "gold", "platinum", tier.Upgraded)}
	p := tgAll()
	want, _ := tgRun(t, contact.MustTriggers(contact.TriggerSpec{}), &p, tgAsOf, in)
	minutes := map[string]int{}
	priorities := map[string]int{}
	for _, task := range want {
		minutes[task.Kind] = task.Minutes
		priorities[task.Kind] = task.Priority
	}
	assert.Equal(t, map[string]int{"retention": 45, "advice": 45, "maturity": 30, "assessment": 30, "kyc": 20,
		"tier_change": 20, "birthday": 5}, minutes)
	assert.Equal(t, map[string]int{"retention": 90, "maturity": 70, "advice": 60, "assessment": 50, "kyc": 50,
		"tier_change": 40, "birthday": 20}, priorities)

	t.Run("zero and nil Triggers", func(t *testing.T) {
		var zero contact.Triggers
		got, _ := tgRun(t, &zero, &p, tgAsOf, in)
		assert.Equal(t, want, got, "the zero Triggers uses the defaults")
		var none *contact.Triggers
		got, _ = tgRun(t, none, &p, tgAsOf, in)
		assert.Equal(t, want, got, "a nil *Triggers uses the defaults")
	})
	t.Run("custom", func(t *testing.T) {
		tr := contact.MustTriggers(contact.TriggerSpec{
			Minutes:    map[string]int{"birthday": 1, "retention": 60},
			Priorities: map[string]int{"birthday": 0, "advice": 99},
		})
		got, _ := tgRun(t, tr, &p, tgAsOf, in)
		require.Len(t, got, len(want))
		for i, task := range got {
			w := want[i]
			switch task.Kind {
			case "birthday":
				w.Minutes, w.Priority = 1, 0
			case "retention":
				w.Minutes = 60
			case "advice":
				w.Priority = 99
			}
			assert.Equal(t, w, task, task.Kind)
		}
	})
}

func TestNewTriggersErrors(t *testing.T) {
	_, err := contact.NewTriggers(contact.TriggerSpec{
		MaturityDays:       -1,
		LookbackDays:       contact.MaxTriggerDays + 1,
		RetentionDays:      -3,
		AdviceDays:         -7,
		AssessmentWarnDays: -30,
		ValidityMonths:     contact.MaxValidityMonths + 1,
		KYCWarnDays:        -1,
		BirthdayDays:       -1,
		TierChangeDays:     -14,
		Minutes:            map[string]int{"birthday": 0, "retention": -5, "cadence": 10, "maturity": contact.MaxTaskMinutes + 1},
		Priorities:         map[string]int{"kyc": -1, "Birthday": 5, "advice": 100},
	})
	require.Error(t, err)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *contact.Error
		require.True(t, errors.As(e, &ce), "an *Error: %v", e)
		kind := "setting"
		if errors.Is(e, contact.ErrUnknown) {
			kind = "unknown"
		} else {
			require.ErrorIs(t, e, contact.ErrSetting)
		}
		got = append(got, ce.Path+"/"+ce.Name+"/"+kind)
	}
	assert.Equal(t, []string{
		"maturity_days//setting",
		"lookback_days//setting",
		"retention_days//setting",
		"advice_days//setting",
		"assessment_warn_days//setting",
		"validity_months//setting",
		"kyc_warn_days//setting",
		"birthday_days//setting",
		"tier_change_days//setting",
		"minutes/birthday/setting",
		"minutes/cadence/unknown",
		"minutes/maturity/setting",
		"minutes/retention/setting",
		"priorities/Birthday/unknown",
		"priorities/kyc/setting",
	}, got, "every problem at once, in a stable order")
	assert.Contains(t, err.Error(), `contact: minutes: "cadence": unknown reference`)
	assert.Panics(t, func() { contact.MustTriggers(contact.TriggerSpec{MaturityDays: -1}) })

	t.Run("bounds", func(t *testing.T) {
		_, err := contact.NewTriggers(contact.TriggerSpec{
			MaturityDays: contact.MaxTriggerDays, LookbackDays: 1, ValidityMonths: contact.MaxValidityMonths,
			Minutes:    map[string]int{"birthday": 1, "retention": contact.MaxTaskMinutes},
			Priorities: map[string]int{"kyc": 0},
		})
		assert.NoError(t, err, "the bounds themselves are allowed")
	})
}

func TestTriggersConcurrent(t *testing.T) {
	tr := contact.MustTriggers(contact.TriggerSpec{})
	p := tgAll()
	f, err := vipcare.Valuation{AsOf: tgAsOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	in := contact.TriggerInput{Owner: contact.RM, TierChange: tgStep(time.June, "gold", "platinum", tier.Upgraded)}
	want, _ := tr.Tasks(&f, in)
	var wg sync.WaitGroup
	got := make([][]contact.Task, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got[i], _ = tr.Tasks(&f, in)
			}
		}()
	}
	wg.Wait()
	for _, g := range got {
		assert.Equal(t, want, g)
	}
}

func TestTriggersEventOrderDoesNotMatter(t *testing.T) {
	p := tgAll()
	p.Events = append(p.Events,
		tgEvent(vipcare.EventMaturity, tgIn(2)),
		tgEvent(vipcare.EventLargeInflow, tgIn(-2)),
		tgEvent(vipcare.EventBusinessSale, tgIn(-2)),
	)
	in := contact.TriggerInput{TierChange: tgStep(time.June, "gold", "platinum", tier.Upgraded)}
	tr := contact.MustTriggers(contact.TriggerSpec{})
	want, _ := tgRun(t, tr, &p, tgAsOf, in)
	q := tgClone(p)
	slices.Reverse(q.Events)
	got, _ := tgRun(t, tr, &q, tgAsOf, in)
	assert.Equal(t, want, got)
	var reasons []string
	for _, task := range got {
		reasons = append(reasons, task.Reason)
	}
	assert.Contains(t, strings.Join(reasons, "\n"), "a large inflow on 2026-06-28, within the last 30 days (and 2 more)")
}

// In a zone whose clocks skip midnight, a task's due date is still the
// calendar day the trigger says (São Paulo, 2018-11-04 began at 01:00).
func TestTriggerDatesWhereMidnightIsSkipped(t *testing.T) {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	asOf := time.Date(2018, 11, 1, 12, 0, 0, 0, loc)
	p := vipcare.Profile{ID: "C-SP", Events: []vipcare.Event{
		{Kind: vipcare.EventMaturity, Date: time.Date(2018, 11, 5, 12, 0, 0, 0, loc)},
	}}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	tasks, _ := contact.MustTriggers(contact.TriggerSpec{}).Tasks(&f, contact.TriggerInput{Owner: contact.RM})
	require.Len(t, tasks, 1)
	y, m, d := tasks[0].Due.Date()
	assert.Equal(t, "2018-11-04", fmt.Sprintf("%04d-%02d-%02d", y, m, d), "due the day before the maturity, in São Paulo")
}

func TestTaskRedacted(t *testing.T) {
	task := contact.Task{Client: "CLIENT-ID-7781", Kind: "maturity", Channel: vipcare.ChannelPhone}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, task), "CLIENT-ID-7781")
	}
}

// A client re-assessed since an expiry event is not asked to re-assess:
// the event belonged to the earlier assessment.
func TestAssessmentExpiryEventBeforeReassessment(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	p := vipcare.Profile{ID: "C-RA", Risk: vipcare.C3, RiskAssessed: asOf.AddDate(0, -1, 0),
		Events: []vipcare.Event{{Kind: vipcare.EventRiskAssessmentExpiry, Date: asOf.AddDate(-1, 0, 0)}}}
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	require.NoError(t, err)
	tasks, _ := contact.MustTriggers(contact.TriggerSpec{}).Tasks(&f, contact.TriggerInput{Owner: contact.RM})
	assert.Empty(t, tasks)

	p.RiskAssessed = asOf.AddDate(-2, 0, 0) // the event is the current assessment's expiry
	f, _ = vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}.Figures(&p)
	tasks, _ = contact.MustTriggers(contact.TriggerSpec{}).Tasks(&f, contact.TriggerInput{Owner: contact.RM})
	require.Len(t, tasks, 1)
	assert.Equal(t, contact.TriggerAssessment, tasks[0].Kind)
}
