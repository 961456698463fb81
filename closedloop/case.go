package closedloop

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// State is where a follow-up case stands. Open → Contacted (the first real
// contact stops the clock) → Closed with an outcome; an Open case becomes
// Unreachable after the policy's number of logged attempts. Escalation and
// reassignment are history, not states.
type State uint8

const (
	// Open: no contact yet; the clock runs unless the case is paused.
	Open State = iota + 1
	// Contacted: the owner reached the customer; the clock has stopped.
	Contacted
	// Closed: the follow-up ended with an outcome.
	Closed
	// Unreachable: the customer could not be reached after the attempts
	// the policy asks for. It counts as attempted and is reported apart.
	Unreachable
)

var stateNames = [...]string{Open: "open", Contacted: "contacted", Closed: "closed", Unreachable: "unreachable"}

// String returns "open", "contacted", "closed" or "unreachable".
func (s State) String() string {
	if int(s) < len(stateNames) && stateNames[s] != "" {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// MarshalText encodes the state as its name.
func (s State) MarshalText() ([]byte, error) {
	if int(s) < len(stateNames) && stateNames[s] != "" {
		return []byte(stateNames[s]), nil
	}
	return nil, fmt.Errorf("%w: state %d", ErrInvalidCase, int(s))
}

// UnmarshalText decodes a state name.
func (s *State) UnmarshalText(b []byte) error {
	if i := slices.Index(stateNames[:], string(b)); i > 0 {
		*s = State(i)
		return nil
	}
	return fmt.Errorf("%w: unknown state %q", ErrInvalidCase, b)
}

// Final reports whether no further follow-up is expected: Closed or
// Unreachable.
func (s State) Final() bool { return s == Closed || s == Unreachable }

// Outcome is how a closed follow-up ended.
type Outcome uint8

const (
	// Recovered: the customer's problem was solved or the relationship
	// mended.
	Recovered Outcome = iota + 1
	// NotRecovered: the customer was reached but remains unhappy.
	NotRecovered
	// Lost: the customer is no longer a customer.
	Lost
)

var outcomeNames = [...]string{Recovered: "recovered", NotRecovered: "not recovered", Lost: "no longer a customer"}

// String returns "recovered", "not recovered" or "no longer a customer".
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) && outcomeNames[o] != "" {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// MarshalText encodes the outcome as its name; the zero Outcome (none
// yet) as an empty string.
func (o Outcome) MarshalText() ([]byte, error) {
	if o == 0 {
		return []byte{}, nil
	}
	if int(o) < len(outcomeNames) && outcomeNames[o] != "" {
		return []byte(outcomeNames[o]), nil
	}
	return nil, fmt.Errorf("%w: outcome %d", ErrInvalidCase, int(o))
}

// UnmarshalText decodes an outcome name; an empty string is no outcome.
func (o *Outcome) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*o = 0
		return nil
	}
	if i := slices.Index(outcomeNames[:], string(b)); i > 0 {
		*o = Outcome(i)
		return nil
	}
	return fmt.Errorf("%w: unknown outcome %q", ErrInvalidCase, b)
}

// DefaultRootCauses are the root-cause tags offered for cases, from the
// parameters of the customer experience in the seed texts. Hosts may use
// their own.
var DefaultRootCauses = []string{
	"customer expectations",
	"professional competence",
	"personal fit",
	"communication",
	"prices and terms",
	"processes and rules",
}

// EventKind names what happened to a case.
type EventKind string

// Event kinds recorded in a case's history.
const (
	EventOpened      EventKind = "opened"
	EventAttached    EventKind = "attached"    // a later response joined the case
	EventAttempted   EventKind = "attempted"   // a contact attempt failed
	EventContacted   EventKind = "contacted"   // first real contact
	EventUnreachable EventKind = "unreachable" // attempts exhausted
	EventClosed      EventKind = "closed"
	EventPaused      EventKind = "paused" // waiting on the customer
	EventResumed     EventKind = "resumed"
	EventReassigned  EventKind = "reassigned"
	EventNotified    EventKind = "notified" // the owner was told of the new case
	EventReminded    EventKind = "reminded"
	EventBreached    EventKind = "breached"  // due time passed without contact
	EventEscalated   EventKind = "escalated" // to a leader
	EventTagged      EventKind = "tagged"    // root causes
	EventNoted       EventKind = "noted"
)

// Event is one entry of a case's history: what happened, when, and who
// did it ("system" for the engine).
type Event struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Kind   EventKind `json:"kind"`
	Detail string    `json:"detail,omitempty"`
}

// Attempt is a logged contact attempt that did not reach the customer.
type Attempt struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty"`
}

// Case is the follow-up of one unhappy customer. It is a plain value that
// a [Store] keeps; its methods apply the transitions of the case's life,
// validate them and record each as an [Event]. They change nothing when
// they return an error.
//
// Due times are computed when the case opens, under the policy in force
// when the response was received, and stored with the case: a later change
// of the policy or its calendar does not move them. Only a pause moves
// them, by the time paused.
type Case struct {
	ID         string     `json:"id"`
	ResponseID string     `json:"response_id"` // the response that opened the case
	Responses  []string   `json:"responses"`   // all responses on the case, the first included
	Customer   string     `json:"customer"`
	Touchpoint string     `json:"touchpoint,omitempty"`
	Employees  []string   `json:"employees,omitempty"` // who served the customer
	Owner      string     `json:"owner"`               // who must follow up
	Team       string     `json:"team,omitempty"`
	Rating     nps.Rating `json:"rating"`
	Comment    string     `json:"comment,omitempty"`
	// ReceivedAt is when the response was received: the clock starts
	// here, not when the case was opened.
	ReceivedAt time.Time `json:"received_at"`
	// OpenedAt is when the case was opened, later than ReceivedAt when
	// responses are ingested late.
	OpenedAt time.Time `json:"opened_at"`

	// The policy that governs the case, as it was when the case opened.
	PolicyID    string        `json:"policy_id"`
	Clock       Clock         `json:"clock"`
	Target      time.Duration `json:"target"`
	MaxAttempts int           `json:"max_attempts"`
	Deadlines   Deadlines     `json:"deadlines"`

	State State `json:"state"`
	// PausedAt is set while the case waits on the customer. It stays set
	// when the customer is contacted during the pause: the clock stopped
	// at the pause, not at the contact.
	PausedAt time.Time `json:"paused_at,omitzero"`
	// Used is the clock time spent before RunFrom; RunFrom is when the
	// clock last started (ReceivedAt, or the last resume).
	Used    time.Duration `json:"used,omitempty"`
	RunFrom time.Time     `json:"run_from"`

	FirstContactAt time.Time   `json:"first_contact_at,omitzero"`
	ContactedBy    string      `json:"contacted_by,omitempty"`
	ClosedAt       time.Time   `json:"closed_at,omitzero"`
	Attempts       []Attempt   `json:"attempts,omitempty"`
	Outcome        Outcome     `json:"outcome,omitzero"`
	FollowUp       *nps.Rating `json:"follow_up,omitempty"` // the customer's rating after the follow-up
	RootCauses     []string    `json:"root_causes,omitempty"`

	// Notices records which notifications the engine has delivered.
	Notices Notices `json:"notices,omitempty"`
	// Claim and ClaimUntil are the engine's lease on the notification it
	// is delivering: another engine sharing the store leaves the case alone
	// until ClaimUntil, so a notification is not sent twice.
	Claim      string    `json:"claim,omitempty"`
	ClaimUntil time.Time `json:"claim_until,omitzero"`
	History    []Event   `json:"history"`
	// Version is the store's optimistic-concurrency counter; a Store
	// sets it.
	Version int64 `json:"version"`
}

// Notices is the set of notifications delivered for a case.
type Notices uint8

// Notifications of a case, each delivered at most once.
const (
	NoticeOpened    Notices = 1 << iota // the owner is told of the new case
	NoticeReminder                      // at the reminder fraction of the target
	NoticeBreach                        // at the due time: the owner's leader
	NoticeEscalated                     // at twice the target: one level further
)

// OpenCase opens a case for the response under the policy, owned by owner,
// at openedAt. The clock starts at the response's receipt.
// An invalid response or policy, an empty ID or owner, or openedAt before
// receipt is an error wrapping [ErrInvalidCase] or [ErrInvalidPolicy].
func OpenCase(id string, r nps.Response, p Policy, owner, team string, openedAt time.Time) (Case, error) {
	if err := r.Validate(); err != nil {
		return Case{}, fmt.Errorf("%w: %w", ErrInvalidCase, err)
	}
	if err := p.Validate(); err != nil {
		return Case{}, err
	}
	switch {
	case strings.TrimSpace(id) == "":
		return Case{}, fmt.Errorf("%w: empty case ID", ErrInvalidCase)
	case strings.TrimSpace(owner) == "":
		return Case{}, fmt.Errorf("%w: case %s has no owner", ErrInvalidCase, id)
	case openedAt.Before(r.At):
		return Case{}, fmt.Errorf("%w: case %s opened at %v, before the response was received at %v",
			ErrInvalidCase, id, openedAt, r.At)
	}
	c := Case{
		ID: id, ResponseID: r.ID, Responses: []string{r.ID},
		Customer: r.Customer, Touchpoint: r.Touchpoint, Employees: slices.Clone(r.Employees),
		Owner: owner, Team: team, Rating: r.Rating, Comment: r.Comment,
		ReceivedAt: r.At, OpenedAt: openedAt,
		PolicyID: p.ID, Clock: p.Clock, Target: p.Target, MaxAttempts: p.maxAttempts(),
		Deadlines: p.Deadlines(r.At, 0),
		State:     Open, RunFrom: r.At,
	}
	c.History = []Event{{At: openedAt, Actor: SystemActor, Kind: EventOpened,
		Detail: fmt.Sprintf("rating %d; owner %s; due %s (%v, %s)", r.Rating, owner,
			c.Deadlines.Due.UTC().Format(time.RFC3339), p.Target, p.Clock)}}
	return c, nil
}

// SystemActor is the actor of events the engine records itself.
const SystemActor = "system"

// TransitionError reports an action that the case's state does not allow,
// such as closing a case nobody contacted. It wraps [ErrInvalidTransition].
type TransitionError struct {
	Case   string
	State  State
	Action string
	Reason string // optional detail
}

// Error implements error.
func (e *TransitionError) Error() string {
	s := fmt.Sprintf("closedloop: case %s is %s: cannot %s", e.Case, e.State, e.Action)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Unwrap returns [ErrInvalidTransition].
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

func (c *Case) deny(action, reason string) error {
	return &TransitionError{Case: c.ID, State: c.State, Action: action, Reason: reason}
}

// check validates the actor and instant of an action.
func (c *Case) check(action string, at time.Time, by string) error {
	switch {
	case strings.TrimSpace(by) == "":
		return c.deny(action, "no actor")
	case at.Before(c.ReceivedAt):
		return c.deny(action, fmt.Sprintf("%v is before the response was received", at))
	}
	return nil
}

func (c *Case) record(at time.Time, by string, kind EventKind, detail string) {
	c.History = append(c.History, Event{At: at, Actor: by, Kind: kind, Detail: detail})
}

// Attach adds a later response from the same customer to an open case
// (dedupe): the case keeps its owner and due times.
func (c *Case) Attach(r nps.Response, at time.Time) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidCase, err)
	}
	if c.State.Final() {
		return c.deny("attach a response", "")
	}
	if r.Customer != c.Customer {
		return c.deny("attach a response", fmt.Sprintf("customer %q is not the case's %q", r.Customer, c.Customer))
	}
	if slices.Contains(c.Responses, r.ID) {
		return nil // idempotent
	}
	c.Responses = append(c.Responses, r.ID)
	c.record(at, SystemActor, EventAttached, fmt.Sprintf("response %s, rating %d", r.ID, r.Rating))
	return nil
}

// Contact records the first real contact with the customer, which stops
// the clock. A paused case may be contacted: the customer came back.
func (c *Case) Contact(at time.Time, by string) error {
	if err := c.check("record a contact", at, by); err != nil {
		return err
	}
	if c.State != Open {
		return c.deny("record a contact", "only an open case awaits its first contact")
	}
	if at.Before(c.PausedAt) {
		return c.deny("record a contact", "before the pause it ends")
	}
	c.State, c.FirstContactAt, c.ContactedBy = Contacted, at, by
	c.record(at, by, EventContacted, "")
	return nil
}

// Attempt logs a contact attempt that did not reach the customer. After
// the policy's number of attempts the case becomes Unreachable.
func (c *Case) Attempt(at time.Time, by, note string) error {
	if err := c.check("log an attempt", at, by); err != nil {
		return err
	}
	if c.State != Open {
		return c.deny("log an attempt", "")
	}
	c.Attempts = append(c.Attempts, Attempt{At: at, By: by, Note: note})
	c.record(at, by, EventAttempted, note)
	if len(c.Attempts) >= max(c.MaxAttempts, 1) {
		c.State, c.PausedAt = Unreachable, time.Time{}
		c.record(at, SystemActor, EventUnreachable, fmt.Sprintf("%d attempts", len(c.Attempts)))
	}
	return nil
}

// Close ends a contacted or unreachable case with an outcome and, if the
// customer rated again, the follow-up rating.
func (c *Case) Close(at time.Time, by string, o Outcome, followUp *nps.Rating) error {
	if err := c.check("close", at, by); err != nil {
		return err
	}
	if c.State != Contacted && c.State != Unreachable {
		return c.deny("close", "contact the customer first, or log the attempts")
	}
	if o < Recovered || o > Lost {
		return c.deny("close", fmt.Sprintf("invalid outcome %d", int(o)))
	}
	if followUp != nil && !followUp.Valid() {
		return c.deny("close", fmt.Sprintf("invalid follow-up rating %d", *followUp))
	}
	if at.Before(c.FirstContactAt) {
		return c.deny("close", "before the first contact")
	}
	c.State, c.ClosedAt, c.Outcome = Closed, at, o
	if followUp != nil {
		r := *followUp
		c.FollowUp = &r
	}
	detail := o.String()
	if followUp != nil {
		detail += fmt.Sprintf("; follow-up rating %d", *followUp)
	}
	c.record(at, by, EventClosed, detail)
	return nil
}

// Pause stops the clock of an open case while it waits on the customer
// (a call back arranged for later, say).
func (c *Case) Pause(at time.Time, by, reason string) error {
	if err := c.check("pause", at, by); err != nil {
		return err
	}
	switch {
	case c.State != Open:
		return c.deny("pause", "")
	case !c.PausedAt.IsZero():
		return c.deny("pause", "already paused")
	case at.Before(c.RunFrom):
		return c.deny("pause", "before the clock last started")
	}
	c.PausedAt = at
	c.record(at, by, EventPaused, reason)
	return nil
}

// Resume restarts the clock of a paused case at at. The time paused is
// excluded: the deadlines move by it, measured on the case's clock with
// the policy's calendar p (the policy the case names; its calendar as it
// is now).
func (c *Case) Resume(p Policy, at time.Time, by string) error {
	if err := c.check("resume", at, by); err != nil {
		return err
	}
	switch {
	case c.State != Open || c.PausedAt.IsZero():
		return c.deny("resume", "not paused")
	case at.Before(c.PausedAt):
		return c.deny("resume", "before the pause")
	case p.ID != c.PolicyID:
		return c.deny("resume", fmt.Sprintf("policy %q is not the case's %q", p.ID, c.PolicyID))
	}
	used := c.Used + p.calendar().Between(c.RunFrom, c.PausedAt)
	c.Deadlines = p.Deadlines(at, used)
	c.Used, c.RunFrom, c.PausedAt = used, at, time.Time{}
	c.record(at, by, EventResumed, "due "+c.Deadlines.Due.UTC().Format(time.RFC3339))
	return nil
}

// Reassign hands the case to another owner; the history keeps who had it.
func (c *Case) Reassign(at time.Time, by, to, reason string) error {
	if err := c.check("reassign", at, by); err != nil {
		return err
	}
	switch {
	case c.State.Final():
		return c.deny("reassign", "")
	case strings.TrimSpace(to) == "":
		return c.deny("reassign", "no new owner")
	case to == c.Owner:
		return nil
	}
	detail := c.Owner + " → " + to
	if reason != "" {
		detail += ": " + reason
	}
	c.Owner = to
	c.record(at, by, EventReassigned, detail)
	return nil
}

// Tag sets the case's root causes (see [DefaultRootCauses]), replacing any
// earlier ones; empty tags are an error.
func (c *Case) Tag(at time.Time, by string, causes ...string) error {
	if err := c.check("tag", at, by); err != nil {
		return err
	}
	for _, t := range causes {
		if strings.TrimSpace(t) == "" {
			return c.deny("tag", "empty root cause")
		}
	}
	causes = slices.Clone(causes)
	slices.Sort(causes)
	causes = slices.Compact(causes)
	c.RootCauses = causes
	c.record(at, by, EventTagged, strings.Join(causes, ", "))
	return nil
}

// Note adds a free-text note to the history.
func (c *Case) Note(at time.Time, by, text string) error {
	if err := c.check("add a note", at, by); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return c.deny("add a note", "empty note")
	}
	c.record(at, by, EventNoted, text)
	return nil
}

// Paused reports whether the case is open and waits on the customer.
func (c *Case) Paused() bool { return c.State == Open && !c.PausedAt.IsZero() }

// ClockStop returns the instant the case's clock stopped: the first
// contact, or the start of the pause during which the customer was
// contacted; zero while no contact has been made.
func (c *Case) ClockStop() time.Time {
	if c.FirstContactAt.IsZero() {
		return time.Time{}
	}
	if !c.PausedAt.IsZero() && !c.PausedAt.After(c.FirstContactAt) {
		return c.PausedAt
	}
	return c.FirstContactAt
}

// Breached reports whether the case missed its target as of now: its
// clock stopped after the due time (see [Case.ClockStop]), or it is still
// open (or unreachable) past it. A paused case is not breached while
// paused unless it already was.
func (c *Case) Breached(now time.Time) bool {
	switch {
	case !c.FirstContactAt.IsZero():
		return c.ClockStop().After(c.Deadlines.Due)
	case c.Paused():
		return c.PausedAt.After(c.Deadlines.Due)
	}
	return !now.Before(c.Deadlines.Due)
}

// Clone returns a deep copy of the case.
func (c Case) Clone() Case {
	c.Responses = slices.Clone(c.Responses)
	c.Employees = slices.Clone(c.Employees)
	c.Attempts = slices.Clone(c.Attempts)
	c.RootCauses = slices.Clone(c.RootCauses)
	c.History = slices.Clone(c.History)
	if c.FollowUp != nil {
		r := *c.FollowUp
		c.FollowUp = &r
	}
	return c
}
