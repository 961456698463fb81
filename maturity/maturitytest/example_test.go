package maturitytest_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/maturity/maturitytest"
)

// Check a store outside go test, for example at start-up against an empty
// schema. In a test, prefer maturitytest.Run, which reports each rule as a
// subtest.
func ExampleTest() {
	if err := maturitytest.Test(maturity.NewMemStore()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
	// Output: ok
}
