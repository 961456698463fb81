package enps

import "slices"

// Associations relates each I's favourability to eNPS across the units of
// a report: one point per unit at the finest published level (published
// subtree cells without attribute conditions none of whose descendants is
// published as well), so the points are disjoint groups of people. Only
// published numbers are used. I's with fewer than 4 such units are left
// out; [Association.FewUnits] flags fewer than 10. The level is that of
// the Fisher intervals (0.95 when zero).
func (r Report) Associations(level float64) ([]Association, error) {
	if level == 0 {
		level = 0.95
	}
	parent := map[string]string{}
	for _, c := range r.Cells {
		parent[c.Key.Unit] = c.Parent
	}
	below := func(unit, ancestor string) bool {
		for u, ok := parent[unit]; ok && u != ""; u, ok = parent[u] {
			if u == ancestor {
				return true
			}
		}
		return false
	}
	var finest []Cell
	for i, c := range r.Cells {
		if c.Status != Published || c.Key.Scope != Subtree || len(c.Key.Filter) > 0 {
			continue
		}
		// Is a unit below this one published too? Cells are in pre-order,
		// so descendants follow their ancestors.
		covered := false
		for _, d := range r.Cells[i+1:] {
			if d.Status == Published && d.Key.Scope == Subtree && len(d.Key.Filter) == 0 && below(d.Key.Unit, c.Key.Unit) {
				covered = true
				break
			}
		}
		if !covered {
			finest = append(finest, c)
		}
	}
	var out []Association
	for _, i := range AllIs() {
		var pts []UnitDriver
		for _, c := range finest {
			k := slices.IndexFunc(c.Drivers, func(d DriverScore) bool { return d.I == i && d.Answers > 0 })
			if k >= 0 {
				pts = append(pts, UnitDriver{Unit: c.Key.Unit, ENPS: c.ENPS, Share: c.Drivers[k].Share})
			}
		}
		if len(pts) < 4 {
			continue
		}
		a, err := Associate(i, pts, level)
		if err != nil {
			continue // undefined for these units (no spread): nothing to report
		}
		out = append(out, a)
	}
	return out, nil
}
