package playbook_test

import (
	"testing"
	"time"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// growthInputs are what grows with a client in a decision: the profile's
// lists, and the plays made and overrides a caller passes.
var growthInputs = append(append([]string{}, testkit.Inputs...), "history", "overrides")

// BenchmarkGrowth decides and explains one client whose profile, history
// or overrides hold 1k, 10k and 100k entries, within the as-of month
// (the lifecycle reads the daily balances): the cost per entry is the
// same at every size, so that a hostile or long-lived client costs in
// proportion to what it brings.
func BenchmarkGrowth(b *testing.B) {
	pb := reference(b)
	o := sample.Options{Seed: 1}
	base, v := sample.Profile(o, 28), sample.Valuation(o)
	for _, op := range []string{"Decide", "Explain"} {
		for _, input := range growthInputs {
			for _, size := range testkit.Sizes {
				b.Run(op+"/"+input+"="+size.Name, func(b *testing.B) {
					p := base
					opts := playbook.Options{Period: tier.MonthOf(v.AsOf)}
					switch input {
					case "history":
						for i := range size.N {
							opts.History = append(opts.History, needs.PlayMade{Play: "status_review",
								Date: v.AsOf.AddDate(0, 0, -(i % 400))})
						}
					case "overrides":
						for i := range size.N {
							from := v.AsOf.AddDate(0, 0, -(i % 400))
							opts.Overrides = append(opts.Overrides, tier.Override{Hold: i%2 == 0,
								Tier: tier.Tier{Name: "gold", Rank: 20}, Code: "strategic_relationship",
								Requester: "RM-1", Approver: "RM-2", From: from, Until: from.Add(24 * time.Hour)})
						}
					default:
						p = testkit.Grow(base, input, size.N, v.AsOf)
					}
					if err := p.Validate(v); err != nil {
						b.Fatal(err)
					}
					var s playbook.Scratch
					if _, err := pb.Decide(&p, v, opts, &s); err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						var err error
						if op == "Decide" {
							_, err = pb.Decide(&p, v, opts, &s)
						} else {
							_, err = pb.Explain(&p, v, opts)
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
