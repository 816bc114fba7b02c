package contact_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

var stAsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

type world struct {
	ladder *tier.Ladder
	seg    *tier.Segmentation
	det    *needs.Detector
	st     *contact.Strategies
}

func newWorld(t testing.TB) world {
	t.Helper()
	w := world{
		ladder: tier.MustLadder(tier.ReferenceLadder()),
		seg:    tier.MustSegmentation(tier.ReferenceSegmentation()),
		det:    needs.MustDetector(needs.ReferenceDetectors()),
	}
	st, err := contact.NewStrategies(contact.ReferenceStrategies(w.ladder, w.seg, w.det))
	require.NoError(t, err)
	w.st = st
	return w
}

// facts computes a client's facts as a playbook would.
func (w world) facts(t testing.TB, p *vipcare.Profile) contact.Facts {
	t.Helper()
	f, err := vipcare.Valuation{AsOf: stAsOf, Currency: vipcare.CNY}.Figures(p)
	require.NoError(t, err)
	a, err := w.ladder.Assign(&f)
	require.NoError(t, err)
	pl, err := w.seg.Segment(&f)
	require.NoError(t, err)
	return contact.Facts{Figures: &f, Tier: a.Tier, Segment: pl.Segment(), Needs: w.det.Detect(&f)}
}

func stClient(aum, offBank string) vipcare.Profile {
	p := vipcare.Profile{ID: "C-STRAT", Risk: vipcare.C3, RiskAssessed: stAsOf.AddDate(0, -1, 0)}
	p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H1", Class: vipcare.Deposits, Amount: vipcare.MustMoney(aum, vipcare.CNY)})
	if offBank != "" {
		p.Holdings = append(p.Holdings, vipcare.Holding{ID: "H2", Class: vipcare.RealEstate,
			Amount: vipcare.MustMoney(offBank, vipcare.CNY), OffBank: true})
	}
	return p
}

func TestStrategyChosenByTierAndSegment(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name, aum, offBank, want, rule string
	}{
		{"private banking", "7000000", "", "private", "private banking"},
		{"diamond", "2500000", "", "premier", "diamond or maintain"},
		{"grow: low value, high potential", "100000", "6000000", "growth", "grow"},
		{"platinum", "600000", "", "relationship", "platinum or develop"},
		{"develop: low value, mid potential", "100000", "2500000", "relationship", "platinum or develop"},
		{"serve digitally", "100000", "", "digital", "everyone else"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := stClient(tt.aum, tt.offBank)
			before := p.Disclose()
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			assert.Equal(t, tt.want, d.Chosen)
			assert.Equal(t, tt.rule, d.Rule)
			assert.Empty(t, d.Constraints, "an unconstrained client gets the strategy as written")
			want, _ := w.st.Strategy(tt.want)
			assert.Equal(t, want, d.Strategy)
			assert.Equal(t, before, p.Disclose())
			assert.Equal(t, d, w.st.Decide(&c), "same answer twice")
		})
	}
}

// Each privacy constraint overrides each strategy.
func TestPreferencesOverrideEveryStrategy(t *testing.T) {
	w := newWorld(t)
	clients := map[string]vipcare.Profile{
		"private":      stClient("7000000", ""),
		"premier":      stClient("2500000", ""),
		"growth":       stClient("100000", "6000000"),
		"relationship": stClient("600000", ""),
		"digital":      stClient("100000", ""),
	}
	for name, base := range clients {
		t.Run(name+"/discreet", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{Discreet: true}
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			assert.Equal(t, name, d.Chosen)
			assert.False(t, d.Strategy.Service.Events, "no events")
			assert.False(t, d.Strategy.Service.Recognition, "no public recognition")
			for _, touch := range d.Strategy.Touches {
				assert.True(t, touch.Channel.IsDiscreet(), "%s is not discreet", touch.Channel)
				assert.NotEqual(t, vipcare.ChannelMail, touch.Channel, "no mailings")
			}
			orig, _ := w.st.Strategy(name)
			assert.Equal(t, orig.TouchesPerYear(), d.Strategy.TouchesPerYear(), "touches move, they are not lost")
		})
		t.Run(name+"/do not contact", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{DoNotContact: true}
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			assert.Empty(t, d.Strategy.Touches, "no outbound contact")
			assert.Zero(t, d.Strategy.Plays)
			assert.False(t, d.Strategy.Service.Events)
			assert.NotEmpty(t, d.Constraints)
			orig, _ := w.st.Strategy(name)
			assert.Equal(t, orig.Service.DedicatedRM, d.Strategy.Service.DedicatedRM, "the client keeps its service")
		})
		t.Run(name+"/no profiling", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{NoProfiling: true}
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			assert.Equal(t, "standard", d.Chosen, "the default, non-personalised strategy")
			assert.Equal(t, "no profiling", d.Rule)
		})
		t.Run(name+"/consented channels only", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelWeChat, vipcare.ChannelBranch},
				Preferred: vipcare.ChannelWeChat}
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			for _, touch := range d.Strategy.Touches {
				assert.True(t, p.Contact.Allows(touch.Channel), "%s not consented", touch.Channel)
			}
			orig, _ := w.st.Strategy(name)
			assert.Equal(t, orig.TouchesPerYear(), d.Strategy.TouchesPerYear())
		})
		t.Run(name+"/no consented channel", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{Discreet: true, Channels: []vipcare.Channel{vipcare.ChannelSMS}}
			c := w.facts(t, &p)
			d := w.st.Decide(&c)
			assert.Empty(t, d.Strategy.Touches, "nothing the client consents to is discreet")
			assert.Contains(t, strings.Join(d.Constraints, "\n"), "dropped: no consented channel")
		})
	}
}

func TestDecideDoesNotAliasTheSpec(t *testing.T) {
	w := newWorld(t)
	p := stClient("7000000", "")
	c := w.facts(t, &p)
	d := w.st.Decide(&c)
	d.Strategy.Touches[0].PerYear = 999
	d.Strategy.Service.Specialists[0] = "astrology"
	again := w.st.Decide(&c)
	assert.NotEqual(t, 999, again.Strategy.Touches[0].PerYear)
	assert.NotEqual(t, contact.Specialist("astrology"), again.Strategy.Service.Specialists[0])
}

func TestRulesReadNeeds(t *testing.T) {
	w := newWorld(t)
	spec := contact.ReferenceStrategies(w.ladder, w.seg, w.det)
	spec.Rules = append([]policy.Row[string]{{Name: "business owners",
		When: policy.Field("need.integrated").GE(70), Then: "premier"}}, spec.Rules...)
	st := contact.MustStrategies(spec)
	p := stClient("100000", "")
	p.Entrepreneur = true
	p.Corporates = []vipcare.CorporateLink{{ID: "K", Role: vipcare.RoleOwner}}
	c := w.facts(t, &p)
	d := st.Decide(&c)
	assert.Equal(t, "premier", d.Chosen)
	assert.Equal(t, "business owners", d.Rule)
}

func TestNewStrategiesErrors(t *testing.T) {
	w := newWorld(t)
	spec := contact.ReferenceStrategies(w.ladder, w.seg, w.det)
	spec.Strategies[1].Name = spec.Strategies[0].Name
	spec.Strategies[2].Owner = 0
	spec.Strategies[3].Touches[0].Channel = 99
	spec.Strategies[4].Touches[0].PerYear = -1
	spec.Rules[0].Then = "platinum club"
	spec.Rules[1].When = policy.Field("tier").EQ("titanium")
	spec.Default = "nobody"
	_, err := contact.NewStrategies(spec)
	require.Error(t, err)
	for _, want := range []error{contact.ErrName, contact.ErrEmpty, contact.ErrUnknown, contact.ErrSetting, policy.ErrThreshold} {
		assert.ErrorIs(t, err, want)
	}
	// 7 planted problems, and renaming "premier" leaves rules[1] naming a strategy that is gone
	assert.Len(t, strings.Split(err.Error(), "\n"), 8, "%v", err)
}

func TestStrategiesConcurrentUse(t *testing.T) {
	w := newWorld(t)
	var clients []contact.Facts
	var want []string
	for i, aum := range []string{"7000000", "2500000", "600000", "100000", "60000"} {
		p := stClient(aum, "")
		p.Contact.Discreet = i%2 == 0
		c := w.facts(t, &p)
		clients = append(clients, c)
		want = append(want, fmt.Sprint(w.st.Decide(&c)))
	}
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clients {
				if got := fmt.Sprint(w.st.Decide(&clients[i])); got != want[i] {
					t.Errorf("client %d: %s, want %s", i, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

func TestAssignmentRecordsRedacted(t *testing.T) {
	values := []any{
		contact.Client{ID: "CLIENT-ID-7781", Role: contact.RM, Value: 3385157, Current: "R1"},
		contact.Placement{Client: "CLIENT-ID-7781", RM: "R1", Reason: "kept"},
		contact.ClientLoad{Client: "CLIENT-ID-7781", Value: 3385157},
		contact.Assigned{RM: "R1", Role: contact.RM, Clients: []contact.ClientLoad{{Client: "CLIENT-ID-7781", Value: 3385157}}},
	}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "CLIENT-ID-7781", "%T %s", v, verb)
			assert.NotContains(t, out, "3385157", "%T %s", v, verb)
		}
	}
}
