// Package noexample has only an internal example.
package noexample

// F is documented.
func F() {}
