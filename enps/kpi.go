package enps

import (
	"fmt"
	"math"

	"github.com/servicekultur/servicekultur/nps"
)

// Attainment reads a leader's eNPS against the target, with its interval.
type Attainment uint8

const (
	// Withheld: the leader's subtree is not published (see the cell's
	// reason), so there is nothing to read. The zero Attainment.
	Withheld Attainment = iota
	// AboveTarget: the whole interval lies above the target.
	AboveTarget
	// AtTarget: the interval contains the target; the data cannot tell.
	AtTarget
	// BelowTarget: the whole interval lies below the target.
	BelowTarget
)

// String returns "withheld", "above target", "at target" or "below target".
func (a Attainment) String() string {
	switch a {
	case AboveTarget:
		return "above target"
	case AtTarget:
		return "at target"
	case BelowTarget:
		return "below target"
	}
	return "withheld"
}

// MarshalText implements [encoding.TextMarshaler].
func (a Attainment) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// KPIResult is one leader's eNPS as a KPI: their unit's whole subtree
// against the target, subject to the anonymity rules.
type KPIResult struct {
	Leader     string       `json:"leader"`
	Unit       string       `json:"unit"`
	Status     CellStatus   `json:"status"`
	Reason     Reason       `json:"reason,omitempty"`
	Responses  int          `json:"responses,omitempty"`
	ENPS       float64      `json:"enps"`
	Interval   nps.Interval `json:"interval"`
	Target     float64      `json:"target"`
	Gap        float64      `json:"gap"` // ENPS − Target, points
	Met        bool         `json:"met"` // ENPS ≥ Target
	Attainment Attainment   `json:"attainment"`
}

// KPI reads every managed unit's subtree cell of the report against the
// target (points, −100..100): the seed's "make employee engagement a
// management KPI". Units without a manager are left out; withheld cells
// are listed as [Withheld] with their reason and no numbers.
func (r Report) KPI(target float64) ([]KPIResult, error) {
	if math.IsNaN(target) || target < -100 || target > 100 {
		return nil, fmt.Errorf("%w: target %v outside −100..100", ErrInvalidRequest, target)
	}
	var out []KPIResult
	for _, c := range r.Cells {
		if c.Manager == "" || c.Key.Scope != Subtree || len(c.Key.Filter) > 0 {
			continue
		}
		k := KPIResult{Leader: c.Manager, Unit: c.Key.Unit, Status: c.Status, Reason: c.Reason, Target: target}
		if c.Status == Published {
			k.Responses, k.ENPS, k.Interval = c.Responses, c.ENPS, c.Interval
			k.Gap, k.Met = c.ENPS-target, c.ENPS >= target
			switch {
			case c.Interval.Lower > target:
				k.Attainment = AboveTarget
			case c.Interval.Upper < target:
				k.Attainment = BelowTarget
			default:
				k.Attainment = AtTarget
			}
		}
		out = append(out, k)
	}
	return out, nil
}
