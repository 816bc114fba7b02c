package contact

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
)

// Role is who owns a client's contact: a private banker, a senior RM, an RM,
// or the digital team. Ranks leave gaps so a bank can add its own roles. The
// zero Role is unassigned.
type Role uint8

// Owner roles, from the most to the least senior.
const (
	PrivateBanker Role = 40
	SeniorRM      Role = 30
	RM            Role = 20
	DigitalTeam   Role = 10
)

// String returns the role's name, e.g. "senior_rm".
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

// Touch is a planned contact cadence on one channel: so many touches a year.
type Touch struct {
	Channel vipcare.Channel `json:"channel"`  // the channel of the touches
	PerYear int             `json:"per_year"` // how many a year, 0 or more
}

// Specialist is an expert an entitled client may see.
type Specialist string

// Common specialists.
const (
	TaxSpecialist   Specialist = "tax"
	LegalSpecialist Specialist = "legal"
	FamilyOffice    Specialist = "family_office"
	Investment      Specialist = "investment"
	Insurance       Specialist = "insurance"
)

// Service is what a client is entitled to: the service strategy.
type Service struct {
	// DedicatedRM reports whether the client has a named relationship
	// manager.
	DedicatedRM bool `json:"dedicated_rm,omitempty"`
	// Specialists the client may see.
	Specialists []Specialist `json:"specialists,omitempty"`
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

// TouchesPerYear returns the total of planned touches a year.
func (s *Strategy) TouchesPerYear() int {
	n := 0
	for _, t := range s.Touches {
		n += t.PerYear
	}
	return n
}

// Task is one dated piece of contact work for a client: a planned touch or
// the answer to a trigger.
type Task struct {
	// Client identifies the client in the caller's book. It is the bank's
	// own identifier: Task's fmt and slog output leave it out.
	Client string `json:"client"`
	// Kind says where the task comes from, e.g. "cadence" or a trigger's
	// name such as "maturity".
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
	_, _ = s.Write([]byte("Task{client:[redacted] kind:" + t.Kind + " channel:" + t.Channel.String() +
		" rm:" + t.RM + " priority:" + strconv.Itoa(t.Priority) + " due:" + t.Due.Format(time.DateOnly) +
		" minutes:" + strconv.Itoa(t.Minutes) + "}"))
}

// LogValue implements slog.LogValuer with the client identifier redacted.
func (t Task) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client", "[redacted]"), slog.String("kind", t.Kind),
		slog.String("channel", t.Channel.String()), slog.String("rm", t.RM),
		slog.String("due", t.Due.Format(time.DateOnly)))
}
