package segment_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/segment"
)

// valuation is the valuation of every test client: CNY, as of 30 November
// 2026.
var valuation = testkit.Valuation(testkit.Day(2026, 11, 30))

// profile is a client with aum in deposits at the bank (if not empty) and
// off declared off-bank in real estate (if not empty).
func profile(aum, off string) vipcare.Profile {
	p := vipcare.Profile{ID: "S1"}
	if aum != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "D", Class: vipcare.Deposits, Amount: testkit.CNY(aum)})
	}
	if off != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
			Amount: testkit.CNY(off), OffBank: true})
	}
	return p
}

// figures computes p's figures under valuation.
func figures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	return testkit.Figures(t, p, valuation)
}

// reference is the reference segmentation, compiled.
func reference(t testing.TB) *segment.Segmentation {
	t.Helper()
	s, err := segment.Reference().Compile(nil)
	require.NoError(t, err)
	return s
}

// bands returns the band of each dimension of s that f falls in, by
// dimension name, as Explain reports them ("" for no band).
func bands(t testing.TB, s *segment.Segmentation, f *vipcare.Figures) map[string]string {
	t.Helper()
	e, err := s.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	out := map[string]string{}
	for _, d := range e.Dimensions {
		out[d.Name] = d.Band
	}
	return out
}

func TestPlaceReference(t *testing.T) {
	s := reference(t)
	entrepreneur := func(p *vipcare.Profile) { p.Entrepreneur = true }
	linked := func(role vipcare.CorporateRole) func(p *vipcare.Profile) {
		return func(p *vipcare.Profile) { p.Corporates = []vipcare.CorporateLink{{ID: "CO", Role: role}} }
	}
	tests := []struct {
		name      string
		aum, off  string
		edit      func(p *vipcare.Profile)
		value     string
		potential string
		want      string
	}{
		{"nothing at all", "", "", nil, "low", "low", "serve digitally"},
		{"low value, low potential, both just below", "499999.9999", "1999999.9999", nil, "low", "low", "serve digitally"},
		{"low value, mid potential at its entry", "100", "2000000", nil, "low", "mid", "develop"},
		{"low value, mid potential just below high", "499999.9999", "3999999.9999", nil, "low", "mid", "develop"},
		{"low value, high potential at its entry", "499999.9999", "4000000", nil, "low", "high", "grow"},
		{"mid value at its entry, low potential", "500000", "", nil, "mid", "low", "develop"},
		{"mid value, mid potential", "1999999.9999", "2000000", nil, "mid", "mid", "develop"},
		{"mid value, high potential", "500000", "4000000", nil, "mid", "high", "grow"},
		{"high value at its entry, low potential", "2000000", "", nil, "high", "low", "maintain"},
		{"high value, mid potential", "2000000", "2000000", nil, "high", "mid", "maintain"},
		{"high value, high potential", "90000000", "50000000", nil, "high", "high", "maintain"},
		{"off-bank wealth is potential, not value", "", "30000000", nil, "low", "high", "grow"},
		{"an entrepreneur alone is low potential", "", "", entrepreneur, "low", "low", "serve digitally"},
		{"an entrepreneur's head start reaches mid", "", "1000000", entrepreneur, "low", "mid", "develop"},
		{"an entrepreneur just below high potential", "", "2999999.9999", entrepreneur, "low", "mid", "develop"},
		{"an entrepreneur at high potential", "600000", "3000000", entrepreneur, "mid", "high", "grow"},
		{"owning a linked company counts as business ownership", "", "1000000", linked(vipcare.RoleOwner),
			"low", "mid", "develop"},
		{"a shareholding counts too", "", "1000000", linked(vipcare.RoleShareholder), "low", "mid", "develop"},
		{"a directorship is not ownership", "", "1000000", linked(vipcare.RoleDirector),
			"low", "low", "serve digitally"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile(tt.aum, tt.off)
			if tt.edit != nil {
				tt.edit(&p)
			}
			before := testkit.Clone(p)
			f := figures(t, &p)
			fBefore := *f
			pl, err := s.Place(f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Segment())
			got := bands(t, s, f)
			assert.Equal(t, tt.value, got["value"])
			assert.Equal(t, tt.potential, got["potential"])
			assert.True(t, strings.HasPrefix(pl.String(),
				tt.want+" (value "+tt.value+", potential "+tt.potential+", depth "), pl.String())

			again, err := s.Place(f)
			require.NoError(t, err)
			assert.Equal(t, pl, again, "same answer twice")
			assert.Equal(t, before, p, "profile unchanged")
			assert.Equal(t, fBefore, *f, "figures unchanged")

			i, err := s.Classify(f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.Classes()[i], "Classify agrees with Place")

			e, err := s.Explain(f, policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Segment, "Explain agrees with Place")
		})
	}
}

func TestPlaceReferenceDepth(t *testing.T) {
	s := reference(t)
	classes := []vipcare.AssetClass{vipcare.Deposits, vipcare.Funds, vipcare.Insurance,
		vipcare.WealthProducts, vipcare.FixedIncome}
	tests := []struct {
		name   string
		atBank int // classes held at the bank, from the list above
		off    bool
		want   string
	}{
		{"no holdings", 0, false, "shallow"},
		{"one class", 1, false, "shallow"},
		{"two classes", 2, false, "moderate"},
		{"three classes", 3, false, "moderate"},
		{"four classes", 4, false, "deep"},
		{"five classes", 5, false, "deep"},
		{"off-bank classes do not deepen the relationship", 1, true, "shallow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := vipcare.Profile{ID: "S"}
			for i, c := range classes[:tt.atBank] {
				p.Holdings = append(p.Holdings, vipcare.Holding{ID: fmt.Sprint("H", i), Class: c,
					Amount: testkit.CNY("10000")})
			}
			if tt.off {
				for i, c := range []vipcare.AssetClass{vipcare.RealEstate, vipcare.BusinessEquity, vipcare.Equities} {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: fmt.Sprint("O", i), Class: c,
						Amount: testkit.CNY("10000"), OffBank: true})
				}
			}
			f := figures(t, &p)
			pl, err := s.Place(f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, bands(t, s, f)["depth"])
			assert.True(t, strings.HasSuffix(pl.String(), ", depth "+tt.want+")"), pl.String())
		})
	}
}

// referenceCell is the reference matrix written out as a table, the naive
// reference the compiled segmentation is checked against.
func referenceCell(value, potential string) string {
	switch {
	case value == "high":
		return "maintain"
	case potential == "high":
		return "grow"
	case value == "mid" || potential == "mid":
		return "develop"
	}
	return "serve digitally"
}

// TestReferenceMatrixComplete enumerates every combination of bands of the
// reference dimensions and checks that exactly one matrix row matches it,
// and that the compiled segmentation yields the documented cell.
func TestReferenceMatrixComplete(t *testing.T) {
	spec := segment.Reference()
	require.Len(t, spec.Dimensions, 3)

	// The matrix alone, over a schema built here, under Collect: count the
	// rows that match each combination.
	type combo struct{ bands [3]string }
	var fields []policy.FieldSpec[combo]
	for k, d := range spec.Dimensions {
		var names []string
		for _, b := range d.Bands {
			names = append(names, b.Name)
		}
		fields = append(fields, policy.Enum(d.Name, names, func(c *combo) string { return c.bands[k] }))
	}
	collect := policy.Must(policy.CompileTable(policy.Must(policy.NewSchema(fields...)), policy.Collect, spec.Matrix...))

	// The compiled segmentation, with each dimension's score replaced by a
	// byte of the AUM, so that a band combination is a number.
	probe := segment.Reference()
	for k := range probe.Dimensions {
		probe.Dimensions[k].Score = fmt.Sprint("byte", k)
		for j := range probe.Dimensions[k].Bands {
			probe.Dimensions[k].Bands[j].From = decimal.NewFromInt(int64(j))
		}
	}
	seg := policy.Must(probe.Compile(bytesEnv(t, 3)))

	n := 0
	for vi, v := range spec.Dimensions[0].Bands {
		for pi, p := range spec.Dimensions[1].Bands {
			for di, d := range spec.Dimensions[2].Bands {
				name := v.Name + "/" + p.Name + "/" + d.Name
				hits := collect.Collect(nil, &combo{[3]string{v.Name, p.Name, d.Name}})
				if assert.Len(t, hits, 1, name) {
					assert.Equal(t, referenceCell(v.Name, p.Name), hits[0].Output, name)
				}
				f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(vi | pi<<8 | di<<16)}
				pl, err := seg.Place(&f)
				require.NoError(t, err, name)
				assert.Equal(t, referenceCell(v.Name, p.Name), pl.Segment(), name)
				assert.Equal(t, map[string]string{"value": v.Name, "potential": p.Name, "depth": d.Name},
					bands(t, seg, &f), name)
				n++
			}
		}
	}
	assert.Equal(t, 27, n)
}

func TestCompileProblems(t *testing.T) {
	segments := []string{"serve digitally", "develop", "grow", "maintain"}
	tests := []struct {
		name    string
		edit    func(s *segment.Spec)
		path    string
		label   string // the problem's Name
		err     error
		choices []string       // the problem's Choices
		more    []testkit.Want // further problems
	}{
		{"no dimensions", func(s *segment.Spec) { s.Dimensions = nil },
			"/dimensions", "", policy.ErrMissing, nil, nil},
		{"too many dimensions", func(s *segment.Spec) {
			for i := 0; len(s.Dimensions) <= 8; i++ {
				d := s.Dimensions[2]
				d.Name = fmt.Sprint("extra", i)
				s.Dimensions = append(s.Dimensions, d)
			}
		}, "/dimensions", "", policy.ErrTooMany, nil, nil},
		{"malformed dimension name", func(s *segment.Spec) { s.Dimensions[0].Name = "Value" },
			"/dimensions/0/name", "Value", policy.ErrMalformed, nil, nil},
		{"empty dimension name", func(s *segment.Spec) { s.Dimensions[1].Name = "" },
			"/dimensions/1/name", "", policy.ErrMissing, nil, nil},
		{"duplicate dimension name", func(s *segment.Spec) { s.Dimensions[2].Name = "value" },
			"/dimensions/2/name", "value", policy.ErrDuplicate, nil, nil},
		{"no score", func(s *segment.Spec) { s.Dimensions[1].Score = "" },
			"/dimensions/1/score", "potential", policy.ErrMissing, nil, nil},
		{"a score of another kind", func(s *segment.Spec) { s.Dimensions[2].Score = "entrepreneur" },
			"/dimensions/2/score", "entrepreneur", policy.ErrTypeMismatch, nil, nil},
		{"no bands", func(s *segment.Spec) { s.Dimensions[0].Bands = nil },
			"/dimensions/0/bands", "value", policy.ErrMissing, nil, nil},
		{"too many bands", func(s *segment.Spec) {
			var bands []segment.Band
			for i := 0; i <= 32; i++ {
				bands = append(bands, segment.Band{Name: fmt.Sprint("b", i), From: decimal.NewFromInt(int64(i))})
			}
			s.Dimensions[2].Bands = bands
		}, "/dimensions/2/bands", "depth", policy.ErrTooMany, nil, nil},
		{"empty band name", func(s *segment.Spec) { s.Dimensions[0].Bands[1].Name = "" },
			"/dimensions/0/bands/1/name", "", policy.ErrMissing, nil, nil},
		{"duplicate band name", func(s *segment.Spec) { s.Dimensions[0].Bands[2].Name = "low" },
			"/dimensions/0/bands/2/name", "low", policy.ErrDuplicate, nil, nil},
		{"equal thresholds are out of order", func(s *segment.Spec) {
			s.Dimensions[1].Bands[2].From = decimal.NewFromInt(2_000_000)
		}, "/dimensions/1/bands/2/from", "high", policy.ErrOrder, nil, nil},
		{"descending thresholds are out of order", func(s *segment.Spec) {
			s.Dimensions[0].Bands[1].From = decimal.NewFromInt(3_000_000)
		}, "/dimensions/0/bands/2/from", "high", policy.ErrOrder, nil, nil},
		{"threshold finer than the scale", func(s *segment.Spec) {
			s.Dimensions[0].Bands[1].From = testkit.Dec("500000.00001")
		}, "/dimensions/0/bands/1/from", "mid", policy.ErrOutOfRange, nil, nil},
		{"fractional threshold on a count", func(s *segment.Spec) {
			s.Dimensions[2].Bands[1].From = testkit.Dec("1.5")
		}, "/dimensions/2/bands/1/from", "moderate", policy.ErrOutOfRange, nil, nil},
		{"threshold out of range", func(s *segment.Spec) {
			s.Dimensions[0].Bands[2].From = testkit.Dec("1e40")
		}, "/dimensions/0/bands/2/from", "high", policy.ErrOutOfRange, nil, nil},
		{"unknown segment", func(s *segment.Spec) { s.Matrix[1].Then = "vip" },
			"/matrix/1/then", "vip", policy.ErrUnknown, segments, nil},
		{"no segments: each row's segment is unknown too", func(s *segment.Spec) { s.Segments = nil },
			"/segments", "", policy.ErrMissing, nil, []testkit.Want{
				{Path: "/matrix/0/then", Name: "maintain", Err: policy.ErrUnknown},
				{Path: "/matrix/1/then", Name: "grow", Err: policy.ErrUnknown},
				{Path: "/matrix/2/then", Name: "develop", Err: policy.ErrUnknown},
				{Path: "/matrix/3/then", Name: "develop", Err: policy.ErrUnknown},
				{Path: "/matrix/4/then", Name: "serve digitally", Err: policy.ErrUnknown},
			}},
		{"empty segment name", func(s *segment.Spec) { s.Segments = append(s.Segments, "") },
			"/segments/4", "", policy.ErrMissing, nil, nil},
		{"duplicate segment", func(s *segment.Spec) { s.Segments = append(s.Segments, "grow") },
			"/segments/4", "grow", policy.ErrDuplicate, nil, nil},
		{"a blank segment name", func(s *segment.Spec) { s.Segments = append(s.Segments, " ") },
			"/segments/4", "", policy.ErrMissing, nil, nil},
		{"the name of no segment", func(s *segment.Spec) { s.Segments = append(s.Segments, "none") },
			"/segments/4", "none", policy.ErrDuplicate, nil, nil},
		{"collect hit policy", func(s *segment.Spec) { s.HitPolicy = policy.Collect },
			"/hit_policy", "collect", policy.ErrUnknown, []string{"unique", "first", "priority"}, nil},
		{"malformed currency", func(s *segment.Spec) { s.Currency = "cny" },
			"/currency", "cny", policy.ErrMalformed, nil, nil},
		{"matrix names an unknown dimension", func(s *segment.Spec) {
			s.Matrix[0].When = policy.Field("valeu").EQ("high")
		}, "/matrix/0/when/field", "valeu", policy.ErrUnknown, []string{"value", "potential", "depth"}, nil},
		{"matrix names an unknown dimension in a nested condition", func(s *segment.Spec) {
			s.Matrix[3].When = policy.All(policy.Field("value").EQ("low"), policy.Field("depht").EQ("deep"))
		}, "/matrix/3/when/all/1/field", "depht", policy.ErrUnknown, []string{"value", "potential", "depth"}, nil},
		{"matrix names an unknown band", func(s *segment.Spec) {
			s.Matrix[2].When = policy.All(policy.Field("value").EQ("medium"), policy.Field("potential").In("low", "mid"))
		}, "/matrix/2/when/all/0/value", "medium", policy.ErrUnknown, []string{"low", "mid", "high"}, nil},
		{"empty matrix", func(s *segment.Spec) { s.Matrix = nil },
			"/matrix", "", policy.ErrMissing, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := segment.Reference()
			tt.edit(&spec)
			s, err := spec.Compile(nil)
			assert.Nil(t, s)
			want := append([]testkit.Want{{Path: tt.path, Name: tt.label, Err: tt.err}}, tt.more...)
			testkit.CheckProblems(t, err, want...)
			ps := testkit.Problems(t, err)
			assert.Equal(t, tt.choices, ps[0].Choices)
			for _, line := range strings.Split(err.Error(), "\n") {
				assert.True(t, strings.HasPrefix(line, "vipcare: /"), line)
			}
			assert.Panics(t, func() { policy.Must(spec.Compile(nil)) })
		})
	}
}

func TestCompileReportsEveryProblem(t *testing.T) {
	spec := segment.Reference()
	spec.Currency = "yuan"                                   // 1: malformed currency
	spec.Dimensions[0].Name = "Value"                        // 2: malformed name
	spec.Dimensions[1].Score = ""                            // 3: no score
	spec.Dimensions[2].Bands[2].From = decimal.NewFromInt(2) // 4: not above "moderate"
	spec.Matrix[4].Then = "digital"                          // 5: unknown segment
	_, err := spec.Compile(nil)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/currency", Name: "yuan", Err: policy.ErrMalformed},
		testkit.Want{Path: "/dimensions/1/score", Name: "potential", Err: policy.ErrMissing},
		testkit.Want{Path: "/dimensions/2/bands/2/from", Name: "deep", Err: policy.ErrOrder},
		testkit.Want{Path: "/matrix/4/then", Name: "digital", Err: policy.ErrUnknown},
		testkit.Want{Path: "/dimensions/0/name", Name: "Value", Err: policy.ErrMalformed},
	)
	assert.Contains(t, err.Error(),
		`vipcare: /matrix/4/then: "digital": unknown (want one of: serve digitally, develop, grow, maintain)`)
}

func TestCompileHitPolicies(t *testing.T) {
	tests := []struct {
		name string
		hit  policy.HitPolicy
		want policy.HitPolicy
	}{
		{"the zero hit policy means unique", "", policy.Unique},
		{"unique", policy.Unique, policy.Unique},
		{"first", policy.First, policy.First},
		{"priority", policy.Priority, policy.Priority},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := segment.Reference()
			spec.HitPolicy = tt.hit
			s, err := spec.Compile(nil)
			require.NoError(t, err)
			p := profile("600000", "")
			e, err := s.Explain(figures(t, &p), policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Matrix.HitPolicy)
			assert.Equal(t, "develop", e.Segment)
		})
	}
}

func TestCompileDoesNotChangeOrKeepSpec(t *testing.T) {
	spec := segment.Reference()
	segments := slices.Clone(spec.Segments)
	valueBands := slices.Clone(spec.Dimensions[0].Bands)
	rows := slices.Clone(spec.Matrix)
	s := policy.Must(spec.Compile(nil))
	assert.Equal(t, segments, spec.Segments)
	assert.Equal(t, valueBands, spec.Dimensions[0].Bands)
	assert.Equal(t, rows, spec.Matrix)

	// Changing the spec afterwards does not change the segmentation.
	spec.Segments[3] = "changed"
	spec.Dimensions[0].Bands[2].Name = "changed"
	spec.Dimensions[0].Name = "changed"
	spec.Matrix[0].Then = "changed"
	p := profile("3000000", "")
	f := figures(t, &p)
	pl, err := s.Place(f)
	require.NoError(t, err)
	assert.Equal(t, "maintain", pl.Segment())
	assert.Equal(t, "high", bands(t, s, f)["value"])
	assert.Equal(t, "maintain (value high, potential low, depth shallow)", pl.String())

	// Nor does changing what Classes returned.
	classes := s.Classes()
	classes[0] = "changed"
	assert.Equal(t, segments, s.Classes())
}

func TestPlacement(t *testing.T) {
	s := reference(t)
	p := profile("800000", "6000000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "F", Class: vipcare.Funds, Amount: testkit.CNY("10")})
	f := figures(t, &p)
	pl, err := s.Place(f)
	require.NoError(t, err)
	assert.Equal(t, "grow", pl.Segment())
	assert.Equal(t, map[string]string{"value": "mid", "potential": "high", "depth": "moderate"}, bands(t, s, f))
	assert.Equal(t, "grow (value mid, potential high, depth moderate)", pl.String())

	var zero segment.Placement
	assert.Equal(t, "", zero.Segment())
	assert.Equal(t, "none", zero.String())
}

// needsDimension is a custom dimension: a needs score, here the share of
// real estate in declared wealth.
var needsDimension = segment.Dimension{
	Name:  "needs.diversify",
	Doc:   "share of declared wealth in real estate",
	Score: "share.real_estate",
	Bands: []segment.Band{{Name: "none", From: decimal.Zero}, {Name: "strong", From: testkit.Dec("0.5")}},
}

func TestPlaceCustomDimension(t *testing.T) {
	spec := segment.Reference()
	spec.Dimensions = append(spec.Dimensions, needsDimension)
	spec.Segments = append(spec.Segments, "advise")
	spec.HitPolicy = policy.First
	spec.Matrix = append([]policy.Row[string]{{
		Name: "concentrated in property",
		When: policy.All(policy.Field("needs.diversify").EQ("strong"), policy.Field("value").GE("mid")),
		Then: "advise",
	}}, spec.Matrix...)
	s, err := spec.Compile(nil)
	require.NoError(t, err)

	tests := []struct {
		name, aum, off string
		needs, want    string
	}{
		{"half in property, mid value", "1000000", "1000000", "strong", "advise"},
		{"just under half in property", "1000000.0001", "1000000", "none", "develop"},
		{"strong need, low value: the reference rows decide", "100000", "900000", "strong", "serve digitally"},
		{"no property", "3000000", "", "none", "maintain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile(tt.aum, tt.off)
			f := figures(t, &p)
			pl, err := s.Place(f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Segment())
			assert.Equal(t, tt.needs, bands(t, s, f)["needs.diversify"])
			assert.True(t, strings.HasSuffix(pl.String(), ", needs.diversify "+tt.needs+")"), pl.String())
		})
	}
}

// count is a dimension on an int field whose bands, named names, start at
// lowest, lowest+1, ...
func count(name, score string, lowest int64, names ...string) segment.Dimension {
	d := segment.Dimension{Name: name, Score: score}
	for i, n := range names {
		d.Bands = append(d.Bands, segment.Band{Name: n, From: decimal.NewFromInt(lowest + int64(i))})
	}
	return d
}

func TestPlaceNoBandAndNoRow(t *testing.T) {
	s := policy.Must(segment.Spec{
		Dimensions: []segment.Dimension{count("holdings", "holdings", 1, "one", "two")},
		HitPolicy:  policy.First,
		Matrix: []policy.Row[string]{
			{When: policy.Field("holdings").EQ("two"), Then: "many"},
		},
		Segments: []string{"many"},
	}.Compile(nil))
	three := profile("1", "1")
	three.Holdings = append(three.Holdings, vipcare.Holding{ID: "F", Class: vipcare.Funds, Amount: testkit.CNY("1")})
	tests := []struct {
		name      string
		p         vipcare.Profile
		band, seg string
		class     int
		str       string
	}{
		{"below the lowest band", profile("", ""), "", "", -1, "none (holdings none)"},
		{"in a band no row covers", profile("1", ""), "one", "", -1, "none (holdings one)"},
		{"in the highest band", profile("1", "1"), "two", "many", 0, "many (holdings two)"},
		{"above the highest threshold", three, "two", "many", 0, "many (holdings two)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := figures(t, &tt.p)
			pl, err := s.Place(f)
			require.NoError(t, err)
			assert.Equal(t, tt.seg, pl.Segment())
			assert.Equal(t, tt.str, pl.String())
			i, err := s.Classify(f)
			require.NoError(t, err)
			assert.Equal(t, tt.class, i)
			e, err := s.Explain(f, policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.seg, e.Segment)
			assert.Equal(t, tt.band, e.Dimensions[0].Band)
		})
	}

	p := profile("", "")
	e, err := s.Explain(figures(t, &p), policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, segment.DimensionExplanation{Name: "holdings", Band: "", Range: "below 1", Score: "0"}, e.Dimensions[0])
	assert.True(t, strings.HasPrefix(e.String(),
		"segment: none (no row matched)\nholdings: no band, score 0, below 1\nmatrix:\n  hit policy first\n"), e.String())
}

func TestExplain(t *testing.T) {
	s := reference(t)
	p := profile("1200000", "5000000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "F", Class: vipcare.Funds, Amount: testkit.CNY("34567.89")})
	f := figures(t, &p)
	secrets := []string{"1234567", "1,234,567", "34567", "5000000", "5,000,000"}

	hidden, err := s.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "grow", hidden.Segment)
	assert.Equal(t, []segment.DimensionExplanation{
		{Name: "value", Band: "mid", Range: "at or above 500,000 and below 2,000,000"},
		{Name: "potential", Band: "high", Range: "at or above 4,000,000"},
		{Name: "depth", Band: "moderate", Range: "at or above 2 and below 4"},
	}, hidden.Dimensions)
	assert.Equal(t, []int{1}, hidden.Matrix.Decided)
	assert.Len(t, hidden.Matrix.Rows, 5)
	text := hidden.String()
	assert.True(t, strings.HasPrefix(text, "segment: grow\n"+
		"value: mid, at or above 500,000 and below 2,000,000\n"+
		"potential: high, at or above 4,000,000\n"+
		"depth: moderate, at or above 2 and below 4\n"+
		"matrix:\n  hit policy unique\n"), text)
	assert.Contains(t, text, `→ "high potential": matched`)
	// No client amount shows without Values, through any channel.
	testkit.AssertRedacted(t, hidden, secrets...)

	shown, err := s.Explain(f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, "1,234,567.89", shown.Dimensions[0].Score)
	assert.Equal(t, "5,000,000", shown.Dimensions[1].Score)
	assert.Equal(t, "2", shown.Dimensions[2].Score)
	assert.Contains(t, shown.String(), "value: mid, score 1,234,567.89, at or above 500,000 and below 2,000,000")
	assert.Contains(t, shown.String(), "(value mid)", "the matrix shows the bands compared")
}

func TestUniqueOverlapIsACompileProblem(t *testing.T) {
	spec := segment.Reference()
	// "grow" now also takes high-value clients with high potential.
	spec.Matrix[1].When = policy.Field("potential").EQ("high")

	s, err := spec.Compile(nil)
	assert.Nil(t, s, "overlapping rows of a unique matrix are a configuration error")
	testkit.CheckProblems(t, err, testkit.Want{Path: "/matrix/1", Name: "high potential", Err: policy.ErrOverlap})
	assert.Contains(t, err.Error(), `"high value" and "high potential"`, "the message names both rows")
	assert.Len(t, strings.Split(err.Error(), "\n"), 1, "each overlapping pair reported once: %v", err)

	// Under First, the first row wins.
	spec.HitPolicy = policy.First
	first := policy.Must(spec.Compile(nil))
	p := profile("3000000", "5000000")
	pl, err := first.Place(figures(t, &p))
	require.NoError(t, err)
	assert.Equal(t, "maintain", pl.Segment())
}

func TestCurrency(t *testing.T) {
	s := reference(t)
	p := profile("", "")
	f := testkit.Figures(t, &p, vipcare.Valuation{AsOf: valuation.AsOf, Currency: vipcare.USD})
	want := testkit.Want{Path: "/figures/currency", Name: "USD", Err: vipcare.ErrCurrency}
	_, err := s.Place(f)
	testkit.CheckProblems(t, err, want)
	i, err := s.Classify(f)
	testkit.CheckProblems(t, err, want)
	assert.Equal(t, -1, i)
	_, err = s.Explain(f, policy.ExplainOptions{})
	testkit.CheckProblems(t, err, want)

	// With no currency, amounts in any currency would fall in the same
	// bands: a segmentation that scores an amount needs one.
	spec := segment.Reference()
	spec.Currency = ""
	_, err = spec.Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/currency", Name: "value", Err: policy.ErrMissing})

	// One that scores no amount places clients in any currency.
	counts := segment.Spec{
		Dimensions: []segment.Dimension{{Name: "breadth", Score: "classes_at_bank",
			Bands: []segment.Band{{Name: "narrow", From: decimal.Zero}, {Name: "broad", From: decimal.NewFromInt(3)}}}},
		Segments: []string{"cross-sell", "keep"},
		Matrix: []policy.Row[string]{
			{When: policy.Field("breadth").EQ("narrow"), Then: "cross-sell"},
			{When: policy.Field("breadth").EQ("broad"), Then: "keep"},
		},
	}
	anyCurrency := policy.Must(counts.Compile(nil))
	pl, err := anyCurrency.Place(f)
	require.NoError(t, err, "no currency: clients in any currency")
	assert.Equal(t, "cross-sell", pl.Segment())
}

func TestSegmentationIsAClassifier(t *testing.T) {
	s := reference(t)
	var c book.Classifier = s
	assert.Equal(t, []string{"serve digitally", "develop", "grow", "maintain"}, c.Classes())
	tests := []struct{ name, aum, off, want string }{
		{"nothing", "", "", "serve digitally"},
		{"mid value", "600000", "", "develop"},
		{"high potential", "", "9000000", "grow"},
		{"high value", "2500000", "", "maintain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile(tt.aum, tt.off)
			i, err := c.Classify(figures(t, &p))
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Classes()[i])
		})
	}

	var zero segment.Segmentation
	assert.Empty(t, zero.Classes())
	p := profile("1", "")
	f := figures(t, &p)
	i, err := zero.Classify(f)
	require.NoError(t, err)
	assert.Equal(t, -1, i, "the zero Segmentation places nobody")
	pl, err := zero.Place(f)
	require.NoError(t, err)
	assert.Equal(t, "none", pl.String())
	e, err := zero.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "segment: none (no row matched)", e.String())
}

// TestReferenceOnTheSampleBook checks the shares of the sample book in each
// reference segment that Reference documents (about 62% serve digitally,
// 26% develop, 5% grow, 7% maintain), through book.Distribute, serially and
// in parallel.
func TestReferenceOnTheSampleBook(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients")
	}
	const n = 10_000
	s := reference(t)
	o := sample.Options{Seed: 1}
	want := map[string]float64{"serve digitally": 0.62, "develop": 0.26, "grow": 0.05, "maintain": 0.07}
	serial, err := book.Distribute(sample.Seq(o, n), sample.Valuation(o), s, book.Options{})
	require.NoError(t, err)
	parallel, err := book.Distribute(sample.Seq(o, n), sample.Valuation(o), s, book.Options{Workers: 4})
	require.NoError(t, err)
	assert.Equal(t, serial, parallel, "the same distribution in parallel")
	require.Len(t, serial.Rows, 4)
	assert.Zero(t, serial.None.Clients, "every client has a segment")
	assert.Equal(t, n, serial.Total.Clients)
	for _, r := range serial.Rows {
		share := float64(r.Clients) / n
		t.Logf("%-16s %5d  %4.1f%%", r.Class, r.Clients, 100*share)
		assert.InDelta(t, want[r.Class], share, 0.015, r.Class)
	}
}

// bytesEnv is an environment with n int fields of the bank's own,
// "byte0" to "byte<n-1>": byte k of the AUM, so that a test sets every
// score at once.
func bytesEnv(t testing.TB, n int) *vipcare.Env {
	t.Helper()
	var fields []policy.FieldSpec[vipcare.Figures]
	for k := 0; k < n; k++ {
		shift := 8 * k
		fields = append(fields, policy.Int(fmt.Sprint("byte", k),
			func(f *vipcare.Figures) int64 { return int64(f.AUM) >> shift & 0xff }))
	}
	env, err := vipcare.NewEnv(nil, fields...)
	require.NoError(t, err)
	return env
}

// wide is a segmentation with seven dimensions of three bands each: 4^7
// band combinations, too many to decide in advance, so it evaluates the
// matrix for each client. Dimension k scores byte k of the AUM.
func wide(t testing.TB, hit policy.HitPolicy) *segment.Segmentation {
	t.Helper()
	spec := segment.Spec{Currency: vipcare.CNY, HitPolicy: hit, Segments: []string{"a", "b", "c"}}
	for k := 0; k < 7; k++ {
		spec.Dimensions = append(spec.Dimensions, count(fmt.Sprint("d", k), fmt.Sprint("byte", k), 1, "x", "y", "z"))
	}
	spec.Matrix = []policy.Row[string]{
		{Name: "a", When: policy.All(policy.Field("d0").EQ("z"), policy.Field("d6").GE("y")), Then: "a"},
		{Name: "b", When: policy.AtLeast(2, policy.Field("d1").EQ("x"), policy.Field("d2").EQ("x"), policy.Field("d3").EQ("x")), Then: "b"},
		{Name: "c", When: policy.Field("d5").In("y", "z"), Then: "c"},
	}
	s, err := spec.Compile(bytesEnv(t, 7))
	require.NoError(t, err)
	return s
}

// wideNaive is wide's matrix under First, written in Go.
func wideNaive(aum int64) string {
	band := func(k int) int64 { return min(aum>>(8*k)&0xff, 3) } // 0 none, 1 x, 2 y, 3 z
	switch {
	case band(0) == 3 && band(6) >= 2:
		return "a"
	case (band(1) == 1 && band(2) == 1) || (band(1) == 1 && band(3) == 1) || (band(2) == 1 && band(3) == 1):
		return "b"
	case band(5) >= 2:
		return "c"
	}
	return ""
}

func TestPlaceWideAgainstNaive(t *testing.T) {
	s := wide(t, policy.First)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		var aum int64
		for k := 0; k < 7; k++ {
			aum |= int64(r.IntN(5)) << (8 * k)
		}
		f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(aum)}
		pl, err := s.Place(&f)
		require.NoError(t, err)
		require.Equal(t, wideNaive(aum), pl.Segment(), "aum %x", aum)
		if i%100 == 0 {
			e, err := s.Explain(&f, policy.ExplainOptions{})
			require.NoError(t, err)
			require.Equal(t, pl.Segment(), e.Segment, "aum %x", aum)
		}
	}
}

// TestPlaceWideUniqueOverlap checks that a matrix too large to decide in
// advance still compiles under Unique, and that Place reports an overlap
// for the client who falls in it, with the client's bands and no segment.
func TestPlaceWideUniqueOverlap(t *testing.T) {
	u := wide(t, policy.Unique)
	f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(3 | 1<<8 | 1<<16 | 2<<48)} // rows a and b
	pl, err := u.Place(&f)
	ps := testkit.Problems(t, err)
	require.Len(t, ps, 1)
	assert.ErrorIs(t, ps[0].Err, policy.ErrOverlap)
	assert.Equal(t, "b", ps[0].Name, "the second row")
	assert.Equal(t, "", pl.Segment())
	assert.Equal(t, "none (d0 z, d1 x, d2 x, d3 none, d4 none, d5 none, d6 y)", pl.String())
	i, err := u.Classify(&f)
	assert.ErrorIs(t, err, policy.ErrOverlap)
	assert.Equal(t, -1, i)
	e, err := u.Explain(&f, policy.ExplainOptions{})
	assert.ErrorIs(t, err, policy.ErrOverlap)
	assert.Equal(t, []int{0, 1}, e.Matrix.Decided, "both rows")
	assert.Equal(t, "", e.Segment)

	// A client in one row only is placed.
	one := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(1<<8 | 1<<16)}
	pl, err = u.Place(&one)
	require.NoError(t, err)
	assert.Equal(t, "b", pl.Segment())
}

func TestPlaceConcurrent(t *testing.T) {
	tests := []struct {
		name string
		s    *segment.Segmentation
	}{
		{"reference, decided in advance", reference(t)},
		{"wide, evaluated per client", wide(t, policy.First)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			r := rand.New(rand.NewPCG(3, 4))
			clients := make([]*vipcare.Figures, 200)
			want := make([]segment.Placement, len(clients))
			for i := range clients {
				p := profile(fmt.Sprint(r.IntN(3_000_000)), fmt.Sprint(r.IntN(7_000_000)))
				p.Entrepreneur = r.IntN(3) > 0
				clients[i] = figures(t, &p)
				var err error
				want[i], err = s.Place(clients[i])
				require.NoError(t, err)
			}
			var wg sync.WaitGroup
			errs := make(chan string, 64)
			for g := 0; g < 64; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for n := 0; n < 3; n++ {
						for i := range clients {
							j := (i + g) % len(clients)
							pl, err := s.Place(clients[j])
							if err != nil || pl != want[j] {
								errs <- fmt.Sprint("client ", j, ": ", pl, " ", err)
								return
							}
						}
					}
				}(g)
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
		})
	}
}

func TestPlaceDoesNotAllocate(t *testing.T) {
	tests := []struct {
		name string
		s    *segment.Segmentation
		f    *vipcare.Figures
		want string
	}{
		{"reference, decided in advance", reference(t), nil, "maintain"},
		{"wide, evaluated per client", wide(t, policy.First),
			&vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(3 | 2<<48)}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			if f == nil {
				p := testkit.RichProfile()
				f = figures(t, &p)
			}
			var (
				pl  segment.Placement
				err error
			)
			allocs := testing.AllocsPerRun(100, func() {
				pl, err = tt.s.Place(f)
				_, _ = tt.s.Classify(f)
				_ = pl.Segment()
			})
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Segment())
			assert.Zero(t, allocs)
		})
	}
}

// BenchmarkPlace measures placing one client, whose figures are computed,
// in the reference segmentation: three scores, three band searches and the
// matrix's answer, decided in advance.
func BenchmarkPlace(b *testing.B) {
	s := reference(b)
	p := testkit.RichProfile()
	f := figures(b, &p)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pl, err := s.Place(f)
		if err != nil || pl.Segment() != "maintain" {
			b.Fatal(pl, err)
		}
	}
}

// BenchmarkPlaceWide measures a segmentation with too many band
// combinations to decide in advance, which evaluates its matrix per client.
func BenchmarkPlaceWide(b *testing.B) {
	s := wide(b, policy.First)
	f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(3 | 2<<48)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pl, err := s.Place(&f)
		if err != nil || pl.Segment() != "a" {
			b.Fatal(pl, err)
		}
	}
}
