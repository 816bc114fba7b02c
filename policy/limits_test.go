package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// maxDoc is the most Unmarshal reads, and so the longest a condition's JSON
// may be, and its text when printed: 8 MiB.
const maxDoc = 8 << 20

// noText is nestNot(levels) with a threshold longer than a text may be, so
// that it marshals in its tree form at any depth.
func noText(levels int) policy.Cond {
	c := policy.Field("age").EQ(strings.Repeat("x", 64<<10))
	for i := 1; i < levels; i++ {
		c = policy.Not(c)
	}
	return c
}

// A condition built in Go may nest deeper than any decoder or Compile
// allows: printing it shows MaxDepth+1 levels and "…" below them, which
// does not parse (a pile of nots is refused where Compile refuses it); it
// costs the same at any depth and cannot overflow the stack.
func TestStringDepth(t *testing.T) {
	for _, levels := range []int{policy.MaxDepth, policy.MaxDepth + 1} {
		text := nestNot(levels).String()
		assert.Equal(t, strings.Repeat("not ", levels-1)+"age >= 18", text, "%d levels print whole", levels)
	}
	cut := strings.Repeat("not ", policy.MaxDepth+1) + "…"
	for _, levels := range []int{policy.MaxDepth + 2, 1000, 100_000} {
		c := nestNot(levels)
		var text string
		allocated := testkit.AllocatedBytes(func() { text = c.String() })
		assert.Equal(t, cut, text, "%d levels", levels)
		assert.Less(t, allocated, uint64(1<<10), "%d levels: printing stops at the limit", levels)
		_, err := policy.Parse(text)
		testkit.CheckProblems(t, err, testkit.Want{Name: "not", Err: policy.ErrTooMany})
		_, err = policy.Compile(schema, c)
		testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany})
	}
	// Every kind of node stops at the limit.
	deep := policy.Field("age").GE(18)
	for i := range 100 {
		switch i % 4 {
		case 0:
			deep = policy.All(deep, policy.Field("aum").GE(i))
		case 1:
			deep = policy.Any(policy.Field("aum").GE(i), deep)
		case 2:
			deep = policy.AtLeast(1, deep)
		default:
			deep = policy.Not(deep)
		}
	}
	text := deep.String()
	assert.Contains(t, text, "…")
	_, err := policy.Parse(text)
	assert.Error(t, err)
}

// A text of 8 MiB prints whole; one byte more is cut at 8 MiB and ends in
// "…", however long the condition is.
func TestStringSize(t *testing.T) {
	long := func(size int) policy.Cond { // age == "xx…x", size bytes as text
		return policy.Field("age").EQ(strings.Repeat("x", size-len(`age == ""`)))
	}
	text := long(maxDoc).String()
	assert.Equal(t, maxDoc, len(text))
	assert.False(t, strings.HasSuffix(text, "…"))

	text = long(maxDoc + 1).String()
	assert.Equal(t, maxDoc+len("…"), len(text))
	assert.True(t, strings.HasSuffix(text, "…"))
	assert.True(t, text[:maxDoc] == `age == "`+strings.Repeat("x", maxDoc-len(`age == "`)), "a prefix of the whole text")

	// Cut at a character's start, never inside one.
	wide := policy.Field("age").EQ(strings.Repeat("私", maxDoc/3+1))
	text = wide.String()
	assert.True(t, utf8.ValidString(text))
	assert.LessOrEqual(t, len(text), maxDoc+len("…"))

	// A condition that shares its parts is a tree of 2^40 comparisons: its
	// text stops at the limit.
	c := policy.Field("age").GE(18)
	for range 40 {
		c = policy.Any(c, c)
	}
	allocated := testkit.AllocatedBytes(func() { text = c.String() })
	assert.True(t, strings.HasSuffix(text, "…"))
	assert.True(t, utf8.ValidString(text))
	assert.InDelta(t, maxDoc, len(text), 3, "cut at the character at the limit") // its levels below MaxDepth+1 are "…" too
	assert.Less(t, allocated, uint64(8*maxDoc), "bounded by the limit")
}

// Marshalling refuses a condition deeper than MaxDepth, where Compile
// does, in time and memory bounded by MaxDepth; MaxDepth levels marshal
// and decode back.
func TestMarshalDepth(t *testing.T) {
	c := noText(policy.MaxDepth)
	b, err := c.MarshalJSON()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), `{"not":`), "the tree form: %.40s", b)
	roundTrip(t, c)
	for _, levels := range []int{policy.MaxDepth + 1, 40_000, 100_000} {
		for _, c := range []policy.Cond{noText(levels), nestNot(levels)} {
			var err error
			allocated := testkit.AllocatedBytes(func() { _, err = c.MarshalJSON() })
			testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany})
			assert.Less(t, allocated, uint64(16<<10), "%d levels: stops at the limit", levels)
			_, err = json.Marshal(c)
			assert.ErrorIs(t, err, policy.ErrTooMany)
		}
	}
	// Where the limit is crossed in a list.
	deep := policy.All(policy.Field("a").EQ(1), policy.Any(nestNot(policy.MaxDepth-1)))
	_, err = deep.MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Path: "/all/1/any/0" + notPath(policy.MaxDepth-1), Err: policy.ErrTooMany})
}

// A tree form of 8 MiB marshals; one byte more is refused, as Unmarshal
// would refuse it, and so is a condition that shares its parts, at the
// limit.
func TestMarshalSize(t *testing.T) {
	const frame = `{"all":[{"field":"age","op":"==","value":""}]}`
	long := func(size int) policy.Cond { // its tree form is size bytes long
		return policy.All(policy.Field("age").EQ(strings.Repeat("x", size-len(frame))))
	}
	b, err := long(maxDoc).MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, maxDoc, len(b))
	var d policy.Cond
	require.NoError(t, policy.Unmarshal(b, &d))
	assert.True(t, policy.EqualConds(long(maxDoc), d))

	_, err = long(maxDoc + 1).MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrTooMany})
	assert.Contains(t, err.Error(), "8 MiB")

	values := make([]any, 9) // 1 MiB each
	for i := range values {
		values[i] = strings.Repeat("x", 1<<20)
	}
	_, err = policy.Field("age").In(values...).MarshalJSON()
	testkit.CheckProblems(t, err, testkit.Want{Name: "age", Err: policy.ErrTooMany})

	c := policy.Field("age").GE(18)
	for range 40 {
		c = policy.Any(c, c)
	}
	allocated := testkit.AllocatedBytes(func() { _, err = c.MarshalJSON() })
	assert.ErrorIs(t, err, policy.ErrTooMany)
	assert.Less(t, allocated, uint64(8*maxDoc), "bounded by the limit")
}

// Decoding refuses more than 8 MiB, at once; 8 MiB decode.
func TestUnmarshalCondSize(t *testing.T) {
	pad := func(size int) []byte { // a condition padded with spaces inside
		const c = `{"field":"age","op":">=","value":18}`
		return []byte(c[:len(c)-1] + strings.Repeat(" ", size-len(c)) + "}")
	}
	var c policy.Cond
	require.NoError(t, c.UnmarshalJSON(pad(maxDoc)))
	assert.Equal(t, "age >= 18", c.String())
	err := c.UnmarshalJSON(pad(maxDoc + 1))
	testkit.CheckProblems(t, err, testkit.Want{Err: policy.ErrTooMany})
	assert.Equal(t, "age >= 18", c.String(), "unchanged")
	require.NoError(t, json.Unmarshal(pad(maxDoc), &c), "through encoding/json")
	assert.ErrorIs(t, json.Unmarshal(pad(maxDoc+1), &c), policy.ErrTooMany)
}

// Decoding reports 100 problems and then stops with one more, however many
// the input holds: a hostile input cannot make it build a problem for every
// byte.
func TestUnmarshalCondProblems(t *testing.T) {
	list := func(n int, item string) []byte { // {"all":[item, ...]}, item n times
		return []byte(`{"all":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `]}`)
	}
	for _, tt := range []struct {
		name, item string
		err        error
	}{
		{"unknown keys", `{"feild":"age","op":">=","value":1}`, policy.ErrUnknown},
		{"missing operands", `null`, policy.ErrMissing},
		{"unknown operators", `{"field":"age","op":"=>","value":1}`, policy.ErrUnknown},
		{"texts that do not parse", `"age >>= 1"`, policy.ErrMalformed},
		{"repeated keys", `{"not":"a","not":"a"}`, policy.ErrDuplicate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c policy.Cond
			ps := testkit.Problems(t, c.UnmarshalJSON(list(100, tt.item)))
			require.Len(t, ps, 100, "100 problems: all reported")
			for i, p := range ps {
				assert.ErrorIs(t, p.Err, tt.err)
				assert.True(t, strings.HasPrefix(p.Path, "/all/"+strconv.Itoa(i)), "%s", p.Path)
			}
			for _, n := range []int{101, 20_000} {
				var err error
				data := list(n, tt.item)
				allocated := testkit.AllocatedBytes(func() { err = c.UnmarshalJSON(data) })
				ps := testkit.Problems(t, err)
				require.Len(t, ps, 101, "%d problems", n)
				assert.ErrorIs(t, ps[99].Err, tt.err)
				assert.ErrorIs(t, ps[100].Err, policy.ErrTooMany)
				assert.True(t, strings.HasPrefix(ps[100].Path, "/all/100"), "the first not reported: %s", ps[100].Path)
				assert.Less(t, allocated, uint64(32*len(data)+1<<20), "%d problems: bounded", n)
			}
		})
	}
}

// Stray keys cost no more than other problems: one object with many, and
// many objects with one each.
func TestUnmarshalCondStrays(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"field":"age","op":">=","value":1`)
	for i := range 100_000 {
		b.WriteString(`,"k` + strconv.Itoa(i) + `":1`)
	}
	b.WriteString("}")
	var c policy.Cond
	ps := testkit.Problems(t, c.UnmarshalJSON([]byte(b.String())))
	require.Len(t, ps, 101)
	assert.Equal(t, "/k0", ps[0].Path)
	assert.ErrorIs(t, ps[0].Err, policy.ErrUnknown)
	assert.Equal(t, [2]int{1, strings.Index(b.String(), `"k0"`) + 1}, [2]int{ps[0].Line, ps[0].Column})

	// The keys of the form are decoded beside the stray ones, and their
	// problems come in the order of the keys.
	ps = testkit.Problems(t, c.UnmarshalJSON([]byte("{\"all\": [\"age >>= 1\"],\n \"x\": 1, \"Not\": 2}")))
	require.Len(t, ps, 3)
	assert.Equal(t, []string{"/all/0", "/x", "/Not"}, []string{ps[0].Path, ps[1].Path, ps[2].Path})
	assert.Equal(t, [2]int{2, 2}, [2]int{ps[1].Line, ps[1].Column})
}

// A condition nested deeper than MaxDepth is refused at the level beyond it
// at any depth that encoding/json reads, and beyond that is malformed.
func TestUnmarshalCondDepth(t *testing.T) {
	for _, levels := range []int{policy.MaxDepth + 1, 9_000} {
		var c policy.Cond
		err := c.UnmarshalJSON(nestedNotJSON(levels))
		testkit.CheckProblems(t, err, testkit.Want{Path: notPath(policy.MaxDepth + 1), Err: policy.ErrTooMany})
	}
	var c policy.Cond
	testkit.CheckProblems(t, c.UnmarshalJSON(nestedNotJSON(20_000)), testkit.Want{Err: policy.ErrMalformed})
}

// Fields walks a condition of any depth without recursion.
func TestFieldsDepth(t *testing.T) {
	c := policy.All(policy.Field("aum").GE(1), nestNot(100_000))
	assert.Equal(t, []string{"aum", "age"}, c.Fields())
}

// A condition built in Go can nest deeper than any form allows. It still
// prints, cut short below MaxDepth+1 levels, but refuses to marshal,
// where Compile refuses it too: no form of it costs more than its limits.
func ExampleCond_String_tooDeep() {
	c := policy.Field("age").GE(18)
	for range 40 {
		c = policy.Not(c)
	}
	text := c.String()
	fmt.Println(strings.Count(text, "not"), "nots, then", text[len(text)-len("not …"):])
	_, err := c.MarshalJSON()
	var ps policy.Problems
	if errors.As(err, &ps) && errors.Is(err, policy.ErrTooMany) {
		fmt.Println("too deep at level", strings.Count(ps[0].Path, "/not")+1)
	}
	// Output:
	// 33 nots, then not …
	// too deep at level 33
}
