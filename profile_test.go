package vipcare_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
)

func TestAssetClass(t *testing.T) {
	for _, c := range vipcare.BuiltinClasses() {
		assert.True(t, c.IsValid(), c)
	}
	assert.Len(t, vipcare.BuiltinClasses(), 9)
	b := vipcare.BuiltinClasses()
	b[0] = "changed"
	assert.Equal(t, vipcare.Deposits, vipcare.BuiltinClasses()[0], "a new slice each call")

	for _, c := range []vipcare.AssetClass{"a", "art", "private_credit", "x9_", vipcare.AssetClass(strings.Repeat("z", 32))} {
		assert.True(t, c.IsValid(), c)
	}
	for _, c := range []vipcare.AssetClass{"", "Art", "9art", "_art", "real estate", "real-estate", "share.x",
		"dépôts", vipcare.AssetClass(strings.Repeat("z", 33))} {
		assert.False(t, c.IsValid(), "%q", c)
	}
}

func TestEnumNames(t *testing.T) {
	assert.Equal(t, "unassessed", vipcare.RiskLevel(0).String())
	assert.Equal(t, "C1", vipcare.C1.String())
	assert.Equal(t, "C5", vipcare.C5.String())
	assert.Equal(t, "RiskLevel(6)", vipcare.RiskLevel(6).String())
	assert.False(t, vipcare.RiskLevel(0).IsAssessed())
	assert.True(t, vipcare.C3.IsAssessed())
	assert.False(t, vipcare.RiskLevel(6).IsAssessed())

	assert.Equal(t, "unspecified", vipcare.Channel(0).String())
	assert.Equal(t, "secure_message", vipcare.ChannelSecureMessage.String())
	assert.Equal(t, "mail", vipcare.ChannelMail.String())
	assert.Equal(t, "Channel(10)", vipcare.Channel(10).String())

	assert.Equal(t, "owner", vipcare.RoleOwner.String())
	assert.Equal(t, "guarantor", vipcare.RoleGuarantor.String())
	assert.Equal(t, "CorporateRole(6)", vipcare.CorporateRole(6).String())

	assert.Equal(t, "maturity", vipcare.EventMaturity.String())
	assert.Equal(t, "business_sale", vipcare.EventBusinessSale.String())
	assert.Equal(t, "EventKind(8)", vipcare.EventKind(8).String())
}

func TestEventKindIsScheduled(t *testing.T) {
	scheduled := map[vipcare.EventKind]bool{
		vipcare.EventMaturity: true, vipcare.EventBirthday: true,
		vipcare.EventRiskAssessmentExpiry: true, vipcare.EventKYCExpiry: true,
	}
	for k := vipcare.EventKind(0); k <= 9; k++ {
		assert.Equal(t, scheduled[k], k.IsScheduled(), k.String())
	}
}

func TestChannels(t *testing.T) {
	discreet := map[vipcare.Channel]bool{
		vipcare.ChannelBranch: true, vipcare.ChannelVisit: true, vipcare.ChannelPhone: true,
		vipcare.ChannelVideo: true, vipcare.ChannelSecureMessage: true,
	}
	for c := vipcare.Channel(0); c <= 10; c++ {
		assert.Equal(t, discreet[c], c.IsDiscreet(), c.String())
	}

	var open vipcare.Preferences
	assert.True(t, open.Allows(vipcare.ChannelSMS), "no list allows every channel")
	assert.False(t, open.Allows(0), "never the unspecified channel")

	quiet := vipcare.Preferences{Discreet: true}
	assert.True(t, quiet.Allows(vipcare.ChannelPhone))
	assert.False(t, quiet.Allows(vipcare.ChannelWeChat), "a discreet client gets discreet channels only")

	listed := vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelVisit, vipcare.ChannelEmail}}
	assert.True(t, listed.Allows(vipcare.ChannelEmail))
	assert.False(t, listed.Allows(vipcare.ChannelPhone))

	quietListed := vipcare.Preferences{Discreet: true,
		Channels: []vipcare.Channel{vipcare.ChannelVisit, vipcare.ChannelSMS}}
	assert.True(t, quietListed.Allows(vipcare.ChannelVisit))
	assert.False(t, quietListed.Allows(vipcare.ChannelSMS), "discretion overrides a listed indiscreet channel")
}

func TestEnumsMarshalAsNames(t *testing.T) {
	in := vipcare.Profile{
		ID:         "C1",
		Risk:       vipcare.C3,
		Corporates: []vipcare.CorporateLink{{ID: "K1", Role: vipcare.RoleDirector}},
		Contact: vipcare.Preferences{Channels: []vipcare.Channel{vipcare.ChannelPhone, vipcare.ChannelSecureMessage},
			Preferred: vipcare.ChannelPhone},
		Events: []vipcare.Event{{Kind: vipcare.EventKYCExpiry, Date: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)}},
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	for _, name := range []string{`"risk":"C3"`, `"role":"director"`, `"channels":["phone","secure_message"]`,
		`"preferred":"phone"`, `"kind":"kyc_expiry"`} {
		assert.Contains(t, string(b), name)
	}
	var out vipcare.Profile
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in.Risk, out.Risk)
	assert.Equal(t, in.Corporates[0].Role, out.Corporates[0].Role)
	assert.Equal(t, in.Contact, out.Contact)
	assert.Equal(t, in.Events[0].Kind, out.Events[0].Kind)

	var r vipcare.RiskLevel
	err = json.Unmarshal([]byte(`"C9"`), &r)
	assert.ErrorIs(t, err, vipcare.ErrOutOfRange)
	_, err = json.Marshal(vipcare.Channel(200))
	assert.ErrorIs(t, err, vipcare.ErrOutOfRange)
}

func TestZeroAmountNeedsNoRate(t *testing.T) {
	v := vipcare.Valuation{AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	p := vipcare.Profile{ID: "C1", Holdings: []vipcare.Holding{
		{ID: "H1", Class: vipcare.Deposits, Amount: vipcare.MustMoney("0", vipcare.USD)},
	}}
	require.NoError(t, p.Validate(v), "nothing to convert, so no rate is needed")
	f, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Zero(t, f.AUM)

	p.Holdings[0].Amount = vipcare.MustMoney("0.01", vipcare.USD)
	assert.ErrorIs(t, p.Validate(v), vipcare.ErrNoRate)
	p.Holdings[0].Amount = vipcare.Money{Currency: "usd"}
	assert.ErrorIs(t, p.Validate(v), vipcare.ErrCurrency, "a malformed code is reported even on zero")
}
