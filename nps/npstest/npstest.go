package npstest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/internal/conformance"
	"github.com/servicekultur/servicekultur/nps"
)

// Run runs the conformance suite as subtests of t, one per rule, each on a
// fresh empty store from newStore. A failure names the rule broken and
// what the store did. The Deleter subtest is skipped for stores that do
// not implement [nps.Deleter].
func Run(t *testing.T, newStore func() nps.Store) {
	t.Helper()
	suite.Run(t, newStore)
}

// Test runs every check of the suite on s, which must be empty, and
// returns nil or an error joining every failure, each naming its check and
// rule. It leaves the responses it saved in s. Checks for optional
// interfaces s does not implement are left out.
func Test(s nps.Store) error { return suite.Test(s) }

// suite runs the checks, each in the calling goroutine: the checks that
// could deadlock guard their calls with within.
var suite = &conformance.Suite[nps.Store, *env]{
	Name:   "npstest",
	Checks: checks,
	Empty:  checkEmpty,
	Env:    newEnv,
}

// check is one rule of the contract: its name, the rule stated for the
// implementer, and the function that checks it.
type check = conformance.Check[*env]

var checks = []check{
	{"SaveAndRead", "Responses yields what Save stored, every field kept and At as the same instant to the nanosecond; Save with no responses is a no-op; each range over a sequence reads afresh", checkSaveAndRead},
	{"Order", "Responses yields in ascending order of At as instants, then of ID byte by byte", checkOrder},
	{"Idempotent", "saving a response Equal to the stored one, or repeating it within one call, is a no-op", checkIdempotent},
	{"Conflict", "a different response under a stored ID, or two different ones with one ID in a call, is an error wrapping nps.ErrConflict; the stored response is kept and nothing of the call is stored", checkConflict},
	{"Invalid", "Save validates every response before storing any: an invalid one is an error wrapping its sentinel and nothing of the call is stored", checkInvalid},
	{"FilterTime", "From is inclusive, To exclusive, a zero bound is open, bounds are instants; To before From yields an error wrapping nps.ErrInvalidArgument", checkFilterTime},
	{"FilterTouchpoint", "a response matches Touchpoints if its touchpoint is listed (an empty list matches all, a listed \"\" matches responses without one)", checkFilterTouchpoint},
	{"FilterEmployee", "a response matches Employees if any of its employees is listed, and is yielded once however many are", checkFilterEmployee},
	{"FilterUnit", "a response matches Units if its unit is listed (an empty list matches all, a listed \"\" matches responses without one)", checkFilterUnit},
	{"FilterLabels", "a response matches Labels if it has every key with exactly that value", checkFilterLabels},
	{"FilterCombined", "a response matches a Filter only if it meets every condition", checkFilterCombined},
	{"Copies", "the store keeps its own copies: changing the slices and maps passed to Save, or of a response yielded, does not change the store", checkCopies},
	{"CancelSave", "Save with a done ctx returns an error wrapping ctx.Err() and stores nothing", checkCancelSave},
	{"CancelResponses", "Responses checks ctx before each response: once ctx is done it yields (Response{}, err) with err wrapping ctx.Err() and stops", checkCancelResponses},
	{"EarlyBreak", "breaking out of the range loop stops the sequence and leaves the store usable", checkEarlyBreak},
	{"CallsInsideLoop", "the body of a range loop over Responses may call the store's methods without deadlocking", checkCallsInsideLoop},
	{"Count", "nps.Count, and Count of an nps.Counter, equal counting the responses Responses yields, with the same errors", checkCount},
	{"Deleter", "Delete removes the responses, skips unknown IDs, frees the IDs for new responses, and with a done ctx deletes nothing and returns an error wrapping ctx.Err()", checkDeleter},
	{"Concurrent", "Save and Responses are safe for concurrent use; concurrent saves of one response all succeed and store it once", checkConcurrent},
}

const labelKey = "npstest"

// t0 is the reference instant of the fixtures, a Monday.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// stuckAfter is how long a call that must not deadlock may take.
const stuckAfter = 2 * time.Minute

func checkEmpty(ctx context.Context, s nps.Store) error {
	for r, err := range s.Responses(ctx, nps.Filter{}) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds %q", r.ID)
	}
	return nil
}

// env is what a check works with: the store and the check's namespace.
type env struct {
	ctx  context.Context
	s    nps.Store
	name string
}

// newEnv returns the environment of the check named name.
func newEnv(ctx context.Context, s nps.Store, _ int, name string) *env {
	return &env{ctx: ctx, s: s, name: name}
}

func (e *env) id(short string) string { return "npstest-" + e.name + "-" + short }

func (e *env) short(id string) string { return strings.TrimPrefix(id, "npstest-"+e.name+"-") }

// resp returns a valid response in the check's namespace.
func (e *env) resp(short string, r nps.Rating, at time.Time) nps.Response {
	return nps.Response{ID: e.id(short), Rating: r, At: at, Labels: map[string]string{labelKey: e.name}}
}

// scope restricts f to the check's responses.
func (e *env) scope(f nps.Filter) nps.Filter {
	f.Labels = maps.Clone(f.Labels)
	if f.Labels == nil {
		f.Labels = make(map[string]string, 1)
	}
	f.Labels[labelKey] = e.name
	return f
}

// read returns the check's responses that match f.
func (e *env) read(f nps.Filter) ([]nps.Response, error) {
	return collect(e.s.Responses(e.ctx, e.scope(f)))
}

func (e *env) save(rs ...nps.Response) error {
	if err := e.s.Save(e.ctx, rs...); err != nil {
		return fmt.Errorf("Save(%s): %w", e.ids(rs), err)
	}
	return nil
}

// expect reads the check's responses that match f and compares them with
// want, in order.
func (e *env) expect(what string, f nps.Filter, want ...nps.Response) error {
	got, err := e.read(f)
	if err != nil {
		return fmt.Errorf("%s: Responses yielded error: %w", what, err)
	}
	return e.same(what, got, want)
}

func (e *env) same(what string, got, want []nps.Response) error {
	if len(got) != len(want) || !slices.EqualFunc(got, want, func(a, b nps.Response) bool { return a.ID == b.ID }) {
		return fmt.Errorf("%s: got %s, want %s", what, e.ids(got), e.ids(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			return fmt.Errorf("%s: response %s differs:\n got  %+v\n want %+v", what, e.short(got[i].ID), got[i], want[i])
		}
	}
	return nil
}

func (e *env) ids(rs []nps.Response) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = e.short(r.ID)
	}
	return "[" + strings.Join(s, " ") + "]"
}

func collect(seq iter.Seq2[nps.Response, error]) ([]nps.Response, error) {
	var rs []nps.Response
	for r, err := range seq {
		if err != nil {
			return rs, err
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// item is one pair a sequence yielded.
type item struct {
	r   nps.Response
	err error
}

// drain records everything seq yields, without breaking out of the loop,
// up to a bound in case the sequence never ends; then calls after each
// response.
func drain(seq iter.Seq2[nps.Response, error], after func(nps.Response)) []item {
	var items []item
	for r, err := range seq {
		items = append(items, item{r, err})
		if len(items) > 1000 {
			break
		}
		if err == nil && after != nil {
			after(r)
		}
	}
	return items
}

// expectOnlyError reports unless items ends in exactly one error wrapping
// target, carrying a zero response, after want responses.
func (e *env) expectOnlyError(what string, items []item, want int, target error) error {
	var got []nps.Response
	for i, it := range items {
		if it.err == nil {
			got = append(got, it.r)
			continue
		}
		switch {
		case i != len(items)-1:
			return fmt.Errorf("%s: the sequence kept yielding after the error %v", what, it.err)
		case !errors.Is(it.err, target):
			return fmt.Errorf("%s: error %q does not wrap %v", what, it.err, target)
		case it.r.ID != "":
			return fmt.Errorf("%s: response %s yielded with the error, want Response{}", what, e.short(it.r.ID))
		case len(got) != want:
			return fmt.Errorf("%s: %d responses %s before the error, want %d", what, len(got), e.ids(got), want)
		}
		return nil
	}
	return fmt.Errorf("%s: no error wrapping %v yielded, got responses %s", what, target, e.ids(got))
}

// sorted reports a pair of responses out of (At, ID) order.
func sorted(rs []nps.Response) error {
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1], rs[i]
		if c := a.At.Compare(b.At); c > 0 || c == 0 && a.ID >= b.ID {
			return fmt.Errorf("response %q (%v) yielded before %q (%v)", a.ID, a.At, b.ID, b.At)
		}
	}
	return nil
}

// within runs f and reports errStuck if it does not return in time.
func within(what string, f func() error) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("%s: panic: %v", what, p)
			}
		}()
		done <- f()
	}()
	timer := time.NewTimer(stuckAfter)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("%s: %w within %v", what, conformance.ErrStuck, stuckAfter)
	}
}

func checkSaveAndRead(e *env) error {
	full := nps.Response{
		ID:         e.id("full"),
		Rating:     9,
		At:         time.Date(2026, time.March, 2, 10, 15, 30, 123456789, time.FixedZone("CET", 3600)),
		Customer:   "customer-1",
		Touchpoint: "phone",
		Employees:  []string{"e-2", "e-1"},
		Unit:       "support",
		Channel:    "email",
		Comment:    "Schnell & freundlich — danke! \"quoted\"\n2nd line",
		Weight:     2.5,
		Labels:     map[string]string{labelKey: e.name, "fix_hours": "12.5", "": "empty key"},
	}
	minimal := e.resp("minimal", 0, t0.Add(time.Hour))
	ten := e.resp("ten", 10, t0.Add(-time.Hour+time.Nanosecond))
	ten.Weight = 1e-3
	if err := e.save(full, minimal, ten); err != nil {
		return err
	}
	var errs []error
	if err := e.s.Save(e.ctx); err != nil {
		errs = append(errs, fmt.Errorf("calling Save with no responses: %w", err))
	}
	want := []nps.Response{ten, full, minimal}
	seq := e.s.Responses(e.ctx, e.scope(nps.Filter{}))
	for _, what := range []string{"first range", "second range over the same sequence"} {
		got, err := collect(seq)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: Responses yielded error: %w", what, err))
			continue
		}
		errs = append(errs, e.same(what, got, want))
	}
	return errors.Join(errs...)
}

func checkOrder(e *env) error {
	at := func(short string, t time.Time) nps.Response { return e.resp(short, 8, t) }
	var (
		x      = at("x", t0.Add(-24*time.Hour))
		z      = at("z", time.Date(2026, time.March, 2, 10, 30, 0, 0, time.FixedZone("EET", 2*3600))) // 08:30 UTC
		bB     = at("B", t0)
		a      = at("a", t0)
		b      = at("b", t0)
		y      = at("y", t0.Add(time.Nanosecond))
		a10    = at("a10", t0.Add(time.Hour))
		a9     = at("a9", t0.Add(time.Hour))
		eacute = at("é", t0.Add(time.Hour)) // UTF-8 0xC3 sorts after ASCII
	)
	if err := e.save(a9, b, y); err != nil {
		return err
	}
	if err := e.save(eacute, z, a, x, a10, bB); err != nil {
		return err
	}
	var errs []error
	errs = append(errs, e.expect("Filter{}", nps.Filter{}, x, z, bB, a, b, y, a10, a9, eacute))
	errs = append(errs, e.expect("From t0", nps.Filter{From: t0}, bB, a, b, y, a10, a9, eacute))
	all, err := collect(e.s.Responses(e.ctx, nps.Filter{}))
	if err != nil {
		errs = append(errs, fmt.Errorf("unfiltered: Responses yielded error: %w", err))
	} else if err := sorted(all); err != nil {
		errs = append(errs, fmt.Errorf("unfiltered: %w", err))
	}
	return errors.Join(errs...)
}

func checkIdempotent(e *env) error {
	r1 := e.resp("r1", 7, t0)
	r1.Employees = []string{"e-1"}
	r2 := e.resp("r2", 3, t0.Add(time.Minute))
	r2.Weight = 1
	if err := e.save(r1, r2); err != nil {
		return err
	}
	inZone := r1.Clone()
	inZone.At = r1.At.In(time.FixedZone("UTC-5", -5*3600))
	unweighted := r2.Clone()
	unweighted.Weight = 0 // Equal: weight 0 means weight 1
	r3 := e.resp("r3", 10, t0.Add(time.Hour))
	r3empty := r3.Clone()
	r3empty.Employees = []string{} // Equal to nil
	var errs []error
	if err := e.s.Save(e.ctx, r1, inZone, unweighted, r2, r3, r3empty); err != nil {
		errs = append(errs, fmt.Errorf("saving stored responses again with one new one repeated: %w", err))
	}
	if err := e.s.Save(e.ctx, r1); err != nil {
		errs = append(errs, fmt.Errorf("saving r1 a third time: %w", err))
	}
	errs = append(errs, e.expect("after saving again", nps.Filter{}, r1, r2, r3))
	return errors.Join(errs...)
}

func checkConflict(e *env) error {
	orig := e.resp("taken", 8, t0)
	orig.Employees = []string{"e-1"}
	orig.Comment = "gut"
	if err := e.save(orig); err != nil {
		return err
	}
	variants := []struct {
		what   string
		change func(*nps.Response)
	}{
		{"another rating", func(r *nps.Response) { r.Rating = 9 }},
		{"an instant 1ns later", func(r *nps.Response) { r.At = r.At.Add(time.Nanosecond) }},
		{"another comment", func(r *nps.Response) { r.Comment = "sehr gut" }},
		{"another employee", func(r *nps.Response) { r.Employees = []string{"e-2"} }},
		{"another touchpoint", func(r *nps.Response) { r.Touchpoint = "desk" }},
		{"an extra label", func(r *nps.Response) { r.Labels["extra"] = "x" }},
		{"weight 2", func(r *nps.Response) { r.Weight = 2 }},
	}
	var errs []error
	for i, v := range variants {
		fresh := e.resp(fmt.Sprintf("fresh%d", i), 5, t0.Add(time.Hour))
		changed := orig.Clone()
		v.change(&changed)
		if err := e.s.Save(e.ctx, fresh, changed); !errors.Is(err, nps.ErrConflict) {
			errs = append(errs, fmt.Errorf("saving a new response and the stored ID with %s: got error %v, want one wrapping nps.ErrConflict", v.what, err))
		}
	}
	a := e.resp("twice", 1, t0.Add(2*time.Hour))
	b := a.Clone()
	b.Rating = 2
	if err := e.s.Save(e.ctx, a, b); !errors.Is(err, nps.ErrConflict) {
		errs = append(errs, fmt.Errorf("saving two different responses with one new ID in a call: got error %v, want one wrapping nps.ErrConflict", err))
	}
	errs = append(errs, e.expect("after the conflicts", nps.Filter{}, orig))
	return errors.Join(errs...)
}

func checkInvalid(e *env) error {
	cases := []struct {
		what   string
		change func(*nps.Response)
		want   error
	}{
		{"rating 11", func(r *nps.Response) { r.Rating = 11 }, nps.ErrInvalidRating},
		{"rating 255", func(r *nps.Response) { r.Rating = 255 }, nps.ErrInvalidRating},
		{"an empty ID", func(r *nps.Response) { r.ID = "" }, nps.ErrInvalidResponse},
		{"a zero instant", func(r *nps.Response) { r.At = time.Time{} }, nps.ErrInvalidResponse},
		{"an empty employee ID", func(r *nps.Response) { r.Employees = []string{"e-1", ""} }, nps.ErrInvalidResponse},
		{"an employee listed twice", func(r *nps.Response) { r.Employees = []string{"e-1", "e-1"} }, nps.ErrInvalidResponse},
		{"weight −1", func(r *nps.Response) { r.Weight = -1 }, nps.ErrInvalidWeight},
		{"weight NaN", func(r *nps.Response) { r.Weight = math.NaN() }, nps.ErrInvalidWeight},
		{"weight +Inf", func(r *nps.Response) { r.Weight = math.Inf(1) }, nps.ErrInvalidWeight},
	}
	var errs []error
	for i, c := range cases {
		valid := e.resp(fmt.Sprintf("valid%d", i), 9, t0)
		bad := e.resp(fmt.Sprintf("bad%d", i), 6, t0.Add(time.Minute))
		c.change(&bad)
		if err := e.s.Save(e.ctx, valid, bad); !errors.Is(err, c.want) {
			errs = append(errs, fmt.Errorf("saving a valid response and one with %s: got error %v, want one wrapping %v", c.what, err, c.want))
		}
	}
	errs = append(errs, e.expect("after the invalid saves", nps.Filter{}))
	return errors.Join(errs...)
}

// filterCase is a Filter and the short IDs it must select, in order.
type filterCase struct {
	what string
	f    nps.Filter
	want []string
}

// filterCases saves rs, then checks each case.
func (e *env) filterCases(rs []nps.Response, cases []filterCase) error {
	if err := e.save(rs...); err != nil {
		return err
	}
	var errs []error
	for _, c := range cases {
		got, err := e.read(c.f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: Responses yielded error: %w", c.what, err))
			continue
		}
		gotIDs := make([]string, len(got))
		for i, r := range got {
			gotIDs[i] = e.short(r.ID)
		}
		if !slices.Equal(gotIDs, c.want) {
			errs = append(errs, fmt.Errorf("%s: got %q, want %q", c.what, gotIDs, c.want))
		}
	}
	return errors.Join(errs...)
}

func checkFilterTime(e *env) error {
	kolkata := time.FixedZone("IST", 5*3600+1800)
	tokyo := time.FixedZone("JST", 9*3600)
	rs := []nps.Response{
		e.resp("a", 1, t0.Add(-time.Nanosecond)),
		e.resp("b", 2, t0),
		e.resp("c", 3, t0.Add(time.Hour).In(kolkata)),
		e.resp("d", 4, t0.Add(2*time.Hour-time.Nanosecond)),
		e.resp("e", 5, t0.Add(2*time.Hour)),
	}
	err := e.filterCases(rs, []filterCase{
		{"zero bounds", nps.Filter{}, []string{"a", "b", "c", "d", "e"}},
		{"From is inclusive", nps.Filter{From: t0}, []string{"b", "c", "d", "e"}},
		{"To is exclusive", nps.Filter{To: t0}, []string{"a"}},
		{"From and To", nps.Filter{From: t0, To: t0.Add(2 * time.Hour)}, []string{"b", "c", "d"}},
		{"From equal to To", nps.Filter{From: t0, To: t0}, nil},
		{"a 1ns range", nps.Filter{From: t0.Add(time.Hour), To: t0.Add(time.Hour + time.Nanosecond)}, []string{"c"}},
		{"bounds in another zone", nps.Filter{From: t0.In(tokyo), To: t0.Add(2 * time.Hour).In(tokyo)}, []string{"b", "c", "d"}},
		{"a range before all", nps.Filter{To: t0.Add(-time.Hour)}, nil},
		{"a range after all", nps.Filter{From: t0.Add(3 * time.Hour)}, nil},
	})
	bad := e.scope(nps.Filter{From: t0, To: t0.Add(-time.Nanosecond)})
	items := drain(e.s.Responses(e.ctx, bad), nil)
	return errors.Join(err, e.expectOnlyError("To before From", items, 0, nps.ErrInvalidArgument))
}

func checkFilterTouchpoint(e *env) error {
	tp := func(short, touchpoint string, i int) nps.Response {
		r := e.resp(short, 9, t0.Add(time.Duration(i)*time.Minute))
		r.Touchpoint = touchpoint
		return r
	}
	return e.filterCases(
		[]nps.Response{tp("a", "phone", 0), tp("b", "desk", 1), tp("c", "", 2), tp("d", "phone", 3)},
		[]filterCase{
			{"no touchpoints", nps.Filter{}, []string{"a", "b", "c", "d"}},
			{"phone", nps.Filter{Touchpoints: []string{"phone"}}, []string{"a", "d"}},
			{"desk or phone", nps.Filter{Touchpoints: []string{"desk", "phone"}}, []string{"a", "b", "d"}},
			{"web", nps.Filter{Touchpoints: []string{"web"}}, nil},
			{"Phone (case differs)", nps.Filter{Touchpoints: []string{"Phone"}}, nil},
			{`""`, nps.Filter{Touchpoints: []string{""}}, []string{"c"}},
		})
}

func checkFilterUnit(e *env) error {
	unit := func(short, u string, i int) nps.Response {
		r := e.resp(short, 9, t0.Add(time.Duration(i)*time.Minute))
		r.Unit = u
		return r
	}
	return e.filterCases(
		[]nps.Response{unit("a", "north", 0), unit("b", "south", 1), unit("c", "", 2), unit("d", "north", 3)},
		[]filterCase{
			{"no units", nps.Filter{}, []string{"a", "b", "c", "d"}},
			{"north", nps.Filter{Units: []string{"north"}}, []string{"a", "d"}},
			{"south or north", nps.Filter{Units: []string{"south", "north"}}, []string{"a", "b", "d"}},
			{"east", nps.Filter{Units: []string{"east"}}, nil},
			{`""`, nps.Filter{Units: []string{""}}, []string{"c"}},
		})
}

func checkFilterEmployee(e *env) error {
	emp := func(short string, i int, employees ...string) nps.Response {
		r := e.resp(short, 9, t0.Add(time.Duration(i)*time.Minute))
		r.Employees = employees
		return r
	}
	return e.filterCases(
		[]nps.Response{
			emp("a", 0, "e-1"),
			emp("b", 1, "e-1", "e-2"),
			emp("c", 2, "e-3"),
			emp("d", 3),
			emp("e", 4, "e-2", "e-3"),
		},
		[]filterCase{
			{"no employees", nps.Filter{}, []string{"a", "b", "c", "d", "e"}},
			{"e-1", nps.Filter{Employees: []string{"e-1"}}, []string{"a", "b"}},
			{"e-2", nps.Filter{Employees: []string{"e-2"}}, []string{"b", "e"}},
			{"e-1 or e-2", nps.Filter{Employees: []string{"e-1", "e-2"}}, []string{"a", "b", "e"}},
			{"e-3 or e-2", nps.Filter{Employees: []string{"e-3", "e-2"}}, []string{"b", "c", "e"}},
			{"e-1 listed twice", nps.Filter{Employees: []string{"e-1", "e-1"}}, []string{"a", "b"}},
			{"e-4", nps.Filter{Employees: []string{"e-4"}}, nil},
		})
}

func checkFilterLabels(e *env) error {
	lab := func(short string, i int, kv ...string) nps.Response {
		r := e.resp(short, 9, t0.Add(time.Duration(i)*time.Minute))
		for j := 0; j+1 < len(kv); j += 2 {
			r.Labels[kv[j]] = kv[j+1]
		}
		return r
	}
	return e.filterCases(
		[]nps.Response{
			lab("a", 0, "k", "v1", "region", "north"),
			lab("b", 1, "k", "v2"),
			lab("c", 2, "k", ""),
			lab("d", 3),
			lab("e", 4, "k", "v1"),
		},
		[]filterCase{
			{"no labels", nps.Filter{}, []string{"a", "b", "c", "d", "e"}},
			{"k=v1", nps.Filter{Labels: map[string]string{"k": "v1"}}, []string{"a", "e"}},
			{"k=v1 and region=north", nps.Filter{Labels: map[string]string{"k": "v1", "region": "north"}}, []string{"a"}},
			{"k=v1 and region=south", nps.Filter{Labels: map[string]string{"k": "v1", "region": "south"}}, nil},
			{"region=north", nps.Filter{Labels: map[string]string{"region": "north"}}, []string{"a"}},
			{`k="" (the key must be present)`, nps.Filter{Labels: map[string]string{"k": ""}}, []string{"c"}},
			{"K=v1 (case differs)", nps.Filter{Labels: map[string]string{"K": "v1"}}, nil},
		})
}

func checkFilterCombined(e *env) error {
	base := func(short string, at time.Time) nps.Response {
		r := e.resp(short, 9, at)
		r.Touchpoint, r.Unit, r.Employees = "phone", "u1", []string{"e-1"}
		r.Labels["k"] = "v"
		return r
	}
	a := base("a", t0)
	b := base("b", t0.Add(time.Minute))
	b.Touchpoint = "desk"
	c := base("c", t0.Add(2*time.Minute))
	c.Unit = "u2"
	d := base("d", t0.Add(3*time.Minute))
	d.Employees = []string{"e-2"}
	f := base("f", t0.Add(4*time.Minute))
	f.Labels["k"] = "w"
	g := base("g", t0.Add(3*time.Hour))
	h := base("h", t0.Add(-time.Hour))
	i := base("i", t0.Add(time.Hour))
	i.Employees = []string{"e-9", "e-2"}
	return e.filterCases([]nps.Response{a, b, c, d, f, g, h, i}, []filterCase{{
		"every condition",
		nps.Filter{
			From:        t0.Add(-30 * time.Minute),
			To:          t0.Add(2 * time.Hour),
			Touchpoints: []string{"phone"},
			Employees:   []string{"e-1", "e-9"},
			Units:       []string{"u1"},
			Labels:      map[string]string{"k": "v"},
		},
		[]string{"a", "i"},
	}})
}

func checkCopies(e *env) error {
	r := e.resp("r", 9, t0)
	r.Employees = []string{"e-1", "e-2"}
	r.Labels["k"] = "v"
	pristine := r.Clone()
	if err := e.save(r); err != nil {
		return err
	}
	r.Employees[0] = "changed"
	r.Labels["k"] = "changed"
	var errs []error
	errs = append(errs, e.expect("after changing the slice and map passed to Save", nps.Filter{}, pristine))
	got, err := e.read(nps.Filter{})
	if err != nil || len(got) != 1 {
		return errors.Join(append(errs, fmt.Errorf("reading: got %d responses, error %v", len(got), err))...)
	}
	got[0].Employees[0] = "changed"
	got[0].Employees[1] = "changed too"
	got[0].Labels["k"] = "changed"
	got[0].Labels["new"] = "x"
	errs = append(errs, e.expect("after changing a yielded response", nps.Filter{}, pristine))
	return errors.Join(errs...)
}

func checkCancelSave(e *env) error {
	var errs []error
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if err := e.s.Save(ctx, e.resp("canceled", 9, t0)); !errors.Is(err, context.Canceled) {
		errs = append(errs, fmt.Errorf("calling Save with a canceled ctx: got error %v, want one wrapping context.Canceled", err))
	}
	ctx, cancel = context.WithDeadline(e.ctx, t0)
	defer cancel()
	if err := e.s.Save(ctx, e.resp("expired", 9, t0)); !errors.Is(err, context.DeadlineExceeded) {
		errs = append(errs, fmt.Errorf("calling Save with an expired ctx: got error %v, want one wrapping context.DeadlineExceeded", err))
	}
	errs = append(errs, e.expect("after the canceled saves", nps.Filter{}))
	return errors.Join(errs...)
}

func checkCancelResponses(e *env) error {
	a, b, c := e.resp("a", 9, t0), e.resp("b", 8, t0.Add(time.Minute)), e.resp("c", 7, t0.Add(2*time.Minute))
	if err := e.save(a, b, c); err != nil {
		return err
	}
	var errs []error
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	items := drain(e.s.Responses(ctx, e.scope(nps.Filter{})), nil)
	errs = append(errs, e.expectOnlyError("ranging with a canceled ctx", items, 0, context.Canceled))

	ctx, cancel = context.WithCancel(e.ctx)
	defer cancel()
	items = drain(e.s.Responses(ctx, e.scope(nps.Filter{})), func(nps.Response) { cancel() })
	errs = append(errs, e.expectOnlyError("canceling ctx after the first response", items, 1, context.Canceled))
	return errors.Join(errs...)
}

func checkEarlyBreak(e *env) error {
	a, b, c := e.resp("a", 9, t0), e.resp("b", 8, t0.Add(time.Minute)), e.resp("c", 7, t0.Add(2*time.Minute))
	if err := e.save(a, b, c); err != nil {
		return err
	}
	breakAfter := func(n int) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("breaking after %d responses: the sequence went on yielding: %v", n, p)
			}
		}()
		i := 0
		for _, err := range e.s.Responses(e.ctx, e.scope(nps.Filter{})) {
			if err != nil {
				return fmt.Errorf("breaking after %d responses: Responses yielded error: %w", n, err)
			}
			if i++; i == n {
				break
			}
		}
		return nil
	}
	if err := errors.Join(breakAfter(1), breakAfter(2)); err != nil {
		return err
	}
	d := e.resp("d", 6, t0.Add(3*time.Minute))
	return within("Save and Responses after breaking out", func() error {
		if err := e.save(d); err != nil {
			return err
		}
		return e.expect("after breaking out", nps.Filter{}, a, b, c, d)
	})
}

func checkCallsInsideLoop(e *env) error {
	a, b := e.resp("a", 9, t0), e.resp("b", 8, t0.Add(time.Minute))
	if err := e.save(a, b); err != nil {
		return err
	}
	deleter, canDelete := e.s.(nps.Deleter)
	return within("calling the store inside a range loop", func() error {
		n := 0
		for r, err := range e.s.Responses(e.ctx, e.scope(nps.Filter{})) {
			if err != nil {
				return fmt.Errorf("ranging over Responses: yielded error %w", err)
			}
			n++
			inner := nps.Response{
				ID:     e.id("inner-" + e.short(r.ID)),
				Rating: 5,
				At:     r.At,
				Labels: map[string]string{labelKey: e.name + "/inner"},
			}
			if err := e.s.Save(e.ctx, inner); err != nil {
				return fmt.Errorf("calling Save inside the loop: %w", err)
			}
			if _, err := collect(e.s.Responses(e.ctx, e.scope(nps.Filter{}))); err != nil {
				return fmt.Errorf("ranging over Responses inside the loop: %w", err)
			}
			if _, err := nps.Count(e.ctx, e.s, e.scope(nps.Filter{})); err != nil {
				return fmt.Errorf("nps.Count inside the loop: %w", err)
			}
			if canDelete {
				if err := deleter.Delete(e.ctx, inner.ID); err != nil {
					return fmt.Errorf("calling Delete inside the loop: %w", err)
				}
			}
		}
		if n != 2 {
			return fmt.Errorf("the loop saw %d responses, want 2", n)
		}
		return nil
	})
}

func checkCount(e *env) error {
	touchpoints := []string{"phone", "desk", "web"}
	var rs []nps.Response
	for i := range 23 {
		r := e.resp(fmt.Sprintf("r%02d", i), nps.Rating(i%11), t0.Add(time.Duration(i)*time.Hour))
		r.Touchpoint = touchpoints[i%3]
		r.Unit = []string{"u1", "u2"}[i%2]
		switch i % 4 {
		case 0:
			r.Employees = []string{"e-1"}
		case 1:
			r.Employees = []string{"e-1", "e-2"}
		case 2:
			r.Employees = []string{"e-2"}
		}
		r.Labels["wave"] = []string{"1", "2"}[i/12]
		if i%5 == 0 {
			r.Weight = 3
		}
		rs = append(rs, r)
	}
	if err := e.save(rs...); err != nil {
		return err
	}
	counter, isCounter := e.s.(nps.Counter)
	filters := []struct {
		what string
		f    nps.Filter
	}{
		{"all", nps.Filter{}},
		{"phone", nps.Filter{Touchpoints: []string{"phone"}}},
		{"e-2", nps.Filter{Employees: []string{"e-2"}}},
		{"e-1 or e-2", nps.Filter{Employees: []string{"e-1", "e-2"}}},
		{"u2", nps.Filter{Units: []string{"u2"}}},
		{"hours 5 to 15", nps.Filter{From: t0.Add(5 * time.Hour), To: t0.Add(15 * time.Hour)}},
		{"wave 2", nps.Filter{Labels: map[string]string{"wave": "2"}}},
		{"desk, u1, e-1, from hour 2", nps.Filter{From: t0.Add(2 * time.Hour), Touchpoints: []string{"desk"}, Units: []string{"u1"}, Employees: []string{"e-1"}}},
		{"nothing", nps.Filter{Touchpoints: []string{"none"}}},
	}
	var errs []error
	for _, c := range filters {
		f := e.scope(c.f)
		var want nps.Distribution
		for _, r := range rs {
			if f.Match(r) {
				want[r.Rating]++
			}
		}
		var streamed nps.Distribution
		for r, err := range e.s.Responses(e.ctx, f) {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: Responses yielded error: %w", c.what, err))
				break
			}
			streamed[r.Rating]++
		}
		if streamed != want {
			errs = append(errs, fmt.Errorf("%s: counting the streamed responses gives %v, want %v", c.what, streamed, want))
		}
		if got, err := nps.Count(e.ctx, e.s, f); err != nil || got != want {
			errs = append(errs, fmt.Errorf("%s: nps.Count = %v, %v; want %v", c.what, got, err, want))
		}
		if isCounter {
			if got, err := counter.Count(e.ctx, f); err != nil || got != want {
				errs = append(errs, fmt.Errorf("%s: Counter.Count = %v, %v; want %v", c.what, got, err, want))
			}
		}
	}
	bad := e.scope(nps.Filter{From: t0, To: t0.Add(-time.Hour)})
	if _, err := nps.Count(e.ctx, e.s, bad); !errors.Is(err, nps.ErrInvalidArgument) {
		errs = append(errs, fmt.Errorf("nps.Count with To before From: got error %v, want one wrapping nps.ErrInvalidArgument", err))
	}
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if _, err := nps.Count(ctx, e.s, e.scope(nps.Filter{})); !errors.Is(err, context.Canceled) {
		errs = append(errs, fmt.Errorf("nps.Count with a canceled ctx: got error %v, want one wrapping context.Canceled", err))
	}
	if isCounter {
		if _, err := counter.Count(e.ctx, bad); !errors.Is(err, nps.ErrInvalidArgument) {
			errs = append(errs, fmt.Errorf("Counter.Count with To before From: got error %v, want one wrapping nps.ErrInvalidArgument", err))
		}
		if _, err := counter.Count(ctx, e.scope(nps.Filter{})); !errors.Is(err, context.Canceled) {
			errs = append(errs, fmt.Errorf("Counter.Count with a canceled ctx: got error %v, want one wrapping context.Canceled", err))
		}
	}
	return errors.Join(errs...)
}

func checkDeleter(e *env) error {
	d, ok := e.s.(nps.Deleter)
	if !ok {
		if err := nps.Delete(e.ctx, e.s, e.id("x")); !errors.Is(err, errors.ErrUnsupported) {
			return fmt.Errorf("nps.Delete on a store without Delete: got error %v, want one wrapping errors.ErrUnsupported", err)
		}
		return conformance.Skip("the store does not implement nps.Deleter")
	}
	a := e.resp("a", 9, t0)
	a.Employees = []string{"e-1"}
	b, c := e.resp("b", 8, t0.Add(time.Minute)), e.resp("c", 7, t0.Add(2*time.Minute))
	if err := e.save(a, b, c); err != nil {
		return err
	}
	var errs []error
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if err := d.Delete(ctx, a.ID); !errors.Is(err, context.Canceled) {
		errs = append(errs, fmt.Errorf("calling Delete with a canceled ctx: got error %v, want one wrapping context.Canceled", err))
	}
	errs = append(errs, e.expect("after Delete with a canceled ctx", nps.Filter{}, a, b, c))
	if err := nps.Delete(e.ctx, e.s, a.ID, e.id("unknown"), a.ID); err != nil {
		errs = append(errs, fmt.Errorf("deleting a stored ID, an unknown one and the first again: %w", err))
	}
	errs = append(errs, e.expect("after deleting a", nps.Filter{}, b, c))
	errs = append(errs, e.expect("after deleting a, filtered by its employee", nps.Filter{Employees: []string{"e-1"}}))
	if got, err := nps.Count(e.ctx, e.s, e.scope(nps.Filter{})); err != nil || got.N() != 2 {
		errs = append(errs, fmt.Errorf("nps.Count after deleting a: %v, %v; want 2 responses", got, err))
	}
	if err := d.Delete(e.ctx); err != nil {
		errs = append(errs, fmt.Errorf("calling Delete with no IDs: %w", err))
	}
	if err := d.Delete(e.ctx, a.ID); err != nil {
		errs = append(errs, fmt.Errorf("deleting a again: %w", err))
	}
	a2 := a.Clone()
	a2.Rating, a2.Employees = 1, nil
	if err := e.s.Save(e.ctx, a2); err != nil {
		errs = append(errs, fmt.Errorf("saving a different response under a deleted ID: %w", err))
	}
	errs = append(errs, e.expect("after saving under the deleted ID", nps.Filter{}, a2, b, c))
	return errors.Join(errs...)
}

func checkConcurrent(e *env) error {
	const writers, each = 4, 15
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	shared := e.resp("shared", 10, t0.Add(-time.Hour))
	for w := range writers {
		wg.Go(func() {
			if err := e.s.Save(e.ctx, shared); err != nil {
				fail(fmt.Errorf("writer %d saving the shared response: %w", w, err))
			}
			for i := range each {
				r := e.resp(fmt.Sprintf("w%d-%02d", w, i), nps.Rating((w+i)%11), t0.Add(time.Duration(i*writers+w)*time.Minute))
				if err := e.s.Save(e.ctx, r); err != nil {
					fail(fmt.Errorf("writer %d: %w", w, err))
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 5 {
				rs, err := e.read(nps.Filter{})
				if err == nil {
					err = sorted(rs)
				}
				if err != nil {
					fail(fmt.Errorf("reader: %w", err))
					return
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	rs, err := e.read(nps.Filter{})
	if err != nil {
		return fmt.Errorf("after the writers: Responses yielded error: %w", err)
	}
	if len(rs) != writers*each+1 {
		return fmt.Errorf("after the writers: got %d responses, want %d", len(rs), writers*each+1)
	}
	return sorted(rs)
}
