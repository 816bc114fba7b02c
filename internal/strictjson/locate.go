package strictjson

import "strings"

// Position is a line and a column, counting from 1, the column in bytes.
type Position struct{ Line, Column int }

// Locate returns, for each JSON pointer of paths, the position in data of
// the deepest value on the pointer's path: the value itself when data has
// it, else the nearest container that does (a problem inside a condition
// written as text is located at the text). data is read as far as it is
// well formed; a path with no value at all, or in data that is not JSON,
// gets the zero Position.
func Locate(data []byte, paths []string) []Position {
	out := make([]Position, len(paths))
	if len(paths) == 0 || len(data) > MaxSize {
		return out
	}
	best := make([]int, len(paths)) // length of the path of the value located for each
	for i := range best {
		best[i] = -1
	}
	d := decoder{data: data}
	var walk func(depth int)
	walk = func(depth int) {
		d.ws()
		if d.pos >= len(d.data) {
			d.syntax("")
			return
		}
		at := d.pos
		here, _ := d.pointer()
		for i, p := range paths {
			if len(here) > best[i] && (p == here || strings.HasPrefix(p, here+"/") || here == "") {
				best[i] = len(here)
				out[i].Line, out[i].Column = d.position(at)
			}
		}
		switch d.data[at] {
		case '{':
			d.object(depth, func([]byte, int, int) { walk(depth + 1) })
		case '[':
			d.array(depth, func(int) { walk(depth + 1) })
		default:
			d.skip(depth)
		}
	}
	walk(0)
	return out
}
