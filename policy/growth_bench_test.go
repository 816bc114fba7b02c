package policy_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// wide returns All of n comparisons.
func wide(n int) policy.Cond {
	cs := make([]policy.Cond, n)
	for i := range cs {
		cs[i] = policy.Field("age").GE(i)
	}
	return policy.All(cs...)
}

// pile returns n comparisons in MaxDepth levels: each level is All of the
// level below and n/MaxDepth comparisons, the tallest and widest a
// condition may be, where a decoder that reads a level's subtree again
// at every level pays MaxDepth times over.
func pile(n int) policy.Cond {
	per := max(n/policy.MaxDepth, 1)
	c := policy.Field("age").GE(0)
	for range policy.MaxDepth - 1 {
		cs := []policy.Cond{c}
		for i := range per {
			cs = append(cs, policy.Field("age").GE(i))
		}
		c = policy.All(cs...)
	}
	return c
}

// The tree forms of wide, pile and nestNot.
const ageJSON = `{"field":"age","op":">=","value":`

func wideJSON(n int) []byte {
	b := []byte(`{"all":[`)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, ageJSON...), strconv.Itoa(i)...), '}')
	}
	return append(b, "]}"...)
}

func pileJSON(n int) []byte {
	per := max(n/policy.MaxDepth, 1)
	var leaves []byte
	for i := range per {
		leaves = append(append(append(leaves, ','), ageJSON...), strconv.Itoa(i)...)
		leaves = append(leaves, '}')
	}
	b := []byte(strings.Repeat(`{"all":[`, policy.MaxDepth-1) + ageJSON + "0}")
	for range policy.MaxDepth - 1 {
		b = append(append(b, leaves...), "]}"...)
	}
	return b
}

func nestedNotJSON(levels int) []byte {
	return []byte(strings.Repeat(`{"not":`, levels-1) + ageJSON + "18}" + strings.Repeat("}", levels-1))
}

// BenchmarkGrowth prints, marshals and decodes conditions of 1k, 10k and
// 100k comparisons, side by side (width: one list; pile: MaxDepth levels)
// and of 1k, 10k and 100k levels, which only a condition built in Go can
// have: printing, marshalling and decoding cost the same per comparison or
// level at every size, and a condition deeper than MaxDepth costs no more
// than one MaxDepth deep.
func BenchmarkGrowth(b *testing.B) {
	shapes := []struct {
		name string
		cond func(n int) policy.Cond
		json func(n int) []byte
	}{{"width", wide, wideJSON}, {"pile", pile, pileJSON}, {"depth", nestNot, nestedNotJSON}}
	for _, op := range []string{"String", "Marshal", "Unmarshal"} {
		for _, shape := range shapes {
			for _, size := range testkit.Sizes {
				b.Run(op+"/"+shape.name+"="+size.Name, func(b *testing.B) {
					c := shape.cond(size.N)
					var data []byte
					if op == "Unmarshal" {
						data = shape.json(size.N)
						b.SetBytes(int64(len(data)))
					}
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						switch op {
						case "String":
							sinkString = c.String()
						case "Marshal":
							sinkBytes, _ = c.MarshalJSON()
						case "Unmarshal":
							var d policy.Cond
							_ = d.UnmarshalJSON(data)
						}
					}
				})
			}
		}
	}
}

var (
	sinkString string
	sinkBytes  []byte
)

// The tree forms the benchmarks decode are those of the conditions they
// print and marshal.
func TestGrowthForms(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    policy.Cond
		data []byte
	}{{"wide", wide(100), wideJSON(100)}, {"pile", pile(100), pileJSON(100)}, {"nestNot", nestNot(20), nestedNotJSON(20)}} {
		var d policy.Cond
		require.NoError(t, d.UnmarshalJSON(tt.data), tt.name)
		assert.True(t, policy.EqualConds(tt.c, d), tt.name)
	}
}
