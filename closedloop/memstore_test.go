package closedloop_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// The conformance suite runs against MemStore in closedlooptest; these
// tests cover what is particular to MemStore: its indexes and how its
// sequences treat changes made while they run.

var memT0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

func memPolicy() closedloop.Policy {
	return closedloop.Policy{ID: "48h", EffectiveFrom: memT0.AddDate(-1, 0, 0), Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
}

// memCase opens case "c<i>" for response "r<i>", received at received and
// opened a minute later.
func memCase(tb testing.TB, i int, received time.Time) closedloop.Case {
	tb.Helper()
	id := strconv.Itoa(i)
	r := nps.Response{ID: "r" + id, Rating: 3, At: received, Customer: "cust" + id, Touchpoint: "phone", Employees: []string{"anna"}}
	c, err := closedloop.OpenCase("c"+id, r, memPolicy(), "anna", "front", received.Add(time.Minute))
	require.NoError(tb, err)
	return c
}

func collect(tb testing.TB, seq func(func(closedloop.Case, error) bool)) []closedloop.Case {
	tb.Helper()
	var out []closedloop.Case
	for c, err := range seq {
		require.NoError(tb, err)
		out = append(out, c)
	}
	return out
}

func ids(cs []closedloop.Case) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestMemStoreZeroValue(t *testing.T) {
	var s closedloop.MemStore
	ctx := t.Context()
	_, err := s.Get(ctx, "c1")
	require.ErrorIs(t, err, closedloop.ErrNotFound)
	assert.Empty(t, collect(t, s.Due(ctx, memT0.AddDate(10, 0, 0))))
	assert.Empty(t, collect(t, s.Cases(ctx, closedloop.CaseFilter{})))
	_, err = s.Update(ctx, memCase(t, 1, memT0))
	require.ErrorIs(t, err, closedloop.ErrNotFound)
}

func TestMemStoreCreateResponseDecides(t *testing.T) {
	var s closedloop.MemStore
	ctx := t.Context()
	a := memCase(t, 1, memT0)
	stored, created, err := s.Create(ctx, a)
	require.NoError(t, err)
	require.True(t, created)

	// The same ID and response with other content (another process opened
	// it a little later) is the same case, not a conflict.
	later := a.Clone()
	later.OpenedAt = later.OpenedAt.Add(time.Second)
	later.Owner = "bo"
	got, created, err := s.Create(ctx, later)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, stored, got)

	// Another response under the ID is a conflict.
	b := memCase(t, 2, memT0)
	b.ID = a.ID
	_, _, err = s.Create(ctx, b)
	require.ErrorIs(t, err, closedloop.ErrConflict)
}

func TestMemStoreUpdateResponseID(t *testing.T) {
	var s closedloop.MemStore
	ctx := t.Context()
	a, _, err := s.Create(ctx, memCase(t, 1, memT0))
	require.NoError(t, err)
	b, _, err := s.Create(ctx, memCase(t, 2, memT0))
	require.NoError(t, err)

	a.ResponseID = b.ResponseID
	_, err = s.Update(ctx, a)
	require.ErrorIs(t, err, closedloop.ErrConflict, "the response has a case already")

	a.ResponseID = "r9"
	a, err = s.Update(ctx, a)
	require.NoError(t, err)
	got, created, err := s.Create(ctx, memCase(t, 9, memT0))
	require.NoError(t, err)
	assert.False(t, created, "r9 now belongs to c1")
	assert.Equal(t, a, got)
	again := memCase(t, 1, memT0)
	_, _, err = s.Create(ctx, again)
	require.ErrorIs(t, err, closedloop.ErrConflict, "r1 is free, but the ID c1 is taken")
	again.ID = "c1-again"
	_, created, err = s.Create(ctx, again)
	require.NoError(t, err)
	assert.True(t, created, "r1 is free again")
}

func TestMemStoreUpdateMovesReceipt(t *testing.T) {
	var s closedloop.MemStore
	ctx := t.Context()
	for i := range 5 {
		_, _, err := s.Create(ctx, memCase(t, i, memT0.Add(time.Duration(i)*time.Hour)))
		require.NoError(t, err)
	}
	c, err := s.Get(ctx, "c1")
	require.NoError(t, err)
	c.ReceivedAt = memT0.Add(10 * time.Hour)
	_, err = s.Update(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, []string{"c0", "c2", "c3", "c4", "c1"}, ids(collect(t, s.Cases(ctx, closedloop.CaseFilter{}))))
	assert.Equal(t, []string{"c4", "c1"}, ids(collect(t, s.Cases(ctx, closedloop.CaseFilter{From: memT0.Add(4 * time.Hour)}))))
}

// A case changed while Due runs is yielded as it is then, and left out
// when it is no longer due or its next action moved; Due spans several
// chunks of copies here.
func TestMemStoreDueWhileChanging(t *testing.T) {
	var s closedloop.MemStore
	ctx := t.Context()
	const n = 600
	for i := range n {
		_, _, err := s.Create(ctx, memCase(t, i, memT0.Add(time.Duration(i)*time.Second)))
		require.NoError(t, err)
	}
	change := func(id string, f func(*closedloop.Case)) {
		c, err := s.Get(ctx, id)
		require.NoError(t, err)
		f(&c)
		_, err = s.Update(ctx, c)
		require.NoError(t, err)
	}
	var seen []string
	versions := map[string]int64{}
	for c, err := range s.Due(ctx, memT0.AddDate(1, 0, 0)) {
		require.NoError(t, err)
		if len(seen) == 0 {
			change("c599", func(c *closedloop.Case) { c.State = closedloop.Contacted })      // no longer due
			change("c598", func(c *closedloop.Case) { c.Notices = closedloop.NoticeOpened }) // due later
			change("c597", func(c *closedloop.Case) { c.Comment = "changed" })               // the same place
			_, _, err := s.Create(ctx, memCase(t, n, memT0))                                 // not yielded
			require.NoError(t, err)
		}
		seen = append(seen, c.ID)
		versions[c.ID] = c.Version
	}
	require.Len(t, seen, n-2)
	assert.Equal(t, "c597", seen[len(seen)-1])
	assert.Equal(t, int64(2), versions["c597"], "yielded as it is when its turn comes")
	assert.NotContains(t, seen, "c599")
	assert.NotContains(t, seen, "c598")
}

// TestMemStoreModel applies random operations to a MemStore and to a plain
// map and compares every query, to check the indexes.
func TestMemStoreModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var s closedloop.MemStore
	ctx := t.Context()
	model := map[string]closedloop.Case{}
	owners := []string{"anna", "bo", "cy"}
	instant := func() time.Time { // coarse, so that keys tie
		return memT0.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
	}
	for op := range 1200 {
		switch k := rng.IntN(10); {
		case k < 3 || len(model) == 0:
			c := memCase(t, op, instant())
			c.Owner = owners[rng.IntN(len(owners))]
			c.Notices = closedloop.Notices(rng.IntN(16))
			got, created, err := s.Create(ctx, c)
			require.NoError(t, err)
			require.True(t, created)
			c.Version = 1
			model[c.ID] = c
			assert.Equal(t, c, got)
		case k < 7:
			keys := slices.Sorted(maps.Keys(model))
			c := model[keys[rng.IntN(len(keys))]].Clone()
			switch rng.IntN(6) {
			case 0:
				c.Notices = closedloop.Notices(rng.IntN(16))
			case 1:
				c.State = closedloop.State(1 + rng.IntN(4))
			case 2:
				if c.Paused() {
					c.PausedAt = time.Time{}
				} else {
					c.PausedAt = instant()
				}
			case 3:
				c.ReceivedAt = instant()
			case 4:
				c.Owner = owners[rng.IntN(len(owners))]
			case 5:
				due := instant()
				c.Deadlines = closedloop.Deadlines{Reminder: due.Add(-time.Hour), Due: due, Escalate: due.Add(time.Hour)}
			}
			if rng.IntN(10) == 0 {
				c.Version--
				_, err := s.Update(ctx, c)
				require.ErrorIs(t, err, closedloop.ErrStale)
				continue
			}
			got, err := s.Update(ctx, c)
			require.NoError(t, err)
			c.Version++
			model[c.ID] = c
			assert.Equal(t, c, got)
		case k < 9:
			at := instant()
			var want []closedloop.Case
			for _, c := range model {
				if next, _, ok := c.NextAction(); ok && !next.After(at) {
					want = append(want, c)
				}
			}
			slices.SortFunc(want, func(a, b closedloop.Case) int {
				an, _, _ := a.NextAction()
				bn, _, _ := b.NextAction()
				return cmp.Or(an.Compare(bn), cmp.Compare(a.ID, b.ID))
			})
			require.Equal(t, ids(want), ids(collect(t, s.Due(ctx, at))), "Due at op %d", op)
		default:
			f := closedloop.CaseFilter{}
			if rng.IntN(2) == 0 {
				f.From = instant()
			}
			if rng.IntN(2) == 0 {
				f.To = f.From.Add(time.Duration(rng.IntN(5*24)) * time.Hour)
				if f.From.IsZero() {
					f.To = instant()
				}
			}
			if rng.IntN(2) == 0 {
				f.Owners = []string{owners[rng.IntN(len(owners))]}
			}
			var want []closedloop.Case
			for _, c := range model {
				if f.Match(c) {
					want = append(want, c)
				}
			}
			slices.SortFunc(want, func(a, b closedloop.Case) int {
				return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(a.ID, b.ID))
			})
			require.Equal(t, ids(want), ids(collect(t, s.Cases(ctx, f))), "Cases at op %d", op)
		}
	}
}

func TestMemStoreConcurrentTicks(t *testing.T) {
	// Engines ticking at once over a shared store deliver each notice once:
	// whoever records it first wins, the others see ErrStale.
	var s closedloop.MemStore
	ctx := t.Context()
	const cases = 200
	for i := range cases {
		_, _, err := s.Create(ctx, memCase(t, i, memT0))
		require.NoError(t, err)
	}
	var (
		mu        sync.Mutex
		delivered = map[string]int{}
		wg        sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for c, err := range s.Due(ctx, memT0.Add(time.Hour)) {
				if err != nil {
					t.Error(err)
					return
				}
				c.Notices |= closedloop.NoticeOpened
				_, err := s.Update(ctx, c)
				if errors.Is(err, closedloop.ErrStale) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				delivered[c.ID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, delivered, cases)
	for id, n := range delivered {
		assert.Equal(t, 1, n, id)
	}
	assert.Empty(t, collect(t, s.Due(ctx, memT0.Add(time.Hour))))
}

func TestMemStoreCanceledWhileYielding(t *testing.T) {
	var s closedloop.MemStore
	for i := range 300 {
		_, _, err := s.Create(t.Context(), memCase(t, i, memT0))
		require.NoError(t, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	var last error
	for _, err := range s.Cases(ctx, closedloop.CaseFilter{}) {
		if err != nil {
			last = err
			continue
		}
		if n++; n == 260 { // in the second chunk
			cancel()
		}
	}
	assert.Equal(t, 260, n)
	require.ErrorIs(t, last, context.Canceled)
}

// benchStore returns a store of n open cases received a minute apart over
// 100 days, with 1% of them due at the instant returned.
func benchStore(b *testing.B, n int) (*closedloop.MemStore, []closedloop.Case, time.Time) {
	b.Helper()
	s := new(closedloop.MemStore)
	step := 100 * 24 * time.Hour / time.Duration(n)
	cs := make([]closedloop.Case, n)
	for i := range n {
		c := memCase(b, i, memT0.Add(time.Duration(i)*step))
		var err error
		if cs[i], _, err = s.Create(b.Context(), c); err != nil {
			b.Fatal(err)
		}
	}
	// Each case is due at its opening, a minute after receipt: 1% of the
	// cases have opened a day in.
	return s, cs, memT0.Add(24*time.Hour + time.Minute/2)
}

func BenchmarkMemStoreCreate(b *testing.B) {
	const per = 100_000 // a fresh store after so many cases
	tmpl := memCase(b, 0, memT0)
	ctx := b.Context()
	s := new(closedloop.MemStore)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == per {
			b.StopTimer()
			s, i = new(closedloop.MemStore), 0
			b.StartTimer()
		}
		c := tmpl
		c.ID, c.ResponseID = "c"+strconv.Itoa(i), "r"+strconv.Itoa(i)
		c.ReceivedAt = memT0.Add(time.Duration(i) * time.Second)
		if _, _, err := s.Create(ctx, c); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemStoreUpdate(b *testing.B) {
	s, cs, _ := benchStore(b, 100_000)
	ctx := b.Context()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		i := rng.IntN(len(cs))
		c := cs[i]
		c.Notices ^= closedloop.NoticeOpened // moves the case in the due heap
		stored, err := s.Update(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		cs[i] = stored
	}
}

func BenchmarkMemStoreDue(b *testing.B) {
	const n = 100_000
	s, _, at := benchStore(b, n)
	ctx := b.Context()
	due := len(collect(b, s.Due(ctx, at)))
	if due != n/100 {
		b.Fatalf("%d cases due, want %d", due, n/100)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range s.Due(ctx, at) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(due), "ns/case")
}

// A MemStore used the way an engine uses a store: create a case once,
// deliver what is due, record the delivery with an optimistic update.
func ExampleMemStore() {
	ctx := context.Background()
	var s closedloop.MemStore // ready to use
	received := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	p := closedloop.Policy{ID: "48h", EffectiveFrom: received.AddDate(-1, 0, 0), Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
	r := nps.Response{ID: "r1", Rating: 2, At: received, Customer: "cust1", Employees: []string{"anna"}}
	c, err := closedloop.OpenCase("case:r1", r, p, "anna", "front", received.Add(time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, created, _ := s.Create(ctx, c)
	_, again, _ := s.Create(ctx, c) // a retry opens no second case
	fmt.Println("created:", created, again, "version:", c.Version)

	// Deliver what is due an hour later: the owner's notice of the case.
	for c, err := range s.Due(ctx, received.Add(time.Hour)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		at, n, _ := c.NextAction()
		fmt.Println("due:", c.ID, n == closedloop.NoticeOpened, at.Format(time.TimeOnly))
		c.Notices |= n
		if c, err = s.Update(ctx, c); err != nil {
			fmt.Println(err)
			return
		}
		at, _, _ = c.NextAction()
		fmt.Println("next:", at.Format("Mon 15:04"), "version:", c.Version)
	}
	// An update from an old copy loses nothing: it fails.
	_, err = s.Update(ctx, c)
	fmt.Println(errors.Is(err, closedloop.ErrStale))
	// Output:
	// created: true false version: 1
	// due: case:r1 true 09:01:00
	// next: Tue 21:00 version: 2
	// true
}
