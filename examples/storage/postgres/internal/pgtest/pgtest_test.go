package pgtest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestWithParam(t *testing.T) {
	for _, c := range []struct{ in, key, value, want string }{
		{"postgres://u@h:5/db?sslmode=disable", "search_path", "s1", "postgres://u@h:5/db?search_path=s1&sslmode=disable"},
		{"postgresql://u@h/db", "dbname", "other", "postgresql://u@h/db?dbname=other"},
		{"postgres://u@h/db?dbname=a", "dbname", "b", "postgres://u@h/db?dbname=b"},
		{"host=h user=u", "search_path", "s1", "host=h user=u search_path='s1'"},
		{"", "dbname", `it's\`, `dbname='it\'s\\'`},
	} {
		if got := WithParam(c.in, c.key, c.value); got != c.want {
			t.Errorf("WithParam(%q, %q, %q) = %q, want %q", c.in, c.key, c.value, got, c.want)
		}
	}
	// pgx reads both forms the same way.
	for _, s := range []string{
		WithParam("postgres://u@127.0.0.1:5432/db", "dbname", "other"),
		WithParam("host=127.0.0.1 user=u dbname=db", "dbname", "other"),
	} {
		cfg, err := pgx.ParseConfig(WithParam(s, "search_path", "s1"))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Database != "other" || cfg.RuntimeParams["search_path"] != "s1" {
			t.Errorf("%q: database %q, search_path %q; want other and s1", s, cfg.Database, cfg.RuntimeParams["search_path"])
		}
	}
}

func TestSchemaName(t *testing.T) {
	for _, c := range []struct {
		test string
		n    int64
		want string
	}{
		{"TestConformance/SaveAndRead", 3, "t3_testconformance_saveandread"},
		{"Test/page=1/Ünïcode--x", 12, "t12_test_page_1_n_code_x"},
		{"__", 1, "t1"},
		{strings.Repeat("a", 100), 7, "t7_" + strings.Repeat("a", 60)},
	} {
		if got := schemaName(c.test, c.n); got != c.want || len(got) > 63 {
			t.Errorf("schemaName(%q, %d) = %q, want %q", c.test, c.n, got, c.want)
		}
	}
}

func TestRedact(t *testing.T) {
	if got := redact("postgres://u:secret@h/db"); strings.Contains(got, "secret") {
		t.Errorf("redact kept the password: %q", got)
	}
	if got := redact("host=h password=secret"); strings.Contains(got, "secret") {
		t.Errorf("redact kept the password: %q", got)
	}
}

func TestVerdict(t *testing.T) {
	ok := &environment{}
	if skip, msg := ok.verdict(true); skip || msg != "" {
		t.Errorf("a database: verdict %v, %q; want neither skip nor failure", skip, msg)
	}
	missing := &environment{problem: "no binaries"}
	if skip, msg := missing.verdict(false); !skip || !strings.Contains(msg, "no binaries") || !strings.Contains(msg, EnvURL) {
		t.Errorf("no server outside CI: verdict %v, %q; want a skip that says why and how to get one", skip, msg)
	}
	if skip, msg := missing.verdict(true); skip || !strings.Contains(msg, "CI is set") {
		t.Errorf("no server in CI: verdict %v, %q; want a failure", skip, msg)
	}
	unreachable := &environment{problem: "cannot connect", fatal: true}
	if skip, _ := unreachable.verdict(false); skip {
		t.Errorf("an unreachable %s outside CI: skipped, want a failure", EnvURL)
	}
}

func TestInCI(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false, "true": true, "1": true, "yes": true} {
		t.Setenv("CI", v)
		if InCI() != want {
			t.Errorf("CI=%q: InCI() = %v, want %v", v, !want, want)
		}
	}
}

func TestNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	defer func(old string) { debianBins = old }(debianBins)
	debianBins = "/nonexistent/*/bin"
	if _, err := startServer(t.Context()); !errors.Is(err, errNotInstalled) {
		t.Fatalf("startServer without binaries: got %v, want errNotInstalled", err)
	}
}

func TestUnreachableURL(t *testing.T) {
	t.Setenv(EnvURL, "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	e := setUp()
	if e.problem == "" || !e.fatal || !strings.Contains(e.problem, "cannot connect") {
		t.Fatalf("setUp with an unreachable %s: problem %q, fatal %v; want a fatal connection problem", EnvURL, e.problem, e.fatal)
	}
}

// TestSchemas checks that each URL selects a new schema of its own.
func TestSchemas(t *testing.T) {
	ctx := context.Background()
	var conns []*pgx.Conn
	for range 2 {
		conn, err := pgx.Connect(ctx, URL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		conns = append(conns, conn)
	}
	for i, conn := range conns {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("connection %d: %d tables in the new schema, error %v; want none", i, n, err)
		}
		if _, err := conn.Exec(ctx, `CREATE TABLE x (v int)`); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO x VALUES ($1)`, i); err != nil {
			t.Fatal(err)
		}
	}
	for i, conn := range conns {
		var vs []int
		rows, _ := conn.Query(ctx, `SELECT v FROM x`)
		vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil || len(vs) != 1 || vs[0] != i {
			t.Fatalf("connection %d reads %v, %v from its table x; want only its own row %d", i, vs, err, i)
		}
	}
	var enc, collate string
	if err := conns[0].QueryRow(ctx, `SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database WHERE datname = current_database()`).Scan(&enc, &collate); err != nil {
		t.Fatal(err)
	}
	if enc != "UTF8" {
		t.Errorf("the test database's encoding is %s, want UTF8", enc)
	}
}
