package vipcare_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

func TestValidateBaseProfile(t *testing.T) {
	p := baseProfile()
	require.NoError(t, p.Validate(testValuation(t)))
	// the zero profile with an ID is valid too: every other field is optional
	require.NoError(t, (&vipcare.Profile{ID: plantedID}).Validate(vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}))
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(p *vipcare.Profile, v *vipcare.Valuation)
		want   []problem
		// secrets are planted values that must not appear in the error text,
		// beyond the client ID, the holding IDs and plantedDigits.
		secrets []string
	}{
		// ErrAmount
		{
			name:    "amount beyond 14 integer digits",
			reason:  "amounts are below 10^14 currency units",
			edit:    func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[1].Amount = rawCNY("123456789012345") },
			want:    []problem{{"holdings[1].amount", vipcare.ErrAmount}},
			secrets: []string{"123456789012345"},
		},
		{
			name:   "amount with more than 4 decimal places",
			reason: "an Amount holds ten-thousandths; rounding would not be exact",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Amount.Amount = decimal.RequireFromString("9876543.21005")
			},
			want: []problem{{"holdings[0].amount", vipcare.ErrAmount}},
		},
		{
			name:   "amount with a huge exponent",
			reason: "rejected from the exponent alone, never expanded",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[2].Amount.Amount = decimal.New(1, 1000000)
			},
			want: []problem{{"holdings[2].amount", vipcare.ErrAmount}},
		},
		{
			name:   "liability with a huge negative exponent",
			reason: "1e-1000000 has far more than 4 decimal places",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities[0].Amount.Amount = decimal.New(1, -1000000)
			},
			want: []problem{{"liabilities[0].amount", vipcare.ErrAmount}},
		},
		{
			name:   "daily balance beyond the bound",
			reason: "every amount of the profile is bounded, not only holdings",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Balances.Daily[2].Balance = rawCNY("100000000000000")
			},
			want:    []problem{{"balances.daily[2].balance", vipcare.ErrAmount}},
			secrets: []string{"100000000000000"},
		},
		// ErrNegative
		{
			name:    "negative holding",
			reason:  "a holding's value must not be negative",
			edit:    func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[3].Amount = usd("-4455.66") },
			want:    []problem{{"holdings[3].amount", vipcare.ErrNegative}},
			secrets: []string{"4455"},
		},
		{
			name:   "negative liability and financial assets",
			reason: "debts and financial assets are not negative",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities[0].Amount = cny("-1500000")
				p.Investor.FinancialAssets = cny("-1")
			},
			want: []problem{
				{"liabilities[0].amount", vipcare.ErrNegative},
				{"investor.financial_assets", vipcare.ErrNegative},
			},
		},
		{
			name:   "negative revenue and net assets are fine",
			reason: "revenue contribution and net financial assets may be negative",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Revenue12M = cny("-2000")
				p.Investor.NetFinancialAssets = cny("-300000")
			},
		},
		// ErrCurrency
		{
			name:   "malformed currency code",
			reason: "codes are three upper-case letters",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Amount.Currency = "cny"
				p.Holdings[2].Amount.Currency = "US"
				p.Revenue12M.Currency = ""
			},
			want: []problem{
				{"holdings[0].amount", vipcare.ErrCurrency},
				{"holdings[2].amount", vipcare.ErrCurrency},
				{"revenue_12m", vipcare.ErrCurrency},
			},
		},
		{
			name:   "malformed reporting currency reported once",
			reason: "the valuation is at fault, not each amount",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency, v.Rates = "RMB!", nil },
			want:   []problem{{"valuation.currency", vipcare.ErrCurrency}},
		},
		{
			name:   "rates into another currency",
			reason: "the rate table must convert into the reporting currency",
			edit: func(_ *vipcare.Profile, v *vipcare.Valuation) {
				r, err := vipcare.NewRates(vipcare.HKD, map[vipcare.Currency]decimal.Decimal{vipcare.CNY: decimal.RequireFromString("1.09")})
				if err != nil {
					panic(err)
				}
				v.Rates = r
			},
			want: []problem{{"valuation.rates", vipcare.ErrCurrency}, {"holdings[3].amount", vipcare.ErrNoRate}},
		},
		// ErrNoRate
		{
			name:   "USD holding with CNY reporting and no rates",
			reason: "amounts are never summed across currencies silently",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Rates = nil },
			want:   []problem{{"holdings[3].amount", vipcare.ErrNoRate}},
		},
		{
			name:   "currency missing from the rate table",
			reason: "a table without EUR cannot convert EUR",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Investor.AverageIncome3Y = vipcare.MustMoney("150000", vipcare.EUR)
			},
			want: []problem{{"investor.average_income_3y", vipcare.ErrNoRate}},
		},
		// ErrDuplicate
		{
			name:   "duplicate holding IDs",
			reason: "holding IDs are unique; the message names both fields, not the ID",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[5].ID = p.Holdings[1].ID },
			want:   []problem{{"holdings[5].id", vipcare.ErrDuplicate}},
		},
		{
			name:   "duplicate liability and corporate IDs",
			reason: "liability and corporate IDs are unique within their lists",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities = append(p.Liabilities, p.Liabilities[0])
				p.Corporates = append(p.Corporates, p.Corporates[0])
			},
			want: []problem{{"liabilities[1].id", vipcare.ErrDuplicate}, {"corporates[1].id", vipcare.ErrDuplicate}},
		},
		{
			name:   "same ID in different lists is fine",
			reason: "uniqueness is per list",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Liabilities[0].ID = p.Holdings[0].ID },
		},
		// ErrFutureDate
		{
			name:   "since after as-of",
			reason: "the relationship cannot start in the future",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Since = day(2025, 7, 1) },
			want:   []problem{{"since", vipcare.ErrFutureDate}},
		},
		{
			name:   "risk assessed after as-of",
			reason: "an assessment is a past fact",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.RiskAssessed = asOf.AddDate(0, 0, 1) },
			want:   []problem{{"risk_assessed", vipcare.ErrFutureDate}},
		},
		{
			name:   "past event after as-of",
			reason: "a large inflow records what happened",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Events[1].Date = day(2025, 7, 2) },
			want:   []problem{{"events[1].date", vipcare.ErrFutureDate}},
		},
		{
			name:   "later on the as-of day is not the future",
			reason: "dates compare as calendar dates in the as-of location",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.RiskAssessed = time.Date(2025, 6, 30, 23, 59, 0, 0, cst)
				p.Since = time.Date(2025, 6, 30, 15, 59, 0, 0, time.UTC) // 23:59 in CST
			},
		},
		{
			name:   "a date after as-of only in the as-of location",
			reason: "2025-06-30 16:30 UTC is 2025-07-01 in CST",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.RiskAssessed = time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC)
			},
			want: []problem{{"risk_assessed", vipcare.ErrFutureDate}},
		},
		{
			name:   "scheduled maturity in the future is fine",
			reason: "maturities, birthdays and expiries are scheduled",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events = append(p.Events,
					vipcare.Event{Kind: vipcare.EventMaturity, Date: day(2026, 1, 5)},
					vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: day(2027, 1, 5)})
			},
		},
		// ErrOutOfRange
		{
			name:   "risk level 6",
			reason: "risk levels are C1 to C5",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Risk = 6 },
			want:   []problem{{"risk", vipcare.ErrOutOfRange}},
		},
		{
			name:   "bad channels",
			reason: "channels are 1 to 9; the preferred one must be allowed",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Contact.Channels = []vipcare.Channel{vipcare.ChannelBranch, 0, 42}
			},
			want: []problem{
				{"contact.channels[1]", vipcare.ErrOutOfRange},
				{"contact.channels[2]", vipcare.ErrOutOfRange},
				{"contact.preferred", vipcare.ErrOutOfRange},
			},
		},
		{
			name:   "preferred channel out of range",
			reason: "even with any channel allowed",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Contact.Channels, p.Contact.Preferred = nil, 10
			},
			want: []problem{{"contact.preferred", vipcare.ErrOutOfRange}},
		},
		{
			name:   "ownership above 1",
			reason: "ownership is a fraction",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = decimal.RequireFromString("1.0001")
			},
			want: []problem{{"corporates[0].ownership", vipcare.ErrOutOfRange}},
		},
		{
			name:   "negative ownership and unknown role",
			reason: "ownership is 0 to 1; roles are 1 to 5",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = decimal.RequireFromString("-0.1")
				p.Corporates[0].Role = 9
			},
			want: []problem{
				{"corporates[0].role", vipcare.ErrOutOfRange},
				{"corporates[0].ownership", vipcare.ErrOutOfRange},
			},
		},
		{
			name:   "ownership 0 and 1 are fine",
			reason: "both bounds are included, whatever the exponent",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates = append(p.Corporates,
					vipcare.CorporateLink{ID: "C2", Ownership: decimal.RequireFromString("1.000")},
					vipcare.CorporateLink{ID: "C3", Ownership: decimal.New(0, 40)},
					vipcare.CorporateLink{ID: "C4", Ownership: decimal.New(1, 0)},
					vipcare.CorporateLink{ID: "C5", Ownership: decimal.New(1, -1000000)})
			},
		},
		{
			name:   "ownership with a huge exponent",
			reason: "decided from the exponent, never expanded",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = decimal.New(1, 1000000) // MaxInt32: see TestValidateHugeExponentsAreFast
			},
			want: []problem{{"corporates[0].ownership", vipcare.ErrOutOfRange}},
		},
		{
			name:   "event kind and experience out of range",
			reason: "event kinds are 1 to 7; experience 0 to 100 years",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events[1].Kind = 0
				p.Investor.ExperienceYears = -1
			},
			want: []problem{
				{"investor.experience_years", vipcare.ErrOutOfRange},
				{"events[1].kind", vipcare.ErrOutOfRange},
			},
		},
		// ErrOverflow
		{
			name:   "holdings whose total overflows",
			reason: "Validate returns nil only when Figures can compute every total exactly",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := range p.Holdings {
					p.Holdings[i].Amount = cny("99999999999999.9999")
				}
				p.Holdings = append(p.Holdings, // 10 x (10^18-1) ten-thousandths overflow an int64
					vipcare.Holding{ID: "H-X", Class: vipcare.Deposits, Amount: cny("99999999999999.9999")},
					vipcare.Holding{ID: "H-Y", Class: vipcare.RealEstate, Amount: cny("99999999999999.9999"), OffBank: true})
			},
			want: []problem{{"holdings", vipcare.ErrOverflow}},
		},
		{
			name:   "liabilities whose total overflows",
			reason: "the total of debts is computed exactly too",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := 0; i < 10; i++ {
					p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: fmt.Sprint("L", i),
						Amount: cny("99999999999999.9999")})
				}
			},
			want: []problem{{"liabilities", vipcare.ErrOverflow}},
		},
		{
			name:   "nine maximal holdings do not overflow",
			reason: "9 x (10^18-1) ten-thousandths fit an int64",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = p.Holdings[:0]
				p.Events = nil // they refer to the replaced holdings
				for i := 0; i < 9; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: fmt.Sprint("H", i),
						Class: vipcare.Deposits, Amount: cny("99999999999999.9999")})
				}
			},
		},
		// ErrMissing
		{
			name:   "empty client ID",
			reason: "a profile needs an ID",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.ID = "" },
			want:   []problem{{"id", vipcare.ErrMissing}},
		},
		{
			name:   "empty holding ID, missing dates",
			reason: "holding IDs, balance dates and event dates are required",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[4].ID = ""
				p.Balances.Daily[0].Date = time.Time{}
				p.Events[0].Date = time.Time{}
			},
			want: []problem{
				{"holdings[4].id", vipcare.ErrMissing},
				{"balances.daily[0].date", vipcare.ErrMissing},
				{"events[0].date", vipcare.ErrMissing},
			},
		},
		{
			name:   "no as-of date",
			reason: "the valuation must say when",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.AsOf = time.Time{} },
			want:   []problem{{"valuation.as_of", vipcare.ErrMissing}},
		},
		// ErrAssetClass
		{
			name:   "malformed asset class names",
			reason: "lower-case letters, digits and underscores, starting with a letter",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Class = "Real Estate"
				p.Holdings[1].Class = ""
				p.Holdings[2].Class = "9lives"
				p.Holdings[3].Class = vipcare.AssetClass(strings.Repeat("a", 33))
			},
			want: []problem{
				{"holdings[0].class", vipcare.ErrAssetClass},
				{"holdings[1].class", vipcare.ErrAssetClass},
				{"holdings[2].class", vipcare.ErrAssetClass},
				{"holdings[3].class", vipcare.ErrAssetClass},
			},
		},
		{
			name:   "more than MaxClasses distinct classes",
			reason: "per-class totals are bounded so that figures need no allocation",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = manyClasses(vipcare.MaxClasses + 1)
				p.Events = nil // they refer to the replaced holdings
			},
			want: []problem{{"holdings", vipcare.ErrAssetClass}},
		},
		{
			name:   "exactly MaxClasses distinct classes is fine",
			reason: "the bound is inclusive",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = manyClasses(vipcare.MaxClasses)
				p.Events = nil // they refer to the replaced holdings
			},
		},
		// ErrReference
		{
			name:   "event refers to an unknown holding",
			reason: "a maturity must be of a holding the client has",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events[0].Holding = "NO-SUCH-HOLDING"
			},
			want: []problem{{"events[0].holding", vipcare.ErrReference}},
		},
		// ErrOrder
		{
			name:   "daily balances not ascending",
			reason: "daily balances are in strictly ascending date order",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				d := p.Balances.Daily
				d[0].Date, d[1].Date = d[1].Date, d[0].Date
			},
			want: []problem{{"balances.daily[1].date", vipcare.ErrOrder}},
		},
		{
			name:   "two balances on one calendar date",
			reason: "strictly ascending: the same date twice is out of order",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Balances.Daily[2].Date = p.Balances.Daily[1].Date.Add(9 * time.Hour)
			},
			want: []problem{{"balances.daily[2].date", vipcare.ErrOrder}},
		},
		{
			name:   "average period ends before it starts",
			reason: "an average runs from From to To",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				a := &p.Balances.Averages[0]
				a.From, a.To = a.To, a.From
			},
			want: []problem{{"balances.averages[0].to", vipcare.ErrOrder}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProfile()
			v := testValuation(t)
			tt.edit(&p, &v)
			before := cloneProfile(p)
			disclosed := p.Disclose()

			start := time.Now()
			err := p.Validate(v)
			elapsed := time.Since(start)

			assert.Less(t, elapsed, time.Second, "Validate must return quickly")
			assert.Equal(t, before, p, "Validate changed the profile")
			assert.Equal(t, disclosed, p.Disclose(), "Validate changed the profile")
			assert.Equal(t, err, p.Validate(v), "same answer twice")

			if len(tt.want) == 0 {
				require.NoError(t, err, tt.reason)
				return
			}
			require.Error(t, err, tt.reason)
			assert.Equal(t, tt.want, problems(t, err), tt.reason)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w.err)
			}
			var fe *vipcare.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.want[0].field, fe.Field, "errors.As finds the first problem")
			assert.ErrorIs(t, fe, tt.want[0].err)

			msg := err.Error()
			for _, w := range tt.want {
				assert.Contains(t, msg, "vipcare: "+w.field+": ")
			}
			secrets := append([]string{plantedID, plantedDigits}, holdingIDs...)
			secrets = append(secrets, p.Liabilities[0].ID, p.Corporates[0].ID)
			for _, s := range append(secrets, tt.secrets...) {
				assert.NotContains(t, msg, s, "the error text leaks a planted value")
			}
		})
	}
}

// manyClasses returns n holdings, each in a distinct valid asset class.
func manyClasses(n int) []vipcare.Holding {
	hs := make([]vipcare.Holding, n)
	for i := range hs {
		hs[i] = vipcare.Holding{
			ID:     fmt.Sprintf("H%d", i),
			Class:  vipcare.AssetClass(fmt.Sprintf("class_%d", i)),
			Amount: cny("1000"),
		}
	}
	return hs
}

func TestValidateDuplicateMessage(t *testing.T) {
	p := baseProfile()
	p.Holdings[5].ID = p.Holdings[1].ID
	err := p.Validate(testValuation(t))
	require.Error(t, err)
	assert.Equal(t, "vipcare: holdings[5].id: duplicate of holdings[1].id", err.Error())
	assert.NotContains(t, err.Error(), holdingIDs[1])
}

func TestValidateHugeExponentsAreFast(t *testing.T) {
	// Expanding any of these would take seconds (1e6) or forever (MaxInt32).
	for _, d := range []decimal.Decimal{
		decimal.New(1, 1000000), decimal.New(-7, 1000000), decimal.New(1, -1000000),
		decimal.New(1, math.MaxInt32), decimal.New(1, math.MinInt32),
	} {
		p := baseProfile()
		for i := range p.Holdings {
			p.Holdings[i].Amount.Amount = d
		}
		p.Liabilities[0].Amount.Amount = d
		p.Revenue12M.Amount = d
		p.Investor.FinancialAssets.Amount = d
		p.Balances.Daily[0].Balance.Amount = d
		p.Events[0].Amount.Amount = d
		p.Corporates[0].Ownership = d

		start := time.Now()
		err := p.Validate(testValuation(t))
		assert.Less(t, time.Since(start), time.Second, "exponent %d", d.Exponent())
		require.ErrorIs(t, err, vipcare.ErrAmount)
		n := 0
		for _, pr := range problems(t, err) {
			if pr.err == vipcare.ErrAmount {
				n++
			}
		}
		assert.Equal(t, len(p.Holdings)+5, n, "every huge amount is reported")

		start = time.Now()
		_, err = testValuation(t).Figures(&p)
		assert.Less(t, time.Since(start), time.Second)
		assert.ErrorIs(t, err, vipcare.ErrAmount)
	}
}

// TestValidateReportsEveryProblem plants many problems in one profile and
// expects every one of them in one error.
func TestValidateReportsEveryProblem(t *testing.T) {
	p := baseProfile()
	p.ID = ""                                                // 1 ErrMissing
	p.Since = day(2030, 1, 1)                                // 2 ErrFutureDate
	p.Holdings[0].Amount = rawCNY("123456789012345")         // 3 ErrAmount
	p.Holdings[1].ID = p.Holdings[0].ID                      // 4 ErrDuplicate, 15 ErrReference (events[0])
	p.Holdings[1].Amount = cny("-5")                         // 5 ErrNegative
	p.Holdings[2].Class = "Bad Class"                        // 6 ErrAssetClass
	p.Holdings[2].Amount.Currency = "usd"                    // 7 ErrCurrency
	p.Holdings[6].Amount = vipcare.MustMoney("10", "JPY")    // 8 ErrNoRate
	p.Corporates[0].Ownership = decimal.NewFromInt(2)        // 9 ErrOutOfRange
	p.Risk = 6                                               // 10 ErrOutOfRange
	p.Contact.Channels[0] = 42                               // 11 ErrOutOfRange
	p.Balances.Daily[2].Date = day(2025, 6, 1)               // 12 ErrOrder
	p.Events[1].Date = day(2025, 12, 24)                     // 13 ErrFutureDate
	p.Events[0].Date = day(2026, 12, 24)                     // scheduled: fine
	p.Liabilities[0].Amount.Amount = decimal.New(5, 1000000) // 14 ErrAmount
	before := cloneProfile(p)

	err := p.Validate(testValuation(t))
	require.Error(t, err)
	want := []problem{
		{"id", vipcare.ErrMissing},
		{"since", vipcare.ErrFutureDate},
		{"holdings[0].amount", vipcare.ErrAmount},
		{"holdings[1].id", vipcare.ErrDuplicate},
		{"holdings[1].amount", vipcare.ErrNegative},
		{"holdings[2].class", vipcare.ErrAssetClass},
		{"holdings[2].amount", vipcare.ErrCurrency},
		{"holdings[6].amount", vipcare.ErrNoRate},
		{"liabilities[0].amount", vipcare.ErrAmount},
		{"corporates[0].ownership", vipcare.ErrOutOfRange},
		{"risk", vipcare.ErrOutOfRange},
		{"contact.channels[0]", vipcare.ErrOutOfRange},
		{"balances.daily[2].date", vipcare.ErrOrder},
		{"events[0].holding", vipcare.ErrReference},
		{"events[1].date", vipcare.ErrFutureDate},
	}
	got := problems(t, err)
	assert.Len(t, got, 15)
	assert.Equal(t, want, got)
	assert.Len(t, strings.Split(err.Error(), "\n"), 15, "one line per problem")
	for _, s := range sentinels {
		if s == vipcare.ErrOverflow {
			continue
		}
		assert.ErrorIs(t, err, s)
	}
	assert.NotErrorIs(t, err, vipcare.ErrOverflow)
	assert.Equal(t, before, p)
	assert.NotContains(t, err.Error(), plantedID)
	assert.NotContains(t, err.Error(), "123456789012345")
	assert.NotContains(t, err.Error(), holdingIDs[0])
}

func TestFieldError(t *testing.T) {
	e := &vipcare.FieldError{Field: "holdings[2].amount", Err: vipcare.ErrNegative}
	assert.Equal(t, "vipcare: holdings[2].amount: negative amount", e.Error())
	assert.True(t, errors.Is(e, vipcare.ErrNegative))
	assert.False(t, errors.Is(e, vipcare.ErrAmount))
	assert.Equal(t, vipcare.ErrNegative, errors.Unwrap(e))
}
