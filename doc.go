// Package vipcare is the client model of a library that helps retail banks
// serve their affluent ("VIP") clients by need rather than by product quota:
// tier them on asset ladders, segment them, infer their needs, and plan how
// relationship managers (RMs) contact and serve them.
//
// This package holds what the others stand on: the client [Profile], exact
// money, the figures rules read, validation and confidentiality. Package
// policy is the rule core; package tier places clients on asset ladders;
// package sample generates a synthetic book for trying policies.
//
// # Profiles
//
// A [Profile] is plain data the caller owns: [Holding] values by
// [AssetClass], at the bank or declared off-bank (real estate, the client's
// own business, assets at other institutions), liabilities, revenue
// contribution, entrepreneur status and links to corporate clients
// ([CorporateLink]), the assessed [RiskLevel] (C1 to C5), qualified-investor
// facts ([InvestorFacts]), contact and privacy [Preferences], balance
// history and dated [Event] values. Nothing in vipcare changes a profile it
// is given.
//
// # Money
//
// Amounts at the API are [Money]: a decimal.Decimal and a [Currency]. Inside
// an evaluation they become [Amount], an exact int64 count of ten-thousandths,
// so that figures and rules run without rounding and without allocating.
// Every amount is bounded (14 integer digits, 4 decimal places), which keeps
// sums exact and stops decimals with huge exponents at the boundary.
//
// # Valuation and figures
//
// One evaluation has one reporting currency. A [Valuation] names it, with
// the as-of date and a [Rates] table the caller gives for other currencies;
// amounts in a currency without a rate are an error ([ErrNoRate]), never a
// silent sum. [Valuation.Figures] computes, once per client, the [Figures]
// rules read: AUM at the bank, declared wealth, amount and [Share] per asset
// class, number of classes, foreign and domestic shares, qualified-investor
// amounts. [Schema] names those figures for package policy, so a rule such
// as policy.Field("share.real_estate").GE("0.25") can be written as data.
//
// # Validation
//
// [Profile.Validate] reports every problem at once, as an errors.Join of
// [*FieldError] values that errors.Is matches against sentinels such as
// [ErrNegative], [ErrDuplicate] or [ErrFutureDate]. Errors name the field,
// never its value.
//
// # Confidentiality
//
// Clients of private banking value discretion, and financial accounts are
// sensitive personal information under PIPL Art. 28. fmt (every verb) and
// log/slog output of a [Profile] or a [Holding] shows neither amounts nor
// identifiers; [Profile.Disclose] is the one explicit way to see them.
// Values printed through fields fmt cannot reach (a Profile inside an
// unexported struct field) are beyond the package's reach: log profiles
// directly, or their LogValue.
//
// # Concurrency
//
// [Rates] and the schema are immutable and safe for concurrent use. A
// [Figures] value belongs to the goroutine that computed it.
package vipcare
