package closedloop

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

// recorder is a Notifier that records deliveries and can be told to fail.
type recorder struct {
	mu   sync.Mutex
	got  []Notification
	keys map[string]int
	fail func(Notification) bool
}

func (r *recorder) Notify(_ context.Context, n Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil && r.fail(n) {
		return errors.New("mail server down")
	}
	if r.keys == nil {
		r.keys = map[string]int{}
	}
	r.keys[n.Key]++
	r.got = append(r.got, n)
	return nil
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var s []string
	for _, n := range r.got {
		s = append(s, fmt.Sprintf("%s→%v", n.Key, n.To))
	}
	return s
}

var testOrg = StaticOrg{
	Roster:      map[string]bool{"anna": true, "bo": true},
	Leaders:     map[string]string{"anna": "lise", "bo": "lise", "lise": "ceo", "karl": "lise"},
	TeamLeaders: map[string]string{"front": "lise", "back": "karl"},
}

func testEngine(t *testing.T, s Store, n Notifier, opts ...EngineOption) *Engine {
	t.Helper()
	ps, err := NewPolicies(testPolicy())
	require.NoError(t, err)
	e, err := NewEngine(s, ps, testOrg, n, opts...)
	require.NoError(t, err)
	return e
}

func detractor(id, customer string, at time.Time, employees ...string) nps.Response {
	return nps.Response{ID: id, Rating: 2, At: at, Customer: customer, Touchpoint: "phone",
		Employees: employees, Unit: "front"}
}

func TestEngineIngest(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	e := testEngine(t, s, &recorder{})

	c, act, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "ole", "anna"), t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, Opened, act)
	assert.Equal(t, "anna", c.Owner, "the first customer-facing employee owns it")
	assert.Equal(t, CaseID("r1"), c.ID)
	assert.Equal(t, int64(1), c.Version)

	_, act, err = e.Ingest(ctx, detractor("r1", "cust1", t0, "ole", "anna"), t0.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, AlreadyIngested, act)

	passive := detractor("r2", "cust2", t0)
	passive.Rating = 8
	_, act, err = e.Ingest(ctx, passive, t0)
	require.NoError(t, err)
	assert.Equal(t, Ignored, act)

	// A later detractor response of the same customer joins the open case.
	c, act, err = e.Ingest(ctx, detractor("r3", "cust1", t0.Add(3*24*time.Hour), "bo"), t0.Add(3*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, Attached, act)
	assert.Equal(t, []string{"r1", "r3"}, c.Responses)
	assert.Equal(t, "anna", c.Owner)
	_, act, err = e.Ingest(ctx, detractor("r3", "cust1", t0.Add(3*24*time.Hour), "bo"), t0.Add(4*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, AlreadyIngested, act)

	// After the dedupe period a new case opens.
	_, act, err = e.Ingest(ctx, detractor("r4", "cust1", t0.Add(8*24*time.Hour), "bo"), t0.Add(8*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, Opened, act)

	// Nobody on the roster: the team leader owns it.
	c, act, err = e.Ingest(ctx, detractor("r5", "cust5", t0, "ole"), t0)
	require.NoError(t, err)
	assert.Equal(t, Opened, act)
	assert.Equal(t, "lise", c.Owner)

	noLead := detractor("r6", "cust6", t0, "ole")
	noLead.Unit = "nowhere"
	_, _, err = e.Ingest(ctx, noLead, t0)
	require.ErrorIs(t, err, ErrNoOwner)
	_, err = s.Get(ctx, CaseID("r6"))
	require.ErrorIs(t, err, ErrNotFound, "nothing stored")

	_, _, err = e.Ingest(ctx, detractor("r7", "cust7", t0.AddDate(-2, 0, 0), "anna"), t0)
	require.ErrorIs(t, err, ErrNoPolicy)
	_, _, err = e.Ingest(ctx, nps.Response{ID: "bad"}, t0)
	require.ErrorIs(t, err, ErrInvalidCase)
	_, _, err = e.Ingest(ctx, detractor("r8", "cust8", t0, "anna"), t0.Add(-time.Second))
	require.ErrorIs(t, err, ErrInvalidCase, "ingested before received")
}

func TestEngineTick(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	rec := &recorder{}
	e := testEngine(t, s, rec)
	_, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)

	tick := func(at time.Duration) TickReport {
		t.Helper()
		rep, err := e.Tick(ctx, t0.Add(at))
		require.NoError(t, err)
		return rep
	}
	assert.Equal(t, 1, tick(time.Minute).Delivered)
	assert.Equal(t, 0, tick(2*time.Minute).Delivered, "a repeated tick sends nothing")
	assert.Equal(t, 0, tick(35*time.Hour).Delivered)
	assert.Equal(t, 1, tick(36*time.Hour).Delivered, "reminder at 75%")
	assert.Equal(t, 1, tick(48*time.Hour).Delivered, "breach")
	assert.Equal(t, 1, tick(96*time.Hour).Delivered, "escalation at 2×")
	assert.Equal(t, 0, tick(500*time.Hour).Delivered)
	assert.Equal(t, []string{
		"case:r1/opened→[anna]",
		"case:r1/reminder→[anna]",
		"case:r1/breach→[lise anna]",
		"case:r1/escalated→[ceo lise anna]",
	}, rec.list())
	c, err := s.Get(ctx, CaseID("r1"))
	require.NoError(t, err)
	assert.Equal(t, NoticeOpened|NoticeReminder|NoticeBreach|NoticeEscalated, c.Notices)
	assert.Empty(t, c.Claim)
	assert.Equal(t, "opened+reminder+breach+escalated", c.Notices.String())
}

func TestEngineCatchesUp(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	rec := &recorder{}
	e := testEngine(t, s, rec)
	_, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)
	rep, err := e.Tick(ctx, t0.Add(10*24*time.Hour)) // the engine was down
	require.NoError(t, err)
	assert.Equal(t, 4, rep.Delivered)
	assert.Len(t, rec.list(), 4)
}

func TestEngineContactStopsNotices(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	rec := &recorder{}
	e := testEngine(t, s, rec)
	c, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)
	_, err = e.Tick(ctx, t0)
	require.NoError(t, err)
	c, err = s.Get(ctx, c.ID)
	require.NoError(t, err)
	require.NoError(t, c.Contact(t0.Add(3*time.Hour), "anna"))
	_, err = s.Update(ctx, c)
	require.NoError(t, err)
	rep, err := e.Tick(ctx, t0.Add(30*24*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, rep.Delivered)
	assert.Equal(t, []string{"case:r1/opened→[anna]"}, rec.list())
}

func TestEngineRetriesFailedDelivery(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	down := true
	rec := &recorder{fail: func(Notification) bool { return down }}
	e := testEngine(t, s, rec)
	_, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)
	rep, err := e.Tick(ctx, t0)
	require.Error(t, err)
	assert.Equal(t, 1, rep.Failed)
	c, err := s.Get(ctx, CaseID("r1"))
	require.NoError(t, err)
	assert.Zero(t, c.Notices, "not recorded as delivered")
	assert.Empty(t, c.Claim, "claim released")

	down = false
	rep, err = e.Tick(ctx, t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Delivered)
	assert.Equal(t, []string{"case:r1/opened→[anna]"}, rec.list())
}

func TestEngineRespectsOtherClaims(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	rec := &recorder{}
	e := testEngine(t, s, rec, WithInstance("a"), WithLease(time.Minute))
	_, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)
	// Engine b claimed the case and died before recording its delivery.
	c, err := s.Get(ctx, CaseID("r1"))
	require.NoError(t, err)
	c.Claim, c.ClaimUntil = "b", t0.Add(time.Minute)
	_, err = s.Update(ctx, c)
	require.NoError(t, err)
	rep, err := e.Tick(ctx, t0.Add(30*time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Claimed)
	assert.Zero(t, rep.Delivered)
	rep, err = e.Tick(ctx, t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Delivered, "after the lease the notification goes out")
}

// TestEngineConcurrent runs several engines that ingest, update and tick
// on one store at once: every detractor gets one case, every notification
// goes out exactly once, and no update is lost.
func TestEngineConcurrent(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	rec := &recorder{}
	const engines, customers = 4, 60
	es := make([]*Engine, engines)
	for i := range es {
		// The engines tick at simulated times that run far apart; the lease
		// must outlast that skew, as it must outlast real clock skew.
		es[i] = testEngine(t, s, rec, WithInstance(fmt.Sprintf("e%d", i)), WithLease(10_000*time.Hour))
	}
	var (
		wg      sync.WaitGroup
		notesMu sync.Mutex
		notes   = map[string]int{} // notes stored per case
	)
	for i, e := range es {
		wg.Go(func() {
			for k := range customers {
				// Every engine ingests every response: idempotency is tested.
				r := detractor(fmt.Sprintf("r%d", k), fmt.Sprintf("cust%d", k), t0.Add(time.Duration(k)*time.Minute), "anna")
				if _, _, err := e.Ingest(ctx, r, r.At); err != nil {
					t.Errorf("ingest: %v", err)
				}
				if k%7 == i {
					if _, err := e.Tick(ctx, t0.Add(time.Duration(k)*time.Hour)); err != nil {
						t.Errorf("tick: %v", err)
					}
				}
			}
			for h := range 120 {
				if _, err := e.Tick(ctx, t0.Add(time.Duration(h)*time.Hour)); err != nil {
					t.Errorf("tick: %v", err)
				}
			}
		})
		// An owner records notes on the cases meanwhile.
		wg.Go(func() {
			for k := range customers {
				id := CaseID(fmt.Sprintf("r%d", k))
				for {
					c, err := s.Get(ctx, id)
					if errors.Is(err, ErrNotFound) {
						break
					}
					if err != nil {
						t.Errorf("get: %v", err)
						break
					}
					if err := c.Note(c.ReceivedAt.Add(time.Hour), "anna", fmt.Sprintf("note %d", i)); err != nil {
						t.Errorf("note: %v", err)
						break
					}
					if _, err := s.Update(ctx, c); err == nil {
						notesMu.Lock()
						notes[id]++
						notesMu.Unlock()
						break
					} else if !errors.Is(err, ErrStale) {
						t.Errorf("update: %v", err)
						break
					}
				}
			}
		})
	}
	wg.Wait()
	_, err := es[0].Tick(ctx, t0.Add(1000*time.Hour))
	require.NoError(t, err)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.keys, customers*4, "every notice of every case")
	for k, n := range rec.keys {
		assert.Equal(t, 1, n, "%s delivered %d times", k, n)
	}
	for k := range customers {
		c, err := s.Get(ctx, CaseID(fmt.Sprintf("r%d", k)))
		require.NoError(t, err)
		got := 0
		for _, ev := range c.History {
			if ev.Kind == EventNoted {
				got++
			}
		}
		assert.Equal(t, notes[c.ID], got, "%s: no note lost", c.ID)
	}
}

func TestNewEngineErrors(t *testing.T) {
	ps, err := NewPolicies(testPolicy())
	require.NoError(t, err)
	s := newMemStore()
	n := &recorder{}
	for name, f := range map[string]func() (*Engine, error){
		"nil store":    func() (*Engine, error) { return NewEngine(nil, ps, testOrg, n) },
		"no policies":  func() (*Engine, error) { return NewEngine(s, nil, testOrg, n) },
		"nil org":      func() (*Engine, error) { return NewEngine(s, ps, nil, n) },
		"nil notifier": func() (*Engine, error) { return NewEngine(s, ps, testOrg, nil) },
		"empty name":   func() (*Engine, error) { return NewEngine(s, ps, testOrg, n, WithInstance(" ")) },
		"bad lease":    func() (*Engine, error) { return NewEngine(s, ps, testOrg, n, WithLease(0)) },
	} {
		_, err := f()
		require.ErrorIs(t, err, ErrInvalidPolicy, name)
	}
}

func newMemStore() *MemStore { return &MemStore{} }

func TestEngineChange(t *testing.T) {
	ctx := t.Context()
	s := newMemStore()
	e := testEngine(t, s, &recorder{})
	c, _, err := e.Ingest(ctx, detractor("r1", "cust1", t0, "anna"), t0)
	require.NoError(t, err)

	c, err = e.Change(ctx, c.ID, func(c *Case, _ Policy) error { return c.Pause(t0.Add(time.Hour), "anna", "") })
	require.NoError(t, err)
	assert.True(t, c.Paused())
	c, err = e.Change(ctx, c.ID, func(c *Case, p Policy) error { return c.Resume(p, t0.Add(25*time.Hour), "anna") })
	require.NoError(t, err)
	assert.True(t, c.Deadlines.Due.Equal(t0.Add(25*time.Hour+47*time.Hour)))

	// A refused change stores nothing.
	before, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	_, err = e.Change(ctx, c.ID, func(c *Case, _ Policy) error { return c.Close(t0.Add(26*time.Hour), "anna", Recovered, nil) })
	require.ErrorIs(t, err, ErrInvalidTransition)
	after, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	_, err = e.Change(ctx, "case:nope", func(*Case, Policy) error { return nil })
	require.ErrorIs(t, err, ErrNotFound)

	// Concurrent changes are all kept.
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			_, err := e.Change(ctx, c.ID, func(c *Case, _ Policy) error {
				return c.Note(t0.Add(30*time.Hour), "anna", fmt.Sprintf("note %d", i))
			})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	final, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	notes := 0
	for _, ev := range final.History {
		if ev.Kind == EventNoted {
			notes++
		}
	}
	assert.Equal(t, 16, notes)
}
