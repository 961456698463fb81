package maturity

import "errors"

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is]; errors from a host's store
// or a done context are passed on wrapped.
var (
	// ErrInvalidScale reports a rating scale with Max not above Min.
	ErrInvalidScale = errors.New("maturity: invalid scale")
	// ErrInvalidScore reports a competence or commitment score off its
	// scale, or NaN.
	ErrInvalidScore = errors.New("maturity: score off the scale")
	// ErrInvalidRater reports an unknown rater.
	ErrInvalidRater = errors.New("maturity: unknown rater")
	// ErrInvalidAssessment reports an assessment without employee, task or
	// instant.
	ErrInvalidAssessment = errors.New("maturity: invalid assessment")
	// ErrInvalidModel reports an unknown model, level or style, or labels
	// of one model used with the other.
	ErrInvalidModel = errors.New("maturity: invalid model, level or style")
	// ErrInvalidThresholds reports thresholds outside (0, 1), out of order,
	// or a hysteresis margin outside [0, 0.25].
	ErrInvalidThresholds = errors.New("maturity: thresholds out of range")
	// ErrInvalidLEAD reports LEAD answers other than exactly 12 of A–D, or
	// an invalid key.
	ErrInvalidLEAD = errors.New("maturity: invalid LEAD answers")
	// ErrInvalidObservation reports a style observation, or a checklist,
	// culture, presence, role-start or refresh record, that fails
	// validation.
	ErrInvalidObservation = errors.New("maturity: invalid observation")
	// ErrNotFound reports a record the store does not hold.
	ErrNotFound = errors.New("maturity: not found")
	// ErrConflict reports saving something different under an existing
	// key; nothing is overwritten.
	ErrConflict = errors.New("maturity: conflicting data under an existing key")
)
