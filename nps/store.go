package nps

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// Filter selects responses by time, touchpoint, employee, unit and labels,
// so reports can be cut without loading everything. The zero Filter
// matches every response. All set conditions must hold.
//
// From is inclusive and To exclusive, so consecutive periods [a, b) and
// [b, c) never share a response; a zero From or To leaves that side open.
// An empty Touchpoints, Employees or Units list means any value; otherwise
// the response's value must be listed. A response handled by several
// employees matches if any of them is listed. Every key in Labels must be
// present on the response with exactly that value.
type Filter struct {
	From, To    time.Time
	Touchpoints []string
	Employees   []string
	Units       []string
	Labels      map[string]string
}

// Validate rejects a time range that ends before it starts, which is
// always a mistake in the caller's arithmetic rather than an empty period.
// The error wraps [ErrInvalidArgument]. From equal to To is valid and
// matches nothing.
func (f Filter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return argError("filter: To %v is before From %v", f.To, f.From)
	}
	return nil
}

// Match reports whether r satisfies every condition of f. Stores that
// cannot push a filter down to their database can use it to filter what
// they read; stores that can must give the same answers.
func (f Filter) Match(r Response) bool {
	if !f.From.IsZero() && r.At.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && !r.At.Before(f.To) {
		return false
	}
	if len(f.Touchpoints) > 0 && !slices.Contains(f.Touchpoints, r.Touchpoint) {
		return false
	}
	if len(f.Units) > 0 && !slices.Contains(f.Units, r.Unit) {
		return false
	}
	if len(f.Employees) > 0 && !slices.ContainsFunc(r.Employees, func(e string) bool {
		return slices.Contains(f.Employees, e)
	}) {
		return false
	}
	for k, v := range f.Labels {
		if got, ok := r.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// Store is where the host keeps responses: a database table, a document
// store, or [MemStore]. It is deliberately small so that any storage can
// implement it; further abilities are optional interfaces ([Deleter],
// [Counter]) that helpers such as [Count] and [Delete] detect, as [io/fs]
// does.
//
// Implementations must be safe for concurrent use and must keep every
// field of a response, At as the same instant to the nanosecond (its
// location need not be kept). Their methods check ctx first: once ctx is
// done, Save and the sequence return an error wrapping ctx.Err().
//
// Save stores responses all or nothing per call. It validates every
// response with [Response.Validate] before storing any, and returns the
// first validation error (wrapping [ErrInvalidResponse], [ErrInvalidRating]
// or [ErrInvalidWeight]). Saving is idempotent by ID: a response [Response.Equal]
// to the one already stored under its ID, or repeated within the call, is
// a no-op, so a failed delivery can simply be retried. A different response
// under an ID that is already stored, or two different responses with one
// ID in the call, is an error wrapping [ErrConflict]; nothing is
// overwritten. On any error nothing of that call is stored.
//
// Responses yields the responses that match f in ascending order of At
// (as instants), then of ID (compared byte by byte, as Go's < on strings
// and SQL's binary collation do). Each response is a copy the caller may
// modify. An invalid Filter yields an error wrapping [ErrInvalidArgument].
// On an error the sequence yields (Response{}, err) once and stops. It
// checks ctx before each response: once ctx is done it yields
// (Response{}, err) with err wrapping ctx.Err() and stops. Breaking out of
// the loop early releases whatever the query held. The sequence is not a
// snapshot: responses saved or deleted while it runs may or may not
// appear, but none appears twice and the order holds. The loop body may
// call the store's methods without deadlocking. Each range over the
// sequence queries the store afresh.
//
// Implementations should pass the conformance suite in
// [github.com/servicekultur/servicekultur/nps/npstest].
type Store interface {
	Save(ctx context.Context, rs ...Response) error
	Responses(ctx context.Context, f Filter) iter.Seq2[Response, error]
}

// Deleter is a [Store] that can erase responses, for example when a
// customer asks to be forgotten. Use [Delete], which reports stores that
// cannot.
//
// Delete removes the responses stored under ids. An ID that holds no
// response is skipped, not an error, so an erasure can be retried and
// needs no read first. After Delete the IDs are free: saving a different
// response under one is not a conflict. A done ctx returns an error
// wrapping ctx.Err() without deleting anything; on other errors some of
// the responses may have been deleted, and calling Delete again with the
// same IDs is safe.
type Deleter interface {
	Store
	Delete(ctx context.Context, ids ...string) error
}

// Counter is a [Store] that counts ratings itself, for example with SQL
// GROUP BY, instead of streaming every response to the caller. Use
// [Count], which falls back to streaming for stores that cannot.
//
// Count returns the unweighted number of responses at each rating among
// those that match f. The result must equal counting the responses that
// Responses yields for f, with the same errors for an invalid Filter
// ([ErrInvalidArgument]) and a done ctx.
type Counter interface {
	Store
	Count(ctx context.Context, f Filter) (Distribution, error)
}

// Count returns the rating distribution of the responses in s that match
// f. It uses s's own [Counter] when it has one and otherwise counts the
// streamed responses in constant memory, so a report never has to hold
// the responses themselves. An invalid Filter is an error wrapping
// [ErrInvalidArgument].
func Count(ctx context.Context, s Store, f Filter) (Distribution, error) {
	if err := f.Validate(); err != nil {
		return Distribution{}, err
	}
	if c, ok := s.(Counter); ok {
		return c.Count(ctx, f)
	}
	var d Distribution
	for r, err := range s.Responses(ctx, f) {
		if err != nil {
			return Distribution{}, err
		}
		if err := d.Add(r.Rating); err != nil {
			return Distribution{}, responseError(r, err)
		}
	}
	return d, nil
}

// Delete erases the responses stored under ids with s's [Deleter]. A
// store that cannot delete is an error wrapping [errors.ErrUnsupported],
// so a request to forget a customer is never silently dropped.
func Delete(ctx context.Context, s Store, ids ...string) error {
	d, ok := s.(Deleter)
	if !ok {
		return fmt.Errorf("nps: %T cannot delete responses: %w", s, errors.ErrUnsupported)
	}
	return d.Delete(ctx, ids...)
}
