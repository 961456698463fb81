package closedloop

import "errors"

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is].
var (
	// ErrInvalidCalendar reports a business calendar that cannot be built:
	// a nil location, a malformed opening time ("8:00", "25:00"), a window
	// that closes before it opens, or an invalid holiday date.
	ErrInvalidCalendar = errors.New("closedloop: invalid calendar")
	// ErrInvalidPolicy reports a follow-up policy that is incomplete or
	// inconsistent: no clock, a target that is not positive, business
	// hours without a calendar, two phases at the same instant, and the
	// like.
	ErrInvalidPolicy = errors.New("closedloop: invalid policy")
	// ErrNoPolicy reports a response received before the first policy
	// took effect.
	ErrNoPolicy = errors.New("closedloop: no policy in force")
	// ErrInvalidCase reports a case that cannot be opened or decoded: no
	// ID or owner, an invalid response, an unknown state.
	ErrInvalidCase = errors.New("closedloop: invalid case")
	// ErrInvalidTransition reports an action the case's state does not
	// allow, such as closing a case nobody contacted; see
	// [TransitionError].
	ErrInvalidTransition = errors.New("closedloop: invalid transition")
	// ErrNotFound reports a case ID the store does not hold.
	ErrNotFound = errors.New("closedloop: case not found")
	// ErrStale reports an update made to an old version of a case: someone
	// changed it since it was read. Nothing was written; read it again.
	ErrStale = errors.New("closedloop: stale case version")
	// ErrConflict reports a different case under an ID that is already
	// stored. Nothing is overwritten.
	ErrConflict = errors.New("closedloop: conflicting case for existing ID")
	// ErrNoOwner reports a response that cannot be routed: none of its
	// employees may own cases and its team has no leader. Nothing is
	// stored; fix the roster or the org and ingest it again.
	ErrNoOwner = errors.New("closedloop: no owner for case")
	// ErrInvalidReport reports report parameters that cannot be used: a
	// level outside (0, 1), a zero instant, a nil sequence, an unknown
	// period granularity.
	ErrInvalidReport = errors.New("closedloop: invalid report")
	// ErrInvalidFilter reports an unusable [CaseFilter].
	ErrInvalidFilter = errors.New("closedloop: invalid filter")
)
