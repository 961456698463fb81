package closedloop

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzContactDecide decides on arbitrary rules, histories and instants: an
// error must wrap a sentinel and come with the zero decision; a decision
// must keep its invariants (every rule reported, Allowed exactly when no
// rule blocks, NotBefore the end of the latest blocking time rule and the
// earliest instant they are all kept).
func FuzzContactDecide(f *testing.F) {
	const d = int64(24 * time.Hour)
	f.Add(int64(1795428000), -400*d, -30*d, -10*d, int64(0), 14*d, 7*d, 30*d, uint8(0), false, false)
	f.Add(int64(1795428000), -10*d, -100*d, -1*d, 60*d, 120*d, 14*d, 30*d, uint8(15), false, true)
	f.Add(int64(1795428000), 5*d, int64(0), int64(-time.Nanosecond), int64(1), int64(1), int64(1), int64(1), uint8(31), true, true)
	f.Add(int64(253402300799), int64(-1), int64(-1), int64(-1), int64(1<<63-1), int64(1<<63-1), int64(1<<63-1), int64(1<<63-1), uint8(12), false, false)
	f.Add(int64(-1<<63), int64(1<<63-1), int64(-1<<63), int64(1), int64(-1), int64(0), int64(-5), int64(-1), uint8(255), true, false)
	f.Fuzz(func(t *testing.T, nowSec, sinceOff, invitedOff, respondedOff, minGap, listGap, surveyGap, delay int64, sel uint8, optOut, openCase bool) {
		if sel&32 == 0 { // mostly instants in range, from 1970 on
			if nowSec < 0 {
				nowSec = -(nowSec + 1)
			}
			nowSec = nowSec%(8000*365*86400) + 1
		}
		now := time.Unix(nowSec, 0).UTC()
		at := func(off int64) time.Time {
			if off == 0 {
				return time.Time{}
			}
			return now.Add(time.Duration(off))
		}
		rules := ContactRules{MinGap: time.Duration(minGap), NewCustomerDelay: time.Duration(delay)}
		if sel&1 != 0 {
			rules.ListGaps = map[string]time.Duration{"l": time.Duration(listGap)}
		}
		if sel&2 != 0 {
			rules.SurveyGaps = map[string]time.Duration{"s": time.Duration(surveyGap)}
		}
		var scope SurveyScope
		if sel&4 != 0 {
			scope.List = "l"
		}
		if sel&8 != 0 {
			scope.Survey = "s"
		}
		h := ContactHistory{
			CustomerSince: at(sinceOff),
			OptedOut:      optOut,
			LastInvited:   at(invitedOff),
			LastResponded: at(respondedOff),
			OpenCase:      openCase,
		}
		if sel&16 != 0 {
			h.OptedOutAt = at(-d)
		}

		dec, err := rules.Decide(now, h, scope)
		if err != nil {
			if rules.Validate() != nil && !errors.Is(err, ErrInvalidContactRules) ||
				rules.Validate() == nil && !errors.Is(err, ErrInvalidContactHistory) {
				t.Fatalf("error wraps no sentinel, or the wrong one: %v", err)
			}
			if dec.Allowed || dec.Reasons != nil || !dec.NotBefore.IsZero() {
				t.Fatalf("decision %+v with error %v", dec, err)
			}
			return
		}

		wantGap, wantLevel := DefaultContactGap, GapDefault
		switch {
		case sel&2 != 0 && sel&8 != 0:
			wantGap, wantLevel = time.Duration(surveyGap), GapSurvey
		case sel&1 != 0 && sel&4 != 0:
			wantGap, wantLevel = time.Duration(listGap), GapList
		case minGap != 0:
			wantGap, wantLevel = time.Duration(minGap), GapGlobal
		}
		if dec.Gap != wantGap || dec.GapLevel != wantLevel || dec.Gap <= 0 {
			t.Fatalf("gap %v from %s, want %v from %s", dec.Gap, dec.GapLevel, wantGap, wantLevel)
		}

		checks := [...]ContactCheck{CheckOptOut, CheckOpenCase, CheckNewCustomer, CheckInvitationGap, CheckResponseGap}
		if len(dec.Reasons) != len(checks) {
			t.Fatalf("%d reasons: %s", len(dec.Reasons), dec)
		}
		var latest time.Time
		blocked := false
		for i, r := range dec.Reasons {
			if r.Check != checks[i] || r.Detail == "" {
				t.Fatalf("reason %d is %+v", i, r)
			}
			timed := i >= 2
			switch {
			case r.Blocks && timed:
				if !r.Until.After(now) {
					t.Fatalf("%s blocks until %v, not after now %v", r.Check, r.Until, now)
				}
				if r.Until.After(latest) {
					latest = r.Until
				}
			case !r.Until.IsZero():
				t.Fatalf("%s (blocks %t) has Until %v", r.Check, r.Blocks, r.Until)
			}
			blocked = blocked || r.Blocks
		}
		if dec.Allowed == blocked {
			t.Fatalf("Allowed %t with blocking reasons %v: %s", dec.Allowed, blocking(dec), dec)
		}
		if dec.BlockedBy(CheckOptOut) != optOut || dec.BlockedBy(CheckOpenCase) != openCase {
			t.Fatalf("opt-out %t, open case %t: %s", optOut, openCase, dec)
		}
		switch {
		case dec.Allowed || optOut:
			if !dec.NotBefore.IsZero() {
				t.Fatalf("NotBefore %v: %s", dec.NotBefore, dec)
			}
		case !dec.NotBefore.Equal(latest):
			t.Fatalf("NotBefore %v, latest blocking end %v", dec.NotBefore, latest)
		}
		prefix := "allowed:"
		switch {
		case optOut:
			prefix = "never:"
		case openCase:
			prefix = "blocked:"
		case !dec.Allowed:
			prefix = "not before "
		}
		if s := dec.String(); !strings.HasPrefix(s, prefix) {
			t.Fatalf("String() = %q, want prefix %q", s, prefix)
		}

		// Blocked by time rules only: NotBefore is the earliest instant
		// at which they are all kept.
		if dec.Allowed || optOut || openCase || dec.NotBefore.After(maxContactTime) {
			return
		}
		if !dec.NotBefore.After(now) {
			t.Fatalf("NotBefore %v is not after now %v", dec.NotBefore, now)
		}
		then, err := rules.Decide(dec.NotBefore, h, scope)
		if err != nil || !then.Allowed {
			t.Fatalf("at NotBefore %v: %s, %v", dec.NotBefore, then, err)
		}
		just, err := rules.Decide(dec.NotBefore.Add(-time.Nanosecond), h, scope)
		if err != nil || just.Allowed {
			t.Fatalf("just before NotBefore %v: %s, %v", dec.NotBefore, just, err)
		}
	})
}
