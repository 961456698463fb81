package nps

import (
	"fmt"
	"math"

	"github.com/servicekultur/servicekultur/internal/numeric"
	"gonum.org/v1/gonum/stat/distuv"
)

// Method is a way to compute an interval for an NPS. The package provides
// the standard methods as [StandardMethod] constants ([Tango], [AdjustedWald],
// [Wald], [Jeffreys]) and two configurable ones, [Bayes] (a Dirichlet prior of
// the caller's choice) and [Bootstrap]. A nil Method means [Tango], the
// default. The interface is sealed: only this package implements it, so it
// can grow without breaking callers.
type Method interface {
	// String names the method; the name is carried in every [Interval].
	String() string
	// interval returns the limits on the unit scale (−1..1).
	interval(c counts, level float64) (bounds, error)
	// safeN is the smallest n at which the method's coverage is trustworthy;
	// below it intervals carry the [SmallSample] caveat.
	safeN() int
}

// bounds are interval limits on the unit scale with the caveats a method
// itself knows of.
type bounds struct {
	lo, hi  float64
	caveats Caveat
}

// StandardMethod names the interval methods that need no configuration.
// The zero value is not a method; [Tally.Interval] rejects it.
type StandardMethod int

// The standard interval methods. Rocks (2016) compared adapted interval
// methods for NPS on a large commercial database and found the score
// (Tango) interval and adjusted-Wald variants best; Wald is for legacy
// parity and large samples only.
const (
	// Tango is Tango's (1998) score interval for a difference of paired
	// proportions, applied to promoters and detractors: all Δ with
	// |Z(Δ)| ≤ z where
	//
	//	Z(Δ) = (P − D − nΔ) / √(n·(2q̂(Δ) + Δ(1 − Δ)))
	//	q̂(Δ) = (√(B² − 4AC) − B) / (2A),  A = 2n,
	//	B = −D − P + (2n − P + D)Δ,  C = −DΔ(1 − Δ)
	//
	// q̂ is the restricted maximum-likelihood estimate of the detractor share
	// given Δ. The limits are solved with Brent's method to 1e-13 on the
	// unit scale. The interval never leaves [−100, 100], always contains the
	// observed score and works with empty categories. It is the default.
	//
	// Sources: T. Tango, "Equivalence test and confidence interval for the
	// difference in proportions for the paired-sample design", Statistics in
	// Medicine 17:891–908 (1998); B. Rocks, "Interval Estimation for the 'Net
	// Promoter Score'", The American Statistician 70(4):365–372 (2016).
	Tango StandardMethod = iota + 1
	// AdjustedWald adds pseudo-counts of 0.75 promoters, 1.5 passives and
	// 0.75 detractors (n + 3) and applies the Wald formula to the adjusted
	// counts, as MeasuringU and the R package NPS do (Rocks 2016, after
	// Agresti & Coull). The interval is centred on the adjusted score, which
	// is shrunk towards 0, so at tiny n it can exclude the observed score;
	// limits are clamped to [−100, 100] (caveat [Clamped]).
	AdjustedWald
	// Wald is NPS ± z·√(σ²/n) with σ² = p + d − (p − d)². It under-covers
	// below about 30 responses (caveat [SmallSample]), collapses to a point
	// when one category holds every response (caveat [ZeroWidth]) and can
	// leave the scale (limits are clamped, caveat [Clamped]). Use it for
	// parity with legacy reports and for large samples only.
	Wald
	// Jeffreys is the equal-tailed Bayesian credible interval under the
	// Jeffreys prior Dirichlet(½, ½, ½), computed exactly by numerical
	// integration (see [Posterior]). It is [Bayes] with [JeffreysPrior].
	Jeffreys
)

// String returns "tango", "adjusted-wald", "wald" or "jeffreys".
func (m StandardMethod) String() string {
	switch m {
	case Tango:
		return "tango"
	case AdjustedWald:
		return "adjusted-wald"
	case Wald:
		return "wald"
	case Jeffreys:
		return "jeffreys"
	}
	return fmt.Sprintf("StandardMethod(%d)", int(m))
}

func (m StandardMethod) safeN() int {
	if m == Wald {
		return 30
	}
	return 0
}

func (m StandardMethod) interval(c counts, level float64) (bounds, error) {
	z := zQuantile(level)
	switch m {
	case Tango:
		return tangoInterval(c, z)
	case AdjustedWald:
		return waldInterval(c.adjusted(), z), nil
	case Wald:
		return waldInterval(c, z), nil
	case Jeffreys:
		return Bayes{Prior: JeffreysPrior()}.interval(c, level)
	}
	return bounds{}, argError("unknown interval method %d", int(m))
}

// zQuantile returns z = Φ⁻¹(1 − α/2) for a two-sided level 1 − α.
func zQuantile(level float64) float64 {
	return distuv.UnitNormal.Quantile(0.5 + level/2)
}

// adjusted returns the counts plus the adjusted-Wald pseudo-counts.
func (c counts) adjusted() counts {
	return counts{p: c.p + 0.75, m: c.m + 1.5, d: c.d + 0.75}
}

// waldInterval is the Wald interval on c, clamped to [−1, 1].
func waldInterval(c counts, z float64) bounds {
	est := c.nps()
	half := z * math.Sqrt(c.variance()/c.n())
	return clampBounds(est-half, est+half, -1, 1)
}

func clampBounds(lo, hi, min, max float64) bounds {
	var b bounds
	if lo < min {
		lo, b.caveats = min, b.caveats|Clamped
	}
	if hi > max {
		hi, b.caveats = max, b.caveats|Clamped
	}
	b.lo, b.hi = lo, hi
	return b
}

// tangoVar returns n·(2q̂(Δ) + Δ(1 − Δ)), the variance of P − D under the
// null hypothesis NPS = Δ (unit scale), with q̂ the restricted MLE of the
// detractor share.
func tangoVar(c counts, delta float64) float64 {
	n, p, d := c.n(), c.p, c.d
	a := 2 * n
	b := -d - p + (2*n-p+d)*delta
	cc := -d * delta * (1 - delta)
	disc := b*b - 4*a*cc
	if disc < 0 {
		disc = 0
	}
	q := (math.Sqrt(disc) - b) / (2 * a)
	return n * (2*q + delta*(1-delta))
}

// tangoZ returns Tango's score statistic Z(Δ) for the counts.
func tangoZ(c counts, delta float64) float64 {
	v := tangoVar(c, delta)
	num := c.p - c.d - c.n()*delta
	if v <= 0 {
		switch {
		case num > 0:
			return math.Inf(1)
		case num < 0:
			return math.Inf(-1)
		}
		return 0
	}
	return num / math.Sqrt(v)
}

// tangoInterval solves |Z(Δ)| = z for both limits with Brent's method.
func tangoInterval(c counts, z float64) (bounds, error) {
	est := c.nps()
	const tol = 1e-13
	lo, hi := -1.0, 1.0
	if c.d < c.n() { // all detractors: the lower limit is −1
		f := func(x float64) float64 { return tangoZ(c, x) - z }
		if f(-1) > 0 {
			r, err := numeric.Brent(f, -1, est, tol)
			if err != nil {
				return bounds{}, fmt.Errorf("nps: tango lower limit: %w", err)
			}
			lo = r
		}
	}
	if c.p < c.n() { // all promoters: the upper limit is 1
		f := func(x float64) float64 { return tangoZ(c, x) + z }
		if f(1) < 0 {
			r, err := numeric.Brent(f, est, 1, tol)
			if err != nil {
				return bounds{}, fmt.Errorf("nps: tango upper limit: %w", err)
			}
			hi = r
		}
	}
	return bounds{lo: math.Min(lo, est), hi: math.Max(hi, est)}, nil
}
