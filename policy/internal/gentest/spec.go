// Package gentest holds the Go that policy.GenerateGo writes for a
// subject with a field of every kind and conditions with every operator
// and combinator, so that policy's tests can run the generated functions
// beside the compiled rules. rules_gen.go is rewritten by
// go test ./policy -run GenerateGo -update.
package gentest

import (
	"time"

	"github.com/vipcare/vipcare/policy"
)

// Subject has a field of every kind a schema can have.
type Subject struct {
	Amount      int64 // hundredths
	Part, Whole int64 // a ratio's
	Count       int64
	VIP         bool
	Risk        string
	Since       time.Time
}

// Schema reads a Subject.
var Schema = policy.Must(policy.NewSchema(
	policy.Decimal("amount", 2, func(s *Subject) int64 { return s.Amount }),
	policy.Ratio("share", 4, func(s *Subject) (int64, int64) { return s.Part, s.Whole }),
	policy.Int("count", func(s *Subject) int64 { return s.Count }),
	policy.Bool("vip", func(s *Subject) bool { return s.VIP }),
	policy.Enum("risk", []string{"C1", "C2", "C3", "C4", "C5"}, func(s *Subject) string { return s.Risk }),
	policy.Date("since", func(s *Subject) time.Time { return s.Since }),
))

// Funcs are the functions of rules_gen.go: a condition per operator and
// kind of field, combinators, and a choice.
var Funcs = func() []policy.GoFunc {
	conds := []struct{ name, text string }{
		{"Always", ""},
		{"AmountGE", "amount >= 100.5"}, {"AmountGT", "amount > 100.5"}, {"AmountLE", "amount <= -3"},
		{"AmountLT", "amount < -3"}, {"AmountEQ", "amount == 0"}, {"AmountNE", "amount != 7.25"},
		{"AmountMin", "amount >= -9999999999999999.99"}, {"AmountMax", "amount <= 9999999999999999.99"},
		{"ShareGE", "share >= 0.6"}, {"ShareGT", "share > 0.6"}, {"ShareLE", "share <= 0.25"},
		{"ShareLT", "share < 0"}, {"ShareEQ", "share == 0.5"}, {"ShareNE", "share != 1"},
		{"ShareNegative", "share >= -0.5"}, {"ShareHuge", "share >= 99999999999999.9999"},
		{"ShareAboveHuge", "share > 99999999999999.9999"}, {"ShareHugeNegative", "share <= -99999999999999.9999"},
		{"CountIn", "count in (1, 3, 5)"}, {"CountGE", "count >= 2"}, {"CountNE", "count != -1"},
		{"CountLT", "count < -9223372036854775807"},
		{"VIP", "vip == true"}, {"NotVIP", "vip != true"}, {"VIPFalse", "vip == false"}, {"VIPNotFalse", "vip != false"},
		{"RiskEQ", `risk == "C3"`}, {"RiskNE", `risk != "C3"`}, {"RiskIn", `risk in ("C1", "C5")`},
		{"RiskGE", `risk >= "C4"`}, {"RiskLT", `risk < "C2"`}, {"RiskGT", `risk > "C1"`}, {"RiskLE", `risk <= "C5"`},
		{"SinceGE", `since >= "2020-01-01"`}, {"SinceNE", `since != "2021-06-30"`}, {"SinceEQ", `since == "2021-06-30"`},
		{"SinceLT", `since < "2000-02-29"`}, {"SinceGT", `since > "2000-02-29"`}, {"SinceLE", `since <= "2000-02-29"`},
		{"All", `amount >= 100.5 and share >= 0.6 and vip == true`},
		{"Any", `count >= 2 or risk in ("C1", "C5") or since < "2000-02-29"`},
		{"Not", `not (amount >= 100.5 and not share <= 0.25)`},
		{"AtLeast", `at least 2 of (vip == true, count in (1, 3, 5), share > 0.6, not risk >= "C4")`},
		{"SinceRange", `since >= "2020-01-01" and since < "2021-01-01"`},
		{"SinceTwoUpper", `since < "2021-06-30" and since <= "2020-01-01" and since != "2000-02-29"`},
		{"RiskTwoUpper", `risk < "C4" and risk <= "C2"`}, {"CountInRepeated", "count in (1, 1, 2)"},
		{"Repeated", `(vip or count >= 2) and (vip or count >= 2) and (amount == 0 or amount == 0)`},
		{"ShareRange", `share >= 0.25 and share < 0.5 and not share == 0.3`},
		{"NotNot", `not not (vip == true and count >= 2) and vip == true`},
		{"NotAllNot", `since < "2000-02-29" and not all(not since != "2021-06-30")`},
		{"RiskBoth", `risk == "C1" and risk == "C2"`}, {"CountEither", `count != 1 or count != 2`},
		{"SinceBoth", `since == "2020-01-01" and vip == true and since == "2021-06-30"`},
		{"AmountBoth", `amount == 0 and (vip == true and amount == 7.25)`},
		{"CountEitherNested", `not (count == 1 and count == 2) and (count != 1 or vip == true or count != 2)`},
		{"TwoFieldsEQ", `count == 2 and risk == "C2"`}, {"TwoFieldsNE", `count != 2 or risk != "C2"`},
		{"SinceEither", `since != "2020-01-01" or since != "2021-06-30"`},
		{"AndsUnderOr", `count == 1 and risk != "C2" or count == 1 and risk != "C3"`},
		{"Nested", `(amount < -3 or at least 1 of (share == 0.5, since != "2021-06-30")) and not (count != -1 and risk == "C3")`},
	}
	funcs := make([]policy.GoFunc, 0, len(conds)+1)
	for _, c := range conds {
		var when policy.Cond
		if c.text != "" {
			when = policy.Must(policy.Parse(c.text))
		}
		funcs = append(funcs, policy.GoFunc{Name: c.name, When: when})
	}
	return append(funcs, policy.GoFunc{Name: "Level", Doc: "is a level from 1 to 3, -1 for none.", Cases: []policy.GoCase{
		{When: policy.Must(policy.Parse(`share >= 0.5 and vip == true`)), Value: 3},
		{When: policy.Must(policy.Parse(`amount >= 1000`)), Value: 2},
		{When: policy.Must(policy.Parse(`count in (1, 2)`)), Value: 1},
		{When: policy.Must(policy.Parse(`risk == "C1" and risk == "C2"`)), Value: 0},
	}, Else: -1})
}()
