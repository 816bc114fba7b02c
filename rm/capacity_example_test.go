package rm_test

import (
	"fmt"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// The reference workload, and a bank's own: its time study found that
// visits take longer and that administration takes less of the day.
func ExampleReferenceWorkload() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	fmt.Println(c.Minutes(), "minutes a year for clients")

	w := rm.ReferenceWorkload()
	w.Minutes[vipcare.ChannelVisit] = 150
	w.AdminShare = w.AdminShare.Sub(w.AdminShare.Shift(-1)) // 0.315
	own, err := w.Compile(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(own.Minutes(), "minutes a year for clients")

	w.Minutes["fax"] = 5
	w.HoursPerYear = 0
	_, err = w.Compile(nil)
	fmt.Println(err)
	// Output:
	// 68640 minutes a year for clients
	// 72336 minutes a year for clients
	// vipcare: /minutes/fax: "fax": unknown (want one of: branch, visit, phone, video, secure_message, wechat, sms, email, mail)
	// vipcare: /hours_per_year: out of range
}

// premier needs 2 branch meetings, 8 calls and 6 secure messages a year:
// 2 x 75 + 8 x 35 + 6 x 25 = 580 minutes under the reference workload;
// relationship 1 meeting, 4 calls and 4 messages: 315 minutes.
var (
	premier = &contact.Strategy{Name: "premier", Owner: contact.SeniorRM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 2}, {Channel: vipcare.ChannelPhone, PerYear: 8},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 6}}}
	relationship = &contact.Strategy{Name: "relationship", Owner: contact.RM, Touches: []contact.Touch{
		{Channel: vipcare.ChannelBranch, PerYear: 1}, {Channel: vipcare.ChannelPhone, PerYear: 4},
		{Channel: vipcare.ChannelSecureMessage, PerYear: 4}}}
)

// Two managers under the reference workload, 68,640 minutes (1,144 hours)
// a year each for clients. RM-02's book needs more than the year has: the
// premier clients, worth more, are served first, and 107 of the 120
// relationship clients fit in what is left.
func ExampleCapacity_Report() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	book := rm.Book{Managers: []rm.Manager{
		{ID: "RM-01", Role: contact.SeniorRM},
		{ID: "RM-02", Role: contact.RM},
	}}
	add := func(prefix string, n int, s *contact.Strategy, value int64, manager string) {
		for i := range n {
			book.Clients = append(book.Clients, rm.Client{ID: fmt.Sprintf("%s%04d", prefix, i), Role: s.Owner,
				Minutes: c.ClientMinutes(s), Value: value, RM: manager})
		}
	}
	add("P", 100, premier, 3_000_000, "RM-01")
	add("Q", 60, premier, 3_000_000, "RM-02")
	add("R", 120, relationship, 800_000, "RM-02")

	r, err := c.Report(book)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r)
	fmt.Println("over:", r.Over, "uncovered at RM-02:", len(r.Managers[1].Uncovered))
	// Output:
	// rm     role       clients  demand h  capacity h  utilisation  coverage  status
	// RM-01  senior_rm      100       967       1,144        84.5%    100.0%  ok
	// RM-02  rm             180     1,210       1,144       105.8%     92.8%  over
	// total                 280     2,177       2,288        95.1%     95.4%
	// over: [RM-02] uncovered at RM-02: 13
}

// How many clients can one manager fully serve when a tenth of the book is
// premier and the rest relationship? 68,640 / (0.1 x 580 + 0.9 x 315) =
// 68,640 / 341.5 = 200.99, so 200.
func ExampleCapacity_BookSize() {
	c := policy.Must(rm.ReferenceWorkload().Compile(nil))
	fmt.Println(c.Minutes(), "minutes a year;", c.ClientMinutes(premier), "per premier client,",
		c.ClientMinutes(relationship), "per relationship client")
	n, err := c.BookSize([]rm.MixEntry{
		{Strategy: premier, Share: 100_000},
		{Strategy: relationship, Share: 900_000},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("book size:", n)
	// Output:
	// 68640 minutes a year; 580 per premier client, 315 per relationship client
	// book size: 200
}
