package rm

import "github.com/vipcare/vipcare"

// Codes of an [Allocation]: the outcome, in Code.
const (
	// CodeStayed: the client stays with its current manager (not
	// tier.CodeKept, a tier kept).
	CodeStayed vipcare.Code = "stayed"
	// CodeAssigned: the client is placed with a manager other than its
	// current one, or with a first one.
	CodeAssigned vipcare.Code = "assigned"
	// CodeNoEligible: no manager has the role, branch and language the
	// client needs.
	CodeNoEligible vipcare.Code = "no_eligible_rm"
	// CodeNoCapacity: every eligible manager is full ([Allocation]); or
	// no working day of the task's window has the minutes it takes
	// ([Unmet], see [Capacity.Schedule]).
	CodeNoCapacity vipcare.Code = "no_capacity"
	// CodeMoveLimit: a move was needed and [AssignOptions].MaxMoves was
	// reached.
	CodeMoveLimit vipcare.Code = "move_limit"
	// CodeMoveCost: a move was needed and would not gain more than
	// [AssignOptions].MoveCost.
	CodeMoveCost vipcare.Code = "move_cost"
)

// Notes of an [Allocation], in Note, when a client with a current manager
// does not stay with it.
const (
	// CodeCurrentUnknown: the client's RM names no manager of the book; it
	// is treated as none.
	CodeCurrentUnknown vipcare.Code = "current_rm_unknown"
	// CodeCurrentNotEligible: the current manager lacks the role, branch
	// or language the client needs.
	CodeCurrentNotEligible vipcare.Code = "current_rm_not_eligible"
	// CodeCurrentFull: the current manager has no room for the client.
	CodeCurrentFull vipcare.Code = "current_rm_full"
	// CodeMadeRoom: the client moved because its current manager's room
	// went to clients new to the manager and worth more per minute.
	CodeMadeRoom vipcare.Code = "moved_to_make_room"
)

// Codes of an [Unmet] task, beside contact.CodeDoNotContact,
// contact.CodeNoChannel and [CodeNoCapacity], in the order
// [Capacity.Schedule] checks them.
const (
	// CodeWindowClosed: the task was due before the as-of date.
	CodeWindowClosed vipcare.Code = "window_closed"
	// CodeAfterHorizon: the task's earliest date is after the horizon's
	// last day; a later plan will take it.
	CodeAfterHorizon vipcare.Code = "after_horizon"
	// CodeNoManager: the task has no RM, or its RM is not a manager of the
	// book.
	CodeNoManager vipcare.Code = "no_manager"
)
