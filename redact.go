package vipcare

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// redacted stands in for a confidential value in fmt and slog output.
const redacted = "[redacted]"

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %#v, %q
// and the rest) prints a redacted summary of p: no amount, no identifier,
// only the number of holdings and the risk level. Clients of private banking
// value confidentiality, and financial accounts are sensitive personal
// information under PIPL Art. 28; logs and error reports are where such data
// leaks. Use [Profile.Disclose] for the full view.
func (p Profile) Format(s fmt.State, verb rune) {
	if verb == 'v' && s.Flag('#') {
		_, _ = s.Write([]byte(p.GoString()))
		return
	}
	_, _ = s.Write([]byte("Profile{id:" + redacted + " holdings:" + strconv.Itoa(len(p.Holdings)) +
		" risk:" + p.Risk.String() + "}"))
}

// GoString returns a redacted Go-syntax summary of p, like [Profile.Format].
func (p Profile) GoString() string {
	return "vipcare.Profile{ID:" + strconv.Quote(redacted) + ", Holdings:" +
		strconv.Itoa(len(p.Holdings)) + " holdings, Risk:vipcare." + p.Risk.String() + "}"
}

// LogValue implements slog.LogValuer: a profile logs as a group with its
// identifier redacted, its number of holdings and its risk level.
func (p Profile) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", redacted),
		slog.Int("holdings", len(p.Holdings)),
		slog.String("risk", p.Risk.String()),
	)
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
// or amount. Use [Holding.Disclose] for the full view.
func (h Holding) Format(s fmt.State, verb rune) {
	if verb == 'v' && s.Flag('#') {
		_, _ = s.Write([]byte(h.GoString()))
		return
	}
	_, _ = s.Write([]byte("Holding{id:" + redacted + " class:" + string(h.Class) +
		" amount:" + redacted + " off_bank:" + strconv.FormatBool(h.OffBank) + "}"))
}

// GoString returns a redacted Go-syntax summary of h, like [Holding.Format].
func (h Holding) GoString() string {
	return "vipcare.Holding{ID:" + strconv.Quote(redacted) + ", Class:" + strconv.Quote(string(h.Class)) +
		", Amount:" + strconv.Quote(redacted) + ", OffBank:" + strconv.FormatBool(h.OffBank) + "}"
}

// LogValue implements slog.LogValuer: a holding logs as a group with its
// asset class and location, and its identifier and amount redacted.
func (h Holding) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", redacted),
		slog.String("class", string(h.Class)),
		slog.String("amount", redacted),
		slog.Bool("off_bank", h.OffBank),
	)
}

// Disclose returns the whole holding, identifier and amount included, as
// JSON. Call it only where the reader is entitled to the values.
func (h *Holding) Disclose() string {
	b, err := json.Marshal(h)
	if err != nil { // cannot happen: every field marshals
		return "vipcare: " + err.Error()
	}
	return string(b)
}

// Format implements fmt.Formatter so that every verb prints a redacted
// summary of f: its currency and as-of date, never an amount. The amounts in
// Figures are the client's as much as the profile's are.
func (f Figures) Format(s fmt.State, verb rune) {
	_, _ = s.Write([]byte("Figures{currency:" + string(f.Currency) + " as_of:" + f.AsOf.Format(time.DateOnly) +
		" amounts:" + redacted + "}"))
}

// LogValue implements slog.LogValuer: figures log as their currency and
// as-of date, with the amounts redacted.
func (f Figures) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("currency", string(f.Currency)),
		slog.String("as_of", f.AsOf.Format(time.DateOnly)),
		slog.String("amounts", redacted),
	)
}

// Format implements fmt.Formatter: every verb prints the liability's kind
// and location, never its ID or amount.
func (l Liability) Format(s fmt.State, verb rune) {
	writeRedacted(s, "Liability{id:"+redacted+" kind:"+l.Kind+" amount:"+redacted+" off_bank:"+
		strconv.FormatBool(l.OffBank)+"}")
}

// LogValue implements slog.LogValuer with the ID and amount redacted.
func (l Liability) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", redacted), slog.String("kind", l.Kind), slog.String("amount", redacted))
}

// Format implements fmt.Formatter: every verb prints the link's role,
// never the corporate client's ID or the ownership.
func (c CorporateLink) Format(s fmt.State, verb rune) {
	writeRedacted(s, "CorporateLink{id:"+redacted+" role:"+c.Role.String()+" ownership:"+redacted+"}")
}

// LogValue implements slog.LogValuer with the ID and ownership redacted.
func (c CorporateLink) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", redacted), slog.String("role", c.Role.String()))
}

// Format implements fmt.Formatter: every verb prints the event's kind and
// date, never its amount or holding.
func (e Event) Format(s fmt.State, verb rune) {
	writeRedacted(s, "Event{kind:"+e.Kind.String()+" date:"+e.Date.Format(time.DateOnly)+" amount:"+redacted+"}")
}

// LogValue implements slog.LogValuer with the amount redacted.
func (e Event) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", e.Kind.String()), slog.String("date", e.Date.Format(time.DateOnly)),
		slog.String("amount", redacted))
}

// Format implements fmt.Formatter: every verb prints the date, never the
// balance.
func (d DailyBalance) Format(s fmt.State, verb rune) {
	writeRedacted(s, "DailyBalance{date:"+d.Date.Format(time.DateOnly)+" balance:"+redacted+"}")
}

// LogValue implements slog.LogValuer with the balance redacted.
func (d DailyBalance) LogValue() slog.Value {
	return slog.GroupValue(slog.String("date", d.Date.Format(time.DateOnly)), slog.String("balance", redacted))
}

// Format implements fmt.Formatter: every verb prints the period, never the
// average.
func (a PeriodAverage) Format(s fmt.State, verb rune) {
	writeRedacted(s, "PeriodAverage{from:"+a.From.Format(time.DateOnly)+" to:"+a.To.Format(time.DateOnly)+
		" average:"+redacted+"}")
}

// LogValue implements slog.LogValuer with the average redacted.
func (a PeriodAverage) LogValue() slog.Value {
	return slog.GroupValue(slog.String("from", a.From.Format(time.DateOnly)),
		slog.String("to", a.To.Format(time.DateOnly)), slog.String("average", redacted))
}

func writeRedacted(s fmt.State, text string) { _, _ = s.Write([]byte(text)) }
