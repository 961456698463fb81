package enps

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"time"
)

// Token is a respondent's pseudonym in one wave: a keyed hash (HMAC-SHA-256,
// truncated to 128 bits) of the wave and the employee ID under a key only
// the [Survey] holds. It exists only to keep one answer per employee per
// wave and to erase an employee's answers on request. Stores keep it as an
// opaque value; no report returns it, and without the key it cannot be
// linked to an employee or to the same employee's token in another wave.
type Token [16]byte

// String returns the token in hex, for storage and logs.
func (t Token) String() string { return hex.EncodeToString(t[:]) }

// MarshalText implements [encoding.TextMarshaler] (hex).
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] (hex).
func (t *Token) UnmarshalText(b []byte) error {
	var v Token
	if len(b) != 2*len(v) {
		return fmt.Errorf("%w: token of %d hex digits", ErrInvalidResponse, len(b))
	}
	if _, err := hex.Decode(v[:], b); err != nil {
		return fmt.Errorf("%w: token: %v", ErrInvalidResponse, err)
	}
	*t = v
	return nil
}

// minKeyLen is the shortest pseudonymisation key accepted: 256 bits.
const minKeyLen = 32

// pseudonym computes the token of an employee in a wave.
func pseudonym(key []byte, wave, employee string) Token {
	m := hmac.New(sha256.New, key)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(wave)))
	m.Write(n[:]) // length prefix: ("ab","c") and ("a","bc") differ
	m.Write([]byte(wave))
	m.Write([]byte(employee))
	var t Token
	copy(t[:], m.Sum(nil))
	return t
}

// Response is one stored answer. It carries the unit and attributes from
// the wave's snapshot, never the employee; the respondent is a [Token].
// Hosts store and return responses through their [Store]; reports only
// ever publish aggregates, and there is no API that returns responses with
// their attributes.
type Response struct {
	Wave       string            `json:"wave"`
	Respondent Token             `json:"respondent"`
	Unit       string            `json:"unit"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Rating     int               `json:"rating"`
	Comment    string            `json:"comment,omitempty"`
	Items      map[string]int    `json:"items,omitempty"` // item ID → answer
	// At is when the answer was given. It orders answers in rolling mode
	// and is never published (comments are released with their wave only).
	At time.Time `json:"at"`
}

// Validate checks what a response must have on its own: a wave, a
// non-zero respondent, a unit and an instant. Ratings are checked against
// the wave's scale when the response is submitted.
func (r Response) Validate() error {
	switch {
	case r.Wave == "":
		return fmt.Errorf("%w: no wave", ErrInvalidResponse)
	case r.Respondent == Token{}:
		return fmt.Errorf("%w: no respondent token", ErrInvalidResponse)
	case r.Unit == "":
		return fmt.Errorf("%w: no unit", ErrInvalidResponse)
	case r.At.IsZero():
		return fmt.Errorf("%w: no time", ErrInvalidResponse)
	}
	return nil
}

// Equal reports whether two responses hold the same data (instants compared
// with time.Time.Equal).
func (r Response) Equal(o Response) bool {
	return r.Wave == o.Wave && r.Respondent == o.Respondent && r.Unit == o.Unit &&
		maps.Equal(r.Attributes, o.Attributes) && r.Rating == o.Rating &&
		r.Comment == o.Comment && maps.Equal(r.Items, o.Items) && r.At.Equal(o.At)
}

// Clone returns a deep copy.
func (r Response) Clone() Response {
	r.Attributes = maps.Clone(r.Attributes)
	r.Items = maps.Clone(r.Items)
	return r
}
