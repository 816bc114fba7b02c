package tier

import (
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/parts"
	"github.com/vipcare/vipcare/policy"
)

// Measure is what a ladder's thresholds apply to: a client's AUM today, an
// average daily balance, or a bank's own figure. It must be deterministic,
// safe for concurrent use, and must not change f.
//
// A spec names its measure: a built-in one ("aum", "adb_month", ...; see
// [LadderSpec]) or one registered in the environment with [MeasurePart].
// A Measure may also implement fmt.Stringer to name itself in explanations
// ("AUM at the bank"); otherwise it is called by its registered name.
type Measure interface {
	Measure(f *vipcare.Figures) (vipcare.Amount, error)
}

// MeasureFunc adapts a function to a [Measure].
type MeasureFunc func(f *vipcare.Figures) (vipcare.Amount, error)

// Measure returns m(f).
func (m MeasureFunc) Measure(f *vipcare.Figures) (vipcare.Amount, error) { return m(f) }

// MeasurePart returns m as a part named name, for vipcare.Env.WithParts:
// a ladder's measure or a qualification's average (LadderSpec.Measure,
// QualificationSpec.Average) or what a suitability pack counts as
// investable (needs.PackSpec.Investable) may then name it. The name of a
// built-in measure ("aum", "adb_month", "adb_quarter", or one starting
// with "best_monthly_adb_") is refused, and so is a nil m.
func MeasurePart(name string, m Measure) vipcare.Part {
	var v any = m
	if f, isFunc := m.(MeasureFunc); m == nil || isFunc && f == nil {
		v = nil
	}
	return parts.New(measureKind, name, v, isBuiltinMeasure)
}

// measureKind is the kind of the parts MeasurePart makes.
const measureKind = "measure"

// bestPrefix starts the names of the BestMonthlyADB measures.
const bestPrefix = "best_monthly_adb_"

// isBuiltinMeasure reports whether a built-in measure takes name.
func isBuiltinMeasure(name string) bool {
	switch name {
	case "aum", "adb_month", "adb_quarter":
		return true
	}
	return strings.HasPrefix(name, bestPrefix)
}

// resolveMeasure returns the measure a spec names at path, def for "",
// with its name for explanations. An unknown name is policy.ErrUnknown,
// with the built-in and registered measures as choices; a best monthly
// ADB over other than 1 to 120 months, or a registered built-in measure
// made with an invalid argument, is policy.ErrOutOfRange.
func resolveMeasure(env *vipcare.Env, name, def, path string, ps *policy.Problems) (Measure, string) {
	if name == "" {
		name = def
	}
	var m Measure
	switch name {
	case "aum":
		m = AUM()
	case "adb_month":
		m = ADB(Month)
	case "adb_quarter":
		m = ADB(Quarter)
	default:
		if rest, ok := strings.CutPrefix(name, bestPrefix); ok {
			if n, err := strconv.Atoi(rest); err == nil && strconv.Itoa(n) == rest {
				m = BestMonthlyADB(n)
				break
			}
		}
		var err error
		m, err = parts.Lookup[Measure](env.Parts(measureKind), name, path,
			"aum", "adb_month", "adb_quarter", bestPrefix+"<n>")
		if err != nil {
			ps.Add("", "", err)
			return nil, ""
		}
	}
	if c, ok := m.(interface{ check() error }); ok {
		ps.Add(path, name, c.check())
	}
	if s, ok := m.(interface{ String() string }); ok {
		return m, s.String()
	}
	return m, name
}

// AUM returns the measure of point-in-time assets under management at the
// bank: vipcare.Figures.AUM. A spec names it "aum".
func AUM() Measure { return aum{} }

type aum struct{}

func (aum) Measure(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM, nil }
func (aum) String() string                                     { return "AUM at the bank" }
