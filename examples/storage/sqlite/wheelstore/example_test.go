package wheelstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/wheelstore"
	"github.com/servicekultur/servicekultur/wheel"
)

// Keep an assessment of the internal marketing wheel and its responses in
// a SQLite file and read them back; "not applicable" stays apart from
// every value.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "wheelstore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := wheelstore.Open(ctx, filepath.Join(dir, "wheel.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	a := wheel.Assessment{
		ID: "2026-spring", At: at, Framework: wheel.InternalMarketingWheel(),
		Items: []wheel.Item{{ID: "q1", Dimension: "1.1"}, {ID: "q2", Dimension: "2.2"}},
	}
	for _, err := range []error{
		s.SaveAssessment(ctx, a),
		s.Save(ctx, wheel.Response{Assessment: a.ID, Respondent: "p-17", Role: wheel.Employee, At: at,
			Answers: map[string]wheel.Answer{"q1": wheel.Rated(4), "q2": wheel.NA}}),
		s.Save(ctx, wheel.Response{Assessment: a.ID, Respondent: "p-23", Role: wheel.Manager, At: at.Add(time.Hour),
			Answers: map[string]wheel.Answer{"q1": wheel.Rated(2), "q2": wheel.Rated(5)}}),
	} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	for r, err := range s.Responses(ctx, a.ID) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.Respondent, r.Role, "q1:", r.Answers["q1"], "q2:", r.Answers["q2"])
	}
	// Output:
	// p-17 employee q1: 4 q2: n/a
	// p-23 manager q1: 2 q2: 5
}
