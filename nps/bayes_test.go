package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// Reference credible intervals (95%, points). The first block is the
// Jeffreys table of nps-statistics.md (two decimals). The precise values
// were computed independently with mpmath at 20 digits: the Gil-Pelaez
// integral with adaptive tanh-sinh quadrature, cross-checked against the
// conditional-beta integral P(NPS ≤ t) = E_u[I_{(t+u)/(1−u)}(α_pro, α_pas)],
// u ~ Beta(α_det, α_pro + α_pas), and solved by the Illinois method to 1e-13.
var bayesRefs = []struct {
	t      Tally
	prior  Prior
	lo, hi float64
	tol    float64
}{
	{Tally{1, 0, 0}, JeffreysPrior(), -58.6406285676, 97.6324342557, 1e-5},
	{Tally{0, 1, 0}, JeffreysPrior(), -70.7328565246, 70.7328565246, 1e-5},
	{Tally{10, 5, 3}, JeffreysPrior(), 0.369156387486, 66.3849807651, 1e-5},
	{Tally{7, 2, 1}, JeffreysPrior(), 6.99008010298, 84.9373927857, 1e-5},
	{Tally{4, 3, 5}, JeffreysPrior(), -50.2906360636, 37.1121950173, 1e-5},
	{Tally{19, 1, 0}, JeffreysPrior(), 67.8500456903, 98.563592748, 1e-5},
	{Tally{45, 30, 25}, JeffreysPrior(), 3.70605811046, 35.1395411861, 1e-5},
	{Tally{500, 300, 200}, JeffreysPrior(), 25.0774176746, 34.7473479951, 1e-5},
	{Tally{120000, 50000, 30000}, JeffreysPrior(), 44.6750514658, 45.3236157352, 1e-5},
	{Tally{0, 0, 1}, JeffreysPrior(), -97.6324342557, 58.6406285676, 1e-5},
	{Tally{}, JeffreysPrior(), -93.0228250296, 93.0228250296, 1e-5},
	{Tally{863, 1, 0}, JeffreysPrior(), 99.1566142351, 99.966556376, 1e-5},
	{Tally{799, 4, 1}, JeffreysPrior(), 98.1223028619, 99.6695095437, 1e-5},
	{Tally{1, 300, 1}, JeffreysPrior(), -1.18494749539, 1.18494749539, 1e-5},
	{Tally{2, 0, 500}, JeffreysPrior(), -99.7790447849, -97.3355952203, 1e-5},
	{Tally{3, 1, 0}, JeffreysPrior(), -4.82595912781, 92.9397105023, 1e-5},
	{Tally{3, 0, 0}, UniformPrior(), -16.7446792598, 92.515415725, 1e-5},
	{Tally{5, 5, 5}, Prior{2, 2, 2}, -33.9696104749, 33.9696104749, 1e-5},
}

func TestBayesReference(t *testing.T) {
	for _, r := range bayesRefs {
		post, err := r.t.Posterior(r.prior)
		require.NoError(t, err)
		iv, err := post.Interval(0.95)
		require.NoError(t, err)
		assert.InDelta(t, r.lo, iv.Lower, r.tol, "%v %v lower", r.t, r.prior)
		assert.InDelta(t, r.hi, iv.Upper, r.tol, "%v %v upper", r.t, r.prior)
		assert.Equal(t, r.t.N(), iv.N)

		if r.t.N() == 0 {
			continue
		}
		// The same through Tally.Interval.
		var m Method = Bayes{Prior: r.prior}
		if r.prior == JeffreysPrior() {
			m = Jeffreys
		}
		iv2, err := r.t.Interval(0.95, m)
		require.NoError(t, err)
		assert.InDelta(t, r.lo, iv2.Lower, r.tol)
		assert.InDelta(t, r.hi, iv2.Upper, r.tol)
		assert.Equal(t, iv.Method, iv2.Method)
		assert.InDelta(t, iv2.Estimate, iv.Estimate, 1e-12)
	}
}

func TestPosteriorCDFReference(t *testing.T) {
	// P(NPS ≤ x) from mpmath (30 digits), both integral forms agreeing.
	cases := []struct {
		t    Tally
		x, p float64
	}{
		{Tally{10, 5, 3}, 30, 0.34902480686447264612},
		{Tally{1, 0, 0}, -30, 0.078109320950102844676},
		{Tally{19, 1, 0}, 0, 2.36599466461905665e-7},
		{Tally{19, 1, 0}, 98.563592748, 0.97500000000053446},
		{Tally{1, 0, 0}, 0, 0.5 - 1/math.Pi}, // closed form for Dirichlet(3/2, 1/2, 1/2)
	}
	for _, c := range cases {
		post, err := c.t.Posterior(JeffreysPrior())
		require.NoError(t, err)
		assert.InDelta(t, c.p, post.CDF(c.x), 1e-10, "%v at %v", c.t, c.x)
		assert.InDelta(t, 1-c.p, post.ProbAbove(c.x), 1e-10)
	}
}

// TestPosteriorMonteCarlo checks the exact CDF against Dirichlet draws made
// from gamma variates, an independent route to the same distribution.
func TestPosteriorMonteCarlo(t *testing.T) {
	src := rand.NewPCG(7, 11)
	for _, tl := range []Tally{{2, 1, 0}, {12, 9, 14}, {300, 20, 80}} {
		post, err := tl.Posterior(JeffreysPrior())
		require.NoError(t, err)
		a := post.params()
		var g [3]distuv.Gamma
		for j := range 3 {
			g[j] = distuv.Gamma{Alpha: a[j], Beta: 1, Src: src}
		}
		const draws = 200_000
		xs := []float64{-50, 0, 20, 50, 70}
		var below [5]int
		var sum float64
		for range draws {
			p, m, d := g[0].Rand(), g[1].Rand(), g[2].Rand()
			v := 100 * (p - d) / (p + m + d)
			sum += v
			for i, x := range xs {
				if v <= x {
					below[i]++
				}
			}
		}
		for i, x := range xs {
			want := post.CDF(x)
			se := math.Sqrt(want*(1-want)/draws) + 1e-9
			got := float64(below[i]) / draws
			assert.InDelta(t, want, got, 5*se, "%v at %v", tl, x)
		}
		assert.InDelta(t, post.Mean(), sum/draws, 5*post.StdDev()/math.Sqrt(draws))
	}
}

func TestPosteriorMoments(t *testing.T) {
	post, err := Tally{10, 5, 3}.Posterior(JeffreysPrior())
	require.NoError(t, err)
	// α = (10.5, 5.5, 3.5), A = 19.5.
	assert.InDelta(t, 100*7.0/19.5, post.Mean(), 1e-12)
	nu, s := 7.0/19.5, 14.0/19.5
	assert.InDelta(t, 100*math.Sqrt((s-nu*nu)/20.5), post.StdDev(), 1e-12)
	assert.Equal(t, Prior{10.5, 5.5, 3.5}, post.Params())
	assert.Equal(t, 18, post.N())

	// Median and quantiles invert the CDF.
	med := post.Median()
	assert.InDelta(t, 0.5, post.CDF(med), 1e-10)
	for _, q := range []float64{1e-6, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999} {
		x, err := post.Quantile(q)
		require.NoError(t, err)
		assert.InDelta(t, q, post.CDF(x), 1e-9, "q=%v", q)
	}
	lo, err := post.Quantile(0)
	require.NoError(t, err)
	hi, err := post.Quantile(1)
	require.NoError(t, err)
	assert.Equal(t, -100.0, lo)
	assert.Equal(t, 100.0, hi)
}

func TestPosteriorShape(t *testing.T) {
	for _, tl := range []Tally{{0, 0, 0}, {3, 1, 0}, {40, 10, 25}, {5000, 2000, 3000}} {
		post, err := tl.Posterior(JeffreysPrior())
		require.NoError(t, err)
		mirror, err := Tally{tl.Detractors, tl.Passives, tl.Promoters}.Posterior(JeffreysPrior())
		require.NoError(t, err)
		prev := 0.0
		for x := -100.0; x <= 100; x += 2.5 {
			F := post.CDF(x)
			assert.GreaterOrEqual(t, F, prev-1e-12, "%v: CDF not monotone at %v", tl, x)
			prev = F
			// NPS of the mirrored tally is −NPS.
			assert.InDelta(t, 1-F, mirror.CDF(-x), 1e-9, "%v at %v", tl, x)
		}
		assert.Equal(t, 0.0, post.CDF(-100))
		assert.Equal(t, 1.0, post.CDF(100))
		assert.Equal(t, 0.0, post.CDF(-1e300))
		assert.Equal(t, 1.0, post.CDF(math.Inf(1)))
		assert.True(t, math.IsNaN(post.CDF(math.NaN())))
		assert.True(t, math.IsNaN(post.ProbAbove(math.NaN())))
	}
	// Far tails are exactly 0 or 1, not rounding noise.
	big, err := Tally{500_000_000, 300_000_000, 200_000_000}.Posterior(Prior{})
	require.NoError(t, err)
	assert.Equal(t, 1.0, big.ProbAbove(0))
	assert.Equal(t, 0.0, big.ProbAbove(31))
	assert.InDelta(t, 0.5, big.CDF(big.Median()), 1e-9)
}

func TestPosteriorZeroValue(t *testing.T) {
	var zero Posterior
	jeff, err := Tally{}.Posterior(JeffreysPrior())
	require.NoError(t, err)
	assert.Equal(t, jeff.Mean(), zero.Mean())
	assert.Equal(t, jeff.CDF(25), zero.CDF(25))
	iv, err := zero.Interval(0.95)
	require.NoError(t, err)
	assert.InDelta(t, -93.0228250296, iv.Lower, 1e-5)
	assert.Equal(t, 0, iv.N)
	assert.Equal(t, "jeffreys", iv.Method)

	// The zero Prior and the zero Bayes mean Jeffreys.
	p0, err := Tally{7, 2, 1}.Posterior(Prior{})
	require.NoError(t, err)
	assert.Equal(t, Prior{7.5, 2.5, 1.5}, p0.Params())
	a, err := Tally{7, 2, 1}.Interval(0.95, Bayes{})
	require.NoError(t, err)
	b, err := Tally{7, 2, 1}.Interval(0.95, Jeffreys)
	require.NoError(t, err)
	assert.Equal(t, a.Lower, b.Lower)
	assert.Equal(t, a.Upper, b.Upper)
	assert.Equal(t, "bayes(0.5,0.5,0.5)", a.Method)
	assert.Equal(t, "jeffreys", b.Method)
}

func TestPosteriorErrors(t *testing.T) {
	bad := []Prior{{-1, 1, 1}, {1, 0, 1}, {math.NaN(), 1, 1}, {1, math.Inf(1), 1}, {0, 0, 1}}
	for _, p := range bad {
		_, err := Tally{1, 2, 3}.Posterior(p)
		assert.ErrorIs(t, err, ErrInvalidArgument, "%v", p)
		_, err = Tally{1, 2, 3}.Interval(0.95, Bayes{Prior: p})
		assert.ErrorIs(t, err, ErrInvalidArgument, "%v", p)
		assert.ErrorIs(t, p.Validate(), ErrInvalidArgument)
	}
	_, err := Tally{-1, 2, 3}.Posterior(Prior{})
	assert.ErrorIs(t, err, ErrNegativeCount)
	_, err = Tally{}.Interval(0.95, Jeffreys)
	assert.ErrorIs(t, err, ErrNoResponses)

	post, err := Tally{1, 2, 3}.Posterior(Prior{})
	require.NoError(t, err)
	for _, q := range []float64{-0.1, 1.1, math.NaN(), math.Inf(1)} {
		_, err := post.Quantile(q)
		assert.ErrorIs(t, err, ErrInvalidArgument, "q=%v", q)
	}
	for _, level := range []float64{0, 1, -1, math.NaN()} {
		_, err := post.Interval(level)
		assert.ErrorIs(t, err, ErrInvalidLevel)
		assert.False(t, errors.Is(err, ErrNoResponses))
	}
}

func TestBayesString(t *testing.T) {
	assert.Equal(t, "bayes(1,1,1)", Bayes{Prior: UniformPrior()}.String())
	assert.Equal(t, "bayes(0.25,2,0.5)", Bayes{Prior: Prior{0.25, 2, 0.5}}.String())
	assert.Equal(t, "jeffreys", Jeffreys.String())
}

func TestBayesWeighted(t *testing.T) {
	var w WeightedTally
	for i, r := range []Rating{10, 9, 9, 8, 7, 3, 10, 10, 6, 9} {
		require.NoError(t, w.Add(r, 1+float64(i%3)))
	}
	iv, err := w.Interval(0.95, Jeffreys)
	require.NoError(t, err)
	assert.Less(t, iv.Lower, iv.Estimate)
	assert.Greater(t, iv.Upper, iv.Estimate)
	assert.NotZero(t, iv.Caveats&Approximate)
}

// TestGilPelaezRefinement checks the adaptive grid against a grid refined
// 256 times over random tallies, skewed ones included, at the quantiles
// intervals use.
func TestGilPelaezRefinement(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	for range 300 {
		n := int(math.Exp(rng.Float64() * math.Log(1e5)))
		p := rng.Float64()
		d := rng.Float64() * (1 - p)
		if rng.IntN(4) == 0 { // one category dominating
			p = 1 - rng.Float64()*0.02
			d = (1 - p) * rng.Float64()
		}
		P, D := int(float64(n)*p), int(float64(n)*d)
		tl := Tally{P, n - P - D, D}
		post, err := tl.Posterior(JeffreysPrior())
		require.NoError(t, err)
		q := []float64{0.0005, 0.005, 0.025, 0.5, 0.975, 0.995, 0.9995}[rng.IntN(7)]
		x, err := post.Quantile(q)
		require.NoError(t, err)
		ref, _, _ := gilPelaezRefined(post.params(), x/100, false, gpMaxRefine)
		got, _, _ := gilPelaez(post.params(), x/100, false)
		worst = math.Max(worst, math.Abs(got-ref))
		assert.InDelta(t, ref, got, 2e-6, "%v q=%v", tl, q)
	}
	t.Logf("worst absolute CDF error %.2g", worst)
}

// TestSaddleContour cross-checks the saddle-contour inversion against the
// real-axis Gil-Pelaez integral refined 64 times: two independent
// quadratures of the same distribution function, with its first
// derivative, on tallies where one category dominates and on balanced ones,
// with Jeffreys and small fitted priors.
func TestSaddleContour(t *testing.T) {
	priors := [][3]float64{{0.5, 0.5, 0.5}, {0.6, 0.25, 0.15}, {0.1, 0.05, 0.05}, {3, 1.5, 1}}
	tallies := [][3]float64{{0, 0, 0}, {3, 0, 0}, {20, 0, 0}, {200, 0, 0}, {0, 20, 0},
		{0, 0, 20}, {10, 0, 10}, {20, 1, 0}, {5, 3, 2}, {500, 2, 0}, {0, 300, 0},
		{450000, 300000, 250000}}
	worst := 0.0
	for _, p := range priors {
		for _, tl := range tallies {
			a := [3]float64{tl[0] + p[0], tl[1] + p[1], tl[2] + p[2]}
			po := Posterior{alpha: a}
			m, sd, _ := po.moments()
			for _, x := range []float64{m - 2*sd, m - 0.5*sd, m + sd, m + 2.5*sd} {
				if x <= -1 || x >= 1 {
					continue
				}
				ref, rf, _ := gilPelaezRefined(a, x, true, 64)
				F, f, _, _ := saddleCDF(a, x, true)
				worst = math.Max(worst, math.Abs(F-ref))
				assert.InDelta(t, ref, F, 1e-10, "%v at %v", a, x)
				assert.InDelta(t, rf, f, 1e-6*math.Abs(rf)+1e-9, "density, %v at %v", a, x)
			}
		}
	}
	t.Logf("worst absolute difference %.2g", worst)
}
