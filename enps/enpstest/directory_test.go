package enpstest_test

import (
	"context"
	"iter"
	"testing"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/enps/enpstest"
)

func TestTestDirectory(t *testing.T) {
	good := enps.StaticDirectory{
		UnitList:   []enps.Unit{{ID: "co"}, {ID: "a", Parent: "co"}},
		MemberList: []enps.Member{{Employee: "x", Unit: "a"}, {Employee: "y", Unit: "co"}},
	}
	if err := enpstest.TestDirectory(good); err != nil {
		t.Fatalf("static directory: %v", err)
	}
	bad := map[string]enps.Directory{
		"unknown unit": enps.StaticDirectory{UnitList: good.UnitList, MemberList: []enps.Member{{Employee: "x", Unit: "b"}}},
		"twice":        enps.StaticDirectory{UnitList: good.UnitList, MemberList: []enps.Member{{Employee: "x", Unit: "a"}, {Employee: "x", Unit: "co"}}},
		"cycle":        enps.StaticDirectory{UnitList: []enps.Unit{{ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}}},
		"ignores ctx":  deaf{good},
	}
	for name, d := range bad {
		if err := enpstest.TestDirectory(d); err == nil {
			t.Errorf("%s: the check passed a broken directory", name)
		}
	}
}

// deaf ignores its context.
type deaf struct{ enps.StaticDirectory }

func (d deaf) Units(context.Context) iter.Seq2[enps.Unit, error] {
	return d.StaticDirectory.Units(context.Background())
}
