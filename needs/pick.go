package needs

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/internal/redact"
)

// Pick is a play chosen for a client by [Advisor.Pick]: what
// [Advisor.Recommend] ranks, without text.
type Pick struct {
	// Play is the play's ID.
	Play string
	// Need is the need the play meets, with its strength; "" and 0 for a
	// client who opted out of profiling and for product-driven ranking.
	Need     Need
	Strength int
	// Fit is the share, in percent, of the play's categories that have a
	// suitable product.
	Fit int
	// Score is what the play was ranked by, as in [Recommendation].
	Score int64
	// Offers are the suitable products of the play's categories.
	Offers Offers
}

// Offers are the products a [Pick] offers: a fixed-size value over the
// advisor's shelf, which lists the product codes on request. The zero
// Offers offers nothing.
type Offers struct {
	a    *Advisor
	play int
	set  set
}

// Len returns the number of products offered.
func (o Offers) Len() int { return o.set.len() }

// Format prints the codes of the products offered, as [Offers.Codes]
// lists them, for every verb: not the advisor the offers point into.
func (o Offers) Format(s fmt.State, verb rune) {
	codes := "[" + strings.Join(o.Codes(), " ") + "]"
	redact.Format(s, verb, codes, "needs.Offers"+codes)
}

// Codes returns the codes of the products offered, in the order of
// [Recommendation].Offers: by the play's categories, then in shelf order.
// It allocates; use it for display, and [Offers.AppendCodes] where
// allocations count.
func (o Offers) Codes() []string { return o.codes(true) }

// AppendCodes appends to dst the codes [Offers.Codes] returns, in the same
// order, and returns the extended slice. It allocates nothing when dst has
// room for [Offers.Len] more.
func (o Offers) AppendCodes(dst []string) []string {
	if o.a == nil {
		return dst
	}
	for _, j := range o.a.byPlay[o.play] {
		if o.set.has(j) {
			dst = append(dst, o.a.products[j].Code)
		}
	}
	return dst
}

// Refused returns the codes of the products of the play's categories that
// are not suitable for the client, in the order of
// [Recommendation].Refused; [Advisor.Recommend] gives their refusals. It
// allocates.
func (o Offers) Refused() []string { return o.codes(false) }

// RefusedProduct is a product of a play's categories that a [Pick] does not
// offer, with the codes of every check of the suitability pack that
// refuses it to the client, in the pack's order: what a record keeps of a
// refusal, without its reason.
type RefusedProduct struct {
	Product string         `json:"product"`
	Codes   []vipcare.Code `json:"codes"`
}

// AppendRefusedProducts appends to dst the products [Offers.Refused] lists,
// in the same order, each with the codes of the checks that refuse it to
// the client whose figures are f, which must be those the pick was made
// from, and returns the extended slice: the codes of [Advisor.Recommend]'s
// refusals, without their reasons. The built-in checks build no text; the
// bank's Go checks run again, and their reasons are dropped. It allocates
// once for the products' codes, and once to grow dst unless it has room for
// them. f is not changed and must not be nil.
func (o Offers) AppendRefusedProducts(dst []RefusedProduct, f *vipcare.Figures) []RefusedProduct {
	a := o.a
	if a == nil || a.pack == nil {
		return dst
	}
	n := len(a.byPlay[o.play]) - o.set.len()
	if n == 0 {
		return dst
	}
	// Every code of every product in one slice, which never grows: a
	// product has at most one refusal a check.
	if cap(dst)-len(dst) < n { // one allocation, also under -race (where slices.Grow makes two)
		grown := make([]RefusedProduct, len(dst), len(dst)+n)
		copy(grown, dst)
		dst = grown
	}
	codes := make([]vipcare.Code, 0, n*len(a.pack.checks))
	var room [8]Refusal
	c := Case{Figures: f, codesOnly: true}
	for _, j := range a.byPlay[o.play] {
		if o.set.has(j) {
			continue
		}
		c.Product, c.ticket = &a.products[j], a.screen.tickets[j].text
		from := len(codes)
		for _, r := range a.pack.Assess(room[:0], &c) {
			codes = append(codes, r.Code)
		}
		dst = append(dst, RefusedProduct{Product: a.products[j].Code, Codes: codes[from:len(codes):len(codes)]})
	}
	return dst
}

// codes lists the play's products that are offered (or not).
func (o Offers) codes(offered bool) []string {
	if o.a == nil {
		return nil
	}
	var out []string
	for _, j := range o.a.byPlay[o.play] {
		if o.set.has(j) == offered {
			out = append(out, o.a.products[j].Code)
		}
	}
	return out
}

// Pick is [Advisor.Recommend] without text, for deciding many clients: it
// appends to picks the plays Recommend returns for the client, in the same
// order, with the same needs, strengths, fits, scores and products
// offered, and to skipped the plays Recommend leaves out, in the same
// order and with the same codes, but no reason (Reason is ""). limit, if
// positive, lowers the advisor's maximum of plays for this client (a
// strategy that carries fewer plays): the plays ranked beyond it are
// skipped with [CodeMaxPlays] as well, in rank order; 0 keeps the
// advisor's maximum.
//
// Each product is assessed at most once, against the pack compiled into
// integer requirements per product: no refusal is built. The bank's Go
// checks ([CheckPart]) run only on the products that pass the built-in
// checks, and need only say whether they refuse.
//
// Pick allocates nothing when picks has room for one pick per play of the
// advisor (they are ranked in place) and skipped for one skip per play:
// reuse the returned slices, truncated, and it allocates nothing in steady
// state, Go checks included (each is given a copy of its [Case]). A
// minimum ticket in a currency the figures have no rate for costs an
// allocation (its error). f, det and history are not changed; f must not
// be nil.
func (a *Advisor) Pick(picks []Pick, skipped []Skip, f *vipcare.Figures, det Detection, history []PlayMade, limit int) ([]Pick, []Skip) {
	personalised := !f.Profile.Contact.NoProfiling
	needsDriven := personalised && !a.productDriven
	// A detection by this advisor or a copy of it reads by scorecard index.
	byIndex := det.isOf(a)
	v := verdicts{s: &a.screen, shelf: a.products, f: f}
	n := len(a.plays)
	if !personalised {
		n = len(a.def)
	}
	start, given := len(picks), picks
	var today int64
	if len(history) > 0 {
		today = civil.DayOf(f.AsOf)
	}
	for k := 0; k < n; k++ {
		i := k
		if !personalised {
			i = a.def[k]
		}
		p := &a.plays[i]
		// The pick is made in place, in picks, and taken back if the play
		// is skipped: a Pick is some 100 bytes, and building one on the
		// stack and copying it in stalled on the bytes just written.
		picks = append(picks, Pick{})
		pk := &picks[len(picks)-1]
		pk.Play = p.ID
		if needsDriven {
			for x, need := range p.Needs {
				var s int
				switch c := a.playNeeds[i][x]; {
				case !byIndex:
					s = det.Strength(need)
				case c >= 0:
					s = int(det.strength[c])
				}
				if s > pk.Strength {
					pk.Need, pk.Strength = need, s
				}
			}
			if pk.Strength == 0 {
				skipped, picks = skip(skipped, p.ID, CodeNoNeed), picks[:len(picks)-1]
				continue
			}
		}
		if len(history) > 0 {
			cool := p.CoolDownDays
			if cool == 0 {
				cool = a.cool
			}
			if last, ok := lastMade(history, p.ID, today, f.AsOf.Location()); ok && today-last < int64(cool) {
				skipped, picks = skip(skipped, p.ID, CodeCoolDown), picks[:len(picks)-1]
				continue
			}
		}
		offers := v.suitable(&a.playSets[i])
		if offers.isEmpty() {
			code := CodeNoSuitableProduct
			if c := v.assessment(&a.playSets[i]); c != "" {
				code = c
			}
			skipped, picks = skip(skipped, p.ID, code), picks[:len(picks)-1]
			continue
		}
		covered := 0
		for c := range a.catSets[i] {
			if both := a.catSets[i][c].and(&offers); !both.isEmpty() {
				covered++
			}
		}
		pk.Fit = covered * 100 / len(p.Categories)
		switch {
		case !personalised:
			pk.Score = int64(n - (len(picks) - 1 - start)) // the default list keeps its order
		case a.productDriven:
			for w := range offers {
				for x := offers[w]; x != 0; x &= x - 1 {
					// quotas are 0 or more: the sum saturates, never wraps
					pk.Score += min(int64(a.products[w<<6|bits.TrailingZeros64(x)].Quota), math.MaxInt64-pk.Score)
				}
			}
		default:
			pk.Score = int64(pk.Strength) * int64(pk.Fit) // at most 100 x 100
		}
		pk.Offers.a, pk.Offers.play, pk.Offers.set = a, i, offers
	}
	if len(picks) == start {
		// No play made: picks as given, nil or on the caller's array,
		// though a pick taken back may have grown it.
		picks = given
	}
	ranked := picks[start:]
	slices.SortStableFunc(ranked, func(x, y Pick) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		return 0
	})
	most := a.maxPlays
	if limit > 0 && limit < most {
		most = limit
	}
	if len(ranked) > most {
		for _, pk := range ranked[most:] {
			skipped = skip(skipped, pk.Play, CodeMaxPlays)
		}
		picks = picks[:start+most]
	}
	return picks, skipped
}

// skip appends the skip of play for code to skipped. It sets the fields
// of the appended element in place: appending a Skip literal built it on
// the stack and copied it 16 bytes at a time, reading bytes just written 8
// at a time, which the processor cannot forward from its pending stores
// (a store-forwarding stall, 4% of a decision in a profile).
func skip(skipped []Skip, play string, code vipcare.Code) []Skip {
	skipped = append(skipped, Skip{})
	s := &skipped[len(skipped)-1]
	s.Play, s.Code = play, code
	return skipped
}
