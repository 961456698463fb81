package nps

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"
)

// MemStore is an in-memory [Store], also a [Deleter] and a [Counter], for
// tests, examples and small hosts that load responses at start-up. It is
// the reference implementation of the Store contract.
//
// The zero value is an empty store ready to use. A MemStore is safe for
// concurrent use and must not be copied after first use. It keeps its
// responses sorted by (At, ID), so a time-range query reads only the
// responses in that range; saving k responses into n costs O(k log n)
// comparisons and moves the later responses' pointers once.
type MemStore struct {
	mu   sync.RWMutex
	byID map[string]*Response
	list []*Response // sorted by compareResponses; the values are never modified
}

// memChunk is how many responses Responses copies per lock, so the lock is
// never held while the caller's loop body runs and memory stays bounded.
const memChunk = 256

// compareResponses orders responses as the Store contract requires: by
// instant, then by ID byte by byte.
func compareResponses(a, b *Response) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Save implements [Store]: all or nothing, idempotent by ID.
func (s *MemStore) Save(ctx context.Context, rs ...Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("saving response %d of %d: %w", i+1, len(rs), err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var (
		add    []*Response
		inCall map[string]*Response // responses new in this call, by ID
	)
	for _, r := range rs {
		old, ok := s.byID[r.ID]
		if !ok {
			old, ok = inCall[r.ID]
		}
		if ok {
			if !old.Equal(r) {
				return fmt.Errorf("%w %q", ErrConflict, r.ID)
			}
			continue
		}
		c := r.Clone()
		if inCall == nil {
			inCall = make(map[string]*Response, len(rs))
		}
		inCall[r.ID] = &c
		add = append(add, &c)
	}
	if len(add) == 0 {
		return nil
	}
	if s.byID == nil {
		s.byID = make(map[string]*Response, len(add))
	}
	for _, p := range add {
		s.byID[p.ID] = p
	}
	slices.SortFunc(add, compareResponses)
	s.list = mergeSorted(s.list, add)
	return nil
}

// mergeSorted merges add into list, both sorted and without common keys,
// in place from the back. Each response of add is placed by binary search
// and the old responses after it move in one copy, so a save costs
// O(k log n) comparisons and one pass of memory moves.
func mergeSorted(list, add []*Response) []*Response {
	hi := len(list) // list[:hi] holds the old responses not yet moved
	list = append(list, add...)
	for j := len(add) - 1; j >= 0; j-- {
		pos, _ := slices.BinarySearchFunc(list[:hi], add[j], compareResponses)
		copy(list[pos+j+1:], list[pos:hi]) // preceded by add[:j+1] now
		list[pos+j] = add[j]
		hi = pos
	}
	return list
}

// Responses implements [Store]. It copies up to 256 matching responses at
// a time under a read lock and yields them with the lock released, so the
// loop body may call any method of s.
func (s *MemStore) Responses(ctx context.Context, f Filter) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		if err := f.Validate(); err != nil {
			yield(Response{}, err)
			return
		}
		var (
			buf    []Response
			cursor *Response // the last response yielded
			more   = true
		)
		for more {
			if err := ctx.Err(); err != nil {
				yield(Response{}, err)
				return
			}
			buf, more = s.chunk(f, cursor, buf[:0])
			for i := range buf {
				if err := ctx.Err(); err != nil {
					yield(Response{}, err)
					return
				}
				if !yield(buf[i], nil) {
					return
				}
			}
			if len(buf) > 0 {
				last := buf[len(buf)-1] // a copy: buf is reused
				cursor = &last
			}
		}
	}
}

// chunk appends clones of up to memChunk responses that match f and come
// after cursor (from the start if nil) to buf. more reports whether it
// stopped because buf was full.
func (s *MemStore) chunk(f Filter, cursor *Response, buf []Response) (_ []Response, more bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.span(f, cursor) {
		if !f.Match(*p) {
			continue
		}
		if len(buf) == memChunk {
			return buf, true
		}
		buf = append(buf, p.Clone())
	}
	return buf, false
}

// span returns the part of the sorted list that can hold responses in f's
// time range after cursor. The caller holds the lock.
func (s *MemStore) span(f Filter, cursor *Response) []*Response {
	lo := 0
	if cursor != nil {
		lo, _ = slices.BinarySearchFunc(s.list, cursor, compareResponses)
		for lo < len(s.list) && compareResponses(s.list[lo], cursor) <= 0 {
			lo++
		}
	}
	if !f.From.IsZero() {
		i, _ := slices.BinarySearchFunc(s.list, f.From, func(p *Response, t time.Time) int {
			return p.At.Compare(t)
		})
		lo = max(lo, i)
	}
	hi := len(s.list)
	if !f.To.IsZero() {
		hi, _ = slices.BinarySearchFunc(s.list, f.To, func(p *Response, t time.Time) int {
			return p.At.Compare(t)
		})
	}
	if lo >= hi {
		return nil
	}
	return s.list[lo:hi]
}

// Count implements [Counter] without copying any response.
func (s *MemStore) Count(ctx context.Context, f Filter) (Distribution, error) {
	if err := ctx.Err(); err != nil {
		return Distribution{}, err
	}
	if err := f.Validate(); err != nil {
		return Distribution{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var d Distribution
	for _, p := range s.span(f, nil) {
		if f.Match(*p) {
			if err := d.Add(p.Rating); err != nil {
				return Distribution{}, responseError(*p, err)
			}
		}
	}
	return d, nil
}

// Delete implements [Deleter]. Unknown IDs are skipped.
func (s *MemStore) Delete(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gone := make(map[*Response]struct{}, len(ids))
	for _, id := range ids {
		if p, ok := s.byID[id]; ok {
			gone[p] = struct{}{}
			delete(s.byID, id)
		}
	}
	if len(gone) > 0 {
		s.list = slices.DeleteFunc(s.list, func(p *Response) bool {
			_, ok := gone[p]
			return ok
		})
	}
	return nil
}
