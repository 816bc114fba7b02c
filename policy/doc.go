// Package policy is the rule core of vipcare: conditions composed from field
// comparisons and combinators, compiled once against a schema and evaluated
// many times without allocating, with decision tables and explanations. It
// is generic over the subject type T and knows nothing about banking;
// package vipcare gives it a schema of client figures, and packages tier,
// needs and contact are built on it with nothing but its exported API.
//
// # Schemas
//
// A [Schema] names the fields rules may read and says how to read each from
// a subject: [Decimal], [Int], [Bool], [Enum] and [Date] pair a name with a
// Go accessor. Decimal fields are integer counts of 10^-scale units, so
// comparisons are exact and cheap. A bank extends a schema it is given with
// [Schema.With].
//
// # Conditions
//
// A [Cond] is a condition in data form. Comparisons are built from
// [Field]: Field("aum").GE("2000000"), Field("risk_level").In("C4", "C5"),
// Field("entrepreneur").IsTrue(). Combinators are conditions themselves:
// [All], [Any], [Not] and [AtLeast] (n of several). [Custom] wraps a
// [Predicate] written in Go, with [PredicateFunc] as its adapter.
//
// Every condition except a custom one has a JSON form that round-trips
// through encoding/json (see [Cond.MarshalJSON]), so policies can be kept as
// data, reviewed and versioned. Marshalling a condition that holds a custom
// predicate fails with [ErrNoDataForm] naming it, instead of losing it.
//
// # Compiling
//
// [Compile] resolves a condition against a schema and returns a [Rule]. It
// reports every problem at once, as an errors.Join of [*Error] values that
// say where each problem is: an unknown field ([ErrUnknownField]), an
// operator or threshold of the wrong type ([ErrTypeMismatch]), a malformed
// threshold ([ErrThreshold]), an empty All or Any ([ErrEmpty]), nesting
// deeper than [MaxDepth] ([ErrTooDeep]). A rule is compiled to closures
// specialised for each field kind and operator, with thresholds already
// converted; [Rule.Eval] does not allocate.
//
// # Decision tables
//
// A [Table] maps subjects to outputs through rows, each a condition and an
// output, under one of DMN's hit policies: [First], [Unique] (two matching
// rows are an [*OverlapError]), [Priority] and [Collect]. [Table.Decide]
// returns the deciding row; [Table.Collect] every matching row.
//
// # Explanations
//
// [Rule.Explain] and [Table.Explain] evaluate every part of a policy and
// return the tree of reasons: which rows matched, which conditions held or
// failed, with fields, operators and thresholds. The subject's own values
// appear only when [ExplainOptions].Values asks for them, because
// explanations end up in logs and screens where client data must not.
//
// # Concurrency
//
// Schemas, conditions, rules and tables are immutable once built and safe
// for concurrent use by any number of goroutines. Evaluation never changes
// the subject. A [Predicate] must itself be safe for concurrent use.
//
// # Testing your policies
//
// Because rules are values, a policy is tested like any Go function: build
// subjects that just meet and just miss each threshold, assert on
// [Rule.Eval], and assert on [Rule.Explain] to check the reasons, not only
// the outcome. Compile errors are values too: errors.Is(err, ErrUnknownField)
// tells a test which mistake a policy made.
package policy
