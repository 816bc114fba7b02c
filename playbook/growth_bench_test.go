package playbook_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
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

// grownSpec returns the reference spec with n more of part: plays (each
// with the first play's needs and categories), categories of the first
// play (all but one repeated, a problem each), strategies, strategy
// rules, segment rows, default plays, named conditions, touches and
// specialists of the first strategy, and strategy rules that read age,
// each with a justification of its own.
func grownSpec(part string, n int) playbook.Spec {
	s := playbook.Reference(sample.Shelf())
	nd := *s.Needs
	s.Needs = &nd
	seg := *s.Segmentation
	s.Segmentation = &seg
	name := func(prefix string, i int) string { return prefix + strconv.Itoa(i) }
	switch part {
	case "plays":
		nd.Plays = slices.Clone(nd.Plays)
		for i := range n {
			p := nd.Plays[0]
			p.ID = name("play_", i)
			nd.Plays = append(nd.Plays, p)
		}
	case "categories":
		nd.Plays = slices.Clone(nd.Plays)
		p := &nd.Plays[0]
		p.Categories = slices.Clone(p.Categories)
		for range n {
			p.Categories = append(p.Categories, p.Categories[0])
		}
	case "default":
		nd.Default = slices.Clone(nd.Default)
		for i := range n {
			nd.Default = append(nd.Default, nd.Plays[i%len(nd.Plays)].ID)
		}
	case "strategies":
		for i := range n {
			st := s.Strategies.Strategies[0]
			st.Name = name("strategy_", i)
			s.Strategies.Strategies = append(s.Strategies.Strategies, st)
		}
	case "rules":
		for i := range n {
			r := s.Strategies.Rules[0]
			r.Name = name("rule_", i)
			s.Strategies.Rules = append(s.Strategies.Rules, r)
		}
	case "touches", "specialists":
		st := &s.Strategies.Strategies[0]
		for i := range n {
			if part == "touches" {
				st.Touches = append(st.Touches, contact.Touch{Channel: vipcare.Channels()[i%len(vipcare.Channels())], PerYear: 1})
			} else {
				st.Service.Specialists = append(st.Service.Specialists, name("specialist_", i))
			}
		}
	case "matrix":
		for i := range n {
			r := seg.Matrix[0]
			r.Name = name("row_", i)
			seg.Matrix = append(seg.Matrix, r)
		}
	case "conditions":
		for i := range n {
			s.Conditions = append(s.Conditions, playbook.Condition{Name: name("cond_", i), When: policy.Field("aum").GE(i)})
		}
	case "justifications": // strategy rules that read age, each justified where it is
		for i := range n {
			r := s.Strategies.Rules[0]
			r.Name = name("rule_", i)
			r.When = policy.Field("age").GE(55)
			s.Strategies.Rules = append(s.Strategies.Rules, r)
			s.Justifications = append(s.Justifications, playbook.Justification{Field: "age",
				Where: "/strategies/rules/" + strconv.Itoa(len(s.Strategies.Rules)-1), Reason: "a test"})
		}
	}
	return s
}

// BenchmarkGrowthCompile compiles the reference playbook with 1k, 10k and
// 100k more entries in each of its unbounded lists: compiling costs the
// same per entry at every size, whether the entries are valid or each a
// problem.
func BenchmarkGrowthCompile(b *testing.B) {
	for _, part := range []string{"plays", "categories", "default", "strategies", "rules", "touches", "specialists", "matrix", "conditions",
		"justifications"} {
		for _, size := range testkit.Sizes {
			b.Run(part+"="+size.Name, func(b *testing.B) {
				s := grownSpec(part, size.N)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					_, _ = s.Compile(nil)
				}
			})
		}
	}
}

// BenchmarkGrowthDiff diffs the reference playbook with 1k, 10k and 100k
// more plays, strategy rules or segment rows against itself with the
// first and the last of them removed: matching list elements by name
// costs the same per element at every size.
func BenchmarkGrowthDiff(b *testing.B) {
	for _, part := range []string{"plays", "rules", "matrix"} {
		for _, size := range testkit.Sizes {
			b.Run(part+"="+size.Name, func(b *testing.B) {
				old := grownSpec(part, size.N)
				new := grownSpec(part, size.N)
				switch part {
				case "plays":
					nd := *new.Needs
					nd.Plays = nd.Plays[1 : len(nd.Plays)-1]
					new.Needs = &nd
				case "rules":
					new.Strategies.Rules = new.Strategies.Rules[1 : len(new.Strategies.Rules)-1]
				case "matrix":
					seg := *new.Segmentation
					seg.Matrix = seg.Matrix[1 : len(seg.Matrix)-1]
					new.Segmentation = &seg
				}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					changes, err := playbook.Diff(old, new)
					if err != nil || len(changes) != 2 {
						b.Fatal(len(changes), err)
					}
				}
			})
		}
	}
}
