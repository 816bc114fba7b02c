package bench

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/interpreter"
	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/bench/gen"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// decision is what every variant decides for one client: the rung of the
// ladder (0 mass to 4 private banking) and the three needs rules of
// needTexts. Named fields, not an array: a struct of four bytes is
// returned in registers, while one holding an array goes through memory,
// written a byte at a time and read back whole: the read cannot take the
// bytes from the pending writes and waits until they reach the cache (a
// store-forwarding stall).
type decision struct {
	rung                  int8
	business, loyal, idle bool
}

// needs returns the three needs in the order of needTexts.
func (d decision) needs() [3]bool { return [3]bool{d.business, d.loyal, d.idle} }

// The rules, in the text form of vipcare's policy package. The other
// variants write the same rules in their own language, on features in
// ten-thousandths of a yuan.
var needTexts = [3]string{
	`entrepreneur or corporate_links >= 1`,   // business: owns a business or is linked to a corporate client
	`aum >= 2000000 and tenure_months >= 60`, // loyal and wealthy: 2 million at the bank, 5 years with it
	`share.deposits >= 0.6`,                  // idle cash: 60% or more of declared wealth in deposits
}

// features are the figures the rules read, aggregated in Go from a
// profile by [aggregate]: what a bank computes before handing a client to
// a rules engine. Amounts are in ten-thousandths of a yuan. The expr tags
// name the fields in expr expressions; cel reads them through
// celActivation under the same names.
type features struct {
	AUM            int64 `expr:"aum"`             // holdings at the bank
	Wealth         int64 `expr:"wealth"`          // all holdings, at the bank and off
	Deposits       int64 `expr:"deposits"`        // holdings in deposits, at the bank and off
	TenureMonths   int64 `expr:"tenure_months"`   // whole months since the relationship began
	CorporateLinks int64 `expr:"corporate_links"` // number of linked corporate clients
	Entrepreneur   bool  `expr:"entrepreneur"`    // owns or runs a business
}

// maxAmount bounds every holding, as vipcare.MaxAmount does, so that
// sums are checked only for int64 overflow.
const maxAmount = 1e18 - 1

var (
	errAmount   = errors.New("bench: an amount out of bounds or with more than 4 decimal places")
	errCurrency = errors.New("bench: an amount not in CNY")
	errOverflow = errors.New("bench: a total overflows")
)

// minorUnits returns d in ten-thousandths, exactly, as vipcare.ToAmount
// does: false for a coefficient beyond an int64, a fifth decimal place
// that is not zero, or a value beyond maxAmount. It does not allocate.
func minorUnits(d decimal.Decimal) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.NumDigits() > 18 {
		return 0, false // rare; a bank's own code would refuse it too
	}
	c, e := d.CoefficientInt64(), int(d.Exponent())+4
	switch {
	case e < -18 || e > 18:
		return 0, false
	case e >= 0:
		hi, lo := bits.Mul64(uint64(abs(c)), pow10[e])
		if hi != 0 || lo > maxAmount {
			return 0, false
		}
		if c < 0 {
			return -int64(lo), true
		}
		return int64(lo), true
	default:
		p := int64(pow10[-e])
		if c%p != 0 {
			return 0, false
		}
		return c / p, true
	}
}

func abs(c int64) int64 {
	if c < 0 {
		return -c
	}
	return c
}

var pow10 = func() (p [19]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// aggregate computes the features of p, as of asOf, into f: the holdings
// converted exactly to ten-thousandths and summed with overflow checks,
// the tenure in whole calendar months. It is the Go half of the hand, expr
// and cel variants. It does not allocate.
func aggregate(p *vipcare.Profile, asOf time.Time, f *features) error {
	var aum, wealth, deposits int64
	for i := range p.Holdings {
		h := &p.Holdings[i]
		a, ok := minorUnits(h.Amount.Amount)
		if !ok || a < 0 {
			return errAmount
		}
		if h.Amount.Currency != vipcare.CNY && a != 0 {
			return errCurrency
		}
		if wealth > math.MaxInt64-a {
			return errOverflow
		}
		wealth += a // aum and deposits are parts of wealth: they cannot overflow
		if !h.OffBank {
			aum += a
		}
		if h.Class == vipcare.Deposits {
			deposits += a
		}
	}
	*f = features{
		AUM:            aum,
		Wealth:         wealth,
		Deposits:       deposits,
		TenureMonths:   monthsBetween(p.Since, asOf),
		CorporateLinks: int64(len(p.Corporates)),
		Entrepreneur:   p.Entrepreneur,
	}
	return nil
}

// monthsBetween returns the whole calendar months from a to b, both as
// dates in b's location, 0 if a is zero or not before b: from 31 January
// to 28 February is 0 months, to 1 March 1.
func monthsBetween(a, b time.Time) int64 {
	if a.IsZero() {
		return 0
	}
	ay, am, ad := a.In(b.Location()).Date()
	by, bm, bd := b.Date()
	m := (by-ay)*12 + int(bm-am)
	if bd < ad {
		m--
	}
	return int64(max(m, 0))
}

// decideFeatures is the hand-written ladder and rules over features: calls
// the compiler inlines.
func decideFeatures(f *features) decision {
	return decision{rung: rungOf(f), business: business(f), loyal: loyal(f), idle: idle(f)}
}

// rungOf is the ladder.
func rungOf(f *features) int8 {
	switch {
	case f.AUM >= 6_000_000e4:
		return 4
	case f.AUM >= 2_000_000e4:
		return 3
	case f.AUM >= 500_000e4:
		return 2
	case f.AUM >= 50_000e4:
		return 1
	}
	return 0
}

// The three rules of needTexts.
func business(f *features) bool { return f.Entrepreneur || f.CorporateLinks >= 1 }

func loyal(f *features) bool { return f.AUM >= 2_000_000e4 && f.TenureMonths >= 60 }

// idle is deposits/wealth >= 0.6, exactly: deposits*10 >= wealth*6 in 128
// bits (both are not negative).
func idle(f *features) bool {
	dh, dl := bits.Mul64(uint64(f.Deposits), 10)
	wh, wl := bits.Mul64(uint64(f.Wealth), 6)
	return f.Wealth > 0 && (dh > wh || dh == wh && dl >= wl)
}

// handFuncs is decideFeatures' ladder and rules as four Go func values
// called in turn, as any engine that takes its rules at run time must
// call them: no engine, no accessor, the same features and the same
// functions, only the calls are not inlined. It measures what dispatching
// rules costs against inlining them.
type handFuncs struct {
	ladder func(*features) int8
	needs  [3]func(*features) bool
}

func newHandFuncs() *handFuncs {
	return &handFuncs{ladder: rungOf, needs: [3]func(*features) bool{business, loyal, idle}}
}

func (h *handFuncs) decideFeatures(f *features) decision {
	return decision{rung: h.ladder(f), business: h.needs[0](f), loyal: h.needs[1](f), idle: h.needs[2](f)}
}

// hand is the hand-written variant: aggregate, then the rules in Go.
type hand struct{ f features }

func (h *hand) decide(p *vipcare.Profile) (decision, error) {
	if err := aggregate(p, asOf, &h.f); err != nil {
		return decision{}, err
	}
	return decideFeatures(&h.f), nil
}

// vipcareRules is the ladder and the rules compiled once in vipcare's
// default environment: immutable, shared by every vipcareDecider.
type vipcareRules struct {
	ladder *tier.Ladder
	needs  [3]*policy.Rule[vipcare.Figures]
}

// compileVipcare compiles the reference ladder's rungs (no qualification,
// no lifecycle: only the placement is timed) and the three rules.
func compileVipcare() (*vipcareRules, error) {
	spec := tier.LadderSpec{Currency: vipcare.CNY, Rungs: tier.Reference().Rungs}
	ladder, err := spec.Compile(nil)
	if err != nil {
		return nil, err
	}
	r := &vipcareRules{ladder: ladder}
	schema := (*vipcare.Env)(nil).Schema()
	for i, text := range needTexts {
		c, err := policy.Parse(text)
		if err != nil {
			return nil, err
		}
		if r.needs[i], err = policy.Compile(schema, c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// decideFigures places the client on the ladder and evaluates the rules.
func (r *vipcareRules) decideFigures(f *vipcare.Figures) (decision, error) {
	rung, err := r.ladder.Classify(f)
	if err != nil {
		return decision{}, err
	}
	return decision{rung: int8(rung), business: r.needs[0].Eval(f), loyal: r.needs[1].Eval(f), idle: r.needs[2].Eval(f)}, nil
}

// vipcareDecider is the vipcare variant: the library as a bank uses it,
// computing each client's figures into one reused vipcare.Figures.
type vipcareDecider struct {
	rules *vipcareRules
	f     vipcare.Figures
}

func (v *vipcareDecider) decide(p *vipcare.Profile) (decision, error) {
	if err := valuation.Compute(p, &v.f); err != nil {
		return decision{}, err
	}
	return v.rules.decideFigures(&v.f)
}

// The rules in expr-lang/expr and cel-go, over features: the same text in
// both languages (&&, ||, ?: and integer arithmetic are common to them).
// The ladder is one expression giving the rung; in expr it reads aum once
// into a variable (let), which halves its time, while cel's equivalent
// (cel.bind) doubles it, so cel reads aum up to four times.
const (
	exprLadderText = `let a = aum; a >= 60000000000 ? 4 : a >= 20000000000 ? 3 : a >= 5000000000 ? 2 : a >= 500000000 ? 1 : 0`
	celLadderText  = `aum >= 60000000000 ? 4 : aum >= 20000000000 ? 3 : aum >= 5000000000 ? 2 : aum >= 500000000 ? 1 : 0`
)

var engineNeedTexts = [3]string{
	`entrepreneur || corporate_links >= 1`,
	`aum >= 20000000000 && tenure_months >= 60`,
	`wealth > 0 && deposits * 10 >= wealth * 6`,
}

// exprDecider is the expr variant: Go aggregates the features, expr runs
// the ladder and the rules, compiled once against the features struct
// and run on one reused VM.
type exprDecider struct {
	progs [4]*vm.Program // the ladder, then the rules
	vm    vm.VM
	f     features
}

func newExpr() (*exprDecider, error) {
	d := &exprDecider{}
	var err error
	if d.progs[0], err = expr.Compile(exprLadderText, expr.Env(features{}), expr.AsInt()); err != nil {
		return nil, err
	}
	for i, text := range engineNeedTexts {
		if d.progs[i+1], err = expr.Compile(text, expr.Env(features{}), expr.AsBool()); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (e *exprDecider) decide(p *vipcare.Profile) (decision, error) {
	if err := aggregate(p, asOf, &e.f); err != nil {
		return decision{}, err
	}
	out, err := e.vm.Run(e.progs[0], &e.f)
	if err != nil {
		return decision{}, err
	}
	var needs [3]bool
	for i := range needs {
		out, err := e.vm.Run(e.progs[i+1], &e.f)
		if err != nil {
			return decision{}, err
		}
		needs[i] = out.(bool)
	}
	return decision{rung: int8(out.(int)), business: needs[0], loyal: needs[1], idle: needs[2]}, nil
}

// celDecider is the cel variant: Go aggregates the features, cel-go runs
// the ladder and the rules, compiled once and planned with OptOptimize,
// reading the features through an activation with no map.
type celDecider struct {
	progs [4]cel.Program
	act   celActivation
}

// celActivation resolves the variables of the cel programs from features.
type celActivation struct{ f features }

// ResolveName returns the feature called name.
func (a *celActivation) ResolveName(name string) (any, bool) {
	switch name {
	case "aum":
		return types.Int(a.f.AUM), true
	case "wealth":
		return types.Int(a.f.Wealth), true
	case "deposits":
		return types.Int(a.f.Deposits), true
	case "tenure_months":
		return types.Int(a.f.TenureMonths), true
	case "corporate_links":
		return types.Int(a.f.CorporateLinks), true
	case "entrepreneur":
		return types.Bool(a.f.Entrepreneur), true
	}
	return nil, false
}

// Parent returns nil: the activation has no parent.
func (a *celActivation) Parent() interpreter.Activation { return nil }

func newCEL() (*celDecider, error) {
	env, err := cel.NewEnv(
		cel.Variable("aum", cel.IntType),
		cel.Variable("wealth", cel.IntType),
		cel.Variable("deposits", cel.IntType),
		cel.Variable("tenure_months", cel.IntType),
		cel.Variable("corporate_links", cel.IntType),
		cel.Variable("entrepreneur", cel.BoolType),
	)
	if err != nil {
		return nil, err
	}
	d := &celDecider{}
	texts := append([]string{celLadderText}, engineNeedTexts[:]...)
	for i, text := range texts {
		ast, iss := env.Compile(text)
		if iss.Err() != nil {
			return nil, iss.Err()
		}
		want := cel.BoolType
		if i == 0 {
			want = cel.IntType
		}
		if !ast.OutputType().IsExactType(want) {
			return nil, fmt.Errorf("bench: %q gives %v, want %v", text, ast.OutputType(), want)
		}
		if d.progs[i], err = env.Program(ast, cel.EvalOptions(cel.OptOptimize)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (c *celDecider) decide(p *vipcare.Profile) (decision, error) {
	if err := aggregate(p, asOf, &c.act.f); err != nil {
		return decision{}, err
	}
	out, _, err := c.progs[0].Eval(&c.act)
	if err != nil {
		return decision{}, err
	}
	var needs [3]bool
	for i := range needs {
		out, _, err := c.progs[i+1].Eval(&c.act)
		if err != nil {
			return decision{}, err
		}
		needs[i] = bool(out.(types.Bool))
	}
	return decision{rung: int8(out.(types.Int)), business: needs[0], loyal: needs[1], idle: needs[2]}, nil
}

// newLoader returns the loader of gen.Row from vipcare.Figures, over the
// schema the file was generated from.
func newLoader() (*policy.Loader[vipcare.Figures], error) {
	return policy.NewLoader((*vipcare.Env)(nil).Schema(), gen.Layout)
}

// decideRow is the ladder and the rules as policy.GenerateGo wrote them
// in Go (gen/rules_gen.go), over a row a policy.Loader filled from a
// client's vipcare.Figures.
func decideRow(r *gen.Row) decision {
	return decision{rung: int8(gen.Rung(r)), business: gen.Business(r), loyal: gen.Loyal(r), idle: gen.Idle(r)}
}
