package nps

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// driverSeq streams responses as a store would, then err if it is not nil.
func driverSeq(rs []Response, err error) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
		if err != nil {
			yield(Response{}, err)
		}
	}
}

// driverSim draws n responses with values uniform over xs and category
// shares pf(x) promoters, df(x) detractors.
func driverSim(rng *rand.Rand, n int, xs []float64, pf, df func(float64) float64) *Driver {
	d := new(Driver)
	for range n {
		x := xs[rng.IntN(len(xs))]
		var r Rating = 8
		switch u := rng.Float64(); {
		case u < pf(x):
			r = 9 + Rating(rng.IntN(2))
		case u < pf(x)+df(x):
			r = Rating(rng.IntN(7))
		}
		if err := d.Add(x, r); err != nil {
			panic(err)
		}
	}
	return d
}

// driverCells builds a Driver from (value, promoters, passives,
// detractors) rows.
func driverCells(t testing.TB, rows ...[4]float64) *Driver {
	t.Helper()
	d := new(Driver)
	for _, r := range rows {
		require.NoError(t, d.AddN(r[0], 10, int(r[1])))
		require.NoError(t, d.AddN(r[0], 7, int(r[2])))
		require.NoError(t, d.AddN(r[0], 0, int(r[3])))
	}
	return d
}

// driverAll collects d.All().
func driverAll(d *Driver) (xs []float64, ds []Distribution) {
	for x, dist := range d.All() {
		xs = append(xs, x)
		ds = append(ds, dist)
	}
	return xs, ds
}

func TestDriverAdd(t *testing.T) {
	var d Driver
	require.NoError(t, d.Add(2, 9))
	require.NoError(t, d.Add(1, 3))
	require.NoError(t, d.Add(2, 7))
	require.NoError(t, d.Add(math.Copysign(0, -1), 10))
	require.NoError(t, d.Add(0, 0))
	assert.Equal(t, 5, d.N())
	assert.Equal(t, 3, d.Len())
	xs, ds := driverAll(&d)
	assert.Equal(t, []float64{0, 1, 2}, xs)
	assert.False(t, math.Signbit(xs[0]), "−0 is stored as +0")
	assert.Equal(t, []Distribution{{0: 1, 10: 1}, {3: 1}, {7: 1, 9: 1}}, ds)
	assert.Equal(t, Distribution{0: 1, 3: 1, 7: 1, 9: 1, 10: 1}, d.Total())

	before := d.Total()
	for _, tc := range []struct {
		name string
		err  error
		call func() error
	}{
		{"NaN value", ErrInvalidArgument, func() error { return d.Add(math.NaN(), 5) }},
		{"+Inf value", ErrInvalidArgument, func() error { return d.Add(math.Inf(1), 5) }},
		{"-Inf value", ErrInvalidArgument, func() error { return d.AddN(math.Inf(-1), 5, 1) }},
		{"invalid rating", ErrInvalidRating, func() error { return d.Add(7, 11) }},
		{"AddN invalid rating", ErrInvalidRating, func() error { return d.AddN(7, 11, 1) }},
		{"AddN negative", ErrNegativeCount, func() error { return d.AddN(7, 5, -1) }},
		{"AddN overflow", ErrOverflow, func() error { return d.AddN(7, 9, math.MaxInt) }},
		{"AddDistribution NaN", ErrInvalidArgument, func() error { return d.AddDistribution(math.NaN(), Distribution{1: 1}) }},
		{"AddDistribution negative", ErrNegativeCount, func() error { return d.AddDistribution(7, Distribution{1: -1}) }},
		{"AddDistribution overflow", ErrOverflow, func() error { return d.AddDistribution(7, Distribution{9: math.MaxInt}) }},
		{"AddMissing invalid", ErrInvalidRating, func() error { return d.AddMissing(12) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.call(), tc.err)
			assert.Equal(t, before, d.Total(), "nothing changes on error")
			assert.Equal(t, 3, d.Len(), "no value is created on error")
		})
	}

	require.NoError(t, d.AddN(5, 9, 0))
	require.NoError(t, d.AddDistribution(6, Distribution{}))
	assert.Equal(t, 3, d.Len(), "adding nothing creates no value")
	require.NoError(t, d.AddN(1, 10, 3))
	require.NoError(t, d.AddDistribution(1, Distribution{6: 2}))
	require.NoError(t, d.AddMissing(4))
	_, ds = driverAll(&d)
	assert.Equal(t, Distribution{3: 1, 6: 2, 10: 3}, ds[1])
	assert.Equal(t, Distribution{4: 1}, d.Missing())
	assert.Equal(t, 10, d.N(), "missing responses are not in N")
}

func TestDriverAddAllocs(t *testing.T) {
	var d Driver
	require.NoError(t, d.Add(1.5, 9))
	allocs := testing.AllocsPerRun(100, func() {
		if err := d.Add(1.5, 9); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "Add of a known value allocates")
}

func TestDriverMerge(t *testing.T) {
	a, b := new(Driver), new(Driver)
	require.NoError(t, a.Add(1, 9))
	require.NoError(t, a.Add(2, 3))
	require.NoError(t, a.AddMissing(8))
	require.NoError(t, b.Add(2, 10))
	require.NoError(t, b.Add(3, 7))
	require.NoError(t, b.AddMissing(1))

	ab, ba := new(Driver), new(Driver)
	for _, o := range []*Driver{a, b} {
		require.NoError(t, ab.Merge(o))
	}
	for _, o := range []*Driver{b, a} {
		require.NoError(t, ba.Merge(o))
	}
	xab, dab := driverAll(ab)
	xba, dba := driverAll(ba)
	assert.Equal(t, []float64{1, 2, 3}, xab)
	assert.Equal(t, xab, xba)
	assert.Equal(t, dab, dba)
	assert.Equal(t, Distribution{3: 1, 9: 1, 10: 1}, dab[1].add(dab[0]))
	assert.Equal(t, Distribution{1: 1, 8: 1}, ab.Missing())
	assert.Equal(t, ab.Total(), ba.Total())

	require.NoError(t, ab.Merge(nil))
	require.NoError(t, ab.Merge(ab))
	x2, d2 := driverAll(ab)
	assert.Equal(t, xab, x2)
	for i := range d2 {
		assert.Equal(t, dab[i].add(dab[i]), d2[i], "self-merge doubles")
	}
	assert.Equal(t, 8, ab.N())

	big := new(Driver)
	require.NoError(t, big.AddN(1, 9, math.MaxInt-1))
	before := a.Total()
	require.ErrorIs(t, a.Merge(big), ErrOverflow)
	assert.Equal(t, before, a.Total(), "a failed merge changes nothing")
	assert.Equal(t, 2, a.Len())
}

// add returns d + o (test helper; no overflow checks).
func (d Distribution) add(o Distribution) Distribution {
	for i := range d {
		d[i] += o[i]
	}
	return d
}

func TestDriverNil(t *testing.T) {
	var d *Driver
	assert.Zero(t, d.N())
	assert.Zero(t, d.Len())
	assert.Equal(t, Distribution{}, d.Total())
	assert.Equal(t, Distribution{}, d.Missing())
	for range d.All() {
		t.Fatal("a nil Driver yields values")
	}
	_, err := d.Bins(nil, 0.95, nil)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = d.QuantileBins(3, 0.95, nil)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = d.Target(50, TargetOptions{Source: rand.NewPCG(1, 2)})
	require.ErrorIs(t, err, ErrNoResponses)
}

func TestDriverFromResponses(t *testing.T) {
	label := func(v string) map[string]string { return map[string]string{"fix_hours": v} }
	rs := []Response{
		{ID: "a", Rating: 9, Labels: label("2")},
		{ID: "b", Rating: 3, Labels: label("12.5")},
		{ID: "c", Rating: 8},
		{ID: "d", Rating: 10, Labels: label("")},
		{ID: "e", Rating: 6, Labels: map[string]string{"other": "1"}},
		{ID: "f", Rating: 10, Labels: label("2")},
		{ID: "g", Rating: 5, Labels: label("-0")},
	}
	d, err := DriverFromResponses(driverSeq(rs, nil), "fix_hours")
	require.NoError(t, err)
	xs, ds := driverAll(d)
	assert.Equal(t, []float64{0, 2, 12.5}, xs)
	assert.Equal(t, []Distribution{{5: 1}, {9: 1, 10: 1}, {3: 1}}, ds)
	assert.Equal(t, Distribution{6: 1, 8: 1, 10: 1}, d.Missing())
	assert.Equal(t, 4, d.N())

	for _, bad := range []string{"abc", "NaN", "Inf", "-inf", "1e400", " 2", "2h", "1,5"} {
		t.Run("label "+bad, func(t *testing.T) {
			in := slices.Clone(rs)
			in = append(in, Response{ID: "bad-id", Rating: 9, Labels: label(bad)})
			d, err := DriverFromResponses(driverSeq(in, nil), "fix_hours")
			require.ErrorIs(t, err, ErrInvalidResponse)
			assert.Nil(t, d)
			assert.Contains(t, err.Error(), `"bad-id"`)
			assert.Contains(t, err.Error(), `"fix_hours"`)
		})
	}

	for _, r := range []Response{
		{ID: "bad-rating", Rating: 11, Labels: label("3")},
		{ID: "bad-rating", Rating: 11},
	} {
		d, err := DriverFromResponses(driverSeq(append(slices.Clone(rs), r), nil), "fix_hours")
		require.ErrorIs(t, err, ErrInvalidRating)
		assert.Nil(t, d)
		assert.Contains(t, err.Error(), `"bad-rating"`)
	}

	errStore := errors.New("store down")
	d, err = DriverFromResponses(driverSeq(rs, errStore), "fix_hours")
	require.ErrorIs(t, err, errStore)
	assert.Nil(t, d, "no partial count")

	_, err = DriverFromResponses(nil, "fix_hours")
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = DriverFromResponses(driverSeq(rs, nil), "")
	require.ErrorIs(t, err, ErrInvalidArgument)
}

// driverBinFixture has values 0.5, 1, 3, 4, 7.9, 8 and 30.
func driverBinFixture(t *testing.T) *Driver {
	d := new(Driver)
	for _, a := range []struct {
		x float64
		r []Rating
	}{
		{0.5, []Rating{10, 9, 9}},
		{1, []Rating{10, 8}},
		{3, []Rating{9, 6}},
		{4, []Rating{7, 8, 9}},
		{7.9, []Rating{5}},
		{8, []Rating{3, 9, 2}},
		{30, []Rating{0, 1}},
	} {
		for _, r := range a.r {
			require.NoError(t, d.Add(a.x, r))
		}
	}
	return d
}

func TestDriverBins(t *testing.T) {
	d := driverBinFixture(t)
	inf := math.Inf(1)
	type want struct {
		lower, upper float64
		n            int
		min, max     float64
		empty        bool
	}
	cases := []struct {
		name  string
		edges []float64
		want  []want
	}{
		{"open ends", []float64{4, 8, 24}, []want{
			{-inf, 4, 7, 0.5, 3, false},
			{4, 8, 4, 4, 7.9, false}, // 4 is in the bin above its edge
			{8, 24, 3, 8, 8, false},
			{24, inf, 2, 30, 30, false},
		}},
		{"bracketing edges drop empty open ends", []float64{0, 4, 8, 24, 100}, []want{
			{0, 4, 7, 0.5, 3, false},
			{4, 8, 4, 4, 7.9, false},
			{8, 24, 3, 8, 8, false},
			{24, 100, 2, 30, 30, false},
		}},
		{"empty inner bin kept", []float64{4, 5, 6, 8}, []want{
			{-inf, 4, 7, 0.5, 3, false},
			{4, 5, 3, 4, 4, false},
			{5, 6, 0, 0, 0, true},
			{6, 8, 1, 7.9, 7.9, false},
			{8, inf, 5, 8, 30, false},
		}},
		{"no edges", nil, []want{{-inf, inf, 16, 0.5, 30, false}}},
		{"all in one inner bin", []float64{-10, 100}, []want{{-10, 100, 16, 0.5, 30, false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bins, err := d.Bins(tc.edges, 0.9, nil)
			require.NoError(t, err)
			require.Len(t, bins, len(tc.want))
			n := 0
			for i, w := range tc.want {
				b := bins[i]
				assert.Equal(t, w.lower, b.Lower, "bin %d lower", i)
				assert.Equal(t, w.upper, b.Upper, "bin %d upper", i)
				assert.Equal(t, w.n, b.N, "bin %d n", i)
				assert.Equal(t, w.empty, b.Empty, "bin %d empty", i)
				assert.Equal(t, b.Dist.N(), b.N)
				n += b.N
				if b.Empty {
					continue
				}
				assert.Equal(t, w.min, b.Min, "bin %d min", i)
				assert.Equal(t, w.max, b.Max, "bin %d max", i)
				assert.True(t, b.Min <= b.Mean && b.Mean <= b.Max)
				tl, err := b.Dist.Tally()
				require.NoError(t, err)
				assert.Equal(t, tl, b.Tally)
				score, err := tl.NPS()
				require.NoError(t, err)
				assert.Equal(t, score, b.NPS)
				iv, err := tl.Interval(0.9, nil)
				require.NoError(t, err)
				assert.Equal(t, iv, b.Interval)
			}
			assert.Equal(t, d.N(), n, "every response is in a bin")
		})
	}

	t.Run("mean", func(t *testing.T) {
		bins, err := d.Bins([]float64{4}, 0.95, nil)
		require.NoError(t, err)
		assert.InDelta(t, (3*0.5+2*1+2*3)/7.0, bins[0].Mean, 1e-12)
	})
	t.Run("method", func(t *testing.T) {
		bins, err := d.Bins([]float64{4}, 0.95, AdjustedWald)
		require.NoError(t, err)
		assert.Equal(t, "adjusted-wald", bins[0].Interval.Method)
		_, err = d.Bins([]float64{4}, 0.95, Bootstrap{})
		require.ErrorIs(t, err, ErrInvalidArgument, "a bootstrap needs a source")
	})
	t.Run("errors", func(t *testing.T) {
		for _, level := range []float64{0, 1, -0.5, math.NaN()} {
			_, err := d.Bins(nil, level, nil)
			require.ErrorIs(t, err, ErrInvalidLevel)
		}
		for _, edges := range [][]float64{{1, 1}, {2, 1}, {math.NaN()}, {1, math.Inf(1)}, {math.Inf(-1)}} {
			_, err := d.Bins(edges, 0.95, nil)
			require.ErrorIs(t, err, ErrInvalidArgument, "edges %v", edges)
		}
		_, err := new(Driver).Bins([]float64{1}, 0.95, nil)
		require.ErrorIs(t, err, ErrNoResponses)
	})
}

func TestDriverQuantileBins(t *testing.T) {
	t.Run("equal counts", func(t *testing.T) {
		d := new(Driver)
		for i := range 100 {
			require.NoError(t, d.Add(float64(i), Rating(i%11)))
		}
		bins, err := d.QuantileBins(4, 0.95, nil)
		require.NoError(t, err)
		require.Len(t, bins, 4)
		for i, b := range bins {
			assert.Equal(t, 25, b.N, "bin %d", i)
		}
		assert.Equal(t, []float64{25, 50, 75}, []float64{bins[1].Lower, bins[2].Lower, bins[3].Lower})

		d10 := new(Driver)
		for i := range 10 {
			require.NoError(t, d10.Add(float64(i), 9))
		}
		bins, err = d10.QuantileBins(3, 0.95, nil)
		require.NoError(t, err)
		var ns []int
		for _, b := range bins {
			ns = append(ns, b.N)
		}
		assert.Equal(t, []int{3, 4, 3}, ns)
	})
	t.Run("heavy value is not split", func(t *testing.T) {
		d := new(Driver)
		for i := 1; i <= 10; i++ {
			require.NoError(t, d.Add(float64(i), 9))
		}
		require.NoError(t, d.AddN(5, 3, 50))
		bins, err := d.QuantileBins(4, 0.95, nil)
		require.NoError(t, err)
		checkQuantileBins(t, d, bins, 4)
		for _, b := range bins {
			if b.Min <= 5 && 5 <= b.Max {
				assert.GreaterOrEqual(t, b.N, 51)
			}
		}
	})
	t.Run("few values", func(t *testing.T) {
		d := driverCells(t, [4]float64{1, 3, 0, 0}, [4]float64{2, 0, 4, 0}, [4]float64{3, 0, 0, 5})
		bins, err := d.QuantileBins(10, 0.95, nil)
		require.NoError(t, err)
		checkQuantileBins(t, d, bins, 10)
		assert.Len(t, bins, 3)
		bins, err = d.QuantileBins(1, 0.95, nil)
		require.NoError(t, err)
		require.Len(t, bins, 1)
		assert.Equal(t, 12, bins[0].N)
	})
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for range 200 {
			d := new(Driver)
			m := 1 + rng.IntN(12)
			for range m {
				x := math.Round(rng.NormFloat64()*10) / 2
				require.NoError(t, d.AddN(x, Rating(rng.IntN(11)), 1+rng.IntN(1+rng.IntN(40))))
			}
			k := 1 + rng.IntN(8)
			bins, err := d.QuantileBins(k, 0.9, nil)
			require.NoError(t, err)
			checkQuantileBins(t, d, bins, k)
		}
	})
	t.Run("errors", func(t *testing.T) {
		d := driverBinFixture(t)
		_, err := d.QuantileBins(0, 0.95, nil)
		require.ErrorIs(t, err, ErrInvalidArgument)
		_, err = d.QuantileBins(-3, 0.95, nil)
		require.ErrorIs(t, err, ErrInvalidArgument)
		_, err = d.QuantileBins(3, 1, nil)
		require.ErrorIs(t, err, ErrInvalidLevel)
		_, err = new(Driver).QuantileBins(3, 0.95, nil)
		require.ErrorIs(t, err, ErrNoResponses)
	})
}

// checkQuantileBins checks that bins partition d's values without
// splitting one, with no empty bin, at most k bins, and that they equal
// Bins with their own edges.
func checkQuantileBins(t *testing.T, d *Driver, bins []Bin, k int) {
	t.Helper()
	require.NotEmpty(t, bins)
	assert.LessOrEqual(t, len(bins), k)
	assert.True(t, math.IsInf(bins[0].Lower, -1))
	assert.True(t, math.IsInf(bins[len(bins)-1].Upper, 1))
	n := 0
	for i, b := range bins {
		assert.False(t, b.Empty, "bin %d is empty", i)
		n += b.N
		if i > 0 {
			assert.Less(t, bins[i-1].Max, b.Min, "bins %d and %d overlap", i-1, i)
			assert.Equal(t, b.Min, b.Lower, "a quantile bin starts at a value")
		}
	}
	assert.Equal(t, d.N(), n)
	for x, dist := range d.All() {
		found := 0
		for _, b := range bins {
			if b.Lower <= x && x < b.Upper {
				found++
				assert.True(t, b.Min <= x && x <= b.Max)
				for r, c := range dist {
					assert.GreaterOrEqual(t, b.Dist[r], c, "value %v split", x)
				}
			}
		}
		assert.Equal(t, 1, found, "value %v", x)
	}
	edges := make([]float64, 0, len(bins)-1)
	for _, b := range bins[1:] {
		edges = append(edges, b.Lower)
	}
	again, err := d.Bins(edges, bins[0].Interval.Level, nil)
	require.NoError(t, err)
	assert.Equal(t, bins, again)
}

// pavaMinMax is the isotonic regression by its min–max formula (Robertson,
// Wright & Dykstra 1988, ch. 1): f_i = max_{a≤i} min_{b≥i} Av(a..b), the
// naive O(m⁴) implementation to check pava against.
func pavaMinMax(w, s []float64) []float64 {
	f := make([]float64, len(w))
	for i := range w {
		best := math.Inf(-1)
		for a := 0; a <= i; a++ {
			low := math.Inf(1)
			for b := i; b < len(w); b++ {
				var sw, ss float64
				for j := a; j <= b; j++ {
					sw += w[j]
					ss += s[j]
				}
				low = min(low, ss/sw)
			}
			best = max(best, low)
		}
		f[i] = best
	}
	return f
}

// pavaFit expands blocks to the fit at each point.
func pavaFit(blocks []pavBlock) []float64 {
	var f []float64
	for _, b := range blocks {
		for len(f) < b.end {
			f = append(f, b.s/b.w)
		}
	}
	return f
}

func TestPAVA(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sse := func(w, s, f []float64) float64 {
		var e float64
		for i := range w {
			r := s[i]/w[i] - f[i]
			e += w[i] * r * r
		}
		return e
	}
	for range 2000 {
		m := 1 + rng.IntN(7)
		w, s := make([]float64, m), make([]float64, m)
		var sumS float64
		for i := range m {
			w[i] = float64(1 + rng.IntN(5))
			s[i] = float64(rng.IntN(int(2*w[i])+1)) - w[i] // net count in [−w, w]
			sumS += s[i]
		}
		blocks := pava(w, s, nil)
		f := pavaFit(blocks)
		require.Len(t, f, m)
		want := pavaMinMax(w, s)
		for i := range f {
			require.InDelta(t, want[i], f[i], 1e-12, "w=%v s=%v", w, s)
		}
		var wf float64
		for i := range f {
			wf += w[i] * f[i]
			if i > 0 {
				require.LessOrEqual(t, f[i-1], f[i], "monotone")
			}
		}
		require.InDelta(t, sumS, wf, 1e-9, "the weighted mean is kept")
		for b := 1; b < len(blocks); b++ {
			require.Less(t, blocks[b-1].s/blocks[b-1].w, blocks[b].s/blocks[b].w, "block means increase strictly")
		}
		// No monotone candidate fits better.
		best := sse(w, s, f)
		for range 20 {
			g := make([]float64, m)
			for i := range g {
				g[i] = f[i] + 0.2*rng.NormFloat64()
			}
			slices.Sort(g)
			require.GreaterOrEqual(t, sse(w, s, g), best-1e-12)
		}
	}
}

func TestCrossing(t *testing.T) {
	c, g := []float64{1, 2, 4}, []float64{-0.5, 0, 0.5}
	for _, tc := range []struct {
		t    float64
		x    float64
		side int
	}{
		{-0.25, 1.5, 0}, {0.25, 3, 0}, {0, 2, 0}, {-0.5, 1, 0}, {0.5, 4, 0},
		{0.6, 0, 1}, {-0.6, 0, -1},
	} {
		x, side := crossing(c, g, tc.t)
		assert.Equal(t, tc.side, side, "t=%v", tc.t)
		if side == 0 {
			assert.InDelta(t, tc.x, x, 1e-12, "t=%v", tc.t)
		}
	}
	x, side := crossing([]float64{3}, []float64{0.1}, 0.1)
	assert.Equal(t, 0, side)
	assert.Equal(t, 3.0, x)
	_, side = crossing([]float64{3}, []float64{0.1}, 0)
	assert.Equal(t, -1, side)
}

// fiellerBrute fits the line to the individual responses of d (uncentred,
// per response) with the HC3 covariance, and returns the fitted a and b,
// Fieller's limits for target tau, the t quantile and a function T²(x).
func fiellerBrute(d *Driver, tau, level float64) (a, b, lo, hi, q float64, t2 func(float64) float64) {
	var xs, ys []float64
	for x, dist := range d.All() {
		for r, c := range dist {
			for range c {
				xs = append(xs, x)
				ys = append(ys, float64(Rating(r).Category().Score()))
			}
		}
	}
	n := float64(len(xs))
	var sx, sxx, sy, sxy float64
	for i := range xs {
		sx += xs[i]
		sxx += xs[i] * xs[i]
		sy += ys[i]
		sxy += xs[i] * ys[i]
	}
	det := n*sxx - sx*sx
	// (X'X)⁻¹ = [[sxx, −sx], [−sx, n]]/det
	i00, i01, i11 := sxx/det, -sx/det, n/det
	a = i00*sy + i01*sxy
	b = i01*sy + i11*sxy
	var m00, m01, m11 float64
	for i := range xs {
		e := ys[i] - a - b*xs[i]
		h := i00 + 2*i01*xs[i] + i11*xs[i]*xs[i]
		e2 := e * e / ((1 - h) * (1 - h))
		m00 += e2
		m01 += e2 * xs[i]
		m11 += e2 * xs[i] * xs[i]
	}
	// V = I·M·I for symmetric 2×2 matrices.
	v00 := i00*(i00*m00+i01*m01) + i01*(i00*m01+i01*m11)
	v01 := i00*(i01*m00+i11*m01) + i01*(i01*m01+i11*m11)
	v11 := i01*(i01*m00+i11*m01) + i11*(i01*m01+i11*m11)
	q = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Quantile(0.5 + level/2)
	// (a − τ + b·x)² − q²(v00 + 2x·v01 + x²·v11) = A x² + 2B x + C
	A := b*b - q*q*v11
	B := b*(a-tau) - q*q*v01
	C := (a-tau)*(a-tau) - q*q*v00
	sq := math.Sqrt(B*B - A*C)
	lo, hi = (-B-sq)/A, (-B+sq)/A
	if lo > hi {
		lo, hi = hi, lo
	}
	t2 = func(x float64) float64 {
		r := a + b*x - tau
		return r * r / (v00 + 2*x*v01 + x*x*v11)
	}
	return a, b, lo, hi, q, t2
}

func TestDriverTargetLinearKnownAnswer(t *testing.T) {
	// Mean scores 0.6 − 0.2x exactly, with ten responses at each value.
	d := driverCells(t,
		[4]float64{0, 7, 2, 1}, [4]float64{1, 5, 4, 1}, [4]float64{2, 4, 4, 2},
		[4]float64{3, 3, 4, 3}, [4]float64{4, 2, 4, 4},
	)
	for _, tc := range []struct {
		target, value float64
		reached       bool
	}{
		{30, 1.5, true}, {-10, 3.5, true}, {60, 0, true}, {-50, 5.5, false}, {100, -2, false},
	} {
		t.Run(fmt.Sprint(tc.target), func(t *testing.T) {
			e, err := d.Target(tc.target, TargetOptions{Method: Linear, Level: 0.9})
			require.NoError(t, err)
			assert.InDelta(t, tc.value, e.Value, 1e-12)
			assert.Equal(t, tc.reached, e.Reached)
			assert.Equal(t, -1, e.Direction)
			assert.Equal(t, "linear", e.Method)
			assert.Equal(t, 50, e.N)
			assert.Equal(t, 0.0, e.Min)
			assert.Equal(t, 4.0, e.Max)
			require.Len(t, e.Fit, 2)
			assert.InDelta(t, 60, e.Fit[0].NPS, 1e-12)
			assert.InDelta(t, -20, e.Fit[1].NPS, 1e-12)

			a, b, lo, hi, q, t2 := fiellerBrute(d, tc.target/100, 0.9)
			assert.InDelta(t, 0.6, a, 1e-12)
			assert.InDelta(t, -0.2, b, 1e-12)
			require.True(t, e.Bounded())
			assert.InDelta(t, lo, e.Lower, 1e-9)
			assert.InDelta(t, hi, e.Upper, 1e-9)
			assert.InDelta(t, q*q, t2(e.Lower), 1e-6, "T² at the lower limit")
			assert.InDelta(t, q*q, t2(e.Upper), 1e-6, "T² at the upper limit")
			assert.Less(t, e.Lower, e.Value)
			assert.Less(t, e.Value, e.Upper)
		})
	}

	t.Run("exact line", func(t *testing.T) {
		// Every response on the line s = x − 1: no residual, a point.
		d := driverCells(t, [4]float64{0, 0, 0, 4}, [4]float64{1, 0, 4, 0}, [4]float64{2, 4, 0, 0})
		e, err := d.Target(50, TargetOptions{Method: Linear})
		require.NoError(t, err)
		assert.InDelta(t, 1.5, e.Value, 1e-12)
		assert.InDelta(t, 1.5, e.Lower, 1e-12)
		assert.InDelta(t, 1.5, e.Upper, 1e-12)
		assert.Equal(t, 1, e.Direction)
		assert.NotZero(t, e.Caveats&SmallSample)
	})
	t.Run("large values", func(t *testing.T) {
		// The same data shifted and scaled far from 1: the same answer.
		d := driverCells(t,
			[4]float64{1e12 + 0, 7, 2, 1}, [4]float64{1e12 + 1e3, 5, 4, 1}, [4]float64{1e12 + 2e3, 4, 4, 2},
			[4]float64{1e12 + 3e3, 3, 4, 3}, [4]float64{1e12 + 4e3, 2, 4, 4},
		)
		e, err := d.Target(30, TargetOptions{Method: Linear, Level: 0.9})
		require.NoError(t, err)
		assert.InDelta(t, 1e12+1.5e3, e.Value, 1e-3)
	})
}

func TestDriverTargetFieller(t *testing.T) {
	// A slope that sampling error cannot tell from 0.
	d := driverCells(t, [4]float64{0, 10, 0, 10}, [4]float64{1, 11, 0, 10})
	t.Run("whole line", func(t *testing.T) {
		e, err := d.Target(100.0/41, TargetOptions{Method: Linear}) // the mean score
		require.NoError(t, err)
		assert.True(t, math.IsInf(e.Lower, -1))
		assert.True(t, math.IsInf(e.Upper, 1))
		assert.False(t, e.Disjoint)
		assert.False(t, e.Bounded())
	})
	t.Run("two rays", func(t *testing.T) {
		e, err := d.Target(90, TargetOptions{Method: Linear})
		require.NoError(t, err)
		assert.True(t, math.IsInf(e.Lower, -1))
		assert.True(t, math.IsInf(e.Upper, 1))
		assert.True(t, e.Disjoint)
		assert.False(t, e.Reached, "the line reaches 90 far beyond the data")
	})
	t.Run("bounded", func(t *testing.T) {
		d := driverCells(t, [4]float64{0, 60, 20, 20}, [4]float64{1, 40, 20, 40}, [4]float64{2, 20, 20, 60})
		e, err := d.Target(0, TargetOptions{Method: Linear})
		require.NoError(t, err)
		assert.InDelta(t, 1, e.Value, 1e-12)
		assert.True(t, e.Bounded())
		assert.False(t, e.Disjoint)
		_, _, lo, hi, _, _ := fiellerBrute(d, 0, 0.95)
		assert.InDelta(t, lo, e.Lower, 1e-9)
		assert.InDelta(t, hi, e.Upper, 1e-9)
		assert.Zero(t, e.Caveats)
	})
}

// driverTruth returns the x in [lo, hi] at which the decreasing f equals
// target, by bisection.
func driverTruth(f func(float64) float64, target, lo, hi float64) float64 {
	for range 200 {
		mid := (lo + hi) / 2
		if f(mid) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestDriverTargetCoverage checks the intervals' coverage in seeded
// simulations where the true crossing is known: NPS falling smoothly
// with the value (Isotonic), and on a straight line (Linear).
func TestDriverTargetCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	xs := make([]float64, 40)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	cases := []struct {
		method TargetMethod
		pf, df func(float64) float64
	}{
		{Isotonic,
			func(x float64) float64 { return 0.75 * math.Exp(-x/30) },
			func(x float64) float64 { return 0.05 + 0.4*(1-math.Exp(-x/20)) }},
		{Linear,
			func(x float64) float64 { return 0.7 - 0.01*x },
			func(x float64) float64 { return 0.1 + 0.006*x }},
	}
	const reps, target = 200, 30.0
	for _, tc := range cases {
		t.Run(tc.method.String(), func(t *testing.T) {
			truth := driverTruth(func(x float64) float64 { return 100 * (tc.pf(x) - tc.df(x)) }, target, 0, 40)
			rng := rand.New(rand.NewPCG(7, 8))
			covered, reached := 0, 0
			for i := range reps {
				d := driverSim(rng, 400, xs, tc.pf, tc.df)
				e, err := d.Target(target, TargetOptions{Method: tc.method, Level: 0.9, Resamples: 200, Source: rand.NewPCG(uint64(i), 9)})
				require.NoError(t, err)
				if e.Lower <= truth && truth <= e.Upper {
					covered++
				}
				if e.Reached {
					reached++
				}
			}
			t.Logf("%v: truth %.2f, 90%% intervals covered it in %d of %d replications", tc.method, truth, covered, reps)
			assert.GreaterOrEqual(t, covered, 165, "coverage far below 90%%")
			assert.Equal(t, reps, reached)
		})
	}
}

func TestDriverTargetIsotonic(t *testing.T) {
	// NPS falls with fix hours; 3–4 and 5 violate the order and are pooled.
	d := driverCells(t,
		[4]float64{1, 32, 6, 2}, [4]float64{2, 30, 7, 3}, [4]float64{3, 28, 8, 4},
		[4]float64{4, 25, 9, 6}, [4]float64{5, 26, 8, 6}, [4]float64{8, 22, 9, 9},
		[4]float64{12, 20, 9, 11}, [4]float64{24, 15, 10, 15}, [4]float64{48, 10, 10, 20},
	)
	opts := TargetOptions{Source: rand.NewPCG(1, 2), Resamples: 500}
	e, err := d.Target(50, opts)
	require.NoError(t, err)
	assert.Equal(t, "isotonic", e.Method)
	assert.Equal(t, -1, e.Direction)
	assert.Equal(t, 500, e.Resamples)
	assert.Equal(t, 0.95, e.Level)
	assert.True(t, e.Reached)
	// Blocks 3 (60) and {4, 5} (48.75 at 4.5): 3 + (60 − 50)/(60 − 48.75)·1.5.
	assert.InDelta(t, 3+10/11.25*1.5, e.Value, 1e-12)
	assert.Equal(t, []FitPoint{
		{1, 75}, {2, 67.5}, {3, 60}, {4.5, 48.75}, {8, 32.5}, {12, 22.5}, {24, 0}, {48, -25},
	}, e.Fit)
	assert.True(t, e.Bounded())
	assert.True(t, e.Lower < e.Value && e.Value < e.Upper, "%v < %v < %v", e.Lower, e.Value, e.Upper)
	assert.Greater(t, e.ProbReached, 0.99)

	t.Run("deterministic", func(t *testing.T) {
		a, err := d.Target(50, TargetOptions{Source: rand.NewPCG(9, 9)})
		require.NoError(t, err)
		b, err := d.Target(50, TargetOptions{Source: rand.NewPCG(9, 9)})
		require.NoError(t, err)
		assert.Equal(t, a, b)
		c, err := d.Target(50, TargetOptions{Source: rand.NewPCG(9, 10)})
		require.NoError(t, err)
		assert.NotEqual(t, [2]float64{a.Lower, a.Upper}, [2]float64{c.Lower, c.Upper})
	})
	t.Run("not reached", func(t *testing.T) {
		e, err := d.Target(99, opts)
		require.NoError(t, err)
		assert.False(t, e.Reached)
		assert.Equal(t, 1.0, e.Value, "the target lies below the fastest fix")
		assert.True(t, math.IsInf(e.Lower, -1))
		assert.Equal(t, 1.0, e.Upper)
		assert.Zero(t, e.ProbReached)

		e, err = d.Target(-99, opts)
		require.NoError(t, err)
		assert.False(t, e.Reached)
		assert.Equal(t, 48.0, e.Value)
		assert.Equal(t, 48.0, e.Lower)
		assert.True(t, math.IsInf(e.Upper, 1))
	})
	t.Run("open when rarely reached", func(t *testing.T) {
		// The fit just reaches 74 at the fastest fixes; many resamples do
		// not.
		e, err := d.Target(74, opts)
		require.NoError(t, err)
		assert.True(t, e.Reached)
		assert.Less(t, e.ProbReached, 0.95)
		assert.True(t, math.IsInf(e.Lower, -1))
		assert.False(t, e.Bounded())
	})
	t.Run("direction given", func(t *testing.T) {
		// Told that NPS rises, the fit pools everything into one block.
		e, err := d.Target(50, TargetOptions{Source: rand.NewPCG(1, 2), Direction: 1, Resamples: 50})
		require.NoError(t, err)
		assert.Equal(t, 1, e.Direction)
		assert.False(t, e.Reached)
		require.Len(t, e.Fit, 3)
		assert.Equal(t, e.Fit[0].NPS, e.Fit[2].NPS)
	})
	t.Run("unanimous values", func(t *testing.T) {
		d := driverCells(t, [4]float64{1, 10, 0, 0}, [4]float64{2, 0, 0, 10})
		e, err := d.Target(0, TargetOptions{Source: rand.NewPCG(1, 2), Resamples: 100})
		require.NoError(t, err)
		assert.Equal(t, 1.5, e.Value)
		assert.Equal(t, e.Lower, e.Upper)
		assert.NotZero(t, e.Caveats&ZeroWidth)
		assert.NotZero(t, e.Caveats&SmallSample)
	})
}

func TestDriverTargetErrors(t *testing.T) {
	d := driverBinFixture(t)
	src := rand.NewPCG(1, 2)
	for _, tc := range []struct {
		name   string
		d      *Driver
		target float64
		opts   TargetOptions
		err    error
	}{
		{"NaN target", d, math.NaN(), TargetOptions{Source: src}, ErrInvalidArgument},
		{"target above 100", d, 100.5, TargetOptions{Source: src}, ErrInvalidArgument},
		{"target below -100", d, -101, TargetOptions{Source: src}, ErrInvalidArgument},
		{"infinite target", d, math.Inf(1), TargetOptions{Source: src}, ErrInvalidArgument},
		{"unknown method", d, 0, TargetOptions{Method: 3, Source: src}, ErrInvalidArgument},
		{"negative method", d, 0, TargetOptions{Method: -1, Source: src}, ErrInvalidArgument},
		{"level 1", d, 0, TargetOptions{Level: 1, Source: src}, ErrInvalidLevel},
		{"negative level", d, 0, TargetOptions{Level: -0.5, Source: src}, ErrInvalidLevel},
		{"NaN level", d, 0, TargetOptions{Level: math.NaN(), Method: Linear}, ErrInvalidLevel},
		{"direction 2", d, 0, TargetOptions{Direction: 2, Source: src}, ErrInvalidArgument},
		{"direction -2 linear", d, 0, TargetOptions{Direction: -2, Method: Linear}, ErrInvalidArgument},
		{"negative resamples", d, 0, TargetOptions{Resamples: -1, Source: src}, ErrInvalidArgument},
		{"too many resamples", d, 0, TargetOptions{Resamples: maxTargetResamples + 1, Source: src}, ErrInvalidArgument},
		{"no source", d, 0, TargetOptions{}, ErrInvalidArgument},
		{"empty", new(Driver), 0, TargetOptions{Source: src}, ErrNoResponses},
		{"only missing", func() *Driver { d := new(Driver); _ = d.AddMissing(9); return d }(), 0, TargetOptions{Method: Linear}, ErrNoResponses},
		{"one value", driverCells(t, [4]float64{3, 5, 5, 5}), 0, TargetOptions{Source: src}, ErrUndefined},
		{"one value linear", driverCells(t, [4]float64{3, 5, 5, 5}), 0, TargetOptions{Method: Linear}, ErrUndefined},
		{"two responses linear", driverCells(t, [4]float64{1, 1, 0, 0}, [4]float64{2, 0, 0, 1}), 0, TargetOptions{Method: Linear}, ErrUndefined},
		{"flat line", driverCells(t, [4]float64{1, 2, 0, 2}, [4]float64{2, 1, 2, 1}), 0, TargetOptions{Method: Linear}, ErrUndefined},
		{"no direction", driverCells(t, [4]float64{1, 1, 1, 0}, [4]float64{2, 0, 0, 2}, [4]float64{3, 1, 1, 0}), 0, TargetOptions{Source: src}, ErrUndefined},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.d.Target(tc.target, tc.opts)
			require.ErrorIs(t, err, tc.err)
		})
	}
	t.Run("no direction, given", func(t *testing.T) {
		d := driverCells(t, [4]float64{1, 1, 1, 0}, [4]float64{2, 0, 0, 2}, [4]float64{3, 1, 1, 0})
		_, err := d.Target(0, TargetOptions{Source: src, Direction: -1, Resamples: 10})
		require.NoError(t, err)
	})
	t.Run("linear needs no source", func(t *testing.T) {
		_, err := d.Target(0, TargetOptions{Method: Linear})
		require.NoError(t, err)
	})
}

func TestDriverTargetExtremeValues(t *testing.T) {
	for _, xs := range [][]float64{
		{-math.MaxFloat64, math.MaxFloat64},
		{1e-320, 2e-320, 1e300},
		{math.MaxFloat64, math.Nextafter(math.MaxFloat64, 0)},
		{-1e308, 0, 1e308},
	} {
		d := new(Driver)
		for i, x := range xs {
			require.NoError(t, d.AddN(x, 10, 3+i))
			require.NoError(t, d.AddN(x, 0, 5-i))
		}
		for _, m := range []TargetMethod{Isotonic, Linear} {
			e, err := d.Target(0, TargetOptions{Method: m, Source: rand.NewPCG(1, 2), Resamples: 50})
			if err != nil {
				require.ErrorIs(t, err, ErrUndefined, "%v %v", m, xs)
				continue
			}
			assert.False(t, math.IsNaN(e.Value) || math.IsInf(e.Value, 0), "%v %v: value %v", m, xs, e.Value)
			assert.False(t, math.IsNaN(e.Lower) || math.IsNaN(e.Upper), "%v %v", m, xs)
			_, err = json.Marshal(e)
			require.NoError(t, err)
		}
		bins, err := d.QuantileBins(2, 0.95, nil)
		require.NoError(t, err)
		for _, b := range bins {
			assert.False(t, math.IsNaN(b.Mean) || math.IsInf(b.Mean, 0))
		}
	}
}

// TestResampler checks both samplers of bootstrap resamples against the
// multinomial's moments: E[nⱼ*] = nⱼ, Var(nⱼ*) = N·πⱼ(1 − πⱼ) and
// E[Sⱼ*] = Sⱼ for the net count S = P − D.
func TestResampler(t *testing.T) {
	d := driverCells(t, [4]float64{1, 5, 3, 2}, [4]float64{2, 0, 4, 6}, [4]float64{3, 12, 0, 0}, [4]float64{4, 1, 1, 1})
	dd := newDriverData(d.sorted())
	for _, direct := range []bool{true, false} {
		t.Run(fmt.Sprint("direct=", direct), func(t *testing.T) {
			rs := newResampler(&dd, -1, direct)
			require.Equal(t, direct, rs.direct)
			src := rand.NewPCG(11, 12)
			rng := rand.New(src)
			m := len(dd.x)
			xb, wb, sb := make([]float64, m), make([]float64, m), make([]float64, m)
			const draws = 20000
			sumN, sumN2, sumS := make([]float64, m), make([]float64, m), make([]float64, m)
			for range draws {
				k := rs.draw(src, rng, xb, wb, sb)
				var total float64
				for i := range k {
					j := slices.Index(dd.x, xb[i])
					if j < 0 || (i > 0 && xb[i-1] >= xb[i]) {
						t.Fatalf("resample values %v not distinct values in order", xb[:k])
					}
					sumN[j] += wb[i]
					sumN2[j] += wb[i] * wb[i]
					sumS[j] += sb[i]
					total += wb[i]
				}
				if total != dd.total {
					t.Fatalf("resample of %v responses, want %v", total, dd.total)
				}
			}
			for j := range m {
				pi := dd.n[j] / dd.total
				mean := sumN[j] / draws
				v := dd.total * pi * (1 - pi)
				assert.InDelta(t, dd.n[j], mean, 6*math.Sqrt(v/draws), "E[n*] at %v", dd.x[j])
				assert.InDelta(t, v, sumN2[j]/draws-mean*mean, 0.1*v, "Var(n*) at %v", dd.x[j])
				// E[−S*] = −S; Var(S*) ≤ N·E[s²] bounds the error.
				sv := dd.total * (dd.p[j] + dd.d[j]) / dd.total
				assert.InDelta(t, -dd.s[j], sumS[j]/draws, 6*math.Sqrt(sv/draws)+1e-9, "E[S*] at %v", dd.x[j])
			}
		})
	}
	assert.True(t, useDirect(&dd))
	big := newDriverData(driverCells(t, [4]float64{1, 500, 0, 0}, [4]float64{2, 0, 0, 500}).sorted())
	assert.False(t, useDirect(&big))
}

func TestDriverJSON(t *testing.T) {
	d := driverBinFixture(t)
	bins, err := d.Bins([]float64{4, 5, 6, 8}, 0.95, nil)
	require.NoError(t, err)
	b, err := json.Marshal(bins)
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `"lower":null`)
	assert.Contains(t, s, `"upper":null`)
	assert.Contains(t, s, `"nps":null`)
	assert.Contains(t, s, `"interval":null`)
	var back []Bin
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, bins, back)
	var one Bin
	require.ErrorIs(t, json.Unmarshal([]byte(`{"lower":1,"bogus":2}`), &one), ErrInvalidEncoding)

	e, err := driverCells(t, [4]float64{1, 9, 1, 0}, [4]float64{2, 5, 3, 2}, [4]float64{3, 1, 2, 7}).
		Target(-90, TargetOptions{Source: rand.NewPCG(1, 2), Resamples: 100})
	require.NoError(t, err)
	require.True(t, math.IsInf(e.Upper, 1))
	b, err = json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"upper":null`)
	assert.Contains(t, string(b), `"prob_reached":0`)
	assert.Contains(t, string(b), `"caveats":"none"`)
	var eb TargetEstimate
	require.NoError(t, json.Unmarshal(b, &eb))
	assert.Equal(t, e, eb)

	l, err := driverBinFixture(t).Target(0, TargetOptions{Method: Linear})
	require.NoError(t, err)
	b, err = json.Marshal(l)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"prob_reached":null`)
	var lb TargetEstimate
	require.NoError(t, json.Unmarshal(b, &lb))
	assert.Equal(t, l, lb)
	require.ErrorIs(t, json.Unmarshal([]byte(`{"value":1,"bogus":2}`), &lb), ErrInvalidEncoding)
}

func TestTargetMethodString(t *testing.T) {
	assert.Equal(t, "isotonic", Isotonic.String())
	assert.Equal(t, "linear", Linear.String())
	assert.True(t, strings.HasPrefix(TargetMethod(7).String(), "TargetMethod("))
}

// driverBench is 100 distinct values of fix hours with NPS falling, n
// responses.
func driverBench(n int) *Driver {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(i+1) * 0.5
	}
	return driverSim(rand.New(rand.NewPCG(1, 2)), n, xs,
		func(x float64) float64 { return 0.75 * math.Exp(-x/30) },
		func(x float64) float64 { return 0.05 + 0.4*(1-math.Exp(-x/20)) })
}

// Counting a known value is a map lookup and an increment.
func BenchmarkDriverAdd(b *testing.B) {
	d := driverBench(1000)
	vals := make([]float64, 1024)
	for i := range vals {
		vals[i] = float64(i%100+1) * 0.5
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := d.Add(vals[i&1023], Rating(i%11)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDriverBins(b *testing.B) {
	d := driverBench(10_000)
	b.Run("edges", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.Bins([]float64{4, 8, 24}, 0.95, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("quantile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.QuantileBins(5, 0.95, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The isotonic bootstrap with 1000 resamples over 100 distinct values,
// drawing responses one by one (n = 1000) or by binomials (n = 10⁵), and
// the linear fit.
func BenchmarkDriverTarget(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    int
		opts TargetOptions
	}{
		{"isotonic/n=1000", 1000, TargetOptions{Source: rand.NewPCG(1, 2)}},
		{"isotonic/n=1e5", 100_000, TargetOptions{Source: rand.NewPCG(1, 2)}},
		{"linear/n=1e5", 100_000, TargetOptions{Method: Linear}},
	} {
		d := driverBench(bc.n)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Target(30, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
