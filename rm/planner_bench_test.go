package rm_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/rm"
)

// bookInput is a 90-day plan for 100 managers and 20,000 clients (200
// each): every tenth client on a premier cadence (a visit, 12 calls and 12
// messages a year: 7 tasks in 90 days), the others on a typical one (8
// calls, 6 messages and 2 branch meetings a year: 3 tasks); one client in
// twenty with a retention call due in 3 days, one in ten a maturity within
// 30 days, one in twenty-five a birthday greeting. Each manager works
// Monday to Friday, 312 minutes a day (the reference workload's 68,640
// minutes a year over 220 days, the default), with the National Day week
// and one day of leave off. 3% of clients asked not to be contacted and 5%
// take secure messages only.
func bookInput(c *rm.Capacity) planIn {
	const rms, clients, horizon = 100, 20_000, 90
	loc := time.FixedZone("CST", 8*3600)
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, loc)
	day := func(n int) time.Time { return asOf.AddDate(0, 0, n) }
	in := planIn{asOf: asOf, horizon: horizon}
	for k := range rms {
		m := rm.Manager{ID: fmt.Sprintf("R%03d", k), Role: contact.SeniorRM}
		for d := 1; d <= 7; d++ {
			m.Holidays = append(m.Holidays, time.Date(2026, 10, d, 0, 0, 0, 0, loc))
		}
		m.Holidays = append(m.Holidays, day(10+k%70))
		in.book.Managers = append(in.book.Managers, m)
	}
	premier := &contact.Strategy{Name: "premier", Owner: contact.SeniorRM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelVisit, PerYear: 4}, {Channel: vipcare.ChannelPhone, PerYear: 12},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 12}}}
	typical := &contact.Strategy{Name: "typical", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 8}, {Channel: vipcare.ChannelSecureMessage, PerYear: 6},
		{Channel: vipcare.ChannelBranch, PerYear: 2}}}
	for i := range clients {
		id, manager := fmt.Sprintf("C%05d", i), fmt.Sprintf("R%03d", i%rms)
		cl := rm.Client{ID: id, Role: contact.RM, RM: manager}
		switch {
		case i%33 == 5:
			cl.Contact = vipcare.Preferences{DoNotContact: true}
		case i%20 == 7:
			cl.Contact = vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelSecureMessage}}
		case i%10 == 1:
			cl.Contact = vipcare.Preferences{Discreet: true}
		}
		s := typical
		prio := 30
		if i%10 == 0 {
			s, prio = premier, 40
		}
		cl.Role, cl.Minutes = s.Owner, c.ClientMinutes(s)
		in.book.Clients = append(in.book.Clients, cl)
		in.tasks = append(in.tasks, c.CadenceTasks(id, manager, s, asOf, horizon, prio)...)
		task := contact.Task{Client: id, Channel: vipcare.ChannelPhone, Owner: contact.RM, RM: manager, Earliest: asOf}
		if i%20 == 3 {
			t := task
			t.Kind, t.Priority, t.Due, t.Minutes = "retention", 90, day(3), 45
			in.tasks = append(in.tasks, t)
		}
		if i%10 == 4 {
			t := task
			t.Kind, t.Priority, t.Due, t.Minutes = "maturity", 70, day(1+i%30), 30
			in.tasks = append(in.tasks, t)
		}
		if i%25 == 9 {
			t := task
			t.Kind, t.Priority, t.Channel, t.Minutes = "birthday", 20, vipcare.ChannelSecureMessage, 5
			t.Earliest = day(i % horizon)
			t.Due = t.Earliest
			in.tasks = append(in.tasks, t)
		}
	}
	return in
}

// Planning a 90-day horizon for 100 managers and 20,000 clients.
func BenchmarkSchedule(b *testing.B) {
	c := refCapacity()
	in := bookInput(c)
	b.ReportAllocs()
	b.ResetTimer()
	var p rm.Plan
	for range b.N {
		var err error
		if p, err = in.schedule(c); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	noCapacity := 0
	for _, u := range p.Unmet {
		if u.Code == rm.CodeNoCapacity {
			noCapacity++
		}
	}
	b.ReportMetric(float64(len(in.tasks)), "tasks")
	b.ReportMetric(float64(len(p.Scheduled)), "scheduled")
	b.ReportMetric(float64(len(p.Unmet)), "unmet")
	b.ReportMetric(float64(noCapacity), "no_capacity")
}

// The cadence tasks of one client on a typical strategy over 90 days.
func BenchmarkCadenceTasks(b *testing.B) {
	c := refCapacity()
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	s := &contact.Strategy{Name: "typical", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 8}, {Channel: vipcare.ChannelSecureMessage, PerYear: 6},
		{Channel: vipcare.ChannelBranch, PerYear: 2}}}
	b.ReportAllocs()
	for range b.N {
		if len(c.CadenceTasks("C00001", "R001", s, asOf, 90, 30)) != 4 {
			b.Fatal("want 4 tasks: 2 of 8 a year, 1 of 6, 1 of 2 (the second half year, its middle day 1 October)")
		}
	}
}
