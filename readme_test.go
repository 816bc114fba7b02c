package vipcare_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeSnippetsCompile checks that every Go snippet of README.md is
// code that compiles and runs: each stands, line for line, in a test file
// of the module (an Example, whose output go test checks). A snippet
// changed in the README alone, or an Example changed without its snippet,
// fails here.
func TestReadmeSnippetsCompile(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	snippets := goBlocks(string(readme))
	require.NotEmpty(t, snippets, "the README has Go snippets")

	var sources []string
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources = append(sources, string(b))
		}
		return nil
	})
	require.NoError(t, err)
	for _, s := range snippets {
		found := false
		for _, src := range sources {
			if containsLines(src, s) {
				found = true
				break
			}
		}
		assert.True(t, found, "this README snippet is in no test file of the module:\n%s", s)
	}
}

// goBlocks returns the bodies of the ```go blocks of a Markdown text.
func goBlocks(md string) []string {
	var out []string
	for {
		i := strings.Index(md, "```go\n")
		if i < 0 {
			return out
		}
		md = md[i+len("```go\n"):]
		j := strings.Index(md, "```")
		if j < 0 {
			return out
		}
		out = append(out, md[:j])
		md = md[j:]
	}
}

// containsLines reports whether the lines of snippet stand one after
// another in src, each compared without its leading and trailing white
// space.
func containsLines(src, snippet string) bool {
	trim := func(s string) []string {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		return lines
	}
	want, have := trim(snippet), trim(src)
	for i := 0; i+len(want) <= len(have); i++ {
		match := true
		for k := range want {
			if have[i+k] != want[k] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
