package enps

import (
	"fmt"
	"slices"

	"github.com/servicekultur/servicekultur/nps"
)

// MembershipChangeFlag is the default share of changed membership at which
// a wave-to-wave change is flagged: 20% (domain notes §3.3).
const MembershipChangeFlag = 0.20

// WaveChange is the change of one cell from one wave to the next.
type WaveChange struct {
	Key        CellKey    `json:"key"`
	From       CellStatus `json:"from"` // the cell's status in the earlier wave
	To         CellStatus `json:"to"`   // … and in the later one
	Comparable bool       `json:"comparable"`
	// Diff, Interval, P and Verdict are set only when Comparable: both
	// cells published.
	Diff     float64      `json:"diff"`     // eNPS points, later − earlier
	Interval nps.Interval `json:"interval"` // MOVER-Tango interval for the difference
	P        float64      `json:"p"`        // two-sided p-value of the Wald test
	Verdict  nps.Verdict  `json:"verdict"`
	// Churn is the share of the cell's membership that changed between the
	// two snapshots: 1 − |A∩B|/|A∪B| over the invited employees. A large
	// churn means the change compares different people, not a change of
	// mind: MembershipChanged flags churn at or above the threshold.
	Churn             float64 `json:"churn"`
	MembershipChanged bool    `json:"membershipChanged"`
}

// CompareWaves compares the cells that two reports share, the earlier
// report a of wave from and the later b of wave to, at the level (0.95
// when zero). Only published numbers enter; a cell withheld in either
// wave is listed with Comparable false. Membership churn comes from the
// waves' snapshots (HR data, no answers). threshold flags churn (zero:
// [MembershipChangeFlag]).
//
// The waves are treated as independent samples: pseudonyms differ per wave
// by design, so answers cannot be paired. Where the same people answer
// both waves their answers correlate positively, which makes the test and
// interval conservative.
func CompareWaves(from, to Wave, a, b Report, level, threshold float64) ([]WaveChange, error) {
	if level == 0 {
		level = 0.95
	}
	if threshold == 0 {
		threshold = MembershipChangeFlag
	}
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("%w: churn threshold %v not in (0, 1]", ErrInvalidRequest, threshold)
	}
	if a.Wave != from.ID || b.Wave != to.ID {
		return nil, fmt.Errorf("%w: reports of waves %s and %s, not %s and %s", ErrInvalidRequest, a.Wave, b.Wave, from.ID, to.ID)
	}
	mf, err := membership(from)
	if err != nil {
		return nil, err
	}
	mt, err := membership(to)
	if err != nil {
		return nil, err
	}
	var out []WaveChange
	for _, cb := range b.Cells {
		ca, ok := a.Cell(cb.Key)
		if !ok {
			continue
		}
		ch := WaveChange{Key: cb.Key, From: ca.Status, To: cb.Status}
		ch.Churn = churn(mf(cb.Key), mt(cb.Key))
		ch.MembershipChanged = ch.Churn >= threshold
		if ca.Status == Published && cb.Status == Published {
			iv, err := nps.DiffInterval(cb.Tally, ca.Tally, level, nil)
			if err != nil {
				return nil, fmt.Errorf("cell %s: %w", cb.Key, err)
			}
			ch.Comparable, ch.Diff, ch.Interval = true, iv.Estimate, iv
			ch.Verdict = verdictOf(iv)
			if cmp, err := nps.Compare(cb.Tally, ca.Tally); err == nil {
				ch.P = cmp.P
			} else {
				ch.P = 1 // no spread in either wave: nothing to test
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

// verdictOf reads a difference interval: improved or declined only when it
// excludes 0.
func verdictOf(iv nps.Interval) nps.Verdict {
	switch {
	case iv.Lower > 0:
		return nps.Improved
	case iv.Upper < 0:
		return nps.Declined
	}
	return nps.NoClearChange
}

// membership returns, for a wave, a function listing the invited employees
// of a cell, sorted.
func membership(w Wave) (func(CellKey) []string, error) {
	o, err := w.Org()
	if err != nil {
		return nil, err
	}
	return func(k CellKey) []string {
		var out []string
		for _, m := range w.Population {
			in := m.Unit == k.Unit
			if !in && k.Scope == Subtree {
				in = o.Contains(k.Unit, m.Unit)
			}
			for _, a := range k.Filter {
				if v, ok := m.Attributes[a.Key]; !ok || v != a.Value {
					in = false
				}
			}
			if in {
				out = append(out, m.Employee)
			}
		}
		slices.Sort(out)
		return out
	}, nil
}

// churn returns 1 − |a∩b|/|a∪b| for sorted lists (0 when both are empty).
func churn(a, b []string) float64 {
	both, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - both
	if union == 0 {
		return 0
	}
	return 1 - float64(both)/float64(union)
}

// WaveTrend fits the trend of one cell over reports of consecutive waves,
// in order, with [nps.FitTrend]: a wave where the cell was withheld or
// absent is a gap that keeps its place. Fewer than three published waves
// is an error wrapping [nps.ErrNoResponses].
func WaveTrend(reports []Report, key CellKey) (nps.Trend, error) {
	ts := make([]nps.Tally, len(reports))
	for i, r := range reports {
		if c, ok := r.Cell(key); ok && c.Status == Published {
			ts[i] = c.Tally
		}
	}
	return nps.FitTrend(ts)
}
