package needs_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// Property: a product that fails suitability is never offered, needs-driven
// or product-driven, to any client of a 10,000-client sample book; every
// play and every refusal carries a reason; and no reason shows a client's
// amount or ID unless values are asked for.
func TestNoUnsuitableProductEverOffered(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients")
	}
	needsDriven := reference(t)
	advisors := []*needs.Advisor{needsDriven, needsDriven.ProductDriven()}
	products := map[string]*needs.Product{}
	for _, p := range sample.Shelf() {
		products[p.Code] = &p
	}
	pack := policy.Must(needs.ChinaPack().Compile(nil))
	opts := sample.Options{Seed: 11}
	v := sample.Valuation(opts)
	var f vipcare.Figures
	var dst []needs.Refusal
	offered, refused := 0, 0
	for i, p := range sample.Profiles(opts, 10_000) {
		require.NoError(t, v.Compute(&p, &f))
		secrets := []string{f.AUM.String(), num.Format(int64(f.AUM), vipcare.AmountScale, true),
			f.Wealth.String(), num.Format(int64(f.Wealth), vipcare.AmountScale, true), p.ID}
		det := needsDriven.Detect(&f)
		for _, a := range advisors {
			rs := a.Recommend(&f, det, nil, policy.ExplainOptions{})
			if f.AUM > 100_000_0000 { // amounts long enough not to occur by chance
				text := rs.String() + fmt.Sprint(rs.Skipped)
				for _, rec := range rs.Plays {
					for _, o := range rec.Refused {
						text += fmt.Sprint(o.Refusals)
					}
				}
				for _, secret := range secrets {
					require.NotContains(t, text, secret, "client %d: a reason shows a client amount or ID", i)
				}
			}
			for _, rec := range rs.Plays {
				require.NotEmpty(t, rec.Reason, "client %d, play %s", i, rec.Play)
				for _, o := range rec.Offers {
					prod, ok := products[o.Product]
					require.True(t, ok)
					dst = pack.Assess(dst[:0], &needs.Case{Figures: &f, Product: prod})
					require.Empty(t, dst, "client %d (product-driven %v): %s offered though %v", i, rs.ProductDriven, o.Product, dst)
					require.Empty(t, o.Refusals)
					offered++
				}
				for _, o := range rec.Refused {
					require.NotEmpty(t, o.Refusals, "client %d: refused without a reason", i)
					for _, ref := range o.Refusals {
						require.NotEmpty(t, ref.Code)
						require.NotEmpty(t, ref.Reason)
					}
					refused++
				}
			}
			for _, sk := range rs.Skipped {
				require.NotEmpty(t, sk.Code)
				require.NotEmpty(t, sk.Reason)
			}
		}
	}
	require.Greater(t, offered, 10_000, "the property is not vacuous")
	require.Positive(t, refused, "the property is not vacuous")
}

// benchBook returns the reference advisor over the sample shelf, and the
// figures and needs of the first 64 clients of the sample book of seed 1.
func benchBook(b *testing.B) (*needs.Advisor, []vipcare.Figures, []needs.Detection) {
	a := policy.Must(needs.Reference(sample.Shelf()).Compile(ageEnv))
	opts := sample.Options{Seed: 1}
	profiles := slices.Collect(sample.Seq(opts, 64))
	v := sample.Valuation(opts)
	figs := make([]vipcare.Figures, len(profiles))
	dets := make([]needs.Detection, len(profiles))
	for i := range profiles {
		if err := v.Compute(&profiles[i], &figs[i]); err != nil {
			b.Fatal(err)
		}
		dets[i] = a.Detect(&figs[i])
	}
	return a, figs, dets
}

// BenchmarkDetectAndRecommend is needs detection plus ranked plays for one
// sample client against the 50-product sample shelf.
func BenchmarkDetectAndRecommend(b *testing.B) {
	a, figs, _ := benchBook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := &figs[i%len(figs)]
		_ = a.Recommend(f, a.Detect(f), nil, policy.ExplainOptions{})
	}
}

// BenchmarkRecommend is the ranked plays of one sample client, explained,
// from needs detected beforehand: what BenchmarkPick decides.
func BenchmarkRecommend(b *testing.B) {
	a, figs, dets := benchBook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(figs)
		_ = a.Recommend(&figs[k], dets[k], nil, policy.ExplainOptions{})
	}
}

// BenchmarkPick is the ranked plays of one sample client without text,
// from needs detected beforehand, reusing the slices: it does not
// allocate.
func BenchmarkPick(b *testing.B) {
	a, figs, dets := benchBook(b)
	picks, skipped := make([]needs.Pick, 0, 16), make([]needs.Skip, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(figs)
		picks, skipped = a.Pick(picks[:0], skipped[:0], &figs[k], dets[k], nil, 0)
	}
}

// BenchmarkDetectAndPick is needs detection plus the ranked plays without
// text, as BenchmarkDetectAndRecommend without explanations.
func BenchmarkDetectAndPick(b *testing.B) {
	a, figs, _ := benchBook(b)
	picks, skipped := make([]needs.Pick, 0, 16), make([]needs.Skip, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := &figs[i%len(figs)]
		picks, skipped = a.Pick(picks[:0], skipped[:0], f, a.Detect(f), nil, 0)
	}
}
