package wheeltest_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/wheel"
	"github.com/servicekultur/servicekultur/wheel/wheeltest"
)

// Check a store outside go test, for example at start-up against an empty
// schema. In a test, prefer wheeltest.Run, which reports each rule as a
// subtest.
func ExampleTest() {
	if err := wheeltest.Test(wheel.NewMemStore()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
