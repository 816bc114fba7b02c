package vipcare_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// BenchmarkGrowth validates a profile, computes its figures and reads
// every field of the default environment, and decodes it from JSON, with
// 1k, 10k and 100k more entries in each list of the profile: the cost per
// entry is the same at every size.
func BenchmarkGrowth(b *testing.B) {
	env := policy.Must((*vipcare.Env)(nil).Allow("age")) // every field, the protected one allowed
	var rules []*policy.Rule[vipcare.Figures]
	for _, info := range env.Schema().Fields() {
		rules = append(rules, policy.Must(policy.Compile(env.Schema(), probe(info))))
	}
	v := valuation()
	for _, op := range []string{"Validate", "Fields", "Decode"} {
		for _, input := range testkit.Inputs {
			for _, size := range testkit.Sizes {
				b.Run(op+"/"+input+"="+size.Name, func(b *testing.B) {
					p := testkit.Grow(baseProfile(), input, size.N, v.AsOf)
					if err := p.Validate(v); err != nil {
						b.Fatal(err)
					}
					var f vipcare.Figures
					doc := profileJSON(input, size.N)
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						if op == "Decode" { // beyond 8 MiB, refused at once
							var d vipcare.Profile
							if err := policy.Unmarshal(doc, &d); err != nil && (len(doc) <= 8<<20 || !errors.Is(err, policy.ErrTooMany)) {
								b.Fatal(err)
							}
							continue
						}
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

// profileJSON is a profile in JSON with n entries in input's list (n
// holdings and n events for "holdings+events"), written out rather than
// marshalled, whatever the default JSON of a profile shows.
func profileJSON(input string, n int) []byte {
	var b strings.Builder
	b.WriteString(`{"id": "C1"`)
	list := func(key, item string) {
		b.WriteString(`, "` + key + `": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(strings.ReplaceAll(item, "#", strconv.Itoa(i)))
		}
		b.WriteString("]")
	}
	money := `{"amount": "1.5", "currency": "CNY"}`
	for _, in := range strings.Split(input, "+") {
		switch in {
		case "holdings":
			list("holdings", `{"id": "H#", "class": "deposits", "amount": `+money+`}`)
		case "liabilities":
			list("liabilities", `{"id": "L#", "amount": `+money+`}`)
		case "corporates":
			list("corporates", `{"id": "K#", "role": "director", "ownership": "0.1"}`)
		case "balances":
			list("daily_balances", `{"date": "2020-01-01T00:00:00Z", "balance": `+money+`}`)
		case "averages":
			list("average_balances", `{"from": "2020-01-01T00:00:00Z", "to": "2020-01-31T00:00:00Z", "average": `+money+`}`)
		case "events":
			list("events", `{"kind": "large_inflow", "date": "2020-01-01T00:00:00Z", "holding": "H#", "amount": `+money+`}`)
		case "channels":
			b.WriteString(`, "contact": {"channels": [` + strings.TrimSuffix(strings.Repeat(`"phone",`, n), ",") + `]}`)
		}
	}
	b.WriteString("}")
	return []byte(b.String())
}
