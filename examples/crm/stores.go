package main

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/wheel"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/closedloopstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/enpsstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/maturitystore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/npsstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/wheelstore"
)

// stores are the CRM's databases, one per package, each behind the
// package's own Store interface: the simulation writes through them and
// the report reads through them, and neither knows what is underneath.
type stores struct {
	nps      nps.Store
	cases    closedloop.Store
	enps     enps.Store
	wheel    wheel.Store
	maturity maturity.Store
	lead     maturity.LEADStore

	closers []func() error
}

// Close closes every store, returning their errors joined.
func (s *stores) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// databaseFiles are the names of the SQLite databases in the output
// directory, one per store.
var databaseFiles = []string{"nps.db", "closedloop.db", "enps.db", "wheel.db", "maturity.db"}

// openStores opens (creating them if need be) the SQLite databases in
// dir, one file per store, each with its schema migrations applied.
func openStores(ctx context.Context, dir string) (_ *stores, err error) {
	s := &stores{}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Close())
		}
	}()
	path := func(i int) string { return filepath.Join(dir, databaseFiles[i]) }

	ns, err := npsstore.Open(ctx, path(0))
	if err != nil {
		return nil, err
	}
	s.nps, s.closers = ns, append(s.closers, ns.Close)
	cs, err := closedloopstore.Open(ctx, path(1))
	if err != nil {
		return nil, err
	}
	s.cases, s.closers = cs, append(s.closers, cs.Close)
	es, err := enpsstore.Open(ctx, path(2))
	if err != nil {
		return nil, err
	}
	s.enps, s.closers = es, append(s.closers, es.Close)
	ws, err := wheelstore.Open(ctx, path(3))
	if err != nil {
		return nil, err
	}
	s.wheel, s.closers = ws, append(s.closers, ws.Close)
	ms, err := maturitystore.Open(ctx, path(4))
	if err != nil {
		return nil, err
	}
	s.maturity, s.lead, s.closers = ms, ms, append(s.closers, ms.Close)
	return s, nil
}
