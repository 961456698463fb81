package pgdb_test

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgdb"
	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestSplitJoin(t *testing.T) {
	for _, at := range []time.Time{
		{},
		time.Date(2026, 3, 2, 10, 15, 30, 123456789, time.FixedZone("CET", 3600)),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Unix(math.MinInt64/2, 1),
		time.Unix(math.MaxInt64/2, 999999999),
	} {
		sec, nsec := pgdb.Split(at)
		if nsec < 0 || nsec > 999999999 {
			t.Errorf("Split(%v): nanoseconds %d out of range", at, nsec)
		}
		if got := pgdb.Join(sec, nsec); !got.Equal(at) || got.Location() != time.UTC || got.IsZero() != at.IsZero() {
			t.Errorf("Join(Split(%v)) = %v", at, got)
		}
	}
	a, b := time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Unix(0, 0)
	as, ans := pgdb.Split(a)
	bs, bns := pgdb.Split(b)
	if !(as < bs || as == bs && ans < bns) {
		t.Errorf("the pairs of %v and %v do not compare as the instants", a, b)
	}
}

func TestCheckText(t *testing.T) {
	type inner struct{ Note string }
	type value struct {
		Name    string
		List    []inner
		Labels  map[string]string
		Ptr     *inner
		private string
	}
	if err := pgdb.CheckText(value{Name: "ok — ü", List: []inner{{"x"}}, Labels: map[string]string{"": ""}, private: "\x00"}); err != nil {
		t.Errorf("valid strings: %v", err)
	}
	for want, v := range map[string]value{
		`List[1].Note "a\x00"`:  {List: []inner{{"ok"}, {"a\x00"}}},
		`Labels key "\xff"`:     {Labels: map[string]string{"\xff": "v"}},
		`Labels["k"] "caf\xe9"`: {Labels: map[string]string{"k": "caf\xe9"}},
		`Ptr.Note "\xc3"`:       {Ptr: &inner{"\xc3"}},
	} {
		err := pgdb.CheckText(v)
		if !errors.Is(err, pgdb.ErrText) || !errors.Is(err, errors.ErrUnsupported) || !strings.HasSuffix(err.Error(), ": "+want) {
			t.Errorf("CheckText: got %v, want an ErrText naming %s", err, want)
		}
	}
}

func TestWhere(t *testing.T) {
	var w pgdb.Where
	if w.SQL() != "TRUE" || len(w.Args()) != 0 {
		t.Errorf("zero Where: %q, %v", w.SQL(), w.Args())
	}
	w.Add("a = %s", 1)
	w.Add("(b, c) > (%s, %s)", "x", 2.5)
	w.Add("FALSE")
	if got, want := w.SQL(), "a = $1 AND (b, c) > ($2, $3) AND FALSE"; got != want {
		t.Errorf("SQL() = %q, want %q", got, want)
	}
	if got := w.Args(); len(got) != 3 || got[0] != 1 || got[1] != "x" || got[2] != 2.5 {
		t.Errorf("Args() = %v", got)
	}
}

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	url := pgtest.URL(t)
	files := fstest.MapFS{
		"0001_a.sql": {Data: []byte("CREATE TABLE a (v int); INSERT INTO a VALUES (1);")},
		"0002_b.sql": {Data: []byte("INSERT INTO a VALUES (2);")},
		"README.md":  {Data: []byte("not a migration")},
	}
	// Processes opening one database at once apply each migration once.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			pool, err := pgdb.Open(ctx, url, files)
			if err == nil {
				pool.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	pool, err := pgdb.Open(ctx, url, files)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var n, sum int
	if err := pool.QueryRow(ctx, `SELECT count(*), sum(v) FROM a`).Scan(&n, &sum); err != nil || n != 2 || sum != 3 {
		t.Fatalf("after opening five times: %d rows summing to %d, error %v; want the rows 1 and 2 once", n, sum, err)
	}

	files["0002_b.sql"] = &fstest.MapFile{Data: []byte("INSERT INTO a VALUES (20);")}
	if err := pgdb.Migrate(ctx, pool, files); err == nil || !strings.Contains(err.Error(), "0002_b.sql: applied with other content") {
		t.Errorf("an edited migration: got %v, want an error naming it", err)
	}
	delete(files, "0002_b.sql")
	files["0003_bad.sql"] = &fstest.MapFile{Data: []byte("INSERT INTO a VALUES (3); SELECT * FROM nowhere;")}
	if err := pgdb.Migrate(ctx, pool, files); err == nil || !strings.Contains(err.Error(), "0003_bad.sql") {
		t.Errorf("a failing migration: got %v, want an error naming it", err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM a`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after the failing migration: %d rows, error %v; want it rolled back whole", n, err)
	}
}

func TestTx(t *testing.T) {
	ctx := t.Context()
	pool, err := pgdb.Open(ctx, pgtest.URL(t), fstest.MapFS{
		"0001.sql": {Data: []byte("CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL); INSERT INTO c VALUES (1, 0), (2, 0);")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	// Two transactions that lock the rows in opposite orders deadlock;
	// the server aborts one, and Tx runs it again.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	locked := make(chan struct{}, 2)
	for i, order := range [][2]int{{1, 2}, {2, 1}} {
		wg.Go(func() {
			first := true
			errs[i] = pgdb.Tx(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `UPDATE c SET n = n + 1 WHERE id = $1`, order[0]); err != nil {
					return err
				}
				if first { // wait until both hold their first lock
					first = false
					locked <- struct{}{}
					for len(locked) < 2 {
						time.Sleep(time.Millisecond)
					}
				}
				_, err := tx.Exec(ctx, `UPDATE c SET n = n + 1 WHERE id = $1`, order[1])
				return err
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Tx did not retry the deadlocked transaction: %v", err)
	}
	var n1, n2 int
	if err := pool.QueryRow(ctx, `SELECT (SELECT n FROM c WHERE id = 1), (SELECT n FROM c WHERE id = 2)`).Scan(&n1, &n2); err != nil || n1 != 2 || n2 != 2 {
		t.Errorf("after both transactions: %d and %d, error %v; want 2 and 2", n1, n2, err)
	}

	sentinel := errors.New("rolled back")
	err = pgdb.Tx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE c SET n = 100`); err != nil {
			return err
		}
		return sentinel
	})
	if !errors.Is(err, sentinel) {
		t.Errorf("Tx returned %v, want fn's error", err)
	}
	if err := pool.QueryRow(ctx, `SELECT max(n) FROM c`).Scan(&n1); err != nil || n1 != 2 {
		t.Errorf("after a failing fn: max %d, error %v; want the update rolled back", n1, err)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := pgdb.Tx(canceled, pool, func(pgx.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Tx with a canceled ctx: got %v, want context.Canceled", err)
	}
	if _, ok := pgdb.IsUniqueViolation(errors.New("x")); ok {
		t.Error("IsUniqueViolation of a plain error")
	}
	_, err = pool.Exec(ctx, `INSERT INTO c VALUES (1, 0)`)
	if name, ok := pgdb.IsUniqueViolation(err); !ok || name != "c_pkey" {
		t.Errorf("IsUniqueViolation(%v) = %q, %v; want c_pkey", err, name, ok)
	}
}
