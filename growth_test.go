package vipcare_test

import (
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// BenchmarkGrowth validates a profile, and computes its figures and reads
// every field of the default environment, with 1k, 10k and 100k more
// entries in each list of the profile: the cost per entry is the same at
// every size.
func BenchmarkGrowth(b *testing.B) {
	var env *vipcare.Env
	var rules []*policy.Rule[vipcare.Figures]
	for _, info := range env.Schema().Fields() {
		rules = append(rules, policy.Must(policy.Compile(env.Schema(), probe(info))))
	}
	v := valuation()
	for _, op := range []string{"Validate", "Fields"} {
		for _, input := range testkit.Inputs {
			for _, size := range testkit.Sizes {
				b.Run(op+"/"+input+"="+size.Name, func(b *testing.B) {
					p := testkit.Grow(baseProfile(), input, size.N, v.AsOf)
					if err := p.Validate(v); err != nil {
						b.Fatal(err)
					}
					var f vipcare.Figures
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						if op == "Validate" {
							if err := p.Validate(v); err != nil {
								b.Fatal(err)
							}
							continue
						}
						if err := v.Compute(&p, &f); err != nil {
							b.Fatal(err)
						}
						for _, r := range rules {
							sinkBool = r.Eval(&f) != sinkBool
						}
					}
				})
			}
		}
	}
}

var sinkBool bool
