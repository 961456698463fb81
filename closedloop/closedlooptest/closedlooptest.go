package closedlooptest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/internal/conformance"
	"github.com/servicekultur/servicekultur/nps"
)

// Run runs the conformance suite as subtests of t, one per rule, each on a
// fresh empty store from newStore. A failure names the rule broken and
// what the store did.
func Run(t *testing.T, newStore func() closedloop.Store) {
	t.Helper()
	suite().Run(t, newStore)
}

// Test runs every check of the suite on s, which must be empty, and
// returns nil or an error joining every failure, each naming its check and
// rule. It leaves the cases it created in s.
func Test(s closedloop.Store) error { return suite().Test(s) }

// suite returns the suite of the checks as they are now, with the time
// they may take; the suite's own tests change both.
func suite() *conformance.Suite[closedloop.Store, *env] {
	return &conformance.Suite[closedloop.Store, *env]{
		Name:       "closedlooptest",
		Checks:     checks,
		Empty:      checkEmpty,
		Env:        newEnv,
		StuckAfter: stuckAfter,
		Stuck: func(after time.Duration) error { // worded without the default's "the check"
			return fmt.Errorf("%w within %v", errStuck, after)
		},
	}
}

// check is one rule of the contract: its name, the rule stated for the
// implementer, and the function that checks it.
type check = conformance.Check[*env]

// checks are the rules. Each check's index gives it its own window of
// time, so keep appending.
var checks = []check{
	{"RoundTrip", "Create returns the case as stored with created true, and Get, Update, Cases and Due return every field as it was passed in: instants as the same instant to the nanosecond (their location need not be kept), a nil and an empty slice alike", checkRoundTrip},
	{"Versions", "Create stores Version 1, whatever Version the case carries; Update stores and returns the Version it was given plus one, and Get returns the stored Version", checkVersions},
	{"IdempotentCreate", "Create is idempotent per response: a case for a response already stored, under the same ID or another, stores nothing and returns the stored case, as it is now, with created false", checkIdempotentCreate},
	{"ConcurrentCreate", "Creates of cases for one response from 16 goroutines at once store one case: exactly one returns created true, and all return that case", checkConcurrentCreate},
	{"Conflict", "a case for another response under an ID already stored is an error wrapping closedloop.ErrConflict; the stored case is kept and nothing of the new one is stored", checkConflict},
	{"Invalid", "Create and Update validate the case with Case.Validate: an invalid case is an error wrapping closedloop.ErrInvalidCase, and nothing is stored or changed", checkInvalid},
	{"NotFound", "Get and Update of an ID the store does not hold are errors wrapping closedloop.ErrNotFound, and Update stores nothing", checkNotFound},
	{"Stale", "Update with a Version other than the stored one is an error wrapping closedloop.ErrStale, and the stored case is unchanged", checkStale},
	{"ConcurrentUpdate", "16 goroutines adding 10 notes each to one case by Get, Note and Update, retrying on closedloop.ErrStale, lose no update: 160 notes and Version 161; readers meanwhile see whole cases", checkConcurrentUpdate},
	{"Due", "Due yields exactly the cases whose Case.NextAction falls at or before the instant (compared as instants, to the nanosecond), ordered by that instant and then by ID: open cases at their first pending notice, a paused case only for its notice of opening, contacted, closed and unreachable cases never", checkDue},
	{"DueUpdates", "Due follows each Update: a notice marked delivered moves the case to its next notice, a contact removes it, a pause keeps only a pending notice of opening, a resume brings it back at its new deadline, and a case is yielded once however often it was updated", checkDueUpdates},
	{"CasesOrder", "Cases yields in ascending order of ReceivedAt as instants, then of ID byte by byte", checkCasesOrder},
	{"FilterTime", "CaseFilter.From is inclusive and To exclusive on ReceivedAt, compared as instants to the nanosecond; a zero bound is open", checkFilterTime},
	{"FilterCustomer", "a case matches CaseFilter.Customer if it is the case's customer exactly; an empty Customer matches every case", checkFilterCustomer},
	{"FilterOwners", "a case matches CaseFilter.Owners if its owner is listed (an empty list matches all), as the owner is after the last Update", checkFilterOwners},
	{"FilterTeams", "a case matches CaseFilter.Teams if its team is listed (an empty list matches all)", checkFilterTeams},
	{"FilterTouchpoints", "a case matches CaseFilter.Touchpoints if its touchpoint is listed (an empty list matches all)", checkFilterTouchpoints},
	{"FilterStates", "a case matches CaseFilter.States if its state is listed (an empty list matches all), as the state is after the last Update", checkFilterStates},
	{"FilterCombined", "a case matches a CaseFilter only if it meets every condition", checkFilterCombined},
	{"InvalidFilter", "Cases with a filter that fails CaseFilter.Validate yields (Case{}, err) once, err wrapping closedloop.ErrInvalidFilter, and stops", checkInvalidFilter},
	{"Copies", "the store keeps its own copies: changing a case passed to Create or Update, or one returned or yielded, does not change the store", checkCopies},
	{"Cancel", "with a done ctx each method returns an error wrapping ctx.Err() and stores or changes nothing, and each sequence yields (Case{}, err) once; a sequence checks ctx before each case", checkCancel},
	{"EarlyBreak", "breaking out of a loop over Due or Cases stops the sequence and leaves the store usable", checkEarlyBreak},
	{"CallsInsideLoop", "the body of a loop over Due or Cases may call every method of the store without deadlocking", checkCallsInsideLoop},
}

// t0 is the start of the first check's window, a Monday, with
// nanoseconds.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// window is the span of time each check has to itself.
const window = 40 * 24 * time.Hour

// maxDiffs is how many differing fields a failure lists.
const maxDiffs = 8

// maxItems bounds how many items the suite takes from a sequence, so that
// a store that yields forever fails instead of hanging.
const maxItems = 10_000

var (
	cet     = time.FixedZone("CET", 3600)
	tokyo   = time.FixedZone("JST", 9*3600)
	kolkata = time.FixedZone("IST", 5*3600+1800)
)

// errStuck marks a store that did not return within the time allowed,
// probably deadlocked.
var errStuck = conformance.ErrStuck

// stuckAfter is how long a check may take; the suite's own tests shorten
// it.
var stuckAfter = 2 * time.Minute

// checkEmpty reports a store that holds a case.
func checkEmpty(ctx context.Context, s closedloop.Store) error {
	for c, err := range s.Cases(ctx, closedloop.CaseFilter{}) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds %q", c.ID)
	}
	for c, err := range s.Due(ctx, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds %q", c.ID)
	}
	return nil
}

// env is what a check works with: the store, the check's name space and
// its window of time.
type env struct {
	ctx  context.Context
	s    closedloop.Store
	name string
	base time.Time
}

// newEnv returns the environment of check i, named name: its name space
// and its window of time.
func newEnv(ctx context.Context, s closedloop.Store, i int, name string) *env {
	return &env{ctx: ctx, s: s, name: name, base: t0.Add(time.Duration(i) * window)}
}

func (e *env) prefix() string { return "closedlooptest-" + e.name + "-" }

// id names something of the check: a case, a customer, an owner.
func (e *env) id(short string) string { return e.prefix() + short }

func (e *env) short(id string) string { return strings.TrimPrefix(id, e.prefix()) }

func (e *env) mine(id string) bool { return strings.HasPrefix(id, e.prefix()) }

// at returns the instant d into the check's window.
func (e *env) at(d time.Duration) time.Time { return e.base.Add(d) }

// when describes an instant relative to the check's window.
func (e *env) when(t time.Time) string {
	if t.IsZero() {
		return "the zero time"
	}
	return fmt.Sprintf("base%+v (%s)", t.Sub(e.base), t.Format(time.RFC3339Nano))
}

func (e *env) customer() string { return e.id("customer") }

// policy is the policy of the check's cases: 48 calendar hours, the
// reminder at 36 hours, the escalation at 96.
func (e *env) policy() closedloop.Policy {
	return closedloop.Policy{ID: e.id("48h"), EffectiveFrom: t0.AddDate(-1, 0, 0), Target: 48 * time.Hour,
		Clock: closedloop.CalendarHours}
}

// must panics on an error of the suite's own fixtures; runCheck reports it.
func must(err error) {
	if err != nil {
		panic(fmt.Sprintf("closedlooptest: building a fixture: %v", err))
	}
}

// response returns a detractor's response received at received.
func (e *env) response(short string, received time.Time) nps.Response {
	return nps.Response{ID: e.id("response-" + short), Rating: 3, At: received, Customer: e.customer(),
		Touchpoint: e.id("phone"), Employees: []string{e.id("anna"), e.id("ole")}, Unit: e.id("front"),
		Comment: "Nobody called back."}
}

// open opens a case under the policy, received and opened at the offsets
// into the check's window.
func (e *env) open(short string, received, opened time.Duration) closedloop.Case {
	return e.openUnder(e.policy(), short, received, opened)
}

func (e *env) openUnder(p closedloop.Policy, short string, received, opened time.Duration) closedloop.Case {
	c, err := closedloop.OpenCase(e.id(short), e.response(short, e.at(received)), p, e.id("anna"), e.id("front"), e.at(opened))
	must(err)
	return c
}

// fullCase returns a closed case with every field set but PausedAt and
// Version, through the transitions a case goes through, with instants in
// another zone and odd nanoseconds.
func (e *env) fullCase(short string) closedloop.Case {
	p := e.policy()
	r := e.response(short, e.at(time.Hour+7).In(cet))
	r.Comment = "Niemand hat zurückgerufen — \"quoted\"\n2nd line"
	c, err := closedloop.OpenCase(e.id(short), r, p, e.id("anna"), e.id("front"), r.At.Add(2*time.Minute+3))
	must(err)
	later := e.response(short+"-later", e.at(2*time.Hour))
	later.Rating = 5
	must(c.Attach(later, e.at(2*time.Hour+time.Minute)))
	must(c.Reassign(e.at(2*time.Hour+2*time.Minute), e.id("lise"), e.id("bo"), "anna is away"))
	must(c.Pause(e.at(3*time.Hour).In(tokyo), e.id("bo"), "call back on Monday"))
	must(c.Resume(p, e.at(5*time.Hour+11), e.id("bo")))
	must(c.Attempt(e.at(6*time.Hour), e.id("bo"), "voicemail"))
	must(c.Contact(e.at(7*time.Hour+13), e.id("bo")))
	must(c.Tag(e.at(7*time.Hour+14), e.id("bo"), closedloop.DefaultRootCauses[3], closedloop.DefaultRootCauses[4]))
	must(c.Note(e.at(7*time.Hour+15), e.id("bo"), "refund agreed"))
	nine := nps.Rating(9)
	must(c.Close(e.at(8*time.Hour+17).In(kolkata), e.id("bo"), closedloop.Recovered, &nine))
	c.Notices = closedloop.NoticeOpened | closedloop.NoticeReminder
	c.Claim, c.ClaimUntil = "engine-1", e.at(8*time.Hour+5*time.Minute+19)
	return c
}

// pausedCase returns an open case paused before its owner was told, so it
// is due at its opening.
func (e *env) pausedCase(short string) closedloop.Case {
	c := e.open(short, time.Hour, time.Hour+time.Minute)
	must(c.Pause(e.at(time.Hour+30*time.Minute+1).In(tokyo), e.id("anna"), "customer on holiday"))
	return c
}

// create creates each case, which must be new, and returns them as
// stored.
func (e *env) create(cs ...closedloop.Case) ([]closedloop.Case, error) {
	out := make([]closedloop.Case, 0, len(cs))
	for _, c := range cs {
		got, created, err := e.s.Create(e.ctx, c)
		if err != nil {
			return out, fmt.Errorf("Create(%s): %w", e.short(c.ID), err)
		}
		if !created || got.ID != c.ID {
			return out, fmt.Errorf("Create(%s) of a new case: returned case %s with created %v, want the case with created true",
				e.short(c.ID), e.short(got.ID), created)
		}
		out = append(out, got)
	}
	return out, nil
}

func (e *env) get(id string) (closedloop.Case, error) {
	c, err := e.s.Get(e.ctx, id)
	if err != nil {
		return c, fmt.Errorf("Get(%s): %w", e.short(id), err)
	}
	return c, nil
}

func (e *env) update(c closedloop.Case) (closedloop.Case, error) {
	got, err := e.s.Update(e.ctx, c)
	if err != nil {
		return got, fmt.Errorf("Update(%s, version %d): %w", e.short(c.ID), c.Version, err)
	}
	return got, nil
}

// change gets a case, applies f and updates it.
func (e *env) change(id string, f func(*closedloop.Case) error) (closedloop.Case, error) {
	c, err := e.get(id)
	if err != nil {
		return c, err
	}
	if err := f(&c); err != nil {
		return c, fmt.Errorf("changing %s: %w", e.short(id), err)
	}
	return e.update(c)
}

// expectStored compares the stored case with want.
func (e *env) expectStored(what string, want closedloop.Case) error {
	got, err := e.get(want.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return e.same(what+": Get", got, want)
}

// expectNotStored reports a case stored under the ID.
func (e *env) expectNotStored(what, id string) error {
	if c, err := e.s.Get(e.ctx, id); !errors.Is(err, closedloop.ErrNotFound) {
		return fmt.Errorf("%s: Get(%s) returned case %s and error %v, want an error wrapping closedloop.ErrNotFound",
			what, e.short(id), e.short(c.ID), err)
	}
	return nil
}

// same reports the fields in which got differs from want.
func (e *env) same(what string, got, want closedloop.Case) error {
	d := diff(got, want)
	if len(d) == 0 {
		return nil
	}
	if len(d) > maxDiffs {
		d = append(d[:maxDiffs], fmt.Sprintf("and %d more", len(d)-maxDiffs))
	}
	return fmt.Errorf("%s: case %s differs:\n\t%s", what, e.short(want.ID), strings.Join(d, "\n\t"))
}

// item is one pair a sequence yielded.
type item struct {
	c   closedloop.Case
	err error
}

// drain collects what seq yields, calling after with each case.
func drain(seq iter.Seq2[closedloop.Case, error], after func(closedloop.Case)) []item {
	var items []item
	for c, err := range seq {
		items = append(items, item{c, err})
		if len(items) > maxItems {
			break
		}
		if err == nil && after != nil {
			after(c)
		}
	}
	return items
}

// cases returns the cases of the check's customer that f (with its
// Customer set to that) selects.
func (e *env) cases(f closedloop.CaseFilter) ([]closedloop.Case, error) {
	if f.Customer == "" {
		f.Customer = e.customer()
	}
	return e.casesAll(f)
}

// casesAll returns the cases f selects.
func (e *env) casesAll(f closedloop.CaseFilter) ([]closedloop.Case, error) {
	var out []closedloop.Case
	for c, err := range e.s.Cases(e.ctx, f) {
		if err != nil {
			return out, fmt.Errorf("ranging over Cases: yielded error %w", err)
		}
		if out = append(out, c); len(out) > maxItems {
			return out, fmt.Errorf("ranging over Cases: more than %d cases", maxItems)
		}
	}
	return out, nil
}

// due returns the check's cases that Due(at) yields, after checking that
// each of them is due and that they come in order. Cases of other checks
// sharing the store are left to their checks.
func (e *env) due(at time.Time) ([]closedloop.Case, error) {
	var (
		mine   []closedloop.Case
		prevAt time.Time
		n      int
		call   = "Due(" + e.when(at) + ")"
	)
	for c, err := range e.s.Due(e.ctx, at) {
		if err != nil {
			return mine, fmt.Errorf("%s yielded error: %w", call, err)
		}
		if n++; n > maxItems {
			return mine, fmt.Errorf("%s yielded more than %d cases", call, maxItems)
		}
		if !e.mine(c.ID) {
			continue
		}
		next, _, ok := c.NextAction()
		switch {
		case !ok:
			return mine, fmt.Errorf("%s yielded case %s, which has no next action (state %v, notices %v, paused %v)",
				call, e.short(c.ID), c.State, c.Notices, c.Paused())
		case next.After(at):
			return mine, fmt.Errorf("%s yielded case %s, whose next action is later, at %s", call, e.short(c.ID), e.when(next))
		case len(mine) > 0 && (prevAt.After(next) || prevAt.Equal(next) && mine[len(mine)-1].ID >= c.ID):
			prev := mine[len(mine)-1]
			return mine, fmt.Errorf("%s yielded case %s (next action %s) after %s (%s): want the order of next action, then ID",
				call, e.short(c.ID), e.when(next), e.short(prev.ID), e.when(prevAt))
		}
		prevAt = next
		mine = append(mine, c)
	}
	return mine, nil
}

// expectIDs compares the short IDs of got with want, in order.
func (e *env) expectIDs(what string, got []closedloop.Case, want ...string) error {
	ids := make([]string, len(got))
	for i, c := range got {
		ids[i] = e.short(c.ID)
	}
	if !slices.Equal(ids, want) {
		return fmt.Errorf("%s: got %q, want %q", what, ids, want)
	}
	return nil
}

// expectDue compares the check's cases due at at with want, in order.
func (e *env) expectDue(what string, at time.Time, want ...string) error {
	got, err := e.due(at)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return e.expectIDs(what+": Due("+e.when(at)+")", got, want...)
}

// expectOnlyError reports unless items ends in exactly one error wrapping
// target, carrying a zero case, after want cases.
func (e *env) expectOnlyError(what string, items []item, want int, target error) error {
	n := 0
	for i, it := range items {
		if it.err == nil {
			n++
			continue
		}
		switch {
		case i != len(items)-1:
			return fmt.Errorf("%s: the sequence kept yielding after the error %v", what, it.err)
		case !errors.Is(it.err, target):
			return fmt.Errorf("%s: error %q does not wrap %v", what, it.err, target)
		case it.c.ID != "":
			return fmt.Errorf("%s: case %s yielded with the error, want Case{}", what, e.short(it.c.ID))
		case n != want:
			return fmt.Errorf("%s: %d cases before the error, want %d", what, n, want)
		}
		return nil
	}
	return fmt.Errorf("%s: no error wrapping %v yielded after %d cases", what, target, n)
}

// filterCase is a CaseFilter and the short IDs it must select, in order.
type filterCase struct {
	what string
	f    closedloop.CaseFilter
	want []string
}

// filterCases checks each case, on the check's customer unless the filter
// names one.
func (e *env) filterCases(cases []filterCase) error {
	var errs []error
	for _, c := range cases {
		got, err := e.cases(c.f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.what, err))
			continue
		}
		errs = append(errs, e.expectIDs(c.what, got, c.want...))
	}
	return errors.Join(errs...)
}

func checkRoundTrip(e *env) error {
	full := e.fullCase("full")
	paused := e.pausedCase("paused")
	minimal := e.open("minimal", 2*time.Hour, 2*time.Hour)
	minimal.Touchpoint, minimal.Team, minimal.Employees, minimal.Comment = "", "", nil, ""
	minimal.Rating = 0
	want := map[string]closedloop.Case{}
	var errs []error
	for _, c := range []closedloop.Case{full, paused, minimal} {
		w := c.Clone()
		w.Version = 1
		want[c.ID] = w
		got, created, err := e.s.Create(e.ctx, c)
		if err != nil || !created {
			return fmt.Errorf("Create(%s) of a new case: created %v, error %v; want true, nil", e.short(c.ID), created, err)
		}
		errs = append(errs, e.same("Create's result", got, w))
		errs = append(errs, e.expectStored("after Create", w))
	}
	got, err := e.cases(closedloop.CaseFilter{})
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectIDs("Cases", got, "paused", "full", "minimal"))
	for _, c := range got {
		errs = append(errs, e.same("Cases", c, want[c.ID]))
	}
	due, err := e.due(e.at(100 * 24 * time.Hour))
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectIDs("Due", due, "paused", "minimal"))
	for _, c := range due {
		errs = append(errs, e.same("Due", c, want[c.ID]))
	}

	// Update keeps every field too, those a resume changes included.
	resumed := want[paused.ID].Clone()
	must(resumed.Resume(e.policy(), e.at(4*time.Hour+3).In(kolkata), e.id("anna")))
	resumed.Notices = closedloop.NoticeOpened
	resumed.Claim, resumed.ClaimUntil = "engine-2", e.at(4*time.Hour+5*time.Minute+1)
	resumed.FollowUp = new(nps.Rating(0))
	got1, err := e.update(resumed)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	resumed.Version = 2
	errs = append(errs, e.same("Update's result", got1, resumed))
	errs = append(errs, e.expectStored("after Update", resumed))
	return errors.Join(errs...)
}

func checkVersions(e *env) error {
	c := e.open("a", time.Hour, time.Hour)
	c.Version = 42
	got, created, err := e.s.Create(e.ctx, c)
	if err != nil || !created {
		return fmt.Errorf("Create(a) of a new case with Version 42: created %v, error %v; want true, nil", created, err)
	}
	var errs []error
	if got.Version != 1 {
		errs = append(errs, fmt.Errorf("Create(a) returned Version %d, want 1", got.Version))
	}
	if s, err := e.get(c.ID); err != nil || s.Version != 1 {
		errs = append(errs, fmt.Errorf("Get(a) after Create: Version %d, error %v; want Version 1", s.Version, err))
	}
	for want := int64(2); want <= 4; want++ {
		u, err := e.change(c.ID, func(c *closedloop.Case) error {
			return c.Note(e.at(2*time.Hour), e.id("anna"), fmt.Sprintf("note %d", want))
		})
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		if u.Version != want {
			errs = append(errs, fmt.Errorf("updating Version %d: returned Version %d, want %d", want-1, u.Version, want))
		}
		if s, err := e.get(c.ID); err != nil || s.Version != want {
			errs = append(errs, fmt.Errorf("Get(a) after Update of Version %d: Version %d, error %v; want Version %d",
				want-1, s.Version, err, want))
		} else if len(s.History) != int(want) {
			errs = append(errs, fmt.Errorf("Get(a) after Update of Version %d: %d events, want %d", want-1, len(s.History), want))
		}
	}
	return errors.Join(errs...)
}

func checkIdempotentCreate(e *env) error {
	a := e.open("a", time.Hour, time.Hour+time.Minute)
	stored, err := e.create(a)
	if err != nil {
		return err
	}
	var errs []error
	again := func(what string, c, want closedloop.Case) {
		got, created, err := e.s.Create(e.ctx, c)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: Create returned error %w", what, err))
		case created:
			errs = append(errs, fmt.Errorf("%s: Create returned created true, want false", what))
		default:
			errs = append(errs, e.same(what+": Create's result", got, want))
		}
	}
	again("creating the same case again", a, stored[0])
	other := e.open("a-again", time.Hour, 3*time.Hour)
	other.ResponseID, other.Responses = a.ResponseID, []string{a.ResponseID}
	other.Owner = e.id("bo")
	again("creating another case, under another ID, for the same response", other, stored[0])
	errs = append(errs, e.expectNotStored("after creating another case for the response", other.ID))

	updated, err := e.change(a.ID, func(c *closedloop.Case) error {
		return c.Note(e.at(2*time.Hour), e.id("anna"), "tried the shop")
	})
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	again("creating the case again after an Update", a, updated)
	got, err := e.cases(closedloop.CaseFilter{})
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectIDs("Cases after the repeated creates", got, "a"))
	return errors.Join(errs...)
}

func checkConcurrentCreate(e *env) error {
	const n = 16
	base := e.open("base", time.Hour, time.Hour)
	type result struct {
		c       closedloop.Case
		created bool
		err     error
	}
	results := make([]result, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		c := e.open(fmt.Sprintf("g%02d", i), time.Hour, time.Hour+time.Duration(i)*time.Minute)
		c.ResponseID, c.Responses = base.ResponseID, []string{base.ResponseID}
		wg.Go(func() {
			<-start
			got, created, err := e.s.Create(e.ctx, c)
			results[i] = result{got, created, err}
		})
	}
	close(start)
	wg.Wait()
	var (
		errs    []error
		winners []int
	)
	for i, r := range results {
		if r.err != nil {
			errs = append(errs, fmt.Errorf("goroutine %d: Create returned error %w", i, r.err))
		}
		if r.created {
			winners = append(winners, i)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(winners) != 1 {
		return fmt.Errorf("%d Creates of %d returned created true, want exactly 1", len(winners), n)
	}
	first := results[winners[0]].c
	if first.ID != e.id(fmt.Sprintf("g%02d", winners[0])) {
		return fmt.Errorf("the Create that returned created true returned case %s, not the one it passed", e.short(first.ID))
	}
	for i, r := range results {
		if r.c.ID != first.ID {
			errs = append(errs, fmt.Errorf("goroutine %d: Create returned case %s, want the stored %s", i, e.short(r.c.ID), e.short(first.ID)))
			continue
		}
		errs = append(errs, e.same(fmt.Sprintf("goroutine %d: Create's result", i), r.c, first))
	}
	errs = append(errs, e.expectStored("after the Creates", first))
	got, err := e.cases(closedloop.CaseFilter{})
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectIDs("Cases after the Creates", got, e.short(first.ID)))
	return errors.Join(errs...)
}

func checkConflict(e *env) error {
	a := e.open("a", time.Hour, time.Hour)
	stored, err := e.create(a)
	if err != nil {
		return err
	}
	b := e.open("b", 2*time.Hour, 2*time.Hour)
	b.ID = a.ID
	var errs []error
	if got, created, err := e.s.Create(e.ctx, b); !errors.Is(err, closedloop.ErrConflict) {
		errs = append(errs, fmt.Errorf("creating a case for another response under a stored ID: got case %s, created %v, error %v; want an error wrapping closedloop.ErrConflict",
			e.short(got.ID), created, err))
	}
	errs = append(errs, e.expectStored("after the conflicting Create", stored[0]))
	got, err := e.cases(closedloop.CaseFilter{})
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectIDs("Cases after the conflicting Create", got, "a"))
	// The response of the rejected case opens a case under its own ID.
	b.ID = e.id("b")
	if _, err := e.create(b); err != nil {
		errs = append(errs, fmt.Errorf("after the conflicting Create, creating its case under a new ID: %w", err))
	}
	return errors.Join(errs...)
}

func checkInvalid(e *env) error {
	mutations := []struct {
		what   string
		change func(*closedloop.Case)
	}{
		{"an empty ID", func(c *closedloop.Case) { c.ID = "" }},
		{"a blank ID", func(c *closedloop.Case) { c.ID = " " }},
		{"no response", func(c *closedloop.Case) { c.ResponseID = "" }},
		{"no owner", func(c *closedloop.Case) { c.Owner = " " }},
		{"state 0", func(c *closedloop.Case) { c.State = 0 }},
		{"an unknown state", func(c *closedloop.Case) { c.State = closedloop.Unreachable + 1 }},
		{"clock 0", func(c *closedloop.Case) { c.Clock = 0 }},
		{"no receipt", func(c *closedloop.Case) { c.ReceivedAt = time.Time{} }},
		{"no opening", func(c *closedloop.Case) { c.OpenedAt = time.Time{} }},
		{"no due time", func(c *closedloop.Case) { c.Deadlines.Due = time.Time{} }},
		{"rating 11", func(c *closedloop.Case) { c.Rating = 11 }},
	}
	var errs []error
	for i, m := range mutations {
		c := e.open(fmt.Sprintf("bad%02d", i), time.Hour, time.Hour)
		id := c.ID
		m.change(&c)
		if got, created, err := e.s.Create(e.ctx, c); !errors.Is(err, closedloop.ErrInvalidCase) {
			errs = append(errs, fmt.Errorf("creating a case with %s: got case %s, created %v, error %v; want an error wrapping closedloop.ErrInvalidCase",
				m.what, e.short(got.ID), created, err))
		}
		errs = append(errs, e.expectNotStored("after Create of a case with "+m.what, id))
	}
	if got, err := e.cases(closedloop.CaseFilter{}); err != nil || len(got) > 0 {
		errs = append(errs, fmt.Errorf("after the invalid Creates: Cases yielded %d cases and error %v, want none", len(got), err))
	}
	a := e.open("a", 2*time.Hour, 2*time.Hour)
	stored, err := e.create(a)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, m := range mutations[2:] { // a case without an ID may be reported as not found
		c := stored[0].Clone()
		m.change(&c)
		if _, err := e.s.Update(e.ctx, c); !errors.Is(err, closedloop.ErrInvalidCase) {
			errs = append(errs, fmt.Errorf("updating to a case with %s: got error %v, want one wrapping closedloop.ErrInvalidCase", m.what, err))
		}
	}
	errs = append(errs, e.expectStored("after the invalid Updates", stored[0]))
	return errors.Join(errs...)
}

func checkNotFound(e *env) error {
	var errs []error
	if c, err := e.s.Get(e.ctx, e.id("unknown")); !errors.Is(err, closedloop.ErrNotFound) {
		errs = append(errs, fmt.Errorf("getting an unknown ID: got case %q, error %v; want an error wrapping closedloop.ErrNotFound", c.ID, err))
	}
	ghost := e.open("ghost", time.Hour, time.Hour)
	for _, v := range []int64{0, 1} {
		ghost.Version = v
		if c, err := e.s.Update(e.ctx, ghost); !errors.Is(err, closedloop.ErrNotFound) {
			errs = append(errs, fmt.Errorf("updating an unknown ID with Version %d: got case %q, error %v; want an error wrapping closedloop.ErrNotFound",
				v, c.ID, err))
		}
	}
	errs = append(errs, e.expectNotStored("after the Updates of an unknown ID", ghost.ID))
	ghost.Version = 0
	if _, err := e.create(ghost); err != nil {
		errs = append(errs, fmt.Errorf("after the Updates of an unknown ID, creating it: %w", err))
	}
	return errors.Join(errs...)
}

func checkStale(e *env) error {
	a := e.open("a", time.Hour, time.Hour)
	if _, err := e.create(a); err != nil {
		return err
	}
	v2, err := e.change(a.ID, func(c *closedloop.Case) error { return c.Note(e.at(2*time.Hour), e.id("anna"), "first") })
	if err != nil {
		return err
	}
	var errs []error
	for _, v := range []int64{1, 3, 0, -1} {
		c := v2.Clone()
		must(c.Note(e.at(3*time.Hour), e.id("bo"), "stale"))
		c.Owner = e.id("bo")
		c.Version = v
		if got, err := e.s.Update(e.ctx, c); !errors.Is(err, closedloop.ErrStale) {
			errs = append(errs, fmt.Errorf("updating with Version %d a case stored at Version 2: got Version %d, error %v; want an error wrapping closedloop.ErrStale",
				v, got.Version, err))
		}
	}
	errs = append(errs, e.expectStored("after the stale Updates", v2))
	return errors.Join(errs...)
}

func checkConcurrentUpdate(e *env) error {
	const writers, each, maxTries = 16, 10, 1000
	a := e.open("a", time.Hour, time.Hour)
	if _, err := e.create(a); err != nil {
		return err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  []error
		done  = make(chan struct{})
		start = make(chan struct{})
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for w := range writers {
		wg.Go(func() {
			<-start
			for i := range each {
				text := fmt.Sprintf("writer %02d note %d", w, i)
				for try := 0; ; try++ {
					if try == maxTries {
						fail(fmt.Errorf("writer %d: %d tries to add a note all stale", w, maxTries))
						return
					}
					c, err := e.get(a.ID)
					if err != nil {
						fail(fmt.Errorf("writer %d: %w", w, err))
						return
					}
					runtime.Gosched() // let the others read the same version
					must(c.Note(e.at(2*time.Hour), e.id(fmt.Sprintf("w%02d", w)), text))
					_, err = e.s.Update(e.ctx, c)
					if errors.Is(err, closedloop.ErrStale) {
						continue
					}
					if err != nil {
						fail(fmt.Errorf("writer %d: Update: %w", w, err))
						return
					}
					break
				}
			}
		})
	}
	var readers sync.WaitGroup
	for r := range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				c, err := e.get(a.ID)
				if err == nil && int64(len(c.History)) != c.Version {
					err = fmt.Errorf("reading: Get returned Version %d with %d events, want one event per version", c.Version, len(c.History))
				}
				if err == nil {
					_, err = e.due(e.at(1000 * time.Hour))
				}
				if err == nil {
					_, err = e.cases(closedloop.CaseFilter{})
				}
				if err != nil {
					fail(fmt.Errorf("reader %d: %w", r, err))
					return
				}
				runtime.Gosched() // leave the writers their share of a single CPU
			}
		})
	}
	close(start)
	wg.Wait()
	close(done)
	readers.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	c, err := e.get(a.ID)
	if err != nil {
		return err
	}
	notes := map[string]bool{}
	for _, ev := range c.History {
		if ev.Kind == closedloop.EventNoted {
			notes[ev.Detail] = true
		}
	}
	if len(notes) != writers*each || c.Version != writers*each+1 {
		return fmt.Errorf("after %d Updates: %d distinct notes and Version %d, want %d and %d (updates were lost)",
			writers*each, len(notes), c.Version, writers*each, writers*each+1)
	}
	return nil
}

// dueFixtures returns cases whose next actions are known: a-new and
// i-paused-new at base+1m (in two zones), b-reminder at +36h, k at +48h30m
// (a policy without reminder), c-breach at +49h, d-escalate at +98h; the
// others never.
func (e *env) dueFixtures() map[string]closedloop.Case {
	all := closedloop.NoticeOpened | closedloop.NoticeReminder | closedloop.NoticeBreach | closedloop.NoticeEscalated
	cs := map[string]closedloop.Case{}
	add := func(c closedloop.Case) { cs[e.short(c.ID)] = c }

	add(e.open("a-new", 0, time.Minute))
	b := e.open("b-reminder", 0, 2*time.Minute)
	b.Notices = closedloop.NoticeOpened
	add(b)
	c := e.open("c-breach", time.Hour, time.Hour+time.Minute)
	c.Notices = closedloop.NoticeOpened | closedloop.NoticeReminder
	add(c)
	d := e.open("d-escalate", 2*time.Hour, 2*time.Hour+time.Minute)
	d.Notices = closedloop.NoticeOpened | closedloop.NoticeReminder | closedloop.NoticeBreach
	add(d)
	done := e.open("e-done", 0, time.Minute)
	done.Notices = all
	add(done)
	f := e.open("f-contacted", 0, time.Minute)
	must(f.Contact(e.at(3*time.Hour), e.id("anna")))
	add(f)
	g := e.open("g-closed", 0, time.Minute)
	must(g.Contact(e.at(2*time.Hour), e.id("anna")))
	must(g.Close(e.at(3*time.Hour), e.id("anna"), closedloop.NotRecovered, nil))
	add(g)
	h := e.open("h-unreachable", 0, time.Minute)
	for i := range h.MaxAttempts {
		must(h.Attempt(e.at(time.Duration(i+1)*time.Hour), e.id("anna"), "no answer"))
	}
	add(h)
	p := e.policy()
	r := e.response("i-paused-new", e.at(0).In(tokyo))
	i, err := closedloop.OpenCase(e.id("i-paused-new"), r, p, e.id("anna"), e.id("front"), e.at(time.Minute).In(tokyo))
	must(err)
	must(i.Pause(e.at(10*time.Minute), e.id("anna"), "customer on holiday"))
	add(i)
	j := e.open("j-paused", 0, time.Minute)
	j.Notices = closedloop.NoticeOpened
	must(j.Pause(e.at(time.Hour), e.id("anna"), "call back later"))
	add(j)
	noReminder := e.policy()
	noReminder.ID, noReminder.Reminder = e.id("48h-no-reminder"), -1
	k := e.openUnder(noReminder, "k-no-reminder", 30*time.Minute, 31*time.Minute)
	k.Notices = closedloop.NoticeOpened
	add(k)
	return cs
}

// createAll creates the cases in reverse order of their IDs and returns
// them as stored, by short ID.
func (e *env) createAll(cs map[string]closedloop.Case) (map[string]closedloop.Case, error) {
	keys := slices.Sorted(maps.Keys(cs))
	slices.Reverse(keys)
	stored := make(map[string]closedloop.Case, len(cs))
	for _, k := range keys {
		got, err := e.create(cs[k])
		if err != nil {
			return stored, err
		}
		stored[k] = got[0]
	}
	return stored, nil
}

func checkDue(e *env) error {
	stored, err := e.createAll(e.dueFixtures())
	if err != nil {
		return err
	}
	h := time.Hour
	errs := []error{
		e.expectDue("before every action", e.at(0)),
		e.expectDue("a nanosecond before the first", e.at(time.Minute-1)),
		e.expectDue("at the notices of opening (an instant in another zone)", e.at(time.Minute).In(kolkata), "a-new", "i-paused-new"),
		e.expectDue("a nanosecond before a reminder", e.at(36*h-1), "a-new", "i-paused-new"),
		e.expectDue("at a reminder", e.at(36*h), "a-new", "i-paused-new", "b-reminder"),
		e.expectDue("at a breach", e.at(49*h), "a-new", "i-paused-new", "b-reminder", "k-no-reminder", "c-breach"),
		e.expectDue("long after", e.at(1000*h), "a-new", "i-paused-new", "b-reminder", "k-no-reminder", "c-breach", "d-escalate"),
	}
	got, err := e.due(e.at(1000 * h))
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, c := range got {
		errs = append(errs, e.same("Due", c, stored[e.short(c.ID)]))
	}
	return errors.Join(errs...)
}

func checkDueUpdates(e *env) error {
	fixtures := e.dueFixtures()
	for _, k := range []string{"d-escalate", "e-done", "f-contacted", "g-closed", "h-unreachable", "k-no-reminder"} {
		delete(fixtures, k)
	}
	if _, err := e.createAll(fixtures); err != nil {
		return err
	}
	h := time.Hour
	late := e.at(1000 * h)
	var errs []error
	step := func(what, short string, f func(*closedloop.Case) error, want ...string) {
		if _, err := e.change(e.id(short), f); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", what, err))
			return
		}
		errs = append(errs, e.expectDue(what, late, want...))
	}
	deliver := func(n closedloop.Notices) func(*closedloop.Case) error {
		return func(c *closedloop.Case) error { c.Notices |= n; return nil }
	}
	errs = append(errs, e.expectDue("before the updates", late, "a-new", "i-paused-new", "b-reminder", "c-breach"))
	step("after a note on b-reminder", "b-reminder", func(c *closedloop.Case) error {
		return c.Note(e.at(h), e.id("anna"), "on it")
	}, "a-new", "i-paused-new", "b-reminder", "c-breach")
	step("after marking a-new's notice of opening delivered", "a-new", deliver(closedloop.NoticeOpened),
		"i-paused-new", "a-new", "b-reminder", "c-breach")
	errs = append(errs, e.expectDue("after marking a-new's notice of opening delivered", e.at(36*h), "i-paused-new", "a-new", "b-reminder"))
	errs = append(errs, e.expectDue("after marking a-new's notice of opening delivered", e.at(time.Minute), "i-paused-new"))
	step("after marking the paused i-paused-new's notice of opening delivered", "i-paused-new", deliver(closedloop.NoticeOpened),
		"a-new", "b-reminder", "c-breach")
	step("after contacting c-breach", "c-breach", func(c *closedloop.Case) error {
		return c.Contact(e.at(40*h), e.id("anna"))
	}, "a-new", "b-reminder")
	// j-paused was paused 1h after receipt; resumed at +5h its reminder
	// moves to +5h+36h-1h = +40h.
	step("after resuming j-paused", "j-paused", func(c *closedloop.Case) error {
		return c.Resume(e.policy(), e.at(5*h), e.id("anna"))
	}, "a-new", "b-reminder", "j-paused")
	errs = append(errs, e.expectDue("after resuming j-paused", e.at(40*h-1), "a-new", "b-reminder"))
	step("after marking b-reminder's reminder delivered", "b-reminder", deliver(closedloop.NoticeReminder),
		"a-new", "j-paused", "b-reminder")
	step("after pausing a-new", "a-new", func(c *closedloop.Case) error {
		return c.Pause(e.at(6*h), e.id("anna"), "customer asked for time")
	}, "j-paused", "b-reminder")
	return errors.Join(errs...)
}

func checkCasesOrder(e *env) error {
	h := time.Hour
	mk := func(short string, received time.Time, opened time.Duration) closedloop.Case {
		c, err := closedloop.OpenCase(e.id(short), e.response(short, received), e.policy(), e.id("anna"), e.id("front"), e.at(opened))
		must(err)
		return c
	}
	cs := []closedloop.Case{
		mk("m", e.at(h), 5*h), // ingested late
		mk("c", e.at(2*h), 2*h),
		mk("a1", e.at(h).In(tokyo), h+time.Minute),
		mk("z", e.at(h-1), 3*h),
		mk("B", e.at(h).In(kolkata), h),
		mk("a", e.at(h), 4*h),
	}
	if _, err := e.create(cs...); err != nil {
		return err
	}
	return e.filterCases([]filterCase{
		{"all", closedloop.CaseFilter{}, []string{"z", "B", "a", "a1", "m", "c"}},
		{"from base+1h", closedloop.CaseFilter{From: e.at(h)}, []string{"B", "a", "a1", "m", "c"}},
	})
}

func checkFilterTime(e *env) error {
	h := time.Hour
	mk := func(short string, received time.Time) closedloop.Case {
		c, err := closedloop.OpenCase(e.id(short), e.response(short, received), e.policy(), e.id("anna"), e.id("front"), e.at(4*h))
		must(err)
		return c
	}
	if _, err := e.create(mk("a", e.at(h-1)), mk("b", e.at(h)), mk("c", e.at(2*h).In(kolkata)), mk("d", e.at(3*h-1)), mk("e", e.at(3*h))); err != nil {
		return err
	}
	return e.filterCases([]filterCase{
		{"zero bounds", closedloop.CaseFilter{}, []string{"a", "b", "c", "d", "e"}},
		{"From is inclusive", closedloop.CaseFilter{From: e.at(h)}, []string{"b", "c", "d", "e"}},
		{"To is exclusive", closedloop.CaseFilter{To: e.at(h)}, []string{"a"}},
		{"From and To", closedloop.CaseFilter{From: e.at(h), To: e.at(3 * h)}, []string{"b", "c", "d"}},
		{"From equal to To", closedloop.CaseFilter{From: e.at(h), To: e.at(h)}, nil},
		{"a 1ns range", closedloop.CaseFilter{From: e.at(2 * h), To: e.at(2*h + 1)}, []string{"c"}},
		{"bounds in another zone", closedloop.CaseFilter{From: e.at(h).In(tokyo), To: e.at(3 * h).In(tokyo)}, []string{"b", "c", "d"}},
		{"a range before all", closedloop.CaseFilter{To: e.at(h - 1)}, nil},
		{"a range after all", closedloop.CaseFilter{From: e.at(3*h + 1)}, nil},
	})
}

func checkFilterCustomer(e *env) error {
	mk := func(short, customer string, i int) closedloop.Case {
		c := e.open(short, time.Duration(i)*time.Hour, 5*time.Hour)
		c.Customer = e.id(customer)
		return c
	}
	if _, err := e.create(mk("a", "cust-1", 0), mk("b", "cust-2", 1), mk("c", "cust-1", 2), mk("d", "Cust-1", 3)); err != nil {
		return err
	}
	in := closedloop.CaseFilter{From: e.at(0), To: e.at(window)}
	with := func(customer string) closedloop.CaseFilter {
		f := in
		f.Customer = e.id(customer)
		return f
	}
	var errs []error
	for _, c := range []filterCase{
		{"any customer in the check's window", in, []string{"a", "b", "c", "d"}},
		{"cust-1", with("cust-1"), []string{"a", "c"}},
		{"cust-2", with("cust-2"), []string{"b"}},
		{"Cust-1 (case differs)", with("Cust-1"), []string{"d"}},
		{"cust-3", with("cust-3"), nil},
		{"cust-1 without a time range", closedloop.CaseFilter{Customer: e.id("cust-1")}, []string{"a", "c"}},
	} {
		got, err := e.casesAll(c.f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.what, err))
			continue
		}
		errs = append(errs, e.expectIDs(c.what, got, c.want...))
	}
	return errors.Join(errs...)
}

// listCase is a filter case on a list field: the short values listed and
// the short IDs of the cases it must select.
type listCase struct {
	what   string
	values []string
	want   []string
}

// listFilter checks a filter on a list field. The cases a, b, c… get the
// values (named in the check's space, "" left empty) through set, and
// filter builds the CaseFilter from a list of values.
func (e *env) listFilter(set func(*closedloop.Case, string), filter func(values []string) closedloop.CaseFilter,
	values []string, cases []listCase) error {
	var cs []closedloop.Case
	for i, v := range values {
		c := e.open(string(rune('a'+i)), time.Duration(i)*time.Hour, 5*time.Hour)
		if v != "" {
			v = e.id(v)
		}
		set(&c, v)
		cs = append(cs, c)
	}
	if _, err := e.create(cs...); err != nil {
		return err
	}
	fcs := make([]filterCase, len(cases))
	for i, c := range cases {
		var vs []string
		for _, v := range c.values {
			vs = append(vs, e.id(v))
		}
		fcs[i] = filterCase{c.what, filter(vs), c.want}
	}
	return e.filterCases(fcs)
}

func checkFilterOwners(e *env) error {
	err := e.listFilter(func(c *closedloop.Case, v string) { c.Owner = v },
		func(vs []string) closedloop.CaseFilter { return closedloop.CaseFilter{Owners: vs} },
		[]string{"anna", "bo", "anna", "cy"},
		[]listCase{
			{"no owners", nil, []string{"a", "b", "c", "d"}},
			{"anna", []string{"anna"}, []string{"a", "c"}},
			{"bo or anna", []string{"bo", "anna"}, []string{"a", "b", "c"}},
			{"anna listed twice", []string{"anna", "anna"}, []string{"a", "c"}},
			{"Anna (case differs)", []string{"Anna"}, nil},
			{"dan", []string{"dan"}, nil},
		})
	if err != nil {
		return err
	}
	if _, err := e.change(e.id("c"), func(c *closedloop.Case) error {
		return c.Reassign(e.at(6*time.Hour), e.id("lise"), e.id("bo"), "")
	}); err != nil {
		return err
	}
	return e.filterCases([]filterCase{
		{"anna, after reassigning c to bo", closedloop.CaseFilter{Owners: []string{e.id("anna")}}, []string{"a"}},
		{"bo, after reassigning c to bo", closedloop.CaseFilter{Owners: []string{e.id("bo")}}, []string{"b", "c"}},
	})
}

func checkFilterTeams(e *env) error {
	return e.listFilter(func(c *closedloop.Case, v string) { c.Team = v },
		func(vs []string) closedloop.CaseFilter { return closedloop.CaseFilter{Teams: vs} },
		[]string{"front", "back", "", "front"},
		[]listCase{
			{"no teams", nil, []string{"a", "b", "c", "d"}},
			{"front", []string{"front"}, []string{"a", "d"}},
			{"back or front", []string{"back", "front"}, []string{"a", "b", "d"}},
			{"Front (case differs)", []string{"Front"}, nil},
			{"web", []string{"web"}, nil},
		})
}

func checkFilterTouchpoints(e *env) error {
	return e.listFilter(func(c *closedloop.Case, v string) { c.Touchpoint = v },
		func(vs []string) closedloop.CaseFilter { return closedloop.CaseFilter{Touchpoints: vs} },
		[]string{"phone", "desk", "", "phone"},
		[]listCase{
			{"no touchpoints", nil, []string{"a", "b", "c", "d"}},
			{"phone", []string{"phone"}, []string{"a", "d"}},
			{"desk or phone", []string{"desk", "phone"}, []string{"a", "b", "d"}},
			{"web", []string{"web"}, nil},
		})
}

func checkFilterStates(e *env) error {
	h := time.Hour
	a := e.open("a-open", 0, h)
	b := e.open("b-contacted", h, h)
	must(b.Contact(e.at(2*h), e.id("anna")))
	c := e.open("c-closed", 2*h, 2*h)
	must(c.Contact(e.at(3*h), e.id("anna")))
	must(c.Close(e.at(4*h), e.id("anna"), closedloop.Lost, nil))
	d := e.open("d-unreachable", 3*h, 3*h)
	for i := range d.MaxAttempts {
		must(d.Attempt(e.at(4*h+time.Duration(i)), e.id("anna"), ""))
	}
	p := e.open("e-paused", 4*h, 4*h)
	must(p.Pause(e.at(5*h), e.id("anna"), ""))
	if _, err := e.create(a, b, c, d, p); err != nil {
		return err
	}
	states := func(s ...closedloop.State) closedloop.CaseFilter { return closedloop.CaseFilter{States: s} }
	err := e.filterCases([]filterCase{
		{"no states", states(), []string{"a-open", "b-contacted", "c-closed", "d-unreachable", "e-paused"}},
		{"open", states(closedloop.Open), []string{"a-open", "e-paused"}},
		{"contacted or closed", states(closedloop.Closed, closedloop.Contacted), []string{"b-contacted", "c-closed"}},
		{"unreachable", states(closedloop.Unreachable), []string{"d-unreachable"}},
		{"every state", states(closedloop.Open, closedloop.Contacted, closedloop.Closed, closedloop.Unreachable),
			[]string{"a-open", "b-contacted", "c-closed", "d-unreachable", "e-paused"}},
	})
	if err != nil {
		return err
	}
	if _, err := e.change(a.ID, func(c *closedloop.Case) error { return c.Contact(e.at(6*h), e.id("anna")) }); err != nil {
		return err
	}
	return e.filterCases([]filterCase{
		{"open, after contacting a-open", states(closedloop.Open), []string{"e-paused"}},
		{"contacted, after contacting a-open", states(closedloop.Contacted), []string{"a-open", "b-contacted"}},
	})
}

func checkFilterCombined(e *env) error {
	h := time.Hour
	mk := func(short string, received time.Duration, change func(*closedloop.Case)) closedloop.Case {
		c := e.open(short, received, 20*h)
		c.Touchpoint = e.id("phone")
		if change != nil {
			change(&c)
		}
		return c
	}
	cs := []closedloop.Case{
		mk("a", h, nil),
		mk("b", 2*h, func(c *closedloop.Case) { c.Owner = e.id("cy") }),
		mk("c", 3*h, func(c *closedloop.Case) { c.Team = e.id("back") }),
		mk("d", 4*h, func(c *closedloop.Case) { c.Touchpoint = e.id("desk") }),
		mk("f", 5*h, func(c *closedloop.Case) { must(c.Contact(e.at(6*h), e.id("anna"))) }),
		mk("g", 6*h, func(c *closedloop.Case) { c.Customer = e.id("other-customer") }),
		mk("h", 0, nil),
		mk("i", 10*h, nil),
		mk("j", 9*h, func(c *closedloop.Case) { c.Owner = e.id("bo") }),
	}
	if _, err := e.create(cs...); err != nil {
		return err
	}
	return e.filterCases([]filterCase{{
		"every condition",
		closedloop.CaseFilter{
			From:        e.at(h),
			To:          e.at(10 * h),
			Customer:    e.customer(),
			Owners:      []string{e.id("anna"), e.id("bo")},
			Teams:       []string{e.id("front")},
			Touchpoints: []string{e.id("phone")},
			States:      []closedloop.State{closedloop.Open},
		},
		[]string{"a", "j"},
	}})
}

func checkInvalidFilter(e *env) error {
	if _, err := e.create(e.open("a", time.Hour, time.Hour)); err != nil {
		return err
	}
	var errs []error
	for _, c := range []struct {
		what string
		f    closedloop.CaseFilter
	}{
		{"To a nanosecond before From", closedloop.CaseFilter{From: e.at(0), To: e.at(-1)}},
		{"an empty owner", closedloop.CaseFilter{Owners: []string{e.id("anna"), ""}}},
		{"a blank team", closedloop.CaseFilter{Teams: []string{" "}}},
		{"an empty touchpoint", closedloop.CaseFilter{Touchpoints: []string{""}}},
		{"state 0", closedloop.CaseFilter{States: []closedloop.State{0}}},
		{"an unknown state", closedloop.CaseFilter{States: []closedloop.State{closedloop.Open, closedloop.Unreachable + 1}}},
	} {
		c.f.Customer = e.customer()
		items := drain(e.s.Cases(e.ctx, c.f), nil)
		errs = append(errs, e.expectOnlyError("Cases with "+c.what, items, 0, closedloop.ErrInvalidFilter))
	}
	return errors.Join(errs...)
}

// scribble changes every value a case shares through its slices and
// pointers, as a careless caller might.
func scribble(c *closedloop.Case) { conformance.Scribble(c) }

func checkCopies(e *env) error {
	full := e.fullCase("full")
	open := e.open("open", time.Hour, time.Hour)
	must(open.Attempt(e.at(2*time.Hour), e.id("anna"), "busy"))
	must(open.Tag(e.at(2*time.Hour), e.id("anna"), "communication"))
	open.FollowUp = new(nps.Rating(4))
	var errs []error
	want := map[string]closedloop.Case{}
	for _, c := range []closedloop.Case{full, open} {
		w := c.Clone()
		w.Version = 1
		want[c.ID] = w
		got, created, err := e.s.Create(e.ctx, c)
		if err != nil || !created {
			return fmt.Errorf("Create(%s) of a new case: created %v, error %v; want true, nil", e.short(c.ID), created, err)
		}
		scribble(&c)
		errs = append(errs, e.expectStored("after changing the case passed to Create", w))
		scribble(&got)
		errs = append(errs, e.expectStored("after changing the case Create returned", w))
		got, err = e.get(c.ID)
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		scribble(&got)
		errs = append(errs, e.expectStored("after changing the case Get returned", w))
	}
	for c, err := range e.s.Cases(e.ctx, closedloop.CaseFilter{Customer: e.customer()}) {
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		scribble(&c)
	}
	for _, w := range want {
		errs = append(errs, e.expectStored("after changing the cases Cases yielded", w))
	}
	if _, err := e.due(e.at(1000 * time.Hour)); err != nil {
		return errors.Join(append(errs, err)...)
	}
	for c, err := range e.s.Due(e.ctx, e.at(1000*time.Hour)) {
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		scribble(&c)
	}
	errs = append(errs, e.expectStored("after changing the cases Due yielded", want[open.ID]))

	u := want[open.ID].Clone()
	must(u.Note(e.at(3*time.Hour), e.id("anna"), "left a message"))
	got, err := e.update(u)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	w := u.Clone()
	w.Version = 2
	scribble(&u)
	errs = append(errs, e.expectStored("after changing the case passed to Update", w))
	scribble(&got)
	errs = append(errs, e.expectStored("after changing the case Update returned", w))
	return errors.Join(errs...)
}

func checkCancel(e *env) error {
	h := time.Hour
	stored, err := e.create(e.open("a", 0, h), e.open("b", h, h), e.open("c", 2*h, 2*h))
	if err != nil {
		return err
	}
	canceled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancelExpired := context.WithDeadline(e.ctx, t0)
	defer cancelExpired()
	var errs []error
	wantErr := func(what string, err, target error) {
		if !errors.Is(err, target) {
			errs = append(errs, fmt.Errorf("%s: got error %v, want one wrapping %v", what, err, target))
		}
	}
	d := e.open("d", 3*h, 3*h)
	_, _, err = e.s.Create(canceled, d)
	wantErr("Create with a canceled ctx", err, context.Canceled)
	_, _, err = e.s.Create(expired, d)
	wantErr("Create with an expired ctx", err, context.DeadlineExceeded)
	errs = append(errs, e.expectNotStored("after Create with a done ctx", d.ID))
	_, err = e.s.Get(canceled, stored[0].ID)
	wantErr("Get with a canceled ctx", err, context.Canceled)
	u := stored[0].Clone()
	must(u.Note(e.at(h), e.id("anna"), "canceled"))
	_, err = e.s.Update(canceled, u)
	wantErr("Update with a canceled ctx", err, context.Canceled)
	errs = append(errs, e.expectStored("after Update with a canceled ctx", stored[0]))

	late := e.at(1000 * h)
	scope := closedloop.CaseFilter{Customer: e.customer()}
	errs = append(errs, e.expectOnlyError("Due with a canceled ctx", drain(e.s.Due(canceled, late), nil), 0, context.Canceled))
	errs = append(errs, e.expectOnlyError("Cases with a canceled ctx", drain(e.s.Cases(canceled, scope), nil), 0, context.Canceled))
	ctx, cancel := context.WithCancel(e.ctx)
	errs = append(errs, e.expectOnlyError("Due, canceling ctx after the first case",
		drain(e.s.Due(ctx, late), func(closedloop.Case) { cancel() }), 1, context.Canceled))
	ctx, cancel = context.WithCancel(e.ctx)
	errs = append(errs, e.expectOnlyError("Cases, canceling ctx after the first case",
		drain(e.s.Cases(ctx, scope), func(closedloop.Case) { cancel() }), 1, context.Canceled))
	return errors.Join(errs...)
}

func checkEarlyBreak(e *env) error {
	h := time.Hour
	if _, err := e.create(e.open("a", 0, h), e.open("b", h, h), e.open("c", 2*h, 2*h)); err != nil {
		return err
	}
	late := e.at(1000 * h)
	breakAfter := func(what string, n int, seq iter.Seq2[closedloop.Case, error]) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("breaking out of %s after case %d: the sequence went on yielding: %v", what, n, p)
			}
		}()
		i := 0
		for _, err := range seq {
			if err != nil {
				return fmt.Errorf("breaking out of %s after case %d: yielded error %w", what, n, err)
			}
			if i++; i == n {
				break
			}
		}
		return nil
	}
	scope := closedloop.CaseFilter{Customer: e.customer()}
	if err := errors.Join(
		breakAfter("Due", 1, e.s.Due(e.ctx, late)),
		breakAfter("Due", 2, e.s.Due(e.ctx, late)),
		breakAfter("Cases", 1, e.s.Cases(e.ctx, scope)),
		breakAfter("Cases", 2, e.s.Cases(e.ctx, scope)),
	); err != nil {
		return err
	}
	d, err := e.create(e.open("d", 3*h, 3*h))
	if err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	if _, err := e.change(d[0].ID, func(c *closedloop.Case) error { return c.Note(e.at(4*h), e.id("anna"), "x") }); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	if err := e.expectDue("after breaking out", late, "a", "b", "c", "d"); err != nil {
		return err
	}
	got, err := e.cases(closedloop.CaseFilter{})
	if err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	return e.expectIDs("after breaking out: Cases", got, "a", "b", "c", "d")
}

func checkCallsInsideLoop(e *env) error {
	h := time.Hour
	if _, err := e.create(e.open("a", 0, h), e.open("b", h, h)); err != nil {
		return err
	}
	late := e.at(1000 * h)
	inLoop := func(c closedloop.Case) error {
		if _, err := e.get(c.ID); err != nil {
			return err
		}
		inner := e.open("inner-"+e.short(c.ID), 2*h, 2*h)
		if _, _, err := e.s.Create(e.ctx, inner); err != nil {
			return fmt.Errorf("Create(%s): %w", e.short(inner.ID), err)
		}
		if _, err := e.cases(closedloop.CaseFilter{}); err != nil {
			return err
		}
		if _, err := e.due(late); err != nil {
			return err
		}
		return nil
	}
	n := 0
	for c, err := range e.s.Due(e.ctx, late) {
		if err != nil {
			return fmt.Errorf("ranging over Due: yielded error %w", err)
		}
		if short := e.short(c.ID); !e.mine(c.ID) || strings.HasPrefix(short, "inner-") {
			continue
		}
		n++
		if err := inLoop(c); err != nil {
			return fmt.Errorf("inside a loop over Due: %w", err)
		}
		_, kind, _ := c.NextAction()
		c.Notices |= kind // what an engine does: deliver, then record
		if _, err := e.update(c); err != nil {
			return fmt.Errorf("inside a loop over Due: %w", err)
		}
	}
	if n != 2 {
		return fmt.Errorf("the loop over Due saw %d of the check's cases, want 2", n)
	}
	n = 0
	for c, err := range e.s.Cases(e.ctx, closedloop.CaseFilter{Customer: e.customer()}) {
		if err != nil {
			return fmt.Errorf("ranging over Cases: yielded error %w", err)
		}
		if strings.HasPrefix(e.short(c.ID), "inner-") {
			continue
		}
		n++
		if err := inLoop(c); err != nil {
			return fmt.Errorf("inside a loop over Cases: %w", err)
		}
		must(c.Note(e.at(3*h), e.id("anna"), "seen"))
		if _, err := e.update(c); err != nil {
			return fmt.Errorf("inside a loop over Cases: %w", err)
		}
	}
	if n != 2 {
		return fmt.Errorf("the loop over Cases saw %d of the check's cases, want 2", n)
	}
	for _, short := range []string{"a", "b"} {
		c, err := e.get(e.id(short))
		if err != nil {
			return err
		}
		if c.Version != 3 || c.Notices&closedloop.NoticeOpened == 0 {
			return fmt.Errorf("after the loops: case %s has Version %d and notices %v, want 3 and the notice of opening", short, c.Version, c.Notices)
		}
	}
	return nil
}

// diff lists the fields in which got differs from want. Instants are
// compared with time.Time.Equal, and a nil slice equals an empty one.
func diff(got, want closedloop.Case) []string { return conformance.Diff(got, want) }
