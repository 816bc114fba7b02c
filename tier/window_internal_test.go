package tier

import (
	"testing"
	"time"

	"github.com/vipcare/vipcare/internal/civil"
)

// windowOf, which counts month lengths from one first day, agrees with the
// periods' own arithmetic (MonthOf, QuarterOf, Next, firstDay) on every day
// of years around leap days of every kind, negative years included.
func TestWindowOfAgreesWithPeriods(t *testing.T) {
	for _, y0 := range []int{-401, -1, 0, 1899, 1900, 1999, 2000, 2024, 2100} {
		for day := time.Date(y0, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() < y0+2; day = day.AddDate(0, 0, 1) {
			y, mo, d := day.Date()
			for _, p := range []Period{MonthOf(day), QuarterOf(day)} {
				want := window{first: p.firstDay(), last: civil.FromDate(y, mo, d), end: p.Next().firstDay()}
				if got := windowOf(p.kind, civil.FromDate(y, mo, d)); got != want {
					t.Fatalf("windowOf(%s, %s) = %+v, want %+v", p.kind, day.Format(time.DateOnly), got, want)
				}
			}
		}
	}
}
