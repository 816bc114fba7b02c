package tier

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/policy"
)

// PeriodKind is the length of a tiering period: "month" or "quarter".
type PeriodKind string

// Period kinds.
const (
	Month   PeriodKind = "month"
	Quarter PeriodKind = "quarter"
)

// Period is a calendar month or quarter in a time.Location: banks tier on
// averages over such periods (月日均, 季日均). A Period is a comparable value;
// the zero Period is none. It is kept as calendar year and month, so days
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

// months returns the length of the period in months.
func (p Period) months() int {
	if p.kind == Quarter {
		return 3
	}
	return 1
}

// shifted returns the period n periods after p (before, for negative n).
func (p Period) shifted(n int) Period {
	k := p.year*12 + int(p.mon-1) + n*p.months() // months since year 0
	y, m := k/12, k%12
	if m < 0 {
		y, m = y-1, m+12
	}
	return Period{p.kind, y, time.Month(m + 1), p.loc}
}

// Last returns the first instant of the period's last day: the as-of date to
// measure a whole period with; the zero Time for the zero Period.
func (p Period) Last() time.Time {
	if p.loc == nil { // the zero Period
		return time.Time{}
	}
	return civil.DayStart(p.year, p.mon+time.Month(p.months()), 0, p.loc)
}

// Next returns the period after p.
func (p Period) Next() Period { return p.shifted(1) }

// firstDay returns the day number of the period's first day.
func (p Period) firstDay() int64 { return civil.FromDate(p.year, p.mon, 1) }

// String returns "2026-02" for a month and "2026-Q1" for a quarter, the
// year in at least four digits ("0987-02").
func (p Period) String() string {
	y, m := p.year, p.mon
	year := strconv.Itoa(y)
	if y >= 0 && y < 1000 {
		year = "000"[len(year)-1:] + year
	}
	switch p.kind {
	case Month:
		s := year + "-"
		if m < 10 {
			s += "0"
		}
		return s + strconv.Itoa(int(m))
	case Quarter:
		return year + "-Q" + strconv.Itoa(int(m-1)/3+1)
	}
	return "invalid period"
}

// MarshalText returns the period as String does: "2026-02" or "2026-Q1".
// The location is not part of the text. A period of a year outside 0 to
// 9999, which has no such text, is policy.Problems wrapping
// policy.ErrOutOfRange, as time.Time.MarshalText refuses such years.
func (p Period) MarshalText() ([]byte, error) {
	if p == (Period{}) {
		return []byte{}, nil
	}
	if p.year < 0 || p.year > 9999 {
		return nil, policy.Problems{{Name: p.String(), Err: policy.ErrOutOfRange}}
	}
	return []byte(p.String()), nil
}

// UnmarshalText parses "2026-02" or "2026-Q1", the year in four digits,
// into a period in UTC: exactly the text MarshalText writes, so that a
// period read back is written the same. Empty text gives the zero Period.
// Other text ("+026-01", "2026-1") is policy.Problems wrapping
// policy.ErrMalformed, which does not quote it.
func (p *Period) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*p = Period{}
		return nil
	}
	// The text is not quoted: a period is read from stored data, where a
	// shifted column could put a client's ID.
	bad := policy.Problems{{Err: policy.ErrMalformed}}
	if len(s) != 7 || s[4] != '-' {
		return bad
	}
	y, ok := digits(s[:4])
	if !ok {
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
	m, ok := digits(s[5:])
	if !ok || m < 1 || m > 12 {
		return bad
	}
	*p = Period{Month, y, time.Month(m), time.UTC}
	return nil
}

// digits returns the number the ASCII digits s spell, and false if s has
// anything else: no sign, no space.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
