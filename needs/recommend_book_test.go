package needs_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// sampleRecommender ranks the reference plays over the sample shelf.
func sampleRecommender(t testing.TB) *needs.Recommender {
	t.Helper()
	r, err := needs.NewRecommender(needs.RecommenderSpec{
		Detector: needs.MustDetector(needs.ReferenceDetectors()),
		Shelf:    needs.MustShelf(sample.Shelf()...),
		Pack:     needs.ChinaPack(),
		Plays:    needs.ReferencePlays(),
		Default:  []string{"standard_review"},
	})
	require.NoError(t, err)
	return r
}

// Property: a product that fails suitability is never offered, under any
// strategy, to any client of a 10,000-client sample book; and every play
// and every refusal carries a reason.
func TestNoUnsuitableProductEverOffered(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 clients")
	}
	r := sampleRecommender(t)
	shelf := needs.MustShelf(sample.Shelf()...)
	pack := needs.ChinaPack()
	opts := sample.Options{Seed: 11}
	v := sample.Valuation(opts)
	var f vipcare.Figures
	offered := 0
	for i, p := range sample.Profiles(opts, 10_000) {
		require.NoError(t, v.Compute(&p, &f))
		secrets := []string{f.AUM.String(), f.AUM.Grouped(), f.Wealth.String(), f.Wealth.Grouped(), p.ID}
		for _, s := range []needs.Strategy{needs.NeedsDriven, needs.ProductDriven} {
			rs := r.WithStrategy(s).Recommend(&f, nil, policy.ExplainOptions{})
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
					prod, ok := shelf.Find(o.Product)
					require.True(t, ok)
					verdict := pack.Assess(&needs.Case{Figures: &f, Product: prod})
					require.True(t, verdict.OK(), "client %d (%s): %s offered though %s", i, s, o.Product, verdict)
					offered++
				}
				for _, o := range rec.Refused {
					require.NotEmpty(t, o.Refusals, "client %d: refused without a reason", i)
					for _, ref := range o.Refusals {
						require.NotEmpty(t, ref.Code)
						require.NotEmpty(t, ref.Reason)
					}
				}
			}
			for _, sk := range rs.Skipped {
				require.NotEmpty(t, sk.Code)
			}
		}
	}
	require.Greater(t, offered, 10_000, "the property is not vacuous")
}

// BenchmarkDetectAndRecommend is needs detection plus ranked plays for one
// sample client against the 50-product sample shelf.
func BenchmarkDetectAndRecommend(b *testing.B) {
	r := sampleRecommender(b)
	opts := sample.Options{Seed: 1}
	book := sample.Book(opts, 64)
	v := sample.Valuation(opts)
	figs := make([]vipcare.Figures, len(book))
	for i := range book {
		if err := v.Compute(&book[i], &figs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = r.Recommend(&figs[i%len(figs)], nil, policy.ExplainOptions{})
	}
}
