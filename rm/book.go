package rm

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/policy"
)

// Book is the RM side of a bank: its managers and its clients, each client
// with the manager who serves it now. It is the one input of
// [Capacity.Report], [Capacity.Assign] and [Capacity.Schedule], and
// [Capacity.Assign] returns one with every client's RM set. It is plain
// data owned by the caller; nothing in this package changes a Book it is
// given. Read from JSON, its managers and clients are decoded strictly
// ([Client.UnmarshalJSON]); policy.Unmarshal also refuses an unknown key
// of the book itself and locates every problem in it ("/clients/3/minuts").
type Book struct {
	Managers []Manager `json:"managers"`
	Clients  []Client  `json:"clients"`
}

// Manager is someone who serves clients: a relationship manager, a private
// banker, or a queue such as the digital team. It carries its yearly
// capacity, for [Capacity.Report] and [Capacity.Assign], and its calendar,
// for [Capacity.Schedule].
type Manager struct {
	// ID identifies the manager (a staff identifier); it must be unique
	// and not empty.
	ID string `json:"id"`
	// Role is the manager's role; it must not be the zero Role. A manager
	// may serve clients whose role is the same or lower.
	Role contact.Role `json:"role"`
	// Branch is the manager's branch. A manager with no branch (a central
	// team) may serve clients of every branch.
	Branch string `json:"branch,omitempty"`
	// Languages are the languages the manager speaks, compared exactly
	// with [Client].Language (use one spelling, e.g. "zh", "en", "yue").
	Languages []string `json:"languages,omitempty"`
	// Minutes is the manager's yearly capacity for client contact, 0 or
	// more; 0 means the Capacity's [Capacity.Minutes], a full-time RM.
	Minutes int `json:"minutes,omitempty"`
	// Workdays are the days of the week the manager works; empty means
	// Monday to Friday.
	Workdays []time.Weekday `json:"workdays,omitempty"`
	// Holidays are the dates the manager does not work (public holidays,
	// leave, training), as calendar dates in the location of the plan's
	// as-of date. Dates outside the horizon are ignored.
	Holidays []time.Time `json:"holidays,omitempty"`
	// MinutesPerDay are the minutes of contact work the manager really
	// has on a working day, after administration: 0 to 1,440; 0 means
	// the yearly minutes (Minutes, or the Capacity's) over 220 working
	// days, rounded down and at most 1,440.
	MinutesPerDay int `json:"minutes_per_day,omitempty"`
}

// Client is one client of the book: what its strategy needs, what it is
// worth, who serves it now and how it may be contacted. Its fmt, slog
// output and default JSON leave out its ID and value.
type Client struct {
	// ID identifies the client in the caller's book; it must be unique and
	// not empty. Errors, reports and summaries never print it.
	ID string `json:"id"`
	// Role is the role the client's strategy needs (contact.Strategy's
	// Owner, a decision record's Owner); it must not be the zero Role.
	Role contact.Role `json:"role"`
	// Branch is the client's branch; "" means any branch will do.
	Branch string `json:"branch,omitempty"`
	// Language is the language the client needs; "" means any.
	Language string `json:"language,omitempty"`
	// Minutes is the yearly workload of the client's strategy, 0 or more
	// ([Capacity.ClientMinutes], a decision record's Minutes).
	Minutes int `json:"minutes"`
	// Value is the client's weight, 0 or more: it decides who is served
	// first when capacity is short and weighs the coverage of
	// [Capacity.Assign]. AUM in whole currency units, yearly revenue or
	// a score will do, as long as the book's total fits an int64. Take
	// AUM from the client's figures or the bank's own data: a decision
	// record keeps amounts only on request, and never a discreet
	// client's, whose value would otherwise be 0 and served last.
	Value int64 `json:"value"`
	// RM is the ID of the client's manager now, "" if none. An RM that
	// names no manager of the book is treated as none.
	RM string `json:"rm,omitempty"`
	// Contact are the client's contact preferences, which
	// [Capacity.Schedule] honours.
	Contact vipcare.Preferences `json:"contact"`
}

// Format implements fmt.Formatter: every verb prints the client's role,
// branch, language, workload and manager, never its ID or value.
func (c Client) Format(s fmt.State, verb rune) {
	role, minutes := c.Role.String(), strconv.Itoa(c.Minutes)
	redact.Format(s, verb,
		"Client{id:"+redact.Mask+" role:"+role+" branch:"+c.Branch+" language:"+c.Language+
			" minutes:"+minutes+" value:"+redact.Mask+" rm:"+c.RM+"}",
		"rm.Client{ID:"+strconv.Quote(redact.Mask)+", Role:"+strconv.Quote(role)+", Branch:"+strconv.Quote(c.Branch)+
			", Language:"+strconv.Quote(c.Language)+", Minutes:"+minutes+", Value:"+strconv.Quote(redact.Mask)+
			", RM:"+strconv.Quote(c.RM)+"}")
}

// LogValue implements slog.LogValuer: a client logs as a group with its ID
// and value redacted.
func (c Client) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("role", c.Role.String()), slog.String("branch", c.Branch),
		slog.Int("minutes", c.Minutes), redact.Masked("value"), slog.String("rm", c.RM))
}

// MarshalJSON implements json.Marshaler: every field under its JSON name,
// the ID and the value as "[redacted]" (the value last). To store or send
// a client whole, marshal vipcare.Disclosed(c).
func (c Client) MarshalJSON() ([]byte, error) {
	type plain Client // without its methods
	p := plain(c)
	p.ID = redact.Mask
	return json.Marshal(struct {
		plain
		Value string `json:"value"`
	}{p, redact.Mask})
}

// UnmarshalJSON decodes c strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// (a redacted "value") is a problem located by a JSON pointer and a line
// and column, never silently dropped. c is set only when there is none,
// and then whole: a field the JSON leaves out is zero, not kept. Through
// encoding/json the location is within the client ("/minuts: line 1"),
// through policy.Unmarshal within the document; either costs about five
// times encoding/json's lenient decoding.
func (c *Client) UnmarshalJSON(b []byte) error {
	type plain Client
	return policy.Unmarshal(b, (*plain)(c))
}

// UnmarshalJSON decodes m strictly, as [Client.UnmarshalJSON] does: a
// misspelt "minutes" is an error, not a manager with the full capacity.
func (m *Manager) UnmarshalJSON(b []byte) error {
	type plain Manager
	return policy.Unmarshal(b, (*plain)(m))
}

// bookIndex is what the check of a book learns on the way: where each
// manager and each client is, and the book's total value.
type bookIndex struct {
	managers map[string]int32
	clients  map[string]int32
	value    int64
}

// check validates b, adding every problem to ps, as [Capacity.Report],
// [Capacity.Assign] and [Capacity.Schedule] all do: a manager with an empty
// or repeated ID (policy.ErrMissing, policy.ErrDuplicate at
// "/managers/i/id"), the zero Role ("/managers/i/role"), negative minutes,
// minutes per day outside 0 to 1,440 or a weekday that does not exist
// (policy.ErrOutOfRange at "/managers/i/minutes",
// "/managers/i/minutes_per_day", "/managers/i/workdays/j"); a client with an
// empty or repeated ID (at "/clients/i/id", never naming the client), the
// zero Role, negative minutes or value, or a value that makes the book's
// total overflow (at "/clients/i/value" of the first overflow).
func check(ps *policy.Problems, b *Book) bookIndex {
	x := bookIndex{
		managers: make(map[string]int32, len(b.Managers)),
		clients:  make(map[string]int32, len(b.Clients)),
	}
	for j := range b.Managers {
		m := &b.Managers[j]
		fail := func(field string, err error) { // the path is made only for a problem
			ps.Add("/managers/"+strconv.Itoa(j)+"/"+field, m.ID, err)
		}
		if _, dup := x.managers[m.ID]; m.ID == "" || dup {
			fail("id", missingOrDuplicate(m.ID))
		} else {
			x.managers[m.ID] = int32(j)
		}
		if m.Role == 0 {
			fail("role", policy.ErrMissing)
		}
		if m.Minutes < 0 {
			fail("minutes", policy.ErrOutOfRange)
		}
		if m.MinutesPerDay < 0 || m.MinutesPerDay > maxDayMinutes {
			fail("minutes_per_day", policy.ErrOutOfRange)
		}
		for k, w := range m.Workdays {
			if w < time.Sunday || w > time.Saturday {
				fail("workdays/"+strconv.Itoa(k), policy.ErrOutOfRange)
			}
		}
	}
	overflow := false
	for i := range b.Clients {
		c := &b.Clients[i]
		fail := func(field string, err error) { // never naming the client
			ps.Add("/clients/"+strconv.Itoa(i)+"/"+field, "", err)
		}
		if _, dup := x.clients[c.ID]; c.ID == "" || dup {
			fail("id", missingOrDuplicate(c.ID))
		} else {
			x.clients[c.ID] = int32(i)
		}
		if c.Role == 0 {
			fail("role", policy.ErrMissing)
		}
		if c.Minutes < 0 {
			fail("minutes", policy.ErrOutOfRange)
		}
		switch {
		case c.Value < 0:
			fail("value", policy.ErrOutOfRange)
		case !overflow && x.value > math.MaxInt64-c.Value:
			overflow = true
			fail("value", policy.ErrOutOfRange)
		case !overflow:
			x.value += c.Value
		}
	}
	return x
}

// missingOrDuplicate returns policy.ErrMissing for an empty ID, else
// policy.ErrDuplicate.
func missingOrDuplicate(id string) error {
	if id == "" {
		return policy.ErrMissing
	}
	return policy.ErrDuplicate
}

// yearMinutes returns m's yearly capacity: its Minutes, or c's.
func (c *Capacity) yearMinutes(m *Manager) int {
	if m.Minutes == 0 {
		return c.minutes
	}
	return m.Minutes
}

// dayMinutes returns the minutes m has on a working day: its MinutesPerDay,
// or its yearly minutes over 220 days, at most a day.
func (c *Capacity) dayMinutes(m *Manager) int {
	if m.MinutesPerDay > 0 {
		return m.MinutesPerDay
	}
	return min(c.yearMinutes(m)/workdaysPerYear, maxDayMinutes)
}
