// Package discreet holds the one rule every explanation and record of
// vipcare follows for a client who asked for confidential handling
// (vipcare.Preferences.Discreet): the client's own values are never shown,
// whatever the Values options ask.
package discreet

import "github.com/vipcare/vipcare"

// Values reports whether the client whose figures are f may have their
// own values shown when values asks for them: never a discreet client's.
// Figures with no profile (f nil, or made by hand) show them as asked.
func Values(values bool, f *vipcare.Figures) bool {
	return values && (f == nil || f.Profile == nil || !f.Profile.Contact.Discreet)
}
