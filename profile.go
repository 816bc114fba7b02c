package vipcare

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/policy"
)

// Profile is what the bank knows about one client: the input to every
// decision in vipcare. A Profile is plain data that the caller owns; nothing
// in vipcare changes a Profile it is given.
//
// Amounts and identifiers are confidential: fmt, log/slog and the default
// JSON of a Profile never show them (see [Profile.Format],
// [Profile.LogValue] and [Profile.MarshalJSON]). json.Marshal([Disclosed](p))
// is the stored form, whole, which json.Unmarshal reads back.
type Profile struct {
	// ID is the bank's opaque client identifier. It is required.
	ID string `json:"id"`
	// Since is the start of the relationship with the bank.
	Since time.Time `json:"since"`
	// Birth is the client's date of birth, if known.
	Birth time.Time `json:"birth"`

	// Holdings are the client's assets, at the bank and declared off-bank.
	Holdings []Holding `json:"holdings,omitempty"`
	// Liabilities are the client's debts (loans, credit lines in use).
	Liabilities []Liability `json:"liabilities,omitempty"`
	// Revenue12M is the client's revenue contribution to the bank over the
	// last twelve months. It may be negative.
	Revenue12M Money `json:"revenue_12m"`

	// Entrepreneur reports whether the client owns or runs a business.
	Entrepreneur bool `json:"entrepreneur,omitempty"`
	// Corporates are the client's links to the bank's corporate clients.
	Corporates []CorporateLink `json:"corporates,omitempty"`

	// Risk is the client's assessed risk tolerance, C1 to C5; the zero
	// value means not assessed.
	Risk RiskLevel `json:"risk,omitempty"`
	// LowestRiskGroup reports whether the client is in the lowest
	// risk-tolerance group within C1 (风险承受能力最低类别), who may buy only
	// the lowest-risk, principal-protected products. It requires Risk C1.
	LowestRiskGroup bool `json:"lowest_risk_group,omitempty"`
	// RiskAssessed is the date of the risk assessment.
	RiskAssessed time.Time `json:"risk_assessed"`
	// Investor holds the facts for qualified-investor checks.
	Investor InvestorFacts `json:"investor"`

	// Contact holds the client's contact and privacy preferences.
	Contact Preferences `json:"contact"`
	// LastActive is the date of the client's last own activity at the bank:
	// a transaction, a login, a visit. The zero time means unknown.
	LastActive time.Time `json:"last_active"`
	// DailyBalances are end-of-day AUM balances at the bank, in strictly
	// ascending date order: the input of balance-based tier measures. A
	// day with no entry carries the last known balance forward.
	DailyBalances []DailyBalance `json:"daily_balances,omitempty"`
	// AverageBalances are period average daily balances the bank computed,
	// used by balance measures when there are no daily balances.
	AverageBalances []PeriodAverage `json:"average_balances,omitempty"`
	// Events are dated facts about the client: past ones (a large inflow)
	// and scheduled ones (a maturity, a birthday, an expiry).
	Events []Event `json:"events,omitempty"`
}

// UnmarshalJSON decodes p strictly, with [policy.Unmarshal]: a key that
// names no field ("holdngs"), differs from one only in case or is
// repeated, and a value of the wrong type or a malformed amount are
// [policy.Problems], each at its JSON pointer, line and column, never a
// silently empty field; no problem quotes an amount or identifier. Amounts
// are decimals, written as JSON strings or numbers, exact either way. The
// whole of p is replaced, and only on success. Decoding checks the form
// only: an amount out of bounds, a currency "cny" or a risk level "C9"
// decode, and [Profile.Validate] refuses them, located by pointer but not
// by line. Within an array, the path and line are those of the whole
// document only when policy.Unmarshal decodes it; encoding/json hands each
// profile its own bytes.
func (p *Profile) UnmarshalJSON(data []byte) error {
	type plain Profile // Profile without its methods, so that this is not called again
	return policy.Unmarshal(data, (*plain)(p))
}

// Holding is one asset of a client.
type Holding struct {
	// ID identifies the holding within the profile; it is required and unique.
	ID string `json:"id"`
	// Class is the asset class.
	Class AssetClass `json:"class"`
	// Product is the bank's product code, if the holding is a bank product.
	Product string `json:"product,omitempty"`
	// Amount is the holding's value; it must not be negative.
	Amount Money `json:"amount"`
	// OffBank reports whether the client declared this holding as held
	// outside the bank: real estate, the client's own business, assets at
	// other institutions. The zero value means held at the bank, which counts
	// in AUM.
	OffBank bool `json:"off_bank,omitempty"`
	// Foreign reports whether the asset is invested outside the client's
	// home market (whatever its currency).
	Foreign bool `json:"foreign,omitempty"`
}

// Liability is one debt of a client.
type Liability struct {
	// ID identifies the liability within the profile; it is required and unique.
	ID string `json:"id"`
	// Kind is a free label such as "mortgage" or "business loan".
	Kind string `json:"kind,omitempty"`
	// Amount is the outstanding amount; it must not be negative.
	Amount Money `json:"amount"`
	// OffBank reports whether the debt is owed to another institution.
	// Every debt counts alike in the figures (liabilities, net_wealth,
	// leverage), wherever it is owed.
	OffBank bool `json:"off_bank,omitempty"`
}

// CorporateLink links the client to one of the bank's corporate clients.
type CorporateLink struct {
	// ID is the corporate client's identifier at the bank; it is required.
	ID string `json:"id"`
	// Role is the client's role in the company.
	Role CorporateRole `json:"role"`
	// Ownership is the client's ownership fraction, 0 to 1, if known.
	Ownership decimal.Decimal `json:"ownership"`
}

// CorporateRole is a client's role in a linked company. The zero value, "",
// means unspecified.
type CorporateRole string

// Corporate roles.
const (
	RoleOwner       CorporateRole = "owner"
	RoleShareholder CorporateRole = "shareholder"
	RoleDirector    CorporateRole = "director"
	RoleExecutive   CorporateRole = "executive"
	RoleGuarantor   CorporateRole = "guarantor"
)

var corporateRoles = []string{string(RoleOwner), string(RoleShareholder), string(RoleDirector),
	string(RoleExecutive), string(RoleGuarantor)}

// InvestorFacts are the facts a qualified-investor check needs. Amounts may be
// in any currency with a rate.
type InvestorFacts struct {
	// FinancialAssets are the client's financial assets (deposits,
	// securities, funds, wealth products, insurance cash value...).
	FinancialAssets Money `json:"financial_assets"`
	// NetFinancialAssets are financial assets less debts; may be negative.
	NetFinancialAssets Money `json:"net_financial_assets"`
	// AverageIncome3Y is the client's average annual income over the last
	// three years.
	AverageIncome3Y Money `json:"average_income_3y"`
	// ExperienceYears is the client's years of investment experience.
	ExperienceYears int `json:"experience_years,omitempty"`
}

// DailyBalance is a client's end-of-day balance on one date.
type DailyBalance struct {
	Date    time.Time `json:"date"`    // the calendar date, in the as-of date's location
	Balance Money     `json:"balance"` // the end-of-day AUM balance; not negative
}

// PeriodAverage is an average daily balance over the days From to To,
// both included.
type PeriodAverage struct {
	From    time.Time `json:"from"`    // the first day
	To      time.Time `json:"to"`      // the last day
	Average Money     `json:"average"` // the average daily balance; not negative
}

// Event is a dated fact about a client that may trigger contact or change a
// need: a product maturity, a large inflow, a birthday, an expiry.
type Event struct {
	Kind EventKind `json:"kind"` // what happened or is due
	Date time.Time `json:"date"` // when; scheduled kinds may be after the as-of date
	// Holding is the ID of the holding the event concerns, if any.
	Holding string `json:"holding,omitempty"`
	// Amount is the amount involved, if any (an inflow, a maturing amount);
	// a maturity's must not be negative.
	Amount Money `json:"amount"`
}

// EventKind classifies an [Event]. The zero value, "", is no kind:
// [Profile.Validate] refuses it, with the kinds as choices.
type EventKind string

// Event kinds.
const (
	// EventMaturity: a holding matures (scheduled).
	EventMaturity EventKind = "maturity"
	// EventLargeInflow: a large amount came in.
	EventLargeInflow EventKind = "large_inflow"
	// EventLargeOutflow: a large amount went out.
	EventLargeOutflow EventKind = "large_outflow"
	// EventBirthday: the client's birthday (scheduled).
	EventBirthday EventKind = "birthday"
	// EventRiskAssessmentExpiry: the risk assessment expires (scheduled).
	EventRiskAssessmentExpiry EventKind = "risk_assessment_expiry"
	// EventKYCExpiry: the client's identity documents or KYC review expire
	// (scheduled).
	EventKYCExpiry EventKind = "kyc_expiry"
	// EventBusinessSale: the client sold a business or a stake in one.
	EventBusinessSale EventKind = "business_sale"
)

var eventKinds = []string{string(EventMaturity), string(EventLargeInflow), string(EventLargeOutflow),
	string(EventBirthday), string(EventRiskAssessmentExpiry), string(EventKYCExpiry), string(EventBusinessSale)}

// IsScheduled reports whether events of kind k may lie after the as-of date
// (maturities, birthdays, expiries). Other events record what happened and
// may not be in the future.
func (k EventKind) IsScheduled() bool {
	switch k {
	case EventMaturity, EventBirthday, EventRiskAssessmentExpiry, EventKYCExpiry:
		return true
	}
	return false
}
