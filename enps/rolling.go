package enps

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNotDue reports a rolling publication asked for off its cadence, or
// before at least k new answers have come in since the last one.
var ErrNotDue = errors.New("enps: rolling report not due")

// RollingOptions configure [Survey.RollingReport].
type RollingOptions struct {
	// Window is how far back an employee's latest answer counts: 90 days
	// when zero (TeamCulture's practice).
	Window time.Duration `json:"window,omitempty"`
	// Cadence is the fixed publication rhythm, counted from the wave's
	// opening: publications happen only at Opens + n·Cadence. 7 days when
	// zero.
	Cadence time.Duration `json:"cadence,omitempty"`
}

// Defaults of [RollingOptions].
const (
	DefaultWindow  = 90 * 24 * time.Hour
	DefaultCadence = 7 * 24 * time.Hour
)

// RollingReport publishes a rolling wave as of instant asOf: each
// employee's latest answer in (asOf − Window, asOf]. Publications keep a
// fixed cadence — asOf must be the wave's opening plus a whole number of
// cadences — and, with a [Ledger], happen only once at least k answers
// have come in since the audience's last publication of the wave;
// otherwise the error wraps [ErrNotDue]. With the ledger the differencing
// rule compares the new window with every earlier one, so a window that
// moved by fewer than k people is withheld.
func (s *Survey) RollingReport(ctx context.Context, wave string, req Request, asOf time.Time, opts RollingOptions) (Report, error) {
	if opts.Window == 0 {
		opts.Window = DefaultWindow
	}
	if opts.Cadence == 0 {
		opts.Cadence = DefaultCadence
	}
	if opts.Window < 0 || opts.Cadence < 0 {
		return Report{}, fmt.Errorf("%w: negative window or cadence", ErrInvalidRequest)
	}
	sn, err := s.snapshot(ctx, wave)
	if err != nil {
		return Report{}, err
	}
	w := sn.w
	if w.Mode != Rolling {
		return Report{}, fmt.Errorf("%w: wave %s is not rolling", ErrInvalidRequest, wave)
	}
	if since := asOf.Sub(w.Opens); since <= 0 || since%opts.Cadence != 0 {
		return Report{}, fmt.Errorf("%w: %v is not on the cadence of %v from %v", ErrNotDue, asOf, opts.Cadence, w.Opens)
	}
	var last time.Time
	if ledger, ok := s.store.(Ledger); ok {
		for p, err := range ledger.Publications(ctx, req.Audience) {
			if err != nil {
				return Report{}, err
			}
			if p.Wave == wave && p.At.After(last) {
				last = p.At
			}
		}
	}
	from := asOf.Add(-opts.Window)
	latest := map[Token]Response{}
	fresh := 0
	for r, err := range s.store.Responses(ctx, wave) {
		if err != nil {
			return Report{}, err
		}
		if r.At.After(asOf) {
			continue
		}
		if !last.IsZero() && r.At.After(last) {
			fresh++
		}
		if !r.At.After(from) {
			continue
		}
		if old, ok := latest[r.Respondent]; !ok || r.At.After(old.At) {
			latest[r.Respondent] = r
		}
	}
	k := s.Rules().MinGroup
	if !last.IsZero() && fresh < k {
		return Report{}, fmt.Errorf("%w: %d new answers since %v, need %d", ErrNotDue, fresh, last, k)
	}
	rs := make([]Response, 0, len(latest))
	for _, r := range latest {
		rs = append(rs, r)
	}
	return s.publish(ctx, w, rs, req, asOf)
}
