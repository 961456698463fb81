package maturity_test

import (
	"testing"

	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/maturity/maturitytest"
)

func TestMemStoreConformance(t *testing.T) {
	maturitytest.Run(t, func() maturity.Store { return maturity.NewMemStore() })
}

func TestMemStoreConformanceOneStore(t *testing.T) {
	if err := maturitytest.Test(maturity.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}
