package closedloop

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	tt, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return tt
}

func officeHours(t testing.TB, loc *time.Location, extra ...CalendarOption) *Calendar {
	t.Helper()
	var opts []CalendarOption
	for d := time.Monday; d <= time.Friday; d++ {
		opts = append(opts, Workday(d, "08:00", "16:00"))
	}
	c, err := NewCalendar(loc, append(opts, extra...)...)
	require.NoError(t, err)
	return c
}

func TestCalendarAdd(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	c := officeHours(t, cph, Holiday("2026-12-24"), Holiday("2026-12-25"), Holiday("2026-12-31"))
	tests := []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"within a day", "2026-11-23 09:00", 2 * time.Hour, "2026-11-23 11:00"},
		{"ends at closing, not next opening", "2026-11-23 08:00", 8 * time.Hour, "2026-11-23 16:00"},
		{"into the next day", "2026-11-23 15:00", 2 * time.Hour, "2026-11-24 09:00"},
		{"before opening", "2026-11-23 06:30", time.Hour, "2026-11-23 09:00"},
		{"after closing", "2026-11-23 18:00", time.Hour, "2026-11-24 09:00"},
		{"over the weekend", "2026-11-27 15:00", 2 * time.Hour, "2026-11-30 09:00"},
		{"from Saturday", "2026-11-28 12:00", 30 * time.Minute, "2026-11-30 08:30"},
		{"48 business hours is six days", "2026-11-23 08:00", 48 * time.Hour, "2026-11-30 16:00"},
		{"24 business hours", "2026-11-25 13:00", 24 * time.Hour, "2026-11-30 13:00"},
		{"over Christmas", "2026-12-23 12:00", 8 * time.Hour, "2026-12-28 12:00"},
		{"over New Year", "2026-12-30 15:00", 2 * time.Hour, "2027-01-01 09:00"},
		{"zero", "2026-11-28 12:00", 0, "2026-11-28 12:00"},
		{"negative", "2026-11-28 12:00", -time.Hour, "2026-11-28 12:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := at(t, cph, tt.start)
			got := c.Add(start, tt.d)
			assert.True(t, got.Equal(at(t, cph, tt.want)), "got %v", got)
			assert.Equal(t, start.Location(), got.Location())
			if tt.d > 0 {
				assert.Equal(t, tt.d, c.Between(start, got))
			}
		})
	}
}

func TestCalendarBetween(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	c := officeHours(t, cph, Holiday("2026-12-24"))
	tests := []struct {
		name, from, to string
		want           time.Duration
	}{
		{"one day", "2026-11-23 00:00", "2026-11-24 00:00", 8 * time.Hour},
		{"a week", "2026-11-23 00:00", "2026-11-30 00:00", 40 * time.Hour},
		{"half open", "2026-11-23 08:00", "2026-11-23 16:00", 8 * time.Hour},
		{"inside", "2026-11-23 09:15", "2026-11-23 10:00", 45 * time.Minute},
		{"weekend", "2026-11-28 00:00", "2026-11-30 00:00", 0},
		{"holiday", "2026-12-24 00:00", "2026-12-25 00:00", 0},
		{"reversed", "2026-11-24 00:00", "2026-11-23 00:00", 0},
		{"empty", "2026-11-23 09:00", "2026-11-23 09:00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, c.Between(at(t, cph, tt.from), at(t, cph, tt.to)))
		})
	}
}

func TestCalendarSplitDay(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	c, err := NewCalendar(cph,
		Workday(time.Monday, "08:00", "12:00"), Workday(time.Monday, "12:30", "16:00"),
		Workday(time.Tuesday, "10:00", "12:00"), Workday(time.Tuesday, "11:00", "14:00"), // overlap merges
		Workday(time.Wednesday, "08:00", "10:00"), Workday(time.Wednesday, "10:00", "11:00"), // touching
	)
	require.NoError(t, err)
	mon := at(t, cph, "2026-11-23 00:00")
	assert.Equal(t, 7*time.Hour+30*time.Minute, c.Between(mon, mon.AddDate(0, 0, 1)))
	assert.Equal(t, 4*time.Hour, c.Between(mon.AddDate(0, 0, 1), mon.AddDate(0, 0, 2)))
	assert.Equal(t, 3*time.Hour, c.Between(mon.AddDate(0, 0, 2), mon.AddDate(0, 0, 3)))
	// The lunch break is skipped.
	assert.True(t, c.Add(at(t, cph, "2026-11-23 11:00"), 90*time.Minute).Equal(at(t, cph, "2026-11-23 13:00")))
	// Ending exactly at the break ends there.
	assert.True(t, c.Add(at(t, cph, "2026-11-23 11:00"), time.Hour).Equal(at(t, cph, "2026-11-23 12:00")))
}

// TestCalendarDST checks days and windows that a clock change shortens or
// lengthens, in zones that change at 02:00, at midnight and by half an
// hour.
func TestCalendarDST(t *testing.T) {
	allWeek := func(open, close string) []CalendarOption {
		var o []CalendarOption
		for d := time.Sunday; d <= time.Saturday; d++ {
			o = append(o, Workday(d, open, close))
		}
		return o
	}
	tests := []struct {
		zone, day   string
		open, close string
		want        time.Duration
	}{
		{"Europe/Copenhagen", "2026-03-29", "00:00", "24:00", 23 * time.Hour},
		{"Europe/Copenhagen", "2026-10-25", "00:00", "24:00", 25 * time.Hour},
		{"Europe/Copenhagen", "2026-03-29", "01:00", "04:00", 2 * time.Hour},
		{"Europe/Copenhagen", "2026-10-25", "01:00", "04:00", 4 * time.Hour},
		{"Europe/Copenhagen", "2026-10-25", "02:15", "02:45", time.Hour},        // lived twice
		{"Europe/Copenhagen", "2026-03-29", "02:15", "02:45", 0},                // never lived
		{"Europe/Copenhagen", "2026-03-29", "02:30", "03:30", 30 * time.Minute}, // half skipped
		{"Europe/Copenhagen", "2026-10-25", "02:30", "05:00", 3 * time.Hour},    // 02:30–03:00 twice
		{"America/New_York", "2026-03-08", "00:00", "24:00", 23 * time.Hour},    // 02:00 → 03:00
		{"America/New_York", "2026-11-01", "00:00", "24:00", 25 * time.Hour},    // 02:00 → 01:00
		{"America/New_York", "2026-11-01", "08:00", "16:00", 8 * time.Hour},     // untouched window
		{"Australia/Lord_Howe", "2026-04-05", "00:00", "24:00", 24*time.Hour + 30*time.Minute},
		{"Australia/Lord_Howe", "2026-10-04", "00:00", "24:00", 23*time.Hour + 30*time.Minute},
		{"Australia/Lord_Howe", "2026-10-04", "01:00", "03:00", 90 * time.Minute},
		{"America/Havana", "2026-03-08", "00:00", "24:00", 23 * time.Hour}, // midnight → 01:00
		{"America/Havana", "2026-03-08", "00:00", "01:00", 0},
		{"America/Havana", "2026-11-01", "00:00", "24:00", 25 * time.Hour},
		{"Asia/Kolkata", "2026-03-29", "00:00", "24:00", 24 * time.Hour},
		{"UTC", "2026-03-29", "09:00", "17:00", 8 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s-%s", tt.zone, tt.day, tt.open, tt.close), func(t *testing.T) {
			loc := zone(t, tt.zone)
			c, err := NewCalendar(loc, allWeek(tt.open, tt.close)...)
			require.NoError(t, err)
			d, err := time.Parse(time.DateOnly, tt.day)
			require.NoError(t, err)
			from, to := dayStart(t, loc, tt.day), dayStart(t, loc, d.AddDate(0, 0, 1).Format(time.DateOnly))
			assert.Equal(t, tt.want, c.Between(from, to))
			assert.Equal(t, tt.want, bruteBetween(c, from, to))
			if tt.want > 0 {
				end := c.Add(from, tt.want)
				assert.Equal(t, tt.want, c.Between(from, end))
				assert.False(t, end.After(to))
			}
		})
	}
}

// dayStart returns the first instant of the local day, found by stepping
// through minutes (local midnight may not exist).
func dayStart(t testing.TB, loc *time.Location, day string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	require.NoError(t, err)
	for m := d.Add(-16 * time.Hour); m.Before(d.Add(16 * time.Hour)); m = m.Add(time.Minute) {
		if m.In(loc).Format(time.DateOnly) == day {
			return m
		}
	}
	t.Fatalf("no instant on %s in %s", day, loc)
	return time.Time{}
}

// bruteBetween counts business minutes by stepping through every minute:
// the definition, checked independently of the implementation. from and to
// must be whole minutes.
func bruteBetween(c *Calendar, from, to time.Time) time.Duration {
	var n time.Duration
	for m := from; m.Before(to); m = m.Add(time.Minute) {
		if bruteOpen(c, m) {
			n += time.Minute
		}
	}
	return n
}

func bruteOpen(c *Calendar, m time.Time) bool {
	if c == nil {
		return true
	}
	l := m.In(c.loc)
	y, mo, d := l.Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
	if slices.Contains(c.holidays, day) {
		return false
	}
	if c.open247 {
		return true
	}
	sec := int64(l.Hour()*3600 + l.Minute()*60 + l.Second())
	for _, w := range c.windows[l.Weekday()] {
		if sec >= w.open && sec < w.close {
			return true
		}
	}
	return false
}

// TestCalendarAgainstBruteForce compares Between and Add with minute
// counting on random calendars, zones and spans, DST changes included.
func TestCalendarAgainstBruteForce(t *testing.T) {
	zones := []string{"Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe",
		"America/Havana", "America/Santiago", "Pacific/Apia", "Asia/Tehran", "UTC"}
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 200 {
		loc := zone(t, zones[i%len(zones)])
		c := randomCalendar(t, rng, loc)
		from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(2*365*24*60)) * time.Minute)
		if i%2 == 0 {
			// Start shortly before the zone's next clock change.
			if _, end := from.In(loc).ZoneBounds(); !end.IsZero() {
				from = end.Add(-time.Duration(rng.IntN(48*60)) * time.Minute).Truncate(time.Minute)
			}
		}
		to := from.Add(time.Duration(rng.IntN(9*24*60)) * time.Minute)
		want := bruteBetween(c, from, to)
		require.Equal(t, want, c.Between(from, to), "case %d %v %v..%v", i, loc, from, to)
		if want > 0 {
			d := time.Duration(1+rng.IntN(int(want/time.Minute))) * time.Minute
			end := c.Add(from, d)
			require.Equal(t, d, c.Between(from, end), "case %d", i)
			require.Less(t, c.Between(from, end.Add(-time.Nanosecond)), d, "case %d: not the earliest", i)
		}
	}
}

func randomCalendar(t testing.TB, rng *rand.Rand, loc *time.Location) *Calendar {
	t.Helper()
	var opts []CalendarOption
	if rng.IntN(6) != 0 {
		for d := time.Sunday; d <= time.Saturday; d++ {
			for range rng.IntN(3) {
				o := rng.IntN(24 * 4)
				cl := o + 1 + rng.IntN(min(24*4-o, 12))
				opts = append(opts, Workday(d, clock(o*15), clock(cl*15)))
			}
		}
	}
	for range rng.IntN(8) {
		day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(800))
		opts = append(opts, Holiday(day.Format(time.DateOnly)))
	}
	c, err := NewCalendar(loc, opts...)
	require.NoError(t, err)
	return c
}

func clock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

func TestCalendarSubSecond(t *testing.T) {
	c := officeHours(t, time.UTC)
	start := time.Date(2026, 11, 23, 15, 59, 59, 500_000_000, time.UTC)
	got := c.Add(start, time.Second)
	assert.True(t, got.Equal(time.Date(2026, 11, 24, 8, 0, 0, 500_000_000, time.UTC)), "%v", got)
	assert.Equal(t, time.Second, c.Between(start, got))
	assert.Equal(t, 500*time.Millisecond, c.Between(start, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)))
}

func TestCalendarRoundTheClock(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	var nilCal *Calendar
	start := at(t, cph, "2026-03-28 12:00")
	for _, c := range []*Calendar{nilCal, mustCalendar(t, cph)} {
		assert.True(t, c.RoundTheClock())
		assert.True(t, c.Add(start, 48*time.Hour).Equal(start.Add(48*time.Hour)))
		assert.Equal(t, 47*time.Hour, c.Between(start, at(t, cph, "2026-03-30 12:00")), "DST night")
	}
	assert.Equal(t, time.UTC, nilCal.Location())
	// Calendar hours with holidays: closed on the holiday only.
	h := mustCalendar(t, cph, Holiday("2026-12-24"))
	assert.False(t, h.RoundTheClock())
	assert.Equal(t, 48*time.Hour, h.Between(at(t, cph, "2026-12-23 00:00"), at(t, cph, "2026-12-26 00:00")))
	assert.True(t, h.Add(at(t, cph, "2026-12-23 12:00"), 24*time.Hour).Equal(at(t, cph, "2026-12-25 12:00")))
	assert.Equal(t, cph, h.Location())
}

func mustCalendar(t testing.TB, loc *time.Location, opts ...CalendarOption) *Calendar {
	t.Helper()
	c, err := NewCalendar(loc, opts...)
	require.NoError(t, err)
	return c
}

func TestCalendarLongSpans(t *testing.T) {
	c := officeHours(t, zone(t, "Europe/Copenhagen"), Holiday("2027-01-01"))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := c.Add(start, 10_000*time.Hour) // 1250 working days
	assert.Equal(t, 10_000*time.Hour, c.Between(start, end))
	// The longest duration stays finite and does not overflow.
	far := c.Between(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Positive(t, far)
	assert.Equal(t, time.Duration(1<<63-1), mustCalendar(t, time.UTC).Between(
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)))
}

func TestNewCalendarErrors(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	tests := []struct {
		name string
		loc  *time.Location
		opts []CalendarOption
	}{
		{"nil location", nil, nil},
		{"zero option", cph, []CalendarOption{{}}},
		{"short clock", cph, []CalendarOption{Workday(time.Monday, "8:00", "16:00")}},
		{"hour out of range", cph, []CalendarOption{Workday(time.Monday, "08:00", "25:00")}},
		{"minute out of range", cph, []CalendarOption{Workday(time.Monday, "08:60", "16:00")}},
		{"24:00 opening", cph, []CalendarOption{Workday(time.Monday, "24:00", "24:00")}},
		{"24:30", cph, []CalendarOption{Workday(time.Monday, "08:00", "24:30")}},
		{"letters", cph, []CalendarOption{Workday(time.Monday, "ab:cd", "16:00")}},
		{"seconds", cph, []CalendarOption{Workday(time.Monday, "08:00:00", "16:00")}},
		{"sign", cph, []CalendarOption{Workday(time.Monday, "-1:00", "16:00")}},
		{"close before open", cph, []CalendarOption{Workday(time.Monday, "16:00", "08:00")}},
		{"empty window", cph, []CalendarOption{Workday(time.Monday, "08:00", "08:00")}},
		{"bad weekday", cph, []CalendarOption{Workday(time.Weekday(7), "08:00", "16:00")}},
		{"negative weekday", cph, []CalendarOption{Workday(time.Weekday(-1), "08:00", "16:00")}},
		{"invalid date", cph, []CalendarOption{Holiday("2026-02-30")}},
		{"unpadded date", cph, []CalendarOption{Holiday("2026-2-3")}},
		{"not a date", cph, []CalendarOption{Holiday("Christmas")}},
		{"date with time", cph, []CalendarOption{Holiday("2026-12-24T00:00")}},
		{"empty date", cph, []CalendarOption{Holiday("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCalendar(tt.loc, tt.opts...)
			require.ErrorIs(t, err, ErrInvalidCalendar)
			assert.Nil(t, c)
		})
	}
}

func BenchmarkCalendarAdd(b *testing.B) {
	cph := zone(b, "Europe/Copenhagen")
	var hol []CalendarOption
	for _, d := range []string{"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06",
		"2026-05-14", "2026-05-24", "2026-05-25", "2026-06-05", "2026-12-24", "2026-12-25",
		"2026-12-26", "2026-12-31", "2027-01-01", "2027-03-25", "2027-03-26", "2027-03-29"} {
		hol = append(hol, Holiday(d))
	}
	c := officeHours(b, cph, hol...)
	for _, bc := range []struct {
		name  string
		start time.Time
	}{
		{"weekday", time.Date(2026, 11, 24, 10, 30, 0, 0, cph)},
		{"christmas", time.Date(2026, 12, 22, 15, 0, 0, 0, cph)},
		{"dst", time.Date(2026, 10, 22, 9, 0, 0, 0, cph)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Add(bc.start, 48*time.Hour)
			}
		})
	}
}

func BenchmarkCalendarBetween(b *testing.B) {
	cph := zone(b, "Europe/Copenhagen")
	c := officeHours(b, cph, Holiday("2026-12-24"), Holiday("2026-12-25"))
	from, to := time.Date(2026, 11, 24, 10, 30, 0, 0, cph), time.Date(2026, 12, 29, 11, 0, 0, 0, cph)
	b.ReportAllocs()
	for b.Loop() {
		c.Between(from, to)
	}
}
