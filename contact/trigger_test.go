package contact_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // America/Sao_Paulo, wherever the tests run

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// The helpers of the trigger tests start with "tg" so that they cannot
// collide with the helpers of other test files of the package.

// tgAsOf is the as-of date of the tests: late in the day, so that a
// calendar date and an instant 24 hours earlier differ.
var tgAsOf = time.Date(2026, time.June, 30, 18, 0, 0, 0, testkit.CST)

// tgIn returns the date n days after the as-of date (before it if n < 0).
func tgIn(n int) time.Time { return testkit.Day(2026, time.June, 30+n) }

// tgAmount is a client amount that must never show in a reason.
var tgAmount = testkit.CNY("8765432.10")

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
	return tgClient(
		tgEvent(vipcare.EventMaturity, tgIn(10)),
		tgEvent(vipcare.EventLargeOutflow, tgIn(-1)),
		tgEvent(vipcare.EventLargeInflow, tgIn(-2)),
		tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(20)),
		tgEvent(vipcare.EventKYCExpiry, tgIn(5)),
		tgEvent(vipcare.EventBirthday, tgIn(3)),
	)
}

// tgStep is a lifecycle step of month m of 2026 from tier a to tier b
// ("" is no tier).
func tgStep(m time.Month, a, b string, code vipcare.Code) *tier.Step {
	tr := func(name string) tier.Tier {
		if name == "" {
			return tier.Tier{}
		}
		return tier.Tier{Name: name, Rank: len(name)}
	}
	return &tier.Step{Period: tier.MonthOf(testkit.Day(2026, m, 1)), Before: tier.State{Tier: tr(a)},
		After: tier.State{Tier: tr(b)}, Code: code}
}

// tgUpgrade is June's upgrade from gold to platinum, effective 1 July.
func tgUpgrade() *tier.Step { return tgStep(time.June, "gold", "platinum", tier.CodeUpgraded) }

// tgRun runs tr on p as of asOf, checking that the answer is the same twice,
// that neither the profile nor its figures changed, that no reason shows
// an amount, and that each task's ID is its kind and due date, unique
// among the client's tasks.
func tgRun(t *testing.T, tr *contact.Triggers, p *vipcare.Profile, asOf time.Time, owner contact.Role, step *tier.Step) ([]contact.Task, []contact.Suppressed) {
	t.Helper()
	before := testkit.Clone(*p)
	f := testkit.Figures(t, p, testkit.Valuation(asOf))
	fBefore := *f
	var stepBefore tier.Step
	if step != nil {
		stepBefore = *step
	}
	tasks, supp := tr.Tasks(f, owner, step)
	tasks2, supp2 := tr.Tasks(f, owner, step)
	assert.Equal(t, tasks, tasks2, "same answer twice")
	assert.Equal(t, supp, supp2, "same answer twice")
	assert.Equal(t, before, *p, "profile unchanged")
	assert.Equal(t, fBefore, *f, "figures unchanged")
	if step != nil {
		assert.Equal(t, stepBefore, *step, "step unchanged")
	}
	ids := map[string]bool{}
	for _, task := range tasks {
		tgNoAmount(t, task.Reason)
		day, ok := strings.CutPrefix(task.ID, task.Kind+"/")
		assert.True(t, ok, "the ID %s begins with the kind", task.ID)
		_, err := time.Parse(time.DateOnly, day)
		assert.NoError(t, err, "the ID %s ends with the event's date", task.ID)
		assert.False(t, ids[task.ID], "ID %s repeated", task.ID)
		ids[task.ID] = true
	}
	for _, s := range supp {
		tgNoAmount(t, s.Reason)
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

// tgLines summarises each task as "kind earliest..due".
func tgLines(tasks []contact.Task) []string {
	var out []string
	for _, task := range tasks {
		out = append(out, task.Kind+" "+task.Earliest.Format(time.DateOnly)+".."+task.Due.Format(time.DateOnly))
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
		want     []string // tgLines of the tasks, in order
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
		{name: "assessment event before the validity ends", why: "an event earlier than the validity wins",
			assessed: testkit.Day(2026, 1, 1),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(31))}},
		{name: "assessment event after the validity ended", why: "suitability refuses the assessment: it is called for, whatever the event",
			assessed: testkit.Day(2020, 1, 1),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(31))},
			want:     []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessment event a day after the validity ends", why: "the validity's end comes first",
			assessed: testkit.Day(2025, 7, 15),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, testkit.Day(2026, 7, 16))},
			want:     []string{"assessment 2026-06-30..2026-07-14"}},
		{name: "assessment custom", why: "AssessmentWarnDays 60",
			spec:   contact.TriggerSpec{AssessmentWarnDays: 60},
			events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(60))},
			want:   []string{"assessment 2026-06-30..2026-08-28"}},

		// assessment: by RiskAssessed + ValidityMonths
		{name: "assessed 12 months less 30 days ago", why: "expires in 30 days",
			assessed: testkit.Day(2025, 7, 30),
			want:     []string{"assessment 2026-06-30..2026-07-29"}},
		{name: "assessed 12 months less 31 days ago", why: "expires in 31 days: outside",
			assessed: testkit.Day(2025, 7, 31)},
		{name: "assessed two years ago", why: "expired: due today",
			assessed: testkit.Day(2024, 6, 1),
			want:     []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessed with 24 months validity", why: "ValidityMonths 24",
			spec:     contact.TriggerSpec{ValidityMonths: 24},
			assessed: testkit.Day(2024, 7, 30),
			want:     []string{"assessment 2026-06-30..2026-07-29"}},
		{name: "assessed 31 May valid 1 month", why: "June has 30 days: expires 30 June, today",
			spec:     contact.TriggerSpec{ValidityMonths: 1},
			assessed: testkit.Day(2026, 5, 31),
			want:     []string{"assessment 2026-06-30..2026-06-30"}},
		{name: "assessed 31 May valid 2 months", why: "expires 31 July, in 31 days: outside",
			spec:     contact.TriggerSpec{ValidityMonths: 2},
			assessed: testkit.Day(2026, 5, 31)},
		{name: "never assessed", why: "no expiry to warn about"},
		{name: "undated expiry", why: "an event without a date is ignored, not taken as long expired",
			events: []vipcare.Event{{Kind: vipcare.EventKYCExpiry}, {Kind: vipcare.EventRiskAssessmentExpiry}}},

		// assessment: re-assessment since the expiry event
		{name: "re-assessed since the expiry", why: "the event belonged to the earlier assessment; the new one is valid",
			assessed: tgIn(-30),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-365))}},
		{name: "re-assessed on the expiry day", why: "an expiry on the assessment's day belongs to the earlier one",
			assessed: tgIn(-365),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-365))},
			want:     []string{"assessment 2026-06-30..2026-06-30"}}, // the derived expiry: 2026-06-30
		{name: "assessed before the expiry event", why: "the event is the current assessment's expiry",
			assessed: tgIn(-730),
			events:   []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-365))},
			want:     []string{"assessment 2026-06-30..2026-06-30"}},

		// KYC
		{name: "kyc in 30 days", why: "at the threshold",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(30))},
			want:   []string{"kyc 2026-06-30..2026-07-29"}},
		{name: "kyc in 31 days", why: "just outside",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(31))}},
		{name: "kyc expired", why: "due today",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(-1))},
			want:   []string{"kyc 2026-06-30..2026-06-30"}},
		{name: "kyc latest event", why: "a renewed review's later expiry wins over an old one",
			events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(-10)), tgEvent(vipcare.EventKYCExpiry, tgIn(200))}},
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
			asOf:   time.Date(2026, 12, 28, 18, 0, 0, 0, testkit.CST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, testkit.Day(2027, 1, 3))},
			want:   []string{"birthday 2027-01-03..2027-01-03"}},
		{name: "birthday across the year end outside", why: "as of 28 December, 5 January is 8 days away",
			asOf:   time.Date(2026, 12, 28, 18, 0, 0, 0, testkit.CST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, testkit.Day(2027, 1, 5))}},
		{name: "birthday on 29 February", why: "a leap year: on the day",
			asOf:   time.Date(2028, 2, 22, 18, 0, 0, 0, testkit.CST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, testkit.Day(2028, 2, 29))},
			want:   []string{"birthday 2028-02-29..2028-02-29"}},
		{name: "birthday of 29 February in a common year", why: "the profile's event says 1 March",
			asOf:   time.Date(2027, 2, 22, 18, 0, 0, 0, testkit.CST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, testkit.Day(2027, 3, 1))},
			want:   []string{"birthday 2027-03-01..2027-03-01"}},
		{name: "birthday of 29 February in a common year, 28th", why: "the profile's event says 28 February",
			asOf:   time.Date(2027, 2, 22, 18, 0, 0, 0, testkit.CST),
			events: []vipcare.Event{tgEvent(vipcare.EventBirthday, testkit.Day(2027, 2, 28))},
			want:   []string{"birthday 2027-02-28..2027-02-28"}},

		// tier change: due 14 days after it takes effect
		{name: "upgrade", why: "June's step takes effect on 1 July: due 15 July",
			step: tgUpgrade(),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "downgrade", why: "a downgrade calls for a courtesy call too",
			step: tgStep(time.June, "platinum", "gold", tier.CodeDowngraded),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "entered", why: "a client entering a tier is a change",
			step: tgStep(time.June, "", "gold", tier.CodeEntered),
			want: []string{"tier_change 2026-06-30..2026-07-15"}},
		{name: "kept", why: "a step that did not change the tier triggers nothing",
			step: tgStep(time.June, "gold", "gold", tier.CodeWatched)},
		{name: "no step", why: "nil means no change"},
		{name: "May's upgrade with 29 days", why: "effective 1 June: due 30 June, today",
			spec: contact.TriggerSpec{TierChangeDays: 29},
			step: tgStep(time.May, "gold", "platinum", tier.CodeUpgraded),
			want: []string{"tier_change 2026-06-30..2026-06-30"}},
		{name: "May's upgrade with 28 days", why: "effective 1 June: due 29 June, past",
			spec: contact.TriggerSpec{TierChangeDays: 28},
			step: tgStep(time.May, "gold", "platinum", tier.CodeUpgraded)},
		{name: "changed step without a period", why: "ignored",
			step: &tier.Step{Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 1}}, Code: tier.CodeDowngraded}},

		// several triggers: by due date, then priority, then kind
		{name: "all", why: "every trigger fires, in order of due date",
			step: tgUpgrade(),
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
			tr, err := c.spec.Compile(nil)
			require.NoError(t, err)
			asOf := c.asOf
			if asOf.IsZero() {
				asOf = tgAsOf
			}
			p := tgClient(c.events...)
			p.RiskAssessed = c.assessed
			tasks, supp := tgRun(t, tr, &p, asOf, contact.SeniorRM, c.step)
			assert.Equal(t, c.want, tgLines(tasks), c.why)
			assert.Empty(t, supp, c.why)
			for _, task := range tasks {
				assert.Equal(t, "T-0001", task.Client)
				assert.Equal(t, contact.SeniorRM, task.Owner)
				assert.Equal(t, vipcare.ChannelPhone, task.Channel)
				assert.Empty(t, task.RM, "the client is not assigned yet")
				assert.Equal(t, testkit.CST, task.Due.Location(), "dates in the as-of location")
				assert.Equal(t, testkit.CST, task.Earliest.Location(), "dates in the as-of location")
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
		{name: "outflow custom lookback", spec: contact.TriggerSpec{LookbackDays: 1},
			events: []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-1))},
			want:   "retention: a large outflow on 2026-06-29, within the last 1 day"},
		{name: "inflow", events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-1))},
			want: "advice: a large inflow on 2026-06-29, within the last 30 days"},
		{name: "business sale", events: []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-1))},
			want: "advice: a business sale on 2026-06-29, within the last 30 days"},
		// Whatever the events' order, the same one is described: with
		// EventKind a string type, a business sale now comes before a large
		// inflow of the same day (the kinds' names in order).
		{name: "business sale and inflow the same day",
			events: []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-1)), tgEvent(vipcare.EventBusinessSale, tgIn(-1))},
			want:   "advice: a large inflow on 2026-06-29, within the last 30 days (and 1 more)"},
		{name: "business sale and inflow the same day, the other way round",
			events: []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-1)), tgEvent(vipcare.EventLargeInflow, tgIn(-1))},
			want:   "advice: a large inflow on 2026-06-29, within the last 30 days (and 1 more)"},
		{name: "assessment", events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(1))},
			want: "assessment: the risk assessment expires on 2026-07-01, within 30 days"},
		{name: "assessment expired", events: []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(-1))},
			want: "assessment: the risk assessment expired on 2026-06-29"},
		// Not valid on the day it expires, as suitability and the
		// qualification count it.
		{name: "assessment expiring on the as-of date", assessed: testkit.Day(2025, 6, 30),
			want: "assessment: the risk assessment of 2025-06-30 (valid 12 months) expired on 2026-06-30"},
		{name: "kyc expiring on the as-of date", events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(0))},
			want: "kyc: the KYC review expired on 2026-06-30"},
		{name: "assessment derived", assessed: testkit.Day(2025, 7, 10),
			want: "assessment: the risk assessment of 2025-07-10 (valid 12 months) expires on 2026-07-10, within 30 days"},
		{name: "assessment derived, custom validity", spec: contact.TriggerSpec{ValidityMonths: 6}, assessed: testkit.Day(2026, 1, 10),
			want: "assessment: the risk assessment of 2026-01-10 (valid 6 months) expires on 2026-07-10, within 30 days"},
		{name: "assessment of 29 February", assessed: testkit.Day(2024, 2, 29),
			want: "assessment: the risk assessment of 2024-02-29 (valid 12 months) expired on 2025-03-01"},
		{name: "kyc", spec: contact.TriggerSpec{KYCWarnDays: 1}, events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(1))},
			want: "kyc: the KYC review expires on 2026-07-01, within 1 day"},
		{name: "kyc expired", events: []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(-100))},
			want: "kyc: the KYC review expired on 2026-03-22"},
		{name: "birthday", events: []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(2))},
			want: "birthday: the client's birthday on 2026-07-02, within 7 days"},
		{name: "upgrade", step: tgUpgrade(),
			want: "tier_change: gold → platinum, upgraded, effective 2026-07-01"},
		{name: "entered", step: tgStep(time.June, "", "gold", tier.CodeEntered),
			want: "tier_change: unassigned → gold, entered, effective 2026-07-01"},
		{name: "downgraded", spec: contact.TriggerSpec{TierChangeDays: 30},
			step: tgStep(time.May, "platinum", "gold", tier.CodeDowngraded),
			want: "tier_change: platinum → gold, downgraded, effective 2026-06-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := tgClient(c.events...)
			p.RiskAssessed = c.assessed
			tasks, _ := tgRun(t, policy.Must(c.spec.Compile(nil)), &p, tgAsOf, contact.RM, c.step)
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
		want  vipcare.Channel // "": suppressed for want of a channel
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
			prefs: vipcare.Preferences{Channels: ch("pigeon")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := tgAll()
			p.Contact = c.prefs
			tasks, supp := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
			if c.want == "" {
				assert.Empty(t, tasks, c.why)
				require.Len(t, supp, 7, c.why)
				for _, s := range supp {
					assert.Equal(t, contact.CodeNoChannel, s.Code)
					assert.NotEmpty(t, s.Reason)
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
	cases := []struct {
		name   string
		events []vipcare.Event
		step   *tier.Step
		want   string // the kind suppressed
	}{
		{"maturity", []vipcare.Event{tgEvent(vipcare.EventMaturity, tgIn(3))}, nil, "maturity"},
		{"retention", []vipcare.Event{tgEvent(vipcare.EventLargeOutflow, tgIn(-3))}, nil, "retention"},
		{"advice", []vipcare.Event{tgEvent(vipcare.EventLargeInflow, tgIn(-3))}, nil, "advice"},
		{"advice by sale", []vipcare.Event{tgEvent(vipcare.EventBusinessSale, tgIn(-3))}, nil, "advice"},
		{"assessment", []vipcare.Event{tgEvent(vipcare.EventRiskAssessmentExpiry, tgIn(3))}, nil, "assessment"},
		{"kyc", []vipcare.Event{tgEvent(vipcare.EventKYCExpiry, tgIn(3))}, nil, "kyc"},
		{"birthday", []vipcare.Event{tgEvent(vipcare.EventBirthday, tgIn(3))}, nil, "birthday"},
		{"tier change", nil, tgUpgrade(), "tier_change"},
	}
	for _, c := range cases {
		for _, prefs := range []struct {
			name  string
			prefs vipcare.Preferences
		}{
			{"with a channel", vipcare.Preferences{DoNotContact: true, Preferred: vipcare.ChannelPhone}},
			{"and no channel", vipcare.Preferences{DoNotContact: true, Discreet: true, Channels: []vipcare.Channel{vipcare.ChannelSMS}}},
		} {
			t.Run(c.name+"/"+prefs.name, func(t *testing.T) {
				p := tgClient(c.events...)
				p.Contact = prefs.prefs
				tasks, supp := tgRun(t, nil, &p, tgAsOf, contact.RM, c.step)
				assert.Empty(t, tasks)
				require.Len(t, supp, 1)
				assert.Equal(t, c.want, supp[0].Kind)
				assert.Equal(t, contact.CodeDoNotContact, supp[0].Code, "do-not-contact wins over no channel")
				assert.NotEmpty(t, supp[0].Reason)
			})
		}
	}
	t.Run("all", func(t *testing.T) {
		p := tgAll()
		p.Contact.DoNotContact = true
		tasks, supp := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
		assert.Empty(t, tasks)
		var kinds []string
		for _, s := range supp {
			assert.Equal(t, contact.CodeDoNotContact, s.Code)
			kinds = append(kinds, s.Kind)
		}
		assert.Equal(t, []string{"retention", "birthday", "kyc", "advice", "maturity", "tier_change", "assessment"}, kinds,
			"every trigger, in the order of the tasks it would have made")

		p.Contact.DoNotContact = false
		want, _ := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
		require.Len(t, want, len(supp))
		for i, s := range supp {
			assert.Equal(t, want[i].Reason, s.Reason, "the reason the task would have carried")
		}
	})
	t.Run("nothing fired", func(t *testing.T) {
		p := tgClient()
		p.Contact.DoNotContact = true
		tasks, supp := tgRun(t, nil, &p, tgAsOf, contact.RM, nil)
		assert.Nil(t, tasks)
		assert.Nil(t, supp, "nothing to suppress")
	})
	t.Run("codes", func(t *testing.T) {
		assert.Equal(t, vipcare.Code("do_not_contact"), contact.CodeDoNotContact)
		assert.Equal(t, vipcare.Code("no_consented_channel"), contact.CodeNoChannel)
	})
}

func TestTriggersDefaults(t *testing.T) {
	p := tgAll()
	want, _ := tgRun(t, policy.Must(contact.TriggerSpec{}.Compile(nil)), &p, tgAsOf, contact.RM, tgUpgrade())
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

	cases := []struct {
		name string
		tr   *contact.Triggers
		edit func(task *contact.Task) // what changes from the defaults
	}{
		{name: "nil Triggers", tr: nil},
		{name: "zero spec", tr: policy.Must(contact.TriggerSpec{}.Compile(nil))},
		{name: "defaults spelled out", tr: policy.Must(contact.TriggerSpec{MaturityDays: 30, LookbackDays: 30,
			RetentionDays: 3, AdviceDays: 7, AssessmentWarnDays: 30, ValidityMonths: 12, KYCWarnDays: 30, BirthdayDays: 7,
			TierChangeDays: 14, Minutes: minutes, Priorities: priorities}.Compile(nil))},
		{name: "custom minutes and priorities", tr: policy.Must(contact.TriggerSpec{
			Minutes:    map[string]int{"birthday": 1, "retention": 60},
			Priorities: map[string]int{"birthday": 0, "advice": 99},
		}.Compile(nil)),
			edit: func(task *contact.Task) {
				switch task.Kind {
				case "birthday":
					task.Minutes, task.Priority = 1, 0
				case "retention":
					task.Minutes = 60
				case "advice":
					task.Priority = 99
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := tgRun(t, c.tr, &p, tgAsOf, contact.RM, tgUpgrade())
			require.Len(t, got, len(want))
			for i, task := range got {
				w := want[i]
				if c.edit != nil {
					c.edit(&w)
				}
				assert.Equal(t, w, task, task.Kind)
			}
		})
	}
}

func TestTriggerSpecCompileProblems(t *testing.T) {
	kinds := []string{"maturity", "retention", "advice", "assessment", "kyc", "tier_change", "birthday"}
	cases := []struct {
		name string
		spec contact.TriggerSpec
		want []testkit.Want
	}{
		{name: "every problem at once, in a stable order", spec: contact.TriggerSpec{
			MaturityDays:       -1,
			LookbackDays:       3661,
			RetentionDays:      -3,
			AdviceDays:         -7,
			AssessmentWarnDays: -30,
			ValidityMonths:     121,
			KYCWarnDays:        -1,
			BirthdayDays:       -1,
			TierChangeDays:     -14,
			Minutes:            map[string]int{"birthday": 0, "retention": -5, "cadence": 10, "maturity": 1441},
			Priorities:         map[string]int{"kyc": -1, "Birthday": 5, "advice": 100},
		}, want: []testkit.Want{
			{Path: "/maturity_days", Err: policy.ErrOutOfRange},
			{Path: "/lookback_days", Err: policy.ErrOutOfRange},
			{Path: "/retention_days", Err: policy.ErrOutOfRange},
			{Path: "/advice_days", Err: policy.ErrOutOfRange},
			{Path: "/assessment_warn_days", Err: policy.ErrOutOfRange},
			{Path: "/validity_months", Err: policy.ErrOutOfRange},
			{Path: "/kyc_warn_days", Err: policy.ErrOutOfRange},
			{Path: "/birthday_days", Err: policy.ErrOutOfRange},
			{Path: "/tier_change_days", Err: policy.ErrOutOfRange},
			{Path: "/minutes/birthday", Name: "birthday", Err: policy.ErrOutOfRange},
			{Path: "/minutes/cadence", Name: "cadence", Err: policy.ErrUnknown},
			{Path: "/minutes/maturity", Name: "maturity", Err: policy.ErrOutOfRange},
			{Path: "/minutes/retention", Name: "retention", Err: policy.ErrOutOfRange},
			{Path: "/priorities/Birthday", Name: "Birthday", Err: policy.ErrUnknown},
			{Path: "/priorities/kyc", Name: "kyc", Err: policy.ErrOutOfRange},
		}},
		{name: "the bounds themselves are allowed", spec: contact.TriggerSpec{
			MaturityDays: 3660, LookbackDays: 1, ValidityMonths: 120, TierChangeDays: 3660,
			Minutes:    map[string]int{"birthday": 1, "retention": 1440},
			Priorities: map[string]int{"kyc": 0},
		}},
		{name: "just beyond the bounds", spec: contact.TriggerSpec{
			MaturityDays: 3661, TierChangeDays: 3661, ValidityMonths: 121,
			Minutes:    map[string]int{"birthday": 0, "retention": 1441},
			Priorities: map[string]int{"kyc": -1},
		}, want: []testkit.Want{
			{Path: "/maturity_days", Err: policy.ErrOutOfRange},
			{Path: "/validity_months", Err: policy.ErrOutOfRange},
			{Path: "/tier_change_days", Err: policy.ErrOutOfRange},
			{Path: "/minutes/birthday", Name: "birthday", Err: policy.ErrOutOfRange},
			{Path: "/minutes/retention", Name: "retention", Err: policy.ErrOutOfRange},
			{Path: "/priorities/kyc", Name: "kyc", Err: policy.ErrOutOfRange},
		}},
		{name: "cadence is no trigger kind", spec: contact.TriggerSpec{Priorities: map[string]int{"cadence": 1}},
			want: []testkit.Want{{Path: "/priorities/cadence", Name: "cadence", Err: policy.ErrUnknown}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := c.spec.Compile(nil)
			if c.want == nil {
				require.NoError(t, err)
				assert.NotNil(t, tr)
				return
			}
			assert.Nil(t, tr)
			testkit.CheckProblems(t, err, c.want...)
			for _, p := range testkit.Problems(t, err) {
				if p.Err == policy.ErrUnknown {
					assert.Equal(t, kinds, p.Choices, "the kinds as choices")
				}
			}
			assert.Panics(t, func() { policy.Must(c.spec.Compile(nil)) })
		})
	}
	_, err := contact.TriggerSpec{Minutes: map[string]int{"cadence": 10}}.Compile(nil)
	assert.Contains(t, err.Error(), `vipcare: /minutes/cadence: "cadence": unknown (want one of: maturity, retention, `)
}

func TestTriggersConcurrent(t *testing.T) {
	tr := policy.Must(contact.TriggerSpec{}.Compile(nil))
	p := tgAll()
	f := testkit.Figures(t, &p, testkit.Valuation(tgAsOf))
	step := tgUpgrade()
	want, _ := tr.Tasks(f, contact.RM, step)
	var wg sync.WaitGroup
	got := make([][]contact.Task, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := tr
			if i%2 == 1 {
				tr = nil // the defaults are shared too
			}
			for range 50 {
				got[i], _ = tr.Tasks(f, contact.RM, step)
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
	want, _ := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
	q := testkit.Clone(p)
	slices.Reverse(q.Events)
	got, _ := tgRun(t, nil, &q, tgAsOf, contact.RM, tgUpgrade())
	assert.Equal(t, want, got)
	var reasons []string
	for _, task := range got {
		reasons = append(reasons, task.Reason)
	}
	assert.Contains(t, strings.Join(reasons, "\n"), "a large inflow on 2026-06-28, within the last 30 days (and 2 more)")
}

// A task's ID is its kind and the date of the event that fired it: unique
// among a client's tasks, since each kind makes at most one, and the same
// for the same event on another day, before it is due or after.
func TestTaskIDs(t *testing.T) {
	p := tgAll()
	p.Events = append(p.Events, tgEvent(vipcare.EventMaturity, tgIn(11)), tgEvent(vipcare.EventLargeOutflow, tgIn(-2)))
	tasks, _ := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
	var ids []string
	for _, task := range tasks {
		ids = append(ids, task.ID)
	}
	assert.Equal(t, []string{"retention/2026-06-28", "birthday/2026-07-03", "kyc/2026-07-05", "advice/2026-06-28",
		"maturity/2026-07-10", "tier_change/2026-07-01", "assessment/2026-07-20"}, ids)

	tomorrow, _ := tgRun(t, nil, &p, tgAsOf.AddDate(0, 0, 1), contact.RM, tgUpgrade())
	var again []string
	for _, task := range tomorrow {
		again = append(again, task.ID)
	}
	assert.Equal(t, ids, again, "the same triggers a day later make tasks with the same IDs")

	// A week on, the retention call (due 2026-07-03) is overdue: its due
	// date moves to the as-of date, its ID does not.
	later, _ := tgRun(t, nil, &p, tgAsOf.AddDate(0, 0, 7), contact.RM, nil)
	i := slices.IndexFunc(later, func(task contact.Task) bool { return task.Kind == "retention" })
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, "2026-07-07", later[i].Due.Format(time.DateOnly), "overdue: due now")
	assert.Equal(t, "retention/2026-06-28", later[i].ID, "the same event, the same ID")
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
	tasks, _ := tgRun(t, nil, &p, asOf, contact.RM, nil)
	require.Len(t, tasks, 1)
	y, m, d := tasks[0].Due.Date()
	assert.Equal(t, "2018-11-04", fmt.Sprintf("%04d-%02d-%02d", y, m, d), "due the day before the maturity, in São Paulo")
	assert.Equal(t, "maturity/2018-11-05", tasks[0].ID, "named by the maturity's date")
}

func TestTaskRedacted(t *testing.T) {
	task := contact.Task{ID: "maturity/2026-07-09", Client: "CLIENT-ID-7781", Kind: "maturity",
		Reason: "a holding matures on 2026-07-10, within 30 days", Channel: vipcare.ChannelPhone, Owner: contact.RM,
		RM: "RM-01", Priority: 70, Earliest: tgIn(0), Due: tgIn(9), Minutes: 30}
	outs := testkit.AssertRedacted(t, task, "CLIENT-ID-7781")
	assert.True(t, testkit.Contains(outs, "maturity/2026-07-09"), "the task's ID is no secret")
	assert.True(t, testkit.Contains(outs, "RM-01"), "the RM is no secret")

	p := tgAll()
	p.ID = "CLIENT-ID-7781"
	tasks, supp := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
	require.NotEmpty(t, tasks)
	for _, task := range tasks {
		assert.Equal(t, "CLIENT-ID-7781", task.Client, "the caller's identifier, for the caller")
		testkit.AssertRedacted(t, task, "CLIENT-ID-7781")
	}
	assert.Empty(t, supp)
}

// A trigger's condition limits it to the clients it holds for; the other
// triggers fire as before.
func TestTriggersWhen(t *testing.T) {
	p := tgAll() // its AUM is 8,765,432.10
	all, _ := tgRun(t, nil, &p, tgAsOf, contact.RM, tgUpgrade())
	without := slices.DeleteFunc(slices.Clone(all), func(task contact.Task) bool { return task.Kind == "birthday" })
	require.Len(t, without, len(all)-1)
	aum := policy.Field("aum")
	cases := []struct {
		name string
		when map[string]policy.Cond
		want []contact.Task
	}{
		{"held", map[string]policy.Cond{"birthday": aum.GE("8000000")}, all},
		{"not held", map[string]policy.Cond{"birthday": aum.GE("9000000")}, without},
		{"no condition", map[string]policy.Cond{"birthday": {}}, all},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := policy.Must(contact.TriggerSpec{When: c.when}.Compile(nil))
			got, _ := tgRun(t, tr, &p, tgAsOf, contact.RM, tgUpgrade())
			assert.Equal(t, c.want, got)
		})
	}
	_, err := contact.TriggerSpec{When: map[string]policy.Cond{
		"birthdays": aum.GE(1), "kyc": policy.Field("aun").GE(1),
	}}.Compile(nil)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/when/birthdays", Name: "birthdays", Err: policy.ErrUnknown},
		testkit.Want{Path: "/when/kyc/field", Name: "aun", Err: policy.ErrUnknown})
}

// The field kyc_expired and the KYC trigger read the same expiry: the
// latest on record, an earlier one having been renewed. A client flagged
// expired always gets a KYC task, and one whose documents were renewed
// (an old expiry, a later one recorded) is neither flagged nor tasked.
func TestKYCExpiredAgreesWithTrigger(t *testing.T) {
	asOf := testkit.Day(2026, 6, 30)
	expired := policy.Must(policy.Compile((*vipcare.Env)(nil).Schema(), policy.Field("kyc_expired").EQ(true)))
	kyc := func(d time.Time) vipcare.Event { return vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: d} }
	client := func(events ...vipcare.Event) vipcare.Profile {
		return vipcare.Profile{ID: "X", Risk: vipcare.C3, RiskAssessed: testkit.Day(2026, 1, 1), Events: events,
			Holdings: []vipcare.Holding{{ID: "H", Class: vipcare.Deposits, Amount: testkit.CNY("1000000")}}}
	}
	tasked := func(f *vipcare.Figures) bool {
		tasks, _ := (*contact.Triggers)(nil).Tasks(f, contact.RM, nil)
		return slices.ContainsFunc(tasks, func(x contact.Task) bool { return x.Kind == "kyc" })
	}

	renewed := client(kyc(testkit.Day(2025, 3, 1)), kyc(testkit.Day(2028, 3, 1)))
	f := testkit.Figures(t, &renewed, testkit.Valuation(asOf))
	assert.False(t, expired.Eval(f), "renewed: not expired")
	assert.False(t, tasked(f), "renewed: no task")

	days := []time.Time{{}, testkit.Day(2024, 1, 1), testkit.Day(2026, 6, 29), asOf, testkit.Day(2026, 7, 1),
		testkit.Day(2026, 7, 20), testkit.Day(2027, 1, 1)}
	flagged := 0
	for _, a := range days {
		for _, b := range days {
			p := client(kyc(a), kyc(b))
			f := testkit.Figures(t, &p, testkit.Valuation(asOf))
			if expired.Eval(f) {
				flagged++
				assert.True(t, tasked(f), "expiries %s and %s: flagged expired, so tasked", a, b)
			}
		}
	}
	assert.Positive(t, flagged)
}

// The suitability pack and the assessment trigger count one validity: a
// client whose every purchase the China pack refuses as
// assessment_expired is always called for a re-assessment, whatever
// expiry event the bank's core system recorded.
func TestExpiredAssessmentIsCalledFor(t *testing.T) {
	asOf := testkit.Day(2026, 6, 30)
	pack := policy.Must(needs.ChinaPack().Compile(nil))
	prod := needs.Product{Code: "D", Category: "deposit", Class: vipcare.Deposits, Risk: needs.R1}
	tr := policy.Must(contact.TriggerSpec{ValidityMonths: 12}.Compile(nil)) // the pack's validity
	assessed := []time.Time{testkit.Day(2024, 1, 1), testkit.Day(2025, 5, 15), testkit.Day(2025, 6, 30),
		testkit.Day(2025, 7, 1), testkit.Day(2026, 1, 1)}
	events := []time.Time{{}, testkit.Day(2025, 1, 1), testkit.Day(2026, 6, 30), testkit.Day(2026, 7, 20),
		testkit.Day(2026, 9, 15), testkit.Day(2027, 6, 1)}
	refused := 0
	for _, a := range assessed {
		for _, e := range events {
			p := vipcare.Profile{ID: "X", Risk: vipcare.C3, RiskAssessed: a,
				Holdings: []vipcare.Holding{{ID: "H", Class: vipcare.Deposits, Amount: testkit.CNY("1000000")}}}
			if !e.IsZero() {
				p.Events = []vipcare.Event{{Kind: vipcare.EventRiskAssessmentExpiry, Date: e}}
			}
			f := testkit.Figures(t, &p, testkit.Valuation(asOf))
			rs := pack.Assess(nil, &needs.Case{Figures: f, Product: &prod})
			if len(rs) == 0 || rs[0].Code != needs.CodeAssessmentExpired {
				continue
			}
			refused++
			tasks, _ := tr.Tasks(f, contact.RM, nil)
			assert.True(t, slices.ContainsFunc(tasks, func(x contact.Task) bool { return x.Kind == "assessment" }),
				"assessed %s, expiry event %s: refused as expired, not called for", a.Format(time.DateOnly), e.Format(time.DateOnly))
		}
	}
	assert.Positive(t, refused)
}
