// Dashboard prints a leader's view of customer Net Promoter Scores, as a CRM
// backend would produce it every day, with honest uncertainty throughout.
// It shows:
//
//   - the headline: the month's NPS with its 95% interval, against the
//     baseline measured in the first quarter (nps.NewBaseline) and against
//     the month before, each with a p-value and a plain verdict;
//   - the touchpoints (phone, reception, advice, support, web), each against
//     all other responses over the last quarter with Holm-adjusted p-values,
//     the written standard of any that falls short, and a touchpoint × month
//     table that shows "—" rather than a score on too few responses;
//   - the monthly series with its fitted trend, and a 28-day rolling score;
//   - the employees of each team, ranked by scores shrunk towards the team
//     (empirical Bayes), with credible intervals, standings and the
//     probabilities of being in the team's top or bottom quarter; employees
//     with too little data are listed apart, never at the bottom;
//   - signals: whose score credibly rose since the quarter before, to
//     recognise, and whose fell, to coach, with what their detractors said;
//   - operational drivers: support's NPS by the hours it took to fix the
//     case (nps.Driver), and the fix time at which support's fitted score
//     reaches the company's, with a bootstrap interval; an association, not
//     an effect.
//
// The data are made up: a year of responses (2025-12-01 to 2026-11-30) of a
// service company with three teams and 28 employees, generated from a fixed
// seed in simulate.go and saved day by day into an nps.MemStore. The report
// reads them back only through the nps.Store interface, so a host plugs in
// its own database by implementing that interface. Periods are calendar
// months in Europe/Copenhagen. From a clone of the repository, run
//
//	go run ./examples/dashboard
//
// or report on an earlier month, or cut the months in another zone:
//
//	go run ./examples/dashboard -month 2026-08
//	go run ./examples/dashboard -zone UTC
//
// The report never looks at the clock: its "now" is the end of the month
// reported on, and responses after it are not read.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // the report's zone must load on hosts without a zone database

	"github.com/servicekultur/servicekultur/nps"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "dashboard:", err)
	}
	os.Exit(exitCode(err))
}

// usageError is an error in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode returns the program's exit status for run's error: 0 on success
// and for -h, 2 for a bad command line, 1 otherwise.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		return 2
	}
	return 1
}

// run parses the command line args, simulates the data and writes the
// report to stdout. Usage goes to stderr for -h; errors are returned, and
// nothing is written to stdout on an error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dashboard", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	month := fs.String("month", "", "the month to report on, like 2026-08 (default the last simulated month, 2026-11)")
	zone := fs.String("zone", simZone, "the IANA time zone whose calendar months the report uses")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: dashboard [-month YYYY-MM] [-zone NAME]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return err
		}
		return usagef("%w (see -h)", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: usage: dashboard [-month YYYY-MM] [-zone NAME]", fs.Arg(0))
	}
	cfg, err := configure(*month, *zone)
	if err != nil {
		return err
	}

	var st nps.MemStore
	if err := simulate(ctx, &st); err != nil {
		return err
	}
	report, err := buildReport(ctx, &st, cfg)
	if err != nil {
		return err
	}
	_, err = stdout.Write(report)
	return err
}

// configure checks the flags and returns the report's configuration: the
// months of the simulated year in the zone, and the month to report on.
func configure(month, zone string) (reportConfig, error) {
	loc, err := nps.LoadZone(zone)
	if err != nil {
		return reportConfig{}, usagef("-zone: %w", err)
	}
	cph, err := nps.LoadZone(simZone)
	if err != nil {
		return reportConfig{}, err
	}
	// The first and last months of data in the zone: those around the
	// middle of the simulation's first and last months, whatever the zone's
	// offset. (A few responses near the ends of the year can fall outside
	// them.)
	first, err := nps.PeriodOf(simStart(cph).AddDate(0, 0, 14), nps.Monthly, loc)
	if err != nil {
		return reportConfig{}, err
	}
	last, err := nps.PeriodOf(simEnd(cph).AddDate(0, 0, -16), nps.Monthly, loc)
	if err != nil {
		return reportConfig{}, err
	}
	earliest := first
	for range minMonths - 1 {
		earliest = earliest.Next()
	}

	cfg := reportConfig{loc: loc, touchpoints: touchpoints, first: first, month: last,
		fixTouchpoint: tpSupport, fixLabel: fixHoursLabel}
	if month == "" {
		return cfg, nil
	}
	p, err := nps.ParsePeriod(month, loc)
	if err != nil || p.Granularity != nps.Monthly {
		return reportConfig{}, usagef("-month %q: want a month like 2026-08", month)
	}
	if p.Start.Before(earliest.Start) || p.Start.After(last.Start) {
		return reportConfig{}, usagef("-month %s: the data run from %s to %s, and the report needs %d months before its month; choose one from %s to %s",
			month, first, last, minMonths-1, earliest, last)
	}
	cfg.month = p
	return cfg, nil
}
