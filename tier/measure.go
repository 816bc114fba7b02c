package tier

import "github.com/vipcare/vipcare"

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
