package contact

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
)

// Bounds of a [Workload], checked by [NewCapacity].
const (
	// MaxTouchMinutes is the most minutes a touch, or its preparation,
	// may take: a working day and night.
	MaxTouchMinutes = 24 * 60
	// MaxHoursPerYear is the most working hours a year may have: every
	// hour of a leap year.
	MaxHoursPerYear = 366 * 24
)

// maxDemand is where yearly minutes saturate (2^40 minutes, some two
// million years of work), so that no client, book or mix can overflow.
const maxDemand = min(1<<40, math.MaxInt/4)

// Workload is the time model behind [Capacity]: how long each kind of touch
// takes and how many hours an RM really has for clients. Start from
// [ReferenceWorkload] and replace its figures with the bank's own time
// study.
type Workload struct {
	// Minutes are the minutes a touch takes on each channel, travel
	// included for a visit. Every channel from vipcare.ChannelBranch to
	// vipcare.ChannelMail must have an entry, 0 to [MaxTouchMinutes].
	Minutes map[vipcare.Channel]int `json:"minutes"`
	// Preparation is the minutes of preparation and follow-up every
	// touch adds (notes, the CRM record, a product check), 0 to
	// [MaxTouchMinutes].
	Preparation int `json:"preparation"`
	// AdminShare is the share of working hours lost to administration,
	// compliance, internal meetings and training: at least 0 and below 1,
	// with at most six decimal places (a vipcare.Share).
	AdminShare decimal.Decimal `json:"admin_share"`
	// HoursPerYear is the contracted working hours of an RM in a year,
	// 1 to [MaxHoursPerYear].
	HoursPerYear int `json:"hours_per_year"`
}

// ReferenceWorkload returns a workload to start from. Its figures are
// assumptions for a Chinese retail branch, not measurements; a bank should
// replace them with its own time study:
//
//	branch          60 min   a planned meeting at the branch
//	visit          120 min   a visit to the client's home or business, travel included
//	phone           20 min   a review call
//	video           30 min   a video call, a call with a screen to share
//	secure_message  10 min   a personal message in the bank's app
//	wechat          10 min   a personal message in a messaging app
//	sms              2 min   a short personalised text
//	email           10 min   a personal e-mail
//	mail             5 min   a signed letter from a template
//	preparation     15 min   per touch: reading the file, the CRM note, follow-up
//	admin share     0.35     administration, compliance, meetings, training
//	hours per year  1,760    220 days of 8 hours
//
// 1,760 hours is 220 days of 8 hours: the 250 or so working days of a
// Chinese year (weekends and public holidays off) less annual leave, sick
// leave and training days away from the branch. The admin share of 0.35 is
// an assumption that a third or more of an RM's working time goes to work
// other than clients (administration, compliance records, internal
// meetings, training, product campaigns); it is the figure most worth
// measuring, since each point of it is 17.6 hours of client time a year
// per RM. The channel minutes are assumptions too. With these figures an
// RM has 1,760 x 60 x 0.65 = 68,640 minutes (1,144 hours) a year for
// clients. It is a new value each call, for the caller to change.
func ReferenceWorkload() Workload {
	return Workload{
		Minutes: map[vipcare.Channel]int{
			vipcare.ChannelBranch:        60,
			vipcare.ChannelVisit:         120,
			vipcare.ChannelPhone:         20,
			vipcare.ChannelVideo:         30,
			vipcare.ChannelSecureMessage: 10,
			vipcare.ChannelWeChat:        10,
			vipcare.ChannelSMS:           2,
			vipcare.ChannelEmail:         10,
			vipcare.ChannelMail:          5,
		},
		Preparation:  15,
		AdminShare:   decimal.New(35, -2),
		HoursPerYear: 1760,
	}
}

// Capacity is a compiled [Workload]: the minutes each touch takes and the
// minutes an RM has for clients in a year. It measures the yearly workload
// of a client's strategy, the book an RM can serve, and each RM's load
// against capacity. It is immutable and safe for concurrent use.
type Capacity struct {
	touch   [vipcare.ChannelMail + 1]int // minutes per touch, preparation included
	minutes int
	admin   vipcare.Share
}

// NewCapacity compiles w, reporting every problem at once as [*Error]
// values with Path "minutes" (and Name the channel), "preparation",
// "admin_share" or "hours_per_year": a channel with no minutes
// ([ErrEmpty]), an entry for an unspecified or unknown channel
// ([ErrUnknown]), minutes or preparation outside 0 to [MaxTouchMinutes],
// an admin share outside [0, 1) or with more than six decimal places, hours
// outside 1 to [MaxHoursPerYear], or a workload that leaves no whole
// minute for clients ([ErrSetting]). w is not kept.
func NewCapacity(w Workload) (*Capacity, error) {
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	c := &Capacity{}
	prepOK := w.Preparation >= 0 && w.Preparation <= MaxTouchMinutes
	if !prepOK {
		fail("preparation", "", ErrSetting)
	}
	keys := make([]vipcare.Channel, 0, len(w.Minutes))
	for ch := range w.Minutes {
		keys = append(keys, ch)
	}
	slices.Sort(keys)
	for _, ch := range keys {
		if !ch.IsValid() {
			fail("minutes", ch.String(), ErrUnknown)
		}
	}
	for ch := vipcare.ChannelBranch; ch <= vipcare.ChannelMail; ch++ {
		m, ok := w.Minutes[ch]
		switch {
		case !ok:
			fail("minutes", ch.String(), ErrEmpty)
		case m < 0 || m > MaxTouchMinutes:
			fail("minutes", ch.String(), ErrSetting)
		default:
			c.touch[ch] = m + w.Preparation
		}
	}
	admin, ok := num.FromDecimal(w.AdminShare, vipcare.ShareScale, int64(vipcare.Whole)-1)
	if !ok || admin < 0 {
		fail("admin_share", "", ErrSetting)
	}
	hoursOK := w.HoursPerYear >= 1 && w.HoursPerYear <= MaxHoursPerYear
	if !hoursOK {
		fail("hours_per_year", "", ErrSetting)
	}
	if ok && admin >= 0 && hoursOK {
		c.admin = vipcare.Share(admin)
		c.minutes = int(int64(w.HoursPerYear) * 60 * (int64(vipcare.Whole) - admin) / int64(vipcare.Whole))
		if c.minutes == 0 {
			fail("hours_per_year", "", ErrSetting)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// MustCapacity is like [NewCapacity] but panics on error. It is for
// literals in tests, examples and programs.
func MustCapacity(w Workload) *Capacity {
	c, err := NewCapacity(w)
	if err != nil {
		panic(err)
	}
	return c
}

// Minutes returns the minutes an RM has for clients in a year: the hours
// per year less the admin share, in minutes, rounded down.
func (c *Capacity) Minutes() int { return c.minutes }

// AdminShare returns the share of working hours lost to administration.
func (c *Capacity) AdminShare() vipcare.Share { return c.admin }

// TouchMinutes returns the minutes one touch on ch takes, preparation
// included; 0 for an unspecified or unknown channel.
func (c *Capacity) TouchMinutes(ch vipcare.Channel) int {
	if !ch.IsValid() {
		return 0
	}
	return c.touch[ch]
}

// ClientMinutes returns the minutes a year a client served under s needs:
// the sum over its touches of PerYear x (the channel's minutes +
// preparation). Touches on an unknown channel or with a negative count add
// nothing (NewStrategies rejects them; [Capacity.BookSize] and
// [Capacity.Report] report them as errors), and a nil s needs nothing. The
// result saturates at 2^40 minutes.
func (c *Capacity) ClientMinutes(s *Strategy) int {
	if s == nil {
		return 0
	}
	total := 0
	for _, t := range s.Touches {
		if !t.Channel.IsValid() || t.PerYear <= 0 {
			continue
		}
		m := c.touch[t.Channel]
		if m > 0 && t.PerYear > maxDemand/m {
			return maxDemand
		}
		total = addDemand(total, t.PerYear*m)
	}
	return total
}

// addDemand adds two non-negative demands, saturating at maxDemand.
func addDemand(a, b int) int {
	if a+b > maxDemand {
		return maxDemand
	}
	return a + b
}

// checkStrategy appends an [*Error] under path for each touch of s that
// [Capacity.ClientMinutes] would ignore.
func checkStrategy(errs []error, path string, s *Strategy) []error {
	if s == nil {
		return append(errs, &Error{Path: path, Err: ErrEmpty})
	}
	for i, t := range s.Touches {
		tp := path + ".touches[" + strconv.Itoa(i) + "]"
		if !t.Channel.IsValid() {
			errs = append(errs, &Error{Path: tp + ".channel", Name: s.Name, Err: ErrUnknown})
		}
		if t.PerYear < 0 {
			errs = append(errs, &Error{Path: tp + ".per_year", Name: s.Name, Err: ErrSetting})
		}
	}
	return errs
}

// MixEntry is one part of a book mix: the share of clients served under a
// strategy.
type MixEntry struct {
	Strategy *Strategy     // the strategy
	Share    vipcare.Share // the share of clients under it
}

// BookSize returns how many clients one RM can fully serve in a year when
// the book is mixed as mix says, for instance 10% "premier", 30%
// "relationship" and 60% "standard": the RM's minutes divided by the
// share-weighted average minutes a client needs, rounded down. The
// arithmetic is exact.
//
// The shares must be non-negative and sum to vipcare.Whole, and every
// strategy must be valid; otherwise BookSize returns every problem at once
// as [*Error] values with Path "mix" (an empty mix, [ErrEmpty], or shares
// not summing to the whole, [ErrSetting]) or "mix[2].share",
// "mix[2].strategy", "mix[2].strategy.touches[0].channel" and so on. A mix
// that needs no minutes at all (no touches) has no limit: an [*Error] with
// Path "mix" wrapping [ErrEmpty].
func (c *Capacity) BookSize(mix []MixEntry) (int, error) {
	var errs []error
	if len(mix) == 0 {
		return 0, &Error{Path: "mix", Err: ErrEmpty}
	}
	var shares, weighted int64
	sharesOK := true
	for i, e := range mix {
		path := "mix[" + strconv.Itoa(i) + "]"
		if e.Share < 0 || e.Share > vipcare.Whole {
			errs = append(errs, &Error{Path: path + ".share", Err: ErrSetting})
			sharesOK = false
		} else {
			shares += int64(e.Share)
		}
		errs = checkStrategy(errs, path+".strategy", e.Strategy)
		if e.Share > 0 {
			// at most Whole x 2^40 in total, as the shares sum to Whole
			weighted += int64(e.Share) * int64(c.ClientMinutes(e.Strategy))
		}
	}
	if sharesOK && shares != int64(vipcare.Whole) {
		errs = append(errs, &Error{Path: "mix", Err: ErrSetting})
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	if weighted == 0 {
		return 0, &Error{Path: "mix", Err: ErrEmpty}
	}
	return int(min(int64(c.minutes)*int64(vipcare.Whole)/weighted, math.MaxInt)), nil
}

// Assigned is one RM's book, the input to [Capacity.Report].
type Assigned struct {
	// RM identifies the relationship manager (a staff identifier).
	RM string
	// Role is the RM's role.
	Role Role
	// Clients are the clients assigned to the RM.
	Clients []ClientLoad
}

// ClientLoad is one client in an RM's book: who, under which strategy, and
// how much the client is worth to the bank.
type ClientLoad struct {
	// Client identifies the client in the caller's book. It is the bank's
	// own identifier; no report prints it.
	Client string
	// Strategy is the client's strategy, whose touches make its demand.
	Strategy *Strategy
	// Value orders who is served first when capacity is short: higher
	// first, ties by Client. Any scale will do (AUM, revenue, a score).
	Value int64
}

// CapacityOptions tune [Capacity.Report]. The zero CapacityOptions uses the
// defaults.
type CapacityOptions struct {
	// UnderShare is the utilisation below which an RM is under loaded,
	// 0 to vipcare.Whole; 0 means 70%.
	UnderShare vipcare.Share
}

// DefaultUnderShare is the utilisation below which an RM is under loaded
// when [CapacityOptions] does not say.
const DefaultUnderShare vipcare.Share = 700_000

// Load statuses of an [RMLoad].
const (
	StatusOver  = "over"  // demand exceeds capacity
	StatusUnder = "under" // utilisation below the under share
	StatusOK    = "ok"    // neither
)

// RMLoad is one RM's load against capacity.
type RMLoad struct {
	RM   string // the RM's staff ID
	Role Role   // the RM's role
	// Clients is the number of clients assigned.
	Clients int
	// Demand is the minutes a year the clients' strategies need.
	Demand int
	// Capacity is the minutes a year the RM has for clients.
	Capacity int
	// Utilisation is Demand / Capacity, truncated; above vipcare.Whole
	// when the RM is over loaded.
	Utilisation vipcare.Share
	// Covered is the number of clients whose full yearly cadence fits in
	// the RM's capacity, served in order of value (see [Capacity.Report]).
	Covered int
	// Coverage is Covered / Clients, truncated; 0 when the RM has no
	// clients.
	Coverage vipcare.Share
	// Uncovered are the positions in [Assigned].Clients of the clients not
	// covered, ascending: the clients to move or serve another way.
	Uncovered []int
	// Status is [StatusOver], [StatusUnder] or [StatusOK].
	Status string
}

// CapacityReport is the load of a set of RMs against their capacity, made by
// [Capacity.Report]. It holds no client identifier. It is plain data owned
// by the caller.
type CapacityReport struct {
	// RMs has one row per RM, in the order given.
	RMs []RMLoad
	// Clients, Covered, Demand and Capacity are the sums over RMs.
	Clients  int
	Covered  int
	Demand   int
	Capacity int
	// Coverage is Covered / Clients, truncated; 0 when there are no
	// clients. Utilisation is Demand / Capacity, truncated.
	Coverage    vipcare.Share
	Utilisation vipcare.Share
	// Over and Under are the RMs over and under loaded, in the order
	// given.
	Over, Under []string
}

// Report measures each RM's book against the RM's capacity: the minutes a
// year its clients' strategies need ([Capacity.ClientMinutes]), the
// utilisation, and the coverage, the share of clients whose full yearly
// cadence fits. Clients are served in order of Value, highest first, ties
// by Client; a client whose cadence no longer fits in what is left is not
// covered, and the next ones may still be. A client whose strategy has no
// touches needs nothing and is always covered. An RM whose demand exceeds
// capacity is over loaded; one whose utilisation is below o.UnderShare is
// under loaded, an RM with no clients included.
//
// Bad input is an error, reporting every problem at once as [*Error]
// values: an empty or repeated RM ([ErrName], Path "rms[1].rm"), an RM with
// no role ([ErrEmpty], "rms[1].role"), a client with no identifier or one
// assigned twice ([ErrName], "rms[1].clients[4].client", never naming the
// client), a nil strategy ([ErrEmpty], "rms[1].clients[4].strategy"), a
// touch on an unknown channel or with a negative count (under the path of
// the first client with that strategy), and an under share outside 0 to
// vipcare.Whole ([ErrSetting], "options.under_share").
//
// The result depends only on the input, in its order; nothing passed in is
// changed.
func (c *Capacity) Report(rms []Assigned, o CapacityOptions) (CapacityReport, error) {
	var errs []error
	fail := func(path, name string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	under := o.UnderShare
	switch {
	case under < 0 || under > vipcare.Whole:
		fail("options.under_share", "", ErrSetting)
	case under == 0:
		under = DefaultUnderShare
	}
	seenRM := make(map[string]bool, len(rms))
	seenClient := map[string]bool{}
	demand := map[*Strategy]int{}
	for i, a := range rms {
		path := "rms[" + strconv.Itoa(i) + "]"
		if a.RM == "" || seenRM[a.RM] {
			fail(path+".rm", a.RM, ErrName)
		}
		seenRM[a.RM] = true
		if a.Role == 0 {
			fail(path+".role", a.RM, ErrEmpty)
		}
		for k, cl := range a.Clients {
			cp := path + ".clients[" + strconv.Itoa(k) + "]"
			if cl.Client == "" || seenClient[cl.Client] {
				fail(cp+".client", "", ErrName)
			}
			seenClient[cl.Client] = true
			if _, done := demand[cl.Strategy]; !done {
				n := len(errs)
				errs = checkStrategy(errs, cp+".strategy", cl.Strategy)
				if len(errs) == n {
					demand[cl.Strategy] = c.ClientMinutes(cl.Strategy)
				} else if cl.Strategy != nil {
					demand[cl.Strategy] = -1 // reported once
				}
			}
		}
	}
	if len(errs) > 0 {
		return CapacityReport{}, errors.Join(errs...)
	}

	r := CapacityReport{RMs: make([]RMLoad, len(rms))}
	order := []int{}
	for i, a := range rms {
		l := RMLoad{RM: a.RM, Role: a.Role, Clients: len(a.Clients), Capacity: c.minutes}
		order = order[:0]
		for k, cl := range a.Clients {
			l.Demand = addDemand(l.Demand, demand[cl.Strategy])
			order = append(order, k)
		}
		slices.SortFunc(order, func(x, y int) int {
			cx, cy := &a.Clients[x], &a.Clients[y]
			if v := cmp.Compare(cy.Value, cx.Value); v != 0 {
				return v
			}
			return strings.Compare(cx.Client, cy.Client)
		})
		left := c.minutes
		for _, k := range order {
			if d := demand[a.Clients[k].Strategy]; d <= left {
				left -= d
				l.Covered++
			} else {
				l.Uncovered = append(l.Uncovered, k)
			}
		}
		slices.Sort(l.Uncovered)
		l.Utilisation = vipcare.ShareOf(vipcare.Amount(l.Demand), vipcare.Amount(l.Capacity))
		l.Coverage = vipcare.ShareOf(vipcare.Amount(l.Covered), vipcare.Amount(l.Clients))
		switch {
		case l.Demand > l.Capacity:
			l.Status = StatusOver
			r.Over = append(r.Over, l.RM)
		case l.Utilisation < under:
			l.Status = StatusUnder
			r.Under = append(r.Under, l.RM)
		default:
			l.Status = StatusOK
		}
		r.RMs[i] = l
		r.Clients += l.Clients
		r.Covered += l.Covered
		r.Demand = addDemand(r.Demand, l.Demand)
		r.Capacity = addDemand(r.Capacity, l.Capacity)
	}
	r.Coverage = vipcare.ShareOf(vipcare.Amount(r.Covered), vipcare.Amount(r.Clients))
	r.Utilisation = vipcare.ShareOf(vipcare.Amount(r.Demand), vipcare.Amount(r.Capacity))
	return r, nil
}

// String returns the report as a table, one row per RM and a total: the
// clients, the demand and capacity in hours a year (rounded to whole hours;
// the fields are exact minutes), utilisation, coverage and status. It
// prints no client identifier.
func (r CapacityReport) String() string {
	rows := [][]string{{"rm", "role", "clients", "demand h", "capacity h", "utilisation", "coverage", "status"}}
	for _, l := range r.RMs {
		rows = append(rows, []string{l.RM, l.Role.String(), strconv.Itoa(l.Clients), hours(l.Demand),
			hours(l.Capacity), l.Utilisation.Percent(), coverage(l.Coverage, l.Clients), l.Status})
	}
	rows = append(rows, []string{"total", "", strconv.Itoa(r.Clients), hours(r.Demand), hours(r.Capacity),
		r.Utilisation.Percent(), coverage(r.Coverage, r.Clients), ""})
	// Text reads left-aligned, numbers right-aligned: pad the text
	// columns to their width before tabwriter aligns every cell right.
	for _, col := range []int{0, 1, 7} {
		w := 0
		for _, row := range rows {
			w = max(w, utf8.RuneCountInString(row[col]))
		}
		for _, row := range rows {
			row[col] += strings.Repeat(" ", w-utf8.RuneCountInString(row[col]))
		}
	}
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 0, ' ', tabwriter.AlignRight)
	for _, row := range rows {
		line := row[0] + "\t"
		for _, s := range row[1:] {
			line += "  " + s + "\t"
		}
		tw.Write([]byte(line + "\n"))
	}
	tw.Flush()
	lines := strings.SplitAfter(sb.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
	}
	return strings.Join(lines, "\n")
}

// hours returns minutes as whole hours, rounded half up, with thousands
// separators.
func hours(minutes int) string {
	return num.Format(int64((minutes+30)/60), 0, true)
}

// coverage returns s as a percentage, or "-" when there are no clients.
func coverage(s vipcare.Share, clients int) string {
	if clients == 0 {
		return "-"
	}
	return s.Percent()
}
