// Package policy is the rule core of vipcare: conditions composed from field
// comparisons and combinators, compiled once against a schema and evaluated
// many times without allocating; decision tables; explanations; and the one
// problem type every package of vipcare reports with. It is generic over the
// subject type T and knows nothing about banking: package vipcare gives it a
// schema of client figures, and tier, segment, needs and contact are built
// on it with nothing but its exported API.
//
// # Schemas
//
// A [Schema] names the fields rules may read and says how to read each from
// a subject: [Decimal], [Int], [Bool], [Enum] and [Date] pair a name with a
// Go accessor. Decimal fields are integer counts of 10^-scale units, so
// comparisons are exact and cheap. [Ratio] is a decimal field that is the
// quotient of two numbers, such as a share of wealth: rules compare a
// part of 0 or more of a positive whole by multiplying, not dividing. [Schema.With] extends a schema one is
// given; [Project] reuses a schema over a part of a larger subject.
//
//	type client struct {
//		AUM  int64 // ten-thousandths
//		Risk string
//	}
//	s, err := policy.NewSchema(
//		policy.Decimal("aum", 4, func(c *client) int64 { return c.AUM }),
//		policy.Enum("risk", []string{"C1", "C2", "C3", "C4", "C5"}, func(c *client) string { return c.Risk }),
//	)
//
// # Conditions
//
// A [Cond] is a condition in data form. Comparisons are built from [Field]:
// Field("aum").GE("2000000"), Field("risk").In("C4", "C5"),
// Field("entrepreneur").EQ(true). Combinators are conditions themselves:
// [All], [Any], [Not] and [AtLeast] (n of several). [Custom] wraps a test
// written in Go. A Cond prints as text, which [Parse] reads back as the same
// condition:
//
//	c := policy.All(policy.Field("aum").GE("2000000"), policy.Not(policy.Field("risk").In("C1", "C2")))
//	fmt.Println(c)
//	// aum >= 2000000 and not risk in ("C1", "C2")
//
// Every condition except a custom one has a JSON form that round-trips
// through encoding/json, so policies are kept as data, reviewed and
// versioned: [Cond.MarshalJSON] writes the text as a JSON string, and
// [Cond.UnmarshalJSON] reads that, or a tree of JSON objects whose parts
// may again be text, or null for the zero Cond:
//
//	{"all": [c, ...]}   {"any": [c, ...]}   {"not": c}   {"at_least": 2, "of": [c, ...]}
//	{"field": "aum", "op": ">=", "value": 2000000}
//	{"field": "risk", "op": "in", "values": ["C1", "C2"]}
//
// so that c above is either of
//
//	"aum >= 2000000 and not risk in (\"C1\", \"C2\")"
//	{"all":[{"field":"aum","op":">=","value":"2000000"},{"not":"risk in (\"C1\", \"C2\")"}]}
//
// A key that no form has, or has in another case ("Field", "note"), is
// refused at its own path, as [Unmarshal] refuses one. Marshalling a
// condition holding a custom test fails with [ErrNoDataForm] rather than
// losing it, and one holding text that is not valid UTF-8 with
// [ErrMalformed] rather than changing it.
//
// # Text form
//
// The text form of a condition is this grammar, over tokens that white space
// (spaces, tabs, newlines) may separate:
//
//	cond       = "always" | or .
//	or         = and { "or" and } .
//	and        = unary { "and" unary } .
//	unary      = "not" unary | primary .
//	primary    = "(" or ")" | comparison
//	           | ( "all" | "any" ) conds | "at" "least" integer "of" conds .
//	conds      = "(" [ or { "," or } ] ")" .
//	comparison = field [ op ( literal | values ) | "in" values ] .
//	values     = "(" [ literal { "," literal } ] ")" .
//	op         = "==" | "!=" | "<" | "<=" | ">" | ">=" .
//	literal    = number | string | "true" | "false" .
//
// A field is a name as [NewSchema] takes it; number and string are as in
// JSON, and integer is a number with no fraction or exponent.
//
// "or" binds loosest, then "and", then "not": `a or b and not c` is
// Any(a, All(b, Not(c))). A chain of one operator is one node, `a and b and
// c` is All(a, b, c), while `(a and b) and c` is All(All(a, b), c).
// all(...) and any(...) are All and Any of any number of operands, which
// "and" and "or" cannot write for fewer than two. A field alone means
// field == true. "always", the whole text, is the zero Cond. The words of
// the grammar (all, always, and, any, at, false, in, least, not, of, or,
// true) are never field names.
//
// A number is written as in JSON (18, -0.5, 2E+6), a string as a JSON string
// in double quotes with JSON's escapes ("private banking", "私行",
// "\u79c1\u884c"). Numbers and strings are one kind of threshold, text:
// 2000000 and "2000000" are the same threshold, and the kind of the field
// it is compared with decides what it means: a decimal or int field reads
// it as a number, an enum field as the name of a value, a date field as
// YYYY-MM-DD. So a threshold means the same however a person or a program
// wrote it, in text or JSON, and a document rewritten one way or the other
// is the same policy. [Cond.String] writes text that is a number in JSON's
// syntax bare and other text quoted. true and false are the thresholds of
// bool fields; "true" in quotes is text.
//
// [Parse] checks the form and [Compile] the meaning, as for JSON. Parse
// reports the first problem with its line and column; nesting deeper than
// [MaxDepth] and texts longer than 64 KiB are refused. A custom predicate
// prints as its name and "()", which does not parse: it has no data form.
//
// Every form is bounded, so that no condition, however it was written or
// built, costs more than its size: a condition nests at most [MaxDepth]
// levels, its text is at most 64 KiB and its JSON at most 8 MiB. Parsing,
// decoding, compiling, printing and marshalling take time linear in the
// condition; beyond a limit, each refuses with [ErrTooMany] where the
// limit is crossed, except [Cond.String], which cannot fail and prints a
// condition built in Go that is deeper or longer cut short, ending in "…".
//
// # Compiling
//
// [Compile] resolves a condition against a schema and returns a [Rule],
// compiled to closures specialised for each field kind and operator, with
// thresholds already converted: [Rule.Eval] does not allocate. Compile
// reports every problem at once, each located in the condition's JSON form:
//
//	_, err := policy.Compile(s, policy.All(policy.Field("aum").GE("2m"), policy.Field("risk").EQ("C9")))
//	fmt.Println(err)
//	// vipcare: /all/0/value: "aum": malformed
//	// vipcare: /all/1/value: "C9": unknown (want one of: C1, C2, C3, C4, C5)
//
// # Protected fields
//
// A policy must not treat clients differently by a personal attribute
// unless the bank has a reason it can state. [Schema.Protect] marks fields
// rules may not read (vipcare's environment protects age; a bank adds
// gender, ethnicity, region, anything derived from an identifier):
// [Compile] refuses every comparison of one with [ErrProtected], located
// at its "/field", and [Schema.Number] does not give one. A use the bank
// has justified compiles against [Schema.Allow], which lifts the
// protection of the fields it names; package playbook does this for the
// uses a policy document justifies, and records them in every decision.
//
// # Problems
//
// [Problems] is the one error type of vipcare: a list of [Problem] values,
// each a JSON pointer to where it is, the name involved, a sentinel error
// and, for a choice, the valid choices. Construction anywhere reports every
// problem at once; a part compiled inside another is re-rooted under it
// ([Problems.Add]), so a problem of a ladder rung's condition reads
// "/rungs/2/when/field". errors.Is matches the sentinels, shared by every
// package ([ErrMissing], [ErrMalformed], [ErrDuplicate], [ErrUnknown],
// [ErrOutOfRange], [ErrTooMany], [ErrOrder]) or specific to one
// ([ErrTypeMismatch], [ErrNoDataForm], [ErrOverlap], [ErrCycle],
// [ErrStage], [ErrProtected], [ErrUnreachable]). The error prints one line
// a problem, with the valid choices, or the six closest to the name when
// there are more than twelve. errors.As recovers the list:
//
//	var ps policy.Problems
//	if errors.As(err, &ps) { // err from Compile above
//		for _, p := range ps {
//			fmt.Println(p.Path, errors.Is(p.Err, policy.ErrUnknown))
//		}
//	}
//	// /all/0/value false
//	// /all/1/value true
//
// # Decoding
//
// [Unmarshal] is the one strict JSON decoder of vipcare: every spec,
// profile and condition decodes through it, from a file or through
// encoding/json. It rejects what encoding/json lets pass (an unknown key,
// a key that differs from a field's only in case, a key repeated in one
// object, at any depth) and reports every problem at once, each with a
// JSON pointer, a line and a column; the problems a part finds in itself,
// such as a condition's, are re-rooted under the part:
//
//	err := policy.Unmarshal(doc, &spec)
//	// vipcare: /rungs/2/wen: line 14, column 9: "wen": unknown key (want one of: tier, from, when, keep)
//	// vipcare: /rungs/3/When: line 19, column 9: "When": unknown key: keys are case-sensitive (want one of: when)
//
// Numbers and strings follow one rule: a text field takes a JSON string,
// an integer a JSON number with no fraction or exponent, a boolean true or
// false; a decimal, such as a threshold or an amount, takes a JSON string
// or a JSON number, read exactly either way ("2000000.50" and 2000000.50
// are the same), of at most 64 characters as written and written out in
// full; a date or another value with a text form takes a JSON string. A
// document may nest 128 levels and be 8 MiB; beyond is [ErrTooMany].
//
// [Must] turns a value and an error into the value, panicking on the
// error: for policies written as literals in programs and tests, never for
// data read at run time.
//
// # Decision tables
//
// A [Table] maps subjects to outputs through rows, each a condition and an
// output, under one of DMN's hit policies: [First], [Unique] (two matching
// rows are an [ErrOverlap] problem), [Priority] and [Collect].
// [CompileTable] compiles one; [Table.Decide] returns the deciding row,
// [Table.Collect] every matching row. A row with no condition matches every
// subject:
//
//	segments, err := policy.CompileTable(s, policy.First,
//		policy.Row[string]{Name: "private", When: policy.Field("aum").GE("6000000"), Then: "private banking"},
//		policy.Row[string]{Name: "affluent", When: policy.Field("aum").GE("500000"), Then: "premier"},
//		policy.Row[string]{Name: "mass", Then: "retail"},
//	)
//	hit, ok, err := segments.Decide(&client{AUM: 2_500_000_0000, Risk: "C3"})
//	fmt.Println(hit.Name, hit.Output, ok) // affluent premier true
//
// # Explanations
//
// [Rule.Explain] and [Table.Explain] evaluate every part of a policy and
// return the tree of reasons: which rows matched, which conditions held or
// failed, with fields, operators and thresholds. The subject's own values
// appear only when [ExplainOptions].Values asks for them, because
// explanations end up in logs and screens where client data must not:
//
//	r, err := policy.Compile(s, c) // c as above
//	fmt.Println(r.Explain(&client{AUM: 2_500_000_0000, Risk: "C2"}, policy.ExplainOptions{Values: true}))
//	// ✗ all of
//	//   ✓ aum >= 2000000 (value 2500000)
//	//   ✗ not
//	//     ✓ risk in [C1, C2] (value C2)
//
// # Concurrency
//
// Schemas, conditions, rules, tables and loaders are immutable once built
// and safe for concurrent use by any number of goroutines. Evaluation never changes
// the subject. A custom test must itself be safe for concurrent use.
//
// # Generated Go
//
// Compiled rules call a closure per comparison or pair of comparisons, a
// few nanoseconds each. For the hottest loop of a bank that can afford a
// build step per policy version, [GenerateGo] turns rules and choices
// (a ladder, a first-hit table) into a Go source file, which a program
// run by go generate writes from the reviewed policy: functions over a Row of
// int64 slots, one per field read, comparing them with constants that
// the Go compiler inlines. At run time a [Loader], made from the file's
// Layout and the schema (which it checks: regenerate when a field's kind,
// scale or values change), fills a Row from each subject:
//
//	load, err := policy.NewLoader(schema, rules.Layout)
//	var row rules.Row
//	load.Load(&subject, row[:])
//	if rules.Growth(&row) { ... }
//
// A generated function holds exactly when the compiled rule does. A
// custom test has no data form and cannot be generated.
//
// # Testing your policies
//
// Because rules are values, a policy is tested like any Go function: build
// subjects that just meet and just miss each threshold, assert on
// [Rule.Eval], and assert on [Rule.Explain] to check the reasons, not only
// the outcome. Compile problems are values too: errors.Is(err, ErrUnknown)
// and the problem's Path tell a test which mistake a policy made, and where.
package policy
