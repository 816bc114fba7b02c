// Package segment places VIP clients in segments on several dimensions at
// once, so that RM time goes where it counts: value, potential,
// relationship depth, or any score a bank computes.
//
// # Dimensions and bands
//
// A [Spec] has [Dimension] values, each a score (a decimal or int field of
// the client's figures, named by the spec) cut into [Band] values from the
// lowest up, and a segment matrix: a policy decision table from the bands
// to a segment. In the matrix each dimension is an enum field whose values
// are its bands in order, so a row reads
//
//	policy.All(policy.Field("value").EQ("mid"), policy.Field("potential").In("low", "mid"))
//
// and ordering comparisons follow the bands: policy.Field("value").GE("mid").
// [Reference] scores value (AUM at the bank), potential (declared
// off-bank wealth, plus a head start for business owners) and depth
// (asset classes held at the bank), into four segments; the matrix does not
// use depth, which is there for strategies to read:
//
//	                 potential low     potential mid     potential high
//	value high       maintain          maintain          maintain
//	value mid        develop           develop           grow
//	value low        serve digitally   develop           grow
//
// A bank adds its own dimension on any field of its environment: a
// built-in one, or a score of its own that it gives vipcare.NewEnv, so
// that the spec stays plain data with a complete JSON form. The bands'
// thresholds have the field's decimal places (4 for amounts, 6 for
// shares, 0 for counts):
//
//	env, err := vipcare.NewEnv(nil, policy.Ratio("property_share", vipcare.ShareScale,
//		func(f *vipcare.Figures) (part, whole int64) {
//			return int64(f.Class(vipcare.RealEstate)), int64(f.Wealth)
//		}))
//	spec := segment.Reference()
//	spec.Dimensions = append(spec.Dimensions, segment.Dimension{
//		Name:  "needs.diversify",
//		Doc:   "share of declared wealth in real estate",
//		Score: "property_share",
//		Bands: []segment.Band{
//			{Name: "none", From: decimal.Zero},
//			{Name: "strong", From: decimal.RequireFromString("0.5")},
//		},
//	})
//	spec.Segments = append(spec.Segments, "advise")
//	spec.HitPolicy = policy.First
//	spec.Matrix = append([]policy.Row[string]{{
//		Name: "concentrated in property",
//		When: policy.All(policy.Field("needs.diversify").EQ("strong"), policy.Field("value").GE("mid")),
//		Then: "advise",
//	}}, spec.Matrix...)
//	seg, err := spec.Compile(env)
//
// # Compiling
//
// [Spec.Compile] checks every dimension, band and row at once, located in
// the spec's JSON form, and decides the matrix for every combination of
// bands a client can fall in (when there are at most 4,096), so that rows
// that overlap under the Unique hit policy, the default, are a
// configuration error now, located at "/matrix/j", rather than a failure
// for the first client who falls in the overlap:
//
//	spec := segment.Reference()
//	spec.Matrix[1].When = policy.Field("potential").EQ("high")
//	_, err := spec.Compile(nil)
//	fmt.Println(err)
//	// vipcare: /matrix/1: "high potential": rows overlap in a unique table: "high value" and "high potential" both matched
//
// # Placing clients
//
// [Segmentation.Place] scores a client's figures, finds the band of each
// score and decides the matrix, without allocating:
//
//	seg, err := segment.Reference().Compile(nil)
//	p, err := seg.Place(&f) // f: 800,000 CNY in funds at the bank, a 6,000,000 CNY flat
//	fmt.Println(p) // grow (value mid, potential high, depth shallow)
//
// [Segmentation.Explain] says why: each dimension's band and range, and how
// the matrix decided. Scores, which are client data, appear only when
// [policy.ExplainOptions].Values asks for them, and never a discreet
// client's:
//
//	e, err := seg.Explain(&f, policy.ExplainOptions{})
//	fmt.Println(e)
//	// segment: grow
//	// value: mid, at or above 500,000 and below 2,000,000
//	// potential: high, at or above 4,000,000
//	// depth: shallow, at or above 0 and below 2
//	// matrix:
//	//   hit policy unique
//	//     "high value": no match
//	//       ✗ value == high
//	//   → "high potential": matched
//	// ...
//
// A Segmentation is a book classifier ([Segmentation.Classes],
// [Segmentation.Classify]) whose classes are the segments, so
// book.Distribute and book.Compare report on it as on a ladder.
//
// # Concurrency
//
// A compiled Segmentation is immutable and safe for concurrent use. Nothing
// in this package changes the figures or specs it is given.
package segment
