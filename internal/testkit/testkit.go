// Package testkit is the shared kit of vipcare's own tests: obviously fake
// builders for money, dates, rates and valuations; the flattening of
// [policy.Problems]; a redaction checker run against every type that holds
// client data; golden files; the memory a call allocates. It is imported
// only by _test.go files and is not API.
package testkit

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// CST is China Standard Time as a fixed zone, so that tests need no time
// zone database.
var CST = time.FixedZone("CST", 8*3600)

// Day returns midnight of y-m-d in CST.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, CST) }

// Money returns amount in currency c, or panics: for literals.
func Money(amount string, c vipcare.Currency) vipcare.Money {
	return policy.Must(vipcare.NewMoney(amount, c))
}

// CNY returns amount in yuan.
func CNY(amount string) vipcare.Money { return Money(amount, vipcare.CNY) }

// USD returns amount in US dollars.
func USD(amount string) vipcare.Money { return Money(amount, vipcare.USD) }

// Dec returns the decimal s, or panics.
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Rates converts USD (7.1234) and HKD (0.9123) into CNY.
func Rates() *vipcare.Rates {
	return policy.Must(vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
		vipcare.USD: Dec("7.1234"),
		"HKD":       Dec("0.9123"),
	}))
}

// Valuation is a valuation in CNY as of asOf, with [Rates].
func Valuation(asOf time.Time) vipcare.Valuation {
	return vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: Rates()}
}

// Figures computes p's figures under v, failing the test on error.
func Figures(t testing.TB, p *vipcare.Profile, v vipcare.Valuation) *vipcare.Figures {
	t.Helper()
	f := new(vipcare.Figures)
	require.NoError(t, v.Compute(p, f))
	return f
}

// RichProfile is a client with 8 holdings in 7 classes, one in USD and two
// declared off-bank, an entrepreneur owning a corporate client: the
// profile the benchmarks and the segment tests share.
func RichProfile() vipcare.Profile {
	return vipcare.Profile{
		ID:           "C00000001",
		Entrepreneur: true,
		Risk:         vipcare.C4,
		Corporates:   []vipcare.CorporateLink{{ID: "CORP-1", Role: vipcare.RoleOwner}},
		Holdings: []vipcare.Holding{
			{ID: "H1", Class: vipcare.Deposits, Amount: CNY("350000.12")},
			{ID: "H2", Class: vipcare.WealthProducts, Amount: CNY("1200000")},
			{ID: "H3", Class: vipcare.Funds, Amount: CNY("480000.5")},
			{ID: "H4", Class: vipcare.Insurance, Amount: CNY("200000")},
			{ID: "H5", Class: vipcare.FixedIncome, Amount: CNY("300000")},
			{ID: "H6", Class: vipcare.Equities, Amount: USD("25000"), Foreign: true},
			{ID: "H7", Class: vipcare.RealEstate, Amount: CNY("5000000"), OffBank: true},
			{ID: "H8", Class: vipcare.BusinessEquity, Amount: CNY("8000000"), OffBank: true},
		},
	}
}

// Clone returns a deep copy of p: every slice is copied, so that a change
// to p through any of them shows against the copy. Decimals and times are
// immutable values and are shared.
func Clone(p vipcare.Profile) vipcare.Profile {
	c := p
	c.Holdings = slices.Clone(p.Holdings)
	c.Liabilities = slices.Clone(p.Liabilities)
	c.Corporates = slices.Clone(p.Corporates)
	c.Contact.Channels = slices.Clone(p.Contact.Channels)
	c.DailyBalances = slices.Clone(p.DailyBalances)
	c.AverageBalances = slices.Clone(p.AverageBalances)
	c.Events = slices.Clone(p.Events)
	return c
}

// Problems returns the problems of err, failing the test unless err is
// [policy.Problems].
func Problems(t testing.TB, err error) policy.Problems {
	t.Helper()
	require.Error(t, err)
	var ps policy.Problems
	require.True(t, errors.As(err, &ps), "%T is not policy.Problems: %v", err, err)
	return ps
}

// Want is an expected problem: its path, name and sentinel.
type Want struct {
	Path, Name string
	Err        error
}

// CheckProblems checks that err reports exactly want, in order, that
// errors.Is sees each sentinel, and that the message names each path and
// quotes each name.
func CheckProblems(t testing.TB, err error, want ...Want) {
	t.Helper()
	ps := Problems(t, err)
	got := make([]Want, len(ps))
	for i, p := range ps {
		got[i] = Want{p.Path, p.Name, sentinel(p.Err)}
	}
	assert.Equal(t, want, got)
	msg := err.Error()
	for _, w := range want {
		assert.ErrorIs(t, err, w.Err)
		assert.Contains(t, msg, w.Path)
		if w.Name != "" {
			assert.Contains(t, msg, `"`+w.Name+`"`, "messages quote the name")
		}
	}
}

// sentinel unwraps err to the innermost error it wraps.
func sentinel(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// update rewrites golden files instead of comparing with them:
// go test ./... -run Golden -update
var update = flag.Bool("update", false, "rewrite golden files under testdata")

// Golden compares got with testdata/name, or rewrites the file with -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	GoldenAt(t, filepath.Join("testdata", name), got)
}

// AllocatedBytes returns the bytes f allocates, the least of three runs: a
// measure of work that, unlike the clock, does not depend on the machine.
func AllocatedBytes(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for i := 0; i < 3; i++ {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// AssertRedacted checks that v, a value of a type that holds client data,
// shows none of secrets through any channel: every fmt verb, of the value,
// a pointer to it, a slice, a map and a struct field holding it; and the
// text and JSON handlers of log/slog, at the top level, in a group and as
// a pointer. It returns every output it checked, for further assertions.
func AssertRedacted(t testing.TB, v any, secrets ...string) []string {
	t.Helper()
	require.NotEmpty(t, secrets)
	ptr := reflect.New(reflect.TypeOf(v))
	ptr.Elem().Set(reflect.ValueOf(v))
	slice := reflect.MakeSlice(reflect.SliceOf(reflect.TypeOf(v)), 2, 2)
	slice.Index(0).Set(reflect.ValueOf(v))
	slice.Index(1).Set(reflect.ValueOf(v))
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeOf(""), reflect.TypeOf(v)))
	m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(v))
	field := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: reflect.TypeOf(v)}})).Elem()
	field.Field(0).Set(reflect.ValueOf(v))

	var outs []string
	check := func(what, out string) {
		t.Helper()
		outs = append(outs, out)
		for _, s := range secrets {
			assert.NotContains(t, out, s, "%T: %s leaks %q: %s", v, what, s, out)
		}
	}
	for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%q", "%d", "%x", "%10.3f"} {
		check(verb, fmt.Sprintf(verb, v))
		check(verb+" of a pointer", fmt.Sprintf(verb, ptr.Interface()))
		check(verb+" of a slice", fmt.Sprintf(verb, slice.Interface()))
		check(verb+" of a map", fmt.Sprintf(verb, m.Interface()))
		check(verb+" of a struct field", fmt.Sprintf(verb, field.Interface()))
	}
	check("Sprint", fmt.Sprint(v))
	check("an error", fmt.Errorf("scoring %v: %w", v, errors.New("x")).Error())
	// Without the time: its digits ("…:12.345678…") could hold a secret
	// made of digits and fail the test once in a while.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, noTime) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, noTime) },
	} {
		for aname, attr := range map[string]slog.Attr{
			"value":   slog.Any("v", v),
			"pointer": slog.Any("v", ptr.Interface()),
			"group":   slog.Group("g", slog.Any("v", v)),
		} {
			var buf bytes.Buffer
			slog.New(newHandler(&buf)).LogAttrs(context.Background(), slog.LevelInfo, "x", attr)
			check("slog "+name+" "+aname, buf.String())
		}
	}
	return outs
}

// Contains reports whether any of outs contains s.
func Contains(outs []string, s string) bool {
	for _, o := range outs {
		if strings.Contains(o, s) {
			return true
		}
	}
	return false
}

// GoldenAt compares got with the file at path, relative to the package's
// directory, or rewrites it (and makes its directory) with -update: a
// golden file outside testdata, such as a generated source file.
func GoldenAt(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), got, "run go test -run %s -update if the change is intended", t.Name())
}
