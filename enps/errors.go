package enps

import "errors"

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is]; errors from a host's store
// or a done context are passed on wrapped.
var (
	// ErrInvalidScale reports a rating scale or category breaks that are
	// not a valid declaration (see [Scale]).
	ErrInvalidScale = errors.New("enps: invalid scale")
	// ErrInvalidRating reports a rating outside the wave's declared scale.
	ErrInvalidRating = errors.New("enps: rating outside the scale")
	// ErrInvalidOrg reports an org tree with a duplicate or empty unit ID,
	// an unknown parent or a cycle.
	ErrInvalidOrg = errors.New("enps: invalid org tree")
	// ErrInvalidWave reports a wave without an ID, with closing before
	// opening, or a population that names an unknown unit or an employee
	// twice.
	ErrInvalidWave = errors.New("enps: invalid wave")
	// ErrNotInvited reports a response from an employee who is not in the
	// wave's population snapshot, or outside the wave's opening hours.
	ErrNotInvited = errors.New("enps: employee not invited to this wave")
	// ErrAlreadyAnswered reports a second, different response of the same
	// employee in the same wave: one response per employee per wave.
	ErrAlreadyAnswered = errors.New("enps: employee already answered this wave")
	// ErrInvalidResponse reports a response that fails validation.
	ErrInvalidResponse = errors.New("enps: invalid response")
	// ErrInvalidRules reports anonymity rules below their floors, such as a
	// minimum group under 3.
	ErrInvalidRules = errors.New("enps: invalid anonymity rules")
	// ErrInvalidRequest reports a report request naming unknown units or
	// attributes, or an invalid level.
	ErrInvalidRequest = errors.New("enps: invalid report request")
	// ErrNotFound reports a wave, unit or response the store does not hold.
	ErrNotFound = errors.New("enps: not found")
	// ErrConflict reports saving something different under an ID that is
	// already taken; nothing is overwritten.
	ErrConflict = errors.New("enps: conflicting data under an existing ID")
	// ErrInvalidKey reports a pseudonymisation key shorter than 32 bytes.
	ErrInvalidKey = errors.New("enps: pseudonymisation key too short")
)
