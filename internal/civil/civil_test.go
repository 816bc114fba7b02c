package civil

import (
	"testing"
	"time"
	_ "time/tzdata"
)

func TestDayStart(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo") // 2018-11-04 began at 01:00
	if err != nil {
		t.Fatal(err)
	}
	asu, err := time.LoadLocation("America/Asuncion") // 2023-10-01 began at 01:00
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		loc     *time.Location
		want    string
		wantDay int
	}{
		{"ordinary midnight", 2026, 3, 8, time.UTC, "2026-03-08T00:00:00Z", 8},
		{"normalised date", 2026, 2, 29, time.UTC, "2026-03-01T00:00:00Z", 1},
		{"midnight skipped in São Paulo", 2018, 11, 4, sp, "2018-11-04T01:00:00-02:00", 4},
		{"midnight skipped in Asunción", 2023, 10, 1, asu, "2023-10-01T01:00:00-03:00", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DayStart(tt.y, tt.m, tt.d, tt.loc)
			if got.Format(time.RFC3339) != tt.want || got.Day() != tt.wantDay {
				t.Errorf("DayStart = %s, want %s", got.Format(time.RFC3339), tt.want)
			}
			n := time.Date(tt.y, tt.m, tt.d, 0, 0, 0, 0, time.UTC).Unix() / 86400
			if again := Start(n, tt.loc); !again.Equal(got) {
				t.Errorf("Start = %s, want %s", again, got)
			}
		})
	}
}

func TestDay(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	if got := Day(time.Date(1970, 1, 1, 23, 59, 0, 0, time.UTC), nil); got != 0 {
		t.Errorf("Day(1970-01-01 23:59, nil) = %d, want 0", got)
	}
	if got := Day(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC); got != -1 {
		t.Errorf("Day(1969-12-31) = %d, want -1", got)
	}
	// 16:30 UTC on 30 June is 1 July in CST
	ts := time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC)
	if Day(ts, cst) != Day(ts, time.UTC)+1 || Day(ts, cst) != FromDate(2025, 7, 1) {
		t.Errorf("Day(%s, CST) = %d, want 1 July", ts, Day(ts, cst))
	}
	if y, m, d := Date(FromDate(2024, 2, 29)); y != 2024 || m != 2 || d != 29 {
		t.Errorf("Date(FromDate(2024-02-29)) = %d-%d-%d", y, m, d)
	}
	if got := ISO(FromDate(2026, 13, 1)); got != "2027-01-01" {
		t.Errorf("ISO of a normalised date = %s", got)
	}
	for n := int64(-10); n < 10; n++ {
		if got, want := Weekday(n), time.Unix(n*86400, 0).UTC().Weekday(); got != want {
			t.Errorf("Weekday(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestMonthsOn(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 0, "2025-01-31"},
		{"2025-01-31", 1, "2025-03-01"},
		{"2024-01-31", 1, "2024-03-01"},
		{"2024-01-29", 1, "2024-02-29"},
		{"2028-02-29", 12, "2029-03-01"},
		{"2025-03-15", 12, "2026-03-15"},
		{"2025-12-31", 2, "2026-03-01"},
		{"2025-08-31", 6, "2026-03-01"},
		{"2025-05-31", 1, "2025-07-01"},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.from)
		if got := ISO(MonthsOn(Day(d, nil), tt.n)); got != tt.want {
			t.Errorf("MonthsOn(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"whole years and months", day(2019, 3, 15), day(2025, 6, 30), 75},
		{"day of month not reached", day(2025, 1, 31), day(2025, 2, 28), 0},
		{"day of month reached", day(2025, 1, 28), day(2025, 2, 28), 1},
		{"leap day", day(2024, 2, 29), day(2025, 2, 28), 11},
		{"leap day to next leap day", day(2024, 2, 29), day(2028, 2, 29), 48},
		{"same day", day(2025, 6, 30), day(2025, 6, 30), 0},
		{"start after the end", day(2025, 7, 1), day(2025, 6, 30), 0},
		{"unknown start", time.Time{}, day(2025, 6, 30), 0},
		{"start taken in the end's location", // 2025-01-31 20:00 UTC is 2025-02-01 in CST
			time.Date(2025, 1, 31, 20, 0, 0, 0, time.UTC), day(2025, 3, 1), 1},
	}
	for _, tt := range tests {
		if got := MonthsBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: MonthsBetween = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// ISO writes what time's DateOnly layout writes, for every day from year
// -1 to 10001, and appends without allocating in years 0 to 9999.
func TestISOIsDateOnly(t *testing.T) {
	for n := FromDate(-1, 1, 1); n <= FromDate(10001, 12, 31); n += 37 {
		want := time.Unix(n*86400, 0).UTC().Format(time.DateOnly)
		if got := ISO(n); got != want {
			t.Fatalf("ISO(%d) = %s, want %s", n, got, want)
		}
	}
	buf := make([]byte, 0, 16)
	day := FromDate(2026, 7, 1)
	if n := testing.AllocsPerRun(10, func() { buf = AppendISO(buf[:0], day) }); n != 0 {
		t.Errorf("AppendISO allocates %v times", n)
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{{7, 2, 3}, {-7, 2, -4}, {-8, 2, -4}, {0, 5, 0}, {-1, 86400, -1}} {
		if got := FloorDiv(c.a, c.b); got != c.want {
			t.Errorf("FloorDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// Date, the day numbers of dates and MonthsOn, integer arithmetic, agree
// with the time package's calendar on days from 1 January 0 to 3999,
// every month end of two centuries included.
func TestCalendarArithmeticAgreesWithTime(t *testing.T) {
	days := []int64{0, -1, 59, 60, -719468, -719469, 11016, 20635, 20664, 2932896}
	for d := int64(-800_000); d <= 800_000; d += 997 {
		days = append(days, d)
	}
	for y := 1896; y <= 2105; y++ { // every month end, leap years and centuries included
		for m := time.January; m <= time.December; m++ {
			first := FromDate(y, m, 1)
			days = append(days, first, first-1, first+27, first+28, first+29)
		}
	}
	for _, d := range days {
		y, m, dd := Date(d)
		wy, wm, wd := time.Unix(d*86400, 0).UTC().Date()
		if y != wy || m != wm || dd != wd {
			t.Fatalf("Date(%d) = %d-%d-%d, want %d-%d-%d", d, y, m, dd, wy, wm, wd)
		}
		if got := dayOf(int64(y), int64(m), int64(dd)); got != d {
			t.Fatalf("dayOf(%d-%d-%d) = %d, want %d", y, m, dd, got, d)
		}
		for _, n := range []int{0, 1, 2, 6, 11, 12, 13, 24, 119, 120} {
			first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
			last := first.AddDate(0, 1, -1).Day()
			want := first.Unix()/86400 + int64(dd) - 1 // past a short month's end: the next month's first days
			if dd > last {
				want = first.Unix()/86400 + int64(last)
			}
			x := MonthsOn(d, n)
			if x != want {
				t.Fatalf("MonthsOn(%s, %d) = %s, want %s", ISO(d), n, ISO(x), ISO(want))
			}
			a, b, prev := YMD{y, int(m), dd}, YMD{}, YMD{}
			b.Y, b.M, b.D = dateInts(x)
			prev.Y, prev.M, prev.D = dateInts(x - 1)
			if MonthsFrom(a, b) < n || n > 0 && MonthsFrom(a, prev) >= n {
				t.Fatalf("MonthsOn(%s, %d) = %s: not the first day %d whole months on", ISO(d), n, ISO(x), n)
			}
			if x < d+28*int64(n) {
				t.Fatalf("MonthsOn(%s, %d): fewer than 28 days a month", ISO(d), n)
			}
		}
	}
}

// Day is the calendar date of the wall clock in loc, as time.Time.Date
// gives it, in zones with DST, odd offsets and historic changes, at
// instants on both sides of the epoch and across every hour of a day.
func TestDayAgreesWithDate(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("NPT", 5*3600+45*60),
		time.FixedZone("HST", -10*3600), time.FixedZone("odd", -(3*3600 + 25*60 + 7))}
	for _, name := range []string{"Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"} {
		if loc, err := time.LoadLocation(name); err == nil { // the tzdata may be absent
			zones = append(zones, loc)
		}
	}
	for _, loc := range zones {
		for ts := int64(-3e9); ts < 3e9; ts += 7919 * 60 { // every 5.5 days or so, at shifting times of day
			u := time.Unix(ts, 0)
			y, m, d := u.In(loc).Date()
			if got, want := Day(u, loc), time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400; got != want {
				t.Fatalf("Day(%s, %s) = %s, want %s", u.UTC(), loc, ISO(got), ISO(want))
			}
		}
	}
}

// FromDate normalises months and days as time.Date does: month 0 and 13,
// day 0, negative days and days past the month's end.
func TestFromDateAgreesWithTime(t *testing.T) {
	for y := -5; y <= 2405; y += 7 {
		for m := time.Month(-13); m <= 26; m += 3 {
			for _, d := range []int{-400, -31, -1, 0, 1, 15, 28, 29, 30, 31, 32, 60, 366, 1000} {
				want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
				if got := FromDate(y, m, d); got*86400 != want {
					t.Fatalf("FromDate(%d, %d, %d) = %s, want %s", y, m, d, ISO(got), ISO(FloorDiv(want, 86400)))
				}
			}
		}
	}
}

// MonthDays is the distance from a month's first day to the next's, in
// every month of four 400-year cycles, negative years included.
func TestMonthDays(t *testing.T) {
	for y := -801; y <= 800; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := MonthDays(y, m), FromDate(y, m+1, 1)-FromDate(y, m, 1); got != want {
				t.Fatalf("MonthDays(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}

// dateInts returns day number n's year, month and day as ints.
func dateInts(n int64) (int, int, int) {
	y, m, d := Date(n)
	return y, int(m), d
}
