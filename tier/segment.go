package tier

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	ierrs "github.com/vipcare/vipcare/internal/errs"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Limits of a segmentation. They keep a client's placement a small value
// that is computed without allocating.
const (
	// MaxDimensions is the largest number of dimensions a segmentation may
	// have. Segmentations in practice use two to four.
	MaxDimensions = 8
	// MaxBands is the largest number of bands one dimension may have.
	MaxBands = 32
)

// Sentinel errors of [NewSegmentation], besides [ErrEmpty], [ErrName],
// [ErrDuplicateName], [ErrThreshold] and [ErrCurrency], which it shares with
// [NewLadder].
var (
	// ErrOverlappingBands: a band's threshold is not above the one of the
	// band beneath it, so the two bands overlap.
	ErrOverlappingBands = errors.New("overlapping bands")
	// ErrUnknownSegment: a matrix row yields a segment the segmentation
	// does not declare.
	ErrUnknownSegment = errors.New("unknown segment")
)

// Dimension is one axis of a segmentation: a score computed from a client's
// figures, cut into bands. Value (AUM at the bank), potential (declared
// off-bank wealth, business ownership), relationship depth, or any scored
// dimension such as a needs score plug in the same way.
type Dimension struct {
	// Name names the dimension in the matrix's conditions and in
	// placements. It must be a valid policy field name: lower-case ASCII
	// letters, digits, '_' and '.', starting with a letter.
	Name string `json:"name"`
	// Doc describes the dimension in one line, for people writing the
	// matrix.
	Doc string `json:"doc,omitempty"`
	// Scale is the number of decimal places of the score, 0 to 18: 4 for
	// amounts (vipcare.AmountScale), 6 for shares, 0 for counts.
	Scale int `json:"scale"`
	// Score returns the client's score as an integer count of 10^-Scale
	// units: a dimension on AUM with Scale 4 returns int64(f.AUM). It must
	// be deterministic and safe for concurrent use, must not change f, and
	// should not allocate.
	Score func(f *vipcare.Figures) int64 `json:"-"`
	// Bands cut the score, from the lowest to the highest, with strictly
	// ascending thresholds. A score below the lowest band's From is in no
	// band.
	Bands []Band `json:"bands"`
}

// Band is a range of a dimension's score: from From (inclusive) up to the
// next band's From (exclusive), or without bound for the highest band.
type Band struct {
	// Name names the band in the matrix's conditions, e.g. "high".
	Name string `json:"name"`
	// From is the lowest score in the band, with at most the dimension's
	// Scale decimal places.
	From decimal.Decimal `json:"from"`
}

// SegmentationSpec describes a multi-dimensional segmentation: dimensions
// with bands, and a segment matrix, a decision table from the bands to a
// segment. It is plain data: build one, or copy [ReferenceSegmentation] and
// change it, then compile it with [NewSegmentation].
//
// In the matrix each dimension is an enum field named after the dimension,
// whose values are its band names in ascending order, so a row reads
//
//	policy.All(policy.Field("value").EQ("mid"), policy.Field("potential").In("low", "mid"))
//
// and ordering comparisons follow the bands: policy.Field("value").GE("mid").
// A client in no band of a dimension (a score below its lowest band) has
// the empty value: it equals no band name and satisfies no ordering
// comparison.
type SegmentationSpec struct {
	// Currency, if set, is the currency of the dimensions' amounts:
	// clients must be measured in it (vipcare.Valuation.Currency), or
	// placing them fails with [ErrCurrency]. Leave it empty only when no
	// dimension reads an amount.
	Currency vipcare.Currency `json:"currency,omitempty"`
	// Dimensions are the axes, at least one and at most [MaxDimensions],
	// with distinct names.
	Dimensions []Dimension `json:"dimensions"`
	// Hit is the matrix's hit policy: policy.Unique (the zero value means
	// Unique), policy.First or policy.Priority.
	Hit policy.HitPolicy `json:"hit_policy,omitempty"`
	// Matrix is the segment matrix: rows whose conditions are over the
	// dimensions' bands and whose Then is a segment name.
	Matrix []policy.Row[string] `json:"matrix"`
	// Segments declares the segment names, in report order. Every row's
	// Then must be one of them.
	Segments []string `json:"segments"`
}

// ReferenceSegmentation returns a segmentation to copy and change: value
// (AUM at the bank) by potential (wealth the bank does not yet hold), with
// relationship depth alongside, into four segments that say where RM time
// goes. It is a new value each call. Its currency is CNY.
//
// The dimensions:
//
//   - "value": AUM at the bank, in CNY (Scale 4). Bands "low" from 0, "mid"
//     from 500,000, "high" from 2,000,000 (the reference ladder's platinum
//     and diamond entries).
//   - "potential": declared off-bank wealth in CNY, plus 1,000,000 for a
//     business owner (Profile.Entrepreneur, or a linked company the client
//     owns or holds shares in). Bands "low" from 0, "mid" from 2,000,000,
//     "high" from 4,000,000. Affluent clients hold much of their wealth
//     outside the bank, in real estate and in their own businesses, and
//     most are entrepreneurs who like their personal and corporate banking
//     joined up: that is wealth the bank can win. The boost is a head
//     start, not a band of its own: about 69% of affluent clients are
//     entrepreneurs, and a boost that lifted them all a band would put most
//     of the book back in one bucket. On the sample book the bands give
//     about 62% "serve digitally", 26% "develop", 5% "grow" and 7%
//     "maintain".
//   - "depth": relationship depth, the number of asset classes the client
//     holds at the bank (Scale 0). Bands "shallow" from 0, "moderate" from
//     2, "deep" from 4.
//
// The segments, in report order, and the matrix (hit policy Unique; every
// value × potential cell is covered by exactly one row):
//
//	                 potential low     potential mid     potential high
//	value high       maintain          maintain          maintain
//	value mid        develop           develop           grow
//	value low        serve digitally   develop           grow
//
// RM time goes where value or potential is high. "maintain": high-value
// clients get proactive coverage to keep what the bank already holds.
// "grow": high potential, whatever the value, is a key target: an RM works
// to bring the off-bank wealth in. "develop": middling value or potential,
// contacted on a lighter cadence to deepen the relationship. "serve
// digitally": low value and low potential, served through digital and
// branch channels rather than a named RM, which frees RM capacity for the
// others.
//
// The reference matrix does not use depth: it is in every placement and
// explanation for strategies to read, and a bank that wants, say, deep
// low-value clients developed rather than served digitally adds the
// condition to its rows, e.g. policy.Field("depth").EQ("deep").
func ReferenceSegmentation() SegmentationSpec {
	cny := func(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
	value, potential := policy.Field("value"), policy.Field("potential")
	return SegmentationSpec{
		Currency: vipcare.CNY,
		Dimensions: []Dimension{
			{
				Name: "value", Doc: "AUM at the bank, CNY", Scale: vipcare.AmountScale,
				Score: referenceValue,
				Bands: []Band{{"low", cny(0)}, {"mid", cny(500_000)}, {"high", cny(2_000_000)}},
			},
			{
				Name: "potential", Doc: "declared off-bank wealth, CNY, plus 1,000,000 for a business owner",
				Scale: vipcare.AmountScale, Score: referencePotential,
				Bands: []Band{{"low", cny(0)}, {"mid", cny(2_000_000)}, {"high", cny(4_000_000)}},
			},
			{
				Name: "depth", Doc: "number of asset classes held at the bank", Scale: 0,
				Score: referenceDepth,
				Bands: []Band{{"shallow", cny(0)}, {"moderate", cny(2)}, {"deep", cny(4)}},
			},
		},
		Hit: policy.Unique,
		Matrix: []policy.Row[string]{
			{Name: "high value", When: value.EQ("high"), Then: "maintain"},
			{Name: "high potential", When: policy.All(value.In("low", "mid"), potential.EQ("high")), Then: "grow"},
			{Name: "mid value", When: policy.All(value.EQ("mid"), potential.In("low", "mid")), Then: "develop"},
			{Name: "low value, mid potential", When: policy.All(value.EQ("low"), potential.EQ("mid")), Then: "develop"},
			{Name: "low value, low potential", When: policy.All(value.EQ("low"), potential.EQ("low")), Then: "serve digitally"},
		},
		Segments: []string{"serve digitally", "develop", "grow", "maintain"},
	}
}

// businessBoost is what the reference "potential" dimension adds for a
// business owner: 1,000,000 in ten-thousandths.
const businessBoost = 1_000_000 * 10_000

func referenceValue(f *vipcare.Figures) int64 { return int64(f.AUM) }

func referencePotential(f *vipcare.Figures) int64 {
	v := int64(f.OffBank)
	if p := f.Profile; p != nil && isBusinessOwner(p) && v <= math.MaxInt64-businessBoost {
		v += businessBoost
	}
	return v
}

func isBusinessOwner(p *vipcare.Profile) bool {
	if p.Entrepreneur {
		return true
	}
	for i := range p.Corporates {
		if r := p.Corporates[i].Role; r == vipcare.RoleOwner || r == vipcare.RoleShareholder {
			return true
		}
	}
	return false
}

func referenceDepth(f *vipcare.Figures) int64 { return int64(f.ClassesAtBank()) }

// Segmentation is a compiled multi-dimensional segmentation. It is
// immutable and safe for concurrent use. It is a [Classifier] whose classes
// are the segments. Use it through the pointer [NewSegmentation] returns; it
// must not be copied. The zero Segmentation has no dimensions and places
// every client in no segment.
type Segmentation struct {
	currency vipcare.Currency
	dims     []segDim
	segments []string
	table    *policy.Table[segCell, string]
	rowSeg   []int16 // by matrix row: the index of its segment

	// lookup holds the matrix's answer for every combination of bands,
	// when there are at most maxLookup of them: 0 no row, s+1 segment s,
	// -(k+1) overlaps[k]. When lookup is nil, the table is evaluated on a
	// pooled subject instead.
	lookup   []int16
	overlaps []policy.OverlapError
	pool     sync.Pool // of *segCell
}

// maxLookup bounds the band combinations a segmentation precomputes.
const maxLookup = 4096

// segDim is a compiled dimension.
type segDim struct {
	name   string
	scale  int
	score  func(*vipcare.Figures) int64
	names  []string // band names, lowest first
	from   []int64  // band thresholds at scale
	stride int      // of the band index in the lookup
}

// segCell is the subject of the matrix: a band index + 1 per dimension,
// 0 for no band.
type segCell struct{ bands [MaxDimensions]uint8 }

// band returns the index + 1 of the highest band whose threshold v meets,
// 0 if none.
func (d *segDim) band(v int64) uint8 {
	lo, hi := 0, len(d.from)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.from[m] <= v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return uint8(lo)
}

func (d *segDim) bandName(b uint8) string {
	if b == 0 {
		return ""
	}
	return d.names[b-1]
}

// rangeText says which scores band b holds, e.g. "at or above 500,000 and
// below 2,000,000"; for no band, "below" the lowest threshold.
func (d *segDim) rangeText(b uint8) string {
	if b == 0 {
		return "below " + num.Format(d.from[0], d.scale, true)
	}
	s := "at or above " + num.Format(d.from[b-1], d.scale, true)
	if int(b) < len(d.from) {
		s += " and below " + num.Format(d.from[b], d.scale, true)
	}
	return s
}

// NewSegmentation compiles spec. It reports every problem at once, as an
// errors.Join of [*Error] values:
//
//   - no dimensions or more than [MaxDimensions] ([ErrEmpty], [ErrTooMany]);
//   - a dimension name that is not a valid policy field name ([ErrName]) or
//     is repeated ([ErrDuplicateName]);
//   - a nil Score ([ErrEmpty]); a Scale outside 0 to 18 (policy.ErrScale);
//   - no bands or more than [MaxBands] ([ErrEmpty], [ErrTooMany]); a band
//     name empty ([ErrName]) or repeated within its dimension
//     ([ErrDuplicateName]);
//   - a threshold with more decimal places than the Scale, or out of range
//     ([ErrThreshold]); thresholds not strictly ascending
//     ([ErrOverlappingBands]);
//   - no segments ([ErrEmpty]), a segment name empty or repeated ([ErrName],
//     [ErrDuplicateName]), a row whose Then is not a declared segment
//     ([ErrUnknownSegment]);
//   - a hit policy other than Unique, First or Priority (policy.ErrHitPolicy);
//   - a malformed currency ([ErrCurrency]);
//   - every problem of the matrix as policy.NewTable reports it (unknown
//     field, a band name that is not one of the dimension's, ...), each in
//     an *Error with Path "matrix". The matrix is compiled only when the
//     dimensions' names and bands are well formed, since they define its
//     fields.
//
// spec is not changed and not retained.
func NewSegmentation(spec SegmentationSpec) (*Segmentation, error) {
	var errs []error
	fail := func(path, name string, err error) {
		errs = append(errs, &Error{Path: path, Name: name, Err: err})
	}
	if spec.Currency != "" && !spec.Currency.IsValid() {
		fail("currency", string(spec.Currency), ErrCurrency)
	}
	fieldsOK := true // the dimensions can define the matrix's fields
	switch n := len(spec.Dimensions); {
	case n == 0:
		fail("dimensions", "", ErrEmpty)
		fieldsOK = false
	case n > MaxDimensions:
		fail("dimensions", "", ErrTooMany)
		fieldsOK = false
	}
	s := &Segmentation{currency: spec.Currency}
	dimNames := map[string]bool{}
	for i, d := range spec.Dimensions {
		path := "dimensions[" + strconv.Itoa(i) + "]"
		switch {
		case !validFieldName(d.Name):
			fail(path+".name", d.Name, ErrName)
			fieldsOK = false
		case dimNames[d.Name]:
			fail(path+".name", d.Name, ErrDuplicateName)
			fieldsOK = false
		}
		dimNames[d.Name] = true
		if d.Score == nil {
			fail(path+".score", d.Name, ErrEmpty)
		}
		scaleOK := d.Scale >= 0 && d.Scale <= num.MaxScale
		if !scaleOK {
			fail(path+".scale", d.Name, policy.ErrScale)
		}
		switch n := len(d.Bands); {
		case n == 0:
			fail(path+".bands", d.Name, ErrEmpty)
			fieldsOK = false
		case n > MaxBands:
			fail(path+".bands", d.Name, ErrTooMany)
			fieldsOK = false
		}
		sd := segDim{name: d.Name, scale: d.Scale, score: d.Score,
			names: make([]string, len(d.Bands)), from: make([]int64, len(d.Bands))}
		prevOK := false
		for j, b := range d.Bands {
			bp := path + ".bands[" + strconv.Itoa(j) + "]"
			switch {
			case b.Name == "":
				fail(bp+".name", "", ErrName)
				fieldsOK = false
			case slices.Contains(sd.names[:j], b.Name):
				fail(bp+".name", b.Name, ErrDuplicateName)
				fieldsOK = false
			}
			sd.names[j] = b.Name
			if !scaleOK {
				continue
			}
			v, ok := num.FromDecimal(b.From, d.Scale, math.MaxInt64)
			switch {
			case !ok:
				fail(bp+".from", b.Name, ErrThreshold)
			case j > 0 && prevOK && v <= sd.from[j-1]:
				fail(bp+".from", b.Name, ErrOverlappingBands)
			}
			sd.from[j], prevOK = v, ok
		}
		s.dims = append(s.dims, sd)
	}

	if len(spec.Segments) == 0 {
		fail("segments", "", ErrEmpty)
	}
	for i, name := range spec.Segments {
		path := "segments[" + strconv.Itoa(i) + "]"
		switch {
		case name == "":
			fail(path, "", ErrName)
		case slices.Contains(spec.Segments[:i], name):
			fail(path, name, ErrDuplicateName)
		}
	}
	s.segments = append([]string(nil), spec.Segments...)
	s.rowSeg = make([]int16, len(spec.Matrix))
	for i, r := range spec.Matrix {
		k := slices.Index(spec.Segments, r.Then)
		if k < 0 {
			fail("matrix["+strconv.Itoa(i)+"].then", r.Then, ErrUnknownSegment)
		}
		s.rowSeg[i] = int16(k)
	}

	hit := spec.Hit
	switch hit {
	case 0:
		hit = policy.Unique
	case policy.Unique, policy.First, policy.Priority:
	default:
		fail("hit_policy", hit.String(), policy.ErrHitPolicy)
		hit = policy.Unique // still check the rows
	}
	if fieldsOK {
		table, err := compileMatrix(s.dims, spec.Dimensions, hit, spec.Matrix)
		if err != nil {
			for _, e := range ierrs.Unjoin(err) {
				fail("matrix", "", e)
			}
		}
		s.table = table
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s.precompute()
	// Every band combination a client can fall in was decided above: rows
	// that overlap under Unique are a configuration error, reported now
	// rather than for the first client who falls in the overlap.
	seen := map[[2]int]bool{}
	for _, o := range s.overlaps {
		if k := [2]int{o.First, o.Second}; !seen[k] {
			seen[k] = true
			o := o
			errs = append(errs, &Error{Path: "matrix", Err: &o})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s.pool.New = func() any { return new(segCell) }
	return s, nil
}

// MustSegmentation is like [NewSegmentation] but panics on error.
func MustSegmentation(spec SegmentationSpec) *Segmentation {
	s, err := NewSegmentation(spec)
	if err != nil {
		panic(err)
	}
	return s
}

// compileMatrix builds the matrix's schema, one enum field per dimension,
// and compiles the rows against it.
func compileMatrix(dims []segDim, specs []Dimension, hit policy.HitPolicy, rows []policy.Row[string]) (*policy.Table[segCell, string], error) {
	fields := make([]policy.FieldSpec[segCell], len(dims))
	for k := range dims {
		k, names := k, dims[k].names
		get := func(c *segCell) string {
			if b := c.bands[k]; b != 0 {
				return names[b-1]
			}
			return ""
		}
		fields[k] = policy.Enum(dims[k].name, names, get).WithDoc(specs[k].Doc)
	}
	schema, err := policy.NewSchema(fields...)
	if err != nil {
		return nil, err
	}
	return policy.NewTable(schema, hit, rows...)
}

// precompute fills the lookup when the band combinations are few enough.
func (s *Segmentation) precompute() {
	n := 1
	for k := range s.dims {
		s.dims[k].stride = n
		n *= len(s.dims[k].names) + 1
		if n > maxLookup {
			return
		}
	}
	s.lookup = make([]int16, n)
	var c segCell
	for i := range s.lookup {
		for k := range s.dims {
			c.bands[k] = uint8(i / s.dims[k].stride % (len(s.dims[k].names) + 1))
		}
		h, ok, err := s.table.Decide(&c)
		var o *policy.OverlapError
		switch {
		case errors.As(err, &o):
			s.overlaps = append(s.overlaps, *o)
			s.lookup[i] = -int16(len(s.overlaps))
		case ok:
			s.lookup[i] = s.rowSeg[h.Row] + 1
		}
	}
}

// Placement is where a client falls in a segmentation: its band in each
// dimension and its segment. It is a small comparable value. The zero
// Placement has no segment and no bands.
type Placement struct {
	s     *Segmentation
	seg   int16                // segment index + 1; 0 for none
	bands [MaxDimensions]uint8 // band index + 1 by dimension; 0 for none
}

// Segment returns the client's segment, or "" when no row of the matrix
// matched.
func (p Placement) Segment() string {
	if p.seg == 0 {
		return ""
	}
	return p.s.segments[p.seg-1]
}

// Band returns the client's band in the named dimension, or "" when the
// client is in no band of it or there is no such dimension.
func (p Placement) Band(dimension string) string {
	if p.s == nil {
		return ""
	}
	for k := range p.s.dims {
		if p.s.dims[k].name == dimension {
			return p.s.dims[k].bandName(p.bands[k])
		}
	}
	return ""
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

// Segment places the client whose figures are f: it scores every
// dimension, finds the band of each score, and decides the matrix. It does
// not allocate unless it fails. It fails when f is in another currency than
// the segmentation's ([ErrCurrency]), and under the Unique hit policy when
// two rows match (a *policy.OverlapError, with a placement that has the
// client's bands and no segment). f is not changed.
func (s *Segmentation) Segment(f *vipcare.Figures) (Placement, error) {
	if s.currency != "" && f.Currency != s.currency {
		return Placement{}, &Error{Path: "figures.currency", Err: ErrCurrency}
	}
	p := Placement{s: s}
	at := 0
	for k := range s.dims {
		d := &s.dims[k]
		b := d.band(d.score(f))
		p.bands[k] = b
		at += int(b) * d.stride
	}
	switch {
	case s.table == nil: // the zero Segmentation
		return p, nil
	case s.lookup != nil:
		v := s.lookup[at]
		if v < 0 {
			o := s.overlaps[-v-1]
			return p, &o
		}
		p.seg = v
		return p, nil
	}
	c := s.pool.Get().(*segCell)
	c.bands = p.bands
	h, ok, err := s.table.Decide(c)
	s.pool.Put(c)
	if err != nil {
		return p, err
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
	p, err := s.Segment(f)
	if err != nil {
		return -1, err
	}
	return int(p.seg) - 1, nil
}

// SegmentExplanation says why a client got its segment: its band in every
// dimension, with the band's range, and how the matrix decided. Thresholds
// are policy and always shown; the client's own scores only when asked for.
type SegmentExplanation struct {
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
	// policy.ExplainOptions.Values. It is client data.
	Score string `json:"score,omitempty"`
}

// Explain places f as [Segmentation.Segment] does and says why. The
// client's scores appear only when o.Values is true. It fails as Segment
// does; on an overlap under Unique it returns the explanation, whose
// Matrix.Decided holds both rows, with the *policy.OverlapError. Unlike
// Segment it allocates.
func (s *Segmentation) Explain(f *vipcare.Figures, o policy.ExplainOptions) (SegmentExplanation, error) {
	if s.currency != "" && f.Currency != s.currency {
		return SegmentExplanation{}, &Error{Path: "figures.currency", Err: ErrCurrency}
	}
	c := new(segCell)
	e := SegmentExplanation{Dimensions: make([]DimensionExplanation, len(s.dims))}
	for k := range s.dims {
		d := &s.dims[k]
		v := d.score(f)
		b := d.band(v)
		c.bands[k] = b
		e.Dimensions[k] = DimensionExplanation{Name: d.name, Band: d.bandName(b), Range: d.rangeText(b)}
		if o.Values {
			e.Dimensions[k].Score = num.Format(v, d.scale, true)
		}
	}
	if s.table == nil {
		return e, nil
	}
	e.Matrix = s.table.Explain(c, o)
	h, ok, err := s.table.Decide(c)
	if err != nil {
		return e, err
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
func (e SegmentExplanation) String() string {
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

// validFieldName reports whether name is a valid policy field name, asking
// package policy itself.
func validFieldName(name string) bool {
	_, err := policy.NewSchema(policy.Int(name, func(*segCell) int64 { return 0 }))
	return err == nil
}
