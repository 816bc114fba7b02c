package needs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/sample"
)

// ageEnv is the default environment with age allowed: the reference
// scorecards read it (the preservation need's signal "older"), and a
// needs spec compiled alone is justified by its caller.
var ageEnv = policy.Must((*vipcare.Env)(nil).Allow("age"))

// The reference scorecards read age, which every environment protects:
// compiled alone in the default environment they are refused where they
// read it; a playbook justifies the read in its document
// (playbook.Reference does), a caller compiling them alone allows it.
func TestReferenceReadsAge(t *testing.T) {
	_, err := needs.Reference(sample.Shelf()).Compile(nil)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/scorecards/2/signals/1/when/field", Name: "age", Err: policy.ErrProtected})
	_, err = needs.Reference(sample.Shelf()).Compile(ageEnv)
	require.NoError(t, err)

	// A pack's requirement reading a protected field of the bank's own.
	env := policy.Must(policy.Must(vipcare.NewEnv(nil, policy.Bool("minority", func(*vipcare.Figures) bool { return false }))).
		Protect("minority"))
	pack := needs.PackSpec{Name: "house", Require: []needs.Requirement{
		{Check: "k", Code: "c", From: needs.R3, When: policy.Not(policy.Field("minority").EQ(true))}}}
	_, err = pack.Compile(env)
	testkit.CheckProblems(t, err, testkit.Want{Path: "/require/0/when/not/field", Name: "minority", Err: policy.ErrProtected})
}
