package closedloop

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
)

// Store is where the host keeps cases: a database table, or [MemStore].
// It is small so that any storage can implement it; every method takes a
// context first and, once the context is done, returns (or yields) an
// error wrapping ctx.Err().
//
// Implementations must be safe for concurrent use by several goroutines
// and processes, and keep every field of a case, instants to the
// nanosecond (their location need not be kept).
//
// Create stores a new case with Version 1 and returns it as stored, with
// created true. It is idempotent per response, and the response decides
// first: when a case opened by the same ResponseID is already stored,
// Create stores nothing and returns that case with created false, whatever
// c's ID and content, so a response ingested twice, or by two processes at
// once, opens one case. Only otherwise is an ID that is already stored an
// error wrapping [ErrConflict]. A case that fails [Case.Validate] is an
// error wrapping [ErrInvalidCase].
//
// Get returns the case with the ID, or an error wrapping [ErrNotFound].
//
// Update stores c if c.Version equals the stored version, with Version
// incremented, and returns it as stored. Otherwise nothing changes: an
// invalid case is an error wrapping [ErrInvalidCase], an unknown ID one
// wrapping [ErrNotFound], a stale version one wrapping [ErrStale] (read the
// case again, apply the change, retry), and a ResponseID that another case
// holds one wrapping [ErrConflict], as a unique index would. This
// optimistic concurrency is what lets several engines share one store
// without losing an update or sending a notification twice.
//
// Due yields the cases whose next action ([Case.NextAction]) falls at or
// before the instant, ordered by that instant and then by ID; cases with
// no next action never appear. A store should index the next action so
// that Due touches only the cases that are due.
//
// Cases yields the cases a [CaseFilter] selects, ordered by ReceivedAt and
// then by ID.
//
// On an error the sequences yield (Case{}, err) once and stop. Each case
// yielded is a copy the caller may modify. Breaking out of a loop early
// releases whatever the query held, and the loop body may call the
// store's methods. The sequences are not snapshots: a case changed while
// one runs may or may not appear, but none appears twice and the order
// holds. Each range over a sequence queries the store afresh.
//
// Implementations should pass the conformance suite in
// github.com/servicekultur/servicekultur/closedloop/closedlooptest.
type Store interface {
	Create(ctx context.Context, c Case) (stored Case, created bool, err error)
	Get(ctx context.Context, id string) (Case, error)
	Update(ctx context.Context, c Case) (Case, error)
	Due(ctx context.Context, at time.Time) iter.Seq2[Case, error]
	Cases(ctx context.Context, f CaseFilter) iter.Seq2[Case, error]
}

// CaseFilter selects cases. The zero CaseFilter selects every case; all set
// conditions must hold. From is inclusive and To exclusive, on ReceivedAt.
// An empty list means any value.
type CaseFilter struct {
	From, To    time.Time
	Customer    string
	Owners      []string
	Teams       []string
	Touchpoints []string
	States      []State
}

// Validate reports whether the filter is usable: To not before From, and
// no empty or unknown values in its lists. Errors wrap [ErrInvalidFilter].
func (f CaseFilter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return fmt.Errorf("%w: To %v is before From %v", ErrInvalidFilter, f.To, f.From)
	}
	for _, l := range [][]string{f.Owners, f.Teams, f.Touchpoints} {
		if slices.ContainsFunc(l, func(s string) bool { return strings.TrimSpace(s) == "" }) {
			return fmt.Errorf("%w: empty value in a list", ErrInvalidFilter)
		}
	}
	for _, s := range f.States {
		if s < Open || s > Unreachable {
			return fmt.Errorf("%w: unknown state %d", ErrInvalidFilter, int(s))
		}
	}
	return nil
}

// Match reports whether the case passes the filter.
func (f CaseFilter) Match(c Case) bool {
	switch {
	case !f.From.IsZero() && c.ReceivedAt.Before(f.From),
		!f.To.IsZero() && !c.ReceivedAt.Before(f.To),
		f.Customer != "" && c.Customer != f.Customer,
		len(f.Owners) > 0 && !slices.Contains(f.Owners, c.Owner),
		len(f.Teams) > 0 && !slices.Contains(f.Teams, c.Team),
		len(f.Touchpoints) > 0 && !slices.Contains(f.Touchpoints, c.Touchpoint),
		len(f.States) > 0 && !slices.Contains(f.States, c.State):
		return false
	}
	return true
}

// NextAction returns the instant of the case's next pending notification
// and which it is: the owner's notice of a new case at once, then the
// reminder, the breach and the escalation at their deadlines, each until
// delivered (see [Case.Notices]). Only open cases have one (ok false
// otherwise): the first contact ends all notices. A paused case keeps only
// its pending notice of opening; its deadlines return when it resumes.
func (c *Case) NextAction() (at time.Time, n Notices, ok bool) {
	switch {
	case c.State != Open:
		return time.Time{}, 0, false
	case c.Notices&NoticeOpened == 0:
		return c.OpenedAt, NoticeOpened, true
	case c.Paused():
		return time.Time{}, 0, false
	case c.Notices&NoticeReminder == 0 && !c.Deadlines.Reminder.IsZero():
		return c.Deadlines.Reminder, NoticeReminder, true
	case c.Notices&NoticeBreach == 0:
		return c.Deadlines.Due, NoticeBreach, true
	case c.Notices&NoticeEscalated == 0 && !c.Deadlines.Escalate.IsZero():
		return c.Deadlines.Escalate, NoticeEscalated, true
	}
	return time.Time{}, 0, false
}

// Validate reports whether the case is complete enough to store: an ID, a
// response, an owner, a known state and clock, receipt, opening and due
// times, and deadlines in order (reminder ≤ due ≤ escalation, where set).
// Errors wrap [ErrInvalidCase].
func (c *Case) Validate() error {
	bad := func(what string) error { return fmt.Errorf("%w: case %q: %s", ErrInvalidCase, c.ID, what) }
	switch {
	case strings.TrimSpace(c.ID) == "":
		return bad("empty ID")
	case strings.TrimSpace(c.ResponseID) == "":
		return bad("no response")
	case strings.TrimSpace(c.Owner) == "":
		return bad("no owner")
	case c.State < Open || c.State > Unreachable:
		return bad(fmt.Sprintf("unknown state %d", int(c.State)))
	case c.Clock != CalendarHours && c.Clock != BusinessHours:
		return bad(fmt.Sprintf("unknown clock %d", int(c.Clock)))
	case c.ReceivedAt.IsZero() || c.OpenedAt.IsZero() || c.Deadlines.Due.IsZero():
		return bad("missing receipt, opening or due time")
	case !c.Deadlines.Escalate.IsZero() && c.Deadlines.Escalate.Before(c.Deadlines.Due),
		!c.Deadlines.Reminder.IsZero() && c.Deadlines.Reminder.After(c.Deadlines.Due):
		return bad("deadlines out of order: reminder ≤ due ≤ escalation")
	case !c.Rating.Valid():
		return bad(fmt.Sprintf("invalid rating %d", c.Rating))
	}
	return nil
}

// HasOpenCase reports whether the customer has a follow-up in progress (a
// case Open or Contacted, not yet closed), for [ContactHistory.OpenCase]:
// a customer is never surveyed while one is.
func HasOpenCase(ctx context.Context, s Store, customer string) (bool, error) {
	if strings.TrimSpace(customer) == "" {
		return false, fmt.Errorf("%w: empty customer", ErrInvalidFilter)
	}
	for _, err := range s.Cases(ctx, CaseFilter{Customer: customer, States: []State{Open, Contacted}}) {
		if err != nil {
			return false, err
		}
		return true, nil
	}
	return false, nil
}
