package vipcare_test

import (
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// fieldCase is one named case of a schema field: a client, the valuation
// (valuation() if nil), the field's value as an explanation shows it.
type fieldCase struct {
	name string
	p    vipcare.Profile
	v    func() vipcare.Valuation
	want string
}

// runFieldCases checks the value of field of the default schema in each
// case, twice, and that reading it changes neither the figures nor the
// profile.
func runFieldCases(t *testing.T, field string, tests []fieldCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valuation()
			if tt.v != nil {
				v = tt.v()
			}
			p := tt.p
			before := testkit.Clone(p)
			f := testkit.Figures(t, &p, v)
			assert.Equal(t, tt.want, fieldValue(t, nil, field, f))
			assert.Equal(t, tt.want, fieldValue(t, nil, field, f), "same value twice")
			// The same instant in another *time.Location of the same
			// offset: the figures no longer hold what Compute cached for
			// its as-of date, and work every value out on reading. (The
			// cases' location has a fixed offset, so dates agree.)
			g := *f
			_, offset := g.AsOf.Zone()
			g.AsOf = g.AsOf.In(time.FixedZone("same offset", offset))
			assert.Equal(t, tt.want, fieldValue(t, nil, field, &g), "worked out again, not cached")
			assert.Equal(t, before, p, "profile unchanged")
		})
	}
}

// Builders of the field cases: a bare client with holdings in CNY at the
// bank (at) or declared off-bank (off), and events.
func client(hs ...vipcare.Holding) vipcare.Profile {
	return vipcare.Profile{ID: "T-0001", Holdings: hs}
}

func at(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: testkit.CNY(amount)}
}

func off(id string, c vipcare.AssetClass, amount string) vipcare.Holding {
	return vipcare.Holding{ID: id, Class: c, Amount: testkit.CNY(amount), OffBank: true}
}

// born is a client with one deposit, born on b.
func born(b time.Time) vipcare.Profile {
	p := client(at("D", vipcare.Deposits, "1000"))
	p.Birth = b
	return p
}

// withEvents is a client with one deposit and the given events.
func withEvents(es ...vipcare.Event) vipcare.Profile {
	p := client(at("D", vipcare.Deposits, "1000"))
	p.Events = es
	return p
}

func event(k vipcare.EventKind, d time.Time, m vipcare.Money) vipcare.Event {
	return vipcare.Event{Kind: k, Date: d, Amount: m}
}

// asOfValuation is valuation() as of another instant.
func asOfValuation(t time.Time) func() vipcare.Valuation {
	return func() vipcare.Valuation { return testkit.Valuation(t) }
}

// TestEnvFields: the default schema has every documented field, in order,
// each with a kind, a description and, for decimals, the scale of amounts
// or of shares.
func TestEnvFields(t *testing.T) {
	type f struct {
		name, kind string
		scale      int // of decimals
	}
	amount := func(name string) f { return f{name, "decimal", vipcare.AmountScale} }
	share := func(name string) f { return f{name, "decimal", vipcare.ShareScale} }
	count := func(name string) f { return f{name, "int", 0} }
	flag := func(name string) f { return f{name, "bool", 0} }
	want := []f{
		amount("aum"), amount("off_bank"), amount("wealth"), amount("foreign"), amount("liabilities"),
		amount("net_wealth"), amount("revenue_12m"),
		count("classes"), count("classes_at_bank"), count("holdings"),
		share("foreign_share"), share("domestic_share"),
		flag("entrepreneur"), count("corporate_links"),
		{"risk_level", "enum", 0}, {"risk_assessed", "date", 0}, {"since", "date", 0},
		count("tenure_months"),
		amount("qi.financial_assets"), amount("qi.net_financial_assets"), amount("qi.average_income_3y"),
		count("qi.experience_years"),
		flag("discreet"), flag("do_not_contact"), flag("no_profiling"),
		// the fields needs detectors and qualification used to add
		count("age"), count("currencies"),
		share("share.cash_and_fixed_income"), share("share.property_and_business"), share("max_class_share"),
		share("leverage"), count("days_since_business_sale"), count("days_since_large_inflow"),
		amount("maturing_90d"), count("months_dormant"), count("risk_assessment_age_months"), flag("kyc_expired"),
	}
	for _, c := range builtinClasses {
		want = append(want, amount("amount."+string(c)), amount("amount_at_bank."+string(c)), share("share."+string(c)))
	}
	var env *vipcare.Env
	infos := env.Schema().Fields()
	got := make([]f, len(infos))
	for i, info := range infos {
		got[i] = f{info.Name, info.Kind, info.Scale}
		assert.NotEmpty(t, info.Doc, info.Name)
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"unassessed", "C1", "C2", "C3", "C4", "C5"}, fieldInfo(t, env, "risk_level").Values,
		"unassessed orders below C1")
}

func TestNewEnvBankClasses(t *testing.T) {
	env, err := vipcare.NewEnv([]vipcare.AssetClass{"art", "private_credit"})
	require.NoError(t, err)
	for _, c := range []string{"art", "private_credit"} {
		assert.Equal(t, "decimal", fieldInfo(t, env, "amount."+c).Kind)
		assert.Equal(t, vipcare.AmountScale, fieldInfo(t, env, "amount."+c).Scale)
		assert.Equal(t, vipcare.AmountScale, fieldInfo(t, env, "amount_at_bank."+c).Scale)
		assert.Equal(t, vipcare.ShareScale, fieldInfo(t, env, "share."+c).Scale)
	}
	// the built-in fields come first, unchanged
	base := (*vipcare.Env)(nil).Schema().Fields()
	all := env.Schema().Fields()
	require.Len(t, all, len(base)+2*3)
	assert.Equal(t, base, all[:len(base)])

	p := client(at("D", vipcare.Deposits, "750"), off("A", "art", "200"), at("A2", "art", "50"))
	f := testkit.Figures(t, &p, valuation())
	assert.Equal(t, "250", fieldValue(t, env, "amount.art", f))
	assert.Equal(t, "50", fieldValue(t, env, "amount_at_bank.art", f))
	assert.Equal(t, "0.25", fieldValue(t, env, "share.art", f))
	assert.Equal(t, "0", fieldValue(t, env, "share.private_credit", f))
	assert.Equal(t, "2", fieldValue(t, env, "classes", f))

	rule := policy.Must(policy.Compile(env.Schema(), policy.Field("share.art").GE("0.25")))
	assert.True(t, rule.Eval(f))

	// The default environment does not know the bank's classes.
	_, err = policy.Compile((*vipcare.Env)(nil).Schema(), policy.Field("share.art").GE("0.25"))
	testkit.CheckProblems(t, err, testkit.Want{Path: "/field", Name: "share.art", Err: policy.ErrUnknown})

	// Classes lists them, built in first, and an environment made from it
	// keeps them; a field named like a class's is no class.
	builtin := []vipcare.AssetClass{vipcare.Deposits, vipcare.FixedIncome, vipcare.WealthProducts, vipcare.Funds,
		vipcare.Equities, vipcare.Insurance, vipcare.RealEstate, vipcare.BusinessEquity, vipcare.OtherAssets}
	assert.Equal(t, builtin, (*vipcare.Env)(nil).Classes())
	want := append(slices.Clone(builtin), "art", "private_credit")
	assert.Equal(t, want, env.Classes())
	more := policy.Must(env.With(policy.Decimal("amount.bonus", 4, func(*vipcare.Figures) int64 { return 0 })))
	more = policy.Must(more.WithParts(tier.MeasurePart("investable", tier.AUM())))
	more = policy.Must(more.Allow("age"))
	assert.Equal(t, want, more.Classes())
	got := env.Classes()
	got[0] = "changed"
	assert.Equal(t, want, env.Classes(), "the slice is the caller's")
}

func TestNewEnvBankFields(t *testing.T) {
	products := policy.Int("products_held", func(f *vipcare.Figures) int64 {
		n := map[string]bool{}
		for _, h := range f.Profile.Holdings {
			if h.Product != "" {
				n[h.Product] = true
			}
		}
		return int64(len(n))
	}).WithDoc("number of distinct bank products held")
	env, err := vipcare.NewEnv(nil, products)
	require.NoError(t, err)
	info := fieldInfo(t, env, "products_held")
	assert.Equal(t, "int", info.Kind)
	assert.Equal(t, "number of distinct bank products held", info.Doc)
	p := baseProfile()
	assert.Equal(t, "1", fieldValue(t, env, "products_held", testkit.Figures(t, &p, valuation())))
}

func TestNewEnvErrors(t *testing.T) {
	get := func(*vipcare.Figures) int64 { return 0 }
	tests := []struct {
		name    string
		classes []vipcare.AssetClass
		fields  []policy.FieldSpec[vipcare.Figures]
		want    []testkit.Want
	}{
		{
			name:    "malformed class",
			classes: []vipcare.AssetClass{"Art"},
			want:    []testkit.Want{{Path: "/classes/0", Name: "Art", Err: policy.ErrMalformed}},
		},
		{
			name:    "empty class",
			classes: []vipcare.AssetClass{"art", ""},
			want:    []testkit.Want{{Path: "/classes/1", Err: policy.ErrMalformed}},
		},
		{
			name:    "a class that would make a malformed field name",
			classes: []vipcare.AssetClass{"share.x"},
			want:    []testkit.Want{{Path: "/classes/0", Name: "share.x", Err: policy.ErrMalformed}},
		},
		{
			name:    "a built-in class",
			classes: []vipcare.AssetClass{vipcare.Deposits},
			want:    []testkit.Want{{Path: "/classes/0", Name: "deposits", Err: policy.ErrDuplicate}},
		},
		{
			name:    "a class twice",
			classes: []vipcare.AssetClass{"art", "wine", "art"},
			want:    []testkit.Want{{Path: "/classes/2", Name: "art", Err: policy.ErrDuplicate}},
		},
		{
			name:    "reserved classes: their share fields are built in",
			classes: []vipcare.AssetClass{"cash_and_fixed_income", "property_and_business"},
			want: []testkit.Want{
				{Path: "/classes/0", Name: "cash_and_fixed_income", Err: policy.ErrDuplicate},
				{Path: "/classes/1", Name: "property_and_business", Err: policy.ErrDuplicate},
			},
		},
		{
			name:   "a field repeating a built-in one",
			fields: []policy.FieldSpec[vipcare.Figures]{policy.Int("products", get), policy.Int("aum", get)},
			want:   []testkit.Want{{Path: "/fields/1", Name: "aum", Err: policy.ErrDuplicate}},
		},
		{
			name:    "a field repeating a bank class's field",
			classes: []vipcare.AssetClass{"art"},
			fields:  []policy.FieldSpec[vipcare.Figures]{policy.Int("share.art", get)},
			want:    []testkit.Want{{Path: "/fields/0", Name: "share.art", Err: policy.ErrDuplicate}},
		},
		{
			name: "fields with problems, re-rooted at /fields/i",
			fields: []policy.FieldSpec[vipcare.Figures]{
				policy.Int("Bad Name", get),
				policy.Decimal("ratio", 19, get),
				policy.Int[vipcare.Figures]("nothing", nil),
				{},
			},
			want: []testkit.Want{
				{Path: "/fields/0", Name: "Bad Name", Err: policy.ErrMalformed},
				{Path: "/fields/1", Name: "ratio", Err: policy.ErrOutOfRange},
				{Path: "/fields/2", Name: "nothing", Err: policy.ErrMissing},
				{Path: "/fields/3", Err: policy.ErrMissing}, // the zero FieldSpec: one problem, not one per missing part
			},
		},
		{
			name:    "every problem at once, classes first",
			classes: []vipcare.AssetClass{"Art", vipcare.Funds, "wine"},
			fields:  []policy.FieldSpec[vipcare.Figures]{policy.Int("share.wine", get), policy.Int("age", get)},
			want: []testkit.Want{
				{Path: "/classes/0", Name: "Art", Err: policy.ErrMalformed},
				{Path: "/classes/1", Name: "funds", Err: policy.ErrDuplicate},
				{Path: "/fields/0", Name: "share.wine", Err: policy.ErrDuplicate},
				{Path: "/fields/1", Name: "age", Err: policy.ErrDuplicate},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := vipcare.NewEnv(tt.classes, tt.fields...)
			assert.Nil(t, env)
			testkit.CheckProblems(t, err, tt.want...)
		})
	}
}

func TestEnvSchemaBuiltOnce(t *testing.T) {
	var nilEnv *vipcare.Env
	assert.Same(t, nilEnv.Schema(), nilEnv.Schema(), "the default schema is built once")
	assert.Equal(t, policy.Must(vipcare.NewEnv(nil)).Schema().Fields(), nilEnv.Schema().Fields(),
		"a nil *Env is the default environment")

	classes := []vipcare.AssetClass{"art"}
	env := policy.Must(vipcare.NewEnv(classes))
	s := env.Schema()
	assert.Same(t, s, env.Schema(), "an environment's schema is built once")
	classes[0] = "wine"
	p := client(off("A", "art", "1"), off("W", "wine", "3"))
	f := testkit.Figures(t, &p, valuation())
	assert.Equal(t, "0.25", fieldValue(t, env, "share.art", f), "NewEnv does not keep the caller's slice")
	for _, info := range env.Schema().Fields() {
		assert.NotContains(t, info.Name, "wine")
	}
}

func TestEnvConcurrent(t *testing.T) {
	// One environment compiled against and read from many goroutines (run
	// with -race).
	env := policy.Must(vipcare.NewEnv([]vipcare.AssetClass{"art"}))
	p := baseProfile()
	f := testkit.Figures(t, &p, valuation())
	var wg sync.WaitGroup
	results := make([]bool, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := policy.Compile(env.Schema(), policy.All(policy.Field("share.real_estate").GE("0.25"),
				policy.Field("amount.art").EQ(0)))
			results[i] = err == nil && r.Eval(f)
			_ = (*vipcare.Env)(nil).Schema().Fields()
		}()
	}
	wg.Wait()
	for _, ok := range results {
		assert.True(t, ok)
	}
}

// The field tests below were those of needs.Schema (needs/schema_test.go)
// and of the qualification fields of tier (tier/qualify_test.go); the
// fields are now the environment's.

func TestFieldAge(t *testing.T) {
	runFieldCases(t, "age", []fieldCase{
		{"unknown birth date", client(at("D", vipcare.Deposits, "1")), nil, "-1"},
		{"55th birthday on the as-of date", born(testkit.Day(1970, 6, 30)), nil, "55"},
		{"55th birthday the day after", born(testkit.Day(1970, 7, 1)), nil, "54"},
		{"55th birthday the day before", born(testkit.Day(1970, 6, 29)), nil, "55"},
		{"born at the end of a longer month", born(testkit.Day(1970, 5, 31)), nil, "55"},
		{"born 29 February, as of 28 February of a common year", born(testkit.Day(2000, 2, 29)),
			asOfValuation(time.Date(2025, 2, 28, 12, 0, 0, 0, testkit.CST)), "24"},
		{"born 29 February, as of 1 March of a common year", born(testkit.Day(2000, 2, 29)),
			asOfValuation(time.Date(2025, 3, 1, 0, 0, 0, 0, testkit.CST)), "25"},
		{"born 29 February, as of 29 February", born(testkit.Day(2000, 2, 29)),
			asOfValuation(time.Date(2028, 2, 29, 0, 0, 0, 0, testkit.CST)), "28"},
		{"born the day before the as-of date", born(testkit.Day(2025, 6, 29)), nil, "0"},
		{"birth date after the as-of date counts as 0", born(testkit.Day(2026, 1, 1)), nil, "0"},
		{"a birth instant in UTC taken as a date in the as-of location",
			born(time.Date(1970, 6, 29, 20, 0, 0, 0, time.UTC)), nil, "55"}, // 30 June 04:00 CST
	})
}

func TestFieldCurrencies(t *testing.T) {
	h := func(id string, m vipcare.Money) vipcare.Holding {
		return vipcare.Holding{ID: id, Class: vipcare.Deposits, Amount: m}
	}
	runFieldCases(t, "currencies", []fieldCase{
		{"no holdings", client(), nil, "0"},
		{"one CNY holding", client(h("A", testkit.CNY("1"))), nil, "1"},
		{"two CNY holdings", client(h("A", testkit.CNY("1")), h("B", testkit.CNY("2"))), nil, "1"},
		{"CNY and USD", client(h("A", testkit.CNY("1")), h("B", testkit.USD("2"))), nil, "2"},
		{"USD only", client(h("A", testkit.USD("1"))), nil, "1"},
		{"CNY, USD, HKD and USD again", client(h("A", testkit.CNY("1")), h("B", testkit.USD("2")),
			h("C", testkit.Money("3", "HKD")), h("D", testkit.USD("4"))), nil, "3"},
		{"a zero holding does not count", client(h("A", testkit.CNY("1")), h("B", testkit.USD("0"))), nil, "1"},
		{"a zero holding before a positive one in the same currency", client(h("A", testkit.USD("0")),
			h("B", testkit.USD("5")), h("C", testkit.CNY("1"))), nil, "2"},
		{"only zero holdings", client(h("A", testkit.USD("0")), h("B", testkit.CNY("0"))), nil, "0"},
		{"foreign-invested but in CNY: one currency", client(h("A", testkit.CNY("1")),
			vipcare.Holding{ID: "B", Class: vipcare.Funds, Amount: testkit.CNY("1"), Foreign: true}), nil, "1"},
		{"eight currencies, each twice: the list of the few", manyCurrencies(8, 2), manyRates, "8"},
		{"nine currencies, each twice: the set of every code", manyCurrencies(9, 2), manyRates, "9"},
		{"26 currencies, each three times", manyCurrencies(26, 3), manyRates, "26"},
		{"26 currencies, each three times, half of them zero", manyCurrencies(26, -3), manyRates, "13"},
	})
}

// manyCurrencies is a client with a holding of 1 in each of n currencies
// from "AAA" to "ZAA", in turn, times times; with times < 0, -times times
// and the holdings in every other currency zero.
func manyCurrencies(n, times int) vipcare.Profile {
	var p vipcare.Profile
	p.ID = "T-0001"
	for i := range n * max(times, -times) {
		k := i % n
		amount := "1"
		if times < 0 && k%2 == 1 {
			amount = "0"
		}
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H" + strconv.Itoa(i), Class: vipcare.Deposits,
			Amount: testkit.Money(amount, vipcare.Currency([]byte{byte('A' + k), 'A', 'A'}))})
	}
	return p
}

// manyRates values in CNY with a rate of 1 for "AAA" to "ZAA".
func manyRates() vipcare.Valuation {
	rates := map[vipcare.Currency]decimal.Decimal{}
	for k := range 26 {
		rates[vipcare.Currency([]byte{byte('A' + k), 'A', 'A'})] = decimal.NewFromInt(1)
	}
	v := valuation()
	v.Rates = policy.Must(vipcare.NewRates(vipcare.CNY, rates))
	return v
}

func TestFieldShareCashAndFixedIncome(t *testing.T) {
	runFieldCases(t, "share.cash_and_fixed_income", []fieldCase{
		{"no wealth", client(), nil, "0"},
		{"deposits only", client(at("D", vipcare.Deposits, "100")), nil, "1"},
		{"deposits and fixed income, half of wealth", client(at("D", vipcare.Deposits, "300"),
			off("F", vipcare.FixedIncome, "200"), off("R", vipcare.RealEstate, "500")), nil, "0.5"},
		{"off-bank deposits count (a share of wealth, not of AUM)", client(off("D", vipcare.Deposits, "250"),
			at("E", vipcare.Equities, "750")), nil, "0.25"},
		{"wealth products are not cash", client(at("W", vipcare.WealthProducts, "500"),
			at("D", vipcare.Deposits, "500")), nil, "0.5"},
		{"truncated to millionths", client(at("D", vipcare.Deposits, "1"), at("E", vipcare.Equities, "2")), nil, "0.333333"},
		{"a USD deposit converted", client(vipcare.Holding{ID: "U", Class: vipcare.Deposits, Amount: testkit.USD("100")},
			at("E", vipcare.Equities, "287.66")), nil, "0.71234"}, // 712.34 of 1000
	})
}

func TestFieldSharePropertyAndBusiness(t *testing.T) {
	runFieldCases(t, "share.property_and_business", []fieldCase{
		{"no wealth", client(), nil, "0"},
		{"neither", client(at("D", vipcare.Deposits, "100")), nil, "0"},
		{"real estate and business, half of wealth", client(at("D", vipcare.Deposits, "500"),
			off("R", vipcare.RealEstate, "300"), off("B", vipcare.BusinessEquity, "200")), nil, "0.5"},
		{"real estate only", client(off("R", vipcare.RealEstate, "100")), nil, "1"},
		{"business equity only, just under a fifth", client(off("B", vipcare.BusinessEquity, "199999"),
			at("D", vipcare.Deposits, "800001")), nil, "0.199999"},
	})
}

func TestFieldMaxClassShare(t *testing.T) {
	runFieldCases(t, "max_class_share", []fieldCase{
		{"no holdings", client(), nil, "0"},
		{"one class", client(at("D", vipcare.Deposits, "100")), nil, "1"},
		{"the largest of three", client(at("D", vipcare.Deposits, "200"), at("F", vipcare.Funds, "600"),
			off("R", vipcare.RealEstate, "200")), nil, "0.6"},
		{"holdings of a class add up, at the bank and off", client(at("D1", vipcare.Deposits, "300"),
			off("D2", vipcare.Deposits, "300"), off("R", vipcare.RealEstate, "400")), nil, "0.6"},
		{"a tie", client(at("D", vipcare.Deposits, "500"), off("R", vipcare.RealEstate, "500")), nil, "0.5"},
		{"zero holdings only", client(at("D", vipcare.Deposits, "0")), nil, "0"},
		{"a bank's own class counts", client(at("D", vipcare.Deposits, "100"), off("A", "art", "300")), nil, "0.75"},
	})
}

func TestFieldLeverage(t *testing.T) {
	debt := func(p vipcare.Profile, amounts ...string) vipcare.Profile {
		for i, a := range amounts {
			p.Liabilities = append(p.Liabilities, vipcare.Liability{ID: "L" + string(rune('0'+i)), Amount: testkit.CNY(a)})
		}
		return p
	}
	million := func() vipcare.Profile {
		return client(at("D", vipcare.Deposits, "600000"), off("R", vipcare.RealEstate, "400000"))
	}
	runFieldCases(t, "leverage", []fieldCase{
		{"no debts", million(), nil, "0"},
		{"exactly 0.3", debt(million(), "300000"), nil, "0.3"},
		{"just under 0.3, truncated", debt(million(), "299999.9999"), nil, "0.299999"},
		{"debts add up", debt(million(), "100000", "200000"), nil, "0.3"},
		{"debts equal to wealth", debt(million(), "1000000"), nil, "1"},
		{"debts of 20 times wealth", debt(million(), "20000000"), nil, "20"},
		{"capped at 1000 times wealth", debt(client(at("D", vipcare.Deposits, "1")), "5000"), nil, "1000"},
		{"zero wealth with debts: the cap", debt(client(), "1"), nil, "1000"},
		{"zero wealth in zero holdings with debts: the cap", debt(client(at("D", vipcare.Deposits, "0")), "1"), nil, "1000"},
		{"zero wealth, no debts", client(), nil, "0"},
		{"zero wealth, zero debts", debt(client(), "0"), nil, "0"},
		{"a USD debt converted", func() vipcare.Profile {
			p := million()
			p.Liabilities = []vipcare.Liability{{ID: "L", Amount: testkit.USD("10000")}}
			return p
		}(), nil, "0.071234"},
	})
}

func TestFieldDaysSinceBusinessSale(t *testing.T) {
	sale := func(d time.Time) vipcare.Event {
		return event(vipcare.EventBusinessSale, d, testkit.CNY("1000000"))
	}
	runFieldCases(t, "days_since_business_sale", []fieldCase{
		{"no events", withEvents(), nil, "-1"},
		{"on the as-of date", withEvents(sale(testkit.Day(2025, 6, 30))), nil, "0"},
		{"the day before", withEvents(sale(testkit.Day(2025, 6, 29))), nil, "1"},
		{"365 days before, across 29 February 2024", withEvents(sale(testkit.Day(2024, 6, 30))), nil, "365"},
		{"366 days before", withEvents(sale(testkit.Day(2024, 6, 29))), nil, "366"},
		{"future-dated only", withEvents(sale(testkit.Day(2025, 7, 1))), nil, "-1"},
		{"a future sale and a past one: the past one", withEvents(sale(testkit.Day(2025, 7, 1)),
			sale(testkit.Day(2025, 6, 20))), nil, "10"},
		{"the latest of two, in any order", withEvents(sale(testkit.Day(2025, 6, 20)), sale(testkit.Day(2020, 1, 1))), nil, "10"},
		{"the latest of two, other order", withEvents(sale(testkit.Day(2020, 1, 1)), sale(testkit.Day(2025, 6, 20))), nil, "10"},
		{"other kinds do not count", withEvents(event(vipcare.EventLargeInflow, testkit.Day(2025, 6, 1), testkit.CNY("1")),
			event(vipcare.EventMaturity, testkit.Day(2025, 6, 1), testkit.CNY("1"))), nil, "-1"},
		{"an instant in UTC taken as a date in the as-of location",
			withEvents(sale(time.Date(2025, 6, 29, 20, 0, 0, 0, time.UTC))), nil, "0"}, // 30 June 04:00 CST
		{"later in the as-of day than the as-of instant", withEvents(sale(time.Date(2025, 6, 30, 23, 0, 0, 0, testkit.CST))), nil, "0"},
	})
}

func TestFieldDaysSinceLargeInflow(t *testing.T) {
	inflow := func(d time.Time) vipcare.Event {
		return event(vipcare.EventLargeInflow, d, testkit.CNY("500000"))
	}
	runFieldCases(t, "days_since_large_inflow", []fieldCase{
		{"no events", withEvents(), nil, "-1"},
		{"on the as-of date", withEvents(inflow(testkit.Day(2025, 6, 30))), nil, "0"},
		{"30 days before", withEvents(inflow(testkit.Day(2025, 5, 31))), nil, "30"},
		{"future-dated only", withEvents(inflow(testkit.Day(2025, 7, 1))), nil, "-1"},
		{"the latest of several", withEvents(inflow(testkit.Day(2025, 1, 1)), inflow(testkit.Day(2025, 6, 25)),
			inflow(testkit.Day(2025, 3, 1))), nil, "5"},
		{"outflows and business sales do not count", withEvents(
			event(vipcare.EventLargeOutflow, testkit.Day(2025, 6, 29), testkit.CNY("1")),
			event(vipcare.EventBusinessSale, testkit.Day(2025, 6, 29), testkit.CNY("1"))), nil, "-1"},
	})
}

func TestFieldMaturing90d(t *testing.T) {
	mat := func(d time.Time, m vipcare.Money) vipcare.Event { return event(vipcare.EventMaturity, d, m) }
	onlyUSD := func() vipcare.Valuation {
		r := policy.Must(vipcare.NewRates(vipcare.CNY, map[vipcare.Currency]decimal.Decimal{
			vipcare.USD: testkit.Dec("7.1234"),
		}))
		return vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY, Rates: r}
	}
	noRates := func() vipcare.Valuation {
		return vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}
	}
	runFieldCases(t, "maturing_90d", []fieldCase{
		{"no events", withEvents(), nil, "0"},
		{"maturing on the as-of date", withEvents(mat(testkit.Day(2025, 6, 30), testkit.CNY("1000"))), nil, "1000"},
		{"in 90 days", withEvents(mat(testkit.Day(2025, 9, 28), testkit.CNY("1000"))), nil, "1000"},
		{"in 91 days", withEvents(mat(testkit.Day(2025, 9, 29), testkit.CNY("1000"))), nil, "0"},
		{"matured yesterday", withEvents(mat(testkit.Day(2025, 6, 29), testkit.CNY("1000"))), nil, "0"},
		{"several add up", withEvents(mat(testkit.Day(2025, 7, 1), testkit.CNY("1000.5")), mat(testkit.Day(2025, 8, 1), testkit.CNY("2000.25")),
			mat(testkit.Day(2026, 1, 1), testkit.CNY("99999"))), nil, "3000.75"},
		{"USD converted at 7.1234", withEvents(mat(testkit.Day(2025, 7, 15), testkit.USD("1000"))), nil, "7123.4"},
		{"CNY and USD", withEvents(mat(testkit.Day(2025, 7, 15), testkit.USD("1000")), mat(testkit.Day(2025, 7, 16), testkit.CNY("876.6"))), nil, "8000"},
		{"a maturity without an amount counts 0", withEvents(mat(testkit.Day(2025, 7, 15), vipcare.Money{})), nil, "0"},
		{"the largest amounts saturate, none is dropped", withEvents(mat(testkit.Day(2025, 7, 15), testkit.CNY("99999999999999.9999")),
			mat(testkit.Day(2025, 7, 16), testkit.CNY("99999999999999.9999"))), nil, "99999999999999.9999"},
		{"other kinds do not count", withEvents(event(vipcare.EventLargeInflow, testkit.Day(2025, 7, 1), testkit.CNY("1000")),
			event(vipcare.EventBirthday, testkit.Day(2025, 7, 1), testkit.CNY("1000"))), nil, "0"},
		{"an instant in UTC taken as a date in the as-of location", withEvents(
			mat(time.Date(2025, 9, 28, 20, 0, 0, 0, time.UTC), testkit.CNY("1000"))), nil, "0"}, // 29 September CST: 91 days
	})

	// An amount maturing_90d could not sum is refused by Figures, as
	// Validate refuses it, never summed as 0.
	for _, tt := range []struct {
		name string
		p    vipcare.Profile
		v    func() vipcare.Valuation
		want error
	}{
		{"a currency without a rate", withEvents(mat(testkit.Day(2025, 7, 15), testkit.Money("1000", "EUR"))), valuation, vipcare.ErrNoRate},
		{"HKD without a rate in this valuation", withEvents(mat(testkit.Day(2025, 7, 15), testkit.Money("1000", "HKD"))), onlyUSD, vipcare.ErrNoRate},
		{"no rates at all", withEvents(mat(testkit.Day(2025, 7, 15), testkit.USD("1000"))), noRates, vipcare.ErrNoRate},
		{"a malformed currency", withEvents(mat(testkit.Day(2025, 7, 15), vipcare.Money{Amount: testkit.Dec("1000"), Currency: "usd"})),
			valuation, policy.ErrMalformed},
		{"too many decimal places", withEvents(mat(testkit.Day(2025, 7, 15), vipcare.Money{Amount: testkit.Dec("1.00001"), Currency: vipcare.CNY})),
			valuation, policy.ErrOutOfRange},
		{"negative", withEvents(mat(testkit.Day(2025, 7, 15), vipcare.Money{Amount: testkit.Dec("-1000"), Currency: vipcare.CNY})),
			valuation, vipcare.ErrNegative},
		{"long matured, still refused", withEvents(mat(testkit.Day(2020, 1, 1), testkit.Money("1000", "EUR"))), valuation, vipcare.ErrNoRate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.v().Figures(&tt.p)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), "/events/0/amount")
			assert.ErrorIs(t, tt.p.Validate(tt.v()), tt.want, "Validate refuses it too: a profile it accepts has figures")
		})
	}
}

// The qualification fields; the cases are those of tier's
// TestQualificationRules that turn on these fields' values (dormant for 12
// and 11 months, activity unknown, an assessment 12 months old, never
// assessed, KYC expired and expiring later).

func TestFieldMonthsDormant(t *testing.T) {
	active := func(d time.Time) vipcare.Profile {
		p := client(at("D", vipcare.Deposits, "600000"))
		p.LastActive = d
		return p
	}
	runFieldCases(t, "months_dormant", []fieldCase{
		{"dormant for 12 months", active(testkit.Day(2024, 6, 30)), nil, "12"},
		{"dormant for 11 months", active(testkit.Day(2024, 7, 1)), nil, "11"},
		{"activity unknown is not dormancy", active(time.Time{}), nil, "-1"},
		{"active on the as-of date", active(testkit.Day(2025, 6, 30)), nil, "0"},
		{"active ten days ago", active(testkit.Day(2025, 6, 20)), nil, "0"},
		{"an instant in UTC taken as a date in the as-of location", // 30 June 2024 04:00 CST
			active(time.Date(2024, 6, 29, 20, 0, 0, 0, time.UTC)), nil, "12"},
	})
}

func TestFieldRiskAssessmentAgeMonths(t *testing.T) {
	assessed := func(r vipcare.RiskLevel, d time.Time) vipcare.Profile {
		p := client(at("D", vipcare.Deposits, "600000"))
		p.Risk, p.RiskAssessed = r, d
		return p
	}
	runFieldCases(t, "risk_assessment_age_months", []fieldCase{
		{"assessed recently", assessed(vipcare.C3, testkit.Day(2025, 1, 10)), nil, "5"},
		{"risk assessment 12 months old", assessed(vipcare.C3, testkit.Day(2024, 6, 30)), nil, "12"},
		{"a day short of 12 months", assessed(vipcare.C3, testkit.Day(2024, 7, 1)), nil, "11"},
		{"never assessed", assessed("", testkit.Day(2025, 1, 10)), nil, "-1"},
		{"a level without an assessment date", assessed(vipcare.C3, time.Time{}), nil, "-1"},
		{"assessed on the as-of date", assessed(vipcare.C3, testkit.Day(2025, 6, 30)), nil, "0"},
		{"dated the day after the as-of date: no assessment yet", assessed(vipcare.C3, testkit.Day(2025, 7, 1)), nil, "-1"},
		{"a mistyped year 20 years ahead", assessed(vipcare.C3, testkit.Day(2045, 1, 10)), nil, "-1"},
	})
}

// Figures whose AsOf is moved, as tier.ObservePeriods moves a copy to each
// period, do not read what Compute cached for the first date: the tenure
// and the risk assessment's age follow the new date.
func TestFieldsFollowAMovedAsOf(t *testing.T) {
	p := client(at("D", vipcare.Deposits, "600000"))
	p.Since, p.Risk, p.RiskAssessed = testkit.Day(2020, 6, 30), vipcare.C3, testkit.Day(2024, 12, 31)
	f := testkit.Figures(t, &p, valuation()) // as of 2025-06-30
	require.Equal(t, "60", fieldValue(t, nil, "tenure_months", f))
	require.Equal(t, "5", fieldValue(t, nil, "risk_assessment_age_months", f))
	for _, tt := range []struct {
		name          string
		asOf          time.Time
		tenure, aging string
	}{
		{"a month later", testkit.Day(2025, 7, 31), "61", "7"},
		{"a year later", testkit.Day(2026, 6, 30), "72", "17"},
		{"before the assessment", testkit.Day(2024, 12, 30), "54", "-1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := *f
			g.AsOf = tt.asOf
			assert.Equal(t, tt.tenure, fieldValue(t, nil, "tenure_months", &g))
			assert.Equal(t, tt.aging, fieldValue(t, nil, "risk_assessment_age_months", &g))
		})
	}
}

// Figures pointed at another profile after Compute (a copy reused for
// another client) read that profile's tenure and assessment age, as they
// read its other dates, not the cached ones of the first.
func TestFieldsFollowAnotherProfile(t *testing.T) {
	a := client(at("D", vipcare.Deposits, "600000"))
	a.Since, a.Risk, a.RiskAssessed = testkit.Day(2015, 1, 1), vipcare.C3, testkit.Day(2024, 12, 31)
	b := client(at("D", vipcare.Deposits, "600000"))
	b.Since, b.Risk, b.RiskAssessed = testkit.Day(2024, 1, 1), vipcare.C3, testkit.Day(2025, 5, 1)
	fa := *testkit.Figures(t, &a, valuation())
	fb := testkit.Figures(t, &b, valuation())
	fa.Profile = &b
	for _, name := range []string{"tenure_months", "risk_assessment_age_months"} {
		assert.Equal(t, fieldValue(t, nil, name, fb), fieldValue(t, nil, name, &fa), name)
	}
}

func TestFieldKYCExpired(t *testing.T) {
	kyc := func(d time.Time) vipcare.Event { return vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: d} }
	runFieldCases(t, "kyc_expired", []fieldCase{
		{"no expiry", withEvents(), nil, "false"},
		{"KYC expired on the as-of date", withEvents(kyc(testkit.Day(2025, 6, 30))), nil, "true"},
		{"KYC expired a year ago", withEvents(kyc(testkit.Day(2024, 6, 30))), nil, "true"},
		{"KYC expiring later", withEvents(kyc(testkit.Day(2025, 7, 1))), nil, "false"},
		{"another kind of expiry does not count", withEvents(vipcare.Event{Kind: vipcare.EventRiskAssessmentExpiry,
			Date: testkit.Day(2025, 6, 1)}), nil, "false"},
		{"an old expiry renewed since: a later one recorded", withEvents(kyc(testkit.Day(2026, 1, 1)), kyc(testkit.Day(2025, 6, 1))), nil, "false"},
		{"the latest of several expired", withEvents(kyc(testkit.Day(2024, 1, 1)), kyc(testkit.Day(2025, 6, 1))), nil, "true"},
		{"an expiry with no date is not one", withEvents(kyc(time.Time{})), nil, "false"},
		{"an expiry with no date beside an expired one", withEvents(kyc(time.Time{}), kyc(testkit.Day(2025, 6, 1))), nil, "true"},
		{"an instant in UTC taken as a date in the as-of location", // 1 July 00:30 CST
			withEvents(kyc(time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC))), nil, "false"},
	})
}
