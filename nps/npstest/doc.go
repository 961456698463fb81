// Package npstest checks that an [nps.Store] keeps the Store contract, as
// [testing/fstest] checks file systems. A host that keeps responses in its
// own database runs the suite against its adapter, so that reports built
// on the store count exactly what was saved:
//
//	func TestResponseStore(t *testing.T) {
//		npstest.Run(t, func() nps.Store { return newEmptyStore(t) })
//	}
//
// [Run] runs one subtest per rule, each on a fresh store from newStore, and
// reports the rule a failure breaks. [Test] runs every check on one empty
// store and returns all failures joined with [errors.Join], for use
// outside go test or where a fresh store per check is too expensive.
//
// The checks cover reading back every field (the instant to the
// nanosecond), the (At, ID) order, idempotent and all-or-nothing saves,
// [nps.ErrConflict] and the validation sentinels, each [nps.Filter]
// condition, copies, context cancellation, early exit from the loop and
// calls to the store from inside it, and safety for concurrent use. If the
// store implements [nps.Counter], its Count must equal counting the
// streamed responses; if it implements [nps.Deleter], deletion is checked
// too, and otherwise that subtest is skipped.
//
// Every response the suite saves has an ID beginning "npstest-" and a
// label "npstest" naming the check, and the checks read through a filter
// on that label, so they do not see each other's responses when they share
// one store. Instants lie in 2026 and have nanoseconds; some are in zones
// other than UTC. Calls that must not deadlock are given 2 minutes. The
// suite uses only the standard library's testing package.
package npstest
