package segment

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// Reference returns a segmentation to copy and change: value
// (AUM at the bank) by potential (wealth the bank does not yet hold), with
// relationship depth alongside, into four segments that say where RM time
// goes. It is a new value each call. Its currency is CNY.
//
// The dimensions:
//
//   - "value": AUM at the bank, in CNY (score "aum"). Bands "low" from 0,
//     "mid" from 500,000, "high" from 2,000,000 (the reference ladder's
//     platinum and diamond entries).
//   - "potential": declared off-bank wealth in CNY, plus 1,000,000 for a
//     business owner (Profile.Entrepreneur, or a linked company the client
//     owns or holds shares in; score "potential"). Bands "low" from 0,
//     "mid" from 2,000,000, "high" from 4,000,000. Affluent clients hold much of their wealth
//     outside the bank, in real estate and in their own businesses, and
//     most are entrepreneurs who like their personal and corporate banking
//     joined up: that is wealth the bank can win. The boost is a head
//     start, not a band of its own: about 69% of affluent clients are
//     entrepreneurs, and a boost that lifted them all a band would put most
//     of the book back in one bucket. On the sample book the bands give
//     about 62% "serve digitally", 26% "develop", 5% "grow" and 7%
//     "maintain".
//   - "depth": relationship depth, the number of asset classes the client
//     holds at the bank (score "classes_at_bank"). Bands "shallow" from 0,
//     "moderate" from 2, "deep" from 4.
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
func Reference() Spec {
	cny := func(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
	value, potential := policy.Field("value"), policy.Field("potential")
	return Spec{
		Currency: vipcare.CNY,
		Dimensions: []Dimension{
			{
				Name: "value", Doc: "AUM at the bank, CNY", Score: "aum",
				Bands: []Band{{"low", cny(0)}, {"mid", cny(500_000)}, {"high", cny(2_000_000)}},
			},
			{
				Name: "potential", Doc: "declared off-bank wealth, CNY, plus 1,000,000 for a business owner",
				Score: "potential",
				Bands: []Band{{"low", cny(0)}, {"mid", cny(2_000_000)}, {"high", cny(4_000_000)}},
			},
			{
				Name: "depth", Doc: "number of asset classes held at the bank", Score: "classes_at_bank",
				Bands: []Band{{"shallow", cny(0)}, {"moderate", cny(2)}, {"deep", cny(4)}},
			},
		},
		HitPolicy: policy.Unique,
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

// potentialField is the field potential of Dimension.Score.
func potentialField() policy.FieldSpec[vipcare.Figures] {
	return policy.Decimal("potential", vipcare.AmountScale, potential).
		WithDoc("declared off-bank wealth, plus 1,000,000 for a business owner")
}

func potential(f *vipcare.Figures) int64 {
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
