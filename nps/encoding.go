package nps

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// Binary format, shared by the aggregate types: a version byte (1), a kind
// byte naming the type, then the type's fields. Counts are minimal unsigned varints
// (encoding/binary's Uvarint); floats are 8-byte little-endian IEEE 754.
// Decoders reject other versions, the wrong kind, truncated input, trailing
// bytes, counts above the int range and values that fail validation.
const binaryVersion = 1

const (
	kindTally        byte = 1
	kindDistribution byte = 2
	kindWeighted     byte = 3
)

func encodingError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidEncoding}, args...)...)
}

// binReader decodes the shared binary format.
type binReader struct {
	b   []byte
	err error
}

func newBinReader(b []byte, kind byte, name string) *binReader {
	r := &binReader{b: b}
	switch {
	case len(b) < 2:
		r.err = encodingError("%s: %d bytes is too short", name, len(b))
	case b[0] != binaryVersion:
		r.err = encodingError("%s: unsupported version %d", name, b[0])
	case b[1] != kind:
		r.err = encodingError("%s: wrong kind %d", name, b[1])
	default:
		r.b = b[2:]
	}
	return r
}

func (r *binReader) count() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt {
		r.err = encodingError("bad count")
		return 0
	}
	if n > 1 && r.b[n-1] == 0 {
		// A redundant final byte: each value has exactly one encoding,
		// so equal tallies always encode to equal bytes.
		r.err = encodingError("non-minimal count")
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *binReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.err = encodingError("truncated float")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *binReader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = encodingError("%d trailing bytes", len(r.b))
	}
	return r.err
}

func appendCount(b []byte, c int) []byte { return binary.AppendUvarint(b, uint64(c)) }

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

// AppendBinary implements [encoding.BinaryAppender]: version 1, kind 1,
// then promoters, passives and detractors as unsigned varints. An invalid
// tally is an error, so bad data is not written.
func (t Tally) AppendBinary(b []byte) ([]byte, error) {
	if err := t.Validate(); err != nil {
		return b, err
	}
	b = append(b, binaryVersion, kindTally)
	b = appendCount(b, t.Promoters)
	b = appendCount(b, t.Passives)
	return appendCount(b, t.Detractors), nil
}

// MarshalBinary implements [encoding.BinaryMarshaler]; see
// [Tally.AppendBinary] for the format.
func (t Tally) MarshalBinary() ([]byte, error) { return t.AppendBinary(make([]byte, 0, 16)) }

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. Corrupt input is
// an error wrapping [ErrInvalidEncoding], and t is left unchanged.
func (t *Tally) UnmarshalBinary(b []byte) error {
	r := newBinReader(b, kindTally, "tally")
	v := Tally{Promoters: r.count(), Passives: r.count(), Detractors: r.count()}
	if err := r.done(); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*t = v
	return nil
}

// tallyJSON mirrors Tally without its methods, for decoding.
type tallyJSON struct {
	Promoters  int `json:"promoters"`
	Passives   int `json:"passives"`
	Detractors int `json:"detractors"`
}

// UnmarshalJSON decodes {"promoters":…, "passives":…, "detractors":…}.
// Unknown fields, non-integer or negative counts and a total that overflows
// are errors wrapping [ErrInvalidEncoding] (and [ErrNegativeCount] or
// [ErrOverflow]); on error t is left unchanged. Missing fields count as 0.
// Encoding uses the struct tags, so JSON round-trips.
func (t *Tally) UnmarshalJSON(b []byte) error {
	var v tallyJSON
	if err := decodeStrict(b, &v); err != nil {
		return encodingError("tally: %v", err)
	}
	nt := Tally(v)
	if err := nt.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*t = nt
	return nil
}

func decodeStrict(b []byte, v any) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return fmt.Errorf("null")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	// dec.More misses a stray ']' or '}', so check the rest of the input.
	if len(bytes.TrimSpace(b[dec.InputOffset():])) > 0 {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// AppendBinary implements [encoding.BinaryAppender]: version 1, kind 2,
// then the eleven counts as unsigned varints.
func (d Distribution) AppendBinary(b []byte) ([]byte, error) {
	if err := d.Validate(); err != nil {
		return b, err
	}
	b = append(b, binaryVersion, kindDistribution)
	for _, c := range d {
		b = appendCount(b, c)
	}
	return b, nil
}

// MarshalBinary implements [encoding.BinaryMarshaler].
func (d Distribution) MarshalBinary() ([]byte, error) { return d.AppendBinary(make([]byte, 0, 24)) }

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. Corrupt input is
// an error wrapping [ErrInvalidEncoding], and d is left unchanged.
func (d *Distribution) UnmarshalBinary(b []byte) error {
	r := newBinReader(b, kindDistribution, "distribution")
	var v Distribution
	for i := range v {
		v[i] = r.count()
	}
	if err := r.done(); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*d = v
	return nil
}

// UnmarshalJSON decodes a JSON array of exactly eleven non-negative
// integer counts (ratings 0 to 10). Other lengths, which encoding/json would
// otherwise truncate or zero-fill silently, are errors wrapping
// [ErrInvalidEncoding].
func (d *Distribution) UnmarshalJSON(b []byte) error {
	var v []int
	if err := decodeStrict(b, &v); err != nil {
		return encodingError("distribution: %v", err)
	}
	if len(v) != len(d) {
		return encodingError("distribution: %d counts, want 11 (ratings 0–10)", len(v))
	}
	nd := Distribution(v)
	if err := nd.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*d = nd
	return nil
}
