package contact_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
)

// benchMinutes are the minutes of a touch, preparation included, as in
// contact.ReferenceWorkload: the channel's minutes plus 15 of preparation.
func benchMinutes(c vipcare.Channel) int {
	switch c {
	case vipcare.ChannelVisit:
		return 135
	case vipcare.ChannelBranch:
		return 75
	case vipcare.ChannelPhone:
		return 35
	case vipcare.ChannelSecureMessage:
		return 25
	}
	return 20
}

// bookInput is a 90-day plan for 100 RMs and 20,000 clients (200 each):
// every tenth client on a premier cadence (a visit, 12 calls and 12
// messages a year: 7 tasks in 90 days), the others on a typical one (8
// calls, 6 messages and 2 branch meetings a year: 3 tasks); one client in
// twenty with a retention call due in 3 days, one in ten a maturity within
// 30 days, one in twenty-five a birthday greeting. Each RM works Monday
// to Friday, 312 minutes a day (contact.ReferenceWorkload's 68,640 minutes
// a year over 220 days), with the National Day week and one day of leave
// off. 3% of clients asked not to be contacted and 5% take secure
// messages only.
func bookInput() contact.PlanInput {
	const rms, clients, horizon = 100, 20_000, 90
	loc := time.FixedZone("CST", 8*3600)
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, loc)
	day := func(n int) time.Time { return asOf.AddDate(0, 0, n) }
	in := contact.PlanInput{AsOf: asOf, HorizonDays: horizon, Preferences: map[string]*vipcare.Preferences{}}
	for k := range rms {
		c := contact.Calendar{RM: fmt.Sprintf("R%03d", k), MinutesPerDay: 312}
		for d := 1; d <= 7; d++ {
			c.Holidays = append(c.Holidays, time.Date(2026, 10, d, 0, 0, 0, 0, loc))
		}
		c.Holidays = append(c.Holidays, day(10+k%70))
		in.Calendars = append(in.Calendars, c)
	}
	premier := &contact.Strategy{Name: "premier", Owner: contact.SeniorRM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelVisit, PerYear: 4}, {Channel: vipcare.ChannelPhone, PerYear: 12},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 12}}}
	typical := &contact.Strategy{Name: "typical", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 8}, {Channel: vipcare.ChannelSecureMessage, PerYear: 6},
		{Channel: vipcare.ChannelBranch, PerYear: 2}}}
	for i := range clients {
		id, rm := fmt.Sprintf("C%05d", i), fmt.Sprintf("R%03d", i%rms)
		switch {
		case i%33 == 5:
			in.Preferences[id] = &vipcare.Preferences{DoNotContact: true}
		case i%20 == 7:
			in.Preferences[id] = &vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelSecureMessage}}
		case i%10 == 1:
			in.Preferences[id] = &vipcare.Preferences{Discreet: true}
		}
		if i%10 == 0 {
			in.Tasks = append(in.Tasks, contact.CadenceTasks(id, rm, premier, asOf, horizon, 40, benchMinutes)...)
		} else {
			in.Tasks = append(in.Tasks, contact.CadenceTasks(id, rm, typical, asOf, horizon, 30, benchMinutes)...)
		}
		task := contact.Task{Client: id, Channel: vipcare.ChannelPhone, Owner: contact.RM, RM: rm, Earliest: asOf}
		if i%20 == 3 {
			t := task
			t.Kind, t.Priority, t.Due, t.Minutes = contact.TriggerRetention, 90, day(3), 45
			in.Tasks = append(in.Tasks, t)
		}
		if i%10 == 4 {
			t := task
			t.Kind, t.Priority, t.Due, t.Minutes = contact.TriggerMaturity, 70, day(1+i%30), 30
			in.Tasks = append(in.Tasks, t)
		}
		if i%25 == 9 {
			t := task
			t.Kind, t.Priority, t.Channel, t.Minutes = contact.TriggerBirthday, 20, vipcare.ChannelSecureMessage, 5
			t.Earliest = day(i % horizon)
			t.Due = t.Earliest
			in.Tasks = append(in.Tasks, t)
		}
	}
	return in
}

// Planning a 90-day horizon for 100 RMs and 20,000 clients.
func BenchmarkNewPlan(b *testing.B) {
	in := bookInput()
	b.ReportAllocs()
	b.ResetTimer()
	var p contact.Plan
	for range b.N {
		var err error
		if p, err = contact.NewPlan(in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	noCapacity := 0
	for _, u := range p.Unmet {
		if u.Code == contact.UnmetNoCapacity {
			noCapacity++
		}
	}
	b.ReportMetric(float64(len(in.Tasks)), "tasks")
	b.ReportMetric(float64(len(p.Scheduled)), "scheduled")
	b.ReportMetric(float64(len(p.Unmet)), "unmet")
	b.ReportMetric(float64(noCapacity), "no_capacity")
}

// The cadence tasks of one client on a typical strategy over 90 days.
func BenchmarkCadenceTasks(b *testing.B) {
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	s := &contact.Strategy{Name: "typical", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 8}, {Channel: vipcare.ChannelSecureMessage, PerYear: 6},
		{Channel: vipcare.ChannelBranch, PerYear: 2}}}
	b.ReportAllocs()
	for range b.N {
		if len(contact.CadenceTasks("C00001", "R001", s, asOf, 90, 30, benchMinutes)) != 3 {
			b.Fatal("want 3 tasks")
		}
	}
}
