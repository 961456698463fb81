package wheel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Scale is the declared Likert scale of an assessment: 1–5 (the default),
// 1–7 or 0–10. The zero Scale means 1–5. "Not applicable" is not a point
// on the scale but an [Answer] of its own.
type Scale struct {
	Min    int      `json:"min"`
	Max    int      `json:"max"`
	Labels []string `json:"labels,omitempty"` // one per point, Min first; optional
}

// bounds returns the scale with the default applied.
func (s Scale) bounds() (lo, hi int) {
	if s.Min == 0 && s.Max == 0 {
		return 1, 5
	}
	return s.Min, s.Max
}

// Validate checks that the scale is 1–5, 1–7 or 0–10 (or zero) and that
// labels, if given, match its points. Errors wrap [ErrInvalidScale].
func (s Scale) Validate() error {
	lo, hi := s.bounds()
	switch {
	case lo == 1 && (hi == 5 || hi == 7), lo == 0 && hi == 10:
	default:
		return fmt.Errorf("%w: %d–%d; use 1–5, 1–7 or 0–10", ErrInvalidScale, lo, hi)
	}
	if len(s.Labels) > 0 && len(s.Labels) != hi-lo+1 {
		return fmt.Errorf("%w: %d labels for %d points", ErrInvalidScale, len(s.Labels), hi-lo+1)
	}
	return nil
}

// Range returns the scale's lowest and highest points (1 and 5 for the
// zero Scale).
func (s Scale) Range() (lo, hi int) { return s.bounds() }

// Normalise maps a value on the scale to 0–100: 100·(v − Min)/(Max − Min).
func (s Scale) Normalise(v float64) float64 {
	lo, hi := s.bounds()
	return 100 * (v - float64(lo)) / float64(hi-lo)
}

// TopTwo returns the lowest favourable point: the top two boxes (4–5 on
// 1–5, 6–7 on 1–7, 9–10 on 0–10).
func (s Scale) TopTwo() int {
	_, hi := s.bounds()
	return hi - 1
}

// Answer is one answer to an item: a point on the scale, or "not
// applicable", which is not a number and counts as no answer. The zero
// Answer is the value 0 (a point only on the 0–10 scale).
type Answer struct {
	Value         int
	NotApplicable bool
}

// NA is the "not applicable" answer.
var NA = Answer{NotApplicable: true}

// Rated returns the answer v.
func Rated(v int) Answer { return Answer{Value: v} }

// String returns the value, or "n/a".
func (a Answer) String() string {
	if a.NotApplicable {
		return "n/a"
	}
	return strconv.Itoa(a.Value)
}

// MarshalJSON encodes a value as a number and "not applicable" as "n/a".
func (a Answer) MarshalJSON() ([]byte, error) {
	if a.NotApplicable {
		return []byte(`"n/a"`), nil
	}
	return []byte(strconv.Itoa(a.Value)), nil
}

// UnmarshalJSON reads a whole number or "n/a"; anything else (6.5, "7",
// null) is an error wrapping [ErrInvalidRating].
func (a *Answer) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidRating, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return fmt.Errorf("%w: %s has trailing data", ErrInvalidRating, b)
	}
	switch v := v.(type) {
	case string:
		if v == "n/a" {
			*a = NA
			return nil
		}
	case json.Number:
		if n, err := strconv.Atoi(string(v)); err == nil {
			*a = Answer{Value: n}
			return nil
		}
	}
	return fmt.Errorf("%w: %s is neither a whole number nor \"n/a\"", ErrInvalidRating, b)
}

// check reports an answer off the scale.
func (s Scale) check(a Answer) error {
	if a.NotApplicable {
		return nil
	}
	lo, hi := s.bounds()
	if a.Value < lo || a.Value > hi {
		return fmt.Errorf("%w: %d not in %d–%d", ErrInvalidRating, a.Value, lo, hi)
	}
	return nil
}
