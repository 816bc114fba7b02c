package tier

import "github.com/vipcare/vipcare"

// Classifier puts a client in one of a fixed list of classes: a [Ladder]
// puts it in a tier, a [Segmentation] in a segment. Book reports
// ([Distribute], [Compare]) are built on it, so a bank's own classification
// plugs into them too. A Classifier must be safe for concurrent use and must
// not change f.
type Classifier interface {
	// Classes returns the names of the classes, in report order (lowest
	// tier first). It must return the same list every call.
	Classes() []string
	// Classify returns the index in Classes of f's class, or -1 when f is
	// in none (a client below the lowest rung).
	Classify(f *vipcare.Figures) (int, error)
}

// Classes returns the names of the ladder's tiers, lowest first.
func (l *Ladder) Classes() []string {
	out := make([]string, len(l.rungs))
	for i, r := range l.rungs {
		out[i] = r.tier.Name
	}
	return out
}

// Classify returns the index of f's tier, lowest first, or -1 when f is
// below the lowest rung. It does not allocate.
func (l *Ladder) Classify(f *vipcare.Figures) (int, error) {
	a, err := l.Assign(f)
	return a.Rung, err
}
