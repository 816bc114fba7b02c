package strictjson

import "strings"

// Position is a line and a column, counting from 1, the column in bytes.
type Position struct{ Line, Column int }

// Locate returns, for each JSON pointer of paths, the position in data of
// the deepest value on the pointer's path: the value itself when data has
// it, else the nearest container that does (a problem inside a condition
// written as text is located at the text). data is read once, as far as it
// is well formed; a path with no value at all, or in data that is not
// JSON, gets the zero Position. The cost is linear in data and in the
// paths' total length.
func Locate(data []byte, paths []string) []Position {
	out := make([]Position, len(paths))
	if len(paths) == 0 || len(data) > MaxSize {
		return out
	}
	// Every prefix of every path, the positions found for them.
	at := make(map[string]Position)
	for _, p := range paths {
		for i := 0; i <= len(p); i++ {
			if i == len(p) || p[i] == '/' {
				at[p[:i]] = Position{}
			}
		}
	}
	d := decoder{data: data}
	var walk func(depth int)
	walk = func(depth int) {
		d.ws()
		if d.pos >= len(d.data) {
			d.syntax("")
			return
		}
		start := d.pos
		here, _ := d.pointer()
		if _, wanted := at[here]; !wanted {
			d.skip(depth) // nothing wanted inside
			return
		}
		line, col := d.position(start)
		at[here] = Position{line, col}
		switch d.data[start] {
		case '{':
			d.object(depth, func([]byte, int, int) { walk(depth + 1) })
		case '[':
			d.array(depth, func(int) { walk(depth + 1) })
		default:
			d.skip(depth)
		}
	}
	walk(0)
	for i, p := range paths {
		for {
			if pos := at[p]; pos.Line > 0 || p == "" {
				out[i] = pos
				break
			}
			p = p[:max(strings.LastIndexByte(p, '/'), 0)]
		}
	}
	return out
}
