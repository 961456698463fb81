package numeric

import (
	"errors"
	"math"
)

// ErrNoBracket reports that f(a) and f(b) do not have opposite signs.
var ErrNoBracket = errors.New("numeric: root not bracketed")

// Brent finds x in [a, b] with f(x) = 0, given that f(a) and f(b) have
// opposite signs (either may be infinite; a zero at an end is returned at
// once). It is Brent's method (Brent 1973, "Algorithms for Minimization
// without Derivatives", ch. 4): inverse quadratic interpolation and secant
// steps, guarded by bisection, so it converges superlinearly on smooth f and
// never slower than bisection. It stops when the bracket is narrower than
// tol (absolute) or after 200 iterations.
func Brent(f func(float64) float64, a, b, tol float64) (float64, error) {
	fa, fb := f(a), f(b)
	switch {
	case fa == 0:
		return a, nil
	case fb == 0:
		return b, nil
	case math.IsNaN(fa) || math.IsNaN(fb) || (fa > 0) == (fb > 0):
		return math.NaN(), ErrNoBracket
	}
	c, fc := a, fa
	d := b - a
	e := d
	for range 200 {
		if (fb > 0) == (fc > 0) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*0x1p-52*math.Abs(b) + 0.5*tol
		xm := 0.5 * (c - b)
		if math.Abs(xm) <= tol1 || fb == 0 {
			return b, nil
		}
		finite := !math.IsInf(fa, 0) && !math.IsInf(fb, 0) && !math.IsInf(fc, 0)
		if finite && math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			s := fb / fa
			if a == c { // secant
				p = 2 * xm * s
				q = 1 - s
			} else { // inverse quadratic interpolation
				qa := fa / fc
				r := fb / fc
				p = s * (2*xm*qa*(qa-r) - (b-a)*(r-1))
				q = (qa - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			}
			p = math.Abs(p)
			if 2*p < math.Min(3*xm*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = d
				d = p / q
			} else {
				d = xm
				e = d
			}
		} else {
			d = xm
			e = d
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else {
			b += math.Copysign(tol1, xm)
		}
		fb = f(b)
		if math.IsNaN(fb) {
			return math.NaN(), errors.New("numeric: function returned NaN")
		}
	}
	return b, nil
}
