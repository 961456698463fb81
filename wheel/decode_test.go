package wheel_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/wheel"
)

// decodeAssessment is the assessment the decoding tests read responses
// of: items q1–q4 on 1–5, units co, sales and ops.
var decodeAssessment = memAssessment("a1", memT0)

// jsonLine returns a JSON Lines record of respondent who with the answers
// given as JSON, and extra fields appended.
func jsonLine(who, answers string, extra ...string) string {
	var s strings.Builder
	s.WriteString(`{"assessment":"a1","respondent":"` + who + `","role":"employee","unit":"sales","at":"2026-03-02T10:00:00.5+01:00","answers":` + answers)
	for _, e := range extra {
		s.WriteString("," + e)
	}
	return s.String() + "}"
}

func TestDecodeResponses(t *testing.T) {
	at := time.Date(2026, time.March, 2, 9, 0, 0, 500000000, time.UTC)
	good1 := jsonLine("r1", `{"q1":4,"q2":"n/a"}`, `"importance":{"2.2":5}`)
	good2 := jsonLine("r2", `{"q3":1}`)
	for _, tc := range []struct {
		name  string
		in    string
		want  []string // respondents yielded, in order
		err   []error  // sentinels the final error wraps; nil: no error
		errAt string   // the line the error names
	}{
		{name: "empty input"},
		{name: "two lines", in: good1 + "\n" + good2 + "\n", want: []string{"r1", "r2"}},
		{name: "no final newline", in: good1 + "\n" + good2, want: []string{"r1", "r2"}},
		{name: "blank lines and CRLF", in: "\n  \t\r\n" + good1 + "\r\n\r\n" + good2 + "\r\n", want: []string{"r1", "r2"}},
		{name: "manager without unit", in: `{"assessment":"a1","respondent":"m","role":"manager","at":"2026-03-02T09:00:00Z","answers":{}}`, want: []string{"m"}},
		{name: "unknown field", in: good1 + "\n" + jsonLine("r2", `{}`, `"comment":"hi"`), want: []string{"r1"},
			err: []error{wheel.ErrInvalidResponse}, errAt: "line 2:"},
		{name: "trailing data", in: good1 + " {}\n", err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "trailing bracket", in: good1 + "]\n", err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "two objects on a line", in: good1 + good2, err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "not JSON", in: "respondent,q1\n", err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "null", in: "null\n", err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "an array", in: "[" + good1 + "]\n", err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "cut short", in: good1[:40], err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "fractional answer", in: jsonLine("r1", `{"q1":3.5}`), err: []error{wheel.ErrInvalidResponse, wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "answer as a string", in: jsonLine("r1", `{"q1":"3"}`), err: []error{wheel.ErrInvalidResponse, wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "null answer", in: jsonLine("r1", `{"q1":null}`), err: []error{wheel.ErrInvalidResponse, wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "N/A in capitals", in: jsonLine("r1", `{"q1":"N/A"}`), err: []error{wheel.ErrInvalidResponse, wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "answer off the scale", in: jsonLine("r1", `{"q1":6}`), err: []error{wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "importance off the scale", in: jsonLine("r1", `{}`, `"importance":{"1.1":0}`), err: []error{wheel.ErrInvalidRating}, errAt: "line 1:"},
		{name: "unknown item", in: jsonLine("r1", `{"q9":3}`), err: []error{wheel.ErrUnknownDimension}, errAt: "line 1:"},
		{name: "unknown role", in: strings.Replace(good1, "employee", "boss", 1), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "no role", in: strings.Replace(good1, `"role":"employee",`, "", 1), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "no respondent", in: jsonLine("", `{}`), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "unknown unit", in: strings.Replace(good1, "sales", "hr", 1), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "another assessment", in: strings.Replace(good1, `"a1"`, `"a2"`, 1), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "bad instant", in: strings.Replace(good1, "2026-03-02T10", "2026-03-02 10", 1), err: []error{wheel.ErrInvalidResponse}, errAt: "line 1:"},
		{name: "duplicate respondent", in: good1 + "\n" + good2 + "\n\n" + jsonLine("r1", `{"q1":2}`) + "\n" + good2,
			want: []string{"r1", "r2"}, err: []error{wheel.ErrDuplicateRespondent}, errAt: "line 4:"},
		{name: "equal line twice", in: good1 + "\n" + good1 + "\n", want: []string{"r1"},
			err: []error{wheel.ErrDuplicateRespondent}, errAt: "line 2:"},
		{name: "stops at the first error", in: good1 + "\n{\n" + good2 + "\n", want: []string{"r1"},
			err: []error{wheel.ErrInvalidResponse}, errAt: "line 2:"},
		{name: "line too long", in: good1 + "\n" + jsonLine("r2", `{}`, `"unit":"`+strings.Repeat("x", 1<<20)+`"`),
			want: []string{"r1"}, err: []error{wheel.ErrInvalidResponse}, errAt: "line 2:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var errs []error
			for r, err := range wheel.DecodeResponses(strings.NewReader(tc.in), decodeAssessment) {
				if err != nil {
					assert.Zero(t, r)
					errs = append(errs, err)
					continue
				}
				require.Empty(t, errs, "a response yielded after an error")
				require.NoError(t, r.Check(decodeAssessment))
				got = append(got, r.Respondent)
			}
			assert.Equal(t, tc.want, got)
			if tc.err == nil {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			for _, s := range tc.err {
				assert.ErrorIs(t, errs[0], s)
			}
			assert.True(t, strings.HasPrefix(errs[0].Error(), tc.errAt), "error %q does not begin %q", errs[0], tc.errAt)
		})
	}

	t.Run("fields", func(t *testing.T) {
		var rs []wheel.Response
		for r, err := range wheel.DecodeResponses(strings.NewReader(good1), decodeAssessment) {
			require.NoError(t, err)
			rs = append(rs, r)
		}
		require.Len(t, rs, 1)
		want := wheel.Response{
			Assessment: "a1", Respondent: "r1", Role: wheel.Employee, Unit: "sales", At: at,
			Answers:    map[string]wheel.Answer{"q1": wheel.Rated(4), "q2": wheel.NA},
			Importance: map[string]wheel.Answer{"2.2": wheel.Rated(5)},
		}
		assert.True(t, want.Equal(rs[0]), "got %+v", rs[0])
	})

	t.Run("round trip", func(t *testing.T) {
		want := []wheel.Response{memResp("a1", "r1", memT0), memResp("a1", "r2", memT0.Add(time.Hour))}
		want[1].Role, want[1].Importance = wheel.Other, map[string]wheel.Answer{"4.3": wheel.NA}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for _, r := range want {
			require.NoError(t, enc.Encode(r))
		}
		i := 0
		for r, err := range wheel.DecodeResponses(&buf, decodeAssessment) {
			require.NoError(t, err)
			require.Less(t, i, len(want))
			assert.True(t, want[i].Equal(r), "got %+v, want %+v", r, want[i])
			i++
		}
		assert.Equal(t, len(want), i)
	})

	t.Run("early break", func(t *testing.T) {
		n := 0
		for _, err := range wheel.DecodeResponses(strings.NewReader(good1+"\n"+good2+"\n{"), decodeAssessment) {
			require.NoError(t, err)
			n++
			break
		}
		assert.Equal(t, 1, n)
	})

	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		in := io.MultiReader(strings.NewReader(good1+"\n"), iotest.ErrReader(boom))
		var errs []error
		n := 0
		for _, err := range wheel.DecodeResponses(in, decodeAssessment) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		assert.Equal(t, 1, n)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], boom)
		assert.Contains(t, errs[0].Error(), "line 2")
	})

	t.Run("invalid assessment", func(t *testing.T) {
		bad := decodeAssessment.Clone()
		bad.Items = nil
		var errs []error
		for _, err := range wheel.DecodeResponses(strings.NewReader(good1), bad) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], wheel.ErrInvalidAssessment)
	})
}

func TestDecodeAssessment(t *testing.T) {
	full, err := json.Marshal(decodeAssessment)
	require.NoError(t, err)
	const minimal = `{"id":"m","at":"2026-03-02T09:00:00Z","framework":{"id":"f","name":"F","dimensions":[{"id":"d","label":"D"}]},"scale":{"min":0,"max":0},"items":[{"id":"i","dimension":"d"}]}`
	for _, tc := range []struct {
		name string
		in   string
		err  error // nil: no error
	}{
		{"full", string(full), nil},
		{"full with white space around", "\n\t " + string(full) + " \r\n", nil},
		{"minimal", minimal, nil},
		{"no scale", strings.Replace(minimal, `"scale":{"min":0,"max":0},`, "", 1), nil},
		{"empty", "", wheel.ErrInvalidAssessment},
		{"white space only", " \n", wheel.ErrInvalidAssessment},
		{"null", "null", wheel.ErrInvalidAssessment},
		{"an array", "[" + minimal + "]", wheel.ErrInvalidAssessment},
		{"a string", `"m"`, wheel.ErrInvalidAssessment},
		{"cut short", minimal[:50], wheel.ErrInvalidAssessment},
		{"trailing data", minimal + " x", wheel.ErrInvalidAssessment},
		{"trailing bracket", minimal + "}", wheel.ErrInvalidAssessment},
		{"two assessments", minimal + minimal, wheel.ErrInvalidAssessment},
		{"unknown field", strings.Replace(minimal, `"id":"m"`, `"id":"m","wave":1`, 1), wheel.ErrInvalidAssessment},
		{"unknown nested field", strings.Replace(minimal, `"name":"F"`, `"name":"F","colour":"red"`, 1), wheel.ErrInvalidAssessment},
		{"unknown item field", strings.Replace(minimal, `"dimension":"d"`, `"dimension":"d","weight":2`, 1), wheel.ErrInvalidAssessment},
		{"fractional scale", strings.Replace(minimal, `"max":0`, `"max":5.0`, 1), wheel.ErrInvalidAssessment},
		{"bad instant", strings.Replace(minimal, "2026-03-02T09:00:00Z", "yesterday", 1), wheel.ErrInvalidAssessment},
		{"no ID", strings.Replace(minimal, `"id":"m"`, `"id":""`, 1), wheel.ErrInvalidAssessment},
		{"no items", strings.Replace(minimal, `[{"id":"i","dimension":"d"}]`, `[]`, 1), wheel.ErrInvalidAssessment},
		{"framework without dimensions", strings.Replace(minimal, `[{"id":"d","label":"D"}]`, `[]`, 1), wheel.ErrInvalidFramework},
		{"scale 1–10", strings.Replace(minimal, `"min":0,"max":0`, `"min":1,"max":10`, 1), wheel.ErrInvalidScale},
		{"item of an unknown dimension", strings.Replace(minimal, `"dimension":"d"`, `"dimension":"e"`, 1), wheel.ErrUnknownDimension},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := wheel.DecodeAssessment(strings.NewReader(tc.in))
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Zero(t, a)
				return
			}
			require.NoError(t, err)
			require.NoError(t, a.Validate())
		})
	}

	a, err := wheel.DecodeAssessment(bytes.NewReader(full))
	require.NoError(t, err)
	assert.True(t, a.At.Equal(decodeAssessment.At))
	a.At = decodeAssessment.At
	assert.Equal(t, decodeAssessment, a)
}
