package enpstest_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/enps/enpstest"
)

// Check a store outside go test, for example at start-up against an empty
// schema. In a test, prefer enpstest.Run, which reports each rule as a
// subtest.
func ExampleTest() {
	if err := enpstest.Test(enps.NewMemStore()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
