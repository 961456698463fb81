package wheel

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wholeNumber is a JSON integer literal.
var wholeNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// FuzzAnswerJSON checks that an answer's JSON is a whole number or "n/a":
// anything else is an error wrapping ErrInvalidRating, and whatever
// decodes encodes to JSON that decodes to the same answer, directly and
// inside an object.
func FuzzAnswerJSON(f *testing.F) {
	for _, s := range []string{
		`0`, `5`, `-3`, `10`, `"n/a"`, ` 7 `, "\t\"n/a\"\n", `-0`,
		`6.5`, `1e2`, `1.0`, `"7"`, `"N/A"`, `"n\/a"`, "\v5", `null`, `true`, `[]`, `{}`, ``, `+1`, `01`,
		`99999999999999999999`, `9223372036854775807`, `-9223372036854775808`, `"n/a"x`, `5 5`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Answer
		err := a.UnmarshalJSON(b)
		trimmed := strings.Trim(string(b), " \t\r\n") // JSON white space only
		var str string
		wantOK := json.Unmarshal([]byte(trimmed), &str) == nil && str == "n/a" // "n\/a" too
		if wholeNumber.MatchString(trimmed) {
			_, perr := strconv.Atoi(trimmed)
			wantOK = perr == nil
		}
		if err != nil {
			if wantOK {
				t.Fatalf("UnmarshalJSON(%q): %v, want success", b, err)
			}
			if !errors.Is(err, ErrInvalidRating) {
				t.Fatalf("UnmarshalJSON(%q): %v does not wrap ErrInvalidRating", b, err)
			}
			return
		}
		if !wantOK {
			t.Fatalf("UnmarshalJSON(%q) = %v, want an error", b, a)
		}
		if a.NotApplicable && a.Value != 0 {
			t.Fatalf("UnmarshalJSON(%q) = %#v: not applicable with a value", b, a)
		}
		out, err := a.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%#v): %v", a, err)
		}
		var back Answer
		if err := back.UnmarshalJSON(out); err != nil || back != a {
			t.Fatalf("round trip of %q: %q decodes to %#v, %v; want %#v", b, out, back, err, a)
		}
		if a.String() != strings.Trim(string(out), `"`) {
			t.Fatalf("String() = %q, MarshalJSON = %q", a.String(), out)
		}
		// Inside an object, through encoding/json.
		m := map[string]Answer{"q": a}
		obj, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("json.Marshal(%v): %v", m, err)
		}
		var mback map[string]Answer
		if err := json.Unmarshal(obj, &mback); err != nil || mback["q"] != a {
			t.Fatalf("round trip of %s: %v, %v; want %#v", obj, mback, err, a)
		}
	})
}

// FuzzRoleText checks that a role's text form is "employee", "manager" or
// "other": anything else is an error wrapping ErrInvalidResponse that
// leaves the role alone, and a name decodes to a role that encodes back
// to it.
func FuzzRoleText(f *testing.F) {
	for _, s := range []string{"employee", "manager", "other", "", "Employee", " manager", "boss", "Role(0)", "employee\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wantOK := s == "employee" || s == "manager" || s == "other"
		const sentinel = Role(200)
		r := sentinel
		err := r.UnmarshalText([]byte(s))
		if err != nil {
			if wantOK {
				t.Fatalf("UnmarshalText(%q): %v, want success", s, err)
			}
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidResponse", s, err)
			}
			if r != sentinel {
				t.Fatalf("UnmarshalText(%q) failed but changed the role to %d", s, r)
			}
			return
		}
		if !wantOK {
			t.Fatalf("UnmarshalText(%q) = %v, want an error", s, r)
		}
		out, err := r.MarshalText()
		if err != nil || string(out) != s || r.String() != s {
			t.Fatalf("round trip of %q: MarshalText = %q, %v; String = %q", s, out, err, r.String())
		}
		// Every role that is not one of the three fails to encode.
		for v := range 256 {
			_, err := Role(v).MarshalText()
			if valid := v >= int(Employee) && v <= int(Other); valid != (err == nil) || err != nil && !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("Role(%d).MarshalText: %v", v, err)
			}
		}
	})
}

// fuzzAssessment is the assessment FuzzDecodeResponses checks against: on
// the 0–10 scale, so that 0 is a point, with units and an unstaged
// framework.
func fuzzAssessment() Assessment {
	return Assessment{
		ID:        "a",
		At:        time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC),
		Framework: ServiceCultureParameters(),
		Scale:     Scale{Min: 0, Max: 10},
		Items:     []Item{{ID: "q1", Dimension: "culture"}, {ID: "q2", Dimension: "leadership", Reverse: true}},
		Units:     []Unit{{ID: "co"}, {ID: "x", Parent: "co"}},
	}
}

// sentinelErrors are the package's sentinels.
var sentinelErrors = []error{
	ErrInvalidFramework, ErrInvalidScale, ErrInvalidRating, ErrUnknownDimension, ErrInvalidAssessment,
	ErrEmptyAssessment, ErrInvalidResponse, ErrDuplicateRespondent, ErrInvalidOptions, ErrNotFound,
	ErrConflict, ErrTooFewUnits,
}

func wrapsSentinel(err error) bool {
	for _, s := range sentinelErrors {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzDecodeResponses checks that decoding any input never panics, that
// every response it yields passes Check with a respondent not seen before,
// and that it stops at its first error, which wraps a sentinel.
func FuzzDecodeResponses(f *testing.F) {
	for _, s := range []string{
		`{"assessment":"a","respondent":"r1","role":"employee","unit":"x","at":"2026-03-02T09:00:00Z","answers":{"q1":0,"q2":"n/a"},"importance":{"culture":10}}`,
		`{"assessment":"a","respondent":"r1","role":"manager","at":"2026-03-02T09:00:00.123456789+02:00","answers":{}}` + "\n" +
			`{"assessment":"a","respondent":"r2","role":"other","at":"2026-03-02T09:00:00Z","answers":{"q2":10}}`,
		`{"assessment":"a","respondent":"r1","role":"employee","at":"2026-03-02T09:00:00Z","answers":{"q1":11}}`,
		`{"assessment":"a","respondent":"r1","role":"employee","at":"2026-03-02T09:00:00Z","answers":{"q1":1.5}}`,
		`{"assessment":"a","respondent":"r1","role":"employee","at":"2026-03-02T09:00:00Z","answers":{"q3":1}}`,
		`{"assessment":"a","respondent":"r1","role":"boss","at":"2026-03-02T09:00:00Z"}`,
		`{"assessment":"a","respondent":"r1","role":"employee","at":"2026-03-02T09:00:00Z"}` + "\r\n\r\n" +
			`{"assessment":"a","respondent":"r1","role":"employee","at":"2026-03-02T09:00:00Z"}`,
		`{"assessment":"a","respondent":"r1","role":"employee","extra":1}`,
		`{"assessment":"a"} {}`, "null\n", "[]", "{", "\n\n", "",
	} {
		f.Add([]byte(s))
	}
	a := fuzzAssessment()
	f.Fuzz(func(t *testing.T, b []byte) {
		seen := map[string]bool{}
		failed := false
		for r, err := range DecodeResponses(bytes.NewReader(b), a) {
			if failed {
				t.Fatalf("yielded %+v, %v after an error", r, err)
			}
			if err != nil {
				failed = true
				if !wrapsSentinel(err) {
					t.Fatalf("error %v wraps no sentinel", err)
				}
				if !strings.HasPrefix(err.Error(), "line ") {
					t.Fatalf("error %v names no line", err)
				}
				if r.Respondent != "" || r.Answers != nil || !r.At.IsZero() {
					t.Fatalf("yielded %+v with the error", r)
				}
				continue
			}
			if err := r.Check(a); err != nil {
				t.Fatalf("yielded %+v, which fails Check: %v", r, err)
			}
			if seen[r.Respondent] {
				t.Fatalf("respondent %q yielded twice", r.Respondent)
			}
			seen[r.Respondent] = true
			// What was decoded encodes and decodes to an equal response.
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("json.Marshal(%+v): %v", r, err)
			}
			n := 0
			for back, err := range DecodeResponses(bytes.NewReader(out), a) {
				if n++; err != nil || !back.Equal(r) {
					t.Fatalf("round trip of %+v through %s: %+v, %v", r, out, back, err)
				}
			}
			if n != 1 {
				t.Fatalf("round trip of %+v through %s: %d responses", r, out, n)
			}
		}
	})
}

// FuzzDecodeAssessment checks that decoding any input never panics, that
// an error wraps a sentinel, and that a decoded assessment validates and
// encodes to JSON that decodes to an equal assessment.
func FuzzDecodeAssessment(f *testing.F) {
	wheel, err := json.Marshal(Assessment{
		ID: "w", At: time.Date(2026, time.March, 2, 9, 0, 0, 1, time.FixedZone("", 3600)),
		Framework: InternalMarketingWheel(),
		Scale:     Scale{Min: 1, Max: 5, Labels: []string{"a", "b", "c", "d", "e"}},
		Items:     []Item{{ID: "q1", Dimension: "1.1", Text: "Ø", Reverse: true, Example: true}},
		Units:     []Unit{{ID: "co"}, {ID: "x", Parent: "co"}},
		Owners:    map[string]string{"1.1": "hr"},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(wheel)
	for _, s := range []string{
		`{"id":"m","at":"2026-03-02T09:00:00Z","framework":{"id":"f","name":"F","dimensions":[{"id":"d","label":"D"}]},"scale":{"min":0,"max":10},"items":[{"id":"i","dimension":"d"}],"owners":{}}`,
		`{"id":"m","at":"0001-01-01T00:00:00Z","framework":{"id":"f","stages":[{"id":"s","label":"S"}],"dimensions":[{"id":"d","stage":"s"}],"ordered":true,"singleOwner":true},"scale":{"min":1,"max":7,"labels":[]},"items":[{"id":"i","dimension":"d"}],"units":[]}`,
		`{"id":"m","framework":{"id":"f","dimensions":[{"id":"d"}]},"items":[{"id":"i","dimension":"e"}]}`,
		`{"id":"m","framework":{"id":"f","dimensions":[{"id":"d"}]},"items":[{"id":"i","dimension":"d"}],"units":[{"id":"a","parent":"b"},{"id":"b","parent":"a"}]}`,
		`{"id":"m","extra":true}`, `null`, `{}`, `[]`, `{"id":"m"} {"id":"n"}`, ``, `{"ID":"m","Framework":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := DecodeAssessment(bytes.NewReader(b))
		if err != nil {
			if !wrapsSentinel(err) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("decoded %+v, which fails Validate: %v", a, err)
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("json.Marshal(%+v): %v", a, err)
		}
		back, err := DecodeAssessment(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("decoding %s again: %v", out, err)
		}
		if !equalAssessments(back, a) {
			t.Fatalf("round trip of %+v through %s gives %+v", a, out, back)
		}
	})
}

// fuzzIDs are the IDs random frameworks choose from.
var fuzzIDs = []string{"", "a", "b", "c", "A", "a ", "é"}

// fuzzFramework builds a framework from b: an ID, then stages and
// dimensions whose IDs and stage references are chosen from fuzzIDs.
func fuzzFramework(b []byte) Framework {
	next := func() int {
		if len(b) == 0 {
			return 0
		}
		v := int(b[0])
		b = b[1:]
		return v
	}
	pick := func() string { return fuzzIDs[next()%len(fuzzIDs)] }
	f := Framework{ID: pick(), Name: "fuzz", Ordered: next()%2 == 1}
	for range next() % 4 {
		f.Stages = append(f.Stages, StageInfo{ID: pick(), Label: "s"})
	}
	for range next() % 6 {
		f.Dimensions = append(f.Dimensions, Dimension{ID: pick(), Stage: pick(), Label: "d"})
	}
	return f
}

// FuzzFrameworkValidate checks Validate against an independent statement
// of the rules on random frameworks: an error wraps ErrInvalidFramework,
// and a framework passes exactly when it has an ID, dimensions, unique
// non-empty IDs, every dimension in a known stage (or, without stages, in
// none) and every stage with a dimension.
func FuzzFrameworkValidate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0, 1, 1, 0})                   // no stages, one dimension a
	f.Add([]byte{1, 0, 1, 1, 1, 2, 1})                // stage a, dimension b in a
	f.Add([]byte{1, 0, 2, 1, 1, 2, 1, 1})             // stage a twice
	f.Add([]byte{1, 0, 1, 1, 2, 2, 1, 2, 1})          // dimension b twice
	f.Add([]byte{1, 1, 2, 1, 2, 1, 2, 1, 3, 2})       // stage b without dimensions
	f.Add([]byte{0, 0, 0, 1, 1, 0})                   // no ID
	f.Add([]byte{1, 0, 0, 1, 1, 1})                   // no stages, dimension in a stage
	f.Add([]byte{1, 0, 1, 0, 1, 1, 0})                // a stage without ID
	f.Add([]byte{6, 1, 3, 1, 2, 3, 5, 4, 1, 5, 2, 6}) // several stages and dimensions
	f.Fuzz(func(t *testing.T, b []byte) {
		fw := fuzzFramework(b)
		err := fw.Validate()
		want := frameworkRule(fw)
		switch {
		case err != nil && !errors.Is(err, ErrInvalidFramework):
			t.Fatalf("Validate(%+v) = %v, which does not wrap ErrInvalidFramework", fw, err)
		case err != nil && want == "":
			t.Fatalf("Validate(%+v) = %v, want nil", fw, err)
		case err == nil && want != "":
			t.Fatalf("Validate(%+v) = nil, but %s", fw, want)
		}
		if err != nil {
			return
		}
		// A valid framework has unique IDs and every dimension in a known
		// stage, and Dimension finds each.
		for _, d := range fw.Dimensions {
			if got, ok := fw.Dimension(d.ID); !ok || got != d {
				t.Fatalf("Dimension(%q) = %+v, %v; want %+v", d.ID, got, ok, d)
			}
		}
		if _, ok := fw.Dimension("never"); ok {
			t.Fatal("Dimension finds an unknown ID")
		}
	})
}

// frameworkRule returns the rule f breaks, or "". It states the rules
// as properties of sets rather than walking the framework as Validate
// does.
func frameworkRule(f Framework) string {
	stageIDs, dimIDs, used := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range f.Stages {
		stageIDs[s.ID] = true
	}
	for _, d := range f.Dimensions {
		dimIDs[d.ID] = true
		used[d.Stage] = true
	}
	switch {
	case f.ID == "":
		return "it has no ID"
	case len(f.Dimensions) == 0:
		return "it has no dimensions"
	case stageIDs[""] || len(stageIDs) != len(f.Stages):
		return "a stage ID is empty or repeats"
	case dimIDs[""] || len(dimIDs) != len(f.Dimensions):
		return "a dimension ID is empty or repeats"
	case len(f.Stages) == 0 && !(len(used) == 1 && used[""]):
		return "a dimension names a stage of a framework without stages"
	case len(f.Stages) > 0 && !maps.Equal(used, stageIDs):
		return "a dimension is in an unknown stage, or a stage has no dimensions"
	}
	return ""
}
