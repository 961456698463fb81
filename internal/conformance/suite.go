package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Check is one rule of a store's contract: its name, the rule as stated
// for the implementer, and the function that checks it in an environment
// of type E.
//
// It is a struct type literal rather than a defined type, so that a suite
// may list its checks with unkeyed fields without go vet's complaint
// about composite literals of types from other packages.
type Check[E any] = struct {
	Name string
	Rule string // the rule, stated for the implementer
	Run  func(e E) error
}

// Suite runs a conformance suite of checks on stores of type S, each check
// in an environment of type E that the suite builds for it.
type Suite[S, E any] struct {
	// Name starts every error Test returns, such as "enpstest".
	Name string
	// Checks are the rules, run in this order.
	Checks []Check[E]
	// Empty reports unless s holds nothing; Run and Test refuse a store
	// it reports.
	Empty func(ctx context.Context, s S) error
	// Env returns the environment check i, named name, runs in on s.
	Env func(ctx context.Context, s S, i int, name string) E
	// StuckAfter is how long a check may take. A check still running
	// after it is reported with an error wrapping ErrStuck and left
	// running. Zero runs each check in the calling goroutine, without a
	// limit.
	StuckAfter time.Duration
	// Stuck returns the error of a check still running after StuckAfter;
	// nil words it "the check store did not return (deadlock?) within …".
	Stuck func(after time.Duration) error
}

// ErrStuck marks a store that did not return within the time allowed,
// probably deadlocked.
var ErrStuck = errors.New("store did not return (deadlock?)")

// Skip returns the error of a check that does not apply to the store, for
// the reason given: Run skips the check's subtest and Test leaves it out.
func Skip(reason string) error { return skipped(reason) }

// skipped is returned by a check that does not apply to the store.
type skipped string

func (s skipped) Error() string { return string(s) }

// indented indents every line of an error's message under its rule.
type indented struct{ err error }

func (i indented) Error() string { return "\t" + strings.ReplaceAll(i.err.Error(), "\n", "\n\t") }

func (i indented) Unwrap() error { return i.err }

// Run runs every check as a subtest of t named after it, each on a fresh
// store from newStore, which must be empty. A failure names the rule
// broken and what the store did; a check that does not apply is skipped.
func (u *Suite[S, E]) Run(t *testing.T, newStore func() S) {
	t.Helper()
	for i, c := range u.Checks {
		t.Run(c.Name, func(t *testing.T) {
			s := newStore()
			if err := u.Empty(t.Context(), s); err != nil {
				t.Fatalf("newStore: %v", err)
			}
			err := u.check(t.Context(), s, i)
			if sk, ok := errors.AsType[skipped](err); ok {
				t.Skip(string(sk))
			}
			if err != nil {
				t.Errorf("rule: %s\n%v", c.Rule, indented{err})
			}
		})
	}
}

// Test runs every check on s, which must be empty, and returns nil or an
// error joining every failure, each naming its check and rule. Checks that
// do not apply are left out. After a stuck check it runs no other, since
// the store may hold a lock for good.
func (u *Suite[S, E]) Test(s S) error {
	ctx := context.Background()
	if err := u.Empty(ctx, s); err != nil {
		return fmt.Errorf("%s: %w", u.Name, err)
	}
	var errs []error
	for i, c := range u.Checks {
		err := u.check(ctx, s, i)
		if _, ok := errors.AsType[skipped](err); ok || err == nil {
			continue
		}
		errs = append(errs, fmt.Errorf("%s: %s: %s\n%w", u.Name, c.Name, c.Rule, indented{err}))
		if errors.Is(err, ErrStuck) {
			errs = append(errs, fmt.Errorf("%s: the store is stuck; the remaining checks were not run", u.Name))
			break
		}
	}
	return errors.Join(errs...)
}

// check runs check i on s, turning a panic into an error and, with
// StuckAfter set, a check that does not return in time into the error of
// Stuck.
func (u *Suite[S, E]) check(ctx context.Context, s S, i int) error {
	c := u.Checks[i]
	e := u.Env(ctx, s, i, c.Name)
	if u.StuckAfter <= 0 {
		return catch(func() error { return c.Run(e) })
	}
	done := make(chan error, 1)
	go func() { done <- catch(func() error { return c.Run(e) }) }()
	timer := time.NewTimer(u.StuckAfter)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		if u.Stuck == nil {
			return fmt.Errorf("the check %w within %v", ErrStuck, u.StuckAfter)
		}
		return u.Stuck(u.StuckAfter)
	}
}

// catch returns what f returns, or an error if it panics.
func catch(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}
