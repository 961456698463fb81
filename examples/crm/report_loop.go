package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// This file writes the closed loop's sections: attainment against the
// policies, in total, per phase and per team, the notices the engine sent,
// the root causes, and the teams' huddle digests.

// minWeek is the fewest matured cases for a week to count among the
// weakest weeks.
const minWeek = 10

// closedLoop writes the follow-up attainment as of the end of the
// simulation, against 48 h and then 24 h.
func (r *report) closedLoop() error {
	now, ps := r.w.end, r.w.policies
	r.data.phases = ps.All()
	r.data.switchAt = r.w.switchAt
	r.section("Closed loop: calling unhappy customers back")
	r.pf("  Every detractor (0–6) opens a case for the employee who served the customer\n")
	r.pf("  (the team leader for the web). The policies:\n")
	for _, p := range ps.All() {
		r.pf("    %-4s first contact within %s %s, for %.0f%% of cases, responses from %s\n",
			p.ID, whole(p.Target.Hours()), p.Clock, 100*p.Attainment(), p.EffectiveFrom.Format(time.DateOnly))
	}

	total, teams, err := closedloop.Summarize(r.st.cases.Cases(r.ctx, closedloop.CaseFilter{}), ps, now, level, closedloop.ByTeam)
	if err != nil {
		return fmt.Errorf("follow-up report: %w", err)
	}
	r.pf("\n  As of %s:\n", now.Format("2006-01-02 15:04"))
	r.loopHeader("phase")
	for _, ph := range total.Phases {
		r.loopRow(ph.PolicyID, ph.Figures, ph.TimeToContact)
	}
	r.loopRow("all", total.Figures, total.CalendarTimeToContact)
	r.pf("  Attainment = cases first contacted within target ÷ cases contacted or past due;\n")
	r.pf("  verdict: met or missed when the whole interval lies above or below the target.\n")
	r.pf("  Time to first contact in calendar hours, the customer's wait.\n")

	r.pf("\n  %d contacted, %d unreachable after %d calls (%s of those whose calls ended);\n",
		total.Contacted, total.Unreachable, maxCalls, shareText(total.UnreachableRate))
	r.pf("  %d recovered, %s of the contacted; %d still overdue, %d not yet due.\n",
		total.Recovered, shareText(total.RecoveryRate), total.Overdue, total.Backlog)
	n := r.w.notices
	r.pf("  The engine delivered %d new-case notices, %d reminders at 75%% of the target,\n",
		n[closedloop.NoticeOpened], n[closedloop.NoticeReminder])
	r.pf("  %d breaches to the owners' leaders and %d escalations at twice the target;\n",
		n[closedloop.NoticeBreach], n[closedloop.NoticeEscalated])
	handed := fmt.Sprintf("%d cases were", r.w.reassigned)
	if r.w.reassigned == 1 {
		handed = "1 case was"
	}
	r.pf("  %s handed to a leader after a breach while the owner was on holiday.\n", handed)

	r.pf("\n  By team:\n")
	r.loopHeader("team")
	for _, t := range teams {
		for _, ph := range t.Phases {
			r.loopRow(unitName(t.Key)+" "+ph.PolicyID, ph.Figures, ph.TimeToContact)
		}
	}

	if err := r.weeks(); err != nil {
		return err
	}
	return r.pareto()
}

// loopHeader writes the header of an attainment table.
func (r *report) loopHeader(first string) {
	r.pf("  %-14s %5s %7s %7s %8s %8s  %-13s %-7s %7s %7s\n",
		first, "cases", "matured", "in time", "breaches", "attained", "95% interval", "verdict", "median", "P90")
}

// loopRow writes one row of an attainment table.
func (r *report) loopRow(name string, f closedloop.Figures, d closedloop.Durations) {
	att, iv, verdict := "—", "", f.Attainment.Verdict.String()
	if f.Attainment.Defined {
		att = percent(f.Attainment.Value)
		iv = fmt.Sprintf("%.1f–%.1f%%", 100*f.Attainment.Lower, 100*f.Attainment.Upper)
	}
	med, p90 := "—", "—"
	if d.N > 0 {
		med, p90 = hoursText(d.Median), hoursText(d.P90)
	}
	r.pf("  %-14s %5d %7d %7d %8d %8s  %-13s %-7s %7s %7s\n",
		name, f.Cases, f.Matured, f.InTime, f.Breaches, att, iv, verdict, med, p90)
}

// shareText formats a share as "12.5%", or "—" when undefined.
func shareText(s closedloop.Share) string {
	if !s.Defined {
		return "—"
	}
	return percent(s.Value)
}

// weeks computes the attainment of every ISO week, for the chart, and
// writes the weakest weeks.
func (r *report) weeks() error {
	by, err := closedloop.ByPeriod(nps.Weekly, r.w.loc)
	if err != nil {
		return err
	}
	_, weeks, err := closedloop.Summarize(r.st.cases.Cases(r.ctx, closedloop.CaseFilter{}), r.w.policies, r.w.end, level, by)
	if err != nil {
		return fmt.Errorf("weekly follow-up: %w", err)
	}
	r.data.weekly = weeks
	var ranked []closedloop.Report
	for _, w := range weeks {
		if w.Matured >= minWeek {
			ranked = append(ranked, w)
		}
	}
	slices.SortStableFunc(ranked, func(a, b closedloop.Report) int {
		return cmp.Or(cmp.Compare(a.Attainment.Value, b.Attainment.Value), cmp.Compare(a.Key, b.Key))
	})
	ranked = ranked[:min(3, len(ranked))]
	if len(ranked) == 0 {
		return nil
	}
	var ws []string
	for _, w := range ranked {
		ws = append(ws, fmt.Sprintf("%s %s of %d", w.Key, percent(w.Attainment.Value), w.Matured))
	}
	r.pf("\n  Weakest weeks, of those with at least %d cases due or contacted:\n", minWeek)
	r.pf("    %s\n", strings.Join(ws, ", "))
	return nil
}

// pareto writes the root causes the owners tagged, most frequent first.
func (r *report) pareto() error {
	p, err := closedloop.RootCausePareto(r.st.cases.Cases(r.ctx, closedloop.CaseFilter{}))
	if err != nil {
		return fmt.Errorf("root causes: %w", err)
	}
	r.pf("\n  Root causes of %d cases (%d untagged):\n", p.Cases, p.Untagged)
	for _, it := range p.Items {
		r.pf("    %-26s %5d  %5s  cumulative %5s\n", it.Cause, it.Count, percent(it.Share), percent(it.Cumulative))
	}
	return nil
}

// huddleDays is the period of the huddle digests: the last week.
const huddleDays = 7

// huddles writes each customer-facing team's huddle agenda for the last
// week.
func (r *report) huddles() error {
	now := r.w.end
	since := now.AddDate(0, 0, -huddleDays)
	r.section("Huddle digests, %s to %s", since.Format(time.DateOnly), now.Add(-time.Nanosecond).Format(time.DateOnly))
	r.pf("  Comments are redacted of phone numbers and e-mail addresses.\n")
	opts := closedloop.DigestOptions{MaxVerbatims: 2, MaxAttention: 3}
	for _, team := range []string{unitFront, unitAdvisory, unitSupport, unitDigital} {
		h, err := closedloop.HuddleDigest(r.ctx,
			r.st.nps.Responses(r.ctx, nps.Filter{From: since, To: now, Units: []string{team}}),
			r.st.cases.Cases(r.ctx, closedloop.CaseFilter{Teams: []string{team}}),
			team, since, now, opts)
		if err != nil {
			return fmt.Errorf("huddle of %s: %w", team, err)
		}
		r.pf("\n  %s (%s): %s", unitName(team), leaderOf(team), plural(h.Tally.N(), "response"))
		if s, err := h.Tally.NPS(); err == nil {
			r.pf(", NPS %s", points(s))
		}
		r.pf("\n")
		if len(h.Attention) > 0 {
			r.pf("    Needs attention:\n")
			for _, a := range h.Attention {
				r.pf("      %-11s %s, %s, %s since %s\n", a.Kind, a.Case, a.Owner, touchpointName(a.Touchpoint),
					a.Since.In(r.w.loc).Format("2006-01-02 15:04"))
			}
			if h.MoreAttention > 0 {
				r.pf("      and %d more\n", h.MoreAttention)
			}
		}
		verbatims := func(title string, vs []closedloop.Verbatim, more int) {
			if len(vs) == 0 {
				return
			}
			r.pf("    %s:\n", title)
			for _, v := range vs {
				who := touchpointName(v.Touchpoint)
				if len(v.Employees) > 0 {
					who += ", " + strings.Join(v.Employees, " and ")
				}
				r.pf("      %2d  %q (%s)\n", v.Rating, v.Comment, who)
			}
			if more > 0 {
				r.pf("      and %d more\n", more)
			}
		}
		verbatims("Detractors said", h.Detractors, h.MoreDetractors)
		verbatims("Thank-yous", h.Promoters, h.MorePromoters)
		if len(h.ShoutOuts) > 0 {
			var names []string
			for _, s := range h.ShoutOuts[:min(4, len(h.ShoutOuts))] {
				names = append(names, fmt.Sprintf("%s (%s)", s.Employee, plural(s.Tens, "ten")))
			}
			r.pf("    Shout-outs: %s\n", strings.Join(names, ", "))
		}
		if len(h.Candidates) > 0 {
			var cs []string
			for _, c := range h.Candidates {
				cs = append(cs, fmt.Sprintf("%s (%s)", c.Cause, plural(len(c.Cases), "case")))
			}
			r.pf("    Candidate issues, recurring in the last %d days:\n      %s\n",
				int(closedloop.DefaultRecurrenceWindow.Hours()/24), strings.Join(cs, ", "))
		}
	}
	return nil
}
