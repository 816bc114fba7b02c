package redacttest_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// canaryAccounts returns the first n clients of a sample book with daily
// balances, every identifier (client, holdings, liabilities, corporate
// links, references) starting with canaryID.
func canaryAccounts(n int) ([]book.Account, vipcare.Valuation, tier.Period) {
	o := sample.Options{Seed: 11, DailyDays: 92}
	var accs []book.Account
	for i, p := range sample.Profiles(o, n) {
		p.ID = canaryID + "-C" + strconv.Itoa(i)
		for j := range p.Holdings {
			p.Holdings[j].ID = canaryID + "-" + p.Holdings[j].ID
		}
		for j := range p.Events {
			if p.Events[j].Holding != "" {
				p.Events[j].Holding = canaryID + "-" + p.Events[j].Holding
			}
		}
		for j := range p.Liabilities {
			p.Liabilities[j].ID = canaryID + "-L" + strconv.Itoa(j)
		}
		for j := range p.Corporates {
			p.Corporates[j].ID = canaryID + "-" + p.Corporates[j].ID
		}
		accs = append(accs, book.Account{Ref: canaryID + "-REF" + strconv.Itoa(i), Profile: p})
	}
	v := sample.Valuation(o)
	return accs, v, tier.MonthOf(v.AsOf)
}

// secrets returns the texts that betray the client's amounts: the integer
// part of every amount of the profile, of its figures' totals and of the
// period's measure, plain and grouped by thousands, when it has six digits
// or more (shorter ones could be a policy's).
func secrets(p *vipcare.Profile, f *vipcare.Figures, measure vipcare.Amount) []string {
	var out []string
	add := func(d decimal.Decimal) {
		s := d.Abs().Truncate(0).String()
		if len(s) >= 6 {
			out = append(out, s, group(s))
		}
	}
	for _, h := range p.Holdings {
		add(h.Amount.Amount)
	}
	for _, l := range p.Liabilities {
		add(l.Amount.Amount)
	}
	for _, m := range []vipcare.Money{p.Revenue12M, p.Investor.FinancialAssets, p.Investor.NetFinancialAssets,
		p.Investor.AverageIncome3Y} {
		add(m.Amount)
	}
	for _, b := range p.DailyBalances {
		add(b.Balance.Amount)
	}
	for _, a := range p.AverageBalances {
		add(a.Average.Amount)
	}
	for _, e := range p.Events {
		add(e.Amount.Amount)
	}
	for _, a := range []vipcare.Amount{f.AUM, f.OffBank, f.Wealth, f.Foreign, f.Liabilities, f.Revenue12M,
		f.FinancialAssets, f.NetFinancialAssets, f.AverageIncome3Y, f.Wealth - f.Liabilities, measure} {
		add(a.Decimal())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// group groups the digits of an integer by thousands.
func group(s string) string {
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// leak returns the first of secrets that out contains, or "".
func leak(out string, secrets []string) string {
	for _, s := range secrets {
		if strings.Contains(out, s) {
			return s
		}
	}
	return ""
}

// numeric reports whether channel is a numeric verb of fmt, which prints
// a pointer as a number.
func numeric(channel string) bool {
	for _, verb := range []string{"%d", "%o", "%b", "%e", "%10.3f"} {
		if strings.HasPrefix(channel, verb+" ") {
			return true
		}
	}
	return false
}

// leakIn is leak for out, a channel's output: in the hexadecimal output of
// %x and %X, where any digits may occur, it looks for the secrets in
// hexadecimal.
func leakIn(out output, secrets []string) string {
	if !strings.HasPrefix(out.channel, "%x") && !strings.HasPrefix(out.channel, "%X") {
		return leak(out.text, secrets)
	}
	for _, s := range secrets {
		if x := hex.EncodeToString([]byte(s)); strings.Contains(strings.ToLower(out.text), x) {
			return s
		}
	}
	return ""
}

// pointerText is an address as fmt prints a pointer it follows no method
// of.
var pointerText = regexp.MustCompile(`0x[0-9a-f]{8,}`)

// TestPipelineRedacted runs the reference policy over a book of canary
// clients, not asking for values, as a monthly run does: decisions,
// explanations (the types rendered on request), records, scratches,
// figures, accounts, results and tasks, then the RM side (book, roster,
// schedule). Every output, through every channel, shows no identifier and
// no amount of a client, but a record's JSON (a storage form), which
// keeps the caller's reference and no amount. Asked for values, the same
// outputs show amounts: the test sees them when they are there.
func TestPipelineRedacted(t *testing.T) {
	pb, err := playbook.Reference(sample.Shelf()).Compile(nil)
	require.NoError(t, err)
	accs, v, period := canaryAccounts(30)
	ids := canaryForms()
	check := func(t *testing.T, what string, x any, c class, hidden []string) {
		t.Helper()
		for _, out := range render(reflect.ValueOf(x), c) {
			h := hidden
			if !numeric(out.channel) && !strings.Contains(out.channel, "pointer slice") && pointerText.MatchString(out.text) {
				// an address means fmt followed a pointer no method
				// formats, and its digits can pass for a canary amount
				// (in a slice of pointers %#v prints the elements'
				// addresses whatever they are)
				t.Errorf("%s through %s prints a pointer: %s", what, out.channel, out.text)
				return
			}
			if numeric(out.channel) {
				// digits of pointers printed as numbers could pass for an
				// amount: only the IDs, which TestRedaction checks
				// these verbs against.
				h = ids
			}
			if s := leakIn(out, h); s != "" {
				t.Errorf("%s through %s shows %q: %s", what, out.channel, s, out.text)
				return
			}
		}
	}
	storedJSON := func(t *testing.T, what string, x any, amounts []string) {
		t.Helper()
		b, err := json.Marshal(x)
		require.NoError(t, err)
		if s := leak(string(b), amounts); s != "" {
			t.Errorf("%s's JSON shows the amount %q: %s", what, s, b)
		}
	}

	var all []string // every client's secrets, for the book-level outputs
	var scratch playbook.Scratch
	var tasks []contact.Task
	var clients []rm.Client
	shown := 0
	for i := range accs {
		a := &accs[i]
		f, err := v.Figures(&a.Profile)
		require.NoError(t, err)
		o := playbook.Options{Period: period}
		d, err := pb.Decide(&a.Profile, v, o, &scratch)
		require.NoError(t, err)
		amounts := secrets(&a.Profile, &f, d.Step.Value)
		all = append(all, amounts...)
		hidden := append(slices.Clone(ids), amounts...)
		name := "client " + strconv.Itoa(i)

		x, err := pb.Explain(&a.Profile, v, o)
		require.NoError(t, err)
		check(t, name+" decision", d, clientData, hidden)
		check(t, name+" explanation", x, clientData, hidden)
		check(t, name+" scratch", scratch, clientData, hidden)
		check(t, name+" figures", f, clientData, hidden)
		check(t, name+" account", *a, clientData, hidden)
		check(t, name+" options", playbook.Options{Period: period, TierChange: &d.Step}, clientData, hidden)
		r := pb.Record(a.Ref, &d)
		check(t, name+" record", r, storageForm, hidden)
		storedJSON(t, name+" record", r, amounts)
		for _, fired := range d.Tasks {
			if fired.Code == "" {
				task := fired.Task(a.Ref)
				task.RM = "RM-1"
				tasks = append(tasks, task)
				check(t, name+" task", task, clientData, hidden)
			}
		}
		role := d.Strategy.Owner
		if role == 0 {
			role = contact.RM
		}
		clients = append(clients, rm.Client{ID: a.Ref, Role: role, Minutes: 60, Value: int64(f.AUM / 10_000),
			Contact: a.Profile.Contact})

		// Asked for values, the explanation and the record show amounts.
		o.Values = true
		x, err = pb.Explain(&a.Profile, v, o)
		require.NoError(t, err)
		d, err = pb.Decide(&a.Profile, v, o, &scratch)
		require.NoError(t, err)
		b, err := json.Marshal(vipcare.Disclosed(pb.Record(a.Ref, &d)))
		require.NoError(t, err)
		if leak(fmt.Sprint(x), amounts) != "" && leak(string(b), amounts) != "" {
			shown++
		}
	}
	require.Positive(t, shown, "asked for values, no explanation and record show an amount: the test cannot see them")

	n := 0
	_, err = book.Run(func(yield func(book.Account) bool) {
		for _, a := range accs {
			if !yield(a) {
				return
			}
		}
	}, pb, v, period, book.Options{}, func(i int, r *book.Result) error {
		check(t, "result "+strconv.Itoa(i), *r, storageForm, ids)
		storedJSON(t, "result "+strconv.Itoa(i), *r, all)
		n++
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, len(accs), n)

	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	hidden := append(slices.Clone(ids), all...)
	rb := rm.Book{Clients: clients}
	for k, role := range []contact.Role{contact.PrivateBanker, contact.SeniorRM, contact.RM, contact.DigitalTeam} {
		rb.Managers = append(rb.Managers, rm.Manager{ID: "RM-" + strconv.Itoa(k+1), Role: role, Minutes: 100_000})
	}
	check(t, "rm book", rb, clientData, hidden)
	roster, err := c.Assign(rb, rm.AssignOptions{})
	require.NoError(t, err)
	check(t, "roster", roster, clientData, hidden)
	for _, al := range roster.Allocations {
		check(t, "allocation", al, clientData, hidden)
	}
	plan, err := c.Schedule(roster.Book, tasks, v.AsOf, 90)
	require.NoError(t, err)
	require.NotEmpty(t, plan.Scheduled)
	check(t, "plan", plan, clientData, hidden)
	check(t, "scheduled", plan.Scheduled[0], clientData, hidden)
	report, err := c.Report(roster.Book)
	require.NoError(t, err)
	check(t, "load report", report, clientData, hidden)
}
