package nps

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package detects itself wraps one of
// them, so callers can branch with [errors.Is]; errors from a host's [Store]
// or a done context are passed on wrapped instead (errors.Is finds
// context.Canceled, for example).
var (
	// ErrInvalidRating reports a rating outside 0–10, or input that is not a
	// whole number (6.5, "7.0", NaN).
	ErrInvalidRating = errors.New("nps: invalid rating")
	// ErrNegativeCount reports a negative count in a Tally or Distribution.
	ErrNegativeCount = errors.New("nps: negative count")
	// ErrOverflow reports counts whose sum does not fit in an int.
	ErrOverflow = errors.New("nps: count overflow")
	// ErrNoResponses reports an estimate asked of an empty tally. The package
	// never reports 0 or NaN for "no data".
	ErrNoResponses = errors.New("nps: no responses")
	// ErrInvalidLevel reports a confidence or credibility level outside (0, 1),
	// or a power outside (0, 1).
	ErrInvalidLevel = errors.New("nps: level must be in (0, 1)")
	// ErrInvalidWeight reports a negative, NaN or infinite weight.
	ErrInvalidWeight = errors.New("nps: invalid weight")
	// ErrInvalidArgument reports any other argument out of its domain (a
	// margin, a population size, a prior, a benchmark, a p-value …).
	ErrInvalidArgument = errors.New("nps: invalid argument")
	// ErrUndefined reports a statistic that the data cannot define, such as a
	// test whose standard error is zero. It is never replaced by p = 0 or 1.
	ErrUndefined = errors.New("nps: statistic undefined for these data")
	// ErrInvalidEncoding reports corrupt or unsupported binary or JSON input.
	ErrInvalidEncoding = errors.New("nps: invalid encoding")
	// ErrInvalidResponse reports a [Response] that fails validation: no ID,
	// a zero instant, an empty employee ID, and the like. Invalid ratings
	// and weights wrap [ErrInvalidRating] and [ErrInvalidWeight] instead.
	ErrInvalidResponse = errors.New("nps: invalid response")
	// ErrConflict reports a response saved under an ID that already holds a
	// different response. Nothing is overwritten.
	ErrConflict = errors.New("nps: conflicting response for existing ID")
	// ErrInvalidZone reports a missing or unknown time zone.
	ErrInvalidZone = errors.New("nps: invalid time zone")
)

// RatingError describes an invalid rating. Index is the position in the
// input slice or sequence, or -1 when the rating stood alone. It wraps
// [ErrInvalidRating].
type RatingError struct {
	Index int    // position in the input, or -1
	Input string // the offending input as text
}

// Error implements error.
func (e *RatingError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("nps: invalid rating %q at index %d: want a whole number from 0 to 10", e.Input, e.Index)
	}
	return fmt.Sprintf("nps: invalid rating %q: want a whole number from 0 to 10", e.Input)
}

// Unwrap returns [ErrInvalidRating].
func (e *RatingError) Unwrap() error { return ErrInvalidRating }

func argError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidArgument}, args...)...)
}

func checkLevel(level float64) error {
	if !(level > 0 && level < 1) { // also rejects NaN
		return fmt.Errorf("%w: got %v", ErrInvalidLevel, level)
	}
	return nil
}
