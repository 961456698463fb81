package maturitystore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/maturitystore"
	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/maturity/maturitytest"
)

// open opens a store on a new database file in t's temporary directory and
// closes it when t ends.
func open(t *testing.T) *maturitystore.Store {
	t.Helper()
	s, err := maturitystore.Open(context.Background(), filepath.Join(t.TempDir(), "maturity.db"))
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
	maturitytest.Run(t, func() maturity.Store { return open(t) })
}

func TestConformanceOneStore(t *testing.T) {
	if err := maturitytest.Test(open(t)); err != nil {
		t.Fatal(err)
	}
}
