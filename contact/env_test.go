package contact_test

import (
	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
)

// ageEnv is the default environment with age allowed: the reference
// scorecards read it (the preservation need's signal "older"), and a
// needs spec compiled alone is justified by its caller.
var ageEnv = policy.Must((*vipcare.Env)(nil).Allow("age"))
