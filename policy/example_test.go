package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vipcare/vipcare/policy"
)

// customer is the subject of the examples.
type customer struct {
	AUM     int64 // in cents
	Risk    string
	Founder bool
	Age     int64
}

var customerSchema = policy.Must(policy.NewSchema(
	policy.Decimal("aum", 2, func(c *customer) int64 { return c.AUM }),
	policy.Enum("risk", []string{"C1", "C2", "C3", "C4", "C5"}, func(c *customer) string { return c.Risk }),
	policy.Bool("founder", func(c *customer) bool { return c.Founder }),
	policy.Int("age", func(c *customer) int64 { return c.Age }),
))

func ExampleCompile() {
	r, err := policy.Compile(customerSchema, policy.All(
		policy.Field("aum").GE("2000000"),
		policy.Any(policy.Field("founder").EQ(true), policy.Field("age").GE(60)),
		policy.Not(policy.Field("risk").In("C1", "C2")),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := customer{AUM: 2_500_000_00, Risk: "C3", Age: 52}
	fmt.Println(r.Eval(&c))
	fmt.Println(r.Explain(&c, policy.ExplainOptions{}))
	fmt.Println(r.Explain(&c, policy.ExplainOptions{Values: true}).Children[1])

	// A policy with mistakes reports all of them at once.
	_, err = policy.Compile(customerSchema, policy.All(
		policy.Field("aum").GE("2000000.001"),
		policy.Field("risk").GT("C9"),
		policy.Field("vip").EQ(true),
	))
	fmt.Println(err)
	fmt.Println(errors.Is(err, policy.ErrUnknown))
	// Output:
	// false
	// ✗ all of
	//   ✓ aum >= 2000000
	//   ✗ any of
	//     ✗ founder == true
	//     ✗ age >= 60
	//   ✓ not
	//     ✗ risk in [C1, C2]
	// ✗ any of
	//   ✗ founder == true (value false)
	//   ✗ age >= 60 (value 52)
	// vipcare: /all/0/value: "aum": out of range
	// vipcare: /all/1/value: "C9": unknown (want one of: C1, C2, C3, C4, C5)
	// vipcare: /all/2/field: "vip": unknown (want one of: aum, risk, founder, age)
	// true
}

func ExampleCompileTable() {
	// A segment matrix: AUM band by risk appetite. Under Unique, a customer
	// who fits two cells is a mistake in the table, not a choice.
	private := policy.Field("aum").GE("2000000")
	affluent := policy.Field("aum").GE("500000")
	segments, err := policy.CompileTable(customerSchema, policy.Unique,
		policy.Row[string]{Name: "private-bold", When: policy.All(private, policy.Field("risk").GE("C4")), Then: "private banking, discretionary"},
		policy.Row[string]{Name: "private-prudent", When: policy.All(private, policy.Field("risk").LE("C3")), Then: "private banking, advisory"},
		policy.Row[string]{Name: "affluent", When: policy.All(affluent, policy.Not(private)), Then: "premier"},
		policy.Row[string]{Name: "mass", When: policy.Not(affluent), Then: "retail"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []customer{
		{AUM: 2_000_000_00, Risk: "C4"},
		{AUM: 5_000_000_00, Risk: "C2"},
		{AUM: 1_999_999_99, Risk: "C5"},
		{AUM: 10_000_00, Risk: "C1"},
		{AUM: 3_000_000_00, Risk: "unknown"},
	} {
		hit, ok, err := segments.Decide(&c)
		switch {
		case err != nil:
			fmt.Println(err)
		case !ok:
			fmt.Println("no segment")
		default:
			fmt.Printf("%s: %s\n", hit.Name, hit.Output)
		}
	}
	c := customer{AUM: 1_999_999_99, Risk: "C5"}
	fmt.Println(segments.Explain(&c, policy.ExplainOptions{}))
	// Output:
	// private-bold: private banking, discretionary
	// private-prudent: private banking, advisory
	// affluent: premier
	// mass: retail
	// no segment
	// hit policy unique
	//   "private-bold": no match
	//     ✗ all of
	//       ✗ aum >= 2000000
	//       ✓ risk >= C4
	//   "private-prudent": no match
	//     ✗ all of
	//       ✗ aum >= 2000000
	//       ✗ risk <= C3
	// → "affluent": matched
	//     ✓ all of
	//       ✓ aum >= 500000
	//       ✓ not
	//         ✗ aum >= 2000000
	//   "mass": no match
	//     ✗ not
	//       ✓ aum >= 500000
}

func ExampleCond_MarshalJSON() {
	c := policy.All(
		policy.Field("aum").GE("2000000"),
		policy.AtLeast(1, policy.Field("founder").EQ(true), policy.Field("risk").In("C4", "C5")),
	)
	b, err := c.MarshalJSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))

	// Either JSON form decodes to the same condition, which compiles and
	// evaluates as the original does: the text, or the tree that a
	// program may find easier to write, with text or trees inside.
	tree := `{"all":[{"field":"aum","op":">=","value":2000000},` +
		`{"at_least":1,"of":["founder",{"field":"risk","op":"in","values":["C4","C5"]}]}]}`
	for _, form := range []string{string(b), tree} {
		var d policy.Cond
		if err := json.Unmarshal([]byte(form), &d); err != nil {
			fmt.Println(err)
			return
		}
		r := policy.Must(policy.Compile(customerSchema, d))
		fmt.Println(d, r.Eval(&customer{AUM: 2_000_000_00, Risk: "C5"}))
	}
	// Output:
	// "aum >= 2000000 and at least 1 of (founder, risk in (\"C4\", \"C5\"))"
	// aum >= 2000000 and at least 1 of (founder, risk in ("C4", "C5")) true
	// aum >= 2000000 and at least 1 of (founder, risk in ("C4", "C5")) true
}

func ExampleParse() {
	c, err := policy.Parse(`aum >= 2000000 and (founder or age >= 60) and not risk in ("C1", "C2")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)
	r := policy.Must(policy.Compile(customerSchema, c))
	fmt.Println(r.Eval(&customer{AUM: 2_500_000_00, Risk: "C3", Founder: true}))

	// Numbers may be quoted, and parentheses that change nothing go:
	// the printed form is the one canonical text.
	c, _ = policy.Parse(`((aum >= "2000000")) and risk in ("C4")`)
	fmt.Println(c)

	// A mistake is located by line and column.
	_, err = policy.Parse("aum >= 2000000 and\n  (founder or age >= )")
	fmt.Println(err)
	// Output:
	// aum >= 2000000 and (founder or age >= 60) and not risk in ("C1", "C2")
	// true
	// aum >= 2000000 and risk in ("C4")
	// vipcare: line 2, column 22: ")": malformed: want a number, a string in double quotes, true or false
}

func ExampleCustom() {
	// A test that fields and comparisons cannot say, written in Go.
	roundSum := policy.Custom("round_sum", func(c *customer) bool {
		return c.AUM%1_000_000_00 == 0
	})
	c := policy.All(policy.Field("aum").GE("1000000"), roundSum)
	r := policy.Must(policy.Compile(customerSchema, c))
	fmt.Println(r.Eval(&customer{AUM: 3_000_000_00}), r.Eval(&customer{AUM: 3_000_000_01}))
	fmt.Println(r.Explain(&customer{AUM: 3_000_000_01}, policy.ExplainOptions{}))

	// A custom predicate has no data form: marshalling says so, and where.
	_, err := c.MarshalJSON()
	fmt.Println(err)
	fmt.Println(errors.Is(err, policy.ErrNoDataForm))
	// Output:
	// true false
	// ✗ all of
	//   ✓ aum >= 1000000
	//   ✗ round_sum
	// vipcare: /all/1: "round_sum": written in Go, no data form
	// true
}

// Rules turned into Go at build time, for a bank's hottest loop: a step
// of go generate writes the file below from the reviewed policy; at run
// time a Loader fills its Row from each subject through the schema, and
// the generated functions decide with no call and no accessor.
func ExampleGenerateGo() {
	type client struct {
		AUM  int64 // ten-thousandths
		Risk string
	}
	s := policy.Must(policy.NewSchema(
		policy.Decimal("aum", 4, func(c *client) int64 { return c.AUM }),
		policy.Enum("risk", []string{"C1", "C2", "C3", "C4", "C5"}, func(c *client) string { return c.Risk }),
	))
	when := policy.Must(policy.Parse(`aum >= 2000000 and risk in ("C4", "C5")`))
	src, err := policy.GenerateGo(s, "rules", policy.GoFunc{Name: "Growth", When: when})
	if err != nil {
		panic(err)
	}
	fmt.Print(string(src))

	// At run time, with the generated file's Layout and Row:
	load, err := policy.NewLoader(s, "aum decimal 4\nrisk enum \"C1\" \"C2\" \"C3\" \"C4\" \"C5\"")
	if err != nil {
		panic(err)
	}
	row := make([]int64, load.Len())
	load.Load(&client{AUM: 2_500_000e4, Risk: "C4"}, row)
	fmt.Println(row)
	// Output:
	// // Code generated by policy.GenerateGo. DO NOT EDIT.
	//
	// package rules
	//
	// import (
	// 	"fmt"
	// 	"log/slog"
	// )
	//
	// // Layout is the fields a Row holds, for policy.NewLoader.
	// const Layout = "aum decimal 4\nrisk enum \"C1\" \"C2\" \"C3\" \"C4\" \"C5\""
	//
	// // Row is one subject's fields, loaded by the policy.Loader of Layout:
	// // slot 0 aum,
	// // slot 1 risk
	// type Row [2]int64
	//
	// // Format prints "[redacted]": a row holds a client's values.
	// func (Row) Format(s fmt.State, _ rune) { fmt.Fprint(s, "[redacted]") }
	//
	// // LogValue logs "[redacted]": a row holds a client's values.
	// func (Row) LogValue() slog.Value { return slog.StringValue("[redacted]") }
	//
	// // MarshalJSON writes "[redacted]": a row holds a client's values.
	// func (Row) MarshalJSON() ([]byte, error) { return []byte(`"[redacted]"`), nil }
	//
	// // Growth reports whether the subject of r meets:
	// //
	// //	aum >= 2000000 and risk in ("C4", "C5")
	// func Growth(r *Row) bool {
	// 	return r[0] >= 20000000000 && (r[1] == 3 || r[1] == 4)
	// }
	// [25000000000 3]
}
