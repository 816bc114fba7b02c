package bench

import (
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare"
)

// asOf is the as-of date of every decision here, in China Standard Time
// (a fixed zone, so that no time zone database is needed).
var asOf = time.Date(2026, time.June, 30, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// valuation is the valuation every vipcare variant uses: every amount of
// the book is in CNY, so it needs no rates.
var valuation = vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}

// holdingsPerClient is the number of holdings of every client of the book.
const holdingsPerClient = 8

// classes are the built-in asset classes, from which holdings are drawn.
var classes = [...]vipcare.AssetClass{
	vipcare.Deposits, vipcare.FixedIncome, vipcare.WealthProducts, vipcare.Funds, vipcare.Equities,
	vipcare.Insurance, vipcare.RealEstate, vipcare.BusinessEquity, vipcare.OtherAssets,
}

// holdingIDs are the IDs of a client's holdings, shared by every client.
var holdingIDs = [holdingsPerClient]string{"h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"}

// thresholds are the ladder's entry thresholds above 0, in ten-thousandths
// of a yuan: gold, platinum, diamond, private banking.
var thresholds = [...]int64{50_000e4, 500_000e4, 2_000_000e4, 6_000_000e4}

// client returns client i of the synthetic book of seed: a function of
// (seed, i) alone, so that any part of a book can be generated in any
// order, in parallel. Every client has 8 holdings in CNY of random
// classes, some declared off-bank; amounts are written with 0, 2 or 4
// decimal places. One client in 16 has its AUM at the bank exactly on a
// ladder threshold or one ten-thousandth of a yuan below it, and one in 4
// keeps most of its wealth in deposits, so that the edges of the rules
// are crossed often.
func client(seed uint64, i int) vipcare.Profile {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	// the client's overall wealth level, log-uniform from 2,000 to 20 million yuan
	level := math.Exp(math.Log(2e3) + r.Float64()*math.Log(1e4))
	depositHeavy := r.IntN(4) == 0
	hs := make([]vipcare.Holding, holdingsPerClient)
	amounts := [holdingsPerClient]int64{} // ten-thousandths
	for k := range hs {
		c := classes[r.IntN(len(classes))]
		if depositHeavy && k < 6 {
			c = vipcare.Deposits
		}
		a := int64(level / 4 * r.Float64() * 1e4)
		switch r.IntN(3) { // whole yuan, fen, or ten-thousandths
		case 0:
			a -= a % 1e4
		case 1:
			a -= a % 100
		}
		amounts[k] = a
		off := (c == vipcare.RealEstate || c == vipcare.BusinessEquity) && r.IntN(2) == 0 || r.IntN(20) == 0
		hs[k] = vipcare.Holding{ID: holdingIDs[k], Class: c, OffBank: off}
	}
	if r.IntN(16) == 0 { // put the AUM on a threshold, or just below it
		hs[0].OffBank = false
		t := thresholds[r.IntN(len(thresholds))] - r.Int64N(2)
		rest := int64(0)
		for k := 1; k < holdingsPerClient; k++ {
			if !hs[k].OffBank {
				rest += amounts[k]
			}
		}
		if rest < t {
			amounts[0] = t - rest
		}
	}
	for k := range hs {
		hs[k].Amount = vipcare.Money{Amount: amountOf(amounts[k]), Currency: vipcare.CNY}
	}
	p := vipcare.Profile{
		ID:           "c" + strconv.Itoa(i),
		Since:        asOf.AddDate(0, 0, -r.IntN(20*365)),
		Holdings:     hs,
		Entrepreneur: r.IntN(10) < 3,
	}
	if r.IntN(8) == 0 { // a start recorded in UTC: its date in China may be the next day
		p.Since = p.Since.Add(time.Duration(r.IntN(24)) * time.Hour).UTC()
	}
	if n := r.IntN(10) - 7; n > 0 { // 1 or 2 links for one client in 5
		p.Corporates = make([]vipcare.CorporateLink, n)
		for k := range p.Corporates {
			p.Corporates[k] = vipcare.CorporateLink{ID: "corp" + strconv.Itoa(k), Role: vipcare.RoleShareholder}
		}
	}
	return p
}

// amountOf returns a, in ten-thousandths, as a decimal with the fewest
// decimal places that hold it exactly, as a bank's systems would store it.
func amountOf(a int64) decimal.Decimal {
	switch {
	case a%1e4 == 0:
		return decimal.New(a/1e4, 0)
	case a%100 == 0:
		return decimal.New(a/100, -2)
	}
	return decimal.New(a, -4)
}

// book returns clients 0 to n-1 of the synthetic book of seed, generated
// by workers goroutines; the result does not depend on workers.
func book(seed uint64, n, workers int) []vipcare.Profile {
	ps := make([]vipcare.Profile, n)
	workers = max(1, min(workers, n))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				ps[i] = client(seed, i)
			}
		}()
	}
	wg.Wait()
	return ps
}
