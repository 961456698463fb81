package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/wheel"
)

// This file makes up what the employees answer: the quarterly eNPS waves,
// the wheel assessment, the leaders' LEAD and the maturity assessments.

// enpsQuestion is the wording of the eNPS question, carried into reports.
const enpsQuestion = "How likely are you to recommend us as a place to work?"

// Employees' eNPS comments, by how they feel.
var (
	enpsPraise    = []string{"Great colleagues who help each other.", "I can see my work matters to customers."}
	enpsComplaint = []string{"Too many changes at once and no time to learn them.", "Our tools get in the way of serving customers.", "Nobody asks what we need."}
)

// launchWave launches the eNPS wave that opens on day d, with a snapshot of
// the org and everyone in it, and plans the answers of those who answer.
func (s *sim) launchWave(d int, day time.Time) error {
	loc := s.w.loc
	opens := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, loc)
	closes := opens.AddDate(0, 0, waveOpen)
	w := enps.Wave{
		ID:    fmt.Sprintf("%d-Q%d", opens.Year(), (int(opens.Month())-1)/3+1),
		Opens: opens, Closes: closes, Scale: enps.StandardScale(), Question: enpsQuestion,
	}
	for _, u := range units {
		w.Units = append(w.Units, enps.Unit{ID: u.id, Parent: u.parent, Manager: u.leader, Name: u.name})
	}
	for _, e := range s.staff {
		w.Population = append(w.Population, enps.Member{Employee: e.name, Unit: e.unit})
	}
	if err := s.w.survey.Launch(s.ctx, w); err != nil {
		return fmt.Errorf("launching wave %s: %w", w.ID, err)
	}
	wave := len(s.w.waves)
	s.w.waves = append(s.w.waves, w)

	rng := s.people
	for _, e := range s.staff {
		p := 0.85
		if e.leader {
			p = 0.95
		}
		if rng.Float64() >= p {
			continue
		}
		// Feelings improve a little wave by wave over the first year; Mads's sour as his
		// service slips, and the digital team is worn out before the new
		// website goes live.
		x := -0.6 + e.mood + 0.15*float64(min(wave, 3)) + 0.8*rng.NormFloat64()
		if e.name == "Mads" && d > 215 {
			x -= 1.2
		}
		if e.unit == unitDigital && d > 200 && d < webLaunch+30 {
			x -= 0.8
		}
		a := enps.Answer{Rating: rating(rng, x)}
		if rng.IntN(4) == 0 {
			if a.Rating >= 9 {
				a.Comment = enpsPraise[rng.IntN(len(enpsPraise))]
			} else {
				a.Comment = enpsComplaint[rng.IntN(len(enpsComplaint))]
			}
		}
		s.answers = append(s.answers, plannedAnswer{at: s.workTime(opens, waveOpen, closes), wave: w.ID, employee: e.name, answer: a})
	}
	slices.SortFunc(s.answers, func(a, b plannedAnswer) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.employee, b.employee))
	})
	return nil
}

// strategyMeans are the company's true means of the wheel's twelve
// strategies on the 1–5 scale: good at hiring, weak at empowering
// employees and at the support systems.
var strategyMeans = map[string]float64{
	"1.1": 3.9, "1.2": 3.7, "1.3": 3.8,
	"2.1": 3.4, "2.2": 2.6, "2.3": 3.5,
	"3.1": 2.8, "3.2": 2.4, "3.3": 3.0,
	"4.1": 3.5, "4.2": 3.2, "4.3": 3.6,
}

// assessWheel runs the wheel assessment in the week from day: everyone is
// asked the example items on a 1–5 scale, under a pseudonym.
func (s *sim) assessWheel(day time.Time) error {
	loc := s.w.loc
	at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, loc)
	a := wheel.Assessment{
		ID: fmt.Sprintf("wheel-%d", at.Year()), At: at, Framework: wheel.InternalMarketingWheel(),
		Scale: wheel.Scale{Min: 1, Max: 5}, Items: wheel.ExampleItems(),
	}
	for _, u := range units {
		a.Units = append(a.Units, wheel.Unit{ID: u.id, Parent: u.parent})
	}
	if err := s.st.wheel.SaveAssessment(s.ctx, a); err != nil {
		return fmt.Errorf("wheel assessment: %w", err)
	}
	s.w.assessment = a.ID

	rng := s.people
	order := rng.Perm(len(s.staff)) // pseudonyms in no particular order
	for i, e := range s.staff {
		if rng.Float64() >= 0.88 {
			continue
		}
		r := wheel.Response{Assessment: a.ID, Respondent: fmt.Sprintf("p%02d", order[i]+1), Role: wheel.Employee,
			Unit: e.unit, At: s.workTime(at, 5, at.AddDate(0, 0, 7)), Answers: map[string]wheel.Answer{}}
		lift := 0.4*rng.NormFloat64() + 0.2*e.mood
		if e.leader {
			r.Role = wheel.Manager
			lift += 0.4 // managers see their company in a kinder light
		}
		for _, it := range a.Items {
			if rng.IntN(30) == 0 {
				r.Answers[it.ID] = wheel.NA
				continue
			}
			v := int(math.Round(strategyMeans[it.Dimension] + lift + 0.7*rng.NormFloat64()))
			v = min(5, max(1, v))
			if it.Reverse {
				v = 6 - v
			}
			r.Answers[it.ID] = wheel.Rated(v)
		}
		if err := s.st.wheel.Save(s.ctx, r); err != nil {
			return fmt.Errorf("wheel response: %w", err)
		}
	}
	return nil
}

// lead stores every leader's LEAD-Self answers on day.
func (s *sim) lead(day time.Time) error {
	at := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, s.w.loc)
	for _, e := range s.staff {
		if !e.leader {
			continue
		}
		answers := leadAnswers(maturity.StandardLEADKey(), leadStyles[e.name])
		r := maturity.LEADRecord{Leader: e.name, Form: maturity.LEADSelf, Rater: e.name, At: at, Answers: answers}
		if err := s.st.lead.SaveLEAD(s.ctx, r); err != nil {
			return fmt.Errorf("LEAD of %s: %w", e.name, err)
		}
	}
	return nil
}

// assessMaturity stores the leaders' assessments of their customer-facing
// employees' job maturity on day d (1–5, to half points), and on the first
// and third assessment days the employees' own. Competence grows over the
// year, Olivia's fastest; Mads's commitment falls from late summer.
// Employees rate themselves a little higher than their leaders do.
func (s *sim) assessMaturity(d int, day time.Time) error {
	rng := s.people
	at := time.Date(day.Year(), day.Month(), day.Day(), 13, 0, 0, 0, s.w.loc)
	self := d == maturityDays[0] || d == maturityDays[2]
	for _, e := range s.staff {
		if !e.facing {
			continue
		}
		competence := 2.4 + 1.2*e.before + 0.8*float64(d)/365
		if e.name == "Olivia" {
			competence = 2.0 + 2.2*float64(d)/365
		}
		commitment := 3.0 + 0.9*e.mood
		if e.name == "Mads" && d > 215 {
			commitment -= 1.4
		}
		score := func(x float64) float64 {
			return min(5, max(1, math.Round((x+0.3*rng.NormFloat64())*2)/2))
		}
		a := maturity.Assessment{Employee: e.name, Task: tasks[e.unit], Rater: maturity.Leader, RatedBy: leaderOf(e.unit),
			At: at, Competence: score(competence), Commitment: score(commitment)}
		if err := s.st.maturity.SaveAssessment(s.ctx, a); err != nil {
			return fmt.Errorf("maturity of %s: %w", e.name, err)
		}
		if !self {
			continue
		}
		a.Rater, a.RatedBy = maturity.Self, e.name
		a.Competence, a.Commitment = score(competence+0.4), score(commitment+0.2)
		if err := s.st.maturity.SaveAssessment(s.ctx, a); err != nil {
			return fmt.Errorf("maturity of %s: %w", e.name, err)
		}
	}
	return nil
}
