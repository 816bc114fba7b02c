package redact_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/internal/redact"
)

// secret is a record that redacts itself, as the records of vipcare do.
type secret struct {
	ID     string    `json:"id"`
	Amount int64     `json:"amount,omitempty"`
	Tags   []string  `json:"tags,omitempty"`
	When   time.Time `json:"when,omitzero"`
	Skip   string    `json:"-"`
	Plain  int
	hidden string
}

func (s secret) LogValue() slog.Value {
	return redact.Value(redact.Masked("id"), slog.Int("tags", len(s.Tags)))
}

func (s secret) MarshalJSON() ([]byte, error) { return redact.JSON(s.LogValue()) }

func (s secret) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "secret{id:"+redact.Mask+"}", `redact_test.secret{ID:"[redacted]"}`)
}

// plainSecret is secret without its methods: what Full should write.
type plainSecret secret

// holder holds secrets as a caller's type might, and has no methods.
type holder struct {
	Name    string              `json:"name"`
	One     secret              `json:"one"`
	Ptr     *secret             `json:"ptr"`
	List    []secret            `json:"list"`
	Ptrs    []*secret           `json:"ptrs,omitempty"`
	ByKey   map[string]secret   `json:"by_key"`
	Array   [2]secret           `json:"array"`
	Any     any                 `json:"any"`
	Nested  map[string][]secret `json:"nested"`
	private secret
}

func sample() secret {
	return secret{ID: "ID-7781", Amount: 9876543, Tags: []string{"a"}, When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Skip: "skip", Plain: 3, hidden: "hidden"}
}

func full(t *testing.T, v any) string {
	t.Helper()
	b, err := redact.Full(v)
	require.NoError(t, err)
	return string(b)
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestFull(t *testing.T) {
	s := sample()
	want := marshal(t, plainSecret(s))
	assert.Equal(t, `{"id":"ID-7781","amount":9876543,"tags":["a"],"when":"2026-01-02T00:00:00Z","Plain":3}`, want)
	assert.Equal(t, `{"id":"[redacted]","tags":1}`, marshal(t, s), "the default JSON redacts")

	tests := []struct {
		name string
		v    any
		want string
	}{
		{"a value", s, want},
		{"a pointer", &s, want},
		{"a zero value, omitempty and omitzero as encoding/json", secret{}, marshal(t, plainSecret{})},
		{"a nil pointer", (*secret)(nil), "null"},
		{"a slice", []secret{s, {}}, "[" + want + "," + marshal(t, plainSecret{}) + "]"},
		{"a nil slice", []secret(nil), "null"},
		{"a map", map[string]*secret{"k": &s, "nil": nil}, `{"k":` + want + `,"nil":null}`},
		{"nothing of ours", map[string]any{"x": []int{1}, "t": time.Time{}}, marshal(t, map[string]any{"x": []int{1}, "t": time.Time{}})},
		{"nil", nil, "null"},
		{"a caller's struct", holder{Name: "n", One: s, Ptr: &s, List: []secret{s}, ByKey: map[string]secret{"k": s},
			Array: [2]secret{s, s}, Any: s, Nested: map[string][]secret{"k": {s}}, private: s},
			`{"name":"n","one":` + want + `,"ptr":` + want + `,"list":[` + want + `],"by_key":{"k":` + want +
				`},"array":[` + want + `,` + want + `],"any":{"id":"[redacted]","tags":1},"nested":{"k":[` + want + `]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprintf("%#v", tt.v)
			assert.Equal(t, tt.want, full(t, tt.v))
			assert.Equal(t, before, fmt.Sprintf("%#v", tt.v), "the value is not changed")
			assert.Equal(t, full(t, tt.v), full(t, tt.v), "the same twice")
		})
	}
}

// Where Full cannot build a mirror, the value is encoded as it is:
// redacted, never leaked.
func TestFullFallsBackToRedacted(t *testing.T) {
	type node struct {
		S        secret  `json:"s"`
		Children []*node `json:"children"`
	}
	type embeds struct {
		secret
		Extra secret `json:"extra"`
	}
	s := sample()
	want := marshal(t, plainSecret(s))
	redacted := marshal(t, s)

	got := full(t, node{S: s, Children: []*node{{S: s}}})
	assert.Equal(t, `{"s":`+want+`,"children":[{"s":`+redacted+`,"children":null}]}`, got,
		"a recursive type: the outer level is mirrored, the recursion encoded as it is")
	assert.Equal(t, marshal(t, embeds{s, s}), full(t, embeds{s, s}), "an embedded field: as encoding/json")
	assert.Equal(t, `{"any":`+redacted+`}`, full(t, struct {
		Any any `json:"any"`
	}{s}), "behind an interface")
}

func TestJSONAsTheHandler(t *testing.T) {
	when := time.Date(2026, 3, 4, 5, 6, 7, 8, time.FixedZone("", 8*3600))
	values := map[string]slog.Value{
		"strings":  redact.Value(slog.String("a", `q"uo<te>\`), slog.String("ü", "中文"), redact.Masked("id")),
		"numbers":  redact.Value(slog.Int("i", -3), slog.Uint64("u", 7), slog.Float64("f", 1.5), slog.Bool("b", true)),
		"time":     redact.Value(slog.Time("t", when), slog.Duration("d", time.Second)),
		"nested":   redact.Value(slog.Group("g", slog.Int("x", 1), slog.Group("h")), slog.Any("any", []int{1, 2})),
		"valuer":   redact.Value(slog.Any("s", sample())),
		"empty":    redact.Value(),
		"skipped":  redact.Value(slog.Attr{}, slog.Int("x", 1)),
		"a string": slog.StringValue("x"),
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "v", v)
			var line map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
			got, err := redact.JSON(v)
			require.NoError(t, err)
			want, ok := line["v"]
			if !ok {
				want = json.RawMessage("{}") // the handler leaves out an empty group
			}
			assert.JSONEq(t, string(want), string(got))
			assert.True(t, json.Valid(got), "%s", got)
		})
	}
}

type formatted struct {
	Ref  string
	S    secret
	Ptrs []*secret
	N    int
	p    *secret
}

func (f formatted) Format(s fmt.State, verb rune) { redact.Struct(s, verb, f, "Ref") }

func TestStruct(t *testing.T) {
	s := sample()
	f := formatted{Ref: "REF-1", S: s, Ptrs: []*secret{&s}, N: 7, p: &s}
	tests := []struct{ format, want string }{
		{"%v", "{[redacted] secret{id:[redacted]} [secret{id:[redacted]}] 7}"},
		{"%+v", "{Ref:[redacted] S:secret{id:[redacted]} Ptrs:[secret{id:[redacted]}] N:7}"},
		{"%#v", `redact_test.formatted{Ref:"[redacted]", S:redact_test.secret{ID:"[redacted]"}, Ptrs:[]*redact_test.secret{redact_test.secret{ID:"[redacted]"}}, N:7}`},
		{"%d", "{[redacted] secret{id:[redacted]} [secret{id:[redacted]}] 7}"},
		{"%s", "{[redacted] secret{id:[redacted]} [secret{id:[redacted]}] %!s(int=7)}"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, fmt.Sprintf(tt.format, f), tt.format)
		for _, in := range []any{&f, []*formatted{&f}, map[string]formatted{"k": f}} {
			out := fmt.Sprintf(tt.format, in)
			assert.NotContains(t, out, "ID-7781", "%s of %T: %s", tt.format, in, out)
			assert.NotContains(t, out, "REF-1", "%s of %T: %s", tt.format, in, out)
		}
	}
	assert.True(t, strings.HasPrefix(fmt.Sprint(formatted{}), "{[redacted] secret{id:[redacted]} [] 0}"))
}
