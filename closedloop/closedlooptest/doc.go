// Package closedlooptest checks that a [closedloop.Store] keeps the Store
// contract, as [testing/fstest] checks file systems. A host that keeps its
// follow-up cases in its own database runs the suite against its adapter,
// so that engines sharing the store neither lose an update nor send a
// notification twice:
//
//	func TestCaseStore(t *testing.T) {
//		closedlooptest.Run(t, func() closedloop.Store { return newEmptyStore(t) })
//	}
//
// [Run] runs one subtest per rule, each on a fresh store from newStore, and
// reports the rule a failure breaks. [Test] runs every check on one empty
// store and returns all failures joined with [errors.Join], each naming its
// check and rule, for use outside go test or where a fresh store per check
// is too expensive.
//
// The checks cover reading back every field of a case (instants to the
// nanosecond, compared with [time.Time.Equal]; a nil and an empty slice
// are alike), the Version set by Create and incremented by Update,
// Create's idempotence per response (also with 16 goroutines creating at
// once), [closedloop.ErrConflict], [closedloop.ErrInvalidCase],
// [closedloop.ErrNotFound] and [closedloop.ErrStale], lost updates (16
// goroutines adding 10 notes each by read, modify and write, retrying on
// ErrStale), Due's selection and order by [closedloop.Case.NextAction] and
// how it follows updates, each [closedloop.CaseFilter] condition, the order
// of Cases, [closedloop.ErrInvalidFilter], copies, context cancellation,
// early exit from a loop and calls to the store from inside one.
//
// Every case the suite creates has an ID beginning "closedlooptest-" and
// the check's name, and its customer, owners, teams and touchpoints are
// named the same way, so that checks sharing one store in [Test] do not see
// each other's cases; Due, which has no filter, is checked on the whole
// sequence and compared on the check's own cases. Each check works in its
// own 40-day window, from March 2026 on, with instants that have nanoseconds,
// some in zones other than UTC. The cases are opened with
// [closedloop.OpenCase] under a 48-hour calendar-hours policy; nothing
// reads the wall clock. A check that has not returned after 2 minutes
// fails as stuck (a deadlock, most likely), and [Test] stops there. The
// suite uses only the standard library's testing package.
package closedlooptest
