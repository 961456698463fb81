package closedlooptest_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/closedloop/closedlooptest"
)

// Check a store outside go test, for example at start-up against an empty
// table. In a test, prefer closedlooptest.Run, which reports each rule as
// a subtest.
func ExampleTest() {
	if err := closedlooptest.Test(new(closedloop.MemStore)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
