package enps

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/servicekultur/servicekultur/internal/numeric"
)

var (
	// ErrTooFewUnits reports an association asked of fewer than 4 units,
	// too few for the Fisher interval (which needs n − 3 > 0).
	ErrTooFewUnits = errors.New("enps: too few units")
	// ErrUndefined reports a statistic that the data do not define, such
	// as a correlation when every unit has the same eNPS or the same share.
	ErrUndefined = errors.New("enps: statistic undefined for these data")
)

// DriverScore is the favourability of the survey items tagged with one of
// the five I's in a group of responses: of the Answers given to those
// items, Favourable were at or above the item's favourable threshold (see
// [Item]). Share is Favourable/Answers, with its Wilson score interval at
// 95% in [Lower, Upper].
//
// The Wilson interval (Wilson, E. B. (1927), "Probable inference, the law
// of succession, and statistical inference", JASA 22(158)) is, with
// p̂ = Share, n = Answers and z = Φ⁻¹(0.975) ≈ 1.96,
//
//	centre = (p̂ + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
//
// clamped to [0, 1] (it is never empty and does not collapse at 0 or 1 as
// the Wald interval does). 9 favourable of 10 gives [0.596, 0.982]. It
// treats answers as independent, though one respondent answers every item
// of an I, so with several items per I the interval is somewhat too
// narrow; read it as a guide, not a test. With no answers Share is 0 and
// the interval is the whole [0, 1].
type DriverScore struct {
	I          I       `json:"i"`
	Items      int     `json:"items"`   // items tagged with this I
	Answers    int     `json:"answers"` // answers on the scale to those items
	Favourable int     `json:"favourable"`
	Share      float64 `json:"share"` // Favourable / Answers
	Lower      float64 `json:"lower"`
	Upper      float64 `json:"upper"`
}

// driverZ95 is Φ⁻¹(0.975), the normal quantile of a two-sided 95%
// interval.
var driverZ95 = distuv.UnitNormal.Quantile(0.975)

// driverScores scores the five I's over the responses rs[k] for k in idx
// (every k must index rs). Each I that tags at least one of items gets a
// [DriverScore], in [AllIs] order; untagged items are ignored. Answers to
// item IDs not in items, and answers off an item's scale (which submission
// rejects anyway), are ignored. Item IDs are assumed unique, as
// [Wave.Validate] requires.
//
// It allocates only the result: per response it looks up each tagged item
// in the response's answers, O(len(idx) · len(items)) map look-ups.
func driverScores(items []Item, rs []Response, idx []int32) []DriverScore {
	var acc [Incentives + 1]DriverScore
	for k := range items {
		if i := items[k].I; i.Valid() {
			acc[i].Items++
		}
	}
	for _, r := range idx {
		answers := rs[r].Items
		if len(answers) == 0 {
			continue
		}
		for k := range items {
			it := &items[k]
			if !it.I.Valid() {
				continue
			}
			a, ok := answers[it.ID]
			if !ok {
				continue
			}
			if lo, hi, _ := it.bounds(); a < lo || a > hi {
				continue
			}
			acc[it.I].Answers++
			if it.favourable(a) {
				acc[it.I].Favourable++
			}
		}
	}
	n := 0
	for _, i := range AllIs() {
		if acc[i].Items > 0 {
			n++
		}
	}
	out := make([]DriverScore, 0, n)
	for i := Inspire; i <= Incentives; i++ {
		s := acc[i]
		if s.Items == 0 {
			continue
		}
		s.I = i
		s.Lower, s.Upper = 0, 1
		if s.Answers > 0 {
			s.Share = float64(s.Favourable) / float64(s.Answers)
			s.Lower, s.Upper = numeric.Wilson(s.Favourable, s.Answers, driverZ95)
		}
		out = append(out, s)
	}
	return out
}

// UnitDriver is one unit's point for [Associate]: its eNPS and its
// favourable share for one I (a [DriverScore.Share]). Pass only units whose
// results were published under the anonymity rules. Both correlations are
// unchanged by linear rescaling, so the eNPS may be on −100…100 or −1…1.
type UnitDriver struct {
	Unit  string  `json:"unit"`
	ENPS  float64 `json:"enps"`
	Share float64 `json:"share"`
}

// Association is how strongly, across units, the favourable share of one
// I goes together with the eNPS: Pearson's r with its Fisher interval at
// Level, and Spearman's rank correlation ρ, over Units units.
//
// It is an association across units, not an effect. Units where the
// Inform items score well may also have higher eNPS because of their
// leader, their workload or their size, and no interval covers that.
// Nor does a unit-level correlation say how any one employee's answers
// relate (Robinson, W. S. (1950), "Ecological correlations and the
// behavior of individuals", American Sociological Review 15(3)). Use it to
// choose where to look, and judge initiatives by the change in eNPS over
// waves.
//
// FewUnits is set with fewer than 10 units: the interval is then wide and
// the correlation best treated as anecdotal (a library choice of cut-off).
type Association struct {
	I        I       `json:"i"`
	Units    int     `json:"units"`
	Pearson  float64 `json:"pearson"`
	Lower    float64 `json:"lower"` // Fisher interval on Pearson at Level
	Upper    float64 `json:"upper"`
	Spearman float64 `json:"spearman"`
	Level    float64 `json:"level"`
	FewUnits bool    `json:"fewUnits"`
}

// Associate correlates the favourable share of I i with the eNPS across
// the units in points (one point per unit).
//
// Pearson is the sample correlation r (computed with gonum's
// stat.Correlation). Its interval at the level uses Fisher's z
// transformation (Fisher, R. A. (1915), "Frequency distribution of the
// values of the correlation coefficient in samples from an indefinitely
// large population", Biometrika 10(4); Fisher, R. A. (1921), "On the
// 'probable error' of a coefficient of correlation deduced from a small
// sample", Metron 1): atanh(r) is nearly normal with standard error
// 1/√(n − 3), so with z = Φ⁻¹((1 + level)/2)
//
//	[Lower, Upper] = tanh(atanh(r) ∓ z/√(n − 3)).
//
// It assumes the units are independent and the two variables roughly
// bivariate normal. When r is ±1 the interval degenerates to r itself.
// Spearman is Spearman's ρ, Pearson's r of the ranks, with tied values
// given their average rank (Spearman, C. (1904), "The proof and
// measurement of association between two things", American Journal of
// Psychology 15(1)); it is less sensitive to one outlying unit.
//
// Errors: i not one of the five I's, a level outside (0, 1), a NaN or
// infinite eNPS or share, or a unit listed twice wrap [ErrInvalidRequest];
// fewer than 4 units wrap [ErrTooFewUnits]; the same eNPS or the same
// share in every unit wraps [ErrUndefined].
func Associate(i I, points []UnitDriver, level float64) (Association, error) {
	switch {
	case !i.Valid():
		return Association{}, fmt.Errorf("%w: unknown I %d", ErrInvalidRequest, uint8(i))
	case !(level > 0 && level < 1):
		return Association{}, fmt.Errorf("%w: level %v not in (0, 1)", ErrInvalidRequest, level)
	}
	n := len(points)
	seen := make(map[string]bool, n)
	x, y := make([]float64, n), make([]float64, n)
	for k, p := range points {
		switch {
		case math.IsNaN(p.ENPS) || math.IsInf(p.ENPS, 0):
			return Association{}, fmt.Errorf("%w: unit %q has eNPS %v", ErrInvalidRequest, p.Unit, p.ENPS)
		case math.IsNaN(p.Share) || math.IsInf(p.Share, 0):
			return Association{}, fmt.Errorf("%w: unit %q has share %v", ErrInvalidRequest, p.Unit, p.Share)
		case seen[p.Unit]:
			return Association{}, fmt.Errorf("%w: unit %q listed twice", ErrInvalidRequest, p.Unit)
		}
		seen[p.Unit] = true
		x[k], y[k] = p.Share, p.ENPS
	}
	if n < numeric.MinCorrelationPoints {
		return Association{}, fmt.Errorf("%w: %d units, at least %d needed for an association", ErrTooFewUnits, n, numeric.MinCorrelationPoints)
	}
	c, ok := numeric.Correlate(x, y, level)
	if !ok {
		return Association{}, fmt.Errorf("%w: %s share or eNPS is the same in every unit", ErrUndefined, i)
	}
	return Association{
		I: i, Units: n, Pearson: c.Pearson, Lower: c.Lower, Upper: c.Upper, Spearman: c.Spearman,
		Level: level, FewUnits: n < numeric.FewCorrelationPoints,
	}, nil
}
