package redacttest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/sample"
)

// assertProblems checks that err is a policy.Problems whose every problem
// wraps a sentinel error and whose text, names and choices show none of
// the canaries.
func assertProblems(t *testing.T, what string, err error) {
	t.Helper()
	require.Error(t, err, what)
	var ps policy.Problems
	require.True(t, errors.As(err, &ps), "%s: %T is not policy.Problems: %v", what, err, err)
	require.NotEmpty(t, ps, what)
	sentinels := []error{policy.ErrMissing, policy.ErrMalformed, policy.ErrDuplicate, policy.ErrUnknown,
		policy.ErrOutOfRange, policy.ErrTooMany, policy.ErrOrder, policy.ErrTypeMismatch, policy.ErrNoDataForm,
		policy.ErrOverlap, policy.ErrCycle, policy.ErrStage, vipcare.ErrNegative, vipcare.ErrOverflow,
		vipcare.ErrNoRate, vipcare.ErrCurrency}
	for _, p := range ps {
		assert.True(t, slicesContainsFunc(sentinels, func(s error) bool { return errors.Is(p.Err, s) }),
			"%s: %v wraps no sentinel", what, p.Err)
		texts := append([]string{p.Name, fmt.Sprint(p.Err), fmt.Sprintf("%+v", p)}, p.Choices...)
		for _, text := range texts {
			if s := leak(text, canaryForms()); s != "" {
				t.Errorf("%s: a problem shows %q: %s", what, s, text)
			}
		}
	}
	if s := leak(err.Error(), canaryForms()); s != "" {
		t.Errorf("%s: the error shows %q: %v", what, s, err)
	}
}

func slicesContainsFunc(errs []error, f func(error) bool) bool {
	for _, e := range errs {
		if f(e) {
			return true
		}
	}
	return false
}

// TestDecodeErrorsRedacted decodes profiles whose values are wrong and
// carry canaries, and checks that every error is policy.Problems, typed,
// and quotes no value: strict decoding (json.Unmarshal and
// policy.Unmarshal), amounts, validation and figures.
func TestDecodeErrorsRedacted(t *testing.T) {
	docs := map[string]string{
		"malformed amount":         `{"id": "C", "holdings": [{"id": "H", "class": "deposits", "amount": {"amount": "9876543.21x", "currency": "CNY"}}]}`,
		"amount with an exponent":  `{"id": "C", "revenue_12m": {"amount": 9876543.21e99999999999, "currency": "CNY"}}`,
		"amount of the wrong type": `{"id": "C", "revenue_12m": {"amount": ["9876543.21"], "currency": "CNY"}}`,
		"ownership malformed":      `{"id": "C", "corporates": [{"id": "CANARY-ID-77", "ownership": "9876543..21"}]}`,
		"ID of the wrong type":     `{"id": 9876543210987, "holdings": [{"id": ["CANARY-ID-77"]}]}`,
		"date malformed":           `{"id": "CANARY-ID-77", "since": "9876543-01-01", "events": [{"kind": "maturity", "date": "CANARY-ID-77"}]}`,
		"flag of the wrong type":   `{"id": "CANARY-ID-77", "entrepreneur": "CANARY-ID-77", "investor": {"experience_years": "9876543"}}`,
		"experience malformed":     `{"id": "CANARY-ID-77", "investor": {"experience_years": 9876543.21}}`,
		"list of the wrong type":   `{"id": "CANARY-ID-77", "holdings": "CANARY-ID-77", "events": 9876543}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			var p vipcare.Profile
			assertProblems(t, "json.Unmarshal", json.Unmarshal([]byte(doc), &p))
			assertProblems(t, "policy.Unmarshal", policy.Unmarshal([]byte(doc), &p))
		})
	}
	// Text that is not JSON: json.Unmarshal checks the syntax before it
	// calls UnmarshalJSON, and fails with its own *json.SyntaxError, which
	// quotes one character at most.
	for _, doc := range []string{
		`{"id": "CANARY-ID-77", "holdings": [{"id": "CANARY-ID-77", "amount": {"amount": "9876543.21`,
		`{"id": "CANARY-ID-77", "revenue_12m": {"amount": 9876543.21x}}`,
	} {
		var p vipcare.Profile
		assertProblems(t, "policy.Unmarshal", policy.Unmarshal([]byte(doc), &p))
		err := json.Unmarshal([]byte(doc), &p)
		var syntax *json.SyntaxError
		require.ErrorAs(t, err, &syntax)
		assert.Empty(t, leak(err.Error(), canaryForms()), "%v", err)
	}

	_, err := vipcare.NewMoney("9876543.21x", vipcare.CNY)
	assertProblems(t, "NewMoney", err)
	_, err = vipcare.NewMoney("9876543210987654321.21", vipcare.CNY)
	assertProblems(t, "NewMoney out of range", err)
	var a vipcare.Amount
	assertProblems(t, "Amount.UnmarshalText", a.UnmarshalText([]byte("9876543.21x")))
	assertProblems(t, "Amount.UnmarshalText out of range", a.UnmarshalText([]byte("9876543210987654321")))
	_, err = vipcare.ToAmount(decimal.RequireFromString("9876543.123456789"))
	assertProblems(t, "ToAmount", err)

	// A profile whose identifiers repeat, whose amounts are negative, out
	// of range or in a currency without a rate, and whose event names a
	// holding it does not have.
	o := sample.Options{Seed: 3}
	v := sample.Valuation(o)
	p := sample.Profile(o, 0)
	p.ID = canaryID
	p.Holdings = []vipcare.Holding{
		{ID: canaryID, Class: vipcare.Deposits, Amount: vipcare.Money{Amount: decimal.RequireFromString("-9876543.21"), Currency: vipcare.CNY}},
		{ID: canaryID, Class: vipcare.Funds, Amount: vipcare.Money{Amount: decimal.RequireFromString("98765432109876543.21"), Currency: vipcare.CNY}},
		{ID: canaryID + "-2", Class: vipcare.Funds, Amount: vipcare.Money{Amount: decimal.RequireFromString("9876543.21"), Currency: "XTS"}},
	}
	p.Liabilities = []vipcare.Liability{{ID: canaryID, Amount: vipcare.Money{Amount: decimal.RequireFromString("-9876543.21"), Currency: vipcare.CNY}}}
	p.Corporates = []vipcare.CorporateLink{{ID: canaryID, Role: vipcare.RoleOwner, Ownership: decimal.RequireFromString("9876543.21")}}
	p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventMaturity, Date: v.AsOf, Holding: canaryID + "-X",
		Amount: vipcare.Money{Amount: decimal.RequireFromString("-9876543.21"), Currency: vipcare.CNY}})
	assertProblems(t, "Validate", p.Validate(v))
	_, err = v.Figures(&p)
	assertProblems(t, "Figures", err)
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	require.NoError(t, err)
	_, err = pb.Decide(&p, v, playbook.Options{}, nil)
	assertProblems(t, "Decide", err)
	_, err = pb.Explain(&p, v, playbook.Options{Values: true})
	assertProblems(t, "Explain", err)

	// Overflow: holdings whose total passes the bounds of an int64.
	q := sample.Profile(o, 1)
	q.ID = canaryID
	q.Holdings = nil
	for range 20 {
		q.Holdings = append(q.Holdings, vipcare.Holding{ID: canaryID + strings.Repeat("x", len(q.Holdings)),
			Class: vipcare.Deposits, Amount: vipcare.Money{Amount: decimal.RequireFromString("98765432109876.5432"), Currency: vipcare.CNY}})
	}
	_, err = v.Figures(&q)
	assertProblems(t, "Figures overflow", err)

	// The RM book: repeated and empty client IDs, negative values, a task
	// whose client is not in the book.
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	b := rm.Book{
		Managers: []rm.Manager{{ID: "RM-1", Role: contact.RM}},
		Clients: []rm.Client{{ID: canaryID, Role: contact.RM, Value: -9876543210987},
			{ID: canaryID, Role: contact.RM, Value: 9876543210987}, {Role: contact.RM}},
	}
	_, err = c.Assign(b, rm.AssignOptions{})
	assertProblems(t, "Assign", err)
	_, err = c.Report(b)
	assertProblems(t, "Report", err)
	b.Clients = b.Clients[1:2]
	_, err = c.Schedule(b, []contact.Task{{ID: "t", Client: canaryID + "-X", RM: "RM-1", Minutes: 9876543}}, v.AsOf, 30)
	assertProblems(t, "Schedule", err)
}
