package rm_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/testkit"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/rm"
)

// A book read from JSON is read strictly, manager by manager and client by
// client: a misspelt key is an error, not a manager with the full
// capacity or options that move no client. Decoded whole by
// policy.Unmarshal, a problem is located in the book.
func TestBookJSONStrict(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		into any
		want testkit.Want
	}{
		{"a manager's misspelt minutes", `{"managers":[{"id":"R01","role":"rm","minuts":5}],"clients":[]}`, new(rm.Book),
			testkit.Want{Path: "/managers/0/minuts", Name: "minuts", Err: policy.ErrUnknown}},
		{"a client's key in the wrong case", `{"managers":[],"clients":[{"id":"C1","role":"rm","Minutes":5,"value":1}]}`, new(rm.Book),
			testkit.Want{Path: "/clients/0/Minutes", Name: "Minutes", Err: policy.ErrUnknown}},
		{"a client's repeated key", `{"managers":[],"clients":[{"id":"C1","role":"rm","minutes":5,"minutes":500,"value":1}]}`, new(rm.Book),
			testkit.Want{Path: "/clients/0/minutes", Name: "minutes", Err: policy.ErrDuplicate}},
		{"options misspelt", `{"max_move":3}`, new(rm.AssignOptions),
			testkit.Want{Path: "/max_move", Name: "max_move", Err: policy.ErrUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.CheckProblems(t, policy.Unmarshal([]byte(tt.doc), tt.into), tt.want)
			assert.Error(t, json.Unmarshal([]byte(tt.doc), tt.into), "encoding/json refuses it too")
		})
	}

	// What a bank stores, disclosed, reads back whole.
	want := rm.Book{
		Managers: []rm.Manager{{ID: "R01", Role: contact.RM, Branch: "SH", Minutes: 600, Languages: []string{"zh"}}},
		Clients:  []rm.Client{{ID: "C1", Role: contact.RM, Branch: "SH", Minutes: 60, Value: 123, RM: "R01"}},
	}
	b, err := json.Marshal(vipcare.Disclosed(want))
	require.NoError(t, err)
	var got rm.Book
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, want, got)
}

// A task or an allocation marshalled for display names no client: read
// back, it is refused, not taken for the client "[redacted]"; disclosed,
// it reads back whole, and strictly.
func TestRedactedFormsDoNotReadBack(t *testing.T) {
	task := contact.Task{ID: "T1", Client: "C-42", Kind: "review", Channel: vipcare.ChannelPhone, RM: "R01",
		Due: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Minutes: 30}
	alloc := rm.Allocation{Client: "C-42", RM: "R01", Moved: true}
	for _, tt := range []struct {
		name, key string
		v         any
		into, got any
	}{
		{"task", "client", task, new(contact.Task), &task},
		{"allocation", "Client", alloc, new(rm.Allocation), &alloc},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			require.NoError(t, err)
			assert.NotContains(t, string(b), "C-42")
			err = json.Unmarshal(b, tt.into)
			testkit.CheckProblems(t, err, testkit.Want{Path: "/" + tt.key, Err: policy.ErrMalformed})

			b, err = json.Marshal(vipcare.Disclosed(tt.v))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, tt.into))
			assert.Equal(t, tt.got, tt.into)

			misspelt := strings.Replace(string(b), `"`+tt.key+`"`, `"clinet"`, 1)
			testkit.CheckProblems(t, json.Unmarshal([]byte(misspelt), tt.into),
				testkit.Want{Path: "/clinet", Name: "clinet", Err: policy.ErrUnknown})
		})
	}
}
