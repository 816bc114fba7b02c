package tier_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

var asOf = testkit.Day(2026, 11, 30)

func valuation() vipcare.Valuation { return testkit.Valuation(asOf) }

// figures computes p's figures as of asOf, failing the test on error.
func figures(t testing.TB, p *vipcare.Profile) *vipcare.Figures {
	t.Helper()
	return testkit.Figures(t, p, valuation())
}

// plain returns the reference ladder without its lifecycle and
// qualification: rungs only, moving clients at once.
func plain() tier.LadderSpec {
	spec := tier.Reference()
	spec.Lifecycle = tier.Lifecycle{}
	spec.Qualification = tier.QualificationSpec{}
	return spec
}

// compile compiles spec in the default environment, failing the test on
// error.
func compile(t testing.TB, spec tier.LadderSpec) *tier.Ladder {
	t.Helper()
	l, err := spec.Compile(nil)
	require.NoError(t, err)
	return l
}

// refTier returns the reference ladder's tier of that name, the zero Tier
// for "".
func refTier(name string) tier.Tier {
	for _, r := range tier.Reference().Rungs {
		if r.Tier.Name == name {
			return r.Tier
		}
	}
	return tier.Tier{}
}

// refCap returns a cap on the reference ladder's tier of that name, as a
// qualification's limit has it: by name and rank.
func refCap(name string) tier.Ref {
	t := refTier(name)
	return tier.Ref{Name: t.Name, Rank: t.Rank}
}

func TestAssignReferenceLadder(t *testing.T) {
	ladder := compile(t, tier.Reference())
	tests := []struct {
		name string
		aum  string
		want string
	}{
		{"nothing", "0", "mass"},
		{"just below gold", "49999.9999", "mass"},
		{"gold entry", "50000", "gold"},
		{"just below platinum", "499999.99", "gold"},
		{"platinum entry", "500000", "platinum"},
		{"diamond entry", "2000000", "diamond"},
		{"just below private banking", "5999999.9999", "diamond"},
		{"private banking entry", "6000000", "private banking"},
		{"very rich", "90000000000", "private banking"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := client("C", tt.aum)
			f := figures(t, &p)
			got, err := ladder.Assign(f)
			require.NoError(t, err)
			assert.Equal(t, refTier(tt.want), got, "name and rank")
			again, _ := ladder.Assign(f)
			assert.Equal(t, got, again, "same answer twice")
			i, err := ladder.Classify(f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ladder.Classes()[i], "Classify agrees with Assign")
		})
	}
}

func TestAssignOffBankDoesNotCount(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := client("C", "10000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
		Amount: testkit.CNY("30000000"), OffBank: true})
	got, err := ladder.Assign(figures(t, &p))
	require.NoError(t, err)
	assert.Equal(t, "mass", got.Name, "declared real estate is wealth, not AUM")
}

func TestLadderBelowLowestRungIsUnassigned(t *testing.T) {
	spec := plain()             // the reference qualification caps at mass, which this ladder lacks
	spec.Rungs = spec.Rungs[1:] // start at gold
	ladder := compile(t, spec)
	p := client("C", "100")
	f := figures(t, &p)
	got, err := ladder.Assign(f)
	require.NoError(t, err)
	assert.True(t, got.IsZero())
	assert.Equal(t, "unassigned", got.String())
	i, err := ladder.Classify(f)
	require.NoError(t, err)
	assert.Equal(t, -1, i, "in no class")
	e, err := ladder.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "unassigned: AUM at the bank below gold's 50,000 CNY", e.String())
}

func TestCompileLadderErrors(t *testing.T) {
	type want = testkit.Want
	rung := func(name string, rank int, from int64) tier.Rung {
		return tier.Rung{Tier: tier.Tier{Name: name, Rank: rank}, From: decimal.NewFromInt(from)}
	}
	spec := func(c vipcare.Currency, rungs ...tier.Rung) tier.LadderSpec {
		return tier.LadderSpec{Currency: c, Rungs: rungs}
	}
	tooMany := spec(vipcare.CNY)
	for i := range 65 {
		tooMany.Rungs = append(tooMany.Rungs, rung(fmt.Sprint("r", i), i+1, int64(i)))
	}
	tests := []struct {
		name string
		spec tier.LadderSpec
		want []want
	}{
		{"no rungs", spec(vipcare.CNY), []want{{Path: "/rungs", Name: "", Err: policy.ErrMissing}}},
		{"more than 64 rungs", tooMany, []want{{Path: "/rungs", Name: "", Err: policy.ErrTooMany}}},
		{"no currency", spec("", rung("a", 1, 0)), []want{{Path: "/currency", Name: "", Err: policy.ErrMissing}}},
		{"malformed currency", spec("cny", rung("a", 1, 0)), []want{{Path: "/currency", Name: "cny", Err: policy.ErrMalformed}}},
		{"thresholds not ascending", spec(vipcare.CNY, rung("a", 1, 100), rung("b", 2, 50)),
			[]want{{Path: "/rungs/1/from", Name: "b", Err: policy.ErrOrder}}},
		{"duplicate threshold", spec(vipcare.CNY, rung("a", 1, 100), rung("b", 2, 100)),
			[]want{{Path: "/rungs/1/from", Name: "b", Err: policy.ErrDuplicate}}},
		{"duplicate name", spec(vipcare.CNY, rung("a", 1, 0), rung("a", 2, 100)),
			[]want{{Path: "/rungs/1/tier/name", Name: "a", Err: policy.ErrDuplicate}}},
		{"missing name", spec(vipcare.CNY, rung("", 1, 0)), []want{{Path: "/rungs/0/tier/name", Name: "", Err: policy.ErrMissing}}},
		{"the name of no tier", spec(vipcare.CNY, rung("a", 1, 0), rung("unassigned", 2, 100)),
			[]want{{Path: "/rungs/1/tier/name", Name: "unassigned", Err: policy.ErrDuplicate}}},
		{"a blank name", spec(vipcare.CNY, rung("  ", 1, 0)), []want{{Path: "/rungs/0/tier/name", Name: "", Err: policy.ErrMissing}}},
		{"no rank", spec(vipcare.CNY, rung("a", 0, 0)), []want{{Path: "/rungs/0/tier/rank", Name: "a", Err: policy.ErrMissing}}},
		{"negative rank", spec(vipcare.CNY, rung("a", -1, 0)), []want{{Path: "/rungs/0/tier/rank", Name: "a", Err: policy.ErrOutOfRange}}},
		{"no threshold above the lowest rung", spec(vipcare.CNY, tier.Rung{Tier: tier.Tier{Name: "a", Rank: 1}},
			tier.Rung{Tier: tier.Tier{Name: "b", Rank: 2}}),
			[]want{{Path: "/rungs/1/from", Name: "b", Err: policy.ErrMissing}}},
		{"ranks not ascending", spec(vipcare.CNY, rung("a", 20, 0), rung("b", 10, 100)),
			[]want{{Path: "/rungs/1/tier/rank", Name: "b", Err: policy.ErrOrder}}},
		{"negative threshold", spec(vipcare.CNY, rung("a", 1, -5)), []want{{Path: "/rungs/0/from", Name: "a", Err: policy.ErrOutOfRange}}},
		{"threshold too precise", spec(vipcare.CNY,
			tier.Rung{Tier: tier.Tier{Name: "a", Rank: 1}, From: testkit.Dec("0.00001")}),
			[]want{{Path: "/rungs/0/from", Name: "a", Err: policy.ErrOutOfRange}}},
		{"bad extra condition", spec(vipcare.CNY,
			tier.Rung{Tier: tier.Tier{Name: "a", Rank: 1}, When: policy.Field("nope").EQ(true)}),
			[]want{{Path: "/rungs/0/when/field", Name: "nope", Err: policy.ErrUnknown}}},
		{"everything at once", spec("x", rung("a", 5, 100), rung("a", 5, 100), rung("", 6, 50)),
			[]want{
				{Path: "/currency", Name: "x", Err: policy.ErrMalformed},
				{Path: "/rungs/1/tier/name", Name: "a", Err: policy.ErrDuplicate},
				{Path: "/rungs/1/tier/rank", Name: "a", Err: policy.ErrOrder},
				{Path: "/rungs/1/from", Name: "a", Err: policy.ErrDuplicate},
				{Path: "/rungs/2/tier/name", Name: "", Err: policy.ErrMissing},
				{Path: "/rungs/2/from", Name: "", Err: policy.ErrOrder},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprintf("%#v", tt.spec)
			l, err := tt.spec.Compile(nil)
			assert.Nil(t, l)
			testkit.CheckProblems(t, err, tt.want...)
			assert.Equal(t, before, fmt.Sprintf("%#v", tt.spec), "spec unchanged")
		})
	}

	// A threshold out of range says what is wrong with it.
	for from, why := range map[string]string{"-5": "below 0", "0.00001": "more than 4 decimal places",
		"100000000000000": "not below 10^14 in magnitude"} {
		_, err := spec(vipcare.CNY, tier.Rung{Tier: tier.Tier{Name: "a", Rank: 1}, From: testkit.Dec(from)}).Compile(nil)
		assert.ErrorContains(t, err, `vipcare: /rungs/0/from: "a": out of range: `+why, from)
	}
}

func TestAssignCurrencyMismatch(t *testing.T) {
	ladder := compile(t, tier.Reference())
	f := testkit.Figures(t, &vipcare.Profile{ID: "x"}, vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD})
	_, err := ladder.Assign(f)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/figures/currency", Name: "USD", Err: vipcare.ErrCurrency})
	_, err = ladder.Classify(f)
	assert.ErrorIs(t, err, vipcare.ErrCurrency)
	_, err = ladder.Explain(f, policy.ExplainOptions{})
	assert.ErrorIs(t, err, vipcare.ErrCurrency)

	for _, c := range []vipcare.Currency{"CNH", "XNY", "CN", "CNYY"} { // every letter, and the length, tell
		_, err = ladder.Assign(&vipcare.Figures{Currency: c})
		testkit.CheckProblems(t, err, testkit.Want{Path: "/figures/currency", Name: string(c), Err: vipcare.ErrCurrency})
	}
}

func TestExtraConditionFallsToLowerRung(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[4].When = policy.Field("tenure_months").GE(12)
	ladder := compile(t, spec)

	p := client("C", "7000000")
	p.Since = asOf.AddDate(0, -6, 0)
	f := figures(t, &p)
	got, err := ladder.Assign(f)
	require.NoError(t, err)
	assert.Equal(t, "diamond", got.Name)
	e, err := ladder.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "diamond: AUM at the bank at or above diamond's 2,000,000 CNY\n"+
		"passed over private banking: at or above its 6,000,000 CNY but its condition failed:\n"+
		"  ✗ tenure_months >= 12", e.String())

	p.Since = asOf.AddDate(-2, 0, 0)
	got, err = ladder.Assign(figures(t, &p))
	require.NoError(t, err)
	assert.Equal(t, "private banking", got.Name)
}

// Property: with no extra conditions, more assets never lower a tier.
func TestMoreAssetsNeverLowerTier(t *testing.T) {
	ladder := compile(t, tier.Reference())
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		base := r.Int64N(10_000_000_00) // cents
		extra := r.Int64N(5_000_000_00)
		p := client("C", decimal.New(base, -2).String())
		a, err := ladder.Assign(figures(t, &p))
		require.NoError(t, err)
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "more", Class: vipcare.Funds,
			Amount: vipcare.Money{Amount: decimal.New(extra, -2), Currency: vipcare.CNY}})
		b, err := ladder.Assign(figures(t, &p))
		require.NoError(t, err)
		require.GreaterOrEqual(t, b.Rank, a.Rank, "adding %d cents to %d cents", extra, base)
	}
}

// A ladder with no extra conditions counts the thresholds met with no
// branch; one with conditions searches from the top. They agree when every
// condition holds, on every threshold, one ten-thousandth either side and
// at random, and with the obvious answer: the highest rung whose threshold
// is met.
func TestThresholdCountAgreesWithSearch(t *testing.T) {
	counted := compile(t, tier.Reference())
	spec := tier.Reference()
	for i := range spec.Rungs {
		spec.Rungs[i].When = policy.Field("holdings").GE(0) // always holds
	}
	searched := compile(t, spec)
	var amounts []int64 // ten-thousandths
	for _, r := range tier.Reference().Rungs {
		from := r.From.Shift(vipcare.AmountScale).IntPart()
		amounts = append(amounts, max(from-1, 0), from, from+1)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		amounts = append(amounts, r.Int64N(10_000_000e4))
	}
	for _, a := range amounts {
		p := client("C", decimal.New(a, -vipcare.AmountScale).String())
		f := figures(t, &p)
		want := -1
		for i, r := range tier.Reference().Rungs {
			if decimal.New(a, -vipcare.AmountScale).GreaterThanOrEqual(r.From) {
				want = i
			}
		}
		got, err := counted.Classify(f)
		require.NoError(t, err)
		require.Equal(t, want, got, "counted, %d ten-thousandths", a)
		got, err = searched.Classify(f)
		require.NoError(t, err)
		require.Equal(t, want, got, "searched, %d ten-thousandths", a)
	}
}

func TestAssignDoesNotChangeInput(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[3].When = policy.Field("entrepreneur").EQ(true)
	ladder := compile(t, spec)
	p := client("C", "2500000", "10")
	p.Entrepreneur = true
	before := testkit.Clone(p)
	f := figures(t, &p)
	fBefore := *f
	_, err := ladder.Assign(f)
	require.NoError(t, err)
	_, err = ladder.Classify(f)
	require.NoError(t, err)
	_, err = ladder.Explain(f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, before, p, "profile unchanged")
	assert.Equal(t, fBefore, *f, "figures unchanged")
}

func TestAssignDoesNotAllocate(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[4].When = policy.Field("entrepreneur").EQ(true)
	ladder := compile(t, spec)
	p := client("C", "7000000")
	f := figures(t, &p)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		_, _ = ladder.Assign(f)
		_, _ = ladder.Classify(f)
	}))
}

func TestExplainHidesValueUnlessAsked(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := client("C", "2345678.91")
	f := figures(t, &p)
	e, err := ladder.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Empty(t, e.Value)
	assert.NotContains(t, e.String(), "2,345,678")
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "2345678", "nor in JSON")
	e, err = ladder.Explain(f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Contains(t, e.String(), "2,345,678.91")

	// A discreet client's values are never shown, asked for or not.
	p.Contact.Discreet = true
	f = figures(t, &p)
	e, err = ladder.Explain(f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Empty(t, e.Value)
	assert.NotContains(t, e.String(), "2,345,678")
}

func TestLadderConcurrentUse(t *testing.T) {
	spec := tier.Reference()
	spec.Rungs[4].When = policy.Field("entrepreneur").EQ(true)
	ladder := compile(t, spec)
	clients := make([]*vipcare.Figures, 200)
	want := make([]tier.Tier, len(clients))
	r := rand.New(rand.NewPCG(3, 4))
	for i := range clients {
		p := client(fmt.Sprint("C", i), decimal.New(r.Int64N(1_000_000_000), -2).String())
		p.Entrepreneur = i%2 == 0
		clients[i] = figures(t, &p)
		var err error
		want[i], err = ladder.Assign(clients[i])
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clients {
				got, err := ladder.Assign(clients[i])
				if err != nil || got != want[i] {
					errs <- errors.New("different answer under concurrency")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestMeasurePart: a measure written in Go is registered by name and named
// by the spec; explanations call it by that name.
func TestMeasurePart(t *testing.T) {
	wealth := tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.Wealth, nil })
	failing := errors.New("no history")
	env := policy.Must(policy.Must(vipcare.NewEnv(nil)).WithParts(
		tier.MeasurePart("wealth", wealth),
		tier.MeasurePart("failing", tier.MeasureFunc(func(*vipcare.Figures) (vipcare.Amount, error) { return 0, failing })),
	))
	spec := tier.Reference()
	spec.Measure = "wealth"
	ladder := policy.Must(spec.Compile(env))
	p := client("C", "100")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
		Amount: testkit.CNY("3000000"), OffBank: true})
	f := figures(t, &p)
	e, err := ladder.Explain(f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "diamond: wealth at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY", e.String())

	spec.Measure = "failing"
	ladder = policy.Must(spec.Compile(env))
	_, err = ladder.Assign(f)
	assert.ErrorIs(t, err, failing)
	e, err = ladder.Explain(f, policy.ExplainOptions{})
	assert.ErrorIs(t, err, failing)
	assert.Equal(t, tier.LadderExplanation{}, e, "no explanation on failure")
}

func TestObservationRedacted(t *testing.T) {
	ladder := compile(t, tier.Reference())
	p := client("C", "2345678.91")
	f := figures(t, &p)
	o, err := ladder.Observe(f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	outs := testkit.AssertRedacted(t, o, "2345678", "2,345,678")
	assert.True(t, testkit.Contains(outs, "2026-11"), "the period is shown")
	assert.Equal(t, "Observation{period:2026-11 value:[redacted]}", fmt.Sprint(o))
}
