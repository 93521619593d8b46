package edgelite_test

// database/sql behaviour: statements, named parameters, transactions, pooling across
// goroutines, contexts, and the session hooks.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

const slowQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"

func TestDriverRegisteredAndVersion(t *testing.T) {
	found := false
	for _, d := range sql.Drivers() {
		found = found || d == edgelite.DriverName
	}
	if !found || edgelite.Version() != "0.1.0" {
		t.Fatalf("driver registered %v, version %q", found, edgelite.Version())
	}
}

func TestPreparedStatementsAndNamedParameters(t *testing.T) {
	db := openDB(t, ":memory:")
	mustExec(t, db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")
	ins, err := db.Prepare("INSERT INTO t(name) VALUES (?)")
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	for i := 0; i < 10; i++ {
		res, err := ins.Exec(fmt.Sprintf("n%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := res.LastInsertId(); id != int64(i+1) {
			t.Fatalf("LastInsertId %d", id)
		}
	}
	sel, err := db.Prepare("SELECT name FROM t WHERE id = :id OR name = @name")
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	// Two open result sets of one prepared statement at once.
	r1, err := sel.Query(sql.Named("id", 1), sql.Named("name", "n9"))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := sel.Query(sql.Named("name", "n4"), sql.Named("id", 3))
	if err != nil {
		t.Fatal(err)
	}
	var got1, got2 []string
	for r1.Next() {
		var s string
		r1.Scan(&s)
		got1 = append(got1, s)
	}
	for r2.Next() {
		var s string
		r2.Scan(&s)
		got2 = append(got2, s)
	}
	r1.Close()
	r2.Close()
	if fmt.Sprint(got1) != "[n0 n9]" || fmt.Sprint(got2) != "[n2 n4]" {
		t.Fatalf("named queries: %v %v", got1, got2)
	}
	// Numbered parameters.
	var a, b int64
	if err := db.QueryRow("SELECT ?2, ?1", 1, 2).Scan(&a, &b); err != nil || a != 2 || b != 1 {
		t.Fatalf("?NNN: %d %d %v", a, b, err)
	}
	// Statement metadata through Raw.
	conn, _ := db.Conn(context.Background())
	defer conn.Close()
	conn.Raw(func(dc any) error {
		s, err := dc.(*edgelite.Conn).PrepareContext(context.Background(), "SELECT id AS i, name FROM t WHERE id = ? AND name = :n")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st := s.(*edgelite.Stmt)
		if fmt.Sprint(st.Columns(), st.DeclTypes(), st.ParamCount(), st.ParamNames()) != "[i name] [INTEGER TEXT] 2 [ :n]" {
			t.Fatalf("metadata: %v %v %v %q", st.Columns(), st.DeclTypes(), st.ParamCount(), st.ParamNames())
		}
		return nil
	})
}

func TestTransactions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tx.db")
	db := openDB(t, path)
	mustExec(t, db, "CREATE TABLE t(x)")

	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO t VALUES (1)")
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	tx, _ = db.BeginTx(edgelite.WithTxMode(context.Background(), edgelite.TxImmediate), nil)
	mustExec(t, tx, "INSERT INTO t VALUES (2)")
	// Another connection cannot take the write lock meanwhile.
	other, _ := openWith(t, path, edgelite.WithBusyTimeout(0))
	_, err = other.Exec("INSERT INTO t VALUES (3)")
	wantCode(t, err, "SQLITE_BUSY")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := queryInt(t, db, "SELECT group_concat(x) FROM t"); got != 2 {
		t.Fatalf("after commit: %d", got)
	}

	ro, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelSerializable})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ro.Exec("INSERT INTO t VALUES (4)")
	wantCode(t, err, "SQLITE_READONLY")
	ro.Rollback()
	_, err = db.BeginTx(edgelite.WithTxMode(context.Background(), edgelite.TxExclusive), &sql.TxOptions{ReadOnly: true})
	wantCode(t, err, "SQLITE_MISUSE")
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
}

// A script that leaves a transaction open does not leak it to the next user of the pooled
// connection (SessionResetter rolls it back).
func TestSessionResetRollsBackALeftoverTransaction(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE t(x)")
	script(t, db, "BEGIN; INSERT INTO t VALUES (1);")
	conn, _ := db.Conn(context.Background())
	defer conn.Close()
	var auto bool
	conn.Raw(func(dc any) (err error) { auto, err = dc.(*edgelite.Conn).IsAutocommit(); return })
	if !auto || queryInt(t, conn, "SELECT count(*) FROM t") != 0 {
		t.Fatal("the leftover transaction survived the pool")
	}
}

func TestPoolAcrossGoroutines(t *testing.T) {
	srv := startServer(t)
	for name, dsn := range map[string]string{
		"embedded": filepath.Join(t.TempDir(), "pool.db"),
		"remote":   srv.HTTP,
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, dsn)
			db.SetMaxOpenConns(6)
			mustExec(t, db, "CREATE TABLE counter(worker INTEGER, n INTEGER)")
			if name == "embedded" {
				mustExec(t, db, "PRAGMA journal_mode = WAL")
			}
			const workers, each = 12, 25
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					stmt, err := db.Prepare("INSERT INTO counter VALUES (?, ?)")
					if err != nil {
						errs <- err
						return
					}
					defer stmt.Close()
					for i := 0; i < each; i++ {
						if _, err := stmt.Exec(w, i); err != nil {
							errs <- err
							return
						}
						var n int64
						if err := db.QueryRow("SELECT count(*) FROM counter WHERE worker = ?", w).Scan(&n); err != nil {
							errs <- err
							return
						}
						if n != int64(i+1) {
							errs <- fmt.Errorf("worker %d sees %d of its rows after %d inserts", w, n, i+1)
							return
						}
					}
				}(w)
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if got := queryInt(t, db, "SELECT count(*) FROM counter"); got != workers*each {
				t.Fatalf("%d rows, want %d", got, workers*each)
			}
		})
	}
}

func TestContextCancellation(t *testing.T) {
	srv := startServer(t)
	for name, dsn := range map[string]string{"embedded": ":memory:", "remote-http": srv.HTTP, "remote-ws": srv.WS} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t, dsn)
			db.SetMaxOpenConns(1)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := db.QueryContext(ctx, slowQuery)
			if !errors.Is(err, edgelite.ErrInterrupt) && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("want an interrupt, got %v", err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("the interrupt does not unwrap to the context's error: %v", err)
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("cancellation took %v", time.Since(start))
			}
			// The connection is usable afterwards.
			if got := queryInt(t, db, "SELECT 7"); got != 7 {
				t.Fatal("connection unusable after an interrupt")
			}
		})
	}
	t.Run("cancelled before the call", func(t *testing.T) {
		db := openDB(t, ":memory:")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := db.ExecContext(ctx, "SELECT 1"); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("while reading rows", func(t *testing.T) {
		db := openDB(t, ":memory:")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows, err := db.QueryContext(ctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if n++; n == 1000 {
				cancel()
			}
		}
		if err := rows.Err(); !errors.Is(err, context.Canceled) {
			t.Fatalf("rows.Err() = %v after %d rows", err, n)
		}
	})
}

func TestDriverOpenAndClosedConnector(t *testing.T) {
	// The pre-Go 1.10 path: Driver.Open gives a connection that owns its database.
	c, err := (&edgelite.Driver{}).Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.(*edgelite.Conn).ExecScript(context.Background(), "CREATE TABLE t(x); INSERT INTO t VALUES (1);"); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("closing twice: %v", err)
	}
	_, err = c.(*edgelite.Conn).QueryContext(context.Background(), "SELECT 1", nil)
	wantCode(t, err, "EDGELITE_MISUSE_CLOSED")

	connector, err := edgelite.NewConnector(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	connector.Close()
	_, err = connector.Connect(context.Background())
	wantCode(t, err, "EDGELITE_MISUSE_CLOSED")
	_, err = connector.Sync()
	wantCode(t, err, "EDGELITE_MISUSE_CLOSED")
}

func TestInterruptFromAnotherGoroutine(t *testing.T) {
	db := openDB(t, ":memory:")
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(*edgelite.Conn)
		timer := time.AfterFunc(100*time.Millisecond, c.Interrupt)
		defer timer.Stop()
		_, err := c.QueryContext(context.Background(), slowQuery, nil)
		return err
	})
	wantCode(t, err, "SQLITE_INTERRUPT")
	if got := queryInt(t, conn, "SELECT 5"); got != 5 {
		t.Fatal("the connection is unusable after an interrupt")
	}
}
