package numeric

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// MinCorrelationPoints is the fewest points a [Correlation] is computed
// from: the Fisher interval needs n − 3 > 0.
const MinCorrelationPoints = 4

// FewCorrelationPoints is the number of points below which a correlation
// is best treated as anecdotal, its Fisher interval being wide (a library
// choice of cut-off).
const FewCorrelationPoints = 10

// Pearson returns Pearson's product-moment correlation r of x and y
// (Pearson, K. (1895), "Note on regression and inheritance in the case of
// two parents", Proceedings of the Royal Society of London 58),
//
//	r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²),
//
// computed with gonum's stat.Correlation and clamped to [−1, 1]. It works
// on copies of x and y divided by their largest magnitude, which leaves r
// unchanged but keeps the sums of squares from overflowing (values near
// ±1e308 still give the right r); x and y are not modified.
//
// ok is false, and r 0, when x or y does not vary (which includes fewer
// than two points), holds a NaN or an infinity, or r is not a number.
// It panics if x and y differ in length.
func Pearson(x, y []float64) (r float64, ok bool) {
	if len(x) != len(y) {
		panic("numeric: Pearson of slices of different lengths")
	}
	return pearsonInPlace(slices.Clone(x), slices.Clone(y))
}

// pearsonInPlace is [Pearson], scaling x and y in place.
func pearsonInPlace(x, y []float64) (float64, bool) {
	if !scaleToUnit(x) || !scaleToUnit(y) {
		return 0, false
	}
	r := stat.Correlation(x, y, nil)
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, false
	}
	return max(-1, min(1, r)), true
}

// scaleToUnit divides v in place by its largest magnitude and reports
// whether the result still varies. A NaN or an infinity in v leaves a NaN
// in the result, and so reports false.
func scaleToUnit(v []float64) bool {
	m := 0.0
	for _, f := range v {
		m = max(m, math.Abs(f))
	}
	if m == 0 {
		return false
	}
	for k := range v {
		v[k] /= m
	}
	return slices.Min(v) < slices.Max(v)
}

// Ranks returns the ranks 1…n of the values in v, in v's order, tied
// values taking the average of the ranks they span (so 2 and 3 tie at
// 2.5), as Spearman's ρ uses them (Spearman, C. (1904), "The proof and
// measurement of association between two things", American Journal of
// Psychology 15(1)). −0 ties with 0. v should hold no NaN (NaNs rank
// below every number, each alone). It returns an empty, non-nil slice for
// an empty v.
func Ranks(v []float64) []float64 {
	order := make([]int, len(v))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	ranks := make([]float64, len(v))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && v[order[hi]] == v[order[lo]] {
			hi++
		}
		avg := float64(lo+1+hi) / 2 // mean of lo+1 … hi
		for _, k := range order[lo:hi] {
			ranks[k] = avg
		}
		lo = hi
	}
	return ranks
}

// Spearman returns Spearman's rank correlation ρ of x and y (Spearman, C.
// (1904), "The proof and measurement of association between two things",
// American Journal of Psychology 15(1)): [Pearson]'s r of their [Ranks],
// tied values taking their average rank, so that it measures how
// monotone, not how linear, the relation is, and one outlying point moves
// it less than r.
//
// ok is false, and ρ 0, when x or y does not vary or holds a NaN. It
// panics if x and y differ in length.
func Spearman(x, y []float64) (rho float64, ok bool) {
	if len(x) != len(y) {
		panic("numeric: Spearman of slices of different lengths")
	}
	if slices.ContainsFunc(x, math.IsNaN) || slices.ContainsFunc(y, math.IsNaN) {
		return 0, false
	}
	return pearsonInPlace(Ranks(x), Ranks(y))
}

// FisherInterval returns the interval at level (in (0, 1)) on a Pearson
// correlation r from n points by Fisher's z transformation (Fisher, R. A.
// (1915), "Frequency distribution of the values of the correlation
// coefficient in samples from an indefinitely large population",
// Biometrika 10(4); Fisher, R. A. (1921), "On the 'probable error' of a
// coefficient of correlation deduced from a small sample", Metron 1):
// atanh(r) is nearly normal with standard error 1/√(n − 3), so with
// z = Φ⁻¹((1 + level)/2)
//
//	[lo, hi] = tanh(atanh(r) ∓ z/√(n − 3)),
//
// widened if need be to contain r. It assumes independent points and
// roughly bivariate normal values. When r is ±1 the interval degenerates
// to r itself; with n < [MinCorrelationPoints] nothing bounds r and it is
// the whole [−1, 1].
func FisherInterval(r float64, n int, level float64) (lo, hi float64) {
	switch {
	case math.Abs(r) >= 1:
		return r, r
	case n < MinCorrelationPoints:
		return -1, 1
	}
	z := math.Atanh(r)
	h := distuv.UnitNormal.Quantile(0.5+level/2) / math.Sqrt(float64(n-3))
	return min(math.Tanh(z-h), r), max(math.Tanh(z+h), r)
}

// Correlation is how strongly two variables go together over a set of
// points: Pearson's r with its Fisher interval [Lower, Upper], and
// Spearman's ρ. See [Correlate].
type Correlation struct {
	Pearson  float64
	Lower    float64
	Upper    float64
	Spearman float64
}

// Correlate returns [Pearson]'s r of x and y, its [FisherInterval] at
// level over len(x) points, and [Spearman]'s ρ. ok is false when r is
// undefined (x or y does not vary, or holds a NaN or an infinity); ρ is
// then defined too, since ranks vary whenever the values do. Callers
// should pass at least [MinCorrelationPoints] points. It panics if x and
// y differ in length; x and y are not modified.
func Correlate(x, y []float64, level float64) (c Correlation, ok bool) {
	r, ok := Pearson(x, y)
	if !ok {
		return Correlation{}, false
	}
	rho, ok := pearsonInPlace(Ranks(x), Ranks(y))
	if !ok { // unreachable: ranks vary whenever the values do
		return Correlation{}, false
	}
	lo, hi := FisherInterval(r, len(x), level)
	return Correlation{Pearson: r, Lower: lo, Upper: hi, Spearman: rho}, true
}
