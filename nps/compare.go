package nps

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Comparison is the result of a significance test on an NPS difference.
// Diff, StdErr and the interval limits are in points.
type Comparison struct {
	Diff   float64 `json:"diff"`    // signed difference, points: a − b, after − before, or score − benchmark
	StdErr float64 `json:"std_err"` // standard error of Diff, points (> 0)
	Z      float64 `json:"z"`       // test statistic
	P      float64 `json:"p"`       // two-sided p-value
	N      int     `json:"n"`       // responses behind the test (both groups for independent groups)
	Test   string  `json:"test"`    // "wald", "paired" or "score"
	// Caveats flags a test to read with care: SmallSample when a group has
	// fewer than 30 responses, where the normal approximation is unreliable
	// and the choice of method can decide significance.
	Caveats Caveat `json:"caveats"`
}

// Significant reports whether P < alpha.
func (c Comparison) Significant(alpha float64) bool { return c.P < alpha }

// twoSidedP returns 2·(1 − Φ(|z|)) as 2·Φ(−|z|), which gonum computes
// with erfc, so tiny p-values keep their precision. (1 − Φ(|z|) rounds them
// to 0, and gonum's Normal.Survival is computed as 1 − erf, so it does too.)
func twoSidedP(z float64) float64 {
	return math.Min(1, 2*distuv.UnitNormal.CDF(-math.Abs(z)))
}

// Compare tests whether two independent groups (segments, teams, periods
// with different respondents) differ in NPS, with the Wald z-test:
//
//	Diff = NPS_a − NPS_b,  SE = √(σ²_a/n_a + σ²_b/n_b),  Z = Diff/SE
//
// where σ² = p + d − (p − d)² is each group's per-respondent variance, and
// P is two-sided. The difference is signed (the R package NPS loses the
// sign). Either group empty is an error wrapping [ErrNoResponses]; a zero
// standard error (both groups unanimous) is an error wrapping
// [ErrUndefined], never p = 0 or 1. Below 30 responses in a group the result
// carries [SmallSample]: prefer [DiffInterval] with [Tango] there.
//
// For the same respondents measured twice use [ComparePaired]; for one
// group against a fixed value use [CompareBenchmark]; for many segments
// adjust the p-values with [AdjustHolm] or [AdjustBH].
func Compare(a, b Tally) (Comparison, error) {
	ca, err := a.counts()
	if err != nil {
		return Comparison{}, fmt.Errorf("group a: %w", err)
	}
	cb, err := b.counts()
	if err != nil {
		return Comparison{}, fmt.Errorf("group b: %w", err)
	}
	diff := ca.nps() - cb.nps()
	se := math.Sqrt(ca.variance()/ca.n() + cb.variance()/cb.n())
	if !(se > 0) {
		return Comparison{}, fmt.Errorf("%w: zero standard error (%v vs %v: each group unanimous)", ErrUndefined, a, b)
	}
	z := diff / se
	c := Comparison{Diff: 100 * diff, StdErr: 100 * se, Z: z, P: twoSidedP(z), N: a.N() + b.N(), Test: "wald"}
	if a.N() < 30 || b.N() < 30 {
		c.Caveats |= SmallSample
	}
	return c, nil
}

// DiffInterval returns an interval for NPS_a − NPS_b (points, in
// [−200, 200]) for independent groups. The method decides the construction:
//
//   - [Wald]: Diff ± z·√(σ²_a/n_a + σ²_b/n_b); a zero standard error is an
//     error wrapping [ErrUndefined].
//
//   - [AdjustedWald]: the Wald difference after adding the pseudo-counts
//     0.75/1.5/0.75 to each group (MeasuringU; the R package's two-sample
//     adjusted Wald), clamped.
//
//   - any other method (nil means [Tango]): MOVER (Zou & Donner 2008,
//     "Construction of confidence limits about effect measures", Statistics
//     in Medicine 27:1693–1702), combining the groups' single-sample
//     intervals [l₁, u₁] and [l₂, u₂] around the estimates:
//
//     L = Diff − √((NPS_a − l₁)² + (u₂ − NPS_b)²)
//     U = Diff + √((u₁ − NPS_a)² + (NPS_b − l₂)²)
//
//     With Tango this is the analogue of Newcombe's hybrid score interval
//     and behaves well at small n and extreme splits.
func DiffInterval(a, b Tally, level float64, method Method) (Interval, error) {
	if err := checkLevel(level); err != nil {
		return Interval{}, err
	}
	ca, err := a.counts()
	if err != nil {
		return Interval{}, fmt.Errorf("group a: %w", err)
	}
	cb, err := b.counts()
	if err != nil {
		return Interval{}, fmt.Errorf("group b: %w", err)
	}
	if method == nil {
		method = Tango
	}
	diff := ca.nps() - cb.nps()
	iv := Interval{Estimate: 100 * diff, Level: level, N: a.N() + b.N()}
	var bd bounds
	switch method {
	case Wald, AdjustedWald:
		if method == AdjustedWald {
			ca, cb = ca.adjusted(), cb.adjusted()
		}
		se := math.Sqrt(ca.variance()/ca.n() + cb.variance()/cb.n())
		if !(se > 0) {
			return Interval{}, fmt.Errorf("%w: zero standard error (%v vs %v)", ErrUndefined, a, b)
		}
		center, half := ca.nps()-cb.nps(), zQuantile(level)*se
		bd = clampBounds(center-half, center+half, -2, 2)
		iv.Method = method.String()
	default:
		ba, err := method.interval(ca, level)
		if err != nil {
			return Interval{}, fmt.Errorf("group a: %w", err)
		}
		bb, err := method.interval(cb, level)
		if err != nil {
			return Interval{}, fmt.Errorf("group b: %w", err)
		}
		ea, eb := ca.nps(), cb.nps()
		bd = clampBounds(
			diff-math.Hypot(ea-ba.lo, bb.hi-eb),
			diff+math.Hypot(ba.hi-ea, eb-bb.lo), -2, 2)
		bd.caveats |= ba.caveats | bb.caveats
		iv.Method = "mover-" + method.String()
	}
	iv.Lower, iv.Upper, iv.Caveats = 100*bd.lo, 100*bd.hi, bd.caveats
	if a.N() < method.safeN() || b.N() < method.safeN() {
		iv.Caveats |= SmallSample
	}
	if iv.Upper-iv.Lower == 0 {
		iv.Caveats |= ZeroWidth
	}
	return iv, nil
}

// Paired is a before × after table of the same respondents' categories:
// Paired[i][j] counts respondents who were category i before and j after,
// with index 0 = detractor, 1 = passive, 2 = promoter (use
// [Category.Index]). Use it for pulse panels and before/after an
// intervention, where the independent-groups test is wrong.
type Paired [3][3]int

// Index returns the category's row or column in a [Paired] table: 0 for a
// detractor, 1 for a passive, 2 for a promoter, and −1 for an invalid
// category.
func (c Category) Index() int {
	if !c.Valid() {
		return -1
	}
	return int(c) - 1
}

// Add records one respondent's categories before and after.
func (pt *Paired) Add(before, after Category) error {
	i, j := before.Index(), after.Index()
	if i < 0 || j < 0 {
		return argError("paired categories %v → %v", before, after)
	}
	if pt[i][j] == math.MaxInt {
		return fmt.Errorf("%w: paired cell %v → %v", ErrOverflow, before, after)
	}
	pt[i][j]++
	return nil
}

// Before returns the tally of the first measurement (row sums).
func (pt Paired) Before() Tally {
	var t Tally
	for j := range 3 {
		t.Detractors += pt[0][j]
		t.Passives += pt[1][j]
		t.Promoters += pt[2][j]
	}
	return t
}

// After returns the tally of the second measurement (column sums).
func (pt Paired) After() Tally {
	var t Tally
	for i := range 3 {
		t.Detractors += pt[i][0]
		t.Passives += pt[i][1]
		t.Promoters += pt[i][2]
	}
	return t
}

// ComparePaired tests the change in NPS for the same respondents measured
// twice. Each respondent's change is dᵢ = s_after − s_before ∈ {−2, …, 2}
// (s = +1/0/−1), and
//
//	Diff = mean(d),  SE = √((mean(d²) − Diff²)/n),  Z = Diff/SE
//
// the standard large-sample paired-mean test. The independent-groups
// formula ([Compare]) ignores the correlation between the two measurements
// and is wrong here. When every respondent keeps their category the change
// is exactly 0 with zero SE: that is an error wrapping [ErrUndefined], not
// p = 1. Negative or overflowing cells are errors; an empty table wraps
// [ErrNoResponses].
func ComparePaired(pt Paired) (Comparison, error) {
	var n, sum, sumSq int
	for i := range 3 {
		for j := range 3 {
			c := pt[i][j]
			if c < 0 {
				return Comparison{}, fmt.Errorf("%w: paired cell [%d][%d] = %d", ErrNegativeCount, i, j, c)
			}
			var ok bool
			if n, ok = addCounts(n, c); !ok {
				return Comparison{}, fmt.Errorf("%w: paired table", ErrOverflow)
			}
			d := j - i // score change: index difference equals s_after − s_before
			sum += d * c
			sumSq += d * d * c
		}
	}
	if n == 0 {
		return Comparison{}, ErrNoResponses
	}
	fn := float64(n)
	mean := float64(sum) / fn
	v := float64(sumSq)/fn - mean*mean
	if !(v > 0) {
		return Comparison{}, fmt.Errorf("%w: every respondent kept their category; the change has zero standard error", ErrUndefined)
	}
	se := math.Sqrt(v / fn)
	z := mean / se
	c := Comparison{Diff: 100 * mean, StdErr: 100 * se, Z: z, P: twoSidedP(z), N: n, Test: "paired"}
	if n < 30 {
		c.Caveats |= SmallSample
	}
	return c, nil
}

// CompareBenchmark tests one group's NPS against a fixed benchmark in
// points (strictly inside (−100, 100)) with the score test: Z = Z(Δ₀) of
// Tango's statistic (see [Tango]) at Δ₀ = benchmark/100. At a benchmark of 0
// it reduces to McNemar's z = (P − D)/√(P + D); passives drop out. Diff is
// NPS − benchmark and StdErr its standard error under the null
// hypothesis, √(2q̂ + Δ₀(1 − Δ₀))/√n. If that is zero (benchmark 0 and no
// promoters or detractors) the error wraps [ErrUndefined].
func CompareBenchmark(t Tally, benchmark float64) (Comparison, error) {
	if !(benchmark > -100 && benchmark < 100) {
		return Comparison{}, argError("benchmark %v must be inside (−100, 100) points", benchmark)
	}
	c, err := t.counts()
	if err != nil {
		return Comparison{}, err
	}
	d0 := benchmark / 100
	v := tangoVar(c, d0)
	if !(v > 0) {
		return Comparison{}, fmt.Errorf("%w: score statistic undefined for %v against %v", ErrUndefined, t, benchmark)
	}
	n := c.n()
	diff := c.nps() - d0
	se := math.Sqrt(v) / n
	z := diff / se
	cmp := Comparison{Diff: 100 * diff, StdErr: 100 * se, Z: z, P: twoSidedP(z), N: t.N(), Test: "score"}
	if t.N() < 30 {
		cmp.Caveats |= SmallSample
	}
	return cmp, nil
}
