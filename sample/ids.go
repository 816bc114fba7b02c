package sample

import "strconv"

// clientID returns "C" and i in at least 8 digits, e.g. "C00000042".
func clientID(i int) string {
	var buf [24]byte
	b := append(buf[:0], 'C')
	return string(appendPadded(b, uint64(i), 8))
}

// holdingIDs and liabilityIDs hold the IDs of a profile's holdings and
// liabilities, three bytes each, so that taking one does not allocate.
const (
	holdingIDs   = "H01H02H03H04H05H06H07H08H09H10H11H12H13H14H15H16"
	liabilityIDs = "L01L02L03"
)

// holdingID returns "H01" for j = 0, "H02" for j = 1, and so on.
func holdingID(j int) string { return holdingIDs[3*j : 3*j+3] }

// liabilityID returns "L01" for j = 0, "L02" for j = 1, and so on.
func liabilityID(j int) string { return liabilityIDs[3*j : 3*j+3] }

// corporateID returns "CORP-" and n in 7 digits, e.g. "CORP-0000123".
func corporateID(n int) string {
	var buf [16]byte
	return string(appendPadded(append(buf[:0], "CORP-"...), uint64(n), 7))
}

// productCode returns prefix and n in 4 digits, e.g. "WMP-2041".
func productCode(prefix string, n uint16) string {
	var buf [16]byte
	return string(appendPadded(append(buf[:0], prefix...), uint64(n), 4))
}

// appendPadded appends n in decimal, padded with zeros to width digits.
func appendPadded(b []byte, n uint64, width int) []byte {
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], n, 10)
	for k := len(d); k < width; k++ {
		b = append(b, '0')
	}
	return append(b, d...)
}
