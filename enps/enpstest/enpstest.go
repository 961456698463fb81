package enpstest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/internal/conformance"
)

// Run runs the conformance suite as subtests of t, one per rule, each on a
// fresh empty store from newStore. A failure names the rule broken and
// what the store did. The subtests for [enps.Counter] and [enps.Ledger]
// are skipped for stores that do not implement them.
func Run(t *testing.T, newStore func() enps.Store) {
	t.Helper()
	suite.Run(t, newStore)
}

// Test runs every check of the suite on s, which must hold no wave, and
// returns nil or an error joining every failure, each naming its check and
// rule. It leaves what it saved and recorded in s. Checks for optional
// interfaces s does not implement are left out.
func Test(s enps.Store) error { return suite.Test(s) }

// suite runs the checks.
var suite = &conformance.Suite[enps.Store, *env]{
	Name:       "enpstest",
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
	{"WaveRoundTrip", "Wave returns the wave SaveWave stored, every field kept: instants as the same instants to the nanosecond (their location need not be kept), a nil and an empty slice or map alike", checkWaveRoundTrip},
	{"WaveIdempotent", "SaveWave of a wave equal to the stored one (instants in other locations, empty slices and maps for nil ones) does nothing and returns no error", checkWaveIdempotent},
	{"WaveConflict", "SaveWave of a different wave under a stored ID is an error wrapping enps.ErrConflict, and the stored wave is kept", checkWaveConflict},
	{"WavesOrder", "Waves yields every stored wave once, ordered by Opens as instants, then by ID byte by byte", checkWavesOrder},
	{"NotFound", "Wave of an ID the store does not hold is an error wrapping enps.ErrNotFound; Responses of such a wave yields (Response{}, err) once, err wrapping enps.ErrNotFound, and stops", checkNotFound},
	{"RoundTrip", "Responses yields every response Save stored in the wave, once each and no other, every field kept: At as the same instant to the nanosecond (its location need not be kept), a nil and an empty map alike; each range over a sequence reads afresh", checkRoundTrip},
	{"Rolling", "responses are keyed by (Wave, Respondent, At): one respondent's responses at different instants, even 1ns apart, are all kept; the same instant in another location is the same key", checkRolling},
	{"Idempotent", "Save of a response equal to the stored one under its key (At in another location, empty maps for nil ones) does nothing and returns no error", checkIdempotent},
	{"Conflict", "Save of a different response under a stored (Wave, Respondent, At) is an error wrapping enps.ErrConflict, and the stored response is kept", checkConflict},
	{"Delete", "Delete removes every response of the respondent in the wave and no other, and returns how many; deleting again removes nothing and returns 0; the keys are free afterwards", checkDelete},
	{"Copies", "the store keeps its own copies: changing a wave or response passed to it, or one returned or yielded, does not change the store", checkCopies},
	{"Cancel", "with a done ctx every method returns an error wrapping ctx.Err() and stores, changes or deletes nothing, and every sequence yields (zero value, err) once and stops; a sequence checks ctx before each item", checkCancel},
	{"EarlyBreak", "breaking out of a loop over a sequence stops the sequence and leaves the store usable", checkEarlyBreak},
	{"CallsInsideLoop", "the body of a loop over Waves, Responses or Publications may call every method of the store without deadlocking", checkCallsInsideLoop},
	{"ConcurrentSave", "Saves of 16 different responses under one key from 16 goroutines at once store exactly one of them: that Save returns no error and the others errors wrapping enps.ErrConflict; 16 Saves of one response all succeed and store it once", checkConcurrentSave},
	{"Concurrent", "Save, Delete, Responses and Counts from many goroutines at once are safe and leave what the calls would leave one after another", checkConcurrent},
	{"Counter", "an enps.Counter's Counts equals a recount of what Responses yields, per unit and rating (index rating − scale minimum, at most one entry per point), after saves and after deletes, which subtract; it lists only units with responses and returns a copy; a wave the store does not hold has no units or is an error wrapping enps.ErrNotFound", checkCounter},
	{"Ledger", "an enps.Ledger's Publications yields the audience's publications as Record recorded them, every field kept (At to the nanosecond), in the order recorded, and no other audience's", checkLedger},
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

// checkEmpty reports unless s holds no wave.
func checkEmpty(ctx context.Context, s enps.Store) error {
	for w, err := range s.Waves(ctx) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds wave %q", w.ID)
	}
	return nil
}

// env is what a check works with: the store, the check's namespace and its
// window of time.
type env struct {
	ctx  context.Context
	s    enps.Store
	name string
	base time.Time

	mu     sync.Mutex
	tokens map[enps.Token]int
}

// newEnv returns the environment of check i, named name: its namespace and
// its window of time.
func newEnv(ctx context.Context, s enps.Store, i int, name string) *env {
	return &env{ctx: ctx, s: s, name: name, base: t0.Add(time.Duration(i) * window)}
}

func (e *env) prefix() string { return "enpstest-" + e.name + "-" }

// id returns the ID of one of the check's waves or audiences.
func (e *env) id(short string) string { return e.prefix() + short }

func (e *env) short(id string) string { return strings.TrimPrefix(id, e.prefix()) }

func (e *env) mine(id string) bool { return strings.HasPrefix(id, e.prefix()) }

// at returns an instant in the check's window.
func (e *env) at(d time.Duration) time.Time { return e.base.Add(d) }

// token returns the check's respondent n, a token derived from the check's
// name.
func (e *env) token(n int) enps.Token {
	sum := sha256.Sum256([]byte("enpstest/" + e.name + "/" + strconv.Itoa(n)))
	var t enps.Token
	copy(t[:], sum[:])
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tokens == nil {
		e.tokens = make(map[enps.Token]int)
	}
	e.tokens[t] = n
	return t
}

// who names a token in messages.
func (e *env) who(t enps.Token) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n, ok := e.tokens[t]; ok {
		return "r" + strconv.Itoa(n)
	}
	return "token " + hex.EncodeToString(t[:4]) + "…"
}

// when names an instant in messages, relative to the check's window.
func (e *env) when(t time.Time) string {
	if t.IsZero() {
		return "the zero time"
	}
	if d := t.Sub(e.base); d < 0 {
		return "−" + (-d).String()
	} else {
		return "+" + d.String()
	}
}

// desc names a response in messages by its key.
func (e *env) desc(r enps.Response) string {
	return fmt.Sprintf("(%s, %s, %s)", e.short(r.Wave), e.who(r.Respondent), e.when(r.At))
}

// wave returns a valid wave of the check, opening d into its window, with
// every field set.
func (e *env) wave(short string, d time.Duration) enps.Wave {
	opens := e.at(d)
	return enps.Wave{
		ID:       e.id(short),
		Opens:    opens,
		Closes:   opens.Add(14 * 24 * time.Hour),
		Mode:     enps.Waves,
		Scale:    enps.StandardScale(),
		Question: "How likely are you to recommend us as a place to work?",
		Units: []enps.Unit{
			{ID: "co", Name: "Company", Manager: "ceo"},
			{ID: "sales", Parent: "co", Name: "Sales", Manager: "m-sales"},
			{ID: "ops", Parent: "co", Name: "Operations"},
			{ID: "hr", Parent: "co"},
		},
		Population: []enps.Member{
			{Employee: "e-1", Unit: "sales", Attributes: map[string]string{"site": "Aarhus", "tenure": "0-1"}},
			{Employee: "e-2", Unit: "sales", Attributes: map[string]string{"site": "Berlin"}},
			{Employee: "e-3", Unit: "ops"},
			{Employee: "e-4", Unit: "hr", Attributes: map[string]string{"site": "Århus — Ø"}},
		},
		Items: []enps.Item{
			{ID: "inform-1", Text: "My leader keeps me informed about what matters", I: enps.Inform},
			{ID: "grow", Text: "I can grow here", Min: 1, Max: 7, Favourable: 6},
		},
	}
}

// resp returns a valid response of respondent who to w, d after it opens.
func (e *env) resp(w enps.Wave, who, rating int, d time.Duration) enps.Response {
	return enps.Response{Wave: w.ID, Respondent: e.token(who), Unit: "sales", Rating: rating, At: w.Opens.Add(d)}
}

func (e *env) saveWaves(ws ...enps.Wave) error {
	for _, w := range ws {
		if err := e.s.SaveWave(e.ctx, w); err != nil {
			return fmt.Errorf("SaveWave(%s): %w", e.short(w.ID), err)
		}
	}
	return nil
}

func (e *env) save(rs ...enps.Response) error {
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
	return conformance.ExpectOnlyError(sentinels, what, items, want, target, true)
}

func (e *env) responses(wave string) ([]enps.Response, error) {
	return conformance.Collect("Responses("+e.short(wave)+")", e.s.Responses(e.ctx, wave))
}

// respKey is a response's key in the store.
type respKey struct {
	wave string
	who  enps.Token
	sec  int64
	nsec int
}

func keyOf(r enps.Response) respKey {
	return respKey{r.Wave, r.Respondent, r.At.Unix(), r.At.Nanosecond()}
}

// sameResponses reports unless got holds exactly want, in any order, each
// once, every field equal.
func (e *env) sameResponses(what string, got, want []enps.Response) error {
	return conformance.SameSet(what, got, want, keyOf, func(r enps.Response) string { return "response " + e.desc(r) }, diff)
}

// expectResponses reports unless Responses of the wave yields exactly
// want.
func (e *env) expectResponses(what, wave string, want ...enps.Response) error {
	got, err := e.responses(wave)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return e.sameResponses(what, got, want)
}

// expectWave reports unless Wave returns want.
func (e *env) expectWave(what string, want enps.Wave) error {
	got, err := e.s.Wave(e.ctx, want.ID)
	if err != nil {
		return fmt.Errorf("%s: Wave(%s): %w", what, e.short(want.ID), err)
	}
	if d := diff(got, want); len(d) > 0 {
		return fmt.Errorf("%s: Wave(%s) differs:\n\t%s", what, e.short(want.ID), strings.Join(d, "\n\t"))
	}
	return nil
}

// expectNoWave reports unless Wave of id is an error wrapping
// enps.ErrNotFound.
func (e *env) expectNoWave(what, id string) error {
	if w, err := e.s.Wave(e.ctx, id); !errors.Is(err, enps.ErrNotFound) {
		return fmt.Errorf("%s: Wave(%s) = wave %q, error %v; want an error wrapping enps.ErrNotFound", what, e.short(id), w.ID, err)
	}
	return nil
}

// myWaves returns the IDs of the check's waves that Waves yields, in
// order, and reports whether the whole sequence is in order.
func (e *env) myWaves(what string) ([]string, error) {
	all, err := conformance.Collect("Waves", e.s.Waves(e.ctx))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var ids []string
	for i, w := range all {
		if i > 0 {
			p := all[i-1]
			if c := p.Opens.Compare(w.Opens); c > 0 || c == 0 && p.ID >= w.ID {
				return nil, fmt.Errorf("%s: Waves yields %q (opens %s) before %q (opens %s)",
					what, p.ID, conformance.FormatTime(p.Opens), w.ID, conformance.FormatTime(w.Opens))
			}
		}
		if e.mine(w.ID) {
			ids = append(ids, e.short(w.ID))
		}
	}
	return ids, nil
}

// sentinels names the errors the suite expects, for messages.
var sentinels = conformance.Sentinels{
	enps.ErrConflict:         "enps.ErrConflict",
	enps.ErrNotFound:         "enps.ErrNotFound",
	context.Canceled:         "context.Canceled",
	context.DeadlineExceeded: "context.DeadlineExceeded",
}

func checkWaveRoundTrip(e *env) error {
	full := e.wave("full", 0)
	full.Opens = full.Opens.Add(-987654321).In(tokyo)
	full.Closes = full.Closes.Add(-time.Nanosecond).In(cet)
	rolling := e.wave("rolling", time.Hour)
	rolling.Mode, rolling.Closes = enps.Rolling, time.Time{}
	rolling.Scale = enps.Scale{Min: 1, Max: 5, DetractorMax: 2, PassiveMax: 2}
	rolling.Question, rolling.Items = "", nil
	minimal := enps.Wave{ID: e.id("minimal"), Opens: e.at(2 * time.Hour), Scale: enps.StandardScale(), Units: []enps.Unit{{ID: "co"}}}
	if err := e.saveWaves(full, rolling, minimal); err != nil {
		return err
	}
	var errs []error
	for _, w := range []enps.Wave{full, rolling, minimal} {
		errs = append(errs, e.expectWave("after SaveWave", w))
	}
	return errors.Join(errs...)
}

func checkWaveIdempotent(e *env) error {
	w := e.wave("w", 0)
	w.Items = nil
	w.Population[2].Attributes = nil
	if err := e.saveWaves(w); err != nil {
		return err
	}
	again := w.Clone()
	again.Opens, again.Closes = w.Opens.In(kolkata), w.Closes.In(tokyo)
	empty := w.Clone()
	empty.Items = []enps.Item{}
	empty.Population[2].Attributes = map[string]string{}
	var errs []error
	conformance.NoErr(&errs, "SaveWave of the stored wave again", e.s.SaveWave(e.ctx, w))
	conformance.NoErr(&errs, "SaveWave of the stored wave with its instants in other locations", e.s.SaveWave(e.ctx, again))
	conformance.NoErr(&errs, "SaveWave of the stored wave with empty slices and maps for nil ones", e.s.SaveWave(e.ctx, empty))
	errs = append(errs, e.expectWave("after saving again", w))
	ids, err := e.myWaves("after saving again")
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if !slices.Equal(ids, []string{"w"}) {
		errs = append(errs, fmt.Errorf("after saving again: Waves yields the check's waves %q, want [\"w\"]", ids))
	}
	return errors.Join(errs...)
}

func checkWaveConflict(e *env) error {
	orig := e.wave("taken", 0)
	if err := e.saveWaves(orig); err != nil {
		return err
	}
	variants := []struct {
		what   string
		change func(*enps.Wave)
	}{
		{"opening 1ns earlier", func(w *enps.Wave) { w.Opens = w.Opens.Add(-time.Nanosecond) }},
		{"closing 1ns later", func(w *enps.Wave) { w.Closes = w.Closes.Add(time.Nanosecond) }},
		{"open-ended", func(w *enps.Wave) { w.Closes = time.Time{} }},
		{"in rolling mode", func(w *enps.Wave) { w.Mode = enps.Rolling }},
		{"another detractor break", func(w *enps.Wave) { w.Scale.DetractorMax = 5 }},
		{"another question", func(w *enps.Wave) { w.Question = "Would you recommend us?" }},
		{"a renamed unit", func(w *enps.Wave) { w.Units[2].Name = "Ops" }},
		{"a unit moved", func(w *enps.Wave) { w.Units[3].Parent = "sales" }},
		{"a member in another unit", func(w *enps.Wave) { w.Population[0].Unit = "ops" }},
		{"a member's attribute changed", func(w *enps.Wave) { w.Population[1].Attributes["site"] = "Bonn" }},
		{"a member less", func(w *enps.Wave) { w.Population = w.Population[:3] }},
		{"an item's text changed", func(w *enps.Wave) { w.Items[0].Text = "I am kept informed" }},
		{"an item's I changed", func(w *enps.Wave) { w.Items[0].I = enps.Involve }},
	}
	var errs []error
	for _, v := range variants {
		changed := orig.Clone()
		v.change(&changed)
		if err := changed.Validate(); err != nil {
			panic(fmt.Sprintf("enpstest: the variant %s is invalid: %v", v.what, err))
		}
		sentinels.WantErr(&errs, "SaveWave of the stored ID with "+v.what, e.s.SaveWave(e.ctx, changed), enps.ErrConflict)
	}
	errs = append(errs, e.expectWave("after the conflicts", orig))
	return errors.Join(errs...)
}

func checkWavesOrder(e *env) error {
	h := e.at(2 * time.Hour)
	at := func(short string, opens time.Time) enps.Wave {
		w := e.wave(short, 0)
		w.Opens, w.Closes = opens, time.Time{}
		return w
	}
	ws := []enps.Wave{
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
		if err := e.saveWaves(ws[i]); err != nil {
			return err
		}
	}
	ids, err := e.myWaves("Waves")
	if err != nil {
		return err
	}
	if !slices.Equal(ids, want) {
		return fmt.Errorf("the check's waves come from Waves in the order %q, want %q", ids, want)
	}
	return nil
}

func checkNotFound(e *env) error {
	w := e.wave("a", 0)
	if err := e.saveWaves(w); err != nil {
		return err
	}
	var errs []error
	errs = append(errs, e.expectNoWave("a wave never saved", e.id("missing")))
	errs = append(errs, e.expectNoWave("an ID differing in case", e.id("A")))
	errs = append(errs, expectOnlyError("Responses of a wave never saved",
		conformance.Drain(e.s.Responses(e.ctx, e.id("missing")), nil), 0, enps.ErrNotFound))
	errs = append(errs, e.expectResponses("Responses of a wave without responses", w.ID))
	return errors.Join(errs...)
}

func checkRoundTrip(e *env) error {
	w, other := e.wave("w", 0), e.wave("other", time.Hour)
	if err := e.saveWaves(w, other); err != nil {
		return err
	}
	full := enps.Response{
		Wave:       w.ID,
		Respondent: e.token(1),
		Unit:       "sales",
		Attributes: map[string]string{"site": "Aarhus", "tenure": "0-1", "note": ""},
		Rating:     9,
		Comment:    "Gode kolleger — men for lidt tid.\n\"Line 2\" & <b>",
		Items:      map[string]int{"inform-1": 4, "grow": 7},
		At:         w.Opens.Add(26*time.Hour + 123456789).In(cet),
	}
	minimal := e.resp(w, 2, 0, time.Nanosecond)
	minimal.At = minimal.At.In(kolkata)
	ten := e.resp(w, 3, 10, 3*24*time.Hour+999999999)
	ten.Unit = "hr"
	elsewhere := e.resp(other, 1, 5, time.Minute)
	if err := e.save(full, minimal, ten, elsewhere); err != nil {
		return err
	}
	var errs []error
	seq := e.s.Responses(e.ctx, w.ID)
	for _, what := range []string{"first range", "second range over the same sequence"} {
		got, err := conformance.Collect(what, seq)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, e.sameResponses(what, got, []enps.Response{full, minimal, ten}))
	}
	errs = append(errs, e.expectResponses("the other wave", other.ID, elsewhere))
	return errors.Join(errs...)
}

func checkRolling(e *env) error {
	w := e.wave("rolling", 0)
	w.Mode, w.Closes = enps.Rolling, time.Time{}
	if err := e.saveWaves(w); err != nil {
		return err
	}
	first := e.resp(w, 1, 3, time.Hour)
	next := e.resp(w, 1, 4, time.Hour+time.Nanosecond)
	later := e.resp(w, 1, 9, 30*24*time.Hour)
	later.Comment = "better now"
	other := e.resp(w, 2, 7, time.Hour)
	if err := e.save(first, next, later, other); err != nil {
		return err
	}
	var errs []error
	sameInstant := first.Clone()
	sameInstant.At = first.At.In(tokyo)
	conformance.NoErr(&errs, "Save of the first response with At in another location", e.s.Save(e.ctx, sameInstant))
	changed := next.Clone()
	changed.At = next.At.In(eet)
	changed.Rating = 5
	sentinels.WantErr(&errs, "Save of another rating at the second instant, in another location", e.s.Save(e.ctx, changed), enps.ErrConflict)
	errs = append(errs, e.expectResponses("Responses", w.ID, first, next, later, other))
	return errors.Join(errs...)
}

func checkIdempotent(e *env) error {
	w := e.wave("w", 0)
	if err := e.saveWaves(w); err != nil {
		return err
	}
	r := e.resp(w, 1, 8, time.Hour)
	r.Attributes = map[string]string{"site": "Aarhus"}
	r.Comment = "ok"
	plain := e.resp(w, 2, 6, time.Hour)
	if err := e.save(r, plain); err != nil {
		return err
	}
	inZone := r.Clone()
	inZone.At = r.At.In(time.FixedZone("UTC-5", -5*3600))
	empty := plain.Clone()
	empty.Attributes, empty.Items = map[string]string{}, map[string]int{}
	var errs []error
	conformance.NoErr(&errs, "Save of a stored response again", e.s.Save(e.ctx, r))
	conformance.NoErr(&errs, "Save of a stored response with At in another location", e.s.Save(e.ctx, inZone))
	conformance.NoErr(&errs, "Save of a stored response with empty maps for nil ones", e.s.Save(e.ctx, empty))
	conformance.NoErr(&errs, "Save of a stored response a fourth time", e.s.Save(e.ctx, r))
	errs = append(errs, e.expectResponses("after saving again", w.ID, r, plain))
	return errors.Join(errs...)
}

func checkConflict(e *env) error {
	w := e.wave("w", 0)
	if err := e.saveWaves(w); err != nil {
		return err
	}
	orig := e.resp(w, 1, 8, time.Hour)
	orig.Attributes = map[string]string{"site": "Aarhus"}
	orig.Comment = "gut"
	orig.Items = map[string]int{"inform-1": 4}
	if err := e.save(orig); err != nil {
		return err
	}
	variants := []struct {
		what   string
		change func(*enps.Response)
	}{
		{"another rating", func(r *enps.Response) { r.Rating = 9 }},
		{"another unit", func(r *enps.Response) { r.Unit = "ops" }},
		{"another attribute value", func(r *enps.Response) { r.Attributes["site"] = "Berlin" }},
		{"an extra attribute", func(r *enps.Response) { r.Attributes["tenure"] = "0-1" }},
		{"no attributes", func(r *enps.Response) { r.Attributes = nil }},
		{"another comment", func(r *enps.Response) { r.Comment = "sehr gut" }},
		{"no comment", func(r *enps.Response) { r.Comment = "" }},
		{"another item answer", func(r *enps.Response) { r.Items["inform-1"] = 5 }},
		{"an extra item answer", func(r *enps.Response) { r.Items["grow"] = 2 }},
	}
	var errs []error
	for _, v := range variants {
		changed := orig.Clone()
		v.change(&changed)
		sentinels.WantErr(&errs, "Save of the stored key with "+v.what, e.s.Save(e.ctx, changed), enps.ErrConflict)
	}
	errs = append(errs, e.expectResponses("after the conflicts", w.ID, orig))
	return errors.Join(errs...)
}

func checkDelete(e *env) error {
	a, b := e.wave("a", 0), e.wave("b", time.Hour)
	a.Mode, a.Closes = enps.Rolling, time.Time{}
	if err := e.saveWaves(a, b); err != nil {
		return err
	}
	x1, x2 := e.resp(a, 1, 3, time.Hour), e.resp(a, 1, 4, 2*time.Hour)
	x2.Unit = "ops"
	y := e.resp(a, 2, 9, time.Hour)
	xb := e.resp(b, 1, 5, time.Hour) // the same token in another wave
	if err := e.save(x1, x2, y, xb); err != nil {
		return err
	}
	var errs []error
	if n, err := e.s.Delete(e.ctx, a.ID, e.token(1)); err != nil || n != 2 {
		errs = append(errs, fmt.Errorf("Delete(a, r1) = %d, %v; want 2, nil", n, err))
	}
	errs = append(errs, e.expectResponses("after Delete(a, r1): wave a", a.ID, y))
	errs = append(errs, e.expectResponses("after Delete(a, r1): wave b", b.ID, xb))
	if n, err := e.s.Delete(e.ctx, a.ID, e.token(1)); err != nil || n != 0 {
		errs = append(errs, fmt.Errorf("Delete(a, r1) again = %d, %v; want 0, nil", n, err))
	}
	if n, err := e.s.Delete(e.ctx, a.ID, e.token(3)); err != nil || n != 0 {
		errs = append(errs, fmt.Errorf("Delete(a, r3) of a respondent without responses = %d, %v; want 0, nil", n, err))
	}
	if n, err := e.s.Delete(e.ctx, e.id("missing"), e.token(2)); n != 0 || err != nil && !errors.Is(err, enps.ErrNotFound) {
		errs = append(errs, fmt.Errorf("deleting in a wave never saved: Delete = %d, %v; want 0 and no error or one wrapping enps.ErrNotFound", n, err))
	}
	errs = append(errs, e.expectResponses("after deleting what is not there", a.ID, y))
	again := x1.Clone()
	again.Rating, again.Comment = 10, "changed my mind"
	conformance.NoErr(&errs, "Save of a different response under a deleted key", e.s.Save(e.ctx, again))
	errs = append(errs, e.expectResponses("after saving under a deleted key", a.ID, again, y))
	if n, err := e.s.Delete(e.ctx, b.ID, e.token(1)); err != nil || n != 1 {
		errs = append(errs, fmt.Errorf("Delete(b, r1) = %d, %v; want 1, nil", n, err))
	}
	errs = append(errs, e.expectResponses("after Delete(b, r1): wave b", b.ID))
	errs = append(errs, e.expectResponses("after Delete(b, r1): wave a", a.ID, again, y))
	return errors.Join(errs...)
}

func checkCopies(e *env) error {
	w := e.wave("w", 0)
	pristineWave := w.Clone()
	if err := e.saveWaves(w); err != nil {
		return err
	}
	r := e.resp(w, 1, 7, time.Hour)
	r.Attributes = map[string]string{"site": "Aarhus"}
	r.Items = map[string]int{"inform-1": 4}
	pristine := r.Clone()
	if err := e.save(r); err != nil {
		return err
	}
	var errs []error
	conformance.Scribble(&w)
	conformance.Scribble(&r)
	errs = append(errs, e.expectWave("after changing the wave passed to SaveWave", pristineWave))
	errs = append(errs, e.expectResponses("after changing the response passed to Save", pristine.Wave, pristine))
	if got, err := e.s.Wave(e.ctx, w.ID); err == nil {
		conformance.Scribble(&got)
		errs = append(errs, e.expectWave("after changing the wave Wave returned", pristineWave))
	}
	for got, err := range e.s.Waves(e.ctx) {
		if err != nil {
			errs = append(errs, fmt.Errorf("ranging over Waves: yielded error %w", err))
			break
		}
		conformance.Scribble(&got)
	}
	errs = append(errs, e.expectWave("after changing the waves Waves yielded", pristineWave))
	for got, err := range e.s.Responses(e.ctx, w.ID) {
		if err != nil {
			errs = append(errs, fmt.Errorf("ranging over Responses: yielded error %w", err))
			break
		}
		conformance.Scribble(&got)
	}
	errs = append(errs, e.expectResponses("after changing the responses Responses yielded", pristine.Wave, pristine))
	return errors.Join(errs...)
}

func checkCancel(e *env) error {
	a, b := e.wave("a", 0), e.wave("b", time.Hour)
	if err := e.saveWaves(a, b); err != nil {
		return err
	}
	r1, r2 := e.resp(a, 1, 9, time.Hour), e.resp(a, 2, 3, 2*time.Hour)
	if err := e.save(r1, r2); err != nil {
		return err
	}
	canceled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancelExpired := context.WithDeadline(e.ctx, time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC))
	defer cancelExpired()
	var errs []error

	c := e.wave("c", 2*time.Hour)
	sentinels.WantErr(&errs, "SaveWave with a canceled ctx", e.s.SaveWave(canceled, c), context.Canceled)
	sentinels.WantErr(&errs, "SaveWave with an expired ctx", e.s.SaveWave(expired, c), context.DeadlineExceeded)
	errs = append(errs, e.expectNoWave("after SaveWave with a done ctx", c.ID))
	_, err := e.s.Wave(canceled, a.ID)
	sentinels.WantErr(&errs, "Wave with a canceled ctx", err, context.Canceled)
	errs = append(errs, expectOnlyError("Waves with a canceled ctx", conformance.Drain(e.s.Waves(canceled), nil), 0, context.Canceled))

	r3 := e.resp(a, 3, 5, 3*time.Hour)
	sentinels.WantErr(&errs, "Save with a canceled ctx", e.s.Save(canceled, r3), context.Canceled)
	sentinels.WantErr(&errs, "Save with an expired ctx", e.s.Save(expired, r3), context.DeadlineExceeded)
	_, err = e.s.Delete(canceled, a.ID, r1.Respondent)
	sentinels.WantErr(&errs, "Delete with a canceled ctx", err, context.Canceled)
	errs = append(errs, expectOnlyError("Responses with a canceled ctx", conformance.Drain(e.s.Responses(canceled, a.ID), nil), 0, context.Canceled))
	errs = append(errs, e.expectResponses("after Save and Delete with a done ctx", a.ID, r1, r2))

	ctx, cancel := context.WithCancel(e.ctx)
	errs = append(errs, expectOnlyError("Waves, canceling ctx after the first wave",
		conformance.Drain(e.s.Waves(ctx), func(enps.Wave) { cancel() }), 1, context.Canceled))
	ctx, cancel = context.WithCancel(e.ctx)
	errs = append(errs, expectOnlyError("Responses, canceling ctx after the first response",
		conformance.Drain(e.s.Responses(ctx, a.ID), func(enps.Response) { cancel() }), 1, context.Canceled))

	if counter, ok := e.s.(enps.Counter); ok {
		_, err := counter.Counts(canceled, a.ID)
		sentinels.WantErr(&errs, "Counts with a canceled ctx", err, context.Canceled)
	}
	if ledger, ok := e.s.(enps.Ledger); ok {
		aud := e.id("audience")
		p := func(cell string) enps.Publication {
			return enps.Publication{Audience: aud, Wave: a.ID, At: e.at(24 * time.Hour),
				Cells: []enps.PublishedCell{{Key: cell, Respondents: sortedTokens(r1.Respondent, r2.Respondent)}}}
		}
		if err := errors.Join(ledger.Record(e.ctx, p("first")), ledger.Record(e.ctx, p("second"))); err != nil {
			return errors.Join(append(errs, fmt.Errorf("recording a publication: %w", err))...)
		}
		sentinels.WantErr(&errs, "Record with a canceled ctx", ledger.Record(canceled, p("canceled")), context.Canceled)
		errs = append(errs, expectOnlyError("Publications with a canceled ctx", conformance.Drain(ledger.Publications(canceled, aud), nil), 0, context.Canceled))
		ctx, cancel = context.WithCancel(e.ctx)
		errs = append(errs, expectOnlyError("Publications, canceling ctx after the first publication",
			conformance.Drain(ledger.Publications(ctx, aud), func(enps.Publication) { cancel() }), 1, context.Canceled))
		if got, err := conformance.Collect("Publications", ledger.Publications(e.ctx, aud)); err != nil {
			errs = append(errs, err)
		} else if len(got) != 2 {
			errs = append(errs, fmt.Errorf("after Record with a canceled ctx: %d publications, want 2", len(got)))
		}
	}
	return errors.Join(errs...)
}

func checkEarlyBreak(e *env) error {
	w, v := e.wave("w", 0), e.wave("v", time.Hour)
	if err := e.saveWaves(w, v); err != nil {
		return err
	}
	rs := []enps.Response{e.resp(w, 1, 9, time.Hour), e.resp(w, 2, 8, 2*time.Hour), e.resp(w, 3, 7, 3*time.Hour)}
	if err := e.save(rs...); err != nil {
		return err
	}
	aud := e.id("audience")
	ledger, isLedger := e.s.(enps.Ledger)
	if isLedger {
		for i := range 3 {
			p := enps.Publication{Audience: aud, Wave: w.ID, At: e.at(time.Duration(i) * time.Hour)}
			if err := ledger.Record(e.ctx, p); err != nil {
				return fmt.Errorf("recording a publication: %w", err)
			}
		}
	}
	var errs []error
	for n := 1; n <= 2; n++ {
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Waves after %d", n), n, e.s.Waves(e.ctx)))
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Responses after %d", n), n, e.s.Responses(e.ctx, w.ID)))
		if isLedger {
			errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Publications after %d", n), n, ledger.Publications(e.ctx, aud)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	r := e.resp(w, 4, 6, 4*time.Hour)
	if err := e.save(r); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	if err := e.saveWaves(e.wave("u", 2*time.Hour)); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	return e.expectResponses("after breaking out", w.ID, append(rs, r)...)
}

func checkCallsInsideLoop(e *env) error {
	w := e.wave("w", 0)
	if err := e.saveWaves(w, e.wave("v", time.Hour)); err != nil {
		return err
	}
	if err := e.save(e.resp(w, 1, 9, time.Hour), e.resp(w, 2, 8, 2*time.Hour)); err != nil {
		return err
	}
	counter, isCounter := e.s.(enps.Counter)
	ledger, isLedger := e.s.(enps.Ledger)
	aud := e.id("audience")
	if isLedger {
		for i := range 2 {
			if err := ledger.Record(e.ctx, enps.Publication{Audience: aud, Wave: w.ID, At: e.at(time.Duration(i) * time.Hour)}); err != nil {
				return fmt.Errorf("recording a publication: %w", err)
			}
		}
	}
	n := 0
	inLoop := func() error {
		n++
		if err := e.saveWaves(e.wave(fmt.Sprintf("inner%d", n), time.Duration(n)*time.Minute)); err != nil {
			return err
		}
		if _, err := e.s.Wave(e.ctx, w.ID); err != nil {
			return fmt.Errorf("calling Wave: %w", err)
		}
		if _, err := e.myWaves("Waves"); err != nil {
			return err
		}
		inner := e.resp(w, 100+n, 5, 3*time.Hour)
		if err := e.save(inner); err != nil {
			return err
		}
		if _, err := e.responses(w.ID); err != nil {
			return err
		}
		if _, err := e.s.Delete(e.ctx, w.ID, inner.Respondent); err != nil {
			return fmt.Errorf("calling Delete: %w", err)
		}
		if isCounter {
			if _, err := counter.Counts(e.ctx, w.ID); err != nil {
				return fmt.Errorf("calling Counts: %w", err)
			}
		}
		if isLedger {
			if err := ledger.Record(e.ctx, enps.Publication{Audience: e.id("inner"), Wave: w.ID}); err != nil {
				return fmt.Errorf("recording a publication: %w", err)
			}
			if _, err := conformance.Collect("Publications", ledger.Publications(e.ctx, aud)); err != nil {
				return err
			}
		}
		return nil
	}
	seen := 0
	for got, err := range e.s.Waves(e.ctx) {
		if err != nil {
			return fmt.Errorf("ranging over Waves: yielded error %w", err)
		}
		if got.ID != w.ID {
			continue
		}
		seen++
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Waves: %w", err)
		}
	}
	if seen != 1 {
		return fmt.Errorf("the loop over Waves saw wave w %d times, want once", seen)
	}
	for _, err := range e.s.Responses(e.ctx, w.ID) {
		if err != nil {
			return fmt.Errorf("ranging over Responses: yielded error %w", err)
		}
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Responses: %w", err)
		}
	}
	if isLedger {
		for _, err := range ledger.Publications(e.ctx, aud) {
			if err != nil {
				return fmt.Errorf("ranging over Publications: yielded error %w", err)
			}
			if err := inLoop(); err != nil {
				return fmt.Errorf("inside a loop over Publications: %w", err)
			}
		}
	}
	return nil
}

func checkConcurrentSave(e *env) error {
	const savers = 16
	w := e.wave("w", 0)
	if err := e.saveWaves(w); err != nil {
		return err
	}
	versions := make([]enps.Response, savers)
	for i := range versions {
		versions[i] = e.resp(w, 1, i%11, time.Hour)
		versions[i].Comment = "version " + strconv.Itoa(i)
	}
	same := e.resp(w, 2, 8, time.Hour)
	sameErr := make([]error, savers)
	results := conformance.Race(savers, func(i int) error {
		err := e.s.Save(e.ctx, versions[i])
		sameErr[i] = e.s.Save(e.ctx, same)
		return err
	})
	var errs []error
	winner := -1
	for i, err := range results {
		switch {
		case err == nil && winner >= 0:
			errs = append(errs, fmt.Errorf("saving versions %d and %d under one key: both Saves returned no error", winner, i))
		case err == nil:
			winner = i
		case !errors.Is(err, enps.ErrConflict):
			errs = append(errs, fmt.Errorf("saving version %d: got error %v, want none or one wrapping enps.ErrConflict", i, err))
		}
		if sameErr[i] != nil {
			errs = append(errs, fmt.Errorf("saving one response from 16 goroutines, save %d: %w", i, sameErr[i]))
		}
	}
	if winner < 0 {
		errs = append(errs, errors.New("every Save of the 16 versions failed"))
	}
	got, err := e.responses(w.ID)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if winner >= 0 {
		errs = append(errs, e.sameResponses("after the concurrent saves", got, []enps.Response{versions[winner], same}))
	} else if len(got) != 2 {
		errs = append(errs, fmt.Errorf("after the concurrent saves: %d responses, want 2", len(got)))
	}
	return errors.Join(errs...)
}

func checkConcurrent(e *env) error {
	const writers, each = 8, 24
	w := e.wave("w", 0)
	if err := e.saveWaves(w); err != nil {
		return err
	}
	units := []string{"sales", "ops", "hr"}
	counter, isCounter := e.s.(enps.Counter)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		kept = make([][]enps.Response, writers)
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				who := 1000*(g+1) + i
				r := e.resp(w, who, (g+i)%11, time.Duration(i)*time.Minute)
				r.Unit = units[(g+i)%3]
				if err := e.s.Save(e.ctx, r); err != nil {
					fail(fmt.Errorf("writer %d: Save: %w", g, err))
					return
				}
				if i%3 == 2 {
					if n, err := e.s.Delete(e.ctx, w.ID, r.Respondent); err != nil || n != 1 {
						fail(fmt.Errorf("writer %d: Delete = %d, %v; want 1, nil", g, n, err))
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
			for range 10 {
				if _, err := e.responses(w.ID); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
				if isCounter {
					if _, err := counter.Counts(e.ctx, w.ID); err != nil {
						fail(fmt.Errorf("reader %d: Counts: %w", g, err))
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
	want := slices.Concat(kept...)
	if err := e.expectResponses("after the writers", w.ID, want...); err != nil {
		return err
	}
	if isCounter {
		return e.expectCounts("after the writers", counter, w, want)
	}
	return nil
}

// countsOf counts rs as Counts should.
func countsOf(w enps.Wave, rs []enps.Response) map[string][]int {
	out := make(map[string][]int)
	for _, r := range rs {
		c := out[r.Unit]
		if c == nil {
			c = make([]int, w.Scale.Points())
			out[r.Unit] = c
		}
		c[r.Rating-w.Scale.Min]++
	}
	return out
}

// expectCounts reports unless Counts of w equals counting want, and
// counting what Responses yields.
func (e *env) expectCounts(what string, counter enps.Counter, w enps.Wave, want []enps.Response) error {
	got, err := counter.Counts(e.ctx, w.ID)
	if err != nil {
		return fmt.Errorf("%s: Counts: %w", what, err)
	}
	var errs []error
	points := w.Scale.Points()
	for u, c := range got {
		if len(c) > points {
			errs = append(errs, fmt.Errorf("%s: Counts lists %d entries for unit %q, more than the scale's %d points", what, len(c), u, points))
		}
		if !slices.ContainsFunc(c, func(n int) bool { return n != 0 }) {
			errs = append(errs, fmt.Errorf("%s: Counts lists unit %q, which has no responses: %v", what, u, c))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	pad := func(c []int) []int {
		if len(c) >= points {
			return c
		}
		return append(slices.Clone(c), make([]int, points-len(c))...)
	}
	streamed, err := e.responses(w.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for _, ref := range []struct {
		what   string
		counts map[string][]int
	}{
		{"the responses saved and not deleted", countsOf(w, want)},
		{"the responses Responses yields", countsOf(w, streamed)},
	} {
		units := slices.Sorted(func(yield func(string) bool) {
			for u := range ref.counts {
				if !yield(u) {
					return
				}
			}
			for u := range got {
				if _, ok := ref.counts[u]; !ok && !yield(u) {
					return
				}
			}
		})
		for _, u := range units {
			if g, r := pad(got[u]), pad(ref.counts[u]); !slices.Equal(g, r) {
				errs = append(errs, fmt.Errorf("%s: Counts of unit %q is %v, counting %s gives %v", what, u, got[u], ref.what, r))
			}
		}
	}
	return errors.Join(errs...)
}

func checkCounter(e *env) error {
	counter, ok := e.s.(enps.Counter)
	if !ok {
		return conformance.Skip("the store does not implement enps.Counter")
	}
	w := e.wave("five", 0)
	w.Mode, w.Closes = enps.Rolling, time.Time{}
	w.Scale = enps.Scale{Min: 1, Max: 5, DetractorMax: 2, PassiveMax: 3}
	std, empty := e.wave("std", time.Hour), e.wave("empty", 2*time.Hour)
	if err := e.saveWaves(w, std, empty); err != nil {
		return err
	}
	var rs []enps.Response
	add := func(wave enps.Wave, who, rating int, unit string, d time.Duration) enps.Response {
		r := e.resp(wave, who, rating, d)
		r.Unit = unit
		rs = append(rs, r)
		return r
	}
	add(w, 1, 1, "sales", time.Hour)
	add(w, 1, 5, "sales", 2*time.Hour) // rolling: the same respondent again
	add(w, 2, 5, "sales", time.Hour)
	add(w, 3, 3, "ops", time.Hour)
	add(w, 4, 2, "hr", time.Hour)
	add(w, 4, 4, "hr", 3*time.Hour)
	add(w, 5, 4, "ops", time.Hour)
	s1 := add(std, 1, 0, "sales", time.Hour)
	add(std, 2, 10, "sales", time.Hour)
	if err := e.save(rs...); err != nil {
		return err
	}
	inWave := func(wave enps.Wave) []enps.Response {
		return slices.DeleteFunc(slices.Clone(rs), func(r enps.Response) bool { return r.Wave != wave.ID })
	}
	var errs []error
	errs = append(errs, e.expectCounts("after the saves", counter, w, inWave(w)))
	errs = append(errs, e.expectCounts("after the saves, the 0–10 wave", counter, std, inWave(std)))
	errs = append(errs, e.expectCounts("a wave without responses", counter, empty, nil))

	// Saving again or in conflict changes nothing.
	conformance.NoErr(&errs, "Save of a stored response again", e.s.Save(e.ctx, rs[0]))
	conflicting := rs[0].Clone()
	conflicting.Rating, conflicting.Unit = 2, "ops"
	sentinels.WantErr(&errs, "Save of a different response under a stored key", e.s.Save(e.ctx, conflicting), enps.ErrConflict)
	errs = append(errs, e.expectCounts("after saving again and in conflict", counter, w, inWave(w)))

	// Deleting subtracts; a unit whose responses are all gone is left out.
	del := func(wave enps.Wave, who int) {
		t := e.token(who)
		if _, err := e.s.Delete(e.ctx, wave.ID, t); err != nil {
			errs = append(errs, fmt.Errorf("Delete(%s, r%d): %w", e.short(wave.ID), who, err))
		}
		rs = slices.DeleteFunc(rs, func(r enps.Response) bool { return r.Wave == wave.ID && r.Respondent == t })
	}
	del(w, 4)
	errs = append(errs, e.expectCounts("after deleting the only respondent of hr", counter, w, inWave(w)))
	del(w, 1)
	del(w, 1)
	errs = append(errs, e.expectCounts("after deleting a respondent with two responses, twice", counter, w, inWave(w)))
	errs = append(errs, e.expectCounts("after the deletes, the 0–10 wave", counter, std, inWave(std)))
	del(std, 1)
	errs = append(errs, e.expectCounts("after deleting in the 0–10 wave", counter, std, inWave(std)))
	if err := e.save(s1); err != nil {
		errs = append(errs, err)
	} else {
		rs = append(rs, s1)
		errs = append(errs, e.expectCounts("after saving a deleted response again", counter, std, inWave(std)))
	}

	// Counts returns a copy.
	if got, err := counter.Counts(e.ctx, w.ID); err == nil {
		for _, c := range got {
			for i := range c {
				c[i] += 7
			}
		}
		clear(got)
		errs = append(errs, e.expectCounts("after changing what Counts returned", counter, w, inWave(w)))
	}

	if got, err := counter.Counts(e.ctx, e.id("missing")); err != nil && !errors.Is(err, enps.ErrNotFound) || err == nil && len(got) > 0 {
		errs = append(errs, fmt.Errorf("counting a wave never saved: Counts = %v, %v; want no units, or an error wrapping enps.ErrNotFound", got, err))
	}
	return errors.Join(errs...)
}

// sortedTokens returns the tokens in ascending order.
func sortedTokens(ts ...enps.Token) []enps.Token {
	slices.SortFunc(ts, func(a, b enps.Token) int { return bytes.Compare(a[:], b[:]) })
	return ts
}

func checkLedger(e *env) error {
	ledger, ok := e.s.(enps.Ledger)
	if !ok {
		return conformance.Skip("the store does not implement enps.Ledger")
	}
	hr, ceo := e.id("hr"), e.id("ceo")
	wave := e.id("w")
	pub := func(aud string, d time.Duration, cells ...enps.PublishedCell) enps.Publication {
		return enps.Publication{Audience: aud, Wave: wave, At: e.at(d), Cells: cells}
	}
	cell := func(key string, who ...int) enps.PublishedCell {
		ts := make([]enps.Token, len(who))
		for i, n := range who {
			ts[i] = e.token(n)
		}
		return enps.PublishedCell{Key: key, Respondents: sortedTokens(ts...)}
	}
	p1 := pub(hr, 24*time.Hour+123456789, cell("sales/subtree", 1, 2, 3, 4, 5), cell("ops/subtree", 6, 7, 8))
	p1.At = p1.At.In(tokyo)
	p2 := pub(ceo, 25*time.Hour, cell("co/subtree", 1, 2, 3, 4, 5, 6, 7, 8))
	p3 := pub(hr, 2*time.Hour, cell("sales/subtree", 1, 2, 3, 4)) // earlier At, recorded later
	p4 := pub("", 3*time.Hour, cell("co/subtree", 1, 2, 3))
	p5 := pub(hr, 24*time.Hour+123456789) // the same At as p1, no cells
	p6 := pub(hr, 30*time.Hour, cell("sales/site=Aarhus", 1, 2, 3), cell("empty"))
	all := []enps.Publication{p1, p2, p3, p4, p5, p6}
	pristine := make([]enps.Publication, len(all))
	for i, p := range all {
		pristine[i] = clonePublication(p)
		if err := ledger.Record(e.ctx, p); err != nil {
			return fmt.Errorf("recording publication %d: %w", i+1, err)
		}
		conformance.Scribble(&all[i])
	}
	p1, p2, p3, p4, p5, p6 = pristine[0], pristine[1], pristine[2], pristine[3], pristine[4], pristine[5]
	var errs []error
	expect := func(what, aud string, want ...enps.Publication) {
		got, err := conformance.Collect("Publications", ledger.Publications(e.ctx, aud))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", what, err))
			return
		}
		if aud == "" { // shared with other checks and the host
			got = slices.DeleteFunc(got, func(p enps.Publication) bool { return p.Wave != wave })
		}
		if len(got) != len(want) {
			errs = append(errs, fmt.Errorf("%s: %d publications, want %d: %s", what, len(got), len(want), e.pubs(got)))
			return
		}
		for i := range got {
			if d := diff(got[i], want[i]); len(d) > 0 {
				errs = append(errs, fmt.Errorf("%s: publication %d of %d differs (got %s):\n\t%s", what, i+1, len(got), e.pubs(got), strings.Join(d, "\n\t")))
				return
			}
		}
	}
	expect("after changing what was recorded: audience hr", hr, p1, p3, p5, p6)
	expect("audience ceo", ceo, p2)
	expect(`audience ""`, "", p4)
	expect("an audience without publications", e.id("nobody"))
	for p, err := range ledger.Publications(e.ctx, hr) {
		if err != nil {
			break
		}
		conformance.Scribble(&p)
	}
	expect("after changing what Publications yielded", hr, p1, p3, p5, p6)
	p7 := pub(ceo, time.Hour, cell("co/subtree", 1, 2))
	if err := ledger.Record(e.ctx, p7); err != nil {
		errs = append(errs, fmt.Errorf("recording publication 7: %w", err))
	} else {
		expect("after recording another: audience ceo", ceo, p2, p7)
		expect("after recording another: audience hr", hr, p1, p3, p5, p6)
	}
	return errors.Join(errs...)
}

// pubs names publications in messages by their first cell.
func (e *env) pubs(ps []enps.Publication) string {
	names := make([]string, 0, min(len(ps), maxDiffs)+1)
	for i, p := range ps {
		if i == maxDiffs {
			names = append(names, fmt.Sprintf("… and %d more", len(ps)-maxDiffs))
			break
		}
		cell := "no cells"
		if len(p.Cells) > 0 {
			cell = fmt.Sprintf("%s of %d", p.Cells[0].Key, len(p.Cells[0].Respondents))
		}
		names = append(names, fmt.Sprintf("(%s at %s: %s)", e.short(p.Audience), e.when(p.At), cell))
	}
	return "[" + strings.Join(names, " ") + "]"
}

func clonePublication(p enps.Publication) enps.Publication {
	p.Cells = slices.Clone(p.Cells)
	for i := range p.Cells {
		p.Cells[i].Respondents = slices.Clone(p.Cells[i].Respondents)
	}
	return p
}

// diff lists the fields in which got differs from want, at most maxDiffs.
// Instants are compared with time.Time.Equal, and a nil slice or map
// equals an empty one.
func diff(got, want any) []string { return conformance.Limit(conformance.Diff(got, want), maxDiffs) }
