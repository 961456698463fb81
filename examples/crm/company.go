package main

import (
	"slices"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/nps"
)

// This file describes the simulated company: its units and teams, its named
// employees and leaders, and the touchpoints where customers meet them.
// Nothing here reads a clock or draws a random number.

// simZone is the company's time zone: months, weeks, working hours and
// the eNPS and assessment dates are all in it.
const simZone = "Europe/Copenhagen"

// simStart returns the fixed first day of the simulation, 2026-01-01 at
// midnight in the company's zone. The program never reads the wall clock;
// -days sets how many days from here it simulates.
func simStart(loc *time.Location) time.Time {
	return time.Date(2026, time.January, 1, 0, 0, 0, 0, loc)
}

// The unit IDs. Customers meet the front desk, advisory and support teams;
// the digital team answers for the web site, and the back office never
// meets a customer.
const (
	unitCompany  = "company"
	unitFront    = "front"
	unitAdvisory = "advisory"
	unitSupport  = "support"
	unitDigital  = "digital"
	unitBack     = "backoffice"
)

// unit is one node of the org tree.
type unit struct {
	id, name, parent, leader string
}

// units lists the org tree, parents first.
var units = []unit{
	{id: unitCompany, name: "Company", leader: "Helle"},
	{id: unitFront, name: "Front desk", parent: unitCompany, leader: "Mette"},
	{id: unitAdvisory, name: "Advisory", parent: unitCompany, leader: "Jens"},
	{id: unitSupport, name: "Support", parent: unitCompany, leader: "Lone"},
	{id: unitDigital, name: "Digital", parent: unitCompany, leader: "Karsten"},
	{id: unitBack, name: "Back office", parent: unitCompany, leader: "Birthe"},
}

// unitName returns the display name of a unit ID.
func unitName(id string) string {
	for _, u := range units {
		if u.id == id {
			return u.name
		}
	}
	return id
}

// leaderOf returns the leader of a unit ID.
func leaderOf(id string) string {
	for _, u := range units {
		if u.id == id {
			return u.leader
		}
	}
	return ""
}

// employee is one named person of the company. Employee IDs are their
// first names, unique in the company.
//
// Customer-facing employees serve customers and own the follow-up of their
// unhappy ones. Their effect on a customer's rating (logits of the rating
// model) is before until day changeFrom of the simulation, after from day
// changeTo on, and moves linearly in between; followUp is the median
// number of working hours they take to call an unhappy customer back.
type employee struct {
	name, unit string
	leader     bool // leads their unit
	facing     bool // customer-facing: serves customers and owns their cases
	activity   float64
	before     float64
	after      float64
	changeFrom int
	changeTo   int
	followUp   float64 // median working hours to the first contact
	fixHours   float64 // median hours to fix a support case, 0 if not support
	mood       float64 // how they feel about the company as a place to work
}

// effect returns the employee's effect on a customer's rating on day d.
func (e *employee) effect(d int) float64 {
	switch {
	case e.changeTo == 0 || d < e.changeFrom:
		return e.before
	case d >= e.changeTo:
		return e.after
	}
	f := float64(d-e.changeFrom) / float64(e.changeTo-e.changeFrom)
	return e.before + f*(e.after-e.before)
}

// serves returns a customer-facing employee whose effect does not change.
func serves(name, unit string, effect, followUp, mood float64) employee {
	return employee{name: name, unit: unit, facing: true, activity: 1, before: effect, after: effect,
		followUp: followUp, mood: mood}
}

// staff returns the company's 37 people. Clara, Maja and Viktor serve
// customers well and Emil, Peter and William poorly; Olivia improves after
// coaching in the spring, while Mads declines from late summer. Lars and
// Karsten, who owns the web site's unhappy customers, are slow to call
// back.
func staff() []employee {
	e := []employee{
		{name: "Helle", unit: unitCompany, leader: true, mood: 1.2},

		{name: "Mette", unit: unitFront, leader: true, mood: 0.8},
		serves("Anna", unitFront, 0.1, 1.5, 0.4),
		serves("Bo", unitFront, 0.0, 2, 0.0),
		serves("Clara", unitFront, 0.7, 1, 0.9),
		{name: "Mads", unit: unitFront, facing: true, activity: 1.2, before: 0.5, after: -1.0,
			changeFrom: 215, changeTo: 270, followUp: 3, mood: -0.6},
		serves("Emil", unitFront, -0.6, 3, -0.4),
		serves("Freja", unitFront, 0.2, 1.5, 0.5),
		serves("Gustav", unitFront, 0.0, 2, 0.2),
		serves("Karen", unitFront, 0.3, 1.5, 0.6),

		{name: "Jens", unit: unitAdvisory, leader: true, mood: 0.5},
		serves("Lars", unitAdvisory, 0.2, 8, 0.3),
		serves("Maja", unitAdvisory, 0.8, 2, 1.0),
		serves("Nils", unitAdvisory, 0.0, 3, 0.1),
		{name: "Olivia", unit: unitAdvisory, facing: true, activity: 1.1, before: -0.9, after: 0.6,
			changeFrom: 100, changeTo: 180, followUp: 2.5, mood: 0.7},
		serves("Peter", unitAdvisory, -0.7, 4, -0.8),
		serves("Rikke", unitAdvisory, 0.1, 2.5, 0.4),
		serves("Thomas", unitAdvisory, 0.0, 3, 0.2),

		{name: "Lone", unit: unitSupport, leader: true, mood: 0.3},
		serves("Ulla", unitSupport, 0.0, 2, -0.2),
		serves("Viktor", unitSupport, 0.6, 1.5, 0.5),
		serves("William", unitSupport, -0.6, 4, -1.0),
		serves("Asger", unitSupport, 0.1, 2, 0.0),
		serves("Birgit", unitSupport, -0.1, 2.5, -0.3),
		serves("Carsten", unitSupport, 0.2, 2, 0.1),
		serves("Dorte", unitSupport, 0.0, 2.5, -0.5),
		serves("Jakob", unitSupport, -0.2, 3, -0.2),

		{name: "Karsten", unit: unitDigital, leader: true, followUp: 6, mood: 0.2},
		{name: "Ida", unit: unitDigital, mood: 0.3},
		{name: "Sune", unit: unitDigital, mood: -0.2},
		{name: "Tove", unit: unitDigital, mood: 0.6},

		{name: "Birthe", unit: unitBack, leader: true, mood: 0.4},
		{name: "Finn", unit: unitBack, mood: 0.9},
		{name: "Grete", unit: unitBack, mood: 0.7},
		{name: "Hans", unit: unitBack, mood: 1.1},
		{name: "Inge", unit: unitBack, mood: 0.8},
		{name: "Jonna", unit: unitBack, mood: 1.0},
	}
	for i := range e {
		if e[i].unit != unitSupport || e[i].leader {
			continue
		}
		switch e[i].name {
		case "Viktor":
			e[i].fixHours = 6
		case "William":
			e[i].fixHours = 18
		default:
			e[i].fixHours = 9
		}
	}
	return e
}

// The touchpoint IDs, as stored in nps.Response.Touchpoint.
const (
	tpPhone     = "phone"
	tpReception = "reception"
	tpAdvice    = "advice"
	tpSupport   = "support"
	tpWeb       = "web"
)

// touchpoints is the company's catalogue of touchpoints, in report order.
var touchpoints = []nps.Touchpoint{
	{ID: tpPhone, Name: "Phone", Owner: "Mette",
		Standard: "Answered within 60 seconds; solved, or a call-back agreed, on the first call."},
	{ID: tpReception, Name: "Reception", Owner: "Mette",
		Standard: "Greeted within 2 minutes; a longer wait is explained."},
	{ID: tpAdvice, Name: "Advice", Owner: "Jens",
		Standard: "The next step is in writing within a working day."},
	{ID: tpSupport, Name: "Support", Owner: "Lone",
		Standard: "Fixed within 24 hours, with an update every 8 hours until then."},
	{ID: tpWeb, Name: "Web", Owner: "Karsten",
		Standard: "Every common task can be done online without calling us."},
}

// touchpointName returns the display name of a touchpoint ID.
func touchpointName(id string) string {
	for _, tp := range touchpoints {
		if tp.ID == id {
			return tp.Name
		}
	}
	return id
}

// fixHoursLabel is the label support responses carry: the hours it took to
// fix the customer's case.
const fixHoursLabel = "fix_hours"

// The tasks whose job maturity the leaders assess, one per customer-facing
// team.
var tasks = map[string]string{
	unitFront:    "desk and phone service",
	unitAdvisory: "financial advice",
	unitSupport:  "fault fixing",
}

// leadStyles are the styles each leader picks from when answering the
// LEAD-Self: in each of the 12 situations the leader chooses, of the
// alternatives expressing one of these styles, the one the scoring key
// rates best (see leadAnswers). Mette adapts her style to the situation;
// Jens tells and sells, Lone sells and participates, Karsten participates
// and delegates, Birthe delegates, and Helle uses every style but telling.
var leadStyles = map[string][]maturity.Style{
	"Helle":   {2, 3, 4},
	"Mette":   {1, 2, 3, 4},
	"Jens":    {1, 2},
	"Lone":    {2, 3},
	"Karsten": {3, 4},
	"Birthe":  {4},
}

// leadAnswers returns a leader's LEAD answers: in each situation, of the
// alternatives whose style (under key) the leader uses, the one with the
// highest effectiveness weight.
func leadAnswers(key maturity.LEADKey, uses []maturity.Style) maturity.Answers {
	var a maturity.Answers
	for s := range maturity.LEADSituations {
		best := -1
		for alt := range 4 {
			if !slices.Contains(uses, key.Styles[s][alt]) {
				continue
			}
			if best < 0 || key.Weights[s][alt] > key.Weights[s][best] {
				best = alt
			}
		}
		a[s] = maturity.Alternative(best + 1)
	}
	return a
}

// demoKey pseudonymises the eNPS answers. A real host keeps its key secret,
// stable and apart from the database (in a secrets manager, say): with the
// key, answers can be linked to employees. This one is a constant only so
// that the demonstration repeats exactly; never use it for real answers.
const demoKey = "servicekultur-crm-demo-key: not a secret, never use it for real answers"

// holidays are the days in 2026 on which the company is closed, so
// follow-up calls wait for the next working day.
var holidays = []string{
	"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-05-14",
	"2026-05-25", "2026-06-05", "2026-12-24", "2026-12-25", "2026-12-31",
}
