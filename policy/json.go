package policy

import (
	"bytes"
	"encoding/json"
)

// The JSON form of a condition:
//
//	{"all": [c, ...]}                 every one holds
//	{"any": [c, ...]}                 at least one holds
//	{"not": c}                        c does not hold
//	{"at_least": 2, "of": [c, ...]}   at least 2 hold
//	{"field": "aum", "op": ">=", "value": "2000000"}
//	{"field": "risk_level", "op": "in", "values": ["C4", "C5"]}
//	null                              no condition: always holds
//
// Decimal thresholds are best written as JSON strings, which keep every
// digit; JSON numbers are accepted too and read as exact decimals.

// MarshalJSON encodes c in its JSON form. It fails with [Problems] wrapping
// [ErrNoDataForm] if c contains a [Custom] predicate, naming the predicate
// and where it is.
func (c Cond) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := c.encode(&b, ""); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (c Cond) encode(b *bytes.Buffer, path string) error {
	n := c.n
	if n == nil {
		b.WriteString("null")
		return nil
	}
	list := func(key string) error {
		b.WriteString(`{"` + key + `":[`)
		for i, k := range n.kids {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := k.encode(b, path+"/"+key+"/"+itoa(i)); err != nil {
				return err
			}
		}
		b.WriteString("]}")
		return nil
	}
	switch n.kind {
	case kAll:
		return list("all")
	case kAny:
		return list("any")
	case kNot:
		b.WriteString(`{"not":`)
		if err := n.kids[0].encode(b, path+"/not"); err != nil {
			return err
		}
		b.WriteByte('}')
	case kAtLeast:
		b.WriteString(`{"at_least":` + itoa(n.n) + `,"of":[`)
		for i, k := range n.kids {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := k.encode(b, path+"/of/"+itoa(i)); err != nil {
				return err
			}
		}
		b.WriteString("]}")
	case kCmp:
		b.WriteString(`{"field":`)
		quote(b, n.field)
		b.WriteString(`,"op":`)
		quote(b, n.op)
		// Like litsText: one value is "value" except for "in". Other
		// counts are kept as a list, which decodes back to the same
		// condition; Compile reports them.
		if n.op == opIn || len(n.vals) != 1 {
			b.WriteString(`,"values":[`)
			for i, v := range n.vals {
				if i > 0 {
					b.WriteByte(',')
				}
				if err := v.encode(b, path+"/values/"+itoa(i), n.field); err != nil {
					return err
				}
			}
			b.WriteByte(']')
		} else {
			b.WriteString(`,"value":`)
			if err := n.vals[0].encode(b, path+"/value", n.field); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case kCustom:
		return Problems{{Path: path, Name: n.name, Err: ErrNoDataForm}}
	}
	return nil
}

// quote writes s as a JSON string. strconv.Quote is not JSON: it writes
// escapes such as \x7f and \a that JSON does not have. '<', '>' and '&' are
// left as they are, so that "op":">=" stays readable.
func quote(b *bytes.Buffer, s string) {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)         // cannot fail for a string
	b.Truncate(b.Len() - 1) // Encode adds a newline
}

func (l literal) encode(b *bytes.Buffer, path, field string) error {
	switch l.kind {
	case litString:
		quote(b, l.text)
	case litNumber, litBool:
		b.WriteString(l.text)
	default:
		return Problems{{Path: path, Name: field, Err: ErrMalformed}}
	}
	return nil
}

// UnmarshalJSON decodes c from its JSON form, reporting [Problems] wrapping
// [ErrMalformed], or [ErrTooMany] for nesting deeper than [MaxDepth], that
// say where the form is wrong. It checks the form only; whether fields
// exist and thresholds fit them is checked by [Compile].
func (c *Cond) UnmarshalJSON(data []byte) error {
	d, err := decode(data, "", 1)
	if err != nil {
		return err
	}
	*c = d
	return nil
}

// decode decodes the condition at path, depth levels deep, from data.
func decode(data []byte, path string, depth int) (Cond, error) {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return Cond{}, nil
	}
	if depth > MaxDepth {
		return Cond{}, Problems{{Path: path, Err: ErrTooMany}}
	}
	var obj jsonObject
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return Cond{}, Problems{{Path: path, Err: ErrMalformed}}
	}
	switch {
	case obj.has("all"), obj.has("any"):
		key, kind := "all", kAll
		if _, ok := obj["any"]; ok {
			key, kind = "any", kAny
		}
		kids, err := obj.list(key, path, depth)
		if err != nil {
			return Cond{}, err
		}
		return Cond{&node{kind: kind, kids: kids}}, nil
	case obj.has("not"):
		k, err := decode(obj["not"], path+"/not", depth+1)
		if err != nil {
			return Cond{}, err
		}
		if k.n == nil {
			return Cond{}, Problems{{Path: path + "/not", Err: ErrMissing}}
		}
		return Not(k), nil
	case obj.has("at_least", "of"):
		var n int
		if err := json.Unmarshal(obj["at_least"], &n); err != nil {
			return Cond{}, Problems{{Path: path + "/at_least", Err: ErrMalformed}}
		}
		kids, err := obj.list("of", path, depth)
		if err != nil {
			return Cond{}, err
		}
		return Cond{&node{kind: kAtLeast, n: n, kids: kids}}, nil
	case obj.has("field", "op", "value"), obj.has("field", "op", "values"):
		return obj.comparison(path)
	}
	return Cond{}, Problems{{Path: path, Err: ErrMalformed}}
}

// jsonObject is a JSON object of a condition's form, its values undecoded.
type jsonObject map[string]json.RawMessage

// has reports whether o has exactly the keys keys.
func (o jsonObject) has(keys ...string) bool {
	if len(o) != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := o[k]; !ok {
			return false
		}
	}
	return true
}

// list decodes the list of conditions under key of the object at path.
func (o jsonObject) list(key, path string, depth int) ([]Cond, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(o[key], &raws); err != nil {
		return nil, Problems{{Path: path + "/" + key, Err: ErrMalformed}}
	}
	out := make([]Cond, len(raws))
	for i, r := range raws {
		kp := path + "/" + key + "/" + itoa(i)
		k, err := decode(r, kp, depth+1)
		if err != nil {
			return nil, err
		}
		if k.n == nil {
			return nil, Problems{{Path: kp, Err: ErrMissing}}
		}
		out[i] = k
	}
	return out, nil
}

// comparison decodes the comparison the object at path holds.
func (o jsonObject) comparison(path string) (Cond, error) {
	var field, op string
	if json.Unmarshal(o["field"], &field) != nil || json.Unmarshal(o["op"], &op) != nil {
		return Cond{}, Problems{{Path: path, Err: ErrMalformed}}
	}
	var raws []json.RawMessage
	_, single := o["value"]
	if single {
		raws = []json.RawMessage{o["value"]}
	} else if err := json.Unmarshal(o["values"], &raws); err != nil {
		return Cond{}, Problems{{Path: path + "/values", Name: field, Err: ErrMalformed}}
	}
	lits := make([]literal, len(raws))
	for i, r := range raws {
		l, ok := decodeLiteral(r)
		if !ok {
			vp := path + "/value"
			if !single {
				vp = path + "/values/" + itoa(i)
			}
			return Cond{}, Problems{{Path: vp, Name: field, Err: ErrMalformed}}
		}
		lits[i] = l
	}
	return Cond{&node{kind: kCmp, field: field, op: op, vals: lits}}, nil
}

func decodeLiteral(r json.RawMessage) (literal, bool) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return literal{}, false
	}
	switch c := r[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(r, &s) != nil {
			return literal{}, false
		}
		return literal{litString, s}, true
	case c == 't' || c == 'f':
		var v bool
		if json.Unmarshal(r, &v) != nil {
			return literal{}, false
		}
		return literal{litBool, string(r)}, true
	case c == '-' || c >= '0' && c <= '9':
		var num json.Number
		if json.Unmarshal(r, &num) != nil {
			return literal{}, false
		}
		return literal{litNumber, num.String()}, true
	}
	return literal{}, false
}
