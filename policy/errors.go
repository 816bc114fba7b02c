package policy

import (
	"errors"
	"strconv"
)

// Sentinel errors for branching with errors.Is. Construction wraps them in
// an [*Error] that says where the problem is.
var (
	// ErrUnknownField: a condition names a field the schema does not have.
	ErrUnknownField = errors.New("unknown field")
	// ErrTypeMismatch: an operator or threshold does not fit the field's
	// kind (">" on a bool, a string threshold on an int field), or a custom
	// predicate was written for another subject type.
	ErrTypeMismatch = errors.New("type mismatch")
	// ErrThreshold: a threshold is malformed: not a decimal or date, more
	// decimal places than the field holds, out of range, or not one of an
	// enum's values.
	ErrThreshold = errors.New("malformed threshold")
	// ErrOperator: an operator is unknown, or has the wrong number of values.
	ErrOperator = errors.New("unknown operator or wrong number of values")
	// ErrEmpty: All, Any or a table has nothing in it, Not has no operand,
	// or a required part is missing.
	ErrEmpty = errors.New("empty")
	// ErrAtLeast: AtLeast's count is below 1 or above its number of operands.
	ErrAtLeast = errors.New("at-least count out of range")
	// ErrTooDeep: conditions are nested deeper than MaxDepth.
	ErrTooDeep = errors.New("nested deeper than policy.MaxDepth")
	// ErrName: a field name is malformed.
	ErrName = errors.New("malformed name")
	// ErrDuplicate: a field, enum value or row name is repeated.
	ErrDuplicate = errors.New("duplicate name")
	// ErrScale: a decimal field's scale is outside 0 to 18.
	ErrScale = errors.New("decimal scale out of range")
	// ErrNoDataForm: a condition holds a custom predicate written in Go,
	// which has no JSON form. Marshalling says so instead of losing it.
	ErrNoDataForm = errors.New("custom predicate has no data form")
	// ErrSyntax: the JSON form of a condition is malformed.
	ErrSyntax = errors.New("malformed condition")
	// ErrHitPolicy: a hit policy is unknown, or a method does not apply to
	// the table's hit policy.
	ErrHitPolicy = errors.New("hit policy")
	// ErrOverlap: more than one row of a Unique table matched.
	ErrOverlap = errors.New("rows overlap in a unique table")
)

// Error reports a problem with a policy: where it is (Path, such as
// "all[1].not" or "rows[3].when"), the name involved (a field, predicate or
// row name), and the sentinel error. Policies are the bank's configuration,
// not client data, so names are quoted; subject values never appear.
type Error struct {
	Path string
	Name string
	Err  error
}

// Error returns `policy: <path>: "<name>": <problem>`.
func (e *Error) Error() string {
	s := "policy: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	if e.Name != "" {
		s += strconv.Quote(e.Name) + ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// OverlapError reports that two rows of a [Unique] table matched the same
// subject. It matches [ErrOverlap] with errors.Is.
type OverlapError struct {
	// First and Second are the indexes of the first two matching rows;
	// FirstName and SecondName their names.
	First, Second         int
	FirstName, SecondName string
}

// Error names the two rows.
func (e *OverlapError) Error() string {
	return "policy: rows " + rowLabel(e.First, e.FirstName) + " and " + rowLabel(e.Second, e.SecondName) +
		" both matched: " + ErrOverlap.Error()
}

// Is reports whether target is ErrOverlap.
func (e *OverlapError) Is(target error) bool { return target == ErrOverlap }

func rowLabel(i int, name string) string {
	if name != "" {
		return strconv.Quote(name)
	}
	return "rows[" + itoa(i) + "]"
}

func itoa(i int) string     { return strconv.Itoa(i) }
func itoa64(i int64) string { return strconv.FormatInt(i, 10) }
