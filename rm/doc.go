/*
Package rm is the relationship-manager side of vipcare: how many clients a
manager can really serve, who should serve whom, and what each manager does
on which day. It works on one model of a bank's book, a [Book] of managers
and clients, and one time model, a [Capacity] compiled from a [Workload].

# The book

A [Book] holds the [Manager] values of a bank (relationship managers,
private bankers, queues such as a digital team) and its [Client] values.
Each client carries the [contact.Role] its strategy needs, its branch and
language, the yearly minutes its strategy takes ([Capacity.ClientMinutes]),
its value, its contact preferences, and in RM the manager who serves it now:

	book := rm.Book{
		Managers: []rm.Manager{{ID: "RM-01", Role: contact.SeniorRM}},
		Clients: []rm.Client{{ID: "C-1", Role: contact.RM, Minutes: c.ClientMinutes(premier),
			Value: 3_000_000, RM: "RM-01"}},
	}

The same book goes into [Capacity.Report], [Capacity.Assign] and
[Capacity.Schedule], and Assign returns one with every client's RM set, so
that no glue is needed between them. Each checks the book the same way and
reports every problem at once as policy.Problems located by JSON pointers
into the book's JSON form ("/managers/2/id", "/clients/17/minutes"); a
problem about a client never names it. A client prints and logs without
its ID or value.

# Capacity

A [Workload] is a time study: the minutes a touch takes on each channel,
the preparation each touch adds, the share of the day lost to
administration and the working hours of a year. [ReferenceWorkload] is a
starting point for a Chinese branch; Compile turns it into a [Capacity]:

	c, err := rm.ReferenceWorkload().Compile(nil)
	fmt.Println(c.Minutes(), c.ClientMinutes(premier))

prints

	68640 580

A manager has [Capacity.Minutes] a year for clients unless its own Minutes
say otherwise. [Capacity.BookSize] says how many clients of a strategy mix
one manager can fully serve, and [Capacity.Report] sets each manager's
book against its capacity: demand, utilisation, and coverage, the clients
whose whole yearly cadence fits, served in order of value (a client with no
manager is not covered). With 100 premier clients at RM-01, and 60 premier
and 120 relationship clients (315 minutes a year each) at RM-02:

	r, err := c.Report(book)
	fmt.Print(r)

prints

	rm     role       clients  demand h  capacity h  utilisation  coverage  status
	RM-01  senior_rm      100       967       1,144        84.5%    100.0%  ok
	RM-02  rm             180     1,210       1,144       105.8%     92.8%  over
	total                 280     2,177       2,288        95.1%     95.4%

# Assignment

[Capacity.Assign] places clients with managers to cover as much value as
capacity allows: a manager serves clients of its role or below, of its
branch (a central team serves all) and in their language, and never more
minutes than it has. Moving a client from its current manager is a cost
weighed inside the plan, not a rule applied first: clients take room in
order of value per minute, staying where they are when they can and moving
only when the move is worth its room, within [AssignOptions] (MaxMoves,
MoveCost). Each [Allocation] says where a client went and why, with a
code ([CodeStayed], [CodeAssigned], [CodeNoCapacity], ...), and the
[Roster] compares the coverage with two upper bounds: Bound, on any
assignment (the exact optimum of the linear-programming relaxation), and
MoveBound, on any assignment within the move limit. For a branch with a
private banker and a senior RM, and six clients (see the example of
Capacity.Assign):

	r, err := c.Assign(book, rm.AssignOptions{MaxMoves: 10, MoveCost: 5_000})
	fmt.Println(r)

prints

	coverage 99.5% of value, bound 99.5%, gap 0.0%, 1 moved
	6 clients: 2 stayed, 3 assigned, 1 no eligible RM
	role            rms  clients  load h  capacity h  utilisation
	private_banker    1        3      32          33        95.0%
	senior_rm         1        2      15          25        60.0%

and r.Book, the book with every client's RM set, goes straight into
c.Report(r.Book) or c.Schedule. When the move limit binds, the summary
shows the move-aware bound too: with two clients grown into private
banking and one move allowed (see the example with a move limit), the move
goes to the client it gains most, and

	coverage 89.7% of value, bound 100.0% (89.7% within the move limit), gap 10.3%, 1 moved

says that no plan within the limit covers more.

# Scheduling

[Capacity.CadenceTasks] turns a strategy's yearly touches into dated
[contact.Task] values, each touch of n a year in n slots of every calendar
year, each slot a task of the plan that holds its middle day, so that
plans made a month or a quarter at a time lose none; contact's triggers
make the other tasks.
[Capacity.Schedule] plans them over each manager's calendar (its Workdays,
Holidays and MinutesPerDay): highest priority first, each task on the
earliest working day of its window with room, then a repair pass that
moves one planned task where that saves a deadline. Whatever cannot be done
is an [Unmet] task with a code and a reason: the client asked not to be
contacted, does not consent to the channel, the window closed, the task
has no manager, or capacity does not allow it. Every task's client must be
in the book, so that its contact preferences are known; a task for any
other client is a problem, never a contact made blindly:

	// tasks holds five trigger tasks for R01's clients
	tasks = append(tasks, c.CadenceTasks("C-3", "R01", weekly, asOf, 10, 10)...)
	tasks = append(tasks, c.CadenceTasks("C-5", "R01", newsletter, asOf, 10, 10)...)
	plan, err := c.Schedule(book, tasks, asOf, 10)
	fmt.Println(plan)

prints, for a manager with 90 minutes a day and 3 July off, one of whose
clients asked not to be contacted and another, discreet, is on a weekly
e-mail (see the example of Capacity.Schedule):

	plan from 2026-07-01 for 10 days: 4 tasks scheduled (185 minutes), 3 unmet
	rm   scheduled  minutes  unmet
	R01          4      185      3
	unmet: do_not_contact 1, no_capacity 1, no_consented_channel 1

Dates are calendar days in the location of the as-of date. Limits are
documented where they apply: a touch takes at most 1,440 minutes, a year
has at most 8,784 working hours, a plan covers at most 3,660 days.

# Concurrency

A [Capacity] is immutable and safe for concurrent use. Its methods keep no
state between calls and read the clock nowhere: the same input gives the
same result, whatever the order of the managers and clients (only the order
of rows and positions in the result follows the input, and which of two
equal clients or managers Assign prefers), and nothing passed in is
changed. Results are plain data owned by the caller.
*/
package rm
