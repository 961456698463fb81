package nps

import (
	"math"
	"strconv"
)

// Rating is an answer to the recommendation question on the 0–10 scale. The
// zero value is a valid rating of 0. Ratings are one byte, so a []Rating of
// 10⁸ answers takes 100 MB and tallies at memory speed (see
// [Tally.AddRatings]).
//
// A Rating converted from an arbitrary byte may be out of range; every
// function that accepts ratings validates them.
type Rating uint8

// MaxRating is the highest rating on the scale.
const MaxRating Rating = 10

// NewRating validates v and returns it as a Rating. Values outside 0–10 give
// an error wrapping [ErrInvalidRating].
func NewRating(v int) (Rating, error) {
	if v < 0 || v > int(MaxRating) {
		return 0, &RatingError{Index: -1, Input: strconv.Itoa(v)}
	}
	return Rating(v), nil
}

// RatingFromFloat converts a number from a decoder that yields floats (JSON,
// spreadsheets). Only whole numbers 0–10 are accepted: 6.5 is an error, never
// rounded or binned.
func RatingFromFloat(f float64) (Rating, error) {
	if !(f >= 0 && f <= float64(MaxRating)) || f != math.Trunc(f) {
		return 0, &RatingError{Index: -1, Input: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	return Rating(f), nil
}

// ParseRating parses a rating strictly: one or two ASCII digits forming a
// whole number from 0 to 10, with no sign, spaces, leading zeros or decimal
// point. "7" parses; " 7", "07", "+7", "7.0" and "6.5" do not.
func ParseRating(s string) (Rating, error) {
	switch {
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		return Rating(s[0] - '0'), nil
	case s == "10":
		return 10, nil
	}
	return 0, &RatingError{Index: -1, Input: s}
}

// Valid reports whether r is in 0–10.
func (r Rating) Valid() bool { return r <= MaxRating }

// Category returns the rating's category: [Detractor] for 0–6, [Passive] for
// 7–8, [Promoter] for 9–10. An invalid rating has no category and returns
// the zero Category.
func (r Rating) Category() Category {
	switch {
	case r <= 6:
		return Detractor
	case r <= 8:
		return Passive
	case r <= MaxRating:
		return Promoter
	}
	return 0
}

// String returns the rating as a decimal number.
func (r Rating) String() string { return strconv.Itoa(int(r)) }

// MarshalText implements [encoding.TextMarshaler]. It fails for an invalid
// rating, so bad data is not written.
func (r Rating) MarshalText() ([]byte, error) {
	return r.AppendText(nil)
}

// AppendText implements [encoding.TextAppender].
func (r Rating) AppendText(b []byte) ([]byte, error) {
	if !r.Valid() {
		return b, &RatingError{Index: -1, Input: strconv.Itoa(int(r))}
	}
	return strconv.AppendInt(b, int64(r), 10), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseRating].
func (r *Rating) UnmarshalText(b []byte) error {
	v, err := ParseRating(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalJSON encodes the rating as a JSON number.
func (r Rating) MarshalJSON() ([]byte, error) { return r.AppendText(nil) }

// UnmarshalJSON accepts a JSON number that is a whole number from 0 to 10
// (7, 7.0 and 7e0 alike); strings, null, 6.5 and anything else are errors
// wrapping [ErrInvalidRating]. A missing rating is never read as 0.
func (r *Rating) UnmarshalJSON(b []byte) error {
	if !isJSONNumber(b) {
		return &RatingError{Index: -1, Input: string(b)}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return &RatingError{Index: -1, Input: string(b)}
	}
	v, err := RatingFromFloat(f)
	if err != nil {
		return &RatingError{Index: -1, Input: string(b)}
	}
	*r = v
	return nil
}

// isJSONNumber reports whether b is a number in JSON's grammar
// (RFC 8259 §6), which is stricter than strconv.ParseFloat: no hex, no
// underscores, no Inf or NaN, no leading '+'.
func isJSONNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(b)
}
