package nps

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Granularity is the length of the calendar periods a series is cut into.
// Periods follow the wall clock of a time zone the caller chooses, never the
// server's, so a day is midnight to midnight where the customers are. The
// zero value is not a granularity.
type Granularity int

// The calendar granularities.
const (
	// Daily periods run from local midnight to local midnight: 23 or 25
	// hours on the days the clocks change.
	Daily Granularity = iota + 1
	// Weekly periods are ISO 8601 weeks: Monday to Monday, numbered within
	// the ISO week-year, so 2027-01-01 (a Friday) falls in 2026-W53.
	Weekly
	// Monthly periods are calendar months.
	Monthly
	// Quarterly periods are calendar quarters starting in January, April,
	// July and October.
	Quarterly
)

// MaxPeriods is the most periods [Periods], [BuildSeries] and [Rolling]
// will produce, so a mistyped range (daily periods over centuries) fails
// fast instead of exhausting memory.
const MaxPeriods = 100_000

// minYear and maxYear bound the local years PeriodOf accepts: labels have
// four-digit years.
const minYear, maxYear = 1, 9999

var granularityNames = [...]string{Daily: "daily", Weekly: "weekly", Monthly: "monthly", Quarterly: "quarterly"}

// Valid reports whether g is one of the four granularities.
func (g Granularity) Valid() bool { return g >= Daily && g <= Quarterly }

// String returns "daily", "weekly", "monthly" or "quarterly".
func (g Granularity) String() string {
	if !g.Valid() {
		return "Granularity(" + strconv.Itoa(int(g)) + ")"
	}
	return granularityNames[g]
}

// MarshalText implements [encoding.TextMarshaler] with the String form, so
// JSON reads "monthly" rather than a number. An invalid granularity is an
// error wrapping [ErrInvalidArgument].
func (g Granularity) MarshalText() ([]byte, error) {
	if !g.Valid() {
		return nil, argError("granularity %d", int(g))
	}
	return []byte(g.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the
// String forms in any letter case.
func (g *Granularity) UnmarshalText(b []byte) error {
	for k := Daily; k <= Quarterly; k++ {
		if strings.EqualFold(string(b), k.String()) {
			*g = k
			return nil
		}
	}
	return argError("unknown granularity %q", b)
}

// LoadZone returns the time zone with the given IANA name, such as
// "Europe/Copenhagen" or "UTC". An unknown name is an error wrapping
// [ErrInvalidZone] (and the error of [time.LoadLocation]). The empty name
// and "Local" are rejected too: they mean UTC and the server's zone to
// [time.LoadLocation], and a report's periods must not change with the
// machine it runs on.
//
// The zone database comes from the host. Hosts that may lack one (minimal
// containers, Windows without Go) should import [time/tzdata] in their main
// package; this package does not, to keep it out of binaries that have one.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%w: %q: name an IANA zone such as \"Europe/Copenhagen\" or \"UTC\"", ErrInvalidZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrInvalidZone, name, err)
	}
	return loc, nil
}

// Period is one calendar period [Start, End): a day, an ISO week, a month
// or a quarter of the wall clock in Start's location. Start is the first
// instant at which the clocks show the period's first date, so a day that
// begins in a gap (clocks jumping from 23:59 to 01:00) starts at the jump,
// and consecutive periods share their boundary: p.Next().Start == p.End.
//
// Make periods with [PeriodOf], [Periods] or [ParsePeriod]. A Period keeps
// its zone only in Start's and End's [time.Location]; one decoded from JSON
// has a fixed offset, so rebuild it with PeriodOf(p.Start, p.Granularity,
// zone) before calling Next.
type Period struct {
	Start       time.Time   `json:"start"`       // first instant, inclusive
	End         time.Time   `json:"end"`         // first instant of the next period, exclusive
	Granularity Granularity `json:"granularity"` // the kind of period
}

// PeriodOf returns the period of granularity g that contains t in zone
// loc. A nil loc is an error wrapping [ErrInvalidZone]; a zero t, an
// invalid g or a t whose local year is outside 1–9999 one wrapping
// [ErrInvalidArgument].
func PeriodOf(t time.Time, g Granularity, loc *time.Location) (Period, error) {
	if err := checkPeriodArgs(g, loc); err != nil {
		return Period{}, err
	}
	if t.IsZero() {
		return Period{}, argError("zero time")
	}
	if y := t.In(loc).Year(); y < minYear || y > maxYear {
		return Period{}, argError("time %v: local year %d outside %d–%d", t, y, minYear, maxYear)
	}
	return periodOf(t, g, loc), nil
}

// Periods returns the consecutive periods of granularity g in zone loc
// that overlap [from, to), in time order. The first and last may reach
// beyond from and to; from equal to to gives none. It returns the errors
// of [PeriodOf] for from and to, and one wrapping [ErrInvalidArgument] if
// to is before from or the range holds more than [MaxPeriods] periods.
func Periods(from, to time.Time, g Granularity, loc *time.Location) ([]Period, error) {
	first, err := checkRange(from, to, g, loc)
	if err != nil || !from.Before(to) {
		return nil, err
	}
	var ps []Period
	for p := first; p.Start.Before(to); p = p.Next() {
		if len(ps) == MaxPeriods {
			return nil, argError("more than %d %s periods from %v to %v", MaxPeriods, g, from, to)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// checkRange validates the arguments of Periods and returns the period
// containing from.
func checkRange(from, to time.Time, g Granularity, loc *time.Location) (Period, error) {
	if err := checkPeriodArgs(g, loc); err != nil {
		return Period{}, err
	}
	if from.IsZero() || to.IsZero() {
		return Period{}, argError("zero time in range [%v, %v)", from, to)
	}
	if to.Before(from) {
		return Period{}, argError("range end %v is before its start %v", to, from)
	}
	first, err := PeriodOf(from, g, loc)
	if err != nil {
		return Period{}, err
	}
	if from.Before(to) {
		if _, err := PeriodOf(to.Add(-time.Nanosecond), g, loc); err != nil {
			return Period{}, err
		}
	}
	return first, nil
}

func checkPeriodArgs(g Granularity, loc *time.Location) error {
	if loc == nil {
		return fmt.Errorf("%w: nil location", ErrInvalidZone)
	}
	if !g.Valid() {
		return argError("granularity %d", int(g))
	}
	return nil
}

// ParsePeriod returns the period labelled s in zone loc, the inverse of
// [Period.String]: "2026-03-29" (a day), "2026-W05" (an ISO week),
// "2026-03" (a month) or "2026-Q1" (a quarter), with four-digit years. It
// lets hosts that group by label (SQL GROUP BY on a formatted date) get
// the periods back. A malformed label, a week 53 the year lacks, or a day
// the zone skipped (Samoa's 2011-12-30) is an error wrapping
// [ErrInvalidArgument]; a nil loc one wrapping [ErrInvalidZone].
func ParsePeriod(s string, loc *time.Location) (Period, error) {
	if loc == nil {
		return Period{}, fmt.Errorf("%w: nil location", ErrInvalidZone)
	}
	c, g, ok := parseLabel(s)
	if !ok {
		return Period{}, argError("period label %q: want 2006-01-02, 2006-W01, 2006-01 or 2006-Q1", s)
	}
	p := Period{Start: startOfDay(c, loc), End: startOfDay(g.next(c), loc), Granularity: g}
	if !p.Start.Before(p.End) {
		return Period{}, argError("period %q does not exist in zone %v", s, loc)
	}
	return p, nil
}

// parseLabel parses a period label into its first date and granularity.
func parseLabel(s string) (civil, Granularity, bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for _, ch := range []byte(s) {
			if ch < '0' || ch > '9' {
				return 0, false
			}
			n = 10*n + int(ch-'0')
		}
		return n, s != ""
	}
	if len(s) < 7 || s[4] != '-' {
		return civil{}, 0, false
	}
	y, ok := digits(s[:4])
	if !ok || y < minYear {
		return civil{}, 0, false
	}
	switch {
	case len(s) == 10 && s[7] == '-': // 2006-01-02
		m, ok1 := digits(s[5:7])
		d, ok2 := digits(s[8:])
		c := civil{y, time.Month(m), d}
		if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || c.addDays(0) != c {
			return civil{}, 0, false
		}
		return c, Daily, true
	case len(s) == 8 && s[5] == 'W': // 2006-W01
		w, ok := digits(s[6:])
		if !ok || w < 1 || w > 53 {
			return civil{}, 0, false
		}
		// January 4 is always in week 1.
		c := Weekly.floor(civil{y, time.January, 4}).addDays(7 * (w - 1))
		if iy, iw := c.time().ISOWeek(); iy != y || iw != w {
			return civil{}, 0, false
		}
		return c, Weekly, true
	case len(s) == 7 && s[5] == 'Q': // 2006-Q1
		q, ok := digits(s[6:])
		if !ok || q < 1 || q > 4 {
			return civil{}, 0, false
		}
		return civil{y, time.Month(3*q - 2), 1}, Quarterly, true
	case len(s) == 7: // 2006-01
		m, ok := digits(s[5:])
		if !ok || m < 1 || m > 12 {
			return civil{}, 0, false
		}
		return civil{y, time.Month(m), 1}, Monthly, true
	}
	return civil{}, 0, false
}

// Next returns the period that follows p, which starts at p.End. Days that
// a zone skipped entirely are passed over. Next of a Period with a zero
// End or an invalid Granularity is the zero Period.
func (p Period) Next() Period {
	if p.End.IsZero() || !p.Granularity.Valid() {
		return Period{}
	}
	return periodOf(p.End, p.Granularity, p.End.Location())
}

// Contains reports whether t lies in [Start, End).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// String returns the period's label: "2026-03-29" for a day, "2026-W05"
// for an ISO week (with the ISO week-year), "2026-03" for a month and
// "2026-Q1" for a quarter. [ParsePeriod] reads it back. A Period with an
// invalid Granularity, such as the zero Period, is "invalid period".
func (p Period) String() string {
	if !p.Granularity.Valid() {
		return "invalid period"
	}
	c := p.Granularity.floor(civilOf(p.Start))
	switch p.Granularity {
	case Daily:
		return fmt.Sprintf("%04d-%02d-%02d", c.y, int(c.m), c.d)
	case Weekly:
		y, w := c.time().ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Monthly:
		return fmt.Sprintf("%04d-%02d", c.y, int(c.m))
	default:
		return fmt.Sprintf("%04d-Q%d", c.y, (int(c.m)+2)/3)
	}
}

// periodOf returns the period containing t. g and loc must be valid.
//
// Periods are built from their first dates, so their boundaries are
// monotonic in time and partition it; the date of t in loc gives the
// candidate, which is adjusted when a clock change across midnight puts t
// outside it (a day whose midnight is repeated begins at its first
// midnight, so the repeated hour before the second one belongs to it).
func periodOf(t time.Time, g Granularity, loc *time.Location) Period {
	c := g.floor(civilOf(t.In(loc)))
	p := Period{Start: startOfDay(c, loc), End: startOfDay(g.next(c), loc), Granularity: g}
	for range 8 { // real zones need at most one step
		switch {
		case t.Before(p.Start):
			c = g.prev(c)
			p.Start, p.End = startOfDay(c, loc), p.Start
		case !t.Before(p.End):
			c = g.next(c)
			p.Start, p.End = p.End, startOfDay(g.next(c), loc)
		default:
			return p
		}
	}
	return p
}

// civil is a date on the wall calendar, without a zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// time returns the date's midnight in UTC, for calendar arithmetic.
func (c civil) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC) }

// addDays returns the date n days later, normalised.
func (c civil) addDays(n int) civil { return civilOf(time.Date(c.y, c.m, c.d+n, 0, 0, 0, 0, time.UTC)) }

// floor returns the first date of the period of granularity g containing c.
func (g Granularity) floor(c civil) civil {
	switch g {
	case Weekly:
		return c.addDays(-((int(c.time().Weekday()) + 6) % 7)) // back to Monday
	case Monthly:
		return civil{c.y, c.m, 1}
	case Quarterly:
		return civil{c.y, (c.m-1)/3*3 + 1, 1}
	}
	return c
}

// next returns the first date of the following period; c must be floored.
func (g Granularity) next(c civil) civil { return g.step(c, 1) }

// prev returns the first date of the preceding period; c must be floored.
func (g Granularity) prev(c civil) civil { return g.step(c, -1) }

func (g Granularity) step(c civil, n int) civil {
	switch g {
	case Weekly:
		return c.addDays(7 * n)
	case Monthly:
		return civilOf(time.Date(c.y, c.m+time.Month(n), 1, 0, 0, 0, 0, time.UTC))
	case Quarterly:
		return civilOf(time.Date(c.y, c.m+time.Month(3*n), 1, 0, 0, 0, 0, time.UTC))
	}
	return c.addDays(n)
}

// startOfDay returns the first instant at which loc's clocks show c's
// midnight or later: midnight itself, the end of a gap that skips it, or
// the first of two midnights when the clocks go back across it.
// [time.Date] does not do this: in a gap it may return an instant of the
// previous day, and of a repeated midnight it may return the second.
//
// The wall clock runs at a constant offset within each zone segment
// ([time.Time.ZoneBounds]). Scanning the segments in time order, the first
// that reaches the wall time holds the answer: its start if the clock
// already shows a later time there, else the instant it shows midnight.
// Offsets differ by at most 26 hours, so two days before time.Date's guess
// is early enough to start.
func startOfDay(c civil, loc *time.Location) time.Time {
	guess := time.Date(c.y, c.m, c.d, 0, 0, 0, 0, loc)
	wall := c.time().Unix()
	t := guess.Add(-48 * time.Hour)
	for range 64 { // a guard; real zones need a few segments
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		at := time.Unix(wall-int64(off), 0)
		if !start.IsZero() && at.Before(start) {
			at = start
		}
		if end.IsZero() || at.Before(end) {
			return at.In(loc)
		}
		t = end
	}
	return guess
}
