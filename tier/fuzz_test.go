package tier_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// The fuzz targets' seeds are under testdata/fuzz; go test runs them as
// tests. Fuzz each with
//
//	go test -run '^$' -fuzz '^FuzzPeriod$' -fuzztime 60s ./tier
//	go test -run '^$' -fuzz '^FuzzLadder$' -fuzztime 60s -fuzzminimizetime 3s ./tier

// FuzzPeriod parses any text as a period, and makes one of any year,
// month and kind. What does not parse is one malformed problem that does
// not quote the text (stored data); what parses is written back as the same text, by String,
// MarshalText and JSON. A period of a year 0 to 9999 is written as text
// that parses back to it; of any other year, refused as out of range.
func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2026-02", "2026-Q1", "0000-01", "9999-Q4", "+026-01", "2026-13", ""} {
		f.Add(s, int32(2026), uint8(2), false)
	}
	f.Add("x", int32(-1), uint8(12), true)
	f.Add("x", int32(10000), uint8(1), false)
	f.Fuzz(func(t *testing.T, text string, year int32, month uint8, quarter bool) {
		var p tier.Period
		if err := p.UnmarshalText([]byte(text)); err != nil {
			var ps policy.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Name != "" || !errors.Is(err, policy.ErrMalformed) {
				t.Fatalf("%q: %v is not one malformed problem, naming nothing", text, err)
			}
			if p != (tier.Period{}) {
				t.Fatalf("%q: written on failure", text)
			}
		} else {
			b, err := p.MarshalText()
			if err != nil || string(b) != text || text != "" && p.String() != text {
				t.Fatalf("%q reads as %v, written as %q (%v)", text, p, b, err)
			}
			checkPeriodJSON(t, p, text)
		}

		at := time.Date(int(year), time.Month(month%12+1), 1, 12, 0, 0, 0, time.UTC)
		q := tier.MonthOf(at)
		if quarter {
			q = tier.QuarterOf(at)
		}
		b, err := q.MarshalText()
		if y := at.Year(); y < 0 || y > 9999 {
			var ps policy.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || !errors.Is(err, policy.ErrOutOfRange) {
				t.Fatalf("%v of the year %d written as %q (%v)", q, y, b, err)
			}
			return
		}
		if err != nil || string(b) != q.String() {
			t.Fatalf("%v written as %q (%v)", q, b, err)
		}
		var back tier.Period
		if err := back.UnmarshalText(b); err != nil || back != q {
			t.Fatalf("%v written as %q, read as %v (%v)", q, b, back, err)
		}
		checkPeriodJSON(t, q, string(b))
	})
}

// checkPeriodJSON checks that p is the JSON string text, which decodes
// back to p.
func checkPeriodJSON(t *testing.T, p tier.Period, text string) {
	t.Helper()
	j, err := json.Marshal(p)
	want, _ := json.Marshal(text)
	if err != nil || !bytes.Equal(j, want) {
		t.Fatalf("%v: JSON %s, want %s (%v)", p, j, want, err)
	}
	var back tier.Period
	if err := json.Unmarshal(j, &back); err != nil || back != p {
		t.Fatalf("%v: JSON %s decodes as %v (%v)", p, j, back, err)
	}
}

// FuzzLadder decodes any bytes as a ladder spec and compiles it. It never
// panics; every problem is located; a spec that decodes encodes to one
// that decodes to the same encoding and compiles alike. A ladder that
// compiles places sample clients, their AUM set from 0 to beyond the
// largest amount, the same twice, as Assign, Classify and Explain agree,
// and, on the measure "aum", never lower for a higher AUM; it qualifies
// them, observes them and steps them from every tier without panicking,
// to a tier of the ladder or none.
func FuzzLadder(f *testing.F) {
	for _, s := range []tier.LadderSpec{tier.Reference(), plain()} {
		b, err := json.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	o := sample.Options{Seed: 5}
	v := sample.Valuation(o)
	var base []*vipcare.Figures
	for _, i := range []int{0, 13, 77} {
		p := sample.Profile(o, i)
		fig, err := v.Figures(&p)
		if err != nil {
			f.Fatal(err)
		}
		base = append(base, &fig)
	}
	aums := []vipcare.Amount{0, 1, 50_000_0000 - 1, 50_000_0000, 500_000_0000, 2_000_000_0000, 6_000_000_0000,
		vipcare.MaxAmount, 9 * vipcare.MaxAmount}
	period := tier.MonthOf(v.AsOf)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s tier.LadderSpec
		if err := s.UnmarshalJSON(data); err != nil {
			testkit.CheckLocated(t, data, err)
			return
		}
		enc, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("%q decodes but does not encode: %v", data, err)
		}
		var back tier.LadderSpec
		if err := back.UnmarshalJSON(enc); err != nil {
			t.Fatalf("%q encodes as %s, which does not decode: %v", data, enc, err)
		}
		if again, err := json.Marshal(back); err != nil || !bytes.Equal(enc, again) {
			t.Fatalf("%q encodes as %s, then as %s (%v)", data, enc, again, err)
		}
		l, err := s.Compile(nil)
		_, err2 := back.Compile(nil)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("%q compiles with %v, encoded and decoded with %v", data, err, err2)
		}
		if err != nil {
			testkit.CheckLocated(t, nil, err)
			return
		}
		classes := l.Classes()
		onAUM := s.Measure == "" || s.Measure == "aum"
		for _, fb := range base {
			prev := -1
			for _, a := range aums {
				g := *fb
				g.AUM = a
				r := checkPlace(t, data, l, &g, classes)
				if onAUM && r < prev {
					t.Fatalf("%q: AUM %d places on rung %d, lower than %d", data, a, r, prev)
				}
				prev = max(prev, r)
				checkLifecycle(t, data, l, s.Rungs, &g, period, classes)
			}
		}
	})
}

// checkPlace places f on l by Classify, Assign and Explain, which must
// agree, twice, and returns the rung (-1 for none, or on error).
func checkPlace(t *testing.T, data []byte, l *tier.Ladder, f *vipcare.Figures, classes []string) int {
	t.Helper()
	r, err := l.Classify(f)
	r2, err2 := l.Classify(f)
	tr, err3 := l.Assign(f)
	if r != r2 || !sameErr(err, err2) || !sameErr(err, err3) {
		t.Fatalf("%q: Classify %d, %v; again %d, %v; Assign %v", data, r, err, r2, err2, err3)
	}
	if err != nil {
		testkit.CheckLocated(t, nil, err, tier.ErrNoHistory)
		return -1
	}
	if r < -1 || r >= len(classes) || r == -1 && !tr.IsZero() || r >= 0 && tr.Name != classes[r] {
		t.Fatalf("%q: Classify %d of %v, Assign %v", data, r, classes, tr)
	}
	e, err := l.Explain(f, policy.ExplainOptions{Values: true})
	if err != nil || e.Tier != tr {
		t.Fatalf("%q: Explain %v (%v), Assign %v", data, e.Tier, err, tr)
	}
	return r
}

// checkLifecycle qualifies f, observes it for p and steps it from no
// tier and from every tier of l: never a panic, the same step twice,
// always to a tier of l or none, up to at most the tier observed when it
// is above the tier held, and never below the tier observed otherwise.
// Overrides with no grant leave each tier alone, and a grant of the top
// tier lifts a client on a lower one at least one rung.
func checkLifecycle(t *testing.T, data []byte, l *tier.Ladder, rungs []tier.Rung, f *vipcare.Figures, p tier.Period, classes []string) {
	t.Helper()
	if _, err := l.Qualify(f); err != nil {
		testkit.CheckLocated(t, nil, err, tier.ErrNoHistory)
	}
	obs, err := l.Observe(f, p)
	if err != nil {
		testkit.CheckLocated(t, nil, err, tier.ErrNoHistory)
		return
	}
	top := rungs[len(rungs)-1].Tier
	grant := []tier.Override{{Tier: top, Code: "c", Requester: "r", Approver: "a", From: f.AsOf.AddDate(0, 0, -1),
		Until: f.AsOf.AddDate(0, 0, 1)}}
	states := []tier.State{{}, {Tier: tier.Tier{Name: "none of the ladder's", Rank: 1}}}
	for i, r := range rungs {
		states = append(states, tier.State{Tier: r.Tier})
		e, err := l.Apply(tier.State{Tier: r.Tier}, nil, f.AsOf)
		if err != nil || e.Tier != r.Tier {
			t.Fatalf("%q: Apply with no override moves %v to %v (%v)", data, r.Tier, e.Tier, err)
		}
		e, err = l.Apply(tier.State{Tier: r.Tier}, grant, f.AsOf)
		if at := slices.Index(classes, e.Tier.Name); err != nil || at < min(i+1, len(rungs)-1) {
			t.Fatalf("%q: a grant of %v moves %v to %v (%v)", data, top, r.Tier, e.Tier, err)
		}
	}
	comp := slices.Index(classes, l.Step(tier.State{}, obs).Computed.Name)
	for _, s := range states {
		held := slices.Index(classes, s.Tier.Name)
		if held >= 0 && rungs[held].Tier != s.Tier {
			held = -1
		}
		for _, below := range []int{0, 1, 1 << 62} {
			s.Below = below
			st := l.Step(s, obs)
			if st != l.Step(s, obs) {
				t.Fatalf("%q: two steps from %v", data, s)
			}
			a := st.After
			if a.Below < 0 || !a.Tier.IsZero() && !slices.Contains(classes, a.Tier.Name) {
				t.Fatalf("%q: a step from %v to %v", data, s, a)
			}
			after := slices.Index(classes, a.Tier.Name)
			if comp > held && (after <= held || after > comp) || comp <= held && (after < comp || after > held) {
				t.Fatalf("%q: a step from %v (rung %d), observed on rung %d, to %v (rung %d)", data, s, held, comp, a, after)
			}
		}
	}
}

// sameErr reports whether two errors say the same.
func sameErr(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}
