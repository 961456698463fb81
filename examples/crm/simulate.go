package main

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/nps"
)

// This file runs the simulated year as a CRM backend would live it, hour
// by hour: customers' responses are saved and handed to the closed-loop
// engine as they arrive, the engine ticks every hour and its notices set
// the case owners calling, and on their days the eNPS waves, the wheel
// assessment, the maturity assessments and the leaders' LEAD answers are
// stored. Every random draw comes from generators seeded with the seed,
// and every instant from the fixed start date: the same seed and days
// always give the same databases.

// The closed-loop policies: 48 calendar hours to the first contact in the
// first half of the simulation, 24 from the first of the month in which
// its middle falls.
const (
	policy48 = "48h"
	policy24 = "24h"
)

// The working hours in which owners call customers back, and in which the
// eNPS, wheel and maturity answers are given.
const (
	workOpen  = "08:00"
	workClose = "16:00"
)

// The eNPS waves: one a quarter, opening 45 days into it (91 days apart)
// and open for two weeks.
const (
	waveFirst = 45
	waveEvery = 91
	waveOpen  = 14
)

// Other days of the year, counted from the start: the leaders answer the
// LEAD on day leadDay, everybody answers the wheel assessment in the week
// from wheelDay, and the leaders assess their employees' job maturity on
// maturityDays (the employees assess themselves on the first and third).
const (
	leadDay  = 10
	wheelDay = 59
)

var maturityDays = []int{20, 111, 202, 293}

// simConfig is what the command line sets for the simulation.
type simConfig struct {
	seed uint64
	days int
}

// world is what the simulation tells the report besides the stores: the
// calendar, the policies, the survey and the IDs of what it stored.
type world struct {
	seed       uint64
	loc        *time.Location
	start, end time.Time
	days       int
	switchAt   time.Time // the 24 h policy governs responses from here
	policies   *closedloop.Policies
	survey     *enps.Survey
	waves      []enps.Wave // launched, in order
	assessment string      // the wheel assessment's ID, "" if none ran
	staff      []employee

	responses  int                        // customer responses saved
	notices    map[closedloop.Notices]int // notifications delivered, by kind
	reassigned int                        // cases handed to a leader after a breach
}

// sim holds the state of a running simulation.
type sim struct {
	ctx    context.Context
	st     *stores
	w      *world
	rng    *rand.Rand // customers and their responses
	ops    *rand.Rand // the owners' follow-up
	people *rand.Rand // employees' answers and assessments
	staff  []employee
	byName map[string]*employee
	work   *closedloop.Calendar // the owners' working hours
	engine *closedloop.Engine
	inbox  []closedloop.Notification // delivered by the current tick
	queue  actions                   // the owners' planned calls
	cases  map[string]*follow        // by case ID
	next   int                       // number of the next response ID

	vacation map[string][2]time.Time // customer-facing employees' summer holidays
	answers  []plannedAnswer         // eNPS answers of the open waves, by instant
}

// simulate runs the simulation into st, reporting the days done to
// progress, and returns the world the report needs.
func simulate(ctx context.Context, st *stores, cfg simConfig, progress func(done, total int)) (*world, error) {
	loc, err := nps.LoadZone(simZone)
	if err != nil {
		return nil, err
	}
	start := simStart(loc)
	w := &world{seed: cfg.seed, loc: loc, start: start, end: start.AddDate(0, 0, cfg.days), days: cfg.days,
		notices: map[closedloop.Notices]int{}, staff: staff()}
	mid := start.AddDate(0, 0, cfg.days/2)
	w.switchAt = time.Date(mid.Year(), mid.Month(), 1, 0, 0, 0, 0, loc)

	s := &sim{ctx: ctx, st: st, w: w,
		rng:    rand.New(rand.NewPCG(cfg.seed, 1)),
		ops:    rand.New(rand.NewPCG(cfg.seed, 2)),
		people: rand.New(rand.NewPCG(cfg.seed, 3)),
		staff:  w.staff, byName: map[string]*employee{}, cases: map[string]*follow{},
		vacation: map[string][2]time.Time{}}
	for i := range s.staff {
		s.byName[s.staff[i].name] = &s.staff[i]
	}
	if err := s.setUp(); err != nil {
		return nil, err
	}

	for d := range cfg.days {
		day := start.AddDate(0, 0, d)
		if err := s.day(d, day); err != nil {
			return nil, fmt.Errorf("%s: %w", day.Format(time.DateOnly), err)
		}
		if progress != nil {
			progress(d+1, cfg.days)
		}
	}
	return w, nil
}

// setUp builds the calendar, the policies, the engine and the survey.
func (s *sim) setUp() error {
	loc, start := s.w.loc, s.w.start
	opts := []closedloop.CalendarOption{}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		opts = append(opts, closedloop.Workday(wd, workOpen, workClose))
	}
	for _, h := range holidays {
		opts = append(opts, closedloop.Holiday(h))
	}
	work, err := closedloop.NewCalendar(loc, opts...)
	if err != nil {
		return err
	}
	s.work = work

	ps := []closedloop.Policy{{ID: policy48, EffectiveFrom: start, Target: 48 * time.Hour,
		Clock: closedloop.CalendarHours, AttainmentTarget: 0.8}}
	if s.w.switchAt.After(start) {
		ps = append(ps, closedloop.Policy{ID: policy24, EffectiveFrom: s.w.switchAt, Target: 24 * time.Hour,
			Clock: closedloop.CalendarHours, AttainmentTarget: 0.9})
	} else {
		ps[0] = closedloop.Policy{ID: policy24, EffectiveFrom: start, Target: 24 * time.Hour,
			Clock: closedloop.CalendarHours, AttainmentTarget: 0.9}
	}
	if s.w.policies, err = closedloop.NewPolicies(ps...); err != nil {
		return err
	}

	org := closedloop.StaticOrg{Roster: map[string]bool{}, Leaders: map[string]string{}, TeamLeaders: map[string]string{}}
	for _, u := range units {
		org.TeamLeaders[u.id] = u.leader
	}
	for _, e := range s.staff {
		if e.facing {
			org.Roster[e.name] = true
		}
		leader := leaderOf(e.unit)
		if e.leader {
			leader = leaderOf(unitCompany)
		}
		if leader != e.name {
			org.Leaders[e.name] = leader
		}
	}
	notify := closedloop.NotifierFunc(func(_ context.Context, n closedloop.Notification) error {
		s.inbox = append(s.inbox, n)
		return nil
	})
	if s.engine, err = closedloop.NewEngine(s.st.cases, s.w.policies, org, notify); err != nil {
		return err
	}
	if s.w.survey, err = enps.NewSurvey(s.st.enps, []byte(demoKey)); err != nil {
		return err
	}

	// Three weeks of summer holiday for each customer-facing employee,
	// staggered over July so that a quarter of each team is away at a
	// time.
	july := time.Date(start.Year(), time.June, 29, 0, 0, 0, 0, loc)
	i := 0
	for _, e := range s.staff {
		if !e.facing {
			continue
		}
		from := july.AddDate(0, 0, 7*(i%4))
		s.vacation[e.name] = [2]time.Time{from, from.AddDate(0, 0, 21)}
		i++
	}
	return nil
}

// away reports whether an employee is on holiday at t.
func (s *sim) away(name string, t time.Time) bool {
	v, ok := s.vacation[name]
	return ok && !t.Before(v[0]) && t.Before(v[1])
}

// day simulates day d, which starts at local midnight day: the day's
// people events, then its customers' responses and the follow-up, hour by
// hour.
func (s *sim) day(d int, day time.Time) error {
	if err := s.peopleEvents(d, day); err != nil {
		return err
	}
	rs := s.responses(d, day)
	end := day.AddDate(0, 0, 1)
	for t := day; t.Before(end); t = t.Add(time.Hour) {
		next := t.Add(time.Hour)
		var hour []nps.Response
		for len(rs) > 0 && rs[0].At.Before(next) {
			hour = append(hour, rs[0])
			rs = rs[1:]
		}
		if err := s.hour(hour, next); err != nil {
			return err
		}
	}
	return nil
}

// hour saves the hour's responses, then takes them in and carries out the
// owners' planned calls in the order of their instants, and finally ticks
// the engine at the end of the hour, next.
func (s *sim) hour(rs []nps.Response, next time.Time) error {
	if len(rs) > 0 {
		if err := s.st.nps.Save(s.ctx, rs...); err != nil {
			return err
		}
		s.w.responses += len(rs)
	}
	for {
		var a *action
		if len(s.queue) > 0 && s.queue[0].at.Before(next) {
			a = &s.queue[0]
		}
		switch {
		case len(rs) > 0 && (a == nil || !a.at.Before(rs[0].At)):
			if _, _, err := s.engine.Ingest(s.ctx, rs[0], rs[0].At); err != nil {
				return fmt.Errorf("ingesting %s: %w", rs[0].ID, err)
			}
			rs = rs[1:]
			continue
		case a != nil:
			act := heap.Pop(&s.queue).(action)
			if err := s.act(act); err != nil {
				return fmt.Errorf("case %s: %w", act.caseID, err)
			}
			continue
		}
		break
	}
	s.inbox = s.inbox[:0]
	if _, err := s.engine.Tick(s.ctx, next); err != nil {
		return fmt.Errorf("tick at %s: %w", next.Format(time.RFC3339), err)
	}
	for _, n := range s.inbox {
		s.w.notices[n.Kind]++
		switch n.Kind {
		case closedloop.NoticeOpened:
			s.plan(n.Case, next)
		case closedloop.NoticeReminder:
			s.remind(n.Case, next)
		case closedloop.NoticeBreach:
			if err := s.nudge(n.Case, next); err != nil {
				return fmt.Errorf("case %s: %w", n.Case.ID, err)
			}
		}
	}
	return nil
}

// Customers and their responses.

// ratingCuts are the cut points of the ordinal logit model behind ratings:
// a customer with quality x rates r when x + L falls between cut r−1 and
// cut r, with L standard logistic. At x = 0 that is about 45% promoters and
// 25% detractors.
var ratingCuts = [10]float64{-3.9, -3.4, -3.0, -2.6, -2.1, -1.6, -1.1, -0.4, 0.2, 1.0}

// rating draws a 0–10 rating for quality x.
func rating(rng *rand.Rand, x float64) int {
	u := rng.Float64()
	for u == 0 {
		u = rng.Float64()
	}
	y := x + math.Log(u/(1-u))
	r := 0
	for r < len(ratingCuts) && y > ratingCuts[r] {
		r++
	}
	return r
}

// poisson draws a Poisson variate with mean lambda (Knuth's method).
func poisson(rng *rand.Rand, lambda float64) int {
	limit, p, k := math.Exp(-lambda), rng.Float64(), 0
	for p > limit {
		p *= rng.Float64()
		k++
	}
	return k
}

// pick returns one of keys at random in proportion to its weight.
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

// Touchpoint shares of the responses and their effect on ratings.
var (
	tpOrder    = []string{tpPhone, tpReception, tpAdvice, tpSupport, tpWeb}
	tpShare    = map[string]float64{tpPhone: 0.30, tpReception: 0.17, tpAdvice: 0.15, tpSupport: 0.20, tpWeb: 0.18}
	tpEffect   = map[string]float64{tpPhone: 0.0, tpReception: 0.15, tpAdvice: 0.45, tpSupport: -0.25, tpWeb: -0.1}
	phoneShare = map[string]float64{unitFront: 0.6, unitAdvisory: 0.15, unitSupport: 0.25}
	tpUnit     = map[string]string{tpReception: unitFront, tpAdvice: unitAdvisory, tpSupport: unitSupport, tpWeb: unitDigital}
)

// Detractors' comments by touchpoint; not every detractor writes one.
var comments = map[string][]string{
	tpPhone: {
		"Waited 20 minutes in the phone queue.",
		"Was promised a call back that never came.",
		"Transferred three times before anyone could help.",
	},
	tpReception: {
		"Nobody greeted me when I came in.",
		"Long wait at the desk and no explanation.",
	},
	tpAdvice: {
		"The adviser had not read my case before the meeting.",
		"Still waiting for the written summary I was promised.",
	},
	tpSupport: {
		"It took days to fix a simple problem.",
		"No updates while my case was open.",
		"The fix did not work, call me on +45 20 30 40 50.",
	},
	tpWeb: {
		"Could not find how to change my address online.",
		"The new website logs me out all the time.",
	},
}

// madsComments are what Mads's detractors say once his service slips.
var madsComments = []string{
	"Felt rushed and not listened to.",
	"Felt rushed and not listened to.",
	"The person at the desk was curt with me.",
}

// webLaunch is the day the new website goes live (2026-09-01), after which
// the web scores worse.
const webLaunch = 243

// responses returns day d's customer responses in order of receipt.
func (s *sim) responses(d int, day time.Time) []nps.Response {
	closed := day.Weekday() == time.Sunday || slices.Contains(holidays, day.Format(time.DateOnly))
	saturday := day.Weekday() == time.Saturday
	lambda := 24.0
	switch {
	case closed:
		lambda = 3
	case saturday:
		lambda = 6
	}
	n := poisson(s.rng, lambda)
	rs := make([]nps.Response, 0, n)
	for range n {
		tp := pick(s.rng, tpOrder, tpShare)
		switch {
		case closed:
			tp = tpWeb
		case saturday && tp != tpPhone:
			tp = tpWeb
		}
		rs = append(rs, s.response(d, day, tp))
	}
	slices.SortFunc(rs, func(a, b nps.Response) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
	return rs
}

// response makes one response about touchpoint tp received on day d.
func (s *sim) response(d int, day time.Time, tp string) nps.Response {
	rng := s.rng
	hour := 8 + rng.IntN(10)
	switch {
	case tp == tpWeb:
		hour = 7 + rng.IntN(16)
	case day.Weekday() == time.Saturday:
		hour = 9 + rng.IntN(4)
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), hour, rng.IntN(60), rng.IntN(60), 0, day.Location())
	s.next++
	r := nps.Response{
		ID:         "r" + strconv.Itoa(100000+s.next),
		At:         at,
		Customer:   fmt.Sprintf("c%04d", 1+rng.IntN(2500)),
		Touchpoint: tp,
		Channel:    "email",
	}
	if rng.IntN(4) == 0 {
		r.Channel = "sms"
	}

	// The company improves through the spring and levels off; the phone
	// suffers in July, when a quarter of each team is on holiday, and the
	// web after the new website goes live.
	x := -0.2 + 0.5*float64(min(d, 210))/210 + tpEffect[tp] + 0.3*rng.NormFloat64()
	if tp == tpPhone && at.Month() == time.July {
		x -= 0.3
	}
	if tp == tpWeb && d >= webLaunch {
		x -= 0.5
	}
	var who *employee
	r.Unit = tpUnit[tp]
	if tp == tpPhone {
		r.Unit = pick(rng, []string{unitFront, unitAdvisory, unitSupport}, phoneShare)
	}
	if tp != tpWeb {
		who = s.serving(r.Unit, "", at)
		r.Employees = []string{who.name}
		x += who.effect(d)
		if tp == tpAdvice && rng.IntN(12) == 0 {
			// A second adviser joins some meetings.
			if second := s.serving(r.Unit, who.name, at); second != nil {
				r.Employees = append(r.Employees, second.name)
				x += 0.5 * second.effect(d)
			}
		}
	}
	if tp == tpSupport {
		median := who.fixHours * (1.3 - 0.4*float64(min(d, 210))/210)
		hours := math.Max(0.5, math.Round(median*math.Exp(0.8*rng.NormFloat64())*2)/2)
		r.Labels = map[string]string{fixHoursLabel: strconv.FormatFloat(hours, 'f', 1, 64)}
		x -= 0.5 * math.Log(hours/9)
	}
	r.Rating = nps.Rating(rating(rng, x))
	switch r.Rating.Category() {
	case nps.Detractor:
		if rng.IntN(2) == 0 {
			list := comments[tp]
			if who != nil && who.name == "Mads" && d >= 240 && rng.IntN(3) > 0 {
				list = madsComments
			}
			r.Comment = list[rng.IntN(len(list))]
		}
	case nps.Promoter:
		if rng.IntN(8) == 0 {
			if who != nil {
				r.Comment = "Thank you, " + who.name + ", for the help."
			} else {
				r.Comment = "Quick and easy to do online."
			}
		}
	}
	return r
}

// serving picks one of unit's customer-facing employees at work at t,
// other than except, in proportion to their activity; nil if nobody is.
func (s *sim) serving(unit, except string, t time.Time) *employee {
	var at []*employee
	total := 0.0
	for i := range s.staff {
		e := &s.staff[i]
		if e.unit == unit && e.facing && e.name != except && !s.away(e.name, t) {
			at = append(at, e)
			total += e.activity
		}
	}
	if len(at) == 0 {
		return nil
	}
	u := s.rng.Float64() * total
	for _, e := range at {
		if u < e.activity {
			return e
		}
		u -= e.activity
	}
	return at[len(at)-1]
}

// The owners' follow-up.

// actionKind is what an owner does about a case.
type actionKind uint8

const (
	callBack  actionKind = iota + 1 // try to reach the customer
	closeCase                       // close the case after the conversation
)

// action is an owner's planned step on a case.
type action struct {
	at     time.Time
	caseID string
	kind   actionKind
	seq    int // the case's plan number; a replanned case ignores older ones
}

// actions is a heap of planned steps, earliest first.
type actions []action

// Len implements heap.Interface.
func (a actions) Len() int { return len(a) }

// Less implements heap.Interface: by instant, then case and plan number.
func (a actions) Less(i, j int) bool {
	return cmp.Or(a[i].at.Compare(a[j].at), cmp.Compare(a[i].caseID, a[j].caseID), cmp.Compare(a[i].seq, a[j].seq)) < 0
}

// Swap implements heap.Interface.
func (a actions) Swap(i, j int) { a[i], a[j] = a[j], a[i] }

// Push implements heap.Interface.
func (a *actions) Push(x any) { *a = append(*a, x.(action)) }

// Pop implements heap.Interface.
func (a *actions) Pop() any {
	old := *a
	x := old[len(old)-1]
	*a = old[:len(old)-1]
	return x
}

// follow is the simulation's view of a case it follows up.
type follow struct {
	owner    string
	team     string
	policy   string
	tp       string
	attempts int
	seq      int
	planned  time.Time // the next call, zero when none is planned
}

// maxCalls is the policies' default number of attempts before a case is
// unreachable.
const maxCalls = closedloop.DefaultMaxAttempts

// reach is the chance that a call reaches the customer.
const reach = 0.82

// plan schedules the owner's first call on a case the engine has just
// told them about at now: after a delay in working hours around the
// owner's habit (quicker under the 24 h policy, which the teams worked
// towards), not before the owner is back from holiday.
func (s *sim) plan(c closedloop.Case, now time.Time) {
	f := &follow{owner: c.Owner, team: c.Team, policy: c.PolicyID, tp: c.Touchpoint}
	s.cases[c.ID] = f
	median := 8.0
	if e := s.byName[c.Owner]; e != nil && e.followUp > 0 {
		median = e.followUp
	}
	if c.PolicyID == policy24 {
		median *= 0.6
	}
	delay := hoursOf(max(0.25, median*math.Exp(0.6*s.ops.NormFloat64())))
	at := s.work.Add(now, delay)
	if v, ok := s.vacation[c.Owner]; ok && (s.away(c.Owner, now) || s.away(c.Owner, at)) {
		at = s.work.Add(v[1], delay) // after the holiday, unless the leader steps in
	}
	s.schedule(c.ID, f, at, callBack)
}

// remind handles the engine's reminder at 75% of the target at now: an
// owner whose call was planned after the due time calls soon, in working
// hours, unless away.
func (s *sim) remind(c closedloop.Case, now time.Time) {
	f := s.cases[c.ID]
	if f == nil || f.planned.IsZero() || !f.planned.After(c.Deadlines.Due) || s.away(f.owner, now) {
		return
	}
	if soon := s.work.Add(now, hoursOf(0.25+1.25*s.ops.Float64())); soon.Before(f.planned) {
		s.schedule(c.ID, f, soon, callBack)
	}
}

// nudge handles a breach notice to the owner's leader at now: the leader
// hands the case of an owner on holiday to themself, and otherwise asks
// the owner to call within a few working hours.
func (s *sim) nudge(c closedloop.Case, now time.Time) error {
	f := s.cases[c.ID]
	if f == nil || f.planned.IsZero() {
		return nil
	}
	soon := s.work.Add(now, hoursOf(0.5+2.5*s.ops.Float64()))
	if s.away(f.owner, now) || s.away(f.owner, soon) {
		leader := leaderOf(f.team)
		if _, err := s.engine.Change(s.ctx, c.ID, func(c *closedloop.Case, _ closedloop.Policy) error {
			return c.Reassign(now, leader, leader, "owner on holiday")
		}); err != nil {
			return err
		}
		f.owner = leader
		s.w.reassigned++
	}
	if soon.Before(f.planned) {
		s.schedule(c.ID, f, soon, callBack)
	}
	return nil
}

// schedule plans the case's next step, replacing any planned before.
func (s *sim) schedule(id string, f *follow, at time.Time, kind actionKind) {
	f.seq++
	f.planned = at
	if kind != callBack {
		f.planned = time.Time{}
	}
	heap.Push(&s.queue, action{at: at, caseID: id, kind: kind, seq: f.seq})
}

// causes are the root causes the owners tag, by touchpoint, most likely
// first.
var causes = map[string][]string{
	tpPhone:     {"processes and rules", "communication", "customer expectations"},
	tpReception: {"communication", "personal fit", "processes and rules"},
	tpAdvice:    {"customer expectations", "professional competence", "communication"},
	tpSupport:   {"professional competence", "processes and rules", "communication"},
	tpWeb:       {"processes and rules", "customer expectations", "prices and terms"},
}

// act carries out a planned step.
func (s *sim) act(a action) error {
	f := s.cases[a.caseID]
	if f == nil || a.seq != f.seq {
		return nil // replanned meanwhile
	}
	rng := s.ops
	switch a.kind {
	case callBack:
		if v, ok := s.vacation[f.owner]; ok && s.away(f.owner, a.at) {
			s.schedule(a.caseID, f, s.work.Add(v[1], time.Hour), callBack)
			return nil
		}
		f.planned = time.Time{}
		f.attempts++
		if rng.Float64() >= reach {
			if _, err := s.engine.Change(s.ctx, a.caseID, func(c *closedloop.Case, _ closedloop.Policy) error {
				return c.Attempt(a.at, f.owner, "no answer")
			}); err != nil {
				return err
			}
			if f.attempts < maxCalls {
				s.schedule(a.caseID, f, s.work.Add(a.at, hoursOf(2+4*rng.Float64())), callBack)
			}
			return nil
		}
		list := causes[f.tp]
		cause := list[min(len(list)-1, int(math.Floor(math.Abs(rng.NormFloat64()))))]
		if f.owner == "Mads" && a.at.After(s.w.start.AddDate(0, 0, 240)) {
			cause = "personal fit"
		}
		if _, err := s.engine.Change(s.ctx, a.caseID, func(c *closedloop.Case, _ closedloop.Policy) error {
			if err := c.Contact(a.at, f.owner); err != nil {
				return err
			}
			return c.Tag(a.at, f.owner, cause)
		}); err != nil {
			return err
		}
		s.schedule(a.caseID, f, s.work.Add(a.at, hoursOf(1+11*rng.Float64())), closeCase)
	case closeCase:
		p := 0.55
		if e := s.byName[f.owner]; e != nil {
			p = min(0.85, max(0.25, p+0.2*e.before))
		}
		outcome, again := closedloop.NotRecovered, nps.Rating(rng.IntN(7))
		switch u := rng.Float64(); {
		case u < 0.05:
			outcome = closedloop.Lost
		case u < 0.05+p:
			outcome, again = closedloop.Recovered, nps.Rating(7+rng.IntN(4))
		}
		var fu *nps.Rating
		if outcome != closedloop.Lost {
			fu = &again
		}
		if _, err := s.engine.Change(s.ctx, a.caseID, func(c *closedloop.Case, _ closedloop.Policy) error {
			return c.Close(a.at, f.owner, outcome, fu)
		}); err != nil {
			return err
		}
		delete(s.cases, a.caseID)
	}
	return nil
}

// hoursOf converts fractional hours to a duration, to the second.
func hoursOf(h float64) time.Duration {
	return time.Duration(math.Round(h*3600)) * time.Second
}

// People: eNPS waves, the wheel assessment, maturity and LEAD.

// plannedAnswer is an employee's eNPS answer, given at an instant.
type plannedAnswer struct {
	at       time.Time
	wave     string
	employee string
	answer   enps.Answer
}

// peopleEvents stores what happens among the employees on day d: waves
// launched and answered, the wheel assessment, the leaders' LEAD and the
// maturity assessments.
func (s *sim) peopleEvents(d int, day time.Time) error {
	if d == leadDay {
		if err := s.lead(day); err != nil {
			return err
		}
	}
	if slices.Contains(maturityDays, d) {
		if err := s.assessMaturity(d, day); err != nil {
			return err
		}
	}
	if d == wheelDay && d+7 <= s.w.days {
		if err := s.assessWheel(day); err != nil {
			return err
		}
	}
	if d >= waveFirst && (d-waveFirst)%waveEvery == 0 && d+waveOpen <= s.w.days {
		if err := s.launchWave(d, day); err != nil {
			return err
		}
	}
	end := day.AddDate(0, 0, 1)
	for len(s.answers) > 0 && s.answers[0].at.Before(end) {
		a := s.answers[0]
		s.answers = s.answers[1:]
		if err := s.w.survey.Submit(s.ctx, a.wave, a.employee, a.answer, a.at); err != nil {
			return fmt.Errorf("eNPS answer of %s in %s: %w", a.employee, a.wave, err)
		}
	}
	return nil
}

// workTime returns a random instant in the working hours of the days
// days from day, never at or after limit.
func (s *sim) workTime(day time.Time, days int, limit time.Time) time.Time {
	hours := 0.9 * float64(days) * 8 * 5 / 7
	t := s.work.Add(day, hoursOf(hours*s.people.Float64()))
	if !t.Before(limit) {
		t = limit.Add(-time.Hour)
	}
	return t
}
