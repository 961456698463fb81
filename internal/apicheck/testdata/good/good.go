package good

// F is documented.
func F() int { return 1 }

// T is documented.
type T struct{}

// M is documented.
func (T) M() {}

// List is a generic type.
type List[E any] []E

// Len is documented.
func (l *List[E]) Len() int { return len(l) }

// Pair has two type parameters.
type Pair[K comparable, V any] struct{}

// Key is documented.
func (Pair[K, V]) Key() {}

// The group doc covers every spec.
const (
	A = iota
	B
)

var (
	// V has a spec doc.
	V = 1
	w = 2
)

type (
	// X has a spec doc in a group.
	X int
)

// Y is a lone type with the declaration doc.
type (
	Y int
)

type unexported struct{}

func (unexported) Exported() {}

func helper() {}
