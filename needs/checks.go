package needs

import (
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/internal/textfmt"
	"github.com/vipcare/vipcare/policy"
)

// The built-in checks of a PackSpec.

type riskMatch struct {
	validity    int
	text        string
	protectedR1 bool // a client without a valid assessment may buy R1 principal-protected products
	why         *riskTexts
	// age reads the figures' risk_assessment_age_months, which Compute
	// works out once for every rule and check that reads it.
	age func(*vipcare.Figures) int64
}

const riskCheck = "risk_match"

// riskTexts are the reasons of riskMatch, built once for each product
// rating (by grade), by whether the product is principal-protected and,
// when they say it, the client's risk level (by grade).
type riskTexts struct {
	missing, expired [6][2]string
	lowest           [6][2]string
	above            [6][6]string
}

// newRiskMatch returns the risk check for assessments valid for validity
// months, with its reasons built; protectedR1 lets a client without a
// valid assessment buy R1 principal-protected products.
func newRiskMatch(validity int, protectedR1 bool) riskMatch {
	age, ok := (*vipcare.Env)(nil).Schema().Number("risk_assessment_age_months")
	if !ok {
		panic("needs: the built-in field risk_assessment_age_months is missing") // a bug in vipcare
	}
	r := riskMatch{validity: validity, text: strconv.Itoa(validity), protectedR1: protectedR1, why: new(riskTexts), age: age}
	for g := 1; g <= 5; g++ {
		rating := ratings[g-1]
		only := ": only R1 principal-protected products (product " + rating
		lowest := "lowest risk group" + only
		r.why.lowest[g] = [2]string{lowest + ", not protected)", lowest + ")"}
		for prot, tail := range [2]string{only + ", not protected)", only + ")"} {
			if !protectedR1 {
				tail = ": no new purchase (product " + rating + ")"
			}
			r.why.missing[g][prot] = "no risk assessment" + tail
			r.why.expired[g][prot] = "risk assessment " + r.text + " months old or more" + tail
		}
		for c := 1; c <= 5; c++ {
			r.why.above[g][c] = "product " + rating + " above the client's C" + strconv.Itoa(c)
		}
	}
	return r
}

func (r riskMatch) Check(c Case) (Refusal, bool) {
	p, prod := c.Figures.Profile, c.Product
	grade := prod.Risk.grade()
	if grade == 0 {
		return Refusal{riskCheck, CodeRiskMismatch, "product " + rating(prod.Risk) + ": no valid risk rating"}, true
	}
	protected := 0
	if prod.Protected {
		protected = 1
	}
	assessed := p.Risk.IsAssessed() && !p.RiskAssessed.IsZero()
	if code, months := r.assessment(c.Figures); code != "" && (!r.protectedR1 || grade != 1 || !prod.Protected) {
		if code == CodeAssessmentMissing {
			return Refusal{riskCheck, code, r.why.missing[grade][protected]}, true
		}
		reason := r.why.expired[grade][protected]
		if c.values() {
			reason += " (assessed " + textfmt.Count(months, "month", "months") + " ago)"
		}
		return Refusal{riskCheck, code, reason}, true
	}
	if p.LowestRiskGroup && (grade != 1 || !prod.Protected) {
		return Refusal{riskCheck, CodeLowestRiskGroup, r.why.lowest[grade][protected]}, true
	}
	if assessed && grade > gradeOf(p.Risk) {
		return Refusal{riskCheck, CodeRiskMismatch, r.why.above[grade][gradeOf(p.Risk)]}, true
	}
	return Refusal{}, false
}

// assessment returns the code of a client whose risk assessment is not
// valid on the figures' as-of date, CodeAssessmentMissing (none, or one
// dated after the as-of date: Validate refuses it, Figures does not) or
// CodeAssessmentExpired with the assessment's age in whole months, or ""
// for a valid one.
func (r riskMatch) assessment(f *vipcare.Figures) (vipcare.Code, int) {
	switch months := r.age(f); {
	case months < 0:
		return CodeAssessmentMissing, 0
	case months >= int64(r.validity):
		return CodeAssessmentExpired, int(months)
	}
	return "", 0
}

// rating returns r's name, "unrated" for an empty one.
func rating(r RiskRating) string {
	if r == "" {
		return "unrated"
	}
	return string(r)
}

type qualified struct {
	cur                      vipcare.Currency
	minExp                   int
	nfa, fa, income          vipcare.Amount
	noExp, noAssets, neither string // reasons, built once
	currency                 string
}

const qualifiedCheck = "qualified_investor"

// compileQualified checks q and returns its check, with its reasons built
// once.
func compileQualified(q QualifiedInvestorRule) (qualified, error) {
	var ps policy.Problems
	fail := func(path string, err error) { ps = append(ps, policy.Problem{Path: path, Err: err}) }
	switch {
	case q.Currency == "":
		fail("/currency", policy.ErrMissing)
	case !q.Currency.IsValid():
		fail("/currency", policy.ErrMalformed)
	}
	if q.MinExperienceYears < 0 || q.MinExperienceYears > 100 {
		fail("/min_experience_years", policy.ErrOutOfRange)
	}
	threshold := func(path string, d decimal.Decimal) vipcare.Amount {
		a, err := vipcare.ToAmount(d)
		if err != nil || a < 0 {
			fail(path, policy.ErrOutOfRange)
		}
		return a
	}
	qi := qualified{
		cur:    q.Currency,
		minExp: q.MinExperienceYears,
		nfa:    threshold("/net_financial_assets", q.NetFinancialAssets),
		fa:     threshold("/financial_assets", q.FinancialAssets),
		income: threshold("/average_income", q.AverageIncome),
	}
	var branches []string
	add := func(a vipcare.Amount, what string) {
		if a > 0 {
			branches = append(branches, what+" >= "+num.Amount(int64(a))+" "+string(q.Currency))
		}
	}
	add(qi.nfa, "net financial assets")
	add(qi.fa, "financial assets")
	add(qi.income, "average income over 3 years")
	if q.NetFinancialAssets.Sign() <= 0 && q.FinancialAssets.Sign() <= 0 && q.AverageIncome.Sign() <= 0 {
		fail("", policy.ErrMissing) // no branch at all
	}
	if err := ps.Err(); err != nil {
		return qualified{}, err
	}
	exp := "investment experience of " + textfmt.Count(q.MinExperienceYears, "year", "years")
	assets := strings.Join(branches, " or ")
	if len(branches) > 1 {
		assets = "one of " + strings.Join(branches, ", ")
	}
	qi.noExp = "qualified investors only: " + exp + " required"
	qi.noAssets = "qualified investors only: " + assets + " required"
	qi.neither = "qualified investors only: " + exp + " and " + assets + " required"
	qi.currency = "qualified-investor thresholds in " + string(q.Currency) + ", figures in "
	return qi, nil
}

// meets reports whether the client whose figures are f has the experience
// and the assets of a qualified investor, figures and thresholds in the
// same currency.
func (q *qualified) meets(f *vipcare.Figures) (exp, assets bool) {
	exp = f.Profile.Investor.ExperienceYears >= q.minExp
	assets = q.nfa > 0 && f.NetFinancialAssets >= q.nfa ||
		q.fa > 0 && f.FinancialAssets >= q.fa ||
		q.income > 0 && f.AverageIncome3Y >= q.income
	return exp, assets
}

// passes reports whether the client whose figures are f is a qualified
// investor: the check refuses no product.
func (q *qualified) passes(f *vipcare.Figures) bool {
	exp, assets := q.meets(f)
	return f.Currency == q.cur && exp && assets
}

func (q qualified) Check(c Case) (Refusal, bool) {
	if !c.Product.QualifiedOnly {
		return Refusal{}, false
	}
	f := c.Figures
	if f.Currency != q.cur {
		if c.codesOnly {
			return Refusal{Check: qualifiedCheck, Code: CodeCurrency}, true
		}
		return Refusal{qualifiedCheck, CodeCurrency, q.currency + string(f.Currency)}, true
	}
	exp, assets := q.meets(f)
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
	if c.values() {
		cur := " " + string(f.Currency)
		reason += " (client: " + textfmt.Count(f.Profile.Investor.ExperienceYears, "year", "years") + ", net financial assets " +
			num.Amount(int64(f.NetFinancialAssets)) + cur + ", financial assets " + num.Amount(int64(f.FinancialAssets)) + cur +
			", average income " + num.Amount(int64(f.AverageIncome3Y)) + cur + ")"
	}
	return Refusal{qualifiedCheck, CodeNotQualified, reason}, true
}

// depositsAtBank is what a client can invest unless a pack says otherwise.
type depositsAtBank struct{}

func (depositsAtBank) Measure(f *vipcare.Figures) (vipcare.Amount, error) {
	return f.ClassAtBank(vipcare.Deposits), nil
}

type minimumTicket struct {
	investable measure
}

const ticketCheck = "minimum_ticket"

func (m minimumTicket) Check(c Case) (Refusal, bool) {
	ticket := c.Product.MinTicket
	if ticket.Amount.Sign() <= 0 {
		return Refusal{}, false
	}
	t, err := c.Figures.Convert(ticket)
	if err != nil {
		return noRate(ticketCheck, c, err), true
	}
	inv, err := m.investable.Measure(c.Figures)
	switch {
	case err == nil && inv >= t:
		return Refusal{}, false
	case c.codesOnly:
		return Refusal{Check: ticketCheck, Code: CodeMinimumTicket}, true
	case err != nil:
		return Refusal{ticketCheck, CodeMinimumTicket, "minimum ticket " + ticketText(c, t) +
			": what the client can invest could not be measured"}, true
	}
	reason := "minimum ticket " + ticketText(c, t) + " above what the client can invest"
	if c.values() {
		reason += " (" + num.Amount(int64(inv)) + " " + string(c.Figures.Currency) + ")"
	}
	return Refusal{ticketCheck, CodeMinimumTicket, reason}, true
}

// ticketText returns the product's minimum ticket, and t, its value in the
// figures' currency, when that is another currency: "100,000 USD (712,340
// CNY)". The ticket is product data, not the client's.
func ticketText(c Case, t vipcare.Amount) string {
	m := c.Product.MinTicket
	s := c.ticket
	if s == "" {
		s = ticketOf(m)
	}
	if m.Currency != c.Figures.Currency && m.Currency != "" {
		s += " (" + num.Amount(int64(t)) + " " + string(c.Figures.Currency) + ")"
	}
	return s
}

// ticketOf returns a minimum ticket as text: "100,000 USD".
func ticketOf(m vipcare.Money) string {
	a, _ := vipcare.ToAmount(m.Amount) // exact: the ticket was converted, or compileProducts checked it
	return num.Amount(int64(a)) + " " + string(m.Currency)
}

// noRate is the refusal of a check that cannot convert the minimum ticket.
func noRate(check string, c Case, err error) Refusal {
	if c.codesOnly {
		return Refusal{Check: check, Code: CodeNoRate}
	}
	to := string(c.Figures.Currency)
	if !errors.Is(err, vipcare.ErrNoRate) {
		return Refusal{check, CodeNoRate, "the minimum ticket cannot be converted into " + to}
	}
	return Refusal{check, CodeNoRate, "no rate from " + string(c.Product.MinTicket.Currency) + " to " + to +
		" for the minimum ticket"}
}

type concentration struct {
	max  uint64 // the largest share, in 10^-18
	text string
}

const concentrationCheck = "concentration"

func (k concentration) Check(c Case) (Refusal, bool) {
	ticket := c.Product.MinTicket
	if c.Product.Protected || ticket.Amount.Sign() <= 0 {
		return Refusal{}, false
	}
	f := c.Figures
	t, err := f.Convert(ticket)
	if err != nil {
		return noRate(concentrationCheck, c, err), true
	}
	if !concentrated(k.max, f.Class(c.Product.Class), f.Wealth, t) {
		return Refusal{}, false
	}
	if c.codesOnly {
		return Refusal{Check: concentrationCheck, Code: CodeConcentration}, true
	}
	reason := "buying the minimum ticket " + ticketText(c, t) + " would raise " + string(c.Product.Class) + k.text
	if c.values() {
		cls := uint64(max(f.Class(c.Product.Class), 0)) + uint64(t)
		all := uint64(max(f.Wealth, 0)) + uint64(t)
		reason += " (to " + num.PercentInt(int64(min(cls, all)), int64(all)) + ")"
	}
	return Refusal{concentrationCheck, CodeConcentration, reason}, true
}

// concentrated reports whether buying ticket t raises a class whose total
// is class above the share limit (in 10^-18) of a client's wealth:
// class + t > limit x (wealth + t), exactly. Class totals and wealth are
// sums of non-negative holdings, each below 2^63; with the ticket they fit
// a uint64, and the products 128 bits.
func concentrated(limit uint64, class, wealth, t vipcare.Amount) bool {
	cls := uint64(max(class, 0)) + uint64(t)
	all := uint64(max(wealth, 0)) + uint64(t)
	lhsHi, lhsLo := bits.Mul64(cls, 1_000_000_000_000_000_000)
	rhsHi, rhsLo := bits.Mul64(limit, all)
	return lhsHi > rhsHi || lhsHi == rhsHi && lhsLo > rhsLo
}

type requirement struct {
	check  string
	code   vipcare.Code
	from   int // the lowest grade it applies to
	rule   *policy.Rule[vipcare.Figures]
	reason string
}

// compileRequirement checks r and compiles its condition against schema.
func compileRequirement(r Requirement, schema *policy.Schema[vipcare.Figures]) (requirement, error) {
	var ps policy.Problems
	fail := func(path string, err error, choices ...string) {
		ps = append(ps, policy.Problem{Path: path, Name: r.Check, Err: err, Choices: slices.Clone(choices)})
	}
	if r.Check == "" {
		fail("/check", policy.ErrMissing)
	}
	if r.Code == "" {
		fail("/code", policy.ErrMissing)
	}
	if r.From.grade() == 0 {
		fail("/from", policy.ErrUnknown, ratings...)
	}
	var rule *policy.Rule[vipcare.Figures]
	if r.When == (policy.Cond{}) {
		fail("/when", policy.ErrMissing)
	} else {
		var err error
		rule, err = policy.Compile(schema, r.When)
		ps.Add("/when", r.Check, err)
	}
	if err := ps.Err(); err != nil {
		return requirement{}, err
	}
	return requirement{check: r.Check, code: r.Code, from: r.From.grade(), rule: rule,
		reason: "products from " + string(r.From) + " require " + r.When.String()}, nil
}

func (r requirement) Check(c Case) (Refusal, bool) {
	if c.Product.Risk.grade() < r.from || r.rule.Eval(c.Figures) {
		return Refusal{}, false
	}
	reason := r.reason
	if c.values() {
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
