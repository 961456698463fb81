// Package maturitytest checks that a [maturity.Store] keeps the Store
// contract, as [testing/fstest] checks file systems. A host that keeps its
// maturity assessments and style observations in its own database runs the
// suite against its adapter, so that diagnoses read exactly what leaders
// and employees rated and an erasure erases:
//
//	func TestMaturityStore(t *testing.T) {
//		maturitytest.Run(t, func() maturity.Store { return newEmptyStore(t) })
//	}
//
// [Run] runs one subtest per rule, each on a fresh store from newStore, and
// reports the rule a failure breaks. [Test] runs every check on one empty
// store and returns all failures joined with [errors.Join], each naming its
// check and rule, for use outside go test or where a fresh store per check
// is too expensive.
//
// The checks cover reading back every field of an assessment and an
// observation: scores and scales exactly as float64 (to the last bit, so a
// column of float32 or decimals fails), instants to the nanosecond,
// compared with [time.Time.Equal], in any location; the keys (Employee,
// Task, Rater, At) and (Leader, Employee, Task, Source, At), told apart by
// one byte or one nanosecond; idempotent saves and [maturity.ErrConflict]
// that keeps the first record; validation with [maturity.Assessment.Validate]
// and [maturity.StyleObservation.Validate], whose sentinel the store's error
// must wrap; the filter's semantics (employees, tasks, an observation's
// leader, the half-open interval [From, To), [maturity.ErrInvalidFilter])
// and the order of both sequences, raters and sources by number rather
// than by name; Erase, which must remove exactly the employee's records and
// count them; context cancellation before and during a sequence; early exit
// from a loop and calls to the store from inside one; and safety for
// concurrent use, including 16 goroutines saving different records under
// one key at once.
//
// A store may implement the optional interfaces of package maturity, which
// the suite detects with type assertions, as a host does:
// [maturity.ChecklistStore], [maturity.CultureStore],
// [maturity.ContentStore] and [maturity.LEADStore]. One check per
// interface covers its records' round trip, keys, idempotent saves,
// conflicts, validation, the selection by a list of people and the order;
// four more check them together: that Erase removes and counts an
// employee's records there too (a LEAD record when they are its leader,
// not its rater), cancellation, loops, and concurrent use. [Run] skips the
// checks of an interface the store does not implement, and [Test] leaves
// them out.
//
// Every employee, leader, rater and subject the suite names begins with
// "maturitytest-" and the check's name, so checks sharing one store in
// Test do not see each other's data. Each check works in its own 40-day window from March 2026
// on, with instants that have nanoseconds, some in zones other than UTC;
// nothing reads the wall clock. Apart from the rule on validation, the
// suite saves only records that pass Validate. A check that has not
// returned after 2 minutes fails as stuck (a deadlock, most likely), and
// Test stops there. The suite uses only the standard library's testing
// package.
//
// The records the suite saves are made up, but a store under test may be
// a copy of a production schema: run the suite against an empty database,
// never one that holds real HR data.
package maturitytest
