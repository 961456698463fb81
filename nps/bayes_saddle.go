package nps

import (
	"math"
)

// saddleCDF returns P(NPS ≤ x) for Dirichlet(a) on the unit scale and,
// when deriv is set, its first two derivatives in x, with the number of
// integrand evaluations. It inverts the moment generating function
// M(s) = E[exp(sY)] = Π (1 − λ_j s)^(−a_j) of Y (see [Posterior]) along the
// vertical line Re s = c through the saddle point of Φ(s) = log M(s) −
// log|s| on the side of the smaller tail:
//
//	P(Y < 0) = −(1/π) ∫₀^∞ Re[M(c + it)/(c + it)] dt   for c < 0,
//	P(Y > 0) = (1/π) ∫₀^∞ Re[M(c + it)/(c + it)] dt    for c > 0.
//
// On that line the linear phase that makes the real-axis integrand
// oscillate (the mean of Y) is cancelled, so when one category dominates,
// where [gilPelaez] would need a grid refined many times, this integrand
// stays smooth and tail probabilities keep their relative accuracy. The
// derivatives follow from ∂/∂x [M(s)/s] = M(s)·A(s) and ∂²/∂x² [M(s)/s] =
// M(s)·s·(A(s)² + B(s)), with A = −Σ a_j/(1 − λ_j s) and
// B = Σ a_j/(1 − λ_j s)², since dλ_j/dx = −1. The integral is taken with
// the exp–sinh trapezoidal rule t = σ·exp(π/2·sinh τ), σ = Φ”(c)^(−1/2),
// halving the step until two successive sums agree to 1e-8 (the
// double-exponential rule then has about twice as many correct digits).
//
// Source: C. W. Helstrom, "Comment: Distribution of quadratic forms in
// normal random variables—evaluation by numerical integration", SIAM J.
// Sci. Stat. Comput. 4:353–356 (1983), who integrates along the same line
// for quadratic forms; H. E. Daniels, "Saddlepoint approximations in
// statistics", Ann. Math. Statist. 25:631–650 (1954), for the saddle point.
func saddleCDF(a [3]float64, x float64, deriv bool) (F, f, f2 float64, nodes int) {
	if x <= -1 {
		return 0, 0, 0, 0
	}
	if x >= 1 {
		return 1, 0, 0, 0
	}
	lam := [3]float64{1 - x, -x, -(1 + x)}
	var mean float64
	lo, hi := math.Inf(-1), math.Inf(1)
	for j, l := range lam {
		mean += a[j] * l
		switch {
		case l > 0:
			hi = math.Min(hi, 1/l)
		case l < 0:
			lo = math.Max(lo, 1/l)
		}
	}
	// Φ(s) = log M(s) − log|s| is convex on each side of 0 and tends to
	// +∞ at both ends of its side of the strip (lo, hi) where M exists, so
	// Newton's method safeguarded by bisection on Φ' finds its minimum.
	upper := mean <= 0 // c > 0: F = 1 − P(Y > 0)
	var bl, bh float64
	if upper {
		bl, bh = 0, hi
	} else {
		bl, bh = lo, 0
	}
	phi1 := func(s float64) (d1, d2 float64) {
		for j, l := range lam {
			if l == 0 {
				continue
			}
			e := 1 - l*s
			d1 += a[j] * l / e
			d2 += a[j] * l * l / (e * e)
		}
		return d1 - 1/s, d2 + 1/(s*s)
	}
	// Start from the Gaussian approximation log M(s) ≈ mean·s + v·s²/2,
	// for which Φ'(s) = 0 is mean·s + v·s² − 1 = 0.
	var v float64
	for j, l := range lam {
		v += a[j] * l * l
	}
	root := math.Sqrt(mean*mean + 4*v)
	if !upper {
		root = -root
	}
	s := (-mean + root) / (2 * v)
	if !(s > bl && s < bh) {
		s = 0.5 * (bl + bh)
	}
	var d2 float64
	for range 100 {
		var d1 float64
		d1, d2 = phi1(s)
		if d1 > 0 {
			bh = s
		} else {
			bl = s
		}
		next := s - d1/d2
		if !(next > bl && next < bh) {
			next = 0.5 * (bl + bh)
		}
		done := math.Abs(next-s) <= 1e-10*math.Abs(s)
		s = next
		if done {
			break
		}
	}
	_, d2 = phi1(s)
	c := s
	st := 1 / math.Sqrt(d2)
	var alpha [3]float64
	var logM0 float64
	for j, l := range lam {
		alpha[j] = 1 - l*c
		logM0 -= a[j] * math.Log(alpha[j])
	}
	// The integrand at t divided by M(c) = exp(logM0), in polar form:
	// 1 − λ_j(c + it) = α_j·(1 − i·r_j) with r_j = λ_j t/α_j.
	eval := func(t float64) (g0, g1, g2 float64) {
		var lm, th float64
		for j, l := range lam {
			if l == 0 {
				continue
			}
			r := l * t / alpha[j]
			lm -= 0.5 * a[j] * math.Log1p(r*r)
			th += a[j] * math.Atan(r)
		}
		mag := math.Exp(lm)
		sn, cs := math.Sincos(th)
		M := complex(mag*cs, mag*sn)
		sc := complex(c, t)
		g0 = real(M / sc)
		if deriv {
			var A, B complex128
			for j, l := range lam {
				e := complex(alpha[j], -l*t)
				A -= complex(a[j], 0) / e
				B += complex(a[j], 0) / (e * e)
			}
			g1 = real(M * A)
			g2 = real(M * sc * (A*A + B))
		}
		return
	}
	// exp–sinh trapezoid in τ: t = st·exp(π/2·sinh τ).
	var s0, s1, s2 float64
	term := func(tau float64) float64 {
		e := math.Exp(tau)
		sh, ch := 0.5*(e-1/e), 0.5*(e+1/e)
		t := st * math.Exp(math.Pi/2*sh)
		jac := t * math.Pi / 2 * ch
		g0, g1, g2 := eval(t)
		nodes++
		s0 += g0 * jac
		s1 += g1 * jac
		s2 += g2 * jac
		return math.Abs(g0*jac) + math.Abs(g1*jac)*st
	}
	// Walk out from τ = 0 with step ½ until the terms vanish, then halve
	// the step, reusing the nodes already summed.
	h := 0.5
	const tol = 1e-18
	kmin, kmax := 0, 0
	term(0)
	for k := 1; float64(k)*h < 6.5; k++ {
		kmax = k
		if term(float64(k)*h) < tol && k > 2 {
			break
		}
	}
	for k := -1; float64(k)*h > -6.5; k-- {
		kmin = k
		if term(float64(k)*h) < tol && k < -2 {
			break
		}
	}
	prev := h * s0
	for level := 1; level <= 8; level++ {
		h /= 2
		kmin, kmax = 2*kmin, 2*kmax
		for k := kmin + 1; k < kmax; k += 2 {
			term(float64(k) * h)
		}
		cur := h * s0
		if math.Abs(cur-prev) < 1e-8*math.Abs(cur)+1e-300 && level >= 1 {
			prev = cur
			break
		}
		prev = cur
	}
	scale := math.Exp(logM0) / math.Pi
	F = -prev * scale
	if upper {
		F = 1 + F
	}
	F = math.Max(0, math.Min(1, F))
	return F, -h * s1 * scale, -h * s2 * scale, nodes
}
