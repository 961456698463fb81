package wheel_test

import (
	"testing"

	"github.com/servicekultur/servicekultur/wheel"
	"github.com/servicekultur/servicekultur/wheel/wheeltest"
)

func TestMemStoreConformance(t *testing.T) {
	wheeltest.Run(t, func() wheel.Store { return wheel.NewMemStore() })
}

func TestMemStoreConformanceOneStore(t *testing.T) {
	if err := wheeltest.Test(wheel.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}
