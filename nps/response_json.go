package nps

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// responseFields is Response without its methods, so decoding into it does
// not call Response.UnmarshalJSON again.
type responseFields Response

// responseJSON decodes a Response with its rating and instant as pointers,
// so that a missing or null value is told apart from a rating of 0 or the
// zero instant. The outer fields shadow the embedded ones of the same name.
type responseJSON struct {
	responseFields
	Rating *Rating    `json:"rating"`
	At     *time.Time `json:"at"`
}

// UnmarshalJSON decodes a response strictly, so that bad survey data is
// rejected at the boundary instead of being counted: unknown fields,
// trailing data, a missing or null "rating" or "at", a rating that is not a
// whole number from 0 to 10, and any response that fails
// [Response.Validate] are errors. Every error wraps [ErrInvalidEncoding];
// ratings, weights and validation failures also wrap [ErrInvalidRating],
// [ErrInvalidWeight] or [ErrInvalidResponse]. On error r is left
// unchanged. Encoding uses the struct tags, so a response round-trips
// through JSON to an [Response.Equal] one.
func (r *Response) UnmarshalJSON(b []byte) error {
	if bytes.Equal(trimJSONSpace(b), []byte("null")) {
		return fmt.Errorf("%w: response: null", ErrInvalidEncoding)
	}
	var v responseJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%w: response: %w", ErrInvalidEncoding, err)
	}
	if len(trimJSONSpace(b[dec.InputOffset():])) > 0 {
		return fmt.Errorf("%w: response: trailing data after the object", ErrInvalidEncoding)
	}
	nr := Response(v.responseFields)
	switch {
	case v.Rating == nil:
		return fmt.Errorf("%w: response %q: %w: missing", ErrInvalidEncoding, nr.ID, ErrInvalidRating)
	case v.At == nil:
		return fmt.Errorf("%w: response %q: %w: missing instant \"at\"", ErrInvalidEncoding, nr.ID, ErrInvalidResponse)
	}
	nr.Rating, nr.At = *v.Rating, *v.At
	if err := nr.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*r = nr
	return nil
}

// trimJSONSpace removes the white space JSON allows around a value,
// which is narrower than Unicode's.
func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// maxResponseLine bounds one JSON Lines record, so a corrupt file without
// line breaks cannot exhaust memory.
const maxResponseLine = 1 << 20

// DecodeResponses reads JSON Lines — one response per line, decoded
// strictly by [Response.UnmarshalJSON] — the usual export format of survey
// tools and log pipelines, without holding the file in memory. Lines that
// hold only white space are skipped; a line may end in "\r\n" and may be
// up to 1 MiB long.
//
// At the first bad line the sequence yields (Response{}, err) and stops;
// err names the line number (counting from 1) and wraps
// [ErrInvalidEncoding] and, where it applies, the sentinel of the
// validation failure. A read error from rd is yielded wrapped with the
// line number. The sequence consumes rd, so it can be ranged over once.
func DecodeResponses(rd io.Reader) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		sc := bufio.NewScanner(rd)
		sc.Buffer(nil, maxResponseLine)
		line := 0
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if len(trimJSONSpace(b)) == 0 {
				continue
			}
			var r Response
			if err := r.UnmarshalJSON(b); err != nil {
				yield(Response{}, fmt.Errorf("line %d: %w", line, err))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("%w: longer than %d bytes", ErrInvalidEncoding, maxResponseLine)
			}
			yield(Response{}, fmt.Errorf("line %d: %w", line+1, err))
		}
	}
}
