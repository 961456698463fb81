package conformance

import (
	"errors"
	"fmt"
	"iter"
	"reflect"
)

// MaxItems bounds how many items Drain and Collect take from a sequence,
// so that a store that yields forever fails instead of hanging.
const MaxItems = 10_000

// Item is one pair a sequence yielded.
type Item[T any] struct {
	V   T
	Err error
}

// Drain takes every pair from seq, up to MaxItems, calling after (if not
// nil) after each item without an error. A sequence that goes on after
// its loop stopped, or panics, is reported as an error pair.
func Drain[T any](seq iter.Seq2[T, error], after func(T)) (items []Item[T]) {
	defer func() {
		if p := recover(); p != nil {
			items = append(items, Item[T]{Err: fmt.Errorf("the sequence panicked: %v", p)})
		}
	}()
	for v, err := range seq {
		items = append(items, Item[T]{v, err})
		if len(items) >= MaxItems {
			break
		}
		if err == nil && after != nil {
			after(v)
		}
	}
	return items
}

// Collect returns the values seq yields, or the first error, saying what
// was read. A sequence that yields MaxItems items or more is an error.
func Collect[T any](what string, seq iter.Seq2[T, error]) ([]T, error) {
	var vs []T
	for _, it := range Drain(seq, nil) {
		if it.Err != nil {
			return vs, fmt.Errorf("%s: yielded error %w", what, it.Err)
		}
		vs = append(vs, it.V)
	}
	if len(vs) >= MaxItems {
		return vs, fmt.Errorf("%s: yielded %d items or more, does it stop?", what, MaxItems)
	}
	return vs, nil
}

// ExpectOnlyError reports unless items ends in exactly one error wrapping
// target, carrying a zero value, after want items. It names target with
// names; with showValue, a value yielded with the error is shown.
func ExpectOnlyError[T any](names Sentinels, what string, items []Item[T], want int, target error, showValue bool) error {
	for i, it := range items {
		if it.Err == nil {
			continue
		}
		switch {
		case i != len(items)-1:
			return fmt.Errorf("%s: the sequence kept yielding after the error %v", what, it.Err)
		case !errors.Is(it.Err, target):
			return fmt.Errorf("%s: error %q does not wrap %s", what, it.Err, names.Name(target))
		case !reflect.ValueOf(it.V).IsZero():
			if showValue {
				return fmt.Errorf("%s: a value %+v yielded with the error, want the zero value", what, it.V)
			}
			return fmt.Errorf("%s: a value yielded with the error, want the zero value", what)
		case i != want:
			return fmt.Errorf("%s: %d items before the error, want %d", what, i, want)
		}
		return nil
	}
	return fmt.Errorf("%s: no error wrapping %s yielded after %d items", what, names.Name(target), len(items))
}

// BreakAfter breaks out of a loop over seq after n items, and reports a
// sequence that yields an error or fewer items first, or goes on yielding
// after the break.
func BreakAfter[T any](what string, n int, seq iter.Seq2[T, error]) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("breaking out of %s: the sequence went on yielding: %v", what, p)
		}
	}()
	i := 0
	for _, err := range seq {
		if err != nil {
			return fmt.Errorf("breaking out of %s: yielded error %w", what, err)
		}
		if i++; i == n {
			break
		}
	}
	if i < n {
		return fmt.Errorf("breaking out of %s: the sequence yielded only %d items", what, i)
	}
	return nil
}
