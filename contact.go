package vipcare

import "strconv"

// Channel is a way to contact a client. The zero Channel is unspecified.
type Channel uint8

// Contact channels.
const (
	ChannelBranch        Channel = iota + 1 // a meeting at the branch
	ChannelVisit                            // a visit to the client
	ChannelPhone                            // a call from the RM
	ChannelVideo                            // a video call
	ChannelSecureMessage                    // a message in the bank's app or online banking
	ChannelWeChat                           // WeChat or another messaging app
	ChannelSMS                              // a text message
	ChannelEmail                            // e-mail
	ChannelMail                             // a letter
	maxChannel           = ChannelMail
)

var channelNames = [...]string{"unspecified", "branch", "visit", "phone", "video", "secure_message",
	"wechat", "sms", "email", "mail"}

// String returns the channel's name, e.g. "secure_message".
func (c Channel) String() string {
	if c > maxChannel {
		return "Channel(" + strconv.Itoa(int(c)) + ")"
	}
	return channelNames[c]
}

// IsValid reports whether c is one of the defined channels.
func (c Channel) IsValid() bool { return c >= ChannelBranch && c <= maxChannel }

// IsDiscreet reports whether the channel keeps content private to the
// client: a meeting, a visit, a call, a video call or a secure message. SMS,
// e-mail, messaging apps and letters can be seen by others.
func (c Channel) IsDiscreet() bool {
	return c >= ChannelBranch && c <= ChannelSecureMessage
}

// Preferences are a client's contact and privacy preferences.
type Preferences struct {
	// Channels are the channels the client allows; empty means any.
	Channels []Channel `json:"channels,omitempty"`
	// Preferred is the client's preferred channel, if any; it must be
	// among Channels when Channels is not empty.
	Preferred Channel `json:"preferred,omitempty"`
	// Discreet reports whether the client asked for confidential handling:
	// discreet channels only, no amounts shown or logged.
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
	if c == 0 || c > maxChannel || p.Discreet && !c.IsDiscreet() {
		return false
	}
	if len(p.Channels) == 0 {
		return true
	}
	for _, a := range p.Channels {
		if a == c {
			return true
		}
	}
	return false
}
