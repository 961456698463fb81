package closedloop

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkEngineIngest measures opening cases in the in-memory store, a
// new customer each time (the dedupe look-up finds nothing).
func BenchmarkEngineIngest(b *testing.B) {
	ctx := context.Background()
	e := benchEngine(b, &MemStore{})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		r := detractor(fmt.Sprintf("r%d", i), fmt.Sprintf("c%d", i), t0.Add(time.Duration(i)*time.Second), "anna")
		if _, _, err := e.Ingest(ctx, r, r.At); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEngineTick measures a tick over a store of 10⁵ open cases of
// which 1% fall due (their notice of opening), delivered to a no-op
// notifier; the rest are not touched.
func BenchmarkEngineTick(b *testing.B) {
	ctx := context.Background()
	const n, due = 100_000, 1_000
	for b.Loop() {
		b.StopTimer()
		s := &MemStore{}
		e := benchEngine(b, s)
		for i := range n {
			r := detractor(fmt.Sprintf("r%d", i), fmt.Sprintf("c%d", i), t0, "anna")
			at := t0.Add(time.Hour)
			if i < due {
				at = t0
			}
			c, err := OpenCase(CaseID(r.ID), r, testPolicy(), "anna", "", at)
			if err != nil {
				b.Fatal(err)
			}
			if i >= due {
				c.Notices = NoticeOpened
			}
			if _, _, err := s.Create(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		rep, err := e.Tick(ctx, t0.Add(time.Minute))
		if err != nil || rep.Delivered != due {
			b.Fatal(rep, err)
		}
	}
	b.ReportMetric(float64(due)*float64(b.N)/b.Elapsed().Seconds(), "notices/s")
}

func benchEngine(b *testing.B, s Store) *Engine {
	b.Helper()
	ps, err := NewPolicies(testPolicy())
	if err != nil {
		b.Fatal(err)
	}
	e, err := NewEngine(s, ps, testOrg, NotifierFunc(func(context.Context, Notification) error { return nil }))
	if err != nil {
		b.Fatal(err)
	}
	return e
}
