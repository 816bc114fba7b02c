package policy

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/vipcare/vipcare/internal/errs"
)

// HitPolicy says how a decision [Table] picks among matching rows, after
// DMN's hit policies.
type HitPolicy uint8

// Hit policies. The zero HitPolicy is invalid, so a table always says which
// one it uses.
const (
	// First: the first matching row, in row order, decides.
	First HitPolicy = iota + 1
	// Unique: at most one row may match; two matching rows are a policy
	// error ([ErrOverlap]) reported by [Table.Decide].
	Unique
	// Priority: of the matching rows, the one with the highest
	// Row.Priority decides; ties go to the earlier row.
	Priority
	// Collect: every matching row applies; use [Table.Collect].
	Collect
)

var hitNames = [...]string{"invalid", "first", "unique", "priority", "collect"}

// String returns the policy's name, e.g. "unique".
func (h HitPolicy) String() string {
	if int(h) < len(hitNames) {
		return hitNames[h]
	}
	return "invalid"
}

// MarshalText encodes h as its name.
func (h HitPolicy) MarshalText() ([]byte, error) {
	if h < First || h > Collect {
		return nil, &Error{Err: ErrHitPolicy}
	}
	return []byte(h.String()), nil
}

// UnmarshalText decodes a name such as "unique".
func (h *HitPolicy) UnmarshalText(b []byte) error {
	i := slices.Index(hitNames[1:], string(b))
	if i < 0 {
		return &Error{Name: string(b), Err: ErrHitPolicy}
	}
	*h = HitPolicy(i + 1)
	return nil
}

// Row is one row of a decision table: when When holds, the row matches and
// yields Then. A zero When matches every subject (DMN's "-"). Rows have a
// JSON form when O has one.
type Row[O any] struct {
	// Name identifies the row in explanations and errors; it should be
	// unique. An unnamed row is called "rows[i]".
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

// NewTable compiles a decision table. It reports every problem at once: an
// unknown hit policy, no rows, duplicate row names, and every problem of
// every row's condition (with paths such as "rows[2].when.all[0]"). rows is
// copied.
func NewTable[T, O any](s *Schema[T], hit HitPolicy, rows ...Row[O]) (*Table[T, O], error) {
	var errs []error
	if hit < First || hit > Collect {
		errs = append(errs, &Error{Path: "hit_policy", Err: ErrHitPolicy})
	}
	if len(rows) == 0 {
		errs = append(errs, &Error{Path: "rows", Err: ErrEmpty})
	}
	t := &Table[T, O]{hit: hit, rows: slices.Clone(rows), rules: make([]*Rule[T], len(rows))}
	seen := map[string]bool{}
	for i, r := range rows {
		path := "rows[" + itoa(i) + "]"
		if r.Name != "" {
			if seen[r.Name] {
				errs = append(errs, &Error{Path: path + ".name", Name: r.Name, Err: ErrDuplicate})
			}
			seen[r.Name] = true
		}
		rule, err := Compile(s, r.When)
		if err != nil {
			errs = append(errs, prefix(err, path+".when")...)
			continue
		}
		t.rules[i] = rule
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
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

// MustTable is like [NewTable] but panics on error.
func MustTable[T, O any](s *Schema[T], hit HitPolicy, rows ...Row[O]) *Table[T, O] {
	t, err := NewTable(s, hit, rows...)
	if err != nil {
		panic(err)
	}
	return t
}

// prefix returns the errors joined in err, each policy error with path put in
// front of its own, so that a table's problems form one flat join.
func prefix(err error, path string) []error {
	list := errs.Unjoin(err)
	out := make([]error, len(list))
	for i, e := range list {
		if pe, ok := e.(*Error); ok {
			c := *pe
			if c.Path == "" { // the row's root condition: "rows[i].when", not "rows[i].when."
				c.Path = path
			} else {
				c.Path = join(path, c.Path)
			}
			out[i] = &c
		} else {
			out[i] = e
		}
	}
	return out
}

// HitPolicy returns the table's hit policy.
func (t *Table[T, O]) HitPolicy() HitPolicy { return t.hit }

// Rows returns a copy of the table's rows.
func (t *Table[T, O]) Rows() []Row[O] { return slices.Clone(t.rows) }

// Decide returns the row that decides for s under the First, Unique or
// Priority hit policy, and whether any row matched. It does not allocate
// unless it fails. Under Unique, two matching rows are an [*OverlapError];
// on a Collect table Decide fails with [ErrHitPolicy]: use [Table.Collect].
func (t *Table[T, O]) Decide(s *T) (Hit[O], bool, error) {
	switch t.hit {
	case Collect:
		return Hit[O]{}, false, &Error{Err: ErrHitPolicy}
	case Unique:
		found := -1
		for i, r := range t.rules {
			if r.Eval(s) {
				if found >= 0 {
					return Hit[O]{}, false, &OverlapError{First: found, Second: i,
						FirstName: t.rows[found].Name, SecondName: t.rows[i].Name}
				}
				found = i
			}
		}
		if found < 0 {
			return Hit[O]{}, false, nil
		}
		return t.hitAt(found), true, nil
	}
	for _, i := range t.order {
		if t.rules[i].Eval(s) {
			return t.hitAt(i), true, nil
		}
	}
	return Hit[O]{}, false, nil
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

// TableExplanation says how a table decided: every row, whether it matched
// and why, and which rows decided.
type TableExplanation struct {
	Hit HitPolicy `json:"hit_policy"`
	// Decided are the indexes of the deciding rows: one under First,
	// Unique and Priority (none if no row matched; both overlapping rows
	// if a Unique table overlapped), every match under Collect.
	Decided []int            `json:"decided"`
	Rows    []RowExplanation `json:"rows"`
}

// RowExplanation explains one row of a table.
type RowExplanation struct {
	Row     int         `json:"row"`
	Name    string      `json:"name,omitempty"`
	Matched bool        `json:"matched"`
	When    Explanation `json:"when"`
}

// Explain evaluates every row for s and says which decided and why.
func (t *Table[T, O]) Explain(s *T, o ExplainOptions) TableExplanation {
	e := TableExplanation{Hit: t.hit, Rows: make([]RowExplanation, len(t.rows))}
	for i, r := range t.rules {
		w := r.Explain(s, o)
		e.Rows[i] = RowExplanation{Row: i, Name: t.rows[i].Name, Matched: w.Held, When: w}
	}
	switch t.hit {
	case Collect, Unique:
		for i, r := range e.Rows {
			if r.Matched {
				e.Decided = append(e.Decided, i)
			}
		}
		if t.hit == Unique && len(e.Decided) > 2 {
			e.Decided = e.Decided[:2]
		}
	default:
		for _, i := range t.order {
			if e.Rows[i].Matched {
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
	b.WriteString("hit policy " + e.Hit.String() + "\n")
	for _, r := range e.Rows {
		mark := "  "
		if slices.Contains(e.Decided, r.Row) {
			mark = "→ "
		}
		state := "no match"
		if r.Matched {
			state = "matched"
		}
		b.WriteString(mark + rowLabel(r.Row, r.Name) + ": " + state + "\n")
		for _, line := range strings.Split(r.When.String(), "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
