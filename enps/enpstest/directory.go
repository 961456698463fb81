package enpstest

import (
	"context"
	"errors"
	"fmt"

	"github.com/servicekultur/servicekultur/enps"
)

// TestDirectory checks an [enps.Directory] implementation: its units form
// a valid org tree, every member is listed once in a known unit, both
// sequences give the same data when read twice, stop when the loop body
// breaks, and report an error wrapping the context's error once the
// context is done. It returns nil or an error describing every failure.
func TestDirectory(d enps.Directory) error {
	ctx := context.Background()
	var errs []error
	read := func(ctx context.Context) ([]enps.Unit, []enps.Member, error) {
		var us []enps.Unit
		var ms []enps.Member
		for u, err := range d.Units(ctx) {
			if err != nil {
				return nil, nil, err
			}
			us = append(us, u)
		}
		for m, err := range d.Members(ctx) {
			if err != nil {
				return nil, nil, err
			}
			ms = append(ms, m)
		}
		return us, ms, nil
	}
	us, ms, err := read(ctx)
	if err != nil {
		return fmt.Errorf("reading the directory: %w", err)
	}
	org, err := enps.NewOrg(us)
	if err != nil {
		errs = append(errs, fmt.Errorf("units: %w", err))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Employee == "" || seen[m.Employee] {
			errs = append(errs, fmt.Errorf("member %q is empty or listed twice", m.Employee))
		}
		seen[m.Employee] = true
		if org != nil {
			if _, ok := org.Unit(m.Unit); !ok {
				errs = append(errs, fmt.Errorf("member %q is in unknown unit %q", m.Employee, m.Unit))
			}
		}
	}
	us2, ms2, err := read(ctx)
	if err != nil || len(us2) != len(us) || len(ms2) != len(ms) {
		errs = append(errs, fmt.Errorf("a second read differs: %d units and %d members, then %d and %d (%v)", len(us), len(ms), len(us2), len(ms2), err))
	}
	if len(us) > 1 {
		n := 0
		for range d.Units(ctx) {
			n++
			break
		}
		if n != 1 {
			errs = append(errs, errors.New("units: the sequence went on after the loop broke"))
		}
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	for name, seq := range map[string]func(context.Context) error{
		"units": func(ctx context.Context) error {
			for _, err := range d.Units(ctx) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"members": func(ctx context.Context) error {
			for _, err := range d.Members(ctx) {
				if err != nil {
					return err
				}
			}
			return nil
		},
	} {
		if err := seq(done); !errors.Is(err, context.Canceled) {
			errs = append(errs, fmt.Errorf("%s with a cancelled context: got %v, want an error wrapping context.Canceled", name, err))
		}
	}
	return errors.Join(errs...)
}
