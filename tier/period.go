package tier

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
)

// PeriodKind is the length of a tiering period.
type PeriodKind uint8

// Period kinds. The zero PeriodKind is invalid.
const (
	Month PeriodKind = iota + 1
	Quarter
)

// String returns "month" or "quarter".
func (k PeriodKind) String() string {
	switch k {
	case Month:
		return "month"
	case Quarter:
		return "quarter"
	}
	return "invalid"
}

// Period is a calendar month or quarter in a time.Location: banks tier on
// averages over such periods (月日均, 季日均). A Period is a comparable value;
// the zero Period is invalid. It is kept as calendar year and month, so days
// are calendar days in the period's location: a DST day of 23 or 25 hours
// is one day like any other, and a zone where some midnight does not exist
// still has whole months.
type Period struct {
	kind PeriodKind
	year int
	mon  time.Month // first month
	loc  *time.Location
}

// MonthOf returns the calendar month containing t, in t's location.
func MonthOf(t time.Time) Period {
	y, m, _ := t.Date()
	return Period{Month, y, m, t.Location()}
}

// QuarterOf returns the calendar quarter containing t, in t's location.
func QuarterOf(t time.Time) Period {
	y, m, _ := t.Date()
	return Period{Quarter, y, (m-1)/3*3 + 1, t.Location()}
}

// PeriodOf returns the period of kind k containing t, in t's location.
func PeriodOf(k PeriodKind, t time.Time) Period {
	if k == Quarter {
		return QuarterOf(t)
	}
	return MonthOf(t)
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.kind == 0 }

// Kind returns the period's kind.
func (p Period) Kind() PeriodKind { return p.kind }

// months returns the length of the period in months.
func (p Period) months() int {
	if p.kind == Quarter {
		return 3
	}
	return 1
}

// shifted returns the period n periods after p (before, for negative n).
func (p Period) shifted(n int) Period {
	first := time.Date(p.year, p.mon+time.Month(n*p.months()), 1, 12, 0, 0, 0, time.UTC)
	return Period{p.kind, first.Year(), first.Month(), p.loc}
}

// Start returns the first instant of the period's first day.
func (p Period) Start() time.Time { return civil.DayStart(p.year, p.mon, 1, p.loc) }

// End returns the first instant of the day after the period, which is the
// start of the next period.
func (p Period) End() time.Time { return p.Next().Start() }

// Last returns the first instant of the period's last day: the as-of date to
// measure a whole period with.
func (p Period) Last() time.Time {
	return civil.DayStart(p.year, p.mon+time.Month(p.months()), 0, p.loc)
}

// Next returns the period after p.
func (p Period) Next() Period { return p.shifted(1) }

// Prev returns the period before p.
func (p Period) Prev() Period { return p.shifted(-1) }

// firstDay returns the day number of the period's first day.
func (p Period) firstDay() int64 {
	return time.Date(p.year, p.mon, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Days returns the number of calendar days in p: 28 to 31 for a month, 90 to
// 92 for a quarter.
func (p Period) Days() int { return int(p.Next().firstDay() - p.firstDay()) }

// Contains reports whether t's calendar date, in the period's location, is
// within p.
func (p Period) Contains(t time.Time) bool {
	d := vipcare.DayNumber(t, p.loc)
	return d >= p.firstDay() && d < p.Next().firstDay()
}

// String returns "2026-02" for a month and "2026-Q1" for a quarter.
func (p Period) String() string {
	y, m := p.year, p.mon
	switch p.kind {
	case Month:
		s := strconv.Itoa(y) + "-"
		if m < 10 {
			s += "0"
		}
		return s + strconv.Itoa(int(m))
	case Quarter:
		return strconv.Itoa(y) + "-Q" + strconv.Itoa(int(m-1)/3+1)
	}
	return "invalid period"
}

// In returns the same calendar period in loc.
func (p Period) In(loc *time.Location) Period {
	p.loc = loc
	return p
}

// Location returns the period's location.
func (p Period) Location() *time.Location { return p.loc }

// MarshalText returns the period as String does: "2026-02" or "2026-Q1".
// The location is not part of the text.
func (p Period) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return []byte{}, nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText parses "2026-02" or "2026-Q1" into a period in UTC; use
// [Period.In] to place it in another location. Empty text gives the zero
// Period.
func (p *Period) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*p = Period{}
		return nil
	}
	bad := &Error{Path: "period", Name: s, Err: ErrPeriod}
	if len(s) != 7 || s[4] != '-' {
		return bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return bad
	}
	if s[5] == 'Q' {
		q := int(s[6] - '0')
		if q < 1 || q > 4 {
			return bad
		}
		*p = Period{Quarter, y, time.Month(q*3 - 2), time.UTC}
		return nil
	}
	m, err := strconv.Atoi(s[5:])
	if err != nil || m < 1 || m > 12 {
		return bad
	}
	*p = Period{Month, y, time.Month(m), time.UTC}
	return nil
}

// Periods returns n consecutive periods starting with first.
func Periods(first Period, n int) []Period {
	out := make([]Period, 0, max(n, 0))
	for p := first; len(out) < n; p = p.Next() {
		out = append(out, p)
	}
	return out
}
