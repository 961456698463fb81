// Package bad puts its package comment in the wrong file.
package bad

import "fmt"

// Documented is fine.
func Documented() {}

//go:noinline
func Undocumented() {}

// Unused is a comment separated from the declaration by a blank line.

type T struct{}

func (T) Method() {}

func (*T) PointerMethod() {}

type G[E any] []E

func (g G[E]) Len() int { return len(g) }

func (hidden) Exported() {}

type hidden struct{}

const (
	// One is documented.
	One         = 1
	Two         = 2 // a trailing comment is not a doc comment
	Three, Four = 3, 4
)

var V = fmt.Sprint

type (
	A int
	B int
)
