package book

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vipcare/vipcare"
	"github.com/vipcare/vipcare/contact"
	"github.com/vipcare/vipcare/internal/civil"
	"github.com/vipcare/vipcare/needs"
	"github.com/vipcare/vipcare/playbook"
	"github.com/vipcare/vipcare/policy"
	"github.com/vipcare/vipcare/tier"
)

// Account is one client of a [Run]: the profile, with its balances and
// events, and what the bank stored about the client after the last run.
type Account struct {
	// Ref is the bank's reference of the client, written into the
	// client's record; it is never printed, and it is required.
	Ref string
	// Profile is the client's profile as of the run's date.
	Profile vipcare.Profile
	// State is the lifecycle state stored after the last run (the zero
	// State: a new client); Overrides the client's tier overrides.
	State     tier.State
	Overrides []tier.Override
	// History is the plays made to the client before, for cool-downs.
	History []needs.PlayMade
}

// Result is one client's outcome of a [Run]: the record to store, the
// lifecycle state to store for the next run, and the tasks for the
// client's RM (the triggers the client's preferences stopped are in the
// record, with their codes).
type Result struct {
	Record playbook.Record
	State  tier.State
	Tasks  []contact.Task
	// Err is why the client could not be decided, located at its position
	// ("/book/17/daily_balances") as Run would return it, when [Options].KeepGoing
	// let the run go on past it; Record, State and Tasks are then zero:
	// store nothing for the client, so that its last stored state stands
	// until its data is mended. Without KeepGoing it is always nil. It is
	// not part of the result's JSON.
	Err error `json:"-"`
}

// RunReport is a book's outcome of a [Run]: how many clients, the
// migration from the tiers they held (rows: the state stored after the
// last run) to the tiers they hold now (columns: the state to store), and
// the counts a committee follows month by month.
type RunReport struct {
	// Period is the period run.
	Period tier.Period
	// Clients is the number of clients decided; Failed the number that
	// could not be, under [Options].KeepGoing, counted nowhere else.
	Clients, Failed int
	// Migration counts clients and their AUM by tier held before and
	// after the period's lifecycle step (overrides aside).
	Migration Matrix
	// Entered, Upgraded and Downgraded count the steps of those codes;
	// Watch the clients on watch after the period (below their tier, not
	// yet downgraded).
	Entered, Upgraded, Downgraded, Watch int
	// Overridden counts the clients with an override in force on the
	// as-of date (a hold that changes nothing included); Expiring the
	// overrides in force that will no longer be at the next run (the next
	// period's last day), to renew or let lapse. Dates are calendar days
	// in the as-of date's location.
	Overridden, Expiring int
}

// String returns the report: the counts, then the migration matrix.
func (r RunReport) String() string {
	var b strings.Builder
	b.WriteString(r.Period.String() + ": " + strconv.Itoa(r.Clients) + " clients; ")
	if r.Failed > 0 {
		b.WriteString(strconv.Itoa(r.Failed) + " not decided; ")
	}
	b.WriteString(strconv.Itoa(r.Entered) + " entered, " + strconv.Itoa(r.Upgraded) + " upgraded, " +
		strconv.Itoa(r.Downgraded) + " downgraded, " + strconv.Itoa(r.Watch) + " on watch; " +
		strconv.Itoa(r.Overridden) + " overridden, " + strconv.Itoa(r.Expiring) + " overrides expiring\n")
	b.WriteString(r.Migration.String())
	return b.String()
}

// runState is one worker's state of a run.
type runState struct {
	s     playbook.Scratch
	cells []tallyCell
	r     RunReport
}

// Run is the monthly run: it decides every account of accounts for period
// under pb, valued under v (whose as-of date is the period's last day),
// each within the lifecycle from the state stored after the last run (see
// playbook.Options.Period), and passes each client's [Result] to fn, with
// the client's position in accounts, in order. It returns the book's
// [RunReport]. With o.Values each record keeps the client's amounts
// (playbook.RecordAmounts; never a discreet client's).
//
// It streams: accounts is ranged over once, and memory does not grow with
// the book. With o.Workers > 1 clients are decided in parallel and still
// reach fn in order, in the calling goroutine, with the same results and
// report as serially. It stops at the first error of fn, returned as it
// is, or of a decision, located at the client's position ("/book/17/...")
// and never naming the client, unless o.KeepGoing lets it go on past
// clients it cannot decide (each reaches fn with [Result].Err set, and
// [RunReport].Failed counts them); a period that is zero is policy.ErrMissing
// at "/period", a nil playbook at "/playbook"; before the first client,
// whatever the book, what playbook.Playbook.CheckRun refuses (a valuation
// with no currency or as-of date or in another currency, an as-of date
// that is not the period's last day or on which the policy is not in
// effect); an account with no Ref is
// policy.ErrMissing at "/book/i/ref"; a stored state whose tier
// the ladder does not have is an error (tier.Ladder.CheckState), not a
// client starting afresh. Like playbook.Playbook.Decide it does not run
// vipcare.Profile.Validate: validate profiles where they enter the bank's
// systems. Nothing passed in is changed; r is valid only during the call
// to fn. A nil fn asks for the report alone: every client is decided and
// counted, and with o.KeepGoing the clients that failed are counted in
// [RunReport].Failed but not listed.
func Run(accounts iter.Seq[Account], pb *playbook.Playbook, v vipcare.Valuation, period tier.Period, o Options,
	fn func(i int, r *Result) error) (RunReport, error) {
	var ps policy.Problems // every problem of the call at once
	ps.Add("", "", checkArguments(argument{path: "/period", missing: period == (tier.Period{})},
		argument{path: "/playbook", missing: pb == nil}))
	if pb != nil {
		ps.Add("", "", pb.CheckRun(v, period))
	} else {
		ps.Add("", "", checkArguments(valuation("/valuation", v)...))
	}
	if len(ps) > 0 {
		return RunReport{}, ps
	}
	tiers := pb.Tiers()
	classes := newPartClasses(tiers, tiers)
	// The run's day and the next run's, as calendar day numbers: an
	// override in force on the first and not on the second expires
	// before the next run. The overrides' dates are read in the as-of
	// date's location, as tier.Ladder.Apply reads them to decide which is
	// in force; the period may be in another (Period.UnmarshalText gives
	// UTC), and CheckRun has checked that its last day is the as-of date.
	days := [2]int64{civil.DayOf(v.AsOf), civil.DayOf(period.Next().Last())}
	loc := v.AsOf.Location()
	e := &engine[Account, *runState, Result]{
		workers: o.Workers,
		state: func() *runState {
			return &runState{cells: make([]tallyCell, (len(tiers)+1)*(len(tiers)+1))}
		},
		work: func(st *runState, i int, a *Account) (Result, error) {
			var d playbook.Decision
			var err error
			if a.Ref == "" { // a record no one can find again
				err = policy.Problems{{Path: "/ref", Err: policy.ErrMissing}}
			} else {
				d, err = pb.Decide(&a.Profile, v, playbook.Options{History: a.History, Period: period, State: a.State,
					Overrides: a.Overrides, Values: o.Values}, &st.s)
			}
			if err != nil {
				if !o.KeepGoing {
					return Result{}, err
				}
				st.r.Failed++
				return Result{Err: located(i, err)}, nil
			}
			res := Result{Record: pb.Record(a.Ref, &d), State: d.Step.After}
			n := 0
			for i := range d.Tasks {
				if d.Tasks[i].Code == "" {
					n++
				}
			}
			if n > 0 {
				res.Tasks = make([]contact.Task, 0, n)
				for i := range d.Tasks {
					if x := &d.Tasks[i]; x.Code == "" {
						res.Tasks = append(res.Tasks, x.Task(a.Ref))
					}
				}
			}
			st.tally(&d, a, classes, days, loc)
			return res, nil
		},
	}
	if fn != nil {
		e.emit = func(i int, _ *Account, r Result) error { return fn(i, &r) }
	}
	states, err := e.run(accounts)
	if err != nil {
		return RunReport{}, err
	}
	total := states[0]
	for _, s := range states[1:] {
		for i := range s.cells {
			total.cells[i].add(s.cells[i])
		}
		total.r.Clients += s.r.Clients
		total.r.Failed += s.r.Failed
		total.r.Entered += s.r.Entered
		total.r.Upgraded += s.r.Upgraded
		total.r.Downgraded += s.r.Downgraded
		total.r.Watch += s.r.Watch
		total.r.Overridden += s.r.Overridden
		total.r.Expiring += s.r.Expiring
	}
	r := total.r
	r.Period = period
	r.Migration = Matrix{From: tiers, To: slices.Clone(tiers), cells: total.cells} // two slices: the caller's to change
	return r, nil
}

// tally counts the decision d of account a into the worker's report;
// days are the run's day and the next run's, as day numbers, and loc the
// location in which the overrides' dates are read.
func (st *runState) tally(d *playbook.Decision, a *Account, classes partClasses, days [2]int64, loc *time.Location) {
	st.r.Clients++
	// Both tiers are the ladder's or none: Decide refuses a stored tier the
	// ladder does not have.
	if x, err := classes.cell(d.Step.Before.Tier.Name, d.Step.After.Tier.Name); err == nil {
		c := &st.cells[x]
		c.clients++
		c.aum.Add(int64(st.s.Figures().AUM))
	}
	switch d.Step.Code {
	case tier.CodeEntered:
		st.r.Entered++
	case tier.CodeUpgraded:
		st.r.Upgraded++
	case tier.CodeDowngraded:
		st.r.Downgraded++
	}
	if d.Step.After.Below > 0 {
		st.r.Watch++
	}
	if d.Override.Code != "" {
		st.r.Overridden++
	}
	asOf, end := days[0], days[1]
	for _, o := range a.Overrides {
		from, until := civil.Day(o.From, loc), civil.Day(o.Until, loc)
		if from <= asOf && asOf < until && until <= end { // in force now, not then
			st.r.Expiring++
		}
	}
}
