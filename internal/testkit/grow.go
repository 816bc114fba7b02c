package testkit

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/vipcare/vipcare"
)

// Inputs are the lists of a profile that [Grow] grows: those that grow with
// a client's history, for benchmarks of cost against input size.
var Inputs = []string{"holdings", "liabilities", "corporates", "balances", "averages", "events", "holdings+events", "channels"}

// Grow returns a copy of p (see [Clone]) with n more entries of input, one of
// [Inputs], that keep p valid as of asOf: holdings with unique IDs in the
// built-in classes, every other one zero and in a currency p does not
// otherwise hold (EUR, which a zero amount needs no rate for: the worst
// case for counting distinct currencies); liabilities and corporate links
// with unique IDs; n daily balances ending on asOf in place of p's; n
// monthly averages; past events of every kind, each about one of p's
// holdings; "holdings+events" grows both, so that each event is about one
// of the n holdings; n contact channels, every channel over and over. Amounts are small, so that no total overflows.
func Grow(p vipcare.Profile, input string, n int, asOf time.Time) vipcare.Profile {
	g := Clone(p)
	classes := []vipcare.AssetClass{vipcare.Deposits, vipcare.FixedIncome, vipcare.WealthProducts, vipcare.Funds,
		vipcare.Equities, vipcare.Insurance}
	switch input {
	case "holdings+events":
		return Grow(Grow(p, "holdings", n, asOf), "events", n, asOf)
	case "holdings":
		for i := range n {
			h := vipcare.Holding{ID: "G" + strconv.Itoa(i), Class: classes[i%len(classes)], Amount: CNY("1")}
			if i%2 == 0 {
				h.Amount = Money("0", "EUR")
			}
			g.Holdings = append(g.Holdings, h)
		}
	case "liabilities":
		for i := range n {
			g.Liabilities = append(g.Liabilities, vipcare.Liability{ID: "G" + strconv.Itoa(i), Amount: CNY("1")})
		}
	case "corporates":
		for i := range n {
			g.Corporates = append(g.Corporates, vipcare.CorporateLink{ID: "G" + strconv.Itoa(i), Role: vipcare.RoleDirector})
		}
	case "balances":
		g.DailyBalances = make([]vipcare.DailyBalance, n)
		for i := range n {
			g.DailyBalances[i] = vipcare.DailyBalance{Date: asOf.AddDate(0, 0, i-n+1), Balance: CNY(strconv.Itoa(1000 + i%7))}
		}
	case "averages":
		for i := range n {
			to := asOf.AddDate(0, -i, 0)
			g.AverageBalances = append(g.AverageBalances,
				vipcare.PeriodAverage{From: to.AddDate(0, -1, 1), To: to, Average: CNY("1000")})
		}
	case "events":
		kinds := []vipcare.EventKind{vipcare.EventMaturity, vipcare.EventLargeInflow, vipcare.EventLargeOutflow,
			vipcare.EventBirthday, vipcare.EventRiskAssessmentExpiry, vipcare.EventKYCExpiry, vipcare.EventBusinessSale}
		for i := range n {
			e := vipcare.Event{Kind: kinds[i%len(kinds)], Date: asOf.AddDate(0, 0, -(i % 365)), Amount: CNY("1")}
			if len(p.Holdings) > 0 {
				e.Holding = p.Holdings[i%len(p.Holdings)].ID
			}
			g.Events = append(g.Events, e)
		}
	case "channels":
		all := vipcare.Channels()
		g.Contact.Channels = slices.Clone(g.Contact.Channels)
		for i := range n {
			g.Contact.Channels = append(g.Contact.Channels, all[i%len(all)])
		}
	default:
		panic(fmt.Sprintf("testkit: no input %q to grow", input))
	}
	return g
}

// Sizes are the input sizes growth benchmarks run at, named as
// sub-benchmarks: 1k, 10k and 100k.
var Sizes = []struct {
	Name string
	N    int
}{{"1k", 1_000}, {"10k", 10_000}, {"100k", 100_000}}
