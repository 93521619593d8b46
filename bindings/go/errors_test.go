package edgelite_test

// docs/errors.md: every primary code maps to its name and Go sentinel (one table), and the
// codes a database/sql program can meet are produced for real.

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

// The "Per-code mapping" table of docs/errors.md, Go column.
var errorTable = []struct {
	code     edgelite.ErrorCode
	name     string
	sentinel *edgelite.Error
}{
	{1, "SQLITE_ERROR", edgelite.ErrSQL},
	{2, "SQLITE_INTERNAL", edgelite.ErrInternal},
	{3, "SQLITE_PERM", edgelite.ErrPerm},
	{4, "SQLITE_ABORT", edgelite.ErrAbort},
	{5, "SQLITE_BUSY", edgelite.ErrBusy},
	{6, "SQLITE_LOCKED", edgelite.ErrLocked},
	{7, "SQLITE_NOMEM", edgelite.ErrNoMem},
	{8, "SQLITE_READONLY", edgelite.ErrReadOnly},
	{9, "SQLITE_INTERRUPT", edgelite.ErrInterrupt},
	{10, "SQLITE_IOERR", edgelite.ErrIOErr},
	{11, "SQLITE_CORRUPT", edgelite.ErrCorrupt},
	{12, "SQLITE_NOTFOUND", edgelite.ErrNotFound},
	{13, "SQLITE_FULL", edgelite.ErrFull},
	{14, "SQLITE_CANTOPEN", edgelite.ErrCantOpen},
	{15, "SQLITE_PROTOCOL", edgelite.ErrProtocol},
	{16, "SQLITE_EMPTY", edgelite.ErrEmpty},
	{17, "SQLITE_SCHEMA", edgelite.ErrSchema},
	{18, "SQLITE_TOOBIG", edgelite.ErrTooBig},
	{19, "SQLITE_CONSTRAINT", edgelite.ErrConstraint},
	{20, "SQLITE_MISMATCH", edgelite.ErrMismatch},
	{21, "SQLITE_MISUSE", edgelite.ErrMisuse},
	{22, "SQLITE_NOLFS", edgelite.ErrNoLFS},
	{23, "SQLITE_AUTH", edgelite.ErrAuth},
	{24, "SQLITE_FORMAT", edgelite.ErrFormat},
	{25, "SQLITE_RANGE", edgelite.ErrRange},
	{26, "SQLITE_NOTADB", edgelite.ErrNotADB},
	{27, "SQLITE_NOTICE", edgelite.ErrNotice},
	{28, "SQLITE_WARNING", edgelite.ErrWarning},
	{192, "EDGELITE_REMOTE", edgelite.ErrRemote},
	{193, "EDGELITE_AUTH", edgelite.ErrAuthRejected},
	{194, "EDGELITE_PROTOCOL", edgelite.ErrWireProtocol},
	{195, "EDGELITE_SYNC", edgelite.ErrSync},
	{196, "EDGELITE_UNSUPPORTED", edgelite.ErrUnsupported},
}

func TestErrorTable(t *testing.T) {
	for i, row := range errorTable {
		t.Run(row.name, func(t *testing.T) {
			if row.code.String() != row.name {
				t.Fatalf("code %d is named %q by the core, want %q", row.code, row.code.String(), row.name)
			}
			if row.sentinel.Code() != row.code || row.sentinel.Error() != row.name {
				t.Fatalf("sentinel for %s has code %d (%s)", row.name, row.sentinel.Code(), row.sentinel)
			}
			// Each sentinel matches only its own code.
			for j, other := range errorTable {
				if (i == j) != errors.Is(row.sentinel, other.sentinel) {
					t.Fatalf("errors.Is(%s, %s) = %v", row.name, other.name, i != j)
				}
			}
		})
	}
}

// Codes produced for real, each checked for type, primary code, extended name and sentinel.
func TestErrorsFromTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := openDB(t, filepath.Join(dir, "e.db"))
	script(t, db, `CREATE TABLE p(id INTEGER PRIMARY KEY, u TEXT UNIQUE, nn TEXT NOT NULL DEFAULT 'x', c INTEGER CHECK (c > 0));
		CREATE TABLE ch(pid INTEGER REFERENCES p(id));
		INSERT INTO p(id, u, c) VALUES (1, 'a', 1);`)
	check := func(err error, name string, sentinel *edgelite.Error) *edgelite.Error {
		t.Helper()
		e := wantCode(t, err, name)
		if !errors.Is(err, sentinel) {
			t.Fatalf("%s is not %s", err, sentinel)
		}
		return e
	}
	_, err := db.Exec("INSERT INTO p(u, c) VALUES ('a', 1)")
	e := check(err, "SQLITE_CONSTRAINT_UNIQUE", edgelite.ErrConstraint)
	if e.ExtendedCode() != 2067 || e.Code() != edgelite.CodeConstraint || e.Message() == "" {
		t.Fatalf("unique: %d %d %q", e.ExtendedCode(), e.Code(), e.Message())
	}
	_, err = db.Exec("INSERT INTO p(id, c) VALUES (1, 1)")
	check(err, "SQLITE_CONSTRAINT_PRIMARYKEY", edgelite.ErrConstraint)
	_, err = db.Exec("INSERT INTO p(nn, c) VALUES (NULL, 1)")
	check(err, "SQLITE_CONSTRAINT_NOTNULL", edgelite.ErrConstraint)
	_, err = db.Exec("INSERT INTO p(c) VALUES (0)")
	check(err, "SQLITE_CONSTRAINT_CHECK", edgelite.ErrConstraint)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mustExecConn(t, conn, "PRAGMA foreign_keys = ON")
	_, err = conn.ExecContext(context.Background(), "INSERT INTO ch VALUES (99)")
	check(err, "SQLITE_CONSTRAINT_FOREIGNKEY", edgelite.ErrConstraint)
	conn.Close()

	_, err = db.Exec("SELEC 1")
	check(err, "SQLITE_ERROR", edgelite.ErrSQL)
	_, err = db.Exec("INSERT INTO nope VALUES (1)")
	check(err, "SQLITE_ERROR", edgelite.ErrSQL)
	_, err = db.Exec("INSERT INTO p(id, c) VALUES ('not an integer', 1)")
	check(err, "SQLITE_MISMATCH", edgelite.ErrMismatch)
	_, err = db.Exec("SELECT ?", 1, 2)
	check(err, "EDGELITE_RANGE_PARAMETER", edgelite.ErrRange)
	_, err = db.Exec("SELECT :a", sql.Named("b", 1))
	check(err, "EDGELITE_RANGE_PARAMETER", edgelite.ErrRange)
	_, err = db.Exec("SELECT ?, :a", 1, sql.Named("a", 2))
	check(err, "SQLITE_RANGE", edgelite.ErrRange)
	_, err = db.Exec("")
	check(err, "EDGELITE_MISUSE_NO_STATEMENT", edgelite.ErrMisuse)
	_, err = db.Exec("SELECT 1; SELECT 2")
	check(err, "EDGELITE_MISUSE_MANY_STATEMENTS", edgelite.ErrMisuse)
	_, err = db.Exec("SELECT zeroblob(2000000000)")
	check(err, "SQLITE_TOOBIG", edgelite.ErrTooBig)

	// Read-only database.
	ro, _ := openWith(t, filepath.Join(dir, "e.db"), edgelite.WithReadOnly(true))
	_, err = ro.Exec("INSERT INTO p(c) VALUES (5)")
	check(err, "SQLITE_READONLY", edgelite.ErrReadOnly)

	// Not a database; cannot open.
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("this is not an SQLite database, not even close......................................................"), 0o644); err != nil {
		t.Fatal(err)
	}
	var c *edgelite.Connector
	c, err = edgelite.NewConnector(junk)
	if err == nil {
		_, err = sql.OpenDB(c).Exec("SELECT * FROM sqlite_master")
	}
	check(err, "SQLITE_NOTADB", edgelite.ErrNotADB)
	_, err = edgelite.NewConnector(filepath.Join(dir, "absent.db"), edgelite.WithCreateIfMissing(false))
	check(err, "SQLITE_CANTOPEN", edgelite.ErrCantOpen)

	// Busy: another connection holds the write lock; no busy timeout.
	locker, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	mustExecConn(t, locker, "BEGIN IMMEDIATE")
	impatient, _ := openWith(t, filepath.Join(dir, "e.db"), edgelite.WithBusyTimeout(0))
	_, err = impatient.Exec("INSERT INTO p(c) VALUES (7)")
	e = check(err, "SQLITE_BUSY", edgelite.ErrBusy)
	if !e.Retryable() {
		t.Fatal("SQLITE_BUSY is not retryable")
	}
	mustExecConn(t, locker, "ROLLBACK")

	// Interrupt (a cancelled context) and unsupported options.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = db.QueryContext(ctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
	check(err, "SQLITE_INTERRUPT", edgelite.ErrInterrupt)
	_, err = db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	check(err, "EDGELITE_UNSUPPORTED", edgelite.ErrUnsupported)
}

func TestBatchErrorHasTheStatementIndex(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(*edgelite.Conn)
		if err := c.ExecScript(context.Background(), "CREATE TABLE t(x UNIQUE)"); err != nil {
			return err
		}
		results, err := c.Batch(context.Background(), edgelite.TxDeferred, []edgelite.BatchStatement{
			{SQL: "INSERT INTO t VALUES (?)", Args: []any{1}},
			{SQL: "INSERT INTO t VALUES (:v)", Args: []any{sql.Named("v", 2)}},
			{SQL: "SELECT x FROM t ORDER BY x"},
		})
		if err != nil {
			return err
		}
		if len(results) != 3 || results[1].RowsAffected != 1 || len(results[2].Rows) != 2 || results[2].Rows[1][0] != int64(2) {
			t.Fatalf("batch results: %+v", results)
		}
		_, err = c.Batch(context.Background(), edgelite.TxImmediate, []edgelite.BatchStatement{
			{SQL: "INSERT INTO t VALUES (3)"},
			{SQL: "INSERT INTO t VALUES (1)"},
		})
		return err
	})
	e := wantCode(t, err, "SQLITE_CONSTRAINT_UNIQUE")
	if i, ok := e.StatementIndex(); !ok || i != 1 {
		t.Fatalf("statement index %d %v", i, ok)
	}
	if got := queryInt(t, conn, "SELECT count(*) FROM t"); got != 2 {
		t.Fatalf("a failed batch applied something: %d rows", got)
	}
}

func TestClosedConnectionErrors(t *testing.T) {
	db := openDB(t, ":memory:")
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error { return dc.(*edgelite.Conn).Close() }); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(context.Background(), "SELECT 1")
	e := wantCode(t, err, "EDGELITE_MISUSE_CLOSED")
	if !errors.Is(err, edgelite.ErrMisuse) || e.ExtendedCode() != 16405 {
		t.Fatalf("closed: %v", err)
	}
	// The pool discards the closed connection and opens another.
	conn.Close()
	if got := queryInt(t, db, "SELECT 41 + 1"); got != 42 {
		t.Fatal("the pool did not recover from a closed connection")
	}
}

func mustExecConn(t testing.TB, c *sql.Conn, query string, args ...any) {
	t.Helper()
	if _, err := c.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
