package nps

import (
	"math"
	"math/rand/v2"
)

// Bootstrap is the percentile bootstrap interval (Efron & Tibshirani 1993,
// ch. 13): the (1 − level)/2 and (1 + level)/2 quantiles of the resampled
// scores
//
//	NPS* = (P* − D*)/n,  (P*, M*, D*) ~ Multinomial(n; p̂, m̂, d̂)
//
// with p̂, m̂, d̂ the observed shares. Each resample draws P* ~ Bin(n, p̂) and
// D* ~ Bin(n − P*, d̂/(1 − p̂)) with an exact sampler (inversion when
// n·min(p, 1 − p) < 10, else Hörmann's BTRD), so a call takes O(Resamples)
// time whatever n is, and allocates the Resamples scores. The quantiles
// interpolate between order statistics x₍ⱼ₎ (0-based), Hyndman & Fan's type 7
// as in R's quantile: with h = (Resamples − 1)·q,
//
//	Q(q) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
//
// found by selection in O(Resamples), without sorting.
//
// The percentile bootstrap under-covers at small n (caveat [SmallSample]
// below 30 responses), and when every response falls in one category the
// multinomial is degenerate and the interval collapses to the score (caveat
// [ZeroWidth]). Use it to match bootstrap results elsewhere; [Tango] needs no
// random numbers and behaves better at small n.
//
// For a [WeightedTally] it resamples n = round(n_eff) responses with the
// weighted shares; like every weighted interval it carries [Approximate].
//
// The interval is random but reproducible: the same seed gives the same
// interval. Each call consumes numbers from Source, so to repeat a result,
// seed a fresh source. A rand.Source is not safe for concurrent use, and
// neither is a Bootstrap whose Source is shared between goroutines; give
// each goroutine its own.
//
// Sources: B. Efron and R. J. Tibshirani, An Introduction to the Bootstrap,
// Chapman & Hall (1993), ch. 13; W. Hörmann, "The generation of binomial
// random variates", J. Stat. Comput. Simul. 46:101–110 (1993); R. J. Hyndman
// and Y. Fan, "Sample quantiles in statistical packages", The American
// Statistician 50(4):361–365 (1996).
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples; 0 means 10,000.
	// Negative values and values above 10,000,000 (80 MB of scores, long
	// past any gain in precision) are errors wrapping [ErrInvalidArgument].
	// Efron & Tibshirani advise at least 1,000 for percentile intervals.
	Resamples int
	// Source is the random source. It is required, so that results are
	// reproducible: a nil Source is an error wrapping [ErrInvalidArgument].
	Source rand.Source
}

const (
	defaultResamples = 10_000
	maxResamples     = 10_000_000
)

// String returns "bootstrap".
func (Bootstrap) String() string { return "bootstrap" }

// safeN is 30: the percentile bootstrap under-covers at small n, much as
// Wald does, whose variance it reproduces.
func (Bootstrap) safeN() int { return 30 }

func (bs Bootstrap) interval(c counts, level float64) (bounds, error) {
	r := bs.Resamples
	switch {
	case r == 0:
		r = defaultResamples
	case r < 0 || r > maxResamples:
		return bounds{}, argError("bootstrap resamples %d (want 1 to %d, or 0 for %d)", r, maxResamples, defaultResamples)
	}
	if bs.Source == nil {
		return bounds{}, argError("bootstrap needs a random source")
	}
	// Effective counts of a weighted tally are fractional; resample a whole
	// number of responses with the same shares.
	n := math.Round(c.n())
	if !(n >= 1) {
		return bounds{}, ErrNoResponses
	}
	pp := c.p / c.n()
	pd := 0.0 // detractor share among non-promoters
	if rest := c.m + c.d; rest > 0 {
		pd = min(c.d/rest, 1)
	}
	rng := rand.New(bs.Source)
	promoters := newBinomialGen(n, pp)
	// Generators for D* by n − P*, direct-mapped: at small n the few
	// values of n − P* recur and skip the set-up. The zero value is Bin(0, ·).
	var detractors [64]binomialGen
	xs := make([]float64, r)
	for i := range xs {
		p := promoters.sample(rng)
		g := &detractors[uint64(n-p)%uint64(len(detractors))]
		if g.n != n-p {
			*g = newBinomialGen(n-p, pd)
		}
		xs[i] = p - g.sample(rng)
	}
	lo, hi := quantiles7(xs, (1-level)/2, (1+level)/2)
	return bounds{lo: lo / n, hi: hi / n}, nil
}

// binomial draws from Bin(n, p) exactly (up to floating-point rounding) for
// a whole n ≥ 0 and p in [0, 1]; see [binomialGen].
func binomial(rng *rand.Rand, n, p float64) float64 {
	g := newBinomialGen(n, p)
	return g.sample(rng)
}

// binomialGen draws from Bin(n, p). It works on the smaller of p and 1 − p:
// with mean μ = n·p < 10 it inverts the distribution function by sequential
// search from 0 (on average μ + 1 steps); otherwise it uses Hörmann's BTRD,
// transformed rejection with decomposition, whose expected number of
// uniforms per draw is bounded whatever n is (measured: 2.3 at n·p = 10,
// 1.4 from n = 10⁶ on). Draws are whole numbers as float64, so any count a
// [Tally] can hold works. Setting up costs a square root and a division
// (BTRD) or an exponential and a logarithm (inversion), so a generator is
// worth keeping for repeated draws with the same n and p.
type binomialGen struct {
	n, p  float64 // p ≤ ½
	flip  bool    // the draw counts failures: the given p was above ½
	kind  uint8   // binomialPoint, binomialInversion or binomialBTRD
	point float64 // the result of a degenerate distribution
	// Inversion: f(0) = qⁿ and s = p/q.
	f0, s float64
	// BTRD: the constants of Hörmann's paper, with d = b·v_r and
	// ivr = 1/v_r, so that set-up takes one division.
	spq, a, b, c, d, ivr float64
}

const (
	binomialPoint = iota
	binomialInversion
	binomialBTRD
)

func newBinomialGen(n, p float64) binomialGen {
	switch {
	case n == 0 || p <= 0:
		return binomialGen{n: n, kind: binomialPoint}
	case p >= 1:
		return binomialGen{n: n, kind: binomialPoint, point: n}
	}
	g := binomialGen{n: n, p: p}
	if p > 0.5 {
		g.p, g.flip = 1-p, true
	}
	p = g.p
	if n*p < 10 {
		// f(0) ≥ e⁻¹⁴: no underflow.
		g.kind, g.f0, g.s = binomialInversion, math.Exp(n*math.Log1p(-p)), p/(1-p)
		return g
	}
	g.kind = binomialBTRD
	g.spq = math.Sqrt(n * p * (1 - p))
	g.b = 1.15 + 2.53*g.spq
	g.a = -0.0873 + 0.0248*g.b + 0.01*p
	g.c = n*p + 0.5
	g.d = 0.92*g.b - 4.2 // v_r = 0.92 − 4.2/b
	g.ivr = g.b / g.d
	return g
}

func (g *binomialGen) sample(rng *rand.Rand) float64 {
	var k float64
	switch g.kind {
	case binomialPoint:
		return g.point
	case binomialInversion:
		k = g.invert(rng)
	default:
		for {
			// Step 1 of BTRD: the centre of the hat, taken with probability
			// 0.86·v_r (79% at large n) and accepted without a test.
			v := rng.Float64()
			if v*g.b <= 0.86*g.d { // v ≤ 0.86·v_r
				u := v*g.ivr - 0.43
				k = math.Floor((2*g.a/(0.5-math.Abs(u))+g.b)*u + g.c)
				break
			}
			var ok bool
			if k, ok = g.btrd(rng, v); ok {
				break
			}
		}
	}
	if g.flip {
		return g.n - k
	}
	return k
}

// invert is sequential-search inversion: f(k) = f(k−1)·((n + 1)/k − 1)·p/q.
func (g *binomialGen) invert(rng *rand.Rand) float64 {
	a := (g.n + 1) * g.s
	for {
		u, f := rng.Float64(), g.f0
		for k := 0.0; k <= g.n; {
			if u < f {
				return k
			}
			u -= f
			k++
			f *= a/k - g.s
		}
		// Rounding left u above the total mass (probability ~1e-16): retry.
	}
}

// btrd is steps 2 and 3 of algorithm BTRD of Hörmann (1993), for p ≤ ½
// and n·p ≥ 10: one trial, given the first uniform v of a draw that step 1
// did not take. It reports whether k is accepted. The final acceptance test
// compares ln v with ln(f(k)/f(m)), f the binomial pmf and m its mode, by
// [btrdLogRatio].
func (g *binomialGen) btrd(rng *rand.Rand, v float64) (k float64, ok bool) {
	// Step 2: a point (u, v) in the rest of the hat.
	var u float64
	ib := 1 / g.b
	if v*g.b >= g.d { // v ≥ v_r
		u = rng.Float64() - 0.5
	} else {
		u = v*g.ivr - 0.93
		u = math.Copysign(0.5, u) - u
		v = rng.Float64() * g.d * ib
	}
	// Step 3: transform and test.
	n, p := g.n, g.p
	us := 0.5 - math.Abs(u)
	k = math.Floor((2*g.a/us+g.b)*u + g.c)
	if k < 0 || k > n { // also rejects ±Inf from us = 0
		return 0, false
	}
	alpha := (2.83 + 5.1*ib) * g.spq
	us2 := us * us
	v *= alpha * us2 / (g.a + g.b*us2) // v·α/(a/us² + b)
	m := math.Floor((n + 1) * p)
	km := math.Abs(k - m)
	if km <= 15 {
		// Step 3.1: f(k)/f(m) by recursion, f(i)/f(i−1) = (n + 1 − i)·r/i,
		// with numerators and denominators multiplied separately to spare
		// the divisions (at most 15 factors below 2⁶³: no overflow).
		r := p / (1 - p)
		num, den := 1.0, 1.0
		if m < k {
			for i := m + 1; i <= k; i++ {
				num *= (n + 1 - i) * r
				den *= i
			}
		} else {
			for i := k + 1; i <= m; i++ {
				num *= i
				den *= (n + 1 - i) * r
			}
		}
		return k, v*den <= num
	}
	// Step 3.2: squeeze with the normal approximation.
	v = math.Log(v)
	npq := g.spq * g.spq
	rho := (km / npq) * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
	t := -km * km / (2 * npq)
	if v < t-rho {
		return k, true
	}
	if v > t+rho {
		return k, false
	}
	// Step 3.3: final acceptance.
	return k, v <= btrdLogRatio(n, p, m, k)
}

// btrdLogRatio returns ln(f(k)/f(m)) for Bin(n, p) by Stirling's series,
// Hörmann's expression rearranged with log1p so that it stays accurate at
// any n:
//
//	ln(f(k)/f(m)) ≈ −(k + ½)·log1p((k − m)/(m + 1))
//	              − (n − k + ½)·log1p((m − k)/(n − m + 1))
//	              + (k − m)·ln(r·(n − m + 1)/(m + 1))
//	              + fc(m) + fc(n − m) − fc(k) − fc(n − k)
//
// with r = p/q and fc the Stirling remainder ([stirlingTail]).
func btrdLogRatio(n, p, m, k float64) float64 {
	nm := n - m + 1
	return -(k+0.5)*math.Log1p((k-m)/(m+1)) -
		(n-k+0.5)*math.Log1p((m-k)/nm) +
		(k-m)*math.Log(p*nm/((1-p)*(m+1))) +
		stirlingTail(m) + stirlingTail(n-m) - stirlingTail(k) - stirlingTail(n-k)
}

// stirlingTail returns fc(k) = ln k! − (k + ½)·ln(k + 1) + (k + 1) − ½·ln 2π,
// the remainder of Stirling's series, from a table below 10 and from
// 1/12 − 1/(360·(k+1)²) + 1/(1260·(k+1)⁴), divided by k + 1, above.
func stirlingTail(k float64) float64 {
	if k < 10 {
		return stirlingTable[int(k)]
	}
	k1 := k + 1
	k1sq := k1 * k1
	return (1.0/12 - (1.0/360-1.0/1260/k1sq)/k1sq) / k1
}

var stirlingTable = [10]float64{
	0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
	0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
	0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
	0.008330563433362871,
}

// quantiles7 returns the type 7 quantiles ql ≤ qh of xs (see [Bootstrap]),
// reordering xs. It selects rather than sorts: O(len(xs)).
func quantiles7(xs []float64, ql, qh float64) (lo, hi float64) {
	hl := float64(len(xs)-1) * ql
	hh := float64(len(xs)-1) * qh
	jl, jh := int(hl), int(hh)
	selectNth(xs, jl)
	lo = interpolate(xs, jl, hl-float64(jl))
	if jh > jl {
		selectNth(xs[jl+1:], jh-jl-1)
	}
	hi = interpolate(xs, jh, hh-float64(jh))
	return lo, hi
}

// interpolate returns x₍ⱼ₎ + g·(x₍ⱼ₊₁₎ − x₍ⱼ₎) for xs partitioned at j, so
// x₍ⱼ₊₁₎ is the minimum of xs[j+1:].
func interpolate(xs []float64, j int, g float64) float64 {
	x := xs[j]
	if g == 0 || j+1 >= len(xs) {
		return x
	}
	next := xs[j+1]
	for _, y := range xs[j+2:] {
		next = min(next, y)
	}
	return x + g*(next-x)
}

// selectNth reorders xs so that xs[k] is its k-th smallest element (from
// 0), with nothing larger before it and nothing smaller after. It is Floyd
// and Rivest's SELECT: it first selects within a small sample to find a
// pivot just beside the answer, so a partition pass keeps only a few
// elements in play and its comparisons are predictable; at tail quantiles
// it makes about n + min(k, n − k) comparisons.
//
// Source: R. W. Floyd and R. L. Rivest, "Algorithm 489: the algorithm
// SELECT", Communications of the ACM 18(3):173 (1975).
func selectNth(xs []float64, k int) {
	left, right := 0, len(xs)-1
	for right > left {
		if right-left > 600 {
			// Recurse on the sample range that holds xs[k] with high
			// probability, so that xs[k] becomes a close pivot.
			n := float64(right - left + 1)
			i := float64(k - left + 1)
			z := math.Log(n)
			s := 0.5 * math.Exp(2*z/3)
			sd := 0.5 * math.Sqrt(z*s*(n-s)/n)
			if i < n/2 {
				sd = -sd
			}
			newLeft := max(left, int(float64(k)-i*s/n+sd))
			newRight := min(right, int(float64(k)+(n-i)*s/n+sd))
			selectNth(xs[newLeft:newRight+1], k-newLeft)
		}
		// Partition xs[left..right] around t = xs[k].
		t := xs[k]
		i, j := left, right
		xs[left], xs[k] = xs[k], xs[left]
		if xs[right] > t {
			xs[right], xs[left] = xs[left], xs[right]
		}
		for i < j {
			xs[i], xs[j] = xs[j], xs[i]
			i++
			j--
			for xs[i] < t {
				i++
			}
			for xs[j] > t {
				j--
			}
		}
		if xs[left] == t {
			xs[left], xs[j] = xs[j], xs[left]
		} else {
			j++
			xs[j], xs[right] = xs[right], xs[j]
		}
		if j <= k {
			left = j + 1
		}
		if k <= j {
			right = j - 1
		}
	}
}
