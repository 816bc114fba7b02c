package vipcare

// The enumerations of the model marshal as their names ("C3", "owner",
// "secure_message", "maturity") so that JSON profiles are readable and stay
// valid if constants are ever renumbered. The zero value marshals as the
// name of "unspecified" (or "unassessed" for a RiskLevel).

// MarshalText returns the level's name, e.g. "C3".
func (r RiskLevel) MarshalText() ([]byte, error) { return marshalEnum("risk", riskNames[:], uint8(r)) }

// UnmarshalText parses a level's name, e.g. "C3".
func (r *RiskLevel) UnmarshalText(b []byte) error {
	return unmarshalEnum("risk", riskNames[:], b, (*uint8)(r))
}

// MarshalText returns the channel's name, e.g. "phone".
func (c Channel) MarshalText() ([]byte, error) {
	return marshalEnum("channel", channelNames[:], uint8(c))
}

// UnmarshalText parses a channel's name, e.g. "phone".
func (c *Channel) UnmarshalText(b []byte) error {
	return unmarshalEnum("channel", channelNames[:], b, (*uint8)(c))
}

// MarshalText returns the role's name, e.g. "owner".
func (r CorporateRole) MarshalText() ([]byte, error) {
	return marshalEnum("role", roleNames[:], uint8(r))
}

// UnmarshalText parses a role's name, e.g. "owner".
func (r *CorporateRole) UnmarshalText(b []byte) error {
	return unmarshalEnum("role", roleNames[:], b, (*uint8)(r))
}

// MarshalText returns the kind's name, e.g. "maturity".
func (k EventKind) MarshalText() ([]byte, error) {
	return marshalEnum("event.kind", eventNames[:], uint8(k))
}

// UnmarshalText parses a kind's name, e.g. "maturity".
func (k *EventKind) UnmarshalText(b []byte) error {
	return unmarshalEnum("event.kind", eventNames[:], b, (*uint8)(k))
}

func marshalEnum(field string, names []string, v uint8) ([]byte, error) {
	if int(v) >= len(names) {
		return nil, &FieldError{Field: field, Err: ErrOutOfRange}
	}
	return []byte(names[v]), nil
}

func unmarshalEnum(field string, names []string, b []byte, v *uint8) error {
	for i, n := range names {
		if n == string(b) {
			*v = uint8(i)
			return nil
		}
	}
	return &FieldError{Field: field, Err: ErrOutOfRange}
}
