package maturity

import (
	"fmt"
	"time"
)

// Source says who reported the style a leader used.
type Source uint8

// Sources of a style observation. The zero Source is not valid.
const (
	LeaderSelf     Source = iota + 1 // the leader's own account
	EmployeeReport                   // the employee's account
	Observer                         // a third party's observation
)

// String returns "leader-self", "employee-report" or "observer".
func (s Source) String() string {
	switch s {
	case LeaderSelf:
		return "leader-self"
	case EmployeeReport:
		return "employee-report"
	case Observer:
		return "observer"
	}
	return fmt.Sprintf("Source(%d)", uint8(s))
}

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return s >= LeaderSelf && s <= Observer }

// MarshalText implements [encoding.TextMarshaler].
func (s Source) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: unknown source %d", ErrInvalidObservation, uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *Source) UnmarshalText(b []byte) error {
	for v := LeaderSelf; v <= Observer; v++ {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown source %q", ErrInvalidObservation, b)
}

// StyleObservation records the style a leader actually used with an
// employee on a task.
type StyleObservation struct {
	Leader   string    `json:"leader"`
	Employee string    `json:"employee"`
	Task     string    `json:"task"`
	Style    Style     `json:"style"`
	Source   Source    `json:"source"`
	At       time.Time `json:"at"`
}

// Validate checks the observation: leader, employee, task and instant set,
// a style S1–S4 and a known source. Errors wrap [ErrInvalidObservation].
func (o StyleObservation) Validate() error {
	switch {
	case o.Leader == "" || o.Employee == "" || o.Task == "":
		return fmt.Errorf("%w: leader, employee and task are required", ErrInvalidObservation)
	case o.At.IsZero():
		return fmt.Errorf("%w: no instant", ErrInvalidObservation)
	case !o.Style.Valid():
		return fmt.Errorf("%w: style %d not S1–S4", ErrInvalidObservation, o.Style)
	case !o.Source.Valid():
		return fmt.Errorf("%w: unknown source %d", ErrInvalidObservation, o.Source)
	}
	return nil
}
