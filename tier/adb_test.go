package tier_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // time.LoadLocation works on any machine

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// adbLoc loads a time zone from the embedded database.
func adbLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// adbAt is a daily record at local time h:mi of y-m-d in loc.
func adbAt(loc *time.Location, y int, m time.Month, d, h, mi int, amount string) vipcare.DailyBalance {
	return vipcare.DailyBalance{Date: time.Date(y, m, d, h, mi, 0, 0, loc), Balance: testkit.CNY(amount)}
}

// adbOn is a daily record at midnight of y-m-d in CST (testkit.Day).
func adbOn(y int, m time.Month, d int, amount string) vipcare.DailyBalance {
	return adbIn(y, m, d, amount, vipcare.CNY)
}

// adbIn is a daily record at midnight of y-m-d in CST in currency c.
func adbIn(y int, m time.Month, d int, amount string, c vipcare.Currency) vipcare.DailyBalance {
	return vipcare.DailyBalance{Date: testkit.Day(y, m, d), Balance: testkit.Money(amount, c)}
}

// adbRun runs measure m on profile p as of asOf and checks the answer, that
// it is the same twice and that p is unchanged.
func adbRun(t *testing.T, m tier.Measure, p *vipcare.Profile, asOf time.Time, rates *vipcare.Rates) (vipcare.Amount, error) {
	t.Helper()
	before := testkit.Clone(*p)
	f := testkit.Figures(t, p, vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: rates})
	got, err := m.Measure(f)
	again, err2 := m.Measure(f)
	assert.Equal(t, got, again, "same answer twice")
	assert.Equal(t, err, err2, "same error twice")
	assert.Equal(t, before, *p, "profile unchanged")
	return got, err
}

func adbProfile(daily ...vipcare.DailyBalance) *vipcare.Profile {
	return &vipcare.Profile{ID: "C", DailyBalances: daily}
}

func TestADBMonthLengths(t *testing.T) {
	tests := []struct {
		name  string
		asOf  time.Time
		daily []vipcare.DailyBalance
		want  string
		why   string
	}{
		{"28-day February, constant", testkit.Day(2026, 2, 28),
			[]vipcare.DailyBalance{adbOn(2026, 2, 1, "1000")}, "1000", "28 x 1000 / 28"},
		{"28-day February, changing", testkit.Day(2026, 2, 28),
			[]vipcare.DailyBalance{adbOn(2026, 2, 1, "1000"), adbOn(2026, 2, 15, "2000")}, "1500",
			"(14 x 1000 + 14 x 2000) / 28"},
		{"non-leap February, last day only", testkit.Day(2027, 2, 28),
			[]vipcare.DailyBalance{adbOn(2027, 1, 31, "0"), adbOn(2027, 2, 28, "28000")}, "1000",
			"28000 / 28: 2027 has no 29 February"},
		{"29-day February 2028, constant", testkit.Day(2028, 2, 29),
			[]vipcare.DailyBalance{adbOn(2028, 2, 1, "2900")}, "2900", "29 x 2900 / 29"},
		{"29 February 2028 alone", testkit.Day(2028, 2, 29),
			[]vipcare.DailyBalance{adbOn(2028, 2, 29, "29000")}, "1000",
			"28 days before the first record count 0; 29 February counts once: 29000 / 29"},
		{"29 February 2028 after a carried balance", testkit.Day(2028, 2, 29),
			[]vipcare.DailyBalance{adbOn(2028, 1, 31, "1000"), adbOn(2028, 2, 29, "30000")}, "2000",
			"(28 x 1000 + 30000) / 29"},
		{"29 February 2028, a record after as-of", testkit.Day(2028, 2, 29),
			[]vipcare.DailyBalance{adbOn(2028, 2, 1, "100"), adbOn(2028, 3, 1, "999999")}, "100",
			"the March record is after as-of"},
		{"30-day April, constant", testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "3000")}, "3000", "30 x 3000 / 30"},
		{"30-day April, changing", testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "3000"), adbOn(2026, 4, 11, "6000"), adbOn(2026, 4, 21, "0")},
			"3000", "(10 x 3000 + 10 x 6000 + 10 x 0) / 30"},
		{"31-day March, constant", testkit.Day(2026, 3, 31),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "3100")}, "3100", "31 x 3100 / 31"},
		{"31-day March, changing on the last day", testkit.Day(2026, 3, 31),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "1000"), adbOn(2026, 3, 31, "32000")}, "2000",
			"(30 x 1000 + 32000) / 31"},
		{"31-day March, not a whole result", testkit.Day(2026, 3, 31),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "1000"), adbOn(2026, 3, 10, "31000")}, "22290.3226",
			"(9 x 1000 + 22 x 31000) / 31 = 22290.32258..."},
		{"every day recorded", testkit.Day(2026, 4, 30), everyDay(2026, 4, 30, 1), "15.5",
			"1 + 2 + ... + 30 = 465; 465 / 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adbRun(t, tier.ADB(tier.Month), adbProfile(tt.daily...), tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
		})
	}
}

// everyDay returns one record a day from y-m-1 to y-m-days, day d holding
// d x step.
func everyDay(y int, m time.Month, days, step int) []vipcare.DailyBalance {
	out := make([]vipcare.DailyBalance, days)
	for d := 1; d <= days; d++ {
		out[d-1] = adbOn(y, m, d, strconv.Itoa(d*step))
	}
	return out
}

// TestADBDaylightSaving: days are calendar days in the as-of date's
// location, so a 23- or 25-hour day counts once, and a record's day is its
// local date whatever its time of day.
func TestADBDaylightSaving(t *testing.T) {
	ny := adbLoc(t, "America/New_York")
	london := adbLoc(t, "Europe/London")
	shanghai := adbLoc(t, "Asia/Shanghai")
	asuncion := adbLoc(t, "America/Asuncion")
	tests := []struct {
		name  string
		asOf  time.Time
		daily []vipcare.DailyBalance
		want  string
		why   string
	}{
		{"New York March 2026, records at midnight", time.Date(2026, 3, 31, 18, 0, 0, 0, ny),
			[]vipcare.DailyBalance{adbAt(ny, 2026, 3, 1, 0, 0, "1000"), adbAt(ny, 2026, 3, 8, 0, 0, "9000"),
				adbAt(ny, 2026, 3, 9, 0, 0, "1000")},
			"1258.0645", "8 March has 23 hours and counts once: (30 x 1000 + 9000) / 31 = 1258.06451..."},
		{"New York March 2026, records at odd times", time.Date(2026, 3, 31, 23, 59, 0, 0, ny),
			[]vipcare.DailyBalance{
				adbAt(ny, 2026, 3, 7, 23, 30, "6200"),  // 04:30 UTC on 8 March
				adbAt(ny, 2026, 3, 8, 23, 30, "24800"), // 03:30 UTC on 9 March
				adbAt(ny, 2026, 3, 9, 0, 30, "31000"),  // 04:30 UTC on 9 March
			},
			"24000", "local dates 7, 8, 9 March: (6 x 0 + 6200 + 24800 + 23 x 31000) / 31"},
		{"New York, as of the 23-hour day", time.Date(2026, 3, 8, 12, 0, 0, 0, ny),
			[]vipcare.DailyBalance{adbAt(ny, 2026, 3, 1, 0, 0, "1000"), adbAt(ny, 2026, 3, 8, 3, 30, "9000")},
			"2000", "month to date, 8 days: (7 x 1000 + 9000) / 8"},
		{"London October 2026, records at odd times", time.Date(2026, 10, 31, 12, 0, 0, 0, london),
			[]vipcare.DailyBalance{
				adbAt(london, 2026, 9, 30, 23, 30, "3100"),  // carried in from before the month
				adbAt(london, 2026, 10, 25, 1, 30, "13600"), // an hour that happens twice
				adbAt(london, 2026, 10, 26, 0, 0, "6000"),
			},
			"4000", "25 October has 25 hours and counts once: (24 x 3100 + 13600 + 6 x 6000) / 31"},
		{"London, as of the 25-hour day", time.Date(2026, 10, 25, 23, 59, 0, 0, london),
			[]vipcare.DailyBalance{adbAt(london, 2026, 10, 1, 0, 0, "1000"), adbAt(london, 2026, 10, 25, 0, 0, "26000")},
			"2000", "month to date, 25 days: (24 x 1000 + 26000) / 25"},
		{"Shanghai March 2026, records given in UTC", time.Date(2026, 3, 31, 9, 0, 0, 0, shanghai),
			[]vipcare.DailyBalance{
				adbAt(time.UTC, 2026, 2, 28, 16, 0, "1000"),  // 00:00 on 1 March in Shanghai
				adbAt(time.UTC, 2026, 3, 15, 16, 30, "4100"), // 00:30 on 16 March
				adbAt(time.UTC, 2026, 3, 31, 15, 59, "1000"), // 23:59 on 31 March
			},
			"2500", "local dates: (15 x 1000 + 15 x 4100 + 1000) / 31; read in UTC it would be 2600"},
		{"Shanghai April 1991, a 23-hour day", time.Date(1991, 4, 30, 12, 0, 0, 0, shanghai),
			[]vipcare.DailyBalance{adbAt(shanghai, 1991, 4, 1, 0, 0, "1000"), adbAt(shanghai, 1991, 4, 14, 3, 0, "16000")},
			"9500", "14 April 1991 had 23 hours in Shanghai: (13 x 1000 + 17 x 16000) / 30"},
		{"Asuncion October 2023, midnight does not exist on the 1st", time.Date(2023, 10, 31, 12, 0, 0, 0, asuncion),
			[]vipcare.DailyBalance{adbAt(asuncion, 2023, 9, 30, 12, 0, "99999"), adbAt(asuncion, 2023, 10, 1, 12, 0, "31000")},
			"31000", "the month is 1 to 31 October, not from 30 September: 31 x 31000 / 31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := adbProfile(tt.daily...)
			got, err := adbRun(t, tier.ADB(tier.Month), p, tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
			assert.Equal(t, adbReference(p.DailyBalances, tt.asOf, tier.Month, 0).String(), got.String(),
				"naive day-by-day reference")
		})
	}
}

func TestADBCarryForward(t *testing.T) {
	tests := []struct {
		name  string
		kind  tier.PeriodKind
		asOf  time.Time
		daily []vipcare.DailyBalance
		want  string
		why   string
	}{
		{"record long before the period", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2025, 6, 3, "7777.7777")}, "7777.7777", "carried for 11 months"},
		{"record the day before the period", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "1"), adbOn(2026, 3, 31, "1000"), adbOn(2026, 4, 16, "4000")},
			"2500", "(15 x 1000 + 15 x 4000) / 30"},
		{"gaps inside the period", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "1000"), adbOn(2026, 4, 5, "5000"), adbOn(2026, 4, 25, "500")},
			"3566.6667", "(4 x 1000 + 20 x 5000 + 6 x 500) / 30 = 107000 / 30 = 3566.666..."},
		{"first record mid-period", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 16, "30000")}, "15000", "15 days before it count 0"},
		{"first record after as-of", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 5, 2, "30000")}, "0", "not yet a client: every day counts 0"},
		{"first record on as-of", tier.Month, testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 30, "30000")}, "1000", "30000 / 30"},
		{"month to date", tier.Month, time.Date(2026, 4, 10, 17, 45, 0, 0, testkit.CST),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "1000"), adbOn(2026, 4, 6, "2000"), adbOn(2026, 4, 20, "999999")},
			"1500", "10 days: (5 x 1000 + 5 x 2000) / 10; the record after as-of is ignored"},
		{"month to date on the first day", tier.Month, testkit.Day(2026, 4, 1),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "10"), adbOn(2026, 4, 1, "1234.5")}, "1234.5", "one day"},
		{"Q1 2028 has 91 days", tier.Quarter, testkit.Day(2028, 3, 31),
			[]vipcare.DailyBalance{adbOn(2028, 2, 29, "9100")}, "3200",
			"59 days of 0, then 29 February to 31 March, 32 days: 32 x 9100 / 91"},
		{"Q1 2028, constant", tier.Quarter, testkit.Day(2028, 3, 31),
			[]vipcare.DailyBalance{adbOn(2027, 12, 31, "9100")}, "9100", "carried from the previous year"},
		{"Q3 2026 has 92 days", tier.Quarter, testkit.Day(2026, 9, 30),
			[]vipcare.DailyBalance{adbOn(2026, 7, 1, "9200"), adbOn(2026, 9, 1, "0")}, "6200", "62 x 9200 / 92"},
		{"Q3 2028 has 92 days", tier.Quarter, testkit.Day(2028, 9, 30),
			[]vipcare.DailyBalance{adbOn(2028, 9, 30, "92000")}, "1000", "92000 / 92"},
		{"Q4 2026 has 92 days", tier.Quarter, testkit.Day(2026, 12, 31),
			[]vipcare.DailyBalance{adbOn(2026, 11, 1, "9200")}, "6100", "61 x 9200 / 92"},
		{"quarter to date across 29 February", tier.Quarter, testkit.Day(2028, 3, 1),
			[]vipcare.DailyBalance{adbOn(2028, 1, 1, "6100"), adbOn(2028, 3, 1, "0")}, "6000",
			"61 days: 60 x 6100 / 61"},
		{"Q2 2026 has 91 days", tier.Quarter, time.Date(2026, 6, 30, 23, 59, 59, 0, testkit.CST),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "1"), adbOn(2026, 5, 1, "2"), adbOn(2026, 6, 1, "3")},
			"2", "(30 + 31 x 2 + 30 x 3) / 91 = 182 / 91"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := adbProfile(tt.daily...)
			got, err := adbRun(t, tier.ADB(tt.kind), p, tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
			assert.Equal(t, adbReference(p.DailyBalances, tt.asOf, tt.kind, 0).String(), got.String(),
				"naive day-by-day reference")
		})
	}
}

// TestADBRounding: the average is rounded half to even to 10^-4, after each
// balance is converted (itself rounded half to even) into the reporting
// currency.
func TestADBRounding(t *testing.T) {
	mar := func(d int, amount string) vipcare.DailyBalance { return adbOn(2026, 3, d, amount) }
	max := vipcare.MaxAmount.String()
	tests := []struct {
		name  string
		asOf  time.Time
		daily []vipcare.DailyBalance
		want  string
		why   string
	}{
		{"half rounds down to even 0", testkit.Day(2026, 3, 2), []vipcare.DailyBalance{mar(1, "0.0001"), mar(2, "0")},
			"0", "0.00005"},
		{"half rounds up to even 2", testkit.Day(2026, 3, 2), []vipcare.DailyBalance{mar(1, "0.0003"), mar(2, "0")},
			"0.0002", "0.00015"},
		{"half rounds down to even 2", testkit.Day(2026, 3, 2), []vipcare.DailyBalance{mar(1, "0.0005"), mar(2, "0")},
			"0.0002", "0.00025"},
		{"half rounds up to even 4", testkit.Day(2026, 3, 2), []vipcare.DailyBalance{mar(1, "0.0007"), mar(2, "0")},
			"0.0004", "0.00035"},
		{"a third rounds down", testkit.Day(2026, 3, 3), []vipcare.DailyBalance{mar(1, "0.0001"), mar(2, "0")},
			"0", "0.0001 / 3"},
		{"two thirds round up", testkit.Day(2026, 3, 3), []vipcare.DailyBalance{mar(1, "0.0001"), mar(3, "0")},
			"0.0001", "0.0002 / 3"},
		{"92 days of the largest amount", testkit.Day(2026, 9, 30), []vipcare.DailyBalance{adbOn(2026, 6, 30, max)},
			max, "92 x (10^18 - 1) overflows an int64 but not the 128-bit sum"},
		{"largest amounts alternating, half to even", testkit.Day(2026, 9, 30), alternating(max, "99999999999999.9998"),
			"99999999999999.9998", "46 x odd + 46 x even: the half rounds to the even one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := tier.Month
			if tt.asOf.Month() == 9 {
				kind = tier.Quarter
			}
			got, err := adbRun(t, tier.ADB(kind), adbProfile(tt.daily...), tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
		})
	}
}

// alternating returns daily records for Q3 2026, a on odd days of the
// quarter and b on even ones.
func alternating(a, b string) []vipcare.DailyBalance {
	var out []vipcare.DailyBalance
	for i := 0; i < 92; i++ {
		v := a
		if i%2 == 1 {
			v = b
		}
		out = append(out, adbOn(2026, 7, 1+i, v)) // time.Date normalises the day
	}
	return out
}

func TestADBForeignCurrency(t *testing.T) {
	rates := testkit.Rates()
	tests := []struct {
		name  string
		asOf  time.Time
		daily []vipcare.DailyBalance
		want  string
		why   string
	}{
		{"USD converted at the valuation's rate", testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbIn(2026, 4, 1, "1000", vipcare.USD)}, "7123.4", "1000 x 7.1234"},
		{"mixed currencies", testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbIn(2026, 4, 1, "10000", vipcare.CNY), adbIn(2026, 4, 16, "1000", vipcare.USD)},
			"8561.7", "(15 x 10000 + 15 x 7123.4) / 30 = 256851 / 30"},
		{"carried USD balance", testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbIn(2026, 3, 2, "2000", vipcare.USD), adbIn(2026, 4, 21, "0", vipcare.CNY)},
			"9497.8667", "20 x 14246.8 / 30 = 9497.8666..."},
		{"conversion rounds, then the average rounds", testkit.Day(2026, 4, 2),
			[]vipcare.DailyBalance{adbIn(2026, 4, 1, "0.0001", vipcare.USD), adbIn(2026, 4, 2, "0", vipcare.USD)},
			"0.0004", "0.0001 USD is 0.00071234, rounded to 0.0007 CNY; 0.0007 / 2 = 0.00035 rounds to even 0.0004"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adbRun(t, tier.ADB(tier.Month), adbProfile(tt.daily...), tt.asOf, rates)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
		})
	}
}

func TestADBErrors(t *testing.T) {
	type want = testkit.Want
	eur := func(y int, m time.Month, d int) vipcare.DailyBalance {
		return adbIn(y, m, d, "100", vipcare.Currency("EUR"))
	}
	avg := func(from, to time.Time, amount string, c vipcare.Currency) vipcare.PeriodAverage {
		return vipcare.PeriodAverage{From: from, To: to, Average: testkit.Money(amount, c)}
	}
	noHistory := want{Path: "/daily_balances", Err: tier.ErrNoHistory}
	tests := []struct {
		name     string
		measure  tier.Measure
		asOf     time.Time
		daily    []vipcare.DailyBalance
		averages []vipcare.PeriodAverage
		want     want
	}{
		{"no history at all", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil, nil, noHistory},
		{"average of another month", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 3, 1), testkit.Day(2026, 3, 31), "1", vipcare.CNY)},
			noHistory},
		{"average of the month before it is over", tier.ADB(tier.Month), testkit.Day(2026, 4, 29), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "1", vipcare.CNY)},
			noHistory},
		{"average of part of the month", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 2), testkit.Day(2026, 4, 30), "1", vipcare.CNY)},
			noHistory},
		{"monthly average for a quarter", tier.ADB(tier.Quarter), testkit.Day(2026, 6, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 6, 1), testkit.Day(2026, 6, 30), "1", vipcare.CNY)},
			noHistory},
		{"best month without any average", tier.BestMonthlyADB(3), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 1, 1), testkit.Day(2026, 1, 31), "1", vipcare.CNY)},
			noHistory},
		{"balance without a rate", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "1"), eur(2026, 4, 2)}, nil,
			want{Path: "/daily_balances/1/balance", Err: vipcare.ErrNoRate}},
		{"carried balance without a rate", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 1, 1, "1"), eur(2026, 3, 2)}, nil,
			want{Path: "/daily_balances/1/balance", Err: vipcare.ErrNoRate}},
		{"best month, balance without a rate", tier.BestMonthlyADB(2), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 1, 1, "1"), eur(2026, 3, 2)}, nil,
			want{Path: "/daily_balances/1/balance", Err: vipcare.ErrNoRate}},
		{"average without a rate", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "1", vipcare.Currency("EUR"))},
			want{Path: "/average_balances/0/average", Err: vipcare.ErrNoRate}},
		{"best month, average without a rate", tier.BestMonthlyADB(2), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "1", vipcare.Currency("EUR"))},
			want{Path: "/average_balances/0/average", Err: vipcare.ErrNoRate}},
		{"negative balance", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "100"), adbOn(2026, 4, 2, "-100")}, nil,
			want{Path: "/daily_balances/1/balance", Err: vipcare.ErrNegative}},
		{"negative balance carried into the month", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 3, 1, "-100"), adbOn(2026, 5, 2, "100")}, nil,
			want{Path: "/daily_balances/0/balance", Err: vipcare.ErrNegative}},
		{"best month, negative balance", tier.BestMonthlyADB(3), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 2, 1, "100"), adbOn(2026, 2, 2, "-99999999999999.9999")}, nil,
			want{Path: "/daily_balances/1/balance", Err: vipcare.ErrNegative}},
		{"negative average", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "-100", vipcare.CNY)},
			want{Path: "/average_balances/0/average", Err: vipcare.ErrNegative}},
		{"best month, negative average", tier.BestMonthlyADB(2), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 3, 1), testkit.Day(2026, 3, 31), "-100", vipcare.CNY)},
			want{Path: "/average_balances/0/average", Err: vipcare.ErrNegative}},
		// A record whose JSON has no "balance" is no 0: it would halve the
		// month's average.
		{"balance never set", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "100"), {Date: testkit.Day(2026, 4, 16)}}, nil,
			want{Path: "/daily_balances/1/balance", Err: policy.ErrMissing}},
		{"balance never set, stored and read back", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.DailyBalance{adbOn(2026, 4, 1, "100"), {Date: testkit.Day(2026, 4, 16), Balance: vipcare.Money{Amount: testkit.Dec("0")}}}, nil,
			want{Path: "/daily_balances/1/balance", Err: policy.ErrMissing}},
		{"average never set", tier.ADB(tier.Month), testkit.Day(2026, 4, 30), nil,
			[]vipcare.PeriodAverage{{From: testkit.Day(2026, 4, 1), To: testkit.Day(2026, 4, 30)}},
			want{Path: "/average_balances/0/average", Err: policy.ErrMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &vipcare.Profile{ID: "C", DailyBalances: tt.daily, AverageBalances: tt.averages}
			_, err := adbRun(t, tt.measure, p, tt.asOf, nil)
			testkit.CheckProblems(t, err, tt.want)
			assert.NotContains(t, err.Error(), "100", "errors never show amounts")
		})
	}

	t.Run("figures without a profile", func(t *testing.T) {
		f := vipcare.Figures{AsOf: testkit.Day(2026, 4, 30), Currency: vipcare.CNY}
		_, err := tier.ADB(tier.Month).Measure(&f)
		testkit.CheckProblems(t, err, noHistory)
		_, err = tier.BestMonthlyADB(2).Measure(&f)
		testkit.CheckProblems(t, err, noHistory)
	})
	t.Run("message", func(t *testing.T) {
		_, err := adbRun(t, tier.ADB(tier.Month), &vipcare.Profile{ID: "C"}, testkit.Day(2026, 4, 30), nil)
		assert.EqualError(t, err, "vipcare: /daily_balances: no balance history for the period")
	})
}

// TestADBAveragesFallback: without daily records, the bank's own average of
// exactly the period is used once the period is over.
func TestADBAveragesFallback(t *testing.T) {
	shanghai := adbLoc(t, "Asia/Shanghai")
	rates := testkit.Rates()
	avg := func(from, to time.Time, amount string, c vipcare.Currency) vipcare.PeriodAverage {
		return vipcare.PeriodAverage{From: from, To: to, Average: testkit.Money(amount, c)}
	}
	tests := []struct {
		name     string
		measure  tier.Measure
		asOf     time.Time
		averages []vipcare.PeriodAverage
		want     string
	}{
		{"the month's average on its last day", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 3, 1), testkit.Day(2026, 3, 31), "1", vipcare.CNY),
				avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "12345.6789", vipcare.CNY)},
			"12345.6789"},
		{"the first matching entry wins", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "2", vipcare.CNY),
				avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "3", vipcare.CNY)},
			"2"},
		{"the quarter's average", tier.ADB(tier.Quarter), time.Date(2026, 6, 30, 23, 0, 0, 0, testkit.CST),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 6, 1), testkit.Day(2026, 6, 30), "1", vipcare.CNY),
				avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 6, 30), "500000", vipcare.CNY)},
			"500000"},
		{"a USD average converted", tier.ADB(tier.Month), testkit.Day(2026, 4, 30),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "1000", vipcare.USD)},
			"7123.4"},
		{"dates are calendar dates in the as-of location", tier.ADB(tier.Month), time.Date(2026, 4, 30, 20, 0, 0, 0, shanghai),
			[]vipcare.PeriodAverage{avg(time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), // 1 April in Shanghai
				time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC), "42", vipcare.CNY)},
			"42"},
		{"best month among the averages given", tier.BestMonthlyADB(3), testkit.Day(2027, 1, 15),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 10, 1), testkit.Day(2026, 10, 31), "999", vipcare.CNY),
				avg(testkit.Day(2026, 11, 1), testkit.Day(2026, 11, 30), "300", vipcare.CNY),
				avg(testkit.Day(2026, 12, 1), testkit.Day(2026, 12, 31), "200", vipcare.CNY)},
			"300"},
		{"best month includes the current one on its last day", tier.BestMonthlyADB(2), testkit.Day(2027, 1, 31),
			[]vipcare.PeriodAverage{avg(testkit.Day(2026, 12, 1), testkit.Day(2026, 12, 31), "200", vipcare.CNY),
				avg(testkit.Day(2027, 1, 1), testkit.Day(2027, 1, 31), "201", vipcare.CNY)},
			"201"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &vipcare.Profile{ID: "C", AverageBalances: tt.averages}
			got, err := adbRun(t, tt.measure, p, tt.asOf, rates)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
		})
	}

	t.Run("daily records take precedence", func(t *testing.T) {
		p := &vipcare.Profile{ID: "C",
			DailyBalances:   []vipcare.DailyBalance{adbOn(2026, 4, 1, "10")},
			AverageBalances: []vipcare.PeriodAverage{avg(testkit.Day(2026, 4, 1), testkit.Day(2026, 4, 30), "99", vipcare.CNY)},
		}
		got, err := adbRun(t, tier.ADB(tier.Month), p, testkit.Day(2026, 4, 30), nil)
		require.NoError(t, err)
		assert.Equal(t, "10", got.String())
	})
}

func TestBestMonthlyADB(t *testing.T) {
	// Across the year boundary: November 2026 averages 500, December 6200,
	// and 1 to 15 January 2027 (as-of mid-month) (7 x 6200 + 8 x 100) / 15.
	daily := []vipcare.DailyBalance{
		adbOn(2026, 10, 1, "31000"), adbOn(2026, 10, 31, "500"),
		adbOn(2026, 12, 1, "6200"), adbOn(2027, 1, 8, "100"),
	}
	asOf := time.Date(2027, 1, 15, 10, 0, 0, 0, testkit.CST)
	tests := []struct {
		name    string
		n       int
		asOf    time.Time
		daily   []vipcare.DailyBalance
		want    string
		why     string
		measure string
	}{
		{"one month is month to date", 1, asOf, daily, "2946.6667", "(7 x 6200 + 8 x 100) / 15 = 2946.666...",
			"best monthly ADB of the last 1 month"},
		{"December beats January", 2, asOf, daily, "6200", "across the year boundary",
			"best monthly ADB of the last 2 months"},
		{"December beats November", 3, asOf, daily, "6200", "November is 500",
			"best monthly ADB of the last 3 months"},
		{"October's high average", 4, asOf, daily, "30016.129", "(30 x 31000 + 500) / 31 = 30016.1290...",
			"best monthly ADB of the last 4 months"},
		{"months before the first record count 0", 12, asOf, daily, "30016.129", "",
			"best monthly ADB of the last 12 months"},
		{"the current month is best", 3, testkit.Day(2026, 3, 10),
			[]vipcare.DailyBalance{adbOn(2026, 1, 1, "100"), adbOn(2026, 3, 5, "1100")}, "700",
			"(4 x 100 + 6 x 1100) / 10", "best monthly ADB of the last 3 months"},
		{"all zero", 3, testkit.Day(2026, 3, 10), []vipcare.DailyBalance{adbOn(2026, 1, 1, "0")}, "0", "",
			"best monthly ADB of the last 3 months"},
		{"February 2028 in the window", 2, testkit.Day(2028, 3, 1),
			[]vipcare.DailyBalance{adbOn(2028, 2, 29, "2900")}, "2900", "March to date is one day of 2900; February 100",
			"best monthly ADB of the last 2 months"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tier.BestMonthlyADB(tt.n)
			assert.Equal(t, tt.measure, m.(fmt.Stringer).String())
			p := adbProfile(tt.daily...)
			got, err := adbRun(t, m, p, tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
			assert.Equal(t, adbBestReference(p.DailyBalances, tt.asOf, tt.n).String(), got.String(),
				"best of the months' ADB one by one")
		})
	}
}

// TestADBConstruction: the measures are named for explanations, and one
// made with an invalid argument and registered is refused by a ladder at
// "/measure" rather than panicking, and fails if measured directly.
func TestADBConstruction(t *testing.T) {
	assert.Equal(t, "ADB of the month", tier.ADB(tier.Month).(fmt.Stringer).String())
	assert.Equal(t, "ADB of the quarter", tier.ADB(tier.Quarter).(fmt.Stringer).String())
	assert.Equal(t, "best monthly ADB of the last 1 month", tier.BestMonthlyADB(1).(fmt.Stringer).String())
	tests := []struct {
		name    string
		measure tier.Measure
		valid   bool
	}{
		{"the zero PeriodKind", tier.ADB(""), false},
		{"an unknown PeriodKind", tier.ADB("week"), false},
		{"best of 0 months", tier.BestMonthlyADB(0), false},
		{"best of -1 months", tier.BestMonthlyADB(-1), false},
		{"best of 121 months", tier.BestMonthlyADB(121), false},
		{"best of 1 month", tier.BestMonthlyADB(1), true},
		{"best of 120 months", tier.BestMonthlyADB(120), true},
		{"a month", tier.ADB(tier.Month), true},
		{"a quarter", tier.ADB(tier.Quarter), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.measure.(fmt.Stringer).String()
			env := policy.Must(vipcare.NewEnv(nil))
			env = policy.Must(env.WithParts(tier.MeasurePart("balance", tt.measure)))
			spec := tier.Reference()
			spec.Measure = "balance"
			var l *tier.Ladder
			var err error
			assert.NotPanics(t, func() { l, err = spec.Compile(env) })
			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.Nil(t, l)
				testkit.CheckProblems(t, err, testkit.Want{Path: "/measure", Name: "balance", Err: policy.ErrOutOfRange})
			}
			p := adbProfile(adbOn(2026, 4, 1, "1"))
			_, err = tt.measure.Measure(testkit.Figures(t, p, testkit.Valuation(testkit.Day(2026, 4, 30))))
			if tt.valid {
				assert.NoError(t, err)
			} else {
				testkit.CheckProblems(t, err, testkit.Want{Path: "/measure", Name: name, Err: policy.ErrOutOfRange})
			}
		})
	}
}

// TestADBInLadder: a one-day spike moves point-in-time AUM up two tiers but
// barely moves the monthly ADB.
func TestADBInLadder(t *testing.T) {
	spec := tier.Reference()
	spec.Measure = "adb_month"
	byADB := compile(t, spec)
	byAUM := compile(t, tier.Reference())

	p := &vipcare.Profile{ID: "C",
		Holdings: []vipcare.Holding{{ID: "D", Class: vipcare.Deposits, Amount: testkit.CNY("3000000")}},
		DailyBalances: []vipcare.DailyBalance{
			adbOn(2026, 3, 31, "100000"), adbOn(2026, 4, 15, "3000000"), adbOn(2026, 4, 16, "100000"),
		},
	}
	tests := []struct {
		name  string
		asOf  time.Time
		value string
		why   string
	}{
		{"on the spike day", testkit.Day(2026, 4, 15), "293333.3333", "(14 x 100000 + 3000000) / 15"},
		{"at the end of the month", testkit.Day(2026, 4, 30), "196666.6667", "(29 x 100000 + 3000000) / 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testkit.Figures(t, p, vipcare.Valuation{AsOf: tt.asOf, Currency: vipcare.CNY})
			got, err := byAUM.Assign(f)
			require.NoError(t, err)
			assert.Equal(t, "diamond", got.Name, "the spike's tier")
			got, err = byADB.Assign(f)
			require.NoError(t, err)
			assert.Equal(t, "gold", got.Name)
			o, err := byADB.Observe(f, tier.MonthOf(tt.asOf))
			require.NoError(t, err)
			assert.Equal(t, tt.value, o.Value.String(), tt.why)
			e, err := byADB.Explain(f, policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, "ADB of the month", e.Measure)
			assert.Equal(t, "gold: ADB of the month at or above gold's 50,000 CNY and below platinum's 500,000 CNY",
				e.String())
		})
	}
}

// TestADBProperties checks random histories in several locations against a
// naive day-by-day reference: the ADB lies between the lowest and highest
// balance of its days, the best monthly ADB is the best of the months one by
// one, and every answer is the same twice with the profile unchanged.
func TestADBProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20260308, 1))
	locs := []*time.Location{time.UTC, adbLoc(t, "America/New_York"), adbLoc(t, "Europe/London"),
		adbLoc(t, "Asia/Shanghai"), adbLoc(t, "America/Asuncion"), adbLoc(t, "Australia/Lord_Howe")}
	for i := 0; i < 300; i++ {
		loc := locs[r.IntN(len(locs))]
		start := time.Date(2025+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, loc)
		var daily []vipcare.DailyBalance
		y, m, d := start.Date()
		for n := r.IntN(60); len(daily) < n; {
			d += 1 + r.IntN(6)
			a := decimal.New(r.Int64N(10_000_000_000_000), -vipcare.AmountScale) // below 10^9
			if r.IntN(20) == 0 {
				a = vipcare.MaxAmount.Decimal()
			}
			daily = append(daily, vipcare.DailyBalance{
				// from 01:00: a midnight that does not exist may move to the day before
				Date:    time.Date(y, m, d, 1+r.IntN(23), r.IntN(60), 0, 0, loc),
				Balance: vipcare.Money{Amount: a, Currency: vipcare.CNY},
			})
		}
		asOf := time.Date(y, m, d-r.IntN(120)+r.IntN(30), r.IntN(24), r.IntN(60), 0, 0, loc)
		p := adbProfile(daily...)
		name := strconv.Itoa(i) + "/" + loc.String() + "/" + asOf.Format(time.DateOnly)
		t.Run(name, func(t *testing.T) {
			for _, k := range []tier.PeriodKind{tier.Month, tier.Quarter} {
				got, err := adbRun(t, tier.ADB(k), p, asOf, nil)
				if len(daily) == 0 {
					require.ErrorIs(t, err, tier.ErrNoHistory)
					continue
				}
				require.NoError(t, err)
				lo, hi := adbRange(daily, asOf, k)
				assert.GreaterOrEqual(t, got, lo, "at or above the lowest day")
				assert.LessOrEqual(t, got, hi, "at or below the highest day")
				assert.Equal(t, adbReference(daily, asOf, k, 0), got, "reference, %s", k)
			}
			if len(daily) == 0 {
				return
			}
			n := 1 + r.IntN(5)
			got, err := adbRun(t, tier.BestMonthlyADB(n), p, asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, adbBestReference(daily, asOf, n), got, "best of %d months", n)
		})
	}
}

func TestADBConcurrentUse(t *testing.T) {
	p := adbProfile(everyDay(2026, 5, 31, 1000)...)
	f := testkit.Figures(t, p, vipcare.Valuation{AsOf: testkit.Day(2026, 5, 31), Currency: vipcare.CNY})
	measures := []tier.Measure{tier.ADB(tier.Month), tier.ADB(tier.Quarter), tier.BestMonthlyADB(3)}
	want := make([]vipcare.Amount, len(measures))
	for i, m := range measures {
		var err error
		want[i], err = m.Measure(f)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				for j, m := range measures {
					got, err := m.Measure(f)
					if err != nil || got != want[j] {
						t.Errorf("measure %d: got %v, %v; want %v", j, got, err, want[j])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// adbDays returns the calendar dates, in as-of's location, of the window of
// the period of kind k containing asOf (first day to asOf's date), walking
// one day at a time at noon.
func adbDays(asOf time.Time, k tier.PeriodKind, monthsBack int) []time.Time {
	y, m, d := asOf.Date()
	m -= time.Month(monthsBack)
	first := time.Date(y, m, 1, 12, 0, 0, 0, asOf.Location())
	if k == tier.Quarter {
		first = time.Date(y, (m-1)/3*3+1, 1, 12, 0, 0, 0, asOf.Location())
	}
	last := time.Date(y, m, d, 12, 0, 0, 0, asOf.Location())
	if monthsBack > 0 {
		last = time.Date(y, m+1, 0, 12, 0, 0, 0, asOf.Location())
	}
	var days []time.Time
	for day := first; !day.After(last); {
		days = append(days, day)
		fy, fm, fd := day.Date()
		day = time.Date(fy, fm, fd+1, 12, 0, 0, 0, asOf.Location())
	}
	return days
}

// adbBalanceOn is the balance of the last record whose local date is on or
// before day's, by linear scan; 0 before the first record.
func adbBalanceOn(daily []vipcare.DailyBalance, day time.Time) vipcare.Amount {
	key := func(t time.Time) int {
		y, m, d := t.In(day.Location()).Date()
		return y*10000 + int(m)*100 + d
	}
	var bal vipcare.Amount
	for _, r := range daily {
		if key(r.Date) <= key(day) {
			a, err := vipcare.ToAmount(r.Balance.Amount)
			if err != nil {
				panic(err)
			}
			bal = a
		}
	}
	return bal
}

// adbReference is the naive ADB: every day of the window in turn, summed
// with math/big, divided and rounded half to even. CNY balances only.
func adbReference(daily []vipcare.DailyBalance, asOf time.Time, k tier.PeriodKind, monthsBack int) vipcare.Amount {
	days := adbDays(asOf, k, monthsBack)
	sum := new(big.Int)
	for _, day := range days {
		sum.Add(sum, big.NewInt(int64(adbBalanceOn(daily, day))))
	}
	n := big.NewInt(int64(len(days)))
	q, r := new(big.Int).QuoRem(sum, n, new(big.Int))
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if c := twice.Cmp(n); c > 0 || c == 0 && q.Bit(0) == 1 {
		if sum.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return vipcare.Amount(q.Int64())
}

// adbBestReference is the best of adbReference over n months.
func adbBestReference(daily []vipcare.DailyBalance, asOf time.Time, n int) vipcare.Amount {
	best := adbReference(daily, asOf, tier.Month, 0)
	for back := 1; back < n; back++ {
		best = max(best, adbReference(daily, asOf, tier.Month, back))
	}
	return best
}

// adbRange returns the lowest and highest balance over the window's days.
func adbRange(daily []vipcare.DailyBalance, asOf time.Time, k tier.PeriodKind) (lo, hi vipcare.Amount) {
	for i, day := range adbDays(asOf, k, 0) {
		b := adbBalanceOn(daily, day)
		if i == 0 || b < lo {
			lo = b
		}
		if i == 0 || b > hi {
			hi = b
		}
	}
	return lo, hi
}

// BenchmarkADB measures the monthly ADB of a client with two years of daily
// records (730), as of the last one.
func BenchmarkADB(b *testing.B) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	daily := make([]vipcare.DailyBalance, 730)
	for i := range daily {
		daily[i] = vipcare.DailyBalance{Date: time.Date(2025, 1, 1+i, 18, 0, 0, 0, loc),
			Balance: testkit.CNY(strconv.Itoa(1_000_000+i*1_000) + ".25")}
	}
	p := adbProfile(daily...)
	f := testkit.Figures(b, p, vipcare.Valuation{AsOf: daily[729].Date, Currency: vipcare.CNY})
	for _, bm := range []struct {
		name string
		m    tier.Measure
	}{
		{"month", tier.ADB(tier.Month)},
		{"quarter", tier.ADB(tier.Quarter)},
		{"best-of-3", tier.BestMonthlyADB(3)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := bm.m.Measure(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestADBDoesNotAllocate: the measures allocate nothing when they succeed.
func TestADBDoesNotAllocate(t *testing.T) {
	ny := adbLoc(t, "America/New_York")
	daily := make([]vipcare.DailyBalance, 400)
	for i := range daily {
		daily[i] = adbAt(ny, 2025, 3, 1+i, 9, 30, strconv.Itoa(1000+i))
	}
	p := adbProfile(daily...)
	f := testkit.Figures(t, p, vipcare.Valuation{AsOf: daily[len(daily)-1].Date, Currency: vipcare.CNY, Rates: testkit.Rates()})
	for _, m := range []tier.Measure{tier.ADB(tier.Month), tier.ADB(tier.Quarter), tier.BestMonthlyADB(6)} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := m.Measure(f); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "%v", m)
	}
}
