package good_test

import (
	"fmt"

	"example.com/good"
)

func ExampleF() {
	fmt.Println(good.F())
	// Output: 1
}

func Example_unordered() {
	fmt.Println(1)
	fmt.Println(2)
	// Unordered output:
	// 2
	// 1
}
