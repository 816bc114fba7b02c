package book

import (
	"iter"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/playbook"
)

// Explain makes pb's decision for every client of book, explained
// (playbook.Playbook.Explain), valued under v, and passes each, with the
// client's position in the book and profile, to fn, in book order. It
// stops at the first error of fn, returned as it is, or of a decision,
// located at the client's position ("/book/17/...") and never naming the
// client. With o.Values the explanations show the clients' amounts (see
// playbook.Options.Values). With o.Workers > 1 decisions are made in
// parallel and still reach fn in book order, in the calling goroutine,
// with the same result as serially. Memory does not grow with the book.
// Nothing passed in is changed; p is valid only during the call to fn.
// A nil pb or fn is refused (policy.ErrMissing at "/playbook", "/fn"): a
// run whose explanations no one reads is a mistake.
func Explain(book iter.Seq[vipcare.Profile], pb *playbook.Playbook, v vipcare.Valuation, o Options,
	fn func(i int, p *vipcare.Profile, d playbook.Explanation) error) error {
	args := append(valuation("/valuation", v, pb), argument{path: "/playbook", missing: pb == nil},
		argument{path: "/fn", missing: fn == nil})
	if err := checkArguments(args...); err != nil {
		return err
	}
	e := &engine[vipcare.Profile, struct{}, playbook.Explanation]{
		workers: o.Workers,
		state:   func() struct{} { return struct{}{} },
		work: func(_ struct{}, _ int, p *vipcare.Profile) (playbook.Explanation, error) {
			return pb.Explain(p, v, playbook.Options{Values: o.Values})
		},
		emit: fn,
	}
	_, err := e.run(book)
	return err
}
