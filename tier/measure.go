package tier

import (
	"encoding/json"
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
// ("AUM at the bank"); otherwise it is called "measure".
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

// The built-in measures have a data form, so that a ladder spec round-trips
// through JSON; a measure written in Go has none, and marshalling a spec that
// holds one fails with policy.ErrNoDataForm instead of losing it.
func (aum) dataForm() string       { return "aum" }
func (m adb) dataForm() string     { return "adb_" + m.kind.String() }
func (m bestADB) dataForm() string { return "best_monthly_adb_" + strconv.Itoa(m.n) }

type dataFormer interface{ dataForm() string }

// measureData returns the data form of m: "" for nil, an error for a
// measure written in Go.
func measureData(m Measure) (string, error) {
	if m == nil {
		return "", nil
	}
	if d, ok := m.(dataFormer); ok {
		return d.dataForm(), nil
	}
	return "", &Error{Path: "measure", Name: measureName(m), Err: policy.ErrNoDataForm}
}

// parseMeasure returns the built-in measure named s.
func parseMeasure(s string) (Measure, error) {
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
	return nil, &Error{Path: "measure", Name: s, Err: ErrMeasure}
}

// MarshalJSON encodes the spec, its measure by name ("aum", "adb_month",
// "adb_quarter", "best_monthly_adb_3"). It fails with policy.ErrNoDataForm
// for a measure written in Go, and for a custom schema, which have no data
// form, rather than dropping them.
func (s LadderSpec) MarshalJSON() ([]byte, error) {
	m, err := measureData(s.Measure)
	if err != nil {
		return nil, err
	}
	if s.Schema != nil {
		return nil, &Error{Path: "schema", Err: policy.ErrNoDataForm}
	}
	type plain LadderSpec // without methods
	return json.Marshal(struct {
		plain
		Measure string `json:"measure,omitempty"`
	}{plain(s), m})
}

// UnmarshalJSON decodes a spec written by MarshalJSON.
func (s *LadderSpec) UnmarshalJSON(b []byte) error {
	type plain LadderSpec
	var v struct {
		plain
		Measure string `json:"measure,omitempty"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m, err := parseMeasure(v.Measure)
	if err != nil {
		return err
	}
	*s = LadderSpec(v.plain)
	s.Measure = m
	return nil
}
