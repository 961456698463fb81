package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// The sampler tests use fixed seeds: they are deterministic and cannot
// flake, and their thresholds (six standard errors, chi-square at p = 1e-6)
// leave room for any seed while failing a biased or mis-shaped sampler.

func TestBinomialMoments(t *testing.T) {
	cases := []struct {
		name string
		n, p float64
	}{
		{"n=0", 0, 0.3},
		{"p=0", 1000, 0},
		{"p=1", 1000, 1},
		{"n=1", 1, 0.3},
		{"tiny", 5, 0.3},
		{"inversion edge", 33, 0.3},      // n·p = 9.9
		{"btrd edge", 34, 0.3},           // n·p = 10.2
		{"flipped", 100, 0.9},            // BTRD on 1 − p
		{"flipped inversion", 100, 0.97}, // inversion on 1 − p
		{"small p huge n", 1e15, 3e-15},  // inversion, n·p = 3
		{"moderate", 1000, 0.45},         // BTRD, recursive test
		{"large", 1e6, 0.5},              // BTRD, squeeze and final test
		{"huge", 1e9, 0.45},              // BTRD
		{"extreme", 1e15, 0.2},           // BTRD, beyond any survey
		{"near max", 9e18, 0.5},          // a Tally's largest n
		{"small p", 1e6, 2.5e-5},         // BTRD at n·p = 25
	}
	const draws = 200_000
	rng := rand.New(rand.NewPCG(7, 11))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mean, variance := tc.n*tc.p, tc.n*tc.p*(1-tc.p)
			var s1, s2 float64 // sums of deviations from the mean, exact at large n
			for range draws {
				x := binomial(rng, tc.n, tc.p)
				require.True(t, x >= 0 && x <= tc.n && x == math.Floor(x), "draw %v outside 0..%v", x, tc.n)
				dev := x - mean
				s1 += dev
				s2 += dev * dev
			}
			m1, m2 := s1/draws, s2/draws
			if variance == 0 {
				assert.Zero(t, m1)
				assert.Zero(t, m2)
				return
			}
			se := math.Sqrt(variance / draws)
			assert.InDelta(t, 0, m1, 6*se+1e-9*math.Abs(mean), "mean %v, want %v", mean+m1, mean)
			// Var of the sample variance: (μ₄ − σ⁴)/N, μ₄/σ⁴ = 3 + (1 − 6pq)/σ².
			pq := tc.p * (1 - tc.p)
			rel := math.Sqrt((2 + (1-6*pq)/variance) / draws)
			assert.InEpsilon(t, variance, m2, 6*rel, "variance")
		})
	}
}

func TestBinomialChiSquare(t *testing.T) {
	cases := []struct {
		n, p float64
	}{
		{20, 0.3},    // inversion
		{1000, 0.45}, // BTRD
		{40, 0.5},    // BTRD, mostly the recursive test
		{200, 0.8},   // BTRD on 1 − p
		{1e5, 0.5},   // BTRD, squeeze and final test
		{60, 0.1},    // inversion, skewed
	}
	const draws = 400_000
	rng := rand.New(rand.NewPCG(3, 5))
	for _, tc := range cases {
		d := distuv.Binomial{N: tc.n, P: tc.p}
		counts := make(map[float64]int)
		for range draws {
			counts[binomial(rng, tc.n, tc.p)]++
		}
		// Cells of expected count ≥ 20 around the mean; tails pooled.
		mean, sd := tc.n*tc.p, math.Sqrt(tc.n*tc.p*(1-tc.p))
		lo, hi := math.Max(0, math.Floor(mean-6*sd)), math.Min(tc.n, math.Ceil(mean+6*sd))
		for lo < mean && draws*d.CDF(lo) < 20 {
			lo++
		}
		for hi > mean && draws*d.Survival(hi-1) < 20 {
			hi--
		}
		var chi2 float64
		var observedLow, observedHigh int
		for k, c := range counts {
			switch {
			case k <= lo:
				observedLow += c
			case k >= hi:
				observedHigh += c
			}
		}
		cell := func(obs int, exp float64) { chi2 += (float64(obs) - exp) * (float64(obs) - exp) / exp }
		cell(observedLow, draws*d.CDF(lo))
		cell(observedHigh, draws*d.Survival(hi-1))
		for k := lo + 1; k < hi; k++ {
			cell(counts[k], draws*d.Prob(k))
		}
		df := hi - lo // cells − 1
		crit := distuv.ChiSquared{K: df}.Quantile(1 - 1e-6)
		assert.Less(t, chi2, crit, "Bin(%v, %v): chi-square %.1f on %v df", tc.n, tc.p, chi2, df)
	}
}

func TestBTRDLogRatio(t *testing.T) {
	// Reference: ln(f(k)/f(m)) as a sum of ln(f(i)/f(i−1)) =
	// ln((n − i + 1)·p/(i·q)), accurate where lgamma differences are not.
	ref := func(n, p, m, k float64) float64 {
		sign, lo, hi := 1.0, m, k
		if k < m {
			sign, lo, hi = -1, k, m
		}
		var s float64
		for i := lo + 1; i <= hi; i++ {
			s += math.Log((n - i + 1) * p / (i * (1 - p)))
		}
		return sign * s
	}
	for _, tc := range []struct{ n, p, k float64 }{
		{40, 0.3, 0}, {40, 0.3, 25}, {1000, 0.45, 400}, {1000, 0.45, 520},
		{1e5, 0.5, 49_000}, {1e6, 0.01, 10_500}, {1e6, 0.01, 9_000}, {1e7, 0.3, 3_001_000},
		{1e12, 0.4, 4e11 + 2e6},
	} {
		m := math.Floor((tc.n + 1) * tc.p)
		want := ref(tc.n, tc.p, m, tc.k)
		assert.InDelta(t, want, btrdLogRatio(tc.n, tc.p, m, tc.k), 1e-9*math.Max(1, math.Abs(want)), "%+v", tc)
	}
}

func TestStirlingTail(t *testing.T) {
	for k := range 40 {
		lg, _ := math.Lgamma(float64(k) + 1)
		want := lg - (float64(k)+0.5)*math.Log(float64(k)+1) + float64(k) + 1 - 0.5*math.Log(2*math.Pi)
		assert.InDelta(t, want, stirlingTail(float64(k)), 1e-10, "k = %d", k)
	}
}

func TestQuantiles7(t *testing.T) {
	// Reference: sort, then interpolate (Hyndman & Fan type 7).
	ref := func(xs []float64, q float64) float64 {
		s := slices.Sorted(slices.Values(xs))
		h := float64(len(s)-1) * q
		j := int(math.Floor(h))
		if j+1 >= len(s) {
			return s[j]
		}
		return s[j] + (h-float64(j))*(s[j+1]-s[j])
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, size := range []int{1, 2, 3, 10, 101, 601, 602, 1000, 10_000, 100_003} {
		for _, distinct := range []int{1, 3, 50, 1 << 30} { // many ties to none
			xs := make([]float64, size)
			for i := range xs {
				xs[i] = float64(rng.IntN(distinct))
			}
			for _, level := range []float64{0.01, 0.5, 0.9, 0.95, 0.99, 0.999999} {
				ql, qh := (1-level)/2, (1+level)/2
				wl, wh := ref(xs, ql), ref(xs, qh)
				lo, hi := quantiles7(slices.Clone(xs), ql, qh)
				assert.Equal(t, wl, lo, "size %d, distinct %d, level %v", size, distinct, level)
				assert.Equal(t, wh, hi, "size %d, distinct %d, level %v", size, distinct, level)
			}
		}
	}
	// Orders that trip up naive pivots.
	for _, size := range []int{700, 5000} {
		for name, f := range map[string]func(i int) float64{
			"sorted":   func(i int) float64 { return float64(i) },
			"reversed": func(i int) float64 { return float64(-i) },
			"equal":    func(int) float64 { return 7 },
			"sawtooth": func(i int) float64 { return float64(i % 17) },
			"organ":    func(i int) float64 { return float64(min(i, size-i)) },
		} {
			xs := make([]float64, size)
			for i := range xs {
				xs[i] = f(i)
			}
			for _, k := range []int{0, 1, size / 40, size / 2, size - size/40, size - 1} {
				ys := slices.Clone(xs)
				selectNth(ys, k)
				want := slices.Sorted(slices.Values(xs))[k]
				require.Equal(t, want, ys[k], "%s %d, k = %d", name, size, k)
				for i := range ys {
					require.True(t, (i <= k || ys[i] >= want) && (i >= k || ys[i] <= want), "%s %d, k = %d: not partitioned at %d", name, size, k, i)
				}
			}
		}
	}

	xs := []float64{5, 1, 4, 2, 3}
	lo, hi := quantiles7(xs, 0.1, 0.9)
	assert.InDelta(t, 1.4, lo, 1e-12)
	assert.InDelta(t, 4.6, hi, 1e-12)
}

func seeded(seed uint64) Bootstrap { return Bootstrap{Source: rand.NewPCG(seed, 2)} }

func TestBootstrapInterval(t *testing.T) {
	tl := Tally{500, 300, 200}
	iv, err := tl.Interval(0.95, Bootstrap{Source: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	tango, err := tl.Interval(0.95, Tango)
	require.NoError(t, err)
	assert.InDelta(t, tango.Lower, iv.Lower, 0.5)
	assert.InDelta(t, tango.Upper, iv.Upper, 0.5)
	assert.Equal(t, "bootstrap", iv.Method)
	assert.Equal(t, 1000, iv.N)
	assert.Equal(t, 0.95, iv.Level)
	assert.InDelta(t, 30, iv.Estimate, 1e-12)
	assert.Equal(t, Caveat(0), iv.Caveats)
	assert.True(t, iv.Contains(iv.Estimate))

	// Large n: the bootstrap reproduces the Wald interval.
	big := Tally{450_000, 300_000, 250_000}
	iv, err = big.Interval(0.95, seeded(1))
	require.NoError(t, err)
	wald, _ := big.Interval(0.95, Wald)
	assert.InDelta(t, wald.Lower, iv.Lower, 0.02)
	assert.InDelta(t, wald.Upper, iv.Upper, 0.02)
}

// The ideal bootstrap limits (the exact quantiles of the bootstrap
// distribution) are from the reference table in the statistics notes; with
// many resamples the interval lands within one support step (100/n points).
func TestBootstrapIdeal(t *testing.T) {
	for _, tc := range []struct {
		t      Tally
		lo, hi float64
	}{
		{Tally{1, 0, 0}, 100, 100},
		{Tally{0, 1, 0}, 0, 0},
		{Tally{10, 5, 3}, 0, 72.22},
		{Tally{7, 2, 1}, 20, 100},
		{Tally{4, 3, 5}, -58.33, 41.67},
		{Tally{19, 1, 0}, 85, 100},
		{Tally{45, 30, 25}, 4, 36},
		{Tally{500, 300, 200}, 25.1, 34.8},
	} {
		iv, err := tc.t.Interval(0.95, Bootstrap{Resamples: 200_000, Source: rand.NewPCG(4, 2)})
		require.NoError(t, err)
		step := 100/float64(tc.t.N()) + 0.01
		assert.InDelta(t, tc.lo, iv.Lower, step, "%v: %v", tc.t, iv)
		assert.InDelta(t, tc.hi, iv.Upper, step, "%v: %v", tc.t, iv)
	}
}

func TestBootstrapHugeCounts(t *testing.T) {
	// Near the largest tally an int can hold, the sampler stays exact enough
	// that the interval is a hair around the score.
	tl := Tally{math.MaxInt / 2, math.MaxInt / 4, math.MaxInt / 4}
	iv, err := tl.Interval(0.95, seeded(1))
	require.NoError(t, err)
	assert.InDelta(t, 25, iv.Lower, 1e-6)
	assert.InDelta(t, 25, iv.Upper, 1e-6)
	assert.Less(t, iv.Lower, iv.Upper)
	assert.True(t, iv.Contains(iv.Estimate), "%v", iv)
}

func TestBootstrapReproducible(t *testing.T) {
	for _, tl := range []Tally{{10, 5, 3}, {500, 300, 200}, {450_000, 300_000, 250_000}} {
		a, err := tl.Interval(0.95, seeded(1))
		require.NoError(t, err)
		b, err := tl.Interval(0.95, seeded(1))
		require.NoError(t, err)
		assert.Equal(t, a, b, "same seed, same interval")
	}
	// At n = 10⁶ the bootstrap distribution is practically continuous, so
	// other seeds give other limits.
	tl := Tally{450_000, 300_000, 250_000}
	a, _ := tl.Interval(0.95, seeded(1))
	for seed := range uint64(5) {
		b, err := tl.Interval(0.95, seeded(seed+2))
		require.NoError(t, err)
		assert.NotEqual(t, a.Lower, b.Lower)
		assert.NotEqual(t, a.Upper, b.Upper)
	}
	// A shared source moves on: the second call differs.
	bs := seeded(1)
	first, _ := tl.Interval(0.95, bs)
	second, _ := tl.Interval(0.95, bs)
	assert.Equal(t, a, first)
	assert.NotEqual(t, first, second)
	// 0 resamples means 10,000.
	c, _ := tl.Interval(0.95, Bootstrap{Resamples: 10_000, Source: rand.NewPCG(1, 2)})
	assert.Equal(t, a, c)
}

func TestBootstrapLevels(t *testing.T) {
	for _, tl := range []Tally{{10, 5, 3}, {45, 30, 25}, {500, 300, 200}, {2, 7, 999}} {
		prev := Interval{Lower: math.Inf(1), Upper: math.Inf(-1)}
		for _, level := range []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999999} {
			iv, err := tl.Interval(level, seeded(9)) // same resamples at every level
			require.NoError(t, err)
			assert.LessOrEqual(t, iv.Lower, prev.Lower, "%v at %v", tl, level)
			assert.GreaterOrEqual(t, iv.Upper, prev.Upper, "%v at %v", tl, level)
			assert.GreaterOrEqual(t, iv.Lower, -100.0)
			assert.LessOrEqual(t, iv.Upper, 100.0)
			assert.True(t, iv.Contains(iv.Estimate), "%v at %v: %v", tl, level, iv)
			prev = iv
		}
	}
}

func TestBootstrapErrors(t *testing.T) {
	tl := Tally{10, 5, 3}
	for _, tc := range []struct {
		name string
		t    Tally
		m    Bootstrap
		lvl  float64
		want error
	}{
		{"nil source", tl, Bootstrap{}, 0.95, ErrInvalidArgument},
		{"negative resamples", tl, Bootstrap{Resamples: -1, Source: rand.NewPCG(1, 2)}, 0.95, ErrInvalidArgument},
		{"too many resamples", tl, Bootstrap{Resamples: maxResamples + 1, Source: rand.NewPCG(1, 2)}, 0.95, ErrInvalidArgument},
		{"level 0", tl, seeded(1), 0, ErrInvalidLevel},
		{"level 1", tl, seeded(1), 1, ErrInvalidLevel},
		{"level NaN", tl, seeded(1), math.NaN(), ErrInvalidLevel},
		{"level 95", tl, seeded(1), 95, ErrInvalidLevel},
		{"empty", Tally{}, seeded(1), 0.95, ErrNoResponses},
		{"negative count", Tally{-1, 2, 3}, seeded(1), 0.95, ErrNegativeCount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.t.Interval(tc.lvl, tc.m)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	// The counts path itself guards against no responses.
	_, err := seeded(1).interval(counts{d: 0.2}, 0.95)
	assert.ErrorIs(t, err, ErrNoResponses)
}

func TestBootstrapCaveats(t *testing.T) {
	for _, tc := range []struct {
		t      Tally
		lo, hi float64
		want   Caveat
	}{
		{Tally{10, 5, 3}, math.NaN(), math.NaN(), SmallSample},
		{Tally{10, 0, 0}, 100, 100, SmallSample | ZeroWidth},
		{Tally{0, 40, 0}, 0, 0, ZeroWidth},
		{Tally{0, 0, 1000}, -100, -100, ZeroWidth},
		{Tally{20, 6, 4}, math.NaN(), math.NaN(), 0},
	} {
		iv, err := tc.t.Interval(0.95, seeded(1))
		require.NoError(t, err)
		assert.Equal(t, tc.want, iv.Caveats, "%v: %v", tc.t, iv)
		if !math.IsNaN(tc.lo) {
			assert.Equal(t, tc.lo, iv.Lower)
			assert.Equal(t, tc.hi, iv.Upper)
		}
	}
}

func TestBootstrapWeighted(t *testing.T) {
	// 600 responses; promoters weigh 1.5, the rest 1 or 0.7, so the
	// effective counts are fractional.
	var wt WeightedTally
	for i := range 600 {
		var r Rating
		var w float64
		switch i % 6 {
		case 0, 1, 2:
			r, w = 10, 1.5
		case 3:
			r, w = 8, 1
		case 4:
			r, w = 3, 1
		default:
			r, w = 5, 0.7
		}
		require.NoError(t, wt.Add(r, w))
	}
	iv, err := wt.Interval(0.95, seeded(1))
	require.NoError(t, err)
	tango, err := wt.Interval(0.95, Tango)
	require.NoError(t, err)
	assert.Equal(t, "bootstrap", iv.Method)
	assert.Equal(t, 600, iv.N)
	assert.Equal(t, Approximate, iv.Caveats)
	assert.Equal(t, tango.Estimate, iv.Estimate)
	assert.InDelta(t, tango.Lower, iv.Lower, 0.7)
	assert.InDelta(t, tango.Upper, iv.Upper, 0.7)

	// A tiny weighted tally: n_eff below 30.
	var small WeightedTally
	require.NoError(t, small.Add(10, 1))
	require.NoError(t, small.Add(9, 3))
	require.NoError(t, small.Add(2, 0.5))
	iv, err = small.Interval(0.95, seeded(1))
	require.NoError(t, err)
	assert.Equal(t, SmallSample|Approximate, iv.Caveats)
	assert.LessOrEqual(t, iv.Lower, iv.Upper)
}

func TestBootstrapDiffInterval(t *testing.T) {
	a, b := Tally{500, 300, 200}, Tally{450, 300, 250}
	iv, err := DiffInterval(a, b, 0.95, seeded(1))
	require.NoError(t, err)
	tango, err := DiffInterval(a, b, 0.95, Tango)
	require.NoError(t, err)
	assert.Equal(t, "mover-bootstrap", iv.Method)
	assert.InDelta(t, tango.Lower, iv.Lower, 0.7)
	assert.InDelta(t, tango.Upper, iv.Upper, 0.7)
}

func FuzzBootstrap(f *testing.F) {
	f.Add(uint16(10), uint16(5), uint16(3), uint64(1), 0.95)
	f.Add(uint16(1), uint16(0), uint16(0), uint64(2), 0.5)
	f.Add(uint16(0), uint16(0), uint16(0), uint64(3), 0.9)
	f.Add(uint16(65535), uint16(1), uint16(65535), uint64(4), 0.999999)
	f.Add(uint16(0), uint16(7), uint16(0), uint64(5), 1e-9)
	f.Add(uint16(3), uint16(3), uint16(3), uint64(6), math.NaN())
	f.Fuzz(func(t *testing.T, p, m, d uint16, seed uint64, level float64) {
		tl := Tally{int(p), int(m), int(d)}
		iv, err := tl.Interval(level, Bootstrap{Resamples: 500, Source: rand.NewPCG(seed, 0)})
		if err != nil {
			if !errors.Is(err, ErrInvalidLevel) && !errors.Is(err, ErrNoResponses) {
				t.Fatalf("%v at %v: unexpected error %v", tl, level, err)
			}
			return
		}
		if !(iv.Lower <= iv.Upper && iv.Lower >= -100 && iv.Upper <= 100) {
			t.Fatalf("%v at %v: %v", tl, level, iv)
		}
	})
}
