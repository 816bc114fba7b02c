package vipcare

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/redact"
)

// Clients of private banking value discretion above almost everything, and
// financial accounts are sensitive personal information under PIPL Art.
// 28; logs and error reports are where such data leaks. Every record of the
// model that holds an amount or an identifier prints and logs a redacted
// summary: fmt's every verb, log/slog's LogValue and the default JSON
// show neither. [Disclosed] is the explicit way to the whole value.

// invalid is what printing shows of a value of a closed or well-formed
// kind (a risk level, an asset class, an event kind, a corporate role)
// that is neither: Validate refuses it without quoting it, as a shifted
// column may have put a client's ID or an amount there, and printing,
// logging and the default JSON do not show it either.
const invalid = "[invalid]"

// riskShown returns r's name, or invalid.
func riskShown(r RiskLevel) string {
	if r != "" && !r.IsAssessed() {
		return invalid
	}
	return r.name()
}

// classShown returns c, or invalid when it is not well formed.
func classShown(c AssetClass) string {
	if !c.IsValid() {
		return invalid
	}
	return string(c)
}

// oneOf returns s if it is one of words or "", else invalid.
func oneOf(s string, words []string) string {
	if s != "" && !slices.Contains(words, s) {
		return invalid
	}
	return s
}

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %#v, %q
// and the rest) prints a redacted summary of p: no amount, no identifier,
// only the number of holdings and the risk level. Use [Disclosed] for
// the whole profile.
func (p Profile) Format(s fmt.State, verb rune) {
	redact.Format(s, verb,
		"Profile{id:"+redact.Mask+" holdings:"+strconv.Itoa(len(p.Holdings))+" risk:"+riskShown(p.Risk)+"}",
		"vipcare.Profile{ID:"+strconv.Quote(redact.Mask)+", Holdings:"+strconv.Itoa(len(p.Holdings))+
			" holdings, Risk:"+strconv.Quote(riskShown(p.Risk))+"}")
}

// LogValue implements slog.LogValuer: a profile logs as a group with its
// identifier redacted, its number of holdings and its risk level.
func (p Profile) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.Int("holdings", len(p.Holdings)), slog.String("risk", riskShown(p.Risk)))
}

// MarshalJSON implements json.Marshaler with what LogValue logs, so that
// a profile in a slice or a struct that log/slog's JSON handler encodes
// shows no more than one logged on its own. To store a profile, marshal
// [Disclosed](p).
func (p Profile) MarshalJSON() ([]byte, error) { return redact.JSON(p.LogValue()) }

// Disclosed returns v in a form whose JSON is whole: every identifier and
// amount that v holds in the types of vipcare, at any depth of pointers,
// slices, maps and structs, encoded as encoding/json encodes their
// exported fields and tags. By default these types marshal, print and log
// a redacted summary; Disclosed is the one explicit way to store or send
// their data, for a reader entitled to it:
//
//	b, err := json.Marshal(vipcare.Disclosed(p)) // p a Profile, *Profile or []Profile
//
// A stored profile decodes with json.Unmarshal, strictly (see
// [Profile.UnmarshalJSON]). The types of other modules are encoded by
// their own JSON methods, and so is what lies behind an interface. fmt
// prints the value redacted as v prints; log/slog's JSON handler, which
// encodes with encoding/json, would log it whole: keep Disclosed out of
// logs. A decimal with a huge exponent, which [Profile.Validate] refuses,
// is written digit by digit.
func Disclosed(v any) json.Marshaler { return disclosed{v} }

type disclosed struct{ v any }

func (d disclosed) MarshalJSON() ([]byte, error) { return redact.Full(d.v) }

// Format prints the value redacted, as it prints on its own.
func (d disclosed) Format(s fmt.State, verb rune) { fmt.Fprintf(s, fmt.FormatString(s, verb), d.v) }

// Format implements fmt.Formatter so that every verb prints a redacted
// summary of h: its asset class and where it is held, never its ID, product
// or amount.
func (h Holding) Format(s fmt.State, verb rune) {
	redact.Format(s, verb,
		"Holding{id:"+redact.Mask+" class:"+classShown(h.Class)+" amount:"+redact.Mask+" off_bank:"+
			strconv.FormatBool(h.OffBank)+"}",
		"vipcare.Holding{ID:"+strconv.Quote(redact.Mask)+", Class:"+strconv.Quote(classShown(h.Class))+
			", Amount:"+strconv.Quote(redact.Mask)+", OffBank:"+strconv.FormatBool(h.OffBank)+"}")
}

// LogValue implements slog.LogValuer: a holding logs as a group with its
// asset class and location, and its identifier and amount redacted.
func (h Holding) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("class", classShown(h.Class)), redact.Masked("amount"),
		slog.Bool("off_bank", h.OffBank))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (h Holding) MarshalJSON() ([]byte, error) { return redact.JSON(h.LogValue()) }

// Format implements fmt.Formatter so that every verb prints a redacted
// summary of f: its currency and as-of date, never an amount. The amounts in
// Figures are the client's as much as the profile's are.
func (f Figures) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Figures{currency:"+string(f.Currency)+" as_of:"+f.AsOf.Format(time.DateOnly)+
		" amounts:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer: figures log as their currency and
// as-of date, with the amounts redacted.
func (f Figures) LogValue() slog.Value {
	return redact.Value(slog.String("currency", string(f.Currency)),
		slog.String("as_of", f.AsOf.Format(time.DateOnly)), redact.Masked("amounts"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (f Figures) MarshalJSON() ([]byte, error) { return redact.JSON(f.LogValue()) }

// Format implements fmt.Formatter: every verb prints the liability's kind
// and location, never its ID or amount.
func (l Liability) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Liability{id:"+redact.Mask+" kind:"+l.Kind+" amount:"+redact.Mask+" off_bank:"+
		strconv.FormatBool(l.OffBank)+"}", "")
}

// LogValue implements slog.LogValuer with the ID and amount redacted.
func (l Liability) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("kind", l.Kind), redact.Masked("amount"),
		slog.Bool("off_bank", l.OffBank))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (l Liability) MarshalJSON() ([]byte, error) { return redact.JSON(l.LogValue()) }

// Format implements fmt.Formatter: every verb prints the link's role,
// never the corporate client's ID or the ownership.
func (c CorporateLink) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "CorporateLink{id:"+redact.Mask+" role:"+oneOf(string(c.Role), corporateRoles)+" ownership:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the ID and ownership redacted.
func (c CorporateLink) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("role", oneOf(string(c.Role), corporateRoles)))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (c CorporateLink) MarshalJSON() ([]byte, error) { return redact.JSON(c.LogValue()) }

// Format implements fmt.Formatter: every verb prints the event's kind and
// date, never its amount or holding.
func (e Event) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Event{kind:"+oneOf(string(e.Kind), eventKinds)+" date:"+e.Date.Format(time.DateOnly)+" amount:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the amount redacted.
func (e Event) LogValue() slog.Value {
	return redact.Value(slog.String("kind", oneOf(string(e.Kind), eventKinds)), slog.String("date", e.Date.Format(time.DateOnly)),
		redact.Masked("amount"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (e Event) MarshalJSON() ([]byte, error) { return redact.JSON(e.LogValue()) }

// Format implements fmt.Formatter: every verb prints the date, never the
// balance.
func (d DailyBalance) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "DailyBalance{date:"+d.Date.Format(time.DateOnly)+" balance:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the balance redacted.
func (d DailyBalance) LogValue() slog.Value {
	return redact.Value(slog.String("date", d.Date.Format(time.DateOnly)), redact.Masked("balance"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (d DailyBalance) MarshalJSON() ([]byte, error) { return redact.JSON(d.LogValue()) }

// Format implements fmt.Formatter: every verb prints the period, never the
// average.
func (a PeriodAverage) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "PeriodAverage{from:"+a.From.Format(time.DateOnly)+" to:"+a.To.Format(time.DateOnly)+
		" average:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the average redacted.
func (a PeriodAverage) LogValue() slog.Value {
	return redact.Value(slog.String("from", a.From.Format(time.DateOnly)),
		slog.String("to", a.To.Format(time.DateOnly)), redact.Masked("average"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (a PeriodAverage) MarshalJSON() ([]byte, error) { return redact.JSON(a.LogValue()) }

// Format implements fmt.Formatter: every verb prints a summary with the
// amounts and the years of experience redacted.
func (i InvestorFacts) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "InvestorFacts{amounts:"+redact.Mask+" experience:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the amounts and the years of
// experience redacted.
func (i InvestorFacts) LogValue() slog.Value {
	return redact.Value(redact.Masked("amounts"), redact.Masked("experience"))
}

// MarshalJSON implements json.Marshaler with what LogValue logs.
func (i InvestorFacts) MarshalJSON() ([]byte, error) { return redact.JSON(i.LogValue()) }
