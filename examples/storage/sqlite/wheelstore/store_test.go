package wheelstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/wheelstore"
	"github.com/servicekultur/servicekultur/wheel"
	"github.com/servicekultur/servicekultur/wheel/wheeltest"
)

// open opens a store on a new database file in t's temporary directory and
// closes it when t ends.
func open(t *testing.T) *wheelstore.Store {
	t.Helper()
	s, err := wheelstore.Open(context.Background(), filepath.Join(t.TempDir(), "wheel.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	wheeltest.Run(t, func() wheel.Store { return open(t) })
}

func TestConformanceOneStore(t *testing.T) {
	if err := wheeltest.Test(open(t)); err != nil {
		t.Fatal(err)
	}
}
