package enps

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Directory is the host's current HR data: the org tree and who works
// where, with which attributes. [Survey.LaunchFrom] snapshots it into a
// wave, so later changes to the directory never change a wave's results.
// Implementations check ctx and yield an error wrapping ctx.Err() once it
// is done.
type Directory interface {
	Units(ctx context.Context) iter.Seq2[Unit, error]
	Members(ctx context.Context) iter.Seq2[Member, error]
}

// StaticDirectory is a [Directory] held in memory. Its zero value is an
// empty directory. It is safe for concurrent use if not modified.
type StaticDirectory struct {
	UnitList   []Unit
	MemberList []Member
}

// Units yields the units.
func (d StaticDirectory) Units(ctx context.Context) iter.Seq2[Unit, error] {
	return seqOf(ctx, d.UnitList)
}

// Members yields the members.
func (d StaticDirectory) Members(ctx context.Context) iter.Seq2[Member, error] {
	return seqOf(ctx, d.MemberList)
}

func seqOf[T any](ctx context.Context, xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if err := ctx.Err(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if !yield(x, nil) {
				return
			}
		}
	}
}

// LaunchFrom snapshots the directory's units and members into the wave
// (whose Units and Population must be empty), validates it and launches
// it. It returns the launched wave. By default everyone in the directory
// is invited — all employees, not only the customer-facing ones (seed
// 001, step 3); pass a filter to invite fewer, e.g. to leave out people
// on long leave (nil invites everyone).
func (s *Survey) LaunchFrom(ctx context.Context, d Directory, w Wave, invite func(Member) bool) (Wave, error) {
	if len(w.Units) > 0 || len(w.Population) > 0 {
		return Wave{}, fmt.Errorf("%w: wave %s already has a snapshot", ErrInvalidWave, w.ID)
	}
	for u, err := range d.Units(ctx) {
		if err != nil {
			return Wave{}, err
		}
		w.Units = append(w.Units, u)
	}
	for m, err := range d.Members(ctx) {
		if err != nil {
			return Wave{}, err
		}
		if invite == nil || invite(m) {
			w.Population = append(w.Population, m)
		}
	}
	w = w.Clone() // the wave keeps no memory shared with the directory
	slices.SortStableFunc(w.Population, func(a, b Member) int { return strings.Compare(a.Employee, b.Employee) })
	if err := s.Launch(ctx, w); err != nil {
		return Wave{}, err
	}
	return w, nil
}
