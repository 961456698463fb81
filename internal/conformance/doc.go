// Package conformance is the machinery behind the public conformance
// suites of the servicekultur module: enps/enpstest, wheel/wheeltest,
// nps/npstest and closedloop/closedlooptest. It is not part of the public
// API; its names may change with the suites that use it.
//
// A suite keeps its rules and every domain check itself. What it shares,
// and takes from here, is what knows nothing of the store it tests:
//
//   - [Suite] runs a suite's checks, as subtests ([Suite.Run]) or all at
//     once ([Suite.Test]): each check on its own environment, a panic
//     turned into an error, a check that does not return in time reported
//     as [ErrStuck] (and no further check run), a check that does not
//     apply left out ([Skip]), and every failure named by check and rule
//     with its message indented under the rule;
//   - [Drain], [Collect], [ExpectOnlyError] and [BreakAfter] read an
//     [iter.Seq2] of a store the way a careless or a careful caller would,
//     bounded by [MaxItems] so that a sequence that never ends fails
//     instead of hanging;
//   - [Sentinels], [NoErr], [Race] and [Sentinels.OneWinner] collect the
//     errors of calls, naming the sentinel errors a store must wrap;
//   - [Scribble] changes everything a value shares through its slices,
//     maps and pointers, as a caller might after handing it to a store or
//     receiving it from one; [Diff] lists the fields in which two values
//     differ, instants compared as instants and a nil slice or map equal
//     to an empty one; and [SameSet] compares what a store yielded with
//     what it should hold, in any order.
//
// Messages are part of what the suites promise their users, so the
// helpers here word them exactly as the suites did before they shared
// this code.
package conformance
