package bad_test

import "example.com/bad"

func ExampleUndocumented() {
	bad.Undocumented()
}

func Example_compileOnly() {
	bad.Documented()
}
