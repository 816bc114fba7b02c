package vipcare_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

// confidential are the planted values no redacted output may contain:
// the client ID, the digits of the 9,876,543.21 deposit, and the other
// identifiers and amounts of the base profile.
var confidential = []string{plantedID, plantedDigits, "9,876,543", "CORP-8812", "L-MTG-1",
	"WMP-180D", "45678", "14838883", "7.1234"}

func assertRedacted(t *testing.T, what, out string) {
	t.Helper()
	require.NotEmpty(t, out, what)
	for _, s := range append(confidential, holdingIDs...) {
		assert.NotContains(t, out, s, "%s leaks %q: %s", what, s, out)
	}
}

func TestProfileRedactedInFmt(t *testing.T) {
	p := baseProfile()
	// Not %p of a Profile value: fmt handles %p before it looks for a
	// Formatter, and its bad-verb path then prints the raw struct with every
	// Formatter switched off. No method on Profile can prevent that.
	for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%q", "%d", "%x", "%X", "%10.3f", "%-40v"} {
		assertRedacted(t, verb, fmt.Sprintf(verb, p))
		assertRedacted(t, verb+" of &p", fmt.Sprintf(verb, &p))
		assertRedacted(t, verb+" of &p and %p", fmt.Sprintf(verb+" %p", &p, &p))
		assertRedacted(t, verb+" of []Profile", fmt.Sprintf(verb, []vipcare.Profile{p, p}))
		assertRedacted(t, verb+" of []*Profile", fmt.Sprintf(verb, []*vipcare.Profile{&p}))
		assertRedacted(t, verb+" of map", fmt.Sprintf(verb, map[string]vipcare.Profile{"k": p}))
		assertRedacted(t, verb+" in a struct", fmt.Sprintf(verb, struct{ P vipcare.Profile }{p}))
	}
	assertRedacted(t, "Sprint", fmt.Sprint(p))
	assertRedacted(t, "Sprintln", fmt.Sprintln(&p))
	assertRedacted(t, "GoString", p.GoString())
	assertRedacted(t, "error wrapping", fmt.Errorf("scoring %v: %w", p, vipcare.ErrNoRate).Error())

	assert.Equal(t, "Profile{id:[redacted] holdings:8 risk:C4}", fmt.Sprint(p))
	assert.Equal(t, "Profile{id:[redacted] holdings:8 risk:C4}", fmt.Sprintf("%+v", &p))
	assert.Equal(t, `vipcare.Profile{ID:"[redacted]", Holdings:8 holdings, Risk:vipcare.C4}`, fmt.Sprintf("%#v", p))
	assert.Equal(t, p.GoString(), fmt.Sprintf("%#v", &p))
	assert.Equal(t, "Profile{id:[redacted] holdings:0 risk:unassessed}", fmt.Sprint(vipcare.Profile{}))
}

func TestHoldingRedactedInFmt(t *testing.T) {
	p := baseProfile()
	h := p.Holdings[0]
	for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%q", "%d", "%x"} {
		assertRedacted(t, verb, fmt.Sprintf(verb, h))
		assertRedacted(t, verb+" of &h", fmt.Sprintf(verb, &h))
		assertRedacted(t, verb+" of []Holding", fmt.Sprintf(verb, p.Holdings))
	}
	assertRedacted(t, "GoString", h.GoString())
	assert.Equal(t, "Holding{id:[redacted] class:deposits amount:[redacted] off_bank:false}", fmt.Sprint(h))
	assert.Equal(t, `vipcare.Holding{ID:"[redacted]", Class:"deposits", Amount:"[redacted]", OffBank:false}`,
		fmt.Sprintf("%#v", &h))
}

func TestRedactedInSlog(t *testing.T) {
	p := baseProfile()
	h := p.Holdings[0]
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	attrs := map[string]slog.Attr{
		"profile":  slog.Any("client", p),
		"&profile": slog.Any("client", &p),
		"holding":  slog.Any("holding", h),
		"&holding": slog.Any("holding", &h),
		"group":    slog.Group("batch", slog.Any("client", p), slog.Any("holding", &h)),
		"values":   slog.Any("client", slog.AnyValue(p)),
		// The text handler prints other values with fmt, so slices are
		// redacted there. The JSON handler marshals them with encoding/json,
		// which LogValue does not reach: a []Profile logged as JSON is
		// disclosed in full (known gap, not tested here).
		"text only: profile slice":  slog.Any("clients", []vipcare.Profile{p}),
		"text only: holdings slice": slog.Any("holdings", p.Holdings),
	}
	for hname, newHandler := range handlers {
		for aname, attr := range attrs {
			if hname == "json" && strings.HasPrefix(aname, "text only") {
				continue
			}
			t.Run(hname+"/"+aname, func(t *testing.T) {
				var buf bytes.Buffer
				slog.New(newHandler(&buf)).LogAttrs(context.Background(), slog.LevelInfo, "scored", attr)
				assertRedacted(t, hname+" "+aname, buf.String())
			})
		}
	}

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("scored", slog.Any("client", &p))
	assert.Contains(t, buf.String(), `"client":{"id":"[redacted]","holdings":8,"risk":"C4"}`)
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("scored", "client", p, "holding", h)
	assert.Contains(t, buf.String(), "client.id=[redacted] client.holdings=8 client.risk=C4")
	assert.Contains(t, buf.String(), "holding.id=[redacted] holding.class=deposits holding.amount=[redacted] holding.off_bank=false")
}

func TestDisclose(t *testing.T) {
	p := baseProfile()
	out := p.Disclose()
	assert.Contains(t, out, plantedID)
	assert.Contains(t, out, "9876543.21")
	assert.Contains(t, out, plantedDigits)
	for _, id := range holdingIDs {
		assert.Contains(t, out, id)
	}
	assert.True(t, strings.HasPrefix(out, "{\n  \"id\": \""+plantedID+"\""), "indented JSON")

	h := p.Holdings[0]
	hout := h.Disclose()
	assert.Contains(t, hout, holdingIDs[0])
	assert.Contains(t, hout, "9876543.21")
	assert.Equal(t, cloneProfile(baseProfile()), p, "Disclose changes nothing")
}

func TestFiguresRedacted(t *testing.T) {
	p := baseProfile()
	v := testValuation(t)
	f, err := v.Figures(&p)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%d"} {
		assertRedacted(t, "figures "+verb, fmt.Sprintf(verb, f))
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("scored", "figures", f, "ptr", &f)
	assertRedacted(t, "slog figures", buf.String())
}

func TestModelRecordsRedacted(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	amount := vipcare.MustMoney("9876543.21", vipcare.CNY)
	values := []any{
		vipcare.Liability{ID: plantedID, Kind: "mortgage", Amount: amount},
		vipcare.CorporateLink{ID: plantedID, Role: vipcare.RoleOwner, Ownership: decimal.RequireFromString("0.9876543")},
		vipcare.Event{Kind: vipcare.EventMaturity, Date: day, Holding: plantedID, Amount: amount},
		vipcare.DailyBalance{Date: day, Balance: amount},
		vipcare.PeriodAverage{From: day, To: day, Average: amount},
	}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%s", "%#v", "%d"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, plantedID, "%T %s", v, verb)
			assert.NotContains(t, out, "9876543", "%T %s", v, verb)
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		assert.NotContains(t, buf.String(), plantedID, "%T slog", v)
		assert.NotContains(t, buf.String(), "9876543", "%T slog", v)
	}
}
