package maturity_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

// decodeSentinels are the sentinels an error of DecodeAssessments may
// wrap.
var decodeSentinels = []error{
	maturity.ErrInvalidAssessment, maturity.ErrInvalidRater, maturity.ErrInvalidScale, maturity.ErrInvalidScore,
}

func decodeWrapsSentinel(err error) bool {
	for _, s := range decodeSentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// sameDecoded reports whether two assessments hold the same data, At
// compared as instants.
func sameDecoded(a, b maturity.Assessment) bool {
	at := a.At.Equal(b.At)
	a.At, b.At = time.Time{}, time.Time{}
	return at && a == b
}

// FuzzDecodeAssessments checks that decoding any input never panics, that
// every assessment it yields passes Validate and encodes to JSON that
// decodes to an equal assessment, that what the strict decoder accepts on
// one line encoding/json accepts alike, and that it stops at its first
// error, which names its line, carries the zero value and wraps a
// sentinel.
func FuzzDecodeAssessments(f *testing.F) {
	full, err := json.Marshal(maturity.Assessment{
		Employee: "ada", Task: "sales", Rater: maturity.Leader, RatedBy: "lea",
		At:    time.Date(2026, time.March, 2, 9, 0, 0, 1, time.FixedZone("", 3600)),
		Scale: maturity.Scale{Min: 0, Max: 10}, Competence: 0, Commitment: 10,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	for _, s := range []string{
		`{"employee":"e","task":"t","rater":"self","at":"2026-03-02T09:00:00Z","competence":1,"commitment":5}`,
		`{"employee":"e","task":"t","rater":"other","at":"2026-03-02T09:00:00.5-03:30","competence":-0.5,"commitment":3,"scale":{"min":-3,"max":3}}` + "\r\n\r\n" +
			`{"employee":"Å","task":"\u00e9","rater":"leader","ratedBy":"","at":"2026-03-02T09:00:00Z","competence":1e0,"commitment":5E-0}`,
		`{"employee":"e","task":"t","rater":"boss","at":"2026-03-02T09:00:00Z","competence":1,"commitment":5}`,
		`{"employee":"e","task":"t","rater":"self","at":"2026-03-02T09:00:00Z","competence":0,"commitment":5}`,
		`{"employee":"e","task":"t","rater":"self","at":"0001-01-01T00:00:00Z","competence":1,"commitment":5}`,
		`{"employee":"e","task":"t","rater":"self","at":"2026-03-02T09:00:00Z","competence":1,"commitment":5,"scale":{"min":1,"max":1}}`,
		`{"employee":"e","task":"t","rater":"self","at":"2026-03-02T09:00:00Z","competence":1,"commitment":5,"Task":"u"}`,
		`{"employee":"e","task":"t","rater":"self","at":"2026-03-02T09:00:00Z","competence":1,"commitment":null}`,
		`{"employee":"e"} {}`, "null\n", "[]", "{", "\n\n", "", `{"employee":"e","employee":"f"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		failed := false
		n := 0
		for a, err := range maturity.DecodeAssessments(bytes.NewReader(b)) {
			if failed {
				t.Fatalf("yielded %+v, %v after an error", a, err)
			}
			if err != nil {
				failed = true
				if !decodeWrapsSentinel(err) {
					t.Fatalf("error %v wraps no sentinel", err)
				}
				if !strings.HasPrefix(err.Error(), "line ") {
					t.Fatalf("error %v names no line", err)
				}
				if a != (maturity.Assessment{}) {
					t.Fatalf("yielded %+v with the error", a)
				}
				continue
			}
			n++
			if err := a.Validate(); err != nil {
				t.Fatalf("yielded %+v, which fails Validate: %v", a, err)
			}
			// What was decoded encodes and decodes to an equal assessment.
			out, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("json.Marshal(%+v): %v", a, err)
			}
			m := 0
			for back, err := range maturity.DecodeAssessments(bytes.NewReader(out)) {
				if m++; err != nil || !sameDecoded(back, a) {
					t.Fatalf("round trip of %+v through %s: %+v, %v", a, out, back, err)
				}
			}
			if m != 1 {
				t.Fatalf("round trip of %+v through %s: %d assessments", a, out, m)
			}
		}
		// The strict decoder accepts a subset of what encoding/json does,
		// and reads it alike.
		if n == 1 && !failed && bytes.Count(b, []byte("\n")) == 0 {
			var lenient maturity.Assessment
			if err := json.Unmarshal(b, &lenient); err != nil {
				t.Fatalf("DecodeAssessments accepts %q, which json.Unmarshal rejects: %v", b, err)
			}
			for a := range maturity.DecodeAssessments(bytes.NewReader(b)) {
				if !sameDecoded(a, lenient) {
					t.Fatalf("%q decodes to %+v, json.Unmarshal to %+v", b, a, lenient)
				}
			}
		}
	})
}

// FuzzRaterText checks that a rater's text form is "self", "leader" or
// "other": anything else is an error wrapping ErrInvalidRater that leaves
// the rater alone, and a name decodes to a rater that encodes back to it.
func FuzzRaterText(f *testing.F) {
	for _, s := range []string{"self", "leader", "other", "", "Self", " leader", "boss", "Rater(0)", "self\x00", "othe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wantOK := s == "self" || s == "leader" || s == "other"
		const sentinel = maturity.Rater(200)
		r := sentinel
		err := r.UnmarshalText([]byte(s))
		if err != nil {
			if wantOK {
				t.Fatalf("UnmarshalText(%q): %v, want success", s, err)
			}
			if !errors.Is(err, maturity.ErrInvalidRater) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidRater", s, err)
			}
			if r != sentinel {
				t.Fatalf("UnmarshalText(%q) failed but changed the rater to %d", s, r)
			}
			return
		}
		if !wantOK {
			t.Fatalf("UnmarshalText(%q) = %v, want an error", s, r)
		}
		if !r.Valid() {
			t.Fatalf("UnmarshalText(%q) = %d, which is not Valid", s, r)
		}
		out, err := r.MarshalText()
		if err != nil || string(out) != s || r.String() != s {
			t.Fatalf("round trip of %q: MarshalText = %q, %v; String = %q", s, out, err, r.String())
		}
		// Every rater that is not one of the three fails to encode.
		for v := range 256 {
			_, err := maturity.Rater(v).MarshalText()
			if valid := maturity.Rater(v).Valid(); valid != (err == nil) || err != nil && !errors.Is(err, maturity.ErrInvalidRater) {
				t.Fatalf("Rater(%d).MarshalText: %v", v, err)
			}
		}
	})
}

// FuzzSourceText checks that a source's text form is "leader-self",
// "employee-report" or "observer": anything else is an error wrapping
// ErrInvalidObservation that leaves the source alone, and a name decodes
// to a source that encodes back to it.
func FuzzSourceText(f *testing.F) {
	for _, s := range []string{"leader-self", "employee-report", "observer", "", "Observer", "leader_self", "employee-report ", "Source(0)", "observer\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wantOK := s == "leader-self" || s == "employee-report" || s == "observer"
		const sentinel = maturity.Source(200)
		src := sentinel
		err := src.UnmarshalText([]byte(s))
		if err != nil {
			if wantOK {
				t.Fatalf("UnmarshalText(%q): %v, want success", s, err)
			}
			if !errors.Is(err, maturity.ErrInvalidObservation) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidObservation", s, err)
			}
			if src != sentinel {
				t.Fatalf("UnmarshalText(%q) failed but changed the source to %d", s, src)
			}
			return
		}
		if !wantOK {
			t.Fatalf("UnmarshalText(%q) = %v, want an error", s, src)
		}
		if !src.Valid() {
			t.Fatalf("UnmarshalText(%q) = %d, which is not Valid", s, src)
		}
		out, err := src.MarshalText()
		if err != nil || string(out) != s || src.String() != s {
			t.Fatalf("round trip of %q: MarshalText = %q, %v; String = %q", s, out, err, src.String())
		}
		for v := range 256 {
			_, err := maturity.Source(v).MarshalText()
			if valid := maturity.Source(v).Valid(); valid != (err == nil) || err != nil && !errors.Is(err, maturity.ErrInvalidObservation) {
				t.Fatalf("Source(%d).MarshalText: %v", v, err)
			}
		}
	})
}
