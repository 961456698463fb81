package nps

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Trend is the linear trend of NPS over equally spaced periods, fitted by
// [FitTrend]. Slope, Intercept and StdErr are in points.
type Trend struct {
	Slope     float64 `json:"slope"`     // change per period, points
	Intercept float64 `json:"intercept"` // fitted NPS at period index 0, points
	// StdErr is the standard error of Slope, inflated by Inflation when the
	// periods scatter more than sampling error explains.
	StdErr float64 `json:"std_err"`
	Z      float64 `json:"z"` // Slope/StdErr
	P      float64 `json:"p"` // two-sided p-value of Z

	// Heterogeneity: the residual χ² = Σ wₜ·residₜ² on DF = k − 2 degrees
	// of freedom, its upper-tail p-value, the dispersion χ²/DF and the
	// inflation factor √max(1, χ²/DF) applied to StdErr.
	ChiSq          float64 `json:"chi_sq"`
	DF             int     `json:"df"`
	HeterogeneityP float64 `json:"heterogeneity_p"`
	Dispersion     float64 `json:"dispersion"`
	Inflation      float64 `json:"inflation"`

	Periods int `json:"periods"` // non-empty periods used (k)
	N       int `json:"n"`       // responses in them
	// Unanimous lists the indices of periods whose responses all fell in one
	// category; they were weighted with the adjusted-Wald variance (see
	// FitTrend).
	Unanimous []int `json:"unanimous,omitempty"`
}

// Fitted returns the fitted NPS in points at a period index.
func (tr Trend) Fitted(period float64) float64 { return tr.Intercept + tr.Slope*period }

// SlopeInterval returns Slope ± z·StdErr in points per period for a level
// in (0, 1).
func (tr Trend) SlopeInterval(level float64) (lower, upper float64, err error) {
	if err := checkLevel(level); err != nil {
		return 0, 0, err
	}
	h := zQuantile(level) * tr.StdErr
	return tr.Slope - h, tr.Slope + h, nil
}

// FitTrend fits the trend of NPS over periods given in time order (index 0,
// 1, 2, …; quarters, months, waves). It is a fixed-effect meta-regression:
// weighted least squares of each period's NPS yₜ on its index t with known
// variances, weights wₜ = nₜ/σₜ² (σₜ² = p + d − (p − d)²):
//
//	Slope = Σw(t − t̄)(y − ȳ) / Σw(t − t̄)²,  SE = 1/√(Σw(t − t̄)²)
//
// with weighted means t̄ and ȳ, and a z test. Because real periods often
// scatter more than sampling error explains (campaigns, seasons), SE is
// multiplied by √max(1, χ²/(k − 2)) where χ² = Σw·residual² is the
// heterogeneity statistic; both are reported. Estimating the scale from the
// k points alone instead (ordinary weighted regression) gives far too small
// p-values for smooth series and is not used.
//
// Empty periods (a zero Tally) are skipped but keep their index, so a gap
// does not shift later periods. Fewer than three non-empty periods is an
// error wrapping [ErrNoResponses]. A period whose responses all fall in one
// category has σₜ² = 0 and would get infinite weight; such a period is
// weighted with its adjusted-Wald variance instead, σ̃²/(nₜ + 3) on the
// counts plus 0.75/1.5/0.75 (see [AdjustedWald]), and is listed in
// Trend.Unanimous. An invalid period is an error naming its index.
func FitTrend(periods []Tally) (Trend, error) {
	type point struct{ t, y, w float64 }
	pts := make([]point, 0, len(periods))
	var tr Trend
	for i, p := range periods {
		if err := p.Validate(); err != nil {
			return Trend{}, fmt.Errorf("period %d: %w", i, err)
		}
		if p.N() == 0 {
			continue
		}
		c, _ := p.counts()
		v := c.variance() / c.n()
		if v == 0 {
			a := c.adjusted()
			v = a.variance() / a.n()
			tr.Unanimous = append(tr.Unanimous, i)
		}
		pts = append(pts, point{t: float64(i), y: c.nps(), w: 1 / v})
		var ok bool
		if tr.N, ok = addCounts(tr.N, p.N()); !ok {
			return Trend{}, fmt.Errorf("%w: responses across periods", ErrOverflow)
		}
	}
	k := len(pts)
	if k < 3 {
		return Trend{}, fmt.Errorf("%w: a trend needs at least 3 non-empty periods, got %d", ErrNoResponses, k)
	}
	var sw, swt, swy float64
	for _, p := range pts {
		sw += p.w
		swt += p.w * p.t
		swy += p.w * p.y
	}
	tbar, ybar := swt/sw, swy/sw
	var sxx, sxy float64
	for _, p := range pts {
		dt := p.t - tbar
		sxx += p.w * dt * dt
		sxy += p.w * dt * (p.y - ybar)
	}
	slope := sxy / sxx
	icpt := ybar - slope*tbar
	var chi2 float64
	for _, p := range pts {
		r := p.y - icpt - slope*p.t
		chi2 += p.w * r * r
	}
	df := k - 2
	tr.Slope, tr.Intercept = 100*slope, 100*icpt
	tr.ChiSq, tr.DF = chi2, df
	tr.Dispersion = chi2 / float64(df)
	tr.Inflation = math.Sqrt(math.Max(1, tr.Dispersion))
	tr.HeterogeneityP = distuv.ChiSquared{K: float64(df)}.Survival(chi2)
	tr.StdErr = 100 * tr.Inflation / math.Sqrt(sxx)
	tr.Z = tr.Slope / tr.StdErr
	tr.P = twoSidedP(tr.Z)
	tr.Periods = k
	return tr, nil
}
