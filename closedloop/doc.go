// Package closedloop follows up every unhappy customer within a service
// level: the employee who served the customer is told at once and must
// make contact within a target time, 48 hours at first and later 24.
//
// # Business time
//
// A target is measured either in calendar hours, the customer's view, or
// in business hours, the team's working time. The choice is always
// explicit. [Calendar] holds weekly opening windows in a time zone and the
// holidays on which it is closed; [Calendar.Add] finds the instant by which
// a number of business hours has elapsed and [Calendar.Between] measures
// the business time between two instants. Both work on real elapsed time,
// so the day daylight saving time begins has 23 hours and the day it ends
// 25, and an opening window that a clock change cuts is shorter (or
// longer) by the hour. Their cost grows with the days spanned, not with
// the duration's minutes, and they do not allocate.
//
// A nil *Calendar is open round the clock, which is how calendar hours are
// asked for.
//
// # Time
//
// Nothing in this package reads the wall clock: every function takes the
// instants it needs, so it can be tested with explicit times.
package closedloop
