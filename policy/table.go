package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// HitPolicy says how a decision [Table] picks among matching rows, after
// DMN's hit policies. It marshals as its name. The zero HitPolicy is not
// one, so a table always says which it uses.
type HitPolicy string

// Hit policies.
const (
	// First: the first matching row, in row order, decides.
	First HitPolicy = "first"
	// Unique: at most one row may match; two matching rows are a policy
	// error ([ErrOverlap]) reported by [Table.Decide].
	Unique HitPolicy = "unique"
	// Priority: of the matching rows, the one with the highest
	// Row.Priority decides; ties go to the earlier row.
	Priority HitPolicy = "priority"
	// Collect: every matching row applies; use [Table.Collect].
	Collect HitPolicy = "collect"
)

var hitPolicies = []string{string(First), string(Unique), string(Priority), string(Collect)}

// Row is one row of a decision table: when When holds, the row matches and
// yields Then. A zero When matches every subject (DMN's "-"). Rows have a
// JSON form when O has one.
type Row[O any] struct {
	// Name identifies the row in explanations and errors; it should be
	// unique. An unnamed row is called by its position, "row 3".
	Name string `json:"name,omitempty"`
	// When is the row's condition.
	When Cond `json:"when"`
	// Then is the row's output.
	Then O `json:"then"`
	// Priority orders rows under the Priority hit policy: higher wins.
	Priority int `json:"priority,omitempty"`
}

// Hit is a row that matched: its index, name and output.
type Hit[O any] struct {
	Row    int
	Name   string
	Output O
}

// Table is a compiled decision table over subjects of type T with outputs of
// type O. It is immutable and safe for concurrent use.
type Table[T, O any] struct {
	hit   HitPolicy
	rows  []Row[O]
	rules []*Rule[T]
	order []int // evaluation order: row order, or by priority for Priority
}

// CompileTable compiles a decision table. It reports every problem at
// once as [Problems] located relative to the rows, so that a part whose
// spec holds the rows re-roots them where they are: "/2/when/field" is in
// the third row's condition, "/2/name" a repeated row name
// ([ErrDuplicate]), "/3" a row of a First table after one with no
// condition, which holds for everyone ([ErrUnreachable]: a row with no
// condition, "everyone else", goes last); the table as a whole is at "":
// an unknown hit policy ([ErrUnknown]) or no rows ([ErrMissing]). rows is
// copied.
func CompileTable[T, O any](s *Schema[T], hit HitPolicy, rows ...Row[O]) (*Table[T, O], error) {
	var ps Problems
	if !slices.Contains(hitPolicies, string(hit)) {
		ps = append(ps, Problem{Name: string(hit), Err: ErrUnknown, Choices: slices.Clone(hitPolicies)})
	}
	if len(rows) == 0 {
		ps = append(ps, Problem{Err: ErrMissing})
	}
	t := &Table[T, O]{hit: hit, rows: slices.Clone(rows), rules: make([]*Rule[T], len(rows))}
	seen := map[string]bool{}
	for i, r := range rows {
		path := "/" + itoa(i)
		if r.Name != "" {
			if seen[r.Name] {
				ps = append(ps, Problem{Path: path + "/name", Name: r.Name, Err: ErrDuplicate})
			}
			seen[r.Name] = true
		}
		rule, err := Compile(s, r.When)
		ps.Add(path+"/when", "", err)
		t.rules[i] = rule
		if hit == First && i > 0 && rows[i-1].When == (Cond{}) { // reported once, at the first row shadowed
			if j := slices.IndexFunc(rows[:i], func(r Row[O]) bool { return r.When == (Cond{}) }); j == i-1 {
				before := "row " + itoa(i-1)
				if n := rows[i-1].Name; n != "" {
					before += " (" + strconv.Quote(n) + ")"
				}
				ps = append(ps, Problem{Path: path, Name: r.Name,
					Err: fmt.Errorf("%w: %s before it has no condition and holds for everyone", ErrUnreachable, before)})
			}
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	t.order = make([]int, len(rows))
	for i := range t.order {
		t.order[i] = i
	}
	if hit == Priority {
		// cmp.Compare, not subtraction, which overflows for extreme priorities.
		slices.SortStableFunc(t.order, func(a, b int) int { return cmp.Compare(rows[b].Priority, rows[a].Priority) })
	}
	return t, nil
}

// Decide returns the row that decides for s under the First, Unique or
// Priority hit policy, and whether any row matched. It does not allocate
// unless it fails. Under Unique, two matching rows are [Problems] wrapping
// [ErrOverlap] at the second row's position; on a Collect table Decide
// fails with [ErrTypeMismatch]: use [Table.Collect].
func (t *Table[T, O]) Decide(s *T) (Hit[O], bool, error) {
	if t.hit == Collect {
		return Hit[O]{}, false, Problems{{Name: string(t.hit),
			Err: fmt.Errorf("%w: a collect table has no single deciding row", ErrTypeMismatch)}}
	}
	i, j := t.decide(s)
	switch {
	case j >= 0:
		return Hit[O]{}, false, Problems{{Path: "/" + itoa(j), Name: t.rows[j].Name,
			Err: fmt.Errorf("%w: %s and %s both matched", ErrOverlap, t.label(i), t.label(j))}}
	case i < 0:
		return Hit[O]{}, false, nil
	}
	return t.hitAt(i), true, nil
}

// decide returns the deciding row under First, Unique or Priority, or -1;
// and under Unique the second matching row, or -1.
func (t *Table[T, O]) decide(s *T) (i, j int) {
	switch t.hit {
	case Unique:
		found := -1
		for k, r := range t.rules {
			if r.Eval(s) {
				if found >= 0 {
					return found, k
				}
				found = k
			}
		}
		return found, -1
	}
	for _, k := range t.order {
		if t.rules[k].Eval(s) {
			return k, -1
		}
	}
	return -1, -1
}

// Collect appends to dst every row that matches s, in row order, whatever
// the table's hit policy, and returns the extended slice. Reusing dst across
// calls avoids allocation.
func (t *Table[T, O]) Collect(dst []Hit[O], s *T) []Hit[O] {
	for i, r := range t.rules {
		if r.Eval(s) {
			dst = append(dst, t.hitAt(i))
		}
	}
	return dst
}

func (t *Table[T, O]) hitAt(i int) Hit[O] {
	return Hit[O]{Row: i, Name: t.rows[i].Name, Output: t.rows[i].Then}
}

// label names row i in text: its quoted name, or "row i".
func (t *Table[T, O]) label(i int) string { return rowLabel(i, t.rows[i].Name) }

func rowLabel(i int, name string) string {
	if name != "" {
		return strconv.Quote(name)
	}
	return "row " + itoa(i)
}

// TableExplanation says how a table decided: every row, whether it matched
// and why, and which rows decided.
type TableExplanation struct {
	// HitPolicy is the table's hit policy.
	HitPolicy HitPolicy `json:"hit_policy"`
	// Decided are the indexes of the deciding rows: one under First,
	// Unique and Priority (none if no row matched; both overlapping rows
	// if a Unique table overlapped), every match under Collect.
	Decided []int `json:"decided"`
	// Rows explain each row: Held is whether it matched, Text its name,
	// and the one child the explanation of its condition.
	Rows []Explanation `json:"rows"`
}

// Explain evaluates every row for s and says which decided and why.
func (t *Table[T, O]) Explain(s *T, o ExplainOptions) TableExplanation {
	// Every row, its condition and the condition's nodes share one
	// allocation, each slice capped at its own length.
	n := 2 * len(t.rules)
	for _, r := range t.rules {
		n += r.root.desc
	}
	buf := make([]Explanation, n)
	e := TableExplanation{HitPolicy: t.hit, Rows: buf[:len(t.rules):len(t.rules)]}
	buf = buf[len(t.rules):]
	for i, r := range t.rules {
		w := buf[:1:1]
		r.root.explain(&w[0], s, o, buf[1:1+r.root.desc:1+r.root.desc])
		buf = buf[1+r.root.desc:]
		e.Rows[i] = Explanation{Held: w[0].Held, Text: t.rows[i].Name, Children: w}
	}
	switch t.hit {
	case Collect, Unique:
		for i, r := range e.Rows {
			if r.Held {
				e.Decided = append(e.Decided, i)
			}
		}
		if t.hit == Unique && len(e.Decided) > 2 {
			e.Decided = e.Decided[:2]
		}
	default:
		for _, i := range t.order {
			if e.Rows[i].Held {
				e.Decided = []int{i}
				break
			}
		}
	}
	return e
}

// String returns the explanation as text: the hit policy, then each row
// marked "→" if it decided, with its condition's explanation indented.
func (e TableExplanation) String() string {
	var b strings.Builder
	b.WriteString("hit policy " + string(e.HitPolicy) + "\n")
	for i, r := range e.Rows {
		mark := "  "
		if slices.Contains(e.Decided, i) {
			mark = "→ "
		}
		state := "no match"
		if r.Held {
			state = "matched"
		}
		b.WriteString(mark + rowLabel(i, r.Text) + ": " + state + "\n")
		for _, w := range r.Children {
			for _, line := range strings.Split(w.String(), "\n") {
				b.WriteString("    " + line + "\n")
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
