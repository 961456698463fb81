package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/wheel"
)

// This file writes the sections about the employees: eNPS by unit, the
// internal marketing wheel with its roadmap, and the teams' job maturity
// against their leaders' styles.

// reasonCode abbreviates why a cell is withheld, for the wave table.
func reasonCode(r enps.Reason) string {
	switch r {
	case enps.BelowMinimum:
		return "s:min"
	case enps.Complementary:
		return "s:compl"
	case enps.Differencing:
		return "s:diff"
	case enps.Homogeneous:
		return "s:same"
	}
	return "s:?"
}

// enpsUnits writes every unit's eNPS in every wave, withheld cells shown
// as withheld with the reason, the latest wave in detail, and the
// company's trend over the waves.
func (r *report) enpsUnits() error {
	r.section("eNPS by unit")
	if len(r.w.waves) == 0 {
		r.pf("  No eNPS wave has closed yet.\n")
		return nil
	}
	var reports []enps.Report
	for _, w := range r.w.waves {
		rep, err := r.w.survey.Report(r.ctx, w.ID, enps.Request{Audience: audience, Level: level}, r.w.end)
		if err != nil {
			return fmt.Errorf("eNPS report of %s: %w", w.ID, err)
		}
		reports = append(reports, rep)
	}
	rules := r.w.survey.Rules()
	r.pf("  %q, asked every quarter of all\n", enpsQuestion)
	r.pf("  employees on 0–10, answers kept under a keyed pseudonym. A number is shown\n")
	r.pf("  only for at least k = %d answers that do not all fall in one category, and\n", rules.MinGroup)
	r.pf("  only if no difference of shown cells isolates fewer than k people.\n\n")

	r.pf("  %-14s %7s", "unit", "invited")
	for _, w := range r.w.waves {
		r.pf(" %8s", w.ID)
	}
	r.pf("\n")
	for _, u := range units {
		key := enps.CellKey{Unit: u.id, Scope: enps.Subtree}
		name := u.name
		if u.parent != "" {
			name = "  " + name
		}
		last, _ := reports[len(reports)-1].Cell(key)
		r.pf("  %-14s %7d", name, last.Invited)
		for _, rep := range reports {
			c, ok := rep.Cell(key)
			text := "—"
			switch {
			case !ok:
			case c.Status == enps.Published:
				text = signedWhole(c.ENPS)
			case c.Status == enps.Suppressed:
				text = reasonCode(c.Reason)
			default:
				text = "no data"
			}
			r.pf(" %8s", text)
		}
		r.pf("\n")
	}
	r.pf("  Withheld (s): min, fewer than k answers; compl, a parent minus its shown\n")
	r.pf("  units would leave fewer than k; diff, it differs from another shown cell by\n")
	r.pf("  fewer than k people; same, everyone answered in one category.\n")

	latest, w := reports[len(reports)-1], r.w.waves[len(r.w.waves)-1]
	r.pf("\n  Latest wave, %s (%s to %s):\n", w.ID, w.Opens.Format(time.DateOnly), w.Closes.Format(time.DateOnly))
	for _, u := range units {
		c, ok := latest.Cell(enps.CellKey{Unit: u.id, Scope: enps.Subtree})
		if !ok {
			continue
		}
		switch c.Status {
		case enps.Published:
			r.pf("    %-12s eNPS %6s, 95%% interval %s to %s, %d of %d answered\n", u.name, signedPoints(c.ENPS),
				signedPoints(c.Interval.Lower), signedPoints(c.Interval.Upper), c.Responses, c.Invited)
		case enps.Suppressed:
			r.pf("    %-12s withheld: %s; %d invited, no numbers shown\n", u.name, c.Reason, c.Invited)
		default:
			r.pf("    %-12s no answers; %d invited\n", u.name, c.Invited)
		}
	}
	company, ok := latest.Cell(enps.CellKey{Unit: unitCompany, Scope: enps.Subtree})
	if ok && len(company.Comments) > 0 {
		r.pf("  Comments released for the company (%d or more answers), in no particular order:\n", rules.MinComments)
		for _, c := range company.Comments[:min(3, len(company.Comments))] {
			r.pf("    %q\n", c)
		}
	}
	tr, err := enps.WaveTrend(reports, enps.CellKey{Unit: unitCompany, Scope: enps.Subtree})
	r.pf("  Company: %s\n", trendText(tr, err, "wave"))
	return nil
}

// wheelChart is what the radar chart of the wheel draws.
type wheelChart struct {
	labels []string  // the strategies' IDs, clockwise from 1.1
	names  []string  // and their labels
	scores []float64 // normalised 0–100; NaN where not scored
	stages []string  // the stage of each strategy
}

// wheelRoadmap scores the wheel assessment and writes its stages,
// strategies and roadmap.
func (r *report) wheelRoadmap() error {
	if r.w.assessment == "" {
		r.section("The internal marketing wheel")
		r.pf("  No assessment has run yet.\n")
		return nil
	}
	a, err := r.st.wheel.Assessment(r.ctx, r.w.assessment)
	if err != nil {
		return fmt.Errorf("wheel assessment: %w", err)
	}
	var rs []wheel.Response
	for resp, err := range r.st.wheel.Responses(r.ctx, a.ID) {
		if err != nil {
			return fmt.Errorf("wheel responses: %w", err)
		}
		rs = append(rs, resp)
	}
	res, err := wheel.Score(a, rs, wheel.Options{Level: level})
	if err != nil {
		return fmt.Errorf("wheel scores: %w", err)
	}
	all, f := res.All, a.Framework
	r.section("The internal marketing wheel, %s", a.At.Format("January 2006"))
	r.pf("  %d of %d employees answered %d example statements (two per strategy; examples,\n", len(rs), len(r.w.staff), len(a.Items))
	r.pf("  not a validated instrument) on 1–5. Scores are normalised to 0–100: weak\n")
	r.pf("  under 50, developing under 75, strong from 75.\n\n")

	chart := &wheelChart{}
	dims := map[string]wheel.DimensionScore{}
	for _, d := range all.Dimensions {
		dims[d.Dimension] = d
	}
	w := 0
	for _, dim := range f.Dimensions {
		w = max(w, len([]rune(dim.Label)))
	}
	for i, st := range all.Stages {
		info := f.Stages[i]
		alphaText := "—"
		if !isNaN(st.Alpha) {
			alphaText = fmt.Sprintf("%.2f", st.Alpha)
		}
		r.pf("  %d. %-*s %5.1f  %-10s alpha %s\n", i+1, w+5, info.Label, st.Score, st.Band, alphaText)
		for _, dim := range f.Dimensions {
			if dim.Stage != st.Stage {
				continue
			}
			d, ok := dims[dim.ID]
			chart.labels = append(chart.labels, dim.ID)
			chart.names = append(chart.names, dim.Label)
			chart.stages = append(chart.stages, info.Label)
			if !ok || d.Band == 0 {
				chart.scores = append(chart.scores, nan())
				r.pf("     %-4s %-*s     not scored\n", dim.ID, w, dim.Label)
				continue
			}
			chart.scores = append(chart.scores, d.Score)
			r.pf("     %-4s %-*s %5.1f  %-10s %4.1f to %4.1f\n", dim.ID, w, dim.Label, d.Score, d.Band, d.ScoreLower, d.ScoreUpper)
		}
	}
	r.data.wheel = chart
	r.pf("  Overall %.1f (%s), %d respondents.\n", all.Overall, all.OverallBand, all.OverallN)

	steps, err := wheel.Roadmap(f, all, wheel.RoadmapOptions{})
	if err != nil {
		return fmt.Errorf("wheel roadmap: %w", err)
	}
	r.pf("\n  Roadmap, weakest stage first, every strategy below the target of 75:\n")
	for _, s := range steps {
		head := s.Label
		if s.Dimension != "" {
			head = s.Dimension + " " + s.Label
		}
		r.pf("  %3d. %s (%.1f)\n       %s\n", s.Rank, head, s.Score, s.Reason)
	}

	var gaps []string
	for _, g := range res.RoleGaps {
		if g.Differs {
			d, _ := f.Dimension(g.Dimension)
			gaps = append(gaps, fmt.Sprintf("%s %s (%s points)", g.Dimension, d.Label, signedPoints(g.Gap)))
		}
	}
	if len(gaps) > 0 {
		r.pf("\n")
		for _, line := range wrap("Managers and employees differ (95% Welch interval excludes 0) on "+strings.Join(gaps, ", ")+".", 78) {
			r.pf("  %s\n", line)
		}
	}
	var shown, withheld []string
	for _, u := range res.Units {
		if u.Published {
			shown = append(shown, fmt.Sprintf("%s %.1f", unitName(u.Group.Unit), u.Overall))
			continue
		}
		withheld = append(withheld, fmt.Sprintf("%s (%s)", unitName(u.Group.Unit), u.Reason))
	}
	text := "Overall by unit: " + strings.Join(shown, ", ") + "."
	if len(withheld) > 0 {
		text += " Withheld by the anonymity rules: " + strings.Join(withheld, ", ") + "."
	}
	for _, line := range wrap(text, 78) {
		r.pf("  %s\n", line)
	}
	return nil
}

// maturityTeams writes each customer-facing team's job maturity against
// its leader's LEAD profile, for the teams the anonymity rules let the CEO
// see, and the LEAD profiles of the leaders without such a team.
func (r *report) maturityTeams() error {
	at := r.w.end
	r.section("Team maturity, as of %s", at.Add(-time.Nanosecond).Format(time.DateOnly))
	var all []maturity.Assessment
	for a, err := range r.st.maturity.Assessments(r.ctx, maturity.Filter{To: at}) {
		if err != nil {
			return fmt.Errorf("maturity assessments: %w", err)
		}
		all = append(all, a)
	}
	statuses, err := maturity.Current(all, at, maturity.Classifier{})
	if err != nil {
		return fmt.Errorf("maturity: %w", err)
	}
	profiles := map[string]maturity.LEADProfile{}
	for rec, err := range r.st.lead.LEADRecords(r.ctx, nil) {
		if err != nil {
			return fmt.Errorf("LEAD records: %w", err)
		}
		if rec.Form != maturity.LEADSelf || rec.At.After(at) {
			continue
		}
		p, err := maturity.ScoreLEAD(rec.Answers, maturity.StandardLEADKey(), maturity.LEADOptions{})
		if err != nil {
			return fmt.Errorf("LEAD of %s: %w", rec.Leader, err)
		}
		profiles[rec.Leader] = p // the latest wins: records come in time order
	}
	r.pf("  Hersey's readiness R1–R4 per employee and task, from the leaders' latest\n")
	r.pf("  ratings (%d assessments), and the styles the levels call for (S1 telling,\n", len(all))
	r.pf("  S2 selling, S3 participating, S4 delegating) against the leader's LEAD-Self.\n")
	r.pf("  Teams are shown where the anonymity rules allow (at least 5 people, not all\n")
	r.pf("  at the same level); individual levels stay with the leader and HR.\n")

	teams := []string{unitFront, unitAdvisory, unitSupport}
	var groups []maturity.Group
	for _, t := range teams {
		g := maturity.Group{ID: t}
		for _, e := range r.w.staff {
			if e.unit == t && e.facing {
				g.Members = append(g.Members, e.name)
			}
		}
		groups = append(groups, g)
	}
	decisions, err := maturity.PublishGroups(groups, statuses, maturity.GroupRules{})
	if err != nil {
		return fmt.Errorf("maturity groups: %w", err)
	}
	for i, t := range teams {
		leader := leaderOf(t)
		r.pf("\n  %s, %q (leader %s):\n", unitName(t), tasks[t], leader)
		if !decisions[i].Published {
			r.pf("    withheld: %s\n", decisions[i].Reason)
		} else {
			var team []maturity.Status
			for _, s := range statuses {
				if s.Task == tasks[t] && contains(groups[i].Members, s.Employee) {
					team = append(team, s)
				}
			}
			var lead *maturity.LEADProfile
			if p, ok := profiles[leader]; ok {
				lead = &p
			}
			v, err := maturity.Team(team, lead)
			if err != nil {
				return fmt.Errorf("team %s: %w", t, err)
			}
			var counts []string
			for l := range 4 {
				counts = append(counts, fmt.Sprintf("%s %d", maturity.Level(l+1).Label(v.Model), v.Counts[l]))
			}
			r.pf("    %s of %d; %.0f%% at the top level\n", strings.Join(counts, ", "), v.N, 100*v.TopShare)
			r.pf("    mean competence %.2f, commitment %.2f (0–1)\n", v.MeanCompetence, v.MeanCommitment)
			r.pf("    the levels call for %s; not in %s's range: %s\n", styles(v.RequiredStyles, v.Model), leader, gapText(v.FlexibilityGap, v.Model))
		}
		if p, ok := profiles[leader]; ok {
			r.pf("    %s\n", leadText(leader, p))
		}
	}
	r.pf("\n  Leaders without a customer-facing team:\n")
	for _, e := range r.w.staff {
		if !e.leader || contains(teams, e.unit) {
			continue
		}
		if p, ok := profiles[e.name]; ok {
			r.pf("    %s\n", leadText(e.name, p))
		}
	}
	r.pf("  Situational leadership is a conversation aid; the evidence for it is mixed.\n")
	return nil
}

// leadText describes a leader's LEAD profile.
func leadText(leader string, p maturity.LEADProfile) string {
	return fmt.Sprintf("%s's LEAD-Self: primary %s, secondary %s; range %d, effectiveness %+d of ±24",
		leader, styles(p.Primary, maturity.Hersey), styles(p.Secondary, maturity.Hersey), p.Range, p.Effectiveness)
}

// styles formats styles as "S1, S3", or "none". The model is the one the
// labels belong to; the labels are the same in both.
func styles(ss []maturity.Style, m maturity.Model) string {
	if len(ss) == 0 {
		return "none"
	}
	var out []string
	for _, s := range ss {
		out = append(out, s.Label())
	}
	return strings.Join(out, ", ")
}

// gapText formats a flexibility gap.
func gapText(ss []maturity.Style, m maturity.Model) string {
	if len(ss) == 0 {
		return "none"
	}
	return styles(ss, m)
}

// contains reports whether s holds x.
func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
