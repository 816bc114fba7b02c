// Package num holds the exact integer arithmetic vipcare's packages share:
// decimals to and from integer counts of 10^-scale units, a signed 128-bit
// sum, ratios of counts in millionths, and the text of numbers (digit
// grouping and percentages). It is not API.
//
// Conversions read a decimal's coefficient and exponent and never expand
// it, so a decimal with a huge exponent is rejected at once instead of taking
// seconds of big-integer arithmetic. Nothing here allocates except the
// functions that return text.
package num
