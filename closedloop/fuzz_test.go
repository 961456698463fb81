package closedloop

import (
	"testing"
	"time"
)

// FuzzCalendar builds calendars from arbitrary option strings: invalid ones
// must be rejected with an error, never a panic, and valid ones must keep
// Add and Between consistent.
func FuzzCalendar(f *testing.F) {
	f.Add("08:00", "16:00", "2026-12-24", int64(0), int64(48*3600))
	f.Add("00:00", "24:00", "2026-03-29", int64(1774738800), int64(3600))
	f.Add("23:59", "24:00", "2024-02-29", int64(-1), int64(1))
	f.Add("8:00", "25:00", "2026-02-30", int64(0), int64(0))
	f.Fuzz(func(t *testing.T, open, close, holiday string, startSec, dSec int64) {
		loc, err := time.LoadLocation("Europe/Copenhagen")
		if err != nil {
			t.Skip(err)
		}
		c, err := NewCalendar(loc, Workday(time.Monday, open, close), Workday(time.Thursday, open, close), Holiday(holiday))
		if err != nil {
			if c != nil {
				t.Fatal("calendar returned with an error")
			}
			return
		}
		// Keep the search span modest: one window a week may be short.
		start := time.Unix(startSec%(200*365*86400), 0)
		d := time.Duration(dSec%(30*86400)) * time.Second
		end := c.Add(start, d)
		if d <= 0 {
			if !end.Equal(start) {
				t.Fatalf("Add(%v, %v) = %v, want start", start, d, end)
			}
			return
		}
		if got := c.Between(start, end); got != d {
			t.Fatalf("Between(start, Add(start, %v)) = %v", d, got)
		}
		if got := c.Between(start, end.Add(-time.Nanosecond)); got >= d {
			t.Fatalf("Add(%v, %v) = %v is not the earliest", start, d, end)
		}
	})
}
