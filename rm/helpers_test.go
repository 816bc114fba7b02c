package rm_test

import (
	"slices"

	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// refCapacity compiles the reference workload: 68,640 minutes a year, 312
// a working day.
func refCapacity() *rm.Capacity {
	return policy.Must(rm.ReferenceWorkload().Compile(nil))
}

// cloneBook deep-copies b, every slice within included, so that a test can
// prove a call changed nothing.
func cloneBook(b rm.Book) rm.Book {
	out := rm.Book{Managers: slices.Clone(b.Managers), Clients: slices.Clone(b.Clients)}
	for j := range out.Managers {
		m := &out.Managers[j]
		m.Languages = slices.Clone(m.Languages)
		m.Workdays = slices.Clone(m.Workdays)
		m.Holidays = slices.Clone(m.Holidays)
	}
	for i := range out.Clients {
		out.Clients[i].Contact.Channels = slices.Clone(out.Clients[i].Contact.Channels)
	}
	return out
}
