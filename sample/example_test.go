package sample_test

import (
	"fmt"
	"slices"

	"github.com/vipcare/vipcare/sample"
)

// A book of 1,000 clients, each of which validates under the book's
// valuation.
func Example() {
	o := sample.Options{Seed: 7}
	v := sample.Valuation(o)
	valid := 0
	for _, p := range sample.Profiles(o, 1000) {
		if p.Validate(v) == nil {
			valid++
		}
	}
	fmt.Println("valid profiles:", valid)
	fmt.Println("client 42:", sample.Profile(o, 42).ID)
	fmt.Println("as of:", v.AsOf.Format("2006-01-02"), v.Currency)
	// Output:
	// valid profiles: 1000
	// client 42: C00000042
	// as of: 2026-06-30 CNY
}

// Ranges of a book can be generated independently: client i is the same
// whatever the size of the book.
func ExampleProfile() {
	o := sample.Options{Seed: 7}
	book := slices.Collect(sample.Seq(o, 100))
	p := sample.Profile(o, 99)
	fmt.Println(p.ID, p.ID == book[99].ID, len(p.Holdings) == len(book[99].Holdings))
	// Output:
	// C00000099 true true
}
