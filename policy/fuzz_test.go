package policy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vipcare/vipcare/policy"
)

// The fuzz targets' seeds are under testdata/fuzz; run them with
//
//	go test -run x -fuzz FuzzParse -fuzztime 60s ./policy
//	go test -run x -fuzz FuzzCondJSON -fuzztime 60s ./policy

// maxText is the longest text policy.Parse reads.
const maxText = 64 << 10

// FuzzParse checks that parsing never panics, that a problem is one
// located problem, and that whatever parses prints as text that parses back
// as the same condition, and marshals as JSON that decodes back as it.
func FuzzParse(f *testing.F) {
	f.Add("aum >= 2000000 and (entrepreneur or corporate_links >= 1)")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := policy.Parse(text)
		if err != nil {
			checkParseProblem(t, text, err, policy.ErrMalformed, policy.ErrTooMany, policy.ErrOutOfRange, policy.ErrNoDataForm)
			return
		}
		checkCond(t, c)
	})
}

// FuzzCondJSON checks that decoding never panics, that every problem is
// located, and that whatever decodes prints as text that parses back as the
// same condition, and marshals as JSON that decodes back as it, the same
// bytes each time.
func FuzzCondJSON(f *testing.F) {
	f.Add([]byte(`{"all":["age >= 18",{"not":{"field":"risk","op":"in","values":["C1","C2"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c policy.Cond
		if err := c.UnmarshalJSON(data); err != nil {
			var ps policy.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("%q: %v is not Problems", data, err)
			}
			for _, p := range ps {
				if p.Path != "" && p.Path[0] != '/' {
					t.Fatalf("%q: %q is not a JSON pointer", data, p.Path)
				}
				if p.Line < 0 || p.Line > 0 && (p.Column < 1 || p.Column > len(data)) {
					t.Fatalf("%q: problem at line %d, column %d", data, p.Line, p.Column)
				}
			}
			return
		}
		checkCond(t, c)
		var d policy.Cond
		if err := json.Unmarshal(data, &d); err != nil || !policy.EqualConds(c, d) {
			t.Fatalf("%q: through encoding/json %v, %v; directly %v", data, d, err, c)
		}
	})
}

// checkParseProblem checks that err is one problem located in text, its
// Name the offending token cut to 20 bytes, its Err one of sentinels.
func checkParseProblem(t *testing.T, text string, err error, sentinels ...error) {
	t.Helper()
	var ps policy.Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("%q: %v is not one problem", text, err)
	}
	p := ps[0]
	lines := strings.Split(text, "\n")
	if p.Path != "" || p.Line < 1 || p.Line > len(lines) || p.Column < 1 || p.Column > len(lines[p.Line-1])+1 {
		t.Fatalf("%q: problem at %q, line %d, column %d", text, p.Path, p.Line, p.Column)
	}
	off := p.Column - 1
	for _, l := range lines[:p.Line-1] {
		off += len(l) + 1
	}
	rest := text[off:]
	if len(p.Name) > 20 || !strings.HasPrefix(rest, p.Name) && !errors.Is(err, policy.ErrTooMany) {
		t.Fatalf("%q: problem's name %q is not the token at line %d, column %d", text, p.Name, p.Line, p.Column)
	}
	if utf8.ValidString(rest) && !utf8.ValidString(p.Name) {
		t.Fatalf("%q: name %q cut inside a character", text, p.Name)
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%q: unexpected problem %v", text, err)
}

// checkCond checks that c, which was parsed or decoded, round-trips through
// its text and JSON forms, and that compiling it does not panic.
func checkCond(t *testing.T, c policy.Cond) {
	t.Helper()
	text := c.String()
	if len(text) <= maxText {
		d, err := policy.Parse(text)
		if err != nil {
			t.Fatalf("%v prints as text that does not parse: %v", c, err)
		}
		if !policy.EqualConds(c, d) || d.String() != text {
			t.Fatalf("%q parses as %q", text, d.String())
		}
	}
	b1, err := c.MarshalJSON()
	if err != nil {
		t.Fatalf("%q: cannot marshal: %v", text, err)
	}
	if !json.Valid(b1) {
		t.Fatalf("%q: marshals as invalid JSON %q", text, b1)
	}
	var e policy.Cond
	if err := e.UnmarshalJSON(b1); err != nil {
		t.Fatalf("%q: marshals as %q, which does not decode: %v", text, b1, err)
	}
	if !policy.EqualConds(c, e) {
		t.Fatalf("%q: marshals as %q, which decodes as %q", text, b1, e.String())
	}
	b2, err := e.MarshalJSON()
	if err != nil || string(b1) != string(b2) {
		t.Fatalf("%q: marshals as %q, then as %q (%v)", text, b1, b2, err)
	}
	// Compiling must not panic either, whatever it reports.
	_, _ = policy.Compile(schema, c)
	_, _ = policy.Compile(bitSchema, c)
}
