package contact_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/sample"
	"github.com/vipcare/vipcare/tier"
)

// The helpers of the sample-book tests start with "bk".

// bkClient is a sample client with what the strategies and triggers read.
type bkClient struct {
	f     vipcare.Figures
	facts contact.Facts
	step  *tier.Step // the client's latest lifecycle step, often nil
}

// bkBook returns n clients of the sample book of seed 1 as of asOf (the
// zero time: the sample's default), with their facts
// under the reference parts of w. To exercise every trigger and every
// preference, some clients get extra events (maturities, outflows, inflows,
// risk assessments and their expiries), a lifecycle step (a tier change
// that fires, one that is too old to, one that kept the tier), or
// preferences the sample draws rarely (consent to no channel, to no
// discreet one, do-not-contact with no profiling); the rest are as drawn.
func bkBook(t testing.TB, w world, n int, asOf time.Time) []bkClient {
	t.Helper()
	o := sample.Options{Seed: 1, AsOf: asOf}
	v := sample.Valuation(o)
	asOf = v.AsOf
	day := func(d int) time.Time { return asOf.AddDate(0, 0, d) }
	profiles := make([]vipcare.Profile, 0, n)
	for i, p := range sample.Profiles(o, n) {
		switch i % 11 {
		case 1:
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventMaturity, Date: day(i % 40)},
				vipcare.Event{Kind: vipcare.EventMaturity, Date: day(i % 17)})
		case 2:
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventLargeOutflow, Date: day(-(i % 35))})
		case 3:
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventLargeInflow, Date: day(-(i % 9))},
				vipcare.Event{Kind: vipcare.EventBusinessSale, Date: day(-(i % 7))})
		case 4:
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventRiskAssessmentExpiry, Date: day(i%50 - 10)})
		case 5:
			p.RiskAssessed = asOf.AddDate(-1, 0, i%40)
		case 6:
			p.Events = append(p.Events, vipcare.Event{Kind: vipcare.EventKYCExpiry, Date: day(i%60 - 20)},
				vipcare.Event{Kind: vipcare.EventMaturity, Date: day(i % 31)})
		}
		switch i % 97 {
		case 7:
			p.Contact.Channels = []vipcare.Channel{vipcare.ChannelEmail} // no discreet channel
			p.Contact.Discreet = true
		case 8:
			p.Contact.Channels = []vipcare.Channel{"carrier_pigeon"} // no valid channel
		case 9:
			p.Contact.DoNotContact, p.Contact.NoProfiling = true, true
		}
		profiles = append(profiles, p)
	}
	book := make([]bkClient, len(profiles))
	for i := range profiles {
		c := &book[i]
		f, err := v.Figures(&profiles[i])
		require.NoError(t, err)
		c.f = f
		tr, err := w.ladder.Assign(&c.f)
		require.NoError(t, err)
		pl, err := w.seg.Place(&c.f)
		require.NoError(t, err)
		c.facts = contact.Facts{Figures: &c.f, Tier: tr, Segment: pl.Segment(), Needs: w.adv.Detect(&c.f)}
		month := tier.MonthOf(asOf)
		switch i % 13 {
		case 1: // a change in the as-of month, effective the next: fires
			c.step = &tier.Step{Period: month, Before: tier.State{Tier: tier.Tier{Name: "gold", Rank: 20}},
				After: tier.State{Tier: tr}, Code: tier.CodeUpgraded}
		case 2: // from a tier to none
			c.step = &tier.Step{Period: month, Before: tier.State{Tier: tr}, Code: tier.CodeDowngraded}
		case 3: // a change five months ago: too old to fire
			c.step = &tier.Step{Period: tier.MonthOf(asOf.AddDate(0, -5, 0)), Before: tier.State{Tier: tier.Tier{Name: "x", Rank: 1}},
				After: tier.State{Tier: tr}, Code: tier.CodeUpgraded}
		case 4: // the tier kept
			c.step = &tier.Step{Period: month, Before: tier.State{Tier: tr}, After: tier.State{Tier: tr}, Code: tier.CodeKept}
		}
	}
	return book
}
