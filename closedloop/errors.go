package closedloop

import "errors"

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is].
var (
	// ErrInvalidCalendar reports a business calendar that cannot be built:
	// a nil location, a malformed opening time ("8:00", "25:00"), a window
	// that closes before it opens, or an invalid holiday date.
	ErrInvalidCalendar = errors.New("closedloop: invalid calendar")
)
