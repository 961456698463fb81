package nps

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func periodZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	require.NoError(t, err)
	return loc
}

func TestGranularityText(t *testing.T) {
	for g := Daily; g <= Quarterly; g++ {
		b, err := g.MarshalText()
		require.NoError(t, err)
		var back Granularity
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, g, back)
	}
	assert.Equal(t, "monthly", Monthly.String())
	var g Granularity
	require.NoError(t, g.UnmarshalText([]byte("Weekly")))
	assert.Equal(t, Weekly, g)
	require.ErrorIs(t, g.UnmarshalText([]byte("yearly")), ErrInvalidArgument)
	_, err := Granularity(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, "Granularity(9)", Granularity(9).String())
}

func TestLoadZone(t *testing.T) {
	loc, err := LoadZone("Europe/Copenhagen")
	require.NoError(t, err)
	assert.Equal(t, "Europe/Copenhagen", loc.String())
	for _, name := range []string{"Europe/Atlantis", "", "Local", "../etc/passwd"} {
		_, err := LoadZone(name)
		require.ErrorIs(t, err, ErrInvalidZone, name)
	}
}

// Days are midnight to midnight on the wall clock, whatever their length,
// including zones whose clocks change at midnight (so time.Date alone gets
// the start wrong) and by half an hour.
func TestPeriodOfDSTDays(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		zone       string
		day        string // label, also a time of day inside it: noon
		start, end time.Time
		hours      float64
	}{
		{"Europe/Copenhagen", "2026-03-29", utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0), 23},
		{"Europe/Copenhagen", "2026-10-25", utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0), 25},
		{"Europe/Copenhagen", "2026-06-15", utc(2026, 6, 14, 22, 0), utc(2026, 6, 15, 22, 0), 24},
		{"America/New_York", "2026-03-08", utc(2026, 3, 8, 5, 0), utc(2026, 3, 9, 4, 0), 23},
		{"America/New_York", "2026-11-01", utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 5, 0), 25},
		// Clocks jump from 00:00 to 01:00: the day starts at 01:00 local.
		{"America/Havana", "2025-03-09", utc(2025, 3, 9, 5, 0), utc(2025, 3, 10, 4, 0), 23},
		// Clocks go back from 01:00 to 00:00: the day starts at the first midnight.
		{"America/Havana", "2025-11-02", utc(2025, 11, 2, 4, 0), utc(2025, 11, 3, 5, 0), 25},
		{"America/Sao_Paulo", "2018-11-04", utc(2018, 11, 4, 3, 0), utc(2018, 11, 5, 2, 0), 23},
		{"America/Sao_Paulo", "2019-02-16", utc(2019, 2, 16, 2, 0), utc(2019, 2, 17, 3, 0), 25},
		{"Australia/Lord_Howe", "2026-04-05", utc(2026, 4, 4, 13, 0), utc(2026, 4, 5, 13, 30), 24.5},
		{"Australia/Lord_Howe", "2026-10-04", utc(2026, 10, 3, 13, 30), utc(2026, 10, 4, 13, 0), 23.5},
		// Samoa skipped 2011-12-30: the 29th is followed by the 31st.
		{"Pacific/Apia", "2011-12-29", utc(2011, 12, 29, 10, 0), utc(2011, 12, 30, 10, 0), 24},
		{"Pacific/Apia", "2011-12-31", utc(2011, 12, 30, 10, 0), utc(2011, 12, 31, 10, 0), 24},
	}
	for _, tc := range tests {
		t.Run(tc.zone+" "+tc.day, func(t *testing.T) {
			loc := periodZone(t, tc.zone)
			for _, at := range []time.Time{tc.start, tc.end.Add(-time.Nanosecond), tc.start.Add(tc.end.Sub(tc.start) / 2)} {
				p, err := PeriodOf(at, Daily, loc)
				require.NoError(t, err)
				assert.True(t, p.Start.Equal(tc.start), "start %v, want %v", p.Start, tc.start)
				assert.True(t, p.End.Equal(tc.end), "end %v, want %v", p.End, tc.end)
				assert.Equal(t, tc.hours, p.End.Sub(p.Start).Hours())
				assert.Equal(t, tc.day, p.String())
				assert.Equal(t, loc, p.Start.Location())
				assert.True(t, p.Contains(at))
				assert.True(t, p.Next().Start.Equal(p.End))
			}
			p, err := ParsePeriod(tc.day, loc)
			require.NoError(t, err)
			assert.True(t, p.Start.Equal(tc.start) && p.End.Equal(tc.end), "ParsePeriod: %v–%v", p.Start, p.End)
		})
	}
	apia := periodZone(t, "Pacific/Apia")
	p, err := ParsePeriod("2011-12-29", apia)
	require.NoError(t, err)
	assert.Equal(t, "2011-12-31", p.Next().String())
	_, err = ParsePeriod("2011-12-30", apia)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestPeriodOfLabels(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, cph) }
	tests := []struct {
		name       string
		at         time.Time
		g          Granularity
		label      string
		start, end time.Time
	}{
		{"2026-01-01 is a Thursday: week 1 of 2026", d(2026, 1, 1), Weekly, "2026-W01", d(2025, 12, 29), d(2026, 1, 5)},
		{"2027-01-01 is a Friday: week 53 of 2026", d(2027, 1, 1).Add(13 * time.Hour), Weekly, "2026-W53", d(2026, 12, 28), d(2027, 1, 4)},
		{"Monday 2024-12-30 opens 2025-W01", d(2024, 12, 30), Weekly, "2025-W01", d(2024, 12, 30), d(2025, 1, 6)},
		{"Sunday 2021-01-03 closes 2020-W53", d(2021, 1, 4).Add(-time.Nanosecond), Weekly, "2020-W53", d(2020, 12, 28), d(2021, 1, 4)},
		{"week across spring forward", d(2026, 3, 29), Weekly, "2026-W13", d(2026, 3, 23), d(2026, 3, 30)},
		{"February of a leap year", d(2024, 2, 29), Monthly, "2024-02", d(2024, 2, 1), d(2024, 3, 1)},
		{"last instant of January", d(2026, 2, 1).Add(-time.Nanosecond), Monthly, "2026-01", d(2026, 1, 1), d(2026, 2, 1)},
		{"December to January", d(2026, 12, 31), Monthly, "2026-12", d(2026, 12, 1), d(2027, 1, 1)},
		{"last instant of Q1", d(2026, 4, 1).Add(-time.Nanosecond), Quarterly, "2026-Q1", d(2026, 1, 1), d(2026, 4, 1)},
		{"first instant of Q2", d(2026, 4, 1), Quarterly, "2026-Q2", d(2026, 4, 1), d(2026, 7, 1)},
		{"Q4 ends with the year", d(2026, 11, 15), Quarterly, "2026-Q4", d(2026, 10, 1), d(2027, 1, 1)},
		// 23:30 UTC is 00:30 or 01:30 the next day in Copenhagen.
		{"23:30 UTC is the next day in Copenhagen", time.Date(2026, 6, 14, 23, 30, 0, 0, time.UTC), Daily, "2026-06-15", d(2026, 6, 15), d(2026, 6, 16)},
		{"23:30 UTC on the 31st is the next month", time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC), Monthly, "2026-02", d(2026, 2, 1), d(2026, 3, 1)},
		{"first and last years", time.Date(1, 1, 1, 12, 0, 0, 0, cph), Weekly, "0001-W01", d(1, 1, 1), d(1, 1, 8)},
		{"year 9999", d(9999, 12, 31), Quarterly, "9999-Q4", d(9999, 10, 1), d(10000, 1, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PeriodOf(tc.at, tc.g, cph)
			require.NoError(t, err)
			assert.Equal(t, tc.label, p.String())
			assert.Equal(t, tc.g, p.Granularity)
			assert.True(t, p.Start.Equal(tc.start), "start %v, want %v", p.Start, tc.start)
			assert.True(t, p.End.Equal(tc.end), "end %v, want %v", p.End, tc.end)
			back, err := ParsePeriod(tc.label, cph)
			require.NoError(t, err)
			assert.True(t, back.Start.Equal(p.Start) && back.End.Equal(p.End) && back.Granularity == p.Granularity)
		})
	}
	p, err := PeriodOf(time.Date(2026, 6, 14, 23, 30, 0, 0, time.UTC), Daily, time.UTC)
	require.NoError(t, err)
	assert.Equal(t, "2026-06-14", p.String())
}

// Every instant of a year, every 43 minutes, falls in the period that
// plain wall-clock formatting names, in zones with ordinary, midnight and
// half-hour clock changes.
func TestPeriodOfAgainstWallClock(t *testing.T) {
	zones := []struct {
		name string
		year int
	}{
		{"Europe/Copenhagen", 2026}, {"America/New_York", 2026}, {"Australia/Lord_Howe", 2026},
		{"America/Havana", 2025}, {"America/Sao_Paulo", 2018}, {"Asia/Kathmandu", 2026}, {"UTC", 2026},
	}
	for _, z := range zones {
		t.Run(z.name, func(t *testing.T) {
			loc := periodZone(t, z.name)
			end := time.Date(z.year+1, 1, 2, 0, 0, 0, 0, loc)
			for at := time.Date(z.year, 1, 1, 0, 0, 0, 0, loc).Add(-7 * time.Minute); at.Before(end); at = at.Add(43 * time.Minute) {
				local := at.In(loc)
				y, w := local.ISOWeek()
				want := map[Granularity]string{
					Daily:     local.Format("2006-01-02"),
					Weekly:    fmt.Sprintf("%04d-W%02d", y, w),
					Monthly:   local.Format("2006-01"),
					Quarterly: fmt.Sprintf("%04d-Q%d", local.Year(), (int(local.Month())+2)/3),
				}
				for g, label := range want {
					p, err := PeriodOf(at, g, loc)
					require.NoError(t, err)
					if p.String() != label || !p.Contains(at) {
						t.Fatalf("PeriodOf(%v, %v) = %v [%v, %v), want %s", local, g, p, p.Start, p.End, label)
					}
				}
			}
		})
	}
}

func TestPeriodOfErrors(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	_, err := PeriodOf(at, Daily, nil)
	require.ErrorIs(t, err, ErrInvalidZone)
	_, err = PeriodOf(time.Time{}, Daily, time.UTC)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = PeriodOf(at, 0, time.UTC)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = PeriodOf(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Daily, time.UTC)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = PeriodOf(time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), Daily, time.UTC)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestPeriods(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, cph) }

	ps, err := Periods(d(2026, 3, 1), d(2026, 4, 1), Daily, cph)
	require.NoError(t, err)
	require.Len(t, ps, 31)
	var total time.Duration
	for i, p := range ps {
		total += p.End.Sub(p.Start)
		assert.Equal(t, fmt.Sprintf("2026-03-%02d", i+1), p.String())
		if i > 0 {
			assert.True(t, p.Start.Equal(ps[i-1].End))
		}
	}
	assert.Equal(t, 31*24*time.Hour-time.Hour, total)

	tests := []struct {
		name     string
		from, to time.Time
		g        Granularity
		labels   []string
	}{
		{"partial periods at both ends", d(2026, 1, 15), d(2026, 3, 1).Add(time.Second), Monthly, []string{"2026-01", "2026-02", "2026-03"}},
		{"to on a boundary is excluded", d(2026, 1, 15), d(2026, 3, 1), Monthly, []string{"2026-01", "2026-02"}},
		{"within one period", d(2026, 2, 3), d(2026, 2, 4), Quarterly, []string{"2026-Q1"}},
		{"weeks across the year", d(2026, 12, 24), d(2027, 1, 5), Weekly, []string{"2026-W52", "2026-W53", "2027-W01"}},
		{"empty range", d(2026, 2, 3), d(2026, 2, 3), Daily, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := Periods(tc.from, tc.to, tc.g, cph)
			require.NoError(t, err)
			var labels []string
			for _, p := range ps {
				labels = append(labels, p.String())
			}
			assert.Equal(t, tc.labels, labels)
		})
	}

	errs := []struct {
		name     string
		from, to time.Time
		g        Granularity
		loc      *time.Location
		want     error
	}{
		{"nil zone", d(2026, 1, 1), d(2026, 2, 1), Daily, nil, ErrInvalidZone},
		{"from after to", d(2026, 2, 1), d(2026, 1, 1), Daily, cph, ErrInvalidArgument},
		{"zero from", time.Time{}, d(2026, 1, 1), Daily, cph, ErrInvalidArgument},
		{"zero to", d(2026, 1, 1), time.Time{}, Daily, cph, ErrInvalidArgument},
		{"invalid granularity", d(2026, 1, 1), d(2026, 2, 1), 7, cph, ErrInvalidArgument},
		{"too many", d(1800, 1, 1), d(2200, 1, 1), Daily, cph, ErrInvalidArgument},
		{"beyond year 9999", d(9999, 1, 1), d(10001, 1, 1), Monthly, cph, ErrInvalidArgument},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := Periods(tc.from, tc.to, tc.g, tc.loc)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, ps)
		})
	}
	ps, err = Periods(d(1800, 1, 1), d(2200, 1, 1), Quarterly, cph)
	require.NoError(t, err)
	assert.Len(t, ps, 1600)
}

func TestParsePeriod(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	good := map[string]Granularity{
		"2026-03-29": Daily, "2024-02-29": Daily, "2026-W05": Weekly, "2026-W53": Weekly, "2020-W53": Weekly,
		"2026-03": Monthly, "2026-Q4": Quarterly, "0001-01-01": Daily, "9999-12": Monthly,
	}
	for s, g := range good {
		p, err := ParsePeriod(s, cph)
		require.NoError(t, err, s)
		assert.Equal(t, g, p.Granularity, s)
		assert.Equal(t, s, p.String())
		q, err := PeriodOf(p.Start, g, cph)
		require.NoError(t, err)
		assert.Equal(t, p, q, s)
	}
	for _, s := range []string{
		"", "2026", "2026-13", "2026-00", "2026-02-30", "2025-02-29", "2026-W54", "2025-W53", "2026-W00",
		"2026-W5", "2026-Q0", "2026-Q5", "26-01-01", "2026-1-01", "2026/01/01", "0000-01", "+026-01",
		"2026-01-01T00:00", "2026-0x", "2026-W+5", "２０２６-01",
	} {
		_, err := ParsePeriod(s, cph)
		require.ErrorIs(t, err, ErrInvalidArgument, s)
	}
	_, err := ParsePeriod("2026-01", nil)
	require.ErrorIs(t, err, ErrInvalidZone)
}

func TestPeriodZeroAndJSON(t *testing.T) {
	var zero Period
	assert.Equal(t, Period{}, zero.Next())
	assert.Equal(t, "invalid period", zero.String())
	assert.False(t, zero.Contains(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))

	cph := periodZone(t, "Europe/Copenhagen")
	p, err := ParsePeriod("2026-W13", cph)
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"start":"2026-03-23T00:00:00+01:00","end":"2026-03-30T00:00:00+02:00","granularity":"weekly"}`, string(b))
	var back Period
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Start.Equal(p.Start) && back.End.Equal(p.End))
	assert.Equal(t, p.String(), back.String())
	again, err := PeriodOf(back.Start, back.Granularity, cph)
	require.NoError(t, err)
	assert.Equal(t, p, again)
}

var periodFuzzZones = []string{"UTC", "Europe/Copenhagen", "America/New_York", "Pacific/Apia", "America/Havana", "Australia/Lord_Howe", "Asia/Kathmandu"}

// PeriodOf must hold its invariants for any instant in any zone: no panic,
// Start ≤ t < End, consecutive periods, labels that read back.
func FuzzPeriodOf(f *testing.F) {
	locs := make([]*time.Location, len(periodFuzzZones))
	for i, name := range periodFuzzZones {
		locs[i] = periodZone(f, name)
	}
	for _, s := range []int64{0, 1774746000, 1792890000, 1798761600, 1325239200, -62135596800, 253402300799, 1 << 40, -1 << 62} {
		for g := range uint8(6) {
			f.Add(s, g, uint8(s%7+7)%7)
		}
	}
	f.Add(int64(-62135596726), uint8(Daily), uint8(0)) // a day starting at the zero time.Time
	f.Fuzz(func(t *testing.T, sec int64, g uint8, z uint8) {
		loc := locs[int(z)%len(locs)]
		at := time.Unix(sec, 0)
		if _, err := PeriodOf(at, Granularity(g), loc); err != nil && !errors.Is(err, ErrInvalidArgument) {
			t.Fatalf("PeriodOf(%v, %d, %v): error %v does not wrap ErrInvalidArgument", at, g, loc, err)
		}
		// Fold the instant into years 1–9999 so most inputs test the periods.
		const lo, hi = -62135596800 + 86400, 253402300799 - 86400
		at = time.Unix(lo+((sec%(hi-lo))+(hi-lo))%(hi-lo), 0)
		p, err := PeriodOf(at, Granularity(g), loc)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) || Granularity(g).Valid() {
				t.Fatalf("PeriodOf(%v, %d, %v): %v", at, g, loc, err)
			}
			return
		}
		if !p.Start.Before(p.End) || !p.Contains(at) {
			t.Fatalf("PeriodOf(%v, %v, %v) = [%v, %v): does not contain it", at, Granularity(g), loc, p.Start, p.End)
		}
		next := p.Next()
		if !next.Start.Equal(p.End) || !next.Start.Before(next.End) || next.String() == p.String() {
			t.Fatalf("%v [%v, %v) is followed by %v [%v, %v)", p, p.Start, p.End, next, next.Start, next.End)
		}
		back, err := ParsePeriod(p.String(), loc)
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q) = %v, %v; want %+v", p.String(), back, err, p)
		}
		if q := periodOf(p.Start.Add(-time.Nanosecond), p.Granularity, loc); !q.End.Equal(p.Start) {
			t.Fatalf("the period before %v ends at %v, not at its start", p, q.End)
		}
	})
}
