package needs_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
)

// dtField returns the value of a field of needs.Schema for p under v, as
// the text an explanation with values shows ("55", "0.5", "-1").
func dtField(t *testing.T, field string, p *vipcare.Profile, v vipcare.Valuation) string {
	t.Helper()
	r, err := policy.Compile(needs.MustSchema(), policy.Field(field).GE(0))
	require.NoError(t, err)
	f, err := v.Figures(p)
	require.NoError(t, err)
	before := f
	e := r.Explain(&f, policy.ExplainOptions{Values: true})
	require.Equal(t, field, e.Field)
	require.True(t, before == f, "figures unchanged")
	return e.Value
}

// dtFieldCase is one named case of a schema field: a client, the valuation
// (dtValuation if nil), the field's value and why.
type dtFieldCase struct {
	name string
	p    vipcare.Profile
	v    func(t testing.TB) vipcare.Valuation
	want string
}

func dtRunFieldCases(t *testing.T, field string, tests []dtFieldCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := dtValuation(t)
			if tt.v != nil {
				v = tt.v(t)
			}
			p := tt.p
			assert.Equal(t, tt.want, dtField(t, field, &p, v))
			assert.Equal(t, tt.want, dtField(t, field, &p, v), "same value twice")
		})
	}
}

// dtBorn is a client with one deposit, born on b.
func dtBorn(b time.Time) vipcare.Profile {
	p := dtClient(dtAt("D", vipcare.Deposits, "1000"))
	p.Birth = b
	return p
}

// dtAsOfValuation is dtValuation as of another instant.
func dtAsOfValuation(asOf time.Time) func(testing.TB) vipcare.Valuation {
	return func(t testing.TB) vipcare.Valuation {
		v := dtValuation(t)
		v.AsOf = asOf
		return v
	}
}

// dtWithEvents is a client with one deposit and the given events.
func dtWithEvents(es ...vipcare.Event) vipcare.Profile {
	p := dtClient(dtAt("D", vipcare.Deposits, "1000"))
	p.Events = es
	return p
}

func dtEvent(k vipcare.EventKind, d time.Time, m vipcare.Money) vipcare.Event {
	return vipcare.Event{Kind: k, Date: d, Amount: m}
}

func TestSchemaFieldsDocumented(t *testing.T) {
	s, err := needs.Schema()
	require.NoError(t, err)
	added := []struct {
		name string
		kind policy.Kind
	}{
		{"age", policy.KindInt},
		{"currencies", policy.KindInt},
		{"share.cash_and_fixed_income", policy.KindDecimal},
		{"share.property_and_business", policy.KindDecimal},
		{"max_class_share", policy.KindDecimal},
		{"leverage", policy.KindDecimal},
		{"days_since_business_sale", policy.KindInt},
		{"days_since_large_inflow", policy.KindInt},
		{"maturing_90d", policy.KindDecimal},
	}
	for _, a := range added {
		info, ok := s.Field(a.name)
		require.True(t, ok, a.name)
		assert.Equal(t, a.kind, info.Kind, a.name)
		assert.NotEmpty(t, info.Doc, a.name)
		if a.kind == policy.KindDecimal {
			if a.name == "maturing_90d" {
				assert.Equal(t, vipcare.AmountScale, info.Scale, a.name)
			} else {
				assert.Equal(t, vipcare.ShareScale, info.Scale, a.name)
			}
		}
	}
	// vipcare's fields are all there, first and in their order.
	base := vipcare.MustSchema().Fields()
	all := s.Fields()
	require.Len(t, all, len(base)+len(added))
	for i := range base {
		assert.Equal(t, base[i].Name, all[i].Name)
	}
	for i, a := range added {
		assert.Equal(t, a.name, all[len(base)+i].Name)
	}
	assert.NotPanics(t, func() { needs.MustSchema() })
}

func TestSchemaAge(t *testing.T) {
	dtRunFieldCases(t, "age", []dtFieldCase{
		{"unknown birth date", dtClient(dtAt("D", vipcare.Deposits, "1")), nil, "-1"},
		{"55th birthday on the as-of date", dtBorn(dtDay(1970, 6, 30)), nil, "55"},
		{"55th birthday the day after", dtBorn(dtDay(1970, 7, 1)), nil, "54"},
		{"55th birthday the day before", dtBorn(dtDay(1970, 6, 29)), nil, "55"},
		{"born at the end of a longer month", dtBorn(dtDay(1970, 5, 31)), nil, "55"},
		{"born 29 February, as of 28 February of a common year", dtBorn(dtDay(2000, 2, 29)),
			dtAsOfValuation(time.Date(2025, 2, 28, 12, 0, 0, 0, dtCST)), "24"},
		{"born 29 February, as of 1 March of a common year", dtBorn(dtDay(2000, 2, 29)),
			dtAsOfValuation(time.Date(2025, 3, 1, 0, 0, 0, 0, dtCST)), "25"},
		{"born 29 February, as of 29 February", dtBorn(dtDay(2000, 2, 29)),
			dtAsOfValuation(time.Date(2028, 2, 29, 0, 0, 0, 0, dtCST)), "28"},
		{"born the day before the as-of date", dtBorn(dtDay(2025, 6, 29)), nil, "0"},
		{"birth date after the as-of date counts as 0", dtBorn(dtDay(2026, 1, 1)), nil, "0"},
		{"a birth instant in UTC taken as a date in the as-of location",
			dtBorn(time.Date(1970, 6, 29, 20, 0, 0, 0, time.UTC)), nil, "55"}, // 30 June 04:00 CST
	})
}

func TestSchemaCurrencies(t *testing.T) {
	h := func(id string, m vipcare.Money) vipcare.Holding {
		return vipcare.Holding{ID: id, Class: vipcare.Deposits, Amount: m}
	}
	dtRunFieldCases(t, "currencies", []dtFieldCase{
		{"no holdings", dtClient(), nil, "0"},
		{"one CNY holding", dtClient(h("A", dtCNY("1"))), nil, "1"},
		{"two CNY holdings", dtClient(h("A", dtCNY("1")), h("B", dtCNY("2"))), nil, "1"},
		{"CNY and USD", dtClient(h("A", dtCNY("1")), h("B", dtUSD("2"))), nil, "2"},
		{"USD only", dtClient(h("A", dtUSD("1"))), nil, "1"},
		{"CNY, USD, HKD and USD again", dtClient(h("A", dtCNY("1")), h("B", dtUSD("2")),
			h("C", vipcare.MustMoney("3", vipcare.HKD)), h("D", dtUSD("4"))), nil, "3"},
		{"a zero holding does not count", dtClient(h("A", dtCNY("1")), h("B", dtUSD("0"))), nil, "1"},
		{"a zero holding before a positive one in the same currency", dtClient(h("A", dtUSD("0")),
			h("B", dtUSD("5")), h("C", dtCNY("1"))), nil, "2"},
		{"only zero holdings", dtClient(h("A", dtUSD("0")), h("B", dtCNY("0"))), nil, "0"},
		{"foreign-invested but in CNY: one currency", dtClient(h("A", dtCNY("1")),
			vipcare.Holding{ID: "B", Class: vipcare.Funds, Amount: dtCNY("1"), Foreign: true}), nil, "1"},
	})
}

func TestSchemaShareCashAndFixedIncome(t *testing.T) {
	dtRunFieldCases(t, "share.cash_and_fixed_income", []dtFieldCase{
		{"no wealth", dtClient(), nil, "0"},
		{"deposits only", dtClient(dtAt("D", vipcare.Deposits, "100")), nil, "1"},
		{"deposits and fixed income, half of wealth", dtClient(dtAt("D", vipcare.Deposits, "300"),
			dtOff("F", vipcare.FixedIncome, "200"), dtOff("R", vipcare.RealEstate, "500")), nil, "0.5"},
		{"off-bank deposits count (a share of wealth, not of AUM)", dtClient(dtOff("D", vipcare.Deposits, "250"),
			dtAt("E", vipcare.Equities, "750")), nil, "0.25"},
		{"wealth products are not cash", dtClient(dtAt("W", vipcare.WealthProducts, "500"),
			dtAt("D", vipcare.Deposits, "500")), nil, "0.5"},
		{"truncated to millionths", dtClient(dtAt("D", vipcare.Deposits, "1"), dtAt("E", vipcare.Equities, "2")), nil, "0.333333"},
		{"a USD deposit converted", dtClient(vipcare.Holding{ID: "U", Class: vipcare.Deposits, Amount: dtUSD("100")},
			dtAt("E", vipcare.Equities, "290")), nil, "0.71"},
	})
}

func TestSchemaSharePropertyAndBusiness(t *testing.T) {
	dtRunFieldCases(t, "share.property_and_business", []dtFieldCase{
		{"no wealth", dtClient(), nil, "0"},
		{"neither", dtClient(dtAt("D", vipcare.Deposits, "100")), nil, "0"},
		{"real estate and business, half of wealth", dtClient(dtAt("D", vipcare.Deposits, "500"),
			dtOff("R", vipcare.RealEstate, "300"), dtOff("B", vipcare.BusinessEquity, "200")), nil, "0.5"},
		{"real estate only", dtClient(dtOff("R", vipcare.RealEstate, "100")), nil, "1"},
		{"business equity only, just under a fifth", dtClient(dtOff("B", vipcare.BusinessEquity, "199999"),
			dtAt("D", vipcare.Deposits, "800001")), nil, "0.199999"},
	})
}

func TestSchemaMaxClassShare(t *testing.T) {
	dtRunFieldCases(t, "max_class_share", []dtFieldCase{
		{"no holdings", dtClient(), nil, "0"},
		{"one class", dtClient(dtAt("D", vipcare.Deposits, "100")), nil, "1"},
		{"the largest of three", dtClient(dtAt("D", vipcare.Deposits, "200"), dtAt("F", vipcare.Funds, "600"),
			dtOff("R", vipcare.RealEstate, "200")), nil, "0.6"},
		{"holdings of a class add up, at the bank and off", dtClient(dtAt("D1", vipcare.Deposits, "300"),
			dtOff("D2", vipcare.Deposits, "300"), dtOff("R", vipcare.RealEstate, "400")), nil, "0.6"},
		{"a tie", dtClient(dtAt("D", vipcare.Deposits, "500"), dtOff("R", vipcare.RealEstate, "500")), nil, "0.5"},
		{"zero holdings only", dtClient(dtAt("D", vipcare.Deposits, "0")), nil, "0"},
	})
}

func TestSchemaLeverage(t *testing.T) {
	debt := func(p vipcare.Profile, amounts ...string) vipcare.Profile {
		for i, a := range amounts {
			p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "L" + string(rune('0'+i)), Amount: dtCNY(a)})
		}
		return p
	}
	million := func() vipcare.Profile {
		return dtClient(dtAt("D", vipcare.Deposits, "600000"), dtOff("R", vipcare.RealEstate, "400000"))
	}
	dtRunFieldCases(t, "leverage", []dtFieldCase{
		{"no debts", million(), nil, "0"},
		{"exactly 0.3", debt(million(), "300000"), nil, "0.3"},
		{"just under 0.3, truncated", debt(million(), "299999.9999"), nil, "0.299999"},
		{"debts add up", debt(million(), "100000", "200000"), nil, "0.3"},
		{"debts equal to wealth", debt(million(), "1000000"), nil, "1"},
		{"debts of 20 times wealth", debt(million(), "20000000"), nil, "20"},
		{"capped at 1000 times wealth", debt(dtClient(dtAt("D", vipcare.Deposits, "1")), "5000"), nil, "1000"},
		{"zero wealth with debts: the cap", debt(dtClient(), "1"), nil, "1000"},
		{"zero wealth in zero holdings with debts: the cap", debt(dtClient(dtAt("D", vipcare.Deposits, "0")), "1"), nil, "1000"},
		{"zero wealth, no debts", dtClient(), nil, "0"},
		{"zero wealth, zero debts", debt(dtClient(), "0"), nil, "0"},
		{"a USD debt converted", func() vipcare.Profile {
			p := million()
			p.Liabilities = []vipcare.Liability{{ID: "L", Amount: dtUSD("10000")}}
			return p
		}(), nil, "0.071"},
	})
}

func TestSchemaDaysSinceBusinessSale(t *testing.T) {
	sale := func(d time.Time) vipcare.Event {
		return dtEvent(vipcare.EventBusinessSale, d, dtCNY("1000000"))
	}
	dtRunFieldCases(t, "days_since_business_sale", []dtFieldCase{
		{"no events", dtWithEvents(), nil, "-1"},
		{"on the as-of date", dtWithEvents(sale(dtDay(2025, 6, 30))), nil, "0"},
		{"the day before", dtWithEvents(sale(dtDay(2025, 6, 29))), nil, "1"},
		{"365 days before, across 29 February 2024", dtWithEvents(sale(dtDay(2024, 6, 30))), nil, "365"},
		{"366 days before", dtWithEvents(sale(dtDay(2024, 6, 29))), nil, "366"},
		{"future-dated only", dtWithEvents(sale(dtDay(2025, 7, 1))), nil, "-1"},
		{"a future sale and a past one: the past one", dtWithEvents(sale(dtDay(2025, 7, 1)),
			sale(dtDay(2025, 6, 20))), nil, "10"},
		{"the latest of two, in any order", dtWithEvents(sale(dtDay(2025, 6, 20)), sale(dtDay(2020, 1, 1))), nil, "10"},
		{"the latest of two, other order", dtWithEvents(sale(dtDay(2020, 1, 1)), sale(dtDay(2025, 6, 20))), nil, "10"},
		{"other kinds do not count", dtWithEvents(dtEvent(vipcare.EventLargeInflow, dtDay(2025, 6, 1), dtCNY("1")),
			dtEvent(vipcare.EventMaturity, dtDay(2025, 6, 1), dtCNY("1"))), nil, "-1"},
		{"an instant in UTC taken as a date in the as-of location",
			dtWithEvents(sale(time.Date(2025, 6, 29, 20, 0, 0, 0, time.UTC))), nil, "0"}, // 30 June 04:00 CST
		{"later in the as-of day than the as-of instant", dtWithEvents(sale(time.Date(2025, 6, 30, 23, 0, 0, 0, dtCST))), nil, "0"},
	})
}

func TestSchemaDaysSinceLargeInflow(t *testing.T) {
	inflow := func(d time.Time) vipcare.Event {
		return dtEvent(vipcare.EventLargeInflow, d, dtCNY("500000"))
	}
	dtRunFieldCases(t, "days_since_large_inflow", []dtFieldCase{
		{"no events", dtWithEvents(), nil, "-1"},
		{"on the as-of date", dtWithEvents(inflow(dtDay(2025, 6, 30))), nil, "0"},
		{"30 days before", dtWithEvents(inflow(dtDay(2025, 5, 31))), nil, "30"},
		{"future-dated only", dtWithEvents(inflow(dtDay(2025, 7, 1))), nil, "-1"},
		{"the latest of several", dtWithEvents(inflow(dtDay(2025, 1, 1)), inflow(dtDay(2025, 6, 25)),
			inflow(dtDay(2025, 3, 1))), nil, "5"},
		{"outflows and business sales do not count", dtWithEvents(
			dtEvent(vipcare.EventLargeOutflow, dtDay(2025, 6, 29), dtCNY("1")),
			dtEvent(vipcare.EventBusinessSale, dtDay(2025, 6, 29), dtCNY("1"))), nil, "-1"},
	})
}

func TestSchemaMaturing90d(t *testing.T) {
	mat := func(d time.Time, m vipcare.Money) vipcare.Event { return dtEvent(vipcare.EventMaturity, d, m) }
	onlyUSD := func(t testing.TB) vipcare.Valuation {
		r, err := vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
			vipcare.USD: decimal.RequireFromString("7.1"),
		})
		require.NoError(t, err)
		return vipcare.Valuation{AsOf: dtAsOf, Currency: vipcare.CNY, Rates: r}
	}
	noRates := func(testing.TB) vipcare.Valuation {
		return vipcare.Valuation{AsOf: dtAsOf, Currency: vipcare.CNY}
	}
	dtRunFieldCases(t, "maturing_90d", []dtFieldCase{
		{"no events", dtWithEvents(), nil, "0"},
		{"maturing on the as-of date", dtWithEvents(mat(dtDay(2025, 6, 30), dtCNY("1000"))), nil, "1000"},
		{"in 90 days", dtWithEvents(mat(dtDay(2025, 9, 28), dtCNY("1000"))), nil, "1000"},
		{"in 91 days", dtWithEvents(mat(dtDay(2025, 9, 29), dtCNY("1000"))), nil, "0"},
		{"matured yesterday", dtWithEvents(mat(dtDay(2025, 6, 29), dtCNY("1000"))), nil, "0"},
		{"several add up", dtWithEvents(mat(dtDay(2025, 7, 1), dtCNY("1000.5")), mat(dtDay(2025, 8, 1), dtCNY("2000.25")),
			mat(dtDay(2026, 1, 1), dtCNY("99999"))), nil, "3000.75"},
		{"USD converted at 7.1", dtWithEvents(mat(dtDay(2025, 7, 15), dtUSD("1000"))), nil, "7100"},
		{"CNY and USD", dtWithEvents(mat(dtDay(2025, 7, 15), dtUSD("1000")), mat(dtDay(2025, 7, 16), dtCNY("900"))), nil, "8000"},
		{"a currency without a rate counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.MustMoney("1000", vipcare.EUR)),
			mat(dtDay(2025, 7, 16), dtCNY("900"))), nil, "900"},
		{"HKD without a rate in this valuation counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.MustMoney("1000", vipcare.HKD)),
			mat(dtDay(2025, 7, 15), dtUSD("1"))), onlyUSD, "7.1"},
		{"no rates at all: foreign amounts count 0", dtWithEvents(mat(dtDay(2025, 7, 15), dtUSD("1000")),
			mat(dtDay(2025, 7, 16), dtCNY("5"))), noRates, "5"},
		{"a malformed currency counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.Money{
			Amount: decimal.RequireFromString("1000"), Currency: "usd"})), nil, "0"},
		{"an amount with too many decimals counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.Money{
			Amount: decimal.RequireFromString("1.00001"), Currency: vipcare.CNY})), nil, "0"},
		{"a negative amount counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.Money{
			Amount: decimal.RequireFromString("-1000"), Currency: vipcare.CNY}), mat(dtDay(2025, 7, 16), dtCNY("3"))), nil, "3"},
		{"a maturity without an amount counts 0", dtWithEvents(mat(dtDay(2025, 7, 15), vipcare.Money{})), nil, "0"},
		{"other kinds do not count", dtWithEvents(dtEvent(vipcare.EventLargeInflow, dtDay(2025, 7, 1), dtCNY("1000")),
			dtEvent(vipcare.EventBirthday, dtDay(2025, 7, 1), dtCNY("1000"))), nil, "0"},
		{"an instant in UTC taken as a date in the as-of location", dtWithEvents(
			mat(time.Date(2025, 9, 28, 20, 0, 0, 0, time.UTC), dtCNY("1000"))), nil, "0"}, // 29 September CST: 91 days
	})
}
