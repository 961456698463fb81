package closedloop

import (
	"fmt"
	"slices"
	"time"
)

// Calendar is a business calendar: weekly opening windows in a time zone,
// minus holidays. It measures business time, the real elapsed time during
// which the local wall clock is inside an opening window of a working day
// that is not a holiday. A day on which daylight saving time begins has 23
// hours, and a window that the jump cuts is shorter by the hour skipped;
// where the clock goes back, a window spanning the repeated hour is longer.
//
// A Calendar without workdays is open round the clock: business time is
// calendar time, except on holidays. A nil *Calendar is open round the
// clock in every zone, with no holidays, and is how a policy asks for
// calendar hours.
//
// A Calendar is immutable once built and safe for concurrent use. Changing
// opening hours or holidays means building a new Calendar; due times
// already computed with the old one stay as they are.
type Calendar struct {
	loc      *time.Location
	windows  [7][]window // per weekday, sorted, disjoint, not touching
	open247  bool        // no workdays configured
	holidays []int64     // civil day numbers, sorted, unique
}

// window is an opening window in seconds after local midnight, [open, close).
type window struct{ open, close int64 }

// segment is a period in which the zone's UTC offset is constant, in Unix
// seconds [start, end); start and end are ±∞ (math.MinInt64/MaxInt64)
// where the zone data has no bound.
type segment struct {
	start, end int64
	offset     int64
}

const (
	secondsPerDay = 86400
	minInt64      = -1 << 63
	maxInt64      = 1<<63 - 1
)

// CalendarOption configures a [Calendar] built by [NewCalendar]: opening
// windows with [Workday] and closed days with [Holiday].
type CalendarOption struct {
	apply func(*calendarSpec) error
}

type calendarSpec struct {
	windows  [7][]window
	workdays bool
	holidays []int64
}

// Workday opens the calendar on day from open to close, local wall-clock
// times written "HH:MM" on the 24-hour clock ("08:00", "16:30"); close may
// be "24:00", the end of the day. Repeating a day adds another window, so
// a lunch break is two windows; overlapping or touching windows merge.
// A malformed time, or close not after open, makes [NewCalendar] fail with
// an error wrapping [ErrInvalidCalendar].
func Workday(day time.Weekday, open, close string) CalendarOption {
	return CalendarOption{apply: func(s *calendarSpec) error {
		if day < time.Sunday || day > time.Saturday {
			return fmt.Errorf("%w: weekday %d is not Sunday (0) to Saturday (6)", ErrInvalidCalendar, int(day))
		}
		o, err := parseClock(open, false)
		if err != nil {
			return fmt.Errorf("%w: %s opening time: %v", ErrInvalidCalendar, day, err)
		}
		c, err := parseClock(close, true)
		if err != nil {
			return fmt.Errorf("%w: %s closing time: %v", ErrInvalidCalendar, day, err)
		}
		if c <= o {
			return fmt.Errorf("%w: %s closes at %s, not after it opens at %s", ErrInvalidCalendar, day, close, open)
		}
		s.windows[day] = append(s.windows[day], window{o, c})
		s.workdays = true
		return nil
	}}
}

// Holiday closes the calendar all day on date, written "2006-01-02"
// ("2026-12-24"), in the calendar's time zone. An invalid date makes
// [NewCalendar] fail with an error wrapping [ErrInvalidCalendar].
// Repeating a date is harmless.
func Holiday(date string) CalendarOption {
	return CalendarOption{apply: func(s *calendarSpec) error {
		d, err := parseDate(date)
		if err != nil {
			return fmt.Errorf("%w: holiday: %v", ErrInvalidCalendar, err)
		}
		s.holidays = append(s.holidays, d)
		return nil
	}}
}

// NewCalendar builds a business calendar in loc from the options. With no
// [Workday] option the calendar is open round the clock (calendar hours),
// holidays apart. A nil location, a zero CalendarOption or an invalid
// option is an error wrapping [ErrInvalidCalendar].
func NewCalendar(loc *time.Location, opts ...CalendarOption) (*Calendar, error) {
	if loc == nil {
		return nil, fmt.Errorf("%w: nil location", ErrInvalidCalendar)
	}
	var s calendarSpec
	for i, o := range opts {
		if o.apply == nil {
			return nil, fmt.Errorf("%w: option %d is the zero CalendarOption", ErrInvalidCalendar, i)
		}
		if err := o.apply(&s); err != nil {
			return nil, err
		}
	}
	c := &Calendar{loc: loc, open247: !s.workdays}
	for d := range s.windows {
		c.windows[d] = mergeWindows(s.windows[d])
	}
	slices.Sort(s.holidays)
	c.holidays = slices.Compact(s.holidays)
	return c, nil
}

// mergeWindows sorts windows and merges those that overlap or touch.
func mergeWindows(ws []window) []window {
	if len(ws) == 0 {
		return nil
	}
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b window) int {
		switch {
		case a.open < b.open:
			return -1
		case a.open > b.open:
			return 1
		}
		return 0
	})
	out := ws[:1]
	for _, w := range ws[1:] {
		last := &out[len(out)-1]
		if w.open <= last.close {
			last.close = max(last.close, w.close)
			continue
		}
		out = append(out, w)
	}
	return slices.Clip(out)
}

// parseClock parses "HH:MM" into seconds after midnight; "24:00" only when
// endOfDay is allowed.
func parseClock(s string, endOfDay bool) (int64, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	digit := func(b byte) (int64, bool) { return int64(b - '0'), b >= '0' && b <= '9' }
	h1, ok1 := digit(s[0])
	h2, ok2 := digit(s[1])
	m1, ok3 := digit(s[3])
	m2, ok4 := digit(s[4])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	h, m := h1*10+h2, m1*10+m2
	switch {
	case m > 59:
		return 0, fmt.Errorf("%q: minute out of range", s)
	case h == 24 && m == 0 && endOfDay:
		return secondsPerDay, nil
	case h == 24 && m == 0:
		return 0, fmt.Errorf("%q: 24:00 is only valid as a closing time", s)
	case h > 23:
		return 0, fmt.Errorf("%q: hour out of range", s)
	}
	return h*3600 + m*60, nil
}

// parseDate parses "2006-01-02" strictly into a civil day number (days
// since 1970-01-01).
func parseDate(s string) (int64, error) {
	if len(s) != 10 {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return floorDiv(t.Unix(), secondsPerDay), nil
}

// Location returns the calendar's time zone; UTC for a nil Calendar.
func (c *Calendar) Location() *time.Location {
	if c == nil {
		return time.UTC
	}
	return c.loc
}

// RoundTheClock reports whether the calendar is open at every instant,
// so that business time equals calendar time: a nil Calendar, or one
// without workdays and holidays.
func (c *Calendar) RoundTheClock() bool {
	return c == nil || c.open247 && len(c.holidays) == 0
}

// instant is a point in time as Unix seconds and nanoseconds in [0, 1e9).
type instant struct {
	sec  int64
	nsec int64
}

func toInstant(t time.Time) instant { return instant{t.Unix(), int64(t.Nanosecond())} }

// sub returns a − b in nanoseconds, saturating.
func (a instant) sub(b instant) time.Duration {
	ds := a.sec - b.sec
	if ds > int64(maxDurationSeconds) {
		return time.Duration(maxInt64)
	}
	if ds < -int64(maxDurationSeconds) {
		return time.Duration(minInt64)
	}
	return time.Duration(ds)*time.Second + time.Duration(a.nsec-b.nsec)
}

const maxDurationSeconds = maxInt64/int64(time.Second) - 1

func (a instant) less(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

// Add returns the earliest instant by which d of business time has elapsed
// since start: start itself when d ≤ 0, and otherwise an instant inside or
// at the end of an opening window. Started outside opening hours, the
// clock starts at the next opening. The result is in start's location. The
// cost grows with the days spanned, not with d's minutes.
func (c *Calendar) Add(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start
	}
	if c.RoundTheClock() {
		return start.Add(d)
	}
	rem := d
	cur := toInstant(start)
	var result instant
	c.walk(cur.sec, func(a, b int64) bool {
		from := instant{a, 0}
		if from.less(cur) {
			from = cur
		}
		to := instant{b, 0}
		if !from.less(to) {
			return true
		}
		if l := to.sub(from); l < rem {
			rem -= l
			return true
		}
		result = from
		return false
	})
	return time.Unix(result.sec, result.nsec).Add(rem).In(start.Location())
}

// Between returns the business time in [from, to): zero when to is not
// after from. It saturates at the largest Duration, about 292 years.
func (c *Calendar) Between(from, to time.Time) time.Duration {
	if !from.Before(to) {
		return 0
	}
	if c.RoundTheClock() {
		return to.Sub(from)
	}
	f, t := toInstant(from), toInstant(to)
	var total time.Duration
	c.walk(f.sec, func(a, b int64) bool {
		lo, hi := instant{a, 0}, instant{b, 0}
		if lo.less(f) {
			lo = f
		}
		if t.less(hi) {
			hi = t
		}
		if lo.less(hi) {
			l := hi.sub(lo)
			if total > time.Duration(maxInt64)-l {
				total = time.Duration(maxInt64)
				return false
			}
			total += l
		}
		return instant{b, 0}.less(t)
	})
	return total
}

// walk calls yield with the opening intervals [a, b), in Unix seconds and
// in order, of every local day from the one containing Unix second from,
// until yield returns false. Pieces before from are passed too; callers
// clip them.
func (c *Calendar) walk(from int64, yield func(a, b int64) bool) {
	seg := c.segmentAt(from)
	day := floorDiv(from+seg.offset, secondsPerDay)
	// The previous local day can still be open at from when the offset
	// changed; start there to be exact.
	day--
	hi := 0
	for ; ; day++ {
		for hi < len(c.holidays) && c.holidays[hi] < day {
			hi++
		}
		if hi < len(c.holidays) && c.holidays[hi] == day {
			continue
		}
		ws := c.windows[weekday(day)]
		if c.open247 {
			ws = allDay[:]
		}
		base := day * secondsPerDay
		for _, w := range ws {
			if !c.pieces(base+w.open, base+w.close, &seg, yield) {
				return
			}
		}
	}
}

var allDay = [1]window{{0, secondsPerDay}}

// pieces yields the instants whose local time, in local seconds since the
// epoch, lies in [la, lb): one interval per zone period that overlaps it,
// so a DST change inside the window is exact. seg is a cursor that moves
// forward with the days.
func (c *Calendar) pieces(la, lb int64, seg *segment, yield func(a, b int64) bool) bool {
	// UTC offsets lie within ±26 h of each other, so only zone periods
	// within that slack of the window can map instants into it.
	const slack = 26 * 3600
	a, b := la-seg.offset, lb-seg.offset
	if a-slack >= seg.start && b+slack <= seg.end {
		return yield(a, b) // the common case: no change of offset nearby
	}
	t := la - slack
	for t < lb+slack {
		s := c.segmentAt(t)
		a, b := max(la-s.offset, s.start), min(lb-s.offset, s.end)
		if a < b && !yield(a, b) {
			return false
		}
		if s.end == maxInt64 {
			break
		}
		t = s.end
	}
	*seg = c.segmentAt(lb - seg.offset)
	return true
}

// segmentAt returns the zone period containing Unix second t.
func (c *Calendar) segmentAt(t int64) segment {
	tt := time.Unix(t, 0).In(c.loc)
	_, off := tt.Zone()
	s, e := tt.ZoneBounds()
	seg := segment{start: minInt64, end: maxInt64, offset: int64(off)}
	if !s.IsZero() {
		seg.start = s.Unix()
	}
	if !e.IsZero() {
		seg.end = e.Unix()
	}
	// Beyond the zone's last transition Go derives periods from the TZ
	// rule a year at a time, and in leap years ZoneBounds can end a period
	// a day early, at or before t itself (seen with Go 1.26 for
	// Europe/Copenhagen in 2040). Such bounds are arbitrary: no offset
	// changes there. Trust the offset at t and move on an hour at a time.
	if seg.start > t {
		seg.start = t
	}
	if seg.end <= t {
		seg.end = t + 3600
	}
	return seg
}

// weekday returns the weekday of civil day number d (1970-01-01 was a
// Thursday).
func weekday(d int64) time.Weekday {
	return time.Weekday(floorMod(d+4, 7))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
