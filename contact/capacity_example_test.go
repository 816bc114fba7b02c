package contact_test

import (
	"fmt"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
)

// Two RMs under the reference workload, 68,640 minutes (1,144 hours) a year
// each for clients. A premier client needs 2 branch meetings, 8 calls and 6
// secure messages a year: 2 x 75 + 8 x 35 + 6 x 25 = 580 minutes; a
// relationship client 1 meeting, 4 calls and 4 messages: 315 minutes.
// RM-02's book needs more than the year has: the premier clients, worth
// more, are served first, and 107 of the 120 relationship clients fit in
// what is left.
func ExampleCapacity_Report() {
	premier := &contact.Strategy{Name: "premier", Owner: contact.SeniorRM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 2}, {Channel: vipcare.ChannelPhone, PerYear: 8},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 6}}}
	relationship := &contact.Strategy{Name: "relationship", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 1}, {Channel: vipcare.ChannelPhone, PerYear: 4},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 4}}}
	book := func(prefix string, n int, s *contact.Strategy, value int64) []contact.ClientLoad {
		out := make([]contact.ClientLoad, n)
		for i := range out {
			out[i] = contact.ClientLoad{Client: fmt.Sprintf("%s%04d", prefix, i), Strategy: s, Value: value}
		}
		return out
	}

	c := contact.MustCapacity(contact.ReferenceWorkload())
	r, err := c.Report([]contact.Assigned{
		{RM: "RM-01", Role: contact.SeniorRM, Clients: book("P", 100, premier, 3_000_000)},
		{RM: "RM-02", Role: contact.RM, Clients: append(book("Q", 60, premier, 3_000_000),
			book("R", 120, relationship, 800_000)...)},
	}, contact.CapacityOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Print(r)
	fmt.Println("over:", r.Over, "uncovered at RM-02:", len(r.RMs[1].Uncovered))
	// Output:
	// rm     role       clients  demand h  capacity h  utilisation  coverage  status
	// RM-01  senior_rm      100       967       1,144        84.5%    100.0%  ok
	// RM-02  rm             180     1,210       1,144       105.8%     92.8%  over
	// total                 280     2,177       2,288        95.1%     95.4%
	// over: [RM-02] uncovered at RM-02: 13
}

// How many clients can one RM fully serve when a tenth of the book is
// premier and the rest relationship? 68,640 / (0.1 x 580 + 0.9 x 315) =
// 68,640 / 341.5 = 200.99, so 200.
func ExampleCapacity_BookSize() {
	premier := &contact.Strategy{Name: "premier", Owner: contact.SeniorRM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 2}, {Channel: vipcare.ChannelPhone, PerYear: 8},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 6}}}
	relationship := &contact.Strategy{Name: "relationship", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 1}, {Channel: vipcare.ChannelPhone, PerYear: 4},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 4}}}

	c := contact.MustCapacity(contact.ReferenceWorkload())
	fmt.Println(c.Minutes(), "minutes a year;", c.ClientMinutes(premier), "per premier client,",
		c.ClientMinutes(relationship), "per relationship client")
	n, err := c.BookSize([]contact.MixEntry{
		{Strategy: premier, Share: 100_000},
		{Strategy: relationship, Share: 900_000},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("book size:", n)
	// Output:
	// 68640 minutes a year; 580 per premier client, 315 per relationship client
	// book size: 200
}
