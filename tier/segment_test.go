package tier_test

import (
	"errors"
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
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// segProfile is a client with aum in deposits at the bank (if not empty)
// and off declared off-bank in real estate (if not empty).
func segProfile(aum, off string) vipcare.Profile {
	p := vipcare.Profile{ID: "S1"}
	if aum != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "D", Class: vipcare.Deposits,
			Amount: vipcare.MustMoney(aum, vipcare.CNY)})
	}
	if off != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
			Amount: vipcare.MustMoney(off, vipcare.CNY), OffBank: true})
	}
	return p
}

// segClone deep-copies the parts of a profile segmentation reads.
func segClone(p vipcare.Profile) vipcare.Profile {
	p.Holdings = slices.Clone(p.Holdings)
	p.Corporates = slices.Clone(p.Corporates)
	return p
}

func segReference(t testing.TB) *tier.Segmentation {
	t.Helper()
	s, err := tier.NewSegmentation(tier.ReferenceSegmentation())
	require.NoError(t, err)
	return s
}

// segErrors returns the *tier.Error values joined in err.
func segErrors(t *testing.T, err error) []*tier.Error {
	t.Helper()
	j, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "a join of errors: %v", err)
	var out []*tier.Error
	for _, e := range j.Unwrap() {
		var te *tier.Error
		require.True(t, errors.As(e, &te), "%v is a *tier.Error", e)
		out = append(out, te)
	}
	return out
}

func TestSegmentReference(t *testing.T) {
	s := segReference(t)
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
		{"an entrepreneur alone is low potential", "", "",
			func(p *vipcare.Profile) { p.Entrepreneur = true }, "low", "low", "serve digitally"},
		{"an entrepreneur's head start reaches mid", "", "1000000",
			func(p *vipcare.Profile) { p.Entrepreneur = true }, "low", "mid", "develop"},
		{"an entrepreneur just below high potential", "", "2999999.9999",
			func(p *vipcare.Profile) { p.Entrepreneur = true }, "low", "mid", "develop"},
		{"an entrepreneur at high potential", "600000", "3000000",
			func(p *vipcare.Profile) { p.Entrepreneur = true }, "mid", "high", "grow"},
		{"owning a linked company counts as business ownership", "", "1000000",
			func(p *vipcare.Profile) {
				p.Corporates = []vipcare.CorporateLink{{ID: "CO", Role: vipcare.RoleOwner}}
			}, "low", "mid", "develop"},
		{"a shareholding counts too", "", "1000000",
			func(p *vipcare.Profile) {
				p.Corporates = []vipcare.CorporateLink{{ID: "CO", Role: vipcare.RoleShareholder}}
			}, "low", "mid", "develop"},
		{"a directorship is not ownership", "", "1000000",
			func(p *vipcare.Profile) {
				p.Corporates = []vipcare.CorporateLink{{ID: "CO", Role: vipcare.RoleDirector}}
			}, "low", "low", "serve digitally"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := segProfile(tt.aum, tt.off)
			if tt.edit != nil {
				tt.edit(&p)
			}
			before := segClone(p)
			f := figures(t, &p)
			fBefore := f
			pl, err := s.Segment(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Segment())
			assert.Equal(t, tt.value, pl.Band("value"))
			assert.Equal(t, tt.potential, pl.Band("potential"))

			again, err := s.Segment(&f)
			require.NoError(t, err)
			assert.Equal(t, pl, again, "same answer twice")
			assert.Equal(t, before, p, "profile unchanged")
			assert.Equal(t, fBefore, f, "figures unchanged")

			i, err := s.Classify(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.Classes()[i], "Classify agrees with Segment")

			e, err := s.Explain(&f, policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Segment, "Explain agrees with Segment")
		})
	}
}

func TestSegmentReferenceDepth(t *testing.T) {
	s := segReference(t)
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
					Amount: vipcare.MustMoney("10000", vipcare.CNY)})
			}
			if tt.off {
				for i, c := range []vipcare.AssetClass{vipcare.RealEstate, vipcare.BusinessEquity, vipcare.Equities} {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: fmt.Sprint("O", i), Class: c,
						Amount: vipcare.MustMoney("10000", vipcare.CNY), OffBank: true})
				}
			}
			f := figures(t, &p)
			pl, err := s.Segment(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Band("depth"))
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

// TestSegmentReferenceMatrixComplete enumerates every combination of bands
// of the reference dimensions and checks that exactly one matrix row
// matches it, and that the compiled segmentation yields the documented cell.
func TestSegmentReferenceMatrixComplete(t *testing.T) {
	spec := tier.ReferenceSegmentation()
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
	collect := policy.MustTable(policy.MustSchema(fields...), policy.Collect, spec.Matrix...)

	// The compiled segmentation, with each dimension's score replaced by a
	// byte of the AUM, so that a band combination is a number.
	probe := tier.ReferenceSegmentation()
	for k := range probe.Dimensions {
		shift := 8 * k
		probe.Dimensions[k].Scale = 0
		probe.Dimensions[k].Score = func(f *vipcare.Figures) int64 { return int64(f.AUM) >> shift & 0xff }
		for j := range probe.Dimensions[k].Bands {
			probe.Dimensions[k].Bands[j].From = decimal.NewFromInt(int64(j))
		}
	}
	seg := tier.MustSegmentation(probe)

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
				pl, err := seg.Segment(&f)
				require.NoError(t, err, name)
				assert.Equal(t, referenceCell(v.Name, p.Name), pl.Segment(), name)
				assert.Equal(t, []string{v.Name, p.Name, d.Name},
					[]string{pl.Band("value"), pl.Band("potential"), pl.Band("depth")}, name)
				n++
			}
		}
	}
	assert.Equal(t, 27, n)
}

func TestNewSegmentationErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *tier.SegmentationSpec)
		want  error
		path  string
		label string // the Error's Name
		count int    // problems reported; 0 means 1
	}{
		{"no dimensions", func(s *tier.SegmentationSpec) { s.Dimensions = nil },
			tier.ErrEmpty, "dimensions", "", 0},
		{"too many dimensions", func(s *tier.SegmentationSpec) {
			for i := 0; len(s.Dimensions) <= tier.MaxDimensions; i++ {
				d := s.Dimensions[2]
				d.Name = fmt.Sprint("extra", i)
				s.Dimensions = append(s.Dimensions, d)
			}
		}, tier.ErrTooMany, "dimensions", "", 0},
		{"malformed dimension name", func(s *tier.SegmentationSpec) { s.Dimensions[0].Name = "Value" },
			tier.ErrName, "dimensions[0].name", "Value", 0},
		{"empty dimension name", func(s *tier.SegmentationSpec) { s.Dimensions[1].Name = "" },
			tier.ErrName, "dimensions[1].name", "", 0},
		{"duplicate dimension name", func(s *tier.SegmentationSpec) { s.Dimensions[2].Name = "value" },
			tier.ErrDuplicateName, "dimensions[2].name", "value", 0},
		{"nil score", func(s *tier.SegmentationSpec) { s.Dimensions[1].Score = nil },
			tier.ErrEmpty, "dimensions[1].score", "potential", 0},
		{"scale above 18", func(s *tier.SegmentationSpec) { s.Dimensions[2].Scale = 19 },
			policy.ErrScale, "dimensions[2].scale", "depth", 0},
		{"negative scale", func(s *tier.SegmentationSpec) { s.Dimensions[2].Scale = -1 },
			policy.ErrScale, "dimensions[2].scale", "depth", 0},
		{"no bands", func(s *tier.SegmentationSpec) { s.Dimensions[0].Bands = nil },
			tier.ErrEmpty, "dimensions[0].bands", "value", 0},
		{"too many bands", func(s *tier.SegmentationSpec) {
			var bands []tier.Band
			for i := 0; i <= tier.MaxBands; i++ {
				bands = append(bands, tier.Band{Name: fmt.Sprint("b", i), From: decimal.NewFromInt(int64(i))})
			}
			s.Dimensions[2].Bands = bands
		}, tier.ErrTooMany, "dimensions[2].bands", "depth", 0},
		{"empty band name", func(s *tier.SegmentationSpec) { s.Dimensions[0].Bands[1].Name = "" },
			tier.ErrName, "dimensions[0].bands[1].name", "", 0},
		{"duplicate band name", func(s *tier.SegmentationSpec) { s.Dimensions[0].Bands[2].Name = "low" },
			tier.ErrDuplicateName, "dimensions[0].bands[2].name", "low", 0},
		{"equal thresholds overlap", func(s *tier.SegmentationSpec) {
			s.Dimensions[1].Bands[2].From = decimal.NewFromInt(1_000_000)
		}, tier.ErrOverlappingBands, "dimensions[1].bands[2].from", "high", 0},
		{"descending thresholds overlap", func(s *tier.SegmentationSpec) {
			s.Dimensions[0].Bands[1].From = decimal.NewFromInt(3_000_000)
		}, tier.ErrOverlappingBands, "dimensions[0].bands[2].from", "high", 0},
		{"threshold finer than the scale", func(s *tier.SegmentationSpec) {
			s.Dimensions[0].Bands[1].From = decimal.RequireFromString("500000.00001")
		}, tier.ErrThreshold, "dimensions[0].bands[1].from", "mid", 0},
		{"fractional threshold on a count", func(s *tier.SegmentationSpec) {
			s.Dimensions[2].Bands[1].From = decimal.RequireFromString("1.5")
		}, tier.ErrThreshold, "dimensions[2].bands[1].from", "moderate", 0},
		{"threshold out of range", func(s *tier.SegmentationSpec) {
			s.Dimensions[0].Bands[2].From = decimal.RequireFromString("1e40")
		}, tier.ErrThreshold, "dimensions[0].bands[2].from", "high", 0},
		{"unknown segment", func(s *tier.SegmentationSpec) { s.Matrix[1].Then = "vip" },
			tier.ErrUnknownSegment, "matrix[1].then", "vip", 0},
		{"no segments: each row's segment is unknown too", func(s *tier.SegmentationSpec) { s.Segments = nil },
			tier.ErrEmpty, "segments", "", 1 + 5},
		{"empty segment name", func(s *tier.SegmentationSpec) { s.Segments = append(s.Segments, "") },
			tier.ErrName, "segments[4]", "", 0},
		{"duplicate segment", func(s *tier.SegmentationSpec) { s.Segments = append(s.Segments, "grow") },
			tier.ErrDuplicateName, "segments[4]", "grow", 0},
		{"collect hit policy", func(s *tier.SegmentationSpec) { s.Hit = policy.Collect },
			policy.ErrHitPolicy, "hit_policy", "collect", 0},
		{"malformed currency", func(s *tier.SegmentationSpec) { s.Currency = "cny" },
			tier.ErrCurrency, "currency", "cny", 0},
		{"matrix names an unknown dimension", func(s *tier.SegmentationSpec) {
			s.Matrix[0].When = policy.Field("valeu").EQ("high")
		}, policy.ErrUnknownField, "matrix", "", 0},
		{"matrix names an unknown band", func(s *tier.SegmentationSpec) {
			s.Matrix[2].When = policy.All(policy.Field("value").EQ("medium"), policy.Field("potential").In("low", "mid"))
		}, policy.ErrThreshold, "matrix", "", 0},
		{"empty matrix", func(s *tier.SegmentationSpec) { s.Matrix = nil },
			policy.ErrEmpty, "matrix", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tier.ReferenceSegmentation()
			tt.edit(&spec)
			s, err := tier.NewSegmentation(spec)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "tier: "), err.Error())

			errs := segErrors(t, err)
			want := tt.count
			if want == 0 {
				want = 1
			}
			assert.Len(t, errs, want, "%v", err)
			first := errs[0]
			assert.Equal(t, tt.path, first.Path)
			assert.Equal(t, tt.label, first.Name)
			assert.ErrorIs(t, first, tt.want)
			assert.Panics(t, func() { tier.MustSegmentation(spec) })
		})
	}
}

func TestNewSegmentationErrorsWrapPolicyErrors(t *testing.T) {
	spec := tier.ReferenceSegmentation()
	spec.Matrix[3].When = policy.Field("depht").EQ("deep")
	_, err := tier.NewSegmentation(spec)
	var pe *policy.Error
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "rows[3].when", pe.Path)
	assert.Equal(t, "depht", pe.Name)
	assert.ErrorIs(t, err, policy.ErrUnknownField)
}

func TestNewSegmentationReportsEveryProblem(t *testing.T) {
	spec := tier.ReferenceSegmentation()
	spec.Currency = "yuan"                                   // 1: malformed currency
	spec.Dimensions[0].Name = "Value"                        // 2: malformed name
	spec.Dimensions[1].Score = nil                           // 3: no score
	spec.Dimensions[2].Bands[2].From = decimal.NewFromInt(2) // 4: overlaps "moderate"
	spec.Matrix[4].Then = "digital"                          // 5: unknown segment
	_, err := tier.NewSegmentation(spec)
	require.Error(t, err)
	errs := segErrors(t, err)
	require.Len(t, errs, 5, "%v", err)
	for i, want := range []error{tier.ErrCurrency, tier.ErrName, tier.ErrEmpty, tier.ErrOverlappingBands, tier.ErrUnknownSegment} {
		assert.ErrorIs(t, errs[i], want, "problem %d", i+1)
	}
	assert.Contains(t, err.Error(), `tier: matrix[4].then: "digital": unknown segment`)
}

func TestNewSegmentationHitPolicies(t *testing.T) {
	for _, h := range []policy.HitPolicy{0, policy.Unique, policy.First, policy.Priority} {
		t.Run(h.String(), func(t *testing.T) {
			spec := tier.ReferenceSegmentation()
			spec.Hit = h
			s, err := tier.NewSegmentation(spec)
			require.NoError(t, err)
			p := segProfile("600000", "")
			f := figures(t, &p)
			e, err := s.Explain(&f, policy.ExplainOptions{})
			require.NoError(t, err)
			want := h
			if want == 0 {
				want = policy.Unique
			}
			assert.Equal(t, want, e.Matrix.Hit, "the zero hit policy means Unique")
			assert.Equal(t, "develop", e.Segment)
		})
	}
}

func TestNewSegmentationDoesNotChangeOrKeepSpec(t *testing.T) {
	spec := tier.ReferenceSegmentation()
	segments := slices.Clone(spec.Segments)
	bands := slices.Clone(spec.Dimensions[0].Bands)
	rows := slices.Clone(spec.Matrix)
	s := tier.MustSegmentation(spec)
	assert.Equal(t, segments, spec.Segments)
	assert.Equal(t, bands, spec.Dimensions[0].Bands)
	assert.Equal(t, rows, spec.Matrix)

	// Changing the spec afterwards does not change the segmentation.
	spec.Segments[3] = "changed"
	spec.Dimensions[0].Bands[2].Name = "changed"
	spec.Dimensions[0].Name = "changed"
	spec.Matrix[0].Then = "changed"
	p := segProfile("3000000", "")
	f := figures(t, &p)
	pl, err := s.Segment(&f)
	require.NoError(t, err)
	assert.Equal(t, "maintain", pl.Segment())
	assert.Equal(t, "high", pl.Band("value"))

	// Nor does changing what Classes returned.
	classes := s.Classes()
	classes[0] = "changed"
	assert.Equal(t, segments, s.Classes())
}

func TestPlacement(t *testing.T) {
	s := segReference(t)
	p := segProfile("800000", "6000000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "F", Class: vipcare.Funds,
		Amount: vipcare.MustMoney("10", vipcare.CNY)})
	f := figures(t, &p)
	pl, err := s.Segment(&f)
	require.NoError(t, err)
	assert.Equal(t, "grow", pl.Segment())
	assert.Equal(t, "mid", pl.Band("value"))
	assert.Equal(t, "high", pl.Band("potential"))
	assert.Equal(t, "moderate", pl.Band("depth"))
	assert.Equal(t, "", pl.Band("needs"), "no such dimension")
	assert.Equal(t, "grow (value mid, potential high, depth moderate)", pl.String())

	var zero tier.Placement
	assert.Equal(t, "", zero.Segment())
	assert.Equal(t, "", zero.Band("value"))
	assert.Equal(t, "none", zero.String())
}

// segNeeds is a custom dimension: a needs score, here the share of real
// estate in declared wealth, standing in for the needs detectors to come.
var segNeeds = tier.Dimension{
	Name:  "needs.diversify",
	Doc:   "share of declared wealth in real estate",
	Scale: vipcare.ShareScale,
	Score: func(f *vipcare.Figures) int64 { return int64(f.Share(vipcare.RealEstate)) },
	Bands: []tier.Band{{Name: "none", From: decimal.Zero}, {Name: "strong", From: decimal.RequireFromString("0.5")}},
}

func TestSegmentCustomDimension(t *testing.T) {
	spec := tier.ReferenceSegmentation()
	spec.Dimensions = append(spec.Dimensions, segNeeds)
	spec.Segments = append(spec.Segments, "advise")
	spec.Hit = policy.First
	spec.Matrix = append([]policy.Row[string]{{
		Name: "concentrated in property",
		When: policy.All(policy.Field("needs.diversify").EQ("strong"), policy.Field("value").GE("mid")),
		Then: "advise",
	}}, spec.Matrix...)
	s, err := tier.NewSegmentation(spec)
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
			p := segProfile(tt.aum, tt.off)
			f := figures(t, &p)
			pl, err := s.Segment(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pl.Segment())
			assert.Equal(t, tt.needs, pl.Band("needs.diversify"))
		})
	}
}

// segCount is a dimension counting with bands from lowest, for tests.
func segCount(name string, score func(*vipcare.Figures) int64, lowest int64, names ...string) tier.Dimension {
	d := tier.Dimension{Name: name, Score: score}
	for i, n := range names {
		d.Bands = append(d.Bands, tier.Band{Name: n, From: decimal.NewFromInt(lowest + int64(i))})
	}
	return d
}

func TestSegmentNoBandAndNoRow(t *testing.T) {
	holdings := func(f *vipcare.Figures) int64 { return int64(len(f.Profile.Holdings)) }
	s := tier.MustSegmentation(tier.SegmentationSpec{
		Dimensions: []tier.Dimension{segCount("holdings", holdings, 1, "one", "two")},
		Hit:        policy.First,
		Matrix: []policy.Row[string]{
			{When: policy.Field("holdings").EQ("two"), Then: "many"},
		},
		Segments: []string{"many"},
	})
	tests := []struct {
		name      string
		p         vipcare.Profile
		band, seg string
		class     int
	}{
		{"below the lowest band", segProfile("", ""), "", "", -1},
		{"in a band no row covers", segProfile("1", ""), "one", "", -1},
		{"in the highest band", segProfile("1", "1"), "two", "many", 0},
		{"above the highest threshold", client("C", "1", "1", "1"), "two", "many", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := figures(t, &tt.p)
			pl, err := s.Segment(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.band, pl.Band("holdings"))
			assert.Equal(t, tt.seg, pl.Segment())
			i, err := s.Classify(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.class, i)
			e, err := s.Explain(&f, policy.ExplainOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.seg, e.Segment)
		})
	}

	p := segProfile("", "")
	f := figures(t, &p)
	e, err := s.Explain(&f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, tier.DimensionExplanation{Name: "holdings", Band: "", Range: "below 1", Score: "0"}, e.Dimensions[0])
	assert.True(t, strings.HasPrefix(e.String(),
		"segment: none (no row matched)\nholdings: no band, score 0, below 1\nmatrix:\n  hit policy first\n"), e.String())
}

func TestSegmentExplain(t *testing.T) {
	s := segReference(t)
	p := segProfile("1200000", "5000000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "F", Class: vipcare.Funds,
		Amount: vipcare.MustMoney("34567.89", vipcare.CNY)})
	f := figures(t, &p)

	hidden, err := s.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "grow", hidden.Segment)
	assert.Equal(t, []tier.DimensionExplanation{
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
	for _, secret := range []string{"1234567", "1,234,567", "34567", "5000000"} {
		assert.NotContains(t, text, secret, "no client amounts without Values")
	}

	shown, err := s.Explain(&f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, "1,234,567.89", shown.Dimensions[0].Score)
	assert.Equal(t, "5,000,000", shown.Dimensions[1].Score)
	assert.Equal(t, "2", shown.Dimensions[2].Score)
	assert.Contains(t, shown.String(), "value: mid, score 1,234,567.89, at or above 500,000 and below 2,000,000")
	assert.Contains(t, shown.String(), "(value mid)", "the matrix shows the bands compared")
}

func TestSegmentUniqueOverlap(t *testing.T) {
	spec := tier.ReferenceSegmentation()
	// "grow" now also takes high-value clients with high potential.
	spec.Matrix[1].When = policy.Field("potential").EQ("high")

	_, err := tier.NewSegmentation(spec)
	require.Error(t, err, "overlapping rows of a unique matrix are a configuration error")
	var oe *policy.OverlapError
	require.True(t, errors.As(err, &oe), "%v", err)
	assert.ErrorIs(t, err, policy.ErrOverlap)
	assert.Equal(t, "high value", oe.FirstName)
	assert.Equal(t, "high potential", oe.SecondName)
	var te *tier.Error
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "matrix", te.Path)
	assert.Len(t, strings.Split(err.Error(), "\n"), 1, "each overlapping pair reported once: %v", err)

	// Under First, the first row wins.
	spec.Hit = policy.First
	first := tier.MustSegmentation(spec)
	p := segProfile("3000000", "5000000")
	f := figures(t, &p)
	pl, err := first.Segment(&f)
	require.NoError(t, err)
	assert.Equal(t, "maintain", pl.Segment())
}

func TestSegmentCurrency(t *testing.T) {
	s := segReference(t)
	p := segProfile("", "")
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD}.Figures(&p)
	require.NoError(t, err)
	_, err = s.Segment(&f)
	assert.ErrorIs(t, err, tier.ErrCurrency)
	_, err = s.Classify(&f)
	assert.ErrorIs(t, err, tier.ErrCurrency)
	_, err = s.Explain(&f, policy.ExplainOptions{})
	assert.ErrorIs(t, err, tier.ErrCurrency)

	spec := tier.ReferenceSegmentation()
	spec.Currency = ""
	anyCurrency := tier.MustSegmentation(spec)
	pl, err := anyCurrency.Segment(&f)
	require.NoError(t, err, "no currency: clients in any currency")
	assert.Equal(t, "serve digitally", pl.Segment())
}

func TestSegmentationClassifier(t *testing.T) {
	s := segReference(t)
	var c tier.Classifier = s
	assert.Equal(t, []string{"serve digitally", "develop", "grow", "maintain"}, c.Classes())
	for _, tt := range []struct{ aum, off, want string }{
		{"", "", "serve digitally"}, {"600000", "", "develop"}, {"", "9000000", "grow"}, {"2500000", "", "maintain"},
	} {
		p := segProfile(tt.aum, tt.off)
		f := figures(t, &p)
		i, err := c.Classify(&f)
		require.NoError(t, err)
		assert.Equal(t, tt.want, c.Classes()[i])
	}

	var zero tier.Segmentation
	assert.Empty(t, zero.Classes())
	p := segProfile("1", "")
	f := figures(t, &p)
	i, err := zero.Classify(&f)
	require.NoError(t, err)
	assert.Equal(t, -1, i, "the zero Segmentation places nobody")
	pl, err := zero.Segment(&f)
	require.NoError(t, err)
	assert.Equal(t, "none", pl.String())
	e, err := zero.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "segment: none (no row matched)", e.String())
}

// segWide is a segmentation with seven dimensions of three bands each:
// 4^7 band combinations, too many to precompute, so it evaluates the matrix
// for each client. Dimension k scores byte k of the AUM.
func segWide(t testing.TB, hit policy.HitPolicy) *tier.Segmentation {
	t.Helper()
	spec := tier.SegmentationSpec{Currency: vipcare.CNY, Hit: hit, Segments: []string{"a", "b", "c"}}
	for k := 0; k < 7; k++ {
		shift := 8 * k
		score := func(f *vipcare.Figures) int64 { return int64(f.AUM) >> shift & 0xff }
		spec.Dimensions = append(spec.Dimensions, segCount(fmt.Sprint("d", k), score, 1, "x", "y", "z"))
	}
	spec.Matrix = []policy.Row[string]{
		{Name: "a", When: policy.All(policy.Field("d0").EQ("z"), policy.Field("d6").GE("y")), Then: "a"},
		{Name: "b", When: policy.AtLeast(2, policy.Field("d1").EQ("x"), policy.Field("d2").EQ("x"), policy.Field("d3").EQ("x")), Then: "b"},
		{Name: "c", When: policy.Field("d5").In("y", "z"), Then: "c"},
	}
	s, err := tier.NewSegmentation(spec)
	require.NoError(t, err)
	return s
}

// segWideNaive is segWide's matrix under First, written in Go.
func segWideNaive(aum int64) string {
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

func TestSegmentWideAgainstNaive(t *testing.T) {
	s := segWide(t, policy.First)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		var aum int64
		for k := 0; k < 7; k++ {
			aum |= int64(r.IntN(5)) << (8 * k)
		}
		f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(aum)}
		pl, err := s.Segment(&f)
		require.NoError(t, err)
		require.Equal(t, segWideNaive(aum), pl.Segment(), "aum %x", aum)
		if i%100 == 0 {
			e, err := s.Explain(&f, policy.ExplainOptions{})
			require.NoError(t, err)
			require.Equal(t, pl.Segment(), e.Segment, "aum %x", aum)
		}
	}

	u := segWide(t, policy.Unique)
	f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(3 | 1<<8 | 1<<16 | 2<<48)} // rows a and b
	_, err := u.Segment(&f)
	assert.ErrorIs(t, err, policy.ErrOverlap)
}

func TestSegmentConcurrent(t *testing.T) {
	segs := map[string]*tier.Segmentation{"reference": segReference(t), "wide": segWide(t, policy.First)}
	for name, s := range segs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			book := make([]vipcare.Figures, 200)
			want := make([]tier.Placement, len(book))
			for i := range book {
				aum := fmt.Sprint(r.IntN(3_000_000))
				off := fmt.Sprint(r.IntN(7_000_000))
				p := segProfile(aum, off)
				p.Entrepreneur = r.IntN(3) > 0
				book[i] = figures(t, &p)
				var err error
				want[i], err = s.Segment(&book[i])
				require.NoError(t, err)
			}
			var wg sync.WaitGroup
			errs := make(chan string, 64)
			for g := 0; g < 64; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for n := 0; n < 3; n++ {
						for i := range book {
							j := (i + g) % len(book)
							pl, err := s.Segment(&book[j])
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

func TestSegmentDoesNotAllocate(t *testing.T) {
	s := segReference(t)
	p, v := benchProfile()
	f, err := v.Figures(&p)
	require.NoError(t, err)
	var pl tier.Placement
	allocs := testing.AllocsPerRun(100, func() {
		pl, err = s.Segment(&f)
		_, _ = s.Classify(&f)
		_ = pl.Band("depth")
		_ = pl.Segment()
	})
	require.NoError(t, err)
	assert.Equal(t, "maintain", pl.Segment())
	assert.Zero(t, allocs)
}

// BenchmarkSegment measures placing one client, whose figures are computed,
// in the reference segmentation: three scores, three band searches and the
// matrix.
func BenchmarkSegment(b *testing.B) {
	s := tier.MustSegmentation(tier.ReferenceSegmentation())
	p, v := benchProfile()
	f, err := v.Figures(&p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pl, err := s.Segment(&f)
		if err != nil || pl.Segment() != "maintain" {
			b.Fatal(pl, err)
		}
	}
}

// BenchmarkSegmentWide measures a segmentation with too many band
// combinations to precompute, which evaluates its matrix per client.
func BenchmarkSegmentWide(b *testing.B) {
	s := segWide(b, policy.First)
	f := vipcare.Figures{Currency: vipcare.CNY, AUM: vipcare.Amount(3 | 2<<48)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pl, err := s.Segment(&f)
		if err != nil || pl.Segment() != "a" {
			b.Fatal(pl, err)
		}
	}
}
