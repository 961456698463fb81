package closedloop

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEngineHostLoop runs engines the way a host does — each in its own
// goroutine, ticking on a time.Ticker — in a synctest bubble, so four
// days pass in fake time. The mail server fails the first attempt of every
// notice, and a third engine hangs in delivery holding its claim, as a
// process that dies mid-delivery does. Every notice must still go out
// exactly once, within a tick (plus the retry, plus the lease) of its due
// time.
func TestEngineHostLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const (
			every = 10 * time.Minute
			lease = 30 * time.Minute
		)
		start := time.Now() // the bubble's fake clock
		ps, err := NewPolicies(Policy{ID: "48h", EffectiveFrom: start, Target: 48 * time.Hour, Clock: CalendarHours})
		require.NoError(t, err)
		s := newMemStore()

		var (
			mu        sync.Mutex
			delivered = map[string][]time.Time{}
			attempted = map[string]bool{}
		)
		flaky := NotifierFunc(func(_ context.Context, n Notification) error {
			mu.Lock()
			defer mu.Unlock()
			if !attempted[n.Key] {
				attempted[n.Key] = true
				return errors.New("mail server down")
			}
			delivered[n.Key] = append(delivered[n.Key], time.Now())
			return nil
		})
		hung := NotifierFunc(func(ctx context.Context, n Notification) error {
			<-ctx.Done() // never returns before the host shuts down
			return ctx.Err()
		})

		ctx, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		run := func(e *Engine, offset time.Duration) {
			wg.Go(func() {
				time.Sleep(offset)
				tk := time.NewTicker(every)
				defer tk.Stop()
				for {
					select {
					case now := <-tk.C:
						_, _ = e.Tick(ctx, now) // failures are retried on the next tick
					case <-ctx.Done():
						return
					}
				}
			})
		}
		newEngine := func(name string, n Notifier) *Engine {
			e, err := NewEngine(s, ps, testOrg, n, WithInstance(name), WithLease(lease))
			require.NoError(t, err)
			return e
		}
		a, b := newEngine("a", flaky), newEngine("b", flaky)
		// The hung engine ticks first, so it claims the first notice.
		run(newEngine("hung", hung), 0)
		run(a, time.Minute)
		run(b, 2*time.Minute)

		const customers = 5
		for k := range customers {
			time.Sleep(37 * time.Minute)
			r := detractor(fmt.Sprintf("r%d", k), fmt.Sprintf("cust%d", k), time.Now(), "anna")
			_, _, err := a.Ingest(ctx, r, time.Now())
			require.NoError(t, err)
		}
		time.Sleep(5 * 24 * time.Hour)
		cancel()
		wg.Wait()

		mu.Lock()
		defer mu.Unlock()
		assert.Len(t, delivered, customers*4, "opened, reminder, breach and escalation of every case")
		for k := range customers {
			id := CaseID(fmt.Sprintf("r%d", k))
			c, err := s.Get(t.Context(), id)
			require.NoError(t, err)
			assert.Equal(t, NoticeOpened|NoticeReminder|NoticeBreach|NoticeEscalated, c.Notices, "%s: all four recorded", id)
			for kind, due := range map[string]time.Time{
				"opened":    c.ReceivedAt,
				"reminder":  c.Deadlines.Reminder,
				"breach":    c.Deadlines.Due,
				"escalated": c.Deadlines.Escalate,
			} {
				got := delivered[id+"/"+kind]
				if !assert.Len(t, got, 1, "%s/%s delivered once", id, kind) {
					continue
				}
				late := got[0].Sub(due)
				assert.GreaterOrEqual(t, late, time.Duration(0), "%s/%s not early", id, kind)
				assert.LessOrEqual(t, late, lease+3*every, "%s/%s late by %v", id, kind, late)
			}
		}
	})
}
