package vipcare_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
)

// builtinClasses are the built-in asset class constants.
var builtinClasses = []vipcare.AssetClass{vipcare.Deposits, vipcare.FixedIncome, vipcare.WealthProducts,
	vipcare.Funds, vipcare.Equities, vipcare.Insurance, vipcare.RealEstate, vipcare.BusinessEquity,
	vipcare.OtherAssets}

func TestAssetClass(t *testing.T) {
	for _, c := range builtinClasses {
		assert.True(t, c.IsValid(), c)
	}
	// The default environment has the per-class fields of exactly the 9
	// built-in classes (BuiltinClasses before).
	var env *vipcare.Env
	var classes []vipcare.AssetClass
	for _, info := range env.Schema().Fields() {
		if c, ok := strings.CutPrefix(info.Name, "amount."); ok {
			classes = append(classes, vipcare.AssetClass(c))
		}
	}
	assert.ElementsMatch(t, builtinClasses, classes)

	for _, c := range []vipcare.AssetClass{"a", "art", "private_credit", "x9_", vipcare.AssetClass(strings.Repeat("z", 32))} {
		assert.True(t, c.IsValid(), c)
	}
	for _, c := range []vipcare.AssetClass{"", "Art", "9art", "_art", "real estate", "real-estate", "share.x",
		"dépôts", vipcare.AssetClass(strings.Repeat("z", 33))} {
		assert.False(t, c.IsValid(), "%q", c)
	}
}

// TestEnumsAreNames: risk levels, channels, roles and event kinds are their
// names; the zero value, "", is unassessed or unspecified.
func TestEnumsAreNames(t *testing.T) {
	assert.Equal(t, "C1", string(vipcare.C1))
	assert.Equal(t, "C5", string(vipcare.C5))
	assert.False(t, vipcare.RiskLevel("").IsAssessed(), "the zero level is unassessed")
	assert.True(t, vipcare.C3.IsAssessed())
	for _, r := range []vipcare.RiskLevel{"C0", "C6", "c3", "C", "C33", "unassessed"} {
		assert.False(t, r.IsAssessed(), "%q", r)
	}

	assert.Equal(t, "secure_message", string(vipcare.ChannelSecureMessage))
	assert.Equal(t, "mail", string(vipcare.ChannelMail))
	assert.Equal(t, "owner", string(vipcare.RoleOwner))
	assert.Equal(t, "guarantor", string(vipcare.RoleGuarantor))
	assert.Equal(t, "maturity", string(vipcare.EventMaturity))
	assert.Equal(t, "business_sale", string(vipcare.EventBusinessSale))

	var zero struct {
		R vipcare.RiskLevel
		C vipcare.Channel
		O vipcare.CorporateRole
		K vipcare.EventKind
	}
	assert.Equal(t, "", string(zero.R)+string(zero.C)+string(zero.O)+string(zero.K))
}

// allKinds are the event kinds, with the unspecified one and an unknown one.
var allKinds = []vipcare.EventKind{"", vipcare.EventMaturity, vipcare.EventLargeInflow, vipcare.EventLargeOutflow,
	vipcare.EventBirthday, vipcare.EventRiskAssessmentExpiry, vipcare.EventKYCExpiry, vipcare.EventBusinessSale,
	"anniversary"}

func TestEventKindIsScheduled(t *testing.T) {
	scheduled := map[vipcare.EventKind]bool{
		vipcare.EventMaturity: true, vipcare.EventBirthday: true,
		vipcare.EventRiskAssessmentExpiry: true, vipcare.EventKYCExpiry: true,
	}
	for _, k := range allKinds {
		assert.Equal(t, scheduled[k], k.IsScheduled(), "%q", k)
	}
}

// allChannels are the channels, with the unspecified one and an unknown one.
var allChannels = []vipcare.Channel{"", vipcare.ChannelBranch, vipcare.ChannelVisit, vipcare.ChannelPhone,
	vipcare.ChannelVideo, vipcare.ChannelSecureMessage, vipcare.ChannelWeChat, vipcare.ChannelSMS,
	vipcare.ChannelEmail, vipcare.ChannelMail, "pager"}

func TestChannels(t *testing.T) {
	discreet := map[vipcare.Channel]bool{
		vipcare.ChannelBranch: true, vipcare.ChannelVisit: true, vipcare.ChannelPhone: true,
		vipcare.ChannelVideo: true, vipcare.ChannelSecureMessage: true,
	}
	for _, c := range allChannels {
		assert.Equal(t, discreet[c], c.IsDiscreet(), "%q", c)
		assert.Equal(t, c != "" && c != "pager", c.IsValid(), "%q", c)
	}
	list := vipcare.Channels()
	assert.Equal(t, allChannels[1:len(allChannels)-1], list, "every channel, in the order of the constants")
	for i, c := range list {
		assert.Equal(t, i < 5, c.IsDiscreet(), "the discreet ones first: %q", c)
	}
	list[0] = "pager"
	assert.Equal(t, vipcare.ChannelBranch, vipcare.Channels()[0], "the slice is the caller's")
	assert.Zero(t, testing.AllocsPerRun(10, func() { _ = vipcare.ChannelMail.IsDiscreet() }), "a lookup does not allocate")

	var open vipcare.Preferences
	assert.True(t, open.Allows(vipcare.ChannelSMS), "no list allows every channel")
	assert.False(t, open.Allows(""), "never the unspecified channel")
	assert.False(t, open.Allows("pager"), "never an unknown channel")

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
	b, err := json.Marshal(vipcare.Disclosed(in))
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

	// JSON reads the names the constants are.
	require.NoError(t, json.Unmarshal([]byte(`{"risk":"C4","contact":{"preferred":"wechat"},
		"corporates":[{"id":"K","role":"owner"}],"events":[{"kind":"maturity"}]}`), &out))
	assert.Equal(t, vipcare.C4, out.Risk)
	assert.Equal(t, vipcare.ChannelWeChat, out.Contact.Preferred)
	assert.Equal(t, vipcare.RoleOwner, out.Corporates[0].Role)
	assert.Equal(t, vipcare.EventMaturity, out.Events[0].Kind)

	// Zero values: omitted where the field is omitempty, "" where it is not.
	b, err = json.Marshal(vipcare.Disclosed(vipcare.Profile{ID: "C2", Corporates: []vipcare.CorporateLink{{ID: "K"}},
		Events: []vipcare.Event{{}}}))
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"risk"`)
	assert.NotContains(t, string(b), `"preferred"`)
	assert.Contains(t, string(b), `"role":""`)
	assert.Contains(t, string(b), `"kind":""`)

	// JSON reads any name; Validate rejects an unknown one and lists the
	// choices (see TestValidateUnknownNames).
	var r vipcare.RiskLevel
	require.NoError(t, json.Unmarshal([]byte(`"C9"`), &r))
	p := vipcare.Profile{ID: "C3", Risk: r}
	ps := testkit.Problems(t, p.Validate(vipcare.Valuation{AsOf: asOf, Currency: vipcare.CNY}))
	require.Len(t, ps, 1)
	assert.Equal(t, "/risk", ps[0].Path)
	assert.ErrorIs(t, ps[0].Err, policy.ErrUnknown)
	assert.Equal(t, []string{"C1", "C2", "C3", "C4", "C5"}, ps[0].Choices)
}

func TestZeroAmountNeedsNoRate(t *testing.T) {
	v := vipcare.Valuation{AsOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Currency: vipcare.CNY}
	p := vipcare.Profile{ID: "C1", Holdings: []vipcare.Holding{
		{ID: "H1", Class: vipcare.Deposits, Amount: testkit.USD("0")},
	}}
	require.NoError(t, p.Validate(v), "nothing to convert, so no rate is needed")
	f, err := v.Figures(&p)
	require.NoError(t, err)
	assert.Zero(t, f.AUM)

	p.Holdings[0].Amount = testkit.USD("0.01")
	testkit.CheckProblems(t, p.Validate(v), testkit.Want{Path: "/holdings/0/amount", Err: vipcare.ErrNoRate})
	// a malformed code is reported even on zero
	p.Holdings[0].Amount = vipcare.Money{Currency: "usd"}
	testkit.CheckProblems(t, p.Validate(v), testkit.Want{Path: "/holdings/0/amount/currency", Err: policy.ErrMalformed})
	p.Holdings[0].Amount = vipcare.Money{}
	require.NoError(t, p.Validate(v), "a zero amount with no currency is no amount")
}
