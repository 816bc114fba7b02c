package policy_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/vipcare/vipcare/policy"
)

func ExampleUnmarshal() {
	// A rung of a bank's own ladder, as a committee wrote it: "wen" for
	// "when" would drop the condition with encoding/json.
	type rung struct {
		Tier string          `json:"tier"`
		From decimal.Decimal `json:"from"`
		When policy.Cond     `json:"when"`
	}
	doc := `{
  "tier": "business",
  "from": "500000",
  "wen": {"field": "entrepreneur", "op": "==", "value": true}
}`
	var r rung
	err := policy.Unmarshal([]byte(doc), &r)
	fmt.Println(err)

	var ps policy.Problems
	if errors.As(err, &ps) {
		p := ps[0]
		fmt.Println(p.Path, p.Line, p.Column, errors.Is(p.Err, policy.ErrUnknown), p.Choices)
	}
	// Output:
	// vipcare: /wen: line 4, column 3: "wen": unknown key (want one of: tier, from, when)
	// /wen 4 3 true [tier from when]
}
