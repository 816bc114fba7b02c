package testkit

import (
	"bytes"
	"errors"
	"testing"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// sentinels are the errors every problem of vipcare wraps, unless a
// package adds its own.
var sentinels = []error{
	policy.ErrMissing, policy.ErrMalformed, policy.ErrDuplicate, policy.ErrUnknown, policy.ErrOutOfRange,
	policy.ErrTooMany, policy.ErrOrder, policy.ErrTypeMismatch, policy.ErrNoDataForm, policy.ErrOverlap,
	policy.ErrCycle, policy.ErrStage, policy.ErrProtected, policy.ErrUnreachable,
	vipcare.ErrNegative, vipcare.ErrCurrency, vipcare.ErrNoRate, vipcare.ErrFutureDate, vipcare.ErrOverflow,
}

// CheckLocated checks that err, the error of decoding data or of using
// what was decoded, is a non-empty policy.Problems whose every problem is
// located and typed: its Path "" or a JSON pointer, its Line and Column 0
// or within data, its Err wrapping a shared sentinel of policy or vipcare
// or one of extra. It fails the test at once otherwise, and returns the
// problems. It is the check the fuzz targets make of every error.
func CheckLocated(t testing.TB, data []byte, err error, extra ...error) policy.Problems {
	t.Helper()
	var ps policy.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("%q: %T %v is not policy.Problems", data, err, err)
	}
	lines := bytes.Split(data, []byte("\n"))
	for _, p := range ps {
		if p.Path != "" && p.Path[0] != '/' {
			t.Fatalf("%q: %q is not a JSON pointer", data, p.Path)
		}
		if p.Line < 0 || p.Line > len(lines) || (p.Line == 0) != (p.Column == 0) ||
			p.Line > 0 && (p.Column < 1 || p.Column > len(lines[p.Line-1])+1) {
			t.Fatalf("%q: problem %v at line %d, column %d", data, p, p.Line, p.Column)
		}
		if !isSentinel(p.Err, extra) {
			t.Fatalf("%q: problem %v wraps no sentinel", data, p)
		}
	}
	return ps
}

func isSentinel(err error, extra []error) bool {
	for _, list := range [][]error{sentinels, extra} {
		for _, s := range list {
			if errors.Is(err, s) {
				return true
			}
		}
	}
	return false
}
