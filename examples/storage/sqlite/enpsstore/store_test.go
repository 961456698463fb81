package enpsstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/enps/enpstest"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/enpsstore"
)

// open opens a store on a new database file in t's temporary directory and
// closes it when t ends.
func open(t *testing.T) *enpsstore.Store {
	t.Helper()
	s, err := enpsstore.Open(context.Background(), filepath.Join(t.TempDir(), "enps.db"))
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
	enpstest.Run(t, func() enps.Store { return open(t) })
}

func TestConformanceOneStore(t *testing.T) {
	if err := enpstest.Test(open(t)); err != nil {
		t.Fatal(err)
	}
}
