package policy_test

import (
	"testing"

	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
)

// benchSubjects take different paths through the benchmarked policies. They
// live outside the loops: a subject declared inside the loop would escape
// to the heap (a compiled rule calls accessors through func values, so
// escape analysis cannot see that they keep no pointer) and the allocation
// would be counted against Eval.
var benchSubjects = []client{
	{AUM: aum(2_500_000), Age: 61, Products: []string{"a", "b", "c"}, Entrepreneur: true, Risk: "C4", Since: day(2009, 3, 1)},
	{AUM: 19_999_999_999, Age: 45, Products: []string{"a"}, Risk: "C3"},
	{AUM: aum(3_000_000), Age: 70, Risk: "C2"},
	{AUM: aum(2_000_000), Age: 30, Products: []string{"a", "b", "c", "d"}, Risk: "C5"},
	{AUM: aum(800_000), Age: 66, Risk: "X9"},
}

// benchRule has six comparisons over decimal, bool, int and enum fields
// under All, Any, Not and AtLeast.
var benchRule = policy.All(
	policy.Field("aum").GE("2000000"),
	policy.Any(policy.Field("entrepreneur").EQ(true), policy.Field("age").GE(60)),
	policy.Not(policy.Field("risk").In("C1", "C2")),
	policy.AtLeast(1, policy.Field("products").GE(3), policy.Field("risk").GE("C4")),
)

var sinkBool bool
var sinkHit policy.Hit[string]

func BenchmarkRuleEval(b *testing.B) {
	r := policy.Must(policy.Compile(schema, benchRule))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkBool = r.Eval(&benchSubjects[i%len(benchSubjects)])
	}
}

func BenchmarkTableDecide(b *testing.B) {
	tbl := policy.Must(policy.CompileTable(schema, policy.First,
		policy.Row[string]{Name: "private-bold", When: policy.All(policy.Field("aum").GE("2000000"), policy.Field("risk").GE("C4")), Then: "private-bold"},
		policy.Row[string]{Name: "private", When: policy.Field("aum").GE("2000000"), Then: "private"},
		policy.Row[string]{Name: "founder", When: policy.All(policy.Field("entrepreneur").EQ(true), policy.Field("aum").GE("500000")), Then: "founder"},
		policy.Row[string]{Name: "senior", When: policy.AtLeast(2, policy.Field("age").GE(65), policy.Field("products").GE(2), policy.Not(policy.Field("risk").In("C1"))), Then: "senior"},
		policy.Row[string]{Name: "mass", Then: "mass"},
	))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, _, err := tbl.Decide(&benchSubjects[i%len(benchSubjects)])
		if err != nil {
			b.Fatal(err)
		}
		sinkHit = h
	}
}

// TestEvalDoesNotAllocate keeps the zero-allocation promise of Rule.Eval
// and Table.Decide under go test, not only under go test -bench.
func TestEvalDoesNotAllocate(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation may allocate")
	}
	r := policy.Must(policy.Compile(schema, benchRule))
	tbl := policy.Must(policy.CompileTable(schema, policy.Unique, segmentRows()...))
	c := &benchSubjects[0]
	if n := testing.AllocsPerRun(100, func() { sinkBool = r.Eval(c) }); n != 0 {
		t.Errorf("Rule.Eval: %v allocs/op, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _, _ = tbl.Decide(c) }); n != 0 {
		t.Errorf("Table.Decide: %v allocs/op, want 0", n)
	}
}

// BenchmarkRatio compares a share rule, "part/whole >= 0.6", on a Ratio
// field, which multiplies, and on a Decimal field that works the quotient
// out, which divides 128 bits by 64, over 4,096 subjects with shares
// spread from 0 to 1.
func BenchmarkRatio(b *testing.B) {
	s := policy.Must(policy.NewSchema(
		policy.Ratio("ratio", 6, func(s *ratioSubject) (int64, int64) { return s.part, s.whole }),
		policy.Decimal("quotient", 6, func(s *ratioSubject) int64 { return num.Ratio(s.part, s.whole) }),
	))
	subjects := make([]ratioSubject, 4096)
	for i := range subjects {
		subjects[i] = ratioSubject{part: int64(i*7919%100_000) * 10_000, whole: 100_000 * 10_000}
	}
	for _, field := range []string{"ratio", "quotient"} {
		rule := policy.Must(policy.Compile(s, policy.Field(field).GE("0.6")))
		b.Run(field, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sinkBool = rule.Eval(&subjects[i&(len(subjects)-1)])
				i++
			}
		})
	}
}
