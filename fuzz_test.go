package vipcare_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// The fuzz targets' seeds are under testdata/fuzz; go test runs them as
// tests. Fuzz each with
//
//	go test -run '^$' -fuzz '^FuzzProfileJSON$' -fuzztime 60s -fuzzminimizetime 3s .
//	go test -run '^$' -fuzz '^FuzzAmount$' -fuzztime 60s .
//
// (a profile takes long to minimise: without a limit, the first minute
// goes to the first new input).

// FuzzProfileJSON decodes any bytes as a profile. Decoding never panics;
// what does not decode is located problems and leaves the profile alone;
// what decodes is stored (Disclosed) as JSON that decodes to the same
// profile.
// Validate and Figures never panic and agree: a profile Validate accepts
// has figures, and the one problem Figures stops at is among those
// Validate reports. Figures computed are consistent (AUM and OffBank
// make Wealth, every total 0 or more, net wealth exact), the same twice,
// and the profile is not changed.
func FuzzProfileJSON(f *testing.F) {
	for _, p := range []vipcare.Profile{baseProfile(), testkit.RichProfile(), {ID: "C"}} {
		b, err := json.Marshal(vipcare.Disclosed(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	v := valuation()
	env := policy.Must((*vipcare.Env)(nil).Allow("age")) // every field, the protected one allowed
	var probes []*policy.Rule[vipcare.Figures]           // one rule reading each field
	for _, info := range env.Schema().Fields() {
		r, err := policy.Compile(env.Schema(), probe(info))
		if err != nil {
			f.Fatal(err)
		}
		probes = append(probes, r)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzProfile(t, data, v, probes) })
}

func fuzzProfile(t *testing.T, data []byte, v vipcare.Valuation, probes []*policy.Rule[vipcare.Figures]) {
	{
		p := vipcare.Profile{ID: "untouched"}
		if err := p.UnmarshalJSON(data); err != nil {
			testkit.CheckLocated(t, data, err)
			if p.ID != "untouched" || p.Holdings != nil {
				t.Fatalf("%q: the profile was written on failure", data)
			}
			return
		}
		enc, err := json.Marshal(vipcare.Disclosed(p))
		if err != nil {
			t.Fatalf("%q: decodes but does not encode: %v", data, err)
		}
		var back vipcare.Profile
		if err := back.UnmarshalJSON(enc); err != nil {
			t.Fatalf("%q: encodes as %s, which does not decode: %v", data, enc, err)
		}
		if again, _ := json.Marshal(vipcare.Disclosed(back)); !bytes.Equal(enc, again) {
			t.Fatalf("%q: encodes as %s, then as %s", data, enc, again)
		}

		errV := p.Validate(v)
		if errV != nil {
			testkit.CheckLocated(t, nil, errV)
		}
		fig, errF := v.Figures(&p)
		switch {
		case errF == nil:
			checkFigures(t, data, &fig, probes)
			var f2 vipcare.Figures
			if err := v.Compute(&p, &f2); err != nil || !sameTotals(&fig, &f2) {
				t.Fatalf("%q: figures differ the second time (%v)", data, err)
			}
		case errV == nil:
			t.Fatalf("%q: Validate accepts the profile, Figures fails: %v", data, errF)
		default:
			ps := testkit.CheckLocated(t, nil, errF)
			if len(ps) != 1 {
				t.Fatalf("%q: Figures reports %d problems, not the first", data, len(ps))
			}
			if !reports(errV, ps[0]) {
				t.Fatalf("%q: Figures finds %v, Validate does not: %v", data, ps[0], errV)
			}
		}
		if after, _ := json.Marshal(vipcare.Disclosed(p)); !bytes.Equal(enc, after) {
			t.Fatalf("%q: Validate or Figures changed the profile", data)
		}
	}
}

// reports reports whether the problems of err include one at p's path
// wrapping p's sentinel.
func reports(err error, p policy.Problem) bool {
	var ps policy.Problems
	if !errors.As(err, &ps) {
		return false
	}
	for _, q := range ps {
		if q.Path == p.Path && errors.Is(q.Err, sentinelOf(p.Err)) {
			return true
		}
	}
	return false
}

// sentinelOf unwraps err to the innermost error it wraps.
func sentinelOf(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// checkFigures checks what holds of every figures Compute makes: totals
// of 0 or more that add up, every field readable, and fields derived by
// subtraction exact.
func checkFigures(t *testing.T, data []byte, f *vipcare.Figures, probes []*policy.Rule[vipcare.Figures]) {
	t.Helper()
	if f.AUM < 0 || f.OffBank < 0 || f.Foreign < 0 || f.Liabilities < 0 || f.FinancialAssets < 0 {
		t.Fatalf("%q: a negative total: %s", data, totals(f))
	}
	if f.AUM+f.OffBank != f.Wealth || f.Foreign > f.Wealth {
		t.Fatalf("%q: totals do not add up: %s", data, totals(f))
	}
	var classes, atBank vipcare.Amount
	for _, c := range builtinClasses {
		classes += f.Class(c)
		atBank += f.ClassAtBank(c)
	}
	if classes > f.Wealth || atBank > f.AUM {
		t.Fatalf("%q: the built-in classes hold more than the totals: %s", data, totals(f))
	}
	want := (f.Wealth - f.Liabilities).String() // both 0 or more: exact
	for _, r := range probes {
		e := r.Explain(f, policy.ExplainOptions{Values: true})
		if e.Field == "net_wealth" && e.Value != want {
			t.Fatalf("%q: net wealth %s, not %s", data, e.Value, want)
		}
	}
}

// totals lists f's totals, for a failing test.
func totals(f *vipcare.Figures) string {
	return fmt.Sprint("aum ", int64(f.AUM), ", off bank ", int64(f.OffBank), ", wealth ", int64(f.Wealth),
		", foreign ", int64(f.Foreign), ", liabilities ", int64(f.Liabilities), ", financial assets ", int64(f.FinancialAssets))
}

// sameTotals reports whether two figures have the same totals.
func sameTotals(a, b *vipcare.Figures) bool {
	return a.AUM == b.AUM && a.OffBank == b.OffBank && a.Wealth == b.Wealth && a.Foreign == b.Foreign &&
		a.Liabilities == b.Liabilities && a.Revenue12M == b.Revenue12M && a.FinancialAssets == b.FinancialAssets &&
		a.NetFinancialAssets == b.NetFinancialAssets && a.AverageIncome3Y == b.AverageIncome3Y
}

// FuzzAmount parses any text as an amount, as Amount.UnmarshalText and
// NewMoney parse it, and formats any int64 as one. The two parsers agree;
// what does not parse is one problem, malformed or out of range, quoting
// nothing; what parses is exact (the decimal NewMoney keeps), within the
// bounds, and prints as text that parses back to it, in JSON too. Every
// amount within the bounds prints as text that parses back to it; beyond
// them, the text is refused as out of range.
func FuzzAmount(f *testing.F) {
	for _, s := range []string{"0", "2000000", "1250.5", "-0.0001", "99999999999999.9999", "1e3", "0.00001", "abc"} {
		f.Add(s, int64(0))
	}
	f.Add("100000000000000", int64(vipcare.MaxAmount))
	f.Add("-1e14", int64(-vipcare.MaxAmount-1))
	f.Fuzz(func(t *testing.T, text string, n int64) {
		var a vipcare.Amount
		err := a.UnmarshalText([]byte(text))
		m, errM := vipcare.NewMoney(text, vipcare.CNY)
		if (err == nil) != (errM == nil) {
			t.Fatalf("%q: UnmarshalText %v, NewMoney %v", text, err, errM)
		}
		if err != nil {
			for _, c := range []struct {
				e    error
				path string
			}{{err, ""}, {errM, "/amount"}} {
				e, path := c.e, c.path
				var ps policy.Problems
				if !errors.As(e, &ps) || len(ps) != 1 || ps[0].Path != path || ps[0].Name != "" ||
					!errors.Is(e, policy.ErrMalformed) && !errors.Is(e, policy.ErrOutOfRange) {
					t.Fatalf("%q: %v is not one problem at %q", text, e, path)
				}
			}
			if a != 0 {
				t.Fatalf("%q: written on failure", text)
			}
			return
		}
		if a > vipcare.MaxAmount || a < -vipcare.MaxAmount {
			t.Fatalf("%q: %d beyond the bounds", text, a)
		}
		if to, err := vipcare.ToAmount(m.Amount); err != nil || to != a || !a.Decimal().Equal(m.Amount) {
			t.Fatalf("%q: NewMoney keeps %s, the amount is %s", text, m.Amount, a)
		}
		checkAmountText(t, a)

		b := vipcare.Amount(n)
		var back vipcare.Amount
		err = back.UnmarshalText([]byte(b.String()))
		switch {
		case b >= -vipcare.MaxAmount && b <= vipcare.MaxAmount:
			if err != nil || back != b {
				t.Fatalf("%d prints as %q, which parses as %d (%v)", n, b.String(), back, err)
			}
			checkAmountText(t, b)
		case !errors.Is(err, policy.ErrOutOfRange):
			t.Fatalf("%d, beyond the bounds, prints as %q, which parses (%v)", n, b.String(), err)
		}
	})
}

// checkAmountText checks that a prints as canonical text, the same by
// String, MarshalText and JSON, which parses back to a.
func checkAmountText(t *testing.T, a vipcare.Amount) {
	t.Helper()
	s := a.String()
	text, err := a.MarshalText()
	if err != nil || string(text) != s {
		t.Fatalf("%d: String %q, MarshalText %q (%v)", a, s, text, err)
	}
	var back vipcare.Amount
	if err := back.UnmarshalText(text); err != nil || back != a || back.String() != s {
		t.Fatalf("%d prints as %q, which parses as %d (%v)", a, s, back, err)
	}
	j, err := json.Marshal(a)
	if err != nil || string(j) != `"`+s+`"` {
		t.Fatalf("%d: JSON %s (%v)", a, j, err)
	}
	back = 0
	if err := json.Unmarshal(j, &back); err != nil || back != a {
		t.Fatalf("%d: JSON %s decodes as %d (%v)", a, j, back, err)
	}
}
