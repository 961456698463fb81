// Crm is a CRM backend end to end: it simulates a year of a service
// company, stores everything in SQLite through the servicekultur packages'
// Store interfaces, and prints the leader's dashboard.
//
// The simulated company has five teams and 37 named employees, 23 of them
// customer-facing. Every day customers rate the touchpoints where they met
// an employee (phone, reception, advice, support) or the web site, some
// with a comment, support cases with the hours it took to fix them. Each
// response is saved (nps) and handed to the closed-loop engine as it
// arrives (closedloop); the engine ticks every simulated hour, and the
// owners it notifies call their unhappy customers back after realistic
// delays in their working hours, some too late: 48 calendar hours are the
// target in the first half of the year and 24 in the second, which starts
// as the summer holidays do. Every quarter all employees are asked the
// eNPS question (enps), in the spring they answer the internal marketing
// wheel (wheel), and the leaders answer the LEAD and assess their
// employees' job maturity every quarter (maturity).
//
// The dashboard on stdout shows NPS by month and by touchpoint with
// intervals and trends, the employees ranked honestly within their teams,
// the closed loop's attainment against 48 h and then 24 h with its
// breaches and the teams' huddle digests, eNPS by unit with the cells the
// anonymity rules withhold shown as withheld and why, the wheel's scores
// and roadmap, and the teams' maturity against their leaders' styles. A
// progress bar on stderr shows the simulation's days.
//
// The program also writes report.html next to the databases: the same
// dashboard with four SVG charts made with gonum.org/v1/plot (the NPS
// trend with its interval band, the 0–10 distribution, the follow-up
// attainment per week and the wheel as a radar chart).
//
// Usage, from examples/crm:
//
//	go run . [-out DIR] [-seed N] [-days N]
//
// -out is the directory for the SQLite databases (nps.db, closedloop.db,
// enps.db, wheel.db, maturity.db) and report.html; it is created if need
// be, and databases and a report already there are replaced. The default
// is crm-out in the current directory. -seed seeds the simulation (default
// 1) and -days sets its length from the fixed start date, 2026-01-01
// (default 365, from 90 to 1096). The program never reads the wall clock:
// the same seed and days give the same databases and the same dashboard.
//
// The eNPS answers are pseudonymised with a key that is a constant in
// company.go so that the demonstration repeats exactly; a real host keeps
// its key secret and apart from the database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	_ "time/tzdata" // the company's zone must load on hosts without a zone database
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "crm:", err)
	}
	os.Exit(exitCode(err))
}

// usageError is an error in the command line.
type usageError struct{ err error }

// Error returns the message.
func (e usageError) Error() string { return e.err.Error() }

// Unwrap returns the error in the command line.
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

// The command line's defaults and limits.
const (
	defaultOut  = "crm-out"
	defaultSeed = 1
	defaultDays = 365
	minDays     = 90
	maxDays     = 1096
)

// usage is the synopsis printed with -h and with command-line errors.
const usage = "usage: crm [-out DIR] [-seed N] [-days N]"

// reportFile is the name of the HTML report in the output directory.
const reportFile = "report.html"

// run parses the command line args, simulates the company into the SQLite
// databases, writes the dashboard to stdout and the HTML report next to
// the databases. The progress bar, usage and where the files went are
// written to stderr; errors are returned, and nothing is written to stdout
// on an error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("crm", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", defaultOut, "the directory for the SQLite databases and "+reportFile)
	seed := fs.Uint64("seed", defaultSeed, "the seed of the simulation")
	days := fs.Int("days", defaultDays, fmt.Sprintf("the number of days to simulate from 2026-01-01, %d to %d", minDays, maxDays))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, usage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return err
		}
		return usagef("%w (see -h)", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: %s", fs.Arg(0), usage)
	}
	if *days < minDays || *days > maxDays {
		return usagef("-days %d: want %d to %d", *days, minDays, maxDays)
	}
	if *out == "" {
		return usagef("-out: want a directory")
	}

	if err := prepareOut(*out); err != nil {
		return err
	}
	st, err := openStores(ctx, *out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()

	bar := newProgressBar(stderr, "simulating")
	w, err := simulate(ctx, st, simConfig{seed: *seed, days: *days}, bar.update)
	if err != nil {
		return err
	}
	rep, err := buildReport(ctx, st, w)
	if err != nil {
		return err
	}
	page, err := buildHTML(rep)
	if err != nil {
		return err
	}
	path := filepath.Join(*out, reportFile)
	if err := os.WriteFile(path, page, 0o644); err != nil {
		return err
	}
	if _, err := stdout.Write(rep.text); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "databases and %s written to %s\n", reportFile, *out)
	return nil
}

// prepareOut creates the output directory and removes the databases and
// report a previous run left there, so that every run starts afresh.
func prepareOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := []string{reportFile}
	for _, db := range databaseFiles {
		names = append(names, db, db+"-wal", db+"-shm", db+"-journal")
	}
	for _, name := range names {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
