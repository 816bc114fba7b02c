package segment

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/discreet"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Segmentation is a compiled multi-dimensional segmentation. It is
// immutable and safe for concurrent use, and it is a book report classifier
// whose classes are the segments. Use it through the pointer
// [Spec.Compile] returns; it must not be copied. The zero Segmentation has
// no dimensions and places every client in no segment.
type Segmentation struct {
	currency vipcare.Currency
	dims     []dim
	segments []string
	table    *policy.Table[cell, string]
	rowSeg   []int16 // by matrix row: the index of its segment

	// lookup holds the matrix's answer for every combination of bands,
	// when there are at most maxLookup of them: 0 no row, s+1 segment s.
	// When lookup is nil, the table is evaluated on a pooled cell instead.
	lookup []int16
	pool   sync.Pool // of *cell
}

// maxLookup bounds the band combinations a segmentation precomputes.
const maxLookup = 4096

// dim is a compiled dimension.
type dim struct {
	name   string
	scale  int                          // of the score
	score  func(*vipcare.Figures) int64 // the score, at scale
	names  []string                     // band names, lowest first
	from   []int64                      // band thresholds at scale, ascending
	stride int                          // of the band index in the lookup
	ranges []string                     // rangeText by band index + 1, built once
}

// cell is the subject of the matrix: a band index + 1 per dimension, 0 for
// no band.
type cell struct{ bands [maxDimensions]uint8 }

// band returns the index + 1 of the highest band whose threshold f's score
// meets, 0 if none: the thresholds ascend, so a binary search finds it.
func (d *dim) band(f *vipcare.Figures) uint8 {
	v := d.score(f)
	lo, hi := 0, len(d.from)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v >= d.from[m] {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return uint8(lo)
}

// scoreText returns f's score with thousands separators.
func (d *dim) scoreText(f *vipcare.Figures) string {
	return num.Format(d.score(f), d.scale, true)
}

func (d *dim) bandName(b uint8) string {
	if b == 0 {
		return ""
	}
	return d.names[b-1]
}

// rangeText says which scores band b holds, e.g. "at or above 500,000 and
// below 2,000,000"; for no band, "below" the lowest threshold. The texts
// are built once, by precompute.
func (d *dim) rangeText(b uint8) string { return d.ranges[b] }

// buildRanges builds the text of every band's range.
func (d *dim) buildRanges() {
	d.ranges = make([]string, len(d.from)+1)
	d.ranges[0] = "below " + num.Format(d.from[0], d.scale, true)
	for b := 1; b <= len(d.from); b++ {
		s := "at or above " + num.Format(d.from[b-1], d.scale, true)
		if b < len(d.from) {
			s += " and below " + num.Format(d.from[b], d.scale, true)
		}
		d.ranges[b] = s
	}
}

// precompute fills the lookup when the band combinations are few enough,
// reporting every pair of rows that overlap under Unique at "/matrix/j".
func (s *Segmentation) precompute(ps *policy.Problems) {
	s.pool.New = func() any { return new(cell) }
	for k := range s.dims {
		s.dims[k].buildRanges()
	}
	n := 1
	for k := range s.dims {
		s.dims[k].stride = n
		n *= len(s.dims[k].names) + 1
		if n > maxLookup {
			return
		}
	}
	s.lookup = make([]int16, n)
	var c cell
	seen := map[string]bool{}
	for i := range s.lookup {
		for k := range s.dims {
			c.bands[k] = uint8(i / s.dims[k].stride % (len(s.dims[k].names) + 1))
		}
		h, ok, err := s.table.Decide(&c)
		var overlap policy.Problems
		switch {
		case errors.As(err, &overlap):
			for _, p := range overlap {
				if key := p.Path + p.Err.Error(); !seen[key] {
					seen[key] = true
					ps.Add("/matrix", "", policy.Problems{p})
				}
			}
		case ok:
			s.lookup[i] = s.rowSeg[h.Row] + 1
		}
	}
}

// at returns the index in the lookup of a cell with bands.
func (s *Segmentation) at(bands *[maxDimensions]uint8) int {
	at := 0
	for k := range s.dims {
		at += int(bands[k]) * s.dims[k].stride
	}
	return at
}

// Placement is where a client falls in a segmentation: its band in each
// dimension and its segment. It is a small comparable value. The zero
// Placement has no segment and no bands.
type Placement struct {
	s     *Segmentation
	seg   int16                // segment index + 1; 0 for none
	bands [maxDimensions]uint8 // band index + 1 by dimension; 0 for none
}

// Segment returns the client's segment, or "" when no row of the matrix
// matched.
func (p Placement) Segment() string {
	if p.seg == 0 {
		return ""
	}
	return p.s.segments[p.seg-1]
}

// String returns the segment and the bands, e.g.
// "grow (value mid, potential high, depth shallow)". A segment or band that
// is missing reads "none".
func (p Placement) String() string {
	or := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	var b strings.Builder
	b.WriteString(or(p.Segment()))
	if p.s != nil && len(p.s.dims) > 0 {
		b.WriteString(" (")
		for k := range p.s.dims {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.s.dims[k].name + " " + or(p.s.dims[k].bandName(p.bands[k])))
		}
		b.WriteString(")")
	}
	return b.String()
}

// checkCurrency fails when f is in another currency than the segmentation's.
func (s *Segmentation) checkCurrency(f *vipcare.Figures) error {
	if s.currency != "" && f.Currency != s.currency {
		return policy.Problems{{Path: "/figures/currency", Name: string(f.Currency), Err: vipcare.ErrCurrency}}
	}
	return nil
}

// Place places the client whose figures are f: it scores every dimension,
// finds the band of each score, and decides the matrix. It does not
// allocate unless it fails. It fails when f is in another currency than
// the segmentation's (vipcare.ErrCurrency), and, for a matrix too large to
// decide in advance, under the Unique hit policy when two rows match
// (policy.ErrOverlap, with a placement that has the client's bands and no
// segment). f is not changed.
func (s *Segmentation) Place(f *vipcare.Figures) (Placement, error) {
	if err := s.checkCurrency(f); err != nil {
		return Placement{}, err
	}
	p := Placement{s: s}
	at := 0
	for k := range s.dims {
		d := &s.dims[k]
		b := d.band(f)
		p.bands[k] = b
		at += int(b) * d.stride
	}
	switch {
	case s.table == nil: // the zero Segmentation
		return p, nil
	case s.lookup != nil:
		p.seg = s.lookup[at]
		return p, nil
	}
	c := s.pool.Get().(*cell)
	c.bands = p.bands
	h, ok, err := s.table.Decide(c)
	s.pool.Put(c)
	if err != nil {
		var ps policy.Problems
		ps.Add("/matrix", "", err)
		return p, ps
	}
	if ok {
		p.seg = s.rowSeg[h.Row] + 1
	}
	return p, nil
}

// Classes returns the declared segment names, in report order. The result
// is a new slice each call.
func (s *Segmentation) Classes() []string { return slices.Clone(s.segments) }

// Classify returns the index of f's segment in [Segmentation.Classes], or
// -1 when no row of the matrix matched. It does not allocate unless it
// fails.
func (s *Segmentation) Classify(f *vipcare.Figures) (int, error) {
	p, err := s.Place(f)
	if err != nil {
		return -1, err
	}
	return int(p.seg) - 1, nil
}

// PlacementExplanation says why a client got its segment: its band in
// every dimension, with the band's range, and how the matrix decided.
// Thresholds are policy and always shown; the client's own scores only
// when asked for.
type PlacementExplanation struct {
	// Segment is the client's segment, "" when no row matched.
	Segment    string                 `json:"segment"`
	Dimensions []DimensionExplanation `json:"dimensions"`
	// Matrix explains every row of the segment matrix.
	Matrix policy.TableExplanation `json:"matrix"`
}

// DimensionExplanation says which band of one dimension a client is in.
type DimensionExplanation struct {
	// Name is the dimension's name.
	Name string `json:"name"`
	// Band is the client's band, "" when the score is below every band.
	Band string `json:"band"`
	// Range is the band's range of scores, e.g. "at or above 500,000 and
	// below 2,000,000", or "below 500,000" when the client is in no band.
	Range string `json:"range"`
	// Score is the client's score, set only with
	// policy.ExplainOptions.Values, never for a discreet client. It is
	// client data.
	Score string `json:"score,omitempty"`
}

// Explain places f as [Segmentation.Place] does and says why. The
// client's scores appear only when o.Values is true, and never a discreet
// client's (vipcare.Preferences.Discreet). It fails as Place does; on an overlap under Unique it returns the explanation, whose
// Matrix.Decided holds both rows, with the error. Unlike Place it
// allocates.
func (s *Segmentation) Explain(f *vipcare.Figures, o policy.ExplainOptions) (PlacementExplanation, error) {
	if err := s.checkCurrency(f); err != nil {
		return PlacementExplanation{}, err
	}
	o.Values = discreet.Values(o.Values, f)
	c := new(cell)
	e := PlacementExplanation{Dimensions: make([]DimensionExplanation, len(s.dims))}
	for k := range s.dims {
		d := &s.dims[k]
		b := d.band(f)
		c.bands[k] = b
		e.Dimensions[k] = DimensionExplanation{Name: d.name, Band: d.bandName(b), Range: d.rangeText(b)}
		if o.Values {
			e.Dimensions[k].Score = d.scoreText(f)
		}
	}
	if s.table == nil {
		return e, nil
	}
	e.Matrix = s.table.Explain(c, o)
	if s.lookup != nil { // decided in advance, as Place reads it
		if at := s.at(&c.bands); s.lookup[at] > 0 {
			e.Segment = s.segments[s.lookup[at]-1]
		}
		return e, nil
	}
	h, ok, err := s.table.Decide(c)
	if err != nil {
		var ps policy.Problems
		ps.Add("/matrix", "", err)
		return e, ps
	}
	if ok {
		e.Segment = h.Output
	}
	return e, nil
}

// String returns the explanation as text: the segment, one line per
// dimension, then the matrix's explanation indented, for example
//
//	segment: grow
//	value: mid, at or above 500,000 and below 2,000,000
//	potential: high, at or above 4,000,000
//	depth: shallow, at or above 0 and below 2
//	matrix:
//	  hit policy unique
//	  ...
//
// With scores, a dimension's line reads "value: mid, score 1,200,000, at or
// above ...".
func (e PlacementExplanation) String() string {
	var b strings.Builder
	seg := e.Segment
	if seg == "" {
		seg = "none (no row matched)"
	}
	b.WriteString("segment: " + seg + "\n")
	for _, d := range e.Dimensions {
		band := d.Band
		if band == "" {
			band = "no band"
		}
		b.WriteString(d.Name + ": " + band)
		if d.Score != "" {
			b.WriteString(", score " + d.Score)
		}
		if d.Range != "" {
			b.WriteString(", " + d.Range)
		}
		b.WriteByte('\n')
	}
	if len(e.Matrix.Rows) > 0 {
		b.WriteString("matrix:\n")
		for _, line := range strings.Split(e.Matrix.String(), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
