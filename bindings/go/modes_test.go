package edgelite_test

// Each mode through database/sql: embedded (file, :memory:), remote (http://, ws://, libsql://
// with authToken), and an embedded replica of a real `edgelite serve`.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

// roundTrip writes and reads through db, across two pooled connections.
func roundTrip(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "DROP TABLE IF EXISTS items")
	mustExec(t, db, "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, big INTEGER)")
	res := mustExec(t, db, "INSERT INTO items(name, big) VALUES (?, ?)", "first", int64(9007199254740993))
	id, _ := res.LastInsertId()
	n, _ := res.RowsAffected()
	if n != 1 || id < 1 {
		t.Fatalf("insert: rows %d, id %d", n, id)
	}
	c1, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c1.ExecContext(context.Background(), "INSERT INTO items(name) VALUES (?)", "second"); err != nil {
		t.Fatal(err)
	}
	var name string
	var big int64
	if err := c2.QueryRowContext(context.Background(), "SELECT name, big FROM items WHERE id = ?", id).Scan(&name, &big); err != nil {
		t.Fatal(err)
	}
	if name != "first" || big != 9007199254740993 {
		t.Fatalf("read back %q %d", name, big)
	}
	if got := queryInt(t, c2, "SELECT count(*) FROM items WHERE name = 'second'"); got != 1 {
		t.Fatalf("the second connection sees %d rows of the first's insert", got)
	}
}

func TestEmbeddedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	db := openDB(t, path)
	roundTrip(t, db)
	db.Close()
	// The data is in the file: a new sql.DB sees it.
	again := openDB(t, path)
	if got := queryInt(t, again, "SELECT count(*) FROM items"); got != 2 {
		t.Fatalf("reopened file has %d rows", got)
	}
}

func TestEmbeddedMemoryIsOneDatabasePerDB(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(4)
	roundTrip(t, db) // two pooled connections see the same in-memory database
	other := openDB(t, ":memory:")
	if _, err := other.Exec("SELECT * FROM items"); err == nil {
		t.Fatal("a second sql.DB on :memory: shares the first's database")
	}
}

func TestRemoteHTTPAndWebSocket(t *testing.T) {
	srv := startServer(t)
	for _, url := range []string{srv.HTTP, srv.WS} {
		t.Run(strings.SplitN(url, ":", 2)[0], func(t *testing.T) {
			db := openDB(t, url)
			if err := db.Ping(); err != nil {
				t.Fatal(err)
			}
			roundTrip(t, db)
		})
	}
	// Both transports reach the same database: what the WebSocket run wrote, HTTP reads.
	if got := queryInt(t, openDB(t, srv.HTTP), "SELECT count(*) FROM items"); got != 2 {
		t.Fatalf("the server holds %d rows", got)
	}
}

func TestRemoteAuthToken(t *testing.T) {
	public, sign := jwtKeys(t)
	srv := startServer(t, "--auth-jwt-key", public)
	rw, ro := sign("rw"), sign("ro")

	// In the URL (libsql:// with tls=0 is plain HTTP), as an option, or rejected.
	libsql := strings.Replace(srv.HTTP, "http://", "libsql://", 1) + "?tls=0&authToken=" + rw
	roundTrip(t, openDB(t, libsql))
	db, _ := openWith(t, srv.WS, edgelite.WithAuthToken(ro))
	if got := queryInt(t, db, "SELECT count(*) FROM items"); got != 2 {
		t.Fatalf("read-only token reads %d rows", got)
	}
	_, err := db.Exec("INSERT INTO items(name) VALUES ('x')")
	wantCode(t, err, "EDGELITE_AUTH_FORBIDDEN")
	if !errors.Is(err, edgelite.ErrAuthRejected) {
		t.Fatalf("a forbidden write is not ErrAuthRejected: %v", err)
	}
	_, err = openDB(t, srv.HTTP+"?authToken=not.a.jwt").Exec("SELECT 1")
	wantCode(t, err, "EDGELITE_AUTH")
	_, err = openDB(t, srv.HTTP).Exec("SELECT 1")
	wantCode(t, err, "EDGELITE_AUTH")
}

func TestReplica(t *testing.T) {
	srv := startServer(t)
	primary := openDB(t, srv.HTTP)
	mustExec(t, primary, "CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER)")
	mustExec(t, primary, "INSERT INTO kv VALUES ('a', 1)")

	path := filepath.Join(t.TempDir(), "replica.db")
	replica, connector := openReplica(t, path, srv.HTTP)
	synced, err := connector.Sync()
	if err != nil {
		t.Fatal(err)
	}
	if synced.FrameNo == 0 {
		t.Fatalf("the first sync applied nothing: %+v", synced)
	}
	if got := queryInt(t, replica, "SELECT v FROM kv WHERE k = 'a'"); got != 1 {
		t.Fatalf("replica reads %d", got)
	}

	// A write through the replica goes to the primary and is readable at once (read-your-writes).
	res := mustExec(t, replica, "INSERT INTO kv VALUES ('b', 2)")
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("forwarded write changed %d rows", n)
	}
	if got := queryInt(t, replica, "SELECT v FROM kv WHERE k = 'b'"); got != 2 {
		t.Fatalf("replica does not read its own write: %d", got)
	}
	if got := queryInt(t, primary, "SELECT count(*) FROM kv"); got != 2 {
		t.Fatalf("primary holds %d rows", got)
	}

	// A write elsewhere arrives with Sync().
	mustExec(t, primary, "INSERT INTO kv VALUES ('c', 3)")
	synced, err = connector.Sync()
	if err != nil {
		t.Fatal(err)
	}
	if synced.FramesSynced == 0 {
		t.Fatalf("sync after a primary write applied nothing: %+v", synced)
	}
	if got := queryInt(t, replica, "SELECT count(*) FROM kv"); got != 3 {
		t.Fatalf("replica holds %d rows after sync", got)
	}

	// A read-only transaction is served locally; a write in it fails.
	tx, err := replica.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryInt(t, tx, "SELECT count(*) FROM kv"); got != 3 {
		t.Fatalf("read-only transaction reads %d", got)
	}
	_, err = tx.Exec("INSERT INTO kv VALUES ('z', 0)")
	wantCode(t, err, "SQLITE_READONLY")
	tx.Rollback()
}

func TestReplicaSyncInterval(t *testing.T) {
	srv := startServer(t)
	primary := openDB(t, srv.HTTP)
	mustExec(t, primary, "CREATE TABLE log(n INTEGER)")
	path := filepath.Join(t.TempDir(), "interval.db")
	replica, _ := openReplica(t, path, srv.HTTP,
		edgelite.WithSyncInterval(50*time.Millisecond), edgelite.WithReadYourWrites(false))
	for i := 1; i <= 3; i++ {
		mustExec(t, primary, "INSERT INTO log VALUES (?)", i)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int64
		err := replica.QueryRow("SELECT count(*) FROM log").Scan(&n)
		if err == nil && n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the background sync did not bring the rows within 20s (n=%d, err=%v)", n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSyncOutsideAReplicaIsUnsupported(t *testing.T) {
	srv := startServer(t)
	for _, dsn := range []string{":memory:", srv.HTTP} {
		c, err := edgelite.NewConnector(dsn)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Sync()
		if !errors.Is(err, edgelite.ErrUnsupported) {
			t.Fatalf("%s: Sync() = %v, want ErrUnsupported", dsn, err)
		}
		c.Close()
	}
}

func TestReplicaOfANormalDatabaseFails(t *testing.T) {
	srv := startServer(t)
	path := filepath.Join(t.TempDir(), "plain.db")
	plain := openDB(t, path)
	mustExec(t, plain, "CREATE TABLE t(x)")
	plain.Close()
	c, err := edgelite.NewReplicaConnector(path, srv.HTTP)
	if err == nil {
		_, err = c.Sync()
		c.Close()
	}
	e := wantCode(t, err, "EDGELITE_SYNC_NOT_A_REPLICA")
	if !errors.Is(err, edgelite.ErrSync) || e.Code() != edgelite.CodeSync {
		t.Fatalf("not ErrSync: %v", err)
	}
}

func TestUnreachableServer(t *testing.T) {
	db := openDB(t, "http://127.0.0.1:9") // discard port: nothing listens
	_, err := db.Exec("SELECT 1")
	e := wantCode(t, err, "EDGELITE_REMOTE_CONNECT")
	if !errors.Is(err, edgelite.ErrRemote) || !e.Retryable() {
		t.Fatalf("connect failure: %v (retryable %v)", err, e.Retryable())
	}
	if err := db.Ping(); err == nil {
		t.Fatal("ping of an unreachable server succeeded")
	}
}

func TestBadDSN(t *testing.T) {
	_, err := sql.Open("edgelite", "http://127.0.0.1:1?nope=1")
	wantCode(t, err, "SQLITE_MISUSE")
	_, err = edgelite.NewReplicaConnector("", "http://x")
	wantCode(t, err, "SQLITE_MISUSE")
	_, err = sql.Open("edgelite", filepath.Join(t.TempDir(), "missing-dir", "x.db"))
	if err == nil {
		err = fmt.Errorf("opened a file in a missing directory")
	}
	wantCode(t, err, "SQLITE_CANTOPEN")
}
