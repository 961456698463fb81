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
// # Policies and cases
//
// A [Policy] says which responses open a follow-up case ([Trigger]: every
// detractor by default), the target time for the first contact (48 hours
// at first, later 24), the [Clock] it is measured on (calendar or business
// hours, never implied), the reminder at 75% of the target and the
// escalations at the target and at twice it. [Policies] are phased by
// EffectiveFrom: a case keeps the policy in force when its response was
// received. Due times are computed when a case opens and stored with it,
// so editing a policy or its calendar later affects new cases only.
//
// A [Case] goes Open → Contacted (the first real contact stops the clock)
// → Closed with an [Outcome]; after the policy's number of logged attempts
// an open case becomes Unreachable. Pausing (waiting on the customer)
// excludes the paused time from the clock. Reassignments, escalations and
// every other change are kept as [Event]s with who and when; an action the
// state does not allow is a [TransitionError] and changes nothing.
//
// # Storage and the engine
//
// Cases live in the host's database behind the small [Store] interface:
// create idempotently per response, get, update with optimistic
// concurrency (a stale version is an error wrapping [ErrStale]; nothing is
// lost or overwritten), list the cases due at an instant and the cases a
// [CaseFilter] selects. [MemStore] is the concurrency-safe in-memory Store
// and the conformance suite in package closedlooptest checks any other:
// run closedlooptest.Run(t, newStore) in the host's tests.
//
// The [Engine] takes responses in as they arrive ([Engine.Ingest]): under
// the policy in force it opens a case owned by the employee who served the
// customer (a customer-facing one, by the [Org]'s roster, or else the team
// leader), attaches a repeat response to the customer's open case, or
// ignores it. [Engine.Tick] delivers what has fallen due through the
// host's [Notifier]: the owner's notice of a new case at once, the reminder
// at 75% of the target, the breach to the owner's leader and the
// escalation one level further at twice the target. Each is delivered once
// even when ticks repeat, overlap or come from several processes sharing
// the store, and a failed delivery is retried on the next tick.
//
// # Reports
//
// [Summarize] reports attainment — cases first contacted within target ÷
// cases matured (contacted, or past due: open cases past due count as
// breaches, cases not yet due are backlog) — with its Wilson interval and
// a verdict against the attainment target (90% by default), time to first
// contact (median and P90) on the policy's clock and in calendar hours,
// breaches, unreachable and recovery rates and the backlog by age, in
// total, per phase (48 h, then 24 h) and per owner, team, touchpoint or
// period ([ByOwner], [ByTeam], [ByTouchpoint], [ByPeriod]). Every figure
// says which clock it is on.
//
// # Huddles, leadership and the outer loop
//
// [HuddleDigest] builds a team's huddle agenda (daily for frontline teams,
// weekly elsewhere): new detractor and promoter comments, shout-outs for
// 10s, cases that are overdue, stuck or unreachable, and root causes that
// recur across the team's cases as candidate issues. [LeadershipDigest]
// picks comments from both unhappy and happy customers to read aloud at
// leadership meetings, spread across touchpoints, with customer details
// removed ([RedactContacts] by default).
//
// The outer loop handles what teams cannot fix alone: [RootCausePareto]
// ranks the tagged root causes; an [Issue] has an accountable owner, an
// explicit [Priority] (frequency × impact ÷ effort) and a status history;
// an [ActionPlan] turns an NPS goal into operational targets, which
// [TargetFromDriver] derives from an nps.Driver estimate ("fix faults
// within 7 hours") and refuses when the data cannot support one.
//
// # Contact governance
//
// [ContactRules.Decide] says whether a customer may be surveyed now: not
// within a minimum gap after the last invitation or response (90 days by
// default; a survey's or list's own gap takes precedence over the global
// one), not before a new customer's delay has passed, never after an
// opt-out, and never while a follow-up case is in progress ([HasOpenCase]).
// Every decision lists each rule it checked and why it passed or blocked.
//
// # Time
//
// Nothing in this package reads the wall clock: every function takes the
// instants it needs, so it can be tested with explicit times.
package closedloop
