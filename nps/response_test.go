package nps

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var at0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

func fullResponse() Response {
	return Response{
		ID:         "r-1",
		Rating:     9,
		At:         time.Date(2026, time.March, 2, 10, 15, 30, 123456789, time.FixedZone("CET", 3600)),
		Customer:   "c-1",
		Touchpoint: "phone",
		Employees:  []string{"e-2", "e-1"},
		Unit:       "support",
		Channel:    "email",
		Comment:    "schnell — \"danke\"\n",
		Weight:     2.5,
		Labels:     map[string]string{"fix_hours": "12.5", "region": "north"},
	}
}

func TestResponseValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Response)
		want   error // nil for valid
	}{
		{"full", func(*Response) {}, nil},
		{"minimal", func(r *Response) { *r = Response{ID: "x", At: at0} }, nil},
		{"rating 10", func(r *Response) { r.Rating = 10 }, nil},
		{"weight 0 is unweighted", func(r *Response) { r.Weight = 0 }, nil},
		{"tiny weight", func(r *Response) { r.Weight = math.SmallestNonzeroFloat64 }, nil},
		{"empty ID", func(r *Response) { r.ID = "" }, ErrInvalidResponse},
		{"rating 11", func(r *Response) { r.Rating = 11 }, ErrInvalidRating},
		{"rating 255", func(r *Response) { r.Rating = 255 }, ErrInvalidRating},
		{"zero instant", func(r *Response) { r.At = time.Time{} }, ErrInvalidResponse},
		{"empty employee", func(r *Response) { r.Employees = []string{"e-1", ""} }, ErrInvalidResponse},
		{"employee twice", func(r *Response) { r.Employees = []string{"e-1", "e-2", "e-1"} }, ErrInvalidResponse},
		{"negative weight", func(r *Response) { r.Weight = -1 }, ErrInvalidWeight},
		{"NaN weight", func(r *Response) { r.Weight = math.NaN() }, ErrInvalidWeight},
		{"infinite weight", func(r *Response) { r.Weight = math.Inf(1) }, ErrInvalidWeight},
		{"negative infinite weight", func(r *Response) { r.Weight = math.Inf(-1) }, ErrInvalidWeight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fullResponse()
			tc.change(&r)
			err := r.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			for _, other := range []error{ErrInvalidResponse, ErrInvalidRating, ErrInvalidWeight} {
				if other != tc.want {
					assert.NotErrorIs(t, err, other, "an error wraps exactly one sentinel")
				}
			}
		})
	}
}

func TestResponseEqual(t *testing.T) {
	base := fullResponse()
	for _, tc := range []struct {
		name   string
		change func(*Response)
		equal  bool
	}{
		{"same", func(*Response) {}, true},
		{"instant in another zone", func(r *Response) { r.At = r.At.UTC() }, true},
		{"weight 2.5 and unweighted", func(r *Response) { r.Weight = 0 }, false},
		{"labels removed", func(r *Response) { r.Labels = nil }, false},
		{"instant 1ns later", func(r *Response) { r.At = r.At.Add(1) }, false},
		{"rating", func(r *Response) { r.Rating = 10 }, false},
		{"employee order", func(r *Response) { r.Employees = []string{"e-1", "e-2"} }, false},
		{"label value", func(r *Response) { r.Labels["region"] = "south" }, false},
		{"comment", func(r *Response) { r.Comment = "" }, false},
		{"weight", func(r *Response) { r.Weight = 2.5000001 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base.Clone()
			tc.change(&o)
			assert.Equal(t, tc.equal, base.Equal(o))
			assert.Equal(t, tc.equal, o.Equal(base), "symmetric")
		})
	}
	plain := Response{ID: "x", At: at0}
	assert.True(t, plain.Equal(Response{ID: "x", At: at0, Weight: 1, Employees: []string{}, Labels: map[string]string{}}),
		"weight 0 equals 1, nil equals empty")
}

func TestResponseClone(t *testing.T) {
	r := fullResponse()
	c := r.Clone()
	require.True(t, r.Equal(c))
	c.Employees[0] = "changed"
	c.Labels["region"] = "changed"
	assert.Equal(t, "e-2", r.Employees[0])
	assert.Equal(t, "north", r.Labels["region"])
	assert.Nil(t, Response{ID: "x"}.Clone().Employees)
}

func TestFilterMatch(t *testing.T) {
	r := fullResponse() // 09:15:30.123456789 UTC, phone, support, e-2 e-1, region=north
	at := r.At
	for _, tc := range []struct {
		name string
		f    Filter
		want bool
	}{
		{"zero filter", Filter{}, true},
		{"From at the instant (inclusive)", Filter{From: at}, true},
		{"From 1ns later", Filter{From: at.Add(1)}, false},
		{"To at the instant (exclusive)", Filter{To: at}, false},
		{"To 1ns later", Filter{To: at.Add(1)}, true},
		{"range in another zone", Filter{From: at.UTC(), To: at.Add(time.Hour).In(time.FixedZone("JST", 9*3600))}, true},
		{"empty range", Filter{From: at, To: at}, false},
		{"touchpoint listed", Filter{Touchpoints: []string{"desk", "phone"}}, true},
		{"touchpoint not listed", Filter{Touchpoints: []string{"desk"}}, false},
		{"empty touchpoints mean any", Filter{Touchpoints: []string{}}, true},
		{"unit listed", Filter{Units: []string{"support"}}, true},
		{"unit not listed", Filter{Units: []string{"sales"}}, false},
		{"one employee of two", Filter{Employees: []string{"e-1"}}, true},
		{"other employees", Filter{Employees: []string{"e-3", "e-4"}}, false},
		{"label matches", Filter{Labels: map[string]string{"region": "north"}}, true},
		{"every label must match", Filter{Labels: map[string]string{"region": "north", "fix_hours": "1"}}, false},
		{"missing label key", Filter{Labels: map[string]string{"tier": ""}}, false},
		{"all conditions", Filter{From: at0, To: at0.Add(time.Hour), Touchpoints: []string{"phone"}, Units: []string{"support"},
			Employees: []string{"e-2"}, Labels: map[string]string{"fix_hours": "12.5"}}, true},
		{"all but one condition", Filter{From: at0, To: at0.Add(time.Hour), Touchpoints: []string{"phone"}, Units: []string{"sales"},
			Employees: []string{"e-2"}, Labels: map[string]string{"fix_hours": "12.5"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.f.Match(r))
		})
	}
	none := Response{ID: "y", At: at0}
	assert.True(t, Filter{Touchpoints: []string{""}, Units: []string{""}}.Match(none), `"" selects responses without touchpoint or unit`)
	assert.False(t, Filter{Employees: []string{""}}.Match(none))
	assert.True(t, Filter{Labels: map[string]string{}}.Match(none))
}

func TestFilterValidate(t *testing.T) {
	require.NoError(t, Filter{}.Validate())
	require.NoError(t, Filter{From: at0}.Validate())
	require.NoError(t, Filter{To: at0}.Validate())
	require.NoError(t, Filter{From: at0, To: at0}.Validate())
	err := Filter{From: at0, To: at0.Add(-1)}.Validate()
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "before From")
}

func TestResponseJSONRoundTrip(t *testing.T) {
	minimal := Response{ID: "m", At: at0}
	unweighted := fullResponse()
	unweighted.Weight, unweighted.Employees, unweighted.Labels = 0, []string{}, map[string]string{}
	for _, r := range []Response{fullResponse(), minimal, unweighted} {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var got Response
		require.NoError(t, json.Unmarshal(b, &got), "%s", b)
		assert.True(t, r.Equal(got), "%s\n%+v", b, got)
	}
	b, err := json.Marshal(fullResponse())
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"r-1","rating":9,"at":"2026-03-02T10:15:30.123456789+01:00","customer":"c-1",
		"touchpoint":"phone","employees":["e-2","e-1"],"unit":"support","channel":"email",
		"comment":"schnell — \"danke\"\n","weight":2.5,"labels":{"fix_hours":"12.5","region":"north"}}`, string(b))

	// Inside other values, the strict decoder still applies.
	var batch struct{ Responses []Response }
	require.NoError(t, json.Unmarshal([]byte(`{"Responses":[{"id":"a","rating":7.0,"at":"2026-03-02T09:00:00Z"},{"id":"b","rating":7e0,"at":"2026-03-02T09:00:00Z"}]}`), &batch))
	require.Len(t, batch.Responses, 2)
	assert.Equal(t, Rating(7), batch.Responses[1].Rating)
	err = json.Unmarshal([]byte(`{"Responses":[{"id":"a","rating":7,"at":"2026-03-02T09:00:00Z","x":1}]}`), &batch)
	require.ErrorIs(t, err, ErrInvalidEncoding)
}

func TestResponseUnmarshalJSONStrict(t *testing.T) {
	const ok = `"id":"a","rating":7,"at":"2026-03-02T09:00:00Z"`
	for _, tc := range []struct {
		name, in string
		also     error // a second sentinel the error must wrap, if any
	}{
		{"unknown field", `{` + ok + `,"score":7}`, nil},
		{"fractional rating", `{"id":"a","rating":6.5,"at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"rating as string", `{"id":"a","rating":"7","at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"rating 11", `{"id":"a","rating":11,"at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"negative rating", `{"id":"a","rating":-1,"at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"null rating", `{"id":"a","rating":null,"at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"missing rating", `{"id":"a","at":"2026-03-02T09:00:00Z"}`, ErrInvalidRating},
		{"missing at", `{"id":"a","rating":7}`, ErrInvalidResponse},
		{"null at", `{"id":"a","rating":7,"at":null}`, ErrInvalidResponse},
		{"zero at", `{"id":"a","rating":7,"at":"0001-01-01T00:00:00Z"}`, ErrInvalidResponse},
		{"date only", `{"id":"a","rating":7,"at":"2026-03-02"}`, nil},
		{"at without zone", `{"id":"a","rating":7,"at":"2026-03-02T09:00:00"}`, nil},
		{"missing id", `{"rating":7,"at":"2026-03-02T09:00:00Z"}`, ErrInvalidResponse},
		{"employee twice", `{` + ok + `,"employees":["e","e"]}`, ErrInvalidResponse},
		{"empty employee", `{` + ok + `,"employees":[""]}`, ErrInvalidResponse},
		{"employees as string", `{` + ok + `,"employees":"e"}`, nil},
		{"negative weight", `{` + ok + `,"weight":-1}`, ErrInvalidWeight},
		{"huge weight", `{` + ok + `,"weight":1e400}`, nil},
		{"label not a string", `{` + ok + `,"labels":{"k":1}}`, nil},
		{"trailing value", `{` + ok + `} {}`, nil},
		{"trailing bracket", `{` + ok + `}]`, nil},
		{"truncated", `{` + ok, nil},
		{"null", `null`, nil},
		{"array", `[]`, nil},
		{"empty", ``, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fullResponse()
			err := r.UnmarshalJSON([]byte(tc.in))
			require.ErrorIs(t, err, ErrInvalidEncoding)
			if tc.also != nil {
				require.ErrorIs(t, err, tc.also)
			}
			assert.True(t, r.Equal(fullResponse()), "left unchanged on error")
		})
	}
	var r Response
	require.NoError(t, r.UnmarshalJSON([]byte(" {"+ok+"}\r\n")), "white space around the object")
	var re *RatingError
	require.ErrorAs(t, r.UnmarshalJSON([]byte(`{"id":"a","rating":6.5,"at":"2026-03-02T09:00:00Z"}`)), &re)
	assert.Equal(t, "6.5", re.Input)
}

func TestDecodeResponses(t *testing.T) {
	const in = `{"id":"a","rating":9,"at":"2026-03-02T09:00:00Z"}` + "\r\n" +
		"\n" +
		`  {"id":"b","rating":0,"at":"2026-03-02T10:00:00+01:00","employees":["e-1"]}` + "\n" +
		" \t\n" +
		`{"id":"c","rating":10,"at":"2026-03-03T09:00:00Z"}` // no final newline
	var ids []string
	for r, err := range DecodeResponses(strings.NewReader(in)) {
		require.NoError(t, err)
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"a", "b", "c"}, ids)

	t.Run("bad line", func(t *testing.T) {
		in := `{"id":"a","rating":9,"at":"2026-03-02T09:00:00Z"}` + "\n" +
			"\n" +
			`{"id":"b","rating":6.5,"at":"2026-03-02T09:00:00Z"}` + "\n" +
			`{"id":"c","rating":9,"at":"2026-03-02T09:00:00Z"}` + "\n"
		var got []string
		var errs []error
		for r, err := range DecodeResponses(strings.NewReader(in)) {
			if err != nil {
				errs = append(errs, err)
				assert.True(t, r.Equal(Response{}))
				continue
			}
			got = append(got, r.ID)
		}
		assert.Equal(t, []string{"a"}, got, "stops at the first error")
		require.Len(t, errs, 1)
		require.ErrorIs(t, errs[0], ErrInvalidEncoding)
		require.ErrorIs(t, errs[0], ErrInvalidRating)
		assert.Contains(t, errs[0].Error(), "line 3:")
	})
	t.Run("too long", func(t *testing.T) {
		long := `{"id":"a","rating":9,"at":"2026-03-02T09:00:00Z","comment":"` + strings.Repeat("x", maxResponseLine) + `"}`
		var errs []error
		for _, err := range DecodeResponses(strings.NewReader("\n" + long + "\n")) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		require.ErrorIs(t, errs[0], ErrInvalidEncoding)
		assert.Contains(t, errs[0].Error(), "line 2:")
	})
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		var errs []error
		for _, err := range DecodeResponses(iotest.ErrReader(boom)) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		require.ErrorIs(t, errs[0], boom)
	})
	t.Run("early break", func(t *testing.T) {
		n := 0
		for range DecodeResponses(strings.NewReader(in)) {
			n++
			break
		}
		assert.Equal(t, 1, n)
	})
}

var responseSeeds = []string{
	`{"id":"r-1","rating":9,"at":"2026-03-02T10:15:30.123456789+01:00","customer":"c-1","touchpoint":"phone","employees":["e-2","e-1"],"unit":"support","channel":"email","comment":"danke","weight":2.5,"labels":{"fix_hours":"12.5"}}`,
	`{"id":"m","rating":0,"at":"2026-03-02T09:00:00Z"}`,
	`{"id":"m","rating":7.0,"at":"0000-01-01T00:00:00+01:00","weight":-0}`,
	`{"id":"m","rating":6.5,"at":"2026-03-02T09:00:00Z"}`,
	`{"id":"m","rating":7,"at":"2026-03-02T09:00:00Z","extra":1}`,
	`{"ID":"m","Rating":7,"AT":"2026-03-02T09:00:00Z"}`,
	`null`,
}

func FuzzResponseUnmarshalJSON(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := Response{ID: "before", At: at0}
		err := r.UnmarshalJSON(b)
		if err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			if !r.Equal(Response{ID: "before", At: at0}) {
				t.Fatalf("changed on error: %+v", r)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("decoded an invalid response: %v", err)
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal %+v: %v", r, err)
		}
		var again Response
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decode %s: %v", out, err)
		}
		if !r.Equal(again) {
			t.Fatalf("round trip changed the response:\n%+v\n%+v", r, again)
		}
	})
}

func FuzzDecodeResponses(f *testing.F) {
	f.Add([]byte(strings.Join(responseSeeds[:3], "\n")))
	f.Add([]byte(responseSeeds[0] + "\r\n\r\n" + responseSeeds[3] + "\n" + responseSeeds[1]))
	f.Add([]byte("\n \n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var rs []Response
		failed := false
		for r, err := range DecodeResponses(bytes.NewReader(b)) {
			if failed {
				t.Fatal("yielded after an error")
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidEncoding) || !strings.HasPrefix(err.Error(), "line ") {
					t.Fatalf("error %q does not wrap ErrInvalidEncoding or lacks the line", err)
				}
				failed = true
				continue
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("decoded an invalid response: %v", err)
			}
			rs = append(rs, r)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for _, r := range rs {
			if err := enc.Encode(r); err != nil {
				t.Fatalf("encode %+v: %v", r, err)
			}
		}
		i := 0
		for r, err := range DecodeResponses(&buf) {
			if err != nil {
				t.Fatalf("re-decoding: %v", err)
			}
			if i >= len(rs) || !rs[i].Equal(r) {
				t.Fatalf("re-decoding response %d changed it", i)
			}
			i++
		}
		if i != len(rs) {
			t.Fatalf("re-decoded %d responses, want %d", i, len(rs))
		}
	})
}
