package vipcare_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/sample"
)

// confidential returns the planted values no redacted output of the base
// profile may contain: the client ID, the digits of the 9,876,543.21
// deposit, and the other identifiers and amounts of the base profile.
func confidential() []string {
	return append([]string{plantedID, plantedDigits, "9,876,543", "CORP-8812", "L-MTG-1",
		"WMP-180D", "45678", "14838883", "7.1234"}, holdingIDs...)
}

// assertHidden checks one output the test kit does not produce itself.
func assertHidden(t *testing.T, what, out string) {
	t.Helper()
	require.NotEmpty(t, out, what)
	for _, s := range confidential() {
		assert.NotContains(t, out, s, "%s leaks %q: %s", what, s, out)
	}
}

func TestProfileRedacted(t *testing.T) {
	p := baseProfile()
	outs := testkit.AssertRedacted(t, p, confidential()...)
	assert.True(t, testkit.Contains(outs, "Profile{id:[redacted] holdings:8 risk:C4}"))

	// Beyond the test kit's channels. Not %p of a Profile value: fmt handles
	// %p before it looks for a Formatter, and its bad-verb path then prints
	// the raw struct with every Formatter switched off. No method on Profile
	// can prevent that.
	for _, verb := range []string{"%v", "%+v", "%#v", "%X", "%-40v"} {
		assertHidden(t, verb, fmt.Sprintf(verb, p))
		assertHidden(t, verb+" of &p and %p", fmt.Sprintf(verb+" %p", &p, &p))
		assertHidden(t, verb+" of []*Profile", fmt.Sprintf(verb, []*vipcare.Profile{&p}))
	}
	assertHidden(t, "Sprintln", fmt.Sprintln(&p))

	assert.Equal(t, "Profile{id:[redacted] holdings:8 risk:C4}", fmt.Sprint(p))
	assert.Equal(t, "Profile{id:[redacted] holdings:8 risk:C4}", fmt.Sprintf("%+v", &p))
	// GoString is gone, but %#v still prints a Go-syntax-like redacted form.
	assert.Equal(t, `vipcare.Profile{ID:"[redacted]", Holdings:8 holdings, Risk:"C4"}`, fmt.Sprintf("%#v", p))
	assert.Equal(t, fmt.Sprintf("%#v", p), fmt.Sprintf("%#v", &p))
	assert.Equal(t, "Profile{id:[redacted] holdings:0 risk:unassessed}", fmt.Sprint(vipcare.Profile{}))
	assert.Equal(t, `vipcare.Profile{ID:"[redacted]", Holdings:0 holdings, Risk:"unassessed"}`,
		fmt.Sprintf("%#v", vipcare.Profile{}))
}

func TestHoldingRedacted(t *testing.T) {
	p := baseProfile()
	h := p.Holdings[0]
	testkit.AssertRedacted(t, h, confidential()...)
	assertHidden(t, "[]Holding", fmt.Sprintf("%+v", p.Holdings))
	assert.Equal(t, "Holding{id:[redacted] class:deposits amount:[redacted] off_bank:false}", fmt.Sprint(h))
	assert.Equal(t, `vipcare.Holding{ID:"[redacted]", Class:"deposits", Amount:"[redacted]", OffBank:false}`,
		fmt.Sprintf("%#v", &h))
	assert.Equal(t, fmt.Sprintf("%#v", h), fmt.Sprintf("%#v", &h))
}

func TestRedactedInSlog(t *testing.T) {
	p := baseProfile()
	h := p.Holdings[0]
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	// Values, pointers and groups of one record are checked by
	// testkit.AssertRedacted for each record type; these are the rest.
	attrs := map[string]slog.Attr{
		"group of two": slog.Group("batch", slog.Any("client", p), slog.Any("holding", &h)),
		"values":       slog.Any("client", slog.AnyValue(p)),
		// The text handler prints other values with fmt, the JSON handler
		// with encoding/json, which MarshalJSON redacts.
		"profile slice":  slog.Any("clients", []vipcare.Profile{p}),
		"holdings slice": slog.Any("holdings", p.Holdings),
		"struct field":   slog.Any("batch", struct{ Client *vipcare.Profile }{&p}),
	}
	for hname, newHandler := range handlers {
		for aname, attr := range attrs {
			t.Run(hname+"/"+aname, func(t *testing.T) {
				var buf bytes.Buffer
				slog.New(newHandler(&buf)).LogAttrs(context.Background(), slog.LevelInfo, "scored", attr)
				assertHidden(t, hname+" "+aname, buf.String())
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
	buf.Reset()
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("scored", "clients", []vipcare.Profile{p})
	assert.Contains(t, buf.String(), `"clients":[{"id":"[redacted]","holdings":8,"risk":"C4"}]`,
		"nested, as logged on its own")
}

// disclose returns p's stored form, as indented JSON.
func disclose(t *testing.T, p vipcare.Profile) string {
	t.Helper()
	b, err := json.MarshalIndent(vipcare.Disclosed(p), "", "  ")
	require.NoError(t, err)
	return string(b)
}

// The stored form holds every identifier and amount, reads back as the
// same profile, and is the same for a profile, a pointer to it and inside
// a slice, a map or a struct of the caller's.
func TestDisclosed(t *testing.T) {
	p := baseProfile()
	out := disclose(t, p)
	assert.Contains(t, out, plantedID)
	assert.Contains(t, out, "9876543.21")
	assert.Contains(t, out, plantedDigits)
	for _, s := range append([]string{"CORP-8812", "L-MTG-1", "WMP-180D", "45678.9", `"experience_years": 12`}, holdingIDs...) {
		assert.Contains(t, out, s)
	}
	assert.True(t, strings.HasPrefix(out, "{\n  \"id\": \""+plantedID+"\""), "indented JSON")
	assert.Equal(t, testkit.Clone(baseProfile()), p, "Disclosed changes nothing")

	for _, in := range []vipcare.Profile{baseProfile(), testkit.RichProfile(), {}, {ID: "C"}} {
		stored, err := json.Marshal(vipcare.Disclosed(in))
		require.NoError(t, err)
		var back vipcare.Profile
		require.NoError(t, json.Unmarshal(stored, &back), "%s", stored)
		again, err := json.Marshal(vipcare.Disclosed(&back))
		require.NoError(t, err)
		assert.Equal(t, string(stored), string(again), "reads back as the same profile; a pointer stores the same")

		type envelope struct {
			Batch   string                      `json:"batch"`
			Clients []vipcare.Profile           `json:"clients"`
			ByRef   map[string]*vipcare.Profile `json:"by_ref"`
		}
		env, err := json.Marshal(vipcare.Disclosed(envelope{"b1", []vipcare.Profile{in}, map[string]*vipcare.Profile{"r": &in}}))
		require.NoError(t, err)
		assert.Equal(t, `{"batch":"b1","clients":[`+string(stored)+`],"by_ref":{"r":`+string(stored)+`}}`, string(env))
	}

	for i, in := range sample.Profiles(sample.Options{DailyDays: 31}, 50) {
		stored, err := json.Marshal(vipcare.Disclosed(in))
		require.NoError(t, err)
		hand, err := json.Marshal(byHand(&in))
		require.NoError(t, err)
		require.Equal(t, string(hand), string(stored), "profile %d: as a caller's method-free copy marshals", i)
	}

	assert.Equal(t, fmt.Sprint(p), fmt.Sprint(vipcare.Disclosed(p)), "fmt prints it redacted")
	assert.Equal(t, fmt.Sprintf("%+v", &p), fmt.Sprintf("%+v", vipcare.Disclosed(&p)))
	b, err := json.Marshal(vipcare.Disclosed(nil))
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	b, err = json.Marshal(vipcare.Disclosed([]int{1, 2}))
	require.NoError(t, err)
	assert.Equal(t, "[1,2]", string(b), "what holds no type of vipcare marshals as encoding/json marshals it")
}

func TestFiguresRedacted(t *testing.T) {
	p := baseProfile()
	f := testkit.Figures(t, &p, valuation())
	// the AUM, the wealth and the deposit, which Figures holds as amounts
	outs := testkit.AssertRedacted(t, *f, append(confidential(), "27838883")...)
	assert.True(t, testkit.Contains(outs, "Figures{currency:CNY as_of:2025-06-30 amounts:[redacted]}"))
	assert.Equal(t, "Figures{currency:CNY as_of:2025-06-30 amounts:[redacted]}", fmt.Sprintf("%#v", f))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("scored", "figures", f)
	assert.Contains(t, buf.String(), `"figures":{"currency":"CNY","as_of":"2025-06-30","amounts":"[redacted]"}`)
}

func TestModelRecordsRedacted(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	amount := testkit.CNY("9876543.21")
	tests := []struct {
		name    string
		v       any
		summary string
	}{
		{"liability", vipcare.Liability{ID: plantedID, Kind: "mortgage", Amount: amount},
			"Liability{id:[redacted] kind:mortgage amount:[redacted] off_bank:false}"},
		{"corporate link", vipcare.CorporateLink{ID: plantedID, Role: vipcare.RoleOwner, Ownership: testkit.Dec("0.9876543")},
			"CorporateLink{id:[redacted] role:owner ownership:[redacted]}"},
		{"event", vipcare.Event{Kind: vipcare.EventMaturity, Date: day, Holding: plantedID, Amount: amount},
			"Event{kind:maturity date:2026-03-01 amount:[redacted]}"},
		{"daily balance", vipcare.DailyBalance{Date: day, Balance: amount},
			"DailyBalance{date:2026-03-01 balance:[redacted]}"},
		{"period average", vipcare.PeriodAverage{From: day, To: day.AddDate(0, 0, 30), Average: amount},
			"PeriodAverage{from:2026-03-01 to:2026-03-31 average:[redacted]}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outs := testkit.AssertRedacted(t, tt.v, plantedID, plantedDigits)
			assert.True(t, testkit.Contains(outs, tt.summary), "summary %s", tt.summary)
			assert.Equal(t, tt.summary, fmt.Sprint(tt.v))
		})
	}
}

// BenchmarkDisclosed stores sample profiles with 31 daily balances, one
// call each and a book of 100 in one call, against a caller's own
// method-free copy of the types marshalled by encoding/json ("by_hand").
// Disclosed builds its method-free types once per call, so a book stored
// in one call costs less per profile than a profile at a time.
func BenchmarkDisclosed(b *testing.B) {
	o := sample.Options{DailyDays: 31}
	book := slices.Collect(sample.Seq(o, 100))
	b.Run("each", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			for i := range book {
				if _, err := json.Marshal(vipcare.Disclosed(&book[i])); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("book", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := json.Marshal(vipcare.Disclosed(book)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by_hand", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			for i := range book {
				if _, err := json.Marshal(byHand(&book[i])); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// The records of a profile without their methods, as a caller could
// write them to store profiles without Disclosed.
type (
	handHolding   vipcare.Holding
	handLiability vipcare.Liability
	handCorporate vipcare.CorporateLink
	handInvestor  vipcare.InvestorFacts
	handBalance   vipcare.DailyBalance
	handAverage   vipcare.PeriodAverage
	handEvent     vipcare.Event
	handProfile   struct {
		ID              string              `json:"id"`
		Since           time.Time           `json:"since"`
		Birth           time.Time           `json:"birth"`
		Holdings        []handHolding       `json:"holdings,omitempty"`
		Liabilities     []handLiability     `json:"liabilities,omitempty"`
		Revenue12M      vipcare.Money       `json:"revenue_12m"`
		Entrepreneur    bool                `json:"entrepreneur,omitempty"`
		Corporates      []handCorporate     `json:"corporates,omitempty"`
		Risk            vipcare.RiskLevel   `json:"risk,omitempty"`
		LowestRiskGroup bool                `json:"lowest_risk_group,omitempty"`
		RiskAssessed    time.Time           `json:"risk_assessed"`
		Investor        handInvestor        `json:"investor"`
		Contact         vipcare.Preferences `json:"contact"`
		LastActive      time.Time           `json:"last_active"`
		DailyBalances   []handBalance       `json:"daily_balances,omitempty"`
		AverageBalances []handAverage       `json:"average_balances,omitempty"`
		Events          []handEvent         `json:"events,omitempty"`
	}
)

func byHand(p *vipcare.Profile) handProfile {
	conv := func(dst, src any) { // each slice of records to its method-free type
		d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
		if s.Len() == 0 {
			return
		}
		d.Set(reflect.MakeSlice(d.Type(), s.Len(), s.Len()))
		for i := range s.Len() {
			d.Index(i).Set(s.Index(i).Convert(d.Type().Elem()))
		}
	}
	h := handProfile{ID: p.ID, Since: p.Since, Birth: p.Birth, Revenue12M: p.Revenue12M, Entrepreneur: p.Entrepreneur,
		Risk: p.Risk, LowestRiskGroup: p.LowestRiskGroup, RiskAssessed: p.RiskAssessed, Investor: handInvestor(p.Investor),
		Contact: p.Contact, LastActive: p.LastActive}
	conv(&h.Holdings, p.Holdings)
	conv(&h.Liabilities, p.Liabilities)
	conv(&h.Corporates, p.Corporates)
	conv(&h.DailyBalances, p.DailyBalances)
	conv(&h.AverageBalances, p.AverageBalances)
	conv(&h.Events, p.Events)
	return h
}

// A risk level, asset class, event kind or corporate role that is not one
// (a shifted column put an ID number there) is refused by Validate
// without being quoted, and printed, logged and marshalled by default as
// "[invalid]"; a valid one shows as it is.
func TestInvalidValuesRedacted(t *testing.T) {
	const secret = "110101199003071234"
	p := client(at("D", vipcare.Deposits, "600000"))
	p.Risk = vipcare.RiskLevel(secret)
	p.Holdings[0].Class = vipcare.AssetClass(secret)
	p.Events = []vipcare.Event{{Kind: vipcare.EventKind(secret), Date: testkit.Day(2025, 1, 1)}}
	p.Corporates = []vipcare.CorporateLink{{ID: "CO-1", Role: vipcare.CorporateRole(secret)}}
	err := p.Validate(valuation())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secret)
	for _, v := range []any{p, p.Holdings[0], p.Events[0], p.Corporates[0]} {
		outs := testkit.AssertRedacted(t, v, secret)
		assert.True(t, testkit.Contains(outs, "[invalid]"), "%T", v)
	}

	ok := client(at("D", vipcare.Deposits, "600000"))
	ok.Risk = vipcare.C3
	ok.Events = []vipcare.Event{{Kind: vipcare.EventBirthday, Date: testkit.Day(2025, 8, 1)}}
	ok.Corporates = []vipcare.CorporateLink{{ID: "CO-1", Role: vipcare.RoleOwner}}
	assert.Contains(t, fmt.Sprint(ok), "risk:C3")
	assert.Contains(t, fmt.Sprint(ok.Holdings[0]), "class:deposits")
	assert.Contains(t, fmt.Sprint(ok.Events[0]), "kind:birthday")
	assert.Contains(t, fmt.Sprint(ok.Corporates[0]), "role:owner")
	assert.Contains(t, fmt.Sprint(vipcare.Profile{}), "risk:unassessed")
}
