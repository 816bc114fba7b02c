package needs_test

import (
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// benchClient returns client 28 of the sample book of seed 1 and its
// valuation: an entrepreneur with 8 holdings in 6 classes, a liability and
// a birthday event, in whom the reference scorecards find four needs.
func benchClient() (vipcare.Profile, vipcare.Valuation) {
	o := sample.Options{Seed: 1}
	return sample.Profile(o, 28), sample.Valuation(o)
}

// BenchmarkDetect measures detecting the needs of one client with the
// reference scorecards (6 needs, 21 signals) from figures computed once:
// the detection step a needs-driven recommendation runs per client. It does
// not allocate.
func BenchmarkDetect(b *testing.B) {
	a := policy.Must(needs.Reference(sample.Shelf()).Compile(ageEnv))
	p, v := benchClient()
	var f vipcare.Figures
	if err := v.Compute(&p, &f); err != nil {
		b.Fatal(err)
	}
	if n := len(a.Detect(&f).List()); n != 4 {
		b.Fatalf("the benchmark client has %d needs, want 4", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var det needs.Detection
	for i := 0; i < b.N; i++ {
		det = a.Detect(&f)
	}
	if det.Strength(needs.Integrated) == 0 {
		b.Fatal("the entrepreneur has no integrated need")
	}
}

// BenchmarkDetectWithFigures measures computing the client's figures (with
// one currency conversion) and detecting its needs, reusing one Figures.
func BenchmarkDetectWithFigures(b *testing.B) {
	a := policy.Must(needs.Reference(sample.Shelf()).Compile(ageEnv))
	p, v := benchClient()
	var f vipcare.Figures
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Compute(&p, &f); err != nil {
			b.Fatal(err)
		}
		if a.Detect(&f).Strength(needs.Integrated) == 0 {
			b.Fatal("the entrepreneur has no integrated need")
		}
	}
}

// TestDetectDoesNotAllocate checks the benchmark's claim on every client of
// a small sample book: detection allocates nothing.
func TestDetectDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	a := reference(t)
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)
	var f vipcare.Figures
	for i, p := range sample.Profiles(o, 200) {
		if err := v.Compute(&p, &f); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = a.Detect(&f) }); n != 0 {
			t.Fatalf("client %d: Detect allocates %v times", i, n)
		}
	}
}
