package maturity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
)

// jsonlMaxLine bounds one JSON Lines record, so that a corrupt file
// without line breaks cannot exhaust memory.
const jsonlMaxLine = 1 << 20

// The fields of an assessment's JSON object: all known ones, and those
// that must be present.
var (
	jsonlAssessmentFields   = []string{"employee", "task", "rater", "ratedBy", "at", "scale", "competence", "commitment"}
	jsonlAssessmentRequired = []string{"employee", "task", "rater", "at", "competence", "commitment"}
	jsonlScaleFields        = []string{"min", "max"}
)

// DecodeAssessments reads assessments as JSON Lines: one [Assessment]
// object per line, as encoding/json writes it, without holding the input
// in memory. Decoding is strict: field names must match exactly (case
// included) and appear once; unknown fields, null values, data after the
// object on its line and any other malformed JSON are errors. Employee,
// task, rater, at, competence and commitment are required, so that a
// missing score is never read as 0; ratedBy and scale may be left out (a
// scale left out is the default 1–5, and one given needs min and max).
// Lines that hold only white space are skipped; a line may end in "\r\n"
// and may be up to 1 MiB long.
//
// Every assessment must pass [Assessment.Validate]. The decoder does not
// compare lines with each other: two assessments under one key are both
// yielded, and [Store.SaveAssessment] decides between them.
//
// At the first bad line the sequence yields (Assessment{}, err) and stops;
// err names the line number (counting from 1) and wraps
// [ErrInvalidAssessment] for malformed JSON (and [ErrInvalidRater] for an
// unknown rater), or the error of Validate. A read error from r is yielded
// wrapped with the line number. The sequence consumes r, so it can be
// ranged over once.
func DecodeAssessments(r io.Reader) iter.Seq2[Assessment, error] {
	return func(yield func(Assessment, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, jsonlMaxLine)
		line := 0
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if len(jsonlTrim(b)) == 0 {
				continue
			}
			a, err := jsonlAssessment(b)
			if err != nil {
				yield(Assessment{}, fmt.Errorf("line %d: %w", line, err))
				return
			}
			if !yield(a, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("%w: longer than %d bytes", ErrInvalidAssessment, jsonlMaxLine)
			}
			yield(Assessment{}, fmt.Errorf("line %d: %w", line+1, err))
		}
	}
}

// jsonlAssessment decodes and validates the assessment on one line.
func jsonlAssessment(b []byte) (Assessment, error) {
	fields, err := jsonlObject(b, jsonlAssessmentFields, jsonlAssessmentRequired)
	if err != nil {
		return Assessment{}, fmt.Errorf("%w: %w", ErrInvalidAssessment, err)
	}
	if raw, ok := fields["scale"]; ok {
		if _, err := jsonlObject(raw, jsonlScaleFields, jsonlScaleFields); err != nil {
			return Assessment{}, fmt.Errorf("%w: scale: %w", ErrInvalidAssessment, err)
		}
	}
	var a Assessment
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Assessment{}, fmt.Errorf("%w: %w", ErrInvalidAssessment, err)
	}
	if err := a.Validate(); err != nil {
		return Assessment{}, err
	}
	return a, nil
}

// jsonlObject checks that b holds one JSON object and nothing else but
// white space, whose field names are among known, each once and exactly
// as spelt there, none null, and include every one of required. It
// returns the fields' values.
func jsonlObject(b []byte, known, required []string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonlEOF(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("not an object but %s", jsonlShow(tok))
	}
	fields := make(map[string]json.RawMessage, len(known))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonlEOF(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("a field name expected, got %s", jsonlShow(tok))
		}
		if !slices.Contains(known, key) {
			return nil, fmt.Errorf("unknown field %q", key)
		}
		if _, dup := fields[key]; dup {
			return nil, fmt.Errorf("field %q given twice", key)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonlEOF(err)
		}
		if bytes.Equal(raw, []byte("null")) {
			return nil, fmt.Errorf("field %q is null", key)
		}
		fields[key] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, jsonlEOF(err)
	}
	if len(jsonlTrim(b[dec.InputOffset():])) > 0 {
		return nil, errors.New("data after the object")
	}
	for _, key := range required {
		if _, ok := fields[key]; !ok {
			return nil, fmt.Errorf("no field %q", key)
		}
	}
	return fields, nil
}

// jsonlEOF turns the end of a truncated object into an error that says
// so.
func jsonlEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// jsonlShow names a JSON token in messages.
func jsonlShow(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return fmt.Sprintf("%q", t.String())
	case string:
		return fmt.Sprintf("the string %q", t)
	}
	return fmt.Sprint(tok)
}

// jsonlTrim removes the white space JSON allows around a value, which is
// narrower than Unicode's.
func jsonlTrim(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }
