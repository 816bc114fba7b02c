package playbook

import (
	"slices"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/tier"
)

// Tiers returns the names of the tiers the playbook decides, lowest
// first: the classes of a decision's Tier.Name in book reports, "" being
// no tier.
func (pb *Playbook) Tiers() []string { return pb.ladder.Classes() }

// Ladder returns the playbook's compiled ladder, as its document compiled
// it (with the risk validity the document writes once): to test it alone
// against a bank's own clients, to compare it with another ladder
// (book.WhatIf), or to check the lifecycle states stored by an earlier run
// where they are loaded (tier.Ladder.CheckState): Decide within a period,
// and so book.Run, refuse a state it refuses, one client at a time. It is
// immutable and safe for concurrent use.
func (pb *Playbook) Ladder() *tier.Ladder { return pb.ladder }

// Segments returns the names of the segments the playbook decides, in
// the segmentation's order; nil without a segmentation. A client in no
// segment (one who opted out of profiling) has the segment "".
func (pb *Playbook) Segments() []string {
	if pb.seg == nil {
		return nil
	}
	return pb.seg.Classes()
}

// Strategies returns the names of the playbook's strategies, in the
// spec's order: the classes of an explanation's Strategy.Strategy.Name (a
// decision's Strategy.Strategy indexes them).
func (pb *Playbook) Strategies() []string { return slices.Clone(pb.names) }

// Identity names the policy a playbook was compiled from, as its spec
// does: what a record of a decision cites so that an auditor finds the
// exact policy that made it.
type Identity struct {
	// ID, Version, EffectiveFrom and EffectiveUntil are the spec's.
	ID             string `json:"id"`
	Version        string `json:"version"`
	EffectiveFrom  string `json:"effective_from,omitempty"`
	EffectiveUntil string `json:"effective_until,omitempty"`
	// Digest is the spec's [Spec.Digest]; "" for a spec that has no data
	// form (a condition with a Go predicate).
	Digest string `json:"digest,omitempty"`
}

// Identity returns the identity of the policy the playbook was compiled
// from.
func (pb *Playbook) Identity() Identity { return pb.identity }

// Currency returns the playbook's reporting currency ([Spec].Currency): a
// valuation its decisions are made under must be in it.
func (pb *Playbook) Currency() vipcare.Currency { return pb.currency }

// InEffect reports whether the policy applies on t's calendar day (in t's
// location): on or after EffectiveFrom and on or before EffectiveUntil,
// either of which "" leaves open. [Playbook.Decide] does not ask, so that
// a proposed policy can be tried on today's book; [Playbook.CheckRun],
// which the monthly run (book.Run) calls, refuses a policy not in effect
// on its as-of date.
//
// A date that is not an ISO date (as Compile refuses) is in effect on no
// day.
func (id Identity) InEffect(t time.Time) bool {
	day := civil.DayOf(t)
	bound := func(date string, from bool) bool {
		if date == "" {
			return true
		}
		b, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return false
		}
		if from {
			return civil.DayOf(b) <= day
		}
		return day <= civil.DayOf(b)
	}
	return bound(id.EffectiveFrom, true) && bound(id.EffectiveUntil, false)
}
