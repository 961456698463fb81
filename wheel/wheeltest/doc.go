// Package wheeltest checks that a [wheel.Store] keeps the Store contract,
// as [testing/fstest] checks file systems. A host that keeps its
// assessments and responses in its own database runs the suite against its
// adapter, so that scores count exactly what respondents answered and an
// erasure erases:
//
//	func TestWheelStore(t *testing.T) {
//		wheeltest.Run(t, func() wheel.Store { return newEmptyStore(t) })
//	}
//
// [Run] runs one subtest per rule, each on a fresh store from newStore, and
// reports the rule a failure breaks. [Test] runs every check on one empty
// store and returns all failures joined with [errors.Join], each naming its
// check and rule, for use outside go test or where a fresh store per check
// is too expensive.
//
// The checks cover reading back every field of an assessment (its
// framework, scale, items, units and owners) and of a response (role,
// unit, answers with "not applicable" told apart from 0, importance
// ratings), instants to the nanosecond, compared with [time.Time.Equal],
// in any location, a nil and an empty slice or map alike; the order of
// Assessments; idempotent saves, [wheel.ErrConflict] for assessments and
// [wheel.ErrDuplicateRespondent] for responses; validation with
// [wheel.Assessment.Validate] and [wheel.Response.Check], whose sentinel
// the store's error must wrap; [wheel.ErrNotFound]; Delete (one
// respondent's response in one assessment and no other, idempotently);
// copies; context cancellation before and during a sequence; early exit
// from a loop and calls to the store from inside one; and safety for
// concurrent use, including 16 goroutines saving different responses of
// one respondent, or different assessments under one ID, at once.
//
// Every assessment the suite saves has an ID beginning "wheeltest-" and
// the check's name, so checks sharing one store in Test do not see each
// other's data; Assessments, which has no filter, is checked on the whole
// sequence and compared on the check's own assessments. Each check works
// in its own 40-day window from March 2026 on, with instants that have
// nanoseconds, some in zones other than UTC; nothing reads the wall clock.
// Apart from the rule on validation, the suite saves only assessments that
// pass Validate and responses that pass Check, each after its assessment.
// A check that has not returned after 2 minutes fails as stuck (a
// deadlock, most likely), and Test stops there. The suite uses only the
// standard library's testing package.
package wheeltest
