package wheel

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
)

// maxResponseLine bounds one JSON Lines record, so that a corrupt file
// without line breaks cannot exhaust memory.
const maxResponseLine = 1 << 20

// trimJSONSpace removes the white space JSON allows around a value, which
// is narrower than Unicode's.
func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// DecodeResponses reads the responses to a, as JSON Lines: one [Response]
// object per line, the usual export format of survey tools, without
// holding the file in memory. Decoding is strict: unknown fields, data
// after the object on its line and answers that are neither whole numbers
// nor "n/a" are errors. Lines that hold only white space are skipped; a
// line may end in "\r\n" and may be up to 1 MiB long.
//
// Every response must pass [Response.Check] against a, and each
// respondent may appear once: a second response of the same respondent,
// even an equal one, is an error wrapping [ErrDuplicateRespondent]. An
// assessment that fails [Assessment.Validate] is an error before any line
// is read.
//
// At the first bad line the sequence yields (Response{}, err) and stops;
// err names the line number (counting from 1) and wraps
// [ErrInvalidResponse] for malformed JSON (and [ErrInvalidRating] for a
// malformed answer), or the sentinel of the check that failed. A read
// error from r is yielded wrapped with the line number. The sequence
// consumes r, so it can be ranged over once.
func DecodeResponses(r io.Reader, a Assessment) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		if err := a.Validate(); err != nil {
			yield(Response{}, fmt.Errorf("decoding responses: %w", err))
			return
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, maxResponseLine)
		seen := make(map[string]int) // respondent → line
		line := 0
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if len(trimJSONSpace(b)) == 0 {
				continue
			}
			var resp Response
			if err := decodeStrict(b, &resp); err != nil {
				yield(Response{}, fmt.Errorf("line %d: %w: %w", line, ErrInvalidResponse, err))
				return
			}
			if err := resp.Check(a); err != nil {
				yield(Response{}, fmt.Errorf("line %d: %w", line, err))
				return
			}
			if first, dup := seen[resp.Respondent]; dup {
				yield(Response{}, fmt.Errorf("line %d: %w: respondent %q answered on line %d already",
					line, ErrDuplicateRespondent, resp.Respondent, first))
				return
			}
			seen[resp.Respondent] = line
			if !yield(resp, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("%w: longer than %d bytes", ErrInvalidResponse, maxResponseLine)
			}
			yield(Response{}, fmt.Errorf("line %d: %w", line+1, err))
		}
	}
}

// DecodeAssessment reads one [Assessment] as JSON, strictly: unknown
// fields, null and data after the object (other than white space) are
// errors wrapping [ErrInvalidAssessment], as is any other malformed JSON.
// The assessment must pass [Assessment.Validate]; if it does not, the
// error wraps the error of Validate.
func DecodeAssessment(r io.Reader) (Assessment, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Assessment{}, fmt.Errorf("%w: %w", ErrInvalidAssessment, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Assessment{}, fmt.Errorf("%w: data after the assessment", ErrInvalidAssessment)
	}
	var a Assessment
	if err := decodeStrict(raw, &a); err != nil {
		return Assessment{}, fmt.Errorf("%w: %w", ErrInvalidAssessment, err)
	}
	if err := a.Validate(); err != nil {
		return Assessment{}, fmt.Errorf("decoding an assessment: %w", err)
	}
	return a, nil
}

// decodeStrict decodes one JSON object from b into v, rejecting null,
// unknown fields and trailing data.
func decodeStrict(b []byte, v any) error {
	if bytes.Equal(trimJSONSpace(b), []byte("null")) {
		return errors.New("null")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	// dec.More misses a stray ']' or '}', so check the rest of the input.
	if len(trimJSONSpace(b[dec.InputOffset():])) > 0 {
		return errors.New("data after the object")
	}
	return nil
}
