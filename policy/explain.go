package policy

import "strings"

// ExplainOptions control what an explanation shows.
type ExplainOptions struct {
	// Values adds the subject's value of each compared field. Leave it
	// false where the reader is not entitled to client data: explanations
	// then show fields, operators and thresholds, which are policy, and no
	// client values.
	Values bool
}

// Explanation says why a condition held or failed, as a tree that mirrors the
// condition: every combinator with its operands, every comparison with its
// field, operator and threshold. All operands are evaluated, so the
// explanation shows every reason, not just the first. A decision table's
// explanation ([TableExplanation]) holds one for each row.
type Explanation struct {
	// Held reports whether this condition held.
	Held bool `json:"held"`
	// Text is the condition in readable form: "aum >= 2000000", "all of",
	// "at least 2 of", "not", a custom predicate's name, or a table row's
	// name.
	Text string `json:"text"`
	// Field, Op and Threshold are set for comparisons; Op is one of ==, !=,
	// <, <=, >, >= and in.
	Field     string `json:"field,omitempty"`
	Op        string `json:"op,omitempty"`
	Threshold string `json:"threshold,omitempty"`
	// Value is the subject's value of Field, set only when
	// ExplainOptions.Values was true.
	Value string `json:"value,omitempty"`
	// Children explain the operands of a combinator.
	Children []Explanation `json:"children,omitempty"`
}

// Explain evaluates the rule for s and says why it held or failed. Unlike
// [Rule.Eval] it allocates; use it when a person or an audit trail needs the
// reasons.
func (r *Rule[T]) Explain(s *T, o ExplainOptions) Explanation {
	return r.root.explain(s, o)
}

func (n *cnode[T]) explain(s *T, o ExplainOptions) Explanation {
	e := Explanation{Held: n.eval(s)}
	switch n.kind {
	case 0:
		e.Text = "always"
	case kAll:
		e.Text = "all of"
	case kAny:
		e.Text = "any of"
	case kNot:
		e.Text = "not"
	case kAtLeast:
		e.Text = "at least " + itoa(n.n) + " of"
	case kCmp:
		e.Field, e.Op, e.Threshold = n.field.name, n.op, n.thr
		e.Text = e.Field + " " + e.Op + " " + e.Threshold
		if o.Values {
			e.Value = n.field.format(s)
		}
	case kCustom:
		e.Text = n.name
	}
	for _, k := range n.kids {
		e.Children = append(e.Children, k.explain(s, o))
	}
	return e
}

// String returns the explanation as an indented tree, one condition a line,
// each marked "✓" if it held and "✗" if it failed, for example:
//
//	✗ all of
//	  ✓ aum >= 2000000
//	  ✗ entrepreneur == true
func (e Explanation) String() string {
	var b strings.Builder
	e.write(&b, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

func (e Explanation) write(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if e.Held {
		b.WriteString("✓ ")
	} else {
		b.WriteString("✗ ")
	}
	b.WriteString(e.Text)
	if e.Value != "" {
		b.WriteString(" (value " + e.Value + ")")
	}
	b.WriteByte('\n')
	for _, c := range e.Children {
		c.write(b, depth+1)
	}
}

// litsText returns the thresholds of a comparison as an explanation shows
// them: one value as it is, a list of them in brackets, "[C1, C2]".
func litsText(op string, vals []literal) string {
	if op != opIn && len(vals) == 1 {
		return vals[0].text
	}
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = v.text
	}
	return "[" + strings.Join(texts, ", ") + "]"
}
