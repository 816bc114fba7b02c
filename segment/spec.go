package segment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Limits of a segmentation. They keep a client's placement a small value
// that is computed without allocating.
const (
	maxDimensions = 8    // dimensions of a segmentation; two to four in practice
	maxBands      = 32   // bands of one dimension
	maxSegments   = 1024 // segments of a segmentation
)

// Dimension is one axis of a segmentation: a score, a field of the
// client's figures, cut into bands. Value (AUM at the bank), potential
// (declared off-bank wealth, business ownership), relationship depth, or
// any score a bank computes plug in the same way.
type Dimension struct {
	// Name names the dimension in the matrix's conditions and in
	// placements. It must be a valid policy field name: lower-case ASCII
	// letters, digits, '_' and '.', starting with a letter.
	Name string `json:"name"`
	// Doc describes the dimension in one line, for people writing the
	// matrix.
	Doc string `json:"doc,omitempty"`
	// Score names the decimal or int field of the environment's schema
	// that the dimension cuts into bands: "aum", "classes_at_bank",
	// "share.real_estate", or a score of the bank's own, which is a field
	// it gives vipcare.NewEnv. One more field is there for segmentations,
	// unless the environment has a field of that name:
	//
	//	potential   declared off-bank wealth, plus 1,000,000 for a business owner
	//	            (Profile.Entrepreneur, or a linked company the client owns
	//	            or holds shares in), in the reporting currency
	//
	// The score has the field's decimal places: 4 for amounts, 6 for
	// shares, 0 for counts.
	Score string `json:"score"`
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
	// From is the lowest score in the band, with at most the decimal
	// places of the dimension's score.
	From decimal.Decimal `json:"from"`
}

// Spec describes a multi-dimensional segmentation: dimensions with bands,
// and a segment matrix, a decision table from the bands to a segment. It
// is plain data: build one, or copy [Reference] and change it, then compile
// it with [Spec.Compile].
//
// In the matrix each dimension is an enum field named after the dimension,
// whose values are its band names in ascending order, so a row reads
//
//	policy.All(policy.Field("value").EQ("mid"), policy.Field("potential").In("low", "mid"))
//
// and ordering comparisons follow the bands: policy.Field("value").GE("mid").
type Spec struct {
	// Currency is the currency of the amounts the dimensions score; a
	// client's figures must be in it. Empty means any, and is refused
	// when a dimension scores an amount (a field of 4 decimal places); a
	// playbook compiles its segmentation in its own currency when the
	// document leaves this out.
	Currency vipcare.Currency `json:"currency,omitempty"`
	// Dimensions are the axes, at most 8.
	Dimensions []Dimension `json:"dimensions"`
	// HitPolicy is the matrix's hit policy: policy.Unique (the zero value means
	// Unique), policy.First or policy.Priority.
	HitPolicy policy.HitPolicy `json:"hit_policy,omitempty"`
	// Matrix is the segment matrix: rows whose conditions are over the
	// dimensions' bands and whose Then is a segment name.
	Matrix []policy.Row[string] `json:"matrix"`
	// Segments declares the segment names, in report order. Every row's
	// Then must be one of them.
	Segments []string `json:"segments"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *Spec) UnmarshalJSON(b []byte) error {
	type plain Spec
	return policy.Unmarshal(b, (*plain)(s))
}

// Compile compiles the segmentation in env (nil means the default
// environment), whose fields the dimensions score. It reports every
// problem at once as policy.Problems located in the spec's JSON form:
//
//   - "/currency": malformed (policy.ErrMalformed);
//   - "/dimensions": none or more than 8 (policy.ErrMissing,
//     policy.ErrTooMany); "/dimensions/i/name": not a valid field name
//     (policy.ErrMissing, policy.ErrMalformed) or repeated
//     (policy.ErrDuplicate); "/dimensions/i/score": missing
//     (policy.ErrMissing), not a field of the environment
//     (policy.ErrUnknown, with the decimal and int fields as choices), a
//     field the environment protects (policy.ErrProtected, see
//     vipcare.Env.Protect) or a field of another kind
//     (policy.ErrTypeMismatch);
//   - "/dimensions/i/bands": none or more than 32; "/dimensions/i/bands/j/name":
//     missing or repeated within the dimension; "/dimensions/i/bands/j/from":
//     more decimal places than the score or out of range
//     (policy.ErrOutOfRange), not above the band beneath (policy.ErrOrder);
//   - "/segments": none or more than 1,024 (policy.ErrMissing,
//     policy.ErrTooMany); "/segments/k": empty, repeated or "none", the
//     name of no segment (policy.ErrMissing, policy.ErrDuplicate);
//   - "/hit_policy": not Unique, First or Priority (policy.ErrUnknown);
//   - "/matrix/j/then": not a declared segment (policy.ErrUnknown, with the
//     segments as choices); "/matrix/j/when/...": every problem of the
//     row's condition, compiled once the dimensions are well formed since
//     they define its fields; "/matrix/j": under First, a row after one
//     with no condition, which never decides (policy.ErrUnreachable);
//     rows that overlap under Unique
//     for some combination of bands (policy.ErrOverlap), found by deciding
//     every combination a client can fall in, so that the overlap is a
//     configuration error now rather than a failure for the first client
//     who falls in it. Above 4,096 combinations they are not all decided
//     here: an overlap there is found by [Segmentation.Place], for the
//     first client in it.
//
// spec is not changed and not retained.
func (s Spec) Compile(env *vipcare.Env) (*Segmentation, error) {
	var ps policy.Problems
	fail := func(path, name string, err error, choices ...string) {
		ps = append(ps, policy.Problem{Path: path, Name: name, Err: err, Choices: slices.Clone(choices)})
	}
	if s.Currency != "" && !s.Currency.IsValid() {
		fail("/currency", string(s.Currency), policy.ErrMalformed)
	}
	fieldsOK := true // the dimensions can define the matrix's fields
	switch n := len(s.Dimensions); {
	case n == 0:
		fail("/dimensions", "", policy.ErrMissing)
		fieldsOK = false
	case n > maxDimensions:
		fail("/dimensions", "", policy.ErrTooMany)
		fieldsOK = false
	}
	seg := &Segmentation{currency: s.Currency}
	scores := newScores(env)
	amount := "" // a dimension that scores an amount, which needs a currency
	for i, d := range s.Dimensions {
		sd, ok := scores.compile(d, "/dimensions/"+strconv.Itoa(i), &ps)
		fieldsOK = fieldsOK && ok
		seg.dims = append(seg.dims, sd)
		if amount == "" && sd.score != nil && sd.scale == vipcare.AmountScale { // a decimal field of an amount's places
			amount = d.Name
		}
	}
	if s.Currency == "" && amount != "" { // its bands would read any currency's amounts alike
		fail("/currency", amount, policy.ErrMissing)
	}
	switch {
	case len(s.Segments) == 0:
		fail("/segments", "", policy.ErrMissing)
	case len(s.Segments) > maxSegments:
		fail("/segments", "", policy.ErrTooMany)
	}
	for i, name := range s.Segments {
		switch path := "/segments/" + strconv.Itoa(i); {
		case strings.TrimSpace(name) == "": // a name no one can read
			fail(path, "", policy.ErrMissing)
		case slices.Contains(s.Segments[:i], name):
			fail(path, name, policy.ErrDuplicate)
		case name == "none": // no segment's name, in strategy rules and in text
			fail(path, name, errNoSegmentName)
		}
	}
	seg.segments = slices.Clone(s.Segments)
	seg.rowSeg = make([]int16, len(s.Matrix))
	for i, r := range s.Matrix {
		k := slices.Index(s.Segments, r.Then)
		if k < 0 {
			fail("/matrix/"+strconv.Itoa(i)+"/then", r.Then, policy.ErrUnknown, s.Segments...)
		}
		seg.rowSeg[i] = int16(k)
	}
	hit := s.HitPolicy
	switch hit {
	case "":
		hit = policy.Unique
	case policy.Unique, policy.First, policy.Priority:
	default:
		fail("/hit_policy", string(hit), policy.ErrUnknown, string(policy.Unique), string(policy.First), string(policy.Priority))
		hit = policy.Unique // still check the rows
	}
	if fieldsOK {
		table, err := compileMatrix(seg.dims, s.Dimensions, hit, s.Matrix, &ps)
		ps.Add("/matrix", "", err)
		seg.table = table
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	seg.precompute(&ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return seg, nil
}

// scores are the fields dimensions may score: the environment's, and
// potential unless the environment has a field of that name.
type scores struct {
	schema *policy.Schema[vipcare.Figures]
	fields map[string]policy.FieldInfo // every field, by name
	names  []string                    // the decimal and int fields, in the schema's order
}

func newScores(env *vipcare.Env) scores {
	schema := env.Schema()
	if s, err := schema.With(potentialField()); err == nil {
		schema = s // else the environment has its own potential
	}
	sc := scores{schema: schema, fields: map[string]policy.FieldInfo{}}
	for _, f := range schema.Fields() {
		sc.fields[f.Name] = f
		if f.Kind == "decimal" || f.Kind == "int" {
			sc.names = append(sc.names, f.Name)
		}
	}
	return sc
}

// compile checks dimension d, at path, and returns it compiled, and
// whether its name and bands can define a matrix field.
func (sc scores) compile(d Dimension, path string, ps *policy.Problems) (dim, bool) {
	fail := func(p, name string, err error, choices ...string) {
		*ps = append(*ps, policy.Problem{Path: path + p, Name: name, Err: err, Choices: slices.Clone(choices)})
	}
	ok := true
	field, found := sc.fields[d.Score]
	scoreOK := found && (field.Kind == "decimal" || field.Kind == "int") && !field.Protected
	switch {
	case d.Score == "":
		fail("/score", d.Name, policy.ErrMissing)
	case !found:
		fail("/score", d.Score, policy.ErrUnknown, sc.names...)
	case field.Protected:
		fail("/score", d.Score, policy.ErrProtected)
	case !scoreOK:
		fail("/score", d.Score, policy.ErrTypeMismatch)
	}
	switch n := len(d.Bands); {
	case n == 0:
		fail("/bands", d.Name, policy.ErrMissing)
		ok = false
	case n > maxBands:
		fail("/bands", d.Name, policy.ErrTooMany)
		ok = false
	}
	sd := dim{name: d.Name, scale: field.Scale, names: make([]string, len(d.Bands)), from: make([]int64, len(d.Bands))}
	if scoreOK {
		sd.score, _ = sc.schema.Number(d.Score) // a decimal or int field: found
	}
	prevOK := false
	for j, b := range d.Bands {
		bp := "/bands/" + strconv.Itoa(j)
		switch {
		case b.Name == "":
			fail(bp+"/name", "", policy.ErrMissing)
			ok = false
		case slices.Contains(sd.names[:j], b.Name):
			fail(bp+"/name", b.Name, policy.ErrDuplicate)
			ok = false
		}
		sd.names[j] = b.Name
		if !scoreOK {
			continue
		}
		v, vok := num.FromDecimal(b.From, field.Scale, math.MaxInt64)
		switch {
		case !vok:
			fail(bp+"/from", b.Name, policy.ErrOutOfRange)
		case j > 0 && prevOK && v <= sd.from[j-1]:
			fail(bp+"/from", b.Name, policy.ErrOrder)
		}
		sd.from[j], prevOK = v, vok
	}
	return sd, ok
}

// compileMatrix builds the matrix's schema, one enum field per dimension,
// and compiles the rows against it. Problems with a dimension's name come
// back from the schema at "/i" and are reported at the dimension's name.
func compileMatrix(dims []dim, specs []Dimension, hit policy.HitPolicy, rows []policy.Row[string], ps *policy.Problems) (*policy.Table[cell, string], error) {
	fields := make([]policy.FieldSpec[cell], len(dims))
	for k := range dims {
		names := dims[k].names
		get := func(c *cell) string {
			if b := c.bands[k]; b != 0 {
				return names[b-1]
			}
			return ""
		}
		fields[k] = policy.Enum(dims[k].name, names, get).WithDoc(specs[k].Doc)
	}
	schema, err := policy.NewSchema(fields...)
	if err != nil {
		var bad policy.Problems
		bad.Add("", "", err)
		for _, p := range bad {
			ps.Add("/dimensions"+p.Path+"/name", p.Name, p.Err)
		}
		return nil, nil
	}
	return policy.CompileTable(schema, hit, rows...)
}

// errNoSegmentName is the problem of a segment named as no segment is.
var errNoSegmentName = fmt.Errorf("%w: the name of no segment", policy.ErrDuplicate)
