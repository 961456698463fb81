// Package pgtest gives the tests of the PostgreSQL adapters a database:
// a fresh, empty schema for each call of [URL], in a database created for
// the test binary and dropped when it ends.
//
// A package that uses it runs its tests through [Main]:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// # Which server
//
// With the environment variable SERVICEKULTUR_PG_URL set (a postgres://
// URL or key=value connection string, as libpq takes them, whose user may
// create databases), the tests use that server; .ci/run sets it to the
// throwaway cluster it starts. Otherwise, on the first call of [URL],
// pgtest starts a throwaway cluster of its own: initdb into a temporary
// directory (trust authentication, UTF8, C locale) and the postgres
// server listening on 127.0.0.1 at a free port and on a socket in that
// directory, with fsync off. It finds initdb and postgres on PATH or in
// /usr/lib/postgresql/*/bin (Debian's postgresql package), the newest
// version first. Run as root, it runs the server as the user postgres,
// which Debian's package creates, because PostgreSQL refuses to run as
// root. [Main] stops the server and removes the directory after the tests;
// should the test binary die first, the kernel sends the server SIGQUIT
// (Linux's parent-death signal), so no server outlives it.
//
// # When there is none
//
// If no server can be had, [URL] skips the test with a message saying why
// and how to get one, unless the environment variable CI is set (to
// anything but "", "0" or "false"): in CI a missing server is a failure,
// never a skip. A SERVICEKULTUR_PG_URL that cannot be reached is a failure
// everywhere: someone asked for that server.
//
// # Isolation
//
// Each call of [URL] creates a schema with a unique name and returns a
// connection string whose search_path is that schema, so a store opened on
// it creates its tables there and sees no other test's rows. If the user
// may not create databases, the schemas are made in the database the URL
// names and each is dropped when its test ends.
package pgtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL is the environment variable that names the server to test
// against.
const EnvURL = "SERVICEKULTUR_PG_URL"

// setupTimeout bounds starting a server and creating the test database.
const setupTimeout = 2 * time.Minute

var (
	mainCalled atomic.Bool
	once       sync.Once
	env        *environment // set by once
	schemas    atomic.Int64 // schemas created, for their names
)

// environment is the database the test binary uses, or why it has none.
type environment struct {
	problem  string        // why there is no database; "" if there is one
	fatal    bool          // the problem fails tests even outside CI
	base     string        // connection string of the server, as given or started
	db       string        // connection string of the test database
	dbName   string        // the database created for the binary; "" if none
	admin    *pgxpool.Pool // on the test database: creates the schemas
	dropEach bool          // drop each schema after its test (no database of our own)
	server   *server       // the cluster pgtest started, if it did
}

// Main runs the tests of m and returns their exit code, after stopping the
// server pgtest started, if it did, and dropping the database it created.
// Call it from TestMain.
func Main(m *testing.M) int {
	mainCalled.Store(true)
	code := m.Run()
	if env != nil {
		if err := env.close(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: cleaning up: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// InCI reports whether the environment variable CI says the tests run in
// continuous integration, where a missing server fails them.
func InCI() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("CI"))) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// URL returns a connection string for a new, empty schema of its own in
// the test database: its search_path is that schema. If no server can be
// had it skips t, or fails it in CI; see the package documentation.
func URL(t testing.TB) string {
	t.Helper()
	available(t)
	u, err := newSchema(t)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// URLs returns a function that returns a connection string for a new,
// empty schema at each call, as [URL] does, for a conformance suite's
// newStore, which has no testing.TB of its own. URLs skips or fails t at
// once if no server can be had; the function panics if the server fails
// later. Schemas to drop are dropped when t ends.
func URLs(t testing.TB) func() string {
	t.Helper()
	available(t)
	return func() string {
		u, err := newSchema(t)
		if err != nil {
			panic("pgtest: " + err.Error())
		}
		return u
	}
}

// available sets the environment up on its first call, and skips or fails
// t if it has no database.
func available(t testing.TB) {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("pgtest: the package's TestMain must run the tests with pgtest.Main")
	}
	once.Do(func() { env = setUp() })
	switch skip, msg := env.verdict(InCI()); {
	case msg == "":
	case skip:
		t.Skip(msg)
	default:
		t.Fatal(msg)
	}
}

// verdict returns "" if e has a database, and otherwise the message to skip
// (skip true) or fail a test with.
func (e *environment) verdict(ci bool) (skip bool, msg string) {
	switch {
	case e.problem == "":
		return false, ""
	case e.fatal:
		return false, "pgtest: " + e.problem
	case ci:
		return false, "pgtest: CI is set, so the PostgreSQL tests must run, but " + e.problem
	}
	return true, fmt.Sprintf("pgtest: skipping, no PostgreSQL server: %s; install Debian's postgresql package (apt-get install postgresql) or set %s to the URL of a server", e.problem, EnvURL)
}

// newSchema creates a schema named after t and returns the connection
// string that selects it.
func newSchema(t testing.TB) (string, error) {
	name := schemaName(t.Name(), schemas.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if _, err := env.admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", fmt.Errorf("creating schema %s: %w", name, err)
	}
	if env.dropEach {
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
			defer cancel()
			if _, err := env.admin.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
				t.Errorf("pgtest: dropping schema %s: %v", name, err)
			}
		})
	}
	return WithParam(env.db, "search_path", name), nil
}

// schemaName returns the name of the n-th schema, made for the test named
// test: lower-case letters, digits and underscores, at most 63 bytes.
func schemaName(test string, n int64) string {
	var b strings.Builder
	for _, r := range strings.ToLower(test) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	prefix := fmt.Sprintf("t%d_", n)
	return strings.TrimSuffix(prefix+truncate(b.String(), 63-len(prefix)), "_")
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// WithParam returns the connection string s with the parameter key set to
// value: as a query parameter of a postgres:// or postgresql:// URL, as a
// key='value' pair otherwise. Later parameters override earlier ones in
// both forms, so "dbname" replaces the database.
func WithParam(s, key, value string) string {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		if u, err := url.Parse(s); err == nil {
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(value)
	return strings.TrimSpace(s + " " + key + "='" + quoted + "'")
}

// setUp finds or starts the server and creates the test database.
func setUp() *environment {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	e := &environment{base: os.Getenv(EnvURL)}
	if e.base == "" {
		srv, err := startServer(ctx)
		if err != nil {
			e.problem = fmt.Sprintf("%s is not set and no throwaway cluster could be started: %v", EnvURL, err)
			return e
		}
		e.server, e.base = srv, srv.url
	}
	if err := e.createDatabase(ctx); err != nil {
		e.problem = err.Error()
		e.fatal = e.server == nil // the server someone named is unusable
		if e.server != nil {
			_ = e.server.stop()
			e.server = nil
		}
	}
	return e
}

// createDatabase creates the binary's database on the server and connects
// e.admin to it.
func (e *environment) createDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, e.base)
	if err != nil {
		return fmt.Errorf("cannot connect to %s: %w", redact(e.base), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	name := fmt.Sprintf("servicekultur_test_%d_%s", os.Getpid(), hex.EncodeToString(suffix[:]))
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		e.dbName, e.db = name, WithParam(e.base, "dbname", name)
	case errors.As(err, &pgErr) && pgErr.Code == "42501": // insufficient_privilege
		e.db, e.dropEach = e.base, true
	default:
		return fmt.Errorf("creating database %s on %s: %w", name, redact(e.base), err)
	}
	if e.admin, err = pgxpool.New(ctx, e.db); err == nil {
		err = e.admin.Ping(ctx)
	}
	if err != nil {
		_ = e.dropDatabase(ctx, conn)
		return fmt.Errorf("connecting to the test database: %w", err)
	}
	return nil
}

// dropDatabase drops the binary's database, if it created one, closing
// the connections that are still open to it.
func (e *environment) dropDatabase(ctx context.Context, conn *pgx.Conn) error {
	if e.admin != nil {
		e.admin.Close()
	}
	if e.dbName == "" {
		return nil
	}
	_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{e.dbName}.Sanitize()+" WITH (FORCE)")
	return err
}

// close drops the test database and stops the server pgtest started.
func (e *environment) close() error {
	if e.problem != "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	var errs []error
	if e.server == nil { // a server someone else runs: leave it clean
		conn, err := pgx.Connect(ctx, e.base)
		if err == nil {
			err = e.dropDatabase(ctx, conn)
			_ = conn.Close(ctx)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("dropping database %s: %w", e.dbName, err))
		}
	} else {
		e.admin.Close()
		errs = append(errs, e.server.stop())
	}
	return errors.Join(errs...)
}

// redact returns the connection string s without its password.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	if strings.Contains(s, "password") {
		return "the server in " + EnvURL
	}
	return s
}

// server is a throwaway cluster that pgtest started.
type server struct {
	dir  string // the temporary directory: data, socket and log
	cmd  *exec.Cmd
	done chan struct{} // closed when the server has exited
	url  string
}

// errNotInstalled says that no PostgreSQL server binaries were found.
var errNotInstalled = errors.New("no PostgreSQL server binaries (initdb and postgres) on PATH or in /usr/lib/postgresql/*/bin")

// debianBins is where Debian's postgresql packages put the server
// binaries, one directory per major version.
var debianBins = "/usr/lib/postgresql/*/bin"

// binDir returns the directory of initdb and postgres.
func binDir() (string, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	debian, _ := filepath.Glob(debianBins)
	slices.SortFunc(debian, func(a, b string) int { // newest version first
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return cmp.Compare(vb, va)
	})
	for _, d := range append(dirs, debian...) {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errNotInstalled
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// startServer initialises a cluster in a temporary directory and starts
// it, as the package documentation describes.
func startServer(ctx context.Context) (_ *server, err error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, and PostgreSQL refuses to run as root, but there is no user postgres to run it as: %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := os.MkdirTemp("", "servicekultur-pg-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(dir)
		}
	}()
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.Env = append(os.Environ(), "LC_ALL=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s: %w\n%s", initdb, err, out)
	}
	var errs []error
	for range 3 { // a free port may be taken before the server binds it
		srv, err := launch(ctx, bin, dir, data, cred)
		if err == nil {
			return srv, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// launch starts the server of the cluster in data on a free port and waits
// until it accepts connections.
func launch(ctx context.Context, bin, dir, data string, cred *syscall.Credential) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-F", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		Pdeathsig:  syscall.SIGQUIT, // immediate shutdown if the test binary dies
		Setpgid:    true,            // keep the terminal's ^C from the server; the test binary decides
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	srv := &server{dir: dir, cmd: cmd, done: make(chan struct{}),
		url: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	go func() {
		_ = cmd.Wait()
		close(srv.done)
	}()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		conn, err := pgx.Connect(cctx, srv.url)
		cancel()
		if err == nil {
			_ = conn.Close(ctx)
			return srv, nil
		}
		select {
		case <-srv.done:
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("the server exited: %s\n%s", cmd.ProcessState, tail(log, 2000))
		case <-ctx.Done():
			_ = srv.kill()
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("the server did not accept connections: %w\n%s", err, tail(log, 2000))
		case <-tick.C:
		}
	}
}

// freePort returns a TCP port on 127.0.0.1 that nothing listened on a
// moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// kill shuts the server down at once and waits for it to exit.
func (s *server) kill() error {
	_ = s.cmd.Process.Signal(syscall.SIGQUIT) // immediate shutdown: the data is thrown away
	select {
	case <-s.done:
		return nil
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("the server did not stop within 30s of SIGQUIT and was killed")
	}
}

// stop shuts the server down and removes its directory.
func (s *server) stop() error {
	return errors.Join(s.kill(), os.RemoveAll(s.dir))
}
