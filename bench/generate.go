package bench

import (
	"strconv"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// generatedFuncs are the ladder and the rules of needTexts as the
// functions of gen/rules_gen.go, which policy.GenerateGo writes over the
// schema of vipcare's default environment: Rung, a choice of the highest
// rung of tier.Reference whose threshold the AUM meets (-1 for none),
// and Business, Loyal and Idle. Rung is the placement of
// tier.Ladder.Classify for this ladder of thresholds alone: it reads the
// AUM in the figures' currency and does not check, as Classify does,
// that it is the ladder's (the bench values every client in CNY); a
// ladder whose rungs have conditions would add them to each case.
func generatedFuncs() ([]policy.GoFunc, error) {
	rungs := tier.Reference().Rungs
	rung := policy.GoFunc{Name: "Rung", Doc: "is the rung of tier.Reference's thresholds that the AUM, in CNY, meets; -1 for none.", Else: -1}
	for i := len(rungs) - 1; i >= 0; i-- {
		c := policy.Field("aum").GE(rungs[i].From.String())
		rung.Cases = append(rung.Cases, policy.GoCase{When: c, Value: i})
	}
	funcs := []policy.GoFunc{rung}
	for i, name := range []string{"Business", "Loyal", "Idle"} {
		c, err := policy.Parse(needTexts[i])
		if err != nil {
			return nil, err
		}
		funcs = append(funcs, policy.GoFunc{Name: name, Doc: "is need " + strconv.Itoa(i) + " of needTexts:", When: c})
	}
	return funcs, nil
}

// generateRules returns the source of gen/rules_gen.go.
func generateRules() ([]byte, error) {
	funcs, err := generatedFuncs()
	if err != nil {
		return nil, err
	}
	return policy.GenerateGo((*vipcare.Env)(nil).Schema(), "gen", funcs...)
}
