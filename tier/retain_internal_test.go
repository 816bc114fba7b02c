package tier

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
)

// retainFrom, in integers, agrees with the decimal reference: from x share
// rounded up to the amount's precision.
func TestRetainFromAgreesWithDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	cases := [][2]int64{{0, 0}, {0, shareOne}, {1, 1}, {int64(vipcare.MaxAmount), shareOne}, {int64(vipcare.MaxAmount), 1},
		{500_000_000, 900_000_000_000_000_000}, {500_000_001, 900_000_000_000_000_000}}
	for range 10_000 {
		cases = append(cases, [2]int64{r.Int64N(int64(vipcare.MaxAmount) + 1), r.Int64N(shareOne + 1)})
	}
	for _, c := range cases {
		from, share := vipcare.Amount(c[0]), c[1]
		want := decimal.New(c[0], -vipcare.AmountScale).Mul(decimal.New(share, -18)).RoundCeil(vipcare.AmountScale)
		got := decimal.New(int64(retainFrom(from, share)), -vipcare.AmountScale)
		if !got.Equal(want) {
			t.Fatalf("retainFrom(%d, %d) = %s, want %s", c[0], share, got, want)
		}
	}
}
