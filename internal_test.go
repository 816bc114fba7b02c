package vipcare

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/vipcare/vipcare/internal/num"
	"github.com/vipcare/vipcare/policy"
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

// builtinSlot agrees with a plain comparison of names on every built-in
// name and on every name one edit away from one: each byte changed to
// every other byte, a byte dropped or added, and case changed.
func TestBuiltinSlotNearMisses(t *testing.T) {
	naive := func(c AssetClass) int {
		for i, b := range builtinClasses() {
			if b == c {
				return i
			}
		}
		return -1
	}
	for _, c := range builtinClasses() {
		var near []string
		s := string(c)
		for i := 0; i < len(s); i++ {
			for b := 0; b < 256; b++ {
				near = append(near, s[:i]+string([]byte{byte(b)})+s[i+1:])
			}
			near = append(near, s[:i]+s[i+1:])
			near = append(near, s[:i]+"x"+s[i:])
		}
		near = append(near, s+"_", strings.ToUpper(s), s+s)
		for _, n := range near {
			if got, want := builtinSlot(AssetClass(n)), naive(AssetClass(n)); got != want {
				t.Fatalf("builtinSlot(%q) = %d, want %d", n, got, want)
			}
		}
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
	for l := range 18 { // zero bytes match an empty row but for its length
		if got := builtinSlot(AssetClass(strings.Repeat("\x00", l))); got != -1 {
			t.Errorf("builtinSlot of %d zero bytes = %d, want -1", l, got)
		}
	}
	for _, c := range []AssetClass{"", "fund", "fundz", "deposit", "Deposits", "other_assets", "real_estat", "business_equitx", "art"} {
		if got := builtinSlot(c); got != -1 {
			t.Errorf("builtinSlot(%q) = %d, want -1", c, got)
		}
	}
}

// classByHash and slotOfHash hold each built-in class in the row of its
// hash, and nothing else.
func TestClassByHash(t *testing.T) {
	if len(classByHash) != 16*16 || len(slotOfHash) != 16 {
		t.Fatalf("tables of %d and %d bytes, want 256 and 16", len(classByHash), len(slotOfHash))
	}
	want := [16]string{}
	slot := [16]byte{}
	for h := range slot {
		slot[h] = 0xff
	}
	for k, c := range builtinClasses() {
		h := (int(c[0]) + len(c)*7) & 15
		if want[h] != "" {
			t.Fatalf("%q and %q share hash %d", want[h], c, h)
		}
		want[h], slot[h] = string(c), byte(k)
	}
	for h := range want {
		row := classByHash[h*16 : h*16+16]
		w := want[h] + strings.Repeat("\x00", 15-len(want[h])) + string([]byte{byte(len(want[h]))})
		if row != w || slotOfHash[h] != slot[h] {
			t.Errorf("row %d: %q slot %d, want %q slot %d", h, row, slotOfHash[h], w, slot[h])
		}
	}
}

// convert, which takes ScaleUp's path in line when it can, gives what
// FromDecimal alone gives, value or refusal, on edge amounts (zeros with
// any exponent, negatives, the bounds, long coefficients with trailing
// zeros) and on random ones near an int64's 19 digits.
func TestConvertAgreesWithFromDecimal(t *testing.T) {
	v := Valuation{Currency: CNY}
	ds := []decimal.Decimal{
		decimal.New(0, math.MinInt32), decimal.New(0, -30), decimal.New(0, -5), decimal.New(0, 14),
		decimal.New(0, 15), decimal.New(0, math.MaxInt32), decimal.New(-1, -4), decimal.New(-1, 0),
		decimal.New(int64(MaxAmount), -4), decimal.New(int64(MaxAmount)+1, -4), decimal.New(-int64(MaxAmount), -4),
		decimal.New(math.MaxInt64, 0), decimal.New(math.MinInt64, 0), decimal.New(1, 14), decimal.New(1, 15),
		decimal.RequireFromString("1250000.500000000000000000"), decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(40), nil), -30),
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		c := rng.Int64() >> rng.IntN(64)
		if rng.IntN(2) == 0 {
			c = -c
		}
		ds = append(ds, decimal.New(c, int32(rng.IntN(30)-20)))
	}
	for _, d := range ds {
		want, ok := num.FromDecimal(d, AmountScale, int64(MaxAmount))
		got, err := v.convert(&Money{Amount: d, Currency: CNY})
		switch {
		case !ok && !errors.Is(err, policy.ErrOutOfRange):
			t.Fatalf("%s: FromDecimal refuses it, convert gives %d, %v", d, got, err)
		case ok && (err != nil || int64(got) != want):
			t.Fatalf("%s: FromDecimal gives %d, convert %d, %v", d, want, got, err)
		}
	}
}
