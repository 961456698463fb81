package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// This file makes up the data: one year of survey answers of a service
// company, as its CRM would have stored them day by day. Apart from the
// touchpoint catalogue, nothing here is needed to build the report; a host
// would read its own store instead.

// The simulated year runs from simStart to simEnd (exclusive), in the
// company's zone simZone.
const (
	simZone = "Europe/Copenhagen"
	simDays = 365 // 2025-12-01 to 2026-11-30
	simSeed = 27
)

// simStart returns the first day of the simulated year, at midnight in
// Copenhagen.
func simStart(cph *time.Location) time.Time {
	return time.Date(2025, time.December, 1, 0, 0, 0, 0, cph)
}

// simEnd returns the instant just after the simulated year.
func simEnd(cph *time.Location) time.Time {
	return simStart(cph).AddDate(0, 0, simDays)
}

// The touchpoint IDs, as stored in nps.Response.Touchpoint.
const (
	tpPhone     = "phone"
	tpReception = "reception"
	tpAdvice    = "advice"
	tpSupport   = "support"
	tpWeb       = "web"
	tpVisit     = "visit"
)

// touchpoints is the company's catalogue of touchpoints, each with the
// written standard of what a good experience there means.
var touchpoints = []nps.Touchpoint{
	{ID: tpPhone, Name: "Phone", Owner: "Head of Front desk",
		Standard: "Answered within 60 seconds; the question solved, or a call-back time agreed, on the first call."},
	{ID: tpReception, Name: "Reception", Owner: "Head of Front desk",
		Standard: "Greeted within 2 minutes; a wait over 10 minutes is explained and apologised for."},
	{ID: tpAdvice, Name: "Advice meeting", Owner: "Head of Advisory",
		Standard: "The customer's situation is summed up back to them, and the next step is in writing within a working day."},
	{ID: tpSupport, Name: "Support case", Owner: "Head of Support",
		Standard: "Acknowledged within an hour, fixed within 24 hours, with an update at least every 8 hours until then."},
	{ID: tpWeb, Name: "Web self-service", Owner: "Digital product owner",
		Standard: "Every common task can be done online without calling us; every page answers within 2 seconds."},
	{ID: tpVisit, Name: "Home visit", Owner: "Head of Advisory",
		Standard: "Arrive within the agreed hour, and leave the customer with a written plan."},
}

// plateau is the day of the year from which the company's improvement
// levels off (2026-07-29).
const plateau = 240

// visitStart is the day of the year the home-visit pilot began (2026-09-14).
const visitStart = 287

// The teams (nps.Response.Unit).
const (
	unitFront    = "Front desk"
	unitAdvisory = "Advisory"
	unitSupport  = "Support"
)

// fixHoursLabel is the label that support responses carry: the hours it took
// to fix the customer's case. Lower is better.
const fixHoursLabel = "fix_hours"

// employee is one simulated employee. Their effect on a customer's rating
// (in logits of the rating model, see rating) is before until day changeFrom
// of the year, after from day changeTo on, and moves linearly in between.
// They work from day start to day end (exclusive) of the year.
type employee struct {
	name, unit string
	activity   float64 // relative share of their team's cases
	before     float64
	after      float64
	changeFrom int
	changeTo   int
	start, end int
	fixHours   float64 // median hours to fix a support case, 0 if not support
}

// effect returns the employee's effect on day d of the year.
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

// steady returns an employee whose effect does not change, working all year.
func steady(name, unit string, activity, effect float64) employee {
	return employee{name: name, unit: unit, activity: activity, before: effect, after: effect, end: simDays}
}

// staff is the company: 28 employees in three teams. Clara, Maja and Viktor
// are strong; Emil, Peter and William weak; Olivia improves after coaching
// in the summer, while Mads declines from late July. Ida and Hanne help out
// rarely, Sara joined in November and Erik left at the end of June.
func staff() []employee {
	e := []employee{
		steady("Anna", unitFront, 1.0, 0.1),
		steady("Bo", unitFront, 1.0, 0.0),
		steady("Clara", unitFront, 1.2, 0.7),
		{name: "Mads", unit: unitFront, activity: 1.2, before: 0.5, after: -1.0,
			changeFrom: 235, changeTo: 290, end: simDays}, // from late July
		steady("Emil", unitFront, 0.9, -0.6),
		steady("Freja", unitFront, 1.0, 0.2),
		steady("Gustav", unitFront, 0.8, 0.0),
		steady("Ida", unitFront, 0.04, 0.0),
		steady("Jonas", unitFront, 1.0, -0.1),
		steady("Karen", unitFront, 0.9, 0.3),

		steady("Lars", unitAdvisory, 1.0, 0.2),
		steady("Maja", unitAdvisory, 1.0, 0.8),
		steady("Nils", unitAdvisory, 0.9, 0.0),
		{name: "Olivia", unit: unitAdvisory, activity: 1.1, before: -0.9, after: 0.6,
			changeFrom: 200, changeTo: 275, end: simDays}, // from mid-June
		steady("Peter", unitAdvisory, 0.9, -0.7),
		steady("Rikke", unitAdvisory, 1.0, 0.1),
		{name: "Sara", unit: unitAdvisory, activity: 1.0, before: 0.2, after: 0.2,
			start: 343, end: simDays}, // joined 2026-11-09
		steady("Thomas", unitAdvisory, 0.9, 0.0),

		steady("Ulla", unitSupport, 1.0, 0.0),
		steady("Viktor", unitSupport, 1.0, 0.6),
		steady("William", unitSupport, 1.1, -0.6),
		steady("Asger", unitSupport, 1.0, 0.1),
		steady("Birgit", unitSupport, 0.9, -0.1),
		steady("Carsten", unitSupport, 1.0, 0.2),
		steady("Dorte", unitSupport, 1.0, 0.0),
		{name: "Erik", unit: unitSupport, activity: 1.0, before: 0.0, after: 0.0,
			end: 212}, // left 2026-06-30
		steady("Hanne", unitSupport, 0.06, 0.3),
		steady("Jakob", unitSupport, 0.9, -0.2),
	}
	for i := range e {
		if e[i].unit != unitSupport {
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

// Touchpoint shares of the responses, and the effect of each touchpoint on
// ratings (logits).
var (
	tpShare  = map[string]float64{tpPhone: 0.27, tpReception: 0.18, tpAdvice: 0.15, tpSupport: 0.22, tpWeb: 0.18, tpVisit: 0.035}
	tpEffect = map[string]float64{tpPhone: 0.0, tpReception: 0.15, tpAdvice: 0.45, tpSupport: -0.25, tpWeb: -0.1, tpVisit: 0.6}
	// Which team answers the phone, by share of calls.
	phoneShare = map[string]float64{unitFront: 0.6, unitAdvisory: 0.15, unitSupport: 0.25}
	// The team behind each staffed touchpoint other than the phone.
	tpUnit = map[string]string{tpReception: unitFront, tpAdvice: unitAdvisory, tpSupport: unitSupport, tpVisit: unitAdvisory}
)

// Detractors' comments, by touchpoint. Not every detractor writes one.
var comments = map[string][]string{
	tpPhone: {
		"Waited 20 minutes in the phone queue.",
		"Was promised a call back that never came.",
		"Transferred three times before anyone could help.",
	},
	tpReception: {
		"Nobody greeted me when I came in.",
		"Long wait at the desk and no explanation.",
		"The waiting area was full and chaotic.",
	},
	tpAdvice: {
		"The adviser had not read my case before the meeting.",
		"Still waiting for the written summary I was promised.",
	},
	tpVisit: {
		"The adviser came two hours late.",
	},
	tpSupport: {
		"It took days to fix a simple problem.",
		"No updates while my case was open.",
		"The fix did not work and I had to call again.",
	},
	tpWeb: {
		"Could not find how to change my address online.",
		"The new website logs me out all the time.",
		"The page kept timing out.",
	},
}

// madsComments are what Mads's detractors say once his service slips; the
// first is listed twice because it is the commonest.
var madsComments = []string{
	"Felt rushed and not listened to.",
	"Felt rushed and not listened to.",
	"The person at the desk was curt with me.",
}

// ratingCuts are the cut points of the ordinal logit model behind ratings:
// a customer with quality x rates r when x + L falls between cut r−1 and
// cut r, with L standard logistic. At x = 0 that is about 45% promoters and
// 25% detractors.
var ratingCuts = [10]float64{-3.9, -3.4, -3.0, -2.6, -2.1, -1.6, -1.1, -0.4, 0.2, 1.0}

// rating draws a 0–10 rating for quality x.
func rating(rng *rand.Rand, x float64) nps.Rating {
	u := rng.Float64()
	for u == 0 {
		u = rng.Float64()
	}
	y := x + math.Log(u/(1-u))
	r := 0
	for r < len(ratingCuts) && y > ratingCuts[r] {
		r++
	}
	return nps.Rating(r)
}

// poisson draws a Poisson variate with mean lambda (Knuth's method; lambda
// is small here).
func poisson(rng *rand.Rand, lambda float64) int {
	limit, p, k := math.Exp(-lambda), rng.Float64(), 0
	for p > limit {
		p *= rng.Float64()
		k++
	}
	return k
}

// pick returns a key of weights at random in proportion to its weight,
// going through keys in the order given so the draw is reproducible.
func pick(rng *rand.Rand, keys []string, weights map[string]float64) string {
	total := 0.0
	for _, k := range keys {
		total += weights[k]
	}
	u := rng.Float64() * total
	for _, k := range keys {
		if u < weights[k] {
			return k
		}
		u -= weights[k]
	}
	return keys[len(keys)-1]
}

// simulator holds the state of one simulated year.
type simulator struct {
	rng   *rand.Rand
	cph   *time.Location
	staff []employee
	next  int // number of the next response ID
}

// simulate saves a year of responses into st, one Save per day, as a CRM
// would deliver them. The same seed always gives the same responses.
func simulate(ctx context.Context, st nps.Store) error {
	cph, err := nps.LoadZone(simZone)
	if err != nil {
		return err
	}
	s := &simulator{rng: rand.New(rand.NewPCG(simSeed, 1)), cph: cph, staff: staff()}
	for d := range simDays {
		day := simStart(cph).AddDate(0, 0, d)
		rs := s.day(d, day)
		if err := st.Save(ctx, rs...); err != nil {
			return fmt.Errorf("saving %s: %w", day.Format(time.DateOnly), err)
		}
	}
	return nil
}

// tpOrder is the order touchpoints are drawn in.
var tpOrder = []string{tpPhone, tpReception, tpAdvice, tpSupport, tpWeb, tpVisit}

// day returns the responses received on day d of the year, which starts at
// local midnight day.
func (s *simulator) day(d int, day time.Time) []nps.Response {
	var lambda float64
	switch day.Weekday() {
	case time.Saturday:
		lambda = 10
	case time.Sunday:
		lambda = 6
	default:
		lambda = 38
	}
	if day.Month() == time.January {
		lambda *= 1.2 // the busy month after the holidays
	}
	n := poisson(s.rng, lambda)
	rs := make([]nps.Response, 0, n)
	for range n {
		rs = append(rs, s.response(d, day))
	}
	return rs
}

// company returns the company-wide effect on day d: a steady improvement
// until the summer (the service programme of the spring) that then levels
// off, a dip on the phone in July when half the team is on holiday, and a
// drop on the web after the new website went live.
func company(d int, tp string, day time.Time) float64 {
	x := -0.2 + 0.5*float64(min(d, plateau))/plateau
	if tp == tpPhone && day.Month() == time.July {
		x -= 0.3
	}
	if tp == tpWeb && d >= 274 { // the new website went live on 2026-09-01
		x -= 0.45
	}
	return x
}

// response makes one response received on day d.
func (s *simulator) response(d int, day time.Time) nps.Response {
	rng := s.rng
	weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
	tp := pick(rng, tpOrder, tpShare)
	if weekend && (tp == tpReception || tp == tpAdvice || tp == tpVisit) || tp == tpVisit && d < visitStart {
		tp = tpWeb // closed at weekends, and no home visits before the pilot
	}
	hour := 8 + rng.IntN(10)
	if tp == tpWeb {
		hour = 7 + rng.IntN(17)
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), hour, rng.IntN(60), rng.IntN(60), 0, s.cph)

	s.next++
	r := nps.Response{
		ID:         "r" + strconv.Itoa(100000+s.next),
		At:         at,
		Customer:   fmt.Sprintf("c%04d", 1+rng.IntN(3000)),
		Touchpoint: tp,
		Channel:    "email",
	}
	if rng.IntN(4) == 0 {
		r.Channel = "sms"
	}
	x := company(d, tp, day) + tpEffect[tp] + 0.3*rng.NormFloat64() // customers differ
	var who *employee
	if tp != tpWeb {
		unit := tpUnit[tp]
		if tp == tpPhone {
			unit = pick(rng, []string{unitFront, unitAdvisory, unitSupport}, phoneShare)
		}
		who = s.employee(d, unit, "")
		r.Unit, r.Employees = unit, []string{who.name}
		x += who.effect(d)
		if tp == tpAdvice && rng.IntN(12) == 0 {
			// A second adviser joins some meetings; both answer for them.
			second := s.employee(d, unit, who.name)
			r.Employees = append(r.Employees, second.name)
			x += 0.5 * second.effect(d)
		}
	}
	if tp == tpSupport {
		// Fix times shorten until the summer; slow fixes cost loyalty.
		median := who.fixHours * (1.3 - 0.4*float64(min(d, plateau))/plateau)
		hours := median * math.Exp(0.8*rng.NormFloat64())
		hours = math.Round(hours*2) / 2
		if hours < 0.5 {
			hours = 0.5
		}
		r.Labels = map[string]string{fixHoursLabel: strconv.FormatFloat(hours, 'f', 1, 64)}
		x -= 0.5 * math.Log(hours/9)
	}
	r.Rating = rating(rng, x)
	if r.Rating.Category() == nps.Detractor && rng.IntN(100) < 45 {
		list := comments[tp]
		if who != nil && who.name == "Mads" && d >= 240 && rng.IntN(3) > 0 {
			list = madsComments
		}
		r.Comment = list[rng.IntN(len(list))]
	}
	return r
}

// employee picks one of unit's employees at work on day d, other than
// except, in proportion to their activity.
func (s *simulator) employee(d int, unit, except string) *employee {
	total := 0.0
	for i := range s.staff {
		e := &s.staff[i]
		if e.unit == unit && e.name != except && d >= e.start && d < e.end {
			total += e.activity
		}
	}
	u := s.rng.Float64() * total
	var last *employee
	for i := range s.staff {
		e := &s.staff[i]
		if e.unit != unit || e.name == except || d < e.start || d >= e.end {
			continue
		}
		if u < e.activity {
			return e
		}
		u -= e.activity
		last = e
	}
	return last
}
