package book_test

import (
	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/tier"
)

//go:noinline
func xloop(pb *playbook.Playbook, accs []book.Account, v vipcare.Valuation, period tier.Period) {
	var s playbook.Scratch
	for i := range accs {
		a := &accs[i]
		if _, err := pb.Decide(&a.Profile, v, playbook.Options{History: a.History, Period: period,
			State: a.State, Overrides: a.Overrides}, &s); err != nil {
			panic(err)
		}
	}
}
