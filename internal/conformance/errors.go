package conformance

import (
	"errors"
	"fmt"
	"sync"
)

// Sentinels names, for messages, the sentinel errors a suite expects a
// store's errors to wrap, such as enps.ErrConflict: "enps.ErrConflict".
type Sentinels map[error]string

// Name names target in messages: its name in s, or else its message.
func (s Sentinels) Name(target error) string {
	if n, ok := s[target]; ok {
		return n
	}
	return target.Error()
}

// WantErr appends an error to errs, saying what was called, unless err
// wraps target.
func (s Sentinels) WantErr(errs *[]error, what string, err, target error) {
	if !errors.Is(err, target) {
		*errs = append(*errs, fmt.Errorf("%s: got error %v, want one wrapping %s", what, err, s.Name(target)))
	}
}

// NoErr appends err to errs, if any, saying what was called.
func NoErr(errs *[]error, what string, err error) {
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: %w", what, err))
	}
}

// Race runs f(i) for i in [0, n) in n goroutines released at once, and
// returns their results, a panic turned into an error.
func Race(n int, f func(i int) error) []error {
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results = make([]error, n)
	)
	for i := range n {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					results[i] = fmt.Errorf("panic: %v", p)
				}
			}()
			<-start
			results[i] = f(i)
		})
	}
	close(start)
	wg.Wait()
	return results
}

// OneWinner reports unless exactly one of results, the errors of saving
// different versions of one thing at once, is nil and the others wrap
// target, and returns the winner's index (−1 for none).
func (s Sentinels) OneWinner(what string, results []error, target error) (int, []error) {
	var errs []error
	winner := -1
	for i, err := range results {
		switch {
		case err == nil && winner >= 0:
			errs = append(errs, fmt.Errorf("%s: versions %d and %d both saved without error", what, winner, i))
		case err == nil:
			winner = i
		case !errors.Is(err, target):
			errs = append(errs, fmt.Errorf("%s: version %d: got error %v, want none or one wrapping %s", what, i, err, s.Name(target)))
		}
	}
	if winner < 0 {
		errs = append(errs, fmt.Errorf("%s: every Save of the versions failed", what))
	}
	return winner, errs
}
