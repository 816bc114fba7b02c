package rm

import (
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// Limits of the time model. They are documented where they apply rather
// than exported.
const (
	maxTouchMinutes = 24 * 60  // the most minutes a touch, or its preparation, may take
	maxHoursPerYear = 366 * 24 // the most working hours of a year: every hour of a leap year
	maxDayMinutes   = 24 * 60  // the most minutes of contact work on a day
	workdaysPerYear = 220      // the working days a manager's yearly minutes spread over
	maxHorizonDays  = 3660     // the longest horizon of a plan: about ten years

	// maxDemand is where yearly minutes saturate (2^40 minutes, some two
	// million years of work), so that no client, book or mix can
	// overflow.
	maxDemand = min(1<<40, math.MaxInt/4)

	// defaultUnderShare is the utilisation below which a manager is under
	// loaded when the Workload does not say: 70%.
	defaultUnderShare vipcare.Share = 700_000
)

// nChannels is the number of vipcare.Channels.
const nChannels = 9

// Workload is the time model behind [Capacity]: how long each kind of touch
// takes and how many hours a manager really has for clients. Start from
// [ReferenceWorkload] and replace its figures with the bank's own time
// study.
type Workload struct {
	// Minutes are the minutes a touch takes on each channel, travel
	// included for a visit. Every channel of vipcare (branch to mail) must
	// have an entry, 0 to 1,440.
	Minutes map[vipcare.Channel]int `json:"minutes"`
	// Preparation is the minutes of preparation and follow-up every touch
	// adds (notes, the CRM record, a product check), 0 to 1,440.
	Preparation int `json:"preparation"`
	// AdminShare is the share of working hours lost to administration,
	// compliance, internal meetings and training: at least 0 and below 1,
	// with at most six decimal places (a vipcare.Share).
	AdminShare decimal.Decimal `json:"admin_share"`
	// HoursPerYear is the contracted working hours of a manager in a
	// year, 1 to 8,784 (every hour of a leap year).
	HoursPerYear int `json:"hours_per_year"`
	// UnderShare is the utilisation below which [Capacity.Report] finds a
	// manager under loaded, 0 to 1 with at most six decimal places, like
	// AdminShare; 0 means 0.7.
	UnderShare decimal.Decimal `json:"under_share"`
}

// UnmarshalJSON decodes w strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. w is set only when there is none.
func (w *Workload) UnmarshalJSON(b []byte) error {
	type plain Workload
	return policy.Unmarshal(b, (*plain)(w))
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
//	under share     0.7      a manager below 70% utilisation is under loaded
//
// 1,760 hours is 220 days of 8 hours: the 250 or so working days of a
// Chinese year (weekends and public holidays off) less annual leave, sick
// leave and training days away from the branch. The admin share of 0.35 is
// an assumption that a third or more of a manager's working time goes to
// work other than clients (administration, compliance records, internal
// meetings, training, product campaigns); it is the figure most worth
// measuring, since each point of it is 17.6 hours of client time a year
// per manager. The channel minutes are assumptions too. With these figures
// a manager has 1,760 x 60 x 0.65 = 68,640 minutes (1,144 hours) a year for
// clients, 312 a working day. It is a new value each call, for the caller
// to change.
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
		UnderShare:   decimal.New(7, -1),
	}
}

// Capacity is a compiled [Workload]: the minutes each touch takes and the
// minutes a manager has for clients in a year. It measures the yearly
// workload of a client's strategy and the book a manager can serve, and
// runs the RM side of a [Book]: loads ([Capacity.Report]), assignment
// ([Capacity.Assign]) and dated plans ([Capacity.Schedule]). It is
// immutable and safe for concurrent use.
type Capacity struct {
	touch   [nChannels]int // minutes per touch, preparation included, by vipcare.Channel.Index
	minutes int
	under   vipcare.Share
}

// Compile compiles w in env (nil means the default environment; the time
// model needs nothing from it), reporting every problem at once as
// policy.Problems located in the workload's JSON form: a channel with no
// minutes (policy.ErrMissing at "/minutes/<channel>"), an entry for a
// channel that does not exist (policy.ErrUnknown at "/minutes/<channel>",
// with the channels as choices), minutes or preparation outside 0 to 1,440
// (policy.ErrOutOfRange at "/minutes/<channel>" or "/preparation"), an
// admin share outside [0, 1) or with more than six decimal places
// ("/admin_share"), hours outside 1 to 8,784 or a workload that leaves no
// whole minute for clients ("/hours_per_year"), and an under share outside
// 0 to 1 or with more than six decimal places ("/under_share"). w is not
// kept.
func (w Workload) Compile(env *vipcare.Env) (*Capacity, error) {
	var ps policy.Problems
	c := &Capacity{}
	if w.Preparation < 0 || w.Preparation > maxTouchMinutes {
		ps.Add("/preparation", "", policy.ErrOutOfRange)
	}
	var unknown []string
	for ch := range w.Minutes {
		if !ch.IsValid() {
			unknown = append(unknown, string(ch))
		}
	}
	slices.Sort(unknown) // report in a stable order
	for _, name := range unknown {
		ps = append(ps, policy.Problem{Path: "/minutes/" + textfmt.Pointer(name), Name: name,
			Err: policy.ErrUnknown, Choices: textfmt.Strings(vipcare.Channels())})
	}
	for i, ch := range vipcare.Channels() {
		m, ok := w.Minutes[ch]
		switch {
		case !ok:
			ps.Add("/minutes/"+string(ch), string(ch), policy.ErrMissing)
		case m < 0 || m > maxTouchMinutes:
			ps.Add("/minutes/"+string(ch), string(ch), policy.ErrOutOfRange)
		default:
			c.touch[i] = m + w.Preparation
		}
	}
	admin, ok := num.FromDecimal(w.AdminShare, vipcare.ShareScale, int64(vipcare.Whole)-1)
	ok = ok && admin >= 0
	if !ok {
		ps.Add("/admin_share", "", policy.ErrOutOfRange)
	}
	hoursOK := w.HoursPerYear >= 1 && w.HoursPerYear <= maxHoursPerYear
	if !hoursOK {
		ps.Add("/hours_per_year", "", policy.ErrOutOfRange)
	}
	if ok && hoursOK {
		c.minutes = int(int64(w.HoursPerYear) * 60 * (int64(vipcare.Whole) - admin) / int64(vipcare.Whole))
		if c.minutes == 0 {
			ps.Add("/hours_per_year", "", policy.ErrOutOfRange)
		}
	}
	under, ok := num.FromDecimal(w.UnderShare, vipcare.ShareScale, int64(vipcare.Whole))
	switch {
	case !ok || under < 0:
		ps.Add("/under_share", "", policy.ErrOutOfRange)
	case under == 0:
		c.under = defaultUnderShare
	default:
		c.under = vipcare.Share(under)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Minutes returns the minutes a manager has for clients in a year: the
// hours per year less the admin share, in minutes, rounded down. It is the
// capacity of every [Manager] whose Minutes is 0.
func (c *Capacity) Minutes() int { return c.minutes }

// ClientMinutes returns the minutes a year a client served under s needs:
// the sum over its touches of PerYear x (the channel's minutes +
// preparation). Touches on a channel that does not exist or with a
// negative count add nothing (contact's Compile rejects them;
// [Capacity.BookSize] reports them), and a nil s needs nothing. The result
// saturates at 2^40 minutes. It is what [Client].Minutes expects.
func (c *Capacity) ClientMinutes(s *contact.Strategy) int {
	if s == nil {
		return 0
	}
	total := 0
	for _, t := range s.Touches {
		k := t.Channel.Index()
		if k < 0 || t.PerYear <= 0 {
			continue
		}
		m := c.touch[k]
		if m > 0 && t.PerYear > maxDemand/m {
			return maxDemand
		}
		total = addDemand(total, t.PerYear*m)
	}
	return total
}

// addDemand adds two demands of 0 to 2^40 minutes, saturating there.
func addDemand(a, b int) int {
	return min(a+b, maxDemand)
}

// MixEntry is one part of a book mix: the share of clients served under a
// strategy.
type MixEntry struct {
	Strategy *contact.Strategy `json:"strategy"` // the strategy
	Share    vipcare.Share     `json:"share"`    // the share of clients under it
}

// BookSize returns how many clients one manager can fully serve in a year
// when the book is mixed as mix says, for instance 10% "premier", 30%
// "relationship" and 60% "standard": [Capacity.Minutes] divided by the
// share-weighted average minutes a client needs, rounded down. The
// arithmetic is exact.
//
// The shares must be 0 to vipcare.Whole and sum to vipcare.Whole, and every
// strategy must be there with valid touches; otherwise BookSize reports
// every problem at once as policy.Problems located in the mix's JSON form
// (a list): an empty mix (policy.ErrMissing at ""), shares not summing to
// the whole (policy.ErrOutOfRange at ""), a share out of range
// ("/2/share"), a nil strategy (policy.ErrMissing at "/2/strategy"), a
// touch on a channel that does not exist (policy.ErrUnknown at
// "/2/strategy/touches/0/channel") or with a negative count
// (policy.ErrOutOfRange at "/2/strategy/touches/0/per_year"). A mix that
// needs no minutes at all (no touches) has no limit: policy.ErrMissing at
// "".
func (c *Capacity) BookSize(mix []MixEntry) (int, error) {
	if len(mix) == 0 {
		return 0, policy.Problems{{Err: policy.ErrMissing}}
	}
	var ps policy.Problems
	var shares, weighted int64
	sharesOK := true
	for i, e := range mix {
		path := "/" + strconv.Itoa(i)
		if e.Share < 0 || e.Share > vipcare.Whole {
			ps.Add(path+"/share", "", policy.ErrOutOfRange)
			sharesOK = false
		} else {
			shares += int64(e.Share)
		}
		checkStrategy(&ps, path+"/strategy", e.Strategy)
		if e.Share > 0 {
			// at most Whole x 2^40 in total, as the shares sum to Whole
			weighted += int64(e.Share) * int64(c.ClientMinutes(e.Strategy))
		}
	}
	if sharesOK && shares != int64(vipcare.Whole) {
		ps.Add("", "", policy.ErrOutOfRange)
	}
	if err := ps.Err(); err != nil {
		return 0, err
	}
	if weighted == 0 {
		return 0, policy.Problems{{Err: policy.ErrMissing}}
	}
	return int(min(int64(c.minutes)*int64(vipcare.Whole)/weighted, math.MaxInt)), nil
}

// checkStrategy adds a problem under path for a nil s and for each touch of
// s that [Capacity.ClientMinutes] would ignore.
func checkStrategy(ps *policy.Problems, path string, s *contact.Strategy) {
	if s == nil {
		ps.Add(path, "", policy.ErrMissing)
		return
	}
	for i, t := range s.Touches {
		tp := path + "/touches/" + strconv.Itoa(i)
		if !t.Channel.IsValid() {
			*ps = append(*ps, policy.Problem{Path: tp + "/channel", Name: string(t.Channel),
				Err: policy.ErrUnknown, Choices: textfmt.Strings(vipcare.Channels())})
		}
		if t.PerYear < 0 {
			ps.Add(tp+"/per_year", s.Name, policy.ErrOutOfRange)
		}
	}
}
