package textfmt

import "testing"

func TestTable(t *testing.T) {
	rows := [][]string{
		{"class", "clients", "share"},
		{"gold", "1,234", "12.3%"},
		{"private banking", "7", "0.1%"},
	}
	want := "class            clients  share\n" +
		"gold               1,234  12.3%\n" +
		"private banking        7   0.1%\n"
	if got := Table(rows, FirstLeft); got != want {
		t.Errorf("Table =\n%s\nwant\n%s", got, want)
	}
}

func TestTableChineseNamesLineUp(t *testing.T) {
	rows := [][]string{{"tier", "clients"}, {"金卡", "12"}, {"私行", "3"}, {"platinum", "40"}}
	want := "tier      clients\n" +
		"金卡           12\n" +
		"私行            3\n" +
		"platinum       40\n"
	if got := Table(rows, FirstLeft); got != want {
		t.Errorf("Table =\n%s\nwant\n%s", got, want)
	}
}

func TestTableLeftColumnsAndTrailingSpaces(t *testing.T) {
	rows := [][]string{{"rm", "n", "status"}, {"R1", "10", "over"}, {"R22", "9", ""}}
	left := func(c int) bool { return c != 1 }
	want := "rm    n  status\n" +
		"R1   10  over\n" +
		"R22   9\n"
	if got := Table(rows, left); got != want {
		t.Errorf("Table =\n%q\nwant\n%q", got, want)
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "gold": 4, "金卡": 4, "普通 VIP": 8, "ｶ": 1, "Ａ": 2, "한국": 4} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days", 30: "30 days"} {
		if got := Count(n, "day", "days"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPointer(t *testing.T) {
	for s, want := range map[string]string{"": "", "phone": "phone", "a/b": "a~1b", "~x": "~0x", "~/": "~0~1", "/~": "~1~0"} {
		if got := Pointer(s); got != want {
			t.Errorf("Pointer(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestStrings(t *testing.T) {
	type code string
	got := Strings([]code{"a", "b"})
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("Strings = %q", got)
	}
	if got := Strings([]code(nil)); len(got) != 0 {
		t.Errorf("Strings(nil) = %q", got)
	}
}
