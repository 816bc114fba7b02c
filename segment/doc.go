// Package segment places VIP clients in segments on several dimensions at
// once, so that RM time goes where it counts: value, potential,
// relationship depth, or any score a bank computes.
//
// # Dimensions and bands
//
// A [Spec] has [Dimension] values, each a score computed from the client's
// figures and cut into [Band] values from the lowest up, and a segment
// matrix: a policy decision table from the bands to a segment. In the
// matrix each dimension is an enum field whose values are its bands in
// order, so a row reads
//
//	policy.All(policy.Field("value").EQ("mid"), policy.Field("potential").In("low", "mid"))
//
// [Reference] scores value (AUM at the bank), potential (declared
// off-bank wealth, plus a head start for business owners) and depth
// (asset classes held at the bank), into four segments:
//
//	                 potential low     potential mid     potential high
//	value high       maintain          maintain          maintain
//	value mid        develop           develop           grow
//	value low        serve digitally   develop           grow
//
// # Compiling
//
// [Spec.Compile] checks every dimension, band and row at once, and decides
// the matrix for every combination of bands a client can fall in, so that
// rows that overlap under the Unique hit policy are a configuration error
// now, located at "/matrix/j", rather than a failure for the first client
// who falls in the overlap.
//
//	seg, err := segment.Reference().Compile(nil)
//
// # Placing clients
//
// [Segmentation.Place] scores a client's figures, finds the band of each
// score and decides the matrix, without allocating:
//
//	p, err := seg.Place(&f)
//	fmt.Println(p) // grow (value mid, potential high, depth shallow)
//
// [Segmentation.Explain] says why: each dimension's band and range, and how
// the matrix decided. Scores, which are client data, appear only when
// policy.ExplainOptions.Values asks for them:
//
//	segment: grow
//	value: mid, at or above 500,000 and below 2,000,000
//	potential: high, at or above 4,000,000
//	depth: shallow, at or above 0 and below 2
//
// A Segmentation is a book.Classifier whose classes are the segments, so
// book.Distribute and book.Compare report on it as on a ladder.
//
// # Concurrency
//
// A compiled Segmentation is immutable and safe for concurrent use. Nothing
// in this package changes the figures or specs it is given.
package segment
