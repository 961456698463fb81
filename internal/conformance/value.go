package conformance

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

var timeType = reflect.TypeFor[time.Time]()

// Scribble changes every value v (a pointer) shares through its slices,
// maps and pointers, as a careless caller might: strings get a "~", numbers
// and booleans change, instants move by a second, and every non-nil map
// gets a new key. What v holds by value is left alone, so comparing v with
// a copy taken before shows what a store shares with its caller.
func Scribble(v any) { scribbleValue(reflect.ValueOf(v).Elem(), false) }

func scribbleValue(v reflect.Value, shared bool) {
	switch {
	case v.Type() == timeType:
		if shared {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
		}
		return
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribbleValue(v.Field(i), shared)
			}
		}
	case v.Kind() == reflect.Array:
		for i := range v.Len() {
			scribbleValue(v.Index(i), shared)
		}
	case v.Kind() == reflect.Slice:
		for i := range v.Len() {
			scribbleValue(v.Index(i), true)
		}
	case v.Kind() == reflect.Pointer:
		if !v.IsNil() {
			scribbleValue(v.Elem(), true)
		}
	case v.Kind() == reflect.Map:
		for _, k := range v.MapKeys() {
			n := reflect.New(v.Type().Elem()).Elem()
			n.Set(v.MapIndex(k))
			scribbleValue(n, true)
			v.SetMapIndex(k, n)
		}
		if !v.IsNil() { // a new key too, for a store that copies the entries but shares the map
			v.SetMapIndex(reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem())
		}
	case !shared:
	case v.Kind() == reflect.String:
		v.SetString(v.String() + "~")
	case v.CanInt():
		v.SetInt(v.Int() ^ 1)
	case v.CanUint():
		v.SetUint(v.Uint() ^ 1)
	case v.Kind() == reflect.Bool:
		v.SetBool(!v.Bool())
	case v.CanFloat():
		v.SetFloat(v.Float() + 1)
	}
}

// Diff lists the exported fields in which got differs from want, two
// values of one type, as "path: got …, want …". Instants are compared with
// time.Time.Equal, a nil slice or map equals an empty one, and pointers
// are compared by what they point to.
func Diff(got, want any) []string {
	var out []string
	diffValue(&out, "", reflect.ValueOf(got), reflect.ValueOf(want))
	return out
}

// SameSet reports unless got holds exactly want, in any order: each item
// of want once, as key tells items apart, and no other, every field equal
// as diff compares them. Messages name an item with name, such as
// "response (w, r1, +1h)".
func SameSet[T any, K comparable](what string, got, want []T, key func(T) K, name func(T) string, diff func(got, want any) []string) error {
	byKey := make(map[K]T, len(want))
	for _, v := range want {
		byKey[key(v)] = v
	}
	seen := make(map[K]bool, len(got))
	var errs []error
	for _, v := range got {
		k := key(v)
		w, ok := byKey[k]
		switch {
		case seen[k]:
			errs = append(errs, fmt.Errorf("%s: %s yielded twice", what, name(v)))
		case !ok:
			errs = append(errs, fmt.Errorf("%s: %s yielded, which was not saved or should be gone", what, name(v)))
		default:
			if d := diff(v, w); len(d) > 0 {
				errs = append(errs, fmt.Errorf("%s: %s differs:\n\t%s", what, name(v), strings.Join(d, "\n\t")))
			}
		}
		seen[k] = true
	}
	for _, v := range want {
		if !seen[key(v)] {
			errs = append(errs, fmt.Errorf("%s: %s missing", what, name(v)))
		}
	}
	return errors.Join(errs...)
}

// Limit returns the first n of diffs, and a line saying how many more
// there are, if any.
func Limit(diffs []string, n int) []string {
	if len(diffs) > n {
		diffs = append(diffs[:n], fmt.Sprintf("… and %d more", len(diffs)-n))
	}
	return diffs
}

func diffValue(out *[]string, path string, got, want reflect.Value) {
	if got.Type() == timeType {
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !g.Equal(w) {
			*out = append(*out, fmt.Sprintf("%s: got %s, want %s", path, FormatTime(g), FormatTime(w)))
		}
		return
	}
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			f := got.Type().Field(i)
			if f.IsExported() {
				diffValue(out, strings.TrimPrefix(path+"."+f.Name, "."), got.Field(i), want.Field(i))
			}
		}
	case reflect.Slice:
		if got.Len() != want.Len() {
			*out = append(*out, fmt.Sprintf("%s: got %d elements %v, want %d %v", path, got.Len(), got, want.Len(), want))
			return
		}
		for i := range got.Len() {
			diffValue(out, fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))
		}
	case reflect.Pointer:
		switch {
		case got.IsNil() && want.IsNil():
		case got.IsNil() || want.IsNil():
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, show(got), show(want)))
		default:
			diffValue(out, "*"+path, got.Elem(), want.Elem())
		}
	case reflect.Map:
		keys := slices.SortedFunc(slices.Values(slices.Concat(got.MapKeys(), want.MapKeys())), func(a, b reflect.Value) int {
			return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
		})
		keys = slices.CompactFunc(keys, func(a, b reflect.Value) bool { return a.Equal(b) })
		for _, k := range keys {
			g, w := got.MapIndex(k), want.MapIndex(k)
			switch {
			case !g.IsValid():
				*out = append(*out, fmt.Sprintf("%s[%q]: missing, want %v", path, fmt.Sprint(k), w))
			case !w.IsValid():
				*out = append(*out, fmt.Sprintf("%s[%q]: got %v, want no such key", path, fmt.Sprint(k), g))
			default:
				diffValue(out, fmt.Sprintf("%s[%q]", path, fmt.Sprint(k)), g, w)
			}
		}
	case reflect.String:
		if got.String() != want.String() {
			*out = append(*out, fmt.Sprintf("%s: got %q, want %q", path, got, want))
		}
	default:
		if !got.Equal(want) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, got, want))
		}
	}
}

// show formats a pointer in a diff.
func show(v reflect.Value) string {
	if v.IsNil() {
		return "nil"
	}
	return fmt.Sprintf("&%v", v.Elem())
}

// FormatTime formats an instant in messages: in UTC to the nanosecond, or
// "the zero time".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return "the zero time"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
