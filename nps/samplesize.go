package nps

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// planningVariance returns σ² on the unit scale for an expected
// distribution: p + d − (p − d)², or the worst case 1 (p = d = ½) for the
// empty tally.
func planningVariance(expected Tally) (float64, error) {
	if err := expected.Validate(); err != nil {
		return 0, err
	}
	if expected.N() == 0 {
		return 1, nil
	}
	c, _ := expected.counts()
	v := c.variance()
	if v == 0 {
		return 0, argError("expected distribution %v has zero variance; plan with the worst case (the empty Tally)", expected)
	}
	return v, nil
}

func checkMargin(name string, margin float64) error {
	if !(margin > 0 && margin <= 200) {
		return argError("%s %v must be in (0, 200] points", name, margin)
	}
	return nil
}

func ceilCount(x float64) (int, error) {
	if !(x < math.MaxInt) {
		return 0, fmt.Errorf("%w: sample size %g", ErrOverflow, x)
	}
	return max(1, int(math.Ceil(x))), nil
}

// SampleSize returns the number of responses needed for an NPS margin of
// error of ±margin points at the confidence level, given the expected
// distribution (only its shares matter; the empty Tally means the worst
// case σ² = 1):
//
//	n = ⌈z²·σ²/E²⌉,  σ² = p + d − (p − d)²,  E = margin/100
//
// At 95 %: ±5 points needs 1537 responses in the worst case, 1025 with
// p = d = ⅓. The margin is sampling error only; non-response bias is not in
// it. For a known, small population (eNPS) use [SampleSizeFinite].
func SampleSize(margin, level float64, expected Tally) (int, error) {
	n0, err := sampleSizeInfinite(margin, level, expected)
	if err != nil {
		return 0, err
	}
	return ceilCount(n0)
}

func sampleSizeInfinite(margin, level float64, expected Tally) (float64, error) {
	if err := checkMargin("margin", margin); err != nil {
		return 0, err
	}
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	v, err := planningVariance(expected)
	if err != nil {
		return 0, err
	}
	z, e := zQuantile(level), margin/100
	return z * z * v / (e * e), nil
}

// SampleSizeFinite is [SampleSize] for a finite population of known size
// (a headcount), with the finite-population correction
//
//	n = ⌈n₀·N/(n₀ + N − 1)⌉,  n₀ = z²σ²/E²
//
// At 95 %, ±5 points, worst case: 49 of 50, 178 of 200, 607 of 1000. The
// population must be at least 1.
func SampleSizeFinite(margin, level float64, expected Tally, population int) (int, error) {
	if population < 1 {
		return 0, argError("population %d must be at least 1", population)
	}
	n0, err := sampleSizeInfinite(margin, level, expected)
	if err != nil {
		return 0, err
	}
	big := float64(population)
	n, err := ceilCount(n0 * big / (n0 + big - 1))
	return min(n, population), err
}

// SampleSizeDiff returns the responses needed per group to detect a
// difference of delta points between two independent groups with a
// two-sided test at the level (1 − α) and the given power, both in (0, 1):
//
//	n = ⌈(z₁₋α/₂ + z_power)²·(σ₁² + σ₂²)/δ²⌉
//
// with σ² from each group's expected distribution (the empty Tally is the
// worst case, 1). At 95 % and 80 % power, worst case: 1570 per group for 10
// points, 393 for 20.
func SampleSizeDiff(delta, level, power float64, a, b Tally) (int, error) {
	if err := checkMargin("difference", delta); err != nil {
		return 0, err
	}
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	if err := checkLevel(power); err != nil {
		return 0, fmt.Errorf("power: %w", err)
	}
	va, err := planningVariance(a)
	if err != nil {
		return 0, fmt.Errorf("group a: %w", err)
	}
	vb, err := planningVariance(b)
	if err != nil {
		return 0, fmt.Errorf("group b: %w", err)
	}
	zs := zQuantile(level) + distuv.UnitNormal.Quantile(power)
	d := delta / 100
	return ceilCount(zs * zs * (va + vb) / (d * d))
}
