package numeric

import "math"

// Wilson returns the Wilson score interval for k successes in n > 0
// trials at the normal quantile z, clamped to [0, 1] and containing k/n
// (E. B. Wilson, "Probable inference, the law of succession, and
// statistical inference", JASA 22:209–212, 1927).
func Wilson(k, n int, z float64) (lower, upper float64) {
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lower, upper = max(0, min(centre-half, p)), min(1, max(centre+half, p))
	if k == 0 {
		lower = 0
	}
	if k == n {
		upper = 1
	}
	return lower, upper
}
