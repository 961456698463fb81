package wheel

import "fmt"

// tree indexes an assessment's units.
type tree struct {
	parent map[string]string
}

// newTree validates units as a forest: unique non-empty IDs, known
// parents, no cycles.
func newTree(units []Unit) (*tree, error) {
	t := &tree{parent: make(map[string]string, len(units))}
	for _, u := range units {
		if u.ID == "" {
			return nil, fmt.Errorf("%w: a unit without ID", ErrInvalidAssessment)
		}
		if _, dup := t.parent[u.ID]; dup {
			return nil, fmt.Errorf("%w: unit %q listed twice", ErrInvalidAssessment, u.ID)
		}
		t.parent[u.ID] = u.Parent
	}
	for _, u := range units {
		if u.Parent != "" {
			if _, ok := t.parent[u.Parent]; !ok {
				return nil, fmt.Errorf("%w: unit %q has unknown parent %q", ErrInvalidAssessment, u.ID, u.Parent)
			}
		}
		steps := 0
		for p := u.Parent; p != ""; p = t.parent[p] {
			if steps++; steps > len(units) {
				return nil, fmt.Errorf("%w: unit %q lies on a cycle", ErrInvalidAssessment, u.ID)
			}
		}
	}
	return t, nil
}

// within reports whether unit lies in ancestor's subtree (itself included).
func (t *tree) within(unit, ancestor string) bool {
	for u, steps := unit, 0; u != "" && steps <= len(t.parent); u, steps = t.parent[u], steps+1 {
		if u == ancestor {
			return true
		}
	}
	return false
}
