package closedloopstore

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/nps"
)

// columns are the columns of closedloop_cases in the order of caseValues
// and scanCase; id comes first and version third.
var columns = []string{
	"id", "response_id", "version", "customer", "touchpoint", "owner", "team", "rating", "comment",
	"received_at", "opened_at", "policy_id", "clock", "target", "max_attempts",
	"reminder_at", "due_at", "escalate_at", "state", "paused_at", "used", "run_from",
	"first_contact_at", "contacted_by", "closed_at", "outcome", "follow_up", "notices",
	"claim", "claim_until", "next_action_at",
	"responses", "employees", "root_causes", "attempts", "history",
}

var (
	columnList = strings.Join(columns, ", ")
	selectCase = "SELECT " + columnList + " FROM closedloop_cases"
	insertCase = "INSERT INTO closedloop_cases (" + columnList + ") VALUES (?" + strings.Repeat(", ?", len(columns)-1) + ")"
	// updateCase sets every column but id and version from the values
	// after them, bumps the version and binds id and the expected version
	// last.
	updateCase = func() string {
		var set []string
		for _, c := range columns {
			if c != "id" && c != "version" {
				set = append(set, c+" = ?")
			}
		}
		return "UPDATE closedloop_cases SET " + strings.Join(set, ", ") + ", version = version + 1 WHERE id = ? AND version = ?"
	}()
)

// instant is an instant in a JSON column: Unix nanoseconds, null for the
// zero time.
type instant = *int64

// encoder collects the first error of the conversions of one case.
type encoder struct {
	id  string
	err error
}

func (e *encoder) fail(field string, err error) {
	if e.err == nil {
		e.err = fmt.Errorf("%w: case %q: %s: %w", closedloop.ErrInvalidCase, e.id, field, err)
	}
}

// at converts a required instant.
func (e *encoder) at(field string, t time.Time) int64 {
	ns, err := sqlitedb.UnixNano(t)
	if err != nil {
		e.fail(field, err)
	}
	return ns
}

// null converts an optional instant: NULL for the zero time.
func (e *encoder) null(field string, t time.Time) sql.NullInt64 {
	ns, err := sqlitedb.NullUnixNano(t)
	if err != nil {
		e.fail(field, err)
	}
	return ns
}

// instant converts an instant of a list: null for the zero time.
func (e *encoder) instant(field string, t time.Time) instant {
	if t.IsZero() {
		return nil
	}
	ns := e.at(field, t)
	return &ns
}

// stringList encodes a list column of strings.
func stringList(ss []string) string {
	w := newList(ss)
	for _, s := range ss {
		w.item(s)
	}
	return w.end()
}

// attemptList encodes the attempts column.
func (e *encoder) attemptList(as []closedloop.Attempt) string {
	strs := make([]string, 0, 2*len(as))
	for _, a := range as {
		strs = append(strs, a.By, a.Note)
	}
	w := newList(strs)
	for _, a := range as {
		w.open()
		w.at(e.instant("attempt", a.At))
		w.field("by", a.By, false)
		w.field("note", a.Note, true)
		w.close()
	}
	return w.end()
}

// eventList encodes the history column.
func (e *encoder) eventList(evs []closedloop.Event) string {
	strs := make([]string, 0, 3*len(evs))
	for _, ev := range evs {
		strs = append(strs, ev.Actor, string(ev.Kind), ev.Detail)
	}
	w := newList(strs)
	for _, ev := range evs {
		w.open()
		w.at(e.instant("event", ev.At))
		w.field("actor", ev.Actor, false)
		w.field("kind", string(ev.Kind), false)
		w.field("detail", ev.Detail, true)
		w.close()
	}
	return w.end()
}

// caseValues returns the values of c's row in the order of columns, with
// version as the row's version. A field the schema cannot hold (an instant
// outside 1677–2262) is an error wrapping closedloop.ErrInvalidCase.
func caseValues(c *closedloop.Case, version int64) ([]any, error) {
	e := encoder{id: c.ID}
	var next sql.NullInt64
	if at, _, ok := c.NextAction(); ok {
		next = e.null("next action", at)
	}
	var followUp sql.NullInt64
	if c.FollowUp != nil {
		followUp = sql.NullInt64{Int64: int64(*c.FollowUp), Valid: true}
	}
	values := []any{
		c.ID, c.ResponseID, version, c.Customer, c.Touchpoint, c.Owner, c.Team, int64(c.Rating), c.Comment,
		e.at("received", c.ReceivedAt), e.at("opened", c.OpenedAt), c.PolicyID, int64(c.Clock), int64(c.Target), int64(c.MaxAttempts),
		e.null("reminder", c.Deadlines.Reminder), e.at("due", c.Deadlines.Due), e.null("escalation", c.Deadlines.Escalate),
		int64(c.State), e.null("paused", c.PausedAt), int64(c.Used), e.null("run from", c.RunFrom),
		e.null("first contact", c.FirstContactAt), c.ContactedBy, e.null("closed", c.ClosedAt), int64(c.Outcome), followUp, int64(c.Notices),
		c.Claim, e.null("claim until", c.ClaimUntil), next,
		stringList(c.Responses), stringList(c.Employees), stringList(c.RootCauses),
		e.attemptList(c.Attempts), e.eventList(c.History),
	}
	return values, e.err
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanCase reads a row of selectCase.
func scanCase(row scanner) (closedloop.Case, error) {
	var (
		c                                                           closedloop.Case
		rating, clock, target, maxAttempts, state, used, outcome    int64
		notices, received, opened, due                              int64
		reminder, escalate, paused, runFrom, firstContact, closed   sql.NullInt64
		followUp, claimUntil, next                                  sql.NullInt64
		responses, employees, rootCauses, attemptsJSON, historyJSON string
	)
	err := row.Scan(
		&c.ID, &c.ResponseID, &c.Version, &c.Customer, &c.Touchpoint, &c.Owner, &c.Team, &rating, &c.Comment,
		&received, &opened, &c.PolicyID, &clock, &target, &maxAttempts,
		&reminder, &due, &escalate, &state, &paused, &used, &runFrom,
		&firstContact, &c.ContactedBy, &closed, &outcome, &followUp, &notices,
		&c.Claim, &claimUntil, &next,
		&responses, &employees, &rootCauses, &attemptsJSON, &historyJSON)
	if err != nil {
		return closedloop.Case{}, err
	}
	c.Rating = nps.Rating(rating)
	c.ReceivedAt, c.OpenedAt = sqlitedb.Time(received), sqlitedb.Time(opened)
	c.Clock, c.Target, c.MaxAttempts = closedloop.Clock(clock), time.Duration(target), int(maxAttempts)
	c.Deadlines = closedloop.Deadlines{Reminder: sqlitedb.NullTime(reminder), Due: sqlitedb.Time(due), Escalate: sqlitedb.NullTime(escalate)}
	c.State, c.PausedAt, c.Used, c.RunFrom = closedloop.State(state), sqlitedb.NullTime(paused), time.Duration(used), sqlitedb.NullTime(runFrom)
	c.FirstContactAt, c.ClosedAt, c.Outcome = sqlitedb.NullTime(firstContact), sqlitedb.NullTime(closed), closedloop.Outcome(outcome)
	if followUp.Valid {
		r := nps.Rating(followUp.Int64)
		c.FollowUp = &r
	}
	c.Notices, c.ClaimUntil = closedloop.Notices(notices), sqlitedb.NullTime(claimUntil)

	d := decoder{id: c.ID}
	c.Responses = d.strings("responses", responses)
	c.Employees = d.strings("employees", employees)
	c.RootCauses = d.strings("root_causes", rootCauses)
	c.Attempts = d.attempts(attemptsJSON)
	c.History = d.events(historyJSON)
	return c, d.err
}

// decoder collects the first error of decoding the list columns of a row.
type decoder struct {
	id  string
	err error
}

// list reads the list column s, calling item for each element.
func (d *decoder) list(column, s string, item func(r *jsonReader)) {
	r := &jsonReader{s: s}
	r.list(func() { item(r) })
	if r.err != nil && d.err == nil {
		d.err = fmt.Errorf("case %q: decoding column %s: %w", d.id, column, r.err)
	}
}

// strings decodes a list column of strings; an empty one is nil.
func (d *decoder) strings(column, s string) []string {
	var out []string
	d.list(column, s, func(r *jsonReader) { out = append(out, r.text()) })
	return out
}

func (d *decoder) attempts(s string) []closedloop.Attempt {
	var out []closedloop.Attempt
	d.list("attempts", s, func(r *jsonReader) {
		var a closedloop.Attempt
		r.object(func(key string) {
			switch key {
			case "at":
				a.At = timeOf(r.at())
			case "by":
				a.By = r.text()
			case "note":
				a.Note = r.text()
			default:
				r.fail("unknown key " + strconv.Quote(key))
			}
		})
		out = append(out, a)
	})
	return out
}

func (d *decoder) events(s string) []closedloop.Event {
	var out []closedloop.Event
	d.list("history", s, func(r *jsonReader) {
		var ev closedloop.Event
		r.object(func(key string) {
			switch key {
			case "at":
				ev.At = timeOf(r.at())
			case "actor":
				ev.Actor = r.text()
			case "kind":
				ev.Kind = closedloop.EventKind(r.text())
			case "detail":
				ev.Detail = r.text()
			default:
				r.fail("unknown key " + strconv.Quote(key))
			}
		})
		out = append(out, ev)
	})
	return out
}

// timeOf returns the instant of a list, the zero time for null.
func timeOf(at instant) time.Time {
	if at == nil {
		return time.Time{}
	}
	return sqlitedb.Time(*at)
}
