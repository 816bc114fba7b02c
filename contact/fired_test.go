package contact_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

func TestFireAgreesWithTasks(t *testing.T) {
	w := newWorld(t)
	aum := policy.Field("aum")
	specs := []struct {
		name     string
		triggers *contact.Triggers
	}{
		{"defaults", nil},
		{"configured", policy.Must(contact.TriggerSpec{MaturityDays: 12, LookbackDays: 1, AdviceDays: 2,
			ValidityMonths: 1, KYCWarnDays: 60, TierChangeDays: 1, BirthdayDays: 30,
			Minutes:    map[string]int{"birthday": 1, "kyc": 90},
			Priorities: map[string]int{"maturity": 10, "birthday": 95, "advice": 90},
			When:       map[string]policy.Cond{"birthday": aum.GE("1000000"), "kyc": aum.LT("3000000")},
		}.Compile(nil))},
	}
	books := []struct {
		name string
		asOf time.Time
	}{
		{"sample as-of", time.Time{}},
		{"late in a day in Santiago", time.Date(2026, time.August, 25, 18, 0, 0, 0, bkSantiago(t))},
	}
	for _, b := range books {
		book := bkBook(t, w, bkClients, b.asOf)
		for _, sp := range specs {
			t.Run(b.name+"/"+sp.name, func(t *testing.T) {
				tr := sp.triggers
				seen := map[any]int{}
				fired := make([]contact.Fired, 0, 7)
				for i := range book {
					c := &book[i]
					owner := w.st.Select(&c.facts).Owner
					wantTasks, wantSupp := contact.TasksReference(tr, &c.f, owner, c.step)
					tasks, supp := tr.Tasks(&c.f, owner, c.step)
					require.Equal(t, wantTasks, tasks, "client %d: Tasks", i)
					require.Equal(t, wantSupp, supp, "client %d: Tasks", i)

					fired = tr.Fire(fired[:0], &c.f, owner, c.step)
					require.Len(t, fired, len(wantTasks)+len(wantSupp), "client %d", i)
					for j, x := range fired {
						if x.Code == "" {
							require.Equal(t, wantTasks[j], x.Task(c.f.Profile.ID), "client %d: task %d", i, j)
						} else {
							require.Equal(t, wantSupp[j], contact.Suppressed{Kind: x.Kind, Code: x.Code, Reason: x.Reason()},
								"client %d: suppressed %d", i, j)
							assert.Empty(t, x.Channel, "client %d", i)
						}
						assert.Equal(t, owner, x.Owner)
						seen[x.Kind]++
						seen[x.Code]++
						if x.More > 0 {
							seen["more"]++
						}
						if x.Validity > 0 {
							seen["derived"]++
						}
						if x.Event.Before(x.Earliest) {
							seen["past"]++
						}
						if x.Source == vipcare.EventBusinessSale {
							seen["sale"]++
						}
					}
				}
				for _, k := range []any{"maturity", "retention", "advice", "assessment", "kyc", "tier_change",
					"birthday", vipcare.Code(""), contact.CodeDoNotContact, contact.CodeNoChannel,
					"more", "derived", "past", "sale"} {
					assert.Positive(t, seen[k], "nothing fired with %v", k)
				}
			})
		}
	}
}

func TestFireAllocations(t *testing.T) {
	w := newWorld(t)
	book := bkBook(t, w, 300, time.Time{})
	configured := policy.Must(contact.TriggerSpec{When: map[string]policy.Cond{"birthday": policy.Field("aum").GE("1000000")}}.Compile(nil))
	for _, tr := range []*contact.Triggers{nil, configured} {
		fired := make([]contact.Fired, 0, 7)
		n := 0
		allocs := testing.AllocsPerRun(10, func() {
			for i := range book {
				c := &book[i]
				fired = tr.Fire(fired[:0], &c.f, contact.RM, c.step)
				n += len(fired)
			}
		})
		assert.Zero(t, allocs)
		assert.Positive(t, n, "something fired")
	}
}

// Fire appends: what dst holds stays, and a full dst grows.
func TestFireAppends(t *testing.T) {
	p := tgAll()
	f := testkit.Figures(t, &p, testkit.Valuation(tgAsOf))
	var tr *contact.Triggers
	all := tr.Fire(nil, f, contact.RM, tgUpgrade())
	require.Len(t, all, 7, "every kind fires")
	twice := tr.Fire(all, f, contact.RM, tgUpgrade())
	assert.Equal(t, all, twice[:7], "kept")
	assert.Equal(t, all, twice[7:], "appended")
	tasks, _ := tr.Tasks(f, contact.RM, tgUpgrade())
	for i, x := range all {
		assert.Equal(t, tasks[i], x.Task(p.ID))
		assert.Equal(t, 1.0, testing.AllocsPerRun(10, func() { _ = x.Task(p.ID) }), "%s: one string for the ID and the reason", x.Kind)
		assert.Equal(t, 1.0, testing.AllocsPerRun(10, func() { _ = x.Reason() }), "%s: the reason's string", x.Kind)
	}
}
