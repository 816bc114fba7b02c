package book_test

import (
	"fmt"
	"iter"
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/book"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// The reference policy checked for fairness over a sample book, for each
// protected field: age, which every environment protects, and gender, which
// the bank derives from the resident ID number and protects. Ten years
// older, clients change only where the policy justifies reading age (the
// preservation need's signal "older") and in the plays that meet that
// need; the other gender, no client changes at all.
func ExampleFairness() {
	env := policy.Must(vipcare.NewEnv(nil, policy.Enum("gender", []string{"female", "male", "unknown"}, gender)))
	env = policy.Must(env.Protect("gender"))
	pb := policy.Must(playbook.Reference(sample.Shelf()).Compile(env))
	o := sample.Options{Seed: 1}
	v := sample.Valuation(o)

	older := func(p *vipcare.Profile) { p.Birth = p.Birth.AddDate(-10, 0, 0) }
	r, err := book.Fairness(residents(sample.Seq(o, 1000)), v, pb, older, book.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(r)

	otherGender := func(p *vipcare.Profile) { p.ID = p.ID[:16] + strconv.Itoa(9-int(p.ID[16]-'0')) + p.ID[17:] }
	r, err = book.Fairness(residents(sample.Seq(o, 1000)), v, pb, otherGender, book.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	// Output:
	// 1,000 clients, 97 decided otherwise (9.7%)
	// part      what                 clients  share
	// tier                                 0   0.0%
	// segment                              0   0.0%
	// needs                               97   9.7%
	//           preservation              97   9.7%
	// strategy                             0   0.0%
	// plays                               24   2.4%
	//           standard_review           22   2.2%
	//           advice_session             5   0.5%
	//           preserve_and_grow          5   0.5%
	//           risk_review                4   0.4%
	//           integrated_banking         2   0.2%
	//           succession_planning        1   0.1%
	// tasks                                0   0.0%
	// 1,000 clients, 0 decided otherwise (0.0%)
	// part      what  clients  share
	// tier                  0   0.0%
	// segment               0   0.0%
	// needs                 0   0.0%
	// strategy              0   0.0%
	// plays                 0   0.0%
	// tasks                 0   0.0%
}

// gender reads the 17th digit of a resident ID number: odd for a man.
func gender(f *vipcare.Figures) string {
	id := f.Profile.ID
	switch {
	case len(id) != 18 || id[16] < '0' || id[16] > '9':
		return "unknown"
	case (id[16]-'0')%2 == 1:
		return "male"
	}
	return "female"
}

// residents gives the clients of book resident ID numbers, half of them a
// man's: the IDs of a bank in mainland China.
func residents(book iter.Seq[vipcare.Profile]) iter.Seq[vipcare.Profile] {
	return func(yield func(vipcare.Profile) bool) {
		i := 0
		for p := range book {
			p.ID = "1101011980010" + fmt.Sprintf("%04d", i%10000) + "X"
			i++
			if !yield(p) {
				return
			}
		}
	}
}
