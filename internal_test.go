package vipcare

import (
	"testing"

	"github.com/vipcare/vipcare/internal/num"
)

// The channel switch and the list agree, and so do the amount scales the
// module writes twice for speed and for the docs.
func TestInternalTablesAgree(t *testing.T) {
	for i, c := range Channels() {
		if c.index() != i {
			t.Errorf("%q: index %d, position %d", c, c.index(), i)
		}
	}
	if AmountScale != num.AmountScale {
		t.Errorf("AmountScale %d, num.AmountScale %d", AmountScale, num.AmountScale)
	}
}
