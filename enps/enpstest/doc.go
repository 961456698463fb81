// Package enpstest checks that an [enps.Store] keeps the Store contract,
// as [testing/fstest] checks file systems. A host that keeps its waves and
// responses in its own database runs the suite against its adapter, so
// that reports count exactly what employees answered and an erasure
// erases:
//
//	func TestSurveyStore(t *testing.T) {
//		enpstest.Run(t, func() enps.Store { return newEmptyStore(t) })
//	}
//
// [Run] runs one subtest per rule, each on a fresh store from newStore, and
// reports the rule a failure breaks. [Test] runs every check on one empty
// store and returns all failures joined with [errors.Join], each naming its
// check and rule, for use outside go test or where a fresh store per check
// is too expensive.
//
// The checks cover reading back every field of a wave and of a response
// (instants to the nanosecond, compared with [time.Time.Equal], in any
// location; a nil and an empty slice or map are alike), the order of
// Waves, idempotent saves and [enps.ErrConflict] for waves and responses,
// the (Wave, Respondent, At) key with several answers of one respondent
// (rolling mode), [enps.ErrNotFound], Delete (all of a respondent's
// responses in that wave and no others, idempotently), copies, context
// cancellation before and during a sequence, early exit from a loop and
// calls to the store from inside one, and safety for concurrent use,
// including 16 goroutines saving different responses under one key at
// once. If the store implements [enps.Counter], its counts must equal a
// recount of the responses after saves and deletes; if it implements
// [enps.Ledger], publications must come back as recorded, in the order
// recorded and per audience. A check for an optional interface the store
// does not implement is skipped by Run and left out by Test.
//
// Every wave the suite saves has an ID beginning "enpstest-" and the
// check's name, respondents' tokens are derived from the check's name, and
// audiences are named like waves (the shared audience "" is read for the
// check's own waves only), so checks sharing one store in Test do not see
// each other's data; Waves, which has no filter, is checked on the whole
// sequence and compared on the check's own waves. Each check works in its
// own 40-day window from March 2026 on, with instants that have
// nanoseconds, some in zones other than UTC; nothing reads the wall
// clock. The suite saves only waves that pass [enps.Wave.Validate] and
// responses that pass [enps.Response.Validate] with ratings on their
// wave's scale, each after its wave. A check that has not returned after
// 2 minutes fails as stuck (a deadlock, most likely), and Test stops
// there. The suite uses only the standard library's testing package.
package enpstest
