package contact_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
)

// bkClients is the size of the sample books the compact paths are checked
// on against the text paths.
const bkClients = 10_000

// noteConstraints reads from the notes of a Choice the constraints they
// describe: what Select must report as bits.
func noteConstraints(notes []string) contact.Constraints {
	var c contact.Constraints
	for _, n := range notes {
		switch {
		case strings.HasPrefix(n, "do-not-contact:"):
			c |= contact.ConstraintDoNotContact
		case strings.HasPrefix(n, "discreet:"):
			c |= contact.ConstraintDiscreet
		case strings.Contains(n, " touches moved to "):
			c |= contact.ConstraintRerouted
		case strings.HasSuffix(n, " touches dropped: no consented channel"):
			c |= contact.ConstraintDropped
		}
	}
	return c
}

func TestSelectAgreesWithChoose(t *testing.T) {
	w := newWorld(t)
	// Without the catch-all rule, some clients match no rule; without rule
	// names, a Choice names a rule by its row.
	partial := contact.ReferenceStrategies()
	partial.Rules = partial.Rules[:len(partial.Rules)-1]
	for i := range partial.Rules {
		partial.Rules[i].Name = ""
	}
	specs := []struct {
		name string
		spec contact.StrategySpec
		// whether some client matches no rule
		unmatched bool
	}{
		{"reference", contact.ReferenceStrategies(), false},
		{"no catch-all rule, no rule names", partial, true},
	}
	books := []struct {
		name string
		asOf time.Time
	}{
		{"sample as-of", time.Time{}},
		{"late in a day in Santiago", time.Date(2026, time.August, 25, 18, 0, 0, 0, bkSantiago(t))},
	}
	for _, b := range books {
		book := bkBook(t, w, bkClients, b.asOf)
		for _, sp := range specs {
			t.Run(b.name+"/"+sp.name, func(t *testing.T) {
				st, err := sp.spec.Compile(nil, w.ladder, w.seg, w.adv)
				require.NoError(t, err)
				seen := map[any]int{}
				touches := make([]contact.Touch, 0, 8)
				for i := range book {
					c := &book[i].facts
					prefs := &c.Figures.Profile.Contact
					want := contact.ChooseReference(st, c)
					require.Equal(t, want, st.Choose(c), "client %d: Choose", i)

					sel := st.Select(c)
					require.Equal(t, sel, st.Select(c), "client %d: same selection twice", i)
					require.Equal(t, want, st.Choice(sel, prefs), "client %d: Choice renders the selection", i)
					name, rule := st.Names(sel)
					assert.Equal(t, want.Strategy.Name, name, "client %d", i)
					assert.Equal(t, want.Rule, rule, "client %d", i)
					assert.Equal(t, sp.spec.Strategies[sel.Strategy].Name, want.Strategy.Name, "client %d: strategy index", i)
					switch sel.Code {
					case contact.CodeNoProfiling:
						assert.Equal(t, "no profiling", want.Rule, "client %d", i)
						assert.Equal(t, -1, sel.Rule, "client %d", i)
					case contact.CodeNoRuleMatched:
						assert.Equal(t, "no rule matched", want.Rule, "client %d", i)
						assert.Equal(t, -1, sel.Rule, "client %d", i)
					default:
						assert.Empty(t, sel.Code, "client %d", i)
						assert.Equal(t, want.Strategy.Name, sp.spec.Rules[sel.Rule].Then, "client %d: rule index", i)
					}
					assert.Equal(t, want.Strategy.Owner, sel.Owner, "client %d", i)
					assert.Equal(t, want.Strategy.Plays, sel.Plays, "client %d", i)
					assert.Equal(t, noteConstraints(want.Constraints), sel.Constraints, "client %d: %q", i, want.Constraints)

					touches = st.Touches(touches[:0], sel, prefs)
					if len(want.Strategy.Touches) == 0 {
						assert.Empty(t, touches, "client %d", i)
					} else {
						assert.Equal(t, want.Strategy.Touches, touches, "client %d", i)
					}

					seen[sel.Code]++
					seen[want.Strategy.Name]++
					for _, bit := range []contact.Constraints{contact.ConstraintDoNotContact, contact.ConstraintDiscreet,
						contact.ConstraintRerouted, contact.ConstraintDropped} {
						if sel.Constraints&bit != 0 {
							seen[bit]++
						}
					}
				}
				// The book exercises every path, or the test proves little.
				for _, k := range []any{vipcare.Code(""), contact.CodeNoProfiling, contact.ConstraintDoNotContact,
					contact.ConstraintDiscreet, contact.ConstraintRerouted, contact.ConstraintDropped} {
					assert.Positive(t, seen[k], "no client with %v", k)
				}
				assert.Positive(t, seen[sp.spec.Default], "no client with the default strategy")
				for _, r := range sp.spec.Rules {
					assert.Positive(t, seen[r.Then], "no client with strategy %s", r.Then)
				}
				if sp.unmatched {
					assert.Positive(t, seen[contact.CodeNoRuleMatched], "no client matched no rule")
				}
			})
		}
	}
}

func TestConstraintsCodes(t *testing.T) {
	cases := []struct {
		name string
		c    contact.Constraints
		want []vipcare.Code
	}{
		{"none", 0, nil},
		{"discreet", contact.ConstraintDiscreet, []vipcare.Code{"discreet"}},
		{"do-not-contact", contact.ConstraintDoNotContact, []vipcare.Code{contact.CodeDoNotContact}},
		{"all, in order", contact.ConstraintDropped | contact.ConstraintRerouted | contact.ConstraintDiscreet |
			contact.ConstraintDoNotContact,
			[]vipcare.Code{"do_not_contact", "discreet", "touches_rerouted", "touches_dropped"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.c.Codes(nil))
			prefix := []vipcare.Code{"x"}
			assert.Equal(t, append(prefix, c.want...), c.c.Codes(prefix), "appends")
		})
	}
}

func TestSelectAllocations(t *testing.T) {
	w := newWorld(t)
	book := bkBook(t, w, 300, time.Time{})
	touches := make([]contact.Touch, 0, 8)
	allocs := testing.AllocsPerRun(10, func() {
		for i := range book {
			c := &book[i].facts
			sel := w.st.Select(c)
			touches = w.st.Touches(touches[:0], sel, &c.Figures.Profile.Contact)
			_, _ = w.st.Names(sel)
		}
	})
	assert.Zero(t, allocs)
}

// bkSantiago is America/Santiago, whose clocks skip midnight on the day
// summer time begins (6 September 2026).
func bkSantiago(t testing.TB) *time.Location {
	t.Helper()
	return policy.Must(time.LoadLocation("America/Santiago"))
}

// The zero Selection is no choice: a forgotten Select never passes for the
// first strategy.
func TestZeroSelection(t *testing.T) {
	w := newWorld(t)
	var sel contact.Selection
	prefs := vipcare.Preferences{}
	name, rule := w.st.Names(sel)
	assert.Empty(t, name)
	assert.Empty(t, rule)
	assert.Empty(t, w.st.Touches(nil, sel, &prefs))
	assert.Zero(t, w.st.Choice(sel, &prefs))
	p := stClient("7000000", "")
	c := w.facts(t, &p)
	assert.NotZero(t, w.st.Select(&c).Owner, "a selection has an owner")
}
