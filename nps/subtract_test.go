package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subRatings returns n random valid ratings.
func subRatings(rng *rand.Rand, n int) []Rating {
	rs := make([]Rating, n)
	for i := range rs {
		rs[i] = Rating(rng.IntN(11))
	}
	return rs
}

// subRecount rebuilds a Tally and a Distribution from scratch.
func subRecount(t *testing.T, rs []Rating) (Tally, Distribution) {
	t.Helper()
	var tl Tally
	var d Distribution
	require.NoError(t, tl.AddRatings(rs))
	require.NoError(t, d.AddRatings(rs))
	return tl, d
}

func TestTallySubtractAndRemove(t *testing.T) {
	a := Tally{Promoters: 5, Passives: 3, Detractors: 2}
	require.NoError(t, a.Subtract(Tally{Promoters: 1, Passives: 3}))
	assert.Equal(t, Tally{Promoters: 4, Detractors: 2}, a)
	require.NoError(t, a.Subtract(Tally{}))
	assert.Equal(t, Tally{Promoters: 4, Detractors: 2}, a)

	for _, tc := range []struct {
		name string
		o    Tally
		want error
	}{
		{"more than held", Tally{Passives: 1}, ErrNegativeCount},
		{"one category short", Tally{Promoters: 4, Detractors: 3}, ErrNegativeCount},
		{"negative operand", Tally{Promoters: -1}, ErrNegativeCount},
		{"overflowing operand", Tally{Promoters: math.MaxInt, Passives: 1}, ErrOverflow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := a
			require.ErrorIs(t, b.Subtract(tc.o), tc.want)
			assert.Equal(t, a, b, "unchanged on error")
		})
	}
	bad := Tally{Promoters: -1, Passives: 5}
	require.ErrorIs(t, bad.Subtract(Tally{}), ErrNegativeCount)
	assert.Equal(t, Tally{Promoters: -1, Passives: 5}, bad)

	require.NoError(t, a.Remove(10))
	require.NoError(t, a.Remove(0))
	assert.Equal(t, Tally{Promoters: 3, Detractors: 1}, a)
	require.ErrorIs(t, a.Remove(7), ErrNegativeCount, "no passive left")
	require.ErrorIs(t, a.Remove(11), ErrInvalidRating)
	assert.Equal(t, Tally{Promoters: 3, Detractors: 1}, a)
	require.ErrorIs(t, bad.Remove(9), ErrNegativeCount)
}

func TestDistributionSubtractAndRemove(t *testing.T) {
	var d Distribution
	require.NoError(t, d.AddRatings([]Rating{0, 3, 3, 7, 9, 10, 10}))
	want := d
	require.NoError(t, d.Subtract(Distribution{3: 1, 10: 2}))
	want[3], want[10] = 1, 0
	assert.Equal(t, want, d)

	for _, o := range []Distribution{{10: 1}, {4: 1}, {0: -1}} {
		before := d
		require.ErrorIs(t, d.Subtract(o), ErrNegativeCount)
		assert.Equal(t, before, d)
	}
	before := d
	require.ErrorIs(t, d.Subtract(Distribution{0: math.MaxInt, 1: 1}), ErrOverflow)
	assert.Equal(t, before, d)

	require.NoError(t, d.Remove(9))
	require.ErrorIs(t, d.Remove(9), ErrNegativeCount)
	require.ErrorIs(t, d.Remove(11), ErrInvalidRating)
	want[9] = 0
	assert.Equal(t, want, d)
}

// A rolling window kept by Add and Remove equals recounting the window.
func TestRollingWindowMatchesRecount(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		stream := subRatings(rng, 500)
		w := 1 + rng.IntN(60)
		var tl Tally
		var d Distribution
		for i, r := range stream {
			require.NoError(t, tl.Add(r))
			require.NoError(t, d.Add(r))
			if i >= w {
				require.NoError(t, tl.Remove(stream[i-w]))
				require.NoError(t, d.Remove(stream[i-w]))
			}
			wantT, wantD := subRecount(t, stream[max(0, i-w+1):i+1])
			require.Equal(t, wantT, tl, "seed %d step %d", seed, i)
			require.Equal(t, wantD, d, "seed %d step %d", seed, i)
		}
	}
}

// Keeping only each customer's latest answer by Remove(old) + Add(new)
// equals recounting the latest answers.
func TestLatestAnswerPerCustomer(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 2))
		latest := map[int]Rating{}
		var tl Tally
		var d Distribution
		for step := range 400 {
			c, r := rng.IntN(40), Rating(rng.IntN(11))
			if old, ok := latest[c]; ok {
				require.NoError(t, tl.Remove(old))
				require.NoError(t, d.Remove(old))
			}
			latest[c] = r
			require.NoError(t, tl.Add(r))
			require.NoError(t, d.Add(r))

			var rs []Rating
			for _, v := range latest {
				rs = append(rs, v)
			}
			wantT, wantD := subRecount(t, rs)
			require.Equal(t, wantT, tl, "seed %d step %d", seed, step)
			require.Equal(t, wantD, d, "seed %d step %d", seed, step)
		}
	}
}

// (a.Merge(b)).Subtract(b) == a, and subtracting a instead leaves b.
func TestMergeThenSubtractIsIdentity(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for range 1000 {
		var a, b Distribution
		for r := range a {
			a[r], b[r] = rng.IntN(1_000_000), rng.IntN(1_000_000)
		}
		m := a
		require.NoError(t, m.Merge(b))
		back := m
		require.NoError(t, back.Subtract(b))
		require.Equal(t, a, back)
		other := m
		require.NoError(t, other.Subtract(a))
		require.Equal(t, b, other)

		ta, _ := a.Tally()
		tb, _ := b.Tally()
		tm := ta
		require.NoError(t, tm.Merge(tb))
		require.NoError(t, tm.Subtract(tb))
		require.Equal(t, ta, tm)
	}
}

// Erasing a person's responses from an aggregate equals rebuilding it
// without them.
func TestEraseCustomerMatchesRebuild(t *testing.T) {
	type answer struct {
		customer int
		r        Rating
	}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 4))
		answers := make([]answer, 300)
		for i := range answers {
			answers[i] = answer{rng.IntN(30), Rating(rng.IntN(11))}
		}
		var all []Rating
		for _, a := range answers {
			all = append(all, a.r)
		}
		tl, d := subRecount(t, all)
		gone := rng.IntN(30)
		var theirs, kept []Rating
		for _, a := range answers {
			if a.customer == gone {
				theirs = append(theirs, a.r)
			} else {
				kept = append(kept, a.r)
			}
		}
		theirT, theirD := subRecount(t, theirs)
		require.NoError(t, tl.Subtract(theirT))
		require.NoError(t, d.Subtract(theirD))
		wantT, wantD := subRecount(t, kept)
		require.Equal(t, wantT, tl)
		require.Equal(t, wantD, d)
	}
}

func TestWeightedSubtract(t *testing.T) {
	build := func(ws []float64, rs []Rating) WeightedTally {
		var wt WeightedTally
		for i, w := range ws {
			require.NoError(t, wt.Add(rs[i], w))
		}
		return wt
	}
	// Subtraction cancels: the error is relative to the merged sums, not
	// to what is left.
	assertClose := func(want, got, merged WeightedTally) {
		t.Helper()
		for i, g := range got.cats() {
			w, m := want.cats()[i], merged.cats()[i]
			tol := 2 * float64(m.N) * 0x1p-52
			require.Equal(t, w.N, g.N)
			require.InDelta(t, w.Sum, g.Sum, tol*m.Sum)
			require.InDelta(t, w.SumSq, g.SumSq, tol*m.SumSq)
		}
	}

	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 5))
		n, m := 1+rng.IntN(200), 1+rng.IntN(200)
		ws := make([]float64, n+m)
		for i := range ws {
			ws[i] = rng.ExpFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
		rs := subRatings(rng, n+m)
		a, b := build(ws[:n], rs[:n]), build(ws[n:], rs[n:])
		merged := a
		require.NoError(t, merged.Merge(b))

		back := merged
		require.NoError(t, back.Subtract(b))
		assertClose(a, back, merged)
		require.NoError(t, back.Validate())

		// Subtracting everything leaves exactly the zero value.
		all := merged
		require.NoError(t, all.Subtract(merged))
		require.Equal(t, WeightedTally{}, all)
	}

	// Emptying a category zeroes its sums whatever the residue.
	wt := WeightedTally{Promoters: WeightedCount{N: 2, Sum: 0.1 + 0.2, SumSq: 0.01 + 0.04}}
	require.NoError(t, wt.Subtract(WeightedTally{Promoters: WeightedCount{N: 2, Sum: 0.3, SumSq: 0.05}}))
	assert.Equal(t, WeightedTally{}, wt)

	// A tiny negative residue with responses left is rounding: clamped to 0.
	wt = WeightedTally{Passives: WeightedCount{N: 3, Sum: 0.3, SumSq: 0.05}}
	require.NoError(t, wt.Subtract(WeightedTally{Passives: WeightedCount{N: 1, Sum: math.Nextafter(0.3, 1), SumSq: 0.05}}))
	assert.Equal(t, WeightedCount{N: 2}, wt.Passives)

	for _, tc := range []struct {
		name string
		o    WeightedTally
		want error
	}{
		{"count goes negative", WeightedTally{Detractors: WeightedCount{N: 1, Sum: 1, SumSq: 1}}, ErrNegativeCount},
		{"sum goes negative", WeightedTally{Promoters: WeightedCount{N: 1, Sum: 5, SumSq: 1}}, ErrNegativeCount},
		{"sum of squares goes negative", WeightedTally{Promoters: WeightedCount{N: 1, Sum: 1, SumSq: 9}}, ErrNegativeCount},
		{"invalid operand", WeightedTally{Promoters: WeightedCount{N: 1, Sum: math.NaN()}}, ErrInvalidWeight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := WeightedTally{Promoters: WeightedCount{N: 3, Sum: 3, SumSq: 3}, Passives: WeightedCount{N: 1, Sum: 2, SumSq: 4}}
			before := a
			require.ErrorIs(t, a.Subtract(tc.o), tc.want)
			assert.Equal(t, before, a)
		})
	}
}

func FuzzTallySubtract(f *testing.F) {
	f.Add(5, 3, 2, 1, 3, 0)
	f.Add(5, 3, 2, 6, 0, 0)
	f.Add(0, 0, 0, 0, 0, 0)
	f.Add(-1, 0, 0, 0, 0, 0)
	f.Add(math.MaxInt, 0, 0, math.MaxInt, 0, 0)
	f.Add(math.MaxInt, 1, 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, ap, am, ad, bp, bm, bd int) {
		a, b := Tally{ap, am, ad}, Tally{bp, bm, bd}
		valid := a.Validate() == nil && b.Validate() == nil
		fits := bp <= ap && bm <= am && bd <= ad

		got := a
		err := got.Subtract(b)
		if !valid || !fits {
			if err == nil {
				t.Fatalf("%v − %v: no error", a, b)
			}
			if !errors.Is(err, ErrNegativeCount) && !errors.Is(err, ErrOverflow) {
				t.Fatalf("%v − %v: unexpected error %v", a, b, err)
			}
			if got != a {
				t.Fatalf("%v − %v: changed to %v on error", a, b, got)
			}
			return
		}
		if err != nil {
			t.Fatalf("%v − %v: %v", a, b, err)
		}
		if got.Validate() != nil {
			t.Fatalf("%v − %v = %v is invalid", a, b, got)
		}
		back := got
		if err := back.Merge(b); err != nil || back != a {
			t.Fatalf("(%v − %v) + %v = %v, %v", a, b, b, back, err)
		}
		// The other way round: a + b − b == a whenever a + b fits.
		m := a
		if m.Merge(b) == nil {
			if err := m.Subtract(b); err != nil || m != a {
				t.Fatalf("(%v + %v) − %v = %v, %v", a, b, b, m, err)
			}
		}
	})
}
