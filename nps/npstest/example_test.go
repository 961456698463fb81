package npstest_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/nps/npstest"
)

// Check a store outside go test, for example at start-up against an empty
// schema. In a test, prefer npstest.Run, which reports each rule as a
// subtest.
func ExampleTest() {
	if err := npstest.Test(new(nps.MemStore)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
