package enps

import "fmt"

// Rules are the anonymity rules every published number passes. The zero
// Rules are the defaults; see each field. The defaults are stricter than
// some vendors' on purpose (domain notes §3.4 and §8).
type Rules struct {
	// MinGroup is k, the fewest responses behind any published score,
	// share, distribution or count: 5 when zero, never below 3.
	MinGroup int `json:"minGroup"`
	// MinComments is the fewest responses a cell needs before its comments
	// are released: 10 when zero (Viva Glint's default), never below
	// MinGroup.
	MinComments int `json:"minComments"`
	// MinResidual is the fewest people a parent minus its published
	// sub-cells may leave, unless it leaves nobody: MinGroup when zero,
	// never below 3.
	MinResidual int `json:"minResidual"`
	// PublishHomogeneous publishes cells (and residual groups) whose
	// respondents all gave the same category. By default they are
	// suppressed: five detractors → −100 tells each of the five what the
	// others answered.
	PublishHomogeneous bool `json:"publishHomogeneous,omitempty"`
}

// Floors and defaults of the rules.
const (
	MinGroupFloor      = 3
	DefaultMinGroup    = 5
	DefaultMinComments = 10
)

// withDefaults returns the rules with zero fields defaulted, or an error
// wrapping [ErrInvalidRules] for values below their floors.
func (r Rules) withDefaults() (Rules, error) {
	if r.MinGroup == 0 {
		r.MinGroup = DefaultMinGroup
	}
	if r.MinComments == 0 {
		r.MinComments = max(DefaultMinComments, r.MinGroup)
	}
	if r.MinResidual == 0 {
		r.MinResidual = r.MinGroup
	}
	switch {
	case r.MinGroup < MinGroupFloor:
		return r, fmt.Errorf("%w: minimum group %d is below %d", ErrInvalidRules, r.MinGroup, MinGroupFloor)
	case r.MinComments < r.MinGroup:
		return r, fmt.Errorf("%w: comment minimum %d is below the minimum group %d", ErrInvalidRules, r.MinComments, r.MinGroup)
	case r.MinResidual < MinGroupFloor:
		return r, fmt.Errorf("%w: residual minimum %d is below %d", ErrInvalidRules, r.MinResidual, MinGroupFloor)
	}
	return r, nil
}

// Validate reports whether the rules respect their floors. The error wraps
// [ErrInvalidRules].
func (r Rules) Validate() error {
	_, err := r.withDefaults()
	return err
}
