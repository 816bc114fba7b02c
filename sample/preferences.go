package sample

import "github.com/vipcare/vipcare"

// preferences sets the client's contact preferences: discretion, the
// opt-outs, the channels the client accepts (none for any channel) and, for
// 90% of clients, a preferred one, among the accepted channels if any.
func (g *gen) preferences(c *vipcare.Preferences) {
	r := g.r
	c.Discreet = g.chance(0.55)
	c.DoNotContact = g.chance(0.04)
	c.NoProfiling = g.chance(0.03)
	switch {
	case c.Discreet: // 2 to 4 of the 5 discreet channels
		c.Channels = g.channels(5, 2+r.IntN(3))
	case g.chance(0.30): // any channel
	default: // 2 to 6 of all channels
		c.Channels = g.channels(9, 2+r.IntN(5))
	}
	if g.chance(0.90) {
		if len(c.Channels) > 0 {
			c.Preferred = c.Channels[r.IntN(len(c.Channels))]
		} else {
			c.Preferred = vipcare.Channels()[r.IntN(9)]
		}
	}
}

// channels returns k distinct channels of the numbers 1 to last of
// vipcare.Channels (the discreet ones, 1 to 5, first), in ascending order
// of their numbers.
func (g *gen) channels(last, k int) []vipcare.Channel {
	var pool [9]int
	for j := range last {
		pool[j] = j + 1
	}
	for j := 0; j < k; j++ { // partial Fisher-Yates
		s := j + g.r.IntN(last-j)
		pool[j], pool[s] = pool[s], pool[j]
	}
	nums := pool[:k]
	for j := 1; j < k; j++ { // insertion sort
		for s := j; s > 0 && nums[s] < nums[s-1]; s-- {
			nums[s], nums[s-1] = nums[s-1], nums[s]
		}
	}
	all := vipcare.Channels()
	out := make([]vipcare.Channel, k)
	for j, n := range nums {
		out[j] = all[n-1]
	}
	return out
}
