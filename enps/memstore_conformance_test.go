package enps_test

import (
	"testing"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/enps/enpstest"
)

func TestMemStoreConformance(t *testing.T) {
	enpstest.Run(t, func() enps.Store { return enps.NewMemStore() })
}

func TestMemStoreConformanceOneStore(t *testing.T) {
	if err := enpstest.Test(enps.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}
