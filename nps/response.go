package nps

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// Touchpoint is a place where customers meet the company — the phone,
// reception, advice, support — with the written standard of what a good
// experience there means. Scores are cut by touchpoint so that each
// standard can be checked against what customers report.
type Touchpoint struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Standard string `json:"standard,omitempty"` // what the company promises here
	Owner    string `json:"owner,omitempty"`    // who answers for the standard
}

// Response is one customer's answer to the recommendation question, with
// the context needed to cut scores by touchpoint, employee, unit and time.
//
// The raw 0–10 rating is kept, never only its category. At is the instant
// the answer was received; periods (days, weeks, months) are computed from
// it in a time zone the caller chooses. Weight 0 means an unweighted
// response (weight 1). Labels hold operational attributes as text, for
// example "fix_hours": "12.5"; numeric analyses parse them.
type Response struct {
	ID         string            `json:"id"`
	Rating     Rating            `json:"rating"`
	At         time.Time         `json:"at"`
	Customer   string            `json:"customer,omitempty"`
	Touchpoint string            `json:"touchpoint,omitempty"` // a Touchpoint ID
	Employees  []string          `json:"employees,omitempty"`  // the responsible employees
	Unit       string            `json:"unit,omitempty"`       // team or unit
	Channel    string            `json:"channel,omitempty"`
	Comment    string            `json:"comment,omitempty"`
	Weight     float64           `json:"weight,omitempty"`
	Labels     map[string]string `json:"labels,omitempty"`
}

// Validate reports whether the response can be stored and counted: a
// non-empty ID, a valid rating, a non-zero instant, non-empty employee IDs
// without duplicates and a weight that is 0 (unweighted) or positive and
// finite. Errors wrap [ErrInvalidResponse], [ErrInvalidRating] or
// [ErrInvalidWeight].
func (r Response) Validate() error {
	if r.ID == "" {
		return fmt.Errorf("%w: empty ID", ErrInvalidResponse)
	}
	if !r.Rating.Valid() {
		return fmt.Errorf("response %q: %w", r.ID, &RatingError{Index: -1, Input: fmt.Sprint(uint8(r.Rating))})
	}
	if r.At.IsZero() {
		return fmt.Errorf("%w: response %q has a zero instant", ErrInvalidResponse, r.ID)
	}
	for i, e := range r.Employees {
		if e == "" {
			return fmt.Errorf("%w: response %q: empty employee ID", ErrInvalidResponse, r.ID)
		}
		if slices.Contains(r.Employees[:i], e) {
			return fmt.Errorf("%w: response %q: employee %q listed twice", ErrInvalidResponse, r.ID, e)
		}
	}
	if r.Weight < 0 || math.IsNaN(r.Weight) || math.IsInf(r.Weight, 0) {
		return fmt.Errorf("response %q: %w: %v", r.ID, ErrInvalidWeight, r.Weight)
	}
	return nil
}

// EffectiveWeight returns the weight used in weighted analyses: 1 for an
// unweighted response, else Weight.
func (r Response) EffectiveWeight() float64 {
	if r.Weight == 0 {
		return 1
	}
	return r.Weight
}

// Equal reports whether two responses carry the same data. Instants are
// compared with [time.Time.Equal], so the same instant in two zones is
// equal; a nil and an empty slice or map are equal. Stores use it to make
// saving idempotent.
func (r Response) Equal(o Response) bool {
	return r.ID == o.ID && r.Rating == o.Rating && r.At.Equal(o.At) &&
		r.Customer == o.Customer && r.Touchpoint == o.Touchpoint &&
		slices.Equal(r.Employees, o.Employees) && r.Unit == o.Unit &&
		r.Channel == o.Channel && r.Comment == o.Comment &&
		r.EffectiveWeight() == o.EffectiveWeight() && maps.Equal(r.Labels, o.Labels)
}

// Clone returns a deep copy, so a stored response cannot be changed through
// a caller's slice or map.
func (r Response) Clone() Response {
	r.Employees = slices.Clone(r.Employees)
	r.Labels = maps.Clone(r.Labels)
	return r
}
