package vipcare

import "slices"

// Channel is a way to contact a client. Channels marshal as their names;
// the zero Channel, "", is unspecified.
type Channel string

// Contact channels.
const (
	ChannelBranch        Channel = "branch"         // a meeting at the branch
	ChannelVisit         Channel = "visit"          // a visit to the client
	ChannelPhone         Channel = "phone"          // a call from the RM
	ChannelVideo         Channel = "video"          // a video call
	ChannelSecureMessage Channel = "secure_message" // a message in the bank's app or online banking
	ChannelWeChat        Channel = "wechat"         // WeChat or another messaging app
	ChannelSMS           Channel = "sms"            // a text message
	ChannelEmail         Channel = "email"          // e-mail
	ChannelMail          Channel = "mail"           // a letter
)

// Channels returns every channel in the order of the constants, the
// discreet ones first (see [Channel.IsDiscreet]): the choices of a form, or
// of an error about an unknown channel. The slice is the caller's.
func Channels() []Channel {
	return []Channel{ChannelBranch, ChannelVisit, ChannelPhone, ChannelVideo, ChannelSecureMessage,
		ChannelWeChat, ChannelSMS, ChannelEmail, ChannelMail}
}

// IsValid reports whether c is one of the defined channels.
func (c Channel) IsValid() bool { return c.Index() >= 0 }

// IsDiscreet reports whether the channel keeps content private to the
// client: a meeting, a visit, a call, a video call or a secure message. SMS,
// e-mail, messaging apps and letters can be seen by others.
func (c Channel) IsDiscreet() bool {
	i := c.Index()
	return i >= 0 && i <= 4
}

// Index returns c's position in [Channels], -1 if c is none of them: what
// code that keeps something per channel in an array indexes it by. It
// tells the candidates apart by their first letter and compares c with
// them as constants, faster than a search of the list (a test keeps the
// two in step).
func (c Channel) Index() int {
	if len(c) < 3 {
		return -1
	}
	switch c[0] {
	case 'b':
		if c == ChannelBranch {
			return 0
		}
	case 'v':
		if c == ChannelVisit {
			return 1
		}
		if c == ChannelVideo {
			return 3
		}
	case 'p':
		if c == ChannelPhone {
			return 2
		}
	case 's':
		if c == ChannelSecureMessage {
			return 4
		}
		if c == ChannelSMS {
			return 6
		}
	case 'w':
		if c == ChannelWeChat {
			return 5
		}
	case 'e':
		if c == ChannelEmail {
			return 7
		}
	case 'm':
		if c == ChannelMail {
			return 8
		}
	}
	return -1
}

// Preferences are a client's contact and privacy preferences.
type Preferences struct {
	// Channels are the channels the client allows; empty means any. A
	// bank whose consent records hold no channel for a client must say so
	// some other way (DoNotContact, or the channels it does hold): an
	// empty list here allows every channel.
	Channels []Channel `json:"channels,omitempty"`
	// Preferred is the client's preferred channel, if any; it must be
	// among Channels when Channels is not empty.
	Preferred Channel `json:"preferred,omitempty"`
	// Discreet reports whether the client asked for confidential handling:
	// discreet channels only, no amounts shown or logged. Every
	// explanation and record made from the client's figures leaves the
	// client's values out even when asked for them (the Values options);
	// policy.Rule.Explain, which knows no profile, is the caller's to
	// call without Values for such a client.
	Discreet bool `json:"discreet,omitempty"`
	// DoNotContact reports whether the client asked for no outbound
	// contact: no calls, messages, visits or invitations the client did not
	// ask for. The client keeps its service when it comes to the bank.
	DoNotContact bool `json:"do_not_contact,omitempty"`
	// NoProfiling reports whether the client opted out of personalised
	// profiling (PIPL Art. 24(2)); such a client gets non-personalised
	// offers only.
	NoProfiling bool `json:"no_profiling,omitempty"`
}

// Allows reports whether the client allows contact through c: c is among
// Channels (or Channels is empty, meaning any), and, for a client who asked
// for discretion, c is a discreet channel.
func (p *Preferences) Allows(c Channel) bool {
	if !c.IsValid() || p.Discreet && !c.IsDiscreet() {
		return false
	}
	return len(p.Channels) == 0 || slices.Contains(p.Channels, c)
}
