package wheel

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/servicekultur/servicekultur/internal/numeric"
)

// UnitOutcome is one unit's point for [LinkOutcomes]: its stage scores and
// its eNPS, and its customer NPS when it has one. Pass only units whose
// results were published under the minimum-group rules, each unit once,
// from the same period. Both correlations are unchanged by linear
// rescaling, so the eNPS and NPS may be on −100…100 or −1…1.
type UnitOutcome struct {
	Unit string `json:"unit"`
	// Stages maps a stage ID to the unit's normalised stage score; a stage
	// the unit has no score for is left out.
	Stages map[string]float64 `json:"stages"`
	ENPS   float64            `json:"enps"`
	// NPS is the unit's customer NPS, used only when HasNPS is set (not
	// every unit faces customers).
	NPS    float64 `json:"nps"`
	HasNPS bool    `json:"hasNPS"`
}

// Link is how strongly, across units, a stage's score goes together with
// an outcome: Pearson's r with its Fisher interval at Level, and
// Spearman's rank correlation ρ, over Units units.
//
// It is an association across units, not an effect; see [LinkOutcomes].
// FewUnits is set with fewer than 10 units: the interval is then wide and
// the correlation best treated as anecdotal (a library choice of
// cut-off).
type Link struct {
	Stage string `json:"stage"`
	// Outcome is "enps" or "nps".
	Outcome  string  `json:"outcome"`
	Units    int     `json:"units"`
	Pearson  float64 `json:"pearson"`
	Lower    float64 `json:"lower"` // Fisher interval on Pearson at Level
	Upper    float64 `json:"upper"`
	Spearman float64 `json:"spearman"`
	Level    float64 `json:"level"`
	FewUnits bool    `json:"fewUnits"`
}

// LinkOutcomes relates stage scores to outcomes across units: for every
// stage and each outcome, the eNPS of the unit's employees and, where
// units have one, their customers' NPS. This is the service-profit chain
// (Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. &
// Schlesinger, L. A. (1994), "Putting the service-profit chain to work",
// Harvard Business Review 72(2)): internal service quality drives
// employee satisfaction and loyalty, which drive the value customers get,
// their loyalty and in the end profit. level is the level of the
// intervals, 0.95 when zero.
//
// A pair (stage, outcome) is computed from the units that have both
// values, when there are at least 4 of them. Pearson is the sample
// correlation r (gonum's stat.Correlation). Its interval uses Fisher's z
// transformation (Fisher, R. A. (1921), "On the 'probable error' of a
// coefficient of correlation deduced from a small sample", Metron 1):
// atanh(r) is nearly normal with standard error 1/√(n − 3), so with
// z = Φ⁻¹((1 + level)/2)
//
//	[Lower, Upper] = tanh(atanh(r) ∓ z/√(n − 3)),
//
// assuming independent units and roughly bivariate normal values. When r
// is ±1 the interval degenerates to r itself. Spearman is Pearson's r of
// the ranks, tied values taking their average rank (Spearman, C. (1904),
// American Journal of Psychology 15(1)); one outlying unit moves it less.
//
// It is an association across units, not causation. Units whose "retain"
// stage scores well may also have a higher eNPS because of their leader,
// their workload or their size, and no interval covers that; the chain
// may also run backwards (happy customers make work pleasant). Nor does a
// unit-level correlation say how any one employee's answers relate to
// their own loyalty: that is the ecological fallacy (Robinson, W. S.
// (1950), "Ecological correlations and the behavior of individuals",
// American Sociological Review 15(3)). Use it to choose where to look,
// and judge initiatives by the change of scores and outcomes over waves.
//
// Links come stage by stage — the wheel's stage IDs ("hire", "develop",
// "support", "retain") clockwise first, then any other stage IDs in
// lexical order — with "enps" before "nps" within a stage. A pair with
// fewer than 4 units, or where every unit has the same stage score or the
// same outcome (no variance, so no correlation), is left out; the result
// may then be empty.
//
// Errors: a level outside (0, 1), a unit without ID or listed twice, and
// a NaN or infinite stage score, eNPS or (with HasNPS) NPS wrap
// [ErrInvalidOptions]; fewer than 4 units for every pair wraps
// [ErrTooFewUnits].
func LinkOutcomes(units []UnitOutcome, level float64) ([]Link, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("%w: level %v not in (0, 1)", ErrInvalidOptions, level)
	}
	seen := make(map[string]bool, len(units))
	stages := map[string]bool{}
	for _, u := range units {
		switch {
		case u.Unit == "":
			return nil, fmt.Errorf("%w: a unit without ID", ErrInvalidOptions)
		case seen[u.Unit]:
			return nil, fmt.Errorf("%w: unit %q listed twice", ErrInvalidOptions, u.Unit)
		case !linkFinite(u.ENPS):
			return nil, fmt.Errorf("%w: unit %q has eNPS %v", ErrInvalidOptions, u.Unit, u.ENPS)
		case u.HasNPS && !linkFinite(u.NPS):
			return nil, fmt.Errorf("%w: unit %q has NPS %v", ErrInvalidOptions, u.Unit, u.NPS)
		}
		seen[u.Unit] = true
		for _, id := range slices.Sorted(maps.Keys(u.Stages)) {
			if v := u.Stages[id]; !linkFinite(v) {
				return nil, fmt.Errorf("%w: unit %q has score %v for stage %q", ErrInvalidOptions, u.Unit, v, id)
			}
			stages[id] = true
		}
	}
	out := []Link{}
	enough := false
	for _, id := range linkStageOrder(stages) {
		for _, outcome := range []string{"enps", "nps"} {
			var x, y []float64
			for _, u := range units {
				v, ok := u.Stages[id]
				if !ok || (outcome == "nps" && !u.HasNPS) {
					continue
				}
				x = append(x, v)
				if outcome == "enps" {
					y = append(y, u.ENPS)
				} else {
					y = append(y, u.NPS)
				}
			}
			n := len(x)
			if n < numeric.MinCorrelationPoints {
				continue
			}
			enough = true
			c, ok := numeric.Correlate(x, y, level)
			if !ok {
				continue // no variance: no correlation
			}
			out = append(out, Link{
				Stage: id, Outcome: outcome, Units: n,
				Pearson: c.Pearson, Lower: c.Lower, Upper: c.Upper, Spearman: c.Spearman,
				Level: level, FewUnits: n < numeric.FewCorrelationPoints,
			})
		}
	}
	if !enough {
		return nil, fmt.Errorf("%w: %d units, and no stage and outcome with at least %d of them",
			ErrTooFewUnits, len(units), numeric.MinCorrelationPoints)
	}
	return out, nil
}

// linkFinite reports whether v is a finite number.
func linkFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// linkStageOrder orders stage IDs: the wheel's clockwise first, then the
// rest lexically.
func linkStageOrder(ids map[string]bool) []string {
	pos := func(id string) int {
		for s := HireRightPeople; s <= RetainBestPeople; s++ {
			if s.ID() == id {
				return int(s)
			}
		}
		return int(RetainBestPeople) + 1
	}
	out := slices.Collect(maps.Keys(ids))
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(pos(a), pos(b)), cmp.Compare(a, b))
	})
	return out
}
