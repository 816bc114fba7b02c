package needs

import (
	"encoding/json"
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// Code is a machine-readable reason code.
type Code string

// Reason codes of the built-in checks. A bank's own checks may use codes of
// their own.
const (
	// CodeRiskMismatch: the product's risk rating is above the client's
	// risk level (an R4 product for a C3 client).
	CodeRiskMismatch Code = "risk_mismatch"
	// CodeAssessmentMissing: the client has no risk assessment, so nothing
	// above R1 may be sold.
	CodeAssessmentMissing Code = "assessment_missing"
	// CodeAssessmentExpired: the risk assessment is older than its
	// validity, so nothing above R1 may be sold until it is renewed.
	CodeAssessmentExpired Code = "assessment_expired"
	// CodeLowestRiskGroup: the client is in the lowest risk-tolerance group
	// within C1 (风险承受能力最低类别) and may buy only R1 principal-protected
	// products.
	CodeLowestRiskGroup Code = "lowest_risk_group"
	// CodeNotQualified: the product is for qualified investors only and the
	// client is not one.
	CodeNotQualified Code = "not_qualified_investor"
	// CodeMinimumTicket: the product's minimum ticket is above what the
	// client can invest.
	CodeMinimumTicket Code = "below_minimum_ticket"
	// CodeConcentration: buying the product would raise its asset class
	// above the allowed share of the client's wealth.
	CodeConcentration Code = "concentration"
	// CodeNoRate: the product's minimum ticket is in a currency the
	// valuation has no rate for, so the check cannot be made.
	CodeNoRate Code = "no_rate"
	// CodeCurrency: the client's figures are not in the currency of a
	// check's thresholds; amounts are never compared across currencies.
	CodeCurrency Code = "currency_mismatch"
)

// Case is what a check looks at: one client, by the figures computed for
// it, and one product. Both are required; checks never change them.
type Case struct {
	// Figures are the client's figures, which also lead to the profile.
	Figures *vipcare.Figures
	// Product is the product offered.
	Product *Product
	// Values lets refusal reasons include the client's own amounts, for a
	// reader entitled to them. It is false by default, and reasons then
	// carry only policy: risk levels, thresholds and product data.
	Values bool
}

// Refusal is one reason a product is not suitable: the check that refused
// it, a machine-readable code, and a reason for people.
type Refusal struct {
	// Check names the check, e.g. "risk_match".
	Check string `json:"check"`
	// Code is the machine-readable reason.
	Code Code `json:"code"`
	// Reason explains the refusal in words, e.g. "product R4 above the
	// client's C3".
	Reason string `json:"reason"`
}

// String returns the code and the reason, e.g.
// "risk_mismatch (product R4 above the client's C3)".
func (r Refusal) String() string { return string(r.Code) + " (" + r.Reason + ")" }

// Check is one suitability rule. It returns a refusal and true when the
// product is not suitable for the client, and false when this rule has no
// objection. A refusal must carry a code and a reason; the reason must not
// contain the client's amounts or identifiers unless [Case].Values is true.
//
// A Check must be safe for concurrent use and must not change the case. To
// keep [Pack.Assess] free of allocations, it should not allocate when it
// passes.
type Check interface {
	Check(c *Case) (Refusal, bool)
}

// CheckFunc adapts a function to a [Check].
type CheckFunc func(c *Case) (Refusal, bool)

// Check calls f(c).
func (f CheckFunc) Check(c *Case) (Refusal, bool) { return f(c) }

// MaxChecks is the most checks a [Pack] may hold, so that a [Verdict] is a
// fixed-size value.
const MaxChecks = 8

// Verdict is the outcome of a [Pack] on one product: suitable, or every
// refusal, in the order of the pack's checks. It is a fixed-size value that
// costs no allocation when the product is suitable. The zero Verdict is
// suitable.
type Verdict struct {
	refusals [MaxChecks]Refusal
	n        int
}

// OK reports whether the product is suitable: no check refused it.
func (v Verdict) OK() bool { return v.n == 0 }

// Refusals returns a copy of the refusals, nil when the product is suitable.
func (v Verdict) Refusals() []Refusal {
	if v.n == 0 {
		return nil
	}
	out := make([]Refusal, v.n)
	copy(out, v.refusals[:v.n])
	return out
}

// Has reports whether a refusal has the given code.
func (v Verdict) Has(code Code) bool {
	for i := 0; i < v.n; i++ {
		if v.refusals[i].Code == code {
			return true
		}
	}
	return false
}

// String returns "suitable", or "not suitable: " and every refusal, e.g.
// "not suitable: risk_mismatch (product R4 above the client's C3);
// not_qualified_investor (...)".
func (v Verdict) String() string {
	if v.n == 0 {
		return "suitable"
	}
	var b strings.Builder
	b.WriteString("not suitable: ")
	for i := 0; i < v.n; i++ {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.refusals[i].String())
	}
	return b.String()
}

type verdictJSON struct {
	Suitable bool      `json:"suitable"`
	Refusals []Refusal `json:"refusals,omitempty"`
}

// MarshalJSON encodes the verdict as {"suitable": ..., "refusals": [...]}.
func (v Verdict) MarshalJSON() ([]byte, error) {
	return json.Marshal(verdictJSON{Suitable: v.OK(), Refusals: v.Refusals()})
}

// UnmarshalJSON decodes the form [Verdict.MarshalJSON] writes. It fails with
// [ErrTooMany] for more than [MaxChecks] refusals and with [ErrEmpty] when
// "suitable" contradicts the refusals.
func (v *Verdict) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil // the encoding/json convention
	}
	var j verdictJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	switch {
	case len(j.Refusals) > MaxChecks:
		return &Error{Path: "verdict.refusals", Err: ErrTooMany}
	case j.Suitable != (len(j.Refusals) == 0):
		return &Error{Path: "verdict.refusals", Err: ErrEmpty}
	}
	*v = Verdict{}
	v.n = copy(v.refusals[:], j.Refusals)
	return nil
}

// Pack is a named set of checks: a bank's suitability policy, such as
// [ChinaPack] or a MiFID II style pack assembled from [Require] checks. A
// Pack is immutable and safe for concurrent use.
//
// Suitability (适当性) is the duty to sell a client only what suits the
// client. In China the CSRC's 证券期货投资者适当性管理办法 (Measures for the
// Suitability Management of Securities and Futures Investors, 2017) has
// firms grade ordinary investors by risk tolerance (C1 to C5, with a lowest
// group inside C1) and products by risk (R1 to R5), and forbids selling a
// product above the client's level; the 资管新规 (Guiding Opinions on Asset
// Management Business, 2018) reserves private products for qualified
// investors (合格投资者) and sets their thresholds. A not-suitable verdict
// is a decision with reasons, not an error: each [Refusal] names levels,
// thresholds and product data, which are policy, and shows the client's own
// amounts only when [Case].Values asks for them.
type Pack struct {
	name   string
	checks []Check
	labels []string // "checks[i]", for refusals that do not name their check
}

// NewPack returns a pack that runs checks in order. It reports every problem
// at once as [*Error] values: an empty name ([ErrName]), no checks or a nil
// check ([ErrEmpty]), more than [MaxChecks] checks ([ErrTooMany]).
func NewPack(name string, checks ...Check) (*Pack, error) {
	var errs []error
	fail := func(path string, err error) { errs = append(errs, &Error{Path: path, Name: name, Err: err}) }
	if name == "" {
		fail("name", ErrName)
	}
	switch {
	case len(checks) == 0:
		fail("checks", ErrEmpty)
	case len(checks) > MaxChecks:
		fail("checks", ErrTooMany)
	}
	p := &Pack{name: name, checks: make([]Check, len(checks)), labels: make([]string, len(checks))}
	for i, c := range checks {
		label := "checks[" + strconv.Itoa(i) + "]"
		if f, isFunc := c.(CheckFunc); c == nil || isFunc && f == nil {
			fail(label, ErrEmpty)
		}
		p.checks[i], p.labels[i] = c, label
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// MustPack is like [NewPack] but panics on error, for packs written as
// literals.
func MustPack(name string, checks ...Check) *Pack {
	p, err := NewPack(name, checks...)
	if err != nil {
		panic(err)
	}
	return p
}

// Name returns the pack's name.
func (p *Pack) Name() string { return p.name }

// Assess runs every check of the pack on c, not only up to the first
// refusal, so that the verdict gives every reason a product does not suit.
// A refusal without a check name is labelled "checks[i]". Assess does not
// allocate when the product passes (refusals build their reasons); c is
// passed to the checks through an interface, so a Case declared in the
// caller's frame moves to the heap: reuse one Case, for instance one per
// goroutine, to assess many products with no allocation at all.
//
// c.Figures and c.Product must not be nil: Assess panics otherwise.
func (p *Pack) Assess(c *Case) Verdict {
	if c == nil || c.Figures == nil || c.Product == nil {
		panic("needs: Pack.Assess: nil case, figures or product")
	}
	var v Verdict
	for i, ch := range p.checks {
		r, refused := ch.Check(c)
		if !refused {
			continue
		}
		if r.Check == "" {
			r.Check = p.labels[i]
		}
		v.refusals[v.n] = r
		v.n++
	}
	return v
}

// ChinaPack returns the default pack for Chinese retail banks, named
// "china":
//
//   - [RiskMatch](12): product risk within the client's level, with the
//     lowest group and a 12-month validity of the assessment;
//   - [QualifiedInvestor]([ChinaQualifiedInvestor]()): qualified-investor
//     products only for qualified investors under the 资管新规;
//   - [MinimumTicket](nil): the minimum ticket within the client's deposits
//     at the bank;
//   - [Concentration](0.5): the purchase must not raise its asset class
//     above half of the client's wealth.
//
// It expects figures in CNY. It is a new pack each call: build it once and
// reuse it.
func ChinaPack() *Pack {
	return MustPack("china",
		RiskMatch(12),
		QualifiedInvestor(ChinaQualifiedInvestor()),
		MinimumTicket(nil),
		Concentration(decimal.New(5, -1)),
	)
}

// RiskMatch returns the risk-matching check, named "risk_match", of the
// CSRC suitability measures: a client assessed C1 may buy up to R1, C2 up
// to R2, and so on to C5 up to R5 (otherwise [CodeRiskMismatch]). A client in
// the lowest risk-tolerance group ([vipcare.Profile].LowestRiskGroup) may buy
// only R1 products whose principal is protected ([CodeLowestRiskGroup]),
// even at the client's own request.
//
// An assessment is required and expires: a client with no risk level or no
// assessment date may buy nothing above R1 ([CodeAssessmentMissing]), and
// neither may one whose assessment is validityMonths or more whole calendar
// months old on the as-of date ([CodeAssessmentExpired], see
// [vipcare.MonthsBetween]). Banks commonly re-assess every 12 months;
// validityMonths below 1 means 12. A product with no valid rating is
// refused as a mismatch.
func RiskMatch(validityMonths int) Check {
	if validityMonths < 1 {
		validityMonths = 12
	}
	return riskMatch{validity: validityMonths, text: strconv.Itoa(validityMonths)}
}

type riskMatch struct {
	validity int
	text     string
}

const riskCheck = "risk_match"

func (r riskMatch) Check(c *Case) (Refusal, bool) {
	p, prod := c.Figures.Profile, c.Product
	if prod.Risk < R1 || prod.Risk > R5 {
		return Refusal{riskCheck, CodeRiskMismatch, "product " + c.Product.Risk.String() + ": no valid risk rating"}, true
	}
	assessed := p.Risk.IsAssessed() && !p.RiskAssessed.IsZero()
	if prod.Risk > R1 {
		if !assessed {
			return Refusal{riskCheck, CodeAssessmentMissing,
				"no risk assessment: nothing above R1 (product " + prod.Risk.String() + ")"}, true
		}
		if age := vipcare.MonthsBetween(p.RiskAssessed, c.Figures.AsOf); age >= r.validity {
			reason := "risk assessment older than " + r.text + " months: nothing above R1 (product " + prod.Risk.String() + ")"
			if c.Values {
				reason += " (assessed " + strconv.Itoa(age) + " months ago)"
			}
			return Refusal{riskCheck, CodeAssessmentExpired, reason}, true
		}
	}
	if p.LowestRiskGroup && (prod.Risk != R1 || !prod.Protected) {
		reason := "lowest risk group: only R1 principal-protected products (product " + prod.Risk.String()
		if !prod.Protected {
			reason += ", not protected"
		}
		return Refusal{riskCheck, CodeLowestRiskGroup, reason + ")"}, true
	}
	if assessed && int(prod.Risk) > int(p.Risk) {
		return Refusal{riskCheck, CodeRiskMismatch,
			"product " + prod.Risk.String() + " above the client's " + p.Risk.String()}, true
	}
	return Refusal{}, false
}

// QualifiedInvestorRule gives the qualified-investor (合格投资者) test: at
// least MinExperienceYears of investment experience and at least one of
// net financial assets, financial assets or average annual income over the
// last three years at or above its threshold, in Currency.
//
// A zero threshold leaves its branch out; at least one branch is required.
// MinExperienceYears of 0 requires no experience.
type QualifiedInvestorRule struct {
	// Currency is the currency of the thresholds; the client's figures
	// must be in it.
	Currency           vipcare.Currency
	MinExperienceYears int
	// NetFinancialAssets, FinancialAssets and AverageIncome are the
	// thresholds of the three branches.
	NetFinancialAssets decimal.Decimal
	FinancialAssets    decimal.Decimal
	AverageIncome      decimal.Decimal
}

// ChinaQualifiedInvestor returns the thresholds of the 资管新规 for natural
// persons: two years of investment experience and net financial assets of
// at least 3,000,000 CNY, financial assets of at least 5,000,000 CNY, or an
// average annual income over the last three years of at least 400,000 CNY.
// (The rules speak of household financial assets; the client's declared
// [vipcare.InvestorFacts] stand for them.)
func ChinaQualifiedInvestor() QualifiedInvestorRule {
	return QualifiedInvestorRule{
		Currency:           vipcare.CNY,
		MinExperienceYears: 2,
		NetFinancialAssets: decimal.NewFromInt(3_000_000),
		FinancialAssets:    decimal.NewFromInt(5_000_000),
		AverageIncome:      decimal.NewFromInt(400_000),
	}
}

// QualifiedInvestor returns the check, named "qualified_investor", that
// products marked [Product].QualifiedOnly go only to clients who pass q
// ([CodeNotQualified]); other products pass. Figures in another currency
// than q.Currency are refused with [CodeCurrency], never compared across
// currencies.
//
// The thresholds are converted once, here. QualifiedInvestor panics on a
// malformed rule, a programmer error like a bad pattern for
// regexp.MustCompile: a malformed currency, negative experience, a negative
// threshold or one that is not an exact [vipcare.Amount], or no branch.
func QualifiedInvestor(q QualifiedInvestorRule) Check {
	const where = "needs: QualifiedInvestor: "
	if !q.Currency.IsValid() {
		panic(where + "malformed currency " + strconv.Quote(string(q.Currency)))
	}
	if q.MinExperienceYears < 0 {
		panic(where + "negative MinExperienceYears")
	}
	threshold := func(name string, d decimal.Decimal) vipcare.Amount {
		a, err := vipcare.ToAmount(d)
		if err != nil || a < 0 {
			panic(where + "malformed threshold " + name + " " + strconv.Quote(d.String()))
		}
		return a
	}
	qi := qualified{
		cur:    q.Currency,
		minExp: q.MinExperienceYears,
		nfa:    threshold("NetFinancialAssets", q.NetFinancialAssets),
		fa:     threshold("FinancialAssets", q.FinancialAssets),
		income: threshold("AverageIncome", q.AverageIncome),
	}
	var branches []string
	add := func(a vipcare.Amount, what string) {
		if a > 0 {
			branches = append(branches, what+" >= "+a.Grouped()+" "+string(q.Currency))
		}
	}
	add(qi.nfa, "net financial assets")
	add(qi.fa, "financial assets")
	add(qi.income, "average income over 3 years")
	if len(branches) == 0 {
		panic(where + "no threshold")
	}
	exp := "investment experience of " + strconv.Itoa(q.MinExperienceYears) + " years"
	assets := strings.Join(branches, " or ")
	if len(branches) > 1 {
		assets = "one of " + strings.Join(branches, ", ")
	}
	qi.noExp = "qualified investors only: " + exp + " required"
	qi.noAssets = "qualified investors only: " + assets + " required"
	qi.neither = "qualified investors only: " + exp + " and " + assets + " required"
	qi.currency = "qualified-investor thresholds in " + string(q.Currency) + ", figures in "
	return qi
}

type qualified struct {
	cur                      vipcare.Currency
	minExp                   int
	nfa, fa, income          vipcare.Amount
	noExp, noAssets, neither string // reasons, built once
	currency                 string
}

const qualifiedCheck = "qualified_investor"

func (q qualified) Check(c *Case) (Refusal, bool) {
	if !c.Product.QualifiedOnly {
		return Refusal{}, false
	}
	f := c.Figures
	if f.Currency != q.cur {
		return Refusal{qualifiedCheck, CodeCurrency, q.currency + string(f.Currency)}, true
	}
	exp := f.Profile.Investor.ExperienceYears >= q.minExp
	assets := q.nfa > 0 && f.NetFinancialAssets >= q.nfa ||
		q.fa > 0 && f.FinancialAssets >= q.fa ||
		q.income > 0 && f.AverageIncome3Y >= q.income
	var reason string
	switch {
	case exp && assets:
		return Refusal{}, false
	case assets:
		reason = q.noExp
	case exp:
		reason = q.noAssets
	default:
		reason = q.neither
	}
	if c.Values {
		cur := " " + string(f.Currency)
		reason += " (client: " + strconv.Itoa(f.Profile.Investor.ExperienceYears) + " years, net financial assets " +
			f.NetFinancialAssets.Grouped() + cur + ", financial assets " + f.FinancialAssets.Grouped() + cur +
			", average income " + f.AverageIncome3Y.Grouped() + cur + ")"
	}
	return Refusal{qualifiedCheck, CodeNotQualified, reason}, true
}

// MinimumTicket returns the check, named "minimum_ticket", that the
// product's minimum ticket (for private products under the 资管新规 at least
// 300,000 CNY for fixed income up to 1,000,000 CNY for equity) is within
// what the client can invest ([CodeMinimumTicket]). investable says what the
// client can invest; nil means the client's deposits at the bank. A product
// with no minimum ticket passes.
//
// The ticket is converted into the figures' currency with the valuation's
// rates; a ticket that cannot be converted is refused with [CodeNoRate].
func MinimumTicket(investable func(f *vipcare.Figures) vipcare.Amount) Check {
	if investable == nil {
		investable = depositsAtBank
	}
	return minimumTicket{investable}
}

func depositsAtBank(f *vipcare.Figures) vipcare.Amount { return f.ClassAtBank(vipcare.Deposits) }

type minimumTicket struct {
	investable func(f *vipcare.Figures) vipcare.Amount
}

const ticketCheck = "minimum_ticket"

func (m minimumTicket) Check(c *Case) (Refusal, bool) {
	ticket := c.Product.MinTicket
	if ticket.Amount.Sign() <= 0 {
		return Refusal{}, false
	}
	t, err := c.Figures.Convert(ticket)
	if err != nil {
		return noRate(ticketCheck, c, err), true
	}
	inv := m.investable(c.Figures)
	if inv >= t {
		return Refusal{}, false
	}
	reason := "minimum ticket " + ticketText(c, t) + " above what the client can invest"
	if c.Values {
		reason += " (" + inv.Grouped() + " " + string(c.Figures.Currency) + ")"
	}
	return Refusal{ticketCheck, CodeMinimumTicket, reason}, true
}

// ticketText returns the product's minimum ticket, and t, its value in the
// figures' currency, when that is another currency: "100,000 USD (712,340
// CNY)". The ticket is product data, not the client's.
func ticketText(c *Case, t vipcare.Amount) string {
	m := c.Product.MinTicket
	a, _ := vipcare.ToAmount(m.Amount) // exact: t was converted from it
	s := a.Grouped() + " " + string(m.Currency)
	if m.Currency != c.Figures.Currency && m.Currency != "" {
		s += " (" + t.Grouped() + " " + string(c.Figures.Currency) + ")"
	}
	return s
}

// noRate is the refusal of a check that cannot convert the minimum ticket.
func noRate(check string, c *Case, err error) Refusal {
	to := string(c.Figures.Currency)
	if !errors.Is(err, vipcare.ErrNoRate) {
		return Refusal{check, CodeNoRate, "the minimum ticket cannot be converted into " + to}
	}
	return Refusal{check, CodeNoRate, "no rate from " + string(c.Product.MinTicket.Currency) + " to " + to +
		" for the minimum ticket"}
}

// Concentration returns the check, named "concentration", that buying the
// product's minimum ticket does not raise the product's asset class above
// maxShare of the client's wealth ([CodeConcentration]): it refuses when
//
//	class total + ticket > maxShare × (wealth + ticket)
//
// with the class total and wealth over everything the client declared, at
// the bank and off. This is a bank's prudence rule rather than a
// regulation: affluent clients already hold much in real estate and their
// own business, and a needs-driven sale should diversify them, not deepen
// a concentration. The comparison is exact. A principal-protected product
// (Product.Protected: a deposit, a guaranteed product) passes, since more
// of it concentrates no risk; so does a product with no minimum ticket,
// which adds nothing. A ticket that cannot be converted is refused with
// [CodeNoRate].
//
// maxShare must be in (0, 1] with at most 18 decimal places: Concentration
// panics otherwise, a programmer error.
func Concentration(maxShare decimal.Decimal) Check {
	const one = 1_000_000_000_000_000_000 // maxShare is a count of 10^-18
	m, ok := num.FromDecimal(maxShare, 18, one)
	if !ok || m <= 0 {
		panic("needs: Concentration: maxShare " + strconv.Quote(maxShare.String()) + " outside (0, 1]")
	}
	pct := maxShare.Shift(2).String() + "%"
	return concentration{max: uint64(m), text: " above " + pct + " of wealth"}
}

type concentration struct {
	max  uint64 // maxShare in 10^-18
	text string
}

const concentrationCheck = "concentration"

func (k concentration) Check(c *Case) (Refusal, bool) {
	ticket := c.Product.MinTicket
	if c.Product.Protected || ticket.Amount.Sign() <= 0 {
		return Refusal{}, false
	}
	f := c.Figures
	t, err := f.Convert(ticket)
	if err != nil {
		return noRate(concentrationCheck, c, err), true
	}
	// Class totals and wealth are sums of non-negative holdings, each below
	// 2^63; with the ticket they fit a uint64, and the products 128 bits.
	cls := uint64(max(f.Class(c.Product.Class), 0)) + uint64(t)
	all := uint64(max(f.Wealth, 0)) + uint64(t)
	lhsHi, lhsLo := bits.Mul64(cls, 1_000_000_000_000_000_000)
	rhsHi, rhsLo := bits.Mul64(k.max, all)
	if lhsHi < rhsHi || lhsHi == rhsHi && lhsLo <= rhsLo {
		return Refusal{}, false
	}
	reason := "buying the minimum ticket " + ticketText(c, t) + " would raise " + string(c.Product.Class) + k.text
	if c.Values {
		hi, lo := bits.Mul64(min(cls, all), uint64(vipcare.Whole))
		q, _ := bits.Div64(hi, lo, all) // hi < all as cls <= all
		reason += " (to " + vipcare.Share(q).Percent() + ")"
	}
	return Refusal{concentrationCheck, CodeConcentration, reason}, true
}

// Require returns a check named check that products rated from or above
// require the client to satisfy rule, refusing with code otherwise. It is the
// building block of a bank's own packs: MiFID II (Art. 25(2)) asks for the
// client's knowledge and experience, financial situation including the
// ability to bear losses, and investment objectives including risk
// tolerance, each of which a bank writes as a policy rule over the
// client's figures. The reason cites the rule's condition (its
// [policy.Rule.String]), which is policy; with [Case].Values it adds the
// client's values of the fields the rule compares.
//
// Require panics on an empty check name or code, a rating outside R1 to R5,
// or a nil rule: programmer errors.
func Require(check string, code Code, from RiskRating, rule *policy.Rule[vipcare.Figures]) Check {
	switch {
	case check == "":
		panic("needs: Require: empty check name")
	case code == "":
		panic("needs: Require: empty code for check " + strconv.Quote(check))
	case from < R1 || from > R5:
		panic("needs: Require: rating outside R1 to R5 for check " + strconv.Quote(check))
	case rule == nil:
		panic("needs: Require: nil rule for check " + strconv.Quote(check))
	}
	return requirement{check: check, code: code, from: from, rule: rule,
		reason: "products from " + from.String() + " require " + rule.String()}
}

type requirement struct {
	check  string
	code   Code
	from   RiskRating
	rule   *policy.Rule[vipcare.Figures]
	reason string
}

func (r requirement) Check(c *Case) (Refusal, bool) {
	if c.Product.Risk < r.from || r.rule.Eval(c.Figures) {
		return Refusal{}, false
	}
	reason := r.reason
	if c.Values {
		var vals []string
		fieldValues(r.rule.Explain(c.Figures, policy.ExplainOptions{Values: true}), &vals)
		if len(vals) > 0 {
			reason += " (client: " + strings.Join(vals, ", ") + ")"
		}
	}
	return Refusal{r.check, r.code, reason}, true
}

// fieldValues collects "field value" for every field the explanation
// compares, once each.
func fieldValues(e policy.Explanation, out *[]string) {
	if e.Field != "" {
		kv := e.Field + " " + e.Value
		if !slices.Contains(*out, kv) {
			*out = append(*out, kv)
		}
	}
	for _, k := range e.Children {
		fieldValues(k, out)
	}
}
