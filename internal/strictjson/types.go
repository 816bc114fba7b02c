package strictjson

import (
	"cmp"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// planKind is how a Go type is decoded.
type planKind uint8

const (
	pInvalid     planKind = iota // no JSON form: chan, func, complex, an interface with methods, a map with other keys
	pUnmarshaler                 // json.Unmarshaler: its own UnmarshalJSON
	pText                        // encoding.TextUnmarshaler: a string for its UnmarshalText
	pDecimal                     // decimal.Decimal: a string or a number, exact
	pPointer
	pInterface // the empty interface: any JSON value
	pStruct
	pMap
	pSlice
	pBytes // a slice of bytes: base64 text, or an array of numbers
	pArray
	pString
	pNumber // json.Number
	pBool
	pInt
	pUint
	pFloat
)

// keyKind is how a map's keys are decoded.
type keyKind uint8

const (
	kString keyKind = iota + 1
	kInt
	kUint
	kText // encoding.TextUnmarshaler
	kJSON // json.Unmarshaler given the quoted key, as encoding/json does
)

// plan is how to decode one Go type, worked out once a decode.
type plan struct {
	t    reflect.Type
	kind planKind
	key  keyKind // pMap
	want string  // what JSON the type takes, in words: "a string"

	// pStruct
	fields []field
	byName map[string]int // for a struct of many fields
	names  []string       // the keys, in declaration order, for choices, made on first use
}

// field is a struct field as encoding/json sees it.
type field struct {
	name   string
	index  []int // from the struct, through embedded structs
	typ    reflect.Type
	quoted bool // the ",string" option
	tagged bool
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	decimalType         = reflect.TypeFor[decimal.Decimal]()
	numberType          = reflect.TypeFor[json.Number]()
	timeType            = reflect.TypeFor[time.Time]()
)

// planOf returns the plan of t, working it out on first use.
func (d *decoder) planOf(t reflect.Type) *plan {
	if p, ok := d.plans[t]; ok {
		return p
	}
	p := &plan{t: t}
	d.plans[t] = p // before fields, for recursive types
	pt := reflect.PointerTo(t)
	switch {
	case t == decimalType:
		p.kind, p.want = pDecimal, "a decimal string or number"
	case t.Kind() != reflect.Pointer && pt.Implements(unmarshalerType):
		p.kind, p.want = pUnmarshaler, "a valid "+t.String()
		if t == timeType {
			p.want = `an RFC 3339 date-time such as "2026-01-31T00:00:00Z"`
		}
	case t.Kind() != reflect.Pointer && pt.Implements(textUnmarshalerType):
		p.kind, p.want = pText, "a string"
	default:
		switch t.Kind() {
		case reflect.Pointer:
			p.kind = pPointer
			p.want = d.planOf(t.Elem()).want
		case reflect.Interface:
			if t.NumMethod() == 0 {
				p.kind, p.want = pInterface, "any value"
			} else {
				p.want = t.String() + " is an interface with methods, which JSON cannot fill"
			}
		case reflect.Struct:
			p.kind, p.want = pStruct, "an object"
			p.structFields()
		case reflect.Map:
			p.kind, p.want = pMap, "an object"
			if p.key = keyOf(t.Key()); p.key == 0 {
				p.kind, p.want = pInvalid, t.String()+" has keys that JSON cannot spell"
			}
		case reflect.Slice:
			p.kind, p.want = pSlice, "an array"
			if t.Elem().Kind() == reflect.Uint8 {
				p.kind, p.want = pBytes, "a base64 string or an array"
			}
		case reflect.Array:
			p.kind, p.want = pArray, "an array"
		case reflect.String:
			p.kind, p.want = pString, "a string"
			if t == numberType {
				p.kind, p.want = pNumber, "a number"
			}
		case reflect.Bool:
			p.kind, p.want = pBool, "true or false"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			p.kind, p.want = pInt, "an integer"
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			p.kind, p.want = pUint, "a non-negative integer"
		case reflect.Float32, reflect.Float64:
			p.kind, p.want = pFloat, "a number"
		default:
			p.want = t.String() + " has no JSON form"
		}
	}
	return p
}

// keyOf returns how map keys of type t decode, as encoding/json decodes
// them, or 0 when they cannot.
func keyOf(t reflect.Type) keyKind {
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(unmarshalerType) && pt.Implements(textUnmarshalerType):
		return kJSON
	case pt.Implements(textUnmarshalerType):
		return kText
	}
	switch t.Kind() {
	case reflect.String:
		return kString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kUint
	}
	return 0
}

// structFields works out p's fields as encoding/json does (typeFields in
// its encode.go): fields of embedded structs are promoted; of fields with
// one name the shallowest wins, a tagged one before an untagged one at the
// same depth, and two at the same depth both tagged or both untagged
// hide each other.
func (p *plan) structFields() {
	if !p.flatFields() {
		p.embeddedFields()
	}
	if len(p.fields) > manyFields {
		p.byName = make(map[string]int, len(p.fields))
		for i, f := range p.fields {
			p.byName[f.name] = i
		}
	}
}

// manyFields is the most fields a struct's keys are looked up among one
// by one; a map is quicker beyond, and slower to make.
const manyFields = 24

// lookup returns the index of the field named key, or -1.
func (p *plan) lookup(key []byte) int {
	if p.byName != nil {
		if i, ok := p.byName[string(key)]; ok {
			return i
		}
		return -1
	}
	for i := range p.fields {
		if p.fields[i].name == string(key) {
			return i
		}
	}
	return -1
}

// keys returns the struct's keys in the order of its fields, the choices
// for an unknown key.
func (p *plan) keys() []string {
	if p.names == nil {
		p.names = make([]string, len(p.fields))
		for i, f := range p.fields {
			p.names[i] = f.name
		}
	}
	return p.names
}

// flatFields works out the fields of a struct that embeds none, each with
// its own name, the common case, without sorting; it reports false, doing
// nothing, for any other struct.
func (p *plan) flatFields() bool {
	n := p.t.NumField()
	for i := 0; i < n; i++ {
		if p.t.Field(i).Anonymous {
			return false
		}
	}
	fields := make([]field, 0, n)
	index := make([]int, n)
	for i := 0; i < n; i++ {
		sf := p.t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := field{name: name, typ: sf.Type, tagged: true, quoted: hasOption(opts, "string") && quotable(sf.Type)}
		if !validTag(name) {
			f.name, f.tagged = sf.Name, false
		}
		for _, g := range fields {
			if g.name == f.name {
				return false // names that hide each other: the general rules
			}
		}
		index[i] = i
		f.index = index[i : i+1 : i+1]
		fields = append(fields, f)
	}
	p.fields = fields
	return true
}

// quotable reports whether a field of type t may have the ",string"
// option: a bool, number or string, or a pointer to one.
func quotable(t reflect.Type) bool {
	if t.Name() == "" && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// embeddedFields works out the fields of any struct.
func (p *plan) embeddedFields() {
	type level struct {
		typ   reflect.Type
		index []int
	}
	var fields []field
	next := []level{{typ: p.t}}
	visited := map[reflect.Type]bool{}
	// count is how often each struct of the level was embedded at the
	// level above; nextCount the same for the level below.
	var count, nextCount map[reflect.Type]int
	for len(next) > 0 {
		current := next
		next = nil
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, l := range current {
			if visited[l.typ] {
				continue
			}
			visited[l.typ] = true
			for i := 0; i < l.typ.NumField(); i++ {
				sf := l.typ.Field(i)
				if sf.Anonymous {
					t := sf.Type
					if t.Kind() == reflect.Pointer {
						t = t.Elem()
					}
					if !sf.IsExported() && t.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTag(name) {
					name = ""
				}
				index := append(slices.Clip(l.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					f := field{name: name, index: index, typ: sf.Type, tagged: name != ""}
					if name == "" {
						f.name = sf.Name
					}
					f.quoted = hasOption(opts, "string") && quotable(sf.Type)
					fields = append(fields, f)
					if count[l.typ] > 1 {
						// the same struct embedded twice at one level:
						// a second copy, so that its fields hide each other
						fields = append(fields, f)
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, level{typ: ft, index: index})
				}
			}
		}
	}
	slices.SortFunc(fields, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		if j-i == 1 || len(fields[i].index) != len(fields[i+1].index) || fields[i].tagged != fields[i+1].tagged {
			out = append(out, fields[i])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	p.fields = out
}

// fold returns the index of the field whose name equals key when case is
// ignored, or -1.
func (p *plan) fold(key []byte) int {
	for i, f := range p.fields {
		if strings.EqualFold(f.name, string(key)) {
			return i
		}
	}
	return -1
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// validTag reports whether s is a json tag name encoding/json takes.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			goto slow
		}
	}
	return true
slow:
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
