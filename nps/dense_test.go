package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDenseMatchesDistribution(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const groups = 37
	d, err := NewDense(groups)
	if err != nil {
		t.Fatal(err)
	}
	var want [groups]Distribution
	for _, n := range []int{0, 1, 3, 4, 31, 32, 33, 1000} { // around the unrolled loops
		ids := make([]uint32, n)
		rs := make([]Rating, n)
		for i := range ids {
			ids[i] = uint32(rng.IntN(groups))
			rs[i] = Rating(rng.IntN(11))
			want[ids[i]][rs[i]]++
		}
		if err := d.AddRatings(ids, rs); err != nil {
			t.Fatal(err)
		}
	}
	if d.Len() != groups {
		t.Fatalf("Len = %d, want %d", d.Len(), groups)
	}
	for id := range groups {
		got, err := d.Distribution(id)
		if err != nil || got != want[id] {
			t.Fatalf("group %d: %v, %v; want %v", id, got, err, want[id])
		}
		tl, err := d.Tally(id)
		wt, _ := want[id].Tally()
		if err != nil || tl != wt {
			t.Fatalf("group %d tally: %v, %v; want %v", id, tl, err, wt)
		}
	}
}

func TestDenseAllOrNothing(t *testing.T) {
	d, err := NewDense(4)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AddRatings([]uint32{0, 1}, []Rating{9, 3}); err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(d.counts)
	for i := range 40 { // an invalid rating at every position of the word loop and the tail
		ids := make([]uint32, 40)
		rs := make([]Rating, 40)
		for j := range rs {
			rs[j] = Rating(j % 11)
		}
		rs[i] = Rating(11 + i*5)
		var re *RatingError
		if err := d.AddRatings(ids, rs); !errors.As(err, &re) || re.Index != i || !errors.Is(err, ErrInvalidRating) {
			t.Fatalf("bad rating at %d: err = %v", i, err)
		}
	}
	cases := []struct {
		name string
		ids  []uint32
		rs   []Rating
	}{
		{"id out of range", []uint32{0, 1, 4}, []Rating{1, 2, 3}},
		{"huge id", []uint32{math.MaxUint32}, []Rating{1}},
		{"length mismatch", []uint32{0, 1}, []Rating{1}},
	}
	for _, c := range cases {
		if err := d.AddRatings(c.ids, c.rs); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", c.name, err)
		}
	}
	if !slices.Equal(before, d.counts) {
		t.Fatal("a failed batch changed the counts")
	}
	for _, id := range []int{-1, 4} {
		if _, err := d.Distribution(id); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("Distribution(%d): err = %v", id, err)
		}
		if _, err := d.Tally(id); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("Tally(%d): err = %v", id, err)
		}
	}
	for _, g := range []int{0, -1, maxDenseGroups + 1} {
		if _, err := NewDense(g); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("NewDense(%d): err = %v", g, err)
		}
	}
}

func TestDenseOverflowRollsBack(t *testing.T) {
	d, err := NewDense(2)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend a long history: the total forces the checked path.
	d.total = math.MaxInt32 - 1
	d.counts[1*11+7] = math.MaxInt32 - 1
	if err := d.AddRatings([]uint32{0, 1}, []Rating{3, 7}); err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(d.counts)
	if err := d.AddRatings([]uint32{0, 0, 1}, []Rating{3, 5, 7}); !errors.Is(err, ErrOverflow) {
		t.Fatalf("err = %v, want ErrOverflow", err)
	}
	if !slices.Equal(before, d.counts) {
		t.Fatal("overflowing batch was not rolled back")
	}
	dist, err := d.Distribution(1)
	if err != nil || dist[7] != math.MaxInt32 {
		t.Fatalf("count = %d, %v", dist[7], err)
	}
}

func TestDenseAddRatingsAllocs(t *testing.T) {
	d, _ := NewDense(100)
	ids := make([]uint32, 1000)
	rs := make([]Rating, 1000)
	for i := range ids {
		ids[i], rs[i] = uint32(i%100), Rating(i%11)
	}
	if a := testing.AllocsPerRun(10, func() { _ = d.AddRatings(ids, rs) }); a != 0 {
		t.Fatalf("%v allocations per batch", a)
	}
}

// BenchmarkDense counts 10⁷ responses for 10⁴ employees with random ids
// and ratings. Target: 2·10⁸ responses/s on one core, 0 allocs/op.
func BenchmarkDense(b *testing.B) {
	const n, groups = 10_000_000, 10_000
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]uint32, n)
	rs := make([]Rating, n)
	for i := range ids {
		ids[i] = uint32(rng.IntN(groups))
		rs[i] = Rating(rng.IntN(11))
	}
	d, err := NewDense(groups)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clear(d.counts)
		d.total = 0
		if err := d.AddRatings(ids, rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "responses/s")
}
