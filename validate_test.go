package vipcare_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// validateBytes bounds the memory one Validate call allocates, problems
// included: the work it does is bounded by the profile's size, whatever
// the values (a decimal with a huge exponent is never expanded).
const validateBytes = 16 << 10

func TestValidateBaseProfile(t *testing.T) {
	p := baseProfile()
	require.NoError(t, p.Validate(valuation()))
	// the zero profile with an ID is valid too: every other field is optional
	require.NoError(t, (&vipcare.Profile{ID: plantedID}).Validate(vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}))
}

func TestValidate(t *testing.T) {
	type want = testkit.Want
	tests := []struct {
		name   string
		reason string
		edit   func(p *vipcare.Profile, v *vipcare.Valuation)
		want   []want
		// secrets are planted values that must not appear in the error text,
		// beyond the client ID, the holding IDs and plantedDigits.
		secrets []string
	}{
		// text that is not UTF-8: policy.ErrMalformed
		{
			name:   "IDs, a product and a kind in GBK bytes",
			reason: "JSON would store them changed: two GBK IDs would come back the same",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.ID = "C\xb0\xa1"
				p.Holdings[0].ID, p.Holdings[2].ID = "H\xb0\xa1", "H\xb0\xa2"
				p.Holdings[2].Product = "P\xb0\xa1"
				p.Liabilities[0].Kind = "\xb0\xa1"
			},
			want: []want{{Path: "/id", Err: policy.ErrMalformed}, {Path: "/holdings/0/id", Err: policy.ErrMalformed},
				{Path: "/holdings/2/id", Err: policy.ErrMalformed}, {Path: "/holdings/2/product", Err: policy.ErrMalformed},
				{Path: "/liabilities/0/kind", Err: policy.ErrMalformed}},
		},
		// amounts out of bounds: policy.ErrOutOfRange
		{
			name:    "amount beyond 14 integer digits",
			reason:  "amounts are below 10^14 currency units",
			edit:    func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[1].Amount = rawCNY("123456789012345") },
			want:    []want{{Path: "/holdings/1/amount", Err: policy.ErrOutOfRange}},
			secrets: []string{"123456789012345"},
		},
		{
			name:   "amount with more than 4 decimal places",
			reason: "an Amount holds ten-thousandths; rounding would not be exact",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Amount.Amount = testkit.Dec("9876543.21005")
			},
			want: []want{{Path: "/holdings/0/amount", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "amount with a huge exponent",
			reason: "rejected from the exponent alone, never expanded",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[2].Amount.Amount = decimal.New(1, 1000000)
			},
			want: []want{{Path: "/holdings/2/amount", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "liability with a huge negative exponent",
			reason: "1e-1000000 has far more than 4 decimal places",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities[0].Amount.Amount = decimal.New(1, -1000000)
			},
			want: []want{{Path: "/liabilities/0/amount", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "daily balance beyond the bound",
			reason: "every amount of the profile is bounded, not only holdings",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[2].Balance = rawCNY("100000000000000")
			},
			want:    []want{{Path: "/daily_balances/2/balance", Err: policy.ErrOutOfRange}},
			secrets: []string{"100000000000000"},
		},
		// ErrNegative
		{
			name:    "negative holding",
			reason:  "a holding's value must not be negative",
			edit:    func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[3].Amount = testkit.USD("-4455.66") },
			want:    []want{{Path: "/holdings/3/amount", Err: vipcare.ErrNegative}},
			secrets: []string{"4455"},
		},
		{
			name:   "negative liability and financial assets",
			reason: "debts and financial assets are not negative",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities[0].Amount = testkit.CNY("-1500000")
				p.Investor.FinancialAssets = testkit.CNY("-1")
			},
			want: []want{
				{Path: "/liabilities/0/amount", Err: vipcare.ErrNegative},
				{Path: "/investor/financial_assets", Err: vipcare.ErrNegative},
			},
		},
		{
			name:   "negative revenue and net assets are fine",
			reason: "revenue contribution and net financial assets may be negative",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Revenue12M = testkit.CNY("-2000")
				p.Investor.NetFinancialAssets = testkit.CNY("-300000")
			},
		},
		// malformed currency codes: policy.ErrMalformed; ErrCurrency
		{
			name:   "malformed currency code",
			reason: "codes are three upper-case letters",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Amount.Currency = "cny"
				p.Holdings[2].Amount.Currency = "US"
				p.Revenue12M.Currency = ""
			},
			want: []want{
				{Path: "/holdings/0/amount/currency", Err: policy.ErrMalformed},
				{Path: "/holdings/2/amount/currency", Err: policy.ErrMalformed},
				{Path: "/revenue_12m/currency", Err: policy.ErrMalformed},
			},
		},
		{
			name:   "malformed reporting currency reported once",
			reason: "the valuation is at fault, not each amount",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Currency, v.Rates = "RMB!", nil },
			want:   []want{{Path: "/valuation/currency", Err: policy.ErrMalformed}},
		},
		{
			name:   "malformed reporting currency and a malformed holding currency",
			reason: "the holding's own malformed currency is its problem, reported beside the valuation's",
			edit: func(p *vipcare.Profile, v *vipcare.Valuation) {
				v.Currency, v.Rates = "cny", nil
				p.Holdings[0].Amount.Currency = "usd"
			},
			want: []want{{Path: "/valuation/currency", Err: policy.ErrMalformed},
				{Path: "/holdings/0/amount/currency", Err: policy.ErrMalformed}},
		},
		{
			name:   "rates into another currency",
			reason: "the rate table must convert into the reporting currency; amounts in other currencies are not converted with it, nor reported again",
			edit: func(_ *vipcare.Profile, v *vipcare.Valuation) {
				v.Rates = policy.Must(vipcare.NewRates("HKD", map[vipcare.Currency]decimal.Decimal{vipcare.CNY: testkit.Dec("1.09")}))
			},
			want: []want{
				{Path: "/valuation/rates", Err: vipcare.ErrCurrency},
			},
		},
		// ErrNoRate
		{
			name:   "USD holding with CNY reporting and no rates",
			reason: "amounts are never summed across currencies silently",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.Rates = nil },
			want:   []want{{Path: "/holdings/3/amount", Err: vipcare.ErrNoRate}},
		},
		{
			name:   "currency missing from the rate table",
			reason: "a table without EUR cannot convert EUR",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Investor.AverageIncome3Y = testkit.Money("150000", "EUR")
			},
			want: []want{{Path: "/investor/average_income_3y", Err: vipcare.ErrNoRate}},
		},
		// policy.ErrDuplicate
		{
			name:   "duplicate holding IDs",
			reason: "holding IDs are unique; the message names both paths, not the ID",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Holdings[5].ID = p.Holdings[1].ID },
			want:   []want{{Path: "/holdings/5/id", Err: policy.ErrDuplicate}},
		},
		{
			name:   "duplicate liability and corporate IDs",
			reason: "liability and corporate IDs are unique within their lists",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Liabilities = append(p.Liabilities, p.Liabilities[0])
				p.Corporates = append(p.Corporates, p.Corporates[0])
			},
			want: []want{
				{Path: "/liabilities/1/id", Err: policy.ErrDuplicate},
				{Path: "/corporates/1/id", Err: policy.ErrDuplicate},
			},
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
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Since = testkit.Day(2025, 7, 1) },
			want:   []want{{Path: "/since", Err: vipcare.ErrFutureDate}},
		},
		{
			name:   "birth and last activity after as-of",
			reason: "both are past facts",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Birth = testkit.Day(2025, 7, 1)
				p.LastActive = testkit.Day(2025, 7, 1)
			},
			want: []want{
				{Path: "/birth", Err: vipcare.ErrFutureDate},
				{Path: "/last_active", Err: vipcare.ErrFutureDate},
			},
		},
		{
			name:   "risk assessed after as-of",
			reason: "an assessment is a past fact",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.RiskAssessed = asOf.AddDate(0, 0, 1) },
			want:   []want{{Path: "/risk_assessed", Err: vipcare.ErrFutureDate}},
		},
		{
			name:   "past event after as-of",
			reason: "a large inflow records what happened",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Events[1].Date = testkit.Day(2025, 7, 2) },
			want:   []want{{Path: "/events/1/date", Err: vipcare.ErrFutureDate}},
		},
		{
			name:   "later on the as-of day is not the future",
			reason: "dates compare as calendar dates in the as-of location",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.RiskAssessed = time.Date(2025, 6, 30, 23, 59, 0, 0, testkit.CST)
				p.Since = time.Date(2025, 6, 30, 15, 59, 0, 0, time.UTC) // 23:59 in CST
			},
		},
		{
			name:   "a date after as-of only in the as-of location",
			reason: "2025-06-30 16:30 UTC is 2025-07-01 in CST",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.RiskAssessed = time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC)
			},
			want: []want{{Path: "/risk_assessed", Err: vipcare.ErrFutureDate}},
		},
		{
			name:   "scheduled maturity in the future is fine",
			reason: "maturities, birthdays and expiries are scheduled",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events = append(p.Events,
					vipcare.Event{Kind: vipcare.EventMaturity, Date: testkit.Day(2026, 1, 5)},
					vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: testkit.Day(2027, 1, 5)})
			},
		},
		// unknown names: policy.ErrUnknown (see TestValidateUnknownNames for
		// the choices); numbers out of range: policy.ErrOutOfRange
		{
			name:   "risk level C6",
			reason: "risk levels are C1 to C5",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Risk = "C6" },
			want:   []want{{Path: "/risk", Err: policy.ErrUnknown}},
		},
		{
			name:   "lowest risk group outside C1",
			reason: "the lowest risk-tolerance group is within C1",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.LowestRiskGroup = true },
			want:   []want{{Path: "/lowest_risk_group", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "lowest risk group within C1 is fine",
			reason: "C1 clients may be in the lowest group",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.Risk, p.LowestRiskGroup = vipcare.C1, true },
		},
		{
			name:   "bad channels",
			reason: "channels are the nine defined ones; the preferred one must be allowed",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Contact.Channels = []vipcare.Channel{vipcare.ChannelBranch, "", "pager"}
			},
			want: []want{
				{Path: "/contact/channels/1", Err: policy.ErrUnknown},
				{Path: "/contact/channels/2", Err: policy.ErrUnknown},
				{Path: "/contact/preferred", Err: policy.ErrOutOfRange},
			},
		},
		{
			name:   "unknown preferred channel",
			reason: "even with any channel allowed",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Contact.Channels, p.Contact.Preferred = nil, "pager"
			},
			want: []want{{Path: "/contact/preferred", Err: policy.ErrUnknown}},
		},
		{
			name:   "ownership above 1",
			reason: "ownership is a fraction",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = testkit.Dec("1.0001")
			},
			want: []want{{Path: "/corporates/0/ownership", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "negative ownership and unknown role",
			reason: "ownership is 0 to 1; roles are the five defined ones",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = testkit.Dec("-0.1")
				p.Corporates[0].Role = "chairman"
			},
			want: []want{
				{Path: "/corporates/0/role", Err: policy.ErrUnknown},
				{Path: "/corporates/0/ownership", Err: policy.ErrOutOfRange},
			},
		},
		{
			name:   "ownership 0 and 1 are fine",
			reason: "both bounds are included, whatever the exponent",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates = append(p.Corporates,
					vipcare.CorporateLink{ID: "C2", Ownership: testkit.Dec("1.000")},
					vipcare.CorporateLink{ID: "C3", Ownership: decimal.New(0, 40)},
					vipcare.CorporateLink{ID: "C4", Ownership: decimal.New(1, 0)},
					vipcare.CorporateLink{ID: "C5", Ownership: decimal.New(1, -1000000)})
			},
		},
		{
			name:   "ownership with a huge exponent",
			reason: "decided from the exponent, never expanded",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Corporates[0].Ownership = decimal.New(1, 1000000) // MaxInt32: see TestValidateHugeExponentsAreCheap
			},
			want: []want{{Path: "/corporates/0/ownership", Err: policy.ErrOutOfRange}},
		},
		{
			name:   "unspecified event kind and experience out of range",
			reason: "events have one of the seven kinds; experience is 0 to 100 years",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events[1].Kind = ""
				p.Investor.ExperienceYears = -1
			},
			want: []want{
				{Path: "/investor/experience_years", Err: policy.ErrOutOfRange},
				{Path: "/events/1/kind", Err: policy.ErrUnknown},
			},
		},
		// ErrOverflow
		{
			name:   "holdings whose total overflows",
			reason: "Validate returns nil only when Figures can compute every total exactly",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := range p.Holdings {
					p.Holdings[i].Amount = testkit.CNY("99999999999999.9999")
				}
				p.Holdings = append(p.Holdings, // 10 x (10^18-1) ten-thousandths overflow an int64
					vipcare.Holding{ID: "H-X", Class: vipcare.Deposits, Amount: testkit.CNY("99999999999999.9999")},
					vipcare.Holding{ID: "H-Y", Class: vipcare.RealEstate, Amount: testkit.CNY("99999999999999.9999"), OffBank: true})
			},
			want: []want{{Path: "/holdings", Err: vipcare.ErrOverflow}},
		},
		{
			name:   "liabilities whose total overflows",
			reason: "the total of debts is computed exactly too",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				for i := 0; i < 10; i++ {
					p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: fmt.Sprint("L", i),
						Amount: testkit.CNY("99999999999999.9999")})
				}
			},
			want: []want{{Path: "/liabilities", Err: vipcare.ErrOverflow}},
		},
		{
			name:   "nine maximal holdings do not overflow",
			reason: "9 x (10^18-1) ten-thousandths fit an int64",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = p.Holdings[:0]
				p.Events = nil // they refer to the replaced holdings
				for i := 0; i < 9; i++ {
					p.Holdings = append(p.Holdings, vipcare.Holding{ID: fmt.Sprint("H", i),
						Class: vipcare.Deposits, Amount: testkit.CNY("99999999999999.9999")})
				}
			},
		},
		// policy.ErrMissing
		{
			name:   "empty client ID",
			reason: "a profile needs an ID",
			edit:   func(p *vipcare.Profile, _ *vipcare.Valuation) { p.ID = "" },
			want:   []want{{Path: "/id", Err: policy.ErrMissing}},
		},
		{
			name:   "empty holding ID, missing dates",
			reason: "holding IDs, balance dates and event dates are required",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[4].ID = ""
				p.DailyBalances[0].Date = time.Time{}
				p.AverageBalances[0].From = time.Time{}
				p.Events[0].Date = time.Time{}
			},
			want: []want{
				{Path: "/holdings/4/id", Err: policy.ErrMissing},
				{Path: "/daily_balances/0/date", Err: policy.ErrMissing},
				{Path: "/average_balances/0/from", Err: policy.ErrMissing},
				{Path: "/events/0/date", Err: policy.ErrMissing},
			},
		},
		{
			name:   "no as-of date",
			reason: "the valuation must say when",
			edit:   func(_ *vipcare.Profile, v *vipcare.Valuation) { v.AsOf = time.Time{} },
			want:   []want{{Path: "/valuation/as_of", Err: policy.ErrMissing}},
		},
		// asset classes: policy.ErrMalformed, policy.ErrTooMany
		{
			name:   "malformed asset class names",
			reason: "lower-case letters, digits and underscores, starting with a letter",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings[0].Class = "Real Estate"
				p.Holdings[1].Class = ""
				p.Holdings[2].Class = "9lives"
				p.Holdings[3].Class = vipcare.AssetClass(strings.Repeat("a", 33))
			},
			want: []want{
				{Path: "/holdings/0/class", Err: policy.ErrMalformed},
				{Path: "/holdings/1/class", Err: policy.ErrMalformed},
				{Path: "/holdings/2/class", Err: policy.ErrMalformed},
				{Path: "/holdings/3/class", Err: policy.ErrMalformed},
			},
		},
		{
			name:   "more than 24 distinct classes",
			reason: "per-class totals are bounded so that figures need no allocation",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = manyClasses(maxClasses + 1)
				p.Events = nil // they refer to the replaced holdings
			},
			want: []want{{Path: "/holdings", Err: policy.ErrTooMany}},
		},
		{
			name:   "exactly 24 distinct classes is fine",
			reason: "the bound is inclusive",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Holdings = manyClasses(maxClasses)
				p.Events = nil // they refer to the replaced holdings
			},
		},
		// a reference to an unknown holding: policy.ErrUnknown
		{
			name:   "event refers to an unknown holding",
			reason: "a maturity must be of a holding the client has",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.Events[0].Holding = "NO-SUCH-HOLDING"
			},
			want:    []want{{Path: "/events/0/holding", Err: policy.ErrUnknown}},
			secrets: []string{"NO-SUCH-HOLDING"},
		},
		// policy.ErrOrder
		{
			name:   "daily balances not ascending",
			reason: "daily balances are in strictly ascending date order",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				d := p.DailyBalances
				d[0].Date, d[1].Date = d[1].Date, d[0].Date
			},
			want: []want{{Path: "/daily_balances/1/date", Err: policy.ErrOrder}},
		},
		{
			name:   "two balances on one calendar date",
			reason: "one balance a day: a second for the same day is a duplicate, not a later day",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[2].Date = p.DailyBalances[1].Date.Add(9 * time.Hour)
			},
			want: []want{{Path: "/daily_balances/2/date", Err: policy.ErrDuplicate}},
		},
		{
			name:   "a balance out of order",
			reason: "strictly ascending",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[1].Date, p.DailyBalances[2].Date = p.DailyBalances[2].Date, p.DailyBalances[1].Date
			},
			want: []want{{Path: "/daily_balances/2/date", Err: policy.ErrOrder}},
		},
		{
			name:   "a daily balance never set",
			reason: `a record whose JSON has no "balance": counted as 0, it would lower the average`,
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[1].Balance = vipcare.Money{}
				p.AverageBalances[0].Average = vipcare.Money{}
			},
			want: []want{{Path: "/daily_balances/1/balance", Err: policy.ErrMissing}, {Path: "/average_balances/0/average", Err: policy.ErrMissing}},
		},
		{
			name:   "a daily balance never set, stored and read back",
			reason: `stored, a never-set Money is {"amount":"0","currency":""}: still missing, not a 0`,
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[1].Balance = vipcare.Money{Amount: decimal.NewFromInt(0)}
				p.AverageBalances[0].Average = vipcare.Money{Amount: testkit.Dec("0.00")}
			},
			want: []want{{Path: "/daily_balances/1/balance", Err: policy.ErrMissing}, {Path: "/average_balances/0/average", Err: policy.ErrMissing}},
		},
		{
			name:   "a zero daily balance",
			reason: "a balance of 0 is a balance",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				p.DailyBalances[1].Balance = testkit.Money("0", "CNY")
			},
		},
		{
			name:   "average period ends before it starts",
			reason: "an average runs from From to To",
			edit: func(p *vipcare.Profile, _ *vipcare.Valuation) {
				a := &p.AverageBalances[0]
				a.From, a.To = a.To, a.From
			},
			want: []want{{Path: "/average_balances/0/to", Err: policy.ErrOrder}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProfile()
			v := valuation()
			tt.edit(&p, &v)
			before := testkit.Clone(p)
			disclosed := disclose(t, p)

			var err error
			assert.Less(t, testkit.AllocatedBytes(func() { err = p.Validate(v) }), uint64(validateBytes),
				"Validate does work bounded by the profile's size")
			assert.Equal(t, before, p, "Validate changed the profile")
			assert.Equal(t, disclosed, disclose(t, p), "Validate changed the profile")
			assert.Equal(t, err, p.Validate(v), "same answer twice")

			if len(tt.want) == 0 {
				require.NoError(t, err, tt.reason)
				return
			}
			testkit.CheckProblems(t, err, tt.want...)

			msg := err.Error()
			lines := strings.Split(msg, "\n")
			require.Len(t, lines, len(tt.want), "one line a problem")
			for i, w := range tt.want {
				assert.True(t, strings.HasPrefix(lines[i], "vipcare: "+w.Path+": "), "%s", lines[i])
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
			Amount: testkit.CNY("1000"),
		}
	}
	return hs
}

// TestValidateUnknownNames: a risk level, channel, corporate role or event
// kind that is not one of the defined names is policy.ErrUnknown, and the
// problem lists the names there are.
func TestValidateUnknownNames(t *testing.T) {
	channels := []string{"branch", "visit", "phone", "video", "secure_message", "wechat", "sms", "email", "mail"}
	tests := []struct {
		name    string
		edit    func(p *vipcare.Profile)
		path    string
		choices []string
	}{
		{"risk level", func(p *vipcare.Profile) { p.Risk = "c4" }, "/risk",
			[]string{"C1", "C2", "C3", "C4", "C5"}},
		{"risk level named like the schema's zero", func(p *vipcare.Profile) { p.Risk = "unassessed" }, "/risk",
			[]string{"C1", "C2", "C3", "C4", "C5"}},
		{"allowed channel", func(p *vipcare.Profile) { p.Contact.Channels[2] = "telegram" }, "/contact/channels/2",
			channels},
		{"preferred channel", func(p *vipcare.Profile) { p.Contact.Channels, p.Contact.Preferred = nil, "Phone" },
			"/contact/preferred", channels},
		{"corporate role", func(p *vipcare.Profile) { p.Corporates[0].Role = "chairman" }, "/corporates/0/role",
			[]string{"owner", "shareholder", "director", "executive", "guarantor"}},
		{"event kind", func(p *vipcare.Profile) { p.Events[1].Kind = "windfall" }, "/events/1/kind",
			[]string{"maturity", "large_inflow", "large_outflow", "birthday", "risk_assessment_expiry",
				"kyc_expiry", "business_sale"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProfile()
			tt.edit(&p)
			err := p.Validate(valuation())
			testkit.CheckProblems(t, err, testkit.Want{Path: tt.path, Err: policy.ErrUnknown})
			ps := testkit.Problems(t, err)
			assert.Equal(t, tt.choices, ps[0].Choices)
			assert.Contains(t, err.Error(), "(want one of: "+strings.Join(tt.choices, ", ")+")")
		})
	}

	// The unspecified values are valid where they mean "not assessed" or
	// "no preference"; an event must have a kind.
	p := baseProfile()
	p.Risk, p.Contact.Preferred, p.Corporates[0].Role = "", "", ""
	require.NoError(t, p.Validate(valuation()))
}

func TestValidateDuplicateMessage(t *testing.T) {
	p := baseProfile()
	p.Holdings[5].ID = p.Holdings[1].ID
	err := p.Validate(valuation())
	require.Error(t, err)
	assert.Equal(t, "vipcare: /holdings/5/id: duplicate of /holdings/1/id", err.Error())
	assert.NotContains(t, err.Error(), holdingIDs[1])
}

func TestValidateHugeExponentsAreCheap(t *testing.T) {
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
		p.DailyBalances[0].Balance.Amount = d
		p.Events[0].Amount.Amount = d
		p.Corporates[0].Ownership = d

		var err error
		assert.Less(t, testkit.AllocatedBytes(func() { err = p.Validate(valuation()) }), uint64(validateBytes),
			"exponent %d", d.Exponent())
		n := 0
		for _, pr := range testkit.Problems(t, err) {
			assert.ErrorIs(t, pr.Err, policy.ErrOutOfRange, pr.Path)
			if pr.Path != "/corporates/0/ownership" {
				n++
			}
		}
		assert.Equal(t, len(p.Holdings)+5, n, "every huge amount is reported")
		// an ownership of 10^-1000000 or 10^MinInt32 is a fraction; the rest are not
		assert.Equal(t, d.Exponent() > 0, errors.Is(ownershipProblem(t, err), policy.ErrOutOfRange),
			"exponent %d", d.Exponent())

		var ferr error
		assert.Less(t, testkit.AllocatedBytes(func() { _, ferr = valuation().Figures(&p) }), uint64(2048))
		testkit.CheckProblems(t, ferr, testkit.Want{Path: "/holdings/0/amount", Err: policy.ErrOutOfRange})
	}
}

// ownershipProblem returns the error of the problem at the first
// corporate link's ownership, nil if there is none.
func ownershipProblem(t *testing.T, err error) error {
	for _, p := range testkit.Problems(t, err) {
		if p.Path == "/corporates/0/ownership" {
			return p.Err
		}
	}
	return nil
}

// TestValidateReportsEveryProblem plants many problems in one profile and
// expects every one of them in one error.
func TestValidateReportsEveryProblem(t *testing.T) {
	p := baseProfile()
	p.ID = ""                                                // 1 ErrMissing
	p.Since = testkit.Day(2030, 1, 1)                        // 2 ErrFutureDate
	p.Holdings[0].Amount = rawCNY("123456789012345")         // 3 ErrOutOfRange
	p.Holdings[1].ID = p.Holdings[0].ID                      // 4 ErrDuplicate, 14 ErrUnknown (events[0])
	p.Holdings[1].Amount = testkit.CNY("-5")                 // 5 ErrNegative
	p.Holdings[2].Class = "Bad Class"                        // 6 ErrMalformed
	p.Holdings[2].Amount.Currency = "usd"                    // 7 ErrMalformed
	p.Holdings[6].Amount = testkit.Money("10", "JPY")        // 8 ErrNoRate
	p.Corporates[0].Ownership = decimal.NewFromInt(2)        // 10 ErrOutOfRange
	p.Risk = "C6"                                            // 11 ErrUnknown
	p.Contact.Channels[0] = "pager"                          // 12 ErrUnknown
	p.DailyBalances[2].Date = testkit.Day(2025, 6, 1)        // 13 ErrOrder
	p.Events[1].Date = testkit.Day(2025, 12, 24)             // 15 ErrFutureDate
	p.Events[0].Date = testkit.Day(2026, 12, 24)             // scheduled: fine
	p.Liabilities[0].Amount.Amount = decimal.New(5, 1000000) // 9 ErrOutOfRange
	before := testkit.Clone(p)

	err := p.Validate(valuation())
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/since", Err: vipcare.ErrFutureDate},
		testkit.Want{Path: "/holdings/0/amount", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/holdings/1/id", Err: policy.ErrDuplicate},
		testkit.Want{Path: "/holdings/1/amount", Err: vipcare.ErrNegative},
		testkit.Want{Path: "/holdings/2/class", Err: policy.ErrMalformed},
		testkit.Want{Path: "/holdings/2/amount/currency", Err: policy.ErrMalformed},
		testkit.Want{Path: "/holdings/6/amount", Err: vipcare.ErrNoRate},
		testkit.Want{Path: "/liabilities/0/amount", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/corporates/0/ownership", Err: policy.ErrOutOfRange},
		testkit.Want{Path: "/risk", Err: policy.ErrUnknown},
		testkit.Want{Path: "/contact/channels/0", Err: policy.ErrUnknown},
		testkit.Want{Path: "/daily_balances/2/date", Err: policy.ErrOrder},
		testkit.Want{Path: "/events/0/holding", Err: policy.ErrUnknown},
		testkit.Want{Path: "/events/1/date", Err: vipcare.ErrFutureDate},
	)
	assert.Len(t, strings.Split(err.Error(), "\n"), 15, "one line per problem")
	assert.NotErrorIs(t, err, vipcare.ErrOverflow)
	assert.NotErrorIs(t, err, vipcare.ErrCurrency, "a malformed code is not a currency mismatch")
	assert.NotErrorIs(t, err, policy.ErrTooMany)
	assert.Equal(t, before, p)
	assert.NotContains(t, err.Error(), plantedID)
	assert.NotContains(t, err.Error(), "123456789012345")
	assert.NotContains(t, err.Error(), holdingIDs[0])
}

// TestValidateProblem: one problem is a policy.Problems of one, whose
// message names the path and the sentinel (FieldError before).
func TestValidateProblem(t *testing.T) {
	p := vipcare.Profile{ID: plantedID, Holdings: []vipcare.Holding{
		{ID: "a", Class: vipcare.Deposits, Amount: testkit.CNY("1")},
		{ID: "b", Class: vipcare.Deposits, Amount: testkit.CNY("1")},
		{ID: "c", Class: vipcare.Deposits, Amount: testkit.CNY("-1")},
	}}
	err := p.Validate(valuation())
	assert.Equal(t, "vipcare: /holdings/2/amount: negative amount", err.Error())
	assert.ErrorIs(t, err, vipcare.ErrNegative)
	assert.NotErrorIs(t, err, policy.ErrOutOfRange)
	var ps policy.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, policy.Problems{{Path: "/holdings/2/amount", Err: vipcare.ErrNegative}}, ps)
	assert.Equal(t, []error{vipcare.ErrNegative}, ps.Unwrap())
}

// Env.Validate checks each holding's class against the environment's
// classes: a misspelt one, which Profile.Validate lets through, is
// unknown, with the classes as choices and itself not quoted.
func TestEnvValidateClasses(t *testing.T) {
	p := baseProfile()
	v := valuation()
	require.NoError(t, (*vipcare.Env)(nil).Validate(&p, v))
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H-X", Class: "depostis", Amount: testkit.CNY("400")},
		vipcare.Holding{ID: "H-ART", Class: "art", Amount: testkit.CNY("10")})
	before := testkit.Clone(p)
	require.NoError(t, p.Validate(v), "well formed: Profile.Validate knows no environment")
	err := (*vipcare.Env)(nil).Validate(&p, v)
	n := len(p.Holdings)
	testkit.CheckProblems(t, err,
		testkit.Want{Path: "/holdings/" + strconv.Itoa(n-2) + "/class", Err: policy.ErrUnknown},
		testkit.Want{Path: "/holdings/" + strconv.Itoa(n-1) + "/class", Err: policy.ErrUnknown})
	assert.NotContains(t, err.Error(), "depostis")
	assert.Contains(t, testkit.Problems(t, err)[0].Choices, "deposits")

	art := policy.Must(vipcare.NewEnv([]vipcare.AssetClass{"art"}))
	testkit.CheckProblems(t, art.Validate(&p, v), testkit.Want{Path: "/holdings/" + strconv.Itoa(n-2) + "/class", Err: policy.ErrUnknown})
	assert.Equal(t, before, p, "the profile is unchanged")

	// The other problems come too, as Profile.Validate reports them.
	p.ID = ""
	testkit.CheckProblems(t, art.Validate(&p, v), testkit.Want{Path: "/id", Err: policy.ErrMissing},
		testkit.Want{Path: "/holdings/" + strconv.Itoa(n-2) + "/class", Err: policy.ErrUnknown})
}
