package contact

import "github.com/vipcare/vipcare"

// channelAt returns the channel at position i of vipcare.Channels.
func channelAt(i int) vipcare.Channel {
	switch i {
	case 0:
		return vipcare.ChannelBranch
	case 1:
		return vipcare.ChannelVisit
	case 2:
		return vipcare.ChannelPhone
	case 3:
		return vipcare.ChannelVideo
	case 4:
		return vipcare.ChannelSecureMessage
	case 5:
		return vipcare.ChannelWeChat
	case 6:
		return vipcare.ChannelSMS
	case 7:
		return vipcare.ChannelEmail
	}
	return vipcare.ChannelMail
}

// Channel bits, by position in vipcare.Channels.
const (
	allChannels      = 1<<9 - 1
	discreetChannels = 1<<5 - 1 // branch, visit, phone, video, secure message
)

// rerouteOrder is the order, by position in vipcare.Channels, in which a
// touch looks for another channel when the client does not consent to the
// strategy's: phone, secure message, visit, branch, video, WeChat, SMS,
// e-mail, mail.
func rerouteOrder() [9]int8 { return [9]int8{2, 4, 1, 0, 3, 5, 6, 7, 8} }

// consent is what a client's preferences allow, read once: the channels
// the client consents to, as bits by position in vipcare.Channels (those
// vipcare.Preferences.Allows allows), and the preferred channel's
// position, -1 for none or one not consented.
type consent struct {
	allowed   uint16
	preferred int8
}

// consentOf reads p's consent.
func consentOf(p *vipcare.Preferences) consent {
	c := consent{allowed: allChannels, preferred: -1}
	if len(p.Channels) > 0 {
		c.allowed = 0
		for _, ch := range p.Channels {
			if i := ch.Index(); i >= 0 {
				c.allowed |= 1 << i
			}
		}
	}
	if p.Discreet {
		c.allowed &= discreetChannels
	}
	if i := p.Preferred.Index(); i >= 0 && c.allowed&(1<<i) != 0 {
		c.preferred = int8(i)
	}
	return c
}

// reroute returns the position of the channel a contact planned on the
// channel at position i (-1 for none) uses: i if the client consents to
// it, else the client's preferred channel if consented, else the first
// consented channel in [rerouteOrder]; -1 if the client consents to none.
func (c consent) reroute(i int) int {
	switch {
	case i >= 0 && c.allowed&(1<<i) != 0:
		return i
	case c.preferred >= 0:
		return int(c.preferred)
	}
	for _, j := range rerouteOrder() {
		if c.allowed&(1<<j) != 0 {
			return int(j)
		}
	}
	return -1
}
