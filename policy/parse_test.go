package policy_test

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// checkText checks the text round trip of c: its text parses back as c, and
// so do both its JSON forms.
func checkText(t *testing.T, c policy.Cond) {
	t.Helper()
	text := c.String()
	d, err := policy.Parse(text)
	require.NoError(t, err, "%s", text)
	require.True(t, policy.EqualConds(c, d), "%s parses as %v", text, d)
	require.Equal(t, text, d.String())
	roundTrip(t, c)
}

func TestParse(t *testing.T) {
	a, b, c, d := policy.Field("a"), policy.Field("b"), policy.Field("c"), policy.Field("d")
	ta, tb, tc, td := a.EQ(true), b.EQ(true), c.EQ(true), d.EQ(true)
	tests := []struct {
		name, text string
		want       policy.Cond
		canonical  string // what want prints; "" for text itself
	}{
		{"the issue's example", "aum >= 2000000 and (entrepreneur or corporate_links >= 1)",
			policy.All(policy.Field("aum").GE(2000000), policy.Any(policy.Field("entrepreneur").EQ(true), policy.Field("corporate_links").GE(1))), ""},
		{"always", "always", policy.Cond{}, ""},
		{"always with white space", " \n always\t", policy.Cond{}, "always"},

		// Precedence: or, then and, then not.
		{"and binds tighter than or", "a or b and c", policy.Any(ta, policy.All(tb, tc)), ""},
		{"and binds tighter than or, on the left", "a and b or c", policy.Any(policy.All(ta, tb), tc), ""},
		{"parentheses first", "(a or b) and c", policy.All(policy.Any(ta, tb), tc), ""},
		{"not binds tightest", "not a and b", policy.All(policy.Not(ta), tb), ""},
		{"not of a group", "not (a and b)", policy.Not(policy.All(ta, tb)), ""},
		{"not of or", "not (a or b)", policy.Not(policy.Any(ta, tb)), ""},
		{"not not", "not not a", policy.Not(policy.Not(ta)), ""},
		{"not of a comparison", `not risk == "C1"`, policy.Not(policy.Field("risk").EQ("C1")), ""},
		{"a chain is one node", "a and b and c and d", policy.All(ta, tb, tc, td), ""},
		{"a chain of or", "a or b or c", policy.Any(ta, tb, tc), ""},
		{"nested and on the left", "(a and b) and c", policy.All(policy.All(ta, tb), tc), ""},
		{"nested and on the right", "a and (b and c)", policy.All(ta, policy.All(tb, tc)), ""},
		{"nested or", "a or (b or c) or d", policy.Any(ta, policy.Any(tb, tc), td), ""},
		{"or in and in or", "a or b and (c or d)", policy.Any(ta, policy.All(tb, policy.Any(tc, td))), ""},
		{"redundant parentheses", "((a)) and ((b or c))", policy.All(ta, policy.Any(tb, tc)), "a and (b or c)"},
		{"redundant parentheses around and in or", "(a and b) or c", policy.Any(policy.All(ta, tb), tc), "a and b or c"},

		// Lists.
		{"at least", "at least 2 of (a, b or c, not d)", policy.AtLeast(2, ta, policy.Any(tb, tc), policy.Not(td)), ""},
		{"at least nested", "at least 1 of (at least 1 of (a), b and c)", policy.AtLeast(1, policy.AtLeast(1, ta), policy.All(tb, tc)), ""},
		{"at least zero", "at least 0 of ()", policy.AtLeast(0), ""},
		{"at least negative", "at least -1 of (a)", policy.AtLeast(-1, ta), ""},
		{"in an operand", "a and at least 1 of (b, c)", policy.All(ta, policy.AtLeast(1, tb, tc)), ""},
		{"all of one", "all(a)", policy.All(ta), ""},
		{"any of none", "any()", policy.Any(), ""},
		{"all of two is and", "all(a, b or c)", policy.All(ta, policy.Any(tb, tc)), "a and (b or c)"},
		{"any of one in and", "a and any(b)", policy.All(ta, policy.Any(tb)), ""},
		{"all of nested all", "all(all(a, b), c)", policy.All(policy.All(ta, tb), tc), "(a and b) and c"},

		// Comparisons.
		{"every operator", "a == 1 or a != 1 or a < 1 or a <= 1 or a > 1 or a >= 1",
			policy.Any(a.EQ(1), a.NE(1), a.LT(1), a.LE(1), a.GT(1), a.GE(1)), ""},
		{"no spaces", "a>=1 and(b<2)or c!=-3", policy.Any(policy.All(a.GE(1), b.LT(2)), c.NE(-3)), "a >= 1 and b < 2 or c != -3"},
		{"white space of every kind", "\ta\n>=\r\n1  and\n\nb", policy.All(a.GE(1), tb), "a >= 1 and b"},
		{"in", `risk_level in ("C4", "C5")`, policy.Field("risk_level").In("C4", "C5"), ""},
		{"in one", "a in (1)", a.In(1), ""},
		{"in none", "a in ()", a.In(), ""},
		{"in numbers", "a in (1,2 , -3)", a.In(1, 2, -3), "a in (1, 2, -3)"},
		{"a list for another operator", "x == (1, 2)", policy.RawCompare("x", "==", 1, 2), ""},
		{"a list of none for another operator", "x >= ()", policy.RawCompare("x", ">="), ""},
		{"a list of one for another operator", "x >= (1)", policy.Field("x").GE(1), "x >= 1"},
		{"dotted names", "share.real_estate >= 0.25 and qi.average_income_3y > 0",
			policy.All(policy.Field("share.real_estate").GE("0.25"), policy.Field("qi.average_income_3y").GT(0)), ""},
		{"names with digits and underscores", "a_1.b2 == 1", policy.Field("a_1.b2").EQ(1), ""},
		{"names that hold keywords", "not_a and amount.in or at_least", policy.Any(policy.All(policy.Field("not_a").EQ(true),
			policy.Field("amount.in").EQ(true)), policy.Field("at_least").EQ(true)), ""},

		// Literals: numbers and strings are one kind, text.
		{"decimal", "aum > 1999999.9999", policy.Field("aum").GT("1999999.9999"), ""},
		{"negative", "age > -18", policy.Field("age").GT(-18), ""},
		{"negative fraction", "share < -0.5", policy.Field("share").LT("-0.5"), ""},
		{"exponent", "aum >= 2E+6", policy.Field("aum").GE("2E+6"), ""},
		{"zero", "a == 0", a.EQ(0), ""},
		{"quoted number", `aum >= "2000000"`, policy.Field("aum").GE(2000000), "aum >= 2000000"},
		{"quoted decimal", `aum >= "0.25"`, policy.Field("aum").GE("0.25"), "aum >= 0.25"},
		{"a number JSON does not write stays quoted", `code == "007"`, policy.Field("code").EQ("007"), ""},
		{"plus sign stays quoted", `a == "+1"`, a.EQ("+1"), ""},
		{"string with a space", `tier == "private banking"`, policy.Field("tier").EQ("private banking"), ""},
		{"unicode", `tier == "私行"`, policy.Field("tier").EQ("私行"), ""},
		{"unicode escaped", `tier == "\u79c1\u884c"`, policy.Field("tier").EQ("私行"), `tier == "私行"`},
		{"escapes", `a == "q\"b\\s\/\n\t\u0001é"`, a.EQ("q\"b\\s/\n\t\u0001é"), `a == "q\"b\\s/\n\t\u0001é"`},
		{"surrogate pair", `a == "\ud83d\ude00"`, a.EQ("😀"), `a == "😀"`},
		{"lone surrogate", `a == "\ud83d"`, a.EQ("\ufffd"), "a == \"\ufffd\""},
		{"keywords in strings", `a in ("and", "or", "not", "true")`, a.In("and", "or", "not", "true"), ""},
		{"empty string", `a == ""`, a.EQ(""), ""},
		{"date", `since <= "2015-12-31"`, policy.Field("since").LE("2015-12-31"), ""},

		// Bools.
		{"bare field", "entrepreneur", policy.Field("entrepreneur").EQ(true), ""},
		{"== true", "entrepreneur == true", policy.Field("entrepreneur").EQ(true), "entrepreneur"},
		{"== false", "entrepreneur == false", policy.Field("entrepreneur").EQ(false), ""},
		{"!= true", "entrepreneur != true", policy.Field("entrepreneur").NE(true), ""},
		{"not bare", "not entrepreneur", policy.Not(policy.Field("entrepreneur").EQ(true)), ""},
		{"true in quotes is text", `a == "true"`, a.EQ("true"), ""},
		{"in bools", "a in (true, false)", a.In(true, false), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := policy.Parse(tt.text)
			require.NoError(t, err)
			assert.True(t, policy.EqualConds(tt.want, got), "%q parses as %v, not %v", tt.text, got, tt.want)
			canonical := tt.canonical
			if canonical == "" {
				canonical = tt.text
			}
			assert.Equal(t, canonical, got.String())
			assert.Equal(t, canonical, tt.want.String())
			checkText(t, got)
			again, err := policy.Parse(tt.text)
			require.NoError(t, err)
			assert.True(t, policy.EqualConds(got, again), "same answer twice")
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text string
		err        error
		tok        string // the problem's Name: the offending token
		line, col  int
	}{
		{"empty", "", policy.ErrMalformed, "", 1, 1},
		{"white space", " \n ", policy.ErrMalformed, "", 2, 2},
		{"no threshold", "aum >=", policy.ErrMalformed, "", 1, 7},
		{"not a number", "aum >= 2m", policy.ErrMalformed, "2m", 1, 8},
		{"a number JSON does not write", "a == 007", policy.ErrMalformed, "007", 1, 6},
		{"a number with a plus", "a == +1", policy.ErrMalformed, "+", 1, 6},
		{"a lone minus", "a == - 1", policy.ErrMalformed, "-", 1, 6},
		{"a fraction without digits", "a == 1.", policy.ErrMalformed, "1.", 1, 6},
		{"upper case field", "Aum >= 1", policy.ErrMalformed, "Aum", 1, 1},
		{"field starting with an underscore", "_a >= 1", policy.ErrMalformed, "_a", 1, 1},
		{"field longer than 64 bytes", strings.Repeat("a", 65) + " == 1", policy.ErrMalformed, strings.Repeat("a", 20), 1, 1},
		{"field starting with a digit", "1a >= 1", policy.ErrMalformed, "1a", 1, 1},
		{"unknown operator", "aum => 1", policy.ErrMalformed, "=", 1, 5},
		{"single equals", "aum = 1", policy.ErrMalformed, "=", 1, 5},
		{"bang alone", "aum ! 1", policy.ErrMalformed, "!", 1, 5},
		{"dangling and", "aum >= 1 and", policy.ErrMalformed, "", 1, 13},
		{"leading or", "or a", policy.ErrMalformed, "or", 1, 1},
		{"two conditions", "a b", policy.ErrMalformed, "b", 1, 3},
		{"unclosed group", "(aum >= 1", policy.ErrMalformed, "", 1, 10},
		{"extra parenthesis", "aum >= 1)", policy.ErrMalformed, ")", 1, 9},
		{"empty group", "()", policy.ErrMalformed, ")", 1, 2},
		{"bare name as a value", "risk == C4", policy.ErrMalformed, "C4", 1, 9},
		{"in without a list", `risk in "C4"`, policy.ErrMalformed, `"C4"`, 1, 9},
		{"list without commas", `risk in ("C4" "C5")`, policy.ErrMalformed, `"C5"`, 1, 15},
		{"trailing comma", `risk in ("C4",)`, policy.ErrMalformed, ")", 1, 15},
		{"unclosed list", `risk in ("C4"`, policy.ErrMalformed, "", 1, 14},
		{"a condition in a value list", `a in (b)`, policy.ErrMalformed, "b", 1, 7},
		{"unterminated string", `tier == "open`, policy.ErrMalformed, `"open`, 1, 9},
		{"unterminated after an escape", `tier == "open\"`, policy.ErrMalformed, `"open\"`, 1, 9},
		{"bad escape", `tier == "a\qb"`, policy.ErrMalformed, `"a\qb"`, 1, 9},
		{"short unicode escape", `tier == "\u12"`, policy.ErrMalformed, `"\u12"`, 1, 9},
		{"control character in a string", "tier == \"a\tb\"", policy.ErrMalformed, "\"a\tb\"", 1, 9},
		{"single quotes", `tier == 'a'`, policy.ErrMalformed, "'", 1, 9},
		{"count in words", "at least two of (a)", policy.ErrMalformed, "two", 1, 10},
		{"count with a fraction", "at least 1.5 of (a)", policy.ErrMalformed, "1.5", 1, 10},
		{"count with an exponent", "at least 1e1 of (a)", policy.ErrMalformed, "1e1", 1, 10},
		{"count too large", "at least 99999999999999999999 of (a)", policy.ErrOutOfRange, "99999999999999999999", 1, 10},
		{"at most", "at most 1 of (a)", policy.ErrMalformed, "most", 1, 4},
		{"at least without of", "at least 1 (a)", policy.ErrMalformed, "(", 1, 12},
		{"at least without a list", "at least 1 of a", policy.ErrMalformed, "a", 1, 15},
		{"all without a list", "all a", policy.ErrMalformed, "a", 1, 5},
		{"keyword as a field", "in == 1", policy.ErrMalformed, "in", 1, 1},
		{"keyword as a field after and", "a and of", policy.ErrMalformed, "of", 1, 7},
		{"true alone", "true", policy.ErrMalformed, "true", 1, 1},
		{"always in a condition", "always and a", policy.ErrMalformed, "always", 1, 1},
		{"always as an operand", "a and always", policy.ErrMalformed, "always", 1, 7},
		{"always in parentheses", "(always)", policy.ErrMalformed, "always", 1, 2},
		{"custom predicate", "aum >= 1 and has_advisor()", policy.ErrNoDataForm, "has_advisor", 1, 14},
		{"custom predicate with spaces", "has_advisor ( )", policy.ErrNoDataForm, "has_advisor", 1, 1},
		{"a call with arguments", "f(a)", policy.ErrMalformed, "(", 1, 2},
		{"later line", "a\nand\n  b ==", policy.ErrMalformed, "", 3, 7},
		{"column in bytes", "tier == \"私行\" and 私", policy.ErrMalformed, "私", 1, 22},
		{"invalid UTF-8", "a and \xff", policy.ErrMalformed, "\xff", 1, 7},
		{"long token cut to 20 bytes", `tier == "` + strings.Repeat("x", 30), policy.ErrMalformed, `"` + strings.Repeat("x", 19), 1, 9},
		{"long token cut on a character", `tier == "` + strings.Repeat("私", 10), policy.ErrMalformed, `"` + strings.Repeat("私", 6), 1, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := policy.Parse(tt.text)
			assert.Equal(t, policy.Cond{}, c)
			ps := testkit.Problems(t, err)
			require.Len(t, ps, 1, "the first problem only")
			p := ps[0]
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, "", p.Path)
			assert.Equal(t, tt.tok, p.Name)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{p.Line, p.Column}, "line and column")
			assert.Empty(t, p.Choices)
			assert.True(t, strings.HasPrefix(err.Error(), "vipcare: line "+strconv.Itoa(tt.line)+", column "+strconv.Itoa(tt.col)+": "), err.Error())

			// The same text as a JSON string: the same problem, one column
			// to the right for the opening quote when nothing in the text
			// is escaped.
			if strings.ContainsAny(tt.text, "\"\\\n\t") || !utf8.ValidString(tt.text) || tt.line != 1 {
				return
			}
			var d policy.Cond
			err = d.UnmarshalJSON([]byte(`"` + tt.text + `"`))
			ps = testkit.Problems(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, policy.Problem{Name: tt.tok, Err: p.Err, Line: 1, Column: tt.col + 1}, ps[0])
		})
	}
}

func TestParseDepth(t *testing.T) {
	// MaxDepth levels parse, one more does not, reported at the node one
	// level too deep, as decoding and compiling do.
	for levels := 1; levels <= policy.MaxDepth; levels++ {
		c := nestNot(levels)
		got, err := policy.Parse(c.String())
		require.NoError(t, err, "%d levels", levels)
		require.True(t, policy.EqualConds(c, got))
	}
	text := nestNot(policy.MaxDepth + 1).String()
	_, err := policy.Parse(text)
	testkit.CheckProblems(t, err, testkit.Want{Name: "age", Err: policy.ErrTooMany})
	assert.Equal(t, 4*policy.MaxDepth+1, testkit.Problems(t, err)[0].Column, "at the comparison, at level 33")

	// A tree as deep as allowed, of every kind of node, parses, and one
	// level more does not.
	deep := func(levels int) policy.Cond {
		c := policy.Field("age").GE(18)
		for i := 1; i < levels; i++ {
			other := policy.Field("aum").GE(i)
			switch i % 4 {
			case 0:
				c = policy.All(c, other)
			case 1:
				c = policy.Any(other, c)
			case 2:
				c = policy.AtLeast(1, c, other)
			default:
				c = policy.Not(c)
			}
		}
		return c
	}
	c := deep(policy.MaxDepth)
	checkText(t, c)
	_, err = policy.Compile(schema, c)
	require.NoError(t, err)
	_, err = policy.Parse(deep(policy.MaxDepth + 1).String())
	testkit.CheckProblems(t, err, testkit.Want{Name: "aum", Err: policy.ErrTooMany}) // the first at level 33

	// Parentheses count even when they add no level, so that the parser's
	// own depth is bounded: a deep pile is refused where it crosses the
	// limit, not overflowing the stack.
	for _, n := range []int{policy.MaxDepth + 1, 4000} {
		for _, tt := range []struct {
			open, close, name string // the nesting, and the token refused
		}{
			{"(", ")", "("},
			{"not ", "", "not"},
			{"all(", ")", "("},
			{"at least 1 of (", ")", "("},
		} {
			text := strings.Repeat(tt.open, n) + "a" + strings.Repeat(tt.close, n)
			var err error
			allocated := testkit.AllocatedBytes(func() { _, err = policy.Parse(text) })
			testkit.CheckProblems(t, err, testkit.Want{Name: tt.name, Err: policy.ErrTooMany})
			col := policy.MaxDepth*len(tt.open) + strings.Index(tt.open, tt.name) + 1
			assert.Equal(t, col, testkit.Problems(t, err)[0].Column, "%q: at the level beyond the limit", tt.open)
			assert.Less(t, allocated, uint64(64<<10), "refused where the limit is crossed, not later")
		}
	}
	text = strings.Repeat("(", policy.MaxDepth) + "a" + strings.Repeat(")", policy.MaxDepth)
	c, err = policy.Parse(text)
	require.NoError(t, err, "MaxDepth redundant parentheses parse")
	assert.Equal(t, "a", c.String())
}

func TestParseSize(t *testing.T) {
	// A text of 64 KiB parses; one byte more does not, reported at the
	// first byte beyond the limit.
	const limit = 64 << 10
	pad := func(n int) string {
		base := "a >= 1"
		for len(base)+len(" or a >= 1") <= n {
			base += " or a >= 1"
		}
		return base + strings.Repeat(" ", n-len(base))
	}
	c, err := policy.Parse(pad(limit))
	require.NoError(t, err)
	assert.Equal(t, strings.TrimRight(pad(limit), " "), c.String())
	_, err = policy.Parse(pad(limit + 1))
	testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrTooMany})
	assert.Equal(t, [2]int{1, limit + 1}, [2]int{testkit.Problems(t, err)[0].Line, testkit.Problems(t, err)[0].Column})

	// A condition whose text is longer than Parse reads marshals in the
	// tree form, which decodes.
	for _, n := range []int{1, 2} {
		long := strings.Repeat("x", 64-len("a == \"\"")) // 64-byte comparisons
		cs := make([]policy.Cond, 0, limit/64)
		for len(cs)*(64+len(" or ")) < limit-len(" or ") {
			cs = append(cs, policy.Field("a").EQ(long))
		}
		c := policy.Any(cs...)
		text := c.String()
		// Trim or grow the last operand's threshold to hit limit+n-1 bytes.
		last := long[:len(long)-(len(text)-(limit+n-1))]
		cs[len(cs)-1] = policy.Field("a").EQ(last)
		c = policy.Any(cs...)
		require.Len(t, c.String(), limit+n-1)
		b, err := c.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, n == 1, b[0] == '"', "a text of %d bytes is written as text: %v", limit+n-1, n == 1)
		roundTrip(t, c)
	}
}

func TestParseRoundTripRandom(t *testing.T) {
	// Random conditions of every kind print as text that parses back as
	// the same condition, and marshal as JSON that decodes back as it.
	rng := rand.New(rand.NewPCG(9, 3))
	fields := []string{"aum", "age", "risk", "share.real_estate", "x1", "entrepreneur"}
	texts := []string{"", "0", "-0.5", "2000000", "1e-3", "C4", "private banking", "私行", "a\"b\\c", "\n\t\u0001", "true", "and", "007", "+1", " 1", "😀"}
	ops := []string{"==", "!=", "<", "<=", ">", ">=", "in"}
	var gen func(depth int) policy.Cond
	gen = func(depth int) policy.Cond {
		kids := func() []policy.Cond {
			n := rng.IntN(4)
			if rng.IntN(8) > 0 {
				n++ // mostly one or more
			}
			cs := make([]policy.Cond, n)
			for i := range cs {
				cs[i] = gen(depth + 1)
			}
			return cs
		}
		k := rng.IntN(8)
		if depth >= 8 {
			k = 7
		}
		switch k {
		case 0:
			return policy.All(kids()...)
		case 1:
			return policy.Any(kids()...)
		case 2:
			return policy.Not(gen(depth + 1))
		case 3:
			cs := kids()
			return policy.AtLeast(rng.IntN(len(cs)+2)-1, cs...)
		}
		vals := make([]any, 1, 3) // mostly one value, sometimes none or two
		if rng.IntN(4) == 0 {
			vals = vals[:rng.IntN(3)]
		}
		for i := range vals {
			switch rng.IntN(3) {
			case 0:
				vals[i] = rng.IntN(3) == 0
			case 1:
				vals[i] = rng.Int64N(2_000_001) - 1_000_000
			default:
				vals[i] = texts[rng.IntN(len(texts))]
			}
		}
		return policy.RawCompare(fields[rng.IntN(len(fields))], ops[rng.IntN(len(ops))], vals...)
	}
	for range 3000 {
		checkText(t, gen(1))
	}
}

func TestParseUnquoteAgreesWithJSON(t *testing.T) {
	// A text in a JSON string is unquoted by the parser's own decoder,
	// which must read every string as encoding/json does.
	for _, s := range []string{
		`""`, `"a"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041\u00e9\u79c1"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`,
		`"\ud83d\u0041"`, `"\ud83dx"`, `"\ud83d\ud83d\ude00"`, "\"\xff\xfe\"", "\"\xe7\xa7\"", `"私行"`, "\"\x7f\"",
	} {
		var want string
		require.NoError(t, json.Unmarshal([]byte(s), &want), s)
		var c policy.Cond
		err := c.UnmarshalJSON([]byte(`{"field":"a","op":"==","value":` + s + `}`))
		require.NoError(t, err)
		d, err := policy.Parse(`a == ` + s)
		require.NoError(t, err, s)
		assert.True(t, policy.EqualConds(c, d), "%s: %v, %v", s, c, d)
		assert.True(t, policy.EqualConds(policy.Field("a").EQ(want), d), "%s: %q", s, want)
	}
}

func TestThresholdsAreText(t *testing.T) {
	// Numbers and strings are one kind of threshold: however it is written,
	// in Go, in the tree form or in text, quoted or not, it is the same
	// condition, and the field's kind decides what it means.
	type subject struct {
		N    int64
		D    int64 // 10^-2 units
		Code string
	}
	s := policy.Must(policy.NewSchema(
		policy.Int("n", func(x *subject) int64 { return x.N }),
		policy.Decimal("d", 2, func(x *subject) int64 { return x.D }),
		policy.Enum("code", []string{"1", "2", "10", "x"}, func(x *subject) string { return x.Code }),
	))
	subjects := []subject{{N: 1, D: 150, Code: "1"}, {N: 2, D: 250, Code: "2"}, {N: 10, D: 1000, Code: "10"}, {Code: "x"}}
	for _, tt := range []struct {
		name  string
		forms []policy.Cond
		holds []bool // for each subject
	}{
		{"int", []policy.Cond{
			policy.Field("n").GE(2), policy.Field("n").GE("2"),
			decodeCond(`{"field":"n","op":">=","value":2}`), decodeCond(`{"field":"n","op":">=","value":"2"}`),
			decodeCond(`"n >= 2"`), decodeCond(`"n >= \"2\""`),
		}, []bool{false, true, true, false}},
		{"decimal", []policy.Cond{
			policy.Field("d").LT("2.5"), decodeCond(`{"field":"d","op":"<","value":2.5}`), decodeCond(`"d < \"2.5\""`),
		}, []bool{true, false, false, true}},
		{"enum named by numbers", []policy.Cond{
			policy.Field("code").In(2, "10"), policy.Field("code").In("2", 10),
			decodeCond(`{"field":"code","op":"in","values":[2,"10"]}`), decodeCond(`"code in (\"2\", 10)"`),
		}, []bool{false, true, true, false}},
		{"enum order", []policy.Cond{
			policy.Field("code").GE(2), decodeCond(`"code >= \"2\""`),
		}, []bool{false, true, true, true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i, c := range tt.forms {
				assert.True(t, policy.EqualConds(tt.forms[0], c), "form %d: %v is %v", i, c, tt.forms[0])
				r, err := policy.Compile(s, c)
				require.NoError(t, err, "form %d", i)
				for j, x := range subjects {
					assert.Equal(t, tt.holds[j], r.Eval(&x), "form %d, subject %d", i, j)
				}
			}
		})
	}

	// Bools are a kind of their own.
	b := policy.Must(policy.NewSchema(policy.Bool("b", func(x *subject) bool { return x.N > 0 })))
	for _, c := range []policy.Cond{policy.Field("b").EQ("true"), decodeCond(`"b == \"true\""`), decodeCond(`{"field":"b","op":"==","value":"true"}`)} {
		_, err := policy.Compile(b, c)
		testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "b", Err: policy.ErrTypeMismatch})
	}
	_, err := policy.Compile(s, decodeCond(`"n == true"`))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/value", Name: "n", Err: policy.ErrTypeMismatch})
}
