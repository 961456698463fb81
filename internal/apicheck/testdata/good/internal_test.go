package good

func ExampleT() {
	// Output:
}

func ExampleNotAnExample(int) {}
