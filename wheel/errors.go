package wheel

import "errors"

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is]; errors from a host's store
// or a done context are passed on wrapped.
var (
	// ErrInvalidFramework reports a framework without dimensions, with
	// duplicate IDs, or with a dimension in an unknown stage.
	ErrInvalidFramework = errors.New("wheel: invalid framework")
	// ErrInvalidScale reports a scale other than 1–5, 1–7 or 0–10, or
	// labels that do not match its points.
	ErrInvalidScale = errors.New("wheel: invalid scale")
	// ErrInvalidRating reports an answer off the assessment's scale.
	ErrInvalidRating = errors.New("wheel: rating off the scale")
	// ErrUnknownDimension reports an item mapped to a strategy (dimension)
	// the framework does not have, or an answer to an unknown item.
	ErrUnknownDimension = errors.New("wheel: unknown strategy or item")
	// ErrInvalidAssessment reports an assessment without an ID, items or a
	// valid framework, or with duplicate item IDs.
	ErrInvalidAssessment = errors.New("wheel: invalid assessment")
	// ErrEmptyAssessment reports scoring an assessment without responses.
	ErrEmptyAssessment = errors.New("wheel: no responses")
	// ErrInvalidResponse reports a response without a respondent, with an
	// unknown role, or otherwise malformed.
	ErrInvalidResponse = errors.New("wheel: invalid response")
	// ErrDuplicateRespondent reports two different responses from the same
	// respondent in one assessment.
	ErrDuplicateRespondent = errors.New("wheel: duplicate respondent")
	// ErrInvalidOptions reports scoring or roadmap options out of range:
	// bands out of order, weights that do not sum to 1, a minimum group
	// below 3, a target off 0–100.
	ErrInvalidOptions = errors.New("wheel: invalid options")
	// ErrNotFound reports an assessment the store does not hold.
	ErrNotFound = errors.New("wheel: not found")
	// ErrConflict reports saving something different under an ID that is
	// already taken; nothing is overwritten.
	ErrConflict = errors.New("wheel: conflicting data under an existing ID")
	// ErrTooFewUnits reports an association asked of fewer than 4 units.
	ErrTooFewUnits = errors.New("wheel: too few units")
)
