package conformance_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/internal/conformance"
)

// store is a toy store: how many checks ran on it.
type store struct{ ran atomic.Int32 }

// env is a toy check environment.
type env struct {
	s    *store
	i    int
	name string
}

var errConflict = errors.New("conflict")

func suite(checks ...conformance.Check[env]) *conformance.Suite[*store, env] {
	return &conformance.Suite[*store, env]{
		Name:   "toytest",
		Checks: checks,
		Empty: func(_ context.Context, s *store) error {
			if n := s.ran.Load(); n > 0 {
				return errors.New("the store is not empty")
			}
			return nil
		},
		Env: func(_ context.Context, s *store, i int, name string) env { return env{s, i, name} },
	}
}

func count(e env) error {
	e.s.ran.Add(1)
	return nil
}

func TestSuiteTest(t *testing.T) {
	var envs []env
	u := suite(
		conformance.Check[env]{Name: "Pass", Rule: "passes", Run: func(e env) error { envs = append(envs, e); return count(e) }},
		conformance.Check[env]{Name: "Fail", Rule: "fails", Run: func(e env) error {
			envs = append(envs, e)
			return errors.New("line 1\nline 2")
		}},
		conformance.Check[env]{Name: "Skip", Rule: "does not apply", Run: func(env) error { return conformance.Skip("not implemented") }},
		conformance.Check[env]{Name: "Panic", Rule: "panics", Run: func(env) error { panic("boom") }},
	)
	s := new(store)
	err := u.Test(s)
	require.Error(t, err)
	assert.Equal(t, "toytest: Fail: fails\n\tline 1\n\tline 2\ntoytest: Panic: panics\n\tpanic: boom", err.Error())
	assert.Equal(t, []env{{s, 0, "Pass"}, {s, 1, "Fail"}}, envs)

	err = u.Test(s)
	require.Error(t, err)
	assert.Equal(t, "toytest: the store is not empty", err.Error())
}

func TestSuiteRun(t *testing.T) {
	u := suite(
		conformance.Check[env]{Name: "Pass", Rule: "passes", Run: count},
		conformance.Check[env]{Name: "Skip", Rule: "does not apply", Run: func(env) error { return conformance.Skip("not implemented") }},
	)
	u.Run(t, func() *store { return new(store) })
}

func TestSuiteStuck(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	u := suite(
		conformance.Check[env]{Name: "Block", Rule: "never returns", Run: func(env) error { <-block; return nil }},
		conformance.Check[env]{Name: "After", Rule: "is not run", Run: count},
	)
	u.StuckAfter = 20 * time.Millisecond
	s := new(store)
	err := u.Test(s)
	require.ErrorIs(t, err, conformance.ErrStuck)
	assert.Equal(t, "toytest: Block: never returns\n\tthe check store did not return (deadlock?) within 20ms\n"+
		"toytest: the store is stuck; the remaining checks were not run", err.Error())
	assert.Zero(t, s.ran.Load(), "a check ran after the stuck one")

	u.Stuck = func(after time.Duration) error { return errors.Join(conformance.ErrStuck, errors.New(after.String())) }
	err = u.Test(s)
	require.ErrorIs(t, err, conformance.ErrStuck)
	assert.Contains(t, err.Error(), "toytest: Block: never returns\n\tstore did not return (deadlock?)\n\t20ms")
}

func TestSameSet(t *testing.T) {
	type kv struct {
		K string
		V int
	}
	key := func(v kv) string { return v.K }
	name := func(v kv) string { return "pair " + v.K }
	want := []kv{{"a", 1}, {"b", 2}, {"c", 3}}
	assert.NoError(t, conformance.SameSet("read", []kv{{"c", 3}, {"a", 1}, {"b", 2}}, want, key, name, conformance.Diff))
	err := conformance.SameSet("read", []kv{{"a", 1}, {"a", 1}, {"b", 5}, {"d", 4}}, want, key, name, conformance.Diff)
	assert.EqualError(t, err, "read: pair a yielded twice\n"+
		"read: pair b differs:\n\tV: got 5, want 2\n"+
		"read: pair d yielded, which was not saved or should be gone\n"+
		"read: pair c missing")
}

type inner struct {
	Name string
	At   time.Time
	Tags [2]string
}

type value struct {
	ID      string
	N       int
	At      time.Time
	Inner   inner
	List    []inner
	Labels  map[string]string
	Ptr     *int
	private []string
}

func fixture() value {
	at := time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)
	n := 7
	return value{
		ID: "v", N: 1, At: at,
		Inner:   inner{Name: "in", At: at, Tags: [2]string{"a", "b"}},
		List:    []inner{{Name: "l0", At: at, Tags: [2]string{"c", "d"}}},
		Labels:  map[string]string{"k": "v"},
		Ptr:     &n,
		private: []string{"p"},
	}
}

func TestDiff(t *testing.T) {
	a, b := fixture(), fixture()
	b.At = b.At.In(time.FixedZone("JST", 9*3600))
	b.Ptr = new(int(7))
	assert.Empty(t, conformance.Diff(a, b), "same instants in other zones, equal pointees")

	var empty, none value
	empty.List, empty.Labels = []inner{}, map[string]string{}
	assert.Empty(t, conformance.Diff(empty, none), "empty and nil slices and maps")

	b.N = 2
	b.List[0].Tags[1] = "x"
	b.Labels = map[string]string{"j": "w", "k": "v"}
	b.Inner.At = time.Time{}
	*b.Ptr = 8
	b.private = nil
	assert.Equal(t, []string{
		`N: got 1, want 2`,
		`Inner.At: got 2026-03-02T09:00:00.123456789Z, want the zero time`,
		`List[0].Tags: got [c d], want [c x]`,
		`Labels["j"]: missing, want w`,
		`*Ptr: got 7, want 8`,
	}, conformance.Diff(a, b))
	b.Ptr = nil
	assert.Contains(t, conformance.Diff(a, b), "Ptr: got &7, want nil")

	d := []string{"1", "2", "3"}
	assert.Equal(t, []string{"1", "… and 2 more"}, conformance.Limit(d, 1))
	assert.Equal(t, []string{"1", "2", "3"}, conformance.Limit([]string{"1", "2", "3"}, 3))
}

func TestScribble(t *testing.T) {
	v := fixture()
	conformance.Scribble(&v)
	var paths []string
	for _, d := range conformance.Diff(v, fixture()) {
		paths = append(paths, d[:strings.Index(d, ":")])
	}
	assert.Equal(t, []string{
		"List[0].Name", "List[0].At", "List[0].Tags", `Labels[""]`, `Labels["k"]`, "*Ptr",
	}, paths, "only what v shares changes")
}

// seq yields n values, or goes on yielding after its loop stopped.
func seq(n int, err error, careless bool) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n {
			if !yield(i+1, nil) && !careless {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

func TestSequences(t *testing.T) {
	names := conformance.Sentinels{errConflict: "toy.ErrConflict"}
	vs, err := conformance.Collect("Seq", seq(3, nil, false))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, vs)
	_, err = conformance.Collect("Seq", seq(1, errConflict, false))
	assert.EqualError(t, err, "Seq: yielded error conflict")
	_, err = conformance.Collect("Seq", func(yield func(int, error) bool) {
		for yield(1, nil) {
		}
	})
	assert.EqualError(t, err, "Seq: yielded 10000 items or more, does it stop?")

	var seen []int
	items := conformance.Drain(seq(2, errConflict, false), func(v int) { seen = append(seen, v) })
	assert.Equal(t, []conformance.Item[int]{{V: 1}, {V: 2}, {Err: errConflict}}, items)
	assert.Equal(t, []int{1, 2}, seen)
	assert.NoError(t, conformance.ExpectOnlyError(names, "Seq", items, 2, errConflict, true))
	assert.EqualError(t, conformance.ExpectOnlyError(names, "Seq", items, 1, errConflict, true),
		"Seq: 2 items before the error, want 1")
	assert.EqualError(t, conformance.ExpectOnlyError(names, "Seq", items, 2, context.Canceled, true),
		`Seq: error "conflict" does not wrap context canceled`)
	assert.EqualError(t, conformance.ExpectOnlyError(names, "Seq", items[:2], 2, errConflict, true),
		"Seq: no error wrapping toy.ErrConflict yielded after 2 items")
	withValue := []conformance.Item[int]{{V: 5, Err: errConflict}}
	assert.EqualError(t, conformance.ExpectOnlyError(names, "Seq", withValue, 0, errConflict, true),
		"Seq: a value 5 yielded with the error, want the zero value")
	assert.EqualError(t, conformance.ExpectOnlyError(names, "Seq", withValue, 0, errConflict, false),
		"Seq: a value yielded with the error, want the zero value")

	assert.NoError(t, conformance.BreakAfter("Seq", 2, seq(3, nil, false)))
	assert.EqualError(t, conformance.BreakAfter("Seq", 2, seq(1, nil, false)),
		"breaking out of Seq: the sequence yielded only 1 items")
	assert.ErrorContains(t, conformance.BreakAfter("Seq", 2, seq(3, nil, true)),
		"breaking out of Seq: the sequence went on yielding: ")
	items = conformance.Drain(seq(conformance.MaxItems+1, nil, true), nil)
	assert.Len(t, items, conformance.MaxItems+1)
	assert.ErrorContains(t, items[conformance.MaxItems].Err, "the sequence panicked: ")
}

func TestErrors(t *testing.T) {
	names := conformance.Sentinels{errConflict: "toy.ErrConflict"}
	assert.Equal(t, "toy.ErrConflict", names.Name(errConflict))
	assert.Equal(t, "context canceled", names.Name(context.Canceled))

	var errs []error
	names.WantErr(&errs, "Save", errors.Join(errConflict), errConflict)
	conformance.NoErr(&errs, "Save", nil)
	assert.Empty(t, errs)
	names.WantErr(&errs, "Save", nil, errConflict)
	conformance.NoErr(&errs, "Delete", context.Canceled)
	assert.EqualError(t, errors.Join(errs...), "Save: got error <nil>, want one wrapping toy.ErrConflict\nDelete: context canceled")

	var saved atomic.Int32
	results := conformance.Race(8, func(i int) error {
		switch {
		case i == 7:
			panic("boom")
		case saved.CompareAndSwap(0, 1):
			return nil
		}
		return errConflict
	})
	require.Len(t, results, 8)
	assert.EqualError(t, results[7], "panic: boom")
	winner, errs := names.OneWinner("saving", results[:7], errConflict)
	assert.GreaterOrEqual(t, winner, 0)
	assert.Empty(t, errs)
	winner, errs = names.OneWinner("saving", []error{nil, context.Canceled, nil}, errConflict)
	assert.Equal(t, 0, winner)
	assert.EqualError(t, errors.Join(errs...), "saving: version 1: got error context canceled, want none or one wrapping toy.ErrConflict\n"+
		"saving: versions 0 and 2 both saved without error")
	winner, errs = names.OneWinner("saving", []error{errConflict}, errConflict)
	assert.Equal(t, -1, winner)
	assert.EqualError(t, errors.Join(errs...), "saving: every Save of the versions failed")
}
