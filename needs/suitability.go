package needs

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/discreet"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/parts"
	"github.com/vipcare/vipcare/policy"
)

// Reason codes of the built-in suitability checks. A bank's own checks may
// use codes of their own.
const (
	// CodeRiskMismatch: the product's risk rating is above the client's
	// risk level (an R4 product for a C3 client).
	CodeRiskMismatch vipcare.Code = "risk_mismatch"
	// CodeAssessmentMissing: the client has no risk assessment, so no new
	// purchase may be made (a pack may allow R1 principal-protected
	// products: [PackSpec].UnassessedProtectedR1).
	CodeAssessmentMissing vipcare.Code = "assessment_missing"
	// CodeAssessmentExpired: the risk assessment is as old as its
	// validity or older, so no new purchase may be made until it is
	// renewed (a pack may allow R1 principal-protected products:
	// [PackSpec].UnassessedProtectedR1).
	CodeAssessmentExpired vipcare.Code = "assessment_expired"
	// CodeLowestRiskGroup: the client is in the lowest risk-tolerance group
	// within C1 (风险承受能力最低类别) and may buy only R1 principal-protected
	// products.
	CodeLowestRiskGroup vipcare.Code = "lowest_risk_group"
	// CodeNotQualified: the product is for qualified investors only and the
	// client is not one.
	CodeNotQualified vipcare.Code = "not_qualified_investor"
	// CodeMinimumTicket: the product's minimum ticket is above what the
	// client can invest.
	CodeMinimumTicket vipcare.Code = "below_minimum_ticket"
	// CodeConcentration: buying the product would raise its asset class
	// above the allowed share of the client's wealth.
	CodeConcentration vipcare.Code = "concentration"
	// CodeNoRate: the product's minimum ticket is in a currency the
	// valuation has no rate for, so the check cannot be made.
	CodeNoRate vipcare.Code = "no_rate"
	// CodeCurrency: the client's figures are not in the currency of a
	// check's thresholds; amounts are never compared across currencies.
	CodeCurrency vipcare.Code = "currency_mismatch"
)

// Case is what a check looks at: one client, by the figures computed for
// it, and one product. Both are required; checks never change them.
type Case struct {
	// Figures are the client's figures, which also lead to the profile.
	Figures *vipcare.Figures
	// Product is the product offered.
	Product *Product
	// Values lets refusal reasons include the client's own amounts, for a
	// reader entitled to them, never a discreet client's
	// (vipcare.Preferences.Discreet). It is false by default, and reasons
	// then carry only policy: risk levels, thresholds and product data.
	Values bool

	ticket string // Product's minimum ticket as text, when the advisor has it; "" to format it
	// codesOnly asks the built-in checks for their codes alone, with no
	// reason: what a record keeps, without building text.
	codesOnly bool
}

// Refusal is one reason a product is not suitable: the check that refused
// it, a machine-readable code, and a reason for people.
type Refusal struct {
	// Check names the check, e.g. "risk_match".
	Check string `json:"check"`
	// Code is the machine-readable reason.
	Code vipcare.Code `json:"code"`
	// Reason explains the refusal in words, e.g. "product R4 above the
	// client's C3".
	Reason string `json:"reason"`
}

// String returns the code and the reason, e.g.
// "risk_mismatch (product R4 above the client's C3)".
func (r Refusal) String() string { return string(r.Code) + " (" + r.Reason + ")" }

// Check is one suitability rule written in Go, for what a [PackSpec]
// cannot say as data: registered by name in the environment with
// [CheckPart], and run by a pack that names it in Checks. It returns a
// refusal and true when the product is not suitable for the client, and
// false when this rule has no objection. A refusal must carry a code and a
// reason; the reason must not contain the client's amounts or identifiers
// unless [Case].Values is true.
//
// A Check must be safe for concurrent use. It is given a copy of the
// case, so that a case never moves to the heap for it: a decision runs
// the bank's checks with no allocation. It must not change the figures or
// the product the case points to, and to keep [Pack.Assess] and a
// decision free of allocations, it should not allocate when it passes.
//
// A Check is Go, not policy data: it can read any field of the client,
// protected ones (age, from Birth) included. The environment's protection
// of fields and the document's justifications govern the policy's rules,
// not a check, and a record's Justified does not name what a check reads.
// Review a bank's own check with the document that names it, and give a
// changed check a new name: the policy's digest covers the name, not the
// code.
type Check interface {
	Check(c Case) (Refusal, bool)
}

// CheckFunc adapts a function to a [Check].
type CheckFunc func(c Case) (Refusal, bool)

// Check calls f(c).
func (f CheckFunc) Check(c Case) (Refusal, bool) { return f(c) }

// CheckPart returns c as a part named name, for vipcare.Env.WithParts: a
// [PackSpec] compiled in that environment runs it by naming it in Checks,
// and a refusal of it that names no check carries name. The names of the
// built-in checks (risk_match, qualified_investor, minimum_ticket,
// concentration) are refused, and so is a nil c.
func CheckPart(name string, c Check) vipcare.Part {
	var v any = c
	if f, isFunc := c.(CheckFunc); c == nil || isFunc && f == nil {
		v = nil
	}
	return parts.New(checkKind, name, v, func(name string) bool {
		return slices.Contains([]string{riskCheck, qualifiedCheck, ticketCheck, concentrationCheck}, name)
	})
}

// The kinds of parts a pack names: its own checks, and the measure of
// what a client can invest, which tier.MeasurePart registers.
const (
	checkKind   = "check"
	measureKind = "measure"
)

// measure is what tier.Measure is, for a measure registered in the
// environment.
type measure interface {
	Measure(f *vipcare.Figures) (vipcare.Amount, error)
}

// PackSpec is a bank's suitability policy (适当性): the checks every product
// must pass before it is offered, as data. Its zero value checks nothing.
//
// Suitability is the duty to sell a client only what suits the client. In
// China the CSRC's 证券期货投资者适当性管理办法 (Measures for the Suitability
// Management of Securities and Futures Investors, 2017) has firms grade
// ordinary investors by risk tolerance (C1 to C5, with a lowest group
// inside C1) and products by risk (R1 to R5), and forbids selling a product
// above the client's level; the 资管新规 (Guiding Opinions on Asset
// Management Business, 2018) reserves private products for qualified
// investors (合格投资者) and sets their thresholds. A not-suitable verdict
// is a decision with reasons, not an error: each [Refusal] names levels,
// thresholds and product data, which are policy, and shows the client's own
// amounts only when [Case].Values asks for them.
//
// The checks run in the order of the fields, and every one runs, so that a
// verdict gives every reason a product does not suit.
type PackSpec struct {
	// Name names the pack, e.g. "china".
	Name string `json:"name"`
	// RiskValidityMonths turns on risk matching, the check named
	// "risk_match" of the CSRC suitability measures: a client assessed C1
	// may buy up to R1, C2 up to R2, and so on to C5 up to R5
	// ([CodeRiskMismatch]). A client in the lowest risk-tolerance group
	// (vipcare.Profile.LowestRiskGroup) may buy only R1 products whose
	// principal is protected ([CodeLowestRiskGroup]), even at the client's
	// own request. An assessment is required before any new purchase (the
	// 资管新规 of 2018) and expires: a client with no risk level or no
	// assessment date, or one dated after the as-of date, may buy nothing
	// ([CodeAssessmentMissing]), and
	// neither may one whose assessment is RiskValidityMonths or more whole
	// calendar months old on the as-of date ([CodeAssessmentExpired]).
	// Banks commonly re-assess every 12 months. 0 turns the check off; at
	// most 120.
	RiskValidityMonths int `json:"risk_validity_months,omitempty"`
	// UnassessedProtectedR1 lets a client whose risk assessment is missing
	// or expired buy R1 products whose principal is protected (and nothing
	// else, with the same codes), for a bank whose rules allow it: it
	// must opt in. It needs RiskValidityMonths (policy.ErrMissing).
	UnassessedProtectedR1 bool `json:"unassessed_protected_r1,omitempty"`
	// QualifiedInvestor, if set, is the check named "qualified_investor":
	// products marked Product.QualifiedOnly go only to clients who pass
	// the rule ([CodeNotQualified]). Figures in another currency than the
	// rule's are refused with [CodeCurrency], never compared across
	// currencies.
	QualifiedInvestor *QualifiedInvestorRule `json:"qualified_investor,omitempty"`
	// MinimumTicket turns on the check named "minimum_ticket": the
	// product's minimum ticket (for private products under the 资管新规 at
	// least 300,000 CNY for fixed income up to 1,000,000 CNY for equity)
	// must be within what the client can invest ([CodeMinimumTicket]). A
	// product with no minimum ticket passes; a ticket that cannot be
	// converted into the figures' currency is refused with [CodeNoRate].
	MinimumTicket bool `json:"minimum_ticket,omitempty"`
	// Investable names what the client can invest, for the minimum
	// ticket: "" means the client's deposits at the bank; another name is
	// a measure registered in the environment with tier.MeasurePart
	// ("investable", say, for tier.AUM()), measured as of the figures'
	// date. A client whose measure fails is refused with
	// [CodeMinimumTicket].
	Investable string `json:"investable,omitempty"`
	// MaxConcentration, if not zero, is the check named "concentration":
	// buying the product's minimum ticket must not raise the product's
	// asset class above this share of the client's wealth
	// ([CodeConcentration]); it refuses when
	//
	//	class total + ticket > MaxConcentration × (wealth + ticket)
	//
	// with the class total and wealth over everything the client declared,
	// at the bank and off. This is a bank's prudence rule rather than a
	// regulation: affluent clients already hold much in real estate and
	// their own business, and a needs-driven sale should diversify them,
	// not deepen a concentration. The comparison is exact. A
	// principal-protected product passes, since more of it concentrates no
	// risk; so does a product with no minimum ticket. It is a share in
	// (0, 1] with at most 18 decimal places.
	MaxConcentration decimal.Decimal `json:"max_concentration"`
	// Require are the bank's own rules as data: products rated from a
	// level up require the client to satisfy a condition. MiFID II (Art.
	// 25(2)) asks for the client's knowledge and experience, financial
	// situation including the ability to bear losses, and investment
	// objectives including risk tolerance, each of which a bank writes as
	// a condition over the client's figures.
	Require []Requirement `json:"require,omitempty"`
	// Checks name the bank's own checks, written in Go and registered in
	// the environment with [CheckPart], run last in this order.
	Checks []string `json:"checks,omitempty"`
}

// UnmarshalJSON decodes s strictly, as policy.Unmarshal does: an unknown
// key, a key in the wrong case, a repeated key or a value of the wrong type
// is a problem located by a JSON pointer and a line and column, never
// silently dropped. s is set only when there is none.
func (s *PackSpec) UnmarshalJSON(b []byte) error {
	type plain PackSpec
	return policy.Unmarshal(b, (*plain)(s))
}

// QualifiedInvestorRule gives the qualified-investor (合格投资者) test: at
// least MinExperienceYears of investment experience and at least one of
// net financial assets, financial assets or average annual income over the
// last three years at or above its threshold, in Currency. A zero
// threshold leaves its branch out; at least one branch is required.
type QualifiedInvestorRule struct {
	// Currency is the currency of the thresholds; the client's figures
	// must be in it.
	Currency           vipcare.Currency `json:"currency"`
	MinExperienceYears int              `json:"min_experience_years,omitempty"`
	// NetFinancialAssets, FinancialAssets and AverageIncome are the
	// thresholds of the three branches.
	NetFinancialAssets decimal.Decimal `json:"net_financial_assets"`
	FinancialAssets    decimal.Decimal `json:"financial_assets"`
	AverageIncome      decimal.Decimal `json:"average_income"`
}

// Requirement is a bank's own suitability rule as data: products rated From
// or above require the client to satisfy When, and are refused with Code
// otherwise. The refusal cites the condition, which is policy; with
// [Case].Values it adds the client's values of the fields it compares.
type Requirement struct {
	// Check names the check in refusals, e.g. "mifid_knowledge".
	Check string `json:"check"`
	// Code is the refusal's code.
	Code vipcare.Code `json:"code"`
	// From is the lowest rating the requirement applies to.
	From RiskRating `json:"from"`
	// When is the condition the client must satisfy, over the fields of
	// the environment's schema.
	When policy.Cond `json:"when"`
}

// ChinaPack returns the default pack for Chinese retail banks, named
// "china": risk matching with a 12-month validity of the assessment;
// qualified-investor products only for qualified investors under the
// 资管新规 (two years of investment experience and net financial assets of
// at least 3,000,000 CNY, financial assets of at least 5,000,000 CNY, or an
// average annual income over the last three years of at least 400,000 CNY;
// the rules speak of household financial assets, and the client's declared
// vipcare.InvestorFacts stand for them); the minimum ticket within the
// client's deposits at the bank; and a purchase must not raise its asset
// class above half of the client's wealth. It expects figures in CNY. It
// is a new value each call.
func ChinaPack() PackSpec {
	return PackSpec{
		Name:               "china",
		RiskValidityMonths: 12,
		QualifiedInvestor: &QualifiedInvestorRule{
			Currency:           vipcare.CNY,
			MinExperienceYears: 2,
			NetFinancialAssets: decimal.NewFromInt(3_000_000),
			FinancialAssets:    decimal.NewFromInt(5_000_000),
			AverageIncome:      decimal.NewFromInt(400_000),
		},
		MinimumTicket:    true,
		MaxConcentration: decimal.New(5, -1),
	}
}

// Pack is a compiled [PackSpec]. It is immutable and safe for concurrent
// use.
type Pack struct {
	checks  []Check
	labels  []string // by check, for refusals that name none
	reasons []string // by check, "refused by" its label, for refusals that give no reason
}

// Compile compiles the pack in env (nil means the default environment),
// reporting every problem at once as policy.Problems located in the spec's
// JSON form: a validity outside 0 to 120 months (policy.ErrOutOfRange at
// "/risk_validity_months"); UnassessedProtectedR1 without a validity
// (policy.ErrMissing at "/risk_validity_months"); a qualified-investor rule with a malformed
// currency, negative experience, a threshold that is negative or not an
// exact amount, or no branch ("/qualified_investor/..."); a concentration
// share outside (0, 1] or with more than 18 places
// ("/max_concentration"); a requirement without a check name, code or
// condition (policy.ErrMissing), with a rating other than R1 to R5
// (policy.ErrUnknown), and every problem of its condition
// ("/require/i/when/..."); an investable that is no measure registered in
// env (policy.ErrUnknown at "/investable", with the registered measures as
// choices); a check name that is empty (policy.ErrMissing), repeated
// (policy.ErrDuplicate) or no check registered in env (policy.ErrUnknown,
// with the registered checks as choices), at "/checks/i". The name is
// optional, and the zero PackSpec is a pack that checks nothing.
func (s PackSpec) Compile(env *vipcare.Env) (*Pack, error) {
	var ps policy.Problems
	fail := func(path string, err error, choices ...string) {
		ps = append(ps, policy.Problem{Path: path, Name: s.Name, Err: err, Choices: choices})
	}
	p := &Pack{}
	add := func(c Check, label string) {
		p.checks = append(p.checks, c)
		p.labels = append(p.labels, label)
		p.reasons = append(p.reasons, "refused by "+label)
	}
	switch v := s.RiskValidityMonths; {
	case v < 0 || v > 120:
		fail("/risk_validity_months", policy.ErrOutOfRange)
	case v > 0:
		add(newRiskMatch(v, s.UnassessedProtectedR1), riskCheck)
	case s.UnassessedProtectedR1:
		fail("/risk_validity_months", policy.ErrMissing)
	}
	if s.QualifiedInvestor != nil {
		if q, err := compileQualified(*s.QualifiedInvestor); err != nil {
			ps.Add("/qualified_investor", s.Name, err)
		} else {
			add(q, qualifiedCheck)
		}
	}
	investable := measure(depositsAtBank{})
	if s.Investable != "" {
		m, err := parts.Lookup[measure](env.Parts(measureKind), s.Investable, "/investable")
		ps.Add("", "", err)
		investable = m
	}
	if s.MinimumTicket && investable != nil {
		add(minimumTicket{investable}, ticketCheck)
	}
	if !s.MaxConcentration.IsZero() {
		const one = 1_000_000_000_000_000_000 // the share is a count of 10^-18
		m, ok := num.FromDecimal(s.MaxConcentration, 18, one)
		if !ok || m <= 0 {
			fail("/max_concentration", policy.ErrOutOfRange)
		} else {
			add(concentration{max: uint64(m), text: " above " + s.MaxConcentration.Shift(2).String() + "% of wealth"},
				concentrationCheck)
		}
	}
	for i, r := range s.Require {
		if c, err := compileRequirement(r, env.Schema()); err != nil {
			ps.Add("/require/"+strconv.Itoa(i), r.Check, err)
		} else {
			add(c, r.Check)
		}
	}
	checks := env.Parts(checkKind)
	for i, name := range s.Checks {
		path := "/checks/" + strconv.Itoa(i)
		switch {
		case name == "":
			fail(path, policy.ErrMissing)
		case slices.Contains(s.Checks[:i], name):
			ps = append(ps, policy.Problem{Path: path, Name: name, Err: policy.ErrDuplicate})
		default:
			c, err := parts.Lookup[Check](checks, name, path)
			ps.Add("", "", err)
			add(c, name)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// Assess runs every check of the pack on c, not only up to the first
// refusal, appends the refusals to dst and returns the extended slice: an
// empty result means the product is suitable. A refusal without a check
// name is labelled with the name its check is registered under; a bank's
// check that gave no code or no reason gets that name as its code and
// "refused by" it as its reason, so that a record still says why. Assess
// does not allocate when the product passes and dst has room, with a Case
// declared in the caller's frame: the checks are given a copy of it.
//
// c.Figures and c.Product must not be nil: Assess panics otherwise.
func (p *Pack) Assess(dst []Refusal, c *Case) []Refusal {
	if c == nil || c.Figures == nil || c.Product == nil {
		panic("needs: Pack.Assess: nil case, figures or product")
	}
	for i, ch := range p.checks {
		r, refused := ch.Check(*c)
		if !refused {
			continue
		}
		if r.Check == "" {
			r.Check = p.labels[i]
		}
		if r.Code == "" { // a bank's check that gave no code: a record must still say which refused
			r.Code = vipcare.Code(p.labels[i])
		}
		if r.Reason == "" && !c.codesOnly { // a record asks for codes alone: the built-in checks give none
			r.Reason = p.reasons[i]
		}
		dst = append(dst, r)
	}
	return dst
}

// values reports whether c's reasons may show the client's own amounts:
// when asked, and never a discreet client's.
func (c *Case) values() bool { return discreet.Values(c.Values, c.Figures) }
