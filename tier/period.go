package tier

import (
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
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
// averages over such periods (月日均, 季日均). A Period is a value; the zero
// Period is invalid. Days are calendar days in the period's location, so a
// DST day of 23 or 25 hours is one day like any other.
type Period struct {
	kind  PeriodKind
	start time.Time // midnight of the first day, in the period's location
}

// MonthOf returns the calendar month containing t, in t's location.
func MonthOf(t time.Time) Period {
	y, m, _ := t.Date()
	return Period{Month, time.Date(y, m, 1, 0, 0, 0, 0, t.Location())}
}

// QuarterOf returns the calendar quarter containing t, in t's location.
func QuarterOf(t time.Time) Period {
	y, m, _ := t.Date()
	q := (m - 1) / 3
	return Period{Quarter, time.Date(y, q*3+1, 1, 0, 0, 0, 0, t.Location())}
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

// Start returns midnight at the start of the period's first day.
func (p Period) Start() time.Time { return p.start }

// months returns the length of the period in months.
func (p Period) months() int {
	if p.kind == Quarter {
		return 3
	}
	return 1
}

// End returns midnight at the start of the day after the period, which is
// the start of the next period.
func (p Period) End() time.Time {
	y, m, _ := p.start.Date()
	return time.Date(y, m+time.Month(p.months()), 1, 0, 0, 0, 0, p.start.Location())
}

// Last returns midnight at the start of the period's last day.
func (p Period) Last() time.Time {
	y, m, _ := p.start.Date()
	return time.Date(y, m+time.Month(p.months()), 0, 0, 0, 0, 0, p.start.Location())
}

// Next returns the period after p.
func (p Period) Next() Period { return Period{p.kind, p.End()} }

// Prev returns the period before p.
func (p Period) Prev() Period {
	y, m, _ := p.start.Date()
	return Period{p.kind, time.Date(y, m-time.Month(p.months()), 1, 0, 0, 0, 0, p.start.Location())}
}

// Days returns the number of calendar days in p: 28 to 31 for a month, 90 to
// 92 for a quarter.
func (p Period) Days() int {
	loc := p.start.Location()
	return int(vipcare.DayNumber(p.End(), loc) - vipcare.DayNumber(p.start, loc))
}

// Contains reports whether t's calendar date, in the period's location, is
// within p.
func (p Period) Contains(t time.Time) bool {
	loc := p.start.Location()
	d := vipcare.DayNumber(t, loc)
	return d >= vipcare.DayNumber(p.start, loc) && d < vipcare.DayNumber(p.End(), loc)
}

// String returns "2026-02" for a month and "2026-Q1" for a quarter.
func (p Period) String() string {
	y, m, _ := p.start.Date()
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

// Periods returns n consecutive periods starting with first.
func Periods(first Period, n int) []Period {
	out := make([]Period, 0, max(n, 0))
	for p := first; len(out) < n; p = p.Next() {
		out = append(out, p)
	}
	return out
}
