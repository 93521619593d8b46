package edgelite_test

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

// repoRoot is the repository root (bindings/go is two levels down).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// serverBinary is the `edgelite` CLI: $EDGELITE_BIN, or debug/edgelite in the cargo target
// directory ($CARGO_TARGET_DIR, else <repo>/target). ci/test-go builds it.
func serverBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("EDGELITE_BIN"); bin != "" {
		return bin
	}
	target := os.Getenv("CARGO_TARGET_DIR")
	if target == "" {
		target = filepath.Join(repoRoot(t), "target")
	}
	bin := filepath.Join(target, "debug", "edgelite")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("the edgelite server binary is missing (%v): run `cargo build -p edgelite-cli` or set EDGELITE_BIN", err)
	}
	return bin
}

type server struct {
	HTTP, WS string
	Dir      string
}

// startServer runs `edgelite serve` on a free port with a fresh data directory; the test's
// cleanup stops it.
func startServer(t testing.TB, args ...string) *server {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(serverBinary(t), append([]string{"serve", "--listen", "127.0.0.1:0", "--db-path", filepath.Join(dir, "db")}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		// Keep draining so the server never blocks on a full pipe.
		for {
			if _, err := r.ReadString('\n'); err != nil {
				return
			}
		}
	}()
	select {
	case line := <-lines:
		i := strings.Index(line, "http://")
		if i < 0 {
			t.Fatalf("unexpected first line from the server: %q", line)
		}
		http := strings.TrimSpace(line[i:])
		return &server{HTTP: http, WS: "ws://" + strings.TrimPrefix(http, "http://"), Dir: dir}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start within 30s")
	}
	return nil
}

// jwtKeys makes an Ed25519 key pair: the public key in the form `--auth-jwt-key` takes, and a
// signer of tokens with the given access claim ("rw" or "ro").
func jwtKeys(t testing.TB) (public string, sign func(access string) string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(pub), func(access string) string {
		header := enc.EncodeToString([]byte(`{"alg":"EdDSA","typ":"JWT"}`))
		claims, _ := json.Marshal(map[string]any{"a": access, "exp": time.Now().Add(time.Hour).Unix()})
		body := header + "." + enc.EncodeToString(claims)
		return body + "." + enc.EncodeToString(ed25519.Sign(priv, []byte(body)))
	}
}

func openDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("edgelite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openWith opens dsn through a Connector with options.
func openWith(t testing.TB, dsn string, opts ...edgelite.Option) (*sql.DB, *edgelite.Connector) {
	t.Helper()
	c, err := edgelite.NewConnector(dsn, opts...)
	return openConnector(t, c, err)
}

// openReplica opens an embedded replica of url at path.
func openReplica(t testing.TB, path, url string, opts ...edgelite.Option) (*sql.DB, *edgelite.Connector) {
	t.Helper()
	c, err := edgelite.NewReplicaConnector(path, url, opts...)
	return openConnector(t, c, err)
}

func openConnector(t testing.TB, c *edgelite.Connector, err error) (*sql.DB, *edgelite.Connector) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db, c
}

func mustExec(t testing.TB, db interface {
	Exec(string, ...any) (sql.Result, error)
}, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// script runs a multi-statement script on one pooled connection.
func script(t testing.TB, db *sql.DB, text string) {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error { return dc.(*edgelite.Conn).ExecScript(context.Background(), text) }); err != nil {
		t.Fatalf("script: %v", err)
	}
}

func queryInt(t testing.TB, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, query string, args ...any) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// wantCode checks that err is an *edgelite.Error with the extended code name.
func wantCode(t testing.TB, err error, name string) *edgelite.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("expected %s, got no error", name)
	}
	var e *edgelite.Error
	if !errors.As(err, &e) {
		t.Fatalf("expected an *edgelite.Error %s, got %T: %v", name, err, err)
	}
	if e.Name() != name && e.Code().String() != name {
		t.Fatalf("expected %s, got %s (%v)", name, e.Name(), err)
	}
	return e
}
