package nps

import (
	"fmt"
	"math"
)

// TangoFinite is [Tango]'s score interval with the finite-population
// correction, for a group whose size (headcount) is known and of which a
// large share answered, as in eNPS. The variance of P − D under NPS = Δ is
// multiplied by f = (N − n)/(N − 1), the correction for sampling without
// replacement (Cochran, Sampling Techniques, 3rd ed., §2.4 and §3.3):
//
//	Z(Δ) = (P − D − nΔ) / √(f · n·(2q̂(Δ) + Δ(1 − Δ)))
//
// with q̂(Δ) as for Tango, solved with Brent's method to 1e-13. The
// interval shrinks as the response rate rises and is the point estimate
// itself when everyone answered (n = N, caveat [Census]). It assumes the
// respondents are a random sample of the group; non-response is rarely
// random, and low response rates tend to flatter scores.
//
// Population must be at least n and at least 1; otherwise computing the
// interval fails with an error wrapping [ErrInvalidArgument].
type TangoFinite struct {
	Population int // N, the number of people who could have answered
}

// String returns "tango-fpc".
func (m TangoFinite) String() string { return "tango-fpc" }

func (m TangoFinite) safeN() int { return 0 }

func (m TangoFinite) interval(c counts, level float64) (bounds, error) {
	n := c.n()
	if m.Population < 1 || float64(m.Population) < n {
		return bounds{}, argError("population %d is smaller than the %v responses", m.Population, n)
	}
	est := c.nps()
	if float64(m.Population) == n {
		return bounds{lo: est, hi: est, caveats: Census}, nil
	}
	f := (float64(m.Population) - n) / (float64(m.Population) - 1)
	z := zQuantile(level) * math.Sqrt(f)
	// |Z_fpc(Δ)| ≤ z  ⇔  |Z(Δ)| ≤ z·√f, so Tango's solver applies unchanged.
	b, err := tangoInterval(c, z)
	if err != nil {
		return bounds{}, fmt.Errorf("nps: finite-population interval: %w", err)
	}
	return b, nil
}
