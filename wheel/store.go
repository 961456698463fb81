package wheel

import (
	"context"
	"iter"
)

// Store is where the host keeps assessments and their responses: database
// tables or [MemStore]. It is small on purpose, so that any storage can
// implement it.
//
// Implementations must be safe for concurrent use, keep every field of an
// assessment and a response (At as the same instant to the nanosecond; its
// location need not be kept, and a nil and an empty slice or map are
// alike), and check ctx first: once ctx is done, methods return an error
// wrapping ctx.Err() and change nothing, and sequences yield the zero value
// with such an error once and stop. A sequence checks ctx before each item
// and queries the store afresh each time it is ranged over; the body of a
// loop over it may call the store's methods without deadlocking.
//
// Responses hold respondents' pseudonyms, roles and units, so the table
// behind a Store is personal data: restrict who can read it.
//
// Implementations should pass the conformance suite in
// [github.com/servicekultur/servicekultur/wheel/wheeltest].
type Store interface {
	// SaveAssessment stores an assessment. An assessment that fails
	// [Assessment.Validate] is an error wrapping the error of Validate,
	// and nothing is stored. Saving an assessment equal to the stored one
	// again does nothing and returns nil; a different assessment under an
	// existing ID fails with an error wrapping [ErrConflict] and changes
	// nothing.
	SaveAssessment(ctx context.Context, a Assessment) error
	// Assessment returns the assessment with the ID, or an error wrapping
	// [ErrNotFound].
	Assessment(ctx context.Context, id string) (Assessment, error)
	// Assessments streams every assessment, ordered by At as instants and
	// then by ID byte by byte.
	Assessments(ctx context.Context) iter.Seq2[Assessment, error]

	// Save stores a response, one per (Assessment, Respondent). Saving a
	// response [Response.Equal] to the stored one again does nothing and
	// returns nil; a different response of a respondent who already has
	// one fails with an error wrapping [ErrDuplicateRespondent], and
	// nothing is overwritten. The response's assessment must be stored,
	// else the error wraps [ErrNotFound], and the response must pass
	// [Response.Check] against it, else the error wraps the error of
	// Check; nothing is stored then.
	Save(ctx context.Context, r Response) error
	// Responses streams the responses to an assessment, in any order. An
	// assessment the store does not hold yields (Response{}, err) once,
	// err wrapping [ErrNotFound], and stops.
	Responses(ctx context.Context, assessment string) iter.Seq2[Response, error]
	// Delete removes the respondent's response to the assessment, for
	// erasure, and reports whether there was one. Deleting what is not
	// there returns false and no error, so an erasure can be retried; for
	// an assessment the store does not hold, the error may instead wrap
	// [ErrNotFound]. Afterwards the respondent may answer again.
	Delete(ctx context.Context, assessment, respondent string) (bool, error)
}
