package contact_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/sample"
)

func referencePlaybook(t testing.TB) *contact.Playbook {
	t.Helper()
	pb, err := contact.ReferencePlaybook(needs.MustShelf(sample.Shelf()...), sample.Rates())
	require.NoError(t, err)
	return pb
}

func TestPlaybookPlansEveryPart(t *testing.T) {
	pb := referencePlaybook(t)
	p := stClient("2500000", "4500000")
	p.Entrepreneur = true
	p.Corporates = []vipcare.CorporateLink{{ID: "K", Role: vipcare.RoleOwner}}
	p.LastActive = stAsOf.AddDate(0, 0, -3)
	p.Events = []vipcare.Event{{Kind: vipcare.EventLargeOutflow, Date: stAsOf.AddDate(0, 0, -1),
		Amount: vipcare.MustMoney("800000", vipcare.CNY)}}
	before := p.Disclose()
	c, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
	require.NoError(t, err)
	assert.Equal(t, "diamond", c.Tier.Name)
	assert.Equal(t, "qualified", c.Qualification)
	assert.Equal(t, "maintain", c.Segment)
	require.NotEmpty(t, c.Needs)
	assert.Equal(t, needs.Integrated, c.Needs[0].Need)
	assert.Equal(t, "premier", c.Strategy.Chosen)
	assert.LessOrEqual(t, len(c.Plays.Plays), c.Strategy.Strategy.Plays)
	require.Len(t, c.Tasks, 1)
	assert.Equal(t, contact.TriggerRetention, c.Tasks[0].Kind)
	assert.Positive(t, c.Minutes)
	assert.Equal(t, before, p.Disclose(), "the profile is unchanged")
	again, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
	require.NoError(t, err)
	assert.Equal(t, c, again, "same answer twice")
	text := c.String()
	for _, secret := range []string{"2500000", "2,500,000", "800000", "800,000", p.ID} {
		assert.NotContains(t, text, secret)
	}
}

func TestPlaybookQualificationCapsTheTier(t *testing.T) {
	pb := referencePlaybook(t)
	p := stClient("7000000", "")
	p.LastActive = stAsOf.AddDate(-2, 0, 0) // dormant: disqualified, capped at mass
	c, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
	require.NoError(t, err)
	assert.Equal(t, "private banking", c.TierWhy.Tier.Name, "the ladder's tier stays visible")
	assert.Equal(t, "mass", c.Tier.Name)
	assert.Contains(t, c.Qualification, "dormant")
	assert.Contains(t, c.String(), "limited to mass by qualification")
}

func TestPlaybookPrivacy(t *testing.T) {
	pb := referencePlaybook(t)
	p := stClient("7000000", "")
	p.LastActive = stAsOf
	p.Contact = vipcare.Preferences{DoNotContact: true, NoProfiling: true}
	p.Events = []vipcare.Event{{Kind: vipcare.EventMaturity, Date: stAsOf.AddDate(0, 0, 5)}}
	c, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
	require.NoError(t, err)
	assert.Empty(t, c.Needs, "no profiling: no needs shown")
	assert.Equal(t, "standard", c.Strategy.Chosen)
	assert.Empty(t, c.Strategy.Strategy.Touches)
	assert.Empty(t, c.Tasks)
	require.Len(t, c.Suppressed, 1)
	assert.Equal(t, contact.SuppressedDoNotContact, c.Suppressed[0].Reason)
}

func TestPlanBook(t *testing.T) {
	pb := referencePlaybook(t)
	opts := sample.Options{Seed: 3}
	strategies := map[string]int{}
	n := 0
	err := pb.PlanBook(sample.Seq(opts, 2000), sample.DefaultAsOf(), func(i int, p *vipcare.Profile, c contact.ClientPlan) error {
		assert.Equal(t, n, i)
		n++
		strategies[c.Strategy.Chosen]++
		for _, t := range c.Tasks {
			if !p.Contact.Allows(t.Channel) {
				return assert.AnError
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2000, n)
	assert.Greater(t, len(strategies), 3, "%v", strategies)
}

func TestPlaybookConcurrentUse(t *testing.T) {
	pb := referencePlaybook(t)
	book := sample.Book(sample.Options{Seed: 4}, 50)
	want := make([]string, len(book))
	for i := range book {
		c, err := pb.Plan(&book[i], sample.DefaultAsOf(), contact.PlanOptions{})
		require.NoError(t, err)
		want[i] = c.String()
	}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range book {
				c, err := pb.Plan(&book[i], sample.DefaultAsOf(), contact.PlanOptions{})
				if err != nil || c.String() != want[i] {
					t.Errorf("client %d differs under concurrency", i)
				}
			}
		}()
	}
	wg.Wait()
}

func TestNewPlaybookErrors(t *testing.T) {
	_, err := contact.NewPlaybook(contact.PlaybookSpec{Currency: "cny"})
	require.Error(t, err)
	assert.ErrorIs(t, err, contact.ErrEmpty)
	assert.ErrorIs(t, err, contact.ErrSetting)
	assert.Len(t, strings.Split(err.Error(), "\n"), 3, "%v", err)
}

// BenchmarkPlan is one client's whole plan from its profile: figures, tier
// and its explanation, qualification, segment, needs with evidence,
// strategy, ranked plays against the 50-product sample shelf, triggers and
// workload.
func BenchmarkPlan(b *testing.B) {
	pb := referencePlaybook(b)
	book := sample.Book(sample.Options{Seed: 1}, 64)
	asOf := sample.DefaultAsOf()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pb.Plan(&book[i%len(book)], asOf, contact.PlanOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Each privacy constraint, alone, overrides the plan of a client of every
// reference strategy, with values asked for.
func TestPlaybookPrivacyTable(t *testing.T) {
	pb := referencePlaybook(t)
	clients := map[string][2]string{
		"private": {"7000123", ""}, "premier": {"2500123", ""}, "growth": {"100123", "6000123"},
		"relationship": {"600123", ""}, "digital": {"100123", ""},
	}
	for name, c := range clients {
		base := stClient(c[0], c[1])
		base.LastActive = stAsOf
		base.Entrepreneur = true
		base.Events = []vipcare.Event{{Kind: vipcare.EventMaturity, Date: stAsOf.AddDate(0, 0, 5)}}
		// the client's own amounts, plain and grouped (thresholds, which are
		// policy, are always shown and end in 000)
		var amounts []string
		for _, a := range c {
			if a != "" {
				amounts = append(amounts, a, groupDigits(a))
			}
		}

		t.Run(name+"/discreet", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{Discreet: true}
			plan, err := pb.Plan(&p, stAsOf, contact.PlanOptions{Values: true})
			require.NoError(t, err)
			text := plan.String()
			for _, a := range amounts {
				assert.NotContains(t, text, a, "a discreet client's amounts never show")
			}
			assert.False(t, plan.Strategy.Strategy.Service.Events)
			for _, touch := range plan.Strategy.Strategy.Touches {
				assert.True(t, touch.Channel.IsDiscreet())
			}
			for _, task := range plan.Tasks {
				assert.True(t, task.Channel.IsDiscreet())
			}
		})
		t.Run(name+"/do not contact", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{DoNotContact: true}
			plan, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
			require.NoError(t, err)
			assert.Empty(t, plan.Strategy.Strategy.Touches)
			assert.Empty(t, plan.Plays.Plays)
			assert.True(t, plan.Plays.Personalised, "not an opt-out")
			assert.Empty(t, plan.Tasks)
			assert.NotEmpty(t, plan.Suppressed)
			assert.NotEmpty(t, plan.Segment, "do-not-contact is not an opt-out of profiling")
		})
		t.Run(name+"/no profiling", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{NoProfiling: true}
			plan, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
			require.NoError(t, err)
			assert.Empty(t, plan.Needs)
			assert.Empty(t, plan.Segment)
			assert.Nil(t, plan.SegmentWhy)
			assert.Equal(t, "standard", plan.Strategy.Chosen)
			assert.False(t, plan.Plays.Personalised)
			for _, rec := range plan.Plays.Plays {
				assert.Empty(t, rec.Evidence)
			}
			assert.NotEmpty(t, plan.Tasks, "service triggers still apply")
		})
		t.Run(name+"/consented channels", func(t *testing.T) {
			p := base
			p.Contact = vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelWeChat}}
			plan, err := pb.Plan(&p, stAsOf, contact.PlanOptions{})
			require.NoError(t, err)
			for _, touch := range plan.Strategy.Strategy.Touches {
				assert.Equal(t, vipcare.ChannelWeChat, touch.Channel)
			}
			for _, task := range plan.Tasks {
				assert.Equal(t, vipcare.ChannelWeChat, task.Channel)
			}
		})
	}
}

func groupDigits(s string) string {
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
