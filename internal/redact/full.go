package redact

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
)

// module is the import path of the module whose types redact their JSON.
const module = "github.com/vipcare/vipcare"

// Full encodes v as encoding/json does, except that a struct type of this
// module with exported fields is encoded from those fields and their tags
// even when it has a MarshalJSON of its own (which redacts): the whole
// value, identifiers and amounts included, at any depth of pointers,
// slices, arrays, maps and structs. It does so by building, for each type
// that holds such a struct, a struct type with the same exported fields
// and tags and no methods, and copying v into it. A struct of another
// module with a MarshalJSON or MarshalText of its own, a struct with an
// embedded field, a recursive type and a value behind an interface are
// encoded as they are (a value of this module among them stays redacted).
func Full(v any) ([]byte, error) {
	if v == nil {
		return json.Marshal(v)
	}
	m := mirrors{}
	rv := reflect.ValueOf(v)
	mt := m.of(rv.Type())
	if mt == nil {
		return json.Marshal(v)
	}
	return json.Marshal(m.convert(rv, mt).Interface())
}

// mirrors maps a type to its method-free mirror, or to nil when it is
// encoded as it is, for one call of Full.
type mirrors map[reflect.Type]reflect.Type

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	inProgress        = reflect.TypeFor[struct{ inProgress int }]()
)

// of returns the mirror of t, or nil when t is encoded as it is.
func (m mirrors) of(t reflect.Type) reflect.Type {
	if mt, ok := m[t]; ok {
		if mt == inProgress { // a recursive type: encoded as it is
			return nil
		}
		return mt
	}
	m[t] = inProgress
	mt := m.build(t)
	m[t] = mt
	return mt
}

func (m mirrors) build(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Pointer:
		if e := m.of(t.Elem()); e != nil {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := m.of(t.Elem()); e != nil {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := m.of(t.Elem()); e != nil {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := m.of(t.Elem()); e != nil {
			return reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		return m.structOf(t)
	}
	return nil
}

func (m mirrors) structOf(t reflect.Type) reflect.Type {
	methods := t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
	ours := t.PkgPath() == module || strings.HasPrefix(t.PkgPath(), module+"/")
	if methods && !ours {
		return nil
	}
	var fields []reflect.StructField
	changed := methods
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return nil
		}
		if !f.IsExported() {
			continue
		}
		if mt := m.of(f.Type); mt != nil {
			f.Type, changed = mt, true
		}
		fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
	}
	if !changed || len(fields) == 0 {
		return nil
	}
	return reflect.StructOf(fields)
}

// convert copies v into a new value of mt, its mirror type.
func (m mirrors) convert(v reflect.Value, mt reflect.Type) reflect.Value {
	out := reflect.New(mt).Elem()
	m.copy(out, v)
	return out
}

// copy copies v into dst, a settable value of v's mirror type.
func (m mirrors) copy(dst, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(dst.Type().Elem())
			m.copy(p.Elem(), v.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		if !v.IsNil() {
			dst.Set(reflect.MakeSlice(dst.Type(), v.Len(), v.Len()))
			for i := range v.Len() {
				m.copy(dst.Index(i), v.Index(i))
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			m.copy(dst.Index(i), v.Index(i))
		}
	case reflect.Map:
		if !v.IsNil() {
			dst.Set(reflect.MakeMapWithSize(dst.Type(), v.Len()))
			for it := v.MapRange(); it.Next(); {
				dst.SetMapIndex(it.Key(), m.convert(it.Value(), dst.Type().Elem()))
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i, j := 0, 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			if f := dst.Field(j); f.Type() == t.Field(i).Type {
				f.Set(v.Field(i))
			} else {
				m.copy(f, v.Field(i))
			}
			j++
		}
	default: // a type that has no mirror: the same type
		dst.Set(v)
	}
}
