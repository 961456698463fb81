package noexample

func ExampleF() {
	F()
	// Output:
}
