package vipcare

import (
	"testing"

	"github.com/vipcare/vipcare/internal/num"
)

// The channel switch and the list agree, and so do the amount scales the
// module writes twice for speed and for the docs.
func TestInternalTablesAgree(t *testing.T) {
	for i, c := range Channels() {
		if c.Index() != i {
			t.Errorf("%q: index %d, position %d", c, c.Index(), i)
		}
	}
	if AmountScale != num.AmountScale {
		t.Errorf("AmountScale %d, num.AmountScale %d", AmountScale, num.AmountScale)
	}
}

// builtinSlot finds every built-in class at its place in builtinClasses,
// and no other name.
func TestBuiltinSlot(t *testing.T) {
	for i, c := range builtinClasses() {
		if got := builtinSlot(c); got != i {
			t.Errorf("builtinSlot(%q) = %d, want %d", c, got, i)
		}
	}
	for _, c := range []AssetClass{"", "fund", "fundz", "deposit", "Deposits", "other_assets", "real_estat", "business_equitx", "art"} {
		if got := builtinSlot(c); got != -1 {
			t.Errorf("builtinSlot(%q) = %d, want -1", c, got)
		}
	}
}
