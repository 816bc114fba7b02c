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
	var e Explanation
	r.root.explain(&e, s, o, make([]Explanation, r.root.desc))
	return e
}

// prepare builds, once the tree is compiled, what explaining it reads: the
// text of every node and the size of every subtree.
func (n *cnode[T]) prepare() {
	switch n.kind {
	case 0:
		n.text = "always"
	case kAll:
		n.text = "all of"
	case kAny:
		n.text = "any of"
	case kNot:
		n.text = "not"
	case kAtLeast:
		n.text = "at least " + itoa(n.n) + " of"
	case kCmp:
		n.text = n.field.name + " " + n.op + " " + n.thr
	case kCustom:
		n.text = n.name
	}
	n.desc = 0
	for _, k := range n.kids {
		k.prepare()
		n.desc += 1 + k.desc
	}
}

// explain writes into e why n held or failed for s, the explanations of
// the nodes below it going into below, which has room for n.desc of them.
// A combinator's outcome is its operands' combined, so that each node is
// evaluated once.
func (n *cnode[T]) explain(e *Explanation, s *T, o ExplainOptions, below []Explanation) {
	*e = Explanation{Text: n.text}
	if n.kind == kCmp {
		e.Field, e.Op, e.Threshold = n.field.name, n.op, n.thr
		if o.Values {
			e.Value = n.field.format(s)
		}
	}
	if len(n.kids) == 0 {
		e.Held = n.eval(s)
		return
	}
	kids := below[:len(n.kids):len(n.kids)]
	below = below[len(n.kids):]
	held := 0
	for i, k := range n.kids {
		k.explain(&kids[i], s, o, below[:k.desc:k.desc])
		below = below[k.desc:]
		if kids[i].Held {
			held++
		}
	}
	e.Children = kids
	switch n.kind {
	case kAll:
		e.Held = held == len(kids)
	case kAny:
		e.Held = held > 0
	case kNot:
		e.Held = held == 0
	case kAtLeast:
		e.Held = held >= n.n
	default:
		e.Held = n.eval(s)
	}
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
