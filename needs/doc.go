// Package needs makes needs-driven selling the easy way: it infers what
// each client needs, with evidence; it never offers what is unsuitable; and
// it ranks offers by how well they meet a need, not by which product has a
// quota. Banks call this raising clients rather than fattening them (养孩子,
// not 养猪).
//
// # Needs
//
// A [Need] is a name. The six needs of affluent clients are constants
// ([Integrated], [Recognition], [Preservation], [Advice],
// [Diversification], [RiskManagement]); [Catalogue] describes them, and a
// bank adds its own by using a new name.
//
// # Detection
//
// A [Rule] detects one need from [Signal] values: conditions written with
// package policy over the fields of [Schema] (vipcare's fields, plus age,
// currencies held, concentration, leverage, recent business sales...). A
// need's strength is the sum of the weights of the signals that hold, from 0
// to 100 ([Weak], [Moderate], [Strong]); the need is detected at the rule's
// minimum. [ReferenceDetectors] ships rules for the six needs to copy and
// tune. [Detector.Detect] fills a fixed-size [Detection] without
// allocating; [Detector.Explain] gives each need's evidence: the signals
// that fired, with field names and thresholds, and the client's values only
// when asked.
//
// # Products and suitability
//
// A [Shelf] is the caller's products: category, asset class, risk rating
// ([R1] to [R5]), minimum ticket and currency, region, the needs each
// addresses, whether it is for qualified investors. A [Pack] of [Check]
// values decides suitability (适当性), and every refusal carries a
// machine-readable [Code]: [RiskMatch] (a product's risk must not exceed
// the client's level; an expired or missing assessment blocks everything
// above R1; the lowest risk-tolerance group gets principal-protected R1
// products only), [QualifiedInvestor] (合格投资者), [MinimumTicket],
// [Concentration], and [Require] for a bank's own rules. [ChinaPack] is the
// default; a MiFID II style pack is assembled from the same parts.
//
// # Plays and ranking
//
// A [Play] is a conversation that meets needs and proposes product
// categories. A [Recommender] ranks a client's plays by need strength x fit
// x client value ([NeedsDriven]); it drops unsuitable products and says why
// not, honours each play's cool-down given the contact history, keeps to a
// maximum of plays per conversation, and gives a client who opted out of
// profiling (PIPL Art. 24(2)) a non-personalised default list. Every
// recommendation carries its why: the need, its evidence, and the
// suitability of each product. [ProductDriven] ranks by quota weight, the
// old way, so that a bank can compare what each would offer the same
// client; it too never offers an unsuitable product.
//
// # Concurrency
//
// Detectors, shelves, packs and recommenders are immutable and safe for
// concurrent use. Nothing in this package changes the figures, profiles or
// histories it is given.
package needs
