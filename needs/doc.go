// Package needs makes needs-driven selling the easy way: it infers what
// each client needs, with evidence; it never offers what is unsuitable; and
// it ranks offers by how well they meet a need, not by which product has a
// quota. Banks call this raising clients rather than fattening them (养孩子,
// not 养猪). One [Spec] holds the whole needs policy; [Spec.Compile] makes
// it an [Advisor].
//
// # Needs
//
// A [Need] is a name. The six needs of affluent clients are constants
// ([Integrated], [Recognition], [Preservation], [Advice],
// [Diversification], [RiskManagement]); [Catalogue] describes them, and a
// bank adds its own by detecting it with a scorecard. Plays and products
// name needs of the catalogue or of the spec's scorecards: any other name
// is refused when the spec compiles, with those needs as choices, since a
// play for a misspelt need would never be offered.
//
// # Detection
//
// A [Scorecard] detects one need from [Signal] values: conditions written
// with package policy over the environment's fields (totals, shares, age,
// currencies held, leverage, recent business sales...). A need's strength
// is the sum of the weights of the signals that hold, from 0 to 100 (weak
// below 40, strong from 70); the need is detected at the scorecard's
// minimum. [Reference] ships scorecards for the six needs to copy and tune.
// [Advisor.Detect] fills a [Detection] without allocating;
// [Advisor.Explain] gives each need found with its evidence. For an
// entrepreneur assessed C3, a client since 2018 who owns a linked company,
// with 2,300,000 CNY at the bank and 9,000,000 in the business and
// property:
//
//	env, err := (*vipcare.Env)(nil).Allow("age") // the preservation need reads age, a protected field
//	advisor, err := needs.Reference(sample.Shelf()).Compile(env)
//	det := advisor.Detect(&f)
//	fmt.Println(det.Strength(needs.Integrated)) // 100
//	for _, found := range advisor.Explain(&f, policy.ExplainOptions{}) {
//		fmt.Println(found)
//	}
//	// integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30
//	// recognition (strong, 100): high_aum +50, high_wealth +30, long_relationship +20
//	// advice (strong, 70): property_and_business +40, large_wealth +20, entrepreneur +10
//
// # Products and suitability
//
// The spec's products are the bank's shelf: category, asset class, risk
// rating ([R1] to [R5]), minimum ticket and currency, the needs each
// addresses, whether it is for qualified investors. A product, like a
// play and the spec, decodes strictly through encoding/json too, so that
// a shelf file with a misspelt key ("qualifed_only") is a located
// problem, not a product offered to everyone. A [PackSpec] decides
// suitability (适当性) as data, and every refusal carries a
// machine-readable code: risk matching ([CodeRiskMismatch]; an expired or
// missing assessment blocks every new purchase, [CodeAssessmentExpired] and
// [CodeAssessmentMissing], unless the pack allows R1 principal-protected
// products; the lowest risk-tolerance group gets principal-protected R1
// products only),
// qualified investors (合格投资者, [CodeNotQualified]), the minimum ticket,
// concentration, and the bank's own [Requirement] rules; a [Check] written
// in Go covers the rest, registered by name in the environment with
// [CheckPart] and named in the pack's Checks, so that the pack stays plain
// data (what a client can invest, for the minimum ticket, is likewise a
// measure the pack names):
//
//	env, err := vipcare.NewEnv(nil)
//	env, err = env.WithParts(needs.CheckPart("sanctions", sanctions))
//	spec := needs.ChinaPack()
//	spec.Checks = []string{"sanctions"}
//	pack, err := spec.Compile(env)
//
// [ChinaPack] is the default; a MiFID II style pack is assembled from
// requirements. [Pack.Assess] checks one product and gives every refusal,
// not only the first; none means suitable:
//
//	pack, err := needs.ChinaPack().Compile(nil)
//	fund := needs.Product{Code: "PE-GROWTH", Category: "private_fund", Class: vipcare.Funds, Risk: needs.R4,
//		QualifiedOnly: true, MinTicket: policy.Must(vipcare.NewMoney("1000000", vipcare.CNY))}
//	for _, r := range pack.Assess(nil, &needs.Case{Figures: &f, Product: &fund}) {
//		fmt.Println(r)
//	}
//	// risk_mismatch (product R4 above the client's C3)
//	// not_qualified_investor (qualified investors only: investment experience of 2 years and one of ...)
//
// # Plays and ranking
//
// A [Play] is a conversation that meets needs and proposes product
// categories. [Advisor.Recommend] ranks a client's plays by need strength
// x fit; it drops unsuitable products and says why not,
// honours each play's cool-down given the plays already made
// ([PlayMade]), keeps to a maximum of plays per conversation, and gives a
// client who opted out of profiling (PIPL Art. 24(2)) a non-personalised
// default list. Every recommendation carries its why: the need, its
// evidence, and the suitability of each product. [Advisor.ProductDriven]
// ranks by quota weight, the old way, so that a bank can compare what each
// would offer the same client; it too never offers an unsuitable product.
//
//	history := []needs.PlayMade{{Play: "status_review", Date: asOf.AddDate(0, 0, -10)}}
//	rs := advisor.Recommend(&f, det, history, policy.ExplainOptions{})
//	fmt.Println(rs)
//	// needs-driven:
//	// 1. integrated_banking: meets integrated (strong, 100): entrepreneur +30, corporate_links +40, business_equity +30; offers CCM-SWEEP, ...
//	// 2. advice_session: meets advice (strong, 70): property_and_business +40, large_wealth +20, entrepreneur +10; offers ADV-PORTFOLIO, ...
//	// 3. succession_planning: meets advice (strong, 70): property_and_business +40, large_wealth +20, entrepreneur +10; offers INS-PENSION, INS-EDU
//	fmt.Println(rs.Skipped[0].Play, rs.Skipped[0].Code, rs.Skipped[0].Reason)
//	// status_review cool_down made 10 days ago; cool-down 30 days
//
// # Deciding many clients: Pick
//
// [Advisor.Pick] decides what Recommend decides, for a bank's monthly run
// over its whole book, with no text and no allocation: it appends to
// slices the caller keeps one [Pick] per play (the play, need, strength, fit,
// score, and the [Offers], a fixed-size set over the shelf) and one [Skip]
// per play left out, with its code and no reason. At compile time the
// pack's built-in checks become integer requirements per product (a
// rating, protection, qualified-only, an exact minimum ticket), so that
// the shelf is checked for a client with a few comparisons and bit masks,
// each product at most once; the bank's Go checks run only on the
// products those pass. A shelf holds at most 256 products. Explanations
// come on request, from what was decided, without deciding again:
// [Detection.Explain] explains a detection's needs with their evidence,
// and [Advisor.Recommendations] words Pick's plays and skips as Recommend
// does, with the refusals of the products not offered; or from the codes
// alone: the offered products by [Offers.Codes], the refused ones by
// [Offers.Refused].
//
//	picks, skipped := make([]needs.Pick, 0, 16), make([]needs.Skip, 0, 16)
//	for i := range book {
//		f := &figures[i]
//		picks, skipped = advisor.Pick(picks[:0], skipped[:0], f, advisor.Detect(f), history[i], 0)
//		// 1. integrated_banking for integrated (100), fit 100%, score 70000: 5 products
//	}
//
// # Concurrency
//
// Advisors and packs are immutable and safe for concurrent use. Nothing in
// this package changes the figures, profiles or histories it is given.
package needs
