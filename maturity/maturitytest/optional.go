package maturitytest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/servicekultur/servicekultur/internal/conformance"
	"github.com/servicekultur/servicekultur/maturity"
)

// This file holds the checks of the optional interfaces:
// maturity.ChecklistStore, CultureStore, ContentStore and LEADStore.

// listKind is what the suite needs to know of a record type that an
// optional interface streams for a list of people.
type listKind[T any] struct {
	noun   string // "checklist record"
	method string // the sequence's method, "ChecklistRecords"
	has    func(e *env) bool
	seq    func(e *env, ctx context.Context, people []string) iter.Seq2[T, error]
	save   func(e *env, ctx context.Context, v T) error
	who    func(v T) string         // the person the list selects v by
	key    func(e *env, v T) string // names v by its key in messages
	order  func(a, b T) int         // the order of the sequence
}

var checklistRecords = listKind[maturity.ChecklistRecord]{
	noun:   "checklist record",
	method: "ChecklistRecords",
	has:    func(e *env) bool { return e.checklist != nil },
	seq: func(e *env, ctx context.Context, people []string) iter.Seq2[maturity.ChecklistRecord, error] {
		return e.checklist.ChecklistRecords(ctx, people)
	},
	save: func(e *env, ctx context.Context, r maturity.ChecklistRecord) error {
		return e.checklist.SaveChecklistRecord(ctx, r)
	},
	who: func(r maturity.ChecklistRecord) string { return r.Employee },
	key: func(e *env, r maturity.ChecklistRecord) string {
		return fmt.Sprintf("(%q, %s, %s)", e.short(r.Employee), r.Item, conformance.FormatTime(r.At))
	},
	order: func(a, b maturity.ChecklistRecord) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Employee, b.Employee), cmp.Compare(a.Item, b.Item))
	},
}

var stances = listKind[maturity.StanceObservation]{
	noun:   "stance observation",
	method: "Stances",
	has:    func(e *env) bool { return e.culture != nil },
	seq: func(e *env, ctx context.Context, people []string) iter.Seq2[maturity.StanceObservation, error] {
		return e.culture.Stances(ctx, people)
	},
	save: func(e *env, ctx context.Context, o maturity.StanceObservation) error {
		return e.culture.SaveStance(ctx, o)
	},
	who: func(o maturity.StanceObservation) string { return o.Subject },
	key: func(e *env, o maturity.StanceObservation) string {
		return fmt.Sprintf("(%q, %s)", e.short(o.Subject), conformance.FormatTime(o.At))
	},
	order: func(a, b maturity.StanceObservation) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Subject, b.Subject))
	},
}

var leads = listKind[maturity.LEADRecord]{
	noun:   "LEAD record",
	method: "LEADRecords",
	has:    func(e *env) bool { return e.lead != nil },
	seq: func(e *env, ctx context.Context, people []string) iter.Seq2[maturity.LEADRecord, error] {
		return e.lead.LEADRecords(ctx, people)
	},
	save: func(e *env, ctx context.Context, r maturity.LEADRecord) error { return e.lead.SaveLEAD(ctx, r) },
	who:  func(r maturity.LEADRecord) string { return r.Leader },
	key: func(e *env, r maturity.LEADRecord) string {
		return fmt.Sprintf("(%q, %s, by %q, %s)", e.short(r.Leader), r.Form, e.short(r.Rater), conformance.FormatTime(r.At))
	},
	order: func(a, b maturity.LEADRecord) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Leader, b.Leader), cmp.Compare(a.Form, b.Form), strings.Compare(a.Rater, b.Rater))
	},
}

// optional reports whether the store implements any optional interface.
func (e *env) optional() bool {
	return e.checklist != nil || e.culture != nil || e.content != nil || e.lead != nil
}

// skipNone is the error of a check of the optional interfaces together
// when the store implements none.
func skipNone() error {
	return conformance.Skip("the store implements none of maturity.ChecklistStore, maturity.CultureStore, maturity.ContentStore and maturity.LEADStore")
}

// people describes a list of people in messages, with the check's names
// short.
func (e *env) people(ids []string) string {
	if ids == nil {
		return "nil"
	}
	short := make([]string, len(ids))
	for i, id := range ids {
		short[i] = e.short(id)
	}
	return fmt.Sprintf("%q", short)
}

// readList returns the check's records that the kind's sequence yields for
// people, and reports a sequence out of order, yielding a record twice or
// one of someone not listed, whoever's it is.
func readList[T any](e *env, k listKind[T], people []string) ([]T, error) {
	what := k.method + "(" + e.people(people) + ")"
	all, err := conformance.Collect(what, k.seq(e, e.ctx, people))
	if err != nil {
		return nil, err
	}
	var mine []T
	for i, v := range all {
		if i > 0 {
			switch c := k.order(all[i-1], v); {
			case c == 0:
				return nil, fmt.Errorf("%s: yields %s %s twice", what, k.noun, k.key(e, v))
			case c > 0:
				return nil, fmt.Errorf("%s: yields %s %s before %s", what, k.noun, k.key(e, all[i-1]), k.key(e, v))
			}
		}
		if len(people) > 0 && !slices.Contains(people, k.who(v)) {
			return nil, fmt.Errorf("%s: yields %s %s, of %q, who is not listed", what, k.noun, k.key(e, v), e.short(k.who(v)))
		}
		if e.mine(k.who(v)) {
			mine = append(mine, v)
		}
	}
	return mine, nil
}

// expectList reports unless the kind's sequence yields for people exactly
// want of the check's records, in order, every field kept.
func expectList[T any](e *env, k listKind[T], what string, people []string, want ...T) error {
	got, err := readList(e, k, people)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return sameRecords(e, k.noun, k.key, fmt.Sprintf("%s: %s(%s)", what, k.method, e.people(people)), got, want)
}

// saveList saves vs with the kind's save method.
func saveList[T any](e *env, k listKind[T], vs ...T) error {
	for _, v := range vs {
		if err := k.save(e, e.ctx, v); err != nil {
			return fmt.Errorf("saving %s %s: %w", k.noun, k.key(e, v), err)
		}
	}
	return nil
}

// pick returns the records of vs at the 1-based indexes.
func pick[T any](vs []T, indexes ...int) []T {
	out := make([]T, 0, len(indexes))
	for _, i := range indexes {
		out = append(out, vs[i-1])
	}
	return out
}

// checkList checks what ChecklistStore, CultureStore and LEADStore share:
// want, saved in the order of saveOrder (0-based), round-trips in order,
// each range over a sequence reads afresh (late is saved between two),
// saving again with At in other locations does nothing, and the list
// selects as cases say. The records of want are those of people ada, Ada,
// ada2, bo and "Åse".
func checkList[T any](e *env, k listKind[T], want []T, saveOrder []int, late T, again func(T, *time.Location) T, cases []listCase) error {
	seq := k.seq(e, e.ctx, nil)
	for _, i := range saveOrder {
		if err := saveList(e, k, want[i]); err != nil {
			return err
		}
	}
	var errs []error
	got, err := readList(e, k, nil)
	if err == nil {
		err = sameRecords(e, k.noun, k.key, "after saving: "+k.method+"(nil)", got, want)
	}
	errs = append(errs, err)
	mine, err := collectMine(e, k, seq)
	if err == nil {
		err = sameRecords(e, k.noun, k.key, "first range over "+k.method+"(nil)", mine, want)
	}
	errs = append(errs, err)
	if err := saveList(e, k, late); err != nil {
		return errors.Join(append(errs, err)...)
	}
	want = append(slices.Clone(want), late)
	mine, err = collectMine(e, k, seq)
	if err == nil {
		err = sameRecords(e, k.noun, k.key, "second range over the same sequence, after another save", mine, want)
	}
	errs = append(errs, err)

	for i, zone := range []*time.Location{time.UTC, eet, newYork} {
		for _, v := range want {
			conformance.NoErr(&errs, fmt.Sprintf("saving %s %s again, At in %s (save %d)", k.noun, k.key(e, v), zone, i+2),
				k.save(e, e.ctx, again(v, zone)))
		}
	}
	errs = append(errs, expectList(e, k, "after saving again", nil, want...))
	errs = append(errs, expectList(e, k, "after saving again", []string{}, want...))
	for _, c := range cases {
		errs = append(errs, expectList(e, k, "selecting", e.ids(c.people...), pick(want, c.want...)...))
	}
	return errors.Join(errs...)
}

// listCase is a list of people, short, and the 1-based indexes of the
// records it selects.
type listCase struct {
	people []string
	want   []int
}

// collectMine ranges over seq and returns the check's records.
func collectMine[T any](e *env, k listKind[T], seq iter.Seq2[T, error]) ([]T, error) {
	all, err := conformance.Collect(k.method+"(nil)", seq)
	if err != nil {
		return nil, err
	}
	var mine []T
	for _, v := range all {
		if e.mine(k.who(v)) {
			mine = append(mine, v)
		}
	}
	return mine, nil
}

// wantInvalid saves each of bad, which fails Validate with an error
// wrapping target, and reports unless the save fails so too.
func wantInvalid[T any](e *env, k listKind[T], errs *[]error, target error, validate func(T) error, bad map[string]T) {
	for _, what := range slices.Sorted(maps.Keys(bad)) {
		v := bad[what]
		if err := validate(v); !errors.Is(err, target) {
			panic(fmt.Sprintf("maturitytest: the invalid %s with %s: Validate = %v, want an error wrapping %s", k.noun, what, err, sentinels.Name(target)))
		}
		sentinels.WantErr(errs, fmt.Sprintf("saving a %s with %s", k.noun, what), k.save(e, e.ctx, v), target)
	}
	// A record without its person is no one's in the check, so look for
	// one among everyone's.
	all, err := conformance.Collect(k.method+"(nil)", k.seq(e, e.ctx, nil))
	if err != nil {
		*errs = append(*errs, fmt.Errorf("after saving invalid %ss: %w", k.noun, err))
		return
	}
	for _, v := range all {
		if k.who(v) == "" {
			*errs = append(*errs, fmt.Errorf("after saving invalid %ss: %s(nil) yields %s %s, of no one", k.noun, k.method, k.noun, k.key(e, v)))
		}
	}
}

// checklistIn, stanceIn and leadIn return a copy of the record with At
// in loc.
func checklistIn(r maturity.ChecklistRecord, loc *time.Location) maturity.ChecklistRecord {
	r.At = r.At.In(loc)
	return r
}

func stanceIn(o maturity.StanceObservation, loc *time.Location) maturity.StanceObservation {
	o.At = o.At.In(loc)
	return o
}

func leadIn(r maturity.LEADRecord, loc *time.Location) maturity.LEADRecord {
	r.At = r.At.In(loc)
	return r
}

// unicodeName is a name with bytes beyond ASCII and characters that need
// quoting.
const unicodeName = "Åse Ø \"x\" <y>"

// selections are the list cases of the records of checkList, whose people
// are, by index: 1–5 ada, 6 Ada, 7 ada2, 8 bo, 9 unicodeName.
var selections = []listCase{
	{[]string{"ada"}, []int{1, 2, 3, 4, 5}},
	{[]string{"bo", "ada", "bo"}, []int{1, 2, 3, 4, 5, 8}},
	{[]string{"Ada"}, []int{6}},
	{[]string{"ad", "ada ", "nobody", "ADA"}, nil},
	{[]string{unicodeName, "ada2"}, []int{7, 9}},
}

func checkChecklistStore(e *env) error {
	if e.checklist == nil {
		return conformance.Skip("the store does not implement maturity.ChecklistStore")
	}
	r := func(emp string, item maturity.ChecklistItem, d time.Duration) maturity.ChecklistRecord {
		return maturity.ChecklistRecord{Employee: e.id(emp), Item: item, At: e.at(d)}
	}
	h := time.Hour - 987654321
	want := []maturity.ChecklistRecord{
		checklistIn(r("ada", maturity.DevelopmentDialogue, h), tokyo),
		r("ada", maturity.Rotation, h),                              // an item numbered before…
		checklistIn(r("ada", maturity.NewResponsibility, h), cet),   // …one whose name sorts first
		r("ada", maturity.DevelopmentDialogue, h+1),                 // 1ns later
		checklistIn(r("ada", maturity.PersonalGoals, 2*h), kolkata), // another time
		r("Ada", maturity.DevelopmentDialogue, 3*h),
		r("ada2", maturity.DevelopmentDialogue, 3*h),
		r("bo", maturity.JobDescription, 3*h),
		checklistIn(r(unicodeName, maturity.RoleTiedToMission, 4*h+999999999), newYork),
	}
	late := r("cy", maturity.DevelopmentProgramme, 5*time.Hour)
	var errs []error
	errs = append(errs, checkList(e, checklistRecords, want, []int{8, 2, 5, 0, 7, 3, 1, 6, 4}, late, checklistIn, selections))

	valid := r("ghost", maturity.PersonalGoals, time.Hour)
	bad := map[string]maturity.ChecklistRecord{}
	for what, change := range map[string]func(*maturity.ChecklistRecord){
		"no employee":     func(r *maturity.ChecklistRecord) { r.Employee = "" },
		"no item":         func(r *maturity.ChecklistRecord) { r.Item = 0 },
		"an unknown item": func(r *maturity.ChecklistRecord) { r.Item = maturity.NumChecklistItems + 1 },
		"no instant":      func(r *maturity.ChecklistRecord) { r.At = time.Time{} },
	} {
		v := valid
		change(&v)
		bad[what] = v
	}
	wantInvalid(e, checklistRecords, &errs, maturity.ErrInvalidObservation, maturity.ChecklistRecord.Validate, bad)
	errs = append(errs, expectList(e, checklistRecords, "after saving invalid records", e.ids("ghost")))
	errs = append(errs, expectList(e, checklistRecords, "after saving invalid records", nil, append(want, late)...))
	return errors.Join(errs...)
}

func checkCultureStore(e *env) error {
	if e.culture == nil {
		return conformance.Skip("the store does not implement maturity.CultureStore")
	}
	o := func(subject string, s maturity.Stance, d time.Duration) maturity.StanceObservation {
		return maturity.StanceObservation{Subject: e.id(subject), Stance: s, At: e.at(d)}
	}
	h := time.Hour - 987654321
	want := []maturity.StanceObservation{
		stanceIn(o("ada", maturity.NotOKOthersOK, h), tokyo),
		o("ada", maturity.WeAreOK, h+1),
		stanceIn(o("ada", maturity.OKOthersNotOK, h+time.Microsecond), cet),
		o("ada", maturity.NotOKNotOK, 2*h),
		stanceIn(o("ada", maturity.WeAreOK, 3*h), kolkata),
		o("Ada", maturity.WeAreOK, 4*h),
		o("ada2", maturity.NotOKOthersOK, 4*h),
		o("bo", maturity.WeAreOK, 4*h),
		stanceIn(o(unicodeName, maturity.OKOthersNotOK, 5*h+999999999), newYork),
	}
	late := o("cy", maturity.WeAreOK, 6*time.Hour)
	var errs []error
	errs = append(errs, checkList(e, stances, want, []int{8, 2, 5, 0, 7, 3, 1, 6, 4}, late, stanceIn, selections))

	for i, v := range []maturity.StanceObservation{want[0], want[7]} {
		for s := maturity.NotOKOthersOK; s <= maturity.NotOKNotOK; s++ {
			if s == v.Stance {
				continue
			}
			changed := stanceIn(v, []*time.Location{eet, time.UTC}[i])
			changed.Stance = s
			sentinels.WantErr(&errs, fmt.Sprintf("SaveStance of the stored key %s with the stance %s", stances.key(e, v), s),
				e.culture.SaveStance(e.ctx, changed), maturity.ErrConflict)
		}
	}
	errs = append(errs, expectList(e, stances, "after the conflicts", nil, append(want, late)...))

	valid := o("ghost", maturity.WeAreOK, time.Hour)
	bad := map[string]maturity.StanceObservation{}
	for what, change := range map[string]func(*maturity.StanceObservation){
		"no subject":        func(o *maturity.StanceObservation) { o.Subject = "" },
		"no stance":         func(o *maturity.StanceObservation) { o.Stance = 0 },
		"an unknown stance": func(o *maturity.StanceObservation) { o.Stance = maturity.NumStances + 1 },
		"no instant":        func(o *maturity.StanceObservation) { o.At = time.Time{} },
	} {
		v := valid
		change(&v)
		bad[what] = v
	}
	wantInvalid(e, stances, &errs, maturity.ErrInvalidObservation, maturity.StanceObservation.Validate, bad)
	errs = append(errs, expectList(e, stances, "after saving invalid observations", e.ids("ghost")))
	errs = append(errs, expectList(e, stances, "after saving invalid observations", nil, append(want, late)...))
	return errors.Join(errs...)
}

// answers returns complete LEAD answers, all A but for the situations
// given (0-based), which are set in turn to B, C, D, B, ….
func answers(changed ...int) maturity.Answers {
	var a maturity.Answers
	for i := range a {
		a[i] = maturity.A
	}
	for j, i := range changed {
		a[i] = maturity.B + maturity.Alternative(j%3)
	}
	return a
}

// leadRecord returns a valid LEAD record of leader answered by rater (the
// leader: a LEAD-Self), d into the check's window.
func (e *env) leadRecord(leader, rater string, d time.Duration, a maturity.Answers) maturity.LEADRecord {
	form := maturity.LEADOther
	if leader == rater {
		form = maturity.LEADSelf
	}
	return maturity.LEADRecord{Leader: e.id(leader), Form: form, Rater: e.id(rater), At: e.at(d), Answers: a}
}

func checkLEADStore(e *env) error {
	if e.lead == nil {
		return conformance.Skip("the store does not implement maturity.LEADStore")
	}
	h := time.Hour - 987654321
	want := []maturity.LEADRecord{
		leadIn(e.leadRecord("ada", "ada", h, answers(0, 5, 11)), tokyo), // self before other, though "other" < "self"
		e.leadRecord("ada", "Bo", h, answers(1)),
		leadIn(e.leadRecord("ada", "bo", h, answers(1, 2)), cet),
		e.leadRecord("ada", "bo", h+1, answers(3, 4, 5, 6, 7, 8, 9, 10, 11)),
		leadIn(e.leadRecord("ada", "ada", 2*h, answers()), kolkata),
		e.leadRecord("Ada", "Ada", 3*h, answers(2)),
		e.leadRecord("ada2", "ada", 3*h, answers(3)),
		e.leadRecord("bo", "ada", 3*h, answers(4)),
		leadIn(e.leadRecord(unicodeName, "Øre — \"rater\"", 4*h+999999999, answers(0, 1, 2, 3)), newYork),
	}
	late := e.leadRecord("cy", "ada", 5*time.Hour, answers(7))
	var errs []error
	errs = append(errs, checkList(e, leads, want, []int{8, 2, 5, 0, 7, 3, 1, 6, 4}, late, leadIn, selections))

	for _, c := range []struct {
		what   string
		stored maturity.LEADRecord
		change func(*maturity.LEADRecord)
	}{
		{"one answer changed", want[0], func(r *maturity.LEADRecord) { r.Answers[5] = maturity.A }},
		{"the last answer changed", want[3], func(r *maturity.LEADRecord) { r.Answers[11] = maturity.A }},
		{"other answers, At in another location", want[2], func(r *maturity.LEADRecord) { r.Answers, r.At = answers(), r.At.In(eet) }},
		{"answers swapped", want[0], func(r *maturity.LEADRecord) { r.Answers[0], r.Answers[5] = r.Answers[5], r.Answers[0] }},
	} {
		changed := c.stored
		c.change(&changed)
		if err := changed.Validate(); err != nil {
			panic(fmt.Sprintf("maturitytest: the LEAD record with %s is invalid: %v", c.what, err))
		}
		sentinels.WantErr(&errs, fmt.Sprintf("SaveLEAD of the stored key %s with %s", leads.key(e, c.stored), c.what),
			e.lead.SaveLEAD(e.ctx, changed), maturity.ErrConflict)
	}
	errs = append(errs, expectList(e, leads, "after the conflicts", nil, append(want, late)...))

	valid := e.leadRecord("ghost", "ghost", time.Hour, answers())
	other := e.leadRecord("ghost", "bo", time.Hour, answers())
	bad := map[string]maturity.LEADRecord{}
	for what, c := range map[string]struct {
		from   maturity.LEADRecord
		change func(*maturity.LEADRecord)
	}{
		"no leader":                           {other, func(r *maturity.LEADRecord) { r.Leader = "" }},
		"no form":                             {valid, func(r *maturity.LEADRecord) { r.Form = 0 }},
		"an unknown form":                     {other, func(r *maturity.LEADRecord) { r.Form = maturity.LEADOther + 1 }},
		"no rater":                            {other, func(r *maturity.LEADRecord) { r.Rater = "" }},
		"a LEAD-Self answered by another":     {other, func(r *maturity.LEADRecord) { r.Form = maturity.LEADSelf }},
		"a LEAD-Other answered by the leader": {valid, func(r *maturity.LEADRecord) { r.Form = maturity.LEADOther }},
		"no instant":                          {valid, func(r *maturity.LEADRecord) { r.At = time.Time{} }},
		"no answer to situation 12":           {valid, func(r *maturity.LEADRecord) { r.Answers[11] = 0 }},
		"the answer E":                        {other, func(r *maturity.LEADRecord) { r.Answers[3] = maturity.D + 1 }},
		"no answers":                          {other, func(r *maturity.LEADRecord) { r.Answers = maturity.Answers{} }},
	} {
		v := c.from
		c.change(&v)
		bad[what] = v
	}
	wantInvalid(e, leads, &errs, maturity.ErrInvalidLEAD, maturity.LEADRecord.Validate, bad)
	errs = append(errs, expectList(e, leads, "after saving invalid records", e.ids("ghost")))
	errs = append(errs, expectList(e, leads, "after saving invalid records", nil, append(want, late)...))
	return errors.Join(errs...)
}

// expectHistory reports unless ContentHistory of the employee (short)
// returns want, in order, every field kept.
func (e *env) expectHistory(what, emp string, want maturity.ContentHistory) error {
	got, err := e.content.ContentHistory(e.ctx, e.id(emp))
	call := fmt.Sprintf("ContentHistory(%q)", emp)
	if err != nil {
		return fmt.Errorf("%s: %s: %w", what, call, err)
	}
	for i := 1; i < len(got.RoleStarts); i++ {
		if a, b := got.RoleStarts[i-1], got.RoleStarts[i]; a.At.Compare(b.At) >= 0 {
			return fmt.Errorf("%s: %s returns the role start at %s before that at %s", what, call, conformance.FormatTime(a.At), conformance.FormatTime(b.At))
		}
	}
	for i := 1; i < len(got.Refreshes); i++ {
		if a, b := got.Refreshes[i-1], got.Refreshes[i]; cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Kind, b.Kind)) >= 0 {
			return fmt.Errorf("%s: %s returns the %s refresh at %s before the %s refresh at %s",
				what, call, a.Kind, conformance.FormatTime(a.At), b.Kind, conformance.FormatTime(b.At))
		}
	}
	if d := conformance.Diff(got, want); len(d) > 0 {
		return fmt.Errorf("%s: %s differs:\n\t%s", what, call, strings.Join(conformance.Limit(d, maxDiffs), "\n\t"))
	}
	return nil
}

// saveHistory saves the employee's (short) role starts and then
// refreshes.
func (e *env) saveHistory(emp string, h maturity.ContentHistory) error {
	for _, r := range h.RoleStarts {
		if err := e.content.SaveRoleStart(e.ctx, e.id(emp), r); err != nil {
			return fmt.Errorf("SaveRoleStart(%q, role %q at %s): %w", emp, r.Role, conformance.FormatTime(r.At), err)
		}
	}
	for _, r := range h.Refreshes {
		if err := e.content.SaveRefresh(e.ctx, e.id(emp), r); err != nil {
			return fmt.Errorf("SaveRefresh(%q, %s at %s): %w", emp, r.Kind, conformance.FormatTime(r.At), err)
		}
	}
	return nil
}

func checkContentStore(e *env) error {
	if e.content == nil {
		return conformance.Skip("the store does not implement maturity.ContentStore")
	}
	h := time.Hour - 987654321
	start := func(role string, d time.Duration, loc *time.Location) maturity.RoleStart {
		return maturity.RoleStart{Role: role, At: e.at(d).In(loc)}
	}
	refresh := func(k maturity.RefreshKind, d time.Duration, loc *time.Location) maturity.Refresh {
		return maturity.Refresh{Kind: k, At: e.at(d).In(loc)}
	}
	ada := maturity.ContentHistory{
		RoleStarts: []maturity.RoleStart{
			start("agent", h, tokyo),
			start("", h+1, time.UTC),
			start("team lead — Ø \"x\"", 3*h, cet),
		},
		Refreshes: []maturity.Refresh{
			refresh(maturity.RefreshProgramme, 0, time.UTC), // before every role start
			refresh(maturity.RefreshResponsibility, 2*h, kolkata),
			refresh(maturity.RefreshRotation, 2*h, time.UTC), // a kind numbered before…
			refresh(maturity.RefreshProject, 2*h, newYork),   // …one whose name sorts first
			refresh(maturity.RefreshRotation, 2*h+1, time.UTC),
			refresh(maturity.RefreshRotation, 4*h, eet),
		},
	}
	others := map[string]maturity.ContentHistory{
		"Ada":       {RoleStarts: []maturity.RoleStart{start("agent", h, time.UTC)}},
		"ada2":      {Refreshes: []maturity.Refresh{refresh(maturity.RefreshProject, h, time.UTC)}},
		unicodeName: {RoleStarts: []maturity.RoleStart{start("x", h, newYork)}, Refreshes: []maturity.Refresh{refresh(maturity.RefreshProject, 2*h, tokyo)}},
	}
	// Save out of order.
	shuffled := maturity.ContentHistory{
		RoleStarts: pick(ada.RoleStarts, 3, 1, 2),
		Refreshes:  pick(ada.Refreshes, 6, 4, 1, 3, 5, 2),
	}
	if err := e.saveHistory("ada", shuffled); err != nil {
		return err
	}
	for _, name := range []string{"Ada", "ada2", unicodeName} {
		if err := e.saveHistory(name, others[name]); err != nil {
			return err
		}
	}
	var errs []error
	check := func(what string) {
		errs = append(errs, e.expectHistory(what, "ada", ada))
		for name, h := range others {
			errs = append(errs, e.expectHistory(what, name, h))
		}
		for _, name := range []string{"ad", "ada ", "nobody", "ADA"} {
			errs = append(errs, e.expectHistory(what, name, maturity.ContentHistory{}))
		}
	}
	check("after saving")

	for i, zone := range []*time.Location{time.UTC, eet, newYork} {
		again := maturity.ContentHistory{}
		for _, r := range ada.RoleStarts {
			again.RoleStarts = append(again.RoleStarts, maturity.RoleStart{Role: r.Role, At: r.At.In(zone)})
		}
		for _, r := range ada.Refreshes {
			again.Refreshes = append(again.Refreshes, maturity.Refresh{Kind: r.Kind, At: r.At.In(zone)})
		}
		if err := e.saveHistory("ada", again); err != nil {
			errs = append(errs, fmt.Errorf("saving the stored history again, At in %s (save %d): %w", zone, i+2, err))
		}
	}
	check("after saving again")

	for _, c := range []struct {
		what string
		r    maturity.RoleStart
	}{
		{"another role", maturity.RoleStart{Role: "manager", At: ada.RoleStarts[0].At}},
		{"no role", maturity.RoleStart{At: ada.RoleStarts[0].At.In(eet)}},
		{"a role where none was", maturity.RoleStart{Role: "agent", At: ada.RoleStarts[1].At.In(kolkata)}},
		{"the role in other case", maturity.RoleStart{Role: "Agent", At: ada.RoleStarts[0].At}},
	} {
		sentinels.WantErr(&errs, fmt.Sprintf("SaveRoleStart(\"ada\") of a stored key with %s", c.what),
			e.content.SaveRoleStart(e.ctx, e.id("ada"), c.r), maturity.ErrConflict)
	}
	check("after the conflicts")

	validStart, validRefresh := start("x", h, time.UTC), refresh(maturity.RefreshProject, h, time.UTC)
	for _, c := range []struct {
		what string
		emp  string
		r    maturity.RoleStart
	}{
		{"no employee", "", validStart},
		{"no instant", e.id("ghost"), maturity.RoleStart{Role: "x"}},
	} {
		if c.emp != "" {
			if err := c.r.Validate(); !errors.Is(err, maturity.ErrInvalidObservation) {
				panic(fmt.Sprintf("maturitytest: the invalid role start with %s: Validate = %v", c.what, err))
			}
		}
		sentinels.WantErr(&errs, "SaveRoleStart of a role start with "+c.what, e.content.SaveRoleStart(e.ctx, c.emp, c.r), maturity.ErrInvalidObservation)
	}
	for _, c := range []struct {
		what string
		emp  string
		r    maturity.Refresh
	}{
		{"no employee", "", validRefresh},
		{"no kind", e.id("ghost"), maturity.Refresh{At: validRefresh.At}},
		{"an unknown kind", e.id("ghost"), maturity.Refresh{Kind: maturity.RefreshProgramme + 1, At: validRefresh.At}},
		{"no instant", e.id("ghost"), maturity.Refresh{Kind: maturity.RefreshProject}},
	} {
		if c.emp != "" {
			if err := c.r.Validate(); !errors.Is(err, maturity.ErrInvalidObservation) {
				panic(fmt.Sprintf("maturitytest: the invalid refresh with %s: Validate = %v", c.what, err))
			}
		}
		sentinels.WantErr(&errs, "SaveRefresh of a refresh with "+c.what, e.content.SaveRefresh(e.ctx, c.emp, c.r), maturity.ErrInvalidObservation)
	}
	errs = append(errs, e.expectHistory("after saving invalid records", "ghost", maturity.ContentHistory{}))
	if got, err := e.content.ContentHistory(e.ctx, ""); err != nil || len(got.RoleStarts)+len(got.Refreshes) > 0 {
		errs = append(errs, fmt.Errorf("after saving invalid records: ContentHistory(\"\") = %d role starts, %d refreshes, error %v; want none and no error",
			len(got.RoleStarts), len(got.Refreshes), err))
	}
	check("after saving invalid records")

	got, err := e.content.ContentHistory(e.ctx, e.id("ada"))
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("ContentHistory(\"ada\"): %w", err))...)
	}
	conformance.Scribble(&got)
	if len(got.RoleStarts) > 0 {
		got.RoleStarts[0] = maturity.RoleStart{Role: "scribbled", At: e.at(0)}
		got.RoleStarts = append(got.RoleStarts[:1], got.RoleStarts...)
	}
	check("after changing the slices ContentHistory returned")
	return errors.Join(errs...)
}

// held is what a check expects the optional stores to hold of its
// records; content is by short employee name.
type held struct {
	checklist []maturity.ChecklistRecord
	stances   []maturity.StanceObservation
	content   map[string]maturity.ContentHistory
	leads     []maturity.LEADRecord
}

// heldOf returns records of each optional kind about emp (short), d into
// the check's window: two checklist records, two stance observations, a
// role start and two refreshes, and emp's LEAD-Self and a LEAD-Other of
// emp by rater. The stance and role start vary with v, so that the
// records of two calls with other v conflict.
func (e *env) heldOf(emp, rater string, d time.Duration, v int) held {
	at := e.at(d)
	return held{
		checklist: []maturity.ChecklistRecord{
			{Employee: e.id(emp), Item: maturity.DevelopmentDialogue, At: at},
			{Employee: e.id(emp), Item: maturity.Rotation, At: at.Add(time.Second)},
		},
		stances: []maturity.StanceObservation{
			{Subject: e.id(emp), Stance: maturity.Stance(v%maturity.NumStances + 1), At: at},
			{Subject: e.id(emp), Stance: maturity.WeAreOK, At: at.Add(time.Second)},
		},
		content: map[string]maturity.ContentHistory{emp: {
			RoleStarts: []maturity.RoleStart{{Role: fmt.Sprintf("role %d", v), At: at}},
			Refreshes: []maturity.Refresh{
				{Kind: maturity.RefreshProject, At: at.Add(time.Minute)},
				{Kind: maturity.RefreshRotation, At: at.Add(time.Hour)},
			},
		}},
		leads: []maturity.LEADRecord{
			e.leadRecord(emp, emp, d, answers(v%12)),
			e.leadRecord(emp, rater, d+time.Second, answers(v%12, (v+1)%12)),
		},
	}
}

// plus returns h and o together.
func (h held) plus(o held) held {
	out := held{
		checklist: slices.Concat(h.checklist, o.checklist),
		stances:   slices.Concat(h.stances, o.stances),
		leads:     slices.Concat(h.leads, o.leads),
		content:   make(map[string]maturity.ContentHistory),
	}
	for _, m := range []map[string]maturity.ContentHistory{h.content, o.content} {
		for name, c := range m {
			old := out.content[name]
			out.content[name] = maturity.ContentHistory{
				RoleStarts: slices.Concat(old.RoleStarts, c.RoleStarts),
				Refreshes:  slices.Concat(old.Refreshes, c.Refreshes),
			}
		}
	}
	return out
}

// count returns how many of h's records the store's optional interfaces
// keep.
func (e *env) count(h held) int {
	n := 0
	if e.checklist != nil {
		n += len(h.checklist)
	}
	if e.culture != nil {
		n += len(h.stances)
	}
	if e.content != nil {
		for _, c := range h.content {
			n += len(c.RoleStarts) + len(c.Refreshes)
		}
	}
	if e.lead != nil {
		n += len(h.leads)
	}
	return n
}

// saveHeld saves what the store's optional interfaces keep of h.
func (e *env) saveHeld(h held) error {
	if e.checklist != nil {
		if err := saveList(e, checklistRecords, h.checklist...); err != nil {
			return err
		}
	}
	if e.culture != nil {
		if err := saveList(e, stances, h.stances...); err != nil {
			return err
		}
	}
	if e.content != nil {
		for _, name := range slices.Sorted(maps.Keys(h.content)) {
			if err := e.saveHistory(name, h.content[name]); err != nil {
				return err
			}
		}
	}
	if e.lead != nil {
		if err := saveList(e, leads, h.leads...); err != nil {
			return err
		}
	}
	return nil
}

// expectHeld reports unless the store's optional interfaces hold exactly
// h of the check's records, and the histories of gone are empty.
func (e *env) expectHeld(what string, h held, gone ...string) error {
	var errs []error
	if e.checklist != nil {
		errs = append(errs, expectList(e, checklistRecords, what, nil, sorted(h.checklist, checklistRecords.order)...))
	}
	if e.culture != nil {
		errs = append(errs, expectList(e, stances, what, nil, sorted(h.stances, stances.order)...))
	}
	if e.content != nil {
		for _, name := range slices.Sorted(maps.Keys(h.content)) {
			c := h.content[name]
			want := maturity.ContentHistory{
				RoleStarts: sorted(c.RoleStarts, func(a, b maturity.RoleStart) int { return a.At.Compare(b.At) }),
				Refreshes: sorted(c.Refreshes, func(a, b maturity.Refresh) int {
					return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Kind, b.Kind))
				}),
			}
			errs = append(errs, e.expectHistory(what, name, want))
		}
		for _, name := range gone {
			errs = append(errs, e.expectHistory(what, name, maturity.ContentHistory{}))
		}
	}
	if e.lead != nil {
		errs = append(errs, expectList(e, leads, what, nil, sorted(h.leads, leads.order)...))
	}
	return errors.Join(errs...)
}

// sorted returns a sorted copy of vs.
func sorted[T any](vs []T, order func(a, b T) int) []T {
	vs = slices.Clone(vs)
	slices.SortFunc(vs, order)
	return vs
}

func checkOptionalErase(e *env) error {
	if !e.optional() {
		return skipNone()
	}
	kim := e.heldOf("kim", "lea", time.Hour, 0)
	kimRates := held{leads: []maturity.LEADRecord{e.leadRecord("lea", "kim", time.Hour, answers(3))}} // lea's, kept
	var kept held
	for i, name := range []string{"Kim", "kim2", "ki", "bo"} {
		kept = kept.plus(e.heldOf(name, "kim", time.Duration(i+2)*time.Hour, i+1))
	}
	kept = kept.plus(kimRates)
	a := e.assessment("kim", "sales", maturity.Leader, time.Hour)
	if err := e.saveAssessments(a); err != nil {
		return err
	}
	if err := e.saveHeld(kim.plus(kept)); err != nil {
		return err
	}
	var errs []error
	erase := func(short string, want int) {
		n, err := e.s.Erase(e.ctx, e.id(short))
		if err != nil || n != want {
			errs = append(errs, fmt.Errorf("Erase(%q) = %d, %v; want %d, nil", short, n, err, want))
		}
	}
	erase("kim", 1+e.count(kim))
	errs = append(errs, e.expectHeld("after Erase(\"kim\")", kept, "kim"))
	erase("kim", 0)
	erase("nobody", 0)
	errs = append(errs, e.expectHeld("after erasing what is not there", kept, "kim"))

	// The keys are free: other stances, roles and answers under kim's keys.
	again := e.heldOf("kim", "lea", time.Hour, 2)
	if err := e.saveHeld(again); err != nil {
		errs = append(errs, fmt.Errorf("after Erase(\"kim\"), saving other records under kim's keys: %w", err))
	} else {
		kept = kept.plus(again)
		errs = append(errs, e.expectHeld("after saving other records under kim's keys", kept))
	}
	bo := e.heldOf("bo", "kim", 5*time.Hour, 4)
	kept = held{content: map[string]maturity.ContentHistory{}}
	for i, name := range []string{"Kim", "kim2", "ki"} {
		kept = kept.plus(e.heldOf(name, "kim", time.Duration(i+2)*time.Hour, i+1))
	}
	kept = kept.plus(kimRates).plus(again)
	erase("bo", e.count(bo))
	errs = append(errs, e.expectHeld("after Erase(\"bo\")", kept, "bo"))
	return errors.Join(errs...)
}

func checkOptionalCancel(e *env) error {
	if !e.optional() {
		return skipNone()
	}
	h := e.heldOf("ada", "lea", 0, 0).plus(e.heldOf("bo", "lea", time.Hour, 1))
	if err := e.saveHeld(h); err != nil {
		return err
	}
	canceled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancelExpired := context.WithDeadline(e.ctx, time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC))
	defer cancelExpired()
	cy := e.heldOf("cy", "lea", 2*time.Hour, 2)
	var errs []error
	for _, c := range []struct {
		what string
		ctx  context.Context
		want error
	}{{"a canceled ctx", canceled, context.Canceled}, {"an expired ctx", expired, context.DeadlineExceeded}} {
		with := " with " + c.what
		if e.checklist != nil {
			sentinels.WantErr(&errs, "SaveChecklistRecord"+with, e.checklist.SaveChecklistRecord(c.ctx, cy.checklist[0]), c.want)
		}
		if e.culture != nil {
			sentinels.WantErr(&errs, "SaveStance"+with, e.culture.SaveStance(c.ctx, cy.stances[0]), c.want)
			sentinels.WantErr(&errs, "SaveStance of another stance under a stored key"+with,
				e.culture.SaveStance(c.ctx, maturity.StanceObservation{Subject: h.stances[0].Subject, Stance: maturity.NotOKNotOK, At: h.stances[0].At}), c.want)
		}
		if e.content != nil {
			sentinels.WantErr(&errs, "SaveRoleStart"+with, e.content.SaveRoleStart(c.ctx, e.id("cy"), cy.content["cy"].RoleStarts[0]), c.want)
			sentinels.WantErr(&errs, "SaveRoleStart of an invalid role start"+with, e.content.SaveRoleStart(c.ctx, "", maturity.RoleStart{}), c.want)
			sentinels.WantErr(&errs, "SaveRefresh"+with, e.content.SaveRefresh(c.ctx, e.id("cy"), cy.content["cy"].Refreshes[0]), c.want)
			got, err := e.content.ContentHistory(c.ctx, e.id("ada"))
			sentinels.WantErr(&errs, "ContentHistory"+with, err, c.want)
			if len(got.RoleStarts)+len(got.Refreshes) > 0 {
				errs = append(errs, fmt.Errorf("ContentHistory%s: returns %d role starts and %d refreshes with the error, want none",
					with, len(got.RoleStarts), len(got.Refreshes)))
			}
		}
		if e.lead != nil {
			sentinels.WantErr(&errs, "SaveLEAD"+with, e.lead.SaveLEAD(c.ctx, cy.leads[0]), c.want)
			sentinels.WantErr(&errs, "SaveLEAD of an invalid record"+with, e.lead.SaveLEAD(c.ctx, maturity.LEADRecord{}), c.want)
		}
		n, err := e.s.Erase(c.ctx, e.id("ada"))
		sentinels.WantErr(&errs, "Erase"+with, err, c.want)
		if n != 0 {
			errs = append(errs, fmt.Errorf("calling Erase%s: it reports %d records erased, want 0", with, n))
		}
	}
	for _, people := range [][]string{nil, e.ids("ada")} {
		errs = append(errs, cancelList(e, checklistRecords, canceled, people))
		errs = append(errs, cancelList(e, stances, canceled, people))
		errs = append(errs, cancelList(e, leads, canceled, people))
	}
	errs = append(errs, e.expectHeld("after calls with a done ctx", h, "cy"))
	errs = append(errs, cancelDuring(e, checklistRecords), cancelDuring(e, stances), cancelDuring(e, leads))
	return errors.Join(errs...)
}

// cancelList reports unless the kind's sequence, if the store has it,
// yields only an error wrapping context.Canceled with ctx.
func cancelList[T any](e *env, k listKind[T], ctx context.Context, people []string) error {
	if !k.has(e) {
		return nil
	}
	return conformance.ExpectOnlyError(sentinels, k.method+"("+e.people(people)+") with a canceled ctx",
		conformance.Drain(k.seq(e, ctx, people), nil), 0, context.Canceled, true)
}

// cancelDuring reports unless the kind's sequence, if the store has it,
// stops with an error wrapping context.Canceled after ctx is canceled
// during the loop, after the first of the check's records.
func cancelDuring[T any](e *env, k listKind[T]) error {
	if !k.has(e) {
		return nil
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	people := e.ids("ada", "bo")
	return conformance.ExpectOnlyError(sentinels, k.method+", canceling ctx after the first "+k.noun,
		conformance.Drain(k.seq(e, ctx, people), func(T) { cancel() }), 1, context.Canceled, true)
}

func checkOptionalLoops(e *env) error {
	if !e.optional() {
		return skipNone()
	}
	h := e.heldOf("ada", "lea", 0, 0).plus(e.heldOf("bo", "lea", time.Hour, 1)).plus(e.heldOf("cy", "lea", 2*time.Hour, 2))
	if err := e.saveHeld(h); err != nil {
		return err
	}
	var errs []error
	for n := 1; n <= 2; n++ {
		errs = append(errs, breakList(e, checklistRecords, n), breakList(e, stances, n), breakList(e, leads, n))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	dan := e.heldOf("dan", "lea", 3*time.Hour, 3)
	if err := e.saveHeld(dan); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	h = h.plus(dan)
	if err := e.expectHeld("after breaking out", h); err != nil {
		return err
	}

	n := 0
	inLoop := func() error {
		n++
		inner := fmt.Sprintf("inner%d", n)
		ih := e.heldOf(inner, "lea", time.Duration(n)*time.Minute, n)
		if err := e.saveHeld(ih); err != nil {
			return err
		}
		ia := e.assessment(inner, "sales", maturity.Self, time.Duration(n)*time.Minute)
		if err := e.saveAssessments(ia); err != nil {
			return err
		}
		if err := e.expectHeld("reading", h.plus(ih)); err != nil {
			return err
		}
		if err := expect(e, assessments, "reading", maturity.Filter{Employees: e.ids(inner)}, ia); err != nil {
			return err
		}
		if k, err := e.s.Erase(e.ctx, e.id(inner)); err != nil || k != 1+e.count(ih) {
			return fmt.Errorf("calling Erase(%q) = %d, %v; want %d, nil", inner, k, err, 1+e.count(ih))
		}
		return nil
	}
	errs = append(errs, loopList(e, checklistRecords, inLoop), loopList(e, stances, inLoop), loopList(e, leads, inLoop))
	errs = append(errs, e.expectHeld("after the loops", h, "inner1", "inner2", "inner3"))
	return errors.Join(errs...)
}

// breakList breaks out of the kind's sequence, if the store has it, after
// n of ada's, bo's and cy's records.
func breakList[T any](e *env, k listKind[T], n int) error {
	if !k.has(e) {
		return nil
	}
	return conformance.BreakAfter(fmt.Sprintf("%s after %d", k.method, n), n, k.seq(e, e.ctx, e.ids("ada", "bo", "cy")))
}

// loopList calls inLoop in a loop over the kind's sequence, if the store
// has it, once: at the first of ada's records.
func loopList[T any](e *env, k listKind[T], inLoop func() error) error {
	if !k.has(e) {
		return nil
	}
	seen := 0
	for v, err := range k.seq(e, e.ctx, nil) {
		if err != nil {
			return fmt.Errorf("ranging over %s: yielded error %w", k.method, err)
		}
		if k.who(v) != e.id("ada") {
			continue
		}
		if seen++; seen == 1 {
			if err := inLoop(); err != nil {
				return fmt.Errorf("inside a loop over %s: %w", k.method, err)
			}
		}
	}
	if seen == 0 {
		return fmt.Errorf("the loop over %s did not see ada's records", k.method)
	}
	return nil
}

func checkOptionalConcurrent(e *env) error {
	if !e.optional() {
		return skipNone()
	}
	const savers = 16
	var errs []error
	var want held
	want.content = map[string]maturity.ContentHistory{}
	if e.culture != nil {
		versions := make([]maturity.StanceObservation, savers)
		for i := range versions {
			versions[i] = maturity.StanceObservation{Subject: e.id("ada"), Stance: maturity.Stance(i%4 + 1), At: e.at(0)}
		}
		results := conformance.Race(savers, func(i int) error { return e.culture.SaveStance(e.ctx, versions[i]) })
		got, err := readList(e, stances, e.ids("ada"))
		switch {
		case err != nil:
			errs = append(errs, err)
		case len(got) != 1:
			errs = append(errs, fmt.Errorf("saving 16 stance observations with four stances under one key: Stances yields %d of them, want 1", len(got)))
		default:
			for i, err := range results {
				what := fmt.Sprintf("saving 16 stance observations with four stances under one key, %s stored: save %d, of %s", got[0].Stance, i, versions[i].Stance)
				if versions[i].Stance == got[0].Stance {
					conformance.NoErr(&errs, what, err)
				} else {
					sentinels.WantErr(&errs, what, err, maturity.ErrConflict)
				}
			}
			want.stances = append(want.stances, got[0])
		}
	}
	if e.lead != nil {
		versions := make([]maturity.LEADRecord, savers)
		for i := range versions {
			versions[i] = e.leadRecord("ada", "bo", 0, answers(i%12, (i/12+1)%12))
		}
		winner, werrs := sentinels.OneWinner("saving 16 LEAD records with different answers under one key", conformance.Race(savers, func(i int) error {
			return e.lead.SaveLEAD(e.ctx, versions[i])
		}), maturity.ErrConflict)
		errs = append(errs, werrs...)
		if winner >= 0 {
			want.leads = append(want.leads, versions[winner])
		}
	}
	if e.content != nil {
		versions := make([]maturity.RoleStart, savers)
		for i := range versions {
			versions[i] = maturity.RoleStart{Role: fmt.Sprintf("role %d", i), At: e.at(0)}
		}
		winner, werrs := sentinels.OneWinner("saving 16 role starts with different roles under one key", conformance.Race(savers, func(i int) error {
			return e.content.SaveRoleStart(e.ctx, e.id("ada"), versions[i])
		}), maturity.ErrConflict)
		errs = append(errs, werrs...)
		r := maturity.Refresh{Kind: maturity.RefreshProject, At: e.at(time.Hour)}
		for i, err := range conformance.Race(savers, func(int) error { return e.content.SaveRefresh(e.ctx, e.id("ada"), r) }) {
			conformance.NoErr(&errs, fmt.Sprintf("saving one refresh from 16 goroutines, save %d", i), err)
		}
		if winner >= 0 {
			want.content["ada"] = maturity.ContentHistory{RoleStarts: versions[winner : winner+1], Refreshes: []maturity.Refresh{r}}
		}
	}
	if e.checklist != nil {
		r := maturity.ChecklistRecord{Employee: e.id("ada"), Item: maturity.JobDescription, At: e.at(0)}
		for i, err := range conformance.Race(savers, func(int) error { return e.checklist.SaveChecklistRecord(e.ctx, r) }) {
			conformance.NoErr(&errs, fmt.Sprintf("saving one checklist record from 16 goroutines, save %d", i), err)
		}
		want.checklist = append(want.checklist, r)
	}
	if e.lead != nil {
		r := e.leadRecord("bo", "bo", time.Hour, answers(1))
		for i, err := range conformance.Race(savers, func(int) error { return e.lead.SaveLEAD(e.ctx, r) }) {
			conformance.NoErr(&errs, fmt.Sprintf("saving one LEAD record from 16 goroutines, save %d", i), err)
		}
		want.leads = append(want.leads, r)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := e.expectHeld("after the concurrent saves", want); err != nil {
		return err
	}

	const writers, each, readers = 8, 12, 3
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		kept = make([]held, writers)
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for g := range writers {
		wg.Go(func() {
			var mine []held
			for i := range each {
				emp := fmt.Sprintf("w%d-%d", g, i%3)
				h := e.heldOf(emp, fmt.Sprintf("r%d", g), time.Duration(2+g*each+i)*time.Hour, i)
				if err := e.saveHeld(h); err != nil {
					fail(fmt.Errorf("writer %d: %w", g, err))
					return
				}
				mine = append(mine, h)
				if i%4 != 3 {
					continue
				}
				n := 0
				mine = slices.DeleteFunc(mine, func(h held) bool {
					if _, ok := h.content[emp]; ok {
						n += e.count(h)
						return true
					}
					return false
				})
				if k, err := e.s.Erase(e.ctx, e.id(emp)); err != nil || k != n {
					fail(fmt.Errorf("writer %d: Erase(%q) = %d, %v; want %d, nil", g, emp, k, err, n))
					return
				}
			}
			var all held
			for _, h := range mine {
				all = all.plus(h)
			}
			kept[g] = all
		})
	}
	for g := range readers {
		wg.Go(func() {
			for range 10 {
				for _, err := range []error{
					readErr(readListIf(e, checklistRecords, nil)),
					readErr(readListIf(e, stances, e.ids("w1-0", "w2-1"))),
					readErr(readListIf(e, leads, nil)),
				} {
					if err != nil {
						fail(fmt.Errorf("reader %d: %w", g, err))
						return
					}
				}
				if e.content != nil {
					if _, err := e.content.ContentHistory(e.ctx, e.id(fmt.Sprintf("w%d-1", g))); err != nil {
						fail(fmt.Errorf("reader %d: ContentHistory: %w", g, err))
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, h := range kept {
		want = want.plus(h)
	}
	var gone []string
	for g := range writers {
		for i := range 3 {
			if name := fmt.Sprintf("w%d-%d", g, i); want.content[name].RoleStarts == nil {
				gone = append(gone, name)
			}
		}
	}
	return e.expectHeld("after the writers", want, gone...)
}

// readListIf reads the kind's sequence if the store has it.
func readListIf[T any](e *env, k listKind[T], people []string) ([]T, error) {
	if !k.has(e) {
		return nil, nil
	}
	return readList(e, k, people)
}

func readErr[T any](_ T, err error) error { return err }
