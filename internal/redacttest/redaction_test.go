package redacttest_test

import (
	"bytes"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
	"github.com/vipcare/vipcare/tier"
)

// The redaction conformance test. Every exported type of every library
// package of the module is in the registry below, with what it holds:
//
//   - clientData: a client's amounts or identifiers. Filled with canaries
//     in every field (by reflection, recursively), it must show none of
//     them through any channel: every fmt verb, its String, GoString,
//     Error and MarshalText, log/slog's text and JSON handlers (top level,
//     pointer, group, With, WithGroup, slice, pointer slice, map, struct
//     field) and its default JSON (value, pointer, slice, pointer slice,
//     map, struct field). vipcare.Disclosed, the explicit call, shows them
//     (but for notMarshalled).
//   - storageForm: a decision record meant for storage, whose JSON keeps
//     the client's reference on purpose: the same, except its JSON and
//     what slog's JSON handler encodes as JSON (a record in a slice, a map
//     or a struct field).
//   - onRequest: text rendered on request, which shows a client's values
//     only when the caller asks for them (Values options):
//     TestPipelineRedacted runs the reference policy over canary clients
//     without asking and checks every output through every channel.
//     Their fields are left zero where a client type holds them.
//   - noClientData: policy, configuration, codes, compiled values,
//     book-level totals, behaviour. Such a type must hold no clientData or
//     storageForm type, whatever the depth (checked by reflection). Its
//     fields are left zero where a client type holds them, but for value
//     types (Money, Amount, Share), which are filled.
//
// TestDecodeErrorsRedacted checks that errors are typed and quote no
// value.
//
// A new exported type fails TestRedactionRegistryComplete until it is
// registered, and a new clientData type fails TestRedaction until every
// channel redacts it.

type class int

const (
	clientData class = iota
	storageForm
	onRequest
	noClientData
)

// entry is one exported type and what it holds. public lists the fields of
// a clientData or storageForm type that are policy or codes, not the
// client's, and are left zero rather than filled with canaries; why says
// why a type holds no client data.
type entry struct {
	t      reflect.Type
	name   string // as the source names it, when it is an alias
	class  class
	public []string
	why    string
}

func clientType[T any](public ...string) entry {
	return entry{t: reflect.TypeFor[T](), class: clientData, public: public}
}

func storage[T any](public ...string) entry {
	return entry{t: reflect.TypeFor[T](), class: storageForm, public: public}
}

func rendered[T any]() entry { return entry{t: reflect.TypeFor[T](), class: onRequest} }

func none[T any](why string) entry {
	return entry{t: reflect.TypeFor[T](), class: noClientData, why: why}
}

// Why a type holds no client data.
const (
	whyPolicy    = "the bank's policy or configuration"
	whyCompiled  = "a compiled policy: holds only policy"
	whyCode      = "a code or category from the policy's vocabulary"
	whyValue     = "a value type: printing one is the caller's choice (Money prints its amount)"
	whyOption    = "options of a call"
	whyBehaviour = "an interface or function type: no data"
	whyAggregate = "book-level counts and totals, never one client's"
	whyDecision  = "a decision's codes, tiers and the policy's parameters, no amount or identifier"
	whyError     = "an error: names fields and policy text, never values (TestDecodeErrorsRedacted)"
)

var registry = []entry{
	// vipcare
	none[vipcare.Amount](whyValue),
	none[vipcare.AssetClass](whyCode),
	none[vipcare.Channel](whyCode),
	none[vipcare.Code](whyCode),
	clientType[vipcare.CorporateLink](),
	none[vipcare.CorporateRole](whyCode),
	none[vipcare.Currency](whyCode),
	clientType[vipcare.DailyBalance](),
	none[vipcare.Env](whyCompiled),
	clientType[vipcare.Event](),
	none[vipcare.EventKind](whyCode),
	clientType[vipcare.Figures](),
	clientType[vipcare.Holding](),
	clientType[vipcare.InvestorFacts](),
	clientType[vipcare.Liability]("Kind"),
	none[vipcare.Money](whyValue),
	{t: reflect.TypeFor[vipcare.Part](), name: "vipcare.Part", class: noClientData, why: "a Go value registered by name: behaviour"},
	clientType[vipcare.PeriodAverage](),
	none[vipcare.Preferences]("the client's contact preferences: channels and flags, no amount or identifier"),
	clientType[vipcare.Profile](),
	none[vipcare.Rates]("exchange rates: the caller's market data"),
	none[vipcare.RiskLevel](whyCode),
	none[vipcare.Share](whyValue),
	none[vipcare.Valuation]("the basis of an evaluation: as-of date, currency and rates"),

	// book
	clientType[book.Account](),
	none[book.Change](whyAggregate),
	none[book.Classifier](whyBehaviour),
	none[book.Distribution](whyAggregate),
	none[book.DistributionRow](whyAggregate),
	none[book.FairnessReport](whyAggregate),
	none[book.Matrix](whyAggregate),
	none[book.Move](whyAggregate),
	none[book.Options](whyOption),
	none[book.PlayChange](whyAggregate),
	none[book.PlaybookComparison](whyAggregate),
	storage[book.Result](),
	none[book.RunReport](whyAggregate),
	none[book.Side](whyOption),

	// contact
	none[contact.Choice](whyDecision),
	none[contact.Constraints](whyCode),
	clientType[contact.Facts]("Segment"),
	none[contact.Fired](whyDecision),
	none[contact.Role](whyCode),
	none[contact.Selection](whyDecision),
	none[contact.Service](whyPolicy),
	none[contact.Strategies](whyCompiled),
	none[contact.Strategy](whyPolicy),
	none[contact.StrategySpec](whyPolicy),
	rendered[contact.Suppressed](),
	clientType[contact.Task]("ID", "Kind", "Reason", "RM", "Priority", "Minutes"),
	none[contact.Touch](whyPolicy),
	none[contact.TriggerSpec](whyPolicy),
	none[contact.Triggers](whyCompiled),

	// needs
	none[needs.Advisor](whyCompiled),
	clientType[needs.Case](),
	none[needs.Check](whyBehaviour),
	none[needs.CheckFunc](whyBehaviour),
	none[needs.Detection]("the needs' strengths and the signals that fired"),
	rendered[needs.Evidence](),
	rendered[needs.Finding](),
	none[needs.Info](whyPolicy),
	none[needs.Need](whyCode),
	rendered[needs.Offer](),
	none[needs.Offers]("the products offered, by the policy's codes"),
	none[needs.Pack](whyCompiled),
	none[needs.PackSpec](whyPolicy),
	none[needs.Pick]("a play chosen: the policy's codes, a strength, a fit and a rank"),
	none[needs.RefusedProduct]("a product refused: the policy's codes"),
	none[needs.Play](whyPolicy),
	none[needs.PlayMade]("a play made on a date"),
	none[needs.Product](whyPolicy),
	none[needs.QualifiedInvestorRule](whyPolicy),
	rendered[needs.Recommendation](),
	rendered[needs.Recommendations](),
	rendered[needs.Refusal](),
	none[needs.Requirement](whyPolicy),
	none[needs.RiskRating](whyCode),
	none[needs.Scorecard](whyPolicy),
	none[needs.Signal](whyPolicy),
	rendered[needs.Skip](),
	none[needs.Spec](whyPolicy),

	// playbook
	none[playbook.Change]("a change between two policies"),
	none[playbook.Condition](whyPolicy),
	clientType[playbook.Decision]("Tier", "Ladder", "Segment", "Minutes"),
	rendered[playbook.Explanation](),
	none[playbook.Identity](whyPolicy),
	none[playbook.Justification](whyPolicy),
	clientType[playbook.Options]("Values"),
	none[playbook.Playbook](whyCompiled),
	storage[playbook.Record]("Schema", "AsOf", "Library", "Segment", "Strategy", "Rule", "Minutes"),
	storage[playbook.RecordAmounts](),
	none[playbook.RecordLadder](whyDecision),
	none[playbook.RecordNeed](whyDecision),
	none[playbook.RecordPlay](whyDecision),
	none[playbook.RecordSkip](whyDecision),
	none[playbook.RecordTask](whyDecision),
	clientType[playbook.Scratch](),
	none[playbook.Spec](whyPolicy),

	// policy
	none[policy.Cond](whyPolicy),
	none[policy.ExplainOptions](whyOption),
	rendered[policy.Explanation](),
	none[policy.FieldInfo](whyPolicy),
	none[policy.FieldRef](whyPolicy),
	none[policy.FieldSpec[vipcare.Figures]](whyPolicy),
	none[policy.GoCase](whyPolicy),
	none[policy.GoFunc](whyPolicy),
	none[policy.Hit[string]]("a row of a decision table that matched"),
	none[policy.HitPolicy](whyCode),
	none[policy.Loader[vipcare.Figures]](whyCompiled),
	none[policy.Problem](whyError),
	none[policy.Problems](whyError),
	none[policy.Row[string]](whyPolicy),
	none[policy.Rule[vipcare.Figures]](whyCompiled),
	none[policy.Schema[vipcare.Figures]](whyCompiled),
	none[policy.Table[vipcare.Figures, string]](whyCompiled),
	rendered[policy.TableExplanation](),

	// rm
	clientType[rm.Allocation]("RM", "Moved"),
	none[rm.AssignOptions](whyOption),
	clientType[rm.Book](),
	none[rm.Capacity](whyCompiled),
	clientType[rm.Client]("Branch", "Language", "Minutes", "RM"),
	none[rm.Load]("one manager's load: counts and the book's positions of uncovered clients"),
	none[rm.LoadReport](whyAggregate),
	none[rm.Manager]("a relationship manager: staff, not a client"),
	none[rm.MixEntry](whyPolicy),
	clientType[rm.Plan]("HorizonDays"),
	clientType[rm.Roster]("Value", "Covered", "Coverage", "Bound", "MoveBound", "Gap", "Moves"),
	clientType[rm.Scheduled](),
	clientType[rm.Unmet]("Reason"),
	none[rm.Workload](whyPolicy),

	// sample
	none[sample.Options](whyOption),

	// segment
	none[segment.Band](whyPolicy),
	none[segment.Dimension](whyPolicy),
	rendered[segment.DimensionExplanation](),
	none[segment.Placement]("the client's bands and segment, by the policy's names"),
	rendered[segment.PlacementExplanation](),
	none[segment.Segmentation](whyCompiled),
	none[segment.Spec](whyPolicy),

	// tier
	none[tier.Effective](whyDecision),
	none[tier.Flag](whyDecision),
	none[tier.Keep](whyPolicy),
	none[tier.Ladder](whyCompiled),
	rendered[tier.LadderExplanation](),
	none[tier.LadderSpec](whyPolicy),
	none[tier.Lifecycle](whyPolicy),
	none[tier.Limit](whyDecision),
	none[tier.Measure](whyBehaviour),
	none[tier.MeasureFunc](whyBehaviour),
	clientType[tier.Observation](),
	none[tier.Outcome](whyCode),
	none[tier.Override]("a tier granted or held by staff (who asked, who approved), with dates"),
	rendered[tier.PassedOver](),
	none[tier.Period](whyValue),
	none[tier.PeriodKind](whyCode),
	none[tier.Qualification](whyDecision),
	none[tier.QualificationSpec](whyPolicy),
	none[tier.Ref](whyPolicy),
	none[tier.Rung](whyPolicy),
	none[tier.State]("a client's tier and the periods spent below it, to store for the next run"),
	clientType[tier.Step]("Grace", "Measure", "Threshold", "ConditionFailed"),
	none[tier.Tier](whyPolicy),
	clientType[tier.Timeline](),
}

// typeName is how the source names t: "tier.Step", "policy.Rule".
func (e entry) typeName() string {
	if e.name != "" {
		return e.name
	}
	name, _, _ := strings.Cut(e.t.Name(), "[")
	return path.Base(e.t.PkgPath()) + "." + name
}

func registered() map[reflect.Type]entry {
	m := make(map[reflect.Type]entry, len(registry))
	for _, e := range registry {
		m[e.t] = e
	}
	return m
}

// moduleRoot is the module's directory, from this package's.
const moduleRoot = "../.."

// TestRedactionRegistryComplete parses the source of every library package
// of the module (every directory with Go files, but internal/, examples/,
// testdata/ and nested modules) and checks that the registry holds exactly
// its exported types, once each.
func TestRedactionRegistryComplete(t *testing.T) {
	var want []string
	err := filepath.WalkDir(moduleRoot, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		base := filepath.Base(dir)
		if dir != moduleRoot && (base == "internal" || base == "examples" || base == "testdata" || strings.HasPrefix(base, ".")) {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && dir != moduleRoot {
			return filepath.SkipDir // a nested module
		}
		pkgs, err := parser.ParseDir(token.NewFileSet(), dir, func(fi fs.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, pkg := range pkgs {
			if pkg.Name == "main" {
				continue
			}
			for _, f := range pkg.Files {
				for _, decl := range f.Decls {
					gen, ok := decl.(*ast.GenDecl)
					if !ok || gen.Tok != token.TYPE {
						continue
					}
					for _, spec := range gen.Specs {
						if ts := spec.(*ast.TypeSpec); ts.Name.IsExported() {
							want = append(want, pkg.Name+"."+ts.Name.Name)
						}
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, want)

	var have []string
	for _, e := range registry {
		have = append(have, e.typeName())
	}
	slices.Sort(want)
	slices.Sort(have)
	for _, name := range want {
		if _, found := slices.BinarySearch(have, name); !found {
			t.Errorf("%s is not in the redaction registry: add it to registry in redaction_test.go, "+
				"as client data (redacted in every channel) unless it holds none", name)
		}
	}
	for i, name := range have {
		if _, found := slices.BinarySearch(want, name); !found {
			t.Errorf("the redaction registry lists %s, which the source does not declare", name)
		}
		if i > 0 && have[i-1] == name {
			t.Errorf("the redaction registry lists %s twice", name)
		}
	}
}

// TestRedactionRegistryHoldsNoClientData checks that a type registered as
// holding no client data holds no type that does, in any field, exported
// or not, at any depth, and that every type registered as holding none
// says why.
func TestRedactionRegistryHoldsNoClientData(t *testing.T) {
	reg := registered()
	for _, e := range registry {
		if e.class != noClientData {
			continue
		}
		assert.NotEmpty(t, e.why, e.typeName())
		seen := map[reflect.Type]bool{}
		var walk func(t reflect.Type, path string) string
		walk = func(rt reflect.Type, path string) string {
			if seen[rt] {
				return ""
			}
			seen[rt] = true
			if r, ok := reg[rt]; ok && (r.class == clientData || r.class == storageForm) {
				return path + " (" + r.typeName() + ")"
			}
			switch rt.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Array:
				return walk(rt.Elem(), path+"[]")
			case reflect.Map:
				return walk(rt.Elem(), path+"[]")
			case reflect.Struct:
				for i := range rt.NumField() {
					if p := walk(rt.Field(i).Type, path+"."+rt.Field(i).Name); p != "" {
						return p
					}
				}
			}
			return ""
		}
		if p := walk(e.t, e.typeName()); p != "" {
			t.Errorf("%s is registered as holding no client data (%s) but holds it at %s", e.typeName(), e.why, p)
		}
	}
}

// Canaries: the values filled into every field of a client type. No
// output may contain any of their forms. They are long, so that no
// pointer's address printed in decimal or hexadecimal is taken for one.
const (
	canaryID     = "CANARY-ID-77"
	canaryNumber = int64(9_876_543_210_987) // an Amount of 987,654,321.0987, a Share of 9,876,543.210987
)

var (
	canaryDecimal = decimal.RequireFromString("9876543.21")
	canaryDate    = time.Date(2031, 7, 19, 0, 0, 0, 0, time.UTC)
)

// canaryForms are the texts that betray a canary: the ID, the digits of
// the number and the decimal however grouped, scaled or printed in
// scientific notation, and their hexadecimal, octal and binary forms.
func canaryForms() []string {
	forms := []string{canaryID, "9876543", "9,876,543", "987,654,3", "9.876543",
		strconv.FormatInt(canaryNumber, 16), strings.ToUpper(strconv.FormatInt(canaryNumber, 16)),
		strconv.FormatInt(canaryNumber, 8), strconv.FormatInt(canaryNumber, 2)}
	for _, s := range []string{canaryID, "9876543"} {
		forms = append(forms, hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))))
	}
	return forms
}

// filler fills values with canaries.
type filler struct {
	reg map[reflect.Type]entry
}

// fill sets every field of v it can reach to a canary: strings to the ID,
// 64-bit numbers to the number, decimals to the decimal, times to a fixed
// date, booleans to true, pointers to a new filled value and slices to two
// filled elements, amounts and money included. It leaves zero the fields
// of a type registered as holding no client data (but a value type) or
// rendered on request, the public fields of a
// client type, unexported fields, interfaces and functions.
func (fl filler) fill(v reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	t := v.Type()
	if e, ok := fl.reg[t]; ok && (e.class == noClientData && e.why != whyValue || e.class == onRequest) {
		return
	}
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(canaryDecimal))
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(canaryDate))
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(canaryID)
	case reflect.Int, reflect.Int64:
		v.SetInt(canaryNumber)
	case reflect.Uint, reflect.Uint64:
		v.SetUint(uint64(canaryNumber))
	case reflect.Float64, reflect.Float32:
		v.SetFloat(9876543.21)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		fl.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			fl.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fl.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(t)
		k, x := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		fl.fill(k, depth+1)
		fl.fill(x, depth+1)
		m.SetMapIndex(k, x)
		v.Set(m)
	case reflect.Struct:
		public := fl.reg[t].public
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && !slices.Contains(public, f.Name) {
				fl.fill(v.Field(i), depth+1)
			}
		}
	}
}

// output is what one channel printed.
type output struct{ channel, text string }

// render prints v through every channel: fmt's verbs and methods, slog's
// handlers, and, unless v is a storage form, its JSON.
func render(v reflect.Value, c class) []output {
	t := v.Type()
	ptr := reflect.New(t)
	ptr.Elem().Set(v)
	slice := reflect.MakeSlice(reflect.SliceOf(t), 2, 2)
	slice.Index(0).Set(v)
	slice.Index(1).Set(v)
	ptrs := reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(t)), 1, 1)
	ptrs.Index(0).Set(ptr)
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), t))
	m.SetMapIndex(reflect.ValueOf("k"), v)
	field := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `json:"v"`}})).Elem()
	field.Field(0).Set(v)
	forms := []struct {
		name string
		v    any
	}{
		{"value", v.Interface()}, {"pointer", ptr.Interface()}, {"slice", slice.Interface()},
		{"pointer slice", ptrs.Interface()}, {"map", m.Interface()}, {"struct field", field.Interface()},
	}

	var outs []output
	add := func(channel, text string) { outs = append(outs, output{channel, text}) }
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%b", "%e", "%10.3f", "%T"} {
		for _, f := range forms {
			add(verb+" of a "+f.name, fmt.Sprintf(verb, f.v))
		}
	}
	add("Sprint", fmt.Sprint(v.Interface()))
	add("Sprintln", fmt.Sprintln(v.Interface(), ptr.Interface()))
	add("an error wrapping it", fmt.Errorf("scoring %v: %w", v.Interface(), errors.New("x")).Error())
	for _, x := range []any{v.Interface(), ptr.Interface()} {
		if s, ok := x.(fmt.GoStringer); ok {
			add("GoString", s.GoString())
		}
		if s, ok := x.(fmt.Stringer); ok {
			add("String", s.String())
		}
		if s, ok := x.(error); ok {
			add("Error", s.Error())
		}
		if s, ok := x.(encoding.TextMarshaler); ok {
			b, err := s.MarshalText()
			add("MarshalText", string(b)+fmt.Sprint(err))
		}
	}

	// no time: its digits could be taken for a leak
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
	handlers := []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, noTime) }},
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, noTime) }},
	}
	for _, h := range handlers {
		log := func(what string, f func(*slog.Logger)) {
			var buf bytes.Buffer
			f(slog.New(h.new(&buf)))
			add("slog "+h.name+" "+what, buf.String())
		}
		for _, f := range forms {
			if c == storageForm && h.name == "json" && f.name != "value" && f.name != "pointer" {
				continue // encoded as JSON, the storage form
			}
			log(f.name, func(l *slog.Logger) { l.Info("x", "v", f.v) })
		}
		log("group", func(l *slog.Logger) { l.Info("x", slog.Group("g", slog.Any("v", v.Interface()))) })
		log("With", func(l *slog.Logger) { l.With("v", v.Interface()).Info("x") })
		log("WithGroup", func(l *slog.Logger) { l.WithGroup("g").Info("x", "v", ptr.Interface()) })
	}

	if c == clientData {
		for _, f := range forms {
			b, err := json.Marshal(f.v)
			add("JSON of a "+f.name, string(b)+fmt.Sprint(err))
		}
	}
	return outs
}

// notMarshalled are the client types whose JSON, even disclosed, holds
// none of the client's data, and why.
var notMarshalled = map[string]string{
	"tier.Step":         "the client's measure is left out of a step's JSON, its audit form",
	"tier.Timeline":     "steps, as tier.Step",
	"playbook.Decision": "its step, as tier.Step; its amounts are a record's, on request",
	"playbook.Options":  "its tier change, as tier.Step",
	"playbook.Scratch":  "no exported field",
}

// TestRedaction fills every client type with canaries and checks that no
// channel shows one.
func TestRedaction(t *testing.T) {
	fl := filler{reg: registered()}
	forms := canaryForms()
	for _, e := range registry {
		if e.class != clientData && e.class != storageForm {
			continue
		}
		t.Run(e.typeName(), func(t *testing.T) {
			v := reflect.New(e.t).Elem()
			fl.fill(v, 0)
			for _, out := range render(v, e.class) {
				for _, s := range forms {
					if strings.Contains(out.text, s) {
						t.Errorf("%s through %s shows %q: %s", e.typeName(), out.channel, s, out.text)
						break
					}
				}
			}
			// Disclosed, the explicit call, shows them, unless no JSON does.
			b, err := json.Marshal(vipcare.Disclosed(v.Interface()))
			require.NoError(t, err)
			shown := strings.Contains(string(b), canaryID) || strings.Contains(string(b), "9876543")
			_, never := notMarshalled[e.typeName()]
			assert.Equal(t, !never, shown, "%s: Disclosed shows the client's data: %s", e.typeName(), b)
		})
	}
}
