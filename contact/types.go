package contact

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/redact"
	"github.com/vipcare/vipcare/policy"
)

// Role is who owns a client's contact: a private banker, a senior RM, an RM,
// or the digital team. Higher is more senior: a manager may serve clients
// whose role is the same or lower. Ranks leave gaps so a bank can add its
// own roles. Roles marshal as their names ("senior_rm"); the zero Role is
// unassigned.
type Role uint8

// Owner roles, from the most to the least senior.
const (
	PrivateBanker Role = 40
	SeniorRM      Role = 30
	RM            Role = 20
	DigitalTeam   Role = 10
)

// namedRoles lists the roles with a name, unassigned last.
func namedRoles() []Role { return []Role{PrivateBanker, SeniorRM, RM, DigitalTeam, 0} }

// roleNames lists the names of the named roles, for an unknown one's
// choices.
func roleNames() []string {
	roles := namedRoles()
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.String()
	}
	return names
}

// String returns the role's name, e.g. "senior_rm", or "Role(25)" for a
// bank's own rank.
func (r Role) String() string {
	switch r {
	case PrivateBanker:
		return "private_banker"
	case SeniorRM:
		return "senior_rm"
	case RM:
		return "rm"
	case DigitalTeam:
		return "digital_team"
	case 0:
		return "unassigned"
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText returns the role's name, as String does.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses a role's name, or "Role(25)" for a bank's own rank,
// reporting anything else as policy.ErrUnknown with the names as choices.
func (r *Role) UnmarshalText(b []byte) error {
	s := string(b)
	for _, k := range namedRoles() {
		if k.String() == s {
			*r = k
			return nil
		}
	}
	if rest, ok := strings.CutPrefix(s, "Role("); ok && strings.HasSuffix(rest, ")") {
		if n, err := strconv.ParseUint(strings.TrimSuffix(rest, ")"), 10, 8); err == nil {
			*r = Role(n)
			return nil
		}
	}
	// Not quoted: read from client data, a shifted column could put a
	// client's ID here.
	return policy.Problems{{Err: policy.ErrUnknown, Choices: roleNames()}}
}

// Touch is a planned contact cadence on one channel: so many touches a year.
type Touch struct {
	Channel vipcare.Channel `json:"channel"`  // the channel of the touches
	PerYear int             `json:"per_year"` // how many a year, 0 to 365 (one a day)
}

// maxPerYear is the most touches a year on one channel: one a day.
const maxPerYear = 365

// errPerYear is the problem of a count of touches out of range.
var errPerYear = fmt.Errorf("%w: 0 to %d a year, at most one a day", policy.ErrOutOfRange, maxPerYear)

// Service is what a client is entitled to: the service strategy.
type Service struct {
	// DedicatedRM reports whether the client has a named relationship
	// manager.
	DedicatedRM bool `json:"dedicated_rm,omitempty"`
	// Specialists are the experts the client may see, such as "tax",
	// "legal", "family_office", "investment" or "insurance".
	Specialists []string `json:"specialists,omitempty"`
	// Priority reports whether the client gets priority service (queues,
	// lounges, hotlines).
	Priority bool `json:"priority,omitempty"`
	// Events reports whether the client is invited to client events.
	Events bool `json:"events,omitempty"`
	// Recognition reports whether the client is publicly recognised
	// (gifts, named invitations, mailings about status).
	Recognition bool `json:"recognition,omitempty"`
	// ResponseHours is the promised response time to a request.
	ResponseHours int `json:"response_hours,omitempty"`
}

// Strategy is how a segment of clients is served: who owns the contact, how
// often and through which channels, what the clients are entitled to, and
// how many needs-driven plays a conversation may carry.
type Strategy struct {
	// Name identifies the strategy, e.g. "private" or "digital".
	Name string `json:"name"`
	// Owner is the role that owns the contact.
	Owner Role `json:"owner"`
	// Touches are the planned contacts a year, by channel.
	Touches []Touch `json:"touches"`
	// Service is the service strategy.
	Service Service `json:"service"`
	// Plays is the most needs-driven plays per conversation (the sales
	// strategy); 0 means none.
	Plays int `json:"plays,omitempty"`
}

// Task is one dated piece of contact work for a client: a planned touch or
// the answer to a trigger.
type Task struct {
	// ID identifies the task among the client's. A trigger's task is
	// named by its kind and the date of the event that fired it (the
	// maturity, the outflow, the expiry, the new tier's first day), such
	// as "maturity/2026-07-12", so that the same event gives the same ID
	// run after run, even once the task is overdue; a cadence task by its
	// channel and due date, such as "cadence.phone/2026-09-30". A task of
	// a book is identified by Client and ID together.
	ID string `json:"id"`
	// Client identifies the client in the caller's book. It is the bank's
	// own identifier: Task's fmt, slog output and default JSON leave it
	// out.
	Client string `json:"client"`
	// Kind says where the task comes from: "cadence", or the kind of the
	// trigger that made it, such as "maturity" (see [TriggerSpec]).
	Kind string `json:"kind"`
	// Reason says why, without client amounts.
	Reason string `json:"reason"`
	// Channel is the channel to use; Owner the role who does it.
	Channel vipcare.Channel `json:"channel"`
	Owner   Role            `json:"owner"`
	// RM identifies the relationship manager (or queue) who does it; ""
	// until the client is assigned.
	RM string `json:"rm,omitempty"`
	// Priority orders tasks: higher first.
	Priority int `json:"priority"`
	// Earliest and Due bound the dates the task may be done on (both
	// included).
	Earliest time.Time `json:"earliest"`
	Due      time.Time `json:"due"`
	// Minutes is the work the task takes, preparation included.
	Minutes int `json:"minutes"`
}

// Format implements fmt.Formatter: every verb prints the task without its
// client identifier.
func (t Task) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Task{id:"+t.ID+" client:"+redact.Mask+" kind:"+t.Kind+" channel:"+string(t.Channel)+
		" rm:"+t.RM+" priority:"+strconv.Itoa(t.Priority)+" due:"+t.Due.Format(time.DateOnly)+
		" minutes:"+strconv.Itoa(t.Minutes)+"}", "")
}

// LogValue implements slog.LogValuer with the client identifier redacted.
func (t Task) LogValue() slog.Value {
	return redact.Value(slog.String("id", t.ID), redact.Masked("client"), slog.String("kind", t.Kind),
		slog.String("channel", string(t.Channel)), slog.String("rm", t.RM),
		slog.String("due", t.Due.Format(time.DateOnly)))
}

// MarshalJSON implements json.Marshaler: every field under its JSON name,
// the client identifier as "[redacted]", so that a task in an explanation
// or in what log/slog's JSON handler encodes does not name the client. To
// store or send a task whole, marshal vipcare.Disclosed(t).
func (t Task) MarshalJSON() ([]byte, error) {
	type plain Task // without its methods
	p := plain(t)
	p.Client = redact.Mask
	return json.Marshal(p)
}

// UnmarshalJSON decodes a task strictly, as policy.Unmarshal does. The
// form MarshalJSON writes, whose client is "[redacted]", is refused
// (policy.ErrMalformed at "/client") rather than read as a task for a
// client of that name: store and send tasks as vipcare.Disclosed(t)
// marshals them. t is set only when there is no problem.
func (t *Task) UnmarshalJSON(b []byte) error {
	type plain Task // without its methods
	p, err := redact.ReadBack(b, "/client", func(p *plain) string { return p.Client })
	if err == nil {
		*t = Task(p)
	}
	return err
}
