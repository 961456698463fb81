package closedloop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// Notification is one message the engine asks the host to deliver: the
// owner told of a new case or reminded, the owner's leader told of a
// breach, one level further up told at twice the target.
type Notification struct {
	// Key identifies the notification: the case ID and the kind. A
	// redelivery after a crash (see [Engine.Tick]) has the same key, so a
	// host can drop duplicates.
	Key  string    `json:"key"`
	Kind Notices   `json:"kind"`
	To   []string  `json:"to"`  // recipients, most responsible first
	Due  time.Time `json:"due"` // the deadline that fell due
	Case Case      `json:"case"`
}

// Notifier delivers notifications (email, chat, a push to the owner's
// phone), implemented by the host. An error means not delivered: the
// engine tries again on a later tick. Notify must be safe for concurrent
// use.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to [Notifier].
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// Engine opens follow-up cases as responses arrive and, on each tick,
// delivers the notices, reminders, breaches and escalations that have
// fallen due. It never reads the wall clock: the host passes the time in.
// An Engine is safe for concurrent use, and several engines, in one
// process or many, may share one [Store].
type Engine struct {
	store    Store
	policies *Policies
	org      Org
	notifier Notifier
	instance string
	lease    time.Duration
	maxRetry int
}

// EngineOption configures an [Engine].
type EngineOption func(*Engine) error

// WithInstance names this engine in the claims it writes on cases, so that
// engines sharing a store can tell their claims apart; default "engine".
// Give each process its own name.
func WithInstance(name string) EngineOption {
	return func(e *Engine) error {
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("%w: empty engine instance name", ErrInvalidPolicy)
		}
		e.instance = name
		return nil
	}
}

// WithLease sets how long a claim on a case lasts while its notification
// is delivered; default 5 minutes. After a crash the notification is
// delivered again once the lease has run out. The lease must outlast a
// delivery plus the clock skew between the engines sharing a store:
// another engine whose clock is ahead by more than the lease takes the
// claim over and delivers again.
func WithLease(d time.Duration) EngineOption {
	return func(e *Engine) error {
		if d <= 0 {
			return fmt.Errorf("%w: lease %v is not positive", ErrInvalidPolicy, d)
		}
		e.lease = d
		return nil
	}
}

// NewEngine returns an engine over the store, policies, org and notifier,
// all required; a nil one is an error wrapping [ErrInvalidPolicy].
func NewEngine(s Store, ps *Policies, org Org, n Notifier, opts ...EngineOption) (*Engine, error) {
	switch {
	case s == nil:
		return nil, fmt.Errorf("%w: nil store", ErrInvalidPolicy)
	case ps == nil || len(ps.list) == 0:
		return nil, fmt.Errorf("%w: no policies", ErrInvalidPolicy)
	case org == nil:
		return nil, fmt.Errorf("%w: nil org", ErrInvalidPolicy)
	case n == nil:
		return nil, fmt.Errorf("%w: nil notifier", ErrInvalidPolicy)
	}
	e := &Engine{store: s, policies: ps, org: org, notifier: n, instance: "engine", lease: 5 * time.Minute, maxRetry: 16}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// IngestAction says what [Engine.Ingest] did with a response.
type IngestAction uint8

// What Ingest did.
const (
	// Ignored: the policy's trigger does not open a case for it.
	Ignored IngestAction = iota + 1
	// Opened: a new case.
	Opened
	// Attached: added to the customer's open case (dedupe).
	Attached
	// AlreadyIngested: the response was seen before; nothing changed.
	AlreadyIngested
)

var ingestNames = [...]string{Ignored: "ignored", Opened: "opened", Attached: "attached", AlreadyIngested: "already ingested"}

// String returns "ignored", "opened", "attached" or "already ingested".
func (a IngestAction) String() string {
	if int(a) < len(ingestNames) && ingestNames[a] != "" {
		return ingestNames[a]
	}
	return fmt.Sprintf("IngestAction(%d)", int(a))
}

// CaseID returns the ID of the case a response opens: the same in every
// process, which makes ingestion idempotent.
func CaseID(responseID string) string { return "case:" + responseID }

// Ingest takes a response in as it arrives, at now (when it was ingested;
// the clock starts at its receipt, r.At). Under the policy in force at
// r.At it opens a case, owned by the first customer-facing employee who
// served the customer or else by the team leader, or attaches it to the
// customer's open case from the last Dedupe period, or ignores it. Ingesting
// a response again changes nothing. It returns the case (zero when
// ignored) and what was done.
//
// Two different responses of one customer ingested at the same moment by
// two engines can open two cases; one engine per customer stream avoids it.
func (e *Engine) Ingest(ctx context.Context, r nps.Response, now time.Time) (Case, IngestAction, error) {
	if err := r.Validate(); err != nil {
		return Case{}, 0, fmt.Errorf("%w: %w", ErrInvalidCase, err)
	}
	if now.Before(r.At) {
		return Case{}, 0, fmt.Errorf("%w: response %s ingested at %v, before it was received at %v",
			ErrInvalidCase, r.ID, now, r.At)
	}
	p, err := e.policies.At(r.At)
	if err != nil {
		return Case{}, 0, err
	}
	if !p.Trigger.Opens(r) {
		return Case{}, Ignored, nil
	}
	id := CaseID(r.ID)
	switch c, err := e.store.Get(ctx, id); {
	case err == nil:
		return c, AlreadyIngested, nil
	case !errors.Is(err, ErrNotFound):
		return Case{}, 0, err
	}
	if d := p.dedupe(); d > 0 && r.Customer != "" {
		c, found, err := e.openCaseOf(ctx, r.Customer, r.At.Add(-d), r.At)
		if err != nil {
			return Case{}, 0, err
		}
		if found {
			return e.attach(ctx, c, r, now)
		}
	}
	owner, routed, err := route(ctx, e.org, r.Employees, r.Unit)
	if err != nil {
		return Case{}, 0, err
	}
	c, err := OpenCase(id, r, p, owner, r.Unit, now)
	if err != nil {
		return Case{}, 0, err
	}
	if routed {
		c.record(now, SystemActor, EventNoted, "no customer-facing employee on the response: routed to the team leader")
	}
	stored, created, err := e.store.Create(ctx, c)
	if err != nil {
		return Case{}, 0, err
	}
	if !created {
		return stored, AlreadyIngested, nil
	}
	return stored, Opened, nil
}

// openCaseOf finds the customer's open case received in [from, to].
func (e *Engine) openCaseOf(ctx context.Context, customer string, from, to time.Time) (Case, bool, error) {
	var found Case
	ok := false
	for c, err := range e.store.Cases(ctx, CaseFilter{Customer: customer, States: []State{Open}, From: from, To: to.Add(1)}) {
		if err != nil {
			return Case{}, false, err
		}
		found, ok = c, true // the latest wins
	}
	return found, ok, nil
}

func (e *Engine) attach(ctx context.Context, c Case, r nps.Response, now time.Time) (Case, IngestAction, error) {
	for range e.maxRetry {
		before := len(c.Responses)
		if err := c.Attach(r, now); err != nil {
			return Case{}, 0, err
		}
		if len(c.Responses) == before {
			return c, AlreadyIngested, nil
		}
		stored, err := e.store.Update(ctx, c)
		if err == nil {
			return stored, Attached, nil
		}
		if !errors.Is(err, ErrStale) {
			return Case{}, 0, err
		}
		if c, err = e.store.Get(ctx, c.ID); err != nil {
			return Case{}, 0, err
		}
		if c.State != Open {
			// Closed meanwhile: the response opens a case of its own next time.
			return Case{}, 0, fmt.Errorf("%w: case %s closed while response %s was attached; ingest it again",
				ErrStale, c.ID, r.ID)
		}
	}
	return Case{}, 0, fmt.Errorf("%w: case %s kept changing while response %s was attached", ErrStale, c.ID, r.ID)
}

// TickReport counts what a tick did.
type TickReport struct {
	Delivered int // notifications delivered
	Failed    int // deliveries that failed, to be retried
	Claimed   int // cases another engine was delivering, left alone
}

// Tick delivers every notification that has fallen due at now: the
// owner's notice of a new case, the reminder at 75% of the target, the
// breach to the owner's leader and the escalation one level further at
// twice the target. It touches only the cases the store reports due.
//
// Each notification is delivered once, even when ticks repeat, overlap or
// come from several engines sharing the store: an engine first claims the
// case with an optimistic update (a lease, see [WithLease]), then delivers,
// then records the delivery. A failed delivery releases the claim and is
// retried on the next tick; it is never dropped. If the process dies
// between delivering and recording, the notification is delivered again
// after the lease, with the same [Notification.Key].
//
// Errors of single cases are joined and returned with the report; the
// tick carries on with the other cases.
func (e *Engine) Tick(ctx context.Context, now time.Time) (TickReport, error) {
	var rep TickReport
	var ids []string
	for c, err := range e.store.Due(ctx, now) {
		if err != nil {
			return rep, err
		}
		ids = append(ids, c.ID)
	}
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if err := e.tickCase(ctx, id, now, &rep); err != nil {
			errs = append(errs, fmt.Errorf("case %s: %w", id, err))
		}
	}
	return rep, errors.Join(errs...)
}

// tickCase delivers the due notifications of one case, in order.
func (e *Engine) tickCase(ctx context.Context, id string, now time.Time, rep *TickReport) error {
	for range 8 { // at most four notices, with room for contention
		c, err := e.store.Get(ctx, id)
		if err != nil {
			return err
		}
		at, kind, ok := c.NextAction()
		if !ok || at.After(now) {
			return nil
		}
		if c.Claim != "" && c.Claim != e.instance && now.Before(c.ClaimUntil) {
			rep.Claimed++
			return nil
		}
		c.Claim, c.ClaimUntil = e.instance, now.Add(e.lease)
		claimed, err := e.store.Update(ctx, c)
		if errors.Is(err, ErrStale) {
			continue // someone else moved it; look again
		}
		if err != nil {
			return err
		}
		n, err := e.notification(ctx, claimed, kind, at)
		if err == nil {
			err = e.notifier.Notify(ctx, n)
		}
		if err != nil {
			rep.Failed++
			e.release(ctx, claimed.ID)
			return fmt.Errorf("notify %s: %w", n.Key, err)
		}
		rep.Delivered++
		if err := e.recordDelivery(ctx, claimed, kind, n, now); err != nil {
			return err
		}
	}
	return nil
}

// recordDelivery marks the notice delivered and clears the claim,
// re-reading the case when someone changed it meanwhile.
func (e *Engine) recordDelivery(ctx context.Context, c Case, kind Notices, n Notification, now time.Time) error {
	for range e.maxRetry {
		c.Notices |= kind
		c.Claim, c.ClaimUntil = "", time.Time{}
		c.record(now, SystemActor, noticeEvent(kind), strings.Join(n.To, ", "))
		_, err := e.store.Update(ctx, c)
		if !errors.Is(err, ErrStale) {
			return err
		}
		if c, err = e.store.Get(ctx, c.ID); err != nil {
			return err
		}
		if c.Notices&kind != 0 {
			return nil
		}
	}
	return fmt.Errorf("%w: could not record notice %s", ErrStale, n.Key)
}

// release drops the engine's claim after a failed delivery, best effort:
// the lease runs out anyway.
func (e *Engine) release(ctx context.Context, id string) {
	for range 4 {
		c, err := e.store.Get(ctx, id)
		if err != nil || c.Claim != e.instance {
			return
		}
		c.Claim, c.ClaimUntil = "", time.Time{}
		if _, err := e.store.Update(ctx, c); !errors.Is(err, ErrStale) {
			return
		}
	}
}

func noticeEvent(k Notices) EventKind {
	switch k {
	case NoticeOpened:
		return EventNotified
	case NoticeReminder:
		return EventReminded
	case NoticeBreach:
		return EventBreached
	case NoticeEscalated:
		return EventEscalated
	}
	return EventNoted
}

var noticeNames = map[Notices]string{NoticeOpened: "opened", NoticeReminder: "reminder", NoticeBreach: "breach", NoticeEscalated: "escalated"}

// String returns the names of the notices in the set, joined by "+".
func (n Notices) String() string {
	var parts []string
	for _, k := range []Notices{NoticeOpened, NoticeReminder, NoticeBreach, NoticeEscalated} {
		if n&k != 0 {
			parts = append(parts, noticeNames[k])
		}
	}
	if rest := n &^ (NoticeOpened | NoticeReminder | NoticeBreach | NoticeEscalated); rest != 0 {
		parts = append(parts, fmt.Sprintf("Notices(%d)", uint8(rest)))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// notification builds the message for a notice: the owner for a new case
// and a reminder, the owner's leader for a breach, the leader's leader for
// the escalation, falling back down the line where the org ends.
func (e *Engine) notification(ctx context.Context, c Case, kind Notices, due time.Time) (Notification, error) {
	to := []string{c.Owner}
	if kind == NoticeBreach || kind == NoticeEscalated {
		lead, err := e.org.LeaderOf(ctx, c.Owner)
		if err != nil {
			return Notification{}, fmt.Errorf("leader of %q: %w", c.Owner, err)
		}
		if lead != "" {
			to = append([]string{lead}, to...)
			if kind == NoticeEscalated {
				top, err := e.org.LeaderOf(ctx, lead)
				if err != nil {
					return Notification{}, fmt.Errorf("leader of %q: %w", lead, err)
				}
				if top != "" {
					to = append([]string{top}, to...)
				}
			}
		}
	}
	return Notification{Key: c.ID + "/" + noticeNames[kind], Kind: kind, To: to, Due: due, Case: c.Clone()}, nil
}

// Change applies change to the stored case with the ID and stores the
// result, reading the case again and retrying when someone else changed it
// meanwhile (optimistic concurrency), so no update is lost. change gets
// the case and the policy it names, which [Case.Resume] needs, and must
// not keep either; an error from it is returned as is and nothing is
// stored. For example, recording the first contact:
//
//	engine.Change(ctx, id, func(c *closedloop.Case, _ closedloop.Policy) error {
//		return c.Contact(at, "anna")
//	})
func (e *Engine) Change(ctx context.Context, id string, change func(c *Case, p Policy) error) (Case, error) {
	for range e.maxRetry {
		c, err := e.store.Get(ctx, id)
		if err != nil {
			return Case{}, err
		}
		p, ok := e.policies.ByID(c.PolicyID)
		if !ok {
			return Case{}, fmt.Errorf("%w: case %s names policy %q", ErrNoPolicy, id, c.PolicyID)
		}
		if err := change(&c, p); err != nil {
			return Case{}, err
		}
		stored, err := e.store.Update(ctx, c)
		if !errors.Is(err, ErrStale) {
			return stored, err
		}
	}
	return Case{}, fmt.Errorf("%w: case %s kept changing; %d attempts", ErrStale, id, e.maxRetry)
}
