package rm_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
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
//	a manager with 80 capCall clients: demand 76,800, over; utilisation 76,800 / 68,640 = 1.118881;
//	           covered 71 (71 x 960 = 68,160; a 72nd would need 69,120); coverage 71/80 = 0.8875
//	a manager with 60 capCall clients: demand 57,600, utilisation 0.839160, ok, all covered
//	a manager with 40 capCall clients: demand 38,400, utilisation 0.559440, under 70%, all covered
var (
	capCall = &contact.Strategy{Name: "call", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 12}, {Channel: vipcare.ChannelVisit, PerYear: 4}}}
	capMessage = &contact.Strategy{Name: "message", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelPhone, PerYear: 4}, {Channel: vipcare.ChannelSecureMessage, PerYear: 12}}}
	capNone = &contact.Strategy{Name: "none", Owner: contact.DigitalTeam}
)

// capBook returns n clients of manager rmID under s, named prefix-000 on,
// with values n, n-1, ...
func capBook(c *rm.Capacity, prefix string, n int, s *contact.Strategy, rmID string) []rm.Client {
	out := make([]rm.Client, n)
	for i := range out {
		out[i] = rm.Client{ID: fmt.Sprintf("%s-%03d", prefix, i), Role: s.Owner, Minutes: c.ClientMinutes(s),
			Value: int64(n - i), RM: rmID}
	}
	return out
}

// touchMinutes returns the minutes one touch on ch takes under c,
// preparation included.
func touchMinutes(c *rm.Capacity, ch vipcare.Channel) int {
	return c.ClientMinutes(&contact.Strategy{Touches: []contact.Touch{{Channel: ch, PerYear: 1}}})
}

func TestCapacityHandComputed(t *testing.T) {
	c, err := rm.ReferenceWorkload().Compile(nil)
	require.NoError(t, err)
	assert.Equal(t, 68_640, c.Minutes())

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
			{Channel: "", PerYear: 3}, {Channel: "fax", PerYear: 3},
			{Channel: vipcare.ChannelPhone, PerYear: -2}, {Channel: vipcare.ChannelPhone, PerYear: 1}}},
			35},
		{"saturates", &contact.Strategy{Touches: []contact.Touch{
			{Channel: vipcare.ChannelVisit, PerYear: 1 << 50}}},
			1 << 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before contact.Strategy
			if tt.s != nil {
				before = *tt.s
				before.Touches = append([]contact.Touch(nil), tt.s.Touches...)
			}
			assert.Equal(t, tt.want, c.ClientMinutes(tt.s))
			assert.Equal(t, tt.want, c.ClientMinutes(tt.s), "same answer twice")
			if tt.s != nil {
				assert.Equal(t, before, *tt.s, "strategy unchanged")
			}
		})
	}

	// One touch is its channel's minutes plus the preparation.
	assert.Equal(t, 135, touchMinutes(c, vipcare.ChannelVisit))
	assert.Equal(t, 17, touchMinutes(c, vipcare.ChannelSMS))
	assert.Equal(t, 0, touchMinutes(c, ""))
	assert.Equal(t, 0, touchMinutes(c, "fax"))
}

// The minutes for clients are the hours less the admin share, rounded down.
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
			w := rm.ReferenceWorkload()
			w.HoursPerYear = tt.hours
			w.AdminShare = testkit.Dec(tt.admin)
			c, err := w.Compile(nil)
			if tt.want == 0 {
				testkit.CheckProblems(t, err, testkit.Want{Path: "/hours_per_year", Err: policy.ErrOutOfRange})
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Minutes())
		})
	}
}

func TestWorkloadCompileErrors(t *testing.T) {
	missing := func(ch string) testkit.Want {
		return testkit.Want{Path: "/minutes/" + ch, Name: ch, Err: policy.ErrMissing}
	}
	tests := []struct {
		name string
		edit func(w *rm.Workload)
		want []testkit.Want
	}{
		{"zero workload", func(w *rm.Workload) { *w = rm.Workload{} }, []testkit.Want{
			missing("branch"), missing("visit"), missing("phone"), missing("video"), missing("secure_message"),
			missing("wechat"), missing("sms"), missing("email"), missing("mail"),
			{Path: "/hours_per_year", Err: policy.ErrOutOfRange}}},
		{"everything wrong at once", func(w *rm.Workload) {
			delete(w.Minutes, vipcare.ChannelPhone)
			w.Minutes[vipcare.ChannelVisit] = -1
			w.Minutes[vipcare.ChannelMail] = 24*60 + 1
			w.Minutes[""] = 5
			w.Minutes["fax/telex"] = 5
			w.Preparation = -1
			w.AdminShare = decimal.NewFromInt(1)
			w.HoursPerYear = 0
			w.UnderShare = decimal.NewFromInt(-1)
		}, []testkit.Want{
			{Path: "/preparation", Err: policy.ErrOutOfRange},
			{Path: "/minutes/", Name: "", Err: policy.ErrUnknown},
			{Path: "/minutes/fax~1telex", Name: "fax/telex", Err: policy.ErrUnknown},
			{Path: "/minutes/visit", Name: "visit", Err: policy.ErrOutOfRange},
			missing("phone"),
			{Path: "/minutes/mail", Name: "mail", Err: policy.ErrOutOfRange},
			{Path: "/admin_share", Err: policy.ErrOutOfRange},
			{Path: "/hours_per_year", Err: policy.ErrOutOfRange},
			{Path: "/under_share", Err: policy.ErrOutOfRange}}},
		{"negative admin share", func(w *rm.Workload) { w.AdminShare = testkit.Dec("-0.1") },
			[]testkit.Want{{Path: "/admin_share", Err: policy.ErrOutOfRange}}},
		{"admin share with seven places", func(w *rm.Workload) { w.AdminShare = testkit.Dec("0.3500001") },
			[]testkit.Want{{Path: "/admin_share", Err: policy.ErrOutOfRange}}},
		{"admin share with a huge exponent", func(w *rm.Workload) { w.AdminShare = decimal.New(1, -2_000_000_000) },
			[]testkit.Want{{Path: "/admin_share", Err: policy.ErrOutOfRange}}},
		{"too many hours", func(w *rm.Workload) { w.HoursPerYear = 8784 + 1 },
			[]testkit.Want{{Path: "/hours_per_year", Err: policy.ErrOutOfRange}}},
		{"too much preparation", func(w *rm.Workload) { w.Preparation = 24*60 + 1 },
			[]testkit.Want{{Path: "/preparation", Err: policy.ErrOutOfRange}}},
		{"under share above the whole", func(w *rm.Workload) { w.UnderShare = testkit.Dec("1.000001") },
			[]testkit.Want{{Path: "/under_share", Err: policy.ErrOutOfRange}}},
		{"under share with seven places", func(w *rm.Workload) { w.UnderShare = testkit.Dec("0.7000001") },
			[]testkit.Want{{Path: "/under_share", Err: policy.ErrOutOfRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := rm.ReferenceWorkload()
			tt.edit(&w)
			c, err := w.Compile(nil)
			assert.Nil(t, c)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Panics(t, func() { policy.Must(w.Compile(nil)) })
		})
	}

	t.Run("unknown channel lists the channels", func(t *testing.T) {
		w := rm.ReferenceWorkload()
		w.Minutes["fax"] = 5
		_, err := w.Compile(nil)
		ps := testkit.Problems(t, err)
		require.Len(t, ps, 1)
		assert.Equal(t, []string{"branch", "visit", "phone", "video", "secure_message", "wechat", "sms", "email", "mail"},
			ps[0].Choices)
	})

	t.Run("boundaries are allowed", func(t *testing.T) {
		w := rm.ReferenceWorkload()
		w.Minutes[vipcare.ChannelSMS] = 0
		w.Minutes[vipcare.ChannelVisit] = 24 * 60
		w.Preparation = 0
		w.AdminShare = testkit.Dec("0.999999")
		w.HoursPerYear = 8784 // 527,040 x 0.000001 = 0.527: no whole minute
		w.UnderShare = decimal.NewFromInt(1)
		_, err := w.Compile(nil)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/hours_per_year", Err: policy.ErrOutOfRange})
		w.AdminShare = testkit.Dec("0.99")
		c, err := w.Compile(nil)
		require.NoError(t, err)
		assert.Equal(t, 5270, c.Minutes()) // 527,040 x 0.01 = 5,270.4
		assert.Equal(t, 0, touchMinutes(c, vipcare.ChannelSMS))
		assert.Equal(t, 24*60, touchMinutes(c, vipcare.ChannelVisit))
	})

	t.Run("workload not kept", func(t *testing.T) {
		w := rm.ReferenceWorkload()
		c := policy.Must(w.Compile(nil))
		w.Minutes[vipcare.ChannelPhone] = 1000
		assert.Equal(t, 35, touchMinutes(c, vipcare.ChannelPhone))
	})

	t.Run("reference is a new value each call", func(t *testing.T) {
		w := rm.ReferenceWorkload()
		w.Minutes[vipcare.ChannelPhone] = 1000
		assert.Equal(t, 20, rm.ReferenceWorkload().Minutes[vipcare.ChannelPhone])
	})
}

// The paths of problems point into the workload's JSON form.
func TestWorkloadJSONForm(t *testing.T) {
	w := rm.ReferenceWorkload()
	w.UnderShare = testkit.Dec("0.6")
	b, err := json.Marshal(w)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m))
	for _, key := range []string{"minutes", "preparation", "admin_share", "hours_per_year", "under_share"} {
		assert.Contains(t, m, key)
	}
	var back rm.Workload
	require.NoError(t, json.Unmarshal(b, &back))
	c1, c2 := policy.Must(w.Compile(nil)), policy.Must(back.Compile(nil))
	assert.Equal(t, c1, c2, "the JSON form compiles to the same capacity")
}

func TestCapacityBookSize(t *testing.T) {
	c := refCapacity()
	half := vipcare.Whole / 2
	tests := []struct {
		name string
		mix  []rm.MixEntry
		want int
	}{
		{"call alone", []rm.MixEntry{{capCall, vipcare.Whole}}, 71},
		{"message alone", []rm.MixEntry{{capMessage, vipcare.Whole}}, 156},
		{"half and half", []rm.MixEntry{{capCall, half}, {capMessage, half}}, 98},
		{"a quarter call", []rm.MixEntry{{capCall, 250_000}, {capMessage, 750_000}}, 120},
		{"a zero share counts nothing", []rm.MixEntry{{capCall, 0}, {capMessage, vipcare.Whole}}, 156},
		{"clients with no touches widen the book", []rm.MixEntry{{capCall, half}, {capNone, half}}, 143}, // 68,640 / 480
		{"the same strategy twice", []rm.MixEntry{{capCall, half}, {capCall, half}}, 71},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.mix)
			got, err := c.BookSize(tt.mix)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := c.BookSize(tt.mix)
			require.NoError(t, err)
			assert.Equal(t, got, again, "same answer twice")
			assert.Equal(t, before, tt.mix, "mix unchanged")
		})
	}
	assert.Equal(t, 960, c.ClientMinutes(capCall), "strategies unchanged")

	bad := &contact.Strategy{Name: "bad", Touches: []contact.Touch{{Channel: "fax", PerYear: -1}}}
	errTests := []struct {
		name string
		mix  []rm.MixEntry
		want []testkit.Want
	}{
		{"empty", nil, []testkit.Want{{Path: "", Err: policy.ErrMissing}}},
		{"shares short of the whole", []rm.MixEntry{{capCall, half}, {capMessage, half - 1}},
			[]testkit.Want{{Path: "", Err: policy.ErrOutOfRange}}},
		{"shares over the whole", []rm.MixEntry{{capCall, half}, {capMessage, half + 1}},
			[]testkit.Want{{Path: "", Err: policy.ErrOutOfRange}}},
		{"bad parts at once", []rm.MixEntry{{nil, half}, {capCall, -1}, {capMessage, vipcare.Whole + 1}, {bad, half}},
			[]testkit.Want{
				{Path: "/0/strategy", Err: policy.ErrMissing},
				{Path: "/1/share", Err: policy.ErrOutOfRange},
				{Path: "/2/share", Err: policy.ErrOutOfRange},
				{Path: "/3/strategy/touches/0/channel", Name: "fax", Err: policy.ErrUnknown},
				{Path: "/3/strategy/touches/0/per_year", Name: "bad", Err: policy.ErrOutOfRange}}},
		{"no minutes at all, no limit", []rm.MixEntry{{capNone, vipcare.Whole}},
			[]testkit.Want{{Path: "", Err: policy.ErrMissing}}},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.BookSize(tt.mix)
			assert.Zero(t, got)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

// capReportBook is the hand-computed book: four managers, and clients of
// the first three, in order.
func capReportBook(c *rm.Capacity) rm.Book {
	b := rm.Book{Managers: []rm.Manager{
		{ID: "rm-over", Role: contact.RM},
		{ID: "rm-ok", Role: contact.SeniorRM},
		{ID: "rm-under", Role: contact.RM},
		{ID: "rm-empty", Role: contact.PrivateBanker},
	}}
	b.Clients = append(b.Clients, capBook(c, "o", 80, capCall, "rm-over")...)
	b.Clients = append(b.Clients, capBook(c, "k", 60, capCall, "rm-ok")...)
	b.Clients = append(b.Clients, capBook(c, "u", 40, capCall, "rm-under")...)
	return b
}

func TestCapacityReportLoad(t *testing.T) {
	c := refCapacity()
	b := capReportBook(c)
	want := []rm.Load{
		{RM: "rm-over", Role: contact.RM, Clients: 80, Demand: 76_800, Capacity: 68_640, Utilisation: 1_118_881,
			Covered: 71, Coverage: 887_500, Uncovered: []int{71, 72, 73, 74, 75, 76, 77, 78, 79}, Over: true},
		{RM: "rm-ok", Role: contact.SeniorRM, Clients: 60, Demand: 57_600, Capacity: 68_640, Utilisation: 839_160,
			Covered: 60, Coverage: vipcare.Whole},
		{RM: "rm-under", Role: contact.RM, Clients: 40, Demand: 38_400, Capacity: 68_640, Utilisation: 559_440,
			Covered: 40, Coverage: vipcare.Whole, Under: true},
		{RM: "rm-empty", Role: contact.PrivateBanker, Capacity: 68_640, Under: true},
	}
	before := cloneBook(b)
	r, err := c.Report(b)
	require.NoError(t, err)
	assert.Equal(t, want, r.Managers)
	assert.Equal(t, 180, r.Clients)
	assert.Equal(t, 171, r.Covered)
	assert.Equal(t, vipcare.Share(950_000), r.Coverage) // 171 / 180
	assert.Equal(t, 172_800, r.Demand)
	assert.Equal(t, 4*68_640, r.Capacity)
	assert.Equal(t, vipcare.Share(629_370), r.Utilisation) // 172,800 / 274,560 = 0.629370...
	assert.Zero(t, r.Unassigned)
	assert.Equal(t, []string{"rm-over"}, r.Over)
	assert.Equal(t, []string{"rm-under", "rm-empty"}, r.Under)

	again, err := c.Report(b)
	require.NoError(t, err)
	assert.Equal(t, r, again, "same answer twice")
	assert.Equal(t, before, b, "input unchanged")

	t.Run("under share of the workload", func(t *testing.T) {
		tests := []struct {
			name  string
			under string
			want  []string
		}{
			{"default is 70%", "0", []string{"rm-under", "rm-empty"}},
			{"55.9% is not under 55.944%", "0.55944", []string{"rm-empty"}},
			{"one millionth more is", "0.559441", []string{"rm-under", "rm-empty"}},
			{"the whole: every manager not over", "1", []string{"rm-ok", "rm-under", "rm-empty"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := rm.ReferenceWorkload()
				w.UnderShare = testkit.Dec(tt.under)
				r, err := policy.Must(w.Compile(nil)).Report(b)
				require.NoError(t, err)
				assert.Equal(t, tt.want, r.Under)
				assert.Equal(t, []string{"rm-over"}, r.Over)
			})
		}
	})

	t.Run("at capacity is not over", func(t *testing.T) {
		w := rm.ReferenceWorkload()
		w.AdminShare = decimal.Zero
		w.HoursPerYear = 16 // 960 minutes: one capCall client exactly
		c := policy.Must(w.Compile(nil))
		r, err := c.Report(rm.Book{Managers: []rm.Manager{{ID: "a", Role: contact.RM}},
			Clients: capBook(c, "a", 1, capCall, "a")})
		require.NoError(t, err)
		assert.False(t, r.Managers[0].Over)
		assert.False(t, r.Managers[0].Under)
		assert.Equal(t, vipcare.Whole, r.Managers[0].Utilisation)
		assert.Equal(t, 1, r.Managers[0].Covered)
	})

	t.Run("a manager's own minutes", func(t *testing.T) {
		b := cloneBook(b)
		b.Managers[0].Minutes = 76_800 // the over-loaded manager part-time no more
		b.Managers[2].Minutes = 38_400 // the under-loaded one half-time
		r, err := c.Report(b)
		require.NoError(t, err)
		assert.Equal(t, 76_800, r.Managers[0].Capacity)
		assert.Equal(t, vipcare.Whole, r.Managers[0].Utilisation)
		assert.Equal(t, 80, r.Managers[0].Covered)
		assert.Nil(t, r.Managers[0].Uncovered)
		assert.Equal(t, 38_400, r.Managers[2].Capacity)
		assert.Empty(t, r.Over)
		assert.Equal(t, []string{"rm-empty"}, r.Under)
	})

	t.Run("clients with no manager", func(t *testing.T) {
		b := cloneBook(b)
		b.Clients[0].RM = ""             // a client of rm-over with no manager now
		b.Clients[1].RM = "rm-left-bank" // and one whose manager left
		r, err := c.Report(b)
		require.NoError(t, err)
		assert.Equal(t, 2, r.Unassigned)
		assert.Equal(t, 78, r.Managers[0].Clients, "unassigned clients count in no row")
		assert.Equal(t, 76_800-2*960, r.Managers[0].Demand)
		assert.Equal(t, []int{73, 74, 75, 76, 77, 78, 79}, r.Managers[0].Uncovered, "positions in the book")
		assert.Equal(t, 180, r.Clients, "the book's clients, unassigned included")
		assert.Equal(t, 172_800, r.Demand, "the book's demand, unassigned included")
		assert.Equal(t, 171, r.Covered)
		assert.Equal(t, vipcare.Share(950_000), r.Coverage, "a client with no manager is not covered")
		assert.Contains(t, r.String(), "\n-                               2        32           0            -      0.0%\n"+
			"total                         180     2,880       4,576        62.9%     95.0%\n")
	})
}

// A small workload where value order decides who is covered: 600 minutes
// a year, a phone call 100 minutes, no preparation.
func TestCapacityReportCoverageByValue(t *testing.T) {
	w := rm.ReferenceWorkload()
	w.Minutes[vipcare.ChannelPhone] = 100
	w.Preparation = 0
	w.AdminShare = decimal.Zero
	w.HoursPerYear = 10
	c := policy.Must(w.Compile(nil))
	require.Equal(t, 600, c.Minutes())
	calls := func(n int) int {
		return c.ClientMinutes(&contact.Strategy{Owner: contact.RM,
			Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: n}}})
	}
	cl := func(id string, minutes int, value int64) rm.Client {
		return rm.Client{ID: id, Role: contact.RM, Minutes: minutes, Value: value, RM: "rm"}
	}
	four, three, two := calls(4), calls(3), calls(2)

	tests := []struct {
		name      string
		clients   []rm.Client
		covered   int
		uncovered []int
		tie       bool // a tie decides who is covered: the book's order does
		reason    string
	}{
		{"highest value first, then a smaller one fits", []rm.Client{
			cl("c2", three, 90), cl("c3", two, 90), cl("c1", four, 100)}, 2, []int{0}, true,
			"c1 takes 400; c2 (tie at 90, first in the book) needs 300 of the 200 left; c3 takes the last 200"},
		{"value beats size", []rm.Client{
			cl("small", two, 1), cl("big", calls(6), 2)}, 1, []int{0}, false,
			"big takes all 600; small no longer fits"},
		{"ties in the order of the book, not by ID", []rm.Client{
			cl("b", four, 5), cl("a", four, 5)}, 1, []int{1}, true,
			"b comes first in the book, though a sorts first"},
		{"resident ID numbers do not order clients", []rm.Client{
			cl("110101199003070025", four, 5), cl("110101199003070011", four, 5)}, 1, []int{1}, true,
			"the first in the book is covered, whatever the gender digit (the 17th) of the ID"},
		{"no minutes is always covered", []rm.Client{
			cl("p", calls(6), 9), cl("q", 0, 0), cl("r", two, 1)}, 2, []int{2}, false,
			"p takes all 600; q needs nothing; r does not fit"},
		{"one client bigger than the year", []rm.Client{
			cl("huge", calls(7), 9), cl("s", two, 1)}, 1, []int{0}, false,
			"huge needs 700 of 600, s fits"},
		{"a workload beyond any year", []rm.Client{
			cl("vast", 1<<62, 9), cl("t", two, 1)}, 1, []int{0}, false,
			"vast's demand saturates; t fits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rm.Book{Managers: []rm.Manager{{ID: "rm", Role: contact.RM}}, Clients: tt.clients}
			before := cloneBook(b)
			r, err := c.Report(b)
			require.NoError(t, err)
			l := r.Managers[0]
			assert.Equal(t, tt.covered, l.Covered, tt.reason)
			assert.Equal(t, tt.uncovered, l.Uncovered, tt.reason)
			assert.Equal(t, len(tt.clients), l.Clients)
			assert.LessOrEqual(t, l.Demand, 1<<40)
			again, err := c.Report(b)
			require.NoError(t, err)
			assert.Equal(t, r, again, "same answer twice")
			assert.Equal(t, before, b, "input unchanged")

			// Swapping the clients' IDs changes nothing: no order reads an
			// ID's content.
			swapped := cloneBook(b)
			for i := range swapped.Clients {
				swapped.Clients[i].ID = b.Clients[len(b.Clients)-1-i].ID
			}
			rs, err := c.Report(swapped)
			require.NoError(t, err)
			assert.Equal(t, l, rs.Managers[0], "IDs swapped")

			// Reversing the book changes positions, and the outcome of a
			// tie only.
			if tt.tie {
				return
			}
			rev := cloneBook(b)
			n := len(rev.Clients)
			for i := 0; i < n/2; i++ {
				rev.Clients[i], rev.Clients[n-1-i] = rev.Clients[n-1-i], rev.Clients[i]
			}
			rr, err := c.Report(rev)
			require.NoError(t, err)
			assert.Equal(t, l.Covered, rr.Managers[0].Covered)
			assert.Equal(t, l.Demand, rr.Managers[0].Demand)
			uncovered := map[string]bool{}
			for _, k := range l.Uncovered {
				uncovered[tt.clients[k].ID] = true
			}
			for _, k := range rr.Managers[0].Uncovered {
				assert.True(t, uncovered[rev.Clients[k].ID], "same clients uncovered")
			}
		})
	}
}

// The covered clients of a report never need more than the capacity, and
// every uncovered client needed more than was left when its turn came: a
// naive reference of the greedy rule over a larger book, whose clients of
// different managers are interleaved.
func TestCapacityReportAgainstReference(t *testing.T) {
	c := refCapacity()
	minutes := []int{c.ClientMinutes(capCall), c.ClientMinutes(capMessage), 0, 5_400}
	var b rm.Book
	for r := 0; r < 5; r++ {
		b.Managers = append(b.Managers, rm.Manager{ID: fmt.Sprint("rm-", r), Role: contact.RM})
	}
	for i := 0; i < 400; i++ {
		r := (i * 7) % 6 // 5 is no manager
		b.Clients = append(b.Clients, rm.Client{
			ID:      fmt.Sprintf("c-%d-%03d", r, i),
			Role:    contact.RM,
			Minutes: minutes[(i*7+r)%len(minutes)],
			Value:   int64((i * 37) % 11),
			RM:      fmt.Sprint("rm-", r),
		})
	}
	r, err := c.Report(b)
	require.NoError(t, err)
	unassigned := 0
	for _, cl := range b.Clients {
		if cl.RM == "rm-5" {
			unassigned++
		}
	}
	assert.Equal(t, unassigned, r.Unassigned)
	assert.Equal(t, len(b.Clients), r.Clients)
	total, allCovered := 0, 0
	for j, m := range b.Managers {
		// the reference: repeatedly pick the best remaining client
		left, covered, demand := c.Minutes(), 0, 0
		var mine []int
		for i, cl := range b.Clients {
			if cl.RM == m.ID {
				mine = append(mine, i)
				demand += cl.Minutes
			}
		}
		done := map[int]bool{}
		var uncovered []int
		for range mine {
			best := -1
			for _, k := range mine {
				if done[k] {
					continue
				}
				if best < 0 || b.Clients[k].Value > b.Clients[best].Value ||
					b.Clients[k].Value == b.Clients[best].Value && b.Clients[k].ID < b.Clients[best].ID {
					best = k
				}
			}
			done[best] = true
			if d := b.Clients[best].Minutes; d <= left {
				left -= d
				covered++
			} else {
				uncovered = append(uncovered, best)
			}
		}
		l := r.Managers[j]
		assert.Equal(t, len(mine), l.Clients, m.ID)
		assert.Equal(t, demand, l.Demand, m.ID)
		assert.Equal(t, covered, l.Covered, m.ID)
		assert.ElementsMatch(t, uncovered, l.Uncovered, m.ID)
		assert.Equal(t, l.Demand > l.Capacity, l.Over, m.ID)
		allCovered += covered
	}
	assert.Equal(t, allCovered, r.Covered)
	for _, cl := range b.Clients {
		total += cl.Minutes
	}
	assert.Equal(t, total, r.Demand, "the book's demand")
}

func TestCapacityReportErrors(t *testing.T) {
	c := refCapacity()
	const secret = "CLIENT-CAP-4711"
	b := rm.Book{
		Managers: []rm.Manager{
			{ID: "", Role: contact.RM},
			{ID: "dup", Role: contact.RM},
			{ID: "dup", Role: 0, Minutes: -1, MinutesPerDay: 1441, Workdays: []time.Weekday{time.Monday, 7, -1}},
		},
		Clients: []rm.Client{
			{ID: secret, Role: contact.RM, Minutes: 960, RM: "dup"},
			{ID: secret, Role: contact.RM, Minutes: 960, RM: "dup"}, // twice
			{ID: "", Role: contact.RM},
			{ID: "c-no-role", Minutes: -1, Value: -7},
			{ID: "c-big-1", Role: contact.RM, Value: math.MaxInt64 - 1},
			{ID: "c-big-2", Role: contact.RM, Value: 2},       // the total overflows here
			{ID: "c-big-3", Role: contact.RM, Value: 1 << 62}, // reported once, at the first overflow
		},
	}
	before := cloneBook(b)
	r, err := c.Report(b)
	assert.Zero(t, r)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/managers/0/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/managers/2/id", Name: "dup", Err: policy.ErrDuplicate},
		testkit.Want{Path: "/managers/2/role", Name: "dup", Err: policy.ErrMissing},
		testkit.Want{Path: "/managers/2/minutes", Name: "dup", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/managers/2/minutes_per_day", Name: "dup", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/managers/2/workdays/1", Name: "dup", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/managers/2/workdays/2", Name: "dup", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/clients/1/id", Err: policy.ErrDuplicate},
		testkit.Want{Path: "/clients/2/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/clients/3/role", Err: policy.ErrMissing},
		testkit.Want{Path: "/clients/3/minutes", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/clients/3/value", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/clients/5/value", Err: policy.ErrOutOfRange},
	)
	for _, id := range []string{secret, "c-no-role", "c-big"} {
		assert.NotContains(t, err.Error(), id, "errors never name a client")
	}
	assert.ErrorIs(t, err, policy.ErrDuplicate)
	assert.Equal(t, before, b, "input unchanged")
}

func TestCapacityReportEmpty(t *testing.T) {
	c := refCapacity()
	r, err := c.Report(rm.Book{})
	require.NoError(t, err)
	assert.Equal(t, rm.LoadReport{Managers: []rm.Load{}}, r)
	assert.Equal(t, "rm     role  clients  demand h  capacity h  utilisation  coverage  status\n"+
		"total              0         0           0         0.0%         -\n", r.String())
}

func TestCapacityReportStringHidesClients(t *testing.T) {
	c := refCapacity()
	const secret = "CLIENT-CAP-4711"
	b := rm.Book{Managers: []rm.Manager{{ID: "rm-1", Role: contact.RM}},
		Clients: []rm.Client{{ID: secret, Role: contact.RM, Minutes: 960, Value: 1, RM: "rm-1"}}}
	r, err := c.Report(b)
	require.NoError(t, err)
	assert.NotContains(t, r.String(), secret)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", r, r, r), secret)
}

// A client prints and logs without its ID or value through every channel.
func TestClientRedacted(t *testing.T) {
	const secret, value = "CLIENT-SECRET-1", 987_654_321
	cl := rm.Client{ID: secret, Role: contact.SeniorRM, Branch: "SH", Language: "yue", Minutes: 960, Value: value,
		RM: "RM-7", Contact: vipcare.Preferences{Discreet: true}}
	outs := testkit.AssertRedacted(t, cl, secret, strconv.Itoa(value))
	assert.True(t, testkit.Contains(outs, "senior_rm"), "the role is shown")
	assert.True(t, testkit.Contains(outs, "RM-7"), "the manager is shown")
}

// An allocation prints and logs without its client's ID through every
// channel, alone and inside the roster Assign returns.
func TestAllocationRedacted(t *testing.T) {
	const secret = "CLIENT-ALLOC-5150"
	c := refCapacity()
	b := rm.Book{Managers: []rm.Manager{{ID: "rm-1", Role: contact.RM}},
		Clients: []rm.Client{{ID: secret, Role: contact.RM, Minutes: 960, Value: 1, RM: "rm-1"}}}
	r, err := c.Assign(b, rm.AssignOptions{})
	require.NoError(t, err)
	require.Len(t, r.Allocations, 1)
	outs := testkit.AssertRedacted(t, r.Allocations[0], secret)
	assert.True(t, testkit.Contains(outs, "rm-1"), "the manager is shown")
	assert.True(t, testkit.Contains(outs, string(rm.CodeStayed)), "the outcome is shown")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", r, r, r, r), secret, "the roster")
}

func TestCapacityConcurrent(t *testing.T) {
	c := refCapacity()
	b := rm.Book{Managers: []rm.Manager{{ID: "a", Role: contact.RM}, {ID: "b", Role: contact.RM}}}
	b.Clients = append(capBook(c, "a", 80, capCall, "a"), capBook(c, "b", 50, capMessage, "b")...)
	want, err := c.Report(b)
	require.NoError(t, err)
	wantRoster, err := c.Assign(b, rm.AssignOptions{MaxMoves: -1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := c.Report(b)
			assert.NoError(t, err)
			assert.Equal(t, want, got)
			n, err := c.BookSize([]rm.MixEntry{{capCall, vipcare.Whole / 2}, {capMessage, vipcare.Whole / 2}})
			assert.NoError(t, err)
			assert.Equal(t, 98, n)
			assert.Equal(t, 960, c.ClientMinutes(capCall))
			r, err := c.Assign(b, rm.AssignOptions{MaxMoves: -1})
			assert.NoError(t, err)
			assert.Equal(t, wantRoster, r)
		}()
	}
	wg.Wait()
}

// A measure of work that does not depend on the machine: Report, Assign
// and Schedule allocate per manager, per class of client and per unmet
// task, never per client or per task scheduled, so twenty times the book
// costs far less than twenty times the allocations.
func TestAllocationsDoNotGrowWithTheBook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds books of 20,000 clients")
	}
	c := refCapacity()
	allocs := func(n int) (report, assign, schedule float64) {
		b := asgRandom(rand.New(rand.NewPCG(1, 2)), n, 12)
		report = testing.AllocsPerRun(2, func() { _, _ = c.Report(b) })
		assign = testing.AllocsPerRun(2, func() { _, _ = c.Assign(b, rm.AssignOptions{MaxMoves: -1}) })
		// ample capacity: every task is scheduled
		in := planIn{asOf: plAsOf, horizon: 60,
			book: rm.Book{Managers: []rm.Manager{{ID: "R01", Role: contact.RM, MinutesPerDay: 1440, Minutes: 1}}}}
		for i := range n {
			in.tasks = append(in.tasks, contact.Task{Client: fmt.Sprint("C", i), Kind: "cadence",
				Channel: vipcare.ChannelSecureMessage, RM: "R01", Minutes: 0})
		}
		in.book = withTaskClients(in.book, in.tasks)
		schedule = testing.AllocsPerRun(2, func() { _, _ = c.Schedule(in.book, in.tasks, in.asOf, in.horizon) })
		return report, assign, schedule
	}
	r1, a1, s1 := allocs(1_000)
	r20, a20, s20 := allocs(20_000)
	assert.Less(t, r20, 3*r1, "Report: %v allocations for 1,000 clients, %v for 20,000", r1, r20)
	assert.Less(t, a20, 3*a1, "Assign: %v allocations for 1,000 clients, %v for 20,000", a1, a20)
	// Schedule's book has a client per task here, and the index of the
	// book's clients, a map, takes a table per thousand or so of them.
	assert.Less(t, s20, 3*s1+20_000/200, "Schedule: %v allocations for 1,000 tasks, %v for 20,000", s1, s20)
}

// Capacity keeps touch minutes by channel in an array of nChannels: the
// zero Capacity measures nothing rather than panicking, and the array has
// a place for every channel of vipcare.
func TestZeroCapacityAndChannels(t *testing.T) {
	var c rm.Capacity
	s := &contact.Strategy{Owner: contact.RM, Touches: []contact.Touch{{Channel: vipcare.ChannelPhone, PerYear: 12}}}
	assert.Zero(t, c.ClientMinutes(s))
	for _, ch := range vipcare.Channels() {
		w := rm.ReferenceWorkload()
		require.Contains(t, w.Minutes, ch)
	}
	_, err := rm.ReferenceWorkload().Compile(nil) // fills the array by channel
	require.NoError(t, err)
}
