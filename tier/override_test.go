package tier_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare/tier"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func grant(t tier.Tier, from, until time.Time) tier.Override {
	return tier.Override{Kind: tier.Grant, Tier: t, Reason: "STRATEGIC", Requester: "rm-17",
		Approver: "head-3", From: from, Until: until}
}

func TestOverrideApply(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	gold, _ := lc.Start(tierByName(ladder, "gold"))
	diamond, _ := lc.Start(tierByName(ladder, "diamond"))
	platinum := tierByName(ladder, "platinum")
	pb := tierByName(ladder, "private banking")
	mass := tierByName(ladder, "mass")
	hold := grant(platinum, date(2026, 1, 1), date(2026, 7, 1))
	hold.Kind = tier.Hold

	tests := []struct {
		name      string
		state     tier.State
		overrides []tier.Override
		on        time.Time
		want      string
		capped    bool
		applied   bool
	}{
		{"no override", gold, nil, date(2026, 3, 1), "gold", false, false},
		{"a grant lifts the tier", gold, []tier.Override{grant(platinum, date(2026, 1, 1), date(2026, 7, 1))},
			date(2026, 3, 1), "platinum", false, true},
		{"in force on its first day", gold, []tier.Override{grant(platinum, date(2026, 3, 1), date(2026, 7, 1))},
			date(2026, 3, 1), "platinum", false, true},
		{"not yet in force", gold, []tier.Override{grant(platinum, date(2026, 3, 2), date(2026, 7, 1))},
			date(2026, 3, 1), "gold", false, false},
		{"expired on its expiry date", gold, []tier.Override{grant(platinum, date(2026, 1, 1), date(2026, 3, 1))},
			date(2026, 3, 1), "gold", false, false},
		{"still in force the day before expiry", gold, []tier.Override{grant(platinum, date(2026, 1, 1), date(2026, 3, 1))},
			date(2026, 2, 28), "platinum", false, true},
		{"bounded above the computed tier", gold, []tier.Override{grant(pb, date(2026, 1, 1), date(2026, 7, 1))},
			date(2026, 3, 1), "platinum", true, true},
		{"a grant may lower a tier", diamond, []tier.Override{grant(mass, date(2026, 1, 1), date(2026, 7, 1))},
			date(2026, 3, 1), "mass", false, true},
		{"a hold never lowers a tier", diamond, []tier.Override{hold}, date(2026, 3, 1), "diamond", false, true},
		{"a hold keeps a fallen client", gold, []tier.Override{hold}, date(2026, 3, 1), "platinum", false, true},
		{"the latest override wins", gold, []tier.Override{
			grant(platinum, date(2026, 2, 1), date(2026, 7, 1)),
			grant(mass, date(2026, 1, 1), date(2026, 7, 1)),
		}, date(2026, 3, 1), "platinum", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := lc.Apply(tt.state, tt.overrides, tt.on)
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Tier.String())
			assert.Equal(t, tt.state.Tier, e.Computed, "the explanation shows the computed tier")
			assert.Equal(t, tt.capped, e.Capped)
			assert.Equal(t, tt.applied, e.Override.Kind != 0)
			if tt.applied {
				assert.Contains(t, e.String(), "computed "+tt.state.Tier.Name)
			}
		})
	}
}

func TestOverrideRejected(t *testing.T) {
	ladder := tier.MustLadder(tier.ReferenceLadder())
	lc := tier.MustLifecycle(tier.ReferenceLifecycle(ladder))
	platinum := tierByName(ladder, "platinum")
	ok := grant(platinum, date(2026, 1, 1), date(2026, 7, 1))
	tests := []struct {
		name string
		edit func(*tier.Override)
		want []error
	}{
		{"no approver", func(o *tier.Override) { o.Approver = "" }, []error{tier.ErrNoApprover}},
		{"four eyes", func(o *tier.Override) { o.Approver = o.Requester }, []error{tier.ErrFourEyes}},
		{"unknown tier", func(o *tier.Override) { o.Tier = tier.Tier{Name: "titanium", Rank: 60} }, []error{tier.ErrUnknownTier}},
		{"no expiry", func(o *tier.Override) { o.Until = time.Time{} }, []error{tier.ErrOverride}},
		{"expires before it starts", func(o *tier.Override) { o.Until = o.From.AddDate(0, 0, -1) }, []error{tier.ErrOverride}},
		{"no reason code", func(o *tier.Override) { o.Reason = "" }, []error{tier.ErrOverride}},
		{"no kind", func(o *tier.Override) { o.Kind = 0 }, []error{tier.ErrOverride}},
		{"everything at once", func(o *tier.Override) {
			*o = tier.Override{Tier: tier.Tier{Name: "x"}}
		}, []error{tier.ErrOverride, tier.ErrUnknownTier, tier.ErrOverride, tier.ErrOverride, tier.ErrNoApprover, tier.ErrOverride}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.edit(&o)
			os := []tier.Override{ok, o}
			err := lc.CheckOverrides(os)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.ErrorIs(t, err, w)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "%v", err)
			assert.Contains(t, err.Error(), "overrides[1].")
			_, err = lc.Apply(tier.State{}, os, date(2026, 3, 1))
			assert.Error(t, err, "a malformed override is never applied")
		})
	}
	assert.NoError(t, lc.CheckOverrides([]tier.Override{ok}))
}
