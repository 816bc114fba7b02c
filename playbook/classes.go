package playbook

import "slices"

// Tiers returns the names of the tiers the playbook decides, lowest
// first: the classes of a decision's Tier.Name in book reports, "" being
// no tier.
func (pb *Playbook) Tiers() []string { return pb.ladder.Classes() }

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
// spec's order: the classes of a decision's Strategy.Strategy.Name.
func (pb *Playbook) Strategies() []string { return slices.Clone(pb.names) }
