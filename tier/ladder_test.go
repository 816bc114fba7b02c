package tier_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

var asOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func valuation() vipcare.Valuation { return vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY} }

func figures(t testing.TB, p *vipcare.Profile) vipcare.Figures {
	t.Helper()
	f, err := valuation().Figures(p)
	require.NoError(t, err)
	return f
}

func TestAssignReferenceLadder(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
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
			a, err := ladder.Assign(&f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Tier.Name)
			again, _ := ladder.Assign(&f)
			assert.Equal(t, a, again, "same answer twice")
		})
	}
}

func TestAssignOffBankDoesNotCount(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	p := client("C", "10000")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
		Amount: vipcare.MustMoney("30000000", vipcare.CNY), OffBank: true})
	f := figures(t, &p)
	a, err := ladder.Assign(&f)
	require.NoError(t, err)
	assert.Equal(t, "mass", a.Tier.Name, "declared real estate is wealth, not AUM")
}

func TestLadderBelowLowestRungIsUnassigned(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs = spec.Rungs[1:] // start at gold
	ladder := tier.MustLadder(spec)
	p := client("C", "100")
	f := figures(t, &p)
	a, err := ladder.Assign(&f)
	require.NoError(t, err)
	assert.True(t, a.Tier.IsZero())
	assert.Equal(t, -1, a.Rung)
	assert.Equal(t, "unassigned", a.Tier.String())
	e, err := ladder.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "unassigned: AUM at the bank below gold's 50,000 CNY", e.String())
}

func TestNewLadderErrors(t *testing.T) {
	rung := func(name string, rank int, from int64) tier.Rung {
		return tier.Rung{Tier: tier.Tier{Name: name, Rank: rank}, From: decimal.NewFromInt(from)}
	}
	tests := []struct {
		name string
		spec tier.LadderSpec
		want []error
	}{
		{"empty", tier.LadderSpec{Currency: vipcare.CNY}, []error{tier.ErrEmpty}},
		{"bad currency", tier.LadderSpec{Currency: "cny", Rungs: []tier.Rung{rung("a", 1, 0)}},
			[]error{tier.ErrCurrency}},
		{"not ascending", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 1, 100), rung("b", 2, 50)}}, []error{tier.ErrNotAscending}},
		{"duplicate threshold", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 1, 100), rung("b", 2, 100)}}, []error{tier.ErrDuplicateThreshold}},
		{"duplicate name", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 1, 0), rung("a", 2, 100)}}, []error{tier.ErrDuplicateName}},
		{"missing name", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("", 1, 0)}}, []error{tier.ErrName}},
		{"zero rank", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 0, 0)}}, []error{tier.ErrRank}},
		{"ranks not ascending", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 20, 0), rung("b", 10, 100)}}, []error{tier.ErrRank}},
		{"negative threshold", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{rung("a", 1, -5)}}, []error{tier.ErrThreshold}},
		{"threshold too precise", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{{Tier: tier.Tier{Name: "a", Rank: 1}, From: decimal.RequireFromString("0.00001")}}},
			[]error{tier.ErrThreshold}},
		{"bad extra condition", tier.LadderSpec{Currency: vipcare.CNY,
			Rungs: []tier.Rung{{Tier: tier.Tier{Name: "a", Rank: 1}, When: policy.Field("nope").IsTrue()}}},
			[]error{policy.ErrUnknownField}},
		{"everything at once", tier.LadderSpec{Currency: "x",
			Rungs: []tier.Rung{rung("a", 5, 100), rung("a", 5, 100), rung("", 6, 50)}},
			[]error{tier.ErrCurrency, tier.ErrDuplicateName, tier.ErrRank, tier.ErrDuplicateThreshold,
				tier.ErrName, tier.ErrNotAscending}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprintf("%#v", tt.spec)
			l, err := tier.NewLadder(tt.spec)
			require.Error(t, err)
			assert.Nil(t, l)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			var te *tier.Error
			assert.ErrorAs(t, err, &te)
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "one line per problem: %v", err)
			assert.Equal(t, before, fmt.Sprintf("%#v", tt.spec), "spec unchanged")
		})
	}
}

func TestAssignCurrencyMismatch(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	p := client("C", "100")
	f, err := vipcare.Valuation{AsOf: asOf, Currency: vipcare.USD}.Figures(&vipcare.Profile{ID: "x"})
	require.NoError(t, err)
	_, err = ladder.Assign(&f)
	assert.ErrorIs(t, err, tier.ErrCurrency)
	_ = p
}

func TestExtraConditionFallsToLowerRung(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[4].When = policy.Field("tenure_months").GE(12)
	ladder := tier.MustLadder(spec)

	p := client("C", "7000000")
	p.Since = asOf.AddDate(0, -6, 0)
	f := figures(t, &p)
	a, err := ladder.Assign(&f)
	require.NoError(t, err)
	assert.Equal(t, "diamond", a.Tier.Name)
	e, err := ladder.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "diamond: AUM at the bank at or above diamond's 2,000,000 CNY\n"+
		"passed over private banking: at or above its 6,000,000 CNY but its condition failed:\n"+
		"  ✗ tenure_months >= 12", e.String())

	p.Since = asOf.AddDate(-2, 0, 0)
	f = figures(t, &p)
	a, _ = ladder.Assign(&f)
	assert.Equal(t, "private banking", a.Tier.Name)
}

// Property: with no extra conditions, more assets never lower a tier.
func TestMoreAssetsNeverLowerTier(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		base := r.Int64N(10_000_000_00) // cents
		extra := r.Int64N(5_000_000_00)
		p := client("C", decimal.New(base, -2).String())
		f := figures(t, &p)
		a, _ := ladder.Assign(&f)
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "more", Class: vipcare.Funds,
			Amount: vipcare.Money{Amount: decimal.New(extra, -2), Currency: vipcare.CNY}})
		f = figures(t, &p)
		b, _ := ladder.Assign(&f)
		require.GreaterOrEqual(t, b.Tier.Rank, a.Tier.Rank, "adding %d cents to %d cents", extra, base)
	}
}

func TestAssignDoesNotChangeInput(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[3].When = policy.Field("entrepreneur").IsTrue()
	ladder := tier.MustLadder(spec)
	p := client("C", "2500000", "10")
	p.Entrepreneur = true
	before := p.Disclose()
	f := figures(t, &p)
	fBefore := f
	_, err := ladder.Assign(&f)
	require.NoError(t, err)
	_, err = ladder.Explain(&f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Equal(t, before, p.Disclose())
	assert.Equal(t, fBefore, f)
}

func TestExplainHidesValueUnlessAsked(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	p := client("C", "2345678.91")
	f := figures(t, &p)
	e, err := ladder.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.NotContains(t, e.String(), "2,345,678")
	e, err = ladder.Explain(&f, policy.ExplainOptions{Values: true})
	require.NoError(t, err)
	assert.Contains(t, e.String(), "2,345,678.91")
}

func TestLadderConcurrentUse(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Rungs[4].When = policy.Field("entrepreneur").IsTrue()
	ladder := tier.MustLadder(spec)
	clients := make([]vipcare.Figures, 200)
	want := make([]tier.Tier, len(clients))
	r := rand.New(rand.NewPCG(3, 4))
	for i := range clients {
		p := client(fmt.Sprint("C", i), decimal.New(r.Int64N(1_000_000_000), -2).String())
		p.Entrepreneur = i%2 == 0
		clients[i] = figures(t, &p)
		a, _ := ladder.Assign(&clients[i])
		want[i] = a.Tier
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clients {
				a, err := ladder.Assign(&clients[i])
				if err != nil || a.Tier != want[i] {
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

func TestMeasureFuncAndNamed(t *testing.T) {
	spec := tier.ReferenceLadder()
	spec.Measure = tier.Named("wealth", tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) {
		return f.Wealth, nil
	}))
	ladder := tier.MustLadder(spec)
	p := client("C", "100")
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "RE", Class: vipcare.RealEstate,
		Amount: vipcare.MustMoney("3000000", vipcare.CNY), OffBank: true})
	f := figures(t, &p)
	e, err := ladder.Explain(&f, policy.ExplainOptions{})
	require.NoError(t, err)
	assert.Equal(t, "diamond: wealth at or above diamond's 2,000,000 CNY and below private banking's 6,000,000 CNY", e.String())

	failing := errors.New("no history")
	spec.Measure = tier.MeasureFunc(func(*vipcare.Figures) (vipcare.Amount, error) { return 0, failing })
	_, err = tier.MustLadder(spec).Assign(&f)
	assert.ErrorIs(t, err, failing)
}

func TestAssignmentAndObservationRedacted(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	p := client("C", "2345678.91")
	f := figures(t, &p)
	a, err := ladder.Assign(&f)
	require.NoError(t, err)
	o, err := lc.Observe(&f, tier.MonthOf(f.AsOf))
	require.NoError(t, err)
	for _, v := range []any{a, o} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%d"} {
			assert.NotContains(t, fmt.Sprintf(verb, v), "2345678", "%T %s", v, verb)
		}
	}
	assert.Equal(t, "Assignment{tier:diamond value:[redacted] rung:3}", fmt.Sprint(a))
}

func TestLadderSpecJSON(t *testing.T) {
	for _, m := range []tier.Measure{nil, tier.AUM(), tier.ADB(tier.Month), tier.ADB(tier.Quarter), tier.BestMonthlyADB(3)} {
		spec := tier.ReferenceLadder()
		spec.Measure = m
		spec.Rungs[4].When = policy.Field("entrepreneur").IsTrue()
		b, err := json.Marshal(spec)
		require.NoError(t, err)
		var back tier.LadderSpec
		require.NoError(t, json.Unmarshal(b, &back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(again))
		assert.Equal(t, fmt.Sprint(m), fmt.Sprint(back.Measure), "the measure survives the round trip")
		_, err = tier.NewLadder(back)
		require.NoError(t, err)
	}

	spec := tier.ReferenceLadder()
	spec.Measure = tier.MeasureFunc(func(f *vipcare.Figures) (vipcare.Amount, error) { return f.Wealth, nil })
	_, err := json.Marshal(spec)
	assert.ErrorIs(t, err, policy.ErrNoDataForm, "a measure written in Go is not silently dropped")

	var back tier.LadderSpec
	err = json.Unmarshal([]byte(`{"currency":"CNY","rungs":[],"measure":"adb_week"}`), &back)
	assert.ErrorIs(t, err, tier.ErrMeasure)
}
