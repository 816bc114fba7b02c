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
			if again := DayNumberStart(n, tt.loc); !again.Equal(got) {
				t.Errorf("DayNumberStart = %s, want %s", again, got)
			}
		})
	}
}
