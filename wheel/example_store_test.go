package wheel_test

import (
	"context"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/wheel"
)

// Keep an assessment of the internal marketing wheel and its responses in
// a MemStore and count them, per role. A host plugs in its own database
// behind the same wheel.Store interface.
func ExampleMemStore() {
	ctx := context.Background()
	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	s := wheel.NewMemStore()
	a := wheel.Assessment{
		ID:        "2026-spring",
		At:        at,
		Framework: wheel.InternalMarketingWheel(),
		Items: []wheel.Item{
			{ID: "hire", Dimension: "1.2", Text: "We hire people who want to serve customers."},
			{ID: "empower", Dimension: "2.2", Text: "I may solve a customer's problem without asking first."},
			{ID: "tools", Dimension: "3.2", Text: "My tools help me serve customers well."},
		},
		Units: []wheel.Unit{{ID: "co"}, {ID: "shop", Parent: "co"}},
	}
	if err := s.SaveAssessment(ctx, a); err != nil {
		fmt.Println(err)
		return
	}
	answer := func(who string, role wheel.Role, hire, empower, tools wheel.Answer) wheel.Response {
		return wheel.Response{
			Assessment: a.ID, Respondent: who, Role: role, Unit: "shop", At: at.Add(time.Hour),
			Answers: map[string]wheel.Answer{"hire": hire, "empower": empower, "tools": tools},
		}
	}
	for _, r := range []wheel.Response{
		answer("p-17", wheel.Employee, wheel.Rated(4), wheel.Rated(2), wheel.Rated(3)),
		answer("p-23", wheel.Employee, wheel.Rated(5), wheel.Rated(3), wheel.NA),
		answer("p-42", wheel.Manager, wheel.Rated(4), wheel.Rated(5), wheel.Rated(4)),
		answer("p-17", wheel.Employee, wheel.Rated(4), wheel.Rated(2), wheel.Rated(3)), // a retried delivery: no-op
	} {
		if err := s.Save(ctx, r); err != nil {
			fmt.Println(err)
			return
		}
	}
	// A second, different response of the same respondent is refused.
	fmt.Println(s.Save(ctx, answer("p-17", wheel.Employee, wheel.Rated(1), wheel.Rated(1), wheel.Rated(1))))

	count := func() {
		byRole := map[wheel.Role]int{}
		answered := 0
		for r, err := range s.Responses(ctx, a.ID) {
			if err != nil {
				fmt.Println(err)
				return
			}
			byRole[r.Role]++
			for _, ans := range r.Answers {
				if !ans.NotApplicable {
					answered++
				}
			}
		}
		fmt.Printf("%d employees, %d managers, %d answers\n", byRole[wheel.Employee], byRole[wheel.Manager], answered)
	}
	count()

	// A respondent asks for erasure.
	ok, err := s.Delete(ctx, a.ID, "p-23")
	fmt.Println("erased", ok, err)
	count()
	// Output:
	// wheel: duplicate respondent: assessment 2026-spring holds another response of respondent "p-17"
	// 2 employees, 1 managers, 8 answers
	// erased true <nil>
	// 1 employees, 1 managers, 6 answers
}
