package wheel

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Item is one survey statement, mapped to one dimension (a strategy of the
// wheel). Item texts are the host's; [ExampleItems] are examples only.
type Item struct {
	ID        string `json:"id"`
	Dimension string `json:"dimension"` // a Framework dimension ID, e.g. "2.2"
	Text      string `json:"text,omitempty"`
	// Reverse marks a reverse-coded statement ("I am rarely told what is
	// expected of me"): an answer v counts as Min + Max − v.
	Reverse bool `json:"reverse,omitempty"`
	// Example marks a statement shipped as an example, not a validated
	// instrument.
	Example bool `json:"example,omitempty"`
}

// Role is a respondent's role.
type Role uint8

// Respondent roles. The zero Role is not valid: a response must say who
// answered, so that managers' and employees' views can be compared.
const (
	Employee Role = iota + 1
	Manager
	Other
)

// String returns "employee", "manager" or "other".
func (r Role) String() string {
	switch r {
	case Employee:
		return "employee"
	case Manager:
		return "manager"
	case Other:
		return "other"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// MarshalText implements [encoding.TextMarshaler].
func (r Role) MarshalText() ([]byte, error) {
	if r < Employee || r > Other {
		return nil, fmt.Errorf("%w: unknown role %d", ErrInvalidResponse, uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (r *Role) UnmarshalText(b []byte) error {
	for v := Employee; v <= Other; v++ {
		if string(b) == v.String() {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown role %q", ErrInvalidResponse, b)
}

// Unit is an org unit of an assessment; Parent "" for a root.
type Unit struct {
	ID     string `json:"id"`
	Parent string `json:"parent,omitempty"`
}

// Assessment is one wave of a framework's assessment: its items on a
// declared scale, the org units respondents belong to, and optionally the
// owners of its dimensions.
type Assessment struct {
	ID        string    `json:"id"`
	At        time.Time `json:"at"` // when the wave ran
	Framework Framework `json:"framework"`
	Scale     Scale     `json:"scale"`
	Items     []Item    `json:"items"`
	Units     []Unit    `json:"units,omitempty"`
	// Owners names who is accountable for each dimension (ID → owner).
	Owners map[string]string `json:"owners,omitempty"`
}

// Validate checks the assessment: an ID, a valid framework and scale, at
// least one item, items with unique IDs mapped to known dimensions, units
// forming a tree, owners of known dimensions. Errors wrap
// [ErrInvalidAssessment], [ErrInvalidFramework], [ErrInvalidScale] or
// [ErrUnknownDimension].
func (a Assessment) Validate() error {
	if a.ID == "" {
		return fmt.Errorf("%w: no ID", ErrInvalidAssessment)
	}
	if err := a.Framework.Validate(); err != nil {
		return fmt.Errorf("assessment %s: %w", a.ID, err)
	}
	if err := a.Scale.Validate(); err != nil {
		return fmt.Errorf("assessment %s: %w", a.ID, err)
	}
	if len(a.Items) == 0 {
		return fmt.Errorf("%w: assessment %s has no items", ErrInvalidAssessment, a.ID)
	}
	ids := map[string]bool{}
	for _, it := range a.Items {
		switch {
		case it.ID == "":
			return fmt.Errorf("%w: assessment %s has an item without ID", ErrInvalidAssessment, a.ID)
		case ids[it.ID]:
			return fmt.Errorf("%w: assessment %s lists item %q twice", ErrInvalidAssessment, a.ID, it.ID)
		}
		ids[it.ID] = true
		if _, ok := a.Framework.Dimension(it.Dimension); !ok {
			return fmt.Errorf("%w: item %q is mapped to %q, which %s does not have", ErrUnknownDimension, it.ID, it.Dimension, a.Framework.ID)
		}
	}
	if _, err := newTree(a.Units); err != nil {
		return fmt.Errorf("assessment %s: %w", a.ID, err)
	}
	for d := range a.Owners {
		if _, ok := a.Framework.Dimension(d); !ok {
			return fmt.Errorf("%w: owner given for unknown dimension %q", ErrUnknownDimension, d)
		}
	}
	return nil
}

// Warnings returns what the assessment should make its host think about
// without being an error: a single-owner framework whose dimensions have
// different owners ("not just a red thread but a red hawser").
func (a Assessment) Warnings() []string {
	var out []string
	if a.Framework.SingleOwner {
		owners := map[string]bool{}
		for _, o := range a.Owners {
			owners[o] = true
		}
		if len(owners) > 1 {
			out = append(out, fmt.Sprintf("%s should have one accountable owner; %d are named: %v",
				a.Framework.Name, len(owners), slices.Sorted(maps.Keys(owners))))
		}
	}
	return out
}

// Clone returns a deep copy.
func (a Assessment) Clone() Assessment {
	a.Framework.Stages = slices.Clone(a.Framework.Stages)
	a.Framework.Dimensions = slices.Clone(a.Framework.Dimensions)
	a.Scale.Labels = slices.Clone(a.Scale.Labels)
	a.Items = slices.Clone(a.Items)
	a.Units = slices.Clone(a.Units)
	a.Owners = maps.Clone(a.Owners)
	return a
}

// Response is one respondent's answers in an assessment. Respondent is a
// pseudonym chosen by the host; one response per respondent.
type Response struct {
	Assessment string            `json:"assessment"`
	Respondent string            `json:"respondent"`
	Role       Role              `json:"role"`
	Unit       string            `json:"unit,omitempty"`
	At         time.Time         `json:"at"`
	Answers    map[string]Answer `json:"answers"` // item ID → answer
	// Importance optionally rates how important each dimension is (ID →
	// answer on the same scale), for gaps and importance–performance
	// quadrants.
	Importance map[string]Answer `json:"importance,omitempty"`
}

// Check validates the response against its assessment: a respondent, a
// known role and unit, answers to known items on the scale, importance
// ratings of known dimensions. Errors wrap [ErrInvalidResponse],
// [ErrUnknownDimension] or [ErrInvalidRating].
func (r Response) Check(a Assessment) error { return newChecker(a).check(r) }

// checker checks responses against an assessment with indexes, in time
// proportional to a response's answers.
type checker struct {
	a     Assessment
	items map[string]bool
	units map[string]bool
}

func newChecker(a Assessment) checker {
	c := checker{a: a, items: make(map[string]bool, len(a.Items)), units: make(map[string]bool, len(a.Units))}
	for _, it := range a.Items {
		c.items[it.ID] = true
	}
	for _, u := range a.Units {
		c.units[u.ID] = true
	}
	return c
}

func (c checker) check(r Response) error {
	a := c.a
	switch {
	case r.Assessment != a.ID:
		return fmt.Errorf("%w: response for %q checked against %q", ErrInvalidResponse, r.Assessment, a.ID)
	case r.Respondent == "":
		return fmt.Errorf("%w: no respondent", ErrInvalidResponse)
	case r.Role < Employee || r.Role > Other:
		return fmt.Errorf("%w: respondent %s has unknown role %d", ErrInvalidResponse, r.Respondent, r.Role)
	}
	if r.Unit != "" && !c.units[r.Unit] {
		return fmt.Errorf("%w: respondent %s in unknown unit %q", ErrInvalidResponse, r.Respondent, r.Unit)
	}
	valid := true
	for id, ans := range r.Answers {
		valid = valid && c.items[id] && a.Scale.check(ans) == nil
	}
	for d, ans := range r.Importance {
		_, known := a.Framework.Dimension(d)
		valid = valid && known && a.Scale.check(ans) == nil
	}
	if valid {
		return nil
	}
	// Report the first problem in key order, so the error is always the same.
	for _, id := range slices.Sorted(maps.Keys(r.Answers)) {
		if !c.items[id] {
			return fmt.Errorf("%w: respondent %s answers unknown item %q", ErrUnknownDimension, r.Respondent, id)
		}
		if err := a.Scale.check(r.Answers[id]); err != nil {
			return fmt.Errorf("respondent %s, item %s: %w", r.Respondent, id, err)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(r.Importance)) {
		if _, ok := a.Framework.Dimension(d); !ok {
			return fmt.Errorf("%w: respondent %s rates the importance of unknown %q", ErrUnknownDimension, r.Respondent, d)
		}
		if err := a.Scale.check(r.Importance[d]); err != nil {
			return fmt.Errorf("respondent %s, importance of %s: %w", r.Respondent, d, err)
		}
	}
	return nil
}

// Equal reports whether two responses hold the same data.
func (r Response) Equal(o Response) bool {
	return r.Assessment == o.Assessment && r.Respondent == o.Respondent && r.Role == o.Role &&
		r.Unit == o.Unit && r.At.Equal(o.At) && maps.Equal(r.Answers, o.Answers) && maps.Equal(r.Importance, o.Importance)
}

// Clone returns a deep copy.
func (r Response) Clone() Response {
	r.Answers = maps.Clone(r.Answers)
	r.Importance = maps.Clone(r.Importance)
	return r
}
