package closedloop

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"
)

// MemStore is an in-memory [Store] for tests, examples and hosts that keep
// their cases in one process. It is the reference implementation of the
// Store contract and passes the conformance suite in
// [github.com/servicekultur/servicekultur/closedloop/closedlooptest].
//
// The zero value is an empty store ready to use. A MemStore is safe for
// concurrent use and must not be copied after first use. It keeps its own
// deep copies of the cases: what is passed in or handed out never shares
// memory with what it holds.
//
// Three indexes keep the methods' cost independent of the cases that do
// not concern them, for n cases held:
//
//   - Get, and Create's look-up by ID and by response, use maps: O(1).
//   - The cases with a next action ([Case.NextAction]) are in a binary
//     min-heap ordered by that instant and then by ID. Create and Update
//     restore it in O(log n). Due walks only the heap's due nodes (and
//     the children that stop the walk), so it costs O(k log k) for the k
//     cases due, whatever n is.
//   - Every case is in a list sorted by ReceivedAt and then by ID. Cases
//     finds the From–To range by binary search and tests only the cases in
//     it, or only the customer's cases when it asks for one customer and
//     they are fewer (the engine's dedupe look-up). Create inserts by binary search and moves the pointers of later
//     cases, which costs nothing when cases arrive in order of receipt; an
//     Update that changes ReceivedAt moves the case the same way.
//
// Due and Cases note which cases to yield, with their sort keys (about 40
// bytes a case), under a read lock, then copy the cases 256 at a time
// under the read lock and yield them with the lock released, so the loop
// body may call any method of the store. The sequences are not snapshots: a case changed while one
// runs is yielded as it is when its turn comes, and left out if it no
// longer qualifies or its sort key moved, so none is yielded twice, out of
// order or no longer due. A case created meanwhile is not yielded.
type MemStore struct {
	mu         sync.RWMutex
	byID       map[string]*memCase
	byResponse map[string]*memCase   // by ResponseID
	due        dueHeap               // the cases with a next action
	list       []*memCase            // every case, sorted by compareReceived
	byCustomer map[string][]*memCase // a customer's cases, in no order
}

var _ Store = (*MemStore)(nil)

// memCase is one stored case with its place in the due heap.
type memCase struct {
	id   string    // c.ID, never changed, so it may be read without the lock
	c    Case      // the stored copy; only replaced, under the write lock
	next time.Time // c's next action, while heap >= 0
	heap int       // index in MemStore.due, -1 when c has no next action
}

// memKey notes a case to yield and the sort key it had when noted.
type memKey struct {
	e  *memCase
	at time.Time
	id string
}

// memChunk is how many cases a sequence copies per lock.
const memChunk = 256

// compareReceived orders cases as Cases yields them.
func compareReceived(a, b *memCase) int {
	if c := a.c.ReceivedAt.Compare(b.c.ReceivedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

func compareKeys(a, b memKey) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// Create implements [Store]. A case for a response already stored returns
// the stored case, whatever the ID and content of c: the response decides,
// so that two processes opening a case for one response at once get one
// case. Otherwise an ID already stored is an error wrapping [ErrConflict].
func (s *MemStore) Create(ctx context.Context, c Case) (Case, bool, error) {
	if err := ctx.Err(); err != nil {
		return Case{}, false, err
	}
	if err := c.Validate(); err != nil {
		return Case{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byResponse[c.ResponseID]; ok {
		return e.c.Clone(), false, nil
	}
	if e, ok := s.byID[c.ID]; ok {
		return Case{}, false, fmt.Errorf("%w: case %q is stored for response %q, not %q",
			ErrConflict, c.ID, e.c.ResponseID, c.ResponseID)
	}
	if s.byID == nil {
		s.byID = make(map[string]*memCase)
		s.byResponse = make(map[string]*memCase)
		s.byCustomer = make(map[string][]*memCase)
	}
	e := &memCase{id: c.ID, c: c.Clone(), heap: -1}
	e.c.Version = 1
	s.byID[e.id] = e
	s.byResponse[e.c.ResponseID] = e
	s.byCustomer[e.c.Customer] = append(s.byCustomer[e.c.Customer], e)
	s.insert(e)
	s.index(e)
	return e.c.Clone(), true, nil
}

// Get implements [Store].
func (s *MemStore) Get(ctx context.Context, id string) (Case, error) {
	if err := ctx.Err(); err != nil {
		return Case{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.byID[id]
	if !ok {
		return Case{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return e.c.Clone(), nil
}

// Update implements [Store]. Changing a case's ResponseID to that of
// another stored case is an error wrapping [ErrConflict], as a unique
// index on the response would report it.
func (s *MemStore) Update(ctx context.Context, c Case) (Case, error) {
	if err := ctx.Err(); err != nil {
		return Case{}, err
	}
	if err := c.Validate(); err != nil {
		return Case{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[c.ID]
	switch {
	case !ok:
		return Case{}, fmt.Errorf("%w: %q", ErrNotFound, c.ID)
	case c.Version != e.c.Version:
		return Case{}, fmt.Errorf("%w: case %q is at version %d, not %d", ErrStale, c.ID, e.c.Version, c.Version)
	}
	newResponse := c.ResponseID != e.c.ResponseID
	if other, ok := s.byResponse[c.ResponseID]; newResponse && ok {
		return Case{}, fmt.Errorf("%w: response %q has case %q", ErrConflict, c.ResponseID, other.id)
	}
	moved := !c.ReceivedAt.Equal(e.c.ReceivedAt)
	if moved {
		s.remove(e)
	}
	if newResponse {
		delete(s.byResponse, e.c.ResponseID)
		s.byResponse[c.ResponseID] = e
	}
	if c.Customer != e.c.Customer {
		old := s.byCustomer[e.c.Customer]
		old = slices.DeleteFunc(old, func(x *memCase) bool { return x == e })
		if len(old) == 0 {
			delete(s.byCustomer, e.c.Customer)
		} else {
			s.byCustomer[e.c.Customer] = old
		}
		s.byCustomer[c.Customer] = append(s.byCustomer[c.Customer], e)
	}
	e.c = c.Clone()
	e.c.Version++
	if moved {
		s.insert(e)
	}
	s.index(e)
	return e.c.Clone(), nil
}

// Due implements [Store]. It notes the k due cases in O(k) heap steps,
// orders them in O(k log k) and copies each once.
func (s *MemStore) Due(ctx context.Context, at time.Time) iter.Seq2[Case, error] {
	return func(yield func(Case, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Case{}, err)
			return
		}
		s.mu.RLock()
		keys := s.due.upTo(at)
		s.mu.RUnlock()
		slices.SortFunc(keys, compareKeys)
		s.yieldKeys(ctx, keys, func(k memKey) bool {
			return k.e.heap >= 0 && k.e.next.Equal(k.at)
		}, yield)
	}
}

// Cases implements [Store]. It tests the cases received in the filter's
// From–To range, all cases if it has none.
func (s *MemStore) Cases(ctx context.Context, f CaseFilter) iter.Seq2[Case, error] {
	return func(yield func(Case, error) bool) {
		if err := f.Validate(); err != nil {
			yield(Case{}, err)
			return
		}
		if err := ctx.Err(); err != nil {
			yield(Case{}, err)
			return
		}
		var keys []memKey
		s.mu.RLock()
		candidates := s.span(f)
		byCustomer := f.Customer != "" && len(s.byCustomer[f.Customer]) < len(candidates)
		if byCustomer {
			candidates = s.byCustomer[f.Customer] // fewer to test: one customer's cases
		}
		for _, e := range candidates {
			if f.Match(e.c) {
				keys = append(keys, memKey{e: e, at: e.c.ReceivedAt, id: e.id})
			}
		}
		s.mu.RUnlock()
		if byCustomer {
			slices.SortFunc(keys, compareKeys)
		}
		s.yieldKeys(ctx, keys, func(k memKey) bool {
			return k.e.c.ReceivedAt.Equal(k.at) && f.Match(k.e.c)
		}, yield)
	}
}

// yieldKeys copies the noted cases that still qualify, memChunk at a time
// under the read lock, and yields them with the lock released.
func (s *MemStore) yieldKeys(ctx context.Context, keys []memKey, still func(memKey) bool, yield func(Case, error) bool) {
	var buf []Case
	for len(keys) > 0 {
		if err := ctx.Err(); err != nil {
			yield(Case{}, err)
			return
		}
		buf = buf[:0]
		s.mu.RLock()
		for len(keys) > 0 && len(buf) < memChunk {
			if still(keys[0]) {
				buf = append(buf, keys[0].e.c.Clone())
			}
			keys = keys[1:]
		}
		s.mu.RUnlock()
		for i := range buf {
			if err := ctx.Err(); err != nil {
				yield(Case{}, err)
				return
			}
			if !yield(buf[i], nil) {
				return
			}
			buf[i] = Case{} // let the caller's copy be the only one
		}
	}
}

// span returns the part of the sorted list that can hold cases received in
// f's From–To range. The caller holds the lock.
func (s *MemStore) span(f CaseFilter) []*memCase {
	byTime := func(e *memCase, t time.Time) int { return e.c.ReceivedAt.Compare(t) }
	lo, hi := 0, len(s.list)
	if !f.From.IsZero() {
		lo, _ = slices.BinarySearchFunc(s.list, f.From, byTime)
	}
	if !f.To.IsZero() {
		hi, _ = slices.BinarySearchFunc(s.list, f.To, byTime)
	}
	if lo >= hi {
		return nil
	}
	return s.list[lo:hi]
}

// insert puts e in the sorted list. The caller holds the write lock.
func (s *MemStore) insert(e *memCase) {
	n := len(s.list)
	if n == 0 || compareReceived(s.list[n-1], e) < 0 {
		s.list = append(s.list, e) // in order of receipt: the usual case
		return
	}
	i, _ := slices.BinarySearchFunc(s.list, e, compareReceived)
	s.list = slices.Insert(s.list, i, e)
}

// remove takes e, with its ReceivedAt as it is in the list, out of the
// sorted list. The caller holds the write lock.
func (s *MemStore) remove(e *memCase) {
	i, found := slices.BinarySearchFunc(s.list, e, compareReceived)
	if !found || s.list[i] != e {
		panic("closedloop: MemStore list out of order") // unreachable
	}
	s.list = slices.Delete(s.list, i, i+1)
}

// index puts e in the due heap, moves it there or takes it out, after its
// case changed. The caller holds the write lock.
func (s *MemStore) index(e *memCase) {
	at, _, ok := e.c.NextAction()
	switch {
	case ok && e.heap < 0:
		e.next, e.heap = at, len(s.due)
		s.due = append(s.due, e)
		s.due.up(e.heap)
	case ok:
		e.next = at
		s.due.fix(e.heap)
	case e.heap >= 0:
		i, last := e.heap, len(s.due)-1
		if i != last {
			s.due.swap(i, last)
		}
		s.due[last] = nil
		s.due = s.due[:last]
		e.heap, e.next = -1, time.Time{}
		if i != last {
			s.due.fix(i)
		}
	}
}

// dueHeap is a binary min-heap of cases by next action, then ID; each
// case knows its index.
type dueHeap []*memCase

func (h dueHeap) less(i, j int) bool {
	if c := h[i].next.Compare(h[j].next); c != 0 {
		return c < 0
	}
	return h[i].id < h[j].id
}

func (h dueHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heap, h[j].heap = i, j
}

func (h dueHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(j, i) {
			return
		}
		h.swap(i, j)
		j = i
	}
}

func (h dueHeap) down(i int) bool {
	start := i
	for {
		j := 2*i + 1
		if j >= len(h) {
			break
		}
		if r := j + 1; r < len(h) && h.less(r, j) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > start
}

// fix restores the heap after the key at i changed.
func (h dueHeap) fix(i int) {
	if !h.down(i) {
		h.up(i)
	}
}

// upTo notes the cases whose next action is at or before at, unordered.
// A node's children are never earlier than it, so the walk stops at the
// first node that is not due on each path: it visits the k due nodes and
// at most k+1 others.
func (h dueHeap) upTo(at time.Time) []memKey {
	if len(h) == 0 || h[0].next.After(at) {
		return nil
	}
	keys := []memKey{{e: h[0], at: h[0].next, id: h[0].id}}
	for i := 0; i < len(keys); i++ {
		for c := 2*keys[i].e.heap + 1; c <= 2*keys[i].e.heap+2 && c < len(h); c++ {
			if !h[c].next.After(at) {
				keys = append(keys, memKey{e: h[c], at: h[c].next, id: h[c].id})
			}
		}
	}
	return keys
}
