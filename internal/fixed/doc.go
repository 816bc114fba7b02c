// Package fixed converts exact decimals to and from integer counts of
// 10^-scale units without allocating. It is shared by vipcare and its policy
// core and is not API.
//
// Conversions read a decimal's coefficient and exponent and never expand
// it, so a decimal with a huge exponent is rejected at once instead of taking
// seconds of big-integer arithmetic.
package fixed
