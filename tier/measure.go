package tier

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Measure is what a ladder's thresholds apply to: a client's AUM today, an
// average daily balance, or a bank's own figure. It must be deterministic,
// safe for concurrent use, and must not change f.
//
// A Measure may also implement fmt.Stringer to name itself in explanations
// ("AUM at the bank"); otherwise it is called "measure". [Named] names one.
type Measure interface {
	Measure(f *vipcare.Figures) (vipcare.Amount, error)
}

// MeasureFunc adapts a function to a [Measure].
type MeasureFunc func(f *vipcare.Figures) (vipcare.Amount, error)

// Measure returns m(f).
func (m MeasureFunc) Measure(f *vipcare.Figures) (vipcare.Amount, error) { return m(f) }

// Named returns m with the given name for explanations.
func Named(name string, m Measure) Measure { return named{name, m} }

type named struct {
	name string
	m    Measure
}

func (n named) Measure(f *vipcare.Figures) (vipcare.Amount, error) { return n.m.Measure(f) }
func (n named) String() string                                     { return n.name }

// AUM returns the measure of point-in-time assets under management at the
// bank: vipcare.Figures.AUM.
func AUM() Measure { return aum{} }

type aum struct{}

func (aum) Measure(f *vipcare.Figures) (vipcare.Amount, error) { return f.AUM, nil }
func (aum) String() string                                     { return "AUM at the bank" }

func measureName(m Measure) string {
	if s, ok := m.(interface{ String() string }); ok {
		return s.String()
	}
	return "measure"
}

// The built-in measures have a data form, their name, so that a ladder spec
// round-trips through JSON; a measure written in Go has none, and
// marshalling a spec that holds one fails with policy.ErrNoDataForm instead
// of losing it.
func (aum) dataForm() string       { return "aum" }
func (m adb) dataForm() string     { return "adb_" + string(m.kind) }
func (m bestADB) dataForm() string { return "best_monthly_adb_" + strconv.Itoa(m.n) }

type dataFormer interface{ dataForm() string }

// measureNames lists the data forms of the built-in measures, for an
// unknown one's choices.
var measureNames = []string{"aum", "adb_month", "adb_quarter", "best_monthly_adb_<n>"}

// measureData returns the data form of m: "" for nil, problems at path for
// a measure written in Go.
func measureData(m Measure, path string) (string, error) {
	if m == nil {
		return "", nil
	}
	if d, ok := m.(dataFormer); ok {
		return d.dataForm(), nil
	}
	return "", policy.Problems{{Path: path, Name: measureName(m), Err: policy.ErrNoDataForm}}
}

// parseMeasure returns the built-in measure named s, nil for "".
func parseMeasure(s, path string) (Measure, error) {
	switch s {
	case "":
		return nil, nil
	case "aum":
		return AUM(), nil
	case "adb_month":
		return ADB(Month), nil
	case "adb_quarter":
		return ADB(Quarter), nil
	}
	if rest, ok := strings.CutPrefix(s, "best_monthly_adb_"); ok {
		if n, err := strconv.Atoi(rest); err == nil && n >= 1 && n <= 120 {
			return BestMonthlyADB(n), nil
		}
	}
	return nil, policy.Problems{{Path: path, Name: s, Err: policy.ErrUnknown, Choices: slices.Clone(measureNames)}}
}

// ladderForm is the JSON form of a LadderSpec: its fields, with the
// measures by name.
type ladderForm struct {
	Currency      vipcare.Currency  `json:"currency"`
	Measure       string            `json:"measure,omitempty"`
	Rungs         []Rung            `json:"rungs"`
	Lifecycle     Lifecycle         `json:"lifecycle"`
	Qualification qualificationForm `json:"qualification"`
}

// qualificationForm is the JSON form of a QualificationSpec, with its
// average measure by name.
type qualificationForm struct {
	qualificationPlain
	Average string `json:"average,omitempty"`
}

// qualificationPlain is QualificationSpec without its methods.
type qualificationPlain QualificationSpec

// MarshalJSON encodes the spec with its measures by name ("aum",
// "adb_month", "adb_quarter", "best_monthly_adb_3"), the qualification's
// average as "average". It fails with policy.ErrNoDataForm for a measure
// written in Go, which has no data form, rather than dropping it.
func (s LadderSpec) MarshalJSON() ([]byte, error) {
	m, err := measureData(s.Measure, "/measure")
	if err != nil {
		return nil, err
	}
	avg, err := measureData(s.Qualification.Average, "/qualification/average")
	if err != nil {
		return nil, err
	}
	return json.Marshal(ladderForm{Currency: s.Currency, Measure: m, Rungs: s.Rungs, Lifecycle: s.Lifecycle,
		Qualification: qualificationForm{qualificationPlain(s.Qualification), avg}})
}

// UnmarshalJSON decodes a spec written by MarshalJSON, reporting an unknown
// measure as policy.ErrUnknown with the built-in measures as choices.
func (s *LadderSpec) UnmarshalJSON(b []byte) error {
	var v ladderForm
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m, err := parseMeasure(v.Measure, "/measure")
	if err != nil {
		return err
	}
	avg, err := parseMeasure(v.Qualification.Average, "/qualification/average")
	if err != nil {
		return err
	}
	*s = LadderSpec{Currency: v.Currency, Measure: m, Rungs: v.Rungs, Lifecycle: v.Lifecycle,
		Qualification: QualificationSpec(v.Qualification.qualificationPlain)}
	s.Qualification.Average = avg
	return nil
}
