package book_test

import (
	"testing"

	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

func BenchmarkXBook(b *testing.B) {
	const n = 100_000
	accs := materialise(n)
	pb, _ := playbook.Compile(playbook.ReferenceDocument(), nil)
	v := sample.Valuation(sample.Options{Seed: 1})
	period := tier.MonthOf(v.AsOf)
	b.ResetTimer()
	for range b.N {
		xloop(pb, accs, v, period)
	}
}
