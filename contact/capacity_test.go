package contact_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
)

// The capacity tests use their own fixtures, prefixed cap, so that they do
// not depend on (or collide with) the other tests of the package.
//
// The hand-computed case, under the reference workload:
//
//	capacity   1,760 h x 60 x (1 - 0.35)       = 105,600 x 0.65 = 68,640 min
//	capCall    12 phone + 4 visit              = 12 x (20+15) + 4 x (120+15) = 420 + 540 = 960 min
//	capMessage 4 phone + 12 secure_message     = 4 x (20+15) + 12 x (10+15)  = 140 + 300 = 440 min
//	capNone    no touches                      = 0 min
//	book size  capCall alone                   = floor(68,640 / 960)  = floor(71.5)   = 71
//	           capMessage alone                = floor(68,640 / 440)  = floor(156.0)  = 156
//	           50% capCall, 50% capMessage     = floor(68,640 / 700)  = floor(98.06)  = 98
//	           25% capCall, 75% capMessage     = floor(68,640 / 570)  = floor(120.42) = 120
//	an RM with 80 capCall clients: demand 76,800, over; utilisation 76,800 / 68,640 = 1.118881;
//	           covered 71 (71 x 960 = 68,160; a 72nd would need 69,120); coverage 71/80 = 0.8875
//	an RM with 60 capCall clients: demand 57,600, utilisation 0.839160, ok, all covered
//	an RM with 40 capCall clients: demand 38,400, utilisation 0.559440, under 70%, all covered
var (
	capCall = &contact.Strategy{Name: "call", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 12}, {Channel: vipcare.ChannelVisit, PerYear: 4}}}
	capMessage = &contact.Strategy{Name: "message", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 4}, {Channel: vipcare.ChannelSecureMessage, PerYear: 12}}}
	capNone = &contact.Strategy{Name: "none", Owner: contact.DigitalTeam}
)

// capBook returns n clients under s, named prefix-000 on, with values n, n-1, ...
func capBook(prefix string, n int, s *contact.Strategy) []contact.ClientLoad {
	out := make([]contact.ClientLoad, n)
	for i := range out {
		out[i] = contact.ClientLoad{Client: fmt.Sprintf("%s-%03d", prefix, i), Strategy: s, Value: int64(n - i)}
	}
	return out
}

// capClone deep-copies rms, strategies included, to check nothing changes.
func capClone(rms []contact.Assigned) []contact.Assigned {
	out := make([]contact.Assigned, len(rms))
	for i, a := range rms {
		out[i] = a
		if a.Clients == nil {
			continue
		}
		out[i].Clients = make([]contact.ClientLoad, len(a.Clients))
		for k, c := range a.Clients {
			out[i].Clients[k] = c
			if c.Strategy != nil {
				s := *c.Strategy
				s.Touches = append([]contact.Touch(nil), s.Touches...)
				out[i].Clients[k].Strategy = &s
			}
		}
	}
	return out
}

// capErrors flattens a joined error into its *contact.Error values.
func capErrors(t *testing.T, err error) []*contact.Error {
	t.Helper()
	require.Error(t, err)
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]*contact.Error, 0, len(list))
	for _, e := range list {
		var ce *contact.Error
		require.True(t, errors.As(e, &ce), "%v is not a *contact.Error", e)
		out = append(out, ce)
	}
	return out
}

type capWant struct {
	path, name string
	err        error
}

func capCheckErrors(t *testing.T, err error, want []capWant) {
	t.Helper()
	got := capErrors(t, err)
	gotW := make([]capWant, len(got))
	for i, e := range got {
		gotW[i] = capWant{e.Path, e.Name, e.Err}
		assert.True(t, strings.HasPrefix(e.Error(), "contact: "+e.Path+": "), e.Error())
	}
	assert.ElementsMatch(t, want, gotW)
}

func TestCapacityHandComputed(t *testing.T) {
	c, err := contact.NewCapacity(contact.ReferenceWorkload())
	require.NoError(t, err)
	assert.Equal(t, 68_640, c.Minutes())
	assert.Equal(t, vipcare.Share(350_000), c.AdminShare())

	tests := []struct {
		name string
		s    *contact.Strategy
		want int
	}{
		{"12 phone + 4 visit", capCall, 960},
		{"4 phone + 12 secure message", capMessage, 440},
		{"no touches", capNone, 0},
		{"nil strategy needs nothing", nil, 0},
		{"every channel once", &contact.Strategy{Touches: []contact.Touch{
			{Channel: vipcare.ChannelBranch, PerYear: 1}, {Channel: vipcare.ChannelVisit, PerYear: 1},
			{Channel: vipcare.ChannelPhone, PerYear: 1}, {Channel: vipcare.ChannelVideo, PerYear: 1},
			{Channel: vipcare.ChannelSecureMessage, PerYear: 1}, {Channel: vipcare.ChannelWeChat, PerYear: 1},
			{Channel: vipcare.ChannelSMS, PerYear: 1}, {Channel: vipcare.ChannelEmail, PerYear: 1},
			{Channel: vipcare.ChannelMail, PerYear: 1}}},
			// 60+120+20+30+10+10+2+10+5 = 267, plus 9 x 15 preparation = 402
			402},
		{"repeated channel adds up", &contact.Strategy{Touches: []contact.Touch{
			{Channel: vipcare.ChannelSMS, PerYear: 3}, {Channel: vipcare.ChannelSMS, PerYear: 2}}},
			5 * 17},
		{"unknown channel and negative count add nothing", &contact.Strategy{Touches: []contact.Touch{
			{Channel: 0, PerYear: 3}, {Channel: vipcare.ChannelMail + 1, PerYear: 3},
			{Channel: vipcare.ChannelPhone, PerYear: -2}, {Channel: vipcare.ChannelPhone, PerYear: 1}}},
			35},
		{"saturates", &contact.Strategy{Touches: []contact.Touch{
			{Channel: vipcare.ChannelVisit, PerYear: 1 << 50}}},
			1 << 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, c.ClientMinutes(tt.s))
			assert.Equal(t, tt.want, c.ClientMinutes(tt.s), "same answer twice")
		})
	}

	assert.Equal(t, 135, c.TouchMinutes(vipcare.ChannelVisit))
	assert.Equal(t, 17, c.TouchMinutes(vipcare.ChannelSMS))
	assert.Equal(t, 0, c.TouchMinutes(0))
	assert.Equal(t, 0, c.TouchMinutes(vipcare.ChannelMail+1))
}

func TestCapacityMinutesRoundsDown(t *testing.T) {
	tests := []struct {
		name  string
		hours int
		admin string
		want  int
	}{
		{"no admin", 1760, "0", 105_600},
		{"reference", 1760, "0.35", 68_640},
		{"exact third is not a share, but 0.333333 is", 1000, "0.333333", 40_000}, // 60,000 x 0.666667 = 40,000.02
		{"no whole minute is an error", 1, "0.99", 0},                             // 60 x 0.01 = 0.6
		{"one hour, half admin", 1, "0.5", 30},
		{"leap year of hours", 8784, "0", 527_040},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := contact.ReferenceWorkload()
			w.HoursPerYear = tt.hours
			w.AdminShare = decimal.RequireFromString(tt.admin)
			c, err := contact.NewCapacity(w)
			if tt.want == 0 {
				capCheckErrors(t, err, []capWant{{"hours_per_year", "", contact.ErrSetting}})
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Minutes())
		})
	}
}

func TestNewCapacityErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(w *contact.Workload)
		want []capWant
	}{
		{"zero workload", func(w *contact.Workload) { *w = contact.Workload{} }, []capWant{
			{"minutes", "branch", contact.ErrEmpty}, {"minutes", "visit", contact.ErrEmpty},
			{"minutes", "phone", contact.ErrEmpty}, {"minutes", "video", contact.ErrEmpty},
			{"minutes", "secure_message", contact.ErrEmpty}, {"minutes", "wechat", contact.ErrEmpty},
			{"minutes", "sms", contact.ErrEmpty}, {"minutes", "email", contact.ErrEmpty},
			{"minutes", "mail", contact.ErrEmpty}, {"hours_per_year", "", contact.ErrSetting}}},
		{"everything wrong at once", func(w *contact.Workload) {
			delete(w.Minutes, vipcare.ChannelPhone)
			w.Minutes[vipcare.ChannelVisit] = -1
			w.Minutes[vipcare.ChannelMail] = contact.MaxTouchMinutes + 1
			w.Minutes[0] = 5
			w.Minutes[vipcare.ChannelMail+1] = 5
			w.Preparation = -1
			w.AdminShare = decimal.NewFromInt(1)
			w.HoursPerYear = 0
		}, []capWant{
			{"minutes", "unspecified", contact.ErrUnknown}, {"minutes", "Channel(10)", contact.ErrUnknown},
			{"minutes", "phone", contact.ErrEmpty}, {"minutes", "visit", contact.ErrSetting},
			{"minutes", "mail", contact.ErrSetting}, {"preparation", "", contact.ErrSetting},
			{"admin_share", "", contact.ErrSetting}, {"hours_per_year", "", contact.ErrSetting}}},
		{"negative admin share", func(w *contact.Workload) { w.AdminShare = decimal.RequireFromString("-0.1") },
			[]capWant{{"admin_share", "", contact.ErrSetting}}},
		{"admin share with seven places", func(w *contact.Workload) { w.AdminShare = decimal.RequireFromString("0.3500001") },
			[]capWant{{"admin_share", "", contact.ErrSetting}}},
		{"admin share with a huge exponent", func(w *contact.Workload) { w.AdminShare = decimal.New(1, -2_000_000_000) },
			[]capWant{{"admin_share", "", contact.ErrSetting}}},
		{"too many hours", func(w *contact.Workload) { w.HoursPerYear = contact.MaxHoursPerYear + 1 },
			[]capWant{{"hours_per_year", "", contact.ErrSetting}}},
		{"too much preparation", func(w *contact.Workload) { w.Preparation = contact.MaxTouchMinutes + 1 },
			[]capWant{{"preparation", "", contact.ErrSetting}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := contact.ReferenceWorkload()
			tt.edit(&w)
			c, err := contact.NewCapacity(w)
			assert.Nil(t, c)
			capCheckErrors(t, err, tt.want)
			assert.Panics(t, func() { contact.MustCapacity(w) })
		})
	}

	t.Run("boundaries are allowed", func(t *testing.T) {
		w := contact.ReferenceWorkload()
		w.Minutes[vipcare.ChannelSMS] = 0
		w.Minutes[vipcare.ChannelVisit] = contact.MaxTouchMinutes
		w.Preparation = 0
		w.AdminShare = decimal.RequireFromString("0.999999")
		w.HoursPerYear = contact.MaxHoursPerYear // 527,040 x 0.000001 = 0.527: no whole minute
		_, err := contact.NewCapacity(w)
		capCheckErrors(t, err, []capWant{{"hours_per_year", "", contact.ErrSetting}})
		w.AdminShare = decimal.RequireFromString("0.99")
		c, err := contact.NewCapacity(w)
		require.NoError(t, err)
		assert.Equal(t, 5270, c.Minutes()) // 527,040 x 0.01 = 5,270.4
		assert.Equal(t, 0, c.TouchMinutes(vipcare.ChannelSMS))
	})

	t.Run("workload not kept", func(t *testing.T) {
		w := contact.ReferenceWorkload()
		c := contact.MustCapacity(w)
		w.Minutes[vipcare.ChannelPhone] = 1000
		assert.Equal(t, 35, c.TouchMinutes(vipcare.ChannelPhone))
	})
}

func TestCapacityBookSize(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	half := vipcare.Whole / 2
	tests := []struct {
		name string
		mix  []contact.MixEntry
		want int
	}{
		{"call alone", []contact.MixEntry{{capCall, vipcare.Whole}}, 71},
		{"message alone", []contact.MixEntry{{capMessage, vipcare.Whole}}, 156},
		{"half and half", []contact.MixEntry{{capCall, half}, {capMessage, half}}, 98},
		{"a quarter call", []contact.MixEntry{{capCall, 250_000}, {capMessage, 750_000}}, 120},
		{"a zero share counts nothing", []contact.MixEntry{{capCall, 0}, {capMessage, vipcare.Whole}}, 156},
		{"clients with no touches widen the book", []contact.MixEntry{{capCall, half}, {capNone, half}}, 143}, // 68,640 / 480
		{"the same strategy twice", []contact.MixEntry{{capCall, half}, {capCall, half}}, 71},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.BookSize(tt.mix)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	errTests := []struct {
		name string
		mix  []contact.MixEntry
		want []capWant
	}{
		{"empty", nil, []capWant{{"mix", "", contact.ErrEmpty}}},
		{"shares short of the whole", []contact.MixEntry{{capCall, half}, {capMessage, half - 1}},
			[]capWant{{"mix", "", contact.ErrSetting}}},
		{"shares over the whole", []contact.MixEntry{{capCall, half}, {capMessage, half + 1}},
			[]capWant{{"mix", "", contact.ErrSetting}}},
		{"bad parts at once", []contact.MixEntry{
			{nil, half}, {capCall, -1}, {capMessage, vipcare.Whole + 1},
			{&contact.Strategy{Name: "bad", Touches: []contact.Touch{{Channel: 0, PerYear: -1}}}, half}},
			[]capWant{{"mix[0].strategy", "", contact.ErrEmpty}, {"mix[1].share", "", contact.ErrSetting},
				{"mix[2].share", "", contact.ErrSetting},
				{"mix[3].strategy.touches[0].channel", "bad", contact.ErrUnknown},
				{"mix[3].strategy.touches[0].per_year", "bad", contact.ErrSetting}}},
		{"no minutes at all, no limit", []contact.MixEntry{{capNone, vipcare.Whole}},
			[]capWant{{"mix", "", contact.ErrEmpty}}},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.BookSize(tt.mix)
			assert.Zero(t, got)
			capCheckErrors(t, err, tt.want)
		})
	}
}

func TestCapacityReportLoad(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	rms := []contact.Assigned{
		{RM: "rm-over", Role: contact.RM, Clients: capBook("o", 80, capCall)},
		{RM: "rm-ok", Role: contact.SeniorRM, Clients: capBook("k", 60, capCall)},
		{RM: "rm-under", Role: contact.RM, Clients: capBook("u", 40, capCall)},
		{RM: "rm-empty", Role: contact.PrivateBanker},
	}
	want := []contact.RMLoad{
		{RM: "rm-over", Role: contact.RM, Clients: 80, Demand: 76_800, Capacity: 68_640, Utilisation: 1_118_881,
			Covered: 71, Coverage: 887_500, Uncovered: []int{71, 72, 73, 74, 75, 76, 77, 78, 79}, Status: contact.StatusOver},
		{RM: "rm-ok", Role: contact.SeniorRM, Clients: 60, Demand: 57_600, Capacity: 68_640, Utilisation: 839_160,
			Covered: 60, Coverage: vipcare.Whole, Status: contact.StatusOK},
		{RM: "rm-under", Role: contact.RM, Clients: 40, Demand: 38_400, Capacity: 68_640, Utilisation: 559_440,
			Covered: 40, Coverage: vipcare.Whole, Status: contact.StatusUnder},
		{RM: "rm-empty", Role: contact.PrivateBanker, Capacity: 68_640, Status: contact.StatusUnder},
	}
	before := capClone(rms)
	r, err := c.Report(rms, contact.CapacityOptions{})
	require.NoError(t, err)
	assert.Equal(t, want, r.RMs)
	assert.Equal(t, 180, r.Clients)
	assert.Equal(t, 171, r.Covered)
	assert.Equal(t, vipcare.Share(950_000), r.Coverage) // 171 / 180
	assert.Equal(t, 172_800, r.Demand)
	assert.Equal(t, 4*68_640, r.Capacity)
	assert.Equal(t, vipcare.Share(629_370), r.Utilisation) // 172,800 / 274,560 = 0.629370...
	assert.Equal(t, []string{"rm-over"}, r.Over)
	assert.Equal(t, []string{"rm-under", "rm-empty"}, r.Under)

	again, err := c.Report(rms, contact.CapacityOptions{})
	require.NoError(t, err)
	assert.Equal(t, r, again, "same answer twice")
	assert.Equal(t, before, rms, "input unchanged")

	t.Run("under share option", func(t *testing.T) {
		tests := []struct {
			name  string
			under vipcare.Share
			want  []string
		}{
			{"default is 70%", 0, []string{"rm-under", "rm-empty"}},
			{"55.9% is not under 55.944%", 559_440, []string{"rm-empty"}},
			{"one millionth more is", 559_441, []string{"rm-under", "rm-empty"}},
			{"the whole: every RM not over", vipcare.Whole, []string{"rm-ok", "rm-under", "rm-empty"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := c.Report(rms, contact.CapacityOptions{UnderShare: tt.under})
				require.NoError(t, err)
				assert.Equal(t, tt.want, r.Under)
				assert.Equal(t, []string{"rm-over"}, r.Over)
			})
		}
	})

	t.Run("at capacity is not over", func(t *testing.T) {
		w := contact.ReferenceWorkload()
		w.AdminShare = decimal.Zero
		w.HoursPerYear = 16 // 960 minutes: one capCall client exactly
		c := contact.MustCapacity(w)
		r, err := c.Report([]contact.Assigned{{RM: "a", Role: contact.RM, Clients: capBook("a", 1, capCall)}}, contact.CapacityOptions{})
		require.NoError(t, err)
		assert.Equal(t, contact.StatusOK, r.RMs[0].Status)
		assert.Equal(t, vipcare.Whole, r.RMs[0].Utilisation)
		assert.Equal(t, 1, r.RMs[0].Covered)
	})
}

// A small workload where value order decides who is covered: 600 minutes
// a year, a phone call 100 minutes, no preparation.
func TestCapacityReportCoverageByValue(t *testing.T) {
	w := contact.ReferenceWorkload()
	w.Minutes[vipcare.ChannelPhone] = 100
	w.Preparation = 0
	w.AdminShare = decimal.Zero
	w.HoursPerYear = 10
	c := contact.MustCapacity(w)
	require.Equal(t, 600, c.Minutes())
	calls := func(n int) *contact.Strategy {
		return &contact.Strategy{Name: fmt.Sprint(n, " calls"), Owner: contact.RM,
			Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: n}}}
	}
	four, three, two := calls(4), calls(3), calls(2)

	tests := []struct {
		name      string
		clients   []contact.ClientLoad
		covered   int
		uncovered []int
		reason    string
	}{
		{"highest value first, then a smaller one fits", []contact.ClientLoad{
			{"c3", two, 90}, {"c2", three, 90}, {"c1", four, 100}}, 2, []int{1},
			"c1 takes 400; c2 (tie at 90, first by ID) needs 300 of the 200 left; c3 takes the last 200"},
		{"value beats size", []contact.ClientLoad{
			{"small", two, 1}, {"big", calls(6), 2}}, 1, []int{0},
			"big takes all 600; small no longer fits"},
		{"ties by client ID", []contact.ClientLoad{
			{"b", four, 5}, {"a", four, 5}}, 1, []int{0},
			"a comes before b"},
		{"negative values order too", []contact.ClientLoad{
			{"x", four, -1}, {"y", four, -5}, {"z", two, -3}}, 2, []int{1},
			"x (400), then z (200); y does not fit"},
		{"no touches is always covered", []contact.ClientLoad{
			{"p", calls(6), 9}, {"q", capNone, 0}, {"r", two, 1}}, 2, []int{2},
			"p takes all 600; q needs nothing; r does not fit"},
		{"one client bigger than the year", []contact.ClientLoad{
			{"huge", calls(7), 9}, {"s", two, 1}}, 1, []int{0},
			"huge needs 700 of 600, s fits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rms := []contact.Assigned{{RM: "rm", Role: contact.RM, Clients: tt.clients}}
			before := capClone(rms)
			r, err := c.Report(rms, contact.CapacityOptions{})
			require.NoError(t, err)
			l := r.RMs[0]
			assert.Equal(t, tt.covered, l.Covered, tt.reason)
			assert.Equal(t, tt.uncovered, l.Uncovered, tt.reason)
			assert.Equal(t, len(tt.clients), l.Clients)
			assert.Equal(t, vipcare.ShareOf(vipcare.Amount(tt.covered), vipcare.Amount(len(tt.clients))), l.Coverage)
			again, err := c.Report(rms, contact.CapacityOptions{})
			require.NoError(t, err)
			assert.Equal(t, r, again, "same answer twice")
			assert.Equal(t, before, rms, "input unchanged")

			// Reversing the book changes positions, not the outcome.
			rev := capClone(rms)
			n := len(rev[0].Clients)
			for i := 0; i < n/2; i++ {
				rev[0].Clients[i], rev[0].Clients[n-1-i] = rev[0].Clients[n-1-i], rev[0].Clients[i]
			}
			rr, err := c.Report(rev, contact.CapacityOptions{})
			require.NoError(t, err)
			assert.Equal(t, l.Covered, rr.RMs[0].Covered)
			assert.Equal(t, l.Demand, rr.RMs[0].Demand)
			uncovered := map[string]bool{}
			for _, k := range l.Uncovered {
				uncovered[tt.clients[k].Client] = true
			}
			for _, k := range rr.RMs[0].Uncovered {
				assert.True(t, uncovered[rev[0].Clients[k].Client], "same clients uncovered")
			}
		})
	}
}

// The covered clients of a report never need more than the capacity, and
// every uncovered client needed more than was left when its turn came: a
// naive reference of the greedy rule over a larger book.
func TestCapacityReportAgainstReference(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	strategies := []*contact.Strategy{capCall, capMessage, capNone, {Name: "visits", Owner: contact.SeniorRM,
		Touches: []contact.Touch{{Channel: vipcare.ChannelVisit, PerYear: 40}}}} // 5,400 minutes
	var rms []contact.Assigned
	for r := 0; r < 5; r++ {
		a := contact.Assigned{RM: fmt.Sprint("rm-", r), Role: contact.RM}
		for i := 0; i < 40*r; i++ {
			a.Clients = append(a.Clients, contact.ClientLoad{
				Client:   fmt.Sprintf("c-%d-%03d", r, i),
				Strategy: strategies[(i*7+r)%len(strategies)],
				Value:    int64((i * 37) % 11),
			})
		}
		rms = append(rms, a)
	}
	r, err := c.Report(rms, contact.CapacityOptions{})
	require.NoError(t, err)
	for i, a := range rms {
		// the reference: repeatedly pick the best remaining client
		left, covered := c.Minutes(), 0
		done := make([]bool, len(a.Clients))
		var uncovered []int
		for range a.Clients {
			best := -1
			for k, cl := range a.Clients {
				if done[k] {
					continue
				}
				if best < 0 || cl.Value > a.Clients[best].Value ||
					cl.Value == a.Clients[best].Value && cl.Client < a.Clients[best].Client {
					best = k
				}
			}
			done[best] = true
			if d := c.ClientMinutes(a.Clients[best].Strategy); d <= left {
				left -= d
				covered++
			} else {
				uncovered = append(uncovered, best)
			}
		}
		l := r.RMs[i]
		assert.Equal(t, covered, l.Covered, a.RM)
		assert.ElementsMatch(t, uncovered, l.Uncovered, a.RM)
		assert.Equal(t, len(a.Clients)-covered, len(l.Uncovered), a.RM)
	}
}

func TestCapacityReportErrors(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	bad := &contact.Strategy{Name: "bad", Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 2}, {Channel: 0, PerYear: 1}, {Channel: vipcare.ChannelSMS, PerYear: -3}}}
	const secret = "CLIENT-CAP-4711"
	rms := []contact.Assigned{
		{RM: "", Role: contact.RM},
		{RM: "dup", Role: contact.RM, Clients: []contact.ClientLoad{{Client: secret, Strategy: capCall}}},
		{RM: "dup", Role: 0, Clients: []contact.ClientLoad{
			{Client: secret, Strategy: capCall}, // assigned twice
			{Client: "", Strategy: capCall},
			{Client: "c-nil", Strategy: nil},
			{Client: "c-bad-1", Strategy: bad},
			{Client: "c-bad-2", Strategy: bad}, // reported once, at its first client
		}},
	}
	before := capClone(rms)
	r, err := c.Report(rms, contact.CapacityOptions{UnderShare: -1})
	assert.Zero(t, r)
	capCheckErrors(t, err, []capWant{
		{"options.under_share", "", contact.ErrSetting},
		{"rms[0].rm", "", contact.ErrName},
		{"rms[2].rm", "dup", contact.ErrName},
		{"rms[2].role", "dup", contact.ErrEmpty},
		{"rms[2].clients[0].client", "", contact.ErrName},
		{"rms[2].clients[1].client", "", contact.ErrName},
		{"rms[2].clients[2].strategy", "", contact.ErrEmpty},
		{"rms[2].clients[3].strategy.touches[1].channel", "bad", contact.ErrUnknown},
		{"rms[2].clients[3].strategy.touches[2].per_year", "bad", contact.ErrSetting},
	})
	assert.NotContains(t, err.Error(), secret)
	assert.NotContains(t, err.Error(), "c-bad")
	assert.True(t, errors.Is(err, contact.ErrName))
	assert.Equal(t, before, rms, "input unchanged")

	_, err = c.Report(nil, contact.CapacityOptions{UnderShare: vipcare.Whole + 1})
	capCheckErrors(t, err, []capWant{{"options.under_share", "", contact.ErrSetting}})
}

func TestCapacityReportEmpty(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	r, err := c.Report(nil, contact.CapacityOptions{})
	require.NoError(t, err)
	assert.Equal(t, contact.CapacityReport{RMs: []contact.RMLoad{}}, r)
	assert.Equal(t, "rm     role  clients  demand h  capacity h  utilisation  coverage  status\n"+
		"total              0         0           0         0.0%         -\n", r.String())
}

func TestCapacityReportStringHidesClients(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	const secret = "CLIENT-CAP-4711"
	rms := []contact.Assigned{{RM: "rm-1", Role: contact.RM, Clients: []contact.ClientLoad{
		{Client: secret, Strategy: capCall, Value: 1}}}}
	r, err := c.Report(rms, contact.CapacityOptions{})
	require.NoError(t, err)
	assert.NotContains(t, r.String(), secret)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", r, r, r), secret)
}

func TestCapacityConcurrent(t *testing.T) {
	c := contact.MustCapacity(contact.ReferenceWorkload())
	rms := []contact.Assigned{
		{RM: "a", Role: contact.RM, Clients: capBook("a", 80, capCall)},
		{RM: "b", Role: contact.RM, Clients: capBook("b", 50, capMessage)},
	}
	want, err := c.Report(rms, contact.CapacityOptions{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := c.Report(rms, contact.CapacityOptions{})
			assert.NoError(t, err)
			assert.Equal(t, want, got)
			n, err := c.BookSize([]contact.MixEntry{{capCall, vipcare.Whole / 2}, {capMessage, vipcare.Whole / 2}})
			assert.NoError(t, err)
			assert.Equal(t, 98, n)
		}()
	}
	wg.Wait()
}
