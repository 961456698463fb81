package enps

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Member is one employee in a wave's population snapshot: who was invited,
// in which unit, with which attributes (location, tenure band, …). The
// employee ID is used to invite and to pseudonymise, never stored with an
// answer.
type Member struct {
	Employee   string            `json:"employee"`
	Unit       string            `json:"unit"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Mode says how a survey collects answers.
type Mode uint8

const (
	// Waves: one answer per employee per wave; a wave is reported on its
	// own. The zero Mode.
	Waves Mode = iota
	// Rolling: a continuous survey in which an employee may answer again;
	// reports use each employee's latest answer within a window (see
	// [RollingReport]).
	Rolling
)

// String returns "waves" or "rolling".
func (m Mode) String() string {
	if m == Rolling {
		return "rolling"
	}
	return "waves"
}

// Wave is one survey round: when it runs, on which scale, the org tree and
// population as they stood at launch, and the survey items asked besides
// the eNPS question. Response rates and group sizes always use this
// snapshot, not today's HR data, so a later reorganisation cannot change a
// published result.
type Wave struct {
	ID     string    `json:"id"`
	Opens  time.Time `json:"opens"`  // answers accepted from here …
	Closes time.Time `json:"closes"` // … up to here, exclusive; zero: open-ended (rolling)
	Mode   Mode      `json:"mode,omitempty"`
	Scale  Scale     `json:"scale"`
	// Question is the wording asked, carried into reports, e.g. "How likely
	// are you to recommend us as a place to work?".
	Question   string   `json:"question,omitempty"`
	Units      []Unit   `json:"units"`
	Population []Member `json:"population"`
	Items      []Item   `json:"items,omitempty"`
}

// Validate checks the wave: an ID, a valid scale, Closes after Opens (or
// zero), a valid org tree, and a population whose members are listed once
// each in known units; every item valid and listed once. Errors wrap
// [ErrInvalidWave], [ErrInvalidScale] or [ErrInvalidOrg].
func (w Wave) Validate() error {
	_, err := w.org()
	return err
}

// Org returns the org tree of the wave's snapshot.
func (w Wave) Org() (*Org, error) { return w.org() }

func (w Wave) org() (*Org, error) {
	if w.ID == "" {
		return nil, fmt.Errorf("%w: no ID", ErrInvalidWave)
	}
	if err := w.Scale.Validate(); err != nil {
		return nil, fmt.Errorf("wave %s: %w", w.ID, err)
	}
	if w.Opens.IsZero() {
		return nil, fmt.Errorf("%w: wave %s has no opening time", ErrInvalidWave, w.ID)
	}
	if !w.Closes.IsZero() && !w.Closes.After(w.Opens) {
		return nil, fmt.Errorf("%w: wave %s closes %v, not after it opens %v", ErrInvalidWave, w.ID, w.Closes, w.Opens)
	}
	if w.Mode > Rolling {
		return nil, fmt.Errorf("%w: wave %s has unknown mode %d", ErrInvalidWave, w.ID, w.Mode)
	}
	o, err := NewOrg(w.Units)
	if err != nil {
		return nil, fmt.Errorf("wave %s: %w", w.ID, err)
	}
	seen := make(map[string]bool, len(w.Population))
	for _, m := range w.Population {
		switch {
		case m.Employee == "":
			return nil, fmt.Errorf("%w: wave %s lists a member without an employee ID", ErrInvalidWave, w.ID)
		case seen[m.Employee]:
			return nil, fmt.Errorf("%w: wave %s lists employee %q twice", ErrInvalidWave, w.ID, m.Employee)
		}
		seen[m.Employee] = true
		if _, ok := o.Unit(m.Unit); !ok {
			return nil, fmt.Errorf("%w: wave %s puts employee %q in unknown unit %q", ErrInvalidWave, w.ID, m.Employee, m.Unit)
		}
		for k := range m.Attributes {
			if k == "" {
				return nil, fmt.Errorf("%w: wave %s: empty attribute name for employee %q", ErrInvalidWave, w.ID, m.Employee)
			}
		}
	}
	ids := make(map[string]bool, len(w.Items))
	for _, it := range w.Items {
		if err := it.Validate(); err != nil {
			return nil, fmt.Errorf("wave %s: %w", w.ID, err)
		}
		if ids[it.ID] {
			return nil, fmt.Errorf("%w: wave %s lists item %q twice", ErrInvalidWave, w.ID, it.ID)
		}
		ids[it.ID] = true
	}
	return o, nil
}

// Clone returns a deep copy of the wave.
func (w Wave) Clone() Wave {
	w.Units = slices.Clone(w.Units)
	w.Population = slices.Clone(w.Population)
	for i := range w.Population {
		w.Population[i].Attributes = maps.Clone(w.Population[i].Attributes)
	}
	w.Items = slices.Clone(w.Items)
	return w
}

// Open reports whether the wave accepts answers at t.
func (w Wave) Open(t time.Time) bool {
	return !t.Before(w.Opens) && (w.Closes.IsZero() || t.Before(w.Closes))
}

// member returns the population entry of the employee.
func (w Wave) member(employee string) (Member, bool) {
	for _, m := range w.Population {
		if m.Employee == employee {
			return m, true
		}
	}
	return Member{}, false
}
