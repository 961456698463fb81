package maturity_test

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

	"github.com/servicekultur/servicekultur/maturity"
)

// decodeLine returns a JSON Lines record of an assessment of employee who,
// with the fields given as JSON appended.
func decodeLine(who string, extra ...string) string {
	var s strings.Builder
	s.WriteString(`{"employee":"` + who + `","task":"sales","rater":"leader","ratedBy":"lea","at":"2026-03-02T10:00:00.123456789+01:00","competence":2.5,"commitment":4`)
	for _, e := range extra {
		s.WriteString("," + e)
	}
	return s.String() + "}"
}

func TestDecodeAssessments(t *testing.T) {
	good1 := decodeLine("ada", `"scale":{"min":0,"max":10}`)
	good2 := decodeLine("bo")
	for _, tc := range []struct {
		name  string
		in    string
		want  []string // employees yielded, in order
		err   []error  // sentinels the final error wraps; nil: no error
		errAt string   // the line the error names
	}{
		{name: "empty input"},
		{name: "two lines", in: good1 + "\n" + good2 + "\n", want: []string{"ada", "bo"}},
		{name: "no final newline", in: good1 + "\n" + good2, want: []string{"ada", "bo"}},
		{name: "blank lines and CRLF", in: "\n  \t\r\n" + good1 + "\r\n\r\n" + good2 + "\r\n", want: []string{"ada", "bo"}},
		{name: "white space around the object", in: " \t" + good1 + " \t\r\n", want: []string{"ada"}},
		{name: "fields in any order", in: `{"commitment":1,"competence":5,"at":"2026-03-02T09:00:00Z","rater":"self","task":"t","employee":"e"}`, want: []string{"e"}},
		{name: "the same key twice", in: good2 + "\n" + good2, want: []string{"bo", "bo"}},
		{name: "unknown field", in: good1 + "\n" + decodeLine("bo", `"comment":"hi"`), want: []string{"ada"},
			err: []error{maturity.ErrInvalidAssessment}, errAt: "line 2:"},
		{name: "field in capitals", in: strings.Replace(good1, `"task"`, `"Task"`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "field twice", in: decodeLine("ada", `"competence":3`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "field twice, in capitals", in: decodeLine("ada", `"Competence":3`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "null field", in: decodeLine("ada", `"scale":null`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "null score", in: strings.Replace(good2, `"competence":2.5`, `"competence":null`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "missing score", in: strings.Replace(good1, `"commitment":4,`, "", 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "missing instant", in: strings.Replace(good1, `"at":"2026-03-02T10:00:00.123456789+01:00",`, "", 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "scale without max", in: decodeLine("ada", `"scale":{"min":0}`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "scale with an unknown field", in: decodeLine("ada", `"scale":{"min":0,"max":10,"step":1}`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "scale field in capitals", in: decodeLine("ada", `"scale":{"Min":0,"max":10}`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "scale not an object", in: decodeLine("ada", `"scale":[0,10]`), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "trailing data", in: good1 + " {}\n", err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "trailing bracket", in: good1 + "]\n", err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "two objects on a line", in: good1 + good2, err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "not JSON", in: "employee,task\n", err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "null", in: "null\n", err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "an array", in: "[" + good1 + "]\n", err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "cut short", in: good1[:40], err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "missing comma", in: strings.Replace(good1, `,"task"`, ` "task"`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "unknown rater", in: strings.Replace(good1, `"leader"`, `"boss"`, 1), err: []error{maturity.ErrInvalidAssessment, maturity.ErrInvalidRater}, errAt: "line 1:"},
		{name: "rater as a number", in: strings.Replace(good1, `"leader"`, `2`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "score as a string", in: strings.Replace(good1, `2.5`, `"2.5"`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "score too large for float64", in: strings.Replace(good1, `2.5`, `1e400`, 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "bad instant", in: strings.Replace(good1, "2026-03-02T10", "2026-03-02 10", 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "zero instant", in: strings.Replace(good1, "2026-03-02T10:00:00.123456789+01:00", "0001-01-01T00:00:00Z", 1), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "no employee", in: decodeLine(""), err: []error{maturity.ErrInvalidAssessment}, errAt: "line 1:"},
		{name: "score off the default scale", in: strings.Replace(good2, `2.5`, `0`, 1), err: []error{maturity.ErrInvalidScore}, errAt: "line 1:"},
		{name: "score off its scale", in: decodeLine("ada", `"scale":{"min":3,"max":4}`), err: []error{maturity.ErrInvalidScore}, errAt: "line 1:"},
		{name: "invalid scale", in: decodeLine("ada", `"scale":{"min":5,"max":1}`), err: []error{maturity.ErrInvalidScale}, errAt: "line 1:"},
		{name: "stops at the first error", in: good1 + "\n\n{\n" + good2 + "\n", want: []string{"ada"},
			err: []error{maturity.ErrInvalidAssessment}, errAt: "line 3:"},
		{name: "line too long", in: good1 + "\n" + decodeLine("bo", `"ratedBy":"`+strings.Repeat("x", 1<<20)+`"`),
			want: []string{"ada"}, err: []error{maturity.ErrInvalidAssessment}, errAt: "line 2:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var last error
			for a, err := range maturity.DecodeAssessments(strings.NewReader(tc.in)) {
				require.NoError(t, last, "yielded after an error")
				if err != nil {
					assert.Zero(t, a, "a value with the error")
					last = err
					continue
				}
				require.NoError(t, a.Validate())
				got = append(got, a.Employee)
			}
			assert.Equal(t, tc.want, got)
			if tc.err == nil {
				assert.NoError(t, last)
				return
			}
			require.Error(t, last)
			for _, s := range tc.err {
				assert.ErrorIs(t, last, s)
			}
			assert.True(t, strings.HasPrefix(last.Error(), tc.errAt), "error %q does not start with %q", last, tc.errAt)
		})
	}
}

func TestDecodeAssessmentsFields(t *testing.T) {
	in := decodeLine("ada", `"scale":{"min":0,"max":10}`) + "\n" +
		`{"employee":"Åse \"Ø\"","task":"kundeservice — telefon","rater":"other","at":"2026-03-02T09:00:00Z","competence":1,"commitment":5}`
	var got []maturity.Assessment
	for a, err := range maturity.DecodeAssessments(strings.NewReader(in)) {
		require.NoError(t, err)
		got = append(got, a)
	}
	require.Len(t, got, 2)
	at := time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)
	assert.True(t, got[0].At.Equal(at), "At = %v", got[0].At)
	got[0].At = time.Time{}
	assert.Equal(t, maturity.Assessment{
		Employee: "ada", Task: "sales", Rater: maturity.Leader, RatedBy: "lea",
		Scale: maturity.Scale{Min: 0, Max: 10}, Competence: 2.5, Commitment: 4,
	}, got[0])
	assert.Equal(t, "Åse \"Ø\"", got[1].Employee)
	assert.Equal(t, maturity.OtherRater, got[1].Rater)
	assert.Equal(t, maturity.Scale{}, got[1].Scale)
	assert.Empty(t, got[1].RatedBy)
}

// What encoding/json writes, DecodeAssessments reads back.
func TestDecodeAssessmentsRoundTrip(t *testing.T) {
	as := []maturity.Assessment{
		{Employee: "ada", Task: "sales", Rater: maturity.Self, At: time.Date(2026, 3, 2, 9, 0, 0, 1, time.FixedZone("", -3*3600)), Competence: 1, Commitment: 5},
		{Employee: "bo", Task: "t", Rater: maturity.Leader, RatedBy: "lea", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			Scale: maturity.Scale{Min: -3, Max: 3}, Competence: -1.0 / 3, Commitment: 3},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, a := range as {
		require.NoError(t, enc.Encode(a))
	}
	i := 0
	for a, err := range maturity.DecodeAssessments(&buf) {
		require.NoError(t, err)
		assert.True(t, a.At.Equal(as[i].At))
		want := as[i]
		a.At, want.At = time.Time{}, time.Time{}
		assert.Equal(t, want, a)
		i++
	}
	assert.Equal(t, len(as), i)
}

func TestDecodeAssessmentsEarlyBreak(t *testing.T) {
	in := strings.Repeat(decodeLine("ada")+"\n", 3)
	n := 0
	for _, err := range maturity.DecodeAssessments(strings.NewReader(in)) {
		require.NoError(t, err)
		if n++; n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

func TestDecodeAssessmentsReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(decodeLine("ada")+"\n"), iotest.ErrReader(boom))
	var got []string
	var last error
	for a, err := range maturity.DecodeAssessments(r) {
		if err != nil {
			last = err
			continue
		}
		got = append(got, a.Employee)
	}
	assert.Equal(t, []string{"ada"}, got)
	require.ErrorIs(t, last, boom)
	assert.True(t, strings.HasPrefix(last.Error(), "line 2:"), "%v", last)
}
