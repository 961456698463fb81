package wheeltest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/internal/conformance"
	"github.com/servicekultur/servicekultur/wheel"
)

// Run runs the conformance suite as subtests of t, one per rule, each on a
// fresh empty store from newStore. A failure names the rule broken and
// what the store did.
func Run(t *testing.T, newStore func() wheel.Store) {
	t.Helper()
	suite.Run(t, newStore)
}

// Test runs every check of the suite on s, which must hold no assessment,
// and returns nil or an error joining every failure, each naming its check
// and rule. It leaves what it saved in s.
func Test(s wheel.Store) error { return suite.Test(s) }

// suite runs the checks.
var suite = &conformance.Suite[wheel.Store, *env]{
	Name:       "wheeltest",
	Checks:     checks,
	Empty:      checkEmpty,
	Env:        newEnv,
	StuckAfter: stuckAfter,
}

// check is one rule of the contract: its name, the rule stated for the
// implementer, and the function that checks it.
type check = conformance.Check[*env]

// checks are the rules. Each check's index gives it its own window of
// time, so keep appending.
var checks = []check{
	{"AssessmentRoundTrip", "Assessment returns the assessment SaveAssessment stored, every field kept: framework, scale, items, units and owners in their order, At as the same instant to the nanosecond (its location need not be kept), a nil and an empty slice or map alike", checkAssessmentRoundTrip},
	{"AssessmentIdempotent", "SaveAssessment of an assessment equal to the stored one (At in another location, empty slices and maps for nil ones) does nothing and returns no error", checkAssessmentIdempotent},
	{"AssessmentConflict", "SaveAssessment of a different assessment under a stored ID is an error wrapping wheel.ErrConflict, and the stored assessment is kept", checkAssessmentConflict},
	{"AssessmentsOrder", "Assessments yields every stored assessment once, ordered by At as instants, then by ID byte by byte", checkAssessmentsOrder},
	{"Invalid", "SaveAssessment of an assessment that fails Validate, and Save of a response that fails Check against its assessment, are errors wrapping the sentinel that Validate or Check wraps, and store nothing", checkInvalid},
	{"NotFound", "Assessment of an ID the store does not hold is an error wrapping wheel.ErrNotFound; Responses of such an assessment yields (Response{}, err) once, err wrapping wheel.ErrNotFound, and stops; Save of a response to it is an error wrapping wheel.ErrNotFound and stores nothing", checkNotFound},
	{"RoundTrip", "Responses yields every response Save stored to the assessment, once each and no other, every field kept: answers and importance ratings with \"not applicable\" told apart from 0, At as the same instant to the nanosecond (its location need not be kept), a nil and an empty map alike; each range over a sequence reads afresh", checkRoundTrip},
	{"Idempotent", "Save of a response Equal to the respondent's stored one (At in another location, empty maps for nil ones) does nothing and returns no error", checkIdempotent},
	{"Duplicate", "Save of a different response of a respondent who has one in the assessment is an error wrapping wheel.ErrDuplicateRespondent, and the stored response is kept; the same respondent may answer another assessment", checkDuplicate},
	{"Delete", "Delete removes the respondent's response to the assessment and no other, and reports true; deleting again, or a respondent without a response, removes nothing and reports false with no error; the respondent may answer again afterwards", checkDelete},
	{"Copies", "the store keeps its own copies: changing an assessment or response passed to it, or one returned or yielded, does not change the store", checkCopies},
	{"Cancel", "with a done ctx every method returns an error wrapping ctx.Err() and stores, changes or deletes nothing, and every sequence yields (zero value, err) once and stops; a sequence checks ctx before each item", checkCancel},
	{"EarlyBreak", "breaking out of a loop over a sequence stops the sequence and leaves the store usable", checkEarlyBreak},
	{"CallsInsideLoop", "the body of a loop over Assessments or Responses may call every method of the store without deadlocking", checkCallsInsideLoop},
	{"ConcurrentSave", "Saves of 16 different responses of one respondent from 16 goroutines at once store exactly one of them: that Save returns no error and the others errors wrapping wheel.ErrDuplicateRespondent; likewise for 16 different assessments under one ID and wheel.ErrConflict; 16 Saves of one response all succeed and store it once", checkConcurrentSave},
	{"Concurrent", "Save, Delete, Responses and Assessments from many goroutines at once are safe and leave what the calls would leave one after another", checkConcurrent},
}

// t0 is the start of the first check's window, a Monday, with
// nanoseconds.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// window is the span of time each check has to itself.
const window = 40 * 24 * time.Hour

// maxDiffs is how many differences a failure lists.
const maxDiffs = 8

var (
	cet     = time.FixedZone("CET", 3600)
	eet     = time.FixedZone("EET", 2*3600)
	tokyo   = time.FixedZone("JST", 9*3600)
	kolkata = time.FixedZone("IST", 5*3600+1800)
)

// stuckAfter is how long a check may take.
const stuckAfter = 2 * time.Minute

// checkEmpty reports unless s holds no assessment.
func checkEmpty(ctx context.Context, s wheel.Store) error {
	for a, err := range s.Assessments(ctx) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds assessment %q", a.ID)
	}
	return nil
}

// env is what a check works with: the store, the check's namespace and its
// window of time.
type env struct {
	ctx  context.Context
	s    wheel.Store
	name string
	base time.Time
}

// newEnv returns the environment of check i, named name: its namespace and
// its window of time.
func newEnv(ctx context.Context, s wheel.Store, i int, name string) *env {
	return &env{ctx: ctx, s: s, name: name, base: t0.Add(time.Duration(i) * window)}
}

func (e *env) prefix() string { return "wheeltest-" + e.name + "-" }

// id returns the ID of one of the check's assessments.
func (e *env) id(short string) string { return e.prefix() + short }

func (e *env) short(id string) string { return strings.TrimPrefix(id, e.prefix()) }

func (e *env) mine(id string) bool { return strings.HasPrefix(id, e.prefix()) }

// at returns an instant in the check's window.
func (e *env) at(d time.Duration) time.Time { return e.base.Add(d) }

// who returns the pseudonym of respondent n.
func who(n int) string { return "r" + strconv.Itoa(n) }

// desc names a response in messages by its key.
func (e *env) desc(r wheel.Response) string {
	return fmt.Sprintf("(%s, %q)", e.short(r.Assessment), r.Respondent)
}

// assessment returns a valid assessment of the internal marketing wheel,
// d into the check's window, with every field set.
func (e *env) assessment(short string, d time.Duration) wheel.Assessment {
	f := wheel.InternalMarketingWheel()
	f.Dimensions[0].Related = "1.1–1.3"
	return wheel.Assessment{
		ID:        e.id(short),
		At:        e.at(d),
		Framework: f,
		Scale: wheel.Scale{Min: 1, Max: 5, Labels: []string{
			"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
		}},
		Items: []wheel.Item{
			{ID: "q1", Dimension: "1.1", Text: "We compete for the best people", Example: true},
			{ID: "q2", Dimension: "2.2", Text: "I may decide — on my own — how to help a customer"},
			{ID: "q3", Dimension: "3.1", Text: "I am rarely told what is expected of me", Reverse: true},
			{ID: "q4", Dimension: "4.3", Text: "Strong performers are rewarded \"fairly\" & <openly>"},
		},
		Units: []wheel.Unit{
			{ID: "co"}, {ID: "sales", Parent: "co"}, {ID: "ops", Parent: "co"}, {ID: "ops-north", Parent: "ops"},
		},
		Owners: map[string]string{"1.1": "hr", "2.2": "coo", "4.3": "hr"},
	}
}

// tenPoint returns a valid assessment of the service-culture parameters on
// the 0–10 scale, without units, owners or scale labels.
func (e *env) tenPoint(short string, d time.Duration) wheel.Assessment {
	return wheel.Assessment{
		ID:        e.id(short),
		At:        e.at(d),
		Framework: wheel.ServiceCultureParameters(),
		Scale:     wheel.Scale{Min: 0, Max: 10},
		Items: []wheel.Item{
			{ID: "culture-1", Dimension: "culture"},
			{ID: "lead-1", Dimension: "leadership", Text: "My manager leads by example"},
		},
	}
}

// resp returns a valid response of respondent n to a, d after its At.
func (e *env) resp(a wheel.Assessment, n int, d time.Duration) wheel.Response {
	return wheel.Response{
		Assessment: a.ID,
		Respondent: who(n),
		Role:       wheel.Employee,
		Unit:       "sales",
		At:         a.At.Add(d),
		Answers:    map[string]wheel.Answer{"q1": wheel.Rated(4), "q2": wheel.NA, "q3": wheel.Rated(1)},
	}
}

func (e *env) saveAssessments(as ...wheel.Assessment) error {
	for _, a := range as {
		if err := e.s.SaveAssessment(e.ctx, a); err != nil {
			return fmt.Errorf("SaveAssessment(%s): %w", e.short(a.ID), err)
		}
	}
	return nil
}

func (e *env) save(rs ...wheel.Response) error {
	for _, r := range rs {
		if err := e.s.Save(e.ctx, r); err != nil {
			return fmt.Errorf("saving response %s: %w", e.desc(r), err)
		}
	}
	return nil
}

// expectOnlyError reports unless items ends in exactly one error wrapping
// target, carrying a zero value, after want items.
func expectOnlyError[T any](what string, items []conformance.Item[T], want int, target error) error {
	return conformance.ExpectOnlyError(sentinels, what, items, want, target, false)
}

func (e *env) responses(assessment string) ([]wheel.Response, error) {
	return conformance.Collect("Responses("+e.short(assessment)+")", e.s.Responses(e.ctx, assessment))
}

// respKey is a response's key in the store.
type respKey struct{ assessment, respondent string }

func keyOf(r wheel.Response) respKey { return respKey{r.Assessment, r.Respondent} }

// sameResponses reports unless got holds exactly want, in any order, each
// once, every field equal.
func (e *env) sameResponses(what string, got, want []wheel.Response) error {
	return conformance.SameSet(what, got, want, keyOf, func(r wheel.Response) string { return "response " + e.desc(r) }, diff)
}

// expectResponses reports unless Responses of the assessment yields
// exactly want.
func (e *env) expectResponses(what, assessment string, want ...wheel.Response) error {
	got, err := e.responses(assessment)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return e.sameResponses(what, got, want)
}

// expectAssessment reports unless Assessment returns want.
func (e *env) expectAssessment(what string, want wheel.Assessment) error {
	got, err := e.s.Assessment(e.ctx, want.ID)
	if err != nil {
		return fmt.Errorf("%s: Assessment(%s): %w", what, e.short(want.ID), err)
	}
	if d := diff(got, want); len(d) > 0 {
		return fmt.Errorf("%s: Assessment(%s) differs:\n\t%s", what, e.short(want.ID), strings.Join(d, "\n\t"))
	}
	return nil
}

// expectNoAssessment reports unless Assessment of id is an error wrapping
// wheel.ErrNotFound.
func (e *env) expectNoAssessment(what, id string) error {
	if a, err := e.s.Assessment(e.ctx, id); !errors.Is(err, wheel.ErrNotFound) {
		return fmt.Errorf("%s: Assessment(%s) = assessment %q, error %v; want an error wrapping wheel.ErrNotFound",
			what, e.short(id), a.ID, err)
	}
	return nil
}

// myAssessments returns the IDs of the check's assessments that
// Assessments yields, in order, and reports whether the whole sequence is
// in order.
func (e *env) myAssessments(what string) ([]string, error) {
	all, err := conformance.Collect("Assessments", e.s.Assessments(e.ctx))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var ids []string
	for i, a := range all {
		if i > 0 {
			p := all[i-1]
			if c := p.At.Compare(a.At); c > 0 || c == 0 && p.ID >= a.ID {
				return nil, fmt.Errorf("%s: Assessments yields %q (at %s) before %q (at %s)",
					what, p.ID, conformance.FormatTime(p.At), a.ID, conformance.FormatTime(a.At))
			}
		}
		if e.mine(a.ID) {
			ids = append(ids, e.short(a.ID))
		}
	}
	return ids, nil
}

// sentinels names the errors the suite expects, for messages.
var sentinels = conformance.Sentinels{
	wheel.ErrConflict:            "wheel.ErrConflict",
	wheel.ErrNotFound:            "wheel.ErrNotFound",
	wheel.ErrDuplicateRespondent: "wheel.ErrDuplicateRespondent",
	wheel.ErrInvalidAssessment:   "wheel.ErrInvalidAssessment",
	wheel.ErrInvalidFramework:    "wheel.ErrInvalidFramework",
	wheel.ErrInvalidScale:        "wheel.ErrInvalidScale",
	wheel.ErrUnknownDimension:    "wheel.ErrUnknownDimension",
	wheel.ErrInvalidResponse:     "wheel.ErrInvalidResponse",
	wheel.ErrInvalidRating:       "wheel.ErrInvalidRating",
	context.Canceled:             "context.Canceled",
	context.DeadlineExceeded:     "context.DeadlineExceeded",
}

func checkAssessmentRoundTrip(e *env) error {
	full := e.assessment("full", 0)
	full.At = full.At.Add(-987654321).In(tokyo)
	ten := e.tenPoint("ten", time.Hour)
	ten.At = ten.At.In(kolkata)
	minimal := wheel.Assessment{
		ID:        e.id("minimal"),
		At:        e.at(2*time.Hour + 1),
		Framework: wheel.Framework{ID: "custom", Dimensions: []wheel.Dimension{{ID: "d"}}},
		Items:     []wheel.Item{{ID: "i", Dimension: "d"}},
	}
	seven := e.assessment("seven", 3*time.Hour)
	seven.Scale = wheel.Scale{Min: 1, Max: 7}
	seven.Framework.Ordered, seven.Framework.SingleOwner = false, true
	seven.Owners = map[string]string{"1.1": "ceo", "4.3": "ceo — Åse Ø"}
	if err := e.saveAssessments(full, ten, minimal, seven); err != nil {
		return err
	}
	var errs []error
	for _, a := range []wheel.Assessment{full, ten, minimal, seven} {
		errs = append(errs, e.expectAssessment("after SaveAssessment", a))
	}
	return errors.Join(errs...)
}

func checkAssessmentIdempotent(e *env) error {
	a := e.tenPoint("a", 0)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	again := a.Clone()
	again.At = a.At.In(eet)
	empty := a.Clone()
	empty.Framework.Stages, empty.Units, empty.Scale.Labels, empty.Owners =
		[]wheel.StageInfo{}, []wheel.Unit{}, []string{}, map[string]string{}
	var errs []error
	conformance.NoErr(&errs, "SaveAssessment of the stored assessment again", e.s.SaveAssessment(e.ctx, a))
	conformance.NoErr(&errs, "SaveAssessment of the stored assessment with At in another location", e.s.SaveAssessment(e.ctx, again))
	conformance.NoErr(&errs, "SaveAssessment of the stored assessment with empty slices and maps for nil ones", e.s.SaveAssessment(e.ctx, empty))
	errs = append(errs, e.expectAssessment("after saving again", a))
	ids, err := e.myAssessments("after saving again")
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if !slices.Equal(ids, []string{"a"}) {
		errs = append(errs, fmt.Errorf("after saving again: Assessments yields the check's assessments %q, want [\"a\"]", ids))
	}
	return errors.Join(errs...)
}

func checkAssessmentConflict(e *env) error {
	orig := e.assessment("taken", 0)
	if err := e.saveAssessments(orig); err != nil {
		return err
	}
	variants := []struct {
		what   string
		change func(*wheel.Assessment)
	}{
		{"At 1ns earlier", func(a *wheel.Assessment) { a.At = a.At.Add(-time.Nanosecond) }},
		{"another framework ID", func(a *wheel.Assessment) { a.Framework.ID = "wheel-v2" }},
		{"another framework name", func(a *wheel.Assessment) { a.Framework.Name = "Det interne marketinghjul" }},
		{"a stage relabelled", func(a *wheel.Assessment) { a.Framework.Stages[1].Label = "Develop people" }},
		{"a stage without its Danish label", func(a *wheel.Assessment) { a.Framework.Stages[2].LabelDA = "" }},
		{"a dimension relabelled", func(a *wheel.Assessment) { a.Framework.Dimensions[4].Label = "Empower" }},
		{"a dimension's Danish label changed", func(a *wheel.Assessment) { a.Framework.Dimensions[5].LabelDA += "!" }},
		{"a dimension without Related", func(a *wheel.Assessment) { a.Framework.Dimensions[0].Related = "" }},
		{"the framework unordered", func(a *wheel.Assessment) { a.Framework.Ordered = false }},
		{"the framework with a single owner", func(a *wheel.Assessment) { a.Framework.SingleOwner = true }},
		{"the 1–7 scale", func(a *wheel.Assessment) { a.Scale = wheel.Scale{Min: 1, Max: 7} }},
		{"a scale label changed", func(a *wheel.Assessment) { a.Scale.Labels[2] = "Neutral" }},
		{"no scale labels", func(a *wheel.Assessment) { a.Scale.Labels = nil }},
		{"an item's text changed", func(a *wheel.Assessment) { a.Items[0].Text = "We compete" }},
		{"an item reverse-coded", func(a *wheel.Assessment) { a.Items[1].Reverse = true }},
		{"an item no longer an example", func(a *wheel.Assessment) { a.Items[0].Example = false }},
		{"an item on another dimension", func(a *wheel.Assessment) { a.Items[3].Dimension = "4.2" }},
		{"an item less", func(a *wheel.Assessment) { a.Items = a.Items[:3] }},
		{"an item more", func(a *wheel.Assessment) {
			a.Items = append(a.Items, wheel.Item{ID: "q5", Dimension: "2.3"})
		}},
		{"items in another order", func(a *wheel.Assessment) { a.Items[0], a.Items[1] = a.Items[1], a.Items[0] }},
		{"a unit moved", func(a *wheel.Assessment) { a.Units[3].Parent = "co" }},
		{"a unit less", func(a *wheel.Assessment) { a.Units = a.Units[:3] }},
		{"an owner changed", func(a *wheel.Assessment) { a.Owners["2.2"] = "hr" }},
		{"an owner more", func(a *wheel.Assessment) { a.Owners["3.1"] = "it" }},
		{"no owners", func(a *wheel.Assessment) { a.Owners = nil }},
	}
	var errs []error
	for _, v := range variants {
		changed := orig.Clone()
		v.change(&changed)
		if err := changed.Validate(); err != nil {
			panic(fmt.Sprintf("wheeltest: the variant %s is invalid: %v", v.what, err))
		}
		sentinels.WantErr(&errs, "SaveAssessment of the stored ID with "+v.what, e.s.SaveAssessment(e.ctx, changed), wheel.ErrConflict)
	}
	errs = append(errs, e.expectAssessment("after the conflicts", orig))
	return errors.Join(errs...)
}

func checkAssessmentsOrder(e *env) error {
	h := e.at(2 * time.Hour)
	at := func(short string, t time.Time) wheel.Assessment {
		a := e.tenPoint(short, 0)
		a.At = t
		return a
	}
	as := []wheel.Assessment{
		at("x", h.Add(-time.Hour)),
		at("z", h.Add(-30*time.Minute).In(eet)), // later on the wall clock, earlier as an instant
		at("B", h),
		at("a", h),
		at("b", h.In(tokyo)),
		at("y", h.Add(time.Nanosecond)),
		at("a10", h.Add(time.Hour)),
		at("a9", h.Add(time.Hour)),
		at("é", h.Add(time.Hour)), // UTF-8 0xC3 sorts after ASCII
	}
	want := []string{"x", "z", "B", "a", "b", "y", "a10", "a9", "é"}
	for _, i := range []int{7, 2, 5, 0, 8, 3, 1, 6, 4} {
		if err := e.saveAssessments(as[i]); err != nil {
			return err
		}
	}
	ids, err := e.myAssessments("Assessments")
	if err != nil {
		return err
	}
	if !slices.Equal(ids, want) {
		return fmt.Errorf("the check's assessments come from Assessments in the order %q, want %q", ids, want)
	}
	return nil
}

func checkInvalid(e *env) error {
	a := e.assessment("a", 0)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	var errs []error
	for _, v := range []struct {
		what   string
		change func(*wheel.Assessment)
		want   error
	}{
		{"no items", func(a *wheel.Assessment) { a.Items = nil }, wheel.ErrInvalidAssessment},
		{"an item listed twice", func(a *wheel.Assessment) { a.Items[1].ID = "q1" }, wheel.ErrInvalidAssessment},
		{"an item of an unknown dimension", func(a *wheel.Assessment) { a.Items[0].Dimension = "5.1" }, wheel.ErrUnknownDimension},
		{"the scale 2–9", func(a *wheel.Assessment) { a.Scale = wheel.Scale{Min: 2, Max: 9} }, wheel.ErrInvalidScale},
		{"a dimension in an unknown stage", func(a *wheel.Assessment) { a.Framework.Dimensions[0].Stage = "fire" }, wheel.ErrInvalidFramework},
		{"a unit cycle", func(a *wheel.Assessment) { a.Units[0].Parent = "ops-north" }, wheel.ErrInvalidAssessment},
		{"an owner of an unknown dimension", func(a *wheel.Assessment) { a.Owners["9.9"] = "x" }, wheel.ErrUnknownDimension},
	} {
		bad := e.assessment("invalid", time.Hour)
		v.change(&bad)
		if err := bad.Validate(); !errors.Is(err, v.want) {
			panic(fmt.Sprintf("wheeltest: the invalid assessment with %s: Validate = %v, want an error wrapping %s", v.what, err, sentinels.Name(v.want)))
		}
		sentinels.WantErr(&errs, "SaveAssessment of an assessment with "+v.what, e.s.SaveAssessment(e.ctx, bad), v.want)
	}
	errs = append(errs, e.expectNoAssessment("after saving invalid assessments", e.id("invalid")))

	valid := e.resp(a, 1, time.Hour)
	for _, v := range []struct {
		what   string
		change func(*wheel.Response)
		want   error
	}{
		{"no respondent", func(r *wheel.Response) { r.Respondent = "" }, wheel.ErrInvalidResponse},
		{"no role", func(r *wheel.Response) { r.Role = 0 }, wheel.ErrInvalidResponse},
		{"an unknown role", func(r *wheel.Response) { r.Role = wheel.Other + 1 }, wheel.ErrInvalidResponse},
		{"an unknown unit", func(r *wheel.Response) { r.Unit = "hr" }, wheel.ErrInvalidResponse},
		{"an answer to an unknown item", func(r *wheel.Response) { r.Answers["q9"] = wheel.Rated(3) }, wheel.ErrUnknownDimension},
		{"an answer above the scale", func(r *wheel.Response) { r.Answers["q4"] = wheel.Rated(6) }, wheel.ErrInvalidRating},
		{"an answer below the scale", func(r *wheel.Response) { r.Answers["q1"] = wheel.Rated(0) }, wheel.ErrInvalidRating},
		{"the importance of an unknown dimension", func(r *wheel.Response) {
			r.Importance = map[string]wheel.Answer{"culture": wheel.Rated(3)}
		}, wheel.ErrUnknownDimension},
		{"an importance off the scale", func(r *wheel.Response) {
			r.Importance = map[string]wheel.Answer{"1.1": wheel.Rated(-1)}
		}, wheel.ErrInvalidRating},
	} {
		bad := valid.Clone()
		v.change(&bad)
		if err := bad.Check(a); !errors.Is(err, v.want) {
			panic(fmt.Sprintf("wheeltest: the invalid response with %s: Check = %v, want an error wrapping %s", v.what, err, sentinels.Name(v.want)))
		}
		sentinels.WantErr(&errs, "Save of a response with "+v.what, e.s.Save(e.ctx, bad), v.want)
	}
	errs = append(errs, e.expectResponses("after saving invalid responses", a.ID))
	conformance.NoErr(&errs, "Save of a valid response of the respondent whose invalid ones were refused", e.s.Save(e.ctx, valid))
	errs = append(errs, e.expectResponses("after saving a valid response", a.ID, valid))
	return errors.Join(errs...)
}

func checkNotFound(e *env) error {
	a := e.assessment("a", 0)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	later := e.assessment("later", time.Hour)
	var errs []error
	errs = append(errs, e.expectNoAssessment("an assessment never saved", e.id("missing")))
	errs = append(errs, e.expectNoAssessment("an ID differing in case", e.id("A")))
	errs = append(errs, expectOnlyError("Responses of an assessment never saved",
		conformance.Drain(e.s.Responses(e.ctx, e.id("missing")), nil), 0, wheel.ErrNotFound))
	errs = append(errs, e.expectResponses("Responses of an assessment without responses", a.ID))
	early := e.resp(later, 1, time.Hour)
	sentinels.WantErr(&errs, "Save of a response to an assessment not yet saved", e.s.Save(e.ctx, early), wheel.ErrNotFound)
	if err := e.saveAssessments(later); err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, e.expectResponses("after saving the assessment a refused response was to", later.ID))
	return errors.Join(errs...)
}

func checkRoundTrip(e *env) error {
	a, other, ten := e.assessment("a", 0), e.assessment("other", time.Hour), e.tenPoint("ten", 2*time.Hour)
	if err := e.saveAssessments(a, other, ten); err != nil {
		return err
	}
	full := wheel.Response{
		Assessment: a.ID,
		Respondent: who(1),
		Role:       wheel.Manager,
		Unit:       "ops-north",
		At:         a.At.Add(26*time.Hour + 123456789).In(cet),
		Answers: map[string]wheel.Answer{
			"q1": wheel.Rated(1), "q2": wheel.Rated(5), "q3": wheel.NA, "q4": wheel.Rated(3),
		},
		Importance: map[string]wheel.Answer{"1.1": wheel.Rated(5), "2.2": wheel.NA, "4.3": wheel.Rated(1)},
	}
	minimal := wheel.Response{Assessment: a.ID, Respondent: "Åse — ø \"2\"", Role: wheel.Other, At: a.At.Add(time.Nanosecond).In(kolkata)}
	plain := e.resp(a, 3, 3*24*time.Hour+999999999)
	plain.Unit = "co"
	elsewhere := e.resp(other, 1, time.Minute)
	zero := wheel.Response{ // 0 is a point on 0–10, not "not applicable"
		Assessment: ten.ID, Respondent: who(1), Role: wheel.Employee, At: ten.At.Add(time.Hour),
		Answers:    map[string]wheel.Answer{"culture-1": wheel.Rated(0), "lead-1": wheel.NA},
		Importance: map[string]wheel.Answer{"culture": wheel.NA, "leadership": wheel.Rated(0)},
	}
	ten10 := zero.Clone()
	ten10.Respondent = who(2)
	ten10.Answers = map[string]wheel.Answer{"culture-1": wheel.NA, "lead-1": wheel.Rated(10)}
	ten10.Importance = map[string]wheel.Answer{"culture": wheel.Rated(0), "leadership": wheel.NA}
	if err := e.save(full, minimal, plain, elsewhere, zero, ten10); err != nil {
		return err
	}
	var errs []error
	seq := e.s.Responses(e.ctx, a.ID)
	for _, what := range []string{"first range", "second range over the same sequence"} {
		got, err := conformance.Collect(what, seq)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, e.sameResponses(what, got, []wheel.Response{full, minimal, plain}))
	}
	errs = append(errs, e.expectResponses("the other assessment", other.ID, elsewhere))
	errs = append(errs, e.expectResponses("the 0–10 assessment", ten.ID, zero, ten10))
	return errors.Join(errs...)
}

func checkIdempotent(e *env) error {
	a := e.assessment("a", 0)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	r := e.resp(a, 1, time.Hour)
	r.Importance = map[string]wheel.Answer{"2.2": wheel.Rated(5)}
	plain := e.resp(a, 2, time.Hour)
	plain.Answers = nil
	if err := e.save(r, plain); err != nil {
		return err
	}
	inZone := r.Clone()
	inZone.At = r.At.In(time.FixedZone("UTC-5", -5*3600))
	empty := plain.Clone()
	empty.Answers, empty.Importance = map[string]wheel.Answer{}, map[string]wheel.Answer{}
	var errs []error
	conformance.NoErr(&errs, "Save of a stored response again", e.s.Save(e.ctx, r))
	conformance.NoErr(&errs, "Save of a stored response with At in another location", e.s.Save(e.ctx, inZone))
	conformance.NoErr(&errs, "Save of a stored response with empty maps for nil ones", e.s.Save(e.ctx, empty))
	conformance.NoErr(&errs, "Save of a stored response a fourth time", e.s.Save(e.ctx, r))
	errs = append(errs, e.expectResponses("after saving again", a.ID, r, plain))
	return errors.Join(errs...)
}

func checkDuplicate(e *env) error {
	a, b := e.assessment("a", 0), e.assessment("b", time.Hour)
	if err := e.saveAssessments(a, b); err != nil {
		return err
	}
	orig := e.resp(a, 1, time.Hour)
	orig.Importance = map[string]wheel.Answer{"2.2": wheel.Rated(5), "3.1": wheel.NA}
	if err := e.save(orig); err != nil {
		return err
	}
	variants := []struct {
		what   string
		change func(*wheel.Response)
	}{
		{"another answer", func(r *wheel.Response) { r.Answers["q1"] = wheel.Rated(5) }},
		{"a value for \"not applicable\"", func(r *wheel.Response) { r.Answers["q2"] = wheel.Rated(3) }},
		{"\"not applicable\" for a value", func(r *wheel.Response) { r.Answers["q3"] = wheel.NA }},
		{"an answer more", func(r *wheel.Response) { r.Answers["q4"] = wheel.Rated(2) }},
		{"an answer less", func(r *wheel.Response) { delete(r.Answers, "q1") }},
		{"no answers", func(r *wheel.Response) { r.Answers = nil }},
		{"another role", func(r *wheel.Response) { r.Role = wheel.Manager }},
		{"another unit", func(r *wheel.Response) { r.Unit = "ops" }},
		{"no unit", func(r *wheel.Response) { r.Unit = "" }},
		{"At 1ns later", func(r *wheel.Response) { r.At = r.At.Add(time.Nanosecond) }},
		{"another importance", func(r *wheel.Response) { r.Importance["2.2"] = wheel.Rated(4) }},
		{"\"not applicable\" importance rated", func(r *wheel.Response) { r.Importance["3.1"] = wheel.Rated(1) }},
		{"no importance", func(r *wheel.Response) { r.Importance = nil }},
	}
	var errs []error
	for _, v := range variants {
		changed := orig.Clone()
		v.change(&changed)
		if err := changed.Check(a); err != nil {
			panic(fmt.Sprintf("wheeltest: the variant %s is invalid: %v", v.what, err))
		}
		sentinels.WantErr(&errs, "Save of a response of the same respondent with "+v.what, e.s.Save(e.ctx, changed), wheel.ErrDuplicateRespondent)
	}
	errs = append(errs, e.expectResponses("after the duplicates", a.ID, orig))
	inB := e.resp(b, 1, 2*time.Hour)
	inB.Role = wheel.Manager
	conformance.NoErr(&errs, "Save of a response of the same respondent to another assessment", e.s.Save(e.ctx, inB))
	errs = append(errs, e.expectResponses("the other assessment", b.ID, inB))
	errs = append(errs, e.expectResponses("after answering the other assessment", a.ID, orig))
	return errors.Join(errs...)
}

func checkDelete(e *env) error {
	a, b := e.assessment("a", 0), e.assessment("b", time.Hour)
	if err := e.saveAssessments(a, b); err != nil {
		return err
	}
	x := e.resp(a, 1, time.Hour)
	y := e.resp(a, 2, time.Hour)
	xb := e.resp(b, 1, time.Hour) // the same respondent in another assessment
	if err := e.save(x, y, xb); err != nil {
		return err
	}
	var errs []error
	if ok, err := e.s.Delete(e.ctx, a.ID, who(1)); err != nil || !ok {
		errs = append(errs, fmt.Errorf("Delete(a, r1) = %v, %v; want true, nil", ok, err))
	}
	errs = append(errs, e.expectResponses("after Delete(a, r1): assessment a", a.ID, y))
	errs = append(errs, e.expectResponses("after Delete(a, r1): assessment b", b.ID, xb))
	if ok, err := e.s.Delete(e.ctx, a.ID, who(1)); err != nil || ok {
		errs = append(errs, fmt.Errorf("Delete(a, r1) again = %v, %v; want false, nil", ok, err))
	}
	if ok, err := e.s.Delete(e.ctx, a.ID, who(3)); err != nil || ok {
		errs = append(errs, fmt.Errorf("Delete(a, r3) of a respondent without a response = %v, %v; want false, nil", ok, err))
	}
	if ok, err := e.s.Delete(e.ctx, e.id("missing"), who(2)); ok || err != nil && !errors.Is(err, wheel.ErrNotFound) {
		errs = append(errs, fmt.Errorf("deleting in an assessment never saved: Delete = %v, %v; want false and no error or one wrapping wheel.ErrNotFound", ok, err))
	}
	errs = append(errs, e.expectResponses("after deleting what is not there", a.ID, y))
	again := x.Clone()
	again.Answers["q1"], again.Role = wheel.Rated(1), wheel.Manager
	conformance.NoErr(&errs, "Save of a different response of a deleted respondent", e.s.Save(e.ctx, again))
	errs = append(errs, e.expectResponses("after answering again", a.ID, again, y))
	if ok, err := e.s.Delete(e.ctx, b.ID, who(1)); err != nil || !ok {
		errs = append(errs, fmt.Errorf("Delete(b, r1) = %v, %v; want true, nil", ok, err))
	}
	errs = append(errs, e.expectResponses("after Delete(b, r1): assessment b", b.ID))
	errs = append(errs, e.expectResponses("after Delete(b, r1): assessment a", a.ID, again, y))
	return errors.Join(errs...)
}

func checkCopies(e *env) error {
	a := e.assessment("a", 0)
	pristineA := a.Clone()
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	r := e.resp(a, 1, time.Hour)
	r.Importance = map[string]wheel.Answer{"1.1": wheel.Rated(4)}
	pristine := r.Clone()
	if err := e.save(r); err != nil {
		return err
	}
	var errs []error
	conformance.Scribble(&a)
	conformance.Scribble(&r)
	errs = append(errs, e.expectAssessment("after changing the assessment passed to SaveAssessment", pristineA))
	errs = append(errs, e.expectResponses("after changing the response passed to Save", pristine.Assessment, pristine))
	if got, err := e.s.Assessment(e.ctx, pristineA.ID); err == nil {
		conformance.Scribble(&got)
		errs = append(errs, e.expectAssessment("after changing the assessment Assessment returned", pristineA))
	}
	for got, err := range e.s.Assessments(e.ctx) {
		if err != nil {
			errs = append(errs, fmt.Errorf("ranging over Assessments: yielded error %w", err))
			break
		}
		conformance.Scribble(&got)
	}
	errs = append(errs, e.expectAssessment("after changing the assessments Assessments yielded", pristineA))
	for got, err := range e.s.Responses(e.ctx, pristineA.ID) {
		if err != nil {
			errs = append(errs, fmt.Errorf("ranging over Responses: yielded error %w", err))
			break
		}
		conformance.Scribble(&got)
	}
	errs = append(errs, e.expectResponses("after changing the responses Responses yielded", pristine.Assessment, pristine))
	return errors.Join(errs...)
}

func checkCancel(e *env) error {
	a, b := e.assessment("a", 0), e.assessment("b", time.Hour)
	if err := e.saveAssessments(a, b); err != nil {
		return err
	}
	r1, r2 := e.resp(a, 1, time.Hour), e.resp(a, 2, 2*time.Hour)
	if err := e.save(r1, r2); err != nil {
		return err
	}
	canceled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancelExpired := context.WithDeadline(e.ctx, time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC))
	defer cancelExpired()
	var errs []error

	c := e.assessment("c", 2*time.Hour)
	sentinels.WantErr(&errs, "SaveAssessment with a canceled ctx", e.s.SaveAssessment(canceled, c), context.Canceled)
	sentinels.WantErr(&errs, "SaveAssessment with an expired ctx", e.s.SaveAssessment(expired, c), context.DeadlineExceeded)
	errs = append(errs, e.expectNoAssessment("after SaveAssessment with a done ctx", c.ID))
	_, err := e.s.Assessment(canceled, a.ID)
	sentinels.WantErr(&errs, "Assessment with a canceled ctx", err, context.Canceled)
	errs = append(errs, expectOnlyError("Assessments with a canceled ctx", conformance.Drain(e.s.Assessments(canceled), nil), 0, context.Canceled))

	r3 := e.resp(a, 3, 3*time.Hour)
	sentinels.WantErr(&errs, "Save with a canceled ctx", e.s.Save(canceled, r3), context.Canceled)
	sentinels.WantErr(&errs, "Save with an expired ctx", e.s.Save(expired, r3), context.DeadlineExceeded)
	_, err = e.s.Delete(canceled, a.ID, r1.Respondent)
	sentinels.WantErr(&errs, "Delete with a canceled ctx", err, context.Canceled)
	errs = append(errs, expectOnlyError("Responses with a canceled ctx", conformance.Drain(e.s.Responses(canceled, a.ID), nil), 0, context.Canceled))
	errs = append(errs, e.expectResponses("after Save and Delete with a done ctx", a.ID, r1, r2))

	ctx, cancel := context.WithCancel(e.ctx)
	errs = append(errs, expectOnlyError("Assessments, canceling ctx after the first assessment",
		conformance.Drain(e.s.Assessments(ctx), func(wheel.Assessment) { cancel() }), 1, context.Canceled))
	ctx, cancel = context.WithCancel(e.ctx)
	errs = append(errs, expectOnlyError("Responses, canceling ctx after the first response",
		conformance.Drain(e.s.Responses(ctx, a.ID), func(wheel.Response) { cancel() }), 1, context.Canceled))
	return errors.Join(errs...)
}

func checkEarlyBreak(e *env) error {
	a, b := e.assessment("a", 0), e.assessment("b", time.Hour)
	if err := e.saveAssessments(a, b); err != nil {
		return err
	}
	rs := []wheel.Response{e.resp(a, 1, time.Hour), e.resp(a, 2, 2*time.Hour), e.resp(a, 3, 3*time.Hour)}
	if err := e.save(rs...); err != nil {
		return err
	}
	var errs []error
	for n := 1; n <= 2; n++ {
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Assessments after %d", n), n, e.s.Assessments(e.ctx)))
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Responses after %d", n), n, e.s.Responses(e.ctx, a.ID)))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	r := e.resp(a, 4, 4*time.Hour)
	if err := e.save(r); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	if err := e.saveAssessments(e.assessment("c", 2*time.Hour)); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	return e.expectResponses("after breaking out", a.ID, append(rs, r)...)
}

func checkCallsInsideLoop(e *env) error {
	a := e.assessment("a", 0)
	if err := e.saveAssessments(a, e.assessment("b", time.Hour)); err != nil {
		return err
	}
	if err := e.save(e.resp(a, 1, time.Hour), e.resp(a, 2, 2*time.Hour)); err != nil {
		return err
	}
	n := 0
	inLoop := func() error {
		n++
		if err := e.saveAssessments(e.assessment(fmt.Sprintf("inner%d", n), time.Duration(n)*time.Minute)); err != nil {
			return err
		}
		if _, err := e.s.Assessment(e.ctx, a.ID); err != nil {
			return fmt.Errorf("calling Assessment: %w", err)
		}
		if _, err := e.myAssessments("Assessments"); err != nil {
			return err
		}
		inner := e.resp(a, 100+n, 3*time.Hour)
		if err := e.save(inner); err != nil {
			return err
		}
		if _, err := e.responses(a.ID); err != nil {
			return err
		}
		if _, err := e.s.Delete(e.ctx, a.ID, inner.Respondent); err != nil {
			return fmt.Errorf("calling Delete: %w", err)
		}
		return nil
	}
	seen := 0
	for got, err := range e.s.Assessments(e.ctx) {
		if err != nil {
			return fmt.Errorf("ranging over Assessments: yielded error %w", err)
		}
		if got.ID != a.ID {
			continue
		}
		seen++
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Assessments: %w", err)
		}
	}
	if seen != 1 {
		return fmt.Errorf("the loop over Assessments saw assessment a %d times, want once", seen)
	}
	for _, err := range e.s.Responses(e.ctx, a.ID) {
		if err != nil {
			return fmt.Errorf("ranging over Responses: yielded error %w", err)
		}
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Responses: %w", err)
		}
	}
	return nil
}

func checkConcurrentSave(e *env) error {
	const savers = 16
	as := make([]wheel.Assessment, savers)
	for i := range as {
		as[i] = e.assessment("a", 0)
		as[i].Framework.Name = "version " + strconv.Itoa(i)
	}
	winner, errs := sentinels.OneWinner("saving 16 assessments under one ID", conformance.Race(savers, func(i int) error {
		return e.s.SaveAssessment(e.ctx, as[i])
	}), wheel.ErrConflict)
	if winner < 0 {
		return errors.Join(errs...)
	}
	a := as[winner]
	errs = append(errs, e.expectAssessment("after the concurrent SaveAssessments", a))

	versions := make([]wheel.Response, savers)
	for i := range versions {
		versions[i] = e.resp(a, 1, time.Hour)
		versions[i].Answers["q4"] = wheel.Rated(i%5 + 1)
		versions[i].Unit = []string{"co", "sales", "ops", "ops-north"}[i/5%4]
	}
	same := e.resp(a, 2, time.Hour)
	sameErrs := conformance.Race(savers, func(i int) error { return e.s.Save(e.ctx, same) })
	for i, err := range sameErrs {
		if err != nil {
			errs = append(errs, fmt.Errorf("saving one response from 16 goroutines, save %d: %w", i, err))
		}
	}
	winner, werrs := sentinels.OneWinner("saving 16 responses of one respondent", conformance.Race(savers, func(i int) error {
		return e.s.Save(e.ctx, versions[i])
	}), wheel.ErrDuplicateRespondent)
	errs = append(errs, werrs...)
	got, err := e.responses(a.ID)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if winner >= 0 {
		errs = append(errs, e.sameResponses("after the concurrent saves", got, []wheel.Response{versions[winner], same}))
	} else if len(got) != 2 {
		errs = append(errs, fmt.Errorf("after the concurrent saves: %d responses, want 2", len(got)))
	}
	return errors.Join(errs...)
}

func checkConcurrent(e *env) error {
	const writers, each = 8, 24
	a := e.assessment("a", 0)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	units := []string{"sales", "ops", "ops-north", ""}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		kept = make([][]wheel.Response, writers)
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				r := e.resp(a, 1000*(g+1)+i, time.Duration(i)*time.Minute)
				r.Unit = units[(g+i)%len(units)]
				r.Answers["q4"] = wheel.Rated((g+i)%5 + 1)
				if err := e.s.Save(e.ctx, r); err != nil {
					fail(fmt.Errorf("writer %d: Save: %w", g, err))
					return
				}
				if i%3 == 2 {
					if ok, err := e.s.Delete(e.ctx, a.ID, r.Respondent); err != nil || !ok {
						fail(fmt.Errorf("writer %d: Delete = %v, %v; want true, nil", g, ok, err))
						return
					}
					continue
				}
				kept[g] = append(kept[g], r)
			}
		})
	}
	for g := range 3 {
		wg.Go(func() {
			for i := range 10 {
				if _, err := e.responses(a.ID); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
				if _, err := conformance.Collect("Assessments", e.s.Assessments(e.ctx)); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
				if err := e.saveAssessments(e.tenPoint(fmt.Sprintf("reader%d-%d", g, i), time.Duration(i)*time.Second)); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := e.expectResponses("after the writers", a.ID, slices.Concat(kept...)...); err != nil {
		return err
	}
	ids, err := e.myAssessments("after the writers")
	if err != nil {
		return err
	}
	if len(ids) != 31 {
		return fmt.Errorf("after the writers: Assessments yields %d of the check's assessments, want 31", len(ids))
	}
	return nil
}

// diff lists the fields in which got differs from want, at most maxDiffs.
// Instants are compared with time.Time.Equal, and a nil slice or map
// equals an empty one.
func diff(got, want any) []string { return conformance.Limit(conformance.Diff(got, want), maxDiffs) }
