package policy

import (
	"slices"
	"time"

	"github.com/vipcare/vipcare/internal/num"
)

// kind is the type of a field's values.
type kind uint8

const (
	kindDecimal kind = iota + 1
	kindInt
	kindBool
	kindEnum
	kindDate
)

var kindNames = [...]string{"", "decimal", "int", "bool", "enum", "date"}

// FieldSpec defines one field of a [Schema]: its name, its kind and the Go
// function that reads it from a subject. Build one with [Decimal], [Ratio],
// [Int], [Bool], [Enum] or [Date].
type FieldSpec[T any] struct {
	name    string
	doc     string
	kind    kind
	scale   int
	num     func(*T) int64 // decimal (scaled) and int
	ratio   func(*T) (part, whole int64)
	boolean func(*T) bool
	str     func(*T) string
	values  []string
	date    func(*T) time.Time
	// protected: rules may not read the field ([Schema.Protect])
	protected bool
}

// Decimal defines a field holding an exact decimal with scale decimal places
// (0 to 18). get returns the value as an integer count of 10^-scale units:
// with scale 4, 12.5 is 125000. Thresholds are decimal literals; one with
// more decimal places than scale is rejected at compile time, so
// comparisons are always exact.
func Decimal[T any](name string, scale int, get func(*T) int64) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: kindDecimal, scale: scale, num: get}
}

// Ratio defines a decimal field with scale decimal places (0 to 18) whose
// value is the quotient of two numbers get returns, such as a class's
// share of wealth: part/whole truncated toward zero to scale places, 0
// when whole is not positive, and clamped to ±2^62 units. Thresholds are
// as for [Decimal]. Rules compare the quotient exactly without working it
// out when the part is 0 or more and the whole positive, as in a share:
// the quotient is at least t (in units of 10^-scale) exactly when
// part*10^scale >= t*whole, which multiplies instead of dividing. Any
// other part or whole is compared by its quotient. [Schema.Number] and
// explanations give the quotient itself.
func Ratio[T any](name string, scale int, get func(*T) (part, whole int64)) FieldSpec[T] {
	f := FieldSpec[T]{name: name, kind: kindDecimal, scale: scale, ratio: get}
	if get != nil && scale >= 0 && scale <= num.MaxScale {
		unit := uint64(num.Pow10[scale])
		f.num = func(s *T) int64 {
			part, whole := get(s)
			return num.RatioIn(part, whole, unit)
		}
	}
	return f
}

// Int defines an integer field; thresholds are integers.
func Int[T any](name string, get func(*T) int64) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: kindInt, num: get}
}

// Bool defines a boolean field; only == and != apply.
func Bool[T any](name string, get func(*T) bool) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: kindBool, boolean: get}
}

// Enum defines a field whose value is one of values, in ascending order:
// the order <, <=, > and >= use. get returns the subject's value; a value
// outside the list never satisfies an ordering comparison. values is
// copied.
func Enum[T any](name string, values []string, get func(*T) string) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: kindEnum, values: slices.Clone(values), str: get}
}

// Date defines a calendar-date field; thresholds are "YYYY-MM-DD". get
// returns a time whose date, in its own location, is the value; the zero
// time means unknown, and an unknown date satisfies no comparison.
func Date[T any](name string, get func(*T) time.Time) FieldSpec[T] {
	return FieldSpec[T]{name: name, kind: kindDate, date: get}
}

// WithDoc returns a copy of f with a one-line description, shown by
// [Schema.Fields] to people writing policies.
func (f FieldSpec[T]) WithDoc(doc string) FieldSpec[T] {
	f.doc = doc
	return f
}

// FieldInfo describes a field of a schema, for people and tools writing
// policies.
type FieldInfo struct {
	Name string
	// Kind is "decimal", "int", "bool", "enum" or "date".
	Kind string
	Doc  string
	// Scale is the number of decimal places of a decimal field.
	Scale int
	// Values are the allowed values of an enum field, in order.
	Values []string
	// Protected reports whether rules compiled against the schema may not
	// read the field ([Schema.Protect]).
	Protected bool
}

// Schema maps field names to the functions that read them from a subject of
// type T. Conditions refer to fields by name; [Compile] resolves the names
// against a schema once, so evaluation never looks a name up. A Schema is
// immutable and safe for concurrent use.
type Schema[T any] struct {
	fields map[string]*FieldSpec[T]
	order  []string
}

// NewSchema returns a schema of the given fields. It reports every problem
// at once as [Problems] located at "/i", the field's position: a missing
// ([ErrMissing]), malformed ([ErrMalformed]) or repeated ([ErrDuplicate])
// name, a missing accessor or enum values ([ErrMissing]), a decimal scale
// outside 0 to 18 ([ErrOutOfRange]), an empty or repeated enum value
// ([ErrMissing], [ErrDuplicate]).
//
// A name is 1 to 64 bytes of lower-case ASCII letters, digits, '_' and
// '.', starting with a letter, such as "aum" or "share.real_estate", and
// not one of the words of a condition's text form ([Parse]): all, always,
// and, any, at, false, in, least, not, of, or, true.
func NewSchema[T any](fields ...FieldSpec[T]) (*Schema[T], error) {
	return (&Schema[T]{}).With(fields...)
}

// With returns a new schema with s's fields followed by fields, reporting
// problems as [NewSchema] does. s is not changed. It is how a bank adds its
// own fields to a schema it is given.
func (s *Schema[T]) With(fields ...FieldSpec[T]) (*Schema[T], error) {
	n := &Schema[T]{
		fields: make(map[string]*FieldSpec[T], len(s.order)+len(fields)),
		order:  slices.Clone(s.order),
	}
	for k, v := range s.fields {
		n.fields[k] = v
	}
	var ps Problems
	for i := range fields {
		f := fields[i] // copy: the schema owns its specs
		bad := func(err error) { ps = append(ps, Problem{Path: "/" + itoa(i), Name: f.name, Err: err}) }
		_, dup := n.fields[f.name]
		switch {
		case f.name == "":
			bad(ErrMissing)
		case !validName(f.name):
			bad(ErrMalformed)
		case dup:
			bad(ErrDuplicate)
		}
		if err := f.check(); err != nil && (f.name != "" || f.kind != 0) { // the zero FieldSpec: missing once
			bad(err)
		}
		if !dup && validName(f.name) {
			n.fields[f.name] = &f
			n.order = append(n.order, f.name)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// Protect returns a new schema with s's fields, in which rules may not read
// the fields named names: [Compile] refuses a comparison of one with
// [ErrProtected] at its "/field", and [Schema.Number] does not give it. It
// is how a bank keeps its policies from treating clients differently by
// a personal attribute (age, gender, ethnicity, region, anything derived
// from an identifier) unless a justified use is allowed with
// [Schema.Allow]. A field read through [Project] stays protected. A name
// that is no field of s is [ErrUnknown] at "/i", its position, with the
// fields as choices. s is not changed.
func (s *Schema[T]) Protect(names ...string) (*Schema[T], error) {
	return s.protect(true, names)
}

// Allow returns a new schema with s's fields, in which rules may read the
// protected fields named names: the schema a part is compiled against
// once a use of those fields has been justified, a reason recorded for
// each. It reports a name as [Schema.Protect] does; allowing a field that
// is not protected changes nothing. s is not changed.
func (s *Schema[T]) Allow(names ...string) (*Schema[T], error) {
	return s.protect(false, names)
}

// protect returns a copy of s with the fields named names protected or
// not.
func (s *Schema[T]) protect(on bool, names []string) (*Schema[T], error) {
	var ps Problems
	n := &Schema[T]{fields: make(map[string]*FieldSpec[T], len(s.fields)), order: s.order}
	for k, v := range s.fields {
		n.fields[k] = v
	}
	for i, name := range names {
		f, ok := n.fields[name]
		if !ok {
			ps = append(ps, Problem{Path: "/" + itoa(i), Name: name, Err: ErrUnknown, Choices: slices.Clone(s.order)})
			continue
		}
		if f.protected != on {
			c := *f // the schemas share their specs: change a copy
			c.protected = on
			n.fields[name] = &c
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// check returns what is wrong with f beyond its name, or nil.
func (f *FieldSpec[T]) check() error {
	switch f.kind {
	case kindDecimal, kindInt:
		if f.kind == kindDecimal && (f.scale < 0 || f.scale > num.MaxScale) {
			return ErrOutOfRange
		}
		if f.num == nil {
			return ErrMissing
		}
	case kindBool:
		if f.boolean == nil {
			return ErrMissing
		}
	case kindEnum:
		if f.str == nil || len(f.values) == 0 {
			return ErrMissing
		}
		for j, v := range f.values {
			switch {
			case v == "":
				return ErrMissing
			case slices.Contains(f.values[:j], v):
				return ErrDuplicate
			}
		}
	case kindDate:
		if f.date == nil {
			return ErrMissing
		}
	default:
		return ErrMissing // the zero FieldSpec
	}
	return nil
}

// Number returns the function that reads the decimal or int field named
// name, as an integer count of 10^-scale units for a decimal field of scale
// places (see [FieldInfo].Scale), and whether there is such a field. It is
// for parts that work on a field's value rather than compare it, such as a
// segmentation's dimension scoring a field. A protected field is not
// given ([FieldInfo].Protected tells it from one that does not exist).
func (s *Schema[T]) Number(name string) (func(*T) int64, bool) {
	f, ok := s.fields[name]
	if !ok || f.num == nil || f.protected {
		return nil, false
	}
	return f.num, true
}

// Fields returns a description of every field, in the order they were
// defined. The result is a new slice each call.
func (s *Schema[T]) Fields() []FieldInfo {
	out := make([]FieldInfo, 0, len(s.order))
	for _, name := range s.order {
		f := s.fields[name]
		out = append(out, FieldInfo{Name: f.name, Kind: kindNames[f.kind], Doc: f.doc, Scale: f.scale,
			Values: slices.Clone(f.values), Protected: f.protected})
	}
	return out
}

// validName reports whether s is a well-formed field name: 1 to 64 bytes
// of lower-case ASCII letters, digits, '_' and '.', starting with a letter,
// and not a keyword of the text form.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' || isKeyword(s) {
		return false
	}
	for i := 1; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

// format returns the subject's value of f as text, for explanations.
func (f *FieldSpec[T]) format(s *T) string {
	switch f.kind {
	case kindDecimal:
		return num.Format(f.num(s), f.scale, false)
	case kindInt:
		return itoa64(f.num(s))
	case kindBool:
		if f.boolean(s) {
			return "true"
		}
		return "false"
	case kindEnum:
		return f.str(s)
	case kindDate:
		t := f.date(s)
		if t.IsZero() {
			return "unknown"
		}
		return t.Format(time.DateOnly)
	}
	return ""
}

// Project returns the fields of s as fields of another subject type U, read
// through get: a schema over a larger subject reuses a schema over a part
// of it, with the same names, kinds, docs and protection. Append fields of
// U's own and pass them all to [NewSchema]. get must not return nil.
func Project[U, T any](s *Schema[T], get func(*U) *T) []FieldSpec[U] {
	out := make([]FieldSpec[U], 0, len(s.order))
	for _, name := range s.order {
		f := s.fields[name]
		p := FieldSpec[U]{name: f.name, doc: f.doc, kind: f.kind, scale: f.scale, values: slices.Clone(f.values),
			protected: f.protected}
		switch f.kind {
		case kindDecimal, kindInt:
			num := f.num
			p.num = func(u *U) int64 { return num(get(u)) }
			if ratio := f.ratio; ratio != nil {
				p.ratio = func(u *U) (int64, int64) { return ratio(get(u)) }
			}
		case kindBool:
			b := f.boolean
			p.boolean = func(u *U) bool { return b(get(u)) }
		case kindEnum:
			str := f.str
			p.str = func(u *U) string { return str(get(u)) }
		case kindDate:
			date := f.date
			p.date = func(u *U) time.Time { return date(get(u)) }
		}
		out = append(out, p)
	}
	return out
}
