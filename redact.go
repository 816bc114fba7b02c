package vipcare

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/vipcare/vipcare/internal/redact"
)

// Clients of private banking value discretion above almost everything, and
// financial accounts are sensitive personal information under PIPL Art.
// 28; logs and error reports are where such data leaks. Every record of the
// model that holds an amount or an identifier prints and logs a redacted
// summary: fmt's every verb and log/slog's LogValue show neither.

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %#v, %q
// and the rest) prints a redacted summary of p: no amount, no identifier,
// only the number of holdings and the risk level. Use [Profile.Disclose]
// for the full view.
func (p Profile) Format(s fmt.State, verb rune) {
	redact.Format(s, verb,
		"Profile{id:"+redact.Mask+" holdings:"+strconv.Itoa(len(p.Holdings))+" risk:"+p.Risk.name()+"}",
		"vipcare.Profile{ID:"+strconv.Quote(redact.Mask)+", Holdings:"+strconv.Itoa(len(p.Holdings))+
			" holdings, Risk:"+strconv.Quote(p.Risk.name())+"}")
}

// LogValue implements slog.LogValuer: a profile logs as a group with its
// identifier redacted, its number of holdings and its risk level.
func (p Profile) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.Int("holdings", len(p.Holdings)), slog.String("risk", p.Risk.name()))
}

// Disclose returns the whole profile, identifiers and amounts included, as
// indented JSON. It is the one explicit way to see a profile's confidential
// values; call it only where the reader is entitled to them, and on a
// profile that passed [Profile.Validate] (printing a decimal with a huge
// exponent expands it digit by digit).
func (p *Profile) Disclose() string {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil { // cannot happen: every field marshals
		return "vipcare: " + err.Error()
	}
	return string(b)
}

// Format implements fmt.Formatter so that every verb prints a redacted
// summary of h: its asset class and where it is held, never its ID, product
// or amount.
func (h Holding) Format(s fmt.State, verb rune) {
	redact.Format(s, verb,
		"Holding{id:"+redact.Mask+" class:"+string(h.Class)+" amount:"+redact.Mask+" off_bank:"+
			strconv.FormatBool(h.OffBank)+"}",
		"vipcare.Holding{ID:"+strconv.Quote(redact.Mask)+", Class:"+strconv.Quote(string(h.Class))+
			", Amount:"+strconv.Quote(redact.Mask)+", OffBank:"+strconv.FormatBool(h.OffBank)+"}")
}

// LogValue implements slog.LogValuer: a holding logs as a group with its
// asset class and location, and its identifier and amount redacted.
func (h Holding) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("class", string(h.Class)), redact.Masked("amount"),
		slog.Bool("off_bank", h.OffBank))
}

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

// Format implements fmt.Formatter: every verb prints the link's role,
// never the corporate client's ID or the ownership.
func (c CorporateLink) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "CorporateLink{id:"+redact.Mask+" role:"+string(c.Role)+" ownership:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the ID and ownership redacted.
func (c CorporateLink) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.String("role", string(c.Role)))
}

// Format implements fmt.Formatter: every verb prints the event's kind and
// date, never its amount or holding.
func (e Event) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "Event{kind:"+string(e.Kind)+" date:"+e.Date.Format(time.DateOnly)+" amount:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the amount redacted.
func (e Event) LogValue() slog.Value {
	return redact.Value(slog.String("kind", string(e.Kind)), slog.String("date", e.Date.Format(time.DateOnly)),
		redact.Masked("amount"))
}

// Format implements fmt.Formatter: every verb prints the date, never the
// balance.
func (d DailyBalance) Format(s fmt.State, verb rune) {
	redact.Format(s, verb, "DailyBalance{date:"+d.Date.Format(time.DateOnly)+" balance:"+redact.Mask+"}", "")
}

// LogValue implements slog.LogValuer with the balance redacted.
func (d DailyBalance) LogValue() slog.Value {
	return redact.Value(slog.String("date", d.Date.Format(time.DateOnly)), redact.Masked("balance"))
}

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
